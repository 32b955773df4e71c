/**
 * /sitemap-<n>.xml: the n-th file of a sitemap split because the site has
 * more URLs than one sitemap may hold; /sitemap.xml is then their index.
 * A smaller site has none of these files.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { getCollection } from 'astro:content';
import { compareNewestFirst } from '../lib/dates.ts';
import { sitePath } from '../lib/paths.ts';
import { sitemapParts, sitemapPaths, urlsetXml } from '../lib/sitemap.ts';

export const getStaticPaths = (async () => {
  const articles = (await getCollection('articles')).map((entry) => entry.data).sort(compareNewestFirst);
  return sitemapParts(sitemapPaths(articles)).map((paths, index) => ({ params: { part: String(index + 1) }, props: { paths } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ paths: string[] }> = ({ props, site, url }) => {
  const origin = site ?? url;
  const body = urlsetXml(props.paths.map((path) => new URL(encodeURI(sitePath(path)), origin).href));
  return new Response(body, { headers: { 'Content-Type': 'application/xml; charset=utf-8' } });
};
