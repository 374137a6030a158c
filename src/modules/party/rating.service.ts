/**
 * 评星定级 use cases: rule sets, the yearly cycle (open → self-ratings and reviews → posting with
 * appeals → final), and the reads (cycle board, a rating's detail, a branch's history, branches that
 * fell a star). Each takes the context and the principal and checks the policy and the scope first.
 */
import type { AppContext } from '../../engine/context.ts';
import type { Principal } from '../../engine/auth.ts';
import { authorize } from '../../engine/policy.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import { AppError } from '../../platform/errors.ts';
import {
  entryProblems,
  fromTenths,
  memberCountScore,
  complianceScore,
  serviceHoursScore,
  type IndicatorSource,
  ruleSetForYear,
  ruleSetProblems,
  scoreRating,
  shanghaiDay,
  toTenths,
  withinWindow,
  type CycleStatus,
  type IndicatorEntry,
  type RatingResult,
  type RatingStatus,
  type RuleSetContent,
} from './rating.domain.ts';
import { PARTY_RATING_RULES as R } from './rating.policy.ts';
import {
  activeMemberCount,
  displayNames,
  finaliseRatings,
  findCycle,
  findCycleOfYear,
  findOrganisation,
  findRating,
  findRuleSet,
  insertCycle,
  insertRatingEvents,
  insertRatings,
  insertRuleSet,
  listBranches,
  listCycles,
  listRuleSets,
  organisationsByIds,
  previousFinalStars,
  ratingEvents,
  ratingsOfCycle,
  ratingsOfOrganisation,
  updateCycle,
  updateRating,
  type CycleRow,
  type OrganisationRef,
  type RatingRow,
  type RuleSetRow,
} from './rating.repository.ts';
import { branchStanding } from './meetings.service.ts';
import { confirmedServiceMinutes } from './reportin.repository.ts';
import { actsForBranch, inScope, partyActor, requireOrganiser, streetOf, type PartyActor } from './rating.scope.ts';

// ----- views

export interface RuleSetView {
  id: number;
  version: string;
  effectiveFrom: string;
  content: RuleSetContent;
  createdAt: string;
}

const ruleSetView = (r: RuleSetRow): RuleSetView => ({
  id: r.id,
  version: r.version,
  effectiveFrom: r.effectiveFrom,
  content: r.content,
  createdAt: r.createdAt.toISOString(),
});

export interface CycleView {
  id: number;
  year: number;
  ruleSetId: number;
  ruleSetVersion: string;
  status: CycleStatus;
  postingFrom: string | null;
  postingTo: string | null;
  openedAt: string;
  finalisedAt: string | null;
  /** Ratings in the caller's scope, by status. */
  counts: Record<RatingStatus, number>;
}

export interface BoardRow {
  ratingId: number;
  organisationId: number;
  organisationName: string;
  organisationCode: string;
  streetCode: string | null;
  streetName: string | null;
  status: RatingStatus;
  selfTotal: number | null;
  selfStars: number | null;
  reviewTotal: number | null;
  reviewStars: number | null;
  finalStars: number | null;
  appealed: boolean;
  previousYear: number | null;
  previousStars: number | null;
  /** Stars now (final, else the review's) below the previous final result. */
  fell: boolean;
}

const t = (x: number | null): number | null => (x === null ? null : fromTenths(x));
const iso = (d: Date | null): string | null => d?.toISOString() ?? null;
const today = (ctx: AppContext) => shanghaiDay(ctx.clock());

/** The stars that count now: the final result, else the review's. */
const currentStars = (r: RatingRow): number | null => r.finalStars ?? r.reviewStars;

async function loadCycle(ctx: AppContext, id: number): Promise<CycleRow> {
  const c = await findCycle(ctx.database.db, ctx.districtCode, id);
  if (c === undefined) throw new AppError('NOT_FOUND', `No rating cycle ${id}`);
  return c;
}

