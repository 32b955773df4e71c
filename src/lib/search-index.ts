/**
 * Build-time side of exact Chinese search (Node only): turns each built page's
 * searchable text (its data-pagefind-body elements) into one token per
 * position — the folded character there and the next — and hands Pagefind an
 * in-memory copy of the page whose body is those tokens. The page on disk is
 * not changed; filters, meta and sort keys elsewhere in the page are indexed
 * as before. See docs/adr/0004-exact-chinese-search.md.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, relative, sep } from 'node:path';
import { Worker } from 'node:worker_threads';
import TSCharacters from 'opencc-js/dict/TSCharacters';
import { ELEMENT_NODE, parse, TEXT_NODE, walkSync } from 'ultrahtml';
import { escapeHtml } from '../shared/html.ts';
import { bundleKey, IndexCache, mergedBundleKey, pageHash } from './search-index-cache.ts';
import { PAGEFIND_SIGNATURE } from './pagefind-meta.ts';
import { mergeBundles } from './search-index-merge.ts';
import { decodeEntities } from './excerpt.ts';
import { bigramTokens, displayTokens, FILLER_TOKEN, type FoldTable, HEADLINE_SLOT, indexChar, INDEX_LANGUAGE, isWordToken, SEGMENT_BREAK } from './search-text.ts';

/** OpenCC's traditional → simplified character table, first candidate only. */
export function openccFoldTable(): Map<string, string> {
  const table = new Map<string, string>();
  for (const entry of TSCharacters.split('|')) {
    const [from, to] = entry.split(' ');
    if (from && to && [...from].length === 1 && [...to].length === 1 && from !== to) table.set(from, to);
  }
  return table;
}

interface UltraNode {
  type: number;
  name?: string;
  value?: string;
  attributes?: Record<string, string>;
  children?: UltraNode[];
}

export interface SearchablePage {
  /** Headline text, SEGMENT_BREAK, body text (entities decoded): what substring truth is computed on. */
  text: string;
  /** Heading text among those elements (the headline), weighted up in the index. */
  headings: string[];
  /** The part that is not a heading. */
  bodies: string[];
  /** Sort keys declared anywhere on the page (data-pagefind-sort="key:value"). */
  sort: Record<string, string>;
}

function textOf(node: UltraNode): string {
  if (node.type === TEXT_NODE) return decodeEntities(node.value ?? '');
  if (node.type === ELEMENT_NODE && (node.name === 'script' || node.name === 'style')) return '';
  return (node.children ?? []).map(textOf).join('');
}

/** The searchable text of a built page, or undefined when it has no data-pagefind-body. */
export function extractSearchable(html: string): SearchablePage | undefined {
  const root = parse(html) as UltraNode;
  const headings: string[] = [];
  const bodies: string[] = [];
  const sort: Record<string, string> = {};
  const bodyNodes = new Set<UltraNode>();
  walkSync(root as never, (node: UltraNode, parent?: UltraNode) => {
    if (node.type !== ELEMENT_NODE || !node.attributes) return;
    if (parent && bodyNodes.has(parent)) bodyNodes.add(node);
    const sortAttr = node.attributes['data-pagefind-sort'];
    if (sortAttr) {
      const at = sortAttr.indexOf(':');
      if (at > 0) sort[sortAttr.slice(0, at)] = sortAttr.slice(at + 1);
    }
    if (!('data-pagefind-body' in node.attributes) || (parent && bodyNodes.has(parent))) return;
    bodyNodes.add(node);
    (/^h[1-6]$/u.test(node.name ?? '') ? headings : bodies).push(textOf(node));
  });
  if (headings.length + bodies.length === 0) return undefined;
  return { text: [headings.join(''), bodies.join('')].join(SEGMENT_BREAK), headings, bodies, sort };
}

/** How much a hit in the headline outweighs one in the body (Pagefind's default for h1 is 7). */
export const HEADLINE_WEIGHT = 7;

/**
 * The page as Pagefind should index it: the original data-pagefind-body
 * elements are demoted, and one new body holds the tokens: the headline
 * (weighted) padded to HEADLINE_SLOT positions with FILLER_TOKEN, then the body.
 */
