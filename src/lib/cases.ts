/**
 * Bulletin cases across all bulletins, and the district × verdict filter of
 * the cases page. Every filter combination is its own static page, so the
 * filter lives in the URL and works without JavaScript.
 */
import { VERDICTS, type Article, type BulletinCase } from '../shared/schema.ts';

export type Verdict = (typeof VERDICTS)[number];

export interface CaseRow extends BulletinCase {
  article: Pick<Article, 'id' | 'slug' | 'title' | 'date' | 'datePrecision'>;
}

export interface CaseFilter {
  district?: string | undefined;
  verdict?: Verdict | undefined;
}

export function allCases(articles: readonly Article[]): CaseRow[] {
  return articles.flatMap((article) =>
    article.cases.map((bulletinCase) => ({
      ...bulletinCase,
      article: { id: article.id, slug: article.slug, title: article.title, date: article.date, datePrecision: article.datePrecision },
    })),
  );
}

export function matchesFilter(row: Pick<BulletinCase, 'district' | 'verdict'>, filter: CaseFilter): boolean {
  return (filter.district === undefined || row.district === filter.district) && (filter.verdict === undefined || row.verdict === filter.verdict);
}

/** Districts with their case counts, most cases first. */
export function districtCounts(rows: readonly Pick<BulletinCase, 'district'>[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.district, (counts.get(row.district) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh-CN'));
}

export function verdictCounts(rows: readonly Pick<BulletinCase, 'verdict'>[]): [Verdict, number][] {
  return VERDICTS.map((verdict) => [verdict, rows.filter((row) => row.verdict === verdict).length]);
}

/** Path (relative to the site base) of the cases page for a filter. */
export function casesPath(filter: CaseFilter): string {
  const parts = ['cases'];
  if (filter.district !== undefined) parts.push('district', filter.district);
  if (filter.verdict !== undefined) parts.push('verdict', filter.verdict);
  return `${parts.join('/')}/`;
}

/** The `[...filter]` route parameter for a filter (undefined for the unfiltered page). */
export function filterParam(filter: CaseFilter): string | undefined {
  const path = casesPath(filter).replace(/^cases\/?/u, '').replace(/\/$/u, '');
  return path === '' ? undefined : path;
}

/** Every filter that has at least one case, plus the unfiltered page. */
export function allFilters(rows: readonly CaseRow[]): CaseFilter[] {
  const filters: CaseFilter[] = [{}];
  const districts = districtCounts(rows).map(([district]) => district);
  for (const verdict of VERDICTS) if (rows.some((row) => row.verdict === verdict)) filters.push({ verdict });
  for (const district of districts) {
    filters.push({ district });
    for (const verdict of VERDICTS) {
      if (rows.some((row) => row.district === district && row.verdict === verdict)) filters.push({ district, verdict });
    }
  }
  return filters;
}