async function loadRuleSet(ctx: AppContext, id: number): Promise<RuleSetRow> {
  const r = await findRuleSet(ctx.database.db, ctx.districtCode, id);
  if (r === undefined) throw new AppError('RATING.UNKNOWN_RULE_SET', `No rule set ${id}`);
  return r;
}

// ----- rule sets

export async function listRatingRuleSets(ctx: AppContext, p: Principal): Promise<RuleSetView[]> {
  authorize(p, R.ratingSelf);
  return (await listRuleSets(ctx.database.db, ctx.districtCode)).map(ruleSetView);
}

export async function addRatingRuleSet(
  ctx: AppContext,
  p: Principal,
  input: { version: string; effectiveFrom: string; content: RuleSetContent },
): Promise<RuleSetView> {
  authorize(p, R.ratingOrganise);
  requireOrganiser(p);
  const problems = ruleSetProblems(input.content);
  if (problems.length > 0) throw new AppError('RATING.INVALID_RULE_SET', problems.join('; '), { problems });
  try {
    return ruleSetView(
      await insertRuleSet(ctx.database.db, {
        districtCode: ctx.districtCode,
        version: input.version,
        effectiveFrom: input.effectiveFrom,
        content: input.content,
        createdBy: p.userId,
        createdAt: ctx.clock(),
      }),
    );
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('RATING.DUPLICATE_RULE_SET', `A rule set ${input.version} or from ${input.effectiveFrom} exists`);
    throw e;
  }
}

// ----- cycles

/** Opens a year's rating under a rule set (the one in force at the year's end by default): one rating per branch. */
export async function openCycle(ctx: AppContext, p: Principal, input: { year: number; ruleSetId?: number }): Promise<CycleView> {
  authorize(p, R.ratingOrganise);
  requireOrganiser(p);
  const db = ctx.database.db;
  const d = ctx.districtCode;
  const sets = await listRuleSets(db, d);
  const set = input.ruleSetId === undefined ? ruleSetForYear(sets, input.year) : sets.find((s) => s.id === input.ruleSetId);
  if (input.ruleSetId !== undefined && set === undefined) throw new AppError('RATING.UNKNOWN_RULE_SET', `No rule set ${input.ruleSetId}`);
  if (set === undefined || set.effectiveFrom > `${input.year}-12-31`)
    throw new AppError('RATING.RULE_SET_NOT_IN_FORCE', `No rule set in force for ${input.year}`);
  if ((await findCycleOfYear(db, d, input.year)) !== undefined) throw new AppError('RATING.CYCLE_EXISTS', `${input.year} is open already`);
  const branches = await listBranches(db, d);
  if (branches.length === 0) throw new AppError('RATING.NO_BRANCHES', 'No branches');
  const now = ctx.clock();
  try {
    const cycle = await db.transaction(async (tx) => {
      const c = await insertCycle(tx, { districtCode: d, year: input.year, ruleSetId: set.id, status: 'rating', openedBy: p.userId, openedAt: now });
      await insertRatings(
        tx,
        branches.map((b) => ({ districtCode: d, cycleId: c.id, organisationId: b.id, status: 'pending' as const })),
      );
      return c;
    });
    return (await cycleViews(ctx, await partyActor(ctx, p), [cycle]))[0]!;
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('RATING.CYCLE_EXISTS', `${input.year} is open already`);
    throw e;
  }
}

async function cycleViews(ctx: AppContext, a: PartyActor, cycles: CycleRow[]): Promise<CycleView[]> {
  const db = ctx.database.db;
  const sets = new Map((await listRuleSets(db, ctx.districtCode)).map((s) => [s.id, s]));
  const out: CycleView[] = [];
  for (const c of cycles) {
    const rows = await scopedRatings(ctx, a, c.id);
    const counts: Record<RatingStatus, number> = { pending: 0, self_rated: 0, reviewed: 0, appealed: 0, final: 0 };
    for (const { rating } of rows) counts[rating.status]++;
    out.push({
      id: c.id,
      year: c.year,
      ruleSetId: c.ruleSetId,
      ruleSetVersion: sets.get(c.ruleSetId)?.version ?? '',
      status: c.status,
      postingFrom: c.postingFrom,
      postingTo: c.postingTo,
      openedAt: c.openedAt.toISOString(),
      finalisedAt: iso(c.finalisedAt),
      counts,
    });
  }
  return out;
}

