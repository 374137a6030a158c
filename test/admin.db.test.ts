/**
 * Administration of the reference data: loading next year's holiday notice changes deadlines at once;
 * time limits and the dispatch catalogue are data an admin edits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replay } from '../src/engine/domain/workflow/evolve.ts';
import { sweepDeadlines } from '../src/engine/sweeper.ts';
import { domainTicketOf, eventFromRow, findTicketRow, listEvents } from '../src/engine/ticket.repository.ts';
import { createHarness, dbKind, testClock, type Harness } from './support/harness.ts';

let h: Harness;
beforeAll(async () => {
  // Late December 2026: a 7-working-day reply limit reaches into 2027, which chinese-days lacks.
  h = await createHarness({ clock: testClock('2026-12-28T10:00:00+08:00') });
});
afterAll(async () => {
  await h?.close();
});

async function dispatchGeneral(): Promise<{ id: number; replyDueAt: string; warnings: string[] }> {
  const cats = (await h.api('operator', 'GET', '/api/categories')).body.items;
  const cat = cats.find((c: { code: string }) => c.code === 'URB.PROP.SERVICE');
  const r = await h.api('operator', 'POST', '/api/tickets', {
    requestType: 'complaint',
    channel: 'phone',
    categoryId: cat.id,
    content: '物业不作为',
    triage: { action: 'dispatch', leadUnitId: h.unitId('DEPT-ZJW') },
  });
  expect(r.status).toBe(201);
  const t = await h.api('supervisor', 'GET', `/api/tickets/${r.body.ticketId}`);
  return { id: r.body.ticketId, replyDueAt: t.body.deadlines.reply.dueAt, warnings: r.body.warnings };
}

describe(`administration (${dbKind()})`, () => {
  it('warns about a missing year, and uses the notice once an admin loads it', async () => {
    const health = await h.api(null, 'GET', '/healthz');
    expect(health.body.missingCalendarYears).toContain(2027);
    const before = await dispatchGeneral();
    expect(before.warnings.join()).toContain('CALENDAR.YEAR_MISSING');
    // Weekends only: Mon 12-28 10:00 + 7 working days → Wed 2027-01-06 10:00 (no New Year holiday known).
    expect(before.replyDueAt).toBe(new Date('2027-01-06T10:00:00+08:00').toISOString());

    // Only admins may load it.
    expect((await h.api('supervisor', 'PUT', '/api/admin/calendar/2027', { source: 'test', days: [] })).status).toBe(403);
    // A day outside the year is refused, and nothing changes.
    const bad = await h.api('admin', 'PUT', '/api/admin/calendar/2027', { source: 'test', days: [{ date: '2026-01-01', kind: 'holiday', name: '元旦' }] });
    expect(bad.status).toBe(422);
    expect((await h.api('admin', 'GET', '/api/admin/calendar/2027')).body.covered).toBe(false);

    // A notice for 2027 (New Year Jan 1–3; the dates here are for the test, not the real notice).
    const put = await h.api('admin', 'PUT', '/api/admin/calendar/2027', {
      source: 'test notice',
      days: [
        { date: '2027-01-01', kind: 'holiday', name: '元旦' },
        { date: '2027-01-02', kind: 'holiday', name: '元旦' },
        { date: '2027-01-03', kind: 'holiday', name: '元旦' },
      ],
    });
    expect(put.status).toBe(200);
    expect(put.body.covered).toBe(true);
    const after = await dispatchGeneral();
    expect(after.warnings).toEqual([]);
    // Friday 2027-01-01 is now off: the deadline moves one working day later, to Thu 01-07 10:00.
    expect(after.replyDueAt).toBe(new Date('2027-01-07T10:00:00+08:00').toISOString());
    expect((await h.api(null, 'GET', '/healthz')).body.missingCalendarYears).not.toContain(2027);
  });

  it('changes a time limit for tickets dispatched afterwards', async () => {
    const r = await h.api('admin', 'PUT', '/api/admin/time-limits/general', {
      name: '一般诉求',
      nameEn: 'General',
      sign: { amount: 2, unit: 'natural_hours' },
      contact: { amount: 1, unit: 'working_days' },
      reply: { amount: 3, unit: 'working_days' },
    });
    expect(r.status).toBe(204);
    const t = await dispatchGeneral();
    // Mon 12-28 10:00 + 3 working days → Thu 12-31 10:00.
    expect(t.replyDueAt).toBe(new Date('2026-12-31T10:00:00+08:00').toISOString());
    const bad = await h.api('admin', 'PUT', '/api/admin/time-limits/general', {
      name: 'x',
      nameEn: '',
      sign: { amount: 0, unit: 'natural_hours' },
      contact: { amount: 1, unit: 'working_days' },
      reply: { amount: 3, unit: 'working_days' },
    });
    expect(bad.status).toBe(400);
  });

  it('routes by a more specific catalogue entry once added, and back when removed', async () => {
    const cats = (await h.api('operator', 'GET', '/api/categories')).body.items;
    const cat = cats.find((c: { code: string }) => c.code === 'CITY.NOISE.RESIDENTIAL');
    const street = (await h.api('operator', 'GET', '/api/divisions')).body.items.find((d: { level: string }) => d.level === 'street');
    const q = `/api/routing/suggest?categoryId=${cat.id}&streetCode=${street.code}`;
    const before = await h.api('operator', 'GET', q);
    expect(before.body.reasonCode).toBe('CATALOG_STREET_OF_PLACE');
    const add = await h.api('admin', 'POST', '/api/admin/dispatch-catalog', {
      categoryId: cat.id,
      divisionCode: street.code,
      unitId: h.unitId('DEPT-CGZF'),
      unitType: null,
      coUnitIds: [],
      note: '本街道夜间噪音由城管执法局负责',
    });
    expect(add.status).toBe(201);
    const during = await h.api('operator', 'GET', q);
    expect(during.body).toMatchObject({ reasonCode: 'CATALOG_UNIT', leadUnitId: h.unitId('DEPT-CGZF') });
    expect(
      (await h.api('admin', 'POST', '/api/admin/dispatch-catalog', { ...add.body, id: undefined, districtCode: undefined, unitType: 'street' })).status,
    ).toBe(422);
    expect((await h.api('admin', 'DELETE', `/api/admin/dispatch-catalog/${add.body.id}`)).status).toBe(204);
    expect((await h.api('admin', 'DELETE', `/api/admin/dispatch-catalog/${add.body.id}`)).status).toBe(404);
    expect((await h.api('operator', 'GET', q)).body.reasonCode).toBe('CATALOG_STREET_OF_PLACE');
  });

  it('sets the working days before the automatic 督办, 催办 and 通报; the sweeper follows them', async () => {
    const defaults = await h.api('supervisor', 'GET', '/api/admin/supervision-escalation');
    expect(defaults.status).toBe(200);
    expect(defaults.body).toEqual({ superviseAfterDays: 1, urgeAfterDays: 3, notifyAfterDays: 5, isDefault: true, updatedAt: null });
    const spans = { superviseAfterDays: 0.5, urgeAfterDays: 1, notifyAfterDays: 2 };
    expect((await h.api('supervisor', 'PUT', '/api/admin/supervision-escalation', spans)).status).toBe(403);
    // Not increasing, zero, too long: refused with a clear code, nothing changes.
    for (const bad of [
      { superviseAfterDays: 3, urgeAfterDays: 3, notifyAfterDays: 5 },
      { superviseAfterDays: 5, urgeAfterDays: 3, notifyAfterDays: 1 },
    ]) {
      const r = await h.api('admin', 'PUT', '/api/admin/supervision-escalation', bad);
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe('ADMIN.INVALID_ESCALATION');
    }
    expect((await h.api('admin', 'PUT', '/api/admin/supervision-escalation', { ...spans, superviseAfterDays: 0 })).status).toBe(400);
    expect((await h.api('admin', 'PUT', '/api/admin/supervision-escalation', { ...spans, notifyAfterDays: 61 })).status).toBe(400);
    expect((await h.api('admin', 'GET', '/api/admin/supervision-escalation')).body.isDefault).toBe(true);

    const put = await h.api('admin', 'PUT', '/api/admin/supervision-escalation', spans);
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ ...spans, isDefault: false });
    expect((await h.api('supervisor', 'GET', '/api/admin/supervision-escalation')).body).toMatchObject({ ...spans, isDefault: false });

    // Mon 12-28 10:00 dispatched: sign due 12:00. Half a working day later (Tue 00:00) 督办; one (Tue 12:00) 催办.
    h.clock.set('2026-12-28T10:00:00+08:00');
    const { id } = await dispatchGeneral();
    const level = async () => (await h.api('supervisor', 'GET', `/api/tickets/${id}`)).body.supervisionLevel as number;
    h.clock.set('2026-12-28T23:59:00+08:00');
    await sweepDeadlines(h.ctx);
    expect(await level()).toBe(0);
    h.clock.set('2026-12-29T00:00:30+08:00');
    await sweepDeadlines(h.ctx);
    expect(await level()).toBe(1);
    h.clock.set('2026-12-29T12:00:30+08:00');
    await sweepDeadlines(h.ctx);
    expect(await level()).toBe(2);
  });

  it('edits the category tree without changing any ticket: add, rename, move a leaf’s time-limit class, retire', async () => {
    h.clock.set('2026-12-29T14:00:00+08:00');
    const cats = (await h.api('operator', 'GET', '/api/categories')).body.items as { id: number; code: string; path: string; level: number; isLeaf: boolean }[];
    const noise = cats.find((c) => c.code === 'CITY.NOISE')!;
    const resident = cats.find((c) => c.code === 'CITY.NOISE.RESIDENTIAL')!;
    const body = {
      parentId: noise.id,
      code: 'SITE_NIGHT',
      name: '夜间工地噪音',
      nameEn: 'Night construction noise',
      isLeaf: true,
      timeLimitClass: 'general',
      keywords: ['夜间施工', '工地'],
    };
    expect((await h.api('supervisor', 'POST', '/api/admin/categories', body)).status).toBe(403);

    const created = await h.api('admin', 'POST', '/api/admin/categories', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      code: 'CITY.NOISE.SITE_NIGHT',
      parentId: noise.id,
      level: noise.level + 1,
      path: `${noise.path}/夜间工地噪音`,
      isLeaf: true,
      timeLimitClass: 'general',
      active: true,
    });
    const cat = created.body.id as number;
    expect((await h.api('operator', 'GET', '/api/categories')).body.items.map((c: { id: number }) => c.id)).toContain(cat);
    const offered = async () =>
      ((await h.api(null, 'GET', '/api/public/categories')).body.items as { leaves: { id: number }[] }[]).some((g) => g.leaves.some((l) => l.id === cat));

    // Refusals, with clear codes, changing nothing.
    const refused = async (method: string, url: string, payload: unknown, status: number, code: string) => {
      const r = await h.api('admin', method, url, payload);
      expect(r.status, `${url} ${JSON.stringify(payload)}`).toBe(status);
      expect(r.body.error.code).toBe(code);
    };
    await refused('POST', '/api/admin/categories', { ...body, code: 'SITE_NIGHT2' }, 422, 'CATEGORY.DUPLICATE_NAME');
    await refused('POST', '/api/admin/categories', { ...body, name: '别的', code: 'SITE_NIGHT' }, 422, 'CATEGORY.CODE_TAKEN');
    await refused('POST', '/api/admin/categories', { ...body, parentId: 2_000_000 }, 422, 'CATEGORY.UNKNOWN_PARENT');
    await refused('POST', '/api/admin/categories', { ...body, parentId: resident.id, code: 'X' }, 422, 'CATEGORY.PARENT_IS_LEAF');
    await refused(
      'POST',
      '/api/admin/categories',
      { ...body, name: '别的', code: 'OTHER', timeLimitClass: 'no_such_class' },
      422,
      'CATEGORY.UNKNOWN_TIME_LIMIT_CLASS',
    );
    await refused('POST', '/api/admin/categories', { ...body, name: '别的', code: 'OTHER', timeLimitClass: null }, 422, 'CATEGORY.LEAF_NEEDS_TIME_LIMIT');
    await refused('PATCH', `/api/admin/categories/${cat}`, { name: resident.path.split('/').at(-1) }, 422, 'CATEGORY.DUPLICATE_NAME');
    await refused('PATCH', `/api/admin/categories/${noise.id}`, { active: false }, 422, 'CATEGORY.HAS_CHILDREN');
    await refused('PATCH', `/api/admin/categories/${noise.id}`, { timeLimitClass: 'complex' }, 422, 'CATEGORY.NOT_LEAF');
    await refused('PATCH', '/api/admin/categories/2000000', { name: '不存在' }, 404, 'NOT_FOUND');

    // Two tickets in the new category: one handled to its close, one open.
    const intakeIn = async (content: string) => {
      const r = await h.api('operator', 'POST', '/api/tickets', {
        requestType: 'complaint',
        channel: 'phone',
        categoryId: cat,
        content,
        triage: { action: 'dispatch', leadUnitId: h.unitId('DEPT-CGW') },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.ticketId as number;
    };
    const closedId = await intakeIn('工地夜间施工噪音，已办结');
    for (const [action, payload] of [
      ['sign', { note: '' }],
      ['contact', { method: 'phone', note: '' }],
      ['reply', { text: '已责令停工' }],
    ] as const)
      expect((await h.api('cgw', 'POST', `/api/tickets/${closedId}/actions/${action}`, payload)).status).toBe(200);
    const cb = await h.api('callback', 'POST', `/api/tickets/${closedId}/actions/callback`, {
      valid: true,
      contacted: true,
      resolved: true,
      satisfaction: 'satisfied',
      note: '',
    });
    expect(cb.body.state).toBe('closed');
    const openId = await intakeIn('工地夜间施工噪音，办理中');
    const ALL = { districtCode: h.ctx.districtCode, unitIds: 'all' as const };
    const before = (await findTicketRow(h.ctx.database.db, closedId, ALL))!;
    const eventsBefore = await listEvents(h.ctx.database.db, closedId);

    // Rename, move the leaf to the complex class.
    const renamed = await h.api('admin', 'PATCH', `/api/admin/categories/${cat}`, { name: '夜间施工噪音', keywords: ['夜间施工'] });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: '夜间施工噪音', path: `${noise.path}/夜间施工噪音`, keywords: ['夜间施工'] });
    expect((await h.api('admin', 'PATCH', `/api/admin/categories/${cat}`, { timeLimitClass: 'complex' })).body.timeLimitClass).toBe('complex');

    // A ticket accepted now gets the new class; the open one keeps its own, even for the fresh deadlines of a reassignment.
    const fresh = await intakeIn('新受理的夜间施工噪音');
    expect((await h.api('supervisor', 'GET', `/api/tickets/${fresh}`)).body.timeLimitClass).toBe('complex');
    expect(
      (await h.api('supervisor', 'POST', `/api/tickets/${openId}/actions/reassign`, { leadUnitId: h.unitId('DEPT-ZJW'), coUnitIds: [], note: '改派' })).status,
    ).toBe(200);
    const open = (await h.api('supervisor', 'GET', `/api/tickets/${openId}`)).body;
    expect(open.timeLimitClass).toBe('general');
    expect(open.deadlines.reply.dueAt).toBe((await dispatchGeneral()).replyDueAt);

    // Retired: no longer offered at intake, still shown on its tickets.
    expect(await offered()).toBe(true);
    const retired = await h.api('admin', 'PATCH', `/api/admin/categories/${cat}`, { active: false });
    expect(retired.body.active).toBe(false);
    expect(await offered()).toBe(false);
    const refusedIntake = await h.api('operator', 'POST', '/api/tickets', { requestType: 'complaint', channel: 'phone', categoryId: cat, content: '再次反映' });
    expect(refusedIntake.status).toBe(422);
    expect(refusedIntake.body.error.code).toBe('INTAKE.UNKNOWN_CATEGORY');
    const shown = (await h.api('supervisor', 'GET', `/api/tickets/${closedId}`)).body;
    expect(shown.category).toMatchObject({ id: cat, path: `${noise.path}/夜间施工噪音` });

    // The closed ticket is as it was: its row, its events, and its events replay to its state.
    const after = (await findTicketRow(h.ctx.database.db, closedId, ALL))!;
    expect(after).toEqual(before);
    const eventsAfter = await listEvents(h.ctx.database.db, closedId);
    expect(eventsAfter).toEqual(eventsBefore);
    expect(replay(eventsAfter.map(eventFromRow))).toEqual(domainTicketOf(after));
    expect(domainTicketOf(after)).toMatchObject({ state: 'closed', timeLimitClass: 'general', categoryId: cat });

    // With its only active child retired, the group may be retired too, and brought back.
    const group = await h.api('admin', 'POST', '/api/admin/categories', {
      parentId: null,
      code: 'TEST_GROUP',
      name: '测试分组',
      nameEn: 'Test group',
      isLeaf: false,
      timeLimitClass: null,
      keywords: [],
    });
    expect(group.status).toBe(201);
    const child = await h.api('admin', 'POST', '/api/admin/categories', {
      parentId: group.body.id,
      code: 'ONE',
      name: '测试子类',
      nameEn: '',
      isLeaf: true,
      timeLimitClass: 'general',
      keywords: [],
    });
    expect(child.body.code).toBe('TEST_GROUP.ONE');
    await refused('PATCH', `/api/admin/categories/${group.body.id}`, { active: false }, 422, 'CATEGORY.HAS_CHILDREN');
    expect((await h.api('admin', 'PATCH', `/api/admin/categories/${child.body.id}`, { active: false })).status).toBe(200);
    expect((await h.api('admin', 'PATCH', `/api/admin/categories/${group.body.id}`, { active: false })).status).toBe(200);
    await refused('PATCH', `/api/admin/categories/${child.body.id}`, { active: true }, 422, 'CATEGORY.PARENT_RETIRED');
    await refused(
      'POST',
      '/api/admin/categories',
      { parentId: group.body.id, code: 'TWO', name: '另一个', nameEn: '', isLeaf: true, timeLimitClass: 'general', keywords: [] },
      422,
      'CATEGORY.PARENT_RETIRED',
    );
    expect((await h.api('admin', 'PATCH', `/api/admin/categories/${group.body.id}`, { active: true })).body.active).toBe(true);
  });

  it('moves a group with its leaves under another group: paths and levels follow, codes and tickets stay', async () => {
    const add = async (parentId: number | null, code: string, name: string, isLeaf: boolean) => {
      const r = await h.api('admin', 'POST', '/api/admin/categories', {
        parentId,
        code,
        name,
        nameEn: '',
        isLeaf,
        timeLimitClass: isLeaf ? 'general' : null,
        keywords: [],
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body as { id: number; code: string; path: string; level: number };
    };
    const from = await add(null, 'MOVE_FROM', '迁出分组', false);
    const to = await add(null, 'MOVE_TO', '迁入分组', false);
    const sub = await add(from.id, 'SUB', '待迁子类', false);
    const leaf = await add(sub.id, 'LEAF', '待迁末级', true);
    const t = await h.api('operator', 'POST', '/api/tickets', {
      requestType: 'complaint',
      channel: 'phone',
      categoryId: leaf.id,
      content: '分类迁移前受理的诉求',
      triage: { action: 'dispatch', leadUnitId: h.unitId('DEPT-CGW') },
    });
    expect(t.status).toBe(201);
    const ALL = { districtCode: h.ctx.districtCode, unitIds: 'all' as const };
    const rowBefore = (await findTicketRow(h.ctx.database.db, t.body.ticketId, ALL))!;

    const refusedMove = async (id: number, parentId: number | null, code: string) => {
      const r = await h.api('admin', 'PATCH', `/api/admin/categories/${id}`, { parentId });
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe(code);
    };
    await refusedMove(from.id, leaf.id, 'CATEGORY.MOVE_INTO_ITSELF');
    await refusedMove(sub.id, leaf.id, 'CATEGORY.MOVE_INTO_ITSELF');
    await refusedMove(sub.id, 2_000_000, 'CATEGORY.UNKNOWN_PARENT');

    const moved = await h.api('admin', 'PATCH', `/api/admin/categories/${sub.id}`, { parentId: to.id });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ id: sub.id, code: 'MOVE_FROM.SUB', parentId: to.id, level: 2, path: '迁入分组/待迁子类' });
    const cats = (await h.api('operator', 'GET', '/api/categories')).body.items as {
      id: number;
      code: string;
      path: string;
      level: number;
      parentId: number;
    }[];
    expect(cats.find((c) => c.id === leaf.id)).toMatchObject({ code: 'MOVE_FROM.SUB.LEAF', parentId: sub.id, level: 3, path: '迁入分组/待迁子类/待迁末级' });
    // The old group is empty now and may be retired; the ticket shows the new path and is otherwise unchanged.
    expect((await h.api('admin', 'PATCH', `/api/admin/categories/${from.id}`, { active: false })).status).toBe(200);
    expect((await h.api('supervisor', 'GET', `/api/tickets/${t.body.ticketId}`)).body.category).toMatchObject({
      id: leaf.id,
      path: '迁入分组/待迁子类/待迁末级',
    });
    expect(await findTicketRow(h.ctx.database.db, t.body.ticketId, ALL)).toEqual(rowBefore);
    // Moving back to the top.
    const top = await h.api('admin', 'PATCH', `/api/admin/categories/${sub.id}`, { parentId: null });
    expect(top.body).toMatchObject({ parentId: null, level: 1, path: '待迁子类' });
  });

  it('keeps sibling names unique when two admins add the same name at the same moment', async () => {
    const cats = (await h.api('operator', 'GET', '/api/categories')).body.items as { id: number; code: string }[];
    const noise = cats.find((c) => c.code === 'CITY.NOISE')!;
    for (let round = 0; round < 5; round++) {
      const add = (code: string) =>
        h.api('admin', 'POST', '/api/admin/categories', {
          parentId: noise.id,
          code,
          name: `同时新增${round}`,
          nameEn: '',
          isLeaf: true,
          timeLimitClass: 'general',
          keywords: [],
        });
      const results = await Promise.all([add(`RACE${round}A`), add(`RACE${round}B`), add(`RACE${round}C`)]);
      expect(results.map((r) => r.status).sort(), `round ${round}`).toEqual([201, 422, 422]);
      for (const r of results.filter((x) => x.status === 422)) expect(r.body.error.code).toBe('CATEGORY.DUPLICATE_NAME');
      const now = (await h.api('operator', 'GET', '/api/categories')).body.items as { parentId: number | null; path: string; active: boolean }[];
      expect(now.filter((c) => c.parentId === noise.id && c.active && c.path.endsWith(`/同时新增${round}`))).toHaveLength(1);
    }
  });
});
