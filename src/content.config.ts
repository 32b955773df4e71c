/**
 * The one content collection: articles written by the ingest pipeline.
 * ARTICLES_DIR lets tests and benchmarks build the site from another folder.
 */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { Article } from './shared/schema.ts';

const articles = defineCollection({
  // Only Markdown: report.json sits in the same folder and is not an article.
  loader: glob({ pattern: '*.md', base: process.env.ARTICLES_DIR ?? './content/articles' }),
  schema: Article,
});

export const collections = { articles };
