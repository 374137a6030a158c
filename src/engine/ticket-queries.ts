/** Reading tickets within the user's scope: lists (inboxes), one ticket with its history. */
import { allowedActions } from './domain/workflow/decide.ts';
import { ACTION_RULES } from './domain/workflow/actions.ts';
import { domainTicketOf, findTicketRow, listEvents, listTicketRows, type TicketEventRow, type TicketListFilter, type TicketRow } from './ticket.repository.ts';
import { actorOf, type Principal } from './auth.ts';
import type { AppContext } from './context.ts';
import { notFound } from '../platform/errors.ts';
import { scopeOf } from './ticket-actions.ts';
import type { Ticket } from './domain/workflow/ticket.ts';
import type { ReferenceSnapshot } from './reference/reference-cache.ts';

export interface TicketDetails {
  row: TicketRow;
  ticket: Ticket;
  events: TicketEventRow[];
  allowedActions: { type: string; label: string }[];
  ref: ReferenceSnapshot;
}

export async function getTicket(ctx: AppContext, principal: Principal, id: number): Promise<TicketDetails> {
  const db = ctx.database.db;
  const row = await findTicketRow(db, id, scopeOf(ctx, principal));
  if (row === undefined) throw notFound('Ticket', id);
  const [events, ref] = await Promise.all([listEvents(db, id), ctx.reference.get()]);
  const ticket = domainTicketOf(row);
  const allowed = allowedActions(ticket, actorOf(principal), ctx.clock()).map((type) => ({ type, label: ACTION_RULES[type].label }));
  return { row, ticket, events, allowedActions: allowed, ref };
}

export async function listTickets(ctx: AppContext, principal: Principal, filter: TicketListFilter) {
  // The primary, not the replica: the list is where a user looks for what they have just done.
  const db = ctx.database.db;
  const [page, ref] = await Promise.all([listTicketRows(db, scopeOf(ctx, principal), filter), ctx.reference.get()]);
  return { ...page, ref };
}

/** A ticket and one of its events as the queries return them (presenters whitelist their fields). */
export type TicketRecord = TicketRow;
export type TicketEventRecord = TicketEventRow;
