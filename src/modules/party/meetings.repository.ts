/** 三会一课 and 主题党日's SQL: meetings, their roll calls, a member's attendance and the compliance figures. */
import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../platform/db/client.ts';
import type { AttendanceStatus, MeetingKind } from './meetings.domain.ts';
import { partyMeetingAttendance, partyMeetings } from './meetings.table.ts';

export type MeetingRow = typeof partyMeetings.$inferSelect;
export type NewMeeting = Omit<typeof partyMeetings.$inferInsert, 'id'>;
export type MeetingAttendanceRow = typeof partyMeetingAttendance.$inferSelect;

export async function insertMeeting(db: DbOrTx, row: NewMeeting): Promise<MeetingRow> {
  const [out] = await db.insert(partyMeetings).values(row).returning();
  return out!;
}

/**
 * Many held or planned meetings at once (the demo): ids drawn from the sequence first, then one statement
 * per 5,000 rows reading them from JSON (far quicker on the embedded database than bound parameters).
 * Returns the ids in the order given.
 */
export async function insertMeetings(db: DbOrTx, rows: readonly NewMeeting[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const ids = (
    await queryRows<{ id: number | string }>(
      db,
      sql`select nextval(pg_get_serial_sequence('party_meetings', 'id')) as id from generate_series(1, ${rows.length}::int)`,
    )
  ).map((r) => Number(r.id));
  const iso = (d: Date | null | undefined) => (d == null ? null : d.toISOString());
  for (let i = 0; i < rows.length; i += 5000) {
    const json = JSON.stringify(
      rows.slice(i, i + 5000).map((r, j) => ({
        id: ids[i + j],
        district_code: r.districtCode,
        organisation_id: r.organisationId,
        kind: r.kind,
        title: r.title,
        starts_at: iso(r.startsAt),
        place: r.place,
        state: r.state,
        minutes: r.minutes ?? null,
        held_at: iso(r.heldAt),
        held_on: r.heldOn ?? null,
        recorded_by_user_id: r.recordedByUserId ?? null,
        recorded_at: iso(r.recordedAt),
        cancel_reason: r.cancelReason ?? null,
        cancelled_at: iso(r.cancelledAt),
        created_by_user_id: r.createdByUserId,
        created_at: iso(r.createdAt),
        updated_at: iso(r.updatedAt),
      })),
    );
    await db.execute(sql`insert into party_meetings select * from json_populate_recordset(null::party_meetings, ${json}::json)`);
  }
  return ids;
}

export async function findMeeting(db: DbOrTx, districtCode: string, id: number): Promise<MeetingRow | undefined> {
  return (
    await db
      .select()
      .from(partyMeetings)
      .where(and(eq(partyMeetings.districtCode, districtCode), eq(partyMeetings.id, id)))
  )[0];
}

/** The meeting's row, locked for the rest of the transaction (one recording or cancelling at a time). */
export async function lockMeeting(db: DbOrTx, districtCode: string, id: number): Promise<MeetingRow | undefined> {
  return (
    await db
      .select()
      .from(partyMeetings)
      .where(and(eq(partyMeetings.districtCode, districtCode), eq(partyMeetings.id, id)))
      .for('update')
  )[0];
}

export async function updateMeeting(db: DbOrTx, districtCode: string, id: number, set: Partial<NewMeeting>): Promise<MeetingRow> {
  const [out] = await db
    .update(partyMeetings)
    .set(set)
    .where(and(eq(partyMeetings.districtCode, districtCode), eq(partyMeetings.id, id)))
    .returning();
  return out!;
}

/** A branch's meetings whose day (held, else planned) lies in [from, to), in time order. */
export async function meetingsOfBranch(db: DbOrTx, districtCode: string, organisationId: number, from: Date, to: Date): Promise<MeetingRow[]> {
  const at = sql`coalesce(${partyMeetings.heldAt}, ${partyMeetings.startsAt})`;
  return db
    .select()
    .from(partyMeetings)
    .where(
      and(
        eq(partyMeetings.districtCode, districtCode),
        eq(partyMeetings.organisationId, organisationId),
        sql`${at} >= ${from.toISOString()}`,
        sql`${at} < ${to.toISOString()}`,
      ),
    )
    .orderBy(asc(at), asc(partyMeetings.id));
}

/** A branch's planned meetings starting in [from, to), soonest first. */
export async function plannedMeetings(db: DbOrTx, districtCode: string, organisationId: number, from: Date, to: Date): Promise<MeetingRow[]> {
  return db
    .select()
    .from(partyMeetings)
    .where(
      and(
        eq(partyMeetings.districtCode, districtCode),
        eq(partyMeetings.organisationId, organisationId),
        eq(partyMeetings.state, 'planned'),
        gte(partyMeetings.startsAt, from),
        lt(partyMeetings.startsAt, to),
      ),
    )
    .orderBy(asc(partyMeetings.startsAt));
}

/** Present / absent / excused per meeting. */
export async function attendanceCounts(
  db: DbOrTx,
  districtCode: string,
  meetingIds: readonly number[],
): Promise<Map<number, { present: number; absent: number; excused: number }>> {
  const out = new Map<number, { present: number; absent: number; excused: number }>();
  if (meetingIds.length === 0) return out;
  const rows = await db
    .select({ meetingId: partyMeetingAttendance.meetingId, status: partyMeetingAttendance.status, n: sql<number>`count(*)::int` })
    .from(partyMeetingAttendance)
    .where(and(eq(partyMeetingAttendance.districtCode, districtCode), inArray(partyMeetingAttendance.meetingId, [...meetingIds])))
    .groupBy(partyMeetingAttendance.meetingId, partyMeetingAttendance.status);
  for (const r of rows) {
    const c = out.get(r.meetingId) ?? { present: 0, absent: 0, excused: 0 };
    c[r.status] = Number(r.n);
    out.set(r.meetingId, c);
  }
  return out;
}

export async function attendanceOf(db: DbOrTx, districtCode: string, meetingId: number): Promise<MeetingAttendanceRow[]> {
  return db
    .select()
    .from(partyMeetingAttendance)
    .where(and(eq(partyMeetingAttendance.districtCode, districtCode), eq(partyMeetingAttendance.meetingId, meetingId)))
    .orderBy(asc(partyMeetingAttendance.memberId));
}

/** One member's roll-call rows for the given meetings. */
export async function attendanceOfMember(db: DbOrTx, districtCode: string, memberId: number, meetingIds: readonly number[]): Promise<MeetingAttendanceRow[]> {
  if (meetingIds.length === 0) return [];
  return db
    .select()
    .from(partyMeetingAttendance)
    .where(
      and(
        eq(partyMeetingAttendance.districtCode, districtCode),
        eq(partyMeetingAttendance.memberId, memberId),
        inArray(partyMeetingAttendance.meetingId, [...meetingIds]),
      ),
    );
}

/** The meeting's roll call replaced by `rows` (recording again replaces it). */
export async function replaceAttendance(
  db: DbOrTx,
  districtCode: string,
  meetingId: number,
  rows: readonly { memberId: number; status: AttendanceStatus; reason: string | null }[],
): Promise<void> {
  await db.delete(partyMeetingAttendance).where(and(eq(partyMeetingAttendance.districtCode, districtCode), eq(partyMeetingAttendance.meetingId, meetingId)));
  await insertAttendance(
    db,
    rows.map((r) => ({ ...r, meetingId, districtCode })),
  );
}

/** Roll-call rows, one statement per 10,000 read from JSON (the demo writes many meetings' at once). */
export async function insertAttendance(db: DbOrTx, rows: readonly MeetingAttendanceRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 10_000) {
    const json = JSON.stringify(
      rows
        .slice(i, i + 10_000)
        .map((r) => ({ meeting_id: r.meetingId, district_code: r.districtCode, member_id: r.memberId, status: r.status, reason: r.reason })),
    );
    await db.execute(sql`insert into party_meeting_attendance select * from json_populate_recordset(null::party_meeting_attendance, ${json}::json)`);
  }
}

