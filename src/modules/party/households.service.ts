/**
 * 党员包户 use cases. Party workers register a community's households from its door boards (楼门), link
 * the member who looks after each (一人带动一户), mark the model household of a building (一户带动一楼)
 * and the model building of an area (一楼带动一片). The member logs visits; a problem found becomes a
 * ticket on the engine with the member as its reporter (the centre triages it like a resident's own
 * report); a good waste-sorting check pays the household's account through the points bank. Members'
 * names leave masked (a member's own in clear); households hold no personal data but their door and
 * the link to a resident's account (its number masked).
 */
import { attachToNewTicket, attachToRecord, recordPhotoContent, recordPhotoIds, ticketPhotoIds } from '../../engine/attachments.ts';
import type { Principal } from '../../engine/auth.ts';
import type { AppContext } from '../../engine/context.ts';
import { localDate, localDayStart, localMonth, monthRange } from '../../engine/domain/calendar/local-time.ts';
import { createTicket } from '../../engine/intake.ts';
import { maskPhone } from '../../engine/personal-data.ts';
import { authorize } from '../../engine/policy.ts';
import type { Tx } from '../../platform/db/client.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import { AppError, invalid, notFound, notFoundAs } from '../../platform/errors.ts';
import { buildingByCode, buildingsOfCommunity, type BuildingRef } from '../boards/index.ts';
import { awardPoints } from '../points/index.ts';
import { residentAccountByPhone } from '../volunteers/index.ts';
import {
  careFigures,
  CHECK_DAYS_BACK,
  dayProblem,
  HOUSEHOLD_LIMITS,
  MAX_VISIT_PHOTOS,
  noCounts,
  readRooms,
  SORTING_RULE_CODE,
  sumCounts,
  VISIT_DAYS_BACK,
  VISIT_PHOTOS,
  type CareFigures,
  type HouseholdAccess,
  type SortingResult,
} from './households.domain.ts';
import {
  careCounts,
  caredCount,
  checksOfHousehold,
  clearModelOfBuilding,
  deleteModelBuilding,
  endCurrentLink,
  findHousehold,
  findVisit,
  householdsOfCommunity,
  householdsOfMember,
  insertCheck,
  insertHouseholds,
  insertLink,
  insertVisit,
  linksOfHousehold,
  lockHousehold,
  membersForCommunity,
  modelBuildingsOf,
  setCheckPoints,
  updateHousehold as updateHouseholdRow,
  upsertModelBuilding,
  visitsOfHousehold,
  type CheckRow,
  type HouseholdListRow,
} from './households.repository.ts';
import { inScope } from './party.domain.ts';
import { PARTY_POLICY } from './party.policy.ts';
import { findMember, findOrganisation, lockMember, membersByIds, type MemberRow } from './party.repository.ts';
import { communityInScope, figuresScope, identityOf, memberOfAccount, workerScope } from './party.service.ts';

const R = PARTY_POLICY.rules;
const today = (ctx: AppContext) => localDate(ctx.clock());

// ---------------------------------------------------------------------------------------------
// Views

export interface CarerView {
  memberId: number;
  /** Masked (张*) unless it is the viewer's own. */
  name: string;
}

export interface HouseholdView {
  id: number;
  communityCode: string;
  buildingId: number;
  buildingCode: string;
  buildingName: string;
  address: string;
  room: string;
  /** The household's resident account, its mobile number masked (138****1234); null without one. */
  holder: string | null;
  leadsBuilding: boolean;
  note: string;
  carer: CarerView | null;
  lastVisitOn: string | null;
  lastCheckOn: string | null;
  lastCheckResult: SortingResult | null;
  retiredAt: string | null;
  retireReason: string | null;
}

async function namesOf(ctx: AppContext, ids: readonly number[], ownUserId: number): Promise<Map<number, string>> {
  const rows = await membersByIds(ctx.database.db, ctx.districtCode, ids);
  return new Map(rows.map((m) => [m.id, identityOf(ctx.personalData, m, m.userId === ownUserId).realName]));
}

