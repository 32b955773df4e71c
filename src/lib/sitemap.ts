/**
 * The sitemap: which pages it lists, and how it is split. The sitemaps
 * protocol allows at most 50,000 URLs in one file; a site with more gets a
 * sitemap index at /sitemap.xml pointing to /sitemap-1.xml, /sitemap-2.xml…
 * of SITEMAP_PART_URLS URLs each. Pure functions, so the split is unit-tested.
 */
import { KIND_LABELS } from '../consts.ts';
import type { Article } from '../shared/schema.ts';
import { byKind, byPlace, bySourceFile, dateTree } from './browse.ts';
import { escapeXml } from './xml.ts';

/** Most URLs one sitemap file may hold (sitemaps.org protocol). */
export const SITEMAP_MAX_URLS = 50_000;
/** URLs per file once the sitemap is split: well under the limit, about 1 MB each. */
export const SITEMAP_PART_URLS = 10_000;

/**
 * Paths (relative to the site base) the sitemap lists: the home page, lists,
 * browse pages, then every article with its original-text page. `articles`
 * newest first.
 */
export function sitemapPaths(articles: readonly Article[]): string[] {
  const paths = ['', 'articles/', 'browse/', 'cases/', 'search/', 'report/'];
  for (const year of dateTree(articles)) {
    paths.push(`browse/date/${year.year}/`);
    for (const month of year.months) paths.push(`browse/date/${year.year}/${month.month}/`);
  }
  for (const facet of bySourceFile(articles)) paths.push(`browse/source/${facet.key}/`);
  for (const facet of byPlace(articles)) paths.push(`browse/place/${facet.key}/`);
  for (const facet of byKind(articles, KIND_LABELS)) paths.push(`browse/kind/${facet.key}/`);
  for (const article of articles) paths.push(`articles/${article.slug}/`, `articles/${article.slug}/source/`);
  return paths;
}

/**
 * The sitemap files: none when everything fits in /sitemap.xml itself,
 * otherwise consecutive runs of `partSize` URLs, in order.
 */
export function sitemapParts<T>(urls: readonly T[], maxUrls = SITEMAP_MAX_URLS, partSize = SITEMAP_PART_URLS): T[][] {
  if (urls.length <= maxUrls) return [];
  const parts: T[][] = [];
  for (let start = 0; start < urls.length; start += partSize) parts.push(urls.slice(start, start + partSize));
  return parts;
}

/** Path (relative to the site base) of sitemap file `part` (1-based). */
export function sitemapPartPath(part: number): string {
  return `sitemap-${part}.xml`;
}

/** A <urlset> sitemap of absolute URLs. */
export function urlsetXml(urls: readonly string[]): string {
  const body = urls.map((url) => `  <url><loc>${escapeXml(url)}</loc></url>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${body}\n</urlset>\n`;
}

/** A <sitemapindex> of the absolute URLs of sitemap files. */
export function sitemapIndexXml(sitemapUrls: readonly string[]): string {
  const body = sitemapUrls.map((url) => `  <sitemap><loc>${escapeXml(url)}</loc></sitemap>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${body}\n</sitemapindex>\n`;
}
