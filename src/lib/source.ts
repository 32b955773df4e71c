/**
 * The "original text" view of an article: the raw lines it was assembled
 * from, each marked with what the ingest did to it (kept in this article,
 * removed as a duplicate/marker/noise, or belonging to another article), so a
 * reader can follow the trail from the printed text to the clean one.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decode } from '../pipeline/decode.ts';
import type { Article } from '../shared/schema.ts';

export type RemovalReason = 'duplicate' | 'near-duplicate' | 'marker' | 'noise' | 'undecodable';

export interface RemovalEntry {
  file: string;
  from: number;
  to: number;
  reason: RemovalReason | string;
  text?: string;
  keptIn?: string;
  note?: string;
}

export type LineStatus = 'this' | 'removed' | 'other' | 'none';

export interface SourceLine {
  number: number;
  text: string;
  status: LineStatus;
  /** 1-based position in reading order of the span this line belongs to (status "this"). */
  part?: number;
  /** The span was read in a different place than it was printed (e.g. a headline printed after its body). */
  moved?: boolean;
  removal?: RemovalEntry;
  /** Id of the other article this line went into (status "other"). */
  otherArticle?: string;
  /** First shown line of its span or removal: where its label goes. */
  first?: boolean;
}

export type SourceRow = { type: 'line'; line: SourceLine } | { type: 'gap'; from: number; to: number; otherArticles: string[] };

export interface SourceFileView {
  file: string;
  /** Whether the raw file could be read at build time. */
  found: boolean;
  rows: SourceRow[];
}

type Spans = Pick<Article, 'id' | 'sources'>;

/** Lines of context shown around the article's own lines. */
export const CONTEXT_LINES = 2;
/** Runs of unrelated lines longer than this fold into one "gap" row. */
export const FOLD_RUN = 6;

/**
 * Reading-order parts (1-based) that were moved: the fewest lines that must
 * have been taken out of printed order so the rest reads in printed order
 * (complement of the heaviest increasing run of spans, weighted by length),
 * so a short headline printed after its long body is the part marked.
 */
export function movedParts(article: Pick<Article, 'sources'>): Set<number> {
  const spans = article.sources;
  const before = (a: (typeof spans)[number], b: (typeof spans)[number]) =>
    a.file === b.file ? a.from < b.from : a.file.localeCompare(b.file) < 0;
  const weight = spans.map((span) => span.to - span.from + 1);
  const best = [...weight];
  const previous = spans.map(() => -1);
  for (let index = 0; index < spans.length; index += 1) {
    for (let earlier = 0; earlier < index; earlier += 1) {
      if (before(spans[earlier]!, spans[index]!) && best[earlier]! + weight[index]! > best[index]!) {
        best[index] = best[earlier]! + weight[index]!;
        previous[index] = earlier;
      }
    }
  }
  const kept = new Set<number>();
  let at = best.indexOf(Math.max(...best, 0));
  while (at >= 0) {
    kept.add(at);
    at = previous[at]!;
  }
  return new Set(spans.flatMap((_, index) => (kept.has(index) ? [] : [index + 1])));
}

/** Which article each line of each file went into, from every article's spans. */
export function lineOwners(articles: readonly Spans[]): Map<string, Map<number, string>> {
  const owners = new Map<string, Map<number, string>>();
  for (const article of articles) {
    for (const span of article.sources) {
      const lines = owners.get(span.file) ?? new Map<number, string>();
      for (let line = span.from; line <= span.to; line += 1) if (!lines.has(line)) lines.set(line, article.id);
      owners.set(span.file, lines);
    }
  }
  return owners;
}

/**
 * Annotate the raw lines of one file around an article's spans. `lines` is the
 * decoded file split into lines (index 0 = line 1), or undefined when the file
 * could not be read.
 */
