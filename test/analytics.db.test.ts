/**
 * Analytics over the real database: request volume by month (Asia/Shanghai month boundaries, every
 * month of the period present), by category (top two levels, counts rolled up), by street/town of the
 * place; the three rates per month for the district and for one unit, equal to the monthly ranking's;
 * who may read them and what bad periods get.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, dbKind, testClock, type Harness } from './support/harness.ts';
import { act, api, dispatchedTo, handleAndReply, HOUR, intake, loadRef, STREET_A, STREET_B, type Ref } from './support/ticket-flow.ts';

let h: Harness;
let ref: Ref;
let streetA: number;
let streetB: number;
let communityA: string;
let communityB: string;

type Satisfaction = 'satisfied' | 'basically_satisfied' | 'unsatisfied';

/** Dispatched to a street (placed in it), handled, and called back with a valid answer. */
async function calledBack(
  unit: number,
  handler: string,
  community: string,
  categoryId: number,
  resolved: boolean,
  satisfaction: Satisfaction,
): Promise<number> {
  const id = await dispatchedTo(h, unit, { communityCode: community, categoryId });
  await handleAndReply(h, handler, id);
  h.clock.advance(HOUR);
  await act(h, 'callback', id, 'callback', { valid: true, contacted: true, resolved, satisfaction, note: '' });
  return id;
}

async function get(user: string, url: string) {
  const r = await api(h, user, 'GET', url);
  return r;
}

let noiseId: number;
let secondLevelOfNoise: number;
let topOfNoise: number;

beforeAll(async () => {
  h = await createHarness({ clock: testClock('2026-01-10T09:00:00+08:00') });
  ref = await loadRef(h);
  streetA = ref.unitId(`ST-${STREET_A}`);
  streetB = ref.unitId(`ST-${STREET_B}`);
  communityA = ref.communities(STREET_A)[0]!;
  communityB = ref.communities(STREET_B)[0]!;
  const cats = (await api(h, 'supervisor', 'GET', '/api/categories')).body.items as { id: number; code: string; parentId: number | null; isLeaf: boolean }[];
  const noise = cats.find((c) => c.isLeaf && c.code.startsWith('URB.NOISE')) ?? cats.find((c) => c.isLeaf)!;
  noiseId = noise.id;
  secondLevelOfNoise = noise.parentId!;
  topOfNoise = cats.find((c) => c.id === secondLevelOfNoise)!.parentId!;

  // January: street A two tickets (satisfied, basically satisfied), street B one unsatisfied.
  await calledBack(streetA, 'street', communityA, noiseId, true, 'satisfied');
  await calledBack(streetA, 'street', communityA, noiseId, true, 'basically_satisfied');
  await calledBack(streetB, `h.st-${STREET_B}`, communityB, noiseId, false, 'unsatisfied');
  // A consultation answered at once: demand (volume), never in the rates; no category, no place.
  await intake(h, { requestType: 'consultation', triage: { action: 'answerDirectly', answer: '可在政务服务网办理' } });

  // Month boundary (Asia/Shanghai): 23:30 on 28 February is February, 00:10 on 1 March is March.
  h.clock.set('2026-02-28T23:30:00+08:00');
  await intake(h, { categoryId: noiseId, communityCode: communityB, triage: { action: 'none' } });
  h.clock.set('2026-03-01T00:10:00+08:00');
  await intake(h, { categoryId: noiseId, communityCode: communityB, triage: { action: 'none' } });

  // March: one more for street A, called back in March.
  h.clock.set('2026-03-10T09:00:00+08:00');
  await calledBack(streetA, 'street', communityA, noiseId, true, 'satisfied');
});

afterAll(async () => {
  await h?.close();
});

