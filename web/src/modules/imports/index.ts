/** 批量导入 — findings and historical tickets from CSV/XLSX files, with a dry run and the run history. */
import { lazy } from 'react';
import type { ModuleManifest } from '../../shell/module.ts';
import { importsEn } from './messages/imports.en.ts';
import { importsZhCN } from './messages/imports.zh-CN.ts';

declare module '../../shell/i18n.tsx' {
  interface ModuleMessages {
    imports: typeof importsZhCN;
  }
}

const imports: ModuleManifest<'imports'> = {
  name: 'imports',
  pages: [{ path: '/imports', title: 'nav.imports', rule: 'imports.readRuns', component: lazy(() => import('./ImportsPage.tsx')) }],
  messages: { zh: importsZhCN, en: importsEn },
};

export default imports;
