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

  it('believes X-Forwarded-For only from the proxies named in JIESU_TRUST_PROXY', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ JIESU_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1' }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8', '::1']);
    expect(loadConfig({ JIESU_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    for (const bad of ['true', '0', '11', '10.0.0.0/33', '300.1.1.1', 'proxy.local'])
      expect(() => loadConfig({ JIESU_TRUST_PROXY: bad }), bad).toThrow(/JIESU_TRUST_PROXY/);
  });

  it('sets Secure cookies when the public address is https, unless told otherwise', () => {
    expect(loadConfig({}).secureCookies).toBe(false);
    expect(loadConfig({ JIESU_PUBLIC_URL: 'https://jiesu.example.gov.cn' }).secureCookies).toBe(true);
    expect(loadConfig({ JIESU_PUBLIC_URL: 'http://10.1.2.3:3000' }).secureCookies).toBe(false);
    expect(loadConfig({ JIESU_PUBLIC_URL: 'https://jiesu.example.gov.cn', JIESU_SECURE_COOKIES: 'false' }).secureCookies).toBe(false);
    expect(loadConfig({ JIESU_SECURE_COOKIES: 'yes' }).secureCookies).toBe(true);
  });
});
