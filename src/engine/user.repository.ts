/** Users and their sessions. */
import { and, asc, eq, gt, lt, sql, type Placeholder } from 'drizzle-orm';
import type { Db, DbOrTx } from '../platform/db/client.ts';
import { isTransaction, perDatabase } from '../platform/db/prepared.ts';
import { sessions, units, users } from './reference/reference.table.ts';

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

const sessionUserQuery = (db: DbOrTx, tokenHash: string | Placeholder, now: Date | Placeholder) =>
  db
    .select({ user: users, unit: units, expiresAt: sessions.expiresAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(units, eq(units.id, users.unitId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now), eq(users.active, true)));

// Run on every authenticated request: built once per database handle, run by name. Not a cache of
// its answer: a session ended or a user deactivated is seen by the very next request.
const preparedSessionUser = perDatabase((db: Db) =>
  sessionUserQuery(db, sql.placeholder('tokenHash'), sql.placeholder('now')).prepare('jiesu_find_session_user'),
);

/** The session's user and unit, if the session exists and has not expired. */
export async function findSessionUser(db: DbOrTx, tokenHash: string, now: Date) {
  // The placeholder gets the value the builder would bind (timestamps as ISO text).
  const rows = isTransaction(db)
    ? await sessionUserQuery(db, tokenHash, now)
    : await preparedSessionUser(db as Db).execute({ tokenHash, now: now.toISOString() });
  return rows[0];
}

export async function deleteSession(db: DbOrTx, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteExpiredSessions(db: DbOrTx, now: Date): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}
