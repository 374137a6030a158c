/**
 * Scenario `inbox`: what a handling unit's user waits for when the inbox (承办工单) opens, with N
 * tickets in the database (full: 1,000,000).
 *
 * 1. The server seeds the demo district; it stops; `bench/lib/bulk-tickets.ts` adds N tickets with
 *    their events (checked: a sample replays to its stored state); the server starts again.
 * 2. The unit with the most open tickets is chosen; its handler account `h.<code>` signs in. A
 *    generated ticket is opened through the API (`GET /api/tickets/{id}` must answer 200 with it).
 * 3. Timed over HTTP against the server child, one request at a time, as the web page sends them
 *    (web/src/modules/hotline/work/InboxPage.tsx):
 *    - `inbox_tabs`: `GET /api/queues/inbox` (the tab counts);
 *    - `inbox_list`: `GET /api/tickets?state=dispatched&sort=due&offset=0&limit=20` (first page of the
 *      first tab);
 *    - `inbox` (headline): the two in sequence, i.e. the page;
 *    - `overdue`: `GET /api/tickets?dueStatus=overdue&sort=due&offset=0&limit=20` (the 超时 tab, the
 *      unit's overdue filter);
 *    - `centre_overdue`: `GET /api/queues/overdue?limit=20` as the centre's supervisor (the 督办 queue
 *      over the whole district).
 * 4. The server stops; the same queries (mirrored from ticket.repository.ts / queue.repository.ts)
 *    run under EXPLAIN (ANALYZE, BUFFERS) and the plans go to bench/results/inbox-<db>-plans.txt.
 *
 * Goal: inbox p50 under 50 ms at 1 million tickets.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Database } from '../../src/platform/db/client.ts';
import { unitScopeBranches } from '../../src/engine/ticket.repository.ts';
import { aggregatesModeFor, generateBulkTickets, verifyBulkTickets } from '../lib/bulk-tickets.ts';
import { api, signIn, timedGet } from '../lib/http.ts';
import { RESULTS_DIR } from '../lib/results.ts';
import { sizeAt } from '../lib/scale.ts';
import { quantile, round } from '../lib/stats.ts';
import type { Scenario, ScenarioContext } from '../lib/types.ts';

interface ChosenUnit {
  id: number;
  code: string;
  open: number;
  overdue: number;
  sampleTicketId: number;
}

async function busiestUnit(database: Database, firstId: number, lastId: number): Promise<ChosenUnit> {
  const [u] = await queryRows<{ id: number; code: string; open: number; overdue: number; sample: string }>(
    database.db,
    sql`select u.id, u.code, count(*)::int as open, (count(*) filter (where t.due_status = 'overdue'))::int as overdue, min(t.id)::text as sample
        from tickets t join units u on u.id = t.lead_unit_id
        where t.state in ('dispatched', 'signed', 'handling', 'deferred') and t.id between ${firstId} and ${lastId}
        group by u.id, u.code order by count(*) desc limit 1`,
  );
  if (!u) throw new Error('no open generated ticket has a lead unit');
  return { id: u.id, code: u.code, open: u.open, overdue: u.overdue, sampleTicketId: Number(u.sample) };
}

/** The repository queries behind each request, for EXPLAIN (mirrors listTicketRows, countInbox, listQueueRows). */
function mirroredQueries(district: string, unitId: number): { name: string; query: SQL }[] {
  // The shapes ticket.repository.ts (listTicketRows for a unit scope) and queue.repository.ts
  // (countInbox, the overdue queue) send since migration 0010: the unit's scope as two disjoint branches
  // from the app's own unitScopeBranches (tickets it leads; tickets it co-handles without leading).
  const [lead, co] = unitScopeBranches(district, [unitId]);
  const order = sql`order by active_due_at asc nulls last, id asc`;
  const page = (filter: SQL) =>
    sql`(select * from tickets where ${lead} and ${filter} ${order} limit 20) union all (select * from tickets where ${co} and ${filter} ${order} limit 20) ${order} limit 20 offset 0`;
  const total = (filter: SQL) =>
    sql`select ((select count(*) from tickets where ${lead} and ${filter}) + (select count(*) from tickets where ${co} and ${filter}))::int`;
  const tabs = (
    branch: SQL,
  ) => sql`(select (count(*) filter (where state in ('dispatched')))::int as a, (count(*) filter (where state in ('signed')))::int as b,
        (count(*) filter (where state in ('handling', 'deferred')))::int as c, (count(*) filter (where due_status in ('due_soon')))::int as d,
        (count(*) filter (where due_status in ('overdue')))::int as e, (count(*) filter (where state in ('replied')))::int as f
        from tickets where ${branch} and state in ('dispatched', 'signed', 'handling', 'deferred', 'replied'))`;
  const dispatched = sql`state in ('dispatched')`;
  const overdue = sql`due_status in ('overdue') and state in ('dispatched', 'signed', 'handling')`;
  const work = sql`('dispatched', 'signed', 'handling', 'deferred')`;
  return [
    { name: 'inbox_list rows', query: page(dispatched) },
    { name: 'inbox_list count', query: total(dispatched) },
    { name: 'inbox_tabs counts', query: sql`select sum(a), sum(b), sum(c), sum(d), sum(e), sum(f) from (${tabs(lead)} union all ${tabs(co)}) x` },
    { name: 'overdue rows', query: page(overdue) },
    { name: 'overdue count', query: total(overdue) },
    {
      name: 'centre_overdue rows',
      query: sql`select t.*, t.active_due_at as since from tickets t where t.district_code = ${district} and t.state in ${work} and t.active_due_at < now()
        order by t.active_due_at asc nulls last, t.id asc limit 20 offset 0`,
    },
    {
      name: 'centre_overdue count',
      query: sql`select count(*)::int from tickets t where t.district_code = ${district} and t.state in ${work} and t.active_due_at < now()`,
    },
  ];
}

