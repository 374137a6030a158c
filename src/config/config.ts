import path from 'node:path';

/** The whole runtime configuration, parsed once from the environment at start-up. */
export interface Config {
  /** HTTP port; `PORT`, default 3000. */
  port: number;
  /** Listen address; `HOST`, default 0.0.0.0. */
  host: string;
  /** `DATABASE_URL` for a real PostgreSQL (15+); absent means the embedded database in `dataDir`. */
  databaseUrl: string | undefined;
  /** `DATABASE_REPLICA_URL`: optional read replica for dashboards and exports. */
  databaseReplicaUrl: string | undefined;
  /** Directory for the embedded database, generated keys and uploads; `JIESU_DATA_DIR`, default ./data. */
  dataDir: string;
  /** Administrative code of the district this deployment serves (门头沟区 110109 by default). */
  districtCode: string;
  /** `LOG_LEVEL` for pino; default info (silent under tests unless set). */
  logLevel: string;
  /** Sweeper interval in seconds; 0 disables it. `JIESU_SWEEP_SECONDS`, default 60. */
  sweepSeconds: number;
  /** Seed the demo district on first start when the database is empty; `JIESU_SEED_DEMO`, default true. */
  seedDemo: boolean;
  /** Demo tickets generated (by driving the engine) on the first start of an empty database; `JIESU_DEMO_TICKETS`, default 1500, 0 = none. */
  demoTickets: number;
  /** Open311 public intake: requests per minute per client address; `JIESU_PUBLIC_RATE`, default 30. */
  publicRatePerMinute: number;
  /**
   * The public address residents reach the platform at (e.g. https://jiesu.example.gov.cn), for the links
   * printed in QR codes on building-door boards; `JIESU_PUBLIC_URL`. Unset: taken from each request.
   */
  publicUrl: string | null;
}

export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return n;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function publicUrl(raw: string | undefined): string | null {
  if (raw === undefined || raw === '') return null;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ConfigError(`JIESU_PUBLIC_URL must be an absolute http(s) URL, got "${raw}"`);
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.search !== '' || u.hash !== '')
    throw new ConfigError(`JIESU_PUBLIC_URL must be an absolute http(s) URL without query or fragment, got "${raw}"`);
  return u.toString().replace(/\/$/, '');
}

/** Parses the environment; throws ConfigError with a clear message on a bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Config {
  const districtCode = env.JIESU_DISTRICT_CODE || '110109';
  if (!/^\d{6}$/.test(districtCode)) throw new ConfigError(`JIESU_DISTRICT_CODE must be a 6-digit division code`);
  return {
    port: int(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    databaseReplicaUrl: env.DATABASE_REPLICA_URL || undefined,
    dataDir: path.resolve(cwd, env.JIESU_DATA_DIR || 'data'),
    districtCode,
    logLevel: env.LOG_LEVEL || 'info',
    sweepSeconds: int(env, 'JIESU_SWEEP_SECONDS', 60, 0, 86400),
    seedDemo: bool(env, 'JIESU_SEED_DEMO', true),
    demoTickets: int(env, 'JIESU_DEMO_TICKETS', 1500, 0, 1_000_000),
    publicRatePerMinute: int(env, 'JIESU_PUBLIC_RATE', 30, 1, 1_000_000),
    publicUrl: publicUrl(env.JIESU_PUBLIC_URL),
  };
}
