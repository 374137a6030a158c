/** The party module's SQL (organisations, members, their events and reveals). The only file of part 1 that holds SQL. */
import { and, asc, count, desc, eq, gt, inArray, isNull, like, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.ts';
import { users } from '../../engine/reference/reference.table.ts';
import { partyEvents, partyMemberReveals, partyMembers, partyOrganisations } from './party.table.ts';

export type OrganisationRow = typeof partyOrganisations.$inferSelect;
export type NewOrganisation = Omit<typeof partyOrganisations.$inferInsert, 'id' | 'path'>;
export type MemberRow = typeof partyMembers.$inferSelect;
export type NewMember = typeof partyMembers.$inferInsert & { id: number };
export type EventRow = typeof partyEvents.$inferSelect;
export type NewEvent = Omit<typeof partyEvents.$inferInsert, 'id'>;

/** Rows per INSERT (PostgreSQL's 65,535 bind parameters; 17 columns a member). */
const BATCH = 1000;
async function inBatches<T>(rows: readonly T[], run: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await run(rows.slice(i, i + BATCH));
}

/** Division filter of a scope: the district's own (null) are outside any division scope. */
const divisionWithin = (prefix: string | null): SQL | undefined => (prefix === null ? undefined : like(partyOrganisations.divisionCode, `${prefix}%`));

// ---------------------------------------------------------------------------------------------
// Organisations

/** Inserts organisations under parents whose paths are known; returns them with their ids and paths. */
export async function insertOrganisation(db: DbOrTx, row: NewOrganisation, parentPath: string | null): Promise<OrganisationRow> {
  const [r] = await db
    .insert(partyOrganisations)
    .values({ ...row, path: '' })
    .returning({ id: partyOrganisations.id });
  const id = r!.id;
  const [out] = await db
    .update(partyOrganisations)
    .set({ path: `${parentPath ?? '/'}${id}/` })
    .where(eq(partyOrganisations.id, id))
    .returning();
  return out!;
}

export async function findOrganisation(db: DbOrTx, districtCode: string, id: number): Promise<OrganisationRow | undefined> {
  return (
    await db
      .select()
      .from(partyOrganisations)
      .where(and(eq(partyOrganisations.districtCode, districtCode), eq(partyOrganisations.id, id)))
  )[0];
}

/** The row locked for an update of the tree (moves and retirements serialise on it). */
export async function lockOrganisation(db: DbOrTx, districtCode: string, id: number): Promise<OrganisationRow | undefined> {
  return (
    await db
      .select()
      .from(partyOrganisations)
      .where(and(eq(partyOrganisations.districtCode, districtCode), eq(partyOrganisations.id, id)))
      .for('update')
  )[0];
}

export async function organisationsByCodes(db: DbOrTx, districtCode: string, codes: readonly string[]): Promise<OrganisationRow[]> {
  const out: OrganisationRow[] = [];
  await inBatches(codes, async (b) =>
    out.push(
      ...(await db
        .select()
        .from(partyOrganisations)
        .where(and(eq(partyOrganisations.districtCode, districtCode), inArray(partyOrganisations.code, b)))),
    ),
  );
  return out;
}

export async function organisationsByIds(db: DbOrTx, districtCode: string, ids: readonly number[]): Promise<OrganisationRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(partyOrganisations)
    .where(and(eq(partyOrganisations.districtCode, districtCode), inArray(partyOrganisations.id, [...new Set(ids)])));
}

export async function findRoot(db: DbOrTx, districtCode: string): Promise<OrganisationRow | undefined> {
  return (
    await db
      .select()
      .from(partyOrganisations)
      .where(and(eq(partyOrganisations.districtCode, districtCode), isNull(partyOrganisations.parentId), isNull(partyOrganisations.retiredAt)))
      .limit(1)
  )[0];
}

