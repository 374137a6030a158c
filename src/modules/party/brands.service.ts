/**
 * 党建品牌 use cases: the programme and its criteria, branches' applications, the preliminary review,
 * rounds of blind expert scoring, ranking, advancing, publication and the public list. Experts see
 * applications under a blind label, never the branch, never another expert's scores or the ranking.
 */
import { createHash } from 'node:crypto';
import type { AppContext } from '../../engine/context.ts';
import type { Principal } from '../../engine/auth.ts';
import { authorize } from '../../engine/policy.ts';
import { STAFF_ROLES } from '../../engine/domain/workflow/ticket.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import { AppError } from '../../platform/errors.ts';
import {
  blindLabel,
  criteriaProblems,
  rankRound,
  sheetProblems,
  sheetTotal,
  type ApplicationStatus,
  type BrandCriterion,
  type ProgrammeStatus,
} from './brands.domain.ts';
import { PARTY_RATING_RULES as R } from './rating.policy.ts';
import {
  applicationsOf,
  applicationsOfOrganisations,
  displayNames,
  entriesOf,
  expertsOf,
  findApplication,
  findEntry,
  findProgramme,
  findScore,
  findRound,
  insertApplication,
  insertProgramme,
  insertRound,
  insertRoundEntries,
  insertRoundExperts,
  listProgrammes,
  organisationsByIds,
  publishedBrands,
  roundsOf,
  roundsOfExpert,
  scoresOfExpert,
  scoresOfRound,
  updateApplication,
  updateEntry,
  updateProgramme,
  updateRound,
  upsertScore,
  usersByIds,
  type ApplicationRow,
  type ProgrammeRow,
  type RoundRow,
} from './rating.repository.ts';
import { partyActor, requireOrganiser } from './rating.scope.ts';

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

async function loadProgramme(ctx: AppContext, id: number): Promise<ProgrammeRow> {
  const p = await findProgramme(ctx.database.db, ctx.districtCode, id);
  if (p === undefined) throw new AppError('NOT_FOUND', `No programme ${id}`);
  return p;
}

export interface ProgrammeSummary {
  id: number;
  year: number;
  title: string;
  status: ProgrammeStatus;
  criteria: BrandCriterion[];
  createdAt: string;
  publishedAt: string | null;
}

const programmeSummary = (p: ProgrammeRow): ProgrammeSummary => ({
  id: p.id,
  year: p.year,
  title: p.title,
  status: p.status,
  criteria: p.criteria,
  createdAt: p.createdAt.toISOString(),
  publishedAt: iso(p.publishedAt),
});

export async function listBrandProgrammes(ctx: AppContext, p: Principal): Promise<ProgrammeSummary[]> {
  authorize(p, R.brandRead);
  return (await listProgrammes(ctx.database.db, ctx.districtCode)).map(programmeSummary);
}

export async function createProgramme(
  ctx: AppContext,
  p: Principal,
  input: { year: number; title: string; criteria: BrandCriterion[] },
): Promise<ProgrammeSummary> {
  authorize(p, R.brandOrganise);
  requireOrganiser(p);
  const problems = criteriaProblems(input.criteria);
  if (problems.length > 0) throw new AppError('BRAND.INVALID_CRITERIA', problems.join('; '), { problems });
  return programmeSummary(
    await insertProgramme(ctx.database.db, {
      districtCode: ctx.districtCode,
      year: input.year,
      title: input.title,
      criteria: input.criteria,
      status: 'applying',
      createdBy: p.userId,
      createdAt: ctx.clock(),
    }),
  );
}

export interface ApplicationView {
  id: number;
  programmeId: number;
  organisationId: number;
  organisationName: string;
  title: string;
  summary: string;
  practice: string;
  status: ApplicationStatus;
  appliedAt: string;
  reviewReason: string | null;
  reviewedAt: string | null;
  chosen: boolean;
  finalRank: number | null;
  /** The last round it reached. */
  reachedRound: number | null;
}

async function applicationViews(ctx: AppContext, apps: ApplicationRow[], reached: Map<number, number> = new Map()): Promise<ApplicationView[]> {
  const orgs = await organisationsByIds(
    ctx.database.db,
    ctx.districtCode,
    apps.map((a) => a.organisationId),
  );
  return apps.map((a) => ({
    id: a.id,
    programmeId: a.programmeId,
    organisationId: a.organisationId,
    organisationName: orgs.get(a.organisationId)?.name ?? '',
    title: a.title,
    summary: a.summary,
    practice: a.practice,
    status: a.status,
    appliedAt: a.appliedAt.toISOString(),
    reviewReason: a.reviewReason,
    reviewedAt: iso(a.reviewedAt),
    chosen: a.chosen,
    finalRank: a.finalRank,
    reachedRound: reached.get(a.id) ?? null,
  }));
}

