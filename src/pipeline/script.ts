/**
 * Traditional-script text (a Big5 copy, say) is analysed in simplified script
 * and printed in its own. Every structural signal of the pipeline — 本报讯,
 * 记者 … 摄, 受理编号, the jieba dictionary the joins are scored with — is
 * written in simplified characters, so a traditional file is folded into a
 * simplified shadow one character for one character, processed, and the
 * results are unfolded back. The fold is a bijection on the characters it
 * touches: a traditional character is folded only when its simplified form is
 * not printed in the file itself and no other character of the file folds to
 * it, so unfolding restores the printed characters exactly (and the Han
 * accounting is unchanged).
 */
import { createRequire } from 'node:module';
import { HAN_GLOBAL_RE } from '../shared/han.ts';

/** Simplified character → the traditional one it stands for in this file. */
export type Unfold = ReadonlyArray<readonly [simplified: string, traditional: string]>;

/** Share of Han characters that must be traditional-only for a file to be folded. */
const MIN_TRADITIONAL_SHARE = 0.08;

let convert: ((text: string) => string) | null | undefined;
/** Character-level traditional → simplified conversion (OpenCC's tables), loaded on first use. */
function toSimplified(): ((text: string) => string) | null {
  if (convert !== undefined) return convert;
  try {
    const require = createRequire(import.meta.url);
    const opencc = require('opencc-js/t2cn') as { Converter: (o: { from: string; to: string }) => (t: string) => string };
    convert = opencc.Converter({ from: 'tw', to: 'cn' });
  } catch {
    convert = null; // without the tables, traditional text is analysed as printed
  }
  return convert;
}

/**
 * Per UTF-16 code unit, whether the character folds to one other character:
 * 0 not yet asked, 1 no, 2 yes. Every Han character is one BMP code unit.
 */
const folds = new Uint8Array(65536);
const simplifiedChars = new Map<string, string>();

/** The conversion of one lone character, remembered: it depends on that character only. */
function simplifiedOf(c: string, t2s: (text: string) => string): string {
  let s = simplifiedChars.get(c);
  if (s === undefined) simplifiedChars.set(c, (s = t2s(c)));
  return s;
}

/** Whether a character has a single-character simplified form other than itself. */
function hasSimplifiedForm(c: string, t2s: (text: string) => string): boolean {
  const s = simplifiedOf(c, t2s);
  return s !== c && [...s].length === 1;
}

/**
 * Han characters in a text (what HAN_GLOBAL_RE matches) and how many of them
 * fold: the counts `foldTraditional` weighs, taken in one pass without building
 * the table.
 */
function traditionalShare(text: string, t2s: (text: string) => string): { han: number; traditional: number } {
  let han = 0;
  let traditional = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!(code >= 0x4e00 ? code <= 0x9fff || (code >= 0xf900 && code <= 0xfaff) : code >= 0x3400 && code <= 0x4dbf)) continue;
    han++;
    if (folds[code] === 0) folds[code] = hasSimplifiedForm(text[i]!, t2s) ? 2 : 1;
    if (folds[code] === 2) traditional++;
  }
  return { han, traditional };
}

/**
 * The simplified shadow of a traditional-script text and the table to unfold
 * it, or undefined when the text is not (mostly) traditional.
 */
export function foldTraditional(text: string): { text: string; unfold: Unfold } | undefined {
  const t2s = toSimplified();
  if (!t2s) return undefined;
  // The same two counts the table below sums, so a text that fails here fails there (most files are simplified).
  const share = traditionalShare(text, t2s);
  if (share.han < 20 || share.traditional < share.han * MIN_TRADITIONAL_SHARE) return undefined;
  const han = text.match(HAN_GLOBAL_RE) ?? [];
  const counts = new Map<string, number>();
  for (const c of han) counts.set(c, (counts.get(c) ?? 0) + 1);
  // Candidate folds, most frequent traditional character first, so a clash keeps the commoner one.
  const fold = new Map<string, string>();
  const target = new Set<string>();
  let traditional = 0;
  for (const [c, n] of [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) {
    if (!hasSimplifiedForm(c, t2s)) continue;
    const s = simplifiedOf(c, t2s);
    traditional += n;
    if (counts.has(s) || target.has(s)) continue;
    fold.set(c, s);
    target.add(s);
  }
  if (traditional < han.length * MIN_TRADITIONAL_SHARE || fold.size === 0) return undefined;
  const folded = text.replace(HAN_GLOBAL_RE, (c) => fold.get(c) ?? c);
  return { text: folded, unfold: [...fold].map(([t, s]) => [s, t] as const) };
}

/** Put the printed traditional characters back into text derived from the shadow. */
export function unfoldText(text: string, unfold: Unfold | ReadonlyMap<string, string>): string {
  const map = unfold instanceof Map ? unfold : new Map(unfold as Unfold);
  if (map.size === 0) return text;
  return text.replace(HAN_GLOBAL_RE, (c) => map.get(c) ?? c);
}

/** Metadata fields holding a value from a fixed vocabulary (`verdict: 属实`), identifiers or file names: never unfolded. */
const KEPT_KEYS = new Set(['id', 'slug', 'kind', 'titleSource', 'date', 'datePrecision', 'dateSource', 'verdict', 'source', 'sources', 'file', 'duplicates']);

/** Unfold every free-text string inside a plain value (article metadata). */
export function unfoldDeep<T>(value: T, map: ReadonlyMap<string, string>): T {
  if (typeof value === 'string') return unfoldText(value, map) as T;
  if (Array.isArray(value)) return value.map((v) => unfoldDeep(v, map)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, KEPT_KEYS.has(k) ? v : unfoldDeep(v, map)])) as T;
  return value;
}
