/**
 * End-to-end tests against the built site (run `npm run build` first). The
 * preview server serves dist/ on a free port, under BASE_PATH when set, and the
 * tests drive Debian's Chromium rather than a downloaded browser.
 *
 * A second server serves a copy of the site whose search index is indexed in
 * runs of SHARDED_RUN_PAGES pages, merged two by two into bundles (npm run
 * reindex), each run's fragments packed into one file (--fragment-files, as
 * for a host that caps the file count), and the search specs run against it
 * too: a large archive's merged, multi-bundle search is checked on every run.
 */
import { createServer } from 'node:net';
import { defineConfig } from '@playwright/test';

function findFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

function normaliseBasePath(raw: string | undefined): string {
  const inner = (raw ?? '/').trim().replace(/^\/+|\/+$/g, '');
  return inner === '' ? '/' : `/${inner}/`;
}

// Worker processes load this file again; they inherit the ports from the runner, so all agree on them.
process.env['E2E_PORT'] ??= String(await findFreePort());
process.env['E2E_SHARDED_PORT'] ??= String(await findFreePort());
const port = Number(process.env['E2E_PORT']);
const shardedPort = Number(process.env['E2E_SHARDED_PORT']);
const basePath = normaliseBasePath(process.env['BASE_PATH']);
const baseURL = `http://127.0.0.1:${port}${basePath}`;
const shardedBaseURL = `http://127.0.0.1:${shardedPort}${basePath}`;
/** Small enough that the seed site's dated articles fall in several bundles. */
const SHARDED_RUN_PAGES = 4;

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  forbidOnly: Boolean(process.env['CI']),
  retries: 0,
  workers: 2,
  reporter: 'list',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  globalSetup: './tests/e2e/global-setup.ts',
  use: {
    baseURL,
    browserName: 'chromium',
    locale: 'zh-CN',
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    },
    trace: 'off',
  },
  projects: [
    { name: 'site' },
    // Each search there starts up to 11 Pagefind instances (a worker and WebAssembly each): allow for it.
    { name: 'sharded-index', testMatch: /search(-exact|-ui)?\.spec\.ts$/u, timeout: 90_000, expect: { timeout: 30_000 }, use: { baseURL: shardedBaseURL } },
  ],
  webServer: [
    {
      command: 'npm run preview',
      url: baseURL,
      env: { PORT: String(port), HOST: '127.0.0.1', BASE_PATH: basePath },
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: `npm run reindex -- --site dist --out dist-sharded --shard-pages ${SHARDED_RUN_PAGES} --bundle-pages ${2 * SHARDED_RUN_PAGES} --fragment-files 10 && npm run preview`,
      url: shardedBaseURL,
      env: { PORT: String(shardedPort), HOST: '127.0.0.1', BASE_PATH: basePath, DIST_DIR: 'dist-sharded' },
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