/** The cycle's ratings the actor may see (scope, or their own branches), with their organisations. */
async function scopedRatings(ctx: AppContext, a: PartyActor, cycleId: number): Promise<{ rating: RatingRow; org: OrganisationRef }[]> {
  const db = ctx.database.db;
  const ratings = await ratingsOfCycle(db, ctx.districtCode, cycleId);
  const orgs = await organisationsByIds(
    db,
    ctx.districtCode,
    ratings.map((r) => r.organisationId),
  );
  return ratings.flatMap((rating) => {
    const org = orgs.get(rating.organisationId);
    return org !== undefined && actsForBranch(a, org) ? [{ rating, org }] : [];
  });
}

export async function listRatingCycles(ctx: AppContext, p: Principal): Promise<CycleView[]> {
  authorize(p, R.ratingRead);
  const a = await partyActor(ctx, p);
  return cycleViews(ctx, a, await listCycles(ctx.database.db, ctx.districtCode));
}

/** The cycle's board: every branch in the caller's scope with its status, scores, stars and the previous final stars. */
export async function cycleBoard(
  ctx: AppContext,
  p: Principal,
  cycleId: number,
  filter: { street?: string; status?: RatingStatus; fell?: boolean } = {},
): Promise<{ cycle: CycleView; rows: BoardRow[] }> {
  authorize(p, R.ratingRead);
  const a = await partyActor(ctx, p);
  const cycle = await loadCycle(ctx, cycleId);
  const ref = await ctx.reference.get();
  const previous = await previousFinalStars(ctx.database.db, ctx.districtCode, cycle.year);
  const rows = (await scopedRatings(ctx, a, cycleId)).map(({ rating: r, org }): BoardRow => {
    const street = streetOf(org);
    const prev = previous.get(org.id);
    const now = currentStars(r);
    return {
      ratingId: r.id,
      organisationId: org.id,
      organisationName: org.name,
      organisationCode: org.code,
      streetCode: street,
      streetName: street === null ? null : (ref.divisionByCode.get(street)?.name ?? street),
      status: r.status,
      selfTotal: t(r.selfTotal),
      selfStars: r.selfStars,
      reviewTotal: t(r.reviewTotal),
      reviewStars: r.reviewStars,
      finalStars: r.finalStars,
      appealed: r.appealedAt !== null,
      previousYear: prev?.year ?? null,
      previousStars: prev?.stars ?? null,
      fell: prev !== undefined && now !== null && now < prev.stars,
    };
  });
  const filtered = rows.filter(
    (r) =>
      (filter.street === undefined || r.streetCode === filter.street) &&
      (filter.status === undefined || r.status === filter.status) &&
      (filter.fell === undefined || r.fell === filter.fell),
  );
  return { cycle: (await cycleViews(ctx, a, [cycle]))[0]!, rows: filtered };
}

/** Branches that fell a star in the cycle (stars now below their previous final result), per street. */
export async function fallenBranches(ctx: AppContext, p: Principal, cycleId: number) {
  const { cycle, rows } = await cycleBoard(ctx, p, cycleId, { fell: true });
  const byStreet = new Map<string, { streetCode: string | null; streetName: string; branches: BoardRow[] }>();
  for (const r of rows) {
    const key = r.streetCode ?? '';
    const g = byStreet.get(key) ?? { streetCode: r.streetCode, streetName: r.streetName ?? '区直', branches: [] };
    g.branches.push(r);
    byStreet.set(key, g);
  }
  return { cycle, final: cycle.status === 'final', streets: [...byStreet.values()].sort((x, y) => (x.streetCode ?? '').localeCompare(y.streetCode ?? '')) };
}

