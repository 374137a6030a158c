import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitOf, ORDER_STATES, orderSteps, rankOrders, suggestTeams, type OrderNeeds, type OrderViewer, type TeamCandidate } from './orders.domain.ts';

const SKILLS = ['elderly_care', 'haircut', 'appliance_repair', 'tutoring'];
const AREAS = ['110109001001', '110109001002', '110109001', '110109002'];
const needs: OrderNeeds = { skills: ['haircut', 'elderly_care'], communityCode: '110109001001', streetCode: '110109001' };

const team = fc.record({
  id: fc.integer({ min: 1, max: 10_000 }),
  skills: fc.subarray(SKILLS),
  areas: fc.subarray(AREAS),
  load: fc.integer({ min: 0, max: 20 }),
});
const teams = fc.uniqueArray(team, { selector: (t) => t.id, maxLength: 12 });

describe('suggestTeams', () => {
  it('prefers every skill, then more skills, then the community over the street, then the lighter load, then the older team', () => {
    const t = (id: number, skills: string[], areas: string[], load: number): TeamCandidate => ({ id, skills, areas, load });
    const order = suggestTeams(
      [
        t(1, ['haircut'], ['110109001001'], 0),
        t(2, ['haircut', 'elderly_care'], [], 0),
        t(3, ['haircut', 'elderly_care'], ['110109001'], 5),
        t(4, ['haircut', 'elderly_care'], ['110109001001'], 9),
        t(5, ['haircut', 'elderly_care'], ['110109001001'], 2),
        t(6, ['haircut', 'elderly_care'], ['110109001001'], 2),
      ],
      needs,
    ).map((s) => s.teamId);
    expect(order).toEqual([5, 6, 4, 3, 2, 1]);
  });

  it('puts the teams that declined the order last, whatever their fit', () => {
    fc.assert(
      fc.property(teams, fc.array(fc.integer({ min: 1, max: 10_000 })), (list, declinedIds) => {
        const declined = new Set(declinedIds);
        const out = suggestTeams(list, needs, declined);
        const firstDeclined = out.findIndex((s) => declined.has(s.teamId));
        return firstDeclined === -1 || out.slice(firstDeclined).every((s) => declined.has(s.teamId));
      }),
    );
  });

  it('is a permutation of the teams, and a team that beats another on skills is never listed after it', () => {
    fc.assert(
      fc.property(teams, (list) => {
        const out = suggestTeams(list, needs);
        expect(out.map((s) => s.teamId).sort((a, b) => a - b)).toEqual(list.map((t) => t.id).sort((a, b) => a - b));
        for (let i = 1; i < out.length; i++) {
          const [a, b] = [out[i - 1]!, out[i]!];
          expect(Number(a.skillsCovered) * 100 + a.skillsMatched).toBeGreaterThanOrEqual(Number(b.skillsCovered) * 100 + b.skillsMatched);
          if (a.skillsCovered === b.skillsCovered && a.skillsMatched === b.skillsMatched) {
            expect(a.areaMatch).toBeGreaterThanOrEqual(b.areaMatch);
            if (a.areaMatch === b.areaMatch) expect(a.load).toBeLessThanOrEqual(b.load);
          }
        }
      }),
    );
  });

  it('counts an item with no skills as covered by every team', () => {
    expect(fitOf({ id: 1, skills: [], areas: [], load: 0 }, { ...needs, skills: [] })).toMatchObject({ skillsCovered: true, areaMatch: 0 });
  });
});

describe('rankOrders', () => {
  it('rates satisfaction over rated and timeliness over served; equal score and volume share a rank', () => {
    const rows = rankOrders([
      { key: 1, onTime: true, satisfaction: 'satisfied' },
      { key: 1, onTime: false, satisfaction: 'unsatisfied' },
      { key: 1, onTime: null, satisfaction: null },
      { key: 2, onTime: true, satisfaction: 'basically_satisfied' },
      { key: 3, onTime: true, satisfaction: 'satisfied' },
    ]);
    expect(rows.map((r) => [r.key, r.rank, r.score])).toEqual([
      [2, 1, 100],
      [3, 1, 100],
      [1, 3, 50],
    ]);
    expect(rows[2]).toMatchObject({ orders: 3, served: 2, onTime: 1, rated: 2, satisfied: 1, timelinessRate: 50, satisfactionRate: 50 });
  });

  it('keeps every order and ranks in non-increasing score', () => {
    const order = fc.record({
      key: fc.integer({ min: 1, max: 5 }),
      onTime: fc.constantFrom(true, false, null),
      satisfaction: fc.constantFrom('satisfied' as const, 'basically_satisfied' as const, 'unsatisfied' as const, null),
    });
    fc.assert(
      fc.property(fc.array(order, { maxLength: 60 }), (list) => {
        const rows = rankOrders(list);
        expect(rows.reduce((n, r) => n + r.orders, 0)).toBe(list.length);
        for (let i = 1; i < rows.length; i++) {
          expect(rows[i - 1]!.score).toBeGreaterThanOrEqual(rows[i]!.score);
          expect(rows[i - 1]!.rank).toBeLessThanOrEqual(rows[i]!.rank);
        }
      }),
    );
  });
});

describe('orderSteps', () => {
  const VIEWERS: readonly OrderViewer[] = ['station', 'leader', 'resident'];
  const TICKET_STATES = ['dispatched', 'signed', 'handling', 'replied', 'closed'];
  const anyOrder = fc.record({ state: fc.constantFrom(...ORDER_STATES), ticketState: fc.constantFrom(...TICKET_STATES) });

  it('gives each step to one viewer only, and none on a closed ticket', () => {
    fc.assert(
      fc.property(anyOrder, (o) => {
        const all = VIEWERS.flatMap((v) => orderSteps(v, o));
        expect(new Set(all).size).toBe(all.length);
        if (o.ticketState === 'closed') expect(all).toEqual([]);
      }),
    );
  });

  it('follows the order: the station dispatches a pending order, the leader answers an offer and serves an accepted one, the resident rates a reply', () => {
    fc.assert(
      fc.property(anyOrder, (o) => {
        const open = o.ticketState !== 'closed';
        expect(orderSteps('station', o).includes('dispatch')).toBe(open && o.state === 'pending');
        expect(orderSteps('leader', o).includes('accept')).toBe(open && o.state === 'offered');
        expect(orderSteps('leader', o).includes('decline')).toBe(open && o.state === 'offered');
        expect(orderSteps('leader', o).includes('record')).toBe(open && o.state === 'accepted');
        expect(orderSteps('leader', o).includes('note')).toBe(open && o.state === 'accepted');
        expect(orderSteps('resident', o)).toEqual(o.ticketState === 'replied' ? ['rate'] : []);
      }),
    );
  });
});
