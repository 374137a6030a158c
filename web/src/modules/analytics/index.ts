/** 考核与分析 — the monthly assessment rankings and the analytics charts. */
import { lazy } from 'react';
import type { ModuleManifest } from '../../shell/module.ts';
import { analyticsEn } from './messages/analytics.en.ts';
import { analyticsZhCN } from './messages/analytics.zh-CN.ts';

declare module '../../shell/i18n.tsx' {
  interface ModuleMessages {
    analytics: typeof analyticsZhCN;
  }
}

const analytics: ModuleManifest<'analytics'> = {
  name: 'analytics',
  pages: [
    { path: '/rankings', title: 'nav.rankings', rule: 'analytics.readRankings', component: lazy(() => import('./RankingsPage.tsx')) },
    { path: '/analytics', title: 'nav.analytics', rule: 'analytics.readAnalytics', component: lazy(() => import('./AnalyticsPage.tsx')) },
  ],
  messages: { zh: analyticsZhCN, en: analyticsEn },
};

export default analytics;
