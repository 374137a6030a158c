/**
 * 评星定级 and 党建品牌 over the API on the real databases: a full rating cycle with an appeal and the
 * branches that fell a star; a brand programme from application to publication with blind experts; a
 * round of 95 applications and 7 experts; and who may do what (the party roles' own matrix).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CRITERIA } from '../src/modules/party/brands.domain.ts';
import { applyForBrand, preliminaryReview, scoreApplication } from '../src/modules/party/brands.service.ts';
import { DEFAULT_RULE_SET, scoreRating } from '../src/modules/party/rating.domain.ts';
import { login, principalOfUsername } from '../src/engine/auth.ts';
import { send } from './support/api-surface.ts';
import { createHarness, dbKind, PASSWORD } from './support/harness.ts';
import { entriesAt, partyFixtures } from './support/party-fixtures.ts';

const h = await createHarness();
afterAll(async () => {
  await h.close();
});
const f = await partyFixtures(h, { branchesPerStreet: 3, experts: 3 });

/** Sessions through the use case (the HTTP login is throttled per address), renewed when the test clock moves on. */
const tokens = new Map<string, string>();
async function tokenOf(username: string): Promise<string> {
  const key = `${username}@${h.clock.now().toISOString().slice(0, 10)}`;
  const hit = tokens.get(key);
  if (hit !== undefined) return hit;
  const { token } = await login(h.ctx, username, PASSWORD);
  tokens.set(key, token);
  return token;
}
const api = async (user: string | null, method: string, url: string, body?: unknown) =>
  send(h, { method, url, token: user === null ? null : await tokenOf(user), ...(body === undefined ? {} : { payload: body }) });

async function ok(user: string | null, method: string, url: string, body?: unknown) {
  const r = await api(user, method, url, body);
  if (r.status >= 300) throw new Error(`${user} ${method} ${url}: ${r.status} ${r.text}`);
  return r.body;
}
const code = (r: { body: any }) => r.body?.error?.code as string | undefined;

