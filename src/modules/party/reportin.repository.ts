/** 双报到's SQL: report-ins, needs and claims, resources, attendance, evaluations and the monthly figures. */
import { and, asc, desc, eq, inArray, isNull, like, ne, notExists, or, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../platform/db/client.ts';
import { partyMembers, partyOrganisations } from './party.table.ts';
import type { ClaimState, NeedState } from './reportin.domain.ts';
import { partyAttendance, partyClaims, partyEvaluations, partyNeeds, partyReportIns, partyResources } from './reportin.table.ts';

export type ReportInRow = typeof partyReportIns.$inferSelect;
export type NeedRow = typeof partyNeeds.$inferSelect;
export type ClaimRow = typeof partyClaims.$inferSelect;
export type ResourceRow = typeof partyResources.$inferSelect;
export type AttendanceRow = typeof partyAttendance.$inferSelect;
export type EvaluationRow = typeof partyEvaluations.$inferSelect;
type MemberRow = typeof partyMembers.$inferSelect;
type OrganisationRow = typeof partyOrganisations.$inferSelect;

/** Who: a member or an organisation. */
export type Subject = { memberId: number } | { organisationId: number };
const subjectWhere = (t: { memberId: typeof partyReportIns.memberId; organisationId: typeof partyReportIns.organisationId }, s: Subject): SQL =>
  'memberId' in s ? eq(t.memberId, s.memberId) : eq(t.organisationId, s.organisationId);

// ---------------------------------------------------------------------------------------------
// Report-ins

export async function findReportIn(db: DbOrTx, districtCode: string, id: number): Promise<ReportInRow | undefined> {
  return (
    await db
      .select()
      .from(partyReportIns)
      .where(and(eq(partyReportIns.districtCode, districtCode), eq(partyReportIns.id, id)))
  )[0];
}

/** The subject's report-ins in any community, active first. */
export async function reportInsOf(db: DbOrTx, districtCode: string, s: Subject): Promise<ReportInRow[]> {
  return db
    .select()
    .from(partyReportIns)
    .where(and(eq(partyReportIns.districtCode, districtCode), subjectWhere(partyReportIns, s)))
    .orderBy(asc(partyReportIns.status), desc(partyReportIns.updatedAt));
}

/** Inserts the report-in or reactivates the subject's row of that community (one row per community and subject). */
export async function upsertReportIn(
  db: DbOrTx,
  row: { districtCode: string; communityCode: string; reportedOn: string; registeredByUserId: number; at: Date } & Subject,
): Promise<ReportInRow> {
  const { at, ...rest } = row;
  const values = { ...rest, status: 'active' as const, createdAt: at, updatedAt: at };
  const set = {
    status: 'active' as const,
    reportedOn: row.reportedOn,
    registeredByUserId: row.registeredByUserId,
    withdrawnAt: null,
    withdrawReason: null,
    updatedAt: at,
  };
  const [out] =
    'memberId' in row
      ? await db
          .insert(partyReportIns)
          .values(values)
          .onConflictDoUpdate({
            target: [partyReportIns.districtCode, partyReportIns.communityCode, partyReportIns.memberId],
            targetWhere: sql`member_id is not null`,
            set,
          })
          .returning()
      : await db
          .insert(partyReportIns)
          .values(values)
          .onConflictDoUpdate({
            target: [partyReportIns.districtCode, partyReportIns.communityCode, partyReportIns.organisationId],
            targetWhere: sql`organisation_id is not null`,
            set,
          })
          .returning();
  return out!;
}

export async function withdrawReportIn(db: DbOrTx, id: number, reason: string, at: Date): Promise<ReportInRow> {
  const [out] = await db
    .update(partyReportIns)
    .set({ status: 'withdrawn', withdrawnAt: at, withdrawReason: reason, updatedAt: at })
    .where(eq(partyReportIns.id, id))
    .returning();
  return out!;
}

/** Withdraws the subject's active report-ins in other communities (a member reports in to one community at a time). */
export async function withdrawElsewhere(db: DbOrTx, districtCode: string, s: Subject, communityCode: string, at: Date): Promise<void> {
  await db
    .update(partyReportIns)
    .set({ status: 'withdrawn', withdrawnAt: at, withdrawReason: '报到到新的社区 / reported in to another community', updatedAt: at })
    .where(
      and(
        eq(partyReportIns.districtCode, districtCode),
        subjectWhere(partyReportIns, s),
        eq(partyReportIns.status, 'active'),
        ne(partyReportIns.communityCode, communityCode),
      ),
    );
}

/** The community's report-ins (active, or all), with the member or organisation row. */
export async function reportInsOfCommunity(
  db: DbOrTx,
  districtCode: string,
  communityCode: string,
  includeWithdrawn: boolean,
): Promise<{ r: ReportInRow; member: MemberRow | null; organisation: OrganisationRow | null }[]> {
  const rows = await db
    .select({ r: partyReportIns, member: partyMembers, organisation: partyOrganisations })
    .from(partyReportIns)
    .leftJoin(partyMembers, eq(partyMembers.id, partyReportIns.memberId))
    .leftJoin(partyOrganisations, eq(partyOrganisations.id, partyReportIns.organisationId))
    .where(
      and(
        eq(partyReportIns.districtCode, districtCode),
        eq(partyReportIns.communityCode, communityCode),
        includeWithdrawn ? undefined : eq(partyReportIns.status, 'active'),
      ),
    )
    .orderBy(asc(partyReportIns.status), asc(partyReportIns.id));
  return rows;
}

/** Whether the subject is actively reported in to the community. */
export async function isReported(db: DbOrTx, districtCode: string, communityCode: string, s: Subject): Promise<boolean> {
  const rows = await db
    .select({ id: partyReportIns.id })
    .from(partyReportIns)
    .where(
      and(
        eq(partyReportIns.districtCode, districtCode),
        eq(partyReportIns.communityCode, communityCode),
        subjectWhere(partyReportIns, s),
        eq(partyReportIns.status, 'active'),
      ),
    );
  return rows.length > 0;
}

/** Whether the member is actively reported in to a community whose code starts with `prefix` (for a community worker's reveal). */
export async function memberReportedWithin(db: DbOrTx, districtCode: string, memberId: number, prefix: string): Promise<boolean> {
  const rows = await db
    .select({ id: partyReportIns.id })
    .from(partyReportIns)
    .where(
      and(
        eq(partyReportIns.districtCode, districtCode),
        eq(partyReportIns.memberId, memberId),
        eq(partyReportIns.status, 'active'),
        like(partyReportIns.communityCode, `${prefix}%`),
      ),
    );
  return rows.length > 0;
}

/** Members living in the community and active organisations paired with it that are not (actively) reported in there: whom the community may register. */
export async function candidatesOf(
  db: DbOrTx,
  districtCode: string,
  communityCode: string,
): Promise<{ members: MemberRow[]; organisations: OrganisationRow[] }> {
  const r = partyReportIns;
  const members = await db
    .select()
    .from(partyMembers)
    .where(
      and(
        eq(partyMembers.districtCode, districtCode),
        eq(partyMembers.homeCommunityCode, communityCode),
        isNull(partyMembers.leftAt),
        notExists(
          db
            .select({ one: sql`1` })
            .from(r)
            .where(and(eq(r.memberId, partyMembers.id), eq(r.communityCode, communityCode), eq(r.status, 'active'))),
        ),
      ),
    )
    .orderBy(desc(partyMembers.inService), asc(partyMembers.id))
    .limit(500);
  const organisations = await db
    .select()
    .from(partyOrganisations)
    .where(
      and(
        eq(partyOrganisations.districtCode, districtCode),
        eq(partyOrganisations.pairedCommunityCode, communityCode),
        isNull(partyOrganisations.retiredAt),
        notExists(
          db
            .select({ one: sql`1` })
            .from(r)
            .where(and(eq(r.organisationId, partyOrganisations.id), eq(r.communityCode, communityCode), eq(r.status, 'active'))),
        ),
      ),
    )
    .orderBy(asc(partyOrganisations.code));
  return { members, organisations };
}

// ---------------------------------------------------------------------------------------------
// Needs and claims

export async function insertNeed(db: DbOrTx, row: Omit<typeof partyNeeds.$inferInsert, 'id'>): Promise<NeedRow> {
  const [out] = await db.insert(partyNeeds).values(row).returning();
  return out!;
}

export async function findNeed(db: DbOrTx, districtCode: string, id: number, lock = false): Promise<NeedRow | undefined> {
  const q = db
    .select()
    .from(partyNeeds)
    .where(and(eq(partyNeeds.districtCode, districtCode), eq(partyNeeds.id, id)));
  return (await (lock ? q.for('update') : q))[0];
}

export async function updateNeed(
  db: DbOrTx,
  id: number,
  set: Partial<Pick<NeedRow, 'state' | 'claimedCount' | 'peopleWanted' | 'withdrawnAt' | 'withdrawReason'>>,
): Promise<NeedRow> {
  const [out] = await db.update(partyNeeds).set(set).where(eq(partyNeeds.id, id)).returning();
  return out!;
}

export async function claimsOfNeeds(db: DbOrTx, districtCode: string, needIds: readonly number[]): Promise<ClaimRow[]> {
  if (needIds.length === 0) return [];
  return db
    .select()
    .from(partyClaims)
    .where(and(eq(partyClaims.districtCode, districtCode), inArray(partyClaims.needId, [...new Set(needIds)])))
    .orderBy(asc(partyClaims.id));
}

/** A community's needs, newest date first; `states` narrows them. */
export async function needsOfCommunity(
  db: DbOrTx,
  districtCode: string,
  communityCode: string,
  opts: { states?: readonly NeedState[]; from?: string; limit?: number },
): Promise<NeedRow[]> {
  return db
    .select()
    .from(partyNeeds)
    .where(
      and(
        eq(partyNeeds.districtCode, districtCode),
        eq(partyNeeds.communityCode, communityCode),
        opts.states === undefined ? undefined : inArray(partyNeeds.state, [...opts.states]),
        opts.from === undefined ? undefined : sql`${partyNeeds.neededOn} >= ${opts.from}`,
      ),
    )
    .orderBy(desc(partyNeeds.neededOn), desc(partyNeeds.id))
    .limit(opts.limit ?? 200);
}

export async function insertClaim(db: DbOrTx, row: Omit<typeof partyClaims.$inferInsert, 'id'>): Promise<ClaimRow> {
  const [out] = await db.insert(partyClaims).values(row).returning();
  return out!;
}

export async function findClaim(db: DbOrTx, districtCode: string, id: number, lock = false): Promise<ClaimRow | undefined> {
  const q = db
    .select()
    .from(partyClaims)
    .where(and(eq(partyClaims.districtCode, districtCode), eq(partyClaims.id, id)));
  return (await (lock ? q.for('update') : q))[0];
}

export async function updateClaim(db: DbOrTx, id: number, set: Partial<Omit<ClaimRow, 'id' | 'districtCode' | 'needId'>>): Promise<ClaimRow> {
  const [out] = await db.update(partyClaims).set(set).where(eq(partyClaims.id, id)).returning();
  return out!;
}

/** Cancels the still-unrecorded claims of a need (when it is withdrawn). */
export async function cancelOpenClaims(db: DbOrTx, needId: number, at: Date): Promise<void> {
  await db
    .update(partyClaims)
    .set({ state: 'cancelled', cancelledAt: at })
    .where(and(eq(partyClaims.needId, needId), eq(partyClaims.state, 'claimed')));
}

/** The claims of members or organisations (theirs: a member's own, or their organisation's), newest first, with their needs. */
export async function claimsOfSubjects(
  db: DbOrTx,
  districtCode: string,
  memberId: number | null,
  organisationId: number | null,
  limit = 100,
): Promise<{ claim: ClaimRow; need: NeedRow }[]> {
  const who = or(
    memberId === null ? undefined : eq(partyClaims.memberId, memberId),
    organisationId === null ? undefined : eq(partyClaims.organisationId, organisationId),
  );
  if (who === undefined) return [];
  return db
    .select({ claim: partyClaims, need: partyNeeds })
    .from(partyClaims)
    .innerJoin(partyNeeds, eq(partyNeeds.id, partyClaims.needId))
    .where(and(eq(partyClaims.districtCode, districtCode), who))
    .orderBy(desc(partyClaims.id))
    .limit(limit);
}

// ---------------------------------------------------------------------------------------------
// Resources

export async function insertResource(db: DbOrTx, row: Omit<typeof partyResources.$inferInsert, 'id'>): Promise<ResourceRow> {
  const [out] = await db.insert(partyResources).values(row).returning();
  return out!;
}

export async function resourcesOfCommunity(
  db: DbOrTx,
  districtCode: string,
  communityCode: string,
): Promise<{ r: ResourceRow; organisation: OrganisationRow | null }[]> {
  return db
    .select({ r: partyResources, organisation: partyOrganisations })
    .from(partyResources)
    .leftJoin(partyOrganisations, eq(partyOrganisations.id, partyResources.organisationId))
    .where(and(eq(partyResources.districtCode, districtCode), eq(partyResources.communityCode, communityCode), isNull(partyResources.withdrawnAt)))
    .orderBy(desc(partyResources.id));
}

// ---------------------------------------------------------------------------------------------
// Attendance

export async function attendanceOf(db: DbOrTx, districtCode: string, communityCode: string, day: string): Promise<AttendanceRow[]> {
  return db
    .select()
    .from(partyAttendance)
    .where(and(eq(partyAttendance.districtCode, districtCode), eq(partyAttendance.communityCode, communityCode), eq(partyAttendance.day, day)));
}

/** Replaces the community's attendance of one day. */
export async function replaceAttendance(
  db: DbOrTx,
  districtCode: string,
  communityCode: string,
  day: string,
  rows: Omit<typeof partyAttendance.$inferInsert, 'id'>[],
): Promise<void> {
  await db
    .delete(partyAttendance)
    .where(and(eq(partyAttendance.districtCode, districtCode), eq(partyAttendance.communityCode, communityCode), eq(partyAttendance.day, day)));
  for (let i = 0; i < rows.length; i += 1000) await db.insert(partyAttendance).values(rows.slice(i, i + 1000));
}

/** Days with attendance recorded in the community since `from`, with how many were present of how many. */
export async function attendanceDays(
  db: DbOrTx,
  districtCode: string,
  communityCode: string,
  from: string,
): Promise<{ day: string; present: number; total: number }[]> {
  return db
    .select({
      day: partyAttendance.day,
      present: sql<number>`count(*) filter (where ${partyAttendance.present})::int`,
      total: sql<number>`count(*)::int`,
    })
    .from(partyAttendance)
    .where(and(eq(partyAttendance.districtCode, districtCode), eq(partyAttendance.communityCode, communityCode), sql`${partyAttendance.day} >= ${from}`))
    .groupBy(partyAttendance.day)
    .orderBy(desc(partyAttendance.day));
}

// ---------------------------------------------------------------------------------------------
// Evaluations

export async function findEvaluation(db: DbOrTx, districtCode: string, communityCode: string, year: number, s: Subject): Promise<EvaluationRow | undefined> {
  return (
    await db
      .select()
      .from(partyEvaluations)
      .where(
        and(
          eq(partyEvaluations.districtCode, districtCode),
          eq(partyEvaluations.communityCode, communityCode),
          eq(partyEvaluations.year, year),
          'memberId' in s ? eq(partyEvaluations.memberId, s.memberId) : eq(partyEvaluations.organisationId, s.organisationId),
        ),
      )
      .for('update')
  )[0];
}

export async function insertEvaluation(db: DbOrTx, row: Omit<typeof partyEvaluations.$inferInsert, 'id'>): Promise<EvaluationRow> {
  const [out] = await db.insert(partyEvaluations).values(row).returning();
  return out!;
}

export async function updateEvaluation(
  db: DbOrTx,
  id: number,
  set: Pick<EvaluationRow, 'grade' | 'comment' | 'evaluatedByUserId' | 'evaluatedAt'>,
): Promise<EvaluationRow> {
  const [out] = await db.update(partyEvaluations).set(set).where(eq(partyEvaluations.id, id)).returning();
  return out!;
}

/**
 * Evaluations of a year by any of: the communities under `communityPrefix` (the evaluator's side), the
 * branches `branchIds`, the branches whose division starts with `branchPrefix` ('' = every branch, null =
 * none), the member `memberId`. At most 2,000.
 */
export async function evaluationsWhere(
  db: DbOrTx,
  districtCode: string,
  year: number,
  by: { communityPrefix?: string; branchIds?: readonly number[]; branchPrefix?: string | null; memberId?: number },
): Promise<{ e: EvaluationRow; member: MemberRow | null; organisation: OrganisationRow | null; branch: OrganisationRow | null }[]> {
  const branch = sql`(select division_code from party_organisations b where b.id = ${partyEvaluations.branchId})`;
  const any = or(
    by.communityPrefix === undefined ? undefined : like(partyEvaluations.communityCode, `${by.communityPrefix}%`),
    by.branchIds === undefined || by.branchIds.length === 0 ? undefined : inArray(partyEvaluations.branchId, [...by.branchIds]),
    by.branchPrefix === undefined || by.branchPrefix === null ? undefined : by.branchPrefix === '' ? sql`true` : sql`${branch} like ${`${by.branchPrefix}%`}`,
    by.memberId === undefined ? undefined : eq(partyEvaluations.memberId, by.memberId),
  );
  if (any === undefined) return [];
  const rows = await db
    .select({ e: partyEvaluations, member: partyMembers, organisation: partyOrganisations })
    .from(partyEvaluations)
    .leftJoin(partyMembers, eq(partyMembers.id, partyEvaluations.memberId))
    .leftJoin(partyOrganisations, eq(partyOrganisations.id, partyEvaluations.organisationId))
    .where(and(eq(partyEvaluations.districtCode, districtCode), eq(partyEvaluations.year, year), any))
    .orderBy(asc(partyEvaluations.communityCode), asc(partyEvaluations.id))
    .limit(2000);
  const branchIds = [...new Set(rows.map((r) => r.e.branchId))];
  const branches = branchIds.length === 0 ? [] : await db.select().from(partyOrganisations).where(inArray(partyOrganisations.id, branchIds));
  const byId = new Map(branches.map((b) => [b.id, b]));
  return rows.map((r) => ({ ...r, branch: byId.get(r.e.branchId) ?? null }));
}

// ---------------------------------------------------------------------------------------------
// Figures

export interface CommunityFigures {
  communityCode: string;
  reportedMembers: number;
  reportedOrganisations: number;
  activeMembers: number;
  activeOrganisations: number;
  needsOpen: number;
  needsUnclaimed: number;
  needsClaimed: number;
  needsDone: number;
  needsConfirmed: number;
  needsWithdrawn: number;
  claims: number;
  serviceMinutes: number;
}

/**
 * The month's figures per community under `prefix` (a street's 9 digits, a community's 12, or the district's 6):
 * report-ins active now, members and organisations with a service recorded (done or confirmed) on a day
 * of the month, the month's needs (by the date wanted) by state, the claims on them and the minutes served.
 * Three grouped scans on (district, community|date) indexes, joined by community.
 */
export async function monthFigures(db: DbOrTx, districtCode: string, prefix: string, from: string, to: string): Promise<CommunityFigures[]> {
  const p = `${prefix}%`;
  const rows = await queryRows<Record<string, string | number>>(
    db,
    sql`
    with r as (
      select community_code,
             count(*) filter (where member_id is not null) as reported_members,
             count(*) filter (where organisation_id is not null) as reported_organisations
        from party_report_ins
       where district_code = ${districtCode} and status = 'active' and community_code like ${p}
       group by community_code),
    a as (
      select community_code,
             count(distinct member_id) as active_members,
             count(distinct organisation_id) as active_organisations,
             coalesce(sum(minutes), 0) as service_minutes
        from party_claims
       where district_code = ${districtCode} and served_on >= ${from} and served_on < ${to}
         and state in ('done', 'confirmed') and community_code like ${p}
       group by community_code),
    n as (
      select community_code,
             count(*) filter (where state = 'open') as needs_open,
             count(*) filter (where state = 'open' and claimed_count = 0) as needs_unclaimed,
             count(*) filter (where state = 'claimed') as needs_claimed,
             count(*) filter (where state = 'done') as needs_done,
             count(*) filter (where state = 'confirmed') as needs_confirmed,
             count(*) filter (where state = 'withdrawn') as needs_withdrawn,
             coalesce(sum(claimed_count), 0) as claims
        from party_needs
       where district_code = ${districtCode} and needed_on >= ${from} and needed_on < ${to} and community_code like ${p}
       group by community_code)
    select coalesce(r.community_code, a.community_code, n.community_code) as community_code,
           coalesce(reported_members, 0) as reported_members, coalesce(reported_organisations, 0) as reported_organisations,
           coalesce(active_members, 0) as active_members, coalesce(active_organisations, 0) as active_organisations,
           coalesce(service_minutes, 0) as service_minutes,
           coalesce(needs_open, 0) as needs_open, coalesce(needs_unclaimed, 0) as needs_unclaimed, coalesce(needs_claimed, 0) as needs_claimed,
           coalesce(needs_done, 0) as needs_done, coalesce(needs_confirmed, 0) as needs_confirmed, coalesce(needs_withdrawn, 0) as needs_withdrawn,
           coalesce(claims, 0) as claims
      from r full join a on a.community_code = r.community_code
             full join n on n.community_code = coalesce(r.community_code, a.community_code)`,
  );
  const num = (v: string | number | undefined) => Number(v ?? 0);
  return rows.map((r) => ({
    communityCode: String(r.community_code),
    reportedMembers: num(r.reported_members),
    reportedOrganisations: num(r.reported_organisations),
    activeMembers: num(r.active_members),
    activeOrganisations: num(r.active_organisations),
    needsOpen: num(r.needs_open),
    needsUnclaimed: num(r.needs_unclaimed),
    needsClaimed: num(r.needs_claimed),
    needsDone: num(r.needs_done),
    needsConfirmed: num(r.needs_confirmed),
    needsWithdrawn: num(r.needs_withdrawn),
    claims: num(r.claims),
    serviceMinutes: num(r.service_minutes),
  }));
}

/** Open needs of the month under `prefix` with room left, the unclaimed (no claim at all) first, then by date. */
export async function openNeedsWhere(
  db: DbOrTx,
  districtCode: string,
  prefix: string,
  from: string,
  to: string,
  limit: number,
): Promise<{ rows: NeedRow[]; total: number }> {
  const where = and(
    eq(partyNeeds.districtCode, districtCode),
    eq(partyNeeds.state, 'open'),
    like(partyNeeds.communityCode, `${prefix}%`),
    sql`${partyNeeds.neededOn} >= ${from} and ${partyNeeds.neededOn} < ${to}`,
  );
  const rows = await db.select().from(partyNeeds).where(where).orderBy(asc(partyNeeds.claimedCount), asc(partyNeeds.neededOn), asc(partyNeeds.id)).limit(limit);
  const [t] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(partyNeeds)
    .where(where);
  return { rows, total: Number(t?.n ?? 0) };
}

/** The claim states of a need (for the pure state rule). */
export const claimStates = (claims: readonly ClaimRow[]): ClaimState[] => claims.map((c) => c.state);

/** Communities where in-service members live or organisations are paired (the demo registers only there). */
export async function communitiesWithCandidates(db: DbOrTx, districtCode: string): Promise<Set<string>> {
  const rows = await queryRows<{ c: string }>(
    db,
    sql`select home_community_code as c from party_members where district_code = ${districtCode} and in_service and left_at is null and home_community_code is not null
        union select paired_community_code from party_organisations where district_code = ${districtCode} and paired_community_code is not null and retired_at is null`,
  );
  return new Set(rows.map((r) => r.c));
}

/** Minutes of 双报到 service confirmed for the active members of a branch, served in `year` (the star rating's `service_hours`). */
export async function confirmedServiceMinutes(db: DbOrTx, districtCode: string, organisationId: number, year: number): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`coalesce(sum(${partyClaims.minutes}), 0)::int` })
    .from(partyClaims)
    .innerJoin(partyMembers, eq(partyMembers.id, partyClaims.memberId))
    .where(
      and(
        eq(partyClaims.districtCode, districtCode),
        eq(partyClaims.state, 'confirmed'),
        eq(partyMembers.organisationId, organisationId),
        isNull(partyMembers.leftAt),
        sql`${partyClaims.servedOn} >= ${`${year}-01-01`}`,
        sql`${partyClaims.servedOn} <= ${`${year}-12-31`}`,
      ),
    );
  return Number(r?.n ?? 0);
}

/** Whether the district has any report-in (the demo runs once). */
export async function anyReportIn(db: DbOrTx, districtCode: string): Promise<boolean> {
  return (await db.select({ id: partyReportIns.id }).from(partyReportIns).where(eq(partyReportIns.districtCode, districtCode)).limit(1)).length > 0;
}
