/**
 * The requester's channel over HTTP on a real database: submitting from the public page (channel
 * mobile, with photos, idempotent), following it with the number and query code (wrong codes are a
 * 404 and are throttled), rating the reply (refused before it; a satisfied rating closes the ticket and
 * counts in the month's assessment), and photos: accepted by content only, size-capped, and served
 * only to those who can see their ticket.
 */
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ATTACHMENT_BYTES } from '../src/engine/attachments.ts';
import { detectImageType } from '../src/platform/files/image-sanitize.ts';
import { login } from '../src/engine/auth.ts';
import { attachments, tickets } from '../src/schema.ts';
import { createApp } from '../src/main.ts';
import { expectErrorShape, nextAddress, send, type RawResponse } from './support/api-surface.ts';
import { createHarness, dbKind, PASSWORD, type Harness } from './support/harness.ts';
import { JPEG_8X8, multipartFile, pngImage } from './support/images.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});

/** Bearer tokens made through the use case (not the throttled login route), renewed when the test clock passes their expiry. */
const tokens = new Map<string, { token: string; expiresAt: Date }>();
async function token(user: string): Promise<string> {
  const hit = tokens.get(user);
  if (hit !== undefined && hit.expiresAt.getTime() > h.clock.now().getTime() + 60_000) return hit.token;
  const s = await login(h.ctx, user, PASSWORD);
  tokens.set(user, s);
  return s.token;
}
afterAll(async () => {
  await h?.close();
});

const STREET_CODE = '110109001';
const NAME = '司马相如';
const PHONE = '13711112222';

async function pub(method: string, url: string, payload?: unknown, opts: { address?: string; headers?: Record<string, string> } = {}): Promise<RawResponse> {
  return send(h, { method, url, ...(payload === undefined ? {} : { payload }), remoteAddress: opts.address ?? nextAddress(), headers: opts.headers ?? {} });
}

async function as(user: string, method: string, url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  return send(h, { method, url, token: await token(user), headers, ...(payload === undefined ? {} : { payload }) });
}

async function upload(
  bytes: Buffer,
  opts: { user?: string; filename?: string; contentType?: string; field?: string; address?: string } = {},
): Promise<RawResponse> {
  const { payload, headers } = multipartFile(bytes, opts);
  if (opts.user) return as(opts.user, 'POST', '/api/attachments', payload, headers);
  return pub('POST', '/api/public/attachments', payload, { headers, ...(opts.address ? { address: opts.address } : {}) });
}

async function community() {
  const ref = await h.ctx.reference.get();
  return [...ref.divisionByCode.values()].find((d) => d.level === 'community' && d.parentCode === STREET_CODE)!;
}

async function leafCategory() {
  const ref = await h.ctx.reference.get();
  return ref.categories.find((c) => c.isLeaf && c.active && c.timeLimitClass === 'general')!;
}

