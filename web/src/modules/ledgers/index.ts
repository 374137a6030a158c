/** 台账 — ledgers: tickets gathered by rules or by hand, with live counts, summaries and Excel export/import. */
import { lazy } from 'react';
import type { ModuleManifest } from '../../shell/module.ts';
import { ledgerEn } from './messages/ledger.en.ts';
import { ledgerZhCN } from './messages/ledger.zh-CN.ts';

/** Ledgers (台账) are read by all staff (GET /api/ledgers…); editing is for supervisors and admins. */
const LEDGER_ROLES = ['operator', 'callback_agent', 'unit_handler', 'unit_leader', 'centre_supervisor', 'admin'];

declare module '../../shell/i18n.tsx' {
  interface ModuleMessages {
    ledgers: typeof ledgerZhCN;
  }
}

const ledgers: ModuleManifest<'ledgers'> = {
  name: 'ledgers',
  pages: [
    { path: '/ledgers', title: 'nav.ledgers', roles: LEDGER_ROLES, component: lazy(() => import('./LedgersPage.tsx')) },
    { path: '/ledgers/:id', title: 'nav.ledger', roles: LEDGER_ROLES, hidden: true, component: lazy(() => import('./LedgerDetailPage.tsx')) },
  ],
  messages: { zh: ledgerZhCN, en: ledgerEn },
};

export default ledgers;
