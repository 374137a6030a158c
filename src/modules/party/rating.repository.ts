/**
 * SQL of the star rating and the brand programme, and their reads of the organisation tree and members
 * (`party_organisations`, `party_members`, same module). Every statement names the district.
 */
import { and, asc, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.ts';
import { users } from '../../engine/reference/reference.table.ts';
import { partyMembers, partyOrganisations } from './party.table.ts';
import {
  partyBrandApplications,
  partyBrandProgrammes,
  partyBrandRoundEntries,
  partyBrandRoundExperts,
  partyBrandRounds,
  partyBrandScores,
} from './brands.table.ts';
import { partyRatingCycles, partyRatingEvents, partyRatingRuleSets, partyRatings } from './rating.table.ts';

export type RuleSetRow = typeof partyRatingRuleSets.$inferSelect;
export type CycleRow = typeof partyRatingCycles.$inferSelect;
export type RatingRow = typeof partyRatings.$inferSelect;
export type RatingEventRow = typeof partyRatingEvents.$inferSelect;
export type ProgrammeRow = typeof partyBrandProgrammes.$inferSelect;
export type ApplicationRow = typeof partyBrandApplications.$inferSelect;
export type RoundRow = typeof partyBrandRounds.$inferSelect;
export type RoundEntryRow = typeof partyBrandRoundEntries.$inferSelect;
export type ScoreRow = typeof partyBrandScores.$inferSelect;

export interface OrganisationRef {
  id: number;
  name: string;
  code: string;
  level: string;
  divisionCode: string | null;
  parentId: number | null;
  path: string;
}

const orgColumns = {
  id: partyOrganisations.id,
  name: partyOrganisations.name,
  code: partyOrganisations.code,
  level: partyOrganisations.level,
  divisionCode: partyOrganisations.divisionCode,
  parentId: partyOrganisations.parentId,
  path: partyOrganisations.path,
};

// ----- the organisation tree and members (read only)

/** The district's branches (党支部) not retired, by code. */
export const listBranches = (db: DbOrTx, d: string): Promise<OrganisationRef[]> =>
  db
    .select(orgColumns)
    .from(partyOrganisations)
    .where(and(eq(partyOrganisations.districtCode, d), eq(partyOrganisations.level, 'branch'), isNull(partyOrganisations.retiredAt)))
    .orderBy(asc(partyOrganisations.code));

export async function findOrganisation(db: DbOrTx, d: string, id: number): Promise<OrganisationRef | undefined> {
  return (
    await db
      .select(orgColumns)
      .from(partyOrganisations)
      .where(and(eq(partyOrganisations.districtCode, d), eq(partyOrganisations.id, id)))
  )[0];
}

export async function organisationsByIds(db: DbOrTx, d: string, ids: readonly number[]): Promise<Map<number, OrganisationRef>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select(orgColumns)
    .from(partyOrganisations)
    .where(and(eq(partyOrganisations.districtCode, d), inArray(partyOrganisations.id, [...new Set(ids)])));
  return new Map(rows.map((r) => [r.id, r]));
}

/** Active members (not left) of an organisation. */
export const activeMemberCount = async (db: DbOrTx, d: string, organisationId: number): Promise<number> =>
  (
    await db
      .select({ n: sql<number>`count(*)::int` })
      .from(partyMembers)
      .where(and(eq(partyMembers.districtCode, d), eq(partyMembers.organisationId, organisationId), isNull(partyMembers.leftAt)))
  )[0]!.n;

export async function branchesOfSecretary(db: DbOrTx, d: string, userId: number): Promise<number[]> {
  const rows = await db
    .select({ id: partyOrganisations.id })
    .from(partyMembers)
    .innerJoin(partyOrganisations, and(eq(partyOrganisations.districtCode, partyMembers.districtCode), eq(partyOrganisations.id, partyMembers.organisationId)))
    .where(
      and(
        eq(partyMembers.districtCode, d),
        eq(partyMembers.userId, userId),
        isNull(partyMembers.leftAt),
        sql`'secretary' = any(${partyMembers.posts})`,
        eq(partyOrganisations.level, 'branch'),
        isNull(partyOrganisations.retiredAt),
      ),
    );
  return rows.map((r) => r.id);
}

