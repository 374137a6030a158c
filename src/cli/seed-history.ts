/** Placeholder: history generation lands with the demo-data generator. */
import type { AppContext } from '../application/context.ts';

export async function generateHistory(_ctx: AppContext, _opts: { tickets: number; months: number; seed: number; progress: boolean }) {
  return { created: 0, ms: 0 };
}
