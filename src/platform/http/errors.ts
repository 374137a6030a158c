/**
 * The one place that turns failures into HTTP answers, all of the shape
 * `{ "error": { "code", "message", "messageZh", "messageEn", "details"?, "requestId" } }`: every
 * failure becomes an AppError whose code the error catalogue knows (its status and its words for
 * users, src/platform/errors.ts). Unknown errors become a generic 500 with nothing internal leaked.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCatalogue, type ErrorEntry } from '../errors.ts';
import { classifyDatabaseError, describeFailure, loggableError, OutageLog } from '../db/availability.ts';
import { DataDirLockedError } from '../db/dir-lock.ts';
import { PLATFORM_ERRORS } from '../platform.errors.ts';

/**
 * The error body. `message` is the thrown message, about this occurrence (which field, which
 * limit, which unit); `messageZh` and `messageEn` are the catalogue's words for the code, the same
 * for every occurrence (docs/ARCHITECTURE.md, "Errors").
 */
export interface ErrorBody {
  error: { code: string; message: string; messageZh: string; messageEn: string; details?: unknown; requestId: string };
}

/**
 * One catalogue out of several (the platform's, the engine's, each module's): a code declared twice
 * is refused, so no layer silently changes what another layer's code means.
 */
export function mergeErrorCatalogues(parts: readonly ErrorCatalogue[]): ErrorCatalogue {
  const out: Record<string, ErrorEntry> = {};
  for (const part of parts)
    for (const [code, entry] of Object.entries(part)) {
      if (Object.hasOwn(out, code)) throw new Error(`Error code ${code} is declared twice`);
      out[code] = entry;
    }
  return Object.freeze(out);
}

/**
 * The status and body of an AppError. A code missing from the catalogue is a bug (the codes the
 * source produces are checked by src/error-catalogue.test.ts): it is logged and answered like any
 * unexpected error, a generic 500.
 */
function answerOf(req: FastifyRequest, catalogue: ErrorCatalogue, e: AppError, details: unknown = e.details): { status: number; body: ErrorBody } {
  const entry = Object.hasOwn(catalogue, e.code) ? catalogue[e.code] : undefined;
  if (entry === undefined) {
    req.log.error({ code: e.code }, 'error code missing from the error catalogue; answered as an internal error');
    return answerOf(req, catalogue, new AppError('INTERNAL', 'Internal error'));
  }
  const { code, message } = e;
  const body = { code, message, messageZh: entry.zh, messageEn: entry.en, ...(details === undefined ? {} : { details }), requestId: req.id };
  return { status: entry.status, body: { error: body } };
}

/** Seconds a client is told to wait (`Retry-After`) when the database is away or too slow. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

const DATABASE_ERRORS = {
  unavailable: () => new AppError('DB.UNAVAILABLE', 'The database is unavailable; try again shortly (repeat a creation with the same Idempotency-Key)'),
  timeout: () => new AppError('DB.TIMEOUT', 'The database took too long to answer; try again shortly'),
  conflict: () => new AppError('DB.CONFLICT', 'The request clashed with concurrent work and was cancelled; try again'),
};

/**
 * Clients of a path prefix that expect another error format than the error shape (Open311's list of
 * `{ code, description }`): the module behind the prefix answers the framework's own errors there.
 */
export interface ErrorDialect {
  prefix: string;
  answer(req: FastifyRequest, reply: FastifyReply, status: number, error: ErrorBody['error']): void;
}

/**
 * Fastify's `frameworkErrors`: a URL the router cannot read (bad percent-encoding such as `%FF`, a
 * path parameter longer than `maxParamLength`) is refused before any route, hook or error handler
 * runs; without this it would answer Fastify's own body instead of the error shape. Paths of an
 * error dialect (Open311) get that dialect's answer, like every other error there.
 */
