/**
 * Counts for the monthly assessment (DOMAIN-RULES §6), per lead unit:
 * - the three rates over valid callbacks whose callback fell in the month (tickets closed at intake,
 *   by special route or as repeats never count; approved appeals are excluded);
 * - the operational measures over the tickets dispatched to the unit in the month. Objections and
 *   extension requests are read from the events and count only when the unit itself raised them: a
 *   ticket moved to the unit after another unit's objection does not count as the new unit's objection.
 * Rankings read these counts from `ranking_aggregates`, which triggers keep equal to the scan
 * (`recountMonthlyUnitCounts`) as tickets change; see migration 0009 and docs/ARCHITECTURE.md.
 */
import { asc, sql } from 'drizzle-orm';
import type { UnitCounts } from '../../engine/domain/assessment/assessment.ts';
import type { AssessmentRule } from '../../engine/domain/assessment/assessment.ts';
import { queryRows, type DbOrTx } from '../../platform/db/client.ts';
import { assessmentRules } from './assessment-rules.table.ts';
import { rankingAggregates } from './ranking-aggregates.table.ts';
import { ticketEvents, tickets } from '../../engine/tickets.table.ts';

/** A unit with nothing to count (no tickets in the month). */
export const emptyUnitCounts = (unitId: number): Omit<UnitCounts, 'unitType'> => ({
  unitId,
  validCallbacks: 0,
  contacted: 0,
  resolved: 0,
  satisfied: 0,
  basicallySatisfied: 0,
  unsatisfied: 0,
  dispatched: 0,
  signedOnTime: 0,
  replied: 0,
  repliedOnTime: 0,
  objections: 0,
  extensions: 0,
  repeats: 0,
  handlingHoursTotal: 0,
});

type CountRow = Record<string, string | number | null>;
const n = (v: string | number | null | undefined) => Number(v ?? 0);

export type MonthCounts = Map<number, Omit<UnitCounts, 'unitType'>>;

/**
 * The counts of the given months from the aggregates kept by the database (migration 0009), in one
 * read of at most (months × units) rows: month → unit → counts. A unit appears in a month exactly
 * when the recount finds a ticket for it (a bucket left at zero after a ticket moved away is skipped).
 */
export async function monthlyUnitCounts(db: DbOrTx, districtCode: string, months: readonly string[]): Promise<Map<string, MonthCounts>> {
  const out = new Map<string, MonthCounts>(months.map((m) => [m, new Map()]));
  if (months.length === 0) return out;
  const rows = await queryRows<CountRow & { month: string }>(
    db,
    sql`select month, unit_id, valid_callbacks, contacted, resolved, satisfied, basically_satisfied, unsatisfied,
          dispatched, signed_on_time, replied, replied_on_time, objections, extensions, repeats, handling_seconds::text as handling_seconds
        from ${rankingAggregates}
        where district_code = ${districtCode} and month in (${sql.join(
          months.map((m) => sql`${m}`),
          sql`, `,
        )})
          and (valid_callbacks <> 0 or dispatched <> 0)`,
  );
  for (const r of rows) {
    const c = emptyUnitCounts(n(r.unit_id));
    fillRates(c, r);
    fillOperations(c, r);
    out.get(r.month)!.set(c.unitId, c);
  }
  return out;
}

function fillRates(c: Omit<UnitCounts, 'unitType'>, r: CountRow): void {
  c.validCallbacks = n(r.valid_callbacks);
  c.contacted = n(r.contacted);
  c.resolved = n(r.resolved);
  c.satisfied = n(r.satisfied);
  c.basicallySatisfied = n(r.basically_satisfied);
  c.unsatisfied = n(r.unsatisfied);
}

function fillOperations(c: Omit<UnitCounts, 'unitType'>, r: CountRow): void {
  c.dispatched = n(r.dispatched);
  c.signedOnTime = n(r.signed_on_time);
  c.replied = n(r.replied);
  c.repliedOnTime = n(r.replied_on_time);
  c.objections = n(r.objections);
  c.extensions = n(r.extensions);
  c.repeats = n(r.repeats);
  // Summed as exact seconds (numeric) and divided once, so the aggregate and the recount agree to the bit.
  c.handlingHoursTotal = n(r.handling_seconds) / 3600;
}

/**
 * The month's counts by scanning its tickets and events (what the aggregates must always equal): the
 * reference for the aggregates' tests and for checking a database by hand. Reads every ticket of the
 * month — seconds at millions of tickets; the rankings read `monthlyUnitCounts` instead.
 */
