/**
 * The bad-input corpus: the small hostile text files committed in
 * tests/fixtures/bad-input/ plus the cases that are binary, large, oddly named
 * or symbolic links, generated into a temporary folder at test time. Each case
 * says what ingest must do with it and the message it must print.
 */
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import iconv from 'iconv-lite';
import { countHan } from '../../src/shared/han.ts';

export const FIXTURES = resolve(import.meta.dirname, '../fixtures/bad-input');

export interface BadCase {
  /** Path relative to the corpus folder. */
  file: string;
  /** built: its text must reach articles (or the removed list) with balanced accounting; skipped: left out with a message. */
  outcome: 'built' | 'skipped';
  /** Lines ingest must print on stderr about this file (each a regex over one line). */
  messages: RegExp[];
  /** Han characters in the file's text (built files). */
  han?: number;
  encoding?: string;
}

const PARAGRAPH = '许昌市召开城市管理工作会议，要求各部门加强协作，提升服务水平，把各项工作落到实处。';

/** Distinct sentences, so generated articles are not deduplicated against each other. */
const SENTENCES = [
  '秋收时节，田间地头一片繁忙景象，农机手驾驶收割机来回穿梭。',
  '新建的社区图书馆藏书两万册，周末前来借阅的居民络绎不绝。',
  '河道综合治理工程完工后，沿岸增设了步道、座椅和照明设施。',
  '职业技能培训班开设电工、焊工、家政等课程，学员结业后即可上岗。',
  '老旧小区改造涉及管网更新、外墙保温和加装电梯等多项内容。',
  '冬季供暖前，热力公司对主干管网进行了全面检修和压力测试。',
  '志愿者服务队定期走访独居老人，帮助打扫卫生、代购生活用品。',
  '学校食堂推行明厨亮灶，家长可以通过手机实时查看后厨画面。',
  '公交公司新开通三条线路，方便产业园区职工上下班通勤出行。',
  '非遗传承人现场展示剪纸技艺，吸引不少市民驻足观看学习。',
];
let nextSentence = 0;

/** Han text in the shape of an article: headline, byline, paragraphs of its own. */
function article(headline: string, paragraphs = 2): string {
  const own = Array.from({ length: paragraphs }, () => SENTENCES[nextSentence++ % SENTENCES.length]!);
  return [`# ${headline}`, '', '本报讯 记者 张明', '', ...own.flatMap((p) => [`${headline}。${p}`, ''])].join('\n');
}

/**
 * Write the whole bad-input corpus into `dir` (which must exist and be empty)
 * and return its cases. `outside` is a folder outside the corpus for symlink targets.
 */
