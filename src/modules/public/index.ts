/** 诉求人页面: the requester submits, follows and rates their request with a query code. */
import type { ModuleManifest } from '../../engine/module.ts';
import { PUBLIC_POLICY } from './public.policy.ts';
import { publicRoutes } from './public.routes.ts';

export const publicRequests: ModuleManifest = {
  name: 'public',
  title: '诉求人页面 Requester pages',
  policy: PUBLIC_POLICY,
  routes: (ctx, opts) => [publicRoutes(ctx, { publicRatePerMinute: opts.publicRatePerMinute })],
};
