import { bigint, integer, numeric, pgTable, primaryKey, varchar } from 'drizzle-orm/pg-core';

/**
 * The monthly assessment counts (DOMAIN-RULES §6) per district, month and lead unit, kept equal to a full
 * recount of `tickets` and `ticket_events` by triggers in the database (migration 0008/0009), so every
 * writer — the engine, imports, the sweeper, a restore — keeps them right and a ranking reads a few
 * hundred rows instead of scanning the month's tickets.
 *
 * Two kinds of counts share a row:
 * - the three rates, over tickets whose valid callback fell in `month` (`tickets.assessment_month`);
 * - the operational measures, over tickets dispatched in `month` (Asia/Shanghai) to the unit.
 * A row whose counts are all zero is kept (a ticket moved away) and means "no tickets".
 * The district code leads the key, like the tickets table, for partitioning by district.
 */
export const rankingAggregates = pgTable(
  'ranking_aggregates',
  {
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    /** 'YYYY-MM', Asia/Shanghai. */
    month: varchar('month', { length: 7 }).notNull(),
    unitId: integer('unit_id').notNull(),
    validCallbacks: bigint('valid_callbacks', { mode: 'number' }).notNull().default(0),
    contacted: bigint('contacted', { mode: 'number' }).notNull().default(0),
    resolved: bigint('resolved', { mode: 'number' }).notNull().default(0),
    satisfied: bigint('satisfied', { mode: 'number' }).notNull().default(0),
    basicallySatisfied: bigint('basically_satisfied', { mode: 'number' }).notNull().default(0),
    unsatisfied: bigint('unsatisfied', { mode: 'number' }).notNull().default(0),
    dispatched: bigint('dispatched', { mode: 'number' }).notNull().default(0),
    signedOnTime: bigint('signed_on_time', { mode: 'number' }).notNull().default(0),
    replied: bigint('replied', { mode: 'number' }).notNull().default(0),
    repliedOnTime: bigint('replied_on_time', { mode: 'number' }).notNull().default(0),
    objections: bigint('objections', { mode: 'number' }).notNull().default(0),
    extensions: bigint('extensions', { mode: 'number' }).notNull().default(0),
    repeats: bigint('repeats', { mode: 'number' }).notNull().default(0),
    /** Seconds from dispatch to reply, summed over replied tickets; exact (numeric), so sums never drift. */
    handlingSeconds: numeric('handling_seconds').notNull().default('0'),
  },
  (t) => [primaryKey({ name: 'ranking_aggregates_pk', columns: [t.districtCode, t.month, t.unitId] })],
);
