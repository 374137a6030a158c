/**
 * The API describes itself: /openapi.json is an OpenAPI 3 document in which every operation has a
 * summary and its responses (protected ones their 401), /docs serves the browsable docs, and
 * /healthz answers once the database does.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { HTTP_METHODS, send, type OpenApiOperation } from './support/api-surface.ts';
import { createHarness, dbKind } from './support/harness.ts';

const h = await createHarness();
afterAll(async () => {
  await h.close();
});

interface OpenApiDoc {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, unknown>; securitySchemes?: Record<string, unknown> };
}

/** Routes anyone may call without signing in: those whose policy rule is public (src/engine/policy.ts). */
const isPublic = (op: OpenApiOperation) => op['x-policy']?.roles === 'public';

describe(`self-description (${dbKind()})`, () => {
  it('/openapi.json is an OpenAPI 3 document: every operation has a summary and its responses', async () => {
    const r = await send(h, { method: 'GET', url: '/openapi.json' });
    expect(r.status).toBe(200);
    expect(String(r.headers['content-type'])).toMatch(/^application\/json/);
    const doc = r.body as OpenApiDoc;
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info.title).toBeTruthy();
    expect(doc.info.version).toBeTruthy();
    expect(doc.components?.securitySchemes).toHaveProperty('bearer');
    expect(doc.components?.schemas).toHaveProperty('ErrorResponse');
    // The same document the app builds in process.
    expect(doc).toEqual(JSON.parse(JSON.stringify(h.app.swagger())));

    const problems: string[] = [];
    let operations = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      expect(path.startsWith('/'), path).toBe(true);
      expect(path, 'paths use {param}, not :param').not.toMatch(/\/:/);
      for (const m of HTTP_METHODS) {
        const op = item[m];
        if (op === undefined) continue;
        operations++;
        const key = `${m.toUpperCase()} ${path}`;
        if (typeof op.summary !== 'string' || op.summary.trim().length < 3) problems.push(`${key}: no summary`);
        const statuses = Object.keys(op.responses ?? {});
        if (statuses.length === 0) problems.push(`${key}: no responses`);
        for (const s of statuses) if (!/^[1-5]\d\d$|^default$/.test(s)) problems.push(`${key}: odd response key ${s}`);
        if (path.startsWith('/api/') && !isPublic(op) && !statuses.includes('401')) problems.push(`${key}: protected but documents no 401`);
        const declared = new Set((path.match(/\{(\w+)\}/g) ?? []).map((p) => p.slice(1, -1)));
        const described = new Set((op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name));
        if ([...declared].some((p) => !described.has(p))) problems.push(`${key}: path parameters not described`);
      }
    }
    expect(problems).toEqual([]);
    expect(operations).toBeGreaterThan(30);
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/api/')).length).toBeGreaterThan(20);
  });

  it('every operation documents its success answer: a 2xx with a schema, or 204 No Content', () => {
    const doc = h.app.swagger() as OpenApiDoc;
    const problems: string[] = [];
    for (const [path, item] of Object.entries(doc.paths))
      for (const m of HTTP_METHODS) {
        const op = item[m];
        if (op === undefined) continue;
        const key = `${m.toUpperCase()} ${path}`;
        const success = Object.entries((op.responses ?? {}) as Record<string, { content?: Record<string, { schema?: unknown }> }>).filter(([s]) =>
          /^2\d\d$/.test(s),
        );
        if (success.length === 0) problems.push(`${key}: no success response`);
        for (const [status, r] of success) {
          const schemas = Object.values(r.content ?? {}).filter((c) => c.schema !== undefined);
          if (status === '204' ? schemas.length > 0 : schemas.length === 0)
            problems.push(`${key}: ${status} ${status === '204' ? 'has a body' : 'has no schema'}`);
        }
      }
    expect(problems).toEqual([]);
  });

  it('/docs serves the browsable documentation as HTML', async () => {
    let r = await send(h, { method: 'GET', url: '/docs' });
    for (let hops = 0; r.status >= 300 && r.status < 400 && hops < 3; hops++) {
      const to = new URL(String(r.headers.location), 'http://localhost/docs/').pathname;
      r = await send(h, { method: 'GET', url: to });
    }
    expect(r.status).toBe(200);
    expect(String(r.headers['content-type'])).toMatch(/^text\/html/);
    expect(r.text.toLowerCase()).toContain('<html');
  });

  it('/healthz answers 200 with the database driver', async () => {
    const r = await send(h, { method: 'GET', url: '/healthz' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'ok', database: dbKind() });
    expect(Array.isArray(r.body.missingCalendarYears)).toBe(true);
  });

  it('an unknown path is a 404 in the one error shape', async () => {
    const r = await send(h, { method: 'GET', url: '/api/no-such-thing' });
    expect(r.status).toBe(404);
    expect(r.body.error).toMatchObject({ code: 'NOT_FOUND' });
    expect(r.body.error.requestId).toBe(r.headers['x-request-id']);
  });
});
