/**
 * `decide(ticket, command, ctx)` checks an action against the state machine (state, party, role,
 * preconditions) and returns the fact to record plus the ticket after it; or an error value.
 */
import { addTimeLimit, extendByPause, type TimeLimit, type WorkCalendar } from '../calendar/work-calendar.ts';
import { err, ok, type DomainErrorCode, type Result } from '../shared/result.ts';
import { ACTION_RULES, ACTION_TYPES, PARTY_ROLES, type Party } from './actions.ts';
import type { AcceptFacts, ActionInputs, ActionType, Command, DeadlineFact, DeadlineFacts, TicketEvent } from './events.ts';
import { evolve, initialTicket } from './evolve.ts';
import { deferralReviewDue, escalationTarget, reviewDateProblem, SUPERVISION_LABELS, type EscalationRule } from './escalation.ts';
import { KIND_CONFIGS } from './kinds.ts';
import { activeDeadline, DEADLINE_KINDS, type Actor, type DeadlineKind, type Ticket } from './ticket.ts';

export { activeDeadline };

export interface ClassLimits {
  sign: TimeLimit;
  contact: TimeLimit;
  reply: TimeLimit;
}

export interface DecideContext {
  now: Date;
  /** `null` is the system itself (the deadline sweeper). */
  actor: Actor | null;
  calendar: WorkCalendar;
  /** Time limits by time-limit class code (DOMAIN-RULES §4.2), from configuration. */
  limits: Readonly<Record<string, ClassLimits>>;
  /** Working days overdue before the automatic 督办, 催办 and 通报, from configuration. */
  escalation: EscalationRule;
}

/** What `allowedActions` needs to judge the system's time-dependent actions (escalation). */
export type FollowUpEnv = Pick<DecideContext, 'calendar' | 'escalation'>;

export interface Decision {
  event: TicketEvent;
  ticket: Ticket;
  /** Loud, non-fatal problems, e.g. a deadline computed over a year with no holiday data. */
  warnings: string[];
}

export const MAX_SUPERVISION_LEVEL = 3;
export const MAX_EXTENSION_DAYS = 60;

/** Error codes of the workflow (their statuses and words: the engine's error catalogue). */
export const WorkflowErrors = {
  invalidTransition: 'WORKFLOW.INVALID_TRANSITION',
  forbidden: 'WORKFLOW.FORBIDDEN',
  precondition: 'WORKFLOW.PRECONDITION_FAILED',
  invalidInput: 'WORKFLOW.INVALID_INPUT',
  notForKind: 'WORKFLOW.ACTION_NOT_FOR_KIND',
  noTimeLimit: 'WORKFLOW.NO_TIME_LIMIT',
} as const satisfies Record<string, DomainErrorCode>;

/** The parties the actor plays for this ticket. */
export function partiesOf(t: Ticket, actor: Actor | null): Set<Party> {
  const parties = new Set<Party>();
  if (actor === null) {
    parties.add('system');
    return parties;
  }
  const has = (p: Party) => PARTY_ROLES[p].some((r) => actor.roles.includes(r));
  if (actor.isCentre) {
    if (has('intake')) parties.add('intake');
    if (has('centre')) parties.add('centre');
    if (has('callback')) parties.add('callback');
  }
  if (t.leadUnitId !== null && actor.unitId === t.leadUnitId) {
    // The kind's extra lead roles (KindConfig.leadRoles) act for the lead unit too, never as its leader.
    if (has('lead') || KIND_CONFIGS[t.kind].leadRoles.some((r) => actor.roles.includes(r))) parties.add('lead');
    if (has('leadLeader')) parties.add('leadLeader');
  }
  if (t.coUnitIds.includes(actor.unitId) && has('co')) parties.add('co');
  // The unit that started the ticket itself, acting in one of its kind's initiator roles.
  if (
    !actor.isCentre &&
    t.initiatorUnitId !== null &&
    actor.unitId === t.initiatorUnitId &&
    KIND_CONFIGS[t.kind].initiatorRoles.some((r) => actor.roles.includes(r))
  )
    parties.add('initiator');
  // The requester (public page, no account) rates a replied ticket; right after a satisfied, resolved
  // rating they also take the close it entails, the same as a callback agent. A staff member never
  // plays this party, even holding the role. Kinds evaluated by their initiator have no requester to
  // rate them (a data finding, a grid report): their evaluation is the initiator's (KindConfig.evaluatedBy).
  if (!actor.isCentre && has('requester') && actor.roles.every((r) => r === 'requester') && KIND_CONFIGS[t.kind].evaluatedBy !== 'initiator') {
    if (t.state === 'replied' || (t.state === 'callback_done' && t.callback !== null && ratingCloses(t.callback))) parties.add('requester');
  }
  return parties;
}

