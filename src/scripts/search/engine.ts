/**
 * Exact search over the character-token Pagefind index (see
 * docs/adr/0004-exact-chinese-search.md): every query term becomes one exact
 * phrase of single-character tokens; terms are intersected, exclusions
 * subtracted, facets passed to Pagefind as filters. Runs in the browser (the
 * search page, the benchmark page); no DOM access here.
 */
import { FILLER_TOKEN, findRuns, HEADLINE_SLOT, isWordToken, parseFoldTable, parseQuery, type FoldTable, type QueryTerm } from '../../lib/search-text.ts';

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
  filters(): Promise<Record<string, Record<string, number>>>;
}

export interface SearchMeta {
  fold: FoldTable;
  /** Punctuation and symbols that occur in the index; any other such character occurs in no page. */
  symbols: ReadonlySet<string>;
}

export async function loadSearchMeta(url: string, fetcher: typeof fetch = fetch): Promise<SearchMeta> {
  const response = await fetcher(url);
  if (!response.ok) throw new Error(`search metadata ${url}: HTTP ${response.status}`);
  const json = (await response.json()) as { fold: string; symbols: string };
  return { fold: parseFoldTable(json.fold), symbols: new Set(json.symbols) };
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

/** The exact-phrase query string Pagefind is given for a term. */
export function phraseFor(term: QueryTerm): string {
  return `"${term.tokens.join(' ')}"`;
}

function inDateRange(date: string, from: string | undefined, to: string | undefined): boolean {
  return (from === undefined || date >= from) && (to === undefined || date <= to);
}

async function buildFilters(pagefind: PagefindModule, request: SearchRequest): Promise<PagefindFilters | undefined> {
  const filters: PagefindFilters = {};
  for (const [name, values] of Object.entries(request.facets)) {
    if (values && values.length > 0) filters[name] = { any: values };
  }
  if (request.dateFrom || request.dateTo) {
    const dates = Object.keys((await pagefind.filters())['date'] ?? {});
    const wanted = dates.filter((date) => inDateRange(date, request.dateFrom, request.dateTo));
    if (wanted.length === 0) return undefined;
    filters['date'] = { any: wanted };
  }
  return filters;
}

/** Whether `length` consecutive positions, starting below `limit`, all occur (a possible hit there). */
export function hasRunBefore(positions: readonly number[], length: number, limit: number): boolean {
  const set = new Set(positions);
  for (const start of positions) {
    if (start >= limit) continue;
    let run = 1;
    while (run < length && set.has(start + run)) run++;
    if (run === length) return true;
  }
  return false;
}

/** Run a request. Results are exactly the pages whose folded text contains every positive term and no excluded one. */
export async function exactSearch(pagefind: PagefindModule, meta: SearchMeta, request: SearchRequest): Promise<SearchOutcome> {
  const terms = parseQuery(request.query, meta.fold);
  const positives = terms.filter((term) => !term.exclude);
  const negatives = terms.filter((term) => term.exclude && isSearchable(term, meta));
  const hasFacets = Object.values(request.facets).some((values) => values && values.length > 0) || Boolean(request.dateFrom || request.dateTo);
  if (positives.length === 0 && !hasFacets && negatives.length === 0) return { terms, results: [] };
  if (positives.some((term) => !isSearchable(term, meta))) return { terms, results: [] };

  const filters = await buildFilters(pagefind, request);
  if (filters === undefined) return { terms, results: [] };
  const options: PagefindSearchOptions = { filters };

  const positiveResponses = await Promise.all(
    positives.length > 0 ? positives.map((term) => pagefind.search(phraseFor(term), options)) : [pagefind.search(null, options)],
  );
  // Pagefind reports one occurrence of an exact phrase per page; the same tokens searched
  // loosely (chunks already loaded) report every position, from which headline hits are read.
  const looseResponses = await Promise.all(positives.map((term) => pagefind.search(term.tokens.join(' '), options)));
  const headlineHits = looseResponses.map((response, index) => {
    const length = positives[index]!.tokens.length;
    const hits = new Set<string>();
    for (const result of response.results) if (hasRunBefore(result.words, length, HEADLINE_SLOT)) hits.add(result.id);
    return hits;
  });
  const excluded = new Set<string>();
  for (const response of await Promise.all(negatives.map((term) => pagefind.search(phraseFor(term))))) {
    for (const result of response.results) excluded.add(result.id);
  }

  // Intersect. Relevance: first the number of terms found in the headline (its
  // positions come first in the index, see HEADLINE_SLOT), then the sum of Pagefind's scores.
  const inHeadline = (result: PagefindResult, termIndex: number) => (headlineHits[termIndex]?.has(result.id) ? 1 : 0);
  const [first, ...rest] = positiveResponses;
  const scores = new Map<string, { headline: number; score: number }>();
  for (const result of first?.results ?? []) {
    if (!excluded.has(result.id)) scores.set(result.id, { headline: inHeadline(result, 0), score: result.score });
  }
  for (const [restIndex, response] of rest.entries()) {
    const here = new Map(response.results.map((result) => [result.id, result]));
    for (const [id, rank] of scores) {
      const other = here.get(id);
      if (other === undefined) scores.delete(id);
      else scores.set(id, { headline: rank.headline + inHeadline(other, restIndex + 1), score: rank.score + other.score });
    }
  }
  const byId = new Map((first?.results ?? []).map((result) => [result.id, result]));
  let ordered = [...scores.keys()].sort((a, b) => {
    const x = scores.get(a)!;
    const y = scores.get(b)!;
    return y.headline - x.headline || y.score - x.score;
  });

  if (request.sort !== 'relevance' && ordered.length > 1) {
    // Pagefind's sorted results leave out pages without the sort key: dated first, in date order, then the undated by relevance.
    const direction = request.sort === 'date-asc' ? 'asc' : 'desc';
    const sorted = await pagefind.search(positives.length > 0 ? phraseFor(positives[0]!) : null, { ...options, sort: { date: direction } });
    const dated = sorted.results.map((result) => result.id).filter((id) => scores.has(id));
    const datedSet = new Set(dated);
    ordered = [...dated, ...ordered.filter((id) => !datedSet.has(id))];
  }
  return { terms, results: ordered.map((id) => byId.get(id)).filter((result): result is PagefindResult => result !== undefined) };
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
  const tokens = content.split(/\s+/u).filter((token) => token !== '');
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
