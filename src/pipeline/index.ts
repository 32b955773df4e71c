/**
 * The ingest pipeline as one pure function: raw files in, articles and a
 * report out. No file-system access here (scripts/ingest.ts does that), so
 * every pass — and the whole chain — is testable on plain data.
 *
 *   bytes → decode → repair lines → reflow → classify → segment
 *         → dedupe → describe → validate (zod) → Markdown + report
 */
import { Article } from '../shared/schema.ts';
import { countHan, squeeze } from '../shared/han.ts';
import { copiesAgree, mergeCaseCopies, withoutLines } from './cases.ts';
import { classify } from './classify.ts';
import { decode, type DecodeIssue, type Encoding } from './decode.ts';
import { articleId, dateInFileName, describe, fileYearWithSource, parseCase, type FileContext } from './describe.ts';
import { DuplicateIndex, dedupeBlocks, dedupedChars } from './dedupe.ts';
import { partsOf, reassemble } from './reassemble.ts';
import { CASE_HEAD_RE, reflow } from './reflow.ts';
import { AFTER_REASSEMBLY_PASSES, BEFORE_REASSEMBLY_PASSES, LINE_PASSES, PARAGRAPH_PASSES, runPasses, type TextPass } from './repair/index.ts';
import { renderArticle, renderBody } from './render.ts';
import { foldTraditional, unfoldDeep, unfoldText, type Unfold } from './script.ts';
import { segment } from './segment.ts';
import type { Block, Built, Draft, Line, Removal } from './types.ts';

/** Optional per-file metadata a user can put beside a raw file as `NAME.meta.json`. */
export interface Sidecar {
  source?: string;
  date?: string;
}

export interface CorpusFile {
  /** Path relative to the corpus folder, with forward slashes. */
  name: string;
  bytes: Uint8Array;
  sidecar?: Sidecar;
}

export interface FileIssue extends DecodeIssue {
  line?: number;
}

export interface FileReport {
  file: string;
  bytes: number;
  encoding: Encoding;
  repairedFrom?: string;
  lines: number;
  articles: string[];
  issues: FileIssue[];
  repairs: Repair[];
  /** Han characters in the decoded input, and where each went. */
  accounting: { input: number; inArticles: number; removed: number; balanced: boolean };
}

export interface Report {
  version: 1;
  totals: { files: number; skippedFiles: number; articles: number; removedSpans: number; duplicateArticles: number; balanced: boolean };
  files: FileReport[];
  removed: Removal[];
  /** Articles that had no text of their own left: id → the article holding their text. */
  duplicateArticles: Array<{ file: string; from: number; to: number; title: string; duplicateOf: string }>;
}

export interface IngestResult {
  articles: Array<Built & { markdown: string }>;
  report: Report;
}

/** Split decoded text into numbered lines (CRLF, CR and LF all end a line). */
export function toLines(file: string, text: string): Line[] {
  return text.split(/\r\n|\r|\n/u).map((t, i) => ({ file, line: i + 1, text: t }));
}

/** A block whose text a repair pass changed, and which passes did. */
export interface Repair {
  file: string;
  from: number;
  to: number;
  passes: string[];
  /** Han characters added (+) or removed (−) by the repair, e.g. `etc` → 等. */
  hanDelta: number;
}

