/**
 * 承诺践诺 and 先锋岗: the pure rules. A pledge (承诺) of a member or a branch for one year moves
 * draft → submitted → approved, or submitted → returned (with a reason) → submitted again; the owner
 * records fulfilment (践诺) on an approved pledge, the branch accepts or returns each entry and, from the
 * year's December, assesses the pledge (fulfilled / partly / not). Pioneer posts (先锋岗) are granted
 * for a period. Time is an argument (local dates `YYYY-MM-DD`); nothing here reads a clock.
 */

/** 服务群众 · 岗位建功 · 志愿服务 · 垃圾分类 · 学习提升 · 其他. */
export const PLEDGE_CATEGORIES = ['serve_public', 'post_merit', 'volunteer', 'waste_sorting', 'study', 'other'] as const;
export type PledgeCategory = (typeof PLEDGE_CATEGORIES)[number];
export const PLEDGE_CATEGORY_LABELS: Record<PledgeCategory, string> = {
  serve_public: '服务群众',
  post_merit: '岗位建功',
  volunteer: '志愿服务',
  waste_sorting: '垃圾分类',
  study: '学习提升',
  other: '其他',
};

export const PLEDGE_STATES = ['draft', 'submitted', 'approved', 'returned'] as const;
export type PledgeState = (typeof PLEDGE_STATES)[number];

export const PLEDGE_ACTIONS = ['edit', 'submit', 'approve', 'return', 'fulfil', 'assess'] as const;
export type PledgeAction = (typeof PLEDGE_ACTIONS)[number];

export const FULFILMENT_STATES = ['pending', 'accepted', 'returned'] as const;
export type FulfilmentState = (typeof FULFILMENT_STATES)[number];

export const ASSESSMENTS = ['fulfilled', 'partly', 'not'] as const;
export type Assessment = (typeof ASSESSMENTS)[number];
export const ASSESSMENT_LABELS: Record<Assessment, string> = { fulfilled: '已践诺', partly: '部分践诺', not: '未践诺' };

/** 党员先锋岗 · 党员示范岗 · 党员责任区. */
export const POST_KINDS = ['pioneer', 'model', 'responsibility'] as const;
export type PostKind = (typeof POST_KINDS)[number];
export const POST_KIND_LABELS: Record<PostKind, string> = { pioneer: '党员先锋岗', model: '党员示范岗', responsibility: '党员责任区' };

/** Pledges one owner may hold in one year (drafts included). */
export const MAX_PLEDGES_PER_YEAR = 5;
export const MAX_PLEDGE_TEXT = 500;
export const MAX_FULFILMENT_TEXT = 1000;
export const MAX_LINKS = 5;
/** Photos on one fulfilment entry (the engine's attachments, linked as `party_fulfilment`; not on the public board). */
export const MAX_FULFILMENT_PHOTOS = 9;
/** The kind of record a fulfilment entry's photos are linked to (attachments.subject). */
export const FULFILMENT_PHOTOS = 'party_fulfilment';
export const MAX_LINK_LENGTH = 500;
/** Hours on one fulfilment entry: 0.5 to 24, in half hours. */
export const MAX_FULFILMENT_HOURS = 24;

export type PledgeProblem = 'NOT_EDITABLE' | 'NOT_SUBMITTABLE' | 'NOT_SUBMITTED' | 'NOT_APPROVED' | 'ASSESSED' | 'YEAR_NOT_ENDING' | 'REASON_REQUIRED';

export interface PledgeFacts {
  state: PledgeState;
  year: number;
  assessed: boolean;
}

/**
 * Whether `action` may be taken on the pledge on local date `today` (the actor's right is the service's
 * concern). The owner edits and submits a draft or a returned pledge; the branch approves or returns a
 * submitted one (returning needs a reason); fulfilment is recorded on an approved pledge not yet
 * assessed; the year-end assessment comes from 1 December of the pledge's year on, and may be revised.
 */
