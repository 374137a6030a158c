import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('database timeouts in the configuration', () => {
  it('defaults to a 5 s connection wait and a 30 s statement timeout', () => {
    const c = loadConfig({});
    expect(c.dbConnectTimeoutMs).toBe(5000);
    expect(c.dbStatementTimeoutMs).toBe(30_000);
  });

  it('takes whole milliseconds in range; 0 turns the statement timeout off but not the connection wait', () => {
    expect(loadConfig({ JIESU_DB_CONNECT_TIMEOUT_MS: '2000', JIESU_DB_STATEMENT_TIMEOUT_MS: '0' })).toMatchObject({
      dbConnectTimeoutMs: 2000,
      dbStatementTimeoutMs: 0,
    });
    for (const bad of ['0', '50', '1.5', 'soon', '600001'])
      expect(() => loadConfig({ JIESU_DB_CONNECT_TIMEOUT_MS: bad }), bad).toThrow(/JIESU_DB_CONNECT_TIMEOUT_MS/);
    for (const bad of ['-1', '30s', '86400001']) expect(() => loadConfig({ JIESU_DB_STATEMENT_TIMEOUT_MS: bad }), bad).toThrow(ConfigError);
  });
});

describe('embedded database memory in the configuration', () => {
  it('defaults shared_buffers to 32 MB and takes whole megabytes in 16–4096', () => {
    expect(loadConfig({}).pgliteSharedBuffersMb).toBe(32);
    expect(loadConfig({ JIESU_PGLITE_SHARED_BUFFERS_MB: '128' }).pgliteSharedBuffersMb).toBe(128);
    for (const bad of ['8', '0', '32MB', '1.5', '4097'])
      expect(() => loadConfig({ JIESU_PGLITE_SHARED_BUFFERS_MB: bad }), bad).toThrow(/JIESU_PGLITE_SHARED_BUFFERS_MB/);
  });
});
