/**
 * Exactness: for a seeded random query set drawn from the built article
 * pages (substrings of 1–20 characters, two-character queries straddling a
 * word boundary, mixed Latin/digit/Han runs, traditional-character queries,
 * several terms, quoted phrases, exclusions, absent strings), the search page
 * returns exactly the pages whose visible article text — headline and body,
 * whitespace ignored, traditional/simplified folded — satisfies the query.
 * Truth is computed from the pages as the browser renders them.
 */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { expect, test, type Page } from '@playwright/test';
import * as OpenCC from 'opencc-js/cn2t';
import { openccFoldTable } from '../../src/lib/search-index.ts';
import { pageKeys, sampleQueries, truthFor, type QueryKind, type SamplePage, type SampledQuery } from '../../src/lib/search-sample.ts';
import { chunkStartsOf, pagefindFileBytes } from '../../src/lib/pagefind-meta.ts';
import { chunkProbes, INDEX_LANGUAGE, SEGMENT_BREAK } from '../../src/lib/search-text.ts';
import { searchUrl } from './helpers.ts';

const SEED = 20240601;
const PER_KIND = 6;
const KINDS: QueryKind[] = ['substring', 'boundary', 'mixed-script', 'traditional', 'multi-term', 'phrase', 'exclusion', 'absent'];
const table = openccFoldTable();

const articleIds = readdirSync(resolve(import.meta.dirname, '../../dist/articles'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && /^[0-9a-f]{12}$/u.test(entry.name))
  .map((entry) => entry.name)
  .sort();

let pages: SamplePage[] = [];
let keys: string[] = [];
let queries: SampledQuery[] = [];

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await browser.newPage();
  for (const id of articleIds) {
    await page.goto(`articles/${id}/`);
    // The reader's text: the headline and the article body, as rendered.
    const parts = await page.locator('[data-pagefind-body]').evaluateAll((elements) => elements.map((element) => element.textContent ?? ''));
    const text = parts.join(SEGMENT_BREAK);
    pages.push({ url: new URL(page.url()).pathname, text });
  }
  await page.close();
  keys = pageKeys(pages, table);
  const jieba = Jieba.withDict(dict);
  queries = sampleQueries(pages, {
    seed: SEED,
    perKind: PER_KIND,
    segment: (text) => jieba.cut(text, false),
    toTraditional: OpenCC.Converter({ from: 'cn', to: 'tw' }),
  });
});

/** Every result path for a query, after loading all pages of results. */
async function resultPaths(page: Page, query: string): Promise<string[]> {
  await page.goto(searchUrl(query));
  await expect(page.locator('[data-result-count], [data-no-results]')).toBeVisible();
  if (await page.locator('[data-no-results]').isVisible()) return [];
  const total = Number(await page.locator('[data-result-count]').textContent());
  const results = page.locator('[data-search-result]');
  const loadMore = page.locator('[data-load-more]');
  await expect(results).toHaveCount(Math.min(total, 10));
  while ((await results.count()) < total) {
    const before = await results.count();
    await loadMore.click();
    await expect(results).not.toHaveCount(before);
  }
  const hrefs = await results.locator('h2 a').evaluateAll((anchors) => anchors.map((anchor) => (anchor as HTMLAnchorElement).href));
  expect(hrefs).toHaveLength(total);
  return hrefs.map((href) => new URL(href).pathname).sort();
}

test('the sampled query set covers every kind of query', () => {
  expect(pages.length).toBeGreaterThan(10);
  for (const kind of KINDS) expect(queries.filter((query) => query.kind === kind).length, kind).toBeGreaterThan(0);
  // Not a vacuous test: most queries find something, and some find several pages.
  expect(queries.filter((query) => truthFor(query.query, keys, table).length > 0).length).toBeGreaterThan(queries.length / 2);
});

