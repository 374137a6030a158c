/**
 * 党员包户 tables: households (doors of the door boards' building units), the care links of members to
 * them (history kept: a link ends, a new one starts), model buildings (一楼带动一片), visits (走访) and
 * waste-sorting checks (垃圾分类检查). Buildings belong to the boards module: referenced by id and code.
 */
import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, pgTable, serial, smallint, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import type { SortingResult } from './households.domain.ts';

/** 户: one door of a building unit. Retired (moved away, demolished) rather than deleted. */
export const partyHouseholds = pgTable(
  'party_households',
  {
    id: serial('id').primaryKey(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    communityCode: varchar('community_code', { length: 12 }).notNull(),
    /** The building unit on the door boards (boards module): its id and code. */
    buildingId: integer('building_id').notNull(),
    buildingCode: varchar('building_code', { length: 40 }).notNull(),
    /** The door: 3单元502, 2-301. */
    room: varchar('room', { length: 20 }).notNull(),
    /** The resident's account of the household, when it has one: it holds the points of its checks. */
    holderUserId: integer('holder_user_id'),
    /** 示范户: the household that leads its building (一户带动一楼); at most one per building. */
    leadsBuilding: boolean('leads_building').notNull().default(false),
    note: text('note').notNull().default(''),
    createdByUserId: integer('created_by_user_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
    retireReason: text('retire_reason'),
  },
  (t) => [
    uniqueIndex('party_households_room_uq')
      .on(t.districtCode, t.buildingId, t.room)
      .where(sql`retired_at is null`),
    uniqueIndex('party_households_model_uq')
      .on(t.districtCode, t.buildingId)
      .where(sql`leads_building and retired_at is null`),
    index('party_households_community_idx').on(t.districtCode, t.communityCode),
  ],
);

/** 包户: a member looks after a household from `since` until `until` (null: now). One current link per household. */
export const partyCareLinks = pgTable(
  'party_care_links',
  {
    id: serial('id').primaryKey(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    householdId: integer('household_id').notNull(),
    memberId: integer('member_id').notNull(),
    since: timestamp('since', { withTimezone: true }).notNull(),
    until: timestamp('until', { withTimezone: true }),
    assignedByUserId: integer('assigned_by_user_id').notNull(),
  },
  (t) => [
    uniqueIndex('party_care_links_current_uq')
      .on(t.householdId)
      .where(sql`until is null`),
    index('party_care_links_member_idx').on(t.districtCode, t.memberId),
  ],
);

/** 示范楼: a building unit that leads its area (一楼带动一片). */
export const partyModelBuildings = pgTable('party_model_buildings', {
  buildingId: integer('building_id').primaryKey(),
  districtCode: varchar('district_code', { length: 6 }).notNull(),
  communityCode: varchar('community_code', { length: 12 }).notNull(),
  /** The area (片区) it leads, in words (default: the building's grid). */
  area: text('area').notNull(),
  markedByUserId: integer('marked_by_user_id').notNull(),
  markedAt: timestamp('marked_at', { withTimezone: true }).notNull(),
});

/** 走访: a visit to a household by its carer (or a party worker), with what was heard and the problem's ticket. */
export const partyHouseholdVisits = pgTable(
  'party_household_visits',
  {
    id: serial('id').primaryKey(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    householdId: integer('household_id').notNull(),
    communityCode: varchar('community_code', { length: 12 }).notNull(),
    /** The member who visited (null: a party worker without a member record). */
    memberId: integer('member_id'),
    recordedByUserId: integer('recorded_by_user_id').notNull(),
    visitedOn: date('visited_on').notNull(),
    notes: text('notes').notNull(),
    /** A problem found, reported as a ticket on the engine. */
    problem: text('problem'),
    ticketId: integer('ticket_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('party_household_visits_household_idx').on(t.householdId, t.visitedOn),
    index('party_household_visits_community_idx').on(t.districtCode, t.communityCode, t.visitedOn),
  ],
);

/** 垃圾分类检查: one per household and day; a good one pays the household's account (points bank) when it has one. */
export const partySortingChecks = pgTable(
  'party_sorting_checks',
  {
    id: serial('id').primaryKey(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    householdId: integer('household_id').notNull(),
    communityCode: varchar('community_code', { length: 12 }).notNull(),
    checkedOn: date('checked_on').notNull(),
    result: varchar('result', { length: 8 }).notNull().$type<SortingResult>(),
    note: text('note').notNull().default(''),
    memberId: integer('member_id'),
    checkedByUserId: integer('checked_by_user_id').notNull(),
    /** The points bank's award for it (null: poor, no account, or no rule in force). */
    pointsTransactionId: integer('points_transaction_id'),
    points: smallint('points').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('party_sorting_checks_day_uq').on(t.householdId, t.checkedOn),
    index('party_sorting_checks_community_idx').on(t.districtCode, t.communityCode, t.checkedOn),
  ],
);
