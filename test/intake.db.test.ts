/**
 * Intake (受理) over HTTP on a real database: every triage path (direct answer, special route, dispatch
 * by the catalogue or to named units, repeat linking), idempotent retries (also concurrent ones), and the
 * emergency time limits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchCatalog } from '../src/schema.ts';
import { createHarness, dbKind, type Harness } from './support/harness.ts';
import { act, api, freshPhone, HOUR, intake, loadRef, STREET_A, STREET_B, ticket, type Ref } from './support/ticket-flow.ts';

let h: Harness;
let ref: Ref;
beforeAll(async () => {
  h = await createHarness();
  ref = await loadRef(h);
});
afterAll(async () => {
  await h?.close();
});

/** Number of tickets whose title or content contains `marker` (as the centre sees them). */
async function countWith(marker: string): Promise<number> {
  const r = await api(h, 'supervisor', 'GET', `/api/tickets?q=${encodeURIComponent(marker)}&limit=1`);
  expect(r.status).toBe(200);
  return r.body.total;
}

async function totalTickets(): Promise<number> {
  return (await api(h, 'supervisor', 'GET', '/api/tickets?limit=1')).body.total;
}

const post = (body: Record<string, unknown>, headers?: Record<string, string>, user = 'operator') =>
  api(h, user, 'POST', '/api/tickets', { requestType: 'complaint', channel: 'phone', content: '测试', ...body }, headers);

describe(`intake triage (${dbKind()})`, () => {
  it('answers a consultation directly from the knowledge base and closes it at once', async () => {
    const articles = await api(h, 'operator', 'GET', `/api/knowledge?q=${encodeURIComponent('垃圾分类')}`);
    const article = articles.body.items[0];
    const r = await intake(h, {
      requestType: 'consultation',
      categoryId: ref.categoryId('CITY.WASTE.SORTING'),
      content: '咨询垃圾分类怎么分',
      triage: { action: 'answerDirectly', answer: article.content, articleId: article.id },
    });
    expect(r.state).toBe('closed');
    expect(r.routing).toBeNull();
    const t = await ticket(h, r.ticketId);
    expect(t).toMatchObject({ state: 'closed', outcome: 'answered_directly', leadUnit: null, deadlines: { sign: null, contact: null, reply: null } });
    expect(t.events.map((e: { type: string }) => e.type)).toEqual(['accept', 'answerDirectly']);
    expect(t.events[1].data).toEqual({ answer: article.content, articleId: article.id });
  });

  it('refuses to answer a complaint directly (409) and creates nothing', async () => {
    const before = await totalTickets();
    const r = await post({ content: '投诉：不能直接答复的诉求', triage: { action: 'answerDirectly', answer: '请耐心等待' } });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('WORKFLOW.PRECONDITION_FAILED');
    expect(await totalTickets()).toBe(before);
  });

  it('refuses an unknown knowledge article (422) and creates nothing', async () => {
    const before = await totalTickets();
    const r = await post({ requestType: 'consultation', triage: { action: 'answerDirectly', answer: '答复', articleId: 999_999 } });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('INTAKE.UNKNOWN_ARTICLE');
    expect(await totalTickets()).toBe(before);
  });

  it('closes a request by a special route with the route recorded', async () => {
    const r = await intake(h, {
      requestType: 'help',
      content: '有人晕倒需要急救',
      triage: { action: 'closeSpecial', route: 'emergency_120', note: '已转120' },
    });
    expect(r.state).toBe('closed');
    const t = await ticket(h, r.ticketId);
    expect(t).toMatchObject({ outcome: 'special_route', specialRoute: 'emergency_120', leadUnit: null });
    expect(t.events.map((e: { type: string }) => e.type)).toEqual(['accept', 'closeSpecial']);
  });

  it('leaves a request accepted when triage is "none", with the catalogue suggestion', async () => {
    const r = await intake(h, { categoryId: ref.categoryId('URB.PROP.FEE'), triage: { action: 'none' } });
    expect(r.state).toBe('accepted');
    expect(r.routing).toMatchObject({ leadUnitId: ref.unitId('DEPT-ZJW'), reasonCode: 'CATALOG_UNIT' });
    const t = await ticket(h, r.ticketId);
    expect(t.leadUnit).toBeNull();
    expect(t.allowedActions.map((a: { type: string }) => a.type)).toContain('dispatch');
  });
});

