/** The interface every benchmark scenario (bench/scenarios/<name>.ts) implements. */
import type { Database } from '../../src/platform/db/client.ts';

export type DbKind = 'pglite' | 'postgres';

/** Size of a run: `full` is factor 1 (the sizes in the issue), `quick` a few minutes in all. */
export interface Scale {
  label: 'quick' | 'full' | 'custom';
  /** Fraction of the full run (full = 1); scenarios scale their durations and data sizes by it. */
  factor: number;
}

/** The scenario's own database: a fresh PGlite directory or a fresh PostgreSQL database. */
export interface DbTarget {
  kind: DbKind;
  /** JIESU_DATA_DIR of the server: the embedded database (pglite), generated keys and uploads. */
  dataDir: string;
  /** DATABASE_URL (postgres only). */
  url?: string;
}

/** A Jiesu server running as a child process of the benchmark. */
export interface ServerHandle {
  /** Base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  /** Where the child's stdout/stderr go. */
  logFile: string;
  /** The child's process id (for /proc/<pid>/status). */
  pid: number;
  /** SIGTERM, wait for the exit (which releases the PGlite directory lock). */
  stop(): Promise<void>;
}

export interface ScenarioContext {
  db: DbTarget;
  scale: Scale;
  /** Starts the real server on `db` (migrates; seeds the demo district, without demo tickets, on first start). */
  startServer(extraEnv?: Record<string, string>): Promise<ServerHandle>;
  /**
   * Opens `db` in the benchmark process with the server's own client code (src/platform/db/client.ts, same
   * driver and settings). For PGlite only while no server runs on it (the directory is locked).
   */
  openDatabase(opts?: { poolSize?: number }): Promise<Database>;
  log(message: string): void;
  /** False under `--no-save`: the scenario writes nothing into bench/results. */
  save: boolean;
}

export interface ScenarioResult {
  metrics: Record<string, number>;
  /** Caveats that belong next to the numbers (errors seen, what a metric means on this driver). */
  notes: string[];
}

export interface Scenario {
  name: string;
  description: string;
  /** Metrics shown in RESULTS.md, in this order (every metric is in the JSON file). */
  headline: string[];
  run(ctx: ScenarioContext): Promise<ScenarioResult>;
}

/** bench/results/<scenario>-<db>.json */
export interface ResultFile {
  scenario: string;
  db: DbKind;
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string };
  metrics: Record<string, number>;
  /** Additions to the format: the scale of the run and the scenario's notes. */
  scale: string;
  notes: string[];
}
