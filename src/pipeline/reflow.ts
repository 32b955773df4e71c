/**
 * Pass 3 — lines to blocks. Re-flows hard-wrapped narrow columns into
 * paragraphs, keeps one-paragraph-per-line files as they are, and gives each
 * block a first role from its shape (Markdown marks, tabs, bulletin fields).
 * Finer roles (title, byline, caption…) are decided by `classify`.
 */
import { SENTENCE_END } from '../shared/han.ts';
import { wordSpansCut } from './reassemble.ts';
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
 * whole paragraphs: the mode of the line widths, accepted when a large share
 * of lines end within one character of it.
 */
export function wrapWidth(lines: readonly Line[]): number | undefined {
  const widths = lines.map((l) => Math.round(displayWidth(l.text))).filter((w) => w >= 6);
  if (widths.length < 8) return undefined;
  const counts = new Map<number, number>();
  for (const w of widths) counts.set(w, (counts.get(w) ?? 0) + 1);
  // The column is the most common width (lines reach it exactly; half-width digits and
  // spaces only make a line narrower), the wider one on a tie; it is accepted when
  // enough lines end within one character of it.
  let best = 0;
  for (const [w, n] of counts) if (n > (counts.get(best) ?? 0) || (n === counts.get(best) && w > best)) best = w;
  const near = (counts.get(best - 1) ?? 0) + (counts.get(best) ?? 0) + (counts.get(best + 1) ?? 0);
  return near / widths.length >= 0.3 && best <= 60 ? best : undefined;
}

/** A paragraph indent: an ideographic space or two spaces before the text. */
const INDENT_RE = /^(?:\u3000+|[ ]{2,})(?=\S)/u;

/**
 * Lines that open with a paragraph indent, in a file that marks its
 * paragraphs that way (at least three lines and a twentieth of its lines with
 * text); otherwise none, so a stray leading space means nothing.
 */
function indentedLines(raw: readonly Line[]): Set<number> {
  const withText = raw.filter((l) => l.text.trim() !== '');
  const marked = withText.filter((l) => INDENT_RE.test(l.text));
  return marked.length >= 3 && marked.length >= withText.length / 20 ? new Set(marked.map((l) => l.line)) : new Set();
}

/**
 * A bold line the column cut (`**一、东城区 受理编号：许昌D2018` / `1117011**`):
 * the line opens `**` without closing it and one of the next three lines, with
 * no blank line between, closes it. Returns the lines that finish it, or none.
 */
function boldEnd(text: string, after: readonly string[]): string[] {
  if (!text.startsWith('**') || /^\*\*.+?\*\*/u.test(text)) return [];
  for (let k = 0; k < Math.min(3, after.length); k++) {
    const next = after[k]!;
    if (next === '' || /^\*\*./u.test(next)) return [];
    const joined = text + after.slice(0, k + 1).join('');
    if (joined.endsWith('**') && MD_BOLD_LINE_RE.test(joined)) return after.slice(0, k + 1);
  }
  return [];
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
 * the line's character count as printed (before spacing repair, so a justified
 * `金 湾 社 区 …` line counts as full). Paragraph openings lost their
 * two-character indent in extraction, and half-width digits make a line
 * narrower, so an opening line counts as full up to three characters early.
 */
export function isFull(width: number, column: number | undefined, opening = false): boolean {
  if (column === undefined) return false;
  return width >= column - (opening ? 3.5 : 1.5);
}

/** Sentence punctuation proper; a closing quote or bracket ends a sentence only behind one of these. */
const FULL_STOP_RE = /[。！？；…!?]$/u;
/** Closing quotes and brackets at the end of a text. */
const TRAILING_CLOSERS_RE = /[”’」』）)]+$/u;

/**
 * The text ends a sentence: sentence punctuation, possibly behind closing quotes
 * (`…。”`), or a bracketed note printed after a sentence (`…落到实处。（魏宣）`).
 * A closing quote right after a word does not end one: headlines quote words
 * (`一线监督助力人居环境“美”` / `起来`).
 */
function endsSentence(text: string): boolean {
  const t = text.trimEnd();
  const closers = TRAILING_CLOSERS_RE.exec(t);
  if (!closers) return FULL_STOP_RE.test(t);
  if (FULL_STOP_RE.test(t.slice(0, closers.index))) return true;
  const opener = /[）)]$/u.test(t) ? Math.max(t.lastIndexOf('（'), t.lastIndexOf('(')) : -1;
  return opener > 0 && endsSentence(t.slice(0, opener));
}