/** A valid callback that closes the ticket at once: resolved, and satisfied or basically satisfied. */
export const ratingCloses = (c: { resolved: boolean; satisfaction: string }): boolean => c.resolved && c.satisfaction !== 'unsatisfied';

/** True when the actor plays a centre party (callback or centre) for this ticket. */
const actsForCentre = (t: Ticket, actor: Actor | null): boolean => {
  const parties = partiesOf(t, actor);
  return parties.has('callback') || parties.has('centre');
};

function fact(startedAt: Date, limit: TimeLimit, cal: WorkCalendar, warnings: string[]): DeadlineFact {
  const r = addTimeLimit(startedAt, limit, cal);
  noteMissing(r.missingYears, warnings);
  return { startedAt: startedAt.toISOString(), dueAt: r.at.toISOString(), unit: limit.unit };
}

function noteMissing(years: readonly number[], warnings: string[]): void {
  for (const y of years) {
    const w = `CALENDAR.YEAR_MISSING: no official holiday data for ${y}; weekends only were assumed`;
    if (!warnings.includes(w)) warnings.push(w);
  }
}

function freshDeadlines(t: Ticket, ctx: DecideContext, kinds: readonly DeadlineKind[], warnings: string[]): Result<DeadlineFacts> {
  const cls = t.timeLimitClass ?? 'general';
  const limits = ctx.limits[cls];
  if (limits === undefined) return err(WorkflowErrors.noTimeLimit, `No time limits configured for class "${cls}"`);
  const out: DeadlineFacts = {};
  for (const k of kinds) out[k] = fact(ctx.now, limits[k], ctx.calendar, warnings);
  return ok(out);
}

function checkUnits(lead: number, co: readonly number[]): Result<true> {
  if (!Number.isInteger(lead) || lead <= 0) return err(WorkflowErrors.invalidInput, 'A lead unit is required');
  if (co.includes(lead)) return err(WorkflowErrors.invalidInput, 'The lead unit cannot also be a co-handler');
  if (!co.every((id) => Number.isInteger(id) && id > 0)) return err(WorkflowErrors.invalidInput, 'Invalid co-handling unit');
  if (new Set(co).size !== co.length) return err(WorkflowErrors.invalidInput, 'Co-handling units are listed twice');
  return ok(true);
}

const blank = (s: string) => s.trim().length === 0;

type Payload<K extends ActionType> = Extract<TicketEvent, { type: K }>['data'];

/**
 * Preconditions and computed facts of each action, after state and party have been checked.
 * Returns the payload to record.
 */
