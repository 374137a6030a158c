/**
 * Service orders (文明实践点单: 点单、派单、接单、评单) as tickets of kind `service_order` on the engine.
 *
 * - 点单 order: a resident orders from the menu of their community's station or a station above it (or a
 *   centre operator on the hotline for them); `createTicket` records the ticket, the server's rule
 *   dispatches it to the station offering the item (the `system` party) with the item's time-limit
 *   class, and `within` writes the order row.
 * - 派单 dispatch: the order's station's staff offer it to a team (suggested by skill, area and load); the
 *   first offer signs the ticket (`sign`), later ones (after a decline) are progress notes.
 * - 接单 accept / decline: the team's leader, acting as the lead party for this one order
 *   (KindConfig.leadRoles); accepting is the engine's `contact`, a decline (with its reason) a progress
 *   note, and the order is back with the station.
 * - 服务 serve: progress notes, then the service record (who served, minutes) as the `reply`.
 * - 评单 rate: the resident who ordered, as the requester party (`callback`, satisfied closes).
 */
import type { Principal } from '../../engine/auth.ts';
import { actorOf } from '../../engine/auth.ts';
import type { AppContext } from '../../engine/context.ts';
import { localDate, localMonth, monthRange } from '../../engine/domain/calendar/local-time.ts';
import { allowedActions, ratingCloses } from '../../engine/domain/workflow/decide.ts';
import type { Command } from '../../engine/domain/workflow/events.ts';
import type { Actor, Satisfaction, Ticket } from '../../engine/domain/workflow/ticket.ts';
import { createTicket, type IntakeResult } from '../../engine/intake.ts';
import { authorize } from '../../engine/policy.ts';
import { unitWithDescendants, type ReferenceSnapshot } from '../../engine/reference/reference-cache.ts';
import { applyCommand } from '../../engine/ticket-actions.ts';
import { ConcurrentUpdateError, domainTicketOf, findTicketRow } from '../../engine/ticket.repository.ts';
import { findUserByUsername } from '../../engine/user.repository.ts';
import type { Tx } from '../../platform/db/client.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import {
  MAX_SERVICE_MINUTES,
  ORDER_STATE_LABELS,
  orderSteps,
  rankOrders,
  suggestTeams,
  type OrderState,
  type OrderStep,
  type OrderViewer,
  type RankingRow,
  type TeamSuggestion,
} from './orders.domain.ts';
import {
  answerAssignment,
  assignmentsOf,
  findMenuItem,
  findOrder,
  findOrderRow,
  insertAssignment,
  insertMenuItem,
  insertOrder,
  listMenuItems,
  listOrderRows,
  rankingFacts,
  teamsLedBy,
  teamsWithLoad,
  updateMenuItem as updateMenuItemRow,
  updateOrder,
  type MenuItemRow,
  type OrderListRow,
} from './orders.repository.ts';
import { maskName } from '../../engine/personal-data.ts';
import { openResidentName, stationOfCommunity } from './residents.service.ts';
import type { Skill } from './volunteers.domain.ts';
import { VOLUNTEERS_POLICY } from './volunteers.policy.ts';
import { findResident, findTeam, teamMemberIds, usersByIds } from './volunteers.repository.ts';
import { managedStations, stationOf } from './volunteers.service.ts';

const RULES = VOLUNTEERS_POLICY.rules;

// ---------------------------------------------------------------------------------------------
// Places

