/**
 * Scenario `points-ledger`: the points bank under concurrent movements (issue 17: "the points ledger
 * balances after 100,000 concurrent movements on PostgreSQL with zero anomalies").
 *
 * 1. The real server starts once on a fresh database (migrations, the demo district with the points
 *    bank's rules, partners and catalogue) and stops, releasing a PGlite directory.
 * 2. In the benchmark process, through the module's own use cases (`awardPoints` in its own database
 *    transaction, `redeem` as the holder): 2,000 holders (residents, inserted directly) and four hot
 *    items (stock enough for every redemption). A fixed pseudo-random mix of movements — 70 % awards of
 *    1–3 service hours, 30 % redemptions of one piece of a hot item — is issued by CONCURRENCY workers
 *    at once (64 on PostgreSQL, the pool's size; PGlite runs them one at a time on its one connection).
 *    Latency is per movement (its whole database transaction); a refusal the rules expect (a holder
 *    without enough points yet) is counted, not hidden; any other error counts in `errors_other`.
 * 3. The audit (`audit`: every balance re-derived from the entries, every transaction's sum, the issuer
 *    equation) and its time; `anomalies` must be 0, and the run fails otherwise.
 * 4. Baselines in the same run, on the same database: the same mix issued one at a time
 *    (`sequential_*`, a fiftieth of the movements), and single-row INSERT transactions into a plain table
 *    at the same concurrency (`plain_insert_*`): what the database does with no ledger at all.
 *
 * Sizes: full = 100,000 movements; `--scale f` multiplies it (quick: a sixth).
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import type { Principal } from '../../src/engine/auth.ts';
import type { AppContext } from '../../src/engine/context.ts';
import { ReferenceCache } from '../../src/engine/reference/reference-cache.ts';
import { awardPoints } from '../../src/modules/points/index.ts';
import { addItem, audit, listPartners, redeem } from '../../src/modules/points/points.service.ts';
import { openKeyring } from '../../src/platform/crypto/personal-data-keys.ts';
import { queryRows, type Database } from '../../src/platform/db/client.ts';
import { AppError } from '../../src/platform/errors.ts';
import { quantile, round } from '../lib/stats.ts';
import type { Scenario, ScenarioContext } from '../lib/types.ts';

const DISTRICT = '110109';
const FULL_MOVEMENTS = 100_000;
const HOLDERS = 2_000;
const HOT_ITEMS = [
  { name: '洗衣液（压测）', cost: 30 },
  { name: '环保袋（压测）', cost: 10 },
  { name: '理发券（压测）', cost: 20 },
  { name: '抽纸（压测）', cost: 15 },
];

type Move = { t: 'award'; holder: number; hours: number } | { t: 'redeem'; holder: number; item: number };

/** A deterministic mix (xorshift32), the same for every run of a size. */
function movements(n: number, seed: number): Move[] {
  let x = seed >>> 0 || 1;
  const next = () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
  const out: Move[] = [];
  for (let i = 0; i < n; i++) {
    const holder = Math.floor(next() * HOLDERS);
    out.push(next() < 0.7 ? { t: 'award', holder, hours: 1 + Math.floor(next() * 3) } : { t: 'redeem', holder, item: Math.floor(next() * HOT_ITEMS.length) });
  }
  return out;
}

interface Outcome {
  latencies: number[];
  ok: { award: number; redeem: number };
  refused: Record<string, number>;
  errors: string[];
  seconds: number;
}

