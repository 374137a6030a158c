/**
 * Open311 GeoReport v2 at /open311/v2 (DOMAIN-RULES §15), in JSON and XML: discovery, services, service
 * definitions, public intake (POST requests, no login, rate-limited per client address) and public
 * progress (GET requests). Errors take the Open311 shape, `[{"code", "description"}]` or
 * `<errors><error>…`, with the same status and message the general error mapper gives the /api
 * routes, except that every bad input is a 400 (GeoReport clients know 400, 403 and 404).
 */
import { routePolicy } from '../../engine/policy.ts';
import { OPEN311_POLICY } from './open311.policy.ts';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TSchema } from 'typebox';
import type { AppContext } from '../../engine/context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import {
  discovery,
  EXTENDED_STATUSES,
  getPublicRequest,
  listPublicRequests,
  listServices,
  MAX_REQUESTS,
  OPEN311_REQUEST_TYPES,
  serviceDefinition,
  submitRequest,
  type Open311SubmitInput,
} from './open311.service.ts';
import type { ErrorBody } from '../../platform/http/errors.ts';
import { toXml, type XmlValue } from './open311-xml.ts';

export const OPEN311_PREFIX = '/open311/v2';
/**
 * Route-level body cap. The largest legitimate POST is an 8000-character Chinese description sent
 * form-encoded: 3 UTF-8 bytes per character, each percent-encoded (%XX) = 9 bytes, about 72 KB.
 */
export const OPEN311_BODY_LIMIT = 128 * 1024;

const Format = Type.Union([Type.Literal('json'), Type.Literal('xml')], { description: 'Response format: json or xml' });
type Format = 'json' | 'xml';
const Jurisdiction = Type.String({ maxLength: 20, description: 'Must be this district’s 6-digit code when given' });
const ApiKey = Type.String({ maxLength: 200, description: 'Accepted and ignored: intake needs no key' });

const OptStr = (maxLength: number, description: string, pattern?: string) =>
  Type.Optional(Type.String({ maxLength, description, ...(pattern === undefined ? {} : { pattern }) }));

const ATTRIBUTE_KEY = '^attribute\\[[A-Za-z0-9_]{1,40}\\]$';
const AttributeValue = Type.String({ maxLength: 200 });

/**
 * The POST body, form-encoded (the standard) or JSON. Every field is text (JSON numbers are coerced),
 * an empty field counts as absent, unknown fields are refused. `attribute[code]` fields carry the
 * service definition's attributes (in JSON also as an `attribute` object).
 */
const PostBody = Type.Object(
  {
    service_code: Type.String({ minLength: 1, maxLength: 60, description: 'A service_code from services.json (a leaf category code)' }),
    description: Type.String({ minLength: 1, maxLength: 8000, description: 'What the problem is, in the requester’s words (1–8000 characters)' }),
    lat: OptStr(40, 'Latitude, WGS-84 decimal degrees; with long', '^([-+]?\\d{1,3}(\\.\\d{1,15})?)?$'),
    long: OptStr(40, 'Longitude, WGS-84 decimal degrees; with lat', '^([-+]?\\d{1,3}(\\.\\d{1,15})?)?$'),
    address_string: OptStr(500, 'Address of the problem'),
    address_id: OptStr(100, 'Address id (e.g. from a building-door QR code)', '^[\\x21-\\x7e]*$'),
    jurisdiction_id: Type.Optional(Jurisdiction),
    community_code: OptStr(12, 'Extension: 12-digit community/village code', '^(\\d{12})?$'),
    street_code: OptStr(9, 'Extension: 9-digit street/town code', '^(\\d{9})?$'),
    request_type: OptStr(20, `Extension: ${OPEN311_REQUEST_TYPES.join(', ')} (default complaint)`, `^(${OPEN311_REQUEST_TYPES.join('|')})?$`),
    first_name: OptStr(50, 'Given name (personal data, never published)'),
    last_name: OptStr(50, 'Family name (personal data, never published)'),
    phone: OptStr(30, 'Phone number (personal data, never published)', '^[0-9+\\- ]*$'),
    email: OptStr(254, 'E-mail (checked, not stored)'),
    device_id: OptStr(200, 'Device id (not stored)'),
    account_id: OptStr(200, 'Account id (not stored)'),
    media_url: OptStr(2000, 'Photo URL, http(s) (checked, not stored yet)'),
    api_key: Type.Optional(ApiKey),
    attribute: Type.Optional(
      Type.Record(Type.String({ pattern: '^[A-Za-z0-9_]{1,40}$' }), AttributeValue, { description: 'JSON form of attribute[code] fields' }),
    ),
  },
  { additionalProperties: false, patternProperties: { [ATTRIBUTE_KEY]: AttributeValue } },
);

