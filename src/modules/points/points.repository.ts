/**
 * SQL of the points bank. Balances change only through `applyDelta` (a conditional update: a holder's or
 * partner's balance never goes below zero, and the row lock it takes serialises writers of that
 * account); the ledger's rows are only ever inserted. Callers lock in the global order: redemptions,
 * then items, then accounts by ascending id with the issuer last (docs/VOLUNTEERS.md).
 */
import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../platform/db/client.ts';
import { users } from '../../engine/reference/reference.table.ts';
import type { AuditAccount, Entry, RuleVersion } from './points.domain.ts';
import { pointsAccounts, pointsEntries, pointsItems, pointsPartners, pointsRedemptions, pointsRules, pointsTransactions } from './points.table.ts';

export type RuleRow = typeof pointsRules.$inferSelect;
export type PartnerRow = typeof pointsPartners.$inferSelect;
export type ItemRow = typeof pointsItems.$inferSelect;
export type RedemptionRow = typeof pointsRedemptions.$inferSelect;
export type TransactionRow = typeof pointsTransactions.$inferSelect;

// ---------------------------------------------------------------------------------------------
// Rules

export const ruleVersionOf = (r: RuleRow): RuleVersion => ({
  id: r.id,
  code: r.code,
  kind: r.kind,
  name: r.name,
  pointsPerUnit: r.pointsPerUnit,
  dailyCap: r.dailyCap,
  effectiveFrom: r.effectiveFrom,
});

export async function listRuleRows(db: DbOrTx, districtCode: string, code?: string): Promise<RuleRow[]> {
  return db
    .select()
    .from(pointsRules)
    .where(code === undefined ? eq(pointsRules.districtCode, districtCode) : and(eq(pointsRules.districtCode, districtCode), eq(pointsRules.code, code)))
    .orderBy(asc(pointsRules.code), asc(pointsRules.effectiveFrom));
}

export async function insertRule(db: DbOrTx, row: typeof pointsRules.$inferInsert): Promise<RuleRow> {
  const [r] = await db.insert(pointsRules).values(row).returning();
  return r!;
}

// ---------------------------------------------------------------------------------------------
// Holders

/**
 * An active user of the district (by their unit) holding `resident` or `volunteer`; with `inactiveToo`
 * also an account nobody has claimed yet (an imported volunteer earns points for hours before claiming).
 */
export async function findHolderUser(
  db: DbOrTx,
  districtCode: string,
  by: { id: number } | { username: string },
  inactiveToo = false,
): Promise<{ id: number; displayName: string } | undefined> {
  const rows = await queryRows<{ id: number; display_name: string }>(
    db,
    sql`select u.id, u.display_name from users u join units n on n.id = u.unit_id
        where ${'id' in by ? sql`u.id = ${by.id}` : sql`u.username = ${by.username}`}
          and (u.active or ${inactiveToo}) and n.district_code = ${districtCode} and u.roles && array['resident', 'volunteer']::text[]`,
  );
  const r = rows[0];
  return r === undefined ? undefined : { id: Number(r.id), displayName: r.display_name };
}

// ---------------------------------------------------------------------------------------------
// Accounts

/** The holder's account, locked (FOR UPDATE); opened first when the holder has none. */
export async function lockHolderAccount(tx: DbOrTx, districtCode: string, userId: number, now: Date): Promise<{ id: number; balance: number }> {
  const find = () =>
    tx
      .select({ id: pointsAccounts.id, balance: pointsAccounts.balance })
      .from(pointsAccounts)
      .where(and(eq(pointsAccounts.districtCode, districtCode), eq(pointsAccounts.kind, 'holder'), eq(pointsAccounts.holderUserId, userId)))
      .for('update');
  const [found] = await find();
  if (found) return found;
  // A row this transaction inserts is its own until commit: a concurrent opener waits on the unique
  // index and then finds it.
  const [made] = await tx
    .insert(pointsAccounts)
    .values({ districtCode, kind: 'holder', holderUserId: userId, balance: 0, createdAt: now })
    .onConflictDoNothing()
    .returning({ id: pointsAccounts.id, balance: pointsAccounts.balance });
  if (made) return made;
  const [again] = await find();
  return again!;
}

