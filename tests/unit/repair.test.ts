import { describe, expect, test } from 'vitest';
import { collapseHanSpacing } from '../../src/pipeline/repair/spacing.ts';
import { fullWidthPunctuation } from '../../src/pipeline/repair/punctuation.ts';
import { removeInvisible } from '../../src/pipeline/repair/invisible.ts';
import { pairQuotes } from '../../src/pipeline/repair/quotes.ts';
import { fixStrayLatin } from '../../src/pipeline/repair/stray-latin.ts';
import { LINE_PASSES, PARAGRAPH_PASSES, runPasses } from '../../src/pipeline/repair/index.ts';

describe('collapseHanSpacing', () => {
  test.each([
    ['already clean text stays unchanged', '魏都区委书记李朝锋主持会议。', '魏都区委书记李朝锋主持会议。'],
    ['spaced-out characters are joined', '干 部 的 辛 苦 指 数', '干部的辛苦指数'],
    ['spaced dates are joined', '4 月 1 日下午', '4月1日下午'],
    ['a column-join space inside a word is removed', '参观了建 安区新元街道', '参观了建安区新元街道'],
    ['spaces around full-width punctuation go', '强 化 统 筹 联 动 ，凝 聚 工 作 合 力 。', '强化统筹联动，凝聚工作合力。'],
    ['byline names keep their separating spaces', '本报记者 付家宝 通讯员 胡月', '本报记者 付家宝 通讯员 胡月'],
    ['a space next to a Latin word stays', '开发 5G 网络', '开发 5G 网络'],
    ['table rows are left alone', '禹\t州市\t6954', '禹\t州市\t6954'],
  ])('%s', (_name, input, expected) => {
    expect(collapseHanSpacing(input)).toBe(expected);
  });
});

describe('fullWidthPunctuation', () => {
  test.each([
    ['already clean text stays unchanged', '三月，走进魏都区。', '三月，走进魏都区。'],
    ['comma and colon after Han become full-width', '三月,走进魏都区,处处都能感受到喜人的变化:经济', '三月，走进魏都区，处处都能感受到喜人的变化：经济'],
    ['a comma after an ASCII quote closing Han text', '"五破五立",直面问题', '"五破五立"，直面问题'],
    ['a comma between Han and a year', '5月28日上午,2019年中心城区', '5月28日上午，2019年中心城区'],
    ['numbers keep their separators', '共1,000户,增长1.5%', '共1,000户，增长1.5%'],
    ['parentheses around Han text become full-width', '本报讯(记者 王金伟)12月29日', '本报讯（记者 王金伟）12月29日'],
    ['decimal numbers are untouched', '东北方向1.5公里处', '东北方向1.5公里处'],
    ['times and thousands are untouched', '12:30开会,共1,000人', '12:30开会，共1,000人'],
    ['URLs are untouched', '详见 http://example.com/a,b', '详见 http://example.com/a,b'],
    ['case numbers are untouched', '受理编号：许昌D20181117011', '受理编号：许昌D20181117011'],
    ['a full stop after Han text becomes 。', '他说.我们走', '他说。我们走'],
  ])('%s', (_name, input, expected) => {
    expect(fullWidthPunctuation(input)).toBe(expected);
  });
});

describe('pairQuotes', () => {
  test.each([
    ['already clean text stays unchanged', '打通“最后一米”', '打通“最后一米”'],
    ['ASCII double quotes pair into curly quotes', '打通基层治理"最后一米"的"关键"', '打通基层治理“最后一米”的“关键”'],
    ['single quotes around Han text pair', "打造了'五网融合'平台", '打造了‘五网融合’平台'],
    ['an odd quote is left as printed', '他说"好', '他说"好'],
    ['English apostrophes stay', "it's fine", "it's fine"],
  ])('%s', (_name, input, expected) => {
    expect(pairQuotes(input)).toBe(expected);
  });
});

describe('removeInvisible', () => {
  test.each([
    ['already clean text stays unchanged', '魏都区', '魏都区'],
    ['zero-width and control characters go', '魏\u200b都\u0000区\ufeff', '魏都区'],
    ['ideographic space becomes a plain space', '魏都区\u3000建安区', '魏都区 建安区'],
  ])('%s', (_name, input, expected) => {
    expect(removeInvisible(input)).toBe(expected);
  });
});

describe('fixStrayLatin', () => {
  test.each([
    ['already clean text stays unchanged', '社区管理、便民服务等“五网融合”', '社区管理、便民服务等“五网融合”'],
    ['an English etc between Chinese words becomes 等', '社区管理、便民服务 etc“五网融合”', '社区管理、便民服务等“五网融合”'],
    ['etc in an English sentence stays', 'apples, pears etc.', 'apples, pears etc.'],
  ])('%s', (_name, input, expected) => {
    expect(fixStrayLatin(input)).toBe(expected);
  });
});

describe('repair chains are idempotent', () => {
  const samples = ['干 部 的 辛 苦', '三月,走进"魏都区"', '本报讯(记者 王金伟)12月29日,', '便民服务 etc“五网融合”', '4 月 1 日 , 1.5 公里'];
  test.each(samples)('line and paragraph passes applied twice equal once: %s', (s) => {
    for (const passes of [LINE_PASSES, PARAGRAPH_PASSES]) {
      const once = runPasses(s, passes);
      expect(runPasses(once, passes)).toBe(once);
    }
  });
});

describe('paragraph chain', () => {
  test.each([
    ['a column-join space before an ASCII quote goes once the quote is paired', '要深刻认识开展 "能力作风建设年"活动的重大意义', '要深刻认识开展“能力作风建设年”活动的重大意义'],
    ['a comma after an ASCII closing quote becomes full-width', '"五破五立",直面问题', '“五破五立”，直面问题'],
    ['already clean stays unchanged', '本报讯（记者 王金伟）12月29日，市委常委到建安区调研。', '本报讯（记者 王金伟）12月29日，市委常委到建安区调研。'],
  ])('%s', (_name, input, expected) => {
    expect(runPasses(input, PARAGRAPH_PASSES)).toBe(expected);
  });
});
