/**
 * Example tests of the ticket workflow (DOMAIN-RULES §4). Deadlines are checked as exact instants worked out
 * by hand from the 2025 holiday notice; comments show the arithmetic.
 */
import { describe, expect, it } from 'vitest';
import type { Result } from '../shared/result.ts';
import { allowedActions, MAX_SUPERVISION_LEVEL, type Decision } from './decide.ts';
import { replay } from './evolve.ts';
import {
  acceptedTicket,
  attempt,
  callbackAgent,
  cmd,
  dispatchTo,
  drive,
  handler,
  leader,
  operator,
  sh,
  supervisor,
  SYSTEM,
  type Story,
} from '../../../../test/builders/tickets.ts';
import type { Actor } from './ticket.ts';

function expectCode(r: Result<Decision>, code: string): void {
  if (r.ok) throw new Error(`expected ${code}, but ${r.value.event.type} succeeded`);
  expect(r.error.code).toBe(code);
}

const due = (s: Story) => ({
  sign: s.ticket.deadlines.sign?.dueAt,
  contact: s.ticket.deadlines.contact?.dueAt,
  reply: s.ticket.deadlines.reply?.dueAt,
});

const sign = cmd('sign', { note: '' });
const contact = cmd('contact', { method: 'phone', note: '已电话联系' });
const progress = (note = '已现场查看') => cmd('progress', { note });
const reply = (text = '已修复') => cmd('reply', { text });
const satisfied = cmd('callback', {
  valid: true,
  contacted: true,
  resolved: true,
  satisfaction: 'satisfied',
  note: '',
});
const unsatisfied = cmd('callback', {
  valid: true,
  contacted: true,
  resolved: false,
  satisfaction: 'unsatisfied',
  note: '问题仍在',
});
const unreachable = cmd('callback', { valid: false, reason: 'unreachable', note: '无人接听' });
const close = cmd('close', { note: '' });

/**
 * A general complaint accepted Mon 2025-03-03 09:00 and dispatched at 09:10 to unit 2: sign due 11:10,
 * contact due Tue 03-04 09:10, reply due Wed 03-12 09:10 (7 working days, over one weekend).
 */
function dispatched(coUnitIds: number[] = []): Story {
  return drive(acceptedTicket(), [[dispatchTo(2, coUnitIds), operator(), sh('2025-03-03 09:10')]]);
}

/** `dispatched()` then signed at 10:00 and contacted at 11:00: handling. */
function handling(coUnitIds: number[] = []): Story {
  return drive(dispatched(coUnitIds), [
    [sign, handler(2), sh('2025-03-03 10:00')],
    [contact, handler(2), sh('2025-03-03 11:00')],
  ]);
}

/** `handling()` then replied Mon 03-10 15:00. */
function replied(): Story {
  return drive(handling(), [[reply(), handler(2), sh('2025-03-10 15:00')]]);
}

describe('hotline lifecycle', () => {
  it('accept → dispatch → sign → contact → progress → reply → callback → close (completed)', () => {
    const s0 = acceptedTicket();
    expect(s0.ticket).toMatchObject({ state: 'accepted', version: 1, leadUnitId: null });
    expect(allowedActions(s0.ticket, operator(), sh('2025-03-03 09:05'))).toEqual(['closeSpecial', 'linkRepeat', 'dispatch']);

    const s1 = drive(s0, [[dispatchTo(2), operator(), sh('2025-03-03 09:10')]]);
    expect(s1.ticket).toMatchObject({ state: 'dispatched', leadUnitId: 2, dispatchCount: 1, fallback: false });
    expect(s1.ticket.dispatchedAt).toEqual(sh('2025-03-03 09:10'));
    expect(due(s1)).toEqual({
      sign: sh('2025-03-03 11:10'), // 2 natural hours
      contact: sh('2025-03-04 09:10'), // 1 working day
      reply: sh('2025-03-12 09:10'), // Tue Wed Thu Fri, Mon Tue Wed
    });
    expect(s1.ticket.deadlines.reply?.startedAt).toEqual(sh('2025-03-03 09:10'));
    expect(s1.ticket.deadlines.reply?.unit).toBe('working_days');
    expect(allowedActions(s1.ticket, handler(2), sh('2025-03-03 09:20'))).toEqual(['object', 'sign']);

    const s2 = drive(s1, [
      [sign, handler(2), sh('2025-03-03 10:00')],
      [contact, leader(2), sh('2025-03-03 11:00')],
      [progress(), handler(2), sh('2025-03-05 10:00')],
      [reply('已完成维修'), handler(2), sh('2025-03-10 15:00')],
    ]);
    expect(s2.ticket).toMatchObject({ state: 'replied', replyText: '已完成维修' });
    expect(s2.ticket.signedAt).toEqual(sh('2025-03-03 10:00'));
    expect(s2.ticket.contactedAt).toEqual(sh('2025-03-03 11:00'));
    expect(s2.ticket.repliedAt).toEqual(sh('2025-03-10 15:00'));

    const s3 = drive(s2, [
      [satisfied, callbackAgent(), sh('2025-03-11 10:00')],
      [close, callbackAgent(), sh('2025-03-11 10:05')],
    ]);
    expect(s3.ticket).toMatchObject({ state: 'closed', outcome: 'completed', version: 8 });
    expect(s3.ticket.closedAt).toEqual(sh('2025-03-11 10:05'));
    expect(s3.ticket.callback).toEqual({
      at: sh('2025-03-11 10:00'),
      contacted: true,
      resolved: true,
      satisfaction: 'satisfied',
    });
    expect(s3.events.map((e) => e.type)).toEqual(['accept', 'dispatch', 'sign', 'contact', 'progress', 'reply', 'callback', 'close']);
    expect(s3.warnings).toEqual([]);
    expect(replay(s3.events)).toStrictEqual(s3.ticket);
    for (const e of s3.events) expect(JSON.parse(JSON.stringify(e.data))).toStrictEqual(e.data);
    // Only the assessment appeal remains, and only for the lead unit's leader.
    expect(allowedActions(s3.ticket, leader(2), sh('2025-03-12 10:00'))).toEqual(['appeal']);
    expect(allowedActions(s3.ticket, handler(2), sh('2025-03-12 10:00'))).toEqual([]);
  });

  it('a missing time-limit class is refused; a null class uses "general"', () => {
    expectCode(attempt(acceptedTicket({ timeLimitClass: 'nope' }), dispatchTo(2), operator(), sh('2025-03-03 09:10')), 'WORKFLOW.NO_TIME_LIMIT');
    const s = drive(acceptedTicket({ timeLimitClass: null }), [[dispatchTo(2), operator(), sh('2025-03-03 09:10')]]);
    expect(s.ticket.deadlines.reply?.dueAt).toEqual(sh('2025-03-12 09:10'));
  });

  it('dispatch validates its units', () => {
    const s = acceptedTicket();
    const at = sh('2025-03-03 09:10');
    expectCode(attempt(s, dispatchTo(0), operator(), at), 'WORKFLOW.INVALID_INPUT');
    expectCode(attempt(s, dispatchTo(2, [2]), operator(), at), 'WORKFLOW.INVALID_INPUT');
    expectCode(attempt(s, dispatchTo(2, [3, 3]), operator(), at), 'WORKFLOW.INVALID_INPUT');
    expectCode(attempt(s, dispatchTo(2, [-3]), operator(), at), 'WORKFLOW.INVALID_INPUT');
    const fb = drive(s, [[dispatchTo(9, [], true), operator(), at]]);
    expect(fb.ticket.fallback).toBe(true);
  });
});

