/**
 * Which errors mean "the database is away" (answered 503, sweeper paused) and which do not. The
 * connection errors are produced by the real `pg` driver against sockets on loopback that refuse,
 * hang up or never answer, so a change of `pg`'s error shapes fails here; the SQLSTATE cases are the
 * fields `pg` copies from the server's ErrorResponse.
 */
import net from 'node:net';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { classifyDatabaseError, describeFailure, isDatabaseUnavailable, loggableError, OutageLog, type OutageLogger } from './availability.ts';

/** An error as `pg` builds it from a server ErrorResponse (DatabaseError with the SQLSTATE in `code`). */
function serverError(code: string, message = 'server said no'): Error {
  return Object.assign(new pg.DatabaseError(message, 0, 'error'), { code, severity: 'FATAL' });
}

/** As drizzle rethrows a failed query: the driver's error is the `cause`. */
const wrapped = (cause: unknown) => new DrizzleQueryError('select 1', [], cause as Error);

/** A TCP server on loopback that does `onSocket` with each connection; returns its port. */
async function tcpServer(onSocket: (s: net.Socket) => void): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
    onSocket(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

async function connectError(port: number, opts: pg.PoolConfig = {}): Promise<unknown> {
  const pool = new pg.Pool({ host: '127.0.0.1', port, user: 'x', database: 'x', connectionTimeoutMillis: 2000, ...opts });
  pool.on('error', () => {});
  try {
    await pool.query('select 1');
    return null;
  } catch (e) {
    return e;
  } finally {
    await pool.end().catch(() => {});
  }
}

describe('classifyDatabaseError', () => {
  it('recognises a refused connection from the real driver, also wrapped by drizzle', async () => {
    const s = await tcpServer(() => {});
    const port = s.port;
    await s.close(); // nothing listens on the port any more
    const e = await connectError(port);
    expect((e as { code?: string }).code).toBe('ECONNREFUSED');
    expect(classifyDatabaseError(e)).toBe('unavailable');
    expect(classifyDatabaseError(wrapped(e))).toBe('unavailable');
    expect(describeFailure(wrapped(e))).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('recognises a server that hangs up during the handshake ("Connection terminated unexpectedly")', async () => {
    const s = await tcpServer((sock) => sock.once('data', () => sock.end()));
    try {
      const e = await connectError(s.port);
      expect(String((e as Error).message)).toMatch(/Connection terminated/);
      expect(isDatabaseUnavailable(e)).toBe(true);
    } finally {
      await s.close();
    }
  });

  it('recognises the pool giving up on a server that never answers (connection timeout)', async () => {
    const s = await tcpServer(() => {}); // accepts and stays silent
    try {
      const started = Date.now();
      const e = await connectError(s.port, { connectionTimeoutMillis: 200 });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(e).toBeInstanceOf(Error);
      expect(isDatabaseUnavailable(e)).toBe(true);
    } finally {
      await s.close();
    }
  });

  it.each([
    ['57P01', 'admin_shutdown'],
    ['57P02', 'crash_shutdown'],
    ['57P03', 'cannot_connect_now'],
    ['53300', 'too_many_connections'],
    ['08000', 'connection_exception'],
    ['08001', 'sqlclient_unable_to_establish_sqlconnection'],
    ['08003', 'connection_does_not_exist'],
    ['08006', 'connection_failure'],
  ])('SQLSTATE %s (%s) is unavailable, bare or wrapped', (code) => {
    expect(classifyDatabaseError(serverError(code))).toBe('unavailable');
    expect(classifyDatabaseError(wrapped(serverError(code)))).toBe('unavailable');
  });

  it.each(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'])('socket error %s is unavailable', (code) => {
    expect(isDatabaseUnavailable(Object.assign(new Error(`connect ${code}`), { code }))).toBe(true);
  });

  it('looks into an AggregateError (Node tries every address of a host name)', () => {
    const e = new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' })], '');
    expect(isDatabaseUnavailable(wrapped(e))).toBe(true);
  });

  it('reads pg messages that carry no code', () => {
    for (const m of [
      'Connection terminated unexpectedly',
      'timeout exceeded when trying to connect',
      'Client has encountered a connection error and is not queryable',
      'Connection terminated due to connection timeout',
    ])
      expect(isDatabaseUnavailable(new Error(m)), m).toBe(true);
  });

  it('calls a statement timeout a timeout, not an outage', () => {
    expect(classifyDatabaseError(wrapped(serverError('57014', 'canceling statement due to statement timeout')))).toBe('timeout');
    expect(isDatabaseUnavailable(serverError('57014'))).toBe(false);
  });

  it('leaves every other error alone', () => {
    for (const code of ['23505', '23503', '42P01', '22P02', '28P01', '3D000', '08P01'])
      expect(classifyDatabaseError(wrapped(serverError(code))), code).toBeNull();
    for (const e of [
      new Error('boom'),
      new TypeError('x is undefined'),
      Object.assign(new Error('nope'), { code: 'WORKFLOW.INVALID_TRANSITION' }),
      null,
      undefined,
      'ECONNREFUSED',
      42,
      {},
    ])
      expect(classifyDatabaseError(e)).toBeNull();
  });

  it('calls a serialization failure or a deadlock a conflict (retry), not an outage', () => {
    for (const code of ['40001', '40P01']) {
      expect(classifyDatabaseError(wrapped(serverError(code))), code).toBe('conflict');
      expect(isDatabaseUnavailable(serverError(code))).toBe(false);
    }
  });

  it("keeps a failed query's parameters out of the loggable form of an error", () => {
    const cause = Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' });
    const e = Object.assign(new Error('Failed query: insert into "tickets" ("requester_name") values ($1)\nparams: 张三,13812345678'), { cause });
    e.stack = `${e.message}\n    at insert (ticket.repository.ts:1:1)`;
    const logged = JSON.stringify(loggableError(e));
    expect(logged).not.toContain('张三');
    expect(logged).not.toContain('13812345678');
    expect(logged).toContain('insert into');
    expect(logged).toContain('params: [omitted]');
    expect(logged).toContain('ticket.repository.ts');
    expect(logged).toContain('23505');
  });

  it('does not loop on an error that is its own cause', () => {
    const e = new Error('self') as Error & { cause?: unknown };
    e.cause = e;
    expect(classifyDatabaseError(e)).toBeNull();
  });
});

describe('OutageLog', () => {
  afterEach(() => vi.useRealTimers());

  function recorder(): OutageLogger & { lines: { level: string; msg: string; obj: object }[] } {
    const lines: { level: string; msg: string; obj: object }[] = [];
    const at = (level: string) => (obj: object, msg: string) => void lines.push({ level, msg, obj });
    return { lines, error: at('error'), warn: at('warn'), info: at('info') };
  }

  it('logs the first failure of a burst, one summary a minute, and the end after a quiet spell', () => {
    vi.useFakeTimers({ now: 0 });
    const log = recorder();
    const outage = new OutageLog({ what: 'requests answered 503', quietMs: 10_000, summaryMs: 60_000 });
    const e = wrapped(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    expect(outage.failed(log, e)).toBe(true);
    // 100 requests over the next 90 s, one every 0.9 s: no new line per request.
    for (let i = 0; i < 100; i++) {
      vi.advanceTimersByTime(900);
      expect(outage.failed(log, e)).toBe(false);
    }
    expect(log.lines.map((l) => l.level)).toEqual(['error', 'warn']);
    expect(log.lines[0]!.obj).toEqual({ database: { code: 'ECONNREFUSED', reason: 'connect ECONNREFUSED 127.0.0.1:5432' } });
    expect(JSON.stringify(log.lines)).not.toContain('stack');
    expect(outage.inOutage).toBe(true);
    vi.advanceTimersByTime(10_000);
    expect(outage.inOutage).toBe(false);
    expect(log.lines.at(-1)).toMatchObject({
      level: 'info',
      msg: expect.stringMatching(/^no database failure for 10 s/),
      obj: { count: 101, outageSeconds: 90 },
    });
    // The next failure is a new outage, logged again; seeing the database answer ends it at once.
    expect(outage.failed(log, e)).toBe(true);
    expect(log.lines.filter((l) => l.level === 'error')).toHaveLength(2);
    vi.advanceTimersByTime(3000);
    outage.ended('answered');
    expect(log.lines.at(-1)).toMatchObject({ level: 'info', msg: expect.stringMatching(/^database answering again/), obj: { count: 1, outageSeconds: 3 } });
    expect(outage.failed(log, e)).toBe(true);
    expect(log.lines.filter((l) => l.level === 'error')).toHaveLength(3);
    outage.dispose();
  });
});
