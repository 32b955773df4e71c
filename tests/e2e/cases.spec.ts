import { expect, test } from '@playwright/test';

test('the cases page lists every case from every bulletin with a link to its bulletin', async ({ page }) => {
  await page.goto('cases/');
  const rows = page.locator('.cases-table tbody tr');
  const total = Number(await page.locator('[data-case-count]').getAttribute('data-case-count'));
  expect(total).toBeGreaterThan(0);
  await expect(rows).toHaveCount(total);
  await expect(rows.first().locator('a')).toHaveAttribute('href', /\/articles\/[0-9a-f]{12}\/$/);
});

test('choosing a district keeps the filter in the URL and shows only that district’s cases', async ({ page }) => {
  await page.goto('cases/');
  const chip = page.getByRole('navigation', { name: '按地区' }).locator('a.chip').nth(1);
  const district = (await chip.textContent())!.replace(/\d+/g, '').trim();
  const count = Number(await chip.locator('.chip__count').textContent());
  await chip.click();
  await expect(page).toHaveURL(new RegExp(`/cases/district/${encodeURIComponent(district)}/$`));
  const districts = await page.locator('.cases-table tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-district')));
  expect(districts).toHaveLength(count);
  expect(new Set(districts)).toEqual(new Set([district]));
});

test('district and verdict filters combine, and each can be cleared on its own', async ({ page }) => {
  await page.goto('cases/');
  await page.getByRole('navigation', { name: '按调查结论' }).locator('a.chip').nth(1).click();
  await expect(page).toHaveURL(/\/cases\/verdict\/[^/]+\/$/);
  const verdict = decodeURIComponent(page.url().match(/verdict\/([^/]+)\//)![1]!);
  await page.getByRole('navigation', { name: '按地区' }).locator('a.chip').nth(1).click();
  await expect(page).toHaveURL(/\/cases\/district\/[^/]+\/verdict\/[^/]+\/$/);
  const verdicts = await page.locator('.cases-table tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-verdict')));
  expect(new Set(verdicts)).toEqual(new Set([verdict]));
  await page.getByRole('navigation', { name: '按地区' }).getByRole('link', { name: /^全部/ }).click();
  await expect(page).toHaveURL(new RegExp(`/cases/verdict/${encodeURIComponent(verdict)}/$`));
});