describe('triage at intake', () => {
  it('a consultation is answered directly and closed at once', () => {
    const s = drive(acceptedTicket({ requestType: 'consultation' }), [
      [cmd('answerDirectly', { answer: '办理时间为工作日9:00–17:00', articleId: 31 }), operator(), sh('2025-03-03 09:03')],
    ]);
    expect(s.ticket).toMatchObject({ state: 'closed', outcome: 'answered_directly', leadUnitId: null });
    expect(s.ticket.closedAt).toEqual(sh('2025-03-03 09:03'));
    expect(allowedActions(s.ticket, supervisor(), sh('2025-03-03 09:05'))).toEqual([]);
  });

  it('a complaint cannot be answered directly; an empty answer is refused', () => {
    const at = sh('2025-03-03 09:03');
    const answer = cmd('answerDirectly', { answer: '…', articleId: null });
    expectCode(attempt(acceptedTicket(), answer, operator(), at), 'WORKFLOW.PRECONDITION_FAILED');
    expect(allowedActions(acceptedTicket().ticket, operator(), at)).not.toContain('answerDirectly');
    expectCode(
      attempt(acceptedTicket({ requestType: 'consultation' }), cmd('answerDirectly', { answer: '  ', articleId: null }), operator(), at),
      'WORKFLOW.INVALID_INPUT',
    );
  });

  it('a special route closes with its reason', () => {
    const s = drive(acceptedTicket(), [[cmd('closeSpecial', { route: 'emergency_110', note: '已转110' }), operator(), sh('2025-03-03 09:02')]]);
    expect(s.ticket).toMatchObject({ state: 'closed', outcome: 'special_route', specialRoute: 'emergency_110' });
  });

  it('a repeat is linked to the original and closed, not dispatched again', () => {
    const link = (originalId: number, progressText = '原工单办理中，预计周五前完成') =>
      cmd('linkRepeat', { originalId, originalNumber: 'BJ20250301-0042', progress: progressText });
    const at = sh('2025-03-03 09:02');
    const s = drive(acceptedTicket(), [[link(42), operator(), at]]);
    expect(s.ticket).toMatchObject({ state: 'closed', outcome: 'repeat_linked', repeatOfId: 42, dispatchCount: 0 });
    expectCode(attempt(s, dispatchTo(2), operator(), at), 'WORKFLOW.INVALID_TRANSITION');
    expectCode(attempt(acceptedTicket(), link(42, ' '), operator(), at), 'WORKFLOW.INVALID_INPUT');
    // A ticket cannot be a repeat of itself (acceptedTicket's id is 1001).
    expectCode(attempt(acceptedTicket(), link(1001), operator(), at), 'WORKFLOW.INVALID_INPUT');
  });

  it('intake is for centre operators and supervisors only', () => {
    const at = sh('2025-03-03 09:10');
    expectCode(attempt(acceptedTicket(), dispatchTo(2), callbackAgent(), at), 'WORKFLOW.FORBIDDEN');
    expectCode(attempt(acceptedTicket(), dispatchTo(2), handler(2), at), 'WORKFLOW.FORBIDDEN');
    expectCode(attempt(acceptedTicket(), dispatchTo(2), { userId: 5, unitId: 1, roles: ['admin'], isCentre: true }, at), 'WORKFLOW.FORBIDDEN');
    // An "operator" of a non-centre unit is not the centre.
    expectCode(attempt(acceptedTicket(), dispatchTo(2), { ...operator(), unitId: 7, isCentre: false }, at), 'WORKFLOW.FORBIDDEN');
    expect(drive(acceptedTicket(), [[dispatchTo(2), supervisor(), at]]).ticket.state).toBe('dispatched');
  });
});

