/**
 * 文明积分银行 over the real databases: the ledger's invariants held by the database itself, awards
 * (rule versions, idempotency, daily caps, the conduct route's scope), redemptions with stock and pickup
 * codes, refunds and reversals as counter-transactions, the holder's account, leaderboards and the audit.
 */
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { awardPoints, balanceOf } from '../src/modules/points/index.ts';
import { addRuleVersion, audit } from '../src/modules/points/points.service.ts';
import { queryRows } from '../src/platform/db/client.ts';
import { adminOf, buildCatalogue, buildHolder } from './builders/points.ts';
import { createHarness, dbKind } from './support/harness.ts';

const h = await createHarness();
afterAll(async () => {
  await h.close();
});
const ctx = h.ctx;
const db = ctx.database.db;
const ref = await ctx.reference.get();
const STREET_CODE = '110109001';
const community = [...ref.divisionByCode.values()].find((d) => d.level === 'community' && d.parentCode === STREET_CODE)!;
const otherCommunity = [...ref.divisionByCode.values()].find(
  (d) => d.level === 'community' && d.parentCode !== STREET_CODE && d.districtCode === ctx.districtCode,
)!;

const { items } = await buildCatalogue(ctx, [
  { name: '洗衣液', cost: 20, stock: 2 },
  { name: '环保袋', cost: 5, stock: 100 },
]);
const [soap, bag] = items as [(typeof items)[0], (typeof items)[0]];
const alice = await buildHolder(ctx, { username: '13800000001', displayName: '张小花' });
const bob = await buildHolder(ctx, { username: '13800000002', displayName: '李大壮', roles: ['volunteer', 'resident'] });
const at = (iso: string) => new Date(iso);

const award = (holderUserId: number, sourceKey: string, o: { ruleCode?: string; quantity?: number; occurredAt?: Date } = {}) =>
  db.transaction((tx) =>
    awardPoints(ctx, tx, {
      holderUserId,
      ruleCode: o.ruleCode ?? 'service.hour',
      quantity: o.quantity ?? 1,
      sourceKey,
      occurredAt: o.occurredAt ?? h.clock.now(),
      actor: null,
    }),
  );

/** The database's own refusal (drizzle wraps it: the reason is in the cause). */
const refused = async (p: Promise<unknown>, pattern: RegExp) => {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x as { message: string; cause?: { message?: string } },
  );
  expect(e, 'the statement was refused').toBeDefined();
  expect(`${e!.message} ${e!.cause?.message ?? ''}`).toMatch(pattern);
};

const expectCode = async (p: Promise<unknown>, code: string) => {
  await expect(p).rejects.toMatchObject({ code });
};

