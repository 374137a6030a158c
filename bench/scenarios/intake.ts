/**
 * Scenario `intake`: ticket creation over HTTP against the database's own ceiling.
 *
 * 1. The real server (child process) on a fresh database with the demo district (no demo tickets).
 * 2. autocannon at concurrency 1, 10 and 50 against POST /api/tickets (operator intake with triage
 *    `dispatch`: routing by the catalogue, deadlines, two events, the idempotency record; a unique
 *    Idempotency-Key per request) and against POST /open311/v2/requests.json (public form-encoded
 *    intake: ticket + accept event + idempotency record). Every response must be 201; anything else
 *    is counted and reported.
 * 3. The server stops; on the same database, through the same driver and client settings
 *    (src/platform/db/client.ts), single-row INSERT transactions into `bench_raw`, a table shaped like `tickets`
 *    (LIKE tickets INCLUDING DEFAULTS, plus its primary key), each row a copy of a ticket the intake
 *    run just created: the database's own ceiling for one-row transactions on this machine.
 *
 * Headline: concurrency 10. `intake_vs_raw` = intake_rps_c10 / raw_insert_tps (goal ≥ 0.5 on PostgreSQL).
 */
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { queryRows, type Database } from '../../src/platform/db/client.ts';
import { quantile, round } from '../lib/stats.ts';
import type { Scenario, ScenarioContext } from '../lib/types.ts';
import { api } from '../lib/http.ts';

const CONCURRENCY = [1, 10, 50] as const;
const HEADLINE_C = 10;
const PASSWORD = 'Jiesu@2026';

export interface Place {
  streetCode: string;
  communityCode: string;
}
export interface Leaf {
  id: number;
  code: string;
  name: string;
}

/** A deterministic pseudo-random sequence, so every run sends the same mix. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['秀英', '桂兰', '建国', '志强', '丽', '伟', '敏', '静', '军', '磊'];
const PROBLEMS = [
  '小区门口的路灯坏了一个多星期，晚上出行很不方便，老人孩子容易摔倒，希望尽快修复。',
  '楼下餐馆油烟直排，每天中午和晚上气味很大，窗户都不敢开，请有关部门检查处理。',
  '路边有车辆长期占用消防通道，多次劝说无效，存在安全隐患，请求处理。',
  '供暖以来家里温度一直达不到标准，只有十四五度，联系物业没有结果，请协调供热单位。',
  '垃圾桶满了没有人清运，周边有异味，夏天招蚊虫，希望增加清运次数。',
  '夜间施工噪音扰民，经常到凌晨一两点，严重影响休息，请核实是否有夜间施工许可。',
  '咨询一下孩子入学需要准备哪些材料，户籍在本区但房子是租的，应该去哪里办理。',
  '人行道上的井盖松动，踩上去晃动，已经有人差点受伤，请尽快加固。',
];
const REQUEST_TYPES = ['complaint', 'complaint', 'complaint', 'help', 'help', 'report', 'consultation', 'suggestion'] as const;

export function makeBodies(n: number, leaves: Leaf[], places: Place[], seed: number) {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const phone = () => `13${String(Math.floor(r() * 2000) + 10_000_000).padStart(9, '0')}`; // 2000 callers: some repeats
  const api: string[] = [];
  const open311: string[] = [];
  for (let i = 0; i < n; i++) {
    const leaf = pick(leaves);
    const place = pick(places);
    const text = `${pick(PROBLEMS)}（${leaf.name}）`;
    const name = pick(SURNAMES) + pick(GIVEN);
    const requestType = pick(REQUEST_TYPES);
    api.push(
      JSON.stringify({
        requestType,
        channel: 'phone',
        categoryId: leaf.id,
        content: text,
        address: `${place.communityCode.slice(-3)}号院${1 + Math.floor(r() * 20)}号楼`,
        communityCode: place.communityCode,
        requesterName: name,
        requesterPhone: phone(),
        triage: { action: 'dispatch' },
      }),
    );
    open311.push(
      new URLSearchParams({
        service_code: leaf.code,
        description: text,
        community_code: place.communityCode,
        request_type: requestType === 'consultation' || requestType === 'suggestion' ? 'complaint' : requestType,
        first_name: name.slice(1),
        last_name: name.slice(0, 1),
        phone: phone(),
      }).toString(),
    );
  }
  return { api, open311 };
}

interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  bad: number;
  samples: string[];
}

/** One autocannon run: `connections` clients POSTing `bodies` (round robin), each with a fresh Idempotency-Key. */
export async function load(opts: {
  url: string;
  path: string;
  connections: number;
  seconds: number;
  headers: Record<string, string>;
  bodies: string[];
  tag: string;
}): Promise<LoadResult> {
  let next = 0;
  const samples = new Map<string, string>();
  const result = await autocannon({
    url: opts.url,
    connections: opts.connections,
    duration: opts.seconds,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: opts.path,
        setupRequest: (req) => {
          const i = next++;
          return { ...req, body: opts.bodies[i % opts.bodies.length]!, headers: { ...opts.headers, 'idempotency-key': `${opts.tag}-${i}` } };
        },
        onResponse: (status, body) => {
          if (status !== 201 && samples.size < 3 && !samples.has(String(status))) samples.set(String(status), body.slice(0, 300));
        },
      },
    ],
  });
  const stats = result.statusCodeStats ?? {};
  let ok = 0;
  let other = 0;
  for (const [code, s] of Object.entries(stats)) {
    if (code === '201') ok += s.count ?? 0;
    else other += s.count ?? 0;
  }
  return {
    rps: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    bad: other + result.errors,
    samples: [...samples].map(([code, body]) => `${code}: ${body}`),
  };
}