/** A station and the stations above it (站 → 所 → 中心): the menus a community's residents order from. */
function stationChain(ref: ReferenceSnapshot, stationId: number): number[] {
  const out: number[] = [];
  let u = ref.unitById.get(stationId);
  while (u !== undefined && u.unitType === 'station' && !out.includes(u.id)) {
    out.push(u.id);
    u = u.parentId === null ? undefined : ref.unitById.get(u.parentId);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The menu

export interface MenuItemView {
  id: number;
  stationUnitId: number;
  stationName: string;
  name: string;
  description: string;
  skills: Skill[];
  timeLimitClass: string;
  active: boolean;
  updatedAt: string;
}

const menuView = (ref: ReferenceSnapshot, m: MenuItemRow): MenuItemView => ({
  id: m.id,
  stationUnitId: m.stationUnitId,
  stationName: ref.unitById.get(m.stationUnitId)?.name ?? '',
  name: m.name,
  description: m.description,
  skills: m.skills as Skill[],
  timeLimitClass: m.timeLimitClass,
  active: m.active,
  updatedAt: m.updatedAt.toISOString(),
});

/** The menus a resident orders from: their community's station and the stations above it (active items). */
export async function residentMenu(ctx: AppContext, p: Principal): Promise<MenuItemView[]> {
  authorize(p, RULES.order);
  const ref = await ctx.reference.get();
  const items = await listMenuItems(ctx.database.db, ctx.districtCode, stationChain(ref, p.unitId), true);
  return items.map((m) => menuView(ref, m));
}

/** The menus of the stations a staff member manages (withdrawn items too). */
export async function stationMenu(ctx: AppContext, p: Principal): Promise<MenuItemView[]> {
  authorize(p, RULES.dispatchOrders);
  const ref = await ctx.reference.get();
  const items = await listMenuItems(ctx.database.db, ctx.districtCode, managedStations(ref, p), false);
  return items.map((m) => menuView(ref, m));
}

export interface MenuItemInput {
  stationUnitId?: number;
  name: string;
  description?: string;
  skills: Skill[];
  timeLimitClass: string;
  active?: boolean;
}

function checkClass(ref: ReferenceSnapshot, code: string): string {
  if (ref.limits[code] === undefined) throw new AppError('MENU.UNKNOWN_TIME_LIMIT_CLASS', `No time-limit class "${code}"`, { timeLimitClass: code });
  return code;
}

const menuName = (name: string): string => {
  const n = name.trim().replace(/\s+/g, ' ');
  if (n.length === 0) throw invalid('The menu item needs a name');
  return n;
};

async function uniqueName<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('MENU.NAME_TAKEN', 'The station’s menu already has an item of this name');
    throw e;
  }
}

export async function createMenuItem(ctx: AppContext, p: Principal, input: MenuItemInput): Promise<MenuItemView> {
  const ref = await ctx.reference.get();
  const managed = managedStations(ref, p);
  const stationId = input.stationUnitId ?? p.unitId;
  stationOf(ref, stationId);
  if (!managed.includes(stationId)) throw notFound('Station', stationId);
  const now = ctx.clock();
  const row = await uniqueName(() =>
    insertMenuItem(ctx.database.db, {
      districtCode: ctx.districtCode,
      stationUnitId: stationId,
      name: menuName(input.name),
      description: input.description?.trim() ?? '',
      skills: [...new Set(input.skills)],
      timeLimitClass: checkClass(ref, input.timeLimitClass),
      active: input.active ?? true,
      createdBy: p.userId,
      createdAt: now,
      updatedAt: now,
    }),
  );
  return menuView(ref, row);
}

export async function updateMenuItem(ctx: AppContext, p: Principal, id: number, input: Partial<Omit<MenuItemInput, 'stationUnitId'>>): Promise<MenuItemView> {
  const ref = await ctx.reference.get();
  const managed = managedStations(ref, p);
  const item = await findMenuItem(ctx.database.db, ctx.districtCode, id);
  if (item === undefined || !managed.includes(item.stationUnitId)) throw notFound('Menu item', id);
  if (Object.values(input).every((v) => v === undefined)) throw invalid('Nothing to change');
  const row = await uniqueName(() =>
    updateMenuItemRow(ctx.database.db, id, {
      ...(input.name === undefined ? {} : { name: menuName(input.name) }),
      ...(input.description === undefined ? {} : { description: input.description.trim() }),
      ...(input.skills === undefined ? {} : { skills: [...new Set(input.skills)] }),
      ...(input.timeLimitClass === undefined ? {} : { timeLimitClass: checkClass(ref, input.timeLimitClass) }),
      ...(input.active === undefined ? {} : { active: input.active }),
      updatedAt: ctx.clock(),
    }),
  );
  return menuView(ref, row);
}

// ---------------------------------------------------------------------------------------------
// 点单 ordering

export interface OrderInput {
  menuItemId: number;
  content: string;
  address?: string;
}

/** Who an operator orders for on the hotline: a resident's account by its mobile number, or a caller without one. */
export type HotlineRequester = { residentPhone: string } | { requesterName: string; requesterPhone: string; communityCode: string };

export interface OrderPlaced {
  ticketId: number;
  number: string;
  /** For a caller without an account: the code to follow and rate the order on the public page. */
  queryCode: string | null;
  replayed: boolean;
}

async function offeredItem(ctx: AppContext, ref: ReferenceSnapshot, menuItemId: number, homeStationId: number): Promise<MenuItemRow> {
  const item = await findMenuItem(ctx.database.db, ctx.districtCode, menuItemId);
  if (item === undefined || !item.active || !stationChain(ref, homeStationId).includes(item.stationUnitId))
    throw new AppError('ORDER.UNKNOWN_MENU_ITEM', `Menu item ${menuItemId} is not offered to this community`, { menuItemId });
  return item;
}

