/**
 * The workflow through the HTTP API on a real database, with the harness's clock: objections (approved
 * and rejected, with exact deadline instants across a weekend), extensions over the Labour Day holiday,
 * deferral, redo, invalid callbacks, supervision, appeals and the assessment, optimistic versions and
 * concurrent actions.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDays } from '../src/schema.ts';
import { createHarness, dbKind, type Harness } from './support/harness.ts';
import { act, api, dispatchedTo, HOUR, loadRef, STREET_A, STREET_B, ticket, type Ref } from './support/ticket-flow.ts';

let h: Harness;
let ref: Ref;
let streetA: number;
let streetB: number;
const handlerB = `h.st-${STREET_B}`;

beforeAll(async () => {
  h = await createHarness();
  ref = await loadRef(h);
  streetA = ref.unitId(`ST-${STREET_A}`);
  streetB = ref.unitId(`ST-${STREET_B}`);
});
afterAll(async () => {
  await h?.close();
});

/** An instant in Beijing time, as the API prints it. */
const bj = (local: string) => new Date(`${local}+08:00`).toISOString();
const types = (t: { events: { type: string }[] }) => t.events.map((e) => e.type);

/** Every ticket's history is numbered 1…n without gaps, and the version is n. */
function expectGaplessHistory(t: { version: number; events: { seq: number }[] }) {
  expect(t.events.map((e) => e.seq)).toEqual(Array.from({ length: t.events.length }, (_, i) => i + 1));
  expect(t.version).toBe(t.events.length);
}

describe(`dispatch as an action (${dbKind()})`, () => {
  it('records the fallback flag from the unit, not from the client', async () => {
    h.clock.set('2026-03-02T08:00:00+08:00');
    const gov = ref.unitId('GOV-110109');
    const create = () => api(h, 'operator', 'POST', '/api/tickets', { requestType: 'help', channel: 'web', content: '待分拨', triage: { action: 'none' } });
    const toStreet = (await create()).body.ticketId;
    const toGov = (await create()).body.ticketId;
    await act(h, 'operator', toStreet, 'dispatch', { leadUnitId: streetA, coUnitIds: [], fallback: true, reason: '话务员指定' });
    await act(h, 'operator', toGov, 'dispatch', { leadUnitId: gov, coUnitIds: [], fallback: false, reason: '' });
    expect(await ticket(h, toStreet)).toMatchObject({ state: 'dispatched', fallback: false, leadUnit: { id: streetA } });
    expect(await ticket(h, toGov)).toMatchObject({ state: 'dispatched', fallback: true, leadUnit: { id: gov } });
  });
});

