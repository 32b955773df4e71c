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

/** The articles just before and after this one in the same source file, in printed order. */
export function neighboursInSource<T extends BrowseArticle>(
  article: T,
  articles: readonly T[],
): { previous: T | undefined; next: T | undefined } {
  const file = primaryFile(article);
  const inFile = articles
    .filter((other) => primaryFile(other) === file)
    .sort((a, b) => filePosition(a) - filePosition(b) || a.id.localeCompare(b.id));
  const index = inFile.findIndex((other) => other.id === article.id);
  return { previous: index > 0 ? inFile[index - 1] : undefined, next: index >= 0 ? inFile[index + 1] : undefined };
}

/**
 * Other articles sharing places with this one, scored by shared places (the
 * article's most-mentioned places weigh more) plus a little for the same kind.
 */
export function relatedArticles<T extends BrowseArticle>(article: T, articles: readonly T[], limit = 5): T[] {
  const weights = new Map(article.places.map((place, index) => [place, 1 / (index + 1)]));
  const scored: { other: T; score: number }[] = [];
  for (const other of articles) {
    if (other.id === article.id) continue;
    let score = 0;
    for (const place of new Set(other.places)) score += weights.get(place) ?? 0;
    if (score === 0) continue;
    if (other.kind === article.kind) score += 0.25;
    scored.push({ other, score });
  }
  return scored
    .sort((a, b) => b.score - a.score || compareNewestFirst(a.other as unknown as Article, b.other as unknown as Article))
    .slice(0, limit)
    .map(({ other }) => other);
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

/** URL of page `page` of a list whose first page lives at `basePath` (ending in "/"). */
export function pageHref(basePath: string, page: number): string {
  return page <= 1 ? basePath : `${basePath}page/${page}/`;
}
