/** 文明实践点单: the menu, ordering, dispatch to teams, the team's answer and service record, the resident's rating, the ranking. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../engine/context.ts';
import { requireUser } from '../../engine/http/auth.ts';
import { nullable } from '../../engine/http/tickets.schemas.ts';
import { routePolicy } from '../../engine/policy.ts';
import { SATISFACTIONS } from '../../engine/domain/workflow/ticket.ts';
import { errorResponses, literalUnion, Month, RowId, Text } from '../../platform/http/schemas.ts';
import { invalid } from '../../platform/errors.ts';
import { ORDER_STATES, ORDER_STEPS } from './orders.domain.ts';
import {
  answerOrder,
  createMenuItem,
  dispatchOrder,
  myOrders,
  noteOrder,
  orderRanking,
  placeHotlineOrder,
  placeOrder,
  rateOrder,
  hotlineMenu,
  recordService,
  residentMenu,
  stationMenu,
  stationOrder,
  stationOrders,
  suggestedTeams,
  teamOrders,
  updateMenuItem,
} from './orders.service.ts';
import { SKILL_CODES } from './volunteers.domain.ts';
import { VOLUNTEERS_POLICY } from './volunteers.policy.ts';

const tags = ['volunteers'];
const Enum = <T extends readonly string[]>(values: T, description: string) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values], description });
const IsoTime = (description: string) => Type.String({ format: 'date-time', description });
const Phone = Type.String({ pattern: '^1[3-9]\\d{9}$', description: 'Mainland mobile number, 11 digits' });
const IdemKey = Type.Optional(
  Type.String({
    minLength: 8,
    maxLength: 64,
    pattern: '^[\\x21-\\x7e]+$',
    description: 'A retry with the same key returns the first order, never a second one',
  }),
);

const MenuItemSchema = Type.Object({
  id: Type.Integer(),
  stationUnitId: Type.Integer(),
  stationName: Type.String(),
  name: Type.String(),
  description: Type.String(),
  skills: Type.Array(Enum(SKILL_CODES, 'Skill code')),
  timeLimitClass: Type.String({ description: 'Time-limit class: the deadlines to dispatch (sign), accept (contact) and serve (reply)' }),
  active: Type.Boolean({ description: 'Offered to residents' }),
  updatedAt: IsoTime('Last changed at'),
});

const MenuBody = {
  name: Text(60, 'Name, unique on the station’s menu', 1),
  description: Type.Optional(Text(500, 'What the service is')),
  skills: Type.Array(literalUnion(SKILL_CODES, 'Skill code'), { maxItems: SKILL_CODES.length, uniqueItems: true, description: 'Skills the team needs' }),
  timeLimitClass: Text(20, 'Time-limit class code (GET /api/time-limits): general, complex, urgent_utility …', 1),
  active: Type.Optional(Type.Boolean()),
};

const AssignmentSchema = Type.Object({
  teamId: Type.Integer(),
  teamName: Type.String(),
  assignedAt: IsoTime('Offered at'),
  answer: nullable(Enum(['accepted', 'declined'] as const, 'The team’s answer; null while waiting')),
  answeredAt: nullable(IsoTime('Answered at')),
  reason: nullable(Type.String({ description: 'Why the team declined' })),
});

const OrderSchema = Type.Object({
  ticketId: Type.Integer(),
  number: Type.String({ description: 'The ticket number' }),
  menuItemId: Type.Integer(),
  menuItemName: Type.String(),
  stationUnitId: Type.Integer(),
  stationName: Type.String(),
  communityCode: Type.String(),
  communityName: Type.String(),
  content: Type.String({ description: 'What the resident asked for' }),
  state: Enum(ORDER_STATES, 'pending 待派单, offered 待接单, accepted 服务中, served 已服务'),
  stateLabel: Type.String(),
  ticketState: Type.String({ description: 'The engine’s state of the ticket (dispatched, signed, handling, replied, callback_done, closed)' }),
  createdAt: IsoTime('Ordered at'),
  signDueAt: nullable(IsoTime('Dispatch to a team by (sign deadline)')),
  contactDueAt: nullable(IsoTime('Accepted by (contact deadline)')),
  replyDueAt: nullable(IsoTime('Served by (reply deadline)')),
  dueStatus: Type.String({ description: 'none, due_soon, overdue' }),
  teamId: nullable(Type.Integer()),
  teamName: nullable(Type.String()),
  assignments: Type.Array(AssignmentSchema, { description: 'Every offer to a team and its answer, oldest first' }),
  servedBy: Type.Array(Type.Object({ userId: Type.Integer(), name: Type.String({ description: 'Masked (张*)' }) })),
  servedMinutes: nullable(Type.Integer()),
  servedAt: nullable(IsoTime('Service recorded at')),
  satisfaction: nullable(Type.String({ description: 'The resident’s rating' })),
  closed: Type.Boolean(),
  mayRate: Type.Boolean({ description: 'The viewer may rate it now' }),
  steps: Type.Array(
    Enum(
      ORDER_STEPS,
      'What the viewer may do to it next: dispatch (the station’s staff, while pending) · accept, decline (the team’s leader, while offered) · note, record (the leader, while serving) · rate (the resident who ordered, once served)',
    ),
  ),
});

const StepSchema = Type.Object({
  ticketId: Type.Integer(),
  state: Enum(ORDER_STATES, 'The order’s state after the step'),
  ticketState: Type.String({ description: 'The ticket’s state after the step' }),
});

const PlacedSchema = Type.Object({
  ticketId: Type.Integer(),
  number: Type.String(),
  queryCode: nullable(Type.String({ description: 'For a caller without an account: to follow and rate the order on the public page' })),
});

const OrderBody = {
  menuItemId: RowId('Menu item id'),
  content: Text(1000, 'What is needed, when, and anything the team should know', 1),
  address: Type.Optional(Text(200, 'Where (the home address if empty)')),
};

const RankingRowSchema = Type.Object({
  key: Type.Integer({ description: 'Station (unit) id or team id' }),
  name: Type.String(),
  orders: Type.Integer(),
  served: Type.Integer(),
  onTime: Type.Integer(),
  rated: Type.Integer(),
  satisfied: Type.Integer({ description: 'Satisfied or basically satisfied' }),
  timelinessRate: nullable(Type.Number({ description: 'Percent served by the deadline' })),
  satisfactionRate: nullable(Type.Number({ description: 'Percent of ratings satisfied or basically satisfied' })),
  score: Type.Number({ description: '60% satisfaction + 40% timeliness' }),
  rank: Type.Integer(),
});

const IdParams = Type.Object({ id: RowId('Ticket id of the order') }, { additionalProperties: false });

export function orderRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    // ----- the resident
    app.get(
      '/api/volunteers/orders/menu',
      {
        schema: {
          ...routePolicy(VOLUNTEERS_POLICY, 'order'),
          tags,
          summary: 'The services a resident may order: the menus of their community’s station and the stations above it',
          response: { 200: Type.Object({ items: Type.Array(MenuItemSchema) }), ...errorResponses(401, 403) },
        },
      },
      async (req) => ({ items: await residentMenu(ctx, requireUser(req)) }),
    );

    app.post(
      '/api/volunteers/orders',
      {
        schema: {
          ...routePolicy(VOLUNTEERS_POLICY, 'order'),
          tags,
          summary: 'Order a service (点单): a ticket of kind service_order dispatched to the station offering it, with the item’s deadlines',
          headers: Type.Object({ 'idempotency-key': IdemKey }),
          body: Type.Object(OrderBody, { additionalProperties: false }),
          response: { 201: PlacedSchema, 200: PlacedSchema, ...errorResponses(400, 401, 403, 409, 422) },
        },
      },
      async (req, reply) => {
        const r = await placeOrder(ctx, requireUser(req), req.body, req.headers['idempotency-key']);
        return reply.status(r.replayed ? 200 : 201).send({ ticketId: r.ticketId, number: r.number, queryCode: r.queryCode });
      },
    );

    app.get(
      '/api/volunteers/orders/mine',
      {
        schema: {
          ...routePolicy(VOLUNTEERS_POLICY, 'order'),
          tags,
          summary: 'My service orders, newest first',
          response: { 200: Type.Object({ items: Type.Array(OrderSchema) }), ...errorResponses(401, 403) },
        },
      },
      async (req) => ({ items: await myOrders(ctx, requireUser(req)) }),
    );

    app.post(
      '/api/volunteers/orders/:id/rating',
      {
        schema: {
          ...routePolicy(VOLUNTEERS_POLICY, 'order'),
          tags,
          summary: 'Rate my served order (评单); satisfied or basically satisfied closes it',
          params: IdParams,
          body: Type.Object(
            {
              satisfaction: literalUnion(SATISFACTIONS, 'satisfied 满意, basically_satisfied 基本满意, unsatisfied 不满意'),
              comment: Type.Optional(Text(500, 'Comment')),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ ...StepSchema.properties, closed: Type.Boolean() }), ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (req) => rateOrder(ctx, requireUser(req), req.params.id, req.body),
    );

    // ----- the hotline
    app.get(
      '/api/volunteers/orders/hotline/menu',
      {
        schema: {
          ...routePolicy(VOLUNTEERS_POLICY, 'orderOnHotline'),
          tags,
          summary:
            'Before ordering for a caller: whose order it would be (a resident’s account by mobile number, masked) and the menu offered to their community',
          querystring: Type.Object(
            {
              residentPhone: Type.Optional(Phone),
              communityCode: Type.Optional(Type.String({ pattern: '^\\d{12}$', description: 'The caller’s community, when they have no account' })),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              communityCode: Type.String(),
              communityName: Type.String(),
              stationName: Type.String({ description: 'The community’s practice station' }),
              resident: nullable(Type.Object({ maskedName: Type.String({ description: 'The account holder’s name, masked (张*)' }) })),
              items: Type.Array(MenuItemSchema),
            }),
            ...errorResponses(400, 401, 403, 422),
          },
        },
      },
      async (req) => {
        const { residentPhone, communityCode } = req.query;
        if ((residentPhone === undefined) === (communityCode === undefined)) throw invalid('Give either residentPhone or communityCode');
        return hotlineMenu(ctx, requireUser(req), residentPhone !== undefined ? { residentPhone } : { communityCode: communityCode! });
      },
    );

    app.post(
      '/api/volunteers/orders/hotline',
      {
        schema: {
          ...routePolicy(VOLUNTEERS_POLICY, 'orderOnHotline'),
          tags,
          summary: 'Order a service for a caller: a resident’s account by its mobile number, or a caller without one (name, phone, community)',
          description:
            'With residentPhone the order is the resident’s (they follow and rate it on the mobile page). Without an account give requesterName, requesterPhone and communityCode: the answer carries the query code for the public page.',
          headers: Type.Object({ 'idempotency-key': IdemKey }),
          body: Type.Object(
            {
              ...OrderBody,
              residentPhone: Type.Optional(Phone),
              requesterName: Type.Optional(Text(40, 'Caller’s name (no account)', 1)),
              requesterPhone: Type.Optional(Type.String({ pattern: '^[0-9+\\-]{5,20}$', description: 'Caller’s phone (no account)' })),
              communityCode: Type.Optional(Type.String({ pattern: '^\\d{12}$', description: 'Caller’s community (no account)' })),
            },
            { additionalProperties: false },
          ),
          response: { 201: PlacedSchema, 200: PlacedSchema, ...errorResponses(400, 401, 403, 409, 422) },
        },
      },
      async (req, reply) => {
        const b = req.body;
        const base = { menuItemId: b.menuItemId, content: b.content, ...(b.address === undefined ? {} : { address: b.address }) };
        let input;
        if (b.residentPhone !== undefined) {
          if (b.requesterName !== undefined || b.requesterPhone !== undefined || b.communityCode !== undefined)
            throw invalid('Give either residentPhone or requesterName, requesterPhone and communityCode');
          input = { ...base, residentPhone: b.residentPhone };
        } else {
          if (b.requesterName === undefined || b.requesterPhone === undefined || b.communityCode === undefined)
            throw invalid('Give residentPhone (a resident’s account) or requesterName, requesterPhone and communityCode');
          input = { ...base, requesterName: b.requesterName, requesterPhone: b.requesterPhone, communityCode: b.communityCode };
        }
        const r = await placeHotlineOrder(ctx, requireUser(req), input, req.headers['idempotency-key']);
        return reply.status(r.replayed ? 200 : 201).send({ ticketId: r.ticketId, number: r.number, queryCode: r.queryCode });
      },
    );

    // ----- the station
    app.get(
      '/api/volunteers/menu',
      {
        schema: {
          ...routePolicy(VOLUNTEERS_POLICY, 'dispatchOrders'),
          tags,
          summary: 'The menus of my stations (withdrawn items too)',
          response: { 200: Type.Object({ items: Type.Array(MenuItemSchema) }), ...errorResponses(401, 403) },
        },
      },
      async (req) => ({ items: await stationMenu(ctx, requireUser(req)) }),
    );

    app.post(
      '/api/volunteers/menu',
      {
        schema: {
          ...routePolicy(VOLUNTEERS_POLICY, 'dispatchOrders'),
          tags,
          summary: 'Add a service to a station’s menu (default: my own station)',
          body: Type.Object({ ...MenuBody, stationUnitId: Type.Optional(RowId('Station (unit id) of mine or below mine')) }, { additionalProperties: false }),
          response: { 201: MenuItemSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req, reply) => reply.status(201).send(await createMenuItem(ctx, requireUser(req), req.body)),
    );

    app.patch(
      '/api/volunteers/menu/:id',
      {
        schema: {
          ...routePolicy(VOLUNTEERS_POLICY, 'dispatchOrders'),
          tags,
          summary: 'Change a menu item (withdraw it with active: false)',
          params: Type.Object({ id: RowId('Menu item id') }, { additionalProperties: false }),
          body: Type.Partial(Type.Object(MenuBody), { additionalProperties: false }),
          response: { 200: MenuItemSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => updateMenuItem(ctx, requireUser(req), req.params.id, req.body),
    );

    app.get(
      '/api/volunteers/orders',
      {
        schema: {
          ...routePolicy(VOLUNTEERS_POLICY, 'dispatchOrders'),
          tags,
          summary: 'The orders of my stations, newest first',
          querystring: Type.Object({ state: Type.Optional(literalUnion(ORDER_STATES, 'Only orders in this state')) }, { additionalProperties: false }),
          response: { 200: Type.Object({ items: Type.Array(OrderSchema) }), ...errorResponses(400, 401, 403) },
        },
      },
      async (req) => ({ items: await stationOrders(ctx, requireUser(req), req.query.state) }),
    );

    app.get(
      '/api/volunteers/orders/ranking',
      {
        schema: {
          ...routePolicy(VOLUNTEERS_POLICY, 'orderRanking'),
          tags,
          summary: 'Stations and teams ranked by their service orders of a month: satisfaction, timeliness, volume',
          querystring: Type.Object({ month: Type.Optional(Month) }, { additionalProperties: false }),
          response: {
            200: Type.Object({
              month: Type.String(),
              stations: Type.Array(RankingRowSchema),
              teams: Type.Array(Type.Object({ ...RankingRowSchema.properties, stationName: Type.String() })),
            }),
            ...errorResponses(400, 401, 403),
          },
        },
      },
      async (req) => orderRanking(ctx, requireUser(req), req.query.month),
    );

    app.get(
      '/api/volunteers/orders/team',
      {
        schema: {
          ...routePolicy(VOLUNTEERS_POLICY, 'serveOrders'),
          tags,
          summary: 'The orders offered to, accepted or served by the teams I lead',
          response: { 200: Type.Object({ items: Type.Array(OrderSchema) }), ...errorResponses(401, 403) },
        },
      },
      async (req) => ({ items: await teamOrders(ctx, requireUser(req)) }),
    );

    app.get(
      '/api/volunteers/orders/:id',
      {
        schema: {
          ...routePolicy(VOLUNTEERS_POLICY, 'dispatchOrders'),
          tags,
          summary: 'One order of my stations, with its offers and answers',
          params: IdParams,
          response: { 200: OrderSchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req) => stationOrder(ctx, requireUser(req), req.params.id),
    );

    app.get(
      '/api/volunteers/orders/:id/suggestions',
      {
        schema: {
          ...routePolicy(VOLUNTEERS_POLICY, 'dispatchOrders'),
          tags,
          summary: 'The teams to offer the order to, best first: every skill the item needs, more skills, the closer area, the lighter load',
          params: IdParams,
          response: {
            200: Type.Object({
              items: Type.Array(
                Type.Object({
                  teamId: Type.Integer(),
                  name: Type.String(),
                  stationName: Type.String(),
                  skillsMatched: Type.Integer(),
                  skillsCovered: Type.Boolean(),
                  areaMatch: Type.Integer({ description: '2 the order’s community, 1 its street/town, 0 neither' }),
                  load: Type.Integer({ description: 'Orders offered or accepted, not yet served' }),
                  declined: Type.Boolean({ description: 'The team declined this order before' }),
                }),
              ),
            }),
            ...errorResponses(400, 401, 403, 404),
          },
        },
      },
      async (req) => ({ items: await suggestedTeams(ctx, requireUser(req), req.params.id) }),
    );

    app.post(
      '/api/volunteers/orders/:id/dispatch',
      {
        schema: {
          ...routePolicy(VOLUNTEERS_POLICY, 'dispatchOrders'),
          tags,
          summary: 'Offer the order to a team (派单); the first offer signs the ticket',
          params: IdParams,
          body: Type.Object({ teamId: RowId('Team id') }, { additionalProperties: false }),
          response: { 200: StepSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => dispatchOrder(ctx, requireUser(req), req.params.id, req.body.teamId),
    );

    // ----- the team leader
    app.post(
      '/api/volunteers/orders/:id/answer',
      {
        schema: {
          ...routePolicy(VOLUNTEERS_POLICY, 'serveOrders'),
          tags,
          summary: 'Accept (接单) or decline with a reason the order offered to my team',
          params: IdParams,
          body: Type.Object(
            { accept: Type.Boolean(), reason: Type.Optional(Text(300, 'Why the team declines (needed to decline)')) },
            { additionalProperties: false },
          ),
          response: { 200: StepSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (req) => {
        const b = req.body;
        if (!b.accept && (b.reason === undefined || b.reason.trim() === '')) throw invalid('A decline needs its reason');
        return answerOrder(ctx, requireUser(req), req.params.id, b.accept ? { accept: true } : { accept: false, reason: b.reason ?? '' });
      },
    );

    app.post(
      '/api/volunteers/orders/:id/notes',
      {
        schema: {
          ...routePolicy(VOLUNTEERS_POLICY, 'serveOrders'),
          tags,
          summary: 'A progress note while serving',
          params: IdParams,
          body: Type.Object({ note: Text(500, 'Progress', 1) }, { additionalProperties: false }),
          response: { 200: StepSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (req) => noteOrder(ctx, requireUser(req), req.params.id, req.body.note),
    );

    app.post(
      '/api/volunteers/orders/:id/service',
      {
        schema: {
          ...routePolicy(VOLUNTEERS_POLICY, 'serveOrders'),
          tags,
          summary: 'Record the service (who of the team served, for how long): the reply the resident rates',
          params: IdParams,
          body: Type.Object(
            {
              servedBy: Type.Array(RowId('User id of a team member'), { minItems: 1, maxItems: 50, uniqueItems: true }),
              minutes: Type.Integer({ minimum: 1, maximum: 1440, description: 'Minutes served' }),
              note: Text(500, 'What was done'),
            },
            { additionalProperties: false },
          ),
          response: { 200: StepSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => recordService(ctx, requireUser(req), req.params.id, req.body),
    );
  };
}
