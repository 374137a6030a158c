/**
 * Opens the database: the embedded PGlite (default, in the data directory, guarded by a lock file)
 * or a real PostgreSQL when a URL is given. Both yield the same drizzle database type.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
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
import { OutageLog, type OutageLogger } from './availability.ts';
import { acquireDirLock, type DirLock } from './dir-lock.ts';

/**
 * The query builder over any of the house's tables. It carries no schema: tables belong to the engine
 * and the modules (src/schema.ts gathers them for drizzle-kit), and nothing uses drizzle's relational
 * query API, so the platform needs to know none of them.
 */
export type Db = PgDatabase<PgQueryResultHKT>;
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
  /**
   * The transaction the calling async flow holds on this database (the innermost, for savepoints), or
   * undefined outside any. Code that may run inside a transaction and needs the database (a cache's
   * reload) reads through it instead of the database handle: on the embedded database a statement
   * outside the transaction would wait for that transaction forever (`TransactionSelfWaitError`).
   */
  currentTransaction(): Tx | undefined;
}

/**
 * A statement sent to the embedded database's handle from inside a transaction that the same async
 * flow holds on it. PGlite has one connection: such a statement queues behind the transaction, and
 * the transaction waits for it, so neither ever ends; with nothing else pending, Node's event loop
 * runs dry and the process exits with code 0 as if it had finished. The statement is refused instead,
 * so the transaction fails and rolls back with this message. The fix is at the caller: run the
 * statement on the transaction's handle (`Database.currentTransaction()`), or before the transaction.
 */
export class TransactionSelfWaitError extends Error {
  readonly code = 'DATABASE.TRANSACTION_SELF_WAIT';
  constructor(statement: string) {
    super(
      'A statement on the embedded database was sent outside the transaction its caller holds, and would wait for that transaction forever ' +
        `(PGlite has one connection). Run it on the transaction's handle. Statement: ${statement.replace(/\s+/g, ' ').slice(0, 200)}`,
    );
    this.name = 'TransactionSelfWaitError';
  }
}

/** The transaction an async flow holds on one database; `open` turns false as its callback ends. */
interface TxScope {
  tx: Tx;
  open: boolean;
}

/**
 * Keeps statistics and query plans in step with tables that grow under a session. PostgreSQL plans from
 * its statistics and keeps plans per session (a trigger's statements from their first use, a prepared
 * statement's generic plan after five uses) until the statistics of their tables change. Inside one
 * long transaction nothing changes them: autovacuum's ANALYZE does not count uncommitted rows, and
 * PGlite has no autovacuum at all. Worse, after a rolled-back import (a dry run) autovacuum records the
 * table as 0 rows on its thousands of pages, and the planner then takes it for empty whatever its size.
 * Plans made so scan whole tables inside nested loops, and every statement of a long transaction costs
 * more than the one before (issue 15: a 10,000-row import's one transaction went from 9 s to over a
 * minute per 250 rows and did not finish in 20 minutes).
 *
 * So after every doubling of the statements a session ran (1,024, 2,048, …) it analyses the tables of
 * its schema: inside a transaction ANALYZE counts the transaction's own rows, and the new statistics
 * make the session re-plan what depends on them. `SKIP_LOCKED` passes over a table another session is
 * analysing or vacuuming; the lock taken (SHARE UPDATE EXCLUSIVE) lets reads and writes go on. A
 * doubling schedule keeps the cost a few ANALYZEs per long transaction (each samples at most 30,000
 * rows of a table) and none for ordinary short ones.
 */
export class PlanRefresher {
  #count = 0;
  #next: number;
  /** A refresh left running after the statement that started it (PGlite: `close()` waits for it). */
  background: Promise<void> | undefined;

  constructor(first = 1024) {
    this.#next = first;
  }

