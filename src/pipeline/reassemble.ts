/**
 * Pass 4 — put fragments back in reading order. Extraction cuts paragraphs
 * mid-sentence and prints the rest elsewhere (after another article, after a
 * bulletin case, glued behind a dateline byline). This pass scores every
 * candidate join of a paragraph that stops mid-sentence (the left fragment)
 * with a later block that cannot open a sentence (the right fragment), and
 * performs the best joins, best first. See docs/adr/0003-reassembly.md.
 *
 * The join score uses the jieba dictionary (shipped with @node-rs/jieba): a
 * dictionary word spanning the cut (`担当|责任`, `为|党分忧`) is strong
 * evidence, a right fragment opening with a character that cannot start a
 * sentence (`，的了`) is evidence too, and distance costs a little.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { HAN, SENTENCE_END, isHanCode } from '../shared/han.ts';
import { CAPTION_RE, looksLikeHeading } from './classify.ts';
import type { Block } from './types.ts';

const SENTENCE_END_RE = new RegExp(`[${SENTENCE_END}]$`, 'u');
/** Characters no sentence or paragraph starts with. */
const NEVER_OPENS_RE = /^[，、。；：！？）”’》的了着过地得之其并而及与和或等们]/u;
/** Openings that mark a paragraph as starting on its own. */
const OPENING_RE = /^(?:本报讯|[“"「（(]|(?:\d{4}年)?\d{1,2}月\d{1,2}日|[一二三四五六七八九十]+、|□)/u;
/** `本报讯（记者 王金伟）12月29` glued in front of text from another paragraph. */
const GLUED_BYLINE_RE = /^(本报讯[（(][^）)]{1,30}[）)](?:\d{1,2}月(?:\d{1,2}(?:日[，,]?)?)?)?)(.+)$/u;
const FIELD_FIRST_RE = /^(?:交办问题基本情况|调查核实情况|处理处罚情况|问责情况)[：:]/u;
const HAN_RE = new RegExp(`[${HAN}]`, 'u');

/** A word must be this frequent for its tail to count as a cut word (`委|员会`). */
const TAIL_MIN_COUNT = 1000;

/**
 * The jieba dictionary's Han entries of one to four characters, as an
 * open-addressing table keyed by a word's packed Han indexes: the first two
 * characters in `hi`, the next two in `lo` (0 where the word is shorter). A
 * word always has a first character, so `hi` 0 marks a free slot. `tails`
 * holds the ends of common words that are not words themselves.
 */
interface Dictionary {
  bits: number;
  hi: Int32Array;
  lo: Int32Array;
  count: Float64Array;
  logTotal: number;
  tails: Set<string>;
}
let dict: Dictionary | undefined;

/**
 * Loads the dictionary once, lazily. Every worker thread loads its own, so the
 * file is read straight into the table: no map of strings in between, and no
 * regular expression per line.
 */
function load(): Dictionary {
  if (dict) return dict;
  let text = '';
  try {
    const require = createRequire(import.meta.url);
    text = readFileSync(require.resolve('@node-rs/jieba/dict.txt'), 'utf8');
  } catch {
    // Without the dictionary only the punctuation evidence is used.
  }
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  let bits = 10;
  while (1 << (bits - 1) < lines) bits++;
  const d: Dictionary = { bits, hi: new Int32Array(1 << bits), lo: new Int32Array(1 << bits), count: new Float64Array(1 << bits), logTotal: 0, tails: new Set() };
  let total = 0;
  const common: string[] = [];
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const wordEnd = nextSpace(text, start, end);
    const len = wordEnd - start;
    if (len >= 1 && len <= 4) {
      const key = packWord(text, start, wordEnd);
      const n = key ? Number(text.slice(wordEnd + 1, nextSpace(text, wordEnd + 1, end))) : 0;
      if (key && n > 0) {
        const s = slotFor(d, key[0], key[1]);
        d.hi[s] = key[0];
        d.lo[s] = key[1];
        d.count[s] = n; // a repeated entry keeps its last count
        total += n;
        if (len >= 3 && n >= TAIL_MIN_COUNT) common.push(text.slice(start, wordEnd));
      }
    }
    start = end + 1;
  }
  d.logTotal = Math.log(Math.max(total, 1));
  dict = d;
  for (const w of common) {
    if (countOf(w)! < TAIL_MIN_COUNT) continue;
    for (let k = 1; k < w.length - 1; k++) if (countOf(w.slice(k)) === undefined) d.tails.add(w.slice(k));
  }
  return d;
}

