/**
 * Bad input never crashes ingest, never loses text silently, and the exit
 * status says whether anything was skipped. Runs the real CLI
 * (scripts/ingest.ts) as a child process over the bad-input corpus.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeBadCorpus, type BadCase } from './robustness-corpus.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const INGEST = resolve(ROOT, 'scripts/ingest.ts');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runIngest(args: string[], env: Record<string, string> = {}): CliRun {
  const r = spawnSync(process.execPath, ['--import', 'tsx', INGEST, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface ReportFile {
  file: string;
  encoding: string;
  articles: string[];
  issues: Array<{ byte?: number; line?: number; message: string }>;
  accounting: { input: number; inArticles: number; removed: number; balanced: boolean };
}
interface Report {
  totals: { files: number; skippedFiles: number; articles: number; balanced: boolean };
  files: ReportFile[];
  skipped: Array<{ file: string; reason: string; message: string }>;
  warnings: string[];
}

const readReport = (dir: string): Report => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;

/** Every .txt file and symbolic link under `dir`, relative, with forward slashes. */
function corpusEntries(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isSymbolicLink()) return [rel];
    if (e.isDirectory()) return corpusEntries(dir, rel);
    return e.name.endsWith('.txt') ? [rel] : [];
  });
}

let work: string;
let corpus: string;
let out: string;
let cases: BadCase[];
let run: CliRun;
let report: Report;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'bad-input-'));
  corpus = join(work, 'corpus');
  out = join(work, 'articles');
  const outside = join(work, 'outside');
  mkdirSync(corpus);
  mkdirSync(outside);
  cases = writeBadCorpus(corpus, outside);
  run = runIngest(['--input', corpus, '--output', out]);
  report = readReport(out);
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('ingest over the bad-input corpus', () => {
  test('finishes with exit status 1: built, but some input was skipped', () => {
    expect(run.stderr).not.toMatch(/ingest failed|Error:|at .*\.ts:\d+/u);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^ingest: \d+ files .* → \d+ articles, .* 5 skipped files in \d+ ms.*, peak memory \d+ MB/mu);
  });

  test('every file is accounted for: built into the report or skipped with a reason', () => {
    const reported = new Set([...report.files.map((f) => f.file), ...report.skipped.map((s) => s.file)]);
    expect([...reported].sort()).toEqual(corpusEntries(corpus).sort());
    expect(report.totals.files).toBe(corpusEntries(corpus).length);
    expect(report.totals.skippedFiles).toBe(cases.filter((c) => c.outcome === 'skipped').length);
  });

  test('the file symlinked from outside the corpus was never read', () => {
    expect(JSON.stringify(report)).not.toContain('不应被读取的外部文件');
    expect(JSON.stringify(report)).not.toContain('外部文件夹里的文件');
  });

  test('the accounting balances for the whole corpus', () => {
    expect(report.totals.balanced).toBe(true);
    const articles = readdirSync(out).filter((f) => f.endsWith('.md'));
    expect(articles.length).toBe(report.totals.articles);
  });

  describe.each(['empty.txt', 'photo.txt', 'outside-link.txt', 'outside-folder', 'broken-link.txt'])('skipped: %s', (file) => {
    test('is named in a clear message and listed as skipped', () => {
      const c = cases.find((x) => x.file === file)!;
      const lines = run.stderr.split('\n');
      for (const m of c.messages) expect(lines.some((l) => m.test(l)), `stderr has ${m}`).toBe(true);
      const inReport = report.skipped.some((s) => s.file === file) || report.files.some((f) => f.file === file && f.articles.length === 0 && f.issues.length > 0);
      expect(inReport).toBe(true);
    });
  });

  test('each built file: every Han character of its text is in an article or the removed list', () => {
    for (const c of cases.filter((x) => x.outcome === 'built')) {
      const f = report.files.find((x) => x.file === c.file);
      expect(f, c.file).toBeDefined();
      expect(f!.accounting, c.file).toMatchObject({ input: c.han, balanced: true });
      expect(f!.accounting.inArticles + f!.accounting.removed, c.file).toBe(c.han);
      expect(f!.articles.length + f!.accounting.removed, `${c.file} produced something`).toBeGreaterThan(0);
      if (c.encoding) expect(f!.encoding, c.file).toBe(c.encoding);
      const lines = run.stderr.split('\n');
      for (const m of c.messages) expect(lines.some((l) => m.test(l)), `${c.file}: stderr has ${m}`).toBe(true);
    }
  });

  test('a truncated character is reported with file, line and byte offset, and the rest of the file kept', () => {
    const f = report.files.find((x) => x.file === 'truncated-utf8.txt')!;
    expect(f.issues.some((i) => i.byte !== undefined && /invalid UTF-8 sequence at byte \d+/u.test(i.message))).toBe(true);
    expect(f.issues.some((i) => i.line === 3)).toBe(true);
    const text = f.articles.map((id) => readFileSync(join(out, `${id}.md`), 'utf8')).join('\n');
    expect(text).toContain('襄城县今年新修农村公路一百公里');
    expect(text).toContain('\uFFFD');
  });

  test('markup in corpus text is escaped in the Markdown body, frontmatter stays one YAML block', () => {
    for (const name of readdirSync(out).filter((f) => f.endsWith('.md'))) {
      const md = readFileSync(join(out, name), 'utf8');
      const [, frontmatter, body] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/u.exec(md) ?? [];
      expect(frontmatter, name).toBeDefined();
      // Every < in the body is escaped for Markdown, so no raw HTML reaches the page.
      expect(body!.replace(/\\</gu, ''), name).not.toContain('<');
      expect(body!, name).not.toMatch(/^---$/mu);
    }
  });

  test('NUL, control and zero-width characters do not reach the articles', () => {
    const all = readdirSync(out).filter((f) => f.endsWith('.md')).map((f) => readFileSync(join(out, f), 'utf8')).join('');
    // eslint-disable-next-line no-control-regex
    expect(all).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060\ufeff]/u);
  });

  test('file names with spaces, Chinese and shell metacharacters are built like any other', () => {
    for (const name of ['带 空格 的 文件.txt', '$(touch pwned); rm -rf ~ | cat & `id`.txt', "<img src=x onerror=alert(1)>'\".txt", '-n --help.txt']) {
      expect(report.files.find((f) => f.file === name)?.articles.length, name).toBe(1);
    }
    expect(existsSync(join(ROOT, 'pwned'))).toBe(false);
  });
});

