/**
 * Every module that has routes brings its own policy (named after it), and every operation of the
 * running app names a rule of the policy of a listed module (src/engine/policy.ts). The session tells
 * the web app the rules a user passes; the OpenAPI document lists them all (x-policies), which
 * web/src/shell/registry.test.ts checks every page of the web app against.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { MODULES } from '../src/main.ts';
import { createHarness, dbKind } from './support/harness.ts';
import { api } from './support/ticket-flow.ts';

const h = await createHarness();
afterAll(async () => {
  await h.close();
});

describe(`the modules' policies (${dbKind()})`, () => {
  it('gives every module with routes its own policy, and every operation a rule of a listed module’s policy', () => {
    for (const m of MODULES) if (m.routes) expect(m.policy?.module, `${m.name}'s policy`).toBe(m.name);
    const rules = new Set(MODULES.flatMap((m) => (m.policy ? Object.keys(m.policy.rules).map((r) => `${m.policy!.module}.${r}`) : [])));
    const doc = h.app.swagger() as { paths: Record<string, Record<string, { 'x-policy'?: { rule: string } }>> };
    const named = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ key: `${method} ${path}`, rule: op['x-policy']?.rule })),
    );
    expect(named.length).toBeGreaterThan(60);
    expect(named.filter((o) => o.rule === undefined || !rules.has(o.rule)).map((o) => o.key)).toEqual([]);
  });

  const serverRules = () => new Set(MODULES.flatMap((m) => (m.policy ? Object.keys(m.policy.rules).map((r) => `${m.policy!.module}.${r}`) : [])));

  it('tells each user the rules their roles pass, and no other', async () => {
    const may = async (user: string) => new Set(((await api(h, user, 'GET', '/api/auth/me')).body as { may: string[] }).may);
    const supervisor = await may('supervisor');
    const operator = await may('operator');
    const street = await may('street');
    for (const r of ['ledgers.read', 'ledgers.edit', 'hotline.centrePage', 'hotline.overdue', 'whistles.read', 'engine.intake'])
      expect(supervisor, r).toContain(r);
    for (const r of ['ledgers.read', 'engine.intake', 'engine.session']) expect(operator, r).toContain(r);
    for (const r of ['ledgers.edit', 'hotline.centrePage', 'admin.settingsPage', 'whistles.read', 'grids.report']) expect(operator, r).not.toContain(r);
    for (const r of ['hotline.inboxPage', 'whistles.blow', 'whistles.reportIn']) expect(street, r).toContain(r);
    for (const r of ['engine.intake', 'ledgers.edit', 'hotline.centrePage']) expect(street, r).not.toContain(r);
    const rules = serverRules();
    for (const r of [...supervisor, ...operator, ...street]) expect(rules, r).toContain(r);
  });

  it('publishes every rule of the house at the top of the OpenAPI document', () => {
    const doc = h.app.swagger() as { 'x-policies'?: Record<string, { roles: unknown }> };
    expect(new Set(Object.keys(doc['x-policies'] ?? {}))).toEqual(serverRules());
    expect(doc['x-policies']?.['ledgers.edit']?.roles).toEqual(['centre_supervisor', 'admin']);
  });
});
