import { bigint, boolean, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, varchar } from 'drizzle-orm/pg-core';
import type { LedgerRules } from './ledgers.domain.ts';

/** 台账: a named list kept for a purpose; members = rule matches ∪ items added by hand − items removed by hand. */
export const ledgers = pgTable(
  'ledgers',
  {
    id: serial('id').notNull(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    rules: jsonb('rules').$type<LedgerRules>().notNull(),
    createdBy: integer('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  // The key leads with the district (migration 0015; it replaces ledgers_district_idx).
  (t) => [primaryKey({ name: 'ledgers_pk', columns: [t.districtCode, t.id] })],
);

/**
 * A hand-made decision about one ticket in one ledger: `included` true = added by hand, false = removed
 * (also from the rule matches). A removal updates the row and keeps who/when/why; nothing is deleted.
 */
export const ledgerManualItems = pgTable(
  'ledger_manual_items',
  {
    ledgerId: integer('ledger_id').notNull(),
    ticketId: bigint('ticket_id', { mode: 'number' }).notNull(),
    /** The ledger's (and the ticket's) district (migration 0015). */
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    included: boolean('included').notNull(),
    addedBy: integer('added_by'),
    addedAt: timestamp('added_at', { withTimezone: true }),
    addedReason: text('added_reason').notNull().default(''),
    removedBy: integer('removed_by'),
    removedAt: timestamp('removed_at', { withTimezone: true }),
    removedReason: text('removed_reason').notNull().default(''),
  },
  // The district last: items are looked up by ledger.
  (t) => [primaryKey({ name: 'ledger_manual_items_pk', columns: [t.ledgerId, t.ticketId, t.districtCode] })],
);
