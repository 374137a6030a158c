/**
 * Residents' sealed identities follow a rotation of the personal-data keys (`jiesu rotate-key`): names
 * and ID numbers are re-sealed under the new key and the ID numbers' keyed hashes recomputed, the old
 * key cannot be retired while a resident still needs it, and after its retirement every resident still
 * opens and an ID number still cannot register twice.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retireKeyOn, rotateKeyOn } from '../src/cli/keys.ts';
import { prepareRequesterDataAtRest } from '../src/engine/personal-data-at-rest.ts';
import { PersonalDataKeyring, sealedKeyId } from '../src/platform/crypto/personal-data-crypto.ts';
import { keyFilePath, openKeyring, readOrCreateKeyFile, type DataKeyConfig } from '../src/platform/crypto/personal-data-keys.ts';
import { residents } from '../src/schema.ts';
import { send } from './support/api-surface.ts';
import { createHarness, dbKind, PASSWORD, type Harness } from './support/harness.ts';
import { api } from './support/ticket-flow.ts';
import { volunteerFixtures, type VolunteerFixtures } from './support/volunteer-fixtures.ts';

let h: Harness;
let keys: DataKeyConfig;
let vol: VolunteerFixtures;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiesu-vol-keys-'));
  keys = { dataKey: null, oldDataKeys: [], dataDir: dir };
  h = await createHarness({ keyring: openKeyring(keys) });
  vol = await volunteerFixtures(h, { claimable: 3 });
});
afterAll(async () => {
  await h?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe(`residents across a key rotation (${dbKind()})`, () => {
  it('re-seals every resident under the new key; the old key retires only once none needs it; all still open', async () => {
    const db = h.ctx.database.db;
    const before = await db.select().from(residents);
    expect(before.length).toBeGreaterThanOrEqual(9);
    expect(new Set(before.map((r) => sealedKeyId(r.realName)))).toEqual(new Set(['k1']));

    const r = await rotateKeyOn(db, keys, { resume: false, waitMs: 0 }, h.clock.now());
    expect(r.keyId).toBe('k2');
    expect(r.resealedOther).toBe(before.length);
    const after = await db.select().from(residents);
    for (const x of after) {
      expect(sealedKeyId(x.realName)).toBe('k2');
      expect(sealedKeyId(x.idNumber)).toBe('k2');
    }
    // The keyed hashes changed with the key.
    const oldKeys = new Map(before.map((x) => [x.userId, x.idNumberKey]));
    expect(after.every((x) => oldKeys.get(x.userId) !== x.idNumberKey)).toBe(true);

    expect(await retireKeyOn(db, keys, 'k1', h.clock.now())).toBe('file');
    expect(readOrCreateKeyFile(keyFilePath(dir), new Date()).keys.map((k) => k.id)).toEqual(['k2']);

    // A server started now knows only k2.
    h.ctx.personalData = openKeyring(keys);
    await prepareRequesterDataAtRest(db, h.ctx.personalData, h.clock.now(), pino({ level: 'silent' }));
    const me = await api(h, vol.resident, 'GET', '/api/residents/me');
    expect(me.status).toBe(200);
    expect(me.body.realName).toBe('测试居民');
    expect(me.body.idNumber).toMatch(/^\d{17}[\dX]$/);
    const again = await send(h, { method: 'POST', url: '/api/residents', payload: { ...vol.registration(), idNumber: me.body.idNumber } });
    expect(again.body.error?.code).toBe('RESIDENT.ID_TAKEN');
    const claim = vol.claimable();
    expect((await send(h, { method: 'POST', url: '/api/residents/claim', payload: { ...claim, password: PASSWORD } })).status).toBe(200);
  });

  it('refuses to retire a key a resident still needs', async () => {
    const db = h.ctx.database.db;
    // A resident registered by a server that still sealed under k2 while the rotation to k3 ran.
    await rotateKeyOn(db, keys, { resume: false, waitMs: 0 }, h.clock.now());
    const k2 = readOrCreateKeyFile(keyFilePath(dir), new Date()).keys.find((k) => k.id === 'k2')!;
    h.ctx.personalData = new PersonalDataKeyring({ keys: [k2], activeId: 'k2' });
    const late = await send(h, { method: 'POST', url: '/api/residents', payload: vol.registration() });
    expect(late.status).toBe(201);
    await expect(retireKeyOn(db, keys, 'k2', h.clock.now())).rejects.toThrow(/volunteers module still hold personal data sealed under key k2/);
    await rotateKeyOn(db, keys, { resume: true, waitMs: 0 }, h.clock.now());
    expect(await retireKeyOn(db, keys, 'k2', h.clock.now())).toBe('file');
  });
});
