/**
 * Property tests of the workflow: random scripts of (command, actor, time advance) applied with
 * `decide`, refusals skipped, with the engine's invariants checked after every step.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTION_RULES, ACTION_TYPES } from './actions.ts';
import { DAY_MS } from '../calendar/local-time.ts';
import { workingTimeBetween } from '../calendar/work-calendar.ts';
import { accept, allowedActions, decide, type DecideContext } from './decide.ts';
import { deferralReviewDue, escalationTarget, reviewStartOf } from './escalation.ts';
import type { AcceptFacts, ActionType, Command, TicketEvent } from './events.ts';
import { replay } from './evolve.ts';
import { callbackAgent, cmd, env, gridWorker, handler, leader, operator, requester, supervisor } from '../../../../test/builders/tickets.ts';
import {
  activeDeadline,
  DEADLINE_KINDS,
  INVALID_CALLBACK_REASONS,
  REQUEST_TYPES,
  SATISFACTIONS,
  SPECIAL_ROUTES,
  TICKET_KINDS,
  TICKET_STATES,
  type Actor,
  type Ticket,
} from './ticket.ts';

const UNITS = [2, 3, 4] as const;
/** Centre operator, supervisor, callback agent, handlers and leaders of three units, the requester and the system. */
const ACTORS: readonly (Actor | null)[] = [
  operator(),
  supervisor(),
  callbackAgent(),
  ...UNITS.flatMap((u) => [handler(u), leader(u)]),
  gridWorker(2),
  requester(),
  null,
];

const INTAKE_CLOSERS = new Set<ActionType>(['answerDirectly', 'closeSpecial', 'linkRepeat']);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Random material from which a plausible input for any action is built. */
const paramsArb = fc.record({
  lead: fc.constantFrom(...UNITS, 2, 3, 0),
  coMask: fc.integer({ min: 0, max: 7 }),
  fallback: fc.boolean(),
  text: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('已处理', '情况说明') }, { weight: 1, arbitrary: fc.constantFrom('', '  ') }),
  days: fc.oneof(fc.integer({ min: 1, max: 10 }), fc.constantFrom(0, 61, 2.5)),
  approve: fc.boolean(),
  overrideDays: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
  valid: fc.boolean(),
  contacted: fc.boolean(),
  resolved: fc.boolean(),
  satisfaction: fc.constantFrom(...SATISFACTIONS),
  invalidReason: fc.constantFrom(...INVALID_CALLBACK_REASONS),
  method: fc.constantFrom('phone', 'visit', 'sms', 'other') as fc.Arbitrary<'phone' | 'visit' | 'sms' | 'other'>,
  route: fc.constantFrom(...SPECIAL_ROUTES),
  deadline: fc.constantFrom(...DEADLINE_KINDS),
  reviewOffsetDays: fc.integer({ min: -3, max: 60 }),
  originalId: fc.constantFrom(1, 42, 7),
  photoIds: fc.oneof({ weight: 4, arbitrary: fc.constant([5, 6]) }, { weight: 1, arbitrary: fc.constantFrom([], [0], [7, 7]) }).map((ids) => [...ids]),
  rateMask: fc.integer({ min: 0, max: 7 }),
  score: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 5 }) }, { weight: 1, arbitrary: fc.constantFrom(0, 6, 2.5) }),
});
type Params = typeof paramsArb extends fc.Arbitrary<infer T> ? T : never;

const localDateAfter = (now: Date, days: number) => new Date(now.getTime() + 8 * HOUR + days * DAY).toISOString().slice(0, 10);