async function views(ctx: AppContext, p: Principal, rows: readonly HouseholdListRow[], buildings: ReadonlyMap<number, BuildingRef>): Promise<HouseholdView[]> {
  const names = await namesOf(
    ctx,
    rows.map((r) => r.carerMemberId).filter((x): x is number => x !== null),
    p.userId,
  );
  return rows.map((r) => {
    const b = buildings.get(r.buildingId);
    return {
      id: r.id,
      communityCode: r.communityCode,
      buildingId: r.buildingId,
      buildingCode: r.buildingCode,
      buildingName: b?.name ?? r.buildingCode,
      address: `${b?.address ?? r.buildingCode}${r.room}`,
      room: r.room,
      holder: r.holderUsername === null ? null : maskPhone(r.holderUsername),
      leadsBuilding: r.leadsBuilding,
      note: r.note,
      carer: r.carerMemberId === null ? null : { memberId: r.carerMemberId, name: names.get(r.carerMemberId) ?? '' },
      lastVisitOn: r.lastVisitOn,
      lastCheckOn: r.lastCheckOn,
      lastCheckResult: r.lastCheckResult,
      retiredAt: r.retiredAt?.toISOString() ?? null,
      retireReason: r.retireReason,
    };
  });
}

async function buildingMap(ctx: AppContext, communityCodes: readonly string[]): Promise<Map<number, BuildingRef>> {
  const out = new Map<number, BuildingRef>();
  for (const c of new Set(communityCodes)) for (const b of await buildingsOfCommunity(ctx, c)) out.set(b.id, b);
  return out;
}

const currentMonth = (ctx: AppContext) => localMonth(ctx.clock());
function monthDays(month: string): { from: string; to: string } {
  const r = monthRange(month);
  return { from: localDate(r.from), to: localDate(r.to) };
}

// ---------------------------------------------------------------------------------------------
// A community's households (party workers)

export interface BuildingHouseholds extends BuildingRef {
  /** 示范楼: the area it leads, or null. */
  modelArea: string | null;
  households: HouseholdView[];
}

export interface CommunityHouseholds {
  communityCode: string;
  communityName: string;
  month: string;
  buildings: BuildingHouseholds[];
  /** Members who may look after the community's households (living there or in its branches), masked, with how many they look after. */
  members: { memberId: number; name: string; cared: number }[];
  figures: CareFigures;
}

/** A community's households by building, with carers, model flags and the month's figures. */
export async function communityHouseholds(ctx: AppContext, p: Principal, code: string | undefined, withRetired = false): Promise<CommunityHouseholds> {
  authorize(p, R.householdsRead);
  const { community } = await communityInScope(ctx, p, code);
  const ref = await ctx.reference.get();
  const db = ctx.database.db;
  const buildings = await buildingsOfCommunity(ctx, community);
  const byId = new Map(buildings.map((b) => [b.id, b]));
  const rows = await householdsOfCommunity(db, ctx.districtCode, community, withRetired);
  const list = await views(ctx, p, rows, byId);
  const models = new Map((await modelBuildingsOf(db, ctx.districtCode, community)).map((m) => [m.buildingId, m.area]));
  const month = currentMonth(ctx);
  const { from, to } = monthDays(month);
  const counts = (await careCounts(db, ctx.districtCode, community, from, to)).get(community);
  const members = await membersForCommunity(db, ctx.districtCode, community);
  return {
    communityCode: community,
    communityName: ref.divisionByCode.get(community)?.name ?? community,
    month,
    buildings: buildings.map((b) => ({ ...b, modelArea: models.get(b.id) ?? null, households: list.filter((x) => x.buildingId === b.id) })),
    members: members.map(({ member, cared }) => ({ memberId: member.id, name: identityOf(ctx.personalData, member, false).realName, cared })),
    figures: careFigures(counts ?? noCounts()),
  };
}

export interface CareOverviewRow extends CareFigures {
  communityCode: string;
  communityName: string;
  streetCode: string;
  streetName: string;
}

