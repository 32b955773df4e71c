import { describe, expect, it } from 'vitest';
import { decodeEntities, excerptSegments, softenBlockSeparators } from '../../src/lib/excerpt.ts';

describe('excerptSegments', () => {
  it('keeps <mark> runs as marked text', () => {
    expect(excerptSegments('近年来，<mark>魏都区</mark>大力实施')).toEqual([
      { text: '近年来，', marked: false },
      { text: '魏都区', marked: true },
      { text: '大力实施', marked: false },
    ]);
  });

  it('drops every tag other than mark, keeping only its text', () => {
    expect(excerptSegments('<img src=x onerror=alert(1)>a<script>b</script><b>c</b>')).toEqual([
      { text: 'abc', marked: false },
    ]);
  });

  it('decodes entities into text instead of markup', () => {
    expect(excerptSegments('&lt;script&gt; &amp; <mark>&quot;党建&quot;</mark>')).toEqual([
      { text: '<script> & ', marked: false },
      { text: '"党建"', marked: true },
    ]);
  });

  it('leaves a lone "<" that opens no tag as text', () => {
    expect(excerptSegments('a < b')).toEqual([{ text: 'a < b', marked: false }]);
  });
});

describe('decodeEntities', () => {
  it('decodes numeric references and leaves unknown names alone', () => {
    expect(decodeEntities('&#39;&#x4E2D;&bogus;')).toBe("'中&bogus;");
  });
});

describe('softenBlockSeparators', () => {
  it('replaces ". " after Chinese text, inside or outside a highlight', () => {
    expect(softenBlockSeparators('一周要闻. <mark>魏都区</mark>. 3月24日')).toBe('一周要闻\u3000<mark>魏都区</mark>\u30003月24日');
  });

  it('leaves full stops in Latin text alone', () => {
    expect(softenBlockSeparators('Dr. Li. 李')).toBe('Dr. Li. 李');
  });
});