/** The holder's account without locking it (undefined when none was opened yet). */
export async function findHolderAccount(db: DbOrTx, districtCode: string, userId: number): Promise<{ id: number; balance: number } | undefined> {
  const [r] = await db
    .select({ id: pointsAccounts.id, balance: pointsAccounts.balance })
    .from(pointsAccounts)
    .where(and(eq(pointsAccounts.districtCode, districtCode), eq(pointsAccounts.kind, 'holder'), eq(pointsAccounts.holderUserId, userId)));
  return r;
}

async function ensureAccount(
  db: DbOrTx,
  districtCode: string,
  kind: 'issuer' | 'partner',
  partnerId: number | null,
  stripe: number,
  now: Date,
): Promise<number> {
  const find = async () => {
    const [r] = await db
      .select({ id: pointsAccounts.id })
      .from(pointsAccounts)
      .where(
        and(
          eq(pointsAccounts.districtCode, districtCode),
          eq(pointsAccounts.kind, kind),
          eq(pointsAccounts.stripe, stripe),
          partnerId === null ? sql`true` : eq(pointsAccounts.partnerId, partnerId),
        ),
      );
    return r?.id;
  };
  const found = await find();
  if (found !== undefined) return found;
  const [made] = await db
    .insert(pointsAccounts)
    .values({ districtCode, kind, partnerId, stripe, balance: 0, createdAt: now })
    .onConflictDoNothing()
    .returning({ id: pointsAccounts.id });
  return made?.id ?? (await find())!;
}

/** A stripe of the district's issuing account (the counter-account of awards), opened on first use. */
export const issuerAccountId = (db: DbOrTx, districtCode: string, stripe: number, now: Date) => ensureAccount(db, districtCode, 'issuer', null, stripe, now);
/** A stripe of a redemption partner's account, opened on first use. */
export const partnerAccountId = (db: DbOrTx, districtCode: string, partnerId: number, stripe: number, now: Date) =>
  ensureAccount(db, districtCode, 'partner', partnerId, stripe, now);

/**
 * Adds `delta` to the account's cached balance unless that takes a holder's or partner's balance below
 * zero; the new balance, or undefined when refused. The UPDATE locks the row until commit.
 */
export async function applyDelta(tx: DbOrTx, accountId: number, delta: number): Promise<number | undefined> {
  const [r] = await tx
    .update(pointsAccounts)
    .set({ balance: sql`${pointsAccounts.balance} + ${delta}` })
    .where(and(eq(pointsAccounts.id, accountId), sql`(${pointsAccounts.kind} = 'issuer' or ${pointsAccounts.balance} + ${delta} >= 0)`))
    .returning({ balance: pointsAccounts.balance });
  return r?.balance;
}

// ---------------------------------------------------------------------------------------------
// Transactions and entries

/** Inserts a transaction; undefined when its source key is taken already (ON CONFLICT DO NOTHING). */
export async function insertTransaction(tx: DbOrTx, row: Omit<typeof pointsTransactions.$inferInsert, 'id'>): Promise<number | undefined> {
  const [r] = await tx.insert(pointsTransactions).values(row).onConflictDoNothing().returning({ id: pointsTransactions.id });
  return r?.id;
}

export async function insertEntries(tx: DbOrTx, districtCode: string, transactionId: number, entries: readonly Entry[]): Promise<void> {
  await tx.insert(pointsEntries).values(entries.map((e) => ({ transactionId, accountId: e.accountId, amount: e.amount, districtCode })));
}

export async function findTransaction(db: DbOrTx, districtCode: string, by: { id: number } | { sourceKey: string }): Promise<TransactionRow | undefined> {
  const [r] = await db
    .select()
    .from(pointsTransactions)
    .where(
      and(eq(pointsTransactions.districtCode, districtCode), 'id' in by ? eq(pointsTransactions.id, by.id) : eq(pointsTransactions.sourceKey, by.sourceKey)),
    );
  return r;
}

export async function entriesOf(db: DbOrTx, districtCode: string, transactionId: number): Promise<Entry[]> {
  return db
    .select({ accountId: pointsEntries.accountId, amount: pointsEntries.amount })
    .from(pointsEntries)
    .where(and(eq(pointsEntries.districtCode, districtCode), eq(pointsEntries.transactionId, transactionId)))
    .orderBy(asc(pointsEntries.accountId));
}

