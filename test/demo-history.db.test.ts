/**
 * The demo history generator drives the real engine: 600 tickets over four months (October 2025 –
 * January 2026, so the heating season starts inside the window) on a real database. Every ticket's
 * events replay to its stored state; repeats link to tickets open at that moment; no deadline passed
 * unmarked; shares, seasons and the improving street show up in the data and in the assessment; the
 * same seed gives the same history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoHistory, type DemoHistoryResult } from '../src/modules/demo/demo-history.ts';
import { localMonth } from '../src/engine/domain/calendar/local-time.ts';
import { replay } from '../src/engine/domain/workflow/evolve.ts';
import { nextEscalation, reviewStartOf } from '../src/engine/domain/workflow/escalation.ts';
import { domainTicketOf, eventFromRow, findOverdueCandidates, listEvents, listTicketRows, type TicketRow } from '../src/engine/ticket.repository.ts';
import { createHarness, dbKind, testClock, type Harness } from './support/harness.ts';

const TICKETS = 600;
const MONTHS = 4;
const SEED = 20260131;
const NOW = '2026-01-31T20:00:00+08:00';
const FULL_MONTHS = ['2025-10', '2025-11', '2025-12', '2026-01'];

let h: Harness;
let result: DemoHistoryResult;
let rows: TicketRow[];

async function allRows(harness: Harness): Promise<TicketRow[]> {
  const scope = { districtCode: harness.ctx.districtCode, unitIds: 'all' as const };
  return (await listTicketRows(harness.ctx.database.db, scope, { offset: 0, limit: 100_000, sort: 'oldest' })).rows;
}

/** A compact fingerprint of a history: tickets by month, state, outcome, category and lead unit. */
function fingerprint(rs: readonly TicketRow[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rs) {
    const k = `${localMonth(r.acceptedAt)}|${r.state}|${r.outcome ?? '-'}|${r.categoryId ?? '-'}|${r.leadUnitId ?? '-'}`;
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

beforeAll(async () => {
  h = await createHarness({ clock: testClock(NOW) });
  result = await generateDemoHistory(h.ctx, { tickets: TICKETS, months: MONTHS, seed: SEED });
  rows = await allRows(h);
}, 120_000);
afterAll(async () => {
  await h?.close();
});

describe(`demo history generator (${dbKind()})`, () => {
  it('creates the requested number of tickets within the period', () => {
    expect(result.created).toBe(TICKETS);
    expect(rows).toHaveLength(TICKETS);
    expect(result.from.toISOString()).toBe(new Date('2025-09-30T20:00:00+08:00').toISOString());
    for (const r of rows) {
      expect(r.acceptedAt.getTime()).toBeGreaterThanOrEqual(result.from.getTime());
      expect(r.acceptedAt.getTime()).toBeLessThanOrEqual(result.to.getTime());
    }
    expect(result.warnings).toEqual([]);
    // The result's tallies agree with the database.
    const byState: Record<string, number> = {};
    const byOutcome: Record<string, number> = {};
    for (const r of rows) {
      byState[r.state] = (byState[r.state] ?? 0) + 1;
      if (r.outcome !== null) byOutcome[r.outcome] = (byOutcome[r.outcome] ?? 0) + 1;
    }
    expect(result.byState).toEqual(byState);
    expect(result.byOutcome).toEqual(byOutcome);
  });

  it("replays every ticket's events to its stored state", async () => {
    for (const row of rows) {
      const events = (await listEvents(h.ctx.database.db, row.id)).map(eventFromRow);
      expect(events[0]?.type).toBe('accept');
      for (let i = 1; i < events.length; i++) expect(events[i]!.at.getTime()).toBeGreaterThanOrEqual(events[i - 1]!.at.getTime());
      expect(replay(events)).toEqual(domainTicketOf(row));
    }
  });

  it('links repeats to a ticket of the same requester that was open at the time', async () => {
    const repeats = rows.filter((r) => r.outcome === 'repeat_linked');
    expect(repeats.length).toBeGreaterThan(0);
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const r of repeats) {
      const original = byId.get(r.repeatOfId!)!;
      // The phones are sealed at rest (a fresh IV each): the same requester shows as the same keyed hash.
      expect(original.requesterPhoneKey).not.toBeNull();
      expect(original.requesterPhoneKey).toBe(r.requesterPhoneKey);
      expect(original.categoryId).toBe(r.categoryId);
      const before = (await listEvents(h.ctx.database.db, original.id)).map(eventFromRow).filter((e) => e.at.getTime() <= r.acceptedAt.getTime());
      expect(['accepted', 'closed']).not.toContain(replay(before).state);
    }
  });

  it('leaves no passed deadline without its overdue mark (the sweeper ran all along)', async () => {
    expect(await findOverdueCandidates(h.ctx.database.db, h.ctx.districtCode, h.clock.now(), 10)).toEqual([]);
    const marks = rows.filter((r) => {
      const t = domainTicketOf(r);
      return t.overdue.sign || t.overdue.contact || t.overdue.reply;
    });
    expect(marks.length).toBeGreaterThan(0);
  });

  it('brings deferrals back and supervises overdue tickets in the minute the live sweeper would have', async () => {
    const ref = await h.ctx.reference.get();
    const seen = { deferralDue: 0, escalate: 0 };
    for (const row of rows) {
      const events = (await listEvents(h.ctx.database.db, row.id)).map(eventFromRow);
      events.forEach((e, i) => {
        if (e.type !== 'deferralDue' && e.type !== 'escalate') return;
        seen[e.type]++;
        const before = replay(events.slice(0, i));
        const dueAt = e.type === 'deferralDue' ? reviewStartOf(before.deferral!.reviewDate) : nextEscalation(before, ref.escalation, ref.calendar)!.at;
        expect(e.at.getTime() - dueAt.getTime(), `${row.number} ${e.type}`).toBeGreaterThanOrEqual(0);
        expect(e.at.getTime() - dueAt.getTime(), `${row.number} ${e.type}`).toBeLessThanOrEqual(2 * 60_000);
      });
    }
    expect(seen.deferralDue).toBeGreaterThan(0);
    expect(seen.escalate).toBeGreaterThan(0);
  });

  it('has roughly the published shares', () => {
    const share = (f: (r: TicketRow) => boolean) => rows.filter(f).length / rows.length;
    const consultations = share((r) => r.requestType === 'consultation');
    expect(consultations).toBeGreaterThan(0.45);
    expect(consultations).toBeLessThan(0.7);
    expect(share((r) => r.outcome === 'answered_directly')).toBeGreaterThan(0.4);
    expect(share((r) => r.dispatchedAt !== null)).toBeGreaterThan(0.25);
    expect(share((r) => r.outcome === 'special_route')).toBeLessThan(0.06);
    expect(share((r) => r.outcome === 'repeat_linked')).toBeLessThan(0.07);
    // Resolution and satisfaction over all valid callbacks.
    const rated = rows.filter((r) => r.assessmentMonth !== null && !r.excludedFromAssessment && (r.outcome === null || r.outcome === 'completed'));
    const resolution = rated.filter((r) => r.resolved).length / rated.length;
    const satisfaction =
      rated.reduce((s, r) => s + (r.satisfaction === 'satisfied' ? 1 : r.satisfaction === 'basically_satisfied' ? 0.9 : 0), 0) / rated.length;
    expect(rated.length).toBeGreaterThan(80);
    expect(resolution).toBeGreaterThan(0.6);
    expect(resolution).toBeLessThan(0.8);
    expect(satisfaction).toBeGreaterThan(0.72);
    expect(satisfaction).toBeLessThan(0.9);
  });

  it('hears about heating far more often in the heating season', async () => {
    const ref = await h.ctx.reference.get();
    const heating = (month: string) =>
      rows.filter((r) => localMonth(r.acceptedAt) === month && r.categoryId !== null && ref.categoryById.get(r.categoryId)!.code.startsWith('HEAT.')).length;
    expect(heating('2025-12')).toBeGreaterThan(3 * heating('2025-10') + 3);
  });

  it('ranks streets, and the improving street resolves more at the end than at the start', async () => {
    const ranking = async (month: string) => {
      const r = await h.api('supervisor', 'GET', `/api/assessment/rankings?month=${month}`);
      expect(r.status).toBe(200);
      return r.body;
    };
    const dec = await ranking('2025-12');
    const streets = dec.groups.find((g: { unitType: string }) => g.unitType === 'street');
    expect(streets.rankedCount).toBeGreaterThanOrEqual(5);
    const ranks = streets.rows.filter((r: { rank: number | null }) => r.rank !== null).map((r: { rank: number }) => r.rank);
    expect(ranks).toEqual([...ranks].sort((a: number, b: number) => a - b));
    expect(dec.lists.find((l: { unitType: string }) => l.unitType === 'street').black.length).toBeGreaterThan(0);

    const improving = result.improvingUnitId!;
    const counts: { month: string; valid: number; resolved: number }[] = [];
    for (const month of FULL_MONTHS) {
      const body = await ranking(month);
      const row = body.groups.find((g: { unitType: string }) => g.unitType === 'street').rows.find((r: { unitId: number }) => r.unitId === improving);
      counts.push({ month, valid: row.counts.validCallbacks as number, resolved: row.counts.resolved as number });
    }
    const rate = (cs: typeof counts) => cs.reduce((s, c) => s + c.resolved, 0) / cs.reduce((s, c) => s + c.valid, 0);
    const [first, , , last] = counts;
    expect(first!.valid).toBeGreaterThan(0);
    expect(last!.valid).toBeGreaterThan(0);
    expect(last!.resolved / last!.valid).toBeGreaterThan(first!.resolved / first!.valid);
    expect(rate(counts.slice(2))).toBeGreaterThan(rate(counts.slice(0, 2)));
  });

  it('is deterministic: the same seed gives the same history on a fresh database', async () => {
    const again = await createHarness({ clock: testClock(NOW) });
    try {
      const r2 = await generateDemoHistory(again.ctx, { tickets: TICKETS, months: MONTHS, seed: SEED });
      expect(r2.byState).toEqual(result.byState);
      expect(r2.byOutcome).toEqual(result.byOutcome);
      expect(r2.events).toBe(result.events);
      expect(fingerprint(await allRows(again))).toEqual(fingerprint(rows));
    } finally {
      await again.close();
    }
  }, 120_000);
});
