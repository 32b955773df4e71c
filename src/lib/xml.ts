/** XML escaping and the Atom feed document, kept pure for unit tests. */
import type { Article } from '../shared/schema.ts';

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/gu, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[char]!);
}

/** Atom needs a full timestamp: the known date at midnight UTC, or a fixed epoch for undated articles. */
export function atomTimestamp(article: Pick<Article, 'date' | 'datePrecision'>): string {
  return article.date !== undefined && article.datePrecision !== 'unknown' ? `${article.date}T00:00:00Z` : '1970-01-01T00:00:00Z';
}

export interface FeedInput {
  title: string;
  subtitle: string;
  author: string;
  home: string;
  self: string;
  articles: (Pick<Article, 'id' | 'title' | 'summary' | 'authors' | 'date' | 'datePrecision'> & { url: string })[];
}

export function atomFeed(feed: FeedInput): string {
  const updated = feed.articles.map(atomTimestamp).sort().at(-1) ?? '1970-01-01T00:00:00Z';
  const entries = feed.articles.map((article) =>
    [
      '  <entry>',
      `    <id>${escapeXml(article.url)}</id>`,
      `    <title>${escapeXml(article.title)}</title>`,
      `    <link rel="alternate" href="${escapeXml(article.url)}"/>`,
      `    <updated>${atomTimestamp(article)}</updated>`,
      ...article.authors.map((author) => `    <author><name>${escapeXml(author)}</name></author>`),
      `    <summary>${escapeXml(article.summary)}</summary>`,
      '  </entry>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
    `  <title>${escapeXml(feed.title)}</title>`,
    `  <subtitle>${escapeXml(feed.subtitle)}</subtitle>`,
    `  <id>${escapeXml(feed.home)}</id>`,
    `  <link rel="alternate" href="${escapeXml(feed.home)}"/>`,
    `  <link rel="self" href="${escapeXml(feed.self)}"/>`,
    `  <author><name>${escapeXml(feed.author)}</name></author>`,
    `  <updated>${updated}</updated>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