export function writeBadCorpus(dir: string, outside: string): BadCase[] {
  const cases: BadCase[] = [];

  // Committed hostile text: markup, frontmatter, Markdown, templates, long title, invisible characters.
  for (const name of readdirSync(FIXTURES).filter((f) => f.endsWith('.txt')).sort()) {
    const text = readFileSync(join(FIXTURES, name), 'utf8');
    writeFileSync(join(dir, name), text);
    cases.push({ file: name, outcome: 'built', messages: [], han: countHan(text) });
  }
  // A sidecar whose source name is markup, and one that is not JSON.
  writeFileSync(join(dir, 'html.meta.json'), JSON.stringify({ source: '<script>window.__xss="来源注入"</script>许昌日报', date: '2019-09-20' }));
  writeFileSync(join(dir, 'template.meta.json'), '{ "source": 许昌日报 ');
  cases.find((c) => c.file === 'template.txt')!.messages.push(/^warning: template\.meta\.json: sidecar is not valid JSON \(.+\), ignored$/u);

  cases.push({ file: 'empty.txt', outcome: 'skipped', messages: [/^warning: empty\.txt: file is empty$/u] });
  writeFileSync(join(dir, 'empty.txt'), '');

  // An image renamed .txt.
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2048, 0x5a)]);
  writeFileSync(join(dir, 'photo.txt'), png);
  cases.push({ file: 'photo.txt', outcome: 'skipped', messages: [/^warning: photo\.txt \(byte 0\): binary file \(PNG image\), skipped$/u] });

  // UTF-8 cut in the middle of a character: on line 3, and at the very end of the file.
  {
    const head = Buffer.from('# 襄城县推进农村道路建设\n\n本报讯 记者 马', 'utf8');
    const cut = Buffer.from('骏', 'utf8').subarray(0, 2);
    const rest = Buffer.from(`\n\n${PARAGRAPH}襄城县今年新修农村公路一百公里。\n\n全县道路通达率达到百分之百，群众出行更加方便快`, 'utf8');
    const tail = Buffer.from('捷', 'utf8').subarray(0, 1);
    writeFileSync(join(dir, 'truncated-utf8.txt'), Buffer.concat([head, cut, rest, tail]));
    const first = head.length;
    const second = head.length + cut.length + rest.length;
    cases.push({
      file: 'truncated-utf8.txt',
      outcome: 'built',
      encoding: 'utf-8',
      han: countHan(head.toString() + rest.toString()),
      messages: [
        new RegExp(`^warning: truncated-utf8\\.txt \\(byte ${first}\\): invalid UTF-8 sequence at byte ${first}, replaced with U\\+FFFD$`, 'u'),
        new RegExp(`^warning: truncated-utf8\\.txt \\(byte ${second}\\): invalid UTF-8 sequence at byte ${second}, replaced with U\\+FFFD$`, 'u'),
        /^warning: truncated-utf8\.txt:3: line 3 holds undecodable bytes/u,
      ],
    });
  }

  // Mixed encodings in one folder.
  mkdirSync(join(dir, 'mixed'));
  const encoded: Array<[string, string, Buffer]> = [
    ['mixed/gbk.txt', 'gb18030', iconv.encode(article('东城区举办秋季运动会'), 'gbk')],
    ['mixed/big5.txt', 'big5', iconv.encode('# 魏都區舉辦讀書節活動\n\n本報訊 記者 張明\n\n許昌市召開城市管理工作會議，要求各部門加強協作，提升服務水平，把各項工作落到實處。\n', 'big5')],
    ['mixed/utf16le.txt', 'utf-16le', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(article('鄢陵县召开防汛工作会议'), 'utf-16le')])],
    ['mixed/utf8-bom.txt', 'utf-8-bom', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(article('禹州市启动全民健身月'))])],
  ];
  for (const [file, encoding, bytes] of encoded) {
    writeFileSync(join(dir, file), bytes);
    cases.push({ file, outcome: 'built', encoding, han: countHan(iconv.decode(bytes, encoding === 'gb18030' ? 'gbk' : encoding === 'utf-8-bom' ? 'utf8' : encoding)), messages: [] });
  }

  // NUL and other control characters inside the text (too few to make it look binary).
  {
    const text = article('长葛市开展\u0000安全生产\u0007检查').replace('加强协作', '加强\u0000协作\u001b[31m').replace('服务水平', '服务\u007f水平\u0008');
    writeFileSync(join(dir, 'nul-control.txt'), text);
    cases.push({ file: 'nul-control.txt', outcome: 'built', han: countHan(text), messages: [] });
  }

  // Two lines of about 1 MB each: one of prose, one with no punctuation or spaces at all.
  {
    const prose = Array.from({ length: 12_000 }, (_, i) => `第${i}句城市管理工作取得新成效。`).join('');
    const solid = '许昌城乡一体化示范区建设'.repeat(30_000);
    const text = `# 超长行测试稿件\n\n${prose}\n\n${solid}\n`;
    writeFileSync(join(dir, 'long-lines.txt'), text);
    cases.push({ file: 'long-lines.txt', outcome: 'built', han: countHan(text), messages: [] });
  }

  // File names with spaces, Chinese, shell metacharacters and markup.
  const oddNames = ['带 空格 的 文件.txt', '$(touch pwned); rm -rf ~ | cat & `id`.txt', "<img src=x onerror=alert(1)>'\".txt", '-n --help.txt'];
  oddNames.forEach((name, i) => {
    const text = article(`建安区第${'一二三四'[i]}批民生实事项目开工`);
    writeFileSync(join(dir, name), text);
    cases.push({ file: name, outcome: 'built', han: countHan(text), messages: [] });
  });

  // Symbolic links: to a file outside, to a folder outside, to nothing; and one inside (followed).
  writeFileSync(join(outside, 'secret.txt'), article('不应被读取的外部文件'));
  mkdirSync(join(outside, 'folder'));
  writeFileSync(join(outside, 'folder', 'inner.txt'), article('外部文件夹里的文件'));
  symlinkSync(join(outside, 'secret.txt'), join(dir, 'outside-link.txt'));
  symlinkSync(join(outside, 'folder'), join(dir, 'outside-folder'));
  symlinkSync(join(outside, 'missing.txt'), join(dir, 'broken-link.txt'));
  cases.push(
    { file: 'outside-link.txt', outcome: 'skipped', messages: [/^warning: outside-link\.txt: symbolic link pointing outside the corpus, skipped$/u] },
    { file: 'outside-folder', outcome: 'skipped', messages: [/^warning: outside-folder: symbolic link pointing outside the corpus, skipped$/u] },
    { file: 'broken-link.txt', outcome: 'skipped', messages: [/^warning: broken-link\.txt: symbolic link to a missing file \(or a loop\), skipped$/u] },
  );
  return cases;
}
