/**
 * 台账 (DOMAIN-RULES §8): named ledgers whose members are the tickets matching their rules plus items added by
 * hand minus items removed by hand, across all sources. Access: every signed-in staff user may list and
 * read ledgers; the items and counts they see are scoped like tickets (a unit sees its own, the centre
 * all). Creating ledgers and adding/removing items by hand needs a centre supervisor or an admin.
 */
import { LEDGERS_POLICY } from './ledgers.policy.ts';
import { mayAct } from '../../engine/policy.ts';
import type { LedgerRules } from './ledgers.domain.ts';
import {
  addManualItems,
  existingTicketIds,
  findLedger,
  insertLedger,
  ledgerItemsPage,
  ledgerPeriodCounts,
  ledgerStatus,
  listLedgerRows,
  manuallyIncluded,
  membership,
  removeManualItem,
  ticketIdsByNumber,
  type LedgerItemRow,
  type LedgerPeriodCounts,
  type LedgerRow,
  type LedgerStatusCounts,
} from './ledgers.repository.ts';
import { normaliseKeywords, periodRange, type SummaryPeriod } from './ledgers.domain.ts';
import type { Principal } from '../../engine/auth.ts';
import type { AppContext } from '../../engine/context.ts';
import { AppError, forbidden, notFound } from '../../platform/errors.ts';
import { dashboardDb } from '../../platform/db/read-database.ts';

/** Ledgers are kept by hand by the roles of the `edit` rule (ledgers.policy.ts). */
const canEdit = (p: Principal) => mayAct(p, LEDGERS_POLICY.rules.edit);

/** The ledger, when `p` may edit it by hand (centre supervisors and admins). */
export async function ledgerForEdit(ctx: AppContext, p: Principal, id: number): Promise<LedgerRow> {
  if (!canEdit(p)) throw forbidden('Only the centre’s supervisors and admins edit ledgers by hand');
  return getLedger(ctx, id);
}

export interface CreateLedgerInput {
  name: string;
  description?: string;
  rules: LedgerRules;
}

/** Checks the rules against reference data and expands each category to its subtree. */
async function prepareRules(ctx: AppContext, rules: LedgerRules): Promise<LedgerRules> {
  const ref = await ctx.reference.get();
  const out: LedgerRules = { ...rules, keywords: normaliseKeywords(rules.keywords) };
  if (out.keywords === undefined) delete out.keywords;
  if (rules.categoryIds?.length) {
    for (const id of rules.categoryIds)
      if (!ref.categoryById.has(id)) throw new AppError('LEDGER.UNKNOWN_CATEGORY', `Category ${id} does not exist`, { categoryId: id });
    const wanted = new Set(rules.categoryIds);
    const byId = ref.categoryById;
    const inSubtree = (id: number): boolean => {
      for (let c = byId.get(id); c !== undefined; c = c.parentId === null ? undefined : byId.get(c.parentId)) if (wanted.has(c.id)) return true;
      return false;
    };
    out.categoryIds = ref.categories.filter((c) => inSubtree(c.id)).map((c) => c.id);
  }
  if (rules.acceptedFrom && rules.acceptedTo && new Date(rules.acceptedFrom) >= new Date(rules.acceptedTo))
    throw new AppError('LEDGER.INVALID_PERIOD', 'acceptedFrom must be before acceptedTo');
  return out;
}

export async function createLedger(ctx: AppContext, p: Principal, input: CreateLedgerInput): Promise<LedgerRow> {
  if (!canEdit(p)) throw forbidden('Only the centre’s supervisors and admins create ledgers');
  const rules = await prepareRules(ctx, input.rules);
  return insertLedger(ctx.database.db, {
    districtCode: ctx.districtCode,
    name: input.name.trim(),
    description: input.description ?? '',
    rules,
    createdBy: p.userId,
    createdAt: ctx.clock(),
  });
}

// The ledgers themselves, and the items page an editor adds to and removes from by hand, come from the
// primary (a ledger just created or edited is there at once); counts, summaries and exports from
// dashboardDb (read-database.ts), which may trail by the replica's lag.
export const listLedgers = (ctx: AppContext): Promise<LedgerRow[]> => listLedgerRows(ctx.database.db, ctx.districtCode);

export async function getLedger(ctx: AppContext, id: number): Promise<LedgerRow> {
  const l = await findLedger(ctx.database.db, ctx.districtCode, id);
  if (l === undefined) throw notFound('Ledger', id);
  return l;
}

const whereFor = (ctx: AppContext, p: Principal, l: LedgerRow) => membership(l.id, ctx.districtCode, l.rules, p.scopeUnitIds);

