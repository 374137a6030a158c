/** SQL for 党员包户: households, care links, model buildings, visits and sorting checks. */
import { and, asc, count, desc, eq, getTableColumns, gte, isNull, like, lt, or, sql } from 'drizzle-orm';
import { users } from '../../engine/reference/reference.table.ts';
import { tickets } from '../../engine/tickets.table.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { noCounts, type CareCounts, type SortingResult } from './households.domain.ts';
import { partyCareLinks, partyHouseholds, partyHouseholdVisits, partyModelBuildings, partySortingChecks } from './households.table.ts';
import { partyMembers, partyOrganisations } from './party.table.ts';

export type HouseholdRow = typeof partyHouseholds.$inferSelect;
export type VisitRow = typeof partyHouseholdVisits.$inferSelect;
export type CheckRow = typeof partySortingChecks.$inferSelect;
export type ModelBuildingRow = typeof partyModelBuildings.$inferSelect;

/** A household with its current carer and its latest visit and check. */
export interface HouseholdListRow extends HouseholdRow {
  carerMemberId: number | null;
  /** The holder's account name (their mobile number), to be shown masked. */
  holderUsername: string | null;
  lastVisitOn: string | null;
  lastCheckOn: string | null;
  lastCheckResult: SortingResult | null;
}

const h = partyHouseholds;
const link = partyCareLinks;

function householdList(db: DbOrTx) {
  const lastVisit = sql<string | null>`(select max(v.visited_on)::text from party_household_visits v where v.household_id = ${h.id})`;
  const lastCheck = sql<
    string | null
  >`(select c.checked_on::text || ' ' || c.result from party_sorting_checks c where c.household_id = ${h.id} order by c.checked_on desc limit 1)`;
  return db
    .select({ ...getTableColumns(h), carerMemberId: link.memberId, holderUsername: users.username, lastVisitOn: lastVisit, lastCheck })
    .from(h)
    .leftJoin(link, and(eq(link.householdId, h.id), isNull(link.until)))
    .leftJoin(users, eq(users.id, h.holderUserId));
}

type RawListRow = Omit<HouseholdListRow, 'lastCheckOn' | 'lastCheckResult'> & { lastCheck: string | null };
const listRow = ({ lastCheck, ...r }: RawListRow): HouseholdListRow => {
  const [on, result] = lastCheck === null ? [null, null] : (lastCheck.split(' ') as [string, SortingResult]);
  return { ...r, lastCheckOn: on, lastCheckResult: result };
};

/** The community's current households (retired ones too when asked), by building and door. */
export async function householdsOfCommunity(db: DbOrTx, districtCode: string, communityCode: string, withRetired = false): Promise<HouseholdListRow[]> {
  const rows = await householdList(db)
    .where(and(eq(h.districtCode, districtCode), eq(h.communityCode, communityCode), withRetired ? undefined : isNull(h.retiredAt)))
    .orderBy(asc(h.buildingCode), asc(h.room));
  return (rows as RawListRow[]).map(listRow);
}

/** The households a member looks after now. */
export async function householdsOfMember(db: DbOrTx, districtCode: string, memberId: number): Promise<HouseholdListRow[]> {
  const rows = await householdList(db)
    .where(and(eq(h.districtCode, districtCode), eq(link.memberId, memberId), isNull(h.retiredAt)))
    .orderBy(asc(h.buildingCode), asc(h.room));
  return (rows as RawListRow[]).map(listRow);
}

export async function findHousehold(db: DbOrTx, districtCode: string, id: number): Promise<HouseholdListRow | undefined> {
  const rows = await householdList(db).where(and(eq(h.districtCode, districtCode), eq(h.id, id)));
  return (rows as RawListRow[]).map(listRow)[0];
}

/** Locks the household's row (care links and the model flag change under it). */
export async function lockHousehold(tx: DbOrTx, id: number): Promise<void> {
  await tx.select({ id: h.id }).from(h).where(eq(h.id, id)).for('update');
}

export const insertHouseholds = (tx: DbOrTx, rows: (typeof h.$inferInsert)[]): Promise<HouseholdRow[]> => tx.insert(h).values(rows).returning();

export async function updateHousehold(tx: DbOrTx, id: number, set: Partial<typeof h.$inferInsert>): Promise<void> {
  await tx.update(h).set(set).where(eq(h.id, id));
}

