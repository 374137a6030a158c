/**
 * 文明积分银行: earning rules, accounts, the double-entry ledger, the redemption catalogue and
 * redemptions (docs/VOLUNTEERS.md, "The points bank"). The database itself refuses what must never
 * happen whoever writes: a holder's or partner's balance below zero (a check), negative stock (a check),
 * an entry of zero points, a transaction whose entries do not sum to zero or that has fewer than two
 * (deferred constraint triggers, checked at commit), and any UPDATE or DELETE of the ledger's rows
 * (append-only triggers): see the custom migration after the tables'.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/pg-core';
import { units, users } from '../../engine/reference/reference.table.ts';
import type { AccountKind, PartnerKind, RedemptionStatus, RuleKind, TransactionKind } from './points.domain.ts';

/** One version of an earning rule (积分规则): a code's terms from a local date on; a change is a new row. */
export const pointsRules = pgTable(
  'points_rules',
  {
    id: serial('id').primaryKey(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    code: varchar('code', { length: 60 }).notNull(),
    kind: varchar('kind', { length: 12 }).notNull().$type<RuleKind>(),
    name: text('name').notNull(),
    pointsPerUnit: integer('points_per_unit').notNull(),
    /** At most this many points per holder and local day under the code; null = no cap. */
    dailyCap: integer('daily_cap'),
    /** Asia/Shanghai date YYYY-MM-DD. */
    effectiveFrom: varchar('effective_from', { length: 10 }).notNull(),
    createdBy: integer('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('points_rules_uq').on(t.districtCode, t.code, t.effectiveFrom)],
);

/** Where points are spent: a shop or a practice station's exchange shelf, run by the staff of a unit. */
export const pointsPartners = pgTable('points_partners', {
  id: serial('id').primaryKey(),
  districtCode: varchar('district_code', { length: 6 }).notNull(),
  name: text('name').notNull(),
  kind: varchar('kind', { length: 12 }).notNull().$type<PartnerKind>(),
  /** The unit whose staff hand the items out (the station, or the street the shop is in). */
  unitId: integer('unit_id')
    .notNull()
    .references(() => units.id),
  address: text('address').notNull().default(''),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

/** A catalogue item at a partner: its cost in points and the stock left. */
export const pointsItems = pgTable(
  'points_items',
  {
    id: serial('id').primaryKey(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    partnerId: integer('partner_id')
      .notNull()
      .references(() => pointsPartners.id),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    cost: integer('cost').notNull(),
    stock: integer('stock').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [check('points_items_stock_nonneg', sql`${t.stock} >= 0`), check('points_items_cost_positive', sql`${t.cost} > 0`)],
);

/**
 * An account: a holder's (a resident or volunteer user, opened on the first award), the district's
 * issuing account (counter-account of awards; may be negative) or a redemption partner's. `balance` is
 * a cache of the sum of the account's entries, updated in each transaction's own database transaction.
 */
export const pointsAccounts = pgTable(
  'points_accounts',
  {
    id: serial('id').primaryKey(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    kind: varchar('kind', { length: 8 }).notNull().$type<AccountKind>(),
    holderUserId: integer('holder_user_id').references(() => users.id),
    partnerId: integer('partner_id').references(() => pointsPartners.id),
    /**
     * The issuer's and each partner's account is split in STRIPES rows (0…STRIPES−1, chosen by the
     * holder's id), so that concurrent awards and redemptions do not all wait for one row lock held
     * until commit; the account's balance is the sum of its stripes. A holder's account is one row.
     */
    stripe: smallint('stripe').notNull().default(0),
    balance: bigint('balance', { mode: 'number' }).notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    check('points_accounts_balance_nonneg', sql`${t.kind} = 'issuer' or ${t.balance} >= 0`),
    check('points_accounts_kind', sql`${t.kind} in ('holder', 'issuer', 'partner')`),
    check('points_accounts_stripe', sql`${t.stripe} >= 0 and (${t.kind} <> 'holder' or ${t.stripe} = 0)`),
    check('points_accounts_owner', sql`(${t.kind} = 'holder') = (${t.holderUserId} is not null) and (${t.kind} = 'partner') = (${t.partnerId} is not null)`),
    uniqueIndex('points_accounts_holder_uq')
      .on(t.districtCode, t.holderUserId)
      .where(sql`${t.kind} = 'holder'`),
    uniqueIndex('points_accounts_issuer_uq')
      .on(t.districtCode, t.stripe)
      .where(sql`${t.kind} = 'issuer'`),
    uniqueIndex('points_accounts_partner_uq')
      .on(t.districtCode, t.partnerId, t.stripe)
      .where(sql`${t.kind} = 'partner'`),
  ],
);

/**
 * A movement of points: its entries (points_entries) sum to zero. Awards carry the rule version they
 * were computed under and a source key unique in the district (a retried award finds the first); a
 * reversal or refund names the transaction it undoes (at most once: unique).
 */
export const pointsTransactions = pgTable(
  'points_transactions',
  {
    id: bigserial('id', { mode: 'number' }).notNull(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    kind: varchar('kind', { length: 8 }).notNull().$type<TransactionKind>(),
    /** Who caused it (the confirming worker, the redeeming holder, the supervisor); null for the system. */
    actorUserId: integer('actor_user_id'),
    /** When the event happened (the service hour, the check); the rule version is the one in force then. */
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    reason: text('reason').notNull().default(''),
    sourceKey: varchar('source_key', { length: 200 }),
    ruleVersionId: integer('rule_version_id').references(() => pointsRules.id),
    /** The award's quantity in hundredths (hours, activities, checks). */
    quantityHundredths: integer('quantity_hundredths'),
    /** The daily cap cut the award. */
    capped: boolean('capped').notNull().default(false),
    /** The transaction this one undoes (reverse, refund). */
    reversesId: bigint('reverses_id', { mode: 'number' }),
    /** For a conduct award: the household's community (division code). */
    placeCode: varchar('place_code', { length: 12 }),
  },
  (t) => [
    primaryKey({ name: 'points_transactions_pk', columns: [t.districtCode, t.id] }),
    check('points_transactions_kind', sql`${t.kind} in ('award', 'redeem', 'refund', 'reverse', 'adjust')`),
    uniqueIndex('points_transactions_source_uq').on(t.districtCode, t.sourceKey),
    uniqueIndex('points_transactions_reverses_uq').on(t.districtCode, t.reversesId),
    index('points_transactions_occurred_idx').on(t.districtCode, t.occurredAt),
  ],
);

/** One side of a transaction: signed whole points on one account (one entry per account and transaction). */
export const pointsEntries = pgTable(
  'points_entries',
  {
    transactionId: bigint('transaction_id', { mode: 'number' }).notNull(),
    accountId: integer('account_id')
      .notNull()
      .references(() => pointsAccounts.id),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'points_entries_pk', columns: [t.transactionId, t.accountId, t.districtCode] }),
    foreignKey({
      name: 'points_entries_transaction_fk',
      columns: [t.districtCode, t.transactionId],
      foreignColumns: [pointsTransactions.districtCode, pointsTransactions.id],
    }),
    check('points_entries_nonzero', sql`${t.amount} <> 0`),
    index('points_entries_account_idx').on(t.accountId, t.transactionId),
  ],
);

/** A holder's redemption of an item: points and stock taken together; a pickup code for the partner. */
export const pointsRedemptions = pgTable(
  'points_redemptions',
  {
    id: bigserial('id', { mode: 'number' }).notNull(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    holderUserId: integer('holder_user_id')
      .notNull()
      .references(() => users.id),
    itemId: integer('item_id')
      .notNull()
      .references(() => pointsItems.id),
    partnerId: integer('partner_id')
      .notNull()
      .references(() => pointsPartners.id),
    quantity: integer('quantity').notNull(),
    points: integer('points').notNull(),
    status: varchar('status', { length: 10 }).notNull().$type<RedemptionStatus>(),
    pickupCode: varchar('pickup_code', { length: 10 }).notNull(),
    idempotencyKey: varchar('idempotency_key', { length: 200 }).notNull(),
    transactionId: bigint('transaction_id', { mode: 'number' }).notNull(),
    refundTransactionId: bigint('refund_transaction_id', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    collectedAt: timestamp('collected_at', { withTimezone: true }),
    collectedBy: integer('collected_by'),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    cancelledBy: integer('cancelled_by'),
    cancelReason: text('cancel_reason').notNull().default(''),
  },
  (t) => [
    primaryKey({ name: 'points_redemptions_pk', columns: [t.districtCode, t.id] }),
    check('points_redemptions_quantity', sql`${t.quantity} > 0 and ${t.points} > 0`),
    uniqueIndex('points_redemptions_key_uq').on(t.districtCode, t.holderUserId, t.idempotencyKey),
    uniqueIndex('points_redemptions_pickup_uq').on(t.districtCode, t.pickupCode),
    index('points_redemptions_holder_idx').on(t.districtCode, t.holderUserId, t.id),
  ],
);
