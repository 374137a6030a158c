/** 吹哨报到: a street summons departments to a problem, they report in, it concludes with its ratings. */
import type { ModuleManifest } from '../../engine/module.ts';
import { WHISTLES_POLICY } from './whistles.policy.ts';
import { WHISTLES_ERRORS } from './whistles.errors.ts';
import { whistleRoutes } from './whistles.routes.ts';
import { whistleReports, whistles as whistlesTable } from './whistles.table.ts';

export { blowWhistle, rateDepartments, reportIn, whistleAssessment, type DepartmentWhistleFigures, type StreetWhistleFigures } from './whistles.service.ts';
export { BlownFigures, SummonedFigures } from './whistles.schemas.ts';

export const whistles: ModuleManifest = {
  name: 'whistles',
  title: '吹哨报到 Whistles',
  policy: WHISTLES_POLICY,
  routes: (ctx) => [whistleRoutes(ctx)],
  tables: { whistles: whistlesTable, whistleReports },
  errors: WHISTLES_ERRORS,
};
