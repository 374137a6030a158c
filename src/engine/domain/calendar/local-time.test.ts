import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dayNumberOfInstant,
  dayNumberOfLocalDate,
  isLocalDate,
  isLocalMonth,
  localDate,
  localDateOfDayNumber,
  localDayStart,
  localMonth,
  monthRange,
  nextMonth,
  parseLocalDate,
  previousMonth,
  weekdayOfDayNumber,
} from './local-time.ts';

// Expected values are hand-computed UTC instants (local − 8 h), so they hold under any process TZ.
describe('local dates in Asia/Shanghai (fixed UTC+08:00)', () => {
  it('changes date at 16:00 UTC', () => {
    expect(localDate(new Date('2025-09-30T15:59:59.999Z'))).toBe('2025-09-30');
    expect(localDate(new Date('2025-09-30T16:00:00.000Z'))).toBe('2025-10-01');
    expect(localMonth(new Date('2025-12-31T16:00:00.000Z'))).toBe('2026-01');
    expect(localMonth(new Date('2025-12-31T15:59:59.999Z'))).toBe('2025-12');
  });

  it('gives the start of a local day', () => {
    expect(localDayStart('2026-02-14').toISOString()).toBe('2026-02-13T16:00:00.000Z');
  });

  it('throws on an Invalid Date', () => {
    expect(() => localDate(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('parses only real dates', () => {
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(isLocalDate('2025-02-29')).toBe(false);
    expect(isLocalDate('2025-13-01')).toBe(false);
    expect(isLocalDate('2025-4-01')).toBe(false);
    expect(parseLocalDate('1970-01-01')).toBe(0);
    expect(() => dayNumberOfLocalDate('2025-04-31')).toThrow(RangeError);
    expect(() => localDateOfDayNumber(dayNumberOfLocalDate('9999-12-31') + 1)).toThrow(RangeError);
  });

  it('knows the weekday', () => {
    expect(weekdayOfDayNumber(dayNumberOfLocalDate('2025-09-28'))).toBe(0); // Sunday
    expect(weekdayOfDayNumber(dayNumberOfLocalDate('2026-02-14'))).toBe(6); // Saturday
    expect(weekdayOfDayNumber(dayNumberOfLocalDate('1969-12-31'))).toBe(3); // Wednesday, negative day number
  });
});

describe('months', () => {
  it('gives a half-open local month as instants', () => {
    expect(monthRange('2026-02')).toEqual({
      from: new Date('2026-01-31T16:00:00.000Z'),
      to: new Date('2026-02-28T16:00:00.000Z'),
    });
    expect(monthRange('2024-02').to.toISOString()).toBe('2024-02-29T16:00:00.000Z'); // leap year
    expect(monthRange('2025-12')).toEqual({
      from: new Date('2025-11-30T16:00:00.000Z'),
      to: new Date('2025-12-31T16:00:00.000Z'),
    });
  });

  it('steps across year ends', () => {
    expect(previousMonth('2026-01')).toBe('2025-12');
    expect(previousMonth('2026-05')).toBe('2026-04');
    expect(nextMonth('2025-12')).toBe('2026-01');
    expect(nextMonth('2025-09')).toBe('2025-10');
  });

  it('rejects malformed months', () => {
    expect(isLocalMonth('2025-00')).toBe(false);
    expect(isLocalMonth('2025-1')).toBe(false);
    expect(() => previousMonth('2025-13')).toThrow(RangeError);
    expect(() => monthRange('202501')).toThrow(RangeError);
  });
});

describe('local time properties', () => {
  // 1992-01-01 .. 2100-01-01: China has used UTC+08:00 without DST throughout.
  const instant = fc.integer({ min: 694_224_000_000, max: 4_102_444_800_000 }).map((ms) => new Date(ms));
  const shanghai = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });

  it('agrees with the IANA Asia/Shanghai zone (independently of the process TZ)', () => {
    fc.assert(
      fc.property(instant, (d) => {
        expect(localDate(d)).toBe(shanghai.format(d));
      }),
    );
  });

  it('round-trips day numbers and dates', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayNumberOfLocalDate('0000-01-01'), max: dayNumberOfLocalDate('9999-12-31') }), (day) => {
        expect(dayNumberOfLocalDate(localDateOfDayNumber(day))).toBe(day);
      }),
    );
  });

  it('places every instant inside its local month range', () => {
    fc.assert(
      fc.property(instant, (d) => {
        const month = localMonth(d);
        const { from, to } = monthRange(month);
        expect(from.getTime()).toBeLessThanOrEqual(d.getTime());
        expect(d.getTime()).toBeLessThan(to.getTime());
        expect(monthRange(nextMonth(month)).from).toEqual(to);
        expect(previousMonth(nextMonth(month))).toBe(month);
        expect(localDate(from)).toBe(`${month}-01`);
        expect(dayNumberOfInstant(to.getTime()) - dayNumberOfInstant(from.getTime())).toBeGreaterThanOrEqual(28);
      }),
    );
  });
});
