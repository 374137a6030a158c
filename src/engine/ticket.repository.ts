/** Tickets and their events: the only place that reads or writes those tables. */
import { and, asc, desc, eq, gte, ilike, inArray, lt, or, sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { TicketEvent } from './domain/workflow/events.ts';
import type { TicketSource } from './domain/workflow/sources.ts';
import type { Ticket } from './domain/workflow/ticket.ts';
import { queryRows, type DbOrTx } from '../platform/db/client.ts';
import { isUniqueViolation } from '../platform/db/errors.ts';
import { columnEncoder, joinStatements, runFixed, slot, type FixedStatement } from '../platform/db/prepared.ts';
import { idempotencyKeys, personalDataReveals, ticketEvents, tickets } from './tickets.table.ts';
import { stateColumns, ticketFromJson } from './ticket-mapper.ts';

export type TicketRow = typeof tickets.$inferSelect;
export type TicketEventRow = typeof ticketEvents.$inferSelect;

/** What a user may see: the whole district (centre) or tickets assigned to some units. */
export type TicketScope = { districtCode: string; unitIds: readonly number[] | 'all' };

/** Intake fields that live beside the domain ticket. */
export interface TicketIntakeFields {
  title: string;
  content: string;
  address: string;
  streetCode: string | null;
  communityCode: string | null;
  latitude: number | null;
  longitude: number | null;
  requesterName: string;
  requesterPhone: string;
  requesterPhoneKey: string | null;
  queryCodeHash: string | null;
  source: TicketSource;
  /** The system an imported ticket came from (the history import's mapping name); absent otherwise. */
  sourceSystem?: string | null;
  createdBy: number | null;
}

export class ConcurrentUpdateError extends Error {
  readonly code = 'TICKET.CONCURRENT_UPDATE';
  constructor(readonly ticketId: number) {
    super(`Ticket ${ticketId} was changed by someone else; reload and try again`);
  }
}

const NEXT_TICKET_ID: FixedStatement = { name: 'jiesu_next_ticket_id', sql: "select nextval('ticket_id_seq')::text as id", params: [] };

export async function nextTicketId(db: DbOrTx): Promise<number> {
  const rows = await runFixed<{ id: string }>(db, NEXT_TICKET_ID);
  return Number(rows[0]!.id);
}

/** The tickets a scope may see, as a condition (also used by the queue queries). */
export function scopeCondition(scope: TicketScope): SQL | undefined {
  const district = eq(tickets.districtCode, scope.districtCode);
  if (scope.unitIds === 'all') return district;
  const ids = [...scope.unitIds];
  if (ids.length === 0) return sql`false`;
  return and(district, or(inArray(tickets.leadUnitId, ids), sql`${tickets.coUnitIds} && ${sql.raw(`ARRAY[${ids.map(Number).join(',')}]::integer[]`)}`));
}

/** The row of one event (exported for the builder twin in test/prepared-statements.db.test.ts). */
export function eventRow(districtCode: string, e: TicketEvent, ticketId: number, seq: number, stateBefore: string | null, stateAfter: string) {
  return {
    districtCode,
    ticketId,
    seq,
    type: e.type,
    at: e.at,
    actorUserId: e.actor?.userId ?? null,
    actorUnitId: e.actor?.unitId ?? null,
    actorRoles: e.actor?.roles ?? null,
    actorIsCentre: e.actor?.isCentre ?? null,
    stateBefore,
    stateAfter,
    data: e.data as unknown,
  };
}

/** The idempotency record written with a new ticket (idempotency.repository.ts reads it). */
export type IdempotencyRecord = Omit<typeof idempotencyKeys.$inferInsert, 'id' | 'createdAt'>;

/**
 * Inserts a new ticket with its `accept` event (and any events already decided at intake) and, when
 * given, the idempotency record of the request that created it: one statement, so it lands whole or
 * not at all even outside a transaction, in one round trip. A concurrent request that stored the same
 * idempotency key first makes it fail on that key (unique violation), writing nothing.
 */
export async function insertTicket(
  tx: DbOrTx,
  created: Ticket,
  intake: TicketIntakeFields,
  history: readonly { event: TicketEvent; before: Ticket | null; after: Ticket }[],
  now: Date,
  idempotency?: IdempotencyRecord,
): Promise<void> {
  const { ticket, events } = newTicketRows(created, intake, history, now);
  await writeNewTicket(tx, ticket, events, idempotency);
}

/** The rows of a new ticket and its events, as columns by property name (insertTicket writes them). */
export function newTicketRows(
  created: Ticket,
  intake: TicketIntakeFields,
  history: readonly { event: TicketEvent; before: Ticket | null; after: Ticket }[],
  now: Date,
): { ticket: Record<string, unknown>; events: Record<string, unknown>[] } {
  const final = history.at(-1)?.after ?? created;
  const ticket: Record<string, unknown> = {
    districtCode: final.districtCode,
    id: final.id,
    number: final.number,
    kind: final.kind,
    requestType: final.requestType,
    channel: final.channel,
    urgency: final.urgency,
    acceptedAt: final.acceptedAt,
    ...intake,
    ...stateColumns(final, now),
  };
  const events = history.map((h) => eventRow(final.districtCode, h.event, final.id, h.after.version, h.before?.state ?? null, h.after.state));
  return { ticket, events };
}

interface NewTicketWrite {
  statement: FixedStatement;
  ticketKeys: string[];
  eventKeys: string[];
  recordKeys: string[];
}

/** The statements of insertTicket by shape (column sets, number of events, with or without a record): a handful per process. */
const newTicketWrites = new Map<string, NewTicketWrite>();
const encodeTicket = columnEncoder(tickets);
const encodeEvent = columnEncoder(ticketEvents);
const encodeRecord = columnEncoder(idempotencyKeys);
// An undefined value is left to the column's default, as drizzle's insert builder does.
const definedKeys = (row: Record<string, unknown>) => Object.keys(row).filter((k) => row[k] !== undefined);

async function writeNewTicket(
  db: DbOrTx,
  ticket: Record<string, unknown>,
  events: Record<string, unknown>[],
  record: IdempotencyRecord | undefined,
): Promise<void> {
  const ticketKeys = definedKeys(ticket);
  const eventKeys = definedKeys(events[0]!);
  const recordKeys = record === undefined ? [] : definedKeys(record);
  const shape = `${ticketKeys.join()}|${eventKeys.join()}|${events.length}|${record === undefined ? '-' : recordKeys.join()}`;
  let w = newTicketWrites.get(shape);
  if (w === undefined) {
    w = buildNewTicketWrite(db, ticketKeys, eventKeys, events.length, record === undefined ? undefined : recordKeys, newTicketWrites.size);
    newTicketWrites.set(shape, w);
  }
  // Values in the order buildNewTicketWrite numbered the slots: ticket, each event, the record.
  const values: unknown[] = [];
  for (const k of w.ticketKeys) values.push(encodeTicket(k, ticket[k]));
  for (const e of events) for (const k of w.eventKeys) values.push(encodeEvent(k, e[k]));
  for (const k of w.recordKeys) values.push(encodeRecord(k, (record as Record<string, unknown>)[k]));
  await runFixed(db, w.statement, values);
}

/** Built with drizzle's own insert builders (so columns, quoting and defaults are theirs), then joined into one statement. */
function buildNewTicketWrite(
  db: DbOrTx,
  ticketKeys: string[],
  eventKeys: string[],
  eventCount: number,
  recordKeys: string[] | undefined,
  serial: number,
): NewTicketWrite {
  let n = 0;
  const slots = (keys: string[]) => Object.fromEntries(keys.map((k) => [k, slot(n++)]));
  const parts = [
    db
      .insert(tickets)
      .values(slots(ticketKeys) as never)
      .toSQL(),
    db
      .insert(ticketEvents)
      .values(Array.from({ length: eventCount }, () => slots(eventKeys)) as never)
      .toSQL(),
  ];
  if (recordKeys !== undefined)
    parts.push(
      db
        .insert(idempotencyKeys)
        .values(slots(recordKeys) as never)
        .toSQL(),
    );
  return { statement: joinStatements(`jiesu_new_ticket_${serial}`, parts), ticketKeys, eventKeys, recordKeys: recordKeys ?? [] };
}

interface TransitionWrite {
  statement: FixedStatement;
  setKeys: string[];
  eventKeys: string[];
}

/** The statements of saveTransition by shape (the columns set and written): one or two per process. */
const transitionWrites = new Map<string, TransitionWrite>();

/**
 * Writes a decided transition: the new state (only if nobody changed the ticket meanwhile, by
 * version) and the event, in one statement (`with s0 as (update … returning id), s1 as (insert event)
 * select count(*) from s0`): one round trip instead of two. Every caller runs it inside a transaction
 * and holds the ticket's row lock, so a lost race is a programming error there; when it happens anyway
 * (no row updated, or the event's sequence number already taken by the winner) this throws
 * ConcurrentUpdateError and the caller's transaction rolls the event back.
 */
export async function saveTransition(tx: DbOrTx, before: Ticket, after: Ticket, event: TicketEvent, now: Date): Promise<void> {
  const set: Record<string, unknown> = stateColumns(after, now);
  const ev: Record<string, unknown> = eventRow(after.districtCode, event, after.id, after.version, before.state, after.state);
  const setKeys = definedKeys(set);
  const eventKeys = definedKeys(ev);
  const shape = `${setKeys.join()}|${eventKeys.join()}`;
  let w = transitionWrites.get(shape);
  if (w === undefined) {
    w = buildTransitionWrite(tx, setKeys, eventKeys, transitionWrites.size);
    transitionWrites.set(shape, w);
  }
  const values: unknown[] = [];
  for (const k of w.setKeys) values.push(encodeTicket(k, set[k]));
  values.push(before.districtCode, before.id, before.version);
  for (const k of w.eventKeys) values.push(encodeEvent(k, ev[k]));
  let updated: number;
  try {
    updated = (await runFixed<{ n: number }>(tx, w.statement, values))[0]!.n;
  } catch (e) {
    if (isUniqueViolation(e)) throw new ConcurrentUpdateError(before.id);
    throw e;
  }
  if (updated === 0) throw new ConcurrentUpdateError(before.id);
}

/** Built with drizzle's own update and insert builders, then joined into one statement. */
function buildTransitionWrite(db: DbOrTx, setKeys: string[], eventKeys: string[], serial: number): TransitionWrite {
  let n = 0;
  const slots = (keys: string[]) => Object.fromEntries(keys.map((k) => [k, slot(n++)]));
  const set = slots(setKeys);
  const update = db
    .update(tickets)
    .set(set as never)
    .where(and(eq(tickets.districtCode, slot(n++)), eq(tickets.id, slot(n++)), eq(tickets.version, slot(n++))))
    .returning({ id: tickets.id })
    .toSQL();
  const insert = db
    .insert(ticketEvents)
    .values(slots(eventKeys) as never)
    .toSQL();
  return {
    statement: joinStatements(`jiesu_transition_${serial}`, [update, insert, { sql: 'select count(*)::int as n from s0', params: [] }]),
    setKeys,
    eventKeys,
  };
}

export async function findTicketRow(db: DbOrTx, id: number, scope: TicketScope, forUpdate = false): Promise<TicketRow | undefined> {
  const q = db
    .select()
    .from(tickets)
    .where(and(eq(tickets.id, id), scopeCondition(scope)));
  const rows = forUpdate ? await q.for('update') : await q;
  return rows[0];
}

/**
 * Locks a ticket within a scope and returns its domain state only: what an action needs, without the
 * intake columns (texts, sealed personal data) that findTicketRow would also read and map.
 */
export async function lockDomainTicket(tx: DbOrTx, id: number, scope: TicketScope): Promise<Ticket | undefined> {
  const rows = await tx
    .select({ domain: tickets.domain })
    .from(tickets)
    .where(and(eq(tickets.id, id), scopeCondition(scope)))
    .for('update');
  return rows[0] === undefined ? undefined : ticketFromJson(rows[0].domain);
}

export async function findTicketRowByNumber(db: DbOrTx, districtCode: string, number: string): Promise<TicketRow | undefined> {
  const rows = await db
    .select()
    .from(tickets)
    .where(and(eq(tickets.districtCode, districtCode), eq(tickets.number, number)));
  return rows[0];
}

export const domainTicketOf = (row: TicketRow): Ticket => ticketFromJson(row.domain);

export async function listEvents(db: DbOrTx, ticketId: number): Promise<TicketEventRow[]> {
  return db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticketId)).orderBy(asc(ticketEvents.seq));
}

