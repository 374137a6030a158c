/**
 * The system's follow-ups, decided by the deadline sweeper (issue 16):
 * - a deferral (挂账) comes back for review on its review date (`deferralDue`);
 * - an overdue ticket is supervised by itself, 督办 → 催办 → 通报 (`escalate`), once it has been overdue
 *   on its running deadline for the configured spans of working days.
 * Pure: time, the calendar and the spans are arguments.
 */
import { DAY_MS, dayNumberOfInstant, localDayStart, parseLocalDate } from '../calendar/local-time.ts';
import { addTimeLimit, workingTimeBetween, type WorkCalendar } from '../calendar/work-calendar.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { activeDeadline, type DeadlineKind, type Ticket } from './ticket.ts';

/** The farthest a deferral's review date may lie: 365 days after the day it is deferred. */
export const MAX_DEFERRAL_DAYS = 365;

/** Why a review date is refused, or null when it is a real local date after today and within MAX_DEFERRAL_DAYS. */
export function reviewDateProblem(reviewDate: string, now: Date): string | null {
  const day = parseLocalDate(reviewDate);
  if (day === null) return 'reviewDate must be a date YYYY-MM-DD';
  const today = dayNumberOfInstant(now.getTime());
  if (day <= today) return 'reviewDate must be after today';
  if (day - today > MAX_DEFERRAL_DAYS) return `reviewDate must be at most ${MAX_DEFERRAL_DAYS} days ahead`;
  return null;
}

/** The instant a deferral comes back for review: local 00:00 of its review date. */
export const reviewStartOf = (reviewDate: string): Date => localDayStart(reviewDate);

/** True when a deferred ticket's review date has come and the review has not been recorded yet. */
export function deferralReviewDue(t: Ticket, now: Date): boolean {
  return t.state === 'deferred' && t.deferral !== null && !t.deferral.reviewDue && now.getTime() >= reviewStartOf(t.deferral.reviewDate).getTime();
}

/** Supervision levels: 1 督办 (supervise), 2 催办 (urge), 3 通报 (public notice). */
export const SUPERVISION_LABELS = ['督办', '催办', '通报'] as const;
export const MAX_ESCALATION_DAYS = 60;

/**
 * Working days a ticket may be overdue on its running deadline before each automatic notice:
 * `afterDays[0]` for 督办, `[1]` for 催办, `[2]` for 通报; strictly increasing, each in (0, 60].
 */
export interface EscalationRule {
  afterDays: readonly [number, number, number];
}

/** The default (DOMAIN-RULES): 1, 3 and 5 working days overdue. */
export const DEFAULT_ESCALATION: EscalationRule = { afterDays: [1, 3, 5] };

export function validateEscalation(days: readonly number[]): Result<EscalationRule> {
  const okDays = days.length === 3 && days.every((d) => Number.isFinite(d) && d > 0 && d <= MAX_ESCALATION_DAYS) && days[0]! < days[1]! && days[1]! < days[2]!;
  if (!okDays)
    return err(
      'WORKFLOW.INVALID_ESCALATION',
      `督办、催办、通报的超期工作日须递增且在 0–${MAX_ESCALATION_DAYS} 之间 The three spans must increase, each above 0 and at most ${MAX_ESCALATION_DAYS} working days`,
      {
        afterDays: [...days],
      },
    );
  return ok({ afterDays: [days[0]!, days[1]!, days[2]!] });
}

export interface EscalationTarget {
  /** The level the ticket should be at now (above its current one). */
  level: number;
  /** The running deadline it is overdue on. */
  deadline: DeadlineKind;
  /** The span (working days overdue) that level stands for. */
  days: number;
}

/** The running deadline a ticket is recorded overdue on, if any (none while paused or deferred). */
function lateness(t: Ticket): { deadline: DeadlineKind; dueAt: Date } | null {
  const k = activeDeadline(t);
  const dl = k === null ? null : t.deadlines[k];
  if (k === null || dl === null || t.pause !== null || !t.overdue[k]) return null;
  return { deadline: k, dueAt: dl.dueAt };
}

/**
 * The highest level whose span of working days overdue has passed at `now`, when it is above the
 * ticket's current supervision level; null otherwise. Levels only rise: one set by hand (the centre's
 * `supervise`) is never lowered, and a level is never given twice.
 */
export function escalationTarget(t: Ticket, now: Date, rule: EscalationRule, cal: WorkCalendar): EscalationTarget | null {
  const late = lateness(t);
  if (late === null || t.supervisionLevel >= rule.afterDays.length) return null;
  const overdueMs = workingTimeBetween(late.dueAt, now, cal).ms;
  let level = 0;
  rule.afterDays.forEach((d, i) => {
    if (overdueMs >= d * DAY_MS) level = i + 1;
  });
  if (level <= t.supervisionLevel) return null;
  return { level, deadline: late.deadline, days: rule.afterDays[level - 1]! };
}

/**
 * When the ticket reaches its next level if nothing changes (for schedulers and tests): the first
 * instant at which the span of the level after the current one has passed. Null when none is ahead.
 */
export function nextEscalation(t: Ticket, rule: EscalationRule, cal: WorkCalendar): { level: number; at: Date } | null {
  const late = lateness(t);
  if (late === null || t.supervisionLevel >= rule.afterDays.length) return null;
  const level = t.supervisionLevel + 1;
  return { level, at: addTimeLimit(late.dueAt, { amount: rule.afterDays[level - 1]!, unit: 'working_days' }, cal).at };
}