/** The branches that fell a star in a year's cycle, for the 双报到 overview (docs/PARTY.md). */
export interface FellAStar {
  year: number;
  /** The cycle's results are final; otherwise the stars are the reviews' so far. */
  final: boolean;
  branches: { organisationId: number; organisationName: string; streetCode: string | null; streetName: string | null; previousStars: number; stars: number }[];
}

/**
 * 降星支部: the branches in the party worker's scope (one street of it when asked) whose stars in the
 * `year`'s cycle — final, else the review's — are below their previous final result; null when the year
 * has no cycle. The overview of 双报到 shows it beside the month's figures.
 */
export async function fellAStarIn(ctx: AppContext, p: Principal, year: number, street?: string): Promise<FellAStar | null> {
  const cycle = await findCycleOfYear(ctx.database.db, ctx.districtCode, year);
  if (cycle === undefined) return null;
  const { cycle: view, rows } = await cycleBoard(ctx, p, cycle.id, { fell: true, ...(street === undefined ? {} : { street }) });
  return {
    year,
    final: view.status === 'final',
    branches: rows.map((r) => ({
      organisationId: r.organisationId,
      organisationName: r.organisationName,
      streetCode: r.streetCode,
      streetName: r.streetName,
      previousStars: r.previousStars!,
      stars: (r.finalStars ?? r.reviewStars)!,
    })),
  };
}

// ----- one rating

async function ratingFor(
  ctx: AppContext,
  a: PartyActor,
  id: number,
): Promise<{ rating: RatingRow; org: OrganisationRef; cycle: CycleRow; rules: RuleSetContent }> {
  const rating = await findRating(ctx.database.db, ctx.districtCode, id);
  const org = rating && (await findOrganisation(ctx.database.db, ctx.districtCode, rating.organisationId));
  if (rating === undefined || org === undefined || !actsForBranch(a, org)) throw new AppError('NOT_FOUND', `No rating ${id} in your scope`);
  const cycle = await loadCycle(ctx, rating.cycleId);
  return { rating, org, cycle, rules: (await loadRuleSet(ctx, cycle.ruleSetId)).content };
}

export interface RatingDetail {
  id: number;
  cycle: CycleView;
  organisation: { id: number; name: string; code: string; streetName: string | null };
  status: RatingStatus;
  rules: RuleSetContent;
  /** Figures the platform supplies for sourced indicators (only those the rule set uses are computed). */
  figures: RatingFigures;
  self: { entries: (IndicatorEntry & { evidence: string })[]; result: RatingResult; by: string | null; at: string | null } | null;
  review: { entries: (IndicatorEntry & { comment: string })[]; result: RatingResult; comment: string; by: string | null; at: string | null } | null;
  appeal: {
    reason: string;
    at: string | null;
    by: string | null;
    decision: 'upheld' | 'changed' | null;
    comment: string | null;
    decidedAt: string | null;
  } | null;
  final: { total: number; stars: number } | null;
  events: { kind: string; actor: string | null; at: string }[];
  /** What the caller may do now. */
  may: { selfRate: boolean; review: boolean; appeal: boolean; decideAppeal: boolean };
}

export interface RatingFigures {
  /** Active members of the branch now. */
  memberCount: number;
  /** `meeting_compliance`: meetings owed so far in the cycle's year (one per period over, per kind owed) and those held; null when unused. */
  meetings: { owed: number; met: number } | null;
  /** `service_hours`: confirmed 双报到 service minutes of the branch's members in the cycle's year; null when unused. */
  serviceMinutes: number | null;
  /** Score per sourced indicator, from the figures. */
  sourcedScores: Record<string, number>;
}

