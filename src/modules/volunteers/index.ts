/**
 * 志愿服务 Volunteers: practice stations (units of type station), residents' accounts, volunteer
 * profiles, teams and roster imports. Other modules identify volunteers by `users.id` and stations by
 * `units.id`; they may use the functions exported here.
 */
import type { ModuleManifest } from '../../engine/module.ts';
import { resealResidents } from './residents.service.ts';
import { ensureStations, seedDemoVolunteers } from './stations.service.ts';
import { VOLUNTEERS_ERRORS } from './volunteers.errors.ts';
import { VOLUNTEERS_POLICY } from './volunteers.policy.ts';
import { countResidentsSealedUnder } from './volunteers.repository.ts';
import { orderRoutes } from './orders.routes.ts';
import { seedDemoOrders } from './orders.seed.ts';
import { volunteerRoutes } from './volunteers.routes.ts';
import { serviceMenuItems, serviceOrderAssignments, serviceOrders } from './orders.table.ts';
import { residentReveals, residents, volunteerProfiles, volunteerTeamMembers, volunteerTeams } from './volunteers.table.ts';

export { ensureStations, seedDemoVolunteers } from './stations.service.ts';
export { onOrderServed, type OrderServed, type OrderServedHook } from './orders.service.ts';
export { seedDemoStreetVolunteers } from './volunteers.seed.ts';
export { districtTeamMemberships, volunteerPublicNames, type TeamMembership } from './volunteers.service.ts';
export { rankTeams, SKILLS, SKILL_CODES, type Skill, type TeamTotal } from './volunteers.domain.ts';
/** The resident ID number's rules (GB 11643 check character, region, birth date) and masks, for other modules holding ID numbers. */
export { ID_PROBLEM_WORDS, idCheckChar, idNumberProblem, maskIdNumber, normaliseIdNumber, normaliseMobile, type IdNumberProblem } from './volunteers.domain.ts';
export { registerResident, residentAccountByPhone } from './residents.service.ts';

export const volunteers: ModuleManifest = {
  name: 'volunteers',
  title: '志愿服务 Volunteers',
  policy: VOLUNTEERS_POLICY,
  routes: (ctx, opts) => [volunteerRoutes(ctx, opts), orderRoutes(ctx)],
  tables: { residents, volunteerProfiles, volunteerTeams, volunteerTeamMembers, residentReveals, serviceMenuItems, serviceOrders, serviceOrderAssignments },
  errors: VOLUNTEERS_ERRORS,
  /** Residents' names and ID numbers follow a key rotation. */
  personalData: { reseal: resealResidents, countSealedUnder: countResidentsSealedUnder },
  /** The district's practice stations, from its division tree (a centre, a 所 per street, a 站 per community). */
  ensureReference: (ctx) => ensureStations(ctx),
  /**
   * After the demo accounts: the district's stations from its division tree, two station staff accounts, three volunteers
   * and a team; with demo history asked for, the first community station's menu and a year of service orders (one per six demo tickets, at most 240)
   * driven through the use cases.
   */
  seed: async (ctx, { demoTickets, say }) => {
    await seedDemoVolunteers(ctx, say);
    if (demoTickets <= 0) return;
    const started = Date.now();
    const r = await seedDemoOrders(ctx, { orders: Math.min(240, Math.ceil(demoTickets / 6)), months: 12, seed: 20261207 });
    if (r !== null)
      say(
        `Demo service orders: ${r.orders} over 12 months (${r.closed} rated and closed, ${r.declined} declined once) in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
      );
  },
};
