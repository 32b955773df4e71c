/**
 * Search benchmark: exact bigram-token search vs Pagefind's default
 * configuration, on the same built site, in one run.
 *
 *   npm run bench:search [-- --site dist --seed 20240601 --per-kind 25 --out bench-results/search.json]
 *   npm run bench:search -- --synthetic 2000     scale test: 2000 pages of sentences resampled from dist/
 *   npm run bench:search -- --shard-pages 500     the exact index split into bundles of at most 500 pages
 *
 * Both indexes are built from the site's HTML into a temporary folder; a
 * seeded query set is drawn from the pages' searchable text (random
 * substrings of 1–20 characters, two-character queries straddling a jieba word
 * boundary, mixed Latin/digit/Han runs, traditional-character queries,
 * several terms, quoted phrases, exclusions, absent strings). Each query runs
 * in headless Chromium on a fresh Pagefind instance (nothing cached from earlier
 * queries); every byte the page fetches is served
 * through request interception and counted: the fixed library cost (loader,
 * WebAssembly, language metadata, our fold table) and the per-query cost
 * (index chunks, filter chunks, and the fragments of the first page of ten
 * results). Recall and precision are against substring truth (search-sample.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import * as OpenCC from 'opencc-js/cn2t';
import * as pagefind from 'pagefind';
import { chromium, type Page } from 'playwright-core';
import { DEFAULT_SHARD_PAGES, extractSearchable, openccFoldTable, prepareSite, writeShardedIndex } from '../src/lib/search-index.ts';
import { pageKeys, sampleQueries, seededRandom, truthFor, type QueryKind, type SamplePage } from '../src/lib/search-sample.ts';

const ROOT = resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    site: { type: 'string', default: 'dist' },
    seed: { type: 'string', default: '20240601' },
    'per-kind': { type: 'string', default: '25' },
    out: { type: 'string', default: 'bench-results/search.json' },
    synthetic: { type: 'string' },
    'shard-pages': { type: 'string' },
  },
});
let SITE = resolve(ROOT, args.site);
const RESULT_PAGE_SIZE = 10;
const ORIGIN = 'http://bench.local';
type Engine = 'default' | 'exact';

function ensureSite(): void {
  if (existsSync(join(SITE, 'index.html'))) return;
  if (args.site !== 'dist') throw new Error(`no built site at ${SITE}`);
  console.log('dist/ is missing: running npm run build');
  const built = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('npm run build failed');
}

/**
 * A larger site for the scale test: pages whose headline and body are
 * sentences drawn at random from the real pages, so character frequencies
 * (and so posting-list lengths) are those of the real corpus.
 */
async function writeSyntheticSite(pageCount: number, dir: string): Promise<void> {
  const sentences: string[] = [];
  for (const page of (await prepareSite(SITE)).pages) {
    const text = extractSearchable(await readFile(join(SITE, page.sourcePath), 'utf8'))?.text ?? '';
    sentences.push(...text.split(/(?<=[。！？])/u).filter((sentence) => sentence.length >= 4));
  }
  const random = seededRandom(Number(args.seed));
  const pick = () => sentences[Math.floor(random() * sentences.length)]!;
  const escape = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;');
  for (let i = 0; i < pageCount; i++) {
    const body = Array.from({ length: 10 + Math.floor(random() * 50) }, pick).join('');
    const html = `<!doctype html><html lang="zh-CN"><head><title>${i}</title></head><body><h1 data-pagefind-body data-pagefind-meta="title">${escape(pick().slice(0, 24))}</h1><div data-pagefind-body><p>${escape(body)}</p></div></body></html>`;
    await mkdir(join(dir, 'articles', String(i)), { recursive: true });
    await writeFile(join(dir, 'articles', String(i), 'index.html'), html);
  }
}

