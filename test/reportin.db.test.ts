/**
 * 双报到 (issue 18, part 3) over the real databases: the demo through the use cases; a need's whole life
 * (report in on the phone, claim, record, send back, record again, confirm, the overview); over-claiming
 * refused under concurrency; attendance and evaluations (the result goes back to the member's branch);
 * the community worker's reveal through part 1's; scopes and the authorisation matrix of the routes.
 */
import { and, count, eq, like, ne } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { seedDemoReportIn } from '../src/modules/party/index.ts';
import { idCheckChar } from '../src/modules/volunteers/index.ts';
import { users } from '../src/engine/reference/reference.table.ts';
import { partyClaims, partyEvents, partyMemberReveals, partyMembers, partyNeeds, partyOrganisations, partyReportIns } from '../src/schema.ts';
import { partyDemoHarness, timedSeed, uploadPhoto } from './support/party-demo.ts';
import { dbKind } from './support/harness.ts';
import { matrixTests, type MatrixRows } from './support/matrix.ts';
import { send } from './support/api-surface.ts';

const h = await partyDemoHarness();
const db = h.ctx.database.db;
const { seconds: seedSeconds, messages } = await timedSeed((say) => seedDemoReportIn(h.ctx, say));
const ref = await h.ctx.reference.get();
const streets = [...ref.divisionByCode.values()].filter((d) => d.level === 'street').sort((a, b) => a.code.localeCompare(b.code));
const communities = [...ref.divisionByCode.values()].filter((d) => d.level === 'community').sort((a, b) => a.code.localeCompare(b.code));
const home = communities[0]!.code;
/** A community of the second street with its own demo worker (`party.<code>`). */
const otherWorker = (
  await db
    .select({ username: users.username })
    .from(users)
    .where(like(users.username, `party.${streets[1]!.code}%`))
    .orderBy(users.username)
)[0]!.username;
const otherCommunity = otherWorker.slice('party.'.length);
const MONTH = '2026-03';

