/**
 * 党员包户 (Party members looking after households): pure rules. A household is a door of a building unit
 * on the door boards (楼门); a member looks after a few households (一人带动一户), one household leads its
 * building (示范户: 一户带动一楼) and one building leads its area (示范楼: 一楼带动一片). Visits are logged,
 * problems found become tickets, and waste-sorting checks earn the household points. No I/O, no clock:
 * "today" is an argument (a local Asia/Shanghai date, YYYY-MM-DD).
 */
import { dayNumberOfLocalDate, isLocalDate } from '../../engine/domain/calendar/local-time.ts';

export const SORTING_RESULTS = ['good', 'poor'] as const;
export type SortingResult = (typeof SORTING_RESULTS)[number];
export const SORTING_RESULT_LABELS: Record<SortingResult, string> = { good: '分类合格', poor: '分类不合格' };

/** The points rule a good sorting check pays under (the points bank's conduct rule, versioned there). */
export const SORTING_RULE_CODE = 'conduct.waste_sorting';

export const HOUSEHOLD_LIMITS = {
  /** A door's label: 3单元502, 2-301 … */
  room: 20,
  /** Households added to one building in one call. */
  roomsPerCall: 200,
  note: 200,
  visitNotes: 1000,
  problem: 1000,
  area: 40,
  /** Households one member looks after (a chain of a few households, not a caseload). */
  perMember: 20,
} as const;

/** Photos on one visit (the engine's attachments, linked as `party_visit`; a problem's go on its ticket). */
export const MAX_VISIT_PHOTOS = 9;
/** The kind of record a visit's photos are linked to (attachments.subject). */
export const VISIT_PHOTOS = 'party_visit';

/** A visit may be logged up to a year back (a paper log), never ahead. */
export const VISIT_DAYS_BACK = 366;
/** A sorting check counts for points within the points bank's window for conduct (31 days), never ahead. */
export const CHECK_DAYS_BACK = 31;

/**
 * A door label as stored: trimmed, inner blanks removed, full-width digits, letters and hyphens made
 * half-width (３单元５０２ → 3单元502). Null when nothing is left or it is too long.
 */
export function normaliseRoom(raw: string): string | null {
  const half = raw.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[－—–]/g, '-');
  const room = half.replace(/\s+/g, '');
  if (room.length === 0 || room.length > HOUSEHOLD_LIMITS.room) return null;
  return room;
}

/**
 * The rooms of one request, normalised, in order: the bad ones (empty or too long) and the repeated
 * ones named, so the caller refuses the whole request.
 */
export function readRooms(raw: readonly string[]): { rooms: string[]; bad: string[]; repeated: string[] } {
  const rooms: string[] = [];
  const bad: string[] = [];
  const repeated: string[] = [];
  for (const r of raw) {
    const room = normaliseRoom(r);
    if (room === null) bad.push(r);
    else if (rooms.includes(room)) {
      if (!repeated.includes(room)) repeated.push(room);
    } else rooms.push(room);
  }
  return { rooms, bad, repeated };
}

export type DayProblem = 'NOT_A_DATE' | 'FUTURE' | 'TOO_OLD';

/** Whether `day` may be recorded today when at most `daysBack` days back are allowed. */
export function dayProblem(day: string, today: string, daysBack: number): DayProblem | null {
  if (!isLocalDate(day)) return 'NOT_A_DATE';
  const d = dayNumberOfLocalDate(day);
  const t = dayNumberOfLocalDate(today);
  if (d > t) return 'FUTURE';
  if (d < t - daysBack) return 'TOO_OLD';
  return null;
}

/** Who may record on a household: its current carer (the member linked to the account), a party worker in scope, or nobody. */
export type HouseholdAccess = 'carer' | 'worker' | null;

/** A community's counts (one grouped query), before the rates. */
export interface CareCounts {
  households: number;
  cared: number;
  modelHouseholds: number;
  modelBuildings: number;
  visitedThisMonth: number;
  visitsThisMonth: number;
  checksThisMonth: number;
  goodChecksThisMonth: number;
  problemsThisMonth: number;
}

export interface CareFigures extends CareCounts {
  /** Good checks over checks this month, in per cent with one decimal (null when none). */
  goodRate: number | null;
  /** Cared households over households, in per cent with one decimal (null when none). */
  coverage: number | null;
}

/** n over d in per cent, one decimal; null when d is 0. */
export const percent = (n: number, d: number): number | null => (d === 0 ? null : Math.round((n * 1000) / d) / 10);

export const careFigures = (c: CareCounts): CareFigures => ({
  ...c,
  goodRate: percent(c.goodChecksThisMonth, c.checksThisMonth),
  coverage: percent(c.cared, c.households),
});

/** A community with nothing yet. */
export const noCounts = (): CareCounts => ({
  households: 0,
  cared: 0,
  modelHouseholds: 0,
  modelBuildings: 0,
  visitedThisMonth: 0,
  visitsThisMonth: 0,
  checksThisMonth: 0,
  goodChecksThisMonth: 0,
  problemsThisMonth: 0,
});

/** The sum of several communities' counts (a street's). */
export function sumCounts(rows: readonly CareCounts[]): CareCounts {
  const total = noCounts();
  for (const r of rows) for (const k of Object.keys(total) as (keyof CareCounts)[]) total[k] += r[k];
  return total;
}
