/** Administration: holiday calendar, time limits, the category tree, dispatch catalogue, automatic supervision (admin role). */
import { routePolicy } from '../../engine/policy.ts';
import { ADMIN_POLICY } from './admin.policy.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  addCatalogEntry,
  calendarYear,
  catalogEntries,
  escalationSettings,
  removeCatalogEntry,
  replaceCalendarYear,
  setEscalation,
  setTimeLimitClass,
} from './admin.service.ts';
import type { AppContext } from '../../engine/context.ts';
import { CategoryView } from '../../engine/http/reference.routes.ts';
import { changeCategory, createCategory } from './category-admin.service.ts';
import { MAX_CATEGORY_LEVEL } from './categories.domain.ts';
import { requireUser } from '../../engine/http/auth.ts';
import { nullable } from '../../engine/http/tickets.schemas.ts';
import { errorResponses, literalUnion, RowId, Text, UnitId } from '../../platform/http/schemas.ts';

const Year = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100, description: 'Calendar year' }) }, { additionalProperties: false });
const Limit = Type.Object(
  { amount: Type.Number({ exclusiveMinimum: 0, maximum: 10_000 }), unit: literalUnion(['natural_hours', 'working_days'] as const, 'Unit of the limit') },
  { additionalProperties: false },
);

const CategoryName = (max: number, description: string) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S', description });
const Keywords = Type.Array(Type.String({ minLength: 1, maxLength: 20 }), { maxItems: 30, description: 'Chinese keywords for search-as-you-type (leaves)' });
const TimeLimitClassCode = Type.String({
  pattern: '^[a-z][a-z0-9_]{1,19}$',
  description: 'A time-limit class code (GET /api/time-limits), e.g. general, complex, utility, emergency',
});
const CategoryId = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'Category id' }) }, { additionalProperties: false });

