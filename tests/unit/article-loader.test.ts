/**
 * The content loader and page-time body rendering: what the ingest writes is
 * read back as the same data and body, the store is filled in name order and
 * kept in step with the folder, and corpus markup renders as text.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { articleBodyHtml, renderArticleMarkdown } from '../../src/lib/article-body.ts';
import { articleLoader, parseArticleFrontmatter, splitArticleFile } from '../../src/lib/article-loader.ts';
import { ingest } from '../../src/pipeline/index.ts';
import { renderBody } from '../../src/pipeline/render.ts';
import { Article } from '../../src/shared/schema.ts';

// readdir as a file system that does not sort names would answer (Node's answers sorted, on Linux): the
// name-order test then sees the loader's own ordering, not the folder's.
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const readdir = async (dir: string) => (await fs.readdir(dir)).reverse();
  return { ...fs, readdir };
});

const FIXTURES = path.join(import.meta.dirname, '../fixtures/golden');

function ingestFixture(name: string) {
  const dir = path.join(FIXTURES, name);
  const files = readdirSync(dir).filter((n) => n.endsWith('.txt')).sort();
  return ingest(files.map((file) => ({ name: file, bytes: readFileSync(path.join(dir, file)) }))).articles;
}

describe('article files read back', () => {
  test.each(['markdown-and-html', 'bulletin-duplicates', 'narrow-column'])('%s: frontmatter and body are what the ingest wrote', (fixture) => {
    const articles = ingestFixture(fixture);
    expect(articles.length).toBeGreaterThan(0);
    for (const article of articles) {
      const parts = splitArticleFile(article.markdown);
      expect(parts).toBeDefined();
      expect(Article.parse(parseArticleFrontmatter(parts!.frontmatter))).toEqual(article.data);
      expect(parts!.body).toBe(article.body);
    }
  });

  test('a file without frontmatter is not an article', () => {
    expect(splitArticleFile('正文\n')).toBeUndefined();
    expect(splitArticleFile('---\ntitle: x\n正文\n')).toBeUndefined();
    expect(() => parseArticleFrontmatter('- a\n- b\n')).toThrow(/not a mapping/u);
  });
});

describe('page-time body rendering', () => {
  test('markup and Markdown in the corpus render as text', async () => {
    const html = (await Promise.all(ingestFixture('markdown-and-html').map((a) => renderArticleMarkdown(a.body)))).join('\n');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;这一段以HTML开头。');
    expect(html).toContain('正文提到[链接](');
    expect(html).toContain('**加粗**');
    expect(html).not.toMatch(/<(script|img|strong|em|a)\b/u);
  });

  test('URLs, e-mail addresses and ASCII punctuation render as printed', async () => {
    const text = '见http://example.com)和![图]，网址 www.example.com 或 WWW.EXAMPLE.COM，邮箱 abc@example.com，他说"好的"--走了... it\'s';
    const html = await renderArticleMarkdown(renderBody([{ role: 'paragraph', text, file: 'a.txt', from: 1, to: 1 }]));
    expect(html.trim()).toBe(`<p>${text}</p>`);
  });

  test('sections, captions and tables get their elements', async () => {
    const body = renderBody([
      { role: 'section', text: '小标题', file: 'a.txt', from: 1, to: 1 },
      { role: 'caption', text: '图为现场', file: 'a.txt', from: 2, to: 2 },
      { role: 'table', text: '甲\t乙<b>&\n1\t2\n3', file: 'a.txt', from: 3, to: 5 },
      { role: 'paragraph', text: '正文。', file: 'a.txt', from: 6, to: 6 },
    ]);
    const html = await renderArticleMarkdown(body);
    expect(html).toMatch(/<h2[^>]*>小标题<\/h2>/u);
    expect(html).toMatch(/<blockquote>\s*<p>图为现场<\/p>\s*<\/blockquote>/u);
    expect(html).toContain('<thead><tr><th>甲</th><th>乙&lt;b&gt;&amp;</th></tr></thead>');
    expect(html).toContain('<tr><td>1</td><td>2</td></tr>\n<tr><td>3</td><td></td></tr>');
    expect(html).toContain('<p>正文。</p>');
  });
});

/** The parts of Astro's loader context the article loader uses, over a Map. */
function fakeContext(root: string, entries = new Map<string, { id: string; data: unknown; digest?: string; filePath?: string }>()) {
  const warnings: string[] = [];
  let parsed = 0;
  const context = {
    config: { root: pathToFileURL(root + path.sep) },
    logger: { warn: (message: string) => warnings.push(message) },
    generateDigest: (text: string) => String(text.length) + ':' + text.slice(-40),
    parseData: async ({ data }: { data: Record<string, unknown> }) => {
      parsed++;
      return Article.parse(data);
    },
    store: {
      keys: () => [...entries.keys()],
      get: (id: string) => entries.get(id),
      set: (entry: { id: string; data: unknown; digest?: string; filePath?: string }) => entries.set(entry.id, entry),
      delete: (id: string) => entries.delete(id),
    },
  };
  return { context, entries, warnings, parsedCount: () => parsed };
}

