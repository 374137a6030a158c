import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from '../config/config.ts';
import { addActiveKeyToFile, keyFilePath, openKeyring, readOrCreateKeyFile, removeKeyFromFile } from './personal-data-keys.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'jiesu-keyfile-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('the personal-data key file', () => {
  it('is created once, private, and read back by every later opener; no temporary file is left', () => {
    const dir = tempDir();
    const file = keyFilePath(dir);
    const sets = Array.from({ length: 5 }, () => readOrCreateKeyFile(file, new Date()));
    const material = new Set(sets.map((s) => s.keys[0]!.key.toString('hex')));
    expect(material.size).toBe(1);
    expect(sets[0]!.activeId).toBe('k1');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['personal-data.json']);
  });

  it('adds and removes keys atomically, refusing to remove the active one', () => {
    const file = keyFilePath(tempDir());
    readOrCreateKeyFile(file, new Date());
    expect(addActiveKeyToFile(file, new Date())).toBe('k2');
    expect(addActiveKeyToFile(file, new Date())).toBe('k3');
    expect(() => removeKeyFromFile(file, 'k3', new Date())).toThrow(/active key/);
    removeKeyFromFile(file, 'k1', new Date());
    const set = readOrCreateKeyFile(file, new Date());
    expect(set).toMatchObject({ activeId: 'k3' });
    expect(set.keys.map((k) => k.id)).toEqual(['k2', 'k3']);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['personal-data.json']);
  });

  it('refuses a damaged key file with a clear message', () => {
    const file = keyFilePath(tempDir());
    readOrCreateKeyFile(file, new Date());
    fs.writeFileSync(file, '{"version":1,"activeId":"k1","keys":[{"id":"k1","key":"c2hvcnQ="}]}');
    expect(() => openKeyring({ dataKey: null, oldDataKeys: [], dataDir: path.dirname(path.dirname(file)) })).toThrow(/32 bytes/);
    fs.writeFileSync(file, 'not json');
    expect(() => readOrCreateKeyFile(file, new Date())).toThrow(/not valid JSON/);
  });
});

describe('JIESU_DATA_KEY and JIESU_DATA_OLD_KEYS', () => {
  const key = (id: string) => `${id}:${Buffer.alloc(32, id.charCodeAt(1)).toString('base64')}`;
  const parse = (env: Record<string, string>) => loadConfig(env, '/srv');

  it('parses the active key and the old ones', () => {
    const c = parse({ JIESU_DATA_KEY: key('k2'), JIESU_DATA_OLD_KEYS: `${key('k1')}, ${key('k0')}` });
    expect(c.dataKey?.id).toBe('k2');
    expect(c.dataKey?.key.length).toBe(32);
    expect(c.oldDataKeys.map((k) => k.id)).toEqual(['k1', 'k0']);
    expect(parse({})).toMatchObject({ dataKey: null, oldDataKeys: [] });
  });

  it('refuses malformed keys without echoing them', () => {
    const bad = ['k1', 'k1:', 'k1:c2hvcnQ=', `k_1:${Buffer.alloc(32).toString('base64')}`, `:${Buffer.alloc(32).toString('base64')}`];
    for (const v of bad) {
      let e: unknown;
      try {
        parse({ JIESU_DATA_KEY: v });
      } catch (x) {
        e = x;
      }
      expect(e, v).toBeInstanceOf(ConfigError);
      expect((e as Error).message).not.toContain(v.slice(3) || '\u0000');
    }
    expect(() => parse({ JIESU_DATA_OLD_KEYS: key('k1') })).toThrow(/needs JIESU_DATA_KEY/);
    expect(() => parse({ JIESU_DATA_KEY: key('k1'), JIESU_DATA_OLD_KEYS: key('k1') })).toThrow(/distinct/);
  });
});