export function indexableHtml(html: string, page: SearchablePage, table: FoldTable): { html: string; tokens: string[] } {
  const headingTokens = displayTokens(page.headings.join(''), table);
  const bodyTokens = displayTokens(page.bodies.join(''), table);
  const date = page.sort['date'];
  const fillers = Array<string>(Math.max(1, HEADLINE_SLOT - headingTokens.length)).fill(FILLER_TOKEN);
  const body =
    `<div data-pagefind-body>` +
    `<span data-pagefind-weight="${HEADLINE_WEIGHT}">${escapeHtml(bigramTokens(headingTokens).join(' '))}</span> ` +
    `${fillers.join(' ')} ${escapeHtml(bigramTokens(bodyTokens).join(' '))}</div>` +
    (date ? `<span data-pagefind-filter="date:${escapeHtml(date)}"></span>` : '');
  const demoted = html.replaceAll(/(\s)data-pagefind-body(?=[\s>=])/gu, '$1data-search-source');
  const at = demoted.lastIndexOf('</body>');
  const out = at >= 0 ? demoted.slice(0, at) + body + demoted.slice(at) : demoted + body;
  return { html: out, tokens: [...headingTokens, ...bodyTokens] };
}

/**
 * Reads in flight at once. Reading a built page is mostly waiting on the file
 * system: 24,000 pages one after another take 4 s, sixteen at a time 0.7 s.
 */
const READS_IN_FLIGHT = 16;

/** Read the files with READS_IN_FLIGHT reads at once, handing each file's bytes to `use` in the files' order. */
async function readInOrder(files: readonly string[], use: (bytes: Buffer, file: string) => void): Promise<void> {
  const pending: Array<Promise<Buffer>> = [];
  for (let next = 0; next < Math.min(READS_IN_FLIGHT, files.length); next++) pending.push(readFile(files[next]!));
  for (let i = 0; i < files.length; i++) {
    const bytes = await pending[i]!;
    delete pending[i];
    if (i + READS_IN_FLIGHT < files.length) pending[i + READS_IN_FLIGHT] = readFile(files[i + READS_IN_FLIGHT]!);
    use(bytes, files[i]!);
  }
}

export async function listHtmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** A built file's path relative to the site root, with forward slashes (Pagefind derives the URL from it). */
function sitePathOf(siteDir: string, file: string): string {
  return relative(siteDir, file).split(sep).join('/');
}

export interface PreparedPage {
  /** Path relative to the site root, with forward slashes (Pagefind derives the URL from it). */
  sourcePath: string;
  html: string;
}

export interface PreparedSite {
  pages: PreparedPage[];
  /** Punctuation and symbols that occur as tokens: Pagefind must index them as words. */
  includeCharacters: string;
  /** The part of the fold table whose targets occur in the site (all a query can need). */
  foldTable: Map<string, string>;
}

/** Read the given built pages (default: every page under siteDir) and prepare the indexable copy of each that has searchable text. */
export async function prepareSite(siteDir: string, table: FoldTable = openccFoldTable(), files?: readonly string[]): Promise<PreparedSite> {
  const pages: PreparedPage[] = [];
  const symbols = new Set<string>();
  const seen = new Set<string>();
  await readInOrder(files ?? (await listHtmlFiles(siteDir)), (bytes, file) => {
    const original = bytes.toString('utf8');
    const page = extractSearchable(original);
    if (!page) return;
    const { html, tokens } = indexableHtml(original, page, table);
    for (const token of tokens) {
      const lower = token.toLowerCase();
      seen.add(lower);
      if (!isWordToken(token)) symbols.add(token);
    }
    pages.push({ sourcePath: sitePathOf(siteDir, file), html });
  });
  const foldTable = new Map([...table].filter(([, to]) => seen.has(to)));
  return { pages, includeCharacters: [...symbols].sort().join(''), foldTable };
}

/** What Pagefind must index as words: the text's symbols and the headline filler. */
function indexedCharacters(site: PreparedSite): string {
  return [...site.includeCharacters].map(indexChar).join('') + FILLER_TOKEN;
}

/** Where the search page finds the fold table, the indexed symbols and the shards, relative to the site root. */
export const SEARCH_META_FILE = 'pagefind/search-meta.json';

/** One Pagefind bundle holding a contiguous run of the site's pages in date order. */
export interface ShardInfo {
  /** Folder of the bundle relative to the main bundle ('' for the main bundle itself), ending in '/'. */
  base: string;
  /** Pages indexed in this bundle. */
  pages: number;
  /** Earliest and latest date among its dated pages (yyyy-mm-dd…); absent when none is dated. */
  from?: string;
  to?: string;
}