/** Lines → classified blocks for one file (repair, reflow, classify). */
export function blocksOf(lines: readonly Line[]): { blocks: Block[]; repairs: Repair[] } {
  const repairs: Repair[] = [];
  const repairedLines = lines.map((l) => {
    const { text, names: passes } = runNamed(l.text, LINE_PASSES);
    if (passes.length) repairs.push({ file: l.file, from: l.line, to: l.line, passes, hanDelta: countHan(text) - countHan(l.text) });
    return { ...l, text };
  });
  const repaired = (passes: ReadonlyArray<[string, TextPass]>) => (b: Block): Block => {
    if (b.role === 'table') return b;
    const { text, names } = runNamed(b.text, passes);
    if (names.length) repairs.push({ file: b.file, from: b.from, to: b.to, passes: names, hanDelta: countHan(text) - countHan(b.text) });
    return { ...b, text };
  };
  const blocks = reflow(repairedLines, lines).map(repaired(BEFORE_REASSEMBLY_PASSES));
  const byLine = new Map(lines.map((l) => [l.line, l.text]));
  // Lines in file order (as toLines gives them): each block's own lines are found by bisection, not by a pass over the file.
  const ordered = lines.every((l, i) => i === 0 || lines[i - 1]!.line < l.line);
  const withJoins = blocks.map((b) => withColumnJoins(b, ordered ? linesBetween(lines, b.from, b.to) : lines));
  // Quotes are paired once fragments are joined: a quotation cut across two fragments pairs up again.
  const whole = reassemble(withJoins).map(repaired(AFTER_REASSEMBLY_PASSES));
  // A headline wrapped onto several lines is read from its lines joined (`关爱特殊人群 举办文化` / `艺术节`).
  // A line break on a phrase space (a raw line ending or opening with it) keeps the space.
  const rawOf = (b: Block): string =>
    b.from === b.to
      ? (byLine.get(b.from) ?? '')
      : Array.from({ length: b.to - b.from + 1 }, (_, i) => byLine.get(b.from + i) ?? '')
          .map((t, i, all) => (i > 0 && (/[ \u3000]$/u.test(all[i - 1]!) || /^[ \u3000]/u.test(t)) ? ' ' : '') + t.trim())
          .join('');
  return { blocks: classify(whole).map((b) => keepHeadlineSpaces(b, rawOf(b))), repairs };
}

