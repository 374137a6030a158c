/**
 * Administration of user accounts (admin role): list, create with a unit, roles and an initial
 * password, change roles or unit, deactivate, reset the password. Rules:
 * - usernames are unique (ADMIN.USERNAME_TAKEN);
 * - passwords have at least 10 characters with letters and digits (ADMIN.WEAK_PASSWORD), stored as
 *   argon2id hashes only;
 * - the centre's roles (operator, callback agent, supervisor, admin) belong to users of the command
 *   centre, the handling roles (handler, leader) to users of a handling unit (ADMIN.ROLE_NOT_FOR_UNIT):
 *   the engine decides who may act from both, so a mismatch would give a user powers nobody intended;
 * - an admin cannot deactivate themselves or drop their own admin role (ADMIN.SELF_LOCKOUT), so the
 *   district is never left without an administrator by accident;
 * - a password reset or a deactivation ends the user's sessions at once.
 */
import { isUniqueViolation } from '../../platform/db/errors.ts';
import { ROLES, STAFF_ROLES, type Role } from '../../engine/domain/workflow/ticket.ts';
import { findUserByUsername, insertUser } from '../../engine/user.repository.ts';
import { deleteSessionsOfUser, findUserWithUnit, listUsersWithUnits, updateUser, type UserChanges, type UserWithUnit } from './user-admin.repository.ts';
import { hashPassword } from '../../engine/auth.ts';
import type { AppContext } from '../../engine/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';

export const MIN_PASSWORD_LENGTH = 10;
const CENTRE_ROLES: readonly Role[] = ['operator', 'callback_agent', 'centre_supervisor', 'admin'];
/** Party workers (党务工作者) sit in the district's organisation department, a department's, a street's or a community station's Party office. */
const PARTY_WORKER_UNITS: readonly string[] = ['district', 'department', 'street', 'station'];

export interface UserView {
  id: number;
  username: string;
  displayName: string;
  unitId: number;
  unitName: string;
  unitType: string;
  roles: Role[];
  active: boolean;
  createdAt: string;
}

const view = (u: UserWithUnit): UserView => ({
  ...u,
  roles: u.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r)),
  createdAt: u.createdAt.toISOString(),
});

/** Refuses a password shorter than 10 characters or without both letters and digits. */
export function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH || !/\p{L}/u.test(password) || !/\d/.test(password))
    throw new AppError(
      'ADMIN.WEAK_PASSWORD',
      `密码至少 ${MIN_PASSWORD_LENGTH} 位，且须同时包含字母和数字 The password needs at least ${MIN_PASSWORD_LENGTH} characters with letters and digits`,
    );
}

/** The unit must be an active unit of this district, and fit the roles (see the module comment). */
async function checkUnitAndRoles(ctx: AppContext, unitId: number, roles: readonly Role[]): Promise<void> {
  const ref = await ctx.reference.get();
  const unit = ref.unitById.get(unitId);
  if (unit === undefined) throw new AppError('UNIT.UNKNOWN', `Unit ${unitId} does not exist`, { unitId });
  if (!unit.active) throw new AppError('UNIT.INACTIVE', `Unit ${unit.name} is inactive`, { unitId });
  const isCentre = unit.unitType === 'centre';
  const misplaced = roles.filter((r) => CENTRE_ROLES.includes(r) !== isCentre);
  if (misplaced.length > 0)
    throw new AppError(
      'ADMIN.ROLE_NOT_FOR_UNIT',
      isCentre
        ? `Roles ${misplaced.join(', ')} are for handling units, not the command centre`
        : `Roles ${misplaced.join(', ')} are for the command centre only`,
      { unitId, roles: misplaced },
    );
  if (roles.includes('grid_worker') && unit.unitType !== 'street')
    throw new AppError('ADMIN.ROLE_NOT_FOR_UNIT', 'Role grid_worker is for users of a street/town unit', { unitId, roles: ['grid_worker'] });
  if (roles.includes('party_worker') && !PARTY_WORKER_UNITS.includes(unit.unitType))
    throw new AppError('ADMIN.ROLE_NOT_FOR_UNIT', 'Role party_worker is for users of the district, a department, a street/town or a practice station', {
      unitId,
      roles: ['party_worker'],
    });
}

export async function listUserAccounts(ctx: AppContext): Promise<UserView[]> {
  return (await listUsersWithUnits(ctx.database.db, ctx.districtCode, STAFF_ROLES)).map(view);
}

export interface NewUser {
  username: string;
  displayName: string;
  unitId: number;
  roles: Role[];
  password: string;
}

export async function createUserAccount(ctx: AppContext, input: NewUser): Promise<UserView> {
  const db = ctx.database.db;
  const username = input.username.trim().toLowerCase();
  checkPassword(input.password);
  await checkUnitAndRoles(ctx, input.unitId, input.roles);
  const taken = () => new AppError('ADMIN.USERNAME_TAKEN', `用户名 ${username} 已存在 The username ${username} is taken`, { username });
  if ((await findUserByUsername(db, username)) !== undefined) throw taken();
  const passwordHash = await hashPassword(input.password);
  let id: number;
  try {
    id = (await insertUser(db, { username, displayName: input.displayName.trim(), passwordHash, unitId: input.unitId, roles: [...new Set(input.roles)] })).id;
  } catch (e) {
    // Another admin created the same username in between.
    if (isUniqueViolation(e)) throw taken();
    throw e;
  }
  return view((await findUserWithUnit(db, id))!);
}

export interface UserPatch {
  displayName?: string;
  unitId?: number;
  roles?: Role[];
  active?: boolean;
  /** A new password (reset); ends the user's sessions. */
  password?: string;
}

/** Changes a user; `actorUserId` is the admin making the change. */
export async function updateUserAccount(ctx: AppContext, actorUserId: number, id: number, patch: UserPatch): Promise<UserView> {
  const db = ctx.database.db;
  const current = await findUserWithUnit(db, id);
  const ref = await ctx.reference.get();
  // A resident's or volunteer's account is theirs and the volunteers module's; an admin neither lists
  // nor changes it (giving it a staff role would turn a citizen's account into a staff one).
  const staff = current !== undefined && current.roles.some((r) => (STAFF_ROLES as readonly string[]).includes(r));
  if (current === undefined || !ref.unitById.has(current.unitId) || !staff) throw notFound('User', id);
  if (id === actorUserId && (patch.active === false || (patch.roles !== undefined && !patch.roles.includes('admin'))))
    throw new AppError('ADMIN.SELF_LOCKOUT', '不能停用自己或取消自己的管理员角色 You cannot deactivate yourself or drop your own admin role');
  if (patch.password !== undefined) checkPassword(patch.password);
  const roles = patch.roles ?? view(current).roles;
  if (patch.unitId !== undefined || patch.roles !== undefined) await checkUnitAndRoles(ctx, patch.unitId ?? current.unitId, roles);
  const changes: UserChanges = {};
  if (patch.displayName !== undefined) changes.displayName = patch.displayName.trim();
  if (patch.unitId !== undefined) changes.unitId = patch.unitId;
  if (patch.roles !== undefined) changes.roles = [...new Set(patch.roles)];
  if (patch.active !== undefined) changes.active = patch.active;
  if (patch.password !== undefined) changes.passwordHash = await hashPassword(patch.password);
  await db.transaction(async (tx) => {
    await updateUser(tx, id, changes);
    if (patch.password !== undefined || patch.active === false) await deleteSessionsOfUser(tx, id);
  });
  return view((await findUserWithUnit(db, id))!);
}
