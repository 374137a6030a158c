/**
 * Open311 GeoReport v2 over HTTP on a real database: discovery, services, definitions, public intake
 * (form and JSON, idempotent, validated, rate-limited), public progress without personal data, and a
 * request posted through Open311 followed to a satisfied callback and into the month's assessment.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extendedStatusOf, parseW3cDateTime, publicDescription, requesterName } from '../src/modules/open311/open311.service.ts';
import { createApp } from '../src/main.ts';
import { createHarness, dbKind, DISTRICT, type Harness } from './support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

const HOUR = 3600_000;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

// ---- a minimal XML reader for our own output (elements and text only) ----------------------------
interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
}
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string) =>
  s.replace(/&(amp|lt|gt|quot|apos|#\d+);/g, (_, e: string) => (e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : ENTITIES[e]!));

/** Parses a document of elements and text; throws on anything not well formed. */
function parseXml(doc: string): XmlNode {
  const body = doc.replace(/^<\?xml version="1\.0" encoding="utf-8"\?>\n/, '').trim();
  const root: XmlNode = { name: '#document', children: [], text: '' };
  const stack: XmlNode[] = [root];
  const re = /<(\/?)([A-Za-z_][\w.-]*)(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let pos = 0;
  while ((m = re.exec(body)) !== null) {
    pos = re.lastIndex;
    const top = stack.at(-1)!;
    if (m[4] !== undefined) {
      if (/[<>]/.test(m[4]) || /&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(m[4])) throw new Error(`bad text ${m[4]}`);
      top.text += decode(m[4]);
    } else if (m[1] === '/') {
      if (top.name !== m[2]) throw new Error(`</${m[2]}> closes <${top.name}>`);
      stack.pop();
    } else {
      const node: XmlNode = { name: m[2]!, children: [], text: '' };
      top.children.push(node);
      if (m[3] !== '/') stack.push(node);
    }
  }
  if (pos !== body.length || stack.length !== 1 || root.children.length !== 1) throw new Error('not a well-formed document');
  return root.children[0]!;
}
const child = (n: XmlNode, name: string) => n.children.find((c) => c.name === name);
const fields = (n: XmlNode) => Object.fromEntries(n.children.map((c) => [c.name, c.text]));

// ---- helpers --------------------------------------------------------------------------------------
async function post(body: unknown, opts: { format?: 'json' | 'xml'; headers?: Record<string, string>; app?: FastifyInstance; json?: boolean } = {}) {
  const app = opts.app ?? h.app;
  const json = opts.json ?? typeof body !== 'string';
  const r = await app.inject({
    method: 'POST',
    url: `/open311/v2/requests.${opts.format ?? 'json'}`,
    payload: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': json ? 'application/json' : FORM['content-type'], ...opts.headers },
  });
  return { status: r.statusCode, text: r.body, body: opts.format === 'xml' ? undefined : safeJson(r.body), headers: r.headers };
}
const form = (o: Record<string, string>) => new URLSearchParams(o).toString();
function safeJson(s: string): any {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}
async function get(url: string) {
  const r = await h.app.inject({ method: 'GET', url });
  return { status: r.statusCode, text: r.body, body: url.split('?')[0]!.endsWith('.xml') ? undefined : safeJson(r.body), headers: r.headers };
}
async function ticketCount(): Promise<number> {
  return (await h.api('supervisor', 'GET', '/api/tickets?limit=1')).body.total;
}
async function ticketByNumber(number: string) {
  const list = await h.api('supervisor', 'GET', `/api/tickets?q=${number}`);
  expect(list.body.items).toHaveLength(1);
  return (await h.api('supervisor', 'GET', `/api/tickets/${list.body.items[0].id}`)).body;
}
let communities: { code: string; name: string; parentCode: string }[] = [];
async function aCommunity() {
  if (communities.length === 0)
    communities = (await h.api('operator', 'GET', '/api/divisions')).body.items.filter((d: { level: string }) => d.level === 'community');
  return communities[0]!;
}
function expectOpen311Error(r: { status: number; body: any }, status: number, pattern?: RegExp) {
  expect(r.status).toBe(status);
  // GeoReport v2's code and description, and the platform's code and Chinese words beside them.
  expect(r.body).toEqual([
    { code: status, description: expect.any(String), error_code: expect.stringMatching(/^[A-Z_]+(\.[A-Z_]+)*$/), description_zh: expect.any(String) },
  ]);
  expect(r.body[0].description_zh).toMatch(/[\u4e00-\u9fff]/);
  if (pattern) expect(r.body[0].description).toMatch(pattern);
}

describe(`Open311 GeoReport v2 (${dbKind()})`, () => {
  it('answers discovery in JSON and XML with this server’s URL', async () => {
    const j = await h.app.inject({ method: 'GET', url: '/open311/v2/discovery.json', headers: { host: 'open311.example.gov.cn:8443' } });
    expect(j.statusCode).toBe(200);
    expect(j.json()).toMatchObject({
      changeset: expect.any(String),
      contact: expect.stringContaining('12345'),
      endpoints: [
        {
          specification: 'http://wiki.open311.org/GeoReport_v2',
          url: 'http://open311.example.gov.cn:8443/open311/v2/',
          type: 'production',
          formats: ['text/xml', 'application/json'],
        },
      ],
    });
    const x = await h.app.inject({ method: 'GET', url: '/open311/v2/discovery.xml', headers: { host: 'open311.example.gov.cn' } });
    expect(x.headers['content-type']).toMatch(/^text\/xml/);
    const doc = parseXml(x.body);
    expect(doc.name).toBe('discovery');
    const endpoint = child(child(doc, 'endpoints')!, 'endpoint')!;
    expect(fields(endpoint)).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', url: 'http://open311.example.gov.cn/open311/v2/' });
    expect(child(endpoint, 'formats')!.children.map((c) => [c.name, c.text])).toEqual([
      ['format', 'text/xml'],
      ['format', 'application/json'],
    ]);
    // A Host header that is not a host name is not echoed into the document.
    const evil = await h.app.inject({ method: 'GET', url: '/open311/v2/discovery.json', headers: { host: 'x"><script>' } });
    expect(evil.json().endpoints[0].url).toBe('http://localhost/open311/v2/');
  });

  it('lists one service per active leaf category in JSON and XML', async () => {
    const cats = (await h.api('operator', 'GET', '/api/categories')).body.items as {
      code: string;
      isLeaf: boolean;
      active: boolean;
      name: string;
      path: string;
    }[];
    const leaves = cats.filter((c) => c.isLeaf && c.active !== false);
    const j = await get('/open311/v2/services.json');
    expect(j.status).toBe(200);
    expect(j.body).toHaveLength(leaves.length);
    const elevator = j.body.find((s: { service_code: string }) => s.service_code === 'URB.PROP.ELEVATOR');
    expect(elevator).toEqual({
      service_code: 'URB.PROP.ELEVATOR',
      service_name: '电梯故障',
      description: '城乡建设/物业管理/电梯故障',
      metadata: true,
      type: 'realtime',
      keywords: expect.stringContaining('电梯,'),
      group: '城乡建设',
    });

    const x = await get('/open311/v2/services.xml');
    expect(x.status).toBe(200);
    const doc = parseXml(x.text);
    expect(doc.name).toBe('services');
    expect(doc.children).toHaveLength(leaves.length);
    expect(doc.children.every((c) => c.name === 'service')).toBe(true);
    const xe = doc.children.map(fields).find((s) => s.service_code === 'URB.PROP.ELEVATOR')!;
    expect(xe).toEqual({ ...elevator, metadata: 'true' });
    expect(Object.keys(xe)).toEqual(['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group']);

    expect((await get(`/open311/v2/services.json?jurisdiction_id=${DISTRICT}`)).status).toBe(200);
    expectOpen311Error(await get('/open311/v2/services.json?jurisdiction_id=310101'), 400, /jurisdiction_id/);
    expect((await get('/open311/v2/services.csv')).status).toBe(400);
  });

  it('gives a service definition with the community attribute, and a 404 for an unknown service', async () => {
    const community = await aCommunity();
    const j = await get('/open311/v2/services/URB.PROP.ELEVATOR.json');
    expect(j.status).toBe(200);
    expect(j.body.service_code).toBe('URB.PROP.ELEVATOR');
    expect(j.body.attributes).toHaveLength(1);
    expect(j.body.attributes[0]).toMatchObject({ code: 'community_code', datatype: 'singlevaluelist', required: false, variable: true, order: 1 });
    expect(j.body.attributes[0].values).toContainEqual({ key: community.code, name: expect.stringContaining(community.name) });

    const x = parseXml((await get('/open311/v2/services/URB.PROP.ELEVATOR.xml')).text);
    expect(x.name).toBe('service_definition');
    const attr = child(child(x, 'attributes')!, 'attribute')!;
    expect(fields(attr)).toMatchObject({ code: 'community_code', datatype: 'singlevaluelist', required: 'false' });
    expect(child(attr, 'values')!.children[0]!.name).toBe('value');

    expectOpen311Error(await get('/open311/v2/services/NO.SUCH.json'), 404, /NO\.SUCH/);
    // An inner category (not a leaf) is not a service.
    expectOpen311Error(await get('/open311/v2/services/URB.PROP.json'), 404);
    const xe = await get('/open311/v2/services/NO.SUCH.xml');
    expect(xe.status).toBe(404);
    const err = parseXml(xe.text);
    expect(err.name).toBe('errors');
    expect(fields(child(err, 'error')!)).toMatchObject({ code: '404' });
    // Unknown paths under the prefix answer in the Open311 shape too.
    expectOpen311Error(await get('/open311/v2/nothing.json'), 404);
  });

  it('takes a form-encoded request into the centre’s queue (accepted, channel open311, no login)', async () => {
    const community = await aCommunity();
    const before = await ticketCount();
    const r = await post(
      form({
        service_code: 'URB.PROP.ELEVATOR',
        description: '3号楼2单元电梯停运两天，老人上下楼困难',
        address_string: '某小区3号楼2单元',
        lat: '39.9401234',
        long: '116.1012345',
        jurisdiction_id: DISTRICT,
        'attribute[community_code]': community.code,
        first_name: '三',
        last_name: '张',
        phone: '13812341234',
        email: 'zhang@example.com',
        device_id: 'device-1',
        media_url: 'https://example.com/a.jpg',
        api_key: 'whatever',
      }),
    );
    expect(r.status).toBe(201);
    expect(r.body).toEqual([
      {
        service_request_id: expect.stringMatching(/^JS20260302\d{6}$/),
        service_notice: expect.any(String),
        account_id: null,
        token: expect.stringMatching(/^\d{6}$/),
      },
    ]);
    expect(await ticketCount()).toBe(before + 1);

    const t = await ticketByNumber(r.body[0].service_request_id);
    expect(t).toMatchObject({
      state: 'accepted',
      channel: 'open311',
      requestType: 'complaint',
      source: 'open311',
      category: { code: 'URB.PROP.ELEVATOR' },
      community: { code: community.code },
      street: { code: community.parentCode },
      address: '某小区3号楼2单元',
      latitude: 39.9401234,
      requester: { name: '张*', phone: '138****1234', masked: true },
    });
    expect(t.events.map((e: { type: string; actor: unknown }) => [e.type, e.actor])).toEqual([['accept', null]]);
    const asOperator = await h.api('operator', 'GET', `/api/tickets/${t.id}`);
    expect(asOperator.body.allowedActions.map((a: { type: string }) => a.type)).toContain('dispatch');
  });

  it('takes a JSON request (numbers for coordinates) and answers in XML when asked', async () => {
    const before = await ticketCount();
    const r = await post(
      { service_code: 'HEAT.COLD', description: '暖气不热，室温只有14度', lat: 39.94, long: 116.1, request_type: 'help' },
      { format: 'xml' },
    );
    expect(r.status).toBe(201);
    const doc = parseXml(r.text);
    expect(doc.name).toBe('service_requests');
    const req = fields(child(doc, 'request')!);
    expect(req).toMatchObject({ service_request_id: expect.stringMatching(/^JS/), token: expect.stringMatching(/^\d{6}$/), account_id: '' });
    expect(await ticketCount()).toBe(before + 1);
    const t = await ticketByNumber(req.service_request_id!);
    expect(t).toMatchObject({
      state: 'accepted',
      channel: 'open311',
      requestType: 'help',
      latitude: 39.94,
      longitude: 116.1,
      requester: { name: '', phone: '' },
    });
  });

  it('is idempotent by Idempotency-Key: a retry returns the same request and creates no ticket', async () => {
    const body = form({ service_code: 'CITY.NOISE.RESIDENTIAL', description: '深夜装修噪音', address_string: '某街道某小区' });
    const headers = { 'idempotency-key': 'open311-retry-0001' };
    const first = await post(body, { headers });
    expect(first.status).toBe(201);
    const count = await ticketCount();
    const again = await post(body, { headers });
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await ticketCount()).toBe(count);
    // The same key with a different request is refused, in the Open311 shape.
    const other = await post(form({ service_code: 'CITY.NOISE.RESIDENTIAL', description: '别的事', address_string: '某处' }), { headers });
    expectOpen311Error(other, 422, /Idempotency-Key/);
    expect(await ticketCount()).toBe(count);
    // Without a key, the same body is a new request.
    expect((await post(body)).status).toBe(201);
    expect(await ticketCount()).toBe(count + 1);
  });

  it('refuses bad input with 400 in the Open311 shape and creates nothing', async () => {
    const ok = { service_code: 'URB.PROP.ELEVATOR', description: '电梯坏了', address_string: '某小区' };
    const before = await ticketCount();
    const cases: [string, () => Promise<{ status: number; body: any }>, RegExp][] = [
      ['missing service_code', () => post(form({ description: 'x', address_string: 'y' })), /service_code/],
      ['unknown service_code', () => post(form({ ...ok, service_code: 'NO.SUCH' })), /service_code NO\.SUCH not found/],
      ['inner category as service_code', () => post(form({ ...ok, service_code: 'URB.PROP' })), /not found/],
      ['missing description', () => post(form({ service_code: ok.service_code, address_string: 'y' })), /description/],
      ['empty description', () => post(form({ ...ok, description: '' })), /description/],
      ['blank description', () => post(form({ ...ok, description: '   \n ' })), /empty/],
      ['NUL in description (form)', () => post(`service_code=URB.PROP.ELEVATOR&description=a%00b&address_string=x`), /NUL/],
      ['NUL in a field (JSON)', () => post({ ...ok, address_string: 'a\u0000b' }), /NUL/],
      ['huge description', () => post({ ...ok, description: '很'.repeat(8001) }), /description/],
      ['no location', () => post(form({ service_code: ok.service_code, description: 'x' })), /location/],
      ['empty location fields', () => post(form({ service_code: ok.service_code, description: 'x', lat: '', long: '', address_string: ' ' })), /location/],
      ['lat not a number', () => post(form({ ...ok, lat: 'abc', long: '116.1' })), /lat/],
      ['lat out of range', () => post(form({ ...ok, lat: '91', long: '116.1' })), /lat/],
      ['lat without long', () => post(form({ service_code: ok.service_code, description: 'x', lat: '39.9' })), /together/],
      ['lat as JSON boolean', () => post({ ...ok, lat: true, long: 116 }), /lat/],
      ['wrong jurisdiction_id', () => post(form({ ...ok, jurisdiction_id: '110105' })), /jurisdiction_id/],
      ['unknown community', () => post(form({ ...ok, community_code: '110109999999' })), /Community/],
      ['community not in street', () => post(form({ ...ok, community_code: communities[0]!.code, street_code: '110109999' })), /not in street/],
      ['malformed community', () => post(form({ ...ok, community_code: '12' })), /community_code/],
      ['unknown attribute', () => post(form({ ...ok, 'attribute[colour]': 'red' })), /attribute\[colour\]/],
      ['unknown field', () => post(form({ ...ok, favourite: 'x' })), /additional properties: favourite$/],
      ['bad media_url', () => post(form({ ...ok, media_url: 'javascript:alert(1)' })), /media_url/],
      ['bad email', () => post(form({ ...ok, email: 'not-an-email' })), /email/],
      ['bad phone', () => post(form({ ...ok, phone: 'call me' })), /phone/],
      ['consultation request_type', () => post(form({ ...ok, request_type: 'consultation' })), /request_type/],
      ['repeated field', () => post('service_code=URB.PROP.ELEVATOR&description=a&description=b&address_string=x', { json: false }), /description/],
      ['garbage JSON', () => post('{"service_code": "URB.PROP', { json: true }), /JSON/i],
      ['JSON array', () => post([ok]), /object/],
      ['JSON nested object', () => post({ ...ok, description: { text: 'x' } }), /description/],
      ['no body', () => h.app.inject({ method: 'POST', url: '/open311/v2/requests.json' }).then((r) => ({ status: r.statusCode, body: r.json() })), /body/],
      [
        'wrong content type',
        () =>
          h.app
            .inject({ method: 'POST', url: '/open311/v2/requests.json', payload: form(ok), headers: { 'content-type': 'text/plain' } })
            .then((r) => ({ status: r.statusCode, body: r.json() })),
        /content-type/i,
      ],
      [
        'bad format',
        () =>
          post(form(ok))
            .then(() => h.app.inject({ method: 'POST', url: '/open311/v2/requests.csv', payload: form(ok), headers: FORM }))
            .then((r) => ({ status: r.statusCode, body: r.json() })),
        /format/,
      ],
    ];
    // `bad format` posts a valid request first: count it.
    for (const [name, run, pattern] of cases) {
      const r = await run();
      expect.soft(r.status, name).toBe(400);
      expect.soft(r.body, name).toEqual([
        {
          code: 400,
          description: expect.stringMatching(pattern),
          error_code: expect.stringMatching(/^VALIDATION\.|^INTAKE\./),
          description_zh: expect.any(String),
        },
      ]);
    }
    expect(await ticketCount()).toBe(before + 1);

    // XML errors
    const x = await post(form({ description: 'x' }), { format: 'xml' });
    expect(x.status).toBe(400);
    expect(x.headers['content-type']).toMatch(/^text\/xml/);
    const doc = parseXml(x.text);
    expect(doc.name).toBe('errors');
    expect(fields(child(doc, 'error')!)).toEqual({
      code: '400',
      description: expect.stringContaining('service_code'),
      error_code: 'VALIDATION.INVALID_INPUT',
      description_zh: '输入有误，请检查后再试',
    });

    // A body over the route's limit (128 KiB) is refused before it is parsed.
    const big = await post(form({ ...ok, description: 'x'.repeat(140 * 1024) }));
    expectOpen311Error(big, 413);
    expect(await ticketCount()).toBe(before + 1);
  });

  it('shows one request publicly without any personal data', async () => {
    const created = await post(
      form({
        service_code: 'URB.PROP.SERVICE',
        description: '物业不作为，请联系我 13912345678 或 li@example.com，身份证110101199001011234',
        address_string: '某小区8号楼1单元101室',
        lat: '39.9401234',
        long: '116.1012345',
        community_code: communities[0]!.code,
        first_name: '四',
        last_name: '李',
        phone: '13912345678',
      }),
    );
    expect(created.status).toBe(201);
    const id = created.body[0].service_request_id;
    const r = await get(`/open311/v2/requests/${id}.json`);
    expect(r.status).toBe(200);
    expect(r.body).toHaveLength(1);
    expect(r.body[0]).toEqual({
      service_request_id: id,
      status: 'open',
      extended_status: 'open',
      status_notes: expect.stringContaining('待派单'),
      service_name: '物业服务',
      service_code: 'URB.PROP.SERVICE',
      description: '物业不作为，请联系我 *** 或 ***，身份证***',
      agency_responsible: null,
      service_notice: expect.any(String),
      requested_datetime: expect.stringMatching(/^2026-03-\d\dT\d\d:\d\d:\d\d\+08:00$/),
      updated_datetime: expect.stringMatching(/\+08:00$/),
      expected_datetime: null,
      address: expect.stringContaining(communities[0]!.name),
      address_id: null,
      zipcode: null,
      lat: 39.94,
      long: 116.101,
      media_url: null,
    });
    for (const secret of ['13912345678', '李四', '李', '101室', '8号楼', 'li@example.com', '110101199001011234', '39.9401234', created.body[0].token])
      expect(r.text, secret).not.toContain(secret);

    const x = await get(`/open311/v2/requests/${id}.xml`);
    const doc = parseXml(x.text);
    expect(doc.name).toBe('service_requests');
    const fx = fields(child(doc, 'request')!);
    expect(fx).toMatchObject({ service_request_id: id, status: 'open', extended_status: 'open', lat: '39.94', long: '116.101', address_id: '', media_url: '' });
    expect(x.text).not.toContain('13912345678');

    expectOpen311Error(await get('/open311/v2/requests/JS20260302999999.json'), 404, /not found/);
    expect((await get('/open311/v2/requests/JS20260302999999.xml')).status).toBe(404);
    expectOpen311Error(await get(`/open311/v2/requests/${id}.json?jurisdiction_id=110105`), 400, /jurisdiction_id/);
    expectOpen311Error(await get('/open311/v2/requests/bad%20id.json'), 400);
  });

  it('never publishes the text of a request taken by phone', async () => {
    const cat = (await h.api('operator', 'GET', '/api/categories')).body.items.find((c: { code: string }) => c.code === 'URB.PROP.FEE').id;
    const created = await h.api('operator', 'POST', '/api/tickets', {
      requestType: 'complaint',
      channel: 'phone',
      categoryId: cat,
      content: '我叫王五，住在某小区5号楼，物业乱收费',
      requesterName: '王五',
      requesterPhone: '13700001111',
    });
    expect(created.status).toBe(201);
    const r = await get(`/open311/v2/requests/${created.body.number}.json`);
    expect(r.status).toBe(200);
    expect(r.body[0]).toMatchObject({ description: '', service_code: 'URB.PROP.FEE', address: null, lat: null });
    expect(r.text).not.toContain('王五');
  });

  it('lists requests newest first with the standard and mySociety filters', async () => {
    const all = await get('/open311/v2/requests.json');
    expect(all.status).toBe(200);
    expect(all.body.length).toBeGreaterThanOrEqual(5);
    const times = all.body.map((r: { requested_datetime: string }) => r.requested_datetime);
    expect([...times].sort().reverse()).toEqual(times);
    expect(all.text).not.toMatch(/13812341234|13912345678|13700001111|张三|李四|王五/);

    const ids = all.body.slice(0, 2).map((r: { service_request_id: string }) => r.service_request_id);
    const some = await get(`/open311/v2/requests.json?service_request_id=${ids.join(',')}`);
    expect(some.body.map((r: { service_request_id: string }) => r.service_request_id).sort()).toEqual([...ids].sort());

    const heat = await get('/open311/v2/requests.json?service_code=HEAT.COLD');
    expect(heat.body.length).toBeGreaterThanOrEqual(1);
    expect(heat.body.every((r: { service_code: string }) => r.service_code === 'HEAT.COLD')).toBe(true);

    expect((await get('/open311/v2/requests.json?status=closed')).body).toEqual([]);
    expect((await get('/open311/v2/requests.json?status=open,closed')).body).toHaveLength(all.body.length);
    expect((await get('/open311/v2/requests.json?max_requests=2')).body).toHaveLength(2);
    expect((await get('/open311/v2/requests.json?start_date=2026-03-02&end_date=2026-03-02')).body).toHaveLength(all.body.length);
    expect((await get('/open311/v2/requests.json?start_date=2026-03-03T00:00:00%2B08:00')).body).toEqual([]);
    expect((await get('/open311/v2/requests.json?end_date=2026-03-01')).body).toEqual([]);
    expect((await get('/open311/v2/requests.json?updated_after=2026-03-02T08:00:00Z')).body).toEqual([]);
    expect((await get('/open311/v2/requests.json?updated_after=2026-03-02')).body).toHaveLength(all.body.length);

    const x = parseXml((await get('/open311/v2/requests.xml?max_requests=3')).text);
    expect(x.name).toBe('service_requests');
    expect(x.children.map((c) => c.name)).toEqual(['request', 'request', 'request']);

    for (const bad of [
      'status=pending',
      'start_date=yesterday',
      'start_date=2026-02-30',
      'start_date=2026-03-02T25:00:00Z',
      'start_date=2025-01-01&end_date=2026-03-01',
      'start_date=2026-03-02&end_date=2026-03-01',
      'service_code=NO.SUCH',
      'agency_responsible=nobody',
      'max_requests=1001',
      'jurisdiction_id=110105',
      'unknown=1',
    ])
      expectOpen311Error(await get(`/open311/v2/requests.json?${bad}`), 400);
  });

  it('follows a request posted through Open311 to a satisfied callback and into the assessment', async () => {
    const community = communities.find((c) => c.parentCode !== communities[0]!.parentCode) ?? communities[0]!;
    const created = await post(
      form({
        service_code: 'CITY.NOISE.RESIDENTIAL',
        description: '楼上每天深夜装修噪音扰民',
        address_string: '某小区3号楼',
        'attribute[community_code]': community.code,
        last_name: '赵',
        first_name: '六',
        phone: '13600002222',
      }),
    );
    expect(created.status).toBe(201);
    const number = created.body[0].service_request_id;
    const t = await ticketByNumber(number);
    expect(t.state).toBe('accepted');
    const cat = t.category.id;

    // The operator dispatches by the catalogue's suggestion.
    const suggestion = await h.api('operator', 'GET', `/api/routing/suggest?categoryId=${cat}&communityCode=${community.code}`);
    expect(suggestion.status).toBe(200);
    const unitId = suggestion.body.leadUnitId;
    const dispatched = await h.api('operator', 'POST', `/api/tickets/${t.id}/actions/dispatch`, {
      leadUnitId: unitId,
      coUnitIds: suggestion.body.coUnitIds,
      fallback: suggestion.body.fallback,
      reason: suggestion.body.reason,
    });
    expect(dispatched.status).toBe(200);
    expect(dispatched.body.state).toBe('dispatched');
    const afterDispatch = (await get(`/open311/v2/requests/${number}.json`)).body[0];
    expect(afterDispatch).toMatchObject({
      status: 'open',
      extended_status: 'action_scheduled',
      agency_responsible: suggestion.body.leadUnit.name,
      expected_datetime: expect.stringMatching(/\+08:00$/),
    });

    const unitCode = (await h.api('operator', 'GET', '/api/units')).body.items.find((u: { id: number }) => u.id === unitId).code;
    const handler = `h.${unitCode.toLowerCase()}`;
    h.clock.advance(1 * HOUR);
    expect((await h.api(handler, 'POST', `/api/tickets/${t.id}/actions/sign`, { note: '已签收' })).body.state).toBe('signed');
    h.clock.advance(2 * HOUR);
    expect((await h.api(handler, 'POST', `/api/tickets/${t.id}/actions/contact`, { method: 'phone', note: '已电话联系' })).body.state).toBe('handling');
    expect((await get(`/open311/v2/requests/${number}.json`)).body[0]).toMatchObject({ status: 'open', extended_status: 'in_progress' });
    h.clock.advance(24 * HOUR);
    expect((await h.api(handler, 'POST', `/api/tickets/${t.id}/actions/reply`, { text: '已联系赵六，协调装修方夜间停工' })).body.state).toBe('replied');
    expect((await get(`/open311/v2/requests/${number}.json`)).body[0]).toMatchObject({ status: 'open', extended_status: 'in_progress' });
    h.clock.advance(4 * HOUR);
    const cb = await h.api('callback', 'POST', `/api/tickets/${t.id}/actions/callback`, {
      valid: true,
      contacted: true,
      resolved: true,
      satisfaction: 'satisfied',
      note: '',
    });
    expect(cb.body).toMatchObject({ state: 'closed' });

    const done = await get(`/open311/v2/requests/${number}.json`);
    const replyDue = (await h.api('supervisor', 'GET', `/api/tickets/${t.id}`)).body.replyDueAt;
    expect(done.body[0]).toMatchObject({
      service_request_id: number,
      status: 'closed',
      extended_status: 'fixed',
      status_notes: expect.stringContaining('已办结'),
      agency_responsible: suggestion.body.leadUnit.name,
      expected_datetime: expect.stringMatching(/\+08:00$/),
      service_notice: null,
    });
    expect(Date.parse(done.body[0].expected_datetime)).toBe(Date.parse(replyDue));
    expect(done.text).not.toMatch(/赵六|13600002222|协调装修方/);
    expect((await get('/open311/v2/requests.json?status=closed')).body.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([number]);
    const byAgency = await get(`/open311/v2/requests.json?agency_responsible=${encodeURIComponent(suggestion.body.leadUnit.name)}`);
    expect(byAgency.body.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([number]);

    const ranking = await h.api('supervisor', 'GET', '/api/assessment/rankings?month=2026-03');
    expect(ranking.status).toBe(200);
    const row = ranking.body.groups.flatMap((g: { rows: unknown[] }) => g.rows).find((r: { unitId: number }) => r.unitId === unitId);
    expect(row).toMatchObject({ responseRate: 1, resolutionRate: 1, satisfactionRate: 1 });
    expect(row.counts).toMatchObject({ validCallbacks: 1 });
  });

  it('rate-limits public intake per client address, answering 429 in the Open311 shape', async () => {
    const app = await createApp(h.ctx, { publicRatePerMinute: 3 });
    await app.ready();
    try {
      const bad = form({ description: 'no service code' });
      for (let i = 0; i < 3; i++) expect((await post(bad, { app })).status).toBe(400);
      const limited = await post(bad, { app });
      expectOpen311Error(limited, 429);
      expect(limited.headers['retry-after']).toBeDefined();
      const xml = await post(bad, { app, format: 'xml' });
      expect(xml.status).toBe(429);
      expect(parseXml(xml.text).name).toBe('errors');
      expect(xml.text).toContain('<error_code>RATE_LIMITED</error_code>');
      expect(xml.text).toMatch(/<description_zh>[^<]*[\u4e00-\u9fff]/);
      // Another address is not affected; reads have their own, looser limit.
      const other = await app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: bad, headers: FORM, remoteAddress: '10.1.2.3' });
      expect(other.statusCode).toBe(400);
      expect((await app.inject({ method: 'GET', url: '/open311/v2/requests.json' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('documents the Open311 routes in /openapi.json', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const paths = Object.keys(doc.paths).filter((p) => p.startsWith('/open311/v2/'));
    expect(paths).toEqual(
      expect.arrayContaining([
        '/open311/v2/discovery.{format}',
        '/open311/v2/services.{format}',
        '/open311/v2/services/{service_code}.{format}',
        '/open311/v2/requests.{format}',
        '/open311/v2/requests/{service_request_id}.{format}',
      ]),
    );
    expect(doc.paths['/open311/v2/requests.{format}'].post.tags).toEqual(['open311']);
    expect(Object.keys(doc.paths['/open311/v2/requests.{format}'].post.requestBody.content)).toEqual(
      expect.arrayContaining(['application/x-www-form-urlencoded', 'application/json']),
    );
  });
});

describe('Open311 mapping rules', () => {
  const row = (state: string, outcome: string | null = null, resolved: boolean | null = null, specialRoute: string | null = null) => ({
    state,
    outcome,
    resolved,
    specialRoute,
  });
  it('maps states and outcomes to mySociety’s extended statuses', () => {
    expect(extendedStatusOf(row('accepted'))).toBe('open');
    expect(extendedStatusOf(row('dispatched'))).toBe('action_scheduled');
    expect(extendedStatusOf(row('signed'))).toBe('action_scheduled');
    for (const s of ['handling', 'deferred', 'objection_review', 'replied', 'callback_done']) expect(extendedStatusOf(row(s))).toBe('in_progress');
    expect(extendedStatusOf(row('closed', 'completed', true))).toBe('fixed');
    expect(extendedStatusOf(row('closed', 'completed', false))).toBe('closed');
    expect(extendedStatusOf(row('closed', 'repeat_linked'))).toBe('duplicate');
    expect(extendedStatusOf(row('closed', 'special_route', null, 'outside_duty'))).toBe('not_responsible');
    expect(extendedStatusOf(row('closed', 'special_route', null, 'unlawful_request'))).toBe('not_responsible');
    expect(extendedStatusOf(row('closed', 'special_route', null, 'emergency_110'))).toBe('internal_referral');
    expect(extendedStatusOf(row('closed', 'answered_directly'))).toBe('closed');
    expect(extendedStatusOf(row('closed', 'callback_unreachable'))).toBe('no_further_action');
    expect(extendedStatusOf(row('closed', 'closed_by_centre'))).toBe('closed');
  });

  it('publishes only scrubbed Open311 text, at most 200 characters', () => {
    expect(publicDescription('phone', '任何内容')).toBe('');
    expect(publicDescription('open311', '电话 138-1234-5678，邮箱 a.b@c.cn，3号楼')).toBe('电话 ***，邮箱 ***，3号楼');
    const long = publicDescription('open311', '长'.repeat(300));
    expect([...long]).toHaveLength(201);
    expect(long.endsWith('…')).toBe(true);
  });

  it('joins names and parses W3C datetimes', () => {
    expect(requesterName('三', '张')).toBe('张三');
    expect(requesterName('Ann', 'Lee')).toBe('Ann Lee');
    expect(requesterName(undefined, '  ')).toBeUndefined();
    expect(parseW3cDateTime('2026-03-02')?.toISOString()).toBe('2026-03-01T16:00:00.000Z');
    expect(parseW3cDateTime('2026-03-02', true)?.toISOString()).toBe('2026-03-02T16:00:00.000Z');
    expect(parseW3cDateTime('2026-03-02T09:00+08:00')?.toISOString()).toBe('2026-03-02T01:00:00.000Z');
    expect(parseW3cDateTime('2026-03-02T09:00:00.5Z')?.toISOString()).toBe('2026-03-02T09:00:00.500Z');
    for (const bad of ['2026-02-29', '2026-03-02T09:00', '2026-03-02T24:00Z', '2026/03/02', '2026-03-02T09:00+15:00'])
      expect(parseW3cDateTime(bad), bad).toBeNull();
  });
});
