/**
 * `evolve(ticket, event)` applies one fact to a ticket. It never validates: validation happened when
 * the fact was decided. Replaying a ticket's events from `accept` through `evolve` yields its state.
 */
import type { DeadlineFact, DeadlineFacts, EventPayloads, TicketEvent } from './events.ts';
import type { Deadline, DeadlineKind, Ticket } from './ticket.ts';
import { DEADLINE_KINDS } from './ticket.ts';

const toDeadline = (f: DeadlineFact | null): Deadline | null =>
  f === null ? null : { startedAt: new Date(f.startedAt), dueAt: new Date(f.dueAt), unit: f.unit };

/**
 * Replaces the deadlines named in `facts`. An overdue mark survives only when the replacing deadline
 * had itself already passed at `at` (e.g. a rejected objection that extends an overdue deadline by the
 * pause), so that the same lateness is never marked twice.
 */
function withDeadlines(t: Ticket, facts: DeadlineFacts, at: Date): Ticket {
  const deadlines = { ...t.deadlines };
  const overdue = { ...t.overdue };
  for (const k of DEADLINE_KINDS) {
    const f = facts[k];
    if (f !== undefined) {
      const next = toDeadline(f);
      deadlines[k] = next;
      overdue[k] = t.overdue[k] && next !== null && at.getTime() > next.dueAt.getTime();
    }
  }
  return { ...t, deadlines, overdue };
}

export function initialTicket(data: EventPayloads['accept'], at: Date): Ticket {
  return {
    ...data,
    initiatorUnitId: data.initiatorUnitId ?? null,
    state: 'accepted',
    acceptedAt: at,
    leadUnitId: null,
    coUnitIds: [],
    coRepliedUnitIds: [],
    dispatchedAt: null,
    fallback: false,
    dispatchCount: 0,
    deadlines: { sign: null, contact: null, reply: null },
    signedAt: null,
    contactedAt: null,
    repliedAt: null,
    closedAt: null,
    pause: null,
    pendingExtension: null,
    extensionCount: 0,
    objectionCount: 0,
    deferral: null,
    replyText: null,
    callback: null,
    invalidCallbacks: 0,
    outcome: null,
    specialRoute: null,
    repeatOfId: null,
    supervisionLevel: 0,
    overdue: { sign: false, contact: false, reply: false },
    appeal: null,
    excludedFromAssessment: false,
    redoCount: 0,
    version: 1,
  };
}

const closeWith = (t: Ticket, at: Date, outcome: Ticket['outcome']): Ticket => ({
  ...t,
  state: 'closed',
  closedAt: at,
  outcome,
  pendingExtension: null,
});

