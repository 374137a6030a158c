/**
 * 三会一课 and 主题党日 use cases: a branch's secretary plans its meetings, records them held with minutes
 * and a roll call, or cancels them with a reason; party workers read the branches in their scope (and act
 * for a branch whose secretary holds no account); a member reads their branch's calendar and their own
 * attendance; the compliance overview per branch in a worker's scope. Members' names leave masked.
 */
import type { Principal } from '../../engine/auth.ts';
import type { AppContext } from '../../engine/context.ts';
import { localDate } from '../../engine/domain/calendar/local-time.ts';
import { authorize } from '../../engine/policy.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError, notFound, notFoundAs } from '../../platform/errors.ts';
import {
  attendanceRate,
  expectedAttendees,
  MEETING_KIND_LABELS,
  MEETING_KINDS,
  meetingActions,
  meetingTransition,
  obligations,
  overdueWords,
  PLAN_WINDOW_DAYS,
  rollCall,
  type AttendanceStatus,
  type KindObligation,
  type MeetingAction,
  type MeetingKind,
  type MeetingState,
  type Period,
} from './meetings.domain.ts';
import {
  attendanceCounts,
  attendanceOf,
  attendanceOfMember,
  complianceRows,
  findMeeting,
  insertMeeting,
  lockMeeting,
  meetingsOfBranch,
  plannedMeetings,
  replaceAttendance,
  updateMeeting,
  type MeetingRow,
} from './meetings.repository.ts';
import { inScope, isSecretary, postLabel, type PartyScope } from './party.domain.ts';
import { PARTY_POLICY } from './party.policy.ts';
import { findOrganisation, holdersOfPost, membersByIds, membersOf, type MemberRow, type OrganisationRow } from './party.repository.ts';
import { figuresScope, identityOf, memberOfAccount, workerScope } from './party.service.ts';

const R = PARTY_POLICY.rules;
const DAY_MS = 86_400_000;
const today = (ctx: AppContext) => localDate(ctx.clock());

// ---------------------------------------------------------------------------------------------
// Who

/** How the principal relates to a branch: its secretary, a party worker in scope, a member of it. */
type Relation = 'secretary' | 'worker' | 'member';

interface BranchAccess {
  org: OrganisationRow;
  relation: Relation;
}

/** Who the caller is for meetings: their linked member (if any) and their party-worker scope (read before any transaction). */
interface Caller {
  mine: MemberRow | undefined;
  scope: PartyScope;
}

async function callerOf(ctx: AppContext, p: Principal): Promise<Caller> {
  const mine = p.roles.includes('resident') || p.roles.includes('volunteer') ? await memberOfAccount(ctx, p) : undefined;
  return { mine, scope: await workerScope(ctx, p) };
}

/** The branch and the caller's relation to it; 404 when the caller has none (never 403: the branch's existence is not told). */
async function accessBranch(ctx: AppContext, c: Caller, organisationId: number | undefined, db: DbOrTx = ctx.database.db): Promise<BranchAccess> {
  const { mine, scope } = c;
  const id = organisationId ?? mine?.organisationId;
  if (id === undefined)
    throw scope.kind === 'none'
      ? new AppError('PARTY.NOT_A_MEMBER', 'Your account is not linked to a Party member')
      : new AppError('VALIDATION.INVALID_INPUT', 'Name the branch', { field: 'organisationId' });
  const org = await findOrganisation(db, ctx.districtCode, id);
  if (org === undefined) throw notFound('Organisation', id);
  let relation: Relation | undefined;
  if (mine !== undefined && mine.organisationId === org.id) relation = isSecretary(mine.posts) ? 'secretary' : 'member';
  if (relation !== 'secretary' && inScope(scope, org.divisionCode)) relation = 'worker';
  if (relation === undefined) throw notFound('Organisation', id);
  if (org.level !== 'branch') throw new AppError('MEETING.NOT_A_BRANCH', `${org.name} is not a branch`, { field: 'organisationId' });
  return { org, relation };
}

/** Whether the caller plans, records and cancels for the branch: its secretary, or a party worker when no secretary holds an account. */
async function managesBranch(ctx: AppContext, a: BranchAccess, db: DbOrTx = ctx.database.db): Promise<boolean> {
  if (a.relation === 'secretary') return true;
  return a.relation === 'worker' && !(await hasAccountSecretary(ctx, a.org.id, db));
}