export async function hasReversal(db: DbOrTx, districtCode: string, transactionId: number): Promise<boolean> {
  const [r] = await db
    .select({ id: pointsTransactions.id })
    .from(pointsTransactions)
    .where(and(eq(pointsTransactions.districtCode, districtCode), eq(pointsTransactions.reversesId, transactionId)));
  return r !== undefined;
}

/** Points the account got in awards under any version of `ruleCode` that occurred in [from, to). */
export async function awardedUnderRule(db: DbOrTx, districtCode: string, accountId: number, ruleCode: string, from: Date, to: Date): Promise<number> {
  const rows = await queryRows<{ total: string | number | null }>(
    db,
    sql`select coalesce(sum(e.amount), 0) as total
          from points_transactions t
          join points_entries e on e.transaction_id = t.id and e.district_code = t.district_code and e.account_id = ${accountId}
          join points_rules r on r.id = t.rule_version_id
         where t.district_code = ${districtCode} and t.kind = 'award' and r.code = ${ruleCode}
           and t.occurred_at >= ${from.toISOString()} and t.occurred_at < ${to.toISOString()}`,
  );
  return Number(rows[0]?.total ?? 0);
}

export interface MovementRow {
  transactionId: number;
  kind: TransactionRow['kind'];
  amount: number;
  occurredAt: Date;
  recordedAt: Date;
  reason: string;
  ruleVersionId: number | null;
}

/** The account's movements, newest first, keyset-paged by transaction id (before `beforeId`). */
export async function movementsOf(db: DbOrTx, districtCode: string, accountId: number, beforeId: number | null, limit: number): Promise<MovementRow[]> {
  return db
    .select({
      transactionId: pointsTransactions.id,
      kind: pointsTransactions.kind,
      amount: pointsEntries.amount,
      occurredAt: pointsTransactions.occurredAt,
      recordedAt: pointsTransactions.recordedAt,
      reason: pointsTransactions.reason,
      ruleVersionId: pointsTransactions.ruleVersionId,
    })
    .from(pointsEntries)
    .innerJoin(pointsTransactions, and(eq(pointsTransactions.id, pointsEntries.transactionId), eq(pointsTransactions.districtCode, pointsEntries.districtCode)))
    .where(
      and(
        eq(pointsEntries.accountId, accountId),
        eq(pointsEntries.districtCode, districtCode),
        beforeId === null ? sql`true` : lt(pointsEntries.transactionId, beforeId),
      ),
    )
    .orderBy(desc(pointsEntries.transactionId))
    .limit(limit);
}

/** Holders by points earned in [from, to) (awards less their reversals and the points taken back by hours corrections), most first. */
export async function leaderboardRows(
  db: DbOrTx,
  districtCode: string,
  from: Date,
  to: Date,
  limit: number,
): Promise<{ userId: number; displayName: string; points: number }[]> {
  const rows = await queryRows<{ user_id: number; display_name: string; points: string | number }>(
    db,
    sql`select a.holder_user_id as user_id, u.display_name, sum(e.amount) as points
          from points_transactions t
          join points_entries e on e.transaction_id = t.id and e.district_code = t.district_code
          join points_accounts a on a.id = e.account_id and a.kind = 'holder'
          join users u on u.id = a.holder_user_id
         where t.district_code = ${districtCode} and t.kind in ('award', 'reverse', 'adjust')
           and t.occurred_at >= ${from.toISOString()} and t.occurred_at < ${to.toISOString()}
         group by a.holder_user_id, u.display_name
        having sum(e.amount) > 0
         order by sum(e.amount) desc, a.holder_user_id
         limit ${limit}`,
  );
  return rows.map((r) => ({ userId: Number(r.user_id), displayName: r.display_name, points: Number(r.points) }));
}

/** Every holder's points earned in [from, to) (awards less their reversals; nonzero only): the team boards add them up. */
export async function pointsByHolder(db: DbOrTx, districtCode: string, from: Date, to: Date): Promise<{ userId: number; points: number }[]> {
  const rows = await queryRows<{ user_id: number; points: string | number }>(
    db,
    sql`select a.holder_user_id as user_id, sum(e.amount) as points
          from points_transactions t
          join points_entries e on e.transaction_id = t.id and e.district_code = t.district_code
          join points_accounts a on a.id = e.account_id and a.kind = 'holder'
         where t.district_code = ${districtCode} and t.kind in ('award', 'reverse')
           and t.occurred_at >= ${from.toISOString()} and t.occurred_at < ${to.toISOString()}
         group by a.holder_user_id
        having sum(e.amount) <> 0`,
  );
  return rows.map((r) => ({ userId: Number(r.user_id), points: Number(r.points) }));
}

