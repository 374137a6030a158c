/**
 * The volunteer subsystem's fixtures for the API-wide tests (authorisation matrix, bad input): the
 * district's stations and demo staff (`station` of the first community's station, `station.centre`),
 * a staff account of another station (`station.other`), a resident, volunteers, a team, and accounts
 * imported from a roster waiting to be claimed. Made through the API and the module's use cases.
 */
import ExcelJS from 'exceljs';
import { login } from '../../src/engine/auth.ts';
import { idCheckChar } from '../../src/modules/volunteers/volunteers.domain.ts';
import { seedDemoVolunteers } from '../../src/modules/volunteers/index.ts';
import { send } from './api-surface.ts';
import { DISTRICT, PASSWORD, type Harness } from './harness.ts';

/** A check-digit-valid ID number of the district, different for every `n` below 20 million. */
export function testIdNumber(n: number): string {
  const birth = new Date(Date.UTC(1950, 0, 1) + (n % 20_000) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `${DISTRICT}${birth}${String(Math.floor(n / 20_000) % 1000).padStart(3, '0')}`;
  return `${first17}${idCheckChar(first17)}`;
}

export interface VolunteerFixtures {
  /** Station unit id by division code. */
  stationOf(divisionCode: string): number;
  /** The first community (its station's staff is `station`) and one elsewhere (`station.other`'s). */
  community: string;
  otherCommunity: string;
  /** Usernames (mobile numbers) of a resident who is no volunteer, and of a volunteer who is a plain member of `teamId`. */
  resident: string;
  volunteer: string;
  volunteerId: number;
  /** A volunteer of the other community. */
  otherVolunteerId: number;
  /** The team's leader (their user id and mobile number). */
  leaderId: number;
  leader: string;
  teamName: string;
  /** A team of the first community's station, led by another volunteer; `volunteer` is a member. */
  teamId: number;
  /** A fresh mobile number and ID number. */
  person(): { phone: string; idNumber: string };
  /** A registration body for a fresh person of the first community. */
  registration(): { phone: string; idNumber: string; password: string; realName: string; communityCode: string };
  /** A fresh resident (no volunteer yet): their session token. */
  freshResident(): Promise<string>;
  /** An imported account not yet claimed: its mobile and ID numbers (each call another one). */
  claimable(): { phone: string; idNumber: string };
  /** A roster (.xlsx, base64) of one fresh person. */
  rosterFile(): Promise<string>;
}

export async function volunteerFixtures(h: Harness, opts: { claimable?: number; prefix?: string } = {}): Promise<VolunteerFixtures> {
  await seedDemoVolunteers(h.ctx);
  h.ctx.reference.invalidate();
  const ref = await h.ctx.reference.get();
  const stations = new Map(ref.units.filter((u) => u.unitType === 'station').map((u) => [u.divisionCode!, u.id]));
  const stationOf = (c: string) => stations.get(c)!;
  const communities = [...ref.divisionByCode.values()]
    .filter((d) => d.level === 'community')
    .map((d) => d.code)
    .sort();
  const community = communities[0]!;
  const otherCommunity = communities[40]!;
  const prefix = opts.prefix ?? '135';
  let serial = 0;
  const person = () => {
    serial++;
    return { phone: `${prefix}${String(serial).padStart(8, '0')}`, idNumber: testIdNumber(Number(prefix) * 10_000 + serial) };
  };
  const registration = () => ({ ...person(), password: PASSWORD, realName: '测试居民', communityCode: community });
  const must = async (r: Promise<{ status: number; text: string; body: any }>) => {
    const x = await r;
    if (x.status >= 300) throw new Error(`volunteer fixture: ${x.status} ${x.text}`);
    return x.body;
  };
  const as = async (username: string) => (await login(h.ctx, username, PASSWORD)).token;
  const register = async (communityCode = community) => {
    const body = { ...registration(), communityCode };
    const r = await must(send(h, { method: 'POST', url: '/api/residents', payload: body }));
    return { phone: body.phone, userId: r.userId as number };
  };
  const makeVolunteer = async (communityCode = community) => {
    const r = await register(communityCode);
    await must(
      send(h, {
        method: 'POST',
        url: '/api/volunteers/me',
        token: await as(r.phone),
        payload: { skills: ['elderly_care'], areas: [], availability: [], consentPublicName: false },
      }),
    );
    return r;
  };
  const resident = await register();
  const leader = await makeVolunteer();
  const volunteer = await makeVolunteer();
  const other = await makeVolunteer(otherCommunity);
  const team = await must(
    send(h, {
      method: 'POST',
      url: '/api/teams',
      token: await as('station'),
      payload: {
        name: `${prefix} 测试服务队`,
        stationId: stationOf(community),
        skills: [],
        areas: [],
        leaderUserId: leader.userId,
        memberUserIds: [volunteer.userId],
      },
    }),
  );
  // A staff account of another station.
  const existing = await send(h, { method: 'POST', url: '/api/auth/login', payload: { username: 'station.other', password: PASSWORD } });
  if (existing.status !== 200)
    await must(
      send(h, {
        method: 'POST',
        url: '/api/admin/users',
        token: await as('admin'),
        payload: { username: 'station.other', displayName: '另一实践站站长', unitId: stationOf(otherCommunity), roles: ['unit_handler'], password: PASSWORD },
      }),
    );
  const workbook = async (rows: string[][]) => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('花名册').addRows([['姓名', '手机号', '身份证号', '社区编码'], ...rows]);
    return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
  };
  const claimables = Array.from({ length: opts.claimable ?? 0 }, () => person());
  if (claimables.length > 0) {
    const report = await must(
      send(h, {
        method: 'POST',
        url: '/api/volunteers/import',
        token: await as('station'),
        payload: { stationId: stationOf(community), fileBase64: await workbook(claimables.map((p) => ['待认领', p.phone, p.idNumber, community])) },
      }),
    );
    if (!report.committed) throw new Error(`volunteer fixture roster: ${JSON.stringify(report.problems)}`);
  }
  return {
    stationOf,
    community,
    otherCommunity,
    resident: resident.phone,
    volunteer: volunteer.phone,
    volunteerId: volunteer.userId,
    otherVolunteerId: other.userId,
    leaderId: leader.userId,
    leader: leader.phone,
    teamName: team.name as string,
    teamId: team.id as number,
    person,
    registration,
    freshResident: async () => as((await register()).phone),
    claimable: () => {
      const next = claimables.shift();
      if (next === undefined) throw new Error('volunteer fixture: no claimable account left (raise opts.claimable)');
      return next;
    },
    rosterFile: async () => {
      const p = person();
      return workbook([['新队员', p.phone, p.idNumber, community]]);
    },
  };
}
