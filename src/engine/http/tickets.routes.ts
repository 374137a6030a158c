/** Intake, lists (inboxes), one ticket, the reveal of personal data, routing suggestions. */
import { routePolicy } from '../policy.ts';
import { ENGINE_POLICY } from '../engine.policy.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../auth.ts';
import type { AppContext } from '../context.ts';
import { createTicket } from '../intake.ts';
import { revealRequester } from '../personal-data.ts';
import { suggestRouting, repeatCandidates } from '../routing.ts';
import { getTicket, listTickets } from '../ticket-queries.ts';
import { TICKET_KINDS, TICKET_STATES, type TicketState } from '../domain/workflow/ticket.ts';
import { AppError } from '../../platform/errors.ts';
import { requireUser } from './auth.ts';
import { presentTicketDetails, presentTicketSummary } from './presenters.ts';
import { DivisionCode, errorResponses, IdParams, literalUnion, RowId, Text, UnitId } from '../../platform/http/schemas.ts';
import {
  ChannelSchema,
  DUE_STATUSES,
  KindSchema,
  RepeatCandidates,
  RequestTypeSchema,
  Revealed,
  RoutingSuggestionView,
  RoutingSuggestionWithUnit,
  SpecialRouteSchema,
  TicketDetails,
  TicketList,
  UrgencySchema,
} from './tickets.schemas.ts';

const Triage = Type.Union(
  [
    Type.Object({ action: Type.Literal('none') }, { additionalProperties: false }),
    Type.Object(
      {
        action: Type.Literal('dispatch'),
        leadUnitId: Type.Optional(UnitId),
        coUnitIds: Type.Optional(Type.Array(UnitId, { maxItems: 20 })),
        reason: Type.Optional(Text(500, 'Why this unit (default: the catalogue reason)')),
      },
      { additionalProperties: false, description: 'Dispatch now; without leadUnitId the catalogue decides' },
    ),
    Type.Object(
      {
        action: Type.Literal('answerDirectly'),
        answer: Text(4000, 'Answer from the knowledge base', 1),
        articleId: Type.Optional(RowId('Knowledge article used')),
      },
      { additionalProperties: false },
    ),
    Type.Object({ action: Type.Literal('closeSpecial'), route: SpecialRouteSchema, note: Type.Optional(Text(2000, 'Note')) }, { additionalProperties: false }),
    Type.Object(
      {
        action: Type.Literal('linkRepeat'),
        originalId: Type.Integer({ minimum: 1, maximum: 9_007_199_254_740_991, description: 'The open ticket this call repeats' }),
      },
      { additionalProperties: false },
    ),
  ],
  { description: 'What to do right after recording the request' },
);

export const IntakeBody = Type.Object(
  {
    kind: Type.Optional(KindSchema),
    requestType: RequestTypeSchema,
    channel: ChannelSchema,
    urgency: Type.Optional(UrgencySchema),
    categoryId: Type.Optional(Type.Union([RowId('Leaf category'), Type.Null()], { description: 'Leaf category (问题分类)' })),
    title: Type.Optional(Text(200, 'Short title; default: start of the content')),
    content: Text(8000, 'What the requester says', 1),
    address: Type.Optional(Text(500, 'Address of the problem')),
    streetCode: Type.Optional(Type.Union([DivisionCode(9, 'Street/town code'), Type.Null()])),
    communityCode: Type.Optional(Type.Union([DivisionCode(12, 'Community/village code'), Type.Null()])),
    latitude: Type.Optional(Type.Union([Type.Number({ minimum: -90, maximum: 90 }), Type.Null()])),
    longitude: Type.Optional(Type.Union([Type.Number({ minimum: -180, maximum: 180 }), Type.Null()])),
    requesterName: Type.Optional(Text(100, 'Requester name (personal data)')),
    requesterPhone: Type.Optional(Type.String({ maxLength: 30, pattern: '^[0-9+\\- ]*$', description: 'Requester phone (personal data)' })),
    triage: Type.Optional(Triage),
  },
  { additionalProperties: false },
);

const IntakeResponse = Type.Object({
  ticketId: Type.Integer(),
  number: Type.String({ description: 'Ticket number (工单编号)' }),
  queryCode: Type.Union([Type.String(), Type.Null()], { description: 'Code the requester uses to follow progress; shown once' }),
  state: Type.String(),
  routing: Type.Union([RoutingSuggestionView, Type.Null()], { description: 'The catalogue suggestion (null when not dispatched at intake)' }),
  repeatCandidates: Type.Array(Type.Object({ id: Type.Integer(), number: Type.String(), state: Type.String() }), {
    description: 'Open tickets this may repeat',
  }),
  warnings: Type.Array(Type.String()),
});

const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({ minLength: 8, maxLength: 200, pattern: '^[\\x21-\\x7e]+$', description: 'Retries with the same key return the same ticket' }),
  ),
});

const csv = (s: string | undefined) => (s ? s.split(',').filter(Boolean) : undefined);

const ListQuery = Type.Object(
  {
    state: Type.Optional(Type.String({ maxLength: 200, pattern: '^[a-z_,]*$', description: 'Comma-separated states' })),
    dueStatus: Type.Optional(Type.String({ maxLength: 60, pattern: '^[a-z_,]*$', description: 'Comma-separated: ok, due_soon, overdue, none, review_due' })),
    kind: Type.Optional(Type.String({ maxLength: 200, pattern: '^[a-z_,]*$' })),
    leadUnitId: Type.Optional(UnitId),
    categoryId: Type.Optional(RowId('Category')),
    streetCode: Type.Optional(DivisionCode(9, 'Street/town')),
    q: Type.Optional(Text(100, 'Text search in title and content, or a ticket number')),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'Accepted at or after' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Accepted before' })),
    sort: Type.Optional(literalUnion(['due', 'newest', 'oldest'] as const, 'Order')),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
  },
  { additionalProperties: false },
);

