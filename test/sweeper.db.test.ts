/**
 * The deadline sweeper on a real database: one `markOverdue` event by the system per missed deadline,
 * yellow lights for due-soon tickets, nothing new on a second run, and no double marks when two
 * sweepers (two server processes, on PostgreSQL two connection pools) run at once.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../src/engine/context.ts';
import { ReferenceCache } from '../src/engine/reference/reference-cache.ts';
import { sweepDeadlines } from '../src/engine/sweeper.ts';
import { openDatabase } from '../src/platform/db/client.ts';
import { findTicketRow, listEvents } from '../src/engine/ticket.repository.ts';
import { ticketEvents } from '../src/schema.ts';
import { createHarness, dbKind, DISTRICT, type Harness } from './support/harness.ts';
import { act, api, dispatchedTo, loadRef, MINUTE, STREET_A, ticket, type Ref } from './support/ticket-flow.ts';

let h: Harness;
let ref: Ref;
let streetA: number;
beforeAll(async () => {
  h = await createHarness();
  ref = await loadRef(h);
  streetA = ref.unitId(`ST-${STREET_A}`);
});
afterAll(async () => {
  await h?.close();
});

const ALL = { districtCode: DISTRICT, unitIds: 'all' as const };
const row = async (id: number) => (await findTicketRow(h.ctx.database.db, id, ALL))!;

/** markOverdue events per ticket id (0 for tickets without any). */
async function overdueMarks(ids: number[]): Promise<Map<number, { deadline: string; actorUserId: number | null }[]>> {
  const rows = await h.ctx.database.db
    .select()
    .from(ticketEvents)
    .where(and(inArray(ticketEvents.ticketId, ids), eq(ticketEvents.type, 'markOverdue')));
  const out = new Map<number, { deadline: string; actorUserId: number | null }[]>(ids.map((id) => [id, []]));
  for (const r of rows) out.get(r.ticketId)!.push({ deadline: (r.data as { deadline: string }).deadline, actorUserId: r.actorUserId });
  return out;
}

async function totalOverdueEvents(): Promise<number> {
  const r = await h.ctx.database.db.select({ n: sql<number>`count(*)::int` }).from(ticketEvents).where(eq(ticketEvents.type, 'markOverdue'));
  return r[0]!.n;
}