describe(`the points ledger in the database (${dbKind()})`, () => {
  it('refuses at commit a transaction whose entries do not sum to zero, or that has fewer than two', async () => {
    const issuer = (await queryRows<{ id: number }>(db, sql`select id from points_accounts where kind = 'issuer' limit 1`))[0];
    // Open the issuer and alice's account with a first award.
    await award(alice.userId, 'setup:first');
    const [a] = await queryRows<{ id: number }>(db, sql`select id from points_accounts where holder_user_id = ${alice.userId}`);
    const [i] = await queryRows<{ id: number }>(db, sql`select id from points_accounts where kind = 'issuer'`);
    expect(issuer === undefined || issuer.id === i!.id).toBe(true);
    const before = await audit(ctx, null);
    const unbalanced = db.transaction(async (tx) => {
      await tx.execute(
        sql`insert into points_transactions (id, district_code, kind, occurred_at, recorded_at) values (900001, ${ctx.districtCode}, 'adjust', now(), now())`,
      );
      await tx.execute(sql`insert into points_entries (transaction_id, account_id, district_code, amount) values (900001, ${a!.id}, ${ctx.districtCode}, 5)`);
      await tx.execute(sql`insert into points_entries (transaction_id, account_id, district_code, amount) values (900001, ${i!.id}, ${ctx.districtCode}, -4)`);
    });
    await refused(unbalanced, /unbalanced/);
    const lonely = db.transaction(async (tx) => {
      await tx.execute(
        sql`insert into points_transactions (id, district_code, kind, occurred_at, recorded_at) values (900002, ${ctx.districtCode}, 'adjust', now(), now())`,
      );
    });
    await refused(lonely, /unbalanced/);
    const oneSided = db.transaction(async (tx) => {
      await tx.execute(
        sql`insert into points_transactions (id, district_code, kind, occurred_at, recorded_at) values (900003, ${ctx.districtCode}, 'adjust', now(), now())`,
      );
      await tx.execute(sql`insert into points_entries (transaction_id, account_id, district_code, amount) values (900003, ${a!.id}, ${ctx.districtCode}, 0)`);
    });
    await refused(oneSided, /points_entries_nonzero/);
    // A balanced one by hand goes through (the checks are not simply refusing everything).
    await db.transaction(async (tx) => {
      await tx.execute(
        sql`insert into points_transactions (id, district_code, kind, occurred_at, recorded_at) values (900004, ${ctx.districtCode}, 'adjust', now(), now())`,
      );
      await tx.execute(sql`insert into points_entries (transaction_id, account_id, district_code, amount) values (900004, ${a!.id}, ${ctx.districtCode}, 3)`);
      await tx.execute(sql`insert into points_entries (transaction_id, account_id, district_code, amount) values (900004, ${i!.id}, ${ctx.districtCode}, -3)`);
      await tx.execute(sql`update points_accounts set balance = balance + 3 where id = ${a!.id}`);
      await tx.execute(sql`update points_accounts set balance = balance - 3 where id = ${i!.id}`);
    });
    const after = await audit(ctx, null);
    expect(after.anomalies).toBe(0);
    expect(after.transactions).toBe(before.transactions + 1);
  });

  it('keeps the ledger append-only and a holder’s balance from going negative, whatever SQL is sent', async () => {
    await refused(db.execute(sql`update points_entries set amount = amount + 1`), /append-only/);
    await refused(db.execute(sql`delete from points_transactions`), /append-only/);
    await refused(db.execute(sql`update points_accounts set balance = -1 where holder_user_id = ${alice.userId}`), /points_accounts_balance_nonneg/);
    await refused(db.execute(sql`update points_items set stock = -1 where id = ${soap.id}`), /points_items_stock_nonneg/);
  });

  it('the audit finds a cached balance changed behind the ledger’s back', async () => {
    await db.execute(sql`update points_accounts set balance = balance + 7 where holder_user_id = ${bob.userId}`).catch(() => undefined);
    await award(bob.userId, 'setup:bob');
    await db.execute(sql`update points_accounts set balance = balance + 7 where holder_user_id = ${bob.userId}`);
    const found = await audit(ctx, null);
    expect(found.mismatched.map((a) => a.cached - a.derived)).toEqual([7]);
    expect(found.issuer.holds).toBe(false);
    expect(found.anomalies).toBe(2);
    await db.execute(sql`update points_accounts set balance = balance - 7 where holder_user_id = ${bob.userId}`);
    expect((await audit(ctx, null)).anomalies).toBe(0);
  });
});