describe('objection (派单异议)', () => {
  it('approved: a new lead unit with fresh deadlines from the decision', () => {
    const s = drive(dispatched(), [[cmd('object', { reason: '不属于本单位职责' }), handler(2), sh('2025-03-03 09:30')]]);
    expect(s.ticket).toMatchObject({ state: 'objection_review', objectionCount: 1 });
    expect(s.ticket.pause).toEqual({ since: sh('2025-03-03 09:30'), resumeState: 'dispatched' });
    // The unit cannot act while the centre reviews.
    expectCode(attempt(s, sign, handler(2), sh('2025-03-03 10:00')), 'WORKFLOW.INVALID_TRANSITION');
    expectCode(attempt(s, unreachable, callbackAgent(), sh('2025-03-20 10:00')), 'WORKFLOW.INVALID_TRANSITION');
    expectCode(
      attempt(s, cmd('decideObjection', { approve: true, leadUnitId: 2, coUnitIds: [], note: '' }), supervisor(), sh('2025-03-04 14:00')),
      'WORKFLOW.INVALID_INPUT',
    );
    expectCode(attempt(s, cmd('decideObjection', { approve: false, note: '' }), operator(), sh('2025-03-04 14:00')), 'WORKFLOW.FORBIDDEN');

    const approved = drive(s, [
      [cmd('decideObjection', { approve: true, leadUnitId: 3, coUnitIds: [4], note: '改派至3' }), supervisor(), sh('2025-03-04 14:00')],
    ]);
    expect(approved.ticket).toMatchObject({
      state: 'dispatched',
      leadUnitId: 3,
      coUnitIds: [4],
      dispatchCount: 2,
      objectionCount: 1,
      pause: null,
    });
    expect(approved.ticket.dispatchedAt).toEqual(sh('2025-03-04 14:00'));
    expect(due(approved)).toEqual({
      sign: sh('2025-03-04 16:00'),
      contact: sh('2025-03-05 14:00'),
      reply: sh('2025-03-13 14:00'), // Wed Thu Fri, Mon Tue Wed Thu
    });
    expectCode(attempt(approved, sign, handler(2), sh('2025-03-04 15:00')), 'WORKFLOW.FORBIDDEN');
    expect(drive(approved, [[sign, handler(3), sh('2025-03-04 15:00')]]).ticket.state).toBe('signed');
  });

  /** Accepted Fri 2025-03-07 09:00, dispatched 10:00, signed 11:00. */
  function signedOnFriday(): Story {
    return drive(acceptedTicket({ at: sh('2025-03-07 09:00') }), [
      [dispatchTo(2), operator(), sh('2025-03-07 10:00')],
      [sign, handler(2), sh('2025-03-07 11:00')],
    ]);
  }

  it('rejected over a weekend: working-day deadlines do not move, natural-hour ones move by the pause', () => {
    const s0 = signedOnFriday();
    expect(due(s0)).toEqual({
      sign: sh('2025-03-07 12:00'),
      contact: sh('2025-03-10 10:00'), // Fri 10:00 + 1 working day = Mon 10:00
      reply: sh('2025-03-18 10:00'), // Mon Tue Wed Thu Fri, Mon Tue
    });
    const s = drive(s0, [
      [cmd('object', { reason: '应由物业负责' }), handler(2), sh('2025-03-08 10:00')],
      [cmd('decideObjection', { approve: false, note: '属本单位职责' }), supervisor(), sh('2025-03-09 16:00')],
    ]);
    expect(s.ticket).toMatchObject({ state: 'signed', leadUnitId: 2, pause: null, dispatchCount: 1 });
    expect(due(s)).toEqual({
      sign: sh('2025-03-08 18:00'), // 30 natural hours of pause (Sat 10:00 → Sun 16:00)
      contact: sh('2025-03-10 10:00'), // no working-day time was paused
      reply: sh('2025-03-18 10:00'),
    });
    expect(s.ticket.deadlines.reply?.startedAt).toEqual(sh('2025-03-07 10:00'));
    expect(replay(s.events)).toStrictEqual(s.ticket);
  });

  it('rejected over working time: working-day deadlines move by the paused working-day time', () => {
    const s = drive(signedOnFriday(), [
      [cmd('object', { reason: '应由物业负责' }), handler(2), sh('2025-03-07 16:00')],
      [cmd('decideObjection', { approve: false, note: '' }), supervisor(), sh('2025-03-10 09:00')],
    ]);
    // Paused working-day time: Fri 16:00–24:00 (8 h) + Mon 00:00–09:00 (9 h) = 17 h.
    expect(due(s)).toEqual({
      sign: sh('2025-03-10 05:00'), // Fri 12:00 + 65 natural hours
      contact: sh('2025-03-11 03:00'), // Mon 10:00 + 14 h (rest of Mon) + 3 h
      reply: sh('2025-03-19 03:00'), // Tue 10:00 + 14 h + 3 h
    });
    expect(s.ticket.state).toBe('signed');
  });

  it('rejected over a public holiday: the holiday adds nothing', () => {
    // Dispatched Thu 2025-04-03 10:00; Qingming is Fri 04-04 to Sun 04-06.
    const s0 = drive(acceptedTicket({ at: sh('2025-04-03 09:00') }), [[dispatchTo(2), operator(), sh('2025-04-03 10:00')]]);
    // Thu 10:00 → Mon 04-07 10:00 (1), Tue 08 (2), Wed 09 (3), Thu 10 (4), Fri 11 (5), Mon 14 (6), Tue 15 (7).
    expect(s0.ticket.deadlines.reply?.dueAt).toEqual(sh('2025-04-15 10:00'));
    expect(s0.ticket.deadlines.contact?.dueAt).toEqual(sh('2025-04-07 10:00'));
    const s = drive(s0, [
      [cmd('object', { reason: '非本单位职责' }), handler(2), sh('2025-04-04 09:00')],
      [cmd('decideObjection', { approve: false, note: '' }), supervisor(), sh('2025-04-07 02:00')],
    ]);
    // Paused working-day time: only Mon 00:00–02:00 = 2 h.
    expect(s.ticket.deadlines.contact?.dueAt).toEqual(sh('2025-04-07 12:00'));
    expect(s.ticket.deadlines.reply?.dueAt).toEqual(sh('2025-04-15 12:00'));
    expect(s.ticket.state).toBe('dispatched');
  });

  it('an overdue mark survives a rejection that leaves the deadline passed, so it is never marked twice', () => {
    const s = drive(dispatched(), [
      [cmd('markOverdue', { deadline: 'sign' }), SYSTEM, sh('2025-03-03 12:00')],
      [cmd('object', { reason: '不属于本单位' }), handler(2), sh('2025-03-03 13:00')],
      [cmd('decideObjection', { approve: false, note: '' }), supervisor(), sh('2025-03-03 14:00')],
    ]);
    expect(s.ticket.deadlines.sign?.dueAt).toEqual(sh('2025-03-03 12:10')); // 11:10 + 1 h pause
    expect(s.ticket.overdue.sign).toBe(true);
    expectCode(attempt(s, cmd('markOverdue', { deadline: 'sign' }), SYSTEM, sh('2025-03-03 14:01')), 'WORKFLOW.PRECONDITION_FAILED');
    expect(allowedActions(s.ticket, SYSTEM, sh('2025-03-03 14:01'))).toEqual([]);
    expect(replay(s.events)).toStrictEqual(s.ticket);
  });

  it('only the lead unit may object, and only before handling starts', () => {
    const object = cmd('object', { reason: '非本单位职责' });
    expectCode(attempt(dispatched([3]), object, handler(3), sh('2025-03-03 09:30')), 'WORKFLOW.FORBIDDEN');
    expectCode(attempt(dispatched(), object, supervisor(), sh('2025-03-03 09:30')), 'WORKFLOW.FORBIDDEN');
    expectCode(attempt(handling(), object, handler(2), sh('2025-03-03 12:00')), 'WORKFLOW.INVALID_TRANSITION');
    expectCode(attempt(dispatched(), cmd('object', { reason: '' }), handler(2), sh('2025-03-03 09:30')), 'WORKFLOW.INVALID_INPUT');
  });
});

