import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  complianceScore,
  DEFAULT_RULE_SET,
  entryProblems,
  maxTotal,
  memberCountScore,
  ruleSetForYear,
  ruleSetProblems,
  PLATFORM_RULE_SET,
  scoreRating,
  serviceHoursScore,
  starsFor,
  type IndicatorEntry,
  type RuleSetContent,
} from './rating.domain.ts';

const tenths = (max: number) => fc.integer({ min: 0, max: Math.round(max * 10) }).map((t) => t / 10);

/** Random sound rule sets: 1..6 indicators, adjustments on them, bands partitioning 0..max. */
const ruleSet: fc.Arbitrary<RuleSetContent> = fc
  .array(fc.record({ base: fc.integer({ min: 1, max: 400 }), room: fc.integer({ min: 0, max: 100 }) }), { minLength: 1, maxLength: 6 })
  .chain((inds) => {
    const indicators = inds.map((x, k) => ({
      code: `i${k}`,
      name: `指标${k}`,
      basePoints: x.base / 10,
      max: (x.base + x.room) / 10,
      source: 'manual' as const,
    }));
    const adjustment = fc.record({
      indicator: fc.integer({ min: 0, max: indicators.length - 1 }),
      kind: fc.constantFrom('bonus' as const, 'deduction' as const),
      points: fc.integer({ min: 1, max: 100 }),
      cap: fc.integer({ min: 1, max: 300 }),
    });
    return fc.record({
      indicators: fc.constant(indicators),
      adjustments: fc
        .array(adjustment, { maxLength: 8 })
        .map((as) =>
          as.map((a, k) => ({ code: `r${k}`, name: `规则${k}`, indicatorCode: `i${a.indicator}`, kind: a.kind, points: a.points / 10, cap: a.cap / 10 })),
        ),
      bonusCap: tenths(30),
      deductionCap: tenths(60),
      bands: fc.constant([]),
    });
  })
  .chain((r) => {
    const top = maxTotal({ ...r, bands: [] });
    return fc
      .uniqueArray(fc.integer({ min: 1, max: Math.max(1, Math.floor(top * 10)) }), { maxLength: 4 })
      .map((ths) => [0, ...ths.sort((a, b) => a - b).map((t) => t / 10)])
      .map((ths) => ({ ...r, bands: ths.map((minScore, k) => ({ stars: k + 1, minScore })) }));
  });

/** Entries for every indicator of `r`, valid under it. */
const entriesFor = (r: RuleSetContent): fc.Arbitrary<IndicatorEntry[]> =>
  fc.tuple(
    ...r.indicators.map((ind) =>
      fc.record({
        code: fc.constant(ind.code),
        score: tenths(ind.basePoints),
        adjustments: fc
          .constant(r.adjustments.filter((a) => a.indicatorCode === ind.code))
          .chain((rules) => fc.tuple(...rules.map((a) => fc.integer({ min: 0, max: 99 }).map((count) => ({ rule: a.code, count }))))),
      }),
    ),
  );

const withEntries = ruleSet.chain((r) => fc.tuple(fc.constant(r), entriesFor(r)));

