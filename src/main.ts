/**
 * Composition root: the list of modules, and configuration → database (migrated) → reference cache →
 * use-case context → HTTP server and timed jobs, assembled from the manifests. Used by `jiesu serve`
 * and by tests that need a whole server. Adding a subsystem: a folder under src/modules and one line
 * in MODULES (docs/ARCHITECTURE.md).
 */
import cluster from 'node:cluster';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import type { AppContext } from './engine/context.ts';
import { engine } from './engine/index.ts';
import { principalFromToken } from './engine/auth.ts';
import type { ModuleManifest, RouteOptions } from './engine/module.ts';
import { authorizeRoute, publishedPolicies } from './engine/policy.ts';
import { getMeta, setMeta } from './engine/reference/reference.repository.ts';
import { ReferenceCache } from './engine/reference/reference-cache.ts';
import { prepareRequesterDataAtRest } from './engine/personal-data-at-rest.ts';
import { activities, hourRecordsSince, onHoursRecorded, recordOrderHours, type HourRecordRow } from './modules/activities/index.ts';
import { admin } from './modules/admin/index.ts';
import { analytics } from './modules/analytics/index.ts';
import { boards } from './modules/boards/index.ts';
import { demo, seedDemo, type SeedReport } from './modules/demo/index.ts';
import { grids } from './modules/grids/index.ts';
import { hotline } from './modules/hotline/index.ts';
import { imports } from './modules/imports/index.ts';
import { ledgers } from './modules/ledgers/index.ts';
import { open311 } from './modules/open311/index.ts';
import { party } from './modules/party/index.ts';
import { awardHours, points } from './modules/points/index.ts';
import { publicRequests } from './modules/public/index.ts';
import { onOrderServed, volunteers } from './modules/volunteers/index.ts';
import { whistles } from './modules/whistles/index.ts';
import type { Config } from './platform/config/config.ts';
import type { PersonalDataKeyring } from './platform/crypto/personal-data-crypto.ts';
import { openKeyring } from './platform/crypto/personal-data-keys.ts';
import { ADVISORY_LOCKS, withAdvisoryLock } from './platform/db/advisory-lock.ts';
import type { DbOrTx } from './platform/db/client.ts';
import { openDatabase, serverPoolOptions, type Database } from './platform/db/client.ts';
import { migrate } from './platform/db/migrate.ts';
import { setReplicaPolicy } from './platform/db/read-database.ts';
import type { ErrorCatalogue } from './platform/errors.ts';
import { createHttpApp, type HttpAppOptions } from './platform/http/app.ts';
import { mergeErrorCatalogues } from './platform/http/errors.ts';
import { PLATFORM_ERRORS } from './platform/platform.errors.ts';

/** The subsystems of the house, the engine first; routes are registered in this order. */
export const MODULES: readonly ModuleManifest[] = [
  engine,
  hotline,
  analytics,
  whistles,
  ledgers,
  grids,
  boards,
  volunteers,
  points,
  activities,
  party,
  admin,
  imports,
  open311,
  publicRequests,
  demo,
];

// ---------------------------------------------------------------------------------------------
// Wiring between modules that do not import each other (docs/ARCHITECTURE.md, "Wiring in the composition root")

/**
 * Service hours earn points (docs/VOLUNTEERS.md, "Points"): every batch of hour records the activities
 * module writes — confirmed, manual, corrections — is paid by the points bank in the same database
 * transaction, keyed by the record's id (a retry pays once; a correction's negative minutes take back).
 */
async function payHours(ctx: AppContext, tx: DbOrTx, records: readonly HourRecordRow[]): Promise<void> {
  for (const r of records)
    await awardHours(ctx, tx, {
      holderUserId: r.userId,
      minutes: r.minutes,
      sourceKey: `hours:${r.id}`,
      servedOn: r.servedOn,
      actor: { userId: r.recordedBy },
      reason: r.reason,
    });
}
onHoursRecorded(payHours);

/**
 * A service order's record is service hours (docs/VOLUNTEERS.md, "Hours"): everyone of the team who served
 * gets an hour record of kind `service_order` in the transaction that writes the service record, so the
 * order counts in their hours, the leaderboards, the figures and the certificate, and the points bank
 * pays it through the hook above like any other record.
 */
