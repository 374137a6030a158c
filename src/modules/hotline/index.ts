/** 12345 热线: the work queues of the centre and the units (inbox, callback, bulk sign-off). */
import type { ModuleManifest } from '../../engine/module.ts';
import { queueRoutes } from './queues.routes.ts';

export const hotline: ModuleManifest = {
  name: 'hotline',
  title: '接诉即办 Hotline work queues',
  routes: (ctx) => [queueRoutes(ctx)],
};
