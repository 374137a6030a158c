/**
 * 承诺践诺 and 先锋岗 over the real databases: the demo through the use cases; a member's pledge's whole
 * life (draft → submit → return → resubmit → approve → fulfil ×3 → review → year-end assessment); a
 * branch's pledge; privacy of drafts (404); the public board shows only approved public pledges, names
 * masked; pioneer posts; the yearly limit; a matrix of who may do what.
 */
import { and, count, eq, isNotNull, ne } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { seedDemoPledges } from '../src/modules/party/index.ts';
import { seedPartyRatingDemo } from '../src/modules/party/rating.seed.ts';
import { acceptFulfilmentsRow, approvePledgesRow } from '../src/modules/party/pledges.service.ts';
import { principalOfUsername } from '../src/engine/auth.ts';
import { idCheckChar, registerResident } from '../src/modules/volunteers/index.ts';
import { users } from '../src/engine/reference/reference.table.ts';
import { partyMembers, partyPioneerPosts, partyPledgeEvents, partyPledgeFulfilments, partyPledges } from '../src/schema.ts';
import { partyDemoHarness, timedSeed, uploadPhoto } from './support/party-demo.ts';
import { dbKind, PASSWORD } from './support/harness.ts';
import { matrixTests, type MatrixRows } from './support/matrix.ts';
import { send } from './support/api-surface.ts';

const h = await partyDemoHarness();
const db = h.ctx.database.db;
await seedPartyRatingDemo(h.ctx);
const { seconds: seedSeconds, messages } = await timedSeed((say) => seedDemoPledges(h.ctx, say));

const SECRETARY = '13910000001';
const secretaryMember = (
  await db
    .select()
    .from(partyMembers)
    .where(eq(partyMembers.userId, (await userId(SECRETARY))!))
)[0]!;
const branchId = secretaryMember.organisationId;
const home = secretaryMember.homeCommunityCode!;