describe('extension (延期)', () => {
  /** Dispatched Mon 2025-04-21 10:00: reply due Tue 04-29 10:00 (Sun 04-27 is a make-up workday). */
  function handlingBeforeLabourDay(): Story {
    const s = drive(acceptedTicket({ at: sh('2025-04-21 09:00') }), [
      [dispatchTo(2), operator(), sh('2025-04-21 10:00')],
      [sign, handler(2), sh('2025-04-21 10:30')],
      [contact, handler(2), sh('2025-04-21 11:00')],
      [cmd('requestExtension', { days: 3, reason: '需协调产权单位' }), handler(2), sh('2025-04-25 10:00')],
    ]);
    // Tue 22 (1), Wed 23 (2), Thu 24 (3), Fri 25 (4), Sun 27 make-up (5), Mon 28 (6), Tue 29 (7).
    expect(s.ticket.deadlines.reply?.dueAt).toEqual(sh('2025-04-29 10:00'));
    expect(s.ticket.pendingExtension).toEqual({ requestedAt: sh('2025-04-25 10:00'), days: 3, reason: '需协调产权单位' });
    return s;
  }

  it('approved: the reply deadline moves by N working days, over the Labour Day holiday', () => {
    const s = drive(handlingBeforeLabourDay(), [[cmd('decideExtension', { approve: true, note: '同意' }), supervisor(), sh('2025-04-28 09:00')]]);
    // Tue 29 10:00 → Wed 30 (1), Thu 05-01 … Mon 05-05 holiday, Tue 06 (2), Wed 07 (3).
    expect(s.ticket.deadlines.reply?.dueAt).toEqual(sh('2025-05-07 10:00'));
    expect(s.ticket.deadlines.reply?.startedAt).toEqual(sh('2025-04-21 10:00'));
    expect(s.ticket).toMatchObject({ extensionCount: 1, pendingExtension: null });
    expect(s.warnings).toEqual([]);
  });

  it('approved with fewer days than asked', () => {
    const s = drive(handlingBeforeLabourDay(), [[cmd('decideExtension', { approve: true, days: 1, note: '' }), supervisor(), sh('2025-04-28 09:00')]]);
    expect(s.ticket.deadlines.reply?.dueAt).toEqual(sh('2025-04-30 10:00'));
  });

  it('rejected: nothing moves', () => {
    const s = drive(handlingBeforeLabourDay(), [[cmd('decideExtension', { approve: false, note: '理由不充分' }), supervisor(), sh('2025-04-28 09:00')]]);
    expect(s.ticket.deadlines.reply?.dueAt).toEqual(sh('2025-04-29 10:00'));
    expect(s.ticket).toMatchObject({ extensionCount: 0, pendingExtension: null });
    expect(s.events.at(-1)?.data).toEqual({ approve: false, days: 0, note: '理由不充分', deadlines: {} });
  });

  it('refusals: one pending request at a time, bounded days, a reason, a centre decision', () => {
    const s = handlingBeforeLabourDay();
    const at = sh('2025-04-25 11:00');
    expectCode(attempt(s, cmd('requestExtension', { days: 2, reason: 'x' }), handler(2), at), 'WORKFLOW.PRECONDITION_FAILED');
    expect(allowedActions(s.ticket, handler(2), at)).not.toContain('requestExtension');
    expectCode(attempt(s, cmd('decideExtension', { approve: true, note: '' }), handler(2), at), 'WORKFLOW.FORBIDDEN');
    expectCode(attempt(s, cmd('decideExtension', { approve: true, days: 61, note: '' }), supervisor(), at), 'WORKFLOW.INVALID_INPUT');
    const h = handling();
    const at2 = sh('2025-03-04 10:00');
    expectCode(attempt(h, cmd('requestExtension', { days: 0, reason: 'x' }), handler(2), at2), 'WORKFLOW.INVALID_INPUT');
    expectCode(attempt(h, cmd('requestExtension', { days: 1.5, reason: 'x' }), handler(2), at2), 'WORKFLOW.INVALID_INPUT');
    expectCode(attempt(h, cmd('requestExtension', { days: 3, reason: ' ' }), handler(2), at2), 'WORKFLOW.INVALID_INPUT');
    expectCode(attempt(h, cmd('decideExtension', { approve: true, note: '' }), supervisor(), at2), 'WORKFLOW.PRECONDITION_FAILED');
    expect(allowedActions(h.ticket, supervisor(), at2)).not.toContain('decideExtension');
  });
});

