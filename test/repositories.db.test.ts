/**
 * Contract tests of the ticket repository on a real database: the stored events replay to the stored
 * domain ticket, the query columns agree with it, and the inbox query filters, sorts, pages, scopes and
 * searches text (with `%`, `_` and `\` taken literally).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepDeadlines } from '../src/engine/sweeper.ts';
import { localMonth } from '../src/engine/domain/calendar/local-time.ts';
import { replay } from '../src/engine/domain/workflow/evolve.ts';
import { stateColumns } from '../src/engine/ticket-mapper.ts';
import {
  domainTicketOf,
  eventFromRow,
  findTicketRow,
  findTicketRowByNumber,
  listEvents,
  listTicketRows,
  type TicketListFilter,
  type TicketScope,
} from '../src/engine/ticket.repository.ts';
import { createHarness, dbKind, DISTRICT, type Harness } from './support/harness.ts';
import { act, dispatchedTo, HOUR, intake, loadRef, STREET_A, STREET_B, type Ref } from './support/ticket-flow.ts';

let h: Harness;
let ref: Ref;
let streetA: number;
let streetB: number;
const handlerB = `h.st-${STREET_B}`;
const ALL: TicketScope = { districtCode: DISTRICT, unitIds: 'all' };

beforeAll(async () => {
  h = await createHarness();
  ref = await loadRef(h);
  streetA = ref.unitId(`ST-${STREET_A}`);
  streetB = ref.unitId(`ST-${STREET_B}`);
});
afterAll(async () => {
  await h?.close();
});

/** The stored events replay to the stored ticket, and every query column is derived from it. */
async function expectConsistent(id: number) {
  const db = h.ctx.database.db;
  const row = (await findTicketRow(db, id, ALL))!;
  const events = await listEvents(db, id);
  const t = domainTicketOf(row);

  expect(replay(events.map(eventFromRow))).toEqual(t);
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  expect(row.version).toBe(events.length);
  expect(t.version).toBe(events.length);
  events.forEach((e, i) => {
    expect(e.stateBefore).toBe(i === 0 ? null : events[i - 1]!.stateAfter);
    expect(e.ticketId).toBe(id);
  });
  expect(events.at(-1)!.stateAfter).toBe(row.state);

  const cols = stateColumns(t, row.updatedAt);
  const { dueStatus, domain, updatedAt: _u, ...rest } = cols;
  for (const [k, v] of Object.entries(rest)) expect(row[k as keyof typeof row], k).toEqual(v);
  expect(row.domain).toEqual(domain);
  // The sweeper may have turned the light yellow since the last event.
  if (!(dueStatus === 'ok' && row.dueStatus === 'due_soon')) expect(row.dueStatus).toBe(dueStatus);

  // A few by hand, so the check does not only compare the mapper with itself.
  expect(row.state).toBe(t.state);
  expect(row.leadUnitId).toBe(t.leadUnitId);
  expect(row.coUnitIds).toEqual(t.coUnitIds);
  expect(row.replyDueAt?.getTime() ?? null).toBe(t.deadlines.reply?.dueAt.getTime() ?? null);
  expect(row.assessmentMonth).toBe(t.callback ? localMonth(t.callback.at) : null);
  expect(row.outcome).toBe(t.outcome);
  expect(row.excludedFromAssessment).toBe(t.excludedFromAssessment);
  return { row, t, events };
}

