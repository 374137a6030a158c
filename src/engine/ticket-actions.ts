/**
 * Taking an action on a ticket: load it within the user's scope, let the domain decide, and save the
 * new state and the event in one transaction (optimistic version check against concurrent changes).
 */
import { decide, type Decision } from './domain/workflow/decide.ts';
import type { ActionInputs, ActionType, Command } from './domain/workflow/events.ts';
import type { Actor, Ticket } from './domain/workflow/ticket.ts';
import type { DbOrTx } from '../platform/db/client.ts';
import { ConcurrentUpdateError, findTicketRow, lockDomainTicket, saveTransition, type TicketScope } from './ticket.repository.ts';
import { actorOf, type Principal } from './auth.ts';
import { progressText } from './intake.ts';
import type { AppContext } from './context.ts';
import { AppError, notFound } from '../platform/errors.ts';
import type { ReferenceSnapshot } from './reference/reference-cache.ts';
import { assertUnitsDispatchable } from './reference/units.ts';

export const scopeOf = (ctx: AppContext, p: Principal): TicketScope => ({ districtCode: ctx.districtCode, unitIds: p.scopeUnitIds });

/** Units named by the request must be real handling units of this district. */
function checkCommandUnits(ref: ReferenceSnapshot, cmd: ActionRequest): void {
  if (cmd.type === 'dispatch' || cmd.type === 'reassign') assertUnitsDispatchable(ref, [cmd.input.leadUnitId, ...cmd.input.coUnitIds]);
  if (cmd.type === 'decideObjection' && cmd.input.approve) assertUnitsDispatchable(ref, [cmd.input.leadUnitId, ...cmd.input.coUnitIds]);
}

/**
 * Facts the server knows better than the client: a dispatch is a fallback (兜底) exactly when its lead
 * is the district's fallback unit, the same rule as at intake, whatever the request body says.
 */
function normaliseCommand(ref: ReferenceSnapshot, cmd: ActionRequest): ActionRequest {
  if (cmd.type !== 'dispatch') return cmd;
  return { type: 'dispatch', input: { ...cmd.input, fallback: ref.unitById.get(cmd.input.leadUnitId)?.isFallback === true } };
}

/** Decides and saves one command inside a transaction; returns the decision. */
export async function applyCommand(ctx: AppContext, tx: DbOrTx, ticket: Ticket, cmd: Command, actor: Actor | null, ref: ReferenceSnapshot): Promise<Decision> {
  const now = ctx.clock();
  const r = decide(ticket, cmd, { now, actor, calendar: ref.calendar, limits: ref.limits, escalation: ref.escalation });
  if (!r.ok) throw AppError.from(r.error);
  await saveTransition(tx, ticket, r.value.ticket, r.value.event, now);
  for (const w of r.value.warnings) ctx.log.warn({ ticket: ticket.number }, w);
  return r.value;
}

/**
 * Completes a linkRepeat command (the caller names only the original): the original must be another
 * open ticket of the district, and the requester is answered with its progress.
 */
async function linkRepeatCommand(ctx: AppContext, tx: DbOrTx, ticket: Ticket, originalId: number, ref: ReferenceSnapshot): Promise<Command> {
  const original = originalId === ticket.id ? undefined : await findTicketRow(tx, originalId, { districtCode: ctx.districtCode, unitIds: 'all' });
  if (original === undefined) throw new AppError('INTAKE.UNKNOWN_ORIGINAL', `Ticket ${originalId} does not exist`);
  if (original.state === 'closed' || original.state === 'accepted')
    throw new AppError('INTAKE.ORIGINAL_NOT_OPEN', `Ticket ${original.number} is not being handled; this is a new request`);
  return { type: 'linkRepeat', input: { originalId: original.id, originalNumber: original.number, progress: progressText(original, ref) } };
}

/** The actions a user asks for through the API (markOverdue, deferralDue and escalate are the sweeper's; resolveOnSpot and conclude go through the grids' and whistles' use cases). */
export type RequestableAction = Exclude<ActionType, 'markOverdue' | 'deferralDue' | 'escalate' | 'resolveOnSpot' | 'conclude'>;

/**
 * What a user sends for each action: the domain's command input, except that for linkRepeat the
 * user names only the original ticket and the server completes the rest (`linkRepeatCommand`). The
 * action routes' body schemas must describe exactly these (checked at compile time in
 * ticket-actions.routes.ts).
 */
export type ActionRequests = { [K in RequestableAction]: K extends 'linkRepeat' ? Pick<ActionInputs['linkRepeat'], 'originalId'> : ActionInputs[K] };

/** One action request: its type and its input. */
export type ActionRequest = { [K in RequestableAction]: { type: K; input: ActionRequests[K] } }[RequestableAction];

export interface ActionResult {
  ticketId: number;
  state: string;
  version: number;
  events: string[];
  warnings: string[];
}

/**
 * Performs `type` with `input` as `principal`. A valid callback that is not unsatisfied closes the
 * ticket in the same transaction (回访满意即结案).
 */
export async function performAction<K extends RequestableAction>(
  ctx: AppContext,
  principal: Principal,
  ticketId: number,
  type: K,
  input: ActionRequests[K],
  expectedVersion?: number,
): Promise<ActionResult> {
  const ref = await ctx.reference.get();
  // The compiler does not correlate a generic K with ActionRequests[K]: { type, input } is the member K of ActionRequest.
  const cmd = normaliseCommand(ref, { type, input } as ActionRequest);
  checkCommandUnits(ref, cmd);
  const actor = actorOf(principal);
  try {
    return await ctx.database.db.transaction(async (tx) => {
      let ticket = await lockDomainTicket(tx, ticketId, scopeOf(ctx, principal));
      if (ticket === undefined) throw notFound('Ticket', ticketId);
      if (expectedVersion !== undefined && expectedVersion !== ticket.version)
        throw new AppError('TICKET.STALE_VERSION', `The ticket changed (version ${ticket.version}, you saw ${expectedVersion}); reload it`);
      const events: string[] = [];
      const warnings: string[] = [];
      const d = await applyCommand(
        ctx,
        tx,
        ticket,
        cmd.type === 'linkRepeat' ? await linkRepeatCommand(ctx, tx, ticket, cmd.input.originalId, ref) : cmd,
        actor,
        ref,
      );
      ticket = d.ticket;
      events.push(d.event.type);
      warnings.push(...d.warnings);
      if (cmd.type === 'callback' && cmd.input.valid && cmd.input.satisfaction !== 'unsatisfied' && cmd.input.resolved) {
        const c = await applyCommand(ctx, tx, ticket, { type: 'close', input: { note: '回访满意，结案' } }, actor, ref);
        ticket = c.ticket;
        events.push(c.event.type);
      }
      return { ticketId, state: ticket.state, version: ticket.version, events, warnings };
    });
  } catch (e) {
    if (e instanceof ConcurrentUpdateError) throw new AppError('TICKET.CONCURRENT_UPDATE', e.message);
    throw e;
  }
}
