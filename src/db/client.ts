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
import { DEFAULT_PGLITE_SHARED_BUFFERS_MB, type Config } from '../config/config.ts';
import * as schema from './schema.ts';
import { OutageLog, type OutageLogger } from './availability.ts';
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
  /** True when the database answers a trivial query within the connection timeout. */
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
  /**
   * PostgreSQL: how long a caller waits for a pooled connection (or a new one to be made) before it
   * fails (ms). Bounded so that requests fail fast while the server is away. Default 5000.
   */
  connectTimeoutMs?: number;
  /**
   * PostgreSQL: `statement_timeout` of every pooled connection (ms); 0 or absent = none. The server
   * sets it (config); backup, restore and tests open the database without one.
   */
  statementTimeoutMs?: number;
  /**
   * Embedded database: `shared_buffers` in MB (default 32). PGlite runs inside the server process and
   * touches all of its shared buffers at start, so they count in the server's resident memory; PGlite's
   * own default (128 MB) put an idle server over 400 MB. Its data files are read through the operating
   * system, whose page cache still holds what the buffers do not (docs/OPERATIONS.md, "Memory").
   */
  pgliteSharedBuffersMb?: number;
  /** Where a lost idle connection is reported (PostgreSQL); silent when absent. */
  log?: OutageLogger;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;

/** The pool settings of the server and the `jiesu` commands that share its composition root. */
export function serverPoolOptions(
  config: Pick<Config, 'dbConnectTimeoutMs' | 'dbStatementTimeoutMs' | 'pgliteSharedBuffersMb'>,
  log: OutageLogger,
): Pick<OpenOptions, 'connectTimeoutMs' | 'statementTimeoutMs' | 'pgliteSharedBuffersMb' | 'log'> {
  return { connectTimeoutMs: config.dbConnectTimeoutMs, statementTimeoutMs: config.dbStatementTimeoutMs, pgliteSharedBuffersMb: config.pgliteSharedBuffersMb, log };
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.url) return openPostgres(opts.url, opts);
  return openPglite(opts.dataDir ?? 'memory://', opts.pgliteSharedBuffersMb ?? DEFAULT_PGLITE_SHARED_BUFFERS_MB);
}

async function openPglite(dataDir: string, sharedBuffersMb: number): Promise<Database> {
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
      postgresqlconf: [
        `timezone='${PG_SETTINGS.timezone}'`,
        "max_wal_size='64MB'",
        "min_wal_size='32MB'",
        `shared_buffers='${Math.trunc(sharedBuffersMb)}MB'`,
      ],
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

async function openPostgres(url: string, opts: OpenOptions): Promise<Database> {
  const connectTimeoutMs = opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    options: `-c timezone=${PG_SETTINGS.timezone}`,
    connectionTimeoutMillis: connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    // Notices a peer that vanished without closing the connection (network loss) sooner than the OS default.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    ...(opts.statementTimeoutMs ? { statement_timeout: opts.statementTimeoutMs } : {}),
  });
  // An idle client losing its connection (server stopped or restarted) must not crash the process:
  // the pool drops it and connects anew on the next checkout. Reported once per outage.
  const idleLoss = new OutageLog({ what: 'idle connections lost', level: 'warn' });
  pool.on('error', (e) => {
    if (opts.log) idleLoss.failed(opts.log, e);
  });
  // A checked-out client has no pool listener: its connection dying between two statements of a
  // transaction would emit an unhandled 'error' and end the process. The next statement on it fails
  // instead ("not queryable"), and the pool discards it when it is released.
  pool.on('connect', (client) => {
    client.on('error', () => {});
    // A new connection is the database answering again: close the outage in the log.
    if (idleLoss.inOutage) idleLoss.ended('answered');
  });
  const db = drizzleNodePg(pool, { schema }) as unknown as Db;
  const u = new URL(url);
  return {
    db,
    driver: 'postgres',
    url,
    where: `postgres://${u.hostname}:${u.port || 5432}${u.pathname}`,
    async close() {
      idleLoss.dispose();
      await pool.end();
    },
    async ping() {
      // A server that accepted the connection but does not answer must not hold a health check forever.
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), connectTimeoutMs)));
      const answered = pool.query('select 1').then(
        () => true,
        () => false,
      );
      try {
        return await Promise.race([answered, timedOut]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
