/** 承诺践诺 and 先锋岗's SQL: pledges, fulfilment entries, pioneer posts, their events and the community board. */
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, ne, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.ts';
import { partyMembers, partyOrganisations } from './party.table.ts';
import type { PledgeState } from './pledges.domain.ts';
import { partyPioneerPosts, partyPledgeEvents, partyPledgeFulfilments, partyPledges } from './pledges.table.ts';

export type PledgeRow = typeof partyPledges.$inferSelect;
export type NewPledge = Omit<typeof partyPledges.$inferInsert, 'id'>;
export type FulfilmentRow = typeof partyPledgeFulfilments.$inferSelect;
export type PostRow = typeof partyPioneerPosts.$inferSelect;
export type NewPledgeEvent = Omit<typeof partyPledgeEvents.$inferInsert, 'id'>;

/** Whose pledges: a member's or an organisation's. */
export type Owner = { memberId: number } | { organisationId: number };
const ownerWhere = (o: Owner) => ('memberId' in o ? eq(partyPledges.memberId, o.memberId) : eq(partyPledges.organisationId, o.organisationId));

// ---------------------------------------------------------------------------------------------
// Pledges

export async function insertPledge(db: DbOrTx, row: NewPledge): Promise<PledgeRow> {
  return (await db.insert(partyPledges).values(row).returning())[0]!;
}

/** One pledge of the district; `lock` takes its row lock (FOR UPDATE) in the caller's transaction. */
export async function findPledge(db: DbOrTx, districtCode: string, id: number, lock = false): Promise<PledgeRow | undefined> {
  const q = db
    .select()
    .from(partyPledges)
    .where(and(eq(partyPledges.districtCode, districtCode), eq(partyPledges.id, id)));
  return (await (lock ? q.for('update') : q))[0];
}

export async function updatePledge(db: DbOrTx, id: number, set: Partial<Omit<PledgeRow, 'id' | 'districtCode'>>): Promise<PledgeRow> {
  return (await db.update(partyPledges).set(set).where(eq(partyPledges.id, id)).returning())[0]!;
}

export async function pledgesByIds(db: DbOrTx, districtCode: string, ids: readonly number[], lock = false): Promise<PledgeRow[]> {
  if (ids.length === 0) return [];
  const q = db
    .select()
    .from(partyPledges)
    .where(and(eq(partyPledges.districtCode, districtCode), inArray(partyPledges.id, [...new Set(ids)])))
    .orderBy(asc(partyPledges.id));
  return lock ? q.for('update') : q;
}

/** The same change to several pledges (a batch decision). */
export async function updatePledges(db: DbOrTx, ids: readonly number[], set: Partial<Omit<PledgeRow, 'id' | 'districtCode'>>): Promise<void> {
  if (ids.length > 0)
    await db
      .update(partyPledges)
      .set(set)
      .where(inArray(partyPledges.id, [...ids]));
}

/** The owner's pledges of a year (all years when `year` is undefined), newest year first, then in writing order. */
export async function pledgesOf(db: DbOrTx, districtCode: string, owner: Owner, year?: number): Promise<PledgeRow[]> {
  return db
    .select()
    .from(partyPledges)
    .where(and(eq(partyPledges.districtCode, districtCode), ownerWhere(owner), year === undefined ? undefined : eq(partyPledges.year, year)))
    .orderBy(desc(partyPledges.year), asc(partyPledges.id));
}

export async function countPledges(db: DbOrTx, districtCode: string, owner: Owner, year: number): Promise<number> {
  return (
    await db
      .select({ n: count() })
      .from(partyPledges)
      .where(and(eq(partyPledges.districtCode, districtCode), ownerWhere(owner), eq(partyPledges.year, year)))
  )[0]!.n;
}

/**
 * A branch's pledges of a year: its own and its members' (by the branch that reviews them). Members'
 * drafts are left out unless `withDrafts` or written by `writerUserId` (a draft is its writer's until
 * submitted); `state` filters.
 */
export async function pledgesOfBranch(
  db: DbOrTx,
  districtCode: string,
  branchId: number,
  year: number,
  opts: { withDrafts: boolean; state?: PledgeState; writerUserId?: number },
): Promise<PledgeRow[]> {
  return db
    .select()
    .from(partyPledges)
    .where(
      and(
        eq(partyPledges.districtCode, districtCode),
        eq(partyPledges.branchId, branchId),
        eq(partyPledges.year, year),
        opts.state === undefined ? undefined : eq(partyPledges.state, opts.state),
        opts.withDrafts
          ? undefined
          : or(ne(partyPledges.state, 'draft'), isNull(partyPledges.memberId), eq(partyPledges.writtenByUserId, opts.writerUserId ?? 0)),
      ),
    )
    .orderBy(asc(partyPledges.state), asc(partyPledges.id));
}

