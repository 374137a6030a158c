/** SQL of the volunteer subsystem: stations (units), residents, volunteer profiles, teams and their members. */
import { and, asc, count, eq, gt, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.ts';
import { units, users } from '../../engine/reference/reference.table.ts';
import { residentReveals, residents, volunteerProfiles, volunteerTeamMembers, volunteerTeams } from './volunteers.table.ts';

export type ResidentRow = typeof residents.$inferSelect;
export type ProfileRow = typeof volunteerProfiles.$inferSelect;
export type TeamRow = typeof volunteerTeams.$inferSelect;

const BATCH = 500;
async function inBatches<T>(rows: readonly T[], run: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await run(rows.slice(i, i + BATCH));
}
/** `text[]` literal of values (codes and division codes only: letters, digits, _). */
const textArray = (values: readonly string[]) => sql`${sql.raw(`ARRAY[${values.map((v) => `'${v.replace(/[^A-Za-z0-9_]/g, '')}'`).join(',')}]::text[]`)}`;

// ---------------------------------------------------------------------------------------------
// Stations (units of type station)

/** Inserts stations not yet present (by code); returns the number inserted. */
export async function insertStationUnits(
  db: DbOrTx,
  rows: { code: string; name: string; nameEn: string; districtCode: string; divisionCode: string; parentId: number | null }[],
): Promise<number> {
  let n = 0;
  await inBatches(rows, async (b) => {
    const r = await db
      .insert(units)
      .values(b.map((s) => ({ ...s, unitType: 'station' as const })))
      .onConflictDoNothing()
      .returning({ id: units.id });
    n += r.length;
  });
  return n;
}

export async function stationIdsByCode(db: DbOrTx, districtCode: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ id: units.id, code: units.code })
    .from(units)
    .where(and(eq(units.districtCode, districtCode), eq(units.unitType, 'station')));
  return new Map(rows.map((r) => [r.code, r.id]));
}

// ---------------------------------------------------------------------------------------------
// Residents

export async function insertResidents(db: DbOrTx, rows: (typeof residents.$inferInsert)[]): Promise<void> {
  await inBatches(rows, (b) => db.insert(residents).values(b));
}

export async function findResident(db: DbOrTx, districtCode: string, userId: number): Promise<ResidentRow | undefined> {
  return (
    await db
      .select()
      .from(residents)
      .where(and(eq(residents.districtCode, districtCode), eq(residents.userId, userId)))
  )[0];
}

export async function residentsOf(db: DbOrTx, districtCode: string, userIds: readonly number[]): Promise<ResidentRow[]> {
  const out: ResidentRow[] = [];
  await inBatches(userIds, async (b) => {
    out.push(
      ...(await db
        .select()
        .from(residents)
        .where(and(eq(residents.districtCode, districtCode), inArray(residents.userId, b)))),
    );
  });
  return out;
}

/** Residents whose ID-number hash is one of `keys` (the hashes of one or many numbers under every key). */
export async function findResidentsByIdKeys(db: DbOrTx, districtCode: string, keys: readonly string[]): Promise<ResidentRow[]> {
  const out: ResidentRow[] = [];
  await inBatches(keys, async (b) => {
    out.push(
      ...(await db
        .select()
        .from(residents)
        .where(and(eq(residents.districtCode, districtCode), inArray(residents.idNumberKey, b)))),
    );
  });
  return out;
}

const sealedUnder = (c: SQL, keyId: string) => sql`left(${c}, ${`pd1:${keyId}:`.length}) = ${`pd1:${keyId}:`}`;

/**
 * The next `limit` residents (by user id after `afterUserId`) whose name or ID number is not sealed under
 * `keyId`, locked for the re-sealing pass of a key rotation.
 */
export async function lockResidentsToReseal(db: DbOrTx, keyId: string, afterUserId: number, limit: number): Promise<ResidentRow[]> {
  return db
    .select()
    .from(residents)
    .where(
      and(
        gt(residents.userId, afterUserId),
        or(sql`not ${sealedUnder(sql`${residents.realName}`, keyId)}`, sql`not ${sealedUnder(sql`${residents.idNumber}`, keyId)}`),
      ),
    )
    .orderBy(asc(residents.userId))
    .limit(limit)
    .for('update');
}

export async function updateResidentSealed(
  db: DbOrTx,
  r: Pick<ResidentRow, 'districtCode' | 'userId' | 'realName' | 'idNumber' | 'idNumberKey'>,
): Promise<void> {
  await db
    .update(residents)
    .set({ realName: r.realName, idNumber: r.idNumber, idNumberKey: r.idNumberKey })
    .where(and(eq(residents.districtCode, r.districtCode), eq(residents.userId, r.userId)));
}

