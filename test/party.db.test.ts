/**
 * 党建 part 1 over the real databases: the demo through the use cases, the tree's life (nesting, move with
 * its subtree, retire), members' life (add, edit, transfer with history, leave, account link), masking and
 * recorded reveals, the scopes of party workers, secretaries and members, and the import's guarantees.
 */
import ExcelJS from 'exceljs';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { principalOfUsername } from '../src/engine/auth.ts';
import { seedDemoParty } from '../src/modules/party/index.ts';
import { importPartyTable } from '../src/modules/party/party.import.service.ts';
import { seedDemoVolunteers } from '../src/modules/volunteers/index.ts';
import { partyEvents, partyMemberReveals, partyMembers, partyOrganisations } from '../src/schema.ts';
import { createHarness, dbKind, DISTRICT } from './support/harness.ts';
import { idCheckChar } from '../src/modules/volunteers/index.ts';

/** ID numbers of another Beijing district (海淀 110108), so they never meet the demo's or the fixtures'. */
function bigId(n: number): string {
  const birth = new Date(Date.UTC(1950, 0, 1) + (n % 20_000) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `110108${birth}${String(Math.floor(n / 20_000) % 1000).padStart(3, '0')}`;
  return `${first17}${idCheckChar(first17)}`;
}

const h = await createHarness();
afterAll(async () => {
  await h.close();
});
const db = h.ctx.database.db;
await seedDemoVolunteers(h.ctx);
h.ctx.reference.invalidate();
const started = Date.now();
const messages: string[] = [];
await seedDemoParty(h.ctx, (m) => messages.push(m));
const seedSeconds = (Date.now() - started) / 1000;
const ref = await h.ctx.reference.get();
const streets = [...ref.divisionByCode.values()].filter((d) => d.level === 'street').sort((a, b) => a.code.localeCompare(b.code));
const communities = [...ref.divisionByCode.values()].filter((d) => d.level === 'community').sort((a, b) => a.code.localeCompare(b.code));
const firstStreet = streets[0]!.code;
const otherStreet = streets[1]!.code;
const communityOf = (street: string) => communities.find((c) => c.parentCode === street)!.code;

type Node = { id: number; parentId: number | null; code: string; level: string; members: number; totalMembers: number; divisionCode: string | null };
const tree = async (user: string): Promise<Node[]> => {
  const r = await h.api(user, 'GET', '/api/party/organisations');
  expect(r.status).toBe(200);
  return r.body.organisations;
};
const byCode = async (code: string) => (await tree('party')).find((n) => n.code === code)!;
let idSerial = 0;
const freshId = () => bigId(900_000 + ++idSerial);

describe('the demo, through the use cases', () => {
  it('sets up the tree, members and accounts quickly', async () => {
    console.log(`party demo on ${dbKind()}: ${seedSeconds.toFixed(1)} s — ${messages.join(' ')}`);
    const orgs = await tree('party');
    const root = orgs.find((o) => o.parentId === null)!;
    expect(root.code).toBe(`QW-${DISTRICT}`);
    expect(orgs.filter((o) => o.code.startsWith('DGW-'))).toHaveLength(streets.length);
    const n = (await db.select({ n: count() }).from(partyMembers))[0]!.n;
    expect(n).toBeGreaterThanOrEqual(1000);
    expect(n).toBeLessThanOrEqual(2000);
    // The root's total is every active member; each node's total is its own plus its children's.
    expect(root.totalMembers).toBe(n);
    for (const o of orgs) {
      const children = orgs.filter((c) => c.parentId === o.id);
      expect(o.totalMembers).toBe(o.members + children.reduce((s, c) => s + c.totalMembers, 0));
    }
    // Seeding twice changes nothing.
    await seedDemoParty(h.ctx);
    const again = (await db.select({ n: count() }).from(partyMembers))[0]!.n;
    expect(again).toBe(n);
  });

  it('shows a street party worker only their street’s organisations', async () => {
    const mine = await tree('party.street');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((o) => o.divisionCode !== null && o.divisionCode.startsWith(firstStreet))).toBe(true);
    const other = await byCode(`DGW-${otherStreet}`);
    expect((await h.api('party.street', 'GET', `/api/party/organisations/${other.id}`)).status).toBe(404);
    expect((await h.api('street', 'GET', '/api/party/organisations')).status).toBe(403);
  });
});

