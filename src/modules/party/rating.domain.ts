/**
 * 评星定级 Star rating of party branches: the rule set (indicators, bonus and deduction rules with caps,
 * star bands), its validation, and the scoring. Pure: no I/O, no clock. Points are handled in tenths
 * (integers) so sums never drift; the API speaks points with at most one decimal.
 */

/**
 * Where an indicator's score comes from: entered by people, or a figure of the platform — the branch's
 * active members (`member_count`), how far it kept 三会一课 and 主题党日 in the year (`meeting_compliance`,
 * from its meetings), its members' confirmed 双报到 service hours in the year per member (`service_hours`).
 */
export const INDICATOR_SOURCES = ['manual', 'member_count', 'meeting_compliance', 'service_hours'] as const;
export type IndicatorSource = (typeof INDICATOR_SOURCES)[number];

export interface Indicator {
  /** Stable code within the rule set, e.g. `organisation`, `members`. */
  code: string;
  name: string;
  /** Full marks of the indicator's basic score (基础分): a score is entered within 0..basePoints. */
  basePoints: number;
  /** The indicator's ceiling including its bonuses (≥ basePoints): the room above basePoints is its bonus cap. */
  max: number;
  source: IndicatorSource;
  /**
   * `member_count`: full marks from this many active members on; `service_hours`: from this many hours of
   * confirmed service per active member in the year (both scaled linearly below it).
   */
  fullAt?: number;
}

export const ADJUSTMENT_KINDS = ['bonus', 'deduction'] as const;
export type AdjustmentKind = (typeof ADJUSTMENT_KINDS)[number];

/** 加分/减分 rule: `points` for each occurrence, at most `cap` in all, on one indicator. */
export interface AdjustmentRule {
  code: string;
  name: string;
  indicatorCode: string;
  kind: AdjustmentKind;
  points: number;
  cap: number;
}

/** A star band: a total of at least `minScore` earns `stars` (the highest band that applies). */
export interface StarBand {
  stars: number;
  minScore: number;
}

export interface RuleSetContent {
  indicators: Indicator[];
  adjustments: AdjustmentRule[];
  /** Overall caps: all bonuses together add at most this, all deductions together take at most this. */
  bonusCap: number;
  deductionCap: number;
  bands: StarBand[];
}

/** One indicator's entry: the basic score and how often each of its adjustment rules applied. */
export interface IndicatorEntry {
  code: string;
  score: number;
  adjustments: { rule: string; count: number }[];
}

export interface IndicatorResult {
  code: string;
  score: number;
  bonus: number;
  deduction: number;
  /** score + bonus − deduction, within 0..max. */
  value: number;
}

export interface RatingResult {
  indicators: IndicatorResult[];
  /** Bonuses and deductions after the overall caps. */
  bonus: number;
  deduction: number;
  total: number;
  stars: number;
}

export const toTenths = (points: number): number => Math.round(points * 10);
export const fromTenths = (tenths: number): number => tenths / 10;
/** True when `x` has at most one decimal. */
export const isTenths = (x: number): boolean => Number.isFinite(x) && Math.abs(x * 10 - Math.round(x * 10)) < 1e-9;

/** The most a total can reach under `rules`: every basic score full, every bonus up to the overall cap. */
export function maxTotal(rules: RuleSetContent): number {
  const base = rules.indicators.reduce((s, i) => s + toTenths(i.basePoints), 0);
  const bonusRoom = rules.indicators.reduce((s, i) => s + toTenths(i.max - i.basePoints), 0);
  return fromTenths(base + Math.min(bonusRoom, toTenths(rules.bonusCap)));
}

/**
 * What is wrong with a rule set, as short English phrases (empty when it is sound): unique codes,
 * positive points with one decimal, max ≥ basePoints, adjustments on known indicators, and bands that
 * partition 0..maxTotal: distinct stars 1..5, distinct thresholds, the lowest at 0, the highest ≤ the max.
 */
