/** 文明积分银行 — the points bank: catalogue and stock, earning rules, the audit, good-conduct awards, hand-outs; the holder's and the street worker's phone pages. */
import { lazy } from 'react';
import type { ModuleManifest } from '../../shell/module.ts';
import { pointsEn } from './messages/points.en.ts';
import { pointsZhCN } from './messages/points.zh-CN.ts';

declare module '../../shell/i18n.tsx' {
  interface ModuleMessages {
    points: typeof pointsZhCN;
  }
}

const points: ModuleManifest<'points'> = {
  name: 'points',
  pages: [{ path: '/points', title: 'nav.points', rule: 'points.bankPage', component: lazy(() => import('./PointsBankPage.tsx')) }],
  // Phone pages outside the workbench (the activities module's MobileShell sends a visitor to sign in and back).
  publicPages: [
    { path: '/m/points', component: lazy(() => import('./MobilePointsPage.tsx')) },
    { path: '/m/points/conduct', component: lazy(() => import('./MobileConductPage.tsx')) },
  ],
  messages: { zh: pointsZhCN, en: pointsEn },
};

export default points;
