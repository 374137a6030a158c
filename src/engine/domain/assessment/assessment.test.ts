import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ASSESSMENT_RULES,
  gradeFor,
  operationalMeasures,
  proposeFocusUnits,
  rankUnits,
  rates,
  redBlackLists,
  selectRule,
  validateCounts,
  validateRule,
  validateRuleSet,
  type AssessmentRule,
  type MonthlyRanking,
  type RankingRow,
  type UnitCounts,
  type UnitType,
} from './assessment.ts';

const DEFAULT = DEFAULT_ASSESSMENT_RULES[0] as AssessmentRule;

/** Builder: the callback counts that matter, operational counts zero unless overridden. */
function counts(
  unitId: number,
  unitType: UnitType,
  [validCallbacks, contacted, resolved, satisfied, basicallySatisfied]: [number, number, number, number, number],
  overrides: Partial<UnitCounts> = {},
): UnitCounts {
  return {
    unitId,
    unitType,
    validCallbacks,
    contacted,
    resolved,
    satisfied,
    basicallySatisfied,
    unsatisfied: 0,
    dispatched: 0,
    signedOnTime: 0,
    repliedOnTime: 0,
    replied: 0,
    objections: 0,
    extensions: 0,
    repeats: 0,
    handlingHoursTotal: 0,
    ...overrides,
  };
}

/** A street whose composite under the default rule is 10 + 0.9 × p (all contacted, p % resolved and satisfied). */
const street = (unitId: number, p: number): UnitCounts => counts(unitId, 'street', [100, 100, p, p, 0]);

const rule = (overrides: Partial<AssessmentRule>): AssessmentRule => ({ ...DEFAULT, ...overrides });

function unwrap(r: ReturnType<typeof rankUnits>): MonthlyRanking {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}
const ids = (rows: RankingRow[]): number[] => rows.map((r) => r.unitId);

describe('rates and composite', () => {
  it('computes the worked example from the brief', () => {
    // 200 valid callbacks, 190 contacted, 150 resolved, 120 satisfied + 40 basically satisfied:
    //   response     190 / 200                 = 0.95
    //   resolution   150 / 200                 = 0.75
    //   satisfaction (120 + 0.9 × 40) / 200    = 156 / 200 = 0.78
    //   composite    100 × (0.1 × 0.95 + 0.5 × 0.75 + 0.4 × 0.78) = 100 × (0.095 + 0.375 + 0.312) = 78.2
    const r = rates(counts(1, 'street', [200, 190, 150, 120, 40]), DEFAULT);
    expect(r.responseRate).toBe(0.95);
    expect(r.resolutionRate).toBe(0.75);
    expect(r.satisfactionRate).toBe(0.78);
    expect(r.composite).toBe(78.2);
    expect(gradeFor(r.composite, DEFAULT.grades)).toBe('C');
  });

  it('gives equal results exactly equal scores (150/200 ties 225/300)', () => {
    // 300 valid: 285 contacted (.95), 225 resolved (.75), (180 + 0.9 × 60) / 300 = 234 / 300 = .78 → 78.2.
    expect(rates(counts(2, 'street', [300, 285, 225, 180, 60]), DEFAULT).composite).toBe(78.2);
  });

  it('scores nothing (null, not 0) without valid callbacks', () => {
    expect(rates(counts(3, 'street', [0, 0, 0, 0, 0]), DEFAULT)).toEqual({
      responseRate: null,
      resolutionRate: null,
      satisfactionRate: null,
      composite: null,
    });
    expect(gradeFor(null, DEFAULT.grades)).toBeNull();
  });

  it('uses the rule’s weights and w', () => {
    // Weights .3/.35/.35, w = 0.5: satisfaction (120 + 0.5 × 40) / 200 = 0.7;
    // composite 100 × (0.3 × 0.95 + 0.35 × 0.75 + 0.35 × 0.7) = 100 × (0.285 + 0.2625 + 0.245) = 79.25.
    const r = rates(
      counts(1, 'street', [200, 190, 150, 120, 40]),
      rule({ weights: { response: 0.3, resolution: 0.35, satisfaction: 0.35 }, basicallySatisfiedWeight: 0.5 }),
    );
    expect(r.satisfactionRate).toBe(0.7);
    expect(r.composite).toBe(79.25);
  });

  it('grades by descending bands', () => {
    expect(gradeFor(90, DEFAULT.grades)).toBe('A');
    expect(gradeFor(89.999999, DEFAULT.grades)).toBe('B');
    expect(gradeFor(80, DEFAULT.grades)).toBe('B');
    expect(gradeFor(70, DEFAULT.grades)).toBe('C');
    expect(gradeFor(0, DEFAULT.grades)).toBe('D');
  });

  it('throws on inconsistent counts, which validateCounts reports as a value', () => {
    const bad = counts(4, 'street', [10, 11, 5, 8, 3]); // 11 contacted of 10; 8 + 3 rated of 10
    expect(() => rates(bad, DEFAULT)).toThrow(RangeError);
    const v = validateCounts(bad);
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(v.error.code).toBe('ASSESSMENT.INVALID_COUNTS');
      expect(v.error.details?.['problems']).toHaveLength(2);
    }
    expect(validateCounts(counts(4, 'street', [10, 9, 5, 1.5, 0])).ok).toBe(false);
    expect(validateCounts(counts(4, 'street', [10, 9, 5, 5, 0], { replied: 3, repliedOnTime: 4, dispatched: 5 })).ok).toBe(false);
    expect(validateCounts(counts(4, 'street', [10, 9, 5, 5, 5])).ok).toBe(true);
  });
});

