/**
 * 三会一课 and 主题党日 (issue 18) over the real databases, on 2026-12-07: the demo through the use cases
 * (quick, idempotent, an overdue list); a meeting's life (plan → hold with minutes and a roll call →
 * rates; record again; cancel; refusals); who sees what (a member of the branch without the minutes, a
 * member of another branch 404, a worker who reads but leaves recording to a secretary with an account,
 * and records for a branch without one); the compliance overview's counts against the database; and a
 * matrix of the routes by role.
 */
import { and, count, eq, like, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../src/engine/auth.ts';
import { insertUser } from '../src/engine/user.repository.ts';
import { users } from '../src/engine/reference/reference.table.ts';
import { seedDemoMeetings } from '../src/modules/party/index.ts';
import { partyMeetingAttendance, partyMeetings, partyMembers, partyOrganisations } from '../src/schema.ts';
import { partyDemoHarness, timedSeed } from './support/party-demo.ts';
import { dbKind, DISTRICT, PASSWORD, testClock } from './support/harness.ts';
import { matrixTests, type MatrixRows } from './support/matrix.ts';

const h = await partyDemoHarness({ clock: testClock('2026-12-07T10:00:00+08:00') });
const db = h.ctx.database.db;
const { seconds: seedSeconds, messages } = await timedSeed((say) => seedDemoMeetings(h.ctx, say));

const SECRETARY = '13910000001';
const secretaryUser = (await db.select().from(users).where(eq(users.username, SECRETARY)))[0]!;
const own = (await db.select().from(partyMembers).where(eq(partyMembers.userId, secretaryUser.id)))[0]!;
const branch = (await db.select().from(partyOrganisations).where(eq(partyOrganisations.id, own.organisationId)))[0]!;
const branchMembers = await db
  .select()
  .from(partyMembers)
  .where(and(eq(partyMembers.organisationId, branch.id), sql`${partyMembers.leftAt} is null`));
/** Another branch's secretary (a resident account of the demo, 137…). */
const otherSecretary = (
  await db.select({ username: users.username, id: users.id }).from(users).where(like(users.username, '137%')).orderBy(users.username)
)[0]!;
const otherBranchId = (await db.select().from(partyMembers).where(eq(partyMembers.userId, otherSecretary.id)))[0]!.organisationId;

// A plain member of the secretary's branch with a resident account of their own.
const plain = branchMembers.find((m) => m.posts.length === 0 && m.userId === null)!;
const plainUser = await insertUser(db, {
  username: 'meetings.member',
  displayName: '王*',
  passwordHash: await hashPassword(PASSWORD),
  unitId: secretaryUser.unitId,
  roles: ['resident'],
});
await db.update(partyMembers).set({ userId: plainUser.id }).where(eq(partyMembers.id, plain.id));
const MEMBER = 'meetings.member';

/** A branch of another street whose secretary holds no account. */
const noAccountBranch = (
  (await h.ctx.database.db.execute(sql`
    select o.id from party_organisations o
     where o.district_code = ${DISTRICT} and o.level = 'branch' and o.retired_at is null and o.division_code like ${`${branch.divisionCode!.slice(0, 9)}%`}
       and not exists (select 1 from party_members m where m.organisation_id = o.id and m.user_id is not null)
     order by o.id limit 1`)) as unknown as { rows: { id: number }[] }
).rows[0]!;

const plan = async (as: string, body: Record<string, unknown>) =>
  h.api(as, 'POST', '/api/party/meetings', { kind: 'member_assembly', title: '测试党员大会', startsAt: '2026-12-10T19:00:00+08:00', place: '活动室', ...body });

describe(`the demo (${dbKind()})`, () => {
  it('holds this year’s meetings with roll calls, quickly, leaves an overdue list, and seeds once', async () => {
    console.log(`meetings demo on ${dbKind()}: ${seedSeconds.toFixed(1)} s — ${messages.join(' ')}`);
    const n = (await db.select({ n: count() }).from(partyMeetings))[0]!.n;
    expect(n).toBeGreaterThan(1000);
    expect((await db.select({ n: count() }).from(partyMeetingAttendance))[0]!.n).toBeGreaterThan(5000);
    expect(seedSeconds).toBeLessThan(30);
    const cal = await h.api(SECRETARY, 'GET', '/api/party/meetings');
    expect([cal.status, cal.body.organisation.id, cal.body.relation, cal.body.manage]).toEqual([200, branch.id, 'secretary', true]);
    expect(cal.body.overdue.map((o: { words: string }) => o.words)).toContain('2026年11月 无支部委员会');
    expect(cal.body.meetings.some((m: { state: string }) => m.state === 'cancelled')).toBe(true);
    const c = await h.api('party', 'GET', '/api/party/meetings/compliance');
    expect(c.status).toBe(200);
    expect(c.body.overdue.length).toBeGreaterThan(0);
    expect(c.body.totals.compliant).toBeGreaterThan(0);
    await seedDemoMeetings(h.ctx);
    expect((await db.select({ n: count() }).from(partyMeetings))[0]!.n).toBe(n);
  });
});

describe('a meeting’s life', () => {
  it('plan → hold with minutes and attendance → rates; again replaces; the roll call is checked', async () => {
    const p = await plan(SECRETARY, {});
    expect([p.status, p.body.state, p.body.kindLabel, p.body.manage, p.body.actions]).toEqual([201, 'planned', '支部党员大会', true, ['record', 'cancel']]);
    // Everyone of the branch is expected at a 党员大会, masked.
    expect(p.body.attendees.map((a: { memberId: number }) => a.memberId).sort()).toEqual(branchMembers.map((m) => m.id).sort());
    expect(p.body.attendees.every((a: { name: string; status: null }) => a.name.includes('*') && a.status === null)).toBe(true);
    const ids = branchMembers.map((m) => m.id);
    const rec = (body: Record<string, unknown>) =>
      h.api(SECRETARY, 'POST', `/api/party/meetings/${p.body.id}/record`, {
        heldAt: '2026-12-06T19:00:00+08:00',
        minutes: '传达学习全会精神',
        present: [],
        excused: [],
        ...body,
      });
    expect((await rec({ present: [otherSecretary.id + 10_000_000] })).body.error.code).toBe('MEETING.NOT_ATTENDEE');
    expect((await rec({ present: [ids[0]], excused: [{ memberId: ids[0], reason: '出差' }] })).body.error.code).toBe('MEETING.PRESENT_AND_EXCUSED');
    expect((await rec({ heldAt: '2026-12-08T19:00:00+08:00' })).body.error.code).toBe('MEETING.BAD_TIME');
    expect((await rec({ minutes: '   ' })).body.error.code).toBe('VALIDATION.INVALID_INPUT');
    expect((await db.select().from(partyMeetings).where(eq(partyMeetings.id, p.body.id)))[0]!.state).toBe('planned');

    const present = ids.slice(0, ids.length - 2);
    const held = await rec({ present, excused: [{ memberId: ids[ids.length - 1], reason: '病假' }] });
    expect([held.status, held.body.state, held.body.heldOn, held.body.minutes]).toEqual([200, 'held', '2026-12-06', '传达学习全会精神']);
    expect(held.body.attendance).toEqual({ present: present.length, absent: 1, excused: 1, rate: present.length / ids.length });
    const line = (id: number) => held.body.attendees.find((a: { memberId: number }) => a.memberId === id);
    expect([line(ids[0]!).status, line(ids[ids.length - 2]!).status, line(ids[ids.length - 1]!).status, line(ids[ids.length - 1]!).reason]).toEqual([
      'present',
      'absent',
      'excused',
      '病假',
    ]);
    // Recording again replaces the roll call (everyone present now).
    const again = await rec({ present: ids, minutes: '补充会议记录' });
    expect([again.body.attendance.rate, again.body.minutes]).toEqual([1, '补充会议记录']);
    expect((await db.select({ n: count() }).from(partyMeetingAttendance).where(eq(partyMeetingAttendance.meetingId, p.body.id)))[0]!.n).toBe(ids.length);
    // A held meeting is not cancelled.
    expect((await h.api(SECRETARY, 'POST', `/api/party/meetings/${p.body.id}/cancel`, { reason: '改期' })).body.error.code).toBe('MEETING.WRONG_STATE');
  });

  it('a 支部委员会 expects the committee posts only', async () => {
    const p = await plan(SECRETARY, { kind: 'committee', title: '研究12月工作' });
    const expected = branchMembers.filter((m) => m.posts.some((x) => ['secretary', 'deputy_secretary', 'committee_member'].includes(x)));
    expect(p.body.attendees.map((a: { memberId: number }) => a.memberId).sort()).toEqual(expected.map((m) => m.id).sort());
    expect(expected.length).toBeLessThan(branchMembers.length);
    const r = await h.api(SECRETARY, 'POST', `/api/party/meetings/${p.body.id}/record`, {
      heldAt: '2026-12-05T19:00:00+08:00',
      minutes: '研究部署',
      present: [plain.id],
      excused: [],
    });
    expect(r.body.error.code).toBe('MEETING.NOT_ATTENDEE');
  });

  it('cancel with a reason; nothing more after it', async () => {
    const p = await plan(SECRETARY, { kind: 'lecture', title: '党课' });
    const c = await h.api(SECRETARY, 'POST', `/api/party/meetings/${p.body.id}/cancel`, { reason: '讲课人临时出差' });
    expect([c.status, c.body.state, c.body.cancelReason, c.body.manage, c.body.actions]).toEqual([200, 'cancelled', '讲课人临时出差', false, []]);
    expect((await h.api(SECRETARY, 'POST', `/api/party/meetings/${p.body.id}/cancel`, { reason: '再次' })).body.error.code).toBe('MEETING.WRONG_STATE');
    const rec = await h.api(SECRETARY, 'POST', `/api/party/meetings/${p.body.id}/record`, { minutes: '记录', present: [], excused: [] });
    expect([rec.status, rec.body.error.code]).toEqual([409, 'MEETING.WRONG_STATE']);
    expect((await plan(SECRETARY, { startsAt: '2028-01-01T09:00:00+08:00' })).body.error.code).toBe('MEETING.BAD_TIME');
  });
});

describe('who sees what', () => {
  it('a member of the branch sees the calendar without minutes and their own attendance; another branch’s member gets 404', async () => {
    const p = await plan(SECRETARY, { kind: 'group', title: '党小组学习', startsAt: '2026-12-01T19:00:00+08:00' });
    await h.api(SECRETARY, 'POST', `/api/party/meetings/${p.body.id}/record`, {
      minutes: '学习党章',
      present: [],
      excused: [{ memberId: plain.id, reason: '值班' }],
    });
    const upcoming = await plan(SECRETARY, { kind: 'theme_day', title: '主题党日：冬季送温暖', startsAt: '2026-12-20T09:00:00+08:00' });

    const cal = await h.api(MEMBER, 'GET', '/api/party/meetings');
    expect([cal.status, cal.body.relation, cal.body.manage]).toEqual([200, 'member', false]);
    expect(cal.body.meetings.every((m: { minutes: null }) => m.minutes === null)).toBe(true);
    const d = await h.api(MEMBER, 'GET', `/api/party/meetings/${p.body.id}`);
    expect([d.status, d.body.attendees, d.body.mine, d.body.minutes]).toEqual([200, [], { status: 'excused', reason: '值班' }, null]);
    const me = await h.api(MEMBER, 'GET', '/api/party/meetings/me');
    expect(me.status).toBe(200);
    expect(me.body.upcoming.map((m: { id: number }) => m.id)).toContain(upcoming.body.id);
    expect(me.body.attended.find((m: { id: number }) => m.id === p.body.id)).toMatchObject({ status: 'excused', reason: '值班' });
    expect(me.body.rate).toBeGreaterThanOrEqual(0);
    // The member does not plan.
    expect((await plan(MEMBER, {})).status).toBe(403);

    // Another branch's secretary: not found, whichever way asked.
    expect((await h.api(otherSecretary.username, 'GET', `/api/party/meetings/${p.body.id}`)).status).toBe(404);
    expect((await h.api(otherSecretary.username, 'GET', `/api/party/meetings?organisationId=${branch.id}`)).status).toBe(404);
    expect(
      (await h.api(otherSecretary.username, 'POST', `/api/party/meetings/${p.body.id}/record`, { minutes: '越权', present: [], excused: [] })).status,
    ).toBe(404);
    expect((await h.api(otherSecretary.username, 'GET', '/api/party/meetings')).body.organisation.id).toBe(otherBranchId);
  });

  it('party workers read in scope, leave recording to a secretary with an account, and record for a branch without one', async () => {
    const p = await plan(SECRETARY, { kind: 'theme_day', title: '主题党日' });
    const read = await h.api('party.street', 'GET', `/api/party/meetings/${p.body.id}`);
    expect([read.status, read.body.manage, read.body.attendees.length]).toEqual([200, false, branchMembers.length]);
    const refused = await plan('party.street', { organisationId: branch.id });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'MEETING.SECRETARY_RECORDS']);
    const rec = await h.api('party', 'POST', `/api/party/meetings/${p.body.id}/record`, { minutes: '代记', present: [], excused: [] });
    expect(rec.body.error.code).toBe('MEETING.SECRETARY_RECORDS');

    const forBranch = await plan('party.street', { organisationId: noAccountBranch.id, kind: 'committee', startsAt: '2026-12-02T19:00:00+08:00' });
    expect([forBranch.status, forBranch.body.manage]).toEqual([201, true]);
    const done = await h.api('party.street', 'POST', `/api/party/meetings/${forBranch.body.id}/record`, {
      minutes: '代为记录',
      present: forBranch.body.attendees.map((a: { memberId: number }) => a.memberId),
      excused: [],
    });
    expect([done.status, done.body.attendance.rate]).toEqual([200, 1]);
    // Not a branch; out of scope.
    expect((await plan('party', { organisationId: branch.parentId! })).body.error.code).toBe('MEETING.NOT_A_BRANCH');
    const otherStreet = (
      (await db.execute(
        sql`select id from party_organisations where level = 'branch' and division_code not like ${`${branch.divisionCode!.slice(0, 9)}%`} order by id limit 1`,
      )) as unknown as { rows: { id: number }[] }
    ).rows[0]!;
    expect((await h.api('party.street', 'GET', `/api/party/meetings?organisationId=${otherStreet.id}`)).status).toBe(404);
    expect((await h.api('party.street', 'GET', '/api/party/meetings')).body.error.code).toBe('VALIDATION.INVALID_INPUT');
  });
});

