/**
 * Security headers on API responses, the docs and photos (which keep their own sandboxing policy);
 * the client address behind a trusted proxy; Secure cookies behind HTTPS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/main.ts';
import { CONTENT_SECURITY_POLICY } from '../src/platform/http/security-headers.ts';
import { createHarness, dbKind, type Harness } from './support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

describe(`security headers (${dbKind()})`, () => {
  it('every API answer, success or error, carries them; HSTS only behind HTTPS', async () => {
    for (const r of [await h.api('operator', 'GET', '/api/auth/me'), await h.api(null, 'GET', '/api/auth/me'), await h.api(null, 'GET', '/api/nope')]) {
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['x-frame-options']).toBe('DENY');
      expect(r.headers['referrer-policy']).toBe('no-referrer');
      expect(r.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(r.headers['permissions-policy']).toContain('geolocation=(self)');
      expect(r.headers['strict-transport-security']).toBeUndefined();
    }
    const https = await createApp(h.ctx, { secureCookies: true });
    const r = await https.inject({ method: 'GET', url: '/healthz' });
    expect(r.headers['strict-transport-security']).toContain('max-age=');
    await https.close();
  });

  it('leaves the API docs their own scripts', async () => {
    const r = await h.app.inject({ method: 'GET', url: '/docs/' });
    expect(r.headers['content-security-policy']).toBeUndefined();
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe(`behind a proxy (${dbKind()})`, () => {
  /** Ten wrong sign-ins are allowed per client address per minute; the eleventh is a 429. */
  async function signInsUntilRefused(app: Awaited<ReturnType<typeof createApp>>, remoteAddress: string, forwardedFor: (i: number) => string): Promise<number> {
    for (let i = 1; i <= 12; i++) {
      const r = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress,
        headers: { 'x-forwarded-for': forwardedFor(i) },
        // A different unknown name each time, so the per-account throttle stays out of it.
        payload: { username: `nobody-${remoteAddress}-${forwardedFor(i)}-${i}`, password: 'wrong password 1' },
      });
      if (r.statusCode === 429) return i;
      expect(r.statusCode).toBe(401);
    }
    return Infinity;
  }

  it("a trusted proxy's X-Forwarded-For is the client; anyone else's is ignored", async () => {
    const app = await createApp(h.ctx, { trustProxy: ['127.0.0.1'] });
    // Residents behind the proxy each get their own allowance...
    expect(await signInsUntilRefused(app, '127.0.0.1', (i) => `203.0.113.${i}`)).toBe(Infinity);
    // ...and one resident is limited on their own.
    expect(await signInsUntilRefused(app, '127.0.0.1', () => '203.0.113.200')).toBe(11);
    // A client that is not the proxy cannot escape its limit by writing the header itself.
    expect(await signInsUntilRefused(app, '198.51.100.7', (i) => `203.0.113.${50 + i}`)).toBe(11);
    await app.close();
  });

  it('a hop count believes the nearest proxy, whatever its address', async () => {
    const app = await createApp(h.ctx, { trustProxy: 1 });
    expect(await signInsUntilRefused(app, '198.51.100.8', (i) => `203.0.113.${150 + i}`)).toBe(Infinity);
    expect(await signInsUntilRefused(app, '198.51.100.9', () => '203.0.113.250')).toBe(11);
    await app.close();
  });

  it('without JIESU_TRUST_PROXY the header is ignored: everyone behind a proxy shares its address', async () => {
    const app = await createApp(h.ctx, {});
    expect(await signInsUntilRefused(app, '127.0.0.2', (i) => `203.0.113.${100 + i}`)).toBe(11);
    await app.close();
  });

  it('session cookies carry Secure behind HTTPS, and never otherwise', async () => {
    const login = (app: Awaited<ReturnType<typeof createApp>>) =>
      app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '192.0.2.200', payload: { username: 'operator', password: 'Jiesu@2026' } });
    const https = await createApp(h.ctx, { secureCookies: true });
    const secure = await login(https);
    expect(secure.statusCode).toBe(200);
    const cookies = ([] as string[]).concat(secure.headers['set-cookie'] ?? []);
    expect(cookies.length).toBeGreaterThanOrEqual(2);
    for (const c of cookies) expect(c).toMatch(/;\s*Secure/i);
    expect(cookies.find((c) => c.startsWith('jiesu_session='))).toMatch(/HttpOnly/i);
    await https.close();
    const plain = await login(h.app);
    for (const c of ([] as string[]).concat(plain.headers['set-cookie'] ?? [])) expect(c).not.toMatch(/;\s*Secure/i);
  });
});
