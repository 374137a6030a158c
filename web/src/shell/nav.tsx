/** The pages the signed-in user may open from the menu, shared with pages that link to them (home). */
import { createContext, useContext } from 'react';
import type { MessageKey } from './i18n.tsx';

export interface NavEntry {
  path: string;
  title: MessageKey;
}

export const NavContext = createContext<readonly NavEntry[]>([]);
export const useNav = (): readonly NavEntry[] => useContext(NavContext);
