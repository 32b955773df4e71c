/**
 * `npm run bench [-- --sizes 1000,10000,100000] [--dir DIR] [--keep] [--json FILE] [--no-site] [--no-baseline] [--search-bench]`
 *
 * Scale benchmark (issue #6): for each size, generates a garbled newspaper
 * corpus of that many printed articles (scripts/bench/corpus.ts, from real
 * Chinese text fetched once from the chinese-poetry npm package), then times
 * separately, each as its own process:
 *
 *   ingest   scripts/ingest.ts raw → Markdown articles
 *   astro    the site build (scripts/build.ts --skip-ingest, first step)
 *   index    the Pagefind index (scripts/build.ts, second step), then again over the
 *            same pages (scripts/reindex.ts): every run and merged bundle from the index cache
 *   search   bytes and latency per query with the site's own Pagefind client
 *   baseline Pagefind's default index of the same site (its CLI, no options) and its
 *            bytes per query: the search issue's bound (skip: --no-baseline)
 *
 * and prints articles/s, MB/s of raw text, peak memory (RSS of the whole
 * process tree), output file count and size, index size and per-query bytes.
 * Results go to bench-results.json (git-ignored). Corpora are kept in DIR
 * (default $TMPDIR/zh-news-bench) and reused; built sites are deleted after
 * measuring unless --keep.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { GENERATOR_VERSION, generateCorpus, type CorpusFigures } from './bench/corpus.ts';
import { measure, type RunResult } from './bench/measure.ts';
import type { SearchFigures } from './bench/search.ts';
import { loadPool, type SourcePool } from './bench/source.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000,100000' },
    dir: { type: 'string', default: process.env.BENCH_DIR ?? path.join(os.tmpdir(), 'zh-news-bench') },
    keep: { type: 'boolean', default: false },
    json: { type: 'string', default: 'bench-results.json' },
    'no-site': { type: 'boolean', default: false },
    'no-baseline': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    'search-bench': { type: 'boolean', default: false },
  },
});
const sizes = values.sizes!.split(',').map((s) => Number(s.replace(/k$/iu, '000')));
if (sizes.some((n) => !Number.isInteger(n) || n <= 0)) {
  console.error(`bench: --sizes takes a comma-separated list of article counts, got ${values.sizes}`);
  process.exit(2);
}
const BENCH_DIR = path.resolve(values.dir!);

interface StepFigures {
  seconds: number;
  /** User + system CPU seconds of the step's process tree: comparable between runs on a busy machine. */
  cpuSeconds: number;
  peakRssMb: number;
}

interface SizeResult {
  size: number;
  corpus: CorpusFigures;
  articlesOut: number;
  ingest: StepFigures & { articlesPerSecond: number; mbPerSecond: number; exitCode: number };
  ingestCached?: StepFigures;
  astro?: StepFigures;
  index?: StepFigures;
  /** The index built again over the same pages: every run and merged bundle from the index cache. */
  indexCached?: StepFigures;
  endToEndSeconds?: number;
  endToEndCpuSeconds?: number;
  /** Output of `npm run bench:search` on this site (--search-bench). */
  searchBench?: unknown;
  dist?: { files: number; mb: number; htmlFiles: number; pagefindFiles: number; pagefindMb: number };
  search?: SearchStats;
  /** The same queries limited to the latest year of the corpus (a dated search asks only that year's bundles). */
  searchYear?: SearchStats & { year: string };
  /** The same queries with that year chosen in the year facet (the search page's 年份 filter). */
  searchYearFacet?: SearchStats & { year: string };
  /** Pagefind's default index of the same site: how long it takes to build, and the same queries on it. */
  baseline?: { index: StepFigures; search?: SearchStats; error?: string };
  error?: string;
}

interface SearchStats {
  medianBytes: number;
  maxBytes: number;
  medianWireBytes: number;
  medianMs: number;
  /** The next query on the same client (bench/search.ts): median bytes and time. */
  medianNextBytes: number;
  medianNextMs: number;
  figures: SearchFigures;
}

