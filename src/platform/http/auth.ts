/**
 * Who is asking: a session token from the httpOnly cookie (browsers) or an `Authorization: Bearer`
 * header (API clients, the CLI). Cookie-authenticated writes must echo the CSRF cookie in the
 * `X-CSRF-Token` header (double submit), so another site cannot make a browser act. The platform
 * knows tokens and cookies; what a token stands for (the engine's principal with its unit and
 * roles) comes from the `authenticate` function the composition root passes in.
 */
import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

export const SESSION_COOKIE = 'jiesu_session';
export const CSRF_COOKIE = 'jiesu_csrf';

/** The principal a session token stands for, or undefined when the token is unknown or expired. */
export type Authenticate = (token: string) => Promise<object | undefined>;

declare module 'fastify' {
  interface FastifyRequest {
    /** The session token the request carried, when it named a principal. */
    sessionToken: string | null;
  }
}

function tokenOf(req: FastifyRequest): { token: string; via: 'cookie' | 'bearer' } | null {
  const h = req.headers.authorization;
  if (typeof h === 'string' && h.startsWith('Bearer ')) return { token: h.slice(7).trim(), via: 'bearer' };
  const c = req.cookies?.[SESSION_COOKIE];
  return c ? { token: c, via: 'cookie' } : null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Sets `req.principal` (null when nobody signed in) and `req.sessionToken` before every handler. */
export function installAuth(app: FastifyInstance, authenticate: Authenticate): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('sessionToken', null);
  app.addHook('preHandler', async (req) => {
    const t = tokenOf(req);
    if (t === null) return;
    const p = await authenticate(t.token);
    if (p === undefined) return;
    if (t.via === 'cookie' && !SAFE_METHODS.has(req.method)) {
      const header = req.headers['x-csrf-token'];
      const cookie = req.cookies?.[CSRF_COOKIE];
      if (!cookie || header !== cookie) throw new AppError('AUTH.CSRF', 'Missing or wrong X-CSRF-Token header');
    }
    (req as unknown as { principal: object }).principal = p;
    req.sessionToken = t.token;
  });
}

export function setSessionCookies(reply: FastifyReply, token: string, csrf: string, expiresAt: Date, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', path: '/', expires: expiresAt, secure });
  reply.setCookie(CSRF_COOKIE, csrf, { httpOnly: false, sameSite: 'lax', path: '/', expires: expiresAt, secure });
}
