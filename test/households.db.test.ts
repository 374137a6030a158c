/**
 * 党员包户 (issue 18) over the real databases: the demo through the use cases; a household's life
 * (registered from the door board, a carer linked, the account linked, the model mark moved, visits with
 * a problem reported as a ticket, idempotent on retry, sorting checks paying the household's points once
 * a day, retired); who may see and record what; the figures per community.
 */
import { and, count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { seedDemoReportIn } from '../src/modules/party/index.ts';
import { seedDemoHouseholds } from '../src/modules/party/households.seed.ts';
import { seedPointsRules } from '../src/modules/points/points.seed.ts';
import { partyCareLinks, partyHouseholds, partyHouseholdVisits, partyMembers, partySortingChecks, tickets } from '../src/schema.ts';
import { users } from '../src/engine/reference/reference.table.ts';
import { partyDemoHarness, timedSeed, uploadPhoto } from './support/party-demo.ts';
import { dbKind } from './support/harness.ts';
import { matrixTests, type MatrixRows } from './support/matrix.ts';
import { send } from './support/api-surface.ts';

const h = await partyDemoHarness();
const db = h.ctx.database.db;
await seedDemoReportIn(h.ctx);
await seedPointsRules(h.ctx);
const { seconds: seedSeconds, messages } = await timedSeed((say) => seedDemoHouseholds(h.ctx, say));
const ref = await h.ctx.reference.get();
const communities = [...ref.divisionByCode.values()].filter((d) => d.level === 'community').sort((a, b) => a.code.localeCompare(b.code));
const streets = [...ref.divisionByCode.values()].filter((d) => d.level === 'street').sort((a, b) => a.code.localeCompare(b.code));
const home = communities[0]!.code;
/** A worker of a community in the second street (out of scope of the first street's households). */
const otherWorker = (await db.select({ username: users.username }).from(users)).map((u) => u.username).find((u) => u.startsWith(`party.${streets[1]!.code}`))!;

interface Household {
  id: number;
  room: string;
  buildingCode: string;
  holder: string | null;
  leadsBuilding: boolean;
  carer: { memberId: number; name: string } | null;
}
const community = async (as = 'party.community') => {
  const r = await h.api(as, 'GET', `/api/party/households?community=${home}`);
  expect(r.status).toBe(200);
  return r.body as {
    buildings: { code: string; partyMemberHouseholds: string[]; modelArea: string | null; households: Household[] }[];
    members: { memberId: number; name: string; cared: number }[];
    figures: Record<string, number | null>;
  };
};
const secretaryMember = async () => {
  const u = (await db.select().from(users).where(eq(users.username, '13910000001')))[0]!;
  return (await db.select().from(partyMembers).where(eq(partyMembers.userId, u.id)))[0]!;
};
const balanceOf = async (phone: string): Promise<number> => (await h.api(phone, 'GET', '/api/points/me')).body.balance;

describe(`the demo (${dbKind()})`, () => {
  it('registers the door boards’ households with carers, visits, problems as tickets and checks that paid points', async () => {
    console.log(`households demo on ${dbKind()}: ${seedSeconds.toFixed(1)} s — ${messages.join(' ')}`);
    const households = (await db.select({ n: count() }).from(partyHouseholds))[0]!.n;
    expect(households).toBeGreaterThan(30);
    const c = await community();
    expect(c.buildings.length).toBeGreaterThan(0);
    // Every unit's board households are registered, one model household each; the first unit leads its area.
    for (const b of c.buildings) {
      expect(b.households.map((x) => x.room)).toEqual(expect.arrayContaining(b.partyMemberHouseholds));
      expect(b.households.filter((x) => x.leadsBuilding)).toHaveLength(1);
    }
    expect(c.buildings[0]!.modelArea).not.toBeNull();
    expect(c.members.every((m) => m.name.includes('*'))).toBe(true);
    const mine = await h.api('13910000001', 'GET', '/api/party/households/mine');
    expect(mine.status).toBe(200);
    expect(mine.body.households).toHaveLength(3);
    expect(mine.body.member.name).not.toContain('*');
    const problems = await db.select().from(tickets).where(eq(tickets.source, 'party_household'));
    expect(problems).toHaveLength(3);
    expect(problems.every((t) => t.state === 'accepted' && t.kind === 'hotline_request' && t.channel === 'mobile')).toBe(true);
    expect(await balanceOf('13910000002')).toBeGreaterThan(0);
    // Seeding again changes nothing.
    await seedDemoHouseholds(h.ctx);
    expect((await db.select({ n: count() }).from(partyHouseholds))[0]!.n).toBe(households);
  });
});

describe('a household’s life', () => {
  const building = async () => (await community()).buildings[1]!;
  let id = 0;

  it('registers doors all or none, refusing repeats, bad doors and taken ones', async () => {
    const b = await building();
    const before = (await db.select({ n: count() }).from(partyHouseholds))[0]!.n;
    const bad = await h.api('party.community', 'POST', '/api/party/households', { buildingCode: b.code, rooms: ['9单元901', '9单元901'] });
    expect([bad.status, bad.body.error.code]).toEqual([422, 'HOUSEHOLD.BAD_ROOMS']);
    const taken = await h.api('party.community', 'POST', '/api/party/households', { buildingCode: b.code, rooms: ['9单元903', b.households[0]!.room] });
    expect([taken.status, taken.body.error.code]).toEqual([409, 'HOUSEHOLD.ROOM_TAKEN']);
    expect((await db.select({ n: count() }).from(partyHouseholds))[0]!.n).toBe(before);
    const ok = await h.api('party.community', 'POST', '/api/party/households', { buildingCode: b.code, rooms: [' ９单元９０１ ', '9单元902'] });
    expect(ok.status).toBe(201);
    expect(ok.body.items.map((x: Household) => x.room)).toEqual(['9单元901', '9单元902']);
    id = ok.body.items[0].id;
    // Another street's worker neither sees the building nor the community.
    expect((await h.api(otherWorker, 'POST', '/api/party/households', { buildingCode: b.code, rooms: ['1'] })).status).toBe(404);
    expect((await h.api(otherWorker, 'GET', `/api/party/households?community=${home}`)).status).toBe(404);
    expect((await h.api('party.community', 'POST', '/api/party/households', { buildingCode: 'NO-SUCH', rooms: ['1'] })).body.error.code).toBe(
      'HOUSEHOLD.UNKNOWN_BUILDING',
    );
  });

  it('links a carer who lives or serves there (history kept), the account (masked), and moves the model mark', async () => {
    const me = await secretaryMember();
    const stranger = (await db.select().from(partyMembers)).find((m) => m.homeCommunityCode !== null && !m.homeCommunityCode.startsWith(streets[0]!.code))!;
    const no = await h.api('party.community', 'PATCH', `/api/party/households/${id}`, { carerMemberId: stranger.id });
    expect([no.status, no.body.error.code]).toEqual([422, 'HOUSEHOLD.NOT_ELIGIBLE']);
    const someone = (await community()).members.find((m) => m.memberId !== me.id)!;
    expect((await h.api('party.community', 'PATCH', `/api/party/households/${id}`, { carerMemberId: someone.memberId })).body.carer.memberId).toBe(
      someone.memberId,
    );
    const r = await h.api('party.community', 'PATCH', `/api/party/households/${id}`, { carerMemberId: me.id, holderPhone: '13910000003', leadsBuilding: true });
    expect(r.status).toBe(200);
    expect([r.body.carer.memberId, r.body.holder, r.body.leadsBuilding]).toEqual([me.id, '139****0003', true]);
    const links = await db.select().from(partyCareLinks).where(eq(partyCareLinks.householdId, id));
    expect(links.map((l) => [l.memberId, l.until === null])).toEqual(
      expect.arrayContaining([
        [someone.memberId, false],
        [me.id, true],
      ]),
    );
    const b = await building();
    expect(b.households.filter((x) => x.leadsBuilding).map((x) => x.id)).toEqual([id]);
    expect((await h.api('party.community', 'PATCH', `/api/party/households/${id}`, { holderPhone: '13000000000' })).body.error.code).toBe(
      'HOUSEHOLD.UNKNOWN_RESIDENT',
    );
    expect((await h.api('party.community', 'PATCH', `/api/party/households/${id}`, {})).status).toBe(400);
  });

  it('the carer logs visits; a problem becomes one ticket with the member as reporter, also on a retry', async () => {
    const mine = await h.api('13910000001', 'GET', '/api/party/households/mine');
    expect(mine.body.households.map((x: Household) => x.id)).toContain(id);
    const v = await h.api('13910000001', 'POST', `/api/party/households/${id}/visits`, { notes: '了解老人身体情况' });
    expect([v.status, v.body.ticketId, v.body.by.includes('*')]).toEqual([201, null, false]);
    const body = { notes: '楼道堆物', problem: { content: '楼道堆放大量纸箱，存在消防隐患' } };
    const p1 = await h.api('13910000001', 'POST', `/api/party/households/${id}/visits`, body, { 'idempotency-key': 'visit-problem-1' });
    expect(p1.status).toBe(201);
    expect(p1.body.ticketNumber).toMatch(/^JS/);
    const p2 = await h.api('13910000001', 'POST', `/api/party/households/${id}/visits`, body, { 'idempotency-key': 'visit-problem-1' });
    expect([p2.status, p2.body.ticketId, p2.body.id]).toEqual([200, p1.body.ticketId, p1.body.id]);
    const t = (await db.select().from(tickets).where(eq(tickets.id, p1.body.ticketId)))[0]!;
    expect([t.source, t.state, t.communityCode]).toEqual(['party_household', 'accepted', home]);
    expect((await db.select({ n: count() }).from(partyHouseholdVisits).where(eq(partyHouseholdVisits.householdId, id)))[0]!.n).toBe(2);
    // Bad dates change nothing.
    expect((await h.api('13910000001', 'POST', `/api/party/households/${id}/visits`, { notes: 'x', visitedOn: '2026-03-05' })).body.error.code).toBe(
      'HOUSEHOLD.BAD_DATE',
    );
    expect((await h.api('13910000001', 'POST', `/api/party/households/${id}/visits`, { notes: 'x', visitedOn: '2024-03-05' })).body.error.code).toBe(
      'HOUSEHOLD.BAD_DATE',
    );
    // Someone who does not look after it sees nothing; a worker of another street neither.
    expect((await h.api('13910000002', 'GET', `/api/party/households/${id}/records`)).status).toBe(404);
    expect((await h.api('13910000002', 'POST', `/api/party/households/${id}/visits`, { notes: 'x' })).status).toBe(404);
    expect((await h.api(otherWorker, 'GET', `/api/party/households/${id}/records`)).status).toBe(404);
    const rec = await h.api('party.community', 'GET', `/api/party/households/${id}/records`);
    expect(rec.body.visits).toHaveLength(2);
    expect(rec.body.visits.every((x: { by: string }) => x.by.includes('*'))).toBe(true);
  });

  it('a visit carries the recorder’s own photos; a problem’s go on its ticket for its handlers; others see none', async () => {
    const upload = (username: string) => uploadPhoto(h, username);
    const photo = async (username: string, visitId: number, photoId: number) =>
      (await send(h, { method: 'GET', url: `/api/party/households/visits/${visitId}/photos/${photoId}`, token: await h.token(username) })).status;
    const a = await upload('13910000001');
    const b = await upload('13910000001');
    const theirs = await upload('party.community');
    // Another's upload: refused, no visit written.
    const before = (await db.select({ n: count() }).from(partyHouseholdVisits).where(eq(partyHouseholdVisits.householdId, id)))[0]!.n;
    const bad = await h.api('13910000001', 'POST', `/api/party/households/${id}/visits`, { notes: '看望', photoIds: [a, theirs] });
    expect([bad.status, bad.body.error.code]).toEqual([422, 'ATTACHMENT.UNKNOWN']);
    expect((await db.select({ n: count() }).from(partyHouseholdVisits).where(eq(partyHouseholdVisits.householdId, id)))[0]!.n).toBe(before);
    const v = await h.api('13910000001', 'POST', `/api/party/households/${id}/visits`, { notes: '看望老人，帮助打扫', photoIds: [a] });
    expect([v.status, v.body.photoIds]).toEqual([201, [a]]);
    // A problem: its photo is the ticket's (the centre sees it there), and still shown on the visit.
    const p = await h.api('13910000001', 'POST', `/api/party/households/${id}/visits`, {
      notes: '楼道灯坏',
      problem: { content: '三层楼道灯不亮，老人夜间出行不便' },
      photoIds: [b],
    });
    expect([p.status, p.body.photoIds]).toEqual([201, [b]]);
    const onTicket = await h.api('supervisor', 'GET', `/api/tickets/${p.body.ticketId}/attachments`);
    expect(onTicket.body.items.map((x: { id: number; purpose: string }) => [x.id, x.purpose])).toEqual([[b, 'request']]);
    // Who sees a visit's photos: its carer and the community's worker; not another street's worker, nor under another visit.
    expect([await photo('13910000001', v.body.id, a), await photo('party.community', v.body.id, a), await photo('party.community', p.body.id, b)]).toEqual([
      200, 200, 200,
    ]);
    expect([await photo(otherWorker, v.body.id, a), await photo('13910000002', v.body.id, a), await photo('13910000001', p.body.id, a)]).toEqual([
      404, 404, 404,
    ]);
    const rec = await h.api('party.community', 'GET', `/api/party/households/${id}/records`);
    const byId = new Map(rec.body.visits.map((x: { id: number; photoIds: number[] }) => [x.id, x.photoIds]));
    expect([byId.get(v.body.id), byId.get(p.body.id)]).toEqual([[a], [b]]);
  });

  it('a good sorting check pays the household once a day; a poor one and one without account pay nothing', async () => {
    const before = await balanceOf('13910000003');
    const c = await h.api('13910000001', 'POST', `/api/party/households/${id}/checks`, { result: 'good' });
    expect([c.status, c.body.points > 0, c.body.noPoints]).toEqual([201, true, null]);
    expect(await balanceOf('13910000003')).toBe(before + c.body.points);
    const again = await h.api('13910000001', 'POST', `/api/party/households/${id}/checks`, { result: 'good' });
    expect([again.status, again.body.error.code]).toEqual([409, 'HOUSEHOLD.CHECKED_ALREADY']);
    const poor = await h.api('13910000001', 'POST', `/api/party/households/${id}/checks`, { result: 'poor', checkedOn: '2026-02-27' });
    expect([poor.status, poor.body.points]).toEqual([201, 0]);
    expect((await h.api('13910000001', 'POST', `/api/party/households/${id}/checks`, { result: 'good', checkedOn: '2026-01-20' })).body.error.code).toBe(
      'HOUSEHOLD.BAD_DATE',
    );
    expect(await balanceOf('13910000003')).toBe(before + c.body.points);
    // The other new door has no account: recorded by the worker, no points, said why.
    const other = (await building()).households.find((x) => x.room === '9单元902')!;
    const w = await h.api('party.community', 'POST', `/api/party/households/${other.id}/checks`, { result: 'good' });
    expect([w.status, w.body.points, w.body.by]).toEqual([201, 0, '党务工作者']);
    expect(w.body.noPoints).toContain('no account');
    // A paper log for a household nobody looks after is refused.
    const paper = await h.api('party.community', 'POST', `/api/party/households/${other.id}/visits`, { notes: 'x', forCarer: true });
    expect(paper.body.error.code).toBe('HOUSEHOLD.NOT_CARER');
    expect((await db.select({ n: count() }).from(partySortingChecks).where(eq(partySortingChecks.householdId, id)))[0]!.n).toBe(2);
  });

  it('counts the month per community, and retires a household: the link ends, no more records', async () => {
    const o = await h.api('party', 'GET', '/api/party/households/overview');
    expect(o.status).toBe(200);
    const row = o.body.rows.find((r: { communityCode: string }) => r.communityCode === home);
    const c = await community();
    expect(row.households).toBe(c.buildings.reduce((n, b) => n + b.households.length, 0));
    expect(row.checksThisMonth).toBeGreaterThan(0);
    expect(o.body.total.households).toBe(o.body.rows.reduce((n: number, r: { households: number }) => n + r.households, 0));
    expect((await h.api(otherWorker, 'GET', `/api/party/households/overview?street=${streets[0]!.code}`)).status).toBe(404);
    const r = await h.api('party.community', 'POST', `/api/party/households/${id}/retire`, { reason: '已搬离' });
    expect([r.status, r.body.carer, r.body.retireReason]).toEqual([200, null, '已搬离']);
    expect(
      await db
        .select()
        .from(partyCareLinks)
        .where(and(eq(partyCareLinks.householdId, id)))
        .then((l) => l.every((x) => x.until !== null)),
    ).toBe(true);
    expect((await h.api('party.community', 'POST', `/api/party/households/${id}/visits`, { notes: 'x' })).body.error.code).toBe('HOUSEHOLD.RETIRED');
    expect((await h.api('13910000001', 'GET', '/api/party/households/mine')).body.households.map((x: Household) => x.id)).not.toContain(id);
  });

  it('one member looks after at most 20 households', async () => {
    const member = (await community()).members.sort((a, b) => a.cared - b.cared)[0]!;
    const room = 20 - member.cared;
    const b = (await community()).buildings[2]!;
    const added = await h.api('party.community', 'POST', '/api/party/households', {
      buildingCode: b.code,
      rooms: Array.from({ length: room + 1 }, (_, i) => `20-${i + 1}`),
    });
    expect(added.status).toBe(201);
    const codes: number[] = [];
    for (const x of added.body.items as Household[])
      codes.push((await h.api('party.community', 'PATCH', `/api/party/households/${x.id}`, { carerMemberId: member.memberId })).status);
    expect(codes.filter((s) => s === 200)).toHaveLength(room);
    expect(codes.at(-1)).toBe(409);
    expect((await community()).members.find((m) => m.memberId === member.memberId)!.cared).toBe(20);
  });
});

describe('authorisation matrix of 党员包户', () => {
  // Users: district worker, street worker, the first community's worker, a worker of another street, the secretary 13910000001 (a carer), a resident who is no carer, a street handler (no party role).
  const USERS = ['party', 'party.street', 'party.community', otherWorker, '13910000001', '13910000002', 'street'] as const;
  const mineId = async () => (await h.api('13910000001', 'GET', '/api/party/households/mine')).body.households[0].id as number;
  let n = 0;
  const MATRIX: MatrixRows = {
    'GET /api/party/households (a community of the first street)': {
      expect: ['A', 'A', 'A', 'N', 'F', 'F', 'F'],
      req: async () => ['GET', `/api/party/households?community=${home}`],
    },
    'GET /api/party/households/overview': { expect: ['A', 'A', 'A', 'A', 'F', 'F', 'F'], req: async () => ['GET', '/api/party/households/overview'] },
    'POST /api/party/households': {
      expect: ['A', 'A', 'A', 'N', 'F', 'F', 'F'],
      req: async () => ['POST', '/api/party/households', { buildingCode: (await community()).buildings[0]!.code, rooms: [`M-${++n}`] }],
    },
    'PATCH /api/party/households/{id}': {
      expect: ['A', 'A', 'A', 'N', 'F', 'F', 'F'],
      req: async () => ['PATCH', `/api/party/households/${await mineId()}`, { note: `矩阵${++n}` }],
    },
    'GET /api/party/households/mine': { expect: ['F', 'F', 'F', 'F', 'A', 'A', 'F'], req: async () => ['GET', '/api/party/households/mine'] },
    'GET /api/party/households/{id}/records': {
      expect: ['A', 'A', 'A', 'N', 'A', 'N', 'F'],
      req: async () => ['GET', `/api/party/households/${await mineId()}/records`],
    },
    'POST /api/party/households/{id}/visits': {
      expect: ['A', 'A', 'A', 'N', 'A', 'N', 'F'],
      req: async () => ['POST', `/api/party/households/${await mineId()}/visits`, { notes: '矩阵走访' }],
    },
  };
  matrixTests(h, USERS, MATRIX);
});
