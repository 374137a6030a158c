/** 楼门院治理: buildings and their door boards (四公示一门牌) with QR codes to the public board page. */
import type { ModuleManifest } from '../../engine/module.ts';
import { BOARDS_POLICY } from './boards.policy.ts';
import { BOARDS_ERRORS } from './boards.errors.ts';
import { buildingRoutes } from './boards.routes.ts';
import { buildings } from './boards.table.ts';

export { buildingByCode, buildingsOfCommunity, seedDemoBuildings, type BuildingRef } from './boards.service.ts';

export const boards: ModuleManifest = {
  name: 'boards',
  title: '楼门院 Door boards',
  policy: BOARDS_POLICY,
  routes: (ctx, opts) => [buildingRoutes(ctx, { publicRatePerMinute: opts.publicRatePerMinute, publicBaseUrl: opts.publicBaseUrl })],
  tables: { buildings },
  errors: BOARDS_ERRORS,
};
