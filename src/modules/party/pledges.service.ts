/**
 * 承诺践诺 and 先锋岗 use cases: a member or a branch writes pledges for a year (承诺), submits them, the
 * branch approves or returns them; the owner records fulfilment (践诺) which the branch accepts or
 * returns, and assesses each pledge at the year's end; approved public pledges appear on the
 * community's board (公示栏) with members' names masked. Pioneer posts (先锋岗) are granted by the branch
 * for a period. Every change is a `party_pledge_events` row. docs/PARTY.md, "承诺践诺 and 先锋岗".
 */
import { attachToRecord, recordPhotoContent, recordPhotoIds } from '../../engine/attachments.ts';
import type { Principal } from '../../engine/auth.ts';
import type { AppContext } from '../../engine/context.ts';
import { localDate } from '../../engine/domain/calendar/local-time.ts';
import { authorize } from '../../engine/policy.ts';
import type { ReferenceSnapshot } from '../../engine/reference/reference-cache.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError, notFound, notFoundAs } from '../../platform/errors.ts';
import { inScope, isSecretary, type PartyScope } from './party.domain.ts';
import { PARTY_POLICY } from './party.policy.ts';
import {
  findMember,
  findOrganisation,
  lockMember,
  lockOrganisation,
  membersByIds,
  organisationsByIds,
  type MemberRow,
  type OrganisationRow,
} from './party.repository.ts';
import { identityOf, memberOfAccount, workerScope } from './party.service.ts';
import {
  allowedPledgeActions,
  boardCounts,
  fulfilmentDayProblem,
  fulfilmentReviewProblem,
  FULFILMENT_PHOTOS,
  hoursToMinutes,
  linksProblem,
  MAX_FULFILMENT_PHOTOS,
  MAX_PLEDGES_PER_YEAR,
  pledgeNext,
  pledgeProblem,
  pledgeYearProblem,
  postHeldOn,
  postPeriodProblem,
  type Assessment,
  type FulfilmentState,
  type PledgeAction,
  type PledgeCategory,
  type PledgeProblem,
  type PledgeState,
  type PostKind,
} from './pledges.domain.ts';
import {
  acceptedCounts,
  boardPledges,
  countPledges,
  findFulfilment,
  fulfilmentsByIds,
  findPledge,
  fulfilmentsOf,
  insertFulfilment,
  insertPledge,
  insertPledgeEvents,
  insertPost,
  pledgesByIds,
  pledgesOf,
  pledgesOfBranch,
  findPost,
  postsHeldIn,
  postsOfBranch,
  postsOfMember,
  updateFulfilment,
  updateFulfilments,
  updatePledge,
  updatePledges,
  updatePost,
  type FulfilmentRow,
  type NewPledgeEvent,
  type Owner,
  type PledgeRow,
  type PostRow,
} from './pledges.repository.ts';

const R = PARTY_POLICY.rules;
const today = (ctx: AppContext) => localDate(ctx.clock());
const placeName = (ref: ReferenceSnapshot, code: string | null) => (code === null ? null : (ref.divisionByCode.get(code)?.name ?? code));
/** The pledges and posts a board lists at most. */
const BOARD_LIMIT = 500;

/** The error of a pledge's rule (pledges.domain.ts); each code a literal, so the catalogue test sees every site. */
function problemError(p: PledgeProblem): AppError {
  switch (p) {
    case 'NOT_EDITABLE':
      return new AppError('PLEDGE.NOT_EDITABLE', p);
    case 'NOT_SUBMITTABLE':
      return new AppError('PLEDGE.NOT_SUBMITTABLE', p);
    case 'NOT_SUBMITTED':
      return new AppError('PLEDGE.NOT_SUBMITTED', p);
    case 'NOT_APPROVED':
      return new AppError('PLEDGE.NOT_APPROVED', p);
    case 'ASSESSED':
      return new AppError('PLEDGE.ASSESSED', p);
    case 'YEAR_NOT_ENDING':
      return new AppError('PLEDGE.YEAR_NOT_ENDING', p);
    case 'REASON_REQUIRED':
      return new AppError('PLEDGE.REASON_REQUIRED', p, { field: 'reason' });
  }
}

function check(p: PledgeRow, action: PledgeAction, day: string, reason = ''): void {
  const problem = pledgeProblem({ state: p.state, year: p.year, assessed: p.assessment !== null }, action, day, reason);
  if (problem !== null) throw problemError(problem);
}

/** The member linked to the principal's account; only residents' accounts are linked, so staff need no look-up. */
const linkedMember = (ctx: AppContext, p: Principal): Promise<MemberRow | undefined> =>
  p.roles.includes('resident') ? memberOfAccount(ctx, p) : Promise.resolve(undefined);

const event = (
  ctx: AppContext,
  p: Principal,
  subject: 'pledge' | 'post',
  subjectId: number,
  kind: string,
  data: Record<string, unknown> = {},
): NewPledgeEvent => ({
  districtCode: ctx.districtCode,
  subject,
  subjectId,
  kind,
  actorUserId: p.userId,
  at: ctx.clock(),
  data,
});

// ---------------------------------------------------------------------------------------------
// Who

/** How the principal stands to a pledge: its owner (or one who writes for the owner), its reviewer, both, or neither. */
export interface PledgeAccess {
  /** Writes, submits and records fulfilment: the member; for a branch its secretary; a party worker in scope of the branch. */
  write: boolean;
  /** Approves, returns, reviews fulfilment, assesses: the branch's secretary (members' pledges), a party worker in scope — not one's own nor one written by oneself. */
  review: boolean;
  /** The principal is the pledge's own member. */
  self: boolean;
}

/** Who the principal is to pledges, looked up once: their party worker scope and their linked member. */
interface Viewer {
  userId: number;
  scope: PartyScope;
  mine: MemberRow | undefined;
}
const viewerOf = async (ctx: AppContext, p: Principal): Promise<Viewer> => ({
  userId: p.userId,
  scope: await workerScope(ctx, p),
  mine: await linkedMember(ctx, p),
});

