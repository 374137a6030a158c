/**
 * A PostgreSQL primary and a streaming hot standby of it, each in its own temporary directory on a free
 * loopback port, made by `scripts/pg-local.sh replica` (never the shared cluster of DATABASE_URL), and
 * the SQL a test needs to watch and steer replication: streaming state, pause/resume of replay, LSNs.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const SCRIPT = path.resolve(import.meta.dirname, '../../scripts/pg-local.sh');

/** Newest /usr/lib/postgresql/<major>/bin that can make a replica (initdb, pg_ctl, pg_basebackup), or null. */
export function pgBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  let majors: string[];
  try {
    majors = fs.readdirSync(root).filter((d) => /^\d+$/.test(d));
  } catch {
    return null;
  }
  for (const m of majors.sort((a, b) => Number(b) - Number(a))) {
    const bin = path.join(root, m, 'bin');
    if (['initdb', 'pg_ctl', 'pg_basebackup'].every((t) => fs.existsSync(path.join(bin, t)))) return bin;
  }
  return null;
}

export interface ReplicaPair {
  primaryPort: number;
  replicaPort: number;
  /** Data directories (each holds its server's postgres.log). */
  primaryDir: string;
  replicaDir: string;
  /** `postgres://postgres@127.0.0.1:<port>/<database>` on the primary / the replica. */
  primaryUrl(database?: string): string;
  replicaUrl(database?: string): string;
  /** One statement on the primary or the replica (database `postgres` unless named), its rows. */
  primarySql<T = Record<string, unknown>>(query: string, database?: string): Promise<T[]>;
  replicaSql<T = Record<string, unknown>>(query: string, database?: string): Promise<T[]>;
  /** Waits until the replica has replayed everything the primary has inserted so far. */
  waitForReplay(timeoutMs?: number): Promise<void>;
  /** Waits until the standby has received (not necessarily replayed) all WAL the primary has inserted. */
  waitForReceive(timeoutMs?: number): Promise<void>;
  stopReplica(): Promise<void>;
  startReplica(): Promise<void>;
  /** Stops both servers and deletes both directories. */
  close(): Promise<void>;
}

async function script(...args: string[]): Promise<string> {
  try {
    const { stdout } = await run('bash', [SCRIPT, ...args], { maxBuffer: 16 << 20 });
    return stdout.trim();
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`pg-local.sh ${args.join(' ')} failed: ${err.stderr?.trim() || err.message}`, { cause: e });
  }
}

async function query<T>(url: string, text: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text)).rows as T[];
  } finally {
    await c.end();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts a primary and its replica. Ports are searched from a random base, so concurrent test runs
 * rarely collide; a port taken between the search and the start is retried with another one.
 */
export async function startReplicaPair(): Promise<ReplicaPair> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'jiesu-replica-'));
  fs.chmodSync(root, 0o755); // the cluster owner (`postgres` when we are root) must reach its directory
  const primaryDir = path.join(root, 'primary');
  const replicaDir = path.join(root, 'replica');
  let primaryPort = 0;
  let replicaPort = 0;
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        primaryPort = Number(await script('free-port', String(56000 + Math.floor(Math.random() * 3000))));
        await script('start', primaryDir, String(primaryPort));
        break;
      } catch (e) {
        // Another run may take the port between the search and the start; anything else fails again.
        if (attempt >= 3) throw e;
        await script('stop', primaryDir).catch(() => {});
      }
    }
    for (let attempt = 1; ; attempt++) {
      try {
        replicaPort = Number(await script('free-port', String(primaryPort + 1 + Math.floor(Math.random() * 50))));
        await script('replica', primaryDir, String(primaryPort), replicaDir, String(replicaPort));
        break;
      } catch (e) {
        if (attempt >= 3) throw e;
        await script('stop', replicaDir).catch(() => {});
        fs.rmSync(replicaDir, { recursive: true, force: true });
      }
    }
  } catch (e) {
    await script('stop', replicaDir).catch(() => {});
    await script('stop', primaryDir).catch(() => {});
    fs.rmSync(root, { recursive: true, force: true });
    throw e;
  }
  const url = (port: number, database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
  /**
   * Waits until the standby has received or replayed everything the primary has inserted so far. The
   * insert position, not pg_current_wal_lsn() (the write position): with synchronous_commit off (as
   * pg-local.sh runs) an acknowledged commit can sit in the WAL buffers, behind the write position, for
   * as long as the WAL writer takes on a loaded machine.
   */
  const waitForStandby = async (position: string, what: string, timeoutMs: number) => {
    const [primary] = await query<{ lsn: string }>(url(primaryPort), 'select pg_current_wal_insert_lsn()::text as lsn');
    const lsn = primary!.lsn;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [r] = await query<{ done: boolean }>(url(replicaPort), `select coalesce(${position} >= '${lsn}'::pg_lsn, false) as done`);
      if (r!.done) return;
      if (Date.now() > deadline) throw new Error(`replica did not ${what} up to ${lsn} within ${timeoutMs} ms`);
      await sleep(50);
    }
  };
  const pair: ReplicaPair = {
    primaryPort,
    replicaPort,
    primaryDir,
    replicaDir,
    primaryUrl: (db) => url(primaryPort, db),
    replicaUrl: (db) => url(replicaPort, db),
    primarySql: (text, db) => query(url(primaryPort, db), text),
    replicaSql: (text, db) => query(url(replicaPort, db), text),
    waitForReplay: (timeoutMs = 60_000) => waitForStandby('pg_last_wal_replay_lsn()', 'replay', timeoutMs),
    waitForReceive: (timeoutMs = 60_000) => waitForStandby('pg_last_wal_receive_lsn()', 'receive', timeoutMs),
    stopReplica: () => script('stop', replicaDir).then(() => {}),
    startReplica: () => script('start', replicaDir, String(replicaPort)).then(() => {}),
    async close() {
      await script('stop', replicaDir).catch(() => {});
      await script('stop', primaryDir).catch(() => {});
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
  return pair;
}
