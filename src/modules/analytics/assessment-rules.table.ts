import { integer, jsonb, pgTable, serial, timestamp, unique, varchar } from 'drizzle-orm/pg-core';

/**
 * Assessment rules, versioned: a month is scored under the latest rule whose effectiveFrom ≤ month.
 * Rules are never edited once a month they govern has passed; a change is a new row.
 */
export const assessmentRules = pgTable(
  'assessment_rules',
  {
    id: serial('id').primaryKey(),
    version: varchar('version', { length: 40 }).notNull(),
    effectiveFrom: varchar('effective_from', { length: 7 }).notNull(),
    unitType: varchar('unit_type', { length: 12 }),
    weights: jsonb('weights').notNull().$type<{ response: number; resolution: number; satisfaction: number }>(),
    basicallySatisfiedWeight: jsonb('basically_satisfied_weight').notNull().$type<number>(),
    grades: jsonb('grades').notNull().$type<{ grade: string; minScore: number }[]>(),
    listSize: integer('list_size').notNull(),
    focusAfterMonths: integer('focus_after_months').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('assessment_rules_uq').on(t.effectiveFrom, t.unitType).nullsNotDistinct()],
);
