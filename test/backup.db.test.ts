/**
 * `jiesu backup` / `jiesu restore`: a seeded database backs up to one file and restores into a fresh
 * database table for table (row counts and an md5 of the rows in primary-key order, for every table
 * the information schema lists, so new tables are covered without editing this test); sequences are
 * reset so the restored application creates tickets without collisions; a damaged or truncated file
 * is refused and leaves the target empty; a non-empty target needs --force; the embedded database's
 * directory lock is respected.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../src/engine/auth.ts';
import type { AppContext } from '../src/engine/context.ts';
import { ReferenceCache } from '../src/engine/reference/reference-cache.ts';
import { backupToFile, restoreFromFile, runBackup } from '../src/platform/cli/backup.ts';
import { loadConfig } from '../src/platform/config/config.ts';
import { BackupError } from '../src/platform/db/backup.ts';
import { migrate, MIGRATIONS_DIR } from '../src/platform/db/migrate.ts';
import { openDatabase, queryRows, type Database } from '../src/platform/db/client.ts';
import { acquireDirLock, DataDirLockedError } from '../src/platform/db/dir-lock.ts';
import { AFTER_RESTORE, createApp } from '../src/main.ts';
import { createHarness, dbKind, DISTRICT, freshDatabase, PASSWORD, type Harness } from './support/harness.ts';
import { act, api, dispatchedTo, handleAndReply, HOUR, intake, loadRef, STREET_A, STREET_B } from './support/ticket-flow.ts';

let h: Harness;
let dir: string;
let file: string;
const targets: { database: Database; drop(): Promise<void> }[] = [];

async function target(): Promise<Database> {
  const t = await freshDatabase();
  targets.push(t);
  return t.database;
}

beforeAll(async () => {
  h = await createHarness();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiesu-backup-test-'));
  file = path.join(dir, 'jiesu.backup.jsonl.gz');
  const ref = await loadRef(h);
  // Tickets in several states: closed after a callback, replied, signed, waiting for the centre; a
  // reveal of personal data; an idempotent intake.
  for (const [i, code] of [STREET_A, STREET_B, STREET_A, STREET_B].entries()) {
    const unit = ref.unitId(`ST-${code}`);
    const handler = ref.handlerOf(unit);
    const id = await dispatchedTo(h, unit, { requesterName: `测试${i}`, content: `诉求内容 ${i}：楼道灯不亮` });
    if (i === 3) {
      h.clock.advance(HOUR);
      await act(h, handler, id, 'sign', { note: '签收' });
      continue;
    }
    expect((await api(h, handler, 'POST', `/api/tickets/${id}/reveal`, { reason: '回电联系诉求人' })).status).toBe(200);
    await handleAndReply(h, handler, id);
    if (i === 0) await act(h, 'callback', id, 'callback', { valid: true, contacted: true, resolved: true, satisfaction: 'satisfied', note: '' });
  }
  await intake(h, { content: '待分派的诉求' }, { 'idempotency-key': 'backup-test-1' });
});

afterAll(async () => {
  for (const t of targets) await t.drop().catch(() => {});
  await h?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * Every base table of the public schema (from the information schema), with its row count and an md5
 * of its rows as JSON in primary-key order (all columns when there is no primary key).
 */