/** Display names of accounts (staff names; residents' are stored masked). */
export async function displayNames(db: DbOrTx, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.displayName })
    .from(users)
    .where(inArray(users.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Accounts by id with unit and roles (to check experts). */
export const usersByIds = (db: DbOrTx, ids: readonly number[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : db
        .select({ id: users.id, unitId: users.unitId, roles: users.roles, active: users.active, displayName: users.displayName })
        .from(users)
        .where(inArray(users.id, [...new Set(ids)]));

// ----- rule sets

export const listRuleSets = (db: DbOrTx, d: string): Promise<RuleSetRow[]> =>
  db.select().from(partyRatingRuleSets).where(eq(partyRatingRuleSets.districtCode, d)).orderBy(desc(partyRatingRuleSets.effectiveFrom));

export async function findRuleSet(db: DbOrTx, d: string, id: number): Promise<RuleSetRow | undefined> {
  return (
    await db
      .select()
      .from(partyRatingRuleSets)
      .where(and(eq(partyRatingRuleSets.districtCode, d), eq(partyRatingRuleSets.id, id)))
  )[0];
}

export async function insertRuleSet(db: DbOrTx, row: typeof partyRatingRuleSets.$inferInsert): Promise<RuleSetRow> {
  return (await db.insert(partyRatingRuleSets).values(row).returning())[0]!;
}

// ----- cycles and ratings

export const listCycles = (db: DbOrTx, d: string): Promise<CycleRow[]> =>
  db.select().from(partyRatingCycles).where(eq(partyRatingCycles.districtCode, d)).orderBy(desc(partyRatingCycles.year));

export async function findCycle(db: DbOrTx, d: string, id: number, lock = false): Promise<CycleRow | undefined> {
  const q = db
    .select()
    .from(partyRatingCycles)
    .where(and(eq(partyRatingCycles.districtCode, d), eq(partyRatingCycles.id, id)));
  return (await (lock ? q.for('update') : q))[0];
}

export async function findCycleOfYear(db: DbOrTx, d: string, year: number): Promise<CycleRow | undefined> {
  return (
    await db
      .select()
      .from(partyRatingCycles)
      .where(and(eq(partyRatingCycles.districtCode, d), eq(partyRatingCycles.year, year)))
  )[0];
}

export async function insertCycle(db: DbOrTx, row: typeof partyRatingCycles.$inferInsert): Promise<CycleRow> {
  return (await db.insert(partyRatingCycles).values(row).returning())[0]!;
}

export async function updateCycle(db: DbOrTx, d: string, id: number, set: Partial<typeof partyRatingCycles.$inferInsert>): Promise<void> {
  await db
    .update(partyRatingCycles)
    .set(set)
    .where(and(eq(partyRatingCycles.districtCode, d), eq(partyRatingCycles.id, id)));
}

export async function insertRatings(db: DbOrTx, rows: (typeof partyRatings.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await db.insert(partyRatings).values(rows.slice(i, i + 500));
}

export const ratingsOfCycle = (db: DbOrTx, d: string, cycleId: number): Promise<RatingRow[]> =>
  db
    .select()
    .from(partyRatings)
    .where(and(eq(partyRatings.districtCode, d), eq(partyRatings.cycleId, cycleId)))
    .orderBy(asc(partyRatings.id));

export async function findRating(db: DbOrTx, d: string, id: number, lock = false): Promise<RatingRow | undefined> {
  const q = db
    .select()
    .from(partyRatings)
    .where(and(eq(partyRatings.districtCode, d), eq(partyRatings.id, id)));
  return (await (lock ? q.for('update') : q))[0];
}

export async function findRatingOf(db: DbOrTx, d: string, cycleId: number, organisationId: number): Promise<RatingRow | undefined> {
  return (
    await db
      .select()
      .from(partyRatings)
      .where(and(eq(partyRatings.districtCode, d), eq(partyRatings.cycleId, cycleId), eq(partyRatings.organisationId, organisationId)))
  )[0];
}

/** Writes a rating's change when its version is still `version`; false when another change came first. */
export async function updateRating(db: DbOrTx, d: string, id: number, version: number, set: Partial<typeof partyRatings.$inferInsert>): Promise<boolean> {
  const r = await db
    .update(partyRatings)
    .set({ ...set, version: version + 1 })
    .where(and(eq(partyRatings.districtCode, d), eq(partyRatings.id, id), eq(partyRatings.version, version)))
    .returning({ id: partyRatings.id });
  return r.length === 1;
}

/** Fixes every rating of a cycle: the final result is the current review's. */
export async function finaliseRatings(db: DbOrTx, d: string, cycleId: number): Promise<number> {
  const r = await db
    .update(partyRatings)
    .set({ status: 'final', finalTotal: partyRatings.reviewTotal, finalStars: partyRatings.reviewStars, version: sql`${partyRatings.version} + 1` })
    .where(and(eq(partyRatings.districtCode, d), eq(partyRatings.cycleId, cycleId)))
    .returning({ id: partyRatings.id });
  return r.length;
}

export async function insertRatingEvents(db: DbOrTx, rows: (typeof partyRatingEvents.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await db.insert(partyRatingEvents).values(rows.slice(i, i + 500));
}

export const ratingEvents = (db: DbOrTx, d: string, ratingId: number): Promise<RatingEventRow[]> =>
  db
    .select()
    .from(partyRatingEvents)
    .where(and(eq(partyRatingEvents.districtCode, d), eq(partyRatingEvents.ratingId, ratingId)))
    .orderBy(asc(partyRatingEvents.at), asc(partyRatingEvents.id));

/** An organisation's ratings in every cycle, newest year first, with the year and rule set. */
export const ratingsOfOrganisation = (db: DbOrTx, d: string, organisationId: number) =>
  db
    .select({ rating: partyRatings, year: partyRatingCycles.year, cycleStatus: partyRatingCycles.status, ruleSetId: partyRatingCycles.ruleSetId })
    .from(partyRatings)
    .innerJoin(partyRatingCycles, and(eq(partyRatingCycles.districtCode, partyRatings.districtCode), eq(partyRatingCycles.id, partyRatings.cycleId)))
    .where(and(eq(partyRatings.districtCode, d), eq(partyRatings.organisationId, organisationId)))
    .orderBy(desc(partyRatingCycles.year));

/**
 * For each organisation, the stars of its latest final result in a year before `year`: the baseline
 * of "fell a star".
 */
export async function previousFinalStars(db: DbOrTx, d: string, year: number): Promise<Map<number, { year: number; stars: number }>> {
  const rows = await db
    .select({ organisationId: partyRatings.organisationId, year: partyRatingCycles.year, stars: partyRatings.finalStars })
    .from(partyRatings)
    .innerJoin(partyRatingCycles, and(eq(partyRatingCycles.districtCode, partyRatings.districtCode), eq(partyRatingCycles.id, partyRatings.cycleId)))
    .where(and(eq(partyRatings.districtCode, d), lt(partyRatingCycles.year, year), eq(partyRatings.status, 'final')))
    .orderBy(asc(partyRatingCycles.year));
  const out = new Map<number, { year: number; stars: number }>();
  for (const r of rows) if (r.stars !== null) out.set(r.organisationId, { year: r.year, stars: r.stars });
  return out;
}

// ----- brand programme

export async function insertProgramme(db: DbOrTx, row: typeof partyBrandProgrammes.$inferInsert): Promise<ProgrammeRow> {
  return (await db.insert(partyBrandProgrammes).values(row).returning())[0]!;
}

export const listProgrammes = (db: DbOrTx, d: string): Promise<ProgrammeRow[]> =>
  db.select().from(partyBrandProgrammes).where(eq(partyBrandProgrammes.districtCode, d)).orderBy(desc(partyBrandProgrammes.id));

export async function findProgramme(db: DbOrTx, d: string, id: number, lock = false): Promise<ProgrammeRow | undefined> {
  const q = db
    .select()
    .from(partyBrandProgrammes)
    .where(and(eq(partyBrandProgrammes.districtCode, d), eq(partyBrandProgrammes.id, id)));
  return (await (lock ? q.for('update') : q))[0];
}

export async function updateProgramme(db: DbOrTx, d: string, id: number, set: Partial<typeof partyBrandProgrammes.$inferInsert>): Promise<void> {
  await db
    .update(partyBrandProgrammes)
    .set(set)
    .where(and(eq(partyBrandProgrammes.districtCode, d), eq(partyBrandProgrammes.id, id)));
}

export async function insertApplication(db: DbOrTx, row: typeof partyBrandApplications.$inferInsert): Promise<ApplicationRow> {
  return (await db.insert(partyBrandApplications).values(row).returning())[0]!;
}

export const applicationsOf = (db: DbOrTx, d: string, programmeId: number): Promise<ApplicationRow[]> =>
  db
    .select()
    .from(partyBrandApplications)
    .where(and(eq(partyBrandApplications.districtCode, d), eq(partyBrandApplications.programmeId, programmeId)))
    .orderBy(asc(partyBrandApplications.id));

export const applicationsOfOrganisations = (db: DbOrTx, d: string, organisationIds: readonly number[]): Promise<ApplicationRow[]> =>
  organisationIds.length === 0
    ? Promise.resolve([])
    : db
        .select()
        .from(partyBrandApplications)
        .where(and(eq(partyBrandApplications.districtCode, d), inArray(partyBrandApplications.organisationId, [...organisationIds])))
        .orderBy(desc(partyBrandApplications.id));

export async function findApplication(db: DbOrTx, d: string, id: number): Promise<ApplicationRow | undefined> {
  return (
    await db
      .select()
      .from(partyBrandApplications)
      .where(and(eq(partyBrandApplications.districtCode, d), eq(partyBrandApplications.id, id)))
  )[0];
}

export async function updateApplication(db: DbOrTx, d: string, id: number, set: Partial<typeof partyBrandApplications.$inferInsert>): Promise<void> {
  await db
    .update(partyBrandApplications)
    .set(set)
    .where(and(eq(partyBrandApplications.districtCode, d), eq(partyBrandApplications.id, id)));
}

/** Chosen brands of published programmes, for the public page. */
export const publishedBrands = (db: DbOrTx, d: string) =>
  db
    .select({ application: partyBrandApplications, programme: partyBrandProgrammes, organisationName: partyOrganisations.name })
    .from(partyBrandApplications)
    .innerJoin(
      partyBrandProgrammes,
      and(eq(partyBrandProgrammes.districtCode, partyBrandApplications.districtCode), eq(partyBrandProgrammes.id, partyBrandApplications.programmeId)),
    )
    .innerJoin(
      partyOrganisations,
      and(eq(partyOrganisations.districtCode, partyBrandApplications.districtCode), eq(partyOrganisations.id, partyBrandApplications.organisationId)),
    )
    .where(and(eq(partyBrandApplications.districtCode, d), eq(partyBrandApplications.chosen, true), eq(partyBrandProgrammes.status, 'published')))
    .orderBy(desc(partyBrandProgrammes.year), asc(partyBrandApplications.finalRank));

export async function insertRound(db: DbOrTx, row: typeof partyBrandRounds.$inferInsert): Promise<RoundRow> {
  return (await db.insert(partyBrandRounds).values(row).returning())[0]!;
}

export const roundsOf = (db: DbOrTx, d: string, programmeId: number): Promise<RoundRow[]> =>
  db
    .select()
    .from(partyBrandRounds)
    .where(and(eq(partyBrandRounds.districtCode, d), eq(partyBrandRounds.programmeId, programmeId)))
    .orderBy(asc(partyBrandRounds.number));

export async function findRound(db: DbOrTx, d: string, id: number, lock = false): Promise<RoundRow | undefined> {
  const q = db
    .select()
    .from(partyBrandRounds)
    .where(and(eq(partyBrandRounds.districtCode, d), eq(partyBrandRounds.id, id)));
  return (await (lock ? q.for('update') : q))[0];
}

export async function updateRound(db: DbOrTx, d: string, id: number, set: Partial<typeof partyBrandRounds.$inferInsert>): Promise<void> {
  await db
    .update(partyBrandRounds)
    .set(set)
    .where(and(eq(partyBrandRounds.districtCode, d), eq(partyBrandRounds.id, id)));
}

export async function insertRoundExperts(db: DbOrTx, d: string, roundId: number, userIds: readonly number[]): Promise<void> {
  await db.insert(partyBrandRoundExperts).values(userIds.map((userId) => ({ districtCode: d, roundId, userId })));
}

export const expertsOf = async (db: DbOrTx, d: string, roundId: number): Promise<number[]> =>
  (
    await db
      .select({ userId: partyBrandRoundExperts.userId })
      .from(partyBrandRoundExperts)
      .where(and(eq(partyBrandRoundExperts.districtCode, d), eq(partyBrandRoundExperts.roundId, roundId)))
      .orderBy(asc(partyBrandRoundExperts.userId))
  ).map((r) => r.userId);

/** The rounds an expert is assigned to. */
export const roundsOfExpert = (db: DbOrTx, d: string, userId: number) =>
  db
    .select({ round: partyBrandRounds, programmeTitle: partyBrandProgrammes.title, criteria: partyBrandProgrammes.criteria })
    .from(partyBrandRoundExperts)
    .innerJoin(
      partyBrandRounds,
      and(eq(partyBrandRounds.districtCode, partyBrandRoundExperts.districtCode), eq(partyBrandRounds.id, partyBrandRoundExperts.roundId)),
    )
    .innerJoin(
      partyBrandProgrammes,
      and(eq(partyBrandProgrammes.districtCode, partyBrandRounds.districtCode), eq(partyBrandProgrammes.id, partyBrandRounds.programmeId)),
    )
    .where(and(eq(partyBrandRoundExperts.districtCode, d), eq(partyBrandRoundExperts.userId, userId)))
    .orderBy(desc(partyBrandRounds.id));

export async function insertRoundEntries(db: DbOrTx, rows: (typeof partyBrandRoundEntries.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await db.insert(partyBrandRoundEntries).values(rows.slice(i, i + 500));
}

export const entriesOf = (db: DbOrTx, d: string, roundId: number): Promise<RoundEntryRow[]> =>
  db
    .select()
    .from(partyBrandRoundEntries)
    .where(and(eq(partyBrandRoundEntries.districtCode, d), eq(partyBrandRoundEntries.roundId, roundId)))
    .orderBy(asc(partyBrandRoundEntries.position));

export async function findEntry(db: DbOrTx, d: string, roundId: number, applicationId: number): Promise<RoundEntryRow | undefined> {
  return (
    await db
      .select()
      .from(partyBrandRoundEntries)
      .where(
        and(eq(partyBrandRoundEntries.districtCode, d), eq(partyBrandRoundEntries.roundId, roundId), eq(partyBrandRoundEntries.applicationId, applicationId)),
      )
  )[0];
}

export async function updateEntry(db: DbOrTx, d: string, roundId: number, applicationId: number, set: Partial<typeof partyBrandRoundEntries.$inferInsert>) {
  await db
    .update(partyBrandRoundEntries)
    .set(set)
    .where(
      and(eq(partyBrandRoundEntries.districtCode, d), eq(partyBrandRoundEntries.roundId, roundId), eq(partyBrandRoundEntries.applicationId, applicationId)),
    );
}

export const scoresOfRound = (db: DbOrTx, d: string, roundId: number): Promise<ScoreRow[]> =>
  db
    .select()
    .from(partyBrandScores)
    .where(and(eq(partyBrandScores.districtCode, d), eq(partyBrandScores.roundId, roundId)));

export const scoresOfExpert = (db: DbOrTx, d: string, roundId: number, userId: number): Promise<ScoreRow[]> =>
  db
    .select()
    .from(partyBrandScores)
    .where(and(eq(partyBrandScores.districtCode, d), eq(partyBrandScores.roundId, roundId), eq(partyBrandScores.expertUserId, userId)));

/** Writes an expert's sheet, or revises it (counting revisions). */
export async function upsertScore(db: DbOrTx, row: typeof partyBrandScores.$inferInsert): Promise<void> {
  await db
    .insert(partyBrandScores)
    .values(row)
    .onConflictDoUpdate({
      target: [partyBrandScores.districtCode, partyBrandScores.roundId, partyBrandScores.applicationId, partyBrandScores.expertUserId],
      set: { scores: row.scores, total: row.total, comment: row.comment ?? null, scoredAt: row.scoredAt, revisions: sql`${partyBrandScores.revisions} + 1` },
    });
}

/** Each branch's secretary holding an account (the first by member id): branch id → their username. */
export async function secretaryAccounts(db: DbOrTx, d: string): Promise<Map<number, string>> {
  const rows = await db
    .select({ organisationId: partyMembers.organisationId, username: users.username })
    .from(partyMembers)
    .innerJoin(users, eq(users.id, partyMembers.userId))
    .where(and(eq(partyMembers.districtCode, d), isNull(partyMembers.leftAt), sql`'secretary' = any(${partyMembers.posts})`, eq(users.active, true)))
    .orderBy(asc(partyMembers.id));
  const out = new Map<number, string>();
  for (const r of rows) if (!out.has(r.organisationId)) out.set(r.organisationId, r.username);
  return out;
}

export async function findScore(db: DbOrTx, d: string, roundId: number, applicationId: number, userId: number): Promise<ScoreRow | undefined> {
  return (
    await db
      .select()
      .from(partyBrandScores)
      .where(
        and(
          eq(partyBrandScores.districtCode, d),
          eq(partyBrandScores.roundId, roundId),
          eq(partyBrandScores.applicationId, applicationId),
          eq(partyBrandScores.expertUserId, userId),
        ),
      )
  )[0];
}
