/**
 * The full build (scripts/build.ts) over the bad-input corpus, into temporary
 * folders: the site it makes passes the site checker (no corpus text rendered
 * as script, CSP on every page, no local paths), and a build that fails —
 * in ingest with --strict, or in Astro — leaves the previous articles and
 * site exactly as they were. Also checks that the checker itself catches
 * what it is meant to.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkSite } from '../../scripts/check-site.ts';
import { writeBadCorpus } from './robustness-corpus.ts';

const ROOT = resolve(import.meta.dirname, '../..');

function build(env: Record<string, string>, args: string[] = []): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', resolve(ROOT, 'scripts/build.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    // Its own Astro cache, so these builds never mix content with the working site's.
    env: { ...process.env, ASTRO_CACHE_DIR: join(work, 'astro-cache'), ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, output: r.stdout + r.stderr };
}

/** Every file under dir with its content, to compare before and after. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${prefix}${e.name}/`);
      else out[`${prefix}${e.name}`] = readFileSync(join(d, e.name), 'utf8');
    }
  };
  walk(dir, '');
  return out;
}

let work: string;
let corpus: string;
let articles: string;
let dist: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'bad-build-'));
  corpus = join(work, 'corpus');
  articles = join(work, 'articles');
  dist = join(work, 'dist');
  mkdirSync(corpus);
  mkdirSync(join(work, 'outside'));
  writeBadCorpus(corpus, join(work, 'outside'));
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('building a site from the bad-input corpus', { timeout: 240_000 }, () => {
  let first: { status: number | null; output: string };
  let before: { articles: Record<string, string>; dist: Record<string, string> };

  beforeAll(() => {
    first = build({ CORPUS_DIR: corpus, ARTICLES_DIR: articles, DIST_DIR: dist });
    before = { articles: snapshot(articles), dist: snapshot(dist) };
  }, 240_000);

  test('succeeds despite the skipped files, saying so', () => {
    expect(first.output).toContain('ingest finished with warnings');
    expect(first.output).toMatch(/✔ Build complete/u);
    expect(first.status).toBe(0);
    expect(Object.keys(before.dist)).toContain('index.html');
    expect(Object.keys(before.articles)).toContain('report.json');
    // Nothing left behind from staging.
    expect(readdirSync(work).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });

  test('the site passes the checker: no corpus markup as script, CSP everywhere, no local paths', async () => {
    const { problems, pages } = await checkSite(dist, { forbiddenPaths: [corpus, work] });
    expect(problems).toEqual([]);
    expect(pages).toBeGreaterThan(20);
  });

  test('hostile text reached the pages as visible, escaped text', () => {
    const html = Object.entries(before.dist).filter(([f]) => f.endsWith('.html')).map(([, t]) => t).join('\n');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('onerror=');
    // Outside quoted attribute values (where "<" is plain text), no hostile markup survives.
    const markup = html.replace(/="[^"]*"/gu, '=""');
    expect(markup).not.toMatch(/<script>window\.__xss|<img src=x onerror|<svg onload|<iframe src="https:\/\/evil/u);
  });

  test('with --strict, a skipped input fails the build and leaves articles and site unchanged', () => {
    const r = build({ CORPUS_DIR: corpus, ARTICLES_DIR: articles, DIST_DIR: dist }, ['--strict']);
    expect(r.status).toBe(1);
    expect(r.output).toMatch(/warning: empty\.txt: file is empty/u);
    expect(r.output).toMatch(/✖ Build failed: ingest --strict failed \(exit code 4\)/u);
    expect(snapshot(articles)).toEqual(before.articles);
    expect(snapshot(dist)).toEqual(before.dist);
    expect(readdirSync(work).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });

  test('a failure in the Astro step puts the previous articles back and leaves the site unchanged', () => {
    // A good corpus, so ingest succeeds and its new articles are staged; an invalid SITE_URL then fails Astro.
    const good = join(work, 'good');
    mkdirSync(good);
    writeFileSync(join(good, 'a.txt'), '# 许昌市举办读书月活动\n\n本报讯 记者 王芳\n\n读书月期间，全市各图书馆将举办讲座、展览和亲子阅读等活动一百余场。\n');
    const r = build({ CORPUS_DIR: good, ARTICLES_DIR: articles, DIST_DIR: dist, SITE_URL: 'not a url' });
    rmSync(good, { recursive: true });
    expect(r.status).toBe(1);
    expect(r.output).toMatch(/✖ Build failed: astro build failed/u);
    expect(r.output).toContain('left unchanged');
    expect(snapshot(articles)).toEqual(before.articles);
    expect(snapshot(dist)).toEqual(before.dist);
    expect(readdirSync(work).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });
});

describe('the site checker', () => {
  let site: string;
  const CSP = `<meta http-equiv="content-security-policy" content="default-src 'self'; object-src 'none'; script-src 'self' 'wasm-unsafe-eval' 'sha256-abc=';">`;
  const page = (body: string, head = CSP): string => `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;

  beforeAll(() => {
    site = mkdtempSync(join(tmpdir(), 'check-site-'));
  });
  afterAll(() => rmSync(site, { recursive: true, force: true }));

  test('accepts a clean page with an external module script and escaped markup', async () => {
    writeFileSync(join(site, 'index.html'), page('<p>&lt;script&gt;alert(1)&lt;/script&gt; onerror=x</p><script type="module" src="/_astro/a.js"></script>'));
    expect((await checkSite(site)).problems).toEqual([]);
  });

  test.each([
    ['an inline script', page('<p>x</p><script>alert(1)</script>'), /inline <script>/u],
    ['an event handler', page('<img src=x onerror="alert(1)">'), /event-handler attribute onerror=/u],
    ['a javascript: link', page('<a href="javascript:alert(1)">x</a>'), /script URL/u],
    ['a script from another site', page('<script src="https://evil.example/x.js"></script>'), /script from outside the site/u],
    ['a missing CSP', page('<p>x</p>', ''), /no Content-Security-Policy/u],
    ['a CSP allowing inline script', page('<p>x</p>', `<meta http-equiv="content-security-policy" content="object-src 'none'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'">`), /allows injected script/u],
    ['a CSP without wasm-unsafe-eval', page('<p>x</p>', `<meta http-equiv="content-security-policy" content="object-src 'none'; script-src 'self'">`), /wasm-unsafe-eval/u],
    ['the repository path', page(`<p>${ROOT}/content/raw/a.txt</p>`), /absolute local path/u],
    ['a private key', page('<p>-----BEGIN RSA PRIVATE KEY-----</p>'), /private key/u],
  ])('flags %s, naming file and line', async (_what, html, message) => {
    const dir = mkdtempSync(join(site, 'case-'));
    writeFileSync(join(dir, 'page.html'), html);
    const { problems } = await checkSite(dir);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.some((p) => p.file === 'page.html' && message.test(p.message))).toBe(true);
  });

  test('with a _headers policy, flags inline styles it would block and a policy without wasm-unsafe-eval', async () => {
    const dir = mkdtempSync(join(site, 'case-'));
    writeFileSync(join(dir, 'index.html'), page('<style>p{color:red}</style><p style="color:red">x</p>'));
    writeFileSync(join(dir, '_headers'), "/*\n  Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self'\n");
    const { problems } = await checkSite(dir);
    expect(problems.map((p) => p.message)).toEqual([
      "Content-Security-Policy script-src lacks 'wasm-unsafe-eval': Pagefind's worker cannot compile its WebAssembly",
      expect.stringMatching(/^inline <style> element, blocked by the _headers policy/u),
      expect.stringMatching(/^style="" attribute, blocked by the _headers policy/u),
    ]);
  });

  test('flags files that do not belong in a site and paths inside the compressed search index', async () => {
    const dir = mkdtempSync(join(site, 'case-'));
    writeFileSync(join(dir, 'index.html'), page('<p>x</p>'));
    writeFileSync(join(dir, '.env'), 'X=1');
    const { gzipSync } = await import('node:zlib');
    writeFileSync(join(dir, 'x.pf_fragment'), gzipSync(`{"content":"${ROOT}/secret"}`));
    const { problems } = await checkSite(dir);
    expect(problems.some((p) => p.file === '.env')).toBe(true);
    expect(problems.some((p) => p.file === 'x.pf_fragment' && /absolute local path/u.test(p.message))).toBe(true);
  });
});
