/**
 * Named character classes for Chinese text. Every regex over Han text in the
 * project is built from these, so the ranges are defined (and reviewed) once.
 */

/** CJK Unified Ideographs, Extension A and Compatibility Ideographs. */
export const HAN = '\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff';
/** Full-width CJK punctuation and brackets that sit inside Chinese prose. */
export const CJK_PUNCT = '\\u3000-\\u303f\\uff01-\\uff0f\\uff1a-\\uff20\\uff3b-\\uff40\\uff5b-\\uff65\\u2014\\u2026\\u2018\\u2019\\u201c\\u201d\\u00b7';
/** Sentence-final punctuation: a line ending in one of these ends a sentence. */
export const SENTENCE_END = '。！？；…”’）」』';
/** Zero-width and invisible formatting characters that carry no text. */
export const INVISIBLE = '\\u200b-\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2060-\\u2064\\ufeff';
/** C0/C1 control characters other than tab and line breaks. */
export const CONTROL = '\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f';

export const HAN_RE = new RegExp(`[${HAN}]`, 'u');
export const HAN_GLOBAL_RE = new RegExp(`[${HAN}]`, 'gu');

/** Number of Han characters in a string. */
export function countHan(text: string): number {
  return text.match(HAN_GLOBAL_RE)?.length ?? 0;
}

/** Remove all whitespace: the key under which two texts count as "the same characters". */
export function squeeze(text: string): string {
  return text.replace(/\s+/gu, '');
}

/** Xuchang's districts and county-level divisions, plus 开发区 names used by its daily. */
export const PLACES = [
  '魏都区',
  '建安区',
  '东城区',
  '禹州市',
  '长葛市',
  '鄢陵县',
  '襄城县',
  '许昌经济技术开发区',
  '城乡一体化示范区',
] as const;
