/**
 * Administration of user accounts and units over the real database: a new user signs in with the
 * initial password (stored as an argon2id hash only), usernames are unique, passwords strong, roles fit
 * the unit; role changes apply at once; a password reset or deactivation ends the user's sessions; an
 * admin cannot lock themselves out. Units: a new unit is usable at once (the reference cache reloads),
 * a deactivated unit takes no dispatches, and one street/town has one active unit.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../src/schema.ts';
import { send } from './support/api-surface.ts';
import { volunteerFixtures } from './support/volunteer-fixtures.ts';
import { createHarness, dbKind, PASSWORD, type Harness } from './support/harness.ts';
import { api, dispatchedTo, intake, loadRef, STREET_B, type Ref } from './support/ticket-flow.ts';

let h: Harness;
let ref: Ref;

beforeAll(async () => {
  h = await createHarness();
  ref = await loadRef(h);
});
afterAll(async () => {
  await h?.close();
});

/** Signs in through the route (each call from a fresh address, so the login throttle stays out of the way). */
async function login(username: string, password: string) {
  return send(h, { method: 'POST', url: '/api/auth/login', payload: { username, password } });
}
const me = (token: string) => send(h, { method: 'GET', url: '/api/auth/me', token });
const admin = (method: string, url: string, body?: unknown) => api(h, 'admin', method, url, body);

