/** Who works which queue of the hotline. See src/engine/policy.ts. */
import { definePolicy } from '../../engine/policy.ts';

export const HOTLINE_POLICY = definePolicy('hotline', {
  /** The list of queues a user may work, and the unit's inbox. */
  queues: { roles: 'signed-in', scope: 'each queue by its own rule below; the inbox shows the user’s unit' },
  // Workbench pages (named by the web app, not by a route): each tab inside is read under its own rule.
  inboxPage: { roles: ['unit_handler', 'unit_leader'] },
  centrePage: { roles: ['centre_supervisor'] },
  // The centre's queues: supervisors decide; callback agents (and supervisors) call back.
  overdue: { roles: ['centre_supervisor'] },
  objections: { roles: ['centre_supervisor'] },
  extensions: { roles: ['centre_supervisor'] },
  appeals: { roles: ['centre_supervisor'] },
  unsatisfied: { roles: ['centre_supervisor'] },
  undispatched: { roles: ['centre_supervisor'] },
  deferralReview: { roles: ['centre_supervisor'] },
  callback: { roles: ['callback_agent', 'centre_supervisor'] },
});
