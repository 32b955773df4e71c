/** Finding pages of a given type in the built site without depending on particular article titles. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';

/** The first link href in `selector` on the page at `url`. */
export async function firstHref(page: Page, url: string, selector: string): Promise<string> {
  await page.goto(url);
  const href = await page.locator(selector).first().getAttribute('href');
  if (!href) throw new Error(`no link matching ${selector} on ${url}`);
  return href;
}

export function firstBulletinPath(page: Page): Promise<string> {
  return firstHref(page, 'browse/kind/bulletin/', '.article-list .article-card__title a');
}

export function firstArticlePath(page: Page): Promise<string> {
  return firstHref(page, 'articles/', '.article-list .article-card__title a');
}

/** An article in the middle of a source file, so it has both a previous and a next article. */
export async function articleWithNeighbours(page: Page): Promise<string> {
  await page.goto('browse/');
  const sources = page.locator('[data-facet="by-source"] li');
  const count = await sources.count();
  for (let index = 0; index < count; index += 1) {
    const articles = Number(await sources.nth(index).locator('.facet-list__count').textContent());
    if (articles >= 3) {
      const href = await sources.nth(index).locator('a').getAttribute('href');
      return firstHref(page, href!, '.article-list li:nth-child(2) .article-card__title a');
    }
  }
  throw new Error('no source file has three articles');
}

export interface ReportJson {
  removed: { file: string; from: number; to: number; reason: string; keptIn?: string }[];
  files: { file: string; articles: string[] }[];
}

export async function reportJson(): Promise<ReportJson> {
  return JSON.parse(await readFile(resolve(import.meta.dirname, '../../content/articles/report.json'), 'utf8')) as ReportJson;
}