describe(`user administration (${dbKind()})`, () => {
  it('creates a user who signs in with the initial password, stored only as an argon2id hash', async () => {
    const r = await admin('POST', '/api/admin/users', {
      username: 'li.ming',
      displayName: '李明',
      unitId: ref.unitId('DEPT-CGW'),
      roles: ['unit_handler'],
      password: 'Lm-2026-start',
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      username: 'li.ming',
      displayName: '李明',
      unitName: '门头沟区城管委',
      unitType: 'department',
      roles: ['unit_handler'],
      active: true,
    });
    expect(r.body).not.toHaveProperty('passwordHash');
    const [row] = await h.ctx.database.db.select().from(users).where(eq(users.username, 'li.ming'));
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row!.passwordHash).not.toContain('Lm-2026-start');

    const ok = await login('li.ming', 'Lm-2026-start');
    expect(ok.status).toBe(200);
    expect(ok.body.user).toMatchObject({ username: 'li.ming', unitName: '门头沟区城管委', roles: ['unit_handler'] });
    expect((await login('li.ming', 'wrong-password-1')).status).toBe(401);
    const list = await admin('GET', '/api/admin/users');
    expect(list.body.items.some((u: { username: string }) => u.username === 'li.ming')).toBe(true);
  });

  it("lists staff accounts only: a resident's or volunteer's account is neither listed nor changed by an admin", async () => {
    const VOL = await volunteerFixtures(h, { prefix: '136' });
    await VOL.freshResident();
    const residents = await h.ctx.database.db
      .select({ id: users.id, username: users.username })
      .from(users)
      .where(sql`'resident' = any(${users.roles})`);
    expect(residents.length).toBeGreaterThan(1);
    const listed = new Set((await admin('GET', '/api/admin/users')).body.items.map((u: { id: number }) => u.id));
    expect(listed.size).toBeGreaterThan(0);
    for (const r of residents) expect(listed.has(r.id)).toBe(false);
    const resident = residents[0]!;
    const r = await admin('PATCH', `/api/admin/users/${resident.id}`, { roles: ['unit_handler'] });
    expect(r.status).toBe(404);
    const [row] = await h.ctx.database.db.select({ roles: users.roles }).from(users).where(eq(users.id, resident.id));
    expect(row!.roles).toContain('resident');
    expect(row!.roles).not.toContain('unit_handler');
  });

  it('refuses a taken username, a weak password and roles that do not fit the unit, creating nothing', async () => {
    const base = { username: 'wang.fang', displayName: '王芳', unitId: ref.unitId('DEPT-ZJW'), roles: ['unit_handler'], password: 'Wf-2026-start' };
    const before = (await admin('GET', '/api/admin/users')).body.items.length;
    const cases: [Record<string, unknown>, number, string][] = [
      [{ username: 'cgw' }, 422, 'ADMIN.USERNAME_TAKEN'],
      [{ password: 'short1' }, 400, 'VALIDATION.INVALID_INPUT'],
      [{ password: 'onlyletters-here' }, 422, 'ADMIN.WEAK_PASSWORD'],
      [{ password: '20262026202620' }, 422, 'ADMIN.WEAK_PASSWORD'],
      [{ roles: ['centre_supervisor'] }, 422, 'ADMIN.ROLE_NOT_FOR_UNIT'],
      [{ unitId: ref.unitId('CENTRE-110109') }, 422, 'ADMIN.ROLE_NOT_FOR_UNIT'],
      [{ unitId: 999_999 }, 422, 'UNIT.UNKNOWN'],
    ];
    for (const [change, status, code] of cases) {
      const r = await admin('POST', '/api/admin/users', { ...base, ...change });
      expect(r.status, code).toBe(status);
      expect(r.body.error.code).toBe(code);
    }
    expect((await admin('GET', '/api/admin/users')).body.items.length).toBe(before);
    expect((await api(h, 'supervisor', 'POST', '/api/admin/users', base)).status).toBe(403);
    // A centre user with centre roles is fine.
    const centre = await admin('POST', '/api/admin/users', {
      ...base,
      username: 'zhou.hui',
      unitId: ref.unitId('CENTRE-110109'),
      roles: ['operator', 'callback_agent'],
    });
    expect(centre.status).toBe(201);
  });

  it('applies role changes at once, and a password reset ends the old sessions', async () => {
    const created = await admin('POST', '/api/admin/users', {
      username: 'zhao.lei',
      displayName: '赵雷',
      unitId: ref.unitId(`ST-${STREET_B}`),
      roles: ['unit_handler'],
      password: 'Zl-2026-start',
    });
    const id = created.body.id as number;
    const token = (await login('zhao.lei', 'Zl-2026-start')).body.token as string;
    expect((await me(token)).body.roles).toEqual(['unit_handler']);

    const changed = await admin('PATCH', `/api/admin/users/${id}`, { roles: ['unit_handler', 'unit_leader'], displayName: '赵雷（组长）' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ roles: ['unit_handler', 'unit_leader'], displayName: '赵雷（组长）' });
    expect((await me(token)).body).toMatchObject({ roles: ['unit_handler', 'unit_leader'], displayName: '赵雷（组长）' });

    expect((await admin('PATCH', `/api/admin/users/${id}`, { password: 'weakweakweak' })).body.error.code).toBe('ADMIN.WEAK_PASSWORD');
    expect((await me(token)).status).toBe(200);
    expect((await admin('PATCH', `/api/admin/users/${id}`, { password: 'Zl-2026-reset' })).status).toBe(200);
    expect((await me(token)).status).toBe(401);
    expect((await login('zhao.lei', 'Zl-2026-start')).status).toBe(401);
    expect((await login('zhao.lei', 'Zl-2026-reset')).status).toBe(200);
  });

  it('deactivates a user (signed out, cannot sign in) and reactivates them', async () => {
    const created = await admin('POST', '/api/admin/users', {
      username: 'sun.li',
      displayName: '孙丽',
      unitId: ref.unitId('DEPT-CGW'),
      roles: ['unit_handler'],
      password: 'Sl-2026-start',
    });
    const id = created.body.id as number;
    const token = (await login('sun.li', 'Sl-2026-start')).body.token as string;
    const off = await admin('PATCH', `/api/admin/users/${id}`, { active: false });
    expect(off.body.active).toBe(false);
    expect((await me(token)).status).toBe(401);
    expect((await login('sun.li', 'Sl-2026-start')).status).toBe(401);
    expect((await admin('PATCH', `/api/admin/users/${id}`, { active: true })).body.active).toBe(true);
    expect((await login('sun.li', 'Sl-2026-start')).status).toBe(200);
  });

  it('does not let an admin deactivate themselves or drop their own admin role', async () => {
    const self = (await admin('GET', '/api/auth/me')).body.userId as number;
    for (const body of [{ active: false }, { roles: ['centre_supervisor'] }]) {
      const r = await admin('PATCH', `/api/admin/users/${self}`, body);
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe('ADMIN.SELF_LOCKOUT');
    }
    expect((await admin('PATCH', `/api/admin/users/${self}`, { displayName: '系统管理员' })).status).toBe(200);
    expect((await admin('PATCH', '/api/admin/users/999999', { active: false })).status).toBe(404);
  });
});