export interface ComplianceRow {
  organisationId: number;
  name: string;
  code: string;
  divisionCode: string | null;
  /** Someone besides the secretary holds a committee post. */
  committee: boolean;
  /** Null for a branch without any held meeting in the year (one row for it). */
  kind: MeetingKind | null;
  held: number;
  /** The months (1–12) of the year in which the kind was held. */
  months: number[];
}

/**
 * The compliance figures in one grouped statement: every active branch of the scope (by the division
 * prefix; null = the whole district) with, per kind, the count of meetings held in [from, to] (one year)
 * and the months they were held in (a bit per month: cheaper than a distinct array), and whether the
 * branch has a committee. One row per branch and kind held (one row with kind null for a branch that held
 * none). The meetings are grouped per branch in a lateral subquery on the branch index, so the plan does
 * not hang on the tables' statistics: joined to whole-district aggregates, PostgreSQL chose nested loops
 * over them while the statistics were stale after a bulk insert (8–11 s instead of well under a second).
 */
export async function complianceRows(db: DbOrTx, districtCode: string, prefix: string | null, from: string, to: string): Promise<ComplianceRow[]> {
  const scope = prefix === null ? sql`true` : sql`o.division_code like ${`${prefix}%`}`;
  const rows = await queryRows<{
    organisation_id: number;
    name: string;
    code: string;
    division_code: string | null;
    committee: boolean;
    kind: MeetingKind | null;
    held: number | string;
    months: number | string | null;
  }>(
    db,
    sql`
    select o.id as organisation_id, o.name, o.code, o.division_code,
           exists (select 1 from party_members pm
                    where pm.district_code = o.district_code and pm.organisation_id = o.id and pm.left_at is null
                      and pm.posts && array['deputy_secretary', 'committee_member']::text[]) as committee,
           m.kind, coalesce(m.held, 0) as held, m.months
      from party_organisations o
      left join lateral (
        select kind, count(*) as held, bit_or(1 << (extract(month from held_on)::int - 1)) as months
          from party_meetings pm
         where pm.district_code = o.district_code and pm.organisation_id = o.id
           and pm.state = 'held' and pm.held_on >= ${from} and pm.held_on <= ${to}
         group by kind) m on true
     where o.district_code = ${districtCode} and o.level = 'branch' and o.retired_at is null and ${scope}
     order by o.division_code nulls first, o.code`,
  );
  return rows.map((r) => ({
    organisationId: Number(r.organisation_id),
    name: r.name,
    code: r.code,
    divisionCode: r.division_code,
    committee: r.committee,
    kind: r.kind,
    held: Number(r.held),
    months: monthsOfMask(r.months === null ? 0 : Number(r.months)),
  }));
}

