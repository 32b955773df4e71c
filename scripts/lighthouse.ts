/**
 * Lighthouse audit of the built site (run `npm run build` first): serves dist/
 * with the preview server, audits the home page and one article page in
 * Debian's Chromium, prints the four category scores and fails below 95.
 *
 *   npm run lighthouse            JSON reports go to $TMPDIR/lighthouse-reports/
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';

const MIN_SCORE = 95;
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const CHROME_FLAGS = '--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run';
const REPORT_DIR = resolve(tmpdir(), 'lighthouse-reports');

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitFor(url: string, server: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (server.exitCode !== null) throw new Error('preview server exited');
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((wait) => setTimeout(wait, 200));
  }
  throw new Error(`preview server did not answer at ${url}`);
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, CHROME_PATH: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium' } });
    child.once('exit', (code) => (code === 0 ? done() : fail(new Error(`${command} exited with ${code}`))));
  });
}

async function firstArticlePath(): Promise<string> {
  const html = await readFile(resolve('dist/articles/index.html'), 'utf8');
  const match = /href="([^"]*\/articles\/[0-9a-f]{12}\/)"/u.exec(html);
  if (!match?.[1]) throw new Error('dist/articles/index.html links to no article');
  return match[1];
}

const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts'], {
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' },
  stdio: 'ignore',
});
const lighthouseCli = createRequire(import.meta.url).resolve('lighthouse/cli/index.js');
let failed = false;
try {
  await waitFor(`${origin}/`, server);
  await mkdir(REPORT_DIR, { recursive: true });
  const pages = [
    { name: 'home', url: `${origin}/` },
    { name: 'article', url: `${origin}${await firstArticlePath()}` },
  ];
  for (const { name, url } of pages) {
    const output = resolve(REPORT_DIR, `${name}.json`);
    await run(process.execPath, [
      lighthouseCli,
      url,
      `--chrome-flags=${CHROME_FLAGS}`,
      `--only-categories=${CATEGORIES.join(',')}`,
      '--output=json',
      `--output-path=${output}`,
      '--quiet',
    ]);
    const report = JSON.parse(await readFile(output, 'utf8')) as {
      categories: Record<string, { score: number | null }>;
      audits: Record<string, { score: number | null; title: string; scoreDisplayMode: string }>;
    };
    const scores = CATEGORIES.map((category) => [category, Math.round((report.categories[category]?.score ?? 0) * 100)] as const);
    console.log(`${name.padEnd(8)} ${url}\n         ${scores.map(([category, score]) => `${category} ${score}`).join(' · ')}`);
    for (const [category, score] of scores) {
      if (score < MIN_SCORE) {
        failed = true;
        console.log(`         ✘ ${category} below ${MIN_SCORE}`);
      }
    }
    const failing = Object.values(report.audits).filter((audit) => audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode !== 'informative' && audit.scoreDisplayMode !== 'notApplicable');
    for (const audit of failing) console.log(`         · ${audit.title} (${audit.score})`);
  }
} finally {
  server.kill();
}
process.exitCode = failed ? 1 : 0;