describe(`dispatch by the catalogue (${dbKind()})`, () => {
  const [communityA1, communityA2] = [0, 1];

  it('sends a department matter to the department named by the catalogue', async () => {
    const r = await intake(h, { categoryId: ref.categoryId('URB.PROP.FEE'), triage: { action: 'dispatch' } });
    expect(r.state).toBe('dispatched');
    expect(r.routing).toMatchObject({ leadUnitId: ref.unitId('DEPT-ZJW'), fallback: false, reasonCode: 'CATALOG_UNIT' });
    const t = await ticket(h, r.ticketId);
    expect(t.leadUnit.id).toBe(ref.unitId('DEPT-ZJW'));
    expect(t.fallback).toBe(false);
    expect(t.events[1].data.reason).toBe(r.routing!.reason);
    // The department's handler has it in the inbox; a street does not.
    const inbox = await api(h, 'zjw', 'GET', '/api/tickets?state=dispatched&limit=200');
    expect(inbox.body.items.map((x: { id: number }) => x.id)).toContain(r.ticketId);
    expect((await api(h, 'street', 'GET', `/api/tickets/${r.ticketId}`)).status).toBe(404);
  });

  it('sends a territorial matter to the street of the community (and records the street)', async () => {
    const community = ref.communities(STREET_B)[0]!;
    const r = await intake(h, { categoryId: ref.categoryId('URB.PROP.ELEVATOR'), communityCode: community, triage: { action: 'dispatch' } });
    expect(r.routing).toMatchObject({ leadUnitId: ref.unitId(`ST-${STREET_B}`), reasonCode: 'CATALOG_STREET_OF_PLACE', fallback: false });
    const t = await ticket(h, r.ticketId);
    expect(t.street.code).toBe(STREET_B);
    expect(t.community.code).toBe(community);
    expect(t.leadUnit.id).toBe(ref.unitId(`ST-${STREET_B}`));
  });

  it('prefers a community entry over a street entry over the district-wide one', async () => {
    const cat = ref.categoryId('CITY.STREET.VENDOR');
    const [c1, c2] = [ref.communities(STREET_A)[communityA1]!, ref.communities(STREET_A)[communityA2]!];
    const cb = ref.communities(STREET_B)[1]!;
    await h.ctx.database.db.insert(dispatchCatalog).values([
      {
        districtCode: h.ctx.districtCode,
        categoryId: cat,
        divisionCode: c1,
        unitId: ref.unitId('DEPT-CGZF'),
        coUnitIds: [ref.unitId('DEPT-SCJG')],
        note: '社区专项',
      },
      { districtCode: h.ctx.districtCode, categoryId: cat, divisionCode: STREET_B, unitId: ref.unitId('DEPT-CGW'), note: '街道专项' },
    ]);
    h.ctx.reference.invalidate();

    const inCommunity = await intake(h, { categoryId: cat, communityCode: c1, triage: { action: 'dispatch' } });
    expect(inCommunity.routing).toMatchObject({
      leadUnitId: ref.unitId('DEPT-CGZF'),
      coUnitIds: [ref.unitId('DEPT-SCJG')],
      reasonCode: 'CATALOG_UNIT',
    });
    const t = await ticket(h, inCommunity.ticketId);
    expect(t.coUnits.map((u: { id: number }) => u.id)).toEqual([ref.unitId('DEPT-SCJG')]);

    const inStreetB = await intake(h, { categoryId: cat, communityCode: cb, triage: { action: 'dispatch' } });
    expect(inStreetB.routing).toMatchObject({ leadUnitId: ref.unitId('DEPT-CGW'), coUnitIds: [], reasonCode: 'CATALOG_UNIT' });

    const elsewhere = await intake(h, { categoryId: cat, communityCode: c2, triage: { action: 'dispatch' } });
    expect(elsewhere.routing).toMatchObject({ leadUnitId: ref.unitId(`ST-${STREET_A}`), reasonCode: 'CATALOG_STREET_OF_PLACE' });
  });

  it('falls back to the district government without a category', async () => {
    const r = await intake(h, { categoryId: null, triage: { action: 'dispatch' } });
    const gov = ref.unitId('GOV-110109');
    expect(r.routing).toMatchObject({ leadUnitId: gov, fallback: true, reasonCode: 'FALLBACK_NO_CATEGORY' });
    const t = await ticket(h, r.ticketId);
    expect(t).toMatchObject({ fallback: true, leadUnit: { id: gov } });
    expect(t.events[1].data).toMatchObject({ leadUnitId: gov, fallback: true });
    const inbox = await api(h, 'gov', 'GET', '/api/tickets?state=dispatched&limit=200');
    expect(inbox.body.items.map((x: { id: number }) => x.id)).toContain(r.ticketId);
  });

  it('falls back to the district government for a territorial category without a place', async () => {
    const r = await intake(h, { categoryId: ref.categoryId('URB.PROP.ELEVATOR'), triage: { action: 'dispatch' } });
    expect(r.routing).toMatchObject({ leadUnitId: ref.unitId('GOV-110109'), fallback: true, reasonCode: 'FALLBACK_PLACE_UNKNOWN' });
    expect((await ticket(h, r.ticketId)).fallback).toBe(true);
  });

  it('rejects a category that does not exist (422) and creates nothing', async () => {
    const before = await totalTickets();
    const r = await post({ categoryId: 987_654, triage: { action: 'dispatch' } });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('INTAKE.UNKNOWN_CATEGORY');
    expect(await totalTickets()).toBe(before);
  });

  it('dispatches to a lead and co-handlers named by the operator', async () => {
    const [cgw, zjw, stA] = [ref.unitId('DEPT-CGW'), ref.unitId('DEPT-ZJW'), ref.unitId(`ST-${STREET_A}`)];
    const r = await intake(h, {
      categoryId: ref.categoryId('URB.PROP.ELEVATOR'),
      communityCode: ref.communities(STREET_A)[0],
      triage: { action: 'dispatch', leadUnitId: cgw, coUnitIds: [zjw, stA] },
    });
    expect(r.state).toBe('dispatched');
    const t = await ticket(h, r.ticketId);
    expect(t.leadUnit.id).toBe(cgw);
    expect(t.coUnits.map((u: { id: number }) => u.id)).toEqual([zjw, stA]);
    expect(t.fallback).toBe(false);
    expect(t.events[1].data).toMatchObject({ leadUnitId: cgw, coUnitIds: [zjw, stA], reason: '话务员指定' });
    // Co-handlers see it and may report back, but may not sign for it (首接负责: only the lead signs).
    const asCo = await api(h, 'zjw', 'GET', `/api/tickets/${r.ticketId}`);
    expect(asCo.status).toBe(200);
    expect(asCo.body.allowedActions.map((a: { type: string }) => a.type)).toEqual(['coReply']);
    expect((await api(h, 'street', 'POST', `/api/tickets/${r.ticketId}/actions/sign`, { note: '' })).status).toBe(403);
    await act(h, 'zjw', r.ticketId, 'coReply', { note: '已配合核查' });
  });

  it('rejects a lead that is also a co-handler, or an unknown unit, and creates nothing', async () => {
    const before = await totalTickets();
    const cgw = ref.unitId('DEPT-CGW');
    const dup = await post({ triage: { action: 'dispatch', leadUnitId: cgw, coUnitIds: [cgw] } });
    expect(dup.status).toBe(422);
    expect(dup.body.error.code).toBe('WORKFLOW.INVALID_INPUT');
    const unknown = await post({ triage: { action: 'dispatch', leadUnitId: 99_999 } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.code).toBe('UNIT.UNKNOWN');
    const centre = await post({ triage: { action: 'dispatch', leadUnitId: ref.unitId('CENTRE-110109') } });
    expect(centre.status).toBe(422);
    expect(centre.body.error.code).toBe('UNIT.NOT_HANDLING');
    expect(await totalTickets()).toBe(before);
  });
});

describe(`repeat requests (${dbKind()})`, () => {
  it('lists an open request with the same phone, category and community, and links a repeat to it', async () => {
    const phone = freshPhone();
    const cat = ref.categoryId('URB.PROP.SERVICE');
    const community = ref.communities(STREET_A)[2]!;
    const first = await intake(h, {
      categoryId: cat,
      communityCode: community,
      requesterPhone: phone,
      content: '物业不管楼道卫生',
      triage: { action: 'dispatch' },
    });
    expect(first.repeatCandidates).toEqual([]);

    // The same caller again, phone written with the country code: the operator sees the first call.
    h.clock.advance(2 * HOUR);
    const second = await intake(h, {
      categoryId: cat,
      communityCode: community,
      requesterPhone: `+86 ${phone}`,
      content: '物业还是不管楼道卫生',
      triage: { action: 'linkRepeat', originalId: first.ticketId },
    });
    expect(second.repeatCandidates).toEqual([{ id: first.ticketId, number: first.number, state: 'dispatched' }]);
    expect(second.state).toBe('closed');

    const t = await ticket(h, second.ticketId);
    expect(t).toMatchObject({ outcome: 'repeat_linked', repeatOfId: first.ticketId, leadUnit: null });
    const link = t.events.find((e: { type: string }) => e.type === 'linkRepeat');
    const original = await ticket(h, first.ticketId);
    expect(link.data).toMatchObject({ originalId: first.ticketId, originalNumber: first.number });
    // The caller is answered with the original's progress: its number, state, unit and reply deadline.
    // The deadline is shown as the day it ends on (a deadline at 24:00 is stored as the next 00:00).
    const replyDue = new Date(Date.parse(original.deadlines.reply.dueAt) - 1).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    expect(link.data.progress).toBe(`原工单 ${first.number} 正在办理（状态：已派单待签收，承办单位：${original.leadUnit.name}，办理时限 ${replyDue}）`);

    // Another community, or another category, is not a repeat.
    const other = await intake(h, { categoryId: cat, communityCode: ref.communities(STREET_A)[3], requesterPhone: phone, triage: { action: 'none' } });
    expect(other.repeatCandidates).toEqual([]);
    const otherCat = await intake(h, {
      categoryId: ref.categoryId('URB.PROP.FACILITY'),
      communityCode: community,
      requesterPhone: phone,
      triage: { action: 'none' },
    });
    expect(otherCat.repeatCandidates).toEqual([]);
  });

  it('refuses to link to a closed or unknown ticket (422) and creates nothing', async () => {
    const closed = await intake(h, { triage: { action: 'closeSpecial', route: 'petition' } });
    const accepted = await intake(h, { triage: { action: 'none' } });
    const before = await totalTickets();
    const toClosed = await post({ triage: { action: 'linkRepeat', originalId: closed.ticketId } });
    expect(toClosed.status).toBe(422);
    expect(toClosed.body.error.code).toBe('INTAKE.ORIGINAL_NOT_OPEN');
    const toAccepted = await post({ triage: { action: 'linkRepeat', originalId: accepted.ticketId } });
    expect(toAccepted.status).toBe(422);
    expect(toAccepted.body.error.code).toBe('INTAKE.ORIGINAL_NOT_OPEN');
    const toNothing = await post({ triage: { action: 'linkRepeat', originalId: 987_654 } });
    expect(toNothing.status).toBe(422);
    expect(toNothing.body.error.code).toBe('INTAKE.UNKNOWN_ORIGINAL');
    expect(await totalTickets()).toBe(before);
  });
});

describe(`idempotent intake (${dbKind()})`, () => {
  it('answers a retry with the same key and body with the stored ticket', async () => {
    const body = { content: '幂等重试-A 路灯不亮', categoryId: ref.categoryId('URB.PROP.FEE'), triage: { action: 'dispatch' } };
    const headers = { 'idempotency-key': 'intake-retry-0001' };
    const a = await post(body, headers);
    const b = await post(body, headers);
    expect(a.status).toBe(201);
    expect(b.status).toBe(200);
    expect(b.body.ticketId).toBe(a.body.ticketId);
    expect(b.body).toEqual(a.body);
    expect(await countWith('幂等重试-A')).toBe(1);
  });

  it('refuses the same key with a different body (422) and creates nothing more', async () => {
    const headers = { 'idempotency-key': 'intake-retry-0002' };
    const a = await post({ content: '幂等重试-B 第一次' }, headers);
    expect(a.status).toBe(201);
    const b = await post({ content: '幂等重试-B 第二次，内容不同' }, headers);
    expect(b.status).toBe(422);
    expect(b.body.error.code).toBe('IDEMPOTENCY.KEY_REUSED');
    expect(await countWith('幂等重试-B')).toBe(1);
  });

  it('keeps keys per user: another operator may use the same key', async () => {
    const headers = { 'idempotency-key': 'intake-retry-0003' };
    const a = await post({ content: '幂等重试-C' }, headers, 'operator');
    const b = await post({ content: '幂等重试-C' }, headers, 'supervisor');
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body.ticketId).not.toBe(a.body.ticketId);
  });

  it('creates exactly one ticket for ten concurrent requests with one key', async () => {
    const body = { content: '幂等并发-D 井盖缺失', categoryId: ref.categoryId('URB.PROP.FEE'), requesterPhone: freshPhone(), triage: { action: 'dispatch' } };
    const headers = { 'idempotency-key': 'intake-concurrent-0004' };
    const answers = await Promise.all(Array.from({ length: 10 }, () => post(body, headers)));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    const ids = new Set(answers.map((r) => r.body.ticketId));
    expect(ids.size).toBe(1);
    expect(await countWith('幂等并发-D')).toBe(1);
    const t = await ticket(h, [...ids][0]);
    expect(t.events.map((e: { type: string }) => e.type)).toEqual(['accept', 'dispatch']);
  });
});

