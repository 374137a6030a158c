/** Sign in and out; who am I. */
import { grantedRules, routePolicy, type Policy } from '../policy.ts';
import { ENGINE_POLICY } from '../engine.policy.ts';
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { login, logout, type Principal } from '../auth.ts';
import type { AppContext } from '../context.ts';
import { LoginThrottle } from '../../platform/auth/login-throttle.ts';
import { CSRF_COOKIE, SESSION_COOKIE, setSessionCookies } from '../../platform/http/auth.ts';
import { requireUser } from './auth.ts';
import { errorResponses, Text } from '../../platform/http/schemas.ts';

const Me = Type.Object({
  userId: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  unitType: Type.String(),
  roles: Type.Array(Type.String()),
  isCentre: Type.Boolean(),
  may: Type.Array(Type.String(), {
    description:
      'The policy rules (module.rule) the user passes on their roles: the web app shows pages and buttons by these; scope is still checked per request',
  }),
});

export function authRoutes(ctx: AppContext, opts: { secureCookies: boolean; policies: readonly Policy[] }): FastifyPluginAsyncTypebox {
  const view = async (principal: Principal) => {
    const { scopeUnitIds: _scope, ...user } = principal;
    return { ...user, may: grantedRules(principal, opts.policies, await ctx.reference.get()) };
  };
  return async (app) => {
    // Per account, beside the per-address limit below (src/platform/auth/login-throttle.ts).
    const throttle = new LoginThrottle(ctx.clock);
    app.post(
      '/api/auth/login',
      {
        config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
        schema: {
          ...routePolicy(ENGINE_POLICY, 'signIn'),
          tags: ['auth'],
          summary: 'Sign in; sets the session cookie and returns a bearer token for API clients',
          body: Type.Object({ username: Text(64, 'Username', 1), password: Text(200, 'Password', 1) }, { additionalProperties: false }),
          response: {
            200: Type.Object({ token: Type.String(), csrfToken: Type.String(), expiresAt: Type.String(), user: Me }),
            ...errorResponses(400, 401, 429),
          },
        },
      },
      async (req, reply) => {
        const r = await login(ctx, req.body.username, req.body.password, throttle);
        const csrf = randomBytes(18).toString('base64url');
        setSessionCookies(reply, r.token, csrf, r.expiresAt, opts.secureCookies);
        return { token: r.token, csrfToken: csrf, expiresAt: r.expiresAt.toISOString(), user: await view(r.principal) };
      },
    );

    app.post(
      '/api/auth/logout',
      { schema: { ...routePolicy(ENGINE_POLICY, 'session'), tags: ['auth'], summary: 'Sign out', response: { 204: Type.Null(), ...errorResponses(401) } } },
      async (req, reply) => {
        requireUser(req);
        if (req.sessionToken) await logout(ctx, req.sessionToken);
        void reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' });
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/auth/me',
      { schema: { ...routePolicy(ENGINE_POLICY, 'session'), tags: ['auth'], summary: 'The signed-in user', response: { 200: Me, ...errorResponses(401) } } },
      async (req) => {
        return await view(requireUser(req));
      },
    );
  };
}
