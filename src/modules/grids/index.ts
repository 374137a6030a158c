/** 网格: grids, their workers, and the problems grid workers report and resolve on the spot. */
import type { ModuleManifest } from '../../engine/module.ts';
import { GRIDS_POLICY } from './grids.policy.ts';
import { GRIDS_ERRORS } from './grids.errors.ts';
import { gridRoutes } from './grids.routes.ts';
import { gridAssignments, gridReports, grids as gridsTable } from './grids.table.ts';

export { districtGrids, seedDemoGrids } from './grids.service.ts';

export const grids: ModuleManifest = {
  name: 'grids',
  title: '网格 Grids and grid reports',
  policy: GRIDS_POLICY,
  routes: (ctx) => [gridRoutes(ctx)],
  tables: { grids: gridsTable, gridAssignments, gridReports },
  errors: GRIDS_ERRORS,
};