/** managesBranch, or why not: a member is forbidden; a worker is told the secretary records (MEETING.SECRETARY_RECORDS). */
async function requireManager(ctx: AppContext, a: BranchAccess, db: DbOrTx): Promise<void> {
  if (await managesBranch(ctx, a, db)) return;
  if (a.relation === 'member') throw new AppError('AUTH.FORBIDDEN', 'The branch’s secretary plans and records its meetings');
  throw new AppError('MEETING.SECRETARY_RECORDS', 'The branch’s secretary holds an account and records its meetings');
}

async function hasAccountSecretary(ctx: AppContext, organisationId: number, db: DbOrTx = ctx.database.db): Promise<boolean> {
  return (await holdersOfPost(db, ctx.districtCode, organisationId, 'secretary')).some((m) => m.userId !== null && m.leftAt === null);
}

// ---------------------------------------------------------------------------------------------
// Views

export interface MeetingView {
  id: number;
  organisationId: number;
  organisationName: string;
  kind: MeetingKind;
  kindLabel: string;
  title: string;
  startsAt: string;
  place: string;
  state: MeetingState;
  /** Null for a member's view (the minutes are the secretary's and the workers'), or while not held. */
  minutes: string | null;
  heldAt: string | null;
  heldOn: string | null;
  recordedAt: string | null;
  cancelReason: string | null;
  attendance: { present: number; absent: number; excused: number; rate: number | null } | null;
}

function meetingView(
  org: Pick<OrganisationRow, 'name'>,
  m: MeetingRow,
  counts: { present: number; absent: number; excused: number } | undefined,
  withMinutes: boolean,
): MeetingView {
  return {
    id: m.id,
    organisationId: m.organisationId,
    organisationName: org.name,
    kind: m.kind,
    kindLabel: MEETING_KIND_LABELS[m.kind],
    title: m.title,
    startsAt: m.startsAt.toISOString(),
    place: m.place,
    state: m.state,
    minutes: withMinutes ? m.minutes : null,
    heldAt: m.heldAt?.toISOString() ?? null,
    heldOn: m.heldOn,
    recordedAt: m.recordedAt?.toISOString() ?? null,
    cancelReason: m.cancelReason,
    attendance:
      m.state === 'held'
        ? { ...(counts ?? { present: 0, absent: 0, excused: 0 }), rate: attendanceRate(counts ?? { present: 0, absent: 0, excused: 0 }) }
        : null,
  };
}

export interface AttendeeView {
  memberId: number;
  /** Masked (张*). */
  name: string;
  postLabels: string[];
  /** Null while the meeting is not recorded. */
  status: AttendanceStatus | null;
  reason: string | null;
}

const yearBounds = (year: number) => ({ from: new Date(Date.UTC(year - 1, 11, 31, 16)), to: new Date(Date.UTC(year, 11, 31, 16)) });

// ---------------------------------------------------------------------------------------------
// Reads

export interface BranchCalendar {
  organisation: { id: number; name: string; code: string };
  year: number;
  /** The caller may plan and record here. */
  manage: boolean;
  relation: Relation;
  meetings: MeetingView[];
  obligations: (KindObligation & { label: string })[];
  overdue: { kind: MeetingKind; period: Period; words: string }[];
}

/**
 * A branch's meetings of `year` and its obligations seen today (a branch with a committee owes 支委会).
 * No authorisation: the caller has checked it (the calendar; the star rating's platform figures).
 */
export async function branchStanding(ctx: AppContext, organisationId: number, year: number): Promise<{ rows: MeetingRow[]; obligations: KindObligation[] }> {
  const { from, to } = yearBounds(year);
  const rows = await meetingsOfBranch(ctx.database.db, ctx.districtCode, organisationId, from, to);
  const members = await membersOf(ctx.database.db, ctx.districtCode, organisationId);
  const committee = members.some((m) => m.posts.includes('deputy_secretary') || m.posts.includes('committee_member'));
  const held = rows.filter((m) => m.state === 'held').map((m) => ({ kind: m.kind, heldOn: m.heldOn! }));
  return { rows, obligations: obligations(year, today(ctx), held, committee) };
}

