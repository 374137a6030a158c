/**
 * Assessment (DOMAIN-RULES §6): the three rates over valid callbacks, the composite score, grades, monthly
 * rankings within each unit type with movement, red and black lists, and proposed focus units (治理类).
 *
 * Inputs are counts per unit for one period (normally a calendar month), gathered by the database
 * layer after approved appeals have removed tickets and with direct answers and special-route closures
 * left out. Weights, the weight of "basically satisfied", grade bands and list sizes are versioned
 * configuration per month and unit type; a past month is always scored under the rules that were in
 * force then (see `selectRule`).
 */
import { err, ok, type Result } from '../shared/result.ts';
import { isLocalMonth, previousMonth, type LocalMonth } from '../calendar/local-time.ts';

/** The four kinds of ranking (DOMAIN-RULES §3): units are only ever ranked against units of the same type. */
export const UNIT_TYPES = ['district', 'street', 'department', 'enterprise'] as const;
export type UnitType = (typeof UNIT_TYPES)[number];

/**
 * Counts for one unit and one period. All are whole numbers ≥ 0 except `handlingHoursTotal`.
 *
 * The first group is over the period's valid callbacks (有效回访: the requester was reached and answered;
 * unreachable or refused callbacks are not valid) of the tickets counted against the unit.
 * The second group (operational measures) is over the cohort of tickets dispatched to the unit, as lead
 * handler, in the period.
 */
export interface UnitCounts {
  unitId: number;
  unitType: UnitType;
  /** Valid callbacks: the denominator of the three rates. */
  validCallbacks: number;
  /** Valid callbacks in which the requester confirmed the unit contacted them. ≤ validCallbacks. */
  contacted: number;
  /** Valid callbacks in which the requester said the matter was resolved. ≤ validCallbacks. */
  resolved: number;
  /** Valid callbacks rated satisfied (满意). */
  satisfied: number;
  /** Valid callbacks rated basically satisfied (基本满意); they count with weight w. */
  basicallySatisfied: number;
  /** Valid callbacks rated unsatisfied. satisfied + basicallySatisfied + unsatisfied ≤ validCallbacks. */
  unsatisfied: number;
  /** Tickets dispatched to the unit in the period: the cohort (and denominator) of the measures below. */
  dispatched: number;
  /** Of the dispatched tickets, those signed for within the sign-for limit. ≤ dispatched. */
  signedOnTime: number;
  /** Of the dispatched tickets, those replied to by the time the counts were taken. ≤ dispatched. */
  replied: number;
  /**
   * Of the replied tickets, those replied by their deadline (after approved extensions and objection
   * pauses). ≤ replied. The on-time reply rate is repliedOnTime / replied.
   */
  repliedOnTime: number;
  /** Of the dispatched tickets, those on which the unit raised an objection (退单). ≤ dispatched. */
  objections: number;
  /** Of the dispatched tickets, those for which the unit asked for an extension (延期). ≤ dispatched. */
  extensions: number;
  /** Of the dispatched tickets, those that drew at least one repeat request (§4.1). ≤ dispatched. */
  repeats: number;
  /** Sum over the replied tickets of the natural hours from dispatch to reply (≥ 0, 0 when replied = 0). */
  handlingHoursTotal: number;
}

/** One version of the scoring rules, in force from `effectiveFrom` until a later version for the same scope. */
export interface AssessmentRule {
  /** A name for this version, shown beside every score computed under it, e.g. '2026-v1'. */
  version: string;
  /** First month ('YYYY-MM') the rule applies to. */
  effectiveFrom: LocalMonth;
  /** The unit type the rule is for; null = every type without a rule of its own. */
  unitType: UnitType | null;
  /** Weights a, b, c of the three rates: each ≥ 0, summing to 1. */
  weights: { response: number; resolution: number; satisfaction: number };
  /** w: how much a "basically satisfied" rating counts towards satisfaction, in [0, 1]. */
  basicallySatisfiedWeight: number;
  /** Grade bands, best first with strictly descending minScore; the last band must start at ≤ 0. */
  grades: { grade: string; minScore: number }[];
  /** N: how many units make the red list and the black list of each type. */
  listSize: number;
  /** A unit on its type's black list this many consecutive months, up to the latest, is proposed as a focus unit. */
  focusAfterMonths: number;
}

