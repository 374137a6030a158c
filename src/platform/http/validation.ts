/**
 * How the JSON API (`/api/…`) checks its input, in one place:
 * - bodies are checked exactly as sent, with no type coercion: `"5"` is not 5, `null` is not `""` or
 *   `false` (an `approve: null` must not read as a rejection). Query strings, path parameters and
 *   headers are text on the wire and are converted to the schema's types first;
 * - no string may contain the NUL character or an unpaired UTF-16 surrogate (text that is not valid
 *   Unicode), which PostgreSQL text and jsonb cannot store;
 * - a request body must be JSON (`application/json`), never a form a browser could post cross-site;
 *   only upload routes (`config: { uploads: true }`) take multipart/form-data (cookie sessions still
 *   need the CSRF header there).
 * Other prefixes (Open311, which takes form posts) keep Fastify's default validator.
 */
import type { FastifyInstance, FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';

export const API_PREFIX = '/api/';

/** NUL, or a surrogate half without its partner. */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for (PostgreSQL cannot store it in text)
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** JSON Pointer of the first string (or key) PostgreSQL cannot store, or null. */
function unstorablePath(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path : null;
  if (value === null || typeof value !== 'object' || depth > 64) return null;
  for (const [k, v] of Object.entries(value)) {
    const p = `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (UNSTORABLE.test(k)) return p;
    const found = unstorablePath(v, p, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/** A query-string, path or header value as the number or boolean its schema asks for; other text as sent. */
function fromText(schema: { type?: unknown } | undefined, text: string): unknown {
  const type = schema?.type;
  if ((type === 'integer' || type === 'number') && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return Number(text);
  if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

/**
 * Converts the text fields of a flat object (query string, path parameters, headers) to their schema's
 * types. Strict where TypeBox's `Value.Convert` is lax: "1.5" stays 1.5 (not an integer), "" and "true"
 * stay text, so they fail a number schema instead of becoming 0 or 1.
 */
function convertText(schema: TSchema, data: unknown): unknown {
  const props = (schema as { properties?: Record<string, { type?: unknown }> }).properties;
  if (props === undefined || data === null || typeof data !== 'object' || Array.isArray(data)) return data;
  const out: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  for (const [k, v] of Object.entries(out)) if (typeof v === 'string' && Object.hasOwn(props, k)) out[k] = fromText(props[k], v);
  return out;
}

export const apiValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const validator = Compile(schema);
  return (data: unknown) => {
    const value = httpPart === 'body' ? data : convertText(schema, data);
    if (!validator.Check(value)) return { error: validator.Errors(value) as unknown as FastifySchemaValidationError[] };
    const path = unstorablePath(value);
    if (path === null) return { value };
    const error: FastifySchemaValidationError = {
      keyword: 'text',
      instancePath: path,
      schemaPath: '#',
      params: {},
      message: 'must be valid Unicode text without NUL characters',
    };
    return { error: [error] };
  };
};

const isJson = (contentType: string | undefined) => contentType !== undefined && /^application\/(.+\+)?json\s*(;|$)/i.test(contentType.trim());
const isMultipart = (contentType: string | undefined) => contentType !== undefined && /^multipart\/form-data\s*;/i.test(contentType.trim());

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route takes a multipart/form-data upload (photos) instead of JSON. */
    uploads?: boolean;
  }
}

/** Installs the rules above; call before any route is registered. */
export function installApiValidation(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith(API_PREFIX) && route.validatorCompiler === undefined) route.validatorCompiler = apiValidatorCompiler;
  });
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith(API_PREFIX)) return;
    const length = Number(req.headers['content-length'] ?? 0);
    const hasBody = length > 0 || req.headers['transfer-encoding'] !== undefined;
    const ct = req.headers['content-type'];
    if (hasBody && !isJson(ct) && !(isMultipart(ct) && req.routeOptions.config?.uploads === true)) {
      throw Object.assign(new Error('The API takes JSON bodies: send Content-Type: application/json'), {
        statusCode: 415,
        code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
      });
    }
  });
}
