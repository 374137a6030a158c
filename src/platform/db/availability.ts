/**
 * Telling a database that has gone away (or is too slow to answer) from every other failure, and
 * logging an outage once instead of once per request. Only the `pg` driver can see these errors: the
 * embedded PGlite runs in this process and cannot become unreachable.
 */

/**
 * `unavailable`: the server cannot be reached or is shutting down/starting; `timeout`: it took too long;
 * `conflict`: it cancelled the statement to resolve a clash with concurrent work — a serialization
 * failure, a deadlock, or on a read replica a conflict with replay — which a retry normally clears.
 */
export type DatabaseFailure = 'unavailable' | 'timeout' | 'conflict';

/** Socket errors of a connection that could not be made or was cut. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/**
 * SQLSTATEs of a server that is going away or not ready: 57P01 admin_shutdown, 57P02 crash_shutdown,
 * 57P03 cannot_connect_now (starting up, shutting down, in recovery), 53300 too_many_connections.
 * Class 08 (connection exception) is matched separately, except 08P01 protocol_violation, which is a bug.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** 57014 query_canceled: `statement_timeout` fired (or an administrator cancelled the statement). */
const TIMEOUT_SQLSTATES = new Set(['57014']);

/** 40001 serialization_failure (also a hot standby's "conflict with recovery"), 40P01 deadlock_detected. */
const CONFLICT_SQLSTATES = new Set(['40001', '40P01']);

/** Messages of `pg`/`pg-pool` errors that carry no code. */
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|Connection terminated due to connection timeout/i;
const TIMEOUT_MESSAGES = /Query read timeout/i;

/** The error and what it wraps: drizzle puts the driver's error in `cause`, Node's `net` an AggregateError per address. */
function* causes(e: unknown, depth = 0): Generator<unknown> {
  if (e === null || e === undefined || depth > 5) return;
  yield e;
  if (typeof e !== 'object') return;
  if (e instanceof AggregateError) for (const inner of e.errors) yield* causes(inner, depth + 1);
  yield* causes((e as { cause?: unknown }).cause, depth + 1);
}

function classifyOne(e: unknown): DatabaseFailure | null {
  if (typeof e !== 'object' || e === null) return null;
  const code = (e as { code?: unknown }).code;
  const message = String((e as { message?: unknown }).message ?? '');
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code)) return 'unavailable';
    if (code.startsWith('08') && code !== '08P01') return 'unavailable';
    if (TIMEOUT_SQLSTATES.has(code)) return 'timeout';
    if (CONFLICT_SQLSTATES.has(code)) return 'conflict';
  }
  if (UNAVAILABLE_MESSAGES.test(message)) return 'unavailable';
  if (TIMEOUT_MESSAGES.test(message)) return 'timeout';
  return null;
}

/**
 * Whether `e` (or anything it wraps) means the database is unreachable or timed out; null for every
 * other error (constraint violations, bad SQL, bugs), which must keep their own handling.
 */
export function classifyDatabaseError(e: unknown): DatabaseFailure | null {
  let found: DatabaseFailure | null = null;
  for (const c of causes(e)) {
    const kind = classifyOne(c);
    if (kind === 'unavailable') return kind;
    found ??= kind;
  }
  return found;
}

export const isDatabaseUnavailable = (e: unknown): boolean => classifyDatabaseError(e) === 'unavailable';

/**
 * What an unexpected error may put in a log line: its type, code, message and stack, and those of
 * what it wraps — but not a failed query's parameters, which drizzle appends to its message
 * ("Failed query: … params: …") and which may hold a requester's name or phone.
 */
export function loggableError(e: unknown, depth = 0): Record<string, unknown> {
  if (typeof e !== 'object' || e === null) return { message: String(e) };
  const err = e as { name?: unknown; code?: unknown; message?: unknown; stack?: unknown; cause?: unknown };
  const strip = (t: unknown) => (typeof t === 'string' ? t.replace(/\nparams: [\s\S]*?(?=\n\s+at |$)/, '\nparams: [omitted]') : undefined);
  const out: Record<string, unknown> = { type: typeof err.name === 'string' ? err.name : 'Error', message: strip(err.message) ?? String(e) };
  if (typeof err.code === 'string') out.code = err.code;
  if (typeof err.stack === 'string') out.stack = strip(err.stack);
  if (err.cause !== undefined && depth < 3) out.cause = loggableError(err.cause, depth + 1);
  return out;
}

