/**
 * Bad input gets a clear error and changes nothing. For every operation under /api (read from the
 * OpenAPI document, so a new route is covered or this file fails), requests with a missing or
 * unreadable body, wrong types, unknown fields, huge or NUL-bearing strings, bad ids and query
 * parameters, the wrong content type, no or a forged session, plus the domain refusals (unknown
 * category, unit or place; invalid transitions; another unit's ticket) must answer 4xx — never 5xx —
 * in the one error shape with a stable code, and leave every table of the database as it was.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ACTION_RULES } from '../src/engine/domain/workflow/actions.ts';
import type { ActionType } from '../src/engine/domain/workflow/events.ts';
import {
  apiOperations,
  bodySchemaOf,
  expectErrorShape,
  fillPath,
  fingerprint,
  send,
  sessions,
  type ApiOperation,
  type JsonSchema,
  type RawResponse,
} from './support/api-surface.ts';
import { createHarness, dbKind, PASSWORD } from './support/harness.ts';
import { principalOfUsername } from '../src/engine/auth.ts';
import { awardPoints } from '../src/modules/points/index.ts';
import { addItem, addPartner, addRuleVersion, collect, redeem } from '../src/modules/points/points.service.ts';
import { seedPointsRules } from '../src/modules/points/points.seed.ts';
import { seedDemoHouseholds } from '../src/modules/party/households.seed.ts';
import { adminOf, buildHolder } from './builders/points.ts';
import { multipartFile, pngImage } from './support/images.ts';
import { buildVolunteer } from './builders/activity-volunteers.ts';
import { volunteerFixtures } from './support/volunteer-fixtures.ts';
import { seedDemoParty, seedDemoReportIn } from '../src/modules/party/index.ts';
import { partyMembers, partyOrganisations } from '../src/schema.ts';
import { eq } from 'drizzle-orm';
import { entriesAt, partyFixtures } from './support/party-fixtures.ts';
import { DEFAULT_RULE_SET } from '../src/modules/party/rating.domain.ts';
import { DEFAULT_CRITERIA } from '../src/modules/party/brands.domain.ts';
import { addRatingRuleSet, cycleBoard, openCycle } from '../src/modules/party/rating.service.ts';
import { applyForBrand, createProgramme, openFirstRound, preliminaryReview } from '../src/modules/party/brands.service.ts';
import { answerOrder, createMenuItem, dispatchOrder, placeOrder, recordService } from '../src/modules/volunteers/orders.service.ts';

const h = await createHarness();
afterAll(async () => {
  await h.close();
});
const token = sessions(h);
const db = h.ctx.database.db;

// ---------------------------------------------------------------------------------------------
// Fixtures: a few tickets in known states, made through the API before any bad request is sent.

const ref = await h.ctx.reference.get();
const STREET_CODE = '110109001';
const unit = {
  street: h.unitId(`ST-${STREET_CODE}`),
  otherStreet: h.unitId('ST-110109002'),
  cgw: h.unitId('DEPT-CGW'),
  gov: h.unitId('GOV-110109'),
  centre: h.unitId('CENTRE-110109'),
};
const leaf = ref.categories.find((c) => c.isLeaf && c.active)!;
const nonLeaf = ref.categories.find((c) => !c.isLeaf)!;
const childOfGroup = ref.categories.find((c) => c.parentId === nonLeaf.id && c.active)!;
/** Two active leaves under one parent. */
const leafPair = (() => {
  for (const a of ref.categories) {
    const b = ref.categories.find((c) => c.id !== a.id && c.isLeaf && c.active && a.isLeaf && a.active && c.parentId === a.parentId);
    if (b !== undefined) return [a, b] as const;
  }
  throw new Error('no two sibling leaves');
})();
const communities = [...ref.divisionByCode.values()].filter((d) => d.level === 'community');
const community = communities.find((d) => d.parentCode === STREET_CODE)!;
const communityElsewhere = communities.find((d) => d.parentCode !== STREET_CODE)!;
const NO_SUCH_TICKET = 9_007_199_254_740_991;
const NO_SUCH_ROW = 2_147_483_647;

