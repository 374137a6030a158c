/**
 * 楼门公示 — door boards: staff list a community's building units and print their QR codes; the QR code
 * opens the public board page (/m/board/<code>). Manifest and public face of the module.
 */
import { lazy } from 'react';
import type { ModuleManifest } from '../../shell/module.ts';
import { boardEn } from './messages/board.en.ts';
import { boardZhCN } from './messages/board.zh-CN.ts';

/** A door board as GET /api/public/boards/{code} answers it (the requester page pre-fills its place from it). */
export type { Board } from './BoardPage.tsx';

declare module '../../shell/i18n.tsx' {
  interface ModuleMessages {
    boards: typeof boardZhCN;
  }
}

const boards: ModuleManifest<'boards'> = {
  name: 'boards',
  // Door boards: admins and the centre see every community; street staff their street's (the server's scope).
  pages: [
    {
      path: '/boards',
      title: 'nav.boards',
      rule: 'boards.listBuildings',
      component: lazy(() => import('./BoardsPage.tsx')),
    },
  ],
  publicPages: [{ path: '/m/board/:code', component: lazy(() => import('./BoardPage.tsx')) }],
  messages: { zh: boardZhCN, en: boardEn },
};

export default boards;
