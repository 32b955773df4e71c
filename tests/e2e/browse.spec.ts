import { expect, test } from '@playwright/test';
import { ARTICLE_PATH } from './helpers.ts';

test('the browse page lists dates, sources, places and kinds, each with a count', async ({ page }) => {
  await page.goto('browse/');
  for (const facet of ['date', 'by-source', 'by-place', 'by-kind']) {
    const items = page.locator(`[data-facet="${facet}"] > li`);
    expect(await items.count(), facet).toBeGreaterThan(0);
    await expect(items.first().locator('.facet-list__count').first()).toHaveText(/^\d+$/);
  }
});

test('a year page shows a calendar whose marked days open a list of that day’s articles', async ({ page }) => {
  await page.goto('browse/');
  // Find a year with day-precise dates: it has month links.
  await page.locator('[data-facet="date"] .facet-list--nested a').first().click();
  await page.locator('.breadcrumb a').click();
  const day = page.locator('.calendar__day--has a').first();
  const expected = Number(await day.locator('.calendar__count').textContent());
  await day.click();
  await expect(page).toHaveURL(/\/browse\/date\/\d{4}\/\d{2}\/\d{2}\/$/);
  await expect(page.locator('.article-list > li')).toHaveCount(expected);
});

test('a place page lists as many articles as the browse page counted for that place', async ({ page }) => {
  await page.goto('browse/');
  const place = page.locator('[data-facet="by-place"] > li').first();
  const count = Number(await place.locator('.facet-list__count').textContent());
  await place.locator('a').click();
  await expect(page.locator('h1 .count')).toHaveAttribute('data-count', String(count));
  const shown = await page.locator('.article-list > li').count();
  expect(shown).toBe(Math.min(count, 20));
});

test('the list of all articles is split into pages linked by a pagination bar', async ({ page }) => {
  await page.goto('articles/');
  const total = Number((await page.locator('.lede').textContent())?.match(/\d+/)?.[0]);
  test.skip(total <= 20, 'fewer articles than one page');
  await expect(page.locator('.article-list > li')).toHaveCount(20);
  await page.getByRole('navigation', { name: '分页' }).getByRole('link', { name: /下一页/ }).click();
  await expect(page).toHaveURL(/\/articles\/page\/2\/$/);
  await expect(page.locator('.article-list > li')).toHaveCount(Math.min(total - 20, 20));
  await page.locator('.article-list a').first().click();
  await expect(page).toHaveURL(ARTICLE_PATH);
});

test('the sitemap lists every article and the Atom feed lists the latest ones', async ({ page, request }) => {
  const sitemap = await (await request.get('sitemap.xml')).text();
  expect(sitemap).toContain('<urlset');
  await page.goto('articles/');
  const total = Number((await page.locator('.lede').textContent())?.match(/\d+/)?.[0]);
  expect(sitemap.match(/\/articles\/[0-9a-f]{12}\/<\/loc>/g)?.length).toBe(total);
  const feed = await request.get('feed.xml');
  expect(feed.headers()['content-type']).toContain('xml');
  const xml = await feed.text();
  expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
  expect(xml.match(/<entry>/g)?.length).toBe(Math.min(total, 20));
});

test('every page has banner, navigation, main and footer landmarks and a header search box', async ({ page }) => {
  for (const url of ['./', 'browse/', 'cases/', 'report/']) {
    await page.goto(url);
    await expect(page.getByRole('banner')).toHaveCount(1);
    await expect(page.getByRole('main')).toHaveCount(1);
    await expect(page.getByRole('contentinfo')).toHaveCount(1);
    await expect(page.getByRole('navigation', { name: '主导航' })).toBeVisible();
    await expect(page.getByRole('banner').getByRole('searchbox')).toBeVisible();
  }
});

test('the first Tab press focuses the skip link, which moves focus to the main content', async ({ page }) => {
  await page.goto('browse/');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: '跳到正文' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
});

test('the site follows a dark colour scheme preference', async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: 'dark' });
  const page = await context.newPage();
  const base = test.info().project.use.baseURL!;
  await page.goto(new URL('browse/', base).href);
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const [r, g, b] = background.match(/\d+/g)!.map(Number);
  expect(r! + g! + b!).toBeLessThan(150);
  await context.close();
});

test('every internal link on every page in the sitemap leads to a page that exists', async ({ request, baseURL }) => {
  test.setTimeout(120_000);
  const base = new URL(baseURL!);
  const sitemap = await (await request.get('sitemap.xml')).text();
  const pages = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => new URL(match[1]!.replace(/&amp;/g, '&')).pathname);
  const checked = new Map<string, number>();
  const broken: string[] = [];
  for (const path of pages) {
    const response = await request.get(new URL(path, base).href);
    expect(response.status(), path).toBe(200);
    const html = await response.text();
    for (const [, href] of html.matchAll(/<a [^>]*href="([^"#]+)(?:#[^"]*)?"/g)) {
      const target = new URL(href!.replace(/&amp;/g, '&'), new URL(path, base));
      if (target.origin !== base.origin || target.pathname.includes('/search/')) continue;
      if (!checked.has(target.pathname)) checked.set(target.pathname, (await request.get(target.href)).status());
      if (checked.get(target.pathname) !== 200) broken.push(`${path} → ${target.pathname}`);
    }
  }
  expect(checked.size).toBeGreaterThan(pages.length / 2);
  expect(broken).toEqual([]);
});
