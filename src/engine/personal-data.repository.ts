/**
 * Key-check records of the personal-data keys, in `app_meta` (one row per key id): a known text sealed
 * under each key this database has used, so a start with a different key of the same id, or without a
 * key the data still needs, fails clearly instead of serving values it cannot open.
 */
import { like, sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/client.ts';
import { appMeta } from './reference/reference.table.ts';

const PREFIX = 'personalDataKey:';

export interface KeyCheckRecord {
  keyId: string;
  /** The check text sealed under the key. */
  check: string;
  createdAt: string;
}

export async function listKeyChecks(db: DbOrTx): Promise<KeyCheckRecord[]> {
  const rows = await db
    .select()
    .from(appMeta)
    .where(like(appMeta.key, `${PREFIX}%`));
  return rows.map((r) => r.value as KeyCheckRecord);
}

/** Records a key's check unless one exists (two processes starting together both try; one wins). */
export async function insertKeyCheck(db: DbOrTx, r: KeyCheckRecord): Promise<void> {
  await db
    .insert(appMeta)
    .values({ key: `${PREFIX}${r.keyId}`, value: r })
    .onConflictDoNothing({ target: appMeta.key });
}

/** Forgets a retired key: the database no longer holds anything sealed under it. */
export async function deleteKeyCheck(db: DbOrTx, keyId: string): Promise<void> {
  await db.delete(appMeta).where(sql`${appMeta.key} = ${`${PREFIX}${keyId}`}`);
}
