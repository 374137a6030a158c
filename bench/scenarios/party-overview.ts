/**
 * Scenario `party-overview`: the organisation department's 双报到总览 with a district's worth of data (issue
 * 18 part 3: "answers in under 300 ms with 60,000 members and 2,500 branches on PostgreSQL").
 *
 * 1. The real server seeds the demo district (with the party demo and its 双报到) and stops.
 * 2. In the benchmark process, straight into the tables (generate_series; what is measured is the read):
 *    2,500 branches spread over the district's communities, 60,000 members in them (sealed columns hold
 *    placeholders: the overview never opens them), each living in a community; 60 % of the members and a
 *    fifth of the branches reported in, on dates over the past year; per community eight needs a month for
 *    twelve months, two thirds of them claimed (one to three claims each), the claims of past days
 *    recorded and most confirmed; every generated branch rated in the last two years (降星支部: last year's
 *    final stars, this year's reviewed ones, a fifth of them a star lower), so the overview's "which branches
 *    fell a star" reads a district's worth of ratings.
 * 3. The server starts again. As the district's party worker (`party`), sequentially: the current month's
 *    overview of one street (`street_*`), of the whole district (`district_*`), and as baseline in the same
 *    run, interleaved, `GET /api/auth/me` (session look-up and the rules: what every request pays).
 *    A warm-up of 10 requests each is not recorded.
 *
 * Sizes: full = 60,000 members / 2,500 branches, 200 requests each; `--scale f` multiplies data and requests.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/client.ts';
import { signIn } from '../lib/http.ts';
import { sizeAt } from '../lib/scale.ts';
import { quantile, round } from '../lib/stats.ts';
import type { Scenario, ScenarioContext } from '../lib/types.ts';

const DISTRICT = '110109';

async function timed(url: string, token: string): Promise<{ ms: number; status: number; bytes: number; body: string }> {
  const t0 = performance.now();
  const r = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const body = await r.text();
  return { ms: performance.now() - t0, status: r.status, bytes: body.length, body };
}

async function run(ctx: ScenarioContext) {
  const members = sizeAt(ctx.scale, 60_000, 6_000);
  const branches = sizeAt(ctx.scale, 2_500, 250);
  const requests = sizeAt(ctx.scale, 200, 40);
  const metrics: Record<string, number> = { members, branches, requests };
  const notes: string[] = [];

  ctx.log('seeding the demo district (first server start)');
  await (await ctx.startServer()).stop();

  const now = new Date();
  const month = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 7);
  const database = await ctx.openDatabase();
  let street: string;
  try {
    const t0 = performance.now();
    const db = database.db;
    ctx.log(`writing ${branches} branches, ${members} members, a year of report-ins, needs and claims`);
    const communities = (
      await queryRows<{ code: string }>(
        db,
        sql`select distinct division_code as code from party_organisations where district_code = ${DISTRICT} and length(division_code) = 12 order by 1`,
      )
    ).map((r) => r.code);
    street = communities[0]!.slice(0, 9); // the first street: the one the overview is asked for
    const codes = sql.raw(`array[${communities.map((c) => `'${c}'`).join(',')}]::text[]`);
    const n = communities.length;
    const [parent] = await queryRows<{ id: number; path: string }>(
      db,
      sql`select id, path from party_organisations where district_code = ${DISTRICT} and parent_id is null`,
    );
    await db.execute(sql`
      insert into party_organisations (district_code, parent_id, path, level, host_type, code, name, division_code, paired_community_code, created_at, updated_at)
      select ${DISTRICT}, ${parent!.id}, '', 'branch', 'enterprise', 'BENCH-' || g, '压测党支部' || g, (${codes})[1 + g % ${n}],
             case when g % 5 = 0 then (${codes})[1 + (g * 7) % ${n}] end, now(), now()
        from generate_series(1, ${branches}) g`);
    await db.execute(sql`update party_organisations set path = ${parent!.path} || id || '/' where code like 'BENCH-%'`);
    await db.execute(sql`
      insert into party_members (district_code, organisation_id, real_name, id_number, id_number_key, phone, member_type, home_community_code, in_service, posts, created_at, updated_at)
      select ${DISTRICT}, o.id, 'pd1:bench', 'pd1:bench', md5('bench-member-' || g), null, 'full', (${codes})[1 + (g * 13) % ${n}], g % 3 = 0, '{}', now(), now()
        from generate_series(1, ${members}) g
        join party_organisations o on o.code = 'BENCH-' || (1 + g % ${branches})`);
    await db.execute(sql`
      insert into party_report_ins (district_code, community_code, member_id, status, reported_on, registered_by_user_id, created_at, updated_at)
      select ${DISTRICT}, m.home_community_code, m.id, case when m.id % 20 = 0 then 'withdrawn' else 'active' end,
             (current_date - (m.id % 365))::date, 1, now(), now()
        from party_members m where m.id_number_key like '%' and m.real_name = 'pd1:bench' and m.id % 5 < 3
      on conflict do nothing`);
    await db.execute(sql`
      insert into party_report_ins (district_code, community_code, organisation_id, status, reported_on, registered_by_user_id, created_at, updated_at)
      select ${DISTRICT}, paired_community_code, id, 'active', (current_date - (id % 365))::date, 1, now(), now()
        from party_organisations where code like 'BENCH-%' and paired_community_code is not null
      on conflict do nothing`);
    await db.execute(sql`
      insert into party_needs (district_code, community_code, title, description, category, people_wanted, needed_on, time_text, place, state, claimed_count, created_by_user_id, created_at)
      select ${DISTRICT}, c, '压测需求', '', 'other', 1 + (k % 3),
             (date_trunc('month', current_date) - (mo || ' months')::interval + ((k * 3) % 27 || ' days')::interval)::date,
             '', '', 'open', 0, 1, now()
        from unnest(${codes}) c, generate_series(0, 11) mo, generate_series(1, 8) k`);
    await db.execute(sql`
      with reported as (
        select community_code, array_agg(member_id order by member_id) ids from party_report_ins
         where member_id is not null and status = 'active' group by community_code),
      wanted as (
        select n.id, n.community_code, n.needed_on, n.people_wanted, s.k, r.ids
          from party_needs n join reported r on r.community_code = n.community_code
          cross join lateral generate_series(1, n.people_wanted) s(k)
         where n.title = '压测需求' and n.id % 3 <> 0)
      insert into party_claims (district_code, need_id, community_code, member_id, state, claimed_by_user_id, claimed_at, summary, served_on, minutes, recorded_at, confirmed_at)
      select ${DISTRICT}, id, community_code, ids[1 + ((id * 7 + k) % array_length(ids, 1))],
             case when needed_on > current_date then 'claimed' when (id + k) % 4 = 0 then 'done' else 'confirmed' end,
             1, now(), case when needed_on <= current_date then '压测服务' end, case when needed_on <= current_date then needed_on end,
             case when needed_on <= current_date then 60 end, now(), now()
        from wanted
      on conflict do nothing`);
    await db.execute(sql`
      update party_needs n set claimed_count = c.cnt,
             state = case when c.cnt < n.people_wanted then 'open' when c.claimed > 0 then 'claimed' when c.done > 0 then 'done' else 'confirmed' end
        from (select need_id, count(*) cnt, count(*) filter (where state = 'claimed') claimed, count(*) filter (where state = 'done') done
                from party_claims where state <> 'cancelled' group by need_id) c
       where c.need_id = n.id`);
    // The star rating of last year (final) and this year (reviewed) for every generated branch; a fifth fell a star.
    const year = Number(month.slice(0, 4));
    const [current] = await queryRows<{ id: number; rule_set_id: number; opened_by: number }>(
      db,
      sql`select id, rule_set_id, opened_by from party_rating_cycles where district_code = ${DISTRICT} and year = ${year}`,
    );
    if (current === undefined) throw new Error(`party-overview: the demo has no rating cycle of ${year}`);
    await db.execute(sql`
      insert into party_rating_cycles (district_code, year, rule_set_id, status, opened_by, opened_at, finalised_at)
      values (${DISTRICT}, ${year - 1}, ${current.rule_set_id}, 'final', ${current.opened_by}, now(), now())
      on conflict do nothing`);
    const [previous] = await queryRows<{ id: number }>(db, sql`select id from party_rating_cycles where district_code = ${DISTRICT} and year = ${year - 1}`);
    await db.execute(sql`
      insert into party_ratings (district_code, cycle_id, organisation_id, status, review_total, review_stars, final_total, final_stars)
      select ${DISTRICT}, ${previous!.id}, id, 'final', 600 + (id % 4) * 100, 2 + id % 4, 600 + (id % 4) * 100, 2 + id % 4
        from party_organisations where code like 'BENCH-%'
      on conflict do nothing`);
    await db.execute(sql`
      insert into party_ratings (district_code, cycle_id, organisation_id, status, review_total, review_stars)
      select ${DISTRICT}, ${current.id}, id, 'reviewed', 600 + (id % 4) * 100, 2 + id % 4 - case when id % 5 = 0 then 1 else 0 end
        from party_organisations where code like 'BENCH-%'
      on conflict do nothing`);
    if (database.driver === 'postgres') await db.execute(sql`analyze`);
    const counts = (
      await queryRows<Record<string, string>>(
        db,
        sql`select (select count(*) from party_members) members, (select count(*) from party_organisations where level = 'branch') branches,
                   (select count(*) from party_report_ins) report_ins, (select count(*) from party_needs) needs, (select count(*) from party_claims) claims,
                   (select count(*) from party_ratings) ratings`,
      )
    )[0]!;
    for (const [k, v] of Object.entries(counts)) metrics[`rows_${k}`] = Number(v);
    metrics.generate_s = round((performance.now() - t0) / 1000, 1);
  } finally {
    await database.close();
  }

  const server = await ctx.startServer();
  try {
    const token = await signIn(server.url, 'party');
    const urls = {
      street: `${server.url}/api/party/reportin/overview?month=${month}&street=${street}`,
      district: `${server.url}/api/party/reportin/overview?month=${month}`,
      baseline: `${server.url}/api/auth/me`,
    };
    for (let i = 0; i < 10; i++) for (const u of Object.values(urls)) await timed(u, token);
    const samples: Record<keyof typeof urls, number[]> = { street: [], district: [], baseline: [] };
    let errors = 0;
    ctx.log(`${requests} overviews of a street and of the district, with as many GET /api/auth/me`);
    for (let i = 0; i < requests; i++)
      for (const k of ['street', 'baseline', 'district'] as const) {
        const r = await timed(urls[k], token);
        if (r.status !== 200) {
          errors++;
          if (errors <= 3) notes.push(`${k}: ${r.status}`);
        } else samples[k].push(r.ms);
        if (i === 0) metrics[`${k}_bytes`] = r.bytes;
        // How many branches the overview names as fallen a star (the generated fifth, and the demo's).
        if (i === 0 && k !== 'baseline' && r.status === 200)
          metrics[`${k}_fell_a_star`] = (JSON.parse(r.body) as { fellAStar: { branches: unknown[] } | null }).fellAStar?.branches.length ?? 0;
      }
    for (const k of ['street', 'district', 'baseline'] as const) {
      metrics[`${k}_p50_ms`] = round(quantile(samples[k], 0.5), 1);
      metrics[`${k}_p99_ms`] = round(quantile(samples[k], 0.99), 1);
    }
    metrics.street_p50_vs_baseline = round(metrics.street_p50_ms! / metrics.baseline_p50_ms!, 1);
    metrics.district_p50_vs_baseline = round(metrics.district_p50_ms! / metrics.baseline_p50_ms!, 1);
    metrics.errors = errors;
    notes.push('Target (issue 18): the overview under 300 ms with 60,000 members and 2,500 branches on PostgreSQL.');
    if (errors > 0) throw new Error(`party-overview: ${errors} requests failed: ${notes.join('; ')}`);
  } finally {
    await server.stop();
  }
  return { metrics, notes };
}

const scenario: Scenario = {
  name: 'party-overview',
  description: '双报到总览 (street and district) with 60,000 members and 2,500 branches, a year of report-ins, needs and claims; baseline GET /api/auth/me',
  headline: ['members', 'branches', 'street_p50_ms', 'street_p99_ms', 'district_p50_ms', 'district_p99_ms', 'baseline_p50_ms', 'street_p50_vs_baseline'],
  run,
};
export default scenario;
