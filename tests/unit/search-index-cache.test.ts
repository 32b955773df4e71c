/**
 * The index cache (src/lib/search-index-cache.ts), through `npm run reindex`
 * on a small site in runs of two pages: unchanged runs, and merged bundles
 * whose runs are all unchanged, are copied, the index comes out byte for
 * byte as one indexed without the cache, and the cache keeps only the runs
 * and bundles of the last build.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeArticlePage } from './site-fixture.ts';

let work = '';
const site = () => path.join(work, 'site');
const cache = () => path.join(work, 'cache');

const writeArticle = (day: number, text: string) => writeArticlePage(site(), day, text);

/** Reindex the site into out in runs of two pages; returns how many runs came from the cache. */
function reindex(out: string, withCache = true): number {
  return reindexInBundles(out, 2, withCache).runs;
}

/** Reindex in runs of two pages merged into bundles of bundlePages; how many runs and merged bundles came from the cache. */
function reindexInBundles(out: string, bundlePages: number, withCache = true): { runs: number; merged: number } {
  const args = ['--import', 'tsx', 'scripts/reindex.ts', '--site', site(), '--out', out, '--shard-pages', '2', '--bundle-pages', String(bundlePages), ...(withCache ? ['--cache-dir', cache()] : [])];
  const printed = execFileSync(process.execPath, args, { cwd: path.resolve(import.meta.dirname, '../..'), encoding: 'utf8' });
  return { runs: Number(/(\d+) from the index cache/u.exec(printed)?.[1] ?? 0), merged: Number(/and (\d+) merged bundle/u.exec(printed)?.[1] ?? 0) };
}

/** Every file under a folder with its bytes, by relative path. */
async function filesOf(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = (await readFile(file)).toString('base64');
  }
  return out;
}

const index = (out: string) => filesOf(path.join(work, out, 'pagefind'));

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'index-cache-'));
  for (let day = 1; day <= 5; day++) await writeArticle(day, `第${day}天的新闻：春风又绿江南岸，明月何时照我还。`);
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('the index cache', () => {
  it('indexes every bundle the first time, then copies all of them, with the same files as no cache', async () => {
    expect(reindex(path.join(work, 'first'))).toBe(0);
    expect(reindex(path.join(work, 'again'))).toBe(3);
    const fresh = await index('first');
    expect(Object.keys(fresh).some((file) => file.startsWith('shard-2/'))).toBe(true);
    expect(await index('again')).toEqual(fresh);
  }, 60_000);

  it('indexes only the last bundles when a newer article is added, and an old bundle again when its page changes', async () => {
    // Bundles [1 2] [3 4] [5 6]: the first two are unchanged.
    await writeArticle(6, '第6天：新的一天。');
    expect(reindex(path.join(work, 'added'))).toBe(2);
    expect(reindex(path.join(work, 'added-fresh'), false)).toBe(0);
    expect(await index('added')).toEqual(await index('added-fresh'));

    await writeArticle(1, '第1天的新闻，改过了。');
    expect(reindex(path.join(work, 'edited'))).toBe(2);
    expect(reindex(path.join(work, 'edited-fresh'), false)).toBe(0);
    expect(await index('edited')).toEqual(await index('edited-fresh'));
    // Only the last build's three bundles are kept.
    expect(await readdir(cache())).toHaveLength(3);
  }, 90_000);

  it('copies a merged bundle whose runs are all unchanged, and merges again only the bundle a new run joins', async () => {
    // Runs [1 2] [3 4] [5 6] (all cached above) in bundles of four pages: [1 2 3 4] [5 6].
    expect(reindexInBundles(path.join(work, 'merged'), 4)).toEqual({ runs: 3, merged: 0 });
    expect(reindexInBundles(path.join(work, 'merged-again'), 4)).toEqual({ runs: 3, merged: 1 });
    expect(await index('merged-again')).toEqual(await index('merged'));

    // A new run [7] joins the second bundle: [1 2 3 4] [5 6 7].
    await writeArticle(7, '第7天：又是新的一天。');
    expect(reindexInBundles(path.join(work, 'merged-added'), 4)).toEqual({ runs: 3, merged: 1 });
    expect(reindexInBundles(path.join(work, 'merged-added-fresh'), 4, false)).toEqual({ runs: 0, merged: 0 });
    const added = await index('merged-added');
    expect(Object.keys(added).some((file) => file.startsWith('shard-1/')) && !Object.keys(added).some((file) => file.startsWith('shard-2/'))).toBe(true);
    expect(added).toEqual(await index('merged-added-fresh'));
    // Four runs and two merged bundles.
    expect(await readdir(cache())).toHaveLength(6);
  }, 90_000);
});
