/**
 * Work queues on a real database (PGlite, or PostgreSQL with DATABASE_URL): each centre queue holds
 * exactly the tickets waiting for that decision, oldest first, and lets go of them once decided; the
 * callback queue holds replied tickets and working ones past their reply deadline (not deferred ones),
 * of the kinds the centre evaluates by calling back (not a data finding: it has no requester to call);
 * the summary counts agree with the pages; only the roles that work a queue may read it; and the inbox
 * tab counts agree with GET /api/tickets under each tab's filter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepDeadlines } from '../src/engine/sweeper.ts';
import { importActor, importFindings } from '../src/modules/imports/findings.ts';
import { createHarness, dbKind, type Harness } from './support/harness.ts';
import { act, api, dispatchedTo, handleAndReply, HOUR, intake, loadRef, STREET_A, STREET_B, ticket, type Ref } from './support/ticket-flow.ts';

let h: Harness;
let ref: Ref;
let streetA: number;
let streetB: number;
const handlerA = `h.st-${STREET_A}`;

beforeAll(async () => {
  h = await createHarness();
  ref = await loadRef(h);
  streetA = ref.unitId(`ST-${STREET_A}`);
  streetB = ref.unitId(`ST-${STREET_B}`);
});
afterAll(async () => {
  await h?.close();
});

interface Item {
  id: number;
  since: string | null;
  reason: string | null;
  extensionDays: number | null;
  callback: { contacted: boolean; resolved: boolean; satisfaction: string } | null;
  invalidCallbacks: number;
  deadline: string | null;
  allowedActions: { type: string }[];
}

async function queue(name: string, user = 'supervisor', query = 'limit=200'): Promise<{ total: number; items: Item[] }> {
  const r = await api(h, user, 'GET', `/api/queues/${name}?${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  expect(r.body.name).toBe(name);
  return r.body;
}
const ids = (q: { items: Item[] }) => q.items.map((i) => i.id);
const itemOf = (q: { items: Item[] }, id: number) => q.items.find((i) => i.id === id);
const actions = (i: Item | undefined) => (i?.allowedActions ?? []).map((a) => a.type);

async function summary(user = 'supervisor'): Promise<Record<string, number>> {
  const r = await api(h, user, 'GET', '/api/queues');
  expect(r.status).toBe(200);
  return Object.fromEntries((r.body.items as { name: string; count: number }[]).map((i) => [i.name, i.count]));
}

describe(`centre queues (${dbKind()})`, () => {
  it('overdue: a passed running deadline, before and after the sweeper records it; supervising keeps it there', async () => {
    h.clock.set('2026-03-02T09:00:00+08:00');
    const late = await dispatchedTo(h, streetA, { content: '队列测试 超时未签收' });
    const fresh = await dispatchedTo(h, streetB, { content: '队列测试 未超时' });
    h.clock.set('2026-03-02T09:30:00+08:00');
    const onTime = await queue('overdue');
    expect(ids(onTime)).not.toContain(late);

    h.clock.set('2026-03-02T12:00:00+08:00'); // the 2-hour sign deadline of `late` has passed; `fresh` too
    const before = await queue('overdue');
    expect(ids(before)).toContain(late);
    expect(itemOf(before, late)).toMatchObject({ deadline: 'sign', since: new Date('2026-03-02T11:00:00+08:00').toISOString() });
    expect(actions(itemOf(before, late))).toContain('supervise');
    await sweepDeadlines(h.ctx);
    const after = await queue('overdue');
    expect(ids(after)).toEqual(expect.arrayContaining([late, fresh]));
    // Oldest deadline first.
    expect(ids(after).indexOf(late)).toBeLessThan(ids(after).indexOf(fresh));

    await act(h, 'supervisor', late, 'supervise', { note: '请立即签收' });
    expect(ids(await queue('overdue'))).toContain(late);
    // Signing starts the contact clock: no longer late.
    await act(h, 'street', late, 'sign', { note: '' });
    expect(ids(await queue('overdue'))).not.toContain(late);
    // A unit cannot read the centre's queue.
    expect((await api(h, 'street', 'GET', '/api/queues/overdue')).status).toBe(403);
  });

  it('objections: the reason and when the review started; leaves the queue once decided', async () => {
    h.clock.set('2026-03-03T09:00:00+08:00');
    const id = await dispatchedTo(h, streetA, { content: '队列测试 异议' });
    h.clock.advance(HOUR);
    await act(h, 'street', id, 'object', { reason: '该地址属于城子街道' });
    const q = await queue('objections');
    expect(itemOf(q, id)).toMatchObject({ reason: '该地址属于城子街道', since: new Date('2026-03-03T10:00:00+08:00').toISOString() });
    expect(actions(itemOf(q, id))).toEqual(expect.arrayContaining(['decideObjection', 'supervise']));
    await act(h, 'supervisor', id, 'decideObjection', { approve: true, leadUnitId: streetB, coUnitIds: [], note: '' });
    expect(ids(await queue('objections'))).not.toContain(id);
  });

  it('extensions: pending requests with days and reason; gone once approved', async () => {
    h.clock.set('2026-03-04T09:00:00+08:00');
    const id = await dispatchedTo(h, streetA, { content: '队列测试 延期' });
    await act(h, 'street', id, 'sign', { note: '' });
    await act(h, 'street', id, 'contact', { method: 'phone', note: '' });
    expect(ids(await queue('extensions'))).not.toContain(id);
    h.clock.advance(HOUR);
    await act(h, 'street', id, 'requestExtension', { days: 5, reason: '需协调产权单位' });
    const q = await queue('extensions');
    expect(itemOf(q, id)).toMatchObject({ reason: '需协调产权单位', extensionDays: 5, since: new Date('2026-03-04T10:00:00+08:00').toISOString() });
    expect(actions(itemOf(q, id))).toContain('decideExtension');
    await act(h, 'supervisor', id, 'decideExtension', { approve: true, days: 3, note: '' });
    expect(ids(await queue('extensions'))).not.toContain(id);
  });

  it('appeals and unsatisfied callbacks: pending appeals of closed tickets; callback_done awaiting redo or close', async () => {
    h.clock.set('2026-03-05T09:00:00+08:00');
    const closed = await dispatchedTo(h, streetA, { content: '队列测试 申诉' });
    const unhappy = await dispatchedTo(h, streetA, { content: '队列测试 不满意' });
    for (const id of [closed, unhappy]) {
      await act(h, handlerA, id, 'sign', { note: '' });
      await act(h, handlerA, id, 'contact', { method: 'phone', note: '' });
      await act(h, handlerA, id, 'reply', { text: '已处理' });
    }
    h.clock.advance(HOUR);
    await act(h, 'callback', closed, 'callback', { valid: true, contacted: true, resolved: true, satisfaction: 'satisfied', note: '' });
    await act(h, 'callback', unhappy, 'callback', { valid: true, contacted: true, resolved: false, satisfaction: 'unsatisfied', note: '' });

    const u = await queue('unsatisfied');
    expect(ids(u)).toContain(unhappy);
    expect(ids(u)).not.toContain(closed);
    expect(itemOf(u, unhappy)).toMatchObject({ callback: { contacted: true, resolved: false, satisfaction: 'unsatisfied' } });
    expect(actions(itemOf(u, unhappy))).toEqual(expect.arrayContaining(['redo', 'close']));

    expect(ids(await queue('appeals'))).not.toContain(closed);
    h.clock.advance(HOUR);
    await act(h, 'street.leader', closed, 'appeal', { reason: '诉求超出本单位职责' });
    const a = await queue('appeals');
    expect(itemOf(a, closed)).toMatchObject({ reason: '诉求超出本单位职责', since: new Date('2026-03-05T11:00:00+08:00').toISOString() });
    expect(actions(itemOf(a, closed))).toContain('decideAppeal');

    await act(h, 'supervisor', closed, 'decideAppeal', { approve: false, note: '' });
    await act(h, 'supervisor', unhappy, 'redo', { note: '诉求人不满意，请重新办理' });
    expect(ids(await queue('appeals'))).not.toContain(closed);
    expect(ids(await queue('unsatisfied'))).not.toContain(unhappy);
  });

  it('undispatched: accepted tickets oldest first, paged', async () => {
    h.clock.set('2026-03-06T09:00:00+08:00');
    const made: number[] = [];
    for (let i = 0; i < 3; i++) {
      made.push((await intake(h, { content: `队列测试 待派单 ${i}`, triage: { action: 'none' } })).ticketId);
      h.clock.advance(60_000);
    }
    const all = await queue('undispatched');
    expect(ids(all).filter((id) => made.includes(id))).toEqual(made);
    expect(actions(itemOf(all, made[0]!))).toContain('dispatch');
    const second = await queue('undispatched', 'supervisor', `offset=${ids(all).indexOf(made[1]!)}&limit=1`);
    expect(second.total).toBe(all.total);
    expect(ids(second)).toEqual([made[1]]);
    await act(h, 'supervisor', made[0]!, 'dispatch', { leadUnitId: streetA, coUnitIds: [], fallback: false, reason: '' });
    expect(ids(await queue('undispatched'))).not.toContain(made[0]);
  });

  it('deferralReview: deferrals whose review date has come (recorded by the sweeper), since that date, with the plan; gone once replied', async () => {
    h.clock.set('2026-04-01T09:00:00+08:00');
    const id = await dispatchedTo(h, streetA, { content: '队列测试 挂账复查' });
    await act(h, handlerA, id, 'sign', { note: '' });
    await act(h, handlerA, id, 'contact', { method: 'phone', note: '' });
    await act(h, handlerA, id, 'defer', { reason: '需纳入年度计划', plan: '列入二季度改造计划', reviewDate: '2026-04-08' });
    expect(ids(await queue('deferralReview'))).not.toContain(id);
    // The date has come, but until the sweeper records it the ticket is not in the queue.
    h.clock.set('2026-04-08T08:00:00+08:00');
    expect(ids(await queue('deferralReview'))).not.toContain(id);
    await sweepDeadlines(h.ctx);
    const q = await queue('deferralReview');
    expect(itemOf(q, id)).toMatchObject({ since: new Date('2026-04-08T00:00:00+08:00').toISOString(), reason: '列入二季度改造计划', deadline: null });
    expect(actions(itemOf(q, id))).toEqual(expect.arrayContaining(['supervise', 'reassign']));
    expect((await api(h, handlerA, 'GET', '/api/queues/deferralReview')).status).toBe(403);
    await act(h, handlerA, id, 'reply', { text: '已完成改造' });
    expect(ids(await queue('deferralReview'))).not.toContain(id);
  });
});

describe(`callback queue (${dbKind()})`, () => {
  it('replied tickets by reply time, then working ones past their reply deadline; never deferred ones', async () => {
    h.clock.set('2026-03-09T09:00:00+08:00'); // Monday
    const lateWorking = await dispatchedTo(h, streetA, { content: '队列测试 回访 超期未办结' });
    const deferred = await dispatchedTo(h, streetA, { content: '队列测试 回访 挂账' });
    await act(h, handlerA, deferred, 'sign', { note: '' });
    await act(h, handlerA, deferred, 'contact', { method: 'phone', note: '' });
    await act(h, handlerA, deferred, 'defer', { reason: '需纳入年度计划', plan: '列入改造计划', reviewDate: '2026-12-31' });
    const replied: number[] = [];
    for (const n of [1, 2]) {
      h.clock.advance(HOUR);
      const id = await dispatchedTo(h, streetA, { content: `队列测试 回访 已办结 ${n}` });
      await act(h, handlerA, id, 'sign', { note: '' });
      await act(h, handlerA, id, 'contact', { method: 'phone', note: '' });
      await act(h, handlerA, id, 'reply', { text: `已处理 ${n}` });
      replied.push(id);
    }
    const now = await queue('callback', 'callback');
    expect(ids(now)).toEqual(expect.arrayContaining(replied));
    expect(ids(now)).not.toContain(lateWorking);
    expect(actions(itemOf(now, replied[0]!))).toContain('callback');

    // Seven working days later the first ticket's reply deadline has passed: the centre may call back.
    h.clock.set('2026-03-19T09:00:00+08:00');
    const later = await queue('callback', 'callback');
    const mine = ids(later).filter((id) => [...replied, lateWorking, deferred].includes(id));
    expect(mine).toEqual([...replied, lateWorking]);
    expect(itemOf(later, lateWorking)).toMatchObject({ deadline: 'sign' });
    expect(actions(itemOf(later, lateWorking))).toContain('callback');

    // An invalid callback keeps it queued (with the attempt counted); a valid one takes it out.
    await act(h, 'callback', replied[0]!, 'callback', { valid: false, reason: 'unreachable', note: '' });
    const retry = await queue('callback', 'callback');
    expect(itemOf(retry, replied[0]!)).toMatchObject({ invalidCallbacks: 1 });
    expect(actions(itemOf(retry, replied[0]!))).toEqual(expect.arrayContaining(['callback', 'close']));
    await act(h, 'callback', replied[1]!, 'callback', { valid: true, contacted: true, resolved: true, satisfaction: 'basically_satisfied', note: '' });
    expect(ids(await queue('callback', 'callback'))).not.toContain(replied[1]);
  });

  it('holds only the kinds evaluated by callback: a replied hotline ticket is in its page and count, an imported data finding is not', async () => {
    h.clock.set('2026-03-23T09:00:00+08:00'); // Monday
    const tag = `CBQ${Date.now()}`;
    const file = [
      '来源,外部编号,标题,内容,分类编码,街道编码,地址,发现时间',
      `big_data,${tag},占道经营,大数据发现占道经营 ${tag},CITY.WASTE.SORTING,${STREET_A},新桥大街,2026-03-23T08:00:00+08:00`,
    ];
    const report = await importFindings(h.ctx, await importActor(h.ctx, 'operator'), new TextEncoder().encode(file.join('\r\n')));
    expect(report).toMatchObject({ committed: true, accepted: 1 });
    const found = await api(h, 'supervisor', 'GET', `/api/tickets?q=${encodeURIComponent(tag)}&limit=5`);
    expect(found.body.total).toBe(1);
    const finding = found.body.items[0].id as number;
    const imported = await ticket(h, finding);
    expect(imported).toMatchObject({ kind: 'data_finding', source: 'big_data', state: 'dispatched' });

    const before = (await summary('callback')).callback!;
    await handleAndReply(h, ref.handlerOf(imported.leadUnit.id), finding);
    expect((await ticket(h, finding)).state).toBe('replied');
    expect(ids(await queue('callback', 'callback'))).not.toContain(finding);
    expect((await summary('callback')).callback).toBe(before);
    expect((await summary('supervisor')).callback).toBe(before);

    const hotline = await dispatchedTo(h, streetA, { content: `队列测试 回访 热线 ${tag}` });
    await handleAndReply(h, handlerA, hotline);
    expect(ids(await queue('callback', 'callback'))).toContain(hotline);
    expect((await summary('callback')).callback).toBe(before + 1);

    // The centre started the finding: it evaluates the reply itself, on the ticket page.
    expect((await ticket(h, finding, 'callback')).allowedActions.map((a: { type: string }) => a.type)).toContain('callback');
  });

  it('only callback agents and centre supervisors read it; agents see no centre queue', async () => {
    expect((await api(h, 'supervisor', 'GET', '/api/queues/callback')).status).toBe(200);
    for (const user of ['operator', 'street', 'gov']) expect((await api(h, user, 'GET', '/api/queues/callback')).status, user).toBe(403);
    expect((await api(h, 'callback', 'GET', '/api/queues/objections')).status).toBe(403);
    expect(Object.keys(await summary('callback'))).toEqual(['callback']);
    expect((await api(h, 'street', 'GET', '/api/queues')).status).toBe(403);
  });
});

describe(`summary and inbox counts (${dbKind()})`, () => {
  it('the summary counts are the totals of the queues', async () => {
    const s = await summary();
    expect(Object.keys(s)).toEqual(['overdue', 'objections', 'extensions', 'appeals', 'unsatisfied', 'undispatched', 'deferralReview', 'callback']);
    for (const [name, count] of Object.entries(s)) expect((await queue(name, 'supervisor', 'limit=1')).total, name).toBe(count);
    expect(s.overdue).toBeGreaterThan(0);
    expect(s.undispatched).toBeGreaterThan(0);
  });

  it('each inbox tab counts what GET /api/tickets lists under its filter, in scope and with the same filters', async () => {
    for (const [user, query] of [
      ['street', ''],
      ['street', `leadUnitId=${streetA}&q=${encodeURIComponent('队列测试')}`],
      ['gov', ''],
      ['supervisor', `streetCode=${STREET_A}`],
    ] as const) {
      const r = await api(h, user, 'GET', `/api/queues/inbox${query ? `?${query}` : ''}`);
      expect(r.status).toBe(200);
      const tabs = r.body.tabs as { key: string; states: string[]; dueStatuses: string[]; count: number }[];
      expect(tabs.map((t) => t.key)).toEqual(['dispatched', 'signed', 'handling', 'dueSoon', 'overdue', 'reviewDue', 'replied']);
      for (const t of tabs) {
        const filter = [
          query,
          t.states.length ? `state=${t.states.join(',')}` : '',
          t.dueStatuses.length ? `dueStatus=${t.dueStatuses.join(',')}` : '',
          'limit=1',
        ]
          .filter(Boolean)
          .join('&');
        const list = await api(h, user, 'GET', `/api/tickets?${filter}`);
        expect(list.status).toBe(200);
        expect(list.body.total, `${user} ${query} ${t.key}`).toBe(t.count);
      }
    }
    // The street's own tickets are there; another street's are not.
    const street = (await api(h, 'street', 'GET', '/api/queues/inbox')).body.tabs as { key: string; count: number }[];
    expect(street.find((t) => t.key === 'overdue')!.count + street.find((t) => t.key === 'replied')!.count).toBeGreaterThan(0);
    const other = (await api(h, `h.st-${STREET_B}`, 'GET', `/api/queues/inbox?q=${encodeURIComponent('队列测试 回访')}`)).body.tabs as { count: number }[];
    expect(other.every((t) => t.count === 0)).toBe(true);
  });
});
