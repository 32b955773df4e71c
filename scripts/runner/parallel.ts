/**
 * Runs the per-file passes over a corpus on worker threads (one per core by
 * default), reading each file inside the worker, so the main thread never
 * holds the raw corpus: it receives each file's prepared blocks and drafts
 * (plain data) and then runs the corpus-wide passes (`assemble`). Small
 * corpora run in-process, where starting workers would cost more than it saves.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { IngestCache } from './cache.ts';
import { prepareFile, type FileOutcome, type FileTask } from './prepare-file.ts';

export interface PrepareOptions {
  /** Worker threads; 0 or 1 runs in-process. Default: available cores (INGEST_WORKERS overrides). */
  workers?: number;
  /** Ingest cache folder, or null for no cache. */
  cacheDir: string | null;
}

export interface PrepareFigures {
  workers: number;
  cached: number;
  computed: number;
}

/** Below this many files the work runs in-process. */
const MIN_FILES_FOR_WORKERS = 64;
const BATCH = 8;

export function defaultWorkers(): number {
  const env = Number(process.env.INGEST_WORKERS);
  return Number.isInteger(env) && env >= 0 ? env : os.availableParallelism();
}

export async function prepareAll(tasks: readonly FileTask[], opts: PrepareOptions): Promise<{ outcomes: FileOutcome[]; figures: PrepareFigures }> {
  const wanted = opts.workers ?? defaultWorkers();
  const workers = tasks.length >= MIN_FILES_FOR_WORKERS ? Math.min(wanted, Math.ceil(tasks.length / BATCH)) : 0;
  const outcomes: FileOutcome[] = new Array(tasks.length);
  const figures: PrepareFigures = { workers, cached: 0, computed: 0 };
  const count = (o: FileOutcome): void => {
    if (o.ok) o.cached ? figures.cached++ : figures.computed++;
  };
  if (workers <= 1) {
    const cache = opts.cacheDir ? new IngestCache(opts.cacheDir) : undefined;
    tasks.forEach((t, i) => {
      outcomes[i] = prepareFile(t, cache);
      count(outcomes[i]!);
    });
    figures.workers = 1;
    return { outcomes, figures };
  }
  let next = 0;
  const batch = (): Array<{ id: number; task: FileTask }> => {
    const out: Array<{ id: number; task: FileTask }> = [];
    while (out.length < BATCH && next < tasks.length) out.push({ id: next, task: tasks[next++]! });
    return out;
  };
  await Promise.all(
    Array.from({ length: workers }, () => {
      const w = new Worker(new URL('./worker.ts', import.meta.url), { workerData: { cacheDir: opts.cacheDir } });
      return new Promise<void>((resolve, reject) => {
        const send = (): void => {
          const b = batch();
          if (b.length) w.postMessage(b);
          else void w.terminate().then(() => resolve());
        };
        w.on('message', (done: Array<{ id: number; outcome: FileOutcome }>) => {
          for (const { id, outcome } of done) {
            outcomes[id] = outcome;
            count(outcome);
          }
          send();
        });
        w.on('error', reject);
        w.on('online', send);
      });
    }),
  );
  return { outcomes, figures };
}
