/**
 * The benchmarks' synthetic tickets (bench/lib/bulk-tickets.ts) must be what the engine would have
 * written, or the benchmarks measure a database that no deployment has. Both load modes: with the
 * ranking triggers firing, and with triggers off, secondary indexes dropped and re-created, and the
 * aggregates rebuilt once (the mode of loads in the millions).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBulkTickets, verifyBulkTickets } from '../bench/lib/bulk-tickets.ts';
import { queryRows } from '../src/platform/db/client.ts';
import { rankingAggregateDifferences } from '../src/modules/analytics/assessment.repository.ts';
import { createHarness, dbKind, type Harness } from './support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const indexDefinitions = async () =>
  (
    await queryRows<{ def: string }>(
      h.ctx.database.db,
      sql`select pg_get_indexdef(indexrelid) as def from pg_index where indrelid in ('tickets'::regclass, 'ticket_events'::regclass) order by 1`,
    )
  ).map((r) => normalised(r.def));

/**
 * An index definition without casts and parentheses: PostgreSQL deparses a re-created partial index's
 * `state IN (…)` predicate with the casts in other places (`ARRAY[('a'::varchar)::text]` instead of
 * `(ARRAY['a'::varchar])::text[]`), the same predicate once constants are folded.
 */
const normalised = (def: string) => def.replace(/::[a-z ]+(\[\])?/g, '').replace(/[()]/g, '');

describe(`synthetic benchmark tickets (${dbKind()})`, () => {
  it('replay to their stored state and keep the ranking aggregates equal to a recount, in both load modes', async () => {
    const indexes = await indexDefinitions();
    expect(indexes.length).toBeGreaterThan(5);
    const now = h.clock.now();

    const fired = await generateBulkTickets(h.ctx.database, { tickets: 1500, now, batchSize: 500, aggregates: 'fire' });
    expect(fired.events).toBeGreaterThan(fired.tickets);
    expect(await verifyBulkTickets(h.ctx.database, fired, 60)).toBe(60);
    expect(await rankingAggregateDifferences(h.ctx.database.db)).toBe(0);

    // Ids past a million have seven digits in the ticket number, as intake writes them (the number's
    // unique index, re-created after the load, would refuse a truncated one).
    await h.ctx.database.db.execute(sql`select setval('ticket_id_seq', 999200)`);
    const rebuilt = await generateBulkTickets(h.ctx.database, { tickets: 1500, now, batchSize: 500, aggregates: 'rebuild', rebuildIndexes: true });
    expect(rebuilt.firstId).toBe(999_201);
    expect(rebuilt.lastId).toBeGreaterThan(1_000_000);
    expect(await verifyBulkTickets(h.ctx.database, rebuilt, 60)).toBe(60);
    expect(await rankingAggregateDifferences(h.ctx.database.db)).toBe(0);
    // The indexes dropped for the load are back, exactly as they were.
    expect(await indexDefinitions()).toEqual(indexes);
    const [agg] = await queryRows<{ n: number }>(h.ctx.database.db, sql`select coalesce(sum(dispatched), 0)::int as n from ranking_aggregates`);
    const [scan] = await queryRows<{ n: number }>(
      h.ctx.database.db,
      sql`select count(*)::int as n from tickets where lead_unit_id is not null and dispatched_at is not null and kind <> 'whistle'`,
    );
    expect(agg!.n).toBe(scan!.n);
    expect(agg!.n).toBeGreaterThan(2000);
  }, 300_000);
});
