/** Chinese first, English beside it: one message catalogue per language, chosen by the user. */
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { en } from '../messages/en.ts';
import { zhCN, type MessageKey } from '../messages/zh-CN.ts';

export type Lang = 'zh' | 'en';
const CATALOGS: Record<Lang, Record<MessageKey, string>> = { zh: zhCN, en };

interface I18n {
  lang: Lang;
  setLang(l: Lang): void;
  /** The message for `key`, with `{name}` placeholders filled from `vars`. */
  t(key: MessageKey, vars?: Record<string, string | number>): string;
}

const Ctx = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
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
        let s: string = CATALOGS[lang][key] ?? zhCN[key] ?? key;
        if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
        return s;
      },
    }),
    [lang],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (v === null) throw new Error('useI18n outside I18nProvider');
  return v;
}
