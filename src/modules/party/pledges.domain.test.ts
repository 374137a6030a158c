import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allowedPledgeActions,
  boardCounts,
  FULFILMENT_STATES,
  fulfilmentDayProblem,
  fulfilmentReviewProblem,
  hoursToMinutes,
  linksProblem,
  PLEDGE_ACTIONS,
  pledgeNext,
  pledgeProblem,
  pledgeYearProblem,
  postHeldOn,
  postPeriodProblem,
  type PledgeAction,
  type PledgeState,
} from './pledges.domain.ts';

const pad = (n: number) => String(n).padStart(2, '0');
const day = fc
  .record({ y: fc.integer({ min: 2020, max: 2030 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
  .map(({ y, m, d }) => `${y}-${pad(m)}-${pad(d)}`);

/** A random life of a pledge: the actions tried, the reason given, the day of each. */
const life = fc.array(fc.record({ action: fc.constantFrom(...PLEDGE_ACTIONS), reason: fc.constantFrom('', ' ', '请具体', '太空泛了'), day }), {
  maxLength: 40,
});

describe('a pledge’s state', () => {
  it('never reaches approved without passing submitted, fulfils only when approved and unassessed, and assessment never before 1 December (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2020, max: 2030 }), life, (year, steps) => {
        let state: PledgeState = 'draft';
        let assessed = false;
        let submittedOnce = false;
        for (const s of steps) {
          const problem = pledgeProblem({ state, year, assessed }, s.action, s.day, s.reason);
          if (problem !== null) continue;
          if (s.action === 'approve') expect(state).toBe('submitted');
          if (s.action === 'return') {
            expect(state).toBe('submitted');
            expect(s.reason.trim().length).toBeGreaterThanOrEqual(2);
          }
          if (s.action === 'fulfil') expect([state, assessed]).toEqual(['approved', false]);
          if (s.action === 'assess') {
            expect(state).toBe('approved');
            expect(s.day >= `${year}-12-01`).toBe(true);
            assessed = true;
          }
          if (s.action === 'edit' || s.action === 'submit') expect(['draft', 'returned']).toContain(state);
          if (s.action === 'submit') submittedOnce = true;
          state = pledgeNext(state, s.action);
          if (state === 'approved') expect(submittedOnce).toBe(true);
        }
        // Once approved, a pledge stays approved: no permitted action takes it back.
        if (state === 'approved')
          for (const a of PLEDGE_ACTIONS)
            if (pledgeProblem({ state, year, assessed }, a, `${year}-12-31`, 'xx') === null) expect(pledgeNext('approved', a)).toBe('approved');
      }),
    );
  });

  it('offers exactly the actions that have no problem (the pages never re-implement the table)', () => {
    fc.assert(
      fc.property(fc.constantFrom<PledgeState>('draft', 'submitted', 'approved', 'returned'), fc.boolean(), day, (state, assessed, today) => {
        const year = Number(today.slice(0, 4));
        const allowed = allowedPledgeActions({ state, year, assessed }, today);
        for (const a of PLEDGE_ACTIONS) expect(allowed.includes(a)).toBe(pledgeProblem({ state, year, assessed }, a, today, 'xx') === null);
      }),
    );
  });

  it('works an example by hand', () => {
    const facts = { state: 'draft' as PledgeState, year: 2026, assessed: false };
    const steps: [PledgeAction, string][] = [
      ['submit', ''],
      ['return', '请写明频次'],
      ['submit', ''],
      ['approve', ''],
    ];
    for (const [a, r] of steps) {
      expect(pledgeProblem(facts, a, '2026-03-01', r)).toBeNull();
      facts.state = pledgeNext(facts.state, a);
    }
    expect(facts.state).toBe('approved');
    expect(pledgeProblem(facts, 'assess', '2026-11-30')).toBe('YEAR_NOT_ENDING');
    expect(pledgeProblem(facts, 'assess', '2026-12-01')).toBeNull();
    expect(pledgeProblem({ ...facts, assessed: true }, 'fulfil', '2026-12-02')).toBe('ASSESSED');
    expect(pledgeProblem({ ...facts, state: 'submitted' }, 'return', '2026-03-01', ' 好 ')).toBe('REASON_REQUIRED');
  });
});

