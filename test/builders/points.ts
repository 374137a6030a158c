/**
 * Builders for the points bank's tests: holder accounts (residents and volunteers, who register
 * themselves on the mobile pages once that exists; here they are written straight into `users`, with
 * the test password so they can sign in), the default earning rules and a small catalogue, made
 * through the module's own use cases as the demo admin. Only tests import this file.
 */
import { hashPassword, principalOfUsername, type Principal } from '../../src/engine/auth.ts';
import type { AppContext } from '../../src/engine/context.ts';
import { insertUser } from '../../src/engine/user.repository.ts';
import type { Role } from '../../src/engine/domain/workflow/ticket.ts';
import { addItem, addPartner } from '../../src/modules/points/points.service.ts';
import { seedPointsRules } from '../../src/modules/points/points.seed.ts';
import type { ItemRow, PartnerRow } from '../../src/modules/points/points.repository.ts';

const PASSWORD = 'Jiesu@2026';
let hash: Promise<string> | undefined;

/** A resident (or volunteer) account of the district, belonging to its first street's unit. */
export async function buildHolder(
  ctx: AppContext,
  o: { username: string; displayName?: string; roles?: Role[]; streetCode?: string },
): Promise<{ userId: number; username: string }> {
  hash ??= hashPassword(PASSWORD);
  const ref = await ctx.reference.get();
  const street = ref.units.find(
    (u) => u.unitType === 'street' && u.districtCode === ctx.districtCode && (o.streetCode === undefined || u.divisionCode === o.streetCode),
  );
  if (street === undefined) throw new Error('no street unit to attach the holder to');
  const u = await insertUser(ctx.database.db, {
    username: o.username,
    displayName: o.displayName ?? `居民${o.username.slice(-4)}`,
    passwordHash: await hash,
    unitId: street.id,
    roles: o.roles ?? ['resident'],
  });
  return { userId: u.id, username: u.username };
}

export async function adminOf(ctx: AppContext): Promise<Principal> {
  const p = await principalOfUsername(ctx, 'admin');
  if (p === undefined) throw new Error('no admin account (seed the demo district first)');
  return p;
}

/** The default rules, one partner run by the first street and items with the given costs and stock. */
export async function buildCatalogue(
  ctx: AppContext,
  items: { name: string; cost: number; stock: number }[],
): Promise<{ partner: PartnerRow; items: ItemRow[] }> {
  await seedPointsRules(ctx);
  const admin = await adminOf(ctx);
  const ref = await ctx.reference.get();
  const street = ref.units.find((u) => u.unitType === 'street' && u.districtCode === ctx.districtCode)!;
  const partner = await addPartner(ctx, admin, { name: '测试兑换点', kind: 'station', unitId: street.id });
  const made: ItemRow[] = [];
  for (const i of items) made.push(await addItem(ctx, admin, { partnerId: partner.id, ...i }));
  return { partner, items: made };
}
