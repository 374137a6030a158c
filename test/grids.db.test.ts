/**
 * Grids and grid reports over HTTP on a real database: grid import validation (all or nothing), worker
 * assignment, a worker reports in their own grid (not in another's), and the report becomes a
 * `grid_report` ticket with source 'grid' dispatched by the catalogue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../src/engine/auth.ts';
import { send } from './support/api-surface.ts';
import { createHarness, dbKind, PASSWORD, type Harness } from './support/harness.ts';
import { multipartFile, pngImage } from './support/images.ts';
import { api, loadRef, STREET_A, STREET_B, type Ref } from './support/ticket-flow.ts';

let h: Harness;
let ref: Ref;
beforeAll(async () => {
  h = await createHarness();
  ref = await loadRef(h);
});
afterAll(async () => {
  await h?.close();
});

describe(`grids and grid reports (${dbKind()})`, () => {
  it('seeds demo grids of the first street assigned to the demo grid worker', async () => {
    const mine = await api(h, 'grid', 'GET', '/api/grids');
    expect(mine.status).toBe(200);
    expect(mine.body.items.length).toBeGreaterThan(0);
    for (const g of mine.body.items) expect(g.streetCode).toBe(STREET_A);
  });

  it('imports grids all or nothing, refusing communities outside the district', async () => {
    const [c1] = ref.communities(STREET_B);
    const before = (await api(h, 'admin', 'GET', '/api/grids')).body.items.length;
    const bad = await api(h, 'admin', 'POST', '/api/admin/grids', {
      grids: [
        { code: 'B-1', name: '一网格', communityCode: c1 },
        { code: 'B-2', name: '二网格', communityCode: '110105001001' },
      ],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('GRID.INVALID_ROWS');
    expect(bad.body.error.details.rejected).toHaveLength(1);
    expect((await api(h, 'admin', 'GET', '/api/grids')).body.items.length).toBe(before);
    expect((await api(h, 'street', 'POST', '/api/admin/grids', { grids: [{ code: 'B-1', name: 'x', communityCode: c1 }] })).status).toBe(403);
    const ok = await api(h, 'admin', 'POST', '/api/admin/grids', { grids: [{ code: 'B-1', name: '一网格', communityCode: c1 }] });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ imported: 1, assigned: 0 });
    const again = await api(h, 'admin', 'POST', '/api/admin/grids', { grids: [{ code: 'B-1', name: '一网格（改）', communityCode: c1 }] });
    expect(again.status).toBe(200);
    const all = (await api(h, 'admin', 'GET', '/api/grids')).body.items;
    expect(all.length).toBe(before + 1);
    expect(all.find((g: { code: string }) => g.code === 'B-1')).toMatchObject({ name: '一网格（改）', streetCode: STREET_B });
  });

  it('imports a grid file (GBK or UTF-8) with workers by username, all or nothing, with row numbers; workers can be removed', async () => {
    const [a1, a2] = ref.communities(STREET_A);
    const file = (text: string) => ({ fileBase64: Buffer.from(text).toString('base64') });
    const bad = await api(
      h,
      'admin',
      'POST',
      '/api/admin/grids',
      file(`网格编码,网格名称,社区编码,网格员账号\nF-1,一网格,${a1},grid\nF-2,二网格,${a2},street\nF-3,,${a1},`),
    );
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.rejected.map((r: { rowNumber: number }) => r.rowNumber)).toEqual([3, 4]);
    expect((await api(h, 'admin', 'GET', '/api/grids')).body.items.some((g: { code: string }) => g.code === 'F-1')).toBe(false);
    const ok = await api(h, 'admin', 'POST', '/api/admin/grids', file(`网格编码,网格名称,社区编码,网格员账号\nF-1,一网格,${a1},grid\nF-2,二网格,${a2},`));
    expect(ok.body).toEqual({ imported: 2, assigned: 1 });
    const f1 = (await api(h, 'admin', 'GET', '/api/grids')).body.items.find((g: { code: string }) => g.code === 'F-1');
    expect(f1.workers.map((w: { username: string }) => w.username)).toEqual(['grid']);
    expect((await api(h, 'grid', 'GET', '/api/grids')).body.items.map((g: { code: string }) => g.code)).toContain('F-1');
    const del = await api(h, 'admin', 'DELETE', `/api/admin/grids/F-1/workers/${f1.workers[0].userId}`);
    expect(del.status).toBe(204);
    expect((await api(h, 'grid', 'GET', '/api/grids')).body.items.map((g: { code: string }) => g.code)).not.toContain('F-1');
    expect((await api(h, 'admin', 'DELETE', `/api/admin/grids/F-1/workers/${f1.workers[0].userId}`)).status).toBe(404);
  });

  it('assigns only grid workers of the grid’s street', async () => {
    const users = (await api(h, 'admin', 'GET', '/api/admin/users')).body.items as { id: number; username: string }[];
    const grid = users.find((u) => u.username === 'grid')!;
    const street = users.find((u) => u.username === 'street')!;
    expect((await api(h, 'admin', 'POST', '/api/admin/grids/B-1/workers', { userIds: [grid.id] })).body.error.code).toBe('GRID.NOT_A_WORKER_OF_STREET');
    expect((await api(h, 'admin', 'POST', '/api/admin/grids/B-1/workers', { userIds: [street.id] })).body.error.code).toBe('GRID.NOT_A_WORKER_OF_STREET');
    expect((await api(h, 'admin', 'POST', '/api/admin/grids/NOPE/workers', { userIds: [grid.id] })).status).toBe(404);
  });

  it('a grid worker reports in their own grid: a grid_report ticket from the grid, dispatched by the catalogue', async () => {
    const mine = (await api(h, 'grid', 'GET', '/api/grids')).body.items;
    const r = await api(h, 'grid', 'POST', '/api/grid-reports', {
      gridCode: mine[0].code,
      categoryId: ref.categoryId('CITY.WASTE.SORTING'),
      description: '小区垃圾桶满溢',
      latitude: 39.94,
      longitude: 116.1,
    });
    expect(r.status).toBe(201);
    expect(r.body.state).toBe('dispatched');
    const t = await api(h, 'supervisor', 'GET', `/api/tickets/${r.body.ticketId}`);
    expect(t.body).toMatchObject({ kind: 'grid_report', source: 'grid', channel: 'grid', state: 'dispatched' });
    expect(t.body.leadUnit).not.toBeNull();
    const list = await api(h, 'grid', 'GET', '/api/grid-reports/mine');
    expect(list.status).toBe(200);
    expect(list.body.items[0]).toMatchObject({ ticketId: r.body.ticketId, gridCode: mine[0].code, latitude: 39.94, longitude: 116.1 });
  });

  it('refuses a report in a grid that is not the worker’s, and from users who are not grid workers', async () => {
    const body = { gridCode: 'B-1', categoryId: ref.categoryId('CITY.WASTE.SORTING'), description: '不是我的网格' };
    const r = await api(h, 'grid', 'POST', '/api/grid-reports', body);
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('GRID.NOT_YOUR_GRID');
    expect((await api(h, 'street', 'POST', '/api/grid-reports', body)).status).toBe(403);
    expect((await api(h, 'grid', 'GET', '/api/grid-reports/mine')).body.items).toHaveLength(1);
  });

  /** A photo uploaded by the grid worker, not yet attached. */
  async function photo(): Promise<number> {
    const { token } = await login(h.ctx, 'grid', PASSWORD);
    const r = await send(h, { method: 'POST', url: '/api/attachments', token, ...multipartFile(pngImage()) });
    expect(r.status).toBe(201);
    return r.body.id as number;
  }

  it('a report resolved on the spot closes at once, by the worker as initiator, with the before and after photos', async () => {
    const mine = (await api(h, 'grid', 'GET', '/api/grids')).body.items;
    const [before, after] = [await photo(), await photo()];
    const r = await api(h, 'grid', 'POST', '/api/grid-reports', {
      gridCode: mine[0].code,
      categoryId: ref.categoryId('CITY.WASTE.SORTING'),
      description: '楼道堆放杂物',
      attachmentIds: [before],
      resolvedOnSpot: true,
      afterAttachmentIds: [after],
      resolution: '已协调居民清理',
    });
    expect(r.status).toBe(201);
    expect(r.body.state).toBe('closed');
    const t = await api(h, 'supervisor', 'GET', `/api/tickets/${r.body.ticketId}`);
    expect(t.body).toMatchObject({ kind: 'grid_report', state: 'closed', leadUnit: null });
    // The worker's own facts: accepted and resolved by the grid worker (a street user), no stand-in operator.
    const users = (await api(h, 'admin', 'GET', '/api/admin/users')).body.items as { id: number; username: string }[];
    const gridUser = users.find((u) => u.username === 'grid')!;
    expect(t.body.events.map((e: { type: string }) => e.type)).toEqual(['accept', 'resolveOnSpot']);
    for (const e of t.body.events) expect(e.actor.userId).toBe(gridUser.id);
    const photos = await api(h, 'supervisor', 'GET', `/api/tickets/${r.body.ticketId}/attachments`);
    const byId = new Map(photos.body.items.map((a: { id: number; purpose: string }) => [a.id, a.purpose]));
    expect(byId.get(before)).toBe('request');
    expect(byId.get(after)).toBe('reply');
    const list = (await api(h, 'grid', 'GET', '/api/grid-reports/mine')).body.items;
    expect(list.find((x: { ticketId: number }) => x.ticketId === r.body.ticketId)).toMatchObject({ state: 'closed', resolvedOnSpot: true });
  });

  it('refuses an on-the-spot resolution without an after photo or a resolution, writing nothing', async () => {
    const mine = (await api(h, 'grid', 'GET', '/api/grids')).body.items;
    const count = (await api(h, 'grid', 'GET', '/api/grid-reports/mine')).body.items.length;
    const before = await photo();
    const base = { gridCode: mine[0].code, categoryId: ref.categoryId('CITY.WASTE.SORTING'), description: '井盖缺失', attachmentIds: [before] };
    const noPhoto = await api(h, 'grid', 'POST', '/api/grid-reports', { ...base, resolvedOnSpot: true, resolution: '已补装' });
    expect(noPhoto.status).toBe(400);
    const noWords = await api(h, 'grid', 'POST', '/api/grid-reports', { ...base, resolvedOnSpot: true, afterAttachmentIds: [await photo()], resolution: '  ' });
    expect(noWords.status).toBe(400);
    const sameTwice = await api(h, 'grid', 'POST', '/api/grid-reports', { ...base, resolvedOnSpot: true, afterAttachmentIds: [before], resolution: '已补装' });
    expect(sameTwice.status).toBe(400);
    const afterWithoutSpot = await api(h, 'grid', 'POST', '/api/grid-reports', { ...base, afterAttachmentIds: [await photo()] });
    expect(afterWithoutSpot.status).toBe(400);
    expect((await api(h, 'grid', 'GET', '/api/grid-reports/mine')).body.items).toHaveLength(count);
    // The before photo is still free: a valid report can use it.
    const ok = await api(h, 'grid', 'POST', '/api/grid-reports', base);
    expect(ok.status).toBe(201);
    expect(ok.body.state).toBe('dispatched');
  });
});