describe('operational measures', () => {
  it('divides by the dispatched (or replied) cohort', () => {
    const c = counts(1, 'department', [0, 0, 0, 0, 0], {
      dispatched: 40,
      signedOnTime: 36, // 36 / 40 = 0.9
      replied: 30,
      repliedOnTime: 27, // 27 / 30 = 0.9
      objections: 2, // 2 / 40 = 0.05
      extensions: 4, // 4 / 40 = 0.1
      repeats: 1, // 1 / 40 = 0.025
      handlingHoursTotal: 1500, // 1500 h / 30 replies = 50 h
    });
    expect(operationalMeasures(c)).toEqual({
      onTimeSignRate: 0.9,
      onTimeReplyRate: 0.9,
      objectionRate: 0.05,
      extensionRate: 0.1,
      repeatRate: 0.025,
      avgHandlingHours: 50,
    });
  });

  it('is null on zero denominators', () => {
    const m = operationalMeasures(counts(1, 'department', [0, 0, 0, 0, 0], { dispatched: 3, signedOnTime: 3 }));
    expect(m).toEqual({
      onTimeSignRate: 1,
      onTimeReplyRate: null,
      objectionRate: 0,
      extensionRate: 0,
      repeatRate: 0,
      avgHandlingHours: null,
    });
    expect(operationalMeasures(counts(1, 'department', [0, 0, 0, 0, 0])).onTimeSignRate).toBeNull();
  });
});

