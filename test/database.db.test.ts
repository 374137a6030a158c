/**
 * Opening and migrating the database on both drivers: migrations apply once, the embedded database's
 * data directory is locked against a second opener, and SQL sees the domain's time zone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows, type Database } from '../src/platform/db/client.ts';
import { DataDirLockedError } from '../src/platform/db/dir-lock.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { dbKind, freshDatabase } from './support/harness.ts';

let fresh: { database: Database; drop(): Promise<void> };
beforeAll(async () => {
  fresh = await freshDatabase();
});
afterAll(async () => {
  await fresh?.drop();
});

async function schemaFingerprint(db: Database['db']) {
  const tables = await queryRows<{ table_name: string }>(
    db,
    sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
  );
  const columns = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from information_schema.columns where table_schema = 'public'`);
  const indexes = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from pg_indexes where schemaname = 'public'`);
  const applied = await queryRows<{ hash: string; created_at: string }>(db, sql`select hash, created_at::text from drizzle.__drizzle_migrations order by id`);
  return { tables: tables.map((t) => t.table_name), columns: columns[0]!.n, indexes: indexes[0]!.n, applied };
}

describe(`database (${dbKind()})`, () => {
  it('applies the migrations once; a second migrate() changes nothing', async () => {
    const db = fresh.database.db;
    await migrate(fresh.database);
    const first = await schemaFingerprint(db);
    expect(first.tables).toEqual(expect.arrayContaining(['tickets', 'ticket_events', 'idempotency_keys', 'units', 'calendar_days']));
    const journal = JSON.parse(fs.readFileSync(new URL('../src/platform/db/migrations/meta/_journal.json', import.meta.url), 'utf8')) as { entries: unknown[] };
    expect(first.applied).toHaveLength(journal.entries.length);

    await migrate(fresh.database);
    expect(await schemaFingerprint(db)).toEqual(first);
  });

  it('runs SQL in Asia/Shanghai', async () => {
    const db = fresh.database.db;
    const [tz] = await queryRows<{ TimeZone?: string; timezone?: string }>(db, sql`show timezone`);
    expect(Object.values(tz!)[0]).toBe('Asia/Shanghai');
    // A local date in SQL agrees with the domain: 2026-03-31 16:30 UTC is 2026-04-01 00:30 in Beijing.
    const [d] = await queryRows<{ d: string }>(db, sql`select (${new Date('2026-03-31T16:30:00Z')}::timestamptz)::date::text as d`);
    expect(d!.d).toBe('2026-04-01');
  });

  it.skipIf(dbKind() !== 'postgres')('two servers migrating one empty database at once apply each migration once', async () => {
    const other = await freshDatabase();
    const second = await openDatabase({ url: other.database.url, poolSize: 2 });
    try {
      await Promise.all([migrate(other.database), migrate(second)]);
      const a = await schemaFingerprint(other.database.db);
      expect(a).toEqual(await schemaFingerprint(fresh.database.db));
    } finally {
      await second.close();
      await other.drop();
    }
  });

  it.skipIf(dbKind() !== 'postgres')('also sets the time zone on every pooled PostgreSQL connection', async () => {
    // Several connections at once: each must carry the setting, not only the first.
    const zones = await Promise.all(
      Array.from({ length: 4 }, () =>
        fresh.database.db.transaction(async (tx) => {
          const r = await queryRows<Record<string, string>>(tx, sql`select current_setting('TimeZone') as tz, pg_backend_pid() as pid, pg_sleep(0.05)::text`);
          return r[0]!.tz;
        }),
      ),
    );
    expect(new Set(zones)).toEqual(new Set(['Asia/Shanghai']));
  });

  it.skipIf(dbKind() !== 'pglite')('locks an embedded data directory against a second opener until it is closed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiesu-lock-'));
    try {
      const first = await openDatabase({ dataDir: dir });
      let second: Database | undefined;
      try {
        await migrate(first);
        const err = await openDatabase({ dataDir: dir }).then(
          (d) => {
            second = d;
            return undefined;
          },
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(DataDirLockedError);
        const locked = err as DataDirLockedError;
        expect(locked.code).toBe('DB.DATA_DIR_LOCKED');
        expect(locked.pid).toBe(process.pid);
        // The message names the directory and the holder, and says what to do.
        expect(locked.message).toContain(dir);
        expect(locked.message).toContain(String(process.pid));
        expect(locked.message).toMatch(/JIESU_DATA_DIR|DATABASE_URL/);
        // The first opener is unharmed.
        expect(await first.ping()).toBe(true);
      } finally {
        await second?.close();
        await first.close();
      }
      expect(fs.existsSync(path.join(dir, 'jiesu.lock'))).toBe(false);

      // A lock left behind by a process on another machine (shared disk) is respected, whatever its pid.
      const lockFile = path.join(dir, 'jiesu.lock');
      fs.writeFileSync(lockFile, JSON.stringify({ pid: 999_999_999, host: `not-${os.hostname()}`, since: new Date().toISOString() }));
      await expect(openDatabase({ dataDir: dir })).rejects.toBeInstanceOf(DataDirLockedError);
      // A lock left by a dead process on this machine is taken over.
      fs.writeFileSync(lockFile, JSON.stringify({ pid: 999_999_999, host: os.hostname(), since: new Date().toISOString() }));

      // Closed: the directory opens again, with its data.
      const again = await openDatabase({ dataDir: dir });
      try {
        const [row] = await queryRows<{ n: number }>(again.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
        expect(row!.n).toBeGreaterThan(0);
        const [tz] = await queryRows<Record<string, string>>(again.db, sql`show timezone`);
        expect(Object.values(tz!)[0]).toBe('Asia/Shanghai');
      } finally {
        await again.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(dbKind() !== 'pglite')('gives the embedded database the configured shared buffers (they count in the server process)', async () => {
    const shown = async (opts: { pgliteSharedBuffersMb?: number }) => {
      const d = await openDatabase({ dataDir: 'memory://', ...opts });
      try {
        const [row] = await queryRows<Record<string, string>>(d.db, sql`show shared_buffers`);
        return Object.values(row!)[0];
      } finally {
        await d.close();
      }
    };
    expect(await shown({})).toBe('32MB');
    expect(await shown({ pgliteSharedBuffersMb: 48 })).toBe('48MB');
  });
});
