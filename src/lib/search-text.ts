/**
 * The one definition of "the same text" for search, shared by the indexer
 * (scripts/build.ts), the search page, the article-page highlighter, the
 * tests and the benchmark.
 *
 * Text is folded character by character — NFKC, traditional → simplified
 * (a single-character table, so folding a substring gives a substring of the
 * folded text), lower case — and whitespace is dropped. Every remaining
 * character becomes one index token. A query is folded the same way and
 * searched as an exact phrase of those tokens, so a page matches exactly when
 * its folded text contains the folded query: Ctrl+F semantics.
 * See docs/adr/0004-exact-chinese-search.md.
 */

/** Traditional → simplified, one character to one character. */
export type FoldTable = ReadonlyMap<string, string>;

/**
 * The headline occupies the first HEADLINE_SLOT index positions, padded with
 * FILLER_TOKEN (a private-use character no text or query contains), so a hit's
 * position alone says whether it is in the headline: title hits rank first
 * without loading any fragment. The filler also keeps headline and body apart,
 * as they are for the reader: no match straddles them.
 */
export const HEADLINE_SLOT = 64;
export const FILLER_TOKEN = '\ue000';

/**
 * The language the exact index is built and searched under: one Pagefind
 * neither segments nor stems, so a bigram token stays one word on both sides
 * (for zh, Pagefind would split the query's bigrams again with Intl.Segmenter).
 */
export const INDEX_LANGUAGE = 'und';

/** Joins a page's separately searchable parts (headline, body) in truth computations; occurs in no query. */
export const SEGMENT_BREAK = '\u0001';

/** `"` is query syntax (phrase quotes), so in indexed text it stands as this token instead. */
export const QUOTE_TOKEN = '\uff02';

const WHITESPACE = /^\s$/u;
const LETTER_OR_NUMBER = /^[\p{L}\p{N}\p{M}]+$/u;

/**
 * Fold one code point into zero or more display tokens (case kept, so excerpts
 * read as printed; Pagefind lower-cases letters on both sides).
 */
export function foldCodePoint(char: string, table: FoldTable | undefined): string[] {
  const out: string[] = [];
  // Compatibility forms of letters and digits (full-width ＡＢ１２, ligatures, compatibility
  // ideographs) fold to their plain forms; punctuation stays as printed so excerpts read
  // as the page does (Ctrl+F also tells ， from ,).
  const compatible = char.normalize('NFKC');
  const source = LETTER_OR_NUMBER.test(compatible.replace(/\s/gu, '')) ? compatible : char;
  for (const piece of source) {
    if (WHITESPACE.test(piece)) continue;
    const folded = table?.get(piece) ?? piece;
    out.push(folded === '"' ? QUOTE_TOKEN : folded);
  }
  return out;
}

/** foldCodePoint's answers per fold table: a page repeats its characters, and the index prepares every page. */
const foldedByTable = new WeakMap<FoldTable, Map<string, string[]>>();
const foldedUntabled = new Map<string, string[]>();

/** Display tokens of a text: one per folded character, whitespace removed. */
export function displayTokens(text: string, table: FoldTable | undefined): string[] {
  let folded = table ? foldedByTable.get(table) : foldedUntabled;
  if (!folded) {
    folded = new Map();
    foldedByTable.set(table!, folded);
  }
  const tokens: string[] = [];
  for (const char of text) {
    let pieces = folded.get(char);
    if (!pieces) {
      pieces = foldCodePoint(char, table);
      folded.set(char, pieces);
    }
    for (const piece of pieces) tokens.push(piece);
  }
  return tokens;
}

/** The comparison form of a token (what Pagefind matches on). */
export function matchForm(token: string): string {
  return token.toLowerCase();
}

/** Folded, lower-cased text with whitespace removed: substring truth is `searchKey(page).includes(searchKey(query))`. */
export function searchKey(text: string, table: FoldTable | undefined): string {
  return displayTokens(text, table).map(matchForm).join('');
}

/**
 * Pagefind indexes a word holding ASCII punctuation (or a soft hyphen) also
 * as its parts: `(市` as `(市` and `市`. A one-character word would then answer
 * any term it begins that the bundle lacks (Pagefind falls back to the longest
 * word that is a prefix of the term). So inside index words these characters
 * stand as private-use characters at INDEX_SHIFT + their code.
 */
const INDEX_SHIFT = 0xf0000;
const SPLITS_WORDS = /^[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e\u00ad]$/u;

/**
 * The index word for two characters in index form. The second is lower-cased
 * (Pagefind lower-cases words anyway): an upper-case letter after the first
 * character would also make Pagefind index the word's parts. The first keeps
 * its case, as excerpts are rebuilt from it.
 */
