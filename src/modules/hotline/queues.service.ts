/**
 * Work queues: what waits for the command centre (overdue tickets to supervise, objections,
 * extension requests and appeals to decide, unsatisfied callbacks, tickets not yet dispatched), what
 * waits for the callback agents, and the counts behind a unit's inbox tabs. Decisions themselves go
 * through the ordinary workflow actions; each queue item carries the actions the user may take now.
 */
import { HOTLINE_POLICY } from './hotline.policy.ts';
import { authorize, mayAct } from '../../engine/policy.ts';
import { ACTION_RULES } from '../../engine/domain/workflow/actions.ts';
import { activeDeadline, allowedActions } from '../../engine/domain/workflow/decide.ts';
import type { DeadlineKind } from '../../engine/domain/workflow/ticket.ts';
import {
  CENTRE_QUEUES,
  countInbox,
  countQueues,
  INBOX_TAB_FILTERS,
  INBOX_TABS,
  listQueueRows,
  type InboxCountFilter,
  type InboxTab,
  type QueueName,
  type QueueRow,
} from './queues.repository.ts';
import { domainTicketOf } from '../../engine/ticket.repository.ts';
import { actorOf, type Principal } from '../../engine/auth.ts';
import type { AppContext } from '../../engine/context.ts';
import { dashboardDb } from '../../platform/db/read-database.ts';
import { forbidden } from '../../platform/errors.ts';
import type { ReferenceSnapshot } from '../../engine/reference/reference-cache.ts';
import { scopeOf } from '../../engine/ticket-actions.ts';

export { CENTRE_QUEUES, INBOX_TABS, type QueueName, type InboxTab };

const QUEUE_ORDER: readonly QueueName[] = [...CENTRE_QUEUES, 'callback'];

/** Who works each queue: the hotline's policy (hotline.policy.ts) has one rule per queue. */
export const mayWorkQueue = (p: Principal, name: QueueName): boolean => mayAct(p, HOTLINE_POLICY.rules[name]);

function requireQueue(p: Principal, name: QueueName): void {
  authorize(p, HOTLINE_POLICY.rules[name], `The ${name} queue needs one of the roles: ${(HOTLINE_POLICY.rules[name].roles as readonly string[]).join(', ')}`);
}

export interface QueueItem {
  row: QueueRow['row'];
  /** Since when the ticket has waited in the queue. */
  since: Date | null;
  /** The reason given by the unit: objection, extension request or appeal; the plan of a deferral due for review. */
  reason: string | null;
  /** Working days asked for (extension requests). */
  extensionDays: number | null;
  /** The valid callback's answers (unsatisfied queue). */
  callback: { contacted: boolean; resolved: boolean; satisfaction: string } | null;
  /** Failed callback attempts since the last reply. */
  invalidCallbacks: number;
  /** The deadline the ticket is late on (overdue queue), or the running one. */
  deadline: DeadlineKind | null;
  allowedActions: { type: string; label: string }[];
}

/** One page of a queue, oldest first, with what the user may do with each ticket. */
export async function queuePage(
  ctx: AppContext,
  p: Principal,
  name: QueueName,
  page: { offset: number; limit: number },
): Promise<{ total: number; items: QueueItem[]; ref: ReferenceSnapshot }> {
  requireQueue(p, name);
  const now = ctx.clock();
  // The primary: a ticket just acted on must leave the queue, and its allowed actions must be current.
  const db = ctx.database.db;
  const [r, ref] = await Promise.all([listQueueRows(db, scopeOf(ctx, p), name, now, page), ctx.reference.get()]);
  const actor = actorOf(p);
  const items = r.rows.map(({ row, since, objectionReason }): QueueItem => {
    const t = domainTicketOf(row);
    return {
      row,
      since,
      reason:
        name === 'objections'
          ? objectionReason
          : name === 'extensions'
            ? (t.pendingExtension?.reason ?? null)
            : name === 'appeals'
              ? (t.appeal?.reason ?? null)
              : name === 'deferralReview'
                ? (t.deferral?.plan ?? null)
                : null,
      extensionDays: t.pendingExtension?.days ?? null,
      callback: t.callback ? { contacted: t.callback.contacted, resolved: t.callback.resolved, satisfaction: t.callback.satisfaction } : null,
      invalidCallbacks: t.invalidCallbacks,
      deadline: activeDeadline(t),
      allowedActions: allowedActions(t, actor, now).map((type) => ({ type, label: ACTION_RULES[type].label })),
    };
  });
  return { total: r.total, items, ref };
}

/** The number of tickets in each queue the user works (403 when none). */
export async function queueSummary(ctx: AppContext, p: Principal): Promise<{ name: QueueName; count: number }[]> {
  const names = QUEUE_ORDER.filter((n) => mayWorkQueue(p, n));
  if (names.length === 0) throw forbidden('No work queue for your roles');
  const counts = await countQueues(await dashboardDb(ctx), scopeOf(ctx, p), names, ctx.clock());
  return names.map((name) => ({ name, count: counts[name] }));
}

/**
 * The tabs of a unit's inbox with the list filter each stands for (to pass to GET /api/tickets) and
 * how many tickets it holds, in the user's scope and with the same filters as the list.
 */
export async function inboxTabs(ctx: AppContext, p: Principal, f: InboxCountFilter) {
  const counts = await countInbox(await dashboardDb(ctx), scopeOf(ctx, p), f);
  return INBOX_TABS.map((key) => ({
    key,
    states: INBOX_TAB_FILTERS[key].states ?? [],
    dueStatuses: INBOX_TAB_FILTERS[key].dueStatuses ?? [],
    count: counts[key],
  }));
}
