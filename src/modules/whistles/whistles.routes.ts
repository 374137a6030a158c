/**
 * 吹哨报到 (DOMAIN-RULES §5): a street blows the whistle, summoned departments report in, the street rates them;
 * and the month's double assessment (双考核). Co-handling goes through the ticket actions (coReply, progress).
 */
import { routePolicy } from '../../engine/policy.ts';
import { WHISTLES_POLICY } from './whistles.policy.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  blowWhistle,
  getWhistle,
  listWhistles,
  rateDepartments,
  reportIn,
  whistleAssessment,
  whistlesFromTicket,
  type WhistleView,
  type WhistleReport,
} from './whistles.service.ts';
import { requireUser } from '../../engine/http/auth.ts';
import type { AppContext } from '../../engine/context.ts';
import { errorResponses, IdParams, Month, RowId, Text, UnitId } from '../../platform/http/schemas.ts';
import { nullable } from '../../engine/http/tickets.schemas.ts';
import { BlownFigures, SummonedFigures } from './whistles.schemas.ts';

const BlowBody = Type.Object(
  {
    title: Text(100, 'The matter (事项), shown in lists', 1),
    content: Text(4000, 'What the problem is and why the street needs the departments', 1),
    place: Text(300, 'Where to report in: community and address', 1),
    departmentUnitIds: Type.Array(UnitId, { minItems: 1, maxItems: 30, description: 'Departments/enterprises summoned (unit ids)' }),
    reportLimitMinutes: Type.Integer({
      minimum: 5,
      maximum: 10_080,
      description: 'Minutes each department has to report in (e.g. 30 for emergencies, 240 otherwise)',
    }),
    emergency: Type.Optional(Type.Boolean({ description: 'An emergency (uses the emergency time limits)' })),
    sourceTicketId: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 9_007_199_254_740_991, description: 'The hotline or grid ticket that triggered the whistle' }),
    ),
  },
  { additionalProperties: false },
);

const ReportSchema = Type.Object({
  unitId: Type.Integer({ description: 'Summoned unit' }),
  unitName: Type.String(),
  dueAt: Type.String({ format: 'date-time', description: 'Report in by' }),
  reportedAt: nullable(Type.String({ format: 'date-time' }), 'When the department reported in'),
  onTime: nullable(Type.Boolean(), 'Reported at or before the due time; null while not reported'),
  reporterName: Type.String({ description: 'Who came' }),
  place: Type.String({ description: 'Where they reported in' }),
  note: Type.String(),
  attachmentId: nullable(Type.Integer(), 'Photo of the report-in'),
  score: nullable(Type.Integer({ minimum: 1, maximum: 5 }), 'The street’s rating 1–5'),
  comment: Type.String({ description: 'The street’s comment' }),
});

const LinkSchema = Type.Object({ ticketId: Type.Integer(), number: Type.String() });

const WhistleSummary = Type.Object({
  ticketId: Type.Integer({ description: 'The whistle ticket id' }),
  number: Type.String(),
  title: Type.String(),
  state: Type.String({ description: 'Workflow state; closed once the street has rated every department' }),
  streetUnitId: Type.Integer(),
  streetName: Type.String(),
  place: Type.String(),
  reportLimitMinutes: Type.Integer(),
  sourceTicketId: nullable(Type.Integer(), 'The triggering ticket'),
  createdAt: Type.String({ format: 'date-time' }),
  closedAt: nullable(Type.String({ format: 'date-time' }), 'When the matter closed'),
});

const WhistleDetail = Type.Object({
  ...WhistleSummary.properties,
  content: Type.String(),
  source: nullable(LinkSchema, 'The ticket this whistle started from'),
  reports: Type.Array(ReportSchema),
});

const ReportInBody = Type.Object(
  {
    reporterName: Text(100, 'Who came (names, posts)', 1),
    place: Text(300, 'Where they reported in'),
    note: Text(2000, 'Note'),
    attachmentId: Type.Optional(RowId('Photo uploaded with POST /api/attachments')),
  },
  { additionalProperties: false },
);