/** Runs `moves` with `concurrency` workers pulling from one queue. */
async function issue(
  ctx: AppContext,
  moves: Move[],
  concurrency: number,
  holders: Principal[],
  itemIds: number[],
  tag: string,
  say: (m: string) => void,
): Promise<Outcome> {
  const out: Outcome = { latencies: [], ok: { award: 0, redeem: 0 }, refused: {}, errors: [], seconds: 0 };
  let next = 0;
  let lastReport = performance.now();
  const t0 = performance.now();
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= moves.length) return;
      const m = moves[i]!;
      const s = performance.now();
      try {
        if (m.t === 'award') {
          const holder = holders[m.holder]!;
          await ctx.database.db.transaction((tx) =>
            awardPoints(ctx, tx, {
              holderUserId: holder.userId,
              ruleCode: 'service.hour',
              quantity: m.hours,
              sourceKey: `${tag}:${i}`,
              occurredAt: ctx.clock(),
              actor: null,
            }),
          );
        } else await redeem(ctx, holders[m.holder]!, { itemId: itemIds[m.item]!, quantity: 1, idempotencyKey: `${tag}-${i}` });
        out.ok[m.t]++;
      } catch (e) {
        if (e instanceof AppError) out.refused[e.code] = (out.refused[e.code] ?? 0) + 1;
        else if (out.errors.push(String((e as Error).message).slice(0, 300)) > 20) out.errors.length = 20;
      }
      out.latencies.push(performance.now() - s);
      if (performance.now() - lastReport > 15_000) {
        lastReport = performance.now();
        say(`  ${tag}: ${i + 1}/${moves.length} issued`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  out.seconds = (performance.now() - t0) / 1000;
  return out;
}

/** Single-row INSERT transactions into a plain table at the same concurrency: the database without a ledger. */
async function plainInserts(database: Database, n: number, concurrency: number): Promise<{ perSecond: number; p50: number; p99: number }> {
  const db = database.db;
  await db.execute(sql`create table if not exists bench_plain_movements (id bigserial primary key, account integer not null, amount bigint not null)`);
  const lat: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= n) return;
        const s = performance.now();
        await db.transaction(async (tx) => {
          await tx.execute(sql`insert into bench_plain_movements (account, amount) values (${i % HOLDERS}, ${10 + (i % 20)})`);
        });
        lat.push(performance.now() - s);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { perSecond: n / seconds, p50: quantile(lat, 0.5), p99: quantile(lat, 0.99) };
}

