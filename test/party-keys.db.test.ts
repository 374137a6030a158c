/**
 * Party members' sealed identities follow a rotation of the personal-data keys (`jiesu rotate-key`):
 * name, ID number and phone re-sealed under the new key, the ID number's keyed hash recomputed, the old
 * key retired only once no member needs it; afterwards every member still opens and an ID number still
 * cannot be added twice.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retireKeyOn, rotateKeyOn } from '../src/cli/keys.ts';
import { prepareRequesterDataAtRest } from '../src/engine/personal-data-at-rest.ts';
import { party, seedDemoParty } from '../src/modules/party/index.ts';
import { seedDemoVolunteers } from '../src/modules/volunteers/index.ts';
import { sealedKeyId } from '../src/platform/crypto/personal-data-crypto.ts';
import { openKeyring, type DataKeyConfig } from '../src/platform/crypto/personal-data-keys.ts';
import { partyMembers } from '../src/schema.ts';
import { createHarness, dbKind, type Harness } from './support/harness.ts';

let h: Harness;
let keys: DataKeyConfig;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiesu-party-keys-'));
  keys = { dataKey: null, oldDataKeys: [], dataDir: dir };
  h = await createHarness({ keyring: openKeyring(keys) });
  await seedDemoVolunteers(h.ctx);
  h.ctx.reference.invalidate();
  await seedDemoParty(h.ctx);
});
afterAll(async () => {
  await h?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe(`party members across a key rotation (${dbKind()})`, () => {
  it('re-seals every member, retires the old key, and every member still opens', async () => {
    const db = h.ctx.database.db;
    const before = await db.select().from(partyMembers);
    expect(before.length).toBeGreaterThan(1000);
    expect(new Set(before.map((m) => sealedKeyId(m.realName)))).toEqual(new Set(['k1']));
    // The manifest tells `jiesu retire-key` which members still need the old key.
    expect(await party.personalData!.countSealedUnder(db, 'k1')).toBe(before.length);
    await expect(retireKeyOn(db, keys, 'k1', h.clock.now())).rejects.toThrow(/still hold personal data sealed under key k1/);
    const r = await rotateKeyOn(db, keys, { resume: false, waitMs: 0 }, h.clock.now());
    expect(r.resealedOther).toBeGreaterThanOrEqual(before.length);
    const after = await db.select().from(partyMembers);
    for (const m of after) {
      expect(sealedKeyId(m.realName)).toBe('k2');
      expect(sealedKeyId(m.idNumber)).toBe('k2');
      if (m.phone !== null) expect(sealedKeyId(m.phone)).toBe('k2');
    }
    const oldKeys = new Map(before.map((m) => [m.id, m.idNumberKey]));
    expect(after.every((m) => oldKeys.get(m.id) !== m.idNumberKey)).toBe(true);
    expect(await party.personalData!.countSealedUnder(db, 'k1')).toBe(0);
    expect(await retireKeyOn(db, keys, 'k1', h.clock.now())).toBe('file');

    h.ctx.personalData = openKeyring(keys);
    await prepareRequesterDataAtRest(db, h.ctx.personalData, h.clock.now(), pino({ level: 'silent' }));
    const me = await h.api('13910000001', 'GET', '/api/party/me');
    expect([me.status, me.body.member.realName]).toEqual([200, '李红梅']);
    const again = await h.api('party', 'POST', '/api/party/members', {
      organisationId: me.body.organisation.id,
      realName: '李红梅',
      idNumber: me.body.member.idNumber,
      memberType: 'full',
    });
    expect(again.body.error?.code).toBe('PARTY.MEMBER_EXISTS');
  });
});
