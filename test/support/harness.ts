/**
 * Test harness: a migrated, seeded database (embedded in memory, or a fresh database on the real
 * PostgreSQL named by DATABASE_URL), a controllable clock, the Fastify app, and sign-in helpers.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import type { AppContext } from '../../src/engine/context.ts';
import { prepareRequesterDataAtRest } from '../../src/engine/personal-data-at-rest.ts';
import type { PersonalDataKeyring } from '../../src/platform/crypto/personal-data-crypto.ts';
import { openKeyring } from '../../src/platform/crypto/personal-data-keys.ts';
import { ReferenceCache } from '../../src/engine/reference/reference-cache.ts';
import { seedDemo } from '../../src/modules/demo/seed-demo.ts';
import { loadConfig } from '../../src/platform/config/config.ts';
import { openDatabase, type Database } from '../../src/platform/db/client.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import { createApp } from '../../src/main.ts';
import type { FastifyInstance } from 'fastify';

export const DISTRICT = '110109';
export const PASSWORD = 'Jiesu@2026';

/** Which database the db tests run on: the embedded one unless DATABASE_URL is set. */
export const dbKind = (): 'pglite' | 'postgres' => (loadConfig().databaseUrl ? 'postgres' : 'pglite');

export interface TestClock {
  now(): Date;
  set(d: Date | string): void;
  advance(ms: number): void;
}

export function testClock(start: Date | string = '2026-03-02T09:00:00+08:00'): TestClock {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (d) => {
      t = new Date(d).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

/**
 * A new, empty database on the PostgreSQL server of `serverUrl` (named `<prefix>_<random>`): its URL, and
 * a function that drops it (forcing out connections left by a killed process).
 */
export async function scratchPostgresDatabase(serverUrl: string, prefix = 'jiesu_t'): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const run = async (sql: string) => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query(sql);
    } finally {
      await admin.end();
    }
  };
  await run(`create database ${name}`);
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
}

/** A fresh database: in memory for PGlite, or a new database on the PostgreSQL server. */
export async function freshDatabase(): Promise<{ database: Database; drop(): Promise<void> }> {
  const url = loadConfig().databaseUrl;
  if (!url) {
    const database = await openDatabase({ dataDir: 'memory://' });
    return { database, drop: () => database.close() };
  }
  const scratch = await scratchPostgresDatabase(url);
  const database = await openDatabase({ url: scratch.url, poolSize: 5 });
  return {
    database,
    async drop() {
      await database.close();
      await scratch.drop();
    },
  };
}

export interface Harness {
  ctx: AppContext;
  app: FastifyInstance;
  clock: TestClock;
  close(): Promise<void>;
  /** Signs in and returns the bearer token. */
  token(username: string): Promise<string>;
  /** Calls the API as `username` (bearer token) and returns status and JSON body. */
  api(
    username: string | null,
    method: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
  unitId(code: string): number;
}

/**
 * `keyring`: the personal-data keys (default: one random key held in memory, as `openKeyring` gives a
 * `memory://` data directory); the start-up check and legacy pass run as in `openContext`.
 */
export async function createHarness(opts: { clock?: TestClock; seed?: boolean; keyring?: PersonalDataKeyring } = {}): Promise<Harness> {
  const clock = opts.clock ?? testClock();
  const { database, drop } = await freshDatabase();
  await migrate(database);
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const personalData = opts.keyring ?? openKeyring({ dataKey: null, oldDataKeys: [], dataDir: 'memory://' });
  await prepareRequesterDataAtRest(database.db, personalData, clock.now(), log);
  const uploadsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiesu-uploads-'));
  const ctx: AppContext = {
    database,
    clock: clock.now,
    log,
    districtCode: DISTRICT,
    reference: new ReferenceCache(database, DISTRICT, clock.now, log, 0),
    uploadsDir,
    personalData,
  };
  if (opts.seed !== false) await seedDemo(ctx);
  // Cache for the rest of the test: reference data does not change unless a test invalidates it.
  ctx.reference = new ReferenceCache(database, DISTRICT, clock.now, log, 60_000);
  const app = await createApp(ctx, { publicRatePerMinute: 10_000 });
  await app.ready();
  const ref = await ctx.reference.get();
  const tokens = new Map<string, { token: string; expiresAt: number }>();
  const token = async (username: string) => {
    const cached = tokens.get(username);
    if (cached && cached.expiresAt > clock.now().getTime() + 60_000) return cached.token;
    const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
    if (r.statusCode !== 200) throw new Error(`login ${username}: ${r.statusCode} ${r.body}`);
    const t = r.json().token as string;
    tokens.set(username, { token: t, expiresAt: Date.parse(r.json().expiresAt) });
    return t;
  };
  return {
    ctx,
    app,
    clock,
    token,
    async api(username, method, url, body, headers = {}) {
      const h: Record<string, string> = { ...headers };
      if (username) h.authorization = `Bearer ${await token(username)}`;
      const r = await app.inject({ method: method as 'GET', url, payload: body as never, headers: h });
      let parsed: unknown = r.body;
      try {
        parsed = r.body ? JSON.parse(r.body) : null;
      } catch {
        /* not JSON */
      }
      return { status: r.statusCode, body: parsed, headers: r.headers };
    },
    unitId(code: string) {
      const u = ref.units.find((x) => x.code === code);
      if (!u) throw new Error(`no unit ${code}`);
      return u.id;
    },
    async close() {
      await app.close();
      await drop();
      fs.rmSync(uploadsDir, { recursive: true, force: true });
    },
  };
}
