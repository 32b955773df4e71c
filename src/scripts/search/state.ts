/**
 * The whole search state lives in the URL, so any search — query, facets,
 * date range, sort — can be bookmarked, shared and restored with Back.
 *
 *   /search/?q=魏都+-环保&kind=bulletin&place=魏都区&year=2018&from=2018-01-01&to=2018-12-31&sort=date-desc
 */
import type { SearchRequest, SortOrder } from './engine.ts';

/** Facets, in the order the page shows them; each is a Pagefind filter of the same name. */
export const FACETS = ['kind', 'place', 'source', 'year'] as const;
export type Facet = (typeof FACETS)[number];

export const SORT_ORDERS: readonly SortOrder[] = ['relevance', 'date-desc', 'date-asc'];

export interface SearchState {
  query: string;
  facets: Record<Facet, string[]>;
  from: string;
  to: string;
  sort: SortOrder;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/u;

export function emptyState(): SearchState {
  return { query: '', facets: { kind: [], place: [], source: [], year: [] }, from: '', to: '', sort: 'relevance' };
}

export function readState(params: URLSearchParams): SearchState {
  const state = emptyState();
  state.query = params.get('q') ?? '';
  for (const facet of FACETS) state.facets[facet] = [...new Set(params.getAll(facet).filter((value) => value !== ''))];
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  state.from = ISO_DATE.test(from) ? from : '';
  state.to = ISO_DATE.test(to) ? to : '';
  const sort = params.get('sort') as SortOrder | null;
  state.sort = sort && SORT_ORDERS.includes(sort) ? sort : 'relevance';
  return state;
}

/** Parameters for a state; defaults are left out so plain searches keep short URLs. */
export function writeState(state: SearchState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.query.trim() !== '') params.set('q', state.query.trim());
  for (const facet of FACETS) for (const value of state.facets[facet]) params.append(facet, value);
  if (state.from) params.set('from', state.from);
  if (state.to) params.set('to', state.to);
  if (state.sort !== 'relevance') params.set('sort', state.sort);
  return params;
}

export function hasFilters(state: SearchState): boolean {
  return FACETS.some((facet) => state.facets[facet].length > 0) || state.from !== '' || state.to !== '';
}

export function toRequest(state: SearchState): SearchRequest {
  return {
    query: state.query,
    facets: { ...state.facets },
    dateFrom: state.from || undefined,
    dateTo: state.to || undefined,
    sort: state.sort,
  };
}
