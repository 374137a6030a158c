/** 诉求人页面: the requester submits, follows and rates their request with a query code. */
import type { ModuleManifest } from '../../engine/module.ts';
import { publicRoutes } from './public.routes.ts';

export const publicRequests: ModuleManifest = {
  name: 'public',
  title: '诉求人页面 Requester pages',
  routes: (ctx, opts) => [publicRoutes(ctx, { publicRatePerMinute: opts.publicRatePerMinute })],
};