function commandFor(type: ActionType, p: Params, now: Date): Command {
  const co = UNITS.filter((_, i) => (p.coMask >> i) & 1);
  switch (type) {
    case 'answerDirectly':
      return cmd(type, { answer: p.text, articleId: null });
    case 'closeSpecial':
      return cmd(type, { route: p.route, note: p.text });
    case 'linkRepeat':
      return cmd(type, { originalId: p.originalId, originalNumber: `N${p.originalId}`, progress: p.text });
    case 'dispatch':
      return cmd(type, { leadUnitId: p.lead, coUnitIds: co, fallback: p.fallback, reason: p.text });
    case 'reassign':
      return cmd(type, { leadUnitId: p.lead, coUnitIds: co, note: p.text });
    case 'object':
      return cmd(type, { reason: p.text });
    case 'decideObjection':
      return p.approve ? cmd(type, { approve: true, leadUnitId: p.lead, coUnitIds: co, note: p.text }) : cmd(type, { approve: false, note: p.text });
    case 'sign':
    case 'progress':
    case 'coReply':
    case 'redo':
    case 'close':
    case 'supervise':
      return cmd(type, { note: p.text });
    case 'contact':
      return cmd(type, { method: p.method, note: p.text });
    case 'requestExtension':
      return cmd(type, { days: p.days, reason: p.text });
    case 'decideExtension':
      return cmd(type, p.overrideDays === undefined ? { approve: p.approve, note: p.text } : { approve: p.approve, days: p.overrideDays, note: p.text });
    case 'defer':
      return cmd(type, { reason: p.text, plan: p.text, reviewDate: localDateAfter(now, p.reviewOffsetDays) });
    case 'reply':
      return cmd(type, { text: p.text });
    case 'callback':
      return p.valid
        ? cmd(type, { valid: true, contacted: p.contacted, resolved: p.resolved, satisfaction: p.satisfaction, note: p.text })
        : cmd(type, { valid: false, reason: p.invalidReason, note: p.text });
    case 'markOverdue':
      return cmd(type, { deadline: p.deadline });
    case 'deferralDue':
    case 'escalate':
      return cmd(type, {});
    case 'appeal':
      return cmd(type, { reason: p.text });
    case 'decideAppeal':
      return cmd(type, { approve: p.approve, note: p.text });
    case 'resolveOnSpot':
      return cmd(type, { resolution: p.text, afterPhotoIds: p.photoIds });
    case 'conclude':
      return cmd(type, { ratings: UNITS.filter((_, i) => (p.rateMask >> i) & 1).map((unitId) => ({ unitId, score: p.score, comment: p.text })), note: p.text });
  }
}

const advanceArb = fc.oneof(
  fc.integer({ min: 0, max: 120 }).map((m) => m * MINUTE),
  fc.integer({ min: 1, max: 48 }).map((h) => h * HOUR),
  fc.integer({ min: 1, max: 10 }).map((d) => d * DAY + 7 * MINUTE),
);

/**
 * One step. With `steer`, the (actor, action) pair is picked among those `allowedActions` offers any
 * actor at that moment, so that scripts reach the later states; otherwise both are picked blindly.
 */
const stepArb = fc.record({
  steer: fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
  pick: fc.nat(),
  actor: fc.nat({ max: ACTORS.length - 1 }),
  action: fc.constantFrom(...ACTION_TYPES),
  params: paramsArb,
  advance: advanceArb,
});

const factsArb: fc.Arbitrary<AcceptFacts> = fc.record({
  id: fc.constant(1001),
  number: fc.constant('BJ-1001'),
  kind: fc.oneof({ weight: 4, arbitrary: fc.constant('hotline_request' as const) }, { weight: 1, arbitrary: fc.constantFrom(...TICKET_KINDS) }),
  districtCode: fc.constant('110105'),
  requestType: fc.constantFrom(...REQUEST_TYPES),
  categoryId: fc.option(fc.integer({ min: 1, max: 20 }), { nil: null }),
  timeLimitClass: fc.constantFrom(null, 'general', 'general', 'complex', 'utility', 'emergency'),
  urgency: fc.constantFrom('normal', 'urgent', 'emergency') as fc.Arbitrary<AcceptFacts['urgency']>,
  channel: fc.constantFrom('phone', 'web', 'wechat') as fc.Arbitrary<AcceptFacts['channel']>,
  // Whistles and grid reports are often started by a unit itself (unit 2: its handlers, leaders or grid worker).
  initiatorUnitId: fc.constantFrom(null, 2),
});

const startArb = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2026, 9, 1) }).map((ms) => new Date(Math.floor(ms / MINUTE) * MINUTE));