/** The month's figures per community in the worker's scope (or under `street`), and their sum. */
export async function careOverview(ctx: AppContext, p: Principal, street?: string): Promise<{ month: string; rows: CareOverviewRow[]; total: CareFigures }> {
  authorize(p, R.householdsRead);
  const { prefix: within } = await figuresScope(ctx, p, street);
  const ref = await ctx.reference.get();
  const prefix = within ?? ctx.districtCode;
  const month = currentMonth(ctx);
  const { from, to } = monthDays(month);
  const counts = await careCounts(ctx.database.db, ctx.districtCode, prefix, from, to);
  const rows = [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, c]) => {
      const d = ref.divisionByCode.get(code);
      const s = d?.parentCode ?? '';
      return { communityCode: code, communityName: d?.name ?? code, streetCode: s, streetName: ref.divisionByCode.get(s)?.name ?? s, ...careFigures(c) };
    });
  return { month, rows, total: careFigures(sumCounts([...counts.values()])) };
}

// ---------------------------------------------------------------------------------------------
// Registering and keeping households

async function buildingInScope(ctx: AppContext, p: Principal, code: string): Promise<BuildingRef> {
  const b = await buildingByCode(ctx, code);
  if (b === undefined) throw new AppError('HOUSEHOLD.UNKNOWN_BUILDING', `No building unit ${code} on the door boards`, { field: 'buildingCode' });
  const scope = await workerScope(ctx, p);
  if (!inScope(scope, b.communityCode)) throw notFound('Building', code);
  return b;
}

/** Registers doors of a building unit as households (all or none): the rooms named, usually the door board's Party households. */
export async function addHouseholds(ctx: AppContext, p: Principal, input: { buildingCode: string; rooms: string[]; note?: string }): Promise<HouseholdView[]> {
  authorize(p, R.householdsManage);
  const building = await buildingInScope(ctx, p, input.buildingCode);
  const { rooms, bad, repeated } = readRooms(input.rooms);
  if (rooms.length === 0 || bad.length > 0 || repeated.length > 0 || rooms.length > HOUSEHOLD_LIMITS.roomsPerCall)
    throw new AppError('HOUSEHOLD.BAD_ROOMS', 'Name 1–200 doors, each 1–20 characters, none twice', { field: 'rooms', bad, repeated });
  const db = ctx.database.db;
  const existing = new Set(
    (await householdsOfCommunity(db, ctx.districtCode, building.communityCode)).filter((h) => h.buildingId === building.id).map((h) => h.room),
  );
  const taken = rooms.filter((r) => existing.has(r));
  if (taken.length > 0) throw new AppError('HOUSEHOLD.ROOM_TAKEN', `Registered already: ${taken.join('、')}`, { field: 'rooms', taken });
  const now = ctx.clock();
  let ids: number[];
  try {
    const rows = await db.transaction((tx) =>
      insertHouseholds(
        tx,
        rooms.map((room) => ({
          districtCode: ctx.districtCode,
          communityCode: building.communityCode,
          buildingId: building.id,
          buildingCode: building.code,
          room,
          note: (input.note ?? '').trim(),
          createdByUserId: p.userId,
          createdAt: now,
          updatedAt: now,
        })),
      ),
    );
    ids = rows.map((r) => r.id);
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('HOUSEHOLD.ROOM_TAKEN', 'A door was registered meanwhile; reload', { field: 'rooms' });
    throw e;
  }
  const list = (await householdsOfCommunity(db, ctx.districtCode, building.communityCode)).filter((h) => ids.includes(h.id));
  return views(ctx, p, list, new Map([[building.id, building]]));
}

/** The household `id` if it lies in the worker's scope (404 otherwise). */
async function householdOfWorker(ctx: AppContext, p: Principal, id: number): Promise<HouseholdListRow> {
  const row = await findHousehold(ctx.database.db, ctx.districtCode, id);
  const scope = await workerScope(ctx, p);
  if (row === undefined || !inScope(scope, row.communityCode)) throw notFound('Household', id);
  return row;
}