/**
 * The default rule set: the published district implementation's 0.1 / 0.5 / 0.4, w = 0.9, grades A ≥ 90,
 * B ≥ 80, C ≥ 70, D below, lists of 3, focus after 3 months. Other localities use 0.1/0.45/0.45 or
 * 0.30/0.35/0.35; change them by adding a new version, never by editing this one.
 */
export const DEFAULT_ASSESSMENT_RULES: readonly AssessmentRule[] = deepFreeze([
  {
    version: 'default-2019',
    effectiveFrom: '2019-01',
    unitType: null,
    weights: { response: 0.1, resolution: 0.5, satisfaction: 0.4 },
    basicallySatisfiedWeight: 0.9,
    grades: [
      { grade: 'A', minScore: 90 },
      { grade: 'B', minScore: 80 },
      { grade: 'C', minScore: 70 },
      { grade: 'D', minScore: 0 },
    ],
    listSize: 3,
    focusAfterMonths: 3,
  },
]);

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

// ---- rules ------------------------------------------------------------------------------------------

const WEIGHT_SUM_TOLERANCE = 1e-9;

/** Every problem with a rule (empty when it is valid). */
function ruleProblems(rule: AssessmentRule): string[] {
  const problems: string[] = [];
  const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
  if (typeof rule.version !== 'string' || rule.version.trim() === '') problems.push('version must be a non-empty string');
  if (typeof rule.effectiveFrom !== 'string' || !isLocalMonth(rule.effectiveFrom)) {
    problems.push(`effectiveFrom must be a month 'YYYY-MM', got ${JSON.stringify(rule.effectiveFrom)}`);
  }
  if (rule.unitType !== null && !(UNIT_TYPES as readonly string[]).includes(rule.unitType)) {
    problems.push(`unitType must be null or one of ${UNIT_TYPES.join(', ')}, got ${JSON.stringify(rule.unitType)}`);
  }
  const weights = rule.weights ?? {};
  const entries = [
    ['response', weights.response],
    ['resolution', weights.resolution],
    ['satisfaction', weights.satisfaction],
  ] as const;
  for (const [name, w] of entries) {
    if (!isNumber(w) || w < 0) problems.push(`weights.${name} must be a number ≥ 0, got ${String(w)}`);
  }
  if (entries.every(([, w]) => isNumber(w))) {
    const sum = entries.reduce((s, [, w]) => s + w, 0);
    if (Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE) problems.push(`weights must sum to 1, got ${sum}`);
  }
  const w = rule.basicallySatisfiedWeight;
  if (!isNumber(w) || w < 0 || w > 1) problems.push(`basicallySatisfiedWeight must be within [0, 1], got ${String(w)}`);
  if (!Array.isArray(rule.grades) || rule.grades.length === 0) {
    problems.push('grades must list at least one band');
  } else {
    const names = new Set<string>();
    rule.grades.forEach((band, i) => {
      if (typeof band.grade !== 'string' || band.grade.trim() === '') problems.push(`grades[${i}].grade must be a non-empty string`);
      else if (names.has(band.grade)) problems.push(`grades[${i}].grade ${JSON.stringify(band.grade)} is listed twice`);
      else names.add(band.grade);
      if (!isNumber(band.minScore) || band.minScore > 100) {
        problems.push(`grades[${i}].minScore must be a number ≤ 100, got ${String(band.minScore)}`);
      }
      const before = rule.grades[i - 1];
      if (before !== undefined && isNumber(before.minScore) && isNumber(band.minScore) && band.minScore >= before.minScore) {
        problems.push(`grades must be in strictly descending minScore order (grades[${i}] ≥ grades[${i - 1}])`);
      }
    });
    const last = rule.grades[rule.grades.length - 1];
    if (last !== undefined && isNumber(last.minScore) && last.minScore > 0) {
      problems.push(`the lowest grade must start at 0 or below so that every score has a grade, got ${last.minScore}`);
    }
  }
  if (!Number.isInteger(rule.listSize) || rule.listSize < 1) problems.push(`listSize must be an integer ≥ 1, got ${String(rule.listSize)}`);
  if (!Number.isInteger(rule.focusAfterMonths) || rule.focusAfterMonths < 1) {
    problems.push(`focusAfterMonths must be an integer ≥ 1, got ${String(rule.focusAfterMonths)}`);
  }
  return problems;
}