describe('the tree', () => {
  it('keeps the nesting rules and unique codes', async () => {
    const street = await byCode(`DGW-${firstStreet}`);
    const add = (body: Record<string, unknown>, user = 'party') =>
      h.api(user, 'POST', '/api/party/organisations', { hostType: 'community', divisionCode: communityOf(firstStreet), ...body });
    const gb = await add({ parentId: street.id, level: 'general_branch', code: 'T-GB-1', name: '测试党总支' });
    expect(gb.status).toBe(201);
    expect(gb.body.path).toMatch(new RegExp(`/${street.id}/${gb.body.id}/$`));
    const br = await add({ parentId: gb.body.id, level: 'branch', code: 'T-BR-1', name: '测试党支部' });
    expect(br.status).toBe(201);
    expect((await add({ parentId: br.body.id, level: 'branch', code: 'T-BR-2', name: '支部下支部' })).body.error.code).toBe('PARTY.NESTING');
    expect((await add({ parentId: gb.body.id, level: 'general_branch', code: 'T-GB-2', name: '总支下总支' })).body.error.code).toBe('PARTY.NESTING');
    expect((await add({ parentId: gb.body.id, level: 'committee', code: 'T-C-2', name: '总支下党委' })).body.error.code).toBe('PARTY.NESTING');
    expect(
      (await add({ parentId: null, level: 'committee', code: 'T-ROOT-2', name: '第二个区委', divisionCode: null, hostType: 'district' })).body.error.code,
    ).toBe('PARTY.ROOT_EXISTS');
    const dup = await add({ parentId: street.id, level: 'branch', code: 'T-BR-1', name: '重复代码' });
    expect([dup.status, dup.body.error.code]).toEqual([409, 'PARTY.CODE_TAKEN']);
    // A street worker cannot place an organisation in another street, nor without a division.
    expect(
      (await add({ parentId: street.id, level: 'branch', code: 'T-X', name: '外街', divisionCode: communityOf(otherStreet) }, 'party.street')).body.error.code,
    ).toBe('PARTY.UNKNOWN_DIVISION');
    expect((await add({ parentId: street.id, level: 'branch', code: 'T-X', name: '无区划', divisionCode: null }, 'party.street')).body.error.code).toBe(
      'PARTY.UNKNOWN_DIVISION',
    );
    const created = await add({ parentId: street.id, level: 'branch', code: 'T-BR-S', name: '街道建的支部' }, 'party.street');
    expect(created.status).toBe(201);
    const events = await db.select().from(partyEvents).where(eq(partyEvents.organisationId, created.body.id));
    expect(events.map((e) => e.kind)).toEqual(['organisation_created']);
  });

  it('moves a subtree with its paths, never under itself, and retires only empty organisations', async () => {
    const street = await byCode(`DGW-${firstStreet}`);
    const other = await byCode(`DGW-${otherStreet}`);
    const add = (body: Record<string, unknown>) =>
      h.api('party', 'POST', '/api/party/organisations', { hostType: 'community', divisionCode: communityOf(firstStreet), ...body });
    const top = (await add({ parentId: street.id, level: 'committee', code: 'M-C', name: '移动党委' })).body;
    const mid = (await add({ parentId: top.id, level: 'general_branch', code: 'M-GB', name: '移动总支' })).body;
    const leaf = (await add({ parentId: mid.id, level: 'branch', code: 'M-BR', name: '移动支部' })).body;
    expect((await h.api('party', 'POST', `/api/party/organisations/${top.id}/move`, { parentId: leaf.id })).body.error.code).toBe('PARTY.MOVE_UNDER_ITSELF');
    expect((await h.api('party', 'POST', `/api/party/organisations/${top.id}/move`, { parentId: top.id })).body.error.code).toBe('PARTY.MOVE_UNDER_ITSELF');
    expect((await h.api('party', 'POST', `/api/party/organisations/${mid.id}/move`, { parentId: leaf.id })).body.error.code).toBe('PARTY.MOVE_UNDER_ITSELF');
    const moved = await h.api('party', 'POST', `/api/party/organisations/${top.id}/move`, { parentId: other.id });
    expect(moved.status).toBe(200);
    const rows = await db.select().from(partyOrganisations).where(eq(partyOrganisations.districtCode, DISTRICT));
    const path = (id: number) => rows.find((r) => r.id === id)!.path;
    expect(path(top.id)).toBe(`${path(other.id)}${top.id}/`);
    expect(path(mid.id)).toBe(`${path(top.id)}${mid.id}/`);
    expect(path(leaf.id)).toBe(`${path(mid.id)}${leaf.id}/`);
    // The street worker no longer reaches it through their street (it sits under another street's committee but keeps its division).
    // Retire: not while something is under it.
    const m = await h.api('party', 'POST', '/api/party/members', { organisationId: leaf.id, realName: '退休测试', idNumber: freshId(), memberType: 'full' });
    expect(m.status).toBe(201);
    expect((await h.api('party', 'POST', `/api/party/organisations/${mid.id}/retire`, { reason: '撤并' })).body.error.code).toBe('PARTY.NOT_EMPTY');
    expect((await h.api('party', 'POST', `/api/party/organisations/${leaf.id}/retire`, { reason: '撤并' })).body.error.code).toBe('PARTY.NOT_EMPTY');
    expect((await h.api('party', 'POST', `/api/party/members/${m.body.id}/leave`, { reason: '转出本区' })).status).toBe(200);
    expect((await h.api('party', 'POST', `/api/party/organisations/${leaf.id}/retire`, { reason: '撤并' })).status).toBe(200);
    expect((await h.api('party', 'POST', `/api/party/organisations/${mid.id}/retire`, { reason: '撤并' })).status).toBe(200);
    expect((await h.api('party', 'POST', `/api/party/organisations/${leaf.id}/retire`, { reason: '撤并' })).body.error.code).toBe('PARTY.RETIRED');
    expect(
      (await h.api('party', 'POST', '/api/party/members', { organisationId: leaf.id, realName: '新人', idNumber: freshId(), memberType: 'full' })).body.error
        .code,
    ).toBe('PARTY.NOT_A_BRANCH');
    expect((await tree('party')).some((n) => n.id === leaf.id)).toBe(false);
    expect((await h.api('party', 'GET', '/api/party/organisations?includeRetired=true')).body.organisations.some((n: Node) => n.id === leaf.id)).toBe(true);
  });

  it('renames and pairs (双报到) with events', async () => {
    const o = await byCode('T-BR-1');
    const c = communityOf(otherStreet);
    const r = await h.api('party', 'PATCH', `/api/party/organisations/${o.id}`, { name: '改名党支部', pairedCommunityCode: c });
    expect([r.status, r.body.name, r.body.pairedCommunityCode]).toEqual([200, '改名党支部', c]);
    expect((await h.api('party', 'PATCH', `/api/party/organisations/${o.id}`, { pairedCommunityCode: '110109999999' })).body.error.code).toBe(
      'PARTY.UNKNOWN_COMMUNITY',
    );
    const kinds = (await db.select().from(partyEvents).where(eq(partyEvents.organisationId, o.id))).map((e) => e.kind).sort();
    expect(kinds).toEqual(['organisation_created', 'organisation_paired', 'organisation_renamed']);
  });
});

