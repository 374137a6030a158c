/**
 * The demo history model on its own: seeded randomness, the arrival plan (shares, hours, seasons), the
 * low-variance sampler, unit profiles, and ticket lives driven through `decide()` in memory — every
 * step the model proposes must be one the engine accepts, and the improving street must improve.
 */
import { describe, expect, it } from 'vitest';
import { dayNumberOfInstant, localDate, localMonth } from '../../engine/domain/calendar/local-time.ts';
import { decide } from '../../engine/domain/workflow/decide.ts';
import { acceptedTicket, callbackAgent, context, dispatchTo, operator, sh, supervisor } from '../../../test/builders/tickets.ts';
import type { Actor, Ticket } from '../../engine/domain/workflow/ticket.ts';
import {
  busiestStreet,
  cumulative,
  drawFate,
  freshMemo,
  HOUR_WEIGHTS,
  IMPROVING_STREET,
  localHour,
  makeRequesters,
  mixSeed,
  monthsBefore,
  mulberry32,
  nextStep,
  planArrivals,
  QuotaSampler,
  SATISFACTION_GIVEN,
  SHARES,
  unitProfiles,
  type ActorRef,
  type ModelCategory,
  type ModelCommunity,
  type StepEnv,
} from './demo-history-model.ts';

const CATEGORIES: ModelCategory[] = [
  { id: 1, code: 'HEAT.COLD', name: '供暖不热', keywords: ['暖气不热'], timeLimitClass: 'utility', local: false },
  { id: 2, code: 'HEAT.START', name: '供暖开通与报停', keywords: ['开栓'], timeLimitClass: 'general', local: false },
  { id: 3, code: 'TRAF.ROAD.FLOOD', name: '道路积水', keywords: ['积水'], timeLimitClass: 'general', local: false },
  { id: 4, code: 'URB.PROP.SERVICE', name: '物业服务', keywords: ['物业'], timeLimitClass: 'general', local: true },
  { id: 5, code: 'CITY.NOISE.RESIDENTIAL', name: '生活噪音', keywords: ['扰民'], timeLimitClass: 'general', local: true },
  { id: 6, code: 'MKT.CONSUMER', name: '消费纠纷', keywords: ['退款'], timeLimitClass: 'general', local: false },
  { id: 7, code: 'LAB.WAGES', name: '拖欠工资', keywords: ['欠薪'], timeLimitClass: 'complex', local: false },
  { id: 8, code: 'URB.PROP.ELEVATOR_TRAPPED', name: '电梯困人', keywords: ['电梯困人'], timeLimitClass: 'emergency', local: false },
];
const COMMUNITIES: ModelCommunity[] = [
  { code: '110109001001', name: '德露苑社区居委会', streetCode: '110109001', streetName: '大峪街道' },
  { code: '110109002001', name: '城子社区居委会', streetCode: '110109002', streetName: '城子街道' },
  { code: '110109006001', name: '永定社区居委会', streetCode: '110109006', streetName: '永定地区' },
  { code: '110109006002', name: '石门营社区居委会', streetCode: '110109006', streetName: '永定地区' },
  { code: '110109006003', name: '冯村村委会', streetCode: '110109006', streetName: '永定地区' },
  { code: '110109107001', name: '清水村委会', streetCode: '110109107', streetName: '清水镇' },
];