/**
 * Checks one rule: weights ≥ 0 summing to 1 (within 1e-9), w in [0, 1], grade bands strictly descending
 * with the lowest at ≤ 0, positive whole list size and focus months. Fails with `ASSESSMENT.INVALID_RULE`
 * and `details.problems` listing every problem.
 */
export function validateRule(rule: AssessmentRule): Result<AssessmentRule> {
  const problems = ruleProblems(rule);
  if (problems.length === 0) return ok(rule);
  return err('ASSESSMENT.INVALID_RULE', `invalid assessment rule ${JSON.stringify(rule.version)}: ${problems.join('; ')}`, {
    version: rule.version,
    problems,
  });
}

/**
 * Checks a whole rule set: every rule valid, and no two rules with the same effectiveFrom and unitType
 * (which would make the choice ambiguous). Fails with `ASSESSMENT.INVALID_RULE`.
 */
export function validateRuleSet(rules: readonly AssessmentRule[]): Result<readonly AssessmentRule[]> {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const rule of rules) {
    for (const p of ruleProblems(rule)) problems.push(`${rule.version}: ${p}`);
    const key = `${rule.effectiveFrom}|${rule.unitType ?? '*'}`;
    const other = seen.get(key);
    if (other !== undefined) {
      problems.push(`${rule.version} and ${other} both start in ${rule.effectiveFrom} for ${rule.unitType ?? 'all unit types'}`);
    } else {
      seen.set(key, rule.version);
    }
  }
  if (problems.length === 0) return ok(rules);
  return err('ASSESSMENT.INVALID_RULE', `invalid assessment rule set: ${problems.join('; ')}`, { problems });
}

/**
 * The rule that scores `unitType` in `month`: among the rules for exactly that type, the one with the
 * latest effectiveFrom ≤ month; only when there is none, the latest such general rule (unitType null).
 * A type-specific rule is a deliberate override, so a later general rule does not displace it; to end
 * an override, add a newer rule for that type. Because only rules with effectiveFrom ≤ month qualify,
 * a new version never changes the score of an earlier month. Returns null when no rule applies.
 */
export function selectRule(rules: readonly AssessmentRule[], month: LocalMonth, unitType: UnitType): AssessmentRule | null {
  const latest = (scope: UnitType | null): AssessmentRule | null => {
    let best: AssessmentRule | null = null;
    for (const rule of rules) {
      if (rule.unitType !== scope || rule.effectiveFrom > month) continue;
      if (best === null || rule.effectiveFrom > best.effectiveFrom) best = rule;
    }
    return best;
  };
  return latest(unitType) ?? latest(null);
}

// ---- rates and scores -------------------------------------------------------------------------------

export interface Rates {
  /** contacted / validCallbacks, in [0, 1]; null without valid callbacks. */
  responseRate: number | null;
  /** resolved / validCallbacks, in [0, 1]; null without valid callbacks. */
  resolutionRate: number | null;
  /** (satisfied + w × basicallySatisfied) / validCallbacks, in [0, 1]; null without valid callbacks. */
  satisfactionRate: number | null;
  /**
   * 100 × (a·response + b·resolution + c·satisfaction), in [0, 100], rounded to 6 decimal places so that
   * equal results tie exactly (150/200 and 75/100 give the same score); null without valid callbacks.
   */
  composite: number | null;
}

export interface OperationalMeasures {
  /** signedOnTime / dispatched; null when nothing was dispatched. */
  onTimeSignRate: number | null;
  /** repliedOnTime / replied; null when nothing was replied. */
  onTimeReplyRate: number | null;
  /** objections / dispatched; null when nothing was dispatched. */
  objectionRate: number | null;
  /** extensions / dispatched; null when nothing was dispatched. */
  extensionRate: number | null;
  /** repeats / dispatched; null when nothing was dispatched. */
  repeatRate: number | null;
  /** handlingHoursTotal / replied, in hours; null when nothing was replied. */
  avgHandlingHours: number | null;
}