export async function ledgerWithStatus(ctx: AppContext, p: Principal, id: number): Promise<{ ledger: LedgerRow; status: LedgerStatusCounts }> {
  const ledger = await getLedger(ctx, id);
  return { ledger, status: await ledgerStatus(await dashboardDb(ctx), whereFor(ctx, p, ledger), ctx.clock()) };
}

/**
 * One keyset page of the ledger's items (ticket id ascending, after `afterId`), each marked `manual`
 * when it was added by hand and `overdue` when it is open past its active deadline (as in the status).
 */
export async function ledgerItems(
  ctx: AppContext,
  p: Principal,
  id: number,
  afterId: number,
  limit: number,
): Promise<(LedgerItemRow & { manual: boolean; overdue: boolean })[]> {
  const ledger = await getLedger(ctx, id);
  const db = ctx.database.db;
  const rows = await ledgerItemsPage(db, whereFor(ctx, p, ledger), afterId, limit);
  const manual = await manuallyIncluded(
    db,
    ctx.districtCode,
    ledger.id,
    rows.map((r) => r.id),
  );
  const now = ctx.clock().getTime();
  return rows.map((r) => ({ ...r, manual: manual.has(r.id), overdue: r.closedAt === null && r.activeDueAt !== null && r.activeDueAt.getTime() < now }));
}

/**
 * Iterates all items in pages of `pageSize`, so an export holds one page in memory at a time. The
 * database is chosen once, so a long export never mixes the replica's pages with the primary's.
 */
export async function* iterateLedgerItems(ctx: AppContext, p: Principal, ledger: LedgerRow, pageSize = 1000): AsyncGenerator<LedgerItemRow[]> {
  const where = whereFor(ctx, p, ledger);
  const db = await dashboardDb(ctx);
  let after = 0;
  for (;;) {
    const page = await ledgerItemsPage(db, where, after, pageSize);
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1]!.id;
    if (page.length < pageSize) return;
  }
}

/** Adds tickets by id or by number, all or nothing: unknown ones are reported and nothing changes. */
export async function addLedgerItems(
  ctx: AppContext,
  p: Principal,
  id: number,
  input: { ticketIds?: number[]; numbers?: string[]; reason?: string },
): Promise<{ added: number }> {
  if (!canEdit(p)) throw forbidden('Only the centre’s supervisors and admins edit ledgers by hand');
  await getLedger(ctx, id);
  const db = ctx.database.db;
  const ids = [...new Set(input.ticketIds ?? [])];
  const found = await existingTicketIds(db, ctx.districtCode, ids);
  const missingIds = ids.filter((t) => !found.has(t));
  const numbers = [...new Set((input.numbers ?? []).map((n) => n.trim()))];
  const byNumber = await ticketIdsByNumber(db, ctx.districtCode, numbers);
  const missingNumbers = numbers.filter((n) => !byNumber.has(n));
  if (missingIds.length > 0 || missingNumbers.length > 0)
    throw new AppError('LEDGER.UNKNOWN_TICKETS', 'Some tickets do not exist; nothing was added', { ticketIds: missingIds, numbers: missingNumbers });
  const all = [...new Set([...ids, ...byNumber.values()])];
  await addManualItems(db, ctx.districtCode, id, all, p.userId, ctx.clock(), input.reason ?? '');
  return { added: all.length };
}

export async function removeLedgerItem(ctx: AppContext, p: Principal, id: number, ticketId: number, reason: string): Promise<void> {
  if (!canEdit(p)) throw forbidden('Only the centre’s supervisors and admins edit ledgers by hand');
  await getLedger(ctx, id);
  const found = await existingTicketIds(ctx.database.db, ctx.districtCode, [ticketId]);
  if (!found.has(ticketId)) throw notFound('Ticket', ticketId);
  await removeManualItem(ctx.database.db, ctx.districtCode, id, ticketId, p.userId, ctx.clock(), reason);
}

/** 日巡日报、周汇总、月总结: new, closed, overdue and satisfied items in the day/week/month of `date`. */
export async function ledgerSummary(
  ctx: AppContext,
  p: Principal,
  id: number,
  period: SummaryPeriod,
  date: string,
): Promise<LedgerPeriodCounts & { from: Date; to: Date }> {
  const range = periodRange(period, date);
  if (range === null) throw new AppError('VALIDATION.INVALID_INPUT', `${date} is not a calendar date`);
  const ledger = await getLedger(ctx, id);
  return { ...(await ledgerPeriodCounts(await dashboardDb(ctx), whereFor(ctx, p, ledger), range.from, range.to)), ...range };
}

/** A ledger and one of its items, as the use cases return them (routes present them). */
export type Ledger = LedgerRow;
export type LedgerItem = LedgerItemRow;
