/**
 * Damage that text extracted from printed newspaper pages shows in the seed
 * corpus (content/raw), applied to clean generated articles so the benchmark
 * feeds the pipeline what it meets in practice:
 *
 * - hard wraps at a narrow column width (10–18 characters), headlines wrapped too
 * - spaced-out characters in justified lines (`4 月 1 日`, `李 朝 锋`)
 * - half-width punctuation (`,` `:` `(` for `，` `：` `（`)
 * - Markdown-ish dumps (`## 标题`, `### ——副题`) beside plain-text ones
 * - CRLF line ends, GBK-encoded files
 *
 * Layout damage (duplicated paragraphs, headline printed after the body,
 * continuation markers, reprints) is decided in corpus.ts, where the page
 * structure is known.
 */
import iconv from 'iconv-lite';
import type { Rng } from './rng.ts';

export interface PrintedArticle {
  kicker?: string;
  title: string;
  subtitle?: string;
  /** Standalone byline line (`本报记者 X 通讯员 Y`), printed under the headline. */
  byline?: string;
  paragraphs: string[];
  /** Headline printed after the body (a layout error the segmenter repairs). */
  headlineAfter?: boolean;
  /** `（上接第一版）` printed before the body. */
  continuedFrom?: string;
  /** `（下转第三版）` printed after the body. */
  continuedTo?: string;
}

export type PageStyle = 'markdown' | 'column' | 'spaced';

export interface PageDamage {
  style: PageStyle;
  width: number;
  halfWidthPunctuation: boolean;
  crlf: boolean;
  gbk: boolean;
}

export function pickDamage(rng: Rng): PageDamage {
  const r = rng.next();
  return {
    style: r < 0.3 ? 'markdown' : r < 0.8 ? 'column' : 'spaced',
    width: rng.int(10, 18),
    halfWidthPunctuation: rng.next() < 0.25,
    crlf: rng.next() < 0.1,
    gbk: rng.next() < 0.05,
  };
}

const HALF: Record<string, string> = { '，': ',', '：': ':', '；': ';', '！': '!', '？': '?', '（': '(', '）': ')' };

function halfWidth(text: string): string {
  return text.replace(/[，：；！？（）]/gu, (c) => HALF[c]!);
}

/** Hard-wrap at `width` characters, as a narrow printed column does. */
function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  const chars = [...text];
  for (let i = 0; i < chars.length; i += width) out.push(chars.slice(i, i + width).join(''));
  return out;
}

/** A justified line: spaces between characters (digits keep their run: `4 月 1 日`). */
function spaceOut(line: string): string {
  return line.replace(/(\d+|[^\d\s])(?=\S)/gu, '$1 ');
}

function printArticle(a: PrintedArticle, d: PageDamage, rng: Rng): string[] {
  const md = d.style === 'markdown';
  const head: string[] = [];
  if (a.kicker) head.push(md ? `### ${a.kicker}` : a.kicker);
  head.push(md ? `## ${a.title}` : a.title);
  if (a.subtitle) head.push(md ? `### ——${a.subtitle}` : `——${a.subtitle}`);
  const body: string[] = [];
  if (a.continuedFrom) body.push(a.continuedFrom, '');
  if (a.byline) body.push(a.byline, '');
  for (const p of a.paragraphs) {
    if (md) body.push(p, '');
    else {
      const lines = wrap(p, d.width);
      body.push(...(d.style === 'spaced' ? lines.map((l) => (rng.next() < 0.35 ? spaceOut(l) : l)) : lines));
      if (rng.next() < 0.5) body.push('');
    }
  }
  if (a.continuedTo) body.push(a.continuedTo);
  // Headlines wrap at the column too when they are longer than it.
  const heads = md ? head : head.flatMap((h) => (h.length > d.width + 4 ? wrap(h, d.width + 4) : [h]));
  return a.headlineAfter ? [...body, '', ...heads, ''] : ['', ...heads, '', ...body, ''];
}

/** One printed page as the bytes of a raw file. */
export function printPage(articles: readonly PrintedArticle[], d: PageDamage, rng: Rng): Uint8Array {
  let text = articles.flatMap((a) => printArticle(a, d, rng)).join('\n') + '\n';
  if (d.halfWidthPunctuation) text = halfWidth(text);
  if (d.crlf) text = text.replace(/\n/gu, '\r\n');
  return d.gbk ? iconv.encode(text, 'gbk') : Buffer.from(text, 'utf8');
}
