import { bigint, boolean, doublePrecision, index, integer, pgTable, primaryKey, serial, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';

/** 网格: a grid of a community (imported by the admin). Grid workers are assigned in `grid_assignments`. */
export const grids = pgTable(
  'grids',
  {
    id: serial('id').primaryKey(),
    code: varchar('code', { length: 40 }).notNull(),
    name: text('name').notNull(),
    communityCode: varchar('community_code', { length: 12 }).notNull(),
    streetCode: varchar('street_code', { length: 12 }).notNull(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
  },
  (t) => [uniqueIndex('grids_code_uq').on(t.code), index('grids_community_idx').on(t.communityCode)],
);

/** A grid worker (user with role grid_worker) assigned to a grid. */
export const gridAssignments = pgTable(
  'grid_assignments',
  {
    userId: integer('user_id').notNull(),
    gridId: integer('grid_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.gridId] })],
);

/** 网格上报: one row per grid report, beside its `grid_report` ticket (same id). */
export const gridReports = pgTable(
  'grid_reports',
  {
    ticketId: bigint('ticket_id', { mode: 'number' }).notNull(),
    /** The grid ticket's district (migration 0015): part of the key, like every table that hangs off tickets. */
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    gridId: integer('grid_id').notNull(),
    reportedBy: integer('reported_by').notNull(),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    resolvedOnSpot: boolean('resolved_on_spot').notNull().default(false),
    note: text('note').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ name: 'grid_reports_pk', columns: [t.districtCode, t.ticketId] }), index('grid_reports_user_idx').on(t.reportedBy, t.createdAt)],
);
