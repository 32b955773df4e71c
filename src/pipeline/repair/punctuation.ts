/**
 * Half-width punctuation in Chinese prose becomes full-width (`三月,走进` →
 * `三月，走进`). Numbers (`1.5`, `12:30`, `1,000`), URLs and case numbers are
 * left alone because a conversion only happens next to a Han character.
 */
import { HAN } from '../../shared/han.ts';

const FULL: Record<string, string> = { ',': '，', ';': '；', ':': '：', '!': '！', '?': '？', '(': '（', ')': '）' };

/**
 * `,;:!?` directly after a Han character or closing quote/bracket, or after
 * an ASCII quote that closes Han text (`"五破五立",` — quotes are paired
 * later). Before a digit only after a Han character (`上午,2019年`), never
 * inside a number.
 */
const AFTER_HAN_RE = new RegExp(`([${HAN}]"?|[”’）》])([,;:!?])`, 'gu');
/** `,;:` directly before a Han character (after a digit or Latin letter). */
const BEFORE_HAN_RE = new RegExp(`([0-9A-Za-z%])([,;:!?])(?=[${HAN}“‘（《])`, 'gu');
/** Parentheses that enclose text containing Han characters. */
const PAREN_RE = new RegExp(`\\(([^()]*[${HAN}][^()]*)\\)`, 'gu');
/** A full stop after a Han character, at the end or before Han/quote: never inside 1.5 or a.b. */
const PERIOD_RE = new RegExp(`([${HAN}])\\.(?=$|[${HAN}“”\\s])`, 'gu');
/** ASCII hyphen or `--` used as a dash between Han characters. */
const DASH_RE = new RegExp(`([${HAN}])(?:--|—)(?=[${HAN}“])`, 'gu');

export function fullWidthPunctuation(text: string): string {
  if (text.includes('://')) return text.replace(PAREN_RE, '（$1）'); // leave URL lines mostly untouched
  return text
    .replace(PAREN_RE, '（$1）')
    .replace(AFTER_HAN_RE, (_m, a: string, p: string) => a + FULL[p]!)
    .replace(BEFORE_HAN_RE, (_m, a: string, p: string) => a + FULL[p]!)
    .replace(PERIOD_RE, '$1。')
    .replace(DASH_RE, '$1——');
}
