/** 网格化 — a grid worker reports a problem found in their grid (the grids themselves are managed in admin). */
import { lazy } from 'react';
import type { ModuleManifest } from '../../shell/module.ts';
import { gridEn } from './messages/grid.en.ts';
import { gridZhCN } from './messages/grid.zh-CN.ts';

declare module '../../shell/i18n.tsx' {
  interface ModuleMessages {
    grids: typeof gridZhCN;
  }
}

const grids: ModuleManifest<'grids'> = {
  name: 'grids',
  pages: [{ path: '/grid-report', title: 'nav.gridReport', rule: 'grids.report', component: lazy(() => import('./GridReportPage.tsx')) }],
  messages: { zh: gridZhCN, en: gridEn },
};

export default grids;
