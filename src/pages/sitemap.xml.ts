/**
 * sitemap.xml: the home page, lists, browse pages and every article with its
 * original-text page. URLs are absolute when SITE_URL is set at build time.
 */
import type { APIRoute } from 'astro';
import { getCollection } from 'astro:content';
import { KIND_LABELS } from '../consts.ts';
import { byKind, byPlace, bySourceFile, dateTree } from '../lib/browse.ts';
import { compareNewestFirst } from '../lib/dates.ts';
import { escapeXml } from '../lib/xml.ts';
import { sitePath } from '../lib/paths.ts';

export const GET: APIRoute = async ({ site, url }) => {
  const articles = (await getCollection('articles')).map((entry) => entry.data).sort(compareNewestFirst);
  const paths = ['', 'articles/', 'browse/', 'cases/', 'search/', 'report/'];
  for (const year of dateTree(articles)) {
    paths.push(`browse/date/${year.year}/`);
    for (const month of year.months) paths.push(`browse/date/${year.year}/${month.month}/`);
  }
  for (const facet of bySourceFile(articles)) paths.push(`browse/source/${facet.key}/`);
  for (const facet of byPlace(articles)) paths.push(`browse/place/${facet.key}/`);
  for (const facet of byKind(articles, KIND_LABELS)) paths.push(`browse/kind/${facet.key}/`);
  for (const article of articles) paths.push(`articles/${article.slug}/`, `articles/${article.slug}/source/`);
  const origin = site ?? url;
  const body = paths.map((path) => `  <url><loc>${escapeXml(new URL(encodeURI(sitePath(path)), origin).href)}</loc></url>`).join('\n');
  return new Response(`<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${body}\n</urlset>\n`, {
    headers: { 'Content-Type': 'application/xml; charset=utf-8' },
  });
};
