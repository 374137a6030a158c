/** Runs the deadline sweeper on an interval; pauses while the database is away and resumes by itself. */
import type { AppContext } from '../application/context.ts';
import { sweepDeadlines } from '../application/sweeper.ts';

export function startSweeper(ctx: AppContext, everySeconds: number): { stop(): Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = async () => {
    try {
      const r = await sweepDeadlines(ctx);
      if (r.overdue > 0 || r.dueSoon > 0) ctx.log.info(r, 'deadline sweep');
    } catch (e) {
      ctx.log.warn({ err: e }, 'deadline sweep failed; will retry');
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().finally(schedule);
    }, everySeconds * 1000);
    timer.unref();
  };
  running = tick().finally(schedule);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