/** The organiser's view of a programme: every application (named) and the rounds. */
export async function programmeDetail(ctx: AppContext, p: Principal, id: number) {
  authorize(p, R.brandOrganise);
  requireOrganiser(p);
  const prog = await loadProgramme(ctx, id);
  const db = ctx.database.db;
  const d = ctx.districtCode;
  const rounds = await roundsOf(db, d, id);
  const reached = new Map<number, number>();
  const roundViews = [];
  for (const r of rounds) {
    const entries = await entriesOf(db, d, r.id);
    for (const e of entries) reached.set(e.applicationId, r.number);
    roundViews.push({
      id: r.id,
      number: r.number,
      status: r.status,
      trimmed: r.trimmed,
      entries: entries.length,
      experts: (await expertsOf(db, d, r.id)).length,
      advanced: entries.filter((e) => e.advanced).length,
      openedAt: r.openedAt.toISOString(),
      closedAt: iso(r.closedAt),
    });
  }
  return { programme: programmeSummary(prog), applications: await applicationViews(ctx, await applicationsOf(db, d, id), reached), rounds: roundViews };
}

/** A branch secretary applies for their branch (one application per branch and programme). */
export async function applyForBrand(
  ctx: AppContext,
  p: Principal,
  programmeId: number,
  input: { title: string; summary: string; practice: string; organisationId?: number },
): Promise<ApplicationView> {
  authorize(p, R.brandApply);
  const a = await partyActor(ctx, p);
  if (a.secretaryOf.length === 0) throw new AppError('BRAND.NOT_SECRETARY', 'Only a branch secretary applies');
  const orgId = input.organisationId ?? (a.secretaryOf.length === 1 ? a.secretaryOf[0]! : undefined);
  if (orgId === undefined || !a.secretaryOf.includes(orgId)) throw new AppError('BRAND.NOT_SECRETARY', 'Name one of your branches (organisationId)');
  const prog = await loadProgramme(ctx, programmeId);
  if (prog.status !== 'applying') throw new AppError('BRAND.WRONG_STAGE', 'The programme no longer takes applications');
  try {
    const row = await insertApplication(ctx.database.db, {
      districtCode: ctx.districtCode,
      programmeId,
      organisationId: orgId,
      title: input.title,
      summary: input.summary,
      practice: input.practice,
      status: 'submitted',
      appliedBy: p.userId,
      appliedAt: ctx.clock(),
    });
    return (await applicationViews(ctx, [row]))[0]!;
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('BRAND.ALREADY_APPLIED', 'Your branch has applied to this programme');
    throw e;
  }
}

export async function myApplications(ctx: AppContext, p: Principal): Promise<ApplicationView[]> {
  authorize(p, R.brandApply);
  const a = await partyActor(ctx, p);
  return applicationViews(ctx, await applicationsOfOrganisations(ctx.database.db, ctx.districtCode, a.secretaryOf));
}

/** 初审: the organiser passes or rejects (with a reason) an application while the programme takes applications. */
export async function preliminaryReview(
  ctx: AppContext,
  p: Principal,
  applicationId: number,
  input: { decision: 'pass' | 'reject'; reason?: string },
): Promise<ApplicationView> {
  authorize(p, R.brandOrganise);
  requireOrganiser(p);
  const app = await findApplication(ctx.database.db, ctx.districtCode, applicationId);
  if (app === undefined) throw new AppError('NOT_FOUND', `No application ${applicationId}`);
  const prog = await loadProgramme(ctx, app.programmeId);
  if (prog.status !== 'applying' || app.status !== 'submitted')
    throw new AppError('BRAND.WRONG_STAGE', 'Only a submitted application is reviewed, before scoring starts');
  const reason = input.reason?.trim() ?? '';
  if (input.decision === 'reject' && reason === '') throw new AppError('BRAND.REASON_REQUIRED', 'Say why the application is rejected');
  await updateApplication(ctx.database.db, ctx.districtCode, applicationId, {
    status: input.decision === 'pass' ? 'passed' : 'rejected',
    reviewReason: reason === '' ? null : reason,
    reviewedBy: p.userId,
    reviewedAt: ctx.clock(),
  });
  return (await applicationViews(ctx, [(await findApplication(ctx.database.db, ctx.districtCode, applicationId))!]))[0]!;
}

