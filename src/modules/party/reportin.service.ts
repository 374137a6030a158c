/**
 * 双报到 use cases: members and unit organisations report in to a community; the community publishes needs
 * (需求清单) and resources (资源清单); reported members and organisations claim needs and record their service;
 * the community confirms or sends back, records attendance on report-in days and evaluates every reporting
 * member and organisation each year (the result goes back to their own branch); the month's figures per
 * community and street. Members' names leave masked (their own in clear); reveals go through part 1's.
 */
import { fellAStarIn, type FellAStar } from './rating.service.ts';
import { attachToRecord, recordPhotoContent, recordPhotoIds } from '../../engine/attachments.ts';
import type { Principal } from '../../engine/auth.ts';
import type { AppContext } from '../../engine/context.ts';
import { localDate } from '../../engine/domain/calendar/local-time.ts';
import { authorize } from '../../engine/policy.ts';
import type { ReferenceSnapshot } from '../../engine/reference/reference-cache.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { communityOfScope, inScope, isSecretary, type PartyScope } from './party.domain.ts';
import { PARTY_POLICY } from './party.policy.ts';
import { findMember, findOrganisation, insertEvents, membersByIds, type MemberRow, type OrganisationRow } from './party.repository.ts';
import { communityInScope, figuresScope, identityOf, memberOfAccount, workerScope } from './party.service.ts';
import {
  addDays,
  claimProblem,
  claimTransition,
  evaluationYearProblem,
  GRADE_LABELS,
  isReportInDay,
  CLAIM_PHOTOS,
  MAX_SERVICE_PHOTOS,
  monthBounds,
  needState,
  pastReportInDays,
  peopleWantedProblem,
  withdrawProblem,
  type ClaimAction,
  type ClaimState,
  type Grade,
  type NeedCategory,
  type NeedProblem,
  type NeedState,
  type ReportInStatus,
} from './reportin.domain.ts';
import {
  attendanceDays,
  attendanceOf,
  cancelOpenClaims,
  candidatesOf,
  claimsOfNeeds,
  claimsOfSubjects,
  findClaim,
  findEvaluation,
  findNeed,
  findReportIn,
  insertClaim,
  insertEvaluation,
  insertNeed,
  insertResource,
  isReported,
  monthFigures,
  needsOfCommunity,
  openNeedsWhere,
  replaceAttendance,
  reportInsOf,
  reportInsOfCommunity,
  resourcesOfCommunity,
  updateClaim,
  updateEvaluation,
  updateNeed,
  upsertReportIn,
  withdrawElsewhere,
  withdrawReportIn as withdrawReportInRow,
  evaluationsWhere,
  type ClaimRow,
  type NeedRow,
  type ReportInRow,
  type Subject,
  type CommunityFigures,
  type EvaluationRow,
} from './reportin.repository.ts';

const R = PARTY_POLICY.rules;
const today = (ctx: AppContext) => localDate(ctx.clock());
/** The error of a need's or claim's rule (reportin.domain.ts); each code a literal, so the catalogue test sees every site. */
function problemError(p: NeedProblem): AppError {
  switch (p) {
    case 'NEED_WITHDRAWN':
      return new AppError('REPORTIN.NEED_WITHDRAWN', p);
    case 'NEED_FULL':
      return new AppError('REPORTIN.NEED_FULL', p);
    case 'ALREADY_CLAIMED':
      return new AppError('REPORTIN.ALREADY_CLAIMED', p);
    case 'CLAIM_NOT_OPEN':
      return new AppError('REPORTIN.CLAIM_NOT_OPEN', p);
    case 'NOT_DONE':
      return new AppError('REPORTIN.NOT_DONE', p);
    case 'SERVED':
      return new AppError('REPORTIN.SERVED', p);
    case 'FEWER_THAN_CLAIMED':
      return new AppError('REPORTIN.FEWER_THAN_CLAIMED', p);
    case 'NEED_CLOSED':
      return new AppError('REPORTIN.NEED_CLOSED', p);
  }
}
const communityName = (ref: ReferenceSnapshot, code: string) => ref.divisionByCode.get(code)?.name ?? code;

// ---------------------------------------------------------------------------------------------
// Who

/** The community of a community's party worker (their scope is exactly one community); REPORTIN.NOT_COMMUNITY_WORKER otherwise. */
export async function communityOfWorker(ctx: AppContext, p: Principal): Promise<string> {
  authorize(p, R.reportinManage);
  const community = communityOfScope(await workerScope(ctx, p));
  if (community !== undefined) return community;
  throw new AppError('REPORTIN.NOT_COMMUNITY_WORKER', 'Only the community’s own party worker (at its station) manages its 双报到');
}

/** The community a reader asks for: their own for a community's worker, otherwise `code`, which must be a community in scope (404 outside). */
async function readableCommunity(ctx: AppContext, p: Principal, code: string | undefined): Promise<{ scope: PartyScope; community: string }> {
  authorize(p, R.reportinRead);
  return communityInScope(ctx, p, code);
}

/**
 * How the principal may act for an organisation: its secretary (their linked member holds 书记 in it),
 * a party worker in scope of it, or (when `pairedWorker`) the worker of the community it is paired with.
 */
async function mayActForOrganisation(ctx: AppContext, p: Principal, o: OrganisationRow, pairedWorker = false): Promise<boolean> {
  const scope = await workerScope(ctx, p);
  if (scope.kind !== 'none' && inScope(scope, o.divisionCode)) return true;
  if (pairedWorker && scope.kind === 'division' && o.pairedCommunityCode !== null && scope.prefix === o.pairedCommunityCode) return true;
  const mine = await memberOfAccount(ctx, p);
  return mine !== undefined && isSecretary(mine.posts) && mine.organisationId === o.id;
}

async function organisationFor(ctx: AppContext, p: Principal, id: number, pairedWorker = false): Promise<OrganisationRow> {
  const o = await findOrganisation(ctx.database.db, ctx.districtCode, id);
  if (o === undefined || !(await mayActForOrganisation(ctx, p, o, pairedWorker))) throw notFound('Organisation', id);
  return o;
}

