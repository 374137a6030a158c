/** 台账 — ledgers: tickets gathered by rules or by hand, with live counts, summaries and Excel export/import. */
import { lazy } from 'react';
import type { ModuleManifest } from '../../shell/module.ts';
import { ledgerEn } from './messages/ledger.en.ts';
import { ledgerZhCN } from './messages/ledger.zh-CN.ts';

declare module '../../shell/i18n.tsx' {
  interface ModuleMessages {
    ledgers: typeof ledgerZhCN;
  }
}

const ledgers: ModuleManifest<'ledgers'> = {
  name: 'ledgers',
  pages: [
    { path: '/ledgers', title: 'nav.ledgers', rule: 'ledgers.read', component: lazy(() => import('./LedgersPage.tsx')) },
    { path: '/ledgers/:id', title: 'nav.ledger', rule: 'ledgers.read', hidden: true, component: lazy(() => import('./LedgerDetailPage.tsx')) },
  ],
  messages: { zh: ledgerZhCN, en: ledgerEn },
};

export default ledgers;
