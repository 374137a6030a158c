/** 系统管理: users and units, the calendar, time limits, the dispatch catalogue. */
import type { ModuleManifest } from '../../engine/module.ts';
import { ADMIN_POLICY } from './admin.policy.ts';
import { ADMIN_ERRORS } from './admin.errors.ts';
import { adminRoutes } from './admin.routes.ts';
import { userRoutes } from './users.routes.ts';

export const admin: ModuleManifest = {
  name: 'admin',
  title: '系统管理 Administration',
  policy: ADMIN_POLICY,
  routes: (ctx) => [adminRoutes(ctx), userRoutes(ctx)],
  errors: ADMIN_ERRORS,
};

/** The password rules of every account (staff, residents): other modules open accounts too. */
export { checkPassword } from './users.service.ts';