describe(`time limits at intake (${dbKind()})`, () => {
  it('gives an emergency natural-hour limits even on a holiday night', async () => {
    // Saturday 2026-04-04 22:00, the first day of the Qingming holiday (Apr 4–6).
    h.clock.set('2026-04-04T22:00:00+08:00');
    const cat = ref.categoryId('URB.PROP.FEE'); // a "general" category; the urgency overrides it
    const emergency = await intake(h, { categoryId: cat, urgency: 'emergency', triage: { action: 'dispatch' } });
    const e = await ticket(h, emergency.ticketId);
    expect(e.timeLimitClass).toBe('emergency');
    expect(e.dispatchedAt).toBe('2026-04-04T14:00:00.000Z');
    expect(e.deadlines).toEqual({
      sign: { startedAt: '2026-04-04T14:00:00.000Z', dueAt: new Date('2026-04-04T23:00:00+08:00').toISOString(), unit: 'natural_hours', overdue: false },
      contact: { startedAt: '2026-04-04T14:00:00.000Z', dueAt: new Date('2026-04-04T23:00:00+08:00').toISOString(), unit: 'natural_hours', overdue: false },
      // 2 natural hours after dispatch.
      reply: { startedAt: '2026-04-04T14:00:00.000Z', dueAt: new Date('2026-04-05T00:00:00+08:00').toISOString(), unit: 'natural_hours', overdue: false },
    });

    // The same request without urgency runs on working days from the database calendar:
    // Apr 4–6 are holidays, so 1 working day = Tue Apr 7 whole day → Wed 00:00, and 7 working days =
    // Apr 7, 8, 9, 10, 13, 14, 15 → Thu Apr 16 00:00.
    const normal = await intake(h, { categoryId: cat, triage: { action: 'dispatch' } });
    const n = await ticket(h, normal.ticketId);
    expect(n.timeLimitClass).toBe('general');
    expect(n.deadlines.sign.dueAt).toBe(new Date('2026-04-05T00:00:00+08:00').toISOString());
    expect(n.deadlines.contact.dueAt).toBe(new Date('2026-04-08T00:00:00+08:00').toISOString());
    expect(n.deadlines.reply.dueAt).toBe(new Date('2026-04-16T00:00:00+08:00').toISOString());
    expect(n.replyDueAt).toBe(n.deadlines.reply.dueAt);
  });
});
