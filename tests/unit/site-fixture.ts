/** A built article page as the index reads it, dated 2020-01-DD: headline and body searchable, `extra` HTML between them. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export async function writeArticlePage(siteDir: string, day: number, text: string, extra = ''): Promise<void> {
  const date = `2020-01-${String(day).padStart(2, '0')}`;
  const dir = path.join(siteDir, 'articles', `a${day}`);
  await mkdir(dir, { recursive: true });
  await writeFile(
    path.join(dir, 'index.html'),
    `<!doctype html><html lang="zh-CN"><head><title>${day}</title></head><body>` +
      `<h1 data-pagefind-body data-pagefind-meta="title">第${day}篇</h1>` +
      extra +
      `<div data-pagefind-body data-pagefind-sort="date:${date}"><p>${text}</p></div></body></html>`,
  );
}
