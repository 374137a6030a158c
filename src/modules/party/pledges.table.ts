/**
 * 承诺践诺 and 先锋岗 tables: pledges of a member or a branch for a year, their fulfilment entries (践诺),
 * pioneer posts granted by a branch for a period, and the append-only history of all three. District
 * code in every key.
 */
import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgTable, serial, smallint, text, timestamp, varchar } from 'drizzle-orm/pg-core';
import type { Assessment, FulfilmentState, PledgeCategory, PledgeState, PostKind } from './pledges.domain.ts';

/** 承诺: one pledge of a member (memberId) or an organisation (organisationId) for one year. */
export const partyPledges = pgTable(
  'party_pledges',
  {
    id: serial('id').primaryKey(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    /** Exactly one of member and organisation is set. */
    memberId: integer('member_id'),
    organisationId: integer('organisation_id'),
    /** The branch that reviews it: the member's branch (at writing; moved with a transfer at the next submission) or the organisation itself. */
    branchId: integer('branch_id').notNull(),
    /** The community whose board shows it once approved and public: the member's home community, the organisation's community or paired community; null for none. */
    communityCode: varchar('community_code', { length: 12 }),
    year: smallint('year').notNull(),
    category: varchar('category', { length: 16 }).notNull().$type<PledgeCategory>(),
    text: text('text').notNull(),
    /** Shown on the community board once approved. */
    public: boolean('public').notNull().default(true),
    state: varchar('state', { length: 12 }).notNull().$type<PledgeState>(),
    writtenByUserId: integer('written_by_user_id').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    /** The latest decision (approval or return) and its author. */
    decidedByUserId: integer('decided_by_user_id'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    returnReason: text('return_reason'),
    /** The year-end assessment (fulfilled / partly / not); revisable, each one an event. */
    assessment: varchar('assessment', { length: 12 }).$type<Assessment>(),
    assessmentComment: text('assessment_comment'),
    assessedByUserId: integer('assessed_by_user_id'),
    assessedAt: timestamp('assessed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('party_pledges_member_idx').on(t.districtCode, t.memberId, t.year),
    index('party_pledges_organisation_idx').on(t.districtCode, t.organisationId, t.year),
    index('party_pledges_branch_idx').on(t.districtCode, t.branchId, t.year),
    index('party_pledges_board_idx')
      .on(t.districtCode, t.communityCode, t.year)
      .where(sql`state = 'approved' and public`),
    check('party_pledges_one_of', sql`(member_id is null) <> (organisation_id is null)`),
  ],
);

/** 践诺: a dated entry of what was done for a pledge, with optional hours and evidence links; the branch accepts or returns it. */
export const partyPledgeFulfilments = pgTable(
  'party_pledge_fulfilments',
  {
    id: serial('id').primaryKey(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    pledgeId: integer('pledge_id').notNull(),
    /** The local date it was done (within the pledge's year). */
    doneOn: date('done_on').notNull(),
    text: text('text').notNull(),
    minutes: integer('minutes'),
    links: text('links')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    state: varchar('state', { length: 12 }).notNull().$type<FulfilmentState>(),
    recordedByUserId: integer('recorded_by_user_id').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    reviewedByUserId: integer('reviewed_by_user_id'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewComment: text('review_comment'),
  },
  (t) => [index('party_pledge_fulfilments_pledge_idx').on(t.districtCode, t.pledgeId, t.doneOn)],
);

/** 先锋岗: a post of honour (党员先锋岗, 党员示范岗, 党员责任区) a branch grants a member at a workplace or in a community for a period. */
export const partyPioneerPosts = pgTable(
  'party_pioneer_posts',
  {
    id: serial('id').primaryKey(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    memberId: integer('member_id').notNull(),
    /** The granting branch (the member's at the grant). */
    branchId: integer('branch_id').notNull(),
    kind: varchar('kind', { length: 16 }).notNull().$type<PostKind>(),
    /** The post's name (社区服务站窗口, 垃圾分类驿站 …). */
    title: text('title').notNull(),
    /** Where: the workplace or the community, in words. */
    place: text('place').notNull(),
    /** The community whose board shows it (the member's home community at the grant), or null. */
    communityCode: varchar('community_code', { length: 12 }),
    fromOn: date('from_on').notNull(),
    /** The last day, or null for open-ended. */
    untilOn: date('until_on'),
    grantedByUserId: integer('granted_by_user_id').notNull(),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull(),
    /** Ended early (from this local date on it is not held), with the reason. */
    endedOn: date('ended_on'),
    endReason: text('end_reason'),
    endedByUserId: integer('ended_by_user_id'),
  },
  (t) => [
    index('party_pioneer_posts_member_idx').on(t.districtCode, t.memberId),
    index('party_pioneer_posts_branch_idx').on(t.districtCode, t.branchId),
    index('party_pioneer_posts_community_idx').on(t.districtCode, t.communityCode),
  ],
);

/** The history of pledges, fulfilments and posts (§13: every change an event with actor and time; nothing deleted). */
export const partyPledgeEvents = pgTable(
  'party_pledge_events',
  {
    id: serial('id').primaryKey(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    /** pledge | post */
    subject: varchar('subject', { length: 8 }).notNull().$type<'pledge' | 'post'>(),
    subjectId: integer('subject_id').notNull(),
    /** written, edited, submitted, approved, returned, fulfilled, fulfilment_accepted, fulfilment_returned, assessed, granted, ended */
    kind: varchar('kind', { length: 24 }).notNull(),
    actorUserId: integer('actor_user_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** The change (fields changed, a reason, the previous assessment …); never personal data in clear. */
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index('party_pledge_events_subject_idx').on(t.districtCode, t.subject, t.subjectId, t.at)],
);
