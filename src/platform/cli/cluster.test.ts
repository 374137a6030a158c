import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config/config.ts';
import { assertClusterable, restartDelayMs } from './cluster.ts';

describe('serve --workers', () => {
  it('restarts a crashed worker after 1 s, doubling per crash in a row up to 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(restartDelayMs)).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('reads JIESU_WORKERS (default 1, 1–64) and refuses anything else with the variable named', () => {
    expect(loadConfig({}).workers).toBe(1);
    expect(loadConfig({ JIESU_WORKERS: '4' }).workers).toBe(4);
    for (const bad of ['0', '65', '1.5', 'two']) expect(() => loadConfig({ JIESU_WORKERS: bad }), bad).toThrow(/JIESU_WORKERS/);
  });

  it('refuses several workers on the embedded database, and allows them on PostgreSQL', () => {
    expect(() => assertClusterable(loadConfig({}), 2)).toThrow(ConfigError);
    expect(() => assertClusterable(loadConfig({}), 2)).toThrow(/need PostgreSQL \(set DATABASE_URL\)/);
    expect(() => assertClusterable(loadConfig({}), 1)).not.toThrow();
    expect(() => assertClusterable(loadConfig({ DATABASE_URL: 'postgres://db.internal/jiesu' }), 8)).not.toThrow();
  });
});