const ListQuery = Type.Object(
  {
    jurisdiction_id: Type.Optional(Jurisdiction),
    api_key: Type.Optional(ApiKey),
    service_request_id: OptStr(4000, 'Comma-separated request numbers; overrides every other parameter', '^[A-Za-z0-9]+( *, *[A-Za-z0-9]+)*$'),
    service_code: OptStr(60, 'Only this service', '^[A-Za-z0-9_.]+$'),
    start_date: OptStr(40, 'Requested at or after (W3C datetime; a bare date is local midnight)'),
    end_date: OptStr(40, 'Requested before (W3C datetime; a bare date includes that day); window at most 90 days, default the last 90 days'),
    status: OptStr(20, 'open, closed or both, comma-separated', '^(open|closed)(,(open|closed))*$'),
    agency_responsible: OptStr(200, 'mySociety extension: the lead unit’s name or code'),
    updated_after: OptStr(40, 'Extension: changed at or after (W3C datetime)'),
    updated_before: OptStr(40, 'Extension: changed before (W3C datetime)'),
    max_requests: Type.Optional(
      Type.Integer({ minimum: 1, maximum: MAX_REQUESTS, description: `mySociety extension: at most this many (default and maximum ${MAX_REQUESTS})` }),
    ),
  },
  { additionalProperties: false },
);

const Nullable = (t: TSchema) => Type.Union([t, Type.Null()]);
const ServiceSchema = Type.Object({
  service_code: Type.String(),
  service_name: Type.String(),
  description: Type.String({ description: 'Category path' }),
  metadata: Type.Boolean(),
  type: Type.String(),
  keywords: Type.String(),
  group: Type.String({ description: 'Top-level category' }),
});
const RequestSchema = Type.Object({
  service_request_id: Type.String({ description: 'Ticket number' }),
  status: Type.String({ description: 'open or closed' }),
  extended_status: Type.String({ description: `mySociety extended status: ${EXTENDED_STATUSES.join(', ')}` }),
  status_notes: Type.String({ description: 'The workflow state or outcome in words' }),
  service_name: Nullable(Type.String()),
  service_code: Nullable(Type.String()),
  description: Type.String({ description: 'Only for requests posted through Open311: scrubbed of numbers and e-mails, at most 200 characters' }),
  agency_responsible: Nullable(Type.String({ description: 'Lead handling unit' })),
  service_notice: Nullable(Type.String()),
  requested_datetime: Nullable(Type.String()),
  updated_datetime: Nullable(Type.String()),
  expected_datetime: Nullable(Type.String({ description: 'Reply deadline' })),
  address: Nullable(Type.String({ description: 'Street and community names only' })),
  address_id: Type.Null(),
  zipcode: Type.Null(),
  lat: Nullable(Type.Number({ description: 'Rounded to 3 decimals (~100 m)' })),
  long: Nullable(Type.Number({ description: 'Rounded to 3 decimals (~100 m)' })),
  media_url: Type.Null(),
});
const SubmitResponse = Type.Array(
  Type.Object({
    service_request_id: Type.String({ description: 'Ticket number' }),
    service_notice: Type.String(),
    account_id: Type.Null(),
    token: Type.String({ description: 'The requester’s query code (查询码), shown only here' }),
  }),
);
const DefinitionSchema = Type.Object({
  service_code: Type.String(),
  attributes: Type.Array(
    Type.Object({
      variable: Type.Boolean(),
      code: Type.String(),
      datatype: Type.String(),
      required: Type.Boolean(),
      datatype_description: Type.String(),
      order: Type.Integer(),
      description: Type.String(),
      values: Type.Array(Type.Object({ key: Type.String(), name: Type.String() })),
    }),
  ),
});
const DiscoverySchema = Type.Object({
  changeset: Type.String(),
  contact: Type.String(),
  key_service: Type.Null(),
  endpoints: Type.Array(
    Type.Object({ specification: Type.String(), url: Type.String(), changeset: Type.String(), type: Type.String(), formats: Type.Array(Type.String()) }),
  ),
});
const Open311Errors = Type.Array(
  Type.Object({
    code: Type.Integer({ description: 'HTTP status' }),
    description: Type.String({ description: 'What is wrong, in English' }),
    error_code: Type.String({ description: 'Extension: the platform’s stable error code (e.g. OPEN311.UNKNOWN_SERVICE), for clients that act on it' }),
    description_zh: Type.String({ description: 'Extension: the error in Chinese (the platform’s error catalogue)' }),
  }),
  {
    description: 'Open311 errors (XML: <errors><error><code/><description/><error_code/><description_zh/></error></errors>)',
  },
);
const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, Open311Errors]));