/** Clears the model flag of every household of the building. */
export async function clearModelOfBuilding(tx: DbOrTx, districtCode: string, buildingId: number): Promise<void> {
  await tx
    .update(h)
    .set({ leadsBuilding: false })
    .where(and(eq(h.districtCode, districtCode), eq(h.buildingId, buildingId), eq(h.leadsBuilding, true)));
}

// ---------------------------------------------------------------------------------------------
// Care links

export async function endCurrentLink(tx: DbOrTx, householdId: number, at: Date): Promise<void> {
  await tx
    .update(link)
    .set({ until: at })
    .where(and(eq(link.householdId, householdId), isNull(link.until)));
}

export async function insertLink(tx: DbOrTx, row: typeof link.$inferInsert): Promise<void> {
  await tx.insert(link).values(row);
}

/** How many households the member looks after now. */
export async function caredCount(db: DbOrTx, districtCode: string, memberId: number): Promise<number> {
  const [r] = await db
    .select({ n: count() })
    .from(link)
    .innerJoin(h, eq(h.id, link.householdId))
    .where(and(eq(link.districtCode, districtCode), eq(link.memberId, memberId), isNull(link.until), isNull(h.retiredAt)));
  return r?.n ?? 0;
}

/** The care history of a household, newest first. */
export const linksOfHousehold = (db: DbOrTx, householdId: number) =>
  db.select().from(link).where(eq(link.householdId, householdId)).orderBy(desc(link.since), desc(link.id));

/**
 * Members who may look after the community's households: active, living there or in a branch whose
 * division is the community; with how many households each looks after now (at most 500).
 */
export async function membersForCommunity(
  db: DbOrTx,
  districtCode: string,
  communityCode: string,
): Promise<{ member: typeof partyMembers.$inferSelect; cared: number }[]> {
  const m = partyMembers;
  const cared = sql<number>`(select count(*)::int from party_care_links l join party_households hh on hh.id = l.household_id where l.member_id = ${m.id} and l.until is null and hh.retired_at is null)`;
  const rows = await db
    .select({ member: m, cared })
    .from(m)
    .innerJoin(partyOrganisations, eq(partyOrganisations.id, m.organisationId))
    .where(
      and(eq(m.districtCode, districtCode), isNull(m.leftAt), or(eq(m.homeCommunityCode, communityCode), eq(partyOrganisations.divisionCode, communityCode))),
    )
    .orderBy(asc(m.id))
    .limit(500);
  return rows.map((r) => ({ member: r.member, cared: Number(r.cared) }));
}

// ---------------------------------------------------------------------------------------------
// Model buildings

export const modelBuildingsOf = (db: DbOrTx, districtCode: string, communityCode: string): Promise<ModelBuildingRow[]> =>
  db
    .select()
    .from(partyModelBuildings)
    .where(and(eq(partyModelBuildings.districtCode, districtCode), eq(partyModelBuildings.communityCode, communityCode)));

export async function upsertModelBuilding(tx: DbOrTx, row: typeof partyModelBuildings.$inferInsert): Promise<void> {
  await tx
    .insert(partyModelBuildings)
    .values(row)
    .onConflictDoUpdate({ target: partyModelBuildings.buildingId, set: { area: row.area, markedByUserId: row.markedByUserId, markedAt: row.markedAt } });
}

export async function deleteModelBuilding(tx: DbOrTx, districtCode: string, buildingId: number): Promise<void> {
  await tx.delete(partyModelBuildings).where(and(eq(partyModelBuildings.districtCode, districtCode), eq(partyModelBuildings.buildingId, buildingId)));
}

// ---------------------------------------------------------------------------------------------
// Visits and checks

export async function insertVisit(tx: DbOrTx, row: typeof partyHouseholdVisits.$inferInsert): Promise<VisitRow> {
  const [r] = await tx.insert(partyHouseholdVisits).values(row).returning();
  return r!;
}

/** One visit of the district. */
export async function findVisit(db: DbOrTx, districtCode: string, id: number): Promise<VisitRow | undefined> {
  return (
    await db
      .select()
      .from(partyHouseholdVisits)
      .where(and(eq(partyHouseholdVisits.districtCode, districtCode), eq(partyHouseholdVisits.id, id)))
  )[0];
}

