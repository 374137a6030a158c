/**
 * Who is asking: a session token from the httpOnly cookie (browsers) or an `Authorization: Bearer`
 * header (API clients, the CLI). Cookie-authenticated writes must echo the CSRF cookie in the
 * `X-CSRF-Token` header (double submit), so another site cannot make a browser act.
 */
import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { principalFromToken, type Principal } from '../../engine/auth.ts';
import type { AppContext } from '../../engine/context.ts';
import { AppError } from '../errors.ts';
import type { Role } from '../../engine/domain/workflow/ticket.ts';

export const SESSION_COOKIE = 'jiesu_session';
export const CSRF_COOKIE = 'jiesu_csrf';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
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

export function installAuth(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('sessionToken', null);
  app.addHook('preHandler', async (req) => {
    const t = tokenOf(req);
    if (t === null) return;
    const p = await principalFromToken(ctx, t.token);
    if (p === undefined) return;
    if (t.via === 'cookie' && !SAFE_METHODS.has(req.method)) {
      const header = req.headers['x-csrf-token'];
      const cookie = req.cookies?.[CSRF_COOKIE];
      if (!cookie || header !== cookie) throw new AppError('AUTH.CSRF', 'Missing or wrong X-CSRF-Token header');
    }
    req.principal = p;
    req.sessionToken = t.token;
  });
}

/** The signed-in user, or a 401. */
export function requireUser(req: FastifyRequest): Principal {
  if (req.principal === null) throw new AppError('AUTH.UNAUTHENTICATED', '请先登录 Please sign in');
  return req.principal;
}

/** The signed-in user holding one of `roles`, or a 403. */
export function requireRole(req: FastifyRequest, ...roles: Role[]): Principal {
  const p = requireUser(req);
  if (!roles.some((r) => p.roles.includes(r))) throw new AppError('AUTH.FORBIDDEN', `This needs one of the roles: ${roles.join(', ')}`);
  return p;
}

export function setSessionCookies(reply: FastifyReply, token: string, csrf: string, expiresAt: Date, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', path: '/', expires: expiresAt, secure });
  reply.setCookie(CSRF_COOKIE, csrf, { httpOnly: false, sameSite: 'lax', path: '/', expires: expiresAt, secure });
}
