import { getCollection } from 'astro:content';
import type { Article } from '../shared/schema.ts';
import { compareNewestFirst } from './dates.ts';

/** All articles, newest first. */
export async function getArticlesNewestFirst(): Promise<Article[]> {
  const entries = await getCollection('articles');
  return entries.map((entry) => entry.data).sort(compareNewestFirst);
}

export interface ArchiveStats {
  articleCount: number;
  sources: string[];
  earliest: Article | undefined;
  latest: Article | undefined;
  undatedCount: number;
}

export function archiveStats(articles: Article[]): ArchiveStats {
  const dated = articles.filter((article) => article.date !== undefined && article.datePrecision !== 'unknown');
  const byDate = [...dated].sort(compareNewestFirst);
  return {
    articleCount: articles.length,
    sources: [...new Set(articles.map((article) => article.source))].sort((a, b) => a.localeCompare(b, 'zh-CN')),
    latest: byDate[0],
    earliest: byDate.at(-1),
    undatedCount: articles.length - dated.length,
  };
}