const SCORE_DECIMALS = 1e6;
const roundScore = (x: number): number => Math.round(x * SCORE_DECIMALS) / SCORE_DECIMALS;
const ratio = (num: number, den: number): number | null => (den === 0 ? null : num / den);

/** Every inconsistency in one unit's counts (empty when they are consistent). */
function countProblems(c: UnitCounts): string[] {
  const problems: string[] = [];
  const whole = [
    'validCallbacks',
    'contacted',
    'resolved',
    'satisfied',
    'basicallySatisfied',
    'unsatisfied',
    'dispatched',
    'signedOnTime',
    'replied',
    'repliedOnTime',
    'objections',
    'extensions',
    'repeats',
  ] as const;
  for (const k of whole) {
    if (!Number.isInteger(c[k]) || c[k] < 0) problems.push(`${k} must be a whole number ≥ 0, got ${String(c[k])}`);
  }
  if (!Number.isFinite(c.handlingHoursTotal) || c.handlingHoursTotal < 0) {
    problems.push(`handlingHoursTotal must be a number ≥ 0, got ${String(c.handlingHoursTotal)}`);
  }
  if (problems.length > 0) return problems;
  const atMost = (what: string, value: number, bound: string, max: number): void => {
    if (value > max) problems.push(`${what} (${value}) exceeds ${bound} (${max})`);
  };
  atMost('contacted', c.contacted, 'validCallbacks', c.validCallbacks);
  atMost('resolved', c.resolved, 'validCallbacks', c.validCallbacks);
  atMost('satisfied + basicallySatisfied + unsatisfied', c.satisfied + c.basicallySatisfied + c.unsatisfied, 'validCallbacks', c.validCallbacks);
  atMost('signedOnTime', c.signedOnTime, 'dispatched', c.dispatched);
  atMost('replied', c.replied, 'dispatched', c.dispatched);
  atMost('repliedOnTime', c.repliedOnTime, 'replied', c.replied);
  atMost('objections', c.objections, 'dispatched', c.dispatched);
  atMost('extensions', c.extensions, 'dispatched', c.dispatched);
  atMost('repeats', c.repeats, 'dispatched', c.dispatched);
  if (c.replied === 0 && c.handlingHoursTotal > 0) problems.push('handlingHoursTotal must be 0 when nothing was replied');
  if (!(UNIT_TYPES as readonly string[]).includes(c.unitType)) problems.push(`unknown unitType ${JSON.stringify(c.unitType)}`);
  return problems;
}

/** Checks one unit's counts for the invariants documented on `UnitCounts`; fails with `ASSESSMENT.INVALID_COUNTS`. */
export function validateCounts(counts: UnitCounts): Result<UnitCounts> {
  const problems = countProblems(counts);
  if (problems.length === 0) return ok(counts);
  return err('ASSESSMENT.INVALID_COUNTS', `inconsistent counts for unit ${counts.unitId}: ${problems.join('; ')}`, {
    unitId: counts.unitId,
    problems,
  });
}

/**
 * The three rates and the composite score of one unit under `rule` (DOMAIN-RULES §6). All null when the unit
 * had no valid callbacks: such a unit is not scored, rather than scored 0. Throws RangeError when the
 * counts are inconsistent (a bug in the query that gathered them; see `validateCounts`).
 */
export function rates(counts: UnitCounts, rule: AssessmentRule): Rates {
  const problems = countProblems(counts);
  if (problems.length > 0) throw new RangeError(`inconsistent counts for unit ${counts.unitId}: ${problems.join('; ')}`);
  const n = counts.validCallbacks;
  if (n === 0) return { responseRate: null, resolutionRate: null, satisfactionRate: null, composite: null };
  const satisfiedWeighted = counts.satisfied + rule.basicallySatisfiedWeight * counts.basicallySatisfied;
  const { response, resolution, satisfaction } = rule.weights;
  // One division at the end keeps proportional counts (k × the same numbers) bit-identical.
  const composite = (100 * (response * counts.contacted + resolution * counts.resolved + satisfaction * satisfiedWeighted)) / n;
  return {
    responseRate: counts.contacted / n,
    resolutionRate: counts.resolved / n,
    satisfactionRate: satisfiedWeighted / n,
    composite: Math.min(100, Math.max(0, roundScore(composite))),
  };
}

