/**
 * Structure passes (reflow, reassemble, segment) as table tests, and
 * whole-pipeline properties on the embedded seed corpus: accounting balances,
 * output is deterministic, ids are stable, and re-encoded / re-lined copies
 * of the seeds give the same articles.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, test } from 'vitest';
import { blocksOf, ingest, withColumnJoins, type CorpusFile } from '../../src/pipeline/index.ts';
import { reflow, tableRowsGoOn } from '../../src/pipeline/reflow.ts';
import { reassemble, joinScore, paragraphPerLine, printedParagraphs } from '../../src/pipeline/reassemble.ts';
import { segment } from '../../src/pipeline/segment.ts';
import { classify } from '../../src/pipeline/classify.ts';
import { placesIn, squeeze } from '../../src/shared/han.ts';
import { dateInFileName, derivedTitle, describe as describeArticle, readsAsCommentary } from '../../src/pipeline/describe.ts';
import type { Block, Line } from '../../src/pipeline/types.ts';
import { copiesAgree, mergeCaseCopies } from '../../src/pipeline/cases.ts';
import { DuplicateIndex, dedupeBlocks } from '../../src/pipeline/dedupe.ts';
import { foldTraditional, unfoldText } from '../../src/pipeline/script.ts';

const RAW = path.join(import.meta.dirname, '../../content/raw');
const seeds: CorpusFile[] = readdirSync(RAW)
  .filter((n) => n.endsWith('.txt'))
  .sort()
  .map((name) => ({ name, bytes: readFileSync(path.join(RAW, name)) }));

const lines = (text: string): Line[] => text.split('\n').map((t, i) => ({ file: 'f', line: i + 1, text: t }));
const para = (text: string, from: number): Block => ({ file: 'f', from, to: from, role: 'paragraph', text });

describe('reflow', () => {
  const column = Array.from({ length: 8 }, () => '一二三四五六七八九十一二三四五六');
  const narrow = Array.from({ length: 8 }, () => '一二三四五六七八九十一二三');
  const eight = Array.from({ length: 12 }, () => '一二三四五六七八');
  const twelve = Array.from({ length: 10 }, () => '一二三四五六七八九十一二');
  test.each([
    ['already clean paragraphs stay one block each', '第一段话。\n\n第二段话。', ['第一段话。', '第二段话。']],
    ['a full column line continues on the next line', [...column, '结束了。'].join('\n'), [column.join('') + '结束了。']],
    ['an opening line two characters short still continues', ['三四五六七八九十一二三四五六', ...column, '完。'].join('\n'), ['三四五六七八九十一二三四五六' + column.join('') + '完。']],
    // Two short lines with no punctuation: a headline group (segment decides whether it is one headline or two).
    ['a headline under the last line of a paragraph is split off', [...column, '结束了。', '何长成主持召开全区重点项目', '要素保障第7次工作例会'].join('\n'), [column.join('') + '结束了。', '何长成主持召开全区重点项目', '要素保障第7次工作例会']],
    ['a full line heading a wrapped headline is split off with it', [...column, '结束了。', '何长成主持召开全区重点项目要素', '保障第7次工作例会'].join('\n'), [column.join('') + '结束了。', '何长成主持召开全区重点项目要素保障第7次工作例会']],
    ['a headline glued behind a sentence inside a line is split off', [...column, '落到实处。（魏宣）李朝锋组织召', '开全区专题会', '', '4月1日上午，会议召开。'].join('\n'), [column.join('') + '落到实处。（魏宣）', '李朝锋组织召开全区专题会', '4月1日上午，会议召开。']],
    ['a headline glued behind a sentence in a line of its own is split off', [...column, '结束了。', '', '安宁。（魏宣）何长成主持召开', '要素保障第7次工作例会', '', '4月4日，会议召开。'].join('\n'), [column.join('') + '结束了。', '安宁。（魏宣）', '何长成主持召开', '要素保障第7次工作例会', '4月4日，会议召开。']],
    ['a quoted word inside a headline line is no sentence end to split at', [...column, '结束了。', '', '选派干部“疫”线历练激', '励干部实干担当', '', '本报讯 会议召开。'].join('\n'), [column.join('') + '结束了。', '选派干部“疫”线历练激', '励干部实干担当', '本报讯 会议召开。']],
    ['a glued tail followed by the rest of its sentence stays in the paragraph', [...column, '脏乱差。通过近些年社区的不断', '', '发展、振兴，村里变了。'].join('\n'), [column.join('') + '脏乱差。通过近些年社区的不断', '发展、振兴，村里变了。']],
    ['a short opening line with a clause runs on into a full line', ['李朝锋要求，安全生产是民生', ...column, '完。'].join('\n'), ['李朝锋要求，安全生产是民生' + column.join('') + '完。']],
    ['a short line ending on a comma runs on', [...column, '畅，', '原来影响小区环境、安全等难题随着', '解决了。'].join('\n'), [column.join('') + '畅，原来影响小区环境、安全等难题随着解决了。']],
    ['a line ending on a comma takes the next line however short it is', [...column, '结束了。', '', '整洁舒适的环境让人心情舒畅，', '原来影响小区环境等难题随着', '', '“红色网格”党建品牌的深入推进，一', '个个得到有效解决。'].join('\n'), [column.join('') + '结束了。', '整洁舒适的环境让人心情舒畅，原来影响小区环境等难题随着', '“红色网格”党建品牌的深入推进，一个个得到有效解决。']],
    ['a short opening line followed by a short line is a headline group', ['选派干部“疫”线历练激', '励干部实干担当', '', ...column, '完。'].join('\n'), ['选派干部“疫”线历练激', '励干部实干担当', column.join('') + '完。']],
    ['a full headline line and a subtitle between blank lines stay two blocks', [...column, '结束了。', '', '全区选派三十名机关干部“疫”线历练', '激励干部实干担当', '', ...column, '完。'].join('\n'), [column.join('') + '结束了。', '全区选派三十名机关干部“疫”线历练', '激励干部实干担当', column.join('') + '完。']],
    ['a full headline line and a short tail between blank lines are one headline', [...column, '结束了。', '', '一线监督助力全区人居环境整治工作', '“美”起来', '', ...column, '完。'].join('\n'), [column.join('') + '结束了。', '一线监督助力全区人居环境整治工作“美”起来', column.join('') + '完。']],
    ['a byline glued behind a headline is split off', [...column, '结束了。', '', '金湾社区：听民意、办实事，“红色', '治理”解难题本报', '记者 孙江锋'].join('\n'), [column.join('') + '结束了。', '金湾社区：听民意、办实事，“红色治理”解难题', '本报记者 孙江锋']],
    ['a full line ending in a byline ends its block: the blank line after it is not skipped', [...column, '结束了。', '', '金湾社区：听民意、办实事，“红色', '治理”解难题更好本报记者 孙江锋', '', '小菜园拆除后，路面增宽了。 张三 摄'].join('\n'), [column.join('') + '结束了。', '金湾社区：听民意、办实事，“红色治理”解难题更好', '本报记者 孙江锋', '小菜园拆除后，路面增宽了。 张三 摄']],
    ['a byline inside the dateline\'s open parenthesis goes on', [...column, '结束了。', '', '本报讯（记者 许廷合 通讯员 冯嘉滢', '）社区里的垃圾清走了，居民们都说好。'].join('\n'), [column.join('') + '结束了。', '本报讯（记者 许廷合 通讯员 冯嘉滢）社区里的垃圾清走了，居民们都说好。']],
    ['a byline name the column cut joins the line before, then the byline is split off', [...column, '结束了。', '', '巧解“千千结”难题本报记者 张', '铮', '', '社区组织党员进行议事。资料图片'].join('\n'), [column.join('') + '结束了。', '巧解“千千结”难题', '本报记者 张铮', '社区组织党员进行议事。资料图片']],
    ['a photo credit ends its block', [...column, '社区一角。 张三 摄', '本报讯下一条。'].join('\n'), [column.join('') + '社区一角。 张三 摄', '本报讯下一条。']],
    // A closing quote after a word does not end a sentence: the line after it is the rest of the headline.
    ['a headline cut after a quoted word stays whole', [...narrow, '结束了。', '', '一线监督助力人居环境“美”', '起来', '', ...narrow, '完。'].join('\n'), [narrow.join('') + '结束了。', '一线监督助力人居环境“美”起来', narrow.join('') + '完。']],
    ['a photo credit alone under a full caption line stays with the caption', [...column, '结束了。', '', '小菜园拆除后，路面增宽，变好了。', '孙江峰 摄', '', ...column, '完。'].join('\n'), [column.join('') + '结束了。', '小菜园拆除后，路面增宽，变好了。孙江峰 摄', column.join('') + '完。']],
    ['a short tail after the last sentence, finished by the text after a blank line, stays in the paragraph', [...column, '结束了。', '', '“原来这周边先后建了垃圾场，脏乱差。', '通过近些年社区的不断', '', '发展、振兴，村里变了。'].join('\n'), [column.join('') + '结束了。', '“原来这周边先后建了垃圾场，脏乱差。通过近些年社区的不断', '发展、振兴，村里变了。']],
    ['a short tail after a quotation ends, finished after a blank line, is not a headline', [...column, '精气神都不一样了，真是旧貌换新颜……”', '庞庄', '', '社区居民李晓说。'].join('\n'), [column.join('') + '精气神都不一样了，真是旧貌换新颜……”庞庄', '社区居民李晓说。']],
    ['a tail under the last sentence is a headline when a report follows', [...column, '结束了。', '何长成主持召开全区重点项目', '', '本报讯 会议召开。'].join('\n'), [column.join('') + '结束了。', '何长成主持召开全区重点项目', '本报讯 会议召开。']],
    ['a one-line subtitle right under a wrapped headline ends at the blank line after it', [...eight, '结束了。', '', '选派干部“疫”线', '历练', '激励干部实干担当', '', '小区是社区的基本', '单元，是服务群众', '完。'].join('\n'), [eight.join('') + '结束了。', '选派干部“疫”线历练', '激励干部实干担当', '小区是社区的基本单元，是服务群众完。']],
    ['a byline inside a parenthesis opened on an earlier line goes on', [...eight, '结束了。', '', '本报讯（记者 许', '廷合 通讯员 冯嘉', '滢）“这是我们刚', '才拍到的垃圾。'].join('\n'), [eight.join('') + '结束了。', '本报讯（记者 许廷合 通讯员 冯嘉滢）“这是我们刚才拍到的垃圾。']],
    ['a line ending in a quoted word runs on into a line that cannot open a sentence', [...column, '带动近2000家中小企业“上云”', '，推动形成以制造业为主体、云服务', '提供商为主要支撑的平台生态。'].join('\n'), [column.join('') + '带动近2000家中小企业“上云”，推动形成以制造业为主体、云服务提供商为主要支撑的平台生态。']],
    ['a byline opened by a mark stays whole', [...column, '结束了。', '', '□ 记者 王利辉', '', '干树枝掉落。'].join('\n'), [column.join('') + '结束了。', '□ 记者 王利辉', '干树枝掉落。']],
    ['a Markdown heading the column cut goes on in the next line', [...column, '结束了。', '', '### ——魏都区城市基层党建工作的探', '索与实践', '', '本报记者 付家宝'].join('\n'), [column.join('') + '结束了。', '——魏都区城市基层党建工作的探索与实践', '本报记者 付家宝']],
    ['a heading the column cut one character before its end goes on', [...column, '结束了。', '', '#### 下好党建“一盘一二三四五', '棋”', '', '“合抱之树，生于毫末。”'].join('\n'), [column.join('') + '结束了。', '下好党建“一盘一二三四五棋”', '“合抱之树，生于毫末。”']],
    ['a byline cut between a role and its name is joined with a space', [...column, '结束了。', '', '本报记者 付家宝一二 通讯员', '胡月', '', '三月，走进魏都区。'].join('\n'), [column.join('') + '结束了。', '本报记者 付家宝一二 通讯员 胡月', '三月，走进魏都区。']],
    ['a bold case heading the column cut is closed on the next line', [...column, '结束了。', '', '**一、东城区 受理编号：许昌D2018', '1117011**', '交办问题基本情况：东城区绿槐街。'].join('\n'), [column.join('') + '结束了。', '一、东城区 受理编号：许昌D20181117011\n交办问题基本情况：东城区绿槐街。']],
    ['a bold heading whose closing marks the column cut is whole, and the text under it stays apart', [...column, '结束了。', '', '**信息化推动城市党建社会治理*', '*', '“我们给每个小区都安装了‘智慧大', '脑’。'].join('\n'), [column.join('') + '结束了。', '信息化推动城市党建社会治理', '“我们给每个小区都安装了‘智慧大脑’。']],
    ['an indented line opens a paragraph in a file that indents its paragraphs', ['\u3000\u3000' + column[0]!, ...column, '一二三四五六七八九十一二三四五。', '\u3000\u3000第二段开头一二三四五六七八', '九十一二三四五六七八九十一二三。', '\u3000\u3000第三段。'].join('\n'), [column[0]! + column.join('') + '一二三四五六七八九十一二三四五。', '第二段开头一二三四五六七八九十一二三四五六七八九十一二三。', '第三段。']],
    ['a headline with quotes and a colon under the last sentence is split off when a byline follows', [...column, '结束了。', '许继社区：“红色网格”巧解“千', '千结”', '本报记者 张铮'].join('\n'), [column.join('') + '结束了。', '许继社区：“红色网格”巧解“千千结”', '本报记者 张铮']],
    // A line cut at a character count holds its digits one to a character.
    ['a line with digits that reaches the column by characters continues', [...column, '引导近2000家中小企业的上云', '工作有序推进。'].join('\n'), [column.join('') + '引导近2000家中小企业的上云工作有序推进。']],
    // Curly quotes fill a whole cell in a line cut at a character count.
    ['a line full of quotes reaches the column: a byline cut after 本 is rejoined', [...column, '结束了。', '', '区域“红色网格”巧解“千千结”本', '报记者 张铮', '', ...column, '完。'].join('\n'), [column.join('') + '结束了。', '区域“红色网格”巧解“千千结”', '本报记者 张铮', column.join('') + '完。']],
    ['a headline the column cut before a short tail is one headline, and the blank after it ends it', [...twelve, '结束了。', '', '魏都区架起基层治理共建共', '治共享“高速路”', '', '本报讯 会议召开。'].join('\n'), [twelve.join('') + '结束了。', '魏都区架起基层治理共建共治共享“高速路”', '本报讯 会议召开。']],
    ['a quotation under a sentence that ended at the column edge opens a paragraph', [...eight, '一二三四五六七。', '“我们运用有解思', '维。”他说。'].join('\n'), [eight.join('') + '一二三四五六七。', '“我们运用有解思维。”他说。']],
    [
      'a paragraph printed again on its own elsewhere tells where a paragraph ended at the column edge',
      [...eight, '结束了。', '', '我们运用有解思维', '促进精准治理。他', '说得很好的一句。', '为了做到精准服务', '做了许多的工作。', '', '我们运用有解思维', '促进精准治理。他', '说得很好的一句。'].join('\n'),
      [eight.join('') + '结束了。', '我们运用有解思维促进精准治理。他说得很好的一句。', '为了做到精准服务做了许多的工作。', '我们运用有解思维促进精准治理。他说得很好的一句。'],
    ],
    ['a byline cut inside a role word is joined with its spaces', [...column, '结束了。', '', '□ 本报记者 付家宝一 通讯', '员 胡月', '', '三月，走进魏都区。'].join('\n'), [column.join('') + '结束了。', '□ 本报记者 付家宝一 通讯员 胡月', '三月，走进魏都区。']],
    ['a Markdown heading the column cut goes on in a rest that cannot open a sentence', [...column, '结束了。', '', '## 激活“红色动能一二三四五六七', '”，助推城市发展', '', '三月，走进魏都区。'].join('\n'), [column.join('') + '结束了。', '激活“红色动能一二三四五六七”，助推城市发展', '三月，走进魏都区。']],
    ['a Markdown heading cut inside a quoted word goes on in its rest', [...column, '结束了。', '', '## 激活“红色动一二三四五六七', '能”，助推城市发展', '', '三月，走进魏都区。'].join('\n'), [column.join('') + '结束了。', '激活“红色动一二三四五六七能”，助推城市发展', '三月，走进魏都区。']],
    ['quoted speech after a blank line opens a paragraph even under a full line', [...column, '目前，该社区已基本完成一二三四五', '', '"通过近期开展的工作，我又一次深', '刻地认识到。"他说。'].join('\n'), [column.join('') + '目前，该社区已基本完成一二三四五', '"通过近期开展的工作，我又一次深刻地认识到。"他说。']],
    ['a quoted term after a blank line goes on the paragraph the blank cut', [...column, '原来影响小区环境的难题随着一二三', '', '“红色网格”党建品牌的深入推进。'].join('\n'), [column.join('') + '原来影响小区环境的难题随着一二三“红色网格”党建品牌的深入推进。']],
    ['a straight quote that closes a quotation stays in its paragraph', [...eight, '"下一步，我们将明', '确目标定位一二。', '"刘保新表示。'].join('\n'), [eight.join('') + '"下一步，我们将明确目标定位一二。"刘保新表示。']],
    // Table rows are kept as lines; a row the column cut goes on, tabs and all, on the next line.
    ['table rows that fit the column stay one per line', [...column, '结束了。', '', '地区\t户数\t面积', '禹州\t6954\t813', '长葛\t6927\t801'].join('\n'), [column.join('') + '结束了。', '地区\t户数\t面积\n禹州\t6954\t813\n长葛\t6927\t801']],
    [
      'a table row the column cut goes on on the next line, and one ending at the edge does not take the next row',
      [...column, '结束了。', '', '禹\t州市\t6954\t813659\t', '233\t0', '长\t葛市\t6927\t801816\t', '1052\t0', '鄢\t陵县\t6054\t8215\t0\t0', '襄\t城县\t6510\t797494\t', '185\t0'].join('\n'),
      [column.join('') + '结束了。', '禹\t州市\t6954\t813659\t233\t0\n长\t葛市\t6927\t801816\t1052\t0\n鄢\t陵县\t6054\t8215\t0\t0\n襄\t城县\t6510\t797494\t185\t0'],
    ],
  ])('%s', (_name, input, expected) => {
    expect(reflow(lines(input)).map((b) => b.text)).toEqual(expected);
  });
});

describe('tableRowsGoOn', () => {
  const piece = (tabs: number, full: boolean) => ({ tabs, full });
  test.each([
    ['rows that fit the column are one line each', [piece(4, false), piece(4, false)], [false, false]],
    ['a full line goes on', [piece(2, true), piece(2, false), piece(4, false)], [true, false, false]],
    ['a row ending at the column edge does not take the next row', [piece(2, true), piece(2, false), piece(4, true), piece(2, true), piece(2, false)], [true, false, false, true, false]],
  ])('%s', (_name, pieces, expected) => {
    expect(tableRowsGoOn(pieces)).toEqual(expected);
  });
});

describe('wrapped headlines through repair, reflow and classify', () => {
  // A 12-character column of body text, then a headline the column wrapped onto two lines.
  test.each([
    ['cut inside its last, short phrase is one headline', ['坚决筑牢森林防火 扎实', '开展矿山生态修复工作'], '坚决筑牢森林防火 扎实开展矿山生态修复工作'],
    ['cut on a phrase space is one headline and keeps the space', ['统筹整合资 培育名牌项目', ' 满足群众精神文化生活需求'], '统筹整合资 培育名牌项目 满足群众精神文化生活需求'],
    ['wrapped onto two lines keeps the space between its phrases', ['关爱特殊人群 举办文化', '艺术节'], '关爱特殊人群 举办文化艺术节'],
  ])('a headline the column %s', (_name, headline, expected) => {
    const twelve = Array.from({ length: 10 }, () => '一二三四五六七八九十一二');
    const { blocks } = blocksOf(lines([...twelve, '结束了。', '', ...headline, '', '本报讯 会议召开。'].join('\n')));
    expect(blocks.filter((b) => b.role === 'title').map((b) => b.text)).toEqual([expected]);
  });
  test('a question-and-answer heading the column wrapped still heads a section of a feature', () => {
    const body = (n: number): string[] => Array.from({ length: 3 }, (_, i) => `第${n}段第${i}行文字`).concat(['完了。']);
    const input = ['关爱特殊人群', '', '本报记者 张三', '', ...body(1), '', '小区事务谁当家？居', '民议事会！', '', ...body(2), '', ...body(3), '', ...body(4)].join('\n');
    const drafts = segment(classify(reflow(lines(input))));
    expect(drafts.flatMap((d) => d.blocks).filter((b) => b.role === 'section').map((b) => b.text)).toEqual(['小区事务谁当家？居民议事会！']);
  });
  test('a heading cut at a character count, its spaces counted, goes on in the next line', () => {
    const sixteen = Array.from({ length: 10 }, () => '一二三四五六七八九十一二三四五六');
    const { blocks } = blocksOf(lines([...sixteen, '结束了。', '', '### 2 创方法 打好发展“组', '合拳”', '', '创新是推动基层党建工作的动力。'].join('\n')));
    expect(blocks.filter((b) => b.role === 'section').map((b) => b.text)).toEqual(['2 创方法 打好发展“组合拳”']);
  });
});

describe('reassemble', () => {
  test('a column-join space that a hard wrap left at a line end is still a join point', () => {
    const raw = lines(['国家开发区 势、破解难', '题的必然要 家许昌经济'].join('\n'));
    const block = { ...para('国家开发区势、破解难题的必然要家许昌经济', 1), to: 2 };
    expect(withColumnJoins(block, raw).joins).toEqual([14, 5]);
    const cut = lines(['国家开发区 ', '势、破解难题的必然要', ' 家许昌经济'].join('\n'));
    expect(withColumnJoins({ ...block, to: 3 }, cut).joins).toEqual([14, 5]);
  });
  test('a paragraph re-flowed from hard-wrapped lines counts as one printed line', () => {
    const wrapped = [0, 1, 2].map((i): Block => ({ ...para(`第${i}段文字一二三四五六七八九十一二三四五六七八九十。`, 1 + i * 4), to: 3 + i * 4 }));
    expect(paragraphPerLine(wrapped)).toBe(false);
    expect(paragraphPerLine(wrapped, printedParagraphs(wrapped))).toBe(true);
  });
  test.each([
    ['already whole paragraphs stay unchanged', [para('第一段话。', 1), para('第二段话。', 3)], ['第一段话。', '第二段话。']],
    ['a sentence cut at a word is joined', [para('魏都区通过开展党建引领工作，切实把党的政治优势、组织优势和密切联系群', 1), para('众的优势转化为治理效能。', 3)], ['魏都区通过开展党建引领工作，切实把党的政治优势、组织优势和密切联系群众的优势转化为治理效能。']],
    ['a paragraph that opens on its own is not joined', [para('魏都区通过开展党建引领工作，切实把党的政治优势、组织优势和密切联系群', 1), para('“这是新的一段。”他说。', 3)], ['魏都区通过开展党建引领工作，切实把党的政治优势、组织优势和密切联系群', '“这是新的一段。”他说。']],
    [
      'a glued dateline byline moves to the article that lacks one',
      [para('标题一行', 1), para('日，市委常委王自合到建安区就工作进行调研。', 3), para('王自合指出，建设新时代文明实践中心，是推动思想深入人心、落地生根', 5), para('本报讯（记者 王金伟）12月29的重大举措。', 7)],
      ['标题一行', '本报讯（记者 王金伟）12月29日，市委常委王自合到建安区就工作进行调研。', '王自合指出，建设新时代文明实践中心，是推动思想深入人心、落地生根的重大举措。'],
    ],
  ])('%s', (_name, input, expected) => {
    expect(reassemble(input).map((b) => b.text)).toEqual(expected);
  });

  test.each([
    [
      'a column line spliced inside another line goes back between the fragments it joins',
      [
        { ...para('本报讯（记者 苏杭）12月28日，国势、破解新难题、开创新局面的必然要家许昌经济技术开发区开展活动动员部署会。', 1), joins: [34, 19] },
        para('会议指出，开展活动是深入贯彻落实决策部署的具体行动，是适应新形', 3),
        para('求，是实现高质量发展的有力保障。', 5),
      ],
      ['本报讯（记者 苏杭）12月28日，国家许昌经济技术开发区开展活动动员部署会。', '会议指出，开展活动是深入贯彻落实决策部署的具体行动，是适应新形势、破解新难题、开创新局面的必然要求，是实现高质量发展的有力保障。'],
    ],
    [
      'a paragraph whose last column line swapped places with its continuation',
      [
        { ...para('在推进会上，赵淑红指出，各级各相关部门要积极落实专班推进工作机品质、人民群众高素质”提供有力支撑。', 1), joins: [15] },
        para('制，坚持问题导向，从严从细抓好各项工作落实，为实现“经济发展高质量、城市建设高', 3),
      ],
      ['在推进会上，赵淑红指出，各级各相关部门要积极落实专班推进工作机制，坚持问题导向，从严从细抓好各项工作落实，为实现“经济发展高质量、城市建设高品质、人民群众高素质”提供有力支撑。'],
    ],
    [
      'column joins in a line that reads on are left alone',
      [{ ...para('要以活动为契机，持续深入改进工作作风，提升工作能力，形成工作合力，抓好落实。', 1), joins: [26, 14] }, para('会议强调，开发区要实现二次创业。', 3)],
      ['要以活动为契机，持续深入改进工作作风，提升工作能力，形成工作合力，抓好落实。', '会议强调，开发区要实现二次创业。'],
    ],
  ])('%s', (_name, input, expected) => {
    expect(reassemble(input).map((b) => b.text)).toEqual(expected);
  });

  test('one paragraph per line: a cut line is not joined to the next line without word evidence, nor far away through a cut word whose right part opens a word of its own (居|民生)', () => {
    const blocks = [
      para('小区是社区的基本单元，是服务群众的“最后一米”，直接关系到群众的幸福感、获得感。传统的小区管理靠物业和业主委员会，但二者之间常常纠纷不断，如何能让居民安居', 1),
      para('面对城市工作新形势，今年以来，魏都区把党建引领作为“关键一招儿”，积极探索“党建引领、多方参与、共商共治”的红色治理模式，让群众的生活变得更舒心。', 3),
      para('在工作实践中，魏都区狠抓“一核两翼”建设，通过健全以小区党支部为核心、业委会和物业服务企业为两翼的基层治理组织架构，实现党建引领全覆盖。', 5),
      para('民生连着民心，安民才能富民。建设城乡融合共同富裕先行区，坚持以人民为中心是原则，积极应对人口老龄化，确保老有所养、弱有所扶、残有所助。', 7),
    ];
    expect(reassemble(blocks).map((b) => b.text)).toEqual(blocks.map((b) => b.text));
  });

  test('a photo caption is not a fragment and a headline needs word evidence to continue a cut paragraph', () => {
    expect(reassemble([para('小菜园拆除后，路面增宽了。 孙江峰 摄', 1), para('社区主干道。许廷合 摄', 3)]).map((b) => b.text)).toHaveLength(2);
    expect(reassemble([para('为实现经济发展高质量、城市建设高', 1), para('扎实开展隐患排查 筑牢安全生产防线', 3)]).map((b) => b.text)).toHaveLength(2);
  });

  test.each([
    [
      'one line per paragraph: a short cut line is not joined to the next line without evidence',
      [para('田庄社区居民之所以支持工作，是因为该社区干部时刻把群众的冷暖挂在', 1), para('2018年，田小中当选为社区党支部书记，带领社区班子搞大动作。', 3), para('日常工作中，该社区干部急群众之所急。', 5)],
      ['田庄社区居民之所以支持工作，是因为该社区干部时刻把群众的冷暖挂在', '2018年，田小中当选为社区党支部书记，带领社区班子搞大动作。', '日常工作中，该社区干部急群众之所急。'],
    ],
    [
      'a cross-cut word the segmentation does not prefer is no evidence (进行|当天: 行当)',
      [para('市委常委王自合到建安区就新时代文明实践工作进行', 1), para('当天下午，王自合实地参观了建安区新元街道潩水社区。', 3), para('王自合指出，建设文明实践中心是重大举措。', 5)],
      ['市委常委王自合到建安区就新时代文明实践工作进行', '当天下午，王自合实地参观了建安区新元街道潩水社区。', '王自合指出，建设文明实践中心是重大举措。'],
    ],
    [
      'one line per paragraph: the next line opening with the tail of a word (委|员会) continues it',
      [para('街道办事处、社区提供政务性服务，业委会', 1), para('员会提供自治性服务，物业公司提供专业性服务。', 3), para('这三者相辅相成，缺一不可。', 5)],
      ['街道办事处、社区提供政务性服务，业委会员会提供自治性服务，物业公司提供专业性服务。', '这三者相辅相成，缺一不可。'],
    ],
    [
      'one line per paragraph: the text left behind a glued byline continues the open line before it',
      [para('扎实开展隐患排查 筑牢安全生产防线', 1), para('汤超先后前往建安区张潘镇中心敬老院，详细了解隐患排查整治情况。', 3), para('调研中，汤超要求，要坚决防范重大安全事故发生，确保人民群众生命财产', 5), para('本报讯（记者 武芳）12月29日， 安全。要开展敬老院设备、设施安全检查，全力保障老人安全。', 7)],
      ['扎实开展隐患排查 筑牢安全生产防线', '本报讯（记者 武芳）12月29日，汤超先后前往建安区张潘镇中心敬老院，详细了解隐患排查整治情况。', '调研中，汤超要求，要坚决防范重大安全事故发生，确保人民群众生命财产安全。要开展敬老院设备、设施安全检查，全力保障老人安全。'],
    ],
    [
      'a quotation left open continues in the line that closes it',
      [para('"唯有实干，才有实效。"史根治说，"要', 1), para('以思想大解放促进作风大转变。" 从许昌面向未来的谋划中，我们看到了格局。', 3), para('围绕先行区建设，许昌将以打造经济强市为抓手。', 5)],
      ['"唯有实干，才有实效。"史根治说，"要以思想大解放促进作风大转变。" 从许昌面向未来的谋划中，我们看到了格局。', '围绕先行区建设，许昌将以打造经济强市为抓手。'],
    ],
    [
      'a paragraph ending in a dash (printed as 一) is not continued far away',
      [para('五破五立，激发出许昌人拼搏奋进的精气神，并引发了许昌如何加快发展的深入思考一', 1), para('省、市党代会确定了今后五年的奋斗目标。', 3), para('道固远，笃行可至；事虽巨，坚为必', 5)],
      ['五破五立，激发出许昌人拼搏奋进的精气神，并引发了许昌如何加快发展的深入思考一', '省、市党代会确定了今后五年的奋斗目标。', '道固远，笃行可至；事虽巨，坚为必'],
    ],
    [
      'a sentence tail tucked into the wrong line without a space goes back to the paragraph it ends',
      [para('“人居环境综合整治是造福群众的好事。”田盘根说。', 1), para('田庄社区通过广播、条幅进行了大台账问题的整改工作。', 3), para('力宣传，要求党员干部带头行动，召开群众代表大会达成共识。', 5), para('在社区干部和全体居民的共同努力下，该社区已完成了清理工作。目前，该社区已基本完成', 7), para('“通过近期开展的工作，我又一次深刻地认识到这一点。”田小中说。', 9)],
      ['“人居环境综合整治是造福群众的好事。”田盘根说。', '田庄社区通过广播、条幅进行了大力宣传，要求党员干部带头行动，召开群众代表大会达成共识。', '在社区干部和全体居民的共同努力下，该社区已完成了清理工作。目前，该社区已基本完成台账问题的整改工作。', '“通过近期开展的工作，我又一次深刻地认识到这一点。”田小中说。'],
    ],
  ])('%s', (_name, input, expected) => {
    expect(reassemble(input).map((b) => b.text)).toEqual(expected);
  });

  test('quotes are paired on the reassembled paragraph, so a quotation cut across fragments pairs up', () => {
    const text = '标题一行\n\n在工作实践中，魏都区狠抓"一核两翼"建设，通过健全以小区党支部为"核\n\n心"、业委会和物业服务企业为"两翼"的基层治理组织架构。\n';
    const body = ingest([{ name: 'q.txt', bytes: Buffer.from(text) }]).articles[0]!.body;
    expect(body).toContain('以小区党支部为“核心”、业委会和物业服务企业为“两翼”的');
  });

  test('is idempotent', () => {
    const once = reassemble([para('魏都区通过开展党建引领工作，切实把党的政治优势、组织优势和密切联系群', 1), para('众的优势转化为治理效能。', 3)]);
    expect(reassemble(once)).toEqual(once);
  });

  test('a dictionary word across the cut scores above a random cut', () => {
    expect(joinScore('统筹做好项', '目建设')).toBeGreaterThan(joinScore('统筹做好项', '习近平指出'));
  });
});

describe('classify', () => {
  test.each([
    ['a headline of two phrases', '扎实开展隐患排查 筑牢安全生产防线', 'title'],
    ['a line of clauses joined by a semicolon is prose, not a headline', '道固远，笃行可至；事虽巨，坚为必', 'paragraph'],
    ['a short opening line with a dateline clause is prose, not a headline', '4月1日下午，魏都区委书记李', 'paragraph'],
    ['a line opening with a time adverbial is prose, not a headline', '今年以来，该街道纪工委督促整改', 'paragraph'],
    ['a quotation opened and not closed is prose, not a headline', '“我们积极调动小区所有党员、离退休党员干部发挥党员先锋模范带头', 'paragraph'],
  ])('%s', (_name, text, role) => {
    expect(classify([para(text, 1)])[0]!.role).toBe(role);
  });
});

describe('segment', () => {
  const title = (text: string, from: number): Block => ({ file: 'f', from, to: from, role: 'title', text });
  test('a headline printed after its body heads that body, not the next one', () => {
    const drafts = segment(classify([title('第一篇标题', 1), para('本报讯 第一篇正文。', 3), para('本报讯 第二篇正文。', 5), title('第二篇标题', 7), { ...para('本报记者 张铮', 8), role: 'byline' }]));
    expect(drafts.map((d) => d.blocks.map((b) => `${b.role}:${b.text}`))).toEqual([
      ['title:第一篇标题', 'paragraph:本报讯 第一篇正文。'],
      ['title:第二篇标题', 'byline:本报记者 张铮', 'paragraph:本报讯 第二篇正文。'],
    ]);
  });
  test('two headline lines whose junction the lede repeats are one headline; others stay title and subtitle', () => {
    const echoed = segment([title('何长成主持召开全区重点项目', 1), title('要素保障第7次工作例会', 2), para('4月4日，何长成主持召开全区重点项目要素保障第7次工作例会。', 4)]);
    expect(echoed[0]!.blocks.map((b) => `${b.role}:${b.text}`).slice(0, 1)).toEqual(['title:何长成主持召开全区重点项目要素保障第7次工作例会']);
    const pair = segment([title('选派干部“疫”线历练', 1), title('激励干部实干担当', 2), para('本报讯 选派干部到一线。', 4)]);
    expect(pair[0]!.blocks.map((b) => b.role).slice(0, 2)).toEqual(['title', 'subtitle']);
  });
  test('two headline lines cutting a phrase the file repeats are one headline', () => {
    const body = [para('本报讯 推进农村人居环境整治。', 4), para('人居环境持续优化提升。', 5)];
    const cut = segment([title('一线监督助力人居', 1), title('环境“美”起来', 2), ...body]);
    expect(cut[0]!.blocks.map((b) => `${b.role}:${b.text}`).slice(0, 1)).toEqual(['title:一线监督助力人居环境“美”起来']);
    const once = segment([title('一线监督助力人居', 1), title('环境“美”起来', 2), body[0]!]);
    expect(once[0]!.blocks.map((b) => b.role).slice(0, 2)).toEqual(['title', 'subtitle']);
    // The file's other articles count too: statistics come from the file itself.
    const elsewhere = segment([title('一线监督助力人居', 1), title('环境“美”起来', 2), body[0]!, title('另一篇报道', 6), para('本报讯 人居环境持续优化提升。', 8)]);
    expect(elsewhere[0]!.blocks[0]!.text).toBe('一线监督助力人居环境“美”起来');
  });
  test('already clean: headline, byline, body stay one article', () => {
    const drafts = segment(classify([title('标题', 1), { ...para('本报记者 张铮', 2), role: 'byline' }, para('正文。', 4)]));
    expect(drafts).toHaveLength(1);
  });
});

describe('seed corpus', { timeout: 60_000 }, () => {
  const result = ingest(seeds);

  test.each(seeds.map((s) => s.name))('accounting balances for %s', (name) => {
    const f = result.report.files.find((r) => r.file === name)!;
    expect(f.accounting.input).toBeGreaterThan(0);
    expect(f.accounting.inArticles + f.accounting.removed).toBe(f.accounting.input);
    expect(f.accounting.balanced).toBe(true);
  });

  test('same input gives byte-identical output', () => {
    const again = ingest(seeds);
    expect(again.articles.map((a) => a.markdown)).toEqual(result.articles.map((a) => a.markdown));
    expect(JSON.stringify(again.report)).toBe(JSON.stringify(result.report));
  });

  test('ids do not change when an unrelated file is added', () => {
    const extra = { name: '000_aaa_extra.txt', bytes: Buffer.from('无关的标题\n\n本报讯（记者 某某）一段无关的新闻正文，与其他文件没有重复。\n') };
    const ids = new Set(ingest([extra, ...seeds]).articles.map((a) => a.data.id));
    for (const a of result.articles) expect(ids.has(a.data.id)).toBe(true);
  });

  test('no article title is a byline or holds one', () => {
    for (const a of result.articles) expect(a.data.title).not.toMatch(/本报记者|本报讯/u);
  });

  const shape = (files: CorpusFile[]): string[] =>
    ingest(files)
      .articles.map((a) => `${a.data.title}|${squeeze(a.body)}`)
      .sort();
  const original = shape(seeds);

  test.each([
    ['CRLF line ends', (b: Buffer) => Buffer.from(b.toString('utf8').replace(/\n/gu, '\r\n'))],
    ['UTF-8 with BOM', (b: Buffer) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b])],
    ['UTF-16 LE with BOM', (b: Buffer) => Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(b.toString('utf8'), 'utf16le')])],
    ['GB18030', (b: Buffer) => iconv.encode(b.toString('utf8'), 'gb18030')],
  ])('a %s copy gives the same articles', (_name, variant) => {
    expect(shape(seeds.map((s) => ({ name: s.name, bytes: variant(Buffer.from(s.bytes)) })))).toEqual(original);
  });
});

describe('segment: sections inside a feature', () => {
  const b = (role: Block['role'], text: string, from: number): Block => ({ file: 'f', from, to: from, role, text });
  test('a phrase headline over text without a byline or dateline of its own is a section of the feature before it', () => {
    const drafts = segment([
      b('title', '特写标题', 1),
      b('section', '核心提示', 2),
      b('byline', '□ 记者 王利辉', 3),
      ...[4, 5, 6, 7].map((n) => b('paragraph', `特写的第${n}段正文。`, n)),
      b('title', '一条短信 立马解决问题', 8),
      b('paragraph', '“真没想到，只发了一条短信，问题马上就解决了。”', 9),
      b('title', '关爱特殊人群 举办文化艺术节', 10),
      b('paragraph', '本报讯（记者 肖涛）5月28日，学校举办艺术节。', 11),
    ]);
    expect(drafts.map((d) => d.blocks.map((x) => x.role === 'section' || x.role === 'title' ? `${x.role}:${x.text}` : x.role).join(' '))).toEqual([
      'title:特写标题 section:核心提示 byline paragraph paragraph paragraph paragraph section:一条短信 立马解决问题 paragraph',
      'title:关爱特殊人群 举办文化艺术节 paragraph',
    ]);
  });
  test.each([
    ['a question-and-answer line between paragraphs of a feature heads a section', '小区事务谁当家？居民议事会！', 'section'],
    ['a longer question-and-answer sentence stays a paragraph', '是什么力量凝聚起魏都区党员干部干事创业的精气神？是党建的力量！', 'paragraph'],
    ['a question with a comma stays a paragraph', '怎么办，谁来管？居民议事会！', 'paragraph'],
  ])('%s', (_name, text, role) => {
    const drafts = segment([
      b('title', '特写标题', 1),
      b('byline', '□ 记者 王利辉', 2),
      ...[3, 4].map((n) => b('paragraph', `特写的第${n}段正文。`, n)),
      b('paragraph', text, 5),
      ...[6, 7].map((n) => b('paragraph', `特写的第${n}段正文。`, n)),
    ]);
    expect(drafts).toHaveLength(1);
    expect(drafts[0]!.blocks.find((x) => x.from === 5)!.role).toBe(role);
  });
  test('each credited photo in a run of captions standing alone is an item of its own; captions after text stay with it', () => {
    const photos = segment([
      b('caption', '小菜园拆除后，路面增宽了。 孙江峰 摄', 1),
      b('caption', '社区内整洁干净的主干道。许廷合 摄', 2),
      b('caption', '图为社区工作人员为烈士敬献鲜花。 许廷合 摄', 3),
    ]);
    expect(photos.map((d) => d.blocks.map((x) => x.from))).toEqual([[1], [2], [3]]);
    const article = segment([b('paragraph', '本报讯（记者 张三）4月1日，社区开展活动。', 1), b('caption', '活动现场。 张三 摄', 2), b('caption', '居民参加活动。 张三 摄', 3)]);
    expect(article.map((d) => d.blocks.map((x) => x.from))).toEqual([[1, 2, 3]]);
  });
  test('核心提示 is a section label, not a subtitle', () => {
    expect(classify([para('核心提示', 1)])[0]!.role).toBe('section');
  });
});

describe('describe', () => {
  const ctx = { file: 'f', source: 's' };
  test.each([
    ['first sentence when short', '敢不敢担当，是检验干部能力作风的“试金石”。如果没有担当精神，问题永远解不开。', '敢不敢担当，是检验干部能力作风的“试金石”'],
    ['first clause of a long sentence', '积极探索城市基层党建新路径，打造了‘五网融合’智慧党建平台，探索出一条以信息化推动城市党建的路子。', '积极探索城市基层党建新路径'],
    ['a photo caption: what 图为 shows', '4月2日，社区工作人员手捧鲜花来到烈士陵园，表达对英雄的深切悼念和无限敬仰之情。图为社区工作人员为烈士敬献鲜花。 许廷合 摄', '社区工作人员为烈士敬献鲜花'],
    ['a leading date is skipped', '4月1日上午，魏都区寿昌社区党总支开展主题活动，组织辖区党员赴烈士陵园开展爱国主义教育，重温入党誓词。', '魏都区寿昌社区党总支开展主题活动'],
  ])('derived title: %s', (_name, text, expected) => {
    expect(derivedTitle(text)).toBe(expected);
  });

  test('an untitled argument with no byline, dateline or quoted source reads as commentary; a report does not', () => {
    const arg = [para('令行禁止是重大政治要求，是必须扛稳扛牢的政治责任。各级各部门必须进一步增强意识，不折不扣贯彻落实决策部署，提倡的坚决响应、决定的坚决执行。', 1), para('新使命呼唤新担当。关键是要切实转变作风，主动担当作为，以更加昂扬的精神状态狠抓落实，努力把美好蓝图变为现实，交出一份满意答卷！必须坚持问题导向，务必把工作做实。', 3)];
    expect(readsAsCommentary(arg)).toBe(true);
    const d = describeArticle(arg, ctx);
    expect([d.kind, d.titleSource]).toEqual(['commentary', 'derived']);
    expect(readsAsCommentary([para('本报讯（记者 张辉）12月29日，副市长赵淑红指出，各级各部门必须狠抓落实，必须切实转变作风，关键是要切实负责。', 1)])).toBe(false);
  });

  test('a continued article takes the page heading its text matches, marked as such', () => {
    const d = describeArticle([para('习近平指出，刘少奇同志是不忘初心、对党忠诚的光辉榜样。纪念刘少奇同志诞辰座谈会上的讲话。', 7)], { ...ctx, pageHeadings: ['中共中央举行纪念刘少奇同志诞辰120周年座谈会'] }, { continued: true });
    expect([d.title, d.titleSource, d.continued]).toEqual(['中共中央举行纪念刘少奇同志诞辰120周年座谈会', 'page-heading', true]);
    const other = describeArticle([para('积极探索城市基层党建新路径，打造了智慧党建平台。', 207)], { ...ctx, pageHeadings: ['中共中央举行纪念刘少奇同志诞辰120周年座谈会'] }, { continued: true });
    expect([other.title, other.titleSource]).toEqual(['积极探索城市基层党建新路径，打造了智慧党建平台', 'derived']);
  });

  test.each([
    ['full names', '魏都区、建安区和魏都区的干部', ['魏都区', '建安区']],
    ['开发区 short form', '开发区：动员部署活动。国家许昌经济技术开发区开展活动', ['许昌经济技术开发区']],
    ['示范区 short form', '示范区党工委召开会议', ['城乡一体化示范区']],
    ['other kinds of zone are not places', '高新技术开发区和先行示范区', []],
    ['clean text without places', '今天天气很好。', []],
  ])('places: %s', (_name, text, expected) => {
    expect(placesIn(text)).toEqual(expected);
  });
});

describe('dates through the whole pipeline', () => {
  const file = (name: string, text: string, sidecar?: { date?: string; source?: string }): CorpusFile => ({ name, bytes: Buffer.from(text), ...(sidecar ? { sidecar } : {}) });
  const body = '标题一行\n\n本报讯（记者 某某）12月29日，一段新闻正文，说明某项工作的进展情况。\n\n**一、东城区 受理编号：许昌D20181117011**\n交办问题基本情况：某处有垃圾。\n';
  test('a month-day dateline takes its year from the case numbers and says so', () => {
    const a = ingest([file('a.txt', body)]).articles[0]!.data;
    expect([a.date, a.dateSource]).toEqual(['2018-12-29', 'case-number']);
  });
  test('a sidecar date wins over dates in the text', () => {
    const a = ingest([file('a.txt', body, { date: '2019-03-28', source: '许昌日报 2019-03-28 第5版' })]).articles[0]!.data;
    expect([a.date, a.dateSource, a.datePrecision, a.source]).toEqual(['2019-03-28', 'sidecar', 'day', '许昌日报 2019-03-28 第5版']);
  });
  test('a date in the file name is the issue date, over dates in the text, and a sidecar date wins over it', () => {
    const named = ingest([file('2019/03/2019-03-28_第05版.txt', body)]).articles[0]!.data;
    expect([named.date, named.dateSource, named.datePrecision]).toEqual(['2019-03-28', 'file-name', 'day']);
    const both = ingest([file('2019-03-28_第05版.txt', body, { date: '2019-03-27' })]).articles[0]!.data;
    expect([both.date, both.dateSource]).toEqual(['2019-03-27', 'sidecar']);
  });
  test('a file name without a date leaves the date to the text', () => {
    const a = ingest([file('000_4fc5195a3797f588.txt', body)]).articles[0]!.data;
    expect([a.date, a.dateSource]).toEqual(['2018-12-29', 'case-number']);
  });
});

describe('dateInFileName', () => {
  test.each([
    ['2015/01/2015-01-01_第03版.txt', '2015-01-01'],
    ['许昌日报20190328第5版.txt', '2019-03-28'],
    ['许昌日报_20190328_第5版.txt', '2019-03-28'],
    ['20190328.txt', '2019-03-28'],
    ['2019年3月28日 第5版.txt', '2019-03-28'],
    ['2019.3.8-要闻.txt', '2019-03-08'],
    ['2018/12/29/a.txt', '2018-12-29'],
    ['2018-12-29/2019-01-02_第01版.txt', '2019-01-02'],
    ['000_4fc5195a3797f588.txt', undefined],
    ['a20190328b.txt', undefined],
    ['2019-02-30.txt', undefined],
    ['2019-13-01.txt', undefined],
    ['12019-03-28.txt', undefined],
    ['第3版.txt', undefined],
  ])('%s → %s', (name, expected) => {
    expect(dateInFileName(name)).toBe(expected);
  });
});

describe('bulletin case copies', () => {
  const head = '八、开化县 受理编号：许昌D20181119011';
  const kept = [head, '交办问题基本情况：气味大。', '调查核实情况：经调查，反映问题不属实。', '处理处罚情况：无。', '问责情况：无。'].join('\n');
  test.each([
    ['already the same copy: nothing changes', [kept], kept, [[]]],
    ['a field another copy prints with content replaces 无。', [[head, '交办问题基本情况：气味大。', '处理处罚情况：要求加强维护管理。', '处理处罚情况：无。'].join('\n')], [head, '交办问题基本情况：气味大。', '调查核实情况：经调查，反映问题不属实。', '处理处罚情况：要求加强维护管理。', '问责情况：无。'].join('\n'), [['处理处罚情况：要求加强维护管理。']]],
    ['a copy spliced with another finding gives nothing', [[head, '调查核实情况：经调查，该工地未覆盖建筑垃圾。', '问责情况：乡政府诫勉谈话。'].join('\n')], kept, [[]]],
  ])('%s', (_name, copies, merged, given) => {
    const m = mergeCaseCopies(kept, copies);
    expect(m.merged).toBe(merged);
    expect(m.given).toEqual(given);
  });
  test('a field printed only in another copy is added in field order', () => {
    const short = [head, '交办问题基本情况：气味大。', '问责情况：无。'].join('\n');
    const m = mergeCaseCopies(short, [[head, '交办问题基本情况：气味大。', '处理处罚情况：要求加强维护管理。'].join('\n')]);
    expect(m.merged).toBe([head, '交办问题基本情况：气味大。', '处理处罚情况：要求加强维护管理。', '问责情况：无。'].join('\n'));
    expect(m.given).toEqual([['处理处罚情况：要求加强维护管理。']]);
  });
  test('the 无。 a fuller printing replaced is reported as dropped', () => {
    expect(mergeCaseCopies(kept, [[head, '处理处罚情况：要求加强维护管理。'].join('\n')]).dropped).toEqual(['处理处罚情况：无。']);
  });
  test('a longer printing of a field replaces a cut one, and the cut line is reported', () => {
    const cut = [head, '交办问题基本情况：气味大', '问责情况：无。'].join('\n');
    const m = mergeCaseCopies(cut, [kept]);
    expect(m.merged.split('\n')[1]).toBe('交办问题基本情况：气味大。');
    expect(m.dropped).toEqual(['交办问题基本情况：气味大']);
    expect(copiesAgree(kept, cut)).toBe(true);
  });
  test('field lines with no case to complete are reported as orphans, not shown', () => {
    const text = '通报标题\n\n**一、东城区 受理编号：许昌D20181117011**\n交办问题基本情况：某处有垃圾。\n处理处罚情况：已清理。\n问责情况：无。\n\n处理处罚情况：无。\n问责情况：无。\n';
    const r = ingest([{ name: 'b.txt', bytes: Buffer.from(text) }]);
    expect(r.articles[0]!.body).not.toContain('处理处罚情况**：无');
    expect(r.report.removed.map((x) => [x.from, x.reason])).toEqual([[8, 'noise']]);
    expect(r.report.totals.balanced).toBe(true);
  });
});

describe('traditional script', () => {
  const trad = '本報訊（記者 王金偉）12月29日，市委常委、宣傳部部長王自合到建安區就新時代文明實踐工作進行調研。要發揮新時代文明實踐陣地的聚合作用。';
  test('a traditional text is folded into a simplified shadow that unfolds to the printed characters', () => {
    const f = foldTraditional(trad)!;
    expect(f.text).toContain('本报讯（记者 王金伟）');
    expect(unfoldText(f.text, f.unfold)).toBe(trad);
  });
  test('simplified text is not folded', () => {
    expect(foldTraditional('本报讯（记者 王金伟）12月29日，市委常委、宣传部部长王自合到建安区就新时代文明实践工作进行调研。')).toBeUndefined();
  });
  test('a character whose simplified form the file also prints is left as printed, so unfolding stays exact', () => {
    const mixed = trad + '发展';
    const f = foldTraditional(mixed)!;
    expect(f.text).toContain('發挥');
    expect(unfoldText(f.text, f.unfold)).toBe(mixed);
  });
  test('a traditional file is segmented like its simplified original and printed in its own characters', () => {
    const simp = '标题一行\n\n本报讯（记者 王金伟）12月29日，市委常委王自合到建安区调研。\n\n另一条新闻标题\n\n本报讯（记者 胡晨）12月28日，副市长卢希望前往禹州市调研。\n';
    const trad2 = '標題一行\n\n本報訊（記者 王金偉）12月29日，市委常委王自合到建安區調研。\n\n另一條新聞標題\n\n本報訊（記者 胡晨）12月28日，副市長盧希望前往禹州市調研。\n';
    const a = ingest([{ name: 's.txt', bytes: Buffer.from(simp) }]).articles;
    const b = ingest([{ name: 's.txt', bytes: Buffer.from(trad2) }]).articles;
    expect(b.map((x) => x.data.sources)).toEqual(a.map((x) => x.data.sources));
    expect(b.map((x) => [x.data.title, x.data.authors])).toEqual([['標題一行', ['王金偉']], ['另一條新聞標題', ['胡晨']]]);
  });
});

describe('dedupe: the fuller copy of a repeated paragraph is kept', () => {
  const full = '政务性服务指的是由街道办事处和社区提供的各种便民措施，他们还大力开展集中专项整治行动，组织街道办事处、各社区工作人员清理辖区庭院卫生。';
  const cut = full.slice(0, full.indexOf('办事处、') + 1);
  test('a copy cut short, kept first, gives way to the whole copy printed later', () => {
    const index = new DuplicateIndex();
    const first = dedupeBlocks([para(cut, 10)], 'a', index);
    expect(first.kept).toHaveLength(1);
    const second = dedupeBlocks([para(full, 20)], 'b', index);
    expect(second.kept.map((b) => b.text)).toEqual([full]);
    expect(second.replaced.map((r) => [r.block.text, r.owner])).toEqual([[cut, 'a']]);
    // A third, exact copy of the cut text is attributed to the article now holding the paragraph.
    expect(dedupeBlocks([para(cut, 30)], 'c', index).removed.map((r) => r.keptIn)).toEqual(['b']);
  });
  test('a shorter copy printed after the whole one is removed as before', () => {
    const index = new DuplicateIndex();
    dedupeBlocks([para(full, 10)], 'a', index);
    const later = dedupeBlocks([para(cut, 20)], 'b', index);
    expect(later.kept).toEqual([]);
    expect(later.replaced).toEqual([]);
  });
  test('in the seeds, the copy cut at 组织街道办 is the one removed', () => {
    const out = ingest(seeds);
    const cutCopy = out.report.removed.find((r) => r.file.startsWith('001') && r.text.endsWith('组织街道办'));
    expect(cutCopy?.reason).toBe('near-duplicate');
    const keeper = out.articles.find((a) => a.data.id === cutCopy?.keptIn)!;
    expect(squeeze(keeper.body)).toContain('组织街道办事处');
    expect(out.report.totals.balanced).toBe(true);
  });
});
