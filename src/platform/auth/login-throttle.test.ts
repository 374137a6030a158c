import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { LoginThrottle } from './login-throttle.ts';

function clock(start = 0) {
  let t = start;
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

const refused = (f: () => void): boolean => {
  try {
    f();
    return false;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('RATE_LIMITED');
    return true;
  }
};

describe('LoginThrottle', () => {
  it('locks a username after the maximum failures within the window, and only that username', () => {
    const c = clock();
    const t = new LoginThrottle(c.now, { maxFailures: 3, windowMs: 60_000 });
    for (let i = 0; i < 3; i++) {
      expect(refused(() => t.check('Operator'))).toBe(false);
      t.failed('operator');
    }
    expect(refused(() => t.check(' OPERATOR '))).toBe(true);
    expect(refused(() => t.check('callback'))).toBe(false);
    c.advance(60_000);
    expect(refused(() => t.check('operator'))).toBe(false);
  });

  it('tells the seconds to wait, and a success clears the count', () => {
    const c = clock(1_000);
    const t = new LoginThrottle(c.now, { maxFailures: 2, windowMs: 90_000 });
    t.failed('a');
    c.advance(30_000);
    t.failed('a');
    try {
      t.check('a');
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).details).toEqual({ retryAfterSeconds: 60 });
    }
    t.succeeded('a');
    expect(refused(() => t.check('a'))).toBe(false);
  });

  it('refuses exactly when maxFailures failures fell within one window (model check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.record({ gap: fc.integer({ min: 0, max: 40_000 }), op: fc.constantFrom('fail', 'check', 'ok') }), { maxLength: 40 }),
        (max, steps) => {
          const c = clock();
          const windowMs = 60_000;
          const t = new LoginThrottle(c.now, { maxFailures: max, windowMs });
          let model: { count: number; resetAt: number } | undefined;
          for (const s of steps) {
            c.advance(s.gap);
            const now = c.now().getTime();
            if (s.op === 'fail') {
              t.failed('u');
              model = model === undefined || model.resetAt <= now ? { count: 1, resetAt: now + windowMs } : { ...model, count: model.count + 1 };
            } else if (s.op === 'ok') {
              t.succeeded('u');
              model = undefined;
            } else {
              const expected = model !== undefined && model.resetAt > now && model.count >= max;
              expect(refused(() => t.check('u'))).toBe(expected);
            }
          }
        },
      ),
    );
  });
});
