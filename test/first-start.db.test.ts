/**
 * The first start on a fresh database, several times in a row (issue 15: one first start in seven
 * exited with no message after the demo history, before the demo whistles). The cause was the
 * reference cache growing stale (30 s) and reloading through the database handle inside a
 * transaction, which on the embedded database waits for itself. Here the cache is stale at every
 * read, so each transaction of the seeding takes the path that used to hang; the time of day it
 * happened at no longer matters.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { ReferenceCache } from '../src/engine/reference/reference-cache.ts';
import { queryRows } from '../src/platform/db/client.ts';
import { ensureModuleReference, seedOnFirstStart } from '../src/main.ts';
import { seedDemo } from '../src/modules/demo/index.ts';
import { createHarness, dbKind, DISTRICT } from './support/harness.ts';

describe(`first start on a fresh database (${dbKind()})`, () => {
  it('seeds, generates the demo history and the demo whistles, two fresh databases in a row, with a reference cache stale at every read', async () => {
    for (let round = 1; round <= 2; round++) {
      const h = await createHarness({ seed: false });
      try {
        const ctx = { ...h.ctx, reference: new ReferenceCache(h.ctx.database, DISTRICT, h.ctx.clock, h.ctx.log, 0) };
        const said: string[] = [];
        const report = await seedOnFirstStart(ctx, 120, (m) => said.push(m));
        expect(report, `round ${round}`).not.toBeNull();
        expect(said.some((m) => m.startsWith('Demo history ready: 120 tickets'))).toBe(true);
        expect(said.some((m) => m.startsWith('Demo whistles:'))).toBe(true);
        const [n] = await queryRows<{ tickets: number; whistles: number }>(
          ctx.database.db,
          sql`select (select count(*)::int from tickets where kind <> 'whistle') as tickets, (select count(*)::int from whistles) as whistles`,
        );
        expect(n!.tickets).toBeGreaterThanOrEqual(120);
        expect(n!.whistles).toBeGreaterThan(0);
        expect(await seedOnFirstStart(ctx, 120)).toBeNull();
      } finally {
        await h.close();
      }
    }
  }, 900_000);

  it('a district whose reference data predates the volunteers module gets its practice stations at the next start, once', async () => {
    const h = await createHarness({ seed: false });
    try {
      await seedDemo(h.ctx); // reference data and demo accounts only, as \`jiesu seed\` loaded them before stations existed
      const stations = async () =>
        (await queryRows<{ n: number }>(h.ctx.database.db, sql`select count(*)::int as n from units where unit_type = 'station'`))[0]!.n;
      expect(await stations()).toBe(0);
      const created = await ensureModuleReference(h.ctx);
      expect(created).toBeGreaterThan(300);
      expect(await stations()).toBe(created);
      expect(await ensureModuleReference(h.ctx)).toBe(0);
      expect(await stations()).toBe(created);
    } finally {
      await h.close();
    }
  }, 300_000);
});
