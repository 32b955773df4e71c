import { describe, expect, it } from 'vitest';
import { openccFoldTable } from '../../src/lib/search-index.ts';
import { truthFor } from '../../src/lib/search-sample.ts';
import { buildExcerpt } from '../../src/scripts/search/engine.ts';
import { displayTokens, findRuns, parseQuery, QUOTE_TOKEN, searchKey } from '../../src/lib/search-text.ts';

const table = openccFoldTable();

describe('displayTokens', () => {
  it.each([
    ['许昌 魏都区', ['许', '昌', '魏', '都', '区']],
    ['D2018', ['D', '2', '0', '1', '8']],
    ['ＡＢ１２', ['A', 'B', '1', '2']],
    ['國會，', ['国', '会', '，']],
    ['say "hi"', ['s', 'a', 'y', QUOTE_TOKEN, 'h', 'i', QUOTE_TOKEN]],
  ])('%s', (text, tokens) => {
    expect(displayTokens(text, table)).toEqual(tokens);
  });

  it('folds a substring to a substring of the folded text', () => {
    const text = '臺灣乾燥後，許昌市5G網路';
    for (let i = 0; i < text.length; i++) {
      for (let j = i + 1; j <= text.length; j++) expect(searchKey(text, table)).toContain(searchKey(text.slice(i, j), table));
    }
  });
});

describe('parseQuery', () => {
  it.each([
    ['魏都 环保', [['魏都', false], ['环保', false]]],
    ['魏都 -环保', [['魏都', false], ['环保', true]]],
    ['"魏都 区" -"环 保"', [['魏都区', false], ['环保', true]]],
    ['D20181119', [['d20181119', false]]],
    ['　許昌　', [['许昌', false]]],
    ['- ""', [['-', false]]],
  ])('%s', (query, expected) => {
    expect(parseQuery(query, table).map((term) => [term.tokens.join(''), term.exclude])).toEqual(expected);
  });
});

describe('truthFor', () => {
  const keys = ['许昌市魏都区', '魏都环保局', 'd20181119 许昌'].map((text) => searchKey(text, table));
  it.each([
    ['魏都', [0, 1]],
    ['許昌', [0, 2]],
    ['魏都 -环保', [0]],
    ['D2018', [2]],
    ['都魏', []],
    ['-魏都', [2]],
    ['', []],
  ])('%s', (query, expected) => {
    expect(truthFor(query, keys, table)).toEqual(expected);
  });
});

describe('buildExcerpt', () => {
  it('joins tokens without spaces and marks every hit', () => {
    const segments = buildExcerpt('标 题 \ue000 \ue000 正 文 魏 都 区 和 魏 都', parseQuery('魏都', table), 80);
    expect(segments).toEqual([
      { text: '正文', marked: false },
      { text: '魏都', marked: true },
      { text: '区和', marked: false },
      { text: '魏都', marked: true },
    ]);
  });

  it('starts the window near the first hit in the body', () => {
    const content = [...'一二三四五六七八九十'.repeat(10), '魏', '都'].join(' ');
    const text = buildExcerpt(content, parseQuery('魏都', table), 20).map((segment) => segment.text).join('');
    expect(text.startsWith('…')).toBe(true);
    expect(text).toContain('魏都');
  });
});

describe('findRuns', () => {
  it('finds overlapping runs', () => {
    expect(findRuns(['a', 'a', 'a'], ['a', 'a'])).toEqual([0, 1]);
  });
});
