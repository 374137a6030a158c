/**
 * The requester's public API under /api/public (no sign-in, rate-limited per client address): the
 * places and categories the form offers, submitting a request, following it with the number and the
 * query code, and rating the reply. Photos are uploaded first through POST /api/public/attachments
 * (attachments.routes.ts) and named here by id.
 */
import { routePolicy } from '../../engine/policy.ts';
import { PUBLIC_POLICY } from './public.policy.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from 'typebox';
import { MAX_ATTACHMENTS_PER_REQUEST } from '../../engine/attachments.ts';
import type { AppContext } from '../../engine/context.ts';
import {
  GuessThrottle,
  PUBLIC_REQUEST_TYPES,
  PUBLIC_TIMELINE_TYPES,
  publicCategories,
  publicDivisions,
  rateReply,
  submitPublicRequest,
  trackPublicRequest,
  type GuessLimits,
} from './public.service.ts';
import { SATISFACTIONS, TICKET_STATES } from '../../engine/domain/workflow/ticket.ts';
import { DivisionCode, errorResponses, literalUnion, RowId, Text } from '../../platform/http/schemas.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
/** A string enum in a response (typed for the web client). */
const Enum = <T extends readonly string[]>(values: T, description: string) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values], description });

const SubmitBody = Type.Object(
  {
    requestType: Type.Optional(
      literalUnion(
        PUBLIC_REQUEST_TYPES,
        '诉求类型 (default complaint): complaint 投诉, help 求助, report 举报, suggestion 建议, consultation 咨询, praise 表扬',
      ),
    ),
    categoryId: Type.Optional(Nullable(RowId('Leaf category (问题分类), from GET /api/public/categories; optional: the centre classifies it'))),
    content: Text(2000, 'What the problem is, in the requester’s words (1–2000 characters)', 1),
    streetCode: Type.Optional(Nullable(DivisionCode(9, 'Street/town code'))),
    communityCode: Type.Optional(Nullable(DivisionCode(12, 'Community/village code'))),
    latitude: Type.Optional(Nullable(Type.Number({ minimum: -90, maximum: 90, description: 'WGS-84 latitude from the browser’s geolocation' }))),
    longitude: Type.Optional(Nullable(Type.Number({ minimum: -180, maximum: 180, description: 'WGS-84 longitude; with latitude' }))),
    address: Type.Optional(Text(200, 'Where exactly (building, road); personal data, never published')),
    requesterName: Type.Optional(Text(50, 'Name (personal data, masked to staff, never published)')),
    requesterPhone: Type.String({
      minLength: 5,
      maxLength: 30,
      pattern: '^[0-9+\\- ]*$',
      description: 'Phone number, so the unit can contact the requester (personal data)',
    }),
    attachmentIds: Type.Optional(
      Type.Array(RowId('Photo id from POST /api/public/attachments'), {
        maxItems: MAX_ATTACHMENTS_PER_REQUEST,
        description: `At most ${MAX_ATTACHMENTS_PER_REQUEST} photos`,
      }),
    ),
  },
  { additionalProperties: false },
);

const SubmitResponse = Type.Object({
  number: Type.String({ description: 'Ticket number (工单编号)' }),
  queryCode: Type.String({ description: 'Query code (查询码), shown only here: with the number it opens the progress page' }),
});

const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 8,
      maxLength: 200,
      pattern: '^[\\x21-\\x7e]+$',
      description: 'Retries with the same key (per client address) return the first answer',
    }),
  ),
});

const NumberParams = Type.Object(
  { number: Type.String({ minLength: 4, maxLength: 24, pattern: '^[A-Za-z0-9]+$', description: 'Ticket number (工单编号)' }) },
  { additionalProperties: false },
);
const CodeQuery = Type.Object(
  { code: Type.String({ pattern: '^[0-9]{6}$', description: 'The six-digit query code (查询码) given at submission' }) },
  { additionalProperties: false },
);

const TimelineItem = Type.Object({
  type: Enum(PUBLIC_TIMELINE_TYPES, 'What happened'),
  at: Type.String({ format: 'date-time' }),
  label: Type.String({ description: 'In Chinese' }),
  unit: Nullable(Type.String({ description: 'The unit concerned' })),
  text: Nullable(Type.String({ description: 'The reply, the direct answer, or the working days of an extension' })),
});

const TrackResponse = Type.Object({
  number: Type.String(),
  state: Enum(TICKET_STATES, 'Workflow state'),
  stateLabel: Type.String({ description: 'The state in Chinese' }),
  closed: Type.Boolean(),
  outcome: Nullable(Type.String({ description: 'Why it closed' })),
  category: Nullable(Type.Object({ name: Type.String(), nameEn: Type.String() })),
  place: Nullable(Type.String({ description: 'Street and community names' })),
  acceptedAt: Type.String({ format: 'date-time' }),
  replyDueAt: Nullable(Type.String({ format: 'date-time', description: 'The unit must reply by then (open requests)' })),
  leadUnit: Nullable(Type.String({ description: 'The unit handling it' })),
  timeline: Type.Array(TimelineItem),
  mayRate: Type.Boolean({ description: 'True while the reply awaits the requester’s rating' }),
  rating: Nullable(
    Type.Object({
      contacted: Type.Boolean(),
      resolved: Type.Boolean(),
      satisfaction: Enum(SATISFACTIONS, 'Satisfaction'),
      at: Type.String({ format: 'date-time' }),
    }),
  ),
});