/** Whether the member may look after a household of `community`: active, living there or in a branch there. */
async function eligibleCarer(ctx: AppContext, memberId: number, community: string): Promise<MemberRow> {
  const m = await findMember(ctx.database.db, ctx.districtCode, memberId);
  if (m === undefined || m.leftAt !== null) throw new AppError('HOUSEHOLD.NOT_ELIGIBLE', `No active member ${memberId}`, { field: 'carerMemberId' });
  if (m.homeCommunityCode === community) return m;
  const o = await findOrganisation(ctx.database.db, ctx.districtCode, m.organisationId);
  if (o?.divisionCode === community) return m;
  throw new AppError('HOUSEHOLD.NOT_ELIGIBLE', 'The member neither lives in the community nor belongs to a branch there', { field: 'carerMemberId' });
}

export interface HouseholdChange {
  /** The member who looks after it from now on; null ends the current link. */
  carerMemberId?: number | null;
  /** The household's resident account by its mobile number; null unlinks it. */
  holderPhone?: string | null;
  /** 示范户 of its building (the building's former one loses the mark). */
  leadsBuilding?: boolean;
  note?: string;
}

/** Changes a household: its carer (the history kept), its account, the model mark, the note. All or nothing. */
export async function changeHousehold(ctx: AppContext, p: Principal, id: number, change: HouseholdChange): Promise<HouseholdView> {
  authorize(p, R.householdsManage);
  const row = await householdOfWorker(ctx, p, id);
  if (row.retiredAt !== null) throw new AppError('HOUSEHOLD.RETIRED', `Household ${id} is retired`);
  if (Object.values(change).every((v) => v === undefined)) throw invalid('Nothing to change');
  const carer = change.carerMemberId == null ? null : await eligibleCarer(ctx, change.carerMemberId, row.communityCode);
  let holderUserId: number | null | undefined;
  if (change.holderPhone === null) holderUserId = null;
  else if (change.holderPhone !== undefined) {
    const account = await residentAccountByPhone(ctx, change.holderPhone.trim());
    if (account === undefined || !account.active)
      throw new AppError('HOUSEHOLD.UNKNOWN_RESIDENT', 'No resident’s account has this mobile number', { field: 'holderPhone' });
    holderUserId = account.userId;
  }
  const now = ctx.clock();
  try {
    await ctx.database.db.transaction(async (tx) => {
      await lockHousehold(tx, id);
      const current = await findHousehold(tx, ctx.districtCode, id);
      if (current === undefined || current.retiredAt !== null) throw new AppError('HOUSEHOLD.RETIRED', `Household ${id} is retired`);
      if (change.carerMemberId !== undefined && change.carerMemberId !== current.carerMemberId) {
        if (carer !== null) {
          await lockMember(tx, ctx.districtCode, carer.id);
          if ((await caredCount(tx, ctx.districtCode, carer.id)) >= HOUSEHOLD_LIMITS.perMember)
            throw new AppError('HOUSEHOLD.TOO_MANY', `The member looks after ${HOUSEHOLD_LIMITS.perMember} households already`, { field: 'carerMemberId' });
        }
        await endCurrentLink(tx, id, now);
        if (carer !== null)
          await insertLink(tx, { districtCode: ctx.districtCode, householdId: id, memberId: carer.id, since: now, assignedByUserId: p.userId });
      }
      if (change.leadsBuilding === true && !current.leadsBuilding) await clearModelOfBuilding(tx, ctx.districtCode, current.buildingId);
      await updateHouseholdRow(tx, id, {
        ...(holderUserId === undefined ? {} : { holderUserId }),
        ...(change.leadsBuilding === undefined ? {} : { leadsBuilding: change.leadsBuilding }),
        ...(change.note === undefined ? {} : { note: change.note.trim() }),
        updatedAt: now,
      });
    });
  } catch (e) {
    // Two marks of one building at once: the unique index keeps one; the other is told to reload.
    if (isUniqueViolation(e)) throw new AppError('HOUSEHOLD.CHANGED', 'Another household of the building was marked meanwhile; reload');
    throw e;
  }
  return householdView(ctx, p, id);
}

async function householdView(ctx: AppContext, p: Principal, id: number): Promise<HouseholdView> {
  const row = (await findHousehold(ctx.database.db, ctx.districtCode, id))!;
  return (await views(ctx, p, [row], await buildingMap(ctx, [row.communityCode])))[0]!;
}