async function intake(body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<number> {
  const r = await send(h, { method: 'POST', url: '/api/tickets', token: await token('operator'), payload: body, headers });
  if (r.status !== 201) throw new Error(`fixture intake failed: ${r.status} ${r.text}`);
  return r.body.ticketId as number;
}

const baseIntake = {
  requestType: 'complaint',
  channel: 'phone',
  content: '小区门口垃圾堆积，多日无人清运',
  requesterName: '王小明',
  requesterPhone: '13900001111',
};
const T = {
  /** Dispatched to the first street; `street` signs it. */
  dispatched: await intake({ ...baseIntake, triage: { action: 'dispatch', leadUnitId: unit.street } }),
  /** Recorded, not yet triaged (accepted). */
  accepted: await intake({ ...baseIntake }),
  /** Closed at intake by a special route. */
  closed: await intake({ ...baseIntake, requestType: 'report', triage: { action: 'closeSpecial', route: 'petition', note: '' } }),
  /** Dispatched to a department. */
  cgw: await intake({ ...baseIntake, triage: { action: 'dispatch', leadUnitId: unit.cgw } }),
  /** Only the property tests act on it. */
  fuzz: await intake({ ...baseIntake, triage: { action: 'dispatch', leadUnitId: unit.street } }),
};
/** A whistle blown by the first street from its dispatched ticket, summoning `cgw`. */
const whistleBody = { title: '联合执法', content: '占道经营', place: '现场', departmentUnitIds: [unit.cgw], reportLimitMinutes: 30 };
const WHISTLE = await (async () => {
  const r = await send(h, { method: 'POST', url: '/api/whistles', token: await token('street'), payload: { ...whistleBody, sourceTicketId: T.dispatched } });
  if (r.status !== 201) throw new Error(`fixture whistle failed: ${r.status} ${r.text}`);
  return r.body.ticketId as number;
})();
/** A ledger of the centre (台账) with a keyword rule. */
const LEDGER = await (async () => {
  const r = await send(h, {
    method: 'POST',
    url: '/api/ledgers',
    token: await token('supervisor'),
    payload: { name: '创城专项台账', rules: { keywords: ['垃圾'] } },
  });
  if (r.status !== 201) throw new Error(`fixture ledger failed: ${r.status} ${r.text}`);
  return r.body.id as number;
})();
/** An import run (a dry run of a one-row findings file). */
const IMPORT_RUN = await (async () => {
  const payload = {
    kind: 'findings',
    dryRun: true,
    fileName: 'fixture.csv',
    contentBase64: Buffer.from('外部编号,内容\nbad-input-run,测试发现').toString('base64'),
  };
  const r = await send(h, { method: 'POST', url: '/api/imports', token: await token('admin'), payload });
  if (r.status !== 200 || typeof r.body.runId !== 'number') throw new Error(`fixture import run failed: ${r.status} ${r.text}`);
  return r.body.runId as number;
})();
const IDEMPOTENCY_KEY = 'bad-input-fixture-0001';
await intake({ ...baseIntake, content: '幂等键测试' }, { 'idempotency-key': IDEMPOTENCY_KEY });
/**
 * The points bank: its rules and a future version to collide with, a redemption point run by the first
 * street with an item, an expensive one and an empty one; a resident holding a few points with one award,
 * one pending and one collected redemption, and today's waste-sorting check already paid.
 */
const POINTS = await (async () => {
  await seedPointsRules(h.ctx);
  const admin = await adminOf(h.ctx);
  await addRuleVersion(h.ctx, admin, {
    code: 'badinput.dup',
    kind: 'activity',
    name: '重复版本',
    pointsPerUnit: 5,
    dailyCap: null,
    effectiveFrom: '2026-12-01',
  });
  const partner = await addPartner(h.ctx, admin, { name: '测试兑换点', kind: 'station', unitId: unit.street });
  const item = await addItem(h.ctx, admin, { partnerId: partner.id, name: '环保袋', cost: 5, stock: 100 });
  const expensive = await addItem(h.ctx, admin, { partnerId: partner.id, name: '电视机', cost: 100_000, stock: 1 });
  const empty = await addItem(h.ctx, admin, { partnerId: partner.id, name: '已兑完', cost: 1, stock: 0 });
  const holder = await buildHolder(h.ctx, { username: '13600000001', displayName: '测试居民' });
  const award = await db.transaction((tx) =>
    awardPoints(h.ctx, tx, {
      holderUserId: holder.userId,
      ruleCode: 'service.hour',
      quantity: 3,
      sourceKey: 'bad-input:award',
      occurredAt: h.clock.now(),
      actor: null,
    }),
  );
  const p = (await principalOfUsername(h.ctx, holder.username))!;
  const pending = await redeem(h.ctx, p, { itemId: item.id, quantity: 1, idempotencyKey: 'bad-input-fixture-r1' });
  const done = await redeem(h.ctx, p, { itemId: item.id, quantity: 1, idempotencyKey: 'bad-input-fixture-r2' });
  await collect(h.ctx, (await principalOfUsername(h.ctx, 'street'))!, done.pickupCode);
  const check = await send(h, {
    method: 'POST',
    url: '/api/points/conduct-awards',
    token: await token('grid'),
    payload: { holderUsername: holder.username, ruleCode: 'conduct.waste_sorting', communityCode: community.code, checkKey: 'bad-input-fixture-check' },
  });
  if (check.status !== 201) throw new Error(`fixture conduct award failed: ${check.status} ${check.text}`);
  return {
    partner: partner.id,
    item: item.id,
    expensive: expensive.id,
    empty: empty.id,
    holder: holder.username,
    award: award.transactionId,
    redeemTx: pending.transactionId,
    pending,
    done,
  };
})();

// Sessions for everyone the cases use, so no case creates one.
/** Volunteer activities (志愿活动) of the first street: published (a session soon, one past), a draft, a cancelled one. */
const ACT_SOON = { startsAt: '2026-03-02T09:30:00+08:00', endsAt: '2026-03-02T11:30:00+08:00', capacity: 5 };
const ACT_PAST = { startsAt: '2026-03-01T09:00:00+08:00', endsAt: '2026-03-01T12:00:00+08:00', capacity: 5 };
const activityBody = { title: '社区清洁', activityType: 'environment', venueName: '社区广场', sessions: [ACT_SOON, ACT_PAST] };
async function activityFixture(body: Record<string, unknown>): Promise<{ id: number; soon: number; past: number }> {
  const r = await send(h, { method: 'POST', url: '/api/activities', token: await token('street'), payload: body });
  if (r.status !== 201) throw new Error(`fixture activity failed: ${r.status} ${r.text}`);
  const ss = r.body.sessions as { id: number; startsAt: string }[];
  // Sessions come in time order: the past one first.
  return { id: r.body.id, soon: ss[ss.length - 1]!.id, past: ss[0]!.id };
}
const ACT = await activityFixture({ ...activityBody, publish: true });
const ACT_DRAFT = await activityFixture(activityBody);
const ACT_CANCELLED = await activityFixture({ ...activityBody, publish: true });
/** Another published activity whose session overlaps ACT's soon one. */
const ACT_OVERLAP = await activityFixture({
  ...activityBody,
  sessions: [{ startsAt: '2026-03-02T10:00:00+08:00', endsAt: '2026-03-02T11:00:00+08:00', capacity: 5 }],
  publish: true,
});
const [ACT_VOL, ACT_VOL2, ACT_VOL3, ACT_VOL_RECORDED] = await Promise.all(
  ['bad.vol1', 'bad.vol2', 'bad.vol3', 'bad.vol4'].map((username) => buildVolunteer(h.ctx, unit.street, { username })),
);
const asActFixture = async (user: string, method: string, url: string, payload?: unknown) => {
  const r = await send(h, { method, url, token: await token(user), ...(payload === undefined ? {} : { payload }) });
  if (r.status >= 300) throw new Error(`fixture ${method} ${url} failed: ${r.status} ${r.text}`);
  return r.body;
};
await asActFixture('street', 'POST', `/api/activities/${ACT_CANCELLED.id}/cancel`, { reason: '天气原因' });
await asActFixture(ACT_VOL!.username, 'POST', `/api/activities/sessions/${ACT.soon}/signups`);
const CHECK_IN_TOKEN = (await asActFixture('street', 'GET', `/api/activities/sessions/${ACT.soon}/check-in-code`)).token as string;
const HOUR_RECORD = (
  await asActFixture('admin', 'POST', `/api/activities/sessions/${ACT.past}/manual-hours`, {
    userId: ACT_VOL_RECORDED!.id,
    minutes: 60,
    source: 'paper',
    reason: '纸质签到表',
  })
).id as number;
for (const u of [ACT_VOL!, ACT_VOL2!, ACT_VOL3!]) await token(u.username);
await token('street.leader');
for (const u of ['operator', 'callback', 'supervisor', 'admin', 'street', 'cgw', 'gov', 'grid', POINTS.holder]) await token(u);

// ---------------------------------------------------------------------------------------------
// What each operation looks like when called correctly, and the refusals that need the domain.

interface Case {
  name: string;
  as?: string | null;
  params?: Record<string, string | number>;
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
  status: number;
  code: string;
}

interface Spec {
  /** A user who may call it. */
  as: string | null;
  /** Public: no session needed (the unauthenticated cases are skipped). */
  public?: boolean;
  params?: Record<string, string | number>;
  query?: Record<string, string>;
  /** A body the schema accepts. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Refusals beyond the schema, with their status and code. */
  semantic?: Omit<Case, 'name'>[] | ((base: Spec) => Omit<Case, 'name'>[]);
  names?: string[];
  /** The route takes bodies over 2 MB (a file upload): an oversized body is refused by its schema, not its size. */
  largeBody?: boolean;
}

const NOT_FOUND = { status: 404, code: 'NOT_FOUND' };
const FORBIDDEN = { status: 403, code: 'AUTH.FORBIDDEN' };
const WF_FORBIDDEN = { status: 403, code: 'WORKFLOW.FORBIDDEN' };
const INVALID_TRANSITION = { status: 409, code: 'WORKFLOW.INVALID_TRANSITION' };
const PRECONDITION = { status: 409, code: 'WORKFLOW.PRECONDITION_FAILED' };
const INVALID = { status: 400, code: 'VALIDATION.INVALID_INPUT' };

const validRule = {
  version: 'bad-input',
  effectiveFrom: '2026-06',
  unitType: null,
  weights: { response: 0.2, resolution: 0.3, satisfaction: 0.5 },
  basicallySatisfiedWeight: 0.8,
  grades: [
    { grade: 'A', minScore: 90 },
    { grade: 'B', minScore: 0 },
  ],
  listSize: 5,
  focusAfterMonths: 3,
};
const limit = { amount: 2, unit: 'natural_hours' };
// The requester page and photos: a public request (number and query code), a public photo and one uploaded by `street`.
const PUBLIC_REQUEST = (
  await send(h, { method: 'POST', url: '/api/public/requests', payload: { content: '楼道灯不亮', streetCode: STREET_CODE, requesterPhone: '13900002222' } })
).body as { number: string; queryCode: string };
async function uploadFixture(user: string | null): Promise<number> {
  const r = await send(h, {
    method: 'POST',
    url: user ? '/api/attachments' : '/api/public/attachments',
    token: user ? await token(user) : null,
    ...multipartFile(pngImage()),
  });
  if (r.status !== 201) throw new Error(`fixture upload failed: ${r.status} ${r.text}`);
  return r.body.id as number;
}
const PUBLIC_PHOTO = await uploadFixture(null);
const STREET_PHOTO = await uploadFixture('street');
const WRONG_CODE = String((Number(PUBLIC_REQUEST.queryCode) + 1) % 1_000_000).padStart(6, '0');
const asUpload = (m: { payload: Buffer; headers: Record<string, string> }) => ({ body: m.payload, headers: m.headers });
const UPLOAD_REFUSALS = [
  {
    ...asUpload(multipartFile(Buffer.from('not a picture\n'.repeat(10)), { filename: 'a.jpg', contentType: 'image/jpeg' })),
    status: 415,
    code: 'VALIDATION.UNSUPPORTED_MEDIA_TYPE',
  },
  { ...asUpload(multipartFile(Buffer.concat([pngImage(), Buffer.alloc(5 * 1024 * 1024)]))), status: 413, code: 'VALIDATION.BODY_TOO_LARGE' },
  { ...asUpload(multipartFile(pngImage(), { field: 'photo' })), ...INVALID },
  { ...asUpload(multipartFile(Buffer.alloc(0))), ...INVALID },
  { body: '--zz\r\nnonsense', headers: { 'content-type': 'multipart/form-data; boundary=zz' }, ...INVALID },
  { body: { file: 'x' }, status: 415, code: 'VALIDATION.UNSUPPORTED_MEDIA_TYPE' },
];
/** Routes that take no input still refuse a body that is not JSON. */
const NON_JSON_BODIES = [
  { body: 'hello', headers: { 'content-type': 'text/plain' }, status: 415, code: 'VALIDATION.UNSUPPORTED_MEDIA_TYPE' },
  { body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' }, status: 415, code: 'VALIDATION.UNSUPPORTED_MEDIA_TYPE' },
];
const publicRequestBody = {
  content: '楼道灯不亮',
  communityCode: community.code,
  latitude: 39.94,
  longitude: 116.1,
  address: '3 号楼',
  requesterName: '王小明',
  requesterPhone: '13900001111',
  categoryId: leaf.id,
  attachmentIds: [PUBLIC_PHOTO],
};
/** Ids of demo users, for the user-administration routes. */
const userIds = new Map<string, number>(
  ((await send(h, { method: 'GET', url: '/api/admin/users', token: await token('admin') })).body.items as { id: number; username: string }[]).map((u) => [
    u.username,
    u.id,
  ]),
);
const newUser = { username: 'bad.input', displayName: '测试用户', unitId: unit.cgw, roles: ['unit_handler'], password: 'abcdefgh12' };
const newUnit = { code: 'DEPT-BAD-INPUT', name: '测试局', nameEn: 'Test', unitType: 'department', divisionCode: null, parentId: unit.gov };

// The volunteer subsystem: stations, staff, a resident, volunteers, a team, imported accounts.
const VOL = await volunteerFixtures(h, { claimable: 2 });
const registration = VOL.registration();
const wrongCheck = (id: string) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
const claimA = VOL.claimable();
const claimB = VOL.claimable();
const profileBody = { skills: ['elderly_care'], areas: [VOL.community], availability: [{ weekday: 1, slot: 'morning' }], consentPublicName: true };
const stationId = VOL.stationOf(VOL.community);
const teamBody = {
  name: '坏输入测试队',
  stationId,
  skills: ['elderly_care'],
  areas: [VOL.community],
  leaderUserId: VOL.volunteerId,
  memberUserIds: [VOL.volunteerId],
};
const { default: ExcelJS } = await import('exceljs');
const noIdColumns = await (async () => {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('s').addRows([
    ['姓名', '手机号'],
    ['张三', '13800001234'],
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
})();
const ROSTER = await VOL.rosterFile();
// Service orders: a menu item of the first community's station and an order at each step.
const asP = async (u: string) => (await principalOfUsername(h.ctx, u))!;
const ORDER_ITEM = (await createMenuItem(h.ctx, await asP('station'), { name: '坏输入测试服务', skills: [], timeLimitClass: 'general' })).id;
async function orderAt(step: 'pending' | 'offered' | 'accepted' | 'served'): Promise<number> {
  const id = (await placeOrder(h.ctx, await asP(VOL.resident), { menuItemId: ORDER_ITEM, content: '坏输入测试' })).ticketId;
  if (step === 'pending') return id;
  await dispatchOrder(h.ctx, await asP('station'), id, VOL.teamId);
  if (step === 'offered') return id;
  await answerOrder(h.ctx, await asP(VOL.leader), id, { accept: true });
  if (step === 'accepted') return id;
  await recordService(h.ctx, await asP(VOL.leader), id, { servedBy: [VOL.leaderId], minutes: 30, note: '' });
  return id;
}
const ORDER = { pending: await orderAt('pending'), offered: await orderAt('offered'), accepted: await orderAt('accepted'), served: await orderAt('served') };
const menuBody = { name: '坏输入新服务', skills: [], timeLimitClass: 'general' };
for (const u of [VOL.resident, VOL.volunteer, VOL.leader, 'station', 'station.centre', 'station.other']) await token(u);

// 党建: the demo's tree and members (party workers `party`, `party.street`; the secretary 13910000001), a member of another street.
await seedDemoParty(h.ctx);
const partyOrgs = await db.select().from(partyOrganisations);
const partyOrg = (code: string) => partyOrgs.find((o) => o.code === code)!;
const partyStreets = [...ref.divisionByCode.values()].filter((d) => d.level === 'street').sort((a, b) => a.code.localeCompare(b.code));
const partyCommunity = [...ref.divisionByCode.values()].find((d) => d.level === 'community' && d.parentCode === partyStreets[0]!.code)!.code;
const PARTY = {
  street: partyOrg(`DGW-${partyStreets[0]!.code}`),
  otherStreet: partyOrg(`DGW-${partyStreets[1]!.code}`),
  branch: partyOrgs.find((o) => o.level === 'branch' && o.divisionCode?.startsWith(partyStreets[0]!.code))!,
  otherBranch: partyOrg(`QYZB-${partyStreets[1]!.code}`),
  member: (
    await db
      .select()
      .from(partyMembers)
      .where(eq(partyMembers.organisationId, partyOrgs.find((o) => o.level === 'branch' && o.divisionCode?.startsWith(partyStreets[0]!.code))!.id))
  )[0]!,
  otherMember: (
    await db
      .select()
      .from(partyMembers)
      .where(eq(partyMembers.organisationId, partyOrg(`QYZB-${partyStreets[1]!.code}`).id))
  )[0]!,
};
const partyOrgBody = { parentId: PARTY.street.id, level: 'branch', hostType: 'community', code: 'BAD-BR', name: '坏输入支部', divisionCode: partyCommunity };
const partyMemberBody = { organisationId: PARTY.branch.id, realName: '坏输入', idNumber: VOL.person().idNumber, memberType: 'full' };
for (const u of ['party', 'party.street', '13910000001']) await token(u);

// The party's star rating and brand programme: a cycle with every rating pending, an applying
// programme with one submitted application, and a programme scoring round 1 with one expert.
const PF = await partyFixtures(h, { branchesPerStreet: 2, experts: 2, prefix: 'bi' });
for (const u of [
  PF.district,
  PF.streetWorkerA,
  PF.streetWorkerB,
  PF.resident,
  PF.branchesA[0]!.secretary,
  PF.branchesA[1]!.secretary,
  PF.branchesB[0]!.secretary,
  ...PF.experts.map((e) => e.username),
])
  await token(u);
const PARTY_R = await (async () => {
  const organiser = await asP(PF.district);
  const rules = await addRatingRuleSet(h.ctx, organiser, { version: 'bad-input', effectiveFrom: '2025-01-01', content: DEFAULT_RULE_SET });
  const cycle = await openCycle(h.ctx, organiser, { year: 2025, ruleSetId: rules.id });
  const board = await cycleBoard(h.ctx, organiser, cycle.id);
  const ratingA1 = board.rows.find((r) => r.organisationId === PF.branchesA[0]!.id)!.ratingId;
  const applying = await createProgramme(h.ctx, organiser, { year: 2026, title: '坏输入申报中', criteria: DEFAULT_CRITERIA });
  const scoring = await createProgramme(h.ctx, organiser, { year: 2026, title: '坏输入评审中', criteria: DEFAULT_CRITERIA });
  const inRound = await applyForBrand(h.ctx, await asP(PF.branchesA[0]!.secretary), scoring.id, { title: '品牌', summary: 's', practice: 'p' });
  const rejected = await applyForBrand(h.ctx, await asP(PF.branchesA[1]!.secretary), scoring.id, { title: '品牌', summary: 's', practice: 'p' });
  await preliminaryReview(h.ctx, organiser, inRound.id, { decision: 'pass' });
  await preliminaryReview(h.ctx, organiser, rejected.id, { decision: 'reject', reason: '材料不全' });
  const round = await openFirstRound(h.ctx, organiser, scoring.id, { expertUserIds: [PF.experts[0]!.id] });
  const submitted = await applyForBrand(h.ctx, await asP(PF.branchesA[0]!.secretary), applying.id, { title: '品牌', summary: 's', practice: 'p' });
  return { rules, cycle, ratingA1, applying, scoring, inRound, rejected, round: round.round.id, submitted };
})();
const partyEntries = (text: 'evidence' | 'comment') => entriesAt(0.9, text);
const partySheet = { innovation: 10, effect: 10, replicable: 10, mass_approval: 10 };
const RATING_STAGE = { status: 409, code: 'RATING.WRONG_STAGE' };
const BRAND_STAGE = { status: 409, code: 'BRAND.WRONG_STAGE' };
// 双报到: the demo's report-ins (the first community's worker `party.community`), an open need, a claim on it not yet recorded.
await seedDemoReportIn(h.ctx);
for (const u of ['party.community']) await token(u);
const riCommunity = (await h.api('party.community', 'GET', '/api/party/reportin/community')).body;
const RI = {
  community: riCommunity.communityCode as string,
  otherCommunity: [...ref.divisionByCode.values()].find((d) => d.level === 'community' && d.parentCode === partyStreets[1]!.code)!.code,
  member: riCommunity.reportIns.find((r: { kind: string }) => r.kind === 'member') as { id: number; memberId: number },
  organisation: riCommunity.reportIns.find((r: { kind: string }) => r.kind === 'organisation') as { id: number; organisationId: number } | undefined,
  need: (
    await h.api('party.community', 'POST', '/api/party/reportin/needs', {
      title: '坏输入需求',
      description: '',
      category: 'other',
      peopleWanted: 50,
      neededOn: '2026-03-07',
      timeText: '',
      place: '',
    })
  ).body as { id: number },
  claim: 0,
};
RI.claim = (await h.api('party.community', 'POST', `/api/party/reportin/needs/${RI.need.id}/claims`, { memberId: RI.member.memberId })).body.id;
const riNeedBody = { title: '需求', description: '', category: 'other', peopleWanted: 2, neededOn: '2026-03-07', timeText: '', place: '' };
// 党员包户: the demo's households (the street's worker registers them; 13910000001 looks after three), one of them and its building.
await seedDemoHouseholds(h.ctx);
const HH = await (async () => {
  const mine = (await h.api('13910000001', 'GET', '/api/party/households/mine')).body.households as { id: number; buildingCode: string }[];
  const c = (await h.api('party.community', 'GET', '/api/party/households')).body as { buildings: { code: string }[] };
  return { household: mine[0]!.id, building: c.buildings[0]!.code };
})();

// 承诺践诺: the secretary's (13910000001) own draft; pledges written by `party` for two members of her branch (代录), one
// submitted, one approved by her with a pending fulfilment entry; a pioneer post she granted.
const plSecretary = (
  await db
    .select()
    .from(partyMembers)
    .where(eq(partyMembers.userId, (await principalOfUsername(h.ctx, '13910000001'))!.userId))
)[0]!;
const plMates = (await db.select().from(partyMembers).where(eq(partyMembers.organisationId, plSecretary.organisationId))).filter(
  (m) => m.id !== plSecretary.id,
);
const plWrite = async (as: string, body: Record<string, unknown>) =>
  (await h.api(as, 'POST', '/api/party/pledges', { year: 2026, category: 'serve_public', text: '坏输入承诺', ...body })).body as { id: number };
const PL = {
  draft: (await plWrite('13910000001', {})).id,
  submitted: (await plWrite('party', { memberId: plMates[0]!.id, submit: true })).id,
  approved: (await plWrite('party', { memberId: plMates[1]!.id, submit: true })).id,
  fulfilment: 0,
  post: 0,
  mate: plMates[0]!.id,
};
await h.api('13910000001', 'POST', `/api/party/pledges/${PL.approved}/approve`);
PL.fulfilment = (
  (await h.api('party', 'POST', `/api/party/pledges/${PL.approved}/fulfilments`, { doneOn: '2026-02-01', text: '坏输入践诺' })).body as {
    fulfilments: { id: number }[];
  }
).fulfilments[0]!.id;
PL.post = (
  (await h.api('13910000001', 'POST', '/api/party/pioneer-posts', { memberId: PL.mate, kind: 'pioneer', title: '坏输入岗', place: '', from: '2026-03-01' }))
    .body as { id: number }
).id;
const OWN_PLEDGE = { status: 403, code: 'PLEDGE.OWN_PLEDGE' };
const plBody = { year: 2026, category: 'other', text: '坏输入的承诺' };
const plFulfilment = { doneOn: '2026-02-01', text: '坏输入践诺', hours: 1, links: ['https://example.org/a.jpg'] };
const plPost = { memberId: PL.mate, kind: 'model', title: '坏输入示范岗', place: '驿站', from: '2026-03-01' };
// 三会一课: a planned and a cancelled meeting of the demo secretary's (13910000001) branch.
const meetingBranch = (await h.api('13910000001', 'GET', '/api/party/meetings')).body.organisation.id as number;
const meetingBody = { kind: 'committee', title: '研究3月工作', startsAt: '2026-03-10T19:00:00+08:00', place: '支部活动室' };
const MEET = {
  planned: (await h.api('13910000001', 'POST', '/api/party/meetings', meetingBody)).body.id as number,
  cancelled: (await h.api('13910000001', 'POST', '/api/party/meetings', { ...meetingBody, title: '取消的会' })).body.id as number,
};
await h.api('13910000001', 'POST', `/api/party/meetings/${MEET.cancelled}/cancel`, { reason: '改期' });
const meetingRecord = { heldAt: '2026-03-01T19:00:00+08:00', minutes: '研究部署', present: [], excused: [] };

const SPECS: Record<string, Spec> = {
  'GET /api/party/organisations': {
    as: 'party',
    query: { includeRetired: 'true' },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { as: VOL.resident, ...FORBIDDEN },
      { query: { includeRetired: 'maybe' }, ...INVALID },
    ],
  },
  'POST /api/party/organisations': {
    as: 'party',
    body: partyOrgBody,
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { body: { ...partyOrgBody, parentId: PARTY.branch.id }, status: 422, code: 'PARTY.NESTING' },
      { body: { ...partyOrgBody, parentId: null, level: 'committee' }, status: 409, code: 'PARTY.ROOT_EXISTS' },
      { body: { ...partyOrgBody, code: PARTY.branch.code }, status: 409, code: 'PARTY.CODE_TAKEN' },
      { body: { ...partyOrgBody, parentId: NO_SUCH_ROW }, ...NOT_FOUND },
      { body: { ...partyOrgBody, divisionCode: '110109999999' }, status: 422, code: 'PARTY.UNKNOWN_DIVISION' },
      { body: { ...partyOrgBody, pairedCommunityCode: '110109999999' }, status: 422, code: 'PARTY.UNKNOWN_COMMUNITY' },
      { body: { ...partyOrgBody, unitId: NO_SUCH_ROW }, status: 422, code: 'PARTY.UNKNOWN_UNIT' },
      { as: 'party.street', body: { ...partyOrgBody, parentId: PARTY.otherStreet.id }, ...NOT_FOUND },
      { as: 'party.street', body: { ...partyOrgBody, divisionCode: null }, status: 422, code: 'PARTY.UNKNOWN_DIVISION' },
      { body: { ...partyOrgBody, code: 'bad code!' }, ...INVALID },
      { body: { ...partyOrgBody, level: 'cell' }, ...INVALID },
    ],
  },
  'GET /api/party/organisations/{id}': {
    as: 'party',
    params: { id: PARTY.branch.id },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { as: 'party.street', params: { id: PARTY.otherBranch.id }, ...NOT_FOUND },
    ],
  },
  'PATCH /api/party/organisations/{id}': {
    as: 'party',
    params: { id: PARTY.branch.id },
    body: { name: '坏输入改名' },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { body: {}, ...INVALID },
      { body: { name: '   ' }, ...INVALID },
      { body: { pairedCommunityCode: '110109999999' }, status: 422, code: 'PARTY.UNKNOWN_COMMUNITY' },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { as: 'party.street', params: { id: PARTY.otherBranch.id }, ...NOT_FOUND },
    ],
  },
  'POST /api/party/organisations/{id}/move': {
    as: 'party',
    params: { id: PARTY.branch.id },
    body: { parentId: PARTY.otherStreet.id },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { params: { id: PARTY.street.id }, body: { parentId: PARTY.branch.id }, status: 422, code: 'PARTY.MOVE_UNDER_ITSELF' },
      { params: { id: PARTY.street.id }, body: { parentId: PARTY.otherBranch.id }, status: 422, code: 'PARTY.NESTING' },
      { body: { parentId: NO_SUCH_ROW }, ...NOT_FOUND },
      { as: 'party.street', ...NOT_FOUND },
    ],
  },
  'POST /api/party/organisations/{id}/retire': {
    as: 'party',
    params: { id: PARTY.branch.id },
    body: { reason: '撤并' },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { status: 409, code: 'PARTY.NOT_EMPTY' },
      { params: { id: PARTY.street.id }, status: 409, code: 'PARTY.NOT_EMPTY' },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { body: { reason: '' }, ...INVALID },
    ],
  },
  'POST /api/party/members': {
    as: 'party',
    body: partyMemberBody,
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { as: '13910000001', ...FORBIDDEN },
      { body: { ...partyMemberBody, idNumber: wrongCheck(partyMemberBody.idNumber) }, status: 422, code: 'PARTY.BAD_ID_NUMBER' },
      { body: { ...partyMemberBody, organisationId: PARTY.street.id }, status: 422, code: 'PARTY.NOT_A_BRANCH' },
      { body: { ...partyMemberBody, organisationId: NO_SUCH_ROW }, ...NOT_FOUND },
      { as: 'party.street', body: { ...partyMemberBody, organisationId: PARTY.otherBranch.id }, ...NOT_FOUND },
      { body: { ...partyMemberBody, posts: ['chairman'] }, status: 422, code: 'PARTY.BAD_POST' },
      { body: { ...partyMemberBody, posts: ['secretary', 'deputy_secretary'] }, status: 422, code: 'PARTY.BAD_POST' },
      { body: { ...partyMemberBody, homeCommunityCode: '110109999999' }, status: 422, code: 'PARTY.UNKNOWN_COMMUNITY' },
      { body: { ...partyMemberBody, realName: '   ' }, ...INVALID },
      { body: { ...partyMemberBody, memberType: 'honorary' }, ...INVALID },
    ],
  },
  'GET /api/party/members/{id}': {
    as: 'party',
    params: { id: PARTY.member.id },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { as: 'party.street', params: { id: PARTY.otherMember.id }, ...NOT_FOUND },
      { as: VOL.resident, ...NOT_FOUND },
    ],
  },
  'PATCH /api/party/members/{id}': {
    as: 'party',
    params: { id: PARTY.member.id },
    body: { workUnit: '坏输入单位' },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { as: '13910000001', ...FORBIDDEN },
      { body: {}, ...INVALID },
      { body: { posts: ['pioneer:'] }, status: 422, code: 'PARTY.BAD_POST' },
      { body: { homeCommunityCode: '110109999999' }, status: 422, code: 'PARTY.UNKNOWN_COMMUNITY' },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { as: 'party.street', params: { id: PARTY.otherMember.id }, ...NOT_FOUND },
    ],
  },
  'POST /api/party/members/{id}/transfer': {
    as: 'party',
    params: { id: PARTY.member.id },
    body: { organisationId: PARTY.otherBranch.id },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { body: { organisationId: PARTY.member.organisationId }, status: 422, code: 'PARTY.SAME_ORGANISATION' },
      { body: { organisationId: PARTY.street.id }, status: 422, code: 'PARTY.NOT_A_BRANCH' },
      { body: { organisationId: NO_SUCH_ROW }, ...NOT_FOUND },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { as: 'party.street', params: { id: PARTY.otherMember.id }, ...NOT_FOUND },
    ],
  },
  'POST /api/party/members/{id}/leave': {
    as: 'party',
    params: { id: PARTY.member.id },
    body: { reason: '转出本区' },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { body: { reason: ' ' }, ...INVALID },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { as: 'party.street', params: { id: PARTY.otherMember.id }, ...NOT_FOUND },
    ],
  },
  'POST /api/party/members/{id}/account': {
    as: 'party',
    params: { id: PARTY.member.id },
    body: { phone: '13910000002' },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { status: 422, code: 'PARTY.ACCOUNT_MISMATCH' },
      { body: { phone: '13999999999' }, status: 422, code: 'PARTY.NO_ACCOUNT' },
      { body: { phone: '12345' }, ...INVALID },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
    ],
  },
  'POST /api/party/members/{id}/reveal': {
    as: 'party',
    params: { id: PARTY.member.id },
    body: { reason: '核实身份' },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { body: { reason: ' ' }, ...INVALID },
      { body: { reason: '核实', fields: ['address'] }, ...INVALID },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { as: 'party.street', params: { id: PARTY.otherMember.id }, ...NOT_FOUND },
      { as: '13910000001', params: { id: PARTY.otherMember.id }, ...NOT_FOUND },
      { as: VOL.resident, ...NOT_FOUND },
    ],
  },
  'GET /api/party/me': {
    as: '13910000001',
    semantic: [
      { as: 'party', ...FORBIDDEN },
      { as: VOL.resident, status: 404, code: 'PARTY.NOT_A_MEMBER' },
    ],
  },
  'POST /api/party/import': {
    as: 'party',
    largeBody: true,
    body: { kind: 'members', dryRun: true, fileBase64: ROSTER },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { body: { kind: 'members', dryRun: true, fileBase64: noIdColumns }, status: 422, code: 'PARTY.IMPORT_COLUMNS' },
      { body: { kind: 'organisations', dryRun: false, fileBase64: noIdColumns }, ...INVALID },
      { body: { kind: 'members', dryRun: true, fileBase64: 'AAAA' }, ...INVALID },
      { body: { kind: 'people', dryRun: true, fileBase64: ROSTER }, ...INVALID },
    ],
  },
  // ----- party: star rating
  'GET /api/party/rating/rule-sets': { as: PF.district },
  'POST /api/party/rating/rule-sets': {
    as: PF.district,
    body: { version: 'bad-input-2', effectiveFrom: '2031-01-01', content: DEFAULT_RULE_SET },
    semantic: (b) => {
      const body = b.body as Record<string, unknown>;
      return [
        { as: PF.streetWorkerA, ...FORBIDDEN },
        { body: { ...body, content: { ...DEFAULT_RULE_SET, bands: [{ stars: 1, minScore: 5 }] } }, status: 422, code: 'RATING.INVALID_RULE_SET' },
        {
          body: { ...body, content: { ...DEFAULT_RULE_SET, adjustments: [{ ...DEFAULT_RULE_SET.adjustments[0]!, indicatorCode: 'nope' }] } },
          status: 422,
          code: 'RATING.INVALID_RULE_SET',
        },
        { body: { ...body, version: 'bad-input' }, status: 409, code: 'RATING.DUPLICATE_RULE_SET' },
      ];
    },
  },
  'GET /api/party/rating/cycles': { as: PF.district },
  'POST /api/party/rating/cycles': {
    as: PF.district,
    body: { year: 2031 },
    semantic: [
      { as: PF.streetWorkerA, ...FORBIDDEN },
      { body: { year: 2025 }, status: 409, code: 'RATING.CYCLE_EXISTS' },
      { body: { year: 2020 }, status: 422, code: 'RATING.RULE_SET_NOT_IN_FORCE' },
      { body: { year: 2031, ruleSetId: NO_SUCH_ROW }, status: 422, code: 'RATING.UNKNOWN_RULE_SET' },
    ],
  },
  'GET /api/party/rating/cycles/{id}': { as: PF.district, params: { id: PARTY_R.cycle.id }, semantic: [{ params: { id: NO_SUCH_ROW }, ...NOT_FOUND }] },
  'GET /api/party/rating/cycles/{id}/fallen': { as: PF.district, params: { id: PARTY_R.cycle.id }, semantic: [{ params: { id: NO_SUCH_ROW }, ...NOT_FOUND }] },
  'POST /api/party/rating/cycles/{id}/posting': {
    as: PF.district,
    params: { id: PARTY_R.cycle.id },
    body: { from: '2026-03-02', to: '2026-03-08' },
    semantic: [
      { as: PF.streetWorkerA, ...FORBIDDEN },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { body: { from: '2026-03-08', to: '2026-03-02' }, status: 422, code: 'RATING.INVALID_WINDOW' },
      { body: { from: '2026-03-01', to: '2026-03-08' }, status: 422, code: 'RATING.INVALID_WINDOW' },
      { status: 409, code: 'RATING.NOT_ALL_REVIEWED' },
    ],
  },
  'POST /api/party/rating/cycles/{id}/finalise': {
    as: PF.district,
    params: { id: PARTY_R.cycle.id },
    semantic: [{ as: PF.streetWorkerA, ...FORBIDDEN }, { params: { id: NO_SUCH_ROW }, ...NOT_FOUND }, RATING_STAGE],
  },
  'GET /api/party/ratings/{id}': {
    as: PF.branchesA[0]!.secretary,
    params: { id: PARTY_R.ratingA1 },
    semantic: [
      { as: PF.branchesB[0]!.secretary, ...NOT_FOUND },
      { as: PF.streetWorkerB, ...NOT_FOUND },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
    ],
  },
  'PUT /api/party/ratings/{id}/self': {
    as: PF.branchesA[0]!.secretary,
    params: { id: PARTY_R.ratingA1 },
    body: { entries: partyEntries('evidence') },
    semantic: [
      { as: PF.branchesB[0]!.secretary, ...NOT_FOUND },
      { as: PF.resident, ...NOT_FOUND },
      { body: { entries: partyEntries('evidence').slice(1) }, status: 422, code: 'RATING.INVALID_ENTRIES' },
      { body: { entries: partyEntries('evidence').map((e) => ({ ...e, score: 24.5 })) }, status: 422, code: 'RATING.INVALID_ENTRIES' },
      { body: { entries: partyEntries('evidence').map((e) => ({ ...e, score: 1.25 })) }, status: 422, code: 'RATING.INVALID_ENTRIES' },
      {
        body: { entries: partyEntries('evidence').map((e) => ({ ...e, adjustments: [{ rule: 'honour_district', count: 1 }] })) },
        status: 422,
        code: 'RATING.INVALID_ENTRIES',
      },
    ],
  },
  'PUT /api/party/ratings/{id}/review': {
    as: PF.streetWorkerA,
    params: { id: PARTY_R.ratingA1 },
    body: { entries: partyEntries('comment'), comment: '' },
    semantic: [{ as: PF.streetWorkerB, ...NOT_FOUND }, { as: PF.branchesA[0]!.secretary, ...FORBIDDEN }, RATING_STAGE],
  },
  'POST /api/party/ratings/{id}/appeal': {
    as: PF.branchesA[0]!.secretary,
    params: { id: PARTY_R.ratingA1 },
    body: { reason: '申诉理由' },
    semantic: [{ as: PF.branchesB[0]!.secretary, ...NOT_FOUND }, RATING_STAGE],
  },
  'POST /api/party/ratings/{id}/appeal-decision': {
    as: PF.streetWorkerA,
    params: { id: PARTY_R.ratingA1 },
    body: { decision: 'upheld', comment: '维持' },
    semantic: [{ as: PF.streetWorkerB, ...NOT_FOUND }, RATING_STAGE],
  },
  'GET /api/party/rating/history/{id}': {
    as: PF.branchesA[0]!.secretary,
    params: { id: PF.branchesA[0]!.id },
    semantic: [
      { params: { id: PF.branchesB[0]!.id }, ...NOT_FOUND },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
    ],
  },
  'GET /api/party/rating/mine': { as: PF.branchesA[0]!.secretary, semantic: [{ as: PF.streetWorkerA, ...FORBIDDEN }] },
  // ----- party: brand programme
  'GET /api/party/brand-programmes': { as: PF.district },
  'POST /api/party/brand-programmes': {
    as: PF.district,
    body: { year: 2026, title: '新评选', criteria: DEFAULT_CRITERIA },
    semantic: [
      { as: PF.streetWorkerA, ...FORBIDDEN },
      { body: { year: 2026, title: '新评选', criteria: [DEFAULT_CRITERIA[0], DEFAULT_CRITERIA[0]] }, status: 422, code: 'BRAND.INVALID_CRITERIA' },
    ],
  },
  'GET /api/party/brand-programmes/{id}': {
    as: PF.district,
    params: { id: PARTY_R.scoring.id },
    semantic: [
      { as: PF.streetWorkerA, ...FORBIDDEN },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
    ],
  },
  'POST /api/party/brand-programmes/{id}/applications': {
    as: PF.branchesA[1]!.secretary,
    params: { id: PARTY_R.applying.id },
    body: { title: '品牌', summary: '简介', practice: '做法' },
    semantic: [
      { as: PF.resident, status: 403, code: 'BRAND.NOT_SECRETARY' },
      { as: PF.branchesA[0]!.secretary, status: 409, code: 'BRAND.ALREADY_APPLIED' },
      { params: { id: PARTY_R.scoring.id }, ...BRAND_STAGE },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { body: { title: '品牌', summary: '简介', practice: '做法', organisationId: PF.branchesB[0]!.id }, status: 403, code: 'BRAND.NOT_SECRETARY' },
    ],
  },
  'POST /api/party/brand-programmes/{id}/rounds': {
    as: PF.district,
    params: { id: PARTY_R.applying.id },
    body: { expertUserIds: [PF.experts[0]!.id] },
    semantic: [
      { as: PF.streetWorkerA, ...FORBIDDEN },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      BRAND_STAGE,
      { params: { id: PARTY_R.scoring.id }, ...BRAND_STAGE },
    ],
  },
  'POST /api/party/brand-programmes/{id}/publish': {
    as: PF.district,
    params: { id: PARTY_R.scoring.id },
    body: { top: 1 },
    semantic: [
      { as: PF.streetWorkerA, ...FORBIDDEN },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      BRAND_STAGE,
      { params: { id: PARTY_R.applying.id }, ...BRAND_STAGE },
    ],
  },
  'GET /api/party/brand-applications/mine': { as: PF.branchesA[0]!.secretary, semantic: [{ as: PF.streetWorkerA, ...FORBIDDEN }] },
  'POST /api/party/brand-applications/{id}/preliminary': {
    as: PF.district,
    params: { id: PARTY_R.submitted.id },
    body: { decision: 'reject', reason: '材料不全' },
    semantic: [
      { as: PF.streetWorkerA, ...FORBIDDEN },
      { body: { decision: 'reject' }, status: 422, code: 'BRAND.REASON_REQUIRED' },
      { body: { decision: 'reject', reason: '   ' }, status: 422, code: 'BRAND.REASON_REQUIRED' },
      { params: { id: PARTY_R.inRound.id }, ...BRAND_STAGE },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
    ],
  },
  'GET /api/party/brand-rounds/mine': { as: PF.experts[0]!.username, semantic: [{ as: PF.resident, ...FORBIDDEN }] },
  'GET /api/party/brand-rounds/{id}': {
    as: PF.district,
    params: { id: PARTY_R.round },
    semantic: [
      { as: PF.experts[0]!.username, ...FORBIDDEN },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
    ],
  },
  'POST /api/party/brand-rounds/{id}/close': {
    as: PF.district,
    params: { id: PARTY_R.round },
    semantic: [
      { as: PF.streetWorkerA, ...FORBIDDEN },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { status: 409, code: 'BRAND.ROUND_INCOMPLETE' },
    ],
  },
  'POST /api/party/brand-rounds/{id}/advance': {
    as: PF.district,
    params: { id: PARTY_R.round },
    body: { top: 1, expertUserIds: [PF.experts[0]!.id] },
    semantic: [{ as: PF.streetWorkerA, ...FORBIDDEN }, { params: { id: NO_SUCH_ROW }, ...NOT_FOUND }, BRAND_STAGE],
  },
  'GET /api/party/brand-rounds/{id}/sheet': {
    as: PF.experts[0]!.username,
    params: { id: PARTY_R.round },
    semantic: [
      { as: PF.experts[1]!.username, ...NOT_FOUND },
      { as: PF.resident, ...FORBIDDEN },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
    ],
  },
  'GET /api/party/brand-rounds/{id}/applications/{applicationId}': {
    as: PF.experts[0]!.username,
    params: { id: PARTY_R.round, applicationId: PARTY_R.inRound.id },
    semantic: [
      { as: PF.experts[1]!.username, ...NOT_FOUND },
      { params: { id: PARTY_R.round, applicationId: PARTY_R.rejected.id }, ...NOT_FOUND },
      { params: { id: PARTY_R.round, applicationId: NO_SUCH_ROW }, ...NOT_FOUND },
    ],
  },
  'PUT /api/party/brand-rounds/{id}/scores/{applicationId}': {
    as: PF.experts[0]!.username,
    params: { id: PARTY_R.round, applicationId: PARTY_R.inRound.id },
    body: { scores: partySheet },
    semantic: [
      { as: PF.experts[1]!.username, ...NOT_FOUND },
      { params: { id: PARTY_R.round, applicationId: PARTY_R.rejected.id }, ...NOT_FOUND },
      { body: { scores: { ...partySheet, innovation: 31 } }, status: 422, code: 'BRAND.INVALID_SHEET' },
      { body: { scores: { innovation: 1 } }, status: 422, code: 'BRAND.INVALID_SHEET' },
      { body: { scores: { ...partySheet, extra: 1 } }, status: 422, code: 'BRAND.INVALID_SHEET' },
    ],
  },
  'GET /api/party/brands': { as: null, public: true, semantic: NON_JSON_BODIES },
  'GET /api/party/households': {
    as: 'party.community',
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { as: '13910000001', ...FORBIDDEN },
      { as: 'party', ...INVALID },
      { as: 'party', query: { community: '110109999999' }, status: 422, code: 'PARTY.UNKNOWN_COMMUNITY' },
      { as: 'party.street', query: { community: RI.otherCommunity }, ...NOT_FOUND },
    ],
  },
  'GET /api/party/households/overview': {
    as: 'party',
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { query: { street: '110109999' }, status: 422, code: 'PARTY.UNKNOWN_DIVISION' },
      { as: 'party.street', query: { street: partyStreets[1]!.code }, ...NOT_FOUND },
    ],
  },
  'POST /api/party/households': {
    as: 'party.community',
    body: { buildingCode: HH.building, rooms: ['坏输入101'] },
    semantic: [
      { as: '13910000001', ...FORBIDDEN },
      { body: { buildingCode: 'NO-SUCH-BUILDING', rooms: ['1'] }, status: 422, code: 'HOUSEHOLD.UNKNOWN_BUILDING' },
      { body: { buildingCode: HH.building, rooms: ['1', ' 1 '] }, status: 422, code: 'HOUSEHOLD.BAD_ROOMS' },
      { body: { buildingCode: HH.building, rooms: ['   '] }, status: 422, code: 'HOUSEHOLD.BAD_ROOMS' },
      { body: { buildingCode: HH.building, rooms: ['x'.repeat(21)] }, status: 422, code: 'HOUSEHOLD.BAD_ROOMS' },
    ],
  },
  'PATCH /api/party/households/{id}': {
    as: 'party.community',
    params: { id: HH.household },
    body: { note: '坏输入' },
    semantic: [
      { as: '13910000001', ...FORBIDDEN },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { body: { carerMemberId: NO_SUCH_ROW }, status: 422, code: 'HOUSEHOLD.NOT_ELIGIBLE' },
      { body: { carerMemberId: PARTY.otherMember.id }, status: 422, code: 'HOUSEHOLD.NOT_ELIGIBLE' },
      { body: { holderPhone: '13000000000' }, status: 422, code: 'HOUSEHOLD.UNKNOWN_RESIDENT' },
      { body: {}, ...INVALID },
    ],
  },
  'POST /api/party/households/{id}/retire': {
    as: 'party.community',
    params: { id: HH.household },
    body: { reason: '搬离' },
    semantic: [
      { as: '13910000001', ...FORBIDDEN },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { body: { reason: '' }, ...INVALID },
    ],
  },
  'PUT /api/party/households/buildings/{code}/model': {
    as: 'party.community',
    params: { code: HH.building },
    body: { area: '坏输入片区' },
    semantic: [
      { as: '13910000001', ...FORBIDDEN },
      { params: { code: 'NO-SUCH-BUILDING' }, status: 422, code: 'HOUSEHOLD.UNKNOWN_BUILDING' },
      { params: { code: '坏' }, ...INVALID },
    ],
  },
  'GET /api/party/households/mine': { as: '13910000001', semantic: [{ as: 'party', ...FORBIDDEN }] },
  'GET /api/party/households/{id}/records': {
    as: '13910000001',
    params: { id: HH.household },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { as: VOL.resident, ...NOT_FOUND },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
    ],
  },
  'POST /api/party/households/{id}/visits': {
    as: '13910000001',
    params: { id: HH.household },
    body: { notes: '坏输入走访' },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { as: VOL.resident, ...NOT_FOUND },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { body: { notes: '走访', visitedOn: '2099-01-01' }, status: 422, code: 'HOUSEHOLD.BAD_DATE' },
      { body: { notes: '走访', visitedOn: '2026-02-30' }, ...INVALID },
      { body: { notes: '   ' }, ...INVALID },
      { body: { notes: '走访', problem: { content: '   ' } }, ...INVALID },
      { body: { notes: '走访', problem: { content: '楼道灯坏了', categoryId: NO_SUCH_ROW } }, status: 422, code: 'INTAKE.UNKNOWN_CATEGORY' },
      { body: { notes: '走访', photoIds: [STREET_PHOTO] }, status: 422, code: 'ATTACHMENT.UNKNOWN' },
      { body: { notes: '走访', problem: { content: '楼道灯坏了' }, photoIds: [NO_SUCH_ROW] }, status: 422, code: 'ATTACHMENT.UNKNOWN' },
      { body: { notes: '走访', photoIds: [3, 3] }, ...INVALID },
    ],
  },
  'GET /api/party/households/visits/{id}/photos/{photoId}': {
    as: '13910000001',
    params: { id: NO_SUCH_ROW, photoId: STREET_PHOTO },
    semantic: [{ ...NOT_FOUND }, { as: 'street', ...FORBIDDEN }, { as: VOL.resident, ...NOT_FOUND }],
  },
  'POST /api/party/households/{id}/checks': {
    as: '13910000001',
    params: { id: HH.household },
    body: { result: 'good' },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { as: VOL.resident, ...NOT_FOUND },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { body: { result: 'good', checkedOn: '2099-01-01' }, status: 422, code: 'HOUSEHOLD.BAD_DATE' },
      { body: { result: 'good', checkedOn: '2025-01-01' }, status: 422, code: 'HOUSEHOLD.BAD_DATE' },
    ],
  },
  'GET /api/party/reportin/community': {
    as: 'party.community',
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { as: 'party', ...INVALID },
      { as: 'party', query: { community: '110109999999' }, status: 422, code: 'PARTY.UNKNOWN_COMMUNITY' },
      { as: 'party.street', query: { community: RI.otherCommunity }, ...NOT_FOUND },
      { query: { community: 'abc' }, ...INVALID },
    ],
  },
  'POST /api/party/reportin/members': {
    as: 'party.community',
    body: { memberId: RI.member.memberId },
    semantic: [
      { as: 'party', status: 403, code: 'REPORTIN.NOT_COMMUNITY_WORKER' },
      { as: '13910000001', ...FORBIDDEN },
      { body: { memberId: NO_SUCH_ROW }, ...NOT_FOUND },
      { body: { memberId: PARTY.otherMember.id }, status: 422, code: 'REPORTIN.NOT_HOME' },
      { body: { memberId: RI.member.memberId, reportedOn: '2099-01-01' }, status: 422, code: 'REPORTIN.BAD_DATE' },
      { body: { memberId: RI.member.memberId, reportedOn: '2026-02-30' }, ...INVALID },
    ],
  },
  'POST /api/party/reportin/organisations': {
    as: 'party',
    body: { organisationId: PARTY.branch.id },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { body: { organisationId: NO_SUCH_ROW }, ...NOT_FOUND },
      { as: 'party.street', body: { organisationId: PARTY.otherBranch.id }, ...NOT_FOUND },
      { body: { organisationId: PARTY.street.id }, status: 422, code: 'REPORTIN.NOT_PAIRED' },
      { body: { organisationId: PARTY.otherBranch.id, reportedOn: '2099-01-01' }, status: 422, code: 'REPORTIN.BAD_DATE' },
    ],
  },
  'POST /api/party/reportin/{id}/withdraw': {
    as: 'party.community',
    params: { id: RI.member.id },
    body: { reason: '搬离本社区' },
    semantic: [
      { as: 'party', status: 403, code: 'REPORTIN.NOT_COMMUNITY_WORKER' },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { body: { reason: '' }, ...INVALID },
    ],
  },
  'GET /api/party/reportin/me': {
    as: '13910000001',
    semantic: [
      { as: 'party', ...FORBIDDEN },
      { as: VOL.resident, status: 404, code: 'PARTY.NOT_A_MEMBER' },
    ],
  },
  'POST /api/party/reportin/me': {
    as: '13910000001',
    semantic: [
      { as: 'party', ...FORBIDDEN },
      { as: VOL.resident, status: 404, code: 'PARTY.NOT_A_MEMBER' },
    ],
  },
  'GET /api/party/reportin/needs': {
    as: 'party.community',
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { query: { state: 'lost' }, ...INVALID },
      { as: 'party.street', query: { community: RI.otherCommunity }, ...NOT_FOUND },
    ],
  },
  'POST /api/party/reportin/needs': {
    as: 'party.community',
    body: riNeedBody,
    semantic: [
      { as: 'party.street', status: 403, code: 'REPORTIN.NOT_COMMUNITY_WORKER' },
      { as: '13910000001', ...FORBIDDEN },
      { body: { ...riNeedBody, neededOn: '2030-01-01' }, status: 422, code: 'REPORTIN.BAD_DATE' },
      { body: { ...riNeedBody, peopleWanted: 0 }, ...INVALID },
      { body: { ...riNeedBody, category: 'party' }, ...INVALID },
      { body: { ...riNeedBody, title: ' ' }, ...INVALID },
    ],
  },
  'PATCH /api/party/reportin/needs/{id}': {
    as: 'party.community',
    params: { id: RI.need.id },
    body: { peopleWanted: 10 },
    semantic: [
      { as: 'party', status: 403, code: 'REPORTIN.NOT_COMMUNITY_WORKER' },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { body: { peopleWanted: 0 }, ...INVALID },
    ],
  },
  'POST /api/party/reportin/needs/{id}/withdraw': {
    as: 'party.community',
    params: { id: RI.need.id },
    body: { reason: '取消' },
    semantic: [
      { as: 'party', status: 403, code: 'REPORTIN.NOT_COMMUNITY_WORKER' },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { body: {}, ...INVALID },
    ],
  },
  'POST /api/party/reportin/needs/{id}/claims': {
    as: '13910000001',
    params: { id: RI.need.id },
    body: {},
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { status: 409, code: 'REPORTIN.NOT_REPORTED' },
      { as: 'party.community', body: { memberId: RI.member.memberId }, status: 409, code: 'REPORTIN.ALREADY_CLAIMED' },
      { as: 'party.community', body: { memberId: PARTY.otherMember.id }, status: 409, code: 'REPORTIN.NOT_REPORTED' },
      { as: 'party', body: { organisationId: PARTY.otherBranch.id, memberId: RI.member.memberId }, ...INVALID },
      { as: 'party', status: 403, code: 'AUTH.FORBIDDEN' },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { as: 'party.community', params: { id: NO_SUCH_ROW }, body: { memberId: RI.member.memberId }, ...NOT_FOUND },
    ],
  },
  'POST /api/party/reportin/claims/{id}/record': {
    as: 'party.community',
    params: { id: RI.claim },
    body: { summary: '服务', servedOn: '2026-03-01', minutes: 60 },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { as: '13910000001', ...NOT_FOUND },
      { as: 'party', ...NOT_FOUND },
      { body: { summary: '服务', servedOn: '2026-03-09', minutes: 60 }, status: 422, code: 'REPORTIN.BAD_DATE' },
      { body: { summary: '服务', servedOn: '2026-03-01', minutes: 0 }, ...INVALID },
      { body: { summary: '服务', servedOn: '2026-03-01', minutes: 24 * 60 + 1 }, ...INVALID },
      { body: { summary: '服务', servedOn: '2026-03-01', minutes: 60, photoIds: [NO_SUCH_ROW] }, status: 422, code: 'ATTACHMENT.UNKNOWN' },
      { body: { summary: '服务', servedOn: '2026-03-01', minutes: 60, photoIds: [STREET_PHOTO] }, status: 422, code: 'ATTACHMENT.UNKNOWN' },
      { body: { summary: '服务', servedOn: '2026-03-01', minutes: 60, photoIds: [7, 7] }, ...INVALID },
      { body: { summary: '服务', servedOn: '2026-03-01', minutes: 60, photoIds: Array.from({ length: 10 }, (_, i) => i + 1) }, ...INVALID },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
    ],
  },
  'GET /api/party/reportin/claims/{id}/photos/{photoId}': {
    as: 'party.community',
    params: { id: RI.claim, photoId: STREET_PHOTO },
    semantic: [
      // A photo of a ticket is not the claim's.
      { ...NOT_FOUND },
      { params: { id: NO_SUCH_ROW, photoId: STREET_PHOTO }, ...NOT_FOUND },
      { as: '13910000001', ...NOT_FOUND },
      { as: 'street', ...FORBIDDEN },
    ],
  },
  'POST /api/party/reportin/claims/{id}/cancel': {
    as: 'party.community',
    params: { id: RI.claim },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { as: '13910000001', ...NOT_FOUND },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
    ],
  },
  'POST /api/party/reportin/claims/{id}/confirm': {
    as: 'party.community',
    params: { id: RI.claim },
    semantic: [
      { status: 409, code: 'REPORTIN.NOT_DONE' },
      { as: 'party', status: 403, code: 'REPORTIN.NOT_COMMUNITY_WORKER' },
      { as: '13910000001', ...FORBIDDEN },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
    ],
  },
  'POST /api/party/reportin/claims/{id}/send-back': {
    as: 'party.community',
    params: { id: RI.claim },
    body: { reason: '请补充' },
    semantic: [
      { status: 409, code: 'REPORTIN.NOT_DONE' },
      { as: 'party.street', status: 403, code: 'REPORTIN.NOT_COMMUNITY_WORKER' },
      { body: { reason: 'x' }, ...INVALID },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
    ],
  },
  'GET /api/party/reportin/resources': {
    as: 'party.community',
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { as: 'party.street', query: { community: RI.otherCommunity }, ...NOT_FOUND },
    ],
  },
  'POST /api/party/reportin/resources': {
    as: 'party.community',
    body: { organisationId: PARTY.otherBranch.id, title: '活动室', description: '', category: 'culture' },
    semantic: [
      { as: 'party', status: 403, code: 'REPORTIN.NOT_COMMUNITY_WORKER' },
      { status: 409, code: 'REPORTIN.NOT_REPORTED' },
      { body: { organisationId: NO_SUCH_ROW, title: '活动室', description: '', category: 'culture' }, ...NOT_FOUND },
      { body: { organisationId: PARTY.otherBranch.id, title: '活动室', description: '', category: 'x' }, ...INVALID },
    ],
  },
  'GET /api/party/reportin/attendance': {
    as: 'party.community',
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { query: { day: '2026-02-27' }, status: 422, code: 'REPORTIN.NOT_A_REPORT_IN_DAY' },
      { query: { day: '2026-03-28' }, status: 422, code: 'REPORTIN.NOT_A_REPORT_IN_DAY' },
      { query: { day: 'soon' }, ...INVALID },
    ],
  },
  'PUT /api/party/reportin/attendance': {
    as: 'party.community',
    body: { day: '2026-02-28', present: [] },
    semantic: [
      { as: 'party', status: 403, code: 'REPORTIN.NOT_COMMUNITY_WORKER' },
      { body: { day: '2026-02-27', present: [] }, status: 422, code: 'REPORTIN.NOT_A_REPORT_IN_DAY' },
      { body: { day: '2026-02-28', present: [PARTY.otherMember.id] }, status: 409, code: 'REPORTIN.NOT_REPORTED' },
      { body: { day: '2026-02-28', present: [1, 1] }, ...INVALID },
    ],
  },
  'GET /api/party/reportin/evaluations': {
    as: 'party',
    query: { year: '2025' },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { as: VOL.resident, query: { year: '2025' }, status: 404, code: 'PARTY.NOT_A_MEMBER' },
      { query: { year: '1999' }, ...INVALID },
      { query: {}, ...INVALID },
    ],
  },
  'PUT /api/party/reportin/evaluations': {
    as: 'party.community',
    body: { year: 2025, memberId: RI.member.memberId, grade: 'qualified', comment: '' },
    semantic: [
      { as: 'party', status: 403, code: 'REPORTIN.NOT_COMMUNITY_WORKER' },
      { body: { year: 2026, memberId: RI.member.memberId, grade: 'qualified', comment: '' }, status: 422, code: 'REPORTIN.YEAR_NOT_OPEN' },
      { body: { year: 2025, grade: 'qualified', comment: '' }, ...INVALID },
      { body: { year: 2025, memberId: RI.member.memberId, organisationId: PARTY.branch.id, grade: 'qualified', comment: '' }, ...INVALID },
      { body: { year: 2025, memberId: PARTY.otherMember.id, grade: 'qualified', comment: '' }, ...NOT_FOUND },
      { body: { year: 2025, memberId: RI.member.memberId, grade: 'great', comment: '' }, ...INVALID },
    ],
  },
  'GET /api/party/reportin/overview': {
    as: 'party',
    query: { month: '2026-03' },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { as: '13910000001', ...FORBIDDEN },
      { query: { month: '2026-13' }, ...INVALID },
      { query: { month: '2026-03', street: '110109999' }, status: 422, code: 'PARTY.UNKNOWN_DIVISION' },
      { as: 'party.street', query: { month: '2026-03', street: partyStreets[1]!.code }, ...NOT_FOUND },
    ],
  },
  'GET /api/party/pledges/mine': {
    as: '13910000001',
    semantic: [
      { as: 'party', ...FORBIDDEN },
      { as: VOL.resident, status: 404, code: 'PARTY.NOT_A_MEMBER' },
      { query: { year: 'x' }, ...INVALID },
      { query: { year: '1999' }, ...INVALID },
    ],
  },
  'GET /api/party/pledges': {
    as: '13910000001',
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { as: 'party', ...INVALID },
      { query: { organisationId: String(NO_SUCH_ROW) }, ...NOT_FOUND },
      { query: { organisationId: String(PARTY.otherBranch.id) }, ...NOT_FOUND },
      { query: { state: 'done' }, ...INVALID },
    ],
  },
  'POST /api/party/pledges': {
    as: '13910000001',
    body: plBody,
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { as: VOL.resident, status: 404, code: 'PARTY.NOT_A_MEMBER' },
      { body: { ...plBody, year: 2025 }, status: 422, code: 'PLEDGE.BAD_YEAR' },
      { body: { ...plBody, year: 2027 }, status: 422, code: 'PLEDGE.BAD_YEAR' },
      { body: { ...plBody, category: 'sports' }, ...INVALID },
      { body: { ...plBody, text: '短' }, ...INVALID },
      { body: { ...plBody, memberId: NO_SUCH_ROW }, ...NOT_FOUND },
      { body: { ...plBody, memberId: PL.mate }, ...NOT_FOUND },
      { body: { ...plBody, organisationId: PARTY.otherBranch.id }, ...NOT_FOUND },
      { body: { ...plBody, memberId: PL.mate, organisationId: plSecretary.organisationId }, ...INVALID },
    ],
  },
  'GET /api/party/pledges/{id}': {
    as: '13910000001',
    params: { id: PL.draft },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { as: 'party', ...NOT_FOUND },
      { as: VOL.resident, ...NOT_FOUND },
    ],
  },
  'PATCH /api/party/pledges/{id}': {
    as: '13910000001',
    params: { id: PL.draft },
    body: { text: '改写后的承诺' },
    semantic: [
      { as: 'party', ...NOT_FOUND },
      { params: { id: PL.submitted }, body: { text: '改别人的承诺' }, status: 403, code: 'PLEDGE.NOT_OWNER' },
      { as: 'party', params: { id: PL.submitted }, body: { text: '已提交的承诺' }, status: 409, code: 'PLEDGE.NOT_EDITABLE' },
      { body: { category: 'sports' }, ...INVALID },
      { body: { public: 'yes' }, ...INVALID },
    ],
  },
  'POST /api/party/pledges/{id}/submit': {
    as: 'party',
    params: { id: PL.submitted },
    semantic: [
      { status: 409, code: 'PLEDGE.NOT_SUBMITTABLE' },
      { params: { id: PL.approved }, status: 409, code: 'PLEDGE.NOT_SUBMITTABLE' },
      { as: '13910000001', status: 403, code: 'PLEDGE.NOT_OWNER' },
      { as: 'party', params: { id: PL.draft }, ...NOT_FOUND },
      { as: 'street', ...FORBIDDEN },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
    ],
  },
  'POST /api/party/pledges/{id}/approve': {
    as: '13910000001',
    params: { id: PL.approved },
    semantic: [
      { status: 409, code: 'PLEDGE.NOT_SUBMITTED' },
      { as: 'party', params: { id: PL.submitted }, ...OWN_PLEDGE },
      { params: { id: PL.draft }, ...OWN_PLEDGE },
      { as: VOL.resident, params: { id: PL.submitted }, ...NOT_FOUND },
      { as: 'street', ...FORBIDDEN },
    ],
  },
  'POST /api/party/pledges/{id}/return': {
    as: '13910000001',
    params: { id: PL.submitted },
    body: { reason: '请写得更具体' },
    semantic: [
      { body: { reason: '短' }, ...INVALID },
      { params: { id: PL.approved }, status: 409, code: 'PLEDGE.NOT_SUBMITTED' },
      { as: 'party', ...OWN_PLEDGE },
      { as: 'street', ...FORBIDDEN },
    ],
  },
  'POST /api/party/pledges/{id}/fulfilments': {
    as: 'party',
    params: { id: PL.approved },
    body: plFulfilment,
    semantic: [
      { body: { ...plFulfilment, doneOn: '2026-03-05' }, status: 422, code: 'PLEDGE.BAD_DATE' },
      { body: { ...plFulfilment, doneOn: '2025-12-31' }, status: 422, code: 'PLEDGE.BAD_DATE' },
      { body: { ...plFulfilment, doneOn: '2026-02-30' }, ...INVALID },
      { body: { ...plFulfilment, hours: 0.7 }, status: 422, code: 'PLEDGE.BAD_HOURS' },
      { body: { ...plFulfilment, hours: 25 }, ...INVALID },
      { body: { ...plFulfilment, links: ['ftp://example.org/a'] }, status: 422, code: 'PLEDGE.BAD_LINK' },
      { body: { ...plFulfilment, links: Array.from({ length: 6 }, () => 'https://example.org/a') }, ...INVALID },
      { params: { id: PL.submitted }, status: 409, code: 'PLEDGE.NOT_APPROVED' },
      { as: '13910000001', status: 403, code: 'PLEDGE.NOT_OWNER' },
      { as: 'street', ...FORBIDDEN },
      { body: { ...plFulfilment, photoIds: [STREET_PHOTO] }, status: 422, code: 'ATTACHMENT.UNKNOWN' },
      { body: { ...plFulfilment, photoIds: [5, 5] }, ...INVALID },
    ],
  },
  'GET /api/party/pledge-fulfilments/{id}/photos/{photoId}': {
    as: 'party',
    params: { id: NO_SUCH_ROW, photoId: STREET_PHOTO },
    semantic: [{ ...NOT_FOUND }, { as: 'street', ...FORBIDDEN }],
  },
  'POST /api/party/pledge-fulfilments/{id}/review': {
    as: '13910000001',
    params: { id: PL.fulfilment },
    body: { decision: 'accepted', comment: '' },
    semantic: [
      { body: { decision: 'returned', comment: '' }, status: 422, code: 'PLEDGE.REASON_REQUIRED' },
      { body: { decision: 'maybe' }, ...INVALID },
      { as: 'party', ...OWN_PLEDGE },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { as: VOL.resident, ...NOT_FOUND },
      { as: 'street', ...FORBIDDEN },
    ],
  },
  'POST /api/party/pledges/{id}/assessment': {
    as: '13910000001',
    params: { id: PL.approved },
    body: { result: 'fulfilled', comment: '' },
    semantic: [
      { status: 422, code: 'PLEDGE.YEAR_NOT_ENDING' },
      { params: { id: PL.submitted }, status: 409, code: 'PLEDGE.NOT_APPROVED' },
      { body: { result: 'great' }, ...INVALID },
      { as: 'party', ...OWN_PLEDGE },
      { as: 'street', ...FORBIDDEN },
    ],
  },
  'GET /api/party/pioneer-posts': {
    as: '13910000001',
    semantic: [
      { as: 'party', ...INVALID },
      { query: { organisationId: String(PARTY.otherBranch.id) }, ...NOT_FOUND },
      { query: { organisationId: 'x' }, ...INVALID },
      { as: 'street', ...FORBIDDEN },
    ],
  },
  'POST /api/party/pioneer-posts': {
    as: '13910000001',
    body: plPost,
    semantic: [
      { body: { ...plPost, until: '2026-01-01' }, status: 422, code: 'PLEDGE.BAD_PERIOD' },
      { body: { ...plPost, from: '2027-06-01' }, status: 422, code: 'PLEDGE.BAD_PERIOD' },
      { body: { ...plPost, memberId: PARTY.otherMember.id }, ...NOT_FOUND },
      { body: { ...plPost, memberId: NO_SUCH_ROW }, ...NOT_FOUND },
      { body: { ...plPost, kind: 'hero' }, ...INVALID },
      { as: VOL.resident, ...NOT_FOUND },
      { as: 'street', ...FORBIDDEN },
    ],
  },
  'POST /api/party/pioneer-posts/{id}/end': {
    as: '13910000001',
    params: { id: PL.post },
    body: { reason: '坏输入撤销' },
    semantic: [
      { body: { reason: '短' }, ...INVALID },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { as: VOL.resident, ...NOT_FOUND },
      { as: 'street', ...FORBIDDEN },
    ],
  },
  'GET /api/public/party/pledges': {
    as: null,
    public: true,
    query: { community: riCommunity.communityCode },
    semantic: [
      { query: { community: '110109999999' }, ...NOT_FOUND },
      { query: { community: 'abc' }, ...INVALID },
      { query: { community: riCommunity.communityCode, year: '1999' }, ...INVALID },
      ...NON_JSON_BODIES,
    ],
  },
  'GET /api/party/meetings': {
    as: '13910000001',
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { as: 'party', ...INVALID },
      { query: { organisationId: String(NO_SUCH_ROW) }, ...NOT_FOUND },
      { as: 'party', query: { organisationId: String(PARTY.street.id) }, status: 422, code: 'MEETING.NOT_A_BRANCH' },
      { as: 'party.street', query: { organisationId: String(PARTY.otherBranch.id) }, ...NOT_FOUND },
      { as: PF.branchesA[0]!.secretary, query: { organisationId: String(meetingBranch) }, ...NOT_FOUND },
      { query: { year: '20x6' }, ...INVALID },
    ],
  },
  'POST /api/party/meetings': {
    as: '13910000001',
    body: meetingBody,
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { body: { ...meetingBody, kind: 'dinner' }, ...INVALID },
      { body: { ...meetingBody, title: '   ' }, ...INVALID },
      { body: { ...meetingBody, startsAt: '2099-01-01T09:00:00+08:00' }, status: 422, code: 'MEETING.BAD_TIME' },
      { body: { ...meetingBody, startsAt: '2026-03-40T09:00:00+08:00' }, ...INVALID },
      { as: 'party', body: { ...meetingBody, organisationId: meetingBranch }, status: 403, code: 'MEETING.SECRETARY_RECORDS' },
      { as: 'party', body: { ...meetingBody, organisationId: PARTY.street.id }, status: 422, code: 'MEETING.NOT_A_BRANCH' },
      { body: { ...meetingBody, organisationId: NO_SUCH_ROW }, ...NOT_FOUND },
      { as: PF.branchesA[0]!.secretary, body: { ...meetingBody, organisationId: meetingBranch }, ...NOT_FOUND },
    ],
  },
  'GET /api/party/meetings/me': {
    as: '13910000001',
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { as: 'party', ...FORBIDDEN },
    ],
  },
  'GET /api/party/meetings/compliance': {
    as: 'party',
    semantic: [
      { as: '13910000001', ...FORBIDDEN },
      { as: 'street', ...FORBIDDEN },
      { query: { year: '1999' }, ...INVALID },
      { query: { street: '110109999' }, status: 422, code: 'PARTY.UNKNOWN_DIVISION' },
      { as: 'party.street', query: { street: partyStreets[1]!.code }, ...NOT_FOUND },
    ],
  },
  'GET /api/party/meetings/{id}': {
    as: '13910000001',
    params: { id: MEET.planned },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { as: PF.branchesA[0]!.secretary, ...NOT_FOUND },
      { as: 'party.street', params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
    ],
  },
  'POST /api/party/meetings/{id}/record': {
    as: '13910000001',
    params: { id: MEET.planned },
    body: meetingRecord,
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { params: { id: MEET.cancelled }, status: 409, code: 'MEETING.WRONG_STATE' },
      { as: 'party', status: 403, code: 'MEETING.SECRETARY_RECORDS' },
      { as: PF.branchesA[0]!.secretary, ...NOT_FOUND },
      { body: { ...meetingRecord, present: [NO_SUCH_ROW] }, status: 422, code: 'MEETING.NOT_ATTENDEE' },
      { body: { ...meetingRecord, excused: [{ memberId: NO_SUCH_ROW, reason: '出差' }] }, status: 422, code: 'MEETING.NOT_ATTENDEE' },
      { body: { ...meetingRecord, heldAt: '2026-03-05T19:00:00+08:00' }, status: 422, code: 'MEETING.BAD_TIME' },
      { body: { ...meetingRecord, minutes: '  ' }, ...INVALID },
      { body: { ...meetingRecord, excused: [{ memberId: 1 }] }, ...INVALID },
    ],
  },
  'POST /api/party/meetings/{id}/cancel': {
    as: '13910000001',
    params: { id: MEET.planned },
    body: { reason: '改期' },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { params: { id: MEET.cancelled }, status: 409, code: 'MEETING.WRONG_STATE' },
      { as: 'party', status: 403, code: 'MEETING.SECRETARY_RECORDS' },
      { body: { reason: '' }, ...INVALID },
      { body: { reason: '   ' }, ...INVALID },
    ],
  },
  'GET /api/points/rules': { as: 'operator' },
  'POST /api/points/rules': {
    as: 'admin',
    body: { code: 'badinput.rule', kind: 'activity', name: '测试规则', pointsPerUnit: 5, dailyCap: null, effectiveFrom: '2026-12-01' },
    semantic: (b) => {
      const body = b.body as Record<string, unknown>;
      return [
        { as: 'street', ...FORBIDDEN },
        { body: { ...body, effectiveFrom: '2026-01-01' }, status: 422, code: 'POINTS.PAST_EFFECTIVE_DATE' },
        { body: { ...body, effectiveFrom: '2026-02-30' }, status: 422, code: 'POINTS.INVALID_RULE' },
        { body: { ...body, code: 'service.hour', kind: 'conduct' }, status: 422, code: 'POINTS.RULE_KIND_MISMATCH' },
        { body: { ...body, code: 'badinput.dup' }, status: 409, code: 'POINTS.DUPLICATE_RULE' },
      ];
    },
  },
  'POST /api/points/conduct-awards': {
    as: 'grid',
    body: { holderUsername: POINTS.holder, ruleCode: 'conduct.waste_sorting', communityCode: community.code, checkKey: 'bad-input-check-1' },
    semantic: (b) => {
      const body = b.body as Record<string, unknown>;
      return [
        { as: 'cgw', ...FORBIDDEN },
        { as: 'operator', ...FORBIDDEN },
        { body: { ...body, communityCode: communityElsewhere.code }, ...FORBIDDEN },
        { body: { ...body, communityCode: '110109999999' }, status: 422, code: 'POINTS.UNKNOWN_COMMUNITY' },
        { body: { ...body, holderUsername: 'street' }, status: 422, code: 'POINTS.UNKNOWN_HOLDER' },
        { body: { ...body, ruleCode: 'service.hour' }, status: 422, code: 'POINTS.RULE_KIND_MISMATCH' },
        { body: { ...body, ruleCode: 'no.such' }, status: 422, code: 'POINTS.UNKNOWN_RULE' },
        { body: { ...body, occurredAt: '2099-01-01T00:00:00+08:00' }, ...INVALID },
        { body: { ...body, occurredAt: '2019-01-01T00:00:00+08:00' }, ...INVALID },
        // Today's check was paid already (the fixture): the cap of one check a day.
        { body, status: 409, code: 'POINTS.DAILY_CAP_REACHED' },
      ];
    },
  },
  'POST /api/points/transactions/{id}/reverse': {
    as: 'supervisor',
    params: { id: POINTS.award },
    body: { reason: '录入错误' },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { params: { id: NO_SUCH_TICKET }, ...NOT_FOUND },
      { params: { id: POINTS.redeemTx }, status: 409, code: 'POINTS.NOT_REVERSIBLE' },
      { body: { reason: '' }, ...INVALID },
    ],
  },
  'GET /api/points/partners': { as: 'operator' },
  'POST /api/points/partners': {
    as: 'admin',
    body: { name: '新兑换点', kind: 'shop', unitId: unit.street },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { body: { name: '新兑换点', kind: 'shop', unitId: NO_SUCH_ROW }, status: 422, code: 'UNIT.UNKNOWN' },
      { body: { name: '   ', kind: 'shop', unitId: unit.street }, ...INVALID },
    ],
  },
  'PATCH /api/points/partners/{id}': {
    as: 'admin',
    params: { id: POINTS.partner },
    body: { name: '新名' },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      // Nothing to change, on a partner that does not exist (was a 500: an UPDATE with no columns).
      { params: { id: NO_SUCH_ROW }, body: {}, ...NOT_FOUND },
      { body: { name: '  ' }, ...INVALID },
    ],
  },
  'GET /api/points/items': { as: 'operator', query: { withdrawn: 'true' } },
  'POST /api/points/items': {
    as: 'admin',
    body: { partnerId: POINTS.partner, name: '测试品', cost: 10, stock: 5 },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { body: { partnerId: NO_SUCH_ROW, name: '测试品', cost: 10, stock: 5 }, status: 422, code: 'POINTS.UNKNOWN_PARTNER' },
      { body: { partnerId: POINTS.partner, name: ' ', cost: 10, stock: 5 }, ...INVALID },
    ],
  },
  'PATCH /api/points/items/{id}': {
    as: 'admin',
    params: { id: POINTS.item },
    body: { cost: 6 },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { params: { id: NO_SUCH_ROW }, body: {}, ...NOT_FOUND },
    ],
  },
  'POST /api/points/items/{id}/stock': {
    as: 'admin',
    params: { id: POINTS.item },
    body: { delta: 5 },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { body: { delta: -100_000 }, status: 409, code: 'POINTS.OUT_OF_STOCK' },
      { body: { delta: 0 }, ...INVALID },
    ],
  },
  'POST /api/points/redemptions': {
    as: POINTS.holder,
    headers: { 'idempotency-key': 'bad-input-redeem-1' },
    body: { itemId: POINTS.item },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { body: { itemId: NO_SUCH_ROW }, status: 422, code: 'POINTS.ITEM_UNAVAILABLE' },
      { body: { itemId: POINTS.expensive }, status: 409, code: 'POINTS.INSUFFICIENT_BALANCE' },
      { body: { itemId: POINTS.empty }, status: 409, code: 'POINTS.OUT_OF_STOCK' },
      { body: { itemId: POINTS.expensive }, headers: { 'idempotency-key': 'bad-input-fixture-r1' }, status: 422, code: 'POINTS.IDEMPOTENCY_KEY_REUSED' },
      { body: { itemId: POINTS.item, quantity: 21 }, ...INVALID },
    ],
  },
  'GET /api/points/redemptions/mine': { as: POINTS.holder, query: { limit: '10' }, semantic: [{ as: 'street', ...FORBIDDEN }] },
  'GET /api/points/redemptions': { as: 'street', query: { status: 'pending' }, semantic: [{ as: 'operator', ...FORBIDDEN }] },
  'POST /api/points/redemptions/collect': {
    as: 'street',
    body: { pickupCode: POINTS.pending.pickupCode },
    semantic: [
      { as: 'operator', ...FORBIDDEN },
      { as: 'cgw', ...NOT_FOUND },
      { body: { pickupCode: '2222222222' }, ...NOT_FOUND },
      { body: { pickupCode: POINTS.done.pickupCode }, status: 409, code: 'POINTS.REDEMPTION_NOT_PENDING' },
    ],
  },
  'POST /api/points/redemptions/{id}/cancel': {
    as: POINTS.holder,
    params: { id: POINTS.pending.id },
    body: { reason: '不要了' },
    semantic: [
      { as: 'operator', ...FORBIDDEN },
      { as: 'cgw', ...NOT_FOUND },
      { params: { id: NO_SUCH_TICKET }, ...NOT_FOUND },
      { params: { id: POINTS.done.id }, status: 409, code: 'POINTS.REDEMPTION_NOT_PENDING' },
    ],
  },
  'GET /api/points/me': { as: POINTS.holder, query: { limit: '10' }, semantic: [{ as: 'street', ...FORBIDDEN }] },
  'GET /api/points/leaderboard': {
    as: 'operator',
    query: { period: 'month', at: '2026-03' },
    semantic: [
      { query: { period: 'month', at: '2026' }, status: 422, code: 'POINTS.INVALID_PERIOD' },
      { query: { period: 'year', at: '2026-03' }, status: 422, code: 'POINTS.INVALID_PERIOD' },
    ],
  },
  'GET /api/points/leaderboard/teams': {
    as: 'operator',
    query: { period: 'year', at: '2026' },
    semantic: [
      { query: { period: 'month', at: '2026' }, status: 422, code: 'POINTS.INVALID_PERIOD' },
      { query: { period: 'year', at: '2026-03' }, status: 422, code: 'POINTS.INVALID_PERIOD' },
    ],
  },
  'GET /api/points/audit': { as: 'supervisor', semantic: [{ as: 'street', ...FORBIDDEN }] },
  'POST /api/residents': {
    as: null,
    public: true,
    body: registration,
    semantic: [
      { body: { ...registration, idNumber: wrongCheck(registration.idNumber) }, status: 422, code: 'RESIDENT.BAD_ID_NUMBER' },
      { body: { ...registration, idNumber: '110109199002301234' }, status: 422, code: 'RESIDENT.BAD_ID_NUMBER' },
      { body: { ...registration, phone: VOL.resident }, status: 409, code: 'RESIDENT.PHONE_TAKEN' },
      { body: { ...registration, idNumber: claimA.idNumber }, status: 409, code: 'RESIDENT.ID_TAKEN' },
      { body: { ...registration, communityCode: '110105001001' }, status: 422, code: 'RESIDENT.UNKNOWN_COMMUNITY' },
      { body: { ...registration, communityCode: VOL.community.slice(0, 9) + '999' }, status: 422, code: 'RESIDENT.UNKNOWN_COMMUNITY' },
      { body: { ...registration, password: 'abcdefghij' }, status: 422, code: 'ADMIN.WEAK_PASSWORD' },
      { body: { ...registration, realName: '   ' }, ...INVALID },
      { body: { ...registration, phone: '12345678901' }, ...INVALID },
    ],
  },
  'POST /api/residents/claim': {
    as: null,
    public: true,
    body: { phone: claimA.phone, idNumber: claimB.idNumber, password: PASSWORD },
    semantic: [
      { status: 422, code: 'RESIDENT.NOT_CLAIMABLE' },
      { body: { phone: VOL.resident, idNumber: claimA.idNumber, password: PASSWORD }, status: 422, code: 'RESIDENT.NOT_CLAIMABLE' },
      { body: { phone: '13999999999', idNumber: claimA.idNumber, password: PASSWORD }, status: 422, code: 'RESIDENT.NOT_CLAIMABLE' },
      { body: { phone: claimA.phone, idNumber: wrongCheck(claimA.idNumber), password: PASSWORD }, status: 422, code: 'RESIDENT.BAD_ID_NUMBER' },
      { body: { phone: claimA.phone, idNumber: claimA.idNumber, password: 'abcdefghij' }, status: 422, code: 'ADMIN.WEAK_PASSWORD' },
    ],
  },
  'GET /api/residents/me': { as: VOL.resident, semantic: [{ as: 'street', ...FORBIDDEN }] },
  'GET /api/volunteers/me': {
    as: VOL.volunteer,
    semantic: [
      { as: VOL.resident, status: 409, code: 'VOLUNTEER.NOT_REGISTERED' },
      { as: 'station', ...FORBIDDEN },
    ],
  },
  'POST /api/volunteers/me': {
    as: VOL.resident,
    body: profileBody,
    semantic: [
      { as: VOL.volunteer, status: 409, code: 'VOLUNTEER.ALREADY_REGISTERED' },
      { body: { ...profileBody, areas: ['110105001'] }, status: 422, code: 'VOLUNTEER.UNKNOWN_AREA' },
      { body: { ...profileBody, skills: ['flying'] }, ...INVALID },
      { body: { ...profileBody, availability: [{ weekday: 8, slot: 'morning' }] }, ...INVALID },
      { as: 'street', ...FORBIDDEN },
    ],
  },
  'PATCH /api/volunteers/me': {
    as: VOL.volunteer,
    body: { consentPublicName: true, skills: ['haircut'] },
    semantic: [
      { as: VOL.resident, status: 409, code: 'VOLUNTEER.NOT_REGISTERED' },
      { body: { areas: ['110105001001'] }, status: 422, code: 'VOLUNTEER.UNKNOWN_AREA' },
      { body: {}, ...INVALID },
      { as: 'station', ...FORBIDDEN },
    ],
  },
  'GET /api/volunteers': {
    as: 'station',
    query: { skill: 'elderly_care', page: '1', pageSize: '5' },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { as: VOL.volunteer, ...FORBIDDEN },
      { query: { area: '110105001' }, status: 422, code: 'VOLUNTEER.UNKNOWN_AREA' },
      { query: { skill: 'flying' }, ...INVALID },
      { query: { pageSize: '1000' }, ...INVALID },
    ],
  },
  'POST /api/volunteers/import': {
    as: 'station',
    largeBody: true,
    body: { stationId, dryRun: true, fileBase64: ROSTER },
    semantic: [
      { as: 'station.other', ...FORBIDDEN },
      { as: 'street', ...FORBIDDEN },
      { body: { stationId: unit.street, dryRun: true, fileBase64: ROSTER }, status: 422, code: 'VOLUNTEER.UNKNOWN_STATION' },
      { body: { stationId, dryRun: true, fileBase64: noIdColumns }, status: 422, code: 'ROSTER.MISSING_COLUMNS' },
      { body: { stationId, dryRun: true, fileBase64: 'AAAA' }, ...INVALID },
    ],
  },
  'GET /api/volunteers/{userId}': {
    as: 'station',
    params: { userId: VOL.volunteerId },
    semantic: [
      { params: { userId: NO_SUCH_ROW }, ...NOT_FOUND },
      { params: { userId: VOL.otherVolunteerId }, ...NOT_FOUND },
      { as: 'street', ...FORBIDDEN },
    ],
  },
  'POST /api/volunteers/{userId}/reveal': {
    as: 'station',
    params: { userId: VOL.volunteerId },
    body: { reason: '核实身份' },
    semantic: [
      { as: 'station.centre', ...FORBIDDEN },
      { as: 'street', ...FORBIDDEN },
      { params: { userId: NO_SUCH_ROW }, ...NOT_FOUND },
      { body: { reason: '   ' }, ...INVALID },
    ],
  },
  'GET /api/teams': {
    as: 'station',
    query: { status: 'active', skill: 'elderly_care' },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { as: VOL.resident, ...FORBIDDEN },
      { query: { status: 'gone' }, ...INVALID },
    ],
  },
  'POST /api/teams': {
    as: 'station',
    body: teamBody,
    semantic: [
      { body: { ...teamBody, name: VOL.teamName }, status: 409, code: 'TEAM.NAME_TAKEN' },
      { body: { ...teamBody, leaderUserId: NO_SUCH_ROW }, status: 422, code: 'VOLUNTEER.UNKNOWN_VOLUNTEER' },
      { body: { ...teamBody, memberUserIds: [userIds.get('street')!] }, status: 422, code: 'VOLUNTEER.UNKNOWN_VOLUNTEER' },
      { body: { ...teamBody, stationId: unit.street }, status: 422, code: 'VOLUNTEER.UNKNOWN_STATION' },
      { body: { ...teamBody, stationId: VOL.stationOf(VOL.otherCommunity) }, ...FORBIDDEN },
      { body: { ...teamBody, areas: ['110105001'] }, status: 422, code: 'VOLUNTEER.UNKNOWN_AREA' },
      { body: { ...teamBody, name: '   ' }, ...INVALID },
      { as: 'street', ...FORBIDDEN },
      { as: VOL.volunteer, ...FORBIDDEN },
    ],
  },
  'GET /api/teams/{id}': {
    as: 'station',
    params: { id: VOL.teamId },
    semantic: [
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { as: 'station.other', ...NOT_FOUND },
      { as: VOL.resident, ...FORBIDDEN },
    ],
  },
  'PATCH /api/teams/{id}': {
    as: 'station',
    params: { id: VOL.teamId },
    body: { name: '坏输入改名', status: 'suspended' },
    semantic: [
      { body: {}, ...INVALID },
      { body: { leaderUserId: NO_SUCH_ROW }, status: 422, code: 'VOLUNTEER.UNKNOWN_VOLUNTEER' },
      { body: { areas: ['110105001'] }, status: 422, code: 'VOLUNTEER.UNKNOWN_AREA' },
      { body: { status: 'gone' }, ...INVALID },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { as: 'station.other', ...NOT_FOUND },
      { as: 'street', ...FORBIDDEN },
    ],
  },
  'POST /api/teams/{id}/members': {
    as: 'station',
    params: { id: VOL.teamId },
    body: { userIds: [VOL.otherVolunteerId] },
    semantic: [
      { body: { userIds: [NO_SUCH_ROW] }, status: 422, code: 'VOLUNTEER.UNKNOWN_VOLUNTEER' },
      { body: { userIds: [] }, ...INVALID },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { as: 'station.other', ...NOT_FOUND },
      { as: 'street', ...FORBIDDEN },
    ],
  },
  'DELETE /api/teams/{id}/members/{userId}': {
    as: 'station',
    params: { id: VOL.teamId, userId: VOL.otherVolunteerId },
    semantic: [
      { status: 422, code: 'TEAM.NOT_A_MEMBER' },
      { params: { userId: VOL.leaderId }, status: 422, code: 'TEAM.LEADER_CANNOT_LEAVE' },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { as: 'station.other', ...NOT_FOUND },
      { as: VOL.resident, ...FORBIDDEN },
      { as: VOL.volunteer, params: { userId: VOL.leaderId }, ...FORBIDDEN },
    ],
  },
  'POST /api/teams/{id}/join': {
    as: VOL.volunteer,
    params: { id: VOL.teamId },
    semantic: [
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { as: 'station', ...FORBIDDEN },
      { as: VOL.resident, ...FORBIDDEN },
    ],
  },
  'GET /api/volunteers/orders/menu': { as: VOL.resident, semantic: [{ as: 'street', ...FORBIDDEN }] },
  'POST /api/volunteers/orders': {
    as: VOL.resident,
    body: { menuItemId: ORDER_ITEM, content: '上门服务' },
    semantic: [
      { body: { menuItemId: NO_SUCH_ROW, content: '上门服务' }, status: 422, code: 'ORDER.UNKNOWN_MENU_ITEM' },
      { body: { menuItemId: ORDER_ITEM, content: '   ' }, ...INVALID },
      { as: 'street', ...FORBIDDEN },
    ],
  },
  'GET /api/volunteers/orders/mine': { as: VOL.resident, semantic: [{ as: 'street', ...FORBIDDEN }] },
  'POST /api/volunteers/orders/{id}/rating': {
    as: VOL.resident,
    params: { id: ORDER.served },
    body: { satisfaction: 'satisfied' },
    semantic: [
      { params: { id: ORDER.accepted }, ...INVALID_TRANSITION },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { as: VOL.volunteer, ...NOT_FOUND },
      { body: { satisfaction: 'great' }, ...INVALID },
      { as: 'street', ...FORBIDDEN },
    ],
  },
  'GET /api/volunteers/orders/hotline/menu': {
    as: 'operator',
    query: { residentPhone: VOL.resident },
    semantic: [
      { query: { residentPhone: '13999999998' }, status: 422, code: 'ORDER.UNKNOWN_RESIDENT' },
      { query: {}, ...INVALID },
      { query: { residentPhone: VOL.resident, communityCode: '110105001001' }, ...INVALID },
      { query: { communityCode: '110105001001' }, status: 422, code: 'RESIDENT.UNKNOWN_COMMUNITY' },
      { query: { communityCode: '11010500100' }, ...INVALID },
      { as: 'street', ...FORBIDDEN },
    ],
  },
  'POST /api/volunteers/orders/hotline': {
    as: 'operator',
    body: { menuItemId: ORDER_ITEM, content: '电话点单', residentPhone: VOL.resident },
    semantic: [
      { body: { menuItemId: ORDER_ITEM, content: '电话点单', residentPhone: '13999999998' }, status: 422, code: 'ORDER.UNKNOWN_RESIDENT' },
      { body: { menuItemId: ORDER_ITEM, content: '电话点单' }, ...INVALID },
      { body: { menuItemId: ORDER_ITEM, content: '电话点单', residentPhone: VOL.resident, requesterName: '周大爷' }, ...INVALID },
      {
        body: { menuItemId: ORDER_ITEM, content: '电话点单', requesterName: '周大爷', requesterPhone: '01069840000', communityCode: '110105001001' },
        status: 422,
        code: 'RESIDENT.UNKNOWN_COMMUNITY',
      },
      { as: 'street', ...FORBIDDEN },
    ],
  },
  'GET /api/volunteers/menu': { as: 'station', semantic: [{ as: 'street', ...FORBIDDEN }] },
  'POST /api/volunteers/menu': {
    as: 'station',
    body: menuBody,
    semantic: [
      { body: { ...menuBody, name: '坏输入测试服务' }, status: 409, code: 'MENU.NAME_TAKEN' },
      { body: { ...menuBody, timeLimitClass: 'nope' }, status: 422, code: 'MENU.UNKNOWN_TIME_LIMIT_CLASS' },
      { body: { ...menuBody, name: '   ' }, ...INVALID },
      { body: { ...menuBody, stationUnitId: VOL.stationOf(VOL.otherCommunity) }, ...NOT_FOUND },
      { body: { ...menuBody, stationUnitId: unit.street }, status: 422, code: 'VOLUNTEER.UNKNOWN_STATION' },
      { as: 'street', ...FORBIDDEN },
    ],
  },
  'PATCH /api/volunteers/menu/{id}': {
    as: 'station',
    params: { id: ORDER_ITEM },
    body: { description: '说明' },
    semantic: [
      { body: {}, ...INVALID },
      { body: { timeLimitClass: 'nope' }, status: 422, code: 'MENU.UNKNOWN_TIME_LIMIT_CLASS' },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { as: 'station.other', ...NOT_FOUND },
      { as: 'street', ...FORBIDDEN },
    ],
  },
  'GET /api/volunteers/orders': {
    as: 'station',
    query: { state: 'pending' },
    semantic: [
      { query: { state: 'gone' }, ...INVALID },
      { as: 'street', ...FORBIDDEN },
    ],
  },
  'GET /api/volunteers/orders/ranking': {
    as: 'supervisor',
    query: { month: '2026-03' },
    semantic: [
      { query: { month: '2026-13' }, ...INVALID },
      { as: 'operator', ...FORBIDDEN },
    ],
  },
  'GET /api/volunteers/orders/team': { as: VOL.leader, semantic: [{ as: 'street', ...FORBIDDEN }] },
  'GET /api/volunteers/orders/{id}': {
    as: 'station',
    params: { id: ORDER.pending },
    semantic: [
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { as: 'station.other', ...NOT_FOUND },
      { as: VOL.resident, ...FORBIDDEN },
    ],
  },
  'GET /api/volunteers/orders/{id}/suggestions': {
    as: 'station',
    params: { id: ORDER.pending },
    semantic: [
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { as: 'station.other', ...NOT_FOUND },
      { as: VOL.resident, ...FORBIDDEN },
    ],
  },
  'POST /api/volunteers/orders/{id}/dispatch': {
    as: 'station',
    params: { id: ORDER.pending },
    body: { teamId: VOL.teamId },
    semantic: [
      { body: { teamId: NO_SUCH_ROW }, status: 422, code: 'ORDER.UNKNOWN_TEAM' },
      { params: { id: ORDER.offered }, status: 409, code: 'ORDER.NOT_PENDING' },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { as: 'station.other', ...NOT_FOUND },
      { as: 'station.centre', ...WF_FORBIDDEN },
    ],
  },
  'POST /api/volunteers/orders/{id}/answer': {
    as: VOL.leader,
    params: { id: ORDER.offered },
    body: { accept: false, reason: '人手不足' },
    semantic: [
      { body: { accept: false }, ...INVALID },
      { body: { accept: false, reason: '   ' }, ...INVALID },
      { params: { id: ORDER.accepted }, status: 409, code: 'ORDER.NOT_OFFERED' },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { as: VOL.volunteer, ...NOT_FOUND },
      { as: 'station', ...FORBIDDEN },
    ],
  },
  'POST /api/volunteers/orders/{id}/notes': {
    as: VOL.leader,
    params: { id: ORDER.accepted },
    body: { note: '已约定时间' },
    semantic: [
      { params: { id: ORDER.offered }, status: 409, code: 'ORDER.NOT_ACCEPTED' },
      { body: { note: '   ' }, ...INVALID },
      { as: VOL.volunteer, ...NOT_FOUND },
    ],
  },
  'POST /api/volunteers/orders/{id}/service': {
    as: VOL.leader,
    params: { id: ORDER.accepted },
    body: { servedBy: [VOL.leaderId], minutes: 30, note: '' },
    semantic: [
      { body: { servedBy: [VOL.otherVolunteerId], minutes: 30, note: '' }, status: 422, code: 'ORDER.NOT_A_MEMBER' },
      { body: { servedBy: [VOL.leaderId], minutes: 0, note: '' }, ...INVALID },
      { params: { id: ORDER.offered }, status: 409, code: 'ORDER.NOT_ACCEPTED' },
      { as: VOL.volunteer, ...NOT_FOUND },
    ],
  },
  'POST /api/auth/login': {
    as: null,
    public: true,
    body: { username: 'operator', password: 'wrong-password' },
    semantic: [
      { body: { username: 'operator', password: 'wrong-password' }, status: 401, code: 'AUTH.INVALID_CREDENTIALS' },
      { body: { username: 'nobody-here', password: PASSWORD }, status: 401, code: 'AUTH.INVALID_CREDENTIALS' },
    ],
  },
  // Logging out with a forged token: 401 without ending anything.
  'POST /api/auth/logout': { as: 'operator' },
  'GET /api/auth/me': { as: 'operator' },
  'GET /api/units': { as: 'operator' },
  'GET /api/categories': { as: 'operator' },
  'GET /api/divisions': { as: 'operator' },
  'GET /api/time-limits': { as: 'operator' },
  'GET /api/reference/labels': { as: 'operator' },
  'GET /api/knowledge': { as: 'operator', query: { q: '垃圾', categoryId: String(leaf.id) } },
  'POST /api/tickets': {
    as: 'operator',
    body: { ...baseIntake, categoryId: leaf.id, communityCode: community.code, triage: { action: 'dispatch', coUnitIds: [unit.cgw] } },
    headers: { 'idempotency-key': 'a-valid-idempotency-key' },
    semantic: (b) => {
      const body = b.body as Record<string, unknown>;
      return [
        { as: 'callback', ...FORBIDDEN },
        { as: 'street', ...FORBIDDEN },
        { body: { ...body, categoryId: NO_SUCH_ROW }, status: 422, code: 'INTAKE.UNKNOWN_CATEGORY' },
        { body: { ...body, categoryId: nonLeaf.id }, status: 422, code: 'INTAKE.CATEGORY_NOT_LEAF' },
        { body: { ...body, communityCode: '110109999999' }, status: 422, code: 'INTAKE.UNKNOWN_PLACE' },
        { body: { ...body, communityCode: '110101001001' }, status: 422, code: 'INTAKE.UNKNOWN_PLACE' },
        { body: { ...body, communityCode: null, streetCode: '110109999' }, status: 422, code: 'INTAKE.UNKNOWN_PLACE' },
        { body: { ...body, communityCode: communityElsewhere.code, streetCode: STREET_CODE }, status: 422, code: 'INTAKE.UNKNOWN_PLACE' },
        { body: { ...body, triage: { action: 'dispatch', leadUnitId: NO_SUCH_ROW } }, status: 422, code: 'UNIT.UNKNOWN' },
        { body: { ...body, triage: { action: 'dispatch', leadUnitId: unit.centre } }, status: 422, code: 'UNIT.NOT_HANDLING' },
        { body: { ...body, triage: { action: 'dispatch', leadUnitId: unit.street, coUnitIds: [NO_SUCH_ROW] } }, status: 422, code: 'UNIT.UNKNOWN' },
        { body: { ...body, triage: { action: 'dispatch', leadUnitId: unit.street, coUnitIds: [unit.street] } }, status: 422, code: 'WORKFLOW.INVALID_INPUT' },
        { body: { ...body, content: '  \n\t ' }, ...INVALID },
        { body: { ...body, triage: { action: 'answerDirectly', answer: '请拨打物业电话' } }, ...PRECONDITION },
        {
          body: { ...body, requestType: 'consultation', triage: { action: 'answerDirectly', answer: '见知识库', articleId: NO_SUCH_ROW } },
          status: 422,
          code: 'INTAKE.UNKNOWN_ARTICLE',
        },
        { body: { ...body, triage: { action: 'linkRepeat', originalId: NO_SUCH_TICKET } }, status: 422, code: 'INTAKE.UNKNOWN_ORIGINAL' },
        { body: { ...body, triage: { action: 'linkRepeat', originalId: T.accepted } }, status: 422, code: 'INTAKE.ORIGINAL_NOT_OPEN' },
        { body: { ...body, triage: { action: 'linkRepeat', originalId: T.closed } }, status: 422, code: 'INTAKE.ORIGINAL_NOT_OPEN' },
        { headers: { 'idempotency-key': IDEMPOTENCY_KEY }, status: 422, code: 'IDEMPOTENCY.KEY_REUSED' },
      ];
    },
  },
  'GET /api/tickets': {
    as: 'supervisor',
    query: { state: 'dispatched', sort: 'due', limit: '5', from: '2026-01-01T00:00:00+08:00' },
    semantic: [{ query: { state: 'dispatched,no_such_state' }, ...INVALID }],
  },
  'GET /api/tickets/{id}': {
    as: 'supervisor',
    params: { id: T.dispatched },
    semantic: [
      { params: { id: NO_SUCH_TICKET }, ...NOT_FOUND },
      { as: 'cgw', ...NOT_FOUND },
      { as: 'street', params: { id: T.cgw }, ...NOT_FOUND },
    ],
  },
  'POST /api/tickets/{id}/reveal': {
    as: 'supervisor',
    params: { id: T.dispatched },
    body: { reason: '回电核实诉求' },
    semantic: [
      { params: { id: NO_SUCH_TICKET }, ...NOT_FOUND },
      { as: 'cgw', ...NOT_FOUND },
      // The district government sees the street's ticket but does not handle it.
      { as: 'gov', ...FORBIDDEN },
      { body: { reason: '   ' }, ...INVALID },
    ],
  },
  'GET /api/routing/suggest': {
    as: 'operator',
    query: { categoryId: String(leaf.id), communityCode: community.code },
    semantic: [
      { query: { categoryId: String(NO_SUCH_ROW) }, status: 422, code: 'INTAKE.UNKNOWN_CATEGORY' },
      { query: { communityCode: '110109999999' }, status: 422, code: 'INTAKE.UNKNOWN_PLACE' },
    ],
  },
  'GET /api/tickets/repeat-candidates': {
    as: 'operator',
    query: { phone: '13900001111', categoryId: String(leaf.id) },
    semantic: [{ as: 'street', ...FORBIDDEN }],
  },
  'GET /api/assessment/rankings': { as: 'supervisor', query: { month: '2026-03' } },
  'GET /api/assessment/rules': { as: 'supervisor' },
  'POST /api/assessment/rules': {
    as: 'admin',
    body: validRule,
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { as: 'operator', ...FORBIDDEN },
      { body: { ...validRule, weights: { response: 0.5, resolution: 0.5, satisfaction: 0.5 } }, status: 422, code: 'ASSESSMENT.INVALID_RULE' },
      { body: { ...validRule, effectiveFrom: '2026-01' }, status: 422, code: 'ASSESSMENT.PAST_MONTH' },
    ],
  },
  'POST /api/imports': {
    as: 'admin',
    body: { kind: 'findings', dryRun: true, contentBase64: Buffer.from('外部编号,内容\nbad-input-1,测试发现').toString('base64') },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { body: { kind: 'findings', contentBase64: Buffer.from('a,b\n1,2').toString('base64') }, status: 400, code: 'VALIDATION.INVALID_INPUT' },
      { body: { kind: 'history', contentBase64: Buffer.from('a,b\n1,2').toString('base64') }, status: 400, code: 'VALIDATION.INVALID_INPUT' },
      { body: { kind: 'findings', dryRun: true, fileName: '../etc/passwd', contentBase64: 'YQ==' }, ...INVALID },
    ],
  },
  'GET /api/imports': {
    as: 'supervisor',
    query: { kind: 'history', limit: '5' },
    semantic: [
      { as: 'operator', ...FORBIDDEN },
      { as: 'street', ...FORBIDDEN },
    ],
  },
  'GET /api/imports/{id}': {
    as: 'admin',
    params: { id: IMPORT_RUN },
    semantic: [
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { as: 'callback', ...FORBIDDEN },
    ],
  },
  'GET /api/admin/calendar/{year}': { as: 'admin', params: { year: 2027 }, semantic: [{ as: 'supervisor', ...FORBIDDEN }] },
  'PUT /api/admin/calendar/{year}': {
    as: 'admin',
    params: { year: 2027 },
    body: { source: '测试通知', days: [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }] },
    semantic: [
      { as: 'supervisor', ...FORBIDDEN },
      { body: { source: '测试通知', days: [{ date: '2026-01-01', kind: 'holiday', name: '元旦' }] }, status: 422, code: 'CALENDAR.WRONG_YEAR' },
    ],
  },
  'PUT /api/admin/time-limits/{code}': {
    as: 'admin',
    params: { code: 'general' },
    body: { name: '一般', nameEn: 'General', sign: limit, contact: limit, reply: { amount: 7, unit: 'working_days' } },
    semantic: [{ as: 'supervisor', ...FORBIDDEN }],
  },
  'GET /api/analytics/volume': {
    as: 'supervisor',
    query: { from: '2026-01', to: '2026-03', groupBy: 'street' },
    semantic: [
      { as: 'operator', ...FORBIDDEN },
      { as: 'street', ...FORBIDDEN },
      { query: { from: '2026-03', to: '2026-01', groupBy: 'month' }, ...INVALID },
      { query: { from: '2020-01', to: '2026-03', groupBy: 'month' }, ...INVALID },
    ],
  },
  'GET /api/analytics/rates': {
    as: 'supervisor',
    query: { from: '2026-01', to: '2026-03', unitId: String(unit.street) },
    semantic: [
      { as: 'callback', ...FORBIDDEN },
      { query: { from: '2026-01', to: '2026-03', unitId: String(NO_SUCH_ROW) }, status: 422, code: 'UNIT.UNKNOWN' },
      { query: { from: '2026-04', to: '2026-03' }, ...INVALID },
    ],
  },
  'POST /api/admin/units': {
    as: 'admin',
    body: newUnit,
    semantic: [
      { as: 'supervisor', ...FORBIDDEN },
      { body: { ...newUnit, code: 'DEPT-CGW' }, status: 422, code: 'ADMIN.UNIT_CODE_TAKEN' },
      { body: { ...newUnit, unitType: 'street', divisionCode: '110109999' }, status: 422, code: 'ADMIN.UNKNOWN_PLACE' },
      { body: { ...newUnit, unitType: 'street', divisionCode: null }, status: 422, code: 'ADMIN.UNKNOWN_PLACE' },
      { body: { ...newUnit, unitType: 'street', divisionCode: STREET_CODE }, status: 422, code: 'ADMIN.DIVISION_TAKEN' },
      { body: { ...newUnit, divisionCode: STREET_CODE }, status: 422, code: 'ADMIN.INVALID_UNIT' },
      { body: { ...newUnit, parentId: NO_SUCH_ROW }, status: 422, code: 'UNIT.UNKNOWN' },
      { body: { ...newUnit, unitType: 'centre' }, ...INVALID },
    ],
  },
  'PATCH /api/admin/units/{id}': {
    as: 'admin',
    params: { id: unit.cgw },
    body: { name: '门头沟区城管委', parentId: unit.gov },
    semantic: [
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { as: 'supervisor', ...FORBIDDEN },
      { body: {}, ...INVALID },
      { params: { id: unit.gov }, body: { active: false }, status: 422, code: 'ADMIN.UNIT_REQUIRED' },
      { params: { id: unit.centre }, body: { active: false }, status: 422, code: 'ADMIN.UNIT_REQUIRED' },
      { params: { id: unit.gov }, body: { parentId: unit.cgw }, status: 422, code: 'ADMIN.UNIT_CYCLE' },
      { body: { parentId: NO_SUCH_ROW }, status: 422, code: 'UNIT.UNKNOWN' },
    ],
  },
  'GET /api/admin/users': { as: 'admin', semantic: [{ as: 'supervisor', ...FORBIDDEN }] },
  'POST /api/admin/users': {
    as: 'admin',
    body: newUser,
    semantic: [
      { as: 'supervisor', ...FORBIDDEN },
      { body: { ...newUser, username: 'cgw' }, status: 422, code: 'ADMIN.USERNAME_TAKEN' },
      { body: { ...newUser, password: 'abcdefghij' }, status: 422, code: 'ADMIN.WEAK_PASSWORD' },
      { body: { ...newUser, password: '1234567890' }, status: 422, code: 'ADMIN.WEAK_PASSWORD' },
      { body: { ...newUser, password: 'abc123' }, ...INVALID },
      { body: { ...newUser, roles: ['operator'] }, status: 422, code: 'ADMIN.ROLE_NOT_FOR_UNIT' },
      { body: { ...newUser, unitId: unit.centre }, status: 422, code: 'ADMIN.ROLE_NOT_FOR_UNIT' },
      { body: { ...newUser, unitId: NO_SUCH_ROW }, status: 422, code: 'UNIT.UNKNOWN' },
      { body: { ...newUser, roles: [] }, ...INVALID },
      { body: { ...newUser, roles: ['unit_handler', 'unit_handler'] }, ...INVALID },
      { body: { ...newUser, username: 'Upper.Case' }, ...INVALID },
      { body: { ...newUser, displayName: '   ' }, ...INVALID },
    ],
  },
  'PATCH /api/admin/users/{id}': {
    as: 'admin',
    params: { id: userIds.get('zjw')! },
    body: { displayName: '住建委承办人 孙磊', roles: ['unit_handler'], active: true },
    semantic: [
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { as: 'supervisor', ...FORBIDDEN },
      { body: {}, ...INVALID },
      { body: { password: 'abcdefghij' }, status: 422, code: 'ADMIN.WEAK_PASSWORD' },
      { body: { roles: ['operator'] }, status: 422, code: 'ADMIN.ROLE_NOT_FOR_UNIT' },
      { body: { unitId: unit.centre }, status: 422, code: 'ADMIN.ROLE_NOT_FOR_UNIT' },
      { params: { id: userIds.get('admin')! }, body: { active: false }, status: 422, code: 'ADMIN.SELF_LOCKOUT' },
      { params: { id: userIds.get('admin')! }, body: { roles: ['centre_supervisor'] }, status: 422, code: 'ADMIN.SELF_LOCKOUT' },
    ],
  },
  'GET /api/admin/dispatch-catalog': { as: 'admin', semantic: [{ as: 'operator', ...FORBIDDEN }] },
  'GET /api/admin/supervision-escalation': { as: 'admin', semantic: [{ as: 'operator', ...FORBIDDEN }] },
  'POST /api/admin/categories': {
    as: 'admin',
    body: { parentId: nonLeaf.id, code: 'BAD_INPUT', name: '坏输入测试', nameEn: 'Bad input', isLeaf: true, timeLimitClass: 'general', keywords: [] },
    semantic: (b) => [
      { as: 'supervisor', ...FORBIDDEN },
      { body: { ...(b.body as object), parentId: NO_SUCH_ROW }, status: 422, code: 'CATEGORY.UNKNOWN_PARENT' },
      { body: { ...(b.body as object), parentId: leaf.id }, status: 422, code: 'CATEGORY.PARENT_IS_LEAF' },
      { body: { ...(b.body as object), name: childOfGroup.name }, status: 422, code: 'CATEGORY.DUPLICATE_NAME' },
      { body: { ...(b.body as object), code: childOfGroup.code.split('.').at(-1) }, status: 422, code: 'CATEGORY.CODE_TAKEN' },
      { body: { ...(b.body as object), timeLimitClass: null }, status: 422, code: 'CATEGORY.LEAF_NEEDS_TIME_LIMIT' },
      { body: { ...(b.body as object), timeLimitClass: 'no_such_class' }, status: 422, code: 'CATEGORY.UNKNOWN_TIME_LIMIT_CLASS' },
      { body: { ...(b.body as object), code: 'lower' }, ...INVALID },
    ],
  },
  'PATCH /api/admin/categories/{id}': {
    as: 'admin',
    params: { id: leafPair[0].id },
    body: { name: '坏输入改名', keywords: ['测试'] },
    semantic: [
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { as: 'supervisor', ...FORBIDDEN },
      { body: {}, ...INVALID },
      { body: { name: leafPair[1].name }, status: 422, code: 'CATEGORY.DUPLICATE_NAME' },
      { params: { id: nonLeaf.id }, body: { active: false }, status: 422, code: 'CATEGORY.HAS_CHILDREN' },
      { params: { id: nonLeaf.id }, body: { timeLimitClass: 'general' }, status: 422, code: 'CATEGORY.NOT_LEAF' },
      { body: { timeLimitClass: 'no_such_class' }, status: 422, code: 'CATEGORY.UNKNOWN_TIME_LIMIT_CLASS' },
    ],
  },
  'PUT /api/admin/supervision-escalation': {
    as: 'admin',
    body: { superviseAfterDays: 1, urgeAfterDays: 3, notifyAfterDays: 5 },
    semantic: [
      { as: 'supervisor', ...FORBIDDEN },
      { body: { superviseAfterDays: 3, urgeAfterDays: 2, notifyAfterDays: 5 }, status: 422, code: 'ADMIN.INVALID_ESCALATION' },
      { body: { superviseAfterDays: 1, urgeAfterDays: 3, notifyAfterDays: 3 }, status: 422, code: 'ADMIN.INVALID_ESCALATION' },
      { body: { superviseAfterDays: 0, urgeAfterDays: 3, notifyAfterDays: 5 }, ...INVALID },
    ],
  },
  'POST /api/admin/dispatch-catalog': {
    as: 'admin',
    body: { categoryId: leaf.id, divisionCode: STREET_CODE, unitId: unit.cgw, unitType: null, coUnitIds: [], note: '' },
    semantic: (b) => [
      { as: 'supervisor', ...FORBIDDEN },
      { body: { ...(b.body as object), categoryId: NO_SUCH_ROW }, status: 422, code: 'ADMIN.UNKNOWN_CATEGORY' },
      { body: { ...(b.body as object), divisionCode: '110101001' }, status: 422, code: 'ADMIN.UNKNOWN_PLACE' },
      { body: { ...(b.body as object), unitType: 'street' }, status: 422, code: 'ADMIN.INVALID_ENTRY' },
    ],
  },
  'GET /api/queues': { as: 'supervisor', semantic: [{ as: 'street', ...FORBIDDEN }] },
  'GET /api/queues/inbox': { as: 'street', query: { categoryId: String(leaf.id), streetCode: STREET_CODE, leadUnitId: String(unit.street), q: '垃圾' } },
  'GET /api/queues/callback': { as: 'callback', query: { offset: '0', limit: '5' }, semantic: [{ as: 'operator', ...FORBIDDEN }] },
  'GET /api/queues/{name}': {
    as: 'supervisor',
    params: { name: 'objections' },
    query: { offset: '0', limit: '5' },
    semantic: [{ as: 'callback', ...FORBIDDEN }],
  },
  'GET /api/public/divisions': { as: null, public: true, semantic: NON_JSON_BODIES },
  'GET /api/public/categories': { as: null, public: true, semantic: NON_JSON_BODIES },
  'POST /api/public/requests': {
    as: null,
    public: true,
    body: publicRequestBody,
    headers: { 'idempotency-key': 'public-request-key-01' },
    semantic: [
      { body: { ...publicRequestBody, communityCode: '110109999999' }, status: 422, code: 'INTAKE.UNKNOWN_PLACE' },
      { body: { ...publicRequestBody, categoryId: nonLeaf.id }, status: 422, code: 'INTAKE.CATEGORY_NOT_LEAF' },
      { body: { ...publicRequestBody, categoryId: NO_SUCH_ROW }, status: 422, code: 'INTAKE.UNKNOWN_CATEGORY' },
      { body: { ...publicRequestBody, attachmentIds: [STREET_PHOTO] }, status: 422, code: 'ATTACHMENT.UNKNOWN' },
      { body: { ...publicRequestBody, attachmentIds: [NO_SUCH_ROW] }, status: 422, code: 'ATTACHMENT.UNKNOWN' },
      { body: { content: '楼道灯不亮', requesterPhone: '13900001111' }, ...INVALID },
      { body: { ...publicRequestBody, longitude: null }, ...INVALID },
      { body: { ...publicRequestBody, content: ' \n ' }, ...INVALID },
    ],
  },
  'GET /api/public/requests/{number}': {
    as: null,
    public: true,
    params: { number: PUBLIC_REQUEST.number },
    query: { code: PUBLIC_REQUEST.queryCode },
    semantic: [
      { query: { code: WRONG_CODE }, ...NOT_FOUND },
      { params: { number: 'JS20990101999999' }, ...NOT_FOUND },
    ],
  },
  'POST /api/public/requests/{number}/rating': {
    as: null,
    public: true,
    params: { number: PUBLIC_REQUEST.number },
    query: { code: PUBLIC_REQUEST.queryCode },
    body: { contacted: true, resolved: true, satisfaction: 'satisfied', comment: '' },
    semantic: [{ ...INVALID_TRANSITION }, { query: { code: WRONG_CODE }, ...NOT_FOUND }],
  },
  'POST /api/public/attachments': { as: null, public: true, semantic: UPLOAD_REFUSALS },
  'POST /api/attachments': { as: 'street', semantic: UPLOAD_REFUSALS },
  'GET /api/tickets/{id}/attachments': {
    as: 'supervisor',
    params: { id: T.dispatched },
    semantic: [
      { params: { id: NO_SUCH_TICKET }, ...NOT_FOUND },
      { as: 'cgw', ...NOT_FOUND },
    ],
  },
  'POST /api/tickets/{id}/attachments': {
    as: 'street',
    params: { id: T.dispatched },
    body: { attachmentIds: [STREET_PHOTO], purpose: 'reply' },
    semantic: [
      { params: { id: NO_SUCH_TICKET }, ...NOT_FOUND },
      { as: 'cgw', ...NOT_FOUND },
      // The district government sees the street's ticket but does not handle it.
      { as: 'gov', ...FORBIDDEN },
      // Only one's own uploads, not yet attached.
      { as: 'supervisor', status: 422, code: 'ATTACHMENT.UNKNOWN' },
      { body: { attachmentIds: [PUBLIC_PHOTO], purpose: 'reply' }, status: 422, code: 'ATTACHMENT.UNKNOWN' },
      { body: { attachmentIds: [NO_SUCH_ROW], purpose: 'reply' }, status: 422, code: 'ATTACHMENT.UNKNOWN' },
      { body: { attachmentIds: [], purpose: 'reply' }, ...INVALID },
    ],
  },
  'GET /api/attachments/{id}/content': {
    as: 'street',
    params: { id: STREET_PHOTO },
    semantic: [
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { as: 'cgw', ...NOT_FOUND },
      { as: 'supervisor', ...NOT_FOUND },
    ],
  },
  'POST /api/whistles': {
    as: 'street',
    body: whistleBody,
    semantic: [
      { as: 'cgw', ...FORBIDDEN },
      { as: 'supervisor', ...FORBIDDEN },
      { body: { ...whistleBody, departmentUnitIds: [NO_SUCH_ROW] }, status: 422, code: 'WHISTLE.UNKNOWN_UNIT' },
      { body: { ...whistleBody, departmentUnitIds: [unit.centre] }, status: 422, code: 'WHISTLE.UNIT_NOT_SUMMONABLE' },
      { body: { ...whistleBody, departmentUnitIds: [unit.street] }, status: 422, code: 'WHISTLE.UNIT_NOT_SUMMONABLE' },
      { body: { ...whistleBody, sourceTicketId: NO_SUCH_TICKET }, ...NOT_FOUND },
      { body: { ...whistleBody, sourceTicketId: T.cgw }, ...NOT_FOUND },
      { body: { ...whistleBody, departmentUnitIds: [] }, ...INVALID },
    ],
  },
  'GET /api/whistles': { as: 'street', semantic: [{ as: 'operator', ...FORBIDDEN }] },
  'GET /api/whistles/assessment': { as: 'supervisor', query: { month: '2026-03' }, semantic: [{ as: 'operator', ...FORBIDDEN }] },
  'GET /api/whistles/{id}': {
    as: 'street',
    params: { id: WHISTLE },
    semantic: [
      { params: { id: NO_SUCH_TICKET }, ...NOT_FOUND },
      { params: { id: T.dispatched }, ...NOT_FOUND },
      { as: 'operator', ...FORBIDDEN },
    ],
  },
  'GET /api/whistles/by-source/{id}': {
    as: 'street',
    params: { id: T.dispatched },
    semantic: [
      { params: { id: NO_SUCH_TICKET }, ...NOT_FOUND },
      { as: 'cgw', ...NOT_FOUND },
    ],
  },
  'POST /api/whistles/{id}/report-in': {
    as: 'cgw',
    params: { id: WHISTLE },
    body: { reporterName: '执法队', place: '现场', note: '' },
    semantic: [
      { params: { id: NO_SUCH_TICKET }, ...NOT_FOUND },
      { as: 'street', ...FORBIDDEN },
      { as: 'gov', ...FORBIDDEN },
      { body: { reporterName: '  ', place: '', note: '' }, ...INVALID },
      { body: { reporterName: '执法队', place: '', note: '', attachmentId: NO_SUCH_ROW }, status: 422, code: 'ATTACHMENT.UNKNOWN' },
    ],
  },
  'POST /api/whistles/{id}/ratings': {
    as: 'street',
    params: { id: WHISTLE },
    body: { ratings: [{ unitId: unit.cgw, score: 4 }] },
    semantic: [
      { params: { id: NO_SUCH_TICKET }, ...NOT_FOUND },
      { as: 'cgw', ...FORBIDDEN },
      { body: { ratings: [{ unitId: unit.otherStreet, score: 4 }] }, status: 422, code: 'WHISTLE.NOT_SUMMONED' },
      {
        body: {
          ratings: [
            { unitId: unit.cgw, score: 4 },
            { unitId: unit.cgw, score: 5 },
          ],
        },
        ...INVALID,
      },
    ],
  },
  'GET /api/activities': { as: 'street', query: { organised: 'true' }, semantic: [{ as: 'bad.vol1', ...FORBIDDEN }] },
  'POST /api/activities': {
    as: 'street',
    body: {
      ...activityBody,
      description: '说明',
      address: '1号',
      divisionCode: community.code,
      latitude: 39.9,
      longitude: 116.1,
      organiserUnitId: unit.street,
      publish: false,
    },
    semantic: [
      { as: 'operator', ...FORBIDDEN },
      { body: { ...activityBody, divisionCode: '110109999999' }, status: 422, code: 'ACTIVITY.UNKNOWN_DIVISION' },
      { body: { ...activityBody, sessions: [{ ...ACT_SOON, endsAt: ACT_SOON.startsAt }] }, status: 422, code: 'ACTIVITY.INVALID_SESSION' },
      { body: { ...activityBody, organiserUnitId: unit.cgw }, status: 422, code: 'ACTIVITY.UNKNOWN_UNIT' },
      { body: { ...activityBody, organiserUnitId: NO_SUCH_ROW }, status: 422, code: 'ACTIVITY.UNKNOWN_UNIT' },
      { body: { ...activityBody, latitude: 39.9 }, ...INVALID },
      { body: { ...activityBody, title: '   ' }, ...INVALID },
    ],
  },
  'GET /api/activities/{id}': {
    as: 'street',
    params: { id: ACT.id },
    semantic: [
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { as: 'bad.vol1', params: { id: ACT_DRAFT.id }, ...NOT_FOUND },
    ],
  },
  'PATCH /api/activities/{id}': {
    as: 'street',
    params: { id: ACT.id },
    body: { title: '社区清洁（改）', description: '新说明', latitude: 39.9, longitude: 116.1 },
    semantic: [
      { as: 'cgw', ...FORBIDDEN },
      { as: 'bad.vol1', ...FORBIDDEN },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { params: { id: ACT_CANCELLED.id }, status: 409, code: 'ACTIVITY.NOT_EDITABLE' },
      { body: { latitude: 39.9 }, ...INVALID },
      { body: { venueName: '  ' }, ...INVALID },
      { body: {}, ...INVALID },
    ],
  },
  'POST /api/activities/{id}/publish': {
    as: 'street',
    params: { id: ACT_DRAFT.id },
    semantic: [
      { params: { id: ACT.id }, status: 409, code: 'ACTIVITY.NOT_EDITABLE' },
      { as: 'cgw', ...FORBIDDEN },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
    ],
  },
  'POST /api/activities/{id}/cancel': {
    as: 'street',
    params: { id: ACT.id },
    body: { reason: '天气原因' },
    semantic: [
      { params: { id: ACT_CANCELLED.id }, status: 409, code: 'ACTIVITY.NOT_EDITABLE' },
      { as: 'cgw', ...FORBIDDEN },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { body: { reason: '   ' }, ...INVALID },
    ],
  },
  'POST /api/activities/{id}/sessions': {
    as: 'street',
    params: { id: ACT.id },
    body: ACT_SOON,
    semantic: [
      { body: { ...ACT_SOON, endsAt: '2026-03-03T11:30:00+08:00' }, status: 422, code: 'ACTIVITY.INVALID_SESSION' },
      { params: { id: ACT_CANCELLED.id }, status: 409, code: 'ACTIVITY.NOT_EDITABLE' },
      { as: 'cgw', ...FORBIDDEN },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
    ],
  },
  'PATCH /api/activities/sessions/{sessionId}': {
    as: 'street',
    params: { sessionId: ACT.soon },
    body: { capacity: 6 },
    semantic: [
      { params: { sessionId: ACT.past }, status: 409, code: 'ACTIVITY.SESSION_STARTED' },
      { body: { startsAt: '2026-03-02T08:00:00+08:00' }, status: 422, code: 'ACTIVITY.INVALID_SESSION' },
      { body: { endsAt: '2026-03-02T09:00:00+08:00' }, status: 422, code: 'ACTIVITY.INVALID_SESSION' },
      { params: { sessionId: ACT_CANCELLED.soon }, status: 409, code: 'ACTIVITY.NOT_EDITABLE' },
      { as: 'cgw', ...FORBIDDEN },
      { params: { sessionId: NO_SUCH_ROW }, ...NOT_FOUND },
      { body: {}, ...INVALID },
    ],
  },
  'GET /api/activities/sessions/{sessionId}/signups': {
    as: 'street',
    params: { sessionId: ACT.soon },
    semantic: [
      { as: 'cgw', ...FORBIDDEN },
      { as: 'bad.vol1', ...FORBIDDEN },
      { params: { sessionId: NO_SUCH_ROW }, ...NOT_FOUND },
    ],
  },
  'POST /api/activities/sessions/{sessionId}/signups': {
    as: 'bad.vol2',
    params: { sessionId: ACT.soon },
    semantic: [
      { as: 'bad.vol1', status: 409, code: 'ACTIVITY.ALREADY_SIGNED_UP' },
      { as: 'bad.vol1', params: { sessionId: ACT_OVERLAP.soon }, status: 409, code: 'ACTIVITY.OVERLAPPING_SESSION' },
      { params: { sessionId: ACT.past }, status: 409, code: 'ACTIVITY.SESSION_STARTED' },
      { params: { sessionId: ACT_DRAFT.soon }, status: 409, code: 'ACTIVITY.NOT_PUBLISHED' },
      { params: { sessionId: ACT_CANCELLED.soon }, status: 409, code: 'ACTIVITY.NOT_PUBLISHED' },
      { params: { sessionId: NO_SUCH_ROW }, ...NOT_FOUND },
      { as: 'street', ...FORBIDDEN },
    ],
  },
  'DELETE /api/activities/sessions/{sessionId}/signups/me': {
    as: 'bad.vol1',
    params: { sessionId: ACT.soon },
    semantic: [
      { as: 'bad.vol2', status: 409, code: 'ACTIVITY.NOT_SIGNED_UP' },
      { params: { sessionId: ACT.past }, status: 409, code: 'ACTIVITY.SESSION_STARTED' },
      { params: { sessionId: NO_SUCH_ROW }, ...NOT_FOUND },
      { as: 'street', ...FORBIDDEN },
    ],
  },
  'GET /api/activities/sessions/{sessionId}/check-in-code': {
    as: 'street',
    params: { sessionId: ACT.soon },
    semantic: [
      { params: { sessionId: ACT.past }, status: 409, code: 'CHECK_IN.NOT_OPEN' },
      { params: { sessionId: ACT_DRAFT.soon }, status: 409, code: 'ACTIVITY.NOT_PUBLISHED' },
      { as: 'cgw', ...FORBIDDEN },
      { params: { sessionId: NO_SUCH_ROW }, ...NOT_FOUND },
    ],
  },
  'POST /api/activities/check-ins': {
    as: 'bad.vol1',
    body: { token: CHECK_IN_TOKEN, action: 'auto', position: { latitude: 39.9, longitude: 116.1 } },
    semantic: [
      { body: { token: CHECK_IN_TOKEN.slice(0, -2) + (CHECK_IN_TOKEN.endsWith('AA') ? 'BB' : 'AA') }, status: 422, code: 'CHECK_IN.INVALID_CODE' },
      { body: { token: 'not-a-code' }, status: 422, code: 'CHECK_IN.INVALID_CODE' },
      { as: 'bad.vol2', body: { token: CHECK_IN_TOKEN }, status: 409, code: 'CHECK_IN.NOT_SIGNED_UP' },
      { body: { token: CHECK_IN_TOKEN, action: 'out' }, status: 409, code: 'CHECK_IN.NOT_CHECKED_IN' },
      { as: 'street', body: { token: CHECK_IN_TOKEN }, ...FORBIDDEN },
    ],
  },
  'POST /api/activities/sessions/{sessionId}/hours': {
    as: 'street',
    params: { sessionId: ACT.past },
    body: { items: [{ userId: ACT_VOL!.id, minutes: 60, reason: '提前离开' }] },
    semantic: [
      { status: 422, code: 'HOURS.NOT_CHECKED_IN' },
      { params: { sessionId: ACT.soon }, status: 409, code: 'HOURS.SESSION_NOT_ENDED' },
      { params: { sessionId: ACT_DRAFT.past }, status: 409, code: 'ACTIVITY.NOT_PUBLISHED' },
      { as: 'cgw', ...FORBIDDEN },
      { params: { sessionId: NO_SUCH_ROW }, ...NOT_FOUND },
    ],
  },
  'POST /api/activities/sessions/{sessionId}/manual-hours': {
    as: 'street.leader',
    params: { sessionId: ACT.past },
    body: { userId: ACT_VOL3!.id, minutes: 60, source: 'walk_in', reason: '现场参加' },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { params: { sessionId: ACT.soon }, status: 409, code: 'HOURS.SESSION_NOT_ENDED' },
      { params: { sessionId: ACT_DRAFT.past }, status: 409, code: 'ACTIVITY.NOT_PUBLISHED' },
      { body: { userId: ACT_VOL3!.id, minutes: 600, source: 'walk_in', reason: '现场参加' }, status: 422, code: 'HOURS.TOO_MANY_MINUTES' },
      { body: { userId: userIds.get('street')!, minutes: 60, source: 'walk_in', reason: '现场参加' }, status: 422, code: 'HOURS.NOT_A_VOLUNTEER' },
      { body: { userId: NO_SUCH_ROW, minutes: 60, source: 'walk_in', reason: '现场参加' }, status: 422, code: 'HOURS.NOT_A_VOLUNTEER' },
      { body: { userId: ACT_VOL_RECORDED!.id, minutes: 60, source: 'paper', reason: '重复' }, status: 409, code: 'HOURS.ALREADY_RECORDED' },
      { body: { userId: ACT_VOL3!.id, minutes: 60, source: 'walk_in', reason: '  ' }, status: 422, code: 'HOURS.REASON_REQUIRED' },
      { params: { sessionId: NO_SUCH_ROW }, ...NOT_FOUND },
    ],
  },
  'POST /api/activities/hours/{recordId}/corrections': {
    as: 'street.leader',
    params: { recordId: HOUR_RECORD },
    body: { minutes: 90, reason: '核对签到表' },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { params: { recordId: NO_SUCH_TICKET }, ...NOT_FOUND },
      { body: { minutes: 60, reason: '核对签到表' }, ...INVALID },
      { body: { minutes: 600, reason: '核对签到表' }, status: 422, code: 'HOURS.TOO_MANY_MINUTES' },
      { body: { minutes: 90, reason: '   ' }, status: 422, code: 'HOURS.REASON_REQUIRED' },
    ],
  },
  'GET /api/activities/volunteers': { as: 'street.leader', query: { q: '志愿' }, semantic: [{ as: 'street', ...FORBIDDEN }] },
  'GET /api/activities/volunteers/{userId}/record': {
    as: 'supervisor',
    params: { userId: ACT_VOL_RECORDED!.id },
    query: { year: '2026' },
    semantic: [
      { as: 'operator', ...FORBIDDEN },
      { params: { userId: userIds.get('street')! }, ...NOT_FOUND },
      { params: { userId: NO_SUCH_ROW }, ...NOT_FOUND },
    ],
  },
  'GET /api/activities/my/signups': { as: 'bad.vol1', semantic: [{ as: 'street', ...FORBIDDEN }] },
  'GET /api/activities/my/hours': { as: 'bad.vol1', query: { year: '2026' }, semantic: [{ as: 'street', ...FORBIDDEN }] },
  'GET /api/activities/my/certificate.pdf': { as: 'bad.vol1', query: { year: '2026' }, semantic: [{ as: 'street', ...FORBIDDEN }] },
  'GET /api/activities/leaderboard': { as: 'bad.vol1', query: { period: '2026-03' } },
  'GET /api/activities/leaderboard/teams': { as: 'bad.vol1', query: { period: '2026' } },
  // A leader of a department or a community station, or a handler, is refused (figuresScope).
  'GET /api/activities/figures': { as: 'street.leader', query: { period: '2026-03' }, semantic: [{ as: 'street', ...FORBIDDEN }] },
  'GET /api/ledgers': { as: 'street' },
  'POST /api/ledgers': {
    as: 'supervisor',
    body: { name: '民生实事台账', rules: { sources: ['hotline'] } },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { body: { name: '台账', rules: { categoryIds: [NO_SUCH_ROW] } }, status: 422, code: 'LEDGER.UNKNOWN_CATEGORY' },
      {
        body: { name: '台账', rules: { acceptedFrom: '2026-03-02T00:00:00Z', acceptedTo: '2026-03-01T00:00:00Z' } },
        status: 422,
        code: 'LEDGER.INVALID_PERIOD',
      },
    ],
  },
  'GET /api/ledgers/{id}': { as: 'street', params: { id: LEDGER }, semantic: [{ params: { id: NO_SUCH_ROW }, ...NOT_FOUND }] },
  'GET /api/ledgers/{id}/items': { as: 'street', params: { id: LEDGER }, query: { limit: '10' }, semantic: [{ params: { id: NO_SUCH_ROW }, ...NOT_FOUND }] },
  'POST /api/ledgers/{id}/items': {
    as: 'supervisor',
    params: { id: LEDGER },
    body: { ticketIds: [T.dispatched], reason: '手工加入' },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { body: { ticketIds: [NO_SUCH_TICKET] }, status: 422, code: 'LEDGER.UNKNOWN_TICKETS' },
      { body: { numbers: ['NO-SUCH-NUMBER'] }, status: 422, code: 'LEDGER.UNKNOWN_TICKETS' },
    ],
  },
  'DELETE /api/ledgers/{id}/items/{ticketId}': {
    as: 'supervisor',
    params: { id: LEDGER, ticketId: T.dispatched },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { params: { id: NO_SUCH_ROW, ticketId: T.dispatched }, ...NOT_FOUND },
      { params: { id: LEDGER, ticketId: NO_SUCH_TICKET }, ...NOT_FOUND },
    ],
  },
  'GET /api/ledgers/{id}/summary': {
    as: 'street',
    params: { id: LEDGER },
    query: { period: 'week', date: '2026-03-02' },
    semantic: [
      { query: { period: 'day', date: '2026-02-30' }, ...INVALID },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
    ],
  },
  'GET /api/ledgers/{id}/export.xlsx': { as: 'street', params: { id: LEDGER }, semantic: [{ params: { id: NO_SUCH_ROW }, ...NOT_FOUND }] },
  'POST /api/ledgers/{id}/import': {
    as: 'supervisor',
    params: { id: LEDGER },
    body: { contentBase64: Buffer.from('not a workbook').toString('base64') },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { params: { id: NO_SUCH_ROW }, ...NOT_FOUND },
      { body: { contentBase64: Buffer.from('not a workbook').toString('base64') }, status: 422, code: 'LEDGER.IMPORT_UNREADABLE' },
    ],
  },
  'POST /api/admin/grids': {
    as: 'admin',
    body: { grids: [{ code: 'BAD-1', name: '网格', communityCode: community.code }] },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { body: { grids: [{ code: 'BAD-1', name: '网格', communityCode: '110105001001' }] }, status: 422, code: 'GRID.INVALID_ROWS' },
      {
        body: {
          grids: [
            { code: 'BAD-1', name: '网格', communityCode: community.code },
            { code: 'BAD-1', name: '网格', communityCode: community.code },
          ],
        },
        status: 422,
        code: 'GRID.INVALID_ROWS',
      },
      {
        body: { fileBase64: Buffer.from(`网格编码,网格名称,社区编码,网格员账号\nBAD-2,网格,${community.code},nobody`).toString('base64') },
        status: 422,
        code: 'GRID.INVALID_ROWS',
      },
      { body: { fileBase64: Buffer.from('网格名称\n网格').toString('base64') }, status: 422, code: 'GRID.MISSING_COLUMNS' },
    ],
  },
  'GET /api/grids': { as: 'grid' },
  'DELETE /api/admin/grids/{code}/workers/{userId}': {
    as: 'admin',
    params: { code: 'NOPE-1', userId: 1 },
    semantic: [{ as: 'street', ...FORBIDDEN }, { ...NOT_FOUND }],
  },
  'POST /api/admin/grids/{code}/workers': {
    as: 'admin',
    params: { code: 'NOPE-1' },
    body: { userIds: [1] },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { body: { userIds: [NO_SUCH_ROW] }, ...NOT_FOUND },
    ],
  },
  'POST /api/grid-reports': {
    as: 'grid',
    body: { gridCode: 'NOT-MINE', categoryId: 1, description: '问题' },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { status: 422, code: 'GRID.NOT_YOUR_GRID' },
    ],
  },
  'GET /api/grid-reports/mine': { as: 'grid', semantic: [{ as: 'street', ...FORBIDDEN }] },
  'POST /api/admin/buildings': {
    as: 'admin',
    body: {
      buildings: [
        {
          code: 'BAD-B1',
          name: '1号楼1单元',
          communityCode: community.code,
          gridCode: null,
          latitude: 39.9,
          longitude: 116.1,
          responsiblePersons: [{ role: '楼门长', name: '张三', phone: '13800000000' }],
          partyMemberHouseholds: ['301'],
          conventions: '邻里和睦',
        },
      ],
    },
    semantic: [
      { as: 'street', ...FORBIDDEN },
      { body: { buildings: [{ code: 'BAD-B1', name: '楼', communityCode: '110105001001' }] }, status: 422, code: 'BUILDING.INVALID_ROWS' },
      {
        body: { buildings: [{ code: 'BAD-B1', name: '楼', communityCode: community.code, gridCode: 'NO-SUCH-GRID' }] },
        status: 422,
        code: 'BUILDING.INVALID_ROWS',
      },
      {
        body: { fileBase64: Buffer.from(`编号,名称,社区编码\nBAD-B2,楼,${communityElsewhere.code}\nBAD-B2,楼,${community.code}`).toString('base64') },
        status: 422,
        code: 'BUILDING.INVALID_ROWS',
      },
      { body: { fileBase64: Buffer.from('名称\n楼').toString('base64') }, status: 422, code: 'BUILDING.MISSING_COLUMNS' },
      { body: { fileBase64: Buffer.from([0x50, 0x4b, 3, 4, 9, 9]).toString('base64') }, ...INVALID },
      { body: { fileBase64: 'AAAA' }, ...INVALID },
    ],
  },
  'GET /api/buildings': {
    as: 'street',
    query: { communityCode: community.code },
    semantic: [
      { as: 'cgw', ...FORBIDDEN },
      { query: { communityCode: '110105001001' }, ...NOT_FOUND },
    ],
  },
  'GET /api/public/boards/{code}': {
    as: null,
    public: true,
    params: { code: `B${STREET_CODE}001-1-1` },
    semantic: [{ params: { code: 'NO-SUCH-UNIT' }, ...NOT_FOUND }, ...NON_JSON_BODIES],
  },
  'GET /api/public/boards/{code}/qr.svg': {
    as: null,
    public: true,
    params: { code: `B${STREET_CODE}001-1-1` },
    semantic: [
      { params: { code: 'NO-SUCH-UNIT' }, ...NOT_FOUND },
      { headers: { host: 'bad host' }, ...INVALID },
    ],
  },
  'DELETE /api/admin/dispatch-catalog/{id}': {
    as: 'admin',
    params: { id: NO_SUCH_ROW },
    semantic: [{ ...NOT_FOUND }, { as: 'supervisor', ...FORBIDDEN }],
  },
};

