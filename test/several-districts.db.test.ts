/**
 * Several districts in one database (migration 0016; a city on one PostgreSQL or on Citus): a second
 * district's first start seeds its own units (the department codes recur), its own dispatch catalogue
 * and its own demo accounts beside the first district's; each district's first start runs once; a user
 * signs in only at their own district's servers (a session of another district is nobody); intake routes
 * to the server's district's units only; and 0016 applied on a database at 0015 keeps the one district's
 * catalogue and markers.
 */
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, principalFromToken } from '../src/engine/auth.ts';
import type { AppContext } from '../src/engine/context.ts';
import { ReferenceCache } from '../src/engine/reference/reference-cache.ts';
import { queryRows } from '../src/platform/db/client.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { createApp, seedOnFirstStart } from '../src/main.ts';
import { createHarness, dbKind, DISTRICT, freshDatabase, PASSWORD, type Harness } from './support/harness.ts';
import { migrateUpTo } from './support/migrate-up-to.ts';

const B = '110108'; // 海淀区 beside the demo district 110109 (门头沟区)

let h: Harness;
let ctxB: AppContext;
let appB: FastifyInstance;
beforeAll(async () => {
  h = await createHarness();
  ctxB = { ...h.ctx, districtCode: B, reference: new ReferenceCache(h.ctx.database, B, h.ctx.clock, h.ctx.log, 0) };
}, 180_000);
afterAll(async () => {
  await appB?.close();
  await h?.close();
});

const loginStatus = async (app: FastifyInstance, username: string) =>
  (await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } })).statusCode;