/** Retires a household (moved away, merged, demolished) with a reason; its carer's link ends, its records stay. */
export async function retireHousehold(ctx: AppContext, p: Principal, id: number, reason: string): Promise<HouseholdView> {
  authorize(p, R.householdsManage);
  const row = await householdOfWorker(ctx, p, id);
  if (row.retiredAt !== null) throw new AppError('HOUSEHOLD.RETIRED', `Household ${id} is retired already`);
  const now = ctx.clock();
  await ctx.database.db.transaction(async (tx) => {
    await lockHousehold(tx, id);
    await endCurrentLink(tx, id, now);
    await updateHouseholdRow(tx, id, { retiredAt: now, retireReason: reason.trim(), leadsBuilding: false, updatedAt: now });
  });
  return householdView(ctx, p, id);
}

/** 示范楼: marks a building unit as leading its area (the area in words, default its grid), or unmarks it (null). */
export async function markModelBuilding(
  ctx: AppContext,
  p: Principal,
  buildingCode: string,
  area: string | null,
): Promise<{ buildingCode: string; modelArea: string | null }> {
  authorize(p, R.householdsManage);
  const b = await buildingInScope(ctx, p, buildingCode);
  await ctx.database.db.transaction(async (tx) => {
    if (area === null) await deleteModelBuilding(tx, ctx.districtCode, b.id);
    else
      await upsertModelBuilding(tx, {
        buildingId: b.id,
        districtCode: ctx.districtCode,
        communityCode: b.communityCode,
        area: area.trim() || (b.gridCode ?? b.name),
        markedByUserId: p.userId,
        markedAt: ctx.clock(),
      });
  });
  const models = await modelBuildingsOf(ctx.database.db, ctx.districtCode, b.communityCode);
  return { buildingCode: b.code, modelArea: models.find((m) => m.buildingId === b.id)?.area ?? null };
}

// ---------------------------------------------------------------------------------------------
// The member's households (我的包户) and a household's records

/** The households the member behind the account looks after; an empty list for an account without a member. */
export async function myHouseholds(ctx: AppContext, p: Principal): Promise<{ member: CarerView | null; households: HouseholdView[] }> {
  authorize(p, R.householdsSelf);
  const me = await memberOfAccount(ctx, p);
  if (me === undefined) return { member: null, households: [] };
  const rows = await householdsOfMember(ctx.database.db, ctx.districtCode, me.id);
  return {
    member: { memberId: me.id, name: identityOf(ctx.personalData, me, true).realName },
    households: await views(
      ctx,
      p,
      rows,
      await buildingMap(
        ctx,
        rows.map((r) => r.communityCode),
      ),
    ),
  };
}

/** How the principal may act on the household: its current carer, a party worker in scope, or not at all (404). */
async function access(
  ctx: AppContext,
  p: Principal,
  id: number,
): Promise<{ row: HouseholdListRow; how: Exclude<HouseholdAccess, null>; member: MemberRow | undefined }> {
  authorize(p, R.householdsRecord);
  const row = await findHousehold(ctx.database.db, ctx.districtCode, id);
  if (row === undefined) throw notFound('Household', id);
  const me = await memberOfAccount(ctx, p);
  if (me !== undefined && row.carerMemberId === me.id) return { row, how: 'carer', member: me };
  const scope = await workerScope(ctx, p);
  if (scope.kind !== 'none' && inScope(scope, row.communityCode)) return { row, how: 'worker', member: undefined };
  throw notFound('Household', id);
}

export interface VisitView {
  id: number;
  visitedOn: string;
  notes: string;
  problem: string | null;
  ticketId: number | null;
  ticketNumber: string | null;
  ticketState: string | null;
  /** Who visited: the member (masked unless the viewer's own), or 党务工作者 for a worker's record. */
  by: string;
  createdAt: string;
  /** Its photos (attachment ids; a problem's are its ticket's): GET /api/party/households/visits/{id}/photos/{photoId}. */
  photoIds: number[];
}

export interface CheckView {
  id: number;
  checkedOn: string;
  result: SortingResult;
  note: string;
  /** Points paid to the household's account (0: poor, no account, the cap reached, or no rule in force). */
  points: number;
  /** Why no points were paid for a good check, in words; null otherwise. */
  noPoints: string | null;
  by: string;
  createdAt: string;
}