async function digest(database: Database): Promise<Record<string, { rows: number; md5: string }>> {
  const db = database.db;
  const tables = await queryRows<{ table_name: string }>(
    db,
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const out: Record<string, { rows: number; md5: string }> = {};
  for (const { table_name: t } of tables) {
    const pk = await queryRows<{ column_name: string }>(
      db,
      sql`select k.column_name from information_schema.table_constraints c
          join information_schema.key_column_usage k
            on k.constraint_schema = c.constraint_schema and k.constraint_name = c.constraint_name and k.table_name = c.table_name
          where c.table_schema = 'public' and c.table_name = ${t} and c.constraint_type = 'PRIMARY KEY'
          order by k.ordinal_position`,
    );
    const order =
      pk.length > 0
        ? sql.join(
            pk.map((c) => sql.identifier(c.column_name)),
            sql`, `,
          )
        : sql`row_to_json(r)::text`;
    const [r] = await queryRows<{ n: number; md5: string }>(
      db,
      sql`select count(*)::int as n, md5(coalesce(string_agg(row_to_json(r)::text, E'\n' order by ${order}), '')) as md5 from ${sql.identifier(t)} r`,
    );
    out[t] = { rows: r!.n, md5: r!.md5 };
  }
  return out;
}

const totalRows = (d: Record<string, { rows: number }>) => Object.values(d).reduce((s, t) => s + t.rows, 0);

const migrations = async (database: Database) =>
  (
    await queryRows<{ hash: string; created_at: string }>(database.db, sql`select hash, created_at::text from drizzle.__drizzle_migrations order by created_at`)
  ).map((m) => `${m.created_at}:${m.hash}`);

async function refusal(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('not refused');
}

describe(`backup and restore (${dbKind()})`, () => {
  let source: Record<string, { rows: number; md5: string }>;
  let restored: Database;

  it('backs up the seeded database and restores it into a fresh one, table for table', async () => {
    source = await digest(h.ctx.database);
    for (const t of ['tickets', 'ticket_events', 'personal_data_reveals', 'idempotency_keys', 'units', 'users', 'divisions', 'calendar_days'])
      expect(source[t]?.rows, t).toBeGreaterThan(0);

    let t0 = performance.now();
    const b = await backupToFile(h.ctx.database, file);
    const backupMs = performance.now() - t0;
    expect(b.rows).toBe(totalRows(source));
    expect(b.tables).toBe(Object.keys(source).length);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual([path.basename(file)]);

    restored = await target();
    t0 = performance.now();
    const r = await restoreFromFile(restored, file, { afterLoad: AFTER_RESTORE });
    const restoreMs = performance.now() - t0;
    expect(r).toMatchObject({ tables: b.tables, rows: b.rows, migratedAfter: 0 });
    expect(await digest(restored)).toEqual(source);
    expect(await migrations(restored)).toEqual(await migrations(h.ctx.database));
    if (process.env.JIESU_BACKUP_FIGURES)
      console.log(
        `[backup figures ${dbKind()}] ${b.rows} rows in ${b.tables} tables: file ${b.bytes} bytes, backup ${backupMs.toFixed(0)} ms, restore ${restoreMs.toFixed(0)} ms`,
      );
  });

  it('the restored database carries on: new tickets, events and reveals get fresh ids', async () => {
    const ctx: AppContext = {
      database: restored,
      clock: h.clock.now,
      log: pino({ level: 'silent' }),
      districtCode: DISTRICT,
      reference: new ReferenceCache(restored, DISTRICT, h.clock.now, pino({ level: 'silent' }), 60_000),
      uploadsDir: h.ctx.uploadsDir,
      // The backup carries ciphertext: the restored database needs the same personal-data key.
      personalData: h.ctx.personalData,
    };
    const app = await createApp(ctx, { publicRatePerMinute: 10_000 });
    await app.ready();
    try {
      const call = async (user: string, method: 'GET' | 'POST', url: string, payload?: unknown) => {
        const { token } = await login(ctx, user, PASSWORD);
        const r = await app.inject({ method, url, payload: payload as never, headers: { authorization: `Bearer ${token}` } });
        return { status: r.statusCode, body: r.json() };
      };
      const maxOf = async (db: Database, q: string) =>
        Number((await queryRows<{ m: string }>(db.db, sql.raw(`select coalesce(max(id), 0)::text as m from ${q}`)))[0]!.m);
      const before = {
        ticket: await maxOf(restored, 'tickets'),
        event: await maxOf(restored, 'ticket_events'),
        reveal: await maxOf(restored, 'personal_data_reveals'),
      };
      expect(before.ticket).toBe(await maxOf(h.ctx.database, 'tickets'));

      const units = (await call('operator', 'GET', '/api/units')).body.items as { id: number; code: string }[];
      const street = units.find((u) => u.code === `ST-${STREET_A}`)!;
      const created = await call('operator', 'POST', '/api/tickets', {
        requestType: 'complaint',
        channel: 'phone',
        content: '恢复后的新诉求',
        requesterPhone: '13912345678',
        triage: { action: 'dispatch', leadUnitId: street.id },
      });
      expect(created.status).toBe(201);
      expect(created.body.ticketId).toBeGreaterThan(before.ticket);
      const handler = `h.${street.code.toLowerCase()}`;
      expect((await call(handler, 'POST', `/api/tickets/${created.body.ticketId}/reveal`, { reason: '核实' })).status).toBe(200);
      expect((await call(handler, 'POST', `/api/tickets/${created.body.ticketId}/actions/sign`, { note: '签收' })).status).toBe(200);
      expect(await maxOf(restored, 'ticket_events')).toBeGreaterThan(before.event);
      expect(await maxOf(restored, 'personal_data_reveals')).toBe(before.reveal + 1);
      // An old ticket restored with its history still answers.
      const old = await call('supervisor', 'GET', `/api/tickets/${before.ticket}`);
      expect(old.status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('moves between the embedded database and PostgreSQL in both directions (one format)', async () => {
    // This run's database → an embedded one in memory → a backup of that → a fresh database of this run's kind.
    const embedded = await openDatabase({ dataDir: 'memory://' });
    try {
      await restoreFromFile(embedded, file, { afterLoad: AFTER_RESTORE });
      expect(await digest(embedded)).toEqual(source);
      const second = path.join(dir, 'from-embedded.jsonl.gz');
      await backupToFile(embedded, second);
      const back = await target();
      await restoreFromFile(back, second, { afterLoad: AFTER_RESTORE });
      expect(await digest(back)).toEqual(source);
    } finally {
      await embedded.close();
    }
  });

  it('refuses a non-empty database without --force and leaves it as it was; --force replaces its data', async () => {
    const was = await digest(restored);
    const e = await refusal(restoreFromFile(restored, file, { afterLoad: AFTER_RESTORE }));
    expect(e).toBeInstanceOf(BackupError);
    expect(e.message).toMatch(/^The target database is not empty \(.+ hold rows\)\. Restore into an empty database, or pass --force/);
    expect(await digest(restored)).toEqual(was);

    // The connection is a superuser's (PGlite always; the test PostgreSQL too), so the append-only
    // audit tables may be emptied by the restore's own transaction.
    const r = await restoreFromFile(restored, file, { force: true, afterLoad: AFTER_RESTORE });
    expect(r.rows).toBe(totalRows(source));
    expect(await digest(restored)).toEqual(source);
    // …and the triggers are back in force for everyone else afterwards.
    const after = await refusal(restored.db.execute(sql`delete from ticket_events`));
    expect(((after as { cause?: Error }).cause ?? after).message).toBe('append-only audit trail: DELETE on table ticket_events is refused');
  });

  it('refuses a truncated or damaged file with a clear message and leaves the target empty', async () => {
    const whole = fs.readFileSync(file);
    const lines = zlib.gunzipSync(whole).toString('utf8').split('\n');
    const unitsAt = lines.findIndex((l) => l.startsWith('{"table":"units",'));
    expect(unitsAt).toBeGreaterThan(0);
    const cases: [string, Buffer, RegExp][] = [
      [
        'cut in the middle of the gzip stream',
        whole.subarray(0, Math.floor(whole.length / 2)),
        /is damaged or truncated \(unexpected end of file\)\. Nothing was restored\.$/,
      ],
      [
        'cut at a line, validly compressed',
        zlib.gzipSync(lines.slice(0, Math.floor(lines.length * 0.8)).join('\n') + '\n'),
        /^The backup ends early, before .+: the file is truncated\. Nothing was restored\.$/,
      ],
      ['without its end line', zlib.gzipSync(lines.slice(0, -2).join('\n') + '\n'), /^The backup ends early, before its end line/],
      [
        'a row line altered',
        zlib.gzipSync(lines.map((l, i) => (i === unitsAt + 2 ? 'garbage' : l)).join('\n')),
        /^The backup is damaged: row 2 of table units is not a JSON object\.$/,
      ],
      [
        'a row that does not fit its table',
        zlib.gzipSync(lines.map((l, i) => (i === unitsAt + 1 ? '{"id":"not a number"}' : l)).join('\n')),
        /^The rows of table units could not be loaded \(.+\): the backup is damaged or does not fit\. Nothing was restored\.$/,
      ],
      [
        'a corrupted byte',
        (() => {
          const b = Buffer.from(whole);
          b[Math.floor(b.length * 0.7)]! ^= 0xff;
          return b;
        })(),
        /is damaged or truncated|The backup is damaged|could not be loaded/,
      ],
      ['not gzip at all', Buffer.from('{"format":"jiesu-backup"}\n'), /is not a Jiesu backup \(not a gzip file\)\.$/],
      ['another gzip file', zlib.gzipSync('hello\n'), /^This is not a Jiesu backup \(no backup header on its first line\)\.$/],
    ];
    // One target for all cases: each refusal must leave it empty, so the next restore may try again.
    const db = await target();
    for (const [what, bytes, message] of cases) {
      const bad = path.join(dir, 'bad.jsonl.gz');
      fs.writeFileSync(bad, bytes);
      const e = await refusal(restoreFromFile(db, bad, { afterLoad: AFTER_RESTORE }));
      expect(e.message, what).toMatch(message);
      expect(e, what).toBeInstanceOf(BackupError);
      const left = await digest(db);
      expect(totalRows(left), `${what}: the target stays empty`).toBe(0);
    }
    // The good file still restores into it.
    await restoreFromFile(db, file, { afterLoad: AFTER_RESTORE });
    expect(await digest(db)).toEqual(source);
  });

  it('restores a backup made by an older version (one migration behind) and then applies the newer migration', async () => {
    // A database of the previous schema: migrated with a copy of the journal that stops one short.
    const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    const oldDir = path.join(dir, 'old-migrations');
    fs.mkdirSync(path.join(oldDir, 'meta'), { recursive: true });
    const older = journal.entries.slice(0, -1);
    fs.writeFileSync(path.join(oldDir, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: older }));
    for (const e of older) fs.copyFileSync(path.join(MIGRATIONS_DIR, `${e.tag}.sql`), path.join(oldDir, `${e.tag}.sql`));
    const old = await target();
    await migrate(old, oldDir);
    await old.db.execute(sql`insert into app_meta (key, value) values ('backup-test', '{"from":"older"}')`);
    const oldFile = path.join(dir, 'older.jsonl.gz');
    await backupToFile(old, oldFile);

    const fresh = await target();
    const r = await restoreFromFile(fresh, oldFile, { afterLoad: AFTER_RESTORE });
    expect(r.migratedAfter).toBe(1);
    expect(await migrations(fresh)).toEqual(await migrations(h.ctx.database));
    expect(await queryRows(fresh.db, sql`select key, value from app_meta`)).toEqual([{ key: 'backup-test', value: { from: 'older' } }]);

    // A database already at the newer schema cannot take the older backup.
    const e = await refusal(restoreFromFile(restored, oldFile, { force: true, afterLoad: AFTER_RESTORE }));
    expect(e.message).toMatch(/^The target database is already migrated past the schema of this backup/);
  });

  it.skipIf(dbKind() !== 'postgres')('--force as an ordinary (non-superuser) owner is refused: the audit trail cannot be emptied', async () => {
    const url = loadConfig().databaseUrl!;
    const suffix = randomBytes(4).toString('hex');
    const role = `jiesu_owner_${suffix}`;
    const name = `jiesu_t_owned_${suffix}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create role ${role} login nosuperuser`);
    await admin.query(`create database ${name} owner ${role}`);
    const u = new URL(url);
    u.username = role;
    u.pathname = `/${name}`;
    const owned = await openDatabase({ url: u.toString(), poolSize: 2 });
    try {
      await restoreFromFile(owned, file, { afterLoad: AFTER_RESTORE });
      expect(await digest(owned)).toEqual(source);
      const e = await refusal(restoreFromFile(owned, file, { force: true, afterLoad: AFTER_RESTORE }));
      expect(e).toBeInstanceOf(BackupError);
      expect(e.message).toMatch(/^restore --force must empty the append-only audit tables, which refuse TRUNCATE; that needs a superuser connection/);
      expect(await digest(owned)).toEqual(source);
      // The owner of the tables is bound by the triggers too.
      const del = await refusal(owned.db.execute(sql`delete from personal_data_reveals`));
      expect(((del as { cause?: Error }).cause ?? del).message).toBe('append-only audit trail: DELETE on table personal_data_reveals is refused');
    } finally {
      await owned.close();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.query(`drop role if exists ${role}`);
      await admin.end();
    }
  });

  it('refuses to back up an embedded database whose directory another server holds, with the lock message', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiesu-backup-locked-'));
    // The lock a running server holds on its directory (taken by this process, which is alive).
    const held = acquireDirLock(dataDir);
    try {
      const out = path.join(dir, 'locked.jsonl.gz');
      const e = await refusal(runBackup({ ...loadConfig(), databaseUrl: undefined, dataDir }, [out]));
      expect(e).toBeInstanceOf(DataDirLockedError);
      expect(e.message).toContain(`The embedded database in ${dataDir} is in use by process ${process.pid}`);
      expect(fs.existsSync(out)).toBe(false);
    } finally {
      held.release();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
