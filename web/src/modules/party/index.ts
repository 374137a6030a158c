/**
 * 党建 — party workers' pages (the organisation tree with counts, an organisation with its members masked and
 * reveals with a reason, create/move/retire, imports with a dry-run report) and the member's phone page
 * /m/party (my branch, my posts; a secretary's branch list, masked; 双报到; my households 我的包户; my
 * pledges); 党员包户 (households from the door boards, their carers, visits and sorting checks); 承诺践诺
 * review at /party-pledges and the public community board /m/party-board/:community; 组织生活 (三会一课 and
 * 主题党日): a branch's calendar, the workers' compliance page and a card on /m/party.
 */
import { lazy } from 'react';
import type { ModuleManifest } from '../../shell/module.ts';
import { partyEn } from './messages/party.en.ts';
import { partyZhCN } from './messages/party.zh-CN.ts';
import { pledgesEn } from './messages/pledges.en.ts';
import { pledgesZhCN } from './messages/pledges.zh-CN.ts';

declare module '../../shell/i18n.tsx' {
  interface ModuleMessages {
    party: typeof partyZhCN & typeof pledgesZhCN;
  }
}

const party: ModuleManifest<'party'> = {
  name: 'party',
  pages: [
    { path: '/party', title: 'nav.party', rule: 'party.browse', component: lazy(() => import('./PartyPage.tsx')) },
    { path: '/party-reportin', title: 'nav.partyReportIn', rule: 'party.reportinRead', component: lazy(() => import('./ReportInPage.tsx')) },
    {
      path: '/party-reportin-overview',
      title: 'nav.partyReportInOverview',
      rule: 'party.reportinOverview',
      component: lazy(() => import('./ReportInOverviewPage.tsx')),
    },
    { path: '/party-households', title: 'nav.partyHouseholds', rule: 'party.householdsRead', component: lazy(() => import('./HouseholdsPage.tsx')) },
    { path: '/party-meetings', title: 'nav.partyMeetings', rule: 'party.meetingRead', component: lazy(() => import('./MeetingsPage.tsx')) },
    {
      path: '/party-meetings-compliance',
      title: 'nav.partyMeetingsCompliance',
      rule: 'party.meetingCompliance',
      component: lazy(() => import('./MeetingsCompliancePage.tsx')),
    },
    { path: '/party-import', title: 'nav.partyImport', rule: 'party.import', component: lazy(() => import('./PartyImportPage.tsx')) },
    { path: '/party-pledges', title: 'nav.partyPledges', rule: 'party.pledgeRead', component: lazy(() => import('./PledgesPage.tsx')) },
  ],
  publicPages: [
    { path: '/m/party', component: lazy(() => import('./MobilePartyPage.tsx')) },
    { path: '/m/party-board/:community', component: lazy(() => import('./PledgeBoardPage.tsx')) },
  ],
  messages: { zh: { ...partyZhCN, ...pledgesZhCN }, en: { ...partyEn, ...pledgesEn } },
};

export default party;
