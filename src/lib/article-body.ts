/**
 * An article's body as HTML, rendered when its page is built rather than when
 * the collection is loaded (article-loader.ts says why). The renderer is
 * Astro's own default Markdown processor (package.json pins the version Astro
 * pins), as plain CommonMark:
 * - no GFM: its autolink literals turn a URL or e-mail address in the corpus
 *   into a link, found in the text after escapes are resolved, so no escape in
 *   render.ts can stop it, and the link text keeps the escapes' backslashes.
 *   Tables, the one GFM construct articles use, are HTML blocks (render.ts);
 * - no smart punctuation: it would turn the corpus's " ' -- ... into “ ’ – …,
 *   text that is not in the source and that a search for the printed
 *   characters would not find;
 * - no highlighter: corpus text is escaped, so articles never contain code
 *   blocks, and its inline styles would break the CSP.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { satteri } from '@astrojs/markdown-satteri';
import { articleFileParts } from './article-loader.ts';

let renderer: ReturnType<ReturnType<typeof satteri>['createRenderer']> | undefined;

/** Render escaped article Markdown (render.ts) to HTML. */
export async function renderArticleMarkdown(markdown: string): Promise<string> {
  renderer ??= satteri({ features: { gfm: false, smartPunctuation: false } }).createRenderer({ syntaxHighlight: false });
  const { code } = await (await renderer).render(markdown);
  return code;
}

/** The body of the article file at `filePath` (relative to the project root, as the loader stores it), as HTML. */
export async function articleBodyHtml(filePath: string): Promise<string> {
  const text = await readFile(path.resolve(filePath), 'utf8');
  return renderArticleMarkdown(articleFileParts(text, filePath).body);
}
