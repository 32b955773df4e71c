/**
 * Grouping articles for the browse pages (by date, source file, place, kind),
 * neighbours within a source, related articles, and pagination. Pure functions
 * over article data so they can be unit-tested without Astro.
 */
import type { Article } from '../shared/schema.ts';
import { compareNewestFirst } from './dates.ts';

export type BrowseArticle = Pick<
  Article,
  'id' | 'slug' | 'title' | 'date' | 'datePrecision' | 'places' | 'kind' | 'source' | 'sources'
>;

/** Known date parts at the article's precision; undefined parts are not known. */
export function dateParts(article: Pick<Article, 'date' | 'datePrecision'>): {
  year?: string | undefined;
  month?: string | undefined;
  day?: string | undefined;
} {
  const { date, datePrecision } = article;
  if (date === undefined || datePrecision === 'unknown') return {};
  const [year, month, day] = date.split('-');
  if (datePrecision === 'year') return { year };
  if (datePrecision === 'month') return { year, month };
  return { year, month, day };
}

export interface DayGroup<T> {
  day: string;
  articles: T[];
}
export interface MonthGroup<T> {
  month: string;
  /** Articles dated to this month but to no particular day. */
  monthOnly: T[];
  days: DayGroup<T>[];
  count: number;
}
export interface YearGroup<T> {
  year: string;
  /** Articles dated to this year but to no particular month. */
  yearOnly: T[];
  months: MonthGroup<T>[];
  count: number;
}

/** Year → month → day tree, newest year first, months and days in calendar order. */
export function dateTree<T extends Pick<Article, 'date' | 'datePrecision' | 'id'>>(articles: readonly T[]): YearGroup<T>[] {
  const years = new Map<string, YearGroup<T>>();
  for (const article of articles) {
    const { year, month, day } = dateParts(article);
    if (year === undefined) continue;
    let yearGroup = years.get(year);
    if (!yearGroup) {
      yearGroup = { year, yearOnly: [], months: [], count: 0 };
      years.set(year, yearGroup);
    }
    yearGroup.count += 1;
    if (month === undefined) {
      yearGroup.yearOnly.push(article);
      continue;
    }
    let monthGroup = yearGroup.months.find((group) => group.month === month);
    if (!monthGroup) {
      monthGroup = { month, monthOnly: [], days: [], count: 0 };
      yearGroup.months.push(monthGroup);
    }
    monthGroup.count += 1;
    if (day === undefined) {
      monthGroup.monthOnly.push(article);
      continue;
    }
    let dayGroup = monthGroup.days.find((group) => group.day === day);
    if (!dayGroup) {
      dayGroup = { day, articles: [] };
      monthGroup.days.push(dayGroup);
    }
    dayGroup.articles.push(article);
  }
  const tree = [...years.values()].sort((a, b) => (a.year < b.year ? 1 : -1));
  for (const yearGroup of tree) {
    yearGroup.months.sort((a, b) => (a.month < b.month ? -1 : 1));
    for (const monthGroup of yearGroup.months) monthGroup.days.sort((a, b) => (a.day < b.day ? -1 : 1));
  }
  return tree;
}

export interface CalendarCell {
  /** Day of month, or undefined for padding before the 1st. */
  day?: number;
  count: number;
}

/**
 * Weeks of a month for a calendar grid, Monday first (the Chinese convention).
 * Each cell carries the number of articles dated to that day.
 */
export function calendarWeeks(year: number, month: number, countsByDay: ReadonlyMap<number, number>): CalendarCell[][] {
  const first = new Date(Date.UTC(year, month - 1, 1));
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const leading = (first.getUTCDay() + 6) % 7;
  const cells: CalendarCell[] = Array.from({ length: leading }, () => ({ count: 0 }));
  for (let day = 1; day <= daysInMonth; day += 1) cells.push({ day, count: countsByDay.get(day) ?? 0 });
  while (cells.length % 7 !== 0) cells.push({ count: 0 });
  const weeks: CalendarCell[][] = [];
  for (let index = 0; index < cells.length; index += 7) weeks.push(cells.slice(index, index + 7));
  return weeks;
}

/** A labelled group of articles with a URL-safe key. */
export interface Facet<T> {
  key: string;
  label: string;
  articles: T[];
}

function sortFacets<T>(facets: Map<string, Facet<T>>): Facet<T>[] {
  return [...facets.values()].sort(
    (a, b) => b.articles.length - a.articles.length || a.label.localeCompare(b.label, 'zh-CN'),
  );
}

