/** 考核与分析: monthly rankings under versioned rules, red/black lists, focus units, hotspots and trends. */
import type { ModuleManifest } from '../../engine/module.ts';
import { ANALYTICS_POLICY } from './analytics.policy.ts';
import { ANALYTICS_ERRORS } from './analytics.errors.ts';
import { analyticsRoutes } from './analytics.routes.ts';
import { checkRankingAggregatesAfterRestore } from './assessment.repository.ts';
import { assessmentRoutes } from './assessment.routes.ts';
import { assessmentRules } from './assessment-rules.table.ts';
import { rankingAggregates } from './ranking-aggregates.table.ts';

export { ensureDefaultAssessmentRules } from './assessment.service.ts';

export const analytics: ModuleManifest = {
  name: 'analytics',
  title: '考核与分析 Assessment and analytics',
  policy: ANALYTICS_POLICY,
  routes: (ctx) => [assessmentRoutes(ctx), analyticsRoutes(ctx)],
  tables: { rankingAggregates, assessmentRules },
  afterRestore: checkRankingAggregatesAfterRestore,
  errors: ANALYTICS_ERRORS,
};