/** Clause punctuation: text ending in one of these is not a headline. */
const CLAUSE_END_RE = new RegExp(`[${SENTENCE_END}，、：,:;]$`, 'u');

/**
 * A headline printed right under the last line of the previous paragraph
 * (no blank line between) was joined to it. When a paragraph's last source
 * lines, after the line that ends its last sentence, are short and carry no
 * punctuation at all, they are a headline: split them off — when what follows
 * can head an article (see `opensArticle`) or the lines end in a byline. Otherwise
 * they are the start of a sentence the next block finishes (`…脏乱差。` /
 * `通过近些年社区的不断` + blank + `发展、振兴，…`).
 */
function splitTail(block: Block, starts: ReadonlyArray<[number, number]>, next: string | undefined): Block[] {
  for (let i = starts.length - 1; i >= 1 && i >= starts.length - 2; i--) {
    const [offset, line] = starts[i]!;
    const head = block.text.slice(0, offset);
    const tail = block.text.slice(offset);
    // A photo credit alone on the last line (`资料图片`, `孙江峰 摄`) ends a caption; it is no headline.
    // Headlines quote words and may name a place before a colon (`许继社区：“红色网格”巧解“千千结”`).
    if (!endsSentence(head) || CREDIT_ONLY_RE.test(tail) || displayWidth(tail) > 32 || /[，、：,:;]$/u.test(tail) || endsSentence(tail) || /[，。；！？…（）()]/u.test(tail)) continue;
    if (next !== undefined && !opensArticle(next) && !TRAILING_BYLINE_RE.test(tail)) continue;
    return [
      { ...block, text: head, to: starts[i - 1]![1] },
      { ...block, text: tail, from: line },
    ];
  }
  return [block];
}

