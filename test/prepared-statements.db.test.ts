/**
 * The statements built once and run by name (src/platform/db/prepared.ts) against their drizzle-builder twins,
 * on the real database: the same rows stored and returned, one-statement atomicity of a new ticket
 * with its events and idempotency record, no caching of sessions, and (PostgreSQL) named statements
 * surviving connections that were lost.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../src/platform/crypto/hashing.ts';
import { accept, decide } from '../src/engine/domain/workflow/decide.ts';
import type { TicketEvent } from '../src/engine/domain/workflow/events.ts';
import type { Actor, Ticket } from '../src/engine/domain/workflow/ticket.ts';
import { queryRows, type DbOrTx } from '../src/platform/db/client.ts';
import { isUniqueViolation } from '../src/platform/db/errors.ts';
import { findIdempotent } from '../src/engine/idempotency.repository.ts';
import {
  ConcurrentUpdateError,
  drawTicketId,
  eventRow,
  findRepeatCandidates,
  insertTicket,
  newTicketRows,
  nextTicketId,
  saveTransition,
  type TicketIntakeFields,
} from '../src/engine/ticket.repository.ts';
import { deleteSession, findSessionUser, insertSession } from '../src/engine/user.repository.ts';
import { stateColumns } from '../src/engine/ticket-mapper.ts';
import { idempotencyKeys, ticketEvents, tickets, users } from '../src/schema.ts';
import { createHarness, dbKind, DISTRICT, type Harness } from './support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

const db = () => h.ctx.database.db;

type History = { event: TicketEvent; before: Ticket | null; after: Ticket }[];

/** A dispatched ticket as intake decides it: two events, deadlines from the calendar, co-handlers. */
async function decided(id: number): Promise<{ created: Ticket; history: History; now: Date }> {
  const ref = await h.ctx.reference.get();
  const now = h.clock.now();
  const centre = ref.units.find((u) => u.unitType === 'centre')!;
  const [lead, co] = ref.units.filter((u) => u.unitType !== 'centre' && !u.isFallback);
  const category = [...ref.categoryById.values()].find((c) => c.isLeaf && c.active)!;
  const actor: Actor = { userId: 1, unitId: centre.id, roles: ['operator'], isCentre: true };
  const created = accept(
    {
      id,
      number: `T${id}`,
      kind: 'hotline_request',
      districtCode: DISTRICT,
      requestType: 'complaint',
      categoryId: category.id,
      timeLimitClass: 'general',
      urgency: 'normal',
      channel: 'phone',
    },
    now,
    actor,
  );
  const d = decide(
    created.ticket,
    { type: 'dispatch', input: { leadUnitId: lead!.id, coUnitIds: [co!.id], fallback: false, reason: '测试' } },
    { now, actor, calendar: ref.calendar, limits: ref.limits, escalation: ref.escalation },
  );
  if (!d.ok) throw new Error(JSON.stringify(d.error));
  return {
    created: created.ticket,
    history: [
      { event: created.event, before: null, after: created.ticket },
      { event: d.value.event, before: created.ticket, after: d.value.ticket },
    ],
    now,
  };
}

const intakeFields = (phoneKey: string | null, communityCode: string | null): TicketIntakeFields => ({
  title: '路灯不亮',
  content: '小区门口路灯不亮，已经三天',
  address: 'sealed-address',
  streetCode: null,
  communityCode,
  latitude: 39.9,
  longitude: 116.4,
  requesterName: 'sealed-name',
  requesterPhone: 'sealed-phone',
  requesterPhoneKey: phoneKey,
  queryCodeHash: 'f'.repeat(64),
  source: 'hotline',
  createdBy: null,
});

/** The write as it was before the fixed statement: drizzle's builders, one statement per table. */
async function builderInsert(
  tx: DbOrTx,
  created: Ticket,
  intake: TicketIntakeFields,
  history: History,
  now: Date,
  record: typeof idempotencyKeys.$inferInsert,
) {
  const { ticket, events } = newTicketRows(created, intake, history, now);
  await tx.insert(tickets).values(ticket as typeof tickets.$inferInsert);
  await tx.insert(ticketEvents).values(events as (typeof ticketEvents.$inferInsert)[]);
  await tx.insert(idempotencyKeys).values(record);
}

