/** Users and their sessions. */
import { and, asc, eq, gt, lt } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { sessions, units, users } from '../schema.ts';

export type UserRow = typeof users.$inferSelect;

export async function findUserByUsername(db: DbOrTx, username: string): Promise<UserRow | undefined> {
  return (await db.select().from(users).where(eq(users.username, username)))[0];
}

export async function findUser(db: DbOrTx, id: number): Promise<UserRow | undefined> {
  return (await db.select().from(users).where(eq(users.id, id)))[0];
}

export const listUsers = (db: DbOrTx): Promise<UserRow[]> => db.select().from(users).orderBy(asc(users.id));

export async function insertUser(db: DbOrTx, row: typeof users.$inferInsert): Promise<UserRow> {
  const [u] = await db.insert(users).values(row).returning();
  return u!;
}

export async function insertSession(db: DbOrTx, tokenHash: string, userId: number, expiresAt: Date): Promise<void> {
  await db.insert(sessions).values({ tokenHash, userId, expiresAt });
}

/** The session's user and unit, if the session exists and has not expired. */
export async function findSessionUser(db: DbOrTx, tokenHash: string, now: Date) {
  const rows = await db
    .select({ user: users, unit: units, expiresAt: sessions.expiresAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(units, eq(units.id, users.unitId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now), eq(users.active, true)));
  return rows[0];
}

export async function deleteSession(db: DbOrTx, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteExpiredSessions(db: DbOrTx, now: Date): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}
