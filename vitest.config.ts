import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Browser tests live in tests/e2e and run under Playwright, never under vitest.
    include: ['tests/unit/**/*.test.ts'],
    // Several tests run the whole pipeline over the seeds (about 1.5 s alone); leave room on a loaded machine.
    testTimeout: 30_000,
  },
});
