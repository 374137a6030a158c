/**
 * The error mapper's answer to a database that is away or too slow: 503 in the one error shape with
 * Retry-After, never a 500, and one log line per outage instead of one stack trace per request.
 */
import { Writable } from 'node:stream';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import pg from 'pg';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { DATABASE_RETRY_AFTER_SECONDS, installErrorHandling } from './errors.ts';

function appThrowing(errors: Record<string, () => unknown>) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n')) if (l) lines.push(JSON.parse(l));
      done();
    },
  });
  const app = Fastify({ loggerInstance: pino({ level: 'info' }, stream) as FastifyBaseLogger });
  installErrorHandling(app);
  for (const [path, make] of Object.entries(errors))
    app.get(path, async () => {
      throw make();
    });
  return { app, lines };
}

const refused = () =>
  new DrizzleQueryError(
    'select * from sessions where token_hash = $1',
    ['secret-hash'],
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
  );
const shutdown = () => Object.assign(new pg.DatabaseError('terminating connection due to administrator command', 0, 'error'), { code: '57P01' });
const statementTimeout = () =>
  new DrizzleQueryError(
    'select pg_sleep(60)',
    [],
    Object.assign(new pg.DatabaseError('canceling statement due to statement timeout', 0, 'error'), { code: '57014' }),
  );

describe('database errors over HTTP', () => {
  it('answers 503 DB.UNAVAILABLE with Retry-After for every unavailable error, and logs the outage once', async () => {
    const { app, lines } = appThrowing({ '/refused': refused, '/shutdown': shutdown, '/terminated': () => new Error('Connection terminated unexpectedly') });
    try {
      for (let i = 0; i < 20; i++) {
        for (const url of ['/refused', '/shutdown', '/terminated']) {
          const r = await app.inject({ method: 'GET', url });
          expect(r.statusCode, url).toBe(503);
          expect(r.headers['retry-after']).toBe(String(DATABASE_RETRY_AFTER_SECONDS));
          const body = r.json();
          expect(body.error).toMatchObject({ code: 'DB.UNAVAILABLE', requestId: expect.any(String) });
          expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|sessions|secret|57P01/);
        }
      }
      const errors = lines.filter((l) => (l.level as number) >= 50);
      expect(errors).toHaveLength(1);
      expect(errors[0]!.msg).toMatch(/database unavailable/);
      expect(errors[0]!.database).toEqual({ code: 'ECONNREFUSED', reason: 'connect ECONNREFUSED 127.0.0.1:5432' });
      // Neither the query nor its parameters nor a stack trace reach the log.
      expect(JSON.stringify(lines)).not.toMatch(/secret-hash|stack/);
    } finally {
      await app.close();
    }
  });

  it('answers a statement timeout with 503 DB.TIMEOUT, and a plain bug still with a generic 500', async () => {
    const { app } = appThrowing({
      '/slow': statementTimeout,
      '/bug': () => new TypeError('x is undefined'),
      '/unique': () => Object.assign(new pg.DatabaseError('duplicate key', 0, 'error'), { code: '23505' }),
    });
    try {
      const slow = await app.inject({ method: 'GET', url: '/slow' });
      expect(slow.statusCode).toBe(503);
      expect(slow.headers['retry-after']).toBe(String(DATABASE_RETRY_AFTER_SECONDS));
      expect(slow.json().error.code).toBe('DB.TIMEOUT');
      for (const url of ['/bug', '/unique']) {
        const r = await app.inject({ method: 'GET', url });
        expect(r.statusCode, url).toBe(500);
        expect(r.json().error.code).toBe('INTERNAL');
        expect(r.headers['retry-after']).toBeUndefined();
      }
    } finally {
      await app.close();
    }
  });
});
