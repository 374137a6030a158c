/**
 * 吹哨报到 — a street summons departments to a matter, they report in, the street rates them. Manifest
 * and public face of the module: other modules import from here only.
 */
import { lazy } from 'react';
import type { ModuleManifest } from '../../shell/module.ts';
import { whistleEn } from './messages/whistle.en.ts';
import { whistleZhCN } from './messages/whistle.zh-CN.ts';

/** The whistle side of a ticket page (the whistles blown from it, or the ticket a whistle started from). */
export { default as TicketWhistles } from './TicketWhistles.tsx';

declare module '../../shell/i18n.tsx' {
  interface ModuleMessages {
    whistles: typeof whistleZhCN;
  }
}

const whistles: ModuleManifest<'whistles'> = {
  name: 'whistles',
  pages: [
    {
      path: '/whistles',
      title: 'nav.whistles',
      rule: 'whistles.read',
      component: lazy(() => import('./WhistlePage.tsx')),
    },
  ],
  messages: { zh: whistleZhCN, en: whistleEn },
};

export default whistles;