/** A branch's meetings of a year (its calendar) and where it stands against 三会一课 and 主题党日. */
export async function branchCalendar(ctx: AppContext, p: Principal, organisationId: number | undefined, year?: number): Promise<BranchCalendar> {
  authorize(p, R.meetingRead);
  const a = await accessBranch(ctx, await callerOf(ctx, p), organisationId);
  const y = year ?? Number(today(ctx).slice(0, 4));
  const { rows, obligations: o } = await branchStanding(ctx, a.org.id, y);
  const counts = await attendanceCounts(
    ctx.database.db,
    ctx.districtCode,
    rows.filter((m) => m.state === 'held').map((m) => m.id),
  );
  const manage = await managesBranch(ctx, a);
  return {
    organisation: { id: a.org.id, name: a.org.name, code: a.org.code },
    year: y,
    manage,
    relation: a.relation,
    meetings: rows.map((m) => meetingView(a.org, m, counts.get(m.id), a.relation !== 'member')),
    obligations: o.map((x) => ({ ...x, label: MEETING_KIND_LABELS[x.kind] })),
    overdue: o.flatMap((x) => x.overdue.map((period) => ({ kind: x.kind, period, words: overdueWords(x.kind, period) }))),
  };
}

export interface MeetingDetail extends MeetingView {
  /** The caller may record it (again): some action is open to them. */
  manage: boolean;
  /** What the caller may do to it now (meetingActions: the state's actions, for one who manages the branch). */
  actions: MeetingAction[];
  /** The roll call when held; while planned, the members expected (status null). Empty for a member's view. */
  attendees: AttendeeView[];
  /** The caller's own status when they are expected (a member's view). */
  mine: { status: AttendanceStatus | null; reason: string | null } | null;
}

/** One meeting: its minutes and roll call (masked) for the secretary and workers; for a member, their own attendance. */
export async function meetingDetail(ctx: AppContext, p: Principal, id: number): Promise<MeetingDetail> {
  authorize(p, R.meetingRead);
  const m = await findMeeting(ctx.database.db, ctx.districtCode, id);
  if (m === undefined) throw notFound('Meeting', id);
  const a = await accessBranch(ctx, await callerOf(ctx, p), m.organisationId).catch(notFoundAs('Meeting', id));
  const attendees = await attendeesOf(ctx, m);
  const counts = await attendanceCounts(ctx.database.db, ctx.districtCode, m.state === 'held' ? [m.id] : []);
  const self = a.relation === 'member' || a.relation === 'secretary' ? await memberOfAccount(ctx, p) : undefined;
  const own = self === undefined ? undefined : attendees.find((x) => x.memberId === self.id);
  const actions = meetingActions(m.state, await managesBranch(ctx, a));
  return {
    ...meetingView(a.org, m, counts.get(m.id), a.relation !== 'member'),
    manage: actions.length > 0,
    actions,
    attendees: a.relation === 'member' ? [] : attendees,
    mine: own === undefined ? null : { status: own.status, reason: own.reason },
  };
}

/** The roll call of a held meeting; for a planned one, who is expected now (by its kind). */
async function attendeesOf(ctx: AppContext, m: MeetingRow): Promise<AttendeeView[]> {
  const present = (x: MemberRow) => ({ name: identityOf(ctx.personalData, x, false).realName, postLabels: x.posts.map(postLabel) });
  if (m.state === 'held') {
    const rows = await attendanceOf(ctx.database.db, ctx.districtCode, m.id);
    const members = new Map(
      (
        await membersByIds(
          ctx.database.db,
          ctx.districtCode,
          rows.map((r) => r.memberId),
        )
      ).map((x) => [x.id, x]),
    );
    return rows.map((r) => ({
      memberId: r.memberId,
      ...(members.has(r.memberId) ? present(members.get(r.memberId)!) : { name: '—', postLabels: [] }),
      status: r.status,
      reason: r.reason,
    }));
  }
  if (m.state === 'cancelled') return [];
  const members = expectedAttendees(m.kind, await membersOf(ctx.database.db, ctx.districtCode, m.organisationId));
  return members.map((x) => ({ memberId: x.id, ...present(x), status: null, reason: null }));
}

