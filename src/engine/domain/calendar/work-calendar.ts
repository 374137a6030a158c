/**
 * The working-time calendar and deadline arithmetic (DOMAIN-RULES §4.2).
 *
 * A limit is in natural hours or in working days. Working days follow the State Council's annual
 * holiday notice: days off (incl. weekdays) and make-up workdays (调休, usually weekends). All dates are
 * Asia/Shanghai local dates, computed by fixed-offset arithmetic (see `local-time.ts`), so nothing here
 * depends on the host's `TZ`.
 *
 * Working-day time is the time that falls on working days, counting whole local days 00:00–24:00. A
 * limit of n working days ends at the first instant at which n × 24 h of working-day time has elapsed
 * since the start. So a start on a non-working day counts from 00:00 of the next working day, and a
 * limit may end at 24:00 (= 00:00 of the following day) of its last working day.
 *
 * Years whose notice is not loaded (not in `coveredYears`) fall back to Monday–Friday, but every result
 * that looked at such a day lists the year in `missingYears`, so callers can raise a loud warning
 * instead of silently trusting a guessed calendar.
 */
import { err, ok, type Result } from '../shared/result.ts';
import {
  DAY_MS,
  HOUR_MS,
  dayNumberOfInstant,
  dayNumberOfLocalDate,
  dayStartMs,
  instantMs,
  parseLocalDate,
  weekdayOfDayNumber,
  yearOfDayNumber,
  type LocalDate,
} from './local-time.ts';

export const LIMIT_UNITS = ['natural_hours', 'working_days'] as const;
export type LimitUnit = (typeof LIMIT_UNITS)[number];

/**
 * A time limit. `amount` > 0; fractional amounts are allowed in both units (0.5 working days = 12 h of
 * working-day time). Results are rounded to whole milliseconds.
 */
export interface TimeLimit {
  amount: number;
  unit: LimitUnit;
}

/**
 * Calendar data as loaded from the official notices.
 * - `holidays`: local date 'YYYY-MM-DD' → name, for every day off that is not an ordinary weekend
 *   (weekend days inside a holiday period may be listed too; it makes no difference).
 * - `workdays`: local date → name, for make-up workdays (调休上班), usually Saturdays or Sundays.
 * - `coveredYears`: the years whose notice is loaded. Entries are honoured in any year, but a day in a
 *   year not listed here is reported in `missingYears`.
 * A date present in both maps is a working day (the make-up workday wins).
 */
export interface CalendarData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
  coveredYears: number[];
}

/** Why a day is or is not a working day. */
export type DayKind = 'makeup_workday' | 'holiday' | 'weekday' | 'weekend';

export interface DayInfo {
  localDate: LocalDate;
  working: boolean;
  kind: DayKind;
  /** The holiday or make-up workday's name from the data, else null. */
  name: string | null;
  /** False when the day's year has no official notice loaded (the answer is a Mon–Fri guess). */
  covered: boolean;
}

/** Checks calendar data; `CALENDAR.INVALID_DATA` lists every malformed date and year. */
export function validateCalendarData(data: CalendarData): Result<CalendarData> {
  const problems: string[] = [];
  for (const [field, map] of [
    ['holidays', data.holidays],
    ['workdays', data.workdays],
  ] as const) {
    for (const [date, name] of Object.entries(map)) {
      if (parseLocalDate(date) === null) problems.push(`${field}: ${JSON.stringify(date)} is not a date 'YYYY-MM-DD'`);
      if (typeof name !== 'string') problems.push(`${field}: the name of ${date} is not a string`);
    }
  }
  for (const year of data.coveredYears) {
    if (!Number.isInteger(year) || year < 1 || year > 9999) problems.push(`coveredYears: ${String(year)} is not a year`);
  }
  if (problems.length > 0) {
    return err('CALENDAR.INVALID_DATA', `invalid calendar data: ${problems.join('; ')}`, { problems });
  }
  return ok(data);
}

/**
 * A working-day calendar: a day is a working day if it is a make-up workday; else not if it is a
 * holiday; else if it is Monday–Friday. Immutable; build one per loaded data set and share it.
 */
export class WorkCalendar {
  readonly #holidays = new Map<number, string>();
  readonly #workdays = new Map<number, string>();
  readonly #covered: ReadonlySet<number>;
  readonly #coveredYears: readonly number[];

  /** Throws RangeError on malformed data (validate untrusted data first with `validateCalendarData`). */
  constructor(data: CalendarData) {
    const checked = validateCalendarData(data);
    if (!checked.ok) throw new RangeError(checked.error.message);
    for (const [date, name] of Object.entries(data.holidays)) this.#holidays.set(dayNumberOfLocalDate(date), name);
    for (const [date, name] of Object.entries(data.workdays)) this.#workdays.set(dayNumberOfLocalDate(date), name);
    this.#coveredYears = Object.freeze([...new Set(data.coveredYears)].sort((a, b) => a - b));
    this.#covered = new Set(this.#coveredYears);
  }

