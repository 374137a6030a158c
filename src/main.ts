/**
 * Composition root: configuration → database (migrated) → reference cache → use-case context →
 * HTTP server and timed jobs. Used by `jiesu serve` and by tests that need a whole server.
 */
import path from 'node:path';
import pino, { type Logger } from 'pino';
import type { AppContext } from './application/context.ts';
import { ReferenceCache } from './application/reference-cache.ts';
import { seedDemo, type SeedReport } from './application/seed-demo.ts';
import type { Config } from './config/config.ts';
import { openDatabase, type Database } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { getMeta, setMeta } from './db/repositories/reference.repository.ts';
import { createApp } from './http/app.ts';
import { startSweeper } from './jobs/sweeper.job.ts';

export async function openContext(config: Config, log: Logger, clock: () => Date = () => new Date()): Promise<AppContext> {
  const database: Database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(database);
  } catch (e) {
    await database.close();
    throw e;
  }
  let readDatabase: Database | undefined;
  if (config.databaseReplicaUrl) readDatabase = await openDatabase({ url: config.databaseReplicaUrl });
  const reference = new ReferenceCache(database, config.districtCode, clock, log);
  return { database, readDatabase, clock, log, districtCode: config.districtCode, reference, uploadsDir: path.join(config.dataDir, 'uploads') };
}

/** Seeds the demo district once, on the first start of an empty database. */
export async function seedOnFirstStart(ctx: AppContext): Promise<SeedReport | null> {
  if ((await getMeta(ctx.database.db, 'seeded')) !== undefined) return null;
  const report = await seedDemo(ctx);
  await setMeta(ctx.database.db, 'seeded', { at: ctx.clock().toISOString(), districtCode: ctx.districtCode });
  return report;
}

export async function startServer(config: Config, webRoot: string | null = null): Promise<{ url: string; close(): Promise<void>; ctx: AppContext; seeded: SeedReport | null }> {
  const log = pino({ level: config.logLevel });
  const ctx = await openContext(config, log);
  const seeded = config.seedDemo ? await seedOnFirstStart(ctx) : null;
  const app = await createApp(ctx, { logger: { level: config.logLevel }, publicRatePerMinute: config.publicRatePerMinute, webRoot });
  const sweeper = config.sweepSeconds > 0 ? startSweeper(ctx, config.sweepSeconds) : undefined;
  const address = await app.listen({ port: config.port, host: config.host });
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await app.close();
      await sweeper?.stop();
      await ctx.readDatabase?.close();
      await ctx.database.close();
    })());
  const port = new URL(address).port;
  return { url: `http://localhost:${port}`, close, ctx, seeded };
}
