/**
 * One-at-a-time sections across server processes sharing a PostgreSQL database (several `jiesu serve`
 * workers or machines starting at once). On the embedded database there is only ever one process
 * (the data directory is locked), so the section simply runs.
 */
import pg from 'pg';
import type { Database } from './client.ts';

/** Advisory lock keys of the project (one number space per database; 727_001 is migrate's). */
export const ADVISORY_LOCKS = {
  /** First-start demo seeding (main.ts `seedOnFirstStart`). */
  firstStartSeed: 727_002,
} as const;

/**
 * Runs `fn` while holding the session-level advisory lock `key` on a dedicated connection, so the pool
 * `fn` uses stays free; other processes asking for the same key wait until `fn` settles. The lock
 * goes with the connection if the process dies, so a crashed holder never blocks the next start.
 */
export async function withAdvisoryLock<T>(database: Database, key: number, fn: () => Promise<T>): Promise<T> {
  if (database.driver === 'pglite') return fn();
  if (!database.url) throw new Error('withAdvisoryLock: the PostgreSQL URL is required');
  const client = new pg.Client({ connectionString: database.url });
  // A dropped lock connection must not crash the process: the section's own queries report the outage.
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [key]);
    return await fn();
  } finally {
    await client.query('select pg_advisory_unlock($1)', [key]).catch(() => {});
    await client.end().catch(() => {});
  }
}
