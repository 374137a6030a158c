/**
 * Volunteer activities (志愿活动) in a real browser: the street publishes an activity; a volunteer on a
 * phone signs in, signs up on /m/activities; the organiser's screen shows the live check-in QR code;
 * the phone opens the link the code encodes and is checked in, big and clear; the organiser's list
 * shows the check-in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/engine/auth.ts';
import { PASSWORD, startE2E, type E2E, PHONE } from './support.ts';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

const token = (user: string) => e.token(user);

describe('volunteer activities', () => {
  it('a volunteer on a phone signs up and checks in with the link of the organiser’s QR screen', async () => {
    const ref = await e.ctx.reference.get();
    const street = ref.units.find((u) => u.code === 'ST-110109001')!;
    await createUser(e.ctx, { username: 'vol.e2e', displayName: '李志愿', password: PASSWORD, unitId: street.id, roles: ['volunteer'] });

    // The street publishes an activity whose session starts in ten minutes (check-in opens an hour before).
    const start = new Date(Date.now() + 10 * 60_000);
    const created = await fetch(`${e.baseUrl}/api/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await token('street')}` },
      body: JSON.stringify({
        title: '河道清洁志愿服务',
        activityType: 'environment',
        venueName: '永定河堤岸',
        sessions: [{ startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 2 * 3600_000).toISOString(), capacity: 10 }],
        publish: true,
      }),
    });
    expect(created.status).toBe(201);
    const activity = (await created.json()) as { id: number; sessions: { id: number }[] };
    const sessionId = activity.sessions[0]!.id;

    // The volunteer's phone: the list asks to sign in, then comes back.
    const { page: phone } = await e.newPage(PHONE);
    await phone.goto('/m/activities');
    await phone.getByTestId('login-username').fill('vol.e2e');
    await phone.getByTestId('login-password').fill(PASSWORD);
    await phone.getByTestId('login-submit').click();
    await phone.getByTestId(`m-activity-${activity.id}`).waitFor();
    await phone.getByTestId(`m-signup-${sessionId}`).click();
    await expect.poll(() => phone.getByTestId(`m-status-${sessionId}`).innerText()).toContain('已报名');
    await e.screenshot(phone, 'activities-phone-signed-up');

    // The organiser's screen at the venue.
    const { page: screen } = await e.newPage();
    await e.login(screen, 'street');
    await screen.goto(`/activities/sessions/${sessionId}/qr`);
    await screen.getByTestId('qr-svg').locator('svg').waitFor();
    const url = (await screen.getByTestId('qr-url').innerText()).trim();
    expect(url).toMatch(/\/m\/check-in\?t=/);
    await e.screenshot(screen, 'activities-qr-screen');

    // The phone opens what the code encodes.
    await phone.goto(url);
    await expect.poll(() => phone.getByTestId('check-in-result').innerText()).toBe('签到成功');
    await e.screenshot(phone, 'activities-phone-checked-in');

    // The organiser's list shows the check-in; a second scan at once is refused clearly.
    const list = (await (
      await fetch(`${e.baseUrl}/api/activities/sessions/${sessionId}/signups`, { headers: { authorization: `Bearer ${await token('street')}` } })
    ).json()) as { items: { username: string; checkedInAt: string | null }[] };
    expect(list.items.find((i) => i.username === 'vol.e2e')?.checkedInAt).not.toBeNull();
    await screen.goto(`/activities/sessions/${sessionId}`);
    const row = screen.locator('.ant-table-row', { hasText: '李志愿' });
    await expect.poll(() => row.innerText()).toContain('已报名');
    await expect.poll(() => row.innerText()).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    await e.screenshot(screen, 'activities-session-list');
    await phone.goto(url);
    await expect.poll(() => phone.getByTestId('check-in-result').innerText()).toBe('签到未成功');
    await expect.poll(() => phone.getByTestId('check-in-reason').innerText()).toContain('已签到');
  });
});
