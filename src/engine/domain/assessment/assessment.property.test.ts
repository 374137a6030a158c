import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ASSESSMENT_RULES,
  UNIT_TYPES,
  rankUnits,
  rates,
  redBlackLists,
  validateCounts,
  validateRule,
  type AssessmentRule,
  type UnitCounts,
  type UnitType,
} from './assessment.ts';

const DEFAULT = DEFAULT_ASSESSMENT_RULES[0] as AssessmentRule;

/** Consistent counts: every bound documented on UnitCounts holds. */
const countsArb = (unitId: number, unitType: UnitType): fc.Arbitrary<UnitCounts> =>
  fc
    .record({
      valid: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 5000 })),
      c: fc.double({ min: 0, max: 1, noNaN: true }),
      r: fc.double({ min: 0, max: 1, noNaN: true }),
      s: fc.double({ min: 0, max: 1, noNaN: true }),
      b: fc.double({ min: 0, max: 1, noNaN: true }),
      u: fc.double({ min: 0, max: 1, noNaN: true }),
      dispatched: fc.integer({ min: 0, max: 500 }),
      ops: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 6, maxLength: 6 }),
    })
    .map(({ valid, c, r, s, b, u, dispatched, ops }) => {
      const part = (x: number, of: number): number => Math.floor(x * of);
      const satisfied = part(s, valid);
      const basicallySatisfied = part(b, valid - satisfied);
      const replied = part(ops[1] ?? 0, dispatched);
      return {
        unitId,
        unitType,
        validCallbacks: valid,
        contacted: part(c, valid),
        resolved: part(r, valid),
        satisfied,
        basicallySatisfied,
        unsatisfied: part(u, valid - satisfied - basicallySatisfied),
        dispatched,
        signedOnTime: part(ops[0] ?? 0, dispatched),
        replied,
        repliedOnTime: part(ops[2] ?? 0, replied),
        objections: part(ops[3] ?? 0, dispatched),
        extensions: part(ops[4] ?? 0, dispatched),
        repeats: part(ops[5] ?? 0, dispatched),
        handlingHoursTotal: replied * 30,
      };
    });

/** Valid rules: integer weights normalised to sum to 1, w and grade bands at random. */
const ruleArb: fc.Arbitrary<AssessmentRule> = fc
  .record({
    w: fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 100 })),
    basic: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ w: [a, b, c], basic }) => {
    const sum = a + b + c;
    return {
      ...DEFAULT,
      version: 'random',
      weights: { response: a / sum, resolution: b / sum, satisfaction: 1 - a / sum - b / sum },
      basicallySatisfiedWeight: basic,
    };
  });

/** Up to 12 units of random types with distinct ids. */
const unitsArb: fc.Arbitrary<UnitCounts[]> = fc
  .array(fc.constantFrom(...UNIT_TYPES), { maxLength: 12 })
  .chain((types) => fc.tuple(...types.map((t, i) => countsArb(i + 1, t))));

