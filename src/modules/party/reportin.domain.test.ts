import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  activeClaims,
  CLAIM_ACTIONS,
  CLAIM_STATES,
  claimProblem,
  claimTransition,
  evaluationYearProblem,
  isReportInDay,
  monthBounds,
  needState,
  pastReportInDays,
  peopleWantedProblem,
  reportInDay,
  withdrawProblem,
  type ClaimAction,
  type ClaimState,
  type NeedFacts,
} from './reportin.domain.ts';

const year = fc.integer({ min: 1990, max: 2100 });
const month = fc.integer({ min: 1, max: 12 });

describe('报到日: the last Saturday of the month', () => {
  it('is a Saturday of that month, and seven days later is in the next month (property, across years)', () => {
    fc.assert(
      fc.property(year, month, (y, m) => {
        const d = reportInDay(y, m);
        const date = new Date(`${d}T00:00:00Z`);
        expect(date.getUTCDay()).toBe(6);
        expect(date.getUTCFullYear()).toBe(y);
        expect(date.getUTCMonth() + 1).toBe(m);
        const week = new Date(date.getTime() + 7 * 86_400_000);
        expect(week.getUTCMonth() + 1 === m && week.getUTCFullYear() === y).toBe(false);
        expect(isReportInDay(d)).toBe(true);
      }),
    );
  });

  it('knows a few by the calendar', () => {
    expect(reportInDay(2026, 1)).toBe('2026-01-31');
    expect(reportInDay(2026, 2)).toBe('2026-02-28');
    expect(reportInDay(2024, 2)).toBe('2024-02-24');
    expect(reportInDay(2026, 3)).toBe('2026-03-28');
    expect(reportInDay(2025, 12)).toBe('2025-12-27');
    expect(isReportInDay('2026-03-21')).toBe(false);
    expect(isReportInDay('2026-03-29')).toBe(false);
  });

  it('lists the past report-in days, newest first, none after today (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1995-01-01'), max: new Date('2095-12-31'), noInvalidDate: true }), (t) => {
        const today = t.toISOString().slice(0, 10);
        const days = pastReportInDays(today);
        expect(days.length === 11 || days.length === 12).toBe(true);
        expect(days.every((d) => d <= today && isReportInDay(d))).toBe(true);
        expect([...days].sort().reverse()).toEqual(days);
        expect(new Set(days.map((d) => d.slice(0, 7))).size).toBe(days.length);
      }),
    );
  });

  it('bounds a month', () => {
    expect(monthBounds('2026-12')).toEqual({ from: '2026-12-01', to: '2027-01-01' });
    expect(monthBounds('2026-02')).toEqual({ from: '2026-02-01', to: '2026-03-01' });
  });
});

const claimState = fc.constantFrom<ClaimState>(...CLAIM_STATES);
const facts = fc.record({ withdrawn: fc.boolean(), peopleWanted: fc.integer({ min: 1, max: 8 }), claims: fc.array(claimState, { maxLength: 10 }) });
/** A need as the use cases can make it: never more active claims than wanted. */
const reachable = facts.filter((n) => activeClaims(n.claims).length <= n.peopleWanted);

type Step = { kind: 'claim'; holder: boolean } | { kind: 'act'; index: number; action: ClaimAction } | { kind: 'withdraw' } | { kind: 'want'; n: number };
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('claim' as const), holder: fc.boolean() }),
  fc.record({ kind: fc.constant('act' as const), index: fc.nat(12), action: fc.constantFrom(...CLAIM_ACTIONS) }),
  fc.constant({ kind: 'withdraw' as const }),
  fc.record({ kind: fc.constant('want' as const), n: fc.integer({ min: 1, max: 8 }) }),
);

describe('a need and its claims', () => {
  it('never holds more active claims than people wanted, and never confirms what was not done (random lives)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(step, { maxLength: 60 }), (wanted, steps) => {
        const n: { withdrawn: boolean; peopleWanted: number; claims: ClaimState[] } = { withdrawn: false, peopleWanted: wanted, claims: [] };
        for (const s of steps) {
          if (s.kind === 'claim') {
            if (claimProblem(n, s.holder) === null) n.claims.push('claimed');
          } else if (s.kind === 'act' && s.index < n.claims.length) {
            const before = n.claims[s.index]!;
            const r = claimTransition(before, s.action, n.withdrawn);
            if ('state' in r) {
              if (r.state === 'confirmed') expect(before).toBe('done');
              if (before === 'confirmed' || before === 'cancelled') throw new Error('a final claim moved');
              n.claims[s.index] = r.state;
            }
          } else if (s.kind === 'withdraw') {
            if (withdrawProblem(n) === null) {
              n.withdrawn = true;
              n.claims = n.claims.map((c) => (c === 'claimed' ? 'cancelled' : c));
            }
          } else if (s.kind === 'want') {
            if (peopleWantedProblem(n, s.n) === null) n.peopleWanted = s.n;
          }
          expect(activeClaims(n.claims).length).toBeLessThanOrEqual(n.peopleWanted);
          const st = needState(n);
          if (st === 'confirmed') expect(n.claims.filter((c) => c !== 'cancelled').every((c) => c === 'confirmed')).toBe(true);
          if (n.withdrawn) expect(n.claims.some((c) => c === 'done' || c === 'confirmed')).toBe(false);
        }
      }),
    );
  });

  it('is open exactly while it has room, and takes a claim only then (property)', () => {
    fc.assert(
      fc.property(reachable, (n) => {
        const st = needState(n);
        const room = activeClaims(n.claims).length < n.peopleWanted;
        if (!n.withdrawn) expect(st === 'open').toBe(room);
        expect(claimProblem(n, false) === null).toBe(!n.withdrawn && room);
        expect(claimProblem(n, true)).not.toBeNull();
      }),
    );
  });

  it('orders its states by the claims: claimed while any is unrecorded, done while any is unconfirmed', () => {
    const n = (claims: ClaimState[], peopleWanted = 2): NeedFacts => ({ withdrawn: false, peopleWanted, claims });
    expect(needState(n([]))).toBe('open');
    expect(needState(n(['claimed', 'cancelled']))).toBe('open');
    expect(needState(n(['claimed', 'done']))).toBe('claimed');
    expect(needState(n(['done', 'confirmed']))).toBe('done');
    expect(needState(n(['confirmed', 'confirmed', 'cancelled']))).toBe('confirmed');
    expect(needState({ ...n(['confirmed']), withdrawn: true })).toBe('withdrawn');
    expect(peopleWantedProblem(n(['claimed', 'claimed'], 3), 1)).toBe('FEWER_THAN_CLAIMED');
    expect(peopleWantedProblem(n(['claimed'], 3), 1)).toBeNull();
    expect(withdrawProblem(n(['done']))).toBe('SERVED');
    expect(claimTransition('claimed', 'confirm', false)).toEqual({ problem: 'NOT_DONE' });
    expect(claimTransition('done', 'sendBack', false)).toEqual({ state: 'claimed' });
    expect(claimTransition('done', 'confirm', true)).toEqual({ problem: 'NEED_WITHDRAWN' });
  });
});

describe('evaluation years', () => {
  it('opens a year in its December and keeps past years open', () => {
    expect(evaluationYearProblem(2025, '2026-03-02')).toBeNull();
    expect(evaluationYearProblem(2026, '2026-03-02')).toBe('NOT_OPEN');
    expect(evaluationYearProblem(2026, '2026-12-01')).toBeNull();
    expect(evaluationYearProblem(2027, '2026-12-31')).toBe('NOT_OPEN');
  });
});
