import { expect, test } from '@playwright/test';
import { ARTICLE_PATH } from './helpers.ts';

test('the home page lists the latest articles and their links open article pages', async ({ page }) => {
  await page.goto('./');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');

  const articleLinks = page.locator('.article-list .article-card__title a');
  await expect(articleLinks.first()).toBeVisible();
  expect(await articleLinks.count()).toBeGreaterThan(0);

  const firstLink = articleLinks.first();
  const title = (await firstLink.textContent())?.trim() ?? '';
  await firstLink.click();
  await expect(page).toHaveURL(ARTICLE_PATH);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
});

test('the header search box takes the query to the search page', async ({ page }) => {
  await page.goto('./');
  const box = page.getByRole('banner').getByRole('searchbox');
  await box.fill('魏都区');
  await box.press('Enter');

  await expect(page).toHaveURL(/\/search\/\?q=/);
  await expect(page.locator('[data-search-result]').first()).toBeVisible();
});

test('an unknown address answers 404 with the not-found page', async ({ page }) => {
  const response = await page.goto('no-such-page/');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('页面不存在');
});
