/**
 * First-start seeding: the real reference data of the configured district plus demo accounts for
 * each role. Safe to run again: parts already present are left alone.
 */
import { districtAccountName } from '../../engine/district-accounts.ts';
import type { Role } from '../../engine/domain/workflow/ticket.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { ensureDefaultAssessmentRules } from '../analytics/index.ts';
import { listUnits } from '../../engine/reference/reference.repository.ts';
import { findUserByUsername, insertUser } from '../../engine/user.repository.ts';
import { seedCalendar, seedCategories, seedDivisions, seedKnowledge, seedTimeLimits, seedUnits } from '../../engine/reference/reference.seed.ts';
import { hashPassword } from '../../engine/auth.ts';
import { seedDemoGrids } from '../grids/index.ts';
import { seedDemoBuildings } from '../boards/index.ts';
import type { AppContext } from '../../engine/context.ts';

/** The demo password of every demo account. Printed at start; change it in a real deployment. */
export const DEMO_PASSWORD = 'Jiesu@2026';

export interface DemoAccount {
  username: string;
  displayName: string;
  /** Unit code (see src/engine/reference/data/units.ts). */
  unitCode: string;
  roles: Role[];
}

/** Demo accounts: one per centre role, plus handlers and leaders of a street, two departments and the district government. */
export function demoAccounts(districtCode: string, firstStreetCode: string): DemoAccount[] {
  const centre = `CENTRE-${districtCode}`;
  return [
    { username: 'admin', displayName: '系统管理员', unitCode: centre, roles: ['admin', 'centre_supervisor'] },
    { username: 'operator', displayName: '话务员 王敏', unitCode: centre, roles: ['operator'] },
    { username: 'callback', displayName: '回访员 李静', unitCode: centre, roles: ['callback_agent'] },
    { username: 'supervisor', displayName: '指挥中心督办 赵强', unitCode: centre, roles: ['centre_supervisor'] },
    { username: 'street', displayName: '街道承办人 陈晨', unitCode: `ST-${firstStreetCode}`, roles: ['unit_handler'] },
    { username: 'street.leader', displayName: '街道主管领导 周洁', unitCode: `ST-${firstStreetCode}`, roles: ['unit_leader', 'unit_handler'] },
    { username: 'grid', displayName: '网格员 马丽', unitCode: `ST-${firstStreetCode}`, roles: ['grid_worker'] },
    { username: 'cgw', displayName: '城管委承办人 刘洋', unitCode: 'DEPT-CGW', roles: ['unit_handler'] },
    { username: 'zjw', displayName: '住建委承办人 孙磊', unitCode: 'DEPT-ZJW', roles: ['unit_handler'] },
    { username: 'gov', displayName: '区政府兜底承办人 吴刚', unitCode: `GOV-${districtCode}`, roles: ['unit_handler', 'unit_leader'] },
  ];
}

export interface SeedReport {
  divisions: number;
  units: number;
  categories: number;
  calendarYears: number[];
  accounts: DemoAccount[];
}

export async function seedReference(db: DbOrTx, districtCode: string): Promise<Omit<SeedReport, 'accounts'>> {
  const divisions = await seedDivisions(db);
  const units = await seedUnits(db, districtCode);
  const categories = await seedCategories(db, districtCode);
  await seedTimeLimits(db);
  const calendarYears = await seedCalendar(db);
  await seedKnowledge(db);
  await ensureDefaultAssessmentRules(db);
  return { divisions, units, categories, calendarYears };
}

/**
 * Every handling unit gets a handler account `h.<unit code>` too (same demo password), so the demo
 * history generator and testers can act as any unit.
 */
export async function seedDemo(ctx: AppContext): Promise<SeedReport> {
  const db = ctx.database.db;
  const report = await db.transaction((tx) => seedReference(tx, ctx.districtCode));
  ctx.reference.invalidate();
  const units = await listUnits(db, ctx.districtCode);
  const firstStreet = units.find((u) => u.unitType === 'street');
  const byCode = new Map(units.map((u) => [u.code, u]));
  const accounts = demoAccounts(ctx.districtCode, firstStreet?.divisionCode ?? '');
  const unitAccounts: DemoAccount[] = units
    .filter((u) => u.unitType !== 'centre')
    .map((u) => ({ username: `h.${u.code.toLowerCase()}`, displayName: `${u.name}承办人`, unitCode: u.code, roles: ['unit_handler', 'unit_leader'] }));
  const hash = await hashPassword(DEMO_PASSWORD);
  const ours = new Set(units.map((u) => u.id));
  const named = new Map<string, string>();
  for (const a of [...accounts, ...unitAccounts]) {
    const unit = byCode.get(a.unitCode);
    if (unit === undefined) continue;
    // Where another district holds the name, this district's account is admin.110108 (district-accounts.ts).
    let username = a.username;
    const holder = await findUserByUsername(db, username);
    if (holder !== undefined && !ours.has(holder.unitId)) username = districtAccountName(a.username, ctx.districtCode);
    named.set(a.username, username);
    if (holder !== undefined && username === a.username) continue;
    if (username !== a.username && (await findUserByUsername(db, username)) !== undefined) continue;
    await insertUser(db, { username, displayName: a.displayName, passwordHash: hash, unitId: unit.id, roles: a.roles });
  }
  await seedDemoGrids(ctx, firstStreet?.divisionCode ?? '', named.get('grid') ?? 'grid');
  await seedDemoBuildings(ctx, firstStreet?.divisionCode ?? '');
  return { ...report, accounts: accounts.map((a) => ({ ...a, username: named.get(a.username) ?? a.username })) };
}
