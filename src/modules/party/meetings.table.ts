/**
 * 三会一课 and 主题党日 tables: a branch's meetings (planned, held with minutes, or cancelled) and the roll
 * call of a held meeting. District code in every key, like the other party tables.
 */
import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, primaryKey, serial, text, timestamp, varchar } from 'drizzle-orm/pg-core';
import type { AttendanceStatus, MeetingKind, MeetingState } from './meetings.domain.ts';

/** 组织生活: one meeting of a branch (党支部). */
export const partyMeetings = pgTable(
  'party_meetings',
  {
    id: serial('id').primaryKey(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    /** The branch (level `branch`). */
    organisationId: integer('organisation_id').notNull(),
    kind: varchar('kind', { length: 16 }).notNull().$type<MeetingKind>(),
    /** The meeting's title or theme (主题). */
    title: text('title').notNull(),
    /** Planned start. */
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    place: text('place').notNull(),
    state: varchar('state', { length: 12 }).notNull().$type<MeetingState>(),
    /** 会议记录: the minutes, set when held. */
    minutes: text('minutes'),
    /** When it was actually held, and that instant's local date (the period it counts for). */
    heldAt: timestamp('held_at', { withTimezone: true }),
    heldOn: date('held_on'),
    recordedByUserId: integer('recorded_by_user_id'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }),
    cancelReason: text('cancel_reason'),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    createdByUserId: integer('created_by_user_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('party_meetings_branch_idx').on(t.districtCode, t.organisationId, t.startsAt),
    /** The compliance overview: a branch's held meetings of a year. */
    index('party_meetings_held_idx')
      .on(t.districtCode, t.organisationId, t.heldOn)
      .where(sql`state = 'held'`),
    check('party_meetings_held_has_minutes', sql`state <> 'held' or (minutes is not null and held_at is not null and held_on is not null)`),
  ],
);

/** 考勤: one row per expected member of a held meeting (present, absent, or excused with a reason). */
export const partyMeetingAttendance = pgTable(
  'party_meeting_attendance',
  {
    meetingId: integer('meeting_id').notNull(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    memberId: integer('member_id').notNull(),
    status: varchar('status', { length: 10 }).notNull().$type<AttendanceStatus>(),
    /** Why excused (请假事由); null otherwise. */
    reason: text('reason'),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.memberId] }), index('party_meeting_attendance_member_idx').on(t.districtCode, t.memberId)],
);