export function ruleSetProblems(r: RuleSetContent): string[] {
  const problems: string[] = [];
  const pts = (x: number, what: string, min = 0) => {
    if (!isTenths(x) || x < min || x > 1000) problems.push(`${what} must be ${min}..1000 with at most one decimal`);
  };
  if (r.indicators.length === 0) problems.push('at least one indicator');
  const codes = new Set<string>();
  for (const i of r.indicators) {
    if (codes.has(i.code)) problems.push(`indicator ${i.code} appears twice`);
    codes.add(i.code);
    pts(i.basePoints, `indicator ${i.code} basePoints`, 0.1);
    pts(i.max, `indicator ${i.code} max`, 0.1);
    if (i.max < i.basePoints) problems.push(`indicator ${i.code}: max below basePoints`);
    if ((i.source === 'member_count' || i.source === 'service_hours') && (i.fullAt === undefined || !Number.isInteger(i.fullAt) || i.fullAt < 1))
      problems.push(`indicator ${i.code}: ${i.source} needs fullAt ≥ 1`);
  }
  const ruleCodes = new Set<string>();
  for (const a of r.adjustments) {
    if (ruleCodes.has(a.code)) problems.push(`adjustment ${a.code} appears twice`);
    ruleCodes.add(a.code);
    if (!codes.has(a.indicatorCode)) problems.push(`adjustment ${a.code}: no indicator ${a.indicatorCode}`);
    pts(a.points, `adjustment ${a.code} points`, 0.1);
    pts(a.cap, `adjustment ${a.code} cap`, 0.1);
  }
  pts(r.bonusCap, 'bonusCap');
  pts(r.deductionCap, 'deductionCap');
  const bands = [...r.bands].sort((a, b) => a.minScore - b.minScore);
  if (bands.length === 0) problems.push('at least one star band');
  if (new Set(bands.map((b) => b.stars)).size !== bands.length) problems.push('each star count once');
  if (new Set(bands.map((b) => b.minScore)).size !== bands.length) problems.push('each band threshold once');
  for (const b of bands) {
    if (!Number.isInteger(b.stars) || b.stars < 1 || b.stars > 5) problems.push('stars are 1..5');
    pts(b.minScore, `band ${b.stars} minScore`);
  }
  if (bands.length > 0 && bands[0]!.minScore !== 0) problems.push('the lowest band starts at 0');
  for (let k = 1; k < bands.length; k++) if (bands[k]!.stars <= bands[k - 1]!.stars) problems.push('more points never earn fewer stars');
  if (problems.length === 0 && bands[bands.length - 1]!.minScore > maxTotal(r)) problems.push('the highest band is out of reach');
  return problems;
}

/** The stars a total earns: the band with the highest threshold ≤ total (the lowest band starts at 0). */
export function starsFor(bands: readonly StarBand[], total: number): number {
  let best: StarBand | undefined;
  for (const b of bands) if (toTenths(b.minScore) <= toTenths(total) && (best === undefined || b.minScore > best.minScore)) best = b;
  return best?.stars ?? 0;
}

/**
 * A `member_count` indicator's score: full marks from `fullAt` active members on, linear below,
 * rounded down to a tenth.
 */
export function memberCountScore(indicator: Indicator, members: number): number {
  const full = indicator.fullAt ?? 1;
  return fromTenths(Math.floor((toTenths(indicator.basePoints) * Math.min(Math.max(members, 0), full)) / full));
}

/**
 * A `meeting_compliance` indicator's score: the share of the meetings owed so far in the year (one per
 * period that is over, for each kind the branch owes) that were held, of the basic score, rounded down
 * to a tenth; full marks while nothing is owed yet.
 */
export function complianceScore(indicator: Indicator, met: number, owed: number): number {
  if (owed <= 0) return indicator.basePoints;
  const share = Math.min(Math.max(met, 0), owed);
  return fromTenths(Math.floor((toTenths(indicator.basePoints) * share) / owed));
}

/**
 * A `service_hours` indicator's score: confirmed service minutes of the year per active member, full
 * marks from `fullAt` hours per member, linear below, rounded down to a tenth; 0 without members.
 */
