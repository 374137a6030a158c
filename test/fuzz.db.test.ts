/**
 * No input breaks it: property-based fuzzing of every route from its own schema.
 *
 * For every operation under /api/ and /open311/ in the OpenAPI document, fast-check draws requests
 * from the operation's own schemas (test/support/schema-arbitrary.ts): valid-shaped bodies, path
 * parameters from small realistic pools (ids, codes and numbers of seeded rows, plus 0, -1, huge and
 * non-numeric text) and query strings; and hostile ones (wrong types, unknown fields, dropped fields,
 * huge strings up to the body limit, NUL and lone surrogates, deeply nested JSON, 1e309 / -0 /
 * "NaN", arrays for objects, empty bodies, text/plain, multipart without a file, XML on JSON routes,
 * duplicate query keys). Each is sent as one of admin, supervisor, operator, a street handler, a
 * department handler, a grid worker or nobody. Open311 intake is also fuzzed with form, JSON and XML
 * bodies built from its field set (XML with a DTD, external entities and a billion-laughs bomb, huge
 * attribute arrays, bodies in the wrong encoding).
 *
 * What is checked, for every single request (no sampling, no batching):
 * - the status is never 5xx;
 * - every 4xx body is the error shape (`expectErrorShape` for /api; for /open311 the Open311 list
 *   `[{code, description}]`, or `<errors>` for .xml, whose code is the status);
 * - for every response that is not 2xx, the database fingerprint (`fingerprint()`: row count and a
 *   hash sum of every table) taken right after the request equals the one taken right before it: a
 *   refusal changes nothing, not even partly. The fingerprint is taken after every request (it is the
 *   "before" of the next one), so a change is pinned to the request that made it.
 * - a GET changes nothing either, whatever its answer;
 * - an answer comes within 15 s (a request never answered is reported, not waited for).
 * Not checked: that an accepted (2xx) write changed only what it should (feature tests do that).
 *
 * Reproducible: a fixed seed by default; `FUZZ_SEED=<n>` and `FUZZ_RUNS=<n per operation>` to run more.
 * Every failing request is listed with the seed, the role and the request, so it can be replayed.
 * `FUZZ_DEBUG=1` prints slow requests and valid-shaped ones the schema refused; `FUZZ_DEBUG=2` every request.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { login } from '../src/engine/auth.ts';
import { queryRows } from '../src/platform/db/client.ts';
import { BODY_LIMIT_BYTES } from '../src/platform/http/app.ts';
import { OPEN311_BODY_LIMIT } from '../src/modules/open311/open311.routes.ts';
import { ERROR_CATALOGUE } from '../src/main.ts';
import { sql } from 'drizzle-orm';
import { apiOperations, bodySchemaOf, expectErrorShape, fingerprint, send, sessions, type ApiOperation, type RawResponse } from './support/api-surface.ts';
import { createHarness, dbKind, PASSWORD } from './support/harness.ts';
import { hostileBody, hostileValue, toJsonText, validArbitrary, type Schema } from './support/schema-arbitrary.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20261122);
const RUNS = Number(process.env.FUZZ_RUNS ?? 120);

const h = await createHarness();
afterAll(async () => {
  await h.close();
});
const db = h.ctx.database.db;
const token = sessions(h);

/** The roles every request is sent as (null: no session). */
const ROLES = ['admin', 'supervisor', 'operator', 'street', 'cgw', 'grid', null] as const;
for (const r of ROLES) if (r) await token(r);

// ---------------------------------------------------------------------------------------------
// Pools of realistic values, read from the seeded database.