let serial = 0;
function freshId(): string {
  serial++;
  const birth = new Date(Date.UTC(1970, 0, 1) + serial * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `110108${birth}55${serial % 10}`;
  return `${first17}${idCheckChar(first17)}`;
}
async function userId(username: string): Promise<number | undefined> {
  return (await db.select({ id: users.id }).from(users).where(eq(users.username, username)))[0]?.id;
}
/** A member of `organisationId` living in `community` with a resident account of their own (phone = username). */
async function memberWithAccount(phone: string, realName: string, organisationId = branchId, community = home): Promise<number> {
  const idNumber = freshId();
  await registerResident(h.ctx, { phone, password: PASSWORD, realName, idNumber, communityCode: community });
  const m = await h.api('party', 'POST', '/api/party/members', { organisationId, realName, idNumber, memberType: 'full', homeCommunityCode: community });
  expect(m.status).toBe(201);
  expect((await h.api('party', 'POST', `/api/party/members/${m.body.id}/account`, { phone })).status).toBe(200);
  return m.body.id as number;
}
const MEMBER = '13910000077';
const memberId = await memberWithAccount(MEMBER, '王小明');
/** A linked member of another branch (one of the demo's secretaries with an account, 137…). */
const OTHER = (
  await db
    .select({ username: users.username })
    .from(partyMembers)
    .innerJoin(users, eq(users.id, partyMembers.userId))
    .where(and(isNotNull(partyMembers.userId), ne(partyMembers.organisationId, branchId)))
    .limit(1)
)[0]!.username;
/** A member of another branch (no account needed). */
const OTHER_MEMBER = (await db.select({ id: partyMembers.id }).from(partyMembers).where(ne(partyMembers.organisationId, branchId)).limit(1))[0]!.id;

const write = async (as: string, body: Record<string, unknown> = {}) => {
  const r = await h.api(as, 'POST', '/api/party/pledges', { year: 2026, category: 'serve_public', text: '每月走访两户独居老人', ...body });
  expect(r.status).toBe(201);
  return r.body as { id: number; state: string; actions: string[] };
};
const board = async (community = home, year = 2026) => {
  const r = await h.api(null, 'GET', `/api/public/party/pledges?community=${community}&year=${year}`);
  expect(r.status).toBe(200);
  return r.body as {
    pledges: { id: number; name: string; fulfilments: number; hours: number; assessment: string | null; text: string }[];
    posts: { name: string; title: string }[];
  };
};
const code = (r: { body: { error?: { code: string } } }) => r.body.error?.code;

describe(`the demo (${dbKind()})`, () => {
  it('writes a few hundred pledges with fulfilment, last year assessed, pioneer posts, quickly; again it does nothing', async () => {
    console.log(`pledges demo on ${dbKind()}: ${seedSeconds.toFixed(1)} s — ${messages.join(' ')}`);
    const n = (await db.select({ n: count() }).from(partyPledges))[0]!.n;
    expect(n).toBeGreaterThan(200);
    expect((await db.select({ n: count() }).from(partyPledgeFulfilments))[0]!.n).toBeGreaterThan(100);
    expect((await db.select({ n: count() }).from(partyPioneerPosts))[0]!.n).toBeGreaterThan(20);
    const assessed = await db
      .select({ n: count() })
      .from(partyPledges)
      .where(and(eq(partyPledges.year, 2025), isNotNull(partyPledges.assessment)));
    expect(assessed[0]!.n).toBe(20);
    const states = await db.select({ state: partyPledges.state, n: count() }).from(partyPledges).where(eq(partyPledges.year, 2026)).groupBy(partyPledges.state);
    expect(new Set(states.map((s) => s.state))).toEqual(new Set(['draft', 'submitted', 'approved', 'returned']));
    // Some community's board shows approved public pledges, members masked.
    const [some] = await db
      .select({ c: partyPledges.communityCode })
      .from(partyPledges)
      .where(and(eq(partyPledges.state, 'approved'), eq(partyPledges.public, true), eq(partyPledges.year, 2026), isNotNull(partyPledges.memberId)))
      .limit(1);
    const b = await board(some!.c!);
    expect(b.pledges.length).toBeGreaterThan(0);
    expect(b.pledges.filter((p) => p.name.endsWith('*')).length).toBeGreaterThan(0);
    expect(b.pledges.every((p) => p.name.endsWith('*') || p.name.includes('支部') || p.name.includes('党'))).toBe(true);
    await seedDemoPledges(h.ctx);
    expect((await db.select({ n: count() }).from(partyPledges))[0]!.n).toBe(n);
  });
});

describe('a member’s pledge, its whole life', () => {
  it('draft → submit → return → resubmit → approve → fulfil ×3 → review → year-end assessment, shown masked on the board', async () => {
    const pl = await write(MEMBER);
    expect(pl.state).toBe('draft');
    expect(pl.actions).toEqual(['edit', 'submit']);
    // A draft is its writer's: the secretary and another member do not find it; nobody else edits it.
    expect((await h.api(SECRETARY, 'GET', `/api/party/pledges/${pl.id}`)).status).toBe(404);
    expect((await h.api(OTHER, 'GET', `/api/party/pledges/${pl.id}`)).status).toBe(404);
    expect((await h.api(OTHER, 'PATCH', `/api/party/pledges/${pl.id}`, { text: '改掉别人的承诺' })).status).toBe(404);
    expect((await h.api(SECRETARY, 'POST', `/api/party/pledges/${pl.id}/approve`)).status).toBe(404);
    expect((await h.api(SECRETARY, 'GET', `/api/party/pledges?year=2026`)).body.pledges.map((p: { id: number }) => p.id)).not.toContain(pl.id);

    const sub = await h.api(MEMBER, 'POST', `/api/party/pledges/${pl.id}/submit`);
    expect([sub.status, sub.body.state, sub.body.ownerName]).toEqual([200, 'submitted', '王小明']);
    expect(code(await h.api(MEMBER, 'POST', `/api/party/pledges/${pl.id}/submit`))).toBe('PLEDGE.NOT_SUBMITTABLE');
    expect(code(await h.api(MEMBER, 'PATCH', `/api/party/pledges/${pl.id}`, { text: '改' + '写承诺' }))).toBe('PLEDGE.NOT_EDITABLE');
    // The member approves nothing of their own.
    expect(code(await h.api(MEMBER, 'POST', `/api/party/pledges/${pl.id}/approve`))).toBe('PLEDGE.OWN_PLEDGE');
    // The secretary now sees it, masked, and returns it with a reason.
    const seen = await h.api(SECRETARY, 'GET', `/api/party/pledges/${pl.id}`);
    expect([seen.status, seen.body.ownerName, seen.body.actions]).toEqual([200, '王**', ['approve', 'return']]);
    expect((await h.api(SECRETARY, 'POST', `/api/party/pledges/${pl.id}/return`, { reason: '' })).status).toBe(400);
    const ret = await h.api(SECRETARY, 'POST', `/api/party/pledges/${pl.id}/return`, { reason: '请写明走访频次' });
    expect([ret.body.state, ret.body.returnReason]).toEqual(['returned', '请写明走访频次']);
    expect(code(await h.api(MEMBER, 'POST', `/api/party/pledges/${pl.id}/fulfilments`, { doneOn: '2026-02-01', text: '走访' + '老人' }))).toBe(
      'PLEDGE.NOT_APPROVED',
    );
    const edited = await h.api(MEMBER, 'PATCH', `/api/party/pledges/${pl.id}`, { text: '每月走访两户独居老人，每次不少于1小时' });
    expect(edited.body.text).toBe('每月走访两户独居老人，每次不少于1小时');
    await h.api(MEMBER, 'POST', `/api/party/pledges/${pl.id}/submit`);
    const ok = await h.api(SECRETARY, 'POST', `/api/party/pledges/${pl.id}/approve`);
    expect([ok.status, ok.body.state, ok.body.returnReason]).toEqual([200, 'approved', null]);
    expect(code(await h.api(SECRETARY, 'POST', `/api/party/pledges/${pl.id}/approve`))).toBe('PLEDGE.NOT_SUBMITTED');

    // Fulfilment: bad days, hours and links are refused and change nothing.
    const before = (await db.select({ n: count() }).from(partyPledgeFulfilments))[0]!.n;
    const f = (body: Record<string, unknown>) =>
      h.api(MEMBER, 'POST', `/api/party/pledges/${pl.id}/fulfilments`, { doneOn: '2026-02-10', text: '走访张大爷', ...body });
    expect(code(await f({ doneOn: '2026-03-03' }))).toBe('PLEDGE.BAD_DATE');
    expect(code(await f({ doneOn: '2025-12-31' }))).toBe('PLEDGE.BAD_DATE');
    expect(code(await f({ hours: 0.7 }))).toBe('PLEDGE.BAD_HOURS');
    expect(code(await f({ links: ['javascript:alert(1)'] }))).toBe('PLEDGE.BAD_LINK');
    expect(code(await h.api(SECRETARY, 'POST', `/api/party/pledges/${pl.id}/fulfilments`, { doneOn: '2026-02-10', text: '代录践诺' }))).toBe(
      'PLEDGE.NOT_OWNER',
    );
    expect((await db.select({ n: count() }).from(partyPledgeFulfilments))[0]!.n).toBe(before);
    await f({ hours: 1.5, links: ['https://example.org/photo/1.jpg'] });
    await f({ doneOn: '2026-02-20', text: '陪李奶奶就医', hours: 3 });
    const three = await f({ doneOn: '2026-03-01', text: '打电话问候' });
    expect([three.status, three.body.fulfilments.length, three.body.pending]).toEqual([201, 3, 3]);
    const [e1, e2, e3] = three.body.fulfilments as { id: number }[];
    expect(code(await h.api(MEMBER, 'POST', `/api/party/pledge-fulfilments/${e1!.id}/review`, { decision: 'accepted' }))).toBe('PLEDGE.OWN_PLEDGE');
    expect(code(await h.api(OTHER, 'POST', `/api/party/pledge-fulfilments/${e1!.id}/review`, { decision: 'accepted' }))).toBe('NOT_FOUND');
    await h.api(SECRETARY, 'POST', `/api/party/pledge-fulfilments/${e1!.id}/review`, { decision: 'accepted' });
    await h.api(SECRETARY, 'POST', `/api/party/pledge-fulfilments/${e2!.id}/review`, { decision: 'accepted', comment: '很好' });
    expect(code(await h.api(SECRETARY, 'POST', `/api/party/pledge-fulfilments/${e3!.id}/review`, { decision: 'returned' }))).toBe('PLEDGE.REASON_REQUIRED');
    const rev = await h.api(SECRETARY, 'POST', `/api/party/pledge-fulfilments/${e3!.id}/review`, { decision: 'returned', comment: '电话问候不计入' });
    expect([rev.body.accepted, rev.body.pending, rev.body.acceptedHours]).toEqual([2, 0, 4.5]);
    expect(code(await h.api(SECRETARY, 'POST', `/api/party/pledge-fulfilments/${e3!.id}/review`, { decision: 'accepted' }))).toBe('PLEDGE.REVIEWED');

    // On the public board: masked, with the accepted count.
    const shown = (await board()).pledges.find((p) => p.id === pl.id)!;
    expect([shown.name, shown.fulfilments, shown.hours, shown.assessment]).toEqual(['王**', 2, 4.5, null]);
    expect(JSON.stringify(await board())).not.toContain('王小明');

    // The year-end assessment opens on 1 December.
    expect(code(await h.api(SECRETARY, 'POST', `/api/party/pledges/${pl.id}/assessment`, { result: 'fulfilled' }))).toBe('PLEDGE.YEAR_NOT_ENDING');
    const now = h.clock.now();
    h.clock.set('2026-12-05T10:00:00+08:00');
    try {
      const a = await h.api(SECRETARY, 'POST', `/api/party/pledges/${pl.id}/assessment`, { result: 'partly', comment: '' });
      expect([a.status, a.body.assessment]).toEqual([200, 'partly']);
      const b = await h.api(SECRETARY, 'POST', `/api/party/pledges/${pl.id}/assessment`, { result: 'fulfilled', comment: '全年坚持' });
      expect(b.body.assessment).toBe('fulfilled');
      expect(code(await f({ doneOn: '2026-12-01' }))).toBe('PLEDGE.ASSESSED');
      expect((await board()).pledges.find((p) => p.id === pl.id)!.assessment).toBe('fulfilled');
    } finally {
      h.clock.set(now);
    }
    const events = await db
      .select()
      .from(partyPledgeEvents)
      .where(and(eq(partyPledgeEvents.subject, 'pledge'), eq(partyPledgeEvents.subjectId, pl.id)));
    expect(events.map((e) => e.kind)).toEqual([
      'written',
      'submitted',
      'returned',
      'edited',
      'submitted',
      'approved',
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilment_accepted',
      'fulfilment_accepted',
      'fulfilment_returned',
      'assessed',
      'assessed',
    ]);
    expect(events.at(-1)!.data).toEqual({ result: 'fulfilled', previous: 'partly' });
    // Making it private takes it off the board; the member's own page lists it with its entries.
    await h.api(MEMBER, 'PATCH', `/api/party/pledges/${pl.id}`, { public: false });
    expect((await board()).pledges.map((p) => p.id)).not.toContain(pl.id);
    const mine = await h.api(MEMBER, 'GET', '/api/party/pledges/mine');
    expect([mine.body.name, mine.body.pledges.find((p: { id: number }) => p.id === pl.id).fulfilments.length]).toEqual(['王小明', 3]);
  });
});

describe('the board shows only approved public pledges', () => {
  it('leaves out drafts, submitted, returned and private ones', async () => {
    const m = await memberWithAccount('13910000078', '孙丽');
    const draft = await write('13910000078', { text: '草稿承诺' });
    const submitted = await write('13910000078', { text: '待审承诺' });
    await h.api('13910000078', 'POST', `/api/party/pledges/${submitted.id}/submit`);
    const returned = await write('13910000078', { text: '退回承诺' });
    await h.api('13910000078', 'POST', `/api/party/pledges/${returned.id}/submit`);
    await h.api(SECRETARY, 'POST', `/api/party/pledges/${returned.id}/return`, { reason: '不具体' });
    const secret = await write('13910000078', { text: '不公开承诺', public: false });
    await h.api('13910000078', 'POST', `/api/party/pledges/${secret.id}/submit`);
    await h.api(SECRETARY, 'POST', `/api/party/pledges/${secret.id}/approve`);
    const shown = await write('13910000078', { text: '公开承诺' });
    await h.api('13910000078', 'POST', `/api/party/pledges/${shown.id}/submit`);
    await h.api(SECRETARY, 'POST', `/api/party/pledges/${shown.id}/approve`);
    const ids = (await board()).pledges.map((p) => p.id);
    expect(ids).toContain(shown.id);
    for (const p of [draft, submitted, returned, secret]) expect(ids).not.toContain(p.id);
    // A sixth pledge of the year is one too many.
    expect(code(await h.api('13910000078', 'POST', '/api/party/pledges', { year: 2026, category: 'other', text: '第六项承诺' }))).toBe('PLEDGE.TOO_MANY');
    expect((await db.select({ n: count() }).from(partyPledges).where(eq(partyPledges.memberId, m)))[0]!.n).toBe(5);
    // Other years: last year is closed, next year opens in December.
    expect(code(await h.api('13910000078', 'POST', '/api/party/pledges', { year: 2025, category: 'other', text: '去年' }))).toBe('PLEDGE.BAD_YEAR');
    expect(code(await h.api('13910000078', 'POST', '/api/party/pledges', { year: 2027, category: 'other', text: '明年' }))).toBe('PLEDGE.BAD_YEAR');
    expect((await h.api(null, 'GET', '/api/public/party/pledges?community=110109999999')).status).toBe(404);
  });
});

describe('photos of fulfilment (践诺照片)', () => {
  it('an entry carries the owner’s own photos, seen by those who see the pledge and never on the public board', async () => {
    const pl = await write(MEMBER, { text: '每月为独居老人理发', submit: true });
    await h.api(SECRETARY, 'POST', `/api/party/pledges/${pl.id}/approve`);
    const upload = (username: string) => uploadPhoto(h, username);
    const mine = await upload(MEMBER);
    const secretarys = await upload(SECRETARY);
    const entry = (photoIds: number[]) =>
      h.api(MEMBER, 'POST', `/api/party/pledges/${pl.id}/fulfilments`, { doneOn: '2026-02-20', text: '为三位老人理发', photoIds });
    // Another's upload: refused, no entry written.
    expect(code(await entry([mine, secretarys]))).toBe('ATTACHMENT.UNKNOWN');
    expect((await h.api(MEMBER, 'GET', `/api/party/pledges/${pl.id}`)).body.fulfilments).toEqual([]);
    const ok = await entry([mine]);
    expect(ok.status).toBe(201);
    const f = ok.body.fulfilments[0];
    expect(f.photoIds).toEqual([mine]);
    const status = async (as: string, fid = f.id) =>
      (await send(h, { method: 'GET', url: `/api/party/pledge-fulfilments/${fid}/photos/${mine}`, token: await h.token(as) })).status;
    expect([await status(MEMBER), await status(SECRETARY), await status('party')]).toEqual([200, 200, 200]);
    expect([await status(OTHER), await status(MEMBER, 2_147_483_647)]).toEqual([404, 404]);
    // The public board shows the entry's count, never its photos.
    await h.api(SECRETARY, 'POST', `/api/party/pledge-fulfilments/${f.id}/review`, { decision: 'accepted' });
    const onBoard = (await board()).pledges.find((p) => p.id === pl.id)!;
    expect(onBoard.fulfilments).toBe(1);
    expect(JSON.stringify(onBoard)).not.toContain('photo');
  });
});

describe('batch decisions (全部通过, 批量认可)', () => {
  it('approve several pledges and accept several entries at once, all or nothing, under the one-by-one rules', async () => {
    const a = await write(MEMBER, { text: '批量承诺一', submit: true });
    const b = await write(MEMBER, { text: '批量承诺二', submit: true });
    const own = await write(SECRETARY, { text: '书记本人的承诺', submit: true });
    const secretary = (await principalOfUsername(h.ctx, SECRETARY))!;
    const stateOf = async (id: number) => (await db.select().from(partyPledges).where(eq(partyPledges.id, id)))[0]!.state;
    await expect(approvePledgesRow(h.ctx, secretary, [a.id, own.id])).rejects.toMatchObject({ code: 'PLEDGE.OWN_PLEDGE' });
    await expect(approvePledgesRow(h.ctx, secretary, [a.id, 2_147_483_647])).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await stateOf(a.id)).toBe('submitted');
    expect(await approvePledgesRow(h.ctx, secretary, [a.id, b.id, a.id])).toBe(2);
    expect([await stateOf(a.id), await stateOf(b.id)]).toEqual(['approved', 'approved']);
    await expect(approvePledgesRow(h.ctx, secretary, [a.id])).rejects.toMatchObject({ code: 'PLEDGE.NOT_SUBMITTED' });
    const ids: number[] = [];
    for (const id of [a.id, b.id]) {
      const r = await h.api(MEMBER, 'POST', `/api/party/pledges/${id}/fulfilments`, { doneOn: '2026-02-14', text: '批量践诺' });
      ids.push(r.body.fulfilments[0].id);
    }
    const member = (await principalOfUsername(h.ctx, MEMBER))!;
    await expect(acceptFulfilmentsRow(h.ctx, member, ids)).rejects.toMatchObject({ code: 'PLEDGE.OWN_PLEDGE' });
    expect(await acceptFulfilmentsRow(h.ctx, secretary, ids)).toBe(2);
    await expect(acceptFulfilmentsRow(h.ctx, secretary, ids)).rejects.toMatchObject({ code: 'PLEDGE.REVIEWED' });
    expect((await board()).pledges.filter((p) => p.id === a.id || p.id === b.id).map((p) => p.fulfilments)).toEqual([1, 1]);
  });
});

