/** The engine's principal on a request (set by the platform's installAuth) and the checks routes make with it. */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.ts';
import type { Principal } from '../auth.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who signed in (null when nobody did): set by the platform's installAuth from principalFromToken. */
    principal: Principal | null;
  }
}

/** The signed-in user, or a 401. */
export function requireUser(req: FastifyRequest): Principal {
  if (req.principal === null) throw new AppError('AUTH.UNAUTHENTICATED', '请先登录 Please sign in');
  return req.principal;
}