describe(`unit administration (${dbKind()})`, () => {
  it('adds a department that can be dispatched to at once and given a handler account', async () => {
    const r = await admin('POST', '/api/admin/units', {
      code: 'DEPT-QXJ',
      name: '门头沟区气象局',
      nameEn: 'Meteorological Bureau',
      unitType: 'department',
      divisionCode: null,
      parentId: ref.unitId('GOV-110109'),
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ code: 'DEPT-QXJ', unitType: 'department', active: true, isFallback: false });
    const units = (await api(h, 'operator', 'GET', '/api/units')).body.items as { id: number; code: string }[];
    expect(units.find((u) => u.code === 'DEPT-QXJ')?.id).toBe(r.body.id);
    const ticket = await dispatchedTo(h, r.body.id);
    const handler = await admin('POST', '/api/admin/users', {
      username: 'h.dept-qxj',
      displayName: '气象局承办人',
      unitId: r.body.id,
      roles: ['unit_handler', 'unit_leader'],
      password: PASSWORD,
    });
    expect(handler.status).toBe(201);
    expect((await api(h, 'h.dept-qxj', 'GET', `/api/tickets/${ticket}`)).status).toBe(200);
    // The district government supervises it; the code is unique.
    expect((await api(h, 'gov', 'GET', `/api/tickets/${ticket}`)).status).toBe(200);
    expect(
      (await admin('POST', '/api/admin/units', { code: 'DEPT-QXJ', name: '重复', nameEn: '', unitType: 'department', divisionCode: null, parentId: null })).body
        .error.code,
    ).toBe('ADMIN.UNIT_CODE_TAKEN');
  });

  it('reorganises a street: the old unit is deactivated, a new one governs the street, dispatch follows', async () => {
    const old = ref.unitId(`ST-${STREET_B}`);
    // While the old unit is active, nobody else may govern the street.
    const early = await admin('POST', '/api/admin/units', {
      code: `ST-${STREET_B}-N`,
      name: '城子街道（新）',
      nameEn: '',
      unitType: 'street',
      divisionCode: STREET_B,
      parentId: ref.unitId('GOV-110109'),
    });
    expect(early.body.error.code).toBe('ADMIN.DIVISION_TAKEN');

    expect((await admin('PATCH', `/api/admin/units/${old}`, { active: false })).body.active).toBe(false);
    const refused = await api(h, 'operator', 'POST', '/api/tickets', {
      requestType: 'complaint',
      channel: 'phone',
      content: '测试',
      triage: { action: 'dispatch', leadUnitId: old },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('UNIT.INACTIVE');

    const created = await admin('POST', '/api/admin/units', {
      code: `ST-${STREET_B}-N`,
      name: '城子街道（新）',
      nameEn: '',
      unitType: 'street',
      divisionCode: STREET_B,
      parentId: ref.unitId('GOV-110109'),
    });
    expect(created.status).toBe(201);
    // "The street of the place" now routes to the new unit.
    const routed = await intake(h, {
      communityCode: ref.communities(STREET_B)[0],
      categoryId: ref.categoryId('CITY.NOISE.RESIDENTIAL'),
      triage: { action: 'dispatch' },
    });
    expect(routed.routing?.leadUnitId).toBe(created.body.id);
    // Reactivating the old one would give the street two units.
    expect((await admin('PATCH', `/api/admin/units/${old}`, { active: true })).body.error.code).toBe('ADMIN.DIVISION_TAKEN');
  });

  it('keeps the fallback unit and the centre active, and refuses a cycle of supervising units', async () => {
    for (const code of ['GOV-110109', 'CENTRE-110109'])
      expect((await admin('PATCH', `/api/admin/units/${ref.unitId(code)}`, { active: false })).body.error.code).toBe('ADMIN.UNIT_REQUIRED');
    const cycle = await admin('PATCH', `/api/admin/units/${ref.unitId('GOV-110109')}`, { parentId: ref.unitId('DEPT-CGW') });
    expect(cycle.body.error.code).toBe('ADMIN.UNIT_CYCLE');
    const renamed = await admin('PATCH', `/api/admin/units/${ref.unitId('DEPT-CGW')}`, { name: '门头沟区城市管理委员会' });
    expect(renamed.body.name).toBe('门头沟区城市管理委员会');
    expect((await api(h, 'operator', 'GET', '/api/units')).body.items.find((u: { code: string }) => u.code === 'DEPT-CGW').name).toBe('门头沟区城市管理委员会');
  });
});
