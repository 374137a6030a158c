/** 导入: findings and history files into tickets (dry run, row report, all or nothing, idempotent), with the runs recorded. */
import type { ModuleManifest } from '../../engine/module.ts';
import { IMPORTS_POLICY } from './imports.policy.ts';
import { importRoutes } from './imports.routes.ts';
import { importRuns } from './imports.table.ts';

export const imports: ModuleManifest = {
  name: 'imports',
  title: '导入 Imports',
  policy: IMPORTS_POLICY,
  routes: (ctx) => [importRoutes(ctx)],
  tables: { importRuns },
};