describe(`several districts in one database (${dbKind()})`, () => {
  it("a second district's first start seeds its own units, catalogue and accounts, once", { timeout: 180_000 }, async () => {
    const db = h.ctx.database.db;
    const before = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from dispatch_catalog where district_code = ${DISTRICT}`);
    const report = await seedOnFirstStart(ctxB, 0);
    expect(report).not.toBeNull();
    expect(await seedOnFirstStart(ctxB, 0)).toBeNull();
    const markers = await queryRows<{ key: string }>(db, sql`select key from app_meta where key like 'seeded%' order by key`);
    expect(markers.map((m) => m.key)).toContain(`seeded:${B}`);

    // The same department code in both districts, each district's own row.
    const cgw = await queryRows<{ d: string }>(db, sql`select district_code as d from units where code = 'DEPT-CGW' order by 1`);
    expect(cgw.map((r) => r.d)).toEqual([B, DISTRICT]);

    // Each catalogue names only its own district's units; the first district's is as it was.
    const foreign = await queryRows<{ d: string; n: number }>(
      db,
      sql`select c.district_code as d, count(*)::int as n from dispatch_catalog c join units u on u.id = c.unit_id
          where u.district_code <> c.district_code group by 1`,
    );
    expect(foreign).toEqual([]);
    const counts = await queryRows<{ d: string; n: number }>(
      db,
      sql`select district_code as d, count(*)::int as n from dispatch_catalog group by 1 order by 1`,
    );
    expect(counts).toEqual([
      { d: B, n: before[0]!.n },
      { d: DISTRICT, n: before[0]!.n },
    ]);
    const refB = await ctxB.reference.get();
    expect(refB.units.every((u) => u.districtCode === B)).toBe(true);

    // Demo accounts: the plain names belong to the first district; the second gets `<name>.<district>`.
    expect(report!.accounts.map((a) => a.username)).toContain(`admin.${B}`);
    const admins = await queryRows<{ username: string; d: string }>(
      db,
      sql`select u.username, n.district_code as d from users u join units n on n.id = u.unit_id where u.username in ('admin', ${`admin.${B}`}) order by 1`,
    );
    expect(admins).toEqual([
      { username: 'admin', d: DISTRICT },
      { username: `admin.${B}`, d: B },
    ]);
  });

  it("a user signs in only at their own district's servers; another district's session is nobody", async () => {
    appB = await createApp(ctxB, { publicRatePerMinute: 10_000 });
    await appB.ready();
    expect(await loginStatus(appB, `admin.${B}`)).toBe(200);
    expect(await loginStatus(appB, 'admin')).toBe(401);
    expect(await loginStatus(h.app, `admin.${B}`)).toBe(401);
    expect(await loginStatus(h.app, 'admin')).toBe(200);
    // A token issued by district A's server is refused by B's, and the other way round.
    const a = await login(h.ctx, 'operator', PASSWORD);
    expect(await principalFromToken(h.ctx, a.token)).toMatchObject({ username: 'operator' });
    expect(await principalFromToken(ctxB, a.token)).toBeUndefined();
    const b = await login(ctxB, `operator.${B}`, PASSWORD);
    expect(await principalFromToken(h.ctx, b.token)).toBeUndefined();
    const r = await appB.inject({ method: 'GET', url: '/api/tickets', headers: { authorization: `Bearer ${a.token}` } });
    expect(r.statusCode).toBe(401);
  });

  it("intake at district B's server routes to B's units and stays in B", async () => {
    const b = await login(ctxB, `operator.${B}`, PASSWORD);
    const refB = await ctxB.reference.get();
    const leaf = refB.categories.find((c) => c.isLeaf && c.responsible !== null && 'unitCode' in c.responsible);
    expect(leaf).toBeDefined();
    const street = [...refB.divisionByCode.values()].find((d) => d.level === 'community')!;
    const r = await appB.inject({
      method: 'POST',
      url: '/api/tickets',
      headers: { authorization: `Bearer ${b.token}` },
      payload: {
        requestType: 'complaint',
        channel: 'phone',
        content: '海淀区的诉求',
        requesterPhone: '13912345678',
        categoryId: leaf!.id,
        communityCode: street.code,
        triage: { action: 'dispatch' },
      },
    });
    expect(r.statusCode).toBe(201);
    const body = r.json() as { ticketId: number; routing: { leadUnitId: number } };
    expect(refB.unitById.get(body.routing.leadUnitId)?.districtCode).toBe(B);
    const [t] = await queryRows<{ d: string }>(h.ctx.database.db, sql`select district_code as d from tickets where id = ${body.ticketId}`);
    expect(t!.d).toBe(B);
    // District A's server does not see it.
    expect((await h.api('supervisor', 'GET', `/api/tickets/${body.ticketId}`)).status).toBe(404);
  });
});

describe(`migration 0016 on a database at 0015 (${dbKind()})`, () => {
  it("gives the one district's catalogue and first-start markers its district code", { timeout: 120_000 }, async () => {
    const { database, drop } = await freshDatabase();
    try {
      await migrateUpTo(database, 15);
      const db = database.db;
      await db.execute(sql`insert into units (id, code, name, unit_type, district_code) values (1, 'DEPT-CGW', '城管委', 'department', '110109')`);
      await db.execute(sql`insert into categories (id, code, name, level, path, is_leaf) values (1, 'C', 'c', 1, 'C', true)`);
      await db.execute(sql`insert into dispatch_catalog (category_id, unit_id, note) values (1, 1, 'unit')`);
      await db.execute(sql`insert into dispatch_catalog (category_id, unit_type, note) values (1, 'street', 'place')`);
      await db.execute(sql`insert into app_meta (key, value) values ('seeded', '{"districtCode":"110109"}'::jsonb), ('demoHistory', '{"tickets":5}'::jsonb)`);

      await migrate(database);

      expect(await queryRows(db, sql`select note, district_code from dispatch_catalog order by note`)).toEqual([
        { note: 'place', district_code: '110109' },
        { note: 'unit', district_code: '110109' },
      ]);
      expect(
        (await queryRows<{ key: string }>(db, sql`select key from app_meta where key like 'seeded%' or key like 'demoHistory%' order by key`)).map(
          (r) => r.key,
        ),
      ).toEqual(['demoHistory:110109', 'seeded:110109']);
      // The same unit code in another district is now allowed; twice in one district it is not.
      await db.execute(sql`insert into units (id, code, name, unit_type, district_code) values (2, 'DEPT-CGW', '城管委', 'department', '110108')`);
      const err = await db.execute(sql`insert into units (id, code, name, unit_type, district_code) values (3, 'DEPT-CGW', 'x', 'department', '110108')`).then(
        () => null,
        (e: unknown) => e as { cause?: { constraint?: string } },
      );
      expect(err?.cause?.constraint).toBe('units_code_uq');
    } finally {
      await drop();
    }
  });
});
