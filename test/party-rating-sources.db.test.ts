/**
 * The star rating's platform indicators over the real databases: a cycle under a version whose 组织生活
 * score comes from the branch's meetings (held of those owed so far) and whose 服务群众 score comes from its
 * members' confirmed 双报到 service hours. The figures follow what happens (a meeting recorded, a service
 * confirmed, a service merely recorded or of another year not counted), and a self-rating's score for
 * those indicators is the platform's whatever is sent.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { PLATFORM_RULE_SET } from '../src/modules/party/rating.domain.ts';
import { users } from '../src/engine/reference/reference.table.ts';
import { partyClaims, partyMembers } from '../src/schema.ts';
import { partyDemoHarness } from './support/party-demo.ts';
import { dbKind } from './support/harness.ts';

const h = await partyDemoHarness();
const db = h.ctx.database.db;
const secretaryUser = (await db.select().from(users).where(eq(users.username, '13910000001')))[0]!;
const secretary = (await db.select().from(partyMembers).where(eq(partyMembers.userId, secretaryUser.id)))[0]!;
const branch = secretary.organisationId;
const members = await db
  .select()
  .from(partyMembers)
  .where(and(eq(partyMembers.organisationId, branch), isNull(partyMembers.leftAt)));

describe(`platform indicators of the star rating (${dbKind()})`, () => {
  let ratingId = 0;
  const detail = async () => {
    const r = await h.api('party', 'GET', `/api/party/ratings/${ratingId}`);
    expect(r.status).toBe(200);
    return r.body as {
      figures: { memberCount: number; meetings: { owed: number; met: number } | null; serviceMinutes: number | null; sourcedScores: Record<string, number> };
    };
  };

  it('opens a cycle under the platform version; nothing held or served yet scores 0 for both', async () => {
    const set = await h.api('party', 'POST', '/api/party/rating/rule-sets', { version: '2026平台版', effectiveFrom: '2026-01-01', content: PLATFORM_RULE_SET });
    expect(set.status).toBe(201);
    const cycle = await h.api('party', 'POST', '/api/party/rating/cycles', { year: 2026, ruleSetId: set.body.id });
    expect(cycle.status).toBe(201);
    const board = await h.api('party', 'GET', `/api/party/rating/cycles/${cycle.body.id}`);
    ratingId = board.body.rows.find((r: { organisationId: number }) => r.organisationId === branch).ratingId;
    const f = (await detail()).figures;
    // On 2 March: January and February are over; every monthly kind the branch owes is owed twice.
    expect(f.meetings!.owed).toBeGreaterThanOrEqual(4);
    expect(f.meetings!.owed % 2).toBe(0);
    expect([f.meetings!.met, f.serviceMinutes, f.sourcedScores.meetings, f.sourcedScores.service]).toEqual([0, 0, 0, 0]);
    expect(f.memberCount).toBe(members.length);
  });

  it('a meeting held in February counts one period met', async () => {
    const plan = await h.api('13910000001', 'POST', '/api/party/meetings', {
      kind: 'theme_day',
      title: '二月主题党日',
      startsAt: '2026-03-05T09:00:00+08:00',
      place: '社区党群服务中心',
    });
    expect(plan.status).toBe(201);
    const rec = await h.api('13910000001', 'POST', `/api/party/meetings/${plan.body.id}/record`, {
      heldAt: '2026-02-21T09:00:00+08:00',
      minutes: '学习讨论',
      present: [],
      excused: [],
    });
    expect(rec.status).toBe(200);
    const f = (await detail()).figures;
    expect(f.meetings!.met).toBe(1);
    expect(f.sourcedScores.meetings).toBe(Math.floor((250 * 1) / f.meetings!.owed) / 10);
  });

  it('counts confirmed service of this year only, per member, and a self-rating takes the platform’s scores', async () => {
    const claim = (memberId: number, state: 'done' | 'confirmed', servedOn: string, minutes: number, needId: number) => ({
      districtCode: h.ctx.districtCode,
      needId,
      communityCode: secretary.homeCommunityCode ?? '110109001001',
      memberId,
      state,
      claimedByUserId: secretaryUser.id,
      claimedAt: new Date('2026-02-01T09:00:00+08:00'),
      summary: '服务',
      servedOn,
      minutes,
    });
    await db
      .insert(partyClaims)
      .values([
        claim(secretary.id, 'confirmed', '2026-02-10', 120, 900001),
        claim(secretary.id, 'done', '2026-02-11', 600, 900002),
        claim(secretary.id, 'confirmed', '2025-12-20', 600, 900003),
      ]);
    const f = (await detail()).figures;
    expect(f.serviceMinutes).toBe(120);
    // 2 hours over the branch's members, full marks from 4 hours each: 20 × 2 / (4 × members).
    expect(f.sourcedScores.service).toBe(Math.floor((200 * 120) / (4 * 60 * members.length)) / 10);

    const entries = PLATFORM_RULE_SET.indicators.map((i) => ({ code: i.code, score: i.basePoints, adjustments: [], evidence: '材料' }));
    const self = await h.api('13910000001', 'PUT', `/api/party/ratings/${ratingId}/self`, { entries });
    expect(self.status).toBe(200);
    const stored = Object.fromEntries(self.body.self.entries.map((e: { code: string; score: number }) => [e.code, e.score]));
    expect([stored.meetings, stored.service, stored.members]).toEqual([f.sourcedScores.meetings, f.sourcedScores.service, f.sourcedScores.members]);
    expect(stored.organisation).toBe(20);
  });
});