const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 8,
      maxLength: 200,
      pattern: '^[\\x21-\\x7e]+$',
      description: 'Retries with the same key (per client address) return the first answer',
    }),
  ),
});

function send(reply: FastifyReply, format: Format, root: string, data: unknown): FastifyReply {
  if (format === 'xml') return reply.type('text/xml; charset=utf-8').send(toXml(root, data as XmlValue));
  return reply.type('application/json; charset=utf-8').send(data);
}

const formatOfUrl = (url: string): Format => (url.split('?')[0]!.endsWith('.xml') ? 'xml' : 'json');

/** Open311 wants 400 for every bad input; the general mapper says 422 for unknown places and 415 for media types. */
function open311Status(status: number, code: string): number {
  if (code.startsWith('VALIDATION.') && status !== 413) return 400;
  if (code.startsWith('INTAKE.')) return 400;
  return status;
}

/** The general message, made more useful where an Open311 client needs to know what to change. */
function open311Description({ error }: ErrorBody, req: FastifyRequest): string {
  if (error.code === 'VALIDATION.UNSUPPORTED_MEDIA_TYPE')
    return `Unsupported Content-Type ${(req.headers['content-type'] ?? '').slice(0, 100)}; send application/x-www-form-urlencoded or application/json`;
  if (error.code === 'VALIDATION.BODY_TOO_LARGE') return `Request body larger than ${OPEN311_BODY_LIMIT / 1024} KiB`;
  const extra = Array.isArray(error.details)
    ? (error.details[0] as { params?: { additionalProperty?: unknown } } | undefined)?.params?.additionalProperty
    : undefined;
  return typeof extra === 'string' ? `${error.message}: ${extra.slice(0, 60)}` : error.message;
}

/**
 * One entry of an Open311 error list: GeoReport v2's `code` (the HTTP status) and `description`, and
 * two extensions clients that do not know them ignore: the platform's stable `error_code` and the
 * catalogue's Chinese words (`description_zh`), so a client can tell a Chinese user what is wrong.
 */
export function open311Error(status: number, description: string, error: Pick<ErrorBody['error'], 'code' | 'messageZh'>) {
  return { code: status, description, error_code: error.code, description_zh: error.messageZh };
}

const isErrorBody = (x: unknown): x is ErrorBody =>
  typeof x === 'object' && x !== null && typeof (x as ErrorBody).error?.code === 'string' && typeof (x as ErrorBody).error?.message === 'string';

