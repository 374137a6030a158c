/**
 * The error mapper answers from the error catalogue: the status and the Chinese and English words of
 * the code beside the thrown message; a code the catalogue lacks is a bug, logged and answered as a
 * generic 500.
 */
import { Writable } from 'node:stream';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { AppError, type ErrorCode } from '../errors.ts';
import { PLATFORM_ERRORS } from '../platform.errors.ts';
import { installErrorHandling, mergeErrorCatalogues } from './errors.ts';

const CATALOGUE = mergeErrorCatalogues([PLATFORM_ERRORS, { 'TEST.GONE_FISHING': { status: 409, zh: '去钓鱼了', en: 'Gone fishing' } }]);

function appThrowing(errors: Record<string, () => unknown>) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n')) if (l) lines.push(JSON.parse(l));
      done();
    },
  });
  const app = Fastify({ loggerInstance: pino({ level: 'info' }, stream) as FastifyBaseLogger });
  installErrorHandling(app, { catalogue: CATALOGUE });
  for (const [path, make] of Object.entries(errors))
    app.post(path, async () => {
      throw make();
    });
  return { app, lines };
}

describe('answers from the error catalogue', () => {
  it('gives a known code its status, keeps the thrown message and adds the catalogue’s words', async () => {
    const { app } = appThrowing({ '/fishing': () => new AppError('TEST.GONE_FISHING' as ErrorCode, 'Back at 5 pm', { pond: 3 }) });
    try {
      const r = await app.inject({ method: 'POST', url: '/fishing' });
      expect(r.statusCode).toBe(409);
      expect(r.json()).toEqual({
        error: {
          code: 'TEST.GONE_FISHING',
          message: 'Back at 5 pm',
          messageZh: '去钓鱼了',
          messageEn: 'Gone fishing',
          details: { pond: 3 },
          requestId: r.headers['x-request-id'] ?? expect.any(String),
        },
      });
      expect(Object.keys(r.json().error)).toEqual(['code', 'message', 'messageZh', 'messageEn', 'details', 'requestId']);
    } finally {
      await app.close();
    }
  });

  it('answers a code the catalogue lacks as a generic 500 and logs it', async () => {
    const { app, lines } = appThrowing({ '/demo': () => new AppError('DEMO.NOT_DECLARED' as ErrorCode, 'secret internals') });
    try {
      const r = await app.inject({ method: 'POST', url: '/demo' });
      expect(r.statusCode).toBe(500);
      expect(r.json().error).toMatchObject({
        code: 'INTERNAL',
        message: 'Internal error',
        messageZh: PLATFORM_ERRORS.INTERNAL.zh,
        messageEn: PLATFORM_ERRORS.INTERNAL.en,
      });
      expect(r.body).not.toMatch(/DEMO|secret/);
      const errors = lines.filter((l) => (l.level as number) >= 50);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ code: 'DEMO.NOT_DECLARED', msg: expect.stringMatching(/not in|missing from/) });
    } finally {
      await app.close();
    }
  });

  it('answers the framework’s own errors (bad JSON, no route) in the same shape, with the words of their codes', async () => {
    const { app } = appThrowing({ '/echo': () => new Error('not reached') });
    try {
      const bad = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: '{"a":' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error).toMatchObject({ code: 'VALIDATION.BAD_REQUEST', messageZh: PLATFORM_ERRORS['VALIDATION.BAD_REQUEST'].zh });
      const none = await app.inject({ method: 'GET', url: '/nowhere' });
      expect(none.statusCode).toBe(404);
      expect(none.json().error).toMatchObject({
        code: 'NOT_FOUND',
        message: 'No route GET /nowhere',
        messageZh: PLATFORM_ERRORS.NOT_FOUND.zh,
        messageEn: PLATFORM_ERRORS.NOT_FOUND.en,
      });
    } finally {
      await app.close();
    }
  });

  it('refuses a code declared by two catalogues', () => {
    expect(() => mergeErrorCatalogues([PLATFORM_ERRORS, { NOT_FOUND: { status: 410, zh: '没了', en: 'Gone' } }])).toThrow(/NOT_FOUND is declared twice/);
  });
});
