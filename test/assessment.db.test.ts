/**
 * A month's assessment computed by hand and checked against `GET /api/assessment/rankings`: rates over
 * valid callbacks only (invalid callbacks, direct answers, special routes and approved appeals do not
 * count), the composite under the default rule (0.1 / 0.5 / 0.4, w = 0.9), ranks within the street type,
 * movement against the previous month, and rule versions that never rewrite a past month.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, dbKind, type Harness } from './support/harness.ts';
import { act, api, dispatchedTo, handleAndReply, HOUR, intake, loadRef, STREET_A, STREET_B, type Ref } from './support/ticket-flow.ts';

let h: Harness;
let ref: Ref;
let streetA: number;
let streetB: number;
const handlerA = 'street';
const handlerB = `h.st-${STREET_B}`;

type Callback = { contacted: boolean; resolved: boolean; satisfaction: 'satisfied' | 'basically_satisfied' | 'unsatisfied' };
const cb = (contacted: boolean, resolved: boolean, satisfaction: Callback['satisfaction']): Callback => ({ contacted, resolved, satisfaction });

/** A ticket dispatched to `unit`, handled and replied, then called back with `result`. */
async function scored(unit: number, handler: string, result: Callback | 'invalid'): Promise<number> {
  const id = await dispatchedTo(h, unit);
  await handleAndReply(h, handler, id);
  h.clock.advance(HOUR);
  if (result === 'invalid') {
    await act(h, 'callback', id, 'callback', { valid: false, reason: 'unreachable', note: '无人接听' });
    await act(h, 'callback', id, 'close', { note: '联系不上' });
  } else {
    await act(h, 'callback', id, 'callback', { valid: true, ...result, note: '' });
  }
  return id;
}

async function rankings(month: string) {
  const r = await api(h, 'supervisor', 'GET', `/api/assessment/rankings?month=${month}`);
  expect(r.status).toBe(200);
  return r.body;
}
const streetGroup = (body: { groups: { unitType: string }[] }) =>
  body.groups.find((g) => g.unitType === 'street') as {
    unitType: string;
    ruleVersion: string;
    rankedCount: number;
    rows: Record<string, any>[];
  };
const rowOf = (body: { groups: { unitType: string }[] }, unitId: number) => streetGroup(body).rows.find((r) => r.unitId === unitId)!;

let appealed: number;

beforeAll(async () => {
  h = await createHarness();
  ref = await loadRef(h);
  streetA = ref.unitId(`ST-${STREET_A}`);
  streetB = ref.unitId(`ST-${STREET_B}`);

  // May 2026 (the previous month): A one perfect callback (100), B one poor one (10).
  h.clock.set('2026-05-11T09:00:00+08:00');
  await scored(streetA, handlerA, cb(true, true, 'satisfied'));
  await scored(streetB, handlerB, cb(true, false, 'unsatisfied'));

  // June 2026.
  h.clock.set('2026-06-01T09:00:00+08:00');
  await scored(streetA, handlerA, cb(true, true, 'satisfied')); // A1
  await scored(streetA, handlerA, cb(true, true, 'basically_satisfied')); // A2
  await scored(streetA, handlerA, cb(true, false, 'unsatisfied')); // A3
  await scored(streetA, handlerA, cb(false, true, 'satisfied')); // A4
  await scored(streetA, handlerA, 'invalid'); // A5: not a valid callback
  appealed = await scored(streetA, handlerA, cb(false, false, 'unsatisfied')); // A6: appealed below
  await scored(streetB, handlerB, cb(true, true, 'satisfied')); // B1
  await scored(streetB, handlerB, cb(true, true, 'satisfied')); // B2
  await scored(streetB, handlerB, cb(true, true, 'basically_satisfied')); // B3
  await scored(streetB, handlerB, cb(true, false, 'basically_satisfied')); // B4
  // Closed at intake: never counted against anyone.
  await intake(h, { requestType: 'consultation', communityCode: ref.communities(STREET_A)[0], triage: { action: 'answerDirectly', answer: '已答复' } });
  await intake(h, { communityCode: ref.communities(STREET_A)[0], triage: { action: 'closeSpecial', route: 'court_or_arbitration' } });
});
afterAll(async () => {
  await h?.close();
});

