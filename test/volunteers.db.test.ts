/**
 * The volunteer subsystem over HTTP on a real database: practice stations in the division tree,
 * residents' accounts (GB 11643 ID numbers, one per district, sealed and masked, reveals recorded),
 * volunteer profiles with consent, the station staff's scoped lists, teams, and roster imports from
 * .xlsx (dry run, row report, all or nothing, idempotent) with a file of thousands of rows.
 */
import { count, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckChar } from '../src/modules/volunteers/volunteers.domain.ts';
import { seedDemoVolunteers } from '../src/modules/volunteers/index.ts';
import { residentReveals, residents, units, users, volunteerProfiles, volunteerTeamMembers, volunteerTeams } from '../src/schema.ts';
import { send } from './support/api-surface.ts';
import { createHarness, dbKind, DISTRICT, PASSWORD, type Harness } from './support/harness.ts';
import { api } from './support/ticket-flow.ts';

let h: Harness;
let communities: { code: string; streetCode: string }[];
let stationIds: Map<string, number>;
const stationOf = (divisionCode: string) => stationIds.get(divisionCode)!;

/** A check-digit-valid ID number of the district, different for every `n` below 20 million (birth date and sequence). */
function idNumber(n: number, region = DISTRICT): string {
  const birth = new Date(Date.UTC(1950, 0, 1) + (n % 20_000) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `${region}${birth}${String(Math.floor(n / 20_000) % 1000).padStart(3, '0')}`;
  return `${first17}${idCheckChar(first17)}`;
}
let serial = 0;
/** A fresh mobile number and a matching fresh ID number. */
function person() {
  serial++;
  return { phone: `1361${String(serial).padStart(7, '0')}`, idNumber: idNumber(serial) };
}

async function register(body: Record<string, unknown>) {
  return send(h, { method: 'POST', url: '/api/residents', payload: body });
}

/** A registered resident who is also a volunteer of `community`. */
async function volunteer(community: string, name = '测试志愿者', profile: Record<string, unknown> = {}) {
  const p = person();
  const r = await register({ ...p, password: PASSWORD, realName: name, communityCode: community });
  expect(r.status, r.text).toBe(201);
  const v = await api(h, p.phone, 'POST', '/api/volunteers/me', {
    skills: ['elderly_care'],
    areas: [community],
    availability: [],
    consentPublicName: false,
    ...profile,
  });
  expect(v.status, JSON.stringify(v.body)).toBe(201);
  return { ...p, userId: r.body.userId as number };
}

async function workbook(rows: (string | number)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('花名册').addRows(rows);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

beforeAll(async () => {
  h = await createHarness();
  await seedDemoVolunteers(h.ctx);
  // The harness cached the reference data before the stations existed.
  h.ctx.reference.invalidate();
  const ref = await h.ctx.reference.get();
  stationIds = new Map(ref.units.filter((u) => u.unitType === 'station').map((u) => [u.divisionCode!, u.id]));
  communities = [...ref.divisionByCode.values()]
    .filter((d) => d.level === 'community')
    .map((d) => ({ code: d.code, streetCode: d.parentCode! }))
    .sort((a, b) => a.code.localeCompare(b.code));
});
afterAll(async () => {
  await h?.close();
});

describe(`volunteers: stations and residents (${dbKind()})`, () => {
  it('makes a station unit for the district centre, every street and every community, in the division tree', async () => {
    const db = h.ctx.database.db;
    const stations = await db.select().from(units).where(eq(units.unitType, 'station'));
    const ref = await h.ctx.reference.get();
    const divisions = [...ref.divisionByCode.values()].filter((d) => d.level !== 'province');
    expect(stations.length).toBe(divisions.length);
    const centre = stations.find((s) => s.divisionCode === DISTRICT)!;
    expect(centre.name).toBe('门头沟区新时代文明实践中心');
    expect(centre.parentId).toBeNull();
    const byId = new Map(stations.map((s) => [s.id, s]));
    for (const s of stations) {
      if (s.divisionCode!.length === 9) expect(s.parentId).toBe(centre.id);
      if (s.divisionCode!.length === 12) {
        expect(s.name).toMatch(/新时代文明实践站$/);
        expect(byId.get(s.parentId!)?.divisionCode).toBe(ref.divisionByCode.get(s.divisionCode!)!.parentCode);
      }
    }
    // Seeding again creates nothing.
    await seedDemoVolunteers(h.ctx);
    expect((await db.select({ n: count() }).from(units).where(eq(units.unitType, 'station')))[0]!.n).toBe(stations.length);
  });

  it('keeps stations out of the hotline rankings', async () => {
    const r = await api(h, 'supervisor', 'GET', '/api/assessment/rankings?month=2026-03');
    expect(r.status).toBe(200);
    expect(JSON.stringify(r.body)).not.toContain('新时代文明实践');
  });

  it('opens a resident account: masked everywhere but to the resident, sealed at rest, unit = the community’s station', async () => {
    const p = person();
    const c = communities[5]!.code;
    const r = await register({ ...p, password: PASSWORD, realName: '欧阳娜娜', communityCode: c });
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({
      username: p.phone,
      realName: '欧阳娜娜',
      idNumber: p.idNumber,
      masked: false,
      communityCode: c,
      source: 'registered',
      isVolunteer: false,
    });
    expect(r.body.stationUnitId).toBe(stationOf(c));
    const row = (await h.ctx.database.db.select().from(residents).where(eq(residents.userId, r.body.userId)))[0]!;
    expect(row.realName).toMatch(/^pd1:/);
    expect(row.idNumber).toMatch(/^pd1:/);
    expect(JSON.stringify(row)).not.toContain(p.idNumber);
    const user = (await h.ctx.database.db.select().from(users).where(eq(users.id, r.body.userId)))[0]!;
    expect(user).toMatchObject({ username: p.phone, displayName: '欧***', roles: ['resident'], unitId: stationOf(c) });
    // Sign-in through the usual route; the resident sees their own account in clear.
    const login = await send(h, { method: 'POST', url: '/api/auth/login', payload: { username: p.phone, password: PASSWORD } });
    expect(login.status).toBe(200);
    expect(login.body.user.roles).toEqual(['resident']);
    const me = await api(h, p.phone, 'GET', '/api/residents/me');
    expect(me.body).toMatchObject({ realName: '欧阳娜娜', idNumber: p.idNumber, masked: false });
  });

  it('refuses a bad check digit, a second account for one ID number or phone, and a community of another district', async () => {
    const p = person();
    const c = communities[0]!.code;
    const wrong = p.idNumber.slice(0, 17) + (p.idNumber[17] === '0' ? '1' : '0');
    const bad = await register({ ...p, idNumber: wrong, password: PASSWORD, realName: '张三', communityCode: c });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('RESIDENT.BAD_ID_NUMBER');
    expect(bad.body.error.details.problem).toBe('CHECK_DIGIT');
    expect((await register({ ...p, password: PASSWORD, realName: '张三', communityCode: c })).status).toBe(201);
    const sameId = await register({ ...person(), idNumber: p.idNumber, password: PASSWORD, realName: '张三', communityCode: c });
    expect(sameId.body.error?.code).toBe('RESIDENT.ID_TAKEN');
    // The same number typed with a lower-case x is the same number.
    const samePhone = await register({ ...person(), phone: p.phone, password: PASSWORD, realName: '李四', communityCode: c });
    expect(samePhone.body.error?.code).toBe('RESIDENT.PHONE_TAKEN');
    const elsewhere = await register({ ...person(), password: PASSWORD, realName: '王五', communityCode: '110105001001' });
    expect(elsewhere.body.error?.code).toBe('RESIDENT.UNKNOWN_COMMUNITY');
    const weak = await register({ ...person(), password: 'abcdefghij', realName: '王五', communityCode: c });
    expect(weak.body.error?.code).toBe('ADMIN.WEAK_PASSWORD');
  });

  it('gives residents no ticket through their station, while its staff see the station’s tickets', async () => {
    const c = communities[0]!.code;
    const ref = await h.ctx.reference.get();
    const leaf = ref.categories.find((x) => x.isLeaf && x.active)!;
    const ticket = await api(h, 'operator', 'POST', '/api/tickets', {
      requestType: 'help',
      channel: 'phone',
      categoryId: leaf.id,
      content: '需要志愿者上门帮助老人',
      requesterName: '求助人',
      requesterPhone: '13900009999',
      triage: { action: 'dispatch', leadUnitId: stationOf(c) },
    });
    expect(ticket.status, JSON.stringify(ticket.body)).toBe(201);
    const id = ticket.body.ticketId as number;
    expect((await api(h, 'station', 'GET', `/api/tickets/${id}`)).status).toBe(200);
    const p = person();
    await register({ ...p, password: PASSWORD, realName: '赵六', communityCode: c });
    const list = await api(h, p.phone, 'GET', '/api/tickets?limit=5');
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
    expect((await api(h, p.phone, 'GET', `/api/tickets/${id}`)).status).toBe(404);
    expect((await api(h, p.phone, 'GET', '/api/volunteers')).status).toBe(403);
  });
});

describe(`volunteers: profiles, lists and reveals (${dbKind()})`, () => {
  it('registers a volunteer with consent and its time; a changed consent records the new time', async () => {
    const c = communities[1]!.code;
    const p = person();
    await register({ ...p, password: PASSWORD, realName: '孙七', communityCode: c });
    const noProfile = await api(h, p.phone, 'GET', '/api/volunteers/me');
    expect(noProfile.body.error.code).toBe('VOLUNTEER.NOT_REGISTERED');
    const v = await api(h, p.phone, 'POST', '/api/volunteers/me', {
      skills: ['haircut', 'legal_advice'],
      areas: [c, communities[1]!.streetCode],
      availability: [
        { weekday: 6, slot: 'morning' },
        { weekday: 1, slot: 'evening' },
        { weekday: 6, slot: 'morning' },
      ],
      consentPublicName: false,
    });
    expect(v.status, JSON.stringify(v.body)).toBe(201);
    expect(v.body.availability).toEqual([
      { weekday: 1, slot: 'evening' },
      { weekday: 6, slot: 'morning' },
    ]);
    expect(v.body.consentAt).toBe(h.clock.now().toISOString());
    expect((await api(h, p.phone, 'GET', '/api/auth/me')).body.roles).toEqual(['resident', 'volunteer']);
    expect((await api(h, p.phone, 'POST', '/api/volunteers/me', { skills: [], areas: [], availability: [], consentPublicName: true })).body.error.code).toBe(
      'VOLUNTEER.ALREADY_REGISTERED',
    );
    h.clock.advance(3600_000);
    const same = await api(h, p.phone, 'PATCH', '/api/volunteers/me', { consentPublicName: false, skills: ['haircut'] });
    expect(same.body.consentAt).toBe(v.body.consentAt);
    const given = await api(h, p.phone, 'PATCH', '/api/volunteers/me', { consentPublicName: true });
    expect(given.body).toMatchObject({ consentPublicName: true, consentAt: h.clock.now().toISOString(), skills: ['haircut'] });
    const badArea = await api(h, p.phone, 'PATCH', '/api/volunteers/me', { areas: ['110105001'] });
    expect(badArea.body.error.code).toBe('VOLUNTEER.UNKNOWN_AREA');
    // Staff cannot register as volunteers through this route.
    expect((await api(h, 'street', 'POST', '/api/volunteers/me', { skills: [], areas: [], availability: [], consentPublicName: true })).status).toBe(403);
  });

  it('lists a station’s volunteers masked, filtered and paginated; the centre sees all, another station none of them', async () => {
    const c = communities[0]!.code; // the demo station `station` is this community's
    const a = await volunteer(c, '周八', { skills: ['free_clinic'] });
    const b = await volunteer(c, '吴九', { skills: ['free_clinic', 'arts'] });
    const elsewhere = await volunteer(communities[40]!.code, '郑十', { skills: ['free_clinic'] });
    const mine = await api(h, 'station', 'GET', '/api/volunteers?skill=free_clinic&pageSize=100');
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    const ids = mine.body.items.map((x: { userId: number }) => x.userId);
    expect(ids).toContain(a.userId);
    expect(ids).toContain(b.userId);
    expect(ids).not.toContain(elsewhere.userId);
    const item = mine.body.items.find((x: { userId: number }) => x.userId === a.userId);
    expect(item).toMatchObject({ realName: '周*', masked: true, stationUnitId: stationOf(c) });
    expect(item.idNumber).toBe(`${a.idNumber.slice(0, 6)}********${a.idNumber.slice(-4)}`);
    expect(item.phone).toBe(`${a.phone.slice(0, 3)}****${a.phone.slice(-4)}`);
    expect(JSON.stringify(mine.body)).not.toContain(a.idNumber);
    const paged = await api(h, 'station', 'GET', '/api/volunteers?pageSize=1&page=2');
    expect(paged.body.items).toHaveLength(1);
    expect(paged.body.total).toBeGreaterThanOrEqual(5);
    const arts = await api(h, 'station', 'GET', '/api/volunteers?skill=arts&pageSize=100');
    expect(arts.body.items.map((x: { userId: number }) => x.userId)).toContain(b.userId);
    expect(arts.body.items.map((x: { userId: number }) => x.userId)).not.toContain(a.userId);
    const all = await api(h, 'station.centre', 'GET', `/api/volunteers?skill=free_clinic&pageSize=100`);
    expect(all.body.items.map((x: { userId: number }) => x.userId)).toEqual(expect.arrayContaining([a.userId, b.userId, elsewhere.userId]));
    expect((await api(h, 'station', 'GET', `/api/volunteers/${elsewhere.userId}`)).status).toBe(404);
    expect((await api(h, 'street', 'GET', '/api/volunteers')).status).toBe(403);
  });

  it('reveals a resident to their own station’s staff only, and records every reveal', async () => {
    const c = communities[0]!.code;
    const v = await volunteer(c, '冯十一');
    const db = h.ctx.database.db;
    const before = (await db.select({ n: count() }).from(residentReveals))[0]!.n;
    const noReason = await api(h, 'station', 'POST', `/api/volunteers/${v.userId}/reveal`, { reason: ' ' });
    expect(noReason.status).toBe(400);
    const r = await api(h, 'station', 'POST', `/api/volunteers/${v.userId}/reveal`, { reason: '核实身份' });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ realName: '冯十一', idNumber: v.idNumber, phone: v.phone });
    // The centre above the station sees the list, but not the clear identity.
    expect((await api(h, 'station.centre', 'POST', `/api/volunteers/${v.userId}/reveal`, { reason: '核实身份' })).status).toBe(403);
    expect((await api(h, 'street', 'POST', `/api/volunteers/${v.userId}/reveal`, { reason: '核实身份' })).status).toBe(403);
    const reveals = await db.select().from(residentReveals).where(eq(residentReveals.residentUserId, v.userId));
    expect(reveals).toHaveLength(1);
    expect(reveals[0]).toMatchObject({ reason: '核实身份', unitId: stationOf(c) });
    expect((await db.select({ n: count() }).from(residentReveals))[0]!.n).toBe(before + 1);
  });
});