describe(`events and state stay in step (${dbKind()})`, () => {
  it('a ticket through objection, co-handling, extension, deferral, redo, callbacks and an appeal', async () => {
    h.clock.set('2026-03-02T09:00:00+08:00');
    const zjw = ref.unitId('DEPT-ZJW');
    const id = await dispatchedTo(h, streetA, { triage: { action: 'dispatch', leadUnitId: streetA, coUnitIds: [zjw] } });
    const step = async (user: string, action: string, body: unknown) => {
      h.clock.advance(HOUR);
      await act(h, user, id, action, body);
      return expectConsistent(id);
    };
    await step('street', 'object', { reason: '非本街道' });
    await step('supervisor', 'decideObjection', { approve: false, note: '驳回' });
    await step('street', 'sign', { note: '' });
    await step('street', 'contact', { method: 'phone', note: '' });
    await step('street', 'progress', { note: '已现场查看' });
    await step('zjw', 'coReply', { note: '住建委已配合' });
    await step('street', 'requestExtension', { days: 3, reason: '协调中' });
    await step('supervisor', 'decideExtension', { approve: true, note: '' });
    await step('street', 'defer', { reason: '待资金', plan: '下月施工', reviewDate: '2026-04-30' });
    await step('street', 'reply', { text: '已施工' });
    await step('callback', 'callback', { valid: true, contacted: true, resolved: false, satisfaction: 'unsatisfied', note: '' });
    await step('supervisor', 'redo', { note: '重办' });
    await step('street', 'reply', { text: '已再次施工' });
    await step('callback', 'callback', { valid: false, reason: 'unreachable', note: '' });
    await step('callback', 'callback', { valid: true, contacted: true, resolved: true, satisfaction: 'basically_satisfied', note: '' });
    await step('street.leader', 'appeal', { reason: '不可抗力' });
    const { row, t, events } = await step('supervisor', 'decideAppeal', { approve: true, note: '同意' });
    expect(row).toMatchObject({
      state: 'closed',
      outcome: 'completed',
      satisfaction: 'basically_satisfied',
      resolved: true,
      contacted: true,
      excludedFromAssessment: true,
    });
    expect(row.assessmentMonth).toBe('2026-03');
    expect(t).toMatchObject({ objectionCount: 1, extensionCount: 1, redoCount: 1, coRepliedUnitIds: [zjw] });
    expect(events).toHaveLength(20);
    expect(events.find((e) => e.type === 'coReply')).toMatchObject({ actorUnitId: zjw, actorIsCentre: false });
    expect(events.find((e) => e.type === 'decideAppeal')).toMatchObject({ actorIsCentre: true, actorRoles: ['centre_supervisor'] });
  });

  it('tickets marked overdue, re-dispatched, linked as repeats, answered, reassigned', async () => {
    h.clock.set('2026-03-09T09:00:00+08:00');
    const late = await dispatchedTo(h, streetA, {
      categoryId: ref.categoryId('URB.PROP.ELEVATOR'),
      communityCode: ref.communities(STREET_A)[0],
      requesterPhone: '13700001111',
    });
    h.clock.advance(3 * HOUR);
    await sweepDeadlines(h.ctx);
    const marked = await expectConsistent(late);
    expect(marked.row.dueStatus).toBe('overdue');
    expect(marked.events.at(-1)).toMatchObject({ type: 'markOverdue', actorUserId: null, actorRoles: null });
    await act(h, 'supervisor', late, 'supervise', { note: '督办' });
    await act(h, 'street', late, 'object', { reason: '非本街道' });
    await act(h, 'supervisor', late, 'decideObjection', { approve: true, leadUnitId: streetB, coUnitIds: [], note: '' });
    const moved = await expectConsistent(late);
    expect(moved.row).toMatchObject({ leadUnitId: streetB, state: 'dispatched', dueStatus: 'ok', supervisionLevel: 1 });
    expect(moved.t.overdue).toEqual({ sign: false, contact: false, reply: false });

    // A repeat call while it is open.
    const repeat = await intake(h, {
      categoryId: ref.categoryId('URB.PROP.ELEVATOR'),
      communityCode: ref.communities(STREET_A)[0],
      requesterPhone: '13700001111',
      triage: { action: 'linkRepeat', originalId: late },
    });
    const linked = await expectConsistent(repeat.ticketId);
    expect(linked.row).toMatchObject({ state: 'closed', outcome: 'repeat_linked', repeatOfId: late, leadUnitId: null, assessmentMonth: null });

    await act(h, handlerB, late, 'sign', { note: '' });
    await act(h, handlerB, late, 'contact', { method: 'phone', note: '' });
    await act(h, handlerB, late, 'reply', { text: '已修好' });
    await act(h, 'callback', late, 'callback', { valid: false, reason: 'refused', note: '' });
    await act(h, 'callback', late, 'close', { note: '' });
    expect((await expectConsistent(late)).row).toMatchObject({ outcome: 'callback_unreachable', assessmentMonth: null, callbackAt: null });

    const answered = await intake(h, { requestType: 'consultation', triage: { action: 'answerDirectly', answer: '请咨询物业' } });
    expect((await expectConsistent(answered.ticketId)).row).toMatchObject({ outcome: 'answered_directly', dueStatus: 'none' });

    const emergency = await intake(h, { urgency: 'emergency', triage: { action: 'none' } });
    await act(h, 'operator', emergency.ticketId, 'dispatch', { leadUnitId: streetA, coUnitIds: [], fallback: false, reason: '' });
    await act(h, 'supervisor', emergency.ticketId, 'reassign', { leadUnitId: ref.unitId('DEPT-YJJ'), coUnitIds: [streetA], note: '改派应急局' });
    const reassigned = await expectConsistent(emergency.ticketId);
    expect(reassigned.row).toMatchObject({ timeLimitClass: 'emergency', leadUnitId: ref.unitId('DEPT-YJJ'), coUnitIds: [streetA] });
    expect(reassigned.row.replyDueAt!.getTime() - reassigned.row.dispatchedAt!.getTime()).toBe(2 * HOUR);
  });
});