export interface SearchMeta {
  /** Serialised fold table (see parseFoldTable). */
  fold: string;
  /** Every punctuation or symbol token in the index; any other such character occurs nowhere. */
  symbols: string;
  /** The bundles, in date order (undated pages last); a search asks each one whose dates it can need. */
  shards: ShardInfo[];
}

type PagefindApi = typeof import('pagefind');
type PagefindIndex = NonNullable<Awaited<ReturnType<PagefindApi['createIndex']>>['index']>;

export interface BundleFigures {
  pagesIndexed: number;
  errors: string[];
}

/** A Pagefind index holding a bundle's pages, not yet written. */
export interface AddedBundle {
  index: PagefindIndex | undefined;
  pagesIndexed: number;
  errors: string[];
}

/** Hand the prepared pages to a new Pagefind index (the cheap half of indexing: about 0.1 MB per page in the service). */
export async function addBundlePages(pagefind: PagefindApi, site: PreparedSite, maxFragments?: number): Promise<AddedBundle> {
  const errors: string[] = [];
  const { index, errors: createErrors } = await pagefind.createIndex({
    includeCharacters: indexedCharacters(site),
    forceLanguage: INDEX_LANGUAGE,
    ...(maxFragments === undefined ? {} : { maxFragments }),
  });
  errors.push(...createErrors);
  if (!index) return { index, pagesIndexed: 0, errors: [...errors, 'createIndex returned no index'] };
  let pagesIndexed = 0;
  for (const page of site.pages) {
    const added = await index.addHTMLFile({ sourcePath: page.sourcePath, content: page.html });
    errors.push(...added.errors);
    if (added.errors.length === 0) pagesIndexed++;
  }
  return { index, pagesIndexed, errors };
}

/** Write an added bundle to outputPath (the costly half: Pagefind's memory peaks here, about 0.52 MB per page). */
export async function writeAddedBundle(added: AddedBundle, outputPath: string): Promise<BundleFigures> {
  if (!added.index) return { pagesIndexed: 0, errors: added.errors };
  const written = await added.index.writeFiles({ outputPath });
  return { pagesIndexed: added.pagesIndexed, errors: [...added.errors, ...written.errors] };
}

/** A built page that has searchable text, with its date sort key (from data-pagefind-sort="date:…"). */
export interface SearchablePageRef {
  file: string;
  sourcePath: string;
  date: string | undefined;
  /** Hash of the page's bytes: a bundle whose pages all hash the same comes from the index cache. */
  hash: string;
}

const BODY_ATTRIBUTE = Buffer.from('data-pagefind-body');
const DATE_SORT_ATTRIBUTE = Buffer.from('data-pagefind-sort="date:');
const ATTRIBUTE_BOUNDARY = /[\s>=]/u;

/** Whether the page's bytes hold a data-pagefind-body attribute (whitespace before it; space, > or = after). */
function hasSearchableBody(bytes: Buffer): boolean {
  for (let at = bytes.indexOf(BODY_ATTRIBUTE); at >= 0; at = bytes.indexOf(BODY_ATTRIBUTE, at + 1)) {
    const before = String.fromCharCode(bytes[at - 1] ?? 0);
    const after = String.fromCharCode(bytes[at + BODY_ATTRIBUTE.length] ?? 0);
    if (/\s/u.test(before) && ATTRIBUTE_BOUNDARY.test(after)) return true;
  }
  return false;
}

/** The page's date sort key (data-pagefind-sort="date:…"), or undefined. */
function dateSortKey(bytes: Buffer): string | undefined {
  const at = bytes.indexOf(DATE_SORT_ATTRIBUTE);
  if (at < 0) return undefined;
  const from = at + DATE_SORT_ATTRIBUTE.length;
  return bytes.toString('utf8', from, bytes.indexOf('"', from)) || undefined;
}

/**
 * Every built page with searchable text, in path order: a cheap first pass
 * that keeps no HTML. It searches each page's bytes without decoding them:
 * at 10,000 articles this pass reads 24,000 pages.
 */
export async function listSearchablePages(siteDir: string): Promise<SearchablePageRef[]> {
  const refs: SearchablePageRef[] = [];
  await readInOrder(await listHtmlFiles(siteDir), (bytes, file) => {
    if (hasSearchableBody(bytes)) refs.push({ file, sourcePath: sitePathOf(siteDir, file), date: dateSortKey(bytes), hash: pageHash(bytes) });
  });
  return refs;
}

/** The year of a date sort key (YYYY-MM-DD, YYYY-MM or YYYY). */
function yearOf(date: string): string {
  return date.slice(0, 4);
}