/** The principal's access to a pledge whose reviewing branch is `branch` (pure over what `viewerOf` found). */
function accessWith(v: Viewer, pl: PledgeRow, branch: OrganisationRow | undefined): PledgeAccess {
  const worker = v.scope.kind !== 'none' && branch !== undefined && inScope(v.scope, branch.divisionCode);
  const self = v.mine !== undefined && pl.memberId !== null && v.mine.id === pl.memberId;
  const secretary = v.mine !== undefined && isSecretary(v.mine.posts) && v.mine.organisationId === pl.branchId;
  const wrote = pl.writtenByUserId === v.userId;
  const write = pl.memberId !== null ? self || (worker && wrote) : worker || secretary;
  const ownSide = self || wrote || (pl.organisationId !== null && secretary);
  return { write, review: !ownSide && (worker || (secretary && pl.memberId !== null)), self };
}

/** Whether the access lets one see the pledge: its writers always, its reviewers once a member's pledge is submitted. */
const sees = (a: PledgeAccess, pl: PledgeRow): boolean => a.write || (a.review && !(pl.state === 'draft' && pl.memberId !== null));

async function accessToPledge(ctx: AppContext, p: Principal, pl: PledgeRow): Promise<PledgeAccess> {
  return accessWith(await viewerOf(ctx, p), pl, await findOrganisation(ctx.database.db, ctx.districtCode, pl.branchId));
}

/**
 * The pledge if the principal may see it: its writers (the member, or the worker who wrote it for them;
 * a branch's secretary and workers in scope for a branch's pledge) always; its reviewers once it is
 * submitted (a member's draft is private to its writer); 404 otherwise.
 */
async function visiblePledge(ctx: AppContext, p: Principal, id: number, db: DbOrTx = ctx.database.db): Promise<{ pl: PledgeRow; access: PledgeAccess }> {
  const pl = await findPledge(db, ctx.districtCode, id);
  if (pl === undefined) throw notFound('Pledge', id);
  const access = await accessToPledge(ctx, p, pl);
  if (!sees(access, pl)) throw notFound('Pledge', id);
  return { pl, access };
}

/** The community whose board shows the owner's pledges: the member's home community; the organisation's community, else its paired one. */
function boardCommunity(m: MemberRow | undefined, o: OrganisationRow | undefined): string | null {
  if (m !== undefined) return m.homeCommunityCode;
  if (o === undefined) return null;
  return o.divisionCode !== null && o.divisionCode.length === 12 ? o.divisionCode : o.pairedCommunityCode;
}

async function mayActForBranch(ctx: AppContext, p: Principal, branch: OrganisationRow): Promise<'worker' | 'secretary' | null> {
  const scope = await workerScope(ctx, p);
  if (scope.kind !== 'none' && inScope(scope, branch.divisionCode)) return 'worker';
  const mine = await linkedMember(ctx, p);
  return mine !== undefined && isSecretary(mine.posts) && mine.organisationId === branch.id ? 'secretary' : null;
}

// ---------------------------------------------------------------------------------------------
// Presenters

export interface FulfilmentView {
  id: number;
  pledgeId: number;
  doneOn: string;
  text: string;
  hours: number | null;
  links: string[];
  state: FulfilmentState;
  recordedAt: string;
  reviewedAt: string | null;
  reviewComment: string | null;
  /** Its photos (attachment ids): GET /api/party/pledge-fulfilments/{id}/photos/{photoId}, for those who see the pledge. */
  photoIds: number[];
}

export interface PledgeView {
  id: number;
  ownerKind: 'member' | 'organisation';
  memberId: number | null;
  organisationId: number | null;
  /** The member's name, masked (张*) unless it is the viewer's own; the organisation's name. */
  ownerName: string;
  branchId: number;
  branchName: string;
  communityCode: string | null;
  communityName: string | null;
  year: number;
  category: PledgeCategory;
  text: string;
  public: boolean;
  state: PledgeState;
  submittedAt: string | null;
  decidedAt: string | null;
  returnReason: string | null;
  assessment: Assessment | null;
  assessmentComment: string | null;
  assessedAt: string | null;
  fulfilments: FulfilmentView[];
  accepted: number;
  pending: number;
  acceptedHours: number;
  /** What the viewer may do now (the state's actions the viewer's part allows). */
  actions: PledgeAction[];
  /** The viewer may review its fulfilment entries. */
  mayReview: boolean;
}

const fulfilmentView = (f: FulfilmentRow, photos: ReadonlyMap<number, number[]>): FulfilmentView => ({
  id: f.id,
  pledgeId: f.pledgeId,
  doneOn: f.doneOn,
  text: f.text,
  hours: f.minutes === null ? null : f.minutes / 60,
  links: f.links,
  state: f.state,
  recordedAt: f.recordedAt.toISOString(),
  reviewedAt: f.reviewedAt?.toISOString() ?? null,
  reviewComment: f.reviewComment,
  photoIds: photos.get(f.id) ?? [],
});

const WRITER_ACTIONS: readonly PledgeAction[] = ['edit', 'submit', 'fulfil'];
const REVIEWER_ACTIONS: readonly PledgeAction[] = ['approve', 'return', 'assess'];

