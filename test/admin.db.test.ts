/**
 * Administration of the reference data: loading next year's holiday notice changes deadlines at once;
 * time limits and the dispatch catalogue are data an admin edits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepDeadlines } from '../src/engine/sweeper.ts';
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
    expect((await h.api('admin', 'POST', '/api/admin/dispatch-catalog', { ...add.body, id: undefined, districtCode: undefined, unitType: 'street' })).status).toBe(422);
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
});