/** Experts must be 1..15 distinct active staff accounts of the district. */
async function checkExperts(ctx: AppContext, ids: readonly number[]): Promise<void> {
  const ref = await ctx.reference.get();
  const rows = await usersByIds(ctx.database.db, ids);
  const ok =
    ids.length >= 1 &&
    ids.length <= 15 &&
    new Set(ids).size === ids.length &&
    rows.length === ids.length &&
    rows.every((u) => u.active && ref.unitById.has(u.unitId) && u.roles.some((r) => (STAFF_ROLES as readonly string[]).includes(r)));
  if (!ok) throw new AppError('BRAND.INVALID_EXPERTS', 'Experts are 1..15 distinct active staff accounts of the district', { expertUserIds: ids });
}

/** A round's blind positions: ordered by a hash of the round and the application, so the order tells nothing. */
const blindOrder = (roundId: number, ids: readonly number[]): number[] =>
  [...ids].sort((x, y) => {
    const hx = createHash('sha256').update(`${roundId}:${x}`).digest('hex');
    const hy = createHash('sha256').update(`${roundId}:${y}`).digest('hex');
    return hx < hy ? -1 : hx > hy ? 1 : x - y;
  });

async function openRound(
  ctx: AppContext,
  p: Principal,
  prog: ProgrammeRow,
  number: number,
  applicationIds: number[],
  experts: number[],
  trimmed: boolean,
): Promise<RoundRow> {
  return ctx.database.db.transaction(async (tx) => {
    const round = await openRoundIn(tx, ctx, p, prog, number, applicationIds, experts, trimmed);
    await updateProgramme(tx, ctx.districtCode, prog.id, { status: 'scoring' });
    return round;
  });
}

/** Opens round 1 with every passed application, once every application has had its preliminary review. */
export async function openFirstRound(ctx: AppContext, p: Principal, programmeId: number, input: { expertUserIds: number[]; trimmed?: boolean }) {
  authorize(p, R.brandOrganise);
  requireOrganiser(p);
  const prog = await loadProgramme(ctx, programmeId);
  if (prog.status !== 'applying') throw new AppError('BRAND.WRONG_STAGE', 'Scoring has started already');
  const apps = await applicationsOf(ctx.database.db, ctx.districtCode, programmeId);
  const waiting = apps.filter((a) => a.status === 'submitted').length;
  if (waiting > 0) throw new AppError('BRAND.WRONG_STAGE', `${waiting} applications wait for their preliminary review`, { waiting });
  const passed = apps.filter((a) => a.status === 'passed').map((a) => a.id);
  if (passed.length === 0) throw new AppError('BRAND.NOTHING_TO_SCORE', 'No application passed the preliminary review');
  await checkExperts(ctx, input.expertUserIds);
  try {
    const round = await openRound(ctx, p, prog, 1, passed, input.expertUserIds, input.trimmed ?? false);
    return roundTable(ctx, p, round.id);
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('BRAND.WRONG_STAGE', 'Round 1 is open already');
    throw e;
  }
}

async function loadRound(ctx: AppContext, id: number): Promise<RoundRow> {
  const r = await findRound(ctx.database.db, ctx.districtCode, id);
  if (r === undefined) throw new AppError('NOT_FOUND', `No round ${id}`);
  return r;
}

/** The live (or, once closed, frozen) ranking of a round. */
async function ranking(ctx: AppContext, round: RoundRow, db: DbOrTx = ctx.database.db) {
  const d = ctx.districtCode;
  const entries = await entriesOf(db, d, round.id);
  const scores = await scoresOfRound(db, d, round.id);
  const experts = await expertsOf(db, d, round.id);
  const live = rankRound(
    entries.map((e) => ({
      applicationId: e.applicationId,
      totals: scores.filter((s) => s.applicationId === e.applicationId && experts.includes(s.expertUserId)).map((s) => s.total),
    })),
    round.trimmed,
  );
  return { entries, scores, experts, live };
}

/**
 * The organiser's one-screen table of a round: every application with its branch, each expert's
 * completion, the mean, the rank (live while scoring, frozen once closed) and the advance mark.
 */
