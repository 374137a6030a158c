import { defineConfig } from 'vitest/config';

// End-to-end tests: the real server (embedded database in a temporary directory) and Debian's
// Chromium driven by playwright-core. One file at a time: one browser and one server fit 2 cores.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    // The demo district is seeded once for the run (every module's first-start seed); each file's server
    // starts on a copy of it.
    globalSetup: ['e2e/global-setup.ts'],
    hookTimeout: 300_000,
    fileParallelism: false,
    // expect.poll waits for what the page shows after an action (a list refreshing after a save, a
    // dropdown closing). Vitest's default of 1 s is shorter than a refresh takes on a loaded 2-core
    // machine; a wrong state still fails, only later.
    expect: { poll: { timeout: 15_000, interval: 100 } },
    // A test is run again once only when Chromium died under it (support.ts reports the death and
    // starts a new browser for the next page); any other failure, an assertion or a timeout, fails at
    // once. The JSON report and the output name each retry.
    retry: { count: 1, condition: /Target page, context or browser has been closed|Target crashed|Browser has been closed/ },
  },
});