export function indexBigram(first: string, second: string): string {
  return first + second.toLowerCase();
}

/** The form a display token takes inside index words. */
export function indexChar(token: string): string {
  return SPLITS_WORDS.test(token) ? String.fromCodePoint(INDEX_SHIFT + token.charCodeAt(0)) : token;
}

/**
 * The index tokens of one run of display tokens (headline or body): at every
 * position the character there and the next one (a bigram), and at the last
 * position that character followed by FILLER_TOKEN (characters in their index
 * form, see indexChar). Position i still stands
 * for character i, so a run of L characters is L − 1 consecutive bigrams, and
 * a single character is any token that begins with it. No token is one
 * character long: Pagefind also matches an index word that is a prefix of the
 * searched word, so a lone last character would match every bigram it begins.
 */
export function bigramTokens(tokens: readonly string[]): string[] {
  const chars = tokens.map(indexChar);
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(indexBigram(chars[i]!, chars[i + 1]!));
  const last = chars.at(-1);
  if (last !== undefined) out.push(last + FILLER_TOKEN);
  return out;
}

/** The display token an index token stands for: its first character (see indexChar). */
export function displayTokenOf(indexToken: string): string {
  const code = indexToken.codePointAt(0) ?? 0;
  return String.fromCodePoint(code >= INDEX_SHIFT && code < INDEX_SHIFT + 0x100 ? code - INDEX_SHIFT : code);
}

/**
 * Pagefind answers a one-character term X from the words that begin with it
 * (every bigram XY), but it loads only the one index chunk whose range holds
 * X itself, and a frequent character's words run on into later chunks. For
 * each character, the first words of the chunks that begin with it: searching
 * those first loads every chunk X's words are in.
 */
export function chunkProbes(chunkStarts: readonly string[]): Record<string, string[]> {
  const probes: Record<string, string[]> = {};
  for (const word of chunkStarts) {
    if (word === '') continue;
    (probes[String.fromCodePoint(word.codePointAt(0)!)] ??= []).push(word);
  }
  return probes;
}

/** Tokens Pagefind indexes as words without help: letters, digits (and their combining marks). */
export function isWordToken(token: string): boolean {
  return LETTER_OR_NUMBER.test(token);
}

/** Everything else (punctuation, symbols) must be passed to Pagefind as includeCharacters. */
export function symbolTokens(tokens: Iterable<string>): Set<string> {
  const symbols = new Set<string>();
  for (const token of tokens) if (!isWordToken(token)) symbols.add(token);
  return symbols;
}

/** One search term: the characters to find as a contiguous run, or to exclude. */
export interface QueryTerm {
  /** As typed (for messages). */
  raw: string;
  /** Match-form tokens, in order. */
  tokens: string[];
  exclude: boolean;
}

/**
 * Split a query into terms: whitespace separates terms (all must match),
 * "double quotes" group a phrase (whitespace inside is ignored like anywhere
 * in the text), and a leading - excludes a term or phrase.
 */
export function parseQuery(query: string, table: FoldTable | undefined): QueryTerm[] {
  const terms: QueryTerm[] = [];
  const pattern = /(-?)"([^"]*)"?|(\S+)/gu;
  for (const match of query.matchAll(pattern)) {
    let exclude = match[1] === '-';
    let raw = match[2] ?? match[3] ?? '';
    if (match[3] !== undefined && raw.startsWith('-') && raw.length > 1) {
      exclude = true;
      raw = raw.slice(1);
    }
    const tokens = displayTokens(raw.replaceAll('"', ''), table).map(matchForm);
    if (tokens.length === 0) continue;
    terms.push({ raw, tokens, exclude });
  }
  return terms;
}

/** A query as the canonical string kept in the URL and shown back. */
export function formatQuery(terms: readonly QueryTerm[]): string {
  return terms.map((term) => `${term.exclude ? '-' : ''}${/\s/u.test(term.raw) ? `"${term.raw}"` : term.raw}`).join(' ');
}

/** Parse the serialised fold table ("繁简繁简…", pairs of code points). */
export function parseFoldTable(pairs: string): Map<string, string> {
  const table = new Map<string, string>();
  const chars = [...pairs];
  for (let i = 0; i + 1 < chars.length; i += 2) table.set(chars[i]!, chars[i + 1]!);
  return table;
}

export function serialiseFoldTable(table: FoldTable): string {
  return [...table].map(([from, to]) => from + to).join('');
}

/**
 * Start offsets (in tokens) of every occurrence of `needle` in `haystack`,
 * both in match form. Used for highlighting and for verification.
 */
export function findRuns(haystack: readonly string[], needle: readonly string[]): number[] {
  const starts: number[] = [];
  if (needle.length === 0) return starts;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    starts.push(i);
  }
  return starts;
}