function searchStats(f: SearchFigures): SearchStats {
  return {
    medianBytes: median(f.queries.map((q) => q.bytes)),
    maxBytes: Math.max(...f.queries.map((q) => q.bytes)),
    medianWireBytes: median(f.queries.map((q) => q.wireBytes)),
    medianMs: median(f.queries.map((q) => q.ms)),
    medianNextBytes: median(f.queries.map((q) => q.next.bytes)),
    medianNextMs: median(f.queries.map((q) => q.next.ms)),
    figures: f,
  };
}

/** The latest year any index bundle reaches, from the site's search metadata. */
async function latestYear(dist: string): Promise<string | undefined> {
  const meta = JSON.parse(await readFile(path.join(dist, 'pagefind/search-meta.json'), 'utf8')) as { shards: Array<{ to?: string }> };
  return meta.shards.map((shard) => shard.to?.slice(0, 4)).filter((year): year is string => year !== undefined).sort().at(-1);
}

async function du(dir: string): Promise<{ files: number; bytes: number; html: number }> {
  let files = 0;
  let bytes = 0;
  let html = 0;
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) {
        files++;
        if (e.name.endsWith('.html')) html++;
        bytes += (await stat(p)).size;
      }
    }
  };
  await walk(dir);
  return { files, bytes, html };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2 : 0;
};

function fail(step: string, r: RunResult): string {
  return `${step} exited ${r.code}: ${r.output.trim().split('\n').slice(-15).join('\n')}`;
}

let poolPromise: Promise<SourcePool> | undefined;

async function corpusFor(size: number): Promise<{ raw: string; figures: CorpusFigures }> {
  const raw = path.join(BENCH_DIR, String(size), 'raw');
  const marker = path.join(BENCH_DIR, String(size), `corpus-v${GENERATOR_VERSION}.json`);
  if (existsSync(marker)) return { raw, figures: JSON.parse(await readFile(marker, 'utf8')) as CorpusFigures };
  poolPromise ??= loadPool(BENCH_DIR);
  const pool = await poolPromise;
  await rm(raw, { recursive: true, force: true });
  const t = performance.now();
  const figures = await generateCorpus(pool, size, raw);
  console.log(`bench: generated ${size} articles in ${figures.files} files (${(figures.bytes / 1e6).toFixed(1)} MB) in ${((performance.now() - t) / 1000).toFixed(1)} s → ${raw}`);
  await writeFile(marker, JSON.stringify(figures));
  return { raw, figures };
}

/**
 * Astro keeps build intermediates in <root>/.astro (e.g. .astro/.prerender), so
 * two builds in one checkout break each other. The bench ingests and builds
 * from a copy of the source (node_modules linked), which also pins the code
 * measured for the whole run — and so the ingest cache's pipeline version,
 * which edits elsewhere in the checkout would otherwise change between the
 * cold and the cached ingest.
 */