const scenario: Scenario = {
  name: 'points-ledger',
  description: 'Points bank: 100,000 concurrent awards and redemptions through the use cases, then the audit (anomalies must be 0)',
  headline: ['movements', 'concurrency', 'movements_per_s', 'p50_ms', 'p99_ms', 'anomalies', 'audit_ms', 'ratio_vs_sequential', 'ratio_vs_plain_insert'],
  async run(c: ScenarioContext) {
    const n = Math.max(1000, Math.round(FULL_MOVEMENTS * c.scale.factor));
    const concurrency = c.db.kind === 'postgres' ? 64 : 1;
    c.log(`points-ledger: ${n} movements at concurrency ${concurrency}`);
    await (await c.startServer()).stop();
    const database = await c.openDatabase({ poolSize: concurrency });
    const notes: string[] = [];
    try {
      const log = pino({ level: 'warn' });
      const clock = () => new Date();
      const ctx: AppContext = {
        database,
        clock,
        log,
        districtCode: DISTRICT,
        reference: new ReferenceCache(database, DISTRICT, clock, log),
        uploadsDir: '/nonexistent',
        personalData: openKeyring({ dataKey: null, oldDataKeys: [], dataDir: 'memory://' }),
      };
      const db = database.db;
      // Holders: residents of the first street (the demo's password hash is irrelevant: nobody signs in).
      const [street] = await queryRows<{ id: number }>(
        db,
        sql`select id from units where district_code = ${DISTRICT} and unit_type = 'street' order by id limit 1`,
      );
      const rows = await queryRows<{ id: number }>(
        db,
        sql`insert into users (username, display_name, password_hash, unit_id, roles)
            select 'bench-holder-' || g, '压测居民' || g, 'x', ${street!.id}, array['resident']
              from generate_series(1, ${HOLDERS}) g
            returning id`,
      );
      const ref = await ctx.reference.get();
      const base = {
        username: '',
        displayName: '',
        unitId: street!.id,
        unitName: '',
        unitType: 'street',
        roles: ['resident'] as Principal['roles'],
        isCentre: false,
      };
      const holders: Principal[] = rows.map((r) => ({ ...base, userId: Number(r.id), scopeUnitIds: [street!.id] }));
      const admin = { ...base, userId: 1, roles: ['admin'] as Principal['roles'], isCentre: true, scopeUnitIds: 'all' as const };
      const partner = (await listPartners(ctx))[0];
      if (partner === undefined || ref.units.length === 0) throw new Error('the demo seed made no points partner');
      const itemIds: number[] = [];
      for (const it of HOT_ITEMS) itemIds.push((await addItem(ctx, admin, { partnerId: partner.id, name: it.name, cost: it.cost, stock: n })).id);

      const main = await issue(ctx, movements(n, 20261117), concurrency, holders, itemIds, 'main', c.log);
      c.log(`  main: ${round(n / main.seconds, 0)} movements/s`);
      let auditMs = 0;
      const t0 = performance.now();
      const found = await audit(ctx, null);
      auditMs = performance.now() - t0;
      if (found.anomalies !== 0) throw new Error(`the audit found ${found.anomalies} anomalies: ${JSON.stringify(found).slice(0, 1000)}`);

      const seqN = Math.max(500, Math.round(n / 50));
      const seq = await issue(ctx, movements(seqN, 7), 1, holders, itemIds, 'seq', c.log);
      const plain = await plainInserts(database, Math.max(2000, Math.round(n / 5)), concurrency);
      const after = await audit(ctx, null);
      if (after.anomalies !== 0) throw new Error(`the audit after the baselines found ${after.anomalies} anomalies`);

      const [settings] = await queryRows<{ fsync: string; sc: string }>(
        db,
        sql`select current_setting('fsync') as fsync, current_setting('synchronous_commit') as sc`,
      );
      notes.push(`database settings: fsync=${settings?.fsync}, synchronous_commit=${settings?.sc}; pool size ${concurrency}`);
      notes.push(`mix: 70% awards (1–3 h × 10 points), 30% redemptions of one of ${HOT_ITEMS.length} hot items; ${HOLDERS} holders`);
      if (Object.keys(main.refused).length) notes.push(`expected refusals (main): ${JSON.stringify(main.refused)}`);
      if (main.errors.length || seq.errors.length) notes.push(`unexpected errors: ${[...main.errors, ...seq.errors].slice(0, 5).join(' | ')}`);
      if (concurrency === 1) notes.push('PGlite has one connection: the movements run one at a time, so main and sequential measure the same thing');
      const perSecond = n / main.seconds;
      const seqPerSecond = seqN / seq.seconds;
      return {
        metrics: {
          movements: n,
          concurrency,
          movements_per_s: round(perSecond, 0),
          p50_ms: round(quantile(main.latencies, 0.5)),
          p99_ms: round(quantile(main.latencies, 0.99)),
          awards_ok: main.ok.award,
          redemptions_ok: main.ok.redeem,
          refused_insufficient: main.refused['POINTS.INSUFFICIENT_BALANCE'] ?? 0,
          refused_out_of_stock: main.refused['POINTS.OUT_OF_STOCK'] ?? 0,
          errors_other: main.errors.length + seq.errors.length,
          anomalies: found.anomalies,
          accounts: found.accounts,
          transactions: found.transactions,
          audit_ms: round(auditMs, 0),
          sequential_movements: seqN,
          sequential_per_s: round(seqPerSecond, 0),
          sequential_p50_ms: round(quantile(seq.latencies, 0.5)),
          plain_insert_per_s: round(plain.perSecond, 0),
          plain_insert_p50_ms: round(plain.p50),
          plain_insert_p99_ms: round(plain.p99),
          ratio_vs_sequential: round(perSecond / seqPerSecond),
          ratio_vs_plain_insert: round(perSecond / plain.perSecond),
        },
        notes,
      };
    } finally {
      await database.close();
    }
  },
};

export default scenario;
