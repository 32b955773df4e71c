/**
 * Property-based tests of the normalisation passes and the whole pipeline on
 * generated text: they never throw, the output always validates against the
 * schema, the repair chains are idempotent, and every Han character of the
 * input is accounted for.
 *
 * The seed is fixed, so `npm test` is reproducible. For a larger run:
 *   FC_RUNS=10000 npx vitest run tests/unit/property.test.ts
 * and FC_SEED=<n> to explore other inputs (a failure prints its seed and path).
 */
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import { decode } from '../../src/pipeline/decode.ts';
import { ingest } from '../../src/pipeline/index.ts';
import { LINE_PASSES, PARAGRAPH_PASSES, runPasses } from '../../src/pipeline/repair/index.ts';
import { countHan } from '../../src/shared/han.ts';
import { Article } from '../../src/shared/schema.ts';

const RUNS = Number(process.env.FC_RUNS ?? 200);
const SEED = Number(process.env.FC_SEED ?? 20_260_707);
fc.configureGlobal({ seed: SEED, numRuns: RUNS });
/** The whole pipeline is slower per run than a single pass. */
const PIPELINE_RUNS = Math.max(20, Math.round(RUNS / 4));
/** Generous per-test time limit that grows with FC_RUNS. */
const TIMEOUT = Math.max(60_000, RUNS * 100);

/** Pieces of text newspaper dumps are made of, plus the hostile ones. */
const TOKENS = [
  [...'许昌市魏都区建安区禹州长葛鄢陵襄城的一是在了不和有大这主中人上为们地个用工时要动国产以我到他会作来分生对于学下级义就年阶发成部民可出能方进同行面说种过命度革而多子后自社加小机也经力线本电高量长党得实家定深法表着水理化争现所二起政三好十战无农使性前等反体合斗路图把结第里正新开论之物从当两些还天资事队批如应形想制心样干都向变关点育重其思与间内去因件日利相由压员气业代全组数果期导平各基或月毛然问比展那它最及外没看治提五解系林者米群头意只明四道马认次文通但条较克又公孔领军流入接席位情运器并飞原油放立题质指建区验活众很教决特此常石强极土少已根共直团统式转别造切九你取西持总料连任志观调七么山程百报更见必真保热委手改管处己将修支识病象几先老光专什六型具示复安带每东增则完风回南广劳轮科北打积车计给节做务被整联步类集号列温装即毫知轴研单色坚据速防史拉世设达尔场织历花受求传口断况采精金界品判参层止边清至万确究书术状厂须离再目海交权且儿青才证低越际八试规斯近注办布门铁需走议县兵固除般引齿千胜细影济白格效置推空配刀叶率述今选养德话查差半敌始片施响收华觉备名红续均药标记难存测士身紧液派准斤角降维板许破述技消底床田势端感往神便贺村构照容非搞亚磨族火段算适讲按值美态黄易彪服早班麦削信排台声该击素张密害侯草何树肥继右属市严径螺检左页抗苏显苦英快称坏移约巴材省黑武培著河帝仅针怎植京助升王眼她抓含苗副杂普谈围食射源例致酸旧却充足短划剂宣环落首尺波承粉践府鱼随考刻靠够满夫失包住促枝局菌杆周护岩师举曲春元超负砂封换太模贫减阳扬江析亩木言球朝医校古呢稻宋听唯输滑站另卫字鼓刚写刘微略范供阿块某功套友限项余倒卷创律雨让骨远帮初皮播优占死毒圈伟季训控激找叫云互跟裂粮粒母练塞钢顶策双留误础吸阻故寸盾晚丝女散焊功株亲院冷彻弹错散商视艺灭版烈零室轻血倍缺厘泵察绝富城冲喷壤简否柱李望盘磁雄似困巩益洲脱投送奴侧润盖挥距触星松送获兴独官混纪依未突架宽冬章湿偏纹吃执阀矿寨责熟稳夺硬价努翻奇甲预职评读背协损棉侵灰虽矛厚罗泥辟告卵箱掌氧恩爱停曾溶营终纲孟钱待尽俄缩沙退陈讨奋械载胞幼哪剥迫旋征槽倒握担仍呀鲜吧卡粗介钻逐弱脚怕盐末阴丰雾冠丙街莱贝辐肠付吉渗瑞惊顿挤秒悬姆烂森糖圣凹陶词迟蚕亿矩'],
  ['，', '。', '、', '；', '：', '？', '！', '“', '”', '‘', '’', '（', '）', '《', '》', '——', '……', '·', '\u3000'],
  [',', '.', ';', ':', '!', '?', '(', ')', '"', "'", '-', '--', '—', '/', '%', '#', '*', '_', '`', '~', '|', '[', ']', '{', '}', '<', '>', '&', '=', '+', '\\', '$'],
  [' ', ' ', '  ', '\t', '\n', '\n', '\n\n', '\r\n', '\r'],
  ['0', '1', '2', '9', '12', '2019', '1.5', '12:30', '1,000', 'a', 'Z', 'etc', 'etc.', 'GDP', '5G', 'https://example.org/a?b=c'],
  ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u200b', '\u200d', '\u200e', '\u202e', '\u2060', '\ufeff', '\u00a0', '\ue000', '\uFFFD'],
  ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '---', '# ', '## ', '> ', '- ', '1. ', '**', '[链接](javascript:x)', '![图](x.png)', '{{ x }}', '${x}', '<!--', '-->', '&amp;', '&lt;', '|---|'],
  ['本报讯', '记者', '通讯员', '（上接第一版）', '（下转第二版）', '许昌日报', '2019年3月28日', '第5版', '一、', '二、', '许昌D20181117011', '属实', '交办问题基本情况：', '处理处罚情况：', '问责情况：', ' 摄'],
];