async function pledgeViews(
  ctx: AppContext,
  p: Principal,
  rows: readonly PledgeRow[],
  accessOf: (pl: PledgeRow) => Promise<PledgeAccess>,
): Promise<PledgeView[]> {
  if (rows.length === 0) return [];
  const db = ctx.database.db;
  const ref = await ctx.reference.get();
  const day = today(ctx);
  const members = new Map(
    (
      await membersByIds(
        db,
        ctx.districtCode,
        rows.flatMap((r) => (r.memberId === null ? [] : [r.memberId])),
      )
    ).map((m) => [m.id, m]),
  );
  const orgIds = [...new Set(rows.flatMap((r) => [r.branchId, ...(r.organisationId === null ? [] : [r.organisationId])]))];
  const orgs = new Map((await organisationsByIds(db, ctx.districtCode, orgIds)).map((o) => [o.id, o]));
  const entries = await fulfilmentsOf(
    db,
    ctx.districtCode,
    rows.map((r) => r.id),
  );
  const photos = await recordPhotoIds(
    db,
    ctx,
    FULFILMENT_PHOTOS,
    entries.map((e) => e.id),
  );
  const mine = await linkedMember(ctx, p);
  const out: PledgeView[] = [];
  for (const r of rows) {
    const access = await accessOf(r);
    const m = r.memberId === null ? undefined : members.get(r.memberId);
    const own = entries.filter((e) => e.pledgeId === r.id);
    const counts = boardCounts(own);
    const stateActions = allowedPledgeActions({ state: r.state, year: r.year, assessed: r.assessment !== null }, day);
    out.push({
      id: r.id,
      ownerKind: r.memberId !== null ? 'member' : 'organisation',
      memberId: r.memberId,
      organisationId: r.organisationId,
      ownerName: m !== undefined ? identityOf(ctx.personalData, m, mine?.id === m.id).realName : (orgs.get(r.organisationId ?? 0)?.name ?? ''),
      branchId: r.branchId,
      branchName: orgs.get(r.branchId)?.name ?? '',
      communityCode: r.communityCode,
      communityName: placeName(ref, r.communityCode),
      year: r.year,
      category: r.category,
      text: r.text,
      public: r.public,
      state: r.state,
      submittedAt: r.submittedAt?.toISOString() ?? null,
      decidedAt: r.decidedAt?.toISOString() ?? null,
      returnReason: r.returnReason,
      assessment: r.assessment,
      assessmentComment: r.assessmentComment,
      assessedAt: r.assessedAt?.toISOString() ?? null,
      fulfilments: own.map((f) => fulfilmentView(f, photos)),
      accepted: counts.accepted,
      pending: own.filter((e) => e.state === 'pending').length,
      acceptedHours: counts.minutes / 60,
      actions: stateActions.filter((a) => (access.write && WRITER_ACTIONS.includes(a)) || (access.review && REVIEWER_ACTIONS.includes(a))),
      mayReview: access.review,
    });
  }
  return out;
}

/** What a writing use case did: the pledge's row after it, and the caller's access to it (for the view). */
export interface Done {
  row: PledgeRow;
  /** Left out when the use case did not need it (a new pledge): the view works it out. */
  access?: PledgeAccess;
  /** The entry recorded, for recordFulfilment. */
  fulfilmentId?: number;
}

const present = async (ctx: AppContext, p: Principal, d: Done): Promise<PledgeView> =>
  viewOne(ctx, p, d.row, d.access ?? (await accessToPledge(ctx, p, d.row)));

const viewOne = async (ctx: AppContext, p: Principal, pl: PledgeRow, access: PledgeAccess): Promise<PledgeView> =>
  (await pledgeViews(ctx, p, [pl], () => Promise.resolve(access)))[0]!;

// ---------------------------------------------------------------------------------------------
// Writing

export interface PledgeInput {
  /** Whose: a member (a party worker writing for them, 代录) or a branch; neither: the signed-in member themself. */
  memberId?: number;
  organisationId?: number;
  year: number;
  category: PledgeCategory;
  text: string;
  public?: boolean;
  /** Submit it at once (写好即提交) instead of keeping a draft. */
  submit?: boolean;
}

/** Writes a draft pledge (or submits it at once) for the member themself, a member of a branch in the worker's scope (代录), or a branch (its secretary, a worker in scope). */
export async function writePledgeRow(ctx: AppContext, p: Principal, input: PledgeInput): Promise<Done> {
  authorize(p, R.pledgeWrite);
  const day = today(ctx);
  const db = ctx.database.db;
  let owner: Owner;
  let member: MemberRow | undefined;
  let organisation: OrganisationRow | undefined;
  if (input.memberId !== undefined && input.organisationId !== undefined)
    throw new AppError('VALIDATION.INVALID_INPUT', 'Name a member or an organisation, not both', { field: 'organisationId' });
  if (input.organisationId !== undefined) {
    organisation = await findOrganisation(db, ctx.districtCode, input.organisationId);
    if (organisation === undefined || (await mayActForBranch(ctx, p, organisation)) === null) throw notFound('Organisation', input.organisationId);
    if (organisation.level !== 'branch' || organisation.retiredAt !== null)
      throw new AppError('PLEDGE.NOT_A_BRANCH', 'Only an active branch pledges', { field: 'organisationId' });
    owner = { organisationId: organisation.id };
  } else if (input.memberId !== undefined) {
    member = await findMember(db, ctx.districtCode, input.memberId);
    const mine = await linkedMember(ctx, p);
    const branch = member === undefined ? undefined : await findOrganisation(db, ctx.districtCode, member.organisationId);
    const scope = await workerScope(ctx, p);
    const allowed =
      member !== undefined &&
      member.leftAt === null &&
      (mine?.id === member.id || (branch !== undefined && scope.kind !== 'none' && inScope(scope, branch.divisionCode)));
    if (!allowed) throw notFound('Member', input.memberId);
    owner = { memberId: member!.id };
  } else {
    member = await memberOfAccount(ctx, p);
    if (member === undefined) throw new AppError('PARTY.NOT_A_MEMBER', 'Your account is not linked to a Party member; name the member or the branch');
    owner = { memberId: member.id };
  }
  const yearProblem = pledgeYearProblem(input.year, day);
  if (yearProblem !== null) throw new AppError('PLEDGE.BAD_YEAR', yearProblem, { field: 'year' });
  const now = ctx.clock();
  const row = await db.transaction(async (tx) => {
    // The owner's row lock serialises their writing, so the yearly limit holds under concurrency.
    if ('memberId' in owner) await lockMember(tx, ctx.districtCode, owner.memberId);
    else await lockOrganisation(tx, ctx.districtCode, owner.organisationId);
    if ((await countPledges(tx, ctx.districtCode, owner, input.year)) >= MAX_PLEDGES_PER_YEAR)
      throw new AppError('PLEDGE.TOO_MANY', `At most ${MAX_PLEDGES_PER_YEAR} pledges a year`, { field: 'year' });
    const pl = await insertPledge(tx, {
      districtCode: ctx.districtCode,
      memberId: member?.id ?? null,
      organisationId: organisation?.id ?? null,
      branchId: member?.organisationId ?? organisation!.id,
      communityCode: boardCommunity(member, organisation),
      year: input.year,
      category: input.category,
      text: input.text.trim(),
      public: input.public ?? true,
      state: input.submit === true ? 'submitted' : 'draft',
      submittedAt: input.submit === true ? now : null,
      writtenByUserId: p.userId,
      createdAt: now,
      updatedAt: now,
    });
    await insertPledgeEvents(tx, [
      event(ctx, p, 'pledge', pl.id, 'written', { year: pl.year, category: pl.category }),
      ...(input.submit === true ? [event(ctx, p, 'pledge', pl.id, 'submitted')] : []),
    ]);
    return pl;
  });
  return { row };
}

