import { describe, expect, it } from 'vitest';
import { emptyState, hasFilters, readState, toRequest, writeState } from '../../src/scripts/search/state.ts';

describe('search state in the URL', () => {
  it('round-trips every part of the state', () => {
    const url = 'q=%E9%AD%8F%E9%83%BD+-%E7%8E%AF%E4%BF%9D&kind=bulletin&kind=news&place=%E9%AD%8F%E9%83%BD%E5%8C%BA&year=2018&from=2018-01-01&to=2018-12-31&sort=date-desc';
    const state = readState(new URLSearchParams(url));
    expect(state).toEqual({
      query: '魏都 -环保',
      facets: { kind: ['bulletin', 'news'], place: ['魏都区'], source: [], year: ['2018'] },
      from: '2018-01-01',
      to: '2018-12-31',
      sort: 'date-desc',
    });
    expect(writeState(state).toString()).toBe(url);
  });

  it('leaves defaults out and ignores malformed values', () => {
    const state = readState(new URLSearchParams('q=&sort=bogus&from=2018&kind='));
    expect(state).toEqual(emptyState());
    expect(writeState(state).toString()).toBe('');
    expect(hasFilters(state)).toBe(false);
  });

  it('turns the state into an engine request', () => {
    const state = readState(new URLSearchParams('q=5G&to=2019-06-30'));
    expect(toRequest(state)).toEqual({
      query: '5G',
      facets: { kind: [], place: [], source: [], year: [] },
      dateFrom: undefined,
      dateTo: '2019-06-30',
      sort: 'relevance',
    });
  });
});
