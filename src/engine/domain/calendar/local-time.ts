/**
 * Local dates and months in Asia/Shanghai (DOMAIN-RULES §4.2: all times are Asia/Shanghai).
 *
 * China has used one fixed offset, UTC+08:00, with no daylight saving time since 1991. An instant's
 * local wall-clock time is therefore its UTC time plus 8 hours, and that is how every function here
 * computes it: by arithmetic on epoch milliseconds, never through the host's time zone, so no result
 * depends on `TZ` or on the machine the code runs on. (Instants before 1992 are not meaningful here.)
 *
 * Internally a local day is a *day number*: whole local days since 1970-01-01 (local), so that
 * calendar arithmetic is integer arithmetic.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** Asia/Shanghai is UTC+08:00 all year (no DST since 1991). */
export const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

/** A local date, 'YYYY-MM-DD'. */
export type LocalDate = string;
/** A local calendar month, 'YYYY-MM'. */
export type LocalMonth = string;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_RE = /^(\d{4})-(\d{2})$/;

/** Epoch milliseconds of a valid Date; throws RangeError for an Invalid Date (a bug in the caller). */
export function instantMs(d: Date, what = 'date'): number {
  const ms = d.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`${what} is an Invalid Date`);
  return ms;
}

/** The local day number (days since local 1970-01-01) that contains the instant `ms`. */
export function dayNumberOfInstant(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** The instant (epoch ms) at which local day `day` begins, i.e. its local 00:00. */
export function dayStartMs(day: number): number {
  return day * DAY_MS - SHANGHAI_OFFSET_MS;
}

/**
 * Days since 1970-01-01 of the proleptic Gregorian date y-m-d (m 1–12). Integer arithmetic after
 * H. Hinnant's `days_from_civil`, so no Date object or time zone is involved.
 */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Inverse of `daysFromCivil`. */
function civilFromDays(day: number): { y: number; m: number; d: number } {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

const pad2 = (n: number): string => String(n).padStart(2, '0');
const pad4 = (n: number): string => String(n).padStart(4, '0');

/** The calendar year of local day `day`. */
export function yearOfDayNumber(day: number): number {
  return civilFromDays(day).y;
}

/** Day of the week of local day `day`: 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOfDayNumber(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** 'YYYY-MM-DD' of local day `day`; throws RangeError outside the years 0000–9999. */
export function localDateOfDayNumber(day: number): LocalDate {
  const { y, m, d } = civilFromDays(day);
  if (y < 0 || y > 9999) throw new RangeError(`day ${day} lies outside the years 0000–9999`);
  return `${pad4(y)}-${pad2(m)}-${pad2(d)}`;
}

/** The day number of a 'YYYY-MM-DD' string, or null when it is not a real calendar date. */
export function parseLocalDate(localDate: string): number | null {
  const match = DATE_RE.exec(localDate);
  if (match === null) return null;
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  const day = daysFromCivil(y, m, d);
  const back = civilFromDays(day);
  return back.m === m && back.d === d ? day : null;
}

/** The day number of a 'YYYY-MM-DD' string; throws RangeError when it is not a real date (a caller bug). */
export function dayNumberOfLocalDate(localDate: string): number {
  const day = parseLocalDate(localDate);
  if (day === null) throw new RangeError(`not a local date 'YYYY-MM-DD': ${JSON.stringify(localDate)}`);
  return day;
}

/** True when `s` is a real calendar date written 'YYYY-MM-DD'. */
export function isLocalDate(s: string): boolean {
  return parseLocalDate(s) !== null;
}

/** True when `s` is a month written 'YYYY-MM' (month 01–12). */
export function isLocalMonth(s: string): boolean {
  return parseMonth(s) !== null;
}

function parseMonth(month: string): { y: number; m: number } | null {
  const match = MONTH_RE.exec(month);
  if (match === null) return null;
  const y = Number(match[1]);
  const m = Number(match[2]);
  return m >= 1 && m <= 12 ? { y, m } : null;
}

function requireMonth(month: string): { y: number; m: number } {
  const parsed = parseMonth(month);
  if (parsed === null) throw new RangeError(`not a local month 'YYYY-MM': ${JSON.stringify(month)}`);
  return parsed;
}

/** The Asia/Shanghai calendar date of an instant, 'YYYY-MM-DD'. */
export function localDate(d: Date): LocalDate {
  return localDateOfDayNumber(dayNumberOfInstant(instantMs(d)));
}

/** The Asia/Shanghai calendar month of an instant, 'YYYY-MM'. */
export function localMonth(d: Date): LocalMonth {
  return localDate(d).slice(0, 7);
}

/** The instant at which a local date begins (its 00:00 in Asia/Shanghai). Throws RangeError on a bad date. */
export function localDayStart(date: LocalDate): Date {
  return new Date(dayStartMs(dayNumberOfLocalDate(date)));
}

/**
 * The instants bounding a local month, half-open: `from` is local 00:00 on the 1st, `to` is local 00:00
 * on the 1st of the next month (exclusive). Use `from <= t < to`. Throws RangeError on a bad month.
 */
export function monthRange(month: LocalMonth): { from: Date; to: Date } {
  const { y, m } = requireMonth(month);
  const first = daysFromCivil(y, m, 1);
  const next = m === 12 ? daysFromCivil(y + 1, 1, 1) : daysFromCivil(y, m + 1, 1);
  return { from: new Date(dayStartMs(first)), to: new Date(dayStartMs(next)) };
}

/**
 * The local dates bounding a month 'YYYY-MM' or a year 'YYYY', half-open ('2026-12' → 2026-12-01 to
 * 2027-01-01): the periods of the leaderboards and records. Undefined for anything else.
 */
export function periodDates(period: string): { from: LocalDate; to: LocalDate } | undefined {
  if (/^\d{4}$/.test(period)) return { from: `${period}-01-01`, to: `${pad4(Number(period) + 1)}-01-01` };
  if (parseMonth(period) === null) return undefined;
  return { from: `${period}-01`, to: `${nextMonth(period)}-01` };
}

/** The month before: '2026-01' → '2025-12'. Throws RangeError on a bad month. */
export function previousMonth(month: LocalMonth): LocalMonth {
  const { y, m } = requireMonth(month);
  return m === 1 ? `${pad4(y - 1)}-12` : `${pad4(y)}-${pad2(m - 1)}`;
}

/** The month after: '2025-12' → '2026-01'. Throws RangeError on a bad month. */
export function nextMonth(month: LocalMonth): LocalMonth {
  const { y, m } = requireMonth(month);
  return m === 12 ? `${pad4(y + 1)}-01` : `${pad4(y)}-${pad2(m + 1)}`;
}
