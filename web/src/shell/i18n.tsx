/**
 * Chinese first, English beside it: one message catalogue per language, chosen by the user.
 *
 * The catalogue is the shell's messages, the shared ones and every module's, merged by the registry
 * (shell/registry.ts) and handed to the provider by App. `MessageKey` is the union of their keys. A
 * module adds its keys by declaration merging in its index — `declare module '…/shell/i18n.tsx' {
 * interface ModuleMessages { hotline: typeof zh } }` — so the shell names no module, and modules that
 * use `t` do not depend on the registry.
 */
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import type { sharedZhCN } from '../shared/messages/shared.zh-CN.ts';
import type { shellZhCN } from './messages/shell.zh-CN.ts';

/** Each module's zh-CN catalogue under the module's name; filled in by the modules' indexes. */
export interface ModuleMessages {}

type ModuleKey = { [M in keyof ModuleMessages]: keyof ModuleMessages[M] }[keyof ModuleMessages];
export type MessageKey = keyof typeof shellZhCN | keyof typeof sharedZhCN | ModuleKey;
export type Catalogue = Record<MessageKey, string>;
export type Lang = 'zh' | 'en';

interface I18n {
  lang: Lang;
  setLang(l: Lang): void;
  /** The message for `key`, with `{name}` placeholders filled from `vars`. */
  t(key: MessageKey, vars?: Record<string, string | number>): string;
}

const Ctx = createContext<I18n | null>(null);

export function I18nProvider({ catalogues, children }: { catalogues: Record<Lang, Catalogue>; children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => (localStorage.getItem('jiesu.lang') === 'en' ? 'en' : 'zh'));
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang(l) {
        localStorage.setItem('jiesu.lang', l);
        document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
        setLangState(l);
      },
      t(key, vars) {
        let s: string = catalogues[lang][key] ?? catalogues.zh[key] ?? key;
        if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
        return s;
      },
    }),
    [lang, catalogues],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (v === null) throw new Error('useI18n outside I18nProvider');
  return v;
}
