/**
 * Who may do what in the star rating and the brand programme, for the party's own roles (the API-wide
 * matrix in authorization.db.test.ts has none of them): every operation of the `party.rating*` and
 * `party.brand*` rules × the district's and a department's party worker, the party workers of street A,
 * street B and a station in street A, the secretary of a branch in street A and of one in street B, an
 * expert of the round, an expert of no round, a plain resident and a hotline operator.
 * A 2xx · F 403 · N 404 (outside the scope) · V authorised but refused by the stage or the input (409/422).
 * An operation without a row fails the test.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { login, principalOfUsername } from '../src/engine/auth.ts';
import { DEFAULT_CRITERIA } from '../src/modules/party/brands.domain.ts';
import { applyForBrand, createProgramme, openFirstRound, preliminaryReview } from '../src/modules/party/brands.service.ts';
import { DEFAULT_RULE_SET } from '../src/modules/party/rating.domain.ts';
import { addRatingRuleSet, openCycle } from '../src/modules/party/rating.service.ts';
import { apiOperations, expectErrorShape, send } from './support/api-surface.ts';
import { createHarness, dbKind, PASSWORD } from './support/harness.ts';
import { entriesAt, partyFixtures } from './support/party-fixtures.ts';

const h = await createHarness();
afterAll(async () => {
  await h.close();
});
const f = await partyFixtures(h, { branchesPerStreet: 2, experts: 2 });
const as = async (u: string) => (await principalOfUsername(h.ctx, u))!;
const district = await as(f.district);

// State: a cycle with every rating pending, an applying programme (one application) and a programme scoring round 1.
const rules = await addRatingRuleSet(h.ctx, district, { version: 'm', effectiveFrom: '2025-01-01', content: DEFAULT_RULE_SET });
const cycle = await openCycle(h.ctx, district, { year: 2025, ruleSetId: rules.id });
const ratingOf = async (orgId: number) =>
  (
    (await send(h, { method: 'GET', url: `/api/party/rating/cycles/${cycle.id}`, token: await tok(f.district) })).body as {
      rows: { ratingId: number; organisationId: number }[];
    }
  ).rows.find((r) => r.organisationId === orgId)!.ratingId;
const [a1] = f.branchesA;
const [b1] = f.branchesB;
const applying = await createProgramme(h.ctx, district, { year: 2026, title: '申报中', criteria: DEFAULT_CRITERIA });
const scoring = await createProgramme(h.ctx, district, { year: 2026, title: '评审中', criteria: DEFAULT_CRITERIA });
const appScoring = await applyForBrand(h.ctx, await as(a1!.secretary), scoring.id, { title: '品牌', summary: 's', practice: 'p' });
await preliminaryReview(h.ctx, district, appScoring.id, { decision: 'pass' });
const round = await openFirstRound(h.ctx, district, scoring.id, { expertUserIds: [f.experts[0]!.id] });
const appApplying = await applyForBrand(h.ctx, await as(b1!.secretary), applying.id, { title: '品牌', summary: 's', practice: 'p' });

const tokens = new Map<string, string>();
async function tok(u: string): Promise<string> {
  if (!tokens.has(u)) tokens.set(u, (await login(h.ctx, u, PASSWORD)).token);
  return tokens.get(u)!;
}

const USERS = [
  f.district,
  f.dept,
  f.streetWorkerA,
  f.streetWorkerB,
  f.station,
  a1!.secretary,
  b1!.secretary,
  f.experts[0]!.username,
  f.experts[1]!.username,
  f.resident,
  'operator',
];
const r1 = await ratingOf(a1!.id);
const sheet = { innovation: 10, effect: 10, replicable: 10, mass_approval: 10 };

/** The request each operation gets (the same for every user). */
const REQ: Record<string, () => { url: string; body?: unknown }> = {
  'GET /api/party/rating/rule-sets': () => ({ url: '/api/party/rating/rule-sets' }),
  'POST /api/party/rating/rule-sets': () => ({
    url: '/api/party/rating/rule-sets',
    body: { version: 'm', effectiveFrom: '2025-01-01', content: DEFAULT_RULE_SET },
  }),
  'GET /api/party/rating/cycles': () => ({ url: '/api/party/rating/cycles' }),
  'POST /api/party/rating/cycles': () => ({ url: '/api/party/rating/cycles', body: { year: 2025 } }),
  'GET /api/party/rating/cycles/{id}': () => ({ url: `/api/party/rating/cycles/${cycle.id}` }),
  'GET /api/party/rating/cycles/{id}/fallen': () => ({ url: `/api/party/rating/cycles/${cycle.id}/fallen` }),
  'POST /api/party/rating/cycles/{id}/posting': () => ({ url: `/api/party/rating/cycles/${cycle.id}/posting`, body: { from: '2026-03-02', to: '2026-03-08' } }),
  'POST /api/party/rating/cycles/{id}/finalise': () => ({ url: `/api/party/rating/cycles/${cycle.id}/finalise` }),
  'GET /api/party/ratings/{id}': () => ({ url: `/api/party/ratings/${r1}` }),
  'PUT /api/party/ratings/{id}/self': () => ({ url: `/api/party/ratings/${r1}/self`, body: { entries: entriesAt(0.9, 'evidence') } }),
  'PUT /api/party/ratings/{id}/review': () => ({ url: `/api/party/ratings/${r1}/review`, body: { entries: entriesAt(0.9, 'comment'), comment: '' } }),
  'POST /api/party/ratings/{id}/appeal': () => ({ url: `/api/party/ratings/${r1}/appeal`, body: { reason: '申诉' } }),
  'POST /api/party/ratings/{id}/appeal-decision': () => ({ url: `/api/party/ratings/${r1}/appeal-decision`, body: { decision: 'upheld', comment: '维持' } }),
  'GET /api/party/rating/history/{id}': () => ({ url: `/api/party/rating/history/${a1!.id}` }),
  'GET /api/party/rating/mine': () => ({ url: '/api/party/rating/mine' }),
  'GET /api/party/brand-programmes': () => ({ url: '/api/party/brand-programmes' }),
  'POST /api/party/brand-programmes': () => ({
    url: '/api/party/brand-programmes',
    body: { year: 2026, title: '矩阵', criteria: [DEFAULT_CRITERIA[0], DEFAULT_CRITERIA[0]] },
  }),
  'GET /api/party/brand-programmes/{id}': () => ({ url: `/api/party/brand-programmes/${scoring.id}` }),
  'POST /api/party/brand-programmes/{id}/applications': () => ({
    url: `/api/party/brand-programmes/${scoring.id}/applications`,
    body: { title: 't', summary: 's', practice: 'p' },
  }),
  'POST /api/party/brand-programmes/{id}/rounds': () => ({
    url: `/api/party/brand-programmes/${scoring.id}/rounds`,
    body: { expertUserIds: [f.experts[0]!.id] },
  }),
  'POST /api/party/brand-programmes/{id}/publish': () => ({ url: `/api/party/brand-programmes/${scoring.id}/publish`, body: { top: 1 } }),
  'GET /api/party/brand-applications/mine': () => ({ url: '/api/party/brand-applications/mine' }),
  'POST /api/party/brand-applications/{id}/preliminary': () => ({
    url: `/api/party/brand-applications/${appApplying.id}/preliminary`,
    body: { decision: 'reject' },
  }),
  'GET /api/party/brand-rounds/mine': () => ({ url: '/api/party/brand-rounds/mine' }),
  'GET /api/party/brand-rounds/{id}': () => ({ url: `/api/party/brand-rounds/${round.round.id}` }),
  'POST /api/party/brand-rounds/{id}/close': () => ({ url: `/api/party/brand-rounds/${round.round.id}/close` }),
  'POST /api/party/brand-rounds/{id}/advance': () => ({
    url: `/api/party/brand-rounds/${round.round.id}/advance`,
    body: { top: 1, expertUserIds: [f.experts[0]!.id] },
  }),
  'GET /api/party/brand-rounds/{id}/sheet': () => ({ url: `/api/party/brand-rounds/${round.round.id}/sheet` }),
  'GET /api/party/brand-rounds/{id}/applications/{applicationId}': () => ({ url: `/api/party/brand-rounds/${round.round.id}/applications/${appScoring.id}` }),
  'PUT /api/party/brand-rounds/{id}/scores/{applicationId}': () => ({
    url: `/api/party/brand-rounds/${round.round.id}/scores/${appScoring.id}`,
    body: { scores: sheet },
  }),
  'GET /api/party/brands': () => ({ url: '/api/party/brands' }),
};