/** Edits a draft or returned pledge (text, category); the public flag may change in any state. */
export async function editPledge(
  ctx: AppContext,
  p: Principal,
  id: number,
  patch: { text?: string; category?: PledgeCategory; public?: boolean },
): Promise<PledgeView> {
  authorize(p, R.pledgeWrite);
  const { access } = await visiblePledge(ctx, p, id);
  if (!access.write) throw new AppError('PLEDGE.NOT_OWNER', 'Only the pledge’s owner edits it');
  const row = await ctx.database.db.transaction(async (tx) => {
    const pl = (await findPledge(tx, ctx.districtCode, id, true))!;
    const changesWords = (patch.text !== undefined && patch.text.trim() !== pl.text) || (patch.category !== undefined && patch.category !== pl.category);
    if (changesWords) check(pl, 'edit', today(ctx));
    const set: Partial<PledgeRow> = { updatedAt: ctx.clock() };
    const changed: Record<string, unknown> = {};
    if (patch.text !== undefined && patch.text.trim() !== pl.text) {
      set.text = patch.text.trim();
      changed.text = true;
    }
    if (patch.category !== undefined && patch.category !== pl.category) {
      set.category = patch.category;
      changed.category = { from: pl.category, to: patch.category };
    }
    if (patch.public !== undefined && patch.public !== pl.public) {
      set.public = patch.public;
      changed.public = { from: pl.public, to: patch.public };
    }
    if (Object.keys(changed).length === 0) return pl;
    const out = await updatePledge(tx, pl.id, set);
    await insertPledgeEvents(tx, [event(ctx, p, 'pledge', pl.id, 'edited', changed)]);
    return out;
  });
  return viewOne(ctx, p, row, access);
}

/** Submits a draft or returned pledge to the branch; a member's branch and board community follow their record at this moment (a transfer moves them). */
export async function submitPledgeRow(ctx: AppContext, p: Principal, id: number): Promise<Done> {
  authorize(p, R.pledgeWrite);
  const { access } = await visiblePledge(ctx, p, id);
  if (!access.write) throw new AppError('PLEDGE.NOT_OWNER', 'Only the pledge’s owner submits it');
  const row = await ctx.database.db.transaction(async (tx) => {
    const pl = (await findPledge(tx, ctx.districtCode, id, true))!;
    check(pl, 'submit', today(ctx));
    const m = pl.memberId === null ? undefined : await findMember(tx, ctx.districtCode, pl.memberId);
    if (m !== undefined && m.leftAt !== null) throw notFound('Member', m.id);
    const o = pl.organisationId === null ? undefined : await findOrganisation(tx, ctx.districtCode, pl.organisationId);
    const now = ctx.clock();
    const out = await updatePledge(tx, pl.id, {
      state: pledgeNext(pl.state, 'submit'),
      submittedAt: now,
      updatedAt: now,
      branchId: m?.organisationId ?? pl.branchId,
      communityCode: boardCommunity(m, o),
    });
    await insertPledgeEvents(tx, [event(ctx, p, 'pledge', pl.id, 'submitted')]);
    return out;
  });
  return { row, access };
}

// ---------------------------------------------------------------------------------------------
// Review

/** The pledge's access for a reviewer: 404 for those who may not see it, PLEDGE.OWN_PLEDGE (403) for its own side (the member, its writer, a branch's secretary for the branch's pledge). */
async function reviewable(ctx: AppContext, p: Principal, id: number): Promise<PledgeAccess> {
  authorize(p, R.pledgeReview);
  const { access } = await visiblePledge(ctx, p, id);
  if (!access.review) throw new AppError('PLEDGE.OWN_PLEDGE', 'Nobody reviews their own pledge, or one they wrote');
  return access;
}

/** The branch approves a submitted pledge (its secretary or a party worker in scope; not the pledge's own member or writer). */
export async function approvePledgeRow(ctx: AppContext, p: Principal, id: number): Promise<Done> {
  const access = await reviewable(ctx, p, id);
  const row = await ctx.database.db.transaction(async (tx) => {
    const pl = (await findPledge(tx, ctx.districtCode, id, true))!;
    check(pl, 'approve', today(ctx));
    const now = ctx.clock();
    const out = await updatePledge(tx, pl.id, { state: 'approved', decidedAt: now, decidedByUserId: p.userId, returnReason: null, updatedAt: now });
    await insertPledgeEvents(tx, [event(ctx, p, 'pledge', pl.id, 'approved')]);
    return out;
  });
  return { row, access };
}