describe(`deadline sweeper (${dbKind()})`, () => {
  it('marks each missed sign, contact and reply deadline once, by the system', async () => {
    // Monday 2026-03-02 09:00: sign within 2 h, contact within 1 working day, reply within 7.
    h.clock.set('2026-03-02T09:00:00+08:00');
    const unsigned = await dispatchedTo(h, streetA);
    const uncontacted = await dispatchedTo(h, streetA);
    const unreplied = await dispatchedTo(h, streetA);
    const onTime = await dispatchedTo(h, streetA);
    const paused = await dispatchedTo(h, streetA);
    h.clock.advance(30 * MINUTE);
    await act(h, 'street', uncontacted, 'sign', { note: '' });
    await act(h, 'street', unreplied, 'sign', { note: '' });
    await act(h, 'street', unreplied, 'contact', { method: 'phone', note: '' });
    await act(h, 'street', onTime, 'sign', { note: '' });
    await act(h, 'street', onTime, 'contact', { method: 'phone', note: '' });
    await act(h, 'street', paused, 'object', { reason: '不属于本街道' });
    const ids = [unsigned, uncontacted, unreplied, onTime, paused];

    // Reply deadline of 09:00 + 7 working days is Wed 03-11 09:00; one second later everything but the
    // on-time ticket (extended below) and the paused one has missed its deadline.
    h.clock.set('2026-03-09T09:00:00+08:00');
    await act(h, 'street', onTime, 'requestExtension', { days: 10, reason: '需协调' });
    await act(h, 'supervisor', onTime, 'decideExtension', { approve: true, note: '' });
    h.clock.set('2026-03-11T09:00:01+08:00');
    expect((await row(unreplied)).dueStatus).not.toBe('overdue');

    const before = await totalOverdueEvents();
    const first = await sweepDeadlines(h.ctx);
    expect(first.overdue).toBe((await totalOverdueEvents()) - before);

    const marks = await overdueMarks(ids);
    expect(marks.get(unsigned)).toEqual([{ deadline: 'sign', actorUserId: null }]);
    expect(marks.get(uncontacted)).toEqual([{ deadline: 'contact', actorUserId: null }]);
    expect(marks.get(unreplied)).toEqual([{ deadline: 'reply', actorUserId: null }]);
    expect(marks.get(onTime)).toEqual([]);
    expect(marks.get(paused)).toEqual([]);

    for (const [id, k] of [
      [unsigned, 'sign'],
      [uncontacted, 'contact'],
      [unreplied, 'reply'],
    ] as const) {
      expect((await row(id)).dueStatus).toBe('overdue');
      const t = await ticket(h, id);
      expect(t.deadlines[k].overdue).toBe(true);
      const e = t.events.at(-1);
      expect(e).toMatchObject({ type: 'markOverdue', actor: null, data: { deadline: k }, stateBefore: t.state, stateAfter: t.state });
    }
    expect((await row(paused)).dueStatus).toBe('none');

    // A second run adds nothing.
    const again = await sweepDeadlines(h.ctx);
    expect(again.overdue).toBe(0);
    expect(await overdueMarks(ids)).toEqual(marks);

    // Every limit runs from the dispatch, so a ticket signed late is already late for its contact
    // deadline (Tue 03-03 09:00): a second, separate lateness. Until the sweeper records it the light
    // stays yellow (red means "recorded"), so the sweeper still finds it; then it is marked once.
    await act(h, 'street', unsigned, 'sign', { note: '迟签' });
    expect((await row(unsigned)).dueStatus).toBe('due_soon');
    await sweepDeadlines(h.ctx);
    await sweepDeadlines(h.ctx);
    expect((await overdueMarks([unsigned])).get(unsigned)).toEqual([
      { deadline: 'sign', actorUserId: null },
      { deadline: 'contact', actorUserId: null },
    ]);
    expect((await row(unsigned)).dueStatus).toBe('overdue');
  });

  it('still marks a ticket that changed after its deadline passed but before the sweeper ran', async () => {
    h.clock.set('2026-03-13T09:00:00+08:00');
    const id = await dispatchedTo(h, streetA);
    // Past the sign deadline (11:00), the centre supervises and a note is added before any sweep.
    h.clock.set('2026-03-13T11:30:00+08:00');
    await act(h, 'supervisor', id, 'supervise', { note: '超时未签收，督办' });
    expect((await row(id)).dueStatus).toBe('due_soon');
    const r = await sweepDeadlines(h.ctx);
    expect(r.overdue).toBeGreaterThanOrEqual(1);
    expect((await overdueMarks([id])).get(id)).toEqual([{ deadline: 'sign', actorUserId: null }]);
    expect((await row(id)).dueStatus).toBe('overdue');
    // Later changes keep the mark and the red light, and add no second mark.
    await act(h, 'supervisor', id, 'supervise', { note: '再次督办' });
    expect((await row(id)).dueStatus).toBe('overdue');
    await sweepDeadlines(h.ctx);
    expect((await overdueMarks([id])).get(id)).toHaveLength(1);
  });

  it('turns a ticket yellow once less than a quarter of its span remains, without an event', async () => {
    h.clock.set('2026-03-16T09:00:00+08:00');
    const id = await dispatchedTo(h, streetA);
    // Sign span 09:00–11:00: yellow from 10:30.
    h.clock.set('2026-03-16T10:29:00+08:00');
    await sweepDeadlines(h.ctx);
    expect((await row(id)).dueStatus).toBe('ok');
    h.clock.set('2026-03-16T10:31:00+08:00');
    const r = await sweepDeadlines(h.ctx);
    expect(r.dueSoon).toBeGreaterThanOrEqual(1);
    expect((await row(id)).dueStatus).toBe('due_soon');
    expect((await listEvents(h.ctx.database.db, id)).map((e) => e.type)).toEqual(['accept', 'dispatch']);
    const inbox = await api(h, 'street', 'GET', '/api/tickets?dueStatus=due_soon&limit=200');
    expect(inbox.body.items.map((x: { id: number }) => x.id)).toContain(id);

    // Past the deadline: overdue (once), even though it was yellow.
    h.clock.set('2026-03-16T11:00:01+08:00');
    await sweepDeadlines(h.ctx);
    await sweepDeadlines(h.ctx);
    expect((await row(id)).dueStatus).toBe('overdue');
    expect((await overdueMarks([id])).get(id)).toEqual([{ deadline: 'sign', actorUserId: null }]);
  });

  it('two sweepers at once mark each of 50 overdue tickets exactly once', async () => {
    h.clock.set('2026-03-17T09:00:00+08:00');
    const ids: number[] = [];
    for (let i = 0; i < 50; i++) ids.push(await dispatchedTo(h, streetA));
    h.clock.set('2026-03-17T12:00:00+08:00');

    // On PostgreSQL the second sweeper is another "process": its own pool and reference cache.
    let other: AppContext = h.ctx;
    const url = h.ctx.database.url;
    const second = url ? await openDatabase({ url, poolSize: 5 }) : undefined;
    try {
      if (second) {
        const log = pino({ level: 'silent' });
        other = { ...h.ctx, database: second, log, reference: new ReferenceCache(second, DISTRICT, h.clock.now, log, 60_000) };
      }
      const before = await totalOverdueEvents();
      // Small batches make the two interleave over many transactions.
      const [a, b] = await Promise.all([sweepDeadlines(h.ctx, 7), sweepDeadlines(other, 7)]);
      expect(a.overdue + b.overdue).toBe((await totalOverdueEvents()) - before);
      expect(a.overdue + b.overdue).toBeGreaterThanOrEqual(50);
    } finally {
      await second?.close();
    }

    const marks = await overdueMarks(ids);
    for (const id of ids) expect(marks.get(id), `ticket ${id}`).toEqual([{ deadline: 'sign', actorUserId: null }]);
    for (const id of ids.slice(0, 5)) {
      const events = await listEvents(h.ctx.database.db, id);
      expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
      expect((await row(id)).version).toBe(3);
    }
    expect((await sweepDeadlines(h.ctx)).overdue).toBe(0);
  });

  it('leaves replied tickets alone', async () => {
    h.clock.set('2026-03-18T09:00:00+08:00');
    const id = await dispatchedTo(h, streetA);
    await act(h, 'street', id, 'sign', { note: '' });
    await act(h, 'street', id, 'contact', { method: 'phone', note: '' });
    await act(h, 'street', id, 'reply', { text: '已办结' });
    h.clock.set('2026-04-30T09:00:00+08:00');
    await sweepDeadlines(h.ctx);
    expect((await overdueMarks([id])).get(id)).toEqual([]);
    expect((await row(id)).dueStatus).toBe('none');
  });
});