const ctxOf = (now: Date, actor: Actor | null): DecideContext => ({ now, actor, ...env() });

const RUNS = 500;

/** What a check sees after each applied step. */
interface Applied {
  before: Ticket;
  ticket: Ticket;
  command: Command;
  event: TicketEvent;
  actor: Actor | null;
  now: Date;
  /** The history including `event`. */
  events: readonly TicketEvent[];
  /** `allowedActions(before, actor, now)`. */
  allowedBefore: readonly ActionType[];
}

interface Checks {
  /** Called before every attempted step, whether or not it is then accepted. */
  beforeStep?: (ticket: Ticket, params: Params, now: Date) => void;
  afterStep: (a: Applied) => void;
}

const scriptArb = fc.tuple(factsArb, startArb, fc.array(stepArb, { minLength: 1, maxLength: 40, size: 'max' }));

/** Runs random scripts, skipping refused steps; returns the states the scripts reached. */
function checkScripts(checks: Checks): Set<string> {
  const reached = new Set<string>();
  fc.assert(
    fc.property(scriptArb, ([facts, start, steps]) => {
      const first = accept(facts, start, facts.initiatorUnitId ? handler(facts.initiatorUnitId) : operator());
      let ticket: Ticket = first.ticket;
      const events: TicketEvent[] = [first.event];
      let now = start;
      for (const step of steps) {
        now = new Date(now.getTime() + step.advance);
        let actor = ACTORS[step.actor] ?? null;
        let type = step.action;
        if (step.steer) {
          // Closing at intake ends the script, so it is picked only one time in five.
          const offered = ACTORS.flatMap((a) => allowedActions(ticket, a, now, env()).map((t) => [a, t] as const)).filter(
            ([, t]) => step.pick % 5 === 0 || !INTAKE_CLOSERS.has(t),
          );
          const chosen = offered[step.pick % Math.max(offered.length, 1)];
          if (chosen !== undefined) [actor, type] = chosen;
        }
        checks.beforeStep?.(ticket, step.params, now);
        const command = commandFor(type, step.params, now);
        const before = ticket;
        const allowedBefore = allowedActions(before, actor, now, env());
        const r = decide(before, command, ctxOf(now, actor));
        if (!r.ok) continue;
        ticket = r.value.ticket;
        events.push(r.value.event);
        reached.add(ticket.state);
        checks.afterStep({ before, ticket, command, event: r.value.event, actor, now, events, allowedBefore });
      }
    }),
    { numRuns: RUNS },
  );
  return reached;
}

/**
 * The rules of the system's follow-ups, checked after any applied step:
 * - a deferral comes back (deferralDue) only from local 00:00 of its review date, by the system, once
 *   per deferral, and nothing but a renewal (defer) or the review itself changes its review mark;
 * - the supervision level never falls; an automatic notice (escalate) comes from the system, raises
 *   the level, after its configured span of working days recorded overdue; each level at most once.
 */
function checkFollowUp(before: Ticket, ticket: Ticket, event: TicketEvent, events: readonly TicketEvent[]): void {
  expect(ticket.supervisionLevel).toBeGreaterThanOrEqual(before.supervisionLevel);
  expect(ticket.supervisionLevel).toBeLessThanOrEqual(3);
  if (event.type === 'deferralDue') {
    expect(event.actor).toBeNull();
    expect(before.state).toBe('deferred');
    expect(before.deferral!.reviewDue).toBe(false);
    expect(event.at.getTime()).toBeGreaterThanOrEqual(reviewStartOf(before.deferral!.reviewDate).getTime());
    expect(event.data.reviewDate).toBe(before.deferral!.reviewDate);
    const lastDefer = events.findLastIndex((e) => e.type === 'defer');
    expect(events.slice(lastDefer + 1).filter((e) => e.type === 'deferralDue')).toHaveLength(1);
    expect(ticket).toMatchObject({ state: 'deferred', deferral: { reviewDue: true } });
  } else if (event.type === 'defer') {
    expect(ticket.deferral!.reviewDue).toBe(false);
  } else if (ticket.deferral !== null && before.deferral !== null) {
    expect(ticket.deferral.reviewDue).toBe(before.deferral.reviewDue);
  }
  if (event.type === 'escalate') {
    expect(event.actor).toBeNull();
    const { level, deadline, days } = event.data;
    expect(level).toBeGreaterThan(before.supervisionLevel);
    expect(ticket.supervisionLevel).toBe(level);
    expect(days).toBe(env().escalation.afterDays[level - 1]);
    expect(before.overdue[deadline]).toBe(true);
    expect(workingTimeBetween(before.deadlines[deadline]!.dueAt, event.at, env().calendar).ms).toBeGreaterThanOrEqual(days * DAY_MS);
    const levels = events.filter((e) => e.type === 'escalate').map((e) => (e.type === 'escalate' ? e.data.level : 0));
    expect(new Set(levels).size).toBe(levels.length);
  }
}