// ---------------------------------------------------------------------------------------------
// The audit: every balance re-derived from the entries

export async function auditRows(
  db: DbOrTx,
  districtCode: string,
): Promise<{ accounts: AuditAccount[]; unbalanced: { transactionId: number; sum: number; entries: number }[]; transactions: number }> {
  const accounts = await queryRows<{ id: number; kind: AuditAccount['kind']; cached: string | number; derived: string | number }>(
    db,
    sql`select a.id, a.kind, a.balance as cached, coalesce(d.total, 0) as derived
          from points_accounts a
          left join (select account_id, sum(amount) as total from points_entries where district_code = ${districtCode} group by account_id) d
            on d.account_id = a.id
         where a.district_code = ${districtCode}
         order by a.id`,
  );
  const unbalanced = await queryRows<{ id: string | number; total: string | number; n: string | number }>(
    db,
    sql`select t.id, coalesce(sum(e.amount), 0) as total, count(e.account_id) as n
          from points_transactions t
          left join points_entries e on e.transaction_id = t.id and e.district_code = t.district_code
         where t.district_code = ${districtCode}
         group by t.id
        having coalesce(sum(e.amount), 0) <> 0 or count(e.account_id) < 2`,
  );
  const [count] = await queryRows<{ n: string | number }>(db, sql`select count(*) as n from points_transactions where district_code = ${districtCode}`);
  return {
    accounts: accounts.map((a) => ({ id: Number(a.id), kind: a.kind, cached: Number(a.cached), derived: Number(a.derived) })),
    unbalanced: unbalanced.map((u) => ({ transactionId: Number(u.id), sum: Number(u.total), entries: Number(u.n) })),
    transactions: Number(count?.n ?? 0),
  };
}

// ---------------------------------------------------------------------------------------------
// Partners and items

export async function insertPartner(db: DbOrTx, row: typeof pointsPartners.$inferInsert): Promise<PartnerRow> {
  const [r] = await db.insert(pointsPartners).values(row).returning();
  return r!;
}

export async function listPartnerRows(db: DbOrTx, districtCode: string): Promise<PartnerRow[]> {
  return db.select().from(pointsPartners).where(eq(pointsPartners.districtCode, districtCode)).orderBy(asc(pointsPartners.id));
}

export async function findPartner(db: DbOrTx, districtCode: string, id: number): Promise<PartnerRow | undefined> {
  const [r] = await db
    .select()
    .from(pointsPartners)
    .where(and(eq(pointsPartners.districtCode, districtCode), eq(pointsPartners.id, id)));
  return r;
}

export async function updatePartner(db: DbOrTx, districtCode: string, id: number, set: Partial<Pick<PartnerRow, 'name' | 'address' | 'active'>>) {
  // Nothing to change: an UPDATE without columns is an error in drizzle; the row as it is.
  if (Object.keys(set).length === 0) return findPartner(db, districtCode, id);
  const [r] = await db
    .update(pointsPartners)
    .set(set)
    .where(and(eq(pointsPartners.districtCode, districtCode), eq(pointsPartners.id, id)))
    .returning();
  return r;
}

export async function insertItem(db: DbOrTx, row: typeof pointsItems.$inferInsert): Promise<ItemRow> {
  const [r] = await db.insert(pointsItems).values(row).returning();
  return r!;
}

export async function listItemRows(db: DbOrTx, districtCode: string, onlyActive: boolean): Promise<ItemRow[]> {
  return db
    .select()
    .from(pointsItems)
    .where(onlyActive ? and(eq(pointsItems.districtCode, districtCode), eq(pointsItems.active, true)) : eq(pointsItems.districtCode, districtCode))
    .orderBy(asc(pointsItems.id));
}

export async function findItem(db: DbOrTx, districtCode: string, id: number): Promise<ItemRow | undefined> {
  const [r] = await db
    .select()
    .from(pointsItems)
    .where(and(eq(pointsItems.districtCode, districtCode), eq(pointsItems.id, id)));
  return r;
}