describe(`monthly assessment (${dbKind()})`, () => {
  it('counts the appealed ticket until the appeal is approved', async () => {
    // A before the appeal: 5 valid callbacks (A1–A4, A6), contacted 3, resolved 3, satisfied 2,
    // basically 1, unsatisfied 2.
    //   response 3/5 = 0.6, resolution 3/5 = 0.6, satisfaction (2 + 0.9 × 1)/5 = 0.58
    //   composite = 100 × (0.1 × 0.6 + 0.5 × 0.6 + 0.4 × 0.58) = 6 + 30 + 23.2 = 59.2
    const before = rowOf(await rankings('2026-06'), streetA);
    expect(before.counts).toMatchObject({ validCallbacks: 5, contacted: 3, resolved: 3, satisfied: 2, basicallySatisfied: 1, unsatisfied: 2 });
    expect(before.composite).toBeCloseTo(59.2, 6);
    expect(before.grade).toBe('D');

    h.clock.set('2026-06-20T10:00:00+08:00');
    await act(h, 'street.leader', appealed, 'appeal', { reason: '诉求人要求超出政策规定' });
    expect(rowOf(await rankings('2026-06'), streetA).counts.validCallbacks).toBe(5);
    await act(h, 'supervisor', appealed, 'decideAppeal', { approve: true, note: '申诉成立' });
    expect(rowOf(await rankings('2026-06'), streetA).counts.validCallbacks).toBe(4);
  });

  it('scores, grades and ranks the month as computed by hand, with movement against May', async () => {
    const june = await rankings('2026-06');
    const group = streetGroup(june);
    expect(group.ruleVersion).toBe('default-2019');
    expect(group.rankedCount).toBe(2);

    // Street A: 4 valid callbacks (A1–A4; A5 invalid, A6 appealed): contacted 3 (A1–A3), resolved 3
    // (A1, A2, A4), satisfied 2 (A1, A4), basically 1 (A2), unsatisfied 1 (A3).
    //   response 3/4 = 0.75, resolution 3/4 = 0.75, satisfaction (2 + 0.9 × 1)/4 = 2.9/4 = 0.725
    //   composite = 100 × (0.1 × 0.75 + 0.5 × 0.75 + 0.4 × 0.725) = 7.5 + 37.5 + 29 = 74 → grade C (70–80)
    const a = rowOf(june, streetA);
    expect(a.counts).toMatchObject({ validCallbacks: 4, contacted: 3, resolved: 3, satisfied: 2, basicallySatisfied: 1, unsatisfied: 1 });
    expect(a.responseRate).toBeCloseTo(0.75, 12);
    expect(a.resolutionRate).toBeCloseTo(0.75, 12);
    expect(a.satisfactionRate).toBeCloseTo(0.725, 12);
    expect(a.composite).toBeCloseTo(74, 6);
    expect(a.grade).toBe('C');

    // Street B: 4 valid callbacks, contacted 4, resolved 3 (B1–B3), satisfied 2 (B1, B2), basically 2 (B3, B4).
    //   response 4/4 = 1, resolution 3/4 = 0.75, satisfaction (2 + 0.9 × 2)/4 = 3.8/4 = 0.95
    //   composite = 100 × (0.1 × 1 + 0.5 × 0.75 + 0.4 × 0.95) = 10 + 37.5 + 38 = 85.5 → grade B (80–90)
    const b = rowOf(june, streetB);
    expect(b.counts).toMatchObject({ validCallbacks: 4, contacted: 4, resolved: 3, satisfied: 2, basicallySatisfied: 2, unsatisfied: 0 });
    expect(b.responseRate).toBe(1);
    expect(b.resolutionRate).toBeCloseTo(0.75, 12);
    expect(b.satisfactionRate).toBeCloseTo(0.95, 12);
    expect(b.composite).toBeCloseTo(85.5, 6);
    expect(b.grade).toBe('B');

    // May: A = 100 × (0.1 + 0.5 + 0.4) = 100 (rank 1); B = 100 × (0.1 × 1 + 0 + 0) = 10 (rank 2).
    // June: B 85.5 (rank 1, up 1), A 74 (rank 2, down 1).
    expect(b).toMatchObject({ rank: 1, previousRank: 2, movement: 1 });
    expect(a).toMatchObject({ rank: 2, previousRank: 1, movement: -1 });
    expect(group.rows.slice(0, 2).map((r) => r.unitId)).toEqual([streetB, streetA]);
    // Every other street is listed, unranked.
    for (const r of group.rows.slice(2)) expect(r).toMatchObject({ rank: null, composite: null, movement: null });

    const may = rowOf(await rankings('2026-05'), streetB);
    expect(may).toMatchObject({ rank: 2, composite: 10 });
    expect(rowOf(await rankings('2026-05'), streetA)).toMatchObject({ rank: 1, composite: 100 });

    // Two ranked streets: the best half (B) is red-listed, the worst half (A) black-listed.
    const lists = june.lists.find((l: { unitType: string }) => l.unitType === 'street');
    expect(lists.red.map((x: { unitId: number }) => x.unitId)).toEqual([streetB]);
    expect(lists.black.map((x: { unitId: number }) => x.unitId)).toEqual([streetA]);

    // Nobody else was assessed: the fallback government and departments have no valid callbacks.
    for (const g of june.groups.filter((x: { unitType: string }) => x.unitType !== 'street')) {
      expect(g.rankedCount).toBe(0);
    }
  });

  it('a rule version effective next month leaves this month’s scores alone', async () => {
    const before = await rankings('2026-06');
    const rule = {
      version: 'test-2026-07',
      effectiveFrom: '2026-07',
      unitType: 'street',
      weights: { response: 0.3, resolution: 0.35, satisfaction: 0.35 },
      basicallySatisfiedWeight: 0.5,
      grades: [
        { grade: '好', minScore: 85 },
        { grade: '差', minScore: 0 },
      ],
      listSize: 1,
      focusAfterMonths: 2,
    };
    h.clock.set('2026-06-25T10:00:00+08:00');
    const past = await api(h, 'supervisor', 'POST', '/api/assessment/rules', { ...rule, version: 'test-past', effectiveFrom: '2026-05' });
    expect(past.status).toBe(422);
    expect(past.body.error.code).toBe('ASSESSMENT.PAST_MONTH');
    expect((await api(h, 'street.leader', 'POST', '/api/assessment/rules', rule)).status).toBe(403);
    const added = await api(h, 'supervisor', 'POST', '/api/assessment/rules', rule);
    expect(added.status).toBe(201);

    const after = await rankings('2026-06');
    expect(after).toEqual(before);

    // July is scored under the new version (no callbacks yet, so nobody is ranked).
    const july = streetGroup(await rankings('2026-07'));
    expect(july.ruleVersion).toBe('test-2026-07');
    expect(july.rankedCount).toBe(0);
    // Other unit types keep the general rule.
    expect((await rankings('2026-07')).groups.find((g: { unitType: string }) => g.unitType === 'department').ruleVersion).toBe('default-2019');
  });

  it('charges objections and extensions to the unit that raised them, not to the unit that inherits the ticket', async () => {
    // August 2026: A objects to one ticket and the centre moves it to B; A asks for (and gets) an
    // extension on another, which the centre then reassigns to B.
    h.clock.set('2026-08-03T09:00:00+08:00');
    const objected = await dispatchedTo(h, streetA);
    await act(h, handlerA, objected, 'object', { reason: '不属于本街道' });
    await act(h, 'supervisor', objected, 'decideObjection', { approve: true, leadUnitId: streetB, coUnitIds: [], note: '' });
    const extended = await dispatchedTo(h, streetA);
    await act(h, handlerA, extended, 'sign', { note: '' });
    await act(h, handlerA, extended, 'contact', { method: 'phone', note: '' });
    await act(h, handlerA, extended, 'requestExtension', { days: 2, reason: '需协调' });
    await act(h, 'supervisor', extended, 'decideExtension', { approve: true, note: '' });
    await act(h, 'supervisor', extended, 'reassign', { leadUnitId: streetB, coUnitIds: [], note: '改派' });
    // B's own objection, rejected, on a third ticket: that one is B's.
    const own = await dispatchedTo(h, streetB);
    await act(h, handlerB, own, 'object', { reason: '不属于本街道' });
    await act(h, 'supervisor', own, 'decideObjection', { approve: false, note: '' });
    // …and B's own extension request counts even though it was refused: the unit asked for one.
    await act(h, handlerB, own, 'sign', { note: '' });
    await act(h, handlerB, own, 'contact', { method: 'phone', note: '' });
    await act(h, handlerB, own, 'requestExtension', { days: 1, reason: '需协调' });
    await act(h, 'supervisor', own, 'decideExtension', { approve: false, note: '' });

    const b = rowOf(await rankings('2026-08'), streetB);
    expect(b.counts).toMatchObject({ dispatched: 3, objections: 1, extensions: 1 });
    expect(b.measures.objectionRate).toBeCloseTo(1 / 3, 12);
    expect(b.measures.extensionRate).toBeCloseTo(1 / 3, 12);
  });
});
