/**
 * One transaction of the largest import the docs allow (MAX_IMPORT_ROWS = 200,000 rows), on the
 * embedded database in a data directory on disk as the server and the CLI use it (issue 15): it
 * completes, its rows survive closing and reopening the directory, and the ranking aggregates its
 * triggers kept are those a recount gives. The rows are the benchmarks' synthetic tickets with their
 * events (bench/lib/bulk-tickets.ts, ranking triggers firing), written in savepoints of 5,000 as an
 * import writes savepoints; a history import of 200,000 rows would take hours, the transaction's size
 * is what is tested here. PostgreSQL runs transactions of this size in the benchmarks (bench/RESULTS.md).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { generateBulkTickets } from '../bench/lib/bulk-tickets.ts';
import { MAX_IMPORT_ROWS } from '../src/platform/files/parse-table.ts';
import { openDatabase, queryRows, type Database } from '../src/platform/db/client.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { rankingAggregateDifferences } from '../src/modules/analytics/assessment.repository.ts';
import { seedDemo } from '../src/modules/demo/seed-demo.ts';
import { ReferenceCache } from '../src/engine/reference/reference-cache.ts';
import { createHarness, dbKind, DISTRICT } from './support/harness.ts';

const count = async (database: Database) => (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from tickets`))[0]!.n;

describe.skipIf(dbKind() === 'postgres')('one transaction the size of the largest import, on the embedded database in a data directory', () => {
  it(`writes ${MAX_IMPORT_ROWS.toLocaleString('en')} tickets and their events in one transaction, which survives a reopen`, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiesu-longtx-'));
    try {
      // The reference data the synthetic tickets draw on (units, categories, places).
      const h = await createHarness();
      const ctx = h.ctx;
      let database = await openDatabase({ dataDir: dir });
      await migrate(database);
      await seedDemo({ ...ctx, database, reference: new ReferenceCache(database, DISTRICT, ctx.clock, ctx.log, 0) });
      await h.close();

      const before = await count(database);
      let progress = 0;
      const result = await database.db.transaction(async (tx) =>
        generateBulkTickets({ ...database, db: tx }, { tickets: MAX_IMPORT_ROWS, batchSize: 5000, onProgress: (done) => (progress = done) }),
      );
      expect(progress).toBe(MAX_IMPORT_ROWS);
      expect(result.events).toBeGreaterThan(MAX_IMPORT_ROWS);
      expect(await count(database)).toBe(before + MAX_IMPORT_ROWS);
      expect(await rankingAggregateDifferences(database.db)).toBe(0);

      await database.close();
      database = await openDatabase({ dataDir: dir });
      expect(await count(database)).toBe(before + MAX_IMPORT_ROWS);
      await database.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 2_400_000);
});