const WORKER_LABEL = '党务工作者';

function checkView(c: CheckRow, names: ReadonlyMap<number, string>, noPoints: string | null = null): CheckView {
  return {
    id: c.id,
    checkedOn: c.checkedOn,
    result: c.result,
    note: c.note,
    points: c.points,
    noPoints: c.result === 'good' && c.points === 0 ? (noPoints ?? '未发放积分 no points') : null,
    by: c.memberId === null ? WORKER_LABEL : (names.get(c.memberId) ?? ''),
    createdAt: c.createdAt.toISOString(),
  };
}

/** One household with its visits, checks and care history (newest first). */
export async function householdRecords(
  ctx: AppContext,
  p: Principal,
  id: number,
): Promise<{
  household: HouseholdView;
  visits: VisitView[];
  checks: CheckView[];
  carers: { memberId: number; name: string; since: string; until: string | null }[];
}> {
  const { row } = await access(ctx, p, id);
  const db = ctx.database.db;
  const [visits, checks, links] = [await visitsOfHousehold(db, id), await checksOfHousehold(db, id), await linksOfHousehold(db, id)];
  const names = await namesOf(
    ctx,
    [...visits.map((v) => v.visit.memberId), ...checks.map((c) => c.memberId), ...links.map((l) => l.memberId)].filter((x): x is number => x !== null),
    p.userId,
  );
  return {
    household: (await views(ctx, p, [row], await buildingMap(ctx, [row.communityCode])))[0]!,
    visits: visitViews(visits, names, await visitPhotos(ctx, visits)),
    checks: checks.map((c) => checkView(c, names)),
    carers: links.map((l) => ({
      memberId: l.memberId,
      name: names.get(l.memberId) ?? '',
      since: l.since.toISOString(),
      until: l.until?.toISOString() ?? null,
    })),
  };
}

/**
 * Who records on a household and as which member: the carer as themself; a worker as nobody, or, for a
 * paper log (`forCarer`), as the household's current carer (HOUSEHOLD.NOT_CARER when it has none or the
 * recorder is not a worker). A retired household takes no records.
 */
async function recorder(ctx: AppContext, p: Principal, id: number, forCarer: boolean): Promise<{ row: HouseholdListRow; member: MemberRow | undefined }> {
  const { row, how, member } = await access(ctx, p, id);
  if (row.retiredAt !== null) throw new AppError('HOUSEHOLD.RETIRED', `Household ${id} is retired`);
  if (!forCarer || how === 'carer') return { row, member };
  const carer = row.carerMemberId === null ? undefined : await findMember(ctx.database.db, ctx.districtCode, row.carerMemberId);
  if (carer === undefined) throw new AppError('HOUSEHOLD.NOT_CARER', 'Nobody looks after this household: record it as your own', { field: 'forCarer' });
  return { row, member: carer };
}

type VisitListRow = Awaited<ReturnType<typeof visitsOfHousehold>>[number];

/** The visits' photos: on the visit itself, or, for a problem reported, on its ticket. */
async function visitPhotos(ctx: AppContext, rows: readonly VisitListRow[]): Promise<Map<number, number[]>> {
  const own = await recordPhotoIds(
    ctx.database.db,
    ctx,
    VISIT_PHOTOS,
    rows.filter((r) => r.visit.ticketId === null).map((r) => r.visit.id),
  );
  const ofTickets = await ticketPhotoIds(
    ctx.database.db,
    ctx,
    rows.flatMap((r) => (r.visit.ticketId === null ? [] : [r.visit.ticketId])),
  );
  return new Map(rows.map((r) => [r.visit.id, (r.visit.ticketId === null ? own.get(r.visit.id) : ofTickets.get(r.visit.ticketId)) ?? []]));
}