describe('seeded randomness', () => {
  it('mulberry32 is deterministic, uniform-looking and in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 10_000 }, () => a());
    expect(Array.from({ length: 10_000 }, () => b())).toEqual(xs);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(0.5, 1);
    expect(mulberry32(43)()).not.toBe(mulberry32(42)());
    expect(mixSeed(1, 2)).not.toBe(mixSeed(2, 1));
  });

  it("maps the improving street's resolution trend onto its satisfaction trend (§6)", () => {
    const rate = (r: number) =>
      r * SATISFACTION_GIVEN.resolved.reduce((s, [sat, w]) => s + w * (sat === 'satisfied' ? 1 : sat === 'basically_satisfied' ? 0.9 : 0), 0) +
      (1 - r) * SATISFACTION_GIVEN.unresolved.reduce((s, [sat, w]) => s + w * (sat === 'satisfied' ? 1 : sat === 'basically_satisfied' ? 0.9 : 0), 0);
    expect(rate(IMPROVING_STREET.resolution[0])).toBeCloseTo(IMPROVING_STREET.satisfaction[0], 1);
    expect(rate(IMPROVING_STREET.resolution[1])).toBeCloseTo(IMPROVING_STREET.satisfaction[1], 1);
  });

  it('the quota sampler keeps realised shares within one draw of the expected count', () => {
    const q = new QuotaSampler();
    let expected = 0;
    let hits = 0;
    for (let i = 0; i < 500; i++) {
      const p = 0.5 + 0.2 * (i / 500);
      expected += p;
      if (q.chance('k', p)) hits++;
      expect(Math.abs(hits - expected)).toBeLessThanOrEqual(0.5001);
    }
  });
});

describe('arrivals', () => {
  const end = sh('2026-08-31 23:00').getTime();
  const start = monthsBefore(end, 12);
  const rng = mulberry32(7);
  const requesters = makeRequesters(400, cumulative(COMMUNITIES.map(() => 1)), rng);
  const { arrivals } = planArrivals({
    startMs: start,
    endMs: end,
    count: 20_000,
    categories: CATEGORIES,
    communities: COMMUNITIES,
    requesters,
    isWorkingDay: (day) => ((day + 4) % 7) % 6 !== 0,
    rng,
  });

  it('are sorted, inside the window, and of the requested number', () => {
    expect(localDate(new Date(start))).toBe('2025-08-31');
    expect(arrivals).toHaveLength(20_000);
    for (let i = 1; i < arrivals.length; i++) expect(arrivals[i]!.at).toBeGreaterThanOrEqual(arrivals[i - 1]!.at);
    expect(arrivals[0]!.at).toBeGreaterThanOrEqual(start);
    expect(arrivals.at(-1)!.at).toBeLessThanOrEqual(end);
  });

  it('have the published shares of consultations, special routes and repeats', () => {
    const share = (f: (a: (typeof arrivals)[number]) => boolean) => arrivals.filter(f).length / arrivals.length;
    expect(share((a) => a.requestType === 'consultation')).toBeCloseTo(SHARES.consultation, 1);
    expect(share((a) => a.route === 'answer')).toBeCloseTo(SHARES.consultation * SHARES.consultationAnsweredDirectly, 1);
    expect(share((a) => a.route === 'special')).toBeGreaterThan(0.012);
    expect(share((a) => a.route === 'special')).toBeLessThan(0.028);
    expect(share((a) => a.route === 'repeat')).toBeGreaterThan(0.022);
    expect(share((a) => a.route === 'repeat')).toBeLessThan(0.038);
  });

  it('come by day, peaking 9–11 and 14–16, few at night', () => {
    const byHour = new Array<number>(24).fill(0);
    for (const a of arrivals) byHour[localHour(a.at)]!++;
    const night = byHour.slice(0, 6).reduce((s, n) => s + n, 0) / arrivals.length;
    expect(night).toBeLessThan(0.03);
    const peak = Math.max(...byHour);
    expect([9, 10, 11, 14, 15, 16]).toContain(byHour.indexOf(peak));
    expect(byHour[10]!).toBeGreaterThan(3 * byHour[7]!);
    expect(HOUR_WEIGHTS).toHaveLength(24);
  });

  it('spike in the heating season (HEAT.*) and the flood season (Jul–Aug)', () => {
    const count = (month: string, code: string) =>
      arrivals.filter((a) => a.category !== null && CATEGORIES[a.category]!.code === code && localMonth(new Date(a.at)) === month).length;
    const perDay = (month: string, code: string) => count(month, code) / (month === '2026-02' ? 28 : 31);
    expect(perDay('2026-01', 'HEAT.COLD')).toBeGreaterThan(10 * perDay('2025-10', 'HEAT.COLD') + 1);
    expect(perDay('2025-12', 'HEAT.COLD')).toBeGreaterThan(10 * perDay('2026-05', 'HEAT.COLD') + 1);
    expect(count('2025-11', 'HEAT.START')).toBeGreaterThan(3 * count('2026-05', 'HEAT.START'));
    expect(perDay('2026-07', 'TRAF.ROAD.FLOOD')).toBeGreaterThan(5 * perDay('2026-03', 'TRAF.ROAD.FLOOD'));
  });

  it('reuse a small pool of requesters so that some call again', () => {
    const calls = new Map<number, number>();
    for (const a of arrivals) calls.set(a.requester, (calls.get(a.requester) ?? 0) + 1);
    expect(calls.size).toBeLessThanOrEqual(400);
    expect(Math.max(...calls.values())).toBeGreaterThan(50);
    for (const r of requesters) expect(r.phone).toMatch(/^1\d{10}$/);
  });

  it('is the same plan for the same seed', () => {
    const again = planArrivals({
      startMs: start,
      endMs: start + 30 * 86_400_000,
      count: 500,
      categories: CATEGORIES,
      communities: COMMUNITIES,
      requesters,
      isWorkingDay: () => true,
      rng: mulberry32(99),
    });
    const twice = planArrivals({
      startMs: start,
      endMs: start + 30 * 86_400_000,
      count: 500,
      categories: CATEGORIES,
      communities: COMMUNITIES,
      requesters,
      isWorkingDay: () => true,
      rng: mulberry32(99),
    });
    expect(twice).toEqual(again);
  });
});

