/** 党员包户 (issue 18): households from the door boards, their carers, visits, problems as tickets, sorting checks. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../engine/context.ts';
import { requireUser } from '../../engine/http/auth.ts';
import { nullable } from '../../engine/http/tickets.schemas.ts';
import { routePolicy } from '../../engine/policy.ts';
import { errorResponses, RowId, Text } from '../../platform/http/schemas.ts';
import { photoResponse, sendPhoto } from '../../engine/http/attachments.routes.ts';
import { HOUSEHOLD_LIMITS, MAX_VISIT_PHOTOS, SORTING_RESULTS } from './households.domain.ts';
import {
  addHouseholds,
  careOverview,
  changeHousehold,
  communityHouseholds,
  householdRecords,
  markModelBuilding,
  myHouseholds,
  recordCheck,
  recordVisit,
  visitPhoto,
  retireHousehold,
} from './households.service.ts';
import { PARTY_POLICY } from './party.policy.ts';

const Enum = <T extends readonly string[]>(values: T, description: string) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values], description });
const IsoTime = (description: string) => Type.String({ format: 'date-time', description });
const LocalDay = (description: string) => Type.String({ format: 'date', description });
const BuildingCode = Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9._-]+$', description: 'The building unit’s code on the door boards' });
const Result = Enum(SORTING_RESULTS, 'good 分类合格 · poor 分类不合格');
const IdemKey = Type.Optional(
  Type.String({
    minLength: 8,
    maxLength: 64,
    pattern: '^[\\x21-\\x7e]+$',
    description: 'A retry with the same key returns the first ticket, never a second one',
  }),
);
const IdParams = Type.Object({ id: RowId('Household id') }, { additionalProperties: false });
const TAGS = ['party'];

const Carer = Type.Object({ memberId: Type.Integer(), name: Type.String({ description: 'Masked (张*) unless the viewer’s own' }) });

const HouseholdSchema = Type.Object({
  id: Type.Integer(),
  communityCode: Type.String(),
  buildingId: Type.Integer(),
  buildingCode: Type.String(),
  buildingName: Type.String(),
  address: Type.String({ description: 'The building’s address and the door' }),
  room: Type.String({ description: 'The door: 3单元502' }),
  holder: nullable(Type.String(), 'The household’s resident account, its mobile number masked; null without one'),
  leadsBuilding: Type.Boolean({ description: '示范户: leads its building (一户带动一楼)' }),
  note: Type.String(),
  carer: nullable(Carer, 'The member who looks after it now'),
  lastVisitOn: nullable(LocalDay('Latest visit')),
  lastCheckOn: nullable(LocalDay('Latest sorting check')),
  lastCheckResult: nullable(Result),
  retiredAt: nullable(IsoTime('Retired at')),
  retireReason: nullable(Type.String()),
});

const FiguresProps = {
  households: Type.Integer({ description: 'Households registered (not retired)' }),
  cared: Type.Integer({ description: 'Of them, looked after by a member' }),
  modelHouseholds: Type.Integer({ description: '示范户' }),
  modelBuildings: Type.Integer({ description: '示范楼' }),
  visitedThisMonth: Type.Integer({ description: 'Households visited this month' }),
  visitsThisMonth: Type.Integer({ description: 'Visits this month' }),
  checksThisMonth: Type.Integer({ description: 'Sorting checks this month' }),
  goodChecksThisMonth: Type.Integer({ description: 'Good sorting checks this month' }),
  problemsThisMonth: Type.Integer({ description: 'Problems reported as tickets from this month’s visits' }),
  goodRate: nullable(Type.Number(), 'Good checks over checks, per cent (null without checks)'),
  coverage: nullable(Type.Number(), 'Cared households over households, per cent (null without households)'),
};
const FiguresSchema = Type.Object(FiguresProps);

const VisitSchema = Type.Object({
  id: Type.Integer(),
  visitedOn: LocalDay('The day of the visit'),
  notes: Type.String({ description: 'What was seen and heard' }),
  problem: nullable(Type.String(), 'A problem found'),
  ticketId: nullable(Type.Integer(), 'The problem’s ticket'),
  ticketNumber: nullable(Type.String()),
  ticketState: nullable(Type.String(), 'The ticket’s state now'),
  by: Type.String({ description: 'The member (masked unless the viewer’s own) or 党务工作者' }),
  createdAt: IsoTime('Recorded at'),
  photoIds: Type.Array(Type.Integer(), { description: 'Its photos (a problem’s are its ticket’s): GET /api/party/households/visits/{id}/photos/{photoId}' }),
});

const CheckSchema = Type.Object({
  id: Type.Integer(),
  checkedOn: LocalDay('The day checked'),
  result: Result,
  note: Type.String(),
  points: Type.Integer({ description: 'Points paid to the household’s account' }),
  noPoints: nullable(Type.String(), 'Why a good check paid nothing, in words'),
  by: Type.String(),
  createdAt: IsoTime('Recorded at'),
});

const CommunityQuery = Type.String({
  pattern: '^\\d{12}$',
  description: 'A community (12-digit division code) in the worker’s scope; a community’s own worker may leave it out',
});

export function householdRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/party/households',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'householdsRead'),
          tags: TAGS,
          summary: '党员包户: a community’s households by building (from its door boards), their carers (masked), model marks and the month’s figures',
          querystring: Type.Object(
            {
              community: Type.Optional(CommunityQuery),
              withRetired: Type.Optional(Type.Boolean({ default: false, description: 'Include retired households' })),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              communityCode: Type.String(),
              communityName: Type.String(),
              month: Type.String({ description: 'The month of the figures (YYYY-MM)' }),
              buildings: Type.Array(
                Type.Object({
                  id: Type.Integer(),
                  code: Type.String(),
                  name: Type.String(),
                  address: Type.String(),
                  communityCode: Type.String(),
                  gridCode: nullable(Type.String()),
                  partyMemberHouseholds: Type.Array(Type.String(), { description: 'The door board’s Party households (党员户)' }),
                  modelArea: nullable(Type.String(), '示范楼: the area it leads (一楼带动一片)'),
                  households: Type.Array(HouseholdSchema),
                }),
              ),
              members: Type.Array(Type.Object({ memberId: Type.Integer(), name: Type.String({ description: 'Masked' }), cared: Type.Integer() }), {
                description: 'Members who may look after its households (living there or in its branches), with how many they look after now',
              }),
              figures: FiguresSchema,
            }),
            ...errorResponses(400, 401, 403, 404, 422),
          },
        },
      },
      async (req) => communityHouseholds(ctx, requireUser(req), req.query.community, req.query.withRetired ?? false),
    );

    app.get(
      '/api/party/households/overview',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'householdsRead'),
          tags: TAGS,
          summary: '党员包户 figures of the month per community in the worker’s scope (or one street), and their sum',
          querystring: Type.Object(
            { street: Type.Optional(Type.String({ pattern: '^\\d{9}$', description: 'A street (9 digits) in scope' })) },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              month: Type.String(),
              rows: Type.Array(
                Type.Object({
                  communityCode: Type.String(),
                  communityName: Type.String(),
                  streetCode: Type.String(),
                  streetName: Type.String(),
                  ...FiguresProps,
                }),
              ),
              total: FiguresSchema,
            }),
            ...errorResponses(400, 401, 403, 404, 422),
          },
        },
      },
      async (req) => careOverview(ctx, requireUser(req), req.query.street),
    );

    app.post(
      '/api/party/households',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'householdsManage'),
          tags: TAGS,
          summary: 'Registers doors of a building unit as households, all or none (usually the door board’s Party households)',
          body: Type.Object(
            {
              buildingCode: BuildingCode,
              rooms: Type.Array(Text(40, 'A door: 3单元502'), { minItems: 1, maxItems: HOUSEHOLD_LIMITS.roomsPerCall, description: 'Doors, none twice' }),
              note: Type.Optional(Text(HOUSEHOLD_LIMITS.note, 'A note kept on each')),
            },
            { additionalProperties: false },
          ),
          response: { 201: Type.Object({ items: Type.Array(HouseholdSchema) }), ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req, reply) => reply.status(201).send({ items: await addHouseholds(ctx, requireUser(req), req.body) }),
    );

    app.patch(
      '/api/party/households/:id',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'householdsManage'),
          tags: TAGS,
          summary: 'Changes a household: the member who looks after it (history kept), its resident account, the 示范户 mark, the note',
          params: IdParams,
          body: Type.Object(
            {
              carerMemberId: Type.Optional(nullable(RowId('The member who looks after it from now on'), 'null ends the current link')),
              holderPhone: Type.Optional(
                nullable(Type.String({ pattern: '^1\\d{10}$', description: 'The household’s resident account by its mobile number' }), 'null unlinks it'),
              ),
              leadsBuilding: Type.Optional(Type.Boolean({ description: '示范户 of its building; the former one loses the mark' })),
              note: Type.Optional(Text(HOUSEHOLD_LIMITS.note, 'A note')),
            },
            { additionalProperties: false, minProperties: 1 },
          ),
          response: { 200: HouseholdSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => changeHousehold(ctx, requireUser(req), req.params.id, req.body),
    );

    app.post(
      '/api/party/households/:id/retire',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'householdsManage'),
          tags: TAGS,
          summary: 'Retires a household (moved away, demolished …) with a reason; the carer’s link ends, the records stay',
          params: IdParams,
          body: Type.Object({ reason: Text(200, 'Why', 2) }, { additionalProperties: false }),
          response: { 200: HouseholdSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => retireHousehold(ctx, requireUser(req), req.params.id, req.body.reason),
    );

    app.put(
      '/api/party/households/buildings/:code/model',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'householdsManage'),
          tags: TAGS,
          summary: '示范楼: marks a building unit as leading its area (一楼带动一片), or unmarks it (area null)',
          params: Type.Object({ code: BuildingCode }, { additionalProperties: false }),
          body: Type.Object(
            { area: nullable(Text(HOUSEHOLD_LIMITS.area, 'The area (片区) it leads; empty: its grid'), 'null unmarks it') },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ buildingCode: Type.String(), modelArea: nullable(Type.String()) }), ...errorResponses(400, 401, 403, 404, 422) },
        },
      },
      async (req) => markModelBuilding(ctx, requireUser(req), req.params.code, req.body.area),
    );

    app.get(
      '/api/party/households/mine',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'householdsSelf'),
          tags: TAGS,
          summary: '我的包户: the households the member behind the account looks after (empty for an account without a member)',
          response: {
            200: Type.Object({
              member: nullable(Carer, 'The member (own name in clear); null when the account has none'),
              households: Type.Array(HouseholdSchema),
            }),
            ...errorResponses(401, 403),
          },
        },
      },
      async (req) => myHouseholds(ctx, requireUser(req)),
    );

    app.get(
      '/api/party/households/:id/records',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'householdsRecord'),
          tags: TAGS,
          summary: 'A household with its visits (and their tickets), sorting checks and carers, newest first',
          params: IdParams,
          response: {
            200: Type.Object({
              household: HouseholdSchema,
              visits: Type.Array(VisitSchema),
              checks: Type.Array(CheckSchema),
              carers: Type.Array(
                Type.Object({ memberId: Type.Integer(), name: Type.String(), since: IsoTime('From'), until: nullable(IsoTime('Until; null: now')) }),
              ),
            }),
            ...errorResponses(400, 401, 403, 404),
          },
        },
      },
      async (req) => householdRecords(ctx, requireUser(req), req.params.id),
    );

    app.post(
      '/api/party/households/:id/visits',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'householdsRecord'),
          tags: TAGS,
          summary: '走访: logs a visit; a problem found becomes a ticket (source 党员包户, the member its reporter) that the centre triages',
          params: IdParams,
          headers: Type.Object({ 'idempotency-key': IdemKey }),
          body: Type.Object(
            {
              visitedOn: Type.Optional(LocalDay('The day (default today; up to a year back)')),
              notes: Text(HOUSEHOLD_LIMITS.visitNotes, 'What was seen and heard', 1),
              problem: Type.Optional(
                Type.Object(
                  {
                    content: Text(HOUSEHOLD_LIMITS.problem, 'The problem, for the ticket', 2),
                    categoryId: Type.Optional(RowId('A category of the catalogue, when the member knows it')),
                  },
                  { additionalProperties: false },
                ),
              ),
              forCarer: Type.Optional(Type.Boolean({ description: 'A worker enters the carer’s own visit from a paper log (recorded as the carer’s)' })),
              photoIds: Type.Optional(
                Type.Array(RowId('Your own upload (POST /api/attachments), not yet attached'), {
                  maxItems: MAX_VISIT_PHOTOS,
                  uniqueItems: true,
                  description: 'Photos of the visit; with a problem they go on its ticket as the request’s photos',
                }),
              ),
            },
            { additionalProperties: false },
          ),
          response: { 201: VisitSchema, 200: VisitSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req, reply) => {
        const r = await recordVisit(ctx, requireUser(req), req.params.id, req.body, req.headers['idempotency-key']);
        return reply.status(r.replayed ? 200 : 201).send(r.visit);
      },
    );

    app.get(
      '/api/party/households/visits/:id/photos/:photoId',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'householdsRecord'),
          tags: TAGS,
          summary: 'One photo of a visit (or of the ticket its problem became): for the household’s carer and party workers in scope',
          params: Type.Object({ id: RowId('Visit id'), photoId: RowId('Photo (attachment) id') }, { additionalProperties: false }),
          ...photoResponse,
        },
      },
      async (req, reply) => sendPhoto(reply, await visitPhoto(ctx, requireUser(req), req.params.id, req.params.photoId)),
    );

    app.post(
      '/api/party/households/:id/checks',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'householdsRecord'),
          tags: TAGS,
          summary: '垃圾分类检查: one per household and day; a good one pays the household’s account (points rule conduct.waste_sorting)',
          params: IdParams,
          body: Type.Object(
            {
              checkedOn: Type.Optional(LocalDay('The day (default today; up to 31 days back)')),
              result: Result,
              note: Type.Optional(Text(HOUSEHOLD_LIMITS.note, 'What was seen')),
              forCarer: Type.Optional(Type.Boolean({ description: 'A worker enters the carer’s own check from a paper log (recorded as the carer’s)' })),
            },
            { additionalProperties: false },
          ),
          response: { 201: CheckSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req, reply) => reply.status(201).send(await recordCheck(ctx, requireUser(req), req.params.id, req.body)),
    );
  };
}
