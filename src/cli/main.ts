/**
 * The `jiesu` command: serve, migrate, seed, openapi, import, backup, restore. Thin adapters over the
 * same use cases as the HTTP API.
 */
import cluster from 'node:cluster';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { seedDemo, DEMO_PASSWORD } from '../modules/demo/seed-demo.ts';
import { ConfigError, loadConfig, MAX_WORKERS, type Config } from '../platform/config/config.ts';
import { DataDirLockedError } from '../platform/db/dir-lock.ts';
import { AFTER_RESTORE, createApp, ensureModuleReference, openContext, startServer } from '../main.ts';
import { generateHistory } from '../modules/demo/seed-history.cli.ts';
import { IMPORT_HELP, runImport } from './import.ts';
import { BACKUP_HELP, runBackup, runRestore } from '../platform/cli/backup.ts';
import { KEYS_HELP, runGenerateKey, runRetireKey, runRotateKey } from './keys.ts';
import { PersonalDataKeyError } from '../platform/crypto/personal-data-crypto.ts';
import { BackupError } from '../platform/db/backup.ts';
import { ensureWebBuilt } from '../platform/cli/web-build.ts';
import { assertClusterable, runPrimary } from '../platform/cli/cluster.ts';
import { watchUnsettled } from '../platform/cli/unsettled.ts';

const HELP = `jiesu — 接诉即办 platform

Usage: jiesu <command> [options]

  serve                 start the server (migrates; seeds the demo district on first start)
        [--workers N]   run N server processes sharing the port (PostgreSQL only; default JIESU_WORKERS or 1)
  migrate               apply database migrations
  seed [--tickets N]    seed reference data and demo accounts; with --tickets, generate N tickets
                        of history by driving the engine (default months: 6)
        [--months M]
  openapi [--out FILE]  write the OpenAPI document (default: stdout)
${IMPORT_HELP}
${BACKUP_HELP}
${KEYS_HELP}

Environment: PORT, HOST, DATABASE_URL (else the embedded database in JIESU_DATA_DIR=./data),
JIESU_DATA_KEY and JIESU_DATA_OLD_KEYS (else a key file in JIESU_DATA_DIR/keys),
JIESU_DISTRICT_CODE (default 110109 门头沟区), LOG_LEVEL, JIESU_SWEEP_SECONDS, JIESU_SEED_DEMO, JIESU_WORKERS,
DATABASE_REPLICA_URL, DATABASE_REPLICA_MAX_LAG_SECONDS, JIESU_DB_CONNECT_TIMEOUT_MS, JIESU_DB_STATEMENT_TIMEOUT_MS,
JIESU_PUBLIC_URL, JIESU_TRUST_PROXY, JIESU_SECURE_COOKIES, JIESU_PUBLIC_RATE (README.md lists them all).`;

function printAccounts(accounts: { username: string; displayName: string; roles: string[] }[]): void {
  console.log('\nDemo accounts 演示账号 (password 密码: %s):', DEMO_PASSWORD);
  for (const a of accounts) console.log(`  ${a.username.padEnd(14)} ${a.displayName}  [${a.roles.join(', ')}]`);
}

/** Worker processes of `serve`: `--workers N` over `JIESU_WORKERS` (config), 1 = this process serves. */
function serveWorkers(config: Config, args: string[]): number {
  let values: { workers?: string | undefined };
  try {
    ({ values } = parseArgs({ args, options: { workers: { type: 'string' } } }));
  } catch (e) {
    throw new ConfigError(`serve: ${(e as Error).message}`);
  }
  if (values.workers === undefined) return config.workers;
  const n = Number(values.workers);
  if (!Number.isInteger(n) || n < 1 || n > MAX_WORKERS) throw new ConfigError(`--workers must be a whole number 1–${MAX_WORKERS}, got "${values.workers}"`);
  return n;
}

/**
 * With several workers this process is the cluster primary: it builds the web app once, forks the
 * workers (each of them runs this function again as an ordinary single server) and returns the exit
 * code once they have stopped. Otherwise it serves and returns -1 (keep running).
 */
