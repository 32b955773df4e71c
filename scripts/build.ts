/**
 * Full site build: ingest raw text → Astro static build → Pagefind index.
 *
 *   npm run build                 CORPUS_DIR (default content/raw) → dist/
 *   npm run build -- --skip-ingest   rebuild the site from content/articles as it is
 *   npm run build -- --strict        (or STRICT=1) fail if ingest skipped any input, for CI
 *   SEARCH_SHARD_PAGES=N npm run build   at most N pages indexed by Pagefind at once (default 2500)
 *   SEARCH_BUNDLE_PAGES=N npm run build  at most N pages per published search bundle (default 20000)
 *   SEARCH_INDEX_JOBS=N, SEARCH_INDEX_MEMORY_MB=M   bundles indexed at once (default: cores) within
 *                                   M MB of estimated indexer memory (default 4000)
 *   SEARCH_FRAGMENT_FILES=N          at most N search fragment files (default: one per article),
 *                                   for hosts that cap a deploy's file count
 *
 * Each step runs on the same Node binary as this script; any failure stops the
 * build with a non-zero exit code and says which step failed.
 *
 * Output is atomic: ingest writes to a staging folder beside ARTICLES_DIR, which
 * replaces ARTICLES_DIR for the Astro step (so Astro's content cache always sees
 * one path) with the previous articles kept aside; Astro and Pagefind write to a
 * staging folder beside DIST_DIR. Only when every step has succeeded is the new
 * site swapped in and the old articles deleted; on any failure the previous
 * articles are put back, so a failed build leaves both ARTICLES_DIR and DIST_DIR intact.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_BUNDLE_PAGES, DEFAULT_SHARD_PAGES, writeShardedIndex } from '../src/lib/search-index.ts';
import { DEFAULT_INDEX_CACHE_DIR } from '../src/lib/search-index-cache.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DIST_DIR = resolve(ROOT, process.env.DIST_DIR ?? 'dist');
const ARTICLES_DIR = process.env.ARTICLES_DIR ?? 'content/articles';
/** Staging folders, swapped in when the whole build has succeeded (`*.tmp-*` is git-ignored). */
const STAGING_DIST = `${DIST_DIR}.tmp-build-${process.pid}`;
const ARTICLES_PATH = resolve(ROOT, ARTICLES_DIR);
const STAGING_ARTICLES = `${ARTICLES_PATH}.tmp-build-${process.pid}`;
/** The previous articles while the new ones are being built into a site. */
const PREVIOUS_ARTICLES = `${ARTICLES_PATH}.tmp-previous-${process.pid}`;
const PAGEFIND_DIR = resolve(STAGING_DIST, 'pagefind');
const STRICT = process.argv.includes('--strict') || process.env.STRICT === '1';
const CORPUS_DIR = process.env.CORPUS_DIR ?? 'content/raw';
const INGEST_SCRIPT = resolve(ROOT, 'scripts/ingest.ts');
/**
 * Most pages Pagefind indexes at once, a run (default DEFAULT_SHARD_PAGES).
 * Pagefind holds every page of a run in memory while writing it (about 0.52
 * MB per article page with the bigram tokens); larger sites get several
 * runs, split by date, merged into published bundles of at most
 * SEARCH_BUNDLE_PAGES (docs/adr/0006-search-index-shards.md).
 */
const SEARCH_SHARD_PAGES = Number(process.env.SEARCH_SHARD_PAGES ?? DEFAULT_SHARD_PAGES);
const SEARCH_BUNDLE_PAGES = Number(process.env.SEARCH_BUNDLE_PAGES ?? DEFAULT_BUNDLE_PAGES);
/** Bundles indexed at once (default: the cores), within SEARCH_INDEX_MEMORY_MB of estimated indexing memory (default 4000). */
const SEARCH_INDEX_JOBS = process.env.SEARCH_INDEX_JOBS === undefined ? undefined : Number(process.env.SEARCH_INDEX_JOBS);
const SEARCH_INDEX_MEMORY_MB = process.env.SEARCH_INDEX_MEMORY_MB === undefined ? undefined : Number(process.env.SEARCH_INDEX_MEMORY_MB);
/** Most search fragment files in dist/pagefind (default: one per article page). */
const SEARCH_FRAGMENT_FILES = process.env.SEARCH_FRAGMENT_FILES === undefined ? undefined : Number(process.env.SEARCH_FRAGMENT_FILES);
/** Index cache: bundles whose pages are unchanged are copied, not indexed (src/lib/search-index-cache.ts). SEARCH_INDEX_CACHE=0 turns it off. */
const SEARCH_INDEX_CACHE_DIR = process.env.SEARCH_INDEX_CACHE === '0' ? null : resolve(ROOT, process.env.SEARCH_INDEX_CACHE_DIR ?? DEFAULT_INDEX_CACHE_DIR);

