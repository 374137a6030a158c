/** Ledgers (台账) are read by all staff; the centre's supervisors and admins keep them. See src/engine/policy.ts. */
import { definePolicy } from '../../engine/policy.ts';

export const LEDGERS_POLICY = definePolicy('ledgers', {
  read: { roles: ['operator', 'callback_agent', 'unit_handler', 'unit_leader', 'centre_supervisor', 'admin'] },
  edit: { roles: ['centre_supervisor', 'admin'] },
});