describe(`listTicketRows (${dbKind()})`, () => {
  // Tickets created here carry this marker in their content so the listings below see only them.
  const M = 'LISTMARK';
  const ids: Record<string, number> = {};
  const page = (f: Partial<TicketListFilter>, scope: TicketScope = ALL) =>
    listTicketRows(h.ctx.database.db, scope, { text: undefined, offset: 0, limit: 50, ...f });
  const mine = (f: Partial<TicketListFilter> = {}, scope: TicketScope = ALL) => page({ ...f, text: f.text ?? M }, scope);
  const idsOf = (r: { rows: { id: number }[] }) => r.rows.map((x) => x.id);

  beforeAll(async () => {
    const cat = ref.categoryId('URB.PROP.FEE');
    const elevator = ref.categoryId('URB.PROP.ELEVATOR');
    const make = async (name: string, at: string, body: Record<string, unknown>) => {
      h.clock.set(at);
      ids[name] = (await intake(h, { content: `${M} ${name}`, ...body })).ticketId;
    };
    await make('aDispatched', '2026-05-11T09:00:00+08:00', { title: '100%满意', triage: { action: 'dispatch', leadUnitId: streetA } });
    await make('bDispatched', '2026-05-11T10:00:00+08:00', { title: '100满意', triage: { action: 'dispatch', leadUnitId: streetB, coUnitIds: [streetA] } });
    await make('cAccepted', '2026-05-12T09:00:00+08:00', { title: 'a_b 下划线', categoryId: cat, triage: { action: 'none' } });
    await make('dSigned', '2026-05-12T10:00:00+08:00', {
      title: 'axb 普通',
      categoryId: elevator,
      communityCode: ref.communities(STREET_B)[0],
      triage: { action: 'dispatch' },
    });
    await act(h, handlerB, ids.dSigned!, 'sign', { note: '' });
    await make('eClosed', '2026-05-13T09:00:00+08:00', {
      title: '反斜杠 c\\d',
      requestType: 'consultation',
      triage: { action: 'answerDirectly', answer: '答复' },
    });
    await make('fGrid', '2026-05-13T10:00:00+08:00', {
      title: '网格上报',
      kind: 'grid_report',
      channel: 'grid',
      triage: { action: 'dispatch', leadUnitId: streetB },
    });
  });

  it('filters by state, kind, lead unit, category, street and accepted time', async () => {
    expect((await mine()).total).toBe(6);
    expect(idsOf(await mine({ states: ['dispatched'], sort: 'oldest' }))).toEqual([ids.aDispatched, ids.bDispatched, ids.fGrid]);
    expect(idsOf(await mine({ states: ['accepted', 'closed'], sort: 'oldest' }))).toEqual([ids.cAccepted, ids.eClosed]);
    expect(idsOf(await mine({ kinds: ['grid_report'] }))).toEqual([ids.fGrid]);
    expect(idsOf(await mine({ leadUnitId: streetB, sort: 'oldest' }))).toEqual([ids.bDispatched, ids.dSigned, ids.fGrid]);
    expect(idsOf(await mine({ categoryId: ref.categoryId('URB.PROP.FEE') }))).toEqual([ids.cAccepted]);
    expect(idsOf(await mine({ streetCode: STREET_B }))).toEqual([ids.dSigned]);
    const from = new Date('2026-05-12T00:00:00+08:00');
    const to = new Date('2026-05-13T00:00:00+08:00');
    expect(idsOf(await mine({ acceptedFrom: from, acceptedTo: to, sort: 'oldest' }))).toEqual([ids.cAccepted, ids.dSigned]);
    // acceptedTo is exclusive, acceptedFrom inclusive.
    expect(idsOf(await mine({ acceptedFrom: new Date('2026-05-13T09:00:00+08:00'), acceptedTo: new Date('2026-05-13T10:00:00+08:00') }))).toEqual([
      ids.eClosed,
    ]);
    expect((await mine({ dueStatuses: ['none'] })).rows.map((r) => r.state).sort()).toEqual(['accepted', 'closed']);
  });

  it('sorts newest, oldest and by the active deadline (none last), and pages with a stable total', async () => {
    const newest = idsOf(await mine({ sort: 'newest' }));
    expect(newest).toEqual([ids.fGrid, ids.eClosed, ids.dSigned, ids.cAccepted, ids.bDispatched, ids.aDispatched]);
    expect(idsOf(await mine({ sort: 'oldest' }))).toEqual([...newest].reverse());
    expect(idsOf(await mine())).toEqual(newest);

    const due = await mine({ sort: 'due' });
    const dueAts = due.rows.map((r) => r.activeDueAt?.getTime() ?? Infinity);
    expect(dueAts).toEqual([...dueAts].sort((a, b) => a - b));
    expect(due.rows.slice(-2).map((r) => r.activeDueAt)).toEqual([null, null]);
    // Signed 2026-05-12 10:00 at the earliest active deadline: a's sign deadline (05-11 11:00) comes first.
    expect(due.rows[0]!.id).toBe(ids.aDispatched);

    const p1 = await mine({ sort: 'oldest', limit: 4, offset: 0 });
    const p2 = await mine({ sort: 'oldest', limit: 4, offset: 4 });
    expect(p1.total).toBe(6);
    expect(p2.total).toBe(6);
    expect([...idsOf(p1), ...idsOf(p2)]).toEqual([...newest].reverse());
    expect(idsOf(await mine({ sort: 'oldest', limit: 4, offset: 8 }))).toEqual([]);
  });

  it('scopes by units (lead or co-handler), by the whole district, and by district', async () => {
    expect(idsOf(await mine({ sort: 'oldest' }, { districtCode: DISTRICT, unitIds: [streetA] }))).toEqual([ids.aDispatched, ids.bDispatched]);
    expect(idsOf(await mine({ sort: 'oldest' }, { districtCode: DISTRICT, unitIds: [streetB] }))).toEqual([ids.bDispatched, ids.dSigned, ids.fGrid]);
    expect((await mine({}, { districtCode: DISTRICT, unitIds: [streetA, streetB] })).total).toBe(4);
    expect(await mine({}, { districtCode: DISTRICT, unitIds: [] })).toEqual({ rows: [], total: 0 });
    expect((await mine({}, { districtCode: '110105', unitIds: 'all' })).total).toBe(0);
    expect((await mine({}, { districtCode: '110105', unitIds: [streetA] })).total).toBe(0);
    // One ticket by id honours the same scope.
    const db = h.ctx.database.db;
    expect(await findTicketRow(db, ids.dSigned!, { districtCode: DISTRICT, unitIds: [streetA] })).toBeUndefined();
    expect((await findTicketRow(db, ids.bDispatched!, { districtCode: DISTRICT, unitIds: [streetA] }))?.id).toBe(ids.bDispatched);
  });

  it('searches text literally: % _ and \\ are not wildcards; an exact number matches', async () => {
    const search = async (text: string) => idsOf(await page({ text, sort: 'oldest' }));
    expect(await search('100%满意')).toEqual([ids.aDispatched]);
    expect(await search('100%')).toEqual([ids.aDispatched]);
    expect(await search('满意')).toEqual([ids.aDispatched, ids.bDispatched]);
    expect(await search('a_b')).toEqual([ids.cAccepted]);
    expect(await search('_')).toEqual([ids.cAccepted]);
    expect(await search('%')).toEqual([ids.aDispatched]);
    expect(await search('c\\d')).toEqual([ids.eClosed]);
    expect(await search('\\')).toEqual([ids.eClosed]);
    expect(await search('A_B')).toEqual([ids.cAccepted]); // case-insensitive
    const row = (await findTicketRow(h.ctx.database.db, ids.dSigned!, ALL))!;
    expect(await search(row.number)).toEqual([ids.dSigned]);
    expect((await findTicketRowByNumber(h.ctx.database.db, DISTRICT, row.number))?.id).toBe(ids.dSigned);
  });
});
