/**
 * Seeded query sets drawn from page texts, and substring truth, for the
 * search benchmark (scripts/bench-search.ts) and the exactness e2e tests.
 * Truth is the Ctrl+F definition: a page matches when its text, with
 * whitespace removed and folded (search-text.ts), contains every positive term
 * and no excluded one.
 */
import { parseQuery, searchKey, SEGMENT_BREAK, type FoldTable } from './search-text.ts';

export type QueryKind = 'substring' | 'boundary' | 'mixed-script' | 'traditional' | 'multi-term' | 'phrase' | 'exclusion' | 'absent';

export interface SampledQuery {
  kind: QueryKind;
  query: string;
}

export interface SamplePage {
  url: string;
  /** The page's searchable parts (headline, body) as the reader sees them, joined by SEGMENT_BREAK. */
  text: string;
}

/** mulberry32: the same query set on every run for a given seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HAN = /\p{Script=Han}/u;
const LATIN_OR_DIGIT = /[A-Za-z0-9]/u;

export interface SampleOptions {
  seed: number;
  /** Queries per kind. */
  perKind: number;
  /** Word segmentation (e.g. jieba) used to find two-character queries that straddle a word boundary. */
  segment?: ((text: string) => string[]) | undefined;
  /** Simplified → traditional conversion for traditional-character queries. */
  toTraditional?: ((text: string) => string) | undefined;
}

/** Visible characters of a page without whitespace and without the `"` that is query syntax. */
function plainChars(text: string): string[] {
  return [...text.replace(/[\s"]+/gu, '')];
}

export function sampleQueries(pages: readonly SamplePage[], options: SampleOptions): SampledQuery[] {
  const random = seededRandom(options.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  // Queries are drawn from one part at a time: nothing is found across headline and body.
  const texts = pages.flatMap((page) => page.text.split(SEGMENT_BREAK).map(plainChars)).filter((chars) => chars.length > 0);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const substring = (minLength: number, maxLength: number): string => {
    const chars = pick(texts);
    const length = Math.min(chars.length, int(minLength, maxLength));
    const start = int(0, chars.length - length);
    return chars.slice(start, start + length).join('');
  };
  const out: SampledQuery[] = [];
  const add = (kind: QueryKind, query: string) => {
    if (query.trim() !== '' && !out.some((existing) => existing.query === query)) out.push({ kind, query });
  };
  const attempts = options.perKind * 20;

  for (let i = 0; i < options.perKind; i++) add('substring', substring(1, 20));

  if (options.segment) {
    let found = 0;
    for (let attempt = 0; attempt < attempts && found < options.perKind; attempt++) {
      const sentence = substring(8, 30);
      const words = options.segment(sentence);
      const at = int(0, Math.max(0, words.length - 2));
      const left = words[at];
      const right = words[at + 1];
      if (!left || !right) continue;
      const query = [...left].at(-1)! + [...right][0]!;
      if (HAN.test(query[0]!) && [...query].every((char) => HAN.test(char)) && [...query].length === 2) {
        add('boundary', query);
        found++;
      }
    }
  }

  // Runs that mix Latin letters or digits with Han, or are Latin/digit codes themselves.
  const mixedCandidates: string[] = [];
  for (const chars of texts) {
    const text = chars.join('');
    for (const match of text.matchAll(/[\p{Script=Han}]{0,3}[A-Za-z0-9][A-Za-z0-9.\-:]*[\p{Script=Han}]{0,3}/gu)) {
      if (match[0].length >= 2) mixedCandidates.push(match[0]);
    }
  }
  for (let i = 0; i < options.perKind && mixedCandidates.length > 0; i++) {
    const candidate = [...pick(mixedCandidates)];
    const length = int(2, Math.min(12, candidate.length));
    const start = int(0, candidate.length - length);
    const query = candidate.slice(start, start + length).join('');
    if (LATIN_OR_DIGIT.test(query)) add('mixed-script', query);
  }

  if (options.toTraditional) {
    let found = 0;
    for (let attempt = 0; attempt < attempts && found < options.perKind; attempt++) {
      const simplified = substring(2, 8);
      const traditional = options.toTraditional(simplified);
      if (traditional !== simplified) {
        add('traditional', traditional);
        found++;
      }
    }
  }

  for (let i = 0; i < options.perKind; i++) {
    const chars = pick(texts);
    const a = int(0, chars.length - 2);
    const b = int(0, chars.length - 2);
    add('multi-term', `${chars.slice(a, a + int(1, 4)).join('')} ${chars.slice(b, b + int(1, 4)).join('')}`);
  }
  for (let i = 0; i < options.perKind; i++) {
    const words = substring(4, 10);
    const cut = int(1, [...words].length - 1);
    add('phrase', `"${[...words].slice(0, cut).join('')} ${[...words].slice(cut).join('')}"`);
  }
  for (let i = 0; i < options.perKind; i++) add('exclusion', `${substring(1, 2)} -${substring(1, 3)}`);

  const allChars = texts.flat().filter((char) => HAN.test(char));
  for (let i = 0; i < options.perKind; i++) add('absent', `${pick(allChars)}${pick(allChars)}${pick(allChars)}`);
  return out;
}

/** The pages (by index) whose text satisfies the query, Ctrl+F style. */
export function truthFor(query: string, pageKeys: readonly string[], table: FoldTable): number[] {
  const terms = parseQuery(query, table).map((term) => ({ key: term.tokens.join(''), exclude: term.exclude }));
  // Exclusions alone mean "every page without them", as on the search page.
  if (terms.length === 0) return [];
  const matches: number[] = [];
  pageKeys.forEach((pageKey, index) => {
    if (terms.every((term) => pageKey.includes(term.key) !== term.exclude)) matches.push(index);
  });
  return matches;
}

export function pageKeys(pages: readonly SamplePage[], table: FoldTable): string[] {
  return pages.map((page) => searchKey(page.text, table));
}
