/**
 * Full site build: ingest raw text → Astro static build → Pagefind index.
 *
 *   npm run build                 CORPUS_DIR (default content/raw) → dist/
 *   npm run build -- --skip-ingest   rebuild the site from content/articles as it is
 *
 * Each step runs on the same Node binary as this script; any failure stops the
 * build with a non-zero exit code and says which step failed.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as pagefind from 'pagefind';

const ROOT = resolve(import.meta.dirname, '..');
const DIST_DIR = resolve(ROOT, 'dist');
const PAGEFIND_DIR = resolve(DIST_DIR, 'pagefind');
const ARTICLES_DIR = process.env.ARTICLES_DIR ?? 'content/articles';
const CORPUS_DIR = process.env.CORPUS_DIR ?? 'content/raw';
const INGEST_SCRIPT = resolve(ROOT, 'scripts/ingest.ts');

/** scripts/ingest.ts exits 1 when it wrote every article but skipped files or raised warnings. */
const INGEST_EXIT_WITH_WARNINGS = 1;

class BuildStepError extends Error {}

function run(step: string, args: string[], acceptedExitCodes: readonly number[] = [0]): Promise<number> {
  console.log(`\n▶ ${step}: node ${args.join(' ')}`);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      stdio: 'inherit',
      // Builds run offline: no telemetry pings from Astro.
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
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
  const exitCode = await run(
    'ingest',
    ['--import', 'tsx', INGEST_SCRIPT, '--input', CORPUS_DIR, '--output', ARTICLES_DIR],
    [0, INGEST_EXIT_WITH_WARNINGS],
  );
  if (exitCode === INGEST_EXIT_WITH_WARNINGS) {
    console.warn('ingest finished with warnings (see above and the report page); continuing the build');
  }
}

async function astroBuild(): Promise<void> {
  const astroCli = createRequire(import.meta.url).resolve('astro/package.json').replace(/package\.json$/, 'bin/astro.mjs');
  await rm(DIST_DIR, { recursive: true, force: true });
  await run('astro build', [astroCli, 'build']);
}

function failOnErrors(step: string, errors: string[]): void {
  if (errors.length > 0) throw new BuildStepError(`${step} failed:\n  ${errors.join('\n  ')}`);
}

interface IndexFigures {
  htmlFilesScanned: number;
  /** Pages that carry data-pagefind-body, per index language. */
  pagesIndexed: Record<string, number>;
}

/** Pagefind's entry file records how many pages each language index holds. */
async function readIndexedPageCounts(): Promise<Record<string, number>> {
  const entry = JSON.parse(await readFile(resolve(PAGEFIND_DIR, 'pagefind-entry.json'), 'utf8')) as {
    languages: Record<string, { page_count: number }>;
  };
  return Object.fromEntries(Object.entries(entry.languages).map(([language, info]) => [language, info.page_count]));
}

async function buildSearchIndex(): Promise<IndexFigures> {
  console.log('\n▶ pagefind: indexing dist/');
  try {
    const { index, errors } = await pagefind.createIndex({});
    failOnErrors('pagefind createIndex', errors);
    if (!index) throw new BuildStepError('pagefind createIndex returned no index');

    const added = await index.addDirectory({ path: DIST_DIR });
    failOnErrors('pagefind addDirectory', added.errors);
    if (added.page_count === 0) throw new BuildStepError(`pagefind found no HTML files in ${DIST_DIR}`);

    const written = await index.writeFiles({ outputPath: PAGEFIND_DIR });
    failOnErrors('pagefind writeFiles', written.errors);
    const pagesIndexed = await readIndexedPageCounts();
    if (Object.values(pagesIndexed).every((count) => count === 0)) {
      throw new BuildStepError('pagefind found no pages with data-pagefind-body: are there any articles?');
    }
    return { htmlFilesScanned: added.page_count, pagesIndexed };
  } finally {
    await pagefind.close();
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const skipIngest = process.argv.includes('--skip-ingest') || process.env.SKIP_INGEST === '1';

  if (skipIngest) console.log(`Skipping ingest; building from ${ARTICLES_DIR}`);
  else await ingest();
  await astroBuild();
  const figures = await buildSearchIndex();

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const perLanguage = Object.entries(figures.pagesIndexed)
    .map(([language, count]) => `${count} (${language})`)
    .join(', ');
  console.log(`  HTML files scanned: ${figures.htmlFilesScanned}`);
  console.log(`  Pages indexed:      ${perLanguage}`);
  console.log(`\n✔ Build complete in ${seconds}s, output in dist/`);
}

main().catch((error: unknown) => {
  const message = error instanceof BuildStepError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
  console.error(`\n✖ Build failed: ${message}`);
  process.exit(1);
});
