/**
 * Work queues: the command centre's (督办中心), the callback agents' (回访), and the counts of a unit's
 * inbox tabs. Decisions on a queued ticket go through `POST /api/tickets/{id}/actions/{action}`.
 */
import { routePolicy } from '../../engine/policy.ts';
import { HOTLINE_POLICY } from './hotline.policy.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Principal } from '../../engine/auth.ts';
import type { AppContext } from '../../engine/context.ts';
import type { PersonalDataKeyring } from '../../platform/crypto/personal-data-crypto.ts';
import { CENTRE_QUEUES, inboxTabs, INBOX_TABS, queuePage, queueSummary, type QueueItem, type QueueName } from './queues.service.ts';
import type { ReferenceSnapshot } from '../../engine/reference/reference-cache.ts';
import { DEADLINE_KINDS, SATISFACTIONS } from '../../engine/domain/workflow/ticket.ts';
import { requireUser } from '../../engine/http/auth.ts';
import { presentTicketSummary } from '../../engine/http/presenters.ts';
import { DivisionCode, errorResponses, literalUnion, RowId, Text, UnitId } from '../../platform/http/schemas.ts';
import { enumString, nullable, TicketSummary } from '../../engine/http/tickets.schemas.ts';

const QUEUE_NAMES = [...CENTRE_QUEUES, 'callback'] as const;

const PageQuery = Type.Object(
  {
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0, description: 'Tickets to skip' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20, description: 'Page size' })),
  },
  { additionalProperties: false },
);

const QueueItemSchema = Type.Object({
  ...TicketSummary.properties,
  since: nullable(
    Type.String({ format: 'date-time' }),
    'Waiting in this queue since (overdue: the missed deadline; callback: the reply, or the reply deadline; deferralReview: the review date)',
  ),
  reason: nullable(
    Type.String(),
    'The unit’s reason: objection (派单异议), extension request (延期) or appeal (考核申诉); the plan of a deferral due for review (挂账)',
  ),
  extensionDays: nullable(Type.Integer(), 'Working days asked for by a pending extension request'),
  callback: nullable(
    Type.Object({ contacted: Type.Boolean(), resolved: Type.Boolean(), satisfaction: enumString(SATISFACTIONS) }),
    'Answers of the valid callback (unsatisfied queue)',
  ),
  invalidCallbacks: Type.Integer({ description: 'Failed callback attempts since the last reply' }),
  deadline: nullable(enumString(DEADLINE_KINDS), 'The running deadline (the one an overdue ticket missed)'),
  allowedActions: Type.Array(Type.Object({ type: Type.String({ description: 'Action route name' }), label: Type.String({ description: 'Chinese label' }) }), {
    description: 'The actions you may take on it now (from the state machine)',
  }),
});

const QueuePageSchema = Type.Object({
  name: enumString(QUEUE_NAMES, 'Queue'),
  total: Type.Integer({ description: 'Tickets in the queue' }),
  offset: Type.Integer(),
  limit: Type.Integer(),
  items: Type.Array(QueueItemSchema, { description: 'Oldest first' }),
});

function presentItem(i: QueueItem, ref: ReferenceSnapshot, pd: PersonalDataKeyring) {
  return {
    ...presentTicketSummary(i.row, ref, pd),
    since: i.since ? i.since.toISOString() : null,
    reason: i.reason,
    extensionDays: i.extensionDays,
    callback: i.callback as { contacted: boolean; resolved: boolean; satisfaction: (typeof SATISFACTIONS)[number] } | null,
    invalidCallbacks: i.invalidCallbacks,
    deadline: i.deadline,
    allowedActions: i.allowedActions,
  };
}

export function queueRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const page = async (name: QueueName, p: Principal, query: { offset?: number; limit?: number }) => {
      const offset = query.offset ?? 0;
      const limit = query.limit ?? 20;
      const r = await queuePage(ctx, p, name, { offset, limit });
      return { name, total: r.total, offset, limit, items: r.items.map((i) => presentItem(i, r.ref, ctx.personalData)) };
    };

    app.get(
      '/api/queues',
      {
        schema: {
          ...routePolicy(HOTLINE_POLICY, 'queues'),
          tags: ['queues'],
          summary: 'How many tickets wait in each queue you work (督办中心, 回访)',
          response: {
            200: Type.Object({
              items: Type.Array(Type.Object({ name: enumString(QUEUE_NAMES, 'Queue'), count: Type.Integer({ description: 'Tickets waiting' }) })),
            }),
            ...errorResponses(401, 403),
          },
        },
      },
      async (req) => ({ items: await queueSummary(ctx, requireUser(req)) }),
    );

    app.get(
      '/api/queues/inbox',
      {
        schema: {
          ...routePolicy(HOTLINE_POLICY, 'queues'),
          tags: ['queues'],
          summary: 'The tabs of your unit’s inbox (承办工单): the list filter of each and how many tickets it holds',
          querystring: Type.Object(
            {
              leadUnitId: Type.Optional(UnitId),
              categoryId: Type.Optional(RowId('Category')),
              streetCode: Type.Optional(DivisionCode(9, 'Street/town')),
              q: Type.Optional(Text(100, 'Text search in title and content, or a ticket number')),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              tabs: Type.Array(
                Type.Object({
                  key: enumString(INBOX_TABS, 'Tab'),
                  states: Type.Array(Type.String(), { description: 'The `state` filter of GET /api/tickets for this tab (empty: any)' }),
                  dueStatuses: Type.Array(Type.String(), { description: 'The `dueStatus` filter of GET /api/tickets for this tab (empty: any)' }),
                  count: Type.Integer({ description: 'Tickets under the tab with these filters' }),
                }),
              ),
            }),
            ...errorResponses(400, 401),
          },
        },
      },
      async (req) => {
        const p = requireUser(req);
        const q = req.query;
        return {
          tabs: await inboxTabs(ctx, p, { leadUnitId: q.leadUnitId, categoryId: q.categoryId, streetCode: q.streetCode, text: q.q?.trim() || undefined }),
        };
      },
    );

    app.get(
      '/api/queues/callback',
      {
        schema: {
          ...routePolicy(HOTLINE_POLICY, 'queues'),
          tags: ['queues'],
          summary: 'Tickets due for a callback (回访): replied, and working ones past their reply deadline; oldest first',
          querystring: PageQuery,
          response: { 200: QueuePageSchema, ...errorResponses(400, 401, 403) },
        },
      },
      async (req) => page('callback', requireUser(req), req.query),
    );

    app.get(
      '/api/queues/:name',
      {
        schema: {
          ...routePolicy(HOTLINE_POLICY, 'queues'),
          tags: ['queues'],
          summary: 'A queue of the command centre (督办中心), oldest first',
          description:
            'overdue: a running deadline has passed (督办) · objections: 派单异议 awaiting review · extensions: pending 延期 requests · ' +
            'appeals: pending 考核申诉 · unsatisfied: called back unsatisfied or unresolved, awaiting redo or close · undispatched: accepted, not yet dispatched · ' +
            'deferralReview: deferrals (挂账) whose review date has come (挂账到期复查), since that date.',
          params: Type.Object({ name: literalUnion(CENTRE_QUEUES, 'Queue') }, { additionalProperties: false }),
          querystring: PageQuery,
          response: { 200: QueuePageSchema, ...errorResponses(400, 401, 403) },
        },
      },
      async (req) => page(req.params.name, requireUser(req), req.query),
    );
  };
}
