/** Stored responses of ticket-creating requests, keyed by (scope, Idempotency-Key). */
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { idempotencyKeys } from '../schema.ts';

export type IdempotencyRow = typeof idempotencyKeys.$inferSelect;

export async function findIdempotent(db: DbOrTx, scope: string, key: string): Promise<IdempotencyRow | undefined> {
  return (await db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key))))[0];
}

/** Inserts in the caller's transaction; a concurrent duplicate makes the transaction fail on the key. */
export async function insertIdempotent(db: DbOrTx, row: typeof idempotencyKeys.$inferInsert): Promise<void> {
  await db.insert(idempotencyKeys).values(row);
}