/** Bit m−1 set → month m. */
const monthsOfMask = (mask: number): number[] => Array.from({ length: 12 }, (_, i) => i + 1).filter((m) => (mask & (1 << (m - 1))) !== 0);

/** `{2026-01,2026-02}` → ['2026-01', '2026-02'] (a driver that hands arrays back as text). */
const parsePgArray = (s: string): string[] => (s === '{}' ? [] : s.slice(1, -1).split(','));

/** The active members of every active branch (id, posts, account): what the demo plans its roll calls from. */
export async function membersOfBranches(
  db: DbOrTx,
  districtCode: string,
): Promise<{ organisationId: number; memberId: number; posts: string[]; userId: number | null; divisionCode: string | null }[]> {
  const rows = await queryRows<{ organisation_id: number; member_id: number; posts: string[] | string; user_id: number | null; division_code: string | null }>(
    db,
    sql`select m.organisation_id, m.id as member_id, m.posts, m.user_id, o.division_code
          from party_members m join party_organisations o on o.id = m.organisation_id and o.district_code = m.district_code
         where m.district_code = ${districtCode} and m.left_at is null and o.level = 'branch' and o.retired_at is null
         order by o.division_code nulls first, o.code, m.id`,
  );
  return rows.map((r) => ({
    organisationId: Number(r.organisation_id),
    memberId: Number(r.member_id),
    posts: Array.isArray(r.posts) ? r.posts : parsePgArray(r.posts),
    userId: r.user_id === null ? null : Number(r.user_id),
    divisionCode: r.division_code,
  }));
}

export async function countMeetings(db: DbOrTx, districtCode: string): Promise<number> {
  return (
    await db
      .select({ n: sql<number>`count(*)::int` })
      .from(partyMeetings)
      .where(eq(partyMeetings.districtCode, districtCode))
  )[0]!.n;
}