async function siteSnapshot(): Promise<string> {
  const dir = path.join(BENCH_DIR, 'site');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  for (const f of ['src', 'public', 'scripts', 'astro.config.mjs', 'tsconfig.json', 'package.json']) {
    if (existsSync(path.join(ROOT, f))) await cp(path.join(ROOT, f), path.join(dir, f), { recursive: true });
  }
  await symlink(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}
let sitePromise: Promise<string> | undefined;

const node = process.execPath;
const tsx = ['--import', 'tsx'];

/** scripts/bench/search.ts on a built site (its arguments: the site, then options), as its own process. */
async function probeSearch(args: string[]): Promise<SearchStats | { error: string }> {
  const s = await measure(node, [...tsx, 'scripts/bench/search.ts', ...args], { cwd: ROOT });
  if (s.code !== 0) return { error: fail('search', s) };
  return searchStats(JSON.parse(s.output.trim().split('\n').at(-1)!) as SearchFigures);
}

async function benchSize(size: number): Promise<SizeResult> {
  const { raw, figures } = await corpusFor(size);
  const work = path.join(BENCH_DIR, String(size));
  const articles = path.join(work, 'articles');
  const dist = path.join(work, 'dist');
  // CORPUS_DIR: the original-text pages read the raw files, as in a real build.
  const env = {
    CORPUS_DIR: raw,
    ARTICLES_DIR: articles,
    DIST_DIR: dist,
    ASTRO_CACHE_DIR: path.join(work, 'astro-cache'),
    INGEST_CACHE_DIR: path.join(work, 'ingest-cache'),
    SEARCH_INDEX_CACHE_DIR: path.join(work, 'index-cache'),
    ASTRO_TELEMETRY_DISABLED: '1',
  };
  await rm(env.INGEST_CACHE_DIR, { recursive: true, force: true });
  await rm(env.SEARCH_INDEX_CACHE_DIR, { recursive: true, force: true });

  sitePromise ??= siteSnapshot();
  const site = await sitePromise;
  console.log(`bench: ${size} — ingest`);
  const ing = await measure(node, [...tsx, 'scripts/ingest.ts', '--input', raw, '--output', articles], { cwd: site, env, echo: values.verbose });
  if (ing.code !== 0 && ing.code !== 1) throw new Error(fail('ingest', ing));
  const report = JSON.parse(await readFile(path.join(articles, 'report.json'), 'utf8')) as { totals: { articles: number } };
  const result: SizeResult = {
    size,
    corpus: figures,
    articlesOut: report.totals.articles,
    ingest: { seconds: ing.ms / 1000, cpuSeconds: ing.cpuMs / 1000, peakRssMb: ing.peakRssMb, articlesPerSecond: size / (ing.ms / 1000), mbPerSecond: figures.bytes / 1e6 / (ing.ms / 1000), exitCode: ing.code },
  };
  // Second run over unchanged files: what the ingest cache saves (when there is one).
  const again = await measure(node, [...tsx, 'scripts/ingest.ts', '--input', raw, '--output', articles], { cwd: site, env, echo: values.verbose });
  if (again.code === 0 || again.code === 1) result.ingestCached = { seconds: again.ms / 1000, cpuSeconds: again.cpuMs / 1000, peakRssMb: again.peakRssMb };
  if (values['no-site']) return result;

  console.log(`bench: ${size} — astro build + pagefind`);
  await rm(dist, { recursive: true, force: true });
  const build = await measure(node, [...tsx, 'scripts/build.ts', '--skip-ingest'], { cwd: site, env, echo: values.verbose, markers: { astro: /▶ astro build/u, index: /▶ pagefind/u } });
  if (build.code !== 0) {
    result.error = fail('build', build);
    return result;
  }
  const phase = (name: string): StepFigures => {
    const p = build.phases.find((x) => x.name === name);
    return { seconds: (p?.ms ?? 0) / 1000, cpuSeconds: (p?.cpuMs ?? 0) / 1000, peakRssMb: p?.peakRssMb ?? 0 };
  };
  result.astro = phase('astro');
  result.index = phase('index');
  result.endToEndSeconds = result.ingest.seconds + result.astro.seconds + result.index.seconds;
  result.endToEndCpuSeconds = result.ingest.cpuSeconds + result.astro.cpuSeconds + result.index.cpuSeconds;
  console.log(`bench: ${size} — index again over the same pages`);
  // Indexing again over unchanged pages: what the index cache saves (a new day's articles re-index only the last run and merge only its bundle).
  const reindexed = await measure(node, [...tsx, 'scripts/reindex.ts', '--site', dist, '--cache-dir', env.SEARCH_INDEX_CACHE_DIR], { cwd: site, env, echo: values.verbose });
  if (reindexed.code === 0) result.indexCached = { seconds: reindexed.ms / 1000, cpuSeconds: reindexed.cpuMs / 1000, peakRssMb: reindexed.peakRssMb };
  else result.error = fail('reindex', reindexed);
  const all = await du(dist);
  const pf = await du(path.join(dist, 'pagefind'));
  result.dist = { files: all.files, mb: all.bytes / 1e6, htmlFiles: all.html, pagefindFiles: pf.files, pagefindMb: pf.bytes / 1e6 };

  console.log(`bench: ${size} — search`);
  const searchRun = async (range: string[]): Promise<SearchStats | undefined> => {
    const probed = await probeSearch([dist, ...range]);
    if (!('error' in probed)) return probed;
    result.error = probed.error;
    return undefined;
  };
  const whole = await searchRun([]);
  if (whole) result.search = whole;
  const year = await latestYear(dist);
  if (year) {
    const stats = await searchRun(['--from', `${year}-01-01`, '--to', `${year}-12-31`]);
    if (stats) result.searchYear = { ...stats, year };
    const byFacet = await searchRun(['--year', year]);
    if (byFacet) result.searchYearFacet = { ...byFacet, year };
  }
  if (!values['no-baseline']) {
    console.log(`bench: ${size} — Pagefind default index of the same site`);
    const baselineDir = path.join(work, 'default-index');
    await rm(baselineDir, { recursive: true, force: true });
    const cli = path.join(ROOT, 'node_modules/.bin/pagefind');
    const b = await measure(node, [cli, '--site', dist, '--output-path', path.join(baselineDir, 'pagefind')], { cwd: ROOT, echo: values.verbose });
    // A baseline that fails (say, out of memory) is reported beside the figures, not instead of them.
    result.baseline = { index: { seconds: b.ms / 1000, cpuSeconds: b.cpuMs / 1000, peakRssMb: b.peakRssMb } };
    if (b.code === 0) {
      const probed = await probeSearch([baselineDir, '--engine', 'default']);
      if ('error' in probed) result.baseline.error = probed.error;
      else result.baseline.search = probed;
    } else result.baseline.error = fail('default index', b);
    await rm(baselineDir, { recursive: true, force: true });
  }
  if (values['search-bench']) {
    // The search engineer's benchmark (Chromium, exact vs default engine) on this site, a few queries per kind.
    const out = path.join(work, 'bench-search.json');
    const sb = await measure(node, [...tsx, 'scripts/bench-search.ts', '--site', dist, '--per-kind', '3', '--out', out], { cwd: ROOT, echo: values.verbose });
    if (sb.code === 0) result.searchBench = JSON.parse(await readFile(out, 'utf8'));
    else result.error = fail('bench:search', sb);
  }
  if (!values.keep) await rm(dist, { recursive: true, force: true });
  return result;
}

function table(results: readonly SizeResult[]): string {
  const rows: Array<[string, (r: SizeResult) => string]> = [
    ['articles printed → written', (r) => `${r.size} → ${r.articlesOut}`],
    ['raw files / MB', (r) => `${r.corpus.files} / ${(r.corpus.bytes / 1e6).toFixed(1)}`],
    ['ingest s (CPU s)', (r) => `${r.ingest.seconds.toFixed(1)} (${r.ingest.cpuSeconds.toFixed(1)})`],
    ['ingest articles/s', (r) => r.ingest.articlesPerSecond.toFixed(0)],
    ['ingest MB/s raw', (r) => r.ingest.mbPerSecond.toFixed(2)],
    ['ingest MB per CPU s', (r) => (r.corpus.bytes / 1e6 / r.ingest.cpuSeconds).toFixed(2)],
    ['ingest peak MB', (r) => r.ingest.peakRssMb.toFixed(0)],
    ['ingest again, cached s (CPU s)', (r) => (r.ingestCached ? `${r.ingestCached.seconds.toFixed(1)} (${r.ingestCached.cpuSeconds.toFixed(1)})` : '–')],
    ['astro build s (CPU s)', (r) => (r.astro ? `${r.astro.seconds.toFixed(1)} (${r.astro.cpuSeconds.toFixed(1)})` : '–')],
    ['astro peak MB', (r) => r.astro?.peakRssMb.toFixed(0) ?? '–'],
    ['pagefind index s (CPU s)', (r) => (r.index ? `${r.index.seconds.toFixed(1)} (${r.index.cpuSeconds.toFixed(1)})` : '–')],
    ['pagefind peak MB', (r) => r.index?.peakRssMb.toFixed(0) ?? '–'],
    ['index again, cached s (CPU s)', (r) => (r.indexCached ? `${r.indexCached.seconds.toFixed(1)} (${r.indexCached.cpuSeconds.toFixed(1)})` : '–')],
    ['end to end s (CPU s)', (r) => (r.endToEndSeconds ? `${r.endToEndSeconds.toFixed(1)} (${r.endToEndCpuSeconds!.toFixed(1)})` : '–')],
    ['end to end ms/article', (r) => (r.endToEndSeconds ? ((r.endToEndSeconds * 1000) / r.size).toFixed(2) : '–')],
    ['dist files (html)', (r) => (r.dist ? `${r.dist.files} (${r.dist.htmlFiles})` : '–')],
    ['dist MB', (r) => r.dist?.mb.toFixed(1) ?? '–'],
    ['index files / MB', (r) => (r.dist ? `${r.dist.pagefindFiles} / ${r.dist.pagefindMb.toFixed(1)}` : '–')],
    ['search kB/query median (max)', (r) => (r.search ? `${(r.search.medianBytes / 1e3).toFixed(0)} (${(r.search.maxBytes / 1e3).toFixed(0)})` : '–')],
    ['  gzip on the wire, median', (r) => (r.search ? (r.search.medianWireBytes / 1e3).toFixed(0) : '–')],
    ['  latest year only, median', (r) => (r.searchYear ? `${(r.searchYear.medianBytes / 1e3).toFixed(0)} (${r.searchYear.year})` : '–')],
    ['  the same by the year facet, median', (r) => (r.searchYearFacet ? `${(r.searchYearFacet.medianBytes / 1e3).toFixed(0)} (${r.searchYearFacet.year})` : '–')],
    ['search ms/query median', (r) => r.search?.medianMs.toFixed(0) ?? '–'],
    ['  next query in the same visit, kB / ms', (r) => (r.search ? `${(r.search.medianNextBytes / 1e3).toFixed(0)} / ${r.search.medianNextMs.toFixed(0)}` : '–')],
    ['Pagefind default index s (peak MB)', (r) => (r.baseline ? `${r.baseline.index.seconds.toFixed(1)} (${r.baseline.index.peakRssMb.toFixed(0)})` : '–')],
    ['  its search kB/query median (max)', (r) => (r.baseline?.search ? `${(r.baseline.search.medianBytes / 1e3).toFixed(0)} (${(r.baseline.search.maxBytes / 1e3).toFixed(0)})` : '–')],
    ['  gzip on the wire, median', (r) => (r.baseline?.search ? (r.baseline.search.medianWireBytes / 1e3).toFixed(0) : '–')],
    ['  next query in the same visit, kB / ms', (r) => (r.baseline?.search ? `${(r.baseline.search.medianNextBytes / 1e3).toFixed(0)} / ${r.baseline.search.medianNextMs.toFixed(0)}` : '–')],
  ];
  const head = ['', ...results.map((r) => String(r.size))];
  const body = rows.map(([label, f]) => [label, ...results.map(f)]);
  const widths = head.map((_, i) => Math.max(...[head, ...body].map((row) => row[i]!.length)));
  const line = (row: string[]): string => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), ...body.map(line)].join('\n');
}

