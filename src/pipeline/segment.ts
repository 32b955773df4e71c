/**
 * Pass 5 — split a file's blocks into article drafts. A headline group (1–3
 * consecutive heading blocks, optionally followed by a byline) opens an
 * article; Markdown `#`/`##` headings always do. A headline printed after its
 * body (common in these layouts) is moved back to the body it belongs to.
 */
import { partsOf } from './reassemble.ts';
import type { Block, Draft } from './types.ts';

/** A paragraph that opens a news item with its own dateline byline. */
const NEWS_OPENING_RE = /^本报讯/u;
/** Sections that open a digest of short items. */
const DIGEST_RE = /要闻|简讯|快讯|短讯|动态$/u;

type Item = { kind: 'head'; blocks: Block[] } | { kind: 'body'; blocks: Block[]; continued?: boolean };

const isHeading = (b: Block): boolean => b.role === 'title' || (b.role === 'section' && (b.depth ?? 9) <= 2);
/** A body block that opens a new item whatever precedes it. */
const opensItem = (b: Block): boolean => b.role === 'paragraph' && NEWS_OPENING_RE.test(b.text);

/**
 * Each credited photo is an item of its own: a caption printed after a run of
 * captions (and nothing else) starts a new body rather than joining them.
 * A caption printed after text still joins that text.
 */
const separatePhoto = (body: readonly Block[], b: Block): boolean => b.role === 'caption' && body.every((x) => x.role === 'caption');

/** Cut the block stream into headline groups and bodies. */
function items(blocks: readonly Block[]): Item[] {
  const out: Item[] = [];
  let afterMarker = false;
  for (const b of blocks) {
    if (b.role === 'marker') {
      // `（上接第一版）`: what follows continues an article from another page.
      afterMarker = true;
      continue;
    }
    const last = out.at(-1);
    const heading = isHeading(b) || (b.role === 'section' && DIGEST_RE.test(b.text));
    // A subtitle (`——…`) or a byline right after a headline belongs to the headline.
    const joinsHead = last?.kind === 'head' && (b.role === 'byline' || (b.role === 'section' && b.text.startsWith('——')));
    const headHasByline = last?.kind === 'head' && last.blocks.some((x) => x.role === 'byline');
    if (heading && last?.kind === 'head' && !headHasByline && last.blocks.length < 3 && last.blocks.every(isHeading)) last.blocks.push(b);
    else if (joinsHead) last.blocks.push(b);
    else if (heading) out.push({ kind: 'head', blocks: [b] });
    else if (last?.kind === 'body' && !opensItem(b) && !afterMarker && !(b.role === 'paragraph' && last.blocks.at(-1)!.role === 'case') && !separatePhoto(last.blocks, b)) last.blocks.push(b);
    else out.push({ kind: 'body', blocks: [b], ...(afterMarker ? { continued: true } : {}) });
    afterMarker = false;
  }
  return out;
}

const ENDS_SENTENCE_RE = /[。！？…”’）」』]$/u;
const DATELINE_OPENING_RE = /^(?:本报讯|(?:\d{4}年)?\d{1,2}月\d{1,2}日)/u;

/** Score of a headline group heading the body printed after it. */
function forwardScore(body: Item): number {
  const first = body.blocks[0]!;
  return 1 + (DATELINE_OPENING_RE.test(first.text) || first.role === 'byline' ? 0.5 : 0);
}

/** Score of a headline group printed after its body (common in these layouts). */
function backwardScore(body: Item, head: Item): number {
  // Markdown headings and digest labels always precede what they head.
  if (head.blocks.some((b) => b.role === 'section')) return -Infinity;
  const last = body.blocks.at(-1)!;
  return 0.8 + (head.blocks.at(-1)!.role === 'byline' ? 0.6 : 0) + (ENDS_SENTENCE_RE.test(last.text) ? 0 : -1);
}