describe('deferral (挂账)', () => {
  const defer = (reviewDate: string, plan = '待管线改造后处理') => cmd('defer', { reason: '需等待市级管线改造', plan, reviewDate });

  it('a handling ticket may be deferred on a plan and still be replied to', () => {
    const s = drive(handling(), [[defer('2025-06-30'), handler(2), sh('2025-03-05 10:00')]]);
    expect(s.ticket.state).toBe('deferred');
    expect(s.ticket.deferral).toEqual({ since: sh('2025-03-05 10:00'), plan: '待管线改造后处理', reviewDate: '2025-06-30', reviewDue: false });
    expect(allowedActions(s.ticket, handler(2), sh('2025-03-06 10:00'))).toEqual(expect.arrayContaining(['progress', 'requestExtension', 'reply']));
    const r = drive(s, [[reply('已纳入改造计划'), handler(2), sh('2025-03-06 10:00')]]);
    expect(r.ticket.state).toBe('replied');
  });

  it('needs a real review date after today, a reason and a plan; and handling must have started', () => {
    const at = sh('2025-03-05 10:00');
    expectCode(attempt(handling(), defer('2025-02-30'), handler(2), at), 'WORKFLOW.INVALID_INPUT');
    expectCode(attempt(handling(), defer('2025/06/30'), handler(2), at), 'WORKFLOW.INVALID_INPUT');
    expectCode(attempt(handling(), defer('2025-03-04'), handler(2), at), 'WORKFLOW.INVALID_INPUT');
    expectCode(attempt(handling(), defer('2025-06-30', ''), handler(2), at), 'WORKFLOW.INVALID_INPUT');
    expectCode(attempt(handling(), defer('2025-03-05'), handler(2), at), 'WORKFLOW.INVALID_INPUT');
    expect(drive(handling(), [[defer('2025-03-06'), handler(2), at]]).ticket.state).toBe('deferred');
    expectCode(attempt(dispatched(), defer('2025-06-30'), handler(2), at), 'WORKFLOW.INVALID_TRANSITION');
  });
});