const Span = (description: string) => Type.Number({ exclusiveMinimum: 0, maximum: 60, description });
const EscalationBody = Type.Object(
  {
    superviseAfterDays: Span('Working days overdue on the running deadline before the automatic 督办 (level 1); default 1'),
    urgeAfterDays: Span('… before 催办 (level 2); default 3; more than superviseAfterDays'),
    notifyAfterDays: Span('… before 通报 (level 3); default 5; more than urgeAfterDays'),
  },
  { additionalProperties: false },
);
const EscalationView = Type.Object({
  ...EscalationBody.properties,
  isDefault: Type.Boolean({ description: 'True while no admin has set the spans (the defaults apply)' }),
  updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'Last change, null for the defaults' }),
});

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
      {
        schema: {
          ...routePolicy(ADMIN_POLICY, 'calendar'),
          tags: ['admin'],
          summary: 'Official holidays and make-up workdays of a year',
          params: Year,
          response: { 200: CalendarYear, ...errorResponses(400, 401, 403) },
        },
      },
      async (req) => {
        requireUser(req);
        return calendarYear(ctx, req.params.year);
      },
    );

    app.put(
      '/api/admin/calendar/:year',
      {
        schema: {
          ...routePolicy(ADMIN_POLICY, 'calendar'),
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
        requireUser(req);
        return replaceCalendarYear(ctx, req.params.year, req.body.days, req.body.source);
      },
    );

    app.put(
      '/api/admin/time-limits/:code',
      {
        schema: {
          ...routePolicy(ADMIN_POLICY, 'timeLimits'),
          tags: ['admin'],
          summary: 'Create or change a time-limit class (applies to tickets dispatched from now on)',
          params: Type.Object({ code: Type.String({ pattern: '^[a-z][a-z0-9_]{1,19}$' }) }, { additionalProperties: false }),
          body: Type.Object(
            { name: Text(60, 'Chinese name', 1), nameEn: Text(60, 'English name'), sign: Limit, contact: Limit, reply: Limit },
            { additionalProperties: false },
          ),
          response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 422) },
        },
      },
      async (req, reply) => {
        requireUser(req);
        await setTimeLimitClass(ctx, req.params.code, req.body);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/admin/categories',
      {
        schema: {
          ...routePolicy(ADMIN_POLICY, 'categories'),
          tags: ['admin'],
          summary: 'Add a category (问题分类) under an active group, or at the top; a leaf needs a time-limit class',
          description:
            `Refused with 422: CATEGORY.UNKNOWN_PARENT, CATEGORY.PARENT_RETIRED, CATEGORY.PARENT_IS_LEAF, CATEGORY.TOO_DEEP (more than ${MAX_CATEGORY_LEVEL} levels), ` +
            'CATEGORY.DUPLICATE_NAME (an active sibling has the name), CATEGORY.CODE_TAKEN, CATEGORY.CODE_TOO_LONG, CATEGORY.LEAF_NEEDS_TIME_LIMIT, CATEGORY.UNKNOWN_TIME_LIMIT_CLASS. ' +
            'A new leaf routes to the district government (兜底) until a dispatch catalogue entry names its unit.',
          body: Type.Object(
            {
              parentId: Type.Union([Type.Integer({ minimum: 1, maximum: 2_147_483_647 }), Type.Null()], {
                description: 'The group it goes under; null for a top-level category',
              }),
              code: Type.String({
                pattern: '^[A-Z][A-Z0-9_]{0,19}$',
                description: 'One code segment; the full code is the parent’s code, a dot and it (e.g. CITY.NOISE + SITE → CITY.NOISE.SITE)',
              }),
              name: CategoryName(60, 'Chinese name'),
              nameEn: Type.String({ maxLength: 100, description: 'English name' }),
              isLeaf: Type.Boolean({ description: 'true: chosen at intake, carries a time-limit class; false: a group of categories' }),
              timeLimitClass: Type.Union([TimeLimitClassCode, Type.Null()], { description: 'Required for a leaf, null for a group' }),
              keywords: Keywords,
            },
            { additionalProperties: false },
          ),
          response: { 201: CategoryView, ...errorResponses(400, 401, 403, 422) },
        },
      },
      async (req, reply) => {
        requireUser(req);
        return reply.status(201).send(await createCategory(ctx, req.body));
      },
    );

    app.patch(
      '/api/admin/categories/:id',
      {
        schema: {
          ...routePolicy(ADMIN_POLICY, 'categories'),
          tags: ['admin'],
          summary:
            'Rename a category, move it under another group, change its keywords, move a leaf to another time-limit class, retire it (active false) or bring it back',
          description:
            'No ticket changes: a renamed category shows its new name on every ticket; a retired one is no longer offered at intake but tickets keep showing it; ' +
            'a leaf’s new time-limit class applies to tickets accepted afterwards (open tickets keep theirs). Refused with 422: CATEGORY.DUPLICATE_NAME, ' +
            'CATEGORY.HAS_CHILDREN (retiring a category with active children), CATEGORY.PARENT_RETIRED (bringing one back under a retired parent), ' +
            'CATEGORY.NOT_LEAF (a time-limit class for a group), CATEGORY.UNKNOWN_TIME_LIMIT_CLASS; a move: CATEGORY.UNKNOWN_PARENT, CATEGORY.PARENT_IS_LEAF, ' +
            `CATEGORY.MOVE_INTO_ITSELF (under itself or a descendant), CATEGORY.TOO_DEEP (more than ${MAX_CATEGORY_LEVEL} levels). A moved category keeps its id and code; ` +
            'the paths and levels below it follow.',
          params: CategoryId,
          body: Type.Object(
            {
              parentId: Type.Optional(
                Type.Union([Type.Integer({ minimum: 1, maximum: 2_147_483_647 }), Type.Null()], {
                  description: 'Move under this active group (with everything under it); null: to the top. The code stays.',
                }),
              ),
              name: Type.Optional(CategoryName(60, 'Chinese name')),
              nameEn: Type.Optional(Type.String({ maxLength: 100, description: 'English name' })),
              keywords: Type.Optional(Keywords),
              timeLimitClass: Type.Optional(TimeLimitClassCode),
              active: Type.Optional(Type.Boolean({ description: 'false: retired (not offered at intake); true: in use again' })),
            },
            { additionalProperties: false, minProperties: 1 },
          ),
          response: { 200: CategoryView, ...errorResponses(400, 401, 403, 404, 422) },
        },
      },
      async (req) => {
        requireUser(req);
        return changeCategory(ctx, req.params.id, req.body);
      },
    );

    app.get(
      '/api/admin/supervision-escalation',
      {
        schema: {
          ...routePolicy(ADMIN_POLICY, 'readEscalation'),
          tags: ['admin'],
          summary: 'Automatic supervision (督办 → 催办 → 通报): working days overdue before each notice',
          response: { 200: EscalationView, ...errorResponses(401, 403) },
        },
      },
      async (req) => {
        requireUser(req);
        return escalationSettings(ctx);
      },
    );

    app.put(
      '/api/admin/supervision-escalation',
      {
        schema: {
          ...routePolicy(ADMIN_POLICY, 'editEscalation'),
          tags: ['admin'],
          summary: 'Set the working days overdue before the automatic 督办, 催办 and 通报 (from the next sweep; levels given stay)',
          body: EscalationBody,
          response: { 200: EscalationView, ...errorResponses(400, 401, 403, 422) },
        },
      },
      async (req) => {
        requireUser(req);
        return setEscalation(ctx, req.body);
      },
    );

    app.get(
      '/api/admin/dispatch-catalog',
      {
        schema: {
          ...routePolicy(ADMIN_POLICY, 'readCatalog'),
          tags: ['admin'],
          summary: 'Dispatch catalogue entries',
          response: { 200: Type.Object({ items: Type.Array(CatalogEntry, { description: 'By id' }) }), ...errorResponses(401, 403) },
        },
      },
      async (req) => {
        requireUser(req);
        return { items: await catalogEntries(ctx) };
      },
    );

    app.post(
      '/api/admin/dispatch-catalog',
      {
        schema: {
          ...routePolicy(ADMIN_POLICY, 'editCatalog'),
          tags: ['admin'],
          summary: 'Add a dispatch catalogue entry (category × place → unit); the most specific place wins',
          body: Type.Object(
            {
              categoryId: RowId('Leaf category'),
              divisionCode: Type.Union([Type.String({ pattern: '^(\\d{9}|\\d{12})$' }), Type.Null()], {
                description: 'Street or community; null = whole district',
              }),
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
        requireUser(req);
        return reply.status(201).send(await addCatalogEntry(ctx, req.body));
      },
    );

    app.delete(
      '/api/admin/dispatch-catalog/:id',
      {
        schema: {
          ...routePolicy(ADMIN_POLICY, 'editCatalog'),
          tags: ['admin'],
          summary: 'Remove a dispatch catalogue entry',
          params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) }, { additionalProperties: false }),
          response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req, reply) => {
        requireUser(req);
        await removeCatalogEntry(ctx, req.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