describe(`star rating (${dbKind()})`, () => {
  let ruleSetId = 0;
  let cycleId = 0;
  const ratingOf = async (cycle: number, orgId: number, user = f.district) =>
    ((await ok(user, 'GET', `/api/party/rating/cycles/${cycle}`)) as { rows: { ratingId: number; organisationId: number }[] }).rows.find(
      (r) => r.organisationId === orgId,
    )!.ratingId;

  it('keeps rule sets versioned and opens a year under the one in force', async () => {
    const bad = await api(f.district, 'POST', '/api/party/rating/rule-sets', {
      version: 'bad',
      effectiveFrom: '2025-01-01',
      content: { ...DEFAULT_RULE_SET, bands: [{ stars: 1, minScore: 5 }] },
    });
    expect([bad.status, code(bad)]).toEqual([422, 'RATING.INVALID_RULE_SET']);
    expect(
      (await api(f.streetWorkerA, 'POST', '/api/party/rating/rule-sets', { version: 'x', effectiveFrom: '2025-01-01', content: DEFAULT_RULE_SET })).status,
    ).toBe(403);
    ruleSetId = (await ok(f.district, 'POST', '/api/party/rating/rule-sets', { version: '2025版', effectiveFrom: '2025-01-01', content: DEFAULT_RULE_SET })).id;
    const dup = await api(f.district, 'POST', '/api/party/rating/rule-sets', { version: '2025版', effectiveFrom: '2025-02-01', content: DEFAULT_RULE_SET });
    expect([dup.status, code(dup)]).toEqual([409, 'RATING.DUPLICATE_RULE_SET']);
    const early = await api(f.district, 'POST', '/api/party/rating/cycles', { year: 2024 });
    expect([early.status, code(early)]).toEqual([422, 'RATING.RULE_SET_NOT_IN_FORCE']);
    expect((await api(f.streetWorkerA, 'POST', '/api/party/rating/cycles', { year: 2025 })).status).toBe(403);
    const cycle = await ok(f.district, 'POST', '/api/party/rating/cycles', { year: 2025 });
    cycleId = cycle.id;
    expect(cycle).toMatchObject({ year: 2025, ruleSetId, status: 'rating', counts: { pending: 6 } });
    expect(code(await api(f.district, 'POST', '/api/party/rating/cycles', { year: 2025 }))).toBe('RATING.CYCLE_EXISTS');
  });

  it('shows each party worker the branches of their scope only', async () => {
    const rows = async (u: string) =>
      ((await ok(u, 'GET', `/api/party/rating/cycles/${cycleId}`)) as { rows: { organisationId: number }[] }).rows
        .map((r) => r.organisationId)
        .sort((a, b) => a - b);
    const all = [...f.branchesA, ...f.branchesB].map((b) => b.id).sort((a, b) => a - b);
    expect(await rows(f.district)).toEqual(all);
    expect(await rows(f.dept)).toEqual(all);
    expect(await rows(f.streetWorkerA)).toEqual(f.branchesA.map((b) => b.id).sort((a, b) => a - b));
    expect(await rows(f.streetWorkerB)).toEqual(f.branchesB.map((b) => b.id).sort((a, b) => a - b));
    expect(await rows(f.station)).toEqual(f.branchesA.filter((b) => b.divisionCode === f.branchesA[0]!.divisionCode).map((b) => b.id));
  });

  it('runs a cycle: self-rating with evidence, review in scope, posting, an appeal changed, finalisation and history', async () => {
    const [a1, a2] = f.branchesA;
    const r1 = await ratingOf(cycleId, a1!.id);
    // The secretary of another branch and a street worker outside the scope see nothing.
    expect((await api(f.branchesB[0]!.secretary, 'GET', `/api/party/ratings/${r1}`)).status).toBe(404);
    expect((await api(f.streetWorkerB, 'PUT', `/api/party/ratings/${r1}/review`, { entries: entriesAt(0.9, 'comment'), comment: '' })).status).toBe(404);
    // A review before the self-rating is refused.
    expect(code(await api(f.streetWorkerA, 'PUT', `/api/party/ratings/${r1}/review`, { entries: entriesAt(0.9, 'comment'), comment: '' }))).toBe(
      'RATING.WRONG_STAGE',
    );
    const bad = await api(a1!.secretary, 'PUT', `/api/party/ratings/${r1}/self`, { entries: entriesAt(0.9, 'evidence').slice(1) });
    expect([bad.status, code(bad)]).toEqual([422, 'RATING.INVALID_ENTRIES']);
    const self = await ok(a1!.secretary, 'PUT', `/api/party/ratings/${r1}/self`, { entries: entriesAt(0.9, 'evidence') });
    expect(self.status).toBe('self_rated');
    // The member indicator is the platform's figure: 4 active members of 12 for full marks → 20 × 4/12 = 6.6.
    expect(self.figures).toEqual({ memberCount: 4, meetings: null, serviceMinutes: null, sourcedScores: { members: 6.6 } });
    expect(self.self.entries.find((e: { code: string }) => e.code === 'members').score).toBe(6.6);
    expect(self.self.entries[0].evidence).toBe('organisation 材料');
    expect(self.may).toMatchObject({ selfRate: true, review: false });
    const reviewed = await ok(f.streetWorkerA, 'PUT', `/api/party/ratings/${r1}/review`, { entries: entriesAt(0.95, 'comment'), comment: '材料齐全' });
    const expected = scoreRating(
      DEFAULT_RULE_SET,
      entriesAt(0.95, 'comment').map((e) => (e.code === 'members' ? { ...e, score: 6.6 } : e)),
    );
    expect(reviewed.review.result.total).toBe(expected.total);
    expect(reviewed.status).toBe('reviewed');
    // A party worker who entered a self-rating may not review it.
    const r2 = await ratingOf(cycleId, a2!.id);
    await ok(f.streetWorkerA, 'PUT', `/api/party/ratings/${r2}/self`, { entries: entriesAt(0.8, 'evidence') });
    expect(code(await api(f.streetWorkerA, 'PUT', `/api/party/ratings/${r2}/review`, { entries: entriesAt(0.8, 'comment'), comment: '' }))).toBe(
      'RATING.REVIEWER_IS_RATER',
    );
    const notAll = await api(f.district, 'POST', `/api/party/rating/cycles/${cycleId}/posting`, { from: '2026-03-02', to: '2026-03-08' });
    expect([notAll.status, code(notAll), notAll.body.error.details]).toEqual([409, 'RATING.NOT_ALL_REVIEWED', { notReviewed: 5 }]);
    await ok(f.district, 'PUT', `/api/party/ratings/${r2}/review`, { entries: entriesAt(0.85, 'comment'), comment: '' });
    for (const [k, b] of [...f.branchesA.slice(2), ...f.branchesB].entries()) {
      const r = await ratingOf(cycleId, b.id);
      await ok(b.secretary, 'PUT', `/api/party/ratings/${r}/self`, { entries: entriesAt(0.9, 'evidence') });
      await ok(k === 0 ? f.streetWorkerA : f.streetWorkerB, 'PUT', `/api/party/ratings/${r}/review`, {
        entries: entriesAt(0.7 + k * 0.05, 'comment'),
        comment: '',
      });
    }
    expect(code(await api(f.district, 'POST', `/api/party/rating/cycles/${cycleId}/posting`, { from: '2026-03-01', to: '2026-03-08' }))).toBe(
      'RATING.INVALID_WINDOW',
    );
    expect(code(await api(f.district, 'POST', `/api/party/rating/cycles/${cycleId}/posting`, { from: '2026-03-02', to: '2026-05-08' }))).toBe(
      'RATING.INVALID_WINDOW',
    );
    expect((await ok(f.district, 'POST', `/api/party/rating/cycles/${cycleId}/posting`, { from: '2026-03-02', to: '2026-03-08' })).status).toBe('posting');
    // Reviews are closed once posted.
    expect(code(await api(f.streetWorkerA, 'PUT', `/api/party/ratings/${r1}/review`, { entries: entriesAt(0.5, 'comment'), comment: '' }))).toBe(
      'RATING.WRONG_STAGE',
    );

    const appealed = await ok(a1!.secretary, 'POST', `/api/party/ratings/${r1}/appeal`, { reason: '会议记录已补充' });
    expect(appealed.status).toBe('appealed');
    expect(code(await api(a1!.secretary, 'POST', `/api/party/ratings/${r1}/appeal`, { reason: '再次申诉' }))).toBe('RATING.ALREADY_APPEALED');
    expect(code(await api(f.district, 'POST', `/api/party/rating/cycles/${cycleId}/finalise`))).toBe('RATING.POSTING_NOT_OVER');
    expect((await api(f.streetWorkerB, 'POST', `/api/party/ratings/${r1}/appeal-decision`, { decision: 'upheld', comment: '维持' })).status).toBe(404);
    expect(code(await api(f.streetWorkerA, 'POST', `/api/party/ratings/${r1}/appeal-decision`, { decision: 'changed', comment: '改' }))).toBe(
      'RATING.INVALID_ENTRIES',
    );
    const decided = await ok(f.streetWorkerA, 'POST', `/api/party/ratings/${r1}/appeal-decision`, {
      decision: 'changed',
      comment: '补充材料属实',
      entries: entriesAt(1, 'comment'),
    });
    expect(decided.appeal).toMatchObject({ reason: '会议记录已补充', decision: 'changed', comment: '补充材料属实' });
    expect(decided.review.result.total).toBeGreaterThan(reviewed.review.result.total);
    expect(decided.events.map((e: { kind: string }) => e.kind)).toEqual(['self_rated', 'reviewed', 'appealed', 'appeal_changed']);

    // After the window: no appeal, and the cycle can be finalised.
    h.clock.set('2026-03-09T09:00:00+08:00');
    expect(code(await api(a2!.secretary, 'POST', `/api/party/ratings/${r2}/appeal`, { reason: '晚了' }))).toBe('RATING.OUTSIDE_WINDOW');
    const fin = await ok(f.district, 'POST', `/api/party/rating/cycles/${cycleId}/finalise`);
    expect(fin).toMatchObject({ status: 'final', counts: { final: 6 } });
    const history = await ok(a1!.secretary, 'GET', `/api/party/rating/history/${a1!.id}`);
    expect(history.years).toEqual([
      expect.objectContaining({ year: 2025, final: true, stars: decided.review.result.stars, total: decided.review.result.total, appealed: true }),
    ]);
    expect((await api(a1!.secretary, 'GET', `/api/party/rating/history/${a2!.id}`)).status).toBe(404);
    const mine = await ok(a1!.secretary, 'GET', '/api/party/rating/mine');
    expect(mine.branches.map((b: { organisation: { id: number } }) => b.organisation.id)).toEqual([a1!.id]);
  });

  it('lists the branches that fell a star, per street', async () => {
    const next = await ok(f.district, 'POST', '/api/party/rating/cycles', { year: 2026 });
    const [a1, a2] = f.branchesA;
    for (const [b, fraction] of [
      [a1!, 0.5],
      [a2!, 1],
    ] as const) {
      const r = await ratingOf(next.id, b.id);
      await ok(b.secretary, 'PUT', `/api/party/ratings/${r}/self`, { entries: entriesAt(1, 'evidence') });
      await ok(f.streetWorkerA, 'PUT', `/api/party/ratings/${r}/review`, { entries: entriesAt(fraction, 'comment'), comment: '' });
    }
    const fallen = await ok(f.district, 'GET', `/api/party/rating/cycles/${next.id}/fallen`);
    expect(fallen.final).toBe(false);
    expect(fallen.streets).toHaveLength(1);
    expect(fallen.streets[0].streetCode).toBe(f.streetA);
    expect(fallen.streets[0].branches.map((b: { organisationId: number }) => b.organisationId)).toEqual([a1!.id]);
    const row = fallen.streets[0].branches[0];
    expect(row.reviewStars).toBeLessThan(row.previousStars);
    expect(row.previousYear).toBe(2025);
    expect((await ok(f.streetWorkerB, 'GET', `/api/party/rating/cycles/${next.id}/fallen`)).streets).toEqual([]);
    // The 双报到 overview of a month of 2026 shows the same branch under 降星支部, to the street's worker too;
    // another street's worker sees none, and a year without a cycle says so (null).
    const overview = (user: string, month: string) => ok(user, 'GET', `/api/party/reportin/overview?month=${month}`);
    const district = (await overview(f.district, '2026-03')).fellAStar;
    expect(district).toMatchObject({ year: 2026, final: false });
    expect(district.branches).toEqual([
      expect.objectContaining({ organisationId: a1!.id, streetCode: f.streetA, previousStars: row.previousStars, stars: row.reviewStars }),
    ]);
    expect((await overview(f.streetWorkerA, '2026-03')).fellAStar.branches.map((b: { organisationId: number }) => b.organisationId)).toEqual([a1!.id]);
    expect((await overview(f.streetWorkerB, '2026-03')).fellAStar.branches).toEqual([]);
    expect((await overview(f.district, '2024-03')).fellAStar).toBeNull();
  });
});

