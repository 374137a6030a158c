/**
 * 台账 over HTTP on a real database: a ledger's rules (source, category subtree, place, keywords) pick
 * tickets from all sources; hand additions and recorded removals; live status; keyset paging; scoping of
 * items like tickets; summaries by day/week/month; and an Excel export read back with exceljs.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, dbKind, type Harness } from './support/harness.ts';
import { api, intake, loadRef, STREET_A, STREET_B, type Ref } from './support/ticket-flow.ts';

let h: Harness;
let ref: Ref;
beforeAll(async () => {
  h = await createHarness();
  ref = await loadRef(h);
});
afterAll(async () => {
  await h?.close();
});

describe(`ledgers (${dbKind()})`, () => {
  let ledgerId: number;
  let a: number;
  let b: number;
  let c: number;
  let aNumber: string;

  it('creates a ledger with rules; only centre supervisors and admins may', async () => {
    const street = ref.unitId(`ST-${STREET_A}`);
    const t1 = await intake(h, { content: '创城 小区垃圾分类桶破损', triage: { action: 'dispatch', leadUnitId: street } });
    const t2 = await intake(h, { content: '创城 路灯不亮', triage: { action: 'dispatch', leadUnitId: street } });
    const t3 = await intake(h, { content: '噪音扰民', triage: { action: 'dispatch', leadUnitId: street } });
    a = t1.ticketId;
    b = t2.ticketId;
    c = t3.ticketId;
    aNumber = t1.number;
    const body = { name: '创城专项台账', description: '创建文明城区', rules: { keywords: ['创城', ' '], sources: ['hotline'] } };
    expect((await api(h, 'operator', 'POST', '/api/ledgers', body)).status).toBe(403);
    const r = await api(h, 'supervisor', 'POST', '/api/ledgers', body);
    expect(r.status).toBe(201);
    expect(r.body.rules).toEqual({ keywords: ['创城'], sources: ['hotline'] });
    ledgerId = r.body.id;
    expect((await api(h, 'operator', 'GET', '/api/ledgers')).body.items.map((l: { id: number }) => l.id)).toContain(ledgerId);
    const bad = await api(h, 'supervisor', 'POST', '/api/ledgers', { name: 'x', rules: { categoryIds: [999_999] } });
    expect(bad.body.error.code).toBe('LEDGER.UNKNOWN_CATEGORY');
  });

  it('members are rule matches plus hand additions minus recorded removals', async () => {
    const ids = async () =>
      (await api(h, 'supervisor', 'GET', `/api/ledgers/${ledgerId}/items?limit=500`)).body.items.map((i: { ticketId: number }) => i.ticketId);
    expect(await ids()).toEqual([a, b]);
    const unknown = await api(h, 'supervisor', 'POST', `/api/ledgers/${ledgerId}/items`, { ticketIds: [c], numbers: ['NOPE-1'] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details.numbers).toEqual(['NOPE-1']);
    expect(await ids()).toEqual([a, b]);
    expect((await api(h, 'supervisor', 'POST', `/api/ledgers/${ledgerId}/items`, { ticketIds: [c], reason: '同类问题' })).body).toEqual({ added: 1 });
    expect(await ids()).toEqual([a, b, c]);
    expect((await api(h, 'operator', 'DELETE', `/api/ledgers/${ledgerId}/items/${a}`)).status).toBe(403);
    expect((await api(h, 'supervisor', 'DELETE', `/api/ledgers/${ledgerId}/items/${a}?reason=${encodeURIComponent('不属于创城')}`)).body).toEqual({
      removed: true,
    });
    expect(await ids()).toEqual([b, c]);
    // Added back by number.
    expect((await api(h, 'supervisor', 'POST', `/api/ledgers/${ledgerId}/items`, { numbers: [aNumber] })).body).toEqual({ added: 1 });
    expect(await ids()).toEqual([a, b, c]);
  });

  it('pages by keyset and shows the officials’ columns in Chinese', async () => {
    const p1 = await api(h, 'supervisor', 'GET', `/api/ledgers/${ledgerId}/items?limit=2`);
    expect(p1.body.items).toHaveLength(2);
    expect(p1.body.nextAfter).toBe(b);
    expect(p1.body.items[0]).toMatchObject({ ticketId: a, sourceLabel: '12345热线', stateLabel: '已派单待签收', leadUnit: expect.any(String), overdue: false });
    // a was re-added by hand, b is a rule match only.
    expect(p1.body.items.map((i: { manual: boolean }) => i.manual)).toEqual([true, false]);
    const p2 = await api(h, 'supervisor', 'GET', `/api/ledgers/${ledgerId}/items?limit=2&after=${b}`);
    expect(p2.body.items.map((i: { ticketId: number }) => i.ticketId)).toEqual([c]);
    expect(p2.body.nextAfter).toBeNull();
  });

  it('shows live status, scoped like tickets', async () => {
    const r = await api(h, 'supervisor', 'GET', `/api/ledgers/${ledgerId}`);
    expect(r.status).toBe(200);
    expect(r.body.status).toMatchObject({ total: 3, byState: { dispatched: 3 }, overdue: 0, closed: 0, satisfied: 0 });
    h.clock.advance(30 * 24 * 3600_000);
    expect((await api(h, 'supervisor', 'GET', `/api/ledgers/${ledgerId}`)).body.status.overdue).toBe(3);
    const items = (await api(h, 'supervisor', 'GET', `/api/ledgers/${ledgerId}/items`)).body.items;
    expect(items.map((i: { overdue: boolean }) => i.overdue)).toEqual([true, true, true]);
    const other = await api(h, 'cgw', 'GET', `/api/ledgers/${ledgerId}`);
    expect(other.body.status.total).toBe(0);
    expect((await api(h, 'supervisor', 'GET', '/api/ledgers/999999')).status).toBe(404);
  });

  it('summarises a day, a week and a month (Asia/Shanghai)', async () => {
    const day = await api(h, 'supervisor', 'GET', `/api/ledgers/${ledgerId}/summary?period=day&date=2026-03-02`);
    expect(day.body).toMatchObject({ period: 'day', from: '2026-03-01T16:00:00.000Z', to: '2026-03-02T16:00:00.000Z', created: 3, closed: 0 });
    const week = await api(h, 'supervisor', 'GET', `/api/ledgers/${ledgerId}/summary?period=week&date=2026-03-04`);
    expect(week.body).toMatchObject({ from: '2026-03-01T16:00:00.000Z', to: '2026-03-08T16:00:00.000Z', created: 3 });
    const month = await api(h, 'supervisor', 'GET', `/api/ledgers/${ledgerId}/summary?period=month&date=2026-04-15`);
    expect(month.body).toMatchObject({ from: '2026-03-31T16:00:00.000Z', to: '2026-04-30T16:00:00.000Z', created: 0 });
    expect((await api(h, 'supervisor', 'GET', `/api/ledgers/${ledgerId}/summary?period=day&date=2026-02-30`)).status).toBe(400);
  });

  it('exports to Excel with Chinese headers and no personal data', async () => {
    const token = await h.token('supervisor');
    const r = await h.app.inject({ method: 'GET', url: `/api/ledgers/${ledgerId}/export.xlsx`, headers: { authorization: `Bearer ${token}` } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    const rows: string[][] = [];
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(r.rawPayload), {});
    for await (const sheet of reader) for await (const row of sheet) rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? '')));
    expect(rows[0]).toEqual(['编号', '来源', '内容', '地点', '分类', '承办单位', '时限', '状态', '办理结果', '是否满意']);
    expect(rows).toHaveLength(4);
    expect(rows[1]![0]).toBe(aNumber);
    expect(rows[1]![7]).toBe('已派单待签收');
    expect(r.rawPayload.toString('latin1')).not.toMatch(/139\d{8}/);
  });

  it('imports an .xlsx with a 编号 column into another ledger: all or nothing, unknown numbers reported by row', async () => {
    const other = (await api(h, 'supervisor', 'POST', '/api/ledgers', { name: '民生实事台账', rules: {} })).body.id as number;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('导入');
    ws.addRow(['编号', '备注']);
    ws.addRow([aNumber, '']);
    ws.addRow(['NO-SUCH', '']);
    const bad = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    const r1 = await api(h, 'supervisor', 'POST', `/api/ledgers/${other}/import`, { contentBase64: bad });
    expect(r1.status).toBe(422);
    expect(r1.body.error.details.rows).toEqual([{ row: 3, number: 'NO-SUCH', reason: 'unknown number' }]);
    expect((await api(h, 'supervisor', 'GET', `/api/ledgers/${other}`)).body.status.total).toBe(0);
    ws.spliceRows(3, 1);
    const good = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    expect((await api(h, 'operator', 'POST', `/api/ledgers/${other}/import`, { contentBase64: good })).status).toBe(403);
    expect((await api(h, 'supervisor', 'POST', `/api/ledgers/${other}/import`, { contentBase64: good, reason: '导入' })).body).toEqual({ added: 1 });
    expect((await api(h, 'supervisor', 'GET', `/api/ledgers/${other}`)).body.status.total).toBe(1);
    const junk = await api(h, 'supervisor', 'POST', `/api/ledgers/${other}/import`, { contentBase64: Buffer.from('not a workbook').toString('base64') });
    expect(junk.body.error.code).toBe('LEDGER.IMPORT_UNREADABLE');
  });

  it('a place rule takes any chosen street or any chosen community', async () => {
    const [a1, a2] = ref.communities(STREET_A);
    const [b1] = ref.communities(STREET_B);
    const inA1 = (await intake(h, { content: '地点规则 A1', communityCode: a1, triage: { action: 'none' } })).ticketId;
    const inA2 = (await intake(h, { content: '地点规则 A2', communityCode: a2, triage: { action: 'none' } })).ticketId;
    const inB1 = (await intake(h, { content: '地点规则 B1', communityCode: b1, triage: { action: 'none' } })).ticketId;
    const rules = { streetCodes: [STREET_B], communityCodes: [a1!], keywords: ['地点规则'] };
    const id = (await api(h, 'supervisor', 'POST', '/api/ledgers', { name: '地点台账', rules })).body.id as number;
    const ids = (await api(h, 'supervisor', 'GET', `/api/ledgers/${id}/items`)).body.items.map((i: { ticketId: number }) => i.ticketId);
    expect(ids).toEqual([inA1, inB1]);
    expect(ids).not.toContain(inA2);
  });
});