describe(`volunteers: teams (${dbKind()})`, () => {
  it('creates a team with a leader and members; members join and leave; the leader changes; names are unique per station', async () => {
    const c = communities[0]!.code;
    const station = stationOf(c);
    const lead = await volunteer(c, '陈队长', { consentPublicName: true });
    const m1 = await volunteer(c, '林队员');
    const m2 = await volunteer(communities[2]!.code, '黄队员');
    const created = await api(h, 'station', 'POST', '/api/teams', {
      name: '  义诊 服务队 ',
      stationId: station,
      skills: ['free_clinic'],
      areas: [c],
      leaderUserId: lead.userId,
      memberUserIds: [m1.userId],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ name: '义诊 服务队', status: 'active', memberCount: 2, leaderName: '陈队长' });
    const id = created.body.id as number;
    const dup = await api(h, 'station', 'POST', '/api/teams', {
      name: '义诊 服务队',
      stationId: station,
      skills: [],
      areas: [],
      leaderUserId: m1.userId,
      memberUserIds: [],
    });
    expect(dup.body.error.code).toBe('TEAM.NAME_TAKEN');
    const notVolunteer = await api(h, 'station', 'POST', '/api/teams', {
      name: '另一队',
      stationId: station,
      skills: [],
      areas: [],
      leaderUserId: 1,
      memberUserIds: [],
    });
    expect(notVolunteer.body.error.code).toBe('VOLUNTEER.UNKNOWN_VOLUNTEER');
    const otherStation = await api(h, 'station', 'POST', '/api/teams', {
      name: '越权队',
      stationId: stationOf(communities[2]!.code),
      skills: [],
      areas: [],
      leaderUserId: lead.userId,
      memberUserIds: [],
    });
    expect(otherStation.status).toBe(403);
    // A volunteer joins (twice: nothing changes), sees the team, and leaves.
    expect((await api(h, m2.phone, 'POST', `/api/teams/${id}/join`)).body).toEqual({ joined: true });
    expect((await api(h, m2.phone, 'POST', `/api/teams/${id}/join`)).body).toEqual({ joined: false });
    const seen = await api(h, m2.phone, 'GET', `/api/teams/${id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.members.map((m: { name: string }) => m.name)).toEqual(['陈队长', '林**', '黄**']);
    expect((await api(h, m2.phone, 'DELETE', `/api/teams/${id}/members/${m2.userId}`)).status).toBe(204);
    expect((await api(h, m2.phone, 'GET', `/api/teams/${id}`)).status).toBe(404);
    expect((await api(h, m2.phone, 'DELETE', `/api/teams/${id}/members/${m1.userId}`)).status).toBe(403);
    // The leader cannot leave until another leads.
    expect((await api(h, lead.phone, 'DELETE', `/api/teams/${id}/members/${lead.userId}`)).body.error.code).toBe('TEAM.LEADER_CANNOT_LEAVE');
    const changed = await api(h, 'station', 'PATCH', `/api/teams/${id}`, { leaderUserId: m2.userId });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.leaderUserId).toBe(m2.userId);
    expect(changed.body.members.find((m: { userId: number }) => m.userId === m2.userId).leader).toBe(true);
    expect((await api(h, lead.phone, 'DELETE', `/api/teams/${id}/members/${lead.userId}`)).status).toBe(204);
    expect((await api(h, 'station', 'DELETE', `/api/teams/${id}/members/${lead.userId}`)).body.error.code).toBe('TEAM.NOT_A_MEMBER');
    // Dissolved: nobody joins or is added.
    expect((await api(h, 'station', 'PATCH', `/api/teams/${id}`, { status: 'dissolved' })).body.status).toBe('dissolved');
    expect((await api(h, lead.phone, 'POST', `/api/teams/${id}/join`)).body.error.code).toBe('TEAM.NOT_ACTIVE');
    expect((await api(h, 'station', 'POST', `/api/teams/${id}/members`, { userIds: [lead.userId] })).body.error.code).toBe('TEAM.NOT_ACTIVE');
    const listed = await api(h, 'station.centre', 'GET', '/api/teams?status=dissolved');
    expect(listed.body.items.map((t: { id: number }) => t.id)).toContain(id);
    const forVolunteers = await api(h, lead.phone, 'GET', '/api/teams?pageSize=100');
    expect(forVolunteers.body.items.map((t: { id: number }) => t.id)).not.toContain(id);
    expect((await api(h, 'station.centre', 'GET', `/api/teams/${id}`)).status).toBe(200);
    expect((await api(h, 'street', 'GET', `/api/teams/${id}`)).status).toBe(404);
  });
});

describe(`volunteers: roster import (${dbKind()})`, () => {
  const HEADER = ['姓名', '手机号', '身份证号', '社区编码', '技能', '服务区域', '队伍', '队内角色'];

  it('reports every bad row with its row number, field and reason, and writes nothing', async () => {
    const c = communities[0]!.code;
    const a = person();
    const b = person();
    const db = h.ctx.database.db;
    const before = (await db.select({ n: count() }).from(users))[0]!.n;
    const file = await workbook([
      HEADER,
      ['钱一', a.phone, a.idNumber, c, '助老、理发', c, '银发服务队', '队长'],
      ['钱二', b.phone, b.idNumber.slice(0, 17) + (b.idNumber[17] === '1' ? '2' : '1'), c, '飞行', '', '银发服务队', '队员'],
      ['钱三', '12345', person().idNumber, '110105001001', '', '', '新队', '队员'],
    ]);
    const r = await api(h, 'station', 'POST', '/api/volunteers/import', { stationId: stationOf(c), fileBase64: file });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ committed: false, total: 3, rejected: 2, created: 1 });
    expect(r.body.problems).toEqual([
      { rowNumber: 3, field: '身份证号', reason: expect.stringContaining('校验位') },
      { rowNumber: 3, field: '技能', reason: expect.stringContaining('飞行') },
      { rowNumber: 4, field: '手机号', reason: expect.stringContaining('手机号') },
      { rowNumber: 4, field: '社区编码', reason: expect.stringContaining('110105001001') },
    ]);
    expect((await db.select({ n: count() }).from(users))[0]!.n).toBe(before);
    const missing = await api(h, 'station', 'POST', '/api/volunteers/import', {
      stationId: stationOf(c),
      fileBase64: await workbook([
        ['姓名', '手机号'],
        ['x', a.phone],
      ]),
    });
    expect(missing.body.error.code).toBe('ROSTER.MISSING_COLUMNS');
    expect(missing.body.error.details.missing).toEqual(['身份证号', '社区编码']);
    const notMine = await api(h, 'station', 'POST', '/api/volunteers/import', { stationId: stationOf(communities[9]!.code), fileBase64: file });
    expect(notMine.status).toBe(403);
  });

  it('imports thousands of rows: a dry run writes nothing, the import all of it, the same file again nothing new; owners claim their accounts', async () => {
    const centre = stationOf(DISTRICT);
    const db = h.ctx.database.db;
    const N = 2500;
    const TEAM = 50;
    const existing = await volunteer(communities[3]!.code, '已注册', { skills: ['arts'] });
    const rows: (string | number)[][] = [HEADER];
    const people: { phone: string; idNumber: string; name: string }[] = [];
    for (let i = 0; i < N; i++) {
      const p =
        i === 7 ? { phone: existing.phone, idNumber: existing.idNumber } : { phone: `1372${String(i).padStart(7, '0')}`, idNumber: idNumber(100_000 + i) };
      const name = i === 7 ? '已注册' : `志愿者${i}`;
      people.push({ ...p, name });
      const c = communities[i % communities.length]!;
      rows.push([
        name,
        p.phone,
        p.idNumber,
        c.code,
        i % 3 === 0 ? '助老；理发' : '垃圾分类',
        c.streetCode,
        `第${Math.floor(i / TEAM) + 1}服务队`,
        i % TEAM === 0 ? '队长' : '队员',
      ]);
    }
    const file = await workbook(rows);
    const count0 = async () => ({
      users: (await db.select({ n: count() }).from(users))[0]!.n,
      profiles: (await db.select({ n: count() }).from(volunteerProfiles))[0]!.n,
      teams: (await db.select({ n: count() }).from(volunteerTeams))[0]!.n,
      members: (await db.select({ n: count() }).from(volunteerTeamMembers))[0]!.n,
    });
    const before = await count0();
    const dry = await api(h, 'station.centre', 'POST', '/api/volunteers/import', { stationId: centre, dryRun: true, fileBase64: file });
    expect(dry.status, JSON.stringify(dry.body).slice(0, 500)).toBe(200);
    expect(dry.body).toMatchObject({
      dryRun: true,
      committed: false,
      total: N,
      created: N - 1,
      updated: 1,
      unchanged: 0,
      rejected: 0,
      teamsCreated: N / TEAM,
      problems: [],
    });
    expect(await count0()).toEqual(before);

    const done = await api(h, 'station.centre', 'POST', '/api/volunteers/import', { stationId: centre, fileBase64: file });
    expect(done.body).toMatchObject({ dryRun: false, committed: true, created: N - 1, updated: 1, rejected: 0, teamsCreated: N / TEAM });
    expect(await count0()).toEqual({
      users: before.users + N - 1,
      profiles: before.profiles + N - 1,
      teams: before.teams + N / TEAM,
      members: before.members + N,
    });

    const again = await api(h, 'station.centre', 'POST', '/api/volunteers/import', { stationId: centre, fileBase64: file });
    expect(again.body).toMatchObject({ committed: true, created: 0, updated: 0, unchanged: N, rejected: 0, teamsCreated: 0 });
    expect(await count0()).toEqual({
      users: before.users + N - 1,
      profiles: before.profiles + N - 1,
      teams: before.teams + N / TEAM,
      members: before.members + N,
    });

    // The registered volunteer kept their own profile; an imported one is flagged, masked, and cannot sign in yet.
    expect((await api(h, existing.phone, 'GET', '/api/volunteers/me')).body.skills).toEqual(['arts']);
    const list = await api(h, 'station.centre', 'GET', `/api/volunteers?stationId=${stationOf(communities[1]!.code)}&pageSize=100`);
    const imported = list.body.items.find((x: { source: string }) => x.source === 'imported');
    expect(imported).toMatchObject({ active: false, claimed: false, masked: true });
    expect(imported.realName).toMatch(/^志\*+$/);
    const someone = people[1]!;
    const denied = await send(h, { method: 'POST', url: '/api/auth/login', payload: { username: someone.phone, password: PASSWORD } });
    expect(denied.status).toBe(401);
    const wrongId = await send(h, {
      method: 'POST',
      url: '/api/residents/claim',
      payload: { phone: someone.phone, idNumber: people[2]!.idNumber, password: PASSWORD },
    });
    expect(wrongId.body.error.code).toBe('RESIDENT.NOT_CLAIMABLE');
    const claimed = await send(h, {
      method: 'POST',
      url: '/api/residents/claim',
      payload: { phone: someone.phone, idNumber: someone.idNumber, password: PASSWORD },
    });
    expect(claimed.status, claimed.text).toBe(200);
    expect(claimed.body).toMatchObject({ realName: someone.name, source: 'imported', claimed: true, isVolunteer: true });
    const mine = await api(h, someone.phone, 'GET', '/api/volunteers/me');
    expect(mine.body).toMatchObject({ source: 'imported', consentPublicName: false, consentAt: null });
    expect(mine.body.teams).toEqual([{ id: expect.any(Number), name: '第1服务队', status: 'active', leader: false }]);
    const twice = await send(h, {
      method: 'POST',
      url: '/api/residents/claim',
      payload: { phone: someone.phone, idNumber: someone.idNumber, password: PASSWORD },
    });
    expect(twice.body.error.code).toBe('RESIDENT.NOT_CLAIMABLE');
    // Guessing the ID number of a known mobile number: ten wrong tries, from any addresses, lock the claim of that number.
    const target = people[3]!;
    for (let i = 0; i < 10; i++) {
      const wrong = await send(h, {
        method: 'POST',
        url: '/api/residents/claim',
        payload: { phone: target.phone, idNumber: people[20 + i]!.idNumber, password: PASSWORD },
        remoteAddress: `203.0.113.${i + 1}`,
      });
      expect(wrong.body.error.code).toBe('RESIDENT.NOT_CLAIMABLE');
    }
    const locked = await send(h, {
      method: 'POST',
      url: '/api/residents/claim',
      payload: { phone: target.phone, idNumber: target.idNumber, password: PASSWORD },
    });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('RATE_LIMITED');
    // Another district's roster naming the same number would be refused: the same ID cannot register twice here.
    const dupe = await register({
      phone: '13799999999',
      idNumber: someone.idNumber,
      password: PASSWORD,
      realName: '冒名',
      communityCode: communities[0]!.code,
    });
    expect(dupe.body.error.code).toBe('RESIDENT.ID_TAKEN');
  }, 300_000);
});