/**
 * Split pages into contiguous runs in date order (ties by path) of maxPages
 * each, counted from the oldest page of each year, a year's last run holding
 * its rest; when there is more than one, undated pages get runs of their own
 * after the dated ones. Runs in date order let a dated search skip the
 * bundles outside its range, and let results sorted by date be merged by
 * joining the bundles' sorted lists. Runs never span two years, so bundles
 * can hold whole years (planBundles) and a search within a year opens only
 * that year's. Runs counted from each year's oldest page stay the same runs
 * when newer pages are added, so only the bundles of the years that changed
 * are indexed again and the rest come from the index cache
 * (search-index-cache.ts).
 */
export function planShards<T extends { sourcePath: string; date: string | undefined }>(pages: readonly T[], maxPages: number): T[][] {
  const byPath = (a: T, b: T) => (a.sourcePath < b.sourcePath ? -1 : a.sourcePath > b.sourcePath ? 1 : 0);
  const dated = pages.filter((page) => page.date !== undefined).sort((a, b) => (a.date! < b.date! ? -1 : a.date! > b.date! ? 1 : byPath(a, b)));
  const undated = pages.filter((page) => page.date === undefined).sort(byPath);
  // A site that fits in one bundle stays one, its undated pages last.
  if (pages.length <= maxPages) return [[...dated, ...undated]];
  const size = Math.max(1, maxPages);
  const runs = (ordered: T[]): T[][] => Array.from({ length: Math.ceil(ordered.length / size) }, (_, i) => ordered.slice(i * size, (i + 1) * size));
  const years: T[][] = [];
  for (const page of dated) {
    const year = years.at(-1);
    if (year && yearOf(year[0]!.date!) === yearOf(page.date!)) year.push(page);
    else years.push([page]);
  }
  return [...years.flatMap(runs), ...runs(undated)];
}

/**
 * Group consecutive runs (planShards) into published bundles of at most
 * maxPages pages each, counted from the oldest, dated and undated runs apart;
 * a run larger than maxPages is a bundle of its own. A year starts a new
 * bundle unless all of it fits in the current one, so a year smaller than a
 * bundle is in one bundle, which is all a search within that year opens.
 * Returns each bundle's run numbers. Groups counted from the oldest stay the
 * same groups when newer pages are added, like the runs.
 */
export function planBundles(runs: ReadonlyArray<ReadonlyArray<{ date: string | undefined }>>, maxPages: number): number[][] {
  const runYear = (run: ReadonlyArray<{ date: string | undefined }>) => (run[0]?.date === undefined ? undefined : yearOf(run[0].date));
  const yearPages = new Map<string | undefined, number>();
  for (const run of runs) yearPages.set(runYear(run), (yearPages.get(runYear(run)) ?? 0) + run.length);
  const bundles: number[][] = [];
  let pages = 0;
  let dated: boolean | undefined;
  let year: string | undefined;
  for (const [i, run] of runs.entries()) {
    const runDated = run[0]?.date !== undefined;
    const current = bundles.at(-1);
    const newYear = runDated && runYear(run) !== year;
    const fits = pages + (newYear ? yearPages.get(runYear(run))! : run.length) <= maxPages;
    if (current && runDated === dated && fits) {
      current.push(i);
      pages += run.length;
    } else {
      bundles.push([i]);
      pages = run.length;
      dated = runDated;
    }
    year = runYear(run);
  }
  return bundles;
}

/**
 * Which bundle (planBundles) is ready to merge when a run finishes: a bundle
 * once, when the last of its runs is done, whatever order they finish in or
 * however often one is reported (a run's answer comes before its cache
 * entry is stored, so several runs of a bundle can be in hand at once).
 */
export class BundleProgress {
  private readonly done = new Set<number>();
  private readonly ready = new Set<number>();
  private readonly bundles: Map<number, number>;

  constructor(private readonly runsOf: readonly number[][]) {
    this.bundles = new Map(runsOf.flatMap((runs, b) => runs.map((i) => [i, b] as const)));
  }

  /** The bundle run i belongs to. */
  bundleOf(i: number): number {
    return this.bundles.get(i)!;
  }

  /** Run i is written and stored; returns its bundle if that bundle has just become ready. */
  runDone(i: number): number | undefined {
    this.done.add(i);
    const b = this.bundles.get(i);
    if (b === undefined || this.ready.has(b) || !this.runsOf[b]!.every((r) => this.done.has(r))) return undefined;
    this.ready.add(b);
    return b;
  }
}

