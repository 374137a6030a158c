/**
 * Requesters' personal data at rest, on the real database: what every entry point (operator intake,
 * the public requester page, Open311) stores is sealed — a search of every table's raw rows finds no
 * name, phone, phone digits or address in clear; the reveal endpoint still returns them and records
 * it; repeats are still found by phone. Rows an older version stored in clear are sealed at start
 * (twice at once, too). The key file is private; a rotation re-seals everything under the new key
 * while the server keeps taking requests; the old key can then be retired; wrong keys are refused.
 * Ledger exports mask the address for those who may not reveal it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareRequesterDataAtRest, sealRequesterFields } from '../src/engine/personal-data-at-rest.ts';
import { UNREADABLE_MARK } from '../src/engine/personal-data.ts';
import { generateDataKey, PersonalDataKeyError, PersonalDataKeyring, sealedKeyId, ticketAad } from '../src/platform/crypto/personal-data-crypto.ts';
import { keyFilePath, openKeyring, readOrCreateKeyFile, type DataKeyConfig } from '../src/platform/crypto/personal-data-keys.ts';
import { retireKeyOn, rotateKeyOn } from '../src/cli/keys.ts';
import { queryRows } from '../src/platform/db/client.ts';
import { deleteKeyCheck } from '../src/engine/personal-data.repository.ts';
import { sampleSealedRequesterField, updateRequesterFields } from '../src/engine/ticket.repository.ts';
import { createHarness, dbKind, type Harness } from './support/harness.ts';
import { api, intake, loadRef, STREET_A, type Ref } from './support/ticket-flow.ts';

const quiet = pino({ level: 'silent' });
const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'jiesu-keys-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** Every row of every table in the public schema, as JSON text. */
async function allRawRows(h: Harness): Promise<string[]> {
  const db = h.ctx.database.db;
  const tables = await queryRows<{ t: string }>(
    db,
    sql`select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
  );
  const out: string[] = [];
  for (const { t } of tables)
    out.push(...(await queryRows<{ j: string }>(db, sql`select row_to_json(x)::text as j from ${sql.identifier(t)} x`)).map((r) => r.j));
  return out;
}

const rawTicket = async (h: Harness, id: number) =>
  (
    await queryRows<{ requester_name: string; requester_phone: string; address: string; requester_phone_key: string | null }>(
      h.ctx.database.db,
      sql`select requester_name, requester_phone, address, requester_phone_key from tickets where id = ${id}`,
    )
  )[0]!;

const reveal = async (h: Harness, user: string, id: number) => {
  const r = await api(h, user, 'POST', `/api/tickets/${id}/reveal`, { reason: '联系诉求人核实情况' });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { name: string; phone: string; address: string };
};

const repeatIds = async (h: Harness, phone: string, categoryId: number, communityCode: string) =>
  (
    await api(h, 'operator', 'GET', `/api/tickets/repeat-candidates?phone=${encodeURIComponent(phone)}&categoryId=${categoryId}&communityCode=${communityCode}`)
  ).body.items.map((i: { id: number }) => i.id) as number[];

function keyErrorCode(e: unknown): string {
  if (e instanceof PersonalDataKeyError) return e.code;
  throw e;
}

describe(`personal data sealed at rest (${dbKind()})`, () => {
  let h: Harness;
  let ref: Ref;
  let category: number;
  let community: string;
  let street: number;
  beforeAll(async () => {
    h = await createHarness();
    ref = await loadRef(h);
    category = ref.categoryId('URB.PROP.ELEVATOR');
    community = ref.communities(STREET_A)[0]!;
    street = ref.unitId(`ST-${STREET_A}`);
  });
  afterAll(async () => {
    await h?.close();
  });

  const person = { name: '欧阳娜娜', phone: '13812345678', address: '新桥大街12号院3号楼2单元501' };
  let staffTicket: number;

  it('stores nothing of the requester in clear, from any entry point; reveal returns the clear values and records who asked', async () => {
    const staff = await intake(h, {
      requesterName: person.name,
      requesterPhone: person.phone,
      address: person.address,
      categoryId: category,
      communityCode: community,
      triage: { action: 'dispatch', leadUnitId: street },
    });
    staffTicket = staff.ticketId;
    const pub = await h.app.inject({
      method: 'POST',
      url: '/api/public/requests',
      payload: { content: '楼道灯坏了', communityCode: community, requesterName: '司马相如', requesterPhone: '13987654321', address: '门头沟路88号' },
      headers: { 'idempotency-key': 'pd-at-rest-public-1' },
    });
    expect(pub.statusCode, pub.body).toBe(201);
    const o311 = await h.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      payload: {
        service_code: 'URB.PROP.ELEVATOR',
        description: '电梯坏了',
        first_name: '复',
        last_name: '慕容',
        phone: '13711112222',
        address_string: '石龙北路7号',
      },
    });
    expect(o311.statusCode, o311.body).toBe(201);

    const raw = await allRawRows(h);
    for (const clear of [person.name, person.phone, person.address, '司马相如', '13987654321', '门头沟路88号', '慕容复', '13711112222', '石龙北路7号'])
      expect(
        raw.find((r) => r.includes(clear)),
        `"${clear}" found in clear in a raw row`,
      ).toBeUndefined();
    const row = await rawTicket(h, staffTicket);
    expect(sealedKeyId(row.requester_name)).toBe('k1');
    expect(sealedKeyId(row.requester_phone)).toBe('k1');
    expect(sealedKeyId(row.address)).toBe('k1');
    expect(row.requester_phone_key).toMatch(/^[0-9a-f]{64}$/);

    // Masked in lists and to those who may not reveal; clear, and recorded, through the reveal.
    const asGov = await api(h, 'gov', 'GET', `/api/tickets/${staffTicket}`);
    expect(asGov.status).toBe(200);
    expect(asGov.body.requester).toEqual({ name: '欧***', phone: '138****5678', masked: true });
    expect(asGov.body.address).toBe('新桥大街12****');
    expect((await api(h, 'operator', 'GET', `/api/tickets/${staffTicket}`)).body.address).toBe(person.address);
    const before = await queryRows<{ n: number }>(
      h.ctx.database.db,
      sql`select count(*)::int as n from personal_data_reveals where ticket_id = ${staffTicket}`,
    );
    expect(await reveal(h, ref.handlerOf(street), staffTicket)).toEqual(person);
    const after = await queryRows<{ n: number; reason: string }>(
      h.ctx.database.db,
      sql`select count(*)::int as n, max(reason) as reason from personal_data_reveals where ticket_id = ${staffTicket}`,
    );
    expect(Number(after[0]!.n)).toBe(Number(before[0]!.n) + 1);
    expect(after[0]!.reason).toBe('联系诉求人核实情况');
  });

  it('still finds repeats by phone, in any spelling, through the keyed hash only', async () => {
    expect(await repeatIds(h, '+86 138-1234-5678', category, community)).toEqual([staffTicket]);
    const again = await intake(h, { requesterPhone: '138 1234 5678', categoryId: category, communityCode: community, triage: { action: 'none' } });
    expect(again.repeatCandidates.map((c) => c.id)).toEqual([staffTicket]);
    expect(await repeatIds(h, '13812345679', category, community)).toEqual([]);
  });

  it('a value moved to another ticket or column does not open: the reveal fails instead of showing the wrong person', async () => {
    const other = await intake(h, { requesterName: '钱七', requesterPhone: '13600001111', triage: { action: 'dispatch', leadUnitId: street } });
    const moved = (await rawTicket(h, staffTicket)).requester_name;
    await h.ctx.database.db.execute(sql`update tickets set requester_name = ${moved} where id = ${other.ticketId}`);
    const r = await api(h, ref.handlerOf(street), 'POST', `/api/tickets/${other.ticketId}/reveal`, { reason: '核实' });
    expect(r.status).toBe(500);
    expect(JSON.stringify(r.body)).not.toContain(person.name);
    // Lists and the ticket page still answer, with the unreadable value marked rather than guessed.
    const page = await api(h, 'operator', 'GET', `/api/tickets/${other.ticketId}`);
    expect(page.status).toBe(200);
    expect(page.body.requester).toEqual({ name: UNREADABLE_MARK, phone: '136****1111', masked: true });
    expect((await api(h, 'operator', 'GET', '/api/tickets?limit=100')).status).toBe(200);
  });

  it('seals rows an older version stored in clear, once, at start — two passes at once included', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 7; i++)
      ids.push(
        (
          await intake(h, {
            requesterName: `旧数据${i}`,
            requesterPhone: `1350000000${i}`,
            address: `老地址${i}号`,
            categoryId: category,
            communityCode: community,
            triage: { action: 'dispatch', leadUnitId: street },
          })
        ).ticketId,
      );
    // What a database written before this change holds: clear values and the bare digits as phone key.
    for (const [i, id] of ids.entries())
      await h.ctx.database.db.execute(
        sql`update tickets set requester_name = ${`旧数据${i}`}, requester_phone = ${`1350000000${i}`}, address = ${`老地址${i}号`}, requester_phone_key = ${`1350000000${i}`} where id = ${id}`,
      );
    await h.ctx.database.db.execute(sql`delete from app_meta where key = 'personalDataSealed'`);
    expect((await allRawRows(h)).join('\n')).toContain('旧数据3');

    // A new start (new keyring object, same key) seals them; a second process starting at the same moment does no harm.
    const keys = h.ctx.personalData;
    await Promise.all([prepareRequesterDataAtRest(h.ctx.database.db, keys, h.clock.now(), quiet), sealRequesterFields(h.ctx.database.db, keys, 2)]);
    const raw = (await allRawRows(h)).join('\n');
    for (let i = 0; i < 7; i++) for (const clear of [`旧数据${i}`, `1350000000${i}`, `老地址${i}号`]) expect(raw.includes(clear), clear).toBe(false);
    for (const [i, id] of ids.entries()) {
      expect(await reveal(h, 'operator', id)).toEqual({ name: `旧数据${i}`, phone: `1350000000${i}`, address: `老地址${i}号` });
      expect(await repeatIds(h, `1350000000${i}`, category, community)).toEqual([id]);
    }
    // Later starts skip the pass and refuse clear text slipped in behind it.
    await h.ctx.database.db.execute(sql`update tickets set requester_name = '塞进来的明文' where id = ${ids[0]}`);
    expect((await api(h, 'operator', 'POST', `/api/tickets/${ids[0]}/reveal`, { reason: '核实' })).status).toBe(500);
  });

  it('exports ledgers with the address masked unless the exporting user may reveal it, and no name or phone', async () => {
    const ledger = await api(h, 'supervisor', 'POST', '/api/ledgers', { name: '个人信息导出检查', rules: {} });
    expect(ledger.status).toBe(201);
    expect((await api(h, 'supervisor', 'POST', `/api/ledgers/${ledger.body.id}/items`, { ticketIds: [staffTicket] })).status).toBe(200);
    const exported = async (user: string) => {
      const r = await h.app.inject({
        method: 'GET',
        url: `/api/ledgers/${ledger.body.id}/export.xlsx`,
        headers: { authorization: `Bearer ${await h.token(user)}` },
      });
      expect(r.statusCode).toBe(200);
      const rows: string[][] = [];
      for await (const sheet of new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(r.rawPayload), {}))
        for await (const row of sheet) rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? '')));
      return rows;
    };
    const row = (rows: string[][]) => rows.find((x) => x.some((c) => c.includes('新桥大街')))!;
    const asSupervisor = await exported('supervisor');
    expect(row(asSupervisor)[3]).toContain(person.address);
    const asGov = await exported('gov');
    expect(row(asGov)[3]).toContain('新桥大街12****');
    expect(asGov.flat().join('\n')).not.toContain(person.address);
    for (const rows of [asSupervisor, asGov]) {
      const text = rows.flat().join('\n');
      expect(text).not.toContain(person.name);
      expect(text).not.toContain(person.phone);
    }
    const items = await api(h, 'gov', 'GET', `/api/ledgers/${ledger.body.id}/items`);
    expect(items.body.items[0].place).toContain('新桥大街12****');
  });

  it('the start-up sample is the newest sealed field among the newest tickets only (a bounded look-up)', async () => {
    const db = h.ctx.database.db;
    const three = await intake(h, { requesterName: '采样甲', requesterPhone: '13900001111' });
    for (let i = 0; i < 2; i++) await intake(h, { requesterName: '', requesterPhone: '' });
    const newest = (await queryRows<{ id: string }>(db, sql`select t.id::text as id from tickets t order by t.id desc limit 3`)).map((r) => Number(r.id));
    expect(newest[2]).toBe(three.ticketId);
    // The two newest tickets have no requester: a window of two finds nothing, a window of three the
    // third newest, and the default window the same.
    expect(await sampleSealedRequesterField(db, 2)).toBeUndefined();
    expect(await sampleSealedRequesterField(db, 3)).toMatchObject({ id: three.ticketId, column: 'requester_phone', value: expect.stringMatching(/^pd1:/) });
    expect((await sampleSealedRequesterField(db))?.id).toBe(three.ticketId);
  });
});

describe(`key file, rotation and retirement (${dbKind()})`, () => {
  let h: Harness;
  let ref: Ref;
  let keys: DataKeyConfig;
  let street: number;
  let category: number;
  let community: string;
  const people: { id: number; name: string; phone: string; address: string }[] = [];

  beforeAll(async () => {
    keys = { dataKey: null, oldDataKeys: [], dataDir: tempDir() };
    h = await createHarness({ keyring: openKeyring(keys) });
    ref = await loadRef(h);
    street = ref.unitId(`ST-${STREET_A}`);
    category = ref.categoryId('URB.PROP.FEE');
    community = ref.communities(STREET_A)[1]!;
  });
  afterAll(async () => {
    await h?.close();
  });

  const addPerson = async (i: number) => {
    const p = { name: `轮换${i}`, phone: `1360000${String(1000 + i)}`, address: `轮换路${i}号` };
    const r = await intake(h, {
      requesterName: p.name,
      requesterPhone: p.phone,
      address: p.address,
      categoryId: category,
      communityCode: community,
      triage: { action: 'dispatch', leadUnitId: street },
    });
    people.push({ id: r.ticketId, ...p });
  };

  it('generates the key file on first start: 0600 in a 0700 directory, the same key for every process', async () => {
    const file = keyFilePath(keys.dataDir);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['personal-data.json']);
    const sealed = h.ctx.personalData.seal('同一把钥匙', 'test');
    expect(openKeyring(keys).open(sealed, 'test')).toBe('同一把钥匙');
    // A file others could read is refused, like ssh refuses a private key.
    const loose = tempDir();
    readOrCreateKeyFile(keyFilePath(loose), new Date());
    fs.chmodSync(keyFilePath(loose), 0o644);
    expect(() => openKeyring({ dataKey: null, oldDataKeys: [], dataDir: loose })).toThrow(/readable by others/);
  });

  it('rotates while the server takes requests: every row ends under the new key, reveals and repeat lookups still right', async () => {
    for (let i = 0; i < 12; i++) await addPerson(i);
    expect(new Set(await Promise.all(people.map(async (p) => sealedKeyId((await rawTicket(h, p.id)).requester_phone))))).toEqual(new Set(['k1']));

    // The rotation (as `jiesu rotate-key` would run it in another process) races new intake on the live server.
    const [report] = await Promise.all([
      rotateKeyOn(h.ctx.database.db, keys, { resume: false, waitMs: 0 }, h.clock.now()),
      (async () => {
        for (let i = 12; i < 20; i++) await addPerson(i);
      })(),
    ]);
    expect(report.added).toBe('k2');
    expect(report.keyId).toBe('k2');
    // The server notices the new key within a second; a resumed pass then catches any row it sealed under k1 meanwhile.
    await sleep(1100);
    await addPerson(20);
    const resumed = await rotateKeyOn(h.ctx.database.db, keys, { resume: true, waitMs: 0 }, h.clock.now());
    expect(resumed).toMatchObject({ keyId: 'k2', remaining: 0, byOldKey: { k1: 0 } });

    const raw = await queryRows<{ n: number }>(
      h.ctx.database.db,
      sql`select count(*)::int as n from tickets where left(requester_name, 7) = 'pd1:k1:' or left(requester_phone, 7) = 'pd1:k1:' or left(address, 7) = 'pd1:k1:'`,
    );
    expect(Number(raw[0]!.n)).toBe(0);
    for (const p of people) {
      const row = await rawTicket(h, p.id);
      expect([sealedKeyId(row.requester_name), sealedKeyId(row.requester_phone), sealedKeyId(row.address)]).toEqual(['k2', 'k2', 'k2']);
      expect(row.requester_phone_key).toBe(openKeyring(keys).phoneKey(p.phone));
      expect(await reveal(h, ref.handlerOf(street), p.id)).toEqual({ name: p.name, phone: p.phone, address: p.address });
    }
    expect(await repeatIds(h, people[3]!.phone, category, community)).toEqual([people[3]!.id]);
  });

  it('retires the old key only when nothing is sealed under it; afterwards everything still opens and repeats are still found', async () => {
    await expect(retireKeyOn(h.ctx.database.db, keys, 'k2', h.clock.now())).rejects.toThrow(/active key/);
    // One value left behind under k1 blocks the retirement until a resumed rotation re-seals it.
    const k1 = readOrCreateKeyFile(keyFilePath(keys.dataDir), new Date()).keys.find((k) => k.id === 'k1')!;
    const onlyK1 = new PersonalDataKeyring({ keys: [k1], activeId: 'k1' });
    const p = people[0]!;
    const row = await rawTicket(h, p.id);
    await updateRequesterFields(h.ctx.database.db, {
      districtCode: h.ctx.districtCode,
      id: p.id,
      requesterName: onlyK1.seal(p.name, ticketAad(h.ctx.districtCode, p.id, 'requester_name')),
      requesterPhone: row.requester_phone,
      address: row.address,
      requesterPhoneKey: row.requester_phone_key,
    });
    await expect(retireKeyOn(h.ctx.database.db, keys, 'k1', h.clock.now())).rejects.toThrow(/1 tickets still hold personal data sealed under key k1/);
    await rotateKeyOn(h.ctx.database.db, keys, { resume: true, waitMs: 0 }, h.clock.now());
    expect(await retireKeyOn(h.ctx.database.db, keys, 'k1', h.clock.now())).toBe('file');
    expect(readOrCreateKeyFile(keyFilePath(keys.dataDir), new Date()).keys.map((k) => k.id)).toEqual(['k2']);

    // A server started now knows only k2.
    h.ctx.personalData = openKeyring(keys);
    await prepareRequesterDataAtRest(h.ctx.database.db, h.ctx.personalData, h.clock.now(), quiet);
    for (const q of people) expect(await reveal(h, 'operator', q.id)).toEqual({ name: q.name, phone: q.phone, address: q.address });
    expect(await repeatIds(h, people[5]!.phone, category, community)).toEqual([people[5]!.id]);
    const again = await intake(h, { requesterPhone: people[7]!.phone, categoryId: category, communityCode: community, triage: { action: 'none' } });
    expect(again.repeatCandidates.map((c) => c.id)).toEqual([people[7]!.id]);
  });

  it('refuses to start with keys that do not fit the data: another key file, the same id with other bytes, or a needed key missing', async () => {
    const db = h.ctx.database.db;
    const start = (k: PersonalDataKeyring) => prepareRequesterDataAtRest(db, k, h.clock.now(), quiet).then(() => 'started', keyErrorCode);
    // A fresh data directory generates its own k1: the database's k2 is missing.
    expect(await start(openKeyring({ dataKey: null, oldDataKeys: [], dataDir: tempDir() }))).toBe('PERSONAL_DATA.KEY_MISMATCH');
    // JIESU_DATA_KEY with the right id but other bytes.
    expect(await start(openKeyring({ dataKey: generateDataKey('k2'), oldDataKeys: [], dataDir: keys.dataDir }))).toBe('PERSONAL_DATA.KEY_MISMATCH');
    // Even without the check record, the newest sealed row must open.
    const right = readOrCreateKeyFile(keyFilePath(keys.dataDir), new Date());
    await deleteKeyCheck(db, 'k2');
    expect(await start(openKeyring({ dataKey: generateDataKey('k2'), oldDataKeys: [], dataDir: keys.dataDir }))).toBe('PERSONAL_DATA.KEY_MISMATCH');
    // The right key, given as configuration, starts (and records its check again).
    expect(await start(openKeyring({ dataKey: right.keys.find((k) => k.id === 'k2')!, oldDataKeys: [], dataDir: keys.dataDir }))).toBe('started');
    expect(await start(openKeyring({ dataKey: generateDataKey('k2'), oldDataKeys: [], dataDir: keys.dataDir }))).toBe('PERSONAL_DATA.KEY_MISMATCH');
  });
});
