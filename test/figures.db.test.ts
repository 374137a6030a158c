/**
 * Leaderboards and the leaders' figures over the real databases (PGlite, and PostgreSQL when
 * DATABASE_URL is set): names shown by the volunteer's consent on the activities and points
 * leaderboards, the team boards by hours and by points, and the figures per street checked against
 * the activities, hours and service orders (engine tickets of kind service_order) made here.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { principalOfUsername, createUser } from '../src/engine/auth.ts';
import { createTicket } from '../src/engine/intake.ts';
import { performAction } from '../src/engine/ticket-actions.ts';
import { seedPointsRules } from '../src/modules/points/points.seed.ts';
import { registerResident } from '../src/modules/volunteers/residents.service.ts';
import { seedDemoVolunteers } from '../src/modules/volunteers/index.ts';
import { createTeam, registerVolunteer } from '../src/modules/volunteers/volunteers.service.ts';
import { send } from './support/api-surface.ts';
import { createHarness, dbKind, PASSWORD, testClock } from './support/harness.ts';
import { testIdNumber } from './support/volunteer-fixtures.ts';

const clock = testClock('2026-02-05T10:00:00+08:00');
const h = await createHarness({ clock });
afterAll(async () => {
  await h.close();
});
await seedDemoVolunteers(h.ctx);
await seedPointsRules(h.ctx);
h.ctx.reference.invalidate();
const ref = await h.ctx.reference.get();
const stationOf = (code: string) => ref.units.find((u) => u.unitType === 'station' && u.divisionCode === code)!.id;
const communities = [...ref.divisionByCode.values()].filter((d) => d.level === 'community').sort((a, b) => a.code.localeCompare(b.code));
/** The first community (its station's staff is the demo account `station`) and a community of another street. */
const c1 = communities[0]!;
const c2 = communities.find((c) => c.parentCode !== c1.parentCode)!;
const streetA = c1.parentCode!;
const streetB = c2.parentCode!;

// Staff of the second community's station (handler and leader), and a leader of street A's unit.
await createUser(h.ctx, {
  username: 'fig.station2',
  displayName: '第二实践站站长',
  password: PASSWORD,
  unitId: stationOf(c2.code),
  roles: ['unit_handler', 'unit_leader'],
});
await createUser(h.ctx, { username: 'fig.leaderA', displayName: '街道领导', password: PASSWORD, unitId: h.unitId(`ST-${streetA}`), roles: ['unit_leader'] });

let serial = 0;
/** A resident registered on community `c`, then a volunteer with or without consent to show their name. */
async function volunteer(c: string, realName: string, consent: boolean): Promise<{ id: number; phone: string }> {
  serial++;
  const phone = `1360000${String(serial).padStart(4, '0')}`;
  const r = await registerResident(h.ctx, { phone, password: PASSWORD, realName, idNumber: testIdNumber(7_000_000 + serial), communityCode: c });
  const p = (await principalOfUsername(h.ctx, phone))!;
  await registerVolunteer(h.ctx, p, { skills: ['elderly_care'], areas: [], availability: [], consentPublicName: consent });
  return { id: r.userId, phone };
}
const vA1 = await volunteer(c1.code, '王建国', true);
const vA2 = await volunteer(c1.code, '李秀英', false);
await volunteer(c1.code, '赵小红', true); // registered, no hours
const vB1 = await volunteer(c2.code, '孙志强', false);

const api = (user: string, method: string, url: string, payload?: unknown) => h.api(user, method, url, payload);

// ---------------------------------------------------------------------------------------------
// Service orders (engine tickets of kind service_order), accepted on 2026-02-05.

const operator = (await principalOfUsername(h.ctx, 'operator'))!;
const actor = { userId: operator.userId, unitId: operator.unitId, roles: operator.roles, isCentre: true };
async function order(leadUnitId: number, kind: 'service_order' | 'hotline_request' = 'service_order') {
  const r = await createTicket(h.ctx, actor, {
    kind,
    requestType: 'help',
    channel: 'other',
    content: '独居老人家中需要理发上门服务',
    requesterName: '陈阿姨',
    requesterPhone: '13811112222',
    triage: { action: 'dispatch', leadUnitId, coUnitIds: [] },
  });
  return r.result;
}
const s1 = stationOf(c1.code);
const o1 = await order(s1);
const o2 = await order(s1);
await order(s1); // not yet served
await order(stationOf(c2.code)); // street B: not rated
await order(h.unitId(`ST-${streetA}`)); // a service_order not led by a station: no station's order
await order(s1, 'hotline_request'); // another kind: not an order
const station = (await principalOfUsername(h.ctx, 'station'))!;
async function serve(ticketId: number) {
  await performAction(h.ctx, station, ticketId, 'sign', { note: '' });
  await performAction(h.ctx, station, ticketId, 'contact', { method: 'phone', note: '' });
  await performAction(h.ctx, station, ticketId, 'reply', { text: '已上门服务' });
}
const rate = (o: { number: string; queryCode: string | null }, satisfaction: string) =>
  send(h, {
    method: 'POST',
    url: `/api/public/requests/${o.number}/rating?code=${o.queryCode}`,
    payload: { contacted: true, resolved: satisfaction !== 'unsatisfied', satisfaction },
  });