function apply(t: Ticket, e: TicketEvent): Ticket {
  const at = e.at;
  switch (e.type) {
    case 'accept':
      return initialTicket(e.data, at);
    case 'answerDirectly':
      return closeWith(t, at, 'answered_directly');
    case 'closeSpecial':
      return { ...closeWith(t, at, 'special_route'), specialRoute: e.data.route };
    case 'linkRepeat':
      return { ...closeWith(t, at, 'repeat_linked'), repeatOfId: e.data.originalId };
    case 'dispatch':
    case 'reassign':
      return {
        ...withDeadlines(t, e.data.deadlines, at),
        state: 'dispatched',
        leadUnitId: e.data.leadUnitId,
        coUnitIds: [...e.data.coUnitIds],
        coRepliedUnitIds: [],
        fallback: e.type === 'dispatch' ? e.data.fallback : false,
        dispatchedAt: at,
        dispatchCount: t.dispatchCount + 1,
        signedAt: null,
        contactedAt: null,
        pendingExtension: null,
        deferral: null,
      };
    case 'object':
      return {
        ...t,
        state: 'objection_review',
        pause: { since: at, resumeState: t.state },
        objectionCount: t.objectionCount + 1,
      };
    case 'decideObjection': {
      const d = e.data;
      const base = withDeadlines({ ...t, pause: null }, d.deadlines, at);
      if (!d.approve) return { ...base, state: t.pause?.resumeState ?? 'dispatched' };
      return {
        ...base,
        state: 'dispatched',
        leadUnitId: d.leadUnitId,
        coUnitIds: [...d.coUnitIds],
        coRepliedUnitIds: [],
        fallback: false,
        dispatchedAt: at,
        dispatchCount: t.dispatchCount + 1,
        signedAt: null,
        contactedAt: null,
        pendingExtension: null,
      };
    }
    case 'sign':
      return { ...t, state: 'signed', signedAt: at };
    case 'contact':
      return { ...t, state: 'handling', contactedAt: at };
    case 'progress':
      return t;
    case 'coReply':
      return t.coRepliedUnitIds.includes(e.data.unitId) ? t : { ...t, coRepliedUnitIds: [...t.coRepliedUnitIds, e.data.unitId] };
    case 'requestExtension':
      return { ...t, pendingExtension: { requestedAt: at, days: e.data.days, reason: e.data.reason } };
    case 'decideExtension': {
      const base = withDeadlines({ ...t, pendingExtension: null }, e.data.deadlines, at);
      return e.data.approve ? { ...base, extensionCount: t.extensionCount + 1 } : base;
    }
    case 'defer':
      return { ...t, state: 'deferred', deferral: { since: at, plan: e.data.plan, reviewDate: e.data.reviewDate, reviewDue: false } };
    case 'deferralDue':
      return t.deferral === null ? t : { ...t, deferral: { ...t.deferral, reviewDue: true } };
    case 'escalate':
      return { ...t, supervisionLevel: e.data.level };
    case 'reply':
      // Callback attempts made before the reply (on an overdue ticket) do not count as attempts on it.
      return {
        ...t,
        state: 'replied',
        repliedAt: at,
        replyText: e.data.text,
        pendingExtension: null,
        invalidCallbacks: 0,
      };
    case 'callback': {
      const d = e.data;
      if (!d.valid) return { ...t, invalidCallbacks: t.invalidCallbacks + 1 };
      return {
        ...t,
        state: 'callback_done',
        pendingExtension: null,
        callback: { at, contacted: d.contacted, resolved: d.resolved, satisfaction: d.satisfaction },
      };
    }
    case 'redo':
      return {
        ...withDeadlines(t, e.data.deadlines, at),
        // Back to where the unit's work stopped: a ticket called back while never signed starts over.
        state: t.signedAt === null ? 'dispatched' : t.contactedAt === null ? 'signed' : 'handling',
        repliedAt: null,
        replyText: null,
        callback: null,
        invalidCallbacks: 0,
        // An appeal against the callback that led to the redo has nothing left to decide.
        appeal: t.appeal?.status === 'pending' ? null : t.appeal,
        redoCount: t.redoCount + 1,
      };
    case 'close':
      return closeWith(t, at, e.data.outcome);
    case 'supervise':
      return { ...t, supervisionLevel: e.data.level };
    case 'markOverdue':
      return { ...t, overdue: { ...t.overdue, [e.data.deadline]: true } as Record<DeadlineKind, boolean> };
    case 'appeal':
      return { ...t, appeal: { status: 'pending', reason: e.data.reason } };
    case 'resolveOnSpot':
      return closeWith(t, at, 'resolved_on_spot');
    case 'conclude':
      return closeWith(t, at, 'concluded');
    case 'decideAppeal':
      return {
        ...t,
        appeal: { status: e.data.approve ? 'approved' : 'rejected', reason: t.appeal?.reason ?? '' },
        excludedFromAssessment: e.data.approve,
      };
  }
}

export function evolve(t: Ticket, e: TicketEvent): Ticket {
  const next = apply(t, e);
  return { ...next, version: e.type === 'accept' ? 1 : t.version + 1 };
}

/** Folds a ticket's full event history (starting with `accept`) into its state. */
export function replay(events: readonly TicketEvent[]): Ticket {
  const [first, ...rest] = events;
  if (first === undefined || first.type !== 'accept') throw new Error('replay: history must start with accept');
  return rest.reduce(evolve, initialTicket(first.data, first.at));
}
