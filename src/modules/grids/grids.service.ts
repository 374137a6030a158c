/**
 * Grids (网格) and grid reports (网格上报/随手拍). The admin imports a district's grids per community and
 * assigns grid workers (users of a street unit with role grid_worker). A grid worker reports a problem
 * found in one of their own grids; it becomes a `grid_report` ticket with source 'grid', dispatched by the
 * dispatch catalogue like a hotline request.
 */
import { GRIDS_POLICY } from './grids.policy.ts';
import { authorize } from '../../engine/policy.ts';
import { actorOf, type Principal } from '../../engine/auth.ts';
import type { AppContext } from '../../engine/context.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { createTicket } from '../../engine/intake.ts';
import { findLinkableIds, linkAttachments } from '../../engine/attachment.repository.ts';
import {
  assignGridWorkers,
  findGridByCode,
  gridsOfUser,
  insertGridReport,
  listGridReportsBy,
  listGridRows,
  listGridWorkers,
  unassignGridWorker,
  upsertGrids,
  type GridReportListRow,
  type GridRow,
} from './grids.repository.ts';
import { findUser, findUserByUsername } from '../../engine/user.repository.ts';
import { readImportTable } from '../../platform/files/read-table.ts';
import type { ReferenceSnapshot } from '../../engine/reference/reference-cache.ts';

export interface GridInput {
  code: string;
  name: string;
  communityCode: string;
}

/** Imports grids (all or nothing): every community must be a community of this district. */
export async function importGrids(ctx: AppContext, items: readonly GridInput[]): Promise<{ imported: number }> {
  const ref = await ctx.reference.get();
  checkGrids(ref, ctx.districtCode, items);
  const imported = await ctx.database.db.transaction((tx) => upsertGrids(tx, gridRows(ref, ctx.districtCode, items)));
  return { imported };
}

/** Throws GRID.INVALID_ROWS listing every grid whose community is not of the district, or whose code repeats. */
function checkGrids(ref: ReferenceSnapshot, districtCode: string, items: readonly GridInput[]): void {
  const rejected: { index: number; code: string; reason: string }[] = [];
  const seen = new Set<string>();
  items.forEach((g, index) => {
    const community = ref.divisionByCode.get(g.communityCode);
    if (community === undefined || community.level !== 'community' || community.districtCode !== districtCode)
      rejected.push({
        index,
        code: g.code,
        reason: `社区 ${g.communityCode} 不是本区社区 / Community ${g.communityCode} is not a community of district ${districtCode}`,
      });
    if (seen.has(g.code)) rejected.push({ index, code: g.code, reason: '网格编码重复 / Duplicate grid code' });
    seen.add(g.code);
  });
  if (rejected.length > 0) throw new AppError('GRID.INVALID_ROWS', `${rejected.length} grid rows are invalid; nothing was imported`, { rejected });
}

const gridRows = (ref: ReferenceSnapshot, districtCode: string, items: readonly GridInput[]) =>
  items.map((g) => ({
    code: g.code.trim(),
    name: g.name.trim(),
    communityCode: g.communityCode,
    streetCode: ref.divisionByCode.get(g.communityCode)?.parentCode ?? '',
    districtCode,
  }));

/** Columns of a grid file (CSV UTF-8/GBK or .xlsx), Chinese or English headers (docs/IMPORT.md). */
export const GRID_COLUMNS = {
  code: ['网格编码', 'code'],
  name: ['网格名称', 'name'],
  communityCode: ['社区编码', 'community_code'],
  workers: ['网格员账号', 'workers'],
} as const;

/**
 * Imports grids from a file, all or nothing, and assigns the workers named by username (`;`-separated)
 * in the same transaction. Every problem is reported with its row number.
 */
