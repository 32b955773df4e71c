/**
 * Pre-checks that skip work must never change a result: each is compared with
 * the full computation it stands in front of, on text chosen to sit on both
 * sides of its bound.
 */
import { createRequire } from 'node:module';
import iconv from 'iconv-lite';
import { describe, expect, test } from 'vitest';
import { CJK_PUNCT, HAN, HAN_GLOBAL_RE, squeeze } from '../../src/shared/han.ts';
import { collapseHanSpacing } from '../../src/pipeline/repair/spacing.ts';
import { linesBetween, toLines } from '../../src/pipeline/index.ts';
import { bestSegmentation, hanTail, wordSpansCut } from '../../src/pipeline/reassemble.ts';
import { DuplicateIndex, NEAR_DUPLICATE_THRESHOLD } from '../../src/pipeline/dedupe.ts';
import { foldTraditional } from '../../src/pipeline/script.ts';
import { COMMON_HAN, commonHanScore, repairMojibake } from '../../src/pipeline/decode.ts';

const SIMPLIFIED = '本报讯（记者 王金伟）12月29日，市委常委、宣传部部长王自合到建安区就新时代文明实践工作进行调研。要发挥新时代文明实践阵地的聚合作用。';
const TRADITIONAL = '本報訊（記者 王金偉）12月29日，市委常委、宣傳部部長王自合到建安區就新時代文明實踐工作進行調研。要發揮新時代文明實踐陣地的聚合作用。';

