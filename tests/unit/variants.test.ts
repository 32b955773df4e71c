/**
 * The seed corpus in other shapes it could arrive in: Big5 traditional text,
 * the narrow-column file re-wrapped at other widths, and extra files that
 * reprint a paragraph and a whole article. Each variant must give the same
 * articles (or, for duplicates, the same articles plus report entries).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import * as OpenCC from 'opencc-js';
import { describe, expect, test } from 'vitest';
import { blocksOf, ingest, toLines, type CorpusFile } from '../../src/pipeline/index.ts';
import { squeeze } from '../../src/shared/han.ts';
import { displayWidth, wrapWidth } from '../../src/pipeline/reflow.ts';
import { repairLine } from '../../src/pipeline/repair/index.ts';

const RAW = path.join(import.meta.dirname, '../../content/raw');
const seeds: CorpusFile[] = readdirSync(RAW)
  .filter((n) => n.endsWith('.txt'))
  .sort()
  .map((name) => ({ name, bytes: readFileSync(path.join(RAW, name)) }));
const text = (f: CorpusFile): string => Buffer.from(f.bytes).toString('utf8');
const result = ingest(seeds);
const shape = (articles: ReturnType<typeof ingest>['articles']): string[] => articles.map((a) => `${a.data.kind}|${a.data.title}|${squeeze(a.body)}`).sort();

describe('variants of the seed corpus', { timeout: 120_000 }, () => {
  const s2t = OpenCC.Converter({ from: 'cn', to: 'tw' });
  const t2s = OpenCC.Converter({ from: 'tw', to: 'cn' });
  const big5 = (): ReturnType<typeof ingest> => ingest(seeds.map((f) => ({ name: f.name, bytes: iconv.encode(s2t(text(f)), 'big5') })));

  test('Big5 traditional copies are detected as Big5, keep every character and give about the same articles', () => {
    const out = big5();
    expect(out.report.files.map((f) => f.encoding)).toEqual(seeds.map(() => 'big5'));
    expect(out.report.totals.balanced).toBe(true);
    expect(Math.abs(out.articles.length - result.articles.length)).toBeLessThanOrEqual(2);
    const titles = new Set(out.articles.map((a) => t2s(a.data.title)));
    const kept = result.articles.filter((a) => titles.has(a.data.title)).length;
    expect(kept / result.articles.length).toBeGreaterThanOrEqual(0.75);
  });

  // Traditional text is analysed in a simplified shadow and printed in its own characters (src/pipeline/script.ts).
  test('Big5 traditional copies give exactly the same article structure, printed in traditional characters', () => {
    const out = big5();
    expect(out.articles.map((a) => a.data.sources)).toEqual(result.articles.map((a) => a.data.sources));
    // Every character shown is one the Big5 file printed: nothing comes out in simplified script.
    const printed = new Set(seeds.flatMap((f) => [...s2t(text(f))]));
    const shown = out.articles.flatMap((a) => [...(a.data.title + a.body)]).filter((c) => /\p{Script=Han}/u.test(c));
    expect(shown.filter((c) => !printed.has(c))).toEqual([]);
    expect(out.articles.map((a) => a.data.kind)).toEqual(result.articles.map((a) => a.data.kind));
  });

  /** Undo a hard-wrapped file's wrapping: lines that reached the column edge are joined into their paragraph. */
  const unwrap = (raw: string): string[] => {
    const lines = raw.split('\n').map((l) => repairLine(l.trim()));
    const column = wrapWidth(lines.map((t, i) => ({ file: 'f', line: i + 1, text: t }))) ?? 16;
    const paragraphs: string[] = [];
    let open = false;
    for (const l of lines) {
      if (open && l !== '') paragraphs[paragraphs.length - 1] += l;
      else paragraphs.push(l);
      open = l !== '' && displayWidth(l) >= column - 1.5;
    }
    return paragraphs;
  };
  /** Re-wrap a hard-wrapped file at another width, counting characters. */
  const rewrap = (raw: string, width: number): string => unwrap(raw).map((p) => (p.match(new RegExp(`.{1,${width}}`, 'gsu')) ?? ['']).join('\n')).join('\n');
  /** Re-wrap by display cells, as a PDF extractor does: ASCII digits and letters take half a cell. */
  const rewrapCells = (raw: string, width: number): string =>
    unwrap(raw)
      .map((p) => {
        const out: string[] = [];
        let line = '';
        let cells = 0;
        for (const ch of p) {
          const w = ch.charCodeAt(0) < 0x80 ? 0.5 : 1;
          if (cells + w > width && line) {
            out.push(line);
            line = '';
            cells = 0;
          }
          line += ch;
          cells += w;
        }
        return [...out, line].join('\n');
      })
      .join('\n');

  // Reflow estimates the column as the mode of the line widths and judges each short line by
  // what follows it (src/pipeline/reflow.ts: runsOn, splitGluedHeadlines); a headline wrapped onto
  // two short lines is rejoined when the lede repeats its junction or the text repeats the phrase
  // the break cuts (segment.ts: echoedJunction).
  // A line ending in a byline ends its block, a line after a comma joins it, a byline name cut by
  // the column is rejoined, and a headline that fills a narrow column keeps its subtitle apart.
  // Curly quotes count full-width when judging whether a line reaches the column, a closing quote
  // after a word does not end a sentence, a photo credit alone on a line stays with its caption, and
  // a short tail under a paragraph's last sentence is a headline only when an article can follow it.
  test.each([8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 26, 28, 30, 32, 36, 40])('the narrow-column file re-wrapped at %i characters gives the same articles', (width) => {
    const name = seeds.find((f) => f.name.startsWith('002'))!.name;
    const rewrapped = seeds.map((f) => (f.name === name ? { name: f.name, bytes: Buffer.from(rewrap(text(f), width)) } : f));
    const pick = (articles: ReturnType<typeof ingest>['articles']): string[] => shape(articles.filter((a) => a.data.sources[0]!.file === name));
    expect(pick(ingest(rewrapped).articles)).toEqual(pick(result.articles));
  });

  // The same text wrapped by display width, with digits two to a cell: lines hold more characters.
  test.each([8, 10, 12, 14, 16, 18, 20, 24])('the narrow-column file re-wrapped at %i display cells gives the same articles', (width) => {
    const name = seeds.find((f) => f.name.startsWith('002'))!.name;
    const rewrapped = seeds.map((f) => (f.name === name ? { name: f.name, bytes: Buffer.from(rewrapCells(text(f), width)) } : f));
    const pick = (articles: ReturnType<typeof ingest>['articles']): string[] => shape(articles.filter((a) => a.data.sources[0]!.file === name));
    expect(pick(ingest(rewrapped).articles)).toEqual(pick(result.articles));
  });

  // Files printed one paragraph per line, hard-wrapped as a narrow-column extraction would give them.
  test.each([
    ['000', 9],
    ['000', 10],
    ['000', 11],
    ['000', 12],
    ['000', 13],
    ['000', 14],
    ['000', 15],
    ['000', 16],
    ['000', 18],
    ['000', 20],
    ['000', 24],
    ['000', 28],
    ['000', 32],
    ['003', 10],
    ['003', 12],
    ['003', 13],
    ['003', 15],
    ['003', 16],
    ['003', 18],
    ['003', 20],
    ['003', 24],
    ['003', 28],
    ['003', 32],
    ['003', 40],
    ['001', 8],
    ['001', 9],
    ['001', 10],
    ['001', 11],
    ['001', 12],
    ['001', 16],
    ['001', 20],
    ['001', 24],
    ['001', 40],
    ['004', 8],
    ['004', 9],
    ['004', 10],
    ['004', 13],
    ['004', 16],
    ['004', 20],
    ['004', 24],
    ['004', 40],
  ] as const)('the paragraph-per-line file %s hard-wrapped at %i characters gives the same articles', (prefix, width) => {
    const name = seeds.find((f) => f.name.startsWith(prefix))!.name;
    const wrap = (raw: string): string => raw.split('\n').map((l) => (l.trim().match(new RegExp(`.{1,${width}}`, 'gsu')) ?? ['']).join('\n')).join('\n');
    const wrapped = seeds.map((f) => (f.name === name ? { name: f.name, bytes: Buffer.from(wrap(text(f))) } : f));
    const pick = (articles: ReturnType<typeof ingest>['articles']): string[] => shape(articles.filter((a) => a.data.sources[0]!.file === name));
    expect(pick(ingest(wrapped).articles)).toEqual(pick(result.articles));
  });

  // The narrow-column file set again as many papers print it: no blank lines, each paragraph
  // opening with a two-character indent, headlines and bylines flush left.
  test.each([12, 14, 16, 18, 24])('the narrow-column file set with indented paragraphs and no blank lines at %i characters gives the same articles', (width) => {
    const name = seeds.find((f) => f.name.startsWith('002'))!.name;
    const blocks = blocksOf(toLines(name, text(seeds.find((f) => f.name === name)!))).blocks;
    const set = blocks.map((b) => ((b.role === 'paragraph' ? '\u3000\u3000' : '') + b.text).match(new RegExp(`.{1,${width}}`, 'gsu'))!.join('\n')).join('\n');
    const pick = (articles: ReturnType<typeof ingest>['articles']): string[] => shape(articles.filter((a) => a.data.sources[0]!.file === name));
    expect(pick(ingest(seeds.map((f) => (f.name === name ? { name, bytes: Buffer.from(set) } : f))).articles)).toEqual(pick(result.articles));
  });

  test.each([10, 12, 13, 18, 19, 22, 24])('the narrow-column file re-wrapped at %i characters keeps every character', (width) => {
    const name = seeds.find((f) => f.name.startsWith('002'))!.name;
    const out = ingest(seeds.map((f) => (f.name === name ? { name: f.name, bytes: Buffer.from(rewrap(text(f), width)) } : f)));
    expect(out.report.totals.balanced).toBe(true);
  });

  test('a paragraph and a whole article reprinted in another file: same articles, duplicates reported', () => {
    const donor = result.articles.find((a) => a.data.kind === 'news' && a.data.sources.length === 1 && a.data.sources[0]!.file.startsWith('004'))!;
    const lines = text(seeds.find((f) => f.name === donor.data.sources[0]!.file)!).split('\n');
    const { from, to } = donor.data.sources[0]!;
    const articleText = lines.slice(from - 1, to).join('\n');
    const paragraph = squeeze(result.articles.find((a) => a.data.sources[0]!.file.startsWith('001'))!.body.split('\n\n').find((p) => p.length > 60)!);
    const extra: CorpusFile = { name: '005_reprints.txt', bytes: Buffer.from(`${paragraph}\n\n${articleText}\n`) };
    const out = ingest([...seeds, extra]);
    expect(out.articles.map((a) => a.data.id).sort()).toEqual(result.articles.map((a) => a.data.id).sort());
    expect(out.report.duplicateArticles.map((d) => d.duplicateOf)).toContain(donor.data.id);
    expect(out.report.removed.filter((r) => r.file === extra.name).length).toBeGreaterThanOrEqual(2);
    expect(out.report.totals.balanced).toBe(true);
  });
});
