/** Liveness and readiness: 200 once the server can serve (the database answers), 503 otherwise. */
import { routePolicy } from '../policy.ts';
import { ENGINE_POLICY } from '../engine.policy.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../context.ts';
import { classifyDatabaseError } from '../../platform/db/availability.ts';
import { DATABASE_RETRY_AFTER_SECONDS } from '../../platform/http/errors.ts';

export function healthRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/healthz',
      {
        schema: {
          ...routePolicy(ENGINE_POLICY, 'health'),
          tags: ['health'],
          summary: 'Ready to serve',
          response: {
            200: Type.Object({ status: Type.Literal('ok'), database: Type.String(), missingCalendarYears: Type.Array(Type.Integer()) }),
            503: Type.Object({ status: Type.Literal('unavailable'), database: Type.String() }),
          },
        },
      },
      async (_req, reply) => {
        const unavailable = () =>
          reply.status(503).header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS)).send({ status: 'unavailable', database: ctx.database.driver });
        // Asks the database every time (no cached answer), so the check turns green by itself when it returns.
        if (!(await ctx.database.ping())) return unavailable();
        try {
          const ref = await ctx.reference.get();
          return { status: 'ok' as const, database: ctx.database.driver, missingCalendarYears: ref.missingCalendarYears };
        } catch (e) {
          // Gone between the ping and the reference load: still this route's own 503 body.
          if (classifyDatabaseError(e) !== null) return unavailable();
          throw e;
        }
      },
    );
  };
}
