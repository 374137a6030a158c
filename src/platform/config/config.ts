import path from 'node:path';

/** Default `shared_buffers` of the embedded database (MB): see `pgliteSharedBuffersMb` in src/platform/db/client.ts. */
export const DEFAULT_PGLITE_SHARED_BUFFERS_MB = 32;

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
  /** Dashboards read the primary while the replica is more than this far behind (s); `DATABASE_REPLICA_MAX_LAG_SECONDS`, default 60. */
  replicaMaxLagSeconds: number;
  /**
   * PostgreSQL: how long a request waits for a database connection before it is answered 503 (ms);
   * `JIESU_DB_CONNECT_TIMEOUT_MS`, default 5000, 100–600000.
   */
  dbConnectTimeoutMs: number;
  /**
   * PostgreSQL: `statement_timeout` of the server's connections (ms), so one slow statement cannot hold a
   * request and a connection for long; `JIESU_DB_STATEMENT_TIMEOUT_MS`, default 30000, 0 = none.
   */
  dbStatementTimeoutMs: number;
  /** Embedded database: `shared_buffers` in MB; `JIESU_PGLITE_SHARED_BUFFERS_MB`, default 32, 16–4096 (counts in the server's memory). */
  pgliteSharedBuffersMb: number;
  /** Directory for the embedded database, generated keys and uploads; `JIESU_DATA_DIR`, default ./data. */
  dataDir: string;
  /**
   * The key that seals requesters' personal data at rest, `JIESU_DATA_KEY=<id>:<base64 of 32 bytes>`
   * (e.g. `k1:$(openssl rand -base64 32)`). Unset: a key file generated in `<dataDir>/keys/` on first start.
   */
  dataKey: { id: string; key: Buffer } | null;
  /** Older keys still accepted for reading during a rotation; `JIESU_DATA_OLD_KEYS`, comma-separated, same form. */
  oldDataKeys: { id: string; key: Buffer }[];
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
  /**
   * Server processes `jiesu serve` runs (node:cluster, sharing the port); `JIESU_WORKERS`, default 1, at most 64.
   * More than one needs PostgreSQL: the embedded database belongs to one process.
   */
  workers: number;
  /**
   * Proxies in front of the server whose `X-Forwarded-For` / `-Proto` are believed, so that rate limits,
   * throttles and logs see the resident's address, not the proxy's; `JIESU_TRUST_PROXY`: comma-separated
   * addresses or CIDR ranges (e.g. `127.0.0.1,10.0.0.0/8`), or a number of hops. Unset: none (a direct
   * client could otherwise forge its address).
   */
  trustProxy: string[] | number | false;
  /**
   * Cookies with the Secure flag and HSTS; `JIESU_SECURE_COOKIES`, default true when `JIESU_PUBLIC_URL`
   * is https, else false (plain http on localhost would lose its session otherwise).
   */
  secureCookies: boolean;
}

export class ConfigError extends Error {}

/** Upper bound of `JIESU_WORKERS` / `serve --workers`: far beyond the cores of one machine, low enough to catch a typo. */
export const MAX_WORKERS = 64;

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

/** One key in the form `<id>:<base64 of 32 bytes>`; the id is 1–16 letters, digits or "-". */
function dataKey(text: string, name: string): { id: string; key: Buffer } {
  const m = /^([A-Za-z0-9-]{1,16}):([A-Za-z0-9+/]+={0,2})$/.exec(text.trim());
  const key = m === null ? null : Buffer.from(m[2]!, 'base64');
  if (m === null || key === null || key.length !== 32)
    throw new ConfigError(`${name} must be "<id>:<base64 of 32 random bytes>", e.g. k1:$(openssl rand -base64 32)`);
  return { id: m[1]!, key };
}

function dataKeys(env: NodeJS.ProcessEnv): { dataKey: Config['dataKey']; oldDataKeys: Config['oldDataKeys'] } {
  const active = env.JIESU_DATA_KEY ? dataKey(env.JIESU_DATA_KEY, 'JIESU_DATA_KEY') : null;
  const old = (env.JIESU_DATA_OLD_KEYS ?? '')
    .split(',')
    .filter((t) => t.trim() !== '')
    .map((t) => dataKey(t, 'JIESU_DATA_OLD_KEYS'));
  if (active === null && old.length > 0) throw new ConfigError('JIESU_DATA_OLD_KEYS needs JIESU_DATA_KEY (the key new data is sealed with)');
  const ids = [active, ...old].filter((k) => k !== null).map((k) => k.id);
  if (new Set(ids).size !== ids.length) throw new ConfigError('JIESU_DATA_KEY and JIESU_DATA_OLD_KEYS must use distinct key ids');
  return { dataKey: active, oldDataKeys: old };
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}(\/([12]?\d|3[0-2]))?$/;
const IPV6 = /^[0-9a-f:]*:[0-9a-f:.]*(\/(\d|[1-9]\d|1[01]\d|12[0-8]))?$/i;

function trustProxy(raw: string | undefined): Config['trustProxy'] {
  if (raw === undefined || raw.trim() === '') return false;
  if (/^\d+$/.test(raw.trim())) {
    const hops = Number(raw.trim());
    if (hops < 1 || hops > 10) throw new ConfigError(`JIESU_TRUST_PROXY as a number of proxy hops must be 1–10, got "${raw}"`);
    return hops;
  }
  const list = raw
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  for (const a of list)
    if (!IPV4.test(a) && !IPV6.test(a))
      throw new ConfigError(`JIESU_TRUST_PROXY must list proxy addresses or CIDR ranges (e.g. 127.0.0.1,10.0.0.0/8) or a hop count, got "${a}"`);
  return list;
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
    replicaMaxLagSeconds: int(env, 'DATABASE_REPLICA_MAX_LAG_SECONDS', 60, 1, 86_400),
    dbConnectTimeoutMs: int(env, 'JIESU_DB_CONNECT_TIMEOUT_MS', 5000, 100, 600_000),
    dbStatementTimeoutMs: int(env, 'JIESU_DB_STATEMENT_TIMEOUT_MS', 30_000, 0, 86_400_000),
    pgliteSharedBuffersMb: int(env, 'JIESU_PGLITE_SHARED_BUFFERS_MB', DEFAULT_PGLITE_SHARED_BUFFERS_MB, 16, 4096),
    dataDir: path.resolve(cwd, env.JIESU_DATA_DIR || 'data'),
    ...dataKeys(env),
    districtCode,
    logLevel: env.LOG_LEVEL || 'info',
    sweepSeconds: int(env, 'JIESU_SWEEP_SECONDS', 60, 0, 86400),
    seedDemo: bool(env, 'JIESU_SEED_DEMO', true),
    demoTickets: int(env, 'JIESU_DEMO_TICKETS', 1500, 0, 1_000_000),
    publicRatePerMinute: int(env, 'JIESU_PUBLIC_RATE', 30, 1, 1_000_000),
    publicUrl: publicUrl(env.JIESU_PUBLIC_URL),
    workers: int(env, 'JIESU_WORKERS', 1, 1, MAX_WORKERS),
    trustProxy: trustProxy(env.JIESU_TRUST_PROXY),
    secureCookies: bool(env, 'JIESU_SECURE_COOKIES', (env.JIESU_PUBLIC_URL ?? '').startsWith('https:')),
  };
}
