/**
 * 文明积分银行 use cases (docs/VOLUNTEERS.md, "The points bank"). Every movement is one transaction of
 * entries summing to zero, written with the cached balances it changes in one database transaction:
 * awards (issuer → holder, idempotent by source key, computed from the rule version in force on the
 * day of the event, capped per holder and day), redemptions (holder → partner, with the item's stock),
 * refunds of cancelled redemptions and reversals of awards (counter-transactions: nothing is deleted).
 * Lock order, whoever writes: a redemption row, then an item, then accounts by ascending id with the
 * district's issuing account last.
 */
import { randomBytes } from 'node:crypto';
import { DAY_MS, localDate, localDayStart } from '../../engine/domain/calendar/local-time.ts';
import type { Principal } from '../../engine/auth.ts';
import type { AppContext } from '../../engine/context.ts';
import { authorize, mayAct } from '../../engine/policy.ts';
import type { DbOrTx, Tx } from '../../platform/db/client.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import { AppError, forbidden, invalid, notFound } from '../../platform/errors.ts';
import {
  auditFindings,
  awardAmount,
  balancedEntries,
  capAward,
  counterEntries,
  hourPoints,
  MAX_QUANTITY,
  QUANTITY_SCALE,
  takeBack,
  leaderboardPeriod,
  lockOrder,
  maskDisplayName,
  pickupCodeFrom,
  quantityHundredths,
  stripeOf,
  ruleInForce,
  validateRuleVersion,
  type AuditFindings,
  type Entry,
  type PartnerKind,
  type RedemptionStatus,
  type RuleKind,
  type RuleVersion,
  type TransactionKind,
} from './points.domain.ts';
import { districtTeamMemberships, rankTeams, volunteerPublicNames } from '../volunteers/index.ts';
import { POINTS_POLICY } from './points.policy.ts';
import {
  applyDelta,
  auditRows,
  awardedUnderRule,
  changeStock,
  displayNames,
  entriesOf,
  findHolderAccount,
  findHolderUser,
  findItem,
  findPartner,
  findRedemption,
  findTransaction,
  hasReversal,
  insertEntries,
  insertItem,
  insertPartner,
  insertRedemption,
  insertRule,
  insertTransaction,
  issuerAccountId,
  leaderboardRows,
  pointsByHolder,
  listItemRows,
  listPartnerRows,
  listRedemptionRows,
  listRuleRows,
  lockHolderAccount,
  movementsOf,
  partnerAccountId,
  ruleVersionOf,
  updateItem,
  updatePartner,
  updateRedemption,
  type ItemRow,
  type MovementRow,
  type PartnerRow,
  type RedemptionRow,
} from './points.repository.ts';

const rules = POINTS_POLICY.rules;

/**
 * Writes one balanced transaction's entries and moves the cached balances, in the lock order. A
 * holder's or partner's balance that would fall below zero refuses the whole transaction
 * (POINTS.INSUFFICIENT_BALANCE); the caller's database transaction then rolls back.
 */
async function post(tx: DbOrTx, districtCode: string, transactionId: number, entries: readonly Entry[], issuerId: number | null): Promise<Map<number, number>> {
  const checked = balancedEntries(entries);
  if (!checked.ok) throw AppError.from(checked.error);
  const balances = new Map<number, number>();
  for (const e of lockOrder(checked.value, issuerId ?? -1)) {
    const b = await applyDelta(tx, e.accountId, e.amount);
    if (b === undefined)
      throw new AppError('POINTS.INSUFFICIENT_BALANCE', `Account ${e.accountId} has fewer than ${-e.amount} points`, { accountId: e.accountId });
    balances.set(e.accountId, b);
  }
  await insertEntries(tx, districtCode, transactionId, checked.value);
  return balances;
}

// ---------------------------------------------------------------------------------------------
// Earning rules

/** A new version of an earning rule: everything but the id it gets. */
export type RuleInput = Omit<RuleVersion, 'id'>;

export async function listRules(ctx: AppContext): Promise<RuleVersion[]> {
  return (await listRuleRows(ctx.database.db, ctx.districtCode)).map(ruleVersionOf);
}

/**
 * Adds a version of a rule taking effect today or later (past days keep the versions their awards were
 * computed under, and each award records its version). A code keeps its kind across versions.
 */