async function buildIndexes(work: string): Promise<SamplePage[]> {
  const site = await prepareSite(SITE);
  try {
    const defaultIndex = await pagefind.createIndex({});
    if (!defaultIndex.index) throw new Error(defaultIndex.errors.join('; '));
    const added = await defaultIndex.index.addDirectory({ path: SITE });
    if (added.errors.length > 0) throw new Error(added.errors.join('; '));
    await defaultIndex.index.writeFiles({ outputPath: join(work, 'default/pagefind') });
    const exact = await writeShardedIndex(SITE, join(work, 'exact/pagefind'), {
      shardPages: Number(args['shard-pages'] ?? DEFAULT_SHARD_PAGES),
      ...(args['shard-pages'] ? { bundlePages: Number(args['shard-pages']) } : {}),
    });
    if (exact.errors.length > 0) throw new Error(exact.errors.join('; '));
  } finally {
    await pagefind.close();
  }
  const pages: SamplePage[] = [];
  for (const page of site.pages) {
    const searchable = extractSearchable(await readFile(join(SITE, page.sourcePath), 'utf8'));
    if (searchable) pages.push({ url: `/${page.sourcePath.replace(/index\.html$/u, '')}`, text: searchable.text });
  }
  return pages;
}

/** The in-page driver: Pagefind's loader plus, for the exact engine, the search page's own engine module. */
async function bundleDriver(): Promise<string> {
  const esbuild = await import('esbuild');
  const built = await esbuild.build({
    stdin: {
      resolveDir: ROOT,
      sourcefile: 'bench-driver.ts',
      loader: 'ts',
      contents: `
        import { bundleOpener, exactSearch, loadSearchMeta } from './src/scripts/search/engine.ts';
        let pf, meta, engine, open, last = [];
        const w = window as any;
        w.bench = {
          async init(name, freshKey) {
            engine = name;
            // A fresh module instance per query: nothing cached from earlier queries.
            if (name === 'exact') {
              // The exact engine opens one instance per index bundle, when a search needs it.
              const library = await import('/exact/pagefind/pagefind.js?fresh=' + freshKey);
              open = bundleOpener(library, (base) => '/exact/pagefind/' + base, { baseUrl: '/' });
              meta = await loadSearchMeta('/exact/pagefind/search-meta.json');
              await open('');
            } else {
              pf = await import('/' + name + '/pagefind/pagefind.js?fresh=' + freshKey);
              await pf.options({ baseUrl: '/' });
              await pf.init();
            }
          },
          async query(q) {
            const t0 = performance.now();
            last = engine === 'exact'
              ? (await exactSearch(open, meta, { query: q, facets: {}, sort: 'relevance' })).results
              : (await pf.search(q)).results;
            await Promise.all(last.slice(0, ${RESULT_PAGE_SIZE}).map((r) => r.data()));
            return { count: last.length, ms: performance.now() - t0 };
          },
          async urls() {
            return Promise.all(last.map(async (r) => (await r.data()).url));
          },
        };
      `,
    },
    bundle: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    external: ['/default/*', '/exact/*'],
  });
  return built.outputFiles[0]!.text;
}

interface ByteCounter {
  total: number;
  byType: Record<string, number>;
}

function fileType(path: string): string {
  if (path.includes('/fragment/')) return 'fragments';
  if (path.includes('/index/')) return 'index chunks';
  if (path.includes('/filter/')) return 'filter chunks';
  return 'library';
}

