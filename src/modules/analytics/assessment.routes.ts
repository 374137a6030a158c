/** Monthly rankings per unit type, red and black lists, focus units; the versioned rules. */
import { routePolicy } from '../../engine/policy.ts';
import { ANALYTICS_POLICY } from './analytics.policy.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { addAssessmentRule, assessmentRules, monthlyRanking } from './assessment.service.ts';
import type { AppContext } from '../../engine/context.ts';
import { localMonth } from '../../engine/domain/calendar/local-time.ts';
import { requireUser } from '../../engine/http/auth.ts';
import { errorResponses, Month } from '../../platform/http/schemas.ts';
import { Ranking, Rule, RuleList } from './assessment.schemas.ts';

export function assessmentRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/assessment/rankings',
      {
        schema: {
          ...routePolicy(ANALYTICS_POLICY, 'readRankings'),
          tags: ['assessment'],
          summary: 'Monthly ranking per unit type: three rates, composite, grade, movement, measures; red/black lists; focus units',
          querystring: Type.Object({ month: Month }, { additionalProperties: false }),
          response: { 200: Ranking, ...errorResponses(400, 401, 422) },
        },
      },
      async (req) => {
        requireUser(req);
        const r = await monthlyRanking(ctx, req.query.month);
        const name = (id: number) => r.units.get(id)?.name ?? `#${id}`;
        return {
          month: r.ranking.month,
          groups: r.ranking.groups.map((g) => ({
            unitType: g.unitType,
            ruleVersion: g.rule.version,
            rankedCount: g.rankedCount,
            rows: g.rows.map((row) => {
              const whistle = r.whistleByUnit.get(row.unitId);
              return { ...row, unitName: name(row.unitId), ...(whistle === undefined ? {} : { whistle }) };
            }),
          })),
          lists: r.lists.map((l) => ({
            unitType: l.unitType,
            red: l.red.map((x) => ({ ...x, unitName: name(x.unitId) })),
            black: l.black.map((x) => ({ ...x, unitName: name(x.unitId) })),
          })),
          focusUnits: r.focusUnits.map((f) => ({ ...f, unitName: name(f.unitId) })),
        };
      },
    );

    app.get(
      '/api/assessment/rules',
      {
        schema: {
          ...routePolicy(ANALYTICS_POLICY, 'readRules'),
          tags: ['assessment'],
          summary: 'Assessment rule versions',
          response: { 200: RuleList, ...errorResponses(401) },
        },
      },
      async (req) => {
        requireUser(req);
        return { items: await assessmentRules(ctx) };
      },
    );

    app.post(
      '/api/assessment/rules',
      {
        schema: {
          ...routePolicy(ANALYTICS_POLICY, 'addRule'),
          tags: ['assessment'],
          summary: 'Add a rule version (takes effect this month or later); answers the rule as stored',
          body: Rule,
          response: { 201: Rule, ...errorResponses(400, 401, 403, 422) },
        },
      },
      async (req, reply) => {
        requireUser(req);
        return reply.status(201).send(await addAssessmentRule(ctx, req.body, localMonth(ctx.clock())));
      },
    );
  };
}
