/**
 * The demo's service orders: a year of orders driven through the use cases at their own simulated times,
 * deterministic, once per district; the ranking has something to show for the months they cover.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoVolunteers } from '../src/modules/volunteers/index.ts';
import { seedDemoOrders } from '../src/modules/volunteers/orders.seed.ts';
import { queryRows } from '../src/platform/db/client.ts';
import { createHarness, dbKind, type Harness } from './support/harness.ts';
import { api } from './support/ticket-flow.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await seedDemoVolunteers(h.ctx);
  h.ctx.reference.invalidate();
});
afterAll(async () => {
  await h?.close();
});

describe(`demo service orders (${dbKind()})`, () => {
  it('drives a year of orders through the engine, once', async () => {
    const started = Date.now();
    const r = await seedDemoOrders(h.ctx, { orders: 60, months: 12, seed: 7 });
    h.ctx.log.info({ ms: Date.now() - started }, 'demo orders');
    expect(r).not.toBeNull();
    expect(r!.orders).toBe(60);
    expect(r!.closed).toBeGreaterThan(30);
    const [n] = await queryRows<{ orders: number; tickets: number; closed: number; rated: number; first: string; last: string }>(
      h.ctx.database.db,
      sql`select (select count(*)::int from service_orders) as orders,
                 (select count(*)::int from tickets where kind = 'service_order') as tickets,
                 (select count(*)::int from tickets where kind = 'service_order' and state = 'closed') as closed,
                 (select count(*)::int from tickets where kind = 'service_order' and satisfaction is not null) as rated,
                 (select min(accepted_at)::text from tickets where kind = 'service_order') as first,
                 (select max(accepted_at)::text from tickets where kind = 'service_order') as last`,
    );
    expect(n).toMatchObject({ orders: 60, tickets: 60, closed: r!.closed });
    expect(n!.rated).toBeGreaterThanOrEqual(r!.closed);
    // Spread over the year before the clock.
    expect(Date.parse(n!.last) - Date.parse(n!.first)).toBeGreaterThan(200 * 86_400_000);
    expect(await seedDemoOrders(h.ctx, { orders: 60, months: 12, seed: 7 })).toBeNull();
    const month = n!.first.slice(0, 7);
    const ranking = (await api(h, 'station.centre', 'GET', `/api/volunteers/orders/ranking?month=${month}`)).body;
    expect(ranking.stations.length + ranking.teams.length).toBeGreaterThan(0);
  }, 300_000);
});