export async function updateOrganisation(
  db: DbOrTx,
  districtCode: string,
  id: number,
  set: Partial<Pick<OrganisationRow, 'name' | 'pairedCommunityCode' | 'parentId' | 'retiredAt' | 'hostType' | 'divisionCode' | 'updatedAt'>>,
): Promise<void> {
  await db
    .update(partyOrganisations)
    .set(set)
    .where(and(eq(partyOrganisations.districtCode, districtCode), eq(partyOrganisations.id, id)));
}

/** Moves a subtree: every path starting with `oldPrefix` starts with `newPrefix` instead (one statement). */
export async function rebaseSubtree(db: DbOrTx, districtCode: string, oldPrefix: string, newPrefix: string): Promise<number> {
  const r = await db
    .update(partyOrganisations)
    .set({ path: sql`${newPrefix} || substr(${partyOrganisations.path}, ${oldPrefix.length + 1})` })
    .where(and(eq(partyOrganisations.districtCode, districtCode), like(partyOrganisations.path, `${oldPrefix}%`)))
    .returning({ id: partyOrganisations.id });
  return r.length;
}

/** Active organisations directly under `id`. */
export async function countActiveChildren(db: DbOrTx, districtCode: string, id: number): Promise<number> {
  const [r] = await db
    .select({ n: count() })
    .from(partyOrganisations)
    .where(and(eq(partyOrganisations.districtCode, districtCode), eq(partyOrganisations.parentId, id), isNull(partyOrganisations.retiredAt)));
  return r?.n ?? 0;
}

export interface TreeRow {
  id: number;
  parentId: number | null;
  path: string;
  level: OrganisationRow['level'];
  hostType: OrganisationRow['hostType'];
  code: string;
  name: string;
  divisionCode: string | null;
  pairedCommunityCode: string | null;
  retired: boolean;
  /** Members in it directly (not left). */
  direct: number;
}

/**
 * The organisations of a scope (all of the district, or those whose division starts with `prefix`) with
 * the count of active members directly in each: one grouped query over the organisation and member
 * indexes, whatever the size of the tree.
 */
export async function organisationsWithCounts(db: DbOrTx, districtCode: string, prefix: string | null, includeRetired: boolean): Promise<TreeRow[]> {
  const o = partyOrganisations;
  const m = partyMembers;
  const rows = await db
    .select({
      id: o.id,
      parentId: o.parentId,
      path: o.path,
      level: o.level,
      hostType: o.hostType,
      code: o.code,
      name: o.name,
      divisionCode: o.divisionCode,
      pairedCommunityCode: o.pairedCommunityCode,
      retiredAt: o.retiredAt,
      direct: sql<number>`count(${m.id})::int`,
    })
    .from(o)
    .leftJoin(m, and(eq(m.districtCode, o.districtCode), eq(m.organisationId, o.id), isNull(m.leftAt)))
    .where(and(eq(o.districtCode, districtCode), divisionWithin(prefix), includeRetired ? undefined : isNull(o.retiredAt)))
    .groupBy(o.id)
    .orderBy(asc(o.path));
  return rows.map(({ retiredAt, ...r }) => ({ ...r, retired: retiredAt !== null }));
}

// ---------------------------------------------------------------------------------------------
// Members

/** `n` fresh member ids (so values can be sealed bound to their row before the insert). */
export async function nextMemberIds(db: DbOrTx, n: number): Promise<number[]> {
  if (n === 0) return [];
  const r: unknown = await db.execute(sql`select nextval(pg_get_serial_sequence('party_members', 'id')) as id from generate_series(1, ${n}::int)`);
  return (r as { rows: { id: number | string }[] }).rows.map((x) => Number(x.id));
}

export async function insertMembers(db: DbOrTx, rows: readonly NewMember[]): Promise<void> {
  await inBatches(rows, (b) => db.insert(partyMembers).values(b));
}

export async function findMember(db: DbOrTx, districtCode: string, id: number): Promise<MemberRow | undefined> {
  return (
    await db
      .select()
      .from(partyMembers)
      .where(and(eq(partyMembers.districtCode, districtCode), eq(partyMembers.id, id)))
  )[0];
}