let serial = 0;
function freshId(): string {
  serial++;
  const birth = new Date(Date.UTC(1960, 0, 1) + serial * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `110108${birth}77${serial % 10}`;
  return `${first17}${idCheckChar(first17)}`;
}
/** A member of a department branch living in `community` (in-service), registered there by the community. */
async function reportedMember(community = home, registrar = 'party.community', reportedOn?: string): Promise<number> {
  const branch = (await db.select().from(partyOrganisations).where(eq(partyOrganisations.hostType, 'department'))).find((o) => o.level === 'branch')!;
  const m = await h.api('party', 'POST', '/api/party/members', {
    organisationId: branch.id,
    realName: '报到测试',
    idNumber: freshId(),
    memberType: 'full',
    homeCommunityCode: community,
    inService: true,
    workUnit: '区卫健委',
  });
  expect(m.status).toBe(201);
  const r = await h.api(registrar, 'POST', '/api/party/reportin/members', { memberId: m.body.id, ...(reportedOn ? { reportedOn } : {}) });
  expect(r.status).toBe(200);
  return m.body.id;
}
const publish = async (body: Record<string, unknown> = {}, as = 'party.community') => {
  const r = await h.api(as, 'POST', '/api/party/reportin/needs', {
    title: '楼道清理',
    description: '清理楼道堆物',
    category: 'environment',
    peopleWanted: 2,
    neededOn: '2026-03-07',
    timeText: '上午9:00',
    place: '3号楼',
    ...body,
  });
  expect(r.status).toBe(201);
  return r.body as { id: number; state: string };
};

describe(`the demo (${dbKind()})`, () => {
  it('reports in in-service members and paired organisations, with needs, claims and evaluations, quickly', async () => {
    console.log(`reportin demo on ${dbKind()}: ${seedSeconds.toFixed(1)} s — ${messages.join(' ')}`);
    const reportIns = (await db.select({ n: count() }).from(partyReportIns))[0]!.n;
    expect(reportIns).toBeGreaterThan(100);
    const claims = (await db.select({ n: count() }).from(partyClaims))[0]!.n;
    expect(claims).toBeGreaterThan(20);
    const list = await h.api('party.community', 'GET', '/api/party/reportin/community');
    expect(list.status).toBe(200);
    expect(list.body.manage).toBe(true);
    expect(list.body.reportIns.every((r: { name: string; kind: string }) => r.kind === 'organisation' || r.name.includes('*'))).toBe(true);
    const ev = await h.api('party', 'GET', '/api/party/reportin/evaluations?year=2025');
    expect(ev.body.evaluations.length).toBeGreaterThan(5);
    // Seeding again changes nothing.
    await seedDemoReportIn(h.ctx);
    expect((await db.select({ n: count() }).from(partyReportIns))[0]!.n).toBe(reportIns);
  });
});

describe('a need’s whole life', () => {
  it('report in on the phone, claim, record, send back, record again, confirm; the overview shows it', async () => {
    const need = await publish({ title: '独居老人探访', peopleWanted: 2 });
    expect(need.state).toBe('open');
    const me0 = await h.api('13910000001', 'GET', '/api/party/reportin/me');
    expect([me0.status, me0.body.reportIn]).toEqual([200, null]);
    // Not reported in yet: no claim.
    expect((await h.api('13910000001', 'POST', `/api/party/reportin/needs/${need.id}/claims`, {})).body.error.code).toBe('REPORTIN.NOT_REPORTED');
    const rep = await h.api('13910000001', 'POST', '/api/party/reportin/me');
    expect([rep.status, rep.body.status, rep.body.communityCode, rep.body.name]).toEqual([200, 'active', home, '李红梅']);
    expect((await h.api('13910000001', 'POST', '/api/party/reportin/me')).body.id).toBe(rep.body.id);
    const me = await h.api('13910000001', 'GET', '/api/party/reportin/me');
    expect(me.body.openNeeds.map((n: { id: number }) => n.id)).toContain(need.id);

    const claim = await h.api('13910000001', 'POST', `/api/party/reportin/needs/${need.id}/claims`, {});
    expect([claim.status, claim.body.state, claim.body.claimantName]).toEqual([201, 'claimed', '李红梅']);
    expect((await h.api('13910000001', 'POST', `/api/party/reportin/needs/${need.id}/claims`, {})).body.error.code).toBe('REPORTIN.ALREADY_CLAIMED');
    // No confirmation before the service is recorded; nobody else records it.
    expect((await h.api('party.community', 'POST', `/api/party/reportin/claims/${claim.body.id}/confirm`)).body.error.code).toBe('REPORTIN.NOT_DONE');
    expect((await h.api(otherWorker, 'POST', `/api/party/reportin/claims/${claim.body.id}/confirm`)).status).toBe(404);
    expect(
      (await h.api('party', 'POST', `/api/party/reportin/claims/${claim.body.id}/record`, { summary: '代录', servedOn: '2026-03-01', minutes: 60 })).status,
    ).toBe(404);
    const future = await h.api('13910000001', 'POST', `/api/party/reportin/claims/${claim.body.id}/record`, {
      summary: '探访',
      servedOn: '2026-03-09',
      minutes: 60,
    });
    expect(future.body.error.code).toBe('REPORTIN.BAD_DATE');
    const rec = await h.api('13910000001', 'POST', `/api/party/reportin/claims/${claim.body.id}/record`, {
      summary: '探访两户',
      servedOn: '2026-03-01',
      minutes: 90,
    });
    expect([rec.status, rec.body.state, rec.body.minutes]).toEqual([200, 'done', 90]);
    const back = await h.api('party.community', 'POST', `/api/party/reportin/claims/${claim.body.id}/send-back`, { reason: '请写明探访对象' });
    expect([back.body.state, back.body.sentBackReason]).toEqual(['claimed', '请写明探访对象']);
    expect(
      (
        await h.api('13910000001', 'POST', `/api/party/reportin/claims/${claim.body.id}/record`, {
          summary: '探访张大爷、王奶奶',
          servedOn: '2026-03-01',
          minutes: 90,
        })
      ).body.state,
    ).toBe('done');
    // Still one of two wanted: open. Lowering to the claims closes it; below them is refused.
    let needRow = (await db.select().from(partyNeeds).where(eq(partyNeeds.id, need.id)))[0]!;
    expect([needRow.state, needRow.claimedCount]).toEqual(['open', 1]);
    expect((await h.api('party.community', 'PATCH', `/api/party/reportin/needs/${need.id}`, { peopleWanted: 1 })).body.state).toBe('done');
    const ok = await h.api('party.community', 'POST', `/api/party/reportin/claims/${claim.body.id}/confirm`);
    expect(ok.body.state).toBe('confirmed');
    needRow = (await db.select().from(partyNeeds).where(eq(partyNeeds.id, need.id)))[0]!;
    expect(needRow.state).toBe('confirmed');
    expect((await h.api('party.community', 'POST', `/api/party/reportin/needs/${need.id}/withdraw`, { reason: '取消' })).body.error.code).toBe(
      'REPORTIN.SERVED',
    );
    expect((await h.api('13910000001', 'POST', `/api/party/reportin/claims/${claim.body.id}/cancel`)).body.error.code).toBe('REPORTIN.CLAIM_NOT_OPEN');

    // The organisation department's page: the first street this month.
    const ov = await h.api('party', 'GET', `/api/party/reportin/overview?month=${MONTH}&street=${streets[0]!.code}`);
    expect(ov.status).toBe(200);
    const row = ov.body.communities.find((c: { communityCode: string }) => c.communityCode === home);
    expect(row.activeMembers).toBeGreaterThanOrEqual(1);
    expect(row.needsConfirmed).toBeGreaterThanOrEqual(1);
    expect(row.reportedMembers).toBeGreaterThanOrEqual(1);
    expect(ov.body.fellAStar).toBeNull();
    expect(ov.body.communities.every((c: { communityCode: string }) => c.communityCode.startsWith(streets[0]!.code))).toBe(true);
    const street = ov.body.streets[0];
    expect(street.activeMembers).toBe(ov.body.communities.reduce((s: number, c: { activeMembers: number }) => s + c.activeMembers, 0));
    // The demo's needs ahead in the first community are open and unclaimed: listed.
    expect(ov.body.unclaimed.needs.some((n: { communityCode: string; claimedCount: number }) => n.communityCode === home && n.claimedCount === 0)).toBe(true);
    // Events of the report-in on the member's branch.
    const events = await db.select().from(partyEvents).where(eq(partyEvents.kind, 'report_in'));
    expect(events.some((e) => e.memberId === me.body.memberId)).toBe(true);
  });

  const upload = (username: string) => uploadPhoto(h, username);
  const photo = async (username: string, claimId: number, photoId: number) =>
    send(h, { method: 'GET', url: `/api/party/reportin/claims/${claimId}/photos/${photoId}`, token: await h.token(username) });

  it('a service record carries the recorder’s own photos, all or none, seen by the claimant and the community’s workers only', async () => {
    const need = await publish({ title: '楼道清理', peopleWanted: 3 });
    const member = await h.api('13910000001', 'POST', '/api/party/reportin/me');
    expect(member.status).toBe(200);
    const claim = (await h.api('13910000001', 'POST', `/api/party/reportin/needs/${need.id}/claims`, {})).body;
    const mine = [await upload('13910000001'), await upload('13910000001')];
    const someoneElses = await upload('party.community');
    const record = (photoIds: number[]) =>
      h.api('13910000001', 'POST', `/api/party/reportin/claims/${claim.id}/record`, { summary: '清理楼道杂物', servedOn: '2026-03-01', minutes: 60, photoIds });
    // Another's upload: refused, and nothing of the record is written (the claim stays claimed, my photos unlinked).
    const bad = await record([mine[0]!, someoneElses]);
    expect([bad.status, bad.body.error.code, bad.body.error.details?.attachmentIds]).toEqual([422, 'ATTACHMENT.UNKNOWN', [someoneElses]]);
    const after = (await db.select().from(partyClaims).where(eq(partyClaims.id, claim.id)))[0]!;
    expect([after.state, after.summary]).toEqual(['claimed', null]);
    const rec = await record(mine);
    expect([rec.status, rec.body.state, rec.body.photoIds]).toEqual([200, 'done', mine]);
    // Linked once: the same photo cannot go on another record or a ticket.
    const need2 = await publish({ title: '垃圾分类引导', peopleWanted: 2 });
    const claim2 = (await h.api('13910000001', 'POST', `/api/party/reportin/needs/${need2.id}/claims`, {})).body;
    const reuse = await h.api('13910000001', 'POST', `/api/party/reportin/claims/${claim2.id}/record`, {
      summary: '引导分类',
      servedOn: '2026-03-01',
      minutes: 30,
      photoIds: [mine[1]],
    });
    expect(reuse.body.error.code).toBe('ATTACHMENT.UNKNOWN');
    // Who sees them: the claimant, the community's worker, the district's; not another community's worker, nor the photo under another claim.
    for (const [who, status] of [
      ['13910000001', 200],
      ['party.community', 200],
      ['party', 200],
      [otherWorker, 404],
    ] as const) {
      const r = await photo(who, claim.id, mine[0]!);
      expect([who, r.status]).toEqual([who, status]);
      if (status === 200) expect([r.headers['content-type'], r.headers['x-content-type-options']]).toEqual(['image/png', 'nosniff']);
    }
    expect((await photo('party.community', claim2.id, mine[0]!)).status).toBe(404);
    // The community's list shows them; sent back and recorded again, the record keeps its photos and takes more (up to nine in all).
    const list = await h.api('party.community', 'GET', `/api/party/reportin/needs?community=${home}`);
    const listed = list.body.needs.find((n: { id: number }) => n.id === need.id).claims.find((c: { id: number }) => c.id === claim.id);
    expect(listed.photoIds).toEqual(mine);
    await h.api('party.community', 'POST', `/api/party/reportin/claims/${claim.id}/send-back`, { reason: '请补充照片' });
    const more = await Promise.all(Array.from({ length: 8 }, () => upload('13910000001')));
    const tooMany = await record(more);
    expect(tooMany.body.error.code).toBe('ATTACHMENT.TOO_MANY');
    const again = await record(more.slice(0, 7));
    // Listed oldest first (by id; the uploads above ran concurrently).
    expect([again.body.state, again.body.photoIds]).toEqual(['done', [...mine, ...more.slice(0, 7)].sort((a, b) => a - b)]);
  });

  it('withdraws a need with only open claims (cancelling them), and refuses actions on it afterwards', async () => {
    const need = await publish({ peopleWanted: 3 });
    const mid = await reportedMember();
    const c = await h.api('party.community', 'POST', `/api/party/reportin/needs/${need.id}/claims`, { memberId: mid });
    expect(c.status).toBe(201);
    const w = await h.api('party.community', 'POST', `/api/party/reportin/needs/${need.id}/withdraw`, { reason: '天气原因取消' });
    expect([w.body.state, w.body.claims[0].state]).toEqual(['withdrawn', 'cancelled']);
    expect((await h.api('party.community', 'POST', `/api/party/reportin/needs/${need.id}/claims`, { memberId: mid })).body.error.code).toBe(
      'REPORTIN.NEED_WITHDRAWN',
    );
  });
});

describe('concurrency', () => {
  it('never takes more claims than the people wanted, whoever races', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 8; i++) ids.push(await reportedMember());
    const need = await publish({ peopleWanted: 3 });
    const answers = await Promise.all(ids.map((memberId) => h.api('party.community', 'POST', `/api/party/reportin/needs/${need.id}/claims`, { memberId })));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(3);
    expect(answers.filter((a) => a.status !== 201).every((a) => a.body.error.code === 'REPORTIN.NEED_FULL')).toBe(true);
    const active = await db
      .select({ n: count() })
      .from(partyClaims)
      .where(and(eq(partyClaims.needId, need.id), ne(partyClaims.state, 'cancelled')));
    expect(active[0]!.n).toBe(3);
    const row = (await db.select().from(partyNeeds).where(eq(partyNeeds.id, need.id)))[0]!;
    expect([row.state, row.claimedCount]).toEqual(['claimed', 3]);
    // Twice the same member at once: one claim.
    const need2 = await publish({ peopleWanted: 5 });
    const twice = await Promise.all(
      [0, 1, 2].map(() => h.api('party.community', 'POST', `/api/party/reportin/needs/${need2.id}/claims`, { memberId: ids[0] })),
    );
    expect(twice.filter((a) => a.status === 201)).toHaveLength(1);
    expect(twice.filter((a) => a.status !== 201).every((a) => a.body.error.code === 'REPORTIN.ALREADY_CLAIMED')).toBe(true);
  });
});

