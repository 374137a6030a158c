/**
 * 双报到 (report-in of unit organisations and in-service members to communities): pure rules. The monthly
 * report-in day, the life of a community need (需求) and of each claim on it, evaluation grades and month
 * bounds. No I/O, no clock: "today" is an argument (a local Asia/Shanghai date, YYYY-MM-DD).
 */

export const REPORT_IN_STATUSES = ['active', 'withdrawn'] as const;
export type ReportInStatus = (typeof REPORT_IN_STATUSES)[number];

export const NEED_STATES = ['open', 'claimed', 'done', 'confirmed', 'withdrawn'] as const;
export type NeedState = (typeof NEED_STATES)[number];

export const CLAIM_STATES = ['claimed', 'done', 'confirmed', 'cancelled'] as const;
export type ClaimState = (typeof CLAIM_STATES)[number];

export const NEED_CATEGORIES = ['elderly', 'children', 'environment', 'safety', 'culture', 'health', 'mediation', 'other'] as const;
export type NeedCategory = (typeof NEED_CATEGORIES)[number];
export const NEED_CATEGORY_LABELS: Record<NeedCategory, string> = {
  elderly: '为老服务',
  children: '关爱少儿',
  environment: '环境整治',
  safety: '平安建设',
  culture: '文化宣传',
  health: '医疗健康',
  mediation: '矛盾调解',
  other: '其他',
};

export const GRADES = ['excellent', 'qualified', 'basically_qualified', 'unqualified'] as const;
export type Grade = (typeof GRADES)[number];
export const GRADE_LABELS: Record<Grade, string> = { excellent: '优秀', qualified: '合格', basically_qualified: '基本合格', unqualified: '不合格' };

/** The most people one need may want (a community's task, not a mass event). */
export const MAX_PEOPLE_WANTED = 200;
/** The longest service one record may state: a day's work. */
export const MAX_SERVICE_MINUTES = 24 * 60;
/** Photos on one service record, in all (the engine's attachments, linked as `party_claim`). */
export const MAX_SERVICE_PHOTOS = 9;
/** The kind of record a service record's photos are linked to (attachments.subject). */
export const CLAIM_PHOTOS = 'party_claim';

// ---------------------------------------------------------------------------------------------
// Dates (local Asia/Shanghai dates as YYYY-MM-DD; month YYYY-MM)

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const dateOf = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
const utcDay = (date: string): Date => new Date(`${date}T00:00:00Z`);

/** Days in month `m` (1–12) of year `y` (Gregorian). */
export const daysInMonth = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

/**
 * 报到日: the last Saturday of month `m` (1–12) of year `y`, as YYYY-MM-DD. The district's practice:
 * in-service members report in to their communities on the last Saturday of each month.
 */
export function reportInDay(y: number, m: number): string {
  const last = daysInMonth(y, m);
  const weekday = new Date(Date.UTC(y, m - 1, last)).getUTCDay(); // 0 Sunday … 6 Saturday
  return dateOf(y, m, last - ((weekday + 1) % 7));
}

/** Whether the local date is its month's report-in day. */
export function isReportInDay(date: string): boolean {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return reportInDay(y, m) === date;
}

/** The report-in days of the 12 months up to and including `today`'s month that are not after `today`, newest first. */
export function pastReportInDays(today: string, months = 12): string[] {
  const [y0, m0] = today.split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let i = 0; i < months; i++) {
    const k = y0 * 12 + (m0 - 1) - i;
    const d = reportInDay(Math.floor(k / 12), (k % 12) + 1);
    if (d <= today) out.push(d);
  }
  return out;
}

/** `[first day, first day of the next month)` of a month YYYY-MM. */
export function monthBounds(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return { from: dateOf(y, m, 1), to: m === 12 ? dateOf(y + 1, 1, 1) : dateOf(y, m + 1, 1) };
}

export const monthOf = (date: string): string => date.slice(0, 7);
export const addDays = (date: string, n: number): string => new Date(utcDay(date).getTime() + n * 86_400_000).toISOString().slice(0, 10);

// ---------------------------------------------------------------------------------------------
// A need and its claims

/** What a need's state depends on: whether it was withdrawn, how many people it wants, and the states of its claims. */
export interface NeedFacts {
  withdrawn: boolean;
  peopleWanted: number;
  claims: readonly ClaimState[];
}

export const activeClaims = (claims: readonly ClaimState[]): ClaimState[] => claims.filter((c) => c !== 'cancelled');

/**
 * A need's state, derived from its claims (stored on the row as a projection, recomputed on every change):
 * withdrawn; open while fewer active claims than people wanted; claimed when full and some claimant has
 * not recorded the service; done when full and every service is recorded, some not yet confirmed;
 * confirmed when full and every service is confirmed by the community. A community that needs fewer
 * people lowers `peopleWanted` (never below the active claims) to close a need early.
 */
