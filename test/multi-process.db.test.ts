/**
 * Several server processes on one PostgreSQL: the real `jiesu serve --workers 2` (node:cluster, the
 * port shared, connections handed to the workers in turn) starts on a fresh, empty database, both
 * workers at once, with a one-second sweeper in each. Under load — intake with unique
 * Idempotency-Keys, the same key sent to both workers at the same moment, a key reused for another
 * body, tickets handled to their reply and the same callback submitted to both workers, deadlines
 * backdated so both sweepers race for them, one worker killed and restarted — the database must show:
 * migrations and the demo seed applied once; every acknowledged ticket exactly once; unique ticket
 * numbers (rule: unique per district, from one sequence, increasing; NOT gap-free — a rolled-back or
 * lost-race intake consumes a number); one `markOverdue` per ticket per deadline; one callback per
 * submission; every ticket's events replaying to its row; and answers from both workers.
 *
 * The embedded database is one process: there `serve --workers 2` must refuse to start, clearly.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/platform/config/config.ts';
import { openDatabase } from '../src/platform/db/client.ts';
import { domainTicketOf, eventFromRow, listEvents, listTicketRows } from '../src/engine/ticket.repository.ts';
import { evolve, replay } from '../src/engine/domain/workflow/evolve.ts';
import type { Ticket } from '../src/engine/domain/workflow/ticket.ts';
import { eachLimited, freePort, request, spawnServe, waitFor, type Child, type Reply } from './support/cluster-server.ts';
import { dbKind, DISTRICT, PASSWORD, scratchPostgresDatabase } from './support/harness.ts';

const KIND = dbKind();
const WORKERS = 2;
const DEMO_TICKETS = 12;
const UNIQUE_INTAKES = 120;
const DUPLICATE_PAIRS = 30;
const REUSED_KEYS = 5;
const CALLBACK_TICKETS = 16;
const BACKDATED = 30;
const CONCURRENCY = 10;
const START_TIMEOUT_MS = 120_000;

const JOURNAL = JSON.parse(fs.readFileSync(fileURLToPath(new URL('../src/platform/db/migrations/meta/_journal.json', import.meta.url)), 'utf8')) as {
  entries: unknown[];
};

function serverEnv(dataDir: string, databaseUrl: string | undefined, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    JIESU_DATA_DIR: dataDir,
    JIESU_DEMO_TICKETS: String(DEMO_TICKETS),
    JIESU_SWEEP_SECONDS: '1',
    JIESU_PUBLIC_RATE: '100000',
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_REPLICA_URL;
  delete env.JIESU_WORKERS;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  return env;
}

/** `worker <id> (pid <pid>) listening` lines the primary prints. */
function listeningWorkers(output: string): { id: string; pid: number }[] {
  return [...output.matchAll(/worker (\d+) \(pid (\d+)\) listening/g)].map((m) => ({ id: m[1]!, pid: Number(m[2]) }));
}

const intakeBody = (key: string, n: number, streetUnitId: number) => ({
  requestType: 'complaint',
  channel: 'phone',
  urgency: 'normal',
  title: `路灯不亮 ${key}`,
  content: `来电人反映：小区门口路灯连续多日不亮，夜间出行不便，希望尽快修复。（${key}）`,
  address: `大峪街道新桥南大街${(n % 90) + 1}号院`,
  streetCode: '110109001',
  requesterName: '李先生',
  requesterPhone: `138${String(10_000_000 + n * 7919).slice(-8)}`,
  triage: { action: 'dispatch', leadUnitId: streetUnitId },
});

describe.skipIf(KIND === 'postgres')('several server processes on the embedded database (pglite)', () => {
  it('serve --workers 2 refuses to start without PostgreSQL, saying why', async () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'jiesu-mp-'));
    try {
      const s = spawnServe(scratch, serverEnv(path.join(scratch, 'data'), undefined, await freePort()), ['--workers', '2']);
      const timer = setTimeout(() => s.child.kill('SIGKILL'), 60_000);
      const code = await s.exited;
      clearTimeout(timer);
      expect(code).toBe(2);
      expect(s.output()).toContain('2 workers need PostgreSQL (set DATABASE_URL)');
      // Nothing was opened: no data directory, no lock.
      expect(fs.existsSync(path.join(scratch, 'data'))).toBe(false);
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  }, 90_000);
});

