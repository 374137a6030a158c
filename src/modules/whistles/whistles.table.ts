import { bigint, index, integer, pgTable, primaryKey, serial, smallint, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';

/**
 * 吹哨报到 (DOMAIN-RULES §5): one row per whistle, beside its `whistle` ticket (same id). The street that blew
 * it is the ticket's lead unit; the summoned departments are its co-handlers and each has a report-in row.
 * `source_ticket_id` links back to the hotline or grid ticket that triggered it (the other direction is a
 * query on the indexed column).
 */
export const whistles = pgTable(
  'whistles',
  {
    ticketId: bigint('ticket_id', { mode: 'number' }).notNull(),
    /** The whistle ticket's district (migration 0015): part of the key, like every table that hangs off tickets. */
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    streetUnitId: integer('street_unit_id').notNull(),
    sourceTicketId: bigint('source_ticket_id', { mode: 'number' }),
    place: text('place').notNull(),
    /** Minutes each department has to report in, from `created_at`. */
    reportLimitMinutes: integer('report_limit_minutes').notNull(),
    createdBy: integer('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** Set when the street has rated every summoned department (the matter is closed). */
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: 'whistles_pk', columns: [t.districtCode, t.ticketId] }),
    index('whistles_source_idx').on(t.sourceTicketId),
    index('whistles_street_idx').on(t.streetUnitId, t.createdAt),
  ],
);

/** One summoned department of a whistle: its report-in (报到) and the street's rating of it. */
export const whistleReports = pgTable(
  'whistle_reports',
  {
    id: serial('id').notNull(),
    whistleTicketId: bigint('whistle_ticket_id', { mode: 'number' }).notNull(),
    /** The whistle ticket's district (migration 0015). */
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    unitId: integer('unit_id').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    reportedAt: timestamp('reported_at', { withTimezone: true }),
    reportedBy: integer('reported_by'),
    reporterName: text('reporter_name').notNull().default(''),
    place: text('place').notNull().default(''),
    note: text('note').notNull().default(''),
    attachmentId: integer('attachment_id'),
    /** 1–5, given by the street when it closes the matter. */
    score: smallint('score'),
    comment: text('comment').notNull().default(''),
    ratedAt: timestamp('rated_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: 'whistle_reports_pk', columns: [t.districtCode, t.id] }),
    // The district last: rows are looked up by whistle ticket (as ticket_events_seq_uq).
    uniqueIndex('whistle_reports_uq').on(t.whistleTicketId, t.unitId, t.districtCode),
    index('whistle_reports_unit_idx').on(t.unitId, t.dueAt),
  ],
);