describe(`objections (${dbKind()})`, () => {
  it('approved: the centre names a new lead; the new unit sees the ticket and the old one no longer does', async () => {
    h.clock.set('2026-03-02T09:00:00+08:00');
    const id = await dispatchedTo(h, streetA);
    h.clock.advance(HOUR);
    expect((await act(h, 'street', id, 'object', { reason: '该小区不属于本街道管辖' })).state).toBe('objection_review');
    const paused = await ticket(h, id, 'street');
    expect(paused).toMatchObject({ paused: true, dueStatus: 'none', activeDueAt: null });
    // While the centre reviews, the unit cannot act on it.
    expect((await api(h, 'street', 'POST', `/api/tickets/${id}/actions/sign`, { note: '' })).status).toBe(409);

    h.clock.advance(HOUR);
    const decided = await act(h, 'supervisor', id, 'decideObjection', { approve: true, leadUnitId: streetB, coUnitIds: [], note: '改派城子街道' });
    expect(decided.state).toBe('dispatched');

    const t = await ticket(h, id, handlerB);
    expect(t.leadUnit.id).toBe(streetB);
    expect(t.paused).toBe(false);
    // Fresh deadlines from the decision (Mon 11:00): sign 2 h, contact 1 working day, reply 7 working days.
    expect(t.deadlines.sign.dueAt).toBe(bj('2026-03-02T13:00:00'));
    expect(t.deadlines.contact.dueAt).toBe(bj('2026-03-03T11:00:00'));
    expect(t.deadlines.reply.dueAt).toBe(bj('2026-03-11T11:00:00'));
    expect(t.allowedActions.map((a: { type: string }) => a.type)).toContain('sign');
    expect(types(t)).toEqual(['accept', 'dispatch', 'object', 'decideObjection']);

    expect((await api(h, 'street', 'GET', `/api/tickets/${id}`)).status).toBe(404);
    expect((await api(h, 'street', 'POST', `/api/tickets/${id}/actions/sign`, { note: '' })).status).toBe(404);
    const oldInbox = await api(h, 'street', 'GET', '/api/tickets?limit=200');
    expect(oldInbox.body.items.map((x: { id: number }) => x.id)).not.toContain(id);
    await act(h, handlerB, id, 'sign', { note: '已签收' });
  });

  it('rejected: every deadline moves by the time the centre took, in its own unit, across a weekend', async () => {
    // Dispatched Friday 2026-03-06 10:00. Limits: sign 2 natural hours, contact 1 working day, reply 7.
    h.clock.set('2026-03-06T10:00:00+08:00');
    const id = await dispatchedTo(h, streetA);
    const before = await ticket(h, id);
    expect(before.deadlines.sign.dueAt).toBe(bj('2026-03-06T12:00:00'));
    // Fri 10:00–24:00 = 14 h, then Mon 10 h.
    expect(before.deadlines.contact.dueAt).toBe(bj('2026-03-09T10:00:00'));
    // Fri 14 h + Mon 9 … Mon 16 (6 days) + Tue 17 10 h.
    expect(before.deadlines.reply.dueAt).toBe(bj('2026-03-17T10:00:00'));

    // The unit objects on Friday at 11:00; the centre rejects on Monday at 11:00.
    h.clock.set('2026-03-06T11:00:00+08:00');
    await act(h, 'street', id, 'object', { reason: '不属于本单位职责' });
    h.clock.set('2026-03-09T11:00:00+08:00');
    const r = await act(h, 'supervisor', id, 'decideObjection', { approve: false, note: '属于街道职责，请办理' });
    expect(r.state).toBe('dispatched');

    const t = await ticket(h, id, 'street');
    expect(t.leadUnit.id).toBe(streetA);
    expect(t.paused).toBe(false);
    // Natural hours: the pause was 72 h (Fri 11:00 → Mon 11:00).
    expect(t.deadlines.sign).toMatchObject({ startedAt: bj('2026-03-06T10:00:00'), dueAt: bj('2026-03-09T12:00:00'), overdue: false });
    // Working days: the pause held 24 h of working time (Fri 11:00–24:00 = 13 h, Mon 00:00–11:00 = 11 h).
    expect(t.deadlines.contact.dueAt).toBe(bj('2026-03-10T10:00:00'));
    expect(t.deadlines.reply.dueAt).toBe(bj('2026-03-18T10:00:00'));
    expect(t.activeDueAt).toBe(bj('2026-03-09T12:00:00'));
    expect(t.replyDueAt).toBe(bj('2026-03-18T10:00:00'));
    // Still an hour to sign for it on time.
    expect(t.dueStatus).not.toBe('overdue');
    await act(h, 'street', id, 'sign', { note: '签收' });
  });
});

