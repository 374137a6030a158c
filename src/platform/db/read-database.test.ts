import pino from 'pino';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Database, Db } from './client.ts';
import type { PlatformContext } from '../context.ts';
import { dashboardDb, replicaHealth, setReplicaPolicy } from './read-database.ts';

/** A replica whose health query answers what `answer` says (a row, an error, or never). */
function fakeReplica(answer: () => Promise<{ in_recovery: boolean; lag_seconds: number }>) {
  const calls = { n: 0 };
  const db = { execute: async () => ({ rows: [await (calls.n++, answer())] }) } as unknown as Db;
  const database = { db, driver: 'postgres', where: 'postgres://replica:5433/x', close: async () => {}, ping: async () => true } as Database;
  return { database, calls };
}

function contextWith(replica: Database | undefined) {
  const lines: { level: number; msg: string; reason?: string }[] = [];
  const log = pino(
    { level: 'info' },
    new Writable({
      write(chunk, _e, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    }),
  );
  const primary = { db: { primary: true } as unknown as Db } as Database;
  const ctx = { database: primary, readDatabase: replica, log } as unknown as PlatformContext;
  return { ctx, lines, primaryDb: primary.db };
}

describe('dashboardDb', () => {
  it('is the primary when no replica is configured', async () => {
    const { ctx, primaryDb } = contextWith(undefined);
    expect(await dashboardDb(ctx)).toBe(primaryDb);
    expect(replicaHealth(ctx)).toBeNull();
  });

  it('is the replica while it keeps up, checked at most once per recheck period', async () => {
    const r = fakeReplica(async () => ({ in_recovery: true, lag_seconds: 0.2 }));
    const { ctx } = contextWith(r.database);
    setReplicaPolicy(r.database, { recheckMs: 60_000 });
    const dbs = await Promise.all([dashboardDb(ctx), dashboardDb(ctx), dashboardDb(ctx)]);
    expect(dbs.every((d) => d === r.database.db)).toBe(true);
    await dashboardDb(ctx);
    expect(r.calls.n).toBe(1); // concurrent callers share one check; later ones use its result
  });

  it('falls back to the primary past the lag limit, warns once per kind, and comes back', async () => {
    let lag = 90;
    const r = fakeReplica(async () => ({ in_recovery: true, lag_seconds: lag }));
    const { ctx, lines, primaryDb } = contextWith(r.database);
    setReplicaPolicy(r.database, { maxLagSeconds: 60, recheckMs: 0 });
    expect(await dashboardDb(ctx)).toBe(primaryDb);
    lag = 120;
    expect(await dashboardDb(ctx)).toBe(primaryDb);
    expect(lines.filter((l) => l.level === 40).map((l) => l.reason)).toEqual(['lagging 90 s behind (more than 60 s)']);
    expect(replicaHealth(ctx)).toEqual({ usable: false, reason: 'lagging 120 s behind (more than 60 s)' });
    lag = 0;
    expect(await dashboardDb(ctx)).toBe(r.database.db);
    expect(lines.filter((l) => l.level === 30).map((l) => l.msg)).toEqual(['read replica usable again; dashboards read from it']);
  });

  it('falls back when the replica refuses connections or does not answer in time', async () => {
    let mode: 'refuse' | 'hang' = 'refuse';
    const r = fakeReplica(() =>
      mode === 'refuse' ? Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5433'), { code: 'ECONNREFUSED' })) : new Promise(() => {}),
    );
    const { ctx, lines, primaryDb } = contextWith(r.database);
    setReplicaPolicy(r.database, { recheckMs: 0, probeTimeoutMs: 50 });
    expect(await dashboardDb(ctx)).toBe(primaryDb);
    expect(replicaHealth(ctx)?.reason).toBe('unreachable: ECONNREFUSED');
    mode = 'hang';
    expect(await dashboardDb(ctx)).toBe(primaryDb);
    expect(replicaHealth(ctx)?.reason).toBe('unreachable: no answer within 50 ms');
    expect(lines.filter((l) => l.level === 40)).toHaveLength(1); // still the same kind of trouble
  });
});