export async function roundTable(ctx: AppContext, p: Principal, roundId: number) {
  authorize(p, R.brandOrganise);
  requireOrganiser(p);
  const round = await loadRound(ctx, roundId);
  const prog = await loadProgramme(ctx, round.programmeId);
  const { entries, scores, experts, live } = await ranking(ctx, round);
  const db = ctx.database.db;
  const apps = new Map((await applicationsOf(db, ctx.districtCode, round.programmeId)).map((a) => [a.id, a]));
  const orgs = await organisationsByIds(
    db,
    ctx.districtCode,
    [...apps.values()].map((a) => a.organisationId),
  );
  const names = await displayNames(db, experts);
  const liveBy = new Map(live.map((x) => [x.applicationId, x]));
  const done = new Set(scores.map((s) => `${s.applicationId}:${s.expertUserId}`));
  const rows = entries.map((e) => {
    const app = apps.get(e.applicationId)!;
    const l = liveBy.get(e.applicationId)!;
    const closed = round.status === 'closed';
    return {
      applicationId: e.applicationId,
      label: blindLabel(round.number, e.position),
      organisationName: orgs.get(app.organisationId)?.name ?? '',
      title: app.title,
      expertsDone: experts.map((u) => done.has(`${e.applicationId}:${u}`)),
      scored: experts.filter((u) => done.has(`${e.applicationId}:${u}`)).length,
      mean: closed ? (e.meanHundredths === null ? null : e.meanHundredths / 100) : l.mean,
      rank: closed ? e.rank : l.rank,
      tied: closed ? (e.tied ?? false) : l.tied,
      advanced: e.advanced,
      chosen: app.chosen,
    };
  });
  rows.sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9));
  const rounds = await roundsOf(db, ctx.districtCode, round.programmeId);
  return {
    programme: programmeSummary(prog),
    round: {
      id: round.id,
      number: round.number,
      status: round.status,
      trimmed: round.trimmed,
      openedAt: round.openedAt.toISOString(),
      closedAt: iso(round.closedAt),
      /** True for the programme's latest round. */
      latest: rounds[rounds.length - 1]!.id === round.id,
    },
    experts: experts.map((u) => ({ userId: u, name: names.get(u) ?? '', done: scores.filter((s) => s.expertUserId === u).length, of: entries.length })),
    rows,
  };
}

/** Closes a round once every expert scored every application: the ranking is frozen. */
export async function closeRound(ctx: AppContext, p: Principal, roundId: number) {
  authorize(p, R.brandOrganise);
  requireOrganiser(p);
  const d = ctx.districtCode;
  await ctx.database.db.transaction(async (tx) => {
    const round = await findRound(tx, d, roundId, true);
    if (round === undefined) throw new AppError('NOT_FOUND', `No round ${roundId}`);
    if (round.status !== 'scoring') throw new AppError('BRAND.WRONG_STAGE', 'The round is closed already');
    const { entries, scores, experts, live } = await ranking(ctx, round, tx);
    const missing = entries.length * experts.length - scores.filter((s) => experts.includes(s.expertUserId)).length;
    if (missing > 0) throw new AppError('BRAND.ROUND_INCOMPLETE', `${missing} score sheets are missing`, { missing });
    for (const l of live)
      await updateEntry(tx, d, roundId, l.applicationId, { meanHundredths: l.mean === null ? null : Math.round(l.mean * 100), rank: l.rank, tied: l.tied });
    await updateRound(tx, d, roundId, { status: 'closed', closedAt: ctx.clock() });
  });
  return roundTable(ctx, p, roundId);
}

/** The chosen applications of a closed round: named ones, or the top N by rank. */
async function selection(ctx: AppContext, round: RoundRow, pick: { applicationIds?: number[]; top?: number }): Promise<number[]> {
  const entries = await entriesOf(ctx.database.db, ctx.districtCode, round.id);
  let ids: number[];
  if (pick.applicationIds !== undefined) ids = [...new Set(pick.applicationIds)];
  else if (pick.top !== undefined)
    ids = [...entries]
      .sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9))
      .slice(0, pick.top)
      .map((e) => e.applicationId);
  else ids = [];
  const inRound = new Set(entries.map((e) => e.applicationId));
  if (ids.length === 0 || ids.some((x) => !inRound.has(x)) || (pick.top !== undefined && pick.top > entries.length))
    throw new AppError('BRAND.INVALID_SELECTION', 'Choose applications of this round', { inRound: entries.length });
  return ids;
}