async function myMember(ctx: AppContext, p: Principal): Promise<MemberRow> {
  const m = await memberOfAccount(ctx, p);
  if (m === undefined) throw new AppError('PARTY.NOT_A_MEMBER', 'Your account is not linked to a Party member');
  return m;
}

// ---------------------------------------------------------------------------------------------
// Presenters

export interface ReportInView {
  id: number;
  communityCode: string;
  communityName: string;
  kind: 'member' | 'organisation';
  memberId: number | null;
  organisationId: number | null;
  /** The member's name (masked unless it is the viewer's own) or the organisation's name. */
  name: string;
  phone: string | null;
  inService: boolean;
  workUnit: string | null;
  status: ReportInStatus;
  reportedOn: string;
  withdrawnAt: string | null;
  withdrawReason: string | null;
}

function reportInView(ctx: AppContext, ref: ReferenceSnapshot, r: ReportInRow, m: MemberRow | null, o: OrganisationRow | null, clear = false): ReportInView {
  const id = m === null ? null : identityOf(ctx.personalData, m, clear);
  return {
    id: r.id,
    communityCode: r.communityCode,
    communityName: communityName(ref, r.communityCode),
    kind: r.memberId !== null ? 'member' : 'organisation',
    memberId: r.memberId,
    organisationId: r.organisationId,
    name: id?.realName ?? o?.name ?? '',
    phone: id?.phone ?? null,
    inService: m?.inService ?? false,
    workUnit: m?.workUnit ?? null,
    status: r.status,
    reportedOn: r.reportedOn,
    withdrawnAt: r.withdrawnAt?.toISOString() ?? null,
    withdrawReason: r.withdrawReason,
  };
}

export interface ClaimView {
  id: number;
  needId: number;
  kind: 'member' | 'organisation';
  memberId: number | null;
  organisationId: number | null;
  claimantName: string;
  state: ClaimState;
  claimedAt: string;
  summary: string | null;
  servedOn: string | null;
  minutes: number | null;
  recordedAt: string | null;
  confirmedAt: string | null;
  sentBackReason: string | null;
  /** The service record's photos (attachment ids; GET /api/party/claims/{id}/photos/{photoId}). */
  photoIds: number[];
}

export interface NeedView {
  id: number;
  communityCode: string;
  communityName: string;
  title: string;
  description: string;
  category: NeedCategory;
  peopleWanted: number;
  neededOn: string;
  timeText: string;
  place: string;
  state: NeedState;
  claimedCount: number;
  createdAt: string;
  withdrawReason: string | null;
  claims: ClaimView[];
}

/** Claims with their claimants' names (members masked, except the viewer's own member). */
async function claimViews(ctx: AppContext, claims: readonly ClaimRow[], selfMemberId: number | null = null): Promise<ClaimView[]> {
  const members = new Map(
    (
      await membersByIds(
        ctx.database.db,
        ctx.districtCode,
        claims.flatMap((c) => (c.memberId === null ? [] : [c.memberId])),
      )
    ).map((m) => [m.id, m]),
  );
  const photos = await recordPhotoIds(
    ctx.database.db,
    ctx,
    CLAIM_PHOTOS,
    claims.filter((c) => c.recordedAt !== null).map((c) => c.id),
  );
  const orgIds = [...new Set(claims.flatMap((c) => (c.organisationId === null ? [] : [c.organisationId])))];
  const orgs = new Map<number, OrganisationRow>();
  for (const id of orgIds) {
    const o = await findOrganisation(ctx.database.db, ctx.districtCode, id);
    if (o !== undefined) orgs.set(id, o);
  }
  return claims.map((c) => {
    const m = c.memberId === null ? undefined : members.get(c.memberId);
    return {
      id: c.id,
      needId: c.needId,
      kind: c.memberId !== null ? 'member' : 'organisation',
      memberId: c.memberId,
      organisationId: c.organisationId,
      claimantName: m !== undefined ? identityOf(ctx.personalData, m, m.id === selfMemberId).realName : (orgs.get(c.organisationId ?? 0)?.name ?? ''),
      state: c.state,
      claimedAt: c.claimedAt.toISOString(),
      summary: c.summary,
      servedOn: c.servedOn,
      minutes: c.minutes,
      recordedAt: c.recordedAt?.toISOString() ?? null,
      confirmedAt: c.confirmedAt?.toISOString() ?? null,
      sentBackReason: c.sentBackReason,
      photoIds: photos.get(c.id) ?? [],
    };
  });
}

async function needViews(ctx: AppContext, needs: readonly NeedRow[], withClaims: boolean, selfMemberId: number | null = null): Promise<NeedView[]> {
  const ref = await ctx.reference.get();
  const claims = withClaims
    ? await claimViews(
        ctx,
        await claimsOfNeeds(
          ctx.database.db,
          ctx.districtCode,
          needs.map((n) => n.id),
        ),
        selfMemberId,
      )
    : [];
  return needs.map((n) => ({
    id: n.id,
    communityCode: n.communityCode,
    communityName: communityName(ref, n.communityCode),
    title: n.title,
    description: n.description,
    category: n.category,
    peopleWanted: n.peopleWanted,
    neededOn: n.neededOn,
    timeText: n.timeText,
    place: n.place,
    state: n.state,
    claimedCount: n.claimedCount,
    createdAt: n.createdAt.toISOString(),
    withdrawReason: n.withdrawReason,
    claims: claims.filter((c) => c.needId === n.id),
  }));
}

// ---------------------------------------------------------------------------------------------
// Reporting in