/** The branch returns a submitted pledge with a reason; the owner edits and submits it again. */
export async function returnPledgeRow(ctx: AppContext, p: Principal, id: number, reason: string): Promise<Done> {
  const access = await reviewable(ctx, p, id);
  const row = await ctx.database.db.transaction(async (tx) => {
    const pl = (await findPledge(tx, ctx.districtCode, id, true))!;
    check(pl, 'return', today(ctx), reason);
    const now = ctx.clock();
    const out = await updatePledge(tx, pl.id, { state: 'returned', decidedAt: now, decidedByUserId: p.userId, returnReason: reason.trim(), updatedAt: now });
    await insertPledgeEvents(tx, [event(ctx, p, 'pledge', pl.id, 'returned', { reason: reason.trim() })]);
    return out;
  });
  return { row, access };
}

/** The year-end assessment (from 1 December of the pledge's year): fulfilled, partly or not; revisable, the previous one kept in the event. */
export async function assessPledgeRow(ctx: AppContext, p: Principal, id: number, result: Assessment, comment: string): Promise<Done> {
  const access = await reviewable(ctx, p, id);
  const row = await ctx.database.db.transaction(async (tx) => {
    const pl = (await findPledge(tx, ctx.districtCode, id, true))!;
    check(pl, 'assess', today(ctx));
    const now = ctx.clock();
    const out = await updatePledge(tx, pl.id, {
      assessment: result,
      assessmentComment: comment.trim(),
      assessedAt: now,
      assessedByUserId: p.userId,
      updatedAt: now,
    });
    await insertPledgeEvents(tx, [event(ctx, p, 'pledge', pl.id, 'assessed', { result, previous: pl.assessment })]);
    return out;
  });
  return { row, access };
}

// ---------------------------------------------------------------------------------------------
// Fulfilment (践诺)

export interface FulfilmentInput {
  doneOn: string;
  text: string;
  hours?: number | null;
  links?: string[];
  /** The owner's own uploads (photos of what was done), seen by those who see the pledge; not on the public board. */
  photoIds?: readonly number[];
}

/** The owner records what was done for an approved pledge (a day of its year, not after today; optional hours and evidence links); it waits for the branch's review. */
export async function recordFulfilmentRow(ctx: AppContext, p: Principal, id: number, input: FulfilmentInput): Promise<Done> {
  authorize(p, R.pledgeWrite);
  const { access } = await visiblePledge(ctx, p, id);
  if (!access.write) throw new AppError('PLEDGE.NOT_OWNER', 'Only the pledge’s owner records its fulfilment');
  const minutes = input.hours === undefined || input.hours === null ? null : hoursToMinutes(input.hours);
  if (minutes === undefined) throw new AppError('PLEDGE.BAD_HOURS', 'Hours run from 0.5 to 24 in half hours', { field: 'hours' });
  const links = (input.links ?? []).map((l) => l.trim()).filter((l) => l !== '');
  const bad = linksProblem(links);
  if (bad !== null) throw new AppError('PLEDGE.BAD_LINK', 'Evidence links are http(s) addresses, at most five', { field: 'links', index: bad.index });
  const row = await ctx.database.db.transaction(async (tx) => {
    const pl = (await findPledge(tx, ctx.districtCode, id, true))!;
    check(pl, 'fulfil', today(ctx));
    const dayProblem = fulfilmentDayProblem(pl.year, input.doneOn, today(ctx));
    if (dayProblem !== null) throw new AppError('PLEDGE.BAD_DATE', dayProblem, { field: 'doneOn' });
    const f = await insertFulfilment(tx, {
      districtCode: ctx.districtCode,
      pledgeId: pl.id,
      doneOn: input.doneOn,
      text: input.text.trim(),
      minutes,
      links,
      state: 'pending',
      recordedByUserId: p.userId,
      recordedAt: ctx.clock(),
    });
    await attachToRecord(tx, ctx, p, FULFILMENT_PHOTOS, f.id, input.photoIds ?? [], MAX_FULFILMENT_PHOTOS);
    await insertPledgeEvents(tx, [event(ctx, p, 'pledge', pl.id, 'fulfilled', { fulfilmentId: f.id, doneOn: f.doneOn })]);
    return { pl, f };
  });
  return { row: row.pl, access, fulfilmentId: row.f.id };
}

/** One photo of a fulfilment entry: for those who see its pledge (404 otherwise). */
export async function fulfilmentPhoto(ctx: AppContext, p: Principal, fulfilmentId: number, photoId: number): Promise<{ contentType: string; bytes: Buffer }> {
  authorize(p, R.pledgeRead);
  const f = await findFulfilment(ctx.database.db, ctx.districtCode, fulfilmentId);
  if (f === undefined) throw notFound('Fulfilment', fulfilmentId);
  await visiblePledge(ctx, p, f.pledgeId).catch(notFoundAs('Fulfilment', fulfilmentId));
  return recordPhotoContent(ctx, { subject: FULFILMENT_PHOTOS, subjectId: f.id }, photoId);
}

/** The branch accepts or returns a pending fulfilment entry (a return needs a comment); accepted entries count on the board. */
export async function reviewFulfilmentRow(
  ctx: AppContext,
  p: Principal,
  fulfilmentId: number,
  decision: 'accepted' | 'returned',
  comment: string,
): Promise<Done> {
  authorize(p, R.pledgeReview);
  const f0 = await findFulfilment(ctx.database.db, ctx.districtCode, fulfilmentId);
  if (f0 === undefined) throw notFound('Fulfilment', fulfilmentId);
  const access = await reviewable(ctx, p, f0.pledgeId).catch(notFoundAs('Fulfilment', fulfilmentId));
  if (decision === 'returned' && comment.trim().length < 2)
    throw new AppError('PLEDGE.REASON_REQUIRED', 'Give a reason for returning it', { field: 'comment' });
  const pl = await ctx.database.db.transaction(async (tx) => {
    const f = (await findFulfilment(tx, ctx.districtCode, fulfilmentId, true))!;
    if (fulfilmentReviewProblem(f.state) !== null) throw new AppError('PLEDGE.REVIEWED', 'The entry is reviewed already');
    const now = ctx.clock();
    await updateFulfilment(tx, f.id, {
      state: decision,
      reviewedAt: now,
      reviewedByUserId: p.userId,
      reviewComment: comment.trim() === '' ? null : comment.trim(),
    });
    await insertPledgeEvents(tx, [
      event(ctx, p, 'pledge', f.pledgeId, decision === 'accepted' ? 'fulfilment_accepted' : 'fulfilment_returned', { fulfilmentId: f.id }),
    ]);
    return (await findPledge(tx, ctx.districtCode, f.pledgeId))!;
  });
  return { row: pl, access };
}

