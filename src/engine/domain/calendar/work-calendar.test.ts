import { describe, expect, it } from 'vitest';
import { OFFICIAL_2025_2026 } from '../../../../test/builders/official-calendar.ts';
import {
  WorkCalendar,
  addTimeLimit,
  dueStatus,
  extendByPause,
  isOverdue,
  validateCalendarData,
  validateTimeLimit,
  workingTimeBetween,
  type TimeLimit,
} from './work-calendar.ts';

const cal = new WorkCalendar(OFFICIAL_2025_2026);

/**
 * Expected instants are written in UTC ('…Z'), computed by hand as local time − 8 h, so the assertions
 * hold whatever the process TZ is. Inputs use an explicit +08:00 offset for the same reason.
 */
const at = (local: string): Date => new Date(`${local}:00+08:00`);
const days = (amount: number): TimeLimit => ({ amount, unit: 'working_days' });
const hours = (amount: number): TimeLimit => ({ amount, unit: 'natural_hours' });
const H = 3_600_000;

describe('WorkCalendar.isWorkingDay (official notices 2025, 2026)', () => {
  it.each([
    ['2025-09-26', true, 'Friday'],
    ['2025-09-27', false, 'ordinary Saturday'],
    ['2025-09-28', true, 'Sunday make-up workday before National Day'],
    ['2025-10-01', false, 'National Day'],
    ['2025-10-08', false, 'last day of the 8-day break (a Wednesday)'],
    ['2025-10-09', true, 'Thursday after the break'],
    ['2025-10-11', true, 'Saturday make-up workday'],
    ['2025-10-12', false, 'ordinary Sunday'],
    ['2026-02-13', true, 'Friday before Spring Festival'],
    ['2026-02-14', true, 'Saturday make-up workday'],
    ['2026-02-16', false, 'Spring Festival (Monday)'],
    ['2026-02-23', false, 'last day of Spring Festival (Monday)'],
    ['2026-02-24', true, 'Tuesday after Spring Festival'],
    ['2026-02-28', true, 'Saturday make-up workday'],
  ])('%s is working: %s (%s)', (date, working) => {
    expect(cal.isWorkingDay(date)).toBe(working);
  });

  it('describes a day: kind, name and whether its year is covered', () => {
    expect(cal.dayInfo('2025-09-28')).toEqual({
      localDate: '2025-09-28',
      working: true,
      kind: 'makeup_workday',
      name: '国庆节、中秋节调休',
      covered: true,
    });
    expect(cal.dayInfo('2026-02-17')).toMatchObject({ working: false, kind: 'holiday', name: '春节' });
    expect(cal.dayInfo('2026-03-02')).toMatchObject({ working: true, kind: 'weekday', name: null });
    expect(cal.dayInfo('2027-01-02')).toMatchObject({ working: false, kind: 'weekend', covered: false });
  });

  it('lets a make-up workday win over a holiday listed for the same date', () => {
    const c = new WorkCalendar({ holidays: { '2025-03-03': 'x' }, workdays: { '2025-03-03': 'y' }, coveredYears: [2025] });
    expect(c.isWorkingDay('2025-03-03')).toBe(true);
  });

  it('falls back to Monday–Friday for a year without a notice', () => {
    expect(cal.isCoveredYear(2027)).toBe(false);
    expect(cal.isWorkingDay('2027-01-01')).toBe(true); // a Friday; the real 2027 notice is not loaded
    expect(cal.isWorkingDay('2027-01-02')).toBe(false);
  });

  it('rejects malformed data', () => {
    const bad = { holidays: { '2025-02-29': 'x', '2025-1-1': 'y' }, workdays: {}, coveredYears: [2025.5] };
    const result = validateCalendarData(bad);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('CALENDAR.INVALID_DATA');
      expect(result.error.details?.['problems']).toHaveLength(3);
    }
    expect(() => new WorkCalendar(bad)).toThrow(RangeError);
    expect(() => cal.isWorkingDay('2025/10/01')).toThrow(RangeError);
    expect(validateCalendarData(OFFICIAL_2025_2026).ok).toBe(true);
  });
});