export function pledgeProblem(p: PledgeFacts, action: PledgeAction, today: string, reason = ''): PledgeProblem | null {
  switch (action) {
    case 'edit':
      return p.state === 'draft' || p.state === 'returned' ? null : 'NOT_EDITABLE';
    case 'submit':
      return p.state === 'draft' || p.state === 'returned' ? null : 'NOT_SUBMITTABLE';
    case 'approve':
      return p.state === 'submitted' ? null : 'NOT_SUBMITTED';
    case 'return':
      if (p.state !== 'submitted') return 'NOT_SUBMITTED';
      return reason.trim().length >= 2 ? null : 'REASON_REQUIRED';
    case 'fulfil':
      if (p.state !== 'approved') return 'NOT_APPROVED';
      return p.assessed ? 'ASSESSED' : null;
    case 'assess':
      if (p.state !== 'approved') return 'NOT_APPROVED';
      return today >= `${p.year}-12-01` ? null : 'YEAR_NOT_ENDING';
  }
}

/** The state after a permitted action (edit, fulfil and assess leave it). */
export function pledgeNext(state: PledgeState, action: PledgeAction): PledgeState {
  switch (action) {
    case 'submit':
      return 'submitted';
    case 'approve':
      return 'approved';
    case 'return':
      return 'returned';
    default:
      return state;
  }
}

/** Which actions the pledge's state allows (for the pages, so they never re-implement the table). */
export function allowedPledgeActions(p: PledgeFacts, today: string): PledgeAction[] {
  return PLEDGE_ACTIONS.filter((a) => pledgeProblem(p, a, today, 'xx') === null);
}

/** A pledge is written for this year, or next year from 1 December on; never for a past year. */
export function pledgeYearProblem(year: number, today: string): 'PAST_YEAR' | 'TOO_EARLY' | null {
  const thisYear = Number(today.slice(0, 4));
  if (year < thisYear) return 'PAST_YEAR';
  if (year === thisYear) return null;
  return year === thisYear + 1 && today >= `${thisYear}-12-01` ? null : 'TOO_EARLY';
}

/** A fulfilment happened within the pledge's year, and not after today. */
export function fulfilmentDayProblem(year: number, day: string, today: string): 'OUTSIDE_YEAR' | 'FUTURE' | null {
  if (day > today) return 'FUTURE';
  return day.startsWith(`${year}-`) ? null : 'OUTSIDE_YEAR';
}

/** The review of a fulfilment entry: only a pending one. */
export function fulfilmentReviewProblem(state: FulfilmentState): 'REVIEWED' | null {
  return state === 'pending' ? null : 'REVIEWED';
}

/** Evidence links: at most five http(s) addresses of at most 500 characters, no spaces. */
export function linksProblem(links: readonly string[]): { index: number } | null {
  if (links.length > MAX_LINKS) return { index: MAX_LINKS };
  const i = links.findIndex((l) => l.length > MAX_LINK_LENGTH || !/^https?:\/\/[^\s/$.?#][^\s]*$/i.test(l));
  return i === -1 ? null : { index: i };
}

/** Hours in half-hour steps from 0.5 to 24 → minutes; undefined when not a valid amount. */
export function hoursToMinutes(hours: number): number | undefined {
  const half = hours * 2;
  if (!Number.isFinite(hours) || !Number.isInteger(half) || hours < 0.5 || hours > MAX_FULFILMENT_HOURS) return undefined;
  return half * 30;
}

/** A pioneer post's period: from on or before until (both local dates, until open-ended when null), and starting no later than a year ahead. */
export function postPeriodProblem(from: string, until: string | null, today: string): 'UNTIL_BEFORE_FROM' | 'TOO_FAR' | null {
  if (until !== null && until < from) return 'UNTIL_BEFORE_FROM';
  const limit = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
  return from > limit ? 'TOO_FAR' : null;
}

/** Whether a post is held on `day`: granted, not ended, and the day within its period. */
export function postHeldOn(p: { from: string; until: string | null; endedOn: string | null }, day: string): boolean {
  if (day < p.from) return false;
  if (p.until !== null && day > p.until) return false;
  return p.endedOn === null || day < p.endedOn;
}

/** What the public board shows of a pledge's fulfilment. */
export interface BoardCounts {
  accepted: number;
  minutes: number;
}

/** Fulfilment counts of a pledge for the board: accepted entries and their minutes (pending and returned ones do not count). */
export function boardCounts(entries: readonly { state: FulfilmentState; minutes: number | null }[]): BoardCounts {
  let accepted = 0;
  let minutes = 0;
  for (const e of entries)
    if (e.state === 'accepted') {
      accepted++;
      minutes += e.minutes ?? 0;
    }
  return { accepted, minutes };
}
