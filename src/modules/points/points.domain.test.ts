import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  auditFindings,
  awardAmount,
  balancedEntries,
  counterEntries,
  hourPoints,
  leaderboardPeriod,
  lockOrder,
  maskDisplayName,
  pickupCodeFrom,
  PICKUP_ALPHABET,
  quantityHundredths,
  ruleInForce,
  takeBack,
  validateRuleVersion,
  type RuleVersion,
} from './points.domain.ts';

const rule = (o: Partial<RuleVersion> = {}): RuleVersion => ({
  id: 1,
  code: 'conduct.waste_sorting',
  kind: 'conduct',
  name: '垃圾分类',
  pointsPerUnit: 5,
  dailyCap: null,
  effectiveFrom: '2026-01-01',
  ...o,
});

describe('earning rules', () => {
  it('takes the latest version whose local date has come (Asia/Shanghai)', () => {
    const versions = [
      rule({ id: 1, effectiveFrom: '2026-01-01' }),
      rule({ id: 2, effectiveFrom: '2026-03-01' }),
      rule({ id: 3, code: 'other', effectiveFrom: '2026-02-01' }),
    ];
    expect(ruleInForce(versions, 'conduct.waste_sorting', new Date('2026-02-28T15:59:59Z'))?.id).toBe(1);
    // 16:00 UTC on 28 Feb is midnight of 1 March in Beijing.
    expect(ruleInForce(versions, 'conduct.waste_sorting', new Date('2026-02-28T16:00:00Z'))?.id).toBe(2);
    expect(ruleInForce(versions, 'conduct.waste_sorting', new Date('2025-12-31T15:00:00Z'))).toBeUndefined();
    expect(ruleInForce(versions, 'nope', new Date('2026-05-01T00:00:00Z'))).toBeUndefined();
  });

  it('checks a version', () => {
    expect(validateRuleVersion(rule()).ok).toBe(true);
    for (const bad of [
      rule({ code: 'A' }),
      rule({ pointsPerUnit: 0 }),
      rule({ pointsPerUnit: 1.5 }),
      rule({ dailyCap: 0 }),
      rule({ effectiveFrom: '2026-02-30' }),
      rule({ name: ' ' }),
    ]) {
      const v = validateRuleVersion(bad);
      expect(v.ok).toBe(false);
      if (!v.ok) expect(v.error.code).toBe('POINTS.INVALID_RULE');
    }
  });

  it('counts quantities in hundredths and refuses finer ones', () => {
    expect(quantityHundredths(1.25)).toEqual({ ok: true, value: 125 });
    expect(quantityHundredths(0.1)).toEqual({ ok: true, value: 10 });
    for (const q of [0, -1, 0.001, 1001, Number.NaN, Infinity]) expect(quantityHundredths(q).ok).toBe(false);
  });

  it('pays whole points, rounded down, never above the cap nor below zero (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.option(fc.integer({ min: 1, max: 1000 }), { nil: null }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 0, max: 2000 }),
        (perUnit, cap, hundredths, already) => {
          const { points, capped } = awardAmount({ pointsPerUnit: perUnit, dailyCap: cap }, hundredths, already);
          const full = Math.floor((perUnit * hundredths) / 100);
          expect(Number.isInteger(points)).toBe(true);
          expect(points).toBeGreaterThanOrEqual(0);
          expect(points).toBeLessThanOrEqual(full);
          if (cap === null) expect(points).toBe(full);
          else {
            expect(already + points <= Math.max(cap, already)).toBe(true);
            expect(capped).toBe(points < full);
            if (!capped) expect(points).toBe(full);
          }
        },
      ),
    );
  });

  it('pays service minutes by the minute, and a correction cancelling a record takes back exactly what it paid', () => {
    expect(hourPoints(10, 60)).toBe(10);
    expect(hourPoints(10, 100)).toBe(16);
    expect(hourPoints(10, 5)).toBe(0);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 1440 }), (perHour, minutes) => {
        expect(hourPoints(perHour, -minutes)).toBe(hourPoints(perHour, minutes));
        expect(hourPoints(perHour, minutes)).toBeLessThanOrEqual((perHour * minutes) / 60);
      }),
    );
  });

  it('takes back what the balance allows and reports the rest as the shortfall (property)', () => {
    expect(takeBack(16, 4)).toEqual({ taken: 4, shortfall: 12 });
    expect(takeBack(10, 30)).toEqual({ taken: 10, shortfall: 0 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), (due, balance) => {
        const { taken, shortfall } = takeBack(due, balance);
        expect(taken + shortfall).toBe(due);
        expect(taken).toBeLessThanOrEqual(balance);
        expect(shortfall === 0 || taken === balance).toBe(true);
      }),
    );
  });

  it('a day of awards under a capped rule never sums above the cap (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 60 }),
        fc.array(fc.integer({ min: 1, max: 500 }), { maxLength: 30 }),
        (perUnit, cap, quantities) => {
          let total = 0;
          for (const q of quantities) total += awardAmount({ pointsPerUnit: perUnit, dailyCap: cap }, q, total).points;
          expect(total).toBeLessThanOrEqual(cap);
        },
      ),
    );
  });
});

