/**
 * Every workbench page names a policy rule the server has: the rules are published at the top of the
 * committed OpenAPI document (x-policies, checked against the routes in CI), so a page cannot hide
 * behind a rule nobody passes.
 */
import { describe, expect, it } from 'vitest';
import doc from '../../../openapi.json';
import { PAGES } from './registry.ts';

describe('the web app’s pages', () => {
  it('each show by a rule of the server’s policies', () => {
    const rules = new Set(Object.keys((doc as { 'x-policies': Record<string, unknown> })['x-policies']));
    expect(rules.size).toBeGreaterThan(40);
    expect(PAGES.length).toBeGreaterThan(10);
    expect(PAGES.filter((p) => !rules.has(p.rule)).map((p) => `${p.path} → ${p.rule}`)).toEqual([]);
  });
});
