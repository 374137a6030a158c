/**
 * 接诉即办 — the 12345 hotline: the operator's intake, the units' inbox, the callback workbench, the
 * supervision centre's queues and the ticket page with its actions. Manifest and public face of the
 * module: other modules import from here only.
 */
import { lazy } from 'react';
import type { ModuleManifest } from '../../shell/module.ts';
import { ticketEn } from './messages/ticket.en.ts';
import { ticketZhCN } from './messages/ticket.zh-CN.ts';
import { workEn } from './messages/work.en.ts';
import { workZhCN } from './messages/work.zh-CN.ts';

export { StateTag } from './work/common.tsx';

const zh = { ...ticketZhCN, ...workZhCN };

declare module '../../shell/i18n.tsx' {
  interface ModuleMessages {
    hotline: typeof zh;
  }
}

const hotline: ModuleManifest<'hotline'> = {
  name: 'hotline',
  pages: [
    { path: '/intake', title: 'nav.intake', rule: 'engine.intake', component: lazy(() => import('./intake/IntakePage.tsx')) },
    { path: '/inbox', title: 'nav.inbox', rule: 'hotline.inboxPage', component: lazy(() => import('./work/InboxPage.tsx')) },
    { path: '/callback', title: 'nav.callback', rule: 'hotline.callback', component: lazy(() => import('./work/CallbackPage.tsx')) },
    { path: '/centre', title: 'nav.centre', rule: 'hotline.centrePage', component: lazy(() => import('./work/CentrePage.tsx')) },
    { path: '/tickets/:id', title: 'nav.ticket', rule: 'engine.readTickets', hidden: true, component: lazy(() => import('./ticket/TicketPage.tsx')) },
  ],
  messages: { zh, en: { ...ticketEn, ...workEn } },
};

export default hotline;
