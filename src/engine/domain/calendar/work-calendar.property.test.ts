import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, dayNumberOfLocalDate, localDateOfDayNumber } from './local-time.ts';
import { WorkCalendar, addTimeLimit, extendByPause, workingTimeBetween, type CalendarData, type LimitUnit } from './work-calendar.ts';

/**
 * Random calendars (random holidays, make-up workdays — often on the same dates — and covered years)
 * dense around the 2025/2026 year end, and random starts, biased towards local midnight and whole-day
 * amounts where the boundary cases live. Where an independent answer is needed, a slow oracle walks
 * 15-minute slots and decides each slot from the raw CalendarData with its own date formatting
 * (UTC + 8 h via toISOString).
 */
const FIRST_DAY = dayNumberOfLocalDate('2025-11-01');
const LAST_DAY = dayNumberOfLocalDate('2026-03-31');
const SLOT = 15 * 60_000;
const SLOTS_PER_DAY = DAY_MS / SLOT;

const dateArb = fc.integer({ min: FIRST_DAY, max: LAST_DAY }).map(localDateOfDayNumber);
const calendarDataArb: fc.Arbitrary<CalendarData> = fc.record({
  holidays: fc.dictionary(dateArb, fc.constant('假'), { maxKeys: 60 }),
  workdays: fc.dictionary(dateArb, fc.constant('班'), { maxKeys: 20 }),
  coveredYears: fc.subarray([2025, 2026]),
});
const calendarArb = calendarDataArb.map((data) => ({ data, cal: new WorkCalendar(data) }));

const START_MIN = Date.UTC(2025, 9, 14, 16); // 2025-10-15 00:00 local
const START_MAX = Date.UTC(2026, 2, 30, 16); // 2026-03-31 00:00 local
const midnightArb = fc.integer({ min: dayNumberOfLocalDate('2025-10-15'), max: dayNumberOfLocalDate('2026-03-31') }).map((day) => day * DAY_MS - 8 * HOUR_MS);
const instantArb = fc.oneof(fc.integer({ min: START_MIN, max: START_MAX }), midnightArb).map((ms) => new Date(ms));
const slotInstantArb = fc
  .oneof(
    fc.integer({ min: START_MIN / SLOT, max: START_MAX / SLOT }).map((k) => k * SLOT),
    midnightArb,
  )
  .map((ms) => new Date(ms));
/** Working-day amounts in whole hours (k/24 days), up to 20 days, so sums are exact after rounding. */
const hoursAsDaysArb = fc.oneof(
  fc.integer({ min: 0, max: 20 * 24 }).map((h) => h / 24),
  fc.integer({ min: 0, max: 20 }),
);
const slotCountArb = fc.oneof(
  fc.integer({ min: 0, max: 10 * SLOTS_PER_DAY }),
  fc.integer({ min: 0, max: 10 }).map((d) => d * SLOTS_PER_DAY),
);
const unitArb = fc.constantFrom<LimitUnit>('natural_hours', 'working_days');

// ---- oracle ------------------------------------------------------------------------------------
const oracleLocalDate = (ms: number): string => new Date(ms + 8 * HOUR_MS).toISOString().slice(0, 10);
function oracleWorking(data: CalendarData, date: string): boolean {
  if (Object.hasOwn(data.workdays, date)) return true;
  if (Object.hasOwn(data.holidays, date)) return false;
  const wd = new Date(`${date}T00:00:00Z`).getUTCDay();
  return wd >= 1 && wd <= 5;
}
/** Deadline by walking 15-minute slots; start and amount must be slot-aligned. */
function oracleDeadline(data: CalendarData, startMs: number, slots: number): number {
  let t = startMs;
  let left = slots;
  while (left > 0) {
    if (oracleWorking(data, oracleLocalDate(t))) left--;
    t += SLOT;
  }
  return t;
}
function oracleMissingYears(data: CalendarData, fromMs: number, toMs: number): number[] {
  const years = new Set<number>();
  for (let t = fromMs; t < toMs; t += SLOT) years.add(Number(oracleLocalDate(t).slice(0, 4)));
  return [...years].filter((y) => !data.coveredYears.includes(y)).sort((a, b) => a - b);
}

