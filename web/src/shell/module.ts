/**
 * The shape of a module's manifest: what one subsystem contributes to the app. Each module's index.ts
 * exports one as its default; shell/registry.ts lists the modules and assembles the menu, the routes
 * and the message catalogue from them.
 */
import type { ComponentType, LazyExoticComponent } from 'react';
import type { MessageKey, ModuleMessages } from './i18n.tsx';

/** A workbench page (signed in, inside the menu layout). */
export interface PageDef {
  path: string;
  title: MessageKey;
  /**
   * The server's policy rule (`module.rule`) a user must pass to see the page: the rule its main route
   * enforces, from `may` in GET /api/auth/me. The roles live only in the server's policy table.
   */
  rule: string;
  /** Hidden pages are reached by links (e.g. one ticket), not the menu. */
  hidden?: boolean;
  /** Lazily loaded, so Ant Design tables, ECharts … are fetched by the pages that use them. */
  component: LazyExoticComponent<ComponentType>;
}

/** A page outside the workbench: no sign-in, no menu (the requester's pages under /m). */
export interface PublicPageDef {
  path: string;
  component: LazyExoticComponent<ComponentType>;
}

export interface ModuleManifest<N extends keyof ModuleMessages> {
  /** The module's folder name, which is also its key in ModuleMessages. */
  name: N;
  pages: readonly PageDef[];
  publicPages?: readonly PublicPageDef[];
  /** zh-CN is primary; the English catalogue has exactly its keys. */
  messages: { zh: ModuleMessages[N]; en: Record<keyof ModuleMessages[N], string> };
}
