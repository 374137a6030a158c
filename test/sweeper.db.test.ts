/**
 * The deadline sweeper on a real database: one `markOverdue` event by the system per missed deadline,
 * yellow lights for due-soon tickets, deferrals back for review on their review date, automatic
 * supervision (督办 → 催办 → 通报) after the configured working days overdue, nothing new on a second
 * run, and no double marks or notices when two sweepers (two server processes, on PostgreSQL two
 * connection pools) run at once.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../src/engine/context.ts';
import { ReferenceCache } from '../src/engine/reference/reference-cache.ts';
import { sweepDeadlines } from '../src/engine/sweeper.ts';
import { openDatabase } from '../src/platform/db/client.ts';
import { domainTicketOf, eventFromRow, findTicketRow, listEvents } from '../src/engine/ticket.repository.ts';
import { replay } from '../src/engine/domain/workflow/evolve.ts';
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
  const r = await h.ctx.database.db
    .select({ n: sql<number>`count(*)::int` })
    .from(ticketEvents)
    .where(eq(ticketEvents.type, 'markOverdue'));
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
      const e = t.events.find((x: { type: string }) => x.type === 'markOverdue');
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

  /** Events of one type on a ticket, as {level|reviewDate, actor} in order. */
  async function systemEvents(id: number, type: 'escalate' | 'deferralDue') {
    return (await listEvents(h.ctx.database.db, id))
      .filter((e) => e.type === type)
      .map((e) => ({ data: e.data as Record<string, unknown>, actorUserId: e.actorUserId }));
  }
  async function expectReplayed(id: number) {
    const r = await row(id);
    expect(replay((await listEvents(h.ctx.database.db, id)).map(eventFromRow))).toEqual(domainTicketOf(r));
  }
  async function handlingAt(at: string) {
    h.clock.set(at);
    const id = await dispatchedTo(h, streetA);
    await act(h, 'street', id, 'sign', { note: '' });
    await act(h, 'street', id, 'contact', { method: 'phone', note: '' });
    return id;
  }

  it("brings a deferral back on its review date, once, into the unit's inbox and the centre's queue", async () => {
    const id = await handlingAt('2026-05-11T09:00:00+08:00');
    await act(h, 'street', id, 'defer', { reason: '需纳入年度改造计划', plan: '6月前完成管线改造', reviewDate: '2026-05-20' });
    // The day before, and at the last second of it: nothing.
    h.clock.set('2026-05-19T23:59:59+08:00');
    await sweepDeadlines(h.ctx);
    expect(await systemEvents(id, 'deferralDue')).toEqual([]);
    expect((await row(id)).dueStatus).toBe('none');

    h.clock.set('2026-05-20T00:00:30+08:00');
    const first = await sweepDeadlines(h.ctx);
    expect(first.deferralsDue).toBeGreaterThanOrEqual(1);
    expect(await systemEvents(id, 'deferralDue')).toEqual([{ data: { reviewDate: '2026-05-20' }, actorUserId: null }]);
    expect(await row(id)).toMatchObject({ state: 'deferred', dueStatus: 'review_due' });
    const t = await ticket(h, id, 'street');
    expect(t.deferral).toMatchObject({ reviewDate: '2026-05-20', reviewDue: true });
    expect(t.events.at(-1)).toMatchObject({ type: 'deferralDue', label: '挂账到期复查', actor: null, stateBefore: 'deferred', stateAfter: 'deferred' });
    expect(t.allowedActions.map((a: { type: string }) => a.type)).toEqual(expect.arrayContaining(['defer', 'reply', 'progress']));
    // Sweeping again changes nothing.
    expect((await sweepDeadlines(h.ctx)).deferralsDue).toBe(0);
    expect(await systemEvents(id, 'deferralDue')).toHaveLength(1);
    await expectReplayed(id);

    // The unit's inbox has a tab for it; the centre's queue lists it since the review date, with the plan.
    const tabs = (await api(h, 'street', 'GET', '/api/queues/inbox')).body.tabs as { key: string; dueStatuses: string[]; count: number }[];
    expect(tabs.find((x) => x.key === 'reviewDue')).toMatchObject({ dueStatuses: ['review_due'] });
    expect(tabs.find((x) => x.key === 'reviewDue')!.count).toBeGreaterThanOrEqual(1);
    const listed = await api(h, 'street', 'GET', '/api/tickets?dueStatus=review_due&limit=200');
    expect(listed.body.items.map((x: { id: number }) => x.id)).toContain(id);
    const q = await api(h, 'supervisor', 'GET', '/api/queues/deferralReview?limit=200');
    expect(q.status).toBe(200);
    expect(q.body.items.find((x: { id: number }) => x.id === id)).toMatchObject({
      since: new Date('2026-05-20T00:00:00+08:00').toISOString(),
      reason: '6月前完成管线改造',
      dueStatus: 'review_due',
    });

    // The unit renews the deferral: it leaves the queue until the new date comes.
    h.clock.set('2026-05-20T10:00:00+08:00');
    await act(h, 'street', id, 'defer', { reason: '资金下半年到位', plan: '9月完成改造', reviewDate: '2026-09-30' });
    expect((await row(id)).dueStatus).toBe('none');
    const after = await api(h, 'supervisor', 'GET', '/api/queues/deferralReview?limit=200');
    expect(after.body.items.map((x: { id: number }) => x.id)).not.toContain(id);
    await sweepDeadlines(h.ctx);
    expect(await systemEvents(id, 'deferralDue')).toHaveLength(1);
    await expectReplayed(id);
  });

  it('supervises an overdue ticket by itself after 1, 3 and 5 working days (督办 → 催办 → 通报), each once', async () => {
    // Mon 2026-06-01 09:00: sign due 11:00, missed; 1 working day later is Tue 11:00, 3 is Thu, 5 is Mon 06-08.
    h.clock.set('2026-06-01T09:00:00+08:00');
    const id = await dispatchedTo(h, streetA);
    h.clock.set('2026-06-01T11:00:30+08:00');
    expect((await sweepDeadlines(h.ctx)).overdue).toBeGreaterThanOrEqual(1);
    expect(await systemEvents(id, 'escalate')).toEqual([]);

    h.clock.set('2026-06-02T10:59:59+08:00');
    await sweepDeadlines(h.ctx);
    expect(await systemEvents(id, 'escalate')).toEqual([]);
    h.clock.set('2026-06-02T11:00:30+08:00');
    expect((await sweepDeadlines(h.ctx)).escalated).toBeGreaterThanOrEqual(1);
    expect((await sweepDeadlines(h.ctx)).escalated).toBe(0);
    expect((await row(id)).supervisionLevel).toBe(1);

    h.clock.set('2026-06-04T11:00:30+08:00');
    await sweepDeadlines(h.ctx);
    h.clock.set('2026-06-05T11:00:30+08:00');
    await sweepDeadlines(h.ctx);
    expect((await row(id)).supervisionLevel).toBe(2);
    // The weekend does not count: Sat and Sun add nothing; Mon 06-08 11:00 is the fifth working day.
    h.clock.set('2026-06-07T23:00:00+08:00');
    await sweepDeadlines(h.ctx);
    expect((await row(id)).supervisionLevel).toBe(2);
    h.clock.set('2026-06-08T11:00:30+08:00');
    await sweepDeadlines(h.ctx);
    await sweepDeadlines(h.ctx);
    expect(await systemEvents(id, 'escalate')).toEqual([
      { data: { level: 1, deadline: 'sign', days: 1, note: '签收时限已超 1 个工作日，系统自动督办' }, actorUserId: null },
      { data: { level: 2, deadline: 'sign', days: 3, note: '签收时限已超 3 个工作日，系统自动催办' }, actorUserId: null },
      { data: { level: 3, deadline: 'sign', days: 5, note: '签收时限已超 5 个工作日，系统自动通报' }, actorUserId: null },
    ]);
    const t = await ticket(h, id);
    expect(t.supervisionLevel).toBe(3);
    expect(t.events.filter((e: { type: string }) => e.type === 'escalate').map((e: { label: string; actor: unknown }) => [e.label, e.actor])).toEqual([
      ['超时自动督办', null],
      ['超时自动督办', null],
      ['超时自动督办', null],
    ]);
    // Nothing more, ever; the centre may still supervise by hand.
    h.clock.set('2026-07-08T11:00:30+08:00');
    await sweepDeadlines(h.ctx);
    expect(await systemEvents(id, 'escalate')).toHaveLength(3);
    expect(t.allowedActions.map((a: { type: string }) => a.type)).toContain('supervise');
    expect((await ticket(h, id)).supervisionLevel).toBe(3);
    await expectReplayed(id);
  });

  it('two sweepers at once give each of 30 long-overdue tickets one notice, at the level due', async () => {
    h.clock.set('2026-06-15T09:00:00+08:00');
    const ids: number[] = [];
    for (let i = 0; i < 30; i++) ids.push(await dispatchedTo(h, streetA));
    // Sign due 11:00; three working days later (Thu 06-18 11:00) 催办 is due, skipping 督办.
    h.clock.set('2026-06-18T12:00:00+08:00');
    let other: AppContext = h.ctx;
    const url = h.ctx.database.url;
    const second = url ? await openDatabase({ url, poolSize: 5 }) : undefined;
    try {
      if (second) {
        const log = pino({ level: 'silent' });
        other = { ...h.ctx, database: second, log, reference: new ReferenceCache(second, DISTRICT, h.clock.now, log, 60_000) };
      }
      await Promise.all([sweepDeadlines(h.ctx, 7), sweepDeadlines(other, 7)]);
    } finally {
      await second?.close();
    }
    for (const id of ids) {
      expect(
        (await systemEvents(id, 'escalate')).map((e) => e.data.level),
        `ticket ${id}`,
      ).toEqual([2]);
      expect((await overdueMarks([id])).get(id)).toHaveLength(1);
    }
    expect((await sweepDeadlines(h.ctx)).escalated).toBe(0);
  });
});