const col = async <T = string | number>(q: string): Promise<T[]> => (await queryRows<{ v: T }>(db, sql.raw(q))).map((r) => r.v);
const roleUserIds = await col<number>(
  `select id as v from users where username in (${ROLES.filter(Boolean)
    .map((r) => `'${r}'`)
    .join(',')})`,
);
const roleUnitIds = await col<number>(
  `select distinct unit_id as v from users where username in (${ROLES.filter(Boolean)
    .map((r) => `'${r}'`)
    .join(',')})`,
);
const ticketIds = await col<number>(
  `select id as v from (select id, row_number() over (partition by state order by id) as n from tickets) t where n <= 2 order by id limit 40`,
);
const pools = {
  tickets: ticketIds,
  ticketNumbers: await col<string>(`select number as v from tickets order by id limit 10`),
  whistles: await col<number>(`select ticket_id as v from whistles order by 1 limit 5`),
  units: await col<number>(`select id as v from units order by id`),
  /** Units nobody the fuzzer signs in as belongs to: deactivating them cannot lock a role out. */
  otherUnits: (await col<number>(`select id as v from units order by id`)).filter((id) => !roleUnitIds.includes(id)),
  /** Users the fuzzer does not sign in as: their roles, passwords and grids may change. */
  otherUsers: (await col<number>(`select id as v from users order by id`)).filter((id) => !roleUserIds.includes(id)).slice(0, 15),
  categories: await col<number>(`select id as v from categories order by id limit 30`),
  categoryCodes: await col<string>(`select code as v from categories where is_leaf order by id limit 15`),
  divisions: await col<string>(
    `(select code as v from divisions where district_code = '110109' and level = 'street' order by code limit 8) union all (select code from divisions where district_code = '110109' and level = 'community' order by code limit 12)`,
  ),
  ledgers: await col<number>(`select id as v from ledgers order by id limit 10`),
  attachments: await col<number>(`select id as v from attachments order by id limit 10`),
  importRuns: await col<number>(`select id as v from import_runs order by id limit 10`),
  catalogue: await col<number>(`select id as v from dispatch_catalog order by id limit 10`),
  articles: await col<number>(`select id as v from knowledge_articles order by id limit 10`),
  grids: await col<string>(`select code as v from grids order by code limit 10`),
  buildings: await col<string>(`select code as v from buildings order by code limit 10`),
  timeLimits: await col<string>(`select code as v from time_limit_classes order by code`),
};

/** Path values every parameter also gets: not ids, not numbers, out of range, unstorable, traversal. Already URL-encoded. */
const HOSTILE_SEGMENTS = [
  '0',
  '-1',
  '2147483648',
  '9007199254740992',
  '99999999999999999999',
  'abc',
  '1.5',
  '1e3',
  '-0',
  'NaN',
  '0x10',
  '%EF%BC%91',
  '%00',
  '%ED%A0%80',
  '%FF',
  '..',
  '%2E%2E%2Fetc',
  'x'.repeat(300),
  '%20',
  '1%20',
];

/** Realistic values for a path parameter of `path`, before encoding. */
function pathPool(path: string, name: string): readonly (string | number)[] {
  if (name === 'id' || name === 'ticketId') {
    if (/^\/api\/(tickets|whistles)\//.test(path) || name === 'ticketId') return [...pools.tickets, ...pools.whistles];
    if (path.startsWith('/api/ledgers/')) return pools.ledgers;
    if (path.startsWith('/api/imports/')) return pools.importRuns;
    if (path.startsWith('/api/admin/units/')) return pools.otherUnits;
    if (path.startsWith('/api/admin/users/')) return pools.otherUsers;
    if (path.startsWith('/api/attachments/')) return pools.attachments;
    if (path.startsWith('/api/admin/dispatch-catalog/')) return pools.catalogue;
  }
  if (name === 'userId') return pools.otherUsers;
  if (name === 'code' && path.startsWith('/api/admin/grids/')) return pools.grids;
  if (name === 'code' && path.startsWith('/api/public/boards/')) return pools.buildings;
  if (name === 'code' && path.startsWith('/api/admin/time-limits/')) return pools.timeLimits;
  if (name === 'year') return [2025, 2026, 2027];
  if (name === 'number' || name === 'service_request_id') return pools.ticketNumbers;
  if (name === 'service_code') return pools.categoryCodes;
  return [];
}

/** Realistic values for a body or query field, by its name. */
function fieldPool(name: string): readonly unknown[] | undefined {
  const n = name.replace(/s$/, '');
  if (/^(categoryId|category)$/.test(n)) return pools.categories;
  if (/^(unitId|leadUnitId|coUnitId|departmentUnitId|parentId|unit)$/.test(n)) return pools.units;
  if (/^(ticketId|originalId|sourceTicketId)$/.test(n)) return pools.tickets;
  if (/^attachmentId$/.test(n)) return pools.attachments;
  if (/^articleId$/.test(n)) return pools.articles;
  if (/^userId$/.test(n)) return pools.otherUsers;
  if (/^(communityCode|streetCode|divisionCode|community_code|street_code)$/.test(n)) return pools.divisions;
  if (/^(service_code)$/.test(n)) return pools.categoryCodes;
  if (n === 'number') return pools.ticketNumbers;
  return undefined;
}
const arbOpts = { pool: (name: string) => fieldPool(name), maxString: 30, maxItems: 4 };

// ---------------------------------------------------------------------------------------------
// Requests

interface FuzzRequest {
  kind: 'valid' | 'hostile';
  label: string;
  as: (typeof ROLES)[number];
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Exactly as sent. */
  payload?: string | Buffer;
}

/** The path with values already URL-encoded. */
const fill = (path: string, values: Record<string, string>) => path.replace(/\{(\w+)\}/g, (_, n: string) => values[n] ?? 'unfilled');
const enc = (v: unknown) => encodeURIComponent(String(v));

const paramsOf = (o: ApiOperation, where: 'path' | 'query' | 'header') => (o.op.parameters ?? []).filter((p) => p.in === where);

/** Path values: pooled, drawn from the schema, or hostile. */
function pathArb(o: ApiOperation): fc.Arbitrary<{ values: Record<string, string>; hostile: boolean }> {
  const ps = paramsOf(o, 'path');
  if (ps.length === 0) return fc.constant({ values: {}, hostile: false });
  const each = ps.map((p) => {
    const pool = pathPool(o.path, p.name);
    const good = fc.oneof(...(pool.length ? [{ weight: 3, arbitrary: fc.constantFrom(...pool).map(enc) }] : []), {
      weight: 1,
      arbitrary: validArbitrary(p.schema as Schema, arbOpts, p.name).map(enc),
    });
    return fc.oneof(
      { weight: 5, arbitrary: good.map((v) => ({ v, bad: false })) },
      { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_SEGMENTS).map((v) => ({ v, bad: true })) },
    );
  });
  return fc.tuple(...each).map((vs) => ({ values: Object.fromEntries(ps.map((p, i) => [p.name, vs[i]!.v])), hostile: vs.some((x) => x.bad) }));
}