describe('callback (回访)', () => {
  it('unsatisfied → redo with a fresh reply deadline → reply → callback → close', () => {
    const s1 = drive(replied(), [[unsatisfied, callbackAgent(), sh('2025-03-11 10:00')]]);
    expect(s1.ticket.state).toBe('callback_done');
    expect(allowedActions(s1.ticket, supervisor(), sh('2025-03-11 10:30'))).toEqual(['redo', 'close']);
    expectCode(attempt(s1, cmd('redo', { note: '' }), callbackAgent(), sh('2025-03-11 11:00')), 'WORKFLOW.FORBIDDEN');

    const s2 = drive(s1, [[cmd('redo', { note: '群众不满意，重办' }), supervisor(), sh('2025-03-11 11:00')]]);
    expect(s2.ticket).toMatchObject({
      state: 'handling',
      redoCount: 1,
      callback: null,
      repliedAt: null,
      replyText: null,
      leadUnitId: 2,
    });
    // Fresh 7 working days from Tue 11:00: Wed Thu Fri, Mon Tue Wed Thu.
    expect(s2.ticket.deadlines.reply?.dueAt).toEqual(sh('2025-03-20 11:00'));
    expect(s2.ticket.deadlines.reply?.startedAt).toEqual(sh('2025-03-11 11:00'));
    // Sign and contact deadlines are history; redo does not restart them.
    expect(s2.ticket.deadlines.sign?.dueAt).toEqual(sh('2025-03-03 11:10'));

    const s3 = drive(s2, [
      [reply('已再次处理'), handler(2), sh('2025-03-14 16:00')],
      [satisfied, callbackAgent(), sh('2025-03-17 10:00')],
      [close, supervisor(), sh('2025-03-17 10:10')],
    ]);
    expect(s3.ticket).toMatchObject({ state: 'closed', outcome: 'completed', redoCount: 1 });
    expect(replay(s3.events)).toStrictEqual(s3.ticket);
  });

  it('a satisfied, resolved callback cannot be sent back', () => {
    const s = drive(replied(), [[satisfied, callbackAgent(), sh('2025-03-11 10:00')]]);
    expectCode(attempt(s, cmd('redo', { note: '' }), supervisor(), sh('2025-03-11 11:00')), 'WORKFLOW.PRECONDITION_FAILED');
    expect(allowedActions(s.ticket, supervisor(), sh('2025-03-11 11:00'))).not.toContain('redo');
  });

  it('invalid callbacks do not count; after one, the ticket may close as unreachable', () => {
    const s0 = replied();
    expectCode(attempt(s0, close, callbackAgent(), sh('2025-03-11 10:00')), 'WORKFLOW.PRECONDITION_FAILED');
    expect(allowedActions(s0.ticket, callbackAgent(), sh('2025-03-11 10:00'))).toEqual(['callback']);
    const s1 = drive(s0, [[unreachable, callbackAgent(), sh('2025-03-11 10:00')]]);
    expect(s1.ticket).toMatchObject({ state: 'replied', invalidCallbacks: 1, callback: null });
    const s2 = drive(s1, [[close, callbackAgent(), sh('2025-03-12 10:00')]]);
    expect(s2.ticket).toMatchObject({ state: 'closed', outcome: 'callback_unreachable' });
    expectCode(attempt(s2, cmd('appeal', { reason: '联系不上' }), leader(2), sh('2025-03-12 11:00')), 'WORKFLOW.PRECONDITION_FAILED');
  });

  it('a failed callback attempt made before the reply does not let the replied ticket close unreached', () => {
    const s = drive(handling(), [
      [unreachable, callbackAgent(), sh('2025-03-12 10:00')], // reply deadline passed at 09:10
      [reply(), handler(2), sh('2025-03-12 11:00')],
    ]);
    expect(s.ticket.invalidCallbacks).toBe(0);
    expectCode(attempt(s, close, callbackAgent(), sh('2025-03-12 12:00')), 'WORKFLOW.PRECONDITION_FAILED');
  });

  it('a working ticket may be called back only once the reply deadline has passed', () => {
    const s = handling();
    const dueAt = sh('2025-03-12 09:10');
    expectCode(attempt(s, satisfied, callbackAgent(), dueAt), 'WORKFLOW.PRECONDITION_FAILED');
    expect(allowedActions(s.ticket, callbackAgent(), dueAt)).not.toContain('callback');
    const after = new Date(dueAt.getTime() + 1);
    expect(allowedActions(s.ticket, callbackAgent(), after)).toContain('callback');
    const done = drive(s, [[unsatisfied, callbackAgent(), after]]);
    expect(done.ticket.state).toBe('callback_done');
    expectCode(attempt(dispatched(), satisfied, operator(), after), 'WORKFLOW.FORBIDDEN');
  });
});

describe('supervision (督办)', () => {
  it('escalates one level at a time up to the maximum', () => {
    const note = cmd('supervise', { note: '请加快办理' });
    const s = drive(handling(), [
      [note, supervisor(), sh('2025-03-04 10:00')],
      [note, supervisor(), sh('2025-03-05 10:00')],
      [note, supervisor(), sh('2025-03-06 10:00')],
      [note, supervisor(), sh('2025-03-07 10:00')],
    ]);
    expect(MAX_SUPERVISION_LEVEL).toBe(3);
    expect(s.events.slice(-4).map((e) => (e.type === 'supervise' ? e.data.level : null))).toEqual([1, 2, 3, 3]);
    expect(s.ticket.supervisionLevel).toBe(3);
    expectCode(attempt(s, note, operator(), sh('2025-03-07 11:00')), 'WORKFLOW.FORBIDDEN');
    expectCode(attempt(acceptedTicket(), note, supervisor(), sh('2025-03-03 09:05')), 'WORKFLOW.INVALID_TRANSITION');
  });
});

