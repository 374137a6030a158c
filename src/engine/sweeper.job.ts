/**
 * Runs the deadline sweeper on an interval. One run at a time: the next is scheduled only when the
 * previous one has finished. While the database is unavailable it pauses (logged once), retries with a
 * bounded exponential back-off, and resumes by itself when the database answers again (logged once).
 */
import type { AppContext } from './context.ts';
import { sweepDeadlines, type SweepResult } from './sweeper.ts';
import { describeFailure, isDatabaseUnavailable } from '../platform/db/availability.ts';

/** First retry after a failed run while the database is away (ms); doubles up to the sweep interval. */
export const FIRST_RETRY_MS = 1000;

/**
 * Delay before retry number `attempt` (1, 2, …) while paused: 1 s, 2 s, 4 s … capped at the normal
 * interval, so an outage is probed less and less often but never less often than sweeps normally run.
 */
export function pausedRetryDelayMs(attempt: number, intervalMs: number): number {
  const cap = Math.max(intervalMs, FIRST_RETRY_MS);
  return Math.min(cap, FIRST_RETRY_MS * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
}

export function startSweeper(
  ctx: AppContext,
  everySeconds: number,
  sweep: (ctx: AppContext) => Promise<SweepResult> = sweepDeadlines,
): { stop(): Promise<void> } {
  const intervalMs = everySeconds * 1000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  /** Set while paused: when the pause began and how many runs have failed since. */
  let paused: { since: number; attempts: number } | null = null;

  /** One run; returns the delay before the next. */
  const run = async (): Promise<number> => {
    try {
      const r = await sweep(ctx);
      if (paused !== null) {
        ctx.log.info(
          { pausedSeconds: Math.round((Date.now() - paused.since) / 1000), failedRuns: paused.attempts },
          'database available again, sweeper resumed',
        );
        paused = null;
      }
      if (r.overdue > 0 || r.dueSoon > 0 || r.deferralsDue > 0 || r.escalated > 0) ctx.log.info(r, 'deadline sweep');
      return intervalMs;
    } catch (e) {
      if (!isDatabaseUnavailable(e)) {
        ctx.log.warn({ err: e }, 'deadline sweep failed; will retry');
        return intervalMs;
      }
      if (paused === null) {
        paused = { since: Date.now(), attempts: 1 };
        const retryInMs = pausedRetryDelayMs(1, intervalMs);
        ctx.log.warn({ database: describeFailure(e), retryInMs }, 'database unavailable, sweeper paused');
        return retryInMs;
      }
      paused.attempts++;
      const retryInMs = pausedRetryDelayMs(paused.attempts, intervalMs);
      ctx.log.debug({ database: describeFailure(e), retryInMs, failedRuns: paused.attempts }, 'sweeper still paused');
      return retryInMs;
    }
  };

  const loop = async (): Promise<void> => {
    const delay = await run();
    if (stopped) return;
    timer = setTimeout(() => {
      running = loop();
    }, delay);
    timer.unref();
  };

  running = loop();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
