/**
 * Database lifecycle of a benchmark run. PGlite: a fresh temporary data directory per scenario.
 * PostgreSQL: DATABASE_URL when given (used as it is: point it at a throwaway database), otherwise a
 * throwaway cluster on loopback started with scripts/pg-local.sh and one fresh database per scenario.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DbKind, DbTarget } from './types.ts';

const PG_LOCAL = path.resolve(import.meta.dirname, '../../scripts/pg-local.sh');

export interface DbProvider {
  kind: DbKind;
  /** Human-readable, for logs. */
  where: string;
  /** Caveats added to every result measured on this database. */
  notes: string[];
  /** A fresh, empty database for one scenario. */
  prepare(scenario: string): Promise<DbTarget>;
  /** Stops what this provider started and deletes its temporary files. */
  close(): Promise<void>;
}

/**
 * pg-local.sh starts test clusters with fsync, synchronous_commit and full_page_writes off. A benchmark
 * measures what a deployment would see, so these are switched back on (later -c options win);
 * PG_LOCAL_OPTS from the environment still comes last, for experiments.
 */
const DURABLE = '-c fsync=on -c synchronous_commit=on -c full_page_writes=on';

/**
 * Memory and checkpoint settings sized for the machine, as a deployment would set them (PostgreSQL's
 * defaults are for a small shared host: 128 MB of shared buffers). shared_buffers is a sixth of RAM
 * (at most 8 GB); checkpoints are spaced so that a load of millions of rows does not checkpoint every
 * few seconds. The settings in force are written into each result's notes.
 */
function tuned(): string {
  const ramMb = Math.floor(os.totalmem() / 2 ** 20);
  const shared = Math.max(128, Math.min(8192, Math.floor(ramMb / 6)));
  return `-c shared_buffers=${shared}MB -c effective_cache_size=${Math.floor(ramMb / 2)}MB -c maintenance_work_mem=512MB -c max_wal_size=8GB -c checkpoint_timeout=15min`;
}

function pgLocal(args: string[]): string {
  const env = { ...process.env, PG_LOCAL_OPTS: `${DURABLE} ${tuned()} ${process.env.PG_LOCAL_OPTS ?? ''}`.trim() };
  return execFileSync('bash', [PG_LOCAL, ...args], { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

export async function openProvider(kind: DbKind, log: (m: string) => void): Promise<DbProvider> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'jiesu-bench-'));
  fs.chmodSync(root, 0o755); // a cluster started as root runs as `postgres` and must reach root/pg
  const removeRoot = () => fs.rmSync(root, { recursive: true, force: true });
  const dataDirOf = (scenario: string) => {
    const dir = path.join(root, scenario);
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  };

  if (kind === 'pglite') {
    return {
      kind,
      where: `PGlite under ${root}`,
      notes: ['PGlite in a fresh data directory, opened with the settings of src/platform/db/client.ts.'],
      prepare: async (s) => ({ kind, dataDir: dataDirOf(s) }),
      close: async () => removeRoot(),
    };
  }

  const given = process.env.DATABASE_URL;
  if (given) {
    log('PostgreSQL: using DATABASE_URL as it is (every scenario writes into it: use a throwaway database)');
    const u = new URL(given);
    return {
      kind,
      where: `postgres://${u.hostname}:${u.port || 5432}${u.pathname}`,
      notes: ["PostgreSQL from DATABASE_URL, with that server's own settings."],
      prepare: async (s) => ({ kind, dataDir: dataDirOf(s), url: given }),
      close: async () => removeRoot(),
    };
  }

  pgLocal(['ensure-installed']);
  const port = pgLocal(['free-port', '56432']);
  const clusterDir = path.join(root, 'pg');
  pgLocal(['start', clusterDir, port]);
  const admin = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const settings: Record<string, string> = {};
  {
    const client = new pg.Client({ connectionString: admin });
    try {
      await client.connect();
      const r = await client.query<{ name: string; setting: string }>(
        `select name, current_setting(name) as setting from unnest(array['server_version','fsync','synchronous_commit','full_page_writes','shared_buffers','effective_cache_size','max_wal_size']) as name`,
      );
      for (const row of r.rows) settings[row.name] = row.setting;
    } catch (e) {
      pgLocal(['stop', clusterDir]);
      removeRoot();
      throw e;
    } finally {
      await client.end().catch(() => {});
    }
  }
  return {
    kind,
    where: `throwaway PostgreSQL cluster on 127.0.0.1:${port} (${clusterDir})`,
    notes: [
      `Throwaway PostgreSQL ${settings.server_version} cluster on loopback (scripts/pg-local.sh): fsync=${settings.fsync}, synchronous_commit=${settings.synchronous_commit}, full_page_writes=${settings.full_page_writes}, shared_buffers=${settings.shared_buffers}, effective_cache_size=${settings.effective_cache_size}, max_wal_size=${settings.max_wal_size}.`,
    ],
    async prepare(s) {
      const name = `bench_${s.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}`;
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name}`);
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return { kind, dataDir: dataDirOf(s), url: `postgres://postgres@127.0.0.1:${port}/${name}` };
    },
    async close() {
      try {
        pgLocal(['stop', clusterDir]);
      } finally {
        removeRoot();
      }
    },
  };
}
