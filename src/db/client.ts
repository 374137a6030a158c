/**
 * Opens the database: the embedded PGlite (default, in the data directory, guarded by a lock file)
 * or a real PostgreSQL when a URL is given. Both yield the same drizzle database type.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import * as schema from './schema.ts';
import { acquireDirLock, type DirLock } from './dir-lock.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** A database handle or an open transaction: repositories accept either. */
export type DbOrTx = Db | Tx;

/** Runs raw SQL on either driver and returns its rows (both drivers answer with `{ rows }`). */
export async function queryRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const r = (await db.execute(query)) as unknown as { rows: T[] };
  return r.rows;
}

export interface Database {
  db: Db;
  driver: 'pglite' | 'postgres';
  /** Connection URL of a PostgreSQL server (absent for the embedded database). */
  url?: string;
  /** Human-readable location, for logs (never includes a password). */
  where: string;
  close(): Promise<void>;
  /** True when the database answers a trivial query. */
  ping(): Promise<boolean>;
}

/** Settings both drivers use: the domain's time zone, so SQL date functions agree with it. */
const PG_SETTINGS = { timezone: 'Asia/Shanghai' };

export interface OpenOptions {
  /** `postgres://…` for a real server; undefined for the embedded database. */
  url?: string | undefined;
  /** Data directory of the embedded database; `memory://` keeps it in memory (tests). */
  dataDir?: string;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.url) return openPostgres(opts.url, opts.poolSize ?? 10);
  return openPglite(opts.dataDir ?? 'memory://');
}

async function openPglite(dataDir: string): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  let lock: DirLock | undefined;
  let pgDir: string | undefined;
  if (!inMemory) {
    fs.mkdirSync(dataDir, { recursive: true });
    lock = acquireDirLock(dataDir);
    pgDir = path.join(dataDir, 'pgdata');
  }
  try {
    const client = new PGlite(pgDir ?? 'memory://', {
      extensions: { pg_trgm },
      postgresqlconf: [`timezone='${PG_SETTINGS.timezone}'`, "max_wal_size='64MB'", "min_wal_size='32MB'"],
    });
    await client.waitReady;
    const db = drizzlePglite(client, { schema }) as unknown as Db;
    return {
      db,
      driver: 'pglite',
      where: inMemory ? 'embedded (memory)' : `embedded (${pgDir})`,
      async close() {
        try {
          if (!client.closed) await client.close();
        } finally {
          lock?.release();
        }
      },
      async ping() {
        try {
          await client.query('select 1');
          return true;
        } catch {
          return false;
        }
      },
    };
  } catch (e) {
    lock?.release();
    throw e;
  }
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    options: `-c timezone=${PG_SETTINGS.timezone}`,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = drizzleNodePg(pool, { schema }) as unknown as Db;
  const u = new URL(url);
  return {
    db,
    driver: 'postgres',
    url,
    where: `postgres://${u.hostname}:${u.port || 5432}${u.pathname}`,
    async close() {
      await pool.end();
    },
    async ping() {
      try {
        await pool.query('select 1');
        return true;
      } catch {
        return false;
      }
    },
  };
}