/** The operational measures beside the three rates; each null when its denominator is 0. */
export function operationalMeasures(c: UnitCounts): OperationalMeasures {
  return {
    onTimeSignRate: ratio(c.signedOnTime, c.dispatched),
    onTimeReplyRate: ratio(c.repliedOnTime, c.replied),
    objectionRate: ratio(c.objections, c.dispatched),
    extensionRate: ratio(c.extensions, c.dispatched),
    repeatRate: ratio(c.repeats, c.dispatched),
    avgHandlingHours: ratio(c.handlingHoursTotal, c.replied),
  };
}

/** The grade of a score: the first band (best first) whose minScore ≤ score; null for no score. */
export function gradeFor(score: number | null, grades: AssessmentRule['grades']): string | null {
  if (score === null) return null;
  for (const band of grades) if (score >= band.minScore) return band.grade;
  return null;
}

// ---- rankings ---------------------------------------------------------------------------------------

export interface RankingRow extends Rates {
  unitId: number;
  unitType: UnitType;
  /** Competition rank within the unit type (1, 2, 2, 4); null when the unit had no valid callbacks. */
  rank: number | null;
  /** The unit's rank in the previous month (under that month's rules); null if it was unranked or absent. */
  previousRank: number | null;
  /** previousRank − rank: positive = moved up; null when either is null. */
  movement: number | null;
  grade: string | null;
  measures: OperationalMeasures;
  /** The counts the row was computed from, for drill-down. */
  counts: UnitCounts;
}

export interface UnitTypeRanking {
  unitType: UnitType;
  /** The rule the month was scored under (its `version` belongs beside every published score). */
  rule: AssessmentRule;
  /** Number of ranked units (those with valid callbacks). */
  rankedCount: number;
  /** Ranked units by composite descending (ties by unitId), then unranked units by unitId. */
  rows: RankingRow[];
}

export interface MonthlyRanking {
  month: LocalMonth;
  /** One group per unit type present in the month's counts, in `UNIT_TYPES` order. */
  groups: UnitTypeRanking[];
}

function duplicateIds(counts: readonly UnitCounts[]): number[] {
  const seen = new Set<number>();
  const dup = new Set<number>();
  for (const c of counts) (seen.has(c.unitId) ? dup : seen).add(c.unitId);
  return [...dup].sort((a, b) => a - b);
}

function invalidCounts(counts: readonly UnitCounts[], which: string): Result<never> | null {
  const dups = duplicateIds(counts);
  if (dups.length > 0) {
    return err('ASSESSMENT.INVALID_COUNTS', `${which} month lists units more than once: ${dups.join(', ')}`, { duplicateUnitIds: dups });
  }
  const units = counts.map((c) => ({ unitId: c.unitId, problems: countProblems(c) })).filter((u) => u.problems.length > 0);
  if (units.length === 0) return null;
  const text = units.map((u) => `unit ${u.unitId}: ${u.problems.join(', ')}`).join('; ');
  return err('ASSESSMENT.INVALID_COUNTS', `inconsistent counts in the ${which} month: ${text}`, { units });
}

/** Rows of one unit type, sorted and competition-ranked, without movement. */
function rankGroup(counts: readonly UnitCounts[], rule: AssessmentRule): RankingRow[] {
  const rows: RankingRow[] = counts.map((c) => {
    const r = rates(c, rule);
    return {
      unitId: c.unitId,
      unitType: c.unitType,
      ...r,
      rank: null,
      previousRank: null,
      movement: null,
      grade: gradeFor(r.composite, rule.grades),
      measures: operationalMeasures(c),
      counts: c,
    };
  });
  rows.sort((x, y) => {
    if (x.composite === null || y.composite === null) {
      if (x.composite !== y.composite) return x.composite === null ? 1 : -1;
    } else if (x.composite !== y.composite) {
      return y.composite - x.composite;
    }
    return x.unitId - y.unitId;
  });
  rows.forEach((row, i) => {
    if (row.composite === null) return;
    const above = rows[i - 1];
    row.rank = above !== undefined && above.composite === row.composite ? above.rank : i + 1;
  });
  return rows;
}

