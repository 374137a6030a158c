/** Reference data for forms: units, categories, places, time limits, knowledge base. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../application/context.ts';
import { listUnitsView } from '../../application/units.ts';
import { searchKnowledgeBase } from '../../application/knowledge.ts';
import { requireUser } from '../auth.ts';
import { errorResponses, RowId, Text } from '../schemas.ts';

export function referenceRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/api/units', { schema: { tags: ['reference'], summary: 'Units of the district', response: errorResponses(401) } }, async (req) => {
      requireUser(req);
      return { items: await listUnitsView(ctx) };
    });

    app.get('/api/categories', { schema: { tags: ['reference'], summary: 'The category tree (flat, with parentId)', response: errorResponses(401) } }, async (req) => {
      requireUser(req);
      const ref = await ctx.reference.get();
      return {
        items: ref.categories.map((c) => ({
          id: c.id,
          code: c.code,
          name: c.name,
          nameEn: c.nameEn,
          parentId: c.parentId,
          level: c.level,
          path: c.path,
          isLeaf: c.isLeaf,
          timeLimitClass: c.timeLimitClass,
          keywords: c.keywords,
          active: c.active,
        })),
      };
    });

    app.get('/api/divisions', { schema: { tags: ['reference'], summary: 'Streets/towns and communities of the district', response: errorResponses(401) } }, async (req) => {
      requireUser(req);
      const ref = await ctx.reference.get();
      return { items: [...ref.divisionByCode.values()].map((d) => ({ code: d.code, name: d.name, level: d.level, parentCode: d.parentCode })) };
    });

    app.get('/api/time-limits', { schema: { tags: ['reference'], summary: 'Time-limit classes (DOMAIN §4.2)', response: errorResponses(401) } }, async (req) => {
      requireUser(req);
      const ref = await ctx.reference.get();
      return { items: Object.entries(ref.limits).map(([code, limits]) => ({ code, ...limits })), missingCalendarYears: ref.missingCalendarYears };
    });

    app.get(
      '/api/knowledge',
      {
        schema: {
          tags: ['reference'],
          summary: 'Search the knowledge base for answering consultations',
          querystring: Type.Object({ q: Type.Optional(Text(100, 'Words to look for')), categoryId: Type.Optional(RowId('Category')) }, { additionalProperties: false }),
          response: errorResponses(400, 401),
        },
      },
      async (req) => {
        requireUser(req);
        return { items: await searchKnowledgeBase(ctx, req.query.q ?? '', req.query.categoryId) };
      },
    );
  };
}