/** The platform's figures for the branch's sourced indicators in the cycle's year (meetings seen today). */
async function figuresOf(ctx: AppContext, org: OrganisationRef, rules: RuleSetContent, year: number): Promise<RatingFigures> {
  const uses = (source: IndicatorSource) => rules.indicators.some((i) => i.source === source);
  const memberCount = await activeMemberCount(ctx.database.db, ctx.districtCode, org.id);
  let meetings: RatingFigures['meetings'] = null;
  if (uses('meeting_compliance')) {
    const { obligations } = await branchStanding(ctx, org.id, year);
    const owed = obligations.reduce((n, o) => n + o.requiredSoFar, 0);
    meetings = { owed, met: owed - obligations.reduce((n, o) => n + o.overdue.length, 0) };
  }
  const serviceMinutes = uses('service_hours') ? await confirmedServiceMinutes(ctx.database.db, ctx.districtCode, org.id, year) : null;
  const sourcedScores: Record<string, number> = {};
  for (const i of rules.indicators) {
    if (i.source === 'member_count') sourcedScores[i.code] = memberCountScore(i, memberCount);
    else if (i.source === 'meeting_compliance') sourcedScores[i.code] = complianceScore(i, meetings!.met, meetings!.owed);
    else if (i.source === 'service_hours') sourcedScores[i.code] = serviceHoursScore(i, serviceMinutes!, memberCount);
  }
  return { memberCount, meetings, serviceMinutes, sourcedScores };
}

export async function ratingDetail(ctx: AppContext, p: Principal, id: number): Promise<RatingDetail> {
  authorize(p, R.ratingSelf);
  const a = await partyActor(ctx, p);
  const { rating: r, org, cycle, rules } = await ratingFor(ctx, a, id);
  const db = ctx.database.db;
  const events = await ratingEvents(db, ctx.districtCode, r.id);
  const names = await displayNames(db, [
    ...events.flatMap((e) => (e.actorUserId === null ? [] : [e.actorUserId])),
    ...[r.selfBy, r.reviewedBy, r.appealedBy].filter((x): x is number => x !== null),
  ]);
  const name = (u: number | null) => (u === null ? null : (names.get(u) ?? null));
  const ref = await ctx.reference.get();
  const street = streetOf(org);
  const inReviewerScope = inScope(a.scope, org);
  const day = today(ctx);
  return {
    id: r.id,
    cycle: (await cycleViews(ctx, a, [cycle]))[0]!,
    organisation: { id: org.id, name: org.name, code: org.code, streetName: street === null ? null : (ref.divisionByCode.get(street)?.name ?? null) },
    status: r.status,
    rules,
    figures: await figuresOf(ctx, org, rules, cycle.year),
    self: r.selfEntries ? { entries: r.selfEntries, result: scoreRating(rules, r.selfEntries), by: name(r.selfBy), at: iso(r.selfAt) } : null,
    review: r.reviewEntries
      ? { entries: r.reviewEntries, result: scoreRating(rules, r.reviewEntries), comment: r.reviewComment ?? '', by: name(r.reviewedBy), at: iso(r.reviewedAt) }
      : null,
    appeal:
      r.appealReason === null
        ? null
        : {
            reason: r.appealReason,
            at: iso(r.appealedAt),
            by: name(r.appealedBy),
            decision: r.appealDecision,
            comment: r.appealComment,
            decidedAt: iso(r.appealDecidedAt),
          },
    final: r.finalTotal === null || r.finalStars === null ? null : { total: fromTenths(r.finalTotal), stars: r.finalStars },
    events: events.map((e) => ({ kind: e.kind, actor: name(e.actorUserId), at: e.at.toISOString() })),
    may: {
      selfRate: cycle.status === 'rating' && (r.status === 'pending' || r.status === 'self_rated'),
      review: inReviewerScope && cycle.status === 'rating' && (r.status === 'self_rated' || r.status === 'reviewed') && r.selfBy !== p.userId,
      appeal:
        cycle.status === 'posting' && r.status === 'reviewed' && r.appealedAt === null && withinWindow(day, cycle.postingFrom ?? '', cycle.postingTo ?? ''),
      decideAppeal: inReviewerScope && r.status === 'appealed',
    },
  };
}

