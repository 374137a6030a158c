/**
 * 党建品牌 Brand programme: criteria, an expert's score sheet, and a round's ranking. Pure. Points are
 * whole numbers (each criterion 0..its max).
 */

export interface BrandCriterion {
  code: string;
  name: string;
  maxPoints: number;
}

/** The programme's life: applying (and preliminary review) → scoring (rounds) → published. */
export const PROGRAMME_STATUSES = ['applying', 'scoring', 'published'] as const;
export type ProgrammeStatus = (typeof PROGRAMME_STATUSES)[number];

/** An application: submitted → passed | rejected (preliminary review, 初审). */
export const APPLICATION_STATUSES = ['submitted', 'passed', 'rejected'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const ROUND_STATUSES = ['scoring', 'closed'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

/** What is wrong with a programme's criteria (empty when none): 1..20 of them, unique codes, max 1..100. */
export function criteriaProblems(criteria: readonly BrandCriterion[]): string[] {
  const problems: string[] = [];
  if (criteria.length === 0 || criteria.length > 20) problems.push('1..20 criteria');
  if (new Set(criteria.map((c) => c.code)).size !== criteria.length) problems.push('criterion codes must be unique');
  for (const c of criteria) if (!Number.isInteger(c.maxPoints) || c.maxPoints < 1 || c.maxPoints > 100) problems.push(`criterion ${c.code}: max 1..100`);
  return problems;
}

/** What is wrong with one expert's sheet for one application (empty when none): every criterion once, whole points within 0..max. */
export function sheetProblems(criteria: readonly BrandCriterion[], scores: Readonly<Record<string, number>>): string[] {
  const problems: string[] = [];
  for (const c of criteria) {
    const v = scores[c.code];
    if (v === undefined) problems.push(`criterion ${c.code} missing`);
    else if (!Number.isInteger(v) || v < 0 || v > c.maxPoints) problems.push(`criterion ${c.code}: 0..${c.maxPoints}`);
  }
  for (const k of Object.keys(scores)) if (!criteria.some((c) => c.code === k)) problems.push(`no criterion ${k}`);
  return problems;
}

export const sheetTotal = (scores: Readonly<Record<string, number>>): number => Object.values(scores).reduce((s, v) => s + v, 0);

export interface RankInput {
  applicationId: number;
  /** Each expert's total for the application (only experts who scored it). */
  totals: readonly number[];
}

export interface RankedEntry {
  applicationId: number;
  /** Mean of the totals counted (trimmed: without one highest and one lowest); null when nobody scored. */
  mean: number | null;
  /** 1, 2, 3 … distinct, in ranking order. */
  rank: number;
  /** True when another entry has exactly the same mean (the tie rule decided the order). */
  tied: boolean;
  scored: number;
}

/** A fraction sum/count, compared exactly. */
interface Mean {
  sum: number;
  count: number;
}

function meanOf(totals: readonly number[], trimmed: boolean): Mean | null {
  if (totals.length === 0) return null;
  const sorted = [...totals].sort((a, b) => a - b);
  // Trimming needs at least 5 totals, so at least 3 remain.
  const kept = trimmed && sorted.length >= 5 ? sorted.slice(1, -1) : sorted;
  return { sum: kept.reduce((s, v) => s + v, 0), count: kept.length };
}

const compareMeans = (a: Mean | null, b: Mean | null): number => {
  if (a === null || b === null) return a === null ? (b === null ? 0 : 1) : -1;
  return b.sum * a.count - a.sum * b.count;
};

/**
 * A round's ranking: by mean of the experts' totals, highest first (with `trimmed` and at least five
 * totals, one highest and one lowest total are left out). Tie rule, for exactly equal means: the
 * higher lowest total first (the less contested entry), then the earlier application (lower id).
 * Entries nobody scored come last. Ranks are 1..n, distinct; `tied` flags equal means.
 */
export function rankRound(entries: readonly RankInput[], trimmed = false): RankedEntry[] {
  const rows = entries.map((e) => ({ e, m: meanOf(e.totals, trimmed), low: e.totals.length === 0 ? -1 : Math.min(...e.totals) }));
  rows.sort((a, b) => compareMeans(a.m, b.m) || b.low - a.low || a.e.applicationId - b.e.applicationId);
  return rows.map((r, i) => ({
    applicationId: r.e.applicationId,
    mean: r.m === null ? null : Math.round((r.m.sum / r.m.count) * 100) / 100,
    rank: i + 1,
    tied: r.m !== null && rows.some((o, j) => j !== i && o.m !== null && compareMeans(o.m, r.m) === 0),
    scored: r.e.totals.length,
  }));
}

/** The expert's blind label for an application in a round: `R2-017` (round number and a position that reveals nothing). */
export const blindLabel = (round: number, position: number): string => `R${round}-${String(position).padStart(3, '0')}`;

/** The demo programme's criteria (and a sensible default). */
export const DEFAULT_CRITERIA: BrandCriterion[] = [
  { code: 'innovation', name: '创新性', maxPoints: 30 },
  { code: 'effect', name: '实效性', maxPoints: 30 },
  { code: 'replicable', name: '可推广性', maxPoints: 20 },
  { code: 'mass_approval', name: '群众认可度', maxPoints: 20 },
];
