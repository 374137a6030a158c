/**
 * Per-account login throttling. The route's per-address limit (10 a minute) stops one machine
 * guessing fast; this stops many machines guessing one account's password: after
 * `maxFailures` wrong passwords for a username within `windowMs`, that username is refused — even
 * with the right password — until the window ends. Names that do not exist are counted the same, so
 * the answer never tells whether an account exists. A successful login clears the count.
 *
 * Counts live in memory, per server process: with N processes an attacker gets N times the attempts
 * (still a few hundred a day instead of millions), and a restart forgets them. docs/SECURITY.md.
 */
import type { Clock } from '../context.ts';
import { AppError } from '../errors.ts';

export interface LoginThrottleLimits {
  maxFailures: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginThrottleLimits = { maxFailures: 10, windowMs: 15 * 60_000 };

/** Most usernames tracked; expired windows are dropped first when it is reached. */
const MAX_TRACKED = 20_000;

export class LoginThrottle {
  readonly #failures = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: LoginThrottleLimits = DEFAULT_LOGIN_LIMITS,
  ) {}

  static key(username: string): string {
    return username.trim().normalize('NFKC').toLowerCase();
  }

  /** Throws RATE_LIMITED (429, with the seconds to wait) while the username is locked. */
  check(username: string): void {
    const w = this.#failures.get(LoginThrottle.key(username));
    const now = this.clock().getTime();
    if (w === undefined || w.resetAt <= now || w.count < this.limits.maxFailures) return;
    throw new AppError('RATE_LIMITED', '登录失败次数过多，请稍后再试 Too many failed sign-ins for this account; try again later', {
      retryAfterSeconds: Math.ceil((w.resetAt - now) / 1000),
    });
  }

  failed(username: string): void {
    const key = LoginThrottle.key(username);
    const now = this.clock().getTime();
    if (this.#failures.size >= MAX_TRACKED) for (const [k, w] of this.#failures) if (w.resetAt <= now) this.#failures.delete(k);
    if (this.#failures.size >= MAX_TRACKED) this.#failures.delete(this.#failures.keys().next().value!);
    const w = this.#failures.get(key);
    if (w === undefined || w.resetAt <= now) this.#failures.set(key, { count: 1, resetAt: now + this.limits.windowMs });
    else w.count++;
  }

  succeeded(username: string): void {
    this.#failures.delete(LoginThrottle.key(username));
  }
}
