/**
 * The requester on a phone (390×844, touch): submits a request with a photo and the phone's location,
 * keeps the number and query code; the centre dispatches it and the street handles it (through the
 * API, with bearer tokens); the requester follows it on the phone page and rates it satisfied, which
 * closes the ticket. Staff see the photo on the ticket page, and the street adds a result photo.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngImage } from '../test/support/images.ts';
import { motionDone, openPopups, PASSWORD, pickOption, popupsClosed, startE2E, type E2E, PHONE } from './support.ts';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

const tokens = new Map<string, string>();

async function api(user: string, method: string, path: string, body?: unknown): Promise<any> {
  let token = tokens.get(user);
  if (token === undefined) {
    const r = await fetch(`${e.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user, password: PASSWORD }),
    });
    token = ((await r.json()) as { token: string }).token;
    tokens.set(user, token);
  }
  const r = await fetch(`${e.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = await r.json();
  if (!r.ok) throw new Error(`${user} ${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
  return json;
}

describe('requester on a phone', () => {
  let number = '';
  let code = '';
  let ticketId = 0;

  it('submits a request with a photo and the phone’s location, and shows the number and query code', async () => {
    const { page, context } = await e.newPage(PHONE);
    await context.grantPermissions(['geolocation']);
    await context.setGeolocation({ latitude: 39.9405, longitude: 116.1017 });
    await page.goto('/m');
    await page.getByTestId('field-content').waitFor();
    await e.screenshot(page, 'requester-form');

    // Category: search by keyword, choose the leaf.
    await pickOption(page, page.getByTestId('field-category'), '路灯不亮', { type: '路灯' });
    await page.getByTestId('field-content').fill('小区南门外的路灯坏了一个多月，晚上出行很不方便，请尽快修复。');

    // Place: street, then community, and the phone's location.
    const streets = (await (await fetch(`${e.baseUrl}/api/public/divisions`)).json()) as {
      items: { code: string; name: string; communities: { name: string }[] }[];
    };
    const street = streets.items.find((s) => s.code === '110109001')!;
    // The street opens its communities in a second column; picking the community closes the popup.
    await popupsClosed(page);
    await page.getByTestId('field-place').click();
    const cascade = openPopups(page);
    await motionDone(cascade);
    await cascade.locator('.ant-cascader-menu-item', { hasText: street.name }).first().click();
    const community = cascade.locator('.ant-cascader-menu').nth(1).locator('.ant-cascader-menu-item', { hasText: street.communities[0]!.name }).first();
    await community.waitFor();
    await community.click();
    await popupsClosed(page);
    await expect.poll(() => page.getByTestId('field-place').textContent()).toContain(street.communities[0]!.name);
    await page.getByTestId('locate').click();
    await page.getByTestId('located').waitFor();

    // A photo: what the camera or the gallery gives the page.
    await page.getByTestId('photo-input').setInputFiles({ name: 'IMG_2041.png', mimeType: 'image/png', buffer: pngImage(320, 240) });
    await page.getByTestId('photo-done').waitFor();

    await page.getByTestId('field-name').fill('王女士');
    await page.getByTestId('field-phone').fill('13812345678');
    await e.screenshot(page, 'requester-form-filled');
    await page.getByTestId('submit').click();

    await expect.poll(async () => (await page.getByTestId('done-number').innerText()).trim()).toMatch(/^JS\d{14}$/);
    await expect.poll(async () => (await page.getByTestId('done-code').innerText()).trim()).toMatch(/^\d{6}$/);
    number = (await page.getByTestId('done-number').innerText()).trim();
    code = (await page.getByTestId('done-code').innerText()).trim();
    await e.screenshot(page, 'requester-submitted');

    // The centre sees it: channel mobile, waiting for dispatch, with the photo, requester masked.
    const found = await api('operator', 'GET', `/api/tickets?q=${number}`);
    ticketId = found.items[0].id;
    const t = await api('operator', 'GET', `/api/tickets/${ticketId}`);
    expect(t).toMatchObject({
      state: 'accepted',
      channel: 'mobile',
      category: { path: expect.stringContaining('路灯不亮') },
      requester: { phone: '138****5678' },
    });
    expect(t.latitude).toBeCloseTo(39.9405, 3);
    const photos = await api('operator', 'GET', `/api/tickets/${ticketId}/attachments`);
    expect(photos.items).toHaveLength(1);
    expect(photos.items[0]).toMatchObject({ purpose: 'request', fromRequester: true, contentType: 'image/jpeg' });
  });

  it('is dispatched and handled by the street, followed on the phone and rated satisfied, which closes it', async () => {
    const units = await api('operator', 'GET', '/api/units');
    const street = units.items.find((u: { code: string }) => u.code === 'ST-110109001');
    await api('operator', 'POST', `/api/tickets/${ticketId}/actions/dispatch`, { leadUnitId: street.id, coUnitIds: [], fallback: false, reason: '属地管理' });
    await api('street', 'POST', `/api/tickets/${ticketId}/actions/sign`, { note: '' });
    await api('street', 'POST', `/api/tickets/${ticketId}/actions/contact`, { method: 'phone', note: '已电话联系王女士' });
    await api('street', 'POST', `/api/tickets/${ticketId}/actions/reply`, { text: '已联系城管委更换灯泡，南门路灯已恢复照明。' });

    const { page } = await e.newPage(PHONE);
    await page.goto('/m/track');
    // A wrong code is refused without saying which of the two was wrong.
    await page.getByTestId('track-number').fill(number);
    await page.getByTestId('track-code').fill(String((Number(code) + 1) % 1_000_000).padStart(6, '0'));
    await page.getByTestId('track-submit').click();
    await page.getByTestId('track-error').waitFor();

    await page.getByTestId('track-code').fill(code);
    await page.getByTestId('track-submit').click();
    await page.getByTestId('rating-form').waitFor();
    await expect.poll(() => page.getByTestId('track-state').innerText()).toContain('已答复');
    await expect.poll(() => page.getByTestId('timeline-replied').innerText()).toContain('南门路灯已恢复照明');
    await expect.poll(() => page.getByTestId('timeline-dispatched').innerText()).toContain(street.name);
    await e.screenshot(page, 'requester-track-replied');

    await page.getByTestId('rate-contacted-yes').click();
    await page.getByTestId('rate-resolved-yes').click();
    await page.getByTestId('rate-satisfied').click();
    await page.getByTestId('rate-comment').fill('修得很快，谢谢！');
    await page.getByTestId('rate-submit').click();
    await page.getByTestId('track-rating').waitFor();
    await expect.poll(() => page.getByTestId('track-state').innerText()).toContain('已办结');
    await page.getByTestId('rating-form').waitFor({ state: 'detached' });
    await e.screenshot(page, 'requester-track-closed');

    const t = await api('supervisor', 'GET', `/api/tickets/${ticketId}`);
    expect(t).toMatchObject({ state: 'closed', outcome: 'completed', callback: { contacted: true, resolved: true, satisfaction: 'satisfied' } });

    // English on the phone.
    await page.getByTestId('requester-lang').click();
    await page.getByTestId('tab-track').getByText('Track').waitFor();
    await expect.poll(() => page.getByTestId('track-state').innerText()).toContain('Done');
    await e.screenshot(page, 'requester-track-closed-en');
    await page.getByTestId('requester-lang').click();
  });

  it('shows the photos on the ticket page; the street adds a result photo', async () => {
    const { page } = await e.newPage();
    await e.login(page, 'street');
    await page.goto(`/tickets/${ticketId}`);
    const card = page.getByTestId('ticket-attachments');
    await card.locator('img').first().waitFor();
    await page.getByTestId('attachment-input').setInputFiles({ name: 'result.png', mimeType: 'image/png', buffer: pngImage(200, 150, [30, 120, 60]) });
    await expect.poll(async () => card.locator('img').count(), { timeout: 15_000 }).toBe(2);
    await card.scrollIntoViewIfNeeded();
    await e.screenshot(page, 'ticket-attachments');
    const photos = await api('supervisor', 'GET', `/api/tickets/${ticketId}/attachments`);
    expect(photos.items.map((p: { purpose: string }) => p.purpose)).toEqual(['request', 'reply']);
  });
});