/** A query string (with its leading ?): schema-valid values for some parameters, hostile additions. */
function queryArb(o: ApiOperation): fc.Arbitrary<{ qs: string; hostile: boolean }> {
  const ps = paramsOf(o, 'query');
  const valid = ps.length
    ? fc
        .record(Object.fromEntries(ps.map((p) => [p.name, validArbitrary(p.schema as Schema, arbOpts, p.name).map((v) => `${enc(p.name)}=${enc(v)}`)])), {
          requiredKeys: ps.filter((p) => p.required).map((p) => p.name),
        })
        .map((r) => Object.values(r) as string[])
    : fc.constant([] as string[]);
  const names = ps.length ? ps.map((p) => p.name) : ['q'];
  const hostilePart = fc.oneof(
    fc
      .constantFrom(...names)
      .chain((n) =>
        fc.constantFrom(
          `${n}=1&${n}=2`,
          `${n}=%00`,
          `${n}=%ED%A0%80`,
          `${n}=%ZZ`,
          `${n}=${'9'.repeat(40)}`,
          `${n}=${'x'.repeat(10_000)}`,
          `${n}[a]=1`,
          `${n}=-0`,
          `${n}=NaN`,
          `${n}=1e309`,
          `${n}`,
          `${n}=`,
        ),
      ),
    fc.constantFrom('zzUnknown=1', '__proto__=x', 'constructor[prototype][x]=1', '&&&', '=1', '%'),
  );
  return fc.tuple(valid, fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: hostilePart })).map(([parts, bad]) => {
    const all = bad === null ? parts : [...parts, bad];
    return { qs: all.length ? `?${all.join('&')}` : '', hostile: bad !== null };
  });
}

function headerArb(o: ApiOperation): fc.Arbitrary<{ values: Record<string, string>; hostile: boolean }> {
  const hs = paramsOf(o, 'header');
  if (hs.length === 0) return fc.constant({ values: {}, hostile: false });
  return fc
    .record(
      Object.fromEntries(
        hs.map((p) => [
          p.name,
          fc.oneof(
            { weight: 3, arbitrary: validArbitrary(p.schema as Schema, { maxString: 30 }, p.name).map((v) => ({ v: String(v), bad: false })) },
            {
              weight: 1,
              arbitrary: fc.constantFrom('', ' ', 'x'.repeat(300), '"1', '-1', '99999999999999999999', 'W/"1"', '*').map((v) => ({ v, bad: true })),
            },
          ),
        ]),
      ),
      { requiredKeys: [] },
    )
    .map((r) => {
      const entries = Object.entries(r as Record<string, { v: string; bad: boolean }>);
      return { values: Object.fromEntries(entries.map(([k, x]) => [k, x.v])), hostile: entries.some(([, x]) => x.bad) };
    });
}