/**
 * The pledges for a batch decision, all or nothing: each must be one the principal reviews (404 for one
 * they may not see, PLEDGE.OWN_PLEDGE for their own side), looked up in a few queries.
 */
async function reviewableMany(ctx: AppContext, p: Principal, ids: readonly number[]): Promise<void> {
  authorize(p, R.pledgeReview);
  const db = ctx.database.db;
  const v = await viewerOf(ctx, p);
  const rows = new Map((await pledgesByIds(db, ctx.districtCode, ids)).map((r) => [r.id, r]));
  const branches = new Map(
    (
      await organisationsByIds(
        db,
        ctx.districtCode,
        [...rows.values()].map((r) => r.branchId),
      )
    ).map((o) => [o.id, o]),
  );
  for (const id of ids) {
    const pl = rows.get(id);
    const access = pl === undefined ? undefined : accessWith(v, pl, branches.get(pl.branchId));
    if (pl === undefined || access === undefined || !sees(access, pl)) throw notFound('Pledge', id);
    if (!access.review) throw new AppError('PLEDGE.OWN_PLEDGE', 'Nobody reviews their own pledge, or one they wrote', { pledgeId: id });
  }
}

/** 全部通过: the branch approves several submitted pledges at once, under the same rules as one by one (all or nothing); the count approved. */
export async function approvePledgesRow(ctx: AppContext, p: Principal, ids: readonly number[]): Promise<number> {
  const unique = [...new Set(ids)];
  await reviewableMany(ctx, p, unique);
  return ctx.database.db.transaction(async (tx) => {
    const day = today(ctx);
    for (const pl of await pledgesByIds(tx, ctx.districtCode, unique, true)) check(pl, 'approve', day);
    const now = ctx.clock();
    await updatePledges(tx, unique, { state: 'approved', decidedAt: now, decidedByUserId: p.userId, returnReason: null, updatedAt: now });
    await insertPledgeEvents(
      tx,
      unique.map((id) => event(ctx, p, 'pledge', id, 'approved')),
    );
    return unique.length;
  });
}

/** 批量认可: the branch accepts several pending fulfilment entries at once (all or nothing); the count accepted. */
export async function acceptFulfilmentsRow(ctx: AppContext, p: Principal, ids: readonly number[]): Promise<number> {
  const unique = [...new Set(ids)];
  const entries = await fulfilmentsByIds(ctx.database.db, ctx.districtCode, unique);
  if (entries.length !== unique.length)
    throw notFound(
      'Fulfilment',
      unique.find((id) => !entries.some((e) => e.id === id))!,
    );
  await reviewableMany(
    ctx,
    p,
    entries.map((e) => e.pledgeId),
  );
  return ctx.database.db.transaction(async (tx) => {
    const locked = await fulfilmentsByIds(tx, ctx.districtCode, unique, true);
    if (locked.some((f) => fulfilmentReviewProblem(f.state) !== null)) throw new AppError('PLEDGE.REVIEWED', 'An entry is reviewed already');
    const now = ctx.clock();
    await updateFulfilments(tx, unique, { state: 'accepted', reviewedAt: now, reviewedByUserId: p.userId, reviewComment: null });
    await insertPledgeEvents(
      tx,
      locked.map((f) => event(ctx, p, 'pledge', f.pledgeId, 'fulfilment_accepted', { fulfilmentId: f.id })),
    );
    return unique.length;
  });
}

// ---------------------------------------------------------------------------------------------
// The same use cases presented for the caller (the routes); the `…Row` forms serve the demo's seed, which needs no view.

export const writePledge = async (ctx: AppContext, p: Principal, input: PledgeInput): Promise<PledgeView> =>
  present(ctx, p, await writePledgeRow(ctx, p, input));
export const submitPledge = async (ctx: AppContext, p: Principal, id: number): Promise<PledgeView> => present(ctx, p, await submitPledgeRow(ctx, p, id));
export const approvePledge = async (ctx: AppContext, p: Principal, id: number): Promise<PledgeView> => present(ctx, p, await approvePledgeRow(ctx, p, id));
export const returnPledge = async (ctx: AppContext, p: Principal, id: number, reason: string): Promise<PledgeView> =>
  present(ctx, p, await returnPledgeRow(ctx, p, id, reason));
export const assessPledge = async (ctx: AppContext, p: Principal, id: number, result: Assessment, comment: string): Promise<PledgeView> =>
  present(ctx, p, await assessPledgeRow(ctx, p, id, result, comment));
export const recordFulfilment = async (ctx: AppContext, p: Principal, id: number, input: FulfilmentInput): Promise<PledgeView> =>
  present(ctx, p, await recordFulfilmentRow(ctx, p, id, input));
export const reviewFulfilment = async (
  ctx: AppContext,
  p: Principal,
  fulfilmentId: number,
  decision: 'accepted' | 'returned',
  comment: string,
): Promise<PledgeView> => present(ctx, p, await reviewFulfilmentRow(ctx, p, fulfilmentId, decision, comment));

// ---------------------------------------------------------------------------------------------
// Reads