describe('the same corpus on worker threads', { timeout: 120_000 }, () => {
  test('gives the same messages, skipped files and per-file accounting as the in-process run', () => {
    // Worker threads only start for corpora of 64 files or more: pad the bad corpus with small articles.
    const padded = join(work, 'padded');
    const outside = join(work, 'outside-padded');
    mkdirSync(padded);
    mkdirSync(outside);
    writeBadCorpus(padded, outside);
    mkdirSync(join(padded, 'filler'));
    for (let i = 0; i < 60; i++) writeFileSync(join(padded, 'filler', `${String(i).padStart(3, '0')}.txt`), `# 第${i}号填充稿件\n\n填充稿件第${i}号的正文内容，用来凑足文件数量以启用工作线程。\n`);
    const r = runIngest(['--input', padded, '--output', join(work, 'padded-out'), '--workers', '2', '--no-cache']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/\(2 workers/u);
    const parallel = readReport(join(work, 'padded-out'));
    const pick = (rep: Report) => ({
      files: rep.files.filter((f) => !f.file.startsWith('filler/')).map((f) => ({ file: f.file, encoding: f.encoding, issues: f.issues, accounting: f.accounting })),
      skipped: rep.skipped,
    });
    expect(pick(parallel)).toEqual(pick(report));
    const warnings = (text: string): string[] => text.split('\n').filter((l) => l.startsWith('warning:')).sort();
    expect(warnings(r.stderr)).toEqual(warnings(run.stderr));
  });
});

describe('ingest exit status', { timeout: 60_000 }, () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ingest-exit-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const clean = (): string => {
    const c = join(dir, `clean-${Math.random().toString(36).slice(2)}`);
    mkdirSync(c);
    writeFileSync(join(c, 'a.txt'), '# 许昌市举办读书月活动\n\n本报讯 记者 王芳\n\n读书月期间，全市各图书馆将举办讲座、展览和亲子阅读等活动一百余场。\n');
    return c;
  };

  test('0 when everything was built', () => {
    const r = runIngest(['--input', clean(), '--output', join(dir, 'out0')]);
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/^warning:/mu);
  });

  test('2 when the input folder does not exist, naming it', () => {
    const r = runIngest(['--input', join(dir, 'no-such-folder'), '--output', join(dir, 'out2')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('ingest: input folder not found');
    expect(r.stderr).toContain('no-such-folder');
    expect(existsSync(join(dir, 'out2'))).toBe(false);
  });

  test('4 with --strict (or STRICT=1) when input was skipped, and the previous output is left unchanged', () => {
    const c = clean();
    writeFileSync(join(c, 'empty.txt'), '');
    const output = join(dir, 'out4');
    mkdirSync(output);
    writeFileSync(join(output, 'previous.md'), 'previous run');
    for (const [args, env] of [[['--strict'], {}], [[], { STRICT: '1' }]] as const) {
      const r = runIngest(['--input', c, '--output', output, ...args], env);
      expect(r.status).toBe(4);
      expect(r.stderr).toMatch(/^warning: empty\.txt: file is empty$/mu);
      expect(r.stderr).toMatch(/--strict: 1 input file\(s\) skipped.*left unchanged/u);
      expect(readdirSync(output)).toEqual(['previous.md']);
    }
    // Without --strict the same corpus builds, exit 1, and replaces the output.
    const r = runIngest(['--input', c, '--output', output]);
    expect(r.status).toBe(1);
    expect(readdirSync(output)).not.toContain('previous.md');
    expect(readdirSync(output)).toContain('report.json');
  });

  test('a file over --max-file-mb is skipped without being read, by name and size', () => {
    const c = clean();
    writeFileSync(join(c, 'big.txt'), Buffer.alloc(2_100_000, 0x41));
    const r = runIngest(['--input', c, '--output', join(dir, 'out-big'), '--max-file-mb', '2']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^warning: big\.txt: file is 2\.1 MB, over the 2 MB per-file limit; split it or raise --max-file-mb \(MAX_FILE_MB\), skipped$/mu);
    const rep = readReport(join(dir, 'out-big'));
    expect(rep.skipped).toEqual([expect.objectContaining({ file: 'big.txt', reason: 'too-large', bytes: 2_100_000 })]);
    expect(rep.files.map((f) => f.file)).toEqual(['a.txt']);
    expect(rep.totals.articles).toBe(1);
  });
});

describe('a 100 MB file', { timeout: 120_000 }, () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ingest-100mb-'));
    mkdirSync(join(dir, 'corpus'));
    writeFileSync(join(dir, 'corpus', 'a.txt'), '# 许昌市举办读书月活动\n\n本报讯 记者 王芳\n\n读书月期间，全市各图书馆将举办讲座、展览和亲子阅读等活动一百余场。\n');
    // Generated here, never committed: 100 blocks of 1 MB of Chinese news-like lines.
    const line = Buffer.from('# 城市管理工作会议召开\n\n会议要求各部门加强协作，提升服务水平，把各项工作落到实处，确保取得实效。\n\n', 'utf8');
    const block = Buffer.alloc(1_000_000, 0x0a);
    for (let at = 0; at + line.length <= block.length; at += line.length) line.copy(block, at);
    const fd = openSync(join(dir, 'corpus', 'huge.txt'), 'w');
    for (let i = 0; i < 100; i++) writeSync(fd, block);
    closeSync(fd);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('is skipped by name and size without being read; the rest is built and memory stays low', () => {
    const started = performance.now();
    const r = runIngest(['--input', join(dir, 'corpus'), '--output', join(dir, 'out')]);
    const seconds = (performance.now() - started) / 1000;
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^warning: huge\.txt: file is 100\.0 MB, over the 16 MB per-file limit; split it or raise --max-file-mb \(MAX_FILE_MB\), skipped$/mu);
    const peak = Number(/peak memory (\d+) MB/u.exec(r.stdout)?.[1]);
    expect(peak).toBeLessThan(400);
    expect(seconds).toBeLessThan(60);
    const rep = readReport(join(dir, 'out'));
    expect(rep.skipped).toEqual([expect.objectContaining({ file: 'huge.txt', reason: 'too-large', bytes: 100_000_000 })]);
    expect(rep.totals.articles).toBe(1);
  });
});