describe('articleLoader', () => {
  let root: string | undefined;
  afterEach(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  test('stores frontmatter only, in name order, and follows the folder on the next sync', async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'article-loader-'));
    const articles = ['bulletin-duplicates', 'markdown-and-html', 'narrow-column'].flatMap(ingestFixture);
    expect(articles.length).toBeGreaterThanOrEqual(3);
    const dir = path.join(root, 'articles');
    mkdirSync(dir);
    for (const a of articles) writeFileSync(path.join(dir, `${a.data.id}.md`), a.markdown);
    writeFileSync(path.join(dir, 'report.json'), '{}');

    const loader = articleLoader({ base: 'articles' });
    const run = fakeContext(root);
    await loader.load(run.context as never);
    const ids = articles.map((a) => a.data.id).sort();
    expect([...run.entries.keys()]).toEqual(ids);
    const first = run.entries.get(ids[0]!)!;
    expect(first.data).toEqual(articles.find((a) => a.data.id === ids[0])!.data);
    expect(first.filePath).toBe(`articles/${ids[0]}.md`);
    expect(Object.keys(first).sort()).toEqual(['data', 'digest', 'filePath', 'id']);

    // Unchanged files are not parsed again; a removed file's entry goes.
    rmSync(path.join(dir, `${ids[0]}.md`));
    const again = fakeContext(root, run.entries);
    await loader.load(again.context as never);
    expect([...again.entries.keys()]).toEqual(ids.slice(1));
    expect(again.parsedCount()).toBe(0);
  });

  test('a file whose slug is not its name fails naming the file', async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'article-loader-'));
    const [article] = ingestFixture('narrow-column');
    writeFileSync(path.join(root, 'renamed.md'), article!.markdown);
    await expect(articleLoader({ base: '.' }).load(fakeContext(root).context as never)).rejects.toThrow(/renamed\.md: slug/u);
  });

  test('a file without frontmatter fails naming the file, when loaded and when its body is rendered', async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'article-loader-'));
    writeFileSync(path.join(root, 'plain.md'), '正文，没有元数据。\n');
    await expect(articleLoader({ base: '.' }).load(fakeContext(root).context as never)).rejects.toThrow(/plain\.md: no YAML frontmatter/u);
    await expect(articleBodyHtml(path.join(root, 'plain.md'))).rejects.toThrow(/plain\.md: no YAML frontmatter/u);
  });

  test('an empty folder warns', async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'article-loader-'));
    const run = fakeContext(root);
    await articleLoader({ base: 'missing' }).load(run.context as never);
    expect(run.warnings).toEqual([expect.stringContaining('no articles')]);
  });
});
