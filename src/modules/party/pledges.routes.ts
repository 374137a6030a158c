/** 承诺践诺 and 先锋岗 (issue 18): pledges, their fulfilment and year-end assessment, pioneer posts, the public community board. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TProperties } from 'typebox';
import type { AppContext } from '../../engine/context.ts';
import { requireUser } from '../../engine/http/auth.ts';
import { nullable } from '../../engine/http/tickets.schemas.ts';
import { routePolicy } from '../../engine/policy.ts';
import { errorResponses, literalUnion, RowId, Text } from '../../platform/http/schemas.ts';
import { photoResponse, sendPhoto } from '../../engine/http/attachments.routes.ts';
import { PARTY_POLICY } from './party.policy.ts';
import {
  ASSESSMENTS,
  FULFILMENT_STATES,
  MAX_FULFILMENT_HOURS,
  MAX_FULFILMENT_PHOTOS,
  MAX_FULFILMENT_TEXT,
  MAX_LINK_LENGTH,
  MAX_LINKS,
  MAX_PLEDGE_TEXT,
  PLEDGE_ACTIONS,
  PLEDGE_CATEGORIES,
  PLEDGE_STATES,
  POST_KINDS,
} from './pledges.domain.ts';
import {
  approvePledge,
  assessPledge,
  branchPledges,
  branchPosts,
  communityBoard,
  editPledge,
  endPost,
  fulfilmentPhoto,
  getPledge,
  grantPost,
  myPledges,
  recordFulfilment,
  returnPledge,
  reviewFulfilment,
  submitPledge,
  writePledge,
} from './pledges.service.ts';

const Enum = <T extends readonly string[]>(values: T, description: string) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values], description });
const IsoTime = (description: string) => Type.String({ format: 'date-time', description });
const LocalDay = (description: string) => Type.String({ format: 'date', description });
const Year = (description: string) => Type.Integer({ minimum: 2000, maximum: 2100, description });
const Category = 'serve_public 服务群众 · post_merit 岗位建功 · volunteer 志愿服务 · waste_sorting 垃圾分类 · study 学习提升 · other 其他';
const StateWords = 'draft 草稿 · submitted 待审核 · approved 已通过 · returned 已退回';
const AssessmentWords = 'fulfilled 已践诺 · partly 部分践诺 · not 未践诺';
const PostKindWords = 'pioneer 党员先锋岗 · model 党员示范岗 · responsibility 党员责任区';

const FulfilmentSchema = Type.Object({
  id: Type.Integer(),
  pledgeId: Type.Integer(),
  doneOn: LocalDay('The day it was done'),
  text: Type.String({ description: 'What was done' }),
  hours: nullable(Type.Number(), 'Hours spent, when given'),
  links: Type.Array(Type.String(), { description: 'Evidence links (http/https)' }),
  state: Enum(FULFILMENT_STATES, 'pending 待审核 · accepted 已认可 · returned 已退回'),
  recordedAt: IsoTime('Recorded at'),
  reviewedAt: nullable(IsoTime('Reviewed at')),
  reviewComment: nullable(Type.String(), 'The branch’s comment (the reason of a return)'),
  photoIds: Type.Array(Type.Integer(), { description: 'Its photos: GET /api/party/pledge-fulfilments/{id}/photos/{photoId} (not on the public board)' }),
});

const PledgeSchema = Type.Object({
  id: Type.Integer(),
  ownerKind: Enum(['member', 'organisation'] as const, 'A member’s pledge (党员承诺) or a branch’s (组织承诺)'),
  memberId: nullable(Type.Integer()),
  organisationId: nullable(Type.Integer()),
  ownerName: Type.String({ description: 'The member’s name masked (张*) unless it is the viewer’s own; the organisation’s name' }),
  branchId: Type.Integer({ description: 'The branch that reviews it' }),
  branchName: Type.String(),
  communityCode: nullable(Type.String(), 'The community whose board shows it once approved and public'),
  communityName: nullable(Type.String()),
  year: Type.Integer({ description: 'The year pledged for' }),
  category: Enum(PLEDGE_CATEGORIES, Category),
  text: Type.String({ description: 'The pledge' }),
  public: Type.Boolean({ description: 'Shown on the community board once approved' }),
  state: Enum(PLEDGE_STATES, StateWords),
  submittedAt: nullable(IsoTime('Submitted at (latest)')),
  decidedAt: nullable(IsoTime('Approved or returned at (latest)')),
  returnReason: nullable(Type.String(), 'The branch’s reason, when returned'),
  assessment: nullable(Enum(ASSESSMENTS, AssessmentWords), 'The year-end assessment'),
  assessmentComment: nullable(Type.String()),
  assessedAt: nullable(IsoTime('Assessed at')),
  fulfilments: Type.Array(FulfilmentSchema, { description: 'Its fulfilment entries (践诺), by day' }),
  accepted: Type.Integer({ description: 'Accepted fulfilment entries' }),
  pending: Type.Integer({ description: 'Entries waiting for review' }),
  acceptedHours: Type.Number({ description: 'Hours of the accepted entries' }),
  actions: Type.Array(Enum(PLEDGE_ACTIONS, 'edit · submit · fulfil (the owner) · approve · return · assess (the branch)'), {
    description: 'What the viewer may do now',
  }),
  mayReview: Type.Boolean({ description: 'The viewer reviews its fulfilment entries' }),
});

const PostSchema = Type.Object({
  id: Type.Integer(),
  memberId: Type.Integer(),
  memberName: Type.String({ description: 'Masked (张*) unless it is the viewer’s own' }),
  branchId: Type.Integer({ description: 'The granting branch' }),
  kind: Enum(POST_KINDS, PostKindWords),
  title: Type.String({ description: 'The post, e.g. 社区服务站窗口' }),
  place: Type.String({ description: 'The workplace or community' }),
  communityCode: nullable(Type.String(), 'The community whose board shows it'),
  from: LocalDay('First day'),
  until: nullable(LocalDay('Last day; null: open-ended')),
  endedOn: nullable(LocalDay('Ended early from this day')),
  endReason: nullable(Type.String()),
  held: Type.Boolean({ description: 'Held today' }),
});

const Body = <T extends TProperties>(props: T) => Type.Object(props, { additionalProperties: false });
const IdParams = (what: string) => Type.Object({ id: RowId(what) }, { additionalProperties: false });
const PledgeText = Text(MAX_PLEDGE_TEXT, `The pledge, 2–${MAX_PLEDGE_TEXT} characters`, 2);
const TAGS = ['party-pledges'];

export interface PledgeRouteOptions {
  /** Public reads get ten times this many requests per minute per client address (JIESU_PUBLIC_RATE), as the door boards. */
  publicRatePerMinute: number;
}