const RatingsBody = Type.Object(
  {
    ratings: Type.Array(
      Type.Object(
        { unitId: UnitId, score: Type.Integer({ minimum: 1, maximum: 5, description: 'Rating 1–5' }), comment: Type.Optional(Text(500, 'Comment')) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 30 },
    ),
  },
  { additionalProperties: false },
);

const AssessmentSchema = Type.Object({
  month: Type.String({ description: 'Month YYYY-MM (Asia/Shanghai) of the whistles' }),
  departments: Type.Array(Type.Object({ unitId: Type.Integer(), unitName: Type.String(), ...SummonedFigures.properties }), {
    description: 'Summoned units, by id',
  }),
  streets: Type.Array(Type.Object({ unitId: Type.Integer(), unitName: Type.String(), ...BlownFigures.properties }), {
    description: 'Streets that blew whistles, by id',
  }),
});

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

export function whistleRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const unitName = async (id: number) => (await ctx.reference.get()).unitById.get(id)?.name ?? String(id);
    const presentReport = async (r: WhistleReport) => ({
      unitId: r.unitId,
      unitName: await unitName(r.unitId),
      dueAt: r.dueAt.toISOString(),
      reportedAt: iso(r.reportedAt),
      onTime: r.reportedAt === null ? null : r.reportedAt.getTime() <= r.dueAt.getTime(),
      reporterName: r.reporterName,
      place: r.place,
      note: r.note,
      attachmentId: r.attachmentId,
      score: r.score,
      comment: r.comment,
    });
    const presentDetail = async (v: WhistleView) => ({
      ticketId: v.whistle.ticketId,
      number: v.number,
      title: v.title,
      state: v.state,
      streetUnitId: v.whistle.streetUnitId,
      streetName: await unitName(v.whistle.streetUnitId),
      place: v.whistle.place,
      reportLimitMinutes: v.whistle.reportLimitMinutes,
      sourceTicketId: v.whistle.sourceTicketId,
      createdAt: v.whistle.createdAt.toISOString(),
      closedAt: iso(v.whistle.closedAt),
      content: v.content,
      source: v.source,
      reports: await Promise.all(v.reports.map(presentReport)),
    });

    app.post(
      '/api/whistles',
      {
        schema: {
          ...routePolicy(WHISTLES_POLICY, 'blow'),
          tags: ['whistles'],
          summary: 'Blow the whistle (街乡吹哨): summon departments to report in; the street leads the whistle ticket',
          body: BlowBody,
          response: { 201: Type.Object({ ticketId: Type.Integer(), number: Type.String() }), ...errorResponses(400, 401, 403, 404, 422) },
        },
      },
      async (req, reply) => reply.status(201).send(await blowWhistle(ctx, requireUser(req), req.body)),
    );

    app.get(
      '/api/whistles',
      {
        schema: {
          ...routePolicy(WHISTLES_POLICY, 'read'),
          tags: ['whistles'],
          summary: 'Whistles you can see: blown by your street, summoning your department, or all for the centre',
          querystring: Type.Object(
            {
              offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0, description: 'Rows to skip' })),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Page size' })),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(WhistleSummary) }), ...errorResponses(400, 401, 403) },
        },
      },
      async (req) => {
        const p = requireUser(req);
        const rows = await listWhistles(ctx, p, req.query.limit ?? 50, req.query.offset ?? 0);
        return {
          items: await Promise.all(
            rows.map(async (r) => ({
              ticketId: r.ticketId,
              number: r.number,
              title: r.title,
              state: r.state,
              streetUnitId: r.streetUnitId,
              streetName: await unitName(r.streetUnitId),
              place: r.place,
              reportLimitMinutes: r.reportLimitMinutes,
              sourceTicketId: r.sourceTicketId,
              createdAt: r.createdAt.toISOString(),
              closedAt: iso(r.closedAt),
            })),
          ),
        };
      },
    );

    app.get(
      '/api/whistles/assessment',
      {
        schema: {
          ...routePolicy(WHISTLES_POLICY, 'read'),
          tags: ['whistles'],
          summary: 'Double assessment (双考核) of a month: departments’ report-in timeliness and ratings; streets’ whistles and their triggers',
          querystring: Type.Object({ month: Month }, { additionalProperties: false }),
          response: { 200: AssessmentSchema, ...errorResponses(400, 401, 403) },
        },
      },
      async (req) => {
        requireUser(req);
        const a = await whistleAssessment(ctx, req.query.month);
        return {
          month: a.month,
          departments: await Promise.all(a.departments.map(async (d) => ({ ...d, unitName: await unitName(d.unitId) }))),
          streets: await Promise.all(a.streets.map(async (s) => ({ ...s, unitName: await unitName(s.unitId) }))),
        };
      },
    );

    app.get(
      '/api/whistles/:id',
      {
        schema: {
          ...routePolicy(WHISTLES_POLICY, 'read'),
          tags: ['whistles'],
          summary: 'A whistle with its report-ins, ratings and the ticket it started from',
          params: IdParams,
          response: { 200: WhistleDetail, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req) => presentDetail(await getWhistle(ctx, requireUser(req), req.params.id)),
    );

    app.get(
      '/api/whistles/by-source/:id',
      {
        schema: {
          ...routePolicy(WHISTLES_POLICY, 'readBySource'),
          tags: ['whistles'],
          summary: 'Whistles that started from a ticket you can see (the other side of the link); id is the source ticket id',
          params: IdParams,
          response: { 200: Type.Object({ items: Type.Array(LinkSchema) }), ...errorResponses(400, 401, 404) },
        },
      },
      async (req) => ({ items: await whistlesFromTicket(ctx, requireUser(req), req.params.id) }),
    );

    app.post(
      '/api/whistles/:id/report-in',
      {
        schema: {
          ...routePolicy(WHISTLES_POLICY, 'reportIn'),
          tags: ['whistles'],
          summary: 'Report in (部门报到) as a summoned department: who came, where; on time if by the due time',
          params: IdParams,
          body: ReportInBody,
          response: { 200: ReportSchema, ...errorResponses(400, 401, 403, 404, 422) },
        },
      },
      async (req) => presentReport(await reportIn(ctx, requireUser(req), req.params.id, req.body)),
    );

    app.post(
      '/api/whistles/:id/ratings',
      {
        schema: {
          ...routePolicy(WHISTLES_POLICY, 'rate'),
          tags: ['whistles'],
          summary: 'The street rates summoned departments 1–5; the matter closes when every department is rated',
          params: IdParams,
          body: RatingsBody,
          response: {
            200: Type.Object({ closed: Type.Boolean({ description: 'Every department rated: the matter is closed' }) }),
            ...errorResponses(400, 401, 403, 404, 422),
          },
        },
      },
      async (req) => rateDepartments(ctx, requireUser(req), req.params.id, req.body.ratings),
    );
  };
}