/** The lines numbered from…to of lines in ascending order of number: what filtering them by number keeps. */
export function linesBetween(lines: readonly Line[], from: number, to: number): readonly Line[] {
  // Index of the first line for which `past` holds (it holds for every line after it too).
  const first = (past: (line: number) => boolean): number => {
    let lo = 0;
    let hi = lines.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (past(lines[mid]!.line)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const start = first((n) => n >= from);
  return lines.slice(start, Math.max(start, first((n) => n > to)));
}

/**
 * Record where the raw lines of a paragraph had a space between two pieces of
 * text: the points where extraction joined narrow-column lines. Positions
 * count Han characters from the end of the block (see `Block.joins`).
 */
export function withColumnJoins(b: Block, raw: readonly Line[]): Block {
  if (b.role !== 'paragraph') return b;
  const lines = raw.filter((l) => l.line >= b.from && l.line <= b.to).map((l) => l.text);
  const texts = lines.map((t) => t.trim());
  const total = texts.reduce((n, t) => n + countHan(t), 0);
  if (total !== countHan(b.text)) return b;
  const joins: number[] = [];
  let before = 0;
  for (const [k, t] of texts.entries()) {
    for (const m of t.matchAll(/\S[ \u3000]+(?=\S)/gu)) {
      const at = before + countHan(t.slice(0, m.index + 1));
      if (at > 0 && at < total) joins.push(total - at);
    }
    before += countHan(t);
    // A hard wrap that fell on the space of a column join leaves it at a line's end or start.
    if (k + 1 < texts.length && (/[ \u3000]$/u.test(lines[k]!) || /^[ \u3000]/u.test(lines[k + 1]!)) && before > 0 && before < total) joins.push(total - before);
  }
  return joins.length ? { ...b, joins: [...new Set(joins)] } : b;
}

/**
 * Spaces in a headline separate its phrases (`统筹整合资源 培育名牌项目`) and
 * are kept as one space; a case heading keeps the space before 受理编号.
 * Column-join spaces inside body text were removed by the repairs.
 */
export function keepHeadlineSpaces(b: Block, raw: string): Block {
  if (b.role === 'case') return { ...b, text: b.text.replace(/^([一二三四五六七八九十百]+、\S+?)\s*受理编号/u, '$1 受理编号') };
  if (!['title', 'section', 'kicker', 'subtitle'].includes(b.role)) return b;
  const bare = raw.trim().replace(/^#{1,6}\s*|\s*#*$/gu, '').replace(/^\*\*(.*)\*\*$/u, '$1').trim();
  const parts = bare.split(/[ \u3000]+/u);
  if (parts.length < 2 || !parts.every((p) => countHan(p) >= 2 || /^\d+$/u.test(p))) return b;
  const text = parts.map((p) => runPasses(p, PARAGRAPH_PASSES)).join(' ');
  return squeeze(text) === squeeze(b.text) ? { ...b, text } : b;
}

/** The chain's result (as `runPasses`) and the names of the passes that changed the text, from one run. */
function runNamed(text: string, passes: ReadonlyArray<[string, TextPass]>): { text: string; names: string[] } {
  const names: string[] = [];
  let t = text;
  for (const [name, pass] of passes) {
    const next = pass(t);
    if (next !== t) names.push(name);
    t = next;
  }
  return { text: t, names };
}

/**
 * One file after the per-file passes (decode … segment): plain data, so it can
 * come back from a worker thread or from the ingest cache. Holds the file's
 * name but not its bytes.
 */
export interface FileWork {
  file: { name: string };
  report: FileReport;
  drafts: Draft[];
  ctx: FileContext;
  removed: Removal[];
  /** For a traditional-script file analysed in simplified script: how to put its characters back (see script.ts). */
  unfold?: Unfold;
}

/** The per-file passes: depend on this file alone (see assemble for the corpus-wide ones). */
export function prepare(file: CorpusFile): FileWork {
  const decoded = decode(file.bytes);
  // Traditional-script text is analysed in its simplified shadow and unfolded in assemble.
  const folded = foldTraditional(decoded.text);
  const lines = toLines(file.name, folded?.text ?? decoded.text);
  const issues: FileIssue[] = [...decoded.issues];
  lines.forEach((l) => {
    if (l.text.includes('\uFFFD')) issues.push({ line: l.line, message: `line ${l.line} holds undecodable bytes (shown as U+FFFD)` });
  });
  const { blocks, repairs } = blocksOf(lines);
  const removed: Removal[] = blocks
    .filter((b) => b.role === 'marker')
    .map((b) => ({ file: b.file, from: b.from, to: b.to, reason: 'marker' as const, text: b.text, note: 'continuation marker' }));
  const ctx: FileContext = {
    file: file.name,
    source: file.sidecar?.source ?? file.name.replace(/\.[^.]+$/u, ''),
    ...issueDate(file),
    ...yearOf(folded?.text ?? decoded.text),
    pageHeadings: blocks.filter((b) => b.role === 'section' && b.depth === 1).map((b) => b.text),
  };
  return {
    file: { name: file.name },
    ctx,
    removed,
    drafts: segment(blocks),
    ...(folded ? { unfold: folded.unfold } : {}),
    report: {
      file: file.name,
      bytes: file.bytes.length,
      encoding: decoded.encoding,
      ...(decoded.repairedFrom ? { repairedFrom: decoded.repairedFrom } : {}),
      lines: decoded.text === '' ? 0 : lines.length,
      articles: [],
      issues,
      repairs,
      // Repairs that change the Han count (etc → 等) are part of the expected total.
      accounting: { input: countHan(decoded.text) + repairs.reduce((n, r) => n + r.hanDelta, 0), inArticles: 0, removed: 0, balanced: false },
    },
  };
}

export function ingest(files: readonly CorpusFile[]): IngestResult {
  return assemble(files.map(prepare));
}

/** The corpus-wide passes over prepared files: ids, bulletin cases, dedupe, describe, render, accounting. */
export function assemble(prepared: readonly FileWork[]): IngestResult {
  const work = [...prepared].sort((a, b) => (a.file.name < b.file.name ? -1 : a.file.name > b.file.name ? 1 : 0));
  const index = new DuplicateIndex(undefined, dedupedChars(work.flatMap((w) => w.drafts.flatMap((d) => d.blocks))));
  const assembled: Array<{ data: Article; body: string; blocks: Block[] }> = [];
  const removed: Removal[] = [];
  const duplicateArticles: Report['duplicateArticles'] = [];
  const unfolds = new Map(prepared.filter((w) => w.unfold).map((w) => [w.file.name, new Map(w.unfold)]));

  // Ids first (they depend only on each draft's own text), so case copies can point at their keeper.
  const ids = new Map<Draft, string>();
  const taken = new Set<string>();
  for (const w of work) {
    for (const draft of w.drafts) {
      let id = articleId(draft.blocks);
      // Same opening text twice in a corpus: make the later id distinct but still content-derived.
      for (let n = 2; taken.has(id); n++) id = articleId(draft.blocks, `#${n}`);
      ids.set(draft, id);
      taken.add(id);
    }
  }
  const caseCopies = chooseCases(work.flatMap((w) => w.drafts.flatMap((d) => d.blocks.map((b) => ({ block: b, owner: ids.get(d)! })))));
  // Copies of a case are merged field by field into the kept copy.
  const mergedCase = new Map<Block, { block: Block; dropped: string }>();
  const copyLeft = new Map<Block, string>();
  const keepers = new Map<Block, Block[]>();
  for (const [copy, k] of caseCopies) keepers.set(k.block, [...(keepers.get(k.block) ?? []), copy]);
  for (const [keeper, copies] of keepers) {
    const m = mergeCaseCopies(keeper.text, copies.map((c) => c.text));
    copies.forEach((c, i) => copyLeft.set(c, withoutLines(c.text, m.given[i]!)));
    if (m.merged === keeper.text) continue;
    const parts = [...partsOf(keeper), ...copies.filter((_, i) => m.given[i]!.length).flatMap((c) => partsOf(c))];
    mergedCase.set(keeper, { block: { ...keeper, text: m.merged, parts }, dropped: m.dropped.join('\n') });
  }

  // Duplicate text is kept in the longest article that holds it (a repeated
  // section belongs with the whole article, not with a stray copy): decide in
  // order of article length, then assemble in reading order.
  const decided = new Map<Draft, { kept: Block[]; gone: Removal[] }>();
  const all = work.flatMap((w) => w.drafts);
  const size = (d: Draft): number => d.blocks.reduce((n, b) => n + countHan(b.text), 0);
  const byLength = all.map((d, i) => ({ d, i, n: size(d) })).sort((a, b) => b.n - a.n || a.i - b.i);
  const draftOf = new Map(all.map((d) => [ids.get(d)!, d]));
  for (const { d: draft } of byLength) {
    const id = ids.get(draft)!;
    const gone: Removal[] = [];
    const own = draft.blocks.flatMap((b) => {
      const merged = mergedCase.get(b);
      if (merged) {
        if (merged.dropped) gone.push({ file: b.file, from: b.from, to: b.to, reason: 'near-duplicate', text: merged.dropped, keptIn: id, note: 'bulletin case field replaced by a fuller printing of it in another copy' });
        return [merged.block];
      }
      if (b.role === 'case' && !CASE_HEAD_RE.test(b.text.split('\n')[0]!)) {
        // Field lines whose case heading could not be found: reported, not shown under the wrong case.
        gone.push({ file: b.file, from: b.from, to: b.to, reason: 'noise', text: b.text, note: 'orphan bulletin case fields: printed without a case heading, and no case they could complete was found' });
        return [];
      }
      const keeper = caseCopies.get(b);
      if (!keeper) return [b];
      const left = copyLeft.get(b) ?? b.text;
      const gave = left === b.text ? '' : '; the fields it alone printed were merged into that copy';
      gone.push({ file: b.file, from: b.from, to: b.to, reason: 'duplicate', text: left, keptIn: keeper.owner, note: `bulletin case ${keeper.caseNumber}: the most complete copy is kept at ${keeper.block.file}:${keeper.block.from}${gave}` });
      return [];
    });
    const dd = dedupeBlocks(own, id, index);
    gone.push(...dd.removed);
    decided.set(draft, { kept: dd.kept, gone });
    // A paragraph kept earlier that this article prints in full (the earlier copy was cut short) gives way.
    for (const { block, owner } of dd.replaced) {
      const earlier = decided.get(draftOf.get(owner)!);
      if (!earlier || !earlier.kept.includes(block)) continue;
      earlier.kept = earlier.kept.filter((b) => b !== block);
      earlier.gone.push({ file: block.file, from: block.from, to: block.to, reason: 'near-duplicate', text: block.text, keptIn: id, note: 'a shorter copy, cut short, of a paragraph printed in full in the article it is kept in' });
    }
  }

  for (const w of work) {
    removed.push(...w.removed);
    for (const draft of w.drafts) {
      const id = ids.get(draft)!;
      const { kept, gone } = decided.get(draft)!;
      removed.push(...gone);
      // Every block went to the removed list (e.g. orphan case fields): no article, nothing lost.
      if (kept.length === 0) continue;
      const hasText = kept.some((b) => !['title', 'kicker', 'subtitle', 'byline', 'section'].includes(b.role));
      if (!hasText) {
        const owner = gone[0]?.keptIn;
        if (owner) {
          duplicateArticles.push({ file: w.file.name, from: draft.blocks[0]!.from, to: draft.blocks.at(-1)!.to, title: kept[0]?.text ?? '', duplicateOf: owner });
          // Headline and byline of the duplicate are recorded too, so nothing is lost silently.
          for (const b of kept) removed.push({ file: b.file, from: b.from, to: b.to, reason: 'duplicate', text: b.text, keptIn: owner, note: 'headline of a duplicated article' });
          continue;
        }
      }
      const unfold = unfolds.get(w.file.name);
      const described = describe(kept, w.ctx, { ...(draft.continued ? { continued: true } : {}) });
      const d = unfold ? unfoldDeep(described, unfold) : described;
      const sources = spans(kept);
      const parsed = Article.safeParse({ id, slug: id, ...d, source: w.ctx.source, sources, duplicates: [] });
      if (!parsed.success) {
        // Text that cannot be described as a valid article (say, a lone punctuation mark) must not crash
        // the run: it is reported on the file and listed as removed, so the accounting still balances.
        const why = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
        const from = kept[0]!.from;
        const to = kept.at(-1)!.to;
        w.report.issues.push({ line: from, message: `lines ${from}-${to} could not be made into a valid article (${why}); their text is listed as removed` });
        for (const b of kept) removed.push({ file: b.file, from: b.from, to: b.to, reason: 'noise', text: b.text, note: `not a valid article: ${why}` });
        continue;
      }
      const data = parsed.data;
      const body = unfold ? unfoldText(renderBody(kept), unfold) : renderBody(kept);
      assembled.push({ data, body, blocks: kept });
      w.report.articles.push(id);
    }
  }

  // Removed text of a traditional-script file is reported in its printed characters.
  removed.forEach((r, i) => {
    const unfold = unfolds.get(r.file);
    if (unfold) removed[i] = { ...r, text: unfoldText(r.text, unfold) };
  });
  for (const dup of duplicateArticles) {
    const unfold = unfolds.get(dup.file);
    if (unfold) dup.title = unfoldText(dup.title, unfold);
  }

  // Record reprints on the article that kept the text, then render.
  const byId = new Map(assembled.map((a) => [a.data.id, a]));
  for (const dup of duplicateArticles) {
    const owner = byId.get(dup.duplicateOf);
    if (owner && !owner.data.duplicates.includes(`${dup.file}:${dup.from}`)) owner.data.duplicates.push(`${dup.file}:${dup.from}`);
  }
  const articles = assembled.map(({ data, body }) => ({ data, body, markdown: renderArticle(data, body) }));

  const reports = work.map((w) => w.report);
  balance(reports, assembled, removed);
  const skipped = reports.filter((r) => r.encoding === 'binary' || r.encoding === 'empty').length;
  return {
    articles,
    report: {
      version: 1,
      totals: {
        files: reports.length,
        skippedFiles: skipped,
        articles: articles.length,
        removedSpans: removed.length,
        duplicateArticles: duplicateArticles.length,
        balanced: reports.every((r) => r.accounting.balanced),
      },
      files: reports,
      removed,
      duplicateArticles,
    },
  };
}

/** Fields of a bulletin case, in printed order. */
const CASE_FIELDS = ['交办问题基本情况', '调查核实情况', '处理处罚情况', '问责情况'];

/** How complete a printed copy of a case is: each field once scores, a repeated field (two cases spliced) costs. */
export function caseCompleteness(text: string): number {
  const lines = text.split('\n');
  let score = 0;
  for (const f of CASE_FIELDS) {
    const n = lines.filter((l) => l.startsWith(f)).length;
    score += n === 1 ? 10 : n > 1 ? -5 : 0;
  }
  return score + Math.min(countHan(text), 2000) / 1000;
}

/**
 * Bulletin cases printed more than once (whole, truncated or spliced with
 * another case) are keyed on their case number; the most complete copy is
 * kept and every other copy maps to it.
 */
function chooseCases(all: ReadonlyArray<{ block: Block; owner: string }>): Map<Block, { block: Block; owner: string; caseNumber: string }> {
  const groups = new Map<string, Array<{ block: Block; owner: string }>>();
  for (const c of all) {
    if (c.block.role !== 'case') continue;
    const number = parseCase(c.block.text)?.caseNumber;
    if (!number) continue;
    const list = groups.get(number) ?? [];
    list.push(c);
    groups.set(number, list);
  }
  const out = new Map<Block, { block: Block; owner: string; caseNumber: string }>();
  for (const [caseNumber, list] of groups) {
    if (list.length < 2) continue;
    // Stable: the first of the equally complete copies wins.
    // The copy most others agree with (a copy spliced with another case's finding agrees with none), then the most complete.
    const score = (c: { block: Block }): number => list.filter((o) => o !== c && copiesAgree(o.block.text, c.block.text) && copiesAgree(c.block.text, o.block.text)).length * 100 + caseCompleteness(c.block.text);
    const best = list.reduce((a, b) => (score(b) > score(a) ? b : a));
    for (const c of list) if (c !== best) out.set(c.block, { ...best, caseNumber });
  }
  return out;
}

/** The file's issue date, from its sidecar or else its file name, as FileContext fields. */
function issueDate(file: CorpusFile): Pick<FileContext, 'date' | 'dateFrom'> {
  if (file.sidecar?.date) return { date: file.sidecar.date, dateFrom: 'sidecar' };
  const named = dateInFileName(file.name);
  return named ? { date: named, dateFrom: 'file-name' } : {};
}

/** The file's issue year and where it was found, as FileContext fields. */
function yearOf(text: string): Pick<FileContext, 'year' | 'yearSource'> {
  const y = fileYearWithSource(text);
  return y ? { year: y.year, yearSource: y.source } : {};
}

/** Contiguous source line ranges of an article's blocks, in reading order. */
function spans(blocks: readonly Block[]): Array<{ file: string; from: number; to: number }> {
  const out: Array<{ file: string; from: number; to: number }> = [];
  for (const b of blocks) {
    for (const p of partsOf(b)) {
      const last = out.at(-1);
      if (last && last.file === b.file && p.from >= last.from && p.from <= last.to + 3) last.to = Math.max(last.to, p.to);
      else out.push({ file: b.file, from: p.from, to: p.to });
    }
  }
  return out;
}

/** Every Han character of every file must be in an article or in the removed list. */
function balance(reports: FileReport[], articles: ReadonlyArray<{ blocks: readonly Block[] }>, removed: readonly Removal[]): void {
  const byFile = new Map(reports.map((r) => [r.file, r]));
  for (const a of articles) for (const b of a.blocks) byFile.get(b.file)!.accounting.inArticles += countHan(b.text);
  for (const r of removed) {
    const rep = byFile.get(r.file);
    if (rep) rep.accounting.removed += countHan(r.text);
  }
  for (const r of reports) r.accounting.balanced = r.accounting.input === r.accounting.inArticles + r.accounting.removed;
}

