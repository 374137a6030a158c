/** Stored responses of ticket-creating requests, keyed by (scope, Idempotency-Key). */
import { and, eq, sql, type Placeholder } from 'drizzle-orm';
import type { Db, DbOrTx } from '../client.ts';
import { isTransaction, perDatabase } from '../prepared.ts';
import { idempotencyKeys } from '../schema.ts';

export type IdempotencyRow = typeof idempotencyKeys.$inferSelect;

const idempotentQuery = (db: DbOrTx, scope: string | Placeholder, key: string | Placeholder) =>
  db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));

// Every keyed intake looks its key up first: built once per database handle, run by name.
const preparedIdempotent = perDatabase((db: Db) => idempotentQuery(db, sql.placeholder('scope'), sql.placeholder('key')).prepare('jiesu_find_idempotent'));

export async function findIdempotent(db: DbOrTx, scope: string, key: string): Promise<IdempotencyRow | undefined> {
  const rows = isTransaction(db) ? await idempotentQuery(db, scope, key) : await preparedIdempotent(db as Db).execute({ scope, key });
  return rows[0];
}

/** Inserts in the caller's transaction; a concurrent duplicate makes the transaction fail on the key. */
export async function insertIdempotent(db: DbOrTx, row: typeof idempotencyKeys.$inferInsert): Promise<void> {
  await db.insert(idempotencyKeys).values(row);
}