async function main(): Promise<void> {
  const results: SizeResult[] = [];
  const started = new Date().toISOString();
  for (const size of sizes) {
    try {
      results.push(await benchSize(size));
    } catch (e) {
      console.error(`bench: ${size} failed: ${e instanceof Error ? e.message : String(e)}`);
      results.push({ size, corpus: { articles: size, files: 0, bytes: 0, days: 0 }, articlesOut: 0, ingest: { seconds: 0, cpuSeconds: 0, peakRssMb: 0, articlesPerSecond: 0, mbPerSecond: 0, exitCode: -1 }, error: String(e) });
    }
    await writeFile(path.resolve(ROOT, values.json!), JSON.stringify({ started, machine: { cpus: os.cpus().length, memGb: os.totalmem() / 2 ** 30, node: process.version }, results }, null, 1) + '\n');
  }
  console.log(`\n${table(results)}\n`);
  for (const r of results) if (r.error) console.log(`${r.size}: ${r.error}`);
  for (const r of results) if (r.baseline?.error) console.log(`${r.size}, Pagefind default: ${r.baseline.error}`);
  if (results.length >= 2) {
    const [a, b] = [results.at(-2)!, results.at(-1)!];
    if (a.endToEndSeconds && b.endToEndSeconds) console.log(`growth ${a.size} → ${b.size}: ${(b.size / a.size).toFixed(0)}× articles, ${(b.endToEndSeconds / a.endToEndSeconds).toFixed(1)}× end-to-end time, ${(b.endToEndCpuSeconds! / a.endToEndCpuSeconds!).toFixed(1)}× CPU time`);
  }
  for (const line of targets(results)) console.log(line);
  console.log(`results: ${values.json}`);
}

