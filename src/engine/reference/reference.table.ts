import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/pg-core';

/** National statistical division codes (district 6, street/town 9, community/village 12 digits). */
export const divisions = pgTable(
  'divisions',
  {
    code: varchar('code', { length: 12 }).primaryKey(),
    name: text('name').notNull(),
    level: varchar('level', { length: 12 }).notNull().$type<'province' | 'district' | 'street' | 'community'>(),
    parentCode: varchar('parent_code', { length: 12 }),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
  },
  (t) => [index('divisions_parent_idx').on(t.parentCode), index('divisions_district_idx').on(t.districtCode, t.level)],
);

/**
 * Unit types: the four the hotline ranks (district, street/town, department, public-service enterprise),
 * the command centre, and the practice stations of the volunteer subsystem (新时代文明实践中心/所/站, with
 * their division code; ranked only by the volunteers module).
 */
export type UnitType = 'district' | 'street' | 'department' | 'enterprise' | 'centre' | 'station';

export const units = pgTable(
  'units',
  {
    id: serial('id').primaryKey(),
    code: varchar('code', { length: 40 }).notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en').notNull().default(''),
    unitType: varchar('unit_type', { length: 12 })
      .notNull()
      .$type<UnitType>(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    divisionCode: varchar('division_code', { length: 12 }),
    parentId: integer('parent_id'),
    isFallback: boolean('is_fallback').notNull().default(false),
    active: boolean('active').notNull().default(true),
  },
  // A code is unique within its district (migration 0016): department codes such as DEPT-CGW recur in
  // every district of a shared database.
  (t) => [uniqueIndex('units_code_uq').on(t.districtCode, t.code), index('units_division_idx').on(t.divisionCode)],
);

export const users = pgTable(
  'users',
  {
    id: serial('id').primaryKey(),
    username: varchar('username', { length: 64 }).notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    roles: text('roles').array().notNull().default(sql`'{}'::text[]`),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_username_uq').on(t.username)],
);

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the session token; the token itself is only ever in the client's cookie. */
    tokenHash: varchar('token_hash', { length: 64 }).primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const categories = pgTable(
  'categories',
  {
    id: serial('id').primaryKey(),
    code: varchar('code', { length: 60 }).notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en').notNull().default(''),
    parentId: integer('parent_id'),
    level: smallint('level').notNull(),
    path: text('path').notNull(),
    isLeaf: boolean('is_leaf').notNull(),
    /** For leaves: who is responsible by default, `{unitType:'street'}` or `{unitCode}`. */
    responsible: jsonb('responsible').$type<{ unitType: 'street' } | { unitCode: string } | null>(),
    timeLimitClass: varchar('time_limit_class', { length: 20 }),
    keywords: text('keywords').array().notNull().default(sql`'{}'::text[]`),
    active: boolean('active').notNull().default(true),
  },
  (t) => [uniqueIndex('categories_code_uq').on(t.code), index('categories_parent_idx').on(t.parentId)],
);

/** Time-limit classes (DOMAIN-RULES §4.2): sign, contact and reply limits, each in natural hours or working days. */
export const timeLimitClasses = pgTable('time_limit_classes', {
  code: varchar('code', { length: 20 }).primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull().default(''),
  limits: jsonb('limits')
    .notNull()
    .$type<Record<'sign' | 'contact' | 'reply', { amount: number; unit: 'natural_hours' | 'working_days' }>>(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Automatic supervision (督办 → 催办 → 通报) of a district: the working days a ticket may be overdue on
 * its running deadline before each notice. No row: the defaults (1, 3, 5; escalation.ts).
 */
export const supervisionEscalation = pgTable('supervision_escalation', {
  districtCode: varchar('district_code', { length: 6 }).primaryKey(),
  superviseAfterDays: doublePrecision('supervise_after_days').notNull(),
  urgeAfterDays: doublePrecision('urge_after_days').notNull(),
  notifyAfterDays: doublePrecision('notify_after_days').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The dispatch catalogue (派单目录): category × place → responsible unit. `divisionCode` null means
 * the whole district; a more specific place (community over street over district) wins.
 */
export const dispatchCatalog = pgTable(
  'dispatch_catalog',
  {
    id: serial('id').primaryKey(),
    /** The district whose routing this entry is (migration 0016): each district keeps its own catalogue. */
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    categoryId: integer('category_id')
      .notNull()
      .references(() => categories.id),
    divisionCode: varchar('division_code', { length: 12 }),
    unitId: integer('unit_id').references(() => units.id),
    /** Alternative to unitId: "the street/town of the place". */
    unitType: varchar('unit_type', { length: 12 }),
    coUnitIds: integer('co_unit_ids').array().notNull().default(sql`'{}'::integer[]`),
    note: text('note').notNull().default(''),
  },
  (t) => [index('dispatch_catalog_category_idx').on(t.districtCode, t.categoryId, t.divisionCode)],
);

/** Official holidays and make-up workdays; admins add next year's when the State Council publishes it. */
export const calendarDays = pgTable('calendar_days', {
  date: date('date', { mode: 'string' }).primaryKey(),
  kind: varchar('kind', { length: 8 }).notNull().$type<'holiday' | 'workday'>(),
  name: text('name').notNull(),
});

export const calendarYears = pgTable('calendar_years', {
  year: integer('year').primaryKey(),
  source: text('source').notNull(),
  loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Knowledge base used to answer consultations directly. */
export const knowledgeArticles = pgTable(
  'knowledge_articles',
  {
    id: serial('id').primaryKey(),
    title: text('title').notNull(),
    content: text('content').notNull(),
    categoryId: integer('category_id').references(() => categories.id),
    keywords: text('keywords').array().notNull().default(sql`'{}'::text[]`),
    active: boolean('active').notNull().default(true),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('knowledge_category_idx').on(t.categoryId)],
);

export const appMeta = pgTable('app_meta', {
  key: varchar('key', { length: 60 }).primaryKey(),
  value: jsonb('value').notNull(),
});