/** Cost of a body left without a headline: small for photo captions, which often stand alone. */
function orphanScore(body: Item): number {
  return body.blocks.every((b) => b.role === 'caption' || b.role === 'byline') ? -0.3 : -2;
}
const ALONE_HEAD = -1.5;
const SWITCH = -0.3;

type Choice = 'fwd' | 'back' | 'alone';

/**
 * Decide, for every headline group at once, whether it heads the body after
 * it, the body before it, or stands alone: a dynamic programme over the item
 * sequence maximising the summed attachment scores (each body takes at most
 * one headline; bodies left without one and changes of layout direction cost).
 */
export function assign(list: readonly Item[]): Choice[] {
  const n = list.length;
  // State (i, prevFree, dir): best score from item i on, given whether the body
  // before i is still without a headline and the direction of the last attachment.
  // Filled bottom-up with back-pointers, so long files need neither deep recursion
  // nor a copy of the choice list per state.
  const DIRS = ['', 'fwd', 'back'] as const;
  type Dir = (typeof DIRS)[number];
  const slot = (i: number, prevFree: boolean, dir: Dir): number => (i * 2 + (prevFree ? 1 : 0)) * 3 + DIRS.indexOf(dir);
  const score = new Float64Array((n + 1) * 6);
  const choice: Array<Choice | undefined> = new Array((n + 1) * 6);
  const nextState = new Int32Array((n + 1) * 6).fill(-1);

  for (let i = n - 1; i >= 0; i--) {
    const item = list[i]!;
    for (const prevFree of [false, true]) {
      for (const dir of DIRS) {
        const at = slot(i, prevFree, dir);
        if (item.kind === 'body') {
          // The body's own orphan cost is paid when the next item is not a headline
          // that could take it backwards; otherwise that headline's decision pays it.
          const to = slot(i + 1, true, dir);
          score[at] = score[to]! + (list[i + 1]?.kind === 'head' ? 0 : orphanScore(item));
          nextState[at] = to;
          continue;
        }
        const prev = list[i - 1];
        const next = list[i + 1];
        const prevOrphan = prev?.kind === 'body' && prevFree ? orphanScore(prev) : 0;
        const options: Array<{ score: number; choice: Choice; to: number }> = [];
        if (prev?.kind === 'body' && prevFree) {
          const s = backwardScore(prev, item);
          const to = slot(i + 1, false, 'back');
          if (s > -Infinity) options.push({ score: s + (dir === 'fwd' ? SWITCH : 0) + score[to]!, choice: 'back', to });
        }
        if (next?.kind === 'body') {
          // A forward-headed body is never free for a later head printed after it.
          const to = slot(i + 2, false, 'fwd');
          options.push({ score: forwardScore(next) + (dir === 'back' ? SWITCH : 0) + prevOrphan + score[to]!, choice: 'fwd', to });
        }
        const to = slot(i + 1, false, dir);
        options.push({ score: ALONE_HEAD + prevOrphan + score[to]!, choice: 'alone', to });
        const pick = options.reduce((a, b) => (b.score > a.score ? b : a));
        score[at] = pick.score;
        choice[at] = pick.choice;
        nextState[at] = pick.to;
      }
    }
  }

  const choices: Choice[] = [];
  for (let at = slot(0, false, ''); at >= 0 && Math.floor(at / 6) < n; at = nextState[at]!) {
    const c = choice[at];
    if (c) choices.push(c);
  }
  return choices;
}

