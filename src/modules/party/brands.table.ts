/**
 * 党建品牌 Brand programme: programmes with their criteria, branches' applications, rounds of expert
 * scoring with their experts and entries, and the experts' score sheets. District code in every key.
 */
import { boolean, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import type { ApplicationStatus, BrandCriterion, ProgrammeStatus, RoundStatus } from './brands.domain.ts';

export const partyBrandProgrammes = pgTable(
  'party_brand_programmes',
  {
    id: serial('id').primaryKey(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    year: integer('year').notNull(),
    title: text('title').notNull(),
    criteria: jsonb('criteria').notNull().$type<BrandCriterion[]>(),
    status: varchar('status', { length: 12 }).notNull().$type<ProgrammeStatus>(),
    createdBy: integer('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  (t) => [index('party_brand_programmes_year_idx').on(t.districtCode, t.year)],
);

/** A branch's application (one per branch and programme) and its preliminary review (初审). */
export const partyBrandApplications = pgTable(
  'party_brand_applications',
  {
    id: serial('id').primaryKey(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    programmeId: integer('programme_id').notNull(),
    organisationId: integer('organisation_id').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    practice: text('practice').notNull(),
    status: varchar('status', { length: 12 }).notNull().$type<ApplicationStatus>(),
    appliedBy: integer('applied_by').notNull(),
    appliedAt: timestamp('applied_at', { withTimezone: true }).notNull(),
    reviewReason: text('review_reason'),
    reviewedBy: integer('reviewed_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    /** Chosen as a brand at publication, with its place in the final ranking. */
    chosen: boolean('chosen').notNull().default(false),
    finalRank: integer('final_rank'),
  },
  (t) => [uniqueIndex('party_brand_applications_org_uq').on(t.districtCode, t.programmeId, t.organisationId)],
);

/** A round of expert scoring. */
export const partyBrandRounds = pgTable(
  'party_brand_rounds',
  {
    id: serial('id').primaryKey(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    programmeId: integer('programme_id').notNull(),
    number: integer('number').notNull(),
    status: varchar('status', { length: 8 }).notNull().$type<RoundStatus>(),
    /** Rank by the trimmed mean (one highest and one lowest total left out, from five experts on). */
    trimmed: boolean('trimmed').notNull().default(false),
    openedBy: integer('opened_by').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('party_brand_rounds_number_uq').on(t.districtCode, t.programmeId, t.number)],
);

/** The experts (staff accounts) of a round. */
export const partyBrandRoundExperts = pgTable(
  'party_brand_round_experts',
  {
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    roundId: integer('round_id').notNull(),
    userId: integer('user_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.districtCode, t.roundId, t.userId] }), index('party_brand_round_experts_user_idx').on(t.districtCode, t.userId)],
);

/** The applications of a round, their blind position, and (once closed) mean, rank and advance. */
export const partyBrandRoundEntries = pgTable(
  'party_brand_round_entries',
  {
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    roundId: integer('round_id').notNull(),
    applicationId: integer('application_id').notNull(),
    /** Position in the round's blind list (shuffled by id, shown as R1-017). */
    position: integer('position').notNull(),
    /** Mean in hundredths, rank and tie flag, frozen when the round closes. */
    meanHundredths: integer('mean_hundredths'),
    rank: integer('rank'),
    tied: boolean('tied'),
    advanced: boolean('advanced').notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.roundId, t.applicationId] }),
    uniqueIndex('party_brand_round_entries_pos_uq').on(t.districtCode, t.roundId, t.position),
  ],
);

/** One expert's sheet for one application of a round: points per criterion; revisable until the round closes. */
export const partyBrandScores = pgTable(
  'party_brand_scores',
  {
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    roundId: integer('round_id').notNull(),
    applicationId: integer('application_id').notNull(),
    expertUserId: integer('expert_user_id').notNull(),
    scores: jsonb('scores').notNull().$type<Record<string, number>>(),
    total: integer('total').notNull(),
    comment: text('comment'),
    scoredAt: timestamp('scored_at', { withTimezone: true }).notNull(),
    revisions: integer('revisions').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.districtCode, t.roundId, t.applicationId, t.expertUserId] })],
);
