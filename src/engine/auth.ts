/** Logging in and out, and who a session belongs to (with the units whose tickets they may see). */
import { districtAccountCandidates } from './district-accounts.ts';
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { STAFF_ROLES, type Actor, type Role } from './domain/workflow/ticket.ts';
import { deleteSession, findSessionUser, findUserByUsername, insertSession, insertUser } from './user.repository.ts';
import type { AppContext } from './context.ts';
import { AppError } from '../platform/errors.ts';
import { findUnitsByIds } from './reference/reference.repository.ts';
import { unitWithDescendants } from './reference/reference-cache.ts';
import { sha256Hex } from '../platform/crypto/hashing.ts';
import type { LoginThrottle } from '../platform/auth/login-throttle.ts';

export const SESSION_TTL_MS = 12 * 3600_000;

export interface Principal {
  userId: number;
  username: string;
  displayName: string;
  unitId: number;
  unitName: string;
  unitType: string;
  roles: Role[];
  isCentre: boolean;
  /** Units whose tickets this user may see; 'all' for the command centre and admins. */
  scopeUnitIds: number[] | 'all';
}

export const actorOf = (p: Principal): Actor => ({ userId: p.userId, unitId: p.unitId, roles: p.roles, isCentre: p.isCentre });

/** A fixed hash to verify against when the user does not exist, so timing does not reveal usernames. */
let dummyHash: Promise<string> | undefined;

export const hashPassword = (password: string): Promise<string> => hash(password);

export async function login(
  ctx: AppContext,
  username: string,
  password: string,
  throttle?: LoginThrottle,
): Promise<{ token: string; expiresAt: Date; principal: Principal }> {
  const db = ctx.database.db;
  throttle?.check(username);
  const user = await findUserByUsername(db, username);
  dummyHash ??= hash('not-a-real-password');
  const ok = user !== undefined && user.active ? await verify(user.passwordHash, password) : (await verify(await dummyHash, password), false);
  // A user of another district (several districts may share a database) signs in only at their own
  // district's servers; here they get the answer a wrong password gets.
  const home = ok && user !== undefined ? (await findUnitsByIds(db, [user.unitId]))[0] : undefined;
  if (!ok || user === undefined || home?.districtCode !== ctx.districtCode) {
    throttle?.failed(username);
    throw new AppError('AUTH.INVALID_CREDENTIALS', '用户名或密码错误 Wrong username or password');
  }
  throttle?.succeeded(username);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(ctx.clock().getTime() + SESSION_TTL_MS);
  await insertSession(db, sha256Hex(token), user.id, expiresAt);
  const principal = await principalFromToken(ctx, token);
  if (principal === undefined) throw new AppError('AUTH.INVALID_CREDENTIALS', 'Session could not be created');
  return { token, expiresAt, principal };
}

export async function logout(ctx: AppContext, token: string): Promise<void> {
  await deleteSession(ctx.database.db, sha256Hex(token));
}

export async function principalFromToken(ctx: AppContext, token: string): Promise<Principal | undefined> {
  if (token.length < 20 || token.length > 200) return undefined;
  const found = await findSessionUser(ctx.database.db, sha256Hex(token), ctx.clock());
  if (found === undefined || found.unit.districtCode !== ctx.districtCode) return undefined;
  return principalOf(ctx, found.user, found.unit);
}

/** The principal of an active user by username (jobs and generators acting as a user); undefined if none. */
export async function principalOfUsername(ctx: AppContext, username: string): Promise<Principal | undefined> {
  // This district's account first (district-accounts.ts); a user of another district is nobody here.
  const ref = await ctx.reference.get();
  for (const name of districtAccountCandidates(username, ctx.districtCode)) {
    const user = await findUserByUsername(ctx.database.db, name);
    const unit = user === undefined ? undefined : ref.unitById.get(user.unitId);
    if (user !== undefined && user.active && unit !== undefined) return principalOf(ctx, user, unit);
  }
  return undefined;
}

async function principalOf(
  ctx: AppContext,
  user: { id: number; username: string; displayName: string; roles: string[] },
  unit: { id: number; name: string; unitType: string },
): Promise<Principal> {
  const roles = user.roles as Role[];
  const isCentre = unit.unitType === 'centre';
  const ref = await ctx.reference.get();
  const seesAll = isCentre || roles.includes('admin');
  // Residents and volunteers belong to their practice station's unit but are not its staff: they see
  // no ticket through the unit (a module shows them their own things by its own rules).
  const staff = roles.some((r) => (STAFF_ROLES as readonly Role[]).includes(r));
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    unitId: unit.id,
    unitName: unit.name,
    unitType: unit.unitType,
    roles,
    isCentre,
    scopeUnitIds: seesAll ? 'all' : staff ? unitWithDescendants(ref.units, unit.id) : [],
  };
}

export async function createUser(
  ctx: AppContext,
  input: { username: string; displayName: string; password: string; unitId: number; roles: Role[] },
): Promise<number> {
  const u = await insertUser(ctx.database.db, {
    username: input.username,
    displayName: input.displayName,
    passwordHash: await hashPassword(input.password),
    unitId: input.unitId,
    roles: input.roles,
  });
  return u.id;
}