/** Residents with a value still sealed under `keyId`. */
export async function countResidentsSealedUnder(db: DbOrTx, keyId: string): Promise<number> {
  const [r] = await db
    .select({ n: count() })
    .from(residents)
    .where(or(sealedUnder(sql`${residents.realName}`, keyId), sealedUnder(sql`${residents.idNumber}`, keyId)));
  return r?.n ?? 0;
}

export async function markResidentClaimed(db: DbOrTx, districtCode: string, userId: number, at: Date): Promise<void> {
  await db
    .update(residents)
    .set({ claimedAt: at })
    .where(and(eq(residents.districtCode, districtCode), eq(residents.userId, userId)));
}

export async function insertResidentReveal(db: DbOrTx, row: typeof residentReveals.$inferInsert): Promise<void> {
  await db.insert(residentReveals).values(row);
}

// ---------------------------------------------------------------------------------------------
// Users (the engine's table): accounts opened and changed by this module

export type NewUser = { username: string; displayName: string; passwordHash: string; unitId: number; roles: string[]; active: boolean };

/** Inserts accounts; returns their ids by username. */
export async function insertUsers(db: DbOrTx, rows: readonly NewUser[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  await inBatches(rows, async (b) => {
    for (const r of await db.insert(users).values(b).returning({ id: users.id, username: users.username })) ids.set(r.username, r.id);
  });
  return ids;
}

export async function usersByUsernames(
  db: DbOrTx,
  usernames: readonly string[],
): Promise<{ id: number; username: string; roles: string[]; active: boolean }[]> {
  const out: { id: number; username: string; roles: string[]; active: boolean }[] = [];
  await inBatches(usernames, async (b) => {
    out.push(
      ...(await db.select({ id: users.id, username: users.username, roles: users.roles, active: users.active }).from(users).where(inArray(users.username, b))),
    );
  });
  return out;
}

export async function usersByIds(
  db: DbOrTx,
  ids: readonly number[],
): Promise<{ id: number; username: string; displayName: string; roles: string[]; active: boolean; unitId: number }[]> {
  const out: { id: number; username: string; displayName: string; roles: string[]; active: boolean; unitId: number }[] = [];
  await inBatches(ids, async (b) => {
    out.push(
      ...(await db
        .select({ id: users.id, username: users.username, displayName: users.displayName, roles: users.roles, active: users.active, unitId: users.unitId })
        .from(users)
        .where(inArray(users.id, b))),
    );
  });
  return out;
}

/** Adds `role` to each user that lacks it. */
export async function addRole(db: DbOrTx, userIds: readonly number[], role: string): Promise<void> {
  await inBatches(userIds, (b) =>
    db
      .update(users)
      .set({ roles: sql`array_append(${users.roles}, ${role}::text)` })
      .where(and(inArray(users.id, b), sql`not (${role}::text = any(${users.roles}))`)),
  );
}

/** Sets a claimed account's password and opens it for sign-in. */
export async function activateUser(db: DbOrTx, userId: number, passwordHash: string): Promise<void> {
  await db.update(users).set({ passwordHash, active: true }).where(eq(users.id, userId));
}

// ---------------------------------------------------------------------------------------------
// Volunteer profiles

export async function insertProfiles(db: DbOrTx, rows: (typeof volunteerProfiles.$inferInsert)[]): Promise<void> {
  await inBatches(rows, (b) => db.insert(volunteerProfiles).values(b));
}

export async function findProfile(db: DbOrTx, districtCode: string, userId: number): Promise<ProfileRow | undefined> {
  return (
    await db
      .select()
      .from(volunteerProfiles)
      .where(and(eq(volunteerProfiles.districtCode, districtCode), eq(volunteerProfiles.userId, userId)))
  )[0];
}

export async function profilesOf(db: DbOrTx, districtCode: string, userIds: readonly number[]): Promise<ProfileRow[]> {
  const out: ProfileRow[] = [];
  await inBatches(userIds, async (b) => {
    out.push(
      ...(await db
        .select()
        .from(volunteerProfiles)
        .where(and(eq(volunteerProfiles.districtCode, districtCode), inArray(volunteerProfiles.userId, b)))),
    );
  });
  return out;
}

export async function updateProfile(
  db: DbOrTx,
  districtCode: string,
  userId: number,
  set: Partial<Pick<ProfileRow, 'skills' | 'areas' | 'availability' | 'consentPublicName' | 'consentAt' | 'updatedAt'>>,
): Promise<void> {
  await db
    .update(volunteerProfiles)
    .set(set)
    .where(and(eq(volunteerProfiles.districtCode, districtCode), eq(volunteerProfiles.userId, userId)));
}

export interface VolunteerListFilter {
  /** Stations whose volunteers are listed; 'all' = the district's. */
  stationIds: readonly number[] | 'all';
  skill?: string;
  area?: string;
  stationId?: number;
  offset: number;
  limit: number;
}

export interface VolunteerListRow {
  profile: ProfileRow;
  resident: ResidentRow;
  username: string;
  active: boolean;
}

/** A page of volunteers (by user id) and the number matching; uses the (district, station, user) index or the skills GIN index. */
export async function listVolunteerRows(db: DbOrTx, districtCode: string, f: VolunteerListFilter): Promise<{ rows: VolunteerListRow[]; total: number }> {
  const where: SQL[] = [eq(volunteerProfiles.districtCode, districtCode)];
  if (f.stationIds !== 'all') where.push(f.stationIds.length === 0 ? sql`false` : inArray(volunteerProfiles.stationUnitId, [...f.stationIds]));
  if (f.stationId !== undefined) where.push(eq(volunteerProfiles.stationUnitId, f.stationId));
  if (f.skill !== undefined) where.push(sql`${volunteerProfiles.skills} @> ${textArray([f.skill])}`);
  if (f.area !== undefined) where.push(sql`${volunteerProfiles.areas} @> ${textArray([f.area])}`);
  const cond = and(...where);
  const [rows, total] = await Promise.all([
    db
      .select({ profile: volunteerProfiles, resident: residents, username: users.username, active: users.active })
      .from(volunteerProfiles)
      .innerJoin(residents, and(eq(residents.districtCode, volunteerProfiles.districtCode), eq(residents.userId, volunteerProfiles.userId)))
      .innerJoin(users, eq(users.id, volunteerProfiles.userId))
      .where(cond)
      .orderBy(asc(volunteerProfiles.userId))
      .offset(f.offset)
      .limit(f.limit),
    db.select({ n: count() }).from(volunteerProfiles).where(cond),
  ]);
  return { rows, total: total[0]?.n ?? 0 };
}

/** One volunteer with their resident row and account; undefined when not a volunteer of the district. */
export async function findVolunteerRow(db: DbOrTx, districtCode: string, userId: number): Promise<VolunteerListRow | undefined> {
  return (
    await db
      .select({ profile: volunteerProfiles, resident: residents, username: users.username, active: users.active })
      .from(volunteerProfiles)
      .innerJoin(residents, and(eq(residents.districtCode, volunteerProfiles.districtCode), eq(residents.userId, volunteerProfiles.userId)))
      .innerJoin(users, eq(users.id, volunteerProfiles.userId))
      .where(and(eq(volunteerProfiles.districtCode, districtCode), eq(volunteerProfiles.userId, userId)))
  )[0];
}

// ---------------------------------------------------------------------------------------------
// Teams

export async function insertTeam(db: DbOrTx, row: typeof volunteerTeams.$inferInsert): Promise<TeamRow> {
  const [t] = await db.insert(volunteerTeams).values(row).returning();
  return t!;
}

export async function findTeam(db: DbOrTx, districtCode: string, id: number, lock = false): Promise<TeamRow | undefined> {
  const q = db
    .select()
    .from(volunteerTeams)
    .where(and(eq(volunteerTeams.districtCode, districtCode), eq(volunteerTeams.id, id)));
  return (await (lock ? q.for('update') : q))[0];
}

export async function teamsOfStationByName(db: DbOrTx, districtCode: string, stationUnitId: number, names: readonly string[]): Promise<TeamRow[]> {
  if (names.length === 0) return [];
  return db
    .select()
    .from(volunteerTeams)
    .where(and(eq(volunteerTeams.districtCode, districtCode), eq(volunteerTeams.stationUnitId, stationUnitId), inArray(volunteerTeams.name, [...names])));
}

export async function updateTeam(
  db: DbOrTx,
  districtCode: string,
  id: number,
  set: Partial<Omit<TeamRow, 'id' | 'districtCode' | 'createdBy' | 'createdAt'>>,
): Promise<void> {
  await db
    .update(volunteerTeams)
    .set(set)
    .where(and(eq(volunteerTeams.districtCode, districtCode), eq(volunteerTeams.id, id)));
}

export interface TeamListFilter {
  stationIds: readonly number[] | 'all';
  stationId?: number;
  status?: string;
  skill?: string;
  offset: number;
  limit: number;
}

export async function listTeamRows(db: DbOrTx, districtCode: string, f: TeamListFilter): Promise<{ rows: (TeamRow & { members: number })[]; total: number }> {
  const where: SQL[] = [eq(volunteerTeams.districtCode, districtCode)];
  if (f.stationIds !== 'all') where.push(f.stationIds.length === 0 ? sql`false` : inArray(volunteerTeams.stationUnitId, [...f.stationIds]));
  if (f.stationId !== undefined) where.push(eq(volunteerTeams.stationUnitId, f.stationId));
  if (f.status !== undefined) where.push(eq(volunteerTeams.status, f.status as TeamRow['status']));
  if (f.skill !== undefined) where.push(sql`${volunteerTeams.skills} @> ${textArray([f.skill])}`);
  const cond = and(...where);
  const members = db
    .select({ teamId: volunteerTeamMembers.teamId, n: count().as('n') })
    .from(volunteerTeamMembers)
    .groupBy(volunteerTeamMembers.teamId)
    .as('m');
  const [rows, total] = await Promise.all([
    db
      .select({ t: volunteerTeams, n: members.n })
      .from(volunteerTeams)
      .leftJoin(members, eq(members.teamId, volunteerTeams.id))
      .where(cond)
      .orderBy(asc(volunteerTeams.id))
      .offset(f.offset)
      .limit(f.limit),
    db.select({ n: count() }).from(volunteerTeams).where(cond),
  ]);
  return { rows: rows.map((r) => ({ ...r.t, members: Number(r.n ?? 0) })), total: total[0]?.n ?? 0 };
}

export async function teamMemberIds(db: DbOrTx, teamId: number): Promise<number[]> {
  return (
    await db
      .select({ userId: volunteerTeamMembers.userId })
      .from(volunteerTeamMembers)
      .where(eq(volunteerTeamMembers.teamId, teamId))
      .orderBy(asc(volunteerTeamMembers.joinedAt), asc(volunteerTeamMembers.userId))
  ).map((r) => r.userId);
}

/** Members of the teams, as (teamId, userId) pairs. */
export async function membershipsOf(db: DbOrTx, teamIds: readonly number[]): Promise<{ teamId: number; userId: number }[]> {
  const out: { teamId: number; userId: number }[] = [];
  await inBatches(teamIds, async (b) => {
    out.push(
      ...(await db
        .select({ teamId: volunteerTeamMembers.teamId, userId: volunteerTeamMembers.userId })
        .from(volunteerTeamMembers)
        .where(inArray(volunteerTeamMembers.teamId, b))),
    );
  });
  return out;
}

export async function addMembers(db: DbOrTx, rows: { teamId: number; userId: number; joinedAt: Date }[]): Promise<number> {
  let n = 0;
  const seen = new Set<string>();
  const unique = rows.filter((r) => !seen.has(`${r.teamId}:${r.userId}`) && seen.add(`${r.teamId}:${r.userId}`));
  await inBatches(unique, async (b) => {
    n += (await db.insert(volunteerTeamMembers).values(b).onConflictDoNothing().returning({ u: volunteerTeamMembers.userId })).length;
  });
  return n;
}

export async function removeMember(db: DbOrTx, teamId: number, userId: number): Promise<boolean> {
  const r = await db
    .delete(volunteerTeamMembers)
    .where(and(eq(volunteerTeamMembers.teamId, teamId), eq(volunteerTeamMembers.userId, userId)))
    .returning({ u: volunteerTeamMembers.userId });
  return r.length > 0;
}

/** The teams a user is a member of, with whether they lead it. */
export async function teamsOfUser(db: DbOrTx, districtCode: string, userId: number): Promise<TeamRow[]> {
  const rows = await db
    .select({ t: volunteerTeams })
    .from(volunteerTeamMembers)
    .innerJoin(volunteerTeams, eq(volunteerTeams.id, volunteerTeamMembers.teamId))
    .where(and(eq(volunteerTeamMembers.userId, userId), eq(volunteerTeams.districtCode, districtCode)))
    .orderBy(asc(volunteerTeams.id));
  return rows.map((r) => r.t);
}

/** Every team of the district that is not dissolved, with its station, and each member, ordered by team id (a team without members: one row, userId null). */
export async function districtTeamMemberRows(
  db: DbOrTx,
  districtCode: string,
): Promise<{ teamId: number; name: string; stationUnitId: number; userId: number | null }[]> {
  return db
    .select({ teamId: volunteerTeams.id, name: volunteerTeams.name, stationUnitId: volunteerTeams.stationUnitId, userId: volunteerTeamMembers.userId })
    .from(volunteerTeams)
    .leftJoin(volunteerTeamMembers, eq(volunteerTeamMembers.teamId, volunteerTeams.id))
    .where(and(eq(volunteerTeams.districtCode, districtCode), sql`${volunteerTeams.status} <> 'dissolved'`))
    .orderBy(asc(volunteerTeams.id), asc(volunteerTeamMembers.userId));
}