async function place(
  ctx: AppContext,
  actor: Actor | null,
  orderedBy: number,
  item: MenuItemRow,
  input: OrderInput,
  who: { residentUserId: number | null; communityCode: string; name: string; phone: string },
  channel: 'mobile' | 'phone',
  idempotencyKey: string | undefined,
): Promise<OrderPlaced> {
  const content = input.content.trim();
  if (content.length === 0) throw invalid('Say what you need: the order’s description is empty');
  const r = await createTicket(
    ctx,
    actor,
    {
      kind: 'service_order',
      requestType: 'help',
      channel,
      title: item.name,
      content,
      ...(input.address === undefined ? {} : { address: input.address }),
      communityCode: who.communityCode,
      requesterName: who.name,
      requesterPhone: who.phone,
      timeLimitClass: item.timeLimitClass,
      triage: { action: 'dispatch', leadUnitId: item.stationUnitId, coUnitIds: [], reason: `服务菜单：${item.name}` },
    },
    idempotencyKey === undefined ? undefined : { scope: `service-order:${orderedBy}`, key: idempotencyKey },
    async (tx, created) =>
      insertOrder(tx, {
        ticketId: created.ticketId,
        districtCode: ctx.districtCode,
        menuItemId: item.id,
        stationUnitId: item.stationUnitId,
        communityCode: who.communityCode,
        residentUserId: who.residentUserId,
        orderedBy,
        state: 'pending',
        createdAt: created.now,
        updatedAt: created.now,
      }),
  );
  const res: IntakeResult = r.result;
  return { ticketId: res.ticketId, number: res.number, queryCode: who.residentUserId === null ? res.queryCode : null, replayed: r.status === 'replayed' };
}

/** A resident orders from the menu on the mobile page; the ticket goes to the station offering the item. */
export async function placeOrder(ctx: AppContext, p: Principal, input: OrderInput, idempotencyKey?: string): Promise<OrderPlaced> {
  authorize(p, RULES.order);
  const ref = await ctx.reference.get();
  const resident = await findResident(ctx.database.db, ctx.districtCode, p.userId);
  if (resident === undefined) throw new AppError('AUTH.FORBIDDEN', 'Only a resident’s account orders services');
  const item = await offeredItem(ctx, ref, input.menuItemId, stationOfCommunity(ref, resident.communityCode));
  const name = openResidentName(ctx.personalData, resident) ?? '';
  // The server's rule dispatches (system party): the resident plays no intake party of the engine.
  return place(
    ctx,
    null,
    p.userId,
    item,
    input,
    { residentUserId: p.userId, communityCode: resident.communityCode, name, phone: p.username },
    'mobile',
    idempotencyKey,
  );
}

/** The resident's account a hotline caller names by its mobile number; ORDER.UNKNOWN_RESIDENT when there is none. */
async function hotlineResident(ctx: AppContext, phone: string) {
  const user = await findUserByUsername(ctx.database.db, phone);
  const resident = user === undefined || !user.roles.includes('resident') ? undefined : await findResident(ctx.database.db, ctx.districtCode, user.id);
  if (user === undefined || resident === undefined) throw new AppError('ORDER.UNKNOWN_RESIDENT', 'No resident’s account has this mobile number');
  return { user, resident };
}

/**
 * An operator orders on the hotline: for a resident's account (named by its mobile number: the order is
 * theirs on the mobile page), or for a caller without one (their name, phone and community: they follow
 * and rate it on the public page with the number and the query code the operator reads out).
 */
export async function placeHotlineOrder(ctx: AppContext, p: Principal, input: OrderInput & HotlineRequester, idempotencyKey?: string): Promise<OrderPlaced> {
  authorize(p, RULES.orderOnHotline);
  const ref = await ctx.reference.get();
  let who: { residentUserId: number | null; communityCode: string; name: string; phone: string };
  if ('residentPhone' in input) {
    const { user, resident } = await hotlineResident(ctx, input.residentPhone);
    who = { residentUserId: user.id, communityCode: resident.communityCode, name: openResidentName(ctx.personalData, resident) ?? '', phone: user.username };
  } else {
    who = { residentUserId: null, communityCode: input.communityCode, name: input.requesterName.trim(), phone: input.requesterPhone };
  }
  const item = await offeredItem(ctx, ref, input.menuItemId, stationOfCommunity(ref, who.communityCode));
  return place(ctx, actorOf(p), p.userId, item, input, who, 'phone', idempotencyKey);
}

