/** One raw file through the per-file passes, from the ingest cache when it can be. */
import { readFileSync } from 'node:fs';
import { countHan } from '../../src/shared/han.ts';
import { decode } from '../../src/pipeline/decode.ts';
import { prepare, type FileWork, type Sidecar } from '../../src/pipeline/index.ts';
import { cacheKey, IngestCache } from './cache.ts';

export interface FileTask {
  /** Path relative to the corpus folder (the file's name in the pipeline). */
  name: string;
  /** Absolute path to read. */
  path: string;
  sidecar?: Sidecar;
}

export type FileOutcome =
  | { ok: true; work: FileWork; cached: boolean; bytes: number }
  | { ok: false; stage: 'read' | 'pipeline'; message: string; bytes?: number; han?: number };

function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

export function prepareFile(task: FileTask, cache: IngestCache | undefined): FileOutcome {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(task.path);
  } catch (err) {
    return { ok: false, stage: 'read', message: errorText(err) };
  }
  const key = cache ? cacheKey(task.name, task.sidecar, bytes) : '';
  const hit = cache?.get(key);
  if (hit) return { ok: true, work: hit, cached: true, bytes: bytes.length };
  try {
    const work = prepare({ name: task.name, bytes, ...(task.sidecar ? { sidecar: task.sidecar } : {}) });
    cache?.set(key, work);
    return { ok: true, work, cached: false, bytes: bytes.length };
  } catch (err) {
    let han: number | undefined;
    try {
      han = countHan(decode(bytes).text);
    } catch {
      han = undefined;
    }
    return { ok: false, stage: 'pipeline', message: errorText(err), bytes: bytes.length, ...(han !== undefined ? { han } : {}) };
  }
}