/** The first space in text[from, end), or `end`: where a field of a dictionary line stops. */
function nextSpace(text: string, from: number, end: number): number {
  const i = text.indexOf(' ', from);
  return i !== -1 && i < end ? i : end;
}

/** Han code units numbered densely from 1 (0 for any other unit), so two of them pack into 30 bits. */
const HAN_INDEXES = 32768;
function hanIndex(code: number): number {
  if (code >= 0x4e00) return code <= 0x9fff ? code - 0x4e00 + 6593 : code >= 0xf900 && code <= 0xfaff ? code - 0xf900 + 27585 : 0;
  return code >= 0x3400 && code <= 0x4dbf ? code - 0x3400 + 1 : 0;
}

/** text[from, to) (one to four units) packed as [hi, lo], or undefined if any unit is not Han: the dictionary holds Han words only. */
function packWord(text: string, from: number, to: number): [number, number] | undefined {
  let hi = 0;
  let lo = 0;
  for (let k = from; k < to; k++) {
    const h = hanIndex(text.charCodeAt(k));
    if (h === 0) return undefined;
    if (k - from < 2) hi = hi * HAN_INDEXES + h;
    else lo = lo * HAN_INDEXES + h;
  }
  return [hi, lo];
}

function slotOf(hi: number, lo: number, bits: number): number {
  let h = Math.imul(hi, 0x9e3779b1) ^ Math.imul(lo + 0x7f4a7c15, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h >>> (32 - bits);
}

/** The slot holding (hi, lo), or the free slot where it would go. */
function slotFor(d: Dictionary, hi: number, lo: number): number {
  const mask = (1 << d.bits) - 1;
  let s = slotOf(hi, lo, d.bits);
  while (d.hi[s] !== 0 && !(d.hi[s] === hi && d.lo[s] === lo)) s = (s + 1) & mask;
  return s;
}

/** The dictionary count of the Han word packed as (hi, lo). */
function wordCount(hi: number, lo: number): number | undefined {
  const d = load();
  const s = slotFor(d, hi, lo);
  return d.hi[s] === 0 ? undefined : d.count[s];
}

/** The dictionary count of a word of one to four characters. */
function countOf(word: string): number | undefined {
  if (word.length < 1 || word.length > 4) return undefined;
  const key = packWord(word, 0, word.length);
  return key && wordCount(key[0], key[1]);
}

/** A dictionary word of two to four characters: its log frequency (the join evidence). */
function wordWeight(word: string): number | undefined {
  if (word.length < 2) return undefined;
  const c = countOf(word);
  return c === undefined ? undefined : Math.log(1 + c);
}

const isWord = (word: string): boolean => wordWeight(word) !== undefined;

const HAN_HEAD_RE = new RegExp(`^[${HAN}]{1,4}`, 'u');

/** Best log probability of segmenting `text` into dictionary words, optionally with a word boundary forced at `cut` (the definition segmentationsAround computes twice at once). */
export function bestSegmentation(text: string, cut?: number): number {
  const { logTotal } = load();
  const unknown = Math.log(0.5) - logTotal;
  const best = new Array<number>(text.length + 1).fill(-Infinity);
  best[0] = 0;
  for (let i = 0; i < text.length; i++) {
    if (best[i] === -Infinity) continue;
    for (let n = 1; n <= 4 && i + n <= text.length; n++) {
      if (cut !== undefined && i < cut && i + n > cut) break;
      const c = countOf(text.slice(i, i + n));
      const p = c !== undefined ? Math.log(c) - logTotal : n === 1 ? unknown : undefined;
      if (p !== undefined) best[i + n] = Math.max(best[i + n]!, best[i]! + p);
    }
  }
  return best[text.length]!;
}

/**
 * The most likely segmentation of the characters around the cut puts a word
 * across it: `群|众` reads as 群众, but `进行|当天` reads as 进行·当天 even
 * though 行当 is a word, so that cut is no evidence.
 */
export function wordSpansCut(left: string, right: string): boolean {
  const l = hanTail(left);
  const r = HAN_HEAD_RE.exec(right)?.[0];
  if (!l || !r) return false;
  const [whole, cut] = segmentationsAround(l + r, l.length);
  return whole > cut + 1e-9;
}

/**
 * bestSegmentation(text) and bestSegmentation(text, cut) at once: both read
 * the same dictionary entries, so each is looked up once (packed, without
 * cutting the text into strings), and each score is built by the same steps in
 * the same order as there.
 */
function segmentationsAround(text: string, cut: number): [whole: number, cut: number] {
  const { logTotal } = load();
  const unknown = Math.log(0.5) - logTotal;
  const len = text.length;
  if (scratch.best.length <= len) scratch = { word: new Float64Array(len * 8), best: new Float64Array(len * 2 + 2), bestCut: new Float64Array(len * 2 + 2) };
  const { word, best, bestCut } = scratch;
  word.fill(NaN, 0, len * 4);
  best.fill(-Infinity, 0, len + 1);
  bestCut.fill(-Infinity, 0, len + 1);
  for (let i = 0; i < len; i++) {
    let hi = 0;
    let lo = 0;
    for (let n = 1; n <= 4 && i + n <= len; n++) {
      const h = hanIndex(text.charCodeAt(i + n - 1));
      // The dictionary holds Han words only: none runs through another character.
      if (h === 0) {
        if (n === 1) word[i * 4] = unknown;
        break;
      }
      if (n <= 2) hi = hi * HAN_INDEXES + h;
      else lo = lo * HAN_INDEXES + h;
      const c = wordCount(hi, lo);
      if (c !== undefined) word[i * 4 + n - 1] = Math.log(c) - logTotal;
      else if (n === 1) word[i * 4] = unknown;
    }
  }
  best[0] = 0;
  bestCut[0] = 0;
  for (let i = 0; i < len; i++) {
    for (let n = 1; n <= 4 && i + n <= len; n++) {
      const p = word[i * 4 + n - 1]!;
      if (Number.isNaN(p)) continue;
      if (best[i] !== -Infinity) best[i + n] = Math.max(best[i + n]!, best[i]! + p);
      if (bestCut[i] !== -Infinity && !(i < cut && i + n > cut)) bestCut[i + n] = Math.max(bestCut[i + n]!, bestCut[i]! + p);
    }
  }
  return [best[len]!, bestCut[len]!];
}

/** Working arrays of segmentationsAround, reused: it runs for every cut considered. */
let scratch = { word: new Float64Array(64), best: new Float64Array(17), bestCut: new Float64Array(17) };

/** The last one to four Han characters of a text (what /[HAN]{1,4}$/u matches), read from the end rather than searched for from the start. */
export function hanTail(text: string): string | undefined {
  let start = text.length;
  while (start > 0 && text.length - start < 4 && isHanCode(text.charCodeAt(start - 1))) start--;
  return start < text.length ? text.slice(start) : undefined;
}

/**
 * The text opens with the tail of a common dictionary word that is not a word
 * itself (`员会提供…`, the end of 委员会): it was cut from the line before.
 */
export function opensMidWord(text: string): boolean {
  const { tails } = load();
  const h = HAN_HEAD_RE.exec(text.replace(/^\s+/u, ''))?.[0] ?? '';
  if (h.length < 2 || isWord(h.slice(0, 2)) || isWord(h.slice(0, 3))) return false;
  return tails.has(h.slice(0, 2)) || tails.has(h.slice(0, 3));
}

const OPEN_QUOTES = /[“‘「『]/gu;
const CLOSE_QUOTES = /[”’」』]/gu;
/**
 * The left fragment leaves a quotation open (`史根治说，"要`) and the right
 * one closes a quotation before opening another: the quotation runs on.
 */
export function quoteRunsOn(left: string, right: string): boolean {
  const ascii = (t: string): number => t.split('"').length - 1;
  const count = (t: string, re: RegExp): number => t.match(re)?.length ?? 0;
  const leftOpen = ascii(left) % 2 === 1 || count(left, OPEN_QUOTES) > count(left, CLOSE_QUOTES);
  if (!leftOpen) return false;
  const first = /["“”‘’「」『』]/u.exec(right)?.[0];
  return first === '"' ? ascii(right) % 2 === 1 : first !== undefined && /[”’」』]/u.test(first);
}

/** Plausibility that `right` continues `left` directly (higher is better; ≤ 0 means no evidence). */
export function joinScore(left: string, right: string): number {
  const l = left.replace(/\s+$/u, '');
  const r = right.replace(/^\s+/u, '');
  if (!l || !r) return 0;
  let best = 0;
  if (wordSpansCut(l, r)) {
    for (let a = 1; a <= 3; a++) {
      for (let b = 1; a + b <= 4; b++) {
        if (a > l.length || b > r.length) continue;
        const f = wordWeight(l.slice(-a) + r.slice(0, b));
        if (f !== undefined) best = Math.max(best, 1 + f / 4);
      }
    }
  }
  if (NEVER_OPENS_RE.test(r)) best += 2;
  else if (quoteRunsOn(l, r)) best += 2;
  return best;
}

/** Source line ranges of paragraphs as reflow printed them (`from-to`). */
type Printed = ReadonlySet<string>;
const rangeKey = (p: { from: number; to: number }): string => `${p.from}-${p.to}`;

/**
 * The paragraphs as reflow gave them: a paragraph hard-wrapped onto several
 * lines and re-flowed is one printed line, as it would be in the file before
 * the wrap, so wrapping a paragraph-per-line file keeps its reading.
 */
export function printedParagraphs(blocks: readonly Block[]): Printed {
  return new Set(blocks.filter((b) => b.role === 'paragraph').map(rangeKey));
}

/** A block printed as one source line (or one re-flowed paragraph): in paragraph-per-line text, a whole paragraph. */
const oneLine = (b: Block, printed: Printed): boolean => partsOf(b).every((p) => p.from === p.to || printed.has(rangeKey(p)));

/**
 * The file prints one paragraph per line (each line a whole paragraph,
 * possibly narrow-column lines joined with spaces) rather than hard-wrapped
 * column lines: most of its longer prose blocks come from a single line.
 */
export function paragraphPerLine(blocks: readonly Block[], printed: Printed = new Set()): boolean {
  const prose = blocks.filter((b) => b.role === 'paragraph' && b.text.length >= 20);
  return prose.length > 0 && prose.filter((b) => oneLine(b, printed)).length * 3 >= prose.length * 2;
}

/** A paragraph ending in a dash (`原则—`, `格局-`, or the dash read as `一`: `思考一`) introduces what follows it. */
export function endsWithDash(text: string): boolean {
  const t = text.replace(/\s+$/u, '');
  if (/[—–-]$/u.test(t)) return true;
  // 一 after a complete word, not ending a word itself (统一, 之一, 第一 do).
  if (!t.endsWith('一') || t.length < 3) return false;
  return ![2, 3, 4].some((n) => isWord(t.slice(-n))) && isWord(t.slice(-3, -1));
}

/** The text opens with a dictionary word of two or more characters (`民生连着…`). */
export function opensWithWord(text: string): boolean {
  const t = text.replace(/^\s+/u, '');
  for (let n = 2; n <= 4; n++) if (isWord(t.slice(0, n))) return true;
  return false;
}

/**
 * A short paragraph that reads like a headline: no sentence punctuation, at
 * most one comma, and no character that could not open a sentence.
 */
export function headingLike(b: Block): boolean {
  return b.role === 'paragraph' && looksLikeHeading(b.text) && !NEVER_OPENS_RE.test(b.text) && (b.text.match(/[，、；,]/gu)?.length ?? 0) <= 1;
}

/** A block that stops mid-sentence and may continue elsewhere. */
export function isOpenEnded(b: Block): boolean {
  // A photo caption ends with its photographer's credit, not mid-sentence.
  if ((b.role !== 'paragraph' && b.role !== 'case') || headingLike(b) || (b.role === 'paragraph' && CAPTION_RE.test(b.text))) return false;
  const text = b.text.replace(/\s+$/u, '');
  return text.length >= 6 && !SENTENCE_END_RE.test(text) && !text.endsWith('\uFFFD') && !/[：:]$/u.test(text);
}

/** A block that cannot start a paragraph of its own. */
export function isContinuation(b: Block): boolean {
  return b.role === 'paragraph' && !OPENING_RE.test(b.text);
}

/**
 * Split `本报讯（记者 X）12月29` glued onto a paragraph that is not the first
 * of its article: the byline opens the article whose first paragraph lacks one.
 */
function unglueBylines(blocks: Block[]): Block[] {
  const out: Block[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    const m = b.role === 'paragraph' ? GLUED_BYLINE_RE.exec(b.text) : null;
    const prev = out.at(-1);
    if (!m || !prev || prev.role !== 'paragraph' || headingLike(prev) || !isContinuation({ ...b, text: m[2]!.trim() })) {
      out.push(b);
      continue;
    }
    // The byline goes to the nearest earlier paragraph that opens an article without one.
    let target = -1;
    for (let k = out.length - 1; k >= 1; k--) {
      const cand = out[k]!;
      const before = out[k - 1]!;
      if (cand.role === 'paragraph' && !headingLike(cand) && (before.role !== 'paragraph' || headingLike(before)) && !OPENING_RE.test(cand.text)) {
        target = k;
        break;
      }
    }
    if (target < 0) {
      out.push(b);
      continue;
    }
    const t = out[target]!;
    const byline = m[1]!.replace(/[，,]$/u, '');
    const sep = /日$/u.test(byline) && !/^日/u.test(t.text) ? '，' : '';
    out[target] = { ...t, text: byline + sep + t.text, from: Math.min(t.from, b.from), to: Math.max(t.to, b.from), parts: [{ from: b.from, to: b.from }, ...partsOf(t)] };
    out.push({ ...b, text: m[2]!.trim(), unglued: true });
  }
  return out;
}

const HAN_ALL_RE = new RegExp(`[${HAN}]`, 'gu');

/** Offsets in `text` of its Han characters, in order. */
function hanPositions(text: string): number[] {
  return Array.from(text.matchAll(HAN_ALL_RE), (m) => m.index);
}

/** Offset just before the Han character (of those at `positions`) that has `after` Han characters from it to the end. */
function offsetFromEnd(positions: readonly number[], after: number): number | undefined {
  const i = positions.length - after;
  return i > 0 && i < positions.length ? positions[i] : undefined;
}

/** Minimum total evidence for undoing a splice. */
const SPLICE_GAIN = 4;
/** Longest spliced segment (characters): about two narrow-column lines. */
const SPLICE_MAX = 40;

interface Splice {
  p: number;
  start: number;
  end: number;
  x: number;
  gain: number;
}

/**
 * Undo a narrow-column line spliced inside another paragraph's line. At a
 * column-join point (`Block.joins`) of paragraph P = A·S·C, the segment S is
 * printed in the wrong place when the text reads better with it moved: S
 * continues the open end of another block X (a dictionary word across X|S),
 * the block printed after X continues S (or S ends a sentence), and A·C — or A
 * with some later continuation — reads on without S. The gain is the summed
 * word evidence of the new junctions minus that of the junctions it breaks;
 * only splices with word evidence on every new junction are undone.
 */
export function unsplice(input: Block[]): Block[] {
  let blocks = input;
  for (let round = 0; round < 20; round++) {
    const best = bestSplice(blocks);
    if (!best) break;
    const P = blocks[best.p]!;
    const S: Block = { ...P, text: P.text.slice(best.start, best.end), parts: [{ from: P.from, to: P.to }] };
    delete S.joins;
    delete S.unglued;
    const rest: Block = { ...P, text: P.text.slice(0, best.start) + P.text.slice(best.end) };
    delete rest.joins;
    const out: Block[] = [];
    blocks.forEach((b, i) => {
      if (i === best.p) out.push(rest);
      else out.push(b);
      if (i === best.x) out.push(S);
    });
    blocks = out;
  }
  return blocks;
}

function bestSplice(blocks: readonly Block[]): Splice | undefined {
  let best: Splice | undefined;
  const consider = (c: Splice): void => {
    if (c.gain >= SPLICE_GAIN && (!best || c.gain > best.gain)) best = c;
  };
  const openEnded = blocks.map((b, i) => (b.role === 'paragraph' && isOpenEnded(b) ? i : -1)).filter((i) => i >= 0);
  blocks.forEach((P, p) => {
    if (P.role !== 'paragraph' || !P.joins?.length) return;
    const han = hanPositions(P.text);
    const cuts = [...new Set(P.joins.map((j) => offsetFromEnd(han, j)).filter((o): o is number => o !== undefined))].sort((a, b) => a - b);
    cuts.forEach((start, k) => {
      const A = P.text.slice(0, start);
      for (const end of [...cuts.slice(k + 1, k + 3), P.text.length]) {
        const S = P.text.slice(start, end);
        const C = P.text.slice(end);
        if (S.length < 4 || S.length > SPLICE_MAX || OPENING_RE.test(S)) continue;
        for (const x of openEnded) {
          if (x === p) continue;
          const X = blocks[x]!;
          const xs = joinScore(X.text, S);
          if (xs <= 0) continue;
          if (C) {
            // Middle of a line: X·S·Y and A·C must each read on with a dictionary word.
            const Y = blocks[x + 1];
            if (!Y || Y === P || !isContinuation(Y) || headingLike(Y)) continue;
            const sy = joinScore(S, Y.text);
            const ac = joinScore(A, C);
            if (xs < MIN_SCORE || sy < MIN_SCORE || ac < MIN_SCORE) continue;
            const gain = xs + sy + ac - joinScore(A, S) - joinScore(S, C) - joinScore(X.text, Y.text);
            if (gain >= SPLICE_GAIN + 2) consider({ p, start, end, x, gain });
          } else if (SENTENCE_END_RE.test(S.trim()) && !SENTENCE_END_RE.test(A.trim()) && isContinuation(X)) {
            // End of a line: P's last column line and X swapped places — X continues A, S ends X.
            const ax = joinScore(A, X.text);
            if (ax < MIN_SCORE || x < p) continue;
            consider({ p, start, end, x, gain: xs + ax - joinScore(A, S) });
          }
        }
      }
    });
  });
  return best;
}

/** Most blocks after the next one searched for the paragraph a tucked-in tail completes. */
const TAIL_REACH = 3;

/**
 * Undo a sentence tail printed inside the wrong line with no space to show
 * the seam (`…进行了大台账问题的整改工作。` followed by `力宣传，…`): a
 * one-line paragraph P = A·S ends a sentence, but A reads on into the next
 * block Y with a dictionary word across the cut (大|力, a word the
 * segmentation prefers to the cut), the cut inside P falls between words, and
 * a paragraph X printed just after Y stops mid-sentence with no continuation
 * of its own. S then ends X (`…已基本完成` + `台账问题的整改工作。`), and Y
 * continues A.
 */
export function untuckTails(input: readonly Block[], printed: Printed = printedParagraphs(input)): Block[] {
  const blocks = [...input];
  for (let p = 0; p + 2 < blocks.length; p++) {
    const P = blocks[p]!;
    const Y = blocks[p + 1]!;
    if (P.role !== 'paragraph' || P.joins?.length || !oneLine(P, printed) || !SENTENCE_END_RE.test(P.text.trim()) || headingLike(P)) continue;
    if (Y.role !== 'paragraph' || !isContinuation(Y) || headingLike(Y) || NEVER_OPENS_RE.test(Y.text)) continue;
    let best: { start: number; x: number; gain: number } | undefined;
    for (let start = Math.max(6, P.text.length - SPLICE_MAX); start <= P.text.length - 4; start++) {
      const A = P.text.slice(0, start);
      const S = P.text.slice(start);
      if (!HAN_RE.test(A.at(-1)!) || !HAN_RE.test(S[0]!) || OPENING_RE.test(S) || SENTENCE_END_RE.test(A) || /[，、；：,;:]/u.test(S.slice(0, -1))) continue;
      if (wordSpansCut(A, S) || !wordSpansCut(A, Y.text)) continue;
      const ay = joinScore(A, Y.text);
      if (ay < MIN_SCORE) continue;
      for (let x = p + 2; x <= Math.min(blocks.length - 1, p + 1 + TAIL_REACH); x++) {
        const X = blocks[x]!;
        if (X.role !== 'paragraph' || headingLike(X)) break;
        if (!isOpenEnded(X)) continue;
        // X must have no continuation of its own right after it.
        const after = blocks[x + 1];
        if (after && after.role === 'paragraph' && isContinuation(after) && joinScore(X.text, after.text) > 0) break;
        const gain = ay + joinScore(X.text, S);
        if (!best || gain > best.gain) best = { start, x, gain };
        break;
      }
    }
    if (!best) continue;
    const X = blocks[best.x]!;
    blocks[best.x] = { ...X, text: X.text + P.text.slice(best.start), from: Math.min(X.from, P.from), to: Math.max(X.to, P.to), parts: [...partsOf(X), { from: P.from, to: P.to }] };
    // A and Y are joined here: A alone is short enough to pass for a headline.
    blocks.splice(p, 2, { ...P, text: P.text.slice(0, best.start) + Y.text, from: Math.min(P.from, Y.from), to: Math.max(P.to, Y.to), parts: [{ from: P.from, to: P.to }, ...partsOf(Y)] });
  }
  return blocks;
}

/** Field lines can only complete a case that does not already print those fields. */
function sharesField(caseText: string, fieldsText: string): boolean {
  const names = (t: string): string[] => t.split('\n').map((l) => FIELD_FIRST_RE.exec(l)?.[0]).filter((n): n is string => !!n);
  const have = new Set(names(caseText).map((n) => n.slice(0, -1)));
  return names(fieldsText).some((n) => have.has(n.slice(0, -1)));
}

/** Source line ranges of a block in reading order. */
export function partsOf(b: Block): Array<{ from: number; to: number }> {
  return b.parts ?? [{ from: b.from, to: b.to }];
}

/** Minimum join score for a join across other blocks, the cost per block skipped, and the bonus for adjacent blocks. */
const MIN_SCORE = 2.5;
const DISTANCE_COST = 0.05;
const ADJACENT_BONUS = 1.5;
const FIELD_START_RE = /^(?:交办问题基本情况|调查核实情况|处理处罚情况|问责情况)[：:]/u;

/**
 * Evidence from the layout rather than the words: prose printed in the middle
 * of a bulletin (right after a case) continues the last open prose paragraph
 * before the bulletin; a short paragraph followed by case fields continues an
 * open case.
 */
function layoutScore(blocks: readonly Block[], l: number, r: number): number {
  const L = blocks[l]!;
  const R = blocks[r]!;
  const before = blocks[r - 1];
  const after = blocks[r + 1];
  // A case field continued here must end its sentence before the next field starts.
  if (L.role === 'case') return after?.role === 'case' && FIELD_START_RE.test(after.text) && SENTENCE_END_RE.test(R.text) ? MIN_SCORE + 0.5 : 0;
  if (L.role === 'paragraph' && before?.role === 'case' && R.role === 'paragraph') {
    // Only the latest open prose paragraph before R qualifies.
    for (let k = r - 1; k > l; k--) if (blocks[k]!.role === 'paragraph' && isOpenEnded(blocks[k]!)) return 0;
    return MIN_SCORE + 0.1;
  }
  return 0;
}

/**
 * Reassemble one file's blocks: unglue bylines, then join each open-ended
 * block with its best continuation (best joins first; each block joins at
 * most once on each side). Prose that continues across a bulletin moves
 * together with the prose printed after it, up to the next case or headline.
 */
export function reassemble(input: readonly Block[]): Block[] {
  const printed = printedParagraphs(input);
  const prepared = untuckTails(unsplice(unglueBylines([...input])), printed);
  // The text left behind a glued byline continues the open paragraph printed before it.
  const unglued = prepared.map((b) => b.unglued === true);
  let blocks = prepared.map(({ joins: _joins, unglued: _unglued, ...b }) => b as Block);
  const candidates: Array<{ l: number; r: number; score: number }> = [];
  const perLine = paragraphPerLine(blocks, printed);
  for (let l = 0; l < blocks.length; l++) {
    if (!isOpenEnded(blocks[l]!)) continue;
    for (let r = l + 1; r < blocks.length; r++) {
      const rb = blocks[r]!;
      if (!isContinuation(rb) || (headingLike(rb) && r !== l + 1)) continue;
      const words = joinScore(blocks[l]!.text, rb.text);
      // A headline printed right after a cut paragraph is not its continuation without word evidence.
      if (headingLike(rb) && words <= 0) continue;
      // Far away, a cut word whose right part already opens a word of the fragment (居|民生) is weak evidence.
      // A dash introduces what follows; only the next block continues it.
      if (r !== l + 1 && endsWithDash(blocks[l]!.text)) continue;
      const far = (opensWithWord(rb.text) ? words / 2 : words) - DISTANCE_COST * (r - l - 1);
      const layout = layoutScore(blocks, l, r);
      // Paragraph-per-line text: the next line is no evidence by itself, unless it opens with the tail of a cut word.
      if (r === l + 1 && words <= 0 && perLine && oneLine(blocks[l]!, printed) && oneLine(rb, printed) && !opensMidWord(rb.text) && !unglued[r]) continue;
      const s = r === l + 1 ? words + ADJACENT_BONUS : layout > far ? layout + words / 5 - (r - l) / 1e4 : far;
      if (r === l + 1 ? s >= ADJACENT_BONUS : s >= MIN_SCORE) candidates.push({ l, r, score: s });
    }
  }
  candidates.sort((a, b) => b.score - a.score || a.l - b.l || a.r - b.r);
  const next = new Map<number, number>();
  const taken = new Set<number>();
  for (const c of candidates) {
    if (next.has(c.l) || taken.has(c.r)) continue;
    next.set(c.l, c.r);
    taken.add(c.r);
  }
  if (next.size === 0) return blocks;

  // Runs: a moved continuation carries the blocks after it until something opens on its own.
  const runOf = (r: number): number[] => {
    const run = [r];
    const interleaved = blocks[r - 1]?.role === 'case';
    for (let k = r + 1; k < blocks.length; k++) {
      const b = blocks[k]!;
      if (taken.has(k)) break;
      if (b.role === 'case' && FIELD_START_RE.test(b.text) && run.length === 1) {
        run.push(k); // the fields of the case this fragment continues
        break;
      }
      if (!interleaved || b.role !== 'paragraph' || headingLike(b)) break;
      run.push(k);
    }
    return run;
  };
  const placed = new Set<number>();
  const order: number[] = [];
  const emit = (i: number): void => {
    if (placed.has(i)) return;
    placed.add(i);
    order.push(i);
    const r = next.get(i);
    if (r === undefined) return;
    const run = r === i + 1 ? [r] : runOf(r);
    for (const k of run) emit(k);
  };
  for (let i = 0; i < blocks.length; i++) if (!taken.has(i)) emit(i);
  for (let i = 0; i < blocks.length; i++) emit(i); // cycles cannot happen (joins go forward), but never drop a block

  // Join each left fragment with its continuation into one block.
  const out: Block[] = [];
  for (const i of order) {
    const b = blocks[i]!;
    const prevIdx = order[order.indexOf(i) - 1];
    if (taken.has(i) && prevIdx !== undefined && next.get(prevIdx) === i) {
      const left = out.pop()!;
      const glue = left.role === 'case' && b.role === 'case' ? '\n' : '';
      out.push({
        ...left,
        text: left.text + glue + b.text,
        from: Math.min(left.from, b.from),
        to: Math.max(left.to, b.to),
        parts: [...partsOf(left), ...partsOf(b)],
      });
    } else if (b.role === 'case' && FIELD_FIRST_RE.test(b.text) && out.at(-1)?.role === 'case' && !sharesField(out.at(-1)!.text, b.text)) {
      // Field lines separated from their case heading by a moved fragment.
      const left = out.pop()!;
      out.push({ ...left, text: left.text + '\n' + b.text, from: Math.min(left.from, b.from), to: Math.max(left.to, b.to), parts: [...partsOf(left), ...partsOf(b)] });
    } else out.push(b);
  }
  blocks = out;
  return blocks;
}
