/**
 * A kind's extra lead roles (KindConfig.leadRoles): for a service order, a volunteer acting for the lead
 * station (the leader of the team the station assigned; the module checks which team) contacts, notes
 * progress and replies. Never the station's leader party, never for another kind, never for another unit.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from './ticket.ts';
import { allowedActions, partiesOf } from './decide.ts';
import { acceptedTicket, attempt, cmd, dispatchTo, drive, handler, operator, requester, sh } from '../../../../test/builders/tickets.ts';

const STATION = 7;
const OTHER = 8;
const at = sh('2025-03-03 09:30');
const volunteer = (unitId: number): Actor => ({ userId: 901, unitId, roles: ['resident', 'volunteer'], isCentre: false });
const resident = (unitId: number): Actor => ({ userId: 902, unitId, roles: ['resident'], isCentre: false });

const signedOrder = (kind: 'service_order' | 'hotline_request' = 'service_order') =>
  drive(acceptedTicket({ kind, requestType: 'help' }), [
    [dispatchTo(STATION), operator(), at],
    [cmd('sign', { note: '' }), handler(STATION), at],
  ]);

describe('KindConfig.leadRoles', () => {
  it('lets a volunteer acting for the lead station contact, note progress and reply on a service order', () => {
    const t = signedOrder();
    expect(partiesOf(t.ticket, volunteer(STATION))).toEqual(new Set(['lead']));
    expect(allowedActions(t.ticket, volunteer(STATION), at)).toContain('contact');
    const done = drive(t, [
      [cmd('contact', { method: 'phone', note: '已联系' }), volunteer(STATION), at],
      [cmd('progress', { note: '上门服务中' }), volunteer(STATION), at],
      [cmd('reply', { text: '已完成服务' }), volunteer(STATION), at],
    ]);
    expect(done.ticket.state).toBe('replied');
  });

  it('is not the lead party’s leader (no appeals), not for another unit, not for a resident, not for another kind', () => {
    const t = signedOrder();
    expect(partiesOf(t.ticket, volunteer(STATION)).has('leadLeader')).toBe(false);
    expect(partiesOf(t.ticket, volunteer(OTHER)).size).toBe(0);
    expect(partiesOf(t.ticket, resident(STATION)).size).toBe(0);
    const hotline = signedOrder('hotline_request');
    expect(partiesOf(hotline.ticket, volunteer(STATION)).size).toBe(0);
    const r = attempt(hotline, cmd('contact', { method: 'phone', note: '' }), volunteer(STATION), at);
    expect(r.ok ? 'ok' : r.error.code).toBe('WORKFLOW.FORBIDDEN');
  });

  it('leaves the rating to the requester', () => {
    const replied = drive(signedOrder(), [
      [cmd('contact', { method: 'phone', note: '' }), volunteer(STATION), at],
      [cmd('reply', { text: '已完成服务' }), volunteer(STATION), at],
    ]);
    expect(allowedActions(replied.ticket, volunteer(STATION), at)).not.toContain('callback');
    expect(allowedActions(replied.ticket, requester(), at)).toContain('callback');
  });
});

describe('the system’s dispatch at intake', () => {
  it('dispatches an accepted ticket by the server’s rule (no actor), and nothing later', () => {
    const t = acceptedTicket({ kind: 'service_order', requestType: 'help' });
    expect(allowedActions(t.ticket, null, at)).toEqual(['dispatch']);
    const d = drive(t, [[dispatchTo(STATION), null, at]]);
    expect(d.ticket).toMatchObject({ state: 'dispatched', leadUnitId: STATION });
    expect(allowedActions(d.ticket, null, at)).not.toContain('reassign');
    expect(allowedActions(d.ticket, null, at)).not.toContain('dispatch');
  });
});