async function openBenchPage(work: string, driver: string, counter: ByteCounter): Promise<Page> {
  const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.route(`${ORIGIN}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname; // ?fresh= only defeats the module cache
    const headers = { 'cache-control': 'no-store' };
    if (path === '/') {
      return route.fulfill({ headers, contentType: 'text/html', body: '<!doctype html><html lang="zh-CN"><head><script type="module" src="/driver.js"></script></head><body></body></html>' });
    }
    if (path === '/driver.js') return route.fulfill({ headers, contentType: 'text/javascript', body: driver });
    const file = join(work, path);
    if (!file.startsWith(work) || !existsSync(file)) return route.fulfill({ status: 404, body: '' });
    const body = await readFile(file);
    counter.total += body.length;
    const type = fileType(path);
    counter.byType[type] = (counter.byType[type] ?? 0) + body.length;
    const contentType = path.endsWith('.js') ? 'text/javascript' : path.endsWith('.json') ? 'application/json' : path.includes('wasm') ? 'application/wasm' : 'application/octet-stream';
    return route.fulfill({ headers, contentType, body });
  });
  return page;
}

interface QueryFigures {
  kind: QueryKind;
  query: string;
  truth: number;
  returned: number;
  truePositives: number;
  recall: number;
  precision: number;
  fixedBytes: number;
  queryBytes: number;
  queryBytesByType: Record<string, number>;
  ms: number;
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 1 : numerator / denominator;
}

async function runEngine(engine: Engine, work: string, driver: string, queries: { kind: QueryKind; query: string; truth: Set<string> }[]): Promise<QueryFigures[]> {
  const counter: ByteCounter = { total: 0, byType: {} };
  const page = await openBenchPage(work, driver, counter);
  const figures: QueryFigures[] = [];
  try {
    for (const { kind, query, truth } of queries) {
      // Each fresh Pagefind instance holds its own WebAssembly memory: start a new document now and then.
      if (figures.length % 20 === 0) {
        await page.goto(`${ORIGIN}/`);
        await page.waitForFunction('window.bench !== undefined');
      }
      counter.total = 0;
      counter.byType = {};
      await page.evaluate(`bench.init(${JSON.stringify(engine)}, ${figures.length})`);
      const { count, ms } = (await page.evaluate(`bench.query(${JSON.stringify(query)})`)) as { count: number; ms: number };
      const { library: fixedBytes = 0, ...queryBytesByType } = counter.byType;
      const queryBytes = counter.total - fixedBytes;
      const urls = new Set((await page.evaluate('bench.urls()')) as string[]);
      const truePositives = [...urls].filter((url) => truth.has(url)).length;
      figures.push({
        kind,
        query,
        truth: truth.size,
        returned: count,
        truePositives,
        recall: ratio(truePositives, truth.size),
        precision: ratio(truePositives, urls.size),
        fixedBytes,
        queryBytes,
        queryBytesByType,
        ms,
      });
    }
  } finally {
    await page.context().browser()?.close();
  }
  return figures;
}

interface Summary {
  queries: number;
  recall: number;
  precision: number;
  microRecall: number;
  microPrecision: number;
  exactQueries: number;
  fixedBytes: number;
  meanQueryBytes: number;
  medianQueryBytes: number;
  p95QueryBytes: number;
  meanQueryBytesByType: Record<string, number>;
  medianMs: number;
  p95Ms: number;
}

function quantile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function summarise(figures: QueryFigures[]): Summary {
  const sum = (pick: (figure: QueryFigures) => number) => figures.reduce((total, figure) => total + pick(figure), 0);
  const types = new Set(figures.flatMap((figure) => Object.keys(figure.queryBytesByType)));
  return {
    queries: figures.length,
    recall: sum((f) => f.recall) / figures.length,
    precision: sum((f) => f.precision) / figures.length,
    microRecall: ratio(sum((f) => f.truePositives), sum((f) => f.truth)),
    microPrecision: ratio(sum((f) => f.truePositives), sum((f) => f.returned)),
    exactQueries: figures.filter((f) => f.recall === 1 && f.precision === 1).length,
    fixedBytes: quantile(figures.map((f) => f.fixedBytes), 0.5),
    meanQueryBytes: sum((f) => f.queryBytes) / figures.length,
    medianQueryBytes: quantile(figures.map((f) => f.queryBytes), 0.5),
    p95QueryBytes: quantile(figures.map((f) => f.queryBytes), 0.95),
    meanQueryBytesByType: Object.fromEntries([...types].map((type) => [type, sum((f) => f.queryBytesByType[type] ?? 0) / figures.length])),
    medianMs: quantile(figures.map((f) => f.ms), 0.5),
    p95Ms: quantile(figures.map((f) => f.ms), 0.95),
  };
}

function printTable(rows: [string, Summary][]): void {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const header = ['engine', 'queries', 'recall', 'precision', 'exact', 'library', 'per query (mean)', 'median', 'p95', 'time p50', 'p95'];
  const lines = rows.map(([name, s]) => [
    name,
    String(s.queries),
    s.recall.toFixed(3),
    s.precision.toFixed(3),
    `${s.exactQueries}/${s.queries}`,
    kb(s.fixedBytes),
    kb(s.meanQueryBytes),
    kb(s.medianQueryBytes),
    kb(s.p95QueryBytes),
    `${s.medianMs.toFixed(1)} ms`,
    `${s.p95Ms.toFixed(1)} ms`,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const format = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
  console.log(format(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const line of lines) console.log(format(line));
}

async function main(): Promise<void> {
  ensureSite();
  const work = await mkdtemp(join(tmpdir(), 'bench-search-'));
  try {
    if (args.synthetic) {
      const syntheticSite = join(work, 'site');
      await writeSyntheticSite(Number(args.synthetic), syntheticSite);
      SITE = syntheticSite;
    }
    console.log(`Indexing ${SITE} twice (default, exact) into ${work}`);
    const pages = await buildIndexes(work);
    const table = openccFoldTable();
    const jieba = Jieba.withDict(dict);
    const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });
    const sampled = sampleQueries(pages, {
      seed: Number(args.seed),
      perKind: Number(args['per-kind']),
      segment: (text) => jieba.cut(text, false),
      toTraditional,
    });
    const keys = pageKeys(pages, table);
    const queries = sampled.map(({ kind, query }) => ({ kind, query, truth: new Set(truthFor(query, keys, table).map((index) => pages[index]!.url)) }));
    console.log(`${pages.length} pages, ${queries.length} queries (seed ${args.seed})\n`);

    const driver = await bundleDriver();
    const results: Record<Engine, QueryFigures[]> = {
      default: await runEngine('default', work, driver, queries),
      exact: await runEngine('exact', work, driver, queries),
    };
    const summaries = Object.fromEntries(Object.entries(results).map(([engine, figures]) => [engine, summarise(figures)])) as Record<Engine, Summary>;
    const rows: [string, Summary][] = [
      ['pagefind default', summaries.default],
      ['exact (bigram tokens)', summaries.exact],
    ];
    printTable(rows);
    const kinds = [...new Set(queries.map((query) => query.kind))];
    console.log('\nBy query kind (recall / precision, default → exact):');
    for (const kind of kinds) {
      const d = summarise(results.default.filter((f) => f.kind === kind));
      const e = summarise(results.exact.filter((f) => f.kind === kind));
      console.log(`  ${kind.padEnd(13)} ${String(d.queries).padStart(3)}  ${d.recall.toFixed(2)} / ${d.precision.toFixed(2)}  →  ${e.recall.toFixed(2)} / ${e.precision.toFixed(2)}`);
    }
    console.log('\nMean bytes per query by file type:');
    for (const [name, summary] of rows) {
      console.log(`  ${name.padEnd(20)} ${Object.entries(summary.meanQueryBytesByType).map(([type, bytes]) => `${type} ${(bytes / 1024).toFixed(1)} KB`).join(', ')}`);
    }
    const misses = results.exact.filter((f) => f.recall < 1 || f.precision < 1);
    if (misses.length > 0) console.log(`\nExact engine misses:\n${misses.map((f) => `  ${f.kind} ${JSON.stringify(f.query)} truth ${f.truth} returned ${f.returned}`).join('\n')}`);

    const out = resolve(ROOT, args.out);
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, `${JSON.stringify({ site: args.synthetic ? `synthetic ${args.synthetic} pages from ${args.site}` : args.site, seed: Number(args.seed), pages: pages.length, summaries, queries: results }, null, 2)}\n`);
    console.log(`\nWrote ${out}`);
    if (misses.length > 0) process.exitCode = 1;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();