/** scripts/ingest.ts exits 1 when it wrote every article but skipped files or raised warnings. */
const INGEST_EXIT_WITH_WARNINGS = 1;

class BuildStepError extends Error {}

function run(step: string, args: string[], acceptedExitCodes: readonly number[] = [0], extraEnv: Record<string, string> = {}): Promise<number> {
  console.log(`\n▶ ${step}: node ${args.join(' ')}`);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      stdio: 'inherit',
      // Builds run offline: no telemetry pings from Astro.
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', ...extraEnv },
    });
    child.on('error', (error) => reject(new BuildStepError(`${step} could not start: ${error.message}`)));
    child.on('exit', (code, signal) => {
      if (code !== null && acceptedExitCodes.includes(code)) resolvePromise(code);
      else reject(new BuildStepError(`${step} failed (${signal ? `signal ${signal}` : `exit code ${code}`})`));
    });
  });
}

async function ingest(): Promise<void> {
  if (!existsSync(INGEST_SCRIPT)) {
    throw new BuildStepError(`ingest script not found at ${INGEST_SCRIPT}; use --skip-ingest to build from ${ARTICLES_DIR}`);
  }
  // tsx's loader is registered with --import so the child uses this same Node binary.
  // With --strict, ingest exits 4 on any skipped input and the build stops here.
  const exitCode = await run(
    STRICT ? 'ingest --strict' : 'ingest',
    ['--import', 'tsx', INGEST_SCRIPT, '--input', CORPUS_DIR, '--output', STAGING_ARTICLES, ...(STRICT ? ['--strict'] : [])],
    STRICT ? [0] : [0, INGEST_EXIT_WITH_WARNINGS],
  );
  if (exitCode === INGEST_EXIT_WITH_WARNINGS) {
    console.warn('ingest finished with warnings (see above and the report page); continuing the build');
  }
}

async function astroBuild(): Promise<void> {
  const astroCli = createRequire(import.meta.url).resolve('astro/package.json').replace(/package\.json$/, 'bin/astro.mjs');
  await rm(STAGING_DIST, { recursive: true, force: true });
  await run('astro build', [astroCli, 'build', '--outDir', STAGING_DIST], [0], { ARTICLES_DIR: ARTICLES_PATH });
}

/** Put the freshly ingested articles in place, keeping the previous ones aside until the build succeeds. */
async function stageArticles(): Promise<void> {
  await mkdir(dirname(ARTICLES_PATH), { recursive: true });
  await rename(ARTICLES_PATH, PREVIOUS_ARTICLES).catch(() => undefined);
  await rename(STAGING_ARTICLES, ARTICLES_PATH);
}

/** After a failure: the previous articles go back where they were. */
async function restoreArticles(): Promise<void> {
  if (!existsSync(PREVIOUS_ARTICLES)) return;
  await rm(ARTICLES_PATH, { recursive: true, force: true });
  await rename(PREVIOUS_ARTICLES, ARTICLES_PATH);
}

/** Replace `target` with `staged`; if that fails, put the previous `target` back. */
async function swapIn(staged: string, target: string): Promise<void> {
  const old = `${target}.tmp-old-${process.pid}`;
  await mkdir(dirname(target), { recursive: true });
  const hadOld = await rename(target, old).then(
    () => true,
    () => false,
  );
  try {
    await rename(staged, target);
  } catch (error) {
    if (hadOld) await rename(old, target);
    throw error;
  }
  await rm(old, { recursive: true, force: true });
}

async function rollBack(): Promise<void> {
  await restoreArticles();
  await rm(STAGING_DIST, { recursive: true, force: true });
  await rm(STAGING_ARTICLES, { recursive: true, force: true });
}