/** Single-row INSERT transactions (autocommit) into bench_raw from `workers` concurrent clients. */
async function rawInserts(
  database: Database,
  workers: number,
  seconds: number,
  startId: number,
): Promise<{ tps: number; p50: number; p99: number; count: number; nextId: number }> {
  const cols = await queryRows<{ column_name: string; data_type: string }>(
    database.db,
    sql`select column_name, data_type from information_schema.columns where table_schema = current_schema() and table_name = 'bench_raw' order by ordinal_position`,
  );
  const [sample] = await queryRows<{ j: Record<string, unknown> }>(database.db, sql`select row_to_json(t) as j from tickets t order by id desc limit 1`);
  if (!sample) throw new Error('no ticket to copy into bench_raw');
  const template = cols.map((c) => {
    const v = sample.j[c.column_name] ?? null;
    return c.data_type === 'jsonb' || c.data_type === 'json' ? JSON.stringify(v) : v;
  });
  const idIdx = cols.findIndex((c) => c.column_name === 'id');
  const text = `insert into bench_raw (${cols.map((c) => `"${c.column_name}"`).join(', ')}) values (${cols.map((_, i) => `$${i + 1}`).join(', ')})`;
  // The driver itself (what drizzle wraps in the server): PGlite's query() or a pg pool with a prepared statement.
  const client = (database.db as unknown as { $client: PGlite | pg.Pool }).$client;
  const insert =
    database.driver === 'pglite'
      ? (values: unknown[]) => (client as PGlite).query(text, values)
      : (values: unknown[]) => (client as pg.Pool).query({ name: 'bench_raw_insert', text, values });

  let id = startId;
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (performance.now() < deadline) {
        const values = template.slice();
        values[idIdx] = id++;
        const t0 = performance.now();
        await insert(values);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { tps: latencies.length / elapsed, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), count: latencies.length, nextId: id };
}

