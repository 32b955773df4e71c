/**
 * The search page beyond exactness: facets, date range, sort, URL state,
 * readable excerpts, highlighting on the article page, keyboard, phone width
 * and automated accessibility checks.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { ARTICLE_PATH, searchUrl } from './helpers.ts';

const results = (page: Page) => page.locator('[data-search-result]');
const count = (page: Page) => page.locator('[data-result-count]');

async function settled(page: Page): Promise<number> {
  await expect(page.locator('[data-result-count], [data-no-results]')).toBeVisible();
  return (await page.locator('[data-no-results]').isVisible()) ? 0 : Number(await count(page).textContent());
}

async function loadAll(page: Page): Promise<void> {
  const total = await settled(page);
  await expect(results(page)).toHaveCount(Math.min(total, 10));
  while ((await results(page).count()) < total) {
    const before = await results(page).count();
    await page.locator('[data-load-more]').click();
    await expect(results(page)).not.toHaveCount(before);
  }
}

test('excerpts read as printed text: no spaced-out characters, the query marked', async ({ page }) => {
  await page.goto(searchUrl('社区'));
  await settled(page);
  const excerpts = page.locator('[data-search-result] .search-result__excerpt');
  await expect(excerpts.first().locator('mark').first()).toHaveText('社区');
  for (const text of await excerpts.allTextContents()) {
    expect(text).not.toMatch(/\p{Script=Han} \p{Script=Han}/u);
    expect(text).toContain('社区');
  }
});

test('a facet from the URL narrows the results and shows as checked', async ({ page }) => {
  await page.goto(searchUrl('社区'));
  const all = await settled(page);
  await page.goto(`${searchUrl('社区')}&kind=feature`);
  const features = await settled(page);
  expect(features).toBeGreaterThan(0);
  expect(features).toBeLessThan(all);
  await expect(page.locator('input[name="kind"][value="feature"]')).toBeChecked();
  await loadAll(page);
  for (const meta of await page.locator('.search-result__meta').allTextContents()) expect(meta).toContain('通讯');
});

test('ticking a facet updates the URL, and Back restores the previous search', async ({ page }) => {
  await page.goto(searchUrl('社区'));
  const all = await settled(page);
  const group = page.locator('details[data-facet="kind"]');
  await group.locator('summary').click();
  await group.locator('input[value="feature"]').check();
  await expect.poll(() => new URL(page.url()).searchParams.getAll('kind')).toEqual(['feature']);
  await expect(count(page)).not.toHaveText(String(all));
  await page.goBack();
  await expect.poll(() => new URL(page.url()).searchParams.getAll('kind')).toEqual([]);
  await expect(count(page)).toHaveText(String(all));
  await expect(group.locator('input[value="feature"]')).not.toBeChecked();
});

test('sorting by date puts dated articles newest first, undated last', async ({ page }) => {
  await page.goto(`${searchUrl('的')}&sort=date-desc`);
  await loadAll(page);
  await expect(page.locator('select[name="sort"]')).toHaveValue('date-desc');
  const dates = await results(page).evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset['date'] ?? ''));
  const dated = dates.filter((date) => date !== '');
  expect(dated.length).toBeGreaterThan(1);
  expect(dated).toEqual([...dated].sort().reverse());
  expect(dates.slice(0, dated.length)).toEqual(dated);
});

test('a date range keeps only articles dated inside it', async ({ page }) => {
  await page.goto(`${searchUrl('的')}&from=2018-01-01&to=2018-12-31`);
  await loadAll(page);
  await expect(page.locator('input[name="from"]')).toHaveValue('2018-01-01');
  const dates = await results(page).evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset['date'] ?? ''));
  expect(dates.length).toBeGreaterThan(0);
  for (const date of dates) expect(date >= '2018-01-01' && date <= '2018-12-31', date).toBe(true);
});

test('a year from the facet keeps the same articles as the date range of that year', async ({ page }) => {
  await page.goto(`${searchUrl('的')}&from=2018-01-01&to=2018-12-31`);
  const inRange = await settled(page);
  await page.goto(`${searchUrl('的')}&year=2018`);
  expect(await settled(page)).toBe(inRange);
  expect(inRange).toBeGreaterThan(0);
  await loadAll(page);
  const dates = await results(page).evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset['date'] ?? ''));
  for (const date of dates) expect(date.startsWith('2018'), date).toBe(true);
});

test('facets alone, without a query, list matching articles', async ({ page }) => {
  await page.goto('search/?kind=bulletin');
  expect(await settled(page)).toBeGreaterThan(0);
});

test('the article page opened from a result marks the query', async ({ page }) => {
  await page.goto(searchUrl('許昌'));
  await settled(page);
  await results(page).first().locator('h2 a').click();
  await expect.poll(() => new URL(page.url()).pathname).toMatch(ARTICLE_PATH);
  const marks = page.locator('article mark');
  await expect(marks.first()).toHaveText('许昌');
  // Only text was wrapped: the marks hold no markup.
  expect(await marks.evaluateAll((elements) => elements.every((element) => element.children.length === 0))).toBe(true);
});

test('keyboard only: type a query, submit, tab to the first result', async ({ page }) => {
  await page.goto('search/');
  await page.getByRole('searchbox').focus();
  await page.keyboard.type('魏都区');
  await page.keyboard.press('Enter');
  await settled(page);
  await expect(page.getByRole('status')).toContainText(/找到 \d+ 篇/);
  const first = results(page).first().locator('h2 a');
  for (let presses = 0; presses < 60 && !(await first.evaluate((link) => link === document.activeElement)); presses++) {
    await page.keyboard.press('Tab');
  }
  await expect(first).toBeFocused();
});

test('on a phone-sized screen the page does not scroll sideways', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`${searchUrl('魏都区')}&kind=feature`);
  await settled(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('no automatically detectable accessibility problems with results and facets open', async ({ page }) => {
  await page.goto(searchUrl('魏都区'));
  await settled(page);
  for (const summary of await page.locator('details[data-facet] summary').all()) await summary.click();
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((violation) => `${violation.id}: ${violation.nodes.length}`)).toEqual([]);
});

test('articles with the query in the headline come first', async ({ page }) => {
  for (const query of ['社区', '党建', '许昌', '服务', '发展', '建设']) {
    await page.goto(searchUrl(query));
    await settled(page);
    await loadAll(page);
    const titles = await page.locator('[data-search-result] h2 a').allTextContents();
    const inTitle = titles.map((title) => title.includes(query));
    const firstWithout = inTitle.indexOf(false);
    expect(firstWithout === -1 ? [] : inTitle.slice(firstWithout).filter(Boolean), `${query}: ${titles.join(' | ')}`).toEqual([]);
  }
});