describe('units', () => {
  const units = [
    { id: 1, code: 'GOV-110109', unitType: 'district', divisionCode: '110109' },
    { id: 3, code: 'ST-110109001', unitType: 'street', divisionCode: '110109001' },
    { id: 4, code: 'ST-110109002', unitType: 'street', divisionCode: '110109002' },
    { id: 8, code: 'ST-110109006', unitType: 'street', divisionCode: '110109006' },
    { id: 9, code: 'ST-110109107', unitType: 'street', divisionCode: '110109107' },
    { id: 15, code: 'DEPT-ZJW', unitType: 'department', divisionCode: null },
    { id: 16, code: 'DEPT-CGW', unitType: 'department', divisionCode: null },
  ];

  it('make the first street improve and the busiest other street and the housing commission weak', () => {
    expect(busiestStreet(COMMUNITIES, '110109001')).toBe('110109006');
    const p = unitProfiles(units, mulberry32(1), busiestStreet(COMMUNITIES, '110109001'));
    expect(p.get(3)).toMatchObject({ kind: 'improving', resolved: [0.52, 0.67] });
    expect(p.get(8)?.kind).toBe('weak');
    expect(p.get(15)?.kind).toBe('weak');
    expect([...p.values()].filter((x) => x.kind === 'weak')).toHaveLength(2);
    for (const x of p.values()) if (x.kind === 'normal') expect(x.resolved[0]).toBeGreaterThanOrEqual(0.64);
  });
});

