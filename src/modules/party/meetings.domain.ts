/**
 * 三会一课 and 主题党日 (issue 18): pure rules of a branch's organisational life — the kinds of meeting and
 * how often each is due, a meeting's states, who is expected to attend, the obligations a branch has not
 * met in a year so far, and attendance rates. No I/O, no clock: dates are local (Asia/Shanghai)
 * `YYYY-MM-DD` strings passed in.
 */

/**
 * 支部党员大会 (member_assembly), 支部委员会 (committee), 党小组会 (group), 党课 (lecture), 主题党日 (theme_day).
 */
export const MEETING_KINDS = ['member_assembly', 'committee', 'group', 'lecture', 'theme_day'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
export const MEETING_KIND_LABELS: Record<MeetingKind, string> = {
  member_assembly: '支部党员大会',
  committee: '支部委员会',
  group: '党小组会',
  lecture: '党课',
  theme_day: '主题党日',
};

export type Frequency = 'monthly' | 'quarterly';
/** How often each kind is due at least (三会一课: 党员大会 and 党课 each quarter, 支委会 and 党小组会 each month; 主题党日 each month). */
export const MEETING_FREQUENCY: Record<MeetingKind, Frequency> = {
  member_assembly: 'quarterly',
  committee: 'monthly',
  group: 'monthly',
  lecture: 'quarterly',
  theme_day: 'monthly',
};

/** planned → held (minutes and attendance recorded; may be recorded again) · planned → cancelled (with a reason). */
export const MEETING_STATES = ['planned', 'held', 'cancelled'] as const;
export type MeetingState = (typeof MEETING_STATES)[number];

export const ATTENDANCE_STATUSES = ['present', 'absent', 'excused'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

/** The posts of a branch committee (支部委员会): 书记, 副书记, 委员. */
export const COMMITTEE_POSTS = ['secretary', 'deputy_secretary', 'committee_member'] as const;

export const MAX_MINUTES_TEXT = 20_000;

// ---------------------------------------------------------------------------------------------
// Who attends

/**
 * The members expected at a meeting of `kind`: a 支部委员会 is the members holding a committee post;
 * every other kind is all of the branch's active members (party groups are not modelled: the branch is
 * its one group). Order kept.
 */
export function expectedAttendees<M extends { posts: readonly string[] }>(kind: MeetingKind, members: readonly M[]): M[] {
  if (kind !== 'committee') return [...members];
  return members.filter((m) => m.posts.some((p) => (COMMITTEE_POSTS as readonly string[]).includes(p)));
}

/** A branch has a committee (and owes monthly 支部委员会) when someone besides the secretary holds a committee post. */
export const hasCommittee = (postsOfMembers: readonly (readonly string[])[]): boolean =>
  postsOfMembers.some((posts) => posts.includes('deputy_secretary') || posts.includes('committee_member'));

export type AttendanceProblem = 'NOT_ATTENDEE' | 'PRESENT_AND_EXCUSED';

/**
 * Everyone expected gets a status: present when listed, excused (with a reason) when listed so, absent
 * otherwise. Listing someone not expected, or someone both present and excused, is a problem.
 */
export function rollCall(
  expected: readonly number[],
  present: readonly number[],
  excused: readonly { memberId: number; reason: string }[],
): { rows: { memberId: number; status: AttendanceStatus; reason: string | null }[] } | { problem: AttendanceProblem; memberId: number } {
  const exp = new Set(expected);
  const pres = new Set(present);
  for (const id of present) if (!exp.has(id)) return { problem: 'NOT_ATTENDEE', memberId: id };
  const exc = new Map<number, string>();
  for (const e of excused) {
    if (!exp.has(e.memberId)) return { problem: 'NOT_ATTENDEE', memberId: e.memberId };
    if (pres.has(e.memberId)) return { problem: 'PRESENT_AND_EXCUSED', memberId: e.memberId };
    exc.set(e.memberId, e.reason);
  }
  return {
    rows: expected.map((memberId) =>
      pres.has(memberId)
        ? { memberId, status: 'present' as const, reason: null }
        : exc.has(memberId)
          ? { memberId, status: 'excused' as const, reason: exc.get(memberId)! }
          : { memberId, status: 'absent' as const, reason: null },
    ),
  };
}

export interface AttendanceCounts {
  present: number;
  absent: number;
  excused: number;
}

/**
 * 参会率: present ÷ everyone expected, as a fraction 0..1 (excused members count as not present; they are
 * shown apart). Null when nobody was expected.
 */
export function attendanceRate(c: AttendanceCounts): number | null {
  const total = c.present + c.absent + c.excused;
  return total === 0 ? null : c.present / total;
}

export function countAttendance(statuses: readonly AttendanceStatus[]): AttendanceCounts {
  const c = { present: 0, absent: 0, excused: 0 };
  for (const s of statuses) c[s]++;
  return c;
}

// ---------------------------------------------------------------------------------------------
// Periods and obligations

/** A month `2026-11` or a quarter `2026-Q4`. */
export type Period = string;

/** The periods of a year for a frequency, in order: 12 months or 4 quarters. */
export function periodsOfYear(year: number, f: Frequency): Period[] {
  return f === 'monthly'
    ? Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`)
    : Array.from({ length: 4 }, (_, i) => `${year}-Q${i + 1}`);
}

/** The period a local date falls in. */
export function periodOf(date: string, f: Frequency): Period {
  const y = date.slice(0, 4);
  const m = Number(date.slice(5, 7));
  return f === 'monthly' ? date.slice(0, 7) : `${y}-Q${Math.ceil(m / 3)}`;
}

/** The last local date of a period. */
export function lastDayOf(p: Period): string {
  const y = Number(p.slice(0, 4));
  const lastMonth = p.includes('Q') ? Number(p.slice(6)) * 3 : Number(p.slice(5, 7));
  const d = new Date(Date.UTC(y, lastMonth, 0)).getUTCDate();
  return `${y}-${String(lastMonth).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A period is over when its last day is before today: only then can it be overdue. */
export const periodOver = (p: Period, today: string): boolean => lastDayOf(p) < today;

export interface KindObligation {
  kind: MeetingKind;
  frequency: Frequency;
  /** Meetings of the kind held in the year. */
  held: number;
  /** Periods of the year that are over by today (the meetings required so far: one per period). */
  requiredSoFar: number;
  /** Periods of the whole year (12 or 4). */
  requiredInYear: number;
  /** Periods over without a held meeting of the kind. */
  overdue: Period[];
  /** The current period has none held yet (due, not overdue). */
  dueNow: boolean;
  /** False for 支部委员会 in a branch without a committee: nothing owed. */
  applies: boolean;
}

/**
 * A branch's obligations for `year` seen on `today`: for each kind, the periods that are over and had
 * no held meeting of that kind (e.g. no 支部委员会 in 2026-11 → `2026-11` overdue). `heldOn` are the local
 * dates of the branch's held meetings (other years are ignored). A branch without a committee owes no
 * 支部委员会. A year in the future owes nothing yet; a past year is judged whole.
 */
export function obligations(year: number, today: string, held: readonly { kind: MeetingKind; heldOn: string }[], committee = true): KindObligation[] {
  return MEETING_KINDS.map((kind) => {
    const frequency = MEETING_FREQUENCY[kind];
    const applies = kind !== 'committee' || committee;
    const periods = periodsOfYear(year, frequency);
    const mine = held.filter((m) => m.kind === kind && m.heldOn.startsWith(`${year}-`));
    const met = new Set(mine.map((m) => periodOf(m.heldOn, frequency)));
    const over = periods.filter((p) => periodOver(p, today));
    const current = today.startsWith(`${year}-`) ? periodOf(today, frequency) : undefined;
    return {
      kind,
      frequency,
      held: mine.length,
      requiredSoFar: applies ? over.length : 0,
      requiredInYear: applies ? periods.length : 0,
      overdue: applies ? over.filter((p) => !met.has(p)) : [],
      dueNow: applies && current !== undefined && !met.has(current),
      applies,
    };
  });
}

/** How a period reads: `2026-11` → 2026年11月, `2026-Q4` → 2026年第4季度. */
export function periodLabel(p: Period): string {
  return p.includes('Q') ? `${p.slice(0, 4)}年第${p.slice(6)}季度` : `${p.slice(0, 4)}年${Number(p.slice(5, 7))}月`;
}

/** One overdue obligation in words: "2026年11月 无支部委员会". */
export const overdueWords = (kind: MeetingKind, p: Period): string => `${periodLabel(p)} 无${MEETING_KIND_LABELS[kind]}`;

// ---------------------------------------------------------------------------------------------
// States

export const MEETING_ACTIONS = ['record', 'cancel'] as const;
export type MeetingAction = (typeof MEETING_ACTIONS)[number];

/** record: planned → held, or held → held (the minutes and roll call replaced); cancel: planned → cancelled. */
export function meetingTransition(state: MeetingState, action: MeetingAction): MeetingState | null {
  if (state === 'cancelled') return null;
  if (action === 'record') return 'held';
  return state === 'planned' ? 'cancelled' : null;
}

/** What one who manages the branch's meetings may do to a meeting in `state` (nothing for anyone else). */
export const meetingActions = (state: MeetingState, manages: boolean): MeetingAction[] =>
  manages ? MEETING_ACTIONS.filter((a) => meetingTransition(state, a) !== null) : [];

/** How far from today a meeting may be planned or said to be held (days). */
export const PLAN_WINDOW_DAYS = 366;
