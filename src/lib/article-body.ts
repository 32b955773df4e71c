/**
 * An article's body as HTML, rendered when its page is built rather than when
 * the collection is loaded (article-loader.ts says why). The renderer is
 * Astro's own default Markdown processor (package.json pins the version Astro
 * pins) with the site's settings, so the HTML is what Astro's Markdown loader
 * would have stored.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { satteri } from '@astrojs/markdown-satteri';
import { splitArticleFile } from './article-loader.ts';

let renderer: ReturnType<ReturnType<typeof satteri>['createRenderer']> | undefined;

/** Render escaped article Markdown (render.ts) to HTML. */
export async function renderArticleMarkdown(markdown: string): Promise<string> {
  // Corpus text is escaped, so articles never contain code blocks: no highlighter, whose inline styles would break the CSP.
  renderer ??= satteri().createRenderer({ syntaxHighlight: false });
  const { code } = await (await renderer).render(markdown);
  return code;
}

/** The body of the article file at `filePath` (relative to the project root, as the loader stores it), as HTML. */
export async function articleBodyHtml(filePath: string): Promise<string> {
  const text = await readFile(path.resolve(filePath), 'utf8');
  const parts = splitArticleFile(text);
  if (!parts) throw new Error(`${filePath}: no YAML frontmatter between --- lines`);
  return renderArticleMarkdown(parts.body);
}
