/**
 * The one place that turns failures into HTTP answers, all of the shape
 * `{ "error": { "code", "message", "details"?, "requestId" } }`. Unknown errors become a generic 500
 * with nothing internal leaked.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { classifyDatabaseError, describeFailure, loggableError, OutageLog } from '../db/availability.ts';
import { DataDirLockedError } from '../db/dir-lock.ts';

const STATUS_BY_CODE: [RegExp, number][] = [
  [/^VALIDATION\.BODY_TOO_LARGE$/, 413],
  [/^VALIDATION\.UNSUPPORTED_MEDIA_TYPE$/, 415],
  [/^VALIDATION\./, 400],
  [/^AUTH\.(UNAUTHENTICATED|INVALID_CREDENTIALS|SESSION_EXPIRED)$/, 401],
  [/^(AUTH\.FORBIDDEN|WORKFLOW\.FORBIDDEN|AUTH\.CSRF)/, 403],
  [/^NOT_FOUND$/, 404],
  [/^(WORKFLOW\.INVALID_TRANSITION|WORKFLOW\.PRECONDITION_FAILED|TICKET\.|WORKFLOW\.ACTION_NOT_FOR_KIND)/, 409],
  [/^IDEMPOTENCY\./, 422],
  [/^(WORKFLOW\.INVALID_INPUT|WORKFLOW\.NO_TIME_LIMIT|INTAKE\.|UNIT\.|ASSESSMENT\.|CALENDAR\.|ADMIN\.|CATEGORY\.|ATTACHMENT\.)/, 422],
  [/^WHISTLE\./, 422],
  [/^LEDGER\./, 422],
  [/^GRID\./, 422],
  [/^BUILDING\./, 422],
  [/^RATE_LIMITED$/, 429],
  [/^DB\.(UNAVAILABLE|TIMEOUT)$/, 503],
];

export function statusOf(code: string): number {
  for (const [re, status] of STATUS_BY_CODE) if (re.test(code)) return status;
  return 500;
}

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown; requestId: string };
}

export function errorBody(req: FastifyRequest, code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message, requestId: req.id } : { code, message, details, requestId: req.id } };
}

/** Seconds a client is told to wait (`Retry-After`) when the database is away or too slow. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

const DATABASE_ANSWERS = {
  unavailable: { code: 'DB.UNAVAILABLE', message: 'The database is unavailable; try again shortly (repeat a creation with the same Idempotency-Key)' },
  timeout: { code: 'DB.TIMEOUT', message: 'The database took too long to answer; try again shortly' },
  conflict: { code: 'DB.CONFLICT', message: 'The request clashed with concurrent work and was cancelled; try again' },
} as const;

/**
 * Clients of a path prefix that expect another error format than the error shape (Open311's list of
 * `{ code, description }`): the module behind the prefix answers the framework's own errors there.
 */
export interface ErrorDialect {
  prefix: string;
  answer(req: FastifyRequest, reply: FastifyReply, status: number, message: string): void;
}

/**
 * Fastify's `frameworkErrors`: a URL the router cannot read (bad percent-encoding such as `%FF`, a
 * path parameter longer than `maxParamLength`) is refused before any route, hook or error handler
 * runs; without this it would answer Fastify's own body instead of the error shape. Paths of an
 * error dialect (Open311) get that dialect's answer, like every other error there.
 */
export function answerFrameworkError(e: FastifyError, req: FastifyRequest, reply: FastifyReply, dialects: readonly ErrorDialect[] = []): void {
  const message = e.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'A path parameter is too long' : 'The URL is not valid (bad percent-encoding)';
  void reply.status(400).header('x-request-id', req.id);
  const path = req.raw.url ?? '';
  const dialect = dialects.find((d) => path.startsWith(d.prefix));
  if (dialect !== undefined) return dialect.answer(req, reply, 400, message);
  void reply.type('application/json; charset=utf-8').send(JSON.stringify(errorBody(req, 'VALIDATION.BAD_REQUEST', message)));
}

/** Answers a request no route matched, or returns false to let it be a 404 (the web app's routes). */
export type NotFoundFallback = (req: FastifyRequest, reply: FastifyReply) => boolean;

export function installErrorHandling(app: FastifyInstance, fallback?: NotFoundFallback): void {
  // One log line per outage, not a stack trace per request (src/platform/db/availability.ts). Ten quiet seconds
  // end an outage: clients told Retry-After 5 keep failures closer together than that while it lasts.
  const outage = new OutageLog({ what: 'requests answered 503', quietMs: 10_000 });
  app.addHook('onClose', async () => outage.dispose());
  // A signed-in request that got an answer proves the database answers again: its session was read there.
  app.addHook('onResponse', async (req, reply) => {
    if (outage.inOutage && reply.statusCode < 500 && (req as { principal?: unknown }).principal) outage.ended('answered');
  });
  app.setErrorHandler((e: FastifyError | AppError | Error, req: FastifyRequest, reply: FastifyReply) => {
    if (e instanceof AppError) {
      const status = statusOf(e.code);
      return reply.status(status).send(errorBody(req, e.code, e.message, e.details));
    }
    const fe = e as FastifyError;
    if (fe.validation) {
      const details = fe.validation.map((v) => ({ path: v.instancePath || fe.validationContext, message: v.message, params: v.params }));
      return reply.status(400).send(errorBody(req, 'VALIDATION.INVALID_INPUT', `Invalid ${fe.validationContext ?? 'input'}: ${fe.message}`, details));
    }
    if (fe.statusCode === 429) return reply.status(429).send(errorBody(req, 'RATE_LIMITED', 'Too many requests; slow down'));
    if (fe.statusCode !== undefined && fe.statusCode >= 400 && fe.statusCode < 500) {
      // Fastify's own client errors: bad JSON, body too large, unsupported media type…
      const code =
        fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? 'VALIDATION.BODY_TOO_LARGE'
          : fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
            ? 'VALIDATION.UNSUPPORTED_MEDIA_TYPE'
            : 'VALIDATION.BAD_REQUEST';
      return reply.status(fe.statusCode).send(errorBody(req, code, fe.message));
    }
    const failure = e instanceof DataDirLockedError ? 'unavailable' : classifyDatabaseError(e);
    if (failure !== null) {
      if (failure === 'unavailable') outage.failed(req.log, e);
      else if (failure === 'timeout') req.log.warn({ database: describeFailure(e) }, 'database statement timed out (statement_timeout)');
      else req.log.warn({ database: describeFailure(e) }, 'database cancelled a statement (serialization failure, deadlock or replica conflict)');
      const answer = DATABASE_ANSWERS[failure];
      return reply.status(503).header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS)).send(errorBody(req, answer.code, answer.message));
    }
    // No query parameters in the log: they may be a requester's personal data.
    req.log.error({ err: loggableError(e) }, 'unexpected error');
    return reply.status(500).send(errorBody(req, 'INTERNAL', 'Internal error'));
  });
  app.setNotFoundHandler((req, reply) => {
    if (fallback?.(req, reply)) return reply;
    return reply.status(404).send(errorBody(req, 'NOT_FOUND', `No route ${req.method} ${req.url.split('?')[0]}`));
  });
}