/**
 * Ranks every unit within its unit type for `month` (DOMAIN-RULES §6): rates and composite under the rule in
 * force for that month and type, competition ranking by composite descending (units without valid
 * callbacks last and unranked), grade, operational measures, and movement against `previous` (the
 * previous month's counts, ranked under the previous month's own rules; movement is null for a type
 * with no rule in the previous month).
 *
 * Fails with `ASSESSMENT.NO_RULE` when a unit type present in `current` has no rule for the month,
 * `ASSESSMENT.INVALID_RULE` when the chosen rule is invalid, and `ASSESSMENT.INVALID_COUNTS` when counts
 * are inconsistent or a unit appears twice. Throws RangeError on a malformed month.
 */
export function rankUnits(
  current: readonly UnitCounts[],
  previous: readonly UnitCounts[],
  rules: readonly AssessmentRule[],
  month: LocalMonth,
): Result<MonthlyRanking> {
  const prevMonth = previousMonth(month);
  const bad = invalidCounts(current, 'current') ?? invalidCounts(previous, 'previous');
  if (bad !== null) return bad;

  const byType = (list: readonly UnitCounts[], type: UnitType): UnitCounts[] => list.filter((c) => c.unitType === type);
  const presentTypes = UNIT_TYPES.filter((t) => current.some((c) => c.unitType === t));
  const missing = presentTypes.filter((t) => selectRule(rules, month, t) === null);
  if (missing.length > 0) {
    return err('ASSESSMENT.NO_RULE', `no assessment rule applies in ${month} to ${missing.join(', ')}`, { month, unitTypes: missing });
  }

  const groups: UnitTypeRanking[] = [];
  for (const unitType of presentTypes) {
    const rule = selectRule(rules, month, unitType) as AssessmentRule;
    const checked = validateRule(rule);
    if (!checked.ok) return checked;

    const previousRanks = new Map<number, number | null>();
    const prevRule = selectRule(rules, prevMonth, unitType);
    if (prevRule !== null && validateRule(prevRule).ok) {
      for (const row of rankGroup(byType(previous, unitType), prevRule)) previousRanks.set(row.unitId, row.rank);
    }

    const rows = rankGroup(byType(current, unitType), rule);
    for (const row of rows) {
      row.previousRank = previousRanks.get(row.unitId) ?? null;
      row.movement = row.rank !== null && row.previousRank !== null ? row.previousRank - row.rank : null;
    }
    groups.push({ unitType, rule, rankedCount: rows.filter((r) => r.rank !== null).length, rows });
  }
  return ok({ month, groups });
}

// ---- red and black lists ----------------------------------------------------------------------------

export interface RedBlackList {
  unitType: UnitType;
  /** The best units, best first. */
  red: RankingRow[];
  /** The worst units, worst first. */
  black: RankingRow[];
}

/**
 * The black-list rows of one group (worst first) and the red-list rows (best first), for list size n.
 *
 * - Ties are kept together: the red list is every ranked unit whose rank ≤ k, the black list every
 *   ranked unit with fewer than k units strictly below it, where k is the effective list size. A list
 *   may therefore run longer than k when units tie at its edge; no tied unit is left out arbitrarily.
 * - k = min(n, ⌊m / 2⌋) for m ranked units: with fewer than 2n ranked units, the best half and the worst
 *   half are listed and, for odd m, the middle unit is on neither; a type with a single ranked unit has
 *   no lists, since it has no peers to be best or worst among.
 * - A unit that would qualify for both lists (only possible when it ties with units at both ends) is on
 *   neither: it is neither better nor worse than the rest.
 */
function listsOf(group: UnitTypeRanking, n: number): RedBlackList {
  const ranked = group.rows.filter((r) => r.composite !== null && r.rank !== null);
  const k = Math.min(n, Math.floor(ranked.length / 2));
  const below = (row: RankingRow): number => ranked.filter((r) => (r.composite as number) < (row.composite as number)).length;
  const red = ranked.filter((r) => (r.rank as number) <= k);
  const black = ranked.filter((r) => below(r) < k);
  const both = new Set(red.filter((r) => black.includes(r)));
  return {
    unitType: group.unitType,
    red: red.filter((r) => !both.has(r)),
    black: black.filter((r) => !both.has(r)).sort((x, y) => (x.composite as number) - (y.composite as number) || x.unitId - y.unitId),
  };
}

