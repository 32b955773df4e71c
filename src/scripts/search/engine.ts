/**
 * Exact search over the bigram-token Pagefind index (see
 * docs/adr/0004-exact-chinese-search.md): every query term is looked up by
 * bigrams that cover it, aligned by their positions (a one-character term, by
 * every word that begins with it); terms are intersected, exclusions
 * subtracted, facets passed to Pagefind as filters. Runs in the browser (the
 * search page, the benchmark page); no DOM access beyond the language switch
 * in inIndexLanguage.
 */
import {
  chunkProbes,
  displayTokenOf,
  FILLER_TOKEN,
  findRuns,
  HEADLINE_SLOT,
  indexBigram,
  indexChar,
  INDEX_LANGUAGE,
  isWordToken,
  parseFoldTable,
  parseQuery,
  type FoldTable,
  type QueryTerm,
} from '../../lib/search-text.ts';
import { withChunkStarts } from './bundle-meta.ts';

/** The part of the Pagefind browser API used here. */
export interface PagefindResultData {
  url: string;
  content: string;
  excerpt: string;
  locations: number[];
  meta: Partial<Record<string, string>>;
  filters: Partial<Record<string, string[]>>;
}
export interface PagefindResult {
  id: string;
  score: number;
  /** Index positions of the hits. */
  words: number[];
  data(): Promise<PagefindResultData>;
}
export type PagefindFilters = Record<string, { any: string[] }>;
export interface PagefindSearchOptions {
  filters?: PagefindFilters;
  sort?: Record<string, 'asc' | 'desc'>;
}
export interface PagefindSearchResponse {
  results: PagefindResult[];
}
export interface PagefindModule {
  options(options: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  search(term: string | null, options?: PagefindSearchOptions): Promise<PagefindSearchResponse>;
  preload(term: string, options?: PagefindSearchOptions): Promise<void>;
}

/** One Pagefind bundle: a contiguous run of the site's pages in date order. */
export interface ShardMeta {
  /** Folder of the bundle relative to the main bundle ('' for the main bundle), ending in '/'. */
  base: string;
  /** Earliest and latest date among its dated pages; both absent when none is dated. */
  from?: string | undefined;
  to?: string | undefined;
}

/** An open bundle: its Pagefind instance, and where its index chunks begin (read from its metadata as it opened). */
export interface OpenBundle {
  pagefind: PagefindModule;
  /** Character → words that make Pagefind load every index chunk holding words that begin with it. */
  probes: Readonly<Partial<Record<string, string[]>>>;
  /** The index chunk a word is in (chunks numbered in word order). */
  chunkOf(word: string): number;
}

export interface SearchMeta {
  fold: FoldTable;
  /** Punctuation and symbols that occur in the index; any other such character occurs in no page. */
  symbols: ReadonlySet<string>;
  /** The bundles in date order, undated pages last (see docs/adr/0006-search-index-shards.md). */
  shards: readonly ShardMeta[];
}

/** Opens a bundle, given its folder relative to the main bundle. */
export type ShardOpener = (base: string) => Promise<OpenBundle>;

/** An opener that starts each bundle once, and again only after a failed start. */
export function oncePerBundle<T>(start: (base: string) => Promise<T>): (base: string) => Promise<T> {
  const instances = new Map<string, Promise<T>>();
  return (base) => {
    let instance = instances.get(base);
    if (!instance) {
      instance = start(base);
      instance.catch(() => instances.delete(base));
      instances.set(base, instance);
    }
    return instance;
  };
}

/** Code point order, as Pagefind sorts its words. */
function compareWords(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** chunkOf from every chunk's first word: the number of chunks that start at or before the word. */
export function chunkLocator(chunkStarts: readonly string[]): (word: string) => number {
  const starts = chunkStarts.filter((word) => word !== '').sort(compareWords);
  return (word) => {
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (compareWords(starts[mid]!, word) <= 0) low = mid + 1;
      else high = mid;
    }
    return low;
  };
}

export async function loadSearchMeta(url: string, fetcher: typeof fetch = fetch): Promise<SearchMeta> {
  const response = await fetcher(url);
  if (!response.ok) throw new Error(`search metadata ${url}: HTTP ${response.status}`);
  const json = (await response.json()) as { fold: string; symbols: string; shards: { base: string; from?: string; to?: string }[] };
  const shards = json.shards.map(({ base, from, to }) => ({ base, from, to }));
  return { fold: parseFoldTable(json.fold), symbols: new Set(json.symbols), shards };
}

export type SortOrder = 'relevance' | 'date-desc' | 'date-asc';

export interface SearchRequest {
  query: string;
  /** Facet name → selected values (any of them). */
  facets: Partial<Record<string, string[]>>;
  /** Inclusive yyyy-mm-dd bounds; articles without a known date are left out when either is set. */
  dateFrom?: string | undefined;
  dateTo?: string | undefined;
  sort: SortOrder;
}

export interface SearchOutcome {
  terms: QueryTerm[];
  results: PagefindResult[];
}

/** A term can only match if every character of it occurs somewhere in the index. */
function isSearchable(term: QueryTerm, meta: SearchMeta): boolean {
  return term.tokens.every((token) => isWordToken(token) || meta.symbols.has(token));
}

/**
 * Run create() while the page's <html lang> reads INDEX_LANGUAGE: Pagefind
 * takes its language from that attribute when an instance is created
 * (synchronously) and, for zh, would cut the query's bigrams apart again with
 * Intl.Segmenter; the index is built under INDEX_LANGUAGE. The attribute is
 * put back before anything renders.
 */
function inIndexLanguage<T>(create: () => T): T {
  const root = typeof document === 'undefined' ? undefined : document.documentElement;
  const lang = root?.getAttribute('lang');
  root?.setAttribute('lang', INDEX_LANGUAGE);
  try {
    return create();
  } finally {
    if (lang === null || lang === undefined) root?.removeAttribute('lang');
    else root?.setAttribute('lang', lang);
  }
}

/** The main bundle's pagefind.js: one library, one instance per bundle. */
export interface PagefindLibrary {
  createInstance(options: Record<string, unknown>): PagefindModule;
}

/**
 * Opens every bundle as an instance of one Pagefind library, on the main
 * thread. Instances of one library share its WebAssembly, so only the main
 * bundle ships the library and its WebAssembly; the other bundles carry a
 * stub in its place (see search-index.ts), which Pagefind fetches but never
 * compiles once the main bundle's is loaded. So the main bundle is opened
 * first, and no bundle counts as open before its metadata is in; the chunk
 * boundaries are read from that metadata (bundle-meta.ts).
 * `bundleUrl` gives a bundle's folder URL from its base ('' for the main one).
 */
export function bundleOpener(library: PagefindLibrary, bundleUrl: (base: string) => string, options: Record<string, unknown> = {}): ShardOpener {
  const open: ShardOpener = oncePerBundle(async (base) => {
    if (base !== '') await open('');
    const folder = bundleUrl(base);
    const { opened: pagefind, chunkStarts } = await withChunkStarts(folder, async () => {
      // No web worker: a worker would load its own copy of the library and WebAssembly.
      const instance = inIndexLanguage(() => library.createInstance({ ...options, basePath: folder, noWorker: true }));
      // An empty preload returns once the instance's WebAssembly and metadata are loaded.
      await instance.preload('');
      return instance;
    });
    return { pagefind, probes: chunkProbes(chunkStarts), chunkOf: chunkLocator(chunkStarts) };
  });
  return open;
}

/**
 * The index words a term is looked up by, with their offsets in the term. A
 * term of two or more characters: a set of its bigrams that together cover
 * every character — a page holds the term exactly where all of them sit at
 * their offsets from one start. Each index chunk a query touches costs a
 * download, so the set is chosen (greedily) to touch as few chunks as it can;
 * with every word in one chunk that is every other bigram plus the last.
 * A one-character term: the character itself, which Pagefind matches as the
 * prefix of every word it begins.
 */
export function lookupWords(tokens: readonly string[], chunkOf: (word: string) => number): { word: string; offset: number }[] {
  const chars = tokens.map(indexChar);
  if (chars.length === 1) return [{ word: chars[0]!, offset: 0 }];
  const bigrams = chars.slice(0, -1).map((char, offset) => indexBigram(char, chars[offset + 1]!));
  const chunks = bigrams.map(chunkOf);
  let allowed = new Set(chunks);
  for (const chunk of [...allowed].sort((a, b) => b - a)) {
    const without = new Set([...allowed].filter((other) => other !== chunk));
    if (coverOf(chunks, without) !== undefined) allowed = without;
  }
  return coverOf(chunks, allowed)!.map((offset) => ({ word: bigrams[offset]!, offset }));
}

/**
 * Offsets of bigrams whose chunk is allowed that cover every character
 * (bigram i covers characters i and i + 1), reaching as far as possible with
 * each; undefined when they cannot.
 */
function coverOf(chunks: readonly number[], allowed: ReadonlySet<number>): number[] | undefined {
  const usable = (offset: number) => offset >= 0 && offset < chunks.length && allowed.has(chunks[offset]!);
  const offsets: number[] = [];
  for (let char = 0; char <= chunks.length; ) {
    // `char` is the first character not yet covered.
    if (usable(char)) offsets.push(char);
    else if (usable(char - 1)) offsets.push(char - 1);
    else return undefined;
    char = offsets.at(-1)! + 2;
  }
  return offsets;
}

/** Where a term occurs on one page. */
interface TermHit {
  result: PagefindResult;
  /** Index positions at which the whole term starts. */
  starts: number[];
  /** Sum of Pagefind's scores for the lookup words on this page. */
  score: number;
}

/**
 * Every page holding the term, by page id. Each lookup word is searched on
 * its own (Pagefind then reports every position of it), and the positions are
 * aligned by the words' offsets.
 */
async function findTerm({ pagefind, chunkOf }: OpenBundle, term: QueryTerm, options: PagefindSearchOptions): Promise<Map<string, TermHit>> {
  const lookups = lookupWords(term.tokens, chunkOf);
  const distinct = [...new Set(lookups.map((lookup) => lookup.word))];
  const responses = await Promise.all(distinct.map((word) => pagefind.search(word, options)));
  const pagesByWord = new Map(distinct.map((word, index) => [word, new Map(responses[index]!.results.map((result) => [result.id, result]))]));
  const [anchor, ...others] = lookups;
  const hits = new Map<string, TermHit>();
  for (const [id, result] of pagesByWord.get(anchor!.word) ?? []) {
    const aligned = others.map((other) => ({ offset: other.offset, positions: new Set(pagesByWord.get(other.word)?.get(id)?.words ?? []) }));
    const starts = result.words.filter((position) => aligned.every(({ offset, positions }) => positions.has(position + offset)));
    if (starts.length === 0) continue;
    const score = distinct.reduce((sum, word) => sum + (pagesByWord.get(word)?.get(id)?.score ?? 0), 0);
    hits.set(id, { result, starts, score });
  }
  return hits;
}

function inDateRange(date: string, from: string | undefined, to: string | undefined): boolean {
  return (!from || date >= from) && (!to || date <= to);
}

const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/u;

/**
 * Every calendar day from `first` to `last` (yyyy-mm-dd) inside the bound:
 * the date filter values a bundle spanning those days can hold (article
 * dates are yyyy-mm-dd, docs/adr/0006-search-index-shards.md). Asking
 * Pagefind for them loads only the bundle's date filter, where listing the
 * dates it has (its filters()) loads every filter.
 */
export function daysInRange(first: string, last: string, from: string | undefined, to: string | undefined): string[] {
  if (!ISO_DATE.test(first) || !ISO_DATE.test(last)) return [];
  const days: string[] = [];
  for (let t = Date.parse(`${first}T00:00:00Z`), end = Date.parse(`${last}T00:00:00Z`); t <= end; t += DAY_MS) {
    const day = new Date(t).toISOString().slice(0, 10);
    if (inDateRange(day, from, to)) days.push(day);
  }
  return days;
}

function buildFilters(shard: ShardMeta, request: SearchRequest): PagefindFilters | undefined {
  const filters: PagefindFilters = {};
  for (const [name, values] of Object.entries(request.facets)) {
    if (values && values.length > 0) filters[name] = { any: values };
  }
  if (request.dateFrom || request.dateTo) {
    // Only bundles with dates are asked under a date bound (shardWanted); their span is their first and last page's date.
    const wanted = shard.from !== undefined && shard.to !== undefined ? daysInRange(shard.from, shard.to, request.dateFrom, request.dateTo) : [];
    if (wanted.length === 0) return undefined;
    filters['date'] = { any: wanted };
  }
  return filters;
}

/**
 * A bundle can hold a wanted page unless a date bound excludes all of its
 * dates, or it has none of the years chosen in the year facet (undated pages
 * are left out by either: they have no year).
 */
export function shardWanted(
  shard: Pick<ShardMeta, 'from' | 'to'>,
  request: Pick<SearchRequest, 'dateFrom' | 'dateTo'> & { facets?: SearchRequest['facets'] },
): boolean {
  const years = request.facets?.['year'] ?? [];
  if (!request.dateFrom && !request.dateTo && years.length === 0) return true;
  if (shard.from === undefined || shard.to === undefined) return false;
  const { from, to } = shard;
  const inYears = years.length === 0 || years.some((year) => from.slice(0, 4) <= year && year <= to.slice(0, 4));
  return inYears && (!request.dateFrom || to >= request.dateFrom) && (!request.dateTo || from <= request.dateTo);
}

/** A page found in one bundle, with what ranking needs. */
export interface ShardHit {
  result: PagefindResult;
  /** How many terms occur in the headline. */
  headline: number;
  /** Sum of Pagefind's scores for the lookup words. */
  score: number;
}

/** What one bundle answers to a request. */
export interface ShardAnswer {
  hits: Map<string, ShardHit>;
  /** For a date sort: the dated hits' ids in that order (Pagefind's sorted search); empty otherwise. */
  dated: string[];
}

interface ParsedRequest {
  positives: QueryTerm[];
  negatives: QueryTerm[];
  request: SearchRequest;
}

/** Run a request on one bundle. */
async function searchShard(bundle: OpenBundle, shard: ShardMeta, { positives, negatives, request }: ParsedRequest): Promise<ShardAnswer> {
  const { pagefind } = bundle;
  const none: ShardAnswer = { hits: new Map(), dated: [] };
  const filters = buildFilters(shard, request);
  if (filters === undefined) return none;
  const options: PagefindSearchOptions = { filters };
  // One-character terms match every word they begin: load all the chunks those words are in first.
  const probes = [...positives, ...negatives].flatMap((term) => (term.tokens.length === 1 ? (bundle.probes[indexChar(term.tokens[0]!)] ?? []) : []));
  if (probes.length > 0) await pagefind.preload(probes.join(' '));

  const positiveHits = await Promise.all(positives.map((term) => findTerm(bundle, term, options)));
  const excluded = new Set<string>();
  for (const hits of await Promise.all(negatives.map((term) => findTerm(bundle, term, {})))) {
    for (const id of hits.keys()) excluded.add(id);
  }

  // Intersect. Headline hits: positions before HEADLINE_SLOT are the headline's.
  const hits = new Map<string, ShardHit>();
  if (positives.length === 0) {
    for (const result of (await pagefind.search(null, options)).results) {
      if (!excluded.has(result.id)) hits.set(result.id, { result, headline: 0, score: result.score });
    }
  } else {
    const [first, ...rest] = positiveHits;
    for (const [id, hit] of first!) {
      if (excluded.has(id)) continue;
      const termHits = [hit, ...rest.map((other) => other.get(id))];
      if (termHits.some((termHit) => termHit === undefined)) continue;
      let headline = 0;
      let score = 0;
      for (const termHit of termHits as TermHit[]) {
        if (termHit.starts.some((start) => start < HEADLINE_SLOT)) headline++;
        score += termHit.score;
      }
      hits.set(id, { result: hit.result, headline, score });
    }
  }
  // A bundle of undated pages has nothing to sort (Pagefind, not knowing the sort key there, would answer in relevance order).
  if (request.sort === 'relevance' || hits.size === 0 || shard.from === undefined) return { hits, dated: [] };
  // Pagefind's sorted results leave out pages without the sort key.
  const direction = request.sort === 'date-asc' ? 'asc' : 'desc';
  const sorted = await pagefind.search(positives.length > 0 ? lookupWords(positives[0]!.tokens, bundle.chunkOf)[0]!.word : null, { ...options, sort: { date: direction } });
  return { hits, dated: sorted.results.map((result) => result.id).filter((id) => hits.has(id)) };
}

/**
 * Merge the bundles' answers (given in bundle order, i.e. date order) into
 * one list. Relevance: first the number of terms in the headline, then the
 * sum of Pagefind's scores. Date sorts: the dated pages in date order — the
 * bundles hold contiguous date runs, so that is their sorted lists one after
 * another — then the undated by relevance. Ids are prefixed with the
 * bundle's folder, as Pagefind's page ids are only unique within a bundle.
 */
export function mergeShardAnswers(answers: readonly { base: string; answer: ShardAnswer }[], sort: SortOrder): PagefindResult[] {
  const byRelevance = answers
    .flatMap(({ base, answer }) => [...answer.hits].map(([id, hit]) => ({ key: base + id, hit })))
    .sort((x, y) => y.hit.headline - x.hit.headline || y.hit.score - x.hit.score);
  const hitOf = new Map(byRelevance.map(({ key, hit }) => [key, hit]));
  let order = byRelevance.map(({ key }) => key);
  if (sort !== 'relevance') {
    const inDateOrder = sort === 'date-asc' ? answers : [...answers].reverse();
    const dated = inDateOrder.flatMap(({ base, answer }) => answer.dated.map((id) => base + id));
    const datedSet = new Set(dated);
    order = [...dated, ...order.filter((key) => !datedSet.has(key))];
  }
  return order.map((key) => {
    const { result } = hitOf.get(key)!;
    return key === result.id ? result : { ...result, id: key };
  });
}

/** Run a request. Results are exactly the pages whose folded text contains every positive term and no excluded one. */
export async function exactSearch(open: ShardOpener, meta: SearchMeta, request: SearchRequest): Promise<SearchOutcome> {
  const terms = parseQuery(request.query, meta.fold);
  const positives = terms.filter((term) => !term.exclude);
  const negatives = terms.filter((term) => term.exclude && isSearchable(term, meta));
  const hasFacets = Object.values(request.facets).some((values) => values && values.length > 0) || Boolean(request.dateFrom || request.dateTo);
  if (positives.length === 0 && !hasFacets && negatives.length === 0) return { terms, results: [] };
  if (positives.some((term) => !isSearchable(term, meta))) return { terms, results: [] };

  const parsed: ParsedRequest = { positives, negatives, request };
  const answers = await Promise.all(
    meta.shards.filter((shard) => shardWanted(shard, request)).map(async (shard) => ({ base: shard.base, answer: await searchShard(await open(shard.base), shard, parsed) })),
  );
  return { terms, results: mergeShardAnswers(answers, request.sort) };
}

export interface ExcerptSegment {
  text: string;
  marked: boolean;
}

/**
 * A readable excerpt of the body from a fragment's token content: the window
 * around the first hit of any positive term, tokens joined without spaces,
 * every hit of every positive term inside the window marked. The headline
 * (shown separately) and its filler are skipped.
 */
export function buildExcerpt(content: string, terms: readonly QueryTerm[], length = 80): ExcerptSegment[] {
  const tokens = content
    .split(/\s+/u)
    .filter((token) => token !== '')
    .map(displayTokenOf);
  const skipTokens = tokens.lastIndexOf(FILLER_TOKEN) + 1;
  const lower = tokens.map((token) => token.toLowerCase());
  const marked = new Uint8Array(tokens.length);
  let firstHit = -1;
  for (const term of terms) {
    if (term.exclude) continue;
    for (const start of findRuns(lower, term.tokens)) {
      for (let i = start; i < start + term.tokens.length; i++) marked[i] = 1;
      if (start >= skipTokens && (firstHit < 0 || start < firstHit)) firstHit = start;
    }
  }
  const from = firstHit < 0 ? skipTokens : Math.max(skipTokens, firstHit - Math.floor(length / 3));
  const to = Math.min(tokens.length, from + length);
  const segments: ExcerptSegment[] = [];
  if (from > skipTokens) segments.push({ text: '…', marked: false });
  for (let i = from; i < to; i++) {
    const isMarked = marked[i] === 1;
    const last = segments.at(-1);
    if (last && last.marked === isMarked && last.text !== '…') last.text += tokens[i];
    else segments.push({ text: tokens[i] ?? '', marked: isMarked });
  }
  if (to < tokens.length) segments.push({ text: '…', marked: false });
  return segments;
}
