/**
 * Pass 3 — lines to blocks. Re-flows hard-wrapped narrow columns into
 * paragraphs, keeps one-paragraph-per-line files as they are, and gives each
 * block a first role from its shape (Markdown marks, tabs, bulletin fields).
 * Finer roles (title, byline, caption…) are decided by `classify`.
 */
import { SENTENCE_END } from '../shared/han.ts';
import type { Block, Line } from './types.ts';

/** Markdown heading already present in the input: `## 标题`. */
const MD_HEADING_RE = /^(#{1,6})\s*(.+?)\s*#*$/u;
/** A whole line in bold: `**一、东城区 受理编号：…**`. */
const MD_BOLD_LINE_RE = /^\*\*(.+?)\*\*$/u;
/** Field lines of an inspection bulletin case. */
export const CASE_FIELD_RE = /^(交办问题基本情况|调查核实情况|处理处罚情况|问责情况)[：:]/u;
/** Heading of one bulletin case: `一、东城区 受理编号：许昌D20181117011`. */
export const CASE_HEAD_RE = /^[一二三四五六七八九十百]+、\s*(\S+?)\s*受理编号[：:]\s*(.+)$/u;
const SENTENCE_END_RE = new RegExp(`[${SENTENCE_END}]$`, 'u');

/** Display width: full-width characters count 1, half-width 0.5. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += ch.charCodeAt(0) < 0x2e80 ? 0.5 : 1;
  return w;
}

/**
 * The column width a file was hard-wrapped at, or undefined when lines are
 * whole paragraphs. A width is accepted when a large share of lines end within
 * one character of the same width.
 */
export function wrapWidth(lines: readonly Line[]): number | undefined {
  const widths = lines.map((l) => Math.round(displayWidth(l.text))).filter((w) => w >= 6);
  if (widths.length < 8) return undefined;
  const counts = new Map<number, number>();
  for (const w of widths) counts.set(w, (counts.get(w) ?? 0) + 1);
  let best = 0;
  let bestShare = 0;
  for (const w of counts.keys()) {
    const near = (counts.get(w - 1) ?? 0) + (counts.get(w) ?? 0) + (counts.get(w + 1) ?? 0);
    if (near > bestShare || (near === bestShare && w > best)) {
      best = w;
      bestShare = near;
    }
  }
  return bestShare / widths.length >= 0.3 && best <= 60 ? best : undefined;
}

function mdDepth(text: string): { depth: number; text: string } | undefined {
  const h = MD_HEADING_RE.exec(text);
  if (h) return { depth: h[1]!.length, text: h[2]! };
  const b = MD_BOLD_LINE_RE.exec(text);
  if (b && !CASE_HEAD_RE.test(b[1]!)) return { depth: 4, text: b[1]! };
  return undefined;
}

/**
 * A line that reaches the column edge continues on the next line. `width` is
 * the line's display width as printed (before spacing repair, so a justified
 * `金 湾 社 区 …` line counts as full). Paragraph openings lost their
 * two-character indent in extraction, and half-width digits make a line
 * narrower, so an opening line counts as full up to three characters early.
 */
export function isFull(width: number, column: number | undefined, opening = false): boolean {
  if (column === undefined) return false;
  return width >= column - (opening ? 3.5 : 1.5);
}

/** Clause punctuation: text ending in one of these is not a headline. */
const CLAUSE_END_RE = new RegExp(`[${SENTENCE_END}，、：,:;]$`, 'u');

/**
 * A headline printed right under the last line of the previous paragraph
 * (no blank line between) was joined to it. When a paragraph's last source
 * lines, after the line that ends its last sentence, are short and carry no
 * punctuation at all, they are a headline: split them off.
 */
function splitTail(block: Block, starts: ReadonlyArray<[number, number]>): Block[] {
  for (let i = starts.length - 1; i >= 1 && i >= starts.length - 2; i--) {
    const [offset, line] = starts[i]!;
    const head = block.text.slice(0, offset);
    const tail = block.text.slice(offset);
    if (!SENTENCE_END_RE.test(head) || displayWidth(tail) > 32 || CLAUSE_END_RE.test(tail) || /[，。；！？]/u.test(tail)) continue;
    return [
      { ...block, text: head, to: starts[i - 1]![1] },
      { ...block, text: tail, from: line },
    ];
  }
  return [block];
}

/** Lines that always end the block they are in: photo credits, bylines. */
const ENDS_BLOCK_RE = /(?:\S{2,4}\s?摄|资料图片|供图)$/u;
/** Lines that always open a new block: a news dateline byline, a standalone byline. */
const OPENS_BLOCK_RE = /^(?:本报讯|□\s*(?:本报)?记者|(?:本报)?记者\s+\S{2,4}(?:\s+通讯员\s+\S{2,4})*$|本报记者\s)/u;

/**
 * Group repaired lines into blocks. Blank lines are separators, never content;
 * a blank line inside a hard-wrapped paragraph (the previous line reaches the
 * column edge, the paragraph already has two lines and no sentence ended) is
 * skipped. `raw` holds the same lines before repair, for their printed width.
 */
export function reflow(lines: readonly Line[], raw: readonly Line[] = lines): Block[] {
  const width = wrapWidth(raw);
  const rawWidth = new Map(raw.map((l) => [l.line, displayWidth(l.text.trim())]));
  const blocks: Block[] = [];
  let open: Block | undefined;
  /** Last line of the open paragraph was full width: the paragraph may continue. */
  let openFull = false;
  let openLines = 0;
  /** The open paragraph's first line came right after a blank line. */
  let openAfterBlank = false;
  /** Offsets in `open.text` where each source line starts, with its line number. */
  let starts: Array<[offset: number, line: number]> = [];
  let sawBlank = true;

  const close = (): void => {
    if (open?.role === 'paragraph') blocks.push(...splitTail(open, starts));
    else if (open) blocks.push(open);
    open = undefined;
    openFull = false;
    openLines = 0;
    starts = [];
  };
  const lineFull = (l: Line, text: string, opening: boolean): boolean =>
    !ENDS_BLOCK_RE.test(text) && isFull(Math.max(rawWidth.get(l.line) ?? 0, displayWidth(text)), width, opening);

  for (const l of lines) {
    const text = l.text.trim();
    if (text === '') {
      sawBlank = true;
      if (!openFull || open?.role !== 'paragraph' || (openLines < 2 && openAfterBlank)) close();
      continue;
    }
    const heading = mdDepth(text);
    const caseHead = CASE_HEAD_RE.exec(MD_BOLD_LINE_RE.exec(text)?.[1] ?? text);
    if (heading) {
      close();
      blocks.push({ file: l.file, from: l.line, to: l.line, role: 'section', text: heading.text, depth: heading.depth });
    } else if (caseHead) {
      close();
      open = { file: l.file, from: l.line, to: l.line, role: 'case', text: MD_BOLD_LINE_RE.exec(text)?.[1] ?? text };
    } else if (CASE_FIELD_RE.test(text)) {
      if (open?.role === 'case') {
        open.text += '\n' + text;
        open.to = l.line;
      } else {
        close();
        open = { file: l.file, from: l.line, to: l.line, role: 'case', text };
      }
    } else if (text.includes('\t')) {
      if (open?.role !== 'table') close();
      if (open) {
        open.text += '\n' + l.text.replace(/^\s+|\s+$/gu, '');
        open.to = l.line;
      } else open = { file: l.file, from: l.line, to: l.line, role: 'table', text: l.text.replace(/^\s+|\s+$/gu, '') };
    } else if (open?.role === 'paragraph' && openFull && !OPENS_BLOCK_RE.test(text) && !(sawBlank && SENTENCE_END_RE.test(open.text))) {
      starts.push([open.text.length, l.line]);
      open.text += text;
      open.to = l.line;
      openLines++;
      // A line that opens a new sentence may be a headline wrapped in the column (see splitTail).
      openFull = lineFull(l, text, SENTENCE_END_RE.test(open.text.slice(0, -text.length)));
    } else if (open?.role === 'case' && !sawBlank && !CASE_HEAD_RE.test(text)) {
      // A case field wrapped onto a following line.
      open.text += text;
      open.to = l.line;
    } else {
      close();
      open = { file: l.file, from: l.line, to: l.line, role: 'paragraph', text };
      starts = [[0, l.line]];
      openAfterBlank = sawBlank;
      openLines = 1;
      openFull = lineFull(l, text, true);
    }
    sawBlank = false;
  }
  close();
  return blocks;
}
