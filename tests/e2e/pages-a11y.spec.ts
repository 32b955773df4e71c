/**
 * Every page type at phone and desktop widths: no sideways scrolling and no
 * axe-core violations. With SCREENSHOT_DIR set, each page is saved as a
 * full-page PNG for a person to look at.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { searchUrl } from './helpers.ts';
import { firstBulletinPath, firstHref } from './reading-helpers.ts';

const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 900 },
} as const;

type PageType = 'home' | 'article' | 'original-text' | 'bulletin' | 'cases' | 'browse' | 'calendar' | 'search' | 'report' | 'not-found';

async function urlFor(page: Page, type: PageType): Promise<string> {
  switch (type) {
    case 'home':
      return './';
    case 'article':
      return firstHref(page, 'browse/kind/news/', '.article-list .article-card__title a');
    case 'original-text':
      return `${await firstBulletinPath(page)}source/`;
    case 'bulletin':
      return firstBulletinPath(page);
    case 'cases':
      return 'cases/';
    case 'browse':
      return 'browse/';
    case 'calendar': {
      await page.goto('browse/');
      const href = await page.locator('[data-facet="date"] .facet-list--nested a').first().getAttribute('href');
      return href!.replace(/\d{2}\/$/, '');
    }
    case 'search':
      return searchUrl('魏都区');
    case 'report':
      return 'report/';
    case 'not-found':
      return 'no-such-page/';
  }
}

const TYPES: PageType[] = ['home', 'article', 'original-text', 'bulletin', 'cases', 'browse', 'calendar', 'search', 'report', 'not-found'];

for (const [viewportName, viewport] of Object.entries(VIEWPORTS)) {
  for (const type of TYPES) {
    test(`the ${type} page fits a ${viewport.width}px-wide screen and axe finds no accessibility violations`, async ({ page }) => {
      // axe walks every node of long article pages; on a shared two-core machine that takes a while.
      test.setTimeout(120_000);
      await page.setViewportSize(viewport);
      await page.goto(await urlFor(page, type));
      if (type === 'search') await expect(page.locator('[data-search-result]').first()).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${type} overflows by ${overflow}px`).toBeLessThanOrEqual(0);
      const directory = process.env['SCREENSHOT_DIR'];
      if (directory) {
        await mkdir(directory, { recursive: true });
        await page.screenshot({ path: join(directory, `${type}-${viewportName}.png`), fullPage: true });
      }
      const results = await new AxeBuilder({ page }).analyze();
      const summary = results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(' | ')}`);
      expect(summary).toEqual([]);
    });
  }
}

for (const type of ['article', 'original-text', 'cases', 'browse'] as const) {
  test(`in dark mode the ${type} page keeps enough colour contrast for axe`, async ({ browser }) => {
    test.setTimeout(120_000);
    const context = await browser.newContext({ colorScheme: 'dark', baseURL: test.info().project.use.baseURL! });
    const page = await context.newPage();
    await page.goto(await urlFor(page, type));
    const results = await new AxeBuilder({ page }).withRules(['color-contrast']).analyze();
    expect(results.violations.flatMap((violation) => violation.nodes.map((node) => node.target.join(' ')))).toEqual([]);
    await context.close();
  });
}
