/**
 * Counts for the monthly assessment (DOMAIN §6), per lead unit:
 * - the three rates over valid callbacks whose callback fell in the month (tickets closed at intake,
 *   by special route or as repeats never count; approved appeals are excluded);
 * - the operational measures over the tickets dispatched to the unit in the month. Objections and
 *   extension requests are read from the events and count only when the unit itself raised them: a
 *   ticket moved to the unit after another unit's objection does not count as the new unit's objection.
 */
import { asc, sql } from 'drizzle-orm';
import type { UnitCounts } from '../../domain/assessment/assessment.ts';
import type { AssessmentRule } from '../../domain/assessment/assessment.ts';
import { queryRows, type DbOrTx } from '../client.ts';
import { assessmentRules, ticketEvents, tickets } from '../schema.ts';

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

export async function monthlyUnitCounts(
  db: DbOrTx,
  districtCode: string,
  month: string,
  from: Date,
  to: Date,
): Promise<Map<number, Omit<UnitCounts, 'unitType'>>> {
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
          coalesce(sum(extract(epoch from (t.replied_at - t.dispatched_at)) / 3600.0) filter (where t.replied_at is not null), 0) as handling_hours
        from ${tickets} t
        where t.district_code = ${districtCode} and t.dispatched_at >= ${from} and t.dispatched_at < ${to}
          and t.lead_unit_id is not null
          -- A street's own whistle is not a dispatch to it; whistles are assessed by report-ins and ratings.
          and t.kind <> 'whistle'
        group by t.lead_unit_id`,
  );
  const out = new Map<number, Omit<UnitCounts, 'unitType'>>();
  const get = (id: number) => {
    let c = out.get(id);
    if (c === undefined) {
      c = emptyUnitCounts(id);
      out.set(id, c);
    }
    return c;
  };
  for (const r of rates) {
    const c = get(n(r.unit_id));
    c.validCallbacks = n(r.valid_callbacks);
    c.contacted = n(r.contacted);
    c.resolved = n(r.resolved);
    c.satisfied = n(r.satisfied);
    c.basicallySatisfied = n(r.basically_satisfied);
    c.unsatisfied = n(r.unsatisfied);
  }
  for (const r of ops) {
    const c = get(n(r.unit_id));
    c.dispatched = n(r.dispatched);
    c.signedOnTime = n(r.signed_on_time);
    c.replied = n(r.replied);
    c.repliedOnTime = n(r.replied_on_time);
    c.objections = n(r.objections);
    c.extensions = n(r.extensions);
    c.repeats = n(r.repeats);
    c.handlingHoursTotal = n(r.handling_hours);
  }
  return out;
}

export async function listAssessmentRules(db: DbOrTx): Promise<AssessmentRule[]> {
  const rows = await db.select().from(assessmentRules).orderBy(asc(assessmentRules.effectiveFrom));
  return rows.map((r) => ({
    version: r.version,
    effectiveFrom: r.effectiveFrom,
    unitType: r.unitType as AssessmentRule['unitType'],
    weights: r.weights,
    basicallySatisfiedWeight: r.basicallySatisfiedWeight,
    grades: r.grades,
    listSize: r.listSize,
    focusAfterMonths: r.focusAfterMonths,
  }));
}

export async function insertAssessmentRule(db: DbOrTx, rule: AssessmentRule): Promise<void> {
  await db.insert(assessmentRules).values({ ...rule });
}

export async function countAssessmentRules(db: DbOrTx): Promise<number> {
  const r = await db.select({ n: sql<number>`count(*)::int` }).from(assessmentRules);
  return r[0]?.n ?? 0;
}