/** A household's visits, newest first, with the problem's ticket number and state; `only` picks one by its id or its ticket. */
export const visitsOfHousehold = (db: DbOrTx, householdId: number, limit = 100, only?: { id: number } | { ticketId: number }) =>
  db
    .select({ visit: partyHouseholdVisits, ticketNumber: tickets.number, ticketState: tickets.state })
    .from(partyHouseholdVisits)
    .leftJoin(tickets, eq(tickets.id, partyHouseholdVisits.ticketId))
    .where(
      and(
        eq(partyHouseholdVisits.householdId, householdId),
        only === undefined ? undefined : 'id' in only ? eq(partyHouseholdVisits.id, only.id) : eq(partyHouseholdVisits.ticketId, only.ticketId),
      ),
    )
    .orderBy(desc(partyHouseholdVisits.visitedOn), desc(partyHouseholdVisits.id))
    .limit(limit);

/** Inserts a check; undefined when the household has one that day already. */
export async function insertCheck(tx: DbOrTx, row: typeof partySortingChecks.$inferInsert): Promise<CheckRow | undefined> {
  const [r] = await tx.insert(partySortingChecks).values(row).onConflictDoNothing().returning();
  return r;
}

export async function setCheckPoints(tx: DbOrTx, id: number, transactionId: number, points: number): Promise<void> {
  await tx.update(partySortingChecks).set({ pointsTransactionId: transactionId, points }).where(eq(partySortingChecks.id, id));
}

export const checksOfHousehold = (db: DbOrTx, householdId: number, limit = 100): Promise<CheckRow[]> =>
  db.select().from(partySortingChecks).where(eq(partySortingChecks.householdId, householdId)).orderBy(desc(partySortingChecks.checkedOn)).limit(limit);

// ---------------------------------------------------------------------------------------------
// Figures

/**
 * Per community under `prefix` (a street's 9 digits, a community's 12, or the district's 6): the
 * households' counts and the month's visits, checks and problems. Four grouped queries, each on an index.
 */
export async function careCounts(db: DbOrTx, districtCode: string, prefix: string, from: string, to: string): Promise<Map<string, CareCounts>> {
  const out = new Map<string, CareCounts>();
  const row = (c: string): CareCounts => {
    let r = out.get(c);
    if (r === undefined) {
      r = noCounts();
      out.set(c, r);
    }
    return r;
  };
  const households = await db
    .select({
      community: h.communityCode,
      households: count(),
      cared: sql<number>`count(${link.id})::int`,
      model: sql<number>`count(*) filter (where ${h.leadsBuilding})::int`,
    })
    .from(h)
    .leftJoin(link, and(eq(link.householdId, h.id), isNull(link.until)))
    .where(and(eq(h.districtCode, districtCode), like(h.communityCode, `${prefix}%`), isNull(h.retiredAt)))
    .groupBy(h.communityCode);
  for (const r of households) Object.assign(row(r.community), { households: r.households, cared: Number(r.cared), modelHouseholds: Number(r.model) });
  const v = partyHouseholdVisits;
  const visits = await db
    .select({
      community: v.communityCode,
      visits: count(),
      households: sql<number>`count(distinct ${v.householdId})::int`,
      problems: sql<number>`count(${v.ticketId})::int`,
    })
    .from(v)
    .where(and(eq(v.districtCode, districtCode), like(v.communityCode, `${prefix}%`), gte(v.visitedOn, from), lt(v.visitedOn, to)))
    .groupBy(v.communityCode);
  for (const r of visits)
    Object.assign(row(r.community), { visitsThisMonth: r.visits, visitedThisMonth: Number(r.households), problemsThisMonth: Number(r.problems) });
  const c = partySortingChecks;
  const checks = await db
    .select({ community: c.communityCode, checks: count(), good: sql<number>`count(*) filter (where ${c.result} = 'good')::int` })
    .from(c)
    .where(and(eq(c.districtCode, districtCode), like(c.communityCode, `${prefix}%`), gte(c.checkedOn, from), lt(c.checkedOn, to)))
    .groupBy(c.communityCode);
  for (const r of checks) Object.assign(row(r.community), { checksThisMonth: r.checks, goodChecksThisMonth: Number(r.good) });
  const b = partyModelBuildings;
  const buildings = await db
    .select({ community: b.communityCode, n: count() })
    .from(b)
    .where(and(eq(b.districtCode, districtCode), like(b.communityCode, `${prefix}%`)))
    .groupBy(b.communityCode);
  for (const r of buildings) row(r.community).modelBuildings = r.n;
  return out;
}

/** Whether any household exists in the district (the demo's guard). */
export async function anyHousehold(db: DbOrTx, districtCode: string): Promise<boolean> {
  const [r] = await db.select({ id: h.id }).from(h).where(eq(h.districtCode, districtCode)).limit(1);
  return r !== undefined;
}
