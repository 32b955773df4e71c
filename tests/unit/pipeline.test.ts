/**
 * Structure passes (reflow, reassemble, segment) as table tests, and
 * whole-pipeline properties on the embedded seed corpus: accounting balances,
 * output is deterministic, ids are stable, and re-encoded / re-lined copies
 * of the seeds give the same articles.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, test } from 'vitest';
import { ingest, type CorpusFile } from '../../src/pipeline/index.ts';
import { reflow } from '../../src/pipeline/reflow.ts';
import { reassemble, joinScore } from '../../src/pipeline/reassemble.ts';
import { segment } from '../../src/pipeline/segment.ts';
import { classify } from '../../src/pipeline/classify.ts';
import { squeeze } from '../../src/shared/han.ts';
import type { Block, Line } from '../../src/pipeline/types.ts';

const RAW = path.join(import.meta.dirname, '../../content/raw');
const seeds: CorpusFile[] = readdirSync(RAW)
  .filter((n) => n.endsWith('.txt'))
  .sort()
  .map((name) => ({ name, bytes: readFileSync(path.join(RAW, name)) }));

const lines = (text: string): Line[] => text.split('\n').map((t, i) => ({ file: 'f', line: i + 1, text: t }));
const para = (text: string, from: number): Block => ({ file: 'f', from, to: from, role: 'paragraph', text });

describe('reflow', () => {
  const column = Array.from({ length: 8 }, () => '一二三四五六七八九十一二三四五六');
  test.each([
    ['already clean paragraphs stay one block each', '第一段话。\n\n第二段话。', ['第一段话。', '第二段话。']],
    ['a full column line continues on the next line', [...column, '结束了。'].join('\n'), [column.join('') + '结束了。']],
    ['an opening line two characters short still continues', ['三四五六七八九十一二三四五六', ...column, '完。'].join('\n'), ['三四五六七八九十一二三四五六' + column.join('') + '完。']],
    ['a headline under the last line of a paragraph is split off', [...column, '结束了。', '何长成主持召开全区重点项目', '要素保障第7次工作例会'].join('\n'), [column.join('') + '结束了。', '何长成主持召开全区重点项目要素保障第7次工作例会']],
    ['a photo credit ends its block', [...column, '社区一角。 张三 摄', '本报讯下一条。'].join('\n'), [column.join('') + '社区一角。 张三 摄', '本报讯下一条。']],
  ])('%s', (_name, input, expected) => {
    expect(reflow(lines(input)).map((b) => b.text)).toEqual(expected);
  });
});

describe('reassemble', () => {
  test.each([
    ['already whole paragraphs stay unchanged', [para('第一段话。', 1), para('第二段话。', 3)], ['第一段话。', '第二段话。']],
    ['a sentence cut at a word is joined', [para('魏都区通过开展党建引领工作，切实把党的政治优势、组织优势和密切联系群', 1), para('众的优势转化为治理效能。', 3)], ['魏都区通过开展党建引领工作，切实把党的政治优势、组织优势和密切联系群众的优势转化为治理效能。']],
    ['a paragraph that opens on its own is not joined', [para('魏都区通过开展党建引领工作，切实把党的政治优势、组织优势和密切联系群', 1), para('“这是新的一段。”他说。', 3)], ['魏都区通过开展党建引领工作，切实把党的政治优势、组织优势和密切联系群', '“这是新的一段。”他说。']],
    [
      'a glued dateline byline moves to the article that lacks one',
      [para('标题一行', 1), para('日，市委常委王自合到建安区就工作进行调研。', 3), para('王自合指出，建设新时代文明实践中心，是推动思想深入人心、落地生根', 5), para('本报讯（记者 王金伟）12月29的重大举措。', 7)],
      ['标题一行', '本报讯（记者 王金伟）12月29日，市委常委王自合到建安区就工作进行调研。', '王自合指出，建设新时代文明实践中心，是推动思想深入人心、落地生根的重大举措。'],
    ],
  ])('%s', (_name, input, expected) => {
    expect(reassemble(input).map((b) => b.text)).toEqual(expected);
  });

  test('is idempotent', () => {
    const once = reassemble([para('魏都区通过开展党建引领工作，切实把党的政治优势、组织优势和密切联系群', 1), para('众的优势转化为治理效能。', 3)]);
    expect(reassemble(once)).toEqual(once);
  });

  test('a dictionary word across the cut scores above a random cut', () => {
    expect(joinScore('统筹做好项', '目建设')).toBeGreaterThan(joinScore('统筹做好项', '习近平指出'));
  });
});

describe('segment', () => {
  const title = (text: string, from: number): Block => ({ file: 'f', from, to: from, role: 'title', text });
  test('a headline printed after its body heads that body, not the next one', () => {
    const drafts = segment(classify([title('第一篇标题', 1), para('本报讯 第一篇正文。', 3), para('本报讯 第二篇正文。', 5), title('第二篇标题', 7), { ...para('本报记者 张铮', 8), role: 'byline' }]));
    expect(drafts.map((d) => d.blocks.map((b) => `${b.role}:${b.text}`))).toEqual([
      ['title:第一篇标题', 'paragraph:本报讯 第一篇正文。'],
      ['title:第二篇标题', 'byline:本报记者 张铮', 'paragraph:本报讯 第二篇正文。'],
    ]);
  });
  test('already clean: headline, byline, body stay one article', () => {
    const drafts = segment(classify([title('标题', 1), { ...para('本报记者 张铮', 2), role: 'byline' }, para('正文。', 4)]));
    expect(drafts).toHaveLength(1);
  });
});

describe('seed corpus', () => {
  const result = ingest(seeds);

  test.each(seeds.map((s) => s.name))('accounting balances for %s', (name) => {
    const f = result.report.files.find((r) => r.file === name)!;
    expect(f.accounting.input).toBeGreaterThan(0);
    expect(f.accounting.inArticles + f.accounting.removed).toBe(f.accounting.input);
    expect(f.accounting.balanced).toBe(true);
  });

  test('same input gives byte-identical output', () => {
    const again = ingest(seeds);
    expect(again.articles.map((a) => a.markdown)).toEqual(result.articles.map((a) => a.markdown));
    expect(JSON.stringify(again.report)).toBe(JSON.stringify(result.report));
  });

  test('ids do not change when an unrelated file is added', () => {
    const extra = { name: '000_aaa_extra.txt', bytes: Buffer.from('无关的标题\n\n本报讯（记者 某某）一段无关的新闻正文，与其他文件没有重复。\n') };
    const ids = new Set(ingest([extra, ...seeds]).articles.map((a) => a.data.id));
    for (const a of result.articles) expect(ids.has(a.data.id)).toBe(true);
  });

  test('no article title is a byline or holds one', () => {
    for (const a of result.articles) expect(a.data.title).not.toMatch(/本报记者|本报讯/u);
  });

  const shape = (files: CorpusFile[]): string[] =>
    ingest(files)
      .articles.map((a) => `${a.data.title}|${squeeze(a.body)}`)
      .sort();
  const original = shape(seeds);

  test.each([
    ['CRLF line ends', (b: Buffer) => Buffer.from(b.toString('utf8').replace(/\n/gu, '\r\n'))],
    ['UTF-8 with BOM', (b: Buffer) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b])],
    ['UTF-16 LE with BOM', (b: Buffer) => Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(b.toString('utf8'), 'utf16le')])],
    ['GB18030', (b: Buffer) => iconv.encode(b.toString('utf8'), 'gb18030')],
  ])('a %s copy gives the same articles', (_name, variant) => {
    expect(shape(seeds.map((s) => ({ name: s.name, bytes: variant(Buffer.from(s.bytes)) })))).toEqual(original);
  });
});
