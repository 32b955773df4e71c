import { expect, test } from '@playwright/test';
import { ARTICLE_PATH } from './helpers.ts';
import { firstArticlePath, reportJson } from './reading-helpers.ts';

test('an article links to its original text, which shows its raw lines with line numbers', async ({ page }) => {
  await page.goto(await firstArticlePath(page));
  await page.getByRole('link', { name: '查看原始文本 →' }).click();
  await expect(page).toHaveURL(/\/articles\/[0-9a-f]{12}\/source\/$/);
  const own = page.locator('.source-line[data-status="this"]');
  expect(await own.count()).toBeGreaterThan(0);
  expect(Number(await own.first().getAttribute('data-line'))).toBeGreaterThan(0);
  await page.getByRole('link', { name: '← 返回文章' }).click();
  await expect(page).toHaveURL(ARTICLE_PATH);
});

test('raw source lines are rendered as text, never as markup', async ({ page }) => {
  await page.goto(`${(await firstArticlePath(page)).replace(/\/$/, '')}/source/`);
  const elementChildren = await page.locator('.source-line[data-status] .source-line__text').evaluateAll((nodes) => nodes.reduce((sum, node) => sum + node.children.length, 0));
  expect(elementChildren).toBe(0);
});

test('text removed at ingest as a duplicate or marker is marked on the original-text page', async ({ page }) => {
  const report = await reportJson();
  const removal = report.removed.find((entry) => entry.keptIn);
  test.skip(!removal, 'the corpus has no removed duplicates');
  await page.goto(`articles/${removal!.keptIn}/source/`);
  await expect(page.locator('.source-elsewhere [data-status="removed"]').first()).toBeVisible();
});

test('the report page lists each source file with links to the articles made from it', async ({ page }) => {
  const report = await reportJson();
  await page.goto('report/');
  for (const file of report.files) {
    const section = page.locator(`[data-report-file="${file.file}"]`);
    await expect(section).toBeVisible();
    await expect(section.locator('[data-report-articles] li')).toHaveCount(file.articles.length);
  }
  await page.locator('[data-report-articles] a').first().click();
  await expect(page).toHaveURL(ARTICLE_PATH);
});

test('each source span listed under an article opens the original text at its first line', async ({ page }) => {
  await page.goto(await firstArticlePath(page));
  const span = page.locator('.article-meta .source-spans a').first();
  const from = Number((await span.textContent())?.match(/第 (\d+)/u)?.[1]);
  await span.click();
  await expect(page).toHaveURL(/\/source\/#(F\d+)?L\d+$/);
  const target = page.locator('.source-line:target');
  await expect(target).toHaveAttribute('data-line', String(from));
  await expect(target).toHaveAttribute('data-status', 'this');
});
