/** Liveness and readiness: 200 once the server can serve (the database answers), 503 otherwise. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../application/context.ts';

export function healthRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/healthz',
      {
        schema: {
          tags: ['health'],
          summary: 'Ready to serve',
          response: {
            200: Type.Object({ status: Type.Literal('ok'), database: Type.String(), missingCalendarYears: Type.Array(Type.Integer()) }),
            503: Type.Object({ status: Type.Literal('unavailable'), database: Type.String() }),
          },
        },
      },
      async (_req, reply) => {
        const up = await ctx.database.ping();
        if (!up) return reply.status(503).send({ status: 'unavailable', database: ctx.database.driver });
        const ref = await ctx.reference.get();
        return { status: 'ok' as const, database: ctx.database.driver, missingCalendarYears: ref.missingCalendarYears };
      },
    );
  };
}