export function serviceHoursScore(indicator: Indicator, minutes: number, members: number): number {
  if (members <= 0) return 0;
  const fullMinutes = (indicator.fullAt ?? 1) * 60 * members;
  return fromTenths(Math.floor((toTenths(indicator.basePoints) * Math.min(Math.max(minutes, 0), fullMinutes)) / fullMinutes));
}

/** What is wrong with entries under `rules` (empty when none): every indicator once, scores within 0..basePoints, known rules of that indicator, counts 0..99. */
export function entryProblems(rules: RuleSetContent, entries: readonly IndicatorEntry[]): string[] {
  const problems: string[] = [];
  const byCode = new Map(rules.indicators.map((i) => [i.code, i]));
  const seen = new Set<string>();
  for (const e of entries) {
    const ind = byCode.get(e.code);
    if (ind === undefined) {
      problems.push(`no indicator ${e.code}`);
      continue;
    }
    if (seen.has(e.code)) problems.push(`indicator ${e.code} entered twice`);
    seen.add(e.code);
    if (!isTenths(e.score) || e.score < 0 || e.score > ind.basePoints)
      problems.push(`indicator ${e.code}: score must be 0..${ind.basePoints} with at most one decimal`);
    const rulesSeen = new Set<string>();
    for (const a of e.adjustments) {
      const rule = rules.adjustments.find((x) => x.code === a.rule);
      if (rule === undefined || rule.indicatorCode !== e.code) problems.push(`indicator ${e.code}: no adjustment rule ${a.rule}`);
      if (rulesSeen.has(a.rule)) problems.push(`indicator ${e.code}: rule ${a.rule} twice`);
      rulesSeen.add(a.rule);
      if (!Number.isInteger(a.count) || a.count < 0 || a.count > 99) problems.push(`indicator ${e.code}: count of ${a.rule} must be 0..99`);
    }
  }
  for (const i of rules.indicators) if (!seen.has(i.code)) problems.push(`indicator ${i.code} missing`);
  return problems;
}

/**
 * The score of one rating. Per indicator: the basic score, plus its bonuses (each rule at most its cap,
 * all of them at most max − basePoints), minus its deductions (each rule at most its cap, never below
 * 0 for the indicator). Overall: bonuses at most `bonusCap`, deductions at most `deductionCap`, and the
 * total never below 0. Entries are assumed valid (`entryProblems` empty); a missing indicator counts 0.
 * Monotone: a higher basic score never lowers the total.
 */
export function scoreRating(rules: RuleSetContent, entries: readonly IndicatorEntry[]): RatingResult {
  const byCode = new Map(entries.map((e) => [e.code, e]));
  let scores = 0;
  let bonuses = 0;
  let deductions = 0;
  const indicators = rules.indicators.map((ind) => {
    const e = byCode.get(ind.code);
    const score = Math.min(Math.max(toTenths(e?.score ?? 0), 0), toTenths(ind.basePoints));
    let bonus = 0;
    let deduction = 0;
    for (const a of e?.adjustments ?? []) {
      const rule = rules.adjustments.find((x) => x.code === a.rule && x.indicatorCode === ind.code);
      if (rule === undefined || a.count <= 0) continue;
      const amount = Math.min(toTenths(rule.points) * a.count, toTenths(rule.cap));
      if (rule.kind === 'bonus') bonus += amount;
      else deduction += amount;
    }
    bonus = Math.min(bonus, toTenths(ind.max) - toTenths(ind.basePoints));
    deduction = Math.min(deduction, score + bonus);
    scores += score;
    bonuses += bonus;
    deductions += deduction;
    return {
      code: ind.code,
      score: fromTenths(score),
      bonus: fromTenths(bonus),
      deduction: fromTenths(deduction),
      value: fromTenths(score + bonus - deduction),
    };
  });
  const bonus = Math.min(bonuses, toTenths(rules.bonusCap));
  const deduction = Math.min(deductions, toTenths(rules.deductionCap));
  const total = fromTenths(Math.max(0, scores + bonus - deduction));
  return { indicators, bonus: fromTenths(bonus), deduction: fromTenths(deduction), total, stars: starsFor(rules.bands, total) };
}