const MULTIPART_NO_FILE = '--zz\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--zz--\r\n';
const XML_BODY = '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>';

/** Bodies sent with the wrong content type, or none at all. */
const wrongContentType = (json: fc.Arbitrary<string>) =>
  fc.oneof(
    json.map((t) => ({ label: 'JSON as text/plain', text: t, contentType: 'text/plain' })),
    json.map((t) => ({ label: 'JSON as form', text: t, contentType: 'application/x-www-form-urlencoded' })),
    json.map((t) => ({ label: 'JSON without a content type', text: t, contentType: undefined })),
    fc.constant({ label: 'multipart without a file', text: MULTIPART_NO_FILE, contentType: 'multipart/form-data; boundary=zz' }),
    fc.constant({ label: 'multipart, no boundary', text: MULTIPART_NO_FILE, contentType: 'multipart/form-data' }),
    fc.constant({ label: 'XML on a JSON route', text: XML_BODY, contentType: 'application/xml' }),
    fc.constant({ label: 'empty JSON body', text: '', contentType: 'application/json' }),
    fc.constant({ label: 'JSON in UTF-16', text: '\ufeff{"a":1}', contentType: 'application/json; charset=utf-16' }),
    fc.constant({ label: 'JSON with a BOM', text: '\ufeff{}', contentType: 'application/json' }),
    fc.constant({ label: 'truncated JSON', text: '{"a":', contentType: 'application/json' }),
    fc.constant({ label: 'content type application/json-patch+json', text: '[]', contentType: 'application/json-patch+json' }),
  );

function requestArb(o: ApiOperation): fc.Arbitrary<FuzzRequest> {
  const schema = bodySchemaOf(o.op) as Schema | undefined;
  const limit = o.path.startsWith('/open311/') ? OPEN311_BODY_LIMIT : BODY_LIMIT_BYTES;
  const validBody = schema ? validArbitrary(schema, arbOpts) : undefined;
  const body = validBody
    ? fc.oneof(
        {
          weight: 4,
          arbitrary: validBody.map((v) => ({
            label: 'valid-shaped body',
            text: toJsonText(v) as string | undefined,
            contentType: 'application/json' as string | undefined,
            hostile: false,
          })),
        },
        {
          weight: 3,
          arbitrary: hostileBody(schema!, validBody, limit).map((b) => ({ ...b, contentType: b.contentType ?? 'application/json', hostile: true })),
        },
        { weight: 1, arbitrary: wrongContentType(validBody.map(toJsonText)).map((b) => ({ ...b, hostile: true })) },
        { weight: 1, arbitrary: fc.constant({ label: 'no body', text: undefined, contentType: undefined, hostile: true }) },
      )
    : o.method === 'GET' || o.method === 'DELETE'
      ? fc.oneof(
          {
            weight: 6,
            arbitrary: fc.constant({ label: 'no body', text: undefined as string | undefined, contentType: undefined as string | undefined, hostile: false }),
          },
          { weight: 1, arbitrary: wrongContentType(fc.constant('{"a":1}')).map((b) => ({ ...b, hostile: true })) },
        )
      : fc.oneof(
          {
            weight: 3,
            arbitrary: fc.constant({ label: 'no body', text: undefined as string | undefined, contentType: undefined as string | undefined, hostile: false }),
          },
          { weight: 1, arbitrary: fc.constant({ label: 'empty object', text: '{}', contentType: 'application/json', hostile: false }) },
          {
            weight: 2,
            arbitrary: hostileValue({}, 1000).map((v) => ({
              label: 'unexpected JSON body',
              text: toJsonText(v),
              contentType: 'application/json',
              hostile: true,
            })),
          },
          { weight: 1, arbitrary: wrongContentType(fc.constant('{"a":1}')).map((b) => ({ ...b, hostile: true })) },
        );
  return fc
    .record({ as: fc.constantFrom(...ROLES), path: pathArb(o), query: queryArb(o), headers: headerArb(o), body })
    .map(({ as, path, query, headers, body: b }) => {
      const hdrs: Record<string, string> = { ...headers.values };
      if (b.contentType !== undefined) hdrs['content-type'] = b.contentType;
      const hostile = path.hostile || query.hostile || headers.hostile || b.hostile;
      return {
        kind: hostile ? ('hostile' as const) : ('valid' as const),
        label: b.label,
        as,
        method: o.method,
        url: fill(o.path, path.values) + query.qs,
        headers: hdrs,
        ...(b.text === undefined ? {} : { payload: b.text }),
      };
    });
}

