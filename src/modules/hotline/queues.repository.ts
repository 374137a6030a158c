/**
 * Work queues: the tickets waiting for somebody's decision (the command centre's reviews, the
 * callback agents' calls) and the counts of a unit's inbox. Every query is scoped like the inbox.
 */
import { and, asc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { ACTION_RULES } from '../../engine/domain/workflow/actions.ts';
import { KINDS_EVALUATED_BY_CALLBACK } from '../../engine/domain/workflow/kinds.ts';
import { OPEN_WORK_STATES } from '../../engine/domain/workflow/ticket.ts';
import { queryRows, type DbOrTx } from '../../platform/db/client.ts';
import { tickets } from '../../engine/tickets.table.ts';
import { scopeCondition, ticketTextCondition, unitScopeBranches, type TicketRow, type TicketScope } from '../../engine/ticket.repository.ts';

/** The command centre's queues (督办中心). */
export const CENTRE_QUEUES = ['overdue', 'objections', 'extensions', 'appeals', 'unsatisfied', 'undispatched', 'deferralReview'] as const;
export type CentreQueue = (typeof CENTRE_QUEUES)[number];
/** All queues: the centre's and the callback agents' (回访). */
export type QueueName = CentreQueue | 'callback';
export const QUEUE_NAMES: readonly QueueName[] = [...CENTRE_QUEUES, 'callback'];

const states = (s: readonly string[]) => inArray(tickets.state, [...s]);
const ts = (expr: SQL) => sql<Date | null>`${expr}`.mapWith(tickets.acceptedAt);
/**
 * A value of the ticket's latest event of `type` (correlated subquery over ticket_events_seq_uq
 * (ticket_id, seq, district_code)); the district is named so a distributed database keeps the
 * subquery on the ticket's own shard.
 */
const latestEvent = (type: string, expr: string) =>
  sql`(select ${sql.raw(expr)} from ticket_events e where e.ticket_id = ${tickets.id} and e.district_code = ${tickets.districtCode} and e.type = ${type} order by e.seq desc limit 1)`;

/**
 * Which tickets a queue holds, and since when each has been waiting (the sort key, oldest first).
 * The `where` of `appeals` matches the partial index `tickets_pending_appeal_idx` word for word, so
 * the planner finds the few pending appeals among all closed tickets without reading them.
 */
function queueDefinition(name: QueueName, now: Date): { where: SQL; since: SQL } {
  switch (name) {
    // A running clock (deferred tickets have none) whose active deadline has passed, recorded or not.
    case 'overdue':
      return { where: and(states(OPEN_WORK_STATES), lt(tickets.activeDueAt, now))!, since: sql`${tickets.activeDueAt}` };
    case 'objections':
      return { where: eq(tickets.state, 'objection_review'), since: sql`(${tickets.domain}->'pause'->>'since')::timestamptz` };
    case 'extensions':
      return {
        where: and(states(ACTION_RULES.decideExtension.from), sql`jsonb_typeof(${tickets.domain}->'pendingExtension') = 'object'`)!,
        since: sql`(${tickets.domain}->'pendingExtension'->>'requestedAt')::timestamptz`,
      };
    case 'appeals':
      return {
        where: and(states(ACTION_RULES.decideAppeal.from), sql`(${tickets.domain}->'appeal'->>'status') = 'pending'`)!,
        since: latestEvent('appeal', 'e.at'),
      };
    // Called back unsatisfied or unresolved: the centre redoes or closes (a satisfied one closed at once).
    case 'unsatisfied':
      return { where: eq(tickets.state, 'callback_done'), since: sql`${tickets.callbackAt}` };
    case 'undispatched':
      return { where: eq(tickets.state, 'accepted'), since: sql`${tickets.acceptedAt}` };
    // Deferrals (挂账) whose review date has come (recorded by the sweeper): waiting since local 00:00 of it.
    case 'deferralReview':
      return {
        where: and(eq(tickets.state, 'deferred'), eq(tickets.dueStatus, 'review_due'))!,
        since: sql`((${tickets.domain}->'deferral'->>'reviewDate') || 'T00:00:00+08:00')::timestamptz`,
      };
    // Replied, or still being worked on after the reply deadline (the centre calls those back too); only
    // the kinds the centre evaluates by calling back (KindConfig.evaluatedBy: a data finding has no
    // requester to call, a service order is rated by its requester, a whistle by its street).
    case 'callback':
      return {
        where: and(
          inArray(tickets.kind, [...KINDS_EVALUATED_BY_CALLBACK]),
          states(ACTION_RULES.callback.from),
          or(eq(tickets.state, 'replied'), lt(tickets.replyDueAt, now)),
        )!,
        since: sql`case when ${tickets.state} = 'replied' then ${tickets.repliedAt} else ${tickets.replyDueAt} end`,
      };
  }
}

export interface QueueRow {
  row: TicketRow;
  /** Since when the ticket has been waiting in this queue. */
  since: Date | null;
  /** The reason given with the latest objection (objections queue only). */
  objectionReason: string | null;
}

/** One page of a queue, oldest first, with the number of tickets in it. */
export async function listQueueRows(
  db: DbOrTx,
  scope: TicketScope,
  name: QueueName,
  now: Date,
  page: { offset: number; limit: number },
): Promise<{ rows: QueueRow[]; total: number }> {
  const q = queueDefinition(name, now);
  const where = and(scopeCondition(scope), q.where);
  const reason = name === 'objections' ? latestEvent('object', `e.data->>'reason'`) : sql`null`;
  const [rows, count] = await Promise.all([
    db
      .select({ row: tickets, since: ts(q.since), objectionReason: sql<string | null>`${reason}` })
      .from(tickets)
      .where(where)
      .orderBy(sql`${q.since} asc nulls last`, asc(tickets.id))
      .limit(page.limit)
      .offset(page.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(tickets)
      .where(where),
  ]);
  return { rows, total: count[0]?.n ?? 0 };
}

/** How many tickets wait in each queue (one round trip; each count uses its own index). */
export async function countQueues(db: DbOrTx, scope: TicketScope, names: readonly QueueName[], now: Date): Promise<Record<QueueName, number>> {
  if (names.length === 0) return {} as Record<QueueName, number>;
  const parts = names.map(
    (n) => sql`(select count(*)::int from ${tickets} where ${and(scopeCondition(scope), queueDefinition(n, now).where)}) as ${sql.identifier(n)}`,
  );
  const rows = await queryRows<Record<QueueName, number>>(db, sql`select ${sql.join(parts, sql`, `)}`);
  return Object.fromEntries(names.map((n) => [n, Number(rows[0]?.[n] ?? 0)])) as Record<QueueName, number>;
}

/** The tabs of a unit's inbox (承办工单). */
export const INBOX_TABS = ['dispatched', 'signed', 'handling', 'dueSoon', 'overdue', 'reviewDue', 'replied'] as const;
export type InboxTab = (typeof INBOX_TABS)[number];

/** The condition of each inbox tab, on the state and the stored traffic light. */
export const INBOX_TAB_FILTERS: Record<InboxTab, { states?: string[]; dueStatuses?: string[] }> = {
  dispatched: { states: ['dispatched'] },
  signed: { states: ['signed'] },
  handling: { states: ['handling', 'deferred'] },
  dueSoon: { dueStatuses: ['due_soon'] },
  overdue: { dueStatuses: ['overdue'] },
  // Deferrals whose review date has come (挂账到期复查): reply, or renew the deferral on a new plan.
  reviewDue: { dueStatuses: ['review_due'] },
  replied: { states: ['replied'] },
};

export interface InboxCountFilter {
  leadUnitId?: number;
  categoryId?: number;
  streetCode?: string;
  text?: string;
}

/**
 * The number of tickets under each inbox tab, with the same filters as the list (GET /api/tickets).
 * A unit's counts are summed over the disjoint lead and co-handler branches (unitScopeBranches): the
 * lead branch is then an index-only scan of tickets_lead_open_idx instead of a visit to every open
 * ticket's row.
 */
export async function countInbox(db: DbOrTx, scope: TicketScope, f: InboxCountFilter): Promise<Record<InboxTab, number>> {
  const conds: (SQL | undefined)[] = [states([...OPEN_WORK_STATES, 'replied'])];
  if (f.leadUnitId !== undefined) conds.push(eq(tickets.leadUnitId, f.leadUnitId));
  if (f.categoryId !== undefined) conds.push(eq(tickets.categoryId, f.categoryId));
  if (f.streetCode !== undefined) conds.push(eq(tickets.streetCode, f.streetCode));
  if (f.text) conds.push(ticketTextCondition(f.text));
  const scopes: (SQL | undefined)[] =
    scope.unitIds !== 'all' && scope.unitIds.length > 0 ? unitScopeBranches(scope.districtCode, scope.unitIds) : [scopeCondition(scope)];
  const tab = (t: InboxTab) => {
    const { states: s, dueStatuses: d } = INBOX_TAB_FILTERS[t];
    const c = and(s ? states(s) : undefined, d ? inArray(tickets.dueStatus, d) : undefined);
    return sql`(count(*) filter (where ${c}))::int as ${sql.identifier(t)}`;
  };
  const branches = scopes.map((s) => sql`(select ${sql.join(INBOX_TABS.map(tab), sql`, `)} from ${tickets} where ${and(s, ...conds)})`);
  const sums = INBOX_TABS.map((t) => sql`coalesce(sum(${sql.identifier(t)}), 0)::int as ${sql.identifier(t)}`);
  const rows = await queryRows<Record<InboxTab, number>>(db, sql`select ${sql.join(sums, sql`, `)} from (${sql.join(branches, sql` union all `)}) x`);
  return Object.fromEntries(INBOX_TABS.map((t) => [t, Number(rows[0]?.[t] ?? 0)])) as Record<InboxTab, number>;
}
