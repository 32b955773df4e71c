import { expect, test } from '@playwright/test';
import { ARTICLE_PATH, countHan } from './helpers.ts';

test('an article page renders Chinese text in its body', async ({ page }) => {
  await page.goto('articles/');
  await page.locator('.article-list a').first().click();
  await expect(page).toHaveURL(ARTICLE_PATH);

  const body = page.locator('.article-body[data-pagefind-body]');
  await expect(body).toBeVisible();
  expect(countHan(await body.innerText())).toBeGreaterThan(20);
  // The headline is searchable too, but the surrounding chrome is not.
  await expect(page.locator('h1[data-pagefind-body]')).toHaveCount(1);
  await expect(page.locator('header.site-header [data-pagefind-body], footer [data-pagefind-body]')).toHaveCount(0);
});