/** A body each workflow action accepts (the state machine may still refuse it). */
const ACTION_EXAMPLES: Record<string, Record<string, unknown>> = {
  answerDirectly: { answer: '可在政务服务网办理', articleId: 1 },
  closeSpecial: { route: 'petition', note: '' },
  linkRepeat: { originalId: T.cgw },
  dispatch: { leadUnitId: unit.street, coUnitIds: [unit.cgw], fallback: false, reason: '' },
  reassign: { leadUnitId: unit.otherStreet, coUnitIds: [], note: '' },
  object: { reason: '不属于本单位职责' },
  decideObjection: { approve: true, leadUnitId: unit.cgw, coUnitIds: [], note: '' },
  sign: { note: '' },
  contact: { method: 'phone', note: '' },
  progress: { note: '已现场查看' },
  coReply: { note: '协办意见' },
  requestExtension: { days: 3, reason: '需协调多部门' },
  decideExtension: { approve: true, days: 3, note: '' },
  defer: { reason: '需纳入明年计划', plan: '列入年度改造', reviewDate: '2026-12-31' },
  reply: { text: '已清运完毕' },
  callback: { valid: true, contacted: true, resolved: true, satisfaction: 'satisfied', note: '' },
  redo: { note: '诉求人不满意' },
  close: { note: '' },
  supervise: { note: '请加快办理' },
  appeal: { reason: '诉求超出职责范围' },
  decideAppeal: { approve: false, note: '' },
};