/** The sweeper's system actions, in the order it takes them (sweeper.ts). */
const SWEEP: readonly ActionType[] = ['markOverdue', 'deferralDue', 'escalate'];

/** One pass of the sweeper over one ticket at `now`: each system action it is offered, once. */
function sweep(ticket: Ticket, events: TicketEvent[], now: Date): Ticket {
  let t = ticket;
  for (const type of SWEEP) {
    if (!allowedActions(t, null, now, env()).includes(type)) continue;
    const k = activeDeadline(t);
    const r = decide(t, type === 'markOverdue' ? cmd(type, { deadline: k! }) : cmd(type, {} as never), ctxOf(now, null));
    if (!r.ok) throw new Error(`sweep: ${type} offered but refused: ${r.error.message}`);
    checkFollowUp(t, r.value.ticket, r.value.event, [...events, r.value.event]);
    events.push(r.value.event);
    t = r.value.ticket;
  }
  return t;
}

/**
 * Follow-up scripts: a general complaint dispatched to unit 2, then any sequence of sweeps (the
 * system) and of the unit's and the centre's actions — sign, contact, defer on a review date 1–7 days
 * ahead, renew, progress, reply, supervise by hand — with time advancing minutes to days.
 */
const followUpStepArb = fc.record({
  what: fc.oneof(
    { weight: 8, arbitrary: fc.constant('sweep') },
    { weight: 3, arbitrary: fc.constantFrom('sign', 'contact', 'defer') },
    { weight: 1, arbitrary: fc.constantFrom('progress', 'supervise', 'supervise', 'reply', 'object', 'decideObjection', 'decideObjection') },
  ),
  reviewInDays: fc.integer({ min: 1, max: 7 }),
  advance: fc.oneof(
    fc.integer({ min: 0, max: 180 }).map((m) => m * MINUTE),
    fc.integer({ min: 1, max: 30 }).map((h) => h * HOUR),
    fc.integer({ min: 1, max: 4 }).map((d) => d * DAY + 13 * MINUTE),
  ),
});

function followUpCommand(what: string, reviewInDays: number, now: Date): [Command, Actor] {
  switch (what) {
    case 'sign':
      return [cmd('sign', { note: '' }), handler(2)];
    case 'contact':
      return [cmd('contact', { method: 'phone', note: '' }), handler(2)];
    case 'defer':
      return [cmd('defer', { reason: '客观原因', plan: '列入计划', reviewDate: localDateAfter(now, reviewInDays) }), handler(2)];
    case 'progress':
      return [cmd('progress', { note: '跟进中' }), handler(2)];
    case 'supervise':
      return [cmd('supervise', { note: '请加快办理' }), supervisor()];
    case 'reply':
      return [cmd('reply', { text: '已办结' }), handler(2)];
    case 'object':
      return [cmd('object', { reason: '不属于本单位' }), handler(2)];
    default:
      return [cmd('decideObjection', { approve: false, note: '' }), supervisor()];
  }
}