describe(`extensions use the holiday calendar from the database (${dbKind()})`, () => {
  it('moves the reply deadline by the granted working days over Labour Day (May 1–5, make-up Saturday May 9)', async () => {
    // Dispatched Tue 2026-04-21 10:00: 7 working days = Apr 21 (14 h), 22, 23, 24, 27, 28, 29, Apr 30 10 h.
    h.clock.set('2026-04-21T10:00:00+08:00');
    const id = await dispatchedTo(h, streetA);
    expect((await ticket(h, id)).deadlines.reply.dueAt).toBe(bj('2026-04-30T10:00:00'));
    h.clock.advance(HOUR);
    await act(h, 'street', id, 'sign', { note: '' });
    await act(h, 'street', id, 'contact', { method: 'visit', note: '上门' });

    h.clock.set('2026-04-28T09:00:00+08:00');
    await act(h, 'street', id, 'requestExtension', { days: 5, reason: '需协调产权单位' });
    const pending = await ticket(h, id, 'supervisor');
    expect(pending.pendingExtension).toMatchObject({ days: 5, reason: '需协调产权单位' });
    expect(pending.allowedActions.map((a: { type: string }) => a.type)).toContain('decideExtension');
    // A second request while one is pending is refused.
    expect((await api(h, 'street', 'POST', `/api/tickets/${id}/actions/requestExtension`, { days: 1, reason: '再延' })).status).toBe(409);

    h.clock.set('2026-04-29T09:00:00+08:00');
    await act(h, 'supervisor', id, 'decideExtension', { approve: true, note: '同意延期5个工作日' });
    const t = await ticket(h, id, 'street');
    // From Thu Apr 30 10:00: Apr 30 (14 h), May 1–5 off, May 6, 7, 8, Sat May 9 (make-up workday), Mon May 11 10 h.
    // Weekends only would give Fri May 8 10:00; without the make-up day, Tue May 12 10:00.
    expect(t.deadlines.reply).toMatchObject({ startedAt: bj('2026-04-21T10:00:00'), dueAt: bj('2026-05-11T10:00:00'), unit: 'working_days' });
    expect(t.replyDueAt).toBe(bj('2026-05-11T10:00:00'));
    expect(t.pendingExtension).toBeNull();
    expect(t.events.at(-1)).toMatchObject({ type: 'decideExtension', data: { approve: true, days: 5 } });
  });

  it('follows a change an administrator makes to the calendar in the database', async () => {
    // Mark Wednesday 2026-03-25 as a day off (as if a notice were amended), then approve a 1-day
    // extension of a reply deadline falling on Tuesday 03-24 10:00: it ends Thu 03-26 10:00, not Wed.
    h.clock.set('2026-03-13T10:00:00+08:00');
    const id = await dispatchedTo(h, streetA);
    expect((await ticket(h, id)).deadlines.reply.dueAt).toBe(bj('2026-03-24T10:00:00'));
    await act(h, 'street', id, 'sign', { note: '' });
    await act(h, 'street', id, 'contact', { method: 'phone', note: '' });
    await act(h, 'street', id, 'requestExtension', { days: 1, reason: '协调' });
    const db = h.ctx.database.db;
    await db.insert(calendarDays).values({ date: '2026-03-25', kind: 'holiday', name: '测试调整' });
    h.ctx.reference.invalidate();
    try {
      await act(h, 'supervisor', id, 'decideExtension', { approve: true, note: '' });
      expect((await ticket(h, id)).deadlines.reply.dueAt).toBe(bj('2026-03-26T10:00:00'));
    } finally {
      await db.delete(calendarDays).where(eq(calendarDays.date, '2026-03-25'));
      h.ctx.reference.invalidate();
    }
  });

  it('grants fewer days than asked when the centre says so, and a refusal leaves the deadline alone', async () => {
    h.clock.set('2026-04-21T10:00:00+08:00');
    const id = await dispatchedTo(h, streetA);
    await act(h, 'street', id, 'sign', { note: '' });
    await act(h, 'street', id, 'contact', { method: 'phone', note: '' });
    h.clock.set('2026-04-27T10:00:00+08:00');
    await act(h, 'street', id, 'requestExtension', { days: 2, reason: '材料未齐' });
    await act(h, 'supervisor', id, 'decideExtension', { approve: false, note: '不同意' });
    expect((await ticket(h, id)).deadlines.reply.dueAt).toBe(bj('2026-04-30T10:00:00'));

    await act(h, 'street', id, 'requestExtension', { days: 3, reason: '材料未齐' });
    await act(h, 'supervisor', id, 'decideExtension', { approve: true, days: 1, note: '只同意1天' });
    // Thu Apr 30 10:00 + 1 working day: Apr 30 (14 h), May 1–5 off, Wed May 6 10 h.
    expect((await ticket(h, id)).deadlines.reply.dueAt).toBe(bj('2026-05-06T10:00:00'));
  });
});

