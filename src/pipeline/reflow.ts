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
 * A line that reaches the column edge continues on the next line. Paragraph
 * openings lost their two-character indent in extraction, so they count as
 * full two characters early.
 */
export function isFull(text: string, width: number | undefined): boolean {
  return width !== undefined && displayWidth(text) >= width - 2.5;
}

/** Group repaired lines into blocks. Blank lines are separators, never content. */
export function reflow(lines: readonly Line[]): Block[] {
  const width = wrapWidth(lines);
  const blocks: Block[] = [];
  let open: Block | undefined;
  /** Last line of the open paragraph was full width: the paragraph may continue. */
  let openFull = false;
  let sawBlank = false;

  const close = (): void => {
    if (open) blocks.push(open);
    open = undefined;
    openFull = false;
  };

  for (const l of lines) {
    const text = l.text.trim();
    if (text === '') {
      sawBlank = true;
      if (!openFull || open?.role !== 'paragraph') close();
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
    } else if (open?.role === 'paragraph' && openFull && !(sawBlank && SENTENCE_END_RE.test(open.text))) {
      open.text += text;
      open.to = l.line;
      openFull = isFull(text, width);
    } else if (open?.role === 'case' && !sawBlank && !CASE_HEAD_RE.test(text)) {
      // A case field wrapped onto a following line.
      open.text += text;
      open.to = l.line;
    } else {
      close();
      open = { file: l.file, from: l.line, to: l.line, role: 'paragraph', text };
      openFull = isFull(text, width);
    }
    sawBlank = false;
  }
  close();
  return blocks;
}