export function answerFrameworkError(
  e: FastifyError,
  req: FastifyRequest,
  reply: FastifyReply,
  { catalogue = PLATFORM_ERRORS, dialects = [] }: { catalogue?: ErrorCatalogue; dialects?: readonly ErrorDialect[] } = {},
): void {
  const message = e.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'A path parameter is too long' : 'The URL is not valid (bad percent-encoding)';
  const answer = answerOf(req, catalogue, new AppError('VALIDATION.BAD_REQUEST', message));
  void reply.status(answer.status).header('x-request-id', req.id);
  const path = req.raw.url ?? '';
  const dialect = dialects.find((d) => path.startsWith(d.prefix));
  if (dialect !== undefined) return dialect.answer(req, reply, answer.status, answer.body.error);
  void reply.type('application/json; charset=utf-8').send(JSON.stringify(answer.body));
}

/** Fastify's own client errors (bad JSON, body too large, unsupported media type …) as AppErrors. */
function frameworkClientError(fe: FastifyError): AppError {
  if (fe.statusCode === 413 || fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new AppError('VALIDATION.BODY_TOO_LARGE', fe.message);
  if (fe.statusCode === 415 || fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new AppError('VALIDATION.UNSUPPORTED_MEDIA_TYPE', fe.message);
  return new AppError('VALIDATION.BAD_REQUEST', fe.message);
}

/** Answers a request no route matched, or returns false to let it be a 404 (the web app's routes). */
export type NotFoundFallback = (req: FastifyRequest, reply: FastifyReply) => boolean;

export interface ErrorHandlingOptions {
  /** Every code the server may answer with (src/main.ts: the platform's and the manifests'); default the platform's. */
  catalogue?: ErrorCatalogue;
  /** Answers requests no route matched before the 404 (the web app's client-side routes). */
  fallback?: NotFoundFallback;
}

export function installErrorHandling(app: FastifyInstance, { catalogue = PLATFORM_ERRORS, fallback }: ErrorHandlingOptions = {}): void {
  const send = (req: FastifyRequest, reply: FastifyReply, e: AppError, details?: unknown) => {
    const answer = answerOf(req, catalogue, e, details ?? e.details);
    return reply.status(answer.status).send(answer.body);
  };
  // One log line per outage, not a stack trace per request (src/platform/db/availability.ts). Ten quiet seconds
  // end an outage: clients told Retry-After 5 keep failures closer together than that while it lasts.
  const outage = new OutageLog({ what: 'requests answered 503', quietMs: 10_000 });
  app.addHook('onClose', async () => outage.dispose());
  // A signed-in request that got an answer proves the database answers again: its session was read there.
  app.addHook('onResponse', async (req, reply) => {
    if (outage.inOutage && reply.statusCode < 500 && (req as { principal?: unknown }).principal) outage.ended('answered');
  });
  app.setErrorHandler((e: FastifyError | AppError | Error, req: FastifyRequest, reply: FastifyReply) => {
    if (e instanceof AppError) return send(req, reply, e);
    const fe = e as FastifyError;
    if (fe.validation) {
      const details = fe.validation.map((v) => ({ path: v.instancePath || fe.validationContext, message: v.message, params: v.params }));
      return send(req, reply, new AppError('VALIDATION.INVALID_INPUT', `Invalid ${fe.validationContext ?? 'input'}: ${fe.message}`), details);
    }
    if (fe.statusCode === 429) return send(req, reply, new AppError('RATE_LIMITED', 'Too many requests; slow down'));
    if (fe.statusCode !== undefined && fe.statusCode >= 400 && fe.statusCode < 500) return send(req, reply, frameworkClientError(fe));
    const failure = e instanceof DataDirLockedError ? 'unavailable' : classifyDatabaseError(e);
    if (failure !== null) {
      if (failure === 'unavailable') outage.failed(req.log, e);
      else if (failure === 'timeout') req.log.warn({ database: describeFailure(e) }, 'database statement timed out (statement_timeout)');
      else req.log.warn({ database: describeFailure(e) }, 'database cancelled a statement (serialization failure, deadlock or replica conflict)');
      return send(req, reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS)), DATABASE_ERRORS[failure]());
    }
    // No query parameters in the log: they may be a requester's personal data.
    req.log.error({ err: loggableError(e) }, 'unexpected error');
    return send(req, reply, new AppError('INTERNAL', 'Internal error'));
  });
  app.setNotFoundHandler((req, reply) => {
    if (fallback?.(req, reply)) return reply;
    return send(req, reply, new AppError('NOT_FOUND', `No route ${req.method} ${req.url.split('?')[0]}`));
  });
}
