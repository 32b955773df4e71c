/**
 * Generates a garbled newspaper corpus of N printed articles: a city daily
 * printing ~30 articles a day on ~7 pages, one raw file per page, in dated
 * folders (`2015/01/2015-01-01_第03版.txt`). Article text is real Chinese
 * (lines of classical verse from the chinese-poetry package, drawn at random
 * so paragraphs do not repeat by chance); the page damage comes from garble.ts.
 *
 * Layout damage decided here, at the rates seen in the seeds:
 * duplicated paragraphs (5 % of articles), reprints of an earlier article
 * (1 %), headline printed after the body (4 %), an article continued from
 * page 1 onto a later page with `（下转第N版）` / `（上接第一版）` markers (most
 * days), bylines `本报讯（记者 X 通讯员 Y）M月D日，` or a byline line.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pickDamage, printPage, type PrintedArticle } from './garble.ts';
import { Rng } from './rng.ts';
import type { SourcePool } from './source.ts';

export const GENERATOR_VERSION = 1;
const ARTICLES_PER_DAY = 30;
const CN_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五', '十六'];

export interface CorpusFigures {
  articles: number;
  files: number;
  bytes: number;
  days: number;
}

function paragraph(pool: SourcePool, rng: Rng, lines: number): string {
  let p = '';
  for (let i = 0; i < lines; i++) p += rng.pick(pool.lines);
  return p;
}

function article(pool: SourcePool, rng: Rng, reporters: readonly string[], date: Date): PrintedArticle {
  const paragraphs: string[] = [];
  const n = rng.int(4, 10);
  for (let i = 0; i < n; i++) paragraphs.push(paragraph(pool, rng, rng.int(3, 12)));
  const m = date.getUTCMonth() + 1;
  const d = date.getUTCDate();
  const a: PrintedArticle = { title: rng.pick(pool.titles), paragraphs };
  if (rng.next() < 0.15) a.kicker = rng.pick(pool.titles);
  if (rng.next() < 0.2) a.subtitle = rng.pick(pool.titles);
  const who = (): string => (rng.next() < 0.5 ? `记者 ${rng.pick(reporters)} 通讯员 ${rng.pick(reporters)}` : `记者 ${rng.pick(reporters)}`);
  const r = rng.next();
  if (r < 0.55) paragraphs[0] = `本报讯（${who()}）${m}月${d}日，${paragraphs[0]}`;
  else if (r < 0.75) a.byline = `本报${who()}`;
  else if (r < 0.9) paragraphs[0] = `${date.getUTCFullYear()}年${m}月${d}日，${paragraphs[0]}`;
  if (rng.next() < 0.05) {
    // A paragraph printed twice: right after itself, or again at the end.
    const i = rng.int(0, paragraphs.length - 1);
    if (rng.next() < 0.5) paragraphs.splice(i + 1, 0, paragraphs[i]!);
    else paragraphs.push(paragraphs[i]!);
  }
  if (rng.next() < 0.04) a.headlineAfter = true;
  return a;
}

/** Write the corpus for `total` articles into `dir`; same seed, same bytes. */
export async function generateCorpus(pool: SourcePool, total: number, dir: string, seed = 20150101): Promise<CorpusFigures> {
  const rng = new Rng(seed);
  const reporters = Array.from({ length: 60 }, () => rng.pick(pool.names));
  const earlier: PrintedArticle[] = [];
  const figures: CorpusFigures = { articles: 0, files: 0, bytes: 0, days: 0 };
  const day = new Date(Date.UTC(2015, 0, 1));
  while (figures.articles < total) {
    const today = Math.min(total - figures.articles, ARTICLES_PER_DAY + rng.int(-4, 4));
    const articles: PrintedArticle[] = [];
    for (let i = 0; i < today; i++) {
      if (earlier.length > 0 && rng.next() < 0.01) articles.push({ ...rng.pick(earlier) });
      else articles.push(article(pool, rng, reporters, day));
    }
    for (const a of articles) if (rng.next() < 0.02) earlier.length < 2000 ? earlier.push(a) : (earlier[rng.int(0, 1999)] = a);
    // Pages of 3–6 articles.
    const pages: PrintedArticle[][] = [];
    for (let i = 0; i < articles.length; ) {
      const k = rng.int(3, 6);
      pages.push(articles.slice(i, i + k));
      i += k;
    }
    // The last article of page 1 continues on the last page.
    if (pages.length >= 2 && rng.next() < 0.7) {
      const first = pages[0]!;
      const a = first.at(-1)!;
      if (a.paragraphs.length >= 4) {
        const cut = Math.floor(a.paragraphs.length / 2);
        const last = pages.length;
        first[first.length - 1] = { ...a, paragraphs: a.paragraphs.slice(0, cut), continuedTo: `（下转第${CN_DIGITS[last] ?? last}版）`, headlineAfter: false };
        pages[last - 1]!.push({ title: a.title, paragraphs: a.paragraphs.slice(cut), continuedFrom: '（上接第一版）' });
      }
    }
    const y = day.getUTCFullYear();
    const mm = String(day.getUTCMonth() + 1).padStart(2, '0');
    const dd = String(day.getUTCDate()).padStart(2, '0');
    const folder = path.join(dir, String(y), mm);
    await mkdir(folder, { recursive: true });
    for (const [i, page] of pages.entries()) {
      const bytes = printPage(page, pickDamage(rng), rng);
      await writeFile(path.join(folder, `${y}-${mm}-${dd}_第${String(i + 1).padStart(2, '0')}版.txt`), bytes);
      figures.files++;
      figures.bytes += bytes.length;
    }
    figures.articles += today;
    figures.days++;
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return figures;
}
