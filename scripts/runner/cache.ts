/**
 * Ingest cache: the result of the per-file passes (decode … segment, see
 * `prepare` in src/pipeline/index.ts) stored as JSON, keyed by a hash of the
 * file's name, sidecar and bytes plus the pipeline version — a hash of the
 * pipeline's own source (src/pipeline, src/shared) and of the word
 * dictionary it reads. An unchanged raw file is not re-processed; any edit to
 * a pass invalidates every entry. Corpus-wide passes (ids, dedupe across
 * files, describe, render) are always redone, so cached and fresh runs write
 * the same articles.
 *
 * Entries live in INGEST_CACHE_DIR (default node_modules/.cache/zh-news-ingest),
 * one file per raw file in 256 sub-folders. Deleting the folder is always safe.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FileWork, Sidecar } from '../../src/pipeline/index.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const DEFAULT_CACHE_DIR = path.join(ROOT, 'node_modules/.cache/zh-news-ingest');

function sourcesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourcesUnder(p));
    else if (/\.(?:ts|js|mjs|json)$/u.test(e.name)) out.push(p);
  }
  return out.sort();
}

let version: string | undefined;
/** Hash of everything the per-file passes depend on. */
export function pipelineVersion(): string {
  if (version) return version;
  const h = createHash('sha256');
  for (const f of [...sourcesUnder(path.join(ROOT, 'src/pipeline')), ...sourcesUnder(path.join(ROOT, 'src/shared'))]) {
    h.update(path.relative(ROOT, f)).update('\0').update(readFileSync(f)).update('\0');
  }
  try {
    const dict = createRequire(import.meta.url).resolve('@node-rs/jieba/dict.txt');
    const s = statSync(dict);
    h.update(`jieba:${s.size}:${s.mtimeMs}`);
  } catch {
    h.update('jieba:none');
  }
  version = h.digest('hex').slice(0, 16);
  return version;
}

export function cacheKey(name: string, sidecar: Sidecar | undefined, bytes: Uint8Array): string {
  return createHash('sha256').update(pipelineVersion()).update('\0').update(name).update('\0').update(JSON.stringify(sidecar ?? null)).update('\0').update(bytes).digest('hex');
}

export class IngestCache {
  constructor(readonly dir: string) {}

  private file(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key.slice(2)}.json`);
  }

  get(key: string): FileWork | undefined {
    try {
      return JSON.parse(readFileSync(this.file(key), 'utf8')) as FileWork;
    } catch {
      return undefined;
    }
  }

  /** Written to a temporary name and renamed, so a reader never sees half an entry. */
  set(key: string, work: FileWork): void {
    const f = this.file(key);
    try {
      mkdirSync(path.dirname(f), { recursive: true });
      const tmp = `${f}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
      writeFileSync(tmp, JSON.stringify(work));
      renameSync(tmp, f);
    } catch {
      // A cache that cannot be written only costs time.
    }
  }
}