onOrderServed(async (ctx, tx, served) => {
  await recordOrderHours(ctx, tx, {
    ticketId: served.ticketId,
    title: `文明实践点单 ${served.number} ${served.itemName}`.trim(),
    stationUnitId: served.stationUnitId,
    servedBy: served.servedBy,
    minutes: served.minutes,
    servedOn: served.servedOn,
    recordedBy: served.recordedBy,
    recordedAt: served.recordedAt,
  });
});

/**
 * Pays hour records written before the points bank had its rules (the demo's history on a first start,
 * seeded before the points bank's rules): a replay pays nothing twice.
 */
export async function payUnpaidHours(ctx: AppContext): Promise<void> {
  let after = 0;
  for (;;) {
    const batch = await hourRecordsSince(ctx.database.db, ctx.districtCode, after);
    if (batch.length === 0) return;
    await ctx.database.db.transaction((tx) => payHours(ctx, tx, batch));
    after = batch[batch.length - 1]!.id;
  }
}

/**
 * Every error code the server may answer with: the platform's and those the manifests bring (a code
 * declared twice stops the start). src/error-catalogue.test.ts checks it against the source.
 */
export const ERROR_CATALOGUE: ErrorCatalogue = mergeErrorCatalogues([PLATFORM_ERRORS, ...MODULES.flatMap((m) => (m.errors ? [m.errors] : []))]);

/** The checks of derived tables every restore runs (`jiesu restore`, RestoreOptions.afterLoad). */
export const AFTER_RESTORE: readonly ((db: DbOrTx) => Promise<void>)[] = MODULES.flatMap((m) => (m.afterRestore ? [m.afterRestore] : []));

export interface AppOptions extends HttpAppOptions {
  /** Public endpoints (Open311, the requester's page, door boards): requests per minute per client address. */
  publicRatePerMinute?: number;
  /** Public address for links in QR codes (JIESU_PUBLIC_URL); null = from each request. */
  publicUrl?: string | null;
}

/** The HTTP server with the routes of every module in MODULES. */
export async function createApp(ctx: AppContext, opts: AppOptions = {}): Promise<FastifyInstance> {
  const routeOptions: RouteOptions = {
    secureCookies: opts.secureCookies ?? false,
    publicRatePerMinute: opts.publicRatePerMinute ?? 30,
    publicBaseUrl: opts.publicUrl ?? null,
    policies: MODULES.flatMap((m) => (m.policy ? [m.policy] : [])),
  };
  return createHttpApp(opts, {
    authenticate: (token) => principalFromToken(ctx, token),
    authorize: authorizeRoute,
    plugins: MODULES.flatMap((m) => m.routes?.(ctx, routeOptions) ?? []),
    errorDialects: MODULES.flatMap((m) => m.errorDialects ?? []),
    errors: ERROR_CATALOGUE,
    documentExtensions: { 'x-policies': publishedPolicies(routeOptions.policies) },
  });
}

export async function openContext(config: Config, log: Logger, clock: () => Date = () => new Date()): Promise<AppContext> {
  const database: Database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, ...serverPoolOptions(config, log) });
  let personalData: PersonalDataKeyring;
  try {
    await migrate(database);
    // Personal data at rest: the keys must open this database's data before anything is served.
    personalData = openKeyring({ dataKey: config.dataKey, oldDataKeys: config.oldDataKeys, dataDir: config.dataDir }, clock);
    await prepareRequesterDataAtRest(database.db, personalData, clock(), log);
  } catch (e) {
    await database.close();
    throw e;
  }
  let readDatabase: Database | undefined;
  if (config.databaseReplicaUrl) {
    readDatabase = await openDatabase({ url: config.databaseReplicaUrl, ...serverPoolOptions(config, log) });
    setReplicaPolicy(readDatabase, { maxLagSeconds: config.replicaMaxLagSeconds });
  }
  const reference = new ReferenceCache(database, config.districtCode, clock, log);
  return { database, readDatabase, clock, log, districtCode: config.districtCode, reference, uploadsDir: path.join(config.dataDir, 'uploads'), personalData };
}

/** The first-start marker is per district (migration 0016): a second district's first start seeds its own data. */
const seededKey = (ctx: AppContext) => `seeded:${ctx.districtCode}`;

/**
 * Seeds the demo district once, on the first start of its district in the database: reference data,
 * demo accounts and `demoTickets` tickets of history generated by driving the engine (so the
 * dashboards and rankings have something to show).
 */

