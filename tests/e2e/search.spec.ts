import { expect, test } from '@playwright/test';
import { ARTICLE_PATH, queryInAddressBar, searchUrl } from './helpers.ts';

const PAGE_SIZE = 10;

test('searching 魏都区 lists results that link to article pages and open them', async ({ page }) => {
  await page.goto(searchUrl('魏都区'));
  await expect(page.getByRole('searchbox')).toHaveValue('魏都区');

  const results = page.locator('[data-search-result]');
  await expect(results.first()).toBeVisible();
  const links = results.locator('a');
  for (const href of await links.evaluateAll((anchors) => anchors.map((anchor) => (anchor as HTMLAnchorElement).href))) {
    expect(new URL(href).pathname).toMatch(ARTICLE_PATH);
  }

  await links.first().click();
  // The link carries the query so the article page can highlight it.
  await expect.poll(() => new URL(page.url()).pathname).toMatch(ARTICLE_PATH);
  expect(queryInAddressBar(page)).toBe('魏都区');
  await expect(page.locator('article')).toContainText('魏都');
  await expect(page.locator('article mark').first()).toHaveText(/魏都区/);
});

test('the result count is an integer matching the results shown once all are loaded', async ({ page }) => {
  await page.goto(searchUrl('魏都区'));
  const count = page.locator('[data-result-count]');
  await expect(count).toHaveText(/^\d+$/);
  const total = Number(await count.textContent());
  expect(total).toBeGreaterThan(0);

  const results = page.locator('[data-search-result]');
  const loadMore = page.locator('[data-load-more]');
  await expect(results).toHaveCount(Math.min(total, PAGE_SIZE));
  for (let shown = Math.min(total, PAGE_SIZE); shown < total; ) {
    await expect(loadMore).toBeVisible();
    await loadMore.click();
    shown = Math.min(total, shown + PAGE_SIZE);
    await expect(results).toHaveCount(shown);
  }
  await expect(loadMore).toBeHidden();
  expect(total).toBeGreaterThanOrEqual(await results.count());
});

test('typing a query records it in the address bar so the search can be shared', async ({ page }) => {
  await page.goto('search/');
  await page.getByRole('searchbox').pressSequentially('魏都区');

  await expect.poll(() => queryInAddressBar(page)).toBe('魏都区');
  await expect(page.locator('[data-search-result]').first()).toBeVisible();
});

test('a query with no hits says that nothing was found', async ({ page }) => {
  await page.goto(searchUrl('qzxjvkwq'));

  await expect(page.locator('[data-no-results]')).toBeVisible();
  await expect(page.locator('[data-no-results]')).toContainText('qzxjvkwq');
  await expect(page.locator('[data-search-result]')).toHaveCount(0);
  await expect(page.locator('[data-load-more]')).toBeHidden();
});

test('search excerpts highlight hits with <mark> and contain no other markup', async ({ page }) => {
  await page.goto(searchUrl('魏都区'));
  const excerpt = page.locator('[data-search-result] .search-result__excerpt').first();
  await expect(excerpt.locator('mark').first()).toBeVisible();
  const tagNames = await excerpt.evaluate((element) => [...element.querySelectorAll('*')].map((child) => child.tagName));
  expect(new Set(tagNames)).toEqual(new Set(['MARK']));
});