describe(`handling, callbacks and closing (${dbKind()})`, () => {
  async function handling(unit = streetA, user = 'street') {
    const id = await dispatchedTo(h, unit);
    h.clock.advance(HOUR);
    await act(h, user, id, 'sign', { note: '' });
    h.clock.advance(HOUR);
    await act(h, user, id, 'contact', { method: 'phone', note: '' });
    return id;
  }

  it('defers a ticket with a plan and review date, then replies from the deferral', async () => {
    h.clock.set('2026-03-10T09:00:00+08:00');
    const id = await handling();
    const past = await api(h, 'street', 'POST', `/api/tickets/${id}/actions/defer`, {
      reason: '需纳入年度改造计划',
      plan: '6月前完成改造',
      reviewDate: '2026-03-01',
    });
    expect(past.status).toBe(422);
    expect(past.body.error.code).toBe('WORKFLOW.INVALID_INPUT');

    expect((await act(h, 'street', id, 'defer', { reason: '需纳入年度改造计划', plan: '6月前完成改造', reviewDate: '2026-06-30' })).state).toBe('deferred');
    const t = await ticket(h, id, 'street');
    expect(t.deferral).toMatchObject({ since: bj('2026-03-10T11:00:00'), plan: '6月前完成改造', reviewDate: '2026-06-30' });
    await act(h, 'street', id, 'progress', { note: '已列入计划' });
    h.clock.advance(24 * HOUR);
    expect((await act(h, 'street', id, 'reply', { text: '已完成改造' })).state).toBe('replied');
  });

  it('redo after an unsatisfied callback, reply again, satisfied callback closes it', async () => {
    h.clock.set('2026-03-11T09:00:00+08:00');
    const id = await handling();
    await act(h, 'street', id, 'reply', { text: '已处理' });
    h.clock.advance(2 * HOUR);
    const cb = await act(h, 'callback', id, 'callback', { valid: true, contacted: true, resolved: false, satisfaction: 'unsatisfied', note: '问题仍在' });
    expect(cb).toMatchObject({ state: 'callback_done', events: ['callback'] });

    // Only the centre's supervisor sends it back.
    expect((await api(h, 'callback', 'POST', `/api/tickets/${id}/actions/redo`, { note: '重办' })).status).toBe(403);
    h.clock.set('2026-03-12T10:00:00+08:00');
    expect((await act(h, 'supervisor', id, 'redo', { note: '群众不满意，重办' })).state).toBe('handling');
    const redone = await ticket(h, id, 'street');
    expect(redone).toMatchObject({ redoCount: 1, callback: null, replyText: null });
    // A fresh reply limit from the redo: Thu Mar 12 10:00 + 7 working days = Mon Mar 23 10:00.
    expect(redone.deadlines.reply).toMatchObject({ startedAt: bj('2026-03-12T10:00:00'), dueAt: bj('2026-03-23T10:00:00') });

    h.clock.advance(HOUR);
    await act(h, 'street', id, 'reply', { text: '已彻底解决' });
    h.clock.advance(HOUR);
    const done = await act(h, 'callback', id, 'callback', { valid: true, contacted: true, resolved: true, satisfaction: 'satisfied', note: '' });
    expect(done).toMatchObject({ state: 'closed', events: ['callback', 'close'] });
    const t = await ticket(h, id);
    expect(t.outcome).toBe('completed');
    expect(types(t)).toEqual(['accept', 'dispatch', 'sign', 'contact', 'reply', 'callback', 'redo', 'reply', 'callback', 'close']);
    expectGaplessHistory(t);
  });

  it('closes a replied ticket as unreachable only after an invalid callback', async () => {
    h.clock.set('2026-03-13T09:00:00+08:00');
    const id = await handling();
    await act(h, 'street', id, 'reply', { text: '已处理' });
    const early = await api(h, 'callback', 'POST', `/api/tickets/${id}/actions/close`, { note: '' });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('WORKFLOW.PRECONDITION_FAILED');

    h.clock.advance(HOUR);
    const invalid = await act(h, 'callback', id, 'callback', { valid: false, reason: 'unreachable', note: '三次未接通' });
    expect(invalid.state).toBe('replied');
    expect((await ticket(h, id)).invalidCallbacks).toBe(1);
    const closed = await act(h, 'callback', id, 'close', { note: '多次联系不上' });
    expect(closed.state).toBe('closed');
    const t = await ticket(h, id);
    expect(t).toMatchObject({ outcome: 'callback_unreachable', callback: null });
  });

  it('escalates supervision up to level 3, by the centre only', async () => {
    h.clock.set('2026-03-16T09:00:00+08:00');
    const id = await dispatchedTo(h, streetA);
    expect((await api(h, 'street', 'POST', `/api/tickets/${id}/actions/supervise`, { note: '督办' })).status).toBe(403);
    const levels: number[] = [];
    for (let i = 0; i < 4; i++) {
      await act(h, 'supervisor', id, 'supervise', { note: `第${i + 1}次督办` });
      levels.push((await ticket(h, id)).supervisionLevel);
    }
    expect(levels).toEqual([1, 2, 3, 3]);
    const t = await ticket(h, id, 'street');
    expect(t.events.filter((e: { type: string }) => e.type === 'supervise').map((e: { data: { level: number } }) => e.data.level)).toEqual([1, 2, 3, 3]);
    // Supervision does not change who handles it or its state.
    expect(t.state).toBe('dispatched');
  });
});