const validStates = new Set<string>(TICKET_STATES);
const validDueStatuses = new Set<string>(DUE_STATUSES);
const validKinds = new Set<string>(TICKET_KINDS);

/** A comma-separated filter whose every value is known, or a 400 naming the unknown one. */
function csvOf(raw: string | undefined, valid: Set<string>, name: string): string[] | undefined {
  const values = csv(raw);
  const bad = values?.find((v) => !valid.has(v));
  if (bad !== undefined) throw new AppError('VALIDATION.INVALID_INPUT', `Unknown ${name} "${bad}"`, { [name]: bad });
  return values;
}

export function ticketRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/tickets',
      {
        schema: {
          ...routePolicy(ENGINE_POLICY, 'intake'),
          tags: ['tickets'],
          summary: '受理 Record a request (operator intake), optionally triaging it at once',
          headers: IdempotencyHeaders,
          body: IntakeBody,
          response: { 201: IntakeResponse, 200: IntakeResponse, ...errorResponses(400, 401, 403, 409, 422) },
        },
      },
      async (req, reply) => {
        const p = requireUser(req);
        const key = req.headers['idempotency-key'];
        const r = await createTicket(ctx, actorOf(p), req.body, key ? { scope: `user:${p.userId}`, key } : undefined);
        return reply.status(r.status === 'created' ? 201 : 200).send(r.result);
      },
    );

    app.get(
      '/api/tickets',
      {
        schema: {
          ...routePolicy(ENGINE_POLICY, 'readTickets'),
          tags: ['tickets'],
          summary: 'Tickets in your scope (inbox), filtered and paged',
          querystring: ListQuery,
          response: { 200: TicketList, ...errorResponses(400, 401) },
        },
      },
      async (req) => {
        const p = requireUser(req);
        const q = req.query;
        const states = csvOf(q.state, validStates, 'state');
        const page = await listTickets(ctx, p, {
          states,
          dueStatuses: csvOf(q.dueStatus, validDueStatuses, 'dueStatus'),
          kinds: csvOf(q.kind, validKinds, 'kind'),
          leadUnitId: q.leadUnitId,
          categoryId: q.categoryId,
          streetCode: q.streetCode,
          text: q.q?.trim() || undefined,
          acceptedFrom: q.from ? new Date(q.from) : undefined,
          acceptedTo: q.to ? new Date(q.to) : undefined,
          sort: q.sort,
          offset: q.offset ?? 0,
          limit: q.limit ?? 20,
        });
        return {
          total: page.total,
          offset: q.offset ?? 0,
          limit: q.limit ?? 20,
          items: page.rows.map((r) => presentTicketSummary(r, page.ref, ctx.personalData)),
        };
      },
    );

    app.get(
      '/api/tickets/:id',
      {
        schema: {
          ...routePolicy(ENGINE_POLICY, 'readTickets'),
          tags: ['tickets'],
          summary: 'One ticket with its history and the actions you may take',
          params: IdParams,
          response: { 200: TicketDetails, ...errorResponses(400, 401, 404) },
        },
      },
      async (req, reply) => {
        const p = requireUser(req);
        const d = await getTicket(ctx, p, req.params.id);
        void reply.header('etag', `"${d.ticket.version}"`);
        return presentTicketDetails(d, p, ctx.personalData);
      },
    );

    app.post(
      '/api/tickets/:id/reveal',
      {
        schema: {
          ...routePolicy(ENGINE_POLICY, 'revealRequester'),
          tags: ['tickets'],
          summary: 'Reveal the requester’s personal data (recorded)',
          params: IdParams,
          body: Type.Object({ reason: Text(500, 'Why you need it (recorded)', 2) }, { additionalProperties: false }),
          response: { 200: Revealed, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req) => revealRequester(ctx, requireUser(req), req.params.id, req.body.reason),
    );

    app.get(
      '/api/routing/suggest',
      {
        schema: {
          ...routePolicy(ENGINE_POLICY, 'suggestRouting'),
          tags: ['tickets'],
          summary: 'The unit the dispatch catalogue suggests for a category and place, and why',
          querystring: Type.Object(
            {
              categoryId: Type.Optional(RowId('Category')),
              streetCode: Type.Optional(DivisionCode(9, 'Street/town')),
              communityCode: Type.Optional(DivisionCode(12, 'Community/village')),
            },
            { additionalProperties: false },
          ),
          response: { 200: RoutingSuggestionWithUnit, ...errorResponses(400, 401, 422) },
        },
      },
      async (req) => {
        requireUser(req);
        return suggestRouting(ctx, req.query.categoryId ?? null, req.query.streetCode ?? null, req.query.communityCode ?? null);
      },
    );

    app.get(
      '/api/tickets/repeat-candidates',
      {
        schema: {
          ...routePolicy(ENGINE_POLICY, 'intake'),
          tags: ['tickets'],
          summary: 'Open tickets with the same requester phone, category and community (likely repeats)',
          querystring: Type.Object(
            {
              phone: Type.String({ minLength: 5, maxLength: 30, pattern: '^[0-9+\\- ]*$' }),
              categoryId: RowId('Category'),
              communityCode: Type.Optional(DivisionCode(12, 'Community/village')),
            },
            { additionalProperties: false },
          ),
          response: { 200: RepeatCandidates, ...errorResponses(400, 401, 403) },
        },
      },
      async (req) => {
        requireUser(req);
        const items = await repeatCandidates(ctx, req.query.phone, req.query.categoryId, req.query.communityCode ?? null);
        return { items: items.map((c) => ({ ...c, state: c.state as TicketState })) };
      },
    );
  };
}
