import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('database timeouts in the configuration', () => {
  it('defaults to a 5 s connection wait and a 30 s statement timeout', () => {
    const c = loadConfig({});
    expect(c.dbConnectTimeoutMs).toBe(5000);
    expect(c.dbStatementTimeoutMs).toBe(30_000);
  });

  it('takes whole milliseconds in range; 0 turns the statement timeout off but not the connection wait', () => {
    expect(loadConfig({ JIESU_DB_CONNECT_TIMEOUT_MS: '2000', JIESU_DB_STATEMENT_TIMEOUT_MS: '0' })).toMatchObject({ dbConnectTimeoutMs: 2000, dbStatementTimeoutMs: 0 });
    for (const bad of ['0', '50', '1.5', 'soon', '600001'])
      expect(() => loadConfig({ JIESU_DB_CONNECT_TIMEOUT_MS: bad }), bad).toThrow(/JIESU_DB_CONNECT_TIMEOUT_MS/);
    for (const bad of ['-1', '30s', '86400001'])
      expect(() => loadConfig({ JIESU_DB_STATEMENT_TIMEOUT_MS: bad }), bad).toThrow(ConfigError);
  });
});