/** The approved public pledges shown on a community's board for a year, oldest first (at most `limit`). */
export async function boardPledges(db: DbOrTx, districtCode: string, communityCode: string, year: number, limit: number): Promise<PledgeRow[]> {
  return db
    .select()
    .from(partyPledges)
    .where(
      and(
        eq(partyPledges.districtCode, districtCode),
        eq(partyPledges.communityCode, communityCode),
        eq(partyPledges.year, year),
        eq(partyPledges.state, 'approved'),
        eq(partyPledges.public, true),
      ),
    )
    .orderBy(asc(partyPledges.organisationId), asc(partyPledges.id))
    .limit(limit);
}

// ---------------------------------------------------------------------------------------------
// Fulfilment entries

export async function insertFulfilment(db: DbOrTx, row: Omit<typeof partyPledgeFulfilments.$inferInsert, 'id'>): Promise<FulfilmentRow> {
  return (await db.insert(partyPledgeFulfilments).values(row).returning())[0]!;
}

/** One fulfilment entry of the district; `lock` takes its row lock (FOR UPDATE) in the caller's transaction. */
export async function findFulfilment(db: DbOrTx, districtCode: string, id: number, lock = false): Promise<FulfilmentRow | undefined> {
  const q = db
    .select()
    .from(partyPledgeFulfilments)
    .where(and(eq(partyPledgeFulfilments.districtCode, districtCode), eq(partyPledgeFulfilments.id, id)));
  return (await (lock ? q.for('update') : q))[0];
}

export async function updateFulfilment(db: DbOrTx, id: number, set: Partial<Omit<FulfilmentRow, 'id' | 'districtCode'>>): Promise<FulfilmentRow> {
  return (await db.update(partyPledgeFulfilments).set(set).where(eq(partyPledgeFulfilments.id, id)).returning())[0]!;
}

export async function fulfilmentsByIds(db: DbOrTx, districtCode: string, ids: readonly number[], lock = false): Promise<FulfilmentRow[]> {
  if (ids.length === 0) return [];
  const q = db
    .select()
    .from(partyPledgeFulfilments)
    .where(and(eq(partyPledgeFulfilments.districtCode, districtCode), inArray(partyPledgeFulfilments.id, [...new Set(ids)])))
    .orderBy(asc(partyPledgeFulfilments.id));
  return lock ? q.for('update') : q;
}

export async function updateFulfilments(db: DbOrTx, ids: readonly number[], set: Partial<Omit<FulfilmentRow, 'id' | 'districtCode'>>): Promise<void> {
  if (ids.length > 0)
    await db
      .update(partyPledgeFulfilments)
      .set(set)
      .where(inArray(partyPledgeFulfilments.id, [...ids]));
}

/** The entries of the pledges, by day. */
export async function fulfilmentsOf(db: DbOrTx, districtCode: string, pledgeIds: readonly number[]): Promise<FulfilmentRow[]> {
  if (pledgeIds.length === 0) return [];
  return db
    .select()
    .from(partyPledgeFulfilments)
    .where(and(eq(partyPledgeFulfilments.districtCode, districtCode), inArray(partyPledgeFulfilments.pledgeId, [...new Set(pledgeIds)])))
    .orderBy(asc(partyPledgeFulfilments.doneOn), asc(partyPledgeFulfilments.id));
}

/** Accepted entries and their minutes per pledge (the board's counts), in one grouped scan. */
export async function acceptedCounts(
  db: DbOrTx,
  districtCode: string,
  pledgeIds: readonly number[],
): Promise<Map<number, { accepted: number; minutes: number }>> {
  if (pledgeIds.length === 0) return new Map();
  const rows = await db
    .select({
      pledgeId: partyPledgeFulfilments.pledgeId,
      n: count(),
      minutes: sql<string>`coalesce(sum(${partyPledgeFulfilments.minutes}), 0)`,
    })
    .from(partyPledgeFulfilments)
    .where(
      and(
        eq(partyPledgeFulfilments.districtCode, districtCode),
        inArray(partyPledgeFulfilments.pledgeId, [...new Set(pledgeIds)]),
        eq(partyPledgeFulfilments.state, 'accepted'),
      ),
    )
    .groupBy(partyPledgeFulfilments.pledgeId);
  return new Map(rows.map((r) => [r.pledgeId, { accepted: Number(r.n), minutes: Number(r.minutes) }]));
}

// ---------------------------------------------------------------------------------------------
// Pioneer posts

export async function insertPost(db: DbOrTx, row: Omit<typeof partyPioneerPosts.$inferInsert, 'id'>): Promise<PostRow> {
  return (await db.insert(partyPioneerPosts).values(row).returning())[0]!;
}