/** Normalises a form or JSON body: trimmed text, empty fields dropped, attributes gathered. */
function submitInputOf(body: Record<string, unknown>): Open311SubmitInput {
  const fields: Record<string, string> = {};
  const attributes: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    // PostgreSQL text cannot hold NUL; the /api validator refuses it too (validation.ts).
    const texts = typeof v === 'string' ? [v] : typeof v === 'object' && v !== null ? Object.values(v) : [];
    if (texts.some((t) => typeof t === 'string' && t.includes('\u0000'))) throw invalid(`${k.slice(0, 60)} must not contain the NUL character`);
    if (k === 'attribute' && typeof v === 'object' && v !== null) {
      for (const [ak, av] of Object.entries(v as Record<string, string>)) if (av.trim() !== '') attributes[ak] = av.trim();
      continue;
    }
    if (typeof v !== 'string') continue;
    // The description keeps its own whitespace (intake trims it and refuses a blank one).
    if (k === 'description') fields[k] = v;
    else if (v.trim() === '') continue;
    else if (k.startsWith('attribute[')) attributes[k.slice('attribute['.length, -1)] = v.trim();
    else fields[k] = v.trim();
  }
  const { service_code = '', description = '', api_key: _ignored, ...rest } = fields;
  return { ...(rest as Omit<Open311SubmitInput, 'attributes' | 'service_code' | 'description'>), service_code, description, attributes };
}

/** This server's Open311 base URL, from the request; a Host header that is not a host name is not echoed. */
function baseUrlOf(req: FastifyRequest): string {
  const host = /^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$|^\[[0-9A-Fa-f:.]{2,45}\](:\d{1,5})?$/.test(req.host) ? req.host : 'localhost';
  return `${req.protocol}://${host}${OPEN311_PREFIX}/`;
}