export async function seedOnFirstStart(ctx: AppContext, demoTickets = 0, say: (m: string) => void = () => {}): Promise<SeedReport | null> {
  if ((await getMeta(ctx.database.db, seededKey(ctx))) !== undefined) return null;
  // Several processes may start at once on an empty database (cluster workers, app servers): one
  // seeds, the others wait for it and then find the database seeded.
  return withAdvisoryLock(ctx.database, ADVISORY_LOCKS.firstStartSeed, () => seedUnlessSeeded(ctx, demoTickets, say));
}

async function seedUnlessSeeded(ctx: AppContext, demoTickets: number, say: (m: string) => void): Promise<SeedReport | null> {
  if ((await getMeta(ctx.database.db, seededKey(ctx))) !== undefined) return null;
  const report = await seedDemo(ctx);
  await setMeta(ctx.database.db, seededKey(ctx), { at: ctx.clock().toISOString(), districtCode: ctx.districtCode });
  for (const m of MODULES) await m.seed?.(ctx, { demoTickets, say });
  await payUnpaidHours(ctx);
  return report;
}

/**
 * The reference rows modules derive from the division tree (ModuleManifest.ensureReference), brought
 * up to date; under the first-start lock, so that processes starting at once do it one after another.
 * Nothing to do without a division tree (a database that was never seeded).
 */
export async function ensureModuleReference(ctx: AppContext): Promise<number> {
  return withAdvisoryLock(ctx.database, ADVISORY_LOCKS.firstStartSeed, async () => {
    let created = 0;
    for (const m of MODULES) created += (await m.ensureReference?.(ctx)) ?? 0;
    return created;
  });
}

/** How long one step of a server's stop may take before it is logged and left behind. */
const STOP_STEP_MS = 10_000;

export async function boundedStep(log: Logger, name: string, work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
  try {
    if ((await Promise.race([work, late])) === 'late') log.warn({ step: name, waitedMs: ms }, 'a step of the stop did not finish in time; stopping anyway');
  } finally {
    clearTimeout(timer);
  }
}

export async function startServer(
  config: Config,
  webRoot: string | null = null,
): Promise<{ url: string; close(): Promise<void>; ctx: AppContext; seeded: SeedReport | null }> {
  const log = pino({ level: config.logLevel });
  const ctx = await openContext(config, log);
  const seeded = config.seedDemo ? await seedOnFirstStart(ctx, config.demoTickets, (m) => console.log(m)) : null;
  await ensureModuleReference(ctx);
  const app = await createApp(ctx, {
    logger: { level: config.logLevel },
    publicRatePerMinute: config.publicRatePerMinute,
    publicUrl: config.publicUrl,
    webRoot,
    trustProxy: config.trustProxy,
    secureCookies: config.secureCookies,
  });
  // Under `serve --workers N`: which worker answered (1…N, a restarted worker gets the next number),
  // for operators reading a trace and for the multi-process test.
  const worker = cluster.worker;
  if (worker !== undefined) app.addHook('onRequest', async (_req, reply) => void reply.header('x-jiesu-worker', String(worker.id)));
  const jobs = MODULES.flatMap((m) => m.jobs ?? []).flatMap((j) => {
    const running = j.start(ctx, config);
    return running ? [{ name: j.name, stop: () => running.stop() }] : [];
  });
  const address = await app.listen({ port: config.port, host: config.host });
  let closing: Promise<void> | undefined;
  // Each step of the stop is bounded: a step left waiting on something that never settles (seen once
  // on a loaded machine after the database had been killed and restarted under the server: the stop
  // never finished and the process ended with EXIT_UNFINISHED) is logged by name and the stop goes on.
  // Every request has been answered by then (app.close), so nothing acknowledged is at stake.
  const step = (name: string, work: Promise<void>) => boundedStep(ctx.log, name, work, STOP_STEP_MS);
  const close = () =>
    (closing ??= (async () => {
      await step('HTTP server', app.close());
      for (const job of jobs) await step(`job ${job.name}`, job.stop());
      if (ctx.readDatabase) await step('read database', ctx.readDatabase.close());
      await step('database', ctx.database.close());
    })());
  const port = new URL(address).port;
  return { url: `http://localhost:${port}`, close, ctx, seeded };
}
