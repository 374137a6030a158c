import { boolean, doublePrecision, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';

/** A person named on a building-door board (楼门长, 网格员, 党员中心户…): role and name, phone optional. */
export interface BoardPerson {
  role: string;
  name: string;
  phone?: string;
}

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

/** One import of a file (findings, history, grids, buildings, ledger items): who, when, and its outcome. */
export const importRuns = pgTable(
  'import_runs',
  {
    id: serial('id').primaryKey(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    kind: varchar('kind', { length: 24 }).notNull(),
    fileName: text('file_name').notNull().default(''),
    mapping: varchar('mapping', { length: 40 }),
    encoding: varchar('encoding', { length: 12 }),
    dryRun: boolean('dry_run').notNull(),
    /** committed | dry_run | rejected (nothing written) | failed */
    status: varchar('status', { length: 16 }).notNull(),
    total: integer('total').notNull(),
    accepted: integer('accepted').notNull(),
    rejected: integer('rejected').notNull(),
    duplicates: integer('duplicates').notNull(),
    /** The row report (rejected rows first; capped) */
    report: jsonb('report').notNull().default([]),
    startedBy: integer('started_by').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('import_runs_started_idx').on(t.districtCode, t.startedAt)],
);