/** Rebuilds domain events from rows (the inverse of eventRow), for replay checks. */
export function eventFromRow(r: TicketEventRow): TicketEvent {
  const actor =
    r.actorUserId === null
      ? null
      : {
          userId: r.actorUserId,
          unitId: r.actorUnitId ?? 0,
          roles: (r.actorRoles ?? []) as NonNullable<TicketEvent['actor']>['roles'],
          isCentre: r.actorIsCentre ?? false,
        };
  return { type: r.type, at: r.at, actor, data: r.data } as TicketEvent;
}

export interface TicketListFilter {
  states?: string[];
  dueStatuses?: string[];
  kinds?: string[];
  leadUnitId?: number;
  categoryId?: number;
  streetCode?: string;
  text?: string;
  acceptedFrom?: Date;
  acceptedTo?: Date;
  sort?: 'due' | 'newest' | 'oldest';
  offset: number;
  limit: number;
}

/** Text search: the title or content contains `text` (taken literally, `%` `_` `\\` included), or it is the ticket number. */
export function ticketTextCondition(text: string): SQL | undefined {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return or(ilike(tickets.title, pattern), ilike(tickets.content, pattern), eq(tickets.number, text));
}

/**
 * The states in which a ticket's clock runs. Every other state stores due_status 'none'
 * (stateColumns → dueStatusOf: no active deadline outside these three, and none while paused).
 */
