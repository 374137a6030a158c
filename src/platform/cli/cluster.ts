/**
 * `jiesu serve --workers N`: a primary process forks N server processes (node:cluster) that share the
 * port, the operating system handing connections to them in turn. The primary holds no database
 * connection and no request: it keeps N workers alive (a crashed one is restarted after a growing
 * pause) and on SIGTERM/SIGINT stops them all gracefully. Every worker is an ordinary `serve` (the
 * same start-up: migrate under an advisory lock, first-start seed under another, sweeper), which is
 * why the same rules hold for several machines behind a load balancer.
 */
import cluster, { type Worker } from 'node:cluster';
import { ConfigError, type Config } from '../config/config.ts';

/** Pause before restarting a crashed worker: 1 s, doubling per crash in a row, at most 30 s. */
export function restartDelayMs(crashesInARow: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, crashesInARow - 1));
}

/** A worker that served this long before it died counts as a fresh crash, not one in a row. */
const STABLE_AFTER_MS = 60_000;
/** A graceful stop that takes longer than this ends with SIGKILL. */
const STOP_TIMEOUT_MS = 30_000;
/** The exit code of a worker whose start was refused (bad configuration): restarting cannot help. */
const EXIT_REFUSED = 2;

/** Refuses a multi-process serve the embedded database cannot take part in. */
export function assertClusterable(config: Config, workers: number): void {
  if (workers > 1 && !config.databaseUrl)
    throw new ConfigError(
      `${workers} workers need PostgreSQL (set DATABASE_URL): the embedded database is opened by one process only. ` +
        'Run one worker (JIESU_WORKERS=1) on the embedded database.',
    );
}

interface Slot {
  worker: Worker | null;
  startedAt: number;
  crashesInARow: number;
  restartTimer: NodeJS.Timeout | null;
}

/**
 * Runs in the primary: forks `workers` workers and supervises them until SIGTERM/SIGINT. The returned
 * promise settles with the process exit code once every worker has stopped.
 */
export function runPrimary(workers: number, say: (m: string) => void = (m) => console.log(m)): Promise<number> {
  const slots: Slot[] = Array.from({ length: workers }, () => ({ worker: null, startedAt: 0, crashesInARow: 0, restartTimer: null }));
  let stopping = false;
  let exitCode = 0;
  let settle!: (code: number) => void;
  const done = new Promise<number>((resolve) => (settle = resolve));

  const fork = (slot: Slot) => {
    slot.restartTimer = null;
    slot.startedAt = Date.now();
    const w = cluster.fork();
    slot.worker = w;
    w.once('exit', (code, signal) => onExit(slot, w, code, signal));
  };

  const allStopped = () => slots.every((s) => s.worker === null);

  const onExit = (slot: Slot, w: Worker, code: number | null, signal: string | null) => {
    if (slot.worker === w) slot.worker = null;
    if (stopping) {
      // Killed by our SIGTERM before it had installed its own handler (still starting): nothing to flush.
      if (code !== 0 && signal !== 'SIGTERM') exitCode = Math.max(exitCode, 1);
      if (allStopped()) settle(exitCode);
      return;
    }
    if (code === EXIT_REFUSED) {
      say(`jiesu: worker ${w.id} refused to start (exit code ${EXIT_REFUSED}); stopping.`);
      exitCode = EXIT_REFUSED;
      stop('refused start');
      return;
    }
    slot.crashesInARow = Date.now() - slot.startedAt >= STABLE_AFTER_MS ? 1 : slot.crashesInARow + 1;
    const delay = restartDelayMs(slot.crashesInARow);
    say(`jiesu: worker ${w.id} (pid ${w.process.pid}) exited (${signal ?? `code ${code}`}); restarting in ${delay / 1000} s.`);
    slot.restartTimer = setTimeout(() => fork(slot), delay);
  };

  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    say(`jiesu: stopping ${workers} workers (${why}) …`);
    for (const s of slots) {
      if (s.restartTimer) clearTimeout(s.restartTimer);
      s.restartTimer = null;
      // Each worker closes its HTTP server (in-flight requests finish), its sweeper and its pool.
      s.worker?.process.kill('SIGTERM');
    }
    if (allStopped()) settle(exitCode);
    const killer = setTimeout(() => {
      for (const s of slots) s.worker?.process.kill('SIGKILL');
    }, STOP_TIMEOUT_MS);
    killer.unref();
  };

  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  cluster.on('listening', (w, address) => say(`jiesu: worker ${w.id} (pid ${w.process.pid}) listening on port ${address.port}`));
  say(`jiesu: starting ${workers} workers (primary pid ${process.pid}) …`);
  for (const s of slots) fork(s);
  return done;
}
