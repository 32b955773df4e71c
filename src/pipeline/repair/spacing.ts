/**
 * Remove whitespace that PDF extraction put inside Chinese runs
 * (`干 部 的 辛 苦`, `4 月 1 日`, `建 安区`), keeping the spaces that separate
 * names in bylines (`记者 许廷合 通讯员 李玎`) and spaces next to Latin words.
 */
import { CJK_PUNCT, HAN } from '../../shared/han.ts';

/** A Han character or full-width punctuation mark. */
const CJK = `[${HAN}${CJK_PUNCT}]`;
/** Byline role words: the space after them (and before them) separates names. */
const ROLE = '(?:本报记者|见习记者|实习生|通讯员|记者|摄影|摄)';
const ROLE_SPACE_RE = new RegExp(`[ \\t]*${ROLE}[ \\t]+|[ \\t]+${ROLE}(?=[ \\t）)]|$)`, 'gu');

const BETWEEN_CJK_RE = new RegExp(`(${CJK})[ \\t]+(?=${CJK})`, 'gu');
/** Han then a number (not a Latin token like 5G): `第 7 次` → `第7次`. */
const CJK_THEN_DIGIT_RE = new RegExp(`([${HAN}${CJK_PUNCT}])[ \\t]+(?=\\d+(?:\\.\\d+)?(?![A-Za-z\\d.]))`, 'gu');
const DIGIT_THEN_CJK_RE = new RegExp(`(\\d)[ \\t]+(?=[${HAN}${CJK_PUNCT}])`, 'gu');

/**
 * Placeholders so protected spaces survive the removals: the first one the text
 * does not already contain (PDF extraction puts private-use characters in text).
 */
const PLACEHOLDERS = ['\ue000', '\ufdd0', '\ufdd1', '\ufdd2', '\ufdef'];

export function collapseHanSpacing(text: string): string {
  if (text.includes('\t')) return text; // table rows keep their cell separators
  if (!text.includes(' ')) return text; // every change below removes or keeps a space or tab, and there is none
  const KEEP = PLACEHOLDERS.find((p) => !text.includes(p));
  if (KEEP === undefined) return text;
  const shielded = text.replace(ROLE_SPACE_RE, (m) => m.replace(/[ \t]+/gu, KEEP));
  return shielded
    .replace(BETWEEN_CJK_RE, '$1')
    .replace(CJK_THEN_DIGIT_RE, '$1')
    .replace(DIGIT_THEN_CJK_RE, '$1')
    .replace(/^[ \t]+|[ \t]+$/gu, '')
    .replace(new RegExp(KEEP, 'gu'), ' ');
}