describe('members', () => {
  it('adds, masks, reveals with a record, edits, transfers with history', async () => {
    const branch = await byCode('T-BR-1');
    const other = await byCode(`QYZB-${otherStreet}`);
    const id = freshId();
    expect(
      (
        await h.api('party', 'POST', '/api/party/members', {
          organisationId: branch.id,
          realName: '王小明',
          idNumber: id.slice(0, 17) + (id[17] === '1' ? '2' : '1'),
          memberType: 'full',
        })
      ).body.error.code,
    ).toBe('PARTY.BAD_ID_NUMBER');
    const add = await h.api('party', 'POST', '/api/party/members', {
      organisationId: branch.id,
      realName: '王小明',
      idNumber: id,
      phone: '13812345678',
      memberType: 'probationary',
      posts: ['committee_member', 'pioneer:政策宣讲'],
    });
    expect(add.status).toBe(201);
    expect([add.body.realName, add.body.phone, add.body.masked]).toEqual(['王**', '138****5678', true]);
    expect(add.body.idNumber).not.toContain(id.slice(6, 14));
    expect(add.body.postLabels).toEqual(['委员', '先锋岗·政策宣讲']);
    // Sealed at rest.
    const [row] = await db.select().from(partyMembers).where(eq(partyMembers.id, add.body.id));
    expect(JSON.stringify(row)).not.toContain('王小明');
    expect(JSON.stringify(row)).not.toContain(id);
    expect(
      (await h.api('party', 'POST', '/api/party/members', { organisationId: branch.id, realName: '王小明', idNumber: id, memberType: 'full' })).body.error.code,
    ).toBe('PARTY.MEMBER_EXISTS');
    const detail = await h.api('party', 'GET', `/api/party/organisations/${branch.id}`);
    expect(detail.body.members.map((m: { realName: string }) => m.realName)).toContain('王**');
    const reveal = await h.api('party', 'POST', `/api/party/members/${add.body.id}/reveal`, { reason: '核实组织关系' });
    expect(reveal.body).toEqual({ realName: '王小明', idNumber: id, phone: '13812345678' });
    const reveals = await db.select().from(partyMemberReveals).where(eq(partyMemberReveals.memberId, add.body.id));
    expect(reveals.map((r) => r.field).sort()).toEqual(['idNumber', 'phone', 'realName']);
    expect(reveals.every((r) => r.reason === '核实组织关系')).toBe(true);
    // Another street's worker: not found, nothing recorded.
    expect((await h.api('party.street', 'POST', `/api/party/members/${(await firstMemberOf(other.id)).id}/reveal`, { reason: '核实' })).status).toBe(404);
    // Edit and transfer.
    const edit = await h.api('party', 'PATCH', `/api/party/members/${add.body.id}`, { memberType: 'full', phone: null, posts: ['secretary'] });
    expect([edit.status, edit.body.memberType, edit.body.phone, edit.body.posts]).toEqual([200, 'full', null, ['secretary']]);
    const twoSecretaries = await h.api('party', 'POST', '/api/party/members', {
      organisationId: branch.id,
      realName: '李四',
      idNumber: freshId(),
      memberType: 'full',
      posts: ['secretary'],
    });
    expect(twoSecretaries.body.error.code).toBe('PARTY.SECRETARY_TAKEN');
    const moved = await h.api('party', 'POST', `/api/party/members/${add.body.id}/transfer`, { organisationId: other.id, note: '工作调动' });
    expect([moved.status, moved.body.organisationId, moved.body.posts]).toEqual([200, other.id, []]);
    expect((await h.api('party', 'POST', `/api/party/members/${add.body.id}/transfer`, { organisationId: other.id })).body.error.code).toBe(
      'PARTY.SAME_ORGANISATION',
    );
    const history = (await h.api('party', 'GET', `/api/party/members/${add.body.id}`)).body.history;
    expect(history.map((e: { kind: string }) => e.kind)).toEqual(['member_transferred', 'member_edited', 'member_added']);
    expect(history[0].data).toMatchObject({ fromOrganisationId: branch.id, toOrganisationId: other.id, note: '工作调动' });
    expect(JSON.stringify(history)).not.toContain('13812345678');
  });

  it('lets the secretary see and reveal their own branch only, and a member their own data', async () => {
    const me = await h.api('13910000001', 'GET', '/api/party/me');
    expect(me.status).toBe(200);
    expect([me.body.secretary, me.body.member.realName, me.body.member.masked]).toEqual([true, '李红梅', false]);
    expect(me.body.branchMembers.length).toBeGreaterThan(1);
    const mate = me.body.branchMembers.find((m: { id: number }) => m.id !== me.body.member.id);
    expect(mate.masked).toBe(true);
    expect((await h.api('13910000001', 'GET', `/api/party/members/${mate.id}`)).body.masked).toBe(true);
    const r = await h.api('13910000001', 'POST', `/api/party/members/${mate.id}/reveal`, { reason: '走访联系', fields: ['phone'] });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['phone']);
    const [rec] = await db
      .select()
      .from(partyMemberReveals)
      .where(and(eq(partyMemberReveals.memberId, mate.id), eq(partyMemberReveals.field, 'phone')));
    expect(rec?.viewerUserId).toBe((await principalOfUsername(h.ctx, '13910000001'))!.userId);
    const stranger = await firstMemberOf((await byCode(`QYZB-${otherStreet}`)).id);
    expect((await h.api('13910000001', 'GET', `/api/party/members/${stranger.id}`)).status).toBe(404);
    expect((await h.api('13910000001', 'POST', `/api/party/members/${stranger.id}/reveal`, { reason: '好奇' })).status).toBe(404);
    // The secretary reading their own record sees it in clear; they reveal nothing of their own.
    expect((await h.api('13910000001', 'GET', `/api/party/members/${me.body.member.id}`)).body.masked).toBe(false);
    expect((await h.api('13910000001', 'POST', `/api/party/members/${me.body.member.id}/reveal`, { reason: '自己' })).status).toBe(403);
    // A resident who is no member.
    expect((await h.api('13910000002', 'GET', '/api/party/me')).body.error.code).toBe('PARTY.NOT_A_MEMBER');
    expect((await h.api('13910000002', 'GET', `/api/party/members/${mate.id}`)).status).toBe(404);
  });

  it('links an account only when its ID number is the member’s', async () => {
    const branch = await byCode('T-BR-1');
    const add = await h.api('party', 'POST', '/api/party/members', { organisationId: branch.id, realName: '赵雪', idNumber: freshId(), memberType: 'full' });
    const wrong = await h.api('party', 'POST', `/api/party/members/${add.body.id}/account`, { phone: '13910000003' });
    expect(wrong.body.error.code).toBe('PARTY.ACCOUNT_MISMATCH');
    expect((await h.api('party', 'POST', `/api/party/members/${add.body.id}/account`, { phone: '13999990000' })).body.error.code).toBe('PARTY.NO_ACCOUNT');
    const [row] = await db.select().from(partyMembers).where(eq(partyMembers.id, add.body.id));
    expect(row!.userId).toBeNull();
  });
});