/** Refusals specific to one action, beyond those every action gets. */
const ACTION_SEMANTIC: Record<string, Omit<Case, 'name'>[]> = {
  linkRepeat: [
    { params: { id: T.accepted }, as: 'operator', body: { originalId: T.closed }, status: 422, code: 'INTAKE.ORIGINAL_NOT_OPEN' },
    { params: { id: T.accepted }, as: 'operator', body: { originalId: NO_SUCH_ROW }, status: 422, code: 'INTAKE.UNKNOWN_ORIGINAL' },
    { params: { id: T.accepted }, as: 'operator', body: { originalId: T.accepted }, status: 422, code: 'INTAKE.UNKNOWN_ORIGINAL' },
  ],
  answerDirectly: [{ params: { id: T.accepted }, as: 'operator', ...PRECONDITION }],
  dispatch: [
    { params: { id: T.accepted }, body: { ...ACTION_EXAMPLES.dispatch, leadUnitId: NO_SUCH_ROW }, status: 422, code: 'UNIT.UNKNOWN' },
    { params: { id: T.accepted }, body: { ...ACTION_EXAMPLES.dispatch, leadUnitId: unit.centre }, status: 422, code: 'UNIT.NOT_HANDLING' },
    { params: { id: T.accepted }, body: { ...ACTION_EXAMPLES.dispatch, coUnitIds: [unit.street] }, status: 422, code: 'WORKFLOW.INVALID_INPUT' },
    { params: { id: T.accepted }, as: 'callback', ...WF_FORBIDDEN },
  ],
  reassign: [
    { body: { ...ACTION_EXAMPLES.reassign, leadUnitId: unit.street }, ...PRECONDITION },
    { body: { ...ACTION_EXAMPLES.reassign, leadUnitId: NO_SUCH_ROW }, status: 422, code: 'UNIT.UNKNOWN' },
    { as: 'street', ...WF_FORBIDDEN },
  ],
  sign: [
    { as: 'gov', ...WF_FORBIDDEN },
    { as: 'supervisor', params: { id: T.accepted }, ...INVALID_TRANSITION },
  ],
  reply: [{ as: 'street', ...INVALID_TRANSITION }],
  callback: [{ as: 'callback', ...PRECONDITION }],
  decideObjection: [{ as: 'supervisor', ...INVALID_TRANSITION }],
  supervise: [{ as: 'street', ...WF_FORBIDDEN }],
};

