/** Stored responses of ticket-creating requests, keyed by (district, scope, Idempotency-Key). */
import { and, eq, sql, type Placeholder } from 'drizzle-orm';
import type { Db, DbOrTx } from '../platform/db/client.ts';
import { isTransaction, perDatabase } from '../platform/db/prepared.ts';
import { idempotencyKeys } from './tickets.table.ts';

export type IdempotencyRow = typeof idempotencyKeys.$inferSelect;

const idempotentQuery = (db: DbOrTx, districtCode: string | Placeholder, scope: string | Placeholder, key: string | Placeholder) =>
  db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.districtCode, districtCode), eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));

// Every keyed intake looks its key up first: built once per database handle, run by name.
const preparedIdempotent = perDatabase((db: Db) =>
  idempotentQuery(db, sql.placeholder('district'), sql.placeholder('scope'), sql.placeholder('key')).prepare('jiesu_find_idempotent'),
);

export async function findIdempotent(db: DbOrTx, districtCode: string, scope: string, key: string): Promise<IdempotencyRow | undefined> {
  const rows = isTransaction(db)
    ? await idempotentQuery(db, districtCode, scope, key)
    : await preparedIdempotent(db as Db).execute({ district: districtCode, scope, key });
  return rows[0];
}

/** Inserts in the caller's transaction; a concurrent duplicate makes the transaction fail on the key. */
export async function insertIdempotent(db: DbOrTx, row: typeof idempotencyKeys.$inferInsert): Promise<void> {
  await db.insert(idempotencyKeys).values(row);
}