/** Name, description, cost or active; stock changes only by `changeStock`. */
export async function updateItem(db: DbOrTx, districtCode: string, id: number, set: Partial<Pick<ItemRow, 'name' | 'description' | 'cost' | 'active'>>) {
  if (Object.keys(set).length === 0) return findItem(db, districtCode, id);
  const [r] = await db
    .update(pointsItems)
    .set(set)
    .where(and(eq(pointsItems.districtCode, districtCode), eq(pointsItems.id, id)))
    .returning();
  return r;
}

/**
 * Adds `delta` to the item's stock unless that takes it below zero (and, for a take, only while the
 * item is active): the item after the change, or undefined. Locks the item's row until commit.
 */
export async function changeStock(tx: DbOrTx, districtCode: string, id: number, delta: number, onlyActive: boolean): Promise<ItemRow | undefined> {
  const [r] = await tx
    .update(pointsItems)
    .set({ stock: sql`${pointsItems.stock} + ${delta}` })
    .where(
      and(
        eq(pointsItems.districtCode, districtCode),
        eq(pointsItems.id, id),
        sql`${pointsItems.stock} + ${delta} >= 0`,
        onlyActive ? eq(pointsItems.active, true) : sql`true`,
      ),
    )
    .returning();
  return r;
}

// ---------------------------------------------------------------------------------------------
// Redemptions

export async function insertRedemption(tx: DbOrTx, row: Omit<typeof pointsRedemptions.$inferInsert, 'id'>): Promise<RedemptionRow> {
  const [r] = await tx.insert(pointsRedemptions).values(row).returning();
  return r!;
}

export async function findRedemption(
  db: DbOrTx,
  districtCode: string,
  by: { id: number } | { pickupCode: string } | { holderUserId: number; idempotencyKey: string },
  lock = false,
): Promise<RedemptionRow | undefined> {
  const where =
    'id' in by
      ? eq(pointsRedemptions.id, by.id)
      : 'pickupCode' in by
        ? eq(pointsRedemptions.pickupCode, by.pickupCode)
        : and(eq(pointsRedemptions.holderUserId, by.holderUserId), eq(pointsRedemptions.idempotencyKey, by.idempotencyKey));
  const q = db
    .select()
    .from(pointsRedemptions)
    .where(and(eq(pointsRedemptions.districtCode, districtCode), where));
  const [r] = lock ? await q.for('update') : await q;
  return r;
}

export async function updateRedemption(
  tx: DbOrTx,
  districtCode: string,
  id: number,
  set: Partial<Pick<RedemptionRow, 'status' | 'collectedAt' | 'collectedBy' | 'cancelledAt' | 'cancelledBy' | 'cancelReason' | 'refundTransactionId'>>,
): Promise<RedemptionRow> {
  const [r] = await tx
    .update(pointsRedemptions)
    .set(set)
    .where(and(eq(pointsRedemptions.districtCode, districtCode), eq(pointsRedemptions.id, id)))
    .returning();
  return r!;
}

export async function listRedemptionRows(
  db: DbOrTx,
  districtCode: string,
  filter: { holderUserId?: number; partnerIds?: readonly number[]; status?: RedemptionRow['status'] },
  beforeId: number | null,
  limit: number,
): Promise<RedemptionRow[]> {
  const conds = [eq(pointsRedemptions.districtCode, districtCode)];
  if (filter.holderUserId !== undefined) conds.push(eq(pointsRedemptions.holderUserId, filter.holderUserId));
  if (filter.partnerIds !== undefined) conds.push(filter.partnerIds.length ? inArray(pointsRedemptions.partnerId, [...filter.partnerIds]) : sql`false`);
  if (filter.status !== undefined) conds.push(eq(pointsRedemptions.status, filter.status));
  if (beforeId !== null) conds.push(lt(pointsRedemptions.id, beforeId));
  return db
    .select()
    .from(pointsRedemptions)
    .where(and(...conds))
    .orderBy(desc(pointsRedemptions.id))
    .limit(limit);
}

/** Display names of users by id (holders in staff lists). */
export async function displayNames(db: DbOrTx, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(inArray(users.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.displayName]));
}
