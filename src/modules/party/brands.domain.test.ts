import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { criteriaProblems, DEFAULT_CRITERIA, rankRound, sheetProblems, sheetTotal, type RankInput } from './brands.domain.ts';

const entries = fc
  .uniqueArray(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 40 })
  .chain((ids) => fc.tuple(...ids.map((id) => fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 9 }).map((totals) => ({ applicationId: id, totals })))));

const mean = (xs: readonly number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;

describe('brand round ranking', () => {
  it('ranks 1..n, every entry once, by mean descending, unscored last', () => {
    fc.assert(
      fc.property(entries, fc.boolean(), (es: RankInput[], trimmed) => {
        const r = rankRound(es, trimmed);
        expect(r.map((x) => x.rank)).toEqual(es.map((_, i) => i + 1));
        expect(r.map((x) => x.applicationId).sort((a, b) => a - b)).toEqual(es.map((e) => e.applicationId).sort((a, b) => a - b));
        for (let i = 1; i < r.length; i++) {
          const [a, b] = [r[i - 1]!, r[i]!];
          if (a.mean === null) expect(b.mean).toBeNull();
          else if (b.mean !== null) expect(a.mean).toBeGreaterThanOrEqual(b.mean);
        }
      }),
    );
  });

  it('is the plain mean without trimming, and leaves out one highest and one lowest from five totals on', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 12 }), (totals) => {
        const [plain] = rankRound([{ applicationId: 1, totals }]);
        expect(Math.abs(plain!.mean! - mean(totals))).toBeLessThanOrEqual(0.005 + 1e-9);
        const [trim] = rankRound([{ applicationId: 1, totals }], true);
        const sorted = [...totals].sort((a, b) => a - b);
        expect(Math.abs(trim!.mean! - mean(totals.length >= 5 ? sorted.slice(1, -1) : sorted))).toBeLessThanOrEqual(0.005 + 1e-9);
      }),
    );
  });

  it('breaks exact ties by the higher lowest total, then the lower application id, and flags them', () => {
    const r = rankRound([
      { applicationId: 9, totals: [80, 80] },
      { applicationId: 3, totals: [70, 90] },
      { applicationId: 5, totals: [80, 80] },
      { applicationId: 1, totals: [60] },
      { applicationId: 2, totals: [] },
    ]);
    expect(r.map((x) => x.applicationId)).toEqual([5, 9, 3, 1, 2]);
    expect(r.map((x) => x.tied)).toEqual([true, true, true, false, false]);
    // An unchanged input gives the same order whatever the order of the list.
    fc.assert(
      fc.property(entries, (es) => {
        const a = rankRound(es).map((x) => x.applicationId);
        const b = rankRound([...es].reverse()).map((x) => x.applicationId);
        expect(b).toEqual(a);
      }),
    );
  });

  it('checks criteria and sheets', () => {
    expect(criteriaProblems(DEFAULT_CRITERIA)).toEqual([]);
    expect(criteriaProblems([])).toEqual(['1..20 criteria']);
    expect(criteriaProblems([DEFAULT_CRITERIA[0]!, DEFAULT_CRITERIA[0]!])).toContain('criterion codes must be unique');
    const sheet = { innovation: 30, effect: 0, replicable: 12, mass_approval: 20 };
    expect(sheetProblems(DEFAULT_CRITERIA, sheet)).toEqual([]);
    expect(sheetTotal(sheet)).toBe(62);
    expect(sheetProblems(DEFAULT_CRITERIA, { ...sheet, innovation: 31 })).toEqual(['criterion innovation: 0..30']);
    expect(sheetProblems(DEFAULT_CRITERIA, { ...sheet, effect: 1.5 })).toEqual(['criterion effect: 0..30']);
    expect(sheetProblems(DEFAULT_CRITERIA, { innovation: 1 })).toHaveLength(3);
    expect(sheetProblems(DEFAULT_CRITERIA, { ...sheet, extra: 1 })).toEqual(['no criterion extra']);
  });
});