describe(`analytics (${dbKind()})`, () => {
  it('counts requests per local month, every month of the period present', async () => {
    const r = await get('supervisor', '/api/analytics/volume?from=2025-12&to=2026-04&groupBy=month');
    expect(r.status).toBe(200);
    expect(r.body.items.map((i: { key: string; count: number }) => [i.key, i.count])).toEqual([
      ['2025-12', 0],
      ['2026-01', 4],
      ['2026-02', 1],
      ['2026-03', 2],
      ['2026-04', 0],
    ]);
    expect(r.body.district).toEqual({ code: '110109', name: '门头沟区', total: 7 });
  });

  it('rolls categories up to the top two levels, with the uncategorised apart', async () => {
    const r = await get('supervisor', '/api/analytics/volume?from=2026-01&to=2026-03&groupBy=category');
    expect(r.status).toBe(200);
    const items = r.body.items as { key: string | null; level: number; parentKey: string | null; count: number; name: string }[];
    const top = items.filter((i) => i.level === 1);
    expect(top.find((i) => i.key === String(topOfNoise))!.count).toBe(6);
    expect(top.find((i) => i.key === null)).toMatchObject({ count: 1, name: '未分类' });
    expect(top.reduce((s, i) => s + i.count, 0)).toBe(r.body.district.total);
    expect(items.find((i) => i.level === 2)).toMatchObject({ key: String(secondLevelOfNoise), parentKey: String(topOfNoise), count: 6 });
  });

  it('counts requests and rates by the street/town of the place', async () => {
    const r = await get('supervisor', '/api/analytics/volume?from=2026-01&to=2026-03&groupBy=street');
    expect(r.status).toBe(200);
    const items = r.body.items as { key: string | null; count: number; rates: Record<string, number | null> }[];
    const a = items.find((i) => i.key === STREET_A)!;
    const b = items.find((i) => i.key === STREET_B)!;
    expect(a.count).toBe(3);
    expect(b.count).toBe(3);
    // Street A: 3 valid callbacks, all contacted and resolved, satisfaction (2 + 0.9) / 3.
    expect(a.rates).toMatchObject({ validCallbacks: 3, responseRate: 1, resolutionRate: 1, ruleVersion: 'default-2019' });
    expect(a.rates.satisfactionRate).toBeCloseTo(2.9 / 3, 10);
    expect(b.rates).toMatchObject({ validCallbacks: 1, responseRate: 1, resolutionRate: 0, satisfactionRate: 0 });
    // Every street of the district is listed, with null rates when nothing was called back.
    const divisions = (await get('supervisor', '/api/divisions')).body.items as { level: string }[];
    expect(items.filter((i) => i.key !== null).length).toBe(divisions.filter((d) => d.level === 'street').length);
    const quiet = items.find((i) => i.key !== null && i.key !== STREET_A && i.key !== STREET_B)!;
    expect(quiet).toMatchObject({ count: 0, rates: { validCallbacks: 0, responseRate: null, composite: null } });
    expect(items.find((i) => i.key === null)).toMatchObject({ count: 1, name: '未定位' });
  });

  it('gives the three rates per month for the district and for a unit, equal to the ranking', async () => {
    const district = await get('supervisor', '/api/analytics/rates?from=2026-01&to=2026-03');
    expect(district.status).toBe(200);
    expect(district.body.unit).toBeNull();
    const [jan, feb, mar] = district.body.items;
    expect(jan).toMatchObject({ month: '2026-01', validCallbacks: 3, responseRate: 1, ruleVersion: 'default-2019' });
    expect(jan.resolutionRate).toBeCloseTo(2 / 3, 10);
    expect(jan.satisfactionRate).toBeCloseTo(1.9 / 3, 10);
    expect(feb).toMatchObject({ month: '2026-02', validCallbacks: 0, responseRate: null, composite: null });
    expect(mar).toMatchObject({ month: '2026-03', validCallbacks: 1, composite: 100 });

    const unit = await get('street.leader', `/api/analytics/rates?from=2026-01&to=2026-03&unitId=${streetA}`);
    expect(unit.status).toBe(200);
    expect(unit.body.unit).toMatchObject({ id: streetA, name: '大峪街道', unitType: 'street' });
    const ranking = (await get('supervisor', '/api/assessment/rankings?month=2026-01')).body;
    const row = ranking.groups.find((g: { unitType: string }) => g.unitType === 'street').rows.find((x: { unitId: number }) => x.unitId === streetA);
    const janA = unit.body.items[0];
    for (const k of ['responseRate', 'resolutionRate', 'satisfactionRate', 'composite']) expect(janA[k], k).toBe(row[k]);
    expect(janA.validCallbacks).toBe(row.counts.validCallbacks);
  });

  it('is for supervisors, admins and unit leaders; bad periods and units are refused', async () => {
    for (const user of ['supervisor', 'admin', 'street.leader', 'gov'])
      expect((await get(user, '/api/analytics/volume?from=2026-01&to=2026-01&groupBy=month')).status, user).toBe(200);
    for (const user of ['operator', 'callback', 'street', 'cgw'])
      expect((await get(user, '/api/analytics/volume?from=2026-01&to=2026-01&groupBy=month')).status, user).toBe(403);
    const reversed = await get('supervisor', '/api/analytics/rates?from=2026-03&to=2026-01');
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.code).toBe('VALIDATION.INVALID_INPUT');
    expect((await get('supervisor', '/api/analytics/volume?from=2023-01&to=2026-01&groupBy=month')).status).toBe(400);
    expect((await get('supervisor', '/api/analytics/volume?from=2023-02&to=2026-01&groupBy=month')).status).toBe(200);
    const unknown = await get('supervisor', '/api/analytics/rates?from=2026-01&to=2026-01&unitId=999999');
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.code).toBe('UNIT.UNKNOWN');
  });
});
