/** SQL for grids (网格), their workers and grid reports (网格上报). */
import { and, asc, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.ts';
import { gridAssignments, gridReports, grids } from './grids.table.ts';
import { users } from '../../engine/reference/reference.table.ts';
import { tickets } from '../../engine/tickets.table.ts';

export type GridRow = typeof grids.$inferSelect;
export type GridReportRow = typeof gridReports.$inferSelect;

/** Inserts or updates grids by code; returns how many rows were written. */
export async function upsertGrids(db: DbOrTx, rows: (typeof grids.$inferInsert)[]): Promise<number> {
  for (const r of rows)
    await db
      .insert(grids)
      .values(r)
      .onConflictDoUpdate({
        target: grids.code,
        set: { name: r.name, communityCode: r.communityCode, streetCode: r.streetCode, districtCode: r.districtCode },
      });
  return rows.length;
}

export const listGridRows = (db: DbOrTx, districtCode: string): Promise<GridRow[]> =>
  db.select().from(grids).where(eq(grids.districtCode, districtCode)).orderBy(asc(grids.code));

export async function findGridByCode(db: DbOrTx, districtCode: string, code: string): Promise<GridRow | undefined> {
  return (
    await db
      .select()
      .from(grids)
      .where(and(eq(grids.code, code), eq(grids.districtCode, districtCode)))
  )[0];
}

export async function assignGridWorkers(db: DbOrTx, gridId: number, userIds: readonly number[]): Promise<void> {
  if (userIds.length === 0) return;
  await db
    .insert(gridAssignments)
    .values(userIds.map((userId) => ({ userId, gridId })))
    .onConflictDoNothing();
}

export async function unassignGridWorker(db: DbOrTx, gridId: number, userId: number): Promise<boolean> {
  const rows = await db
    .delete(gridAssignments)
    .where(and(eq(gridAssignments.gridId, gridId), eq(gridAssignments.userId, userId)))
    .returning({ userId: gridAssignments.userId });
  return rows.length > 0;
}

/** Every assignment of the district's grids, with the worker's name. */
export async function listGridWorkers(db: DbOrTx, districtCode: string): Promise<{ gridId: number; userId: number; username: string; displayName: string }[]> {
  return db
    .select({ gridId: gridAssignments.gridId, userId: users.id, username: users.username, displayName: users.displayName })
    .from(gridAssignments)
    .innerJoin(grids, eq(grids.id, gridAssignments.gridId))
    .innerJoin(users, eq(users.id, gridAssignments.userId))
    .where(eq(grids.districtCode, districtCode))
    .orderBy(asc(users.username));
}

export async function gridWorkerIds(db: DbOrTx, gridId: number): Promise<number[]> {
  return (await db.select({ userId: gridAssignments.userId }).from(gridAssignments).where(eq(gridAssignments.gridId, gridId))).map((r) => r.userId);
}

export async function gridsOfUser(db: DbOrTx, userId: number): Promise<GridRow[]> {
  const rows = await db
    .select({ g: grids })
    .from(gridAssignments)
    .innerJoin(grids, eq(grids.id, gridAssignments.gridId))
    .where(eq(gridAssignments.userId, userId))
    .orderBy(asc(grids.code));
  return rows.map((r) => r.g);
}

export async function insertGridReport(db: DbOrTx, row: typeof gridReports.$inferInsert): Promise<void> {
  await db.insert(gridReports).values(row);
}

export interface GridReportListRow extends GridReportRow {
  number: string;
  title: string;
  state: string;
  gridCode: string;
  gridName: string;
}

export async function listGridReportsBy(db: DbOrTx, districtCode: string, userId: number, limit: number): Promise<GridReportListRow[]> {
  const rows = await db
    .select({ r: gridReports, number: tickets.number, title: tickets.title, state: tickets.state, gridCode: grids.code, gridName: grids.name })
    .from(gridReports)
    // The whole key (district and id): the join stays on the ticket's shard.
    .innerJoin(tickets, and(eq(tickets.districtCode, gridReports.districtCode), eq(tickets.id, gridReports.ticketId)))
    .innerJoin(grids, eq(grids.id, gridReports.gridId))
    .where(and(eq(gridReports.districtCode, districtCode), eq(gridReports.reportedBy, userId)))
    .orderBy(desc(gridReports.createdAt), desc(gridReports.ticketId))
    .limit(limit);
  return rows.map((x) => ({ ...x.r, number: x.number, title: x.title, state: x.state, gridCode: x.gridCode, gridName: x.gridName }));
}