describe(`awards (${dbKind()})`, () => {
  it('computes from the version in force on the day of the event, records it, and a retry returns the first', async () => {
    const admin = await adminOf(ctx);
    const v2 = await addRuleVersion(ctx, admin, {
      code: 'service.hour',
      kind: 'hour',
      name: '志愿服务时长（新标准）',
      pointsPerUnit: 12,
      dailyCap: null,
      effectiveFrom: '2026-03-05',
    });
    const before = await balanceOf(ctx, db, bob.userId);
    const old = await award(bob.userId, 'hours:s1:bob', { quantity: 1.5, occurredAt: at('2026-03-02T10:00:00+08:00') });
    expect(old).toMatchObject({ points: 15, replayed: false });
    expect(old.ruleVersionId).not.toBe(v2.id);
    // The clock says 2 March; an event of 5 March (Beijing) is computed under the new version.
    const later = await award(bob.userId, 'hours:s2:bob', { quantity: 2, occurredAt: at('2026-03-05T00:00:00+08:00') });
    expect(later).toMatchObject({ points: 24, ruleVersionId: v2.id });
    const again = await award(bob.userId, 'hours:s1:bob', { quantity: 9 });
    expect(again).toMatchObject({ transactionId: old.transactionId, points: 15, replayed: true });
    expect(await balanceOf(ctx, db, bob.userId)).toBe(before + 39);
    await expectCode(award(alice.userId, 'hours:s1:bob'), 'POINTS.SOURCE_KEY_REUSED');
    await expectCode(award(alice.userId, 'x:1', { ruleCode: 'no.such' }), 'POINTS.UNKNOWN_RULE');
    await expectCode(award(alice.userId, 'x:2', { occurredAt: at('2019-06-01T00:00:00+08:00') }), 'POINTS.NO_RULE_IN_FORCE');
    await expectCode(award(alice.userId, 'x:3', { quantity: 0.001 }), 'POINTS.INVALID_QUANTITY');
    await expectCode(
      addRuleVersion(ctx, admin, { code: 'service.hour', kind: 'hour', name: '过去', pointsPerUnit: 1, dailyCap: null, effectiveFrom: '2026-03-01' }),
      'POINTS.PAST_EFFECTIVE_DATE',
    );
    await expectCode(
      addRuleVersion(ctx, admin, { code: 'service.hour', kind: 'conduct', name: '改类', pointsPerUnit: 1, dailyCap: null, effectiveFrom: '2026-04-01' }),
      'POINTS.RULE_KIND_MISMATCH',
    );
  });

  it('pays only residents and volunteers of the district', async () => {
    const [street] = await queryRows<{ id: number }>(db, sql`select id from users where username = 'street'`);
    await expectCode(award(street!.id, 'x:staff'), 'POINTS.UNKNOWN_HOLDER');
    await expectCode(award(2_000_000_000, 'x:nobody'), 'POINTS.UNKNOWN_HOLDER');
  });

  it('a street worker confirms waste sorting in their street, once a day by the cap; a retry returns the first', async () => {
    const body = { holderUsername: alice.username, ruleCode: 'conduct.waste_sorting', communityCode: community.code, checkKey: 'check-0001' };
    const first = await h.api('grid', 'POST', '/api/points/conduct-awards', body);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ points: 5, capped: false, replayed: false });
    const retry = await h.api('grid', 'POST', '/api/points/conduct-awards', body);
    expect(retry.status).toBe(200);
    expect(retry.body.transactionId).toBe(first.body.transactionId);
    const capped = await h.api('street', 'POST', '/api/points/conduct-awards', { ...body, checkKey: 'check-0002' });
    expect(capped.status).toBe(409);
    expect(capped.body.error.code).toBe('POINTS.DAILY_CAP_REACHED');
    // The next day counts afresh.
    const tomorrow = await h.api('grid', 'POST', '/api/points/conduct-awards', { ...body, checkKey: 'check-0003', occurredAt: '2026-03-01T10:00:00+08:00' });
    expect(tomorrow.status).toBe(201);
    // Outside the worker's street, by a department, or with an hour rule.
    const outside = await h.api('grid', 'POST', '/api/points/conduct-awards', { ...body, checkKey: 'check-0004', communityCode: otherCommunity.code });
    expect(outside.status).toBe(403);
    expect((await h.api('cgw', 'POST', '/api/points/conduct-awards', { ...body, checkKey: 'check-0005' })).status).toBe(403);
    const hours = await h.api('grid', 'POST', '/api/points/conduct-awards', { ...body, checkKey: 'check-0006', ruleCode: 'service.hour' });
    expect(hours.body.error.code).toBe('POINTS.RULE_KIND_MISMATCH');
    const nobody = await h.api('grid', 'POST', '/api/points/conduct-awards', { ...body, checkKey: 'check-0007', holderUsername: 'street' });
    expect(nobody.body.error.code).toBe('POINTS.UNKNOWN_HOLDER');
  });

  it('a supervisor reverses an award by a counter-transaction, once', async () => {
    const a = await award(alice.userId, 'hours:mistake', { quantity: 1 });
    const balance = await balanceOf(ctx, db, alice.userId);
    const r = await h.api('supervisor', 'POST', `/api/points/transactions/${a.transactionId}/reverse`, { reason: '重复录入' });
    expect(r.status).toBe(201);
    expect(await balanceOf(ctx, db, alice.userId)).toBe(balance - a.points);
    const twice = await h.api('supervisor', 'POST', `/api/points/transactions/${a.transactionId}/reverse`, { reason: '重复录入' });
    expect(twice.body.error.code).toBe('POINTS.NOT_REVERSIBLE');
    const reversal = await h.api('supervisor', 'POST', `/api/points/transactions/${r.body.transactionId}/reverse`, { reason: '再冲' });
    expect(reversal.body.error.code).toBe('POINTS.NOT_REVERSIBLE');
    expect((await audit(ctx, null)).anomalies).toBe(0);
  });
});

