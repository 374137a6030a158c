/**
 * Analytics: request volume (by month, category, street/town) and the three rates by month.
 * Aggregates only, no personal data. Who may read them: the centre's supervisors, admins and unit
 * leaders (a leader compares their unit with the district; the per-unit rates are the same numbers the
 * rankings publish to every signed-in user). Operators, callback agents and handlers do not need them.
 */
import { routePolicy } from '../../engine/policy.ts';
import { ANALYTICS_POLICY } from './analytics.policy.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from 'typebox';
import { monthlyRates, requestVolume } from './analytics.service.ts';
import type { AppContext } from '../../engine/context.ts';
import { requireUser } from '../../engine/http/auth.ts';
import { errorResponses, literalUnion } from '../../platform/http/schemas.ts';

/** The roles that see the analytics (also the roles of the /analytics page in the web app). */
export const ANALYTICS_ROLES = ['centre_supervisor', 'admin', 'unit_leader'] as const;

const nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);
const Rate = (what: string) => nullable(Type.Number({ minimum: 0, maximum: 1, description: `${what}, 0–1; null without valid callbacks` }));

const RateFigures = Type.Object({
  validCallbacks: Type.Integer({ minimum: 0, description: 'Valid callbacks (有效回访): the denominator of the three rates' }),
  responseRate: Rate('响应率 contacted / valid callbacks'),
  resolutionRate: Rate('解决率 resolved / valid callbacks'),
  satisfactionRate: Rate('满意率 (satisfied + w × basically satisfied) / valid callbacks'),
  composite: nullable(Type.Number({ minimum: 0, maximum: 100, description: 'Composite score 0–100 under the rule’s weights' })),
  ruleVersion: nullable(Type.String({ description: 'Assessment rule version the figures were computed under' })),
});

const MONTH_PATTERN = '^\\d{4}-(0[1-9]|1[0-2])$';
const Period = {
  from: Type.String({ pattern: MONTH_PATTERN, description: 'First month of the period, YYYY-MM (Asia/Shanghai)' }),
  to: Type.String({ pattern: MONTH_PATTERN, description: 'Last month of the period (inclusive), YYYY-MM; at most 36 months in all' }),
};

const VolumeResponse = Type.Object({
  from: Type.String(),
  to: Type.String(),
  groupBy: Type.String(),
  district: Type.Object({
    code: Type.String({ description: 'Division code of the district this deployment serves' }),
    name: Type.String(),
    total: Type.Integer({ minimum: 0, description: 'Requests accepted in the period' }),
  }),
  items: Type.Array(
    Type.Object({
      key: nullable(Type.String({ description: 'Month YYYY-MM, category id or street/town code; null = uncategorised / no place' })),
      name: Type.String(),
      nameEn: Type.String(),
      count: Type.Integer({ minimum: 0, description: 'Requests accepted in the period' }),
      level: Type.Optional(Type.Integer({ minimum: 1, maximum: 2, description: 'Categories: 1 top level, 2 second level (counts include everything below)' })),
      parentKey: Type.Optional(nullable(Type.String({ description: 'Second-level categories: the top-level category id' }))),
      rates: Type.Optional(RateFigures),
    }),
  ),
});

const RatesResponse = Type.Object({
  from: Type.String(),
  to: Type.String(),
  unit: nullable(
    Type.Object({ id: Type.Integer(), name: Type.String(), nameEn: Type.String(), unitType: Type.String() }, { description: 'null = the whole district' }),
  ),
  items: Type.Array(Type.Object({ month: Type.String(), ...RateFigures.properties })),
});

export function analyticsRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/analytics/volume',
      {
        schema: {
          ...routePolicy(ANALYTICS_POLICY, 'readAnalytics'),
          tags: ['analytics'],
          summary: 'Request volume over a period, by month, category (levels 1–2) or street/town (with the rates of each place)',
          querystring: Type.Object(
            {
              ...Period,
              groupBy: literalUnion(
                ['month', 'category', 'street'] as const,
                'month: every month of the period; category: top two levels; street: every street/town',
              ),
            },
            { additionalProperties: false },
          ),
          response: { 200: VolumeResponse, ...errorResponses(400, 401, 403) },
        },
      },
      async (req) => {
        requireUser(req);
        return requestVolume(ctx, req.query.from, req.query.to, req.query.groupBy);
      },
    );

    app.get(
      '/api/analytics/rates',
      {
        schema: {
          ...routePolicy(ANALYTICS_POLICY, 'readAnalytics'),
          tags: ['analytics'],
          summary: 'The three rates and the composite per month, for the district or one unit as lead handler',
          querystring: Type.Object(
            { ...Period, unitId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'A unit; absent = the whole district' })) },
            { additionalProperties: false },
          ),
          response: { 200: RatesResponse, ...errorResponses(400, 401, 403, 422) },
        },
      },
      async (req) => {
        requireUser(req);
        return monthlyRates(ctx, req.query.from, req.query.to, req.query.unitId);
      },
    );
  };
}
