/**
 * End-to-end tests against the built site (run `npm run build` first). The
 * preview server serves dist/ on a free port, under BASE_PATH when set, and the
 * tests drive Debian's Chromium rather than a downloaded browser.
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

// Worker processes load this file again; they inherit E2E_PORT from the runner, so all agree on one port.
process.env['E2E_PORT'] ??= String(await findFreePort());
const port = Number(process.env['E2E_PORT']);
const basePath = normaliseBasePath(process.env['BASE_PATH']);
const baseURL = `http://127.0.0.1:${port}${basePath}`;

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
  webServer: {
    command: 'npm run preview',
    url: baseURL,
    env: { PORT: String(port), HOST: '127.0.0.1', BASE_PATH: basePath },
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
