/**
 * The registry: every module of the app and what it contributes — workbench pages (with the server's
 * policy rule a user must pass to see them in the menu), public pages and message catalogues — assembled from the modules' manifests.
 * The only shell file that imports modules, and only their index. The server still decides what each
 * user may do.
 */
import { lazy } from 'react';
import activities from '../modules/activities/index.ts';
import admin from '../modules/admin/index.ts';
import analytics from '../modules/analytics/index.ts';
import boards from '../modules/boards/index.ts';
import grids from '../modules/grids/index.ts';
import hotline from '../modules/hotline/index.ts';
import imports from '../modules/imports/index.ts';
import ledgers from '../modules/ledgers/index.ts';
import party from '../modules/party/index.ts';
import partyRating from '../modules/party-rating/index.ts';
import points from '../modules/points/index.ts';
import requester from '../modules/public/index.ts';
import volunteers from '../modules/volunteers/index.ts';
import whistles from '../modules/whistles/index.ts';
import { sharedEn } from '../shared/messages/shared.en.ts';
import { sharedZhCN } from '../shared/messages/shared.zh-CN.ts';
import type { Catalogue, Lang, ModuleMessages } from './i18n.tsx';
import { shellEn } from './messages/shell.en.ts';
import { shellZhCN } from './messages/shell.zh-CN.ts';
import type { PageDef, PublicPageDef } from './module.ts';

/** The modules, in the order their pages appear in the menu. */
const MODULES = [hotline, whistles, grids, analytics, ledgers, points, imports, boards, volunteers, activities, party, partyRating, admin, requester] as const;

/** Fails to compile, naming it, when a module declares messages (ModuleMessages) but is missing above. */
type AssertNone<T extends never> = T;
export type EveryModuleListed = AssertNone<Exclude<keyof ModuleMessages, (typeof MODULES)[number]['name']>>;

/** The workbench pages: home first, then each module's in turn. */
export const PAGES: readonly PageDef[] = [
  { path: '/', title: 'nav.home', rule: 'engine.session', component: lazy(() => import('./HomePage.tsx')) },
  ...MODULES.flatMap((m) => m.pages),
];

/** Pages outside the workbench, without sign-in. */
export const PUBLIC_PAGES: readonly PublicPageDef[] = MODULES.flatMap((m) => m.publicPages ?? []);

/** One catalogue per language: the shell's messages, the shared ones and every module's. */
export const CATALOGUES: Record<Lang, Catalogue> = {
  zh: Object.assign({}, shellZhCN, sharedZhCN, ...MODULES.map((m) => m.messages.zh)),
  en: Object.assign({}, shellEn, sharedEn, ...MODULES.map((m) => m.messages.en)),
};
