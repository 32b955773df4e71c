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

/**
 * Number of Han characters in a string: the characters HAN_GLOBAL_RE matches.
 * Every HAN range lies in the Basic Multilingual Plane, so each is one UTF-16
 * unit and a surrogate is never one; a loop over code units counts them
 * without allocating an array of matches (ingest calls this on every block).
 */
export function countHan(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index += 1) if (isHanCode(text.charCodeAt(index))) count += 1;
  return count;
}

/** Whether a UTF-16 code unit is a Han character: one HAN_RE matches (every HAN range is in the BMP). */
export function isHanCode(code: number): boolean {
  return code >= 0x4e00 ? code <= 0x9fff || (code >= 0xf900 && code <= 0xfaff) : code >= 0x3400 && code <= 0x4dbf;
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

/**
 * Other names the daily prints for a place, each a regex source. The two
 * zones are usually called by their short names (开发区：动员部署…,
 * 示范区党工委); a short name right after a word that makes it another kind
 * of zone (高新技术开发区, 先行示范区) is not counted.
 */
export const PLACE_ALIASES: Readonly<Partial<Record<(typeof PLACES)[number], string>>> = {
  许昌经济技术开发区: `许昌经济技术开发区|许昌经开区|经济技术开发区|(?<!高新|技术|产业|工业|科技|综合|保税|旅游|农业)开发区`,
  城乡一体化示范区: `城乡一体化示范区|(?<!先行|试点|综合|实验|改革|创新|生态|文明|建设|富裕|农业|产业)示范区`,
};

/** Places named in a text with how often, full names and aliases counted once per mention; most mentioned first. */
export function placesIn(text: string): string[] {
  const counts = PLACES.map((p) => [p, text.match(new RegExp(PLACE_ALIASES[p] ?? p, 'gu'))?.length ?? 0] as const).filter(([, n]) => n > 0);
  counts.sort((a, b) => b[1] - a[1] || PLACES.indexOf(a[0]) - PLACES.indexOf(b[0]));
  return counts.map(([p]) => p);
}
