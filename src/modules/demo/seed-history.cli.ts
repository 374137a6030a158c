/** `jiesu seed --tickets N`: the demo history generator with a progress bar on a terminal. */
import cliProgress from 'cli-progress';
import type { AppContext } from '../../engine/context.ts';
import { generateDemoHistory, type DemoHistoryResult } from './demo-history.ts';

export async function generateHistory(ctx: AppContext, opts: { tickets: number; months: number; seed: number; progress: boolean }): Promise<DemoHistoryResult> {
  const bar = opts.progress
    ? new cliProgress.SingleBar(
        { format: '生成工单 Tickets |{bar}| {value}/{total}  {percentage}%  ETA {eta_formatted}', hideCursor: true, stream: process.stderr, etaBuffer: 200 },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  bar?.start(opts.tickets, 0);
  try {
    const result = await generateDemoHistory(ctx, {
      tickets: opts.tickets,
      months: opts.months,
      seed: opts.seed,
      onProgress: bar ? (done) => bar.update(done) : undefined,
    });
    bar?.update(result.created);
    return result;
  } finally {
    bar?.stop();
  }
}
