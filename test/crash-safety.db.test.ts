/**
 * Crash safety of intake: the real server (`node bin/jiesu.js serve`) runs as a child process on a
 * data directory (embedded database) or a fresh PostgreSQL database; operators' ticket creations with
 * Idempotency-Keys are fired at it and it is killed with SIGKILL while requests are in flight. After a
 * restart on the same data (lock recovery and WAL replay on PGlite) every ticket that was acknowledged
 * (201) exists with its history, retrying every key returns the same ticket for acknowledged ones and
 * creates a ticket at most once for the ones whose outcome was unknown, and there are no duplicates.
 * Three kill/restart cycles, then a direct look at the database: every ticket's events replay to it.
 *
 * The embedded database also refuses a second `serve` on the same data directory while the first runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/platform/config/config.ts';
import { openDatabase, queryRows } from '../src/platform/db/client.ts';
import { domainTicketOf, eventFromRow, listEvents, listTicketRows } from '../src/engine/ticket.repository.ts';
import { replay } from '../src/engine/domain/workflow/evolve.ts';
import { freeTcpPort as freePort } from './support/child-server.ts';
import { dbKind, DISTRICT, PASSWORD, scratchPostgresDatabase } from './support/harness.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'jiesu.js');
const KIND = dbKind();
const CYCLES = 3;
const CONCURRENCY = 8;
/** A bound on waiting for readiness (the first start seeds the demo district; a loaded machine takes longer), not a timing assertion. */
const START_TIMEOUT_MS = 240_000;
const REQUEST_TIMEOUT_MS = 15_000;

interface Server {
  child: ChildProcess;
  url: string;
  output(): string;
  exited: Promise<number | null>;
}

/** Environment of a child server: our data directory or database, no demo history, no sweeper. */
function serverEnv(dataDir: string, databaseUrl: string | undefined, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    JIESU_DATA_DIR: dataDir,
    JIESU_DEMO_TICKETS: '0',
    JIESU_SWEEP_SECONDS: '0',
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_REPLICA_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  return env;
}

/**
 * Spawns `jiesu serve`. The working directory is a scratch directory, so the server neither builds nor
 * serves the web app (a build would touch the shared dist/).
 */