export async function lockMember(db: DbOrTx, districtCode: string, id: number): Promise<MemberRow | undefined> {
  return (
    await db
      .select()
      .from(partyMembers)
      .where(and(eq(partyMembers.districtCode, districtCode), eq(partyMembers.id, id)))
      .for('update')
  )[0];
}

export async function findMemberByUser(db: DbOrTx, districtCode: string, userId: number): Promise<MemberRow | undefined> {
  return (
    await db
      .select()
      .from(partyMembers)
      .where(and(eq(partyMembers.districtCode, districtCode), eq(partyMembers.userId, userId)))
  )[0];
}

export async function membersByIds(db: DbOrTx, districtCode: string, ids: readonly number[]): Promise<MemberRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(partyMembers)
    .where(and(eq(partyMembers.districtCode, districtCode), inArray(partyMembers.id, [...new Set(ids)])));
}

export async function membersByIdKeys(db: DbOrTx, districtCode: string, keys: readonly string[]): Promise<MemberRow[]> {
  const out: MemberRow[] = [];
  await inBatches(keys, async (b) =>
    out.push(
      ...(await db
        .select()
        .from(partyMembers)
        .where(and(eq(partyMembers.districtCode, districtCode), inArray(partyMembers.idNumberKey, b)))),
    ),
  );
  return out;
}

/** Members of an organisation (active ones unless `includeLeft`), oldest first. */
export async function membersOf(db: DbOrTx, districtCode: string, organisationId: number, includeLeft = false): Promise<MemberRow[]> {
  return db
    .select()
    .from(partyMembers)
    .where(
      and(eq(partyMembers.districtCode, districtCode), eq(partyMembers.organisationId, organisationId), includeLeft ? undefined : isNull(partyMembers.leftAt)),
    )
    .orderBy(asc(partyMembers.id));
}

export async function countActiveMembers(db: DbOrTx, districtCode: string, organisationId: number): Promise<number> {
  const [r] = await db
    .select({ n: count() })
    .from(partyMembers)
    .where(and(eq(partyMembers.districtCode, districtCode), eq(partyMembers.organisationId, organisationId), isNull(partyMembers.leftAt)));
  return r?.n ?? 0;
}

/** Active members of the organisation holding `post`, other than `exceptId`. */
export async function holdersOfPost(db: DbOrTx, districtCode: string, organisationId: number, post: string, exceptId = 0): Promise<MemberRow[]> {
  return db
    .select()
    .from(partyMembers)
    .where(
      and(
        eq(partyMembers.districtCode, districtCode),
        eq(partyMembers.organisationId, organisationId),
        isNull(partyMembers.leftAt),
        sql`${partyMembers.posts} @> ARRAY[${post}]::text[]`,
        sql`${partyMembers.id} <> ${exceptId}`,
      ),
    );
}

export async function updateMember(
  db: DbOrTx,
  districtCode: string,
  id: number,
  set: Partial<Omit<MemberRow, 'id' | 'districtCode' | 'idNumberKey' | 'createdAt'>> & { idNumberKey?: string },
): Promise<void> {
  await db
    .update(partyMembers)
    .set(set)
    .where(and(eq(partyMembers.districtCode, districtCode), eq(partyMembers.id, id)));
}

// ---------------------------------------------------------------------------------------------
// Events and reveals

export async function insertEvents(db: DbOrTx, rows: readonly NewEvent[]): Promise<void> {
  await inBatches(rows, (b) => db.insert(partyEvents).values(b));
}

export async function eventsOfMember(db: DbOrTx, districtCode: string, memberId: number): Promise<EventRow[]> {
  return db
    .select()
    .from(partyEvents)
    .where(and(eq(partyEvents.districtCode, districtCode), eq(partyEvents.memberId, memberId)))
    .orderBy(desc(partyEvents.at), desc(partyEvents.id));
}

export async function insertReveal(db: DbOrTx, row: typeof partyMemberReveals.$inferInsert): Promise<void> {
  await db.insert(partyMemberReveals).values(row);
}

