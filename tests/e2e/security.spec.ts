/**
 * Corpus text and search queries always reach the reader as text, never as
 * code; the Content-Security-Policy lets the site (and Pagefind's WebAssembly)
 * work without a single violation; the built site passes scripts/check-site.ts.
 *
 * The first part runs against the site under test (dist/, built from the
 * embedded corpus). The second builds a site from the bad-input corpus
 * (<script>, onerror=, javascript: links, markup in file names and sidecars)
 * into a temporary folder, serves it, and visits every page.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { checkSite } from '../../scripts/check-site.ts';
import { writeBadCorpus } from '../unit/robustness-corpus.ts';
import { ARTICLE_PATH, searchUrl } from './helpers.ts';

const ROOT = resolve(import.meta.dirname, '../..');

/** Markers the hostile input tries to set or show if it ever runs. */
const HOSTILE_QUERIES = ['<img src=x onerror="window.__xss=\'query\'">', '"><script>window.__xss="query2"</script>', '<svg onload=alert(1)>'];

interface Watch {
  violations: () => Promise<string[]>;
  consoleCsp: string[];
  dialogs: string[];
}

/** Record CSP violations (as the page sees them and as console errors) and any dialog. */
async function watch(page: Page): Promise<Watch> {
  const consoleCsp: string[] = [];
  const dialogs: string[] = [];
  await page.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`));
  });
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/iu.test(message.text())) consoleCsp.push(message.text());
  });
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return {
    consoleCsp,
    dialogs,
    violations: () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations),
  };
}

async function expectClean(page: Page, w: Watch, where: string): Promise<void> {
  expect(await w.violations(), `CSP violations on ${where}`).toEqual([]);
  expect(w.consoleCsp, `CSP console errors on ${where}`).toEqual([]);
  expect(w.dialogs, `dialogs on ${where}`).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), `injected script ran on ${where}`).toBeUndefined();
}

test.describe('the site under test', () => {
  test('every page carries a CSP that allows no inline script but lets Pagefind compile WebAssembly', async ({ page }) => {
    await page.goto('');
    const csp = await page.locator('meta[http-equiv="content-security-policy" i]').getAttribute('content');
    expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval'/u);
    expect(csp).not.toMatch(/'unsafe-inline'|'unsafe-eval'/u);
    expect(csp).toMatch(/object-src 'none'/u);
  });

  test('home, an article, search with a query and the report load with no CSP violation', async ({ page }) => {
    const w = await watch(page);
    await page.goto('');
    await expect(page.locator('main')).toBeVisible();
    await expectClean(page, w, 'home');

    await page.goto('articles/');
    const href = await page.locator('main a').evaluateAll((anchors) => anchors.map((a) => (a as HTMLAnchorElement).href));
    const articleUrl = href.find((h) => ARTICLE_PATH.test(new URL(h).pathname));
    expect(articleUrl, 'an article link on the articles page').toBeDefined();
    await page.goto(articleUrl!);
    await expect(page.locator('article')).toBeVisible();
    await expectClean(page, w, 'article');

    // Results only appear once Pagefind's script and WebAssembly have loaded under the CSP.
    await page.goto(searchUrl('魏都区'));
    await expect(page.locator('[data-search-result]').first()).toBeVisible();
    await expectClean(page, w, 'search');

    await page.goto('report/');
    await expect(page.locator('main')).toBeVisible();
    await expectClean(page, w, 'report');
  });

  test('with the public/_headers policy sent as a header (as static hosts do), the main pages and search work with no violation', async ({ page }) => {
    // The preview server sends no CSP header; add the _headers policy to every response here. The search
    // page compiles Pagefind's WebAssembly on the page itself, under this policy as well as the <meta> one.
    const headers = readFileSync(resolve(ROOT, 'public/_headers'), 'utf8');
    const policy = /^\s+Content-Security-Policy:\s*(.+)$/mu.exec(headers)?.[1];
    expect(policy).toBeDefined();
    await page.route('**/*', async (route) => {
      try {
        const response = await route.fetch();
        await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': policy! } });
      } catch {
        // The page navigated on while this request was in flight; nothing left to answer.
      }
    });
    const w = await watch(page);
    const workers: string[] = [];
    page.on('worker', (worker) => workers.push(worker.url()));
    for (const path of ['', 'articles/', 'report/']) {
      await page.goto(path);
      await expect(page.locator('main')).toBeVisible();
      await expectClean(page, w, path || 'home');
    }
    await page.goto(searchUrl('魏都区'));
    await expect(page.locator('[data-search-result]').first()).toBeVisible();
    await page.locator('[data-search-result] a').first().click();
    await expect(page.locator('article')).toBeVisible();
    await expectClean(page, w, 'search and the article it leads to');
    // Every bundle is opened with the one library on the page: a worker would load a second copy of it.
    expect(workers.filter((url) => url.includes('pagefind')), 'no Pagefind worker').toEqual([]);
  });

  for (const query of HOSTILE_QUERIES) {
    test(`a search query is shown as text, never run: ${query}`, async ({ page }) => {
      const w = await watch(page);
      await page.goto(searchUrl(query));
      await expect(page.getByRole('searchbox')).toHaveValue(query);
      // The no-results message repeats the query: as text.
      await expect(page.locator('[data-no-results]')).toContainText(query.slice(0, 12));
      await expect(page.locator('main img[src="x"], main svg[onload], main script')).toHaveCount(0);
      await expectClean(page, w, `search for ${query}`);

      // Typed into the search box of another page, too.
      await page.goto('');
      const box = page.getByRole('searchbox').first();
      await box.fill(query);
      await box.press('Enter');
      await expect(page.locator('[data-no-results]')).toBeVisible();
      await expectClean(page, w, `search typed from home for ${query}`);
    });
  }

  test('the built site passes the site checker (no inline or corpus script, CSP everywhere, no local paths or secrets)', async () => {
    const { problems, pages } = await checkSite(resolve(ROOT, process.env['DIST_DIR'] ?? 'dist'));
    expect(problems).toEqual([]);
    expect(pages).toBeGreaterThan(10);
  });
});

test.describe('a site built from the bad-input corpus', () => {
  test.describe.configure({ mode: 'serial', timeout: 300_000 });

  let work: string;
  let server: ChildProcess | undefined;
  let origin: string;
  let pages: string[];

  test.beforeAll(async () => {
    // Building the site takes a while on a busy machine; the hook's own limit, not the tests'.
    test.setTimeout(300_000);
    work = mkdtempSync(join(tmpdir(), 'e2e-bad-site-'));
    const corpus = join(work, 'corpus');
    mkdirSync(corpus);
    mkdirSync(join(work, 'outside'));
    writeBadCorpus(corpus, join(work, 'outside'));
    const dist = join(work, 'dist');
    // Asynchronously, so the worker keeps answering the test runner while the site builds.
    const built = await new Promise<{ status: number | null; output: string }>((resolveBuild) => {
      const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'scripts/build.ts')], {
        cwd: ROOT,
        env: { ...process.env, CORPUS_DIR: corpus, ARTICLES_DIR: join(work, 'articles'), DIST_DIR: dist, BASE_PATH: '/', ASTRO_CACHE_DIR: join(work, 'astro-cache') },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('close', (status) => resolveBuild({ status, output }));
    });
    expect(built.status, built.output).toBe(0);

    const port = await new Promise<number>((resolvePort, reject) => {
      const probe = createServer();
      probe.once('error', reject);
      probe.listen(0, '127.0.0.1', () => {
        const address = probe.address();
        const p = typeof address === 'object' && address ? address.port : 0;
        probe.close(() => resolvePort(p));
      });
    });
    origin = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'scripts/serve.ts')], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', BASE_PATH: '/', DIST_DIR: dist },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let serverLog = '';
    server.stdout?.on('data', (chunk: Buffer) => (serverLog += chunk.toString()));
    server.stderr?.on('data', (chunk: Buffer) => (serverLog += chunk.toString()));
    await expect
      .poll(async () => (await fetch(`${origin}/`, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined))?.status, { timeout: 30_000, message: `preview server on ${origin}: ${serverLog}` })
      .toBe(200);

    const walk = (dir: string, prefix: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        if (e.isDirectory()) return e.name === 'pagefind' || e.name === '_astro' ? [] : walk(join(dir, e.name), `${prefix}${e.name}/`);
        return e.name === 'index.html' ? [`/${prefix}`] : [];
      });
    pages = walk(dist, '');
  });

  test.afterAll(() => {
    server?.kill();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('every page shows the hostile text as text: no script runs, no dialog, no CSP violation', async ({ page }) => {
    expect(pages.length).toBeGreaterThan(20);
    const w = await watch(page);
    for (const path of pages) {
      const response = await page.goto(`${origin}${encodeURI(decodeURI(path))}`);
      expect(response?.status(), path).toBe(200);
      await expectClean(page, w, path);
    }
  });

  test('an article with <script> and onerror= in its headline and body shows them literally', async ({ page }) => {
    const w = await watch(page);
    await page.goto(`${origin}/search/?q=${encodeURIComponent('市民热线')}`);
    const result = page.locator('[data-search-result] a').first();
    await expect(result).toBeVisible();
    await result.click();
    // Punctuation repair may turn the `;` full-width; the markup itself is shown as printed.
    await expect(page.locator('article')).toContainText('<script>window.__xss = “正文注入”');
    await expect(page.locator('article')).toContainText('alert(1)</script>');
    await expect(page.locator('h1')).toContainText('<script>alert');
    await expect(page.locator('article')).toContainText('onerror=');
    await expect(page.locator('article script, article img[src="x"], article svg')).toHaveCount(0);
    await expectClean(page, w, 'hostile article');
  });

  test('markup in search excerpts of the hostile corpus is shown as text', async ({ page }) => {
    const w = await watch(page);
    await page.goto(`${origin}/search/?q=${encodeURIComponent('可疑标记')}`);
    await expect(page.locator('[data-search-result]').first()).toBeVisible();
    await expect(page.locator('[data-search-result] script, [data-search-result] svg, [data-search-result] img[src="x"]')).toHaveCount(0);
    await expectClean(page, w, 'search in hostile corpus');
  });
});