function spawnServe(cwd: string, env: NodeJS.ProcessEnv): { child: ChildProcess; output(): string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, 'serve'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function startServer(cwd: string, dataDir: string, databaseUrl: string | undefined): Promise<Server> {
  const port = await freePort();
  const s = spawnServe(cwd, serverEnv(dataDir, databaseUrl, port));
  const url = `http://127.0.0.1:${port}`;
  let gone = false;
  void s.exited.then(() => (gone = true));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`server exited before it was ready:\n${s.output()}`);
    try {
      const r = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (r.status === 200) return { ...s, url };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  s.child.kill('SIGKILL');
  throw new Error(`server not ready within ${START_TIMEOUT_MS / 1000} s:\n${s.output()}`);
}

async function kill(s: Server): Promise<void> {
  if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  await s.exited;
}

async function call(base: string, token: string | null, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  const h: Record<string, string> = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  if (body !== undefined) h['content-type'] = 'application/json';
  const r = await fetch(base + url, {
    method,
    headers: h,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await r.text();
  let parsed: any = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: r.status, body: parsed };
}

/** Signs in once per server start (the login route is rate-limited per address). */
async function signIn(base: string): Promise<string> {
  const r = await call(base, null, 'POST', '/api/auth/login', { username: 'operator', password: PASSWORD });
  if (r.status !== 200) throw new Error(`login: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token as string;
}

/** Runs `fn` over `items`, `limit` at a time (the checks after each restart are many small requests). */
async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

interface Acked {
  ticketId: number;
  number: string;
}

describe(`crash safety of intake under SIGKILL (${KIND})`, () => {
  let scratch: string;
  let dataDir: string;
  let databaseUrl: string | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  const running = new Set<Server>();

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'jiesu-crash-'));
    dataDir = path.join(scratch, 'data');
    const url = loadConfig().databaseUrl;
    if (url) {
      const db = await scratchPostgresDatabase(url, 'jiesu_crash');
      databaseUrl = db.url;
      dropDatabase = db.drop;
    }
  });

  afterAll(async () => {
    for (const s of running) await kill(s);
    await dropDatabase?.();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  async function start(): Promise<Server> {
    const s = await startServer(scratch, dataDir, databaseUrl);
    running.add(s);
    void s.exited.then(() => running.delete(s));
    return s;
  }

  it(`${CYCLES} kill/restart cycles lose no acknowledged ticket and create no duplicate`, async () => {
    const started = Date.now();
    /** Every key that ever got a 201/200, with its ticket: must survive every later crash. */
    const acked = new Map<string, Acked>();
    const bodies = new Map<string, Record<string, unknown>>();
    const figures: { acked: number; unknown: number; unknownCreated: number; unknownReplayed: number }[] = [];
    let lost = 0;
    let duplicates = 0;

    let server = await start();
    let token = await signIn(server.url);
    const units = await call(server.url, token, 'GET', '/api/units');
    expect(units.status).toBe(200);
    const streetUnit = (units.body.items as { id: number; code: string }[]).find((u) => u.code === 'ST-110109001');
    expect(streetUnit).toBeDefined();
    const baseline = await call(server.url, token, 'GET', '/api/tickets?limit=1');
    expect(baseline.status).toBe(200);
    const baselineTotal = baseline.body.total as number;

    const bodyFor = (key: string, n: number) => ({
      requestType: 'complaint',
      channel: 'phone',
      urgency: 'normal',
      title: `夜间施工噪音扰民 ${key}`,
      content: `来电人反映：小区旁工地夜间22点后仍在施工，噪音很大，影响休息，希望尽快处理。（${key}）`,
      address: `大峪街道新桥南大街${(n % 90) + 1}号院`,
      streetCode: '110109001',
      requesterName: '王女士',
      requesterPhone: `139${String(10_000_000 + n * 7919).slice(-8)}`,
      triage: { action: 'dispatch', leadUnitId: streetUnit!.id },
    });

    const post = (base: string, tok: string, key: string) => call(base, tok, 'POST', '/api/tickets', bodies.get(key), { 'idempotency-key': key });

    let serial = 0;
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      // Fire intake at CONCURRENCY until a random number have been acknowledged, then SIGKILL the
      // server with requests in flight.
      const target = 50 + Math.floor(Math.random() * 100);
      const unknown: string[] = [];
      let ackedThisCycle = 0;
      let killed = false;
      const worker = async () => {
        while (!killed) {
          const n = ++serial;
          const key = `crash-${cycle}-${n}-${randomBytes(4).toString('hex')}`;
          bodies.set(key, bodyFor(key, n));
          try {
            const r = await post(server.url, token, key);
            if (r.status !== 201) throw new Error(`intake ${key}: ${r.status} ${JSON.stringify(r.body)}`);
            expect(r.body.state).toBe('dispatched');
            acked.set(key, { ticketId: r.body.ticketId, number: r.body.number });
            if (++ackedThisCycle >= target && !killed) {
              killed = true;
              server.child.kill('SIGKILL');
            }
          } catch (e) {
            if (e instanceof Error && e.message.startsWith('intake ')) throw e;
            // Connection reset/refused or timed out: the outcome is unknown.
            unknown.push(key);
            if (!killed) {
              if (server.child.exitCode !== null || server.child.signalCode !== null)
                throw new Error(`server died on its own:\n${server.output()}`, { cause: e });
            }
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      await server.exited;
      expect(server.child.signalCode).toBe('SIGKILL');
      // The killed server could not release its lock: the restart has to recover it.
      if (KIND === 'pglite') expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'jiesu.lock'), 'utf8')).pid).toBe(server.child.pid);

      // Restart on the same data and check everything acknowledged so far, in every cycle.
      server = await start();
      token = await signIn(server.url);
      await eachLimited([...acked], CONCURRENCY, async ([key, a]) => {
        const t = await call(server.url, token, 'GET', `/api/tickets/${a.ticketId}`);
        if (t.status !== 200 || t.body.number !== a.number) {
          lost++;
          return;
        }
        expect(t.body.state).toBe('dispatched');
        expect(t.body.leadUnit?.id).toBe(streetUnit!.id);
        expect(t.body.content).toContain(key);
        expect(t.body.events.map((e: { type: string }) => e.type)).toEqual(['accept', 'dispatch']);
        expect(t.body.version).toBe(2);
      });
      expect(lost).toBe(0);

      // Retry every key of this cycle: acknowledged ones replay, unknown ones create at most once.
      const keys = [...bodies.keys()].filter((k) => k.startsWith(`crash-${cycle}-`));
      let unknownCreated = 0;
      let unknownReplayed = 0;
      await eachLimited(keys, CONCURRENCY, async (key) => {
        const r = await post(server.url, token, key);
        expect([200, 201], `${key}: ${JSON.stringify(r.body)}`).toContain(r.status);
        const prior = acked.get(key);
        if (prior) {
          expect(r.status, key).toBe(200);
          expect(r.body.ticketId).toBe(prior.ticketId);
          expect(r.body.number).toBe(prior.number);
        } else {
          expect(unknown).toContain(key);
          if (r.status === 201) unknownCreated++;
          else unknownReplayed++;
          acked.set(key, { ticketId: r.body.ticketId, number: r.body.number });
          // A second retry replays what the first one settled.
          const again = await post(server.url, token, key);
          expect(again.status).toBe(200);
          expect(again.body.ticketId).toBe(r.body.ticketId);
        }
      });
      figures.push({ acked: ackedThisCycle, unknown: unknown.length, unknownCreated, unknownReplayed });

      // No duplicates: one ticket per key, unique numbers.
      const total = await call(server.url, token, 'GET', '/api/tickets?limit=1');
      expect(total.status).toBe(200);
      duplicates += total.body.total - baselineTotal - acked.size;
      expect(total.body.total - baselineTotal).toBe(acked.size);
      expect(new Set([...acked.values()].map((a) => a.ticketId)).size).toBe(acked.size);
      expect(new Set([...acked.values()].map((a) => a.number)).size).toBe(acked.size);
    }

    // Stop gracefully, then look at the database itself.
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const database = await openDatabase(databaseUrl ? { url: databaseUrl, poolSize: 2 } : { dataDir });
    try {
      const db = database.db;
      const [counts] = await queryRows<{ tickets: number; numbers: number; keys: number }>(
        db,
        sql`select (select count(*)::int from tickets) as tickets, (select count(distinct number)::int from tickets) as numbers,
                     (select count(*)::int from idempotency_keys where key like 'crash-%') as keys`,
      );
      expect(counts!.tickets - baselineTotal).toBe(acked.size);
      expect(counts!.numbers).toBe(counts!.tickets);
      expect(counts!.keys).toBe(acked.size);
      const rows = await listTicketRows(db, { districtCode: DISTRICT, unitIds: 'all' }, { offset: 0, limit: 100_000 });
      expect(rows.rows.length).toBe(counts!.tickets);
      for (const row of rows.rows) {
        const events = await listEvents(db, row.id);
        expect(replay(events.map(eventFromRow))).toEqual(domainTicketOf(row));
        expect(row.version).toBe(events.length);
      }
    } finally {
      await database.close();
    }

    const ackedTotal = figures.reduce((s, f) => s + f.acked, 0);
    const unknownTotal = figures.reduce((s, f) => s + f.unknown, 0);
    console.log(
      `crash-safety (${KIND}): ${CYCLES} SIGKILL cycles at concurrency ${CONCURRENCY}; acknowledged ${ackedTotal} ` +
        `(${figures.map((f) => f.acked).join('/')}), in flight at the kill ${unknownTotal} ` +
        `(retried: ${figures.reduce((s, f) => s + f.unknownReplayed, 0)} had been committed, ${figures.reduce((s, f) => s + f.unknownCreated, 0)} created on retry); ` +
        `lost ${lost}, duplicates ${duplicates}; ${acked.size} tickets checked; ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
    expect(duplicates).toBe(0);
  }, 600_000);

  it.skipIf(KIND === 'postgres')(
    'a second serve on the same embedded data directory is refused; the first keeps working',
    async () => {
      const first = await start();
      try {
        const port = await freePort();
        const second = spawnServe(scratch, serverEnv(dataDir, undefined, port));
        const timer = setTimeout(() => second.child.kill('SIGKILL'), START_TIMEOUT_MS);
        const code = await second.exited;
        clearTimeout(timer);
        expect(code).toBe(2);
        expect(second.output()).toContain(`The embedded database in ${dataDir} is in use by process ${first.child.pid}`);
        expect(second.output()).toContain('JIESU_DATA_DIR');

        const token = await signIn(first.url);
        const r = await call(first.url, token, 'GET', '/api/tickets?limit=1');
        expect(r.status).toBe(200);
        const lock = JSON.parse(fs.readFileSync(path.join(dataDir, 'jiesu.lock'), 'utf8')) as { pid: number };
        expect(lock.pid).toBe(first.child.pid);
      } finally {
        first.child.kill('SIGTERM');
        expect(await first.exited).toBe(0);
      }
      // A clean stop leaves no lock behind.
      expect(fs.existsSync(path.join(dataDir, 'jiesu.lock'))).toBe(false);
    },
    2 * START_TIMEOUT_MS,
  );
});