  /** Counts one statement that succeeded and, at a doubling, refreshes the statistics through `run`. */
  after(run: (statement: string) => Promise<unknown>): Promise<void> {
    if (++this.#count < this.#next) return Promise.resolve();
    this.#next *= 2;
    const refresh = (async () => {
      const r = (await run(ANALYZABLE_TABLES)) as { rows: { tables: string | null }[] };
      const tables = r.rows[0]?.tables;
      if (tables) await run(`analyze (skip_locked) ${tables}`);
    })();
    this.background = refresh.catch(() => {});
    return refresh;
  }
}

/** The ordinary tables of the current schema, quoted and comma-separated (null when none). */
const ANALYZABLE_TABLES =
  "select string_agg(format('%I.%I', n.nspname, c.relname), ', ' order by c.relname) as tables " +
  "from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = current_schema() and c.relkind = 'r'";

/** Wraps `query` of a driver client (a transaction's connection) so that it counts for `plans`. */
function countStatements(client: { query: (...args: unknown[]) => Promise<unknown> }, plans: PlanRefresher): () => void {
  const own = Object.prototype.hasOwnProperty.call(client, 'query');
  const query = client.query;
  client.query = async function (this: unknown, ...args: unknown[]) {
    const r = await query.apply(this, args);
    await plans.after((statement) => query.call(this, statement));
    return r;
  };
  return () => {
    if (own) client.query = query;
    else delete (client as { query?: unknown }).query;
  };
}

/**
 * Makes `db.transaction` (and the nested savepoints of its transactions) run their callbacks in a scope
 * of `scopes`, so that `currentTransaction()` and the embedded database's self-wait guard know which
 * transaction an async flow holds. One AsyncLocalStorage per database: a flow holding a transaction
 * on one database may use another freely. `plansOf()` gives the plan refresher of a transaction's
 * connection (a new one per transaction on PostgreSQL, whose pooled connections each have their own
 * plans; the one session's on PGlite).
 */
function trackTransactions(db: Db, scopes: AsyncLocalStorage<TxScope>, plansOf: () => PlanRefresher): void {
  const wrap = (target: { transaction: Db['transaction'] }, outermost: boolean) => {
    const original = target.transaction.bind(target) as Db['transaction'];
    target.transaction = ((body: (tx: Tx) => Promise<unknown>, config?: Parameters<Db['transaction']>[1]) =>
      original((tx) => {
        wrap(tx, false);
        const scope: TxScope = { tx, open: true };
        // drizzle's session of the transaction holds its connection (`client`), as in prepared.ts.
        const restore = outermost
          ? countStatements((tx as unknown as { session: { client: { query: (...a: unknown[]) => Promise<unknown> } } }).session.client, plansOf())
          : () => {};
        return scopes.run(scope, async () => {
          try {
            return await body(tx);
          } finally {
            scope.open = false;
            restore();
          }
        });
      }, config)) as Db['transaction'];
  };
  wrap(db, true);
}

function currentTransactionOf(scopes: AsyncLocalStorage<TxScope>): () => Tx | undefined {
  return () => {
    const s = scopes.getStore();
    return s?.open ? s.tx : undefined;
  };
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
  return {
    connectTimeoutMs: config.dbConnectTimeoutMs,
    statementTimeoutMs: config.dbStatementTimeoutMs,
    pgliteSharedBuffersMb: config.pgliteSharedBuffersMb,
    log,
  };
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
      postgresqlconf: [`timezone='${PG_SETTINGS.timezone}'`, "max_wal_size='64MB'", "min_wal_size='32MB'", `shared_buffers='${Math.trunc(sharedBuffersMb)}MB'`],
    });
    await client.waitReady;
    const scopes = new AsyncLocalStorage<TxScope>();
    // One session for the whole process: one plan cache, one count of statements.
    const plans = new PlanRefresher();
    const db = drizzlePglite(guardSelfWait(client, scopes, plans)) as unknown as Db;
    trackTransactions(db, scopes, () => plans);
    return {
      db,
      driver: 'pglite',
      where: inMemory ? 'embedded (memory)' : `embedded (${pgDir})`,
      currentTransaction: currentTransactionOf(scopes),
      async close() {
        try {
          // A query still running when PGlite closes hangs the process (PGlite 0.4+).
          await plans.background;
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

/**
 * The PGlite client as drizzle sees it, with statements on the database handle (not on a transaction's)
 * refused while the calling flow holds an open transaction: they would wait for it forever. Statements
 * on the handle count for the session's plan refresher.
 */
function guardSelfWait(client: PGlite, scopes: AsyncLocalStorage<TxScope>, plans: PlanRefresher): PGlite {
  const guarded = new Set<PropertyKey>(['query', 'exec', 'transaction', 'sql']);
  return new Proxy(client, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      const fn = value as (...args: unknown[]) => unknown;
      if (!guarded.has(prop)) return fn.bind(target);
      return (...args: unknown[]) => {
        if (scopes.getStore()?.open) {
          const text = typeof args[0] === 'string' ? args[0] : prop === 'transaction' ? 'BEGIN' : String(prop);
          return Promise.reject(new TransactionSelfWaitError(text));
        }
        if (prop === 'transaction') return fn.apply(target, args);
        return (async () => {
          const r = await fn.apply(target, args);
          // Not awaited: the caller's statement is done, and the refresh may have to queue behind a
          // transaction of another flow, which might be waiting for this caller. A refresh that fails
          // (the database closing) leaves the plans as they were.
          plans.after((statement) => target.query(statement)).catch(() => {});
          return r;
        })();
      };
    },
  });
}

async function openPostgres(url: string, opts: OpenOptions): Promise<Database> {
  const connectTimeoutMs = opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    // jit=off: JIT compiles a statement's expressions at every execution when its estimated cost passes
    // jit_above_cost, and it is never worth it for this workload's short statements. The ranking
    // triggers' statements are estimated far above that once tickets is large (their set-returning
    // helper is costed at 1,000 rows a call), so every ticket step paid 130–320 ms of compilation for
    // a statement that ran in under 3 ms (issue 15; PGlite has no JIT).
    options: `-c timezone=${PG_SETTINGS.timezone} -c jit=off`,
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
  const db = drizzleNodePg(pool) as unknown as Db;
  const scopes = new AsyncLocalStorage<TxScope>();
  // Outside transactions statements go to any pooled connection, whose plans autovacuum's ANALYZE
  // renews as tables grow; a transaction's statements all go to one connection, counted here.
  trackTransactions(db, scopes, () => new PlanRefresher());
  const u = new URL(url);
  return {
    db,
    driver: 'postgres',
    url,
    currentTransaction: currentTransactionOf(scopes),
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