describe('addTimeLimit properties', () => {
  it('matches the slot-walking oracle (deadline and missing years)', () => {
    fc.assert(
      fc.property(calendarArb, slotInstantArb, slotCountArb, ({ data, cal }, start, slots) => {
        const r = addTimeLimit(start, { amount: slots / SLOTS_PER_DAY, unit: 'working_days' }, cal);
        const expected = oracleDeadline(data, start.getTime(), slots);
        expect(r.at.getTime()).toBe(expected);
        expect(r.missingYears).toEqual(oracleMissingYears(data, start.getTime(), expected));
      }),
      { numRuns: 300 },
    );
  });

  it('never ends before the start', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, unitArb, fc.double({ min: 0, max: 30, noNaN: true }), ({ cal }, start, unit, amount) => {
        expect(addTimeLimit(start, { amount, unit }, cal).at.getTime()).toBeGreaterThanOrEqual(start.getTime());
      }),
    );
  });

  it('is monotone in the start', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, instantArb, unitArb, hoursAsDaysArb, ({ cal }, s1, s2, unit, amount) => {
        const [early, late] = s1 <= s2 ? [s1, s2] : [s2, s1];
        const a = addTimeLimit(early, { amount, unit }, cal).at.getTime();
        const b = addTimeLimit(late, { amount, unit }, cal).at.getTime();
        expect(a).toBeLessThanOrEqual(b);
      }),
    );
  });

  it('is monotone in the amount', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, unitArb, hoursAsDaysArb, hoursAsDaysArb, ({ cal }, start, unit, x, y) => {
        const [small, big] = x <= y ? [x, y] : [y, x];
        const a = addTimeLimit(start, { amount: small, unit }, cal).at.getTime();
        const b = addTimeLimit(start, { amount: big, unit }, cal).at.getTime();
        expect(a).toBeLessThanOrEqual(b);
      }),
    );
  });

  it('is additive: adding a then b equals adding a + b', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, unitArb, hoursAsDaysArb, hoursAsDaysArb, ({ cal }, start, unit, a, b) => {
        const stepwise = addTimeLimit(addTimeLimit(start, { amount: a, unit }, cal).at, { amount: b, unit }, cal);
        const atOnce = addTimeLimit(start, { amount: a + b, unit }, cal);
        expect(stepwise.at.getTime()).toBe(atOnce.at.getTime());
      }),
    );
  });

  it('puts exactly n × 24 h of working-day time between the start and the deadline', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, hoursAsDaysArb, ({ cal }, start, amount) => {
        const r = addTimeLimit(start, { amount, unit: 'working_days' }, cal);
        const between = workingTimeBetween(start, r.at, cal);
        expect(between.ms).toBe(Math.round(amount * DAY_MS));
        expect(between.missingYears).toEqual(r.missingYears);
      }),
    );
  });

  it('ends working-day limits on a working day (or at the end of one)', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, fc.integer({ min: 1, max: 20 * 24 }), ({ data, cal }, start, h) => {
        const end = addTimeLimit(start, { amount: h / 24, unit: 'working_days' }, cal).at.getTime();
        expect(oracleWorking(data, oracleLocalDate(end - 1))).toBe(true);
      }),
    );
  });

  it('adds natural hours exactly', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, fc.integer({ min: 0, max: 24 * 60 }), ({ cal }, start, minutes) => {
        const r = addTimeLimit(start, { amount: minutes / 60, unit: 'natural_hours' }, cal);
        expect(r.at.getTime() - start.getTime()).toBe(minutes * 60_000);
        expect(r.missingYears).toEqual([]);
      }),
    );
  });

  it('reports missing years sorted, unique and outside the covered years', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, fc.double({ min: 0, max: 400, noNaN: true }), ({ cal }, start, amount) => {
        const { missingYears } = addTimeLimit(start, { amount, unit: 'working_days' }, cal);
        expect(missingYears).toEqual([...new Set(missingYears)].sort((a, b) => a - b));
        for (const y of missingYears) expect(cal.isCoveredYear(y)).toBe(false);
      }),
      { numRuns: 50 },
    );
  });
});

