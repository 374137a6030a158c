/**
 * A PostgreSQL cluster of a test's own, in a temporary directory on a free loopback port, started and
 * stopped with `scripts/pg-local.sh` — for tests that stop the database, which must never be the
 * shared cluster of DATABASE_URL.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const SCRIPT = path.resolve(import.meta.dirname, '../../scripts/pg-local.sh');

async function script(copy: string, env: NodeJS.ProcessEnv, ...args: string[]): Promise<string> {
  try {
    const { stdout } = await run('bash', [copy, ...args], { env, maxBuffer: 16 << 20 });
    return stdout.trim();
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`pg-local.sh ${args.join(' ')} failed: ${err.stderr?.trim() || err.message}`, { cause: e });
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export interface OwnCluster {
  port: number;
  /** Data directory (holds postgres.log). */
  dir: string;
  url(database?: string): string;
  /** One statement on database `postgres`, its rows. */
  sql<T = Record<string, unknown>>(query: string, params?: unknown[]): Promise<T[]>;
  /** Starts the server again in the same directory on the same port (crash recovery after an immediate stop). */
  start(): Promise<void>;
  /** `pg_ctl stop -m fast`: sessions are terminated (57P01), a checkpoint is written. */
  stopFast(): Promise<void>;
  /**
   * Immediate shutdown, what `pg_ctl stop -m immediate` does: SIGQUIT to the postmaster, which kills
   * every backend without a checkpoint; the next start replays the WAL (a crash, as far as the data is
   * concerned). pg-local.sh has only the fast mode.
   */
  stopImmediate(): Promise<void>;
  /** Stops the server and deletes the directory. */
  close(): Promise<void>;
}

/**
 * `pgOptions` are extra server settings (PG_LOCAL_OPTS); later `-c` settings override pg-local.sh's,
 * e.g. `-c synchronous_commit=on` so that an acknowledged commit survives an immediate stop.
 */
export async function startOwnCluster(opts: { pgOptions?: string; fromPort?: number } = {}): Promise<OwnCluster> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'jiesu-own-pg-'));
  fs.chmodSync(scratch, 0o755); // the cluster owner (user `postgres` when we are root) must reach the directory
  const dir = path.join(scratch, 'data');
  // A private copy: bash reads a script while it runs, so an edit of the shared one during the test
  // (another change in the same checkout) must not break a stop or start halfway.
  const copy = path.join(scratch, 'pg-local.sh');
  fs.copyFileSync(SCRIPT, copy);
  const env = { ...process.env, PG_LOCAL_OPTS: opts.pgOptions ?? '' };
  const sh = (...args: string[]) => script(copy, env, ...args);
  const port = Number(await sh('free-port', String(opts.fromPort ?? 56_400)));
  const start = async () => void (await sh('start', dir, String(port)));
  try {
    await start();
  } catch (e) {
    await sh('stop', dir).catch(() => {});
    fs.rmSync(scratch, { recursive: true, force: true });
    throw e;
  }
  const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    port,
    dir,
    url,
    async sql<T>(query: string, params: unknown[] = []) {
      const c = new pg.Client({ connectionString: url() });
      await c.connect();
      try {
        return (await c.query(query, params)).rows as T[];
      } finally {
        await c.end();
      }
    },
    start,
    stopFast: async () => void (await sh('stop', dir)),
    async stopImmediate() {
      const pidFile = path.join(dir, 'postmaster.pid');
      const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
      if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no postmaster pid in ${pidFile}`);
      process.kill(pid, 'SIGQUIT');
      const deadline = Date.now() + 30_000;
      while (alive(pid)) {
        if (Date.now() > deadline) throw new Error(`postmaster ${pid} did not stop within 30 s after SIGQUIT`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async close() {
      try {
        await sh('stop', dir);
      } finally {
        fs.rmSync(scratch, { recursive: true, force: true });
      }
    },
  };
}
