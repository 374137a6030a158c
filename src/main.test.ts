/**
 * The list of modules is the house's plan: every folder under src/modules is a listed module with a
 * manifest of its own name, and every table of the schema belongs to exactly one manifest.
 */
import fs from 'node:fs';
import path from 'node:path';
import { is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { MODULES } from './main.ts';
import * as schema from './schema.ts';

const MODULES_DIR = path.join(import.meta.dirname, 'modules');

describe('the list of modules', () => {
  it('lists every folder under src/modules once, by its folder name, after the engine', () => {
    const folders = fs
      .readdirSync(MODULES_DIR, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    const names = MODULES.map((m) => m.name);
    expect(names[0]).toBe('engine');
    expect(new Set(names).size).toBe(names.length);
    expect(names.slice(1).sort()).toEqual(folders);
    for (const f of folders) expect(fs.existsSync(path.join(MODULES_DIR, f, 'index.ts')), `${f}/index.ts`).toBe(true);
  });

  it('gives every table of the schema to exactly one manifest, and no manifest a table outside it', () => {
    const schemaTables = Object.values(schema).filter((v) => is(v, PgTable));
    expect(schemaTables.length).toBeGreaterThan(20);
    const owners = new Map<unknown, string[]>();
    for (const m of MODULES) for (const t of Object.values(m.tables ?? {}).filter((v) => is(v, PgTable))) owners.set(t, [...(owners.get(t) ?? []), m.name]);
    for (const t of schemaTables) expect(owners.get(t), `owner of ${(t as PgTable)[Symbol.for('drizzle:Name') as never]}`).toHaveLength(1);
    expect([...owners.keys()].filter((t) => !schemaTables.includes(t as never))).toEqual([]);
  });
});