describe('the compliance overview', () => {
  it('counts each branch’s held meetings by kind as the database does, and a late 支委会 clears the overdue line', async () => {
    const t0 = Date.now();
    const c = await h.api('party', 'GET', '/api/party/meetings/compliance?year=2026');
    console.log(`meetings compliance (district, ${c.body.branches.length} branches) on ${dbKind()}: ${Date.now() - t0} ms`);
    expect(c.status).toBe(200);
    const held = (
      (await db.execute(sql`
      select organisation_id, kind, count(*)::int as n from party_meetings
       where district_code = ${DISTRICT} and state = 'held' and held_on between '2026-01-01' and '2026-12-31'
       group by organisation_id, kind`)) as unknown as { rows: { organisation_id: number; kind: string; n: number }[] }
    ).rows;
    const expected = new Map(held.map((r) => [`${r.organisation_id}:${r.kind}`, Number(r.n)]));
    for (const b of c.body.branches as { organisationId: number; kinds: { kind: string; held: number }[] }[])
      for (const k of b.kinds) expect(k.held, `${b.organisationId} ${k.kind}`).toBe(expected.get(`${b.organisationId}:${k.kind}`) ?? 0);
    const overdueCount = c.body.branches.reduce((n: number, b: { overdueCount: number }) => n + b.overdueCount, 0);
    expect(c.body.totals.overdue).toBe(overdueCount);

    const street = await h.api('party.street', 'GET', '/api/party/meetings/compliance');
    const mine = street.body.branches.find((b: { organisationId: number }) => b.organisationId === branch.id);
    const committee = mine.kinds.find((k: { kind: string }) => k.kind === 'committee');
    expect(committee.overdue).toContain('2026-11');
    expect(street.body.branches.every((b: { streetCode: string }) => b.streetCode === branch.divisionCode!.slice(0, 9))).toBe(true);

    // Hold November's 支部委员会 late: the line goes, the count grows by one.
    const p = await plan(SECRETARY, { kind: 'committee', title: '补开11月支委会', startsAt: '2026-11-28T19:00:00+08:00' });
    await h.api(SECRETARY, 'POST', `/api/party/meetings/${p.body.id}/record`, { minutes: '研究11月工作', present: [own.id], excused: [] });
    const after = (await h.api('party.street', 'GET', '/api/party/meetings/compliance')).body.branches.find(
      (b: { organisationId: number }) => b.organisationId === branch.id,
    );
    const committeeAfter = after.kinds.find((k: { kind: string }) => k.kind === 'committee');
    expect(committeeAfter.held).toBe(committee.held + 1);
    expect(committeeAfter.overdue).not.toContain('2026-11');
    // Another street is not the street worker's; an unknown street is refused.
    const other = [...(await h.ctx.reference.get()).divisionByCode.values()].find((d) => d.level === 'street' && d.code !== branch.divisionCode!.slice(0, 9))!;
    expect((await h.api('party.street', 'GET', `/api/party/meetings/compliance?street=${other.code}`)).status).toBe(404);
    expect((await h.api('party', 'GET', '/api/party/meetings/compliance?street=110109999')).body.error.code).toBe('PARTY.UNKNOWN_DIVISION');
  });
});