/** Entries with sourced indicators' scores replaced by the platform's figure, checked against the rules. */
async function checkedEntries<E extends IndicatorEntry>(
  ctx: AppContext,
  org: OrganisationRef,
  rules: RuleSetContent,
  year: number,
  entries: E[],
): Promise<E[]> {
  const { sourcedScores } = await figuresOf(ctx, org, rules, year);
  const fixed = entries.map((e) => (sourcedScores[e.code] === undefined ? e : { ...e, score: sourcedScores[e.code]! }));
  const problems = entryProblems(rules, fixed);
  if (problems.length > 0) throw new AppError('RATING.INVALID_ENTRIES', problems.join('; '), { problems });
  return fixed;
}

async function write(
  ctx: AppContext,
  r: RatingRow,
  set: Partial<RatingRow>,
  event: { kind: string; actor: number; payload: Record<string, unknown> },
): Promise<void> {
  await ctx.database.db.transaction(async (tx) => {
    if (!(await updateRating(tx, ctx.districtCode, r.id, r.version, set)))
      throw new AppError('RATING.WRONG_STAGE', 'The rating changed meanwhile: reload it and try again');
    await insertRatingEvents(tx, [
      { districtCode: ctx.districtCode, ratingId: r.id, kind: event.kind, actorUserId: event.actor, at: ctx.clock(), payload: event.payload },
    ]);
  });
}

/** The branch's self-rating (自评), with evidence per indicator; may be entered again until reviewed. */
export async function submitSelfRating(ctx: AppContext, p: Principal, id: number, entries: (IndicatorEntry & { evidence: string })[]): Promise<RatingDetail> {
  authorize(p, R.ratingSelf);
  const a = await partyActor(ctx, p);
  const { rating: r, org, cycle, rules } = await ratingFor(ctx, a, id);
  if (cycle.status !== 'rating' || (r.status !== 'pending' && r.status !== 'self_rated'))
    throw new AppError('RATING.WRONG_STAGE', 'Self-ratings are taken until the review, while the cycle is rating');
  const fixed = await checkedEntries(ctx, org, rules, cycle.year, entries);
  const result = scoreRating(rules, fixed);
  await write(
    ctx,
    r,
    { status: 'self_rated', selfEntries: fixed, selfTotal: toTenths(result.total), selfStars: result.stars, selfBy: p.userId, selfAt: ctx.clock() },
    { kind: 'self_rated', actor: p.userId, payload: { total: result.total, stars: result.stars } },
  );
  return ratingDetail(ctx, p, id);
}

/** The superior committee's review (审核): a score and comment per indicator; revisable until posting. */
export async function reviewRating(
  ctx: AppContext,
  p: Principal,
  id: number,
  input: { entries: (IndicatorEntry & { comment: string })[]; comment: string },
): Promise<RatingDetail> {
  authorize(p, R.ratingReview);
  const a = await partyActor(ctx, p);
  const { rating: r, org, cycle, rules } = await ratingFor(ctx, a, id);
  if (!inScope(a.scope, org)) throw new AppError('AUTH.FORBIDDEN', 'Only a party worker whose scope holds the branch reviews it');
  if (cycle.status !== 'rating' || (r.status !== 'self_rated' && r.status !== 'reviewed'))
    throw new AppError('RATING.WRONG_STAGE', 'A rating is reviewed after its self-rating, while the cycle is rating');
  if (r.selfBy === p.userId) throw new AppError('RATING.REVIEWER_IS_RATER', 'You entered this self-rating');
  const fixed = await checkedEntries(ctx, org, rules, cycle.year, input.entries);
  const result = scoreRating(rules, fixed);
  await write(
    ctx,
    r,
    {
      status: 'reviewed',
      reviewEntries: fixed,
      reviewTotal: toTenths(result.total),
      reviewStars: result.stars,
      reviewComment: input.comment,
      reviewedBy: p.userId,
      reviewedAt: ctx.clock(),
    },
    { kind: 'reviewed', actor: p.userId, payload: { total: result.total, stars: result.stars, comment: input.comment } },
  );
  return ratingDetail(ctx, p, id);
}

