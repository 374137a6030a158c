/**
 * The audit trail is append-only in the database itself (migration 0007): ticket_events and
 * personal_data_reveals refuse UPDATE, DELETE and TRUNCATE through the application's own connection,
 * whatever the SQL, and keep accepting INSERT, so the application goes on working.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/platform/db/client.ts';
import { ticketEvents } from '../src/schema.ts';
import { createHarness, dbKind, type Harness } from './support/harness.ts';
import { act, api, dispatchedTo, handleAndReply, HOUR, loadRef, STREET_A, ticket, type Ref } from './support/ticket-flow.ts';

let h: Harness;
let ref: Ref;
let id: number;
beforeAll(async () => {
  h = await createHarness();
  ref = await loadRef(h);
  // A ticket's life: intake, dispatch, sign, contact, reply, a reveal of the requester, callback, close.
  const street = ref.unitId(`ST-${STREET_A}`);
  id = await dispatchedTo(h, street, { requesterName: '李四', requesterPhone: '13900001111' });
  const handler = ref.handlerOf(street);
  h.clock.advance(HOUR);
  expect((await api(h, handler, 'POST', `/api/tickets/${id}/reveal`, { reason: '回电联系诉求人' })).status).toBe(200);
  await handleAndReply(h, handler, id);
  h.clock.advance(4 * HOUR);
  await act(h, 'callback', id, 'callback', { valid: true, contacted: true, resolved: true, satisfaction: 'satisfied', note: '' });
});
afterAll(async () => {
  await h?.close();
});

/** Every row of a table as JSON text, in primary-key order: what must not change. */
const snapshot = async (table: 'ticket_events' | 'personal_data_reveals') =>
  (await queryRows<{ j: string }>(h.ctx.database.db, sql`select row_to_json(t)::text as j from ${sql.identifier(table)} t order by id`)).map((r) => r.j);

/** The database error behind a rejected drizzle call (drizzle wraps it in `cause`). */
async function refusal(p: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await p;
  } catch (e) {
    const inner = ((e as { cause?: unknown }).cause ?? e) as { code?: string; message: string };
    return { code: inner.code, message: inner.message };
  }
  throw new Error('the statement was not refused');
}

describe(`append-only audit trail (${dbKind()})`, () => {
  for (const table of ['ticket_events', 'personal_data_reveals'] as const) {
    it(`${table}: UPDATE, DELETE and TRUNCATE are refused and the rows stay as they were`, async () => {
      const db = h.ctx.database.db;
      const before = await snapshot(table);
      expect(before.length).toBeGreaterThan(0);
      const attempts: [string, string][] = [
        ['UPDATE', `update ${table} set district_code = district_code`],
        ['UPDATE', `update ${table} set at = at + interval '1 day' where id = (select min(id) from ${table})`],
        ['DELETE', `delete from ${table}`],
        ['DELETE', `delete from ${table} where id = (select max(id) from ${table})`],
        ['TRUNCATE', `truncate ${table}`],
        ['TRUNCATE', `truncate ${table} restart identity cascade`],
      ];
      for (const [op, statement] of attempts) {
        const e = await refusal(db.execute(sql.raw(statement)));
        expect(e.message, statement).toBe(`append-only audit trail: ${op} on table ${table} is refused`);
        expect(e.code, statement).toBe('42501');
      }
      // Inside a transaction too: the refusal aborts it and nothing of it is kept.
      const inTx = await refusal(
        db.transaction(async (tx) => {
          await tx.execute(sql.raw(`delete from ${table} where id = (select min(id) from ${table})`));
        }),
      );
      expect(inTx.message).toContain('append-only audit trail');
      expect(await snapshot(table)).toEqual(before);
    });
  }

  it('the ORM cannot change an event either', async () => {
    const before = await snapshot('ticket_events');
    const e = await refusal(
      h.ctx.database.db
        .update(ticketEvents)
        .set({ type: 'close' })
        .where(sql`${ticketEvents.ticketId} = ${id}`),
    );
    expect(e.message).toBe('append-only audit trail: UPDATE on table ticket_events is refused');
    expect(await snapshot('ticket_events')).toEqual(before);
  });

  it('INSERT still works: the application keeps recording after the attempts', async () => {
    const events = (await snapshot('ticket_events')).length;
    const reveals = (await snapshot('personal_data_reveals')).length;
    const street = ref.unitId(`ST-${STREET_A}`);
    const second = await dispatchedTo(h, street);
    const handler = ref.handlerOf(street);
    expect((await api(h, handler, 'POST', `/api/tickets/${second}/reveal`, { reason: '核实地址' })).status).toBe(200);
    await handleAndReply(h, handler, second);
    expect((await ticket(h, second)).state).toBe('replied');
    // accept, dispatch, sign, contact, reply; one more reveal.
    expect((await snapshot('ticket_events')).length).toBe(events + 5);
    expect((await snapshot('personal_data_reveals')).length).toBe(reveals + 1);
    // The first ticket's history is intact and still replays to a closed ticket.
    const first = await ticket(h, id);
    expect(first.state).toBe('closed');
    expect(first.events.map((e: { type: string }) => e.type)).toEqual(['accept', 'dispatch', 'sign', 'contact', 'reply', 'callback', 'close']);
  });
});