export function annotateFile(
  article: Spans,
  file: string,
  lines: readonly string[] | undefined,
  owners: ReadonlyMap<number, string>,
  removals: readonly RemovalEntry[],
): SourceFileView {
  const spans = article.sources.map((span, index) => ({ ...span, part: index + 1 })).filter((span) => span.file === file);
  if (!lines || spans.length === 0) return { file, found: lines !== undefined, rows: [] };
  const moved = movedParts(article);
  const first = Math.max(1, Math.min(...spans.map((span) => span.from)) - CONTEXT_LINES);
  const last = Math.min(lines.length, Math.max(...spans.map((span) => span.to)) + CONTEXT_LINES);
  const fileRemovals = removals.filter((removal) => removal.file === file);

  const annotated: SourceLine[] = [];
  for (let number = first; number <= last; number += 1) {
    const text = lines[number - 1] ?? '';
    const span = spans.find((candidate) => number >= candidate.from && number <= candidate.to);
    const removal = fileRemovals.find((candidate) => number >= candidate.from && number <= candidate.to);
    const owner = owners.get(number);
    if (removal) annotated.push({ number, text, status: 'removed', removal, first: number === Math.max(first, removal.from) });
    else if (span) {
      const line: SourceLine = { number, text, status: 'this', part: span.part, first: number === Math.max(first, span.from) };
      if (moved.has(span.part)) line.moved = true;
      annotated.push(line);
    } else if (owner !== undefined && owner !== article.id) annotated.push({ number, text, status: 'other', otherArticle: owner });
    else annotated.push({ number, text, status: 'none' });
  }

  // Fold long runs of lines that are neither this article's nor removed from it.
  const rows: SourceRow[] = [];
  let run: SourceLine[] = [];
  const flush = () => {
    if (run.length > FOLD_RUN) {
      const otherArticles = [...new Set(run.flatMap((line) => (line.otherArticle ? [line.otherArticle] : [])))];
      rows.push({ type: 'gap', from: run[0]!.number, to: run.at(-1)!.number, otherArticles });
    } else for (const line of run) rows.push({ type: 'line', line });
    run = [];
  };
  for (const line of annotated) {
    if (line.status === 'other' || line.status === 'none') {
      run.push(line);
      continue;
    }
    flush();
    rows.push({ type: 'line', line });
  }
  flush();
  return { file, found: true, rows };
}

/** Files of an article in reading order, each once. */
export function articleFiles(article: Pick<Article, 'sources'>): string[] {
  return [...new Set(article.sources.map((span) => span.file))];
}

/** Fragment id of a raw line on the original-text page; files after the first get a prefix so ids stay unique. */
export function lineAnchor(fileIndex: number, line: number): string {
  return fileIndex === 0 ? `L${line}` : `F${fileIndex + 1}L${line}`;
}

/** Split decoded text into lines exactly as the ingest numbers them. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/u);
}

/**
 * Raw files kept decoded, the most recently used last. The original-text
 * pages are rendered in raw-file order (sourcePageOrder), so the few files
 * the pages in flight share are all that need keeping; holding every file
 * would keep the whole decoded corpus in the build's memory.
 */
const cache = new Map<string, Promise<string[] | undefined>>();
const CORPUS_FILES_KEPT = 256;

/** Decoded lines of one raw file under CORPUS_DIR (default content/raw), read once while it is in use. */
export function corpusLines(file: string, corpusDir = process.env['CORPUS_DIR'] ?? 'content/raw'): Promise<string[] | undefined> {
  const path = join(corpusDir, file);
  let pending = cache.get(path);
  if (pending) cache.delete(path);
  else {
    pending = readFile(path).then(
      (bytes) => splitLines(decode(new Uint8Array(bytes)).text),
      () => undefined,
    );
  }
  cache.set(path, pending);
  if (cache.size > CORPUS_FILES_KEPT) cache.delete(cache.keys().next().value!);
  return pending;
}

/** Articles in the order their original-text pages are rendered: by first raw file, then id, so pages that read one file come together. */
export function sourcePageOrder<T extends Pick<Article, 'id' | 'sources'>>(articles: readonly T[]): T[] {
  const key = (article: T) => articleFiles(article)[0] ?? '';
  return [...articles].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
