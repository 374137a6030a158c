/**
 * 志愿活动 use cases: publishing activities and their sessions, the sign-up and waiting lists, the
 * check-in code and check-in, and the service hours (docs/VOLUNTEERS.md, "Activities and check-in").
 * Organisers are units (`units.id`), volunteers are users holding the role `volunteer`.
 */
import QRCode from 'qrcode';
import type { Principal } from '../../engine/auth.ts';
import type { AppContext } from '../../engine/context.ts';
import { authorize, mayAct } from '../../engine/policy.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError, forbidden, invalid, notFound } from '../../platform/errors.ts';
import { localDate } from '../../engine/domain/calendar/local-time.ts';
import {
  CHECK_IN_OPENS_BEFORE_MS,
  CHECK_IN_RADIUS_M,
  CHECK_OUT_CLOSES_AFTER_MS,
  checkInWindowOpen,
  distanceMetres,
  MIN_STAY_BEFORE_CHECK_OUT_MS,
  rebalance,
  servedMinutes,
  type ActivityType,
  type SignupStatus,
} from './activities.domain.ts';
import { ACTIVITIES_POLICY } from './activities.policy.ts';
import {
  activeEntries,
  checkInOrOut,
  checkedInAmong,
  countActive,
  findActivity,
  findHourRecord,
  findSession,
  findSignup,
  findUserBrief,
  findVolunteers,
  insertActivity,
  insertHourRecords,
  insertSession,
  listActivityRows,
  listCounts,
  lockVolunteer,
  overlappingSignups,
  sessionHourRecords,
  sessionsOf,
  sessionSignups,
  setSignupStatus,
  signupsOfUser,
  signupsWithSessions,
  takePosition,
  updateActivity as updateActivityRow,
  updateSession as updateSessionRow,
  upsertSignup,
  userNames,
  type ActivityRow,
  type HourRecordRow,
  type SessionRow,
  type SignupListRow,
  type SignupRow,
} from './activities.repository.ts';
import { issueCheckInToken, venueTag, verifyCheckInToken } from './check-in-token.ts';

export type { ActivityRow, HourRecordRow, SessionRow, SignupListRow, SignupRow };

const RULES = ACTIVITIES_POLICY.rules;
/** The longest session: a day. */
const MAX_SESSION_MS = 24 * 3600_000;

// ---------------------------------------------------------------------------------------------
// The points bank's hook

/** A use case recorded these hours, inside its transaction (`tx`): the points bank awards on them there. */
export type HoursRecordedHook = (ctx: AppContext, tx: DbOrTx, records: readonly HourRecordRow[]) => Promise<void>;
const hooks: HoursRecordedHook[] = [];

/**
 * Registers a function called with every batch of new hour records (confirmed, manual, corrections) in
 * the transaction that writes them, so that points are awarded atomically with the hours. The
 * composition root registers the points bank's award here (docs/VOLUNTEERS.md); it returns the
 * function that removes it (tests).
 */
export function onHoursRecorded(hook: HoursRecordedHook): () => void {
  hooks.push(hook);
  return () => void hooks.splice(hooks.indexOf(hook), 1);
}

async function recorded(ctx: AppContext, tx: DbOrTx, records: readonly HourRecordRow[]): Promise<void> {
  if (records.length === 0) return;
  for (const h of hooks) await h(ctx, tx, records);
}

/** A service order's record (the volunteers module's `onOrderServed`), as the composition root passes it on. */
export interface OrderHours {
  ticketId: number;
  /** The order's number and menu item, e.g. 「点单 D20261207-0003 助餐送餐」: the title of the hour record. */
  title: string;
  /** The station the order was ordered from: the records' organising unit. */
  stationUnitId: number;
  servedBy: readonly number[];
  /** Minutes each of them served. */
  minutes: number;
  /** Asia/Shanghai date of the service record (YYYY-MM-DD). */
  servedOn: string;
  recordedBy: number;
  recordedAt: Date;
}

/**
 * Writes a service order's hours as records of kind `service_order`, one per volunteer who served, in the
 * order's transaction: they count in the volunteer's hours, the leaderboards, the figures and the
 * certificate like an activity's, and the points bank pays them through `onHoursRecorded` like any other
 * record. A replay writes nothing twice (one record per order and volunteer). Returns the records written.
 */
