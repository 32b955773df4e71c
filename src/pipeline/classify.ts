/**
 * Pass 4 — give each block its role from its own text: continuation markers,
 * bylines, photo captions and headline-like lines. Also splits a marker or a
 * glued byline off the paragraph it was printed into.
 */
import { SENTENCE_END } from '../shared/han.ts';
import { displayWidth } from './reflow.ts';
import type { Block } from './types.ts';

/** `（上接第一版）`, `（下转第三版）`, `(紧接第2版)`. */
export const MARKER_RE = /^[（(](?:上接|下转|转第|接第|紧接|续)第?[一二三四五六七八九十\d]+版[）)]/u;
/** A standalone byline line: `本报记者 付家宝 通讯员 胡月`, `□ 记者 王利辉`, `记者 吕正子 摄`. */
export const BYLINE_RE = /^(?:□\s*)?(?:本报)?(?:记者|通讯员|特约记者|见习记者)\s*\S{2,4}(?:\s+(?:本报)?(?:记者|通讯员|实习生)?\s*\S{2,4})*(?:\s*摄)?$/u;
/** A photo caption ends with the photographer: `… 侯聪摄`, `… 许廷合 摄`, or `资料图片`. */
export const CAPTION_RE = /(?:[\s。）]\S{2,4}\s?摄|资料图片|供图)$/u;
const SENTENCE_END_RE = new RegExp(`[${SENTENCE_END}，、：]$`, 'u');
/** Closing quotes and brackets a headline may end with (`…巧解“千千结”`). */
const CLOSERS_RE = /[”’」』》]+$/u;
/** Labels of a part of an article (核心提示, 编者按…): section headings, never headlines or subtitles. */
export const SECTION_LABEL_RE = /^(?:核心提示|内容提要|编者按|编者的话|编后语?|记者手记|记者观察|相关链接|链接|背景资料|延伸阅读)[：:]?$/u;
const DATE_CLAUSE_RE = /^(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日[^，,。]{0,4}[，,]/u;
/** A time adverbial or discourse connective opening a clause (`今年以来，`, `据了解，`): the opening of prose. */
const PROSE_OPENER_RE = /^(?:今年|去年|近年|近期|近日|日前|目前|当前|此前|随后|同时|此外|另外|其中|据了解|据悉|据介绍)[^，,。]{0,3}[，,]/u;
/** Headings are short and do not end a sentence. */
const MAX_HEADING_WIDTH = 40;

export function looksLikeHeading(text: string): boolean {
  const bare = text.replace(CLOSERS_RE, '');
  const w = displayWidth(text);
  // A semicolon joins clauses of a sentence; headlines separate their phrases with spaces.
  // A dateline clause (`4月1日下午，…`) or a time adverbial (`今年以来，…`) opens a report, not a headline.
  // A quotation opened and not closed: the block is a fragment of quoted prose, not a headline.
  const unclosedQuote = (text.match(/“/gu)?.length ?? 0) > (text.match(/”/gu)?.length ?? 0);
  return !unclosedQuote && !DATE_CLAUSE_RE.test(text) && !PROSE_OPENER_RE.test(text) && w <= MAX_HEADING_WIDTH && (w <= 24 || !/[，,]/u.test(text)) && bare !== '' && !SENTENCE_END_RE.test(bare) && !/[。！？；;]/u.test(text) && !/^\d+$/u.test(text);
}

export function classifyBlock(block: Block): Block[] {
  if (block.role !== 'paragraph' && block.role !== 'section') return [block];
  const text = block.text;
  const marker = MARKER_RE.exec(text);
  if (marker) {
    const rest = text.slice(marker[0].length).trim();
    const head: Block = { ...block, role: 'marker', text: marker[0], to: block.from };
    return rest ? [head, ...classifyBlock({ ...block, text: rest })] : [head];
  }
  if (SECTION_LABEL_RE.test(text)) return [{ ...block, role: 'section', depth: 4 }];
  if (block.role === 'section') return [block];
  if (BYLINE_RE.test(text) && displayWidth(text) <= 30) return [{ ...block, role: 'byline' }];
  if (CAPTION_RE.test(text) && displayWidth(text) <= 240) return [{ ...block, role: 'caption' }];
  if (looksLikeHeading(text)) return [{ ...block, role: 'title' }];
  return [block];
}

export function classify(blocks: readonly Block[]): Block[] {
  return blocks.flatMap(classifyBlock);
}
