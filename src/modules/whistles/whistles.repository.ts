/** SQL for whistles (吹哨) and their report-in rows (报到). */
import { and, asc, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.ts';
import { tickets } from '../../engine/tickets.table.ts';
import { whistleReports, whistles } from './whistles.table.ts';

/** A whistle's own ticket, joined on the whole key (district and id) so the join stays on one shard. */
const ticketOf = (districtCode: typeof whistles.districtCode, ticketId: typeof whistles.ticketId) =>
  and(eq(tickets.districtCode, districtCode), eq(tickets.id, ticketId));

/** One summoned department's report-in row of a whistle. */
const reportOf = (districtCode: string, ticketId: number, unitId: number) =>
  and(eq(whistleReports.whistleTicketId, ticketId), eq(whistleReports.unitId, unitId), eq(whistleReports.districtCode, districtCode));

export type WhistleRow = typeof whistles.$inferSelect;
export type WhistleReportRow = typeof whistleReports.$inferSelect;
export interface WhistleListRow extends WhistleRow {
  number: string;
  title: string;
  state: string;
}

export async function insertWhistle(db: DbOrTx, row: typeof whistles.$inferInsert, reports: (typeof whistleReports.$inferInsert)[]): Promise<void> {
  await db.insert(whistles).values(row);
  if (reports.length > 0) await db.insert(whistleReports).values(reports);
}

export async function findWhistle(db: DbOrTx, districtCode: string, ticketId: number, forUpdate = false): Promise<WhistleRow | undefined> {
  const q = db
    .select()
    .from(whistles)
    .where(and(eq(whistles.districtCode, districtCode), eq(whistles.ticketId, ticketId)));
  const rows = forUpdate ? await q.for('update') : await q;
  return rows[0];
}

export async function listWhistleReports(db: DbOrTx, districtCode: string, ticketId: number): Promise<WhistleReportRow[]> {
  return db
    .select()
    .from(whistleReports)
    .where(and(eq(whistleReports.whistleTicketId, ticketId), eq(whistleReports.districtCode, districtCode)))
    .orderBy(asc(whistleReports.id));
}

/** Whistles a set of units may see: blown by one of them or summoning one of them; 'all' for the centre. */
export async function listWhistleRows(
  db: DbOrTx,
  districtCode: string,
  unitIds: readonly number[] | 'all',
  limit: number,
  offset: number,
): Promise<WhistleListRow[]> {
  const conds: SQL[] = [eq(whistles.districtCode, districtCode)];
  if (unitIds !== 'all') {
    const ids = unitIds.length > 0 ? [...unitIds] : [-1];
    conds.push(
      or(
        inArray(whistles.streetUnitId, ids),
        sql`exists (select 1 from ${whistleReports} r where r.whistle_ticket_id = ${whistles.ticketId} and r.district_code = ${whistles.districtCode} and r.unit_id in ${ids})`,
      )!,
    );
  }
  const rows = await db
    .select({ w: whistles, number: tickets.number, title: tickets.title, state: tickets.state })
    .from(whistles)
    .innerJoin(tickets, ticketOf(whistles.districtCode, whistles.ticketId))
    .where(and(...conds))
    .orderBy(desc(whistles.createdAt), desc(whistles.ticketId))
    .limit(limit)
    .offset(offset);
  return rows.map((r) => ({ ...r.w, number: r.number, title: r.title, state: r.state }));
}

/** Whistles that started from a given ticket (the other side of the link). */
export async function listWhistlesFromSource(db: DbOrTx, districtCode: string, sourceTicketId: number): Promise<{ ticketId: number; number: string }[]> {
  return db
    .select({ ticketId: whistles.ticketId, number: tickets.number })
    .from(whistles)
    .innerJoin(tickets, ticketOf(whistles.districtCode, whistles.ticketId))
    .where(and(eq(whistles.districtCode, districtCode), eq(whistles.sourceTicketId, sourceTicketId)))
    .orderBy(asc(whistles.ticketId));
}

export async function recordReportIn(
  db: DbOrTx,
  districtCode: string,
  ticketId: number,
  unitId: number,
  fields: { reportedAt: Date; reportedBy: number; reporterName: string; place: string; note: string; attachmentId: number | null },
): Promise<void> {
  await db
    .update(whistleReports)
    .set(fields)
    .where(reportOf(districtCode, ticketId, unitId));
}

export async function recordRating(
  db: DbOrTx,
  districtCode: string,
  ticketId: number,
  unitId: number,
  score: number,
  comment: string,
  ratedAt: Date,
): Promise<void> {
  await db
    .update(whistleReports)
    .set({ score, comment, ratedAt })
    .where(reportOf(districtCode, ticketId, unitId));
}

export async function markWhistleClosed(db: DbOrTx, districtCode: string, ticketId: number, at: Date): Promise<void> {
  await db
    .update(whistles)
    .set({ closedAt: at })
    .where(and(eq(whistles.districtCode, districtCode), eq(whistles.ticketId, ticketId)));
}

/** Report-in rows of whistles blown in [from, to) in a district, with the blowing street and the source. */
export async function listReportsInPeriod(db: DbOrTx, districtCode: string, from: Date, to: Date) {
  return db
    .select({ report: whistleReports, streetUnitId: whistles.streetUnitId })
    .from(whistleReports)
    .innerJoin(whistles, and(eq(whistles.ticketId, whistleReports.whistleTicketId), eq(whistles.districtCode, whistleReports.districtCode)))
    .where(and(eq(whistles.districtCode, districtCode), gte(whistles.createdAt, from), lt(whistles.createdAt, to)));
}

export async function listWhistlesInPeriod(db: DbOrTx, districtCode: string, from: Date, to: Date) {
  return db
    .select({ ticketId: whistles.ticketId, streetUnitId: whistles.streetUnitId, sourceTicketId: whistles.sourceTicketId })
    .from(whistles)
    .where(and(eq(whistles.districtCode, districtCode), gte(whistles.createdAt, from), lt(whistles.createdAt, to)));
}
