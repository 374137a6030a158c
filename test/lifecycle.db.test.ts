/**
 * The whole life of a hotline request through the API on a real database: intake → dispatch → sign →
 * contact → progress → reply → callback → close, and the month's assessment shows it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, dbKind, type Harness } from './support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

const HOUR = 3600_000;

async function categoryId(code: string): Promise<number> {
  const r = await h.api('operator', 'GET', '/api/categories');
  return r.body.items.find((c: { code: string }) => c.code === code).id;
}

describe(`ticket lifecycle over HTTP (${dbKind()})`, () => {
  it('drives a complaint from intake to a satisfied callback and counts it in the assessment', async () => {
    const cat = await categoryId('CITY.NOISE.RESIDENTIAL');
    const divisions = (await h.api('operator', 'GET', '/api/divisions')).body.items;
    const community = divisions.find((d: { level: string }) => d.level === 'community');
    const created = await h.api('operator', 'POST', '/api/tickets', {
      requestType: 'complaint',
      channel: 'phone',
      categoryId: cat,
      content: '楼上每天深夜装修噪音扰民，影响休息',
      communityCode: community.code,
      address: '某小区3号楼',
      requesterName: '张三',
      requesterPhone: '13812341234',
      triage: { action: 'dispatch' },
    });
    expect(created.status).toBe(201);
    expect(created.body.state).toBe('dispatched');
    expect(created.body.routing.reasonCode).toBe('CATALOG_STREET_OF_PLACE');
    const id = created.body.ticketId;
    const streetUnit = created.body.routing.leadUnitId;

    // The centre sees it with masked personal data.
    const seen = await h.api('supervisor', 'GET', `/api/tickets/${id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.requester).toEqual({ name: '张*', phone: '138****1234', masked: true });
    expect(JSON.stringify(seen.body)).not.toContain('13812341234');

    // A handler of the street: sign in as that unit's handler account.
    const unitCode = (await h.api('operator', 'GET', '/api/units')).body.items.find((u: { id: number }) => u.id === streetUnit).code;
    const handler = `h.${unitCode.toLowerCase()}`;
    const inbox = await h.api(handler, 'GET', '/api/tickets?state=dispatched');
    expect(inbox.body.items.map((t: { id: number }) => t.id)).toContain(id);
    const detail = await h.api(handler, 'GET', `/api/tickets/${id}`);
    expect(detail.body.allowedActions.map((a: { type: string }) => a.type)).toEqual(expect.arrayContaining(['sign', 'object']));

    // Another unit cannot see it at all.
    expect((await h.api('cgw', 'GET', `/api/tickets/${id}`)).status).toBe(404);
    expect((await h.api('cgw', 'POST', `/api/tickets/${id}/actions/sign`, { note: '' })).status).toBe(404);

    h.clock.advance(1 * HOUR);
    expect((await h.api(handler, 'POST', `/api/tickets/${id}/actions/sign`, { note: '已签收' })).body.state).toBe('signed');
    h.clock.advance(2 * HOUR);
    expect((await h.api(handler, 'POST', `/api/tickets/${id}/actions/contact`, { method: 'phone', note: '已电话联系' })).body.state).toBe('handling');
    expect((await h.api(handler, 'POST', `/api/tickets/${id}/actions/progress`, { note: '已约谈装修方' })).status).toBe(200);
    // The reveal is allowed to the handling unit and recorded.
    const reveal = await h.api(handler, 'POST', `/api/tickets/${id}/reveal`, { reason: '回电联系诉求人' });
    expect(reveal.body).toMatchObject({ name: '张三', phone: '13812341234' });
    expect((await h.api('cgw', 'POST', `/api/tickets/${id}/reveal`, { reason: '好奇' })).status).toBe(404);
    h.clock.advance(24 * HOUR);
    const replied = await h.api(handler, 'POST', `/api/tickets/${id}/actions/reply`, { text: '已协调装修方夜间停工' });
    expect(replied.body).toMatchObject({ state: 'replied' });

    // The callback agent records a satisfied callback: the ticket closes.
    h.clock.advance(4 * HOUR);
    const cb = await h.api('callback', 'POST', `/api/tickets/${id}/actions/callback`, {
      valid: true,
      contacted: true,
      resolved: true,
      satisfaction: 'satisfied',
      note: '',
    });
    expect(cb.status).toBe(200);
    expect(cb.body).toMatchObject({ state: 'closed', events: ['callback', 'close'] });

    const final = await h.api('supervisor', 'GET', `/api/tickets/${id}`);
    expect(final.body.outcome).toBe('completed');
    expect(final.body.events.map((e: { type: string }) => e.type)).toEqual(['accept', 'dispatch', 'sign', 'contact', 'progress', 'reply', 'callback', 'close']);

    const month = '2026-03';
    const ranking = await h.api('supervisor', 'GET', `/api/assessment/rankings?month=${month}`);
    expect(ranking.status).toBe(200);
    const streets = ranking.body.groups.find((g: { unitType: string }) => g.unitType === 'street');
    const row = streets.rows.find((r: { unitId: number }) => r.unitId === streetUnit);
    expect(row).toMatchObject({ rank: 1, responseRate: 1, resolutionRate: 1, satisfactionRate: 1, composite: 100 });
    expect(row.counts).toMatchObject({ validCallbacks: 1, dispatched: 1, signedOnTime: 1, replied: 1, repliedOnTime: 1 });
  });
});
