import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attendanceRate,
  countAttendance,
  expectedAttendees,
  hasCommittee,
  lastDayOf,
  MEETING_FREQUENCY,
  MEETING_KINDS,
  meetingTransition,
  obligations,
  overdueWords,
  periodOf,
  periodsOfYear,
  rollCall,
  ATTENDANCE_STATUSES,
  type MeetingKind,
} from './meetings.domain.ts';

const year = fc.integer({ min: 2000, max: 2099 });
/** A local date in the given year. */
const dateIn = (y: number) => fc.integer({ min: 0, max: 364 }).map((d) => new Date(Date.UTC(y, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));
const kind = fc.constantFrom(...MEETING_KINDS);

describe('periods', () => {
  it('a date lies in its period, on or before its last day, and the periods of a year are 12 months or 4 quarters (property)', () => {
    fc.assert(
      fc.property(
        year.chain((y) => fc.tuple(fc.constant(y), dateIn(y))),
        fc.constantFrom('monthly' as const, 'quarterly' as const),
        ([y, d], f) => {
          const p = periodOf(d, f);
          const all = periodsOfYear(y, f);
          expect(all).toHaveLength(f === 'monthly' ? 12 : 4);
          expect(all).toContain(p);
          expect(d <= lastDayOf(p)).toBe(true);
          // The day after the last day is in the next period (or next year).
          const next = new Date(new Date(`${lastDayOf(p)}T00:00:00Z`).getTime() + 86_400_000).toISOString().slice(0, 10);
          expect(periodOf(next, f)).not.toBe(p);
        },
      ),
    );
  });
  it('knows February and quarters by hand', () => {
    expect(lastDayOf('2024-02')).toBe('2024-02-29');
    expect(lastDayOf('2026-02')).toBe('2026-02-28');
    expect(lastDayOf('2026-Q3')).toBe('2026-09-30');
    expect(periodOf('2026-11-30', 'quarterly')).toBe('2026-Q4');
  });
});

describe('obligations', () => {
  it('on 2026-12-07 a branch that held everything but November’s committee owes exactly that', () => {
    const held: { kind: MeetingKind; heldOn: string }[] = [];
    for (let m = 1; m <= 11; m++) {
      const d = `2026-${String(m).padStart(2, '0')}-10`;
      for (const k of ['group', 'theme_day'] as const) held.push({ kind: k, heldOn: d });
      if (m !== 11) held.push({ kind: 'committee', heldOn: d });
      if (m % 3 === 0) for (const k of ['member_assembly', 'lecture'] as const) held.push({ kind: k, heldOn: d });
    }
    const o = obligations(2026, '2026-12-07', held);
    expect(o.flatMap((x) => x.overdue.map((p) => overdueWords(x.kind, p)))).toEqual(['2026年11月 无支部委员会']);
    const committee = o.find((x) => x.kind === 'committee')!;
    expect([committee.held, committee.requiredSoFar, committee.requiredInYear, committee.dueNow]).toEqual([10, 11, 12, true]);
    const assembly = o.find((x) => x.kind === 'member_assembly')!;
    expect([assembly.held, assembly.requiredSoFar, assembly.overdue, assembly.dueNow]).toEqual([3, 3, [], true]);
    // Without a committee nothing is owed for 支部委员会.
    expect(obligations(2026, '2026-12-07', held, false).find((x) => x.kind === 'committee')).toMatchObject({ overdue: [], requiredSoFar: 0, applies: false });
  });

  it('overdue periods are exactly the periods over by today with none held, and holding one more never adds an obligation (property)', () => {
    fc.assert(
      fc.property(
        year.chain((y) => fc.tuple(fc.constant(y), dateIn(y), fc.array(fc.record({ kind, heldOn: dateIn(y) }), { maxLength: 60 }))),
        kind,
        fc.boolean(),
        ([y, today, held], extraKind, committee) => {
          const o = obligations(y, today, held, committee);
          for (const x of o) {
            const f = MEETING_FREQUENCY[x.kind];
            expect(x.overdue.length).toBeLessThanOrEqual(x.requiredSoFar);
            for (const p of x.overdue) {
              expect(lastDayOf(p) < today).toBe(true);
              expect(held.some((m) => m.kind === x.kind && periodOf(m.heldOn, f) === p)).toBe(false);
            }
            if (x.applies)
              for (const p of periodsOfYear(y, f))
                if (lastDayOf(p) < today && !held.some((m) => m.kind === x.kind && periodOf(m.heldOn, f) === p)) expect(x.overdue).toContain(p);
            expect(x.held).toBe(held.filter((m) => m.kind === x.kind).length);
          }
          const more = obligations(y, today, [...held, { kind: extraKind, heldOn: today }], committee);
          const before = o.reduce((n, x) => n + x.overdue.length, 0);
          const after = more.reduce((n, x) => n + x.overdue.length, 0);
          expect(after).toBeLessThanOrEqual(before);
        },
      ),
    );
  });

  it('a year not begun owes nothing; a past year is judged whole', () => {
    expect(obligations(2027, '2026-12-07', []).every((x) => x.overdue.length === 0 && !x.dueNow)).toBe(true);
    const past = obligations(2025, '2026-12-07', []);
    expect(past.find((x) => x.kind === 'theme_day')!.overdue).toHaveLength(12);
    expect(past.find((x) => x.kind === 'lecture')!.overdue).toEqual(['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']);
  });
});

describe('attendance', () => {
  const member = fc.record({ id: fc.integer({ min: 1, max: 50 }), posts: fc.subarray(['secretary', 'deputy_secretary', 'committee_member', 'pioneer:x']) });
  it('a committee meeting expects the committee posts only; other kinds everyone (property)', () => {
    fc.assert(
      fc.property(fc.array(member, { maxLength: 20 }), kind, (ms, k) => {
        const e = expectedAttendees(k, ms);
        if (k === 'committee') {
          expect(e.every((m) => m.posts.some((p) => p !== 'pioneer:x'))).toBe(true);
          expect(ms.filter((m) => !e.includes(m)).every((m) => m.posts.every((p) => p === 'pioneer:x'))).toBe(true);
        } else expect(e).toEqual(ms);
      }),
    );
    expect(hasCommittee([['secretary'], []])).toBe(false);
    expect(hasCommittee([['secretary'], ['committee_member']])).toBe(true);
  });

  it('the roll call gives every expected member one status; the rate is present ÷ expected (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 100 }), { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 30 }), (expected, picks) => {
        const present = expected.filter((_, i) => (picks[i] ?? 0) % 3 === 0);
        const excused = expected.filter((_, i) => (picks[i] ?? 0) % 3 === 1).map((memberId) => ({ memberId, reason: '出差' }));
        const r = rollCall(expected, present, excused);
        if (!('rows' in r)) throw new Error('problem');
        expect(r.rows.map((x) => x.memberId)).toEqual(expected);
        const c = countAttendance(r.rows.map((x) => x.status));
        expect([c.present, c.excused, c.present + c.absent + c.excused]).toEqual([present.length, excused.length, expected.length]);
        const rate = attendanceRate(c);
        if (expected.length === 0) expect(rate).toBeNull();
        else {
          expect(rate).toBeGreaterThanOrEqual(0);
          expect(rate).toBeLessThanOrEqual(1);
          expect(rate).toBeCloseTo(present.length / expected.length, 10);
        }
      }),
    );
  });

  it('refuses someone not expected, or present and excused at once', () => {
    expect(rollCall([1, 2], [3], [])).toEqual({ problem: 'NOT_ATTENDEE', memberId: 3 });
    expect(rollCall([1, 2], [], [{ memberId: 9, reason: 'x' }])).toEqual({ problem: 'NOT_ATTENDEE', memberId: 9 });
    expect(rollCall([1, 2], [1], [{ memberId: 1, reason: 'x' }])).toEqual({ problem: 'PRESENT_AND_EXCUSED', memberId: 1 });
    expect(countAttendance([...ATTENDANCE_STATUSES])).toEqual({ present: 1, absent: 1, excused: 1 });
  });
});

describe('states', () => {
  it('planned → held or cancelled; held may be recorded again; cancelled is final', () => {
    expect(meetingTransition('planned', 'record')).toBe('held');
    expect(meetingTransition('planned', 'cancel')).toBe('cancelled');
    expect(meetingTransition('held', 'record')).toBe('held');
    expect(meetingTransition('held', 'cancel')).toBeNull();
    expect(meetingTransition('cancelled', 'record')).toBeNull();
    expect(meetingTransition('cancelled', 'cancel')).toBeNull();
  });
});
