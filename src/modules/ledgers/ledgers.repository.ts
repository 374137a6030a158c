/**
 * SQL for ledgers (台账). Membership is one SQL predicate over `tickets`: the rules match or a hand-added
 * row exists, and no hand-removal row exists. It runs the same on PGlite and PostgreSQL.
 */
import { and, asc, desc, eq, gt, gte, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.ts';
import type { LedgerRules } from './ledgers.domain.ts';
import { ledgerManualItems, ledgers } from './ledgers.table.ts';
import { tickets } from '../../engine/tickets.table.ts';

export type LedgerRow = typeof ledgers.$inferSelect;
export type LedgerManualRow = typeof ledgerManualItems.$inferSelect;

export async function insertLedger(db: DbOrTx, row: typeof ledgers.$inferInsert): Promise<LedgerRow> {
  const [r] = await db.insert(ledgers).values(row).returning();
  return r!;
}

export async function listLedgerRows(db: DbOrTx, districtCode: string): Promise<LedgerRow[]> {
  return db.select().from(ledgers).where(eq(ledgers.districtCode, districtCode)).orderBy(desc(ledgers.id));
}

export async function findLedger(db: DbOrTx, districtCode: string, id: number): Promise<LedgerRow | undefined> {
  const rows = await db
    .select()
    .from(ledgers)
    .where(and(eq(ledgers.districtCode, districtCode), eq(ledgers.id, id)));
  return rows[0];
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The rule part of membership; undefined when the rule set is empty (matches nothing). */
function rulePredicate(rules: LedgerRules): SQL | undefined {
  const conds: SQL[] = [];
  if (rules.sources?.length) conds.push(inArray(tickets.source, rules.sources));
  if (rules.kinds?.length) conds.push(inArray(tickets.kind, rules.kinds));
  if (rules.categoryIds?.length) conds.push(inArray(tickets.categoryId, rules.categoryIds));
  // Place: any of the chosen streets/towns or any of the chosen communities (a whole street beside single
  // communities of another street must not narrow to nothing).
  const places: SQL[] = [];
  if (rules.streetCodes?.length) places.push(inArray(tickets.streetCode, rules.streetCodes));
  if (rules.communityCodes?.length) places.push(inArray(tickets.communityCode, rules.communityCodes));
  if (places.length > 0) conds.push(or(...places)!);
  if (rules.acceptedFrom) conds.push(gte(tickets.acceptedAt, new Date(rules.acceptedFrom)));
  if (rules.acceptedTo) conds.push(lt(tickets.acceptedAt, new Date(rules.acceptedTo)));
  if (rules.keywords?.length)
    conds.push(or(...rules.keywords.flatMap((k) => [ilike(tickets.title, `%${escapeLike(k)}%`), ilike(tickets.content, `%${escapeLike(k)}%`)]))!);
  return conds.length === 0 ? undefined : and(...conds);
}

/** Tickets in the ledger: (rules ∪ added by hand) − removed by hand, within the district and the caller's scope. */
export function membership(ledgerId: number, districtCode: string, rules: LedgerRules, scope: readonly number[] | 'all'): SQL {
  // The items name the district too (migration 0015), so the sub-queries stay on the tickets' shard.
  const added = sql`exists (select 1 from ${ledgerManualItems} m where m.ledger_id = ${ledgerId} and m.ticket_id = ${tickets.id} and m.district_code = ${tickets.districtCode} and m.included)`;
  const removed = sql`not exists (select 1 from ${ledgerManualItems} m where m.ledger_id = ${ledgerId} and m.ticket_id = ${tickets.id} and m.district_code = ${tickets.districtCode} and not m.included)`;
  const rule = rulePredicate(rules);
  const conds: SQL[] = [eq(tickets.districtCode, districtCode), rule === undefined ? added : or(rule, added)!, removed];
  if (scope !== 'all') {
    const ids = scope.length > 0 ? [...scope] : [-1];
    conds.push(or(inArray(tickets.leadUnitId, ids), sql`${tickets.coUnitIds} && ${sql.raw(`ARRAY[${ids.map(Number).join(',')}]::integer[]`)}`)!);
  }
  return and(...conds)!;
}

export interface LedgerStatusCounts {
  total: number;
  byState: Record<string, number>;
  overdue: number;
  closed: number;
  satisfied: number;
}

export async function ledgerStatus(db: DbOrTx, where: SQL, now: Date): Promise<LedgerStatusCounts> {
  const rows = await db
    .select({
      state: tickets.state,
      n: sql<number>`count(*)::int`,
      overdue: sql<number>`count(*) filter (where ${tickets.closedAt} is null and ${tickets.activeDueAt} < ${now})::int`,
      closed: sql<number>`count(*) filter (where ${tickets.closedAt} is not null)::int`,
      satisfied: sql<number>`count(*) filter (where ${tickets.satisfaction} = 'satisfied')::int`,
    })
    .from(tickets)
    .where(where)
    .groupBy(tickets.state);
  const out: LedgerStatusCounts = { total: 0, byState: {}, overdue: 0, closed: 0, satisfied: 0 };
  for (const r of rows) {
    out.byState[r.state] = Number(r.n);
    out.total += Number(r.n);
    out.overdue += Number(r.overdue);
    out.closed += Number(r.closed);
    out.satisfied += Number(r.satisfied);
  }
  return out;
}

export interface LedgerPeriodCounts {
  created: number;
  closed: number;
  overdue: number;
  satisfied: number;
}

/** New (accepted), closed, overdue (deadline passed in the period while open or closed after it) and satisfied (callback) in [from, to). */
export async function ledgerPeriodCounts(db: DbOrTx, where: SQL, from: Date, to: Date): Promise<LedgerPeriodCounts> {
  const [r] = await db
    .select({
      created: sql<number>`count(*) filter (where ${tickets.acceptedAt} >= ${from} and ${tickets.acceptedAt} < ${to})::int`,
      closed: sql<number>`count(*) filter (where ${tickets.closedAt} >= ${from} and ${tickets.closedAt} < ${to})::int`,
      overdue: sql<number>`count(*) filter (where ${tickets.replyDueAt} >= ${from} and ${tickets.replyDueAt} < ${to} and (${tickets.repliedAt} is null or ${tickets.repliedAt} > ${tickets.replyDueAt}))::int`,
      satisfied: sql<number>`count(*) filter (where ${tickets.callbackAt} >= ${from} and ${tickets.callbackAt} < ${to} and ${tickets.satisfaction} = 'satisfied')::int`,
    })
    .from(tickets)
    .where(where);
  return { created: Number(r!.created), closed: Number(r!.closed), overdue: Number(r!.overdue), satisfied: Number(r!.satisfied) };
}

export const ledgerItemColumns = {
  districtCode: tickets.districtCode,
  id: tickets.id,
  number: tickets.number,
  kind: tickets.kind,
  source: tickets.source,
  title: tickets.title,
  content: tickets.content,
  address: tickets.address,
  streetCode: tickets.streetCode,
  communityCode: tickets.communityCode,
  categoryId: tickets.categoryId,
  leadUnitId: tickets.leadUnitId,
  coUnitIds: tickets.coUnitIds,
  state: tickets.state,
  outcome: tickets.outcome,
  satisfaction: tickets.satisfaction,
  acceptedAt: tickets.acceptedAt,
  replyDueAt: tickets.replyDueAt,
  activeDueAt: tickets.activeDueAt,
  closedAt: tickets.closedAt,
};
export interface LedgerItemRow {
  districtCode: string;
  id: number;
  number: string;
  kind: string;
  source: string;
  title: string;
  content: string;
  /** Sealed (personal data at rest): open it with the keyring, bound to districtCode and id. */
  address: string;
  streetCode: string | null;
  communityCode: string | null;
  categoryId: number | null;
  leadUnitId: number | null;
  coUnitIds: number[];
  state: string;
  outcome: string | null;
  satisfaction: string | null;
  acceptedAt: Date;
  replyDueAt: Date | null;
  activeDueAt: Date | null;
  closedAt: Date | null;
}

/** One keyset page of members ordered by ticket id (ascending): rows with id > afterId. */
export async function ledgerItemsPage(db: DbOrTx, where: SQL, afterId: number, limit: number): Promise<LedgerItemRow[]> {
  return db
    .select(ledgerItemColumns)
    .from(tickets)
    .where(and(where, gt(tickets.id, afterId)))
    .orderBy(asc(tickets.id))
    .limit(limit);
}

/** Which of these tickets were added to the ledger by hand (and not removed since). */
export async function manuallyIncluded(db: DbOrTx, districtCode: string, ledgerId: number, ticketIds: number[]): Promise<Set<number>> {
  if (ticketIds.length === 0) return new Set();
  const rows = await db
    .select({ id: ledgerManualItems.ticketId })
    .from(ledgerManualItems)
    .where(
      and(
        eq(ledgerManualItems.ledgerId, ledgerId),
        eq(ledgerManualItems.districtCode, districtCode),
        eq(ledgerManualItems.included, true),
        inArray(ledgerManualItems.ticketId, ticketIds),
      ),
    );
  return new Set(rows.map((r) => r.id));
}

export async function findManualItem(db: DbOrTx, districtCode: string, ledgerId: number, ticketId: number): Promise<LedgerManualRow | undefined> {
  const rows = await db
    .select()
    .from(ledgerManualItems)
    .where(and(eq(ledgerManualItems.ledgerId, ledgerId), eq(ledgerManualItems.ticketId, ticketId), eq(ledgerManualItems.districtCode, districtCode)));
  return rows[0];
}

/** Adds tickets by hand (an earlier removal is replaced by the addition; its record is overwritten by the new decision). */
export async function addManualItems(
  db: DbOrTx,
  districtCode: string,
  ledgerId: number,
  ticketIds: number[],
  by: number,
  at: Date,
  reason: string,
): Promise<void> {
  if (ticketIds.length === 0) return;
  await db
    .insert(ledgerManualItems)
    .values(ticketIds.map((ticketId) => ({ ledgerId, ticketId, districtCode, included: true, addedBy: by, addedAt: at, addedReason: reason })))
    .onConflictDoUpdate({
      target: [ledgerManualItems.ledgerId, ledgerManualItems.ticketId, ledgerManualItems.districtCode],
      set: { included: true, addedBy: by, addedAt: at, addedReason: reason },
    });
}

/** Records a removal (who, when, why); the addition's who/when/why stay on the row. */
export async function removeManualItem(
  db: DbOrTx,
  districtCode: string,
  ledgerId: number,
  ticketId: number,
  by: number,
  at: Date,
  reason: string,
): Promise<void> {
  await db
    .insert(ledgerManualItems)
    .values({ ledgerId, ticketId, districtCode, included: false, removedBy: by, removedAt: at, removedReason: reason })
    .onConflictDoUpdate({
      target: [ledgerManualItems.ledgerId, ledgerManualItems.ticketId, ledgerManualItems.districtCode],
      set: { included: false, removedBy: by, removedAt: at, removedReason: reason },
    });
}

/** Ticket ids by number within the district (for Excel import and hand additions by number). */
export async function ticketIdsByNumber(db: DbOrTx, districtCode: string, numbers: string[]): Promise<Map<string, number>> {
  if (numbers.length === 0) return new Map();
  const rows = await db
    .select({ id: tickets.id, number: tickets.number })
    .from(tickets)
    .where(and(eq(tickets.districtCode, districtCode), inArray(tickets.number, numbers)));
  return new Map(rows.map((r) => [r.number, r.id]));
}

export async function existingTicketIds(db: DbOrTx, districtCode: string, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: tickets.id })
    .from(tickets)
    .where(and(eq(tickets.districtCode, districtCode), inArray(tickets.id, ids)));
  return new Set(rows.map((r) => r.id));
}
