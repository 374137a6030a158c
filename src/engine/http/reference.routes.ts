/** Reference data for forms: units, categories, places, time limits, knowledge base, names of kinds and sources. */
import { routePolicy } from '../policy.ts';
import { ENGINE_POLICY } from '../engine.policy.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from 'typebox';
import type { AppContext } from '../context.ts';
import { categoryView } from '../reference/category-view.ts';
import { listUnitsView } from '../reference/units.ts';
import { searchKnowledgeBase } from '../reference/knowledge.ts';
import { requireUser } from './auth.ts';
import { errorResponses, literalUnion, RowId, Text } from '../../platform/http/schemas.ts';
import { KIND_CONFIGS } from '../domain/workflow/kinds.ts';
import { SOURCE_LABELS, TICKET_SOURCES } from '../domain/workflow/sources.ts';
import { TICKET_KINDS } from '../domain/workflow/ticket.ts';
import { enumString } from './tickets.schemas.ts';

const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const items = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item) });

const UnitView = Type.Object({
  id: Type.Integer(),
  code: Type.String({ description: 'Unit code, e.g. ST-110109001, DEPT-SWJ' }),
  name: Type.String(),
  nameEn: Type.String(),
  unitType: Type.String({ description: 'district, street, department, enterprise, centre, station (practice station of the volunteer subsystem)' }),
  divisionCode: nullable(
    Type.String({ description: 'Street/town code for street units; for stations their district (中心), street (所) or community (站) code' }),
  ),
  parentId: nullable(Type.Integer()),
  isFallback: Type.Boolean({ description: 'Takes requests nobody else is responsible for (兜底)' }),
  active: Type.Boolean(),
});

/** A category of the tree (also answered by the admin routes that change it). */
export const CategoryView = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  parentId: nullable(Type.Integer()),
  level: Type.Integer({ description: '1 = top level' }),
  path: Type.String({ description: 'Names from the root, separated by /' }),
  isLeaf: Type.Boolean({ description: 'Only leaves are chosen at intake' }),
  timeLimitClass: nullable(Type.String()),
  keywords: Type.Array(Type.String()),
  active: Type.Boolean(),
});

const DivisionView = Type.Object({
  code: Type.String({ description: '9 digits street/town, 12 digits community/village' }),
  name: Type.String(),
  level: Type.String({ description: 'province, district, street, community' }),
  parentCode: nullable(Type.String()),
});

const TimeLimit = Type.Object({ amount: Type.Number(), unit: literalUnion(['natural_hours', 'working_days'] as const, 'Unit of the limit') });
const TimeLimitsView = Type.Object({
  items: Type.Array(Type.Object({ code: Type.String(), sign: TimeLimit, contact: TimeLimit, reply: TimeLimit })),
  missingCalendarYears: Type.Array(Type.Integer(), { description: 'Current/next years without official holiday data' }),
});

const KnowledgeView = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  content: Type.String(),
  categoryId: nullable(Type.Integer()),
  keywords: Type.Array(Type.String()),
});

const Named = <T extends readonly string[]>(codes: T, what: string) =>
  Type.Object({
    code: enumString(codes, what),
    name: Type.String({ description: 'Chinese name (shown first)' }),
    nameEn: Type.String({ description: 'English name' }),
  });

const LabelsView = Type.Object({
  kinds: Type.Array(Named(TICKET_KINDS, 'Ticket kind'), { description: 'Every ticket kind, in the engine’s order (KindConfig.label)' }),
  sources: Type.Array(Named(TICKET_SOURCES, 'Ticket source (来源)'), { description: 'Every source a ticket may have, in the engine’s order' }),
});

/** The names of the engine's fixed lists (one source of truth: kinds.ts and sources.ts); the web shows these. */
const referenceLabels = () => ({
  kinds: TICKET_KINDS.map((code) => ({ code, name: KIND_CONFIGS[code].label.zh, nameEn: KIND_CONFIGS[code].label.en })),
  sources: TICKET_SOURCES.map((code) => ({ code, name: SOURCE_LABELS[code].zh, nameEn: SOURCE_LABELS[code].en })),
});

export function referenceRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/units',
      {
        schema: {
          ...routePolicy(ENGINE_POLICY, 'readReference'),
          tags: ['reference'],
          summary: 'Units of the district',
          response: { 200: items(UnitView), ...errorResponses(401) },
        },
      },
      async (req) => {
        requireUser(req);
        return { items: await listUnitsView(ctx) };
      },
    );

    app.get(
      '/api/categories',
      {
        schema: {
          ...routePolicy(ENGINE_POLICY, 'readReference'),
          tags: ['reference'],
          summary: 'The category tree (flat, with parentId)',
          response: { 200: items(CategoryView), ...errorResponses(401) },
        },
      },
      async (req) => {
        requireUser(req);
        const ref = await ctx.reference.get();
        return {
          items: ref.categories.map(categoryView),
        };
      },
    );

    app.get(
      '/api/divisions',
      {
        schema: {
          ...routePolicy(ENGINE_POLICY, 'readReference'),
          tags: ['reference'],
          summary: 'Streets/towns and communities of the district',
          response: { 200: items(DivisionView), ...errorResponses(401) },
        },
      },
      async (req) => {
        requireUser(req);
        const ref = await ctx.reference.get();
        return { items: [...ref.divisionByCode.values()].map((d) => ({ code: d.code, name: d.name, level: d.level, parentCode: d.parentCode })) };
      },
    );

    app.get(
      '/api/time-limits',
      {
        schema: {
          ...routePolicy(ENGINE_POLICY, 'readReference'),
          tags: ['reference'],
          summary: 'Time-limit classes (DOMAIN-RULES §4.2)',
          response: { 200: TimeLimitsView, ...errorResponses(401) },
        },
      },
      async (req) => {
        requireUser(req);
        const ref = await ctx.reference.get();
        return { items: Object.entries(ref.limits).map(([code, limits]) => ({ code, ...limits })), missingCalendarYears: ref.missingCalendarYears };
      },
    );

    app.get(
      '/api/reference/labels',
      {
        schema: {
          ...routePolicy(ENGINE_POLICY, 'readReference'),
          tags: ['reference'],
          summary: 'Names (Chinese and English) of the ticket kinds and sources',
          response: { 200: LabelsView, ...errorResponses(401) },
        },
      },
      async (req) => {
        requireUser(req);
        return referenceLabels();
      },
    );

    app.get(
      '/api/knowledge',
      {
        schema: {
          ...routePolicy(ENGINE_POLICY, 'readReference'),
          tags: ['reference'],
          summary: 'Search the knowledge base for answering consultations',
          querystring: Type.Object(
            { q: Type.Optional(Text(100, 'Words to look for')), categoryId: Type.Optional(RowId('Category')) },
            { additionalProperties: false },
          ),
          response: { 200: items(KnowledgeView), ...errorResponses(400, 401) },
        },
      },
      async (req) => {
        requireUser(req);
        return { items: await searchKnowledgeBase(ctx, req.query.q ?? '', req.query.categoryId) };
      },
    );
  };
}