describe('workingTimeBetween properties', () => {
  it('matches the slot-walking oracle', () => {
    fc.assert(
      fc.property(calendarArb, slotInstantArb, fc.oneof(slotCountArb, fc.integer({ min: -SLOTS_PER_DAY, max: 0 })), ({ data, cal }, a, slots) => {
        const b = new Date(a.getTime() + slots * SLOT);
        let expected = 0;
        for (let t = a.getTime(); t < b.getTime(); t += SLOT) if (oracleWorking(data, oracleLocalDate(t))) expected += SLOT;
        const r = workingTimeBetween(a, b, cal);
        expect(r.ms).toBe(expected);
        expect(r.missingYears).toEqual(oracleMissingYears(data, a.getTime(), b.getTime()));
      }),
      { numRuns: 300 },
    );
  });

  it('is additive over adjacent intervals', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, instantArb, instantArb, ({ cal }, x, y, z) => {
        const [a, b, c] = [x, y, z].sort((p, q) => p.getTime() - q.getTime()) as [Date, Date, Date];
        expect(workingTimeBetween(a, b, cal).ms + workingTimeBetween(b, c, cal).ms).toBe(workingTimeBetween(a, c, cal).ms);
      }),
    );
  });
});

describe('extendByPause properties', () => {
  const pauseArb = fc.tuple(instantArb, fc.integer({ min: -2 * DAY_MS, max: 20 * DAY_MS }));

  it('never moves a deadline earlier', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, pauseArb, unitArb, ({ cal }, deadline, [ps, len], unit) => {
        const r = extendByPause(deadline, ps, new Date(ps.getTime() + len), unit, cal);
        expect(r.at.getTime()).toBeGreaterThanOrEqual(deadline.getTime());
      }),
    );
  });

  it('is the identity for an empty pause', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, instantArb, unitArb, ({ cal }, deadline, ps, unit) => {
        expect(extendByPause(deadline, ps, ps, unit, cal).at.getTime()).toBe(deadline.getTime());
      }),
    );
  });

  it('adds the paused time in the limit unit', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, pauseArb, ({ cal }, deadline, [ps, len]) => {
        const pe = new Date(ps.getTime() + len);
        const natural = extendByPause(deadline, ps, pe, 'natural_hours', cal);
        expect(natural.at.getTime() - deadline.getTime()).toBe(Math.max(0, len));
        const working = extendByPause(deadline, ps, pe, 'working_days', cal);
        expect(workingTimeBetween(deadline, working.at, cal).ms).toBe(workingTimeBetween(ps, pe, cal).ms);
      }),
    );
  });

  it('for working days, equals computing the deadline with the limit plus the paused time', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, hoursAsDaysArb, pauseArb, ({ cal }, start, amount, [ps, len]) => {
        const pe = new Date(ps.getTime() + len);
        const deadline = addTimeLimit(start, { amount, unit: 'working_days' }, cal).at;
        const paused = workingTimeBetween(ps, pe, cal).ms;
        const direct = addTimeLimit(start, { amount: amount + paused / DAY_MS, unit: 'working_days' }, cal).at;
        expect(extendByPause(deadline, ps, pe, 'working_days', cal).at.getTime()).toBe(direct.getTime());
      }),
    );
  });
});

describe('performance', () => {
  it('iterates days, not milliseconds: 10,000 deadlines of 15 working days are quick', () => {
    const cal = new WorkCalendar({ holidays: {}, workdays: {}, coveredYears: [2025, 2026] });
    const t0 = performance.now();
    for (let i = 0; i < 10_000; i++) addTimeLimit(new Date(START_MIN + i * 3_600_123), { amount: 15, unit: 'working_days' }, cal);
    expect(performance.now() - t0).toBeLessThan(2_000);
  });
});
