/**
 * The list of modules is the house's plan: every folder under src/modules is a listed module with a
 * manifest of its own name, and every table of the schema belongs to exactly one manifest.
 */
import fs from 'node:fs';
import path from 'node:path';
import { is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { boundedStep, MODULES } from './main.ts';
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

describe('a server stop step', () => {
  const logged = () => {
    const lines: { step?: string; msg: string }[] = [];
    const log = pino({ level: 'warn' }, { write: (l: string) => void lines.push(JSON.parse(l) as { step?: string; msg: string }) });
    return { log, lines };
  };

  it('that never settles is logged by name and left behind once its time is up', async () => {
    vi.useFakeTimers();
    try {
      const { log, lines } = logged();
      let done = false;
      const stop = boundedStep(log, 'job sweeper', new Promise<void>(() => {}), 10_000).then(() => (done = true));
      await vi.advanceTimersByTimeAsync(9_999);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await stop;
      expect(lines).toMatchObject([{ step: 'job sweeper', msg: 'a step of the stop did not finish in time; stopping anyway' }]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('that finishes in time is waited for and not logged', async () => {
    const { log, lines } = logged();
    let finished = false;
    await boundedStep(
      log,
      'database',
      Promise.resolve().then(() => void (finished = true)),
      10_000,
    );
    expect(finished).toBe(true);
    expect(lines).toEqual([]);
  });
});
