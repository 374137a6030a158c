/**
 * 系统管理 — administration: units, users and roles, categories and the dispatch catalogue, time limits,
 * the holiday calendar, the assessment weights and the grids.
 */
import { lazy } from 'react';
import type { ModuleManifest } from '../../shell/module.ts';
import { adminEn } from './messages/admin.en.ts';
import { adminZhCN } from './messages/admin.zh-CN.ts';

declare module '../../shell/i18n.tsx' {
  interface ModuleMessages {
    admin: typeof adminZhCN;
  }
}

const admin: ModuleManifest<'admin'> = {
  name: 'admin',
  pages: [{ path: '/admin', title: 'nav.admin', rule: 'admin.settingsPage', component: lazy(() => import('./AdminPage.tsx')) }],
  messages: { zh: adminZhCN, en: adminEn },
};

export default admin;
