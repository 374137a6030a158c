/** Security headers on API responses, the docs and photos (which keep their own sandboxing policy). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/http/app.ts';
import { CONTENT_SECURITY_POLICY } from '../src/http/security-headers.ts';
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
