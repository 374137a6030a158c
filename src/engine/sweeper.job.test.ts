/**
 * The sweeper's schedule around a database outage, with a scripted sweep and fake timers: it pauses
 * once, backs off 1, 2, 4 … s up to its interval, resumes once, never runs twice at a time, and stop()
 * waits for a run in progress. (test/db-outage.db.test.ts shows the same on a real PostgreSQL.)
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppContext } from './context.ts';
import type { SweepResult } from './sweeper.ts';
import { pausedRetryDelayMs, startSweeper } from './sweeper.job.ts';

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

function fakeContext() {
  const lines: { level: string; msg: string; obj: Record<string, unknown> }[] = [];
  const at = (level: string) => (obj: Record<string, unknown>, msg: string) => void lines.push({ level, msg, obj });
  const log = { info: at('info'), warn: at('warn'), debug: at('debug'), error: at('error') };
  return { ctx: { log } as unknown as AppContext, lines };
}

/** A sweep whose outcome the test sets; records when it ran and whether two runs overlapped. */
function scriptedSweep(runMs = 0) {
  let outcome: 'ok' | 'down' | 'bug' = 'ok';
  let active = 0;
  const state = { runs: [] as number[], overlapped: false };
  const sweep = async (): Promise<SweepResult> => {
    state.runs.push(Date.now());
    active++;
    if (active > 1) state.overlapped = true;
    try {
      if (runMs > 0) await new Promise((r) => setTimeout(r, runMs));
      if (outcome === 'down') throw refused();
      if (outcome === 'bug') throw new TypeError('a bug');
      return { overdue: 0, dueSoon: 0, deferralsDue: 0, escalated: 0 };
    } finally {
      active--;
    }
  };
  return { sweep, state, set: (o: typeof outcome) => (outcome = o) };
}

describe('sweeper job', () => {
  afterEach(() => vi.useRealTimers());

  it('backs off 1, 2, 4 … s while paused, capped at the interval', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 100].map((n) => pausedRetryDelayMs(n, 60_000))).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    expect([1, 2, 3].map((n) => pausedRetryDelayMs(n, 2000))).toEqual([1000, 2000, 2000]);
    expect(pausedRetryDelayMs(1, 0)).toBe(1000);
  });

  it('pauses once when the database goes away, probes with back-off, and resumes once when it returns', async () => {
    vi.useFakeTimers({ now: 0 });
    const { ctx, lines } = fakeContext();
    const s = scriptedSweep();
    const job = startSweeper(ctx, 60, s.sweep);
    await vi.advanceTimersByTimeAsync(0);
    expect(s.state.runs).toEqual([0]);

    s.set('down');
    await vi.advanceTimersByTimeAsync(60_000); // the run at 60 s fails: paused
    await vi.advanceTimersByTimeAsync(200_000); // retries at +1, +2, +4, +8, +16, +32, +60, +60 … s
    const retries = s.state.runs.slice(2).map((t, i) => t - s.state.runs[i + 1]!);
    expect(retries).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000]);
    expect(lines.filter((l) => l.msg === 'database unavailable, sweeper paused')).toHaveLength(1);
    expect(lines.filter((l) => l.level !== 'debug')).toHaveLength(1);

    s.set('ok');
    await vi.advanceTimersByTimeAsync(60_000);
    const resumed = lines.filter((l) => l.msg === 'database available again, sweeper resumed');
    expect(resumed).toHaveLength(1);
    expect(resumed[0]!.obj.failedRuns).toBe(9);
    // Back on the normal interval.
    const before = s.state.runs.length;
    await vi.advanceTimersByTimeAsync(180_000);
    expect(s.state.runs.length - before).toBe(3);
    expect(lines.filter((l) => l.msg === 'database available again, sweeper resumed')).toHaveLength(1);
    expect(s.state.overlapped).toBe(false);
    await job.stop();
  });

  it('does not pause for other failures: logs each and keeps the interval', async () => {
    vi.useFakeTimers({ now: 0 });
    const { ctx, lines } = fakeContext();
    const s = scriptedSweep();
    s.set('bug');
    const job = startSweeper(ctx, 10, s.sweep);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(s.state.runs).toEqual([0, 10_000, 20_000, 30_000]);
    expect(lines.map((l) => l.msg)).toEqual(Array(4).fill('deadline sweep failed; will retry'));
    await job.stop();
  });

  it('never overlaps a slow run with the next, and stop() waits for the run in progress', async () => {
    vi.useFakeTimers({ now: 0 });
    const { ctx } = fakeContext();
    const s = scriptedSweep(5000); // each run takes 5 s, longer than the 1 s interval
    const job = startSweeper(ctx, 1, s.sweep);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(s.state.runs).toEqual([0, 6000, 12_000, 18_000]);
    expect(s.state.overlapped).toBe(false);
    let stopped = false;
    const stopping = job.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(1000);
    expect(stopped).toBe(false); // the run that began at 18 s ends at 23 s
    await vi.advanceTimersByTimeAsync(2000);
    await stopping;
    expect(stopped).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(s.state.runs).toHaveLength(4);
  });
});
