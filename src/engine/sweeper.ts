/**
 * The deadline sweeper of the server's district (`ctx.districtCode`; another district's tickets in the
 * same database are left to that district's servers), in this order:
 * 1. marks working tickets overdue (one `markOverdue` event per deadline, by the system);
 * 2. brings deferred tickets back for review on their review date (`deferralDue`, 挂账到期复查);
 * 3. supervises tickets overdue for the configured working days (`escalate`: 督办 → 催办 → 通报);
 * 4. turns due-soon lights yellow.
 * Every step is the system's event decided by the domain, so a second run at the same instant finds
 * nothing to do. Safe with several server processes on one database: rows are claimed with FOR UPDATE
 * SKIP LOCKED and the version check rejects a second writer.
 */
import { localDate } from './domain/calendar/local-time.ts';
import { activeDeadline } from './domain/workflow/decide.ts';
import { deferralReviewDue, escalationTarget } from './domain/workflow/escalation.ts';
import { domainTicketOf, findDeferralReviewCandidates, findEscalationCandidates, findOverdueCandidates, markDueSoon } from './ticket.repository.ts';
import type { AppContext } from './context.ts';
import { applyCommand } from './ticket-actions.ts';

export interface SweepResult {
  overdue: number;
  dueSoon: number;
  /** Deferrals brought back for review (挂账到期复查). */
  deferralsDue: number;
  /** Automatic supervision notices (督办, 催办, 通报). */
  escalated: number;
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

  let deferralsDue = 0;
  for (;;) {
    const due = await ctx.database.db.transaction(async (tx) => {
      const now = ctx.clock();
      const rows = await findDeferralReviewCandidates(tx, ctx.districtCode, localDate(now), batch);
      let n = 0;
      for (const row of rows) {
        const t = domainTicketOf(row);
        if (!deferralReviewDue(t, now)) continue;
        await applyCommand(ctx, tx, t, { type: 'deferralDue', input: {} }, null, ref);
        n++;
      }
      return { n, more: rows.length === batch };
    });
    deferralsDue += due.n;
    if (!due.more || due.n === 0) break;
  }

  // Candidates are a superset (natural time ≥ working-day time): walk them all in (due, id) order.
  let escalated = 0;
  let after: { dueAt: Date; id: number } | null = null;
  for (;;) {
    const page: { n: number; last: { dueAt: Date; id: number } | null; more: boolean } = await ctx.database.db.transaction(async (tx) => {
      const now = ctx.clock();
      const rows = await findEscalationCandidates(tx, ctx.districtCode, now, ref.escalation.afterDays, after, batch);
      let n = 0;
      for (const row of rows) {
        const t = domainTicketOf(row);
        if (escalationTarget(t, now, ref.escalation, ref.calendar) === null) continue;
        await applyCommand(ctx, tx, t, { type: 'escalate', input: {} }, null, ref);
        n++;
      }
      const lastRow = rows.at(-1);
      return { n, last: lastRow === undefined ? null : { dueAt: lastRow.activeDueAt!, id: lastRow.id }, more: rows.length === batch };
    });
    escalated += page.n;
    if (!page.more || page.last === null) break;
    after = page.last;
  }

  const dueSoon = await markDueSoon(ctx.database.db, ctx.districtCode, ctx.clock());
  return { overdue, dueSoon, deferralsDue, escalated };
}
