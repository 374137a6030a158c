/**
 * 文明积分银行 (DOMAIN.md §9, docs/VOLUNTEERS.md "The points bank"): the pure rules of the points bank.
 * Points are whole numbers. Every movement is a transaction of entries that sum to zero (double entry);
 * a holder's or a partner's balance never goes below zero, the district's issuing account may (its
 * balance is minus the points in circulation). Earning rules are versioned by the local date they take
 * effect; an award is computed from the version in force on the day of the event and capped per holder
 * and day when the rule says so.
 */
import { isLocalDate, localDate, periodDates } from '../../engine/domain/calendar/local-time.ts';
import { maskName } from '../../engine/domain/shared/masking.ts';
import { errWith, ok, type DomainError, type Result } from '../../engine/domain/shared/result.ts';

export const ACCOUNT_KINDS = ['holder', 'issuer', 'partner'] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

export const TRANSACTION_KINDS = ['award', 'redeem', 'refund', 'reverse', 'adjust'] as const;
export type TransactionKind = (typeof TRANSACTION_KINDS)[number];

/** What a rule pays for: a confirmed service hour, an activity of a type, a good-conduct check. */
export const RULE_KINDS = ['hour', 'activity', 'conduct'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export const PARTNER_KINDS = ['shop', 'station'] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

export const REDEMPTION_STATUSES = ['pending', 'collected', 'cancelled'] as const;
export type RedemptionStatus = (typeof REDEMPTION_STATUSES)[number];

/**
 * The issuer's and each partner's account are kept in this many rows (stripes), picked by the holder's
 * id: awards and redemptions of different holders then lock different rows (docs/VOLUNTEERS.md).
 */
export const STRIPES = 16;
export const stripeOf = (holderUserId: number): number => holderUserId % STRIPES;

/** The most points one entry may carry (a guard against typing errors, well inside a bigint). */
export const MAX_ENTRY_POINTS = 1_000_000;
/** Quantities are counted in hundredths (1.25 hours); more precision is refused. */
export const QUANTITY_SCALE = 100;
export const MAX_QUANTITY = 1000;

/** One version of an earning rule (积分规则): a rule code's terms from a local date on. */
export interface RuleVersion {
  id: number;
  code: string;
  kind: RuleKind;
  name: string;
  /** Points per unit of quantity (per hour, per activity, per check). */
  pointsPerUnit: number;
  /** At most this many points per holder and local day under this rule code; null = no cap. */
  dailyCap: number | null;
  /** Asia/Shanghai date (YYYY-MM-DD) from which this version is in force. */
  effectiveFrom: string;
}

export interface Entry {
  accountId: number;
  /** Signed points: positive credits the account, negative debits it. */
  amount: number;
}

/** How the pure rules refuse (the module's catalogue, points.errors.ts, has them all). */
export type PointsRuleError = 'POINTS.INVALID_QUANTITY' | 'POINTS.INVALID_RULE' | 'POINTS.UNBALANCED';
export type Check<T> = Result<T, DomainError<PointsRuleError>>;
const err = errWith<PointsRuleError>();

/** The version of `code` in force on the local day of `at`: the latest whose effectiveFrom ≤ that day. */
export function ruleInForce(versions: readonly RuleVersion[], code: string, at: Date): RuleVersion | undefined {
  const day = localDate(at);
  let best: RuleVersion | undefined;
  for (const v of versions) if (v.code === code && v.effectiveFrom <= day && (best === undefined || v.effectiveFrom > best.effectiveFrom)) best = v;
  return best;
}

/** The quantity in hundredths; refused when not positive, above the maximum or finer than 0.01. */
export function quantityHundredths(quantity: number): Check<number> {
  if (!Number.isFinite(quantity) || quantity <= 0 || quantity > MAX_QUANTITY) return err('POINTS.INVALID_QUANTITY', `Quantity must be in (0, ${MAX_QUANTITY}]`);
  const h = Math.round(quantity * QUANTITY_SCALE);
  if (Math.abs(h - quantity * QUANTITY_SCALE) > 1e-6) return err('POINTS.INVALID_QUANTITY', 'Quantity has at most two decimals');
  return ok(h);
}

/**
 * The points an award pays: pointsPerUnit × quantity, rounded down to a whole point, then cut to what
 * the daily cap leaves (`alreadyToday`: what the holder got under the same rule code that local day).
 * `capped` says the cap cut it; 0 points means nothing is left today.
 */
export function awardAmount(
  rule: Pick<RuleVersion, 'pointsPerUnit' | 'dailyCap'>,
  hundredths: number,
  alreadyToday: number,
): { points: number; capped: boolean } {
  return capAward(Math.floor((rule.pointsPerUnit * hundredths) / QUANTITY_SCALE), rule.dailyCap, alreadyToday);
}

/** `full` points cut to what a daily cap leaves after `alreadyToday`. */
export function capAward(full: number, dailyCap: number | null, alreadyToday: number): { points: number; capped: boolean } {
  if (dailyCap === null) return { points: full, capped: false };
  const left = Math.max(0, dailyCap - alreadyToday);
  return full > left ? { points: left, capped: true } : { points: full, capped: false };
}

/**
 * The points `minutes` of service earn under an hour rule: ⌊points per hour × minutes / 60⌋, from the
 * minutes themselves (not hours rounded to hundredths). A correction's negative minutes give the points
 * it takes back by the same formula, so a record and a correction cancelling it move equal points.
 */
export const hourPoints = (pointsPerUnit: number, minutes: number): number => Math.floor((pointsPerUnit * Math.abs(minutes)) / 60);

/**
 * What a take-back can take from a holder's balance (which never goes below zero): all of it when the
 * balance allows, else the balance, and the shortfall left untaken.
 */
export function takeBack(points: number, balance: number): { taken: number; shortfall: number } {
  const taken = Math.max(0, Math.min(points, balance));
  return { taken, shortfall: points - taken };
}

/** A rule version is well formed: a code, whole positive points, a cap ≥ 1 if any, a local date. */
export function validateRuleVersion(v: Omit<RuleVersion, 'id'>): Check<Omit<RuleVersion, 'id'>> {
  if (!/^[a-z][a-z0-9_.-]{1,59}$/.test(v.code)) return err('POINTS.INVALID_RULE', 'A rule code is 2–60 lower-case letters, digits, _ . -');
  if (!Number.isInteger(v.pointsPerUnit) || v.pointsPerUnit < 1 || v.pointsPerUnit > 10_000)
    return err('POINTS.INVALID_RULE', 'Points per unit must be a whole number from 1 to 10000');
  if (v.dailyCap !== null && (!Number.isInteger(v.dailyCap) || v.dailyCap < 1 || v.dailyCap > MAX_ENTRY_POINTS))
    return err('POINTS.INVALID_RULE', 'A daily cap must be a whole number of at least 1');
  if (!isLocalDate(v.effectiveFrom)) return err('POINTS.INVALID_RULE', 'effectiveFrom must be a date YYYY-MM-DD');
  if (v.name.trim().length === 0) return err('POINTS.INVALID_RULE', 'A rule needs a name');
  return ok({ ...v, name: v.name.trim() });
}

/**
 * A transaction's entries, checked: at least two, each a nonzero whole number within bounds, summing
 * to zero, and at most one entry per account (the same account twice is merged first).
 */
export function balancedEntries(entries: readonly Entry[]): Check<Entry[]> {
  const byAccount = new Map<number, number>();
  for (const e of entries) {
    if (!Number.isSafeInteger(e.amount) || Math.abs(e.amount) > MAX_ENTRY_POINTS)
      return err('POINTS.UNBALANCED', `Entry of ${e.amount} points on account ${e.accountId} is not a whole number within bounds`);
    byAccount.set(e.accountId, (byAccount.get(e.accountId) ?? 0) + e.amount);
  }
  const merged = [...byAccount].filter(([, a]) => a !== 0).map(([accountId, amount]) => ({ accountId, amount }));
  if (merged.length < 2) return err('POINTS.UNBALANCED', 'A transaction moves points between at least two accounts');
  const sum = merged.reduce((s, e) => s + e.amount, 0);
  if (sum !== 0) return err('POINTS.UNBALANCED', `Entries sum to ${sum}, not 0`);
  return ok(merged);
}

/**
 * The order in which a transaction locks accounts (the global lock order, see docs/VOLUNTEERS.md):
 * holders and partners by ascending id, the district's issuing account last. Every writer takes items
 * before accounts and accounts in this order, so two transactions never wait for each other in a
 * circle; the issuer, which every award touches, is held only from its update to the commit.
 */
export function lockOrder<E extends { accountId: number }>(entries: readonly E[], issuerAccountId: number): E[] {
  return [...entries].sort((a, b) => {
    if (a.accountId === issuerAccountId) return 1;
    if (b.accountId === issuerAccountId) return -1;
    return a.accountId - b.accountId;
  });
}

/** The entries that undo `entries` (a reversal or a refund): every amount negated. */
export const counterEntries = (entries: readonly Entry[]): Entry[] => entries.map((e) => ({ accountId: e.accountId, amount: -e.amount }));

export interface AuditAccount {
  id: number;
  kind: AccountKind;
  cached: number;
  derived: number;
}

export interface AuditFindings {
  accounts: number;
  transactions: number;
  /** Accounts whose cached balance differs from the sum of their entries. */
  mismatched: AuditAccount[];
  /** Holder or partner accounts below zero (cached or derived). */
  negative: AuditAccount[];
  /** Transactions whose entries do not sum to zero, or that have fewer than two entries. */
  unbalanced: { transactionId: number; sum: number; entries: number }[];
  /** The issuer equation: issuer balance + every other balance = 0 (derived and cached). */
  issuer: { issuerBalance: number; circulating: number; holds: boolean };
  anomalies: number;
}

/** Judges what the auditor re-derived (pure: the repository sums, this decides). */
export function auditFindings(
  accounts: readonly AuditAccount[],
  transactions: readonly { transactionId: number; sum: number; entries: number }[],
  transactionCount: number,
): AuditFindings {
  const mismatched = accounts.filter((a) => a.cached !== a.derived);
  const negative = accounts.filter((a) => a.kind !== 'issuer' && (a.cached < 0 || a.derived < 0));
  const unbalanced = transactions.filter((t) => t.sum !== 0 || t.entries < 2);
  const issuerBalance = accounts.filter((a) => a.kind === 'issuer').reduce((s, a) => s + a.derived, 0);
  const circulating = accounts.filter((a) => a.kind !== 'issuer').reduce((s, a) => s + a.derived, 0);
  const cachedTotal = accounts.reduce((s, a) => s + a.cached, 0);
  const holds = issuerBalance + circulating === 0 && cachedTotal === 0;
  return {
    accounts: accounts.length,
    transactions: transactionCount,
    mismatched,
    negative,
    unbalanced,
    issuer: { issuerBalance, circulating, holds },
    anomalies: mismatched.length + negative.length + unbalanced.length + (holds ? 0 : 1),
  };
}

/** Pickup codes: 10 characters of an alphabet without look-alikes (0/O, 1/I/L), from random bytes. */
export const PICKUP_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export function pickupCodeFrom(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < 10; i++) out += PICKUP_ALPHABET[bytes[i]! % PICKUP_ALPHABET.length];
  return out;
}

/** 张三 → 张*: leaderboards show names masked until the volunteer consents (docs/VOLUNTEERS.md, "Consent"); a name-less row shows **. */
export const maskDisplayName = (name: string): string => (name.trim() === '' ? '**' : maskName(name));

/** The local-date period of a leaderboard: a month YYYY-MM, or a year YYYY; undefined when `at` is not of that kind. */
export function leaderboardPeriod(period: 'month' | 'year', at: string): { from: string; to: string } | undefined {
  return (period === 'year') === /^\d{4}$/.test(at) ? periodDates(at) : undefined;
}
