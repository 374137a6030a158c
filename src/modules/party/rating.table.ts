/**
 * 评星定级 Star rating: versioned rule sets, yearly cycles, one rating per branch and cycle, and the
 * rating's events (every change, with actor and time: a review changed on appeal supersedes the first,
 * nothing is deleted). District code in every key. Points are stored in tenths (integers).
 */
import { date, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import type { CycleStatus, IndicatorEntry, RatingStatus, RuleSetContent } from './rating.domain.ts';

/** A version of the rating rules, in force from `effectiveFrom`; never edited (a change is a new version). */
export const partyRatingRuleSets = pgTable(
  'party_rating_rule_sets',
  {
    id: serial('id').primaryKey(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    version: varchar('version', { length: 40 }).notNull(),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    content: jsonb('content').notNull().$type<RuleSetContent>(),
    createdBy: integer('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('party_rating_rule_sets_version_uq').on(t.districtCode, t.version),
    uniqueIndex('party_rating_rule_sets_from_uq').on(t.districtCode, t.effectiveFrom),
  ],
);

/** A year's rating (年度评星定级), under one rule set version: rating → posting (公示) → final. */
export const partyRatingCycles = pgTable(
  'party_rating_cycles',
  {
    id: serial('id').primaryKey(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    year: integer('year').notNull(),
    ruleSetId: integer('rule_set_id').notNull(),
    status: varchar('status', { length: 12 }).notNull().$type<CycleStatus>(),
    postingFrom: date('posting_from', { mode: 'string' }),
    postingTo: date('posting_to', { mode: 'string' }),
    openedBy: integer('opened_by').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    postedAt: timestamp('posted_at', { withTimezone: true }),
    finalisedAt: timestamp('finalised_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('party_rating_cycles_year_uq').on(t.districtCode, t.year)],
);

/** One branch's rating in one cycle: its self-rating, the review, the appeal and the final result. */
export const partyRatings = pgTable(
  'party_ratings',
  {
    id: serial('id').primaryKey(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    cycleId: integer('cycle_id').notNull(),
    organisationId: integer('organisation_id').notNull(),
    status: varchar('status', { length: 12 }).notNull().$type<RatingStatus>(),
    /** Self-rating (自评): entries with evidence, its total (tenths) and stars. */
    selfEntries: jsonb('self_entries').$type<(IndicatorEntry & { evidence: string })[]>(),
    selfTotal: integer('self_total'),
    selfStars: integer('self_stars'),
    selfBy: integer('self_by'),
    selfAt: timestamp('self_at', { withTimezone: true }),
    /** Review (审核) by the superior committee's party worker: entries with comments, total (tenths), stars. */
    reviewEntries: jsonb('review_entries').$type<(IndicatorEntry & { comment: string })[]>(),
    reviewTotal: integer('review_total'),
    reviewStars: integer('review_stars'),
    reviewComment: text('review_comment'),
    reviewedBy: integer('reviewed_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    /** Appeal (申诉) within the posting window, and its decision. */
    appealReason: text('appeal_reason'),
    appealedBy: integer('appealed_by'),
    appealedAt: timestamp('appealed_at', { withTimezone: true }),
    appealDecision: varchar('appeal_decision', { length: 8 }).$type<'upheld' | 'changed'>(),
    appealComment: text('appeal_comment'),
    appealDecidedBy: integer('appeal_decided_by'),
    appealDecidedAt: timestamp('appeal_decided_at', { withTimezone: true }),
    /** The final result (when the cycle is finalised): the review's, or the changed one after an appeal. */
    finalTotal: integer('final_total'),
    finalStars: integer('final_stars'),
    /** Optimistic version: each change adds one. */
    version: integer('version').notNull().default(0),
  },
  (t) => [
    uniqueIndex('party_ratings_cycle_org_uq').on(t.districtCode, t.cycleId, t.organisationId),
    index('party_ratings_org_idx').on(t.districtCode, t.organisationId),
  ],
);

/** Every change of a rating, with actor and time (self-rated, reviewed, appealed, appeal decided, finalised). */
export const partyRatingEvents = pgTable(
  'party_rating_events',
  {
    id: serial('id').primaryKey(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    ratingId: integer('rating_id').notNull(),
    kind: varchar('kind', { length: 20 }).notNull(),
    actorUserId: integer('actor_user_id'),
    at: timestamp('at', { withTimezone: true }).notNull(),
    payload: jsonb('payload').notNull().$type<Record<string, unknown>>(),
  },
  (t) => [index('party_rating_events_rating_idx').on(t.districtCode, t.ratingId, t.at)],
);
