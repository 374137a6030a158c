/**
 * Service hours earn points (docs/VOLUNTEERS.md, "Points"): the composition root (src/main.ts) pays
 * every hour record the activities module writes through the points bank, in the same transaction.
 * Over the real databases: confirmed hours credit the holder; a retried confirmation pays once; a
 * correction takes points back, and only what the balance allows once the points are spent; the audit
 * finds nothing wrong afterwards.
 */
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { login } from '../src/engine/auth.ts';
import { payUnpaidHours } from '../src/main.ts';
import { balanceOf } from '../src/modules/points/index.ts';
import { addRuleVersion, audit } from '../src/modules/points/points.service.ts';
import { buildVolunteers } from './builders/activity-volunteers.ts';
import { adminOf, buildCatalogue } from './builders/points.ts';
import { send } from './support/api-surface.ts';
import { createHarness, dbKind, PASSWORD, testClock } from './support/harness.ts';

const clock = testClock('2026-04-01T09:00:00+08:00');
const h = await createHarness({ clock });
afterAll(async () => {
  await h.close();
});
const STREET = h.unitId('ST-110109001');
// The default rules (service.hour: 10 points an hour) and a catalogue run by the first street, made
// by the first test that needs them (the first test runs before the district has any rule).
let catalogue: ReturnType<typeof buildCatalogue> | undefined;
const haircutItem = async () => (await (catalogue ??= buildCatalogue(h.ctx, [{ name: '理发券', cost: 12, stock: 10 }]))).items[0]!;

// Sessions made without the login route (its rate limit), renewed when the test clock passes their expiry.
const sessions = new Map<string, { token: string; expiresAt: Date }>();
async function api(username: string, method: string, url: string, payload?: unknown, headers?: Record<string, string>) {
  let s = sessions.get(username);
  if (s === undefined || s.expiresAt.getTime() <= clock.now().getTime() + 60_000) sessions.set(username, (s = await login(h.ctx, username, PASSWORD)));
  return send(h, { method, url, token: s.token, ...(payload === undefined ? {} : { payload }), ...(headers ? { headers } : {}) });
}
const account = async (username: string) =>
  (await api(username, 'GET', '/api/points/me')).body as {
    balance: number;
    movements: { kind: string; amount: number; reason: string; ruleName: string | null }[];
  };