export async function recountMonthlyUnitCounts(db: DbOrTx, districtCode: string, month: string, from: Date, to: Date): Promise<MonthCounts> {
  const rates = await queryRows<CountRow>(
    db,
    sql`select lead_unit_id as unit_id,
          count(*) as valid_callbacks,
          count(*) filter (where contacted) as contacted,
          count(*) filter (where resolved) as resolved,
          count(*) filter (where satisfaction = 'satisfied') as satisfied,
          count(*) filter (where satisfaction = 'basically_satisfied') as basically_satisfied,
          count(*) filter (where satisfaction = 'unsatisfied') as unsatisfied
        from ${tickets}
        where district_code = ${districtCode} and assessment_month = ${month}
          and lead_unit_id is not null and not excluded_from_assessment
          and (outcome is null or outcome = 'completed')
        group by lead_unit_id`,
  );
  const ops = await queryRows<CountRow>(
    db,
    sql`select t.lead_unit_id as unit_id,
          count(*) as dispatched,
          count(*) filter (where t.signed_at is not null and t.signed_at <= t.sign_due_at) as signed_on_time,
          count(*) filter (where t.replied_at is not null) as replied,
          count(*) filter (where t.replied_at is not null and t.replied_at <= t.reply_due_at) as replied_on_time,
          count(*) filter (where exists (select 1 from ${ticketEvents} e
                             where e.ticket_id = t.id and e.type = 'object' and e.actor_unit_id = t.lead_unit_id)) as objections,
          count(*) filter (where exists (select 1 from ${ticketEvents} e
                             where e.ticket_id = t.id and e.type = 'requestExtension' and e.actor_unit_id = t.lead_unit_id)) as extensions,
          count(*) filter (where exists (select 1 from ${tickets} r where r.repeat_of_id = t.id)) as repeats,
          (coalesce(sum(extract(epoch from t.replied_at) - extract(epoch from t.dispatched_at)) filter (where t.replied_at is not null), 0))::text
            as handling_seconds
        from ${tickets} t
        where t.district_code = ${districtCode} and t.dispatched_at >= ${from} and t.dispatched_at < ${to}
          and t.lead_unit_id is not null
          -- A street's own whistle is not a dispatch to it; whistles are assessed by report-ins and ratings.
          and t.kind <> 'whistle'
        group by t.lead_unit_id`,
  );
  const out: MonthCounts = new Map();
  const get = (id: number) => {
    let c = out.get(id);
    if (c === undefined) {
      c = emptyUnitCounts(id);
      out.set(id, c);
    }
    return c;
  };
  for (const r of rates) fillRates(get(n(r.unit_id)), r);
  for (const r of ops) fillOperations(get(n(r.unit_id)), r);
  return out;
}

/**
 * How many buckets (district, month, unit) of the aggregates differ from the database's own full
 * recount (`jiesu_ranking_recount`, the triggers' rules applied to every ticket), all districts: 0 when
 * they agree. A bucket whose counts are all zero counts as absent. Reads every ticket.
 */
export async function rankingAggregateDifferences(db: DbOrTx): Promise<number> {
  const [r] = await queryRows<{ n: number }>(
    db,
    sql`with stored as (select * from ${rankingAggregates}
                    where greatest(valid_callbacks, contacted, resolved, satisfied, basically_satisfied, unsatisfied, dispatched, signed_on_time,
                                   replied, replied_on_time, objections, extensions, repeats) <> 0
                       or least(valid_callbacks, contacted, resolved, satisfied, basically_satisfied, unsatisfied, dispatched, signed_on_time,
                                replied, replied_on_time, objections, extensions, repeats) <> 0
                       or handling_seconds <> 0),
             recount as (select * from jiesu_ranking_recount())
        select count(distinct (district_code, month, unit_id))::int as n from (
          (select * from stored except select * from recount)
          union all
          (select * from recount except select * from stored)) d`,
  );
  return r?.n ?? 0;
}

/**
 * Replaces the aggregates with a full recount (all districts), for a database whose writers bypassed
 * the triggers (a restore in replica mode, a superuser's maintenance). Locks the tables it reads
 * against writers meanwhile, so no ticket changes between the recount and the swap.
 */
export async function rebuildRankingAggregates(db: DbOrTx): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`lock table ${tickets}, ${ticketEvents} in share mode`);
    await tx.execute(sql`delete from ${rankingAggregates}`);
    await tx.execute(sql`insert into ${rankingAggregates} select * from jiesu_ranking_recount()`);
  });
}

const ruleOf = (r: typeof assessmentRules.$inferSelect): AssessmentRule => ({
  version: r.version,
  effectiveFrom: r.effectiveFrom,
  unitType: r.unitType as AssessmentRule['unitType'],
  weights: r.weights,
  basicallySatisfiedWeight: r.basicallySatisfiedWeight,
  grades: r.grades,
  listSize: r.listSize,
  focusAfterMonths: r.focusAfterMonths,
});

export async function listAssessmentRules(db: DbOrTx): Promise<AssessmentRule[]> {
  const rows = await db.select().from(assessmentRules).orderBy(asc(assessmentRules.effectiveFrom));
  return rows.map(ruleOf);
}

/** Stores a rule version; returns it as stored. */
export async function insertAssessmentRule(db: DbOrTx, rule: AssessmentRule): Promise<AssessmentRule> {
  const [row] = await db
    .insert(assessmentRules)
    .values({ ...rule })
    .returning();
  return ruleOf(row!);
}

export async function countAssessmentRules(db: DbOrTx): Promise<number> {
  const r = await db.select({ n: sql<number>`count(*)::int` }).from(assessmentRules);
  return r[0]?.n ?? 0;
}

/**
 * After a restore: the ranking aggregates must equal the recount of the restored tickets; they are
 * rebuilt if not. At a schema older than the triggers (a backup before migration 0009) there is
 * nothing to check: that migration fills them when it is applied after loading.
 */
export async function checkRankingAggregatesAfterRestore(db: DbOrTx): Promise<void> {
  const [f] = await queryRows<{ ok: boolean }>(db, sql`select to_regproc('public.jiesu_ranking_recount') is not null as ok`);
  if (!f?.ok) return;
  if ((await rankingAggregateDifferences(db)) > 0) await rebuildRankingAggregates(db);
}
