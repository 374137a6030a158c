/** Small HTTP helpers shared by scenarios: JSON calls with a bearer token, sign-in, timed GETs. */
import { performance } from 'node:perf_hooks';

export const DEMO_PASSWORD = 'Jiesu@2026';

export async function api<T>(url: string, init: RequestInit & { token?: string } = {}): Promise<T> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  if (init.body) headers.set('content-type', 'application/json');
  const r = await fetch(url, { ...init, headers });
  if (!r.ok) throw new Error(`${init.method ?? 'GET'} ${url} → ${r.status}: ${(await r.text()).slice(0, 300)}`);
  return (await r.json()) as T;
}

/** Signs in a demo account and returns its bearer token (the login route is rate-limited: sign in once). */
export async function signIn(baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<string> {
  const r = await api<{ token: string }>(`${baseUrl}/api/auth/login`, { method: 'POST', body: JSON.stringify({ username, password }) });
  return r.token;
}

/** GETs `path` and returns the milliseconds until the whole body arrived; any status but 200 throws. */
export async function timedGet(baseUrl: string, path: string, token: string): Promise<{ ms: number; body: unknown }> {
  const t0 = performance.now();
  const r = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const text = await r.text();
  const ms = performance.now() - t0;
  if (r.status !== 200) throw new Error(`GET ${path} → ${r.status}: ${text.slice(0, 300)}`);
  return { ms, body: JSON.parse(text) as unknown };
}