export async function recordOrderHours(ctx: AppContext, tx: DbOrTx, o: OrderHours): Promise<HourRecordRow[]> {
  if (o.servedBy.length === 0 || o.minutes <= 0) return [];
  const rows = await insertHourRecords(
    tx,
    o.servedBy.map((userId) => ({
      districtCode: ctx.districtCode,
      userId,
      activityId: null,
      sessionId: null,
      ticketId: o.ticketId,
      title: o.title,
      organiserUnitId: o.stationUnitId,
      kind: 'service_order',
      minutes: o.minutes,
      servedOn: o.servedOn,
      recordedBy: o.recordedBy,
      recordedAt: o.recordedAt,
    })),
  );
  await recorded(ctx, tx, rows);
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Scope

/** Whether `p` acts for the organising unit: its own unit or a unit above it, or an admin. */
const organises = (p: Principal, unitId: number) => p.roles.includes('admin') || p.scopeUnitIds === 'all' || p.scopeUnitIds.includes(unitId);

function requireOrganiser(p: Principal, a: ActivityRow, rule: 'manage' | 'coordinate' = 'manage'): void {
  authorize(p, RULES[rule]);
  if (!organises(p, a.organiserUnitId)) throw forbidden(`Activity ${a.id} is organised by a unit outside your scope`);
}

async function activityOrThrow(ctx: AppContext, id: number, lock = false, db: DbOrTx = ctx.database.db): Promise<ActivityRow> {
  const a = await findActivity(db, ctx.districtCode, id, lock);
  if (a === undefined) throw notFound('Activity', id);
  return a;
}

async function sessionOrThrow(ctx: AppContext, id: number, lock = false, db: DbOrTx = ctx.database.db) {
  const s = await findSession(db, ctx.districtCode, id, lock);
  if (s === undefined) throw notFound('Session', id);
  return s;
}

// ---------------------------------------------------------------------------------------------
// Activities and sessions

export interface SessionInput {
  startsAt: string;
  endsAt: string;
  capacity: number;
}

export interface ActivityInput {
  title: string;
  activityType: ActivityType;
  description?: string;
  venueName: string;
  address?: string;
  divisionCode?: string | null;
  latitude?: number | null;
  longitude?: number | null;
}

function checkSession(s: SessionInput): { startsAt: Date; endsAt: Date; capacity: number } {
  const startsAt = new Date(s.startsAt);
  const endsAt = new Date(s.endsAt);
  if (!(startsAt < endsAt)) throw new AppError('ACTIVITY.INVALID_SESSION', 'A session ends after it starts', { startsAt: s.startsAt, endsAt: s.endsAt });
  if (endsAt.getTime() - startsAt.getTime() > MAX_SESSION_MS) throw new AppError('ACTIVITY.INVALID_SESSION', 'A session lasts at most 24 hours');
  return { startsAt, endsAt, capacity: s.capacity };
}

async function checkDetails(ctx: AppContext, input: Partial<ActivityInput>): Promise<void> {
  if (input.divisionCode) {
    const ref = await ctx.reference.get();
    if (!ref.divisionByCode.has(input.divisionCode))
      throw new AppError('ACTIVITY.UNKNOWN_DIVISION', `Division ${input.divisionCode} does not exist`, { divisionCode: input.divisionCode });
  }
  if ((input.latitude == null) !== (input.longitude == null)) throw invalid('Give both latitude and longitude, or neither');
  if (input.title !== undefined && input.title.trim() === '') throw invalid('The title is empty');
  if (input.venueName !== undefined && input.venueName.trim() === '') throw invalid('The venue name is empty');
}

/** Creates an activity (a draft, or published at once with `publish`) with its sessions. */
export async function createActivity(
  ctx: AppContext,
  p: Principal,
  input: ActivityInput & { organiserUnitId?: number; sessions: SessionInput[]; publish?: boolean },
): Promise<ActivityRow> {
  authorize(p, RULES.manage);
  const organiserUnitId = input.organiserUnitId ?? p.unitId;
  const ref = await ctx.reference.get();
  const unit = ref.unitById.get(organiserUnitId);
  if (unit === undefined || !organises(p, organiserUnitId))
    throw new AppError('ACTIVITY.UNKNOWN_UNIT', `Unit ${organiserUnitId} does not exist or is outside your scope`, { unitId: organiserUnitId });
  await checkDetails(ctx, input);
  const sessions = input.sessions.map(checkSession);
  const now = ctx.clock();
  return ctx.database.db.transaction(async (tx) => {
    const details = {
      title: input.title.trim(),
      activityType: input.activityType,
      description: input.description ?? '',
      venueName: input.venueName.trim(),
      address: input.address ?? '',
      divisionCode: input.divisionCode ?? null,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
    };
    const a = await insertActivity(tx, {
      districtCode: ctx.districtCode,
      organiserUnitId,
      ...details,
      venueTag: venueTag(details),
      state: input.publish ? 'published' : 'draft',
      createdBy: p.userId,
      createdAt: now,
      publishedAt: input.publish ? now : null,
    });
    for (const s of sessions) await insertSession(tx, { districtCode: ctx.districtCode, activityId: a.id, ...s });
    return a;
  });
}

/** Edits the details of a draft or published activity (a new venue changes the check-in code). */
export async function updateActivity(ctx: AppContext, p: Principal, id: number, patch: Partial<ActivityInput>): Promise<ActivityRow> {
  const a = await activityOrThrow(ctx, id);
  requireOrganiser(p, a);
  if (a.state === 'cancelled') throw new AppError('ACTIVITY.NOT_EDITABLE', 'A cancelled activity cannot be edited');
  await checkDetails(ctx, {
    ...patch,
    latitude: patch.latitude === undefined ? a.latitude : patch.latitude,
    longitude: patch.longitude === undefined ? a.longitude : patch.longitude,
  });
  const next = {
    title: patch.title?.trim() ?? a.title,
    activityType: patch.activityType ?? a.activityType,
    description: patch.description ?? a.description,
    venueName: patch.venueName?.trim() ?? a.venueName,
    address: patch.address ?? a.address,
    divisionCode: patch.divisionCode === undefined ? a.divisionCode : patch.divisionCode,
    latitude: patch.latitude === undefined ? a.latitude : patch.latitude,
    longitude: patch.longitude === undefined ? a.longitude : patch.longitude,
  };
  return updateActivityRow(ctx.database.db, ctx.districtCode, id, { ...next, venueTag: venueTag(next) });
}

/** Publishes a draft: volunteers see it and sign up. */
export async function publishActivity(ctx: AppContext, p: Principal, id: number): Promise<ActivityRow> {
  return ctx.database.db.transaction(async (tx) => {
    const a = await activityOrThrow(ctx, id, true, tx);
    requireOrganiser(p, a);
    if (a.state !== 'draft') throw new AppError('ACTIVITY.NOT_EDITABLE', `Only a draft is published; this one is ${a.state}`);
    if ((await sessionsOf(tx, ctx.districtCode, [id])).length === 0)
      throw new AppError('ACTIVITY.INVALID_SESSION', 'An activity needs a session before it is published');
    return updateActivityRow(tx, ctx.districtCode, id, { state: 'published', publishedAt: ctx.clock() });
  });
}

/** Cancels an activity (draft or published) with a reason: no more sign-ups or check-ins; hours already recorded stay. */
export async function cancelActivity(ctx: AppContext, p: Principal, id: number, reason: string): Promise<ActivityRow> {
  if (reason.trim() === '') throw invalid('A cancellation needs a reason');
  return ctx.database.db.transaction(async (tx) => {
    const a = await activityOrThrow(ctx, id, true, tx);
    requireOrganiser(p, a);
    if (a.state === 'cancelled') throw new AppError('ACTIVITY.NOT_EDITABLE', 'The activity is already cancelled');
    return updateActivityRow(tx, ctx.districtCode, id, { state: 'cancelled', cancelledAt: ctx.clock(), cancelReason: reason.trim() });
  });
}

/** Adds a session to a draft or published activity. */
export async function addSession(ctx: AppContext, p: Principal, activityId: number, input: SessionInput): Promise<SessionRow> {
  const a = await activityOrThrow(ctx, activityId);
  requireOrganiser(p, a);
  if (a.state === 'cancelled') throw new AppError('ACTIVITY.NOT_EDITABLE', 'A cancelled activity takes no new sessions');
  const s = checkSession(input);
  return insertSession(ctx.database.db, { districtCode: ctx.districtCode, activityId, ...s });
}

/**
 * Changes a session's time or capacity. A published session's time moves only before it starts, and
 * not into the past; its capacity changes only before it starts. A smaller capacity moves the latest
 * sign-ups beyond it to the head of the waiting list in their order; a larger one promotes the
 * waiting volunteers in order (`rebalance`). It never moves a volunteer who has already checked in
 * (check-in opens an hour before the start).
 */
export async function updateSession(
  ctx: AppContext,
  p: Principal,
  sessionId: number,
  patch: Partial<SessionInput>,
): Promise<{ session: SessionRow; promoted: number[]; demoted: number[] }> {
  return ctx.database.db.transaction(async (tx) => {
    const { session, activity } = await sessionOrThrow(ctx, sessionId, true, tx);
    requireOrganiser(p, activity);
    if (activity.state === 'cancelled') throw new AppError('ACTIVITY.NOT_EDITABLE', 'The activity is cancelled');
    const now = ctx.clock();
    const next = checkSession({
      startsAt: patch.startsAt ?? session.startsAt.toISOString(),
      endsAt: patch.endsAt ?? session.endsAt.toISOString(),
      capacity: patch.capacity ?? session.capacity,
    });
    if (activity.state === 'published') {
      if (session.startsAt <= now) throw new AppError('ACTIVITY.SESSION_STARTED', 'The session has started; its time and capacity are fixed');
      if (next.startsAt <= now) throw new AppError('ACTIVITY.INVALID_SESSION', 'A published session cannot be moved into the past');
    }
    await updateSessionRow(tx, ctx.districtCode, sessionId, next);
    const moves = rebalance(await activeEntries(tx, ctx.districtCode, sessionId), next.capacity);
    // Check-in opens an hour before the start: a volunteer already at the venue keeps their place.
    const arrived = await checkedInAmong(tx, ctx.districtCode, sessionId, moves.demote);
    if (arrived.length > 0)
      throw new AppError('ACTIVITY.INVALID_SESSION', `The capacity would move ${arrived.length} volunteers who have already checked in to the waiting list`, {
        userIds: arrived,
      });
    await setSignupStatus(tx, ctx.districtCode, sessionId, moves.promote, 'signed_up', now);
    await setSignupStatus(tx, ctx.districtCode, sessionId, moves.demote, 'waiting', now);
    return { session: { ...session, ...next }, promoted: moves.promote, demoted: moves.demote };
  });
}

export interface SessionView extends SessionRow {
  signedUp: number;
  waiting: number;
  /** The asking volunteer's row on it, if any. */
  mine: SignupRow | null;
}

export interface ActivityView extends ActivityRow {
  organiserName: string;
  sessions: SessionView[];
  /** Whether the asking user organises it (sees the lists, the code, the hours). */
  organisedByYou: boolean;
}

async function views(ctx: AppContext, p: Principal, rows: ActivityRow[]): Promise<ActivityView[]> {
  const db = ctx.database.db;
  const ref = await ctx.reference.get();
  const sessions = await sessionsOf(
    db,
    ctx.districtCode,
    rows.map((a) => a.id),
  );
  const ids = sessions.map((s) => s.id);
  const counts = await listCounts(db, ctx.districtCode, ids);
  const mine = new Map((await signupsOfUser(db, ctx.districtCode, p.userId, ids)).map((s) => [s.sessionId, s]));
  return rows.map((a) => ({
    ...a,
    organiserName: ref.unitById.get(a.organiserUnitId)?.name ?? '',
    organisedByYou: mayAct(p, RULES.manage) && organises(p, a.organiserUnitId),
    sessions: sessions
      .filter((s) => s.activityId === a.id)
      .map((s) => ({ ...s, signedUp: counts.get(s.id)?.signedUp ?? 0, waiting: counts.get(s.id)?.waiting ?? 0, mine: mine.get(s.id) ?? null })),
  }));
}

/**
 * Activities, newest first: published and cancelled ones for everybody; with `organised`, those the
 * asking organiser's units run, drafts included.
 */
export async function listActivities(ctx: AppContext, p: Principal, opts: { organised?: boolean; limit?: number }): Promise<ActivityView[]> {
  let organiserUnitIds: number[] | 'all' | undefined;
  if (opts.organised) {
    authorize(p, RULES.manage);
    organiserUnitIds = p.roles.includes('admin') || p.scopeUnitIds === 'all' ? 'all' : p.scopeUnitIds;
  }
  const rows = await listActivityRows(ctx.database.db, ctx.districtCode, { organiserUnitIds, limit: opts.limit ?? 100 });
  return views(ctx, p, rows);
}

/** One activity with its sessions; a draft only for its organisers (404 for others). */
export async function getActivity(ctx: AppContext, p: Principal, id: number): Promise<ActivityView> {
  const a = await activityOrThrow(ctx, id);
  if (a.state === 'draft' && !(mayAct(p, RULES.manage) && organises(p, a.organiserUnitId))) throw notFound('Activity', id);
  return (await views(ctx, p, [a]))[0]!;
}

// ---------------------------------------------------------------------------------------------
// Sign-up and waiting list

/**
 * Signs the volunteer up for a session of a published activity before it starts: signed up while
 * there is room, else on the waiting list (in order). Refused when they already hold a place on it or
 * on another session overlapping it. The volunteer's lock, then the session's, make concurrent
 * sign-ups take places one at a time.
 */
export async function signUp(ctx: AppContext, p: Principal, sessionId: number): Promise<{ status: SignupStatus; waitingAhead: number }> {
  authorize(p, RULES.volunteer);
  return ctx.database.db.transaction(async (tx) => {
    await lockVolunteer(tx, p.userId);
    const { session, activity } = await sessionOrThrow(ctx, sessionId, true, tx);
    if (activity.state !== 'published') throw new AppError('ACTIVITY.NOT_PUBLISHED', 'The activity is not open for sign-up');
    const now = ctx.clock();
    if (session.startsAt <= now) throw new AppError('ACTIVITY.SESSION_STARTED', 'Sign-up closes when the session starts');
    const existing = await findSignup(tx, ctx.districtCode, sessionId, p.userId);
    if (existing !== undefined && existing.status !== 'cancelled') throw new AppError('ACTIVITY.ALREADY_SIGNED_UP', 'You already hold a place on this session');
    const clash = await overlappingSignups(tx, ctx.districtCode, p.userId, sessionId, session.startsAt, session.endsAt);
    if (clash.length > 0)
      throw new AppError('ACTIVITY.OVERLAPPING_SESSION', 'You are signed up for a session at the same time', { sessionIds: clash.map((c) => c.sessionId) });
    // The new place is the last: everyone active on the list is ahead of it.
    const ahead = await countActive(tx, ctx.districtCode, sessionId);
    const position = await takePosition(tx, ctx.districtCode, sessionId);
    const status: SignupStatus = ahead < session.capacity ? 'signed_up' : 'waiting';
    await upsertSignup(tx, { sessionId, userId: p.userId, districtCode: ctx.districtCode, status, position, signedUpAt: now });
    return { status, waitingAhead: status === 'waiting' ? ahead - session.capacity : 0 };
  });
}

/**
 * The volunteer leaves a session's list before it starts. A signed-up volunteer's place goes to the
 * first on the waiting list, exactly once (under the session's lock). Returns who was promoted.
 */
export async function cancelSignup(ctx: AppContext, p: Principal, sessionId: number): Promise<{ promoted: number[] }> {
  authorize(p, RULES.volunteer);
  return ctx.database.db.transaction(async (tx) => {
    const { session } = await sessionOrThrow(ctx, sessionId, true, tx);
    const now = ctx.clock();
    if (session.startsAt <= now) throw new AppError('ACTIVITY.SESSION_STARTED', 'The session has started; ask the organiser');
    const mine = await findSignup(tx, ctx.districtCode, sessionId, p.userId);
    if (mine === undefined || mine.status === 'cancelled') throw new AppError('ACTIVITY.NOT_SIGNED_UP', 'You hold no place on this session');
    await setSignupStatus(tx, ctx.districtCode, sessionId, [p.userId], 'cancelled', now);
    const moves = rebalance(await activeEntries(tx, ctx.districtCode, sessionId), session.capacity);
    await setSignupStatus(tx, ctx.districtCode, sessionId, moves.promote, 'signed_up', now);
    await setSignupStatus(tx, ctx.districtCode, sessionId, moves.demote, 'waiting', now);
    return { promoted: moves.promote };
  });
}

export interface SessionListEntry extends SignupListRow {
  /** Minutes the check-in and check-out give (clipped to the session); null without a check-in. */
  computedMinutes: number | null;
  /** The volunteer's recorded minutes for the session (records and corrections summed); null when none. */
  recordedMinutes: number | null;
}

/** A session's list for its organisers: everybody who signed up, in order, with check-ins and recorded hours. */
export async function sessionList(
  ctx: AppContext,
  p: Principal,
  sessionId: number,
): Promise<{ session: SessionRow; activity: ActivityRow; entries: SessionListEntry[]; records: (HourRecordRow & { displayName: string })[] }> {
  const { session, activity } = await sessionOrThrow(ctx, sessionId);
  requireOrganiser(p, activity);
  const db = ctx.database.db;
  const rows = await sessionSignups(db, ctx.districtCode, sessionId);
  const records = await sessionHourRecords(db, ctx.districtCode, sessionId);
  const byUser = new Map<number, number>();
  for (const r of records) byUser.set(r.userId, (byUser.get(r.userId) ?? 0) + r.minutes);
  const entries = rows.map((r) => ({
    ...r,
    computedMinutes: r.checkedInAt === null ? null : servedMinutes(session, r.checkedInAt, r.checkedOutAt),
    recordedMinutes: byUser.get(r.userId) ?? null,
  }));
  // Walk-ins recorded by hand are on no list: their names come from the users.
  const names = new Map(rows.map((r) => [r.userId, r.displayName]));
  const missing = [...new Set(records.map((r) => r.userId).filter((id) => !names.has(id)))];
  for (const [id, name] of await userNames(db, missing)) names.set(id, name);
  return { session, activity, entries, records: records.map((r) => ({ ...r, displayName: names.get(r.userId) ?? '' })) };
}

// ---------------------------------------------------------------------------------------------
// Check-in

/** The QR code the organiser's screen shows now: the link to the check-in page with a fresh token. */
export async function checkInCode(
  ctx: AppContext,
  p: Principal,
  sessionId: number,
  baseUrl: string,
): Promise<{ token: string; url: string; svg: string; expiresAt: Date; refreshAt: Date; session: SessionRow; activity: ActivityRow }> {
  const { session, activity } = await sessionOrThrow(ctx, sessionId);
  requireOrganiser(p, activity);
  if (activity.state !== 'published') throw new AppError('ACTIVITY.NOT_PUBLISHED', 'Only a published activity has a check-in code');
  const now = ctx.clock();
  if (!checkInWindowOpen(session, now)) throw new AppError('CHECK_IN.NOT_OPEN', 'The code is shown from an hour before the session to two hours after it');
  const t = issueCheckInToken(ctx.personalData, ctx.districtCode, { sessionId, activityId: activity.id, venueTag: activity.venueTag }, now);
  const url = `${baseUrl}/m/check-in?t=${encodeURIComponent(t.token)}`;
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { ...t, url, svg, session, activity };
}

export interface CheckInResult {
  action: 'checked_in' | 'checked_out';
  at: Date;
  sessionId: number;
  activityId: number;
  checkedInAt: Date;
  checkedOutAt: Date | null;
}

/**
 * The volunteer's phone posts the code it scanned: checked in the first time, out the second (at least
 * five minutes later; `action` may say which). The hot path is the token check (no database) and one
 * statement; only a refusal reads more, to say why.
 */
export async function checkIn(
  ctx: AppContext,
  p: Principal,
  input: { token: string; action?: 'auto' | 'in' | 'out'; position?: { latitude: number; longitude: number } },
): Promise<CheckInResult> {
  authorize(p, RULES.volunteer);
  const now = ctx.clock();
  const checked = verifyCheckInToken(ctx.personalData, ctx.districtCode, input.token, now);
  if (!checked.ok)
    throw checked.reason === 'expired'
      ? new AppError('CHECK_IN.CODE_EXPIRED', 'The code has expired')
      : new AppError('CHECK_IN.INVALID_CODE', `The code is ${checked.reason}`);
  const { sessionId, activityId, venueTag: tag } = checked.claims;
  const db = ctx.database.db;
  let distanceM: number | null = null;
  if (input.position !== undefined) {
    const a = await findActivity(db, ctx.districtCode, activityId);
    if (a !== undefined && a.latitude !== null && a.longitude !== null) {
      distanceM = Math.round(distanceMetres(input.position, { latitude: a.latitude, longitude: a.longitude }));
      if (distanceM > CHECK_IN_RADIUS_M)
        throw new AppError('CHECK_IN.TOO_FAR', `You are ${distanceM} m from the venue`, { distanceM, radiusM: CHECK_IN_RADIUS_M });
    }
  }
  const action = input.action ?? 'auto';
  const r = await checkInOrOut(db, {
    districtCode: ctx.districtCode,
    sessionId,
    activityId,
    venueTag: tag,
    userId: p.userId,
    now,
    action,
    opensBeforeMs: CHECK_IN_OPENS_BEFORE_MS,
    closesAfterMs: CHECK_OUT_CLOSES_AFTER_MS,
    minStayMs: MIN_STAY_BEFORE_CHECK_OUT_MS,
    distanceM,
  });
  if (r !== undefined)
    return { action: r.did === 'in' ? 'checked_in' : 'checked_out', at: now, sessionId, activityId, checkedInAt: r.checkedInAt, checkedOutAt: r.checkedOutAt };
  throw await whyNoCheckIn(ctx, p, { sessionId, activityId, venueTag: tag, action, now });
}

/** Why the check-in statement changed nothing: the error to answer with. */
async function whyNoCheckIn(
  ctx: AppContext,
  p: Principal,
  c: { sessionId: number; activityId: number; venueTag: string; action: 'auto' | 'in' | 'out'; now: Date },
): Promise<AppError> {
  const found = await findSession(ctx.database.db, ctx.districtCode, c.sessionId);
  if (found === undefined || found.activity.id !== c.activityId || found.activity.venueTag !== c.venueTag)
    return new AppError('CHECK_IN.INVALID_CODE', 'The code names a session or venue that no longer matches');
  if (found.activity.state !== 'published') return new AppError('ACTIVITY.NOT_PUBLISHED', 'The activity is not published');
  if (!checkInWindowOpen(found.session, c.now))
    return new AppError('CHECK_IN.NOT_OPEN', 'Check-in opens an hour before the session and closes two hours after it');
  const mine = await findSignup(ctx.database.db, ctx.districtCode, c.sessionId, p.userId);
  if (mine === undefined || mine.status !== 'signed_up') return new AppError('CHECK_IN.NOT_SIGNED_UP', 'You are not signed up for this session');
  if (mine.checkedOutAt !== null) return new AppError('CHECK_IN.ALREADY_CHECKED_OUT', 'You have already checked out');
  if (mine.checkedInAt === null) return new AppError('CHECK_IN.NOT_CHECKED_IN', 'Check in first');
  return new AppError('CHECK_IN.ALREADY_CHECKED_IN', 'You checked in a moment ago; scan again to check out when you leave', {
    checkedInAt: mine.checkedInAt.toISOString(),
  });
}

// ---------------------------------------------------------------------------------------------
// Hours

const sessionMinutes = (s: SessionRow) => Math.floor((s.endsAt.getTime() - s.startsAt.getTime()) / 60_000);

/**
 * The organiser confirms the hours of a session that has ended: every checked-in volunteer without a
 * record yet (no `items`), or the ones listed, each with the computed minutes or an adjusted figure and
 * its reason. A volunteer who never checked out is counted to the session's end (`noCheckOut`). The
 * records are final; a volunteer already recorded is skipped (a retry records nothing twice).
 */
export async function confirmHours(
  ctx: AppContext,
  p: Principal,
  sessionId: number,
  items?: { userId: number; minutes?: number; reason?: string }[],
): Promise<{ recorded: HourRecordRow[]; skipped: number[] }> {
  return ctx.database.db.transaction(async (tx) => {
    const { session, activity } = await sessionOrThrow(ctx, sessionId, true, tx);
    requireOrganiser(p, activity);
    if (activity.state === 'draft') throw new AppError('ACTIVITY.NOT_PUBLISHED', 'A draft has no hours');
    const now = ctx.clock();
    if (session.endsAt > now) throw new AppError('HOURS.SESSION_NOT_ENDED', 'Hours are confirmed after the session ends');
    const list = await sessionSignups(tx, ctx.districtCode, sessionId);
    const byUser = new Map(list.map((s) => [s.userId, s]));
    const already = new Set((await sessionHourRecords(tx, ctx.districtCode, sessionId)).map((r) => r.userId));
    const wanted: { userId: number; minutes?: number; reason?: string }[] =
      items ?? list.filter((s) => s.status === 'signed_up' && s.checkedInAt !== null && !already.has(s.userId)).map((s) => ({ userId: s.userId }));
    const rows: Parameters<typeof insertHourRecords>[1] = [];
    const skipped: number[] = [];
    for (const item of wanted) {
      const s = byUser.get(item.userId);
      if (s === undefined || s.checkedInAt === null)
        throw new AppError('HOURS.NOT_CHECKED_IN', `User ${item.userId} did not check in to this session`, { userId: item.userId });
      if (already.has(item.userId)) {
        skipped.push(item.userId);
        continue;
      }
      const computed = servedMinutes(session, s.checkedInAt, s.checkedOutAt);
      const minutes = item.minutes ?? computed;
      if (minutes > sessionMinutes(session))
        throw new AppError('HOURS.TOO_MANY_MINUTES', `The session lasts ${sessionMinutes(session)} minutes`, { userId: item.userId });
      const reason = item.reason?.trim() ?? '';
      if (minutes !== computed && reason === '')
        throw new AppError('HOURS.REASON_REQUIRED', `An adjusted figure for user ${item.userId} needs a reason`, { userId: item.userId });
      rows.push({
        districtCode: ctx.districtCode,
        userId: item.userId,
        activityId: activity.id,
        sessionId,
        organiserUnitId: activity.organiserUnitId,
        kind: 'check_in',
        minutes,
        computedMinutes: minutes === computed ? null : computed,
        noCheckOut: s.checkedOutAt === null,
        servedOn: localDate(session.startsAt),
        reason,
        recordedBy: p.userId,
        recordedAt: now,
      });
    }
    const inserted = await insertHourRecords(tx, rows);
    await updateSessionRow(tx, ctx.districtCode, sessionId, { hoursConfirmedAt: now });
    await recorded(ctx, tx, inserted);
    return { recorded: inserted, skipped };
  });
}

/**
 * A coordinator records hours by hand for a volunteer who did not check in: a walk-in (现场补录) or a
 * paper record (纸质补录), flagged `manual` with who recorded it and why. After the session ends; once
 * per session and volunteer (a later change is a correction).
 */
export async function recordManualHours(
  ctx: AppContext,
  p: Principal,
  sessionId: number,
  input: { userId: number; minutes: number; source: 'walk_in' | 'paper'; reason: string },
): Promise<HourRecordRow> {
  return ctx.database.db.transaction(async (tx) => {
    const { session, activity } = await sessionOrThrow(ctx, sessionId, true, tx);
    requireOrganiser(p, activity, 'coordinate');
    if (activity.state === 'draft') throw new AppError('ACTIVITY.NOT_PUBLISHED', 'A draft has no hours');
    const now = ctx.clock();
    if (session.endsAt > now) throw new AppError('HOURS.SESSION_NOT_ENDED', 'Hours are recorded after the session ends');
    if (input.reason.trim() === '') throw new AppError('HOURS.REASON_REQUIRED', 'A manual record needs a reason');
    const user = await findUserBrief(tx, input.userId);
    if (user === undefined || !user.roles.includes('volunteer'))
      throw new AppError('HOURS.NOT_A_VOLUNTEER', `User ${input.userId} is not a volunteer`, { userId: input.userId });
    if (input.minutes > sessionMinutes(session)) throw new AppError('HOURS.TOO_MANY_MINUTES', `The session lasts ${sessionMinutes(session)} minutes`);
    const [row] = await insertHourRecords(tx, [
      {
        districtCode: ctx.districtCode,
        userId: input.userId,
        activityId: activity.id,
        sessionId,
        organiserUnitId: activity.organiserUnitId,
        kind: 'manual',
        manualSource: input.source,
        minutes: input.minutes,
        servedOn: localDate(session.startsAt),
        reason: input.reason.trim(),
        recordedBy: p.userId,
        recordedAt: now,
      },
    ]);
    if (row === undefined) throw new AppError('HOURS.ALREADY_RECORDED', 'This volunteer’s hours for the session are already recorded; correct them instead');
    await recorded(ctx, tx, [row]);
    return row;
  });
}

/**
 * Corrects a record by a new one (records are never edited): `minutes` is the new figure for the
 * volunteer's session, and the correction carries the difference and the reason.
 */
export async function correctHours(ctx: AppContext, p: Principal, recordId: number, input: { minutes: number; reason: string }): Promise<HourRecordRow> {
  return ctx.database.db.transaction(async (tx) => {
    const original = await findHourRecord(tx, ctx.districtCode, recordId);
    // A service order's record follows the order's service record: it is not an activity's to correct.
    if (original === undefined || original.sessionId === null) throw notFound('Hour record', recordId);
    const sessionId = original.sessionId;
    const { session, activity } = await sessionOrThrow(ctx, sessionId, true, tx);
    requireOrganiser(p, activity, 'coordinate');
    if (original.kind === 'correction') throw invalid('Correct the original record, not a correction');
    if (input.reason.trim() === '') throw new AppError('HOURS.REASON_REQUIRED', 'A correction needs a reason');
    if (input.minutes > sessionMinutes(session)) throw new AppError('HOURS.TOO_MANY_MINUTES', `The session lasts ${sessionMinutes(session)} minutes`);
    const current = (await sessionHourRecords(tx, ctx.districtCode, sessionId)).filter((r) => r.userId === original.userId).reduce((n, r) => n + r.minutes, 0);
    const delta = input.minutes - current;
    if (delta === 0) throw invalid(`The record already stands at ${current} minutes`);
    const [row] = await insertHourRecords(tx, [
      {
        districtCode: ctx.districtCode,
        userId: original.userId,
        activityId: original.activityId,
        sessionId: original.sessionId,
        organiserUnitId: original.organiserUnitId,
        kind: 'correction',
        minutes: delta,
        servedOn: original.servedOn,
        reason: input.reason.trim(),
        correctsId: original.id,
        recordedBy: p.userId,
        recordedAt: ctx.clock(),
      },
    ]);
    await recorded(ctx, tx, [row!]);
    return row!;
  });
}

/** Volunteers matching a name or username, for a coordinator's manual record. */
export async function searchVolunteers(ctx: AppContext, p: Principal, q: string) {
  authorize(p, RULES.coordinate);
  return findVolunteers(ctx.database.db, ctx.districtCode, q.trim(), 20);
}

/** The volunteer's sessions (any status), newest first: the mobile list of "my activities". */
export async function mySignups(ctx: AppContext, p: Principal) {
  authorize(p, RULES.volunteer);
  return signupsWithSessions(ctx.database.db, ctx.districtCode, p.userId, 100);
}