describe('assessment appeal (考核申诉)', () => {
  const appeal = cmd('appeal', { reason: '诉求人要求超出政策范围' });

  it('only the lead unit’s leader may appeal; an approved appeal excludes the ticket from assessment', () => {
    const s = drive(replied(), [[unsatisfied, callbackAgent(), sh('2025-03-11 10:00')]]);
    const at = sh('2025-03-11 12:00');
    expectCode(attempt(s, appeal, handler(2), at), 'WORKFLOW.FORBIDDEN');
    expectCode(attempt(s, appeal, leader(3), at), 'WORKFLOW.FORBIDDEN');
    expectCode(attempt(s, appeal, supervisor(), at), 'WORKFLOW.FORBIDDEN');
    expectCode(attempt(s, cmd('appeal', { reason: ' ' }), leader(2), at), 'WORKFLOW.INVALID_INPUT');
    expectCode(attempt(s, cmd('decideAppeal', { approve: true, note: '' }), supervisor(), at), 'WORKFLOW.PRECONDITION_FAILED');

    const a = drive(s, [[appeal, leader(2), at]]);
    expect(a.ticket.appeal).toEqual({ status: 'pending', reason: '诉求人要求超出政策范围' });
    expectCode(attempt(a, cmd('decideAppeal', { approve: true, note: '' }), leader(2), at), 'WORKFLOW.FORBIDDEN');
    const d = drive(a, [[cmd('decideAppeal', { approve: true, note: '核减' }), supervisor(), sh('2025-03-12 09:00')]]);
    expect(d.ticket.appeal?.status).toBe('approved');
    expect(d.ticket.excludedFromAssessment).toBe(true);
    expectCode(attempt(d, appeal, leader(2), sh('2025-03-12 10:00')), 'WORKFLOW.PRECONDITION_FAILED');
  });

  it('a closed, completed ticket may still be appealed; a rejection keeps it in assessment', () => {
    const s = drive(replied(), [
      [satisfied, callbackAgent(), sh('2025-03-11 10:00')],
      [close, callbackAgent(), sh('2025-03-11 10:05')],
      [appeal, leader(2), sh('2025-03-12 10:00')],
      [cmd('decideAppeal', { approve: false, note: '不予核减' }), supervisor(), sh('2025-03-13 10:00')],
    ]);
    expect(s.ticket).toMatchObject({ state: 'closed', excludedFromAssessment: false });
    expect(s.ticket.appeal?.status).toBe('rejected');
  });

  it('a ticket not called back cannot be appealed', () => {
    expectCode(attempt(replied(), appeal, leader(2), sh('2025-03-11 10:00')), 'WORKFLOW.INVALID_TRANSITION');
  });
});

describe('overdue marks', () => {
  const mark = (deadline: 'sign' | 'contact' | 'reply') => cmd('markOverdue', { deadline });

  it('only after the running deadline has passed, and only once', () => {
    const s = dispatched(); // sign due 11:10
    const dueAt = sh('2025-03-03 11:10');
    expectCode(attempt(s, mark('sign'), SYSTEM, sh('2025-03-03 10:00')), 'WORKFLOW.PRECONDITION_FAILED');
    expectCode(attempt(s, mark('sign'), SYSTEM, dueAt), 'WORKFLOW.PRECONDITION_FAILED');
    expect(allowedActions(s.ticket, SYSTEM, dueAt)).toEqual([]);
    const after = new Date(dueAt.getTime() + 1);
    expect(allowedActions(s.ticket, SYSTEM, after)).toEqual(['markOverdue']);
    expectCode(attempt(s, mark('reply'), SYSTEM, sh('2025-03-20 10:00')), 'WORKFLOW.PRECONDITION_FAILED');
    expectCode(attempt(s, mark('sign'), supervisor(), after), 'WORKFLOW.FORBIDDEN');

    const m = drive(s, [[mark('sign'), SYSTEM, after]]);
    expect(m.ticket.overdue).toEqual({ sign: true, contact: false, reply: false });
    expect(m.ticket.state).toBe('dispatched');
    expectCode(attempt(m, mark('sign'), SYSTEM, sh('2025-03-03 12:00')), 'WORKFLOW.PRECONDITION_FAILED');
    expect(allowedActions(m.ticket, SYSTEM, sh('2025-03-03 12:00'))).toEqual([]);

    // Once signed, the contact deadline (Tue 09:10) is the one that runs.
    const signed = drive(m, [[sign, handler(2), sh('2025-03-03 12:00')]]);
    expectCode(attempt(signed, mark('contact'), SYSTEM, sh('2025-03-04 09:10')), 'WORKFLOW.PRECONDITION_FAILED');
    expect(drive(signed, [[mark('contact'), SYSTEM, sh('2025-03-04 09:11')]]).ticket.overdue.contact).toBe(true);
  });

  it('a reassignment clears the marks with fresh deadlines', () => {
    const s = drive(dispatched(), [
      [mark('sign'), SYSTEM, sh('2025-03-03 12:00')],
      [cmd('reassign', { leadUnitId: 3, coUnitIds: [], note: '改派' }), supervisor(), sh('2025-03-03 13:00')],
    ]);
    expect(s.ticket.overdue.sign).toBe(false);
    expect(s.ticket.deadlines.sign?.dueAt).toEqual(sh('2025-03-03 15:00'));
    expect(s.ticket).toMatchObject({ leadUnitId: 3, dispatchCount: 2, state: 'dispatched' });
    expectCode(attempt(s, cmd('reassign', { leadUnitId: 3, coUnitIds: [], note: '' }), supervisor(), sh('2025-03-03 14:00')), 'WORKFLOW.PRECONDITION_FAILED');
  });
});

