import { defineConfig } from 'vitest/config';

// End-to-end tests: the real server (embedded database in a temporary directory) and Debian's
// Chromium driven by playwright-core. One file at a time: one browser and one server fit 2 cores.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
