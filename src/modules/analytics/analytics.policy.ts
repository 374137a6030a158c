/** Who may read rankings and analytics and change the assessment rules. See src/engine/policy.ts. */
import { definePolicy } from '../../engine/policy.ts';

export const ANALYTICS_POLICY = definePolicy('analytics', {
  readRankings: { roles: 'signed-in' },
  readRules: { roles: 'signed-in' },
  addRule: { roles: ['admin', 'centre_supervisor'] },
  readAnalytics: { roles: ['centre_supervisor', 'admin', 'unit_leader'] },
});