/** What the hotline operator sees before ordering for a caller: whose order it would be and the menu offered there. */
export interface HotlineMenu {
  communityCode: string;
  communityName: string;
  stationName: string;
  /** The resident's account found by the mobile number (name masked, 张*); null when ordering for a caller without one. */
  resident: { maskedName: string } | null;
  items: MenuItemView[];
}

/**
 * The menu an operator may order from for a caller: the resident's (by their account's mobile number) or a
 * community's (a caller without an account) — the active items of that community's station and the stations
 * above it, exactly what `placeHotlineOrder` accepts. The resident's name is shown masked, enough to confirm
 * the caller; the operator needs no more.
 */
export async function hotlineMenu(ctx: AppContext, p: Principal, q: { residentPhone: string } | { communityCode: string }): Promise<HotlineMenu> {
  authorize(p, RULES.orderOnHotline);
  const ref = await ctx.reference.get();
  const db = ctx.database.db;
  let communityCode: string;
  let resident: HotlineMenu['resident'] = null;
  if ('residentPhone' in q) {
    const { resident: r } = await hotlineResident(ctx, q.residentPhone);
    communityCode = r.communityCode;
    const name = openResidentName(ctx.personalData, r);
    resident = { maskedName: name === null ? '' : maskName(name) };
  } else communityCode = q.communityCode;
  const stationId = stationOfCommunity(ref, communityCode);
  const items = await listMenuItems(db, ctx.districtCode, stationChain(ref, stationId), true);
  return {
    communityCode,
    communityName: ref.divisionByCode.get(communityCode)?.name ?? '',
    stationName: ref.unitById.get(stationId)?.name ?? '',
    resident,
    items: items.map((m) => menuView(ref, m)),
  };
}

// ---------------------------------------------------------------------------------------------
// Views

export interface AssignmentView {
  teamId: number;
  teamName: string;
  assignedAt: string;
  answer: 'accepted' | 'declined' | null;
  answeredAt: string | null;
  reason: string | null;
}

export interface OrderView {
  ticketId: number;
  number: string;
  menuItemId: number;
  menuItemName: string;
  stationUnitId: number;
  stationName: string;
  communityCode: string;
  communityName: string;
  content: string;
  state: OrderState;
  stateLabel: string;
  ticketState: string;
  createdAt: string;
  signDueAt: string | null;
  contactDueAt: string | null;
  replyDueAt: string | null;
  dueStatus: string;
  teamId: number | null;
  teamName: string | null;
  assignments: AssignmentView[];
  servedBy: { userId: number; name: string }[];
  servedMinutes: number | null;
  servedAt: string | null;
  satisfaction: string | null;
  closed: boolean;
  /** The viewer may rate it now (the resident who ordered, once it is served): `steps` includes rate. */
  mayRate: boolean;
  /** What the viewer may do to it next (orders.domain.ts `orderSteps`): the pages show these buttons. */
  steps: OrderStep[];
}

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

function stepsOf(viewer: OrderViewer, r: OrderListRow): { mayRate: boolean; steps: OrderStep[] } {
  const steps = orderSteps(viewer, { state: r.state, ticketState: r.ticketState });
  return { mayRate: steps.includes('rate'), steps };
}

async function present(ctx: AppContext, ref: ReferenceSnapshot, rows: OrderListRow[], viewer: OrderViewer): Promise<OrderView[]> {
  const db = ctx.database.db;
  const assignments = await assignmentsOf(
    db,
    rows.map((r) => r.ticketId),
  );
  const teamIds = [...new Set([...assignments.map((a) => a.teamId), ...rows.flatMap((r) => (r.teamId === null ? [] : [r.teamId]))])];
  const teamNames = new Map<number, string>();
  for (const id of teamIds) teamNames.set(id, (await findTeam(db, ctx.districtCode, id))?.name ?? '');
  const menu = new Map<number, string>();
  for (const id of new Set(rows.map((r) => r.menuItemId))) menu.set(id, (await findMenuItem(db, ctx.districtCode, id))?.name ?? '');
  const servers = new Map((await usersByIds(db, [...new Set(rows.flatMap((r) => r.servedBy))])).map((u) => [u.id, u.displayName]));
  return rows.map((r) => ({
    ticketId: r.ticketId,
    number: r.number,
    menuItemId: r.menuItemId,
    menuItemName: menu.get(r.menuItemId) ?? '',
    stationUnitId: r.stationUnitId,
    stationName: ref.unitById.get(r.stationUnitId)?.name ?? '',
    communityCode: r.communityCode,
    communityName: ref.divisionByCode.get(r.communityCode)?.name ?? '',
    content: r.content,
    state: r.state,
    stateLabel: ORDER_STATE_LABELS[r.state],
    ticketState: r.ticketState,
    createdAt: r.acceptedAt.toISOString(),
    signDueAt: iso(r.signDueAt),
    contactDueAt: iso(r.contactDueAt),
    replyDueAt: iso(r.replyDueAt),
    dueStatus: r.dueStatus,
    teamId: r.teamId,
    teamName: r.teamId === null ? null : (teamNames.get(r.teamId) ?? ''),
    assignments: assignments
      .filter((a) => a.ticketId === r.ticketId)
      .map((a) => ({
        teamId: a.teamId,
        teamName: teamNames.get(a.teamId) ?? '',
        assignedAt: a.assignedAt.toISOString(),
        answer: a.answer,
        answeredAt: iso(a.answeredAt),
        reason: a.reason,
      })),
    servedBy: r.servedBy.map((id) => ({ userId: id, name: servers.get(id) ?? '' })),
    servedMinutes: r.servedMinutes,
    servedAt: iso(r.servedAt),
    satisfaction: r.satisfaction,
    closed: r.ticketState === 'closed',
    ...stepsOf(viewer, r),
  }));
}

