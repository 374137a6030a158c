/**
 * The initiator party: a street that blows a whistle and a grid worker who reports a problem start their
 * tickets themselves, dispatch them, and close them — on the spot (grid reports, with an after photo) or
 * with their rating of every co-handling unit (whistles). The centre keeps its intake rights; nobody else
 * gains any.
 */
import { describe, expect, it } from 'vitest';
import type { Result } from '../shared/result.ts';
import { allowedActions, type Decision } from './decide.ts';
import { acceptedTicket, attempt, cmd, dispatchTo, drive, gridWorker, handler, leader, operator, sh, supervisor } from '../../../../test/builders/tickets.ts';

const STREET = 2;
const OTHER_STREET = 3;
const CGW = 4;
const ZJW = 5;
const at = sh('2025-03-03 09:30');

function code(r: Result<Decision>): string {
  if (r.ok) throw new Error(`${r.value.event.type} succeeded`);
  return r.error.code;
}

const gridReport = () => acceptedTicket({ kind: 'grid_report', requestType: 'report', channel: 'grid', initiatorUnitId: STREET });
const whistle = () => acceptedTicket({ kind: 'whistle', requestType: 'help', initiatorUnitId: STREET });
const onSpot = (resolution = '已清理堆物', afterPhotoIds = [31]) => cmd('resolveOnSpot', { resolution, afterPhotoIds });
const rate = (...r: [number, number][]) => cmd('conclude', { ratings: r.map(([unitId, score]) => ({ unitId, score, comment: ' 到场及时 ' })), note: '' });

describe('grid reports', () => {
  it('the grid worker who reported dispatches the report and may resolve it on the spot instead', () => {
    const t = gridReport();
    expect(t.ticket.initiatorUnitId).toBe(STREET);
    expect(allowedActions(t.ticket, gridWorker(STREET), at)).toEqual(['dispatch', 'resolveOnSpot']);
    const dispatched = drive(t, [[dispatchTo(CGW), gridWorker(STREET), at]]);
    expect(dispatched.ticket.state).toBe('dispatched');
    const closed = drive(gridReport(), [[onSpot(), gridWorker(STREET), at]]);
    expect(closed.ticket).toMatchObject({ state: 'closed', outcome: 'resolved_on_spot', closedAt: at, leadUnitId: null });
    expect(closed.events.at(-1)?.data).toEqual({ resolution: '已清理堆物', afterPhotoIds: [31] });
  });

  it('needs what was done and a photo taken after', () => {
    expect(code(attempt(gridReport(), onSpot('  '), gridWorker(STREET), at))).toBe('WORKFLOW.INVALID_INPUT');
    expect(code(attempt(gridReport(), onSpot('已清理', []), gridWorker(STREET), at))).toBe('WORKFLOW.INVALID_INPUT');
    expect(code(attempt(gridReport(), onSpot('已清理', [31, 31]), gridWorker(STREET), at))).toBe('WORKFLOW.INVALID_INPUT');
  });

  it('is not the right of a grid worker of another street, of street handlers, or of the centre', () => {
    expect(code(attempt(gridReport(), onSpot(), gridWorker(OTHER_STREET), at))).toBe('WORKFLOW.FORBIDDEN');
    expect(code(attempt(gridReport(), onSpot(), handler(STREET), at))).toBe('WORKFLOW.FORBIDDEN');
    expect(code(attempt(gridReport(), onSpot(), supervisor(), at))).toBe('WORKFLOW.FORBIDDEN');
    expect(code(attempt(gridReport(), dispatchTo(CGW), gridWorker(OTHER_STREET), at))).toBe('WORKFLOW.FORBIDDEN');
    // The centre still dispatches a grid report it accepted on the worker's behalf.
    expect(attempt(gridReport(), dispatchTo(CGW), operator(), at).ok).toBe(true);
  });

  it('is gone once the report is dispatched', () => {
    const d = drive(gridReport(), [[dispatchTo(CGW), gridWorker(STREET), at]]);
    expect(code(attempt(d, onSpot(), gridWorker(STREET), at))).toBe('WORKFLOW.INVALID_TRANSITION');
  });
});

describe('whistles', () => {
  const summoned = () => drive(whistle(), [[dispatchTo(STREET, [CGW, ZJW]), handler(STREET), at]]);

  it('the street dispatches its whistle to itself with the departments as co-handlers, and concludes with a rating of each', () => {
    const w = summoned();
    expect(w.ticket).toMatchObject({ state: 'dispatched', leadUnitId: STREET, coUnitIds: [CGW, ZJW] });
    expect(allowedActions(w.ticket, leader(STREET), at)).toContain('conclude');
    const done = drive(w, [[rate([ZJW, 4], [CGW, 5]), leader(STREET), sh('2025-03-03 15:00')]]);
    expect(done.ticket).toMatchObject({ state: 'closed', outcome: 'concluded' });
    expect(done.events.at(-1)?.data).toEqual({
      ratings: [
        { unitId: ZJW, score: 4, comment: '到场及时' },
        { unitId: CGW, score: 5, comment: '到场及时' },
      ],
      note: '',
    });
  });

  it('concludes only with every department rated once, 1–5, and only by the street', () => {
    expect(code(attempt(summoned(), rate([CGW, 5]), handler(STREET), at))).toBe('WORKFLOW.PRECONDITION_FAILED');
    expect(code(attempt(summoned(), rate([CGW, 5], [CGW, 4], [ZJW, 3]), handler(STREET), at))).toBe('WORKFLOW.INVALID_INPUT');
    expect(code(attempt(summoned(), rate([CGW, 5], [ZJW, 3], [9, 3]), handler(STREET), at))).toBe('WORKFLOW.INVALID_INPUT');
    expect(code(attempt(summoned(), rate([CGW, 6], [ZJW, 3]), handler(STREET), at))).toBe('WORKFLOW.INVALID_INPUT');
    expect(code(attempt(summoned(), rate([CGW, 5], [ZJW, 3]), handler(CGW), at))).toBe('WORKFLOW.FORBIDDEN');
    expect(code(attempt(summoned(), rate([CGW, 5], [ZJW, 3]), supervisor(), at))).toBe('WORKFLOW.FORBIDDEN');
    expect(code(attempt(summoned(), rate([CGW, 5], [ZJW, 3]), handler(OTHER_STREET), at))).toBe('WORKFLOW.FORBIDDEN');
  });

  it('has no callback and no redo: the street evaluates', () => {
    const w = summoned();
    expect(allowedActions(w.ticket, supervisor(), sh('2025-04-30 09:00'))).not.toContain('callback');
  });

  it('a hotline ticket has no initiator, whoever accepted it', () => {
    const t = acceptedTicket();
    expect(t.ticket.initiatorUnitId).toBeNull();
    expect(allowedActions(t.ticket, handler(STREET), at)).toEqual([]);
    expect(allowedActions(t.ticket, gridWorker(STREET), at)).toEqual([]);
  });
});