describe('authorisation matrix of 三会一课', () => {
  // Users: district worker, street worker, the secretary, a plain member of her branch, another branch's secretary, a street handler (no party role).
  const USERS = ['party', 'party.street', SECRETARY, MEMBER, otherSecretary.username, 'street'] as const;
  const planned = async () => (await plan(SECRETARY, { title: '矩阵' })).body.id as number;
  const MATRIX: MatrixRows = {
    'GET /api/party/meetings (the branch named)': {
      expect: ['A', 'A', 'A', 'A', 'N', 'F'],
      req: async () => ['GET', `/api/party/meetings?organisationId=${branch.id}`],
    },
    'POST /api/party/meetings': { expect: ['F', 'F', 'A', 'F', 'N', 'F'], req: async () => ['POST', '/api/party/meetings', planBody(branch.id)] },
    'GET /api/party/meetings/{id}': { expect: ['A', 'A', 'A', 'A', 'N', 'F'], req: async () => ['GET', `/api/party/meetings/${await planned()}`] },
    'POST /api/party/meetings/{id}/record': {
      expect: ['F', 'F', 'A', 'F', 'N', 'F'],
      req: async () => [
        'POST',
        `/api/party/meetings/${await planned()}/record`,
        { heldAt: '2026-12-06T19:00:00+08:00', minutes: '记录', present: [], excused: [] },
      ],
    },
    'POST /api/party/meetings/{id}/cancel': {
      expect: ['F', 'F', 'A', 'F', 'N', 'F'],
      req: async () => ['POST', `/api/party/meetings/${await planned()}/cancel`, { reason: '改期' }],
    },
    'GET /api/party/meetings/me': { expect: ['F', 'F', 'A', 'A', 'A', 'F'], req: async () => ['GET', '/api/party/meetings/me'] },
    'GET /api/party/meetings/compliance': { expect: ['A', 'A', 'F', 'F', 'F', 'F'], req: async () => ['GET', '/api/party/meetings/compliance'] },
  };
  const planBody = (organisationId: number) => ({ organisationId, kind: 'group', title: '矩阵', startsAt: '2026-12-10T19:00:00+08:00', place: '活动室' });
  matrixTests(h, USERS, MATRIX);
});

