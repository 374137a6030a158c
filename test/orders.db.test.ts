/**
 * Service orders (文明实践点单) over HTTP on a real database: the whole life of an order on the engine
 * (order → dispatch → decline with its reason → redispatch → accept → notes → service record → the
 * resident's rating closes it), idempotent ordering, the hotline ordering for a resident and for a caller
 * without an account, who sees what (another resident's order answers 404), bad input, and the ranking.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckChar } from '../src/modules/volunteers/volunteers.domain.ts';
import { seedDemoVolunteers } from '../src/modules/volunteers/index.ts';
import { createTicket } from '../src/engine/intake.ts';
import { balanceOf } from '../src/modules/points/index.ts';
import { seedPointsRules } from '../src/modules/points/points.seed.ts';
import { serviceOrders, tickets } from '../src/schema.ts';
import { createHarness, dbKind, DISTRICT, PASSWORD, type Harness } from './support/harness.ts';
import { api } from './support/ticket-flow.ts';

let h: Harness;
let community: string;
let stationId: number;
let teamA: number;
let teamB: number;
const LEADER_A = '13910000001';
const LEADER_B = '13910000002';
const MEMBER = '13910000003';
const ids = new Map<string, number>();

let serial = 0;
async function resident(communityCode: string): Promise<string> {
  serial++;
  const phone = `1372${String(serial).padStart(7, '0')}`;
  const first17 = `${DISTRICT}19700101${String(500 + serial).padStart(3, '0')}`;
  const r = await h.api(null, 'POST', '/api/residents', {
    phone,
    password: PASSWORD,
    realName: '孙丽',
    idNumber: `${first17}${idCheckChar(first17)}`,
    communityCode,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  ids.set(phone, r.body.userId);
  return phone;
}

const menuItem = async (name: string, skills: string[], timeLimitClass = 'general') => {
  const r = await api(h, 'station', 'POST', '/api/volunteers/menu', { name, description: '上门服务', skills, timeLimitClass });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as number;
};

const order = async (phone: string, menuItemId: number, key?: string) =>
  api(h, phone, 'POST', '/api/volunteers/orders', { menuItemId, content: '老人行动不便，请上门理发' }, key ? { 'idempotency-key': key } : {});

const mine = async (phone: string) => (await api(h, phone, 'GET', '/api/volunteers/orders/mine')).body.items as any[];

beforeAll(async () => {
  h = await createHarness();
  await seedDemoVolunteers(h.ctx);
  h.ctx.reference.invalidate();
  const ref = await h.ctx.reference.get();
  const first = ref.units
    .filter((u) => u.unitType === 'station' && u.divisionCode?.length === 12)
    .sort((a, b) => a.divisionCode!.localeCompare(b.divisionCode!))[0]!;
  community = first.divisionCode!;
  stationId = first.id;
  const teams = (await api(h, 'station', 'GET', '/api/teams')).body.items as { id: number; name: string; leaderUserId: number }[];
  teamA = teams.find((t) => t.name === '夕阳红助老服务队')!.id;
  const detail = (await api(h, 'station', 'GET', `/api/teams/${teamA}`)).body;
  const [l1, l2, l3] = detail.members.map((m: { userId: number }) => m.userId) as number[];
  ids.set(LEADER_A, l1!).set(LEADER_B, l2!).set(MEMBER, l3!);
  const b = await api(h, 'station', 'POST', '/api/teams', {
    name: '便民维修队',
    stationId,
    skills: ['appliance_repair'],
    areas: [community],
    leaderUserId: l2,
    memberUserIds: [l2],
  });
  expect(b.status, JSON.stringify(b.body)).toBe(201);
  teamB = b.body.id;
});
afterAll(async () => {
  await h?.close();
});

describe(`service orders (${dbKind()})`, () => {
  it('runs the whole life on the engine: order, dispatch, decline with a reason, redispatch, accept, serve, record, rate, closed', async () => {
    const haircut = await menuItem('上门理发', ['haircut', 'elderly_care'], 'complex');
    const me = await resident(community);
    const menu = (await api(h, me, 'GET', '/api/volunteers/orders/menu')).body.items as { id: number }[];
    expect(menu.map((m) => m.id)).toContain(haircut);

    // 点单, idempotent by key: the retry answers the same ticket.
    const placed = await order(me, haircut, 'order-key-0001');
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const again = await order(me, haircut, 'order-key-0001');
    expect(again.status).toBe(200);
    expect(again.body.ticketId).toBe(placed.body.ticketId);
    const id = placed.body.ticketId as number;
    const [t] = await h.ctx.database.db.select().from(tickets).where(eq(tickets.id, id));
    expect(t).toMatchObject({ kind: 'service_order', state: 'dispatched', leadUnitId: stationId, timeLimitClass: 'complex', source: 'service_order' });
    expect(await h.ctx.database.db.select().from(serviceOrders)).toHaveLength(1);

    // 派单: the suggestion puts the team with the skills first.
    const sugg = (await api(h, 'station', 'GET', `/api/volunteers/orders/${id}/suggestions`)).body.items as { teamId: number }[];
    expect(sugg.map((s) => s.teamId)).toEqual([teamA, teamB]);
    const d1 = await api(h, 'station', 'POST', `/api/volunteers/orders/${id}/dispatch`, { teamId: teamB });
    expect(d1.body).toEqual({ ticketId: id, state: 'offered', ticketState: 'signed' });
    // Offered to B: A's leader may not answer it; B's leader declines with a reason.
    expect((await api(h, LEADER_A, 'POST', `/api/volunteers/orders/${id}/answer`, { accept: true })).status).toBe(404);
    const declined = await api(h, LEADER_B, 'POST', `/api/volunteers/orders/${id}/answer`, { accept: false, reason: '本队无理发技能' });
    expect(declined.body).toEqual({ ticketId: id, state: 'pending', ticketState: 'signed' });
    const seen = (await api(h, 'station', 'GET', `/api/volunteers/orders/${id}`)).body;
    expect(seen.assignments).toMatchObject([{ teamId: teamB, answer: 'declined', reason: '本队无理发技能' }]);
    const sugg2 = (await api(h, 'station', 'GET', `/api/volunteers/orders/${id}/suggestions`)).body.items as { teamId: number; declined: boolean }[];
    expect(sugg2.at(-1)).toMatchObject({ teamId: teamB, declined: true });

    // Redispatch to A; A's leader accepts (the engine's contact), notes progress, records the service (the reply).
    expect((await api(h, 'station', 'POST', `/api/volunteers/orders/${id}/dispatch`, { teamId: teamA })).body.state).toBe('offered');
    expect((await api(h, 'station', 'POST', `/api/volunteers/orders/${id}/dispatch`, { teamId: teamA })).body.error.code).toBe('ORDER.NOT_PENDING');
    const teamList = (await api(h, LEADER_A, 'GET', '/api/volunteers/orders/team')).body.items as { ticketId: number; steps: string[] }[];
    expect(teamList.map((o) => o.ticketId)).toContain(id);
    // The server tells the leader what they may do next: answer the offer; the station has nothing left to do.
    expect(teamList.find((o) => o.ticketId === id)!.steps).toEqual(['accept', 'decline']);
    expect((await api(h, 'station', 'GET', `/api/volunteers/orders/${id}`)).body.steps).toEqual([]);
    expect((await api(h, LEADER_A, 'POST', `/api/volunteers/orders/${id}/answer`, { accept: true })).body).toEqual({
      ticketId: id,
      state: 'accepted',
      ticketState: 'handling',
    });
    expect((await api(h, LEADER_A, 'POST', `/api/volunteers/orders/${id}/notes`, { note: '已约定周六上午上门' })).status).toBe(200);
    // The resident cannot rate before the service is recorded.
    expect((await api(h, me, 'POST', `/api/volunteers/orders/${id}/rating`, { satisfaction: 'satisfied' })).body.error.code).toBe(
      'WORKFLOW.INVALID_TRANSITION',
    );
    // The points bank's rules (service.hour: 10 points an hour), so that the record earns points.
    await seedPointsRules(h.ctx);
    const balance = (phone: string) => balanceOf(h.ctx, h.ctx.database.db, ids.get(phone)!);
    const [leaderBefore, memberBefore, otherBefore] = [await balance(LEADER_A), await balance(MEMBER), await balance(LEADER_B)];
    const served = await api(h, LEADER_A, 'POST', `/api/volunteers/orders/${id}/service`, {
      servedBy: [ids.get(LEADER_A), ids.get(MEMBER)],
      minutes: 90,
      note: '理发两人',
    });
    expect(served.body).toEqual({ ticketId: id, state: 'served', ticketState: 'replied' });
    // Everyone who served earns 90 minutes' points (15) in the record's transaction; nobody else does, and a
    // second record of the same order is refused, paying nothing twice.
    expect(await balance(LEADER_A)).toBe(leaderBefore + 15);
    expect(await balance(MEMBER)).toBe(memberBefore + 15);
    expect(await balance(LEADER_B)).toBe(otherBefore);
    // The order is service hours too: each who served has a service_order record of 90 minutes in their
    // year's hours, titled with the order's number and menu item, and paid once (the balance above).
    const year = new Date().getFullYear().toString();
    for (const phone of [LEADER_A, MEMBER]) {
      const records = (await api(h, phone, 'GET', `/api/activities/my/hours?year=${year}`)).body.records as {
        kind: string;
        ticketId: number | null;
        minutes: number;
        activityTitle: string;
        sessionId: number | null;
      }[];
      const fromOrder = records.filter((r) => r.ticketId === id);
      expect(fromOrder).toEqual([expect.objectContaining({ kind: 'service_order', minutes: 90, sessionId: null })]);
      expect(fromOrder[0]!.activityTitle).toMatch(/^文明实践点单 \S+ /);
    }
    // An order's record follows the order: the activities' corrections do not reach it.
    const orderRecord = ((await api(h, MEMBER, 'GET', `/api/activities/my/hours?year=${year}`)).body.records as { id: number; ticketId: number | null }[]).find(
      (r) => r.ticketId === id,
    )!;
    const correction = await api(h, 'station', 'POST', `/api/activities/hours/${orderRecord.id}/corrections`, { minutes: 10, reason: '更正' });
    expect(correction.status).toBe(404);
    const others = (await api(h, LEADER_B, 'GET', `/api/activities/my/hours?year=${year}`)).body.records as { ticketId: number | null }[];
    expect(others.filter((r) => r.ticketId === id)).toEqual([]);
    const twice = await api(h, LEADER_A, 'POST', `/api/volunteers/orders/${id}/service`, { servedBy: [ids.get(LEADER_A)], minutes: 90, note: '' });
    expect(twice.body.error.code).toBe('ORDER.NOT_ACCEPTED');
    expect(await balance(LEADER_A)).toBe(leaderBefore + 15);

    // Another resident neither sees nor rates it.
    const other = await resident(community);
    expect(await mine(other)).toEqual([]);
    expect((await api(h, other, 'POST', `/api/volunteers/orders/${id}/rating`, { satisfaction: 'unsatisfied' })).status).toBe(404);

    // 评单: the resident's satisfied rating closes the ticket.
    const before = (await mine(me))[0];
    expect(before).toMatchObject({ ticketId: id, state: 'served', mayRate: true, steps: ['rate'], servedMinutes: 90, teamId: teamA });
    expect(before.servedBy).toHaveLength(2);
    const rated = await api(h, me, 'POST', `/api/volunteers/orders/${id}/rating`, { satisfaction: 'satisfied', comment: '很满意' });
    expect(rated.body).toMatchObject({ ticketState: 'closed', closed: true });
    expect((await mine(me))[0]).toMatchObject({ closed: true, satisfaction: 'satisfied', mayRate: false });
    expect((await api(h, me, 'POST', `/api/volunteers/orders/${id}/rating`, { satisfaction: 'satisfied' })).status).toBe(409);

    // The engine's history tells the story.
    const events = (await api(h, 'station', 'GET', `/api/tickets/${id}`)).body;
    expect(JSON.stringify(events)).toContain('志愿服务队拒单：本队无理发技能');

    // The ranking counts it for the station and for team A.
    const month = new Date(h.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 7);
    const ranking = (await api(h, 'station.centre', 'GET', `/api/volunteers/orders/ranking?month=${month}`)).body;
    expect(ranking.stations.find((s: { key: number }) => s.key === stationId)).toMatchObject({
      orders: 1,
      served: 1,
      onTime: 1,
      rated: 1,
      satisfied: 1,
      score: 100,
    });
    expect(ranking.teams.map((s: { key: number }) => s.key)).toEqual([teamA]);
    // The hotline's rankings keep leaving stations out, though the station led a closed, rated ticket.
    const hotline = (await api(h, 'supervisor', 'GET', `/api/assessment/rankings?month=${month}`)).body;
    const groups = hotline.groups as { unitType: string; rows: { unitId: number }[] }[];
    expect(groups.length).toBeGreaterThan(0);
    expect(groups.map((g) => g.unitType)).not.toContain('station');
    expect(groups.flatMap((g) => g.rows.map((r) => r.unitId))).not.toContain(stationId);
  });

  it('takes orders on the hotline for a resident’s account and for a caller without one', async () => {
    const item = await menuItem('家电维修', ['appliance_repair']);
    const me = await resident(community);
    // The operator first finds whose order it would be (the name masked) and the menu offered to that community.
    const menu = (await api(h, 'operator', 'GET', `/api/volunteers/orders/hotline/menu?residentPhone=${me}`)).body;
    expect(menu).toMatchObject({ communityCode: community, resident: { maskedName: '孙*' } });
    expect(menu.items.map((i: { id: number }) => i.id)).toContain(item);
    const byCommunity = (await api(h, 'operator', 'GET', `/api/volunteers/orders/hotline/menu?communityCode=${community}`)).body;
    expect(byCommunity).toMatchObject({ communityCode: community, resident: null });
    expect(byCommunity.items).toEqual(menu.items);
    // A community of another street is offered other stations' menus, not this one's.
    const ref = await h.ctx.reference.get();
    const street = ref.divisionByCode.get(community)!.parentCode;
    const elsewhere = [...ref.divisionByCode.values()].find((d) => d.level === 'community' && d.parentCode !== street)!;
    const other = (await api(h, 'operator', 'GET', `/api/volunteers/orders/hotline/menu?communityCode=${elsewhere.code}`)).body;
    expect(other.communityCode).toBe(elsewhere.code);
    expect(other.items.map((i: { id: number }) => i.id)).not.toContain(item);
    const forResident = await api(h, 'operator', 'POST', '/api/volunteers/orders/hotline', { menuItemId: item, content: '电视坏了', residentPhone: me });
    expect(forResident.status, JSON.stringify(forResident.body)).toBe(201);
    expect(forResident.body.queryCode).toBeNull();
    expect((await mine(me)).map((o) => o.ticketId)).toEqual([forResident.body.ticketId]);
    const caller = await api(h, 'operator', 'POST', '/api/volunteers/orders/hotline', {
      menuItemId: item,
      content: '冰箱不制冷',
      requesterName: '周大爷',
      requesterPhone: '01069841234',
      communityCode: community,
    });
    expect(caller.status).toBe(201);
    expect(caller.body.queryCode).toMatch(/^\d{6}$/);
    // Both teams repair appliances in the community: with the first order offered to A, B has the lighter load.
    const before = (await api(h, 'station', 'GET', `/api/volunteers/orders/${caller.body.ticketId}/suggestions`)).body.items as { teamId: number }[];
    expect(before.map((s) => s.teamId)).toEqual([teamA, teamB]);
    await api(h, 'station', 'POST', `/api/volunteers/orders/${forResident.body.ticketId}/dispatch`, { teamId: teamA });
    const sugg = (await api(h, 'station', 'GET', `/api/volunteers/orders/${caller.body.ticketId}/suggestions`)).body.items as { teamId: number }[];
    expect(sugg[0]!.teamId).toBe(teamB);
    // The caller without an account follows and rates the served order on the public page with the query code.
    const cid = caller.body.ticketId as number;
    await api(h, 'station', 'POST', `/api/volunteers/orders/${cid}/dispatch`, { teamId: teamB });
    await api(h, LEADER_B, 'POST', `/api/volunteers/orders/${cid}/answer`, { accept: true });
    await api(h, LEADER_B, 'POST', `/api/volunteers/orders/${cid}/service`, { servedBy: [ids.get(LEADER_B)], minutes: 45, note: '更换温控器' });
    const code = caller.body.queryCode as string;
    const rated = await h.api(null, 'POST', `/api/public/requests/${caller.body.number}/rating?code=${code}`, {
      contacted: true,
      resolved: true,
      satisfaction: 'basically_satisfied',
    });
    expect(rated.status, JSON.stringify(rated.body)).toBe(200);
    expect(rated.body).toMatchObject({ state: 'closed', closed: true });
    expect((await api(h, 'station', 'GET', `/api/volunteers/orders/${cid}`)).body).toMatchObject({ closed: true, satisfaction: 'basically_satisfied' });
    const unknown = await api(h, 'operator', 'POST', '/api/volunteers/orders/hotline', { menuItemId: item, content: 'x', residentPhone: '13999999999' });
    expect(unknown.body.error.code).toBe('ORDER.UNKNOWN_RESIDENT');
    const both = await api(h, 'operator', 'POST', '/api/volunteers/orders/hotline', { menuItemId: item, content: 'x' });
    expect(both.status).toBe(400);
  });

  it('refuses bad input with a clear code and changes nothing', async () => {
    const item = await menuItem('陪同就医', ['elderly_care']);
    const me = await resident(community);
    const count = async () => (await h.ctx.database.db.select().from(serviceOrders)).length;
    const n = await count();
    expect((await order(me, 999_999)).body.error.code).toBe('ORDER.UNKNOWN_MENU_ITEM');
    expect((await api(h, me, 'POST', '/api/volunteers/orders', { menuItemId: item, content: '   ' })).status).toBe(400);
    expect(await count()).toBe(n);
    expect((await api(h, 'station', 'POST', '/api/volunteers/menu', { name: '测试', skills: [], timeLimitClass: 'nope' })).body.error.code).toBe(
      'MENU.UNKNOWN_TIME_LIMIT_CLASS',
    );
    expect((await api(h, 'station', 'POST', '/api/volunteers/menu', { name: '陪同就医', skills: [], timeLimitClass: 'general' })).body.error.code).toBe(
      'MENU.NAME_TAKEN',
    );
    // A withdrawn item is not offered.
    const off = await menuItem('临时项目', []);
    expect((await api(h, 'station', 'PATCH', `/api/volunteers/menu/${off}`, { active: false })).body.active).toBe(false);
    expect((await order(me, off)).body.error.code).toBe('ORDER.UNKNOWN_MENU_ITEM');

    const id = (await order(me, item)).body.ticketId as number;
    expect((await api(h, 'station', 'POST', `/api/volunteers/orders/${id}/dispatch`, { teamId: 999_999 })).body.error.code).toBe('ORDER.UNKNOWN_TEAM');
    expect((await api(h, LEADER_A, 'POST', `/api/volunteers/orders/${id}/answer`, { accept: true })).status).toBe(404);
    await api(h, 'station', 'POST', `/api/volunteers/orders/${id}/dispatch`, { teamId: teamA });
    expect((await api(h, LEADER_A, 'POST', `/api/volunteers/orders/${id}/answer`, { accept: false })).status).toBe(400);
    expect((await api(h, LEADER_A, 'POST', `/api/volunteers/orders/${id}/answer`, { accept: false, reason: '  ' })).status).toBe(400);
    expect(
      (await api(h, LEADER_A, 'POST', `/api/volunteers/orders/${id}/service`, { servedBy: [ids.get(LEADER_A)], minutes: 30, note: '' })).body.error.code,
    ).toBe('ORDER.NOT_ACCEPTED');
    await api(h, LEADER_A, 'POST', `/api/volunteers/orders/${id}/answer`, { accept: true });
    expect((await api(h, LEADER_A, 'POST', `/api/volunteers/orders/${id}/answer`, { accept: true })).body.error.code).toBe('ORDER.NOT_OFFERED');
    expect((await api(h, LEADER_A, 'POST', `/api/volunteers/orders/${id}/service`, { servedBy: [ids.get(me)], minutes: 30, note: '' })).body.error.code).toBe(
      'ORDER.NOT_A_MEMBER',
    );
    expect((await api(h, LEADER_A, 'POST', `/api/volunteers/orders/${id}/service`, { servedBy: [ids.get(LEADER_A)], minutes: 0, note: '' })).status).toBe(400);
    expect((await mine(me)).find((o) => o.ticketId === id)).toMatchObject({ state: 'accepted', ticketState: 'handling' });
  });

  it('takes a caller’s time-limit class at intake only when it is configured (IntakeInput.timeLimitClass)', async () => {
    const input = { kind: 'service_order' as const, requestType: 'help' as const, channel: 'phone' as const, content: '测试', communityCode: community };
    await expect(createTicket(h.ctx, null, { ...input, timeLimitClass: 'nope' })).rejects.toMatchObject({ code: 'WORKFLOW.NO_TIME_LIMIT' });
    const ok = await createTicket(h.ctx, null, { ...input, timeLimitClass: 'complex', urgency: 'normal' });
    const [t] = await h.ctx.database.db.select().from(tickets).where(eq(tickets.id, ok.result.ticketId));
    expect(t!.timeLimitClass).toBe('complex');
    // An emergency keeps the emergency class.
    const urgent = await createTicket(h.ctx, null, { ...input, timeLimitClass: 'complex', urgency: 'emergency' });
    const [u] = await h.ctx.database.db.select().from(tickets).where(eq(tickets.id, urgent.result.ticketId));
    expect(u!.timeLimitClass).toBe('emergency');
  });

  it('keeps orders to their stations: the staff of other stations get 404, residents and volunteers see no ticket through the engine', async () => {
    const item = await menuItem('心理疏导', []);
    const me = await resident(community);
    const id = (await order(me, item)).body.ticketId as number;
    // The centre's staff see the order (a station below theirs) but only the order's own station dispatches it.
    expect((await api(h, 'station.centre', 'GET', `/api/volunteers/orders/${id}`)).status).toBe(200);
    expect((await api(h, 'station.centre', 'POST', `/api/volunteers/orders/${id}/dispatch`, { teamId: teamA })).body.error.code).toBe('WORKFLOW.FORBIDDEN');
    expect((await api(h, me, 'GET', `/api/tickets/${id}`)).status).toBe(404);
    expect((await api(h, LEADER_A, 'GET', `/api/tickets/${id}`)).status).toBe(404);
  });
});
