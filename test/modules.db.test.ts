/**
 * Every module that has routes brings its own policy (named after it), and every operation of the
 * running app names a rule of the policy of a listed module (src/engine/policy.ts).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { MODULES } from '../src/main.ts';
import { createHarness, dbKind } from './support/harness.ts';

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
});