function visitViews(rows: readonly VisitListRow[], names: ReadonlyMap<number, string>, photos: ReadonlyMap<number, number[]>): VisitView[] {
  return rows.map(({ visit: v, ticketNumber, ticketState }) => ({
    id: v.id,
    visitedOn: v.visitedOn,
    notes: v.notes,
    problem: v.problem,
    ticketId: v.ticketId,
    ticketNumber,
    ticketState,
    by: v.memberId === null ? WORKER_LABEL : (names.get(v.memberId) ?? ''),
    createdAt: v.createdAt.toISOString(),
    photoIds: photos.get(v.id) ?? [],
  }));
}

export interface VisitInput {
  /** Default today; up to a year back. */
  visitedOn?: string;
  notes: string;
  /** A problem found: reported as a ticket with the member as its reporter. */
  problem?: { content: string; categoryId?: number };
  /** A worker enters the carer's own visit from a paper log: the visit is the carer's (the worker stays its recorder). */
  forCarer?: boolean;
  /** The recorder's own uploads: on the visit, or, with a problem, on its ticket as the request's photos. */
  photoIds?: readonly number[];
}

function checkDay(day: string, now: string, back: number): string {
  const problem = dayProblem(day, now, back);
  if (problem !== null) throw new AppError('HOUSEHOLD.BAD_DATE', `${day}: ${problem}`, { field: 'date', problem });
  return day;
}

/**
 * 走访: the carer (or a worker) logs a visit. With a problem, a ticket of the hotline's kind is created
 * from the source 党员包户 (the member named as its reporter, the household's building as the place),
 * the visit row written in its transaction; the centre triages it like a resident's own report. An
 * Idempotency-Key makes a retried report return the first ticket.
 */
export async function recordVisit(
  ctx: AppContext,
  p: Principal,
  id: number,
  input: VisitInput,
  idempotencyKey?: string,
): Promise<{ visit: VisitView; replayed: boolean }> {
  const { row, member } = await recorder(ctx, p, id, input.forCarer === true);
  const visitedOn = checkDay(input.visitedOn ?? today(ctx), today(ctx), VISIT_DAYS_BACK);
  const notes = input.notes.trim();
  if (notes.length === 0) throw invalid('Say what was seen and heard', { field: 'notes' });
  const base = {
    districtCode: ctx.districtCode,
    householdId: id,
    communityCode: row.communityCode,
    memberId: member?.id ?? null,
    recordedByUserId: p.userId,
    visitedOn,
    notes,
  };
  let replayed = false;
  let only: { id: number } | { ticketId: number };
  const photoIds = input.photoIds ?? [];
  if (input.problem === undefined) {
    const v = await ctx.database.db.transaction(async (tx) => {
      const row = await insertVisit(tx, { ...base, createdAt: ctx.clock() });
      await attachToRecord(tx, ctx, p, VISIT_PHOTOS, row.id, photoIds, MAX_VISIT_PHOTOS);
      return row;
    });
    only = { id: v.id };
  } else {
    const content = input.problem.content.trim();
    if (content.length === 0) throw invalid('Describe the problem', { field: 'problem.content' });
    const building = await buildingByCode(ctx, row.buildingCode);
    const who = member === undefined ? null : identityOf(ctx.personalData, member, true);
    const r = await createTicket(
      ctx,
      null,
      {
        kind: 'hotline_request',
        requestType: 'report',
        channel: 'mobile',
        source: 'party_household',
        title: `党员包户：${building?.name ?? row.buildingCode}${row.room}`,
        content,
        categoryId: input.problem.categoryId ?? null,
        address: `${building?.address ?? ''}${row.room}`,
        communityCode: row.communityCode,
        requesterName: who?.realName ?? p.displayName,
        ...(who?.phone ? { requesterPhone: who.phone } : p.roles.includes('resident') ? { requesterPhone: p.username } : {}),
      },
      idempotencyKey === undefined ? undefined : { scope: `party-visit:${p.userId}`, key: idempotencyKey },
      async (tx: Tx, created) => {
        await insertVisit(tx, { ...base, problem: content, ticketId: created.ticketId, createdAt: created.now });
        await attachToNewTicket(tx, ctx, p, created.ticketId, photoIds);
      },
    );
    replayed = r.status === 'replayed';
    only = { ticketId: r.result.ticketId };
  }
  const rows = await visitsOfHousehold(ctx.database.db, id, 1, only);
  const visit = visitViews(rows, await namesOf(ctx, member === undefined ? [] : [member.id], p.userId), await visitPhotos(ctx, rows)).at(0);
  if (visit === undefined) throw notFound('Visit of household', id);
  return { visit, replayed };
}

