/**
 * Worker thread that indexes one search bundle with its own Pagefind service
 * (Pagefind's Node API keeps one service per module instance, and a worker
 * has its own), so bundles can be indexed side by side. Driven by
 * writeShardedIndex: prepares and adds the bundle's pages, answers `added`,
 * waits for the go-ahead to write (the write is the memory peak, so the
 * parent schedules it), writes, answers `written`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as pagefind from 'pagefind';
import { addBundlePages, openccFoldTable, prepareSite, writeAddedBundle, type BundleJob, type WorkerAnswer } from './search-index.ts';

const job = workerData as BundleJob;
const port = parentPort!;
const send = (answer: WorkerAnswer): void => port.postMessage(answer);

try {
  const site = await prepareSite(job.siteDir, openccFoldTable(), job.files);
  const added = await addBundlePages(pagefind, site, job.maxFragments);
  const goAhead = new Promise<void>((resolve) => port.once('message', () => resolve()));
  send({ stage: 'added', pages: site.pages.length });
  await goAhead;
  const written = await writeAddedBundle(added, job.outputPath);
  // The service holds every page of the bundle until it exits: free that before saying so.
  await pagefind.close();
  send({ stage: 'written', figures: written, foldTable: [...site.foldTable], includeCharacters: site.includeCharacters });
} catch (error) {
  await pagefind.close();
  send({ stage: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
