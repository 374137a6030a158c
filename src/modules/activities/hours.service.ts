/**
 * 志愿服务时长: what the records add up to — a volunteer's hours by month and year, a volunteer's
 * service record for staff, the leaderboards, the certificate (志愿服务时长证明, a PDF) and the feed of
 * records the points bank reads.
 */
import type { Principal } from '../../engine/auth.ts';
import type { AppContext } from '../../engine/context.ts';
import { authorize } from '../../engine/policy.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { dashboardDb } from '../../platform/db/read-database.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import { periodDates } from '../../engine/domain/calendar/local-time.ts';
import { maskName } from '../../engine/domain/shared/masking.ts';
import { districtTeamMemberships, rankTeams, volunteerPublicNames } from '../volunteers/index.ts';
import { hoursOf } from './activities.domain.ts';

/** The dates of a month or year the route's schema has already checked. */
function periodOf(p: string): { from: string; to: string } {
  const range = periodDates(p);
  if (range === undefined) throw invalid(`Not a month YYYY-MM or a year YYYY: ${p}`);
  return range;
}
import { ACTIVITIES_POLICY } from './activities.policy.ts';
import {
  findUserBrief,
  hourRecordsAfter,
  leaderboardRows,
  minutesByVolunteer,
  organiserBoardRows,
  userHourRecords,
  type HourRecordRow,
  type UserHourRecord,
} from './activities.repository.ts';
import { renderCertificate } from './certificate.ts';

const RULES = ACTIVITIES_POLICY.rules;

export type { UserHourRecord };

export interface HoursSummary {
  year: string;
  totalMinutes: number;
  /** Minutes per month `YYYY-MM` of the year (months without service are absent). */
  byMonth: Record<string, number>;
  records: UserHourRecord[];
}

async function summary(ctx: AppContext, userId: number, year: string): Promise<HoursSummary> {
  const { from, to } = periodOf(year);
  const records = await userHourRecords(ctx.database.db, ctx.districtCode, userId, from, to);
  const byMonth: Record<string, number> = {};
  for (const r of records) byMonth[r.servedOn.slice(0, 7)] = (byMonth[r.servedOn.slice(0, 7)] ?? 0) + r.minutes;
  return { year, totalMinutes: records.reduce((n, r) => n + r.minutes, 0), byMonth, records };
}

/** The volunteer's own hours of a year, by month, with every record. */
export async function myHours(ctx: AppContext, p: Principal, year: string): Promise<HoursSummary> {
  authorize(p, RULES.volunteer);
  return summary(ctx, p.userId, year);
}

/** A volunteer's service record of a year, for staff. */
export async function serviceRecord(ctx: AppContext, p: Principal, userId: number, year: string): Promise<HoursSummary & { displayName: string }> {
  authorize(p, RULES.serviceRecords);
  const user = await findUserBrief(ctx.database.db, userId);
  const ref = await ctx.reference.get();
  if (user === undefined || !user.roles.includes('volunteer') || ref.unitById.get(user.unitId) === undefined) throw notFound('Volunteer', userId);
  return { ...(await summary(ctx, userId, year)), displayName: user.displayName };
}

export interface Leaderboard {
  period: string;
  volunteers: { rank: number; name: string; hours: number; sessions: number; you: boolean }[];
  organisers: { rank: number; unitId: number; name: string; hours: number; volunteers: number }[];
}

/**
 * Volunteers and organising units by hours served in a month (`YYYY-MM`) or a year (`YYYY`). A
 * volunteer's name is shown as the volunteers module says (`volunteerPublicNames`: in clear with their
 * consent, masked otherwise; masked too for an account without a volunteer profile); the asking
 * volunteer's own row is marked `you`.
 */
export async function leaderboard(ctx: AppContext, p: Principal, period: string, limit = 50): Promise<Leaderboard> {
  authorize(p, RULES.leaderboard);
  const { from, to } = periodOf(period);
  const db = await dashboardDb(ctx);
  const [vols, orgs] = [await leaderboardRows(db, ctx.districtCode, from, to, limit), await organiserBoardRows(db, ctx.districtCode, from, to, limit)];
  const names = await volunteerPublicNames(
    ctx,
    vols.map((v) => v.userId),
  );
  return {
    period,
    volunteers: vols.map((v, i) => ({
      rank: i + 1,
      name: names.get(v.userId) ?? maskName(v.displayName),
      hours: hoursOf(v.minutes),
      sessions: v.sessions,
      you: v.userId === p.userId,
    })),
    organisers: orgs.map((o, i) => ({ rank: i + 1, unitId: o.unitId, name: o.name, hours: hoursOf(o.minutes), volunteers: o.volunteers })),
  };
}

export interface TeamBoardRow {
  rank: number;
  teamId: number;
  name: string;
  stationName: string;
  hours: number;
  /** Members now. */
  members: number;
  /** Members with hours in the period. */
  activeMembers: number;
  /** The asking volunteer is a member. */
  yours: boolean;
}

/**
 * Teams (not dissolved) by their members' hours in a month or a year: the hours of every current
 * member count in full for each team they belong to (`rankTeams`; docs/VOLUNTEERS.md, "Leaderboards").
 */
export async function teamLeaderboard(ctx: AppContext, p: Principal, period: string, limit = 50): Promise<{ period: string; teams: TeamBoardRow[] }> {
  authorize(p, RULES.leaderboard);
  const { from, to } = periodOf(period);
  const db = await dashboardDb(ctx);
  const byMember = new Map((await minutesByVolunteer(db, ctx.districtCode, from, to)).map((r) => [r.userId, r.minutes]));
  const ref = await ctx.reference.get();
  const ranked = rankTeams(await districtTeamMemberships(ctx), byMember, limit);
  return {
    period,
    teams: ranked.map((t) => ({
      rank: t.rank,
      teamId: t.team.teamId,
      name: t.team.name,
      stationName: ref.unitById.get(t.team.stationUnitId)?.name ?? '',
      hours: hoursOf(t.total),
      members: t.team.memberIds.length,
      activeMembers: t.contributors,
      yours: t.team.memberIds.includes(p.userId),
    })),
  };
}

/** The volunteer's certificate of service hours for a year, as a PDF. */
export async function myCertificate(ctx: AppContext, p: Principal, year: string): Promise<Buffer> {
  authorize(p, RULES.volunteer);
  const s = await summary(ctx, p.userId, year);
  const ref = await ctx.reference.get();
  const district = ref.divisionByCode.get(ctx.districtCode)?.name ?? ctx.districtCode;
  return renderCertificate({
    name: p.displayName,
    year,
    totalMinutes: s.totalMinutes,
    records: s.records,
    issuer: `${district}新时代文明实践中心`,
    issuedOn: ctx.clock(),
    number: `ZYSC-${ctx.districtCode}-${year}-${String(p.userId).padStart(6, '0')}`,
  });
}

/**
 * Hour records with an id above `afterId`, in order: the points bank (or any reader that keeps its
 * own cursor) reads the confirmed hours here. Each record is a source of points once (its id).
 */
export const hourRecordsSince = (db: DbOrTx, districtCode: string, afterId: number, limit = 500): Promise<HourRecordRow[]> =>
  hourRecordsAfter(db, districtCode, afterId, limit);
