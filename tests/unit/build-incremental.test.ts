/**
 * A rebuild after a new day's article is added (scripts/build.ts over a copy
 * of the seeds, in runs of 4 pages merged into bundles of 8): the pages of
 * the articles already built do not change, so every run but the one the new
 * article joins, and every merged bundle but the one holding it, come from
 * the index cache, and the site is byte for byte the one a build without the
 * cache makes.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
let work = '';

function build(dist: string, env: Record<string, string> = {}): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', resolve(ROOT, 'scripts/build.ts')], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      ...process.env,
      CORPUS_DIR: join(work, 'raw'),
      ARTICLES_DIR: join(work, 'articles'),
      DIST_DIR: join(work, dist),
      ASTRO_CACHE_DIR: join(work, 'astro-cache'),
      INGEST_CACHE_DIR: join(work, 'ingest-cache'),
      SEARCH_INDEX_CACHE_DIR: join(work, 'index-cache'),
      SEARCH_SHARD_PAGES: '4',
      SEARCH_BUNDLE_PAGES: '8',
      ...env,
    },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** Bundles, the runs merged into them, and runs from the cache, as the build reports them. */
function bundles(output: string): { all: number; runs: number; cached: number; merged: number } {
  const m = /Pages indexed:\s+\d+ in (\d+) bundles? from (\d+) runs(?: \((\d+) unchanged, from the index cache(?:; (\d+) merged bundles? too)?\))?/u.exec(output);
  if (!m) throw new Error(`no bundle count in:\n${output}`);
  return { all: Number(m[1]), runs: Number(m[2]), cached: Number(m[3] ?? 0), merged: Number(m[4] ?? 0) };
}

/** Every file under dir with its bytes, by relative path. */
function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out[join(e.parentPath, e.name).slice(dir.length + 1)] = readFileSync(join(e.parentPath, e.name)).toString('base64');
  }
  return out;
}

const articlePages = (all: Record<string, string>) => Object.fromEntries(Object.entries(all).filter(([file]) => /^articles\/[0-9a-f]+\//u.test(file)));

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'incremental-'));
  cpSync(join(ROOT, 'content/raw'), join(work, 'raw'), { recursive: true });
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('rebuilding after a new article is added', { timeout: 240_000 }, () => {
  test('indexes only the run it joins, merges only its bundle again, and makes the site a build without the cache makes', () => {
    const first = bundles(build('dist'));
    expect(first).toEqual({ all: first.all, runs: first.runs, cached: 0, merged: 0 });
    // The seeds' five dated articles (all of 2018) are runs of 4 and 1, merged into the first bundle; the
    // undated ones are runs of 4 merged two by two, the last run alone.
    expect(first.all).toBeGreaterThan(2);
    expect(first.runs).toBeGreaterThan(first.all);
    const before = files(join(work, 'dist'));

    writeFileSync(join(work, 'raw', 'zz_2018-11-20.txt'), '许昌日报 2018年11月20日\n\n# 入冬第一场雪\n\n本报讯（记者 王明）11月19日，我市迎来入冬第一场雪，市民纷纷走上街头赏雪拍照。环卫工人连夜清扫主干道积雪，保障市民出行安全。\n');
    const second = bundles(build('dist'));
    // Every merged bundle but the first (runs.length - all of them: one run alone at the end) comes merged from the cache.
    expect(second).toEqual({ all: first.all, runs: first.runs, cached: first.runs - 1, merged: first.runs - first.all - 1 });
    expect(second.merged).toBeGreaterThan(0);
    const after = files(join(work, 'dist'));
    // The articles built before are served unchanged: the premise of the cache.
    const added = Object.keys(articlePages(after)).filter((file) => !(file in before));
    expect(added.length).toBeGreaterThan(0);
    expect(Object.fromEntries(Object.entries(articlePages(after)).filter(([file]) => !added.includes(file)))).toEqual(articlePages(before));

    build('dist-fresh', { SEARCH_INDEX_CACHE: '0' });
    expect(after).toEqual(files(join(work, 'dist-fresh')));
  });
});