const actionOf = (key: string): ActionType | undefined => /\/actions\/(\w+)$/.exec(key)?.[1] as ActionType | undefined;

function specFor(o: ApiOperation): Spec | undefined {
  const action = actionOf(o.key);
  if (action === undefined) return SPECS[o.key];
  const body = ACTION_EXAMPLES[action];
  if (body === undefined) return undefined;
  const rule = ACTION_RULES[action];
  const onClosed: Omit<Case, 'name'> = !rule.from.includes('closed')
    ? { as: 'supervisor', params: { id: T.closed }, ...INVALID_TRANSITION }
    : rule.parties.includes('centre')
      ? { as: 'supervisor', params: { id: T.closed }, ...PRECONDITION }
      : { as: 'supervisor', params: { id: T.closed }, ...WF_FORBIDDEN };
  return {
    as: 'supervisor',
    params: { id: T.dispatched },
    body,
    semantic: [
      { params: { id: NO_SUCH_TICKET }, ...NOT_FOUND },
      { as: 'cgw', ...NOT_FOUND },
      { as: 'street', params: { id: T.cgw }, ...NOT_FOUND },
      onClosed,
      { headers: { 'if-match': '"999"' }, status: 409, code: 'TICKET.STALE_VERSION' },
      ...(ACTION_SEMANTIC[action] ?? []),
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Cases derived from the OpenAPI description of each operation.

const TOO_BIG = 2 * 1024 * 1024;
const HUGE = 'x'.repeat(100 * 1024);

/** The branch of a union schema that describes `value` (the schema itself when it is no union). */
function branchFor(schema: JsonSchema | undefined, value: unknown): JsonSchema | undefined {
  if (schema === undefined) return undefined;
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches === undefined) return schema;
  return branches.find((b) => fits(b, value)) ?? branches[0];
}

function fits(s: JsonSchema, v: unknown): boolean {
  if (s.anyOf || s.oneOf) return (s.anyOf ?? s.oneOf)!.some((b) => fits(b, v));
  if (s.enum) return s.enum.includes(v);
  if (v === null) return s.type === 'null' || s.nullable === true;
  if (Array.isArray(v)) return s.type === 'array';
  if (typeof v === 'object') {
    if (s.type !== 'object') return false;
    const o = v as Record<string, unknown>;
    return (s.required ?? []).every((k) => k in o) && Object.entries(o).every(([k, x]) => s.properties?.[k] !== undefined && fits(s.properties[k]!, x));
  }
  if (typeof v === 'number') return s.type === 'integer' || s.type === 'number';
  return s.type === typeof v;
}

function wrongTypes(v: unknown): unknown[] {
  if (v === null) return [true, {}];
  if (Array.isArray(v)) return ['x', {}];
  switch (typeof v) {
    case 'string':
      return [12345, {}];
    case 'number':
      return [String(v), {}];
    case 'boolean':
      return [String(v), null];
    default:
      return ['x', []];
  }
}

const clone = <T>(v: T): T => structuredClone(v);
function setAt(root: unknown, path: (string | number)[], f: (parent: any, key: string | number) => void): unknown {
  const copy = clone(root);
  let cur: any = copy;
  for (const k of path.slice(0, -1)) cur = cur[k];
  f(cur, path.at(-1)!);
  return copy;
}

/** Body mutations: for every field (nested too), drop it, give it the wrong type, make it huge or NUL-bearing; add an unknown field to every object. */
function bodyMutations(example: unknown, schema: JsonSchema | undefined): { name: string; body: unknown }[] {
  const out: { name: string; body: unknown }[] = [];
  const walk = (value: unknown, s: JsonSchema | undefined, path: (string | number)[]) => {
    const branch = branchFor(s, value);
    if (Array.isArray(value)) {
      if (value.length > 0) walk(value[0], (branch as { items?: JsonSchema } | undefined)?.items, [...path, 0]);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const where = path.length ? path.join('.') : 'body';
    out.push({
      name: `unknown field in ${where}`,
      body: path.length ? setAt(example, [...path, 'zzUnknown'], (p, k) => (p[k] = 1)) : { ...(value as object), zzUnknown: 1 },
    });
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const p = [...path, k];
      const name = p.join('.');
      if ((branch?.required ?? []).includes(k)) out.push({ name: `missing ${name}`, body: setAt(example, p, (o, key) => delete o[key]) });
      for (const w of wrongTypes(v)) out.push({ name: `${name} as ${JSON.stringify(w)}`, body: setAt(example, p, (o, key) => (o[key] = w)) });
      if (typeof v === 'number') for (const x of [1e20, -1e20]) out.push({ name: `${name} = ${x}`, body: setAt(example, p, (o, key) => (o[key] = x)) });
      if (typeof v === 'string') {
        out.push({ name: `${name} of 100 KB`, body: setAt(example, p, (o, key) => (o[key] = HUGE)) });
        out.push({ name: `${name} with NUL`, body: setAt(example, p, (o, key) => (o[key] = `${v}\u0000`)) });
        out.push({ name: `${name} with an unpaired surrogate`, body: setAt(example, p, (o, key) => (o[key] = `${v}\ud800`)) });
      }
      walk(v, branch?.properties?.[k], p);
    }
  };
  walk(example, schema, []);
  return out;
}

/** Query, path and header values the schema refuses. */
function badTextValues(s: JsonSchema): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  const type = s.type ?? (s.anyOf ? 'enum' : undefined);
  if (type === 'integer' || type === 'number') {
    out.push({ name: 'not a number', value: 'abc' }, { name: 'empty', value: '' });
    if (type === 'integer') out.push({ name: 'fraction', value: '1.5' });
    if (s.minimum !== undefined) out.push({ name: 'below minimum', value: String(s.minimum - 1) });
    if (s.minimum !== undefined && s.minimum >= 0) out.push({ name: 'negative', value: '-1' });
    out.push({ name: 'full-width digits', value: '１２' }, { name: 'hexadecimal', value: '0x10' });
    if (s.maximum !== undefined && s.maximum < 2 ** 53) out.push({ name: 'above maximum', value: String(s.maximum + 1) });
    // Every number must be bounded: an unbounded id overflows the database column (a 500).
    out.push({ name: 'huge', value: '99999999999999999999' });
  } else {
    if (s.maxLength !== undefined) out.push({ name: 'too long', value: 'x'.repeat(s.maxLength + 1) });
    if (s.minLength !== undefined && s.minLength > 0) out.push({ name: 'too short', value: 'x'.repeat(s.minLength - 1) });
    if (s.pattern !== undefined && !new RegExp(s.pattern, 'u').test('!?')) out.push({ name: 'pattern', value: '!?' });
    if (s.format === 'date-time') out.push({ name: 'not a date-time', value: 'yesterday' });
    if (s.anyOf) out.push({ name: 'not an option', value: 'zz-not-an-option' });
    out.push({ name: 'NUL', value: 'a\u0000b' });
  }
  return out;
}

interface BuiltCase extends Case {
  /** Sent as is instead of the JSON body. */
  raw?: { payload?: string; contentType?: string };
  /** A bearer token to use instead of the user's. */
  token?: string;
}

function casesFor(o: ApiOperation, spec: Spec): BuiltCase[] {
  const cases: BuiltCase[] = [];
  const params = o.op.parameters ?? [];
  const bodySchema = bodySchemaOf(o.op);
  const add = (c: BuiltCase) => cases.push(c);

  if (!spec.public) {
    add({ name: 'no session', as: null, status: 401, code: 'AUTH.UNAUTHENTICATED' });
    add({ name: 'forged bearer token', as: null, token: 'forged-token-forged-token-forged-token', status: 401, code: 'AUTH.UNAUTHENTICATED' });
  }
  for (const p of params) {
    for (const bad of badTextValues(p.schema)) {
      // An empty path segment is another URL (no such route), not a bad value.
      if (p.in === 'path' && bad.name !== 'empty') add({ name: `path ${p.name}: ${bad.name}`, params: { ...spec.params, [p.name]: bad.value }, ...INVALID });
      if (p.in === 'query') add({ name: `query ${p.name}: ${bad.name}`, query: { ...spec.query, [p.name]: bad.value }, ...INVALID });
      if (p.in === 'header' && bad.name !== 'NUL')
        add({ name: `header ${p.name}: ${bad.name}`, headers: { ...spec.headers, [p.name]: bad.value }, ...INVALID });
    }
    if (p.in === 'query' && p.required) {
      const { [p.name]: _drop, ...rest } = spec.query ?? {};
      add({ name: `query ${p.name} missing`, query: rest, ...INVALID });
    }
  }
  if (params.some((p) => p.in === 'query')) add({ name: 'unknown query parameter', query: { ...spec.query, zzUnknown: '1' }, ...INVALID });

  if (bodySchema !== undefined) {
    const json = JSON.stringify(spec.body);
    add({ name: 'no body', raw: {}, ...INVALID });
    add({ name: 'empty JSON body', raw: { payload: '', contentType: 'application/json' }, status: 400, code: 'VALIDATION.BAD_REQUEST' });
    add({ name: 'invalid JSON', raw: { payload: json.slice(0, -1), contentType: 'application/json' }, status: 400, code: 'VALIDATION.BAD_REQUEST' });
    add({ name: 'JSON with a comment', raw: { payload: `/* hi */ ${json}`, contentType: 'application/json' }, status: 400, code: 'VALIDATION.BAD_REQUEST' });
    for (const v of ['null', '[]', '42', '"text"', 'true', `[${json}]`])
      add({ name: `body ${v.slice(0, 10)}`, raw: { payload: v, contentType: 'application/json' }, ...INVALID });
    for (const ct of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x'])
      add({ name: `content-type ${ct}`, raw: { payload: json, contentType: ct }, status: 415, code: 'VALIDATION.UNSUPPORTED_MEDIA_TYPE' });
    add({
      name: 'body of 2 MB',
      raw: { payload: JSON.stringify({ ...(spec.body as object), zzPadding: 'x'.repeat(TOO_BIG) }), contentType: 'application/json' },
      ...(spec.largeBody ? INVALID : { status: 413, code: 'VALIDATION.BODY_TOO_LARGE' }),
    });
    if ((branchFor(bodySchema, spec.body)?.required ?? []).length > 0) add({ name: 'empty object', body: {}, ...INVALID });
    for (const m of bodyMutations(spec.body, bodySchema)) add({ name: m.name, body: m.body, ...INVALID });
  } else if (o.method !== 'GET' && o.method !== 'DELETE') {
    add({ name: 'unexpected text body', raw: { payload: 'hello', contentType: 'text/plain' }, status: 415, code: 'VALIDATION.UNSUPPORTED_MEDIA_TYPE' });
  }

  const semantic = typeof spec.semantic === 'function' ? spec.semantic(spec) : (spec.semantic ?? []);
  for (const s of semantic) add({ name: `${s.code}${s.as !== undefined ? ` as ${s.as}` : ''}${s.params ? ` on ${JSON.stringify(s.params)}` : ''}`, ...s });
  return cases;
}

async function run(o: ApiOperation, spec: Spec, c: BuiltCase): Promise<RawResponse> {
  const as = c.as === undefined ? spec.as : c.as;
  const query = c.query ?? spec.query;
  const qs = query && Object.keys(query).length ? `?${new URLSearchParams(query).toString()}` : '';
  const url = fillPath(o.path, { ...spec.params, ...c.params }) + qs;
  const headers: Record<string, string> = { ...spec.headers, ...c.headers };
  const tok = c.token ?? (as ? await token(as) : null);
  if (c.raw !== undefined) {
    if (c.raw.contentType) headers['content-type'] = c.raw.contentType;
    return send(h, { method: o.method, url, token: tok, headers, ...(c.raw.payload === undefined ? {} : { payload: c.raw.payload }) });
  }
  const body = c.body !== undefined ? c.body : spec.body;
  return send(h, { method: o.method, url, token: tok, headers, ...(body === undefined ? {} : { payload: body }) });
}

// ---------------------------------------------------------------------------------------------

const operations = apiOperations(h);
const counts: Record<string, number> = {};

describe(`bad input over HTTP (${dbKind()})`, () => {
  it('knows every /api operation, and every rule names a real operation', () => {
    expect(operations.length).toBeGreaterThan(30);
    const missing = operations.filter((o) => specFor(o) === undefined).map((o) => o.key);
    expect(missing, 'operations without bad-input cases: add them to SPECS (or ACTION_EXAMPLES)').toEqual([]);
    const keys = new Set(operations.map((o) => o.key));
    expect(
      Object.keys(SPECS).filter((k) => !keys.has(k)),
      'SPECS entries for operations that do not exist',
    ).toEqual([]);
    const actions = new Set(operations.map((o) => actionOf(o.key)).filter(Boolean));
    expect(Object.keys(ACTION_EXAMPLES).filter((a) => !actions.has(a as ActionType))).toEqual([]);
  });

  for (const o of operations) {
    const spec = specFor(o);
    it.skipIf(spec === undefined)(`${o.key}: every bad request is a 4xx with a stable code and changes nothing`, async () => {
      const cases = casesFor(o, spec!);
      counts[o.key] = cases.length;
      expect(cases.length).toBeGreaterThanOrEqual(2);
      const problems: string[] = [];
      let before = await fingerprint(db);
      for (const c of cases) {
        const res = await run(o, spec!, c);
        const after = await fingerprint(db);
        const label = `${o.key} [${c.name}]`;
        if (res.status >= 500) problems.push(`${label}: ${res.status} ${res.text.slice(0, 200)}`);
        else if (res.status !== c.status || res.body?.error?.code !== c.code)
          problems.push(`${label}: expected ${c.status} ${c.code}, got ${res.status} ${res.text.slice(0, 240)}`);
        else {
          try {
            expectErrorShape(res, label);
          } catch (e) {
            problems.push(String((e as Error).message).split('\n')[0]!);
          }
        }
        const changed = Object.keys(after).filter((t) => after[t] !== before[t]);
        if (changed.length) problems.push(`${label}: changed ${changed.join(', ')}`);
        before = after;
      }
      expect(problems).toEqual([]);
    });
  }

  it('has generated a fair number of cases', () => {
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    console.info(`bad-input: ${total} cases over ${Object.keys(counts).length} operations`);
    expect(total).toBeGreaterThan(500);
  });
});

// ---------------------------------------------------------------------------------------------
// Random bodies: never a 5xx; a refusal changes nothing.

const unicodeText = fc.string({ unit: fc.nat({ max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 });
const anyValue = fc.oneof(fc.jsonValue(), unicodeText, fc.object({ values: [unicodeText, fc.integer(), fc.double(), fc.boolean(), fc.constant(null)] }));

async function probe(method: string, url: string, as: string, payload: unknown): Promise<void> {
  const before = await fingerprint(db);
  const res = await send(h, {
    method,
    url,
    token: await token(as),
    payload: JSON.stringify(payload) ?? 'null',
    headers: { 'content-type': 'application/json' },
  });
  expect(res.status, `${url} ${JSON.stringify(payload)?.slice(0, 200)} → ${res.text.slice(0, 200)}`).toBeLessThan(500);
  if (res.status >= 400) {
    expectErrorShape(res, url);
    expect(await fingerprint(db)).toEqual(before);
  }
}

describe(`random input (${dbKind()})`, () => {
  const runs = { numRuns: 100 };

  it('POST /api/tickets with any JSON value', async () => {
    await fc.assert(
      fc.asyncProperty(anyValue, (v) => probe('POST', '/api/tickets', 'operator', v)),
      runs,
    );
  });

  it('POST /api/tickets with intake-shaped bodies of random fields', async () => {
    const field = <T>(...good: T[]) => fc.oneof(fc.constantFrom(...good), anyValue);
    const body = fc.record(
      {
        requestType: field('complaint', 'consultation', 'help'),
        channel: field('phone', 'web'),
        content: fc.oneof(unicodeText, anyValue),
        categoryId: field<number | null>(leaf.id, nonLeaf.id, null, 0, -1, NO_SUCH_ROW),
        communityCode: field<string | null>(community.code, '110109999999', null),
        streetCode: field<string | null>(STREET_CODE, '110109999', null),
        latitude: fc.oneof(fc.double(), anyValue),
        requesterPhone: fc.oneof(fc.stringMatching(/^[0-9+\- ]{0,30}$/), anyValue),
        triage: fc.oneof(
          anyValue,
          fc.record(
            { action: field('dispatch'), leadUnitId: field(unit.street, unit.centre, 0, NO_SUCH_ROW), coUnitIds: fc.oneof(fc.array(fc.integer()), anyValue) },
            { requiredKeys: ['action'] },
          ),
          fc.record({ action: field('linkRepeat'), originalId: fc.oneof(fc.integer(), fc.constantFrom(T.accepted, T.closed, T.dispatched), anyValue) }),
        ),
        zzExtra: anyValue,
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(body, (v) => probe('POST', '/api/tickets', 'operator', v)),
      runs,
    );
  });

  for (const [action, as] of [
    ['sign', 'street'],
    ['reply', 'street'],
    ['callback', 'callback'],
    ['decideObjection', 'supervisor'],
    ['reassign', 'supervisor'],
    ['requestExtension', 'street'],
  ] as const) {
    it(`POST /api/tickets/{id}/actions/${action} with any JSON value`, async () => {
      const example = ACTION_EXAMPLES[action]!;
      const shaped = fc.dictionary(fc.constantFrom(...Object.keys(example), 'zz'), anyValue, { maxKeys: 4 });
      await fc.assert(
        fc.asyncProperty(fc.oneof(anyValue, shaped), (v) => probe('POST', `/api/tickets/${T.fuzz}/actions/${action}`, as, v)),
        { numRuns: 60 },
      );
    });
  }

  it('GET /api/tickets with random query strings', async () => {
    const names = ['state', 'dueStatus', 'kind', 'leadUnitId', 'categoryId', 'streetCode', 'q', 'from', 'to', 'sort', 'offset', 'limit', 'zz'];
    const text = fc.string({ unit: 'binary', maxLength: 30 });
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom(...names), fc.oneof(text, fc.integer().map(String), fc.constantFrom('dispatched', 'due', '2026-01-01T00:00:00Z'))),
        async (q) => {
          const before = await fingerprint(db);
          const res = await send(h, { method: 'GET', url: `/api/tickets?${new URLSearchParams(q).toString()}`, token: await token('supervisor') });
          expect(res.status, `${JSON.stringify(q)} → ${res.text.slice(0, 200)}`).toBeLessThan(500);
          if (res.status >= 400) expectErrorShape(res);
          expect(await fingerprint(db)).toEqual(before);
        },
      ),
      runs,
    );
  });
});
