/**
 * Layout checks at desktop and phone widths. With SCREENSHOT_DIR set, each
 * page is also saved as a full-page PNG for a person to look at.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { searchUrl } from './helpers.ts';

const VIEWPORTS = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 390, height: 844 },
} as const;

async function firstArticlePath(page: Page): Promise<string> {
  await page.goto('articles/');
  const href = await page.locator('.article-list a').first().getAttribute('href');
  if (!href) throw new Error('the article list has no links');
  return href;
}

async function saveScreenshot(page: Page, name: string): Promise<void> {
  const directory = process.env['SCREENSHOT_DIR'];
  if (!directory) return;
  await mkdir(directory, { recursive: true });
  await page.screenshot({ path: join(directory, `${name}.png`), fullPage: true });
}

for (const [viewportName, viewport] of Object.entries(VIEWPORTS)) {
  test(`home, article and search pages fit a ${viewport.width}px-wide screen without sideways scrolling`, async ({
    page,
  }) => {
    await page.setViewportSize(viewport);
    const articlePath = await firstArticlePath(page);
    const pages = [
      { name: 'home', url: './' },
      { name: 'article', url: articlePath },
      { name: 'search', url: searchUrl('魏都区') },
    ];
    for (const { name, url } of pages) {
      await page.goto(url);
      if (name === 'search') await expect(page.locator('[data-search-result]').first()).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${name} page overflows by ${overflow}px`).toBeLessThanOrEqual(0);
      await saveScreenshot(page, `${name}-${viewportName}`);
    }
  });
}
