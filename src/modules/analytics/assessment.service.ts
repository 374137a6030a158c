/**
 * The monthly assessment: counts from the database, scored and ranked by the domain under the rules
 * in force for that month, with movement against the previous month, red and black lists and
 * proposed focus units.
 */
import { isUniqueViolation } from '../../platform/db/errors.ts';
import {
  proposeFocusUnits,
  rankUnits,
  redBlackLists,
  validateRule,
  type AssessmentRule,
  type MonthlyRanking,
  type UnitCounts,
  type UnitType,
  DEFAULT_ASSESSMENT_RULES,
} from '../../engine/domain/assessment/assessment.ts';
import { previousMonth } from '../../engine/domain/calendar/local-time.ts';
import {
  countAssessmentRules,
  emptyUnitCounts,
  insertAssessmentRule,
  listAssessmentRules,
  monthlyUnitCounts,
  type MonthCounts,
} from './assessment.repository.ts';
import type { AppContext } from '../../engine/context.ts';
import type { ReferenceSnapshot } from '../../engine/reference/reference-cache.ts';
import { AppError } from '../../platform/errors.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { dashboardDb } from '../../platform/db/read-database.ts';
import { whistleAssessment, type DepartmentWhistleFigures, type StreetWhistleFigures } from '../whistles/index.ts';

const RANKED_TYPES = new Set<string>(['district', 'street', 'department', 'enterprise']);

/** Every active unit of a ranked type appears, even with no tickets (unranked, rank null). */
function rankedUnitCounts(units: ReferenceSnapshot['units'], counts: MonthCounts): UnitCounts[] {
  const out: UnitCounts[] = [];
  for (const u of units) {
    if (!RANKED_TYPES.has(u.unitType)) continue;
    const c = counts.get(u.id);
    if (c === undefined && !u.active) continue;
    out.push({
      unitType: u.unitType as UnitType,
      ...(c ?? emptyUnitCounts(u.id)),
    });
  }
  return out;
}

/** A unit's whistle figures of the month (双考核): as a summoned department, as a street that blew whistles. */
export interface UnitWhistleFigures {
  summoned?: Omit<DepartmentWhistleFigures, 'unitId'>;
  blown?: Omit<StreetWhistleFigures, 'unitId'>;
}

export async function monthlyRanking(ctx: AppContext, month: string, historyMonths = 3) {
  const rules = await listAssessmentRules(ctx.database.db);
  const months: string[] = [month];
  for (let i = 1; i <= historyMonths; i++) months.unshift(previousMonth(months[0]!));
  // months = [m-h, …, m-1, m]; rank each against its predecessor (the oldest against an empty month).
  const all = [previousMonth(months[0]!), ...months];
  const ref = await ctx.reference.get();
  // One read of the aggregates for all the months (kept by the database as tickets change).
  const byMonth = await monthlyUnitCounts(await dashboardDb(ctx), ctx.districtCode, all);
  const counts = all.map((m) => rankedUnitCounts(ref.units, byMonth.get(m)!));
  const history: MonthlyRanking[] = [];
  for (let i = 0; i < months.length; i++) {
    const r = rankUnits(counts[i + 1]!, counts[i]!, rules, months[i]!);
    if (!r.ok) throw AppError.from(r.error);
    history.push(r.value);
  }
  const current = history.at(-1)!;
  // 双考核 beside the three rates: a department's summons, on-time report-in rate and street rating;
  // a street's whistles and the tickets that triggered them (only units with whistles that month).
  const w = await whistleAssessment(ctx, month);
  const whistleByUnit = new Map<number, UnitWhistleFigures>();
  for (const { unitId, ...d } of w.departments) whistleByUnit.set(unitId, { summoned: d });
  for (const { unitId, ...s } of w.streets) whistleByUnit.set(unitId, { ...whistleByUnit.get(unitId), blown: s });
  return { ranking: current, lists: redBlackLists(current), focusUnits: proposeFocusUnits(history), units: ref.unitById, whistleByUnit };
}

/** Adds a rule version taking effect this month or later; returns it as stored. */
export async function addAssessmentRule(ctx: AppContext, rule: AssessmentRule, currentMonth: string): Promise<AssessmentRule> {
  const v = validateRule(rule);
  if (!v.ok) throw AppError.from(v.error);
  if (rule.effectiveFrom < currentMonth)
    throw new AppError('ASSESSMENT.PAST_MONTH', 'A rule cannot take effect in a past month: past months keep the rules they were scored under');
  try {
    return await insertAssessmentRule(ctx.database.db, rule);
  } catch (e) {
    if (isUniqueViolation(e))
      throw new AppError('ASSESSMENT.DUPLICATE_RULE', `A rule for ${rule.unitType ?? 'all unit types'} from ${rule.effectiveFrom} exists already`);
    throw e;
  }
}

export async function assessmentRules(ctx: AppContext) {
  return listAssessmentRules(ctx.database.db);
}

/** A district's first start: the default assessment rules (DOMAIN-RULES) when there are none yet. */
export async function ensureDefaultAssessmentRules(db: DbOrTx): Promise<void> {
  if ((await countAssessmentRules(db)) === 0) for (const r of DEFAULT_ASSESSMENT_RULES) await insertAssessmentRule(db, r);
}
