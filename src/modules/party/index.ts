/**
 * 党建 Party organisations and members: the organisation tree (党委 › 党总支 › 党支部) and members with
 * their branch and home community; the star rating of branches (评星定级) and the brand programme
 * (党建品牌); 双报到; 党员包户 (households looked after by members). Other modules identify organisations and members by their ids and may use the functions
 * exported here (docs/PARTY.md).
 */
import type { ModuleManifest } from '../../engine/module.ts';
import * as brandTables from './brands.table.ts';
import { MEETING_ERRORS } from './meetings.errors.ts';
import { meetingRoutes } from './meetings.routes.ts';
import { seedDemoMeetings } from './meetings.seed.ts';
import * as meetingTables from './meetings.table.ts';
import { resealMembers } from './members.service.ts';
import { PARTY_ERRORS } from './party.errors.ts';
import { PARTY_POLICY } from './party.policy.ts';
import { countMembersSealedUnder } from './party.repository.ts';
import { partyRoutes } from './party.routes.ts';
import { isDemoDistrict, seedDemoParty } from './party.seed.ts';
import { seedDemoReportIn } from './reportin.seed.ts';
import { partyEvents, partyMemberReveals, partyMembers, partyOrganisations } from './party.table.ts';
import { PLEDGE_ERRORS } from './pledges.errors.ts';
import { pledgeRoutes } from './pledges.routes.ts';
import { seedDemoPledges } from './pledges.seed.ts';
import * as pledgeTables from './pledges.table.ts';
import { PARTY_RATING_ERRORS } from './rating.errors.ts';
import { partyRatingRoutes } from './rating.routes.ts';
import { seedPartyRatingDemo } from './rating.seed.ts';
import * as ratingTables from './rating.table.ts';
import { REPORTIN_ERRORS } from './reportin.errors.ts';
import { reportinRoutes } from './reportin.routes.ts';
import * as reportinTables from './reportin.table.ts';
import { HOUSEHOLD_ERRORS } from './households.errors.ts';
import { householdRoutes } from './households.routes.ts';
import { seedDemoHouseholds } from './households.seed.ts';
import * as householdTables from './households.table.ts';

export { inScope, isSecretary, LEVEL_LABELS, ORGANISATION_LEVELS, postLabel, type OrganisationLevel, type PartyScope } from './party.domain.ts';
export { organisationScope, findMemberByUser, organisationOfScope, secretaryBranchOf, type PartyMemberRef } from './party.exports.ts';
export { seedDemoParty } from './party.seed.ts';
export { seedDemoReportIn } from './reportin.seed.ts';
export { seedDemoPledges } from './pledges.seed.ts';
export { seedDemoMeetings } from './meetings.seed.ts';

export const party: ModuleManifest = {
  name: 'party',
  title: '党建 Party organisations and members',
  /** One policy: the tree's and members' rules, the rating's and brands' (`rating…`, `brand…`) and 双报到's (`reportin…`). */
  policy: PARTY_POLICY,
  routes: (ctx, opts) => [
    partyRoutes(ctx),
    partyRatingRoutes(ctx),
    reportinRoutes(ctx),
    householdRoutes(ctx),
    pledgeRoutes(ctx, { publicRatePerMinute: opts.publicRatePerMinute }),
    meetingRoutes(ctx),
  ],
  tables: {
    partyOrganisations,
    partyMembers,
    partyMemberReveals,
    partyEvents,
    ...ratingTables,
    ...brandTables,
    ...reportinTables,
    ...householdTables,
    ...pledgeTables,
    ...meetingTables,
  },
  errors: { ...PARTY_ERRORS, ...PARTY_RATING_ERRORS, ...REPORTIN_ERRORS, ...HOUSEHOLD_ERRORS, ...PLEDGE_ERRORS, ...MEETING_ERRORS },
  /** Members' names, ID numbers and phones follow a key rotation. */
  personalData: { reseal: resealMembers, countSealedUnder: countMembersSealedUnder },
  /**
   * After the volunteers' demo (its first volunteer becomes a branch secretary): the tree, ~1,500 members,
   * the party workers' accounts; then 双报到: report-ins, needs and claims, attendance, evaluations; then
   * 党员包户: the door boards' households, their carers, a month of visits and sorting checks; then 承诺践诺
   * and 先锋岗: pledges with fulfilment, last year's assessed, pioneer posts; then this year's 三会一课 and
   * 主题党日 up to today. The star rating (last year's closed cycle, this year's open one under the
   * version with platform indicators, read as the meetings and 双报到 stand) and a brand programme come
   * right after the tree.
   */
  seed: async (ctx, { say }) => {
    await seedDemoParty(ctx, say);
    // The history below for the demo district only (its seeds sign in with the plain demo names).
    if (!(await isDemoDistrict(ctx))) return;
    // Before the others: its street workers' and experts' accounts serve the pledges' demo too.
    await seedPartyRatingDemo(ctx, say);
    await seedDemoReportIn(ctx, say);
    await seedDemoHouseholds(ctx, say);
    await seedDemoPledges(ctx, say);
    await seedDemoMeetings(ctx, say);
  },
};