export function needState(n: NeedFacts): NeedState {
  if (n.withdrawn) return 'withdrawn';
  const active = activeClaims(n.claims);
  if (active.length < n.peopleWanted) return 'open';
  if (active.some((c) => c === 'claimed')) return 'claimed';
  if (active.some((c) => c === 'done')) return 'done';
  return 'confirmed';
}

export type NeedProblem = 'NEED_WITHDRAWN' | 'NEED_FULL' | 'ALREADY_CLAIMED' | 'CLAIM_NOT_OPEN' | 'NOT_DONE' | 'SERVED' | 'FEWER_THAN_CLAIMED' | 'NEED_CLOSED';

/** Whether one more claim may be taken: the need is not withdrawn, has room, and the claimant holds no active claim on it. */
export function claimProblem(n: NeedFacts, claimantHoldsActiveClaim: boolean): NeedProblem | null {
  if (n.withdrawn) return 'NEED_WITHDRAWN';
  if (claimantHoldsActiveClaim) return 'ALREADY_CLAIMED';
  if (activeClaims(n.claims).length >= n.peopleWanted) return 'NEED_FULL';
  return null;
}

export const CLAIM_ACTIONS = ['record', 'cancel', 'confirm', 'sendBack'] as const;
export type ClaimAction = (typeof CLAIM_ACTIONS)[number];

/**
 * One claim's transitions: the claimant records the service (claimed → done; again after a send-back,
 * which puts it back to claimed) or cancels before recording (claimed → cancelled); the community confirms
 * a recorded service (done → confirmed) or sends it back with a reason (done → claimed). Nothing is
 * confirmed before it is done; a confirmed or cancelled claim is final. A withdrawn need takes no action.
 */
export function claimTransition(state: ClaimState, action: ClaimAction, needWithdrawn: boolean): { state: ClaimState } | { problem: NeedProblem } {
  if (needWithdrawn) return { problem: 'NEED_WITHDRAWN' };
  switch (action) {
    case 'record':
      return state === 'claimed' ? { state: 'done' } : { problem: 'CLAIM_NOT_OPEN' };
    case 'cancel':
      return state === 'claimed' ? { state: 'cancelled' } : { problem: 'CLAIM_NOT_OPEN' };
    case 'confirm':
      return state === 'done' ? { state: 'confirmed' } : { problem: 'NOT_DONE' };
    case 'sendBack':
      return state === 'done' ? { state: 'claimed' } : { problem: 'NOT_DONE' };
  }
}

/** A community withdraws a need only while no service on it is recorded (its claims are then cancelled). */
export function withdrawProblem(n: NeedFacts): NeedProblem | null {
  if (n.withdrawn) return 'NEED_WITHDRAWN';
  return n.claims.some((c) => c === 'done' || c === 'confirmed') ? 'SERVED' : null;
}

/** A need's people wanted may change while it is not withdrawn or confirmed, never below its active claims. */
export function peopleWantedProblem(n: NeedFacts, wanted: number): NeedProblem | null {
  if (n.withdrawn) return 'NEED_WITHDRAWN';
  if (needState(n) === 'confirmed') return 'NEED_CLOSED';
  return wanted < activeClaims(n.claims).length ? 'FEWER_THAN_CLAIMED' : null;
}

export const NEED_PROBLEM_WORDS: Record<NeedProblem, string> = {
  NEED_WITHDRAWN: '该需求已撤回 / The need is withdrawn',
  NEED_FULL: '该需求认领人数已满 / The need has all the people it wants',
  ALREADY_CLAIMED: '已认领该需求 / You have claimed this need already',
  CLAIM_NOT_OPEN: '该认领已记录服务、已确认或已取消 / The claim is recorded, confirmed or cancelled',
  NOT_DONE: '尚未记录服务，不能确认或退回 / The service is not recorded yet',
  SERVED: '已有服务记录，不能撤回 / Service is recorded on it: it cannot be withdrawn',
  FEWER_THAN_CLAIMED: '需求人数不能少于已认领人数 / Fewer people than have claimed it',
  NEED_CLOSED: '该需求已全部确认 / The need is confirmed',
};

// ---------------------------------------------------------------------------------------------
// Evaluations

/**
 * Whether year `year` may be evaluated on `today`: the current year (from December, when communities
 * hold the review) or an earlier one; never a future year, nor one before report-in records began (2000).
 */
export function evaluationYearProblem(year: number, today: string): 'NOT_OPEN' | null {
  const y = Number(today.slice(0, 4));
  if (year > y || year < 2000) return 'NOT_OPEN';
  if (year === y && Number(today.slice(5, 7)) < 12) return 'NOT_OPEN';
  return null;
}