describe('validateRule and validateRuleSet', () => {
  it('accepts the default rule set', () => {
    expect(validateRuleSet(DEFAULT_ASSESSMENT_RULES).ok).toBe(true);
    expect(DEFAULT).toMatchObject({
      effectiveFrom: '2019-01',
      unitType: null,
      weights: { response: 0.1, resolution: 0.5, satisfaction: 0.4 },
      basicallySatisfiedWeight: 0.9,
      listSize: 3,
      focusAfterMonths: 3,
    });
    expect(Object.isFrozen(DEFAULT.weights)).toBe(true);
  });

  it('accepts weights that sum to 1 only up to floating-point noise', () => {
    expect(validateRule(rule({ weights: { response: 0.1, resolution: 0.45, satisfaction: 0.45 } })).ok).toBe(true);
    expect(validateRule(rule({ weights: { response: 0.3, resolution: 0.35, satisfaction: 0.35 } })).ok).toBe(true);
    expect(validateRule(rule({ weights: { response: 0.1, resolution: 0.5, satisfaction: 0.4 + 1e-8 } })).ok).toBe(false);
  });

  it.each<[string, Partial<AssessmentRule>]>([
    ['weights not summing to 1', { weights: { response: 0.1, resolution: 0.4, satisfaction: 0.4 } }],
    ['a negative weight', { weights: { response: -0.1, resolution: 0.7, satisfaction: 0.4 } }],
    ['w above 1', { basicallySatisfiedWeight: 1.2 }],
    ['w below 0', { basicallySatisfiedWeight: -0.1 }],
    [
      'ascending grades',
      {
        grades: [
          { grade: 'D', minScore: 0 },
          { grade: 'A', minScore: 90 },
        ],
      },
    ],
    [
      'equal grade bands',
      {
        grades: [
          { grade: 'A', minScore: 90 },
          { grade: 'B', minScore: 90 },
          { grade: 'C', minScore: 0 },
        ],
      },
    ],
    [
      'no band for low scores',
      {
        grades: [
          { grade: 'A', minScore: 90 },
          { grade: 'B', minScore: 60 },
        ],
      },
    ],
    ['no grades', { grades: [] }],
    ['a malformed month', { effectiveFrom: '2026-13' }],
    ['a list size of 0', { listSize: 0 }],
    ['fractional focus months', { focusAfterMonths: 2.5 }],
    ['an empty version', { version: ' ' }],
  ])('rejects %s', (_what, overrides) => {
    const r = validateRule(rule(overrides));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('ASSESSMENT.INVALID_RULE');
  });

  it('lists every problem', () => {
    const r = validateRule(rule({ basicallySatisfiedWeight: 2, listSize: -1, weights: { response: 1, resolution: 1, satisfaction: 0 } }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.details?.['problems']).toHaveLength(3);
  });

  it('rejects two rules for the same month and scope', () => {
    const r = validateRuleSet([DEFAULT, rule({ version: 'dup' })]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('both start in 2019-01');
    expect(validateRuleSet([DEFAULT, rule({ version: 'street', unitType: 'street' })]).ok).toBe(true);
  });
});

describe('selectRule', () => {
  const v2026 = rule({ version: '2026-06', effectiveFrom: '2026-06', weights: { response: 0.1, resolution: 0.45, satisfaction: 0.45 } });
  const enterprise = rule({
    version: 'ent-2025',
    effectiveFrom: '2025-01',
    unitType: 'enterprise',
    weights: { response: 0.3, resolution: 0.35, satisfaction: 0.35 },
  });
  const rules = [v2026, DEFAULT, enterprise];

  it('takes the latest rule in force in the month', () => {
    expect(selectRule(rules, '2026-05', 'street')).toBe(DEFAULT);
    expect(selectRule(rules, '2026-06', 'street')).toBe(v2026);
    expect(selectRule(rules, '2030-01', 'street')).toBe(v2026);
    expect(selectRule(rules, '2018-12', 'street')).toBeNull();
  });

  it('prefers a rule for the exact unit type, even over a later general one', () => {
    expect(selectRule(rules, '2024-12', 'enterprise')).toBe(DEFAULT);
    expect(selectRule(rules, '2025-01', 'enterprise')).toBe(enterprise);
    expect(selectRule(rules, '2026-07', 'enterprise')).toBe(enterprise);
  });
});

describe('rankUnits', () => {
  // Streets in 2026-05 under the default rule (composite = 100 × (.1 resp + .5 res + .4 sat)):
  //   11: 100/100/95, sat (90 + .9 × 10)/100 = .99 → 100 × (.1 + .475 + .396) = 97.1  A
  //   16: 100/90/80,  sat (70 + .9 × 20)/100 = .88 → 100 × (.09 + .4 + .352)  = 84.2  B
  //   12: the worked example                                                   = 78.2  C
  //   13: the same rates at 300 callbacks                                      = 78.2  C (tie)
  //   14: 50/40/20,   sat (15 + .9 × 10)/50 = .48  → 100 × (.08 + .2 + .192)   = 47.2  D
  //   15: no valid callbacks                                                   → unranked
  const may: UnitCounts[] = [
    counts(15, 'street', [0, 0, 0, 0, 0]),
    counts(14, 'street', [50, 40, 20, 15, 10]),
    counts(13, 'street', [300, 285, 225, 180, 60]),
    counts(12, 'street', [200, 190, 150, 120, 40]),
    counts(16, 'street', [100, 90, 80, 70, 20]),
    counts(11, 'street', [100, 100, 95, 90, 10]),
    counts(21, 'department', [10, 10, 10, 10, 0]),
    counts(22, 'department', [10, 10, 5, 5, 0]),
  ];
  // Streets in 2026-04: 16 → 100 (1st), 11 → 84.2 (2nd), 14 → 78.2 (3rd), 12 → 47.2 (4th),
  // 15 unranked, 13 absent.
  const april: UnitCounts[] = [
    counts(16, 'street', [100, 100, 100, 100, 0]),
    counts(11, 'street', [100, 90, 80, 70, 20]),
    counts(14, 'street', [200, 190, 150, 120, 40]),
    counts(12, 'street', [50, 40, 20, 15, 10]),
    counts(15, 'street', [0, 0, 0, 0, 0]),
  ];
  const ranking = unwrap(rankUnits(may, april, DEFAULT_ASSESSMENT_RULES, '2026-05'));
  const streets = ranking.groups.find((g) => g.unitType === 'street');

  it('groups by unit type in a fixed order', () => {
    expect(ranking.month).toBe('2026-05');
    expect(ranking.groups.map((g) => g.unitType)).toEqual(['street', 'department']);
    expect(streets?.rule.version).toBe('default-2019');
    expect(streets?.rankedCount).toBe(5);
  });

  it('sorts by composite with competition ranks, unranked last', () => {
    expect(streets?.rows.map((r) => [r.unitId, r.composite, r.rank, r.grade])).toEqual([
      [11, 97.1, 1, 'A'],
      [16, 84.2, 2, 'B'],
      [12, 78.2, 3, 'C'],
      [13, 78.2, 3, 'C'],
      [14, 47.2, 5, 'D'],
      [15, null, null, null],
    ]);
  });

  it('shows movement against the previous month (positive = up)', () => {
    // 11: 2 → 1 = +1; 16: 1 → 2 = −1; 12: 4 → 3 = +1; 13: absent → null; 14: 3 → 5 = −2; 15: unranked.
    expect(streets?.rows.map((r) => [r.unitId, r.previousRank, r.movement])).toEqual([
      [11, 2, 1],
      [16, 1, -1],
      [12, 4, 1],
      [13, null, null],
      [14, 3, -2],
      [15, null, null],
    ]);
  });

  it('ranks each type separately', () => {
    const departments = ranking.groups.find((g) => g.unitType === 'department');
    // 21: 100 × (.1 + .5 + .4) = 100; 22: 100 × (.1 + .25 + .2) = 55.
    expect(departments?.rows.map((r) => [r.unitId, r.composite, r.rank])).toEqual([
      [21, 100, 1],
      [22, 55, 2],
    ]);
  });

  it('keeps the measures and counts on each row', () => {
    const r = unwrap(
      rankUnits(
        [counts(31, 'enterprise', [4, 4, 4, 4, 0], { dispatched: 5, signedOnTime: 4, replied: 4, repliedOnTime: 4, handlingHoursTotal: 10 })],
        [],
        DEFAULT_ASSESSMENT_RULES,
        '2026-05',
      ),
    );
    const row = r.groups[0]?.rows[0];
    expect(row?.measures).toMatchObject({ onTimeSignRate: 0.8, onTimeReplyRate: 1, avgHandlingHours: 2.5 });
    expect(row?.counts.dispatched).toBe(5);
  });

  describe('rule versions', () => {
    const v2026 = rule({ version: '2026-06', effectiveFrom: '2026-06', weights: { response: 0.1, resolution: 0.45, satisfaction: 0.45 } });
    const rules = [DEFAULT, v2026];
    const unit = [counts(12, 'street', [200, 190, 150, 120, 40])];

    it('a rule from 2026-06 does not change 2026-05’s score', () => {
      const r = unwrap(rankUnits(unit, [], rules, '2026-05')).groups[0];
      expect(r?.rule.version).toBe('default-2019');
      expect(r?.rows[0]?.composite).toBe(78.2);
    });

    it('scores 2026-06 under the new rule', () => {
      // 100 × (.1 × .95 + .45 × .75 + .45 × .78) = 100 × (.095 + .3375 + .351) = 78.35
      const r = unwrap(rankUnits(unit, [], rules, '2026-06')).groups[0];
      expect(r?.rule.version).toBe('2026-06');
      expect(r?.rows[0]?.composite).toBe(78.35);
    });

    it('ranks the previous month under the previous month’s rule', () => {
      // Under the default rule in May, 1 (resolution-heavy) beats 2; under June's .1/.1/.8 rule 2 would win.
      const satisfactionHeavy = rule({ version: 'sat', effectiveFrom: '2026-06', weights: { response: 0.1, resolution: 0.1, satisfaction: 0.8 } });
      const may2 = [counts(1, 'street', [10, 10, 10, 0, 0]), counts(2, 'street', [10, 10, 0, 10, 0])];
      // May: 1 → 100 × (.1 + .5) = 60, 2 → 100 × (.1 + .4) = 50. June (same counts): 1 → 20, 2 → 90.
      const june = unwrap(rankUnits(may2, may2, [DEFAULT, satisfactionHeavy], '2026-06')).groups[0];
      expect(june?.rows.map((r) => [r.unitId, r.composite, r.rank, r.previousRank, r.movement])).toEqual([
        [2, 90, 1, 2, 1],
        [1, 20, 2, 1, -1],
      ]);
    });
  });

  it('fails with ASSESSMENT.NO_RULE when no rule covers a type present in the month', () => {
    const r = rankUnits([street(1, 50)], [], DEFAULT_ASSESSMENT_RULES, '2018-12');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'ASSESSMENT.NO_RULE', details: { month: '2018-12', unitTypes: ['street'] } });
  });

  it('leaves movement null when the previous month had no rule', () => {
    const r = unwrap(rankUnits([street(1, 50)], [street(1, 60)], DEFAULT_ASSESSMENT_RULES, '2019-01'));
    expect(r.groups[0]?.rows[0]).toMatchObject({ rank: 1, previousRank: null, movement: null });
  });

  it('fails with ASSESSMENT.INVALID_RULE when the rule in force is invalid', () => {
    const r = rankUnits([street(1, 50)], [], [rule({ weights: { response: 0.5, resolution: 0.5, satisfaction: 0.5 } })], '2026-05');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('ASSESSMENT.INVALID_RULE');
  });

  it('fails with ASSESSMENT.INVALID_COUNTS on duplicates or inconsistent counts', () => {
    const dup = rankUnits([street(1, 50), street(1, 60)], [], DEFAULT_ASSESSMENT_RULES, '2026-05');
    expect(dup.ok).toBe(false);
    if (!dup.ok) expect(dup.error).toMatchObject({ code: 'ASSESSMENT.INVALID_COUNTS', details: { duplicateUnitIds: [1] } });
    const bad = rankUnits([street(1, 50)], [counts(2, 'street', [1, 2, 0, 0, 0])], DEFAULT_ASSESSMENT_RULES, '2026-05');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('ASSESSMENT.INVALID_COUNTS');
  });

  it('returns no groups for no units and throws on a malformed month', () => {
    expect(unwrap(rankUnits([], [], DEFAULT_ASSESSMENT_RULES, '2026-05')).groups).toEqual([]);
    expect(() => rankUnits([], [], DEFAULT_ASSESSMENT_RULES, '2026-5')).toThrow(RangeError);
  });

  describe('redBlackLists', () => {
    it('lists the best and worst n, keeping ties together', () => {
      // 5 ranked streets, n = 2 → k = min(2, ⌊5/2⌋) = 2. Red: ranks ≤ 2 → 11, 16.
      // Black: fewer than 2 units strictly below → 14 (0 below), 12 and 13 (1 below, tied) → 3 units.
      const [s] = redBlackLists(ranking, 2);
      expect(ids(s?.red ?? [])).toEqual([11, 16]);
      expect(ids(s?.black ?? [])).toEqual([14, 12, 13]);
    });

    it('splits a type with fewer than 2n ranked units into halves, the middle on neither', () => {
      // n = 3 (the default listSize) but only 5 ranked → k = 2, as above; 15 is unranked and never listed.
      const [s, d] = redBlackLists(ranking);
      expect(ids(s?.red ?? [])).toEqual([11, 16]);
      expect(ids(s?.black ?? [])).toEqual([14, 12, 13]);
      // Two departments: k = 1 → one each.
      expect(ids(d?.red ?? [])).toEqual([21]);
      expect(ids(d?.black ?? [])).toEqual([22]);
      // Three streets: k = 1 → best and worst listed, the middle one on neither.
      const three = unwrap(rankUnits([street(1, 90), street(2, 80), street(3, 70)], [], DEFAULT_ASSESSMENT_RULES, '2026-05'));
      const [t] = redBlackLists(three);
      expect(ids(t?.red ?? [])).toEqual([1]);
      expect(ids(t?.black ?? [])).toEqual([3]);
    });

    it('lists n = 1 as one unit each', () => {
      const [s] = redBlackLists(ranking, 1);
      expect(ids(s?.red ?? [])).toEqual([11]);
      expect(ids(s?.black ?? [])).toEqual([14]);
    });

    it('lists nobody when all units tie, or when a type has a single ranked unit', () => {
      const tied = unwrap(rankUnits([street(1, 50), street(2, 50), street(3, 50), street(4, 50)], [], DEFAULT_ASSESSMENT_RULES, '2026-05'));
      expect(redBlackLists(tied, 2)[0]).toMatchObject({ red: [], black: [] });
      const single = unwrap(rankUnits([street(1, 50), counts(2, 'street', [0, 0, 0, 0, 0])], [], DEFAULT_ASSESSMENT_RULES, '2026-05'));
      expect(redBlackLists(single, 3)[0]).toMatchObject({ red: [], black: [] });
    });

    it('takes the full n when there are enough units', () => {
      const eight = unwrap(
        rankUnits(
          [1, 2, 3, 4, 5, 6, 7, 8].map((id) => street(id, 100 - id * 10)),
          [],
          DEFAULT_ASSESSMENT_RULES,
          '2026-05',
        ),
      );
      const [s] = redBlackLists(eight, 3);
      expect(ids(s?.red ?? [])).toEqual([1, 2, 3]);
      expect(ids(s?.black ?? [])).toEqual([8, 7, 6]);
    });

    it('throws on a list size that is not a whole number ≥ 1', () => {
      expect(() => redBlackLists(ranking, 0)).toThrow(RangeError);
      expect(() => redBlackLists(ranking, 1.5)).toThrow(RangeError);
    });
  });
});

