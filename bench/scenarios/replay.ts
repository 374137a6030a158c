/**
 * Scenario `replay`: a synthetic district-year (full: 300,000 tickets) driven through every step of
 * its life by the real use cases, in process, with an injected clock advancing through the year 2025.
 *
 * - Arrivals: per day in proportion to a weight — 1 on working days, 0.7 on weekends, ×1.6 in the
 *   heating season (November–March), ×1.3 in the flood season (July–August) — at daytime hours.
 * - Each ticket is taken in by the operator (`createTicket`, triage `dispatch`: catalogue routing and
 *   deadlines from the working-day calendar), then, each step a `performAction` (its own transaction,
 *   as over HTTP) by the right account: objected (3 %, the centre rejects the objection), signed and
 *   contacted by the lead unit's handler, extension requested (4 %) and decided by the centre, replied;
 *   called back by the callback agent (5 % unreachable first), which closes it when satisfied and
 *   resolved; otherwise redone (half, replied again and called back) or closed by the centre.
 * - Reply delays (acceptance → reply) are drawn from the empirical distribution of closed − created
 *   of the real 311 requests in ../shared/data/us311/us311-combined.csv, read at run time; callback
 *   delays (reply → callback) from the same distribution divided by 4, kept within 15 min – 5 days.
 *   Without the file: a lognormal with median 32 h (Baltimore's published median) and σ 1.5, and the
 *   result says so.
 * - The deadline sweeper (`sweepDeadlines`) runs at every simulated hour, after the steps of that hour.
 *   A deployment sweeps every JIESU_SWEEP_SECONDS (default 60 s); hourly is the scenario's choice: a
 *   due-soon or overdue mark at most an hour late changes no other step's decision (decide reads the
 *   overdue flags only for markOverdue itself), and the on-time measures come from the deadlines, not
 *   the marks; a ticket finished within the hour after its deadline goes without a mark. The hour is
 *   also a barrier: every step before it has committed when the sweeper looks.
 * - Steps within an hour run concurrently in lanes, like a district's operators and units working at
 *   the same time (PostgreSQL: BENCH_REPLAY_LANES, default 10, the pool's connections;
 *   PGlite: one connection, 1).
 *
 * Afterwards a sample of tickets is checked: their events replay (`evolve`) to the stored state.
 * Goal: a district-year in under 10 minutes on PostgreSQL.
 */
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { sql } from 'drizzle-orm';
import type { Principal } from '../../src/engine/auth.ts';
import { principalOfUsername } from '../../src/engine/auth.ts';
import type { AppContext } from '../../src/engine/context.ts';
import { createTicket } from '../../src/engine/intake.ts';
import { ReferenceCache } from '../../src/engine/reference/reference-cache.ts';
import { loadConfig } from '../../src/platform/config/config.ts';
import { openContext } from '../../src/main.ts';
import { sweepDeadlines } from '../../src/engine/sweeper.ts';
import { performAction, type ActionRequests, type RequestableAction } from '../../src/engine/ticket-actions.ts';
import { queryRows, type Database } from '../../src/platform/db/client.ts';
import { verifyBulkTickets } from '../lib/bulk-tickets.ts';
import { sizeAt } from '../lib/scale.ts';
import { round } from '../lib/stats.ts';
import type { Scenario, ScenarioContext } from '../lib/types.ts';
import { mulberry32 } from '../../src/modules/demo/demo-history-model.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const US311 = path.resolve(import.meta.dirname, '../../../shared/data/us311/us311-combined.csv');
/** Longest reply delay drawn: a few 311 requests stayed open for years, which would outlast the year. */
const MAX_DELAY = 60 * DAY;
const YEAR_START = Date.parse('2025-01-01T00:00:00+08:00');
const YEAR_END = Date.parse('2026-01-01T00:00:00+08:00');

/** Deterministic uniform numbers in [0, 1): the demo history's generator. */
const rng = mulberry32;

