import { doublePrecision, index, jsonb, pgTable, serial, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import type { BoardPerson } from './boards.domain.ts';

/**
 * 楼门/单元: a building unit of a community, with its door board (四公示一门牌): the responsible persons,
 * the Party-member households and the conventions. `code` is printed in the board's QR code.
 */
export const buildings = pgTable(
  'buildings',
  {
    id: serial('id').primaryKey(),
    code: varchar('code', { length: 40 }).notNull(),
    name: text('name').notNull(),
    address: text('address').notNull(),
    communityCode: varchar('community_code', { length: 12 }).notNull(),
    streetCode: varchar('street_code', { length: 12 }).notNull(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    gridCode: varchar('grid_code', { length: 40 }),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    responsiblePersons: jsonb('responsible_persons').$type<BoardPerson[]>().notNull().default([]),
    partyMemberHouseholds: jsonb('party_member_households').$type<string[]>().notNull().default([]),
    conventions: text('conventions').notNull().default(''),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('buildings_code_uq').on(t.code), index('buildings_community_idx').on(t.communityCode)],
);