// ---------------------------------------------------------------------------------------------
// Running and checking

const XML_ERRORS =
  /^<\?xml version="1\.0" encoding="utf-8"\?>\n<errors><error><code>(\d{3})<\/code><description>[^<]*<\/description><error_code>([A-Z_.]+)<\/error_code><description_zh>[^<]+<\/description_zh><\/error><\/errors>\s*$/;

/** The Open311 error: `[{code, description}]` in JSON, `<errors>…` for .xml URLs; code = status. */
function expectOpen311ErrorShape(res: RawResponse, url: string, label: string): void {
  if (url.split('?')[0]!.endsWith('.xml') && res.status !== 404) {
    const m = XML_ERRORS.exec(res.text);
    expect(m, `${label}: not an Open311 XML error: ${res.text.slice(0, 200)}`).not.toBeNull();
    expect(Number(m![1]), label).toBe(res.status);
    expect(ERROR_CATALOGUE[m![2]!], `${label}: ${m![2]} is not in the error catalogue`).toBeDefined();
    return;
  }
  if (url.split('?')[0]!.endsWith('.xml')) {
    // An unknown resource: the JSON list or the XML list, both with the status as code.
    if (XML_ERRORS.test(res.text)) return;
  }
  expect(Array.isArray(res.body), `${label}: not an Open311 error list: ${res.text.slice(0, 200)}`).toBe(true);
  expect(res.body.length, label).toBeGreaterThan(0);
  for (const e of res.body) {
    expect(Object.keys(e).sort(), label).toEqual(['code', 'description', 'description_zh', 'error_code']);
    expect(e.code, label).toBe(res.status);
    expect(ERROR_CATALOGUE[e.error_code], `${label}: ${e.error_code} is not in the error catalogue`).toBeDefined();
    expect(e.description_zh, label).toBe(ERROR_CATALOGUE[e.error_code]!.zh);
    expect(typeof e.description === 'string' && e.description.length > 0, label).toBe(true);
  }
}

const tally = { sent: 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, hung: 0, valid: 0, hostile: 0, acceptedValid: 0 };
/** A request not answered within this long is reported as hanging. */
const HANG_MS = 15_000;
const byStatus = new Map<number, number>();
let last: Record<string, string> | undefined;

async function tokenFor(as: string | null, method: string, url: string): Promise<string | null> {
  if (as === null) return null;
  // Logging out ends the session: use a throwaway one, so the shared session stays valid.
  if (method === 'POST' && url.startsWith('/api/auth/logout')) return (await login(h.ctx, as, PASSWORD)).token;
  return token(as);
}

/** Sends one request and returns what is wrong with the answer (empty when nothing). */
async function fire(r: FuzzRequest, where: string): Promise<string[]> {
  const tok = await tokenFor(r.as, r.method, r.url);
  // The fingerprint after the previous request is this one's "before", unless something happened in between.
  const before = last === undefined || (tok !== null && r.url.startsWith('/api/auth/logout')) ? await fingerprint(db) : last;
  if (process.env.FUZZ_DEBUG === '2') console.info(`sending ${r.as} ${r.method} ${r.url.slice(0, 200)} [${r.label}] ${String(r.payload ?? '').slice(0, 300)}`);
  const started = performance.now();
  const answer = send(h, { method: r.method, url: r.url, token: tok, headers: r.headers, ...(r.payload === undefined ? {} : { payload: r.payload }) });
  // A request that is never answered is a failure too (it holds its resources forever): reported, not waited for.
  let timer: NodeJS.Timeout | undefined;
  const res = await Promise.race([answer, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), HANG_MS)))]);
  clearTimeout(timer);
  const ms = performance.now() - started;
  const desc = `${where} as ${r.as ?? 'anonymous'} [${r.kind}: ${r.label}] ${r.method} ${r.url.slice(0, 160)} ${r.payload === undefined ? '' : String(r.payload).slice(0, 200)}`;
  if (res === undefined) {
    last = undefined;
    tally.sent++;
    tally.hung++;
    return [`${desc} → no answer in ${HANG_MS / 1000} s`];
  }
  const after = await fingerprint(db);
  last = after;
  tally.sent++;
  tally[r.kind]++;
  const cls = `${Math.floor(res.status / 100)}xx` as '2xx';
  tally[cls] = (tally[cls] ?? 0) + 1;
  byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
  if (r.kind === 'valid' && res.status < 300) tally.acceptedValid++;
  const problems: string[] = [];
  if (process.env.FUZZ_DEBUG && ms > 1000) console.info(`slow (${Math.round(ms)} ms, ${res.status}): ${desc.slice(0, 300)}`);
  if (process.env.FUZZ_DEBUG && r.kind === 'valid' && res.status === 400)
    console.info(`valid-shaped refused: ${desc.slice(0, 400)} → ${res.text.slice(0, 300)}`);
  if (res.status >= 500) problems.push(`${desc} → ${res.status} ${res.text.slice(0, 300)}`);
  if (res.status >= 400 && res.status < 500) {
    try {
      if (r.url.startsWith('/open311/')) expectOpen311ErrorShape(res, r.url, desc);
      else expectErrorShape(res, desc);
    } catch (e) {
      problems.push(String((e as Error).message).split('\n')[0]!);
    }
  }
  if (res.status >= 300 || (r.method === 'GET' && res.status < 300)) {
    const changed = Object.keys({ ...before, ...after }).filter((t) => after[t] !== before[t]);
    if (changed.length) problems.push(`${desc} → ${res.status} but changed ${changed.join(', ')}`);
  }
  return problems;
}