describe('years, days, hours, links, posts', () => {
  it('a pledge is for this year, or next year from December (property)', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -3, max: 3 }), (today, delta) => {
        const thisYear = Number(today.slice(0, 4));
        const p = pledgeYearProblem(thisYear + delta, today);
        if (delta === 0) expect(p).toBeNull();
        else if (delta < 0) expect(p).toBe('PAST_YEAR');
        else if (delta === 1 && today.slice(5, 7) === '12') expect(p).toBeNull();
        else expect(p).toBe('TOO_EARLY');
      }),
    );
  });

  it('a fulfilment lies in the pledge’s year and not after today (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2020, max: 2030 }), day, day, (year, d, today) => {
        const p = fulfilmentDayProblem(year, d, today);
        expect(p === null).toBe(d <= today && d.startsWith(`${year}-`));
      }),
    );
  });

  it('hours are half hours from 0.5 to 24 (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -5, max: 30, noNaN: true }), (h) => {
        const m = hoursToMinutes(h);
        if (m === undefined) expect(h < 0.5 || h > 24 || !Number.isInteger(h * 2)).toBe(true);
        else {
          expect(m).toBe(h * 60);
          expect(m % 30).toBe(0);
        }
      }),
    );
    expect(hoursToMinutes(1.5)).toBe(90);
    expect(hoursToMinutes(0.7)).toBeUndefined();
    expect(hoursToMinutes(Number.POSITIVE_INFINITY)).toBeUndefined();
  });

  it('links are http(s) addresses, at most five', () => {
    expect(linksProblem(['https://example.org/a.jpg', 'http://x.cn'])).toBeNull();
    expect(linksProblem(['javascript:alert(1)'])).toEqual({ index: 0 });
    expect(linksProblem(['https://a.cn', 'ftp://b.cn'])).toEqual({ index: 1 });
    expect(linksProblem(['https://a b.cn'])).toEqual({ index: 0 });
    expect(linksProblem(Array.from({ length: 6 }, () => 'https://a.cn'))).toEqual({ index: 5 });
    expect(linksProblem([`https://a.cn/${'x'.repeat(500)}`])).toEqual({ index: 0 });
  });

  it('a post is held within its period until ended (property)', () => {
    fc.assert(
      fc.property(day, fc.option(day, { nil: null }), fc.option(day, { nil: null }), day, (from, until, endedOn, d) => {
        const held = postHeldOn({ from, until, endedOn }, d);
        expect(held).toBe(d >= from && (until === null || d <= until) && (endedOn === null || d < endedOn));
      }),
    );
    expect(postPeriodProblem('2026-03-01', '2026-02-01', '2026-03-01')).toBe('UNTIL_BEFORE_FROM');
    expect(postPeriodProblem('2027-03-02', null, '2026-03-01')).toBe('TOO_FAR');
    expect(postPeriodProblem('2027-03-01', null, '2026-03-01')).toBeNull();
  });

  it('the board counts accepted entries and their minutes only; a review is once', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ state: fc.constantFrom(...FULFILMENT_STATES), minutes: fc.option(fc.integer({ min: 30, max: 1440 }), { nil: null }) })),
        (entries) => {
          const c = boardCounts(entries);
          const accepted = entries.filter((e) => e.state === 'accepted');
          expect(c.accepted).toBe(accepted.length);
          expect(c.minutes).toBe(accepted.reduce((s, e) => s + (e.minutes ?? 0), 0));
        },
      ),
    );
    expect(fulfilmentReviewProblem('pending')).toBeNull();
    expect(fulfilmentReviewProblem('accepted')).toBe('REVIEWED');
    expect(fulfilmentReviewProblem('returned')).toBe('REVIEWED');
  });
});