export async function revealsOf(db: DbOrTx, districtCode: string, memberId: number): Promise<(typeof partyMemberReveals.$inferSelect)[]> {
  return db
    .select()
    .from(partyMemberReveals)
    .where(and(eq(partyMemberReveals.districtCode, districtCode), eq(partyMemberReveals.memberId, memberId)))
    .orderBy(asc(partyMemberReveals.id));
}

// ---------------------------------------------------------------------------------------------
// Accounts

/** A user by sign-in name: id, roles and unit (to link a member's account). */
export async function userByUsername(db: DbOrTx, username: string): Promise<{ id: number; roles: string[]; unitId: number } | undefined> {
  return (await db.select({ id: users.id, roles: users.roles, unitId: users.unitId }).from(users).where(eq(users.username, username)))[0];
}

// ---------------------------------------------------------------------------------------------
// Key rotation

const sealedUnder = (c: SQL, keyId: string) => sql`left(${c}, ${`pd1:${keyId}:`.length}) = ${`pd1:${keyId}:`}`;
const notSealedUnder = (c: SQL, keyId: string) => sql`not ${sealedUnder(c, keyId)}`;

export async function lockMembersToReseal(db: DbOrTx, keyId: string, afterId: number, limit: number): Promise<MemberRow[]> {
  return db
    .select()
    .from(partyMembers)
    .where(
      and(
        gt(partyMembers.id, afterId),
        or(
          notSealedUnder(sql`${partyMembers.realName}`, keyId),
          notSealedUnder(sql`${partyMembers.idNumber}`, keyId),
          sql`(${partyMembers.phone} is not null and ${notSealedUnder(sql`${partyMembers.phone}`, keyId)})`,
        ),
      ),
    )
    .orderBy(asc(partyMembers.id))
    .limit(limit)
    .for('update');
}

export async function countMembersSealedUnder(db: DbOrTx, keyId: string): Promise<number> {
  const [r] = await db
    .select({ n: count() })
    .from(partyMembers)
    .where(
      or(
        sealedUnder(sql`${partyMembers.realName}`, keyId),
        sealedUnder(sql`${partyMembers.idNumber}`, keyId),
        sql`(${partyMembers.phone} is not null and ${sealedUnder(sql`${partyMembers.phone}`, keyId)})`,
      ),
    );
  return r?.n ?? 0;
}

/** Serialises changes to the shape of one district's tree (in the caller's transaction). */
export async function lockTree(db: DbOrTx, districtCode: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(727301, ${Number(districtCode)}::int)`);
}

/** Locks the organisation against a retirement while a member joins it (FOR SHARE). */
export async function shareLockOrganisation(db: DbOrTx, districtCode: string, id: number): Promise<OrganisationRow | undefined> {
  return (
    await db
      .select()
      .from(partyOrganisations)
      .where(and(eq(partyOrganisations.districtCode, districtCode), eq(partyOrganisations.id, id)))
      .for('share')
  )[0];
}

/** The organisations directly under `id` (retired ones too), by code. */
export async function childrenOf(db: DbOrTx, districtCode: string, id: number): Promise<OrganisationRow[]> {
  return db
    .select()
    .from(partyOrganisations)
    .where(and(eq(partyOrganisations.districtCode, districtCode), eq(partyOrganisations.parentId, id)))
    .orderBy(asc(partyOrganisations.code));
}

/** Active members holding the post secretary in any of the organisations. */
export async function secretariesIn(db: DbOrTx, districtCode: string, organisationIds: readonly number[]): Promise<MemberRow[]> {
  const out: MemberRow[] = [];
  await inBatches(organisationIds, async (b) =>
    out.push(
      ...(await db
        .select()
        .from(partyMembers)
        .where(
          and(
            eq(partyMembers.districtCode, districtCode),
            inArray(partyMembers.organisationId, b),
            isNull(partyMembers.leftAt),
            sql`${partyMembers.posts} @> ARRAY['secretary']::text[]`,
          ),
        )),
    ),
  );
  return out;
}
