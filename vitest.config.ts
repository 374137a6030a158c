import { defineConfig } from 'vitest/config';

// Two projects: `unit` (pure code, no database) and `db` (anything that opens a database: repositories,
// use cases, HTTP). `.ci/run` runs everything on the embedded database, then the `db` project again
// with DATABASE_URL pointing at a real PostgreSQL.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'web/src/**/*.test.ts'],
          exclude: ['**/*.db.test.ts', 'node_modules/**'],
          environment: 'node',
          // A timeout is for hung tests, not for speed: property tests and the demo model's thousands of
          // ticket lives take 1–3 s alone and passed the default 5 s on a loaded machine.
          testTimeout: 60_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'db',
          include: ['src/**/*.db.test.ts', 'test/**/*.db.test.ts'],
          environment: 'node',
          // Generous: a database test that opens fresh embedded databases (backup, restore) took over a
          // minute on a loaded 2-core machine; a timeout is for hung tests, not for speed (bench/ measures that).
          testTimeout: 180_000,
          hookTimeout: 180_000,
          // PGlite is single-threaded WASM; two workers fit the 2-core machine.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
