/** Converts between the domain ticket and its row: dates become ISO strings inside the JSON column. */
import { localMonth } from './domain/calendar/local-time.ts';
import { dueStatus } from './domain/calendar/work-calendar.ts';
import { activeDeadline } from './domain/workflow/decide.ts';
import type { Deadline, DeadlineKind, Ticket, TicketDueStatus } from './domain/workflow/ticket.ts';

const DATE_KEYS = new Set([
  'acceptedAt',
  'dispatchedAt',
  'signedAt',
  'contactedAt',
  'repliedAt',
  'closedAt',
  'startedAt',
  'dueAt',
  'since',
  'requestedAt',
  'at',
]);

/** Revives the ISO strings of known date fields (the JSON column stores dates as strings). */
export function ticketFromJson(json: unknown): Ticket {
  const t = JSON.parse(JSON.stringify(json), (key, value) => (DATE_KEYS.has(key) && typeof value === 'string' ? new Date(value) : value)) as Ticket;
  // Tickets recorded before initiators existed were all accepted by the centre; deferrals recorded
  // before review marks existed were not reviewed yet.
  return {
    ...t,
    initiatorUnitId: t.initiatorUnitId ?? null,
    deferral: t.deferral == null ? null : { ...t.deferral, reviewDue: t.deferral.reviewDue ?? false },
  };
}

export function ticketToJson(t: Ticket): unknown {
  return JSON.parse(JSON.stringify(t));
}

const due = (d: Deadline | null) => d?.dueAt ?? null;

/** The query columns derived from the domain ticket (everything except intake fields). */
export function stateColumns(t: Ticket, now: Date) {
  const active: DeadlineKind | null = activeDeadline(t);
  const activeDue = active === null ? null : due(t.deadlines[active]);
  return {
    state: t.state,
    categoryId: t.categoryId,
    timeLimitClass: t.timeLimitClass,
    leadUnitId: t.leadUnitId,
    coUnitIds: t.coUnitIds,
    dispatchedAt: t.dispatchedAt,
    signedAt: t.signedAt,
    contactedAt: t.contactedAt,
    repliedAt: t.repliedAt,
    closedAt: t.closedAt,
    signDueAt: due(t.deadlines.sign),
    contactDueAt: due(t.deadlines.contact),
    replyDueAt: due(t.deadlines.reply),
    activeDueAt: t.pause === null ? activeDue : null,
    dueSoonAt: t.pause === null ? dueSoonAt(t) : null,
    dueStatus: dueStatusOf(t, now) as string,
    callbackAt: t.callback?.at ?? null,
    assessmentMonth: t.callback === null ? null : localMonth(t.callback.at),
    satisfaction: t.callback?.satisfaction ?? null,
    resolved: t.callback?.resolved ?? null,
    contacted: t.callback?.contacted ?? null,
    outcome: t.outcome,
    repeatOfId: t.repeatOfId,
    supervisionLevel: t.supervisionLevel,
    excludedFromAssessment: t.excludedFromAssessment,
    domain: ticketToJson(t),
    version: t.version,
    updatedAt: now,
  };
}

/** Share of the active span left below which a ticket is "due soon" (即将超时). */
export const DUE_SOON_FRACTION = 0.25;

/** The instant the active deadline turns yellow: when DUE_SOON_FRACTION of its span remains. */
function dueSoonAt(t: Ticket): Date | null {
  const k = activeDeadline(t);
  const d = k === null ? null : t.deadlines[k];
  if (d === null) return null;
  const span = d.dueAt.getTime() - d.startedAt.getTime();
  return new Date(d.dueAt.getTime() - span * DUE_SOON_FRACTION);
}

/**
 * The stored traffic light. 'overdue' is stored only once the lateness is recorded (the sweeper's
 * `markOverdue` on the active deadline): until then a missed deadline stays 'due_soon', so that the
 * sweeper (which looks for `due_status <> 'overdue'`) still finds a ticket that changed in between,
 * e.g. one signed after its contact deadline had passed, or supervised before the sweeper ran.
 * A deferred ticket has no running deadline: 'none', or 'review_due' once its review is recorded.
 */
export function dueStatusOf(t: Ticket, now: Date): TicketDueStatus {
  if (t.state === 'deferred') return t.deferral?.reviewDue === true ? 'review_due' : 'none';
  if (t.pause !== null) return 'none';
  const k = activeDeadline(t);
  const d = k === null ? null : t.deadlines[k];
  if (k === null || d === null) return 'none';
  const s = dueStatus(now, d.dueAt, DUE_SOON_FRACTION, d.startedAt);
  return s === 'overdue' && !t.overdue[k] ? 'due_soon' : s;
}
