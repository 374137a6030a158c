import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { periodDates } from '../../engine/domain/calendar/local-time.ts';
import { maskName } from '../../engine/domain/shared/masking.ts';
import { rebalance, servedMinutes, type ListEntry } from './activities.domain.ts';

/** A session's list driven by a script of sign-ups, cancellations and capacity changes, as the use cases drive it. */
type Command = { kind: 'signUp'; user: number } | { kind: 'cancel'; user: number } | { kind: 'capacity'; capacity: number };

function run(capacity0: number, commands: Command[]) {
  let capacity = capacity0;
  let next = 1;
  let list: ListEntry[] = [];
  const promotions: number[][] = [];
  const apply = () => {
    const moves = rebalance(list, capacity);
    list = list.map((e) =>
      moves.promote.includes(e.userId) ? { ...e, status: 'signed_up' } : moves.demote.includes(e.userId) ? { ...e, status: 'waiting' } : e,
    );
    return moves;
  };
  for (const c of commands) {
    if (c.kind === 'signUp') {
      if (list.some((e) => e.userId === c.user)) continue;
      const ahead = list.length;
      list.push({ userId: c.user, position: next++, status: ahead < capacity ? 'signed_up' : 'waiting' });
      apply();
    } else if (c.kind === 'cancel') {
      list = list.filter((e) => e.userId !== c.user);
      promotions.push(apply().promote);
    } else {
      capacity = c.capacity;
      apply();
    }
    // The invariant after every command: the first `capacity` by position are signed up, the rest wait.
    const ordered = [...list].sort((a, b) => a.position - b.position);
    ordered.forEach((e, i) => expect(e.status).toBe(i < capacity ? 'signed_up' : 'waiting'));
  }
  return { list, capacity, promotions };
}

const commands = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('signUp' as const), user: fc.integer({ min: 1, max: 15 }) }),
    fc.record({ kind: fc.constant('cancel' as const), user: fc.integer({ min: 1, max: 15 }) }),
    fc.record({ kind: fc.constant('capacity' as const), capacity: fc.integer({ min: 1, max: 8 }) }),
  ),
  { maxLength: 60 },
);

describe('sign-up lists (rebalance)', () => {
  it('never holds more signed up than the capacity, and keeps the waiting list in sign-up order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), commands, (capacity, script) => {
        const { list, capacity: c } = run(capacity, script);
        const signed = list.filter((e) => e.status === 'signed_up');
        expect(signed.length).toBeLessThanOrEqual(c);
        const waiting = list.filter((e) => e.status === 'waiting');
        if (waiting.length > 0) expect(signed.length).toBe(c);
        if (signed.length && waiting.length) expect(Math.max(...signed.map((e) => e.position))).toBeLessThan(Math.min(...waiting.map((e) => e.position)));
      }),
    );
  });

  it('promotes exactly the first waiting volunteer when a signed-up one leaves, and nobody when a waiting one leaves', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 6 }), fc.boolean(), (capacity, extra, leaveSigned) => {
        const users = Array.from({ length: capacity + extra }, (_, i) => ({ kind: 'signUp' as const, user: i + 1 }));
        const before = run(capacity, users).list;
        const leaver = leaveSigned ? before.find((e) => e.status === 'signed_up')! : before.find((e) => e.status === 'waiting');
        if (leaver === undefined) return;
        const { promotions } = run(capacity, [...users, { kind: 'cancel', user: leaver.userId }]);
        const firstWaiting = before.filter((e) => e.status === 'waiting').sort((a, b) => a.position - b.position)[0];
        expect(promotions[0]).toEqual(leaveSigned && firstWaiting ? [firstWaiting.userId] : []);
      }),
    );
  });

  it('is idempotent: a balanced list needs no moves', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), commands, (capacity, script) => {
        const { list, capacity: c } = run(capacity, script);
        expect(rebalance(list, c)).toEqual({ promote: [], demote: [] });
      }),
    );
  });
});

describe('served minutes', () => {
  const session = { startsAt: new Date('2026-03-03T01:00:00Z'), endsAt: new Date('2026-03-03T04:00:00Z') };
  it('clips to the session and counts a missing check-out to the end', () => {
    expect(servedMinutes(session, new Date('2026-03-03T00:40:00Z'), new Date('2026-03-03T02:30:00Z'))).toBe(90);
    expect(servedMinutes(session, new Date('2026-03-03T01:30:00Z'), null)).toBe(150);
    expect(servedMinutes(session, new Date('2026-03-03T03:00:00Z'), new Date('2026-03-03T06:00:00Z'))).toBe(60);
  });
  it('is never negative nor more than the session', () => {
    fc.assert(
      fc.property(fc.integer({ min: -600, max: 600 }), fc.option(fc.integer({ min: -600, max: 900 })), (inMin, outMin) => {
        const at = (m: number) => new Date(session.startsAt.getTime() + m * 60_000);
        const m = servedMinutes(session, at(inMin), outMin === null ? null : at(outMin));
        expect(m).toBeGreaterThanOrEqual(0);
        expect(m).toBeLessThanOrEqual(180);
      }),
    );
  });
});

describe('names and periods', () => {
  it('masks every character but the first', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('李四')).toBe('李*');
    expect(maskName('王')).toBe('王*');
  });
  it('gives the local dates of a month and a year', () => {
    expect(periodDates('2026-12')).toEqual({ from: '2026-12-01', to: '2027-01-01' });
    expect(periodDates('2026')).toEqual({ from: '2026-01-01', to: '2027-01-01' });
  });
});