/**
 * Pagefind's library, web worker and UI files: the search page opens every
 * bundle with the main bundle's library (engine.ts, bundleOpener), so only the
 * main bundle keeps them.
 */
const UNUSED_IN_SHARDS = /^pagefind(?:-component-ui|-modular-ui|-ui|-highlight|-worker)?\.(?:css|js)$/u;
/** Pagefind's WebAssembly, one per index language. */
const WASM_FILE = /^wasm\.[^.]+\.pagefind$/u;
/**
 * What stands in for the WebAssembly in the other bundles: Pagefind's
 * signature for an uncompressed file with nothing after it. Pagefind fetches
 * it, but instances of one library share the WebAssembly loaded first (the
 * main bundle's), so it is never compiled; 12 bytes instead of 55 kB per bundle.
 */
const WASM_STUB = PAGEFIND_SIGNATURE;

/** The folder of shard i relative to the main bundle. */
function shardBase(i: number): string {
  return i === 0 ? '' : `shard-${i}/`;
}
const SHARD_FOLDER = /^shard-\d+$/u;

export interface ShardedIndexFigures {
  pagesIndexed: number;
  /** Published bundles. */
  shards: number;
  /** Runs Pagefind indexed (or the cache gave) to make them. */
  runs: number;
  /** Runs copied from the index cache instead of indexed. */
  cachedShards: number;
  /** Bundles of several runs copied from the index cache instead of merged. */
  cachedBundles: number;
  errors: string[];
  /** Most bundles that were being written at the same time. */
  concurrentWrites: number;
}

/**
 * What indexing holds per page of a bundle, in MB, measured on article pages
 * with their bigram tokens: while pages are added, and at the peak while the
 * bundle is written. Pagefind's service holds 0.12 and 0.52 of it, the worker
 * thread that feeds it 0.04.
 */
export const INDEX_MB_PER_PAGE = { added: 0.16, writing: 0.56 } as const;

/** What the indexing process holds before any bundle, in MB: Node, the page list and the plan. */
export const INDEX_BASE_MB = 200;

/**
 * When each bundle may start (prepare and add its pages) and when it may be
 * written, so that at most `jobs` bundles are in hand and the estimated
 * memory of all of them stays within the budget. A bundle starts only if,
 * with it, the largest write still to come fits once the writes under way are
 * done: the bundles in hand can then always be written one after another, so
 * the plan never stalls. A bundle
 * too large for the budget on its own still runs, alone.
 */
export class BundleSchedule {
  private readonly stage = new Map<number, 'adding' | 'added' | 'writing'>();
  private nextBundle = 0;
  private heldMb = INDEX_BASE_MB;
  private peakMb = INDEX_BASE_MB;
  private writing = 0;
  /** Most bundles written at once so far. */
  mostWrites = 0;

  constructor(
    private readonly pages: readonly number[],
    private readonly jobs: number,
    private readonly budgetMb: number,
  ) {}

  private addMb(i: number): number {
    return this.pages[i]! * INDEX_MB_PER_PAGE.added;
  }

  private extraWriteMb(i: number): number {
    return this.pages[i]! * (INDEX_MB_PER_PAGE.writing - INDEX_MB_PER_PAGE.added);
  }

  /** Estimated memory held now, and at most so far. */
  get estimate(): { heldMb: number; peakMb: number } {
    return { heldMb: this.heldMb, peakMb: this.peakMb };
  }

  /** Bundles to start and bundles to write now, in bundle order. */
  step(): { start: number[]; write: number[] } {
    const write: number[] = [];
    for (const [i, stage] of [...this.stage].sort(([a], [b]) => a - b)) {
      if (stage !== 'added' || (this.writing > 0 && this.heldMb + this.extraWriteMb(i) > this.budgetMb)) continue;
      this.stage.set(i, 'writing');
      this.writing++;
      this.mostWrites = Math.max(this.mostWrites, this.writing);
      this.hold(this.extraWriteMb(i));
      write.push(i);
    }
    const start: number[] = [];
    while (this.nextBundle < this.pages.length && this.stage.size < this.jobs) {
      const i = this.nextBundle;
      // Now, it must fit; and once the writes under way are done, the largest write still to come must fit beside every added bundle.
      const inHand = [...this.stage.keys(), i];
      const added = INDEX_BASE_MB + inHand.reduce((mb, j) => mb + this.addMb(j), 0);
      const pendingWrite = Math.max(...inHand.filter((j) => this.stage.get(j) !== 'writing').map((j) => this.extraWriteMb(j)));
      if (this.stage.size > 0 && (this.heldMb + this.addMb(i) > this.budgetMb || added + pendingWrite > this.budgetMb)) break;
      this.stage.set(i, 'adding');
      this.hold(this.addMb(i));
      start.push(i);
      this.nextBundle++;
    }
    return { start, write };
  }