describe('addTimeLimit, working days', () => {
  it('Mon 10:00 + 1 working day = Tue 10:00', () => {
    const r = addTimeLimit(at('2025-09-22T10:00'), days(1), cal);
    expect(r.at.toISOString()).toBe('2025-09-23T02:00:00.000Z');
    expect(r.missingYears).toEqual([]);
  });

  it('Mon 10:00 + 1 working day = Wed 10:00 when Tuesday is a holiday', () => {
    const c = new WorkCalendar({ holidays: { '2025-03-04': 'a Tuesday off' }, workdays: {}, coveredYears: [2025] });
    expect(addTimeLimit(at('2025-03-03T10:00'), days(1), c).at.toISOString()).toBe('2025-03-05T02:00:00.000Z');
  });

  it('2025-09-30 (Tue) 10:00 + 1 working day = 2025-10-09 10:00, across the 8-day National Day break', () => {
    // Tue 30 Sep 10:00–24:00 gives 14 h; Oct 1–8 are off; Thu 9 Oct 00:00–10:00 gives the other 10 h.
    expect(addTimeLimit(at('2025-09-30T10:00'), days(1), cal).at.toISOString()).toBe('2025-10-09T02:00:00.000Z');
  });

  it('2025-09-27 (Sat) 15:00 + 1 working day = 2025-09-29 00:00', () => {
    // Sat 27 Sep is an ordinary weekend day, so counting starts at 00:00 of the next working day,
    // Sun 28 Sep (a make-up workday); its 24 h run out at 24:00, i.e. Mon 29 Sep 00:00 (= 28 Sep 16:00 UTC).
    expect(addTimeLimit(at('2025-09-27T15:00'), days(1), cal).at.toISOString()).toBe('2025-09-28T16:00:00.000Z');
  });

  it('2026-02-13 (Fri) 09:00 + 2 working days = 2026-02-24 09:00, across Spring Festival', () => {
    // 48 h of working-day time are needed.
    //   Fri 13 Feb 09:00–24:00          15 h  (total 15)
    //   Sat 14 Feb, make-up workday     24 h  (total 39)
    //   Sun 15 – Mon 23 Feb, holiday     0 h
    //   Tue 24 Feb 00:00–09:00           9 h  (total 48) → 2026-02-24 09:00 local = 01:00 UTC.
    expect(addTimeLimit(at('2026-02-13T09:00'), days(2), cal).at.toISOString()).toBe('2026-02-24T01:00:00.000Z');
  });

  it('Sat 10:00 + 1 working day = Tue 00:00 (the end of Monday)', () => {
    expect(addTimeLimit(at('2025-10-18T10:00'), days(1), cal).at.toISOString()).toBe('2025-10-20T16:00:00.000Z');
  });

  it('a start at 00:00 of a working day + 1 ends at 24:00 of that day', () => {
    expect(addTimeLimit(at('2025-09-26T00:00'), days(1), cal).at.toISOString()).toBe('2025-09-26T16:00:00.000Z');
  });

  it('allows fractional working days: Fri 18:00 + 0.5 = Sun (make-up) 06:00', () => {
    // 12 h needed: Fri 26 Sep 18:00–24:00 gives 6 h; Sat 27 is off; Sun 28 (make-up) 00:00–06:00 gives 6 h.
    expect(addTimeLimit(at('2025-09-26T18:00'), days(0.5), cal).at.toISOString()).toBe('2025-09-27T22:00:00.000Z');
  });

  it('adds 15 working days across a long holiday and two make-up workdays', () => {
    // From Mon 22 Sep 09:00 the 15th following working day is: 23, 24, 25, 26, 28 (Sun), 29, 30 Sep,
    // 9, 10, 11 (Sat), 13, 14, 15, 16, 17 Oct → Fri 17 Oct 09:00.
    expect(addTimeLimit(at('2025-09-22T09:00'), days(15), cal).at.toISOString()).toBe('2025-10-17T01:00:00.000Z');
  });

  it('returns the start for an amount of 0, even on a non-working day', () => {
    expect(addTimeLimit(at('2025-10-03T12:00'), days(0), cal).at.toISOString()).toBe('2025-10-03T04:00:00.000Z');
  });

  it('reports a year without an official notice and falls back to Monday–Friday there', () => {
    // From Wed 30 Dec 2026 10:00, 5 × 24 h = 120 h needed:
    //   Wed 30 Dec 14 h (14), Thu 31 Dec 24 h (38),
    //   Fri 1 Jan 2027 24 h (62) — a guess: the 2027 notice is not loaded, so New Year's Day counts —
    //   Sat 2, Sun 3 off, Mon 4 24 h (86), Tue 5 24 h (110), Wed 6 Jan 10 h (120) → 2027-01-06 10:00.
    const r = addTimeLimit(at('2026-12-30T10:00'), days(5), cal);
    expect(r.at.toISOString()).toBe('2027-01-06T02:00:00.000Z');
    expect(r.missingYears).toEqual([2027]);
  });

  it('reports an uncovered year that only the start touches', () => {
    // Tue 31 Dec 2024 is not covered; the limit ends in covered 2025 (1 Jan is a holiday → Thu 2 Jan).
    const r = addTimeLimit(at('2024-12-31T12:00'), days(1), cal);
    expect(r.at.toISOString()).toBe('2025-01-02T04:00:00.000Z');
    expect(r.missingYears).toEqual([2024]);
  });

  it('lists every uncovered year in order, once', () => {
    const none = new WorkCalendar({ holidays: {}, workdays: {}, coveredYears: [] });
    expect(addTimeLimit(at('2025-12-31T10:00'), days(300), none).missingYears).toEqual([2025, 2026, 2027]);
  });

  it('does not report a year when the deadline falls exactly at its first instant', () => {
    // Thu 31 Dec 2026 00:00 + 1 working day ends at 24:00 on 31 Dec = 2027-01-01 00:00; no 2027 day was used.
    const r = addTimeLimit(at('2026-12-31T00:00'), days(1), cal);
    expect(r.at.toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(r.missingYears).toEqual([]);
  });
});

describe('addTimeLimit, natural hours', () => {
  it('adds exactly the hours, holidays or not, and never consults the calendar', () => {
    expect(addTimeLimit(at('2025-09-30T22:00'), hours(24), cal).at.toISOString()).toBe('2025-10-01T14:00:00.000Z');
    expect(addTimeLimit(at('2025-10-01T10:00'), hours(2), cal).at.toISOString()).toBe('2025-10-01T04:00:00.000Z');
    expect(addTimeLimit(at('2025-10-01T10:00'), hours(1.5), cal).at.toISOString()).toBe('2025-10-01T03:30:00.000Z');
    expect(addTimeLimit(at('2027-06-01T10:00'), hours(24), cal).missingYears).toEqual([]);
  });

  it('throws on a negative, NaN or infinite amount and on an Invalid Date', () => {
    expect(() => addTimeLimit(at('2025-10-01T10:00'), hours(-1), cal)).toThrow(RangeError);
    expect(() => addTimeLimit(at('2025-10-01T10:00'), days(Number.NaN), cal)).toThrow(RangeError);
    expect(() => addTimeLimit(at('2025-10-01T10:00'), days(Number.POSITIVE_INFINITY), cal)).toThrow(RangeError);
    expect(() => addTimeLimit(new Date(Number.NaN), days(1), cal)).toThrow(RangeError);
  });
});

describe('validateTimeLimit', () => {
  it('accepts a positive amount in a known unit', () => {
    expect(validateTimeLimit(days(7))).toEqual({ ok: true, value: days(7) });
    expect(validateTimeLimit(hours(0.5)).ok).toBe(true);
  });

  it.each([hours(0), hours(-2), days(Number.NaN), { amount: 1, unit: 'minutes' } as unknown as TimeLimit])('rejects %o', (limit) => {
    const r = validateTimeLimit(limit);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('CALENDAR.INVALID_LIMIT');
  });
});

describe('workingTimeBetween', () => {
  it('counts only time on working days, in [a, b)', () => {
    // Fri 26 Sep 12:00–24:00 12 h + Sat 27 off + Sun 28 (make-up) 24 h + Mon 29 00:00–12:00 12 h = 48 h.
    expect(workingTimeBetween(at('2025-09-26T12:00'), at('2025-09-29T12:00'), cal)).toEqual({ ms: 48 * H, missingYears: [] });
    // Tue 30 Sep 24 h, then Oct 1–8 off.
    expect(workingTimeBetween(at('2025-09-30T00:00'), at('2025-10-09T00:00'), cal).ms).toBe(24 * H);
    expect(workingTimeBetween(at('2025-10-02T08:00'), at('2025-10-02T09:00'), cal).ms).toBe(0);
  });

  it('is 0 for an empty or reversed interval', () => {
    expect(workingTimeBetween(at('2025-09-26T12:00'), at('2025-09-26T12:00'), cal)).toEqual({ ms: 0, missingYears: [] });
    expect(workingTimeBetween(at('2025-09-29T12:00'), at('2025-09-26T12:00'), cal).ms).toBe(0);
  });

  it('reports uncovered years inside the interval only', () => {
    expect(workingTimeBetween(at('2026-12-31T00:00'), at('2027-01-01T00:00'), cal)).toEqual({ ms: 24 * H, missingYears: [] });
    expect(workingTimeBetween(at('2026-12-31T00:00'), at('2027-01-01T00:01'), cal).missingYears).toEqual([2027]);
  });
});

describe('extendByPause', () => {
  it('moves a natural-hours deadline by the natural length of the pause', () => {
    const r = extendByPause(at('2025-10-01T12:00'), at('2025-10-01T08:00'), at('2025-10-01T11:00'), 'natural_hours', cal);
    expect(r.at.toISOString()).toBe('2025-10-01T07:00:00.000Z');
  });

  it('moves a working-days deadline by the working-day time of the pause', () => {
    // Pause Sat 27 Sep 10:00 → Mon 29 Sep 10:00: Sat off, Sun 28 (make-up) 24 h, Mon 10 h = 34 h.
    // Deadline Tue 30 Sep 10:00 + 34 h of working time: Tue 14 h (20 left), Oct 1–8 off,
    // Thu 9 Oct 00:00–20:00 → 2025-10-09 20:00 local = 12:00 UTC.
    const r = extendByPause(at('2025-09-30T10:00'), at('2025-09-27T10:00'), at('2025-09-29T10:00'), 'working_days', cal);
    expect(r.at.toISOString()).toBe('2025-10-09T12:00:00.000Z');
    expect(r.missingYears).toEqual([]);
  });

  it('leaves the deadline alone for a pause that held no working time', () => {
    const deadline = at('2025-10-09T10:00');
    const inHoliday = extendByPause(deadline, at('2025-10-02T09:00'), at('2025-10-05T09:00'), 'working_days', cal);
    expect(inHoliday.at.getTime()).toBe(deadline.getTime());
  });

  it('is the identity for an empty or reversed pause', () => {
    const deadline = at('2025-10-04T10:00'); // even one on a holiday
    for (const unit of ['natural_hours', 'working_days'] as const) {
      expect(extendByPause(deadline, at('2025-09-29T10:00'), at('2025-09-29T10:00'), unit, cal).at).toEqual(deadline);
      expect(extendByPause(deadline, at('2025-09-29T10:00'), at('2025-09-28T10:00'), unit, cal).at).toEqual(deadline);
    }
  });

  it('reports uncovered years from both the pause and the move', () => {
    const r = extendByPause(at('2026-12-31T20:00'), at('2026-12-30T00:00'), at('2026-12-31T00:00'), 'working_days', cal);
    // 24 h paused; Thu 31 Dec 20:00 + 24 h: 4 h on 31 Dec, Fri 1 Jan 2027 (guessed working) 20 h.
    expect(r.at.toISOString()).toBe('2027-01-01T12:00:00.000Z');
    expect(r.missingYears).toEqual([2027]);
  });
});

describe('isOverdue and dueStatus', () => {
  const start = at('2025-09-22T00:00');
  const deadline = at('2025-09-22T10:00');

  it('is overdue only strictly after the deadline', () => {
    expect(isOverdue(deadline, deadline)).toBe(false);
    expect(isOverdue(new Date(deadline.getTime() + 1), deadline)).toBe(true);
  });

  it('classifies the remaining share of the span', () => {
    // Span 10 h; due soon when less than 20 % = 2 h remain.
    expect(dueStatus(at('2025-09-22T05:00'), null, 0.2, start)).toBe('none');
    expect(dueStatus(at('2025-09-22T05:00'), deadline, 0.2, start)).toBe('ok');
    expect(dueStatus(at('2025-09-22T08:00'), deadline, 0.2, start)).toBe('ok'); // exactly 2 h left
    expect(dueStatus(new Date(at('2025-09-22T08:00').getTime() + 1), deadline, 0.2, start)).toBe('due_soon');
    expect(dueStatus(deadline, deadline, 0.2, start)).toBe('due_soon');
    expect(dueStatus(at('2025-09-22T10:01'), deadline, 0.2, start)).toBe('overdue');
    expect(dueStatus(at('2025-09-22T09:59'), deadline, 0, start)).toBe('ok');
  });

  it('throws on a fraction outside [0, 1]', () => {
    expect(() => dueStatus(start, deadline, 1.5, start)).toThrow(RangeError);
    expect(() => dueStatus(start, deadline, Number.NaN, start)).toThrow(RangeError);
  });
});
