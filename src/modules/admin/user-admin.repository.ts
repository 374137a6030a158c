/** Administration of user accounts: the list with each user's unit, changes, and ending sessions. */
import { and, arrayOverlaps, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.ts';
import { sessions, units, users } from '../../engine/reference/reference.table.ts';

/** A user with their unit, never the password hash. */
export interface UserWithUnit {
  id: number;
  username: string;
  displayName: string;
  unitId: number;
  unitName: string;
  unitType: string;
  roles: string[];
  active: boolean;
  createdAt: Date;
}

const columns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  unitId: users.unitId,
  unitName: units.name,
  unitType: units.unitType,
  roles: users.roles,
  active: users.active,
  createdAt: users.createdAt,
};

/**
 * The users of the district's units holding any of `roles`, by id. The admin list passes the staff
 * roles: residents and volunteers (tens of thousands in a district) are not staff accounts and are
 * looked after by the volunteers module, not listed here.
 */
export const listUsersWithUnits = (db: DbOrTx, districtCode: string, roles: readonly string[]): Promise<UserWithUnit[]> =>
  db
    .select(columns)
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .where(and(eq(units.districtCode, districtCode), arrayOverlaps(users.roles, [...roles])))
    .orderBy(asc(users.id));

export async function findUserWithUnit(db: DbOrTx, id: number): Promise<UserWithUnit | undefined> {
  return (await db.select(columns).from(users).innerJoin(units, eq(units.id, users.unitId)).where(eq(users.id, id)))[0];
}

export interface UserChanges {
  displayName?: string;
  unitId?: number;
  roles?: string[];
  active?: boolean;
  passwordHash?: string;
}

export async function updateUser(db: DbOrTx, id: number, changes: UserChanges): Promise<void> {
  await db.update(users).set(changes).where(eq(users.id, id));
}

/** Ends every session of a user (after a password reset or deactivation). */
export async function deleteSessionsOfUser(db: DbOrTx, userId: number): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}