await serve(o1.ticketId); // on time
expect((await rate(o1, 'satisfied')).status).toBe(200);
clock.set('2026-04-20T10:00:00+08:00');
await serve(o2.ticketId); // months late
expect((await rate(o2, 'unsatisfied')).status).toBe(200);

// ---------------------------------------------------------------------------------------------
// Activities in February (and one session in March), hours recorded by hand after them.

async function activity(user: string, sessions: [string, string][]) {
  const r = await api(user, 'POST', '/api/activities', {
    title: '助老理发',
    activityType: 'elderly_care',
    venueName: '社区活动室',
    sessions: sessions.map(([startsAt, endsAt]) => ({ startsAt, endsAt, capacity: 10 })),
    publish: true,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return (r.body as { sessions: { id: number }[] }).sessions.map((s) => s.id);
}
const manual = async (user: string, sessionId: number, userId: number, minutes: number) => {
  const r = await api(user, 'POST', `/api/activities/sessions/${sessionId}/manual-hours`, { userId, minutes, source: 'paper', reason: '纸质签到表' });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
};
const [febA, marA] = await activity('station', [
  ['2026-02-10T09:00:00+08:00', '2026-02-10T12:00:00+08:00'],
  ['2026-03-01T09:00:00+08:00', '2026-03-01T10:00:00+08:00'],
]);
await manual('station', febA!, vA1.id, 180);
await manual('station', febA!, vA2.id, 120);
await manual('station', febA!, vB1.id, 60);
await manual('station', marA!, vA1.id, 60);
const [febB] = await activity('fig.station2', [['2026-02-12T09:00:00+08:00', '2026-02-12T11:00:00+08:00']]);
await manual('fig.station2', febB!, vB1.id, 90);
// A draft with a session in February is no activity held.
const draft = await api('station', 'POST', '/api/activities', {
  title: '草稿',
  activityType: 'other',
  venueName: '某处',
  sessions: [{ startsAt: '2026-02-20T09:00:00+08:00', endsAt: '2026-02-20T10:00:00+08:00', capacity: 5 }],
});
expect(draft.status, JSON.stringify(draft.body)).toBe(201);

// Teams: T1 (station 1) = vA1 + vA2; T2 (station 2) = vB1 + vA1, so vA1 counts for both.
const T1 = await createTeam(h.ctx, station, { name: '理发服务队', stationId: s1, skills: [], areas: [], leaderUserId: vA1.id, memberUserIds: [vA2.id] });
const T2 = await createTeam(h.ctx, (await principalOfUsername(h.ctx, 'fig.station2'))!, {
  name: '第二服务队',
  stationId: stationOf(c2.code),
  skills: [],
  areas: [],
  leaderUserId: vB1.id,
  memberUserIds: [vA1.id],
});

// Points: the hours earned them when they were recorded (service.hour, 10 points an hour, by the
// session's day; src/main.ts wires the hours to the points bank): February vA1 30, vB1 25, vA2 20;
// March vA1 10.
const [pA1, pB1, pA2] = [30, 25, 20];

describe(`leaderboards and figures (${dbKind()})`, () => {
  it('shows a volunteer’s name on the activities leaderboard only with their consent, and marks the asker’s own row', async () => {
    const r = await api(vA2.phone, 'GET', '/api/activities/leaderboard?period=2026-02');
    expect(r.status).toBe(200);
    const rows = r.body.volunteers as { name: string; hours: number; you: boolean }[];
    expect(rows.map((v) => [v.name, v.hours, v.you])).toEqual([
      ['王建国', 3, false],
      ['孙**', 2.5, false],
      ['李**', 2, true],
    ]);
    // Withdrawing the consent masks the name at once.
    expect((await api(vA1.phone, 'PATCH', '/api/volunteers/me', { consentPublicName: false })).status).toBe(200);
    expect((await api(vA1.phone, 'GET', '/api/activities/leaderboard?period=2026-02')).body.volunteers[0]).toMatchObject({ name: '王**', you: true });
    expect((await api(vA1.phone, 'PATCH', '/api/volunteers/me', { consentPublicName: true })).status).toBe(200);
  });

  it('shows names on the points leaderboard by consent too', async () => {
    const r = await api(vA2.phone, 'GET', '/api/points/leaderboard?period=month&at=2026-02');
    expect(r.status).toBe(200);
    expect(r.body.items.map((i: { name: string; points: number; me: boolean }) => [i.name, i.points, i.me])).toEqual([
      ['王建国', pA1, false],
      ['孙**', pB1, false],
      ['李**', pA2, true],
    ]);
  });

  it('ranks teams by their members’ hours, a member counting for every team they belong to', async () => {
    const feb = await api(vA2.phone, 'GET', '/api/activities/leaderboard/teams?period=2026-02');
    expect(feb.status).toBe(200);
    // T2: vB1 2.5 h + vA1 3 h; T1: vA1 3 h + vA2 2 h; the demo team served nothing and is left out.
    expect(feb.body.teams.map((t: Record<string, unknown>) => [t.teamId, t.rank, t.hours, t.members, t.activeMembers, t.yours])).toEqual([
      [T2.id, 1, 5.5, 2, 2, false],
      [T1.id, 2, 5, 2, 2, true],
    ]);
    const year = await api('admin', 'GET', '/api/activities/leaderboard/teams?period=2026');
    expect(year.body.teams.map((t: { teamId: number; hours: number }) => [t.teamId, t.hours])).toEqual([
      [T2.id, 6.5],
      [T1.id, 6],
    ]);
    expect((await api('admin', 'GET', '/api/activities/leaderboard/teams?period=2026-13')).status).toBe(400);
  });

  it('ranks teams by their members’ points', async () => {
    const r = await api('admin', 'GET', '/api/points/leaderboard/teams?period=month&at=2026-02');
    expect(r.status).toBe(200);
    expect(r.body.items.map((t: { teamId: number; points: number }) => [t.teamId, t.points])).toEqual([
      [T2.id, pB1 + pA1],
      [T1.id, pA1 + pA2],
    ]);
    // March: vA1's hour counts for both teams; April: nothing.
    const march = await api('admin', 'GET', '/api/points/leaderboard/teams?period=month&at=2026-03');
    expect(march.body.items.map((t: { teamId: number; points: number }) => t.points)).toEqual([10, 10]);
    expect((await api('admin', 'GET', '/api/points/leaderboard/teams?period=month&at=2026-04')).body.items).toEqual([]);
  });

  it('gives the figures per street for the month, counted from the records, activities and orders made here', async () => {
    const r = await api('supervisor', 'GET', '/api/activities/figures?period=2026-02');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.scope).toBe('all');
    const byCode = new Map((r.body.streets as { code: string }[]).map((s) => [s.code, s]));
    const streets = [...ref.divisionByCode.values()].filter((d) => d.level === 'street' && d.parentCode === '110109');
    expect(r.body.streets.filter((s: { code: string }) => s.code !== 'district')).toHaveLength(streets.length);
    // Street A: 3 demo volunteers + vA1..vA3 registered; vA1 and vA2 active; 3 + 2 + 1 hours at station 1's February session;
    // one activity held; 3 orders, 2 rated (1 satisfied), 2 replied (1 on time).
    expect(byCode.get(streetA)).toMatchObject({
      registeredVolunteers: 6,
      activeVolunteers: 2,
      hours: 6,
      activities: 1,
      orders: 3,
      ordersRated: 2,
      satisfactionRate: 0.5,
      ordersReplied: 2,
      onTimeRate: 0.5,
    });
    // Street B: vB1 registered and active; 1.5 h at station 2's activity; 1 order, neither rated nor replied.
    expect(byCode.get(streetB)).toMatchObject({
      registeredVolunteers: 1,
      activeVolunteers: 1,
      hours: 1.5,
      activities: 1,
      orders: 1,
      ordersRated: 0,
      satisfactionRate: null,
      ordersReplied: 0,
      onTimeRate: null,
    });
    // The total is the sum of the rows (other streets are empty here).
    expect(r.body.total).toMatchObject({
      code: '110109',
      registeredVolunteers: 7,
      activeVolunteers: 3,
      hours: 7.5,
      activities: 2,
      orders: 4,
      satisfactionRate: 0.5,
    });
    const year = (await api('supervisor', 'GET', '/api/activities/figures?period=2026')).body;
    expect(year.total).toMatchObject({ hours: 8.5, activities: 2 });
  });

  it('gives a street’s leader their street only, and refuses handlers and leaders outside a district or street unit', async () => {
    const r = await api('fig.leaderA', 'GET', '/api/activities/figures?period=2026-02');
    expect(r.status).toBe(200);
    expect(r.body.scope).toBe('street');
    expect(r.body.streets.map((s: { code: string }) => s.code)).toEqual([streetA]);
    expect(r.body.total).toMatchObject({ code: streetA, hours: 6, orders: 3 });
    // The district government's leader sees every street.
    expect((await api('gov', 'GET', '/api/activities/figures?period=2026-02')).body.scope).toBe('all');
    // A community station's leader and a plain handler: refused.
    for (const user of ['station', 'street', vA1.phone]) {
      const x = await api(user, 'GET', '/api/activities/figures?period=2026-02');
      expect(x.status, user).toBe(403);
      expect(x.body.error.code).toBe('AUTH.FORBIDDEN');
    }
    // The menu follows: the session names the rule only for those whom the figures reach (a community
    // station's leader holds the role but is refused, so is not offered the page).
    const may = async (user: string) => ((await api(user, 'GET', '/api/auth/me')).body as { may: string[] }).may.includes('activities.figures');
    expect(await may('fig.leaderA')).toBe(true);
    expect(await may('gov')).toBe(true);
    expect(await may('supervisor')).toBe(true);
    expect(await may('station')).toBe(false);
    expect(await may('street')).toBe(false);
  });
});
