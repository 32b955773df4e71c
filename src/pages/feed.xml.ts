/** Atom feed of the latest dated articles. */
import type { APIRoute } from 'astro';
import { getCollection } from 'astro:content';
import { FEED_ARTICLE_COUNT, READING, SITE_DESCRIPTION, SITE_TITLE } from '../consts.ts';
import { compareNewestFirst } from '../lib/dates.ts';
import { sitePath } from '../lib/paths.ts';
import { atomFeed } from '../lib/xml.ts';

export const GET: APIRoute = async ({ site, url }) => {
  const articles = (await getCollection('articles')).map((entry) => entry.data).sort(compareNewestFirst);
  const origin = site ?? url;
  const xml = atomFeed({
    title: READING.feedTitle,
    subtitle: SITE_DESCRIPTION,
    author: SITE_TITLE,
    home: new URL(sitePath(), origin).href,
    self: new URL(sitePath('feed.xml'), origin).href,
    articles: articles.slice(0, FEED_ARTICLE_COUNT).map((article) => ({
      ...article,
      url: new URL(sitePath(`articles/${article.slug}/`), origin).href,
    })),
  });
  return new Response(xml, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
