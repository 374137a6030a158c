/** Administration: admins only, except that the centre's supervisors read the dispatch catalogue. See src/engine/policy.ts. */
import { definePolicy } from '../../engine/policy.ts';

export const ADMIN_POLICY = definePolicy('admin', {
  /** The settings page (named by the web app, not by a route): each tab inside is read under its own rule. */
  settingsPage: { roles: ['admin'] },
  calendar: { roles: ['admin'] },
  timeLimits: { roles: ['admin'] },
  categories: { roles: ['admin'] },
  readEscalation: { roles: ['admin', 'centre_supervisor'] },
  editEscalation: { roles: ['admin'] },
  readCatalog: { roles: ['admin', 'centre_supervisor'] },
  editCatalog: { roles: ['admin'] },
  units: { roles: ['admin'] },
  users: { roles: ['admin'] },
});