/** Starts the posting (公示) of a cycle whose ratings are all reviewed: from today or later, at most 30 days. */
export async function postCycle(ctx: AppContext, p: Principal, cycleId: number, window: { from: string; to: string }): Promise<CycleView> {
  authorize(p, R.ratingOrganise);
  requireOrganiser(p);
  const days = (Date.parse(`${window.to}T00:00:00Z`) - Date.parse(`${window.from}T00:00:00Z`)) / 86_400_000;
  if (!(window.from >= today(ctx)) || !(days >= 0 && days <= 30)) throw new AppError('RATING.INVALID_WINDOW', `Window ${window.from}..${window.to}`);
  const d = ctx.districtCode;
  await ctx.database.db.transaction(async (tx) => {
    const c = await findCycle(tx, d, cycleId, true);
    if (c === undefined) throw new AppError('NOT_FOUND', `No rating cycle ${cycleId}`);
    if (c.status !== 'rating') throw new AppError('RATING.WRONG_STAGE', 'Only a cycle still rating can be posted');
    const open = (await ratingsOfCycle(tx, d, cycleId)).filter((r) => r.status !== 'reviewed').length;
    if (open > 0) throw new AppError('RATING.NOT_ALL_REVIEWED', `${open} ratings are not reviewed`, { notReviewed: open });
    await updateCycle(tx, d, cycleId, { status: 'posting', postingFrom: window.from, postingTo: window.to, postedAt: ctx.clock() });
  });
  return (await cycleViews(ctx, await partyActor(ctx, p), [await loadCycle(ctx, cycleId)]))[0]!;
}

/** The branch's appeal (申诉) within the posting window, once. */
export async function appealRating(ctx: AppContext, p: Principal, id: number, reason: string): Promise<RatingDetail> {
  authorize(p, R.ratingSelf);
  const a = await partyActor(ctx, p);
  const { rating: r, cycle } = await ratingFor(ctx, a, id);
  if (cycle.status !== 'posting') throw new AppError('RATING.WRONG_STAGE', 'Appeals are taken while the results are posted');
  if (r.appealedAt !== null) throw new AppError('RATING.ALREADY_APPEALED', 'The branch has appealed already');
  if (!withinWindow(today(ctx), cycle.postingFrom!, cycle.postingTo!))
    throw new AppError('RATING.OUTSIDE_WINDOW', `The window is ${cycle.postingFrom}..${cycle.postingTo}`);
  await write(
    ctx,
    r,
    { status: 'appealed', appealReason: reason, appealedBy: p.userId, appealedAt: ctx.clock() },
    { kind: 'appealed', actor: p.userId, payload: { reason } },
  );
  return ratingDetail(ctx, p, id);
}

/** The reviewer decides an appeal: upheld (the review stands) or changed (new scores supersede the review). */
export async function decideAppeal(
  ctx: AppContext,
  p: Principal,
  id: number,
  input: { decision: 'upheld' | 'changed'; comment: string; entries?: (IndicatorEntry & { comment: string })[] },
): Promise<RatingDetail> {
  authorize(p, R.ratingReview);
  const a = await partyActor(ctx, p);
  const { rating: r, org, cycle, rules } = await ratingFor(ctx, a, id);
  if (!inScope(a.scope, org)) throw new AppError('AUTH.FORBIDDEN', 'Only a party worker whose scope holds the branch decides its appeal');
  if (r.status !== 'appealed') throw new AppError('RATING.WRONG_STAGE', 'No open appeal');
  const decided = {
    status: 'reviewed' as const,
    appealDecision: input.decision,
    appealComment: input.comment,
    appealDecidedBy: p.userId,
    appealDecidedAt: ctx.clock(),
  };
  if (input.decision === 'upheld') {
    await write(ctx, r, decided, { kind: 'appeal_upheld', actor: p.userId, payload: { comment: input.comment } });
  } else {
    if (input.entries === undefined) throw new AppError('RATING.INVALID_ENTRIES', 'A changed result needs the new scores', { problems: ['entries missing'] });
    const fixed = await checkedEntries(ctx, org, rules, cycle.year, input.entries);
    const result = scoreRating(rules, fixed);
    await write(
      ctx,
      r,
      { ...decided, reviewEntries: fixed, reviewTotal: toTenths(result.total), reviewStars: result.stars },
      {
        kind: 'appeal_changed',
        actor: p.userId,
        payload: { comment: input.comment, before: { total: t(r.reviewTotal), stars: r.reviewStars }, after: { total: result.total, stars: result.stars } },
      },
    );
  }
  return ratingDetail(ctx, p, id);
}

