/** The signed-in user (from GET /api/auth/me), with sign-in and sign-out. */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, must, type ApiJson } from '../shared/api.ts';

export type Me = ApiJson<'/api/auth/me'>;

interface Session {
  me: Me | null;
  loading: boolean;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
  /**
   * True when the user passes the server's policy rule (`ledgers.edit`, `whistles.blow` …) on their
   * roles. What the rule's scope adds (the unit, the ticket) the server checks on each request.
   */
  may(rule: string): boolean;
}

const Ctx = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  useEffect(() => {
    api
      .GET('/api/auth/me')
      .then((r) => setMe(r.response.ok && r.data ? r.data : null))
      .catch(() => setMe(null))
      .finally(() => setLoading(false));
  }, []);
  const login = useCallback(async (username: string, password: string) => {
    const r = await must(api.POST('/api/auth/login', { body: { username, password } }));
    setMe(r.user);
  }, []);
  const logout = useCallback(async () => {
    await api.POST('/api/auth/logout');
    setMe(null);
  }, []);
  const may = useCallback((rule: string) => me !== null && me.may.includes(rule), [me]);
  return <Ctx.Provider value={{ me, loading, login, logout, may }}>{children}</Ctx.Provider>;
}

export function useSession(): Session {
  const v = useContext(Ctx);
  if (v === null) throw new Error('useSession outside SessionProvider');
  return v;
}