async function run(ctx: ScenarioContext) {
  const seconds = ctx.scale.label === 'quick' ? 5 : Math.max(1, Math.round(30 * ctx.scale.factor));
  const warmup = Math.min(5, Math.max(2, Math.round(seconds / 5)));
  const metrics: Record<string, number> = { duration_s: seconds };
  const notes: string[] = [];

  ctx.log('starting the server (first start seeds the demo district)');
  const server = await ctx.startServer();
  const login = await api<{ token: string }>(`${server.url}/api/auth/login`, {
    method: 'POST',
    body: JSON.stringify({ username: 'operator', password: PASSWORD }),
  });
  const token = login.token;
  const cats = await api<{ items: { id: number; code: string; name: string; isLeaf: boolean; active: boolean }[] }>(`${server.url}/api/categories`, { token });
  const divs = await api<{ items: { code: string; level: string; parentCode: string | null }[] }>(`${server.url}/api/divisions`, { token });
  const leaves = cats.items.filter((c) => c.isLeaf && c.active);
  const places = divs.items.filter((d) => d.level === 'community' && d.parentCode !== null).map((d) => ({ streetCode: d.parentCode!, communityCode: d.code }));
  if (leaves.length === 0 || places.length === 0) throw new Error('the demo district has no leaf categories or communities');
  ctx.log(`${leaves.length} leaf categories, ${places.length} communities`);
  const bodies = makeBodies(4000, leaves, places, 20261122);
  const runTag = `bench-${Date.now().toString(36)}`;

  const targets: { name: string; path: string; headers: Record<string, string>; bodies: string[] }[] = [
    { name: 'intake', path: '/api/tickets', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, bodies: bodies.api },
    { name: 'open311', path: '/open311/v2/requests.json', headers: { 'content-type': 'application/x-www-form-urlencoded' }, bodies: bodies.open311 },
  ];
  for (const t of targets) {
    ctx.log(`${t.name}: warm-up ${warmup} s at concurrency ${HEADLINE_C}`);
    await load({
      url: server.url,
      path: t.path,
      connections: HEADLINE_C,
      seconds: warmup,
      headers: t.headers,
      bodies: t.bodies,
      tag: `${runTag}-${t.name}-warm`,
    });
    for (const c of CONCURRENCY) {
      const r = await load({ url: server.url, path: t.path, connections: c, seconds, headers: t.headers, bodies: t.bodies, tag: `${runTag}-${t.name}-c${c}` });
      ctx.log(`${t.name} c${c}: ${r.rps.toFixed(1)} created/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.ok} × 201, ${r.bad} other`);
      metrics[`${t.name}_rps_c${c}`] = round(r.rps, 1);
      metrics[`${t.name}_p50_ms_c${c}`] = r.p50;
      metrics[`${t.name}_p99_ms_c${c}`] = r.p99;
      metrics[`${t.name}_errors_c${c}`] = r.bad;
      if (r.bad > 0) notes.push(`${t.name} at concurrency ${c}: ${r.bad} responses were not 201 (${r.samples.join(' | ')})`);
    }
  }
  await server.stop();

  ctx.log('raw baseline: single-row INSERT transactions into bench_raw on the same database');
  const database = await ctx.openDatabase({ poolSize: Math.max(...CONCURRENCY) });
  try {
    const [count] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from tickets`);
    metrics.tickets_after_http = count?.n ?? 0;
    await database.db.execute(sql`drop table if exists bench_raw`);
    await database.db.execute(sql`create table bench_raw (like tickets including defaults)`);
    await database.db.execute(sql`alter table bench_raw add primary key (district_code, id)`);
    const levels = database.driver === 'pglite' ? [1] : [...CONCURRENCY];
    let nextId = 1;
    // Warm-up: caches, the prepared statement, the JIT of this process.
    nextId = (await rawInserts(database, levels.includes(HEADLINE_C) ? HEADLINE_C : 1, warmup, nextId)).nextId;
    for (const c of levels) {
      const r = await rawInserts(database, c, seconds, nextId);
      nextId = r.nextId;
      ctx.log(`raw c${c}: ${r.tps.toFixed(1)} tx/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms`);
      metrics[`raw_insert_tps_c${c}`] = round(r.tps, 1);
      metrics[`raw_insert_p50_ms_c${c}`] = round(r.p50, 3);
      metrics[`raw_insert_p99_ms_c${c}`] = round(r.p99, 3);
      metrics[`intake_vs_raw_c${c}`] = round(metrics[`intake_rps_c${c}`]! / r.tps, 3);
    }
    // Every timed INSERT must have left its row (a driver that dropped writes would look fast).
    const [raw] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from bench_raw`);
    if (raw?.n !== nextId - 1) throw new Error(`bench_raw holds ${raw?.n} rows, expected ${nextId - 1}`);
    await database.db.execute(sql`drop table bench_raw`);
    const rawC = database.driver === 'pglite' ? 1 : HEADLINE_C;
    if (database.driver === 'pglite')
      notes.push(
        'PGlite is one connection in one process: concurrent queries queue, so the raw baseline is measured at concurrency 1 only; intake_vs_raw compares intake at concurrency 10 with it.',
      );
    metrics.intake_rps = metrics[`intake_rps_c${HEADLINE_C}`]!;
    metrics.intake_p50_ms = metrics[`intake_p50_ms_c${HEADLINE_C}`]!;
    metrics.intake_p99_ms = metrics[`intake_p99_ms_c${HEADLINE_C}`]!;
    metrics.open311_rps = metrics[`open311_rps_c${HEADLINE_C}`]!;
    metrics.raw_insert_tps = metrics[`raw_insert_tps_c${rawC}`]!;
    metrics.intake_vs_raw = round(metrics.intake_rps / metrics.raw_insert_tps, 3);
    metrics.open311_vs_raw = round(metrics.open311_rps / metrics.raw_insert_tps, 3);
  } finally {
    await database.close();
  }
  return { metrics, notes };
}

const scenario: Scenario = {
  name: 'intake',
  description: 'ticket creation over HTTP (internal API and Open311) at concurrency 1/10/50 vs raw single-row INSERT transactions',
  headline: [
    'intake_rps',
    'intake_p50_ms',
    'intake_p99_ms',
    'raw_insert_tps',
    'intake_vs_raw',
    'open311_rps',
    'open311_vs_raw',
    'intake_rps_c1',
    'intake_rps_c50',
    'intake_p99_ms_c50',
    'open311_rps_c1',
    'open311_rps_c50',
    'raw_insert_tps_c1',
    'raw_insert_tps_c50',
    'intake_vs_raw_c1',
    'intake_vs_raw_c50',
    'intake_errors_c10',
    'open311_errors_c10',
  ],
  run,
};
export default scenario;