describe('star rating rules', () => {
  it('accepts the default rule set and its generated siblings', () => {
    expect(ruleSetProblems(DEFAULT_RULE_SET)).toEqual([]);
    expect(maxTotal(DEFAULT_RULE_SET)).toBe(110);
    fc.assert(
      fc.property(ruleSet, (r) => {
        expect(ruleSetProblems(r)).toEqual([]);
      }),
    );
  });

  it('refuses bands with a gap at the bottom, a repeated star, fewer stars for more points, or out of reach', () => {
    const bands = (b: RuleSetContent['bands']) => ruleSetProblems({ ...DEFAULT_RULE_SET, bands: b });
    expect(bands([{ stars: 1, minScore: 10 }])).toContain('the lowest band starts at 0');
    expect(
      bands([
        { stars: 1, minScore: 0 },
        { stars: 1, minScore: 50 },
      ]),
    ).toContain('each star count once');
    expect(
      bands([
        { stars: 2, minScore: 0 },
        { stars: 1, minScore: 50 },
      ]),
    ).toContain('more points never earn fewer stars');
    expect(
      bands([
        { stars: 1, minScore: 0 },
        { stars: 2, minScore: 111 },
      ]),
    ).toContain('the highest band is out of reach');
    expect(ruleSetProblems({ ...DEFAULT_RULE_SET, indicators: [{ ...DEFAULT_RULE_SET.indicators[0]!, max: 10 }] })).toContain(
      'indicator organisation: max below basePoints',
    );
  });

  it('bands partition the range: every total in 0..max gets exactly the stars of the highest band at or below it', () => {
    fc.assert(
      fc.property(
        ruleSet.chain((r) => fc.tuple(fc.constant(r), tenths(maxTotal(r)))),
        ([r, total]) => {
          const holding = r.bands.filter((b) => b.minScore <= total);
          expect(holding.length).toBeGreaterThan(0);
          expect(starsFor(r.bands, total)).toBe(Math.max(...holding.map((b) => b.stars)));
        },
      ),
    );
  });

  it('keeps the total within 0..maxTotal, each indicator within 0..max, and the caps', () => {
    fc.assert(
      fc.property(withEntries, ([r, entries]) => {
        expect(entryProblems(r, entries)).toEqual([]);
        const s = scoreRating(r, entries);
        expect(s.total).toBeGreaterThanOrEqual(0);
        expect(s.total).toBeLessThanOrEqual(maxTotal(r) + 1e-9);
        expect(s.bonus).toBeLessThanOrEqual(r.bonusCap + 1e-9);
        expect(s.deduction).toBeLessThanOrEqual(r.deductionCap + 1e-9);
        for (const [k, ind] of r.indicators.entries()) {
          const x = s.indicators[k]!;
          expect(x.value).toBeGreaterThanOrEqual(0);
          expect(x.value).toBeLessThanOrEqual(ind.max + 1e-9);
          expect(x.bonus).toBeLessThanOrEqual(ind.max - ind.basePoints + 1e-9);
          // Each rule gives or takes at most its cap.
          const rules = r.adjustments.filter((a) => a.indicatorCode === ind.code);
          expect(x.bonus).toBeLessThanOrEqual(rules.filter((a) => a.kind === 'bonus').reduce((t, a) => t + a.cap, 0) + 1e-9);
          expect(x.deduction).toBeLessThanOrEqual(rules.filter((a) => a.kind === 'deduction').reduce((t, a) => t + a.cap, 0) + 1e-9);
        }
        expect(s.stars).toBe(starsFor(r.bands, s.total));
      }),
    );
  });

  it('is monotone in each indicator’s score', () => {
    fc.assert(
      fc.property(
        withEntries.chain(([r, es]) => fc.tuple(fc.constant(r), fc.constant(es), fc.integer({ min: 0, max: es.length - 1 }), fc.integer({ min: 1, max: 50 }))),
        ([r, es, k, up]) => {
          const ind = r.indicators[k]!;
          const higher = es.map((e, j) => (j === k ? { ...e, score: Math.min(ind.basePoints, Math.round(e.score * 10 + up) / 10) } : e));
          const a = scoreRating(r, es);
          const b = scoreRating(r, higher);
          expect(b.total).toBeGreaterThanOrEqual(a.total);
          expect(b.stars).toBeGreaterThanOrEqual(a.stars);
        },
      ),
    );
  });

  it('scores a worked example by hand', () => {
    const entries: IndicatorEntry[] = [
      { code: 'organisation', score: 18, adjustments: [{ rule: 'honour_district', count: 3 }] }, // bonus 6 → rule cap 4 → room 4
      { code: 'members', score: 20, adjustments: [] },
      { code: 'meetings', score: 22.5, adjustments: [{ rule: 'missed_meeting', count: 1 }] }, // −2
      { code: 'service', score: 18, adjustments: [{ rule: 'hotline_praise', count: 9 }] }, // +5 (cap)
      { code: 'discipline', score: 15, adjustments: [] },
    ];
    const s = scoreRating(DEFAULT_RULE_SET, entries);
    expect(s.indicators.map((i) => i.value)).toEqual([22, 20, 20.5, 23, 15]);
    // Bonuses 4 + 5 = 9 ≤ 10, deductions 2: 93.5 − 2 + 9 = 100.5.
    expect(s.total).toBe(100.5);
    expect(s.stars).toBe(5);
    expect(entryProblems(DEFAULT_RULE_SET, entries.slice(1))).toContain('indicator organisation missing');
    expect(entryProblems(DEFAULT_RULE_SET, [{ ...entries[0]!, score: 21 }, ...entries.slice(1)])[0]).toMatch(/score must be 0..20/);
  });

  it('takes member_count from the figure, and picks the rule set in force at the year’s end', () => {
    const ind = DEFAULT_RULE_SET.indicators[1]!;
    expect(memberCountScore(ind, 12)).toBe(20);
    expect(memberCountScore(ind, 30)).toBe(20);
    expect(memberCountScore(ind, 5)).toBe(8.3);
    expect(memberCountScore(ind, 0)).toBe(0);
    const sets = [{ effectiveFrom: '2024-01-01' }, { effectiveFrom: '2025-07-01' }, { effectiveFrom: '2027-01-01' }];
    expect(ruleSetForYear(sets, 2025)).toBe(sets[1]);
    expect(ruleSetForYear(sets, 2026)).toBe(sets[1]);
    expect(ruleSetForYear(sets, 2023)).toBeUndefined();
  });
});