/** A short, stack-free description of a database failure for a log line. */
export function describeFailure(e: unknown): { code?: string; reason: string } {
  for (const c of causes(e)) {
    if (classifyOne(c) === null) continue;
    const code = (c as { code?: unknown }).code;
    const reason = String((c as { message?: unknown }).message ?? c);
    return typeof code === 'string' ? { code, reason } : { reason };
  }
  return { reason: e instanceof Error ? e.message : String(e) };
}

/** The part of a pino logger the outage log needs. */
export interface OutageLogger {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export interface OutageLogOptions {
  /** What failed, for the messages ("requests answered 503", "idle connections lost"). */
  what: string;
  /** Level of the line that opens a burst; default error. */
  level?: 'error' | 'warn';
  /** A failure this long after the previous one starts a new outage (ms). */
  quietMs?: number;
  /** While an outage lasts, one summary line per this many ms. */
  summaryMs?: number;
  now?: () => number;
}

/**
 * Logs a burst of database failures once: the first failure of a burst (one line, no stack trace),
 * then at most one summary line per `summaryMs` while failures continue, and one line when the burst
 * ended (the database answered again, or `quietMs` went by without a failure). A database outage makes every request fail the same way;
 * a stack trace per request would bury the one line an operator needs.
 */
export class OutageLog {
  readonly #opts: Required<Omit<OutageLogOptions, 'now'>>;
  readonly #now: () => number;
  #since: number | null = null;
  #last = 0;
  #count = 0;
  #sinceSummary = 0;
  #lastSummary = 0;
  #endTimer: NodeJS.Timeout | undefined;
  #log: OutageLogger | undefined;

  constructor(opts: OutageLogOptions) {
    this.#opts = { what: opts.what, level: opts.level ?? 'error', quietMs: opts.quietMs ?? 30_000, summaryMs: opts.summaryMs ?? 60_000 };
    this.#now = opts.now ?? Date.now;
  }

  /** True while failures keep coming. */
  get inOutage(): boolean {
    return this.#since !== null;
  }

  /** Records one failure; returns true when it started a new burst (and was logged). */
  failed(log: OutageLogger, e: unknown): boolean {
    const now = this.#now();
    if (this.#since !== null && now - this.#last >= this.#opts.quietMs) this.ended('quiet');
    this.#log = log;
    this.#last = now;
    this.#count++;
    this.#sinceSummary++;
    this.#armEnd();
    if (this.#since === null) {
      this.#since = now;
      this.#lastSummary = now;
      this.#sinceSummary = 0;
      log[this.#opts.level]({ database: describeFailure(e) }, `database unavailable (${this.#opts.what}; logged once per outage)`);
      return true;
    }
    if (now - this.#lastSummary >= this.#opts.summaryMs) {
      log.warn(
        { database: describeFailure(e), count: this.#sinceSummary, outageSeconds: Math.round((now - this.#since) / 1000) },
        `database still unavailable: ${this.#sinceSummary} ${this.#opts.what} since the last report`,
      );
      this.#lastSummary = now;
      this.#sinceSummary = 0;
    }
    return false;
  }

  /**
   * Closes the current burst: `answered` when the caller saw the database answer again, `quiet` after
   * `quietMs` without a failure (the burst is then reported as over, not the database as back).
   */
  ended(by: 'answered' | 'quiet' = 'answered'): void {
    if (this.#endTimer) clearTimeout(this.#endTimer);
    this.#endTimer = undefined;
    if (this.#since === null) return;
    const summary = { count: this.#count, outageSeconds: Math.round(((by === 'answered' ? this.#now() : this.#last) - this.#since) / 1000) };
    this.#log?.info(
      summary,
      by === 'answered'
        ? `database answering again: ${this.#count} ${this.#opts.what} during the outage`
        : `no database failure for ${Math.round(this.#opts.quietMs / 1000)} s: ${this.#count} ${this.#opts.what} in that burst`,
    );
    this.#since = null;
    this.#count = 0;
  }

  /** Stops the timer that reports the end of a burst (on shutdown). */
  dispose(): void {
    if (this.#endTimer) clearTimeout(this.#endTimer);
    this.#endTimer = undefined;
  }

  #armEnd(): void {
    if (this.#endTimer) clearTimeout(this.#endTimer);
    this.#endTimer = setTimeout(() => this.ended('quiet'), this.#opts.quietMs);
    this.#endTimer.unref();
  }
}