for (const kind of KINDS) {
  test(`${kind} queries return exactly the pages containing them`, async ({ page }) => {
    test.setTimeout(90_000);
    const mismatches: string[] = [];
    for (const { query } of queries.filter((sampled) => sampled.kind === kind)) {
      const expected = truthFor(query, keys, table)
        .map((index) => pages[index]!.url)
        .sort();
      const actual = await resultPaths(page, query);
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        mismatches.push(`${JSON.stringify(query)}: expected ${expected.length} ${JSON.stringify(expected)}, got ${actual.length} ${JSON.stringify(actual)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
}

test('fixed examples: boundary straddling, mixed script, traditional, exclusion', async ({ page }) => {
  const examples = ['题都', '2018年', '许昌市', '許昌市', '魏都 -环保', '"魏都 区"', 'D2018'];
  for (const query of examples) {
    const expected = truthFor(query, keys, table)
      .map((index) => pages[index]!.url)
      .sort();
    expect(await resultPaths(page, query), query).toEqual(expected);
  }
});

test('a headline or body ending in a character does not match every query that starts with it', async ({ page }) => {
  // Each text's last character is indexed last; a query of it and another character must match only where the pair occurs.
  const ends = [...new Set(pages.slice(0, 4).flatMap((sample) => sample.text.split(SEGMENT_BREAK).map((part) => part.replaceAll(/\s/gu, '').slice(-1))))];
  for (const end of ends.filter((char) => /\p{Script=Han}/u.test(char))) {
    const query = `${end}鬼`;
    const expected = truthFor(query, keys, table)
      .map((index) => pages[index]!.url)
      .sort();
    expect(await resultPaths(page, query), query).toEqual(expected);
  }
});

test('single characters whose index words run over several chunks find every page holding them', async ({ page, request }) => {
  // Each bundle's Pagefind metadata holds the first word of every index chunk.
  const meta = (await (await request.get('pagefind/search-meta.json')).json()) as { shards: { base: string }[] };
  const chunkStarts = async (base: string): Promise<string[]> => {
    const entry = (await (await request.get(`pagefind/${base}pagefind-entry.json`)).json()) as { languages: Record<string, { hash: string }> };
    const file = await (await request.get(`pagefind/${base}pagefind.${entry.languages[INDEX_LANGUAGE]!.hash}.pf_meta`)).body();
    return chunkStartsOf(await pagefindFileBytes(file));
  };
  const starts = await Promise.all(meta.shards.map((shard) => chunkStarts(shard.base)));
  const characters = [...new Set(starts.flatMap((words) => Object.keys(chunkProbes(words))))].filter((char) => /\p{Script=Han}/u.test(char));
  // The sharded site's bundles are too small to span chunks; the main site's must.
  test.skip(characters.length === 0 && test.info().project.name === 'sharded-index', 'no bundle has more than one index chunk');
  expect(characters.length).toBeGreaterThan(0);
  for (const query of characters) {
    const expected = truthFor(query, keys, table)
      .map((index) => pages[index]!.url)
      .sort();
    expect(expected.length, query).toBeGreaterThan(0);
    expect(await resultPaths(page, query), query).toEqual(expected);
  }
});

test('the split index merges two runs into each bundle, their fragments packed one file a run, and results still open', async ({ page, request }) => {
  test.skip(test.info().project.name !== 'sharded-index', 'only the split copy packs its fragments');
  const meta = (await (await request.get('pagefind/search-meta.json')).json()) as { shards: Array<{ base: string; pages: number }> };
  const pagefind = resolve(import.meta.dirname, '../../dist-sharded/pagefind');
  const fragmentFiles = (base: string) => readdirSync(resolve(pagefind, base, 'fragment')).length;
  expect(meta.shards.length).toBeGreaterThan(1);
  // Runs of 4 pages (playwright.config.ts), merged two by two: one packed file per run.
  for (const shard of meta.shards) expect({ base: shard.base, fragments: fragmentFiles(shard.base) }).toEqual({ base: shard.base, fragments: Math.ceil(shard.pages / 4) });
  expect(meta.shards.some((shard) => shard.pages > 4)).toBe(true);
  expect(meta.shards.some((shard) => shard.pages > 1)).toBe(true);
  // Every result's excerpt and link come from its packed fragment.
  await page.goto(searchUrl('许昌'));
  const results = page.locator('[data-search-result]');
  await expect(results.first()).toBeVisible();
  const count = await results.count();
  expect(count).toBeGreaterThan(1);
  for (let i = 0; i < count; i++) await expect(results.nth(i).locator('a').first()).toHaveAttribute('href', /\/articles\/[0-9a-f]{12}\//u);
});