async function serve(config: Config, args: string[]): Promise<number> {
  const workers = serveWorkers(config, args);
  if (workers > 1 && cluster.isPrimary) {
    assertClusterable(config, workers);
    await ensureWebBuilt(process.cwd(), (m) => console.log(m));
    return runPrimary(workers);
  }
  const webRoot = await ensureWebBuilt(process.cwd(), (m) => console.log(m));
  const server = await startServer(config, webRoot);
  const { ctx } = server;
  console.log(`\nJiesu 接诉 is running at ${server.url}  (database: ${ctx.database.where})`);
  if (webRoot === null) console.log('The web workbench is not available (no web/ sources or dist/web build).');
  console.log(`API docs: ${server.url}/docs   OpenAPI: ${server.url}/openapi.json`);
  if (server.seeded) printAccounts(server.seeded.accounts);
  else console.log(`Demo accounts: admin, operator, callback, supervisor, street, street.leader, cgw, zjw, gov (password ${DEMO_PASSWORD})`);
  const ref = await ctx.reference.get();
  if (ref.missingCalendarYears.length > 0)
    console.warn(`\n⚠ No official holiday data for ${ref.missingCalendarYears.join(', ')}: load the State Council notice (weekends only are assumed).`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    ctx.log.info({ signal }, 'shutting down');
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  return -1;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    console.log(HELP);
    return command ? 0 : 1;
  }
  const config = loadConfig();
  switch (command) {
    case 'serve':
      return serve(config, rest);
    case 'migrate': {
      const ctx = await openContext(config, pino({ level: 'warn' }));
      console.log(`Migrations applied (${ctx.database.where}).`);
      await ctx.database.close();
      return 0;
    }
    case 'seed': {
      const { values } = parseArgs({ args: rest, options: { tickets: { type: 'string' }, months: { type: 'string' }, seed: { type: 'string' } } });
      const tickets = values.tickets === undefined ? 0 : Number(values.tickets);
      const months = values.months === undefined ? 6 : Number(values.months);
      if (!Number.isInteger(tickets) || tickets < 0 || tickets > 10_000_000) throw new ConfigError('--tickets must be a whole number 0–10,000,000');
      if (!Number.isInteger(months) || months < 1 || months > 36) throw new ConfigError('--months must be 1–36');
      const ctx = await openContext(config, pino({ level: 'warn' }));
      try {
        const report = await seedDemo(ctx);
        console.log(
          `Reference data: ${report.divisions} divisions, ${report.units} units, ${report.categories} categories; calendar years ${report.calendarYears.join(', ') || '(already loaded)'}.`,
        );
        const derived = await ensureModuleReference(ctx);
        if (derived > 0) console.log(`Derived reference rows (practice stations): ${derived} created.`);
        printAccounts(report.accounts);
        if (tickets > 0) {
          const r = await generateHistory(ctx, { tickets, months, seed: Number(values.seed ?? 20261122), progress: process.stderr.isTTY });
          console.log(`\nGenerated ${r.created} tickets over ${months} months in ${(r.ms / 1000).toFixed(1)} s.`);
        }
      } finally {
        await ctx.database.close();
      }
      return 0;
    }
    case 'import':
      return runImport(config, rest);
    case 'backup':
      return runBackup(config, rest);
    case 'restore':
      return runRestore(config, rest, AFTER_RESTORE);
    case 'rotate-key':
      return runRotateKey(config, rest);
    case 'retire-key':
      return runRetireKey(config, rest);
    case 'generate-key':
      return runGenerateKey(rest);
    case 'openapi': {
      const { values } = parseArgs({ args: rest, options: { out: { type: 'string' } } });
      const ctx = await openContext({ ...config, databaseUrl: undefined, dataDir: 'memory://' }, pino({ level: 'silent' }));
      try {
        const app = await createApp(ctx);
        await app.ready();
        // Paths in alphabetical order: the committed document does not move when modules are listed in another order.
        const swagger = app.swagger() as { paths?: Record<string, unknown> };
        const paths = Object.fromEntries(Object.entries(swagger.paths ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
        const doc = JSON.stringify({ ...swagger, paths }, null, 2) + '\n';
        if (values.out) fs.writeFileSync(values.out, doc);
        else process.stdout.write(doc);
        await app.close();
      } finally {
        await ctx.database.close();
      }
      return 0;
    }
    default:
      console.error(`Unknown command "${command}".\n\n${HELP}`);
      return 2;
  }
}

const watch = watchUnsettled(process.argv[2] ?? '');
main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
    watch.serving();
  },
  (e: unknown) => {
    if (e instanceof ConfigError || e instanceof DataDirLockedError || e instanceof BackupError || e instanceof PersonalDataKeyError) {
      console.error(`jiesu: ${e.message}`);
      process.exit(2);
    }
    console.error(e);
    process.exit(1);
  },
);