/** The resident's own orders, newest first. */
export async function myOrders(ctx: AppContext, p: Principal): Promise<OrderView[]> {
  authorize(p, RULES.order);
  const ref = await ctx.reference.get();
  const rows = await listOrderRows(ctx.database.db, ctx.districtCode, { residentUserId: p.userId, limit: 100 });
  return present(ctx, ref, rows, 'resident');
}

/** The orders of the stations a staff member manages, newest first (by the order's state when asked). */
export async function stationOrders(ctx: AppContext, p: Principal, state?: OrderState): Promise<OrderView[]> {
  authorize(p, RULES.dispatchOrders);
  const ref = await ctx.reference.get();
  const rows = await listOrderRows(ctx.database.db, ctx.districtCode, { stationIds: managedStations(ref, p), ...(state ? { state } : {}), limit: 200 });
  return present(ctx, ref, rows, 'station');
}

/** The orders offered to, accepted by or served by the teams the volunteer leads. */
export async function teamOrders(ctx: AppContext, p: Principal): Promise<OrderView[]> {
  authorize(p, RULES.serveOrders);
  const ref = await ctx.reference.get();
  const teams = await teamsLedBy(ctx.database.db, ctx.districtCode, p.userId);
  const rows = await listOrderRows(ctx.database.db, ctx.districtCode, { teamIds: teams.map((t) => t.id), limit: 100 });
  return present(ctx, ref, rows, 'leader');
}

/** One order the staff manage (404 outside their stations). */
async function staffOrder(ctx: AppContext, p: Principal, ticketId: number) {
  const ref = await ctx.reference.get();
  const row = await findOrderRow(ctx.database.db, ctx.districtCode, ticketId);
  if (row === undefined || !managedStations(ref, p).includes(row.stationUnitId)) throw notFound('Service order', ticketId);
  return { ref, row };
}

export async function stationOrder(ctx: AppContext, p: Principal, ticketId: number): Promise<OrderView> {
  authorize(p, RULES.dispatchOrders);
  const { ref, row } = await staffOrder(ctx, p, ticketId);
  return (await present(ctx, ref, [row], 'station'))[0]!;
}

export interface TeamSuggestionView extends TeamSuggestion {
  name: string;
  stationName: string;
  declined: boolean;
}

/** The teams to offer the order to, best first: every skill the item needs, more skills, the closer area, the lighter load. */
export async function suggestedTeams(ctx: AppContext, p: Principal, ticketId: number): Promise<TeamSuggestionView[]> {
  authorize(p, RULES.dispatchOrders);
  const { ref, row } = await staffOrder(ctx, p, ticketId);
  const db = ctx.database.db;
  const item = await findMenuItem(db, ctx.districtCode, row.menuItemId);
  const teams = await teamsWithLoad(db, ctx.districtCode, stationsBelow(ref, row.stationUnitId));
  const declined = new Set((await assignmentsOf(db, [ticketId])).filter((a) => a.answer === 'declined').map((a) => a.teamId));
  const byId = new Map(teams.map((t) => [t.id, t]));
  const street = ref.divisionByCode.get(row.communityCode)?.parentCode ?? null;
  return suggestTeams(teams, { skills: item?.skills ?? [], communityCode: row.communityCode, streetCode: street }, declined).map((s) => ({
    ...s,
    name: byId.get(s.teamId)?.name ?? '',
    stationName: ref.unitById.get(byId.get(s.teamId)?.stationUnitId ?? 0)?.name ?? '',
    declined: declined.has(s.teamId),
  }));
}