export interface MyPledges {
  memberId: number;
  /** The member's own name, in clear. */
  name: string;
  branchId: number;
  branchName: string;
  year: number;
  pledges: PledgeView[];
  posts: PostView[];
}

/** The signed-in member's pledges of a year (default this year) with their fulfilment, and their pioneer posts. */
export async function myPledges(ctx: AppContext, p: Principal, year?: number): Promise<MyPledges> {
  authorize(p, R.pledgeSelf);
  const m = await memberOfAccount(ctx, p);
  if (m === undefined) throw new AppError('PARTY.NOT_A_MEMBER', 'Your account is not linked to a Party member');
  const y = year ?? Number(today(ctx).slice(0, 4));
  const rows = await pledgesOf(ctx.database.db, ctx.districtCode, { memberId: m.id }, y);
  const branch = await findOrganisation(ctx.database.db, ctx.districtCode, m.organisationId);
  return {
    memberId: m.id,
    name: identityOf(ctx.personalData, m, true).realName,
    branchId: m.organisationId,
    branchName: branch?.name ?? '',
    year: y,
    pledges: await pledgeViews(ctx, p, rows, (pl) => accessToPledge(ctx, p, pl)),
    posts: await postViews(ctx, await postsOfMember(ctx.database.db, ctx.districtCode, m.id), m.id),
  };
}

/** One pledge with its fulfilment (404 for those who may not see it: another member's draft, another branch's pledge). */
export async function getPledge(ctx: AppContext, p: Principal, id: number): Promise<PledgeView> {
  authorize(p, R.pledgeRead);
  const { pl, access } = await visiblePledge(ctx, p, id);
  return viewOne(ctx, p, pl, access);
}

export interface BranchPledges {
  organisationId: number;
  organisationName: string;
  year: number;
  /** Pledges by state (members' drafts left out). */
  counts: Record<PledgeState, number>;
  pledges: PledgeView[];
}

/** The branch that a reviewer asks for: a party worker names one in scope; a secretary may leave it out (their own). 404 outside. */
async function reviewerBranch(ctx: AppContext, p: Principal, organisationId: number | undefined): Promise<{ o: OrganisationRow; as: 'worker' | 'secretary' }> {
  let id = organisationId;
  if (id === undefined) {
    const mine = await linkedMember(ctx, p);
    if (mine === undefined || !isSecretary(mine.posts)) throw new AppError('VALIDATION.INVALID_INPUT', 'Name the branch', { field: 'organisationId' });
    id = mine.organisationId;
  }
  const o = await findOrganisation(ctx.database.db, ctx.districtCode, id);
  const as = o === undefined ? null : await mayActForBranch(ctx, p, o);
  if (o === undefined || as === null) throw notFound('Organisation', id);
  return { o, as };
}

/** A branch's pledges of a year for its review (members' drafts only those the viewer wrote: 代录), optionally of one state. */
export async function branchPledges(ctx: AppContext, p: Principal, q: { organisationId?: number; year?: number; state?: PledgeState }): Promise<BranchPledges> {
  authorize(p, R.pledgeRead);
  const { o } = await reviewerBranch(ctx, p, q.organisationId);
  const y = q.year ?? Number(today(ctx).slice(0, 4));
  const all = await pledgesOfBranch(ctx.database.db, ctx.districtCode, o.id, y, { withDrafts: false, writerUserId: p.userId });
  const counts: Record<PledgeState, number> = { draft: 0, submitted: 0, approved: 0, returned: 0 };
  for (const r of all) counts[r.state]++;
  const rows = q.state === undefined ? all : all.filter((r) => r.state === q.state);
  return {
    organisationId: o.id,
    organisationName: o.name,
    year: y,
    counts,
    pledges: await pledgeViews(ctx, p, rows, (pl) => accessToPledge(ctx, p, pl)),
  };
}

// ---------------------------------------------------------------------------------------------
// 先锋岗

export interface PostView {
  id: number;
  memberId: number;
  /** Masked (张*) unless it is the viewer's own. */
  memberName: string;
  branchId: number;
  kind: PostKind;
  title: string;
  place: string;
  communityCode: string | null;
  from: string;
  until: string | null;
  endedOn: string | null;
  endReason: string | null;
  /** Held today. */
  held: boolean;
}

async function postViews(ctx: AppContext, rows: readonly PostRow[], selfMemberId: number | null = null): Promise<PostView[]> {
  const members = new Map(
    (
      await membersByIds(
        ctx.database.db,
        ctx.districtCode,
        rows.map((r) => r.memberId),
      )
    ).map((m) => [m.id, m]),
  );
  const day = today(ctx);
  return rows.map((r) => {
    const m = members.get(r.memberId);
    return {
      id: r.id,
      memberId: r.memberId,
      memberName: m === undefined ? '' : identityOf(ctx.personalData, m, m.id === selfMemberId).realName,
      branchId: r.branchId,
      kind: r.kind,
      title: r.title,
      place: r.place,
      communityCode: r.communityCode,
      from: r.fromOn,
      until: r.untilOn,
      endedOn: r.endedOn,
      endReason: r.endReason,
      held: postHeldOn({ from: r.fromOn, until: r.untilOn, endedOn: r.endedOn }, day),
    };
  });
}

/** A branch's pioneer posts (its secretary; party workers in scope, who name the branch). */
export async function branchPosts(
  ctx: AppContext,
  p: Principal,
  organisationId: number | undefined,
): Promise<{ organisationId: number; organisationName: string; posts: PostView[] }> {
  authorize(p, R.pledgePosts);
  const { o } = await reviewerBranch(ctx, p, organisationId);
  return { organisationId: o.id, organisationName: o.name, posts: await postViews(ctx, await postsOfBranch(ctx.database.db, ctx.districtCode, o.id)) };
}

export interface PostInput {
  memberId: number;
  kind: PostKind;
  title: string;
  place: string;
  from: string;
  until?: string | null;
}

