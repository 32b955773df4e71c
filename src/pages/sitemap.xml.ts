/**
 * sitemap.xml: the home page, lists, browse pages and every article with its
 * original-text page. URLs are absolute when SITE_URL is set at build time.
 * Past 50,000 URLs it is a sitemap index of /sitemap-<n>.xml files
 * (sitemap-[part].xml.ts); see src/lib/sitemap.ts.
 */
import type { APIRoute } from 'astro';
import { getCollection } from 'astro:content';
import { compareNewestFirst } from '../lib/dates.ts';
import { sitePath } from '../lib/paths.ts';
import { sitemapIndexXml, sitemapPartPath, sitemapParts, sitemapPaths, urlsetXml } from '../lib/sitemap.ts';

export const GET: APIRoute = async ({ site, url }) => {
  const articles = (await getCollection('articles')).map((entry) => entry.data).sort(compareNewestFirst);
  const paths = sitemapPaths(articles);
  const parts = sitemapParts(paths);
  const origin = site ?? url;
  const absolute = (path: string) => new URL(encodeURI(sitePath(path)), origin).href;
  const body =
    parts.length === 0 ? urlsetXml(paths.map(absolute)) : sitemapIndexXml(parts.map((_, index) => absolute(sitemapPartPath(index + 1))));
  return new Response(body, { headers: { 'Content-Type': 'application/xml; charset=utf-8' } });
};
