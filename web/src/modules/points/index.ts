/** 文明积分银行 — the points bank: catalogue and stock, earning rules, the audit, good-conduct awards. */
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
  messages: { zh: pointsZhCN, en: pointsEn },
};

export default points;
