/**
 * 文明积分银行 Civilisation points bank: earning rules, double-entry accounts, the redemption catalogue
 * and redemptions, the audit. Other modules award points only through `awardPoints` (in their own
 * transaction) and read balances through `balanceOf`; the composition root (src/main.ts) pays service
 * hours through `awardHours` in the activities module's transaction.
 */
import type { ModuleManifest } from '../../engine/module.ts';
import { POINTS_ERRORS } from './points.errors.ts';
import { POINTS_POLICY } from './points.policy.ts';
import { pointsRoutes } from './points.routes.ts';
import { seedPointsDemo } from './points.seed.ts';
import * as pointsTables from './points.table.ts';

export { awardHours, awardPoints, balanceOf, type AwardInput, type AwardResult, type HoursAwardInput, type HoursAwardResult } from './points.service.ts';

export const points: ModuleManifest = {
  name: 'points',
  title: '文明积分银行 Points bank',
  policy: POINTS_POLICY,
  routes: (ctx) => [pointsRoutes(ctx)],
  tables: pointsTables,
  seed: (ctx) => seedPointsDemo(ctx),
  errors: POINTS_ERRORS,
};
