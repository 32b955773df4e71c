/**
 * Real Chinese text for the benchmark corpus, written by no one here: the
 * `chinese-poetry` npm package (MIT; Tang and Song poems, Song ci, Yuan qu).
 *
 * The package is 85 MB packed / 362 MB unpacked, too large for a
 * devDependency, so the bench fetches it once with `npm pack` into its cache
 * folder, reads the few collections it needs, converts traditional characters
 * to simplified (opencc-js), and keeps a compact pool of lines as JSON.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as OpenCC from 'opencc-js';

export const POETRY_PACKAGE = 'chinese-poetry@2.0.1';

export interface SourcePool {
  /** Lines of verse (one printed "paragraph" of a poem each), simplified characters. */
  lines: string[];
  /** Poem titles, usable as headlines. */
  titles: string[];
  /** Author names of two or three Han characters, usable as reporters. */
  names: string[];
  /** Start index in `lines` of each poem, so consecutive lines read as one text. */
  poems: number[];
}

const HAN_ONLY = /^[\u4e00-\u9fff]+$/u;

async function fetchPackage(cache: string): Promise<string> {
  const dir = path.join(cache, 'chinese-poetry');
  if (existsSync(path.join(dir, 'package', 'package.json'))) return path.join(dir, 'package');
  await mkdir(dir, { recursive: true });
  console.log(`bench: fetching ${POETRY_PACKAGE} (85 MB, once) into ${dir}`);
  const out = execFileSync('npm', ['pack', POETRY_PACKAGE, '--pack-destination', dir, '--silent'], { encoding: 'utf8' }).trim().split('\n').at(-1)!;
  const tgz = path.join(dir, out);
  // Only the collections the pool uses (~60 MB of JSON).
  execFileSync('tar', ['xzf', tgz, '-C', dir, 'package/package.json', 'package/dist/songci', 'package/dist/yuanqu', 'package/dist/quantangshi']);
  await rm(tgz);
  return path.join(dir, 'package');
}

interface Poem {
  author?: string;
  title?: string;
  rhythmic?: string;
  paragraphs?: string[];
}

export async function loadPool(cache: string): Promise<SourcePool> {
  const poolFile = path.join(cache, 'pool-v1.json');
  if (existsSync(poolFile)) return JSON.parse(await readFile(poolFile, 'utf8')) as SourcePool;
  const pkg = await fetchPackage(cache);
  const t2s = OpenCC.Converter({ from: 't', to: 'cn' });
  const files: Array<{ file: string; traditional: boolean }> = [];
  for (const f of await readdir(path.join(pkg, 'dist/songci'))) if (/^ci\.song\.\d+\.json$/u.test(f)) files.push({ file: path.join(pkg, 'dist/songci', f), traditional: false });
  for (const f of await readdir(path.join(pkg, 'dist/yuanqu'))) if (f.endsWith('.json')) files.push({ file: path.join(pkg, 'dist/yuanqu', f), traditional: false });
  // Tang poems and the first 60 000 Song poems (traditional characters).
  for (const f of await readdir(path.join(pkg, 'dist/quantangshi'))) {
    const m = /^poet\.(tang|song)\.(\d+)\.json$/u.exec(f);
    if (m && (m[1] === 'tang' || Number(m[2]) < 60000)) files.push({ file: path.join(pkg, 'dist/quantangshi', f), traditional: true });
  }
  files.sort((a, b) => (a.file < b.file ? -1 : 1));
  const pool: SourcePool = { lines: [], titles: [], names: [], poems: [] };
  const titles = new Set<string>();
  const names = new Set<string>();
  for (const { file, traditional } of files) {
    let text = await readFile(file, 'utf8');
    if (traditional) text = t2s(text);
    for (const p of JSON.parse(text) as Poem[]) {
      const lines = (p.paragraphs ?? []).map((l) => l.replace(/\s+/gu, '').replace(/[□〖〗\[\]{}（）()]/gu, '')).filter((l) => l.length >= 5 && l.length <= 60);
      if (lines.length === 0) continue;
      pool.poems.push(pool.lines.length);
      pool.lines.push(...lines);
      const title = (p.title ?? p.rhythmic ?? '').replace(/[^\u4e00-\u9fff]/gu, '');
      if (title.length >= 4 && title.length <= 14) titles.add(title);
      if (p.author && HAN_ONLY.test(p.author) && p.author.length >= 2 && p.author.length <= 3) names.add(p.author);
    }
  }
  pool.titles = [...titles];
  pool.names = [...names];
  await writeFile(poolFile, JSON.stringify(pool));
  return pool;
}