/**
 * One photo of a visit (or of the ticket its problem became): for those who may act on the household
 * now (its carer, party workers in scope); 404 otherwise.
 */
export async function visitPhoto(ctx: AppContext, p: Principal, visitId: number, photoId: number): Promise<{ contentType: string; bytes: Buffer }> {
  authorize(p, R.householdsRecord);
  const v = await findVisit(ctx.database.db, ctx.districtCode, visitId);
  if (v === undefined) throw notFound('Visit', visitId);
  await access(ctx, p, v.householdId).catch(notFoundAs('Visit', visitId));
  return recordPhotoContent(ctx, v.ticketId === null ? { subject: VISIT_PHOTOS, subjectId: v.id } : { ticketId: v.ticketId }, photoId);
}

/** Why a good check paid nothing, for the points bank's codes a check may meet. */
const NO_POINTS: Record<string, string> = {
  'POINTS.UNKNOWN_RULE': '积分规则未设置 no points rule',
  'POINTS.NO_RULE_IN_FORCE': '当日无有效积分规则 no rule in force',
  'POINTS.DAILY_CAP_REACHED': '已达当日积分上限 the day’s cap is reached',
  'POINTS.UNKNOWN_HOLDER': '该户账号不可用 the account is not usable',
};

/**
 * 垃圾分类检查: the carer or a worker records one check per household and day (up to 31 days back). A good
 * check pays the household's account under the points bank's rule `conduct.waste_sorting` in the same
 * transaction; without an account, a rule or room under the day's cap it is recorded with no points.
 */
export async function recordCheck(
  ctx: AppContext,
  p: Principal,
  id: number,
  input: { checkedOn?: string; result: SortingResult; note?: string; forCarer?: boolean },
): Promise<CheckView> {
  const { row, member } = await recorder(ctx, p, id, input.forCarer === true);
  const checkedOn = checkDay(input.checkedOn ?? today(ctx), today(ctx), CHECK_DAYS_BACK);
  const now = ctx.clock();
  let noPoints: string | null = row.holderUserId === null ? '该户未关联居民账号 no account linked' : null;
  const check = await ctx.database.db.transaction(async (tx) => {
    const c = await insertCheck(tx, {
      districtCode: ctx.districtCode,
      householdId: id,
      communityCode: row.communityCode,
      checkedOn,
      result: input.result,
      note: (input.note ?? '').trim(),
      memberId: member?.id ?? null,
      checkedByUserId: p.userId,
      createdAt: now,
    });
    if (c === undefined) throw new AppError('HOUSEHOLD.CHECKED_ALREADY', `Household ${id} was checked on ${checkedOn} already`);
    if (input.result !== 'good' || row.holderUserId === null) return c;
    // The check's local day, at noon: the rule version in force that day applies.
    const occurredAt = checkedOn === today(ctx) ? now : new Date(localDayStart(checkedOn).getTime() + 12 * 3_600_000);
    try {
      const award = await awardPoints(ctx, tx, {
        holderUserId: row.holderUserId,
        ruleCode: SORTING_RULE_CODE,
        quantity: 1,
        sourceKey: `party-sorting:${c.id}`,
        occurredAt,
        actor: { userId: p.userId },
        note: `垃圾分类检查合格（党员包户 ${row.room}）`,
        placeCode: row.communityCode,
        kind: 'conduct',
      });
      await setCheckPoints(tx, c.id, award.transactionId, award.points);
      return { ...c, pointsTransactionId: award.transactionId, points: award.points };
    } catch (e) {
      // Refusals the bank makes before writing anything: the check stands without points.
      if (e instanceof AppError && NO_POINTS[e.code] !== undefined) {
        noPoints = NO_POINTS[e.code]!;
        return c;
      }
      throw e;
    }
  });
  const names = await namesOf(ctx, member === undefined ? [] : [member.id], p.userId);
  return checkView(check, names, noPoints);
}