export interface MyMeetings {
  organisation: { id: number; name: string };
  /** Planned meetings of my branch from today on (the next 90 days), soonest first. */
  upcoming: MeetingView[];
  /** My attendance at the branch's meetings held in the last 12 months, latest first. */
  attended: (MeetingView & { status: AttendanceStatus; reason: string | null })[];
  /** My rate over those meetings (present ÷ expected). */
  rate: number | null;
}

/** A member's own: their branch's upcoming meetings and their attendance. */
export async function myMeetings(ctx: AppContext, p: Principal): Promise<MyMeetings> {
  authorize(p, R.meetingSelf);
  const me = await memberOfAccount(ctx, p);
  if (me === undefined) throw new AppError('PARTY.NOT_A_MEMBER', 'Your account is not linked to a Party member');
  const org = (await findOrganisation(ctx.database.db, ctx.districtCode, me.organisationId))!;
  const now = ctx.clock();
  const startOfToday = new Date(Date.UTC(Number(today(ctx).slice(0, 4)), Number(today(ctx).slice(5, 7)) - 1, Number(today(ctx).slice(8, 10))) - 8 * 3_600_000);
  const upcoming = await plannedMeetings(ctx.database.db, ctx.districtCode, org.id, startOfToday, new Date(now.getTime() + 90 * DAY_MS));
  const past = (await meetingsOfBranch(ctx.database.db, ctx.districtCode, org.id, new Date(now.getTime() - 366 * DAY_MS), now)).filter(
    (m) => m.state === 'held',
  );
  const mine = new Map(
    (
      await attendanceOfMember(
        ctx.database.db,
        ctx.districtCode,
        me.id,
        past.map((m) => m.id),
      )
    ).map((r) => [r.meetingId, r]),
  );
  const attended = past
    .filter((m) => mine.has(m.id))
    .reverse()
    .map((m) => ({ ...meetingView(org, m, undefined, false), attendance: null, status: mine.get(m.id)!.status, reason: mine.get(m.id)!.reason }));
  const present = attended.filter((x) => x.status === 'present').length;
  return {
    organisation: { id: org.id, name: org.name },
    upcoming: upcoming.map((m) => meetingView(org, m, undefined, false)),
    attended,
    rate: attended.length === 0 ? null : present / attended.length,
  };
}

// ---------------------------------------------------------------------------------------------
// Changes

export interface PlanInput {
  organisationId?: number | undefined;
  kind: MeetingKind;
  title: string;
  startsAt: string;
  place: string;
}

/** A text field after trimming: at least `min` characters (the schema counts the spaces too). */
function trimmed(value: string, field: string, min: number): string {
  const v = value.trim();
  if (v.length < min) throw new AppError('VALIDATION.INVALID_INPUT', `${field} is blank`, { field });
  return v;
}

function checkWithinWindow(at: Date, now: Date, field: string, notAfterNow: boolean): void {
  const ms = at.getTime();
  if (!Number.isFinite(ms) || ms < now.getTime() - PLAN_WINDOW_DAYS * DAY_MS || ms > now.getTime() + (notAfterNow ? 0 : PLAN_WINDOW_DAYS * DAY_MS))
    throw new AppError('MEETING.BAD_TIME', `${field} must lie within a year of now${notAfterNow ? ' and not in the future' : ''}`, { field });
}

/** Plans a meeting of the branch (the secretary's own by default). */
export async function planMeeting(ctx: AppContext, p: Principal, input: PlanInput): Promise<MeetingDetail> {
  authorize(p, R.meetingManage);
  const a = await accessBranch(ctx, await callerOf(ctx, p), input.organisationId);
  await requireManager(ctx, a, ctx.database.db);
  const now = ctx.clock();
  const startsAt = new Date(input.startsAt);
  checkWithinWindow(startsAt, now, 'startsAt', false);
  trimmed(input.title, 'title', 2);
  trimmed(input.place, 'place', 1);
  const row = await insertMeeting(ctx.database.db, {
    districtCode: ctx.districtCode,
    organisationId: a.org.id,
    kind: input.kind,
    title: trimmed(input.title, 'title', 2),
    startsAt,
    place: trimmed(input.place, 'place', 1),
    state: 'planned',
    createdByUserId: p.userId,
    createdAt: now,
    updatedAt: now,
  });
  return meetingDetail(ctx, p, row.id);
}

