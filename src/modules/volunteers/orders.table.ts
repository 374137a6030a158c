/**
 * Service orders (文明实践点单): the menu a station offers, and beside each ticket of kind
 * `service_order` the module's row (menu item, who ordered, the team assigned, the service record) and
 * the history of its assignments to teams (dispatches, accepts, declines with their reasons).
 */
import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, serial, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';

/** 服务菜单: what a station (实践中心、所、站) offers residents to order. */
export const serviceMenuItems = pgTable(
  'service_menu_items',
  {
    id: serial('id').primaryKey(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    stationUnitId: integer('station_unit_id').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** Skills the serving team should have (SKILL_CODES). */
    skills: text('skills')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** The time-limit class (a configured code): the deadlines to dispatch, accept and serve. */
    timeLimitClass: varchar('time_limit_class', { length: 20 }).notNull(),
    active: boolean('active').notNull().default(true),
    createdBy: integer('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('service_menu_items_name_uq').on(t.districtCode, t.stationUnitId, t.name)],
);

/** The order beside its ticket: 待派单 pending → 已派单 offered → 已接单 accepted → 已服务 served. */
export const serviceOrders = pgTable(
  'service_orders',
  {
    ticketId: integer('ticket_id').primaryKey(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    menuItemId: integer('menu_item_id').notNull(),
    /** The station offering the item: the ticket's lead unit. */
    stationUnitId: integer('station_unit_id').notNull(),
    communityCode: varchar('community_code', { length: 12 }).notNull(),
    /** The resident who ordered (their account); null for an order taken on the hotline for someone without one. */
    residentUserId: integer('resident_user_id'),
    /** Who placed it: the resident, or the hotline operator. */
    orderedBy: integer('ordered_by').notNull(),
    teamId: integer('team_id'),
    state: varchar('state', { length: 12 }).notNull().$type<'pending' | 'offered' | 'accepted' | 'served'>(),
    /** The service record: the team members who served, the minutes, what was done. */
    servedBy: integer('served_by')
      .array()
      .notNull()
      .default(sql`'{}'::integer[]`),
    servedMinutes: integer('served_minutes'),
    servedAt: timestamp('served_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('service_orders_resident_idx').on(t.districtCode, t.residentUserId, t.ticketId),
    index('service_orders_station_idx').on(t.districtCode, t.stationUnitId, t.state),
    index('service_orders_team_idx').on(t.teamId, t.state),
  ],
);

/** Every dispatch of an order to a team and the team's answer: accepted, or declined with a reason. */
export const serviceOrderAssignments = pgTable(
  'service_order_assignments',
  {
    id: serial('id').primaryKey(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    ticketId: integer('ticket_id').notNull(),
    teamId: integer('team_id').notNull(),
    assignedBy: integer('assigned_by').notNull(),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull(),
    answer: varchar('answer', { length: 10 }).$type<'accepted' | 'declined'>(),
    answeredBy: integer('answered_by'),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    reason: text('reason'),
  },
  (t) => [index('service_order_assignments_ticket_idx').on(t.ticketId, t.id)],
);
