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
    coUnitIds: integer('co_unit_ids')
      .array()
      .notNull()
      .default(sql`'{}'::integer[]`),
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
    /** Where the ticket came from: one of TICKET_SOURCES (domain/workflow/sources.ts). */
    source: varchar('source', { length: 40 }).notNull().default('hotline'),
    /** The system an imported ticket came from (the history import's mapping name, e.g. us311); null otherwise. */
    sourceSystem: varchar('source_system', { length: 40 }),
    /** The domain ticket (pause, extension, deferral, callback, appeal …) as JSON; columns above are for queries. */
    domain: jsonb('domain').notNull(),
    version: integer('version').notNull(),
    createdBy: integer('created_by'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'tickets_pk', columns: [t.districtCode, t.id] }),
    // Lookups by id alone (the ranking triggers of migration 0009, repeat links). Not unique: a
    // distributed table cannot have a unique index without the distribution column; ids come from
    // one global sequence (ticket_id_seq) and the primary key (district_code, id) stays unique.
    index('tickets_id_idx').on(t.id),
    uniqueIndex('tickets_number_uq').on(t.districtCode, t.number),
    index('tickets_lead_state_idx').on(t.leadUnitId, t.state, t.activeDueAt),
    index('tickets_due_soon_idx')
      .on(t.dueSoonAt)
      .where(sql`due_status = 'ok'`),
    index('tickets_state_idx').on(t.districtCode, t.state, t.activeDueAt),
    index('tickets_accepted_idx').on(t.districtCode, t.acceptedAt),
    index('tickets_assessment_idx').on(t.assessmentMonth, t.leadUnitId),
    index('tickets_repeat_idx').on(t.requesterPhoneKey, t.categoryId, t.communityCode),
    // fastupdate off: fresh rows go into the index at once instead of a pending list that every
    // unit-scoped query scans linearly until the next vacuum (PGlite has no autovacuum).
    index('tickets_co_units_idx').using('gin', t.coUnitIds).with({ fastupdate: false }),
    // A unit's open and replied tickets with every column the inbox tab counts and the list totals
    // read, so those counts are index-only scans (countInbox, listTicketRows: lead branch).
    index('tickets_lead_open_idx')
      .on(t.leadUnitId, t.state, t.dueStatus, t.districtCode)
      .where(sql`state IN ('dispatched', 'signed', 'handling', 'deferred', 'replied')`),
    // A unit's overdue filter (超时) in due order: a range scan of exactly the rows shown (~2 % of tickets).
    index('tickets_lead_overdue_idx')
      .on(t.leadUnitId, t.activeDueAt)
      .where(sql`due_status = 'overdue'`),
    // The centre's overdue queue (督办): its WHERE matches queueDefinition('overdue') (OPEN_WORK_STATES),
    // so `active_due_at < now ORDER BY active_due_at LIMIT 20` reads 20 rows; also the sweeper's scan.
    index('tickets_open_due_idx')
      .on(t.districtCode, t.activeDueAt)
      .where(sql`state IN ('dispatched', 'signed', 'handling', 'deferred')`),
    // The co-handler branch of a unit's inbox (unitScopeBranches): only tickets with co-handlers, by
    // state and due date. Without it the planner ANDed the GIN index with a bitmap of every ticket of
    // the district in the state (13–45 ms per page at 300,000 tickets).
    index('tickets_co_handled_idx')
      .on(t.districtCode, t.state, t.activeDueAt)
      .where(sql`co_unit_ids <> '{}'::integer[]`),
    // The deadline sweeper's candidates (findOverdueCandidates): running clocks not yet marked overdue,
    // in due order. Without it the scan of tickets_open_due_idx first read every ticket already overdue
    // (0.3–0.9 s per sweep at 300,000 tickets, every JIESU_SWEEP_SECONDS).
    index('tickets_sweep_due_idx')
      .on(t.districtCode, t.activeDueAt)
      .where(sql`state IN ('dispatched', 'signed', 'handling') AND due_status <> 'overdue'`),
    // The sweeper's automatic supervision (findEscalationCandidates): tickets recorded overdue below the
    // top level (通报), in due order; a few percent of the open tickets.
    index('tickets_escalation_idx')
      .on(t.districtCode, t.activeDueAt, t.id)
      .where(sql`state IN ('dispatched', 'signed', 'handling') AND due_status = 'overdue' AND supervision_level < 3`),
    // "Has a repeat" (ranking triggers, migration 0009) looks tickets up by repeat_of_id on every
    // ticket write; partial because few tickets are repeats. Created by hand in 0009, declared here since 0010.
    index('tickets_repeat_of_idx')
      .on(t.repeatOfId)
      .where(sql`repeat_of_id IS NOT NULL`),
    // The centre's queue of pending assessment appeals: a few tickets among all closed ones (queue.repository.ts).
    index('tickets_pending_appeal_idx')
      .on(t.districtCode, t.id)
      .where(sql`(domain->'appeal'->>'status') = 'pending'`),
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
    // The district code is part of the key (a distributed or partitioned table needs it in every unique
    // index), last so that lookups by ticket id alone (listEvents, the ranking triggers of 0009) still
    // range-scan this index.
    uniqueIndex('ticket_events_seq_uq').on(t.ticketId, t.seq, t.districtCode),
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
    /** The district whose server stored the response (the key's first column, as in the ticket tables: docs/OPERATIONS.md). */
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    scope: varchar('scope', { length: 80 }).notNull(),
    key: varchar('key', { length: 200 }).notNull(),
    requestHash: varchar('request_hash', { length: 64 }).notNull(),
    ticketId: bigint('ticket_id', { mode: 'number' }),
    statusCode: smallint('status_code').notNull(),
    response: jsonb('response').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'idempotency_keys_pk', columns: [t.districtCode, t.scope, t.key] })],
);

/** Every reveal of a requester's personal data: who, when, which ticket and why (DOMAIN-RULES §13). */
export const personalDataReveals = pgTable(
  'personal_data_reveals',
  {
    id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    ticketId: bigint('ticket_id', { mode: 'number' }).notNull(),
    userId: integer('user_id').notNull(),
    unitId: integer('unit_id').notNull(),
    at: ts('at').notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [
    // The district code leads the key, as for tickets, so the table can be distributed by it.
    primaryKey({ name: 'personal_data_reveals_pk', columns: [t.districtCode, t.id] }),
    index('reveals_ticket_idx').on(t.ticketId),
    index('reveals_user_idx').on(t.userId, t.at),
  ],
);