describe('double entry', () => {
  const entry = fc.record({ accountId: fc.integer({ min: 1, max: 6 }), amount: fc.integer({ min: -1000, max: 1000 }) });

  it('accepts exactly the entry sets that sum to zero over at least two accounts (property)', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 8 }), (entries) => {
        const v = balancedEntries(entries);
        const byAccount = new Map<number, number>();
        for (const e of entries) byAccount.set(e.accountId, (byAccount.get(e.accountId) ?? 0) + e.amount);
        const nonzero = [...byAccount.values()].filter((a) => a !== 0);
        const good = nonzero.length >= 2 && nonzero.reduce((s, a) => s + a, 0) === 0;
        expect(v.ok).toBe(good);
        if (v.ok) {
          expect(v.value.reduce((s, e) => s + e.amount, 0)).toBe(0);
          expect(new Set(v.value.map((e) => e.accountId)).size).toBe(v.value.length);
          expect(v.value.every((e) => e.amount !== 0)).toBe(true);
        } else expect(v.error.code).toBe('POINTS.UNBALANCED');
      }),
    );
  });

  it('refuses fractions and huge amounts', () => {
    expect(
      balancedEntries([
        { accountId: 1, amount: 0.5 },
        { accountId: 2, amount: -0.5 },
      ]).ok,
    ).toBe(false);
    expect(
      balancedEntries([
        { accountId: 1, amount: 2e6 },
        { accountId: 2, amount: -2e6 },
      ]).ok,
    ).toBe(false);
  });

  it('a counter-transaction undoes the original: together they sum to zero on every account (property)', () => {
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 6 }), (entries) => {
        const both = [...entries, ...counterEntries(entries)];
        const byAccount = new Map<number, number>();
        for (const e of both) byAccount.set(e.accountId, (byAccount.get(e.accountId) ?? 0) + e.amount);
        expect([...byAccount.values()].every((a) => a === 0)).toBe(true);
      }),
    );
  });

  it('locks accounts by ascending id with the issuer last (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 50 }), (ids, issuer) => {
        const order = lockOrder(
          ids.map((accountId) => ({ accountId, amount: 1 })),
          issuer,
        ).map((e) => e.accountId);
        const others = order.filter((id) => id !== issuer);
        expect(others).toEqual([...others].sort((a, b) => a - b));
        if (ids.includes(issuer)) expect(order.at(-1)).toBe(issuer);
      }),
    );
  });
});

describe('the audit', () => {
  it('finds nothing in a consistent ledger and counts each kind of anomaly', () => {
    const ok = auditFindings(
      [
        { id: 1, kind: 'issuer', cached: -30, derived: -30 },
        { id: 2, kind: 'holder', cached: 20, derived: 20 },
        { id: 3, kind: 'partner', cached: 10, derived: 10 },
      ],
      [],
      4,
    );
    expect(ok.anomalies).toBe(0);
    expect(ok.issuer).toEqual({ issuerBalance: -30, circulating: 30, holds: true });
    const bad = auditFindings(
      [
        { id: 1, kind: 'issuer', cached: -30, derived: -30 },
        { id: 2, kind: 'holder', cached: 25, derived: -5 },
      ],
      [{ transactionId: 9, sum: 5, entries: 1 }],
      4,
    );
    expect(bad.mismatched.map((a) => a.id)).toEqual([2]);
    expect(bad.negative.map((a) => a.id)).toEqual([2]);
    expect(bad.unbalanced).toHaveLength(1);
    expect(bad.issuer.holds).toBe(false);
    expect(bad.anomalies).toBe(4);
  });
});

describe('small rules', () => {
  it('pickup codes are 10 characters of the unambiguous alphabet', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 10, maxLength: 10 }), (b) => {
        const c = pickupCodeFrom(b);
        expect(c).toMatch(/^[0-9A-Z]{10}$/);
        expect([...c].every((ch) => PICKUP_ALPHABET.includes(ch))).toBe(true);
      }),
    );
  });

  it('masks names and reads periods', () => {
    expect(maskDisplayName('张三')).toBe('张*');
    expect(maskDisplayName('欧阳娜娜')).toBe('欧***');
    expect(maskDisplayName('')).toBe('**');
    expect(leaderboardPeriod('month', '2026-12')).toEqual({ from: '2026-12-01', to: '2027-01-01' });
    expect(leaderboardPeriod('year', '2026')).toEqual({ from: '2026-01-01', to: '2027-01-01' });
    expect(leaderboardPeriod('month', '2026-13')).toBeUndefined();
    expect(leaderboardPeriod('year', '2026-01')).toBeUndefined();
  });
});
