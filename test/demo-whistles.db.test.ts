/**
 * Demo whistles go through the same use cases as a street and its departments: every whistle ticket's
 * events replay to its stored state, closed ones were concluded by the street through the engine with a
 * rating of every department, only the last two days' whistles stay open, and the month's double
 * assessment equals a recount from the whistles themselves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoHistory } from '../src/modules/demo/demo-history.ts';
import { generateDemoWhistles, type DemoWhistleResult } from '../src/modules/demo/demo-whistles.ts';
import { getWhistle, listWhistles, whistleAssessment } from '../src/modules/whistles/whistles.service.ts';
import { principalOfUsername } from '../src/engine/auth.ts';
import { localMonth } from '../src/engine/domain/calendar/local-time.ts';
import { replay } from '../src/engine/domain/workflow/evolve.ts';
import { domainTicketOf, eventFromRow, findTicketRow, listEvents } from '../src/engine/ticket.repository.ts';
import { createHarness, dbKind, testClock, type Harness } from './support/harness.ts';

const NOW = '2026-01-31T20:00:00+08:00';
let h: Harness;
let result: DemoWhistleResult;

beforeAll(async () => {
  h = await createHarness({ clock: testClock(NOW) });
  await generateDemoHistory(h.ctx, { tickets: 80, months: 2, seed: 7 });
  result = await generateDemoWhistles(h.ctx, { perMonth: 10, months: 2, seed: 11 });
});
afterAll(async () => {
  await h?.close();
});

describe(`demo whistles (${dbKind()})`, () => {
  it('drive the engine: histories replay, closed whistles were concluded by their street with every department rated', async () => {
    const supervisor = (await principalOfUsername(h.ctx, 'supervisor'))!;
    const list = await listWhistles(h.ctx, supervisor, 1000, 0);
    expect(list).toHaveLength(result.whistles);
    expect(result.whistles).toBe(20);
    let closed = 0;
    for (const w of list) {
      const view = await getWhistle(h.ctx, supervisor, w.ticketId);
      const row = (await findTicketRow(h.ctx.database.db, w.ticketId, { districtCode: h.ctx.districtCode, unitIds: 'all' }))!;
      const events = (await listEvents(h.ctx.database.db, w.ticketId)).map(eventFromRow);
      expect(replay(events)).toStrictEqual(domainTicketOf(row));
      const t = domainTicketOf(row);
      expect(t.initiatorUnitId).toBe(view.whistle.streetUnitId);
      if (t.state === 'closed') {
        closed++;
        expect(t.outcome).toBe('concluded');
        const last = events.at(-1)!;
        expect(last.type).toBe('conclude');
        if (last.type === 'conclude') expect(last.data.ratings.map((r) => r.unitId).sort()).toEqual(view.reports.map((r) => r.unitId).sort());
        expect(view.reports.every((r) => r.reportedAt !== null && r.score !== null)).toBe(true);
      } else {
        // Only whistles of the last two days are still open.
        expect(new Date(NOW).getTime() - t.acceptedAt.getTime()).toBeLessThan(2 * 24 * 3600_000);
      }
    }
    expect(closed).toBe(result.closed);
    expect(closed).toBeGreaterThan(10);
  });

  it('the month’s double assessment equals a recount from the whistles', async () => {
    const supervisor = (await principalOfUsername(h.ctx, 'supervisor'))!;
    const month = '2026-01';
    const summons = new Map<number, { n: number; onTime: number; rated: number; sum: number }>();
    for (const w of await listWhistles(h.ctx, supervisor, 1000, 0)) {
      const view = await getWhistle(h.ctx, supervisor, w.ticketId);
      if (localMonth(view.whistle.createdAt) !== month) continue;
      for (const r of view.reports) {
        const s = summons.get(r.unitId) ?? { n: 0, onTime: 0, rated: 0, sum: 0 };
        s.n++;
        if (r.reportedAt !== null && r.reportedAt.getTime() <= r.dueAt.getTime()) s.onTime++;
        if (r.score !== null) {
          s.rated++;
          s.sum += r.score;
        }
        summons.set(r.unitId, s);
      }
    }
    const a = await whistleAssessment(h.ctx, month);
    expect(a.departments.length).toBe(summons.size);
    for (const d of a.departments) {
      const s = summons.get(d.unitId)!;
      expect(d.summons).toBe(s.n);
      expect(d.reportedOnTime).toBe(s.onTime);
      expect(d.ratings).toBe(s.rated);
      expect(d.averageRating).toBeCloseTo(s.rated === 0 ? NaN : s.sum / s.rated, 3);
    }
    // Late report-ins happen and are rated lower in the demo.
    expect(a.departments.some((d) => d.onTimeRate !== null && d.onTimeRate < 1)).toBe(true);
  });
});