function payloadFor(t: Ticket, cmd: Command, ctx: DecideContext, warnings: string[]): Result<Payload<ActionType>> {
  const now = ctx.now;
  switch (cmd.type) {
    case 'answerDirectly': {
      if (!KIND_CONFIGS[t.kind].directAnswerTypes.has(t.requestType))
        return err(WorkflowErrors.precondition, `A ${t.requestType} cannot be answered directly; dispatch it`);
      if (blank(cmd.input.answer)) return err(WorkflowErrors.invalidInput, 'The answer is empty');
      return ok(cmd.input);
    }
    case 'linkRepeat': {
      const { originalId } = cmd.input;
      if (!Number.isInteger(originalId) || originalId <= 0 || originalId === t.id)
        return err(WorkflowErrors.invalidInput, 'A repeat must link to another ticket');
      return checkText(cmd.input as unknown as Record<string, unknown>, cmd.type);
    }
    case 'closeSpecial':
    case 'object':
    case 'progress':
      return checkText(cmd.input as unknown as Record<string, unknown>, cmd.type);
    case 'dispatch': {
      const u = checkUnits(cmd.input.leadUnitId, cmd.input.coUnitIds);
      if (!u.ok) return u;
      const d = freshDeadlines(t, ctx, DEADLINE_KINDS, warnings);
      if (!d.ok) return d;
      return ok({ ...cmd.input, deadlines: d.value });
    }
    case 'reassign': {
      const u = checkUnits(cmd.input.leadUnitId, cmd.input.coUnitIds);
      if (!u.ok) return u;
      if (cmd.input.leadUnitId === t.leadUnitId && sameSet(cmd.input.coUnitIds, t.coUnitIds))
        return err(WorkflowErrors.precondition, 'The ticket is already with these units');
      const d = freshDeadlines(t, ctx, DEADLINE_KINDS, warnings);
      if (!d.ok) return d;
      return ok({ ...cmd.input, deadlines: d.value });
    }
    case 'decideObjection': {
      const input = cmd.input;
      if (input.approve) {
        const u = checkUnits(input.leadUnitId, input.coUnitIds);
        if (!u.ok) return u;
        if (input.leadUnitId === t.leadUnitId) return err(WorkflowErrors.invalidInput, 'An approved objection must name a different lead unit');
        const d = freshDeadlines(t, ctx, DEADLINE_KINDS, warnings);
        if (!d.ok) return d;
        return ok({ ...input, deadlines: d.value });
      }
      // Rejected: the unit gets back the time the centre took to decide.
      const since = t.pause?.since ?? now;
      const deadlines: DeadlineFacts = {};
      for (const k of DEADLINE_KINDS) {
        const dl = t.deadlines[k];
        if (dl === null) continue;
        const r = extendByPause(dl.dueAt, since, now, dl.unit, ctx.calendar);
        noteMissing(r.missingYears, warnings);
        deadlines[k] = { startedAt: dl.startedAt.toISOString(), dueAt: r.at.toISOString(), unit: dl.unit };
      }
      return ok({ approve: false, note: input.note, deadlines });
    }
    case 'sign':
      return ok(cmd.input);
    case 'contact':
      return ok(cmd.input);
    case 'coReply': {
      const unitId = ctx.actor?.unitId ?? 0;
      return ok({ unitId, note: cmd.input.note });
    }
    case 'requestExtension': {
      if (t.pendingExtension !== null) return err(WorkflowErrors.precondition, 'An extension request is already pending');
      if (t.deadlines.reply === null) return err(WorkflowErrors.precondition, 'The ticket has no reply deadline');
      const { days, reason } = cmd.input;
      if (!Number.isInteger(days) || days < 1 || days > MAX_EXTENSION_DAYS)
        return err(WorkflowErrors.invalidInput, `Extension days must be 1–${MAX_EXTENSION_DAYS}`);
      if (blank(reason)) return err(WorkflowErrors.invalidInput, 'An extension needs a reason');
      return ok(cmd.input);
    }
    case 'decideExtension': {
      const pending = t.pendingExtension;
      if (pending === null) return err(WorkflowErrors.precondition, 'There is no pending extension request');
      const days = cmd.input.days ?? pending.days;
      if (!cmd.input.approve) return ok({ approve: false, days: 0, note: cmd.input.note, deadlines: {} });
      if (!Number.isInteger(days) || days < 1 || days > MAX_EXTENSION_DAYS)
        return err(WorkflowErrors.invalidInput, `Extension days must be 1–${MAX_EXTENSION_DAYS}`);
      const reply = t.deadlines.reply;
      if (reply === null) return err(WorkflowErrors.precondition, 'The ticket has no reply deadline');
      const r = addTimeLimit(reply.dueAt, { amount: days, unit: 'working_days' }, ctx.calendar);
      noteMissing(r.missingYears, warnings);
      const deadlines: DeadlineFacts = {
        reply: { startedAt: reply.startedAt.toISOString(), dueAt: r.at.toISOString(), unit: reply.unit },
      };
      return ok({ approve: true, days, note: cmd.input.note, deadlines });
    }
    case 'defer': {
      const { reason, plan, reviewDate } = cmd.input;
      if (blank(reason) || blank(plan)) return err(WorkflowErrors.invalidInput, 'A deferral needs a reason and a plan');
      const problem = reviewDateProblem(reviewDate, now);
      if (problem !== null) return err(WorkflowErrors.invalidInput, problem, { reviewDate });
      return ok({ reason, plan, reviewDate });
    }
    case 'deferralDue': {
      if (!deferralReviewDue(t, now)) return err(WorkflowErrors.precondition, 'The deferral is not due for review (before its review date, or already marked)');
      return ok({ reviewDate: t.deferral!.reviewDate });
    }
    case 'escalate': {
      const target = escalationTarget(t, now, ctx.escalation, ctx.calendar);
      if (target === null)
        return err(WorkflowErrors.precondition, 'No supervision level is due: not recorded overdue, not overdue long enough, or at that level already');
      const what = target.deadline === 'sign' ? '签收' : target.deadline === 'contact' ? '联系' : '办结';
      return ok({ ...target, note: `${what}时限已超 ${target.days} 个工作日，系统自动${SUPERVISION_LABELS[target.level - 1]}` });
    }
    case 'reply':
      if (blank(cmd.input.text)) return err(WorkflowErrors.invalidInput, 'The reply is empty');
      return ok(cmd.input);
    case 'callback': {
      // An unreachable or refused call is the callback agent's record; the requester only rates.
      if (!cmd.input.valid && !actsForCentre(t, ctx.actor)) return err(WorkflowErrors.invalidInput, 'A rating by the requester is always a valid callback');
      if (t.state !== 'replied') {
        const reply = t.deadlines.reply;
        if (reply === null || now.getTime() <= reply.dueAt.getTime())
          return err(WorkflowErrors.precondition, 'A callback comes after the reply or once the reply deadline has passed');
      }
      return ok(cmd.input);
    }
    case 'redo': {
      const cb = t.callback;
      if (cb === null || (cb.satisfaction !== 'unsatisfied' && cb.resolved))
        return err(WorkflowErrors.precondition, 'Only an unsatisfied or unresolved callback can send a ticket back');
      const kinds: DeadlineKind[] = t.signedAt === null ? [...DEADLINE_KINDS] : t.contactedAt === null ? ['contact', 'reply'] : ['reply'];
      const d = freshDeadlines(t, ctx, kinds, warnings);
      if (!d.ok) return d;
      return ok({ note: cmd.input.note, deadlines: d.value });
    }
    case 'close': {
      if (t.state === 'callback_done') return ok({ outcome: 'completed', note: cmd.input.note });
      // Closing a replied ticket whose requester could not be reached is the centre's decision.
      if (!actsForCentre(t, ctx.actor)) return err(WorkflowErrors.forbidden, 'Only the centre closes a ticket whose requester could not be reached');
      if (t.invalidCallbacks < 1) return err(WorkflowErrors.precondition, 'A replied ticket closes after its callback (or after failed callback attempts)');
      return ok({ outcome: 'callback_unreachable', note: cmd.input.note });
    }
    case 'supervise':
      return ok({ level: Math.min(t.supervisionLevel + 1, MAX_SUPERVISION_LEVEL), note: cmd.input.note });
    case 'markOverdue': {
      const k = cmd.input.deadline;
      const dl = t.deadlines[k];
      if (activeDeadline(t) !== k || dl === null) return err(WorkflowErrors.precondition, `The ${k} deadline is not running`);
      if (t.overdue[k]) return err(WorkflowErrors.precondition, `Already marked overdue on ${k}`);
      if (now.getTime() <= dl.dueAt.getTime()) return err(WorkflowErrors.precondition, `The ${k} deadline has not passed`);
      return ok(cmd.input);
    }
    case 'appeal': {
      if (t.callback === null || !(t.outcome === null || t.outcome === 'completed'))
        return err(WorkflowErrors.precondition, 'Only a called-back ticket can be appealed');
      if (t.appeal !== null) return err(WorkflowErrors.precondition, 'This ticket has already been appealed');
      if (blank(cmd.input.reason)) return err(WorkflowErrors.invalidInput, 'An appeal needs a reason');
      return ok(cmd.input);
    }
    case 'decideAppeal':
      if (t.appeal?.status !== 'pending') return err(WorkflowErrors.precondition, 'There is no pending appeal');
      return ok(cmd.input);
    case 'resolveOnSpot': {
      const { resolution, afterPhotoIds } = cmd.input;
      if (blank(resolution)) return err(WorkflowErrors.invalidInput, 'Say what was done on the spot');
      if (afterPhotoIds.length === 0 || !afterPhotoIds.every((id) => Number.isInteger(id) && id > 0) || new Set(afterPhotoIds).size !== afterPhotoIds.length)
        return err(WorkflowErrors.invalidInput, 'A problem resolved on the spot needs at least one photo taken after');
      return ok({ resolution: resolution.trim(), afterPhotoIds: [...afterPhotoIds] });
    }
    case 'conclude': {
      const { ratings } = cmd.input;
      const rated = ratings.map((r) => r.unitId);
      if (new Set(rated).size !== rated.length) return err(WorkflowErrors.invalidInput, 'A unit is rated twice');
      const stranger = rated.find((u) => !t.coUnitIds.includes(u));
      if (stranger !== undefined) return err(WorkflowErrors.invalidInput, `Unit ${stranger} did not co-handle this ticket`, { unitId: stranger });
      const missing = t.coUnitIds.filter((u) => !rated.includes(u));
      if (missing.length > 0) return err(WorkflowErrors.precondition, 'Rate every co-handling unit before concluding', { unitIds: missing });
      if (!ratings.every((r) => Number.isInteger(r.score) && r.score >= 1 && r.score <= 5))
        return err(WorkflowErrors.invalidInput, 'A rating is a whole number from 1 to 5');
      return ok({ ratings: ratings.map((r) => ({ unitId: r.unitId, score: r.score, comment: r.comment.trim() })), note: cmd.input.note });
    }
  }
}