describe(`service hours earn points (${dbKind()})`, () => {
  it('records hours without points while the district has no hour rule, and pays them once on a first start after the rules', async () => {
    const created = await api('street', 'POST', '/api/activities', {
      title: '系统启用前的活动',
      activityType: 'environment',
      venueName: '社区广场',
      sessions: [{ startsAt: '2026-04-02T09:00:00+08:00', endsAt: '2026-04-02T11:00:00+08:00', capacity: 5 }],
      publish: true,
    });
    const s = created.body.sessions[0] as { id: number; endsAt: string };
    const [early] = await buildVolunteers(h.ctx, STREET, 1);
    clock.set(new Date(Date.parse(s.endsAt) + 60_000));
    const manual = await api('street.leader', 'POST', `/api/activities/sessions/${s.id}/manual-hours`, {
      userId: early!.id,
      minutes: 120,
      source: 'paper',
      reason: '纸质签到表',
    });
    // No rule: the hours stand, no points move.
    expect(manual.status, JSON.stringify(manual.body)).toBe(201);
    expect((await account(early!.username)).balance).toBe(0);
    await haircutItem();
    await payUnpaidHours(h.ctx);
    expect((await account(early!.username)).balance).toBe(20);
    // Again (a second start, a retry): nothing twice.
    await payUnpaidHours(h.ctx);
    expect((await account(early!.username)).balance).toBe(20);
  });

  it('pays confirmed hours once, takes points back on a correction, and leaves the ledger balanced', async () => {
    const created = await api('street', 'POST', '/api/activities', {
      title: '垃圾分类宣传',
      activityType: 'environment',
      venueName: '石门营社区广场',
      sessions: [{ startsAt: '2026-04-03T09:00:00+08:00', endsAt: '2026-04-03T12:00:00+08:00', capacity: 5 }],
      publish: true,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const s = created.body.sessions[0] as { id: number; startsAt: string; endsAt: string };
    const [v, w] = await buildVolunteers(h.ctx, STREET, 2);
    for (const x of [v!, w!]) expect((await api(x.username, 'POST', `/api/activities/sessions/${s.id}/signups`)).status).toBe(200);

    clock.set(new Date(Date.parse(s.startsAt) - 10 * 60_000));
    const codeAnswer = await api('street', 'GET', `/api/activities/sessions/${s.id}/check-in-code`);
    expect(codeAnswer.status, JSON.stringify(codeAnswer.body)).toBe(200);
    const code = codeAnswer.body.token as string;
    for (const x of [v!, w!]) {
      const r = await api(x.username, 'POST', '/api/activities/check-ins', { token: code });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    clock.set(new Date(Date.parse(s.startsAt) + 100 * 60_000));
    const out = (await api('street', 'GET', `/api/activities/sessions/${s.id}/check-in-code`)).body.token as string;
    expect((await api(v!.username, 'POST', '/api/activities/check-ins', { token: out })).body.action).toBe('checked_out');

    // Confirmed after the end: v served 100 minutes (⌊10 × 100 / 60⌋ = 16 points), w never checked out (180 minutes, 30 points).
    clock.set(new Date(Date.parse(s.endsAt) + 3600_000));
    const confirmed = await api('street', 'POST', `/api/activities/sessions/${s.id}/hours`, {});
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect((await account(v!.username)).balance).toBe(16);
    const wAccount = await account(w!.username);
    expect(wAccount.balance).toBe(30);
    expect(wAccount.movements).toMatchObject([{ kind: 'award', amount: 30, reason: '志愿服务 3.0 小时', ruleName: '志愿服务时长（每小时）' }]);

    // A retried confirmation records nothing and pays nothing twice.
    const again = await api('street', 'POST', `/api/activities/sessions/${s.id}/hours`, {});
    expect(again.body.recorded).toEqual([]);
    expect((await account(v!.username)).balance).toBe(16);
    expect((await account(w!.username)).balance).toBe(30);

    // A correction down (w left after 2 h: −60 minutes) takes 10 points back, with its reason.
    const wRecord = (confirmed.body.recorded as { id: number; userId: number }[]).find((r) => r.userId === w!.id)!;
    const down = await api('street.leader', 'POST', `/api/activities/hours/${wRecord.id}/corrections`, { minutes: 120, reason: '提前一小时离开' });
    expect(down.status, JSON.stringify(down.body)).toBe(201);
    const afterDown = await account(w!.username);
    expect(afterDown.balance).toBe(20);
    expect(afterDown.movements[0]).toMatchObject({ kind: 'adjust', amount: -10, reason: '时长更正扣回 1.0 小时：提前一小时离开' });

    // A correction up pays the difference.
    expect((await api('street.leader', 'POST', `/api/activities/hours/${wRecord.id}/corrections`, { minutes: 150, reason: '核对签到表' })).status).toBe(201);
    expect((await account(w!.username)).balance).toBe(25);

    // v spends 12 of 16 points; a correction to 0 minutes (−100: 16 points due) takes the 4 left and records the shortfall.
    const redeemed = await api(
      v!.username,
      'POST',
      '/api/points/redemptions',
      { itemId: (await haircutItem()).id, quantity: 1 },
      { 'idempotency-key': 'hours-test-1' },
    );
    expect(redeemed.status, JSON.stringify(redeemed.body)).toBe(201);
    expect(redeemed.body.balance).toBe(4);
    const vRecord = (confirmed.body.recorded as { id: number; userId: number }[]).find((r) => r.userId === v!.id)!;
    const zero = await api('street.leader', 'POST', `/api/activities/hours/${vRecord.id}/corrections`, { minutes: 0, reason: '未实际参加' });
    expect(zero.status, JSON.stringify(zero.body)).toBe(201);
    const vAfter = await account(v!.username);
    expect(vAfter.balance).toBe(0);
    expect(vAfter.movements[0]).toMatchObject({ kind: 'adjust', amount: -4 });
    expect(vAfter.movements[0]!.reason).toContain('差 12 分');
    // The hours correction stands even with nothing left to take.
    expect((await api('street.leader', 'POST', `/api/activities/hours/${vRecord.id}/corrections`, { minutes: 30, reason: '补记半小时' })).status).toBe(201);
    expect((await account(v!.username)).balance).toBe(5);
    expect((await api('street.leader', 'POST', `/api/activities/hours/${vRecord.id}/corrections`, { minutes: 0, reason: '再次核对' })).status).toBe(201);
    expect((await account(v!.username)).balance).toBe(0);
    expect((await api(v!.username, 'GET', '/api/activities/my/hours?year=2026')).body.totalMinutes).toBe(0);

    const found = await audit(h.ctx, null);
    expect(found.anomalies).toBe(0);
    expect(found.issuer.holds).toBe(true);
  });

  it('pays a manual record, and a record too short for a whole point moves nothing and is not refused', async () => {
    const created = await api('street', 'POST', '/api/activities', {
      title: '助老服务',
      activityType: 'elderly_care',
      venueName: '敬老院',
      sessions: [{ startsAt: '2026-04-05T09:00:00+08:00', endsAt: '2026-04-05T10:00:00+08:00', capacity: 5 }],
      publish: true,
    });
    const s = created.body.sessions[0] as { id: number; endsAt: string };
    const [a, b] = await buildVolunteers(h.ctx, STREET, 2);
    clock.set(new Date(Date.parse(s.endsAt) + 60_000));
    const manual = (userId: number, minutes: number) =>
      api('street.leader', 'POST', `/api/activities/sessions/${s.id}/manual-hours`, { userId, minutes, source: 'paper', reason: '纸质签到表' });
    expect((await manual(a!.id, 45)).status).toBe(201);
    expect((await account(a!.username)).balance).toBe(7);
    expect((await manual(b!.id, 5)).status).toBe(201);
    expect(await account(b!.username)).toMatchObject({ balance: 0, movements: [] });
    // An imported volunteer nobody has claimed yet (an inactive account) earns too, for when they claim it.
    const [unclaimed] = await buildVolunteers(h.ctx, STREET, 1);
    await h.ctx.database.db.execute(sql`update users set active = false where id = ${unclaimed!.id}`);
    expect((await manual(unclaimed!.id, 60)).status).toBe(201);
    expect(await balanceOf(h.ctx, h.ctx.database.db, unclaimed!.id)).toBe(10);
    expect((await audit(h.ctx, null)).anomalies).toBe(0);
  });
  it('a capped hour rule: hours beyond the day’s cap earn nothing and are still recorded', async () => {
    await haircutItem();
    const admin = await adminOf(h.ctx);
    await addRuleVersion(h.ctx, admin, {
      code: 'service.hour',
      kind: 'hour',
      name: '志愿服务时长（每日上限）',
      pointsPerUnit: 10,
      dailyCap: 15,
      effectiveFrom: '2026-04-20',
    });
    const created = await api('street', 'POST', '/api/activities', {
      title: '周末两场',
      activityType: 'environment',
      venueName: '社区广场',
      sessions: [
        { startsAt: '2026-04-20T08:00:00+08:00', endsAt: '2026-04-20T10:00:00+08:00', capacity: 5 },
        { startsAt: '2026-04-20T14:00:00+08:00', endsAt: '2026-04-20T16:00:00+08:00', capacity: 5 },
      ],
      publish: true,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const [first, second] = created.body.sessions as { id: number; endsAt: string }[];
    const [v] = await buildVolunteers(h.ctx, STREET, 1);
    clock.set(new Date(Date.parse(second!.endsAt) + 60_000));
    const manual = (sessionId: number) =>
      api('street.leader', 'POST', `/api/activities/sessions/${sessionId}/manual-hours`, {
        userId: v!.id,
        minutes: 120,
        source: 'paper',
        reason: '纸质签到表',
      });
    expect((await manual(first!.id)).status).toBe(201);
    expect((await account(v!.username)).balance).toBe(15);
    expect((await manual(second!.id)).status).toBe(201);
    expect((await account(v!.username)).balance).toBe(15);
    expect((await api(v!.username, 'GET', '/api/activities/my/hours?year=2026')).body.totalMinutes).toBe(240);
    expect((await audit(h.ctx, null)).anomalies).toBe(0);
  });
});
