/** Open311 is public (rate-limited per address). See src/engine/policy.ts. */
import { definePolicy } from '../../engine/policy.ts';

export const OPEN311_POLICY = definePolicy('open311', {
  public: { roles: 'public' },
});