function checkText(input: Record<string, unknown>, type: ActionType): Result<Payload<ActionType>> {
  const field = type === 'object' ? 'reason' : type === 'linkRepeat' ? 'progress' : 'note';
  const v = input[field];
  if (type !== 'closeSpecial' && (typeof v !== 'string' || blank(v))) return err(WorkflowErrors.invalidInput, `${field} is required`);
  return ok(input as unknown as Payload<ActionType>);
}

const sameSet = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x) => b.includes(x));

/** Checks state, kind and party; the cheap part shared by `decide` and `allowedActions`. */
function gate(t: Ticket, type: ActionType, actor: Actor | null): Result<true> {
  const rule = ACTION_RULES[type];
  if (!KIND_CONFIGS[t.kind].actions.has(type)) return err(WorkflowErrors.notForKind, `Action ${type} is not used for ${t.kind} tickets`);
  if (!rule.from.includes(t.state))
    return err(WorkflowErrors.invalidTransition, `Cannot ${type} a ticket in state ${t.state}`, {
      state: t.state,
      action: type,
    });
  const parties = partiesOf(t, actor);
  if (!rule.parties.some((p) => parties.has(p))) return err(WorkflowErrors.forbidden, `You may not ${type} this ticket`, { action: type });
  return ok(true);
}

