/** 12345 热线: the work queues of the centre and the units (inbox, callback, bulk sign-off). */
import type { ModuleManifest } from '../../engine/module.ts';
import { HOTLINE_POLICY } from './hotline.policy.ts';
import { queueRoutes } from './queues.routes.ts';

export const hotline: ModuleManifest = {
  name: 'hotline',
  title: '接诉即办 Hotline work queues',
  policy: HOTLINE_POLICY,
  routes: (ctx) => [queueRoutes(ctx)],
};