/** One pioneer post of the district; `lock` takes its row lock (FOR UPDATE) in the caller's transaction. */
export async function findPost(db: DbOrTx, districtCode: string, id: number, lock = false): Promise<PostRow | undefined> {
  const q = db
    .select()
    .from(partyPioneerPosts)
    .where(and(eq(partyPioneerPosts.districtCode, districtCode), eq(partyPioneerPosts.id, id)));
  return (await (lock ? q.for('update') : q))[0];
}

export async function updatePost(db: DbOrTx, id: number, set: Partial<Omit<PostRow, 'id' | 'districtCode'>>): Promise<PostRow> {
  return (await db.update(partyPioneerPosts).set(set).where(eq(partyPioneerPosts.id, id)).returning())[0]!;
}

/** A branch's posts, newest grant first. */
export async function postsOfBranch(db: DbOrTx, districtCode: string, branchId: number): Promise<PostRow[]> {
  return db
    .select()
    .from(partyPioneerPosts)
    .where(and(eq(partyPioneerPosts.districtCode, districtCode), eq(partyPioneerPosts.branchId, branchId)))
    .orderBy(desc(partyPioneerPosts.grantedAt), desc(partyPioneerPosts.id));
}

/** A member's posts, newest grant first. */
export async function postsOfMember(db: DbOrTx, districtCode: string, memberId: number): Promise<PostRow[]> {
  return db
    .select()
    .from(partyPioneerPosts)
    .where(and(eq(partyPioneerPosts.districtCode, districtCode), eq(partyPioneerPosts.memberId, memberId)))
    .orderBy(desc(partyPioneerPosts.grantedAt), desc(partyPioneerPosts.id));
}

/** The posts of a community's board held on `day` (the period covers it, not ended by then). */
export async function postsHeldIn(db: DbOrTx, districtCode: string, communityCode: string, day: string, limit: number): Promise<PostRow[]> {
  return db
    .select()
    .from(partyPioneerPosts)
    .where(
      and(
        eq(partyPioneerPosts.districtCode, districtCode),
        eq(partyPioneerPosts.communityCode, communityCode),
        sql`${partyPioneerPosts.fromOn} <= ${day}`,
        sql`(${partyPioneerPosts.untilOn} is null or ${partyPioneerPosts.untilOn} >= ${day})`,
        sql`(${partyPioneerPosts.endedOn} is null or ${partyPioneerPosts.endedOn} > ${day})`,
      ),
    )
    .orderBy(asc(partyPioneerPosts.kind), asc(partyPioneerPosts.id))
    .limit(limit);
}

// ---------------------------------------------------------------------------------------------
// Members, events

export async function insertPledgeEvents(db: DbOrTx, rows: readonly NewPledgeEvent[]): Promise<void> {
  if (rows.length > 0) await db.insert(partyPledgeEvents).values([...rows]);
}

export async function pledgeEventsOf(
  db: DbOrTx,
  districtCode: string,
  subject: 'pledge' | 'post',
  id: number,
): Promise<(typeof partyPledgeEvents.$inferSelect)[]> {
  return db
    .select()
    .from(partyPledgeEvents)
    .where(and(eq(partyPledgeEvents.districtCode, districtCode), eq(partyPledgeEvents.subject, subject), eq(partyPledgeEvents.subjectId, id)))
    .orderBy(asc(partyPledgeEvents.at), asc(partyPledgeEvents.id));
}

// ---------------------------------------------------------------------------------------------
// The demo's picks

/** Whether the district has any pledge (the demo runs once). */
export async function anyPledge(db: DbOrTx, districtCode: string): Promise<boolean> {
  return (await db.select({ id: partyPledges.id }).from(partyPledges).where(eq(partyPledges.districtCode, districtCode)).limit(1)).length > 0;
}

/** Active members living in a community and without an account (those write their own), in id order. */
export const demoPledgeMembers = (db: DbOrTx, districtCode: string, limit: number) =>
  db
    .select({ id: partyMembers.id, organisationId: partyMembers.organisationId, userId: partyMembers.userId })
    .from(partyMembers)
    .innerJoin(partyOrganisations, eq(partyOrganisations.id, partyMembers.organisationId))
    .where(
      and(eq(partyMembers.districtCode, districtCode), isNull(partyMembers.leftAt), isNull(partyMembers.userId), isNotNull(partyMembers.homeCommunityCode)),
    )
    .orderBy(asc(partyMembers.id))
    .limit(limit);

/** Active branches, in id order. */
export const demoPledgeBranches = (db: DbOrTx, districtCode: string, limit: number) =>
  db
    .select({ id: partyOrganisations.id })
    .from(partyOrganisations)
    .where(and(eq(partyOrganisations.districtCode, districtCode), eq(partyOrganisations.level, 'branch'), isNull(partyOrganisations.retiredAt)))
    .orderBy(asc(partyOrganisations.id))
    .limit(limit);
