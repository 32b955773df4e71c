import { UI } from '../consts.ts';
import type { Article } from '../shared/schema.ts';

type DatedFields = Pick<Article, 'date' | 'datePrecision'>;

/** Human date at the precision actually known: 2019年12月29日, 2019年5月, 2019年. */
export function formatArticleDate({ date, datePrecision }: DatedFields): string {
  if (date === undefined || datePrecision === 'unknown') return UI.undated;
  const [year, month, day] = date.split('-').map(Number);
  switch (datePrecision) {
    case 'year':
      return `${year}年`;
    case 'month':
      return `${year}年${month}月`;
    case 'day':
      return `${year}年${month}月${day}日`;
  }
}

/** Machine-readable value for <time datetime>, trimmed to the known precision. */
export function isoDateAtPrecision({ date, datePrecision }: DatedFields): string | undefined {
  if (date === undefined) return undefined;
  switch (datePrecision) {
    case 'year':
      return date.slice(0, 4);
    case 'month':
      return date.slice(0, 7);
    case 'day':
      return date;
    case 'unknown':
      return undefined;
  }
}

/** Newest first; undated articles last; ties broken by id so the order is stable across builds. */
export function compareNewestFirst(a: Article, b: Article): number {
  const aDate = a.datePrecision === 'unknown' ? undefined : a.date;
  const bDate = b.datePrecision === 'unknown' ? undefined : b.date;
  if (aDate !== bDate) {
    if (aDate === undefined) return 1;
    if (bDate === undefined) return -1;
    return aDate < bDate ? 1 : -1;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