describe(`brand programme (${dbKind()})`, () => {
  it('goes from application to publication with blind experts', async () => {
    const [e1, e2, e3] = f.experts;
    const prog = await ok(f.district, 'POST', '/api/party/brand-programmes', { year: 2026, title: '一支部一品牌', criteria: DEFAULT_CRITERIA });
    const branches = [...f.branchesA, ...f.branchesB].slice(0, 5);
    const apps: { id: number; organisationName: string }[] = [];
    for (const [k, b] of branches.entries())
      apps.push(await ok(b.secretary, 'POST', `/api/party/brand-programmes/${prog.id}/applications`, { title: `品牌${k}`, summary: '简介', practice: '做法' }));
    expect(apps[0]!.organisationName).toBe(branches[0]!.name);
    expect(code(await api(f.resident, 'POST', `/api/party/brand-programmes/${prog.id}/applications`, { title: 't', summary: 's', practice: 'p' }))).toBe(
      'BRAND.NOT_SECRETARY',
    );
    expect(
      code(await api(branches[0]!.secretary, 'POST', `/api/party/brand-programmes/${prog.id}/applications`, { title: 't', summary: 's', practice: 'p' })),
    ).toBe('BRAND.ALREADY_APPLIED');
    const experts = { expertUserIds: [e1!.id, e2!.id, e3!.id] };
    expect(code(await api(f.district, 'POST', `/api/party/brand-programmes/${prog.id}/rounds`, experts))).toBe('BRAND.WRONG_STAGE');
    expect(code(await api(f.district, 'POST', `/api/party/brand-applications/${apps[4]!.id}/preliminary`, { decision: 'reject' }))).toBe(
      'BRAND.REASON_REQUIRED',
    );
    await ok(f.district, 'POST', `/api/party/brand-applications/${apps[4]!.id}/preliminary`, { decision: 'reject', reason: '材料不全' });
    for (const a of apps.slice(0, 4)) await ok(f.district, 'POST', `/api/party/brand-applications/${a.id}/preliminary`, { decision: 'pass' });
    expect((await ok(branches[4]!.secretary, 'GET', '/api/party/brand-applications/mine')).items[0]).toMatchObject({
      status: 'rejected',
      reviewReason: '材料不全',
    });
    expect(code(await api(f.district, 'POST', `/api/party/brand-programmes/${prog.id}/rounds`, { expertUserIds: [f.userId(f.resident)] }))).toBe(
      'BRAND.INVALID_EXPERTS',
    );
    const round1 = await ok(f.district, 'POST', `/api/party/brand-programmes/${prog.id}/rounds`, experts);
    expect(round1.rows).toHaveLength(4);
    const r1 = round1.round.id;

    // Blind: the sheet names no branch, and never shows another expert's scores.
    const names = [...f.branchesA, ...f.branchesB].map((b) => b.name);
    const blind = (body: unknown) => {
      const text = JSON.stringify(body);
      for (const n of names) expect(text).not.toContain(n);
      expect(text).not.toContain('organisation');
      expect(text).not.toMatch(/"(mean|rank|expertsDone)"/);
    };
    const sheet1 = await ok(e1!.username, 'GET', `/api/party/brand-rounds/${r1}/sheet`);
    blind(sheet1);
    expect(sheet1.items.map((i: { label: string }) => i.label)).toEqual(['R1-001', 'R1-002', 'R1-003', 'R1-004']);
    const sheetOf = (k: number) => ({ innovation: 20 + k, effect: 20, replicable: 10 + k, mass_approval: 15 });
    for (const [k, item] of sheet1.items.entries())
      blind(await ok(e1!.username, 'PUT', `/api/party/brand-rounds/${r1}/scores/${item.applicationId}`, { scores: sheetOf(k) }));
    const sheet2 = await ok(e2!.username, 'GET', `/api/party/brand-rounds/${r1}/sheet`);
    blind(sheet2);
    expect(sheet2.items.every((i: { myScores: unknown; myTotal: unknown }) => i.myScores === null && i.myTotal === null)).toBe(true);
    // Scores within 0..max, every criterion; the rejected application and other rounds are not the expert's.
    const first = sheet1.items[0].applicationId;
    expect(code(await api(e2!.username, 'PUT', `/api/party/brand-rounds/${r1}/scores/${first}`, { scores: { ...sheetOf(0), innovation: 31 } }))).toBe(
      'BRAND.INVALID_SHEET',
    );
    expect(code(await api(e2!.username, 'PUT', `/api/party/brand-rounds/${r1}/scores/${first}`, { scores: { innovation: 1 } }))).toBe('BRAND.INVALID_SHEET');
    expect((await api(e2!.username, 'PUT', `/api/party/brand-rounds/${r1}/scores/${apps[4]!.id}`, { scores: sheetOf(0) })).status).toBe(404);
    expect((await api(e2!.username, 'GET', `/api/party/brand-rounds/${r1}/applications/${apps[4]!.id}`)).status).toBe(404);
    expect((await api(f.streetWorkerA, 'GET', `/api/party/brand-rounds/${r1}/sheet`)).status).toBe(404);
    expect(code(await api(f.district, 'POST', `/api/party/brand-rounds/${r1}/close`))).toBe('BRAND.ROUND_INCOMPLETE');
    for (const e of [e2!, e3!])
      for (const [k, item] of sheet1.items.entries())
        await ok(e.username, 'PUT', `/api/party/brand-rounds/${r1}/scores/${item.applicationId}`, { scores: sheetOf(3 - k) });
    // A revision replaces the expert's sheet until the round closes.
    const revised = await ok(e3!.username, 'PUT', `/api/party/brand-rounds/${r1}/scores/${first}`, {
      scores: { innovation: 30, effect: 30, replicable: 20, mass_approval: 20 },
    });
    expect(revised.item.myTotal).toBe(100);

    const table = await ok(f.district, 'GET', `/api/party/brand-rounds/${r1}`);
    expect(table.experts.map((x: { done: number }) => x.done)).toEqual([4, 4, 4]);
    expect(table.rows.map((r: { rank: number }) => r.rank)).toEqual([1, 2, 3, 4]);
    expect(table.rows[0].organisationName).toBeTruthy();
    const closed = await ok(f.district, 'POST', `/api/party/brand-rounds/${r1}/close`);
    expect(closed.round.status).toBe('closed');
    expect(code(await api(e1!.username, 'PUT', `/api/party/brand-rounds/${r1}/scores/${first}`, { scores: sheetOf(0) }))).toBe('BRAND.WRONG_STAGE');
    const top2 = closed.rows.slice(0, 2).map((r: { applicationId: number }) => r.applicationId);
    expect(code(await api(f.district, 'POST', `/api/party/brand-rounds/${r1}/advance`, { applicationIds: [apps[4]!.id], expertUserIds: [e1!.id] }))).toBe(
      'BRAND.INVALID_SELECTION',
    );
    const round2 = await ok(f.district, 'POST', `/api/party/brand-rounds/${r1}/advance`, { top: 2, expertUserIds: [e1!.id, e2!.id] });
    expect(round2.rows.map((r: { applicationId: number }) => r.applicationId).sort()).toEqual([...top2].sort());
    expect(code(await api(f.district, 'POST', `/api/party/brand-rounds/${r1}/advance`, { top: 2, expertUserIds: [e1!.id] }))).toBe('BRAND.ALREADY_ADVANCED');
    const r2 = round2.round.id;
    expect((await api(e3!.username, 'GET', `/api/party/brand-rounds/${r2}/sheet`)).status).toBe(404);
    for (const e of [e1!, e2!])
      for (const id of top2) await ok(e.username, 'PUT', `/api/party/brand-rounds/${r2}/scores/${id}`, { scores: sheetOf(id === top2[1] ? 5 : 0) });
    await ok(f.district, 'POST', `/api/party/brand-rounds/${r2}/close`);
    expect((await ok(null, 'GET', '/api/party/brands')).items).toEqual([]);
    const published = await ok(f.district, 'POST', `/api/party/brand-programmes/${prog.id}/publish`, { top: 1 });
    expect(published.programme.status).toBe('published');
    const brands = (await ok(null, 'GET', '/api/party/brands')).items;
    expect(brands).toHaveLength(1);
    expect(brands[0]).toMatchObject({ rank: 1, programmeTitle: '一支部一品牌', organisationName: apps.find((a) => a.id === top2[1])!.organisationName });
    expect(code(await api(f.district, 'POST', `/api/party/brand-programmes/${prog.id}/publish`, { top: 1 }))).toBe('BRAND.ALREADY_ADVANCED');
  });

  it('manages a round of 95 applications and 7 experts on one screen, and advances the top 24', async () => {
    const big = await partyFixtures(h, { branchesPerStreet: 48, experts: 7, prefix: 'big' });
    const organiser = (await principalOfUsername(h.ctx, big.district))!;
    const prog = await ok(big.district, 'POST', '/api/party/brand-programmes', { year: 2027, title: '九十五进二十四', criteria: DEFAULT_CRITERIA });
    const branches = [...big.branchesA, ...big.branchesB].slice(0, 95);
    for (const [k, b] of branches.entries()) {
      const a = await applyForBrand(h.ctx, (await principalOfUsername(h.ctx, b.secretary))!, prog.id, { title: `品牌${k}`, summary: 's', practice: 'p' });
      await preliminaryReview(h.ctx, organiser, a.id, { decision: 'pass' });
    }
    const round = await ok(big.district, 'POST', `/api/party/brand-programmes/${prog.id}/rounds`, {
      expertUserIds: big.experts.map((e) => e.id),
      trimmed: true,
    });
    expect(round.rows).toHaveLength(95);
    for (const [ei, e] of big.experts.entries()) {
      const p = (await principalOfUsername(h.ctx, e.username))!;
      for (const row of round.rows as { applicationId: number }[]) {
        const v = (row.applicationId * 13 + ei * 7) % 21;
        await scoreApplication(h.ctx, p, round.round.id, row.applicationId, {
          scores: { innovation: v, effect: 30 - v, replicable: v % 20, mass_approval: 20 },
        });
      }
    }
    const table = await ok(big.district, 'GET', `/api/party/brand-rounds/${round.round.id}`);
    expect(table.rows).toHaveLength(95);
    expect(table.experts).toHaveLength(7);
    expect(table.experts.every((x: { done: number; of: number }) => x.done === 95 && x.of === 95)).toBe(true);
    expect(
      table.rows.every((r: { expertsDone: boolean[]; scored: number }) => r.expertsDone.length === 7 && r.expertsDone.every(Boolean) && r.scored === 7),
    ).toBe(true);
    expect(table.rows.map((r: { rank: number }) => r.rank)).toEqual(Array.from({ length: 95 }, (_, i) => i + 1));
    const means = table.rows.map((r: { mean: number }) => r.mean);
    expect(means).toEqual([...means].sort((a, b) => b - a));
    await ok(big.district, 'POST', `/api/party/brand-rounds/${round.round.id}/close`);
    const next = await ok(big.district, 'POST', `/api/party/brand-rounds/${round.round.id}/advance`, {
      top: 24,
      expertUserIds: big.experts.slice(0, 5).map((e) => e.id),
    });
    expect(next.rows).toHaveLength(24);
    const after = await ok(big.district, 'GET', `/api/party/brand-rounds/${round.round.id}`);
    expect(after.rows.filter((r: { advanced: boolean }) => r.advanced).map((r: { rank: number }) => r.rank)).toEqual(
      Array.from({ length: 24 }, (_, i) => i + 1),
    );
  });
});
