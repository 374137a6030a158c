/**
 * A PostgreSQL outage under the real server (`node bin/jiesu.js serve` as a child process, sweeper every
 * second) on a cluster of this test's own — never the shared cluster of DATABASE_URL:
 *
 * 1. fast shutdown: the API answers 503 DB.UNAVAILABLE with Retry-After within seconds, /healthz is 503,
 *    an idempotent intake is refused (503, never 201), the sweeper logs its pause once, the 503s are
 *    logged once, and the process stays up;
 * 2. restart on the same port: the API and /healthz answer 200 again without restarting the server,
 *    the sweeper logs its resumption and marks the ticket whose deadline passed during the outage
 *    overdue exactly once, and the intake retried with the same key gives exactly one ticket;
 * 3. immediate shutdown (SIGQUIT, a crash for the data) with intake in flight: no 500, every 201 is a
 *    ticket after recovery, and retrying every key gives exactly one ticket per key.
 *
 * It needs PostgreSQL (it runs in CI's `test:db` pass, where DATABASE_URL is set, and uses the binaries
 * of that installation). On PGlite it is skipped: the embedded database runs inside the server process
 * and cannot go away while the server lives.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyDatabaseError } from '../src/platform/db/availability.ts';
import { openDatabase, queryRows } from '../src/platform/db/client.ts';
import { callApi, startServeChild, waitFor, type Answer, type ServeChild } from './support/child-server.ts';
import { dbKind, PASSWORD } from './support/harness.ts';
import { startOwnCluster, type OwnCluster } from './support/own-postgres.ts';

const KIND = dbKind();
/** A generous functional bound for "fails fast" and "comes back by itself" — not a speed benchmark. */
const FAIL_FAST_MS = 10_000;
const RECOVERY_MS = 30_000;
const SWEEP_SECONDS = 1;

const PAUSED = 'database unavailable, sweeper paused';
const RESUMED = 'database available again, sweeper resumed';