describe('proposeFocusUnits', () => {
  // Five streets; street(id, p) scores 10 + 0.9p. Default rule: listSize 3 → k = min(3, ⌊5/2⌋) = 2,
  // so each month's black list is the two lowest p. focusAfterMonths = 3.
  //            11   12   13   14   15     black list
  //   2026-02  90   80   70   60   50  →  15, 14
  //   2026-03  90   80   50   60   40  →  15, 13
  //   2026-04  90   80   50   60   40  →  15, 13
  //   2026-05  90   80   55   60   40  →  15, 13
  // 15 is on it 4 months running, 13 for the latest 3, 14 only in February.
  const month = (m: string, ps: [number, number, number, number, number]): MonthlyRanking =>
    unwrap(
      rankUnits(
        ps.map((p, i) => street(11 + i, p)),
        [],
        DEFAULT_ASSESSMENT_RULES,
        m,
      ),
    );
  const feb = month('2026-02', [90, 80, 70, 60, 50]);
  const mar = month('2026-03', [90, 80, 50, 60, 40]);
  const apr = month('2026-04', [90, 80, 50, 60, 40]);
  const may = month('2026-05', [90, 80, 55, 60, 40]);

  it('proposes units on the black list for focusAfterMonths consecutive latest months', () => {
    expect(proposeFocusUnits([feb, mar, apr, may])).toEqual([
      { unitId: 15, unitType: 'street', consecutiveMonths: 4, months: ['2026-02', '2026-03', '2026-04', '2026-05'], latestRank: 5 },
      { unitId: 13, unitType: 'street', consecutiveMonths: 3, months: ['2026-03', '2026-04', '2026-05'], latestRank: 4 },
    ]);
  });

  it('honours an override of the months needed and the list size', () => {
    expect(proposeFocusUnits([feb, mar, apr, may], { listSize: 3, focusAfterMonths: 4 }).map((p) => p.unitId)).toEqual([15]);
    expect(proposeFocusUnits([feb, mar, apr, may], { listSize: 1, focusAfterMonths: 3 }).map((p) => p.unitId)).toEqual([15]);
  });

  it('needs the run to reach the latest month', () => {
    const better = month('2026-06', [40, 80, 90, 60, 50]); // 11 and 15 are the bottom two now
    expect(proposeFocusUnits([feb, mar, apr, may, better]).map((p) => p.unitId)).toEqual([15]);
  });

  it('breaks a run at a missing month, and proposes nothing from too short a history', () => {
    expect(proposeFocusUnits([feb, apr, may])).toEqual([]);
    expect(proposeFocusUnits([apr, may])).toEqual([]);
    expect(proposeFocusUnits([])).toEqual([]);
  });

  it('throws when the history is not oldest first', () => {
    expect(() => proposeFocusUnits([mar, feb])).toThrow(RangeError);
    expect(() => proposeFocusUnits([mar, mar])).toThrow(RangeError);
    expect(() => proposeFocusUnits([mar], { listSize: 0, focusAfterMonths: 3 })).toThrow(RangeError);
  });
});