const tokenText = (maxTokens: number): fc.Arbitrary<string> =>
  fc.array(fc.oneof(...TOKENS.map((group) => fc.constantFrom(...group))), { maxLength: maxTokens }).map((parts) => parts.join(''));

/** Mostly newspaper-like token soup, sometimes any Unicode at all. */
const text = fc.oneof({ weight: 4, arbitrary: tokenText(120) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) });

/** Lines shaped like a page: headline-ish lines, wrapped paragraphs, blank lines. */
const page = fc
  .array(fc.oneof({ weight: 1, arbitrary: tokenText(12).map((t) => `# ${t}`) }, { weight: 5, arbitrary: tokenText(40) }, { weight: 2, arbitrary: fc.constant('') }), { maxLength: 30 })
  .map((lines) => lines.join('\n'));

/** Every pass once (collapse-han-spacing runs in both chains). */
const ALL_PASSES = [...new Map([...LINE_PASSES, ...PARAGRAPH_PASSES]).entries()];
/** Passes that may change the number of Han characters, and how (etc → 等). */
const HAN_CHANGING = new Set(['fix-stray-latin']);

describe('repair passes (property-based)', { timeout: TIMEOUT }, () => {
  test.each(ALL_PASSES.map(([name, pass]) => [name, pass] as const))('%s never throws and is idempotent', (_name, pass) => {
    fc.assert(
      fc.property(text, (t) => {
        const once = pass(t);
        expect(typeof once).toBe('string');
        expect(pass(once)).toBe(once);
      }),
    );
  });

  test.each(ALL_PASSES.filter(([name]) => !HAN_CHANGING.has(name)).map(([name, pass]) => [name, pass] as const))('%s keeps every Han character', (_name, pass) => {
    fc.assert(
      fc.property(text, (t) => {
        expect(countHan(pass(t))).toBe(countHan(t));
      }),
    );
  });

  test('fix-stray-latin only adds Han characters (etc → 等), never removes one', () => {
    const pass = PARAGRAPH_PASSES.find(([name]) => name === 'fix-stray-latin')![1];
    fc.assert(
      fc.property(text, (t) => {
        expect(countHan(pass(t))).toBeGreaterThanOrEqual(countHan(t));
      }),
    );
  });

  test.each([
    ['line chain', LINE_PASSES],
    ['paragraph chain', PARAGRAPH_PASSES],
  ] as const)('the %s is idempotent', (_name, passes) => {
    fc.assert(
      fc.property(text, (t) => {
        const once = runPasses(t, passes);
        expect(runPasses(once, passes)).toBe(once);
      }),
    );
  });

  test('the line chain then the paragraph chain is idempotent as a whole', () => {
    fc.assert(
      fc.property(text, (t) => {
        const once = runPasses(runPasses(t, LINE_PASSES), PARAGRAPH_PASSES);
        expect(runPasses(runPasses(once, LINE_PASSES), PARAGRAPH_PASSES)).toBe(once);
      }),
    );
  });
});

describe('decode (property-based)', { timeout: TIMEOUT }, () => {
  test('never throws on any bytes, and reports an encoding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        const d = decode(bytes);
        expect(typeof d.text).toBe('string');
        expect(d.encoding).toBeTruthy();
        for (const issue of d.issues) if (issue.byte !== undefined) expect(issue.byte).toBeLessThan(Math.max(1, bytes.length));
      }),
    );
  });

  test('never throws on text bytes with a few corrupted bytes', () => {
    fc.assert(
      fc.property(page, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }), (t, flips) => {
        const bytes = Buffer.from(t, 'utf8');
        for (const [at, value] of flips) if (bytes.length > 0) bytes[at % bytes.length] = value;
        expect(() => decode(bytes)).not.toThrow();
      }),
    );
  });
});

describe('the whole pipeline (property-based)', { timeout: TIMEOUT }, () => {
  const files = fc.uniqueArray(
    fc.record({ name: fc.constantFrom('a.txt', 'b.txt', '子目录/c d.txt', '$(x).txt'), body: page }),
    { minLength: 1, maxLength: 3, selector: (f) => f.name },
  );

  test('never throws; every article validates, round-trips through its frontmatter, and every Han character is accounted for', () => {
    fc.assert(
      fc.property(files, (input) => {
        const { articles, report } = ingest(input.map((f) => ({ name: f.name, bytes: Buffer.from(f.body, 'utf8') })));
        for (const a of articles) {
          expect(() => Article.parse(a.data)).not.toThrow();
          // What Astro does: read the frontmatter back as YAML and validate it with the same schema.
          const [, yaml] = /^---\n([\s\S]*?)\n---\n/u.exec(a.markdown) ?? [];
          expect(yaml).toBeDefined();
          expect(Article.parse(parse(yaml!, { version: '1.1' }))).toEqual(Article.parse(a.data));
        }
        expect(report.totals.balanced).toBe(true);
        for (const f of report.files) {
          const source = input.find((x) => x.name === f.file)!;
          const repairDelta = f.repairs.reduce((n, r) => n + r.hanDelta, 0);
          if (f.encoding === 'utf-8' && !f.repairedFrom) expect(f.accounting.input).toBe(countHan(source.body) + repairDelta);
          expect(f.accounting.inArticles + f.accounting.removed).toBe(f.accounting.input);
        }
      }),
      { numRuns: PIPELINE_RUNS },
    );
  });

  test('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 400 }), { minLength: 1, maxLength: 3 }), (blobs) => {
        const { report } = ingest(blobs.map((bytes, i) => ({ name: `f${i}.txt`, bytes })));
        expect(report.files).toHaveLength(blobs.length);
        expect(report.totals.balanced).toBe(true);
      }),
      { numRuns: PIPELINE_RUNS },
    );
  });
});