async function submit(extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<{ number: string; queryCode: string; id: number }> {
  const c = await community();
  const r = await pub(
    'POST',
    '/api/public/requests',
    { content: '小区门口路灯坏了一个月，晚上很黑', communityCode: c.code, requesterName: NAME, requesterPhone: PHONE, ...extra },
    { headers },
  );
  expect(r.status, r.text).toBe(201);
  const row = (await h.ctx.database.db.select().from(tickets).where(eq(tickets.number, r.body.number)))[0]!;
  return { number: r.body.number, queryCode: r.body.queryCode, id: row.id };
}

const track = (number: string, code: string, address?: string) =>
  pub('GET', `/api/public/requests/${number}?code=${code}`, undefined, address ? { address } : {});
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

/** Dispatch to the first street, which signs, contacts and replies. */
async function handleToReply(id: number, replyText = '已更换路灯，恢复照明'): Promise<void> {
  const street = h.unitId(`ST-${STREET_CODE}`);
  const steps: [string, string, unknown][] = [
    ['operator', 'dispatch', { leadUnitId: street, coUnitIds: [], fallback: false, reason: '属地' }],
    ['street', 'sign', { note: '' }],
    ['street', 'contact', { method: 'phone', note: '' }],
    ['street', 'reply', { text: replyText }],
  ];
  for (const [user, action, body] of steps) {
    const r = await as(user, 'POST', `/api/tickets/${id}/actions/${action}`, body);
    expect(r.status, `${action}: ${r.text}`).toBe(200);
    h.clock.advance(3600_000);
  }
}

const attachmentCount = async () => (await h.ctx.database.db.select({ n: count() }).from(attachments))[0]!.n;

describe(`requester page API (${dbKind()})`, () => {
  it('offers the streets with their communities and the categories with their leaves, without login', async () => {
    const d = await pub('GET', '/api/public/divisions');
    expect(d.status).toBe(200);
    const street = d.body.items.find((s: { code: string }) => s.code === STREET_CODE);
    expect(street.name).toBe('大峪街道');
    expect(street.communities.length).toBeGreaterThan(3);
    const c = await pub('GET', '/api/public/categories');
    expect(c.status).toBe(200);
    expect(c.body.items.length).toBeGreaterThan(3);
    const leaf = await leafCategory();
    const leaves = c.body.items.flatMap((g: { leaves: { id: number }[] }) => g.leaves);
    expect(leaves.map((l: { id: number }) => l.id)).toContain(leaf.id);
    expect(leaves.every((l: { path: string }) => l.path.length > 0)).toBe(true);
  });

  it('records a request with channel mobile, waiting for the centre, with its photos; a retry creates nothing', async () => {
    const png = pngImage(24, 16);
    const up = await upload(png);
    expect(up.status, up.text).toBe(201);
    const leaf = await leafCategory();
    const before = (await h.ctx.database.db.select({ n: count() }).from(tickets))[0]!.n;
    const r = await submit({ categoryId: leaf.id, attachmentIds: [up.body.id], latitude: 39.9401, longitude: 116.1021, address: '新桥大街 12 号楼下' });
    expect(r.queryCode).toMatch(/^\d{6}$/);
    expect(r.number).toMatch(/^JS\d{14}$/);

    const c = await community();

    const t = await as('supervisor', 'GET', `/api/tickets/${r.id}`);
    expect(t.body).toMatchObject({
      state: 'accepted',
      channel: 'mobile',
      source: 'mobile',
      category: { id: leaf.id },
      community: { code: c.code },
      requester: { masked: true },
    });
    expect(t.text).not.toContain(PHONE);
    expect((await h.ctx.database.db.select({ n: count() }).from(tickets))[0]!.n).toBeGreaterThan(before);

    const photos = await as('operator', 'GET', `/api/tickets/${r.id}/attachments`);
    expect(photos.status).toBe(200);
    expect(photos.body).toMatchObject({
      mayAttach: true,
      items: [{ id: up.body.id, purpose: 'request', contentType: 'image/png', size: png.length, fromRequester: true }],
    });
    const content = await h.app.inject({
      method: 'GET',
      url: `/api/attachments/${up.body.id}/content`,
      headers: { authorization: `Bearer ${await token('operator')}` },
    });
    expect(content.statusCode).toBe(200);
    expect(content.headers['content-type']).toBe('image/png');
    expect(content.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(content.rawPayload, png)).toBe(0);

    // The photo belongs to that request now: another request cannot take it.
    const reuse = await pub('POST', '/api/public/requests', {
      content: '另一个诉求',
      streetCode: STREET_CODE,
      requesterPhone: PHONE,
      attachmentIds: [up.body.id],
    });
    expect(reuse.status).toBe(422);
    expect(reuse.body.error.code).toBe('ATTACHMENT.UNKNOWN');
  });

  it('answers a retry with the same Idempotency-Key from the same address with the first answer', async () => {
    const address = nextAddress();
    const body = { content: '幂等重试', streetCode: STREET_CODE, requesterPhone: PHONE };
    const headers = { 'idempotency-key': 'requester-page-retry-01' };
    const first = await pub('POST', '/api/public/requests', body, { headers, address });
    const second = await pub('POST', '/api/public/requests', body, { headers, address });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);
    const changed = await pub('POST', '/api/public/requests', { ...body, content: '别的内容' }, { headers, address });
    expect(changed.status).toBe(422);
    expect(changed.body.error.code).toBe('IDEMPOTENCY.KEY_REUSED');
  });

  it('needs a place and a phone; refuses unknown places, categories and photos', async () => {
    const base = { content: '噪音扰民', requesterPhone: PHONE };
    const cases: [unknown, number, string][] = [
      [base, 400, 'VALIDATION.INVALID_INPUT'],
      [{ content: '噪音扰民', streetCode: STREET_CODE }, 400, 'VALIDATION.INVALID_INPUT'],
      [{ content: '噪音扰民', streetCode: STREET_CODE, requesterPhone: '  -  - ' }, 400, 'VALIDATION.INVALID_INPUT'],
      [{ ...base, latitude: 39.9 }, 400, 'VALIDATION.INVALID_INPUT'],
      [{ ...base, communityCode: '110109999999' }, 422, 'INTAKE.UNKNOWN_PLACE'],
      [{ ...base, streetCode: STREET_CODE, categoryId: 2_000_000 }, 422, 'INTAKE.UNKNOWN_CATEGORY'],
      [{ ...base, streetCode: STREET_CODE, attachmentIds: [2_000_000] }, 422, 'ATTACHMENT.UNKNOWN'],
      [{ ...base, streetCode: STREET_CODE, attachmentIds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }, 400, 'VALIDATION.INVALID_INPUT'],
      [{ ...base, streetCode: STREET_CODE, content: '   ' }, 400, 'VALIDATION.INVALID_INPUT'],
    ];
    for (const [body, status, code] of cases) {
      const r = await pub('POST', '/api/public/requests', body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      expectErrorShape(r);
      expect(r.body.error.code).toBe(code);
    }
    // A photo a signed-in user uploaded is not the requester's to use.
    const staff = await upload(pngImage(), { user: 'street' });
    const r = await pub('POST', '/api/public/requests', { ...base, streetCode: STREET_CODE, attachmentIds: [staff.body.id] });
    expect(r.body.error.code).toBe('ATTACHMENT.UNKNOWN');
  });

  it('shows progress with the right code only, in Chinese, without personal data', async () => {
    const r = await submit();
    const ok = await track(r.number, r.queryCode);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ number: r.number, state: 'accepted', stateLabel: '已受理', closed: false, mayRate: false, leadUnit: null, rating: null });
    expect(ok.body.place).toContain('大峪街道');
    expect(ok.body.timeline).toEqual([expect.objectContaining({ type: 'accepted', label: '已受理' })]);
    expect(ok.text).not.toContain(PHONE);
    expect(ok.text).not.toContain(NAME);
    expect(ok.text).not.toContain('路灯坏了');

    for (const res of [await track(r.number, wrong(r.queryCode)), await track('JS20260302999999', r.queryCode)]) {
      expect(res.status).toBe(404);
      expectErrorShape(res);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
    expect((await track(r.number, '12345')).status).toBe(400);
  });

  it('throttles wrong codes per client address and per ticket number', async () => {
    const r = await submit();
    const address = nextAddress();
    for (let i = 0; i < 10; i++) expect((await track(r.number, wrong(r.queryCode), address)).status).toBe(404);
    const limited = await track(r.number, wrong(r.queryCode), address);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    // Blocked even with the right code from that address; another address may still look.
    expect((await track(r.number, r.queryCode, address)).status).toBe(429);
    expect((await track(r.number, r.queryCode)).status).toBe(200);

    // Twenty wrong codes for one number from twenty addresses close that number for the hour.
    const s = await submit();
    for (let i = 0; i < 20; i++) expect((await track(s.number, wrong(s.queryCode))).status).toBe(404);
    expect((await track(s.number, s.queryCode)).status).toBe(429);
    expect(
      (await pub('POST', `/api/public/requests/${s.number}/rating?code=${s.queryCode}`, { contacted: true, resolved: true, satisfaction: 'satisfied' })).status,
    ).toBe(429);
    // Other numbers are not affected, and the window passes.
    expect((await track(r.number, r.queryCode)).status).toBe(200);
    h.clock.advance(61 * 60_000);
    expect((await track(s.number, s.queryCode)).status).toBe(200);
  });

  it('refuses a rating before the reply (409), and a rating with a wrong code (404)', async () => {
    const r = await submit();
    const rating = { contacted: true, resolved: true, satisfaction: 'satisfied', comment: '' };
    const early = await pub('POST', `/api/public/requests/${r.number}/rating?code=${r.queryCode}`, rating);
    expect(early.status).toBe(409);
    expectErrorShape(early);
    const street = h.unitId(`ST-${STREET_CODE}`);
    await as('operator', 'POST', `/api/tickets/${r.id}/actions/dispatch`, { leadUnitId: street, coUnitIds: [], fallback: false, reason: '' });
    // Even once the reply deadline has passed (the centre may call back then; the requester rates replies).
    h.clock.advance(30 * 24 * 3600_000);
    expect((await pub('POST', `/api/public/requests/${r.number}/rating?code=${r.queryCode}`, rating)).status).toBe(409);
    expect((await pub('POST', `/api/public/requests/${r.number}/rating?code=${wrong(r.queryCode)}`, rating)).status).toBe(404);
    const t = await as('supervisor', 'GET', `/api/tickets/${r.id}`);
    expect(t.body.state).toBe('dispatched');
  });

  it('after the reply, a satisfied rating closes the ticket as the callback and counts in the month’s assessment', async () => {
    h.clock.set('2026-04-06T09:00:00+08:00');
    const r = await submit();
    await handleToReply(r.id);
    const replied = await track(r.number, r.queryCode);
    expect(replied.body).toMatchObject({ state: 'replied', mayRate: true, leadUnit: '大峪街道' });
    expect(replied.body.timeline.map((i: { type: string }) => i.type)).toEqual(['accepted', 'dispatched', 'signed', 'contacted', 'replied']);
    expect(replied.body.timeline[1]).toMatchObject({ label: '已派单至 大峪街道', unit: '大峪街道' });
    expect(replied.body.timeline[4]).toMatchObject({ text: '已更换路灯，恢复照明' });
    expect(Date.parse(replied.body.replyDueAt)).toBeGreaterThan(Date.parse(replied.body.acceptedAt));

    const rated = await pub('POST', `/api/public/requests/${r.number}/rating?code=${r.queryCode}`, {
      contacted: true,
      resolved: true,
      satisfaction: 'satisfied',
      comment: '修得很快，谢谢',
    });
    expect(rated.status, rated.text).toBe(200);
    expect(rated.body).toEqual({ state: 'closed', closed: true });

    const after = await track(r.number, r.queryCode);
    expect(after.body).toMatchObject({
      state: 'closed',
      closed: true,
      outcome: 'completed',
      mayRate: false,
      replyDueAt: null,
      rating: { contacted: true, resolved: true, satisfaction: 'satisfied' },
    });
    expect(after.body.timeline.slice(-2).map((i: { type: string }) => i.type)).toEqual(['rated', 'closed']);
    expect(
      (await pub('POST', `/api/public/requests/${r.number}/rating?code=${r.queryCode}`, { contacted: true, resolved: true, satisfaction: 'satisfied' })).status,
    ).toBe(409);

    const t = await as('supervisor', 'GET', `/api/tickets/${r.id}`);
    expect(t.body).toMatchObject({ state: 'closed', outcome: 'completed', callback: { contacted: true, resolved: true, satisfaction: 'satisfied' } });
    const cb = t.body.events.find((e: { type: string }) => e.type === 'callback');
    expect(cb.data).toMatchObject({ valid: true, note: '诉求人评价：修得很快，谢谢' });
    expect(cb.actor.userId).toBe(0);

    const ranking = await as('supervisor', 'GET', '/api/assessment/rankings?month=2026-04');
    expect(ranking.status).toBe(200);
    const row = ranking.body.groups.flatMap((g: { rows: unknown[] }) => g.rows).find((x: { unitId: number }) => x.unitId === h.unitId(`ST-${STREET_CODE}`));
    expect(row.counts).toMatchObject({ validCallbacks: 1 });
    expect(row).toMatchObject({ responseRate: 1, resolutionRate: 1, satisfactionRate: 1 });
  });

  it('an unsatisfied rating leaves the ticket to the centre (redo or close)', async () => {
    const r = await submit();
    await handleToReply(r.id);
    const rated = await pub('POST', `/api/public/requests/${r.number}/rating?code=${r.queryCode}`, {
      contacted: false,
      resolved: false,
      satisfaction: 'unsatisfied',
      comment: '没人联系我',
    });
    expect(rated.body).toEqual({ state: 'callback_done', closed: false });
    const t = await as('supervisor', 'GET', `/api/tickets/${r.id}`);
    expect(t.body.allowedActions.map((a: { type: string }) => a.type)).toEqual(expect.arrayContaining(['redo', 'close']));
    const redo = await as('supervisor', 'POST', `/api/tickets/${r.id}/actions/redo`, { note: '诉求人不满意' });
    expect(redo.status).toBe(200);
    expect((await track(r.number, r.queryCode)).body.timeline.map((i: { type: string }) => i.type).slice(-2)).toEqual(['rated', 'redo']);
  });

  it('rate-limits submissions per client address', async () => {
    const app = await createApp(h.ctx, { publicRatePerMinute: 2 });
    await app.ready();
    try {
      const post = (remoteAddress: string) =>
        app.inject({ method: 'POST', url: '/api/public/requests', payload: { content: 'x', requesterPhone: PHONE }, remoteAddress });
      expect((await post('10.9.9.9')).statusCode).toBe(400);
      expect((await post('10.9.9.9')).statusCode).toBe(400);
      const limited = await post('10.9.9.9');
      expect(limited.statusCode).toBe(429);
      expect(limited.json().error.code).toBe('RATE_LIMITED');
      expect((await post('10.9.9.10')).statusCode).toBe(400);
    } finally {
      await app.close();
    }
  });
});