describe('assessment properties', () => {
  it('the generators produce consistent counts and valid rules', () => {
    fc.assert(
      fc.property(countsArb(1, 'street'), ruleArb, (c, rule) => {
        expect(validateCounts(c).ok).toBe(true);
        expect(validateRule(rule).ok).toBe(true);
      }),
    );
  });

  it('keeps rates in [0, 1] and the composite in [0, 100], all null exactly without valid callbacks', () => {
    fc.assert(
      fc.property(countsArb(1, 'street'), ruleArb, (c, rule) => {
        const r = rates(c, rule);
        if (c.validCallbacks === 0) {
          expect(r).toEqual({ responseRate: null, resolutionRate: null, satisfactionRate: null, composite: null });
          return;
        }
        for (const x of [r.responseRate, r.resolutionRate, r.satisfactionRate]) {
          expect(x).not.toBeNull();
          expect(x).toBeGreaterThanOrEqual(0);
          expect(x).toBeLessThanOrEqual(1);
        }
        expect(r.composite).toBeGreaterThanOrEqual(0);
        expect(r.composite).toBeLessThanOrEqual(100);
        const expected =
          100 *
          (rule.weights.response * (r.responseRate ?? 0) +
            rule.weights.resolution * (r.resolutionRate ?? 0) +
            rule.weights.satisfaction * (r.satisfactionRate ?? 0));
        expect(r.composite).toBeCloseTo(expected, 5);
      }),
    );
  });

  it('gives proportional counts exactly the same score', () => {
    fc.assert(
      fc.property(countsArb(1, 'street'), ruleArb, fc.integer({ min: 2, max: 7 }), (c, rule, k) => {
        const scaled: UnitCounts = {
          ...c,
          validCallbacks: k * c.validCallbacks,
          contacted: k * c.contacted,
          resolved: k * c.resolved,
          satisfied: k * c.satisfied,
          basicallySatisfied: k * c.basicallySatisfied,
          unsatisfied: k * c.unsatisfied,
        };
        expect(rates(scaled, rule).composite).toBe(rates(c, rule).composite);
      }),
    );
  });

  it('ranks within each type: sorted, competition ranks, unranked last', () => {
    fc.assert(
      fc.property(unitsArb, (units) => {
        const r = rankUnits(units, [], DEFAULT_ASSESSMENT_RULES, '2026-05');
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.value.groups.map((g) => g.unitType)).toEqual(UNIT_TYPES.filter((t) => units.some((u) => u.unitType === t)));
        for (const g of r.value.groups) {
          expect(g.rows).toHaveLength(units.filter((u) => u.unitType === g.unitType).length);
          const ranked = g.rows.filter((row) => row.composite !== null);
          expect(g.rankedCount).toBe(ranked.length);
          expect(g.rows.slice(0, ranked.length)).toEqual(ranked); // unranked after ranked
          for (const row of g.rows) {
            if (row.composite === null) {
              expect(row.rank).toBeNull();
              continue;
            }
            const composite = row.composite;
            expect(row.rank).toBe(1 + ranked.filter((o) => (o.composite as number) > composite).length);
          }
          for (let i = 1; i < ranked.length; i++) {
            expect(ranked[i - 1]?.composite).toBeGreaterThanOrEqual(ranked[i]?.composite as number);
          }
        }
      }),
    );
  });

  it('movement is previous rank minus rank, and a month ranked against itself does not move', () => {
    fc.assert(
      fc.property(unitsArb, (units) => {
        const r = rankUnits(units, units, DEFAULT_ASSESSMENT_RULES, '2026-05');
        if (!r.ok) throw new Error(r.error.message);
        for (const row of r.value.groups.flatMap((g) => g.rows)) {
          expect(row.previousRank).toBe(row.rank);
          expect(row.movement).toBe(row.rank === null ? null : 0);
        }
      }),
    );
  });

  it('red and black lists are disjoint, ranked, at most half the ranked units each unless tied, and red beats black', () => {
    fc.assert(
      fc.property(unitsArb, fc.integer({ min: 1, max: 5 }), (units, n) => {
        const r = rankUnits(units, [], DEFAULT_ASSESSMENT_RULES, '2026-05');
        if (!r.ok) throw new Error(r.error.message);
        for (const { unitType, red, black } of redBlackLists(r.value, n)) {
          const group = r.value.groups.find((g) => g.unitType === unitType);
          const k = Math.min(n, Math.floor((group?.rankedCount ?? 0) / 2));
          expect(red.filter((x) => black.includes(x))).toEqual([]);
          for (const row of [...red, ...black]) expect(row.rank).not.toBeNull();
          for (const x of red) for (const y of black) expect(x.composite as number).toBeGreaterThan(y.composite as number);
          // A list is longer than k only through ties at its edge.
          if (red.length > k) expect(new Set(red.slice(k - 1).map((x) => x.composite)).size).toBe(1);
          if (black.length > k) expect(new Set(black.slice(k - 1).map((x) => x.composite)).size).toBe(1);
          // With no ties at all, the lists are exactly the top and bottom k.
          const ranked = group?.rows.filter((x) => x.rank !== null) ?? [];
          if (new Set(ranked.map((x) => x.composite)).size === ranked.length) {
            expect(red).toEqual(ranked.slice(0, k));
            expect(black).toEqual(ranked.slice(ranked.length - k).reverse());
          }
        }
      }),
    );
  });
});
