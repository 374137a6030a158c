/**
 * The system's follow-ups (issue 16): a deferral (挂账) comes back for review on its review date, and an
 * overdue ticket is supervised by itself (督办 → 催办 → 通报) after the configured spans of working
 * days. Instants are worked out by hand from the 2025 holiday notice; comments show the arithmetic.
 */
import { describe, expect, it } from 'vitest';
import type { Result } from '../shared/result.ts';
import { allowedActions, type Decision } from './decide.ts';
import { DEFAULT_ESCALATION, nextEscalation, validateEscalation } from './escalation.ts';
import { replay } from './evolve.ts';
import {
  acceptedTicket,
  attempt,
  cmd,
  dispatchTo,
  drive,
  env,
  handler,
  operator,
  sh,
  supervisor,
  SYSTEM,
  type Story,
} from '../../../../test/builders/tickets.ts';

function expectCode(r: Result<Decision>, code: string): void {
  if (r.ok) throw new Error(`expected ${code}, but ${r.value.event.type} succeeded`);
  expect(r.error.code).toBe(code);
}

/** Dispatched Mon 2025-03-03 09:10, signed 10:00, contacted 11:00: handling, reply due Wed 03-12 09:10. */
function handling(): Story {
  return drive(acceptedTicket(), [
    [dispatchTo(2), operator(), sh('2025-03-03 09:10')],
    [cmd('sign', { note: '' }), handler(2), sh('2025-03-03 10:00')],
    [cmd('contact', { method: 'phone', note: '' }), handler(2), sh('2025-03-03 11:00')],
  ]);
}

const defer = (reviewDate: string, plan = '待管线改造后处理') => cmd('defer', { reason: '需等待市级管线改造', plan, reviewDate });
const deferralDue = cmd('deferralDue', {});
const escalate = cmd('escalate', {});
const markReply = cmd('markOverdue', { deadline: 'reply' });

describe('deferral review date (挂账复查)', () => {
  const at = sh('2025-03-05 10:00');

  it('is a real date after today and at most 365 days ahead', () => {
    expectCode(attempt(handling(), defer('2025-03-05'), handler(2), at), 'WORKFLOW.INVALID_INPUT');
    expectCode(attempt(handling(), defer('2025-03-04'), handler(2), at), 'WORKFLOW.INVALID_INPUT');
    expectCode(attempt(handling(), defer('2026-03-06'), handler(2), at), 'WORKFLOW.INVALID_INPUT');
    expectCode(attempt(handling(), defer('2025-02-30'), handler(2), at), 'WORKFLOW.INVALID_INPUT');
    expect(drive(handling(), [[defer('2025-03-06'), handler(2), at]]).ticket.state).toBe('deferred');
    // 2025-03-05 + 365 days = 2026-03-05.
    expect(drive(handling(), [[defer('2026-03-05'), handler(2), at]]).ticket.deferral).toMatchObject({ reviewDate: '2026-03-05', reviewDue: false });
  });

  it('comes back to the unit on the review date, by the system, once; replay gives the same ticket', () => {
    const s = drive(handling(), [[defer('2025-06-30'), handler(2), at]]);
    // Not before local 00:00 of the review date.
    expectCode(attempt(s, deferralDue, SYSTEM, sh('2025-06-29 23:59')), 'WORKFLOW.PRECONDITION_FAILED');
    expect(allowedActions(s.ticket, SYSTEM, sh('2025-06-29 23:59'))).not.toContain('deferralDue');
    expect(allowedActions(s.ticket, SYSTEM, sh('2025-06-30 00:00'))).toContain('deferralDue');
    // Only the system takes it.
    expectCode(attempt(s, deferralDue, handler(2), sh('2025-06-30 08:00')), 'WORKFLOW.FORBIDDEN');
    expectCode(attempt(s, deferralDue, supervisor(), sh('2025-06-30 08:00')), 'WORKFLOW.FORBIDDEN');

    const due = drive(s, [[deferralDue, SYSTEM, sh('2025-06-30 00:01')]]);
    expect(due.ticket.state).toBe('deferred');
    expect(due.ticket.deferral).toEqual({ since: at, plan: '待管线改造后处理', reviewDate: '2025-06-30', reviewDue: true });
    expect(due.events.at(-1)).toMatchObject({ type: 'deferralDue', actor: null, data: { reviewDate: '2025-06-30' } });
    expect(replay(due.events)).toStrictEqual(due.ticket);
    // Once.
    expectCode(attempt(due, deferralDue, SYSTEM, sh('2025-07-01 00:01')), 'WORKFLOW.PRECONDITION_FAILED');
    expect(allowedActions(due.ticket, SYSTEM, sh('2025-07-01 00:01'))).not.toContain('deferralDue');
    // The unit replies, or renews the deferral on a new plan and date, which clears the review mark.
    expect(allowedActions(due.ticket, handler(2), sh('2025-06-30 09:00'))).toEqual(expect.arrayContaining(['defer', 'reply', 'progress']));
    const renewed = drive(due, [[defer('2025-09-30', '纳入下半年计划'), handler(2), sh('2025-06-30 09:00')]]);
    expect(renewed.ticket.deferral).toEqual({ since: sh('2025-06-30 09:00'), plan: '纳入下半年计划', reviewDate: '2025-09-30', reviewDue: false });
    expect(drive(due, [[cmd('reply', { text: '已完成改造' }), handler(2), sh('2025-06-30 09:00')]]).ticket.state).toBe('replied');
  });
});