async function firstMemberOf(orgId: number): Promise<{ id: number }> {
  const [m] = await db.select({ id: partyMembers.id }).from(partyMembers).where(eq(partyMembers.organisationId, orgId)).limit(1);
  return m!;
}

// ---------------------------------------------------------------------------------------------
// Import

async function xlsx(rows: unknown[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('s').addRows(rows);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}
const ORG_HEAD = ['组织代码', '组织名称', '组织层级', '上级组织代码', '设立类型', '所在区划代码', '双报到社区代码'];
const MEMBER_HEAD = ['姓名', '身份证号', '手机号', '所在党组织代码', '党员类型', '入党日期', '居住社区代码', '在职党员', '工作单位', '职务'];

describe('import', () => {
  it('dry run, row report, all or nothing, idempotent', async () => {
    const parent = `DGW-${firstStreet}`;
    const c = communityOf(firstStreet);
    const good = [
      ORG_HEAD,
      // A child before its parent: created parents first.
      ['I-BR-1', '导入支部一', '党支部', 'I-GB', '社区', c, ''],
      ['I-GB', '导入总支', '党总支', parent, '社区', c, c],
    ];
    const bad = [
      ...good,
      ['I-BR-2', '导入支部二', '党支部', 'I-BR-1', '社区', c, ''],
      ['I-BR-3', '', '党支部', 'I-GB', '社区', c, ''],
      ['I-BR-1', '重复', '党支部', 'I-GB', '社区', c, ''],
    ];
    const before = await db.select({ n: count() }).from(partyOrganisations);
    const rejected = await h.api('party', 'POST', '/api/party/import', { kind: 'organisations', fileBase64: await xlsx(bad) });
    expect(rejected.status).toBe(200);
    expect(rejected.body.committed).toBe(false);
    expect(rejected.body.problems.map((p: { rowNumber: number; column: string; code: string }) => [p.rowNumber, p.column, p.code])).toEqual([
      [4, '组织层级', 'NESTING'],
      [5, '组织名称', 'REQUIRED'],
      [6, '组织代码', 'DUPLICATE'],
    ]);
    expect(await db.select({ n: count() }).from(partyOrganisations)).toEqual(before);
    const dry = await h.api('party', 'POST', '/api/party/import', { kind: 'organisations', dryRun: true, fileBase64: await xlsx(good) });
    expect([dry.body.created, dry.body.committed]).toEqual([2, false]);
    expect(await db.select({ n: count() }).from(partyOrganisations)).toEqual(before);
    const run = await h.api('party', 'POST', '/api/party/import', { kind: 'organisations', fileBase64: await xlsx(good) });
    expect([run.body.created, run.body.committed]).toEqual([2, true]);
    const again = await h.api('party', 'POST', '/api/party/import', { kind: 'organisations', fileBase64: await xlsx(good) });
    expect([again.body.created, again.body.updated, again.body.unchanged, again.body.committed]).toEqual([0, 0, 2, true]);
    const gb = await byCode('I-GB');
    expect((await byCode('I-BR-1')).parentId).toBe(gb.id);

    const ids = [freshId(), freshId(), freshId()];
    const members = [
      MEMBER_HEAD,
      ['钱一', ids[0], '13700000001', 'I-BR-1', '正式党员', '2001-07-01', c, '否', '', '书记'],
      ['钱二', ids[1], '', 'I-BR-1', '预备党员', '', '', '是', '区卫健委', '委员；先锋岗:垃圾分类'],
    ];
    const badMembers = [
      ...members,
      ['钱三', ids[2], '1370000', 'I-GB', '党员', '2001-02-30', '', '也许', '', '队长'],
      ['钱一', ids[0], '', 'I-BR-1', '', '', '', '', '', ''],
    ];
    const report = await h.api('party', 'POST', '/api/party/import', { kind: 'members', fileBase64: await xlsx(badMembers) });
    const codes = report.body.problems.map((p: { rowNumber: number; column: string; code: string }) => `${p.rowNumber}:${p.column}:${p.code}`);
    expect(codes).toEqual(
      expect.arrayContaining(['4:手机号:INVALID', '4:党员类型:INVALID', '4:入党日期:INVALID', '4:在职党员:INVALID', '4:职务:INVALID', '5:身份证号:DUPLICATE']),
    );
    expect(report.body.committed).toBe(false);
    const membersBefore = await db.select({ n: count() }).from(partyMembers);
    const imported = await h.api('party', 'POST', '/api/party/import', { kind: 'members', fileBase64: await xlsx(members) });
    expect([imported.body.created, imported.body.committed]).toEqual([2, true]);
    const same = await h.api('party', 'POST', '/api/party/import', { kind: 'members', fileBase64: await xlsx(members) });
    expect([same.body.created, same.body.updated, same.body.unchanged]).toEqual([0, 0, 2]);
    expect((await db.select({ n: count() }).from(partyMembers))[0]!.n).toBe(membersBefore[0]!.n + 2);
    // A changed branch code transfers (with its event); a changed name is refused.
    const gbBranch = (
      await h.api('party', 'POST', '/api/party/organisations', {
        parentId: gb.id,
        level: 'branch',
        hostType: 'community',
        code: 'I-BR-9',
        name: '导入支部九',
        divisionCode: c,
      })
    ).body;
    const moved = [MEMBER_HEAD, ['钱二', ids[1], '', 'I-BR-9', '预备党员', '', '', '是', '区卫健委', '委员；先锋岗:垃圾分类']];
    const t = await h.api('party', 'POST', '/api/party/import', { kind: 'members', fileBase64: await xlsx(moved) });
    expect([t.body.updated, t.body.committed]).toEqual([1, true]);
    const [m2] = await db.select().from(partyMembers).where(eq(partyMembers.organisationId, gbBranch.id));
    const kinds = (await db.select().from(partyEvents).where(eq(partyEvents.memberId, m2!.id))).map((e) => e.kind);
    expect(kinds).toContain('member_transferred');
    const renamed = [MEMBER_HEAD, ['钱贰', ids[1], '', 'I-BR-9', '预备党员', '', '', '是', '区卫健委', '']];
    expect((await h.api('party', 'POST', '/api/party/import', { kind: 'members', fileBase64: await xlsx(renamed) })).body.problems[0].code).toBe(
      'NAME_MISMATCH',
    );
    // A street worker cannot import into another street.
    const outside = [ORG_HEAD, ['I-OUT', '外街支部', '党支部', `DGW-${otherStreet}`, '社区', communityOf(otherStreet), '']];
    const o = await h.api('party.street', 'POST', '/api/party/import', { kind: 'organisations', fileBase64: await xlsx(outside) });
    expect(o.body.problems.map((p: { code: string }) => p.code)).toContain('OUT_OF_SCOPE');
    expect(
      (
        await h.api('party', 'POST', '/api/party/import', {
          kind: 'members',
          fileBase64: await xlsx([
            ['甲', '乙'],
            ['1', '2'],
          ]),
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await h.api('party', 'POST', '/api/party/import', {
          kind: 'members',
          fileBase64: await xlsx([
            ['姓名', '手机号'],
            ['1', '2'],
          ]),
        })
      ).body.error.code,
    ).toBe('PARTY.IMPORT_COLUMNS');
  });

  it('imports 2,500 organisations and 20,000 members in one go, and a second time changes nothing', async () => {
    const p = (await principalOfUsername(h.ctx, 'party'))!;
    const root = (await tree('party')).find((n) => n.parentId === null)!;
    const rootCode = `QW-${DISTRICT}`;
    expect(root.code).toBe(rootCode);
    const orgRows: string[][] = [];
    const branches: string[] = [];
    for (let i = 0; i < 100; i++) {
      const c = communities[i % communities.length]!.code;
      orgRows.push([`BIG-C-${i}`, `大党委${i}`, '党委', rootCode, '社区', c, '']);
      for (let j = 0; j < 24; j++) {
        orgRows.push([`BIG-B-${i}-${j}`, `大支部${i}-${j}`, '党支部', `BIG-C-${i}`, '社区', c, c]);
        branches.push(`BIG-B-${i}-${j}`);
      }
    }
    const memberRows: string[][] = [];
    for (let k = 0; k < 20_000; k++)
      memberRows.push([
        `党员${k}`,
        bigId(k),
        `136${String(k).padStart(8, '0')}`,
        branches[k % branches.length]!,
        '正式党员',
        '2000-07-01',
        '',
        '否',
        '',
        k < branches.length ? '书记' : '',
      ]);
    const table = (headers: string[], rows: string[][]) => ({
      encoding: 'xlsx' as const,
      headers,
      rows: rows.map((r, i) => ({ rowNumber: i + 2, cells: Object.fromEntries(headers.map((hd, j) => [hd, r[j] ?? ''])) })),
      problems: [],
    });
    let t = Date.now();
    const orgs = await importPartyTable(h.ctx, p, 'organisations', table(ORG_HEAD, orgRows), { dryRun: false });
    const orgSeconds = (Date.now() - t) / 1000;
    expect([orgs.created, orgs.rejected, orgs.committed]).toEqual([2500, 0, true]);
    t = Date.now();
    const members = await importPartyTable(h.ctx, p, 'members', table(MEMBER_HEAD, memberRows), { dryRun: false });
    const memberSeconds = (Date.now() - t) / 1000;
    expect([members.created, members.rejected, members.committed]).toEqual([20_000, 0, true]);
    t = Date.now();
    const again = await importPartyTable(h.ctx, p, 'members', table(MEMBER_HEAD, memberRows), { dryRun: false });
    const againSeconds = (Date.now() - t) / 1000;
    expect([again.created, again.updated, again.unchanged]).toEqual([0, 0, 20_000]);
    t = Date.now();
    const all = await tree('party');
    const treeSeconds = (Date.now() - t) / 1000;
    expect(all.find((n) => n.code === 'BIG-C-0')!.totalMembers).toBe(24 * Math.ceil(20_000 / 2400));
    console.log(
      `party import on ${dbKind()}: 2,500 organisations ${orgSeconds.toFixed(1)} s, 20,000 members ${memberSeconds.toFixed(1)} s, again ${againSeconds.toFixed(1)} s; tree of ${all.length} ${treeSeconds.toFixed(2)} s`,
    );
  }, 240_000);
});

// ---------------------------------------------------------------------------------------------
// Who may do what: party workers (district-wide `party`, first street `party.street`), the secretary of the
// first community's branch (13910000001), a resident who is no member (13910000002) and a street handler
// without the role. Targets: S in the secretary's branch (first street), O in another street.
// A 2xx · F 403 · N 404 · - no target column.

describe('authorisation matrix of party workers, secretaries and members', () => {
  const USERS = ['party', 'party.street', '13910000001', '13910000002', 'street'] as const;
  type Col = 'S' | 'O';
  const targets = async () => {
    const me = (await h.api('13910000001', 'GET', '/api/party/me')).body;
    const mate = me.branchMembers.find((m: { id: number }) => m.id !== me.member.id);
    const other = await byCode(`QYZB-${otherStreet}`);
    return { S: { org: me.organisation.id, member: mate.id }, O: { org: other.id, member: (await firstMemberOf(other.id)).id } };
  };
  const MATRIX: Record<
    string,
    { cols: boolean; expect: string[]; req: (t: Awaited<ReturnType<typeof targets>>, c: Col) => Promise<[string, string, unknown?]> }
  > = {
    'GET /api/party/organisations': { cols: false, expect: ['A', 'A', 'F', 'F', 'F'], req: async () => ['GET', '/api/party/organisations'] },
    'GET /api/party/organisations/{id}': {
      cols: true,
      expect: ['AA', 'AN', 'FF', 'FF', 'FF'],
      req: async (t, c) => ['GET', `/api/party/organisations/${t[c].org}`],
    },
    'PATCH /api/party/organisations/{id}': {
      cols: true,
      expect: ['AA', 'AN', 'FF', 'FF', 'FF'],
      req: async (t, c) => {
        const o = (await db.select().from(partyOrganisations).where(eq(partyOrganisations.id, t[c].org)))[0]!;
        return ['PATCH', `/api/party/organisations/${o.id}`, { name: o.name }];
      },
    },
    'POST /api/party/members': {
      cols: true,
      expect: ['AA', 'AN', 'FF', 'FF', 'FF'],
      req: async (t, c) => ['POST', '/api/party/members', { organisationId: t[c].org, realName: '矩阵测试', idNumber: freshId(), memberType: 'full' }],
    },
    'GET /api/party/members/{id}': { cols: true, expect: ['AA', 'AN', 'AN', 'NN', 'FF'], req: async (t, c) => ['GET', `/api/party/members/${t[c].member}`] },
    'POST /api/party/members/{id}/reveal': {
      cols: true,
      expect: ['AA', 'AN', 'AN', 'NN', 'FF'],
      req: async (t, c) => ['POST', `/api/party/members/${t[c].member}/reveal`, { reason: '矩阵测试' }],
    },
    'GET /api/party/me': { cols: false, expect: ['F', 'F', 'A', 'N', 'F'], req: async () => ['GET', '/api/party/me'] },
    'POST /api/party/import': {
      cols: false,
      expect: ['A', 'A', 'F', 'F', 'F'],
      req: async () => [
        'POST',
        '/api/party/import',
        {
          kind: 'organisations',
          dryRun: true,
          fileBase64: await xlsx([ORG_HEAD, ['MX-1', '矩阵', '党支部', `DGW-${firstStreet}`, '社区', communityOf(firstStreet), '']]),
        },
      ],
    },
  };
  for (const [op, spec] of Object.entries(MATRIX))
    it(op, async () => {
      const t = await targets();
      const got: string[] = [];
      for (const u of USERS) {
        let letters = '';
        for (const c of spec.cols ? (['S', 'O'] as const) : (['S'] as const)) {
          const revealsBefore = (await db.select({ n: count() }).from(partyMemberReveals))[0]!.n;
          const [method, url, body] = await spec.req(t, c);
          const r = await h.api(u, method, url, body);
          letters += r.status < 300 ? 'A' : r.status === 403 ? 'F' : r.status === 404 ? 'N' : `?${r.status}`;
          const revealsAfter = (await db.select({ n: count() }).from(partyMemberReveals))[0]!.n;
          // A reveal is recorded exactly when it is answered.
          if (op.endsWith('/reveal')) expect(revealsAfter - revealsBefore).toBe(r.status < 300 ? 3 : 0);
        }
        got.push(letters);
      }
      expect(got).toEqual(spec.expect);
    });
});