export function pledgeRoutes(ctx: AppContext, opts: PledgeRouteOptions): FastifyPluginAsyncTypebox {
  const readRate = { max: opts.publicRatePerMinute * 10, timeWindow: 60_000 };
  return async (app) => {
    app.get(
      '/api/party/pledges/mine',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'pledgeSelf'),
          tags: TAGS,
          summary: 'The signed-in member’s pledges of a year with their fulfilment, and their pioneer posts',
          querystring: Type.Object({ year: Type.Optional(Year('The year (default: this year)')) }, { additionalProperties: false }),
          response: {
            200: Type.Object({
              memberId: Type.Integer(),
              name: Type.String({ description: 'The member’s own name (in clear: it is theirs)' }),
              branchId: Type.Integer(),
              branchName: Type.String(),
              year: Type.Integer(),
              pledges: Type.Array(PledgeSchema),
              posts: Type.Array(PostSchema),
            }),
            ...errorResponses(400, 401, 403, 404),
          },
        },
      },
      async (req) => myPledges(ctx, requireUser(req), req.query.year),
    );

    app.get(
      '/api/party/pledges',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'pledgeRead'),
          tags: TAGS,
          summary: 'A branch’s pledges of a year for review: its own and its members’ (members’ drafts are their own)',
          querystring: Type.Object(
            {
              organisationId: Type.Optional(RowId('The branch (a party worker names one in scope; a secretary may leave it out)')),
              year: Type.Optional(Year('The year (default: this year)')),
              state: Type.Optional(literalUnion(PLEDGE_STATES, 'Only pledges in this state')),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              organisationId: Type.Integer(),
              organisationName: Type.String(),
              year: Type.Integer(),
              counts: Type.Object(
                { draft: Type.Integer(), submitted: Type.Integer(), approved: Type.Integer(), returned: Type.Integer() },
                { description: 'Pledges by state (members’ drafts not counted)' },
              ),
              pledges: Type.Array(PledgeSchema),
            }),
            ...errorResponses(400, 401, 403, 404),
          },
        },
      },
      async (req) => branchPledges(ctx, requireUser(req), req.query),
    );

    app.post(
      '/api/party/pledges',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'pledgeWrite'),
          tags: TAGS,
          summary:
            'Write a draft pledge: for oneself (a member), for a member (代录, a party worker in scope) or for a branch (its secretary, a worker in scope)',
          body: Body({
            memberId: Type.Optional(RowId('For this member (a party worker writing for them); leave out for yourself')),
            organisationId: Type.Optional(RowId('For this branch (组织承诺)')),
            year: Year('The year pledged for: this year, or next year from 1 December'),
            category: literalUnion(PLEDGE_CATEGORIES, Category),
            text: PledgeText,
            public: Type.Optional(Type.Boolean({ description: 'Show it on the community board once approved (default true)' })),
            submit: Type.Optional(Type.Boolean({ description: 'Submit it to the branch at once (default false: a draft)' })),
          }),
          response: { 201: PledgeSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req, reply) => reply.code(201).send(await writePledge(ctx, requireUser(req), req.body)),
    );

    app.get(
      '/api/party/pledges/:id',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'pledgeRead'),
          tags: TAGS,
          summary: 'One pledge with its fulfilment (404 for another member’s draft or another branch’s pledge)',
          params: IdParams('Pledge id'),
          response: { 200: PledgeSchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req) => getPledge(ctx, requireUser(req), req.params.id),
    );

    app.patch(
      '/api/party/pledges/:id',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'pledgeWrite'),
          tags: TAGS,
          summary: 'Edit a draft or returned pledge (text, category); the public flag changes in any state',
          params: IdParams('Pledge id'),
          body: Body({
            text: Type.Optional(PledgeText),
            category: Type.Optional(literalUnion(PLEDGE_CATEGORIES, Category)),
            public: Type.Optional(Type.Boolean({ description: 'Show it on the community board once approved' })),
          }),
          response: { 200: PledgeSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (req) => editPledge(ctx, requireUser(req), req.params.id, req.body),
    );

    app.post(
      '/api/party/pledges/:id/submit',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'pledgeWrite'),
          tags: TAGS,
          summary: 'Submit a draft or returned pledge to the branch (→ submitted)',
          params: IdParams('Pledge id'),
          response: { 200: PledgeSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (req) => submitPledge(ctx, requireUser(req), req.params.id),
    );

    app.post(
      '/api/party/pledges/:id/approve',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'pledgeReview'),
          tags: TAGS,
          summary: 'The branch approves a submitted pledge (→ approved; on the community board when public)',
          params: IdParams('Pledge id'),
          response: { 200: PledgeSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (req) => approvePledge(ctx, requireUser(req), req.params.id),
    );

    app.post(
      '/api/party/pledges/:id/return',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'pledgeReview'),
          tags: TAGS,
          summary: 'The branch returns a submitted pledge with a reason (→ returned; the owner edits and submits again)',
          params: IdParams('Pledge id'),
          body: Body({ reason: Text(200, 'Why, 2–200 characters', 2) }),
          response: { 200: PledgeSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => returnPledge(ctx, requireUser(req), req.params.id, req.body.reason),
    );

    app.post(
      '/api/party/pledges/:id/fulfilments',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'pledgeWrite'),
          tags: TAGS,
          summary: 'The owner records fulfilment (践诺) of an approved pledge: a day of its year, what was done, optional hours and evidence links',
          params: IdParams('Pledge id'),
          body: Body({
            doneOn: LocalDay('The day it was done (in the pledge’s year, not after today)'),
            text: Text(MAX_FULFILMENT_TEXT, `What was done, 2–${MAX_FULFILMENT_TEXT} characters`, 2),
            hours: Type.Optional(
              nullable(Type.Number({ minimum: 0.5, maximum: MAX_FULFILMENT_HOURS, description: `Hours spent, 0.5–${MAX_FULFILMENT_HOURS} in half hours` })),
            ),
            links: Type.Optional(
              Type.Array(Text(MAX_LINK_LENGTH, 'An http(s) address of a photo, an article …'), {
                maxItems: MAX_LINKS,
                description: `Evidence links, at most ${MAX_LINKS}`,
              }),
            ),
            photoIds: Type.Optional(
              Type.Array(RowId('Your own upload (POST /api/attachments), not yet attached'), {
                maxItems: MAX_FULFILMENT_PHOTOS,
                uniqueItems: true,
                description: `Photos of what was done, at most ${MAX_FULFILMENT_PHOTOS}; seen by those who see the pledge, not on the public board`,
              }),
            ),
          }),
          response: { 201: PledgeSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req, reply) => reply.code(201).send(await recordFulfilment(ctx, requireUser(req), req.params.id, req.body)),
    );

    app.get(
      '/api/party/pledge-fulfilments/:id/photos/:photoId',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'pledgeRead'),
          tags: TAGS,
          summary: 'One photo of a fulfilment entry: for those who see its pledge',
          params: Type.Object({ id: RowId('Fulfilment entry id'), photoId: RowId('Photo (attachment) id') }, { additionalProperties: false }),
          ...photoResponse,
        },
      },
      async (req, reply) => sendPhoto(reply, await fulfilmentPhoto(ctx, requireUser(req), req.params.id, req.params.photoId)),
    );

    app.post(
      '/api/party/pledge-fulfilments/:id/review',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'pledgeReview'),
          tags: TAGS,
          summary: 'The branch accepts or returns a pending fulfilment entry (a return needs a comment)',
          params: IdParams('Fulfilment entry id'),
          body: Body({
            decision: literalUnion(['accepted', 'returned'] as const, 'accepted 认可 · returned 退回'),
            comment: Type.Optional(Text(200, 'Comment; the reason of a return (2–200 characters)')),
          }),
          response: { 200: PledgeSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => reviewFulfilment(ctx, requireUser(req), req.params.id, req.body.decision, req.body.comment ?? ''),
    );

    app.post(
      '/api/party/pledges/:id/assessment',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'pledgeReview'),
          tags: TAGS,
          summary: 'The branch’s year-end assessment of an approved pledge (from 1 December of its year; may be revised)',
          params: IdParams('Pledge id'),
          body: Body({ result: literalUnion(ASSESSMENTS, AssessmentWords), comment: Type.Optional(Text(200, 'Comment')) }),
          response: { 200: PledgeSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => assessPledge(ctx, requireUser(req), req.params.id, req.body.result, req.body.comment ?? ''),
    );

    app.get(
      '/api/party/pioneer-posts',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'pledgePosts'),
          tags: TAGS,
          summary: '先锋岗: a branch’s pioneer posts, newest first (members masked)',
          querystring: Type.Object(
            { organisationId: Type.Optional(RowId('The branch (a party worker names one in scope; a secretary may leave it out)')) },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({ organisationId: Type.Integer(), organisationName: Type.String(), posts: Type.Array(PostSchema) }),
            ...errorResponses(400, 401, 403, 404),
          },
        },
      },
      async (req) => branchPosts(ctx, requireUser(req), req.query.organisationId),
    );

    app.post(
      '/api/party/pioneer-posts',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'pledgePosts'),
          tags: TAGS,
          summary: 'The branch grants a member a pioneer post for a period',
          body: Body({
            memberId: RowId('A member of the branch'),
            kind: literalUnion(POST_KINDS, PostKindWords),
            title: Text(60, 'The post, 2–60 characters (社区服务站窗口)', 2),
            place: Text(100, 'The workplace or community'),
            from: LocalDay('First day (at most a year ahead)'),
            until: Type.Optional(nullable(LocalDay('Last day; leave out for open-ended'))),
          }),
          response: { 201: PostSchema, ...errorResponses(400, 401, 403, 404, 422) },
        },
      },
      async (req, reply) => reply.code(201).send(await grantPost(ctx, requireUser(req), req.body)),
    );

    app.post(
      '/api/party/pioneer-posts/:id/end',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'pledgePosts'),
          tags: TAGS,
          summary: 'End a pioneer post early (from today), with a reason; the record stays',
          params: IdParams('Post id'),
          body: Body({ reason: Text(200, 'Why, 2–200 characters', 2) }),
          response: { 200: PostSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => endPost(ctx, requireUser(req), req.params.id, req.body.reason),
    );

    app.get(
      '/api/public/party/pledges',
      {
        config: { rateLimit: readRate },
        schema: {
          ...routePolicy(PARTY_POLICY, 'pledgeBoard'),
          tags: ['public'],
          summary:
            '公示栏 A community’s board (no login): the year’s approved public pledges, members’ names masked, with accepted fulfilment counts; pioneer posts held today',
          querystring: Type.Object(
            {
              community: Type.String({ pattern: '^\\d{12}$', description: 'The community (12-digit division code)' }),
              year: Type.Optional(Year('The year (default: this year)')),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              communityCode: Type.String(),
              communityName: Type.String(),
              year: Type.Integer(),
              pledges: Type.Array(
                Type.Object({
                  id: Type.Integer(),
                  ownerKind: Enum(['member', 'organisation'] as const, 'A member’s pledge or a branch’s'),
                  name: Type.String({ description: 'The member’s name masked (张*), or the branch’s name' }),
                  branchName: Type.String(),
                  category: Enum(PLEDGE_CATEGORIES, Category),
                  text: Type.String(),
                  fulfilments: Type.Integer({ description: 'Accepted fulfilment entries' }),
                  hours: Type.Number({ description: 'Their hours' }),
                  assessment: nullable(Enum(ASSESSMENTS, AssessmentWords), 'The year-end assessment, once made'),
                }),
                { description: 'At most 500' },
              ),
              posts: Type.Array(
                Type.Object({
                  kind: Enum(POST_KINDS, PostKindWords),
                  title: Type.String(),
                  place: Type.String(),
                  name: Type.String({ description: 'The member’s name, masked' }),
                  from: LocalDay('First day'),
                  until: nullable(LocalDay('Last day')),
                }),
                { description: 'Pioneer posts of the community’s members held today (at most 500)' },
              ),
            }),
            ...errorResponses(400, 404, 429),
          },
        },
      },
      async (req) => communityBoard(ctx, req.query.community, req.query.year),
    );
  };
}
