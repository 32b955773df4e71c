import iconv from 'iconv-lite';
import { describe, expect, test } from 'vitest';
import { decode, repairMojibake } from '../../src/pipeline/decode.ts';

const TEXT = '魏都区委书记李朝锋主持召开十五届区委常委会第27次会议，传达学习安全生产工作重要指示批示精神。';

describe('decode', () => {
  test.each([
    ['UTF-8', Buffer.from(TEXT, 'utf8'), 'utf-8'],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT, 'utf8')]), 'utf-8-bom'],
    ['UTF-16 LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(TEXT, 'utf-16le')]), 'utf-16le'],
    ['UTF-16 BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(TEXT, 'utf-16be')]), 'utf-16be'],
    ['GB18030', iconv.encode(TEXT, 'gb18030'), 'gb18030'],
    ['GBK', iconv.encode(TEXT, 'gbk'), 'gb18030'],
  ])('%s decodes to the original text', (_name, bytes, encoding) => {
    const d = decode(bytes);
    expect(d.text).toBe(TEXT);
    expect(d.encoding).toBe(encoding);
    expect(d.issues).toEqual([]);
  });

  test('Big5 traditional text decodes as Big5', () => {
    const trad = '魏都區委書記主持召開區委常委會會議，傳達學習安全生產工作重要指示批示精神。';
    const d = decode(iconv.encode(trad, 'big5'));
    expect(d.encoding).toBe('big5');
    expect(d.text).toBe(trad);
  });

  test('a character truncated mid-sequence is reported with its byte offset', () => {
    const bytes = Buffer.from(TEXT, 'utf8');
    const cut = Buffer.concat([bytes.subarray(0, 10), bytes.subarray(11)]);
    const d = decode(cut);
    expect(d.encoding).toBe('utf-8');
    expect(d.issues[0]?.byte).toBe(9);
    expect(d.issues[0]?.message).toMatch(/byte 9/u);
  });

  test('an empty file is reported, not decoded', () => {
    expect(decode(new Uint8Array())).toMatchObject({ encoding: 'empty', issues: [{ message: 'file is empty' }] });
  });

  test('a PNG renamed .txt is reported as binary', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(decode(png)).toMatchObject({ encoding: 'binary', text: '' });
  });
});

describe('repairMojibake', () => {
  test('UTF-8 read as GBK is restored, with the characters the wrong reading destroyed counted', () => {
    const garbled = iconv.decode(Buffer.from(TEXT, 'utf8'), 'gbk');
    expect(garbled).not.toBe(TEXT);
    const fixed = repairMojibake(garbled);
    expect(fixed.from).toBe('gbk');
    const same = [...fixed.text].filter((c, i) => c === [...TEXT][i]).length;
    expect(same).toBeGreaterThan(TEXT.length * 0.8);
    expect(fixed.text.length).toBe(TEXT.length);
    expect(fixed.lost).toBe([...fixed.text].filter((c) => c === '\uFFFD').length);
  });

  test('UTF-8 read as Latin-1 is restored exactly', () => {
    const garbled = Buffer.from(TEXT, 'utf8').toString('latin1');
    expect(repairMojibake(garbled)).toEqual({ text: TEXT, from: 'latin1' });
  });

  test('clean text stays unchanged', () => {
    expect(repairMojibake(TEXT)).toEqual({ text: TEXT });
  });
});