export function open311Routes(ctx: AppContext, opts: { publicRatePerMinute: number }): FastifyPluginAsyncTypebox {
  const postRate = { max: opts.publicRatePerMinute, timeWindow: 60_000 };
  // Reads are cheaper than intake but not free (a list is up to 1000 rows): a looser limit.
  const readRate = { max: opts.publicRatePerMinute * 10, timeWindow: 60_000 };

  return async (root) => {
    await root.register(
      async (plain) => {
        const app = plain.withTypeProvider<TypeBoxTypeProvider>();
        // Errors are mapped to a status and message by the one general mapper (errors.ts); here they only
        // change shape: the object becomes the Open311 list before serialisation (so the route's error
        // schema applies), and the serialised list becomes XML for .xml URLs.
        app.addHook('preSerialization', async (req, reply, payload: unknown) => {
          if (reply.statusCode < 400 || !isErrorBody(payload)) return payload;
          const status = open311Status(reply.statusCode, payload.error.code);
          void reply.code(status);
          return [open311Error(status, open311Description(payload, req), payload.error)];
        });
        app.addHook('onSend', async (req, reply, payload) => {
          if (reply.statusCode < 400 || typeof payload !== 'string' || formatOfUrl(req.url) !== 'xml') return payload;
          let list: unknown;
          try {
            list = JSON.parse(payload);
          } catch {
            return payload;
          }
          if (!Array.isArray(list)) return payload;
          void reply.type('text/xml; charset=utf-8');
          return toXml('errors', list as XmlValue);
        });
        // Bodies are form-encoded or JSON; Fastify's default text/plain parser would let a string through.
        app.removeContentTypeParser('text/plain');
        app.setNotFoundHandler(async (req) => {
          throw new AppError('NOT_FOUND', `No Open311 resource ${req.method} ${req.url.split('?')[0]}; see ${OPEN311_PREFIX}/discovery.json`);
        });

        app.get(
          '/discovery.:format',
          {
            schema: {
              ...routePolicy(OPEN311_POLICY, 'public'),
              tags: ['open311'],
              summary: 'Open311 discovery: this endpoint, its specification and formats',
              params: Type.Object({ format: Format }),
              response: { 200: DiscoverySchema, ...errors(400) },
            },
          },
          async (req, reply) => send(reply, req.params.format, 'discovery', discovery(baseUrlOf(req))),
        );

        app.get(
          '/services.:format',
          {
            schema: {
              ...routePolicy(OPEN311_POLICY, 'public'),
              tags: ['open311'],
              summary: 'Open311 services: one per active leaf category (问题分类)',
              params: Type.Object({ format: Format }),
              querystring: Type.Object({ jurisdiction_id: Type.Optional(Jurisdiction), api_key: Type.Optional(ApiKey) }, { additionalProperties: false }),
              response: { 200: Type.Array(ServiceSchema), ...errors(400) },
            },
          },
          async (req, reply) => send(reply, req.params.format, 'services', await listServices(ctx, req.query.jurisdiction_id)),
        );

        app.get(
          '/services/:service_code.:format',
          {
            schema: {
              ...routePolicy(OPEN311_POLICY, 'public'),
              tags: ['open311'],
              summary: 'Open311 service definition: the optional community_code attribute (社区/村)',
              params: Type.Object({ service_code: Type.String({ maxLength: 60, pattern: '^[A-Za-z0-9_.]+$' }), format: Format }),
              querystring: Type.Object({ jurisdiction_id: Type.Optional(Jurisdiction), api_key: Type.Optional(ApiKey) }, { additionalProperties: false }),
              response: { 200: DefinitionSchema, ...errors(400, 404) },
            },
          },
          async (req, reply) =>
            send(reply, req.params.format, 'service_definition', await serviceDefinition(ctx, req.params.service_code, req.query.jurisdiction_id)),
        );

        app.post(
          '/requests.:format',
          {
            bodyLimit: OPEN311_BODY_LIMIT,
            config: { rateLimit: postRate },
            schema: {
              ...routePolicy(OPEN311_POLICY, 'public'),
              tags: ['open311'],
              summary: 'Open311 intake: record a request (no login; rate-limited per client address)',
              description:
                'Creates a hotline ticket (channel open311) that waits in state accepted for an operator to dispatch. Needs a location: lat+long, address_string, address_id, community_code or street_code.',
              consumes: ['application/x-www-form-urlencoded', 'application/json'],
              params: Type.Object({ format: Format }),
              headers: IdempotencyHeaders,
              body: PostBody,
              response: { 201: SubmitResponse, ...errors(400, 413, 422, 429) },
            },
          },
          async (req, reply) => {
            const key = req.headers['idempotency-key'];
            const r = await submitRequest(ctx, submitInputOf(req.body as Record<string, unknown>), key ? { scope: `open311:${req.ip}`, key } : undefined);
            // A replay answers exactly what the first request answered, status included.
            if (r.status === 'replayed') void reply.header('idempotent-replayed', 'true');
            return send(reply.status(201), req.params.format, 'service_requests', [r.response]);
          },
        );

        app.get(
          '/requests.:format',
          {
            config: { rateLimit: readRate },
            schema: {
              ...routePolicy(OPEN311_POLICY, 'public'),
              tags: ['open311'],
              summary: 'Open311 requests: public progress of the district’s hotline requests, newest first (no personal data)',
              params: Type.Object({ format: Format }),
              querystring: ListQuery,
              response: { 200: Type.Array(RequestSchema), ...errors(400, 429) },
            },
          },
          async (req, reply) => send(reply, req.params.format, 'service_requests', await listPublicRequests(ctx, req.query)),
        );

        app.get(
          '/requests/:service_request_id.:format',
          {
            config: { rateLimit: readRate },
            schema: {
              ...routePolicy(OPEN311_POLICY, 'public'),
              tags: ['open311'],
              summary: 'Open311 request: one request by number, as a one-element list (no personal data)',
              params: Type.Object({ service_request_id: Type.String({ maxLength: 40, pattern: '^[A-Za-z0-9]+$' }), format: Format }),
              querystring: Type.Object({ jurisdiction_id: Type.Optional(Jurisdiction), api_key: Type.Optional(ApiKey) }, { additionalProperties: false }),
              response: { 200: Type.Array(RequestSchema), ...errors(400, 404, 429) },
            },
          },
          async (req, reply) =>
            send(reply, req.params.format, 'service_requests', [await getPublicRequest(ctx, req.params.service_request_id, req.query.jurisdiction_id)]),
        );
      },
      { prefix: OPEN311_PREFIX },
    );
  };
}