function attach(list: Item[], file: readonly string[]): Draft[] {
  const choices = assign(list);
  const heads = list.map((it, i) => (it.kind === 'head' ? i : -1)).filter((i) => i >= 0);
  const headOf = new Map<number, Block[]>();
  const alone = new Set<number>();
  heads.forEach((h, k) => {
    const c = choices[k]!;
    if (c === 'fwd') headOf.set(h + 1, list[h]!.blocks);
    else if (c === 'back') headOf.set(h - 1, list[h]!.blocks);
    else alone.add(h);
  });
  const drafts: Array<{ head?: Block[]; body: Block[]; continued?: boolean }> = [];
  list.forEach((it, i) => {
    if (it.kind === 'body') {
      const head = headOf.get(i);
      drafts.push({ ...(head ? { head } : {}), body: it.blocks, ...(it.continued ? { continued: true } : {}) });
    } else if (alone.has(i)) drafts.push({ head: it.blocks, body: [] });
  });
  return drafts.map((d) => ({ file: (d.head ?? d.body)[0]!.file, blocks: [...labelHead(mergeEchoedLines(d.head ?? [], d.body, file)), ...d.body], ...(d.continued ? { continued: true } : {}) }));
}

/** A byline naming a reporter (not a photo credit): what a feature prints under its headline or at its start. */
const REPORTER_BYLINE_RE = /记者|通讯员/u;
/** Paragraphs that open a piece of news of its own. */
const OWN_OPENING_RE = /^本报讯|^[（(]?(?:新华社|本报)/u;

/** A feature: a reporter's byline of its own, no 本报讯 dateline, several paragraphs. */
function isFeature(d: Draft): boolean {
  const body = d.blocks.filter((b) => b.role === 'paragraph');
  return d.blocks.some((b) => b.role === 'byline' && REPORTER_BYLINE_RE.test(b.text) && !/摄$/u.test(b.text)) && !body.some((b) => OWN_OPENING_RE.test(b.text)) && body.length >= 4;
}

/**
 * A headline of phrases (`一条短信 立马解决问题`) printed inside a long feature
 * heads one of its sections, not an article: when the text under it has no
 * byline, photo credit or 本报讯 dateline of its own and the article before
 * it is a feature, the headline becomes a section heading of that feature.
 */
export function foldSections(drafts: readonly Draft[]): Draft[] {
  const out: Draft[] = [];
  for (const d of drafts) {
    const prev = out.at(-1);
    const head = d.blocks.filter((b) => b.role === 'title' || b.role === 'kicker' || b.role === 'subtitle' || b.role === 'byline');
    const title = d.blocks[0];
    const body = d.blocks.slice(head.length);
    const phrases = title?.role === 'title' && head.length === 1 && /^\S{2,}(?: \S{2,})+$/u.test(title.text);
    const ownVoice = body.some((b) => b.role === 'byline' || b.role === 'caption' || (b.role === 'paragraph' && OWN_OPENING_RE.test(b.text)));
    if (prev && phrases && body.length > 0 && !ownVoice && !d.continued && prev.file === d.file && isFeature(prev)) {
      out[out.length - 1] = { ...prev, blocks: [...prev.blocks, { ...title, role: 'section', depth: 2 }, ...body] };
    } else out.push(d);
  }
  return out;
}

/**
 * A section heading put as a question and its answer (`小区事务谁当家？居民议事会！`, on
 * one line or wrapped by the column):
 * two short clauses, the first asking, the second answering or asking again,
 * with no other punctuation. Sentence punctuation keeps it from reading as a
 * headline, so classify leaves it a paragraph.
 */
export const QA_HEADING_RE = /^[^\s，、。；：,;:“”"‘’'（）()！？!?]{3,12}[？?][^\s，、。；：,;:“”"‘’'（）()！？!?]{2,12}[！？!?]$/u;

/**
 * Inside a feature, a one-line question-and-answer paragraph standing between
 * paragraphs heads a section, like the phrase headlines folded into it.
 */
function questionSections(d: Draft): Draft {
  if (!isFeature(d)) return d;
  const blocks = d.blocks.map((b, i) => {
    const before = d.blocks[i - 1];
    const after = d.blocks[i + 1];
    const between = before && after && after.role === 'paragraph' && (before.role === 'paragraph' || before.role === 'byline');
    return b.role === 'paragraph' && !b.parts && between && QA_HEADING_RE.test(b.text) ? { ...b, role: 'section' as const, depth: 2 } : b;
  });
  return { ...d, blocks };
}

/** Han characters and word characters only: what two printings of a phrase share. */
const bare = (text: string): string => text.replace(/[^\p{Script=Han}\p{L}\p{N}]/gu, '');

/** How often the file's text must repeat a four-character phrase cut by a headline's line break. */
const REPEATED_PHRASE = 2;

/** Occurrences of a phrase in paragraphs' bare text (never across two paragraphs). */
const occurrences = (paragraphs: readonly string[], phrase: string): number => paragraphs.reduce((n, t) => n + bare(t).split(phrase).length - 1, 0);

/**
 * One headline wrapped onto two lines, not a headline and its subtitle: the
 * article's text repeats the words across the line break (`…全区重点项目` /
 * `要素保障第7次工作例会` over a lede that reads `…重点项目要素保障第7次…`).
 * The lede of a report restates its headline, so the echo of the junction —
 * up to four characters either side, at least six in all — is the evidence.
 * So is a phrase the break cuts that the file's paragraphs (`file`, the
 * article's own by default) use again and again: `…助力人居` / `环境“美”起来`
 * over text about 人居环境, a phrase jieba's dictionary lacks.
 */
export function echoedJunction(first: string, second: string, body: string, file: readonly string[] = [body]): boolean {
  const a = bare(first).slice(-4);
  const b = bare(second).slice(0, 4);
  if (a.length >= 2 && b.length >= 2 && a.length + b.length >= 6 && bare(body).includes(a + b)) return true;
  const phrase = a.slice(-2) + b.slice(0, 2);
  return phrase.length === 4 && occurrences(file, phrase) >= REPEATED_PHRASE;
}

/** Merge consecutive headline lines whose junction the body echoes (see `echoedJunction`); `file`: the file's paragraphs. */
function mergeEchoedLines(head: Block[], body: readonly Block[], file: readonly string[]): Block[] {
  const text = body.filter((b) => b.role === 'paragraph').map((b) => b.text).join('');
  if (!text) return head;
  const out: Block[] = [];
  for (const b of head) {
    const prev = out.at(-1);
    if (prev && prev.role === 'title' && b.role === 'title' && !b.text.startsWith('——') && echoedJunction(prev.text, b.text, text, file)) {
      out[out.length - 1] = { ...prev, text: prev.text + b.text, from: Math.min(prev.from, b.from), to: Math.max(prev.to, b.to), parts: [...partsOf(prev), ...partsOf(b)] };
    } else out.push(b);
  }
  return out;
}

/** Name the parts of a headline group: 引题 / 主题 / 副题. */
export function labelHead(head: Block[]): Block[] {
  // `主题 ——记…` printed on one line: the dash opens the subtitle.
  const split = head.flatMap((b) => {
    const m = b.role !== 'byline' && head.filter((x) => x.role !== 'byline').length === 1 ? /^(.{4,}?)\s*(——.{2,})$/u.exec(b.text) : null;
    return m ? [{ ...b, text: m[1]! }, { ...b, text: m[2]! }] : [b];
  });
  const lines = split.filter((b) => b.role !== 'byline');
  const rest = split.filter((b) => b.role === 'byline');
  const roles: Array<Block['role']> =
    lines.length === 1
      ? ['title']
      : lines.length === 2
        ? lines[1]!.text.startsWith('——') || !/(?:要求|强调|指出|表示|时说|[区县市镇乡街道])$/u.test(lines[0]!.text)
          ? ['title', 'subtitle']
          : ['kicker', 'title']
        : ['kicker', 'title', 'subtitle'];
  return [...lines.map((b, i) => ({ ...b, role: roles[i]!, text: b.text.replace(/^——\s*/u, '') })), ...rest];
}

export function segment(blocks: readonly Block[]): Draft[] {
  const paragraphs = blocks.filter((b) => b.role === 'paragraph').map((b) => b.text);
  return foldSections(attach(items(blocks), paragraphs).filter((d) => d.blocks.length > 0)).map(questionSections);
}