export function decide(t: Ticket, cmd: Command, ctx: DecideContext): Result<Decision> {
  const g = gate(t, cmd.type, ctx.actor);
  if (!g.ok) return g;
  const warnings: string[] = [];
  const p = payloadFor(t, cmd, ctx, warnings);
  if (!p.ok) return p;
  const event = { type: cmd.type, at: ctx.now, actor: ctx.actor, data: p.value } as TicketEvent;
  return ok({ event, ticket: evolve(t, event), warnings });
}

/** The creating fact of a ticket. Intake validation (category, place, …) is the application's job. */
export function accept(facts: AcceptFacts, now: Date, actor: Actor | null): Decision {
  const event: TicketEvent = { type: 'accept', at: now, actor, data: facts };
  return { event, ticket: initialTicket(facts, now), warnings: [] };
}

/**
 * Actions this actor may take on this ticket now: state, kind and party allow them and their
 * input-independent preconditions hold. The UI shows exactly these. `env` is needed only to offer the
 * system's `escalate` (without it, it is never offered).
 */
export function allowedActions(t: Ticket, actor: Actor | null, now: Date, env?: FollowUpEnv): ActionType[] {
  return ACTION_TYPES.filter((type) => {
    if (!gate(t, type, actor).ok) return false;
    switch (type) {
      case 'answerDirectly':
        return KIND_CONFIGS[t.kind].directAnswerTypes.has(t.requestType);
      case 'requestExtension':
        return t.pendingExtension === null && t.deadlines.reply !== null;
      case 'decideExtension':
        return t.pendingExtension !== null;
      case 'callback':
        return t.state === 'replied' || (t.deadlines.reply !== null && now.getTime() > t.deadlines.reply.dueAt.getTime());
      case 'redo':
        return t.callback !== null && (t.callback.satisfaction === 'unsatisfied' || !t.callback.resolved);
      case 'close':
        return t.state === 'callback_done' || (t.invalidCallbacks > 0 && actsForCentre(t, actor));
      case 'appeal':
        return t.callback !== null && t.appeal === null && (t.outcome === null || t.outcome === 'completed');
      case 'decideAppeal':
        return t.appeal?.status === 'pending';
      case 'markOverdue': {
        const k = activeDeadline(t);
        const dl = k === null ? null : t.deadlines[k];
        return k !== null && dl !== null && !t.overdue[k] && now.getTime() > dl.dueAt.getTime();
      }
      case 'deferralDue':
        return deferralReviewDue(t, now);
      // Judged only when the caller gives the calendar and the spans (the sweeper's own check).
      case 'escalate':
        return env !== undefined && escalationTarget(t, now, env.escalation, env.calendar) !== null;
      default:
        return true;
    }
  });
}

export type { ActionInputs };