const CLOCK_STATES = ['dispatched', 'signed', 'handling'];
const CLOCK_DUE_STATUSES = ['ok', 'due_soon', 'overdue'];

/** The list filter's conditions, without the scope. */
function listFilterConditions(f: TicketListFilter): SQL[] {
  const conds: (SQL | undefined)[] = [];
  if (f.states?.length) conds.push(inArray(tickets.state, f.states));
  if (f.dueStatuses?.length) {
    conds.push(inArray(tickets.dueStatus, f.dueStatuses));
    // Implied by the due statuses (changes no result); lets the planner use the (lead_unit_id, state)
    // prefix of tickets_lead_state_idx instead of every ticket the unit ever led.
    if (f.dueStatuses.every((d) => CLOCK_DUE_STATUSES.includes(d))) conds.push(inArray(tickets.state, CLOCK_STATES));
  }
  if (f.kinds?.length) conds.push(inArray(tickets.kind, f.kinds));
  if (f.leadUnitId !== undefined) conds.push(eq(tickets.leadUnitId, f.leadUnitId));
  if (f.categoryId !== undefined) conds.push(eq(tickets.categoryId, f.categoryId));
  if (f.streetCode !== undefined) conds.push(eq(tickets.streetCode, f.streetCode));
  if (f.acceptedFrom !== undefined) conds.push(gte(tickets.acceptedAt, f.acceptedFrom));
  if (f.acceptedTo !== undefined) conds.push(lt(tickets.acceptedAt, f.acceptedTo));
  if (f.text) conds.push(ticketTextCondition(f.text));
  return conds.filter((c): c is SQL => c !== undefined);
}