/** A dateline clause (`4月1日下午，`) or an ordinal (`一、`) opens a paragraph of its own. */
const OPENS_ITSELF_RE = /^(?:(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日[^，,。]{0,4}[，,]|[一二三四五六七八九十]+、)/u;
/** Characters that cannot open a sentence: a line starting with one continues the line before. */
const NEVER_OPENS_RE = /^[，、。；：！？）”’》的了着过地得之其并而及与和或等们]/u;
/** Clause punctuation inside a line: the line is prose, not a headline. */
const CLAUSE_MARK_RE = /[，、：；,:;]/u;

/**
 * A line that stops short of the column edge without punctuation, followed by
 * a line that reaches it or ends the paragraph: the short line ran on (a paragraph's opening line
 * that lost its indent, or a stray fragment of a re-wrapped line) rather than
 * ending a headline, when the text since the last sentence end reads as prose
 * (it has clause punctuation), a dictionary word spans the line break
 * (`民生|问题`), or the next line opens with a character that cannot open a
 * sentence. A next line that opens on its own (byline, dateline) is a new block.
 */
export function runsOn(open: string, next: string): boolean {
  if (OPENS_BLOCK_RE.test(next) || OPENS_ITSELF_RE.test(next) || endsSentence(open)) return false;
  // A paragraph does not end on a comma: the clause goes on.
  if (CLAUSE_END_RE.test(open)) return true;
  let start = open.length;
  while (start > 0 && !SENTENCE_END.includes(open[start - 1]!)) start--;
  return CLAUSE_MARK_RE.test(open.slice(start)) || NEVER_OPENS_RE.test(next) || wordSpansCut(open, next);
}

/** An opening that marks a paragraph as the start of a report: `本报讯`, a byline, a dateline, an opening quote. */
const STARTS_REPORT_RE = /^(?:本报讯|□|[“"「]|(?:本报)?(?:记者|通讯员)\s|(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日)/u;

/**
 * The next paragraph line can open an article: it starts a report (`本报讯`, a
 * byline, a dateline, an opening quote) or is a headline line itself (short,
 * no punctuation).
 */
function opensArticle(next: string): boolean {
  return STARTS_REPORT_RE.test(next) || OPENS_BLOCK_RE.test(next) || headlineLine(next);
}

/** A line that reads as a headline line: `minHan` or more Han characters, headline-short, no punctuation. */
function headlineLine(text: string, minHan = 2): boolean {
  return (text.match(/\p{Script=Han}/gu)?.length ?? 0) >= minHan && displayWidth(text) <= 32 && !/[，。；！？、：,;:]/u.test(text);
}

/**
 * A headline glued behind the last sentence of a paragraph inside a line
 * (`…落到实处。（魏宣）李朝锋组织召开` + `全区…专题会`, a re-wrapped column
 * joined them; the line may be a block of its own): the text after the
 * paragraph's last sentence end (see `endsSentence`), when it
 * starts in the paragraph's last two lines, carries no punctuation and is
 * headline-short, is split off — but only when the block after it starts a
 * report or is itself a headline line, so a paragraph cut mid-sentence and
 * continued after a blank line (`…社区的不断` + `发展、振兴，…`) stays whole.
 */
function splitGluedHeadlines(blocks: Block[], starts: Map<Block, ReadonlyArray<[number, number]>>): Block[] {
  const out: Block[] = [];
  blocks.forEach((b, i) => {
    const s = starts.get(b);
    const next = blocks[i + 1];
    if (!s || !next || next.role !== 'paragraph') return void out.push(b);
    const opensReport = STARTS_REPORT_RE.test(next.text) || OPENS_BLOCK_RE.test(next.text) || headlineLine(next.text);
    let p = b.text.length;
    while (p > 0 && !(SENTENCE_END.includes(b.text[p - 1]!) && endsSentence(b.text.slice(0, p)))) p--;
    const tail = b.text.slice(p);
    const tailStart = s.findLast(([offset]) => offset <= p);
    if (!opensReport || p === 0 || !tailStart || tailStart[0] === p) return void out.push(b);
    const han = tail.match(/\p{Script=Han}/gu)?.length ?? 0;
    if (han < 4 || displayWidth(tail) > 32 || /[，。；！？、：,;:]/u.test(tail) || NEVER_OPENS_RE.test(tail) || ENDS_BLOCK_RE.test(tail)) return void out.push(b);
    out.push({ ...b, text: b.text.slice(0, p), to: tailStart[1] }, { ...b, text: tail, from: tailStart[1] });
  });
  return out;
}

/** Characters a reprinted paragraph has at least, to tell where a paragraph ended (shorter text repeats by chance). */
const MIN_REPRINT_CHARS = 20;

/**
 * Where a paragraph ends when its last sentence ended right at the column edge
 * and the next paragraph followed without a blank line: reflow cannot see it,
 * but the file itself may print one of the two paragraphs again on its own. A
 * block whose text up to a line that ends a sentence, or from there on, is the
 * whole text of another paragraph of the file is split at that line
 * (`…黄涛说。` + `为了做到…`, with `“我们运用…黄涛说。` printed alone elsewhere).
 */
function splitAtReprints(blocks: Block[], starts: Map<Block, ReadonlyArray<[number, number]>>): Block[] {
  const key = (t: string): string => t.replace(/\s+/gu, '');
  const printed = new Map<string, number>();
  for (const b of blocks) if (b.role === 'paragraph') printed.set(key(b.text), (printed.get(key(b.text)) ?? 0) + 1);
  const reprinted = (t: string): boolean => key(t).length >= MIN_REPRINT_CHARS && printed.has(key(t));
  const split = (b: Block, s: ReadonlyArray<[number, number]>): Block[] => {
    for (let i = 1; i < s.length; i++) {
      const [offset, line] = s[i]!;
      const head = b.text.slice(0, offset);
      const tail = b.text.slice(offset);
      if (!endsSentence(head) || !(reprinted(head) || reprinted(tail))) continue;
      const rest = s.slice(i).map(([o, l]): [number, number] => [o - offset, l]);
      return [{ ...b, text: head, to: s[i - 1]![1] }, ...split({ ...b, text: tail, from: line }, rest)];
    }
    return [b];
  };
  return blocks.flatMap((b) => {
    const s = starts.get(b);
    return s && b.role === 'paragraph' ? split(b, s) : [b];
  });
}

/** A reporter byline at the end of a text: `本报记者 孙江锋`, `记者 张铮 通讯员 李玎`. */
const TRAILING_BYLINE_RE = /(?:本报记者\s*\S{2,4}|记者\s+\S{2,4})(?:\s+通讯员\s+\S{2,4})*$/u;

/**
 * A headline with its byline printed behind it in the same line
 * (`…“红色治理”解难题本报记者 孙江锋`, a re-wrapped column joined them):
 * the byline is split off when the text before it reads as a headline
 * (no sentence punctuation, headline-short).
 */
function splitTrailingByline(block: Block, starts: ReadonlyArray<[number, number]>): Block[] {
  const m = TRAILING_BYLINE_RE.exec(block.text);
  if (!m || m.index === 0) return [block];
  const head = block.text.slice(0, m.index).trimEnd();
  // `本报讯（记者 许廷合 通讯员 冯嘉`: a byline inside the dateline's parenthesis stays in it.
  // A head without two Han characters is no headline (`□ 记者 王利辉`: the mark opens the byline).
  if ((head.match(/\p{Script=Han}/gu)?.length ?? 0) < 2 || OPEN_PAREN_RE.test(head) || /[。！？；;]/u.test(head) || /[，、：,:]$/u.test(head) || displayWidth(head) > 40) return [block];
  const line = starts.findLast(([offset]) => offset <= m.index)?.[1] ?? block.from;
  return [
    { ...block, text: head, to: line },
    { ...block, text: m[0], from: line },
  ];
}

/** A line that is only a photo credit: `资料图片`, `孙江峰 摄`, `某某供图`. */
const CREDIT_ONLY_RE = /^(?:\S{2,4}\s?摄|资料图片|\S{0,6}供图)$/u;
/** A parenthesis opened and not yet closed at the end of the text. */
const OPEN_PAREN_RE = /[（(][^）)]*$/u;
/** Lines that always end the block they are in: photo credits, bylines. */
const ENDS_BLOCK_RE = /(?:\S{2,4}\s?摄|资料图片|供图)$/u;
/**
 * A line that ends in a byline (`…解难题本报记者 孙江锋`: a re-wrapped column put the
 * headline's tail and its byline on one line) ends its block even when it reaches the
 * column: the text after it is the story or a caption, not the rest of the line. A byline
 * inside an open parenthesis (`本报讯（记者 许廷合 通讯员 冯嘉滢` + `）…`) goes on.
 */
const ENDS_WITH_BYLINE_RE = /(?:本报)?(?:记者|通讯员)\s+[^\s）)]{2,4}$/u;
/**
 * A byline whose name the column cut (`…巧解“千千结”本报记者 张` + `铮`, or
 * `本报记者 付家宝 通讯员` + `胡月`): the line before ends near the column edge
 * in `记者`/`通讯员` and up to three characters of a name, after text that is
 * no prose (no clause or sentence punctuation), and the line is only the rest
 * of a name of two to four characters, so it joins the line before whatever its width.
 */
function cutName(open: string, next: string): boolean {
  const m = /(?:记者|通讯员)\s*(\p{Script=Han}{0,3})$/u.exec(open);
  const name = (m?.[1]?.length ?? 0) + next.length;
  return (m !== null && !/[，。；！？,;]/u.test(open.slice(0, m.index)) && /^\p{Script=Han}{1,4}$/u.test(next) && name >= 2 && name <= 4) || cutRole(open, next) > 0;
}

/** Role words of a byline that a column may cut inside. */
const BYLINE_ROLES = ['通讯员', '记者', '实习生'];

/**
 * A byline the column cut inside a role word (`本报记者 付家宝 通` / `讯员 胡月`):
 * the line before is a byline that ends in the start of a role word, and the
 * line is the rest of that word and a name of two to four characters. Returns
 * how many characters of the role word the line before holds (0: no such cut).
 */
function cutRole(open: string, next: string): number {
  if (!/^(?:□\s*)?(?:本报)?记者\s*\S{2,4}/u.test(open) || /[，。；！？,;]/u.test(open)) return 0;
  for (const role of BYLINE_ROLES) {
    for (let k = 1; k < role.length; k++) {
      if (open.endsWith(role.slice(0, k)) && new RegExp(`^${role.slice(k)}\\s*\\p{Script=Han}{2,4}$`, 'u').test(next)) return k;
    }
  }
  return 0;
}

/**
 * A headline and its subtitle printed on two lines between blank lines
 * (`选派干部“疫”线历练` / `激励干部实干担当`) when the first one happens to reach a
 * narrow column: neither line has punctuation, the second is a phrase of its own
 * (seven or more Han characters, no word spans the break, it can open a sentence),
 * so the two stay apart (`apart`) and segment decides whether they are one headline.
 * A shorter second line is the rest of the headline the column cut (`tail`:
 * `魏都区架起基层治理共建共` / `治共享“高速路”`, `…深度行` / `活动走进许昌`; a subtitle
 * is rarely that short); the blank line after it ends the headline either way.
 */
function headlinePair(open: string, text: string, after: string, cutAtSpace = false): 'apart' | 'tail' | undefined {
  const punct = /[，。、；：！？,;:]/u;
  if (after !== '' || punct.test(open) || punct.test(text) || NEVER_OPENS_RE.test(text) || wordSpansCut(open, text)) return undefined;
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  // The column cut on a phrase space of the headline (`统筹整合资源 培育名牌项目` / ` 满足群众…`) or inside
  // its last phrase (see `cutPhrase`): one headline.
  if (cutAtSpace) return han >= 5 ? 'tail' : undefined;
  return han >= SUBTITLE_MIN_HAN ? 'apart' : han >= 5 ? 'tail' : undefined;
}

/**
 * A headline line made of phrases separated by spaces whose last phrase is
 * less than half as long as the one before it (`坚决筑牢森林防火防线 扎实` /
 * `开展矿山生态修复`): the column cut that phrase, so the next line finishes it.
 */
function cutPhrase(rawLine: string): boolean {
  const han = (t: string): number => t.match(/\p{Script=Han}/gu)?.length ?? 0;
  const phrases = rawLine.trim().split(/[ \u3000]+/u);
  return phrases.length >= 2 && han(phrases.at(-1)!) * 2 < han(phrases.at(-2)!);
}

/** Han characters a subtitle printed under a one-line headline has at least. */
const SUBTITLE_MIN_HAN = 7;

/**
 * A table line's text: trimmed, except that a row the column cut keeps the tabs
 * at its end (the cut may fall right after a cell), and a row's continuation
 * keeps those at its start.
 */
function rowText(text: string, cut: boolean, opensRow: boolean): string {
  const start = opensRow ? text.replace(/^\s+/u, '') : text.replace(/^[^\S\t]+/u, '');
  return cut ? start.replace(/[^\S\t]+$/u, '') : start.replace(/\s+$/u, '');
}

/**
 * Where the rows of a table the column cut end. `pieces` are its consecutive
 * lines, each with its tab count and whether it reaches the column. A row ends
 * after a line short of the column; after a full one it may end or go on. A
 * table's rows agree in their cell count, so a row that ends right at the column
 * edge must not take the next one (`…\t0\t0` + `鄢\t陵县…`): the rows are the split
 * with the most rows of one common count less those of another, then the fewest
 * rows, the common count being one of the rows joined wherever a line is full.
 * Returns, for each line, whether its row goes on on the next line.
 */
export function tableRowsGoOn(pieces: ReadonlyArray<{ tabs: number; full: boolean }>): boolean[] {
  const n = pieces.length;
  /** Tab count of the row made of lines i..j. */
  const tabsOf = (i: number, j: number): number => pieces.slice(i, j + 1).reduce((t, p) => t + p.tabs, 0);
  const rowEnds = (i: number): number[] => {
    const ends: number[] = [];
    for (let j = i; j < n; j++) {
      ends.push(j);
      if (!pieces[j]!.full) break;
    }
    return ends;
  };
  let best: { score: [number, number]; goOn: boolean[] } | undefined;
  const targets = new Set<number>();
  for (let i = 0; i < n; i = rowEnds(i).at(-1)! + 1) targets.add(tabsOf(i, rowEnds(i).at(-1)!));
  for (const target of targets) {
    // score[i]: [rows with the target count less the others, −rows] over lines i.., best split.
    const score: Array<[number, number]> = Array.from({ length: n + 1 }, () => [0, 0]);
    const end = new Array<number>(n).fill(0);
    for (let i = n - 1; i >= 0; i--) {
      let top: [number, number] | undefined;
      for (const j of rowEnds(i)) {
        const rest = score[j + 1]!;
        const here: [number, number] = [rest[0] + (tabsOf(i, j) === target ? 1 : -1), rest[1] - 1];
        if (!top || here[0] > top[0] || (here[0] === top[0] && here[1] > top[1])) {
          top = here;
          end[i] = j;
        }
      }
      score[i] = top!;
    }
    const goOn = new Array<boolean>(n).fill(false);
    for (let i = 0; i < n; i = end[i]! + 1) for (let k = i; k < end[i]!; k++) goOn[k] = true;
    const s = score[0]!;
    if (!best || s[0] > best.score[0] || (s[0] === best.score[0] && s[1] > best.score[1])) best = { score: s, goOn };
  }
  return best?.goOn ?? [];
}

/**
 * A paragraph whose last sentence ended right at the column edge, followed by
 * a line that opens a quotation: in a file that does not indent its paragraphs,
 * the quotation opens a new paragraph (`…舒心生活。` / `“我们运用…`). Joining
 * them would glue two paragraphs printed apart elsewhere, which then no longer
 * read as copies of them.
 */
function quoteOpensParagraph(open: string, next: string, indents: boolean): boolean {
  return !indents && FULL_STOP_RE.test(open) && opensQuote(open, next);
}

/**
 * The line opens a quotation: it starts with an opening quote, or with a
 * straight quote while the text before has closed all of its straight quotes
 * (otherwise that quote closes the open one: `…目标定位。` / `"刘保新表示。`).
 */
function opensQuote(before: string, line: string): boolean {
  return /^[“「『]/u.test(line) || (line.startsWith('"') && (before.split('"').length - 1) % 2 === 0);
}

/** Characters a quoted term holds at most; a longer quotation is quoted speech. */
const QUOTED_TERM_MAX = 8;

/**
 * After a blank line, a line opening quoted speech starts a paragraph even
 * when the line before reached the column (`…已基本完成` + blank + `"通过近期开展的工作，…`);
 * a quoted term (`“红色网格”党建品牌…`) closes within a few characters and may go on
 * a paragraph the blank line cut.
 */
function opensSpeech(before: string, line: string): boolean {
  if (!opensQuote(before, line)) return false;
  const close = line.slice(1).search(/[”」』"]/u);
  return close < 0 ? [...line].length > QUOTED_TERM_MAX + 1 : close > QUOTED_TERM_MAX;
}

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
  const indented = indentedLines(raw);
  // The column is the mode of display widths, where lines of plain text agree; a line reaches it
  // when its character count does (never less than its display width): a wrap at a character count
  // holds curly quotes, digits, Markdown marks and spaces one to a character (`…巧解“千千结”本` at 19,
  // `### 2 创方法 打好发展“组` / `合拳”` at 16, the spaces counted before the repairs remove them).
  const rawWidth = new Map(raw.map((l) => [l.line, [...l.text.trim()].length]));
  /** Characters of a raw line with its leading tabs: a table row cut by the column may start with a tab. */
  const rawChars = new Map(raw.map((l) => [l.line, [...l.text].length]));
  /** The open table's last line reached the column edge: its row goes on on the next line. */
  let tableRowOpen = false;
  /** Lines (by index) whose table row goes on on the next line (see `tableRowsGoOn`). */
  const rowGoesOn = new Set<number>();
  if (width !== undefined) {
    for (let i = 0; i < lines.length; ) {
      if (!lines[i]!.text.includes('\t') || lines[i]!.text.trim() === '') {
        i++;
        continue;
      }
      const run: number[] = [i];
      const fullAt = (k: number): boolean => isFull(rawChars.get(lines[k]!.line) ?? 0, width);
      while (run.length && i + run.length < lines.length) {
        const k = i + run.length;
        const t = lines[k]!.text;
        if (t.trim() === '' || !(t.includes('\t') || fullAt(k - 1))) break;
        run.push(k);
      }
      const goOn = tableRowsGoOn(run.map((k) => ({ tabs: lines[k]!.text.trim() === '' ? 0 : (lines[k]!.text.match(/\t/gu)?.length ?? 0), full: fullAt(k) })));
      run.forEach((k, j) => goOn[j] && rowGoesOn.add(k));
      i += run.length;
    }
  }
  const blocks: Block[] = [];
  const startsOf = new Map<Block, ReadonlyArray<[number, number]>>();
  let open: Block | undefined;
  /** Last line of the open paragraph was full width: the paragraph may continue. */
  let openFull = false;
  let openLines = 0;
  /** The open paragraph's first line came right after a blank line. */
  let openAfterBlank = false;
  /** The open paragraph's first line came right under a headline line (see `headlineLine`). */
  let openUnderHeadline = false;
  /** Offsets in `open.text` where each source line starts, with its line number. */
  let starts: Array<[offset: number, line: number]> = [];
  let sawBlank = true;
  /** The Markdown heading printed on the line before, while it reaches the column edge: the next headline line continues it. */
  let wrappedHeading: Block | undefined;

  /** `next`: the paragraph line printed after the open block, if the next thing printed is one. */
  const close = (next?: string): void => {
    if (open?.role === 'paragraph') {
      const parts = splitTail(open, starts, next).flatMap((b, i, all) => (i === all.length - 1 && width !== undefined ? splitTrailingByline(b, i === 0 ? starts : []) : [b]));
      if (parts.length === 1 && width !== undefined) startsOf.set(open, starts);
      blocks.push(...parts);
    } else if (open) blocks.push(open);
    open = undefined;
    openFull = false;
    openLines = 0;
    starts = [];
  };
  const widthOf = (l: Line, text: string): number => Math.max(rawWidth.get(l.line) ?? 0, [...text].length);
  /**
   * An opening line counts as full up to three characters early (its lost indent) only
   * when the line after it reads as paragraph text — it reaches the column or carries
   * punctuation — so a short two-line headline group is not taken for a paragraph.
   * `sofar` is the paragraph's text up to and with this line: a byline inside a
   * parenthesis it opened on an earlier line (`本报讯（记者 许` / `廷合 通讯员 冯嘉`) goes on.
   */
  const lineFull = (l: Line, text: string, opening: boolean, next?: Line, sofar = text): boolean => {
    if (ENDS_BLOCK_RE.test(text) || (ENDS_WITH_BYLINE_RE.test(text) && !OPEN_PAREN_RE.test(sofar))) return false;
    const w = widthOf(l, text);
    if (isFull(w, width)) return true;
    if (!opening || !isFull(w, width, true)) return false;
    const after = next?.text.trim() ?? '';
    return after !== '' && (isFull(widthOf(next!, after), width) || /[，。、；：！？,;:]/u.test(after));
  };

  /** The next line with text after line `idx`: what an opening line is followed by once blank lines are skipped. */
  const nextText = (idx: number): Line | undefined => {
    for (let k = idx + 1; k < lines.length; k++) if (lines[k]!.text.trim() !== '') return lines[k];
    return undefined;
  };
  /** The next line with text after line `idx` when it is paragraph text (no heading, case or table line). */
  const nextParagraphLine = (idx: number): string | undefined => {
    const t = nextText(idx)?.text.trim();
    return t === undefined || mdDepth(t) || CASE_HEAD_RE.test(MD_BOLD_LINE_RE.exec(t)?.[1] ?? t) || CASE_FIELD_RE.test(t) || t.includes('\t') ? undefined : t;
  };
  /** Lines already read as the end of the line before (see `boldEnd`). */
  const consumed = new Set<number>();
  for (const [idx, l] of lines.entries()) {
    if (consumed.has(idx)) continue;
    let text = l.text.trim();
    /** Last source line of this line's text. */
    let last = l.line;
    const end = boldEnd(text, lines.slice(idx + 1, idx + 4).map((n) => n.text.trim()));
    if (end.length) {
      text += end.join('');
      last = lines[idx + end.length]!.line;
      end.forEach((_, k) => consumed.add(idx + 1 + k));
    }
    if (text === '') {
      sawBlank = true;
      // A one-line block right under a headline line is the headline group's last line
      // (`选派干部“疫”线` / `历练` / `激励干部实干担当`): the blank after it ends it.
      if (!openFull || open?.role !== 'paragraph' || (openLines < 2 && (openAfterBlank || openUnderHeadline))) close(nextParagraphLine(idx));
      continue;
    }
    // An indented line opens a paragraph, as a blank line before it would.
    if (indented.has(l.line) && !sawBlank) {
      close(text);
      sawBlank = true;
    }
    const heading = mdDepth(text);
    // `### ——魏都区城市基层党建工作的探索` / `与实践`: a heading the column cut goes on, without its marks, on the next line.
    // A rest that cannot open a sentence (`## 激活“红色动能` / `”，助推城市发展`), closes a quote the
    // heading opened, or finishes a word it cut (`## 激活“红色动` / `能”，…`) goes on even with a comma in it.
    const unclosed = (t: string): boolean => (t.match(/[“‘「『]/gu)?.length ?? 0) > (t.match(/[”’」』]/gu)?.length ?? 0);
    const headingRest =
      headlineLine(text, 1) || (!/[。；！？]/u.test(text) && displayWidth(text) <= 32 && wrappedHeading !== undefined && (NEVER_OPENS_RE.test(text) || unclosed(wrappedHeading.text) || wordSpansCut(wrappedHeading.text, text)));
    if (wrappedHeading && !sawBlank && !heading && headingRest && !OPENS_BLOCK_RE.test(text) && !CASE_FIELD_RE.test(text) && !text.includes('\t')) {
      wrappedHeading.text += text;
      wrappedHeading.to = l.line;
      if (!isFull(widthOf(l, text), width)) wrappedHeading = undefined;
      continue;
    }
    wrappedHeading = undefined;
    // A one-line headline after a blank line and a subtitle under it: the subtitle is a block of its own and ends at the blank after it.
    const paired = open?.role === 'paragraph' && openLines === 1 && openAfterBlank && !sawBlank ? headlinePair(open.text, text, lines[idx + 1]?.text.trim() ?? '', /[ \u3000]$/u.test(raw[idx - 1]?.text ?? '') || /^[ \u3000]/u.test(raw[idx]?.text ?? '') || cutPhrase(raw[idx - 1]?.text ?? '')) : undefined;
    const pair = paired === 'apart';
    const caseHead = CASE_HEAD_RE.exec(MD_BOLD_LINE_RE.exec(text)?.[1] ?? text);
    if (heading) {
      close();
      const section: Block = { file: l.file, from: l.line, to: last, role: 'section', text: heading.text, depth: heading.depth };
      blocks.push(section);
      // A closed bold line (`**…**`) is whole; a `#` heading that reaches the column may go on.
      if (!MD_BOLD_LINE_RE.test(text) && isFull(widthOf(l, text), width)) wrappedHeading = section;
    } else if (caseHead) {
      close();
      open = { file: l.file, from: l.line, to: last, role: 'case', text: MD_BOLD_LINE_RE.exec(text)?.[1] ?? text };
    } else if (CASE_FIELD_RE.test(text)) {
      if (open?.role === 'case') {
        open.text += '\n' + text;
        open.to = l.line;
      } else {
        close();
        open = { file: l.file, from: l.line, to: l.line, role: 'case', text };
      }
    } else if (open?.role === 'table' && tableRowOpen && !sawBlank) {
      // A table row the column cut goes on, as it was printed, on the next line: one row, one line.
      tableRowOpen = rowGoesOn.has(idx);
      open.text += rowText(l.text, tableRowOpen, false);
      open.to = l.line;
    } else if (text.includes('\t')) {
      if (open?.role !== 'table') close();
      tableRowOpen = rowGoesOn.has(idx);
      if (open) {
        open.text += '\n' + rowText(l.text, tableRowOpen, true);
        open.to = l.line;
      } else open = { file: l.file, from: l.line, to: l.line, role: 'table', text: rowText(l.text, tableRowOpen, true) };
    } else if (
      open?.role === 'paragraph' &&
      ((openFull && !OPENS_BLOCK_RE.test(text) && !(sawBlank && (SENTENCE_END_RE.test(open.text) || OPENS_ITSELF_RE.test(text) || opensSpeech(open.text, text))) && !pair && !quoteOpensParagraph(open.text, text, indented.size > 0)) ||
        (!sawBlank && width !== undefined && (lineFull(l, text, false, undefined, open.text + text) || SENTENCE_END_RE.test(text) || /[，、,]$/u.test(open.text)) && runsOn(open.text, text)) ||
        (!sawBlank && isFull(rawWidth.get(open.to) ?? 0, width, true) && cutName(open.text, text)))
    ) {
      // `本报记者 付家宝 通讯员` + `胡月`: a byline keeps the space between a role and its name.
      if (/(?:记者|通讯员)$/u.test(open.text) && cutName(open.text, text)) open.text += ' ';
      // `本报记者 付家宝通` + `讯员 胡月`: the role word keeps its space before it.
      const role = cutRole(open.text, text);
      if (role > 0 && !/\s$/u.test(open.text.slice(0, -role))) open.text = `${open.text.slice(0, -role)} ${open.text.slice(-role)}`;
      starts.push([open.text.length, l.line]);
      open.text += text;
      // …and the name its space after it.
      if (role > 0) open.text = open.text.replace(/(记者|通讯员|实习生)\s*(\p{Script=Han}{2,4})$/u, '$1 $2');
      open.to = l.line;
      openLines++;
      // A line that opens a new sentence may be a headline wrapped in the column (see splitTail).
      openFull = paired !== 'tail' && lineFull(l, text, SENTENCE_END_RE.test(open.text.slice(0, -text.length)), nextText(idx), open.text);
    } else if (open?.role === 'case' && !sawBlank && !CASE_HEAD_RE.test(text)) {
      // A case field wrapped onto a following line.
      open.text += text;
      open.to = l.line;
    } else {
      // `…解难题本报` + `记者 孙江锋`: the column cut the byline's 本报 off onto the line before.
      const cut = !sawBlank && open?.role === 'paragraph' && /^(?:记者|通讯员)/u.test(text) && OPENS_BLOCK_RE.test(text) && /.本报$/u.test(open.text);
      const carried = cut ? '本报' : '';
      if (cut) open!.text = open!.text.slice(0, -carried.length);
      close(carried + text);
      open = { file: l.file, from: cut ? l.line - 1 : l.line, to: l.line, role: 'paragraph', text: carried + text };
      starts = [[0, open.from]];
      openAfterBlank = sawBlank;
      const above = blocks.at(-1);
      openUnderHeadline = !sawBlank && above?.role === 'paragraph' && above.to === l.line - 1 && headlineLine(above.text) && headlineLine(text);
      openLines = 1;
      openFull = !pair && lineFull(l, text, true, nextText(idx), open.text);
    }
    sawBlank = false;
  }
  close();
  return startsOf.size ? splitAtReprints(splitGluedHeadlines(blocks, startsOf), startsOf) : blocks;
}
