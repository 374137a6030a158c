/**
 * The points ledger under concurrency (issue 17): fast-check generates batches of awards (with retried
 * source keys), redemptions (with keys reused from a second phone), cancellations (refunds), hand-outs
 * racing the cancellations, and reversals of awards, for a handful of holders and items. Each batch runs
 * at once (Promise.all) through the real use cases; after it the ledger must hold: no holder or stock
 * below zero, every cached balance equal to its entries, every transaction summing to zero, all
 * accounts summing to zero, every holder's balance equal to a model of what succeeded, each item's
 * stock equal to its initial stock less what is redeemed and not cancelled, and each (holder, key)
 * one redemption. The only errors allowed are the expected refusals; a deadlock or anything else fails.
 * On PGlite (one connection) the transactions interleave less; on PostgreSQL they really race.
 */
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { principalOfUsername, type Principal } from '../src/engine/auth.ts';
import { awardPoints, balanceOf } from '../src/modules/points/index.ts';
import { audit, cancelRedemption, collect, redeem, reverseAward } from '../src/modules/points/points.service.ts';
import { queryRows } from '../src/platform/db/client.ts';
import { AppError } from '../src/platform/errors.ts';
import { adminOf, buildCatalogue, buildHolder } from './builders/points.ts';
import { createHarness, dbKind } from './support/harness.ts';

const h = await createHarness();
afterAll(async () => {
  await h.close();
});
const ctx = h.ctx;
const db = ctx.database.db;

const INITIAL = [
  { name: '洗衣液', cost: 30, stock: 4 },
  { name: '环保袋', cost: 10, stock: 9 },
  { name: '理发券', cost: 25, stock: 6 },
];
const { items } = await buildCatalogue(ctx, INITIAL);
const HOLDERS = 5;
const holders: { userId: number; principal: Principal }[] = [];
for (let i = 0; i < HOLDERS; i++) {
  const u = await buildHolder(ctx, { username: `1390000000${i}`, displayName: `持有人${i}` });
  holders.push({ userId: u.userId, principal: (await principalOfUsername(ctx, u.username))! });
}
const admin = await adminOf(ctx);
const street = (await principalOfUsername(ctx, 'street'))!;

/** What succeeded, for the model of balances and stock. */
const awards = new Map<number, { holder: number; points: number }>();
const reversed = new Set<number>();
const redemptions = new Map<number, { holder: number; item: number; quantity: number; points: number; key: string; pickupCode: string }>();
const cancelled = new Set<number>();
const collected = new Set<number>();
const keyToRedemption = new Map<string, number>();
let round = 0;

const EXPECTED = new Set(['POINTS.INSUFFICIENT_BALANCE', 'POINTS.OUT_OF_STOCK', 'POINTS.REDEMPTION_NOT_PENDING', 'POINTS.NOT_REVERSIBLE']);

type Op =
  | { t: 'award'; holder: number; hours: number; key: number }
  | { t: 'redeem'; holder: number; item: number; quantity: number; key: number }
  | { t: 'cancel'; pick: number }
  | { t: 'collect'; pick: number }
  | { t: 'reverse'; pick: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ t: fc.constant('award' as const), holder: fc.nat(HOLDERS - 1), hours: fc.integer({ min: 1, max: 4 }), key: fc.nat(6) }) },
  {
    weight: 5,
    arbitrary: fc.record({
      t: fc.constant('redeem' as const),
      holder: fc.nat(HOLDERS - 1),
      item: fc.nat(items.length - 1),
      quantity: fc.integer({ min: 1, max: 2 }),
      key: fc.nat(4),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('cancel' as const), pick: fc.nat(50) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('collect' as const), pick: fc.nat(50) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('reverse' as const), pick: fc.nat(50) }) },
);

