/** SQL of service orders: the menu, the order rows beside their tickets, the assignments, loads and the ranking's facts. */
import { and, asc, desc, eq, gte, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.ts';
import { tickets } from '../../engine/tickets.table.ts';
import { serviceMenuItems, serviceOrderAssignments, serviceOrders } from './orders.table.ts';
import { volunteerTeams } from './volunteers.table.ts';

export type MenuItemRow = typeof serviceMenuItems.$inferSelect;
export type OrderRow = typeof serviceOrders.$inferSelect;
export type AssignmentRow = typeof serviceOrderAssignments.$inferSelect;

// ---------------------------------------------------------------------------------------------
// The menu

export async function insertMenuItem(db: DbOrTx, row: typeof serviceMenuItems.$inferInsert): Promise<MenuItemRow> {
  return (await db.insert(serviceMenuItems).values(row).returning())[0]!;
}

export async function updateMenuItem(
  db: DbOrTx,
  id: number,
  set: Partial<Pick<MenuItemRow, 'name' | 'description' | 'skills' | 'timeLimitClass' | 'active'>> & { updatedAt: Date },
): Promise<MenuItemRow> {
  return (await db.update(serviceMenuItems).set(set).where(eq(serviceMenuItems.id, id)).returning())[0]!;
}

export async function findMenuItem(db: DbOrTx, districtCode: string, id: number): Promise<MenuItemRow | undefined> {
  return (
    await db
      .select()
      .from(serviceMenuItems)
      .where(and(eq(serviceMenuItems.districtCode, districtCode), eq(serviceMenuItems.id, id)))
  )[0];
}

export async function listMenuItems(db: DbOrTx, districtCode: string, stationIds: readonly number[], activeOnly: boolean): Promise<MenuItemRow[]> {
  if (stationIds.length === 0) return [];
  const where = [eq(serviceMenuItems.districtCode, districtCode), inArray(serviceMenuItems.stationUnitId, [...stationIds])];
  if (activeOnly) where.push(eq(serviceMenuItems.active, true));
  return db
    .select()
    .from(serviceMenuItems)
    .where(and(...where))
    .orderBy(asc(serviceMenuItems.stationUnitId), asc(serviceMenuItems.id));
}

// ---------------------------------------------------------------------------------------------
// Orders

export async function insertOrder(db: DbOrTx, row: typeof serviceOrders.$inferInsert): Promise<void> {
  await db.insert(serviceOrders).values(row);
}

export async function findOrder(db: DbOrTx, districtCode: string, ticketId: number, lock = false): Promise<OrderRow | undefined> {
  const q = db
    .select()
    .from(serviceOrders)
    .where(and(eq(serviceOrders.districtCode, districtCode), eq(serviceOrders.ticketId, ticketId)));
  return (await (lock ? q.for('update') : q))[0];
}

export async function updateOrder(
  db: DbOrTx,
  ticketId: number,
  set: Partial<Pick<OrderRow, 'teamId' | 'state' | 'servedBy' | 'servedMinutes' | 'servedAt'>> & { updatedAt: Date },
): Promise<void> {
  await db.update(serviceOrders).set(set).where(eq(serviceOrders.ticketId, ticketId));
}

export interface OrderFilter {
  stationIds?: readonly number[];
  residentUserId?: number;
  teamIds?: readonly number[];
  state?: string;
  limit: number;
}

export type OrderListRow = OrderRow & {
  number: string;
  ticketState: string;
  title: string;
  content: string;
  acceptedAt: Date;
  signDueAt: Date | null;
  contactDueAt: Date | null;
  replyDueAt: Date | null;
  repliedAt: Date | null;
  closedAt: Date | null;
  satisfaction: string | null;
  dueStatus: string;
  version: number;
};

const orderColumns = {
  order: serviceOrders,
  number: tickets.number,
  ticketState: tickets.state,
  title: tickets.title,
  content: tickets.content,
  acceptedAt: tickets.acceptedAt,
  signDueAt: tickets.signDueAt,
  contactDueAt: tickets.contactDueAt,
  replyDueAt: tickets.replyDueAt,
  repliedAt: tickets.repliedAt,
  closedAt: tickets.closedAt,
  satisfaction: tickets.satisfaction,
  dueStatus: tickets.dueStatus,
  version: tickets.version,
};

const flat = (r: { order: OrderRow } & Omit<OrderListRow, keyof OrderRow>): OrderListRow => {
  const { order, ...rest } = r;
  return { ...order, ...rest };
};

/** Orders newest first, with their tickets' number, state, text and deadlines. */
export async function listOrderRows(db: DbOrTx, districtCode: string, f: OrderFilter): Promise<OrderListRow[]> {
  const where: SQL[] = [eq(serviceOrders.districtCode, districtCode)];
  if (f.stationIds !== undefined) where.push(f.stationIds.length === 0 ? sql`false` : inArray(serviceOrders.stationUnitId, [...f.stationIds]));
  if (f.teamIds !== undefined) where.push(f.teamIds.length === 0 ? sql`false` : inArray(serviceOrders.teamId, [...f.teamIds]));
  if (f.residentUserId !== undefined) where.push(eq(serviceOrders.residentUserId, f.residentUserId));
  if (f.state !== undefined) where.push(eq(serviceOrders.state, f.state as OrderRow['state']));
  const rows = await db
    .select(orderColumns)
    .from(serviceOrders)
    .innerJoin(tickets, eq(tickets.id, serviceOrders.ticketId))
    .where(and(...where))
    .orderBy(desc(serviceOrders.ticketId))
    .limit(f.limit);
  return rows.map(flat);
}

export async function findOrderRow(db: DbOrTx, districtCode: string, ticketId: number): Promise<OrderListRow | undefined> {
  const rows = await db
    .select(orderColumns)
    .from(serviceOrders)
    .innerJoin(tickets, eq(tickets.id, serviceOrders.ticketId))
    .where(and(eq(serviceOrders.districtCode, districtCode), eq(serviceOrders.ticketId, ticketId)));
  return rows[0] === undefined ? undefined : flat(rows[0]);
}

// ---------------------------------------------------------------------------------------------
// Assignments

export async function insertAssignment(db: DbOrTx, row: typeof serviceOrderAssignments.$inferInsert): Promise<void> {
  await db.insert(serviceOrderAssignments).values(row);
}

/** Answers the order's open assignment (the one without an answer). */
export async function answerAssignment(
  db: DbOrTx,
  ticketId: number,
  set: { answer: 'accepted' | 'declined'; answeredBy: number; answeredAt: Date; reason: string | null },
): Promise<void> {
  await db
    .update(serviceOrderAssignments)
    .set(set)
    .where(and(eq(serviceOrderAssignments.ticketId, ticketId), isNull(serviceOrderAssignments.answer)));
}

export async function assignmentsOf(db: DbOrTx, ticketIds: readonly number[]): Promise<AssignmentRow[]> {
  if (ticketIds.length === 0) return [];
  return db
    .select()
    .from(serviceOrderAssignments)
    .where(inArray(serviceOrderAssignments.ticketId, [...ticketIds]))
    .orderBy(asc(serviceOrderAssignments.ticketId), asc(serviceOrderAssignments.id));
}

// ---------------------------------------------------------------------------------------------
// Teams and loads

/** Active teams of the stations, with their load (orders offered or accepted, not yet served). */
export async function teamsWithLoad(
  db: DbOrTx,
  districtCode: string,
  stationIds: readonly number[],
): Promise<{ id: number; name: string; stationUnitId: number; skills: string[]; areas: string[]; leaderUserId: number; load: number }[]> {
  if (stationIds.length === 0) return [];
  return db
    .select({
      id: volunteerTeams.id,
      name: volunteerTeams.name,
      stationUnitId: volunteerTeams.stationUnitId,
      skills: volunteerTeams.skills,
      areas: volunteerTeams.areas,
      leaderUserId: volunteerTeams.leaderUserId,
      load: sql<number>`(select count(*)::int from ${serviceOrders} o where o.team_id = ${volunteerTeams.id} and o.state in ('offered', 'accepted'))`,
    })
    .from(volunteerTeams)
    .where(and(eq(volunteerTeams.districtCode, districtCode), inArray(volunteerTeams.stationUnitId, [...stationIds]), eq(volunteerTeams.status, 'active')))
    .orderBy(asc(volunteerTeams.id));
}

/** Teams the user leads (any status). */
export async function teamsLedBy(db: DbOrTx, districtCode: string, userId: number): Promise<{ id: number; name: string }[]> {
  return db
    .select({ id: volunteerTeams.id, name: volunteerTeams.name })
    .from(volunteerTeams)
    .where(and(eq(volunteerTeams.districtCode, districtCode), eq(volunteerTeams.leaderUserId, userId)));
}

// ---------------------------------------------------------------------------------------------
// Ranking

/** Orders accepted in [from, to): station, team, reply deadline and time, rating. */
export async function rankingFacts(db: DbOrTx, districtCode: string, from: Date, to: Date) {
  return db
    .select({
      stationUnitId: serviceOrders.stationUnitId,
      teamId: serviceOrders.teamId,
      replyDueAt: tickets.replyDueAt,
      repliedAt: tickets.repliedAt,
      satisfaction: tickets.satisfaction,
    })
    .from(serviceOrders)
    .innerJoin(tickets, eq(tickets.id, serviceOrders.ticketId))
    .where(and(eq(serviceOrders.districtCode, districtCode), gte(tickets.acceptedAt, from), lt(tickets.acceptedAt, to)));
}
