/** What every use case of the engine and the modules receives: the platform's context and the cached reference data. */
import type { PlatformContext } from '../platform/context.ts';
import type { ReferenceCache } from './reference/reference-cache.ts';

export type { Clock } from '../platform/context.ts';

export interface AppContext extends PlatformContext {
  reference: ReferenceCache;
}
