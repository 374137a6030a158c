/**
 * SQL of the activities module (志愿活动): activities, sessions, the sign-up lists, check-ins and the
 * records of service hours. The same on PGlite and PostgreSQL.
 */
import { and, asc, desc, eq, gt, inArray, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.ts';
import { queryRows } from '../../platform/db/client.ts';
import { runFixed, type FixedStatement } from '../../platform/db/prepared.ts';
import { units, users } from '../../engine/reference/reference.table.ts';
import type { ListEntry, SignupStatus } from './activities.domain.ts';
import { activities, activitySessions, activitySignups, serviceHourRecords } from './activities.table.ts';

export type ActivityRow = typeof activities.$inferSelect;
export type SessionRow = typeof activitySessions.$inferSelect;
export type SignupRow = typeof activitySignups.$inferSelect;
export type HourRecordRow = typeof serviceHourRecords.$inferSelect;

const iso = (d: Date) => d.toISOString();

// ---------------------------------------------------------------------------------------------
// Activities and sessions

export async function insertActivity(db: DbOrTx, row: typeof activities.$inferInsert): Promise<ActivityRow> {
  const [r] = await db.insert(activities).values(row).returning();
  return r!;
}

export async function updateActivity(db: DbOrTx, districtCode: string, id: number, patch: Partial<typeof activities.$inferInsert>): Promise<ActivityRow> {
  const [r] = await db
    .update(activities)
    .set(patch)
    .where(and(eq(activities.districtCode, districtCode), eq(activities.id, id)))
    .returning();
  return r!;
}

export async function findActivity(db: DbOrTx, districtCode: string, id: number, lock = false): Promise<ActivityRow | undefined> {
  const q = db
    .select()
    .from(activities)
    .where(and(eq(activities.districtCode, districtCode), eq(activities.id, id)));
  return (lock ? await q.for('update') : await q)[0];
}

/**
 * Activities of the district, newest first: the published ones (and the cancelled, for who signed up),
 * plus the drafts of the units in `draftsOf` ('all' for admins).
 */
export async function listActivityRows(db: DbOrTx, districtCode: string, opts: { organiserUnitIds?: number[] | 'all'; limit: number }): Promise<ActivityRow[]> {
  const conds = [eq(activities.districtCode, districtCode)];
  if (opts.organiserUnitIds === undefined) conds.push(ne(activities.state, 'draft'));
  else if (opts.organiserUnitIds !== 'all') conds.push(inArray(activities.organiserUnitId, opts.organiserUnitIds.length ? opts.organiserUnitIds : [-1]));
  return db
    .select()
    .from(activities)
    .where(and(...conds))
    .orderBy(desc(activities.id))
    .limit(opts.limit);
}

export async function insertSession(db: DbOrTx, row: typeof activitySessions.$inferInsert): Promise<SessionRow> {
  const [r] = await db.insert(activitySessions).values(row).returning();
  return r!;
}

export async function updateSession(db: DbOrTx, districtCode: string, id: number, patch: Partial<typeof activitySessions.$inferInsert>): Promise<void> {
  await db
    .update(activitySessions)
    .set(patch)
    .where(and(eq(activitySessions.districtCode, districtCode), eq(activitySessions.id, id)));
}

export async function sessionsOf(db: DbOrTx, districtCode: string, activityIds: number[]): Promise<SessionRow[]> {
  if (activityIds.length === 0) return [];
  return db
    .select()
    .from(activitySessions)
    .where(and(eq(activitySessions.districtCode, districtCode), inArray(activitySessions.activityId, activityIds)))
    .orderBy(asc(activitySessions.startsAt), asc(activitySessions.id));
}

/**
 * The session and its activity; with `lock`, the session's row is locked for the rest of the
 * transaction: every change of its lists happens under this lock, one at a time.
 */
export async function findSession(
  db: DbOrTx,
  districtCode: string,
  id: number,
  lock = false,
): Promise<{ session: SessionRow; activity: ActivityRow } | undefined> {
  const q = db
    .select({ session: activitySessions, activity: activities })
    .from(activitySessions)
    .innerJoin(activities, and(eq(activities.districtCode, activitySessions.districtCode), eq(activities.id, activitySessions.activityId)))
    .where(and(eq(activitySessions.districtCode, districtCode), eq(activitySessions.id, id)));
  return (lock ? await q.for('update', { of: activitySessions }) : await q)[0];
}

/** Per session: how many are signed up and how many wait. */
export async function listCounts(db: DbOrTx, districtCode: string, sessionIds: number[]): Promise<Map<number, { signedUp: number; waiting: number }>> {
  const out = new Map<number, { signedUp: number; waiting: number }>();
  if (sessionIds.length === 0) return out;
  const rows = await db
    .select({
      sessionId: activitySignups.sessionId,
      signedUp: sql<number>`count(*) filter (where ${activitySignups.status} = 'signed_up')::int`,
      waiting: sql<number>`count(*) filter (where ${activitySignups.status} = 'waiting')::int`,
    })
    .from(activitySignups)
    .where(and(inArray(activitySignups.sessionId, sessionIds), eq(activitySignups.districtCode, districtCode)))
    .groupBy(activitySignups.sessionId);
  for (const r of rows) out.set(r.sessionId, { signedUp: r.signedUp, waiting: r.waiting });
  return out;
}

/** The user's own rows on these sessions (status, check-in). */
export async function signupsOfUser(db: DbOrTx, districtCode: string, userId: number, sessionIds: number[]): Promise<SignupRow[]> {
  if (sessionIds.length === 0) return [];
  return db
    .select()
    .from(activitySignups)
    .where(and(inArray(activitySignups.sessionId, sessionIds), eq(activitySignups.userId, userId), eq(activitySignups.districtCode, districtCode)));
}

// ---------------------------------------------------------------------------------------------
// Sign-up lists (always called with the session locked)

/**
 * Serialises one volunteer's sign-ups across sessions for the rest of the transaction (an advisory
 * lock keyed by the user), so two overlapping sessions signed up for at once cannot both pass the
 * overlap check. Taken before the session's lock.
 */
export async function lockVolunteer(db: DbOrTx, userId: number): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(727101, ${userId}::int)`);
}

export async function findSignup(db: DbOrTx, districtCode: string, sessionId: number, userId: number): Promise<SignupRow | undefined> {
  return (
    await db
      .select()
      .from(activitySignups)
      .where(and(eq(activitySignups.sessionId, sessionId), eq(activitySignups.userId, userId), eq(activitySignups.districtCode, districtCode)))
  )[0];
}

export async function activeEntries(db: DbOrTx, districtCode: string, sessionId: number): Promise<ListEntry[]> {
  const rows = await db
    .select({ userId: activitySignups.userId, position: activitySignups.position, status: activitySignups.status })
    .from(activitySignups)
    .where(and(eq(activitySignups.sessionId, sessionId), eq(activitySignups.districtCode, districtCode), ne(activitySignups.status, 'cancelled')));
  return rows as ListEntry[];
}

/** Which of `userIds` have checked in to the session. */
export async function checkedInAmong(db: DbOrTx, districtCode: string, sessionId: number, userIds: number[]): Promise<number[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .select({ userId: activitySignups.userId })
    .from(activitySignups)
    .where(
      and(
        eq(activitySignups.sessionId, sessionId),
        eq(activitySignups.districtCode, districtCode),
        inArray(activitySignups.userId, userIds),
        sql`${activitySignups.checkedInAt} is not null`,
      ),
    );
  return rows.map((r) => r.userId);
}

/** How many hold a place on the session's list (signed up or waiting). */
export async function countActive(db: DbOrTx, districtCode: string, sessionId: number): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(activitySignups)
    .where(and(eq(activitySignups.sessionId, sessionId), eq(activitySignups.districtCode, districtCode), ne(activitySignups.status, 'cancelled')));
  return r!.n;
}

/** A new place at the end of the session's queue: the session's next position, taken. */
export async function takePosition(db: DbOrTx, districtCode: string, sessionId: number): Promise<number> {
  const rows = await db
    .update(activitySessions)
    .set({ nextPosition: sql`${activitySessions.nextPosition} + 1` })
    .where(and(eq(activitySessions.districtCode, districtCode), eq(activitySessions.id, sessionId)))
    .returning({ taken: sql<number>`${activitySessions.nextPosition} - 1` });
  return rows[0]!.taken;
}

export async function upsertSignup(db: DbOrTx, row: typeof activitySignups.$inferInsert): Promise<void> {
  await db
    .insert(activitySignups)
    .values(row)
    .onConflictDoUpdate({
      target: [activitySignups.sessionId, activitySignups.userId, activitySignups.districtCode],
      set: {
        status: row.status,
        position: row.position,
        signedUpAt: row.signedUpAt,
        promotedAt: null,
        cancelledAt: null,
        checkedInAt: null,
        checkedOutAt: null,
        checkInDistanceM: null,
      },
    });
}

export async function setSignupStatus(db: DbOrTx, districtCode: string, sessionId: number, userIds: number[], status: SignupStatus, now: Date): Promise<void> {
  if (userIds.length === 0) return;
  await db
    .update(activitySignups)
    .set({
      status,
      ...(status === 'signed_up' ? { promotedAt: now } : {}),
      ...(status === 'cancelled' ? { cancelledAt: now } : {}),
    })
    .where(and(eq(activitySignups.sessionId, sessionId), inArray(activitySignups.userId, userIds), eq(activitySignups.districtCode, districtCode)));
}

/** The volunteer's active sign-ups (signed up or waiting) on other sessions overlapping [startsAt, endsAt). */
export async function overlappingSignups(
  db: DbOrTx,
  districtCode: string,
  userId: number,
  exceptSessionId: number,
  startsAt: Date,
  endsAt: Date,
): Promise<{ sessionId: number; activityId: number; startsAt: Date; endsAt: Date }[]> {
  return db
    .select({ sessionId: activitySessions.id, activityId: activitySessions.activityId, startsAt: activitySessions.startsAt, endsAt: activitySessions.endsAt })
    .from(activitySignups)
    .innerJoin(activitySessions, and(eq(activitySessions.id, activitySignups.sessionId), eq(activitySessions.districtCode, activitySignups.districtCode)))
    .innerJoin(activities, and(eq(activities.id, activitySessions.activityId), eq(activities.districtCode, activitySessions.districtCode)))
    .where(
      and(
        eq(activitySignups.userId, userId),
        eq(activitySignups.districtCode, districtCode),
        ne(activitySignups.status, 'cancelled'),
        ne(activitySignups.sessionId, exceptSessionId),
        ne(activities.state, 'cancelled'),
        sql`${activitySessions.startsAt} < ${iso(endsAt)}::timestamptz and ${activitySessions.endsAt} > ${iso(startsAt)}::timestamptz`,
      ),
    );
}

export interface SignupListRow extends SignupRow {
  displayName: string;
  username: string;
}

/** The session's list with the volunteers' names, in queue order. */
export async function sessionSignups(db: DbOrTx, districtCode: string, sessionId: number): Promise<SignupListRow[]> {
  const rows = await db
    .select({ s: activitySignups, displayName: users.displayName, username: users.username })
    .from(activitySignups)
    .innerJoin(users, eq(users.id, activitySignups.userId))
    .where(and(eq(activitySignups.sessionId, sessionId), eq(activitySignups.districtCode, districtCode)))
    .orderBy(asc(activitySignups.position));
  return rows.map((r) => ({ ...r.s, displayName: r.displayName, username: r.username }));
}

/** The volunteer's sessions (any status) with their activities, newest first. */
export async function signupsWithSessions(db: DbOrTx, districtCode: string, userId: number, limit: number) {
  return db
    .select({ signup: activitySignups, session: activitySessions, activity: activities })
    .from(activitySignups)
    .innerJoin(activitySessions, and(eq(activitySessions.id, activitySignups.sessionId), eq(activitySessions.districtCode, activitySignups.districtCode)))
    .innerJoin(activities, and(eq(activities.id, activitySessions.activityId), eq(activities.districtCode, activitySessions.districtCode)))
    .where(and(eq(activitySignups.userId, userId), eq(activitySignups.districtCode, districtCode)))
    .orderBy(desc(activitySessions.startsAt))
    .limit(limit);
}

// ---------------------------------------------------------------------------------------------
// Check-in: one statement on the hot path

export interface CheckInRow {
  checkedInAt: Date;
  checkedOutAt: Date | null;
  /** What this statement did. */
  did: 'in' | 'out';
}

/**
 * The check-in statement, prepared once per process and run by name (src/platform/db/prepared.ts): it
 * runs on every check-in, so PostgreSQL plans it from its cache and drizzle builds nothing. $1 district,
 * $2 session, $3 user, $4 activity, $5 venue tag, $6 now, $7 checked in at or before (for a check-out),
 * $8 ms the window opens before the start, $9 ms it closes after the end, $10 metres from the venue,
 * $11 action (auto · in · out).
 */
const CHECK_IN: FixedStatement = {
  name: 'jiesu_activity_check_in',
  sql: `update activity_signups su set
          checked_in_at = coalesce(su.checked_in_at, $6::timestamptz),
          checked_out_at = case when su.checked_in_at is null then null else $6::timestamptz end,
          check_in_distance_m = case when su.checked_in_at is null then $10::int else su.check_in_distance_m end
        from activity_sessions s, activities a
        where su.session_id = $2::int and su.user_id = $3::int and su.district_code = $1::varchar and su.status = 'signed_up'
          and ((($11::text = 'auto' or $11::text = 'in') and su.checked_in_at is null)
            or (($11::text = 'auto' or $11::text = 'out') and su.checked_in_at is not null and su.checked_out_at is null and su.checked_in_at <= $7::timestamptz))
          and s.id = su.session_id and s.district_code = su.district_code and s.activity_id = $4::int
          and $6::timestamptz >= s.starts_at - $8::int * interval '1 millisecond'
          and $6::timestamptz <= s.ends_at + $9::int * interval '1 millisecond'
          and a.id = s.activity_id and a.district_code = s.district_code and a.state = 'published' and a.venue_tag = $5::varchar
        returning su.checked_in_at, su.checked_out_at, case when su.checked_out_at is null then 'in' else 'out' end as did`,
  params: Array.from({ length: 11 }, (_, i) => sql.placeholder(String(i))),
};

export interface CheckInRow {
  checkedInAt: Date;
  checkedOutAt: Date | null;
  /** What this statement did. */
  did: 'in' | 'out';
}

/**
 * Checks the volunteer in (or out) in one statement, or does nothing and returns undefined when any
 * condition fails (then the use case reads why): the session belongs to the activity the code names,
 * at the venue it names, the activity is published, `now` is within the session's window, the
 * volunteer is signed up, and the action fits their state (`auto`: in when not yet in, out when in for
 * at least `minStayMs`, never after out).
 */
export async function checkInOrOut(
  db: DbOrTx,
  p: {
    districtCode: string;
    sessionId: number;
    activityId: number;
    venueTag: string;
    userId: number;
    now: Date;
    action: 'auto' | 'in' | 'out';
    opensBeforeMs: number;
    closesAfterMs: number;
    minStayMs: number;
    distanceM: number | null;
  },
): Promise<CheckInRow | undefined> {
  const rows = await runFixed<{ checked_in_at: string | Date; checked_out_at: string | Date | null; did: 'in' | 'out' }>(db, CHECK_IN, [
    p.districtCode,
    p.sessionId,
    p.userId,
    p.activityId,
    p.venueTag,
    iso(p.now),
    iso(new Date(p.now.getTime() - p.minStayMs)),
    p.opensBeforeMs,
    p.closesAfterMs,
    p.distanceM,
    p.action,
  ]);
  const r = rows[0];
  if (r === undefined) return undefined;
  return { checkedInAt: new Date(r.checked_in_at), checkedOutAt: r.checked_out_at === null ? null : new Date(r.checked_out_at), did: r.did };
}

// ---------------------------------------------------------------------------------------------
// Service hours

export async function insertHourRecords(db: DbOrTx, rows: (typeof serviceHourRecords.$inferInsert)[]): Promise<HourRecordRow[]> {
  if (rows.length === 0) return [];
  return db.insert(serviceHourRecords).values(rows).onConflictDoNothing().returning();
}

export async function findHourRecord(db: DbOrTx, districtCode: string, id: number): Promise<HourRecordRow | undefined> {
  return (
    await db
      .select()
      .from(serviceHourRecords)
      .where(and(eq(serviceHourRecords.districtCode, districtCode), eq(serviceHourRecords.id, id)))
  )[0];
}

export async function sessionHourRecords(db: DbOrTx, districtCode: string, sessionId: number): Promise<HourRecordRow[]> {
  return db
    .select()
    .from(serviceHourRecords)
    .where(and(eq(serviceHourRecords.districtCode, districtCode), eq(serviceHourRecords.sessionId, sessionId)))
    .orderBy(asc(serviceHourRecords.id));
}

export interface UserHourRecord extends HourRecordRow {
  activityTitle: string;
  organiserName: string;
}

/** A volunteer's records with the activity's title (a service order's record: its own title) and the organiser's name, by date. */
export async function userHourRecords(db: DbOrTx, districtCode: string, userId: number, from: string, to: string): Promise<UserHourRecord[]> {
  const rows = await db
    .select({ r: serviceHourRecords, activityTitle: sql<string>`coalesce(${activities.title}, ${serviceHourRecords.title})`, organiserName: units.name })
    .from(serviceHourRecords)
    .leftJoin(activities, and(eq(activities.id, serviceHourRecords.activityId), eq(activities.districtCode, serviceHourRecords.districtCode)))
    .innerJoin(units, eq(units.id, serviceHourRecords.organiserUnitId))
    .where(
      and(
        eq(serviceHourRecords.userId, userId),
        eq(serviceHourRecords.districtCode, districtCode),
        sql`${serviceHourRecords.servedOn} >= ${from}::date and ${serviceHourRecords.servedOn} < ${to}::date`,
      ),
    )
    .orderBy(asc(serviceHourRecords.servedOn), asc(serviceHourRecords.id));
  return rows.map((x) => ({ ...x.r, activityTitle: x.activityTitle, organiserName: x.organiserName }));
}

/** Volunteers by minutes served in [from, to), most first (ties by user id); only positive totals. */
export async function leaderboardRows(
  db: DbOrTx,
  districtCode: string,
  from: string,
  to: string,
  limit: number,
): Promise<{ userId: number; displayName: string; minutes: number; sessions: number }[]> {
  return queryRows(
    db,
    sql`select r.user_id as "userId", u.display_name as "displayName", sum(r.minutes)::int as minutes,
               count(distinct r.session_id)::int as sessions
        from service_hour_records r join users u on u.id = r.user_id
        where r.district_code = ${districtCode} and r.served_on >= ${from}::date and r.served_on < ${to}::date
        group by r.user_id, u.display_name
        having sum(r.minutes) > 0
        order by minutes desc, r.user_id
        limit ${limit}`,
  );
}

/** Every volunteer's minutes served in [from, to) (nonzero totals only): the team boards add them up by team. */
export async function minutesByVolunteer(db: DbOrTx, districtCode: string, from: string, to: string): Promise<{ userId: number; minutes: number }[]> {
  return queryRows(
    db,
    sql`select r.user_id as "userId", sum(r.minutes)::int as minutes
        from service_hour_records r
        where r.district_code = ${districtCode} and r.served_on >= ${from}::date and r.served_on < ${to}::date
        group by r.user_id
        having sum(r.minutes) <> 0`,
  );
}

/** Organising units by minutes served at their activities in [from, to). */
export async function organiserBoardRows(
  db: DbOrTx,
  districtCode: string,
  from: string,
  to: string,
  limit: number,
): Promise<{ unitId: number; name: string; minutes: number; volunteers: number }[]> {
  return queryRows(
    db,
    sql`select r.organiser_unit_id as "unitId", u.name, sum(r.minutes)::int as minutes, count(distinct r.user_id)::int as volunteers
        from service_hour_records r join units u on u.id = r.organiser_unit_id
        where r.district_code = ${districtCode} and r.served_on >= ${from}::date and r.served_on < ${to}::date
        group by r.organiser_unit_id, u.name
        having sum(r.minutes) > 0
        order by minutes desc, r.organiser_unit_id
        limit ${limit}`,
  );
}

/** Records with an id above `afterId`, in id order: the feed the points bank reads (index.ts). */
export async function hourRecordsAfter(db: DbOrTx, districtCode: string, afterId: number, limit: number): Promise<HourRecordRow[]> {
  return db
    .select()
    .from(serviceHourRecords)
    .where(and(eq(serviceHourRecords.districtCode, districtCode), gt(serviceHourRecords.id, afterId)))
    .orderBy(asc(serviceHourRecords.id))
    .limit(limit);
}

/** Users holding the role `volunteer`, by name or username (a coordinator picking whom to record). */
export async function findVolunteers(
  db: DbOrTx,
  districtCode: string,
  q: string,
  limit: number,
): Promise<{ id: number; username: string; displayName: string }[]> {
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .select({ id: users.id, username: users.username, displayName: users.displayName })
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .where(
      and(
        eq(units.districtCode, districtCode),
        sql`${users.roles} @> array['volunteer']::text[]`,
        eq(users.active, true),
        sql`(${users.displayName} ilike ${like} or ${users.username} ilike ${like})`,
      ),
    )
    .orderBy(asc(users.id))
    .limit(limit);
}

/** Display names of users by id. */
export async function userNames(db: DbOrTx, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: users.id, displayName: users.displayName }).from(users).where(inArray(users.id, ids));
  return new Map(rows.map((r) => [r.id, r.displayName]));
}

export async function findUserBrief(
  db: DbOrTx,
  id: number,
): Promise<{ id: number; username: string; displayName: string; roles: string[]; unitId: number } | undefined> {
  return (
    await db
      .select({ id: users.id, username: users.username, displayName: users.displayName, roles: users.roles, unitId: users.unitId })
      .from(users)
      .where(eq(users.id, id))
  )[0];
}

/** Whether the district has any activity (the demo seed runs once). */
export async function hasActivities(db: DbOrTx, districtCode: string): Promise<boolean> {
  return (await db.select({ id: activities.id }).from(activities).where(eq(activities.districtCode, districtCode)).limit(1)).length > 0;
}

/** Every volunteer of the district (users holding the role) with their home unit, by id. */
export async function volunteerHomes(db: DbOrTx, districtCode: string): Promise<{ userId: number; username: string; unitId: number }[]> {
  return db
    .select({ userId: users.id, username: users.username, unitId: users.unitId })
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .where(and(eq(units.districtCode, districtCode), sql`${users.roles} @> array['volunteer']::text[]`))
    .orderBy(asc(users.id));
}
