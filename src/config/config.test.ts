import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('takes JIESU_PUBLIC_URL as an absolute http(s) address without a trailing slash', () => {
    expect(loadConfig({}).publicUrl).toBeNull();
    expect(loadConfig({ JIESU_PUBLIC_URL: 'https://jiesu.example.gov.cn/' }).publicUrl).toBe('https://jiesu.example.gov.cn');
    expect(loadConfig({ JIESU_PUBLIC_URL: 'https://example.cn/jiesu' }).publicUrl).toBe('https://example.cn/jiesu');
    for (const bad of ['jiesu.example.cn', 'ftp://example.cn', 'https://example.cn/?a=1', 'https://example.cn/#x'])
      expect(() => loadConfig({ JIESU_PUBLIC_URL: bad }), bad).toThrow(ConfigError);
  });

  it('refuses numbers out of range with the variable named', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => loadConfig({ JIESU_DEMO_TICKETS: '-1' })).toThrow(/JIESU_DEMO_TICKETS/);
  });
});
