/**
 * Grids (网格) and grid reports (网格上报/随手拍). The admin imports a district's grids per community and
 * assigns grid workers (users of a street unit with role grid_worker). A grid worker reports a problem
 * found in one of their own grids; it becomes a `grid_report` ticket with source 'grid', dispatched by the
 * dispatch catalogue like a hotline request.
 */
import { actorOf, type Principal } from './auth.ts';
import type { AppContext } from './context.ts';
import { AppError, forbidden, invalid, notFound } from './errors.ts';
import { createTicket } from './intake.ts';
import { findLinkableIds, linkAttachments } from '../db/repositories/attachment.repository.ts';
import {
  assignGridWorkers,
  findGridByCode,
  gridsOfUser,
  insertGridReport,
  listGridReportsBy,
  listGridRows,
  upsertGrids,
  type GridReportListRow,
  type GridRow,
} from '../db/repositories/grid.repository.ts';
import { findUser, findUserByUsername } from '../db/repositories/user.repository.ts';

export interface GridInput {
  code: string;
  name: string;
  communityCode: string;
}

/** Imports grids (all or nothing): every community must be a community of this district. */
export async function importGrids(ctx: AppContext, items: readonly GridInput[]): Promise<{ imported: number }> {
  const ref = await ctx.reference.get();
  const rejected: { index: number; code: string; reason: string }[] = [];
  const seen = new Set<string>();
  const rows = items.map((g, index) => {
    const community = ref.divisionByCode.get(g.communityCode);
    if (community === undefined || community.level !== 'community' || community.districtCode !== ctx.districtCode)
      rejected.push({ index, code: g.code, reason: `Community ${g.communityCode} is not a community of district ${ctx.districtCode}` });
    if (seen.has(g.code)) rejected.push({ index, code: g.code, reason: 'Duplicate grid code' });
    seen.add(g.code);
    return { code: g.code.trim(), name: g.name.trim(), communityCode: g.communityCode, streetCode: community?.parentCode ?? '', districtCode: ctx.districtCode };
  });
  if (rejected.length > 0) throw new AppError('GRID.INVALID_ROWS', `${rejected.length} grid rows are invalid; nothing was imported`, { rejected });
  const imported = await ctx.database.db.transaction((tx) => upsertGrids(tx, rows));
  return { imported };
}

export const listGrids = async (ctx: AppContext): Promise<GridRow[]> => listGridRows(ctx.database.db, ctx.districtCode);

/** The grids of the signed-in grid worker. */
export const myGrids = async (ctx: AppContext, p: Principal): Promise<GridRow[]> => gridsOfUser(ctx.database.db, p.userId);

/** Assigns grid workers: each must be an active user with role grid_worker of the grid's street unit. */
export async function assignWorkers(ctx: AppContext, gridCode: string, userIds: readonly number[]): Promise<{ assigned: number }> {
  const db = ctx.database.db;
  const grid = await findGridByCode(db, ctx.districtCode, gridCode);
  if (grid === undefined) throw notFound('Grid', gridCode);
  const ref = await ctx.reference.get();
  const unique = [...new Set(userIds)];
  for (const id of unique) {
    const u = await findUser(db, id);
    if (u === undefined || !u.active) throw new AppError('GRID.UNKNOWN_USER', `User ${id} does not exist or is inactive`, { userId: id });
    const unit = ref.unitById.get(u.unitId);
    if (!u.roles.includes('grid_worker') || unit?.unitType !== 'street' || unit.divisionCode !== grid.streetCode)
      throw new AppError('GRID.NOT_A_WORKER_OF_STREET', `User ${id} is not a grid worker of the grid's street`, { userId: id });
  }
  await assignGridWorkers(db, grid.id, unique);
  return { assigned: unique.length };
}

export interface GridReportInput {
  gridCode: string;
  categoryId: number;
  description: string;
  address?: string;
  latitude?: number;
  longitude?: number;
  attachmentIds?: number[];
  /** The worker fixed it on the spot: the ticket closes at once (现场解决), with after photos and what was done. */
  resolvedOnSpot?: boolean;
  afterAttachmentIds?: number[];
  resolution?: string;
}

/**
 * A grid worker reports in one of their own grids. The worker is the ticket's initiator (the engine's
 * party rule for grid reports): either it is dispatched by the catalogue, or the worker closes it on the
 * spot with an after photo. Ticket, photos and the grid-report row are written in one transaction.
 */