/** The branch grants a member of it a post for a period (its secretary, or a party worker in scope of the branch). */
export async function grantPost(ctx: AppContext, p: Principal, input: PostInput): Promise<PostView> {
  authorize(p, R.pledgePosts);
  const db = ctx.database.db;
  const m = await findMember(db, ctx.districtCode, input.memberId);
  const branch = m === undefined ? undefined : await findOrganisation(db, ctx.districtCode, m.organisationId);
  if (m === undefined || m.leftAt !== null || branch === undefined || (await mayActForBranch(ctx, p, branch)) === null)
    throw notFound('Member', input.memberId);
  const until = input.until ?? null;
  const problem = postPeriodProblem(input.from, until, today(ctx));
  if (problem !== null) throw new AppError('PLEDGE.BAD_PERIOD', problem, { field: problem === 'TOO_FAR' ? 'from' : 'until' });
  const row = await db.transaction(async (tx) => {
    const r = await insertPost(tx, {
      districtCode: ctx.districtCode,
      memberId: m.id,
      branchId: branch.id,
      kind: input.kind,
      title: input.title.trim(),
      place: input.place.trim(),
      communityCode: m.homeCommunityCode,
      fromOn: input.from,
      untilOn: until,
      grantedByUserId: p.userId,
      grantedAt: ctx.clock(),
    });
    await insertPledgeEvents(tx, [event(ctx, p, 'post', r.id, 'granted', { memberId: m.id, kind: r.kind, from: r.fromOn, until: r.untilOn })]);
    return r;
  });
  return (await postViews(ctx, [row]))[0]!;
}

/** Ends a post early (from `endedOn`, default today), with a reason; the row stays. */
export async function endPost(ctx: AppContext, p: Principal, id: number, reason: string): Promise<PostView> {
  authorize(p, R.pledgePosts);
  const db = ctx.database.db;
  const r0 = await findPost(db, ctx.districtCode, id);
  const branch = r0 === undefined ? undefined : await findOrganisation(db, ctx.districtCode, r0.branchId);
  if (r0 === undefined || branch === undefined || (await mayActForBranch(ctx, p, branch)) === null) throw notFound('Post', id);
  if (reason.trim().length < 2) throw new AppError('PLEDGE.REASON_REQUIRED', 'Give a reason', { field: 'reason' });
  const row = await db.transaction(async (tx) => {
    const r = (await findPost(tx, ctx.districtCode, id, true))!;
    if (r.endedOn !== null) throw new AppError('PLEDGE.POST_ENDED', 'The post is ended already');
    const out = await updatePost(tx, r.id, { endedOn: today(ctx), endReason: reason.trim(), endedByUserId: p.userId });
    await insertPledgeEvents(tx, [event(ctx, p, 'post', r.id, 'ended', { reason: reason.trim() })]);
    return out;
  });
  return (await postViews(ctx, [row]))[0]!;
}

// ---------------------------------------------------------------------------------------------
// 公示栏 (public)

export interface BoardPledge {
  id: number;
  ownerKind: 'member' | 'organisation';
  /** The member's name masked (张*), or the branch's name. */
  name: string;
  branchName: string;
  category: PledgeCategory;
  text: string;
  /** Accepted fulfilment entries and their hours. */
  fulfilments: number;
  hours: number;
  assessment: Assessment | null;
}

export interface CommunityBoard {
  communityCode: string;
  communityName: string;
  year: number;
  pledges: BoardPledge[];
  posts: { kind: PostKind; title: string; place: string; name: string; from: string; until: string | null }[];
}

/**
 * A community's board (no sign-in): the year's approved public pledges of its members (by home
 * community) and branches, names masked, with accepted fulfilment counts; the pioneer posts held today.
 * At most 500 of each. An unknown community is 404.
 */
export async function communityBoard(ctx: AppContext, communityCode: string, year?: number): Promise<CommunityBoard> {
  const ref = await ctx.reference.get();
  const d = ref.divisionByCode.get(communityCode);
  if (d === undefined || d.level !== 'community' || !communityCode.startsWith(ctx.districtCode)) throw notFound('Community', communityCode);
  const db = ctx.database.db;
  const day = today(ctx);
  const y = year ?? Number(day.slice(0, 4));
  const rows = await boardPledges(db, ctx.districtCode, communityCode, y, BOARD_LIMIT);
  const counts = await acceptedCounts(
    db,
    ctx.districtCode,
    rows.map((r) => r.id),
  );
  const posts = await postsHeldIn(db, ctx.districtCode, communityCode, day, BOARD_LIMIT);
  const members = new Map(
    (await membersByIds(db, ctx.districtCode, [...rows.flatMap((r) => (r.memberId === null ? [] : [r.memberId])), ...posts.map((x) => x.memberId)])).map(
      (m) => [m.id, m],
    ),
  );
  const orgs = new Map(
    (
      await organisationsByIds(
        db,
        ctx.districtCode,
        rows.map((r) => r.branchId),
      )
    ).map((o) => [o.id, o]),
  );
  const masked = (id: number) => {
    const m = members.get(id);
    return m === undefined ? '' : identityOf(ctx.personalData, m, false).realName;
  };
  return {
    communityCode,
    communityName: d.name,
    year: y,
    pledges: rows.map((r) => {
      const c = counts.get(r.id) ?? { accepted: 0, minutes: 0 };
      return {
        id: r.id,
        ownerKind: r.memberId !== null ? 'member' : 'organisation',
        name: r.memberId !== null ? masked(r.memberId) : (orgs.get(r.branchId)?.name ?? ''),
        branchName: orgs.get(r.branchId)?.name ?? '',
        category: r.category,
        text: r.text,
        fulfilments: c.accepted,
        hours: c.minutes / 60,
        assessment: r.assessment,
      };
    }),
    posts: posts.map((x) => ({ kind: x.kind, title: x.title, place: x.place, name: masked(x.memberId), from: x.fromOn, until: x.untilOn })),
  };
}
