/**
 * createHttpApp(opts): the Fastify server with the routes it is given, their schemas, the OpenAPI
 * document at /openapi.json, browsable docs at /docs, one error shape, request ids in `x-request-id`.
 * The platform knows no route: `src/app.ts` passes the engine's and the modules' routes in, from
 * their manifests.
 */
import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { installAuth, type Authenticate } from './auth.ts';
import type { ErrorCatalogue } from '../errors.ts';
import { PLATFORM_ERRORS } from '../platform.errors.ts';
import { answerFrameworkError, installErrorHandling, type ErrorDialect } from './errors.ts';
import { serveWebApp, webAppFallback } from './web-app.ts';
import { errorResponseSchema } from './schemas.ts';
import { installSecurityHeaders, setSecurityHeaders } from './security-headers.ts';
import { installApiValidation } from './validation.ts';

export interface HttpAppOptions {
  /** Set the Secure flag on cookies (behind HTTPS). */
  secureCookies?: boolean;
  /** Directory of the built web app (dist/web) to serve at /, with client-side routes falling back to index.html. */
  webRoot?: string | null;
  /** Log requests (pino); off in tests. */
  logger?: boolean | { level: string };
  /** Proxies whose X-Forwarded-* headers are believed (JIESU_TRUST_PROXY); false = none. */
  trustProxy?: string[] | number | false;
}

/** Query parameters that must never reach a log line. */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:code|token|password)=)[^&#]*/gi, '$1***');
}

export const BODY_LIMIT_BYTES = 1024 * 1024;

/** Believe the nearest `hops` proxies (proxy-addr's hop index counts from the socket's peer, 0). */
const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;

export interface HttpAppParts {
  /** What a session token stands for (the engine's principalFromToken). */
  authenticate: Authenticate;
  /** The routes, in order. */
  plugins: readonly FastifyPluginAsyncTypebox[];
  /** Extensions at the top of the OpenAPI document (`x-…`), e.g. every policy rule of the house. */
  documentExtensions?: Readonly<Record<`x-${string}`, unknown>>;
  /** Runs before every handler, after authentication: the route's authorisation (the engine's authorizeRoute). */
  authorize?: (req: FastifyRequest) => Promise<void>;
  /** Path prefixes answered in another error format (from the manifests). */
  errorDialects?: readonly ErrorDialect[];
  /**
   * Every error code the server may answer with: the platform's and those of the manifests, merged by
   * `mergeErrorCatalogues` (src/main.ts). Default: the platform's own.
   */
  errors?: ErrorCatalogue;
}

export async function createHttpApp(opts: HttpAppOptions, parts: HttpAppParts): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      typeof opts.logger === 'object'
        ? {
            ...opts.logger,
            serializers: {
              // The requester's query code travels in the URL of the public progress page: keep it out of logs.
              req: (req: { method: string; url: string; id: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }),
            },
          }
        : (opts.logger ?? false),
    bodyLimit: BODY_LIMIT_BYTES,
    // The client's address (rate limits, throttles, the public idempotency scope) comes from
    // X-Forwarded-For only when it was set by a proxy named here.
    trustProxy: typeof opts.trustProxy === 'number' ? trustHops(opts.trustProxy) : (opts.trustProxy ?? false),
    requestIdHeader: false,
    genReqId: () => randomUUID(),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
    // Strings of ids may exceed JS's safe integers; they are validated by schema, not trusted.
    routerOptions: { maxParamLength: 200 },
    // A URL the router cannot read still gets the error shape (errors.ts).
    frameworkErrors: (e, req, reply) => {
      setSecurityHeaders(req, reply, { https: opts.secureCookies ?? false });
      answerFrameworkError(e, req, reply, { catalogue: parts.errors, dialects: parts.errorDialects });
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addHook('onRequest', async (req, reply) => {
    void reply.header('x-request-id', req.id);
  });
  installSecurityHeaders(app, { https: opts.secureCookies ?? false });
  installErrorHandling(app, { catalogue: parts.errors, fallback: opts.webRoot ? webAppFallback(opts.webRoot) : undefined });
  installApiValidation(app);
  await app.register(cookie);
  await app.register(formbody);
  await app.register(rateLimit, { global: false });
  app.addSchema(errorResponseSchema(Object.keys(parts.errors ?? PLATFORM_ERRORS)));
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Jiesu 接诉 API',
        version: '0.1.0',
        description: '接诉即办 ticket engine: intake, dispatch, handling, callback and assessment; Open311 GeoReport v2 at /open311/v2.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: 'jiesu_session' } } },
      security: [{ bearer: [] }, { cookie: [] }],
      ...parts.documentExtensions,
    },
    refResolver: { buildLocalReference: (json, _base, _frag, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  installAuth(app, parts.authenticate);
  if (parts.authorize) app.addHook('preHandler', parts.authorize);
  for (const plugin of parts.plugins) await app.register(plugin);
  if (opts.webRoot) await serveWebApp(app, opts.webRoot);
  return app;
}