const stationsBelow = (ref: ReferenceSnapshot, stationId: number): number[] =>
  unitWithDescendants(ref.units, stationId).filter((id) => ref.unitById.get(id)?.unitType === 'station');

// ---------------------------------------------------------------------------------------------
// Steps on the engine

/** Runs `step` on the order's ticket and row, both locked (ticket first), in one transaction. */
async function onOrder<T>(
  ctx: AppContext,
  ticketId: number,
  step: (tx: Tx, ticket: Ticket, order: NonNullable<Awaited<ReturnType<typeof findOrder>>>, ref: ReferenceSnapshot) => Promise<T>,
): Promise<T> {
  const ref = await ctx.reference.get();
  try {
    return await ctx.database.db.transaction(async (tx) => {
      const row = await findTicketRow(tx, ticketId, { districtCode: ctx.districtCode, unitIds: 'all' }, true);
      const order = row === undefined || row.kind !== 'service_order' ? undefined : await findOrder(tx, ctx.districtCode, ticketId, true);
      if (row === undefined || order === undefined) throw notFound('Service order', ticketId);
      return step(tx as Tx, domainTicketOf(row), order, ref);
    });
  } catch (e) {
    if (e instanceof ConcurrentUpdateError) throw new AppError('TICKET.CONCURRENT_UPDATE', e.message);
    throw e;
  }
}

const apply = async (ctx: AppContext, tx: Tx, ticket: Ticket, cmd: Command, actor: Actor, ref: ReferenceSnapshot) =>
  (await applyCommand(ctx, tx, ticket, cmd, actor, ref)).ticket;

export interface StepResult {
  ticketId: number;
  state: OrderState;
  ticketState: string;
}

/** 派单: the order's station offers it to a team of the station or a station below it. */
export async function dispatchOrder(ctx: AppContext, p: Principal, ticketId: number, teamId: number): Promise<StepResult> {
  authorize(p, RULES.dispatchOrders);
  const refNow = await ctx.reference.get();
  const managed = managedStations(refNow, p);
  return onOrder(ctx, ticketId, async (tx, ticket, order, ref) => {
    if (!managed.includes(order.stationUnitId)) throw notFound('Service order', ticketId);
    if (!orderSteps('station', { state: order.state, ticketState: ticket.state }).includes('dispatch'))
      throw new AppError('ORDER.NOT_PENDING', 'The order is already with a team', { state: order.state });
    const team = await findTeam(tx, ctx.districtCode, teamId);
    if (team === undefined || team.status !== 'active' || !stationsBelow(ref, order.stationUnitId).includes(team.stationUnitId))
      throw new AppError('ORDER.UNKNOWN_TEAM', `Team ${teamId} is not an active team of the order’s station or below it`, { teamId });
    const actor = actorOf(p);
    // The engine decides who acts for the station (its own staff: the lead party).
    const note = `派单给 ${team.name}`;
    const t =
      ticket.state === 'dispatched'
        ? await apply(ctx, tx, ticket, { type: 'sign', input: { note } }, actor, ref)
        : await apply(ctx, tx, ticket, { type: 'progress', input: { note } }, actor, ref);
    const now = ctx.clock();
    await insertAssignment(tx, { districtCode: ctx.districtCode, ticketId, teamId, assignedBy: p.userId, assignedAt: now });
    await updateOrder(tx, ticketId, { teamId, state: 'offered', updatedAt: now });
    return { ticketId, state: 'offered', ticketState: t.state };
  });
}

/** The team leader acting for the order's station on the engine (KindConfig.leadRoles), once the module has checked the team. */
async function asLeader(ctx: AppContext, tx: Tx, p: Principal, order: { teamId: number | null; stationUnitId: number }, ticketId: number): Promise<Actor> {
  authorize(p, RULES.serveOrders);
  const team = order.teamId === null ? undefined : await findTeam(tx, ctx.districtCode, order.teamId);
  if (team === undefined || team.leaderUserId !== p.userId) throw notFound('Service order', ticketId);
  // Only as a volunteer (KindConfig.leadRoles): a team leader who is also staff somewhere else (a unit
  // leader, say) must not bring those roles to this station's ticket.
  return { userId: p.userId, unitId: order.stationUnitId, roles: ['volunteer'], isCentre: false };
}