// One letter per user:        district dept streetA streetB station secA1 secB1 expert expert2 resident operator
const EXPECT: Record<string, string> = {
  'GET /api/party/rating/rule-sets': /*            */ 'AAAAAAAFFAF',
  'POST /api/party/rating/rule-sets': /*           */ 'VVFFFFFFFFF',
  'GET /api/party/rating/cycles': /*               */ 'AAAAAFFFFFF',
  'POST /api/party/rating/cycles': /*              */ 'VVFFFFFFFFF',
  'GET /api/party/rating/cycles/{id}': /*          */ 'AAAAAFFFFFF',
  'GET /api/party/rating/cycles/{id}/fallen': /*   */ 'AAAAAFFFFFF',
  'POST /api/party/rating/cycles/{id}/posting': /* */ 'VVFFFFFFFFF',
  'POST /api/party/rating/cycles/{id}/finalise': /**/ 'VVFFFFFFFFF',
  // Rating of a branch in street A, in the station's community: its secretary and the party workers above it.
  'GET /api/party/ratings/{id}': /*                */ 'AAANAANFFNF',
  'PUT /api/party/ratings/{id}/self': /*           */ 'AAANAANFFNF',
  // After those self-ratings (the last by the secretary): the party workers in scope review.
  'PUT /api/party/ratings/{id}/review': /*         */ 'AAANAFFFFFF',
  'POST /api/party/ratings/{id}/appeal': /*        */ 'VVVNVVNFFNF',
  'POST /api/party/ratings/{id}/appeal-decision': /**/ 'VVVNVFFFFFF',
  'GET /api/party/rating/history/{id}': /*         */ 'AAANAANFFNF',
  'GET /api/party/rating/mine': /*                 */ 'FFFFFAAFFAF',
  'GET /api/party/brand-programmes': /*            */ 'AAAAAAAFFAF',
  'POST /api/party/brand-programmes': /*           */ 'VVFFFFFFFFF',
  'GET /api/party/brand-programmes/{id}': /*       */ 'AAFFFFFFFFF',
  // Any secretary may apply; this programme is past applying.
  'POST /api/party/brand-programmes/{id}/applications': 'FFFFFVVFFFF',
  'POST /api/party/brand-programmes/{id}/rounds': /**/ 'VVFFFFFFFFF',
  'POST /api/party/brand-programmes/{id}/publish': /**/ 'VVFFFFFFFFF',
  'GET /api/party/brand-applications/mine': /*     */ 'FFFFFAAFFAF',
  'POST /api/party/brand-applications/{id}/preliminary': 'VVFFFFFFFFF',
  'GET /api/party/brand-rounds/mine': /*           */ 'AAAAAFFAAFA',
  'GET /api/party/brand-rounds/{id}': /*           */ 'AAFFFFFFFFF',
  'POST /api/party/brand-rounds/{id}/close': /*    */ 'VVFFFFFFFFF',
  'POST /api/party/brand-rounds/{id}/advance': /*  */ 'VVFFFFFFFFF',
  'GET /api/party/brand-rounds/{id}/sheet': /*     */ 'NNNNNFFANFN',
  'GET /api/party/brand-rounds/{id}/applications/{applicationId}': 'NNNNNFFANFN',
  'PUT /api/party/brand-rounds/{id}/scores/{applicationId}': 'NNNNNFFANFN',
  'GET /api/party/brands': /*                      */ 'AAAAAAAAAAA',
};

