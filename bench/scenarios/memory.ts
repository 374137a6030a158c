/**
 * Scenario `memory`: resident memory of the server process, idle and under the intake load, with N
 * tickets in the database (full: 1,000,000).
 *
 * 1. The server seeds the demo district; it stops; `bench/lib/bulk-tickets.ts` adds N tickets; the
 *    server starts again on that database.
 * 2. Idle: after one sign-in and the reference reads the intake needs, 5 s without requests, then
 *    VmRSS of the child (`/proc/<pid>/status`). On PGlite the database lives inside the server process,
 *    so its buffers and catalogue caches are in this number; on PostgreSQL they are in the PostgreSQL
 *    processes, which are not counted.
 * 3. Load: the intake scenario's autocannon run (operator intake with triage `dispatch`, unique
 *    Idempotency-Keys) at concurrency 10 and then 50, while VmRSS is sampled every 100 ms; the peak is
 *    `rss_mb_load`. VmHWM (the kernel's high-water mark since the process started) is reported beside it.
 *
 * Goal: under 500 MB under load.
 */
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { aggregatesModeFor, generateBulkTickets } from '../lib/bulk-tickets.ts';
import { api, signIn } from '../lib/http.ts';
import { sizeAt } from '../lib/scale.ts';
import { round } from '../lib/stats.ts';
import type { Scenario, ScenarioContext } from '../lib/types.ts';
import { load, makeBodies, type Leaf, type Place } from './intake.ts';

/** VmRSS and VmHWM of a process in MB, from /proc/<pid>/status (Linux). */
export function residentMb(pid: number): { rss: number; hwm: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!m) throw new Error(`/proc/${pid}/status has no ${key}`);
    return Number(m[1]) / 1024;
  };
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

async function run(ctx: ScenarioContext) {
  const n = sizeAt(ctx.scale, 1_000_000, 20_000);
  const seconds = ctx.scale.label === 'quick' ? 10 : Math.max(5, Math.round(60 * ctx.scale.factor));
  const metrics: Record<string, number> = { tickets: n, load_seconds_per_level: seconds };
  const notes: string[] = [];
  if (!fs.existsSync('/proc/self/status')) throw new Error('the memory scenario reads /proc/<pid>/status (Linux only)');

  ctx.log('seeding the demo district (first server start)');
  await (await ctx.startServer()).stop();
  const database = await ctx.openDatabase();
  try {
    ctx.log(`generating ${n} tickets with their events`);
    const gen = await generateBulkTickets(database, { tickets: n, aggregates: aggregatesModeFor(n) });
    metrics.generate_s = round(gen.ms / 1000, 1);
    notes.push(`${n} synthetic tickets (bench/lib/bulk-tickets.ts), ${gen.events} events.`);
  } finally {
    await database.close();
  }

  const server = await ctx.startServer();
  const token = await signIn(server.url, 'operator');
  const cats = await api<{ items: { id: number; code: string; name: string; isLeaf: boolean; active: boolean }[] }>(`${server.url}/api/categories`, { token });
  const divs = await api<{ items: { code: string; level: string; parentCode: string | null }[] }>(`${server.url}/api/divisions`, { token });
  const leaves: Leaf[] = cats.items.filter((c) => c.isLeaf && c.active);
  const places: Place[] = divs.items
    .filter((d) => d.level === 'community' && d.parentCode !== null)
    .map((d) => ({ streetCode: d.parentCode!, communityCode: d.code }));
  await sleep(5000);
  const idle = residentMb(server.pid);
  metrics.rss_mb_idle = round(idle.rss, 1);
  ctx.log(`idle: RSS ${idle.rss.toFixed(1)} MB (high-water mark since start ${idle.hwm.toFixed(1)} MB)`);

  const bodies = makeBodies(4000, leaves, places, 20261202).api;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  let peak = idle.rss;
  const sampler = setInterval(() => {
    try {
      peak = Math.max(peak, residentMb(server.pid).rss);
    } catch {
      // The child may be exiting at the very end; the last samples are enough.
    }
  }, 100);
  try {
    for (const c of [10, 50]) {
      const before = peak;
      const r = await load({ url: server.url, path: '/api/tickets', connections: c, seconds, headers, bodies, tag: `mem-${Date.now().toString(36)}-c${c}` });
      metrics[`intake_rps_c${c}`] = round(r.rps, 1);
      metrics[`intake_errors_c${c}`] = r.bad;
      metrics[`rss_mb_load_c${c}`] = round(Math.max(peak, residentMb(server.pid).rss), 1);
      if (r.bad > 0) notes.push(`Concurrency ${c}: ${r.bad} responses were not 201 (${r.samples.join(' | ')}).`);
      ctx.log(`load c${c}: ${r.rps.toFixed(1)} tickets/s, peak RSS ${metrics[`rss_mb_load_c${c}`]} MB (was ${before.toFixed(1)})`);
    }
  } finally {
    clearInterval(sampler);
  }
  const after = residentMb(server.pid);
  await server.stop();
  metrics.rss_mb_load = round(Math.max(peak, after.rss), 1);
  metrics.rss_mb_hwm = round(after.hwm, 1);
  metrics.rss_mb_after = round(after.rss, 1);
  if (n >= 1_000_000 && metrics.rss_mb_load >= 500) notes.push(`Goal missed: peak RSS under load ${metrics.rss_mb_load} MB ≥ 500 MB.`);
  notes.push(
    ctx.db.kind === 'pglite'
      ? 'PGlite runs inside the server process: its shared buffers, WAL buffers and caches are part of the RSS.'
      : 'PostgreSQL runs in its own processes: RSS is the Node server alone (pool of 10 connections).',
  );
  notes.push(
    `Peak = highest VmRSS sampled every 100 ms during ${seconds} s of intake at concurrency 10 and ${seconds} s at 50; rss_mb_hwm = VmHWM at the end (includes start-up and migrations).`,
  );
  return { metrics, notes };
}

const scenario: Scenario = {
  name: 'memory',
  description: 'server resident memory (VmRSS) idle and peak under the intake load, with N tickets (full: 1,000,000)',
  headline: ['tickets', 'rss_mb_idle', 'rss_mb_load', 'rss_mb_load_c10', 'rss_mb_load_c50', 'rss_mb_hwm', 'intake_rps_c10', 'intake_rps_c50'],
  run,
};
export default scenario;
