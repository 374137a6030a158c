import { boolean, index, integer, jsonb, pgTable, serial, text, timestamp, varchar } from 'drizzle-orm/pg-core';

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