/** A stored ticket with its events and record, with what differs by id taken out. */
async function stored(id: number, key: string) {
  const [t] = await db().select().from(tickets).where(eq(tickets.id, id));
  const events = await db().select().from(ticketEvents).where(eq(ticketEvents.ticketId, id)).orderBy(ticketEvents.seq);
  const [k] = await db()
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, 'test'), eq(idempotencyKeys.key, key)));
  expect(t).toBeDefined();
  const { id: _i, number: _n, domain, createdAt: _c, ...row } = t as typeof t & { createdAt?: unknown };
  return {
    row,
    domain: { ...(domain as object), id: 0, number: '' },
    events: events.map(({ id: _e, ticketId: _t, ...rest }) => ({ ...rest, data: { ...(rest.data as object), id: 0, number: '' } })),
    record:
      k === undefined
        ? undefined
        : (({ id: _r, key: _k, ticketId: _t, createdAt: _c2, ...rest }) => rest)(k as typeof k & { id?: unknown; createdAt?: unknown }),
  };
}

describe(`fixed statements against their builder twins (${dbKind()})`, () => {
  it('stores the same ticket, events and idempotency record as drizzle’s insert builders', async () => {
    const [a, b] = [await nextTicketId(db()), await nextTicketId(db())];
    expect(b).toBe(a + 1);
    const da = await decided(a);
    const db_ = await decided(b);
    const record = (id: number, key: string) => ({
      districtCode: DISTRICT,
      scope: 'test',
      key,
      requestHash: 'h'.repeat(64),
      ticketId: id,
      statusCode: 201,
      response: { ticketId: 1, list: [1, 2], text: '中文' },
    });
    await insertTicket(db(), da.created, intakeFields('p'.repeat(64), '110109001001'), da.history, da.now, record(a, 'fixed-a'));
    await builderInsert(db(), db_.created, intakeFields('p'.repeat(64), '110109001001'), db_.history, db_.now, record(b, 'builder-b'));
    const [sa, sb] = [await stored(a, 'fixed-a'), await stored(b, 'builder-b')];
    expect(sa.events).toHaveLength(2);
    expect(sa.row.coUnitIds).toHaveLength(1);
    expect(sa.record).toBeDefined();
    expect(sa).toEqual(sb);
  });

  it('writes nothing when the idempotency record is refused, even outside a transaction', async () => {
    const first = await nextTicketId(db());
    const d1 = await decided(first);
    const rec = (id: number) => ({
      districtCode: DISTRICT,
      scope: 'test',
      key: 'taken-key',
      requestHash: 'h'.repeat(64),
      ticketId: id,
      statusCode: 201,
      response: {},
    });
    await insertTicket(db(), d1.created, intakeFields(null, null), d1.history, d1.now, rec(first));
    const second = await nextTicketId(db());
    const d2 = await decided(second);
    const err = await insertTicket(db(), d2.created, intakeFields(null, null), d2.history, d2.now, rec(second)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isUniqueViolation(err)).toBe(true);
    expect(await db().select().from(tickets).where(eq(tickets.id, second))).toEqual([]);
    expect(await db().select().from(ticketEvents).where(eq(ticketEvents.ticketId, second))).toEqual([]);
  });

  it('runs on the transaction’s connection inside a transaction (rolled back with it)', async () => {
    const id = await nextTicketId(db());
    const d = await decided(id);
    await expect(
      db().transaction(async (tx) => {
        await insertTicket(tx, d.created, intakeFields(null, null), d.history, d.now);
        expect(await tx.select({ id: tickets.id }).from(tickets).where(eq(tickets.id, id))).toEqual([{ id }]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await db().select().from(tickets).where(eq(tickets.id, id))).toEqual([]);
  });

  it('draws one id and finds the same repeat candidates as the full query, for one or two phone keys, with or without a community', async () => {
    const phoneA = 'a'.repeat(64);
    const phoneB = 'b'.repeat(64);
    for (const [phone, community] of [
      [phoneA, '110109001001'],
      [phoneA, null],
      [phoneB, '110109001001'],
      [phoneB, null],
    ] as const) {
      const id = await nextTicketId(db());
      const d = await decided(id);
      await insertTicket(db(), d.created, intakeFields(phone, community), d.history, d.now);
    }
    const categoryId = (await decided(0)).created.categoryId!;
    let last = await nextTicketId(db());
    for (const keys of [[phoneA], [phoneA, phoneB], ['c'.repeat(64)]])
      for (const community of ['110109001001', null]) {
        const full = await findRepeatCandidates(db(), DISTRICT, keys, categoryId, community);
        const drawn = await drawTicketId(db(), DISTRICT, keys, categoryId, community);
        expect(drawn.repeats).toEqual(full.map((r) => ({ id: r.id, number: r.number, state: r.state })));
        // Each call draws exactly one id, with or without candidates.
        expect(drawn.id).toBe(last + 1);
        // Inside a transaction too.
        const inTx = await db().transaction((tx) => drawTicketId(tx, DISTRICT, keys, categoryId, community));
        expect(inTx.repeats).toEqual(drawn.repeats);
        expect(inTx.id).toBe(drawn.id + 1);
        last = inTx.id;
      }
    const two = await drawTicketId(db(), DISTRICT, [phoneA, phoneB], categoryId, '110109001001');
    expect(two.repeats.length).toBe(2);
    // Without phone keys or a category nothing is matched, and the id is still drawn.
    expect(await drawTicketId(db(), DISTRICT, [], categoryId, null)).toEqual({ id: two.id + 1, repeats: [] });
    expect(await drawTicketId(db(), DISTRICT, [phoneA], null, null)).toEqual({ id: two.id + 2, repeats: [] });
  });

  it('looks a session up like the builder, and sees a session ended at once (no caching)', async () => {
    const [user] = await db().select().from(users).where(eq(users.username, 'operator'));
    const tokenHash = sha256Hex(`prepared-session-${Date.now()}`);
    const now = h.clock.now();
    await insertSession(db(), tokenHash, user!.id, new Date(now.getTime() + 3600_000));
    const prepared = await findSessionUser(db(), tokenHash, now);
    const builder = await db().transaction((tx) => findSessionUser(tx, tokenHash, now));
    expect(prepared?.user.id).toBe(user!.id);
    expect(prepared).toEqual(builder);
    // Expiry is compared in the database, by the placeholder's value.
    expect(await findSessionUser(db(), tokenHash, new Date(now.getTime() + 3600_000))).toBeUndefined();
    await deleteSession(db(), tokenHash);
    expect(await findSessionUser(db(), tokenHash, now)).toBeUndefined();
  });

  it('looks an idempotency record up like the builder', async () => {
    const prepared = await findIdempotent(db(), DISTRICT, 'test', 'fixed-a');
    expect(prepared?.response).toEqual({ ticketId: 1, list: [1, 2], text: '中文' });
    expect(prepared?.districtCode).toBe(DISTRICT);
    expect(await db().transaction((tx) => findIdempotent(tx, DISTRICT, 'test', 'fixed-a'))).toEqual(prepared);
    expect(await findIdempotent(db(), DISTRICT, 'test', 'no-such-key')).toBeUndefined();
  });

  it('keeps two districts’ keys apart: the same scope and key stored for another district, each finds its own', async () => {
    const other = '110108';
    expect(await findIdempotent(db(), other, 'test', 'fixed-a')).toBeUndefined();
    await db()
      .insert(idempotencyKeys)
      .values({ districtCode: other, scope: 'test', key: 'fixed-a', requestHash: 'o'.repeat(64), ticketId: null, statusCode: 201, response: { other: true } });
    expect((await findIdempotent(db(), other, 'test', 'fixed-a'))?.response).toEqual({ other: true });
    expect((await db().transaction((tx) => findIdempotent(tx, other, 'test', 'fixed-a')))?.response).toEqual({ other: true });
    expect((await findIdempotent(db(), DISTRICT, 'test', 'fixed-a'))?.response).toEqual({ ticketId: 1, list: [1, 2], text: '中文' });
  });

  it.runIf(dbKind() === 'postgres')('keeps working after the pool’s connections were terminated (statements are parsed again per connection)', async () => {
    const [user] = await db().select().from(users).where(eq(users.username, 'operator'));
    const tokenHash = sha256Hex(`prepared-reconnect-${Date.now()}`);
    await insertSession(db(), tokenHash, user!.id, new Date(h.clock.now().getTime() + 3600_000));
    // Use several pooled connections, so that each holds the named statements.
    await Promise.all(Array.from({ length: 4 }, () => findSessionUser(db(), tokenHash, h.clock.now())));
    const killed = await queryRows<{ n: number }>(
      db(),
      sql`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
    );
    expect(killed[0]!.n).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 300));
    // The pool drops the lost connections (an idle one reports its loss); new ones parse the statements again.
    let found: Awaited<ReturnType<typeof findSessionUser>>;
    for (let attempt = 0; ; attempt++) {
      try {
        found = await findSessionUser(db(), tokenHash, h.clock.now());
        break;
      } catch (e) {
        // At most the connections lost while checked out fail once each (the pool then discards them).
        if (attempt >= 5) throw e;
      }
    }
    expect(found?.user.id).toBe(user!.id);
    const results = await Promise.all(Array.from({ length: 6 }, () => findSessionUser(db(), tokenHash, h.clock.now())));
    expect(results.every((r) => r?.user.id === user!.id)).toBe(true);
    const id = await nextTicketId(db());
    expect(id).toBeGreaterThan(0);
  });
});

/** A stored dispatched ticket and the sign decided on it (before, after, event). */
async function signable() {
  const id = await nextTicketId(db());
  const d = await decided(id);
  await insertTicket(db(), d.created, intakeFields(null, null), d.history, d.now);
  const ref = await h.ctx.reference.get();
  const before = d.history.at(-1)!.after;
  const actor: Actor = { userId: 1, unitId: before.leadUnitId!, roles: ['unit_handler'], isCentre: false };
  const s = decide(
    before,
    { type: 'sign', input: { note: '签收' } },
    { now: d.now, actor, calendar: ref.calendar, limits: ref.limits, escalation: ref.escalation },
  );
  if (!s.ok) throw new Error(JSON.stringify(s.error));
  return { id, before, after: s.value.ticket, event: s.value.event, now: d.now };
}

/** The transition as it was written before the one statement: drizzle's builders, update then insert. */
async function builderTransition(tx: DbOrTx, before: Ticket, after: Ticket, event: TicketEvent, now: Date) {
  const updated = await tx
    .update(tickets)
    .set(stateColumns(after, now))
    .where(and(eq(tickets.districtCode, before.districtCode), eq(tickets.id, before.id), eq(tickets.version, before.version)))
    .returning({ id: tickets.id });
  expect(updated).toHaveLength(1);
  await tx.insert(ticketEvents).values(eventRow(after.districtCode, event, after.id, after.version, before.state, after.state));
}

const eventsOf = (id: number) => db().select().from(ticketEvents).where(eq(ticketEvents.ticketId, id)).orderBy(ticketEvents.seq);

describe(`saveTransition: the state and the event in one statement (${dbKind()})`, () => {
  it('stores the same ticket and event as the update and insert builders', async () => {
    const a = await signable();
    const b = await signable();
    await db().transaction((tx) => saveTransition(tx, a.before, a.after, a.event, a.now));
    await db().transaction((tx) => builderTransition(tx, b.before, b.after, b.event, b.now));
    const [sa, sb] = [await stored(a.id, 'none'), await stored(b.id, 'none')];
    expect(sa.row.state).toBe('signed');
    expect(sa.row.version).toBe(a.before.version + 1);
    expect(sa.events.map((e) => e.type)).toEqual(['accept', 'dispatch', 'sign']);
    expect(sa).toEqual(sb);
  });

  it('refuses a stale version: ConcurrentUpdateError, and the caller’s transaction keeps neither state nor event', async () => {
    const t = await signable();
    const stale = { ...t.before, version: t.before.version - 1 };
    const err = await db()
      .transaction((tx) => saveTransition(tx, stale, t.after, t.event, t.now))
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(ConcurrentUpdateError);
    const [row] = await db().select().from(tickets).where(eq(tickets.id, t.id));
    expect(row!.state).toBe('dispatched');
    expect(row!.version).toBe(t.before.version);
    expect((await eventsOf(t.id)).map((e) => e.type)).toEqual(['accept', 'dispatch']);
  });

  it('reports a sequence number taken by the winner of a race as ConcurrentUpdateError, not as a database error', async () => {
    const t = await signable();
    await db().transaction((tx) => saveTransition(tx, t.before, t.after, t.event, t.now));
    // The loser decided on the same version; the ticket has moved on, and its event's number is taken.
    const err = await db()
      .transaction((tx) => saveTransition(tx, t.before, t.after, t.event, t.now))
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(ConcurrentUpdateError);
    expect(isUniqueViolation(err)).toBe(false);
    expect((await eventsOf(t.id)).map((e) => e.type)).toEqual(['accept', 'dispatch', 'sign']);
  });
});