export async function createGridReport(ctx: AppContext, p: Principal, input: GridReportInput): Promise<{ ticketId: number; number: string; state: string }> {
  if (!p.roles.includes('grid_worker')) throw forbidden('Only grid workers may file grid reports');
  const db = ctx.database.db;
  const mine = await gridsOfUser(db, p.userId);
  const grid = mine.find((g) => g.code === input.gridCode);
  if (grid === undefined) throw new AppError('GRID.NOT_YOUR_GRID', `Grid ${input.gridCode} is not one of your grids`, { gridCode: input.gridCode });
  const onSpot = input.resolvedOnSpot === true;
  const before = [...new Set(input.attachmentIds ?? [])];
  const after = [...new Set(input.afterAttachmentIds ?? [])];
  if (!onSpot && (after.length > 0 || (input.resolution ?? '').trim() !== ''))
    throw invalid('After photos and a resolution belong to a report resolved on the spot', { field: 'resolvedOnSpot' });
  if (onSpot && (input.resolution ?? '').trim() === '') throw invalid('Say what was done on the spot', { field: 'resolution' });
  if (onSpot && after.length === 0) throw invalid('A problem resolved on the spot needs a photo taken after', { field: 'afterAttachmentIds' });
  const both = before.filter((id) => after.includes(id));
  if (both.length > 0) throw invalid('A photo cannot be both before and after', { attachmentIds: both });
  const ids = [...before, ...after];
  const linkable = await findLinkableIds(db, ctx.districtCode, ids, { uploadedBy: p.userId });
  if (linkable.length !== ids.length)
    throw new AppError('ATTACHMENT.UNKNOWN', 'These photos are not your uploads, or are already attached to a ticket', { attachmentIds: ids.filter((i) => !linkable.includes(i)) });
  const ref = await ctx.reference.get();
  const community = ref.divisionByCode.get(grid.communityCode);
  const resolution = (input.resolution ?? '').trim();
  const created = await createTicket(
    ctx,
    actorOf(p),
    {
      kind: 'grid_report',
      requestType: 'report',
      channel: 'grid',
      categoryId: input.categoryId,
      content: input.description,
      address: input.address?.trim() || `${community?.name ?? ''}${grid.name}`,
      communityCode: grid.communityCode,
      streetCode: grid.streetCode,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      source: 'grid',
      triage: onSpot ? { action: 'resolveOnSpot', resolution, afterPhotoIds: after } : { action: 'dispatch' },
    },
    undefined,
    async (tx, { ticketId, now }) => {
      const linked = [
        ...(before.length > 0 ? await linkAttachments(tx, ctx.districtCode, before, { uploadedBy: p.userId }, ticketId, 'request') : []),
        ...(after.length > 0 ? await linkAttachments(tx, ctx.districtCode, after, { uploadedBy: p.userId }, ticketId, 'reply') : []),
      ];
      // Another request linked one of these photos meanwhile: nothing of this report is kept.
      if (linked.length !== ids.length) throw new AppError('ATTACHMENT.UNKNOWN', 'A photo was attached elsewhere meanwhile; try again');
      await insertGridReport(tx, {
        ticketId,
        gridId: grid.id,
        reportedBy: p.userId,
        latitude: input.latitude ?? null,
        longitude: input.longitude ?? null,
        resolvedOnSpot: onSpot,
        note: resolution,
        createdAt: now,
      });
    },
  );
  const { ticketId, number, state } = created.result;
  return { ticketId, number, state };
}

export const myGridReports = (ctx: AppContext, p: Principal): Promise<GridReportListRow[]> => listGridReportsBy(ctx.database.db, p.userId, 100);

/**
 * Demo grids (idempotent): two grids in each of the first three communities of the first street, all
 * assigned to the demo grid worker `username` when that account exists.
 */
export async function seedDemoGrids(ctx: AppContext, streetCode: string, username: string): Promise<void> {
  if (streetCode === '') return;
  ctx.reference.invalidate();
  const ref = await ctx.reference.get();
  const communities = [...ref.divisionByCode.values()].filter((d) => d.level === 'community' && d.parentCode === streetCode).sort((a, b) => a.code.localeCompare(b.code)).slice(0, 3);
  const items = communities.flatMap((c) => [1, 2].map((n) => ({ code: `G${c.code}-${n}`, name: `第${n === 1 ? '一' : '二'}网格`, communityCode: c.code })));
  if (items.length === 0) return;
  await importGrids(ctx, items);
  const user = await findUserByUsername(ctx.database.db, username);
  if (user === undefined) return;
  for (const g of items) {
    const grid = await findGridByCode(ctx.database.db, ctx.districtCode, g.code);
    if (grid !== undefined) await assignGridWorkers(ctx.database.db, grid.id, [user.id]);
  }
}