describe(`redemptions (${dbKind()})`, () => {
  it('takes points and stock together, answers a pickup code, and a retry takes nothing twice', async () => {
    const carol = await buildHolder(ctx, { username: '13800000003', displayName: '王芳' });
    const poor = await h.api(carol.username, 'POST', '/api/points/redemptions', { itemId: soap.id }, { 'idempotency-key': 'carol-0001' });
    expect(poor.status).toBe(409);
    expect(poor.body.error.code).toBe('POINTS.INSUFFICIENT_BALANCE');
    await award(carol.userId, 'hours:carol', { quantity: 5 });
    expect(await balanceOf(ctx, db, carol.userId)).toBe(50);
    const r = await h.api(carol.username, 'POST', '/api/points/redemptions', { itemId: soap.id }, { 'idempotency-key': 'carol-0002' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ itemName: '洗衣液', points: 20, status: 'pending', balance: 30 });
    expect(r.body.pickupCode).toMatch(/^[0-9A-Z]{10}$/);
    const retry = await h.api(carol.username, 'POST', '/api/points/redemptions', { itemId: soap.id }, { 'idempotency-key': 'carol-0002' });
    expect(retry.status).toBe(200);
    expect(retry.body.id).toBe(r.body.id);
    const reused = await h.api(carol.username, 'POST', '/api/points/redemptions', { itemId: bag.id }, { 'idempotency-key': 'carol-0002' });
    expect(reused.body.error.code).toBe('POINTS.IDEMPOTENCY_KEY_REUSED');
    expect(await balanceOf(ctx, db, carol.userId)).toBe(30);
    const items = (await h.api(carol.username, 'GET', '/api/points/items')).body.items as { id: number; stock: number }[];
    expect(items.find((i) => i.id === soap.id)!.stock).toBe(1);

    // The second soap, then none left.
    expect((await h.api(carol.username, 'POST', '/api/points/redemptions', { itemId: soap.id }, { 'idempotency-key': 'carol-0003' })).status).toBe(201);
    const none = await h.api(carol.username, 'POST', '/api/points/redemptions', { itemId: soap.id }, { 'idempotency-key': 'carol-0004' });
    expect(none.body.error.code).toBe('POINTS.OUT_OF_STOCK');

    // The station's staff hand the first over; it cannot then be cancelled or collected again.
    const collected = await h.api('street', 'POST', '/api/points/redemptions/collect', { pickupCode: r.body.pickupCode });
    expect(collected.status).toBe(200);
    expect(collected.body.status).toBe('collected');
    expect(collected.body.itemName).toBe('洗衣液');
    expect((await h.api('street', 'POST', '/api/points/redemptions/collect', { pickupCode: r.body.pickupCode })).body.error.code).toBe(
      'POINTS.REDEMPTION_NOT_PENDING',
    );
    expect((await h.api(carol.username, 'POST', `/api/points/redemptions/${r.body.id}/cancel`, {})).body.error.code).toBe('POINTS.REDEMPTION_NOT_PENDING');
    // Another street's staff do not find the code.
    const wrong = await h.api('h.st-110109002', 'POST', '/api/points/redemptions/collect', { pickupCode: r.body.pickupCode });
    expect(wrong.status).toBe(404);

    // Cancelling the second refunds it and returns the stock; another holder cannot cancel it.
    const mine = (await h.api(carol.username, 'GET', '/api/points/redemptions/mine')).body.items as { id: number; status: string }[];
    const second = mine.find((m) => m.status === 'pending')!;
    expect((await h.api(alice.username, 'POST', `/api/points/redemptions/${second.id}/cancel`, {})).status).toBe(404);
    const cancelled = await h.api(carol.username, 'POST', `/api/points/redemptions/${second.id}/cancel`, { reason: '不需要了' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', balance: 30, itemName: '洗衣液' });
    expect((await h.api(carol.username, 'GET', '/api/points/items')).body.items.find((i: { id: number }) => i.id === soap.id).stock).toBe(1);

    // Her account: balance and movements, newest first, paged.
    const me = await h.api(carol.username, 'GET', '/api/points/me?limit=2');
    expect(me.body.balance).toBe(30);
    expect(me.body.movements.map((m: { kind: string; amount: number }) => [m.kind, m.amount])).toEqual([
      ['refund', 20],
      ['redeem', -20],
    ]);
    const page2 = await h.api(carol.username, 'GET', `/api/points/me?limit=2&before=${me.body.nextBefore}`);
    expect(page2.body.movements.map((m: { kind: string; amount: number }) => [m.kind, m.amount])).toEqual([
      ['redeem', -20],
      ['award', 50],
    ]);
    // The staff list of the station's redemptions shows holders masked.
    const list = await h.api('street', 'GET', '/api/points/redemptions');
    expect(list.body.items.some((x: { holderName: string }) => x.holderName === '王*')).toBe(true);
    expect((await audit(ctx, null)).anomalies).toBe(0);
  });

  it('ranks holders by points earned in the month, names masked', async () => {
    const r = await h.api(alice.username, 'GET', '/api/points/leaderboard?period=month&at=2026-03');
    expect(r.status).toBe(200);
    const names = (r.body.items as { name: string; points: number; me: boolean }[]).map((i) => i.name);
    expect(names).toEqual(expect.arrayContaining(['张**', '李**', '王*']));
    expect(names.every((n) => n.includes('*'))).toBe(true);
    expect(r.body.items.filter((i: { me: boolean }) => i.me)).toHaveLength(1);
    const bad = await h.api(alice.username, 'GET', '/api/points/leaderboard?period=month&at=2026');
    expect(bad.body.error.code).toBe('POINTS.INVALID_PERIOD');
  });

  it('the audit over HTTP: supervisors and admins, zero anomalies', async () => {
    const r = await h.api('supervisor', 'GET', '/api/points/audit');
    expect(r.status).toBe(200);
    expect(r.body.anomalies).toBe(0);
    expect(r.body.issuer.holds).toBe(true);
    expect(r.body.issuer.issuerBalance + r.body.issuer.circulating).toBe(0);
    expect((await h.api('street', 'GET', '/api/points/audit')).status).toBe(403);
  });
});
