/** 市民端 — the requester's phone pages under /m, without sign-in: submit a request, follow it and rate the reply. */
import { lazy } from 'react';
import type { ModuleManifest } from '../../shell/module.ts';
import { publicEn } from './messages/public.en.ts';
import { publicZhCN } from './messages/public.zh-CN.ts';

declare module '../../shell/i18n.tsx' {
  interface ModuleMessages {
    public: typeof publicZhCN;
  }
}

const requester: ModuleManifest<'public'> = {
  name: 'public',
  pages: [],
  publicPages: [{ path: '/m/*', component: lazy(() => import('./RequesterPage.tsx')) }],
  messages: { zh: publicZhCN, en: publicEn },
};

export default requester;
