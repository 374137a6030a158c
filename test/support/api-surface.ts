/**
 * The API as the tests see it: its operations read from the OpenAPI document (so a new route is
 * covered, or flagged, without touching the tests), raw requests through `inject`, sessions made
 * without the login route (its throttle would stop a test that signs in many users), and a cheap
 * fingerprint of the whole database to prove that a refused request changed nothing.
 */
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { login } from '../../src/engine/auth.ts';
import { ERROR_CATALOGUE } from '../../src/main.ts';
import { queryRows, type DbOrTx } from '../../src/platform/db/client.ts';
import { PASSWORD, type Harness } from './harness.ts';

export const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  nullable?: boolean;
}

export interface OpenApiParameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema: JsonSchema;
}

export interface OpenApiOperation {
  summary?: string;
  tags?: string[];
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> };
  responses?: Record<string, unknown>;
  /** The policy rule the route names (src/engine/policy.ts): `roles: 'public'` needs no account. */
  'x-policy'?: { rule: string; roles: readonly string[] | 'signed-in' | 'public' };
}

export interface ApiOperation {
  /** `METHOD /path/{param}` as in the OpenAPI document, e.g. `POST /api/tickets/{id}/reveal`. */
  key: string;
  method: string;
  path: string;
  op: OpenApiOperation;
}

/** Every operation under `prefix` in the app's OpenAPI document. */
export function apiOperations(h: Harness, prefix = '/api/'): ApiOperation[] {
  const doc = h.app.swagger() as { paths: Record<string, Record<string, OpenApiOperation>> };
  const out: ApiOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!path.startsWith(prefix)) continue;
    for (const m of HTTP_METHODS) {
      const op = item[m];
      if (op !== undefined) out.push({ key: `${m.toUpperCase()} ${path}`, method: m.toUpperCase(), path, op });
    }
  }
  return out;
}

export const bodySchemaOf = (op: OpenApiOperation): JsonSchema | undefined => op.requestBody?.content['application/json']?.schema;

/** `/api/tickets/{id}` with `{ id: 5 }` → `/api/tickets/5`. Fails on a parameter left unfilled. */
export function fillPath(path: string, params: Record<string, string | number>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`no value for path parameter {${name}} of ${path}`);
    return encodeURIComponent(String(v));
  });
}

/** Bearer tokens made through the use case, not the throttled login route. */
export function sessions(h: Harness): (username: string) => Promise<string> {
  const cache = new Map<string, string>();
  return async (username) => {
    const hit = cache.get(username);
    if (hit !== undefined) return hit;
    const { token } = await login(h.ctx, username, PASSWORD);
    cache.set(username, token);
    return token;
  };
}

/** A fresh client address per request, so the login throttle (per address) never interferes. */
let addressCounter = 0;
export function nextAddress(): string {
  addressCounter++;
  return `10.${(addressCounter >> 16) & 255}.${(addressCounter >> 8) & 255}.${addressCounter & 255}`;
}

export interface RawRequest {
  method: string;
  url: string;
  /** A bearer token, or null for none. */
  token?: string | null;
  /** An object or array is sent as JSON; a string or a Buffer is sent as is (set the content type yourself). */
  payload?: unknown;
  headers?: Record<string, string>;
  remoteAddress?: string;
}

export interface RawResponse {
  status: number;
  body: any;
  text: string;
  headers: Record<string, unknown>;
}

export async function send(h: Harness, r: RawRequest): Promise<RawResponse> {
  const headers: Record<string, string> = { ...(r.headers ?? {}) };
  if (r.token) headers.authorization = `Bearer ${r.token}`;
  let payload: string | Buffer | undefined;
  if (r.payload !== undefined) {
    if (typeof r.payload === 'string' || Buffer.isBuffer(r.payload)) payload = r.payload;
    else {
      payload = JSON.stringify(r.payload);
      headers['content-type'] ??= 'application/json';
    }
  }
  const res = await h.app.inject({
    method: r.method as 'GET',
    url: r.url,
    headers,
    ...(payload === undefined ? {} : { payload }),
    remoteAddress: r.remoteAddress ?? nextAddress(),
  });
  let body: unknown;
  try {
    body = res.body ? JSON.parse(res.body) : null;
  } catch {
    body = undefined;
  }
  return { status: res.statusCode, body, text: res.body, headers: res.headers };
}

/** The one error shape: `{ error: { code, message, messageZh, messageEn, details?, requestId } }` from the error catalogue, the id also in `x-request-id`. */
export function expectErrorShape(res: RawResponse, label = ''): void {
  expect(res.body, `${label}: not a JSON error body: ${res.text.slice(0, 200)}`).toBeTypeOf('object');
  const e = res.body?.error;
  expect(e, `${label}: no "error" object in ${res.text.slice(0, 200)}`).toBeTypeOf('object');
  expect(e.code, label).toMatch(/^[A-Z][A-Z0-9_]*(\.[A-Z][A-Z0-9_]*)*$/);
  expect(e.message, label).toBeTypeOf('string');
  expect(e.message.length, label).toBeGreaterThan(0);
  expect(e.requestId, label).toBeTypeOf('string');
  expect(res.headers['x-request-id'], label).toBe(e.requestId);
  expect(Object.keys(res.body), label).toEqual(['error']);
  expect(
    Object.keys(e).every((k) => ['code', 'message', 'messageZh', 'messageEn', 'details', 'requestId'].includes(k)),
    `${label}: extra keys in ${Object.keys(e)}`,
  ).toBe(true);
  // The code is in the error catalogue, which gives the status and the words for users.
  const entry = Object.hasOwn(ERROR_CATALOGUE, e.code) ? ERROR_CATALOGUE[e.code] : undefined;
  expect(entry, `${label}: ${e.code} is not in the error catalogue`).toBeDefined();
  expect({ status: res.status, messageZh: e.messageZh, messageEn: e.messageEn }, label).toEqual({
    status: entry!.status,
    messageZh: entry!.zh,
    messageEn: entry!.en,
  });
}

/** Tables too large to hash on every request and written by no route: counted only. */
const COUNT_ONLY = new Set(['divisions']);

/**
 * A fingerprint of every table in the public schema: row count plus an order-independent sum of row
 * hashes. Any insert, update or delete changes it (barring a hash collision); ~10 ms on PGlite.
 */
export async function fingerprint(db: DbOrTx): Promise<Record<string, string>> {
  const tables = await queryRows<{ t: string }>(
    db,
    sql`select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  const parts = tables.map(({ t }) =>
    COUNT_ONLY.has(t)
      ? `select '${t}' as t, count(*)::text || ':-' as f from "${t}"`
      : `select '${t}' as t, count(*)::text || ':' || coalesce(sum(hashtext(r::text)::bigint), 0)::text as f from "${t}" r`,
  );
  const rows = await queryRows<{ t: string; f: string }>(db, sql.raw(parts.join(' union all ')));
  return Object.fromEntries(rows.map((r) => [r.t, r.f]));
}