async function reportIn(ctx: AppContext, p: Principal, community: string, s: Subject, branchId: number, reportedOn: string | undefined): Promise<ReportInRow> {
  const day = reportedOn ?? today(ctx);
  if (day > today(ctx) || day < addDays(today(ctx), -3 * 366))
    throw new AppError('REPORTIN.BAD_DATE', 'The report-in date is in the future or more than three years ago', { field: 'reportedOn' });
  const now = ctx.clock();
  return ctx.database.db.transaction(async (tx) => {
    const active = (await reportInsOf(tx, ctx.districtCode, s)).find((r) => r.status === 'active' && r.communityCode === community);
    if (active !== undefined) return active;
    await withdrawElsewhere(tx, ctx.districtCode, s, community, now);
    const row = await upsertReportIn(tx, {
      districtCode: ctx.districtCode,
      communityCode: community,
      reportedOn: day,
      registeredByUserId: p.userId,
      at: now,
      ...s,
    });
    await insertEvents(tx, [
      {
        districtCode: ctx.districtCode,
        kind: 'report_in',
        organisationId: branchId,
        memberId: 'memberId' in s ? s.memberId : null,
        actorUserId: p.userId,
        at: now,
        data: { communityCode: community, reportedOn: day, reportInId: row.id },
      },
    ]);
    return row;
  });
}

/** The signed-in member reports in to their home community (idempotent while active there; an active report-in elsewhere is withdrawn). */
export async function reportInMyself(ctx: AppContext, p: Principal): Promise<ReportInView> {
  authorize(p, R.reportinSelf);
  const m = await myMember(ctx, p);
  if (m.homeCommunityCode === null) throw new AppError('REPORTIN.NO_HOME_COMMUNITY', 'Your record has no home community; ask your branch to add it');
  const row = await reportIn(ctx, p, m.homeCommunityCode, { memberId: m.id }, m.organisationId, undefined);
  return reportInView(ctx, await ctx.reference.get(), row, m, null, true);
}

/** The community's worker registers a member who lives in the community (optionally with the date of a paper record). */
export async function registerMember(ctx: AppContext, p: Principal, memberId: number, reportedOn?: string): Promise<ReportInView> {
  const community = await communityOfWorker(ctx, p);
  const m = await findMember(ctx.database.db, ctx.districtCode, memberId);
  if (m === undefined || m.leftAt !== null) throw notFound('Member', memberId);
  if (m.homeCommunityCode !== community) throw new AppError('REPORTIN.NOT_HOME', 'The member does not live in your community', { field: 'memberId' });
  const row = await reportIn(ctx, p, community, { memberId: m.id }, m.organisationId, reportedOn);
  return reportInView(ctx, await ctx.reference.get(), row, m, null);
}

/** A unit organisation reports in to its paired community: by its secretary, a party worker in scope of it, or that community's worker. */
export async function reportInOrganisation(ctx: AppContext, p: Principal, organisationId: number, reportedOn?: string): Promise<ReportInView> {
  authorize(p, R.reportinClaim);
  const o = await organisationFor(ctx, p, organisationId, true);
  if (o.retiredAt !== null) throw new AppError('PARTY.RETIRED', 'The organisation is retired');
  if (o.pairedCommunityCode === null) throw new AppError('REPORTIN.NOT_PAIRED', 'The organisation is not paired with a community (双报到社区)');
  const row = await reportIn(ctx, p, o.pairedCommunityCode, { organisationId: o.id }, o.id, reportedOn);
  return reportInView(ctx, await ctx.reference.get(), row, null, o);
}

/** The community's worker withdraws a report-in (moved away, transferred …) with a reason; the row stays. */
export async function withdrawReportIn(ctx: AppContext, p: Principal, id: number, reason: string): Promise<ReportInView> {
  const community = await communityOfWorker(ctx, p);
  const r = await findReportIn(ctx.database.db, ctx.districtCode, id);
  if (r === undefined || r.communityCode !== community) throw notFound('Report-in', id);
  if (r.status === 'withdrawn') throw new AppError('REPORTIN.WITHDRAWN', 'The report-in is withdrawn already');
  const now = ctx.clock();
  const row = await ctx.database.db.transaction(async (tx) => {
    const out = await withdrawReportInRow(tx, r.id, reason.trim(), now);
    const m = r.memberId === null ? undefined : await findMember(tx, ctx.districtCode, r.memberId);
    await insertEvents(tx, [
      {
        districtCode: ctx.districtCode,
        kind: 'report_in_withdrawn',
        organisationId: m?.organisationId ?? r.organisationId!,
        memberId: r.memberId,
        actorUserId: p.userId,
        at: now,
        data: { communityCode: r.communityCode, reason: reason.trim(), reportInId: r.id },
      },
    ]);
    return out;
  });
  const m = r.memberId === null ? null : ((await findMember(ctx.database.db, ctx.districtCode, r.memberId)) ?? null);
  const o = r.organisationId === null ? null : ((await findOrganisation(ctx.database.db, ctx.districtCode, r.organisationId)) ?? null);
  return reportInView(ctx, await ctx.reference.get(), row, m, o);
}

export interface CommunityReportIns {
  communityCode: string;
  communityName: string;
  /** The viewer is this community's worker (may register, publish, confirm …). */
  manage: boolean;
  reportIns: ReportInView[];
  candidates: {
    members: { memberId: number; name: string; inService: boolean; workUnit: string | null }[];
    organisations: { organisationId: number; name: string }[];
  };
}

