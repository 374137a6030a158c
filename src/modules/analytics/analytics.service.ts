/**
 * Analytics for the command centre and unit leaders: request volume by month, category and place, and
 * the three rates by month (district-wide or one unit) and by place. Only aggregate numbers leave here;
 * nothing about a requester. Everything reads from the read replica when there is one.
 *
 * Rates use the assessment's definitions and the rule in force for each month (its `w` for 基本满意 and
 * its weights for the composite): per month under the rule of the unit's type, district-wide under the
 * rule for unit type "district"; the per-place view over a period uses the "street" rule in force in its
 * last month. Months without valid callbacks have null rates, never 0.
 */
import { rates, selectRule, type AssessmentRule, type UnitType } from '../../engine/domain/assessment/assessment.ts';
import { monthRange, nextMonth } from '../../engine/domain/calendar/local-time.ts';
import {
  emptyRateCounts,
  rateCountsByMonth,
  rateCountsByStreet,
  volumeByCategory,
  volumeByMonth,
  volumeByStreet,
  type RateCounts,
} from './analytics.repository.ts';
import { listAssessmentRules } from './assessment.repository.ts';
import { findDivision } from '../../engine/reference/reference.repository.ts';
import type { Db } from '../../platform/db/client.ts';
import type { AppContext } from '../../engine/context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { dashboardDb } from '../../platform/db/read-database.ts';

/** The longest period one request may cover, in months (three years of monthly trends). */
export const MAX_ANALYTICS_MONTHS = 36;

export type VolumeGrouping = 'month' | 'category' | 'street';

export interface RateFigures {
  validCallbacks: number;
  /** contacted / valid callbacks, in [0, 1]; null without valid callbacks. */
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
  /** 0–100 under the rule's weights; null without valid callbacks. */
  composite: number | null;
  /** The rule version the figures were computed under (null when no rule applies). */
  ruleVersion: string | null;
}

export interface VolumeItem {
  /** Month 'YYYY-MM', category id or street/town code; null = uncategorised / no place. */
  key: string | null;
  name: string;
  nameEn: string;
  count: number;
  /** Categories: 1 = top level, 2 = second level (counts include everything below). */
  level?: number;
  /** Categories of level 2: the key of their top-level category. */
  parentKey?: string | null;
  /** Places: the rates of the valid callbacks of tickets located there. */
  rates?: RateFigures;
}

/** The months from..to inclusive; refuses a reversed or over-long period. */
export function monthsBetween(from: string, to: string): string[] {
  if (from > to) throw invalid(`The period starts (${from}) after it ends (${to})`, { from, to });
  const months: string[] = [];
  for (let m = from; m <= to; m = nextMonth(m)) {
    months.push(m);
    if (months.length > MAX_ANALYTICS_MONTHS) throw invalid(`A period may cover at most ${MAX_ANALYTICS_MONTHS} months`, { from, to });
  }
  return months;
}

/** The three rates and the composite of some counts under a rule (null rates without a rule or callbacks). */
function figures(c: RateCounts, rule: AssessmentRule | null, unitType: UnitType): RateFigures {
  if (rule === null || c.validCallbacks === 0)
    return {
      validCallbacks: c.validCallbacks,
      responseRate: null,
      resolutionRate: null,
      satisfactionRate: null,
      composite: null,
      ruleVersion: rule?.version ?? null,
    };
  const r = rates(
    {
      unitId: 0,
      unitType,
      ...c,
      dispatched: 0,
      signedOnTime: 0,
      replied: 0,
      repliedOnTime: 0,
      objections: 0,
      extensions: 0,
      repeats: 0,
      handlingHoursTotal: 0,
    },
    rule,
  );
  return { validCallbacks: c.validCallbacks, ...r, ruleVersion: rule.version };
}

async function districtInfo(ctx: AppContext, db: Db, total: number) {
  const d = await findDivision(db, ctx.districtCode);
  return { code: ctx.districtCode, name: d?.name ?? ctx.districtCode, total };
}