describe(`assessment appeals (${dbKind()})`, () => {
  const streetRow = async (month: string, unitId: number) => {
    const r = await api(h, 'supervisor', 'GET', `/api/assessment/rankings?month=${month}`);
    expect(r.status).toBe(200);
    return r.body.groups.find((g: { unitType: string }) => g.unitType === 'street').rows.find((x: { unitId: number }) => x.unitId === unitId);
  };

  it('a leader of the lead unit appeals; once the centre approves, the ticket leaves the month’s assessment', async () => {
    h.clock.set('2026-07-06T09:00:00+08:00');
    const month = '2026-07';
    const keep = await dispatchedTo(h, streetA);
    const appealed = await dispatchedTo(h, streetA);
    for (const id of [keep, appealed]) {
      await act(h, 'street', id, 'sign', { note: '' });
      await act(h, 'street', id, 'contact', { method: 'phone', note: '' });
      await act(h, 'street', id, 'reply', { text: '已处理' });
    }
    h.clock.advance(HOUR);
    await act(h, 'callback', keep, 'callback', { valid: true, contacted: true, resolved: true, satisfaction: 'satisfied', note: '' });
    await act(h, 'callback', appealed, 'callback', { valid: true, contacted: false, resolved: false, satisfaction: 'unsatisfied', note: '诉求不合理' });

    const before = await streetRow(month, streetA);
    expect(before.counts.validCallbacks).toBe(2);

    // A handler may not appeal; the unit's leader may, once.
    expect((await api(h, 'street', 'POST', `/api/tickets/${appealed}/actions/appeal`, { reason: '诉求超出政策范围' })).status).toBe(403);
    await act(h, 'street.leader', appealed, 'appeal', { reason: '诉求超出政策范围' });
    expect((await api(h, 'street.leader', 'POST', `/api/tickets/${appealed}/actions/appeal`, { reason: '再次申诉' })).status).toBe(409);
    // Pending: it still counts.
    expect((await streetRow(month, streetA)).counts.validCallbacks).toBe(2);
    expect((await api(h, 'street.leader', 'POST', `/api/tickets/${appealed}/actions/decideAppeal`, { approve: true, note: '' })).status).toBe(403);
    await act(h, 'supervisor', appealed, 'decideAppeal', { approve: true, note: '申诉成立' });

    const t = await ticket(h, appealed);
    expect(t).toMatchObject({ excludedFromAssessment: true, appeal: { status: 'approved', reason: '诉求超出政策范围' } });
    const after = await streetRow(month, streetA);
    expect(after.counts).toMatchObject({ validCallbacks: 1, contacted: 1, resolved: 1, satisfied: 1, unsatisfied: 0 });
    expect(after).toMatchObject({ responseRate: 1, resolutionRate: 1, satisfactionRate: 1, composite: 100 });
  });
});