export async function importGridsFile(ctx: AppContext, bytes: Uint8Array): Promise<{ imported: number; assigned: number }> {
  const table = await readImportTable(bytes);
  const cell = (cells: Record<string, string>, f: keyof typeof GRID_COLUMNS) => {
    for (const h of GRID_COLUMNS[f]) if (cells[h] !== undefined) return cells[h].trim();
    return '';
  };
  const missing = (['code', 'name', 'communityCode'] as const).filter((f) => !GRID_COLUMNS[f].some((h) => table.headers.includes(h)));
  if (missing.length > 0)
    throw new AppError('GRID.MISSING_COLUMNS', `The file lacks the columns ${missing.map((f) => GRID_COLUMNS[f].join('/')).join(', ')}`, { missing });
  const rejected: { index: number; rowNumber: number; code: string; reason: string }[] = table.problems.map((p) => ({
    index: -1,
    rowNumber: p.rowNumber,
    code: '',
    reason: `该行无法读取 / Row cannot be read (${p.reason})`,
  }));
  const ref = await ctx.reference.get();
  const items: GridInput[] = [];
  const workers: { code: string; userIds: number[] }[] = [];
  for (const [index, row] of table.rows.entries()) {
    const c = row.cells;
    const item = { code: cell(c, 'code'), name: cell(c, 'name'), communityCode: cell(c, 'communityCode') };
    const reject = (reason: string) => rejected.push({ index, rowNumber: row.rowNumber, code: item.code, reason });
    if (!/^[A-Za-z0-9._-]{1,40}$/.test(item.code)) reject('网格编码须为1–40位字母、数字或 . _ - / Grid code must be 1–40 of letters, digits, . _ -');
    if (item.name === '' || item.name.length > 100) reject('网格名称须为1–100个字符 / Grid name must be 1–100 characters');
    items.push(item);
    const community = ref.divisionByCode.get(item.communityCode);
    const userIds: number[] = [];
    for (const username of cell(c, 'workers')
      .split(/[;；]/)
      .map((s) => s.trim())
      .filter((s) => s !== '')) {
      const u = await findUserByUsername(ctx.database.db, username);
      const unit = u === undefined ? undefined : ref.unitById.get(u.unitId);
      if (u === undefined || !u.active) reject(`没有可用账号 ${username} / No active user ${username}`);
      else if (!u.roles.includes('grid_worker') || unit?.unitType !== 'street' || unit.divisionCode !== community?.parentCode)
        reject(`${username} 不是该网格所在街乡的网格员 / ${username} is not a grid worker of the grid's street`);
      else userIds.push(u.id);
    }
    workers.push({ code: item.code, userIds });
  }
  // The JSON path's checks (district, duplicates) apply too, with the file's row numbers.
  const rowOf = (i: number) => table.rows[i]?.rowNumber ?? -1;
  try {
    checkGrids(ref, ctx.districtCode, items);
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== 'GRID.INVALID_ROWS') throw e;
    for (const r of (e.details as { rejected: { index: number; code: string; reason: string }[] }).rejected) rejected.push({ ...r, rowNumber: rowOf(r.index) });
  }
  if (rejected.length > 0) {
    rejected.sort((a, b) => a.rowNumber - b.rowNumber);
    throw new AppError('GRID.INVALID_ROWS', `${rejected.length} problems in the grid file; nothing was imported`, { rejected });
  }
  return ctx.database.db.transaction(async (tx) => {
    const imported = await upsertGrids(tx, gridRows(ref, ctx.districtCode, items));
    let assigned = 0;
    for (const w of workers) {
      if (w.userIds.length === 0) continue;
      const grid = await findGridByCode(tx, ctx.districtCode, w.code);
      if (grid === undefined) throw new Error(`grid ${w.code} vanished inside its import`);
      await assignGridWorkers(tx, grid.id, w.userIds);
      assigned += w.userIds.length;
    }
    return { imported, assigned };
  });
}

export type GridWithWorkers = GridRow & { workers: { userId: number; username: string; displayName: string }[] };

/** The district's grids with their assigned workers. */
export async function listGrids(ctx: AppContext): Promise<GridWithWorkers[]> {
  const [rows, assignments] = await Promise.all([listGridRows(ctx.database.db, ctx.districtCode), listGridWorkers(ctx.database.db, ctx.districtCode)]);
  return rows.map((g) => ({
    ...g,
    workers: assignments.filter((a) => a.gridId === g.id).map(({ userId, username, displayName }) => ({ userId, username, displayName })),
  }));
}

/** Removes a worker from a grid; 404 when the grid or the assignment does not exist. */
export async function unassignWorker(ctx: AppContext, gridCode: string, userId: number): Promise<void> {
  const grid = await findGridByCode(ctx.database.db, ctx.districtCode, gridCode);
  if (grid === undefined) throw notFound('Grid', gridCode);
  if (!(await unassignGridWorker(ctx.database.db, grid.id, userId))) throw notFound('Grid assignment', `${gridCode}/${userId}`);
}

/** The grids of the signed-in grid worker (workers listed as themselves only). */
export const myGrids = async (ctx: AppContext, p: Principal): Promise<GridWithWorkers[]> =>
  (await gridsOfUser(ctx.database.db, p.userId)).map((g) => ({ ...g, workers: [{ userId: p.userId, username: p.username, displayName: p.displayName }] }));

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
  authorize(p, GRIDS_POLICY.rules.report, 'Only grid workers may file grid reports');
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
    throw new AppError('ATTACHMENT.UNKNOWN', 'These photos are not your uploads, or are already attached to a ticket', {
      attachmentIds: ids.filter((i) => !linkable.includes(i)),
    });
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
        districtCode: ctx.districtCode,
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

export const myGridReports = (ctx: AppContext, p: Principal): Promise<GridReportListRow[]> =>
  listGridReportsBy(ctx.database.db, ctx.districtCode, p.userId, 100);

/**
 * Demo grids (idempotent): two grids in each of the first three communities of the first street, all
 * assigned to the demo grid worker `username` when that account exists.
 */
export async function seedDemoGrids(ctx: AppContext, streetCode: string, username: string): Promise<void> {
  if (streetCode === '') return;
  ctx.reference.invalidate();
  const ref = await ctx.reference.get();
  const communities = [...ref.divisionByCode.values()]
    .filter((d) => d.level === 'community' && d.parentCode === streetCode)
    .sort((a, b) => a.code.localeCompare(b.code))
    .slice(0, 3);
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

/** The district's grids (code, street, community), for modules that place things in them (door boards). */
export async function districtGrids(ctx: AppContext): Promise<{ id: number; code: string; name: string; streetCode: string; communityCode: string }[]> {
  return (await listGridRows(ctx.database.db, ctx.districtCode)).map((g) => ({
    id: g.id,
    code: g.code,
    name: g.name,
    streetCode: g.streetCode,
    communityCode: g.communityCode,
  }));
}
