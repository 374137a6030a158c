/** What a read replica says about itself: whether it is a standby and how far behind it is. */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from './client.ts';

export interface ReplicaStatus {
  /** True on a hot standby (streaming or replaying WAL); false on a server that takes writes. */
  inRecovery: boolean;
  /**
   * Seconds the replica's data trails the primary: 0 when it has replayed everything it received (or is
   * not a standby), else the age of the last transaction it replayed. That overestimates after a quiet
   * spell on the primary, which errs on the side of reading the primary.
   */
  lagSeconds: number;
}

export async function replicaStatus(db: DbOrTx): Promise<ReplicaStatus> {
  const [r] = await queryRows<{ in_recovery: boolean; lag_seconds: number | string | null }>(
    db,
    sql`select pg_is_in_recovery() as in_recovery,
          case when not pg_is_in_recovery() then 0
               when pg_last_wal_receive_lsn() is null or pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn() then 0
               else coalesce(extract(epoch from now() - pg_last_xact_replay_timestamp()), 0)
          end::float8 as lag_seconds`,
  );
  return { inRecovery: r!.in_recovery, lagSeconds: Math.max(0, Number(r!.lag_seconds ?? 0)) };
}