describe('the compliance overview at a district’s scale', () => {
  it('answers for 2,500 branches with a year of meetings in one grouped statement', async () => {
    // Straight into the tables (what is measured is the read): branches up to 2,500 over the district's
    // communities, a committee member each, every month's 支委会, 党小组会 and 主题党日 and every quarter's
    // 党员大会 and 党课 held up to November. Sealed columns hold placeholders: the overview never opens them.
    const have = (await db.select({ n: count() }).from(partyOrganisations).where(eq(partyOrganisations.level, 'branch')))[0]!.n;
    const extra = 2_500 - have;
    const communities = [...(await h.ctx.reference.get()).divisionByCode.values()].filter((d) => d.level === 'community').map((d) => d.code);
    const list = sql.raw(`array[${communities.map((c) => `'${c}'`).join(',')}]`);
    await db.execute(sql`
      insert into party_organisations (district_code, parent_id, path, level, host_type, code, name, division_code, created_at, updated_at)
      select ${DISTRICT}, ${branch.parentId}, '/scale/' || g || '/', 'branch', 'community', 'SCALE-' || g, '规模测试支部' || g,
             (${list})[1 + g % ${communities.length}], now(), now()
        from generate_series(1, ${extra}::int) g`);
    await db.execute(sql`
      insert into party_members (district_code, organisation_id, real_name, id_number, id_number_key, member_type, posts, created_at, updated_at)
      select ${DISTRICT}, id, 'x', 'x', 'scale-' || id, 'full', array['committee_member'], now(), now()
        from party_organisations where code like 'SCALE-%'`);
    await db.execute(sql`
      insert into party_meetings (district_code, organisation_id, kind, title, starts_at, place, state, minutes, held_at, held_on, created_by_user_id, created_at, updated_at)
      select ${DISTRICT}, o.id, k.kind, '规模测试', d, '活动室', 'held', '记录', d, (d at time zone 'Asia/Shanghai')::date, 0, now(), now()
        from party_organisations o
       cross join (values ('committee', 1), ('group', 1), ('theme_day', 1), ('member_assembly', 3), ('lecture', 3)) k(kind, step)
       cross join generate_series(timestamptz '2026-01-10 11:00+00', timestamptz '2026-11-10 11:00+00', interval '1 month') d
       where o.code like 'SCALE-%' and (extract(month from d)::int - 1) % k.step = k.step - 1`);
    const meetings = (await db.select({ n: count() }).from(partyMeetings))[0]!.n;
    // Warm once, then time three answers.
    await h.api('party', 'GET', '/api/party/meetings/compliance?year=2026');
    const times: number[] = [];
    let body: { branches: { name: string; overdueCount: number }[] } | undefined;
    for (let i = 0; i < 3; i++) {
      const t0 = Date.now();
      const r = await h.api('party', 'GET', '/api/party/meetings/compliance?year=2026');
      times.push(Date.now() - t0);
      expect(r.status).toBe(200);
      body = r.body;
    }
    console.log(`meetings compliance at scale on ${dbKind()}: ${body!.branches.length} branches, ${meetings} meetings — ${times.join(' / ')} ms`);
    expect(body!.branches.length).toBe(2_500);
    // Every generated branch held everything due (the quarters' meetings in their last month).
    expect(body!.branches.filter((b) => b.name.startsWith('规模测试支部')).every((b) => b.overdueCount === 0)).toBe(true);
    expect(Math.min(...times)).toBeLessThan(3_000);
  });
});
