/**
 * 志愿服务 — station staff's pages (volunteers, teams, roster import) and the residents' phone pages under
 * /m/volunteer (sign in, open or claim an account, register as a volunteer with consent, teams); service orders
 * (点单派单) for the station and /m/orders for residents and team leaders.
 */
import { lazy } from 'react';
import type { ModuleManifest } from '../../shell/module.ts';
import { ordersEn } from './messages/orders.en.ts';
import { ordersZhCN } from './messages/orders.zh-CN.ts';
import { volunteerEn } from './messages/volunteer.en.ts';
import { volunteerZhCN } from './messages/volunteer.zh-CN.ts';

declare module '../../shell/i18n.tsx' {
  interface ModuleMessages {
    volunteers: typeof volunteerZhCN & typeof ordersZhCN;
  }
}

const volunteers: ModuleManifest<'volunteers'> = {
  name: 'volunteers',
  pages: [
    { path: '/volunteers', title: 'nav.volunteers', rule: 'volunteers.manage', component: lazy(() => import('./VolunteersPage.tsx')) },
    { path: '/volunteer-teams', title: 'nav.volunteerTeams', rule: 'volunteers.manage', component: lazy(() => import('./TeamsPage.tsx')) },
    { path: '/volunteer-import', title: 'nav.volunteerImport', rule: 'volunteers.manage', component: lazy(() => import('./RosterImportPage.tsx')) },
    { path: '/volunteer-orders', title: 'nav.volunteerOrders', rule: 'volunteers.dispatchOrders', component: lazy(() => import('./OrdersPage.tsx')) },
    { path: '/hotline-orders', title: 'nav.hotlineOrder', rule: 'volunteers.orderOnHotline', component: lazy(() => import('./HotlineOrderPage.tsx')) },
  ],
  publicPages: [
    { path: '/m/volunteer/*', component: lazy(() => import('./MobileVolunteerPage.tsx')) },
    { path: '/m/orders', component: lazy(() => import('./MobileOrdersPage.tsx')) },
  ],
  messages: { zh: { ...volunteerZhCN, ...ordersZhCN }, en: { ...volunteerEn, ...ordersEn } },
};

export default volunteers;
