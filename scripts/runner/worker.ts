/** Worker thread: runs the per-file passes for batches of files sent by parallel.ts. */
import { parentPort, workerData } from 'node:worker_threads';
import { IngestCache } from './cache.ts';
import { prepareFile, type FileTask } from './prepare-file.ts';

const { cacheDir } = workerData as { cacheDir: string | null };
const cache = cacheDir ? new IngestCache(cacheDir) : undefined;

parentPort!.on('message', (batch: Array<{ id: number; task: FileTask }>) => {
  parentPort!.postMessage(batch.map(({ id, task }) => ({ id, outcome: prepareFile(task, cache) })));
});
