/**
 * The one content collection: articles written by the ingest pipeline.
 * ARTICLES_DIR lets tests and benchmarks build the site from another folder.
 */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { Article } from './shared/schema.ts';

const articles = defineCollection({
  // Only Markdown: report.json sits in the same folder and is not an article.
  // retainBody: false keeps the raw Markdown out of Astro's data store (pages use the rendered
  // HTML): the store is serialised as one string, and with bodies it passed V8's string limit
  // at 100,000 articles (555 MB; 336 MB without).
  loader: glob({ pattern: '*.md', base: process.env.ARTICLES_DIR ?? './content/articles', retainBody: false }),
  schema: Article,
});

export const collections = { articles };