// Property runs take seconds, many more on a loaded machine: no per-test clock here.
describe('workflow properties', { timeout: 120_000 }, () => {
  it('scripts reach every state', () => {
    const reached = checkScripts({ afterStep: () => {} });
    for (const s of TICKET_STATES) if (s !== 'accepted') expect(reached).toContain(s);
  });

  it('initiators close their own tickets: on the spot (grid reports) and with their ratings (whistles)', () => {
    const outcomes = new Set<string>();
    // The checks run on every script; that both closings were reached at all is luck of the draw for
    // one batch of scripts (about one batch in four has no concluded whistle), so draw batches until
    // both have been seen — ten batches without one would mean the scripts cannot get there.
    for (let batch = 0; batch < 10 && !(outcomes.has('resolved_on_spot') && outcomes.has('concluded')); batch++) {
      checkScripts({
        afterStep: ({ ticket, command, actor }) => {
          if (ticket.outcome !== null) outcomes.add(ticket.outcome);
          if (command.type === 'resolveOnSpot' || command.type === 'conclude') {
            // Only the initiating unit, never the centre, in a role its kind gives initiators.
            expect(actor).not.toBeNull();
            expect(actor!.isCentre).toBe(false);
            expect(actor!.unitId).toBe(ticket.initiatorUnitId);
            expect(ticket.kind).toBe(command.type === 'resolveOnSpot' ? 'grid_report' : 'whistle');
          }
          if (command.type === 'conclude') {
            // Every co-handling unit rated exactly once, with a whole score 1–5.
            expect(command.input.ratings.map((r) => r.unitId).sort()).toEqual([...ticket.coUnitIds].sort());
            for (const r of command.input.ratings) expect([1, 2, 3, 4, 5]).toContain(r.score);
          }
        },
      });
    }
    expect(outcomes).toContain('resolved_on_spot');
    expect(outcomes).toContain('concluded');
  });

  it('the history reproduces the ticket; the version counts events; facts are plain JSON (a, f, h)', () => {
    checkScripts({
      afterStep: ({ ticket, event, events, actor, now }) => {
        expect(replay(events)).toStrictEqual(ticket);
        expect(ticket.version).toBe(events.length);
        expect(JSON.parse(JSON.stringify(event.data))).toStrictEqual(event.data);
        expect(event.at).toEqual(now);
        expect(event.actor).toBe(actor);
      },
    });
  });

  it('states follow the table; closed tickets say why and when and take only appeals (b, d, g)', () => {
    checkScripts({
      afterStep: ({ before, ticket, command }) => {
        expect(TICKET_STATES).toContain(ticket.state);
        const to = ACTION_RULES[command.type].to;
        if (to !== null) expect(ticket.state).toBe(to);
        if (ticket.state === 'closed') {
          expect(ticket.outcome).not.toBeNull();
          expect(ticket.closedAt).not.toBeNull();
        }
        if (before.state === 'closed') expect(['appeal', 'decideAppeal']).toContain(command.type);
      },
    });
  });

  it('deadlines move earlier only on resetting actions; lateness is marked once; "unreachable" needs an attempt (c)', () => {
    checkScripts({
      afterStep: ({ before, ticket, command, event, events }) => {
        if (ACTION_RULES[command.type].resetsDeadlines !== true) {
          for (const k of DEADLINE_KINDS) {
            const was = before.deadlines[k];
            const is = ticket.deadlines[k];
            if (was === null) continue;
            if (is === null || is.dueAt.getTime() < was.dueAt.getTime()) throw new Error(`${command.type} moved the ${k} deadline earlier`);
          }
        }
        // A second overdue mark needs a deadline set after the first mark and due after the event that set it.
        if (event.type === 'markOverdue') {
          const k = event.data.deadline;
          const earlier = events.slice(0, -1);
          const lastMark = earlier.findLastIndex((e) => e.type === 'markOverdue' && e.data.deadline === k);
          if (lastMark >= 0) {
            const renewed = earlier.slice(lastMark + 1).some((e) => {
              const f = 'deadlines' in e.data ? e.data.deadlines[k] : undefined;
              return f != null && Date.parse(f.dueAt) >= e.at.getTime();
            });
            if (!renewed) throw new Error(`the ${k} deadline was marked overdue twice for the same lateness`);
          }
        }
        // "Unreachable" closes only after a failed callback attempt made since the last reply.
        if (event.type === 'close' && event.data.outcome === 'callback_unreachable') {
          const lastReply = events.findLastIndex((e) => e.type === 'reply');
          const failed = events.slice(lastReply + 1).some((e) => e.type === 'callback' && !e.data.valid);
          if (!failed) throw new Error('closed as unreachable without a callback attempt after the reply');
        }
      },
    });
  });

  it('follow-ups keep their rules in any script: a review only from its date, once per deferral; levels only rise, each once', () => {
    checkScripts({ afterStep: (a) => checkFollowUp(a.before, a.ticket, a.event, a.events) });
  });

  it('allowedActions is exactly what decide may accept (e)', () => {
    checkScripts({
      // Every action not offered fails, for every actor of the pool, with this step's input.
      beforeStep: (ticket, params, now) => {
        for (const a of ACTORS) {
          const offered = new Set(allowedActions(ticket, a, now, env()));
          for (const t of ACTION_TYPES) {
            if (offered.has(t)) continue;
            const r = decide(ticket, commandFor(t, params, now), ctxOf(now, a));
            if (r.ok) throw new Error(`${t} succeeded for ${JSON.stringify(a)} in ${ticket.state} though not offered`);
          }
        }
      },
      // What decide accepts was offered.
      afterStep: ({ command, allowedBefore }) => expect(allowedBefore).toContain(command.type),
    });
  });
});

