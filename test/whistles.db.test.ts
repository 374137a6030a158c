/**
 * 吹哨报到 over HTTP on a real database: a street blows the whistle from a hotline ticket (linked both
 * ways), departments report in on time and late, co-handle through the engine, the street rates them and
 * the matter closes; scoping of lists; and the month's double assessment against hand-computed figures.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whistleAssessment } from '../src/modules/whistles/whistles.service.ts';
import { queryRows } from '../src/platform/db/client.ts';
import { createHarness, dbKind, type Harness } from './support/harness.ts';
import { act, api, intake, loadRef, MINUTE, STREET_A, type Ref } from './support/ticket-flow.ts';

let h: Harness;
let ref: Ref;
let street: number;
let cgw: number;
let zjw: number;
beforeAll(async () => {
  h = await createHarness();
  ref = await loadRef(h);
  street = ref.unitId(`ST-${STREET_A}`);
  cgw = ref.unitId('DEPT-CGW');
  zjw = ref.unitId('DEPT-ZJW');
});
afterAll(async () => {
  await h?.close();
});

const blow = (body: Record<string, unknown>, user = 'street') =>
  api(h, user, 'POST', '/api/whistles', {
    title: '占道经营联合执法',
    content: '早市占道经营，街道无法单独解决',
    place: '大峪街道 新桥大街',
    reportLimitMinutes: 30,
    ...body,
  });

describe(`whistle and report-in (${dbKind()})`, () => {
  let source: number;
  let w1: number;
  let w2: number;

  it('a street blows the whistle from a hotline ticket; the whistle ticket is led by the street with the departments co-handling', async () => {
    const t = await intake(h, { requestType: 'complaint', content: '早市占道经营 扰民', triage: { action: 'dispatch', leadUnitId: street } });
    source = t.ticketId;
    const r = await blow({ departmentUnitIds: [cgw, zjw], sourceTicketId: source });
    expect(r.body).toMatchObject({ number: expect.any(String) });
    expect(r.status).toBe(201);
    w1 = r.body.ticketId;
    const ticket = await api(h, 'street', 'GET', `/api/tickets/${w1}`);
    expect(ticket.status).toBe(200);
    // The street leads the matter it raised: dispatched to itself and signed at once (首接负责).
    expect(ticket.body).toMatchObject({ kind: 'whistle', state: 'signed' });
    expect(ticket.body.events.map((e: { type: string }) => e.type)).toEqual(['accept', 'dispatch', 'sign']);
    const d = await api(h, 'street', 'GET', `/api/whistles/${w1}`);
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ state: 'signed', streetUnitId: street, sourceTicketId: source, reportLimitMinutes: 30, closedAt: null });
    expect(d.body.source.ticketId).toBe(source);
    expect(d.body.reports.map((x: { unitId: number }) => x.unitId).sort()).toEqual([cgw, zjw].sort());
    expect(d.body.reports[0].dueAt).toBe(new Date(h.clock.now().getTime() + 30 * MINUTE).toISOString());
    const back = await api(h, 'street', 'GET', `/api/whistles/by-source/${source}`);
    expect(back.body.items).toEqual([{ ticketId: w1, number: d.body.number }]);
  });

  it('refuses whistles from departments and summons of unknown or non-handling units, changing nothing', async () => {
    expect((await blow({ departmentUnitIds: [zjw] }, 'cgw')).status).toBe(403);
    expect((await blow({ departmentUnitIds: [999_999] })).body.error.code).toBe('WHISTLE.UNKNOWN_UNIT');
    expect((await blow({ departmentUnitIds: [street] })).body.error.code).toBe('WHISTLE.UNIT_NOT_SUMMONABLE');
    expect((await blow({ departmentUnitIds: [cgw], sourceTicketId: 999_999 })).status).toBe(404);
    expect((await api(h, 'supervisor', 'GET', '/api/whistles')).body.items).toHaveLength(1);
  });

  it('departments report in (on time, late), once only; co-handle through the engine', async () => {
    h.clock.advance(20 * MINUTE);
    const on = await api(h, 'cgw', 'POST', `/api/whistles/${w1}/report-in`, { reporterName: '城管执法队 3人', place: '新桥大街口', note: '已到场' });
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ unitId: cgw, onTime: true, reporterName: '城管执法队 3人' });
    expect((await api(h, 'cgw', 'POST', `/api/whistles/${w1}/report-in`, { reporterName: 'x', place: '', note: '' })).body.error.code).toBe(
      'WHISTLE.ALREADY_REPORTED',
    );
    expect((await api(h, 'street', 'POST', `/api/whistles/${w1}/report-in`, { reporterName: 'x', place: '', note: '' })).status).toBe(403);
    expect((await api(h, 'h.st-110109002', 'POST', `/api/whistles/${w1}/report-in`, { reporterName: 'x', place: '', note: '' })).status).toBe(404);
    h.clock.advance(20 * MINUTE);
    const late = await api(h, 'zjw', 'POST', `/api/whistles/${w1}/report-in`, { reporterName: '住建委 2人', place: '现场', note: '' });
    expect(late.body).toMatchObject({ unitId: zjw, onTime: false });
    const co = await act(h, 'cgw', w1, 'coReply', { note: '已清理占道摊位' });
    expect(co.events).toEqual(['coReply']);
  });

  it('the street rates each department; the matter closes when all are rated', async () => {
    expect((await api(h, 'cgw', 'POST', `/api/whistles/${w1}/ratings`, { ratings: [{ unitId: cgw, score: 5 }] })).status).toBe(403);
    expect((await api(h, 'street', 'POST', `/api/whistles/${w1}/ratings`, { ratings: [{ unitId: street, score: 5 }] })).body.error.code).toBe(
      'WHISTLE.NOT_SUMMONED',
    );
    const first = await api(h, 'street', 'POST', `/api/whistles/${w1}/ratings`, { ratings: [{ unitId: cgw, score: 5, comment: '响应迅速' }] });
    expect(first.body).toEqual({ closed: false });
    const second = await api(h, 'street.leader', 'POST', `/api/whistles/${w1}/ratings`, { ratings: [{ unitId: zjw, score: 3 }] });
    expect(second.body).toEqual({ closed: true });
    expect((await api(h, 'street', 'POST', `/api/whistles/${w1}/ratings`, { ratings: [{ unitId: zjw, score: 4 }] })).body.error.code).toBe('WHISTLE.CLOSED');
    const d = await api(h, 'supervisor', 'GET', `/api/whistles/${w1}`);
    expect(d.body.state).toBe('closed');
    expect(d.body.reports.find((r: { unitId: number }) => r.unitId === cgw)).toMatchObject({ score: 5, comment: '响应迅速' });
    // Closed by the engine, not beside it: the street, as the whistle's initiator, concluded it with both ratings.
    const t = await api(h, 'supervisor', 'GET', `/api/tickets/${w1}`);
    expect(t.body.state).toBe('closed');
    const types = t.body.events.map((e: { type: string }) => e.type);
    expect(types[0]).toBe('accept');
    expect(types[1]).toBe('dispatch');
    expect(types.at(-1)).toBe('conclude');
    for (const e of [t.body.events[0], t.body.events[1], t.body.events.at(-1)]) expect(e.actor.unit.id).toBe(street);
  });

  it('lists are scoped: the street its whistles, a department those it is summoned to, the centre all', async () => {
    h.clock.advance(24 * 60 * MINUTE);
    const r = await blow({ title: '汛期积水', departmentUnitIds: [cgw], reportLimitMinutes: 240 });
    w2 = r.body.ticketId;
    const ids = async (user: string) => (await api(h, user, 'GET', '/api/whistles')).body.items.map((i: { ticketId: number }) => i.ticketId);
    expect(await ids('street')).toEqual([w2, w1]);
    expect(await ids('supervisor')).toEqual([w2, w1]);
    expect(await ids('cgw')).toEqual([w2, w1]);
    expect(await ids('zjw')).toEqual([w1]);
    expect(await ids('h.st-110109002')).toEqual([]);
    expect((await api(h, 'zjw', 'GET', `/api/whistles/${w2}`)).status).toBe(404);
    // CGW never reports in to w2; the street rates it anyway.
    h.clock.advance(300 * MINUTE);
    expect((await api(h, 'street', 'POST', `/api/whistles/${w2}/ratings`, { ratings: [{ unitId: cgw, score: 4 }] })).body).toEqual({ closed: true });
  });

  it('double assessment for the month against hand-computed figures', async () => {
    const a = await api(h, 'supervisor', 'GET', '/api/whistles/assessment?month=2026-03');
    expect(a.status).toBe(200);
    // CGW: summoned twice, on time once (w1 at 20 min; never in w2) → 0.5; rated 5 and 4 → 4.5.
    // ZJW: summoned once, late (40 min > 30) → 0; rated 3.
    expect(a.body.departments).toEqual(
      [
        { unitId: cgw, unitName: expect.any(String), summons: 2, reportedOnTime: 1, onTimeRate: 0.5, ratings: 2, averageRating: 4.5 },
        { unitId: zjw, unitName: expect.any(String), summons: 1, reportedOnTime: 0, onTimeRate: 0, ratings: 1, averageRating: 3 },
      ].sort((x, y) => x.unitId - y.unitId),
    );
    expect(a.body.streets).toEqual([{ unitId: street, unitName: expect.any(String), whistles: 2, triggeredBySourceTickets: 1, sourceTicketIds: [source] }]);
    const other = await api(h, 'supervisor', 'GET', '/api/whistles/assessment?month=2026-04');
    expect(other.body).toEqual({ month: '2026-04', departments: [], streets: [] });
    expect((await api(h, 'supervisor', 'GET', '/api/whistles/assessment?month=2026-13')).status).toBe(400);
    // The same figures appear in the month's rankings, next to the three rates.
    const ranking = await api(h, 'street', 'GET', '/api/assessment/rankings?month=2026-03');
    expect(ranking.status).toBe(200);
    const rows = ranking.body.groups.flatMap((g: { rows: unknown[] }) => g.rows) as { unitId: number; whistle?: unknown }[];
    expect(rows.find((r) => r.unitId === cgw)!.whistle).toEqual({
      summoned: { summons: 2, reportedOnTime: 1, onTimeRate: 0.5, ratings: 2, averageRating: 4.5 },
    });
    expect(rows.find((r) => r.unitId === zjw)!.whistle).toEqual({ summoned: { summons: 1, reportedOnTime: 0, onTimeRate: 0, ratings: 1, averageRating: 3 } });
    expect(rows.find((r) => r.unitId === street)!.whistle).toEqual({ blown: { whistles: 2, triggeredBySourceTickets: 1, sourceTicketIds: [source] } });
    expect(rows.find((r) => r.unitId === ref.unitId('ST-110109002'))!.whistle).toBeUndefined();
    // The street's own whistles are not dispatches to it: only the hotline ticket counts in its operations.
    const streetRow = rows.find((r) => r.unitId === street) as unknown as { counts: { dispatched: number } };
    expect(streetRow.counts.dispatched).toBe(1);
  });

  it("the whistle rows carry their ticket's district (0015); another district's server counts none of them", async () => {
    const rows = await queryRows<{ t: string; d: string; td: string }>(
      h.ctx.database.db,
      sql`select 'w' as t, w.district_code as d, t.district_code as td from whistles w join tickets t on t.id = w.ticket_id
          union all select 'r', r.district_code, t.district_code from whistle_reports r join tickets t on t.id = r.whistle_ticket_id`,
    );
    expect(rows.filter((r) => r.t === 'w')).toHaveLength(2);
    expect(rows.filter((r) => r.t === 'r')).toHaveLength(3);
    for (const r of rows) expect(r.d).toBe(r.td);
    expect((await whistleAssessment(h.ctx, '2026-03')).departments).toHaveLength(2);
    expect(await whistleAssessment({ ...h.ctx, districtCode: '110108' }, '2026-03')).toEqual({ month: '2026-03', departments: [], streets: [] });
  });
});