  /** The years whose official notice is loaded, ascending. */
  get coveredYears(): readonly number[] {
    return this.#coveredYears;
  }

  /** Number of listed holiday dates (used to bound the deadline loop). */
  get holidayCount(): number {
    return this.#holidays.size;
  }

  isCoveredYear(year: number): boolean {
    return this.#covered.has(year);
  }

  /** Whether the local date 'YYYY-MM-DD' is a working day. Throws RangeError on a malformed date. */
  isWorkingDay(localDate: LocalDate): boolean {
    return this.isWorkingDayNumber(dayNumberOfLocalDate(localDate));
  }

  /** What the calendar knows about a local date. Throws RangeError on a malformed date. */
  dayInfo(localDate: LocalDate): DayInfo {
    const day = dayNumberOfLocalDate(localDate);
    const covered = this.#covered.has(yearOfDayNumber(day));
    const workday = this.#workdays.get(day);
    if (workday !== undefined) return { localDate, working: true, kind: 'makeup_workday', name: workday, covered };
    const holiday = this.#holidays.get(day);
    if (holiday !== undefined) return { localDate, working: false, kind: 'holiday', name: holiday, covered };
    const weekday = isMondayToFriday(day);
    return { localDate, working: weekday, kind: weekday ? 'weekday' : 'weekend', name: null, covered };
  }

