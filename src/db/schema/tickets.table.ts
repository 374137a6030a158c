import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** Ticket ids are global (one sequence) so a city-wide deployment can merge districts without clashes. */
export const ticketIdSeq = pgSequence('ticket_id_seq', { startWith: 1, increment: 1 });

/**
 * The current state of every ticket (a projection of its events, kept in the same transaction).
 * The district code leads the primary key so the table can be distributed or partitioned by it.
 */
export const tickets = pgTable(
  'tickets',
  {
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    id: bigint('id', { mode: 'number' }).notNull(),
    number: varchar('number', { length: 24 }).notNull(),
    kind: varchar('kind', { length: 20 }).notNull(),
    state: varchar('state', { length: 20 }).notNull(),
    requestType: varchar('request_type', { length: 16 }).notNull(),
    channel: varchar('channel', { length: 16 }).notNull(),
    urgency: varchar('urgency', { length: 10 }).notNull(),
    categoryId: integer('category_id'),
    timeLimitClass: varchar('time_limit_class', { length: 20 }),
    title: text('title').notNull(),
    content: text('content').notNull(),
    address: text('address').notNull().default(''),
    streetCode: varchar('street_code', { length: 12 }),
    communityCode: varchar('community_code', { length: 12 }),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    /** Personal data of the requester: never leaves the server except through a presenter. */
    requesterName: text('requester_name').notNull().default(''),
    requesterPhone: text('requester_phone').notNull().default(''),
    /** Keyed hash (HMAC-SHA256, hex) of the normalised phone, for repeat-request lookups; the phone itself is sealed. */
    requesterPhoneKey: varchar('requester_phone_key', { length: 64 }),
    /** Hash of the requester's query code (public progress page); the code itself is shown once. */
    queryCodeHash: varchar('query_code_hash', { length: 64 }),
    leadUnitId: integer('lead_unit_id'),
    coUnitIds: integer('co_unit_ids').array().notNull().default(sql`'{}'::integer[]`),
    acceptedAt: ts('accepted_at').notNull(),
    dispatchedAt: ts('dispatched_at'),
    signedAt: ts('signed_at'),
    contactedAt: ts('contacted_at'),
    repliedAt: ts('replied_at'),
    closedAt: ts('closed_at'),
    signDueAt: ts('sign_due_at'),
    contactDueAt: ts('contact_due_at'),
    replyDueAt: ts('reply_due_at'),
    /** The deadline the current state is measured against (sign, contact or reply), for inbox sorting. */
    activeDueAt: ts('active_due_at'),
    /** When the active deadline turns "due soon" (yellow); the sweeper flips due_status then. */
    dueSoonAt: ts('due_soon_at'),
    dueStatus: varchar('due_status', { length: 10 }).notNull().default('none'),
    callbackAt: ts('callback_at'),
    /** 'YYYY-MM' of the valid callback: the month the ticket is assessed in. */
    assessmentMonth: varchar('assessment_month', { length: 7 }),
    satisfaction: varchar('satisfaction', { length: 24 }),
    resolved: boolean('resolved'),
    contacted: boolean('contacted'),
    outcome: varchar('outcome', { length: 24 }),
    repeatOfId: bigint('repeat_of_id', { mode: 'number' }),
    supervisionLevel: smallint('supervision_level').notNull().default(0),
    excludedFromAssessment: boolean('excluded_from_assessment').notNull().default(false),
    source: varchar('source', { length: 40 }).notNull().default('hotline'),
    /** The domain ticket (pause, extension, deferral, callback, appeal …) as JSON; columns above are for queries. */
    domain: jsonb('domain').notNull(),
    version: integer('version').notNull(),
    createdBy: integer('created_by'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'tickets_pk', columns: [t.districtCode, t.id] }),
    uniqueIndex('tickets_id_uq').on(t.id),
    uniqueIndex('tickets_number_uq').on(t.districtCode, t.number),
    index('tickets_lead_state_idx').on(t.leadUnitId, t.state, t.activeDueAt),
    index('tickets_due_soon_idx').on(t.dueSoonAt).where(sql`due_status = 'ok'`),
    index('tickets_state_idx').on(t.districtCode, t.state, t.activeDueAt),
    index('tickets_accepted_idx').on(t.districtCode, t.acceptedAt),
    index('tickets_assessment_idx').on(t.assessmentMonth, t.leadUnitId),
    index('tickets_repeat_idx').on(t.requesterPhoneKey, t.categoryId, t.communityCode),
    index('tickets_co_units_idx').using('gin', t.coUnitIds),
    // The centre's queue of pending assessment appeals: a few tickets among all closed ones (queue.repository.ts).
    index('tickets_pending_appeal_idx').on(t.districtCode, t.id).where(sql`(domain->'appeal'->>'status') = 'pending'`),
  ],
);

/** Append-only history: one row per fact, in order per ticket. */
export const ticketEvents = pgTable(
  'ticket_events',
  {
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity(),
    ticketId: bigint('ticket_id', { mode: 'number' }).notNull(),
    seq: integer('seq').notNull(),
    type: varchar('type', { length: 24 }).notNull(),
    at: ts('at').notNull(),
    actorUserId: integer('actor_user_id'),
    actorUnitId: integer('actor_unit_id'),
    actorRoles: text('actor_roles').array(),
    actorIsCentre: boolean('actor_is_centre'),
    stateBefore: varchar('state_before', { length: 20 }),
    stateAfter: varchar('state_after', { length: 20 }).notNull(),
    data: jsonb('data').notNull(),
  },
  (t) => [
    primaryKey({ name: 'ticket_events_pk', columns: [t.districtCode, t.id] }),
    uniqueIndex('ticket_events_seq_uq').on(t.ticketId, t.seq),
    index('ticket_events_at_idx').on(t.districtCode, t.at),
  ],
);

/**
 * Idempotency keys of ticket-creating requests, written in the same transaction as the ticket, so a
 * retried request returns the stored response and never creates a second ticket.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    scope: varchar('scope', { length: 80 }).notNull(),
    key: varchar('key', { length: 200 }).notNull(),
    requestHash: varchar('request_hash', { length: 64 }).notNull(),
    ticketId: bigint('ticket_id', { mode: 'number' }),
    statusCode: smallint('status_code').notNull(),
    response: jsonb('response').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'idempotency_keys_pk', columns: [t.scope, t.key] })],
);

/** Every reveal of a requester's personal data: who, when, which ticket and why (DOMAIN §13). */
export const personalDataReveals = pgTable(
  'personal_data_reveals',
  {
    id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity().primaryKey(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    ticketId: bigint('ticket_id', { mode: 'number' }).notNull(),
    userId: integer('user_id').notNull(),
    unitId: integer('unit_id').notNull(),
    at: ts('at').notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [index('reveals_ticket_idx').on(t.ticketId), index('reveals_user_idx').on(t.userId, t.at)],
);