export async function addRuleVersion(ctx: AppContext, p: Principal, input: RuleInput, opts: { allowPast?: boolean } = {}): Promise<RuleVersion> {
  authorize(p, rules.rulesManage);
  const v = validateRuleVersion(input);
  if (!v.ok) throw AppError.from(v.error);
  if (!opts.allowPast && input.effectiveFrom < localDate(ctx.clock()))
    throw new AppError('POINTS.PAST_EFFECTIVE_DATE', `A version cannot take effect before today (${localDate(ctx.clock())})`);
  const db = ctx.database.db;
  const earlier = await listRuleRows(db, ctx.districtCode, input.code);
  if (earlier.some((r) => r.kind !== input.kind))
    throw new AppError('POINTS.RULE_KIND_MISMATCH', `Rule ${input.code} is of kind ${earlier[0]!.kind}; a new version keeps the kind`);
  try {
    return ruleVersionOf(await insertRule(db, { ...v.value, districtCode: ctx.districtCode, createdBy: p.userId, createdAt: ctx.clock() }));
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('POINTS.DUPLICATE_RULE', `Rule ${input.code} already has a version from ${input.effectiveFrom}`);
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Awards

export interface AwardInput {
  holderUserId: number;
  ruleCode: string;
  /** Hours, activities or checks (at most two decimals). */
  quantity: number;
  /** What the award is for, unique in the district (the session and volunteer, the order, the check): a retry returns the first award. */
  sourceKey: string;
  /** When the service or the conduct happened: the rule version in force that local day applies. */
  occurredAt: Date;
  /** Who confirmed it; null for the system. */
  actor: { userId: number } | null;
  note?: string;
  /** The household's community (conduct awards). */
  placeCode?: string | null;
  /** Refuse rules of another kind (the conduct route takes conduct rules only). */
  kind?: RuleKind;
}

export interface AwardResult {
  transactionId: number;
  holderUserId: number;
  points: number;
  /** The daily cap cut the award. */
  capped: boolean;
  ruleVersionId: number;
  /** The holder's balance after the award (now, for a replay). */
  balance: number;
  /** A retry: the first award with this source key, unchanged. */
  replayed: boolean;
}

/**
 * Awards points for `input.ruleCode` to a holder, in the caller's database transaction `tx` (the
 * volunteers module calls it when an organiser confirms hours, so the hours and the points commit
 * together). Idempotent by `sourceKey`: a retry returns the first award. The holder's account is
 * opened on the first award and locked first, so the daily cap and the source-key check cannot race.
 */
export async function awardPoints(ctx: AppContext, tx: Tx | DbOrTx, input: AwardInput): Promise<AwardResult> {
  const q = quantityHundredths(input.quantity);
  if (!q.ok) throw AppError.from(q.error);
  const r = await awardWith(ctx, tx, input, q.value, (rule) => awardAmount(rule, q.value, 0).points, false);
  if (r === null) throw new AppError('POINTS.INVALID_QUANTITY', 'The quantity is too small to earn a whole point');
  return r;
}

/**
 * The award itself: `fullPoints` computes what the rule version in force pays before the daily cap.
 * Null when that is 0 (the caller decides whether that is an error).
 */
async function awardWith(
  ctx: AppContext,
  tx: Tx | DbOrTx,
  input: Omit<AwardInput, 'quantity'>,
  hundredths: number,
  fullPoints: (rule: RuleVersion) => number,
  inactiveToo: boolean,
): Promise<AwardResult | null> {
  const district = ctx.districtCode;
  const now = ctx.clock();
  if (input.sourceKey.length === 0 || input.sourceKey.length > 200) throw invalid('A source key is 1–200 characters');
  const holder = await findHolderUser(tx, district, { id: input.holderUserId }, inactiveToo);
  if (holder === undefined) throw new AppError('POINTS.UNKNOWN_HOLDER', `User ${input.holderUserId} is no resident or volunteer of this district`);
  const account = await lockHolderAccount(tx, district, holder.id, now);

  const first = await findTransaction(tx, district, { sourceKey: input.sourceKey });
  if (first !== undefined) {
    const entries = await entriesOf(tx, district, first.id);
    const mine = entries.find((e) => e.accountId === account.id);
    if (first.kind !== 'award' || mine === undefined || first.ruleVersionId === null)
      throw new AppError('POINTS.SOURCE_KEY_REUSED', `Source key ${input.sourceKey} was used for another movement`);
    return {
      transactionId: first.id,
      holderUserId: holder.id,
      points: mine.amount,
      capped: first.capped,
      ruleVersionId: first.ruleVersionId,
      balance: account.balance,
      replayed: true,
    };
  }

  const rule = await ruleFor(ctx, tx, input.ruleCode, input.occurredAt);
  if (input.kind !== undefined && rule.kind !== input.kind) throw new AppError('POINTS.RULE_KIND_MISMATCH', `Rule ${rule.code} is not a ${input.kind} rule`);

  const full = fullPoints(rule);
  if (full === 0) return null;
  let already = 0;
  if (rule.dailyCap !== null) {
    const dayStart = localDayStart(localDate(input.occurredAt));
    already = await awardedUnderRule(tx, district, account.id, rule.code, dayStart, new Date(dayStart.getTime() + DAY_MS));
  }
  const { points, capped } = capAward(full, rule.dailyCap, already);
  if (points === 0)
    throw new AppError('POINTS.DAILY_CAP_REACHED', `Holder ${holder.id} has ${already} points under ${rule.code} that day (cap ${rule.dailyCap})`);

  const issuer = await issuerAccountId(tx, district, stripeOf(holder.id), now);
  const transactionId = await insertTransaction(tx, {
    districtCode: district,
    kind: 'award',
    actorUserId: input.actor?.userId ?? null,
    occurredAt: input.occurredAt,
    recordedAt: now,
    reason: input.note?.trim() || rule.name,
    sourceKey: input.sourceKey,
    ruleVersionId: rule.id,
    quantityHundredths: hundredths,
    capped,
    placeCode: input.placeCode ?? null,
  });
  // The holder's lock makes a same-holder retry find the first above; a conflict here is another holder's award.
  if (transactionId === undefined) throw new AppError('POINTS.SOURCE_KEY_REUSED', `Source key ${input.sourceKey} was used for another holder`);
  const balances = await post(
    tx,
    district,
    transactionId,
    [
      { accountId: account.id, amount: points },
      { accountId: issuer, amount: -points },
    ],
    issuer,
  );
  return { transactionId, holderUserId: holder.id, points, capped, ruleVersionId: rule.id, balance: balances.get(account.id)!, replayed: false };
}

/** The version of `code` in force on the local day of `at`. */
async function ruleFor(ctx: AppContext, tx: DbOrTx, code: string, at: Date): Promise<RuleVersion> {
  const versions = (await listRuleRows(tx, ctx.districtCode, code)).map(ruleVersionOf);
  if (versions.length === 0) throw new AppError('POINTS.UNKNOWN_RULE', `No rule ${code}`);
  const rule = ruleInForce(versions, code, at);
  if (rule === undefined) throw new AppError('POINTS.NO_RULE_IN_FORCE', `Rule ${code} has no version in force on ${localDate(at)}`);
  return rule;
}

// ---------------------------------------------------------------------------------------------
// Service hours (the activities module's records, through the composition root)

/** The rule service hours earn under (DEFAULT_POINTS_RULES). */
export const HOUR_RULE = 'service.hour';

export interface HoursAwardInput {
  holderUserId: number;
  /** The record's minutes: positive earns, a correction's negative takes back. */
  minutes: number;
  /** Unique per hour record (`hours:<record id>`): a retry moves nothing twice. */
  sourceKey: string;
  /** The local date of the session (YYYY-MM-DD): the rule version in force that day applies. */
  servedOn: string;
  actor: { userId: number } | null;
  /** The record's reason (a manual record's, a correction's): shown with the movement. */
  reason?: string;
}

export interface HoursAwardResult {
  /** The award or take-back; null when nothing moved (too few minutes for a point, no hour rule, nothing to take). */
  transactionId: number | null;
  /** Points credited (positive) or taken back (negative). */
  points: number;
  /** Points a take-back could not take because the holder had spent them (recorded on the movement, or logged when nothing could be taken). */
  shortfall: number;
  replayed: boolean;
}

/**
 * Points for an hour record, in the transaction that writes the record (src/main.ts registers this on
 * the activities module's `onHoursRecorded`). Positive minutes earn ⌊rule × minutes / 60⌋ under the
 * `service.hour` version in force on the session's day (an award, idempotent by the source key). A
 * correction's negative minutes take back the same formula's points: an `adjust` movement (holder →
 * issuer) naming the rule version and the source key. **A balance too small** (the holder has redeemed
 * the points already): the take-back takes what the balance allows and records the shortfall in the
 * movement's reason; with nothing to take, no movement is possible (a movement has two nonzero
 * entries) and the shortfall is logged. The hours correction stands either way: the hours are the
 * volunteer's record, the points a reward already spent. No `service.hour` rule in force: nothing moves
 * (the hours are not refused because of the points bank's configuration).
 */
export async function awardHours(ctx: AppContext, tx: DbOrTx, input: HoursAwardInput): Promise<HoursAwardResult> {
  const nothing = { transactionId: null, points: 0, shortfall: 0, replayed: false };
  if (!Number.isSafeInteger(input.minutes) || input.minutes === 0) return nothing;
  const occurredAt = localDayStart(input.servedOn);
  const versions = (await listRuleRows(tx, ctx.districtCode, HOUR_RULE)).map(ruleVersionOf);
  const rule = ruleInForce(versions, HOUR_RULE, occurredAt);
  if (rule === undefined) {
    ctx.log.warn({ sourceKey: input.sourceKey, servedOn: input.servedOn }, `no ${HOUR_RULE} points rule in force: hours earn no points`);
    return nothing;
  }
  // What the holder reads in their history: the hours, and the record's reason if it has one.
  const hours = (Math.abs(input.minutes) / 60).toFixed(1);
  const why = input.reason?.trim() ? `：${input.reason.trim()}` : '';
  const note = input.minutes > 0 ? `志愿服务 ${hours} 小时${why}` : `时长更正扣回 ${hours} 小时${why}`;
  const hundredths = Math.min(Math.round((Math.abs(input.minutes) * QUANTITY_SCALE) / 60), MAX_QUANTITY * QUANTITY_SCALE);
  const base = { holderUserId: input.holderUserId, ruleCode: HOUR_RULE, sourceKey: input.sourceKey, occurredAt, actor: input.actor, kind: 'hour' as const };
  if (input.minutes > 0) {
    // A district that caps its hour rule: hours beyond the day's cap earn nothing, and are not refused.
    let r: AwardResult | null;
    try {
      r = await awardWith(ctx, tx, { ...base, note }, hundredths, (v) => hourPoints(v.pointsPerUnit, input.minutes), true);
    } catch (e) {
      // Thrown before any statement failed, so the caller's transaction goes on.
      if (!(e instanceof AppError && e.code === 'POINTS.DAILY_CAP_REACHED')) throw e;
      ctx.log.info({ sourceKey: input.sourceKey }, `${HOUR_RULE} daily cap reached: these hours earn no points`);
      r = null;
    }
    return r === null ? nothing : { transactionId: r.transactionId, points: r.points, shortfall: 0, replayed: r.replayed };
  }
  return takeBackHours(ctx, tx, input, occurredAt, hundredths, note);
}

async function takeBackHours(
  ctx: AppContext,
  tx: DbOrTx,
  input: HoursAwardInput,
  occurredAt: Date,
  hundredths: number,
  note: string,
): Promise<HoursAwardResult> {
  const district = ctx.districtCode;
  const now = ctx.clock();
  const holder = await findHolderUser(tx, district, { id: input.holderUserId }, true);
  if (holder === undefined) throw new AppError('POINTS.UNKNOWN_HOLDER', `User ${input.holderUserId} is no resident or volunteer of this district`);
  const account = await lockHolderAccount(tx, district, holder.id, now);
  const first = await findTransaction(tx, district, { sourceKey: input.sourceKey });
  if (first !== undefined) {
    const mine = (await entriesOf(tx, district, first.id)).find((e) => e.accountId === account.id);
    if (first.kind !== 'adjust' || mine === undefined)
      throw new AppError('POINTS.SOURCE_KEY_REUSED', `Source key ${input.sourceKey} was used for another movement`);
    return { transactionId: first.id, points: mine.amount, shortfall: 0, replayed: true };
  }
  const rule = await ruleFor(ctx, tx, HOUR_RULE, occurredAt);
  const due = hourPoints(rule.pointsPerUnit, input.minutes);
  const { taken, shortfall } = takeBack(due, account.balance);
  if (taken === 0) {
    if (due > 0) ctx.log.warn({ holderUserId: holder.id, sourceKey: input.sourceKey, shortfall }, 'hours correction: no points left to take back');
    return { transactionId: null, points: 0, shortfall, replayed: false };
  }
  const issuer = await issuerAccountId(tx, district, stripeOf(holder.id), now);
  const transactionId = await insertTransaction(tx, {
    districtCode: district,
    kind: 'adjust',
    actorUserId: input.actor?.userId ?? null,
    occurredAt,
    recordedAt: now,
    reason: shortfall === 0 ? note : `${note}（应扣 ${due} 分，余额仅 ${taken} 分，差 ${shortfall} 分 short by ${shortfall}）`,
    sourceKey: input.sourceKey,
    ruleVersionId: rule.id,
    quantityHundredths: hundredths,
    capped: shortfall > 0,
  });
  if (transactionId === undefined) throw new AppError('POINTS.SOURCE_KEY_REUSED', `Source key ${input.sourceKey} was used for another holder`);
  await post(
    tx,
    district,
    transactionId,
    [
      { accountId: account.id, amount: -taken },
      { accountId: issuer, amount: taken },
    ],
    issuer,
  );
  return { transactionId, points: -taken, shortfall, replayed: false };
}

export interface ConductAwardInput {
  /** The household's holder: the resident's or volunteer's account name (their phone). */
  holderUsername: string;
  ruleCode: string;
  /** The household's community (12-digit division code), in the worker's street. */
  communityCode: string;
  /** The worker's own key for this check (a retry with it returns the first award). */
  checkKey: string;
  occurredAt?: Date;
  note?: string;
}

/**
 * A street's worker confirms a household's good conduct (waste sorted, a household looked after by a
 * Party member): a conduct rule's award. Scope, kept simple until residents' profiles record their
 * community: the worker's unit is a street/town and the community named lies in it.
 */
export async function awardConduct(ctx: AppContext, p: Principal, input: ConductAwardInput): Promise<AwardResult> {
  authorize(p, rules.awardConduct);
  const ref = await ctx.reference.get();
  const unit = ref.unitById.get(p.unitId);
  if (unit === undefined || unit.unitType !== 'street' || unit.divisionCode === null)
    throw forbidden('Good conduct is confirmed by the staff of a street/town 须由街道（乡镇）工作人员确认');
  const community = ref.divisionByCode.get(input.communityCode);
  if (community === undefined || community.level !== 'community' || community.districtCode !== ctx.districtCode)
    throw new AppError('POINTS.UNKNOWN_COMMUNITY', `No community ${input.communityCode} in this district`);
  if (community.parentCode !== unit.divisionCode) throw forbidden(`Community ${community.name} is outside your street 该社区不在本街道`);
  const holder = await findHolderUser(ctx.database.db, ctx.districtCode, { username: input.holderUsername });
  if (holder === undefined) throw new AppError('POINTS.UNKNOWN_HOLDER', `No resident or volunteer account ${input.holderUsername}`);
  const now = ctx.clock();
  const occurredAt = input.occurredAt ?? now;
  if (occurredAt.getTime() > now.getTime() + 5 * 60_000) throw invalid('occurredAt is in the future');
  if (occurredAt.getTime() < now.getTime() - 31 * DAY_MS) throw invalid('A check older than 31 days is not awarded');
  return ctx.database.db.transaction((tx) =>
    awardPoints(ctx, tx, {
      holderUserId: holder.id,
      ruleCode: input.ruleCode,
      quantity: 1,
      sourceKey: `conduct:${p.userId}:${input.checkKey}`,
      occurredAt,
      actor: { userId: p.userId },
      ...(input.note === undefined ? {} : { note: input.note }),
      placeCode: community.code,
      kind: 'conduct',
    }),
  );
}

/** Reverses an award by a counter-transaction (a mistake): once, and only while the holder still has the points. */
export async function reverseAward(ctx: AppContext, p: Principal, transactionId: number, reason: string): Promise<{ transactionId: number }> {
  authorize(p, rules.reverse);
  const district = ctx.districtCode;
  return ctx.database.db.transaction(async (tx) => {
    const original = await findTransaction(tx, district, { id: transactionId });
    if (original === undefined) throw notFound('Points transaction', transactionId);
    if (original.kind !== 'award') throw new AppError('POINTS.NOT_REVERSIBLE', `Transaction ${transactionId} is a ${original.kind}, not an award`);
    const entries = await entriesOf(tx, district, transactionId);
    // An award credits the holder and debits a stripe of the issuer.
    const holderEntry = entries.find((e) => e.amount > 0)!;
    const issuer = entries.find((e) => e.amount < 0)!.accountId;
    // The holder's account first (the lock order), which also serialises two reversals of one award.
    await applyDelta(tx, holderEntry.accountId, 0);
    if (await hasReversal(tx, district, transactionId)) throw new AppError('POINTS.NOT_REVERSIBLE', `Transaction ${transactionId} was reversed already`);
    const id = await insertTransaction(tx, {
      districtCode: district,
      kind: 'reverse',
      actorUserId: p.userId,
      occurredAt: ctx.clock(),
      recordedAt: ctx.clock(),
      reason: reason.trim(),
      reversesId: transactionId,
      ruleVersionId: original.ruleVersionId,
    });
    await post(tx, district, id!, counterEntries(entries), issuer);
    return { transactionId: id! };
  });
}

// ---------------------------------------------------------------------------------------------
// Balances, movements, leaderboards

/** A holder's balance (0 before the first award). */
export async function balanceOf(ctx: AppContext, db: DbOrTx, holderUserId: number): Promise<number> {
  return (await findHolderAccount(db, ctx.districtCode, holderUserId))?.balance ?? 0;
}

export async function myAccount(
  ctx: AppContext,
  p: Principal,
  page: { before: number | null; limit: number },
): Promise<{ balance: number; movements: (MovementRow & { ruleName: string | null })[] }> {
  authorize(p, rules.myAccount);
  const db = ctx.database.db;
  const account = await findHolderAccount(db, ctx.districtCode, p.userId);
  if (account === undefined) return { balance: 0, movements: [] };
  const rows = await movementsOf(db, ctx.districtCode, account.id, page.before, page.limit);
  const ruleName = new Map((await listRuleRows(db, ctx.districtCode)).map((r) => [r.id, r.name]));
  return {
    balance: account.balance,
    movements: rows.map((r) => ({ ...r, ruleName: r.ruleVersionId === null ? null : (ruleName.get(r.ruleVersionId) ?? null) })),
  };
}

/**
 * Holders by points earned in a month or a year (awards less reversals). A volunteer's name is shown as
 * the volunteers module says (`volunteerPublicNames`: in clear with their consent, masked otherwise); a
 * resident who is no volunteer has recorded no consent and is masked.
 */
export async function leaderboard(
  ctx: AppContext,
  p: Principal,
  period: 'month' | 'year',
  at: string,
  limit: number,
): Promise<{ rank: number; name: string; points: number; me: boolean }[]> {
  const range = periodRange(period, at);
  const rows = await leaderboardRows(ctx.database.db, ctx.districtCode, localDayStart(range.from), localDayStart(range.to), limit);
  const names = await volunteerPublicNames(
    ctx,
    rows.map((r) => r.userId),
  );
  return rows.map((r, i) => ({ rank: i + 1, name: names.get(r.userId) ?? maskDisplayName(r.displayName), points: r.points, me: r.userId === p.userId }));
}

function periodRange(period: 'month' | 'year', at: string): { from: string; to: string } {
  const range = leaderboardPeriod(period, at);
  if (range === undefined) throw new AppError('POINTS.INVALID_PERIOD', `${at} is not a ${period === 'month' ? 'month YYYY-MM' : 'year YYYY'}`);
  return range;
}

/**
 * Teams (not dissolved) by the points their current members earned in a month or a year; a member
 * counts in full for every team they belong to (the volunteers module's `rankTeams`).
 */
export async function teamLeaderboard(
  ctx: AppContext,
  p: Principal,
  period: 'month' | 'year',
  at: string,
  limit: number,
): Promise<{ rank: number; teamId: number; name: string; points: number; members: number; yours: boolean }[]> {
  const range = periodRange(period, at);
  const byHolder = new Map(
    (await pointsByHolder(ctx.database.db, ctx.districtCode, localDayStart(range.from), localDayStart(range.to))).map((r) => [r.userId, r.points]),
  );
  return rankTeams(await districtTeamMemberships(ctx), byHolder, limit).map((t) => ({
    rank: t.rank,
    teamId: t.team.teamId,
    name: t.team.name,
    points: t.total,
    members: t.team.memberIds.length,
    yours: t.team.memberIds.includes(p.userId),
  }));
}

/** The audit: every balance re-derived from the entries, unbalanced transactions, the issuer equation. */
export async function audit(ctx: AppContext, p: Principal | null): Promise<AuditFindings> {
  if (p !== null) authorize(p, rules.audit);
  const r = await auditRows(ctx.database.db, ctx.districtCode);
  return auditFindings(r.accounts, r.unbalanced, r.transactions);
}

// ---------------------------------------------------------------------------------------------
// The catalogue

export async function listPartners(ctx: AppContext): Promise<PartnerRow[]> {
  return listPartnerRows(ctx.database.db, ctx.districtCode);
}

export async function addPartner(
  ctx: AppContext,
  p: Principal,
  input: { name: string; kind: PartnerKind; unitId: number; address?: string },
): Promise<PartnerRow> {
  authorize(p, rules.catalogueManage);
  const ref = await ctx.reference.get();
  const unit = ref.unitById.get(input.unitId);
  if (unit === undefined || !unit.active) throw new AppError('UNIT.UNKNOWN', `Unit ${input.unitId} does not exist`);
  if (input.name.trim().length === 0) throw invalid('A partner needs a name');
  return insertPartner(ctx.database.db, {
    districtCode: ctx.districtCode,
    name: input.name.trim(),
    kind: input.kind,
    unitId: unit.id,
    address: input.address?.trim() ?? '',
    active: true,
    createdAt: ctx.clock(),
  });
}

export async function editPartner(ctx: AppContext, p: Principal, id: number, set: { name?: string; address?: string; active?: boolean }): Promise<PartnerRow> {
  authorize(p, rules.catalogueManage);
  if (set.name !== undefined && set.name.trim().length === 0) throw invalid('A partner needs a name');
  const r = await updatePartner(ctx.database.db, ctx.districtCode, id, {
    ...(set.name === undefined ? {} : { name: set.name.trim() }),
    ...(set.address === undefined ? {} : { address: set.address.trim() }),
    ...(set.active === undefined ? {} : { active: set.active }),
  });
  if (r === undefined) throw notFound('Partner', id);
  return r;
}

export async function listItems(ctx: AppContext, includeWithdrawn: boolean): Promise<ItemRow[]> {
  return listItemRows(ctx.database.db, ctx.districtCode, !includeWithdrawn);
}

export async function addItem(
  ctx: AppContext,
  p: Principal,
  input: { partnerId: number; name: string; description?: string; cost: number; stock: number },
): Promise<ItemRow> {
  authorize(p, rules.catalogueManage);
  const partner = await findPartner(ctx.database.db, ctx.districtCode, input.partnerId);
  if (partner === undefined || !partner.active) throw new AppError('POINTS.UNKNOWN_PARTNER', `No active partner ${input.partnerId}`);
  if (input.name.trim().length === 0) throw invalid('An item needs a name');
  return insertItem(ctx.database.db, {
    districtCode: ctx.districtCode,
    partnerId: partner.id,
    name: input.name.trim(),
    description: input.description?.trim() ?? '',
    cost: input.cost,
    stock: input.stock,
    active: true,
    createdAt: ctx.clock(),
  });
}

export async function editItem(
  ctx: AppContext,
  p: Principal,
  id: number,
  set: { name?: string; description?: string; cost?: number; active?: boolean },
): Promise<ItemRow> {
  authorize(p, rules.catalogueManage);
  if (set.name !== undefined && set.name.trim().length === 0) throw invalid('An item needs a name');
  const r = await updateItem(ctx.database.db, ctx.districtCode, id, {
    ...(set.name === undefined ? {} : { name: set.name.trim() }),
    ...(set.description === undefined ? {} : { description: set.description.trim() }),
    ...(set.cost === undefined ? {} : { cost: set.cost }),
    ...(set.active === undefined ? {} : { active: set.active }),
  });
  if (r === undefined) throw notFound('Item', id);
  return r;
}

/** Adds stock (a delivery) or takes it away (a count found less); never below zero. */
export async function restock(ctx: AppContext, p: Principal, id: number, delta: number): Promise<ItemRow> {
  authorize(p, rules.catalogueManage);
  if (delta === 0) throw invalid('A stock change of 0 changes nothing');
  return ctx.database.db.transaction(async (tx) => {
    const item = await findItem(tx, ctx.districtCode, id);
    if (item === undefined) throw notFound('Item', id);
    const r = await changeStock(tx, ctx.districtCode, id, delta, false);
    if (r === undefined) throw new AppError('POINTS.OUT_OF_STOCK', `Item ${id} has fewer than ${-delta} in stock`);
    return r;
  });
}

// ---------------------------------------------------------------------------------------------
// Redemptions

export interface RedemptionView extends RedemptionRow {
  balance?: number;
  replayed?: boolean;
}

const newPickupCode = () => pickupCodeFrom(randomBytes(10));

/**
 * A holder redeems `quantity` of an item: the stock and the points are taken in one transaction
 * (item first, then the holder's and the partner's accounts by id), answered with a pickup code.
 * Idempotent by the holder's key: a retry, or the same request from a second phone at the same
 * moment, returns the first redemption and takes nothing twice.
 */
export async function redeem(ctx: AppContext, p: Principal, input: { itemId: number; quantity: number; idempotencyKey: string }): Promise<RedemptionView> {
  authorize(p, rules.redeem);
  const district = ctx.districtCode;
  const replay = async (db: DbOrTx): Promise<RedemptionView | undefined> => {
    const first = await findRedemption(db, district, { holderUserId: p.userId, idempotencyKey: input.idempotencyKey });
    if (first === undefined) return undefined;
    if (first.itemId !== input.itemId || first.quantity !== input.quantity)
      throw new AppError('POINTS.IDEMPOTENCY_KEY_REUSED', `Key ${input.idempotencyKey} was used for redemption ${first.id} of another item or quantity`);
    return { ...first, replayed: true, balance: await balanceOf(ctx, db, p.userId) };
  };
  try {
    return await ctx.database.db.transaction(async (tx) => {
      const again = await replay(tx);
      if (again !== undefined) return again;
      const now = ctx.clock();
      // Everything read first, so the item's row (a hot one) is locked only for the writes and the commit.
      const there = await findItem(tx, district, input.itemId);
      if (there === undefined || !there.active) throw new AppError('POINTS.ITEM_UNAVAILABLE', `No item ${input.itemId} to redeem`);
      const partner = await findPartner(tx, district, there.partnerId);
      if (partner === undefined || !partner.active) throw new AppError('POINTS.ITEM_UNAVAILABLE', `The partner of item ${there.id} is closed`);
      if (there.stock < input.quantity) throw new AppError('POINTS.OUT_OF_STOCK', `Only ${there.stock} of ${there.name} left`, { stock: there.stock });
      const holder = await findHolderAccount(tx, district, p.userId);
      if (holder === undefined || holder.balance < there.cost * input.quantity)
        throw new AppError('POINTS.INSUFFICIENT_BALANCE', `Redeeming needs ${there.cost * input.quantity} points`, { points: there.cost * input.quantity });
      const partnerAccount = await partnerAccountId(tx, district, partner.id, stripeOf(p.userId), now);
      const item = await changeStock(tx, district, input.itemId, -input.quantity, true);
      if (item === undefined) {
        const left = await findItem(tx, district, input.itemId);
        if (left === undefined || !left.active) throw new AppError('POINTS.ITEM_UNAVAILABLE', `No item ${input.itemId} to redeem`);
        throw new AppError('POINTS.OUT_OF_STOCK', `Only ${left.stock} of ${left.name} left`, { stock: left.stock });
      }
      const points = item.cost * input.quantity;
      const transactionId = (await insertTransaction(tx, {
        districtCode: district,
        kind: 'redeem',
        actorUserId: p.userId,
        occurredAt: now,
        recordedAt: now,
        reason: `${item.name} ×${input.quantity}`,
      }))!;
      const balances = await post(
        tx,
        district,
        transactionId,
        [
          { accountId: holder.id, amount: -points },
          { accountId: partnerAccount, amount: points },
        ],
        null,
      );
      const row = await insertRedemption(tx, {
        districtCode: district,
        holderUserId: p.userId,
        itemId: item.id,
        partnerId: partner.id,
        quantity: input.quantity,
        points,
        status: 'pending',
        pickupCode: newPickupCode(),
        idempotencyKey: input.idempotencyKey,
        transactionId,
        createdAt: now,
      });
      return { ...row, balance: balances.get(holder.id)!, replayed: false };
    });
  } catch (e) {
    // The same key from two phones at once: the loser's insert hits the key and rolls back; it answers the winner's.
    if (isUniqueViolation(e)) {
      const first = await replay(ctx.database.db);
      if (first !== undefined) return first;
    }
    throw e;
  }
}

/** Staff of the unit running the partner, or the centre's supervisors and admins. */
async function mayHandOut(ctx: AppContext, db: DbOrTx, p: Principal, partnerId: number): Promise<boolean> {
  if (!mayAct(p, rules.handOut)) return false;
  if (p.roles.includes('admin') || p.roles.includes('centre_supervisor')) return true;
  const partner = await findPartner(db, ctx.districtCode, partnerId);
  return partner !== undefined && partner.unitId === p.unitId;
}

/** The partner's staff hand the item over against the pickup code. */
export async function collect(ctx: AppContext, p: Principal, pickupCode: string): Promise<RedemptionRow & { itemName: string }> {
  authorize(p, rules.handOut);
  const done = await ctx.database.db.transaction(async (tx) => {
    const r = await findRedemption(tx, ctx.districtCode, { pickupCode: pickupCode.toUpperCase() }, true);
    if (r === undefined || !(await mayHandOut(ctx, tx, p, r.partnerId))) throw notFound('Pickup code (取货码)', pickupCode);
    if (r.status !== 'pending') throw new AppError('POINTS.REDEMPTION_NOT_PENDING', `Redemption ${r.id} is ${r.status}`);
    return updateRedemption(tx, ctx.districtCode, r.id, { status: 'collected', collectedAt: ctx.clock(), collectedBy: p.userId });
  });
  // The staff's answer names the item handed over.
  return (await withItemNames(ctx, [done]))[0]!;
}

/**
 * Cancels a pending redemption: the stock goes back and the points are refunded by a counter-transaction
 * (kind refund, naming the redemption's transaction). The holder cancels their own; the partner's
 * staff and the centre any of theirs.
 */
export async function cancelRedemption(ctx: AppContext, p: Principal, id: number, reason: string): Promise<RedemptionView & { itemName: string }> {
  authorize(p, rules.cancelRedemption);
  const district = ctx.districtCode;
  const done = await ctx.database.db.transaction(async (tx): Promise<RedemptionView> => {
    const r = await findRedemption(tx, district, { id }, true);
    const own = r !== undefined && r.holderUserId === p.userId && mayAct(p, rules.redeem);
    if (r === undefined || !(own || (await mayHandOut(ctx, tx, p, r.partnerId)))) throw notFound('Redemption', id);
    if (r.status !== 'pending') throw new AppError('POINTS.REDEMPTION_NOT_PENDING', `Redemption ${r.id} is ${r.status}`);
    const now = ctx.clock();
    await changeStock(tx, district, r.itemId, r.quantity, false);
    const entries = await entriesOf(tx, district, r.transactionId);
    const refundId = (await insertTransaction(tx, {
      districtCode: district,
      kind: 'refund',
      actorUserId: p.userId,
      occurredAt: now,
      recordedAt: now,
      reason: reason.trim() || '取消兑换 cancelled',
      reversesId: r.transactionId,
    }))!;
    const balances = await post(tx, district, refundId, counterEntries(entries), null);
    const holderAccount = entries.find((e) => e.amount < 0)!.accountId;
    const done = await updateRedemption(tx, district, r.id, {
      status: 'cancelled',
      cancelledAt: now,
      cancelledBy: p.userId,
      cancelReason: reason.trim(),
      refundTransactionId: refundId,
    });
    return { ...done, balance: balances.get(holderAccount)! };
  });
  return (await withItemNames(ctx, [done]))[0]!;
}

export async function myRedemptions(ctx: AppContext, p: Principal, before: number | null, limit: number): Promise<(RedemptionRow & { itemName: string })[]> {
  authorize(p, rules.myAccount);
  const rows = await listRedemptionRows(ctx.database.db, ctx.districtCode, { holderUserId: p.userId }, before, limit);
  return withItemNames(ctx, rows);
}

/** The redemptions staff hand out: those of partners their unit runs (the centre: all). */
export async function partnerRedemptions(
  ctx: AppContext,
  p: Principal,
  filter: { status?: RedemptionStatus },
  before: number | null,
  limit: number,
): Promise<(RedemptionRow & { itemName: string; holderName: string })[]> {
  authorize(p, rules.handOut);
  const db = ctx.database.db;
  const all = p.roles.includes('admin') || p.roles.includes('centre_supervisor');
  const partnerIds = all ? undefined : (await listPartnerRows(db, ctx.districtCode)).filter((x) => x.unitId === p.unitId).map((x) => x.id);
  const rows = await listRedemptionRows(db, ctx.districtCode, { ...filter, ...(partnerIds === undefined ? {} : { partnerIds }) }, before, limit);
  const names = await displayNames(
    db,
    rows.map((r) => r.holderUserId),
  );
  return (await withItemNames(ctx, rows)).map((r) => ({ ...r, holderName: maskDisplayName(names.get(r.holderUserId) ?? '') }));
}

async function withItemNames<R extends RedemptionRow>(ctx: AppContext, rows: R[]): Promise<(R & { itemName: string })[]> {
  const items = new Map((await listItemRows(ctx.database.db, ctx.districtCode, false)).map((i) => [i.id, i.name]));
  return rows.map((r) => ({ ...r, itemName: items.get(r.itemId) ?? '' }));
}

export type { TransactionKind };