describe('a branch’s pledge and pioneer posts', () => {
  it('the secretary writes the branch’s pledge, a party worker in scope approves it; the secretary grants a post shown on the board', async () => {
    const pl = await write(SECRETARY, { organisationId: branchId, category: 'waste_sorting', text: '支部党员桶前值守全覆盖' });
    await h.api(SECRETARY, 'POST', `/api/party/pledges/${pl.id}/submit`);
    expect(code(await h.api(SECRETARY, 'POST', `/api/party/pledges/${pl.id}/approve`))).toBe('PLEDGE.OWN_PLEDGE');
    expect((await h.api('party.street2', 'POST', `/api/party/pledges/${pl.id}/approve`)).status).toBe(404);
    const ok = await h.api('party.street', 'POST', `/api/party/pledges/${pl.id}/approve`);
    expect([ok.status, ok.body.ownerKind, ok.body.state]).toEqual([200, 'organisation', 'approved']);
    expect((await board()).pledges.find((p) => p.id === pl.id)!.name).toContain('支部');
    // A party worker writes for a member (代录): the draft is in the worker's branch list, not in the secretary's.
    const proxy = await write('party', { memberId, text: '代录的承诺草稿' });
    expect((await h.api('party', 'GET', `/api/party/pledges?organisationId=${branchId}`)).body.pledges.map((p: { id: number }) => p.id)).toContain(proxy.id);
    expect((await h.api(SECRETARY, 'GET', '/api/party/pledges')).body.pledges.map((p: { id: number }) => p.id)).not.toContain(proxy.id);
    expect((await h.api(SECRETARY, 'GET', `/api/party/pledges/${proxy.id}`)).status).toBe(404);
    // A member of the branch may not write for the branch.
    expect((await h.api(MEMBER, 'POST', '/api/party/pledges', { organisationId: branchId, year: 2026, category: 'other', text: '冒名' })).status).toBe(404);

    expect(
      code(
        await h.api(SECRETARY, 'POST', '/api/party/pioneer-posts', {
          memberId,
          kind: 'pioneer',
          title: '窗口岗',
          place: '社区服务站',
          from: '2026-03-01',
          until: '2026-02-01',
        }),
      ),
    ).toBe('PLEDGE.BAD_PERIOD');
    expect(
      (await h.api(SECRETARY, 'POST', '/api/party/pioneer-posts', { memberId: OTHER_MEMBER, kind: 'pioneer', title: '窗口岗', place: '', from: '2026-03-01' }))
        .status,
    ).toBe(404);
    const post = await h.api(SECRETARY, 'POST', '/api/party/pioneer-posts', {
      memberId,
      kind: 'model',
      title: '垃圾分类示范岗',
      place: '3号楼驿站',
      from: '2026-03-01',
    });
    expect([post.status, post.body.memberName, post.body.held]).toEqual([201, '王**', true]);
    expect((await board()).posts.map((p) => `${p.name} ${p.title}`)).toContain('王** 垃圾分类示范岗');
    const mine = await h.api(MEMBER, 'GET', '/api/party/pledges/mine');
    expect(mine.body.posts.map((p: { title: string; memberName: string }) => `${p.memberName} ${p.title}`)).toContain('王小明 垃圾分类示范岗');
    const list = await h.api(SECRETARY, 'GET', '/api/party/pioneer-posts');
    expect(list.body.posts.map((p: { id: number }) => p.id)).toContain(post.body.id);
    const end = await h.api(SECRETARY, 'POST', `/api/party/pioneer-posts/${post.body.id}/end`, { reason: '搬离本社区' });
    expect(end.status, JSON.stringify(end.body)).toBe(200);
    expect([end.body.endedOn, end.body.held]).toEqual(['2026-03-02', false]);
    expect(code(await h.api(SECRETARY, 'POST', `/api/party/pioneer-posts/${post.body.id}/end`, { reason: '再次撤销' }))).toBe('PLEDGE.POST_ENDED');
    expect((await board()).posts.map((p) => p.title)).not.toContain('垃圾分类示范岗');
  });
});