/** Closes a cycle once the posting window is over and no appeal is open: every result becomes final and joins the branch's history. */
export async function finaliseCycle(ctx: AppContext, p: Principal, cycleId: number): Promise<CycleView> {
  authorize(p, R.ratingOrganise);
  requireOrganiser(p);
  const d = ctx.districtCode;
  await ctx.database.db.transaction(async (tx) => {
    const c = await findCycle(tx, d, cycleId, true);
    if (c === undefined) throw new AppError('NOT_FOUND', `No rating cycle ${cycleId}`);
    if (c.status !== 'posting') throw new AppError('RATING.WRONG_STAGE', 'Only a posted cycle can be finalised');
    const ratings = await ratingsOfCycle(tx, d, cycleId);
    if (today(ctx) <= c.postingTo! || ratings.some((r) => r.status === 'appealed'))
      throw new AppError('RATING.POSTING_NOT_OVER', `The window ends ${c.postingTo}; open appeals: ${ratings.filter((r) => r.status === 'appealed').length}`);
    await finaliseRatings(tx, d, cycleId);
    const now = ctx.clock();
    await insertRatingEvents(
      tx,
      ratings.map((r) => ({
        districtCode: d,
        ratingId: r.id,
        kind: 'finalised',
        actorUserId: p.userId,
        at: now,
        payload: { total: t(r.reviewTotal), stars: r.reviewStars },
      })),
    );
    await updateCycle(tx, d, cycleId, { status: 'final', finalisedAt: now });
  });
  return (await cycleViews(ctx, await partyActor(ctx, p), [await loadCycle(ctx, cycleId)]))[0]!;
}

/** A branch's results by year (final ones, and the current cycle's state), newest first. */
export async function ratingHistory(ctx: AppContext, p: Principal, organisationId: number) {
  authorize(p, R.ratingSelf);
  const a = await partyActor(ctx, p);
  const org = await findOrganisation(ctx.database.db, ctx.districtCode, organisationId);
  if (org === undefined || org.level !== 'branch' || !actsForBranch(a, org)) throw new AppError('NOT_FOUND', `No branch ${organisationId} in your scope`);
  const rows = await ratingsOfOrganisation(ctx.database.db, ctx.districtCode, organisationId);
  return {
    organisation: { id: org.id, name: org.name, code: org.code },
    years: rows.map((x) => ({
      ratingId: x.rating.id,
      year: x.year,
      cycleStatus: x.cycleStatus,
      status: x.rating.status,
      total: t(x.rating.finalTotal ?? x.rating.reviewTotal),
      stars: currentStars(x.rating),
      final: x.rating.status === 'final',
      appealed: x.rating.appealedAt !== null,
      appealDecision: x.rating.appealDecision,
    })),
  };
}

/** The secretary's branches and their ratings, for the self-rating and appeal page. */
export async function myBranchRatings(ctx: AppContext, p: Principal) {
  authorize(p, R.ratingMine);
  const a = await partyActor(ctx, p);
  const out = [];
  for (const orgId of a.secretaryOf) out.push(await ratingHistory(ctx, p, orgId));
  return { branches: out };
}
