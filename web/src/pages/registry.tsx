/**
 * Every workbench page, lazily loaded (so Ant Design tables, ECharts … are fetched by the pages that
 * use them), with the roles that see it in the menu. The server still decides what each user may do.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { MessageKey } from '../messages/zh-CN.ts';

export interface PageDef {
  path: string;
  title: MessageKey;
  /** Shown in the menu to users holding one of these roles; empty = everyone signed in. */
  roles: string[];
  /** Hidden pages are reached by links (e.g. one ticket), not the menu. */
  hidden?: boolean;
  component: LazyExoticComponent<ComponentType>;
}

/** Ledgers (台账) are read by all staff (GET /api/ledgers…); editing is for supervisors and admins. */
const LEDGER_ROLES = ['operator', 'callback_agent', 'unit_handler', 'unit_leader', 'centre_supervisor', 'admin'];

export const PAGES: PageDef[] = [
  { path: '/', title: 'nav.home', roles: [], component: lazy(() => import('../shell/HomePage.tsx')) },
  { path: '/intake', title: 'nav.intake', roles: ['operator', 'centre_supervisor'], component: lazy(() => import('./IntakePage.tsx')) },
  { path: '/inbox', title: 'nav.inbox', roles: ['unit_handler', 'unit_leader'], component: lazy(() => import('./InboxPage.tsx')) },
  { path: '/callback', title: 'nav.callback', roles: ['callback_agent', 'centre_supervisor'], component: lazy(() => import('./CallbackPage.tsx')) },
  { path: '/centre', title: 'nav.centre', roles: ['centre_supervisor'], component: lazy(() => import('./CentrePage.tsx')) },
  { path: '/whistles', title: 'nav.whistles', roles: ['unit_handler', 'unit_leader', 'centre_supervisor'], component: lazy(() => import('./WhistlePage.tsx')) },
  { path: '/grid-report', title: 'nav.gridReport', roles: ['grid_worker'], component: lazy(() => import('./GridReportPage.tsx')) },
  { path: '/rankings', title: 'nav.rankings', roles: [], component: lazy(() => import('./RankingsPage.tsx')) },
  { path: '/analytics', title: 'nav.analytics', roles: ['centre_supervisor', 'admin', 'unit_leader'], component: lazy(() => import('./AnalyticsPage.tsx')) },
  { path: '/ledgers', title: 'nav.ledgers', roles: LEDGER_ROLES, component: lazy(() => import('./LedgersPage.tsx')) },
  { path: '/ledgers/:id', title: 'nav.ledger', roles: LEDGER_ROLES, hidden: true, component: lazy(() => import('./LedgerDetailPage.tsx')) },
  { path: '/imports', title: 'nav.imports', roles: ['admin', 'centre_supervisor'], component: lazy(() => import('./ImportsPage.tsx')) },
  // Door boards: admins and the centre see every community; street staff (handlers, leaders, grid workers) their street's.
  { path: '/boards', title: 'nav.boards', roles: ['admin', 'centre_supervisor', 'unit_handler', 'unit_leader', 'grid_worker'], component: lazy(() => import('./BoardsPage.tsx')) },
  { path: '/admin', title: 'nav.admin', roles: ['admin'], component: lazy(() => import('./AdminPage.tsx')) },
  { path: '/tickets/:id', title: 'nav.ticket', roles: [], hidden: true, component: lazy(() => import('./TicketPage.tsx')) },
];