export interface RecordInput {
  /** When it was held (default: the planned start, if past). */
  heldAt?: string | undefined;
  minutes: string;
  present: number[];
  excused: { memberId: number; reason: string }[];
}

/**
 * The meeting `id` locked for `action` in the caller's transaction: 404 when it does not exist or its
 * branch is outside the caller's reach; then the caller must manage the branch, and the action must be
 * allowed in the meeting's state (MEETING.WRONG_STATE).
 */
async function meetingToManage(ctx: AppContext, tx: DbOrTx, caller: Caller, id: number, action: MeetingAction): Promise<MeetingRow> {
  const m = await lockMeeting(tx, ctx.districtCode, id);
  if (m === undefined) throw notFound('Meeting', id);
  const a = await accessBranch(ctx, caller, m.organisationId, tx).catch(notFoundAs('Meeting', id));
  await requireManager(ctx, a, tx);
  if (meetingTransition(m.state, action) === null) throw new AppError('MEETING.WRONG_STATE', `The meeting is ${m.state}`);
  return m;
}

/**
 * Records the meeting held: minutes and the roll call (everyone expected: present when listed, excused
 * with a reason, absent otherwise). Recording again replaces both; the expected members are those of the
 * first roll call, so a member who has left since keeps their line.
 */
export async function recordMeeting(ctx: AppContext, p: Principal, id: number, input: RecordInput): Promise<MeetingDetail> {
  authorize(p, R.meetingManage);
  const caller = await callerOf(ctx, p);
  await ctx.database.db.transaction(async (tx) => {
    const m = await meetingToManage(ctx, tx, caller, id, 'record');
    const now = ctx.clock();
    const heldAt = input.heldAt !== undefined ? new Date(input.heldAt) : m.startsAt.getTime() <= now.getTime() ? m.startsAt : now;
    checkWithinWindow(heldAt, now, 'heldAt', true);
    const expected =
      m.state === 'held'
        ? (await attendanceOf(tx, ctx.districtCode, m.id)).map((r) => r.memberId)
        : expectedAttendees(m.kind, await membersOf(tx, ctx.districtCode, m.organisationId)).map((x) => x.id);
    const minutes = trimmed(input.minutes, 'minutes', 2);
    const call = rollCall(
      expected,
      input.present,
      input.excused.map((e) => ({ memberId: e.memberId, reason: trimmed(e.reason, 'excused.reason', 1) })),
    );
    if ('problem' in call) {
      if (call.problem === 'NOT_ATTENDEE')
        throw new AppError('MEETING.NOT_ATTENDEE', `Member ${call.memberId} is not expected at this meeting`, { memberId: call.memberId });
      throw new AppError('MEETING.PRESENT_AND_EXCUSED', `Member ${call.memberId} is listed present and excused`, { memberId: call.memberId });
    }
    await updateMeeting(tx, ctx.districtCode, m.id, {
      state: 'held',
      minutes,
      heldAt,
      heldOn: localDate(heldAt),
      recordedByUserId: p.userId,
      recordedAt: now,
      updatedAt: now,
    });
    await replaceAttendance(tx, ctx.districtCode, m.id, call.rows);
  });
  return meetingDetail(ctx, p, id);
}

/** Cancels a planned meeting with a reason (a held one stays held). */
export async function cancelMeeting(ctx: AppContext, p: Principal, id: number, reason: string): Promise<MeetingDetail> {
  authorize(p, R.meetingManage);
  const why = trimmed(reason, 'reason', 2);
  const caller = await callerOf(ctx, p);
  await ctx.database.db.transaction(async (tx) => {
    const m = await meetingToManage(ctx, tx, caller, id, 'cancel');
    const now = ctx.clock();
    await updateMeeting(tx, ctx.districtCode, m.id, { state: 'cancelled', cancelReason: why, cancelledAt: now, updatedAt: now });
  });
  return meetingDetail(ctx, p, id);
}

