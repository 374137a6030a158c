import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/pg-core';

/**
 * 志愿活动: an activity published by an organising unit (a station once the volunteers module lands),
 * with a venue. `venue_tag` fingerprints the venue (check-in-token.ts): codes name it.
 */
export const activities = pgTable(
  'activities',
  {
    id: serial('id').notNull(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    organiserUnitId: integer('organiser_unit_id').notNull(),
    title: text('title').notNull(),
    activityType: varchar('activity_type', { length: 30 }).notNull(),
    description: text('description').notNull().default(''),
    venueName: text('venue_name').notNull(),
    address: text('address').notNull().default(''),
    divisionCode: varchar('division_code', { length: 12 }),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    venueTag: varchar('venue_tag', { length: 12 }).notNull(),
    /** draft · published · cancelled */
    state: varchar('state', { length: 12 }).notNull(),
    createdBy: integer('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    cancelReason: text('cancel_reason').notNull().default(''),
  },
  (t) => [primaryKey({ name: 'activities_pk', columns: [t.districtCode, t.id] }), index('activities_state_idx').on(t.districtCode, t.state)],
);

/** 场次: one session of an activity, with its time and capacity. */
export const activitySessions = pgTable(
  'activity_sessions',
  {
    id: serial('id').notNull(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    activityId: integer('activity_id').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    capacity: integer('capacity').notNull(),
    /** The next sign-up's place in the queue (sign-ups are ordered by it). */
    nextPosition: integer('next_position').notNull().default(1),
    /** Set when the organiser has confirmed the session's hours (at least once). */
    hoursConfirmedAt: timestamp('hours_confirmed_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: 'activity_sessions_pk', columns: [t.id, t.districtCode] }),
    index('activity_sessions_activity_idx').on(t.activityId, t.districtCode),
  ],
);

/**
 * A volunteer on a session's list: signed up or waiting (ordered by `position`), or cancelled; with
 * their check-in and check-out. One row per session and volunteer, reused when they sign up again.
 */
export const activitySignups = pgTable(
  'activity_signups',
  {
    sessionId: integer('session_id').notNull(),
    userId: integer('user_id').notNull(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    /** signed_up · waiting · cancelled */
    status: varchar('status', { length: 12 }).notNull(),
    position: integer('position').notNull(),
    signedUpAt: timestamp('signed_up_at', { withTimezone: true }).notNull(),
    promotedAt: timestamp('promoted_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }),
    checkedOutAt: timestamp('checked_out_at', { withTimezone: true }),
    /** Metres from the venue when the phone sent its position; null when it did not (or the venue has no coordinates). */
    checkInDistanceM: integer('check_in_distance_m'),
  },
  // The district last: rows are looked up by session (and by volunteer for overlaps).
  (t) => [
    primaryKey({ name: 'activity_signups_pk', columns: [t.sessionId, t.userId, t.districtCode] }),
    index('activity_signups_user_idx').on(t.userId, t.districtCode),
  ],
);

/**
 * 志愿服务时长: final records of service hours. `check_in` records come from the organiser's
 * confirmation of a session's check-ins, `manual` ones from a coordinator (walk-ins 现场补录, paper
 * records 纸质补录) with who and why; a `correction` adds (or takes away) minutes of an earlier record
 * with a reason. Records are never edited. At most one `check_in`/`manual` record per session and
 * volunteer (so a retry never counts twice). A `service_order` record is a volunteer's part in a service
 * order (点单) their team served, written with the order's service record: one per order and volunteer.
 */
export const serviceHourRecords = pgTable(
  'service_hour_records',
  {
    id: bigserial('id', { mode: 'number' }).notNull(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    userId: integer('user_id').notNull(),
    /** The activity and session served at; null for a service order's record. */
    activityId: integer('activity_id'),
    sessionId: integer('session_id'),
    /** A service order's record (kind service_order): the order's ticket; null otherwise. */
    ticketId: bigint('ticket_id', { mode: 'number' }),
    /** What was served when it is not an activity (a service order: its number and menu item); '' otherwise. */
    title: text('title').notNull().default(''),
    /** The activity's organiser, or the station a service order was ordered from. */
    organiserUnitId: integer('organiser_unit_id').notNull(),
    /** check_in · manual · correction · service_order */
    kind: varchar('kind', { length: 16 }).notNull(),
    /** For manual records: walk_in · paper. */
    manualSource: varchar('manual_source', { length: 12 }),
    minutes: integer('minutes').notNull(),
    /** What the check-in and check-out gave, when the organiser confirmed another figure. */
    computedMinutes: integer('computed_minutes'),
    /** The volunteer never checked out: counted to the session's end. */
    noCheckOut: boolean('no_check_out').notNull().default(false),
    /** Local date of the session's start (Asia/Shanghai): the month and year the hours count in. */
    servedOn: date('served_on', { mode: 'string' }).notNull(),
    reason: text('reason').notNull().default(''),
    correctsId: bigint('corrects_id', { mode: 'number' }),
    recordedBy: integer('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'service_hour_records_pk', columns: [t.districtCode, t.id] }),
    uniqueIndex('service_hour_records_once_uq')
      .on(t.sessionId, t.userId, t.districtCode)
      .where(sql`kind <> 'correction'`),
    uniqueIndex('service_hour_records_order_once_uq')
      .on(t.ticketId, t.userId, t.districtCode)
      .where(sql`kind = 'service_order'`),
    index('service_hour_records_user_idx').on(t.userId, t.districtCode, t.servedOn),
    index('service_hour_records_served_idx').on(t.districtCode, t.servedOn),
  ],
);
