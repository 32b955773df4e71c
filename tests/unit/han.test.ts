import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { countHan, HAN, HAN_GLOBAL_RE } from '../../src/shared/han.ts';

describe('countHan', () => {
  test('counts exactly what the HAN class matches, on any text', () => {
    // Han, their range edges, surrogate pairs (astral ideographs are not counted), lone surrogates, anything else.
    const edges = ['\u33ff', '\u3400', '\u4dbf', '\u4dc0', '\u4dff', '\u4e00', '\u9fff', '\ua000', '\uf8ff', '\uf900', '\ufaff', '\ufb00', '\ud840', '\udc00', '𠀀', '𪚥'];
    const text = fc.array(fc.oneof(fc.constantFrom(...edges), fc.string({ unit: 'binary', maxLength: 4 })), { maxLength: 40 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (t) => countHan(t) === (t.match(HAN_GLOBAL_RE)?.length ?? 0)),
      { seed: 20_261_123, numRuns: 300 },
    );
  });

  test('the ranges it tests are the HAN class', () => {
    expect(HAN).toBe('\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff');
    expect(countHan('许昌日报，2019年 𠀀 \uf900')).toBe(6);
  });
});