/** A star count as the UI shows it: ★★★☆☆. */
export const starText = (stars: number, of = 5): string => '★'.repeat(stars) + '☆'.repeat(Math.max(0, of - stars));

/** Per-branch status of a rating within its cycle. */
export const RATING_STATUSES = ['pending', 'self_rated', 'reviewed', 'appealed', 'final'] as const;
export type RatingStatus = (typeof RATING_STATUSES)[number];

/** A cycle: rating (self-ratings and reviews) → posting (公示, appeals) → final. */
export const CYCLE_STATUSES = ['rating', 'posting', 'final'] as const;
export type CycleStatus = (typeof CYCLE_STATUSES)[number];

/** True when `day` (YYYY-MM-DD) lies within the posting window, both ends included. */
export const withinWindow = (day: string, from: string, to: string): boolean => from <= day && day <= to;

/** The Asia/Shanghai date (YYYY-MM-DD) of an instant (UTC+8, no DST since 1991). */
export const shanghaiDay = (at: Date): string => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * The rule set that governs a year: the latest version in force on the year's last day (versions taking
 * effect later do not apply to it).
 */
export function ruleSetForYear<T extends { effectiveFrom: string }>(sets: readonly T[], year: number): T | undefined {
  const end = `${year}-12-31`;
  return [...sets].filter((s) => s.effectiveFrom <= end).sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0];
}

/** The demo rule set (and the district's first): five indicators summing to 100, bonuses up to 10. */
export const DEFAULT_RULE_SET: RuleSetContent = {
  indicators: [
    { code: 'organisation', name: '组织建设', basePoints: 20, max: 24, source: 'manual' },
    { code: 'members', name: '党员队伍', basePoints: 20, max: 22, source: 'member_count', fullAt: 12 },
    { code: 'meetings', name: '组织生活（三会一课）', basePoints: 25, max: 28, source: 'manual' },
    { code: 'service', name: '服务群众', basePoints: 20, max: 25, source: 'manual' },
    { code: 'discipline', name: '作风纪律', basePoints: 15, max: 15, source: 'manual' },
  ],
  adjustments: [
    { code: 'honour_district', name: '获区级以上表彰', indicatorCode: 'organisation', kind: 'bonus', points: 2, cap: 4 },
    { code: 'pioneer_post', name: '设立党员先锋岗', indicatorCode: 'members', kind: 'bonus', points: 1, cap: 2 },
    { code: 'themed_day', name: '主题党日特色活动', indicatorCode: 'meetings', kind: 'bonus', points: 1, cap: 3 },
    { code: 'missed_meeting', name: '未按期召开支委会', indicatorCode: 'meetings', kind: 'deduction', points: 2, cap: 6 },
    { code: 'hotline_praise', name: '接诉即办群众表扬', indicatorCode: 'service', kind: 'bonus', points: 1, cap: 5 },
    { code: 'complaint_verified', name: '被查实的群众投诉', indicatorCode: 'service', kind: 'deduction', points: 3, cap: 9 },
    { code: 'discipline_case', name: '党员违纪受处分', indicatorCode: 'discipline', kind: 'deduction', points: 5, cap: 15 },
  ],
  bonusCap: 10,
  deductionCap: 20,
  bands: [
    { stars: 5, minScore: 90 },
    { stars: 4, minScore: 80 },
    { stars: 3, minScore: 70 },
    { stars: 2, minScore: 60 },
    { stars: 1, minScore: 0 },
  ],
};

/**
 * The demo's rule set from this year on: as the first, with two indicators taken from the platform —
 * 组织生活 from the meetings held of those owed (`meeting_compliance`), 服务群众 from the members'
 * confirmed 双报到 service (`service_hours`, full marks from 4 hours per member in the year).
 */
export const PLATFORM_RULE_SET: RuleSetContent = {
  ...DEFAULT_RULE_SET,
  indicators: DEFAULT_RULE_SET.indicators.map((i) =>
    i.code === 'meetings' ? { ...i, source: 'meeting_compliance' as const } : i.code === 'service' ? { ...i, source: 'service_hours' as const, fullAt: 4 } : i,
  ),
};