describe('attendance and evaluations', () => {
  it('records a past report-in day for reported members only', async () => {
    const mid = await reportedMember(home, 'party.community', '2026-01-10');
    expect((await h.api('party.community', 'PUT', '/api/party/reportin/attendance', { day: '2026-02-27', present: [] })).body.error.code).toBe(
      'REPORTIN.NOT_A_REPORT_IN_DAY',
    );
    expect((await h.api('party.community', 'PUT', '/api/party/reportin/attendance', { day: '2026-03-28', present: [] })).body.error.code).toBe(
      'REPORTIN.NOT_A_REPORT_IN_DAY',
    );
    const stranger = (await db.select().from(partyMembers).where(eq(partyMembers.homeCommunityCode, otherCommunity)))[0]!;
    expect((await h.api('party.community', 'PUT', '/api/party/reportin/attendance', { day: '2026-02-28', present: [stranger.id] })).body.error.code).toBe(
      'REPORTIN.NOT_REPORTED',
    );
    const r = await h.api('party.community', 'PUT', '/api/party/reportin/attendance', { day: '2026-02-28', present: [mid] });
    expect(r.status).toBe(200);
    expect(r.body.members.find((m: { memberId: number }) => m.memberId === mid).present).toBe(true);
    expect(r.body.members.every((m: { present: boolean | null }) => m.present !== null)).toBe(true);
    const read = await h.api('party.street', 'GET', `/api/party/reportin/attendance?community=${home}&day=2026-02-28`);
    expect(read.body.days[0]).toMatchObject({ day: '2026-02-28', present: expect.any(Number) });
  });

  it('evaluates a reporting member for last year; the result goes back to the member’s own branch', async () => {
    // A member of the secretary's own branch (李红梅, 13910000001), reported in to her community since last May.
    const mine = (await h.api('13910000001', 'GET', '/api/party/me')).body;
    const mate = mine.branchMembers.find((m: { id: number }) => m.id !== mine.member.id);
    await db.update(partyMembers).set({ homeCommunityCode: home }).where(eq(partyMembers.id, mate.id));
    expect((await h.api('party.community', 'POST', '/api/party/reportin/members', { memberId: mate.id, reportedOn: '2025-05-31' })).status).toBe(200);
    expect(
      (await h.api('party.community', 'PUT', '/api/party/reportin/evaluations', { year: 2026, memberId: mate.id, grade: 'excellent', comment: '' })).body.error
        .code,
    ).toBe('REPORTIN.YEAR_NOT_OPEN');
    const e = await h.api('party.community', 'PUT', '/api/party/reportin/evaluations', {
      year: 2025,
      memberId: mate.id,
      grade: 'qualified',
      comment: '按时报到',
    });
    expect([e.status, e.body.gradeLabel, e.body.branchId]).toEqual([200, '合格', mine.organisation.id]);
    const again = await h.api('party.community', 'PUT', '/api/party/reportin/evaluations', {
      year: 2025,
      memberId: mate.id,
      grade: 'excellent',
      comment: '积极认领',
    });
    expect([again.body.id, again.body.grade]).toEqual([e.body.id, 'excellent']);
    const events = await db
      .select()
      .from(partyEvents)
      .where(and(eq(partyEvents.kind, 'evaluated'), eq(partyEvents.memberId, mate.id)));
    expect(events.map((x) => x.data.previousGrade)).toEqual([null, 'qualified']);
    // The branch's secretary sees it (masked), the street sees it, another community does not.
    const sec = await h.api('13910000001', 'GET', '/api/party/reportin/evaluations?year=2025');
    const seen = sec.body.evaluations.find((x: { memberId: number }) => x.memberId === mate.id);
    expect([seen?.grade, seen?.name.includes('*')]).toEqual(['excellent', true]);
    expect(
      (await h.api('party.street', 'GET', '/api/party/reportin/evaluations?year=2025')).body.evaluations.some(
        (x: { memberId: number }) => x.memberId === mate.id,
      ),
    ).toBe(true);
    expect(
      (await h.api(otherWorker, 'GET', '/api/party/reportin/evaluations?year=2025')).body.evaluations.some((x: { memberId: number }) => x.memberId === mate.id),
    ).toBe(false);
  });
});

