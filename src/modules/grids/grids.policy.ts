/** Grids: admins manage them and their workers, grid workers report. See src/engine/policy.ts. */
import { definePolicy } from '../../engine/policy.ts';

export const GRIDS_POLICY = definePolicy('grids', {
  manage: { roles: ['admin'] },
  list: { roles: 'signed-in' },
  report: { roles: ['grid_worker'], scope: 'in one of the worker’s own grids' },
});
