/**
 * The requester's own rating (public page): a callback by the `requester` party, allowed only while
 * the ticket is replied; a satisfied, resolved rating may be followed by the close it entails; the
 * requester never records a failed call and never closes a ticket as unreachable.
 */
import { describe, expect, it } from 'vitest';
import type { Result } from '../shared/result.ts';
import { allowedActions, type Decision } from './decide.ts';
import { replay } from './evolve.ts';
import {
  acceptedTicket,
  attempt,
  callbackAgent,
  cmd,
  dispatchTo,
  drive,
  handler,
  operator,
  requester,
  sh,
  supervisor,
  type Story,
} from '../../../../test/builders/tickets.ts';
import { KIND_CONFIGS } from './kinds.ts';
import { TICKET_KINDS, type Actor, type TicketKind } from './ticket.ts';

function expectCode(r: Result<Decision>, code: string): void {
  if (r.ok) throw new Error(`expected ${code}, but ${r.value.event.type} succeeded`);
  expect(r.error.code).toBe(code);
}

const rating = (resolved: boolean, satisfaction: 'satisfied' | 'basically_satisfied' | 'unsatisfied') =>
  cmd('callback', { valid: true, contacted: true, resolved, satisfaction, note: '诉求人自评' });
const close = cmd('close', { note: '诉求人评价满意，结案' });

/** Dispatched Mon 2025-03-03 09:10 to unit 2, signed, contacted, replied Mon 03-10 15:00. */
function replied(kind: TicketKind = 'hotline_request'): Story {
  return drive(acceptedTicket({ kind }), [
    [dispatchTo(2), operator(), sh('2025-03-03 09:10')],
    [cmd('sign', { note: '' }), handler(2), sh('2025-03-03 10:00')],
    [cmd('contact', { method: 'phone', note: '' }), handler(2), sh('2025-03-03 11:00')],
    [cmd('reply', { text: '已修复' }), handler(2), sh('2025-03-10 15:00')],
  ]);
}

describe("the requester's own rating", () => {
  it('rates a replied ticket; a satisfied, resolved rating then closes it as completed', () => {
    const s0 = replied();
    expect(allowedActions(s0.ticket, requester(), sh('2025-03-11 09:00'))).toEqual(['callback']);
    const s1 = drive(s0, [[rating(true, 'satisfied'), requester(), sh('2025-03-11 09:00')]]);
    expect(s1.ticket.state).toBe('callback_done');
    expect(allowedActions(s1.ticket, requester(), sh('2025-03-11 09:00'))).toEqual(['close']);
    const s2 = drive(s1, [[close, requester(), sh('2025-03-11 09:00')]]);
    expect(s2.ticket).toMatchObject({ state: 'closed', outcome: 'completed', callback: { resolved: true, satisfaction: 'satisfied' } });
    expect(s2.events.at(-2)!.actor).toEqual(requester());
    expect(replay(s2.events)).toStrictEqual(s2.ticket);
  });

  it('an unsatisfied or unresolved rating leaves the decision (redo or close) to the centre', () => {
    for (const r of [rating(false, 'satisfied'), rating(true, 'unsatisfied')]) {
      const s = drive(replied(), [[r, requester(), sh('2025-03-11 09:00')]]);
      expect(s.ticket.state).toBe('callback_done');
      expect(allowedActions(s.ticket, requester(), sh('2025-03-11 09:00'))).toEqual([]);
      expectCode(attempt(s, close, requester(), sh('2025-03-11 09:05')), 'WORKFLOW.FORBIDDEN');
      expect(allowedActions(s.ticket, supervisor(), sh('2025-03-11 09:05'))).toEqual(['redo', 'close']);
    }
  });

  it('may not rate before the reply, even once the reply deadline has passed, nor rate twice', () => {
    const working = drive(acceptedTicket(), [[dispatchTo(2), operator(), sh('2025-03-03 09:10')]]);
    const late = sh('2025-03-20 09:00');
    expect(allowedActions(working.ticket, callbackAgent(), late)).toContain('callback');
    expect(allowedActions(working.ticket, requester(), late)).toEqual([]);
    expectCode(attempt(working, rating(true, 'satisfied'), requester(), late), 'WORKFLOW.FORBIDDEN');

    const closed = drive(replied(), [
      [rating(true, 'satisfied'), requester(), sh('2025-03-11 09:00')],
      [close, requester(), sh('2025-03-11 09:00')],
    ]);
    expectCode(attempt(closed, rating(true, 'satisfied'), requester(), sh('2025-03-11 10:00')), 'WORKFLOW.INVALID_TRANSITION');
  });

  it('never records a failed call, and never closes a replied ticket as unreachable', () => {
    const s0 = replied();
    expectCode(attempt(s0, cmd('callback', { valid: false, reason: 'unreachable', note: '' }), requester(), sh('2025-03-11 09:00')), 'WORKFLOW.INVALID_INPUT');
    const s1 = drive(s0, [[cmd('callback', { valid: false, reason: 'unreachable', note: '' }), callbackAgent(), sh('2025-03-11 09:00')]]);
    expect(allowedActions(s1.ticket, requester(), sh('2025-03-11 10:00'))).toEqual(['callback']);
    expectCode(attempt(s1, close, requester(), sh('2025-03-11 10:00')), 'WORKFLOW.FORBIDDEN');
    // The requester can still rate after the centre failed to reach them.
    expect(drive(s1, [[rating(true, 'basically_satisfied'), requester(), sh('2025-03-11 10:00')]]).ticket.state).toBe('callback_done');
  });

  it('is never a party for staff, even if an account held the role', () => {
    const s = replied();
    const staff: Actor[] = [
      { ...handler(2), roles: ['unit_handler', 'requester'] },
      { ...callbackAgent(), roles: ['requester'] },
    ];
    for (const a of staff) expectCode(attempt(s, rating(true, 'satisfied'), a, sh('2025-03-11 09:00')), 'WORKFLOW.FORBIDDEN');
  });
});

describe('who rates a reply follows the kind (KindConfig.evaluatedBy)', () => {
  // Kinds whose actions include the callback (a whistle's street concludes instead).
  const rated = TICKET_KINDS.filter((k) => KIND_CONFIGS[k].actions.has('callback'));

  it('the requester rates the kinds evaluated by callback or by the requester, never those of an initiator', () => {
    expect(rated).toEqual(expect.arrayContaining(['hotline_request', 'enterprise_demand', 'service_order', 'data_finding', 'grid_report', 'rectification']));
    for (const kind of rated) {
      const s = replied(kind);
      const byRequester = KIND_CONFIGS[kind].evaluatedBy !== 'initiator';
      expect(allowedActions(s.ticket, requester(), sh('2025-03-11 09:00')), kind).toEqual(byRequester ? ['callback'] : []);
      if (!byRequester) expectCode(attempt(s, rating(true, 'satisfied'), requester(), sh('2025-03-11 09:00')), 'WORKFLOW.FORBIDDEN');
    }
  });

  it('the centre records the evaluation of what it started itself: a data finding has no requester to call', () => {
    const s = replied('data_finding');
    expect(s.ticket.initiatorUnitId).toBeNull();
    expect(allowedActions(s.ticket, callbackAgent(), sh('2025-03-11 09:00'))).toContain('callback');
    const done = drive(s, [[rating(true, 'satisfied'), callbackAgent(), sh('2025-03-11 09:00')]]);
    expect(done.ticket.state).toBe('callback_done');
  });
});