  /** Same as `isWorkingDay` for a local day number (see `local-time.ts`); the hot path of deadline arithmetic. */
  isWorkingDayNumber(day: number): boolean {
    if (this.#workdays.has(day)) return true;
    if (this.#holidays.has(day)) return false;
    return isMondayToFriday(day);
  }
}

function isMondayToFriday(day: number): boolean {
  const wd = weekdayOfDayNumber(day);
  return wd >= 1 && wd <= 5;
}

/** Collects the uncovered years of the days a computation looked at. */
class MissingYears {
  readonly #years = new Set<number>();
  readonly #cal: WorkCalendar;
  #lastYear = Number.NaN;
  constructor(cal: WorkCalendar) {
    this.#cal = cal;
  }

  note(day: number): void {
    const year = yearOfDayNumber(day);
    if (year === this.#lastYear) return;
    this.#lastYear = year;
    if (!this.#cal.isCoveredYear(year)) this.#years.add(year);
  }

  list(): number[] {
    return [...this.#years].sort((a, b) => a - b);
  }
}

const mergeYears = (a: readonly number[], b: readonly number[]): number[] => [...new Set([...a, ...b])].sort((x, y) => x - y);

/**
 * A computed instant plus the years without an official notice that the computation relied on
 * (sorted, unique; empty when the calendar covered every day it looked at).
 */
export interface DeadlineResult {
  at: Date;
  missingYears: number[];
}

export interface WorkingTime {
  /** Working-day time in milliseconds. */
  ms: number;
  missingYears: number[];
}

function assertAmount(amount: number): void {
  if (!Number.isFinite(amount) || amount < 0) {
    throw new RangeError(`time limit amount must be a finite number >= 0, got ${String(amount)}`);
  }
}

/** Checks a configured limit; `CALENDAR.INVALID_LIMIT` unless the unit is known and 0 < amount < ∞. */
export function validateTimeLimit(limit: TimeLimit): Result<TimeLimit> {
  if (!(LIMIT_UNITS as readonly string[]).includes(limit.unit)) {
    return err('CALENDAR.INVALID_LIMIT', `unknown limit unit ${JSON.stringify(limit.unit)}`, { unit: limit.unit });
  }
  if (typeof limit.amount !== 'number' || !Number.isFinite(limit.amount) || limit.amount <= 0) {
    return err('CALENDAR.INVALID_LIMIT', `limit amount must be a number > 0, got ${String(limit.amount)}`, {
      amount: limit.amount,
    });
  }
  return ok(limit);
}

/**
 * The first instant at or after `startMs` by which `ms` of working-day time has elapsed. Iterates
 * local days (about 1.4 per working day of limit), never milliseconds. `ms` = 0 returns the start itself.
 */
function addWorkingMs(startMs: number, ms: number, cal: WorkCalendar): DeadlineResult {
  if (ms === 0) return { at: new Date(startMs), missingYears: [] };
  const years = new MissingYears(cal);
  // Every run of non-working days is bounded by the listed holidays plus weekends, so this bound is
  // only reached by a bug.
  const maxDays = 2 * cal.holidayCount + 3 * Math.ceil(ms / DAY_MS) + 14;
  let day = dayNumberOfInstant(startMs);
  let cursor = startMs;
  let remaining = ms;
  for (let i = 0; i <= maxDays; i++, day++) {
    years.note(day);
    const dayEnd = dayStartMs(day + 1);
    if (cal.isWorkingDayNumber(day)) {
      const available = dayEnd - cursor;
      if (remaining <= available) return { at: new Date(cursor + remaining), missingYears: years.list() };
      remaining -= available;
    }
    cursor = dayEnd;
  }
  throw new Error(`no working day found within ${maxDays} days of ${new Date(startMs).toISOString()}`);
}

/**
 * The deadline for a limit running from `start`.
 * - natural_hours: exactly `start + amount` hours; the calendar is not consulted (missingYears = []).
 * - working_days: the first instant at which `amount × 24 h` of working-day time has elapsed since
 *   `start`. E.g. Mon 10:00 + 1 = Tue 10:00 (Wed 10:00 if Tue is a holiday); Sat 10:00 + 1 = Tue 00:00.
 * Amounts must be finite and ≥ 0 (0 returns `start`); invalid ones throw (validate config with
 * `validateTimeLimit`).
 */
export function addTimeLimit(start: Date, limit: TimeLimit, cal: WorkCalendar): DeadlineResult {
  const startMs = instantMs(start, 'start');
  assertAmount(limit.amount);
  switch (limit.unit) {
    case 'natural_hours':
      return { at: new Date(startMs + Math.round(limit.amount * HOUR_MS)), missingYears: [] };
    case 'working_days':
      return addWorkingMs(startMs, Math.round(limit.amount * DAY_MS), cal);
    default: {
      const unknown: never = limit.unit;
      throw new RangeError(`unknown limit unit ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * Working-day time in [a, b), in milliseconds (0 when b ≤ a). `missingYears` lists the uncovered years
 * of the days inside the interval.
 */
export function workingTimeBetween(a: Date, b: Date, cal: WorkCalendar): WorkingTime {
  const from = instantMs(a, 'a');
  const to = instantMs(b, 'b');
  if (to <= from) return { ms: 0, missingYears: [] };
  const years = new MissingYears(cal);
  const lastDay = dayNumberOfInstant(to - 1);
  let total = 0;
  for (let day = dayNumberOfInstant(from); day <= lastDay; day++) {
    years.note(day);
    if (cal.isWorkingDayNumber(day)) {
      total += Math.min(dayStartMs(day + 1), to) - Math.max(dayStartMs(day), from);
    }
  }
  return { ms: total, missingYears: years.list() };
}

/**
 * The deadline moved later by a pause, measured in the limit's own unit: natural time for
 * natural_hours, working-day time for working_days. Used so that time spent waiting on the command
 * centre's review of an objection does not count against the unit (DOMAIN-RULES §4.2). An empty or reversed
 * pause (pauseEnd ≤ pauseStart) leaves the deadline unchanged; the result is never earlier than
 * `deadline`. The caller passes the pause as it actually ran (it is not clipped to the deadline).
 */
export function extendByPause(deadline: Date, pauseStart: Date, pauseEnd: Date, unit: LimitUnit, cal: WorkCalendar): DeadlineResult {
  const deadlineMs = instantMs(deadline, 'deadline');
  switch (unit) {
    case 'natural_hours': {
      const paused = Math.max(0, instantMs(pauseEnd, 'pauseEnd') - instantMs(pauseStart, 'pauseStart'));
      return { at: new Date(deadlineMs + paused), missingYears: [] };
    }
    case 'working_days': {
      const paused = workingTimeBetween(pauseStart, pauseEnd, cal);
      const moved = addWorkingMs(deadlineMs, paused.ms, cal);
      return { at: moved.at, missingYears: mergeYears(paused.missingYears, moved.missingYears) };
    }
    default: {
      const unknown: never = unit;
      throw new RangeError(`unknown limit unit ${JSON.stringify(unknown)}`);
    }
  }
}

/** Overdue strictly after the deadline: a reply at the deadline instant itself is on time. */
export function isOverdue(now: Date, deadline: Date): boolean {
  return instantMs(now, 'now') > instantMs(deadline, 'deadline');
}

export type DueStatus = 'none' | 'ok' | 'due_soon' | 'overdue';

/**
 * Traffic-light status of a deadline:
 * - 'none' when there is no deadline;
 * - 'overdue' when `now` is after it (see `isOverdue`);
 * - 'due_soon' when less than `dueSoonFraction` (0–1, e.g. 0.2) of the span [start, deadline] remains,
 *   measured in natural time;
 * - 'ok' otherwise.
 * Throws RangeError when dueSoonFraction is outside [0, 1].
 */
export function dueStatus(now: Date, deadline: Date | null, dueSoonFraction: number, start: Date): DueStatus {
  if (!(dueSoonFraction >= 0 && dueSoonFraction <= 1)) {
    throw new RangeError(`dueSoonFraction must be within [0, 1], got ${String(dueSoonFraction)}`);
  }
  if (deadline === null) return 'none';
  if (isOverdue(now, deadline)) return 'overdue';
  const deadlineMs = instantMs(deadline, 'deadline');
  const span = deadlineMs - instantMs(start, 'start');
  const remaining = deadlineMs - instantMs(now, 'now');
  return remaining < dueSoonFraction * span ? 'due_soon' : 'ok';
}