const operations = apiOperations(h).filter((o) => /^party\.(rating|brand)/.test((o.op as { 'x-policy'?: { rule: string } })['x-policy']?.rule ?? ''));

describe(`authorization matrix of the party rating and brands (${dbKind()})`, () => {
  it('has a row for every operation', () => {
    expect(operations.map((o) => o.key).sort()).toEqual(Object.keys(EXPECT).sort());
  });

  for (const key of Object.keys(EXPECT)) {
    it(key, async () => {
      const o = operations.find((x) => x.key === key)!;
      const problems: string[] = [];
      for (const [i, user] of USERS.entries()) {
        const req = REQ[key]!();
        const r = await send(h, { method: o.method, url: req.url, token: await tok(user), ...(req.body === undefined ? {} : { payload: req.body }) });
        const got = r.status < 300 ? 'A' : r.status === 403 ? 'F' : r.status === 404 ? 'N' : r.status === 409 || r.status === 422 ? 'V' : `?${r.status}`;
        if (got !== EXPECT[key]![i]) problems.push(`${user}: expected ${EXPECT[key]![i]}, got ${r.status} ${r.text.slice(0, 160)}`);
        else if (got !== 'A') expectErrorShape(r, `${key} as ${user}`);
      }
      expect(problems).toEqual([]);
    });
  }
});
