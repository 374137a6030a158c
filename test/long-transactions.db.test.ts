/**
 * Long transactions on both databases (issue 15): a flow that holds a transaction and sends a statement
 * to the database handle must not wait for itself forever (PGlite has one connection), the reference
 * cache reloads through the flow's transaction, and the statistics follow a transaction's own rows so
 * that its statements keep their plans as the tables grow.
 */
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReferenceCache } from '../src/engine/reference/reference-cache.ts';
import { queryRows, TransactionSelfWaitError } from '../src/platform/db/client.ts';
import { getMeta, setMeta } from '../src/engine/reference/reference.repository.ts';
import { createHarness, dbKind, DISTRICT, type Harness } from './support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

class Rollback extends Error {}

describe(`a flow holding a transaction (${dbKind()})`, () => {
  it('knows its transaction: currentTransaction() inside, undefined outside and after it ended', async () => {
    const database = h.ctx.database;
    expect(database.currentTransaction()).toBeUndefined();
    let inside: unknown;
    let nested: unknown;
    await database.db.transaction(async (tx) => {
      inside = database.currentTransaction();
      await tx.transaction(async (sp) => {
        nested = database.currentTransaction();
        expect(nested).toBe(sp);
      });
      expect(database.currentTransaction()).toBe(tx);
    });
    expect(inside).toBeDefined();
    expect(nested).not.toBe(inside);
    expect(database.currentTransaction()).toBeUndefined();
  });

  it('a statement on the database handle inside the transaction: refused on the embedded database (and the transaction rolled back), answered on PostgreSQL', async () => {
    const database = h.ctx.database;
    const key = `self-wait-${Date.now()}`;
    const attempt = database.db.transaction(async (tx) => {
      await setMeta(tx, key, { written: true });
      // Outside the transaction: on PGlite this statement used to queue behind the transaction that awaits it.
      const outside = await queryRows<{ n: number }>(database.db, sql`select 1 as n`);
      return outside[0]?.n;
    });
    if (database.driver === 'pglite') {
      // drizzle wraps the driver's error (DrizzleQueryError, with the statement) around ours.
      const e = await attempt.then(
        () => undefined,
        (x: unknown) => x as Error & { cause?: unknown },
      );
      expect(e?.cause).toBeInstanceOf(TransactionSelfWaitError);
      expect((e?.cause as Error).message).toMatch(/would wait for that transaction forever.*select 1 as n/);
      expect(await getMeta(database.db, key)).toBeUndefined();
    } else {
      await expect(attempt).resolves.toBe(1);
      expect(await getMeta(database.db, key)).toEqual({ written: true });
    }
  });

  it('the reference cache reloads through the transaction: sees its own changes, keeps nothing the transaction may roll back', async () => {
    const database = h.ctx.database;
    // Always stale: every get() reloads, as the server's cache does after 30 s (the import hang).
    const reference = new ReferenceCache(database, DISTRICT, h.ctx.clock, pino({ level: 'silent' }), 0);
    const before = await reference.get();
    const name = `长事务测试单位${Date.now()}`;
    await expect(
      database.db.transaction(async (tx) => {
        const unit = before.units[0]!;
        await tx.execute(sql`update units set name = ${name} where id = ${unit.id}`);
        reference.invalidate(); // as the admin use cases do after a change
        const inside = await reference.get();
        expect(inside.unitById.get(unit.id)?.name).toBe(name);
        // Several reloads at once inside the transaction, as a Promise.all of use cases would make.
        const many = await Promise.all([reference.get(), reference.get(), reference.get()]);
        for (const s of many) expect(s.unitById.get(unit.id)?.name).toBe(name);
        throw new Rollback();
      }),
    ).rejects.toThrow(Rollback);
    const after = await reference.get();
    expect(after.units.some((u) => u.name === name)).toBe(false);
    expect(after.units.length).toBe(before.units.length);
  });

  it('inside a transaction, the snapshot at hand is used without waiting for a reload another flow started (which waits for this transaction)', async () => {
    const database = h.ctx.database;
    const reference = new ReferenceCache(database, DISTRICT, h.ctx.clock, pino({ level: 'silent' }), 0);
    const snapshot = await reference.get();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // Registered outside the transaction, so it runs as another flow: its reload goes through the
    // database handle and, on PGlite, queues behind the transaction below.
    const elsewhere = gate.then(() => reference.get());
    const inside = await database.db.transaction(async () => {
      release();
      await new Promise((resolve) => setImmediate(resolve));
      return reference.get();
    });
    expect(inside).toBe(snapshot);
    const reloaded = await elsewhere;
    expect(reloaded).not.toBe(snapshot);
    expect(reloaded.units.length).toBe(snapshot.units.length);
  });
});

describe(`statistics inside a long transaction (${dbKind()})`, () => {
  it('follow the transaction’s own rows: the planner sees a table filled inside it at ≥ half its size', async () => {
    const database = h.ctx.database;
    const prefix = `stats-${Date.now()}-`;
    const tuples = async (db: Parameters<typeof queryRows>[0]) =>
      (await queryRows<{ n: number }>(db, sql`select reltuples::float8 as n from pg_class where relname = 'app_meta'`))[0]!.n;
    const seen = await database.db
      .transaction(async (tx) => {
        // One statement per row, as an import writes; the statistics are refreshed at doublings of the
        // session's statements (PGlite's one session also counts what ran before this test).
        let written = 0;
        let estimate = await tuples(tx);
        while (written < 40_000) {
          for (let i = 0; i < 500; i++) await setMeta(tx, `${prefix}${written++}`, i);
          estimate = await tuples(tx);
          if (written >= 2000 && estimate >= written / 2) break;
        }
        throw Object.assign(new Rollback(), { written, estimate });
      })
      .catch((e: unknown) => e as Rollback & { written: number; estimate: number });
    expect(seen).toBeInstanceOf(Rollback);
    expect(seen.written).toBeGreaterThanOrEqual(2000);
    expect(seen.estimate).toBeGreaterThanOrEqual(seen.written / 2);
    expect(await getMeta(database.db, `${prefix}0`)).toBeUndefined();
  });
});