/** The raw file an article starts in, without its extension: the "issue" it was printed in. */
export function primaryFile(article: Pick<Article, 'sources'>): string {
  return article.sources[0]?.file ?? '';
}

export function fileKey(file: string): string {
  return file.replace(/\.[^./]+$/u, '').replace(/[^\p{L}\p{N}_-]+/gu, '-');
}

/** Articles grouped by the source file they start in; the label is the article's source name. */
export function bySourceFile<T extends BrowseArticle>(articles: readonly T[]): Facet<T>[] {
  const facets = new Map<string, Facet<T>>();
  for (const article of articles) {
    const key = fileKey(primaryFile(article));
    const facet = facets.get(key) ?? { key, label: article.source, articles: [] };
    facet.articles.push(article);
    facets.set(key, facet);
  }
  return [...facets.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** Articles grouped by every place they mention, most-covered place first. */
export function byPlace<T extends BrowseArticle>(articles: readonly T[]): Facet<T>[] {
  const facets = new Map<string, Facet<T>>();
  for (const article of articles) {
    for (const place of new Set(article.places)) {
      const facet = facets.get(place) ?? { key: place, label: place, articles: [] };
      facet.articles.push(article);
      facets.set(place, facet);
    }
  }
  return sortFacets(facets);
}

export function byKind<T extends BrowseArticle>(articles: readonly T[], labels: Readonly<Record<string, string>>): Facet<T>[] {
  const facets = new Map<string, Facet<T>>();
  for (const article of articles) {
    const facet = facets.get(article.kind) ?? { key: article.kind, label: labels[article.kind] ?? article.kind, articles: [] };
    facet.articles.push(article);
    facets.set(article.kind, facet);
  }
  return sortFacets(facets);
}

/** Position of an article in its source file: where its first span starts. */
function filePosition(article: Pick<Article, 'sources'>): number {
  return article.sources[0]?.from ?? 0;
}

/** Printed order within a file: where the first span starts, then id. */
function compareFilePosition(a: BrowseArticle, b: BrowseArticle): number {
  return filePosition(a) - filePosition(b) || a.id.localeCompare(b.id);
}

export interface Neighbours<T> {
  previous: T | undefined;
  next: T | undefined;
}

/**
 * Previous/next in the same source file for every article of a collection:
 * the collection is grouped and sorted once, so looking up each article's
 * neighbours is constant time instead of a scan of the whole collection.
 */
export function sourceNeighbourIndex<T extends BrowseArticle>(articles: readonly T[]): (article: T) => Neighbours<T> {
  const inFile = new Map<string, { order: T[]; position: Map<string, number> }>();
  for (const [file, group] of Map.groupBy(articles, (article) => primaryFile(article))) {
    const order = group.sort(compareFilePosition);
    const position = new Map<string, number>();
    order.forEach((article, index) => {
      if (!position.has(article.id)) position.set(article.id, index);
    });
    inFile.set(file, { order, position });
  }
  return (article) => {
    const file = inFile.get(primaryFile(article));
    const index = file?.position.get(article.id);
    if (file === undefined || index === undefined) return { previous: undefined, next: undefined };
    return { previous: index > 0 ? file.order[index - 1] : undefined, next: file.order[index + 1] };
  };
}

/** The articles just before and after this one in the same source file, in printed order. */
export function neighboursInSource<T extends BrowseArticle>(article: T, articles: readonly T[]): Neighbours<T> {
  return sourceNeighbourIndex(articles)(article);
}

function compareNewest(a: BrowseArticle, b: BrowseArticle): number {
  return compareNewestFirst(a as unknown as Article, b as unknown as Article);
}

/**
 * Related articles for every article of a collection (see relatedArticles).
 * An article's score against another depends only on the other's distinct
 * places, in order, and kind, so the collection is grouped once by that
 * signature, each group sorted newest first; a query scores the groups that
 * share a place with the article rather than every article. The places come
 * from a short fixed list, so there are few groups however large the archive.
 */
export function relatedIndex<T extends BrowseArticle>(articles: readonly T[]): (article: T, limit?: number) => T[] {
  interface Group {
    places: string[];
    kind: string;
    /** Newest first; collection order among equals. */
    members: T[];
  }
  const groups = new Map<string, Group>();
  const groupsWithPlace = new Map<string, Group[]>();
  for (const article of articles) {
    const places = [...new Set(article.places)];
    if (places.length === 0) continue;
    const key = JSON.stringify([article.kind, places]);
    let group = groups.get(key);
    if (!group) {
      group = { places, kind: article.kind, members: [] };
      groups.set(key, group);
      for (const place of places) {
        const list = groupsWithPlace.get(place) ?? [];
        list.push(group);
        groupsWithPlace.set(place, list);
      }
    }
    group.members.push(article);
  }
  // Array.prototype.sort is stable: equal articles keep collection order.
  for (const group of groups.values()) group.members.sort(compareNewest);
  const order = new Map(articles.map((article, index) => [article, index] as const).reverse());

  return (article, limit = 5) => {
    const weights = new Map(article.places.map((place, index) => [place, 1 / (index + 1)]));
    const candidates = new Set<Group>();
    for (const place of weights.keys()) for (const group of groupsWithPlace.get(place) ?? []) candidates.add(group);
    const scored: { group: Group; score: number }[] = [];
    for (const group of candidates) {
      // Summed in the other article's place order, as relatedArticles does, so equal scores stay equal.
      let score = 0;
      for (const place of group.places) score += weights.get(place) ?? 0;
      if (score === 0) continue;
      if (group.kind === article.kind) score += 0.25;
      scored.push({ group, score });
    }
    scored.sort((a, b) => b.score - a.score);
    const result: T[] = [];
    for (let at = 0; at < scored.length && result.length < limit; ) {
      // Groups of equal score: their first `limit` members, merged newest first, then collection order.
      const level: T[] = [];
      let end = at;
      for (; end < scored.length && scored[end]!.score === scored[at]!.score; end += 1) {
        let taken = 0;
        for (const other of scored[end]!.group.members) {
          if (taken >= limit) break;
          if (other.id === article.id) continue;
          level.push(other);
          taken += 1;
        }
      }
      level.sort((a, b) => compareNewest(a, b) || order.get(a)! - order.get(b)!);
      for (const other of level) {
        if (result.length >= limit) break;
        result.push(other);
      }
      at = end;
    }
    return result;
  };
}

/**
 * Other articles sharing places with this one, scored by shared places (the
 * article's most-mentioned places weigh more) plus a little for the same kind;
 * equal scores newest first. For many articles of one collection, build a
 * relatedIndex once instead.
 */
export function relatedArticles<T extends BrowseArticle>(article: T, articles: readonly T[], limit = 5): T[] {
  return relatedIndex(articles)(article, limit);
}

export interface PageSlice<T> {
  items: T[];
  /** 1-based. */
  page: number;
  pageCount: number;
  total: number;
}

/** Split a list into pages of `size`; an empty list still has one (empty) page. */
export function paginate<T>(items: readonly T[], size: number): PageSlice<T>[] {
  const pageCount = Math.max(1, Math.ceil(items.length / size));
  return Array.from({ length: pageCount }, (_, index) => ({
    items: items.slice(index * size, (index + 1) * size),
    page: index + 1,
    pageCount,
    total: items.length,
  }));
}

/**
 * The page numbers a pagination bar links to, `undefined` marking a gap: every
 * page of a short list; of a long one the first, the last and `around` pages
 * either side of the current one (a gap never hides a single page). Linking
 * every page would make each of a list's n pages hold n links: 5,000 pages of
 * 20 articles, 25 million links, for 100,000 articles.
 */
export function pageNumbers(page: number, pageCount: number, around = 2): (number | undefined)[] {
  const all = Array.from({ length: pageCount }, (_, index) => index + 1);
  const shown = 2 * around + 5;
  if (pageCount <= shown) return all;
  // The window keeps its width near either end, so the bar always shows `shown` slots.
  let from = Math.max(2, Math.min(page - around, pageCount - 2 * around - 2));
  let to = Math.min(pageCount - 1, Math.max(page + around, 2 * around + 3));
  if (from === 3) from = 2;
  if (to === pageCount - 2) to = pageCount - 1;
  return [1, ...(from > 2 ? [undefined] : []), ...all.slice(from - 1, to), ...(to < pageCount - 1 ? [undefined] : []), pageCount];
}

/** URL of page `page` of a list whose first page lives at `basePath` (ending in "/"). */
export function pageHref(basePath: string, page: number): string {
  return page <= 1 ? basePath : `${basePath}page/${page}/`;
}