describe('ticket lives', () => {
  const START = sh('2025-06-01 00:00').getTime();
  const END = sh('2026-06-01 00:00').getTime();
  const IMPROVING = 3;
  const OTHER = 4;
  const profiles = unitProfiles(
    [
      { id: IMPROVING, code: 'ST-A', unitType: 'street', divisionCode: 'A' },
      { id: OTHER, code: 'ST-B', unitType: 'street', divisionCode: 'B' },
      { id: 5, code: 'ST-C', unitType: 'street', divisionCode: 'C' },
    ],
    mulberry32(5),
    'C',
  );
  const actorOf = (a: ActorRef, _t: Ticket): Actor => {
    if (a === 'operator') return operator();
    if (a === 'callback') return callbackAgent();
    if (a === 'supervisor') return supervisor();
    return { userId: a.unitId * 100, unitId: a.unitId, roles: ['unit_handler', 'unit_leader'], isCentre: false };
  };

  /** Drives `n` tickets to unit `unit`, spread over the year, each to the end of its life; returns the final tickets. */
  function lives(n: number, unit: number, seed: number): Ticket[] {
    const quota = new QuotaSampler();
    const env: StepEnv = {
      startMs: START,
      endMs: END,
      quota,
      profile: (id) => profiles.get(id)!,
      alternativeUnit: (id) => (id === IMPROVING ? OTHER : IMPROVING),
      category: CATEGORIES[4]!,
    };
    const out: Ticket[] = [];
    for (let i = 0; i < n; i++) {
      const rng = mulberry32(mixSeed(seed, i));
      const at = new Date(START + Math.floor(((END - START - 40 * 86_400_000) * i) / n));
      let t = acceptedTicket({ id: 1000 + i, at }).ticket;
      const d = decide(t, dispatchTo(unit), context(at, operator()));
      if (!d.ok) throw new Error(d.error.message);
      t = d.value.ticket;
      const fate = drawFate(rng);
      const memo = freshMemo();
      let now = at.getTime();
      for (let guard = 0; ; guard++) {
        expect(guard).toBeLessThan(60);
        const step = nextStep(t, now, fate, memo, env, rng);
        if (step === null) break;
        expect(step.at).toBeGreaterThanOrEqual(now);
        const r = decide(t, step.command, context(new Date(step.at), actorOf(step.actor, t)));
        if (!r.ok) throw new Error(`${step.command.type} in ${t.state}: ${r.error.code} ${r.error.message}`);
        t = r.value.ticket;
        now = step.at;
      }
      out.push(t);
    }
    return out;
  }

  it('propose only steps the engine accepts, and every life ends closed', () => {
    const tickets = lives(1500, OTHER, 11);
    for (const t of tickets) expect(t.state).toBe('closed');
    const share = (f: (t: Ticket) => boolean) => tickets.filter(f).length / tickets.length;
    expect(share((t) => t.objectionCount > 0)).toBeGreaterThan(0.01);
    expect(share((t) => t.objectionCount > 0)).toBeLessThan(0.06);
    expect(share((t) => t.extensionCount > 0)).toBeGreaterThan(0.015);
    expect(share((t) => t.redoCount > 0)).toBeGreaterThan(0.02);
    expect(share((t) => t.outcome === 'callback_unreachable')).toBeLessThan(0.03);
  });

  it('make the improving street resolve 52% → 67% and satisfy about 74% → 82%', () => {
    const tickets = lives(3000, IMPROVING, 12).filter((t) => t.leadUnitId === IMPROVING && t.callback !== null && t.outcome === 'completed');
    const rates = (from: number, to: number) => {
      const xs = tickets.filter((t) => t.callback!.at.getTime() >= from && t.callback!.at.getTime() < to);
      const resolved = xs.filter((t) => t.callback!.resolved).length / xs.length;
      const satisfied =
        xs.reduce((s, t) => s + (t.callback!.satisfaction === 'satisfied' ? 1 : t.callback!.satisfaction === 'basically_satisfied' ? 0.9 : 0), 0) / xs.length;
      return { resolved, satisfied, n: xs.length };
    };
    const span = END - START;
    const first = rates(START, START + span / 8);
    const last = rates(END - span / 6, END);
    expect(first.n).toBeGreaterThan(150);
    expect(first.resolved).toBeGreaterThan(0.46);
    expect(first.resolved).toBeLessThan(0.6);
    expect(last.resolved).toBeGreaterThan(0.6);
    expect(last.resolved).toBeLessThan(0.74);
    expect(last.resolved - first.resolved).toBeGreaterThan(0.08);
    expect(first.satisfied).toBeGreaterThan(0.68);
    expect(first.satisfied).toBeLessThan(0.8);
    expect(last.satisfied).toBeGreaterThan(0.76);
    expect(last.satisfied - first.satisfied).toBeGreaterThan(0.03);
  });
});

it('dayNumberOfInstant is the local day (sanity for the day buckets above)', () => {
  expect(dayNumberOfInstant(sh('2026-01-01 00:30').getTime())).toBe(dayNumberOfInstant(sh('2026-01-01 23:30').getTime()));
});
