/**
 * Pre-checks that skip work must never change a result: each is compared with
 * the full computation it stands in front of, on text chosen to sit on both
 * sides of its bound.
 */
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { HAN_GLOBAL_RE } from '../../src/shared/han.ts';
import { foldTraditional } from '../../src/pipeline/script.ts';

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