describe.skipIf(KIND === 'pglite')(
  'database outage on PostgreSQL (skipped on PGlite: an in-process database cannot go away; runs when DATABASE_URL is set)',
  () => {
    let scratch: string;
    let cluster: OwnCluster;
    let server: ServeChild | undefined;
    let token: string;
    let streetUnitId: number;
    /** Rough figures for docs/SECURITY.md, printed at the end. */
    const figures: Record<string, string> = {};

    const api = (method: string, url: string, body?: unknown, headers?: Record<string, string>) =>
      callApi(server!.url, method, url, { token, body, headers, timeoutMs: 30_000 });
    const logged = (msg: string) => server!.logLines().filter((l) => l.msg === msg);

    const intakeBody = (key: string) => ({
      requestType: 'complaint',
      channel: 'phone',
      urgency: 'normal',
      title: `停电期间的来电 ${key}`,
      content: `来电人反映：楼道灯坏了一周，夜间出行不便，希望尽快修复。（${key}）`,
      address: '大峪街道新桥南大街1号院',
      streetCode: '110109001',
      requesterName: '李先生',
      requesterPhone: '13900001111',
      triage: { action: 'dispatch', leadUnitId: streetUnitId },
    });
    const intake = (key: string) => api('POST', '/api/tickets', intakeBody(key), { 'idempotency-key': key });

    /** Tickets (and idempotency records) whose content carries `marker`, read directly from the database. */
    const countTickets = async (marker: string) => {
      const [r] = await cluster.sql<{ tickets: number; keys: number }>(
        `select (select count(*)::int from tickets where content like '%' || $1 || '%') as tickets,
              (select count(*)::int from idempotency_keys where key like $1 || '%') as keys`,
        [marker],
      );
      return r!;
    };

    function expectUnavailable(r: Answer, what: string): void {
      expect(r.status, `${what}: ${JSON.stringify(r.body)}`).toBe(503);
      expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(r.body.error).toMatchObject({ code: 'DB.UNAVAILABLE', message: expect.any(String), requestId: expect.any(String) });
      expect(r.headers.get('x-request-id')).toBe(r.body.error.requestId);
    }

    beforeAll(async () => {
      // synchronous_commit back on (pg-local.sh turns it off): an acknowledged commit must survive the
      // immediate stop of part 3, as it does on a production server.
      cluster = await startOwnCluster({ pgOptions: '-c synchronous_commit=on' });
      scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'jiesu-outage-'));
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        DATABASE_URL: cluster.url(),
        JIESU_DATA_DIR: path.join(scratch, 'data'),
        JIESU_DEMO_TICKETS: '0',
        JIESU_SWEEP_SECONDS: String(SWEEP_SECONDS),
        LOG_LEVEL: 'info',
      };
      delete env.DATABASE_REPLICA_URL;
      delete env.JIESU_WORKERS;
      server = await startServeChild(scratch, env);
      const login = await callApi(server.url, 'POST', '/api/auth/login', { body: { username: 'operator', password: PASSWORD } });
      expect(login.status).toBe(200);
      token = login.body.token;
      const units = await api('GET', '/api/units');
      streetUnitId = (units.body.items as { id: number; code: string }[]).find((u) => u.code === 'ST-110109001')!.id;
    }, 180_000);

    afterAll(async () => {
      if (server?.alive()) {
        server.child.kill('SIGKILL');
        await server.exited;
      }
      // DB_OUTAGE_SERVER_LOG=<file> keeps the child server's output for a look after a failure.
      if (server && process.env.DB_OUTAGE_SERVER_LOG) fs.writeFileSync(process.env.DB_OUTAGE_SERVER_LOG, server.output());
      await cluster?.close();
      if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
      if (Object.keys(figures).length > 0)
        console.log(
          `db-outage (rough, loaded 2-core machine): ${Object.entries(figures)
            .map(([k, v]) => `${k} ${v}`)
            .join('; ')}`,
        );
    });

    let overdueTicketId: number;
    let deadlinePassedAt: number;
    let restartedAt: number;
    const heldKey = `outage-held-${randomBytes(4).toString('hex')}`;

    it('fast shutdown: 503 with the error shape within seconds, /healthz 503, no 201, the sweeper pauses once, the process stays up', async () => {
      expect((await api('GET', '/api/tickets?limit=1')).status).toBe(200);
      expect((await callApi(server!.url, 'GET', '/healthz')).status).toBe(200);

      // A dispatched ticket whose sign deadline will pass while the database is down. The server runs on
      // the wall clock, so the deadline is moved (in the stored row and its domain JSON) to a few seconds
      // from now instead of waiting for working hours to pass.
      const created = await intake(`outage-due-${randomBytes(4).toString('hex')}`);
      expect(created.status).toBe(201);
      overdueTicketId = created.body.ticketId;
      deadlinePassedAt = Date.now() + 4000;
      const due = new Date(deadlinePassedAt).toISOString();
      const updated = await cluster.sql(
        `update tickets set active_due_at = $1, sign_due_at = $1, due_soon_at = null, due_status = 'ok',
              domain = jsonb_set(domain, '{deadlines,sign,dueAt}', to_jsonb($2::text))
        where id = $3 and state = 'dispatched' returning id`,
        [due, due, overdueTicketId],
      );
      expect(updated).toHaveLength(1);

      const stopStarted = Date.now();
      await cluster.stopFast();
      const stopped = Date.now();
      expect(stopped).toBeLessThan(deadlinePassedAt); // the deadline passes during the outage, not before

      const first = await api('GET', '/api/tickets?limit=1');
      expectUnavailable(first, 'first request after the stop');
      expect(first.ms).toBeLessThan(FAIL_FAST_MS);
      figures['fast stop took'] = `${((stopped - stopStarted) / 1000).toFixed(1)} s`;
      figures['first 503 after fast stop'] = `${Math.round(first.ms)} ms`;

      // Every kind of request fails the same way, fast; none is a 500.
      const answers = await Promise.all([
        api('GET', '/api/tickets?limit=5'),
        api('GET', `/api/tickets/${overdueTicketId}`),
        api('GET', '/api/queues'),
        callApi(server!.url, 'POST', '/api/auth/login', { body: { username: 'operator', password: PASSWORD } }),
        intake(heldKey),
      ]);
      for (const r of answers) {
        expectUnavailable(r, 'during the outage');
        expect(r.ms).toBeLessThan(FAIL_FAST_MS);
      }
      figures['slowest 503'] = `${Math.round(Math.max(first.ms, ...answers.map((a) => a.ms)))} ms`;

      const health = await callApi(server!.url, 'GET', '/healthz');
      expect(health.status).toBe(503);
      expect(health.body).toEqual({ status: 'unavailable', database: 'postgres' });
      expect(health.headers.get('retry-after')).toMatch(/^\d+$/);

      const pause = await waitFor('the sweeper to pause', FAIL_FAST_MS, () => logged(PAUSED)[0]);
      expect(pause.level).toBe(40); // warn
      expect(pause.database).toMatchObject({ reason: expect.any(String) });

      // Keep asking until the deadline has passed (and a few sweeps more): all 503, the process stays up.
      let requests = answers.length + 1;
      while (Date.now() < deadlinePassedAt + 3 * SWEEP_SECONDS * 1000) {
        expectUnavailable(await api('GET', '/api/tickets?limit=1'), 'while the database stays down');
        requests++;
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(server!.alive()).toBe(true);
      expect(logged(PAUSED)).toHaveLength(1); // paused once, not once per retry
      // The 503s are logged once for the outage, without a stack trace per request.
      const outageErrors = server!.logLines().filter((l) => l.level >= 50);
      expect(outageErrors.map((l) => l.msg)).toEqual([expect.stringMatching(/^database unavailable \(requests answered 503/)]);
      expect(server!.output()).not.toMatch(/"stack"/);
      expect(requests).toBeGreaterThan(10);
    }, 120_000);

    it('restart: the API and /healthz come back without restarting the server, the sweeper resumes and marks the overdue ticket once, the retried intake gives one ticket', async () => {
      const startBegan = Date.now();
      await cluster.start();
      restartedAt = Date.now();
      const back = await waitFor('the API to answer 200 again', RECOVERY_MS, async () => {
        const r = await api('GET', '/api/tickets?limit=1').catch(() => undefined);
        return r?.status === 200 ? Date.now() : undefined;
      });
      figures['cluster restart took'] = `${((restartedAt - startBegan) / 1000).toFixed(1)} s`;
      figures['API 200 after the restart'] = `${((back - restartedAt) / 1000).toFixed(1)} s`;
      expect((await callApi(server!.url, 'GET', '/healthz')).status).toBe(200);

      const resumed = await waitFor('the sweeper to resume', RECOVERY_MS, () => logged(RESUMED)[0]);
      expect(resumed.failedRuns).toEqual(expect.any(Number));
      figures['sweeper resumed after the restart'] = `${((Number(resumed.time) - restartedAt) / 1000).toFixed(1)} s`;

      // The ticket whose deadline passed during the outage: marked overdue once, after the restart.
      const marks = async () =>
        ((await api('GET', `/api/tickets/${overdueTicketId}`)).body.events as { type: string; at: string; actor: unknown }[]).filter(
          (e) => e.type === 'markOverdue',
        );
      await waitFor('the overdue mark', RECOVERY_MS, async () => ((await marks()).length > 0 ? true : undefined));
      await new Promise((r) => setTimeout(r, 4 * SWEEP_SECONDS * 1000)); // four more sweeps
      const after = await marks();
      expect(after).toHaveLength(1);
      expect(after[0]!.actor).toBeNull(); // by the system
      expect(Date.parse(after[0]!.at)).toBeGreaterThanOrEqual(deadlinePassedAt);
      expect(Date.parse(after[0]!.at)).toBeGreaterThanOrEqual(restartedAt - 1000);
      expect((await api('GET', `/api/tickets/${overdueTicketId}`)).body.dueStatus).toBe('overdue');

      // The intake refused during the outage, retried with its key: one ticket, and the retry of the retry replays it.
      expect(await countTickets(heldKey)).toEqual({ tickets: 0, keys: 0 });
      const retried = await intake(heldKey);
      expect(retried.status).toBe(201);
      const again = await intake(heldKey);
      expect(again.status).toBe(200);
      expect(again.body.ticketId).toBe(retried.body.ticketId);
      expect(await countTickets(heldKey)).toEqual({ tickets: 1, keys: 1 });

      expect(logged(PAUSED)).toHaveLength(1);
      expect(logged(RESUMED)).toHaveLength(1);
      // The first signed-in answer after the outage closed it in the log, with the count of 503s.
      const over = server!.logLines().filter((l) => /^database answering again: \d+ requests answered 503/.test(l.msg));
      expect(over).toHaveLength(1);
      expect(over[0]!.count).toBeGreaterThan(10);
      expect(server!.alive()).toBe(true);
    }, 120_000);

    it('immediate shutdown with intake in flight: never a 500, every 201 survives, every key ends with exactly one ticket', async () => {
      const marker = `outage-imm-${randomBytes(3).toString('hex')}`;
      const acked = new Map<string, number>();
      const unknown = new Set<string>();
      const statuses = new Map<number, number>();
      let serial = 0;
      let stopAt = Infinity;
      let firstFailureAfterStop: number | undefined;
      let stopping: Promise<void> | undefined;

      const worker = async () => {
        // Fire until the database has been down for two seconds.
        while (Date.now() < stopAt + 2000) {
          const key = `${marker}-${++serial}`;
          let r: Answer;
          try {
            r = await intake(key);
          } catch {
            unknown.add(key); // the connection to our server failed: the outcome is unknown
            continue;
          }
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
          if (r.status === 201) acked.set(key, r.body.ticketId);
          else {
            expectUnavailable(r, `intake ${key}`);
            unknown.add(key);
            if (Date.now() >= stopAt) firstFailureAfterStop ??= Date.now() - stopAt;
            await new Promise((res) => setTimeout(res, 100));
          }
          if (!stopping && acked.size >= 20) {
            stopAt = Date.now();
            stopping = cluster.stopImmediate();
            stopping.catch(() => {}); // awaited (and its error reported) after the workers
          }
        }
      };
      await Promise.all(Array.from({ length: 4 }, worker));
      await stopping;
      expect(statuses.get(500)).toBeUndefined();
      expect(firstFailureAfterStop).toBeDefined();
      expect(firstFailureAfterStop!).toBeLessThan(FAIL_FAST_MS);
      figures['first 503 after immediate stop'] = `${firstFailureAfterStop} ms`;
      expect(server!.alive()).toBe(true);
      expect((await callApi(server!.url, 'GET', '/healthz')).status).toBe(503);
      await waitFor('the second pause', FAIL_FAST_MS, () => (logged(PAUSED).length === 2 ? true : undefined));

      const startBegan = Date.now();
      await cluster.start(); // replays the WAL
      const back = await waitFor('the API after crash recovery', RECOVERY_MS, async () => {
        const r = await api('GET', '/api/tickets?limit=1').catch(() => undefined);
        return r?.status === 200 ? Date.now() : undefined;
      });
      figures['API 200 after the crash restart'] = `${((back - startBegan) / 1000).toFixed(1)} s (from the start command, crash recovery included)`;
      await waitFor('the second resumption', RECOVERY_MS, () => (logged(RESUMED).length === 2 ? true : undefined));

      // Every acknowledged ticket exists; retrying every key gives the same ticket or creates it once.
      for (const [key, id] of acked) {
        const t = await api('GET', `/api/tickets/${id}`);
        expect(t.status, key).toBe(200);
        expect(t.body.content).toContain(key);
        const r = await intake(key);
        expect(r.status, key).toBe(200);
        expect(r.body.ticketId).toBe(id);
      }
      let committedUnanswered = 0;
      for (const key of unknown) {
        const r = await intake(key);
        expect([200, 201], `${key}: ${JSON.stringify(r.body)}`).toContain(r.status);
        if (r.status === 200) committedUnanswered++;
        const again = await intake(key);
        expect(again.status).toBe(200);
        expect(again.body.ticketId).toBe(r.body.ticketId);
      }
      const keys = acked.size + unknown.size;
      expect(await countTickets(marker)).toEqual({ tickets: keys, keys });
      figures['immediate stop'] =
        `${acked.size} acknowledged, ${unknown.size} refused or unanswered (${committedUnanswered} of them had committed), 0 lost, 0 duplicates`;
      expect(logged(RESUMED)).toHaveLength(2);
      // Two outages, two lines for their 503s — not one per request.
      expect(server!.logLines().filter((l) => /^database unavailable \(requests answered 503/.test(l.msg))).toHaveLength(2);
      expect(server!.output()).not.toMatch(/"stack"/);
    }, 180_000);

    it('a statement over JIESU_DB_STATEMENT_TIMEOUT_MS is cancelled and classified as a timeout; the connection stays usable', async () => {
      const database = await openDatabase({ url: cluster.url(), poolSize: 1, statementTimeoutMs: 300 });
      try {
        const e = await queryRows(database.db, sql`select pg_sleep(5)`).then(
          () => null,
          (err: unknown) => err,
        );
        expect(classifyDatabaseError(e)).toBe('timeout');
        expect(await queryRows<{ one: number }>(database.db, sql`select 1 as one`)).toEqual([{ one: 1 }]);
      } finally {
        await database.close();
      }
    });

    it('stops cleanly after all that', async () => {
      server!.child.kill('SIGTERM');
      expect(await server!.exited).toBe(0);
    }, 60_000);
  },
);