/** Who reported in to the community (members masked), and who lives there or is paired with it without having reported in. */
export async function communityReportIns(ctx: AppContext, p: Principal, code: string | undefined, includeWithdrawn: boolean): Promise<CommunityReportIns> {
  const { scope, community } = await readableCommunity(ctx, p, code);
  const ref = await ctx.reference.get();
  const rows = await reportInsOfCommunity(ctx.database.db, ctx.districtCode, community, includeWithdrawn);
  const c = await candidatesOf(ctx.database.db, ctx.districtCode, community);
  return {
    communityCode: community,
    communityName: communityName(ref, community),
    manage: scope.kind === 'division' && scope.prefix === community,
    reportIns: rows.map((r) => reportInView(ctx, ref, r.r, r.member, r.organisation)),
    candidates: {
      members: c.members.map((m) => ({ memberId: m.id, name: identityOf(ctx.personalData, m, false).realName, inService: m.inService, workUnit: m.workUnit })),
      organisations: c.organisations.map((o) => ({ organisationId: o.id, name: o.name })),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Needs

export interface NeedInput {
  title: string;
  description: string;
  category: NeedCategory;
  peopleWanted: number;
  neededOn: string;
  timeText: string;
  place: string;
}

/** The community's worker publishes a need (open). Its date may lie up to a year back (recording what was asked on paper) or ahead. */
export async function publishNeed(ctx: AppContext, p: Principal, input: NeedInput): Promise<NeedView> {
  const community = await communityOfWorker(ctx, p);
  const t = today(ctx);
  if (input.neededOn < addDays(t, -366) || input.neededOn > addDays(t, 366))
    throw new AppError('REPORTIN.BAD_DATE', 'The date is more than a year away', { field: 'neededOn' });
  const row = await insertNeed(ctx.database.db, {
    districtCode: ctx.districtCode,
    communityCode: community,
    title: input.title.trim(),
    description: input.description.trim(),
    category: input.category,
    peopleWanted: input.peopleWanted,
    neededOn: input.neededOn,
    timeText: input.timeText.trim(),
    place: input.place.trim(),
    state: 'open',
    claimedCount: 0,
    createdByUserId: p.userId,
    createdAt: ctx.clock(),
  });
  return (await needViews(ctx, [row], false))[0]!;
}

/** A need of the worker's own community, locked for the change; 404 for another community's. */
async function ownNeed(ctx: AppContext, tx: DbOrTx, community: string, id: number): Promise<NeedRow> {
  const n = await findNeed(tx, ctx.districtCode, id, true);
  if (n === undefined || n.communityCode !== community) throw notFound('Need', id);
  return n;
}

/** Recomputes the need's projection (state, active claims) from its claims, under the need's lock. */
async function project(ctx: AppContext, tx: DbOrTx, n: NeedRow, withdrawn = n.withdrawnAt !== null, peopleWanted = n.peopleWanted): Promise<NeedRow> {
  const claims = (await claimsOfNeeds(tx, ctx.districtCode, [n.id])).map((c) => c.state);
  const state = needState({ withdrawn, peopleWanted, claims });
  return updateNeed(tx, n.id, { state, claimedCount: claims.filter((c) => c !== 'cancelled').length, peopleWanted });
}

/** Changes how many people a need wants (never below its active claims): lowering it to the claims closes the need to new claims. */
export async function changePeopleWanted(ctx: AppContext, p: Principal, id: number, peopleWanted: number): Promise<NeedView> {
  const community = await communityOfWorker(ctx, p);
  const row = await ctx.database.db.transaction(async (tx) => {
    const n = await ownNeed(ctx, tx, community, id);
    const claims = (await claimsOfNeeds(tx, ctx.districtCode, [n.id])).map((c) => c.state);
    const problem = peopleWantedProblem({ withdrawn: n.withdrawnAt !== null, peopleWanted: n.peopleWanted, claims }, peopleWanted);
    if (problem !== null) throw problemError(problem);
    return project(ctx, tx, n, false, peopleWanted);
  });
  return (await needViews(ctx, [row], true))[0]!;
}

/** Withdraws a need with no recorded service; its claims are cancelled. */
export async function withdrawNeed(ctx: AppContext, p: Principal, id: number, reason: string): Promise<NeedView> {
  const community = await communityOfWorker(ctx, p);
  const now = ctx.clock();
  const row = await ctx.database.db.transaction(async (tx) => {
    const n = await ownNeed(ctx, tx, community, id);
    const claims = (await claimsOfNeeds(tx, ctx.districtCode, [n.id])).map((c) => c.state);
    const problem = withdrawProblem({ withdrawn: n.withdrawnAt !== null, peopleWanted: n.peopleWanted, claims });
    if (problem !== null) throw problemError(problem);
    await cancelOpenClaims(tx, n.id, now);
    await updateNeed(tx, n.id, { withdrawnAt: now, withdrawReason: reason.trim() });
    return project(ctx, tx, n, true);
  });
  return (await needViews(ctx, [row], true))[0]!;
}

/** A community's needs with their claims (claimants masked), newest first; `states` narrows them. */
export async function listNeeds(
  ctx: AppContext,
  p: Principal,
  code: string | undefined,
  states?: readonly NeedState[],
): Promise<{ communityCode: string; needs: NeedView[] }> {
  const { community } = await readableCommunity(ctx, p, code);
  const rows = await needsOfCommunity(ctx.database.db, ctx.districtCode, community, { states, limit: 300 });
  return { communityCode: community, needs: await needViews(ctx, rows, true) };
}

// ---------------------------------------------------------------------------------------------
// Claims and service records

/**
 * Claims a need: for the member themself, or (with `organisationId`) for an organisation the principal
 * acts for. The claimant must be reported in to the need's community. The need's row is locked while the
 * claims are counted, so concurrent claims never exceed the people wanted.
 */
export async function claimNeed(ctx: AppContext, p: Principal, needId: number, on: { organisationId?: number; memberId?: number } = {}): Promise<ClaimView> {
  authorize(p, R.reportinClaim);
  let s: Subject;
  let self: number | null = null;
  let byCommunity: string | null = null;
  if (on.organisationId !== undefined && on.memberId !== undefined)
    throw new AppError('VALIDATION.INVALID_INPUT', 'Claim for a member or an organisation, not both');
  if (on.organisationId !== undefined) s = { organisationId: (await organisationFor(ctx, p, on.organisationId)).id };
  else if (on.memberId !== undefined) {
    // 代认领: the community's worker claims for a reported member without a phone.
    byCommunity = await communityOfWorker(ctx, p);
    s = { memberId: on.memberId };
  } else {
    if (!p.roles.includes('resident')) throw new AppError('AUTH.FORBIDDEN', 'A party worker claims for an organisation (organisationId)');
    self = (await myMember(ctx, p)).id;
    s = { memberId: self };
  }
  const now = ctx.clock();
  try {
    const row = await ctx.database.db.transaction(async (tx) => {
      const n = await findNeed(tx, ctx.districtCode, needId, true);
      if (n === undefined || (byCommunity !== null && n.communityCode !== byCommunity)) throw notFound('Need', needId);
      if (!(await isReported(tx, ctx.districtCode, n.communityCode, s)))
        throw new AppError('REPORTIN.NOT_REPORTED', 'Report in to the need’s community before claiming its needs');
      const claims = await claimsOfNeeds(tx, ctx.districtCode, [n.id]);
      const holds = claims.some((c) => c.state !== 'cancelled' && ('memberId' in s ? c.memberId === s.memberId : c.organisationId === s.organisationId));
      const problem = claimProblem({ withdrawn: n.withdrawnAt !== null, peopleWanted: n.peopleWanted, claims: claims.map((c) => c.state) }, holds);
      if (problem !== null) throw problemError(problem);
      const c = await insertClaim(tx, {
        districtCode: ctx.districtCode,
        needId: n.id,
        communityCode: n.communityCode,
        ...s,
        state: 'claimed',
        claimedByUserId: p.userId,
        claimedAt: now,
      });
      await project(ctx, tx, n);
      return c;
    });
    return (await claimViews(ctx, [row], self))[0]!;
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('REPORTIN.ALREADY_CLAIMED', 'Claimed already');
    throw e;
  }
}

/** The claim if the principal acts for its claimant (the member themself; an organisation's secretary or worker in scope); 404 otherwise. */
async function claimOfClaimant(ctx: AppContext, p: Principal, id: number): Promise<{ claim: ClaimRow; self: number | null }> {
  authorize(p, R.reportinClaim);
  const c = await findClaim(ctx.database.db, ctx.districtCode, id);
  if (c === undefined) throw notFound('Claim', id);
  if (c.memberId !== null) {
    const mine = p.roles.includes('resident') ? await memberOfAccount(ctx, p) : undefined;
    if (mine?.id === c.memberId) return { claim: c, self: mine.id };
    // 代录: the need's community worker records for a member without a phone.
    const scope = await workerScope(ctx, p);
    if (scope.kind === 'division' && scope.prefix === c.communityCode) return { claim: c, self: null };
    throw notFound('Claim', id);
  }
  const o = await findOrganisation(ctx.database.db, ctx.districtCode, c.organisationId!);
  if (o === undefined || !(await mayActForOrganisation(ctx, p, o))) throw notFound('Claim', id);
  return { claim: c, self: null };
}

async function act(
  ctx: AppContext,
  claimId: number,
  action: ClaimAction,
  set: (c: ClaimRow, now: Date) => Partial<ClaimRow>,
  check?: (c: ClaimRow, n: NeedRow) => void,
  within?: (tx: DbOrTx, c: ClaimRow) => Promise<void>,
): Promise<ClaimRow> {
  const now = ctx.clock();
  return ctx.database.db.transaction(async (tx) => {
    const c0 = await findClaim(tx, ctx.districtCode, claimId);
    const n = await findNeed(tx, ctx.districtCode, c0!.needId, true);
    const c = (await findClaim(tx, ctx.districtCode, claimId, true))!;
    const r = claimTransition(c.state, action, n!.withdrawnAt !== null);
    if ('problem' in r) throw problemError(r.problem);
    check?.(c, n!);
    const out = await updateClaim(tx, c.id, { ...set(c, now), state: r.state });
    await within?.(tx, out);
    await project(ctx, tx, n!);
    return out;
  });
}

/**
 * The claimant records the service: what was done, on which day (not in the future, not before the
 * claim's need was published a year ahead), minutes, and photos (the recorder's own uploads, at most
 * MAX_SERVICE_PHOTOS on the record in all; a record sent back and recorded again keeps its photos).
 */
export async function recordService(
  ctx: AppContext,
  p: Principal,
  claimId: number,
  input: { summary: string; servedOn: string; minutes: number; photoIds?: readonly number[] },
): Promise<ClaimView> {
  const { claim, self } = await claimOfClaimant(ctx, p, claimId);
  if (input.servedOn > today(ctx) || input.servedOn < addDays(today(ctx), -366))
    throw new AppError('REPORTIN.BAD_DATE', 'The service day is in the future or more than a year ago', { field: 'servedOn' });
  const row = await act(
    ctx,
    claim.id,
    'record',
    (_c, now) => ({ summary: input.summary.trim(), servedOn: input.servedOn, minutes: input.minutes, recordedAt: now }),
    undefined,
    async (tx, c) => {
      await attachToRecord(tx, ctx, p, CLAIM_PHOTOS, c.id, input.photoIds ?? [], MAX_SERVICE_PHOTOS);
    },
  );
  return (await claimViews(ctx, [row], self))[0]!;
}

/**
 * One photo of a service record: for the claimant (the member, the organisation's secretary or a party
 * worker acting for it) and the party workers whose scope holds the claim's community; 404 otherwise.
 */
export async function servicePhoto(ctx: AppContext, p: Principal, claimId: number, photoId: number): Promise<{ contentType: string; bytes: Buffer }> {
  authorize(p, R.reportinPhoto);
  const c = await findClaim(ctx.database.db, ctx.districtCode, claimId);
  if (c === undefined) throw notFound('Claim', claimId);
  const scope = await workerScope(ctx, p);
  const sees =
    (scope.kind !== 'none' && inScope(scope, c.communityCode)) ||
    (await claimOfClaimant(ctx, p, claimId).then(
      () => true,
      (e: unknown) => {
        // Not the claimant: not found for them; anything else (the database) is not a 404.
        if (e instanceof AppError && e.code === 'NOT_FOUND') return false;
        throw e;
      },
    ));
  if (!sees) throw notFound('Claim', claimId);
  return recordPhotoContent(ctx, { subject: CLAIM_PHOTOS, subjectId: c.id }, photoId);
}

/** The claimant gives the claim up before recording anything; the need has room again. */
export async function cancelClaim(ctx: AppContext, p: Principal, claimId: number): Promise<ClaimView> {
  const { claim, self } = await claimOfClaimant(ctx, p, claimId);
  const row = await act(ctx, claim.id, 'cancel', (_c, now) => ({ cancelledAt: now }));
  return (await claimViews(ctx, [row], self))[0]!;
}

async function ownClaim(ctx: AppContext, p: Principal, claimId: number): Promise<ClaimRow> {
  const community = await communityOfWorker(ctx, p);
  const c = await findClaim(ctx.database.db, ctx.districtCode, claimId);
  if (c === undefined || c.communityCode !== community) throw notFound('Claim', claimId);
  return c;
}

/** The community confirms a recorded service. */
export async function confirmClaim(ctx: AppContext, p: Principal, claimId: number): Promise<ClaimView> {
  const c = await ownClaim(ctx, p, claimId);
  const row = await act(ctx, c.id, 'confirm', (_c, now) => ({ confirmedAt: now, confirmedByUserId: p.userId }));
  return (await claimViews(ctx, [row]))[0]!;
}

/** The community sends a recorded service back with a reason; the claimant records it again. */
export async function sendBackClaim(ctx: AppContext, p: Principal, claimId: number, reason: string): Promise<ClaimView> {
  const c = await ownClaim(ctx, p, claimId);
  const row = await act(ctx, c.id, 'sendBack', (_c, now) => ({ sentBackReason: reason.trim(), sentBackAt: now }));
  return (await claimViews(ctx, [row]))[0]!;
}

// ---------------------------------------------------------------------------------------------
// The member's own page

export interface MyReportIn {
  memberId: number;
  homeCommunityCode: string | null;
  homeCommunityName: string | null;
  reportIn: ReportInView | null;
  /** Open needs of the community the member is reported in to, from a week ago on. */
  openNeeds: NeedView[];
  /** The member's own claims (and, for a secretary, their organisation's), newest first. */
  claims: (ClaimView & { needTitle: string; needOn: string; communityName: string })[];
  /** For a branch secretary whose branch is paired with a community: its report-in, or null when it has not reported in. */
  organisation: { id: number; name: string; pairedCommunityCode: string; pairedCommunityName: string; reportIn: ReportInView | null } | null;
}

export async function myReportIn(ctx: AppContext, p: Principal): Promise<MyReportIn> {
  authorize(p, R.reportinSelf);
  const m = await myMember(ctx, p);
  const ref = await ctx.reference.get();
  const active = (await reportInsOf(ctx.database.db, ctx.districtCode, { memberId: m.id })).find((r) => r.status === 'active');
  const open =
    active === undefined
      ? []
      : await needsOfCommunity(ctx.database.db, ctx.districtCode, active.communityCode, { states: ['open'], from: addDays(today(ctx), -7), limit: 50 });
  const o = isSecretary(m.posts) ? await findOrganisation(ctx.database.db, ctx.districtCode, m.organisationId) : undefined;
  const paired = o !== undefined && o.pairedCommunityCode !== null && o.retiredAt === null ? o : undefined;
  const orgReportIn =
    paired === undefined ? undefined : (await reportInsOf(ctx.database.db, ctx.districtCode, { organisationId: paired.id })).find((r) => r.status === 'active');
  const claims = await claimsOfSubjects(ctx.database.db, ctx.districtCode, m.id, paired?.id ?? null, 50);
  const views = await claimViews(
    ctx,
    claims.map((c) => c.claim),
    m.id,
  );
  return {
    memberId: m.id,
    homeCommunityCode: m.homeCommunityCode,
    homeCommunityName: m.homeCommunityCode === null ? null : communityName(ref, m.homeCommunityCode),
    reportIn: active === undefined ? null : reportInView(ctx, ref, active, m, null, true),
    openNeeds: (await needViews(ctx, [...open].reverse(), false)).filter((n) => n.neededOn >= addDays(today(ctx), -7)),
    claims: views.map((v, i) => ({
      ...v,
      needTitle: claims[i]!.need.title,
      needOn: claims[i]!.need.neededOn,
      communityName: communityName(ref, claims[i]!.need.communityCode),
    })),
    organisation:
      paired === undefined
        ? null
        : {
            id: paired.id,
            name: paired.name,
            pairedCommunityCode: paired.pairedCommunityCode!,
            pairedCommunityName: communityName(ref, paired.pairedCommunityCode!),
            reportIn: orgReportIn === undefined ? null : reportInView(ctx, ref, orgReportIn, null, paired),
          },
  };
}

// ---------------------------------------------------------------------------------------------
// Resources

export interface ResourceView {
  id: number;
  communityCode: string;
  organisationId: number;
  organisationName: string;
  title: string;
  description: string;
  category: NeedCategory;
  createdAt: string;
}

/** The community's worker lists what a reported organisation offers. */
export async function publishResource(
  ctx: AppContext,
  p: Principal,
  input: { organisationId: number; title: string; description: string; category: NeedCategory },
): Promise<ResourceView> {
  const community = await communityOfWorker(ctx, p);
  const o = await findOrganisation(ctx.database.db, ctx.districtCode, input.organisationId);
  if (o === undefined) throw notFound('Organisation', input.organisationId);
  if (!(await isReported(ctx.database.db, ctx.districtCode, community, { organisationId: o.id })))
    throw new AppError('REPORTIN.NOT_REPORTED', 'The organisation has not reported in to your community');
  const r = await insertResource(ctx.database.db, {
    districtCode: ctx.districtCode,
    communityCode: community,
    organisationId: o.id,
    title: input.title.trim(),
    description: input.description.trim(),
    category: input.category,
    createdByUserId: p.userId,
    createdAt: ctx.clock(),
  });
  return {
    id: r.id,
    communityCode: r.communityCode,
    organisationId: o.id,
    organisationName: o.name,
    title: r.title,
    description: r.description,
    category: r.category,
    createdAt: r.createdAt.toISOString(),
  };
}

export async function listResources(ctx: AppContext, p: Principal, code: string | undefined): Promise<{ communityCode: string; resources: ResourceView[] }> {
  const { community } = await readableCommunity(ctx, p, code);
  const rows = await resourcesOfCommunity(ctx.database.db, ctx.districtCode, community);
  return {
    communityCode: community,
    resources: rows.map(({ r, organisation }) => ({
      id: r.id,
      communityCode: r.communityCode,
      organisationId: r.organisationId,
      organisationName: organisation?.name ?? '',
      title: r.title,
      description: r.description,
      category: r.category,
      createdAt: r.createdAt.toISOString(),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Attendance on report-in days

export interface AttendanceView {
  communityCode: string;
  day: string;
  /** The past report-in days of the last twelve months, with the attendance recorded (null when none was). */
  days: { day: string; present: number | null; total: number | null }[];
  members: { memberId: number; reportInId: number; name: string; present: boolean | null }[];
}

/** The community's reported members (reported on or before the day) and their attendance on a report-in day (the latest past one by default). */
export async function attendance(ctx: AppContext, p: Principal, code: string | undefined, day: string | undefined): Promise<AttendanceView> {
  const { community } = await readableCommunity(ctx, p, code);
  const past = pastReportInDays(today(ctx));
  const d = day ?? past[0] ?? pastReportInDays(addDays(today(ctx), -31))[0]!;
  if (!isReportInDay(d) || d > today(ctx)) throw new AppError('REPORTIN.NOT_A_REPORT_IN_DAY', `${d} is not a past report-in day`, { field: 'day' });
  const rows = (await reportInsOfCommunity(ctx.database.db, ctx.districtCode, community, false)).filter((r) => r.member !== null && r.r.reportedOn <= d);
  const marks = new Map((await attendanceOf(ctx.database.db, ctx.districtCode, community, d)).map((a) => [a.memberId, a.present]));
  const counted = new Map((await attendanceDays(ctx.database.db, ctx.districtCode, community, past[past.length - 1] ?? d)).map((x) => [x.day, x]));
  return {
    communityCode: community,
    day: d,
    days: past.map((x) => ({ day: x, present: counted.get(x)?.present ?? null, total: counted.get(x)?.total ?? null })),
    members: rows.map((r) => ({
      memberId: r.member!.id,
      reportInId: r.r.id,
      name: identityOf(ctx.personalData, r.member!, false).realName,
      present: marks.get(r.member!.id) ?? null,
    })),
  };
}

/** Records the day's attendance: every member reported in on that day, present when listed (replaces an earlier record of the day). */
export async function recordAttendance(ctx: AppContext, p: Principal, day: string, presentIds: readonly number[]): Promise<AttendanceView> {
  const community = await communityOfWorker(ctx, p);
  if (!isReportInDay(day) || day > today(ctx) || day < addDays(today(ctx), -366))
    throw new AppError('REPORTIN.NOT_A_REPORT_IN_DAY', `${day} is not a report-in day of the past year`, { field: 'day' });
  const now = ctx.clock();
  await ctx.database.db.transaction(async (tx) => {
    const reported = (await reportInsOfCommunity(tx, ctx.districtCode, community, false)).filter((r) => r.member !== null && r.r.reportedOn <= day);
    const ids = new Set(reported.map((r) => r.member!.id));
    const stray = presentIds.filter((id) => !ids.has(id));
    if (stray.length > 0)
      throw new AppError('REPORTIN.NOT_REPORTED', `Members ${stray.join(', ')} were not reported in to your community on ${day}`, {
        field: 'present',
        memberIds: stray,
      });
    const present = new Set(presentIds);
    await replaceAttendance(
      tx,
      ctx.districtCode,
      community,
      day,
      [...ids].map((memberId) => ({
        districtCode: ctx.districtCode,
        communityCode: community,
        day,
        memberId,
        present: present.has(memberId),
        recordedByUserId: p.userId,
        recordedAt: now,
      })),
    );
  });
  return attendance(ctx, p, community, day);
}

// ---------------------------------------------------------------------------------------------
// Annual evaluations

export interface EvaluationView {
  id: number;
  communityCode: string;
  communityName: string;
  year: number;
  kind: 'member' | 'organisation';
  memberId: number | null;
  organisationId: number | null;
  name: string;
  branchId: number;
  branchName: string;
  grade: Grade;
  gradeLabel: string;
  comment: string;
  evaluatedAt: string;
}

/**
 * The community's worker evaluates a member or organisation that reported in to the community (reported
 * on or before the year's end) for the year; evaluating again replaces the grade, and every evaluation is
 * a `party_events` row of the evaluated member's branch (or the organisation), so the change is kept.
 */
export async function evaluate(
  ctx: AppContext,
  p: Principal,
  input: { year: number; memberId?: number; organisationId?: number; grade: Grade; comment: string },
): Promise<EvaluationView> {
  const community = await communityOfWorker(ctx, p);
  if ((input.memberId === undefined) === (input.organisationId === undefined))
    throw new AppError('VALIDATION.INVALID_INPUT', 'Name either a member or an organisation', { field: 'memberId' });
  if (evaluationYearProblem(input.year, today(ctx)) !== null)
    throw new AppError('REPORTIN.YEAR_NOT_OPEN', `${input.year} cannot be evaluated yet (from December of the year)`, { field: 'year' });
  const s: Subject = input.memberId !== undefined ? { memberId: input.memberId } : { organisationId: input.organisationId! };
  const rows = await reportInsOf(ctx.database.db, ctx.districtCode, s);
  const here = rows.find((r) => r.communityCode === community && r.reportedOn <= `${input.year}-12-31`);
  if (here === undefined) {
    if ('memberId' in s) throw notFound('Member', s.memberId);
    throw notFound('Organisation', s.organisationId);
  }
  const m = 'memberId' in s ? await findMember(ctx.database.db, ctx.districtCode, s.memberId) : undefined;
  const o = 'organisationId' in s ? await findOrganisation(ctx.database.db, ctx.districtCode, s.organisationId) : undefined;
  const branchId = m?.organisationId ?? o!.id;
  const now = ctx.clock();
  const row = await ctx.database.db.transaction(async (tx) => {
    const before = await findEvaluation(tx, ctx.districtCode, community, input.year, s);
    const set = { grade: input.grade, comment: input.comment.trim(), evaluatedByUserId: p.userId, evaluatedAt: now };
    const out =
      before === undefined
        ? await insertEvaluation(tx, { districtCode: ctx.districtCode, communityCode: community, year: input.year, ...s, branchId, ...set })
        : await updateEvaluation(tx, before.id, set);
    await insertEvents(tx, [
      {
        districtCode: ctx.districtCode,
        kind: 'evaluated',
        organisationId: branchId,
        memberId: m?.id ?? null,
        actorUserId: p.userId,
        at: now,
        data: { communityCode: community, year: input.year, grade: input.grade, previousGrade: before?.grade ?? null },
      },
    ]);
    return out;
  });
  const ref = await ctx.reference.get();
  const branch = await findOrganisation(ctx.database.db, ctx.districtCode, branchId);
  return evaluationView(ctx, ref, row, m ?? null, o ?? null, branch ?? null, false);
}

function evaluationView(
  ctx: AppContext,
  ref: ReferenceSnapshot,
  e: EvaluationRow,
  m: MemberRow | null,
  o: OrganisationRow | null,
  branch: OrganisationRow | null,
  clear: boolean,
): EvaluationView {
  return {
    id: e.id,
    communityCode: e.communityCode,
    communityName: communityName(ref, e.communityCode),
    year: e.year,
    kind: e.memberId !== null ? 'member' : 'organisation',
    memberId: e.memberId,
    organisationId: e.organisationId,
    name: m !== null ? identityOf(ctx.personalData, m, clear).realName : (o?.name ?? ''),
    branchId: e.branchId,
    branchName: branch?.name ?? '',
    grade: e.grade,
    gradeLabel: GRADE_LABELS[e.grade],
    comment: e.comment,
    evaluatedAt: e.evaluatedAt.toISOString(),
  };
}

/**
 * A year's evaluations the principal may read: a party worker those given by communities in scope and
 * those of members and organisations whose own branch is in scope ("goes back to their own branch"); a
 * branch secretary their branch's; a member their own. Members' names masked (their own in clear).
 */
export async function listEvaluations(ctx: AppContext, p: Principal, year: number): Promise<{ year: number; evaluations: EvaluationView[] }> {
  authorize(p, R.reportinEvaluations);
  const scope = await workerScope(ctx, p);
  const mine = p.roles.includes('resident') ? await memberOfAccount(ctx, p) : undefined;
  const prefix = scope.kind === 'district' ? ctx.districtCode : scope.kind === 'division' ? scope.prefix : undefined;
  if (prefix === undefined && mine === undefined) throw new AppError('PARTY.NOT_A_MEMBER', 'Your account is not linked to a Party member');
  const rows = await evaluationsWhere(ctx.database.db, ctx.districtCode, year, {
    communityPrefix: prefix,
    branchPrefix: scope.kind === 'district' ? '' : scope.kind === 'division' ? scope.prefix : null,
    branchIds: mine !== undefined && isSecretary(mine.posts) ? [mine.organisationId] : undefined,
    memberId: mine?.id,
  });
  const ref = await ctx.reference.get();
  return {
    year,
    evaluations: rows.map((r) => evaluationView(ctx, ref, r.e, r.member, r.organisation, r.branch, r.member !== null && r.member.id === mine?.id)),
  };
}

// ---------------------------------------------------------------------------------------------
// The month's figures (双报到总览)

export interface OverviewRow extends CommunityFigures {
  communityName: string;
  streetCode: string;
}

export interface Overview {
  month: string;
  streetCode: string | null;
  communities: OverviewRow[];
  streets: (Omit<CommunityFigures, 'communityCode'> & { streetCode: string; streetName: string; communities: number })[];
  totals: Omit<CommunityFigures, 'communityCode'>;
  unclaimed: { total: number; needs: NeedView[] };
  /** 降星支部 (rating.service.ts `fellAStarIn`): branches in scope whose stars fell in the month's year; null when that year has no cycle. */
  fellAStar: FellAStar | null;
}

const ZERO: Omit<CommunityFigures, 'communityCode'> = {
  reportedMembers: 0,
  reportedOrganisations: 0,
  activeMembers: 0,
  activeOrganisations: 0,
  needsOpen: 0,
  needsUnclaimed: 0,
  needsClaimed: 0,
  needsDone: 0,
  needsConfirmed: 0,
  needsWithdrawn: 0,
  claims: 0,
  serviceMinutes: 0,
};
const add = (a: Omit<CommunityFigures, 'communityCode'>, b: Omit<CommunityFigures, 'communityCode'>) =>
  Object.fromEntries(Object.keys(ZERO).map((k) => [k, a[k as keyof typeof ZERO] + b[k as keyof typeof ZERO]])) as Omit<CommunityFigures, 'communityCode'>;

/**
 * The month's figures for every community in the viewer's scope (or one street of it): report-ins
 * active now, members and organisations that served in the month, the month's needs by state; street
 * totals (sums of their communities); the open needs of the month with room left, unclaimed first.
 */
export async function overview(ctx: AppContext, p: Principal, month: string, street: string | undefined): Promise<Overview> {
  authorize(p, R.reportinOverview);
  const { prefix: within } = await figuresScope(ctx, p, street);
  const ref = await ctx.reference.get();
  const prefix = within ?? ctx.districtCode;
  const { from, to } = monthBounds(month);
  const figures = new Map((await monthFigures(ctx.database.db, ctx.districtCode, prefix, from, to)).map((f) => [f.communityCode, f]));
  const communities: OverviewRow[] = [...ref.divisionByCode.values()]
    .filter((d) => d.level === 'community' && d.code.startsWith(prefix))
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((d) => ({ ...ZERO, ...figures.get(d.code), communityCode: d.code, communityName: d.name, streetCode: d.parentCode ?? d.code.slice(0, 9) }));
  const byStreet = new Map<string, Overview['streets'][number]>();
  for (const c of communities) {
    const { communityCode: _c, communityName: _n, streetCode, ...f } = c;
    const s = byStreet.get(streetCode) ?? { ...ZERO, streetCode, streetName: communityName(ref, streetCode), communities: 0 };
    byStreet.set(streetCode, { ...s, ...add(s, f), communities: s.communities + 1 });
  }
  const streets = [...byStreet.values()];
  const open = await openNeedsWhere(ctx.database.db, ctx.districtCode, prefix, from, to, 100);
  return {
    month,
    streetCode: street ?? null,
    communities,
    streets,
    totals: streets.reduce((a, s) => add(a, s), ZERO),
    unclaimed: { total: open.total, needs: await needViews(ctx, open.rows, false) },
    fellAStar: await fellAStarIn(ctx, p, Number(month.slice(0, 4)), street),
  };
}