const RatingBody = Type.Object(
  {
    contacted: Type.Boolean({ description: 'Did the unit contact you?' }),
    resolved: Type.Boolean({ description: 'Is the problem resolved?' }),
    satisfaction: literalUnion(SATISFACTIONS, 'satisfied 满意, basically_satisfied 基本满意, unsatisfied 不满意'),
    comment: Type.Optional(Text(500, 'Comment')),
  },
  { additionalProperties: false },
);
const RatingResponse = Type.Object({ state: Enum(TICKET_STATES, 'The state after the rating'), closed: Type.Boolean() });

const DivisionsResponse = Type.Object({
  items: Type.Array(
    Type.Object({ code: Type.String(), name: Type.String(), communities: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })) }),
    { description: 'Streets/towns with their communities/villages' },
  ),
});
const CategoriesResponse = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      nameEn: Type.String(),
      leaves: Type.Array(
        Type.Object({
          id: Type.Integer(),
          name: Type.String(),
          nameEn: Type.String(),
          path: Type.String({ description: 'Names below the top level, joined by " / "' }),
          pathEn: Type.String(),
          keywords: Type.Array(Type.String()),
        }),
      ),
    }),
    { description: 'Top-level categories with the leaves that can be chosen' },
  ),
});

export interface PublicRouteOptions {
  /** Submissions and ratings per minute per client address (JIESU_PUBLIC_RATE); reads get ten times as many. */
  publicRatePerMinute: number;
  /** Limits on wrong query codes (default DEFAULT_GUESS_LIMITS). */
  guessLimits?: GuessLimits;
}

export function publicRoutes(ctx: AppContext, opts: PublicRouteOptions): FastifyPluginAsyncTypebox {
  const writeRate = { max: opts.publicRatePerMinute, timeWindow: 60_000 };
  const readRate = { max: opts.publicRatePerMinute * 10, timeWindow: 60_000 };
  const throttle = new GuessThrottle(ctx.clock, opts.guessLimits);

  return async (app) => {
    app.get(
      '/api/public/divisions',
      {
        config: { rateLimit: readRate },
        schema: {
          ...routePolicy(PUBLIC_POLICY, 'reference'),
          tags: ['public'],
          summary: 'Streets/towns and communities for the requester’s form (no login)',
          response: { 200: DivisionsResponse, ...errorResponses(429) },
        },
      },
      async () => publicDivisions(ctx),
    );

    app.get(
      '/api/public/categories',
      {
        config: { rateLimit: readRate },
        schema: {
          ...routePolicy(PUBLIC_POLICY, 'reference'),
          tags: ['public'],
          summary: 'Categories for the requester’s form: top levels with their leaves (no login)',
          response: { 200: CategoriesResponse, ...errorResponses(429) },
        },
      },
      async () => publicCategories(ctx),
    );

    app.post(
      '/api/public/requests',
      {
        config: { rateLimit: writeRate },
        schema: {
          ...routePolicy(PUBLIC_POLICY, 'submit'),
          tags: ['public'],
          summary: '我要反映 Submit a request from the requester page (no login; rate-limited per address)',
          description:
            'Creates a hotline ticket (channel mobile) that waits in state accepted for the centre to dispatch it. Needs a place: street/community, coordinates or an address. Answers the ticket number and the query code, shown only here.',
          headers: IdempotencyHeaders,
          body: SubmitBody,
          response: { 201: SubmitResponse, 200: SubmitResponse, ...errorResponses(400, 422, 429) },
        },
      },
      async (req, reply) => {
        const key = req.headers['idempotency-key'];
        const r = await submitPublicRequest(ctx, req.body, key ? { scope: `public:${req.ip}`, key } : undefined);
        if (r.status === 'replayed') void reply.header('idempotent-replayed', 'true');
        return reply.status(r.status === 'created' ? 201 : 200).send(r.result);
      },
    );

    app.get(
      '/api/public/requests/:number',
      {
        config: { rateLimit: readRate },
        schema: {
          ...routePolicy(PUBLIC_POLICY, 'track'),
          tags: ['public'],
          summary: 'Follow a request with its number and query code: state, public timeline, reply deadline (no personal data)',
          params: NumberParams,
          querystring: CodeQuery,
          response: { 200: TrackResponse, ...errorResponses(400, 404, 429) },
        },
      },
      async (req) => trackPublicRequest(ctx, throttle, req.ip, req.params.number, req.query.code),
    );

    app.post(
      '/api/public/requests/:number/rating',
      {
        config: { rateLimit: writeRate },
        schema: {
          ...routePolicy(PUBLIC_POLICY, 'rate'),
          tags: ['public'],
          summary: 'The requester rates the reply: contacted? resolved? satisfied? (recorded as the callback)',
          description:
            'Only after the unit has replied (409 before, and after a rating). A resolved and satisfied or basically satisfied rating closes the ticket.',
          params: NumberParams,
          querystring: CodeQuery,
          body: RatingBody,
          response: { 200: RatingResponse, ...errorResponses(400, 404, 409, 429) },
        },
      },
      async (req) => rateReply(ctx, throttle, req.ip, req.params.number, req.query.code, req.body),
    );
  };
}
