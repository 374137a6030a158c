/** Open311 GeoReport v2 (placeholder until the full implementation lands). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../application/context.ts';

export function open311Routes(_ctx: AppContext, _opts: { publicRatePerMinute: number }): FastifyPluginAsyncTypebox {
  return async () => {};
}