  /** Bundle i has added its pages. */
  added(i: number): void {
    if (this.stage.get(i) === 'adding') this.stage.set(i, 'added');
  }

  /** Bundle i is finished (written or failed): its memory is free again. */
  finished(i: number): void {
    const stage = this.stage.get(i);
    if (stage === undefined) return;
    if (stage === 'writing') {
      this.writing--;
      this.hold(-this.extraWriteMb(i));
    }
    this.hold(-this.addMb(i));
    this.stage.delete(i);
  }

  get done(): boolean {
    return this.nextBundle === this.pages.length && this.stage.size === 0;
  }

  private hold(mb: number): void {
    this.heldMb += mb;
    this.peakMb = Math.max(this.peakMb, this.heldMb);
  }
}

export interface ShardedIndexOptions {
  /** Most pages Pagefind indexes at once (a run): it holds a run's pages in memory while writing it. */
  shardPages: number;
  /** Most pages in one published bundle, made of whole runs merged (search-index-merge.ts); default DEFAULT_BUNDLE_PAGES. */
  bundlePages?: number;
  /** Bundles indexed at once, each by its own Pagefind service on a worker thread (default: the cores). */
  jobs?: number;
  /** Estimated memory indexing may hold, in MB (see INDEX_MB_PER_PAGE and INDEX_BASE_MB). */
  memoryMb?: number;
  /**
   * Most fragment files in the whole index (default: one per page), shared
   * out among the bundles by their pages, at least one each (so never fewer
   * than the bundles); Pagefind then packs several pages' fragments into one
   * file. For hosts that cap a deploy's file count.
   */
  fragmentFiles?: number;
  /** Index cache folder (search-index-cache.ts); absent or null: every bundle is indexed. */
  cacheDir?: string | null;
  log?: (line: string) => void;
}

/** What writeShardedIndex asks a worker (search-index-worker.ts) to index. */
export interface BundleJob {
  siteDir: string;
  files: string[];
  outputPath: string;
  /** Most fragment files this bundle may write (Pagefind's maxFragments); absent: one per page. */
  maxFragments?: number;
}

export type WorkerAnswer =
  | { stage: 'added'; pages: number }
  | { stage: 'written'; figures: BundleFigures; foldTable: Array<[string, string]>; includeCharacters: string }
  | { stage: 'failed'; message: string };

type WrittenAnswer = Extract<WorkerAnswer, { stage: 'written' }>;

/**
 * Default most pages per run: two runs being written (about 1.4 GB each)
 * and the process fit the default memory together, so both cores write; and
 * runs of one size make the index grow linearly with the archive. Runs are
 * merged into bundles (DEFAULT_BUNDLE_PAGES), so their size costs a search
 * nothing. (Runs of 5,000, written one at a time: 111 s for the 10k bench
 * site; of 2,500: 102 s.)
 */
export const DEFAULT_SHARD_PAGES = 2500;

/**
 * Default most pages per published bundle: eight runs. A search pays for
 * every bundle it opens (its metadata and one index chunk per word), and a
 * search within a year only for the bundles of that year; at 100,000
 * articles of a daily (about 11,000 a year) this is one bundle per year.
 * Twice as large would put two years in each bundle, and a search within a
 * year would pay for both.
 */
export const DEFAULT_BUNDLE_PAGES = 20000;

/** Default memory for indexing, in MB: the ceiling set for a whole 100,000-article build. */
export const DEFAULT_INDEX_MEMORY_MB = 4000;

/**
 * Build the exact search index of a built site into outputPath: the pages in
 * date order, cut into runs of at most shardPages that Pagefind indexes one
 * each, on worker threads, as many at once as `jobs` and the memory plan
 * (BundleSchedule) allow; runs grouped into bundles of at most bundlePages
 * are merged (search-index-merge.ts) into the published bundles, the first
 * in outputPath itself, the others in shard-N/ inside it; then
 * search-meta.json.
 */
