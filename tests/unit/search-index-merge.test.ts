/**
 * Merging Pagefind bundles (src/lib/search-index-merge.ts): a site indexed in
 * runs of two pages and merged is, file for file, the bundle Pagefind writes
 * when given every page at once; packed fragments and colliding fragment
 * names survive the merge.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { decode, encode } from 'cbor-x';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeArticlePage } from './site-fixture.ts';
import { BundleProgress, planBundles } from '../../src/lib/search-index.ts';
import { compareCodePoints, mergeBundles } from '../../src/lib/search-index-merge.ts';

let work = '';
const site = () => path.join(work, 'site');
const SIGNATURE = 'pagefind_dcd';

/** Articles on consecutive days; some carry a kicker (a meta field the others lack) and accented Latin (Pagefind's word variants). */
const writeArticle = (day: number, text: string, kicker?: string) =>
  writeArticlePage(site(), day, text, (kicker ? `<p data-pagefind-meta="kicker">${kicker}</p>` : '') + `<span data-pagefind-filter="kind">${day % 2 ? '消息' : '通讯'}</span>`);

function reindex(out: string, ...options: string[]): void {
  const args = ['--import', 'tsx', 'scripts/reindex.ts', '--site', site(), '--out', out, ...options];
  execFileSync(process.execPath, args, { cwd: path.resolve(import.meta.dirname, '../..'), encoding: 'utf8' });
}

/** Every index file under a bundle, uncompressed, by relative path (the other bundles' folders left out). */
async function indexFiles(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    const name = path.relative(dir, file);
    if (!entry.isFile() || !/\.pf_/u.test(name) || name.startsWith('shard-')) continue;
    out[name] = gunzipSync(await readFile(file)).toString('base64');
  }
  return out;
}

const readPf = async (file: string): Promise<unknown> => decode(gunzipSync(await readFile(file)).subarray(SIGNATURE.length));
const writePf = async (file: string, value: unknown): Promise<void> => writeFile(file, gzipSync(Buffer.concat([Buffer.from(SIGNATURE), encode(value)])));
const metaFile = async (dir: string): Promise<string> => path.join(dir, (await readdir(dir)).find((name) => name.endsWith('.pf_meta'))!);
type Meta = [string, Array<[string, number, string]>, ...unknown[]];

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'index-merge-'));
  const texts = ['春风又绿江南岸，明月何时照我还。', '许昌市魏都区召开会议，部署冬季safety工作。', '记者从市交通局获悉：café开业，市民排队。', '明月几时有？把酒问青天。', '春风得意马蹄疾，一日看尽长安花。', '本报讯（记者 王明）1月4日，我市迎来新年第一场雪。', '江南好，风景旧曾谙。'];
  for (const [i, text] of texts.entries()) await writeArticle(i + 1, text, i % 3 === 0 ? '要闻' : undefined);
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('merging index runs', () => {
  it('gives the bundle Pagefind writes for all the pages at once, file for file', async () => {
    reindex(path.join(work, 'single'), '--shard-pages', '100', '--bundle-pages', '100');
    reindex(path.join(work, 'merged'), '--shard-pages', '2', '--bundle-pages', '100');
    const single = path.join(work, 'single/pagefind');
    const merged = path.join(work, 'merged/pagefind');
    expect(await readdir(merged)).not.toContain('shard-1');
    expect(await indexFiles(merged)).toEqual(await indexFiles(single));
    const entry = async (dir: string) => JSON.parse(await readFile(path.join(dir, 'pagefind-entry.json'), 'utf8')) as { include_characters: string[] };
    const [a, b] = [await entry(single), await entry(merged)];
    expect({ ...b, include_characters: [...b.include_characters].sort() }).toEqual({ ...a, include_characters: [...a.include_characters].sort() });
    const meta = (dir: string) => readFile(path.join(dir, 'search-meta.json'), 'utf8');
    expect(await meta(merged)).toEqual(await meta(single));
  }, 60_000);

  it('keeps packed fragments reachable, one group file a run', async () => {
    // Runs of 2, 2, 2 and 1 pages, one fragment file each: Pagefind packs the first three.
    reindex(path.join(work, 'packed'), '--shard-pages', '2', '--bundle-pages', '100', '--fragment-files', '4');
    const dir = path.join(work, 'packed/pagefind');
    const [, pages] = (await readPf(await metaFile(dir))) as Meta;
    expect(pages).toHaveLength(7);
    expect(new Set(pages.map(([, , group]) => group).filter(Boolean)).size).toBe(3);
    const fragmentText = async (name: string) => gunzipSync(await readFile(path.join(dir, 'fragment', `${name}.pf_fragment`))).subarray(SIGNATURE.length).toString('utf8');
    for (const [hash, , group] of pages) {
      const fragment = group ? (JSON.parse(await fragmentText(group)) as Record<string, { url: string }>)[hash] : (JSON.parse(await fragmentText(hash)) as { url: string });
      expect(fragment?.url).toMatch(/^\/articles\/a\d\/$/u);
    }
    expect(await readdir(path.join(dir, 'fragment'))).toHaveLength(4);
  }, 60_000);

  it('gives a fragment whose name another run’s different fragment has a longer name, and shares an identical one', async () => {
    reindex(path.join(work, 'runs'), '--shard-pages', '2', '--bundle-pages', '2');
    const first = path.join(work, 'runs/pagefind');
    const second = path.join(first, 'shard-1');
    // Give the second run's first page the first run's first fragment name, as a 28-bit collision would.
    const metaPath = await metaFile(second);
    const meta = (await readPf(metaPath)) as Meta;
    const [taken] = ((await readPf(await metaFile(first))) as Meta)[1][0]!;
    const [own] = meta[1][0]!;
    await rename(path.join(second, 'fragment', `${own}.pf_fragment`), path.join(second, 'fragment', `${taken}.pf_fragment`));
    meta[1][0]![0] = taken;
    await writePf(metaPath, meta);
    // And a third run that is the first again: its fragments are the same, so they share names.
    const third = path.join(work, 'third');
    await cp(first, third, { recursive: true, filter: (source) => !source.includes('shard-') });

    const out = path.join(work, 'collided');
    const fragment = async (dir: string, name: string) => gunzipSync(await readFile(path.join(dir, 'fragment', `${name}.pf_fragment`))).toString('utf8');
    const [firstFragment, secondFragment] = [await fragment(first, taken), await fragment(second, taken)];
    // Moved, as the build does: a name taken earlier must still be told apart once its file has gone.
    const merged = await mergeBundles([first, second, third], out, { move: true });
    expect(merged.pages).toBe(6);
    const [, pages] = (await readPf(await metaFile(out))) as Meta;
    const names = pages.map(([hash]) => hash);
    expect(names[2]).not.toBe(taken);
    expect(names[2]!.startsWith(own.slice(0, -1)) || names[2]!.length > own.length).toBe(true);
    expect(names.slice(4)).toEqual(names.slice(0, 2));
    expect(await fragment(out, names[2]!)).toEqual(secondFragment);
    expect(await fragment(out, names[0]!)).toEqual(firstFragment);
    expect(new Set(await readdir(path.join(out, 'fragment')))).toEqual(new Set(names.map((name) => `${name}.pf_fragment`)));
  }, 60_000);
});