describe('platform indicators', () => {
  const base = (basePoints: number, fullAt?: number) => ({
    code: 'x',
    name: 'x',
    basePoints,
    max: basePoints,
    source: 'manual' as const,
    ...(fullAt ? { fullAt } : {}),
  });

  it('the platform version is sound and differs from the first only in where two scores come from', () => {
    expect(ruleSetProblems(PLATFORM_RULE_SET)).toEqual([]);
    expect(maxTotal(PLATFORM_RULE_SET)).toBe(maxTotal(DEFAULT_RULE_SET));
    expect(PLATFORM_RULE_SET.indicators.map((i) => i.source)).toEqual(['manual', 'member_count', 'meeting_compliance', 'service_hours', 'manual']);
    expect(ruleSetProblems({ ...PLATFORM_RULE_SET, indicators: PLATFORM_RULE_SET.indicators.map((i) => ({ ...i, fullAt: undefined })) })).toEqual(
      expect.arrayContaining(['indicator members: member_count needs fullAt ≥ 1', 'indicator service: service_hours needs fullAt ≥ 1']),
    );
  });

  it('meeting compliance: within 0..base, full while nothing is owed, monotone in meetings held', () => {
    fc.assert(
      fc.property(
        tenths(100).filter((b) => b > 0),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        (b, owed, met) => {
          const s = complianceScore(base(b), met, owed);
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeLessThanOrEqual(b);
          if (owed === 0 || met >= owed) expect(s).toBe(b);
          if (met < owed) expect(complianceScore(base(b), met + 1, owed)).toBeGreaterThanOrEqual(s);
          expect(Math.round(s * 10)).toBe(s * 10);
        },
      ),
    );
    expect(complianceScore(base(25), 17, 20)).toBe(21.2); // 25 × 17/20 = 21.25, down to a tenth
  });

  it('service hours: within 0..base, 0 without members or service, full from fullAt hours per member', () => {
    fc.assert(
      fc.property(
        tenths(100).filter((b) => b > 0),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 50_000 }),
        fc.integer({ min: 0, max: 80 }),
        (b, fullAt, minutes, members) => {
          const s = serviceHoursScore(base(b, fullAt), minutes, members);
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeLessThanOrEqual(b);
          if (members === 0 || minutes === 0) expect(s).toBe(0);
          if (members > 0 && minutes >= fullAt * 60 * members) expect(s).toBe(b);
          expect(serviceHoursScore(base(b, fullAt), minutes + 60, members)).toBeGreaterThanOrEqual(s);
        },
      ),
    );
    expect(serviceHoursScore(base(20, 4), 10 * 60, 5)).toBe(10); // 2 hours per member of 4
  });
});