async function run(o: Op, batch: string, pending: number[], awarded: number[]): Promise<void> {
  try {
    switch (o.t) {
      case 'award': {
        const holder = holders[o.holder]!;
        const r = await db.transaction((tx) =>
          awardPoints(ctx, tx, {
            holderUserId: holder.userId,
            ruleCode: 'service.hour',
            quantity: o.hours,
            // Keys repeat within a batch: concurrent retries of one award.
            sourceKey: `${batch}:h${o.holder}:k${o.key}`,
            occurredAt: h.clock.now(),
            actor: null,
          }),
        );
        const seen = awards.get(r.transactionId);
        if (seen !== undefined) expect(seen.points).toBe(r.points);
        awards.set(r.transactionId, { holder: holder.userId, points: r.points });
        return;
      }
      case 'redeem': {
        const holder = holders[o.holder]!;
        const item = items[o.item]!;
        // The key names the item and quantity, so a repeat of it is the same request from a second phone.
        const key = `${batch}-h${o.holder}-i${o.item}-q${o.quantity}-k${o.key}`;
        const r = await redeem(ctx, holder.principal, { itemId: item.id, quantity: o.quantity, idempotencyKey: key });
        const first = keyToRedemption.get(`${holder.userId}:${key}`);
        if (first !== undefined) expect(r.id).toBe(first);
        keyToRedemption.set(`${holder.userId}:${key}`, r.id);
        redemptions.set(r.id, { holder: holder.userId, item: item.id, quantity: o.quantity, points: r.points, key, pickupCode: r.pickupCode });
        return;
      }
      case 'cancel': {
        if (pending.length === 0) return;
        const id = pending[o.pick % pending.length]!;
        const who = redemptions.get(id)!;
        const p = holders.find((x) => x.userId === who.holder)!.principal;
        await cancelRedemption(ctx, o.pick % 2 === 0 ? p : street, id, '测试取消');
        expect(cancelled.has(id)).toBe(false);
        cancelled.add(id);
        return;
      }
      case 'collect': {
        if (pending.length === 0) return;
        const id = pending[o.pick % pending.length]!;
        await collect(ctx, street, redemptions.get(id)!.pickupCode);
        expect(collected.has(id)).toBe(false);
        collected.add(id);
        return;
      }
      case 'reverse': {
        if (awarded.length === 0) return;
        const id = awarded[o.pick % awarded.length]!;
        await reverseAward(ctx, admin, id, '测试冲正');
        expect(reversed.has(id)).toBe(false);
        reversed.add(id);
        return;
      }
    }
  } catch (e) {
    if (e instanceof AppError && EXPECTED.has(e.code)) return;
    throw e;
  }
}

async function checkLedger(): Promise<void> {
  const found = await audit(ctx, null);
  expect(found.mismatched, 'cached balances equal the entries').toEqual([]);
  expect(found.negative, 'no holder or partner below zero').toEqual([]);
  expect(found.unbalanced, 'every transaction sums to zero').toEqual([]);
  expect(found.issuer.holds, 'all accounts sum to zero').toBe(true);
  expect(found.anomalies).toBe(0);
  const [sum] = await queryRows<{ total: string | number }>(db, sql`select coalesce(sum(amount), 0) as total from points_entries`);
  expect(Number(sum!.total)).toBe(0);

  for (const holder of holders) {
    let model = 0;
    for (const [id, a] of awards) if (a.holder === holder.userId) model += reversed.has(id) ? 0 : a.points;
    for (const [id, r] of redemptions) if (r.holder === holder.userId && !cancelled.has(id)) model -= r.points;
    const balance = await balanceOf(ctx, db, holder.userId);
    expect(balance, `holder ${holder.userId}`).toBe(model);
    expect(balance).toBeGreaterThanOrEqual(0);
  }
  const stock = await queryRows<{ id: number; stock: number }>(db, sql`select id, stock from points_items order by id`);
  for (const [i, item] of items.entries()) {
    const now = stock.find((s) => Number(s.id) === item.id)!.stock;
    let out = 0;
    for (const [id, r] of redemptions) if (r.item === item.id && !cancelled.has(id)) out += r.quantity;
    expect(now, `stock of ${item.name}`).toBe(INITIAL[i]!.stock - out);
    expect(out).toBeLessThanOrEqual(INITIAL[i]!.stock);
    expect(now).toBeGreaterThanOrEqual(0);
  }
  // One redemption per (holder, key), and the table agrees with what the use cases answered.
  const [dupes] = await queryRows<{ n: string | number }>(
    db,
    sql`select count(*) as n from (select holder_user_id, idempotency_key from points_redemptions group by 1, 2 having count(*) > 1) d`,
  );
  expect(Number(dupes!.n)).toBe(0);
  const statuses = await queryRows<{ id: number; status: string }>(db, sql`select id, status from points_redemptions`);
  expect(statuses.length).toBe(redemptions.size);
  for (const s of statuses) {
    const id = Number(s.id);
    expect(s.status, `redemption ${id}`).toBe(cancelled.has(id) ? 'cancelled' : collected.has(id) ? 'collected' : 'pending');
  }
}

describe(`the points ledger under concurrent movements (${dbKind()})`, () => {
  it('balances after every concurrent batch, with no anomaly, no overdraft and no double spending', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(op, { minLength: 10, maxLength: 40 }), { minLength: 1, maxLength: 3 }), async (batches) => {
        for (const batch of batches) {
          const name = `r${++round}`;
          const pending = [...redemptions.keys()].filter((id) => !cancelled.has(id) && !collected.has(id));
          const awarded = [...awards.keys()].filter((id) => !reversed.has(id));
          await Promise.all(batch.map((o) => run(o, name, pending, awarded)));
          await checkLedger();
        }
      }),
      { numRuns: dbKind() === 'postgres' ? 25 : 12 },
    );
    // The run did exercise every path.
    expect(awards.size).toBeGreaterThan(10);
    expect(redemptions.size).toBeGreaterThan(5);
    expect(cancelled.size + collected.size).toBeGreaterThan(0);
  });
});