/** 接单 or 拒单: the leader of the team the order is offered to; a decline needs its reason and returns the order to the station. */
export async function answerOrder(
  ctx: AppContext,
  p: Principal,
  ticketId: number,
  answer: { accept: true } | { accept: false; reason: string },
): Promise<StepResult> {
  return onOrder(ctx, ticketId, async (tx, ticket, order, ref) => {
    const actor = await asLeader(ctx, tx, p, order, ticketId);
    if (!orderSteps('leader', { state: order.state, ticketState: ticket.state }).includes(answer.accept ? 'accept' : 'decline'))
      throw new AppError('ORDER.NOT_OFFERED', 'The order is not waiting for the team’s answer', { state: order.state });
    const now = ctx.clock();
    if (answer.accept) {
      const t = await apply(ctx, tx, ticket, { type: 'contact', input: { method: 'phone', note: '志愿服务队已接单' } }, actor, ref);
      await answerAssignment(tx, ticketId, { answer: 'accepted', answeredBy: p.userId, answeredAt: now, reason: null });
      await updateOrder(tx, ticketId, { state: 'accepted', updatedAt: now });
      return { ticketId, state: 'accepted', ticketState: t.state };
    }
    const reason = answer.reason.trim();
    if (reason.length === 0) throw invalid('A decline needs its reason');
    const t = await apply(ctx, tx, ticket, { type: 'progress', input: { note: `志愿服务队拒单：${reason}` } }, actor, ref);
    await answerAssignment(tx, ticketId, { answer: 'declined', answeredBy: p.userId, answeredAt: now, reason });
    await updateOrder(tx, ticketId, { teamId: null, state: 'pending', updatedAt: now });
    return { ticketId, state: 'pending', ticketState: t.state };
  });
}

/** A progress note while serving (the team's leader). */
export async function noteOrder(ctx: AppContext, p: Principal, ticketId: number, note: string): Promise<StepResult> {
  return onOrder(ctx, ticketId, async (tx, ticket, order, ref) => {
    const actor = await asLeader(ctx, tx, p, order, ticketId);
    if (!orderSteps('leader', { state: order.state, ticketState: ticket.state }).includes('note'))
      throw new AppError('ORDER.NOT_ACCEPTED', 'The order is not being served', { state: order.state });
    if (note.trim().length === 0) throw invalid('The note is empty');
    const t = await apply(ctx, tx, ticket, { type: 'progress', input: { note: note.trim() } }, actor, ref);
    return { ticketId, state: order.state, ticketState: t.state };
  });
}

// ---------------------------------------------------------------------------------------------
// The points bank's hook

/** A service record: who served an order and for how long, on which local day. */
export interface OrderServed {
  ticketId: number;
  number: string;
  /** The menu item's name (助餐送餐…). */
  itemName: string;
  /** The station the order was placed with. */
  stationUnitId: number;
  servedBy: readonly number[];
  /** Minutes each of them served (the team leader's record gives one figure for all). */
  minutes: number;
  /** Asia/Shanghai date of the record (YYYY-MM-DD): the points rule in force that day applies. */
  servedOn: string;
  recordedBy: number;
  recordedAt: Date;
}
export type OrderServedHook = (ctx: AppContext, tx: Tx, served: OrderServed) => Promise<void>;
const servedHooks: OrderServedHook[] = [];

/**
 * Registers a function called with every service record, in the transaction that writes it (a failing
 * hook rolls the record back). The composition root registers the points bank's hour award here, as it
 * does for the activities' hours (docs/VOLUNTEERS.md); returns the function that removes it (tests).
 */
export function onOrderServed(hook: OrderServedHook): () => void {
  servedHooks.push(hook);
  return () => void servedHooks.splice(servedHooks.indexOf(hook), 1);
}

export interface ServiceRecordInput {
  servedBy: number[];
  minutes: number;
  note: string;
}

