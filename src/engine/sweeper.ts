/**
 * The deadline sweeper of the server's district (`ctx.districtCode`; another district's tickets in the
 * same database are left to that district's servers): marks working tickets overdue (one `markOverdue`
 * event per deadline, by the system) and turns due-soon lights yellow. Safe with several server
 * processes on one database: rows are claimed with FOR UPDATE SKIP LOCKED and the version check
 * rejects a second writer.
 */
import { activeDeadline } from './domain/workflow/decide.ts';
import { domainTicketOf, findOverdueCandidates, markDueSoon } from './ticket.repository.ts';
import type { AppContext } from './context.ts';
import { applyCommand } from './ticket-actions.ts';

export interface SweepResult {
  overdue: number;
  dueSoon: number;
}

export async function sweepDeadlines(ctx: AppContext, batch = 200): Promise<SweepResult> {
  const ref = await ctx.reference.get();
  let overdue = 0;
  for (;;) {
    const marked = await ctx.database.db.transaction(async (tx) => {
      const now = ctx.clock();
      const rows = await findOverdueCandidates(tx, ctx.districtCode, now, batch);
      let n = 0;
      for (const row of rows) {
        const t = domainTicketOf(row);
        const k = activeDeadline(t);
        if (k === null || t.overdue[k]) continue;
        await applyCommand(ctx, tx, t, { type: 'markOverdue', input: { deadline: k } }, null, ref);
        n++;
      }
      return { n, more: rows.length === batch };
    });
    overdue += marked.n;
    if (!marked.more || marked.n === 0) break;
  }
  const dueSoon = await markDueSoon(ctx.database.db, ctx.districtCode, ctx.clock());
  return { overdue, dueSoon };
}
