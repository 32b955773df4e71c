import { expect, test } from '@playwright/test';
import { ARTICLE_PATH } from './helpers.ts';
import { articleWithNeighbours, firstArticlePath, firstBulletinPath } from './reading-helpers.ts';

test('an article page states its date, kind and source in the byline', async ({ page }) => {
  await page.goto(await firstArticlePath(page));
  const byline = page.locator('.article-header__byline');
  await expect(byline.locator('.tag')).toBeVisible();
  await expect(byline.locator('time, span').first()).not.toBeEmpty();
  await expect(page.locator('.article-meta')).toContainText('来源');
});

test('an article page gives its permanent URL and a plain-text and BibTeX citation containing it', async ({ page }) => {
  await page.goto(await firstArticlePath(page));
  const permalink = (await page.locator('.permalink').textContent())?.trim() ?? '';
  expect(permalink).toMatch(/\/articles\/[0-9a-f]{12}\/$/);
  await expect(page.locator('[data-cite="plain"]')).toContainText(permalink);
  await expect(page.locator('[data-cite="plain"]')).toContainText('[N]');
  await expect(page.locator('[data-cite="bibtex"]')).toContainText('@article{');
  await expect(page.locator('[data-cite="bibtex"]')).toContainText(`url = {${permalink}}`);
});

test('an article page carries a meta description and Open Graph tags', async ({ page }) => {
  await page.goto(await firstArticlePath(page));
  const title = (await page.getByRole('heading', { level: 1 }).textContent())?.trim();
  await expect(page.locator('meta[property="og:type"]')).toHaveAttribute('content', 'article');
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute('content', title ?? '');
  expect((await page.locator('meta[name="description"]').getAttribute('content'))?.length).toBeGreaterThan(0);
  await expect(page.locator('meta[property="og:url"]')).toHaveAttribute('content', ARTICLE_PATH);
});

test('previous and next links lead to neighbouring articles in the same source', async ({ page }) => {
  await page.goto(await articleWithNeighbours(page));
  const here = page.url();
  const nav = page.getByRole('navigation', { name: '同一来源中的文章' });
  await nav.locator('a[rel="next"]').click();
  await expect(page).toHaveURL(ARTICLE_PATH);
  await page.getByRole('navigation', { name: '同一来源中的文章' }).locator('a[rel="prev"]').click();
  expect(page.url()).toBe(here);
});

test('an article page lists related articles that share a place with it', async ({ page }) => {
  await page.goto(await firstBulletinPath(page));
  const related = page.locator('[data-related] a');
  expect(await related.count()).toBeGreaterThan(0);
  await related.first().click();
  await expect(page).toHaveURL(ARTICLE_PATH);
});

test('a bulletin shows its cases as a table with number, district, issue, verdict, outcome and accountability', async ({ page }) => {
  await page.goto(await firstBulletinPath(page));
  const table = page.locator('.article-cases table');
  await expect(table).toBeVisible();
  const headers = (await table.locator('thead th').allTextContents()).map((text) => text.trim());
  expect(headers).toEqual(['案件编号', '地区', '交办问题', '调查结论', '处理处罚情况', '问责情况']);
  expect(await table.locator('tbody tr').count()).toBeGreaterThan(0);
  await expect(table.locator('.verdict').first()).toHaveText(/^(属实|部分属实|不属实|—)$/u);
});

test('article body text uses no synthesised bold or italic and compresses adjacent punctuation', async ({ page }) => {
  await page.goto(await firstArticlePath(page));
  const style = await page.locator('.article-body').evaluate((element) => {
    const computed = getComputedStyle(element);
    return { synthesis: computed.fontSynthesis, trim: computed.getPropertyValue('text-spacing-trim'), lineHeight: computed.lineHeight, fontSize: computed.fontSize };
  });
  expect(style.synthesis).toBe('none');
  expect(style.trim).toBe('space-first');
  expect(parseFloat(style.lineHeight) / parseFloat(style.fontSize)).toBeGreaterThanOrEqual(1.7);
});
