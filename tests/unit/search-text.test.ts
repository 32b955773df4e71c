import { describe, expect, it } from 'vitest';
import { openccFoldTable } from '../../src/lib/search-index.ts';
import { truthFor } from '../../src/lib/search-sample.ts';
import { buildExcerpt, chunkLocator, lookupWords } from '../../src/scripts/search/engine.ts';
import { bigramTokens, chunkProbes, displayTokenOf, FILLER_TOKEN, indexChar, displayTokens, findRuns, parseQuery, QUOTE_TOKEN, searchKey } from '../../src/lib/search-text.ts';

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

  it('reads bigram tokens as the characters they start with', () => {
    const segments = buildExcerpt('标题 题 \ue000 \ue000 正文 文魏 魏都 都区 区', parseQuery('魏都', table), 80);
    expect(segments.map((segment) => segment.text).join('')).toBe('正文魏都区');
    expect(segments.find((segment) => segment.marked)?.text).toBe('魏都');
  });

  it('starts the window near the first hit in the body', () => {
    const content = [...'一二三四五六七八九十'.repeat(10), '魏', '都'].join(' ');
    const text = buildExcerpt(content, parseQuery('魏都', table), 20).map((segment) => segment.text).join('');
    expect(text.startsWith('…')).toBe(true);
    expect(text).toContain('魏都');
  });
});

describe('bigramTokens', () => {
  it('gives every position the pair starting there and the last character alone', () => {
    expect(bigramTokens(['魏', '都', '区'])).toEqual(['魏都', '都区', `区${FILLER_TOKEN}`]);
    expect(bigramTokens(['魏'])).toEqual([`魏${FILLER_TOKEN}`]);
    expect(bigramTokens([])).toEqual([]);
  });

  it('gives Pagefind no word it would split into one-character parts', () => {
    // ASCII punctuation stands as a private-use character; a second upper-case letter is lower-cased.
    const tokens = bigramTokens(['(', '市', ')', 'É', 'B', '中']);
    expect(tokens.every((token) => !/[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]/u.test(token))).toBe(true);
    expect(tokens.slice(3, 5)).toEqual(['Éb', 'B中']);
    expect(tokens.map(displayTokenOf)).toEqual(['(', '市', ')', 'É', 'B', '中']);
    expect(indexChar('，')).toBe('，');
    expect(indexChar('a')).toBe('a');
  });

  it('keeps a character outside the basic plane whole', () => {
    expect(bigramTokens(['𠀋', '都'])).toEqual(['𠀋都', `都${FILLER_TOKEN}`]);
  });
});

/** Whether the lookup words, placed at their offsets, spell the whole term. */
function spells(tokens: string[], words: { word: string; offset: number }[]): boolean {
  const covered = Array<string | undefined>(tokens.length);
  for (const { word, offset } of words) {
    [...word].forEach((char, i) => {
      covered[offset + i] = char;
    });
  }
  return covered.every((char, i) => char === tokens[i]);
}

describe('lookupWords', () => {
  const oneChunk = chunkLocator([]);

  it('looks a one-character term up by the character itself', () => {
    expect(lookupWords(['魏'], oneChunk)).toEqual([{ word: '魏', offset: 0 }]);
  });

  it('with every word in one chunk, takes every other bigram and the last', () => {
    expect(lookupWords([...'许昌市魏都区'], oneChunk)).toEqual([
      { word: '许昌', offset: 0 },
      { word: '市魏', offset: 2 },
      { word: '都区', offset: 4 },
    ]);
    expect(lookupWords([...'魏都区'], oneChunk)).toEqual([
      { word: '魏都', offset: 0 },
      { word: '都区', offset: 1 },
    ]);
  });

  it('covers every character for every length, with or without chunk boundaries', () => {
    const text = [...'二〇一八年许昌市魏都区人民政府办公室关于进一步加强'];
    const chunkOf = chunkLocator(['一', '加', '市', '进']);
    for (let length = 1; length <= text.length; length++) {
      const tokens = text.slice(0, length);
      expect(spells(tokens, lookupWords(tokens, oneChunk)), `length ${length}`).toBe(true);
      expect(spells(tokens, lookupWords(tokens, chunkOf)), `length ${length}, chunked`).toBe(true);
    }
  });

  it('prefers bigrams in fewer index chunks when it knows the boundaries', () => {
    // One chunk boundary at 魏: 都区 and 区魏 sort before it, 魏都 after.
    const chunkOf = chunkLocator(['魏']);
    const tokens = [...'都区魏都区'];
    const chunksOf = (words: { word: string }[]) => new Set(words.map(({ word }) => chunkOf(word))).size;
    expect(chunksOf(lookupWords(tokens, oneChunk))).toBe(2);
    const words = lookupWords(tokens, chunkOf);
    expect(chunksOf(words)).toBe(1);
    expect(spells(tokens, words)).toBe(true);
  });
});

describe('chunkLocator', () => {
  it('numbers chunks by their first words in code point order', () => {
    const chunkOf = chunkLocator(['%。', '到社', '愿，', '绕城']);
    expect(chunkOf('$')).toBe(0);
    expect(chunkOf('%。')).toBe(1);
    expect(chunkOf('到矿')).toBe(1);
    expect(chunkOf('到社')).toBe(2);
    expect(chunkOf('魏都')).toBe(4);
  });
});

describe('chunkProbes', () => {
  it('lists each chunk start under its first character', () => {
    expect(chunkProbes(['%。', '到社', '到贯', '绕'])).toEqual({ '%': ['%。'], 到: ['到社', '到贯'], 绕: ['绕'] });
  });
});

describe('findRuns', () => {
  it('finds overlapping runs', () => {
    expect(findRuns(['a', 'a', 'a'], ['a', 'a'])).toEqual([0, 1]);
  });
});