// ---------------------------------------------------------------------------------------------
// Compliance

export interface ComplianceBranch {
  organisationId: number;
  name: string;
  code: string;
  streetCode: string | null;
  streetName: string | null;
  communityName: string | null;
  committee: boolean;
  kinds: { kind: MeetingKind; held: number; requiredSoFar: number; requiredInYear: number; overdue: Period[]; applies: boolean }[];
  overdueCount: number;
}

export interface Compliance {
  year: number;
  asOf: string;
  branches: ComplianceBranch[];
  totals: { branches: number; compliant: number; overdue: number; byKind: { kind: MeetingKind; label: string; held: number; overdueBranches: number }[] };
  /** Every overdue obligation in words, branch by branch (at most 500; `overdue` counts all). */
  overdue: { organisationId: number; name: string; kind: MeetingKind; period: Period; words: string }[];
}

/**
 * 组织生活落实情况: per branch in the worker's scope (or one street of it), the year's held meetings by kind
 * against what is due so far, and the overdue obligations. One grouped statement; the rest in memory.
 */
export async function compliance(ctx: AppContext, p: Principal, year: number | undefined, street: string | undefined): Promise<Compliance> {
  authorize(p, R.meetingCompliance);
  const { prefix } = await figuresScope(ctx, p, street);
  const ref = await ctx.reference.get();
  const asOf = today(ctx);
  const y = year ?? Number(asOf.slice(0, 4));
  const rows = await complianceRows(ctx.database.db, ctx.districtCode, prefix, `${y}-01-01`, `${y}-12-31`);
  type Branch = { row: (typeof rows)[number]; held: { kind: MeetingKind; heldOn: string }[]; counts: Map<MeetingKind, number> };
  const byBranch = new Map<number, Branch>();
  for (const r of rows) {
    const b: Branch = byBranch.get(r.organisationId) ?? { row: r, held: [], counts: new Map() };
    if (r.kind !== null) {
      b.counts.set(r.kind, r.held);
      for (const month of r.months) b.held.push({ kind: r.kind, heldOn: `${y}-${String(month).padStart(2, '0')}-01` });
    }
    byBranch.set(r.organisationId, b);
  }
  const branches: ComplianceBranch[] = [];
  const overdue: Compliance['overdue'] = [];
  let overdueTotal = 0;
  const byKind = new Map(MEETING_KINDS.map((k) => [k, { held: 0, overdueBranches: 0 }]));
  for (const { row, held, counts } of byBranch.values()) {
    const o = obligations(y, asOf, held, row.committee);
    const street = row.divisionCode && row.divisionCode.length >= 9 ? row.divisionCode.slice(0, 9) : null;
    const kinds = o.map((x) => ({
      kind: x.kind,
      held: counts.get(x.kind) ?? 0,
      requiredSoFar: x.requiredSoFar,
      requiredInYear: x.requiredInYear,
      overdue: x.overdue,
      applies: x.applies,
    }));
    for (const k of kinds) {
      const t = byKind.get(k.kind)!;
      t.held += k.held;
      if (k.overdue.length > 0) t.overdueBranches++;
      for (const period of k.overdue) {
        overdueTotal++;
        if (overdue.length < 500)
          overdue.push({ organisationId: row.organisationId, name: row.name, kind: k.kind, period, words: overdueWords(k.kind, period) });
      }
    }
    branches.push({
      organisationId: row.organisationId,
      name: row.name,
      code: row.code,
      streetCode: street,
      streetName: street === null ? null : (ref.divisionByCode.get(street)?.name ?? null),
      communityName: row.divisionCode && row.divisionCode.length === 12 ? (ref.divisionByCode.get(row.divisionCode)?.name ?? null) : null,
      committee: row.committee,
      kinds,
      overdueCount: kinds.reduce((n, k) => n + k.overdue.length, 0),
    });
  }
  return {
    year: y,
    asOf,
    branches,
    totals: {
      branches: branches.length,
      compliant: branches.filter((b) => b.overdueCount === 0).length,
      overdue: overdueTotal,
      byKind: MEETING_KINDS.map((k) => ({ kind: k, label: MEETING_KIND_LABELS[k], ...byKind.get(k)! })),
    },
    overdue,
  };
}