/** Splits one CSV line (RFC 4180 quotes; the us311 file has no line breaks inside cells). */
function csvCells(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

export interface DelayDistribution {
  source: string;
  /** A delay in ms drawn with `u` uniform in [0, 1). */
  draw(u: number, u2: number): number;
  medianMs: number;
}

/**
 * closed − created of every us311 row with both dates and a positive difference (local times of one
 * city, so the difference is meaningful), sorted; drawn by inverse CDF. Lognormal fallback without the file.
 */
export function delayDistribution(file = US311): DelayDistribution {
  if (fs.existsSync(file)) {
    const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
    const head = csvCells(lines[0]!);
    const ci = head.indexOf('created_at');
    const di = head.indexOf('closed_at');
    if (ci < 0 || di < 0) throw new Error(`${file}: no created_at / closed_at columns`);
    const xs: number[] = [];
    for (const line of lines.slice(1)) {
      if (!line) continue;
      const cells = csvCells(line);
      const a = Date.parse(`${cells[ci]}Z`);
      const b = Date.parse(`${cells[di]}Z`);
      if (Number.isFinite(a) && Number.isFinite(b) && b > a) xs.push(b - a);
    }
    if (xs.length >= 100) {
      const sorted = Float64Array.from(xs).sort();
      const over = sorted.filter((x) => x > MAX_DELAY).length;
      return {
        source: `empirical: closed − created of ${sorted.length} us311 requests (${path.basename(file)}), the ${((100 * over) / sorted.length).toFixed(1)} % above ${MAX_DELAY / DAY} days taken as ${MAX_DELAY / DAY} days`,
        draw: (u) => Math.min(MAX_DELAY, sorted[Math.min(sorted.length - 1, Math.floor(u * sorted.length))]!),
        medianMs: sorted[Math.floor(sorted.length / 2)]!,
      };
    }
  }
  const median = 32 * HOUR;
  const sigma = 1.5;
  return {
    source: `FALLBACK lognormal (median 32 h, σ 1.5, at most ${MAX_DELAY / DAY} days): ${file} is absent`,
    draw: (u, u2) => Math.min(MAX_DELAY, median * Math.exp(sigma * Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * u2))),
    medianMs: median,
  };
}

/** Relative arrival weight of a local day (Asia/Shanghai) of 2025. */
function dayWeight(dayStartMs: number): number {
  const d = new Date(dayStartMs + 8 * HOUR);
  const month = d.getUTCMonth() + 1;
  const weekday = d.getUTCDay();
  let w = weekday === 0 || weekday === 6 ? 0.7 : 1;
  if (month >= 11 || month <= 3) w *= 1.6; // heating season
  if (month === 7 || month === 8) w *= 1.3; // flood season
  return w;
}

/** Arrival instants over the year, sorted: per-day counts by weight, daytime hours within a day. */
function planArrivals(n: number, r: () => number): number[] {
  const days: number[] = [];
  for (let t = YEAR_START; t < YEAR_END; t += DAY) days.push(t);
  const weights = days.map(dayWeight);
  const total = weights.reduce((a, b) => a + b, 0);
  const out: number[] = [];
  let carry = 0;
  days.forEach((day, i) => {
    const exact = (n * weights[i]!) / total + carry;
    const k = Math.floor(exact);
    carry = exact - k;
    // 7:00–21:00, busiest mid-morning and early afternoon (two triangles).
    for (let j = 0; j < k; j++) out.push(day + (7 + 14 * ((r() + r()) / 2)) * HOUR);
  });
  while (out.length < n) out.push(YEAR_END - HOUR);
  return out.sort((a, b) => a - b);
}

type Step = { at: number; ticket: Life; run: () => Promise<void> };

interface Life {
  id: number;
  leadUnitId: number;
  r: () => number;
  /** Redo already happened (a second unsatisfied callback is closed by the centre). */
  redone: boolean;
}