describe(`photos (${dbKind()})`, () => {
  it('recognises JPEG, PNG and WebP by their bytes only', () => {
    expect(detectImageType(pngImage())).toBe('image/png');
    expect(detectImageType(JPEG_8X8)).toBe('image/jpeg');
    const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.from([30, 0, 0, 0]), Buffer.from('WEBPVP8 '), Buffer.alloc(18)]);
    expect(detectImageType(webp)).toBe('image/webp');
    expect(detectImageType(Buffer.from('GIF89a..........'))).toBeNull();
    expect(detectImageType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(detectImageType(Buffer.from([0xff, 0xd8]))).toBeNull();
  });

  it('accepts a real JPEG and PNG; refuses a text file named .jpg (415), an oversize photo (413), and bad forms (400)', async () => {
    const jpeg = await upload(JPEG_8X8, { filename: 'IMG_0001.jpg', contentType: 'image/jpeg' });
    expect(jpeg.status, jpeg.text).toBe(201);
    // The declared type is ignored: a PNG declared as JPEG is stored as the PNG it is.
    const png = await upload(pngImage(), { user: 'street', filename: 'x.jpg', contentType: 'image/jpeg' });
    expect(png.status).toBe(201);
    const list = await h.ctx.database.db.select().from(attachments).where(eq(attachments.id, png.body.id));
    expect(list[0]).toMatchObject({ contentType: 'image/png', uploadedBy: expect.any(Number), ticketId: null, purpose: 'other' });

    const before = await attachmentCount();
    const text = await upload(Buffer.from('这不是图片，只是改了扩展名的文本文件。\n'.repeat(20)), { filename: 'photo.jpg', contentType: 'image/jpeg' });
    expect(text.status).toBe(415);
    expectErrorShape(text);
    expect(text.body.error.code).toBe('VALIDATION.UNSUPPORTED_MEDIA_TYPE');

    const big = Buffer.concat([pngImage(), Buffer.alloc(MAX_ATTACHMENT_BYTES)]);
    const tooBig = await upload(big);
    expect(tooBig.status).toBe(413);
    expectErrorShape(tooBig);
    expect(tooBig.body.error.code).toBe('VALIDATION.BODY_TOO_LARGE');

    const cases: [RawResponse, number][] = [
      [await upload(pngImage(), { field: 'photo' }), 400],
      [await upload(Buffer.alloc(0)), 400],
      [await pub('POST', '/api/public/attachments', { file: 'abc' }), 415],
      [await pub('POST', '/api/public/attachments', 'hello', { headers: { 'content-type': 'text/plain' } }), 415],
      [await pub('POST', '/api/public/attachments', '{"file":1}', { headers: { 'content-type': 'multipart/form-data; boundary=zz' } }), 400],
      [await pub('POST', '/api/public/attachments'), 415],
      [await send(h, { method: 'POST', url: '/api/attachments', ...multipartFile(pngImage()) }), 401],
    ];
    for (const [res, status] of cases) {
      expect(res.status, res.text).toBe(status);
      expectErrorShape(res);
    }
    expect(await attachmentCount()).toBe(before);
  });

  it('over a real connection (streamed, not injected): 5 MB passes, one byte more is a 413, two files a 400', async () => {
    const base = await h.app.listen({ port: 0, host: '127.0.0.1' });
    const post = async (...files: Buffer[]) => {
      const fd = new FormData();
      for (const f of files) fd.append('file', new Blob([f], { type: 'image/png' }), 'p.png');
      const r = await fetch(`${base}/api/public/attachments`, { method: 'POST', body: fd });
      return { status: r.status, body: (await r.json()) as { id?: number; error?: { code: string } } };
    };
    const png = pngImage();
    const exact = Buffer.concat([png, Buffer.alloc(MAX_ATTACHMENT_BYTES - png.length)]);
    const ok = await post(exact);
    expect(ok.status).toBe(201);
    const stored = await h.ctx.database.db.select().from(attachments).where(eq(attachments.id, ok.body.id!));
    // Stored without the zeros after IEND: they are not part of the image (image-sanitize.ts drops them).
    expect(stored[0]!.size).toBe(png.length);
    const before = await attachmentCount();
    expect(await post(Buffer.concat([exact, Buffer.alloc(1)]))).toMatchObject({ status: 413, body: { error: { code: 'VALIDATION.BODY_TOO_LARGE' } } });
    expect(await post(Buffer.concat([png, Buffer.alloc(3 * MAX_ATTACHMENT_BYTES)]))).toMatchObject({ status: 413 });
    expect(await post(png, png)).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION.INVALID_INPUT' } } });
    expect(await attachmentCount()).toBe(before);
  });

  it('serves a photo only to those who see its ticket, or to its uploader before it is attached', async () => {
    const r = await submit();
    const street = h.unitId(`ST-${STREET_CODE}`);
    await as('operator', 'POST', `/api/tickets/${r.id}/actions/dispatch`, { leadUnitId: street, coUnitIds: [], fallback: false, reason: '' });
    const png = pngImage(8, 8, [0, 128, 0]);
    const up = await upload(png, { user: 'street' });
    const content = (user: string) => as(user, 'GET', `/api/attachments/${up.body.id}/content`);

    expect((await content('street')).status).toBe(200);
    for (const user of ['cgw', 'operator', 'gov', 'street.leader']) expect((await content(user)).status, user).toBe(404);

    // Only the centre and the ticket's own units attach, and only their own uploads.
    const cgwUpload = await upload(pngImage(), { user: 'cgw' });
    expect((await as('cgw', 'POST', `/api/tickets/${r.id}/attachments`, { attachmentIds: [cgwUpload.body.id], purpose: 'other' })).status).toBe(404);
    const govUpload = await upload(pngImage(), { user: 'gov' });
    const gov = await as('gov', 'POST', `/api/tickets/${r.id}/attachments`, { attachmentIds: [govUpload.body.id], purpose: 'other' });
    expect(gov.status).toBe(403);
    const other = await as('street', 'POST', `/api/tickets/${r.id}/attachments`, { attachmentIds: [cgwUpload.body.id], purpose: 'reply' });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('ATTACHMENT.UNKNOWN');

    const linked = await as('street', 'POST', `/api/tickets/${r.id}/attachments`, { attachmentIds: [up.body.id], purpose: 'reply' });
    expect(linked.status, linked.text).toBe(200);
    expect(linked.body).toEqual({ attachmentIds: [up.body.id] });
    // Attached once: a second time is refused.
    expect((await as('street', 'POST', `/api/tickets/${r.id}/attachments`, { attachmentIds: [up.body.id], purpose: 'reply' })).status).toBe(422);

    for (const user of ['street', 'street.leader', 'operator', 'supervisor', 'gov']) expect((await content(user)).status, user).toBe(200);
    expect((await content('cgw')).status).toBe(404);
    expect((await send(h, { method: 'GET', url: `/api/attachments/${up.body.id}/content` })).status).toBe(401);

    const list = await as('gov', 'GET', `/api/tickets/${r.id}/attachments`);
    expect(list.body).toMatchObject({ mayAttach: false, items: [{ id: up.body.id, purpose: 'reply', fromRequester: false }] });
    expect((await as('street', 'GET', `/api/tickets/${r.id}/attachments`)).body.mayAttach).toBe(true);
    expect((await as('cgw', 'GET', `/api/tickets/${r.id}/attachments`)).status).toBe(404);
    // The public track page never shows photos.
    expect((await track(r.number, r.queryCode)).text).not.toContain('attachment');
  });
});
