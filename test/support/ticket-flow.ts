/**
 * Builders for integration tests over the HTTP API: reference look-ups by code, an intake builder with
 * overridable defaults, and a one-line way to take an action and insist it succeeded.
 */
import { expect } from 'vitest';
import { login } from '../../src/engine/auth.ts';
import { PASSWORD, type Harness } from './harness.ts';

export const HOUR = 3600_000;
export const MINUTE = 60_000;

/** The first street of the demo district (大峪街道): the `street` and `street.leader` accounts belong to it. */
export const STREET_A = '110109001';
/** A second street (城子街道) with its own handler account `h.st-110109002`. */
export const STREET_B = '110109002';

const tokens = new WeakMap<Harness, Map<string, { token: string; expiresAt: number }>>();

/**
 * Calls the API as `username`, signing in through the use case (not the rate-limited login route) and
 * again whenever the test clock has moved past the session's expiry.
 */
export async function api(h: Harness, username: string, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  let cache = tokens.get(h);
  if (cache === undefined) tokens.set(h, (cache = new Map()));
  let t = cache.get(username);
  if (t === undefined || t.expiresAt <= h.clock.now().getTime() + 60_000) {
    const r = await login(h.ctx, username, PASSWORD);
    t = { token: r.token, expiresAt: r.expiresAt.getTime() };
    cache.set(username, t);
  }
  return h.api(null, method, url, body, { ...headers, authorization: `Bearer ${t.token}` });
}

export interface Ref {
  unitId(code: string): number;
  unitCode(id: number): string;
  categoryId(code: string): number;
  /** Community codes of a street, in code order. */
  communities(streetCode: string): string[];
  /** The handler account (`h.<unit code>`, handler + leader) of a unit. */
  handlerOf(unitId: number): string;
}

export async function loadRef(h: Harness): Promise<Ref> {
  const [units, categories, divisions] = await Promise.all([
    api(h, 'supervisor', 'GET', '/api/units'),
    api(h, 'supervisor', 'GET', '/api/categories'),
    api(h, 'supervisor', 'GET', '/api/divisions'),
  ]);
  const unitByCode = new Map<string, number>(units.body.items.map((u: { code: string; id: number }) => [u.code, u.id]));
  const codeById = new Map<number, string>(units.body.items.map((u: { code: string; id: number }) => [u.id, u.code]));
  const catByCode = new Map<string, number>(categories.body.items.map((c: { code: string; id: number }) => [c.code, c.id]));
  const divs = divisions.body.items as { code: string; level: string; parentCode: string }[];
  const must = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`no ${what}`);
    return v;
  };
  return {
    unitId: (code) => must(unitByCode.get(code), `unit ${code}`),
    unitCode: (id) => must(codeById.get(id), `unit #${id}`),
    categoryId: (code) => must(catByCode.get(code), `category ${code}`),
    communities: (street) =>
      divs
        .filter((d) => d.level === 'community' && d.parentCode === street)
        .map((d) => d.code)
        .sort(),
    handlerOf: (id) => `h.${must(codeById.get(id), `unit #${id}`).toLowerCase()}`,
  };
}

let phoneCounter = 0;
/** A fresh mobile number per call, so tickets are not repeats of each other unless a test wants that. */
export const freshPhone = () => `139${String(10_000_000 + ++phoneCounter * 7919).slice(-8)}`;

/** Records a request as the operator; expects 201 and returns the intake response. */
export async function intake(h: Harness, body: Record<string, unknown>, headers?: Record<string, string>) {
  const r = await api(
    h,
    'operator',
    'POST',
    '/api/tickets',
    { requestType: 'complaint', channel: 'phone', content: '测试诉求内容', requesterPhone: freshPhone(), ...body },
    headers,
  );
  if (r.status !== 201) throw new Error(`intake: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as {
    ticketId: number;
    number: string;
    state: string;
    routing: { leadUnitId: number; coUnitIds: number[]; fallback: boolean; reasonCode: string; reason: string } | null;
    repeatCandidates: { id: number; number: string; state: string }[];
    warnings: string[];
  };
}

/** Dispatches a complaint to `leadUnitId` at once and returns its id. */
export async function dispatchedTo(h: Harness, leadUnitId: number, body: Record<string, unknown> = {}): Promise<number> {
  const r = await intake(h, { triage: { action: 'dispatch', leadUnitId }, ...body });
  expect(r.state).toBe('dispatched');
  return r.ticketId;
}

/** Takes an action and expects success (200); returns the action result. */
export async function act(h: Harness, user: string, id: number, action: string, body: unknown = {}, headers?: Record<string, string>) {
  const r = await api(h, user, 'POST', `/api/tickets/${id}/actions/${action}`, body, headers);
  if (r.status !== 200) throw new Error(`${action} by ${user} on #${id}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { ticketId: number; state: string; version: number; events: string[]; warnings: string[] };
}

/** Sign, contact and reply as `handler`, advancing the clock by `stepMs` before each step. */
export async function handleAndReply(h: Harness, handler: string, id: number, stepMs = HOUR) {
  h.clock.advance(stepMs);
  await act(h, handler, id, 'sign', { note: '签收' });
  h.clock.advance(stepMs);
  await act(h, handler, id, 'contact', { method: 'phone', note: '已联系' });
  h.clock.advance(stepMs);
  await act(h, handler, id, 'reply', { text: '已办结' });
}

export async function ticket(h: Harness, id: number, user = 'supervisor') {
  const r = await api(h, user, 'GET', `/api/tickets/${id}`);
  if (r.status !== 200) throw new Error(`GET #${id} as ${user}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}