async function explainAll(database: Database, district: string, unitId: number): Promise<string> {
  const out: string[] = [];
  for (const q of mirroredQueries(district, unitId)) {
    const rows = await queryRows<Record<string, string>>(database.db, sql`explain (analyze, buffers) ${q.query}`);
    out.push(`-- ${q.name}`, ...rows.map((r) => Object.values(r)[0]!), '');
  }
  return out.join('\n');
}

async function run(ctx: ScenarioContext) {
  const n = sizeAt(ctx.scale, 1_000_000, 20_000);
  const iterations = ctx.scale.label === 'quick' ? 60 : 300;
  const warmup = 10;
  const metrics: Record<string, number> = { tickets: n, iterations };
  const notes: string[] = [];

  ctx.log('seeding the demo district (first server start)');
  await (await ctx.startServer()).stop();

  const database = await ctx.openDatabase();
  let unit: ChosenUnit;
  let district: string;
  try {
    ctx.log(`generating ${n} tickets with their events`);
    let last = 0;
    const gen = await generateBulkTickets(database, {
      tickets: n,
      aggregates: aggregatesModeFor(n),
      onProgress: (done, total) => {
        if (done - last >= Math.max(10_000, total / 10) || done === total) {
          last = done;
          ctx.log(`  ${done}/${total}`);
        }
      },
    });
    metrics.generate_s = round(gen.ms / 1000, 1);
    metrics.events = gen.events;
    metrics.overdue_tickets = gen.overdue;
    const checked = await verifyBulkTickets(database, gen, 100);
    ctx.log(`${gen.tickets} tickets, ${gen.events} events in ${(gen.ms / 1000).toFixed(1)} s; ${checked} sampled tickets replay to their stored state`);
    notes.push(
      `${n} synthetic tickets (bench/lib/bulk-tickets.ts): ${JSON.stringify(gen.byStage)}, ${gen.overdue} overdue; generated in ${(gen.ms / 1000).toFixed(0)} s.`,
    );
    unit = await busiestUnit(database, gen.firstId, gen.lastId);
    district = (await queryRows<{ d: string }>(database.db, sql`select district_code as d from tickets where id = ${unit.sampleTicketId}`))[0]!.d;
    metrics.unit_open_tickets = unit.open;
    metrics.unit_overdue_tickets = unit.overdue;
    // What autovacuum does on PostgreSQL after a big load: statistics, and the GIN pending list of
    // tickets_co_units_idx merged (until then every scoped query scans that list; PGlite has no autovacuum).
    await database.db.execute(sql`vacuum analyze tickets`);
    await database.db.execute(sql`vacuum analyze ticket_events`);
  } finally {
    await database.close();
  }

  const server = await ctx.startServer();
  const token = await signIn(server.url, `h.${unit.code.toLowerCase()}`);
  const supervisor = await signIn(server.url, 'supervisor');

  // The application reads a generated ticket without errors.
  const opened = await api<{ id: number; number: string; state: string; allowedActions?: unknown[] }>(`${server.url}/api/tickets/${unit.sampleTicketId}`, {
    token,
  });
  if (opened.id !== unit.sampleTicketId) throw new Error(`GET /api/tickets/${unit.sampleTicketId} answered ticket ${opened.id}`);
  ctx.log(`unit ${unit.code}: ${unit.open} open tickets (${unit.overdue} overdue); opened ticket ${opened.number} (${opened.state}) through the API`);

  const list = '/api/tickets?state=dispatched&sort=due&offset=0&limit=20';
  const overdue = '/api/tickets?dueStatus=overdue&sort=due&offset=0&limit=20';
  const samples: Record<'inbox' | 'inbox_tabs' | 'inbox_list' | 'overdue' | 'centre_overdue', number[]> = {
    inbox: [],
    inbox_tabs: [],
    inbox_list: [],
    overdue: [],
    centre_overdue: [],
  };
  let overdueTotal = -1;
  for (let i = 0; i < warmup + iterations; i++) {
    const tabs = await timedGet(server.url, '/api/queues/inbox', token);
    const page = await timedGet(server.url, list, token);
    const od = await timedGet(server.url, overdue, token);
    const centre = await timedGet(server.url, '/api/queues/overdue?limit=20', supervisor);
    if (i === 0) {
      overdueTotal = (od.body as { total: number }).total;
      const items = (page.body as { items: unknown[] }).items;
      if (items.length === 0) notes.push('The first page of the dispatched tab was empty.');
    }
    if (i < warmup) continue;
    samples.inbox_tabs.push(tabs.ms);
    samples.inbox_list.push(page.ms);
    samples.inbox.push(tabs.ms + page.ms);
    samples.overdue.push(od.ms);
    samples.centre_overdue.push(centre.ms);
  }
  await server.stop();
  metrics.unit_overdue_total_api = overdueTotal;
  for (const [k, xs] of Object.entries(samples)) {
    metrics[`${k}_p50_ms`] = round(quantile(xs, 0.5), 1);
    metrics[`${k}_p99_ms`] = round(quantile(xs, 0.99), 1);
  }
  ctx.log(
    `inbox p50 ${metrics.inbox_p50_ms} ms, p99 ${metrics.inbox_p99_ms} ms; overdue p50 ${metrics.overdue_p50_ms} ms; centre overdue p50 ${metrics.centre_overdue_p50_ms} ms`,
  );
  if (n >= 1_000_000 && metrics.inbox_p50_ms! >= 50)
    notes.push(`Goal missed: inbox p50 ${metrics.inbox_p50_ms} ms ≥ 50 ms at ${n} tickets (plans: bench/results/inbox-${ctx.db.kind}-plans.txt).`);
  notes.push(
    `inbox = GET /api/queues/inbox then GET ${list}, one after the other, as the handler of unit ${unit.code} (${unit.open} open tickets); ${iterations} timed rounds after ${warmup} warm-up rounds, one request at a time.`,
  );

  // Plans of the same queries, on the same data.
  const db2 = await ctx.openDatabase();
  try {
    const plans = await explainAll(db2, district, unit.id);
    // A trial run (--no-save) leaves the committed plans alone and writes them to the temp directory.
    const dir = ctx.save ? RESULTS_DIR : os.tmpdir();
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `inbox-${ctx.db.kind}-plans.txt`);
    fs.writeFileSync(file, `# EXPLAIN (ANALYZE, BUFFERS) of the inbox queries, ${n} tickets, unit ${unit.code}, ${new Date().toISOString()}\n\n${plans}\n`);
    ctx.log(`plans: ${path.relative(process.cwd(), file)}`);
  } catch (e) {
    // The measurements stand without the plans; say so instead of losing them.
    notes.push(`The query plans could not be written: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    await db2.close();
  }
  return { metrics, notes };
}

const scenario: Scenario = {
  name: 'inbox',
  description: "a unit's inbox page (tab counts + first page) and its overdue filter over HTTP, with N tickets (full: 1,000,000)",
  headline: [
    'tickets',
    'inbox_p50_ms',
    'inbox_p99_ms',
    'inbox_tabs_p50_ms',
    'inbox_list_p50_ms',
    'overdue_p50_ms',
    'overdue_p99_ms',
    'centre_overdue_p50_ms',
    'centre_overdue_p99_ms',
    'unit_open_tickets',
    'generate_s',
  ],
  run,
};
export default scenario;