describe('follow-up properties (sweeps and actions)', { timeout: 120_000 }, () => {
  it('a deferral never comes back before its review date and always by the first sweep from it; levels only rise, each once, each when due; sweeping twice changes nothing; replay equals the state', () => {
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(startArb, fc.boolean(), fc.array(followUpStepArb, { minLength: 1, maxLength: 60 }), (start, handlingFirst, steps) => {
        const first = accept(
          {
            id: 7,
            number: 'BJ-7',
            kind: 'hotline_request',
            districtCode: '110105',
            requestType: 'complaint',
            categoryId: 3,
            timeLimitClass: 'general',
            urgency: 'normal',
            channel: 'phone',
          },
          start,
          operator(),
        );
        const events: TicketEvent[] = [first.event];
        const d = decide(first.ticket, cmd('dispatch', { leadUnitId: 2, coUnitIds: [], fallback: false, reason: '' }), ctxOf(start, operator()));
        if (!d.ok) throw new Error(d.error.message);
        events.push(d.value.event);
        let ticket = d.value.ticket;
        let now = start;
        // Half the scripts start from handling, where deferrals and reply deadlines are.
        const opening = handlingFirst ? (['sign', 'contact'] as const) : [];
        for (const step of [...opening.map((what) => ({ what, reviewInDays: 1, advance: 10 * MINUTE })), ...steps]) {
          now = new Date(now.getTime() + step.advance);
          if (step.what === 'sweep') {
            ticket = sweep(ticket, events, now);
            // Liveness: after a sweep nothing the sweeper owes is left: a due review is recorded and the
            // level due is reached.
            expect(deferralReviewDue(ticket, now)).toBe(false);
            expect(escalationTarget(ticket, now, env().escalation, env().calendar)).toBeNull();
            // Idempotent: a second sweep at the same instant records nothing.
            const count = events.length;
            expect(sweep(ticket, events, now)).toBe(ticket);
            expect(events).toHaveLength(count);
          } else {
            const [command, actor] = followUpCommand(step.what, step.reviewInDays, now);
            const r = decide(ticket, command, ctxOf(now, actor));
            if (!r.ok) continue;
            checkFollowUp(ticket, r.value.ticket, r.value.event, [...events, r.value.event]);
            events.push(r.value.event);
            ticket = r.value.ticket;
          }
          expect(replay(events)).toStrictEqual(ticket);
        }
        for (const e of events) seen.set(e.type, (seen.get(e.type) ?? 0) + 1);
      }),
      { numRuns: RUNS },
    );
    // The scripts do reach what they are about.
    expect(seen.get('deferralDue') ?? 0).toBeGreaterThan(20);
    expect(seen.get('escalate') ?? 0).toBeGreaterThan(20);
  });
});
