/** 志愿活动 — volunteer activities: organisers' pages (activities, lists, the live QR code, hours) and the volunteer's mobile pages. */
import { lazy } from 'react';
import type { ModuleManifest } from '../../shell/module.ts';
import { activitiesEn } from './messages/activities.en.ts';
import { activitiesZhCN } from './messages/activities.zh-CN.ts';

/** The phone pages' frame (sign-in, links between the mobile pages), shared with the points bank's phone pages. */
export { default as MobileShell } from './MobileShell.tsx';

declare module '../../shell/i18n.tsx' {
  interface ModuleMessages {
    activities: typeof activitiesZhCN;
  }
}

const activities: ModuleManifest<'activities'> = {
  name: 'activities',
  pages: [
    { path: '/activities', title: 'nav.activities', rule: 'activities.manage', component: lazy(() => import('./ActivitiesPage.tsx')) },
    {
      path: '/activities/leaderboard',
      title: 'nav.activityBoard',
      rule: 'activities.leaderboard',
      hidden: true,
      component: lazy(() => import('./LeaderboardPage.tsx')),
    },
    {
      path: '/activities/figures',
      title: 'nav.activityFigures',
      rule: 'activities.figures',
      component: lazy(() => import('./FiguresPage.tsx')),
    },
    {
      path: '/activities/sessions/:sessionId',
      title: 'nav.activitySession',
      rule: 'activities.manage',
      hidden: true,
      component: lazy(() => import('./SessionPage.tsx')),
    },
    {
      path: '/activities/sessions/:sessionId/qr',
      title: 'nav.activityQr',
      rule: 'activities.manage',
      hidden: true,
      component: lazy(() => import('./QrScreen.tsx')),
    },
  ],
  // Signed-in pages outside the workbench (MobileShell sends a visitor to sign in and back).
  publicPages: [
    { path: '/m/activities', component: lazy(() => import('./MobileActivitiesPage.tsx')) },
    { path: '/m/check-in', component: lazy(() => import('./MobileCheckInPage.tsx')) },
    { path: '/m/hours', component: lazy(() => import('./MobileHoursPage.tsx')) },
  ],
  messages: { zh: activitiesZhCN, en: activitiesEn },
};

export default activities;