describe(`optimistic versions and concurrent actions (${dbKind()})`, () => {
  it('refuses an action against a stale If-Match version (409 TICKET.STALE_VERSION)', async () => {
    h.clock.set('2026-03-17T09:00:00+08:00');
    const id = await dispatchedTo(h, streetA);
    const seen = await api(h, 'street', 'GET', `/api/tickets/${id}`);
    expect(seen.headers.etag).toBe(`"${seen.body.version}"`);
    const v = seen.body.version as number;
    await act(h, 'street', id, 'sign', { note: '' }, { 'if-match': `"${v}"` });
    const stale = await api(h, 'street', 'POST', `/api/tickets/${id}/actions/contact`, { method: 'phone', note: '' }, { 'if-match': `"${v}"` });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('TICKET.STALE_VERSION');
    const t = await ticket(h, id);
    expect(t.state).toBe('signed');
    expect(t.version).toBe(v + 1);
    await act(h, 'street', id, 'contact', { method: 'phone', note: '' }, { 'if-match': String(v + 1) });
  });

  it('of two different actions taken at once on the version both saw, exactly one succeeds', async () => {
    h.clock.set('2026-03-18T09:00:00+08:00');
    for (let round = 0; round < 3; round++) {
      const id = await dispatchedTo(h, streetA);
      const v = (await ticket(h, id)).version as number;
      const headers = { 'if-match': `"${v}"` };
      const [sign, supervise] = await Promise.all([
        api(h, 'street', 'POST', `/api/tickets/${id}/actions/sign`, { note: '签收' }, headers),
        api(h, 'supervisor', 'POST', `/api/tickets/${id}/actions/supervise`, { note: '督办' }, headers),
      ]);
      const statuses = [sign.status, supervise.status].sort();
      expect(statuses).toEqual([200, 409]);
      const loser = sign.status === 409 ? sign : supervise;
      expect(['TICKET.STALE_VERSION', 'TICKET.CONCURRENT_UPDATE']).toContain(loser.body.error.code);
      const t = await ticket(h, id);
      expect(t.version).toBe(v + 1);
      expect(types(t)).toEqual(['accept', 'dispatch', sign.status === 200 ? 'sign' : 'supervise']);
      expectGaplessHistory(t);
    }
  });

  it('serialises concurrent actions without a version: no lost update, no gap, no duplicate sign', async () => {
    h.clock.set('2026-03-19T09:00:00+08:00');
    const id = await dispatchedTo(h, streetA);
    const results = await Promise.all([
      api(h, 'street', 'POST', `/api/tickets/${id}/actions/sign`, { note: '甲签收' }),
      api(h, 'street.leader', 'POST', `/api/tickets/${id}/actions/sign`, { note: '乙签收' }),
      api(h, 'supervisor', 'POST', `/api/tickets/${id}/actions/supervise`, { note: '督办一' }),
      api(h, 'supervisor', 'POST', `/api/tickets/${id}/actions/supervise`, { note: '督办二' }),
    ]);
    const [signA, signB, sup1, sup2] = results.map((r) => r.status);
    // Exactly one sign wins; the other finds the ticket already signed. Both supervisions apply in turn.
    expect([signA, signB].sort()).toEqual([200, 409]);
    expect([sup1, sup2]).toEqual([200, 200]);
    const t = await ticket(h, id);
    expect(t.state).toBe('signed');
    expect(t.supervisionLevel).toBe(2);
    expect(types(t).filter((x) => x === 'sign')).toHaveLength(1);
    expectGaplessHistory(t);
  });
});
