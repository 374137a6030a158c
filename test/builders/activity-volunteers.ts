/**
 * Volunteers for tests of the activities module: users holding the role `volunteer` (the volunteers
 * module will open such accounts from the mobile pages; until it lands they are made here, through the
 * engine's user repository). They sign in with the harness's PASSWORD. Only tests import this file.
 */
import { createUser } from '../../src/engine/auth.ts';
import type { AppContext } from '../../src/engine/context.ts';
import { PASSWORD } from '../support/harness.ts';

let made = 0;

/**
 * A volunteer account in `unitId` (any unit of the district: accounts need a home unit to sign in;
 * the volunteers branch will give them their station). Names are Chinese, so masking is visible.
 */
export async function buildVolunteer(
  ctx: AppContext,
  unitId: number,
  overrides: { username?: string; displayName?: string } = {},
): Promise<{ id: number; username: string; displayName: string }> {
  made++;
  const username = overrides.username ?? `vol.${process.pid}.${made}`;
  const displayName = overrides.displayName ?? `志愿者${String(made).padStart(3, '0')}`;
  const id = await createUser(ctx, { username, displayName, password: PASSWORD, unitId, roles: ['volunteer'] });
  return { id, username, displayName };
}

/** `n` volunteers at once (hashing passwords is slow: they are made concurrently). */
export const buildVolunteers = (ctx: AppContext, unitId: number, n: number) => Promise.all(Array.from({ length: n }, () => buildVolunteer(ctx, unitId)));
