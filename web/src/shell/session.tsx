/** The signed-in user (from GET /api/auth/me), with sign-in and sign-out. */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, must } from '../shared/api.ts';

export interface Me {
  userId: number;
  username: string;
  displayName: string;
  unitId: number;
  unitName: string;
  unitType: string;
  roles: string[];
  isCentre: boolean;
}

interface Session {
  me: Me | null;
  loading: boolean;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
  hasRole(...roles: string[]): boolean;
}

const Ctx = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  useEffect(() => {
    api
      .GET('/api/auth/me')
      .then((r) => setMe(r.response.ok ? (r.data as Me) : null))
      .catch(() => setMe(null))
      .finally(() => setLoading(false));
  }, []);
  const login = useCallback(async (username: string, password: string) => {
    const r = await must(api.POST('/api/auth/login', { body: { username, password } }));
    setMe((r as { user: Me }).user);
  }, []);
  const logout = useCallback(async () => {
    await api.POST('/api/auth/logout');
    setMe(null);
  }, []);
  const hasRole = useCallback((...roles: string[]) => me !== null && roles.some((r) => me.roles.includes(r)), [me]);
  return <Ctx.Provider value={{ me, loading, login, logout, hasRole }}>{children}</Ctx.Provider>;
}

export function useSession(): Session {
  const v = useContext(Ctx);
  if (v === null) throw new Error('useSession outside SessionProvider');
  return v;
}
