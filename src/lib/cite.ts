/**
 * "Cite this article": a plain-text reference in the style of GB/T 7714
 * (newspaper article, [N]) and a BibTeX-like entry. Both only state what the
 * archive knows: dates at their precision, authors when there is a byline.
 */
import type { Article } from '../shared/schema.ts';
import { isoDateAtPrecision } from './dates.ts';

type Citable = Pick<Article, 'id' | 'title' | 'subtitle' | 'authors' | 'source' | 'date' | 'datePrecision'>;

function fullTitle(article: Citable): string {
  return article.subtitle ? `${article.title}——${article.subtitle}` : article.title;
}

/** GB/T 7714-style: 作者. 题名[N]. 报纸名, 日期. URL. */
export function plainCitation(article: Citable, url: string, accessed: string): string {
  const authors = article.authors.length > 0 ? `${article.authors.join(', ')}. ` : '';
  const date = isoDateAtPrecision(article);
  const where = date ? `${article.source}, ${date}` : article.source;
  return `${authors}${fullTitle(article)}[N]. ${where}. ${url} (${accessed}).`;
}

/** Escape the characters BibTeX treats specially inside a braced field. */
export function bibtexEscape(value: string): string {
  return value.replace(/[\\{}]/gu, (char) => `\\${char}`).replace(/[%&$#_]/gu, (char) => `\\${char}`);
}

export function bibtexCitation(article: Citable, url: string, accessed: string): string {
  const date = isoDateAtPrecision(article);
  const fields: [string, string][] = [['title', fullTitle(article)]];
  if (article.authors.length > 0) fields.push(['author', article.authors.join(' and ')]);
  fields.push(['journal', article.source]);
  if (date) {
    fields.push(['date', date]);
    fields.push(['year', date.slice(0, 4)]);
  }
  fields.push(['url', url], ['urldate', accessed], ['langid', 'chinese']);
  const body = fields.map(([key, value]) => `  ${key} = {${key === 'url' ? value : bibtexEscape(value)}}`).join(',\n');
  return `@article{${article.id},\n${body}\n}`;
}