/**
 * Red (best) and black (worst) lists per unit type, of size `n`, or of each type's `rule.listSize` when
 * n is omitted. See `listsOf` above for ties and small types. Throws RangeError unless n is a whole number ≥ 1.
 */
export function redBlackLists(ranking: MonthlyRanking, n?: number): RedBlackList[] {
  if (n !== undefined && (!Number.isInteger(n) || n < 1)) throw new RangeError(`list size must be a whole number ≥ 1, got ${n}`);
  return ranking.groups.map((g) => listsOf(g, n ?? g.rule.listSize));
}

// ---- focus units ------------------------------------------------------------------------------------

export interface FocusProposal {
  unitId: number;
  unitType: UnitType;
  /** Length of the unit's unbroken black-list run ending at the latest month (≥ focusAfterMonths). */
  consecutiveMonths: number;
  /** The months of that run, oldest first. */
  months: LocalMonth[];
  /** The unit's rank in the latest month. */
  latestRank: number;
}

/**
 * Units proposed as focus units (治理类): those on their type's black list (the worst `listSize`, as in
 * `redBlackLists`) in each of the latest `focusAfterMonths` consecutive months of `history` (monthly
 * rankings, oldest first). A gap in the months, or a month without the unit's type, breaks the run.
 * `rule` overrides listSize and focusAfterMonths for every type; by default each type uses the rule its
 * latest month was scored under. Sorted by type (`UNIT_TYPES` order), longest run first, then unitId.
 * A proposal only: the command centre decides. Throws RangeError when history is not in month order or
 * the override is not whole numbers ≥ 1.
 */
export function proposeFocusUnits(history: readonly MonthlyRanking[], rule?: Pick<AssessmentRule, 'listSize' | 'focusAfterMonths'>): FocusProposal[] {
  if (rule !== undefined && !(Number.isInteger(rule.listSize) && rule.listSize >= 1 && Number.isInteger(rule.focusAfterMonths) && rule.focusAfterMonths >= 1)) {
    throw new RangeError('listSize and focusAfterMonths must be whole numbers ≥ 1');
  }
  for (let i = 1; i < history.length; i++) {
    const [a, b] = [history[i - 1], history[i]] as [MonthlyRanking, MonthlyRanking];
    if (!(a.month < b.month)) throw new RangeError(`history must be oldest first with one ranking per month (${a.month}, ${b.month})`);
  }
  const latest = history[history.length - 1];
  if (latest === undefined) return [];

  const proposals: FocusProposal[] = [];
  for (const group of latest.groups) {
    const listSize = rule?.listSize ?? group.rule.listSize;
    const needed = rule?.focusAfterMonths ?? group.rule.focusAfterMonths;
    // Walk back from the latest month while the months stay consecutive, tracking each unit's run.
    const runs = new Map<number, LocalMonth[]>();
    let alive: Set<number> | null = null;
    let expectedMonth = latest.month;
    for (let i = history.length - 1; i >= 0 && (alive === null || alive.size > 0); i--) {
      const ranking = history[i] as MonthlyRanking;
      if (ranking.month !== expectedMonth) break;
      const g = ranking.groups.find((x) => x.unitType === group.unitType);
      if (g === undefined) break;
      const black = new Set(listsOf(g, listSize).black.map((r) => r.unitId));
      const next = new Set<number>();
      for (const id of black) {
        if (alive !== null && !alive.has(id)) continue;
        next.add(id);
        runs.set(id, [ranking.month, ...(runs.get(id) ?? [])]);
      }
      alive = next;
      expectedMonth = previousMonth(ranking.month);
    }
    for (const [unitId, months] of runs) {
      if (months.length < needed) continue;
      const row = group.rows.find((r) => r.unitId === unitId) as RankingRow;
      proposals.push({ unitId, unitType: group.unitType, consecutiveMonths: months.length, months, latestRank: row.rank as number });
    }
  }
  const typeOrder = (t: UnitType): number => UNIT_TYPES.indexOf(t);
  return proposals.sort((a, b) => typeOrder(a.unitType) - typeOrder(b.unitType) || b.consecutiveMonths - a.consecutiveMonths || a.unitId - b.unitId);
}