/** 服务记录: who of the team served and for how long; the engine's reply, for the resident to rate. */
export async function recordService(ctx: AppContext, p: Principal, ticketId: number, input: ServiceRecordInput): Promise<StepResult> {
  return onOrder(ctx, ticketId, async (tx, ticket, order, ref) => {
    const actor = await asLeader(ctx, tx, p, order, ticketId);
    if (!orderSteps('leader', { state: order.state, ticketState: ticket.state }).includes('record'))
      throw new AppError('ORDER.NOT_ACCEPTED', 'The order is not being served', { state: order.state });
    if (!Number.isInteger(input.minutes) || input.minutes < 1 || input.minutes > MAX_SERVICE_MINUTES)
      throw invalid(`Minutes served: 1 to ${MAX_SERVICE_MINUTES}`, { minutes: input.minutes });
    const servedBy = [...new Set(input.servedBy)];
    if (servedBy.length === 0) throw invalid('Name who served');
    const members = await teamMemberIds(tx, order.teamId!);
    const strangers = servedBy.filter((id) => !members.includes(id));
    if (strangers.length > 0) throw new AppError('ORDER.NOT_A_MEMBER', 'Those who served must be members of the team', { userIds: strangers });
    const names = new Map((await usersByIds(tx, servedBy)).map((u) => [u.id, u.displayName]));
    const note = input.note.trim();
    const text = `服务完成：${servedBy.map((id) => names.get(id) ?? id).join('、')}，共 ${input.minutes} 分钟。${note}`;
    const t = await apply(ctx, tx, ticket, { type: 'reply', input: { text } }, actor, ref);
    const now = ctx.clock();
    await updateOrder(tx, ticketId, { state: 'served', servedBy, servedMinutes: input.minutes, servedAt: now, updatedAt: now });
    const item = await findMenuItem(tx, ctx.districtCode, order.menuItemId);
    const served: OrderServed = {
      ticketId,
      number: ticket.number,
      itemName: item?.name ?? '',
      stationUnitId: order.stationUnitId,
      servedBy,
      minutes: input.minutes,
      servedOn: localDate(now),
      recordedBy: p.userId,
      recordedAt: now,
    };
    for (const h of servedHooks) await h(ctx, tx, served);
    return { ticketId, state: 'served', ticketState: t.state };
  });
}

export interface OrderRating {
  satisfaction: Satisfaction;
  comment?: string;
}

/** 评单: the resident who ordered rates the service, as the requester party; satisfied or basically satisfied closes the order. */
export async function rateOrder(ctx: AppContext, p: Principal, ticketId: number, rating: OrderRating): Promise<StepResult & { closed: boolean }> {
  authorize(p, RULES.order);
  return onOrder(ctx, ticketId, async (tx, ticket, order, ref) => {
    if (order.residentUserId !== p.userId) throw notFound('Service order', ticketId);
    const actor: Actor = { userId: p.userId, unitId: 0, roles: ['requester'], isCentre: false };
    if (!allowedActions(ticket, actor, ctx.clock()).includes('callback'))
      throw new AppError('WORKFLOW.INVALID_TRANSITION', '服务完成后才能评价，且只能评价一次 The order can be rated once served, and only once', {
        state: ticket.state,
      });
    const comment = rating.comment?.trim() ?? '';
    const input = {
      valid: true as const,
      contacted: true,
      resolved: rating.satisfaction !== 'unsatisfied',
      satisfaction: rating.satisfaction,
      note: comment ? `居民评价：${comment}` : '居民评价',
    };
    let t = await apply(ctx, tx, ticket, { type: 'callback', input }, actor, ref);
    if (ratingCloses(input)) t = await apply(ctx, tx, t, { type: 'close', input: { note: '居民评价满意，结案' } }, actor, ref);
    return { ticketId, state: order.state, ticketState: t.state, closed: t.state === 'closed' };
  });
}

// ---------------------------------------------------------------------------------------------
// Ranking

export interface OrderRanking {
  month: string;
  stations: (RankingRow & { name: string })[];
  teams: (RankingRow & { name: string; stationName: string })[];
}

/** Stations and teams by satisfaction (60%) and timeliness (40%) of the orders accepted in a local month. */
export async function orderRanking(ctx: AppContext, p: Principal, month?: string): Promise<OrderRanking> {
  authorize(p, RULES.orderRanking);
  const ref = await ctx.reference.get();
  const m = month ?? localMonth(ctx.clock());
  const { from, to } = monthRange(m);
  const facts = await rankingFacts(ctx.database.db, ctx.districtCode, from, to);
  const onTime = (f: (typeof facts)[number]) => (f.repliedAt === null ? null : f.replyDueAt === null || f.repliedAt.getTime() <= f.replyDueAt.getTime());
  const sat = (s: string | null) => (s === 'satisfied' || s === 'basically_satisfied' || s === 'unsatisfied' ? s : null);
  const stations = rankOrders(facts.map((f) => ({ key: f.stationUnitId, onTime: onTime(f), satisfaction: sat(f.satisfaction) })));
  const teamRows = rankOrders(facts.flatMap((f) => (f.teamId === null ? [] : [{ key: f.teamId, onTime: onTime(f), satisfaction: sat(f.satisfaction) }])));
  const teams = [];
  for (const r of teamRows) {
    const t = await findTeam(ctx.database.db, ctx.districtCode, r.key);
    teams.push({ ...r, name: t?.name ?? '', stationName: ref.unitById.get(t?.stationUnitId ?? 0)?.name ?? '' });
  }
  return { month: m, stations: stations.map((r) => ({ ...r, name: ref.unitById.get(r.key)?.name ?? '' })), teams };
}