/** foldTraditional without its pre-check: every character converted and weighed. */
function foldTraditionalFull(text: string): { text: string; unfold: Array<readonly [string, string]> } | undefined {
  const require = createRequire(import.meta.url);
  const opencc = require('opencc-js/t2cn') as { Converter: (o: { from: string; to: string }) => (t: string) => string };
  const t2s = opencc.Converter({ from: 'tw', to: 'cn' });
  const han = text.match(HAN_GLOBAL_RE);
  if (!han || han.length < 20) return undefined;
  const counts = new Map<string, number>();
  for (const c of han) counts.set(c, (counts.get(c) ?? 0) + 1);
  const fold = new Map<string, string>();
  const target = new Set<string>();
  let traditional = 0;
  for (const [c, n] of [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) {
    const s = t2s(c);
    if (s === c || [...s].length !== 1) continue;
    traditional += n;
    if (counts.has(s) || target.has(s)) continue;
    fold.set(c, s);
    target.add(s);
  }
  if (traditional < han.length * 0.08 || fold.size === 0) return undefined;
  return { text: text.replace(HAN_GLOBAL_RE, (c) => fold.get(c) ?? c), unfold: [...fold].map(([t, s]) => [s, t] as const) };
}

describe('the traditional-script pre-check agrees with the full fold', () => {
  // Simplified text with the first k characters taken from the traditional copy: the share crosses 8 % on the way.
  const blends = Array.from({ length: 40 }, (_, k) => TRADITIONAL.slice(0, k) + SIMPLIFIED.slice(k));
  const cases: Array<[string, string]> = [
    ['simplified', SIMPLIFIED],
    ['traditional', TRADITIONAL],
    ['traditional with a simplified word', TRADITIONAL + '发展'],
    ['too short', TRADITIONAL.slice(0, 25)],
    ['no Han', 'Hello, world. 12345 ——'],
    ['compatibility ideographs and Extension A', '\uf900\uf901\uf902\u3400\u3401' + TRADITIONAL],
    ['Latin-1 mojibake', 'æœ¬æŠ¥è®¯ï¼ˆè®°è€… çŽ‹é‡‘ä¼Ÿï¼‰' + SIMPLIFIED],
    ...blends.map((text, k) => [`${k} traditional characters`, text] as [string, string]),
  ];
  test.each(cases)('%s', (_, text) => {
    expect(foldTraditional(text)).toEqual(foldTraditionalFull(text));
  });
  test('the blends fold on one side of the bound and not on the other', () => {
    const folded = blends.map((text) => foldTraditional(text) !== undefined);
    expect(folded).toContain(true);
    expect(folded).toContain(false);
  });
});

/** commonHanScore as first written: code points, a regex and the set of common characters. */
function commonHanScoreFull(text: string): { han: number; common: number } {
  let han = 0;
  let n = 0;
  for (const ch of text) {
    if (/[\u3400-\u4dbf\u4e00-\u9fff]/u.test(ch)) {
      han++;
      if (COMMON_HAN.has(ch)) n++;
    }
  }
  return { han, common: n };
}
/** Common characters (all of them are in decode.ts's list), and rare ones (none is). */
const commonHanWords = '的一是不了在人有我他这个们中来上大为和国地到以说时要就出会';
const RARE = '鬯龠爨彟麤靐齾龘䲜㐀䶵丂丄丅';

const ratioFull = (text: string): number => {
  const { han, common } = commonHanScoreFull(text);
  return han === 0 ? 0 : common / han;
};

/** repairMojibake without its pre-check: every wrong reading is tried. */
function repairMojibakeFull(text: string): { text: string; from?: string; lost?: number } {
  const before = ratioFull(text);
  const latin = /[\u00c0-\u00ff][\u0080-\u00bf]/u.test(text);
  const reencode = (encoding: string): Buffer =>
    Buffer.concat(text.split('\uFFFD').flatMap((part, i) => (i === 0 ? [iconv.encode(part, encoding)] : [Buffer.from([0xff]), iconv.encode(part, encoding)])));
  const candidates: Array<[string, () => Buffer]> = [
    ['gbk', () => reencode('gbk')],
    ['gb18030', () => reencode('gb18030')],
  ];
  if (latin) candidates.unshift(['latin1', () => Buffer.from(text, 'latin1')], ['cp1252', () => iconv.encode(text, 'win1252')]);
  for (const [from, encode] of candidates) {
    const fixed = new TextDecoder('utf-8').decode(encode()).replace(/\uFFFD+/gu, '\uFFFD');
    const lost = (fixed.match(/\uFFFD/gu) ?? []).length;
    const after = ratioFull(fixed);
    if (commonHanScoreFull(fixed).han >= 2 && after > before + 0.25 && after > 0.5 && lost <= commonHanScoreFull(fixed).han * 0.2) {
      return lost > 0 ? { text: fixed, from, lost } : { text: fixed, from };
    }
  }
  return { text };
}

describe('the common-character score and the mojibake pre-check agree with the full computation', () => {
  const gbk = (text: string): string => iconv.decode(Buffer.from(text, 'utf8'), 'gbk');
  const latin1 = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');
  // Common text with k rare characters mixed in: the score falls through 0.75 on the way.
  const blends = Array.from({ length: RARE.length + 1 }, (_, k) => [...commonHanWords].map((c, i) => (i < k * 2 ? RARE[i >> 1]! : c)).join(''));
  const cases: Array<[string, string]> = [
    ['clean simplified', SIMPLIFIED],
    ['traditional', TRADITIONAL],
    ['UTF-8 read as GBK', gbk(SIMPLIFIED)],
    ['UTF-8 read as Latin-1', latin1(SIMPLIFIED)],
    ['clean text with a GBK-garbled tail', SIMPLIFIED + gbk(SIMPLIFIED.slice(0, 30))],
    ['GBK-garbled text with a clean tail', gbk(SIMPLIFIED) + SIMPLIFIED.slice(0, 20)],
    ['replacement characters', gbk(SIMPLIFIED).replace(/.{7}/gu, (m) => m + '\uFFFD')],
    ['astral and lone surrogates', '𠀀𠮷\ud800x\udc00' + SIMPLIFIED],
    ['compatibility ideographs and Extension A', '\uf900\uf901\u3400\u4db5' + SIMPLIFIED],
    ['no Han', 'plain ASCII text, 12345'],
    ...blends.map((text, k) => [`${k * 2} rare characters`, text] as [string, string]),
    ...blends.map((text, k) => [`${k * 2} rare characters read as GBK`, gbk(text)] as [string, string]),
    ...blends.map((text, k) => [`Latin-1 mojibake beside ${k * 2} rare characters`, latin1(SIMPLIFIED) + text.slice(0, 20)] as [string, string]),
  ];
  test.each(cases)('%s', (_, text) => {
    expect(commonHanScore(text)).toEqual(commonHanScoreFull(text));
    expect(repairMojibake(text)).toEqual(repairMojibakeFull(text));
  });
  test('the blends score on both sides of 0.75', () => {
    const scores = blends.map(ratioFull);
    expect(Math.max(...scores)).toBeGreaterThanOrEqual(0.75);
    expect(Math.min(...scores)).toBeLessThan(0.75);
  });
  test('the garbled cases are repaired, so both paths are exercised', () => {
    expect(repairMojibake(gbk(SIMPLIFIED)).from).toBe('gbk');
    expect(repairMojibake(latin1(SIMPLIFIED)).from).toBe('latin1');
    // Mojibake beside a few printed Han characters: repaired while those score low, kept once they score high.
    const beside = blends.map((text) => repairMojibakeFull(latin1(SIMPLIFIED) + text.slice(0, 20)).from);
    expect(beside).toContain('latin1');
    expect(beside).toContain(undefined);
  });
});

/** The duplicate index's decisions taken the slow way: every kept paragraph compared with every new one. */
class BruteIndex {
  private exact = new Map<string, string>();
  private owners: string[] = [];
  private keys: string[] = [];
  private grams: Array<Set<string>> = [];
  private refs: unknown[] = [];
  private replaced = new Set<number>();

  private static shared(a: Set<string>, b: Set<string>): number {
    let n = 0;
    for (const g of a) if (b.has(g)) n++;
    return n;
  }

  checkFuller(text: string, owner: string, ref: unknown): { hit?: { owner: string; near: boolean }; replaces: Array<{ ref: unknown; owner: string }> } {
    const hit = this.check(text, owner, ref);
    if (hit) return { hit, replaces: [] };
    const key = squeeze(text);
    if (key.length < 8) return { replaces: [] };
    const self = this.owners.length - 1;
    const replaces: Array<{ ref: unknown; owner: string }> = [];
    for (let idx = 0; idx < self; idx++) {
      const kept = this.grams[idx]!;
      if (this.replaced.has(idx) || kept.size === 0 || this.keys[idx]!.length >= key.length) continue;
      if (BruteIndex.shared(kept, this.grams[self]!) < Math.ceil(NEAR_DUPLICATE_THRESHOLD * kept.size - 1e-9)) continue;
      replaces.push({ ref: this.refs[idx], owner: this.owners[idx]! });
      this.replaced.add(idx);
      this.owners[idx] = owner;
      this.exact.set(this.keys[idx]!, owner);
    }
    return { replaces };
  }

  private check(text: string, owner: string, ref: unknown): { owner: string; near: boolean } | undefined {
    const key = squeeze(text);
    if (key.length < 8) return undefined;
    const seen = this.exact.get(key);
    if (seen !== undefined) return { owner: seen, near: false };
    const grams = new Set(Array.from({ length: key.length - 2 }, (_, i) => key.slice(i, i + 3)));
    const need = Math.ceil(NEAR_DUPLICATE_THRESHOLD * grams.size - 1e-9);
    let best = -1;
    let bestHits = 0;
    this.grams.forEach((kept, idx) => {
      const hits = BruteIndex.shared(grams, kept);
      if (hits >= need && hits > bestHits) [best, bestHits] = [idx, hits];
    });
    if (best >= 0) return { owner: this.owners[best]!, near: true };
    this.exact.set(key, owner);
    this.owners.push(owner);
    this.keys.push(key);
    this.grams.push(grams);
    this.refs.push(ref);
    return undefined;
  }
}

describe('the duplicate index finds what comparing every pair finds', () => {
  // Paragraphs built from a small pool of sentences, then copied whole, cut short, respaced and altered by a character.
  let seed = 7;
  const random = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const alphabet = [...commonHanWords, ...'区市县镇村街道社区工作人员开展整治行动清理卫生服务群众政府部门会议'];
  const sentences = Array.from({ length: 120 }, () => Array.from({ length: 6 + Math.floor(random() * 20) }, () => pick(alphabet)).join('') + '。');
  const texts: string[] = [];
  for (let i = 0; i < 1500; i++) {
    const r = random();
    const earlier = texts.length > 0 ? pick(texts) : '';
    if (r < 0.3 || !earlier) texts.push(Array.from({ length: 1 + Math.floor(random() * 5) }, () => pick(sentences)).join(''));
    else if (r < 0.45) texts.push(earlier);
    else if (r < 0.6) texts.push(earlier.slice(0, Math.max(4, Math.floor(earlier.length * (0.5 + random() / 2)))));
    else if (r < 0.7) texts.push(earlier.replace(/(.{5})/gu, '$1 '));
    else if (r < 0.85) {
      const at = Math.floor(random() * earlier.length);
      texts.push(earlier.slice(0, at) + pick(alphabet) + earlier.slice(at + 1));
    } else texts.push(earlier + pick(sentences));
  }
  test('every decision and every replacement agree', () => {
    const index = new DuplicateIndex();
    const brute = new BruteIndex();
    const got = texts.map((text, i) => index.checkFuller(text, `a${i >> 2}`, i));
    const want = texts.map((text, i) => brute.checkFuller(text, `a${i >> 2}`, i));
    expect(got).toEqual(want);
    // All three outcomes occur, so the test reaches each path.
    expect(got.filter((r) => r.hit?.near === true).length).toBeGreaterThan(20);
    expect(got.filter((r) => r.hit?.near === false).length).toBeGreaterThan(20);
    expect(got.filter((r) => r.replaces.length > 0).length).toBeGreaterThan(20);
  });
  // Twice the characters is an over-estimate, and sizes the posting and prefix tables differently (2^16 and 2^17 buckets).
  test.each([1, 2])('and still agree when the index is sized up front (no growing, no re-posting) for %i× the characters checked', (factor) => {
    const sized = new DuplicateIndex(undefined, factor * texts.reduce((n, t) => n + t.length, 0));
    const brute = new BruteIndex();
    expect(texts.map((text, i) => sized.checkFuller(text, `a${i >> 2}`, i))).toEqual(texts.map((text, i) => brute.checkFuller(text, `a${i >> 2}`, i)));
  });
  test.each([6, 2])('and still agree when every bucket holds the postings of many trigrams (as past 2^22 buckets at 100,000 articles): 2^%i buckets', (bits) => {
    const crowded = new DuplicateIndex(bits);
    const brute = new BruteIndex();
    expect(texts.map((text, i) => crowded.checkFuller(text, `a${i >> 2}`, i))).toEqual(texts.map((text, i) => brute.checkFuller(text, `a${i >> 2}`, i)));
  });
});

describe('the word-across-cut answer, both segmentations in one pass over a packed dictionary, agrees with segmenting twice', () => {
  const tailRe = new RegExp(`[${HAN}]{1,4}$`, 'u');
  const headRe = new RegExp(`^[${HAN}]{1,4}`, 'u');
  /** wordSpansCut as first written: regexes for the characters around the cut, segmented every time. */
  const spansFull = (left: string, right: string): boolean => {
    const l = tailRe.exec(left)?.[0];
    const r = headRe.exec(right)?.[0];
    if (!l || !r) return false;
    return bestSegmentation(l + r) > bestSegmentation(l + r, l.length) + 1e-9;
  };
  test.each(['', '群', '人民群众', '建设新时代文明实践', 'abc', '工作。', '工作 ', '𠮷', '工作𠮷', '\uf900\uf901', '\u3400工作', '进行x当天', '的\ud800'])('the Han tail of %j', (text) => {
    expect(hanTail(text)).toBe(tailRe.exec(text)?.[0]);
  });
  test('every cut of the same characters, asked in both orders, agrees with the full computation', () => {
    const lines = [SIMPLIFIED, '为党分忧担当责任群众进行当天委员会提供服务', '人民群众满意度不断提升。进行了大力宣传'];
    const pairs: Array<[string, string]> = [];
    for (const line of lines) for (let cut = 0; cut <= line.length; cut++) pairs.push([line.slice(0, cut), line.slice(cut)]);
    for (const [left, right] of [...pairs, ...pairs.reverse(), ...pairs]) expect([left, right, wordSpansCut(left, right)]).toEqual([left, right, spansFull(left, right)]);
    // Both answers occur.
    expect(new Set(pairs.map(([l, r]) => spansFull(l, r)))).toEqual(new Set([true, false]));
  });
});

describe('the space pre-check of collapseHanSpacing agrees with the full pass', () => {
  /** collapseHanSpacing without its pre-check. */
  const collapseFull = (text: string): string => {
    const CJK = `[${HAN}${CJK_PUNCT}]`;
    const ROLE = '(?:本报记者|见习记者|实习生|通讯员|记者|摄影|摄)';
    if (text.includes('\t')) return text;
    const KEEP = ['\ue000', '\ufdd0', '\ufdd1', '\ufdd2', '\ufdef'].find((p) => !text.includes(p));
    if (KEEP === undefined) return text;
    return text
      .replace(new RegExp(`[ \\t]*${ROLE}[ \\t]+|[ \\t]+${ROLE}(?=[ \\t）)]|$)`, 'gu'), (m) => m.replace(/[ \t]+/gu, KEEP))
      .replace(new RegExp(`(${CJK})[ \\t]+(?=${CJK})`, 'gu'), '$1')
      .replace(new RegExp(`([${HAN}${CJK_PUNCT}])[ \\t]+(?=\\d+(?:\\.\\d+)?(?![A-Za-z\\d.]))`, 'gu'), '$1')
      .replace(new RegExp(`(\\d)[ \\t]+(?=[${HAN}${CJK_PUNCT}])`, 'gu'), '$1')
      .replace(/^[ \t]+|[ \t]+$/gu, '')
      .replace(new RegExp(KEEP, 'gu'), ' ');
  };
  test.each([
    SIMPLIFIED,
    '干 部 的 辛 苦',
    '4 月 1 日',
    '（记者 许廷合 通讯员 李玎）',
    '记者许廷合通讯员李玎',
    '\ue000\ufdd0\ufdd1\ufdd2\ufdef占位',
    '\ue000\ufdd0\ufdd1\ufdd2\ufdef 占 位',
    '占\ue000位',
    '第\u30007\u3000次',
    '５G 网络',
    '表格\t一列',
    ' 前后 ',
    '',
  ])('%j', (text) => {
    expect(collapseHanSpacing(text)).toBe(collapseFull(text));
  });
});

describe('a block finds its lines by bisection, as filtering the file by line number does', () => {
  const lines = toLines('a.txt', Array.from({ length: 40 }, (_, i) => `第${i}行`).join('\n'));
  const gappy = lines.filter((l) => l.line % 3 !== 0);
  test.each([
    [1, 1],
    [1, 40],
    [5, 9],
    [0, 3],
    [38, 45],
    [41, 50],
    [9, 5],
    [2.5, 7.5],
  ])('lines %d–%d', (from, to) => {
    for (const ls of [lines, gappy, []]) expect(linesBetween(ls, from, to)).toEqual(ls.filter((l) => l.line >= from && l.line <= to));
  });
});