describe('who may do what with pledges', () => {
  // party: district worker · party.street: the first street's (the secretary's branch is in it) · party.street2: another street's ·
  // SECRETARY: the branch's secretary · MEMBER: the pledge's member · OTHER: a member of another branch · street: a street handler (no party role).
  const USERS = ['party', 'party.street', 'party.street2', SECRETARY, MEMBER, OTHER, 'street'] as const;
  /** The member's pledges of the matrix are cleared before each is written (the yearly limit is five; test/pledges' own fixtures only). */
  const clear = () => db.delete(partyPledges).where(eq(partyPledges.memberId, memberId));
  const submitted = async () => {
    await clear();
    const p = await write(MEMBER, { text: '矩阵承诺' });
    await h.api(MEMBER, 'POST', `/api/party/pledges/${p.id}/submit`);
    return p.id;
  };
  const approved = async () => {
    const id = await submitted();
    await h.api('party', 'POST', `/api/party/pledges/${id}/approve`);
    return id;
  };
  const draft = async () => {
    await clear();
    return (await write(MEMBER, { text: '矩阵草稿' })).id;
  };
  const MATRIX: MatrixRows = {
    'GET a member’s draft': { expect: ['N', 'N', 'N', 'N', 'A', 'N', 'F'], req: async () => ['GET', `/api/party/pledges/${await draft()}`] },
    'GET a submitted pledge': { expect: ['A', 'A', 'N', 'A', 'A', 'N', 'F'], req: async () => ['GET', `/api/party/pledges/${await submitted()}`] },
    'PATCH a member’s draft': {
      expect: ['N', 'N', 'N', 'N', 'A', 'N', 'F'],
      req: async () => ['PATCH', `/api/party/pledges/${await draft()}`, { public: false }],
    },
    'POST approve': { expect: ['A', 'A', 'N', 'A', 'F', 'N', 'F'], req: async () => ['POST', `/api/party/pledges/${await submitted()}/approve`] },
    'POST return': {
      expect: ['A', 'A', 'N', 'A', 'F', 'N', 'F'],
      req: async () => ['POST', `/api/party/pledges/${await submitted()}/return`, { reason: '矩阵退回' }],
    },
    'POST fulfilments': {
      expect: ['F', 'F', 'N', 'F', 'A', 'N', 'F'],
      req: async () => ['POST', `/api/party/pledges/${await approved()}/fulfilments`, { doneOn: '2026-02-01', text: '矩阵践诺' }],
    },
    'GET /api/party/pledges (the branch)': {
      expect: ['A', 'A', 'N', 'A', 'N', 'N', 'F'],
      req: async () => ['GET', `/api/party/pledges?organisationId=${branchId}`],
    },
    'GET /api/party/pledges/mine': { expect: ['F', 'F', 'F', 'A', 'A', 'A', 'F'], req: async () => ['GET', '/api/party/pledges/mine'] },
    'POST /api/party/pioneer-posts': {
      expect: ['A', 'A', 'N', 'A', 'N', 'N', 'F'],
      req: async () => ['POST', '/api/party/pioneer-posts', { memberId, kind: 'pioneer', title: '矩阵岗', place: '', from: '2026-03-01' }],
    },
    'GET the public board': { expect: ['A', 'A', 'A', 'A', 'A', 'A', 'A'], req: async () => ['GET', `/api/public/party/pledges?community=${home}`] },
  };
  matrixTests(h, USERS, MATRIX);
});