/** A stable per-operation seed, so adding an operation does not change the others' requests. */
function seedFor(key: string): number {
  let x = SEED | 0;
  for (const ch of key) x = (Math.imul(x, 31) + ch.charCodeAt(0)) | 0;
  return x;
}

// ---------------------------------------------------------------------------------------------

const operations = [...apiOperations(h, '/api/'), ...apiOperations(h, '/open311/')];

describe(`fuzzing every route from its schema (${dbKind()}, seed ${SEED}, ${RUNS} runs per operation)`, () => {
  it('covers the whole API', () => {
    expect(operations.length).toBeGreaterThan(80);
    expect(operations.filter((o) => o.path.startsWith('/open311/')).length).toBeGreaterThanOrEqual(5);
  });

  for (const o of operations) {
    it(`${o.key}: never a 5xx, every refusal in the error shape and without a change`, { timeout: 60_000 + RUNS * 1_000 }, async () => {
      last = undefined;
      const requests = fc.sample(requestArb(o), { seed: seedFor(o.key), numRuns: RUNS });
      const problems: string[] = [];
      for (const r of requests) problems.push(...(await fire(r, `seed ${SEED} ${o.key}`)));
      expect(problems).toEqual([]);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// What the fuzzer found, kept as plain regression cases.

describe(`inputs the fuzzer found (${dbKind()})`, () => {
  it('a URL the router cannot read (bad percent-encoding, an over-long parameter) is a 400 in the error shape', async () => {
    for (const url of ['/api/tickets/%FF', '/api/tickets/%ED%A0%80/actions/sign', `/api/ledgers/${'x'.repeat(300)}`, '/api/tickets/%C3%28?q=1']) {
      const res = await send(h, { method: 'GET', url, token: await token('supervisor') });
      expect(res.status, url).toBe(400);
      expectErrorShape(res, url);
      expect(res.body.error.code).toBe('VALIDATION.BAD_REQUEST');
      expect(res.headers['x-content-type-options'], 'security headers').toBe('nosniff');
    }
    const xml = await send(h, { method: 'GET', url: '/open311/v2/requests/%FF.xml' });
    expect(xml.status).toBe(400);
    expect(xml.text).toMatch(XML_ERRORS);
    const json = await send(h, { method: 'GET', url: '/open311/v2/requests/%FF.json' });
    expect(json.body).toEqual([{ code: 400, description: expect.any(String), error_code: expect.any(String), description_zh: expect.any(String) }]);
  });

  it('an empty .xlsx for a ledger import (base64 "=") is refused instead of never answered', async () => {
    const ledger = await send(h, { method: 'POST', url: '/api/ledgers', token: await token('supervisor'), payload: { name: '空文件导入', rules: {} } });
    expect(ledger.status).toBe(201);
    const before = await fingerprint(db);
    const answer = send(h, { method: 'POST', url: `/api/ledgers/${ledger.body.id}/import`, token: await token('supervisor'), payload: { contentBase64: '=' } });
    const res = await Promise.race([answer, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), HANG_MS))]);
    expect(res, 'no answer').toBeDefined();
    expect(res!.status).toBe(422);
    expectErrorShape(res!, 'empty import');
    expect(res!.body.error.code).toBe('LEDGER.IMPORT_UNREADABLE');
    expect(await fingerprint(db)).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------
// Open311 intake in form, JSON and XML

const OPEN311_FIELDS = [
  'service_code',
  'lat',
  'long',
  'address_string',
  'description',
  'email',
  'first_name',
  'last_name',
  'phone',
  'media_url',
  'address_id',
  'device_id',
] as const;
/** Mostly the realistic value, sometimes the bad one. */
const mostly = <A, B>(good: fc.Arbitrary<A>, bad: fc.Arbitrary<B>) =>
  fc.oneof({ weight: 4, arbitrary: good as fc.Arbitrary<A | B> }, { weight: 1, arbitrary: bad });
const open311Valid = fc.record(
  {
    service_code: mostly(fc.constantFrom(...pools.categoryCodes), fc.constantFrom('', 'NO_SUCH', 'a'.repeat(61))),
    lat: mostly(
      fc.double({ min: 39.7, max: 40.2, noNaN: true }).map((v) => v.toFixed(6)),
      fc.constantFrom('0', '-91', '91', '1e3', 'NaN', '', '39.9.9'),
    ),
    long: mostly(
      fc.double({ min: 115.4, max: 116.3, noNaN: true }).map((v) => v.toFixed(6)),
      fc.constantFrom('0', '181', '-181', 'Infinity', ''),
    ),
    address_string: mostly(fc.string({ maxLength: 40 }), fc.constantFrom('门头沟区大峪街道', '<b>x</b>', '\u0000')),
    description: mostly(fc.oneof(fc.constantFrom('路灯不亮，晚上很黑'), fc.string({ minLength: 1, maxLength: 80 })), fc.constantFrom('   ', '')),
    email: mostly(fc.emailAddress(), fc.constantFrom('not-an-email', 'a@b', '@', 'x'.repeat(300))),
    first_name: fc.oneof(fc.constantFrom('王', '小明', ''), fc.string({ maxLength: 60 })),
    last_name: fc.constantFrom('李', 'Smith'),
    phone: mostly(fc.constantFrom('13900001111', '+86 139 0000 1111', 'abc', ''), fc.stringMatching(/^[0-9+\- ]{0,35}$/)),
    media_url: mostly(
      fc.constantFrom('https://example.org/a.jpg', 'http://x/y.png', ''),
      fc.constantFrom('javascript:alert(1)', 'file:///etc/passwd', 'ftp://x', 'x'.repeat(2001)),
    ),
    address_id: fc.constantFrom('B-1-2', '', 'with space'),
    device_id: fc.constantFrom('dev-1', ''),
    'attribute[community_code]': mostly(fc.constantFrom(...pools.divisions), fc.constantFrom('', '123', 'x')),
  },
  { requiredKeys: [] },
);

const ENTITY_BOMB = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('')}]><service_request><description>&lol9;</description></service_request>`;

const xmlOf = (fields: Record<string, string>) =>
  `<?xml version="1.0" encoding="utf-8"?><service_request>${Object.entries(fields)
    .map(([k, v]) => `<${k.replace(/[[\]]/g, '_')}>${v.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</${k.replace(/[[\]]/g, '_')}>`)
    .join('')}</service_request>`;

const hugeAttributes = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`attribute[a${i}]`, 'v'.repeat(20)]));

const open311Request = fc
  .tuple(
    open311Valid,
    fc.constantFrom<'json' | 'xml'>('json', 'xml'),
    fc.constantFrom(
      'form',
      'json',
      'xml',
      'form-latin1',
      'form-bad-escape',
      'json-hostile',
      'form-dup',
      'xml-dtd',
      'xml-bomb',
      'huge-attributes',
      'form-hostile',
    ),
    hostileValue({ type: 'string' }, 100_000),
    fc.constantFrom(...OPEN311_FIELDS),
  )
  .map(([fields, format, encoding, bad, badField]): FuzzRequest => {
    const url = `/open311/v2/requests.${format}`;
    const base = { as: null, method: 'POST', url, kind: 'hostile' as 'hostile' | 'valid' };
    const strs = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)]));
    const form = (o: Record<string, string>) => new URLSearchParams(o).toString();
    switch (encoding) {
      case 'form':
        return { ...base, kind: 'valid', label: 'form', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form(strs) };
      case 'json':
        return { ...base, kind: 'valid', label: 'JSON', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(strs) };
      case 'xml':
        return { ...base, label: 'XML body', headers: { 'content-type': 'text/xml' }, payload: xmlOf(strs) };
      case 'xml-dtd':
        return { ...base, label: 'XML with an external entity', headers: { 'content-type': 'application/xml' }, payload: XML_BODY };
      case 'xml-bomb':
        return { ...base, label: 'billion laughs', headers: { 'content-type': 'application/xml' }, payload: ENTITY_BOMB };
      case 'form-latin1':
        return {
          ...base,
          label: 'form in Latin-1 bytes',
          headers: { 'content-type': 'application/x-www-form-urlencoded; charset=iso-8859-1' },
          payload: Buffer.from(`${form(strs)}&description=caf\u00e9`, 'latin1'),
        };
      case 'form-bad-escape':
        return {
          ...base,
          label: 'form with bad escapes',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: `${form(strs)}&first_name=%ZZ%C3%28%ED%A0%80`,
        };
      case 'form-dup':
        return {
          ...base,
          label: 'form with a repeated field',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: `${form(strs)}&description=a&description=b&service_code=x`,
        };
      case 'huge-attributes':
        return {
          ...base,
          label: 'huge attribute list',
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify({ ...strs, ...hugeAttributes(3000) }),
        };
      case 'json-hostile':
        return {
          ...base,
          label: `JSON with hostile ${badField}`,
          headers: { 'content-type': 'application/json' },
          payload: toJsonText({ ...strs, [badField]: bad }),
        };
      default:
        return {
          ...base,
          label: `form with hostile ${badField}`,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: form({ ...strs, [badField]: typeof bad === 'string' ? bad : (JSON.stringify(bad) ?? '') }),
        };
    }
  });

describe(`Open311 intake with form, JSON and XML bodies (${dbKind()})`, () => {
  it('never a 5xx, every refusal an Open311 error, no change when refused', { timeout: 60_000 + RUNS * 4_000 }, async () => {
    // Other tests wrote in between: take a fresh "before".
    last = undefined;
    const requests = fc.sample(open311Request, { seed: seedFor('open311-intake'), numRuns: RUNS * 8 });
    const problems: string[] = [];
    const before = new Map(byStatus);
    for (const r of requests) problems.push(...(await fire(r, `seed ${SEED} open311 intake`)));
    const here = [...byStatus.entries()]
      .map(([s, n]) => [s, n - (before.get(s) ?? 0)] as const)
      .filter(([, n]) => n > 0)
      .sort((a, b) => a[0] - b[0]);
    console.info(`open311 intake (${dbKind()}): ${requests.length} requests, by status ${here.map(([s, n]) => `${s}:${n}`).join(' ')}`);
    expect(problems).toEqual([]);
    // The valid-shaped form and JSON bodies do get through sometimes, so the accepting path is fuzzed too.
    expect(here.some(([s]) => s === 201)).toBe(true);
  });

  it('does not expand XML entities: a billion-laughs body is refused at once and its text never echoed', async () => {
    for (const format of ['json', 'xml']) {
      const before = await fingerprint(db);
      const started = performance.now();
      const res = await send(h, {
        method: 'POST',
        url: `/open311/v2/requests.${format}`,
        headers: { 'content-type': 'application/xml' },
        payload: ENTITY_BOMB,
      });
      const ms = performance.now() - started;
      expect(res.status).toBe(400);
      expect(res.text).not.toContain('lollol');
      expect(await fingerprint(db)).toEqual(before);
      // Expanding the bomb would take gigabytes and minutes; refusing it takes milliseconds.
      expect(ms).toBeLessThan(5_000);
    }
  });

  it('prints the summary', () => {
    const statuses = [...byStatus.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([s, n]) => `${s}:${n}`)
      .join(' ');
    console.info(
      `fuzz (${dbKind()}, seed ${SEED}, ${RUNS} runs/op): ${tally.sent} requests (${tally.valid} valid-shaped, ${tally.hostile} hostile) — 2xx ${tally['2xx']}, 3xx ${tally['3xx']}, 4xx ${tally['4xx']}, 5xx ${tally['5xx']}, unanswered ${tally.hung}; accepted valid-shaped ${tally.acceptedValid}; by status ${statuses}`,
    );
    expect(tally['5xx']).toBe(0);
    expect(tally.hung).toBe(0);
    expect(tally.sent).toBeGreaterThan(operations.length * RUNS);
  });
});
