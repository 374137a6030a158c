/**
 * 双报到 tables: report-ins (a member or a unit organisation reporting in to a community), the community's
 * needs (需求清单) and resources (资源清单), claims with their service records, attendance on report-in days
 * and the annual evaluations. District code in every key; the community's 12-digit code starts with its
 * street's 9 digits, so a street is a prefix of it.
 */
import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, serial, smallint, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import type { ClaimState, Grade, NeedCategory, NeedState, ReportInStatus } from './reportin.domain.ts';

/** 报到: one row per (community, member) or (community, organisation); a withdrawal keeps the row, a new report-in reactivates it. */
export const partyReportIns = pgTable(
  'party_report_ins',
  {
    id: serial('id').primaryKey(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    communityCode: varchar('community_code', { length: 12 }).notNull(),
    /** Exactly one of member and organisation is set. */
    memberId: integer('member_id'),
    organisationId: integer('organisation_id'),
    status: varchar('status', { length: 12 }).notNull().$type<ReportInStatus>(),
    /** The local date of the (latest) report-in. */
    reportedOn: date('reported_on').notNull(),
    registeredByUserId: integer('registered_by_user_id').notNull(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    withdrawReason: text('withdraw_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('party_report_ins_member_uq')
      .on(t.districtCode, t.communityCode, t.memberId)
      .where(sql`member_id is not null`),
    uniqueIndex('party_report_ins_organisation_uq')
      .on(t.districtCode, t.communityCode, t.organisationId)
      .where(sql`organisation_id is not null`),
    index('party_report_ins_member_idx').on(t.districtCode, t.memberId),
    index('party_report_ins_organisation_idx').on(t.districtCode, t.organisationId),
    check('party_report_ins_one_of', sql`(member_id is null) <> (organisation_id is null)`),
  ],
);

/** 需求清单: a task a community publishes; `state` and `claimedCount` are projections of its claims, rewritten under the row's lock. */
export const partyNeeds = pgTable(
  'party_needs',
  {
    id: serial('id').primaryKey(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    communityCode: varchar('community_code', { length: 12 }).notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    category: varchar('category', { length: 16 }).notNull().$type<NeedCategory>(),
    peopleWanted: smallint('people_wanted').notNull(),
    /** The local date the service is wanted on (the month it counts in). */
    neededOn: date('needed_on').notNull(),
    /** Time of day or span in words (上午9:00-11:00). */
    timeText: text('time_text').notNull(),
    place: text('place').notNull(),
    state: varchar('state', { length: 12 }).notNull().$type<NeedState>(),
    /** Active (not cancelled) claims. */
    claimedCount: smallint('claimed_count').notNull().default(0),
    createdByUserId: integer('created_by_user_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    withdrawReason: text('withdraw_reason'),
  },
  (t) => [index('party_needs_community_idx').on(t.districtCode, t.communityCode, t.neededOn), index('party_needs_month_idx').on(t.districtCode, t.neededOn)],
);

/** A claim on a need by a reported member or a reported organisation, and the service record on it. */
export const partyClaims = pgTable(
  'party_claims',
  {
    id: serial('id').primaryKey(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    needId: integer('need_id').notNull(),
    /** The need's community (copied: the figures group by it). */
    communityCode: varchar('community_code', { length: 12 }).notNull(),
    memberId: integer('member_id'),
    organisationId: integer('organisation_id'),
    state: varchar('state', { length: 12 }).notNull().$type<ClaimState>(),
    claimedByUserId: integer('claimed_by_user_id').notNull(),
    claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull(),
    /** The service record: what was done, on which local date, for how long. */
    summary: text('summary'),
    servedOn: date('served_on'),
    minutes: integer('minutes'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    confirmedByUserId: integer('confirmed_by_user_id'),
    /** The community's reason when it sent the record back (the latest). */
    sentBackReason: text('sent_back_reason'),
    sentBackAt: timestamp('sent_back_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  },
  (t) => [
    index('party_claims_need_idx').on(t.districtCode, t.needId),
    index('party_claims_served_idx').on(t.districtCode, t.servedOn, t.communityCode),
    index('party_claims_member_idx').on(t.districtCode, t.memberId),
    uniqueIndex('party_claims_member_uq')
      .on(t.needId, t.memberId)
      .where(sql`member_id is not null and state <> 'cancelled'`),
    uniqueIndex('party_claims_organisation_uq')
      .on(t.needId, t.organisationId)
      .where(sql`organisation_id is not null and state <> 'cancelled'`),
    check('party_claims_one_of', sql`(member_id is null) <> (organisation_id is null)`),
  ],
);

/** 资源清单: what a reported unit organisation offers the community (a hall, doctors, legal advice …). */
export const partyResources = pgTable(
  'party_resources',
  {
    id: serial('id').primaryKey(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    communityCode: varchar('community_code', { length: 12 }).notNull(),
    organisationId: integer('organisation_id').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    category: varchar('category', { length: 16 }).notNull().$type<NeedCategory>(),
    createdByUserId: integer('created_by_user_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  },
  (t) => [index('party_resources_community_idx').on(t.districtCode, t.communityCode)],
);

/** Attendance of a reported member on a report-in day (报到日), as the community recorded it; re-recording replaces the day's rows. */
export const partyAttendance = pgTable(
  'party_attendance',
  {
    id: serial('id').primaryKey(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    communityCode: varchar('community_code', { length: 12 }).notNull(),
    day: date('day').notNull(),
    memberId: integer('member_id').notNull(),
    present: boolean('present').notNull(),
    recordedByUserId: integer('recorded_by_user_id').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('party_attendance_uq').on(t.districtCode, t.communityCode, t.day, t.memberId)],
);

/** The community's annual evaluation of a reporting member or organisation (优秀/合格/基本合格/不合格); a change is a `party_events` row. */
export const partyEvaluations = pgTable(
  'party_evaluations',
  {
    id: serial('id').primaryKey(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    communityCode: varchar('community_code', { length: 12 }).notNull(),
    year: smallint('year').notNull(),
    memberId: integer('member_id'),
    organisationId: integer('organisation_id'),
    /** The branch the result goes back to: the member's branch at the time, or the organisation itself. */
    branchId: integer('branch_id').notNull(),
    grade: varchar('grade', { length: 24 }).notNull().$type<Grade>(),
    comment: text('comment').notNull(),
    evaluatedByUserId: integer('evaluated_by_user_id').notNull(),
    evaluatedAt: timestamp('evaluated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('party_evaluations_member_uq')
      .on(t.districtCode, t.communityCode, t.year, t.memberId)
      .where(sql`member_id is not null`),
    uniqueIndex('party_evaluations_organisation_uq')
      .on(t.districtCode, t.communityCode, t.year, t.organisationId)
      .where(sql`organisation_id is not null`),
    index('party_evaluations_branch_idx').on(t.districtCode, t.branchId, t.year),
    check('party_evaluations_one_of', sql`(member_id is null) <> (organisation_id is null)`),
  ],
);
