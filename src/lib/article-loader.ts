/**
 * Content loader for the articles the ingest pipeline writes: one `<id>.md`
 * per article, YAML frontmatter then an escaped Markdown body.
 *
 * Unlike Astro's glob loader it keeps only the frontmatter in the data store
 * and renders no Markdown: each article page renders its own body when it is
 * built (article-body.ts). The store lives in memory for the whole build and
 * is bundled as one module, so holding every article's HTML in it made the
 * site build's memory grow with the corpus text, not with its article count.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Loader } from 'astro/loaders';
import { load as parseYaml } from 'js-yaml';

/** Files read at once: enough to keep the disk busy, few enough to bound memory. */
const READ_CONCURRENCY = 64;

export interface ArticleFile {
  /** YAML between the opening and closing `---`. */
  frontmatter: string;
  /** Markdown after the frontmatter. */
  body: string;
}

/**
 * Split an article file as render.ts writes it. The closing `---` is the first
 * line of its own: the YAML writer indents block scalars, so no value can hold one.
 */
export function splitArticleFile(text: string): ArticleFile | undefined {
  const open = text.startsWith('---\n') ? 4 : text.startsWith('---\r\n') ? 5 : -1;
  if (open < 0) return undefined;
  const close = /^---\r?$/mu.exec(text.slice(open));
  if (!close) return undefined;
  return { frontmatter: text.slice(open, open + close.index), body: text.slice(open + close.index + close[0].length).replace(/^(?:\r?\n)+/u, '') };
}

/** `splitArticleFile` of the article file `file`; a file without frontmatter is an error that names it. */
export function articleFileParts(text: string, file: string): ArticleFile {
  const parts = splitArticleFile(text);
  if (!parts) throw new Error(`${file}: no YAML frontmatter between --- lines`);
  return parts;
}

/**
 * Frontmatter as data. js-yaml reads YAML 1.1, as the ingest writes it, and is
 * the parser Astro's own Markdown loader uses, so the data is what it was.
 */
export function parseArticleFrontmatter(frontmatter: string): Record<string, unknown> {
  const data = parseYaml(frontmatter);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error('frontmatter is not a mapping');
  return data as Record<string, unknown>;
}

/** Markdown file names in `dir`, sorted so the store is filled in the same order every build. */
async function articleFileNames(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return names.filter((name) => name.endsWith('.md')).sort();
}

export function articleLoader(options: { base: string }): Loader {
  return {
    name: 'article-loader',
    load: async ({ config, store, parseData, generateDigest, logger }) => {
      const root = fileURLToPath(config.root);
      const dir = path.resolve(root, options.base);
      const names = await articleFileNames(dir);
      if (names.length === 0) logger.warn(`no articles (*.md) in ${dir}`);
      const untouched = new Set(store.keys());

      // Read and validated in parallel, stored in name order: getCollection returns entries in store order.
      const loadOne = async (name: string): Promise<(() => void) | undefined> => {
        const file = path.join(dir, name);
        const id = name.slice(0, -'.md'.length);
        const text = await readFile(file, 'utf8');
        const digest = generateDigest(text);
        untouched.delete(id);
        if (store.get(id)?.digest === digest) return undefined;
        const parts = articleFileParts(text, file);
        let raw: Record<string, unknown>;
        try {
          raw = parseArticleFrontmatter(parts.frontmatter);
        } catch (error) {
          throw new Error(`${file}: ${(error as Error).message}`, { cause: error });
        }
        if (raw.slug !== id) throw new Error(`${file}: slug ${JSON.stringify(raw.slug)} is not the file name`);
        const data = await parseData({ id, data: raw, filePath: file });
        const filePath = path.relative(root, file).split(path.sep).join('/');
        return () => store.set({ id, data, digest, filePath });
      };

      for (let i = 0; i < names.length; i += READ_CONCURRENCY) {
        for (const save of await Promise.all(names.slice(i, i + READ_CONCURRENCY).map(loadOne))) save?.();
      }
      for (const id of untouched) store.delete(id);
    },
  };
}