describe('scope and reveals', () => {
  it('lets the community worker reveal a reported member of a branch elsewhere, recorded; not others', async () => {
    const mid = await reportedMember();
    const r = await h.api('party.community', 'POST', `/api/party/members/${mid}/reveal`, { reason: '联系报到党员', fields: ['realName', 'phone'] });
    expect([r.status, r.body.realName]).toEqual([200, '报到测试']);
    const rows = await db.select().from(partyMemberReveals).where(eq(partyMemberReveals.memberId, mid));
    expect(rows.map((x) => x.field).sort()).toEqual(['phone', 'realName']);
    const elsewhere = await reportedMember(otherCommunity, otherWorker);
    expect((await h.api('party.community', 'POST', `/api/party/members/${elsewhere}/reveal`, { reason: '联系报到党员' })).status).toBe(404);
    expect((await db.select().from(partyMemberReveals).where(eq(partyMemberReveals.memberId, elsewhere))).length).toBe(0);
  });

  it('street workers read their communities but manage none; other communities are not found', async () => {
    expect((await h.api('party.street', 'GET', `/api/party/reportin/needs?community=${home}`)).status).toBe(200);
    expect((await h.api('party.street', 'GET', `/api/party/reportin/needs?community=${otherCommunity}`)).status).toBe(404);
    expect((await h.api('party.street', 'GET', '/api/party/reportin/needs')).body.error.code).toBe('VALIDATION.INVALID_INPUT');
    const r = await h.api('party.street', 'POST', '/api/party/reportin/needs', {
      title: '越权',
      description: '',
      category: 'other',
      peopleWanted: 1,
      neededOn: '2026-03-07',
      timeText: '',
      place: '',
    });
    expect([r.status, r.body.error.code]).toEqual([403, 'REPORTIN.NOT_COMMUNITY_WORKER']);
    expect((await h.api(otherWorker, 'GET', `/api/party/reportin/community?community=${home}`)).status).toBe(404);
    expect((await h.api('party.street', 'GET', `/api/party/reportin/overview?month=${MONTH}&street=${streets[1]!.code}`)).status).toBe(404);
  });
});