/** Request volume over the months [from, to], grouped by month, category (levels 1 and 2) or street/town. */
export async function requestVolume(ctx: AppContext, from: string, to: string, groupBy: VolumeGrouping) {
  const months = monthsBetween(from, to);
  const start = monthRange(from).from;
  const end = monthRange(to).to;
  const db = await dashboardDb(ctx);
  const ref = await ctx.reference.get();
  let items: VolumeItem[];
  if (groupBy === 'month') {
    const counts = new Map((await volumeByMonth(db, ctx.districtCode, start, end)).map((r) => [r.key, r.count]));
    items = months.map((m) => ({ key: m, name: m, nameEn: m, count: counts.get(m) ?? 0 }));
  } else if (groupBy === 'category') {
    const byTop = new Map<string | null, number>();
    const bySecond = new Map<string, number>();
    for (const r of await volumeByCategory(db, ctx.districtCode, start, end)) {
      // Walk up to the first two levels of the tree.
      const chain: number[] = [];
      for (
        let c = r.key === null ? undefined : ref.categoryById.get(Number(r.key));
        c !== undefined;
        c = c.parentId === null ? undefined : ref.categoryById.get(c.parentId)
      )
        chain.unshift(c.id);
      const top = chain[0] === undefined ? null : String(chain[0]);
      byTop.set(top, (byTop.get(top) ?? 0) + r.count);
      if (chain[1] !== undefined) bySecond.set(String(chain[1]), (bySecond.get(String(chain[1])) ?? 0) + r.count);
    }
    const cat = (key: string) => ref.categoryById.get(Number(key))!;
    items = [
      ...[...byTop].map(([key, count]) =>
        key === null
          ? { key: null, name: '未分类', nameEn: 'Uncategorised', count, level: 1, parentKey: null }
          : { key, name: cat(key).name, nameEn: cat(key).nameEn, count, level: 1, parentKey: null },
      ),
      ...[...bySecond].map(([key, count]) => ({ key, name: cat(key).name, nameEn: cat(key).nameEn, count, level: 2, parentKey: String(cat(key).parentId) })),
    ].sort((a, b) => b.count - a.count || String(a.key).localeCompare(String(b.key)));
  } else {
    const [volume, callbacks, rules] = await Promise.all([
      volumeByStreet(db, ctx.districtCode, start, end),
      rateCountsByStreet(db, ctx.districtCode, from, to),
      listAssessmentRules(ctx.database.db),
    ]);
    const counts = new Map(volume.map((r) => [r.key, r.count]));
    const rule = selectRule(rules, to, 'street');
    const streets = [...ref.divisionByCode.values()].filter((d) => d.level === 'street').sort((a, b) => a.code.localeCompare(b.code));
    items = streets.map((s) => ({
      key: s.code,
      name: s.name,
      nameEn: s.code,
      count: counts.get(s.code) ?? 0,
      rates: figures(callbacks.get(s.code) ?? emptyRateCounts(), rule, 'street'),
    }));
    const unplaced = counts.get(null) ?? 0;
    if (unplaced > 0 || callbacks.has(null))
      items.push({ key: null, name: '未定位', nameEn: 'No place', count: unplaced, rates: figures(callbacks.get(null) ?? emptyRateCounts(), rule, 'street') });
  }
  const total = groupBy === 'category' ? items.filter((i) => i.level === 1).reduce((s, i) => s + i.count, 0) : items.reduce((s, i) => s + i.count, 0);
  return { from, to, groupBy, district: await districtInfo(ctx, db, total), items };
}

/** The three rates per month over [from, to], for the whole district or for one unit as lead handler. */
export async function monthlyRates(ctx: AppContext, from: string, to: string, unitId?: number) {
  const months = monthsBetween(from, to);
  const ref = await ctx.reference.get();
  let unit: { id: number; name: string; nameEn: string; unitType: string } | null = null;
  if (unitId !== undefined) {
    const u = ref.unitById.get(unitId);
    if (u === undefined) throw new AppError('UNIT.UNKNOWN', `Unit ${unitId} does not exist`, { unitId });
    unit = { id: u.id, name: u.name, nameEn: u.nameEn, unitType: u.unitType };
  }
  const db = await dashboardDb(ctx);
  const [counts, rules] = await Promise.all([rateCountsByMonth(db, ctx.districtCode, from, to, unitId), listAssessmentRules(ctx.database.db)]);
  const type: UnitType = unit !== null && ['district', 'street', 'department', 'enterprise'].includes(unit.unitType) ? (unit.unitType as UnitType) : 'district';
  return {
    from,
    to,
    unit,
    items: months.map((month) => ({ month, ...figures(counts.get(month) ?? emptyRateCounts(), selectRule(rules, month, type), type) })),
  };
}
