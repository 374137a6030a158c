/** Imports: admins and the centre's supervisors. See src/engine/policy.ts. */
import { definePolicy } from '../../engine/policy.ts';

export const IMPORTS_POLICY = definePolicy('imports', {
  import: { roles: ['admin', 'centre_supervisor'] },
  readRuns: { roles: ['admin', 'centre_supervisor'] },
});