/** Min-heap of steps by simulated time. */
class Steps {
  #a: Step[] = [];
  get size() {
    return this.#a.length;
  }
  peek() {
    return this.#a[0];
  }
  push(s: Step) {
    const a = this.#a;
    a.push(s);
    for (let i = a.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (a[p]!.at <= a[i]!.at) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }
  pop() {
    const a = this.#a;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        let m = i;
        if (l < a.length && a[l]!.at < a[m]!.at) m = l;
        if (l + 1 < a.length && a[l + 1]!.at < a[m]!.at) m = l + 1;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}

/** Connections of the server's pool (src/platform/db/client.ts default): more lanes would only queue for them. */
const POOL_SIZE = 10;

/** Lanes on PostgreSQL: BENCH_REPLAY_LANES (1–10), default 10 (the fastest of 3, 8 and 10 measured). */
export function replayLanes(raw: string | undefined): number {
  if (raw === undefined || raw === '') return POOL_SIZE;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > POOL_SIZE)
    throw new Error(`BENCH_REPLAY_LANES must be an integer from 1 to ${POOL_SIZE}, got ${JSON.stringify(raw)}`);
  return n;
}

async function run(ctx: ScenarioContext) {
  const n = sizeAt(ctx.scale, 300_000, 1_000);
  const concurrency = ctx.db.kind === 'postgres' ? replayLanes(process.env.BENCH_REPLAY_LANES) : 1;
  const notes: string[] = [];
  const delays = delayDistribution();
  notes.push(`Reply delays: ${delays.source}; median ${(delays.medianMs / HOUR).toFixed(1)} h. Callback delays: the same ÷ 4, within 15 min – 5 days.`);
  if (delays.source.startsWith('FALLBACK')) ctx.log(`WARNING: ${delays.source}`);

  ctx.log('seeding the demo district (first server start)');
  await (await ctx.startServer()).stop();
  // The server's own composition (src/main.ts openContext: migrations checked, keys for personal data
  // at rest from the data directory), in this process, on the scenario's database.
  const log = pino({ level: 'silent' });
  let simNow = YEAR_START;
  const opened = await openContext(
    loadConfig({ ...process.env, JIESU_DATA_DIR: ctx.db.dataDir, DATABASE_URL: ctx.db.url ?? '', DATABASE_REPLICA_URL: '', LOG_LEVEL: 'silent' }),
    log,
    () => new Date(simNow),
  );
  const database: Database = opened.database;
  const metrics: Record<string, number> = { replay_tickets: n, concurrency };
  try {
    const districtCode = opened.districtCode;
    // A snapshot that never reloads (the clock jumps through a year).
    const reference = new ReferenceCache(database, districtCode, () => new Date(simNow), log, Number.POSITIVE_INFINITY);
    const base: AppContext = { ...opened, clock: () => new Date(simNow), log, reference };
    const at = (ms: number): AppContext => ({ ...base, clock: () => new Date(ms) });
    const ref = await reference.get();

    const principal = async (username: string): Promise<Principal> => {
      const p = await principalOfUsername(base, username);
      if (!p) throw new Error(`demo account ${username} is missing`);
      return p;
    };
    const operator = await principal('operator');
    const callbackAgent = await principal('callback');
    const supervisor = await principal('supervisor');
    const unitPrincipals = new Map<number, Principal>();
    for (const u of ref.units) {
      if (u.unitType === 'centre' || !u.active) continue;
      const p = await principalOfUsername(base, `h.${u.code.toLowerCase()}`);
      if (p) unitPrincipals.set(u.id, p);
    }
    const leaves = ref.categories.filter((c) => c.isLeaf && c.active);
    const communities = [...ref.divisionByCode.values()].filter((d) => d.level === 'community' && d.parentCode !== null).map((d) => d.code);

    const r0 = rng(20251231);
    const arrivals = planArrivals(n, r0);
    const heap = new Steps();
    let actions = 0;
    let errors = 0;
    const errorSamples = new Map<string, string>();
    let notDispatched = 0;
    let firstId = Number.POSITIVE_INFINITY;
    let lastId = 0;
    let sweeps = 0;
    let sweepMs = 0;
    let overdueMarks = 0;
    // Steps per simulated hour that had any: how much the lanes can overlap.
    let busyHours = 0;
    let maxStepsInHour = 0;
    const counts: Record<string, number> = {};

    const act = async <K extends RequestableAction>(ms: number, p: Principal, life: Life, type: K, input: ActionRequests[K]) => {
      actions++;
      counts[type] = (counts[type] ?? 0) + 1;
      return performAction(at(ms), p, life.id, type, input);
    };
    const later = (life: Life, ms: number, fn: (ms: number) => Promise<void>) => heap.push({ at: ms, ticket: life, run: () => fn(ms) });
    const unitOf = (life: Life) => unitPrincipals.get(life.leadUnitId) ?? supervisor;

    // The ticket's life after dispatch, as a chain of steps.
    const sign = (life: Life, t0: number) =>
      later(life, t0 + (10 + 80 * life.r()) * 60_000, async (ms) => {
        await act(ms, unitOf(life), life, 'sign', { note: '已签收' });
        later(life, ms + (30 + 210 * life.r()) * 60_000, async (ms2) => {
          await act(ms2, unitOf(life), life, 'contact', { method: 'phone', note: '已电话联系诉求人' });
          const replyAt = Math.max(ms2 + 10 * 60_000, t0 + delays.draw(life.r(), life.r()));
          if (life.r() < 0.04 && replyAt > ms2 + DAY + 4 * HOUR)
            later(life, ms2 + DAY, async (ms3) => {
              await act(ms3, unitOf(life), life, 'requestExtension', { days: 3, reason: '需协调多个部门，申请延期' });
              later(life, ms3 + 2 * HOUR, async (ms4) => {
                await act(ms4, supervisor, life, 'decideExtension', { approve: true, note: '同意延期' });
                reply(life, Math.max(replyAt, ms4 + 10 * 60_000));
              });
            });
          else reply(life, replyAt);
        });
      });
    const reply = (life: Life, ms: number) =>
      later(life, ms, async (t) => {
        await act(t, unitOf(life), life, 'reply', { text: '已现场核实并处理完毕，已向诉求人反馈' });
        callback(life, t + Math.min(5 * DAY, Math.max(15 * 60_000, delays.draw(life.r(), life.r()) / 4)));
      });
    const callback = (life: Life, ms: number) =>
      later(life, ms, async (t) => {
        if (life.r() < 0.05) {
          await act(t, callbackAgent, life, 'callback', { valid: false, reason: 'unreachable', note: '电话无人接听' });
          callback(life, t + DAY);
          return;
        }
        const unhappy = life.r() < (life.redone ? 0.05 : 0.12);
        const res = await act(
          t,
          callbackAgent,
          life,
          'callback',
          unhappy
            ? { valid: true, contacted: true, resolved: false, satisfaction: 'unsatisfied', note: '诉求人表示问题未解决' }
            : { valid: true, contacted: true, resolved: true, satisfaction: life.r() < 0.85 ? 'satisfied' : 'basically_satisfied', note: '' },
        );
        if (res.state === 'closed') return;
        later(life, t + (1 + 5 * life.r()) * HOUR, async (t2) => {
          if (!life.redone && life.r() < 0.5) {
            life.redone = true;
            await act(t2, supervisor, life, 'redo', { note: '回访不满意，重新办理' });
            reply(life, t2 + Math.max(HOUR, delays.draw(life.r(), life.r()) / 2));
          } else await act(t2, supervisor, life, 'close', { note: '经审核结案' });
        });
      });

    const intake = async (i: number, ms: number) => {
      const r = rng(0x5eed + i);
      const input = {
        requestType: (r() < 0.6 ? 'complaint' : r() < 0.8 ? 'help' : 'report') as 'complaint' | 'help' | 'report',
        channel: 'phone' as const,
        categoryId: leaves[Math.floor(r() * leaves.length)]!.id,
        content: `居民反映问题第${i}件：小区周边设施损坏，影响出行，请尽快处理。`,
        communityCode: communities[Math.floor(r() * communities.length)]!,
        requesterName: '张秀英',
        requesterPhone: `139${String(Math.floor(r() * 1e8)).padStart(8, '0')}`,
        triage: { action: 'dispatch' as const },
      };
      actions++;
      counts.intake = (counts.intake ?? 0) + 1;
      const created = await createTicket(
        at(ms),
        { userId: operator.userId, unitId: operator.unitId, roles: operator.roles, isCentre: operator.isCentre },
        input,
      );
      const id = created.result.ticketId;
      firstId = Math.min(firstId, id);
      lastId = Math.max(lastId, id);
      if (created.result.state !== 'dispatched') {
        notDispatched++;
        return;
      }
      const lead =
        created.result.routing?.leadUnitId ?? (await queryRows<{ u: number }>(database.db, sql`select lead_unit_id as u from tickets where id = ${id}`))[0]!.u;
      const life: Life = { id, leadUnitId: lead, r, redone: false };
      if (r() < 0.03)
        later(life, ms + 30 * 60_000, async (t) => {
          await act(t, unitOf(life), life, 'object', { reason: '不属于本单位职责' });
          later(life, t + 2 * HOUR, async (t2) => {
            await act(t2, supervisor, life, 'decideObjection', { approve: false, note: '属于本单位职责，请继续办理' });
            sign(life, t2);
          });
        });
      else sign(life, ms);
    };

    const guarded = async (label: string, fn: () => Promise<void>) => {
      try {
        await fn();
      } catch (e) {
        errors++;
        const code = (e as { code?: string }).code ?? (e instanceof Error ? e.message.slice(0, 80) : String(e));
        if (!errorSamples.has(code)) errorSamples.set(code, `${label}: ${e instanceof Error ? e.message.slice(0, 200) : String(e)}`);
      }
    };

    ctx.log(`replaying ${n} tickets over 2025 (${concurrency} step(s) at a time within each simulated hour)`);
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    let next = 0;
    let lastLog = started;
    for (let hourEnd = YEAR_START + HOUR; next < arrivals.length || heap.size > 0; hourEnd += HOUR) {
      // Arrivals of this hour join the queue as steps.
      while (next < arrivals.length && arrivals[next]! < hourEnd) {
        const i = next++;
        const ms = arrivals[i]!;
        heap.push({ at: ms, ticket: { id: 0, leadUnitId: 0, r: r0, redone: false }, run: () => intake(i, ms) });
      }
      const inflight = new Set<Promise<void>>();
      let stepsThisHour = 0;
      for (;;) {
        while (inflight.size < concurrency && heap.size > 0 && heap.peek()!.at < hourEnd) {
          const s = heap.pop()!;
          stepsThisHour++;
          simNow = Math.max(simNow, s.at);
          const p: Promise<void> = guarded('step', s.run).finally(() => inflight.delete(p));
          inflight.add(p);
        }
        if (inflight.size === 0) break;
        await Promise.race(inflight);
      }
      if (stepsThisHour > 0) busyHours++;
      maxStepsInHour = Math.max(maxStepsInHour, stepsThisHour);
      simNow = hourEnd;
      const sweepStarted = performance.now();
      await guarded('sweep', async () => {
        const s = await sweepDeadlines(at(hourEnd));
        overdueMarks += s.overdue;
      });
      sweeps++;
      sweepMs += performance.now() - sweepStarted;
      if (performance.now() - lastLog > 15_000) {
        lastLog = performance.now();
        ctx.log(
          `  ${new Date(hourEnd + 8 * HOUR).toISOString().slice(0, 10)}: ${next}/${n} tickets in, ${actions} actions, ${heap.size} pending, ${errors} errors`,
        );
      }
      if (hourEnd > YEAR_END + 120 * DAY) throw new Error('replay did not finish 120 days after the year');
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    // CPU of this process (the use cases; with PGlite the database too) against wall time: the rest is waiting (PostgreSQL, commits, other processes).
    metrics.replay_process_cpu_s = round((cpu.user + cpu.system) / 1e6, 1);
    metrics.replay_total_s = round(seconds, 1);
    metrics.replay_tickets_per_s = round(n / seconds, 1);
    metrics.replay_actions = actions;
    metrics.replay_actions_per_s = round(actions / seconds, 1);
    metrics.replay_errors = errors;
    metrics.replay_not_dispatched = notDispatched;
    metrics.replay_sweeps = sweeps;
    metrics.replay_overdue_marks = overdueMarks;
    metrics.replay_sweep_s = round(sweepMs / 1000, 1);
    metrics.replay_steps_s = round(seconds - sweepMs / 1000, 1);
    metrics.replay_steps_per_s = round(actions / (seconds - sweepMs / 1000), 1);
    metrics.replay_sweep_ms_mean = round(sweepMs / sweeps, 2);
    metrics.replay_busy_hours = busyHours;
    metrics.replay_steps_per_busy_hour = round(actions / Math.max(1, busyHours), 1);
    metrics.replay_steps_max_hour = maxStepsInHour;
    // The hourly sweeps are a fixed count per year whatever the volume; the rest scales with tickets.
    metrics.replay_full_year_projected_s = round(((seconds - sweepMs / 1000) * 300_000) / n + sweepMs / 1000, 0);
    for (const [k, v] of Object.entries(counts)) metrics[`actions_${k}`] = v;
    const [ev] = await queryRows<{ n: number; open: number }>(
      database.db,
      sql`select (select count(*)::int from ticket_events where ticket_id between ${firstId} and ${lastId}) as n,
                 (select count(*)::int from tickets where id between ${firstId} and ${lastId} and state <> 'closed') as open`,
    );
    metrics.replay_events = ev?.n ?? 0;
    metrics.replay_open_at_end = ev?.open ?? 0;
    const checked = await verifyBulkTickets(database, { firstId, lastId }, 100);
    ctx.log(
      `${n} tickets, ${actions} actions in ${seconds.toFixed(1)} s (${metrics.replay_tickets_per_s} tickets/s); ${errors} errors; ${checked} tickets replay to their stored state`,
    );
    if (errors > 0) notes.push(`${errors} steps failed: ${[...errorSamples.values()].join(' | ')}`);
    if (n < 300_000)
      notes.push(
        `replay_full_year_projected_s = (replay_total_s − replay_sweep_s) × 300,000 / ${n} + replay_sweep_s: the steps scaled linearly, the hourly sweeps (a fixed number per year) as measured; an estimate, since the tables grow during a real year.`,
      );
    else if (ctx.db.kind === 'postgres' && seconds >= 600) notes.push(`Goal missed: the district-year took ${seconds.toFixed(0)} s ≥ 600 s on PostgreSQL.`);
    notes.push(
      `Each step is the real use case in its own transaction (createTicket, performAction, sweepDeadlines every simulated hour); ${concurrency} at a time within a simulated hour.`,
    );
  } finally {
    await database.close();
  }
  return { metrics, notes };
}

const scenario: Scenario = {
  name: 'replay',
  description:
    'a synthetic district-year (full: 300,000 tickets) through intake, sign, contact, reply, callback, redo/extension/objection and close, in process with an injected clock',
  headline: [
    'replay_tickets',
    'replay_total_s',
    'replay_tickets_per_s',
    'replay_actions_per_s',
    'replay_steps_per_s',
    'replay_sweep_s',
    'replay_sweep_ms_mean',
    'replay_process_cpu_s',
    'replay_full_year_projected_s',
    'replay_errors',
    'replay_events',
    'concurrency',
  ],
  run,
};
export default scenario;