export async function writeShardedIndex(siteDir: string, outputPath: string, options: ShardedIndexOptions): Promise<ShardedIndexFigures> {
  const plan = planShards(await listSearchablePages(siteDir), options.shardPages);
  const bundles = planBundles(plan, options.bundlePages ?? DEFAULT_BUNDLE_PAGES);
  const progress = new BundleProgress(bundles);
  // A bundle of one run is indexed in place; the runs of a bundle of several are indexed here, merged, then removed.
  const runsDir = `${outputPath}.runs`;
  const runDir = (i: number): string => {
    const b = progress.bundleOf(i);
    return bundles[b]!.length === 1 ? join(outputPath, shardBase(b)) : join(runsDir, String(i));
  };
  const totalPages = plan.reduce((sum, refs) => sum + refs.length, 0);
  const fragmentShare = (pages: number): Pick<BundleJob, 'maxFragments'> =>
    options.fragmentFiles === undefined ? {} : { maxFragments: Math.max(1, Math.floor((options.fragmentFiles * pages) / totalPages)) };
  const answers: Array<WrittenAnswer | undefined> = new Array(plan.length);
  /** Bundles written or merged without error. */
  const published = new Set<number>();
  const errors: string[] = [];
  const label = (i: number) => (plan.length > 1 ? `run ${i}: ` : '');
  const workers = new Map<number, Worker>();
  const started = performance.now();
  const at = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;

  const cache = options.cacheDir ? new IndexCache(options.cacheDir) : undefined;
  const keys = plan.map((refs) => bundleKey(refs, fragmentShare(refs.length).maxFragments));
  const mergedKeys = bundles.map((runs) => (runs.length > 1 ? mergedBundleKey(runs.map((i) => keys[i]!)) : undefined));
  let cachedBundles = 0;

  // A bundle is merged as soon as its runs are all written, one merge at a time, while other runs are indexed.
  let merges = Promise.resolve();
  const runDone = (i: number): void => {
    if (answers[i]?.figures.errors.length !== 0) return;
    const b = progress.runDone(i);
    if (b === undefined) return;
    const runs = bundles[b]!;
    if (runs.length === 1) {
      published.add(b);
      return;
    }
    merges = merges.then(async () => {
      try {
        const merged = await mergeBundles(runs.map(runDir), join(outputPath, shardBase(b)), { move: true });
        published.add(b);
        if (bundles.length > 1 || plan.length > 1) options.log?.(`  bundle ${b + 1}/${bundles.length}: ${merged.pages} pages merged from ${runs.length} runs (${at()})`);
        // Kept with its runs' answers, which are all a cached bundle needs besides its files. The main
        // bundle's folder also holds the other bundles: keep only its own files.
        await cache?.store(mergedKeys[b]!, join(outputPath, shardBase(b)), runs.map((r) => answers[r]!), (name) => SHARD_FOLDER.test(name));
      } catch (error) {
        errors.push(`bundle ${b}: merging its runs failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      await Promise.all(runs.map((r) => rm(runDir(r), { recursive: true, force: true })));
    });
  };

  try {
    await rm(runsDir, { recursive: true, force: true });
    // A merged bundle whose runs are all unchanged is copied from the cache, and so are
    // unchanged runs of the other bundles; the rest are indexed. (In bundle order: the
    // main bundle's folder must hold nothing else when it is restored.)
    const toIndex: number[] = [];
    for (const [b, runs] of bundles.entries()) {
      const runAnswers = mergedKeys[b] ? await cache?.restore<WrittenAnswer[]>(mergedKeys[b], join(outputPath, shardBase(b))) : undefined;
      if (runAnswers) {
        for (const [n, i] of runs.entries()) answers[i] = runAnswers[n];
        published.add(b);
        cachedBundles++;
        options.log?.(`  bundle ${b + 1}/${bundles.length}: ${runs.length} runs unchanged: merged bundle from the index cache`);
        continue;
      }
      for (const i of runs) {
        const restored = await cache?.restore<WrittenAnswer>(keys[i]!, runDir(i));
        if (restored) {
          answers[i] = restored;
          if (plan.length > 1) options.log?.(`  run ${i + 1}/${plan.length}: ${plan[i]!.length} pages, unchanged: from the index cache`);
          runDone(i);
        } else toIndex.push(i);
      }
    }
    const schedule = new BundleSchedule(
      toIndex.map((i) => plan[i]!.length),
      Math.max(1, options.jobs ?? availableParallelism()),
      options.memoryMb ?? DEFAULT_INDEX_MEMORY_MB,
    );

    await new Promise<void>((resolve) => {
      const pump = (): void => {
        const { start: startNow, write: writeNow } = schedule.step();
        for (const i of writeNow.map((s) => toIndex[s]!)) {
          if (plan.length > 1) options.log?.(`  run ${i + 1}/${plan.length}: writing (${at()})`);
          workers.get(i)!.postMessage('write');
        }
        for (const s of startNow) {
          const i = toIndex[s]!;
          const refs = plan[i]!;
          const dates = refs.map((ref) => ref.date).filter((date): date is string => date !== undefined);
          if (plan.length > 1) options.log?.(`  run ${i + 1}/${plan.length}: ${refs.length} pages${dates.length > 0 ? `, ${dates[0]} … ${dates.at(-1)}` : ''} (${at()})`);
          const job: BundleJob = { siteDir, files: refs.map((ref) => ref.file), outputPath: runDir(i), ...fragmentShare(refs.length) };
          const worker = new Worker(new URL('./search-index-worker.ts', import.meta.url), { workerData: job });
          workers.set(i, worker);
          let settled = false;
          let wrote = false;
          const finish = (error?: string): void => {
            if (settled) return;
            settled = true;
            if (error) errors.push(label(i) + error);
            workers.delete(i);
            schedule.finished(s);
            if (schedule.done) resolve();
            else pump();
          };
          worker.on('message', (answer: WorkerAnswer) => {
            if (answer.stage === 'added') {
              schedule.added(s);
              pump();
            } else if (answer.stage === 'written') {
              if (plan.length > 1) options.log?.(`  run ${i + 1}/${plan.length}: written (${at()})`);
              answers[i] = answer;
              wrote = true;
              // The main bundle's folder also holds the other bundles: keep only its own files.
              const stored = answer.figures.errors.length === 0 && cache ? cache.store(keys[i]!, job.outputPath, answer, (name) => SHARD_FOLDER.test(name)) : Promise.resolve();
              void stored.then(() => {
                runDone(i);
                finish();
              });
            } else finish(answer.message);
          });
          worker.on('error', (error) => finish(error.message));
          // After `written` the run is done (or being stored); before it, it was not written.
          worker.on('exit', (code) => {
            if (!wrote) finish(`index worker exited with code ${code} before writing its run`);
          });
        }
      };
      if (schedule.done) resolve();
      else pump();
    });
    await merges;

    const shards: ShardInfo[] = [];
    const fold = new Map<string, string>();
    const symbols = new Set<string>();
    let pagesIndexed = 0;
    for (const [i, answer] of answers.entries()) {
      if (!answer) continue;
      errors.push(...answer.figures.errors.map((error) => label(i) + error));
      for (const [from, to] of answer.foldTable) fold.set(from, to);
      for (const symbol of answer.includeCharacters) symbols.add(symbol);
      pagesIndexed += answer.figures.pagesIndexed;
    }
    for (const [b, runs] of bundles.entries()) {
      if (!published.has(b)) continue;
      const dates = runs.flatMap((i) => plan[i]!.map((ref) => ref.date)).filter((date): date is string => date !== undefined);
      const pages = runs.reduce((sum, i) => sum + answers[i]!.figures.pagesIndexed, 0);
      shards.push({ base: shardBase(b), pages, ...(dates.length > 0 ? { from: dates[0]!, to: dates.at(-1)! } : {}) });
      if (b > 0) {
        const bundleDir = join(outputPath, shardBase(b));
        for (const name of await readdir(bundleDir)) {
          if (UNUSED_IN_SHARDS.test(name)) await rm(join(bundleDir, name));
          else if (WASM_FILE.test(name)) await writeFile(join(bundleDir, name), WASM_STUB, 'latin1');
        }
      }
    }
    const meta: SearchMeta = {
      fold: [...fold].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([from, to]) => from + to).join(''),
      symbols: [...symbols].sort().join(''),
      shards,
    };
    await mkdir(outputPath, { recursive: true });
    await writeFile(join(outputPath, 'search-meta.json'), JSON.stringify(meta));
    // The cache keeps this site's runs and merged bundles only.
    if (cache && errors.length === 0) await cache.prune(new Set([...keys, ...mergedKeys.filter((key) => key !== undefined)]));
    return { pagesIndexed, shards: bundles.length, runs: plan.length, cachedShards: plan.length - toIndex.length, cachedBundles, errors, concurrentWrites: schedule.mostWrites };
  } finally {
    await merges;
    await rm(runsDir, { recursive: true, force: true });
  }
}