describe('authorisation matrix of 双报到', () => {
  // Users: district worker, street worker, the first community's worker, the secretary 13910000001 (a resident), a street handler (no party role).
  const USERS = ['party', 'party.street', 'party.community', '13910000001', 'street'] as const;
  const need = async () => (await publish({ peopleWanted: 50 })).id;
  const MATRIX: MatrixRows = {
    // Without a community named, only a community's own worker has one (the others: 400, name it).
    'GET /api/party/reportin/community': { expect: ['I', 'I', 'A', 'F', 'F'], req: async () => ['GET', '/api/party/reportin/community'] },
    'GET community of the first community': {
      expect: ['A', 'A', 'A', 'F', 'F'],
      req: async () => ['GET', `/api/party/reportin/community?community=${home}`],
    },
    'POST /api/party/reportin/needs': {
      expect: ['F', 'F', 'A', 'F', 'F'],
      req: async () => [
        'POST',
        '/api/party/reportin/needs',
        { title: '矩阵', description: '', category: 'other', peopleWanted: 1, neededOn: '2026-03-07', timeText: '', place: '' },
      ],
    },
    'POST /api/party/reportin/needs/{id}/claims (for oneself)': {
      expect: ['F', 'F', 'F', 'A', 'F'],
      req: async () => ['POST', `/api/party/reportin/needs/${await need()}/claims`, {}],
    },
    'GET /api/party/reportin/me': { expect: ['F', 'F', 'F', 'A', 'F'], req: async () => ['GET', '/api/party/reportin/me'] },
    'GET /api/party/reportin/evaluations': { expect: ['A', 'A', 'A', 'A', 'F'], req: async () => ['GET', '/api/party/reportin/evaluations?year=2025'] },
    'GET /api/party/reportin/overview': { expect: ['A', 'A', 'A', 'F', 'F'], req: async () => ['GET', `/api/party/reportin/overview?month=${MONTH}`] },
    'PUT /api/party/reportin/attendance': {
      expect: ['F', 'F', 'A', 'F', 'F'],
      req: async () => ['PUT', '/api/party/reportin/attendance', { day: '2026-01-31', present: [] }],
    },
  };
  matrixTests(h, USERS, MATRIX);
});