async function latestClosedRound(ctx: AppContext, roundId: number): Promise<{ round: RoundRow; prog: ProgrammeRow }> {
  const round = await loadRound(ctx, roundId);
  const prog = await loadProgramme(ctx, round.programmeId);
  const rounds = await roundsOf(ctx.database.db, ctx.districtCode, prog.id);
  if (prog.status !== 'scoring' || rounds[rounds.length - 1]!.id !== round.id)
    throw new AppError('BRAND.ALREADY_ADVANCED', 'A later round exists, or the programme is published');
  if (round.status !== 'closed') throw new AppError('BRAND.WRONG_STAGE', 'Close the round first');
  return { round, prog };
}

/** Advances the chosen applications of a closed round (top N or a named set) to a new round with its experts. */
export async function advanceRound(
  ctx: AppContext,
  p: Principal,
  roundId: number,
  input: { applicationIds?: number[]; top?: number; expertUserIds: number[]; trimmed?: boolean },
) {
  authorize(p, R.brandOrganise);
  requireOrganiser(p);
  const { round, prog } = await latestClosedRound(ctx, roundId);
  const ids = await selection(ctx, round, input);
  await checkExperts(ctx, input.expertUserIds);
  let next: RoundRow;
  try {
    next = await ctx.database.db.transaction(async (tx) => {
      for (const id of ids) await updateEntry(tx, ctx.districtCode, round.id, id, { advanced: true });
      return openRoundIn(tx, ctx, p, prog, round.number + 1, ids, input.expertUserIds, input.trimmed ?? round.trimmed);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('BRAND.ALREADY_ADVANCED', 'The next round exists already');
    throw e;
  }
  return roundTable(ctx, p, next.id);
}

async function openRoundIn(
  tx: DbOrTx,
  ctx: AppContext,
  p: Principal,
  prog: ProgrammeRow,
  number: number,
  applicationIds: number[],
  experts: number[],
  trimmed: boolean,
): Promise<RoundRow> {
  const d = ctx.districtCode;
  const round = await insertRound(tx, { districtCode: d, programmeId: prog.id, number, status: 'scoring', trimmed, openedBy: p.userId, openedAt: ctx.clock() });
  await insertRoundExperts(tx, d, round.id, experts);
  await insertRoundEntries(
    tx,
    blindOrder(round.id, applicationIds).map((applicationId, i) => ({ districtCode: d, roundId: round.id, applicationId, position: i + 1 })),
  );
  return round;
}

/** Publishes the programme: the chosen applications of its last (closed) round become its brands, ranked by that round. */
export async function publishProgramme(ctx: AppContext, p: Principal, programmeId: number, input: { applicationIds?: number[]; top?: number }) {
  authorize(p, R.brandOrganise);
  requireOrganiser(p);
  const rounds = await roundsOf(ctx.database.db, ctx.districtCode, programmeId);
  if (rounds.length === 0) {
    await loadProgramme(ctx, programmeId);
    throw new AppError('BRAND.WRONG_STAGE', 'No round has been scored');
  }
  const { round } = await latestClosedRound(ctx, rounds[rounds.length - 1]!.id);
  const ids = await selection(ctx, round, input);
  const entries = await entriesOf(ctx.database.db, ctx.districtCode, round.id);
  const chosen = entries.filter((e) => ids.includes(e.applicationId)).sort((a, b) => a.rank! - b.rank!);
  await ctx.database.db.transaction(async (tx) => {
    for (const [i, e] of chosen.entries()) {
      await updateApplication(tx, ctx.districtCode, e.applicationId, { chosen: true, finalRank: i + 1 });
      await updateEntry(tx, ctx.districtCode, round.id, e.applicationId, { advanced: true });
    }
    await updateProgramme(tx, ctx.districtCode, programmeId, { status: 'published', publishedAt: ctx.clock() });
  });
  return programmeDetail(ctx, p, programmeId);
}

/** The published brands of the district (public). */
export async function listPublishedBrands(ctx: AppContext) {
  return (await publishedBrands(ctx.database.db, ctx.districtCode)).map((x) => ({
    programmeId: x.programme.id,
    programmeTitle: x.programme.title,
    year: x.programme.year,
    rank: x.application.finalRank ?? 0,
    organisationName: x.organisationName,
    title: x.application.title,
    summary: x.application.summary,
    publishedAt: x.programme.publishedAt?.toISOString() ?? '',
  }));
}

// ----- experts (blind)

async function expertRound(ctx: AppContext, p: Principal, roundId: number): Promise<{ round: RoundRow; prog: ProgrammeRow }> {
  authorize(p, R.brandScore);
  const round = await findRound(ctx.database.db, ctx.districtCode, roundId);
  if (round === undefined || !(await expertsOf(ctx.database.db, ctx.districtCode, round.id)).includes(p.userId))
    throw new AppError('NOT_FOUND', `No round ${roundId} of yours`);
  return { round, prog: await loadProgramme(ctx, round.programmeId) };
}

/** The rounds the expert is assigned to, with their progress (no ranking). */
export async function myExpertRounds(ctx: AppContext, p: Principal) {
  authorize(p, R.brandScore);
  const out = [];
  for (const x of await roundsOfExpert(ctx.database.db, ctx.districtCode, p.userId)) {
    const entries = await entriesOf(ctx.database.db, ctx.districtCode, x.round.id);
    const mine = await scoresOfExpert(ctx.database.db, ctx.districtCode, x.round.id, p.userId);
    out.push({
      roundId: x.round.id,
      number: x.round.number,
      status: x.round.status,
      programmeTitle: x.programmeTitle,
      entries: entries.length,
      scored: mine.length,
    });
  }
  return out;
}

/** The expert's blind sheet: each application by label (no branch), with the expert's own scores only. */
export async function expertSheet(ctx: AppContext, p: Principal, roundId: number) {
  const { round, prog } = await expertRound(ctx, p, roundId);
  const db = ctx.database.db;
  const entries = await entriesOf(db, ctx.districtCode, round.id);
  const apps = new Map((await applicationsOf(db, ctx.districtCode, prog.id)).map((a) => [a.id, a]));
  const mine = new Map((await scoresOfExpert(db, ctx.districtCode, round.id, p.userId)).map((s) => [s.applicationId, s]));
  return {
    round: { id: round.id, number: round.number, status: round.status, programmeTitle: prog.title },
    criteria: prog.criteria,
    items: entries.map((e) => {
      const a = apps.get(e.applicationId)!;
      const s = mine.get(e.applicationId);
      return {
        applicationId: e.applicationId,
        label: blindLabel(round.number, e.position),
        title: a.title,
        summary: a.summary,
        practice: a.practice,
        myScores: s?.scores ?? null,
        myTotal: s?.total ?? null,
        myComment: s?.comment ?? null,
      };
    }),
  };
}

/** One application of the expert's round (404 for any other). */
export async function expertApplication(ctx: AppContext, p: Principal, roundId: number, applicationId: number) {
  const { round, prog } = await expertRound(ctx, p, roundId);
  const db = ctx.database.db;
  const entry = await findEntry(db, ctx.districtCode, round.id, applicationId);
  const a = entry && (await findApplication(db, ctx.districtCode, applicationId));
  if (entry === undefined || a === undefined) throw new AppError('NOT_FOUND', `No application ${applicationId} in round ${roundId}`);
  const s = await findScore(db, ctx.districtCode, round.id, applicationId, p.userId);
  return {
    round: { id: round.id, number: round.number, status: round.status, programmeTitle: prog.title },
    criteria: prog.criteria,
    item: {
      applicationId,
      label: blindLabel(round.number, entry.position),
      title: a.title,
      summary: a.summary,
      practice: a.practice,
      myScores: s?.scores ?? null,
      myTotal: s?.total ?? null,
      myComment: s?.comment ?? null,
    },
  };
}

/** The expert scores (or revises) one application of their round, every criterion within 0..max, until the round closes. */
export async function scoreApplication(
  ctx: AppContext,
  p: Principal,
  roundId: number,
  applicationId: number,
  input: { scores: Record<string, number>; comment?: string },
) {
  const { round, prog } = await expertRound(ctx, p, roundId);
  if ((await findEntry(ctx.database.db, ctx.districtCode, round.id, applicationId)) === undefined)
    throw new AppError('NOT_FOUND', `No application ${applicationId} in round ${roundId}`);
  if (round.status !== 'scoring') throw new AppError('BRAND.WRONG_STAGE', 'The round is closed');
  const problems = sheetProblems(prog.criteria, input.scores);
  if (problems.length > 0) throw new AppError('BRAND.INVALID_SHEET', problems.join('; '), { problems });
  await upsertScore(ctx.database.db, {
    districtCode: ctx.districtCode,
    roundId: round.id,
    applicationId,
    expertUserId: p.userId,
    scores: input.scores,
    total: sheetTotal(input.scores),
    comment: input.comment ?? null,
    scoredAt: ctx.clock(),
  });
  return expertApplication(ctx, p, roundId, applicationId);
}
