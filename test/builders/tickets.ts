/**
 * Builders for workflow tests: a real 2025–2026 calendar, the default time-limit preset, actors, an
 * accepted ticket and `drive`, which applies a script of commands and fails loudly on the first error.
 * Only tests import this file.
 */
import { OFFICIAL_2025_2026 } from './official-calendar.ts';
import { WorkCalendar } from '../../src/engine/domain/calendar/work-calendar.ts';
import type { Result } from '../../src/engine/domain/shared/result.ts';
import { accept, decide, type ClassLimits, type DecideContext, type Decision } from '../../src/engine/domain/workflow/decide.ts';
import { DEFAULT_ESCALATION, type EscalationRule } from '../../src/engine/domain/workflow/escalation.ts';
import type { AcceptFacts, ActionInputs, ActionType, Command, TicketEvent } from '../../src/engine/domain/workflow/events.ts';
import type { Actor, Ticket } from '../../src/engine/domain/workflow/ticket.ts';

/** The command centre's unit id. */
export const CENTRE_UNIT_ID = 1;

/** The State Council notices for 2025 and 2026 (typed by hand in the calendar fixture). */
export function buildCalendar(): WorkCalendar {
  return new WorkCalendar(OFFICIAL_2025_2026);
}

/** The default preset of DOMAIN-RULES §4.2 by time-limit class. */
export function buildLimits(): Record<string, ClassLimits> {
  return {
    emergency: {
      sign: { amount: 0.5, unit: 'natural_hours' },
      contact: { amount: 1, unit: 'natural_hours' },
      reply: { amount: 2, unit: 'natural_hours' },
    },
    utility: {
      sign: { amount: 1, unit: 'natural_hours' },
      contact: { amount: 2, unit: 'natural_hours' },
      reply: { amount: 24, unit: 'natural_hours' },
    },
    general: {
      sign: { amount: 2, unit: 'natural_hours' },
      contact: { amount: 1, unit: 'working_days' },
      reply: { amount: 7, unit: 'working_days' },
    },
    complex: {
      sign: { amount: 2, unit: 'natural_hours' },
      contact: { amount: 1, unit: 'working_days' },
      reply: { amount: 15, unit: 'working_days' },
    },
  };
}

/** An instant written as Asia/Shanghai wall-clock time: `sh('2025-03-03 09:10')`. */
export function sh(local: string): Date {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(:\d{2}(\.\d{3})?)?$/.exec(local);
  if (m === null) throw new Error(`sh: not 'YYYY-MM-DD HH:mm[:ss[.SSS]]': ${local}`);
  return new Date(`${m[1]}T${m[2]}${m[3] ?? ':00'}+08:00`);
}

export const operator = (userId = 11): Actor => ({
  userId,
  unitId: CENTRE_UNIT_ID,
  roles: ['operator'],
  isCentre: true,
});
export const supervisor = (userId = 12): Actor => ({
  userId,
  unitId: CENTRE_UNIT_ID,
  roles: ['centre_supervisor'],
  isCentre: true,
});
export const callbackAgent = (userId = 13): Actor => ({
  userId,
  unitId: CENTRE_UNIT_ID,
  roles: ['callback_agent'],
  isCentre: true,
});
export const handler = (unitId: number, userId = unitId * 100 + 1): Actor => ({
  userId,
  unitId,
  roles: ['unit_handler'],
  isCentre: unitId === CENTRE_UNIT_ID,
});
export const leader = (unitId: number, userId = unitId * 100 + 2): Actor => ({
  userId,
  unitId,
  roles: ['unit_leader'],
  isCentre: unitId === CENTRE_UNIT_ID,
});
/** A grid worker of a street unit (网格员): initiates grid reports. */
export const gridWorker = (unitId: number, userId = unitId * 100 + 3): Actor => ({
  userId,
  unitId,
  roles: ['grid_worker'],
  isCentre: false,
});
/** The requester on the public page (no account): user 0, unit 0. */
export const requester = (): Actor => ({ userId: 0, unitId: 0, roles: ['requester'], isCentre: false });
/** The deadline sweeper. */
export const SYSTEM: Actor | null = null;

/** A command, typed by its action. */
export function cmd<K extends ActionType>(type: K, input: ActionInputs[K]): Command {
  return { type, input } as Command;
}

/** A ticket with the events that produced it. */
export interface Story {
  ticket: Ticket;
  events: TicketEvent[];
  /** Warnings of every decision, in order. */
  warnings: string[];
}

export const DEFAULT_ACCEPTED_AT = sh('2025-03-03 09:00');

/** A hotline complaint accepted by an operator; override any fact, and `at` (default Mon 2025-03-03 09:00). */
export function acceptedTicket(overrides: Partial<AcceptFacts> & { at?: Date } = {}): Story {
  const { at = DEFAULT_ACCEPTED_AT, ...facts } = overrides;
  const d = accept(
    {
      id: 1001,
      number: 'BJ20250303-0001',
      kind: 'hotline_request',
      districtCode: '110105',
      requestType: 'complaint',
      categoryId: 7,
      timeLimitClass: 'general',
      urgency: 'normal',
      channel: 'phone',
      ...facts,
    },
    at,
    operator(),
  );
  return { ticket: d.ticket, events: [d.event], warnings: [] };
}

export interface Env {
  calendar: WorkCalendar;
  limits: Record<string, ClassLimits>;
  escalation: EscalationRule;
}

let sharedEnv: Env | undefined;
/** The calendar and limits shared by tests (built once). */
export function env(): Env {
  sharedEnv ??= { calendar: buildCalendar(), limits: buildLimits(), escalation: DEFAULT_ESCALATION };
  return sharedEnv;
}

export function context(now: Date, actor: Actor | null, e: Env = env()): DecideContext {
  return { now, actor, calendar: e.calendar, limits: e.limits, escalation: e.escalation };
}

/** One decision, as a Result (for testing refusals). */
export function attempt(t: Ticket | Story, command: Command, actor: Actor | null, at: Date, e: Env = env()): Result<Decision> {
  return decide('ticket' in t ? t.ticket : t, command, context(at, actor, e));
}

export type Step = readonly [command: Command, actor: Actor | null, at: Date];

/** Applies each step with `decide`; throws with the step, code and message on the first refusal. */
export function drive(start: Ticket | Story, steps: readonly Step[], e: Env = env()): Story {
  let story: Story = 'ticket' in start ? { ...start, events: [...start.events], warnings: [...start.warnings] } : { ticket: start, events: [], warnings: [] };
  steps.forEach(([command, actor, at], i) => {
    const r = decide(story.ticket, command, context(at, actor, e));
    if (!r.ok) {
      throw new Error(
        `drive: step ${i} (${command.type} by ${actor === null ? 'system' : `user ${actor.userId}`} at ${at.toISOString()}) ` +
          `failed in state ${story.ticket.state}: ${r.error.code} ${r.error.message}`,
      );
    }
    story = {
      ticket: r.value.ticket,
      events: [...story.events, r.value.event],
      warnings: [...story.warnings, ...r.value.warnings],
    };
  });
  return story;
}

/** The usual dispatch: complaint to unit 2 with no co-handlers. */
export const dispatchTo = (leadUnitId: number, coUnitIds: number[] = [], fallback = false): Command =>
  cmd('dispatch', { leadUnitId, coUnitIds, fallback, reason: '派单目录' });