describe('planBundles', () => {
  const runs = (...sizes: Array<number | 'undated'>) => sizes.map((size) => (size === 'undated' ? [{ date: undefined }] : Array.from({ length: size }, () => ({ date: '2020-01-01' }))));
  it('groups whole runs from the oldest up to the bundle size, dated and undated apart', () => {
    expect(planBundles(runs(2, 2, 2, 2, 1), 4)).toEqual([[0, 1], [2, 3], [4]]);
    expect(planBundles(runs(2, 2, 1), 5)).toEqual([[0, 1, 2]]);
    expect(planBundles(runs(2, 2, 'undated', 'undated'), 8)).toEqual([[0, 1], [2, 3]]);
    expect(planBundles(runs(5, 5), 4)).toEqual([[0], [1]]);
  });

  it('starts a year in a new bundle unless the whole year fits in the current one', () => {
    const yearRuns = (year: string, ...sizes: number[]) => sizes.map((size) => Array.from({ length: size }, () => ({ date: `${year}-06-01` })));
    // 2018 (3) and 2019 (2 + 2) do not fit together in 6: 2019 starts a bundle of its own.
    expect(planBundles([...yearRuns('2018', 3), ...yearRuns('2019', 2, 2)], 6)).toEqual([[0], [1, 2]]);
    // They fit in 7.
    expect(planBundles([...yearRuns('2018', 3), ...yearRuns('2019', 2, 2)], 7)).toEqual([[0, 1, 2]]);
    // A year larger than a bundle fills bundles of its own; a small next year joins its last one if it fits whole.
    expect(planBundles([...yearRuns('2017', 1), ...yearRuns('2018', 3, 3, 1), ...yearRuns('2019', 2), ...yearRuns('2020', 4)], 6)).toEqual([[0], [1, 2], [3, 4], [5]]);
    expect(planBundles([...yearRuns('2019', 2), ...runs('undated')], 6)).toEqual([[0], [1]]);
  });
});

describe('BundleProgress', () => {
  it('makes a bundle ready once, when its last run is done, in any order and however often a run is reported', () => {
    const progress = new BundleProgress([[0, 1, 2], [3], [4, 5]]);
    const ready = [1, 0, 1, 3, 5, 2, 2, 0, 4, 4].map((run) => progress.runDone(run));
    expect(ready).toEqual([undefined, undefined, undefined, 1, undefined, 0, undefined, undefined, 2, undefined]);
  });
});

describe('compareCodePoints', () => {
  it('orders by code point, as Pagefind sorts words, not by UTF-16 unit', () => {
    const astral = String.fromCodePoint(0xf0021);
    expect(compareCodePoints('\uff01', astral)).toBeLessThan(0);
    expect('\uff01' < astral).toBe(false);
    expect(['b', 'ab', 'a', astral, '\uffee', '中'].sort(compareCodePoints)).toEqual(['a', 'ab', 'b', '中', '\uffee', astral]);
  });
});
