/**
 * The one content collection: articles written by the ingest pipeline.
 * ARTICLES_DIR lets tests and benchmarks build the site from another folder.
 */
import { defineCollection } from 'astro:content';
import { articleLoader } from './lib/article-loader.ts';
import { Article } from './shared/schema.ts';

const articles = defineCollection({
  // Frontmatter only: article pages render their bodies themselves. Astro's glob loader kept every
  // body's HTML in the data store, which is held in memory and bundled as one module (336 MB at
  // 100,000 articles).
  loader: articleLoader({ base: process.env.ARTICLES_DIR ?? './content/articles' }),
  schema: Article,
});

export const collections = { articles };
