/**
 * Index cache: every run Pagefind wrote, kept under a key made of the run's
 * pages (their site paths and a hash of each built page), the fragment files
 * asked of it and the index version (the source of the index code, and the
 * versions of Pagefind and opencc-js); and every bundle merged from runs,
 * under a key made of its runs' keys. A run or merged bundle whose key is in
 * the cache is copied instead of indexed or merged. Runs are of a fixed size
 * counted from the oldest page of each year (planShards), so when newer
 * articles are added only the last runs of their year are indexed again, and
 * only their bundle is merged again; an edited article costs its own run and
 * bundle.
 *
 * Entries live in SEARCH_INDEX_CACHE_DIR (default
 * node_modules/.cache/zh-news-index), one folder per run or bundle: `files/`
 * as written and `answer.json` (a run's worker answer; a merged bundle's, its
 * runs' answers), written last, so an entry without it is never used. After a build, entries it did not use are removed, so the cache holds
 * one site's runs and bundles. Deleting the folder is always safe.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { cp, mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const DEFAULT_INDEX_CACHE_DIR = path.join(ROOT, 'node_modules/.cache/zh-news-index');

/** Sources the index is made by (with src/shared): the bundle writer, its worker, the merge and the Pagefind file reader it uses, the token rules it shares with the search page, the entity decoder. */
const INDEX_SOURCES = ['src/lib/search-index.ts', 'src/lib/search-index-worker.ts', 'src/lib/search-index-merge.ts', 'src/lib/pagefind-meta.ts', 'src/lib/search-text.ts', 'src/lib/excerpt.ts'];
const INDEX_PACKAGES = ['pagefind', 'opencc-js', 'ultrahtml', 'cbor-x'];

let version: string | undefined;
/** Hash of everything a bundle's files depend on besides its pages. */
export function indexVersion(): string {
  if (version) return version;
  const h = createHash('sha256');
  const shared = readdirSync(path.join(ROOT, 'src/shared'))
    .filter((name) => name.endsWith('.ts'))
    .sort()
    .map((name) => `src/shared/${name}`);
  for (const file of [...INDEX_SOURCES, ...shared]) h.update(file).update('\0').update(readFileSync(path.join(ROOT, file))).update('\0');
  for (const name of INDEX_PACKAGES) {
    // Read from node_modules: these packages do not export their package.json.
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string };
    h.update(`${name}@${manifest.version}\0`);
  }
  version = h.digest('hex').slice(0, 16);
  return version;
}

/** Hash of a built page's bytes, for bundleKey. */
export function pageHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64url');
}

/** The cache key of a bundle merged from runs: the runs' keys in order. */
export function mergedBundleKey(runKeys: readonly string[]): string {
  const h = createHash('sha256').update(`merged\0${indexVersion()}\0`);
  for (const key of runKeys) h.update(key).update('\n');
  return h.digest('hex');
}

/** The cache key of a bundle: its pages in order, with the hash of each, and its fragment-file cap. */
export function bundleKey(pages: ReadonlyArray<{ sourcePath: string; hash: string }>, maxFragments: number | undefined): string {
  const h = createHash('sha256').update(indexVersion()).update(`\0${maxFragments ?? ''}\0`);
  for (const page of pages) h.update(page.sourcePath).update('\0').update(page.hash).update('\n');
  return h.digest('hex');
}

export class IndexCache {
  constructor(readonly dir: string) {}

  /**
   * Copy the cached run or bundle into outputDir and return the answer
   * stored with it, or undefined when there is no complete entry or copying
   * failed (outputDir is then removed, to be written afresh).
   */
  async restore<Answer>(key: string, outputDir: string): Promise<Answer | undefined> {
    const entry = path.join(this.dir, key);
    let answer: Answer;
    try {
      answer = JSON.parse(await readFile(path.join(entry, 'answer.json'), 'utf8')) as Answer;
    } catch {
      return undefined;
    }
    try {
      await cp(path.join(entry, 'files'), outputDir, { recursive: true });
      return answer;
    } catch {
      // Leave no part of the entry behind for Pagefind to write beside. (Bundles are restored
      // in order, so the main bundle's folder holds nothing else yet when it is restored.)
      await rm(outputDir, { recursive: true, force: true }).catch(() => undefined);
      return undefined;
    }
  }

  /**
   * Keep the bundle Pagefind wrote into outputDir (its files only: `skip`
   * names folders of other bundles inside it). Written under a temporary name
   * and renamed; a cache that cannot be written only costs time.
   */
  async store<Answer>(key: string, outputDir: string, answer: Answer, skip: (name: string) => boolean = () => false): Promise<void> {
    const entry = path.join(this.dir, key);
    const tmp = `${entry}.tmp-${process.pid}`;
    try {
      await rm(tmp, { recursive: true, force: true });
      await mkdir(path.join(tmp, 'files'), { recursive: true });
      for (const name of await readdir(outputDir)) {
        if (!skip(name)) await cp(path.join(outputDir, name), path.join(tmp, 'files', name), { recursive: true });
      }
      await writeFile(path.join(tmp, 'answer.json'), JSON.stringify(answer));
      await rm(entry, { recursive: true, force: true });
      await rename(tmp, entry);
    } catch {
      await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  /** Remove every entry whose key is not in `keep`. */
  async prune(keep: ReadonlySet<string>): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return;
    }
    for (const name of names) if (!keep.has(name)) await rm(path.join(this.dir, name), { recursive: true, force: true });
  }
}