describe('parties and states', () => {
  const at = sh('2025-03-03 10:00');

  it('wrong party → FORBIDDEN; wrong state → INVALID_TRANSITION', () => {
    expectCode(attempt(dispatched(), sign, operator(), at), 'WORKFLOW.FORBIDDEN');
    expectCode(attempt(dispatched(), sign, supervisor(), at), 'WORKFLOW.FORBIDDEN');
    expectCode(attempt(dispatched(), sign, handler(3), at), 'WORKFLOW.FORBIDDEN');
    expectCode(attempt(dispatched(), sign, leader(3), at), 'WORKFLOW.FORBIDDEN');
    expectCode(attempt(acceptedTicket(), sign, handler(2), at), 'WORKFLOW.INVALID_TRANSITION');
    expectCode(attempt(dispatched(), contact, handler(2), at), 'WORKFLOW.INVALID_TRANSITION');
    expectCode(attempt(dispatched(), reply(), handler(2), at), 'WORKFLOW.INVALID_TRANSITION');
    const err = attempt(acceptedTicket(), sign, handler(2), at);
    expect(err.ok ? null : err.error.details).toEqual({ state: 'accepted', action: 'sign' });
  });

  it('a co-handler may report back and add progress, but not sign or reply', () => {
    const d = drive(dispatched([3, 4]), [[cmd('coReply', { note: '已安排人员配合' }), handler(3), at]]);
    expect(d.ticket.coRepliedUnitIds).toEqual([3]);
    expect(d.events.at(-1)?.data).toEqual({ unitId: 3, note: '已安排人员配合' });
    const again = drive(d, [[cmd('coReply', { note: '补充' }), leader(3), sh('2025-03-03 10:30')]]);
    expect(again.ticket.coRepliedUnitIds).toEqual([3]);
    expect(again.ticket.version).toBe(d.ticket.version + 1);
    expectCode(attempt(d, sign, handler(3), at), 'WORKFLOW.FORBIDDEN');

    const h = handling([3, 4]);
    const later = sh('2025-03-05 10:00');
    expect(drive(h, [[progress('协办已完成现场勘查'), handler(4), later]]).ticket.state).toBe('handling');
    expectCode(attempt(h, reply(), handler(3), later), 'WORKFLOW.FORBIDDEN');
    expectCode(attempt(h, cmd('coReply', { note: 'x' }), handler(2), later), 'WORKFLOW.FORBIDDEN');
    expectCode(attempt(h, cmd('coReply', { note: 'x' }), handler(5), later), 'WORKFLOW.FORBIDDEN');
    expect(allowedActions(h.ticket, handler(3), later)).toEqual(['progress', 'coReply']);
  });

  it('a kind that lacks an action → ACTION_NOT_FOR_KIND', () => {
    const grid = acceptedTicket({ kind: 'grid_report', requestType: 'consultation' });
    expectCode(attempt(grid, cmd('answerDirectly', { answer: '已解答', articleId: null }), operator(), at), 'WORKFLOW.ACTION_NOT_FOR_KIND');
    const whistle = drive(acceptedTicket({ kind: 'whistle' }), [[dispatchTo(2), operator(), sh('2025-03-03 09:10')]]);
    expectCode(attempt(whistle, cmd('object', { reason: 'x' }), handler(2), at), 'WORKFLOW.ACTION_NOT_FOR_KIND');
    expect(allowedActions(whistle.ticket, handler(2), at)).toEqual(['sign']);
  });

  it('no party acts for an actor without roles', () => {
    const nobody: Actor = { userId: 99, unitId: 2, roles: [], isCentre: false };
    expect(allowedActions(dispatched().ticket, nobody, at)).toEqual([]);
  });
});

describe('calendar coverage', () => {
  it('a working-day deadline reaching a year without holiday data warns CALENDAR.YEAR_MISSING', () => {
    const s = drive(acceptedTicket({ at: sh('2026-12-28 09:00') }), [[dispatchTo(2), operator(), sh('2026-12-28 10:00')]]);
    expect(s.warnings).toHaveLength(1);
    expect(s.warnings[0]).toMatch(/^CALENDAR\.YEAR_MISSING: .*2027/);
    // Mon–Fri assumed in 2027: Tue 29, Wed 30, Thu 31, Fri 01-01, Mon 04, Tue 05, Wed 06.
    expect(s.ticket.deadlines.reply?.dueAt).toEqual(sh('2027-01-06 10:00'));
  });

  it('no warning inside covered years, nor for natural-hour limits', () => {
    expect(dispatched().warnings).toEqual([]);
    const s = drive(acceptedTicket({ at: sh('2026-12-31 22:00'), timeLimitClass: 'emergency' }), [[dispatchTo(2), operator(), sh('2026-12-31 22:30')]]);
    expect(s.warnings).toEqual([]);
    expect(s.ticket.deadlines.reply?.dueAt).toEqual(sh('2027-01-01 00:30'));
  });
});
