/** Administration: holiday calendar, time limits, dispatch catalogue (admin role). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { addCatalogEntry, calendarYear, catalogEntries, removeCatalogEntry, replaceCalendarYear, setTimeLimitClass } from './admin.service.ts';
import type { AppContext } from '../../engine/context.ts';
import { requireRole } from '../../engine/http/auth.ts';
import { nullable } from '../../engine/http/tickets.schemas.ts';
import { errorResponses, literalUnion, RowId, Text, UnitId } from '../../platform/http/schemas.ts';

const Year = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100, description: 'Calendar year' }) }, { additionalProperties: false });
const Limit = Type.Object(
  { amount: Type.Number({ exclusiveMinimum: 0, maximum: 10_000 }), unit: literalUnion(['natural_hours', 'working_days'] as const, 'Unit of the limit') },
  { additionalProperties: false },
);

const CalendarDay = Type.Object(
  {
    date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Date YYYY-MM-DD (Asia/Shanghai)' }),
    kind: literalUnion(['holiday', 'workday'] as const, 'holiday = day off; workday = make-up workday (调休)'),
    name: Text(60, 'Holiday name, e.g. 春节', 1),
  },
  { additionalProperties: false },
);

const CalendarYear = Type.Object({
  year: Type.Integer({ description: 'Calendar year' }),
  covered: Type.Boolean({ description: 'Whether the year’s official notice is loaded; deadlines over a year without one count weekends only' }),
  source: nullable(Type.String(), 'Where the loaded days come from (the notice); null when the year is not covered'),
  days: Type.Array(CalendarDay, { description: 'The year’s official holidays and make-up workdays, by date; other days follow the weekend rule' }),
});

const CatalogEntry = Type.Object({
  id: Type.Integer({ description: 'Entry id' }),
  categoryId: Type.Integer({ description: 'Leaf category the entry routes' }),
  divisionCode: nullable(Type.String(), 'Street (9 digits) or community (12 digits) the entry applies to; null = the whole district'),
  unitId: nullable(Type.Integer(), 'The responsible unit; null when unitType names it'),
  unitType: nullable(Type.String(), '"street" = the street/town of the place; null when unitId names the unit'),
  coUnitIds: Type.Array(Type.Integer(), { description: 'Co-handling units (协办) dispatched with the lead' }),
  note: Type.String({ description: 'Note' }),
});

export function adminRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/admin/calendar/:year',
      { schema: { tags: ['admin'], summary: 'Official holidays and make-up workdays of a year', params: Year, response: { 200: CalendarYear, ...errorResponses(400, 401, 403) } } },
      async (req) => {
        requireRole(req, 'admin');
        return calendarYear(ctx, req.params.year);
      },
    );

    app.put(
      '/api/admin/calendar/:year',
      {
        schema: {
          tags: ['admin'],
          summary: 'Load a year’s State Council holiday notice (replaces that year’s days)',
          params: Year,
          body: Type.Object(
            {
              source: Text(200, 'Where the days come from, e.g. 国办发明电〔2026〕x号', 1),
              days: Type.Array(CalendarDay, { maxItems: 366, description: 'Every official holiday and make-up workday of the year' }),
            },
            { additionalProperties: false },
          ),
          response: { 200: CalendarYear, ...errorResponses(400, 401, 403, 422) },
        },
      },
      async (req) => {
        requireRole(req, 'admin');
        return replaceCalendarYear(ctx, req.params.year, req.body.days, req.body.source);
      },
    );

    app.put(
      '/api/admin/time-limits/:code',
      {
        schema: {
          tags: ['admin'],
          summary: 'Create or change a time-limit class (applies to tickets dispatched from now on)',
          params: Type.Object({ code: Type.String({ pattern: '^[a-z][a-z0-9_]{1,19}$' }) }, { additionalProperties: false }),
          body: Type.Object({ name: Text(60, 'Chinese name', 1), nameEn: Text(60, 'English name'), sign: Limit, contact: Limit, reply: Limit }, { additionalProperties: false }),
          response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 422) },
        },
      },
      async (req, reply) => {
        requireRole(req, 'admin');
        await setTimeLimitClass(ctx, req.params.code, req.body);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/admin/dispatch-catalog',
      { schema: { tags: ['admin'], summary: 'Dispatch catalogue entries', response: { 200: Type.Object({ items: Type.Array(CatalogEntry, { description: 'By id' }) }), ...errorResponses(401, 403) } } },
      async (req) => {
        requireRole(req, 'admin', 'centre_supervisor');
        return { items: await catalogEntries(ctx) };
      },
    );

    app.post(
      '/api/admin/dispatch-catalog',
      {
        schema: {
          tags: ['admin'],
          summary: 'Add a dispatch catalogue entry (category × place → unit); the most specific place wins',
          body: Type.Object(
            {
              categoryId: RowId('Leaf category'),
              divisionCode: Type.Union([Type.String({ pattern: '^(\\d{9}|\\d{12})$' }), Type.Null()], { description: 'Street or community; null = whole district' }),
              unitId: Type.Union([UnitId, Type.Null()]),
              unitType: Type.Union([Type.Literal('street'), Type.Null()], { description: '"street" = the street/town of the place' }),
              coUnitIds: Type.Array(UnitId, { maxItems: 20 }),
              note: Text(200, 'Note'),
            },
            { additionalProperties: false },
          ),
          response: { 201: CatalogEntry, ...errorResponses(400, 401, 403, 422) },
        },
      },
      async (req, reply) => {
        requireRole(req, 'admin');
        return reply.status(201).send(await addCatalogEntry(ctx, req.body));
      },
    );

    app.delete(
      '/api/admin/dispatch-catalog/:id',
      {
        schema: {
          tags: ['admin'],
          summary: 'Remove a dispatch catalogue entry',
          params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) }, { additionalProperties: false }),
          response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req, reply) => {
        requireRole(req, 'admin');
        await removeCatalogEntry(ctx, req.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