// Skipped on the embedded database: it is opened by one process only (see the test above); CI's
// test:db pass runs this on PostgreSQL 15.
describe.skipIf(KIND === 'pglite')('several server processes on one PostgreSQL (needs DATABASE_URL)', () => {
  let scratch: string;
  let databaseUrl: string;
  let dropDatabase: (() => Promise<void>) | undefined;
  let server: Child | undefined;

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'jiesu-mp-'));
    const db = await scratchPostgresDatabase(loadConfig().databaseUrl!, 'jiesu_mp');
    databaseUrl = db.url;
    dropDatabase = db.drop;
  });

  afterAll(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    await dropDatabase?.();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('two workers: seeded once, nothing duplicated, nothing lost, both answering', async () => {
    const started = Date.now();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const s = spawnServe(scratch, serverEnv(path.join(scratch, 'data'), databaseUrl, port), ['--workers', String(WORKERS)]);
    server = s;
    let gone = false;
    void s.exited.then(() => (gone = true));
    const ready = await waitFor(() => gone || listeningWorkers(s.output()).length >= WORKERS, START_TIMEOUT_MS, 250);
    expect(gone, s.output()).toBe(false);
    expect(ready, `workers not listening within ${START_TIMEOUT_MS / 1000} s:\n${s.output()}`).toBe(true);
    const startSeconds = (Date.now() - started) / 1000;

    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      // ---- Both workers started at once on the empty database: migrated once, seeded once.
      const migrations = await db.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations');
      expect(migrations.rows[0]!.n).toBe(JOURNAL.entries.length);
      expect(s.output().match(/Generating \d+ demo tickets/g)).toHaveLength(1);
      expect(s.output().match(/Demo accounts 演示账号/g)).toHaveLength(1);
      const meta = await db.query<{ key: string; value: { tickets?: number } }>(
        `select key, value from app_meta where key like 'seeded%' or key like 'demoHistory%'`,
      );
      expect(meta.rows.map((r) => r.key).sort()).toEqual([`demoHistory:${DISTRICT}`, `seeded:${DISTRICT}`]);
      expect(meta.rows.find((r) => r.key === `demoHistory:${DISTRICT}`)!.value.tickets).toBe(DEMO_TICKETS);
      // Demo whistles, demo service orders (one per six demo tickets) and the problems found on the demo's
      // household visits (党员包户) each create a ticket: a second seeding would have doubled them.
      const seededCounts = await db.query<{ tickets: number; whistles: number; orders: number; household_problems: number; operators: number }>(
        `select (select count(*)::int from tickets) as tickets, (select count(*)::int from whistles) as whistles,
                  (select count(*)::int from service_orders) as orders,
                  (select count(*)::int from party_household_visits where ticket_id is not null) as household_problems,
                  (select count(*)::int from users where username = 'operator') as operators`,
      );
      const baseline = seededCounts.rows[0]!;
      expect(baseline.orders).toBe(Math.ceil(DEMO_TICKETS / 6));
      expect(baseline.household_problems).toBeGreaterThan(0);
      expect(baseline.tickets).toBe(DEMO_TICKETS + baseline.whistles + baseline.orders + baseline.household_problems);
      expect(baseline.operators).toBe(1);

      // ---- Sign in (sessions live in the database: a token from one worker works on the other).
      const signIn = async (username: string) => {
        const r = await request(base, 'POST', '/api/auth/login', { body: { username, password: PASSWORD } });
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        return r.body.token as string;
      };
      const operator = await signIn('operator');
      const street = await signIn('street');
      const callbackAgent = await signIn('callback');
      const units = await request(base, 'GET', '/api/units', { token: street });
      expect(units.status).toBe(200);
      const streetUnitId = (units.body.items as { id: number; code: string }[]).find((u) => u.code === 'ST-110109001')!.id;

      const answeredBy = new Map<string, number>();
      const note = (r: Reply) => {
        expect(r.worker, 'every answer names its worker').not.toBeNull();
        answeredBy.set(r.worker!, (answeredBy.get(r.worker!) ?? 0) + 1);
        return r;
      };
      const bodies = new Map<string, Record<string, unknown>>();
      const post = async (key: string) =>
        note(await request(base, 'POST', '/api/tickets', { token: operator, body: bodies.get(key), headers: { 'idempotency-key': key } }));
      /** key → the ticket its (first) acknowledgement named. */
      const acked = new Map<string, { ticketId: number; number: string }>();
      const ack = (key: string, r: Reply) => {
        expect([200, 201], `${key}: ${r.status} ${JSON.stringify(r.body)}`).toContain(r.status);
        const prior = acked.get(key);
        if (prior) expect(r.body.ticketId, key).toBe(prior.ticketId);
        else acked.set(key, { ticketId: r.body.ticketId, number: r.body.number });
      };

      const run = randomBytes(3).toString('hex');
      let serial = 0;
      const newKey = (kind: string) => {
        const n = ++serial;
        const key = `mp-${run}-${kind}-${n}`;
        bodies.set(key, intakeBody(key, n, streetUnitId));
        return key;
      };

      // ---- Load: unique intakes; duplicate pairs fired at the same moment (consecutive connections
      // go to different workers); keys reused for another body; handling to reply and a callback
      // submitted twice; deadlines backdated while the sweepers run.
      const uniqueKeys = Array.from({ length: UNIQUE_INTAKES }, () => newKey('u'));
      const pairKeys = Array.from({ length: DUPLICATE_PAIRS }, () => newKey('d'));
      const pairOutcomes: { key: string; statuses: number[]; workers: (string | null)[] }[] = [];

      const intakeLoad = eachLimited(uniqueKeys, CONCURRENCY, async (key) => ack(key, await post(key)));
      const pairLoad = eachLimited(pairKeys, 3, async (key) => {
        const both = await Promise.all([post(key), post(key)]);
        for (const r of both) ack(key, r);
        pairOutcomes.push({ key, statuses: both.map((r) => r.status).sort(), workers: both.map((r) => r.worker) });
        // A retry after both settled replays too.
        const again = await post(key);
        expect(again.status).toBe(200);
        expect(again.body.ticketId).toBe(acked.get(key)!.ticketId);
      });

      const callbackOutcomes: { ticketId: number; statuses: number[]; workers: (string | null)[] }[] = [];
      const handlingLoad = eachLimited(
        Array.from({ length: CALLBACK_TICKETS }, (_, i) => i),
        4,
        async (i) => {
          const key = newKey('c');
          const r = await post(key);
          ack(key, r);
          const id = r.body.ticketId as number;
          const act = async (token: string, action: string, body: unknown, headers: Record<string, string> = {}) =>
            note(await request(base, 'POST', `/api/tickets/${id}/actions/${action}`, { token, body, headers }));
          for (const [action, body] of [
            ['sign', { note: '签收' }],
            ['contact', { method: 'phone', note: '已联系来电人' }],
            ['reply', { text: '已更换灯泡，路灯恢复照明。' }],
          ] as const) {
            const a = await act(street, action, body);
            expect(a.status, `${action} #${id}: ${JSON.stringify(a.body)}`).toBe(200);
          }
          const detail = note(await request(base, 'GET', `/api/tickets/${id}`, { token: callbackAgent }));
          expect(detail.body.state).toBe('replied');
          // Half valid (closes the ticket), half "unreachable" (which may legitimately be recorded
          // again later, so only the version guards the double submission).
          const callback =
            i % 2 === 0
              ? { valid: true, contacted: true, resolved: true, satisfaction: 'satisfied', note: '' }
              : { valid: false, reason: 'unreachable', note: '' };
          const ifMatch = { 'if-match': `"${detail.body.version}"` };
          const both = await Promise.all([act(callbackAgent, 'callback', callback, ifMatch), act(callbackAgent, 'callback', callback, ifMatch)]);
          callbackOutcomes.push({ ticketId: id, statuses: both.map((b) => b.status).sort(), workers: both.map((b) => b.worker) });
          for (const b of both) if (b.status !== 200) expect(b.body.error.code).toBe('TICKET.STALE_VERSION');
        },
      );

      // Backdate the sign deadline of tickets acknowledged so far, while intake goes on, so both
      // workers' sweepers find them at once.
      const backdated = new Set<number>();
      const backdate = (async () => {
        await waitFor(() => [...acked.keys()].filter((k) => !k.includes('-c-')).length >= BACKDATED + 10, 120_000, 100);
        // Not the tickets the handling load signs: an early sign would rightly leave no overdue mark.
        const ids = [...acked]
          .filter(([key]) => !key.includes('-c-'))
          .map(([, a]) => a.ticketId)
          .slice(0, BACKDATED + 10);
        const dueAt = new Date(Date.now() - 60_000).toISOString();
        const startedAt = new Date(Date.now() - 3 * 3600_000).toISOString();
        const r = await db.query<{ id: string }>(
          `update tickets set sign_due_at = $1::timestamptz, active_due_at = $1::timestamptz,
                    domain = jsonb_set(jsonb_set(domain, '{deadlines,sign,dueAt}', to_jsonb($4::text)), '{deadlines,sign,startedAt}', to_jsonb($2::text))
              where id = any($3::bigint[]) and state = 'dispatched' and not coalesce((domain->'overdue'->>'sign')::boolean, false)
              returning id`,
          [dueAt, startedAt, ids, dueAt],
        );
        for (const row of r.rows) backdated.add(Number(row.id));
      })();

      await Promise.all([intakeLoad, pairLoad, handlingLoad, backdate]);
      expect(backdated.size).toBeGreaterThanOrEqual(BACKDATED);

      // A key reused for a different request is refused, whichever worker sees it.
      for (const key of uniqueKeys.slice(0, REUSED_KEYS)) {
        const other = { ...bodies.get(key), content: `另一件事：${key}` };
        const r = note(await request(base, 'POST', '/api/tickets', { token: operator, body: other, headers: { 'idempotency-key': key } }));
        expect(r.status).toBe(422);
        expect(r.body.error.code).toBe('IDEMPOTENCY.KEY_REUSED');
      }

      // ---- A worker crashes: the primary restarts it (after a pause) and service goes on meanwhile.
      const victim = listeningWorkers(s.output())[0]!;
      process.kill(victim.pid, 'SIGKILL');
      const restarted = await waitFor(() => listeningWorkers(s.output()).length > WORKERS, 60_000, 200);
      expect(restarted, s.output()).toBe(true);
      expect(s.output()).toMatch(new RegExp(`worker ${victim.id} \\(pid ${victim.pid}\\) exited \\(SIGKILL\\); restarting in 1 s`));
      const afterCrash = Array.from({ length: 6 }, () => newKey('r'));
      for (const key of afterCrash) ack(key, await post(key));

      // ---- Every backdated deadline marked overdue (by one of the two sweepers).
      const allMarked = await waitFor(
        async () => {
          const r = await db.query<{ n: number }>(`select count(*)::int as n from tickets where id = any($1::bigint[]) and due_status = 'overdue'`, [
            [...backdated],
          ]);
          return r.rows[0]!.n === backdated.size;
        },
        60_000,
        500,
      );
      expect(allMarked, 'the sweepers marked every backdated deadline').toBe(true);

      // ---- Stop: SIGTERM to the primary stops every worker gracefully.
      s.child.kill('SIGTERM');
      expect(await s.exited, s.output()).toBe(0);
      expect(s.output()).toContain(`stopping ${WORKERS} workers (SIGTERM)`);
      // No crash other than the one caused here.
      expect(s.output().match(/exited \(/g)).toHaveLength(1);

      // ---- The database, looked at directly.
      const ours = await db.query<{ id: string; number: string; title: string; accepted_at: Date }>(
        `select id, number, title, accepted_at from tickets where title like $1 order by id`,
        [`路灯不亮 mp-${run}-%`],
      );
      // Every acknowledged key has exactly one ticket, the one it was told.
      expect(ours.rows).toHaveLength(acked.size);
      const byKey = new Map(ours.rows.map((r) => [r.title.replace('路灯不亮 ', ''), r]));
      expect(byKey.size).toBe(acked.size);
      for (const [key, a] of acked) {
        const row = byKey.get(key);
        expect(row, key).toBeDefined();
        expect(Number(row!.id)).toBe(a.ticketId);
        expect(row!.number).toBe(a.number);
      }
      const keys = await db.query<{ n: number }>(`select count(*)::int as n from idempotency_keys where key like $1`, [`mp-${run}-%`]);
      expect(keys.rows[0]!.n).toBe(acked.size);
      for (const p of pairOutcomes) expect(p.statuses, p.key).toEqual([200, 201]);

      // Ticket numbers: unique in the district, `JS` + acceptance date + the sequence id.
      const numbers = await db.query<{ n: number; d: number }>(
        `select count(*)::int as n, count(distinct number)::int as d from tickets where district_code = $1`,
        [DISTRICT],
      );
      expect(numbers.rows[0]!.d).toBe(numbers.rows[0]!.n);
      for (const r of ours.rows) expect(r.number).toMatch(new RegExp(`^JS\\d{8}${String(r.id).padStart(6, '0')}$`));
      const ids = ours.rows.map((r) => Number(r.id));
      const gaps = Math.max(...ids) - Math.min(...ids) + 1 - ids.length;

      // Callbacks: each double submission recorded once.
      for (const c of callbackOutcomes) expect(c.statuses, `#${c.ticketId}`).toEqual([200, 409]);
      const callbacks = await db.query<{ ticket_id: string; n: number }>(
        `select ticket_id, count(*)::int as n from ticket_events where type = 'callback' and ticket_id = any($1::bigint[]) group by ticket_id`,
        [callbackOutcomes.map((c) => c.ticketId)],
      );
      expect(callbacks.rows).toHaveLength(CALLBACK_TICKETS);
      for (const r of callbacks.rows) expect(r.n, `callbacks of #${r.ticket_id}`).toBe(1);

      // Sweeper: exactly one markOverdue(sign) per backdated ticket, and none anywhere recorded on a
      // deadline the ticket already had marked; every ticket's events replay to its row.
      const overdueMarks = await db.query<{ ticket_id: string; n: number }>(
        `select ticket_id, count(*)::int as n from ticket_events where type = 'markOverdue' and data->>'deadline' = 'sign' and ticket_id = any($1::bigint[]) group by ticket_id`,
        [[...backdated]],
      );
      expect(overdueMarks.rows).toHaveLength(backdated.size);
      for (const r of overdueMarks.rows) expect(r.n, `markOverdue of #${r.ticket_id}`).toBe(1);
      let sweptTotal = 0;
      const database = await openDatabase({ url: databaseUrl, poolSize: 2 });
      try {
        const rows = await listTicketRows(database.db, { districtCode: DISTRICT, unitIds: 'all' }, { offset: 0, limit: 100_000 });
        for (const row of rows.rows) {
          const events = (await listEvents(database.db, row.id)).map(eventFromRow);
          let t: Ticket | undefined;
          for (const e of events) {
            if (e.type === 'markOverdue') {
              expect(t!.overdue[e.data.deadline], `#${row.id}: markOverdue(${e.data.deadline}) twice`).toBe(false);
              sweptTotal++;
            }
            t = t === undefined ? replay([e]) : evolve(t, e);
          }
          const projected = domainTicketOf(row);
          // Backdated rows had their deadline moved by this test, not by an event.
          if (backdated.has(row.id)) expect({ ...replay(events), deadlines: null }).toEqual({ ...projected, deadlines: null });
          else expect(replay(events)).toEqual(projected);
          expect(row.version).toBe(events.length);
        }
      } finally {
        await database.close();
      }

      // Both workers answered (and the restarted one too).
      const perWorker = [...answeredBy.entries()].sort();
      expect(answeredBy.size).toBeGreaterThanOrEqual(WORKERS + 1);
      expect(
        pairOutcomes.some((p) => p.workers[0] !== p.workers[1]),
        'some duplicate pair was split across the workers',
      ).toBe(true);
      expect(
        callbackOutcomes.some((c) => c.workers[0] !== c.workers[1]),
        'some double callback was split across the workers',
      ).toBe(true);

      console.log(
        `multi-process (${KIND}): ${WORKERS} workers up in ${startSeconds.toFixed(0)} s on an empty database (migrated once, seeded once); ` +
          `${acked.size} tickets acknowledged, each stored once (${DUPLICATE_PAIRS} duplicate pairs → one 201 + one 200 each, ` +
          `${pairOutcomes.filter((p) => p.workers[0] !== p.workers[1]).length} split across workers); ${REUSED_KEYS} reused keys refused; ` +
          `${CALLBACK_TICKETS} double callbacks → one recorded each; ${backdated.size} backdated deadlines → one markOverdue each ` +
          `(${sweptTotal} markOverdue events in all, none repeated); number gaps among ours: ${gaps}; ` +
          `answers per worker ${perWorker.map(([w, n]) => `#${w}:${n}`).join(' ')}; ${((Date.now() - started) / 1000).toFixed(0)} s`,
      );
    } finally {
      await db.end();
    }
  }, 300_000);
});