describe('automatic supervision (督办 → 催办 → 通报)', () => {
  /** Overdue on its reply deadline (Wed 03-12 09:10), marked one minute later. */
  const overdue = () => drive(handling(), [[markReply, SYSTEM, sh('2025-03-12 09:11')]]);

  it('raises the level after 1, 3 and 5 working days overdue (defaults), by the system, each once', () => {
    const s = overdue();
    // 1 working day after Wed 09:10 is Thu 03-13 09:10.
    expectCode(attempt(s, escalate, SYSTEM, sh('2025-03-13 09:09')), 'WORKFLOW.PRECONDITION_FAILED');
    expect(allowedActions(s.ticket, SYSTEM, sh('2025-03-13 09:09'), env())).not.toContain('escalate');
    expect(allowedActions(s.ticket, SYSTEM, sh('2025-03-13 09:10'), env())).toContain('escalate');
    const l1 = drive(s, [[escalate, SYSTEM, sh('2025-03-13 09:11')]]);
    expect(l1.ticket.supervisionLevel).toBe(1);
    expect(l1.events.at(-1)).toMatchObject({ type: 'escalate', actor: null, data: { level: 1, deadline: 'reply', days: 1 } });
    expectCode(attempt(l1, escalate, SYSTEM, sh('2025-03-14 09:11')), 'WORKFLOW.PRECONDITION_FAILED');
    // 3 working days: Thu, Fri, (weekend), Mon 03-17 09:10.
    expectCode(attempt(l1, escalate, SYSTEM, sh('2025-03-17 09:09')), 'WORKFLOW.PRECONDITION_FAILED');
    const l2 = drive(l1, [[escalate, SYSTEM, sh('2025-03-17 09:10')]]);
    expect(l2.ticket.supervisionLevel).toBe(2);
    // 5 working days: Wed 03-19 09:10.
    const l3 = drive(l2, [[escalate, SYSTEM, sh('2025-03-19 09:10')]]);
    expect(l3.ticket.supervisionLevel).toBe(3);
    expect(l3.events.filter((e) => e.type === 'escalate').map((e) => e.type === 'escalate' && e.data.level)).toEqual([1, 2, 3]);
    expectCode(attempt(l3, escalate, SYSTEM, sh('2025-04-30 09:10')), 'WORKFLOW.PRECONDITION_FAILED');
    expect(replay(l3.events)).toStrictEqual(l3.ticket);
    // Only the system escalates; the centre's manual supervision stays as it was.
    expectCode(attempt(s, escalate, supervisor(), sh('2025-03-13 10:00')), 'WORKFLOW.FORBIDDEN');
    expect(allowedActions(l3.ticket, supervisor(), sh('2025-04-30 09:10'))).toContain('supervise');
  });

  it('jumps to the level due when the sweeper was away, and never lowers a level set by hand', () => {
    const late = drive(overdue(), [[escalate, SYSTEM, sh('2025-03-19 10:00')]]);
    expect(late.ticket.supervisionLevel).toBe(3);
    expect(late.events.at(-1)).toMatchObject({ type: 'escalate', data: { level: 3, days: 5 } });

    // The centre supervised by hand (level 1) before the first span: no automatic 督办, but 催办 after 3 days.
    const manual = drive(overdue(), [[cmd('supervise', { note: '请加快办理' }), supervisor(), sh('2025-03-12 15:00')]]);
    expectCode(attempt(manual, escalate, SYSTEM, sh('2025-03-14 09:10')), 'WORKFLOW.PRECONDITION_FAILED');
    expect(drive(manual, [[escalate, SYSTEM, sh('2025-03-17 09:10')]]).ticket.supervisionLevel).toBe(2);
  });

  it('needs the lateness recorded first, and a running clock', () => {
    const unmarked = handling();
    expectCode(attempt(unmarked, escalate, SYSTEM, sh('2025-03-14 09:10')), 'WORKFLOW.PRECONDITION_FAILED');
    // A deferred ticket's reply clock is suspended: no escalation (the transition itself is refused).
    const deferred = drive(overdue(), [[defer('2025-06-30'), handler(2), sh('2025-03-12 10:00')]]);
    expectCode(attempt(deferred, escalate, SYSTEM, sh('2025-03-20 09:10')), 'WORKFLOW.INVALID_TRANSITION');
  });

  it('counts working days on the calendar: the Labour Day holiday does not count', () => {
    // A utility request dispatched Tue 2025-04-29 09:00: reply due Wed 04-30 09:00 (24 natural hours).
    const s = drive(acceptedTicket({ timeLimitClass: 'utility', at: sh('2025-04-29 08:50') }), [
      [dispatchTo(2), operator(), sh('2025-04-29 09:00')],
      [cmd('sign', { note: '' }), handler(2), sh('2025-04-29 09:30')],
      [cmd('contact', { method: 'phone', note: '' }), handler(2), sh('2025-04-29 09:50')],
      [markReply, SYSTEM, sh('2025-04-30 09:01')],
    ]);
    // 15 h of Wed 04-30, then 1–5 May off, then 9 h of Tue 05-06: 1 working day at 05-06 09:00.
    expect(nextEscalation(s.ticket, DEFAULT_ESCALATION, env().calendar)).toEqual({ level: 1, at: sh('2025-05-06 09:00') });
    expectCode(attempt(s, escalate, SYSTEM, sh('2025-05-06 08:59')), 'WORKFLOW.PRECONDITION_FAILED');
    expect(drive(s, [[escalate, SYSTEM, sh('2025-05-06 09:00')]]).ticket.supervisionLevel).toBe(1);
  });

  it('follows the configured spans', () => {
    const s = overdue();
    const e = { ...env(), escalation: { afterDays: [0.5, 2, 4] as const } };
    // Half a working day after Wed 09:10 is Wed 21:10.
    expect(nextEscalation(s.ticket, e.escalation, e.calendar)).toEqual({ level: 1, at: sh('2025-03-12 21:10') });
    expect(drive(s, [[escalate, SYSTEM, sh('2025-03-12 21:10')]], e).ticket.supervisionLevel).toBe(1);
  });

  it('refuses spans that are not increasing, positive and at most 60 working days', () => {
    expect(validateEscalation([1, 3, 5]).ok).toBe(true);
    for (const bad of [
      [0, 3, 5],
      [3, 3, 5],
      [5, 3, 1],
      [1, 3, 61],
      [1, Number.NaN, 5],
    ]) {
      const r = validateEscalation(bad);
      expect(r.ok, JSON.stringify(bad)).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('WORKFLOW.INVALID_ESCALATION');
    }
  });
});