/** A fresh ORDER BY each time (drizzle rewrites the columns of a set operation's ORDER BY in place). */
function listOrder(sort: TicketListFilter['sort']): SQL[] {
  return sort === 'due'
    ? [sql`${tickets.activeDueAt} asc nulls last`, asc(tickets.id)]
    : sort === 'oldest'
      ? [asc(tickets.acceptedAt), asc(tickets.id)]
      : [desc(tickets.acceptedAt), desc(tickets.id)];
}

export async function listTicketRows(db: DbOrTx, scope: TicketScope, f: TicketListFilter): Promise<{ rows: TicketRow[]; total: number }> {
  const filters = listFilterConditions(f);
  if (scope.unitIds !== 'all' && scope.unitIds.length > 0) return listUnitTicketRows(db, scope.districtCode, [...scope.unitIds], filters, f);
  const where = and(scopeCondition(scope), ...filters);
  const [rows, count] = await Promise.all([
    db
      .select()
      .from(tickets)
      .where(where)
      .orderBy(...listOrder(f.sort))
      .limit(f.limit)
      .offset(f.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(tickets)
      .where(where),
  ]);
  return { rows, total: count[0]?.n ?? 0 };
}

/**
 * The scope of some units (non-empty) as two disjoint conditions whose union is `scopeCondition`: the
 * tickets they lead, and those they co-handle without leading. Each branch can use its own index
 * (lead_unit_id btrees, the GIN index on co_unit_ids) in order or index-only, which the OR cannot.
 */
export function unitScopeBranches(districtCode: string, unitIds: readonly number[]): [SQL, SQL] {
  const ids = [...unitIds];
  const district = eq(tickets.districtCode, districtCode);
  return [
    and(district, inArray(tickets.leadUnitId, ids))!,
    and(
      district,
      sql`${tickets.coUnitIds} && ${sql.raw(`ARRAY[${ids.map(Number).join(',')}]::integer[]`)}`,
      // Implied by the overlap (changes no result); matches the predicate of tickets_co_handled_idx, so
      // the branch reads only co-handled tickets (a few percent) instead of ANDing the GIN index with
      // every ticket of the district in the requested states.
      sql`${tickets.coUnitIds} <> '{}'::integer[]`,
      // "not led by these units": a NULL lead unit counts as not led (NOT IN alone would drop it).
      or(sql`${tickets.leadUnitId} is null`, sql`${tickets.leadUnitId} not in ${ids}`),
    )!,
  ];
}

/**
 * A unit's list, as two disjoint branches: the tickets it leads, and those it co-handles without
 * leading them. Same rows, order and total as the scope's `lead OR co-handler` condition, but the lead
 * branch becomes an ordered range scan of an index on lead_unit_id (an OR with the GIN condition can
 * only be a bitmap scan of every matching row, then a sort). Each branch keeps its first
 * offset + limit rows in the page's order; the merge is ordered again and cut to the page.
 */
async function listUnitTicketRows(
  db: DbOrTx,
  districtCode: string,
  unitIds: number[],
  filters: SQL[],
  f: TicketListFilter,
): Promise<{ rows: TicketRow[]; total: number }> {
  const [leadScope, coScope] = unitScopeBranches(districtCode, unitIds);
  const leads = and(leadScope, ...filters)!;
  const coOnly = and(coScope, ...filters)!;
  const branch = (where: SQL) =>
    db
      .select()
      .from(tickets)
      .where(where)
      .orderBy(...listOrder(f.sort))
      .limit(f.offset + f.limit);
  const [rows, count] = await Promise.all([
    branch(leads)
      .unionAll(branch(coOnly))
      .orderBy(...listOrder(f.sort))
      .limit(f.limit)
      .offset(f.offset),
    queryRows<{ n: number }>(db, sql`select ((select count(*) from ${tickets} where ${leads}) + (select count(*) from ${tickets} where ${coOnly}))::int as n`),
  ]);
  return { rows, total: Number(count[0]?.n ?? 0) };
}

/**
 * Open tickets by the same requester phone, category and community (DOMAIN-RULES §4.1 repeats). The phone is
 * matched by its keyed hashes (one per key in the keyring, so a rotation in progress misses nothing).
 */
export async function findRepeatCandidates(
  db: DbOrTx,
  districtCode: string,
  phoneKeys: readonly string[],
  categoryId: number,
  communityCode: string | null,
): Promise<TicketRow[]> {
  if (phoneKeys.length === 0) return [];
  return db
    .select()
    .from(tickets)
    .where(repeatCandidateCondition(districtCode, [...phoneKeys], categoryId, communityCode))
    .orderBy(desc(tickets.acceptedAt))
    .limit(REPEAT_CANDIDATES);
}

const REPEAT_CANDIDATES = 5;

/**
 * The repeat-candidate condition, for values or for the placeholders of a fixed statement
 * (drawTicketId); a null community matches tickets without one.
 */
function repeatCandidateCondition(
  district: string | SQL,
  phoneKeys: (string | Placeholder)[],
  categoryId: number | SQL,
  communityCode: string | SQL | null,
): SQL {
  return and(
    eq(tickets.districtCode, district),
    inArray(tickets.requesterPhoneKey, phoneKeys),
    eq(tickets.categoryId, categoryId),
    communityCode === null ? sql`${tickets.communityCode} is null` : eq(tickets.communityCode, communityCode),
    sql`${tickets.state} not in ('closed', 'accepted')`,
  )!;
}

/** What intake answers about a repeat candidate. */
export interface RepeatCandidateRef {
  id: number;
  number: string;
  state: string;
}

const drawStatements = new Map<string, FixedStatement>();

/**
 * Draws a new ticket's id and finds its repeat candidates in one round trip: findRepeatCandidates
 * narrowed to id, number and state (the same tickets in the same order, without reading each
 * candidate's whole row), beside `nextval` —
 * `with n as materialized (select nextval(…)) select … from n left join lateral (candidates) r on true`.
 * Run at every intake, so its statement is built once per shape (number of phone keys, community or
 * none). Without phone keys or a category there is nothing to match, and only the id is drawn.
 */
export async function drawTicketId(
  db: DbOrTx,
  districtCode: string,
  phoneKeys: readonly string[],
  categoryId: number | null,
  communityCode: string | null,
): Promise<{ id: number; repeats: RepeatCandidateRef[] }> {
  if (phoneKeys.length === 0 || categoryId === null) return { id: await nextTicketId(db), repeats: [] };
  const shape = `${phoneKeys.length}|${communityCode === null ? '-' : 'c'}`;
  let statement = drawStatements.get(shape);
  if (statement === undefined) {
    let n = 0;
    const q = db
      .select({ id: tickets.id, number: tickets.number, state: tickets.state, acceptedAt: tickets.acceptedAt })
      .from(tickets)
      .where(
        repeatCandidateCondition(
          slot(n++),
          phoneKeys.map(() => sql.placeholder(String(n++))),
          slot(n++),
          communityCode === null ? null : slot(n++),
        ),
      )
      .orderBy(desc(tickets.acceptedAt))
      .limit(REPEAT_CANDIDATES)
      .toSQL();
    statement = {
      name: `jiesu_draw_ticket_${drawStatements.size}`,
      sql: `with n as materialized (select nextval('ticket_id_seq')::text as next_id) select n.next_id, r.id, r.number, r.state from n left join lateral (${q.sql}) r on true order by r.accepted_at desc`,
      params: q.params,
    };
    drawStatements.set(shape, statement);
  }
  const values: unknown[] = [districtCode, ...phoneKeys, categoryId];
  if (communityCode !== null) values.push(communityCode);
  const rows = await runFixed<{ next_id: string; id: number | string | null; number: string | null; state: string | null }>(db, statement, values);
  return {
    id: Number(rows[0]!.next_id),
    repeats: rows.filter((r) => r.id !== null).map((r) => ({ id: Number(r.id), number: r.number!, state: r.state! })),
  };
}

/** The district's working tickets whose active deadline has passed without an overdue mark, oldest first. */
export async function findOverdueCandidates(db: DbOrTx, districtCode: string, now: Date, limit: number): Promise<TicketRow[]> {
  return db
    .select()
    .from(tickets)
    .where(
      and(
        eq(tickets.districtCode, districtCode),
        // Deferred tickets have no running clock (their reply deadline is suspended).
        inArray(tickets.state, CLOCK_STATES),
        lt(tickets.activeDueAt, now),
        sql`${tickets.dueStatus} <> 'overdue'`,
      ),
    )
    .orderBy(asc(tickets.activeDueAt))
    .limit(limit)
    .for('update', { skipLocked: true });
}

/**
 * The district's deferred tickets whose review date (a local date) is `today` or earlier and whose
 * review is not recorded yet (due_status 'review_due' once it is), locked for the sweeper.
 */
export async function findDeferralReviewCandidates(db: DbOrTx, districtCode: string, today: string, limit: number): Promise<TicketRow[]> {
  return db
    .select()
    .from(tickets)
    .where(
      and(
        eq(tickets.districtCode, districtCode),
        eq(tickets.state, 'deferred'),
        sql`${tickets.dueStatus} <> 'review_due'`,
        sql`(${tickets.domain}->'deferral'->>'reviewDate') <= ${today}`,
      ),
    )
    .orderBy(asc(tickets.id))
    .limit(limit)
    .for('update', { skipLocked: true });
}

/**
 * Candidates for automatic supervision: working tickets recorded overdue below the top level whose
 * running deadline passed at least the next level's span ago in natural time (working-day time never
 * runs faster, so every ticket due a level is among them; the domain decides exactly). In (due, id)
 * order after `after`, locked for the sweeper; `afterDays` are the spans of levels 1–3.
 */
export async function findEscalationCandidates(
  db: DbOrTx,
  districtCode: string,
  now: Date,
  afterDays: readonly [number, number, number],
  after: { dueAt: Date; id: number } | null,
  limit: number,
): Promise<TicketRow[]> {
  const span = sql`(case ${tickets.supervisionLevel} when 0 then ${afterDays[0]}::float8 when 1 then ${afterDays[1]}::float8 else ${afterDays[2]}::float8 end)`;
  return db
    .select()
    .from(tickets)
    .where(
      and(
        eq(tickets.districtCode, districtCode),
        inArray(tickets.state, CLOCK_STATES),
        eq(tickets.dueStatus, 'overdue'),
        sql`${tickets.supervisionLevel} < 3`,
        sql`${tickets.activeDueAt} <= ${now.toISOString()}::timestamptz - ${span} * interval '1 day'`,
        after === null ? undefined : sql`(${tickets.activeDueAt}, ${tickets.id}) > (${after.dueAt.toISOString()}::timestamptz, ${after.id})`,
      ),
    )
    .orderBy(asc(tickets.activeDueAt), asc(tickets.id))
    .limit(limit)
    .for('update', { skipLocked: true });
}

/** Turns the traffic light yellow for the district's tickets whose due-soon instant has passed (no event: nothing happened to them). */
export async function markDueSoon(db: DbOrTx, districtCode: string, now: Date): Promise<number> {
  const r = await db
    .update(tickets)
    .set({ dueStatus: 'due_soon' })
    .where(and(eq(tickets.districtCode, districtCode), eq(tickets.dueStatus, 'ok'), lt(tickets.dueSoonAt, now)))
    .returning({ id: tickets.id });
  return r.length;
}

export async function insertReveal(db: DbOrTx, row: typeof personalDataReveals.$inferInsert): Promise<void> {
  await db.insert(personalDataReveals).values(row);
}

export async function listReveals(db: DbOrTx, ticketId: number) {
  return db.select().from(personalDataReveals).where(eq(personalDataReveals.ticketId, ticketId)).orderBy(asc(personalDataReveals.id));
}

/** Filter of the public (Open311) listing. `numbers`, when given, must be non-empty. */
export interface PublicTicketFilter {
  kinds: readonly string[];
  numbers?: readonly string[];
  categoryId?: number;
  acceptedFrom?: Date;
  acceptedTo?: Date;
  /** true: closed tickets only; false: open ones only. */
  closed?: boolean;
  leadUnitId?: number;
  updatedFrom?: Date;
  updatedTo?: Date;
  limit: number;
}

/** The columns a public listing may read: no requester name, phone, free address or reply text is even loaded. */
const publicColumns = {
  id: tickets.id,
  number: tickets.number,
  kind: tickets.kind,
  state: tickets.state,
  channel: tickets.channel,
  categoryId: tickets.categoryId,
  content: tickets.content,
  streetCode: tickets.streetCode,
  communityCode: tickets.communityCode,
  latitude: tickets.latitude,
  longitude: tickets.longitude,
  leadUnitId: tickets.leadUnitId,
  acceptedAt: tickets.acceptedAt,
  replyDueAt: tickets.replyDueAt,
  updatedAt: tickets.updatedAt,
  outcome: tickets.outcome,
  resolved: tickets.resolved,
  specialRoute: sql<string | null>`${tickets.domain}->>'specialRoute'`,
};
export type PublicTicketRow = Pick<TicketRow, Exclude<keyof typeof publicColumns, 'specialRoute'>> & { specialRoute: string | null };

/** Tickets of a district for the public Open311 interface, newest first. */
export async function listPublicTicketRows(db: DbOrTx, districtCode: string, f: PublicTicketFilter): Promise<PublicTicketRow[]> {
  const conds: (SQL | undefined)[] = [eq(tickets.districtCode, districtCode), inArray(tickets.kind, [...f.kinds])];
  if (f.numbers !== undefined) conds.push(inArray(tickets.number, [...f.numbers]));
  if (f.categoryId !== undefined) conds.push(eq(tickets.categoryId, f.categoryId));
  if (f.acceptedFrom !== undefined) conds.push(gte(tickets.acceptedAt, f.acceptedFrom));
  if (f.acceptedTo !== undefined) conds.push(lt(tickets.acceptedAt, f.acceptedTo));
  if (f.closed !== undefined) conds.push(f.closed ? eq(tickets.state, 'closed') : sql`${tickets.state} <> 'closed'`);
  if (f.leadUnitId !== undefined) conds.push(eq(tickets.leadUnitId, f.leadUnitId));
  if (f.updatedFrom !== undefined) conds.push(gte(tickets.updatedAt, f.updatedFrom));
  if (f.updatedTo !== undefined) conds.push(lt(tickets.updatedAt, f.updatedTo));
  return db
    .select(publicColumns)
    .from(tickets)
    .where(and(...conds))
    .orderBy(desc(tickets.acceptedAt), desc(tickets.id))
    .limit(f.limit);
}

/** The requester fields of one ticket as stored (sealed, or plain in a database not yet sealed). */
export interface StoredRequesterFields {
  districtCode: string;
  id: number;
  requesterName: string;
  requesterPhone: string;
  address: string;
  requesterPhoneKey: string | null;
}

const sealedUnder = (column: SQL, prefix: string) => sql`(${column} <> '' and left(${column}, ${prefix.length}) <> ${prefix})`;

/**
 * The next tickets after `afterId` (by id) whose requester fields are not all sealed under `keyId`, or
 * whose phone key is not a keyed hash (a legacy row holds the bare digits), locked for update. Locking in
 * id order lets several processes run the same pass: one waits for the other's batch and then finds those
 * rows already done.
 */
export async function lockRequesterFieldsToSeal(tx: DbOrTx, keyId: string, afterId: number, limit: number): Promise<StoredRequesterFields[]> {
  const prefix = `pd1:${keyId}:`;
  return tx
    .select({
      districtCode: tickets.districtCode,
      id: tickets.id,
      requesterName: tickets.requesterName,
      requesterPhone: tickets.requesterPhone,
      address: tickets.address,
      requesterPhoneKey: tickets.requesterPhoneKey,
    })
    .from(tickets)
    .where(
      and(
        sql`${tickets.id} > ${afterId}`,
        or(
          sealedUnder(sql`${tickets.requesterName}`, prefix),
          sealedUnder(sql`${tickets.requesterPhone}`, prefix),
          sealedUnder(sql`${tickets.address}`, prefix),
          sql`(${tickets.requesterPhoneKey} is not null and length(${tickets.requesterPhoneKey}) <> 64)`,
        ),
      ),
    )
    .orderBy(asc(tickets.id))
    .limit(limit)
    .for('update');
}

/** Rewrites one ticket's requester fields (only these: the projection and its version are not touched). */
export async function updateRequesterFields(tx: DbOrTx, f: StoredRequesterFields): Promise<void> {
  await tx
    .update(tickets)
    .set({ requesterName: f.requesterName, requesterPhone: f.requesterPhone, address: f.address, requesterPhoneKey: f.requesterPhoneKey })
    .where(and(eq(tickets.districtCode, f.districtCode), eq(tickets.id, f.id)));
}

/** Tickets with a requester field sealed under `keyId` (a key may be retired only when this is 0). */
export async function countSealedUnder(db: DbOrTx, keyId: string): Promise<number> {
  const prefix = `pd1:${keyId}:`;
  const under = (c: SQL) => sql`left(${c}, ${prefix.length}) = ${prefix}`;
  const rows = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(tickets)
    .where(or(under(sql`${tickets.requesterName}`), under(sql`${tickets.requesterPhone}`), under(sql`${tickets.address}`)));
  return Number(rows[0]?.n ?? 0);
}

/** Tickets whose requester fields are not all sealed under `keyId` (0 when a pass to that key is complete). */
export async function countNotSealedUnder(db: DbOrTx, keyId: string): Promise<number> {
  const prefix = `pd1:${keyId}:`;
  const rows = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(tickets)
    .where(
      or(
        sealedUnder(sql`${tickets.requesterName}`, prefix),
        sealedUnder(sql`${tickets.requesterPhone}`, prefix),
        sealedUnder(sql`${tickets.address}`, prefix),
        sql`(${tickets.requesterPhoneKey} is not null and length(${tickets.requesterPhoneKey}) <> 64)`,
      ),
    );
  return Number(rows[0]?.n ?? 0);
}

/** How many of the newest tickets the start-up sample looks through for a sealed field. */
export const SEALED_SAMPLE_WINDOW = 1000;

/**
 * One stored, sealed requester field (any key) among the newest SEALED_SAMPLE_WINDOW tickets, to prove
 * at start that the keys open this database's data; undefined when none of them has one. The window
 * keeps the start-up cost flat. Before, the look-up ordered by the text form of the id (a bare `id`
 * in ORDER BY named the `id::text` output column), so it read and sorted every sealed row: at 10
 * million tickets it outlasted statement_timeout and the server did not start.
 */
export async function sampleSealedRequesterField(
  db: DbOrTx,
  window = SEALED_SAMPLE_WINDOW,
): Promise<{ districtCode: string; id: number; column: 'requester_phone' | 'requester_name' | 'address'; value: string } | undefined> {
  const rows = await queryRows<{ district_code: string; id: string; column: 'requester_phone' | 'requester_name' | 'address'; value: string }>(
    db,
    // Qualified `n.id` in ORDER BY: a bare `id` would name the text output column and sort as text.
    sql`with newest as (select t.district_code, t.id, t.requester_phone, t.requester_name from tickets t order by t.id desc limit ${window})
        (select n.district_code, n.id::text as id, 'requester_phone' as column, n.requester_phone as value from newest n
          where left(n.requester_phone, 4) = 'pd1:' order by n.id desc limit 1)
        union all
        (select n.district_code, n.id::text, 'requester_name', n.requester_name from newest n where left(n.requester_name, 4) = 'pd1:' order by n.id desc limit 1)
        limit 1`,
  );
  const r = rows[0];
  return r === undefined ? undefined : { districtCode: r.district_code, id: Number(r.id), column: r.column, value: r.value };
}