/** The issue's targets, each with the figure that decides it. */
function targets(results: readonly SizeResult[]): string[] {
  const mark = (ok: boolean) => (ok ? 'met   ' : 'missed');
  const out: string[] = ['', 'targets:'];
  const at = (size: number) => results.find((r) => r.size === size && !r.error);
  const r10k = at(10000);
  if (r10k?.endToEndSeconds) out.push(`  ${mark(r10k.endToEndSeconds <= 60)} 10k articles end to end ≤ 60 s: ${r10k.endToEndSeconds.toFixed(1)} s`);
  for (const r of results) out.push(`  ${mark(r.ingest.mbPerSecond >= 10)} ingest ≥ 10 MB/s at ${r.size}: ${r.ingest.mbPerSecond.toFixed(2)} MB/s`);
  const r100k = at(100000);
  if (r100k?.astro && r100k.index) {
    const peak = Math.max(r100k.ingest.peakRssMb, r100k.astro.peakRssMb, r100k.index.peakRssMb);
    out.push(`  ${mark(peak <= 4096)} peak memory ≤ 4 GB at 100k: ${peak.toFixed(0)} MB`);
  }
  if (r10k?.endToEndSeconds && r100k?.endToEndSeconds) {
    const growth = r100k.endToEndSeconds / r10k.endToEndSeconds;
    out.push(`  ${mark(growth <= 10)} growth 10k → 100k no worse than linear: ${growth.toFixed(1)}× time for 10× articles`);
  }
  const largest = [...results].reverse().find((r) => r.search);
  if (largest?.search) {
    const kB = (n: number) => `${(n / 1e3).toFixed(0)} kB`;
    const ours = `${kB(largest.search.medianBytes)} of files, ${kB(largest.search.medianWireBytes)} gzipped`;
    // The search issue's bound: bytes per query no worse than Pagefind's default on the same corpus,
    // at every size where the default could be built.
    for (const r of results) {
      const base = r.baseline?.search;
      if (!r.search || !r.baseline) continue;
      if (base) out.push(`  ${mark(r.search.medianBytes <= base.medianBytes)} search bytes per query at ${r.size} ≤ Pagefind's default on the same site: ${kB(r.search.medianBytes)} (${kB(r.search.medianWireBytes)} gzipped); default ${kB(base.medianBytes)} (${kB(base.medianWireBytes)})`);
      else out.push(`  n/a    search bytes per query at ${r.size} ≤ Pagefind's default: the default index could not be built (stopped after ${r.baseline.index.seconds.toFixed(0)} s at ${r.baseline.index.peakRssMb.toFixed(0)} MB)`);
    }
    out.push(`  ${mark(largest.search.medianBytes <= 300e3)} search ≤ 300 kB per query at ${largest.size} (Pagefind's figure for 10,000 pages): ${ours}${largest.searchYear ? `, ${kB(largest.searchYear.medianBytes)} within ${largest.searchYear.year}` : ''}`);
  }
  return out;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