function failOnErrors(step: string, errors: string[]): void {
  if (errors.length > 0) throw new BuildStepError(`${step} failed:\n  ${errors.join('\n  ')}`);
}

interface IndexFigures {
  /** Pages that carry data-pagefind-body. */
  pagesIndexed: number;
  shards: number;
  runs: number;
  cachedShards: number;
  cachedBundles: number;
}

/**
 * Exact Chinese search (docs/adr/0004-exact-chinese-search.md): each page's
 * data-pagefind-body text is indexed as one token per position (the folded
 * character there and the next) from an in-memory copy of the page; dist/ itself is not changed.
 */
async function buildSearchIndex(): Promise<IndexFigures> {
  console.log('\n▶ pagefind: indexing dist/ (a token per character pair)');
  if (!Number.isInteger(SEARCH_SHARD_PAGES) || SEARCH_SHARD_PAGES < 1) throw new BuildStepError(`SEARCH_SHARD_PAGES must be a positive whole number, got ${process.env.SEARCH_SHARD_PAGES}`);
  for (const [name, value] of [['SEARCH_BUNDLE_PAGES', SEARCH_BUNDLE_PAGES], ['SEARCH_INDEX_JOBS', SEARCH_INDEX_JOBS], ['SEARCH_INDEX_MEMORY_MB', SEARCH_INDEX_MEMORY_MB], ['SEARCH_FRAGMENT_FILES', SEARCH_FRAGMENT_FILES]] as const) {
    if (value !== undefined && !(Number.isInteger(value) && value > 0)) throw new BuildStepError(`${name} must be a positive whole number, got ${process.env[name]}`);
  }
  const written = await writeShardedIndex(STAGING_DIST, PAGEFIND_DIR, {
    shardPages: SEARCH_SHARD_PAGES,
    bundlePages: SEARCH_BUNDLE_PAGES,
    ...(SEARCH_INDEX_JOBS ? { jobs: SEARCH_INDEX_JOBS } : {}),
    ...(SEARCH_INDEX_MEMORY_MB ? { memoryMb: SEARCH_INDEX_MEMORY_MB } : {}),
    ...(SEARCH_FRAGMENT_FILES ? { fragmentFiles: SEARCH_FRAGMENT_FILES } : {}),
    cacheDir: SEARCH_INDEX_CACHE_DIR,
    log: (line) => console.log(line),
  });
  failOnErrors('pagefind indexing', written.errors);
  if (written.pagesIndexed === 0) throw new BuildStepError(`no page in ${STAGING_DIST} has data-pagefind-body: are there any articles?`);
  return written;
}

async function main(): Promise<void> {
  const started = performance.now();
  const skipIngest = process.argv.includes('--skip-ingest') || process.env.SKIP_INGEST === '1';

  if (skipIngest) console.log(`Skipping ingest; building from ${ARTICLES_DIR}`);
  else {
    await ingest();
    await stageArticles();
  }
  await astroBuild();
  const figures = await buildSearchIndex();
  await swapIn(STAGING_DIST, DIST_DIR);
  await rm(PREVIOUS_ARTICLES, { recursive: true, force: true });

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const merged = figures.cachedBundles > 0 ? `; ${figures.cachedBundles} merged bundle${figures.cachedBundles === 1 ? '' : 's'} too` : '';
  const cached = figures.cachedShards > 0 ? ` (${figures.cachedShards} unchanged, from the index cache${merged})` : '';
  const layout = figures.runs > 1 ? ` in ${figures.shards} bundle${figures.shards === 1 ? '' : 's'} from ${figures.runs} runs` : '';
  console.log(`  Pages indexed:      ${figures.pagesIndexed}${layout}${cached}`);
  console.log(`\n✔ Build complete in ${seconds}s, output in ${DIST_DIR}`);
}

main().catch(async (error: unknown) => {
  const message = error instanceof BuildStepError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
  await rollBack().catch((rollBackError: unknown) => console.error(`  could not restore the previous output: ${String(rollBackError)}`));
  console.error(`\n✖ Build failed: ${message}`);
  console.error(`  previous ${ARTICLES_DIR} and ${DIST_DIR} left unchanged`);
  process.exit(1);
});
