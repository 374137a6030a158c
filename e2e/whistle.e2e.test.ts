/**
 * 网格上报 → 街乡吹哨 → 部门报到 → 街乡评价 → 考核排名, in a real browser. The grid worker reports a
 * problem from a phone (grid, category, description, photo, position); it is dispatched to the street by
 * the catalogue (占道经营 is the street's own matter). The street official opens that ticket and blows the
 * whistle from it, summoning 城管委 and 住建委; each department finds the summons with its countdown and
 * reports in with a photo; the street rates both and the whistle closes; the month's rankings show the
 * two departments' on-time report-in rate and average rating. The grid worker also resolves a second
 * problem on the spot with an after photo.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCaller, type E2E, pickOption, rendersChinese, startE2E, PHONE } from './support.ts';

let e: E2E;
/** JSON API calls as a demo user, signing in once per user. */
const call = apiCaller(() => e.baseUrl);

const POSITION = { latitude: 39.940512, longitude: 116.101734 };

interface Unit {
  id: number;
  code: string;
  name: string;
}
let cgw: Unit;
let zjw: Unit;
let streetUnit: Unit;
const gridReport = { ticketId: 0, number: '' };
const whistle = { ticketId: 0, number: '' };

/**
 * One signed-in browser page per user, reused across steps: logins are rate-limited (10 a minute per
 * address), and a phone or desktop stays signed in as people's do.
 */
const sessions = new Map<string, Page>();
async function signedIn(user: string, phone = false): Promise<Page> {
  let page = sessions.get(user);
  if (page === undefined) {
    const opened = await e.newPage(phone ? PHONE : {});
    if (phone) {
      await opened.context.grantPermissions(['geolocation']);
      await opened.context.setGeolocation(POSITION);
    }
    page = opened.page;
    await e.login(page, user);
    sessions.set(user, page);
  }
  return page;
}

/** A real JPEG, drawn and encoded by the browser itself (what a phone camera hands the page). */
async function jpeg(page: Page, label: string): Promise<Buffer> {
  const b64 = await page.evaluate((text) => {
    const c = document.createElement('canvas');
    c.width = 320;
    c.height = 240;
    const g = c.getContext('2d')!;
    g.fillStyle = '#8fb3d9';
    g.fillRect(0, 0, 320, 240);
    g.fillStyle = '#c41d1d';
    g.fillRect(40, 60, 240, 120);
    g.fillStyle = '#fff';
    g.font = '28px sans-serif';
    g.fillText(text, 60, 130);
    return c.toDataURL('image/jpeg', 0.8).split(',')[1]!;
  }, label);
  const buf = Buffer.from(b64, 'base64');
  expect(buf.subarray(0, 3).toString('hex')).toBe('ffd8ff');
  return buf;
}

/** Picks an option of an antd Select (optionally typing to filter it first); see pickOption. */
async function pick(page: Page, testId: string, option: string, type?: string, multiple = false) {
  await pickOption(page, page.getByTestId(testId), option, { ...(type === undefined ? {} : { type }), multiple });
}

/** The JS number shown in an element, once it shows one. */
async function numberIn(page: Page, testId: string): Promise<string> {
  await expect.poll(() => page.getByTestId(testId).textContent()).toMatch(/JS\d{14}/);
  return ((await page.getByTestId(testId).textContent()) ?? '').match(/JS\d{14}/)![0];
}

beforeAll(async () => {
  e = await startE2E();
  const units = (await call<{ items: Unit[] }>('street', 'GET', '/api/units')).items;
  const me = await call<{ unitId: number }>('street', 'GET', '/api/auth/me');
  cgw = units.find((u) => u.code === 'DEPT-CGW')!;
  zjw = units.find((u) => u.code === 'DEPT-ZJW')!;
  streetUnit = units.find((u) => u.id === me.unitId)!;
  expect(cgw && zjw && streetUnit).toBeTruthy();
});
afterAll(async () => {
  await e?.close();
});

describe('grid report → whistle → report-in → rating → rankings', () => {
  it('the grid worker reports a problem from a phone with a photo and the position, and sees it in 我的上报', async () => {
    const page = await signedIn('grid', true);
    await page.goto('/grid-report');
    await page.getByTestId('grid-description').waitFor();
    expect(await rendersChinese(page, '网', '格')).toBe(true);

    // The grid's street is the street the `street` account handles for.
    const grids = (await call<{ items: { code: string; name: string; streetCode: string }[] }>('grid', 'GET', '/api/grids')).items;
    expect(grids.length).toBeGreaterThan(0);
    expect(streetUnit.code).toBe(`ST-${grids[0]!.streetCode}`);

    await pick(page, 'grid-select', grids[0]!.code);
    await pick(page, 'grid-category', '占道经营', '占道');
    await page.getByTestId('grid-description').fill('E2E-GRID 新桥南大街菜市场门口商贩占道经营，早高峰行人只能走机动车道。');
    await page
      .getByTestId('grid-photos')
      .locator('input[type=file]')
      .setInputFiles({ name: 'IMG_3001.jpg', mimeType: 'image/jpeg', buffer: await jpeg(page, '占道') });
    await page.locator('[data-testid="grid-photos-count"][data-count="1"]').waitFor();
    await page.getByTestId('grid-locate').click();
    await expect.poll(async () => page.getByTestId('grid-located').textContent()).toContain('39.940512');
    await e.screenshot(page, 'whistle-01-grid-form');
    await page.getByTestId('grid-submit').click();

    await page.getByTestId('grid-done').waitFor();
    gridReport.number = await numberIn(page, 'grid-done');
    expect(gridReport.number).toMatch(/^JS\d{14}$/);
    await expect.poll(() => page.getByTestId('grid-done').textContent()).toContain('已上报');
    await page.getByTestId(`grid-mine-${gridReport.number}`).waitFor();
    await e.screenshot(page, 'whistle-02-grid-submitted');

    const mine = (
      await call<{ items: { ticketId: number; number: string; latitude: number | null; longitude: number | null }[] }>('grid', 'GET', '/api/grid-reports/mine')
    ).items;
    const row = mine.find((m) => m.number === gridReport.number)!;
    expect(row.latitude).toBeCloseTo(POSITION.latitude, 5);
    expect(row.longitude).toBeCloseTo(POSITION.longitude, 5);
    gridReport.ticketId = row.ticketId;
    const attachments = await call<{ items: unknown[] }>('street', 'GET', `/api/tickets/${row.ticketId}/attachments`);
    expect(attachments.items.length).toBe(1);
  });

  it('the street official opens that ticket and blows the whistle from it, summoning 城管委 and 住建委', async () => {
    const page = await signedIn('street');
    await page.goto(`/tickets/${gridReport.ticketId}`);
    await page.getByTestId('ticket-number').waitFor();
    await expect.poll(() => page.getByTestId('ticket-lead-unit').textContent()).toBe(streetUnit.name);
    await page.getByTestId('ticket-blow-whistle').click();

    await page.waitForURL(/\/whistles\?source=/);
    await expect.poll(async () => (await page.getByTestId('whistle-form-source').innerText()).trim()).toBe(gridReport.number);
    await expect.poll(() => page.getByTestId('whistle-content').inputValue()).toContain('E2E-GRID');
    await page.getByTestId('whistle-title').fill('E2E 新桥南大街菜市场占道经营联合整治');
    await page.getByTestId('whistle-place').fill('新桥南大街菜市场门口');
    await pick(page, 'whistle-departments', cgw.name, cgw.name.slice(0, 3), true);
    await pick(page, 'whistle-departments', zjw.name, zjw.name.slice(0, 3), true);
    // Both departments stay chosen (picking the second must not replace the first).
    await expect.poll(() => page.getByTestId('whistle-departments').textContent()).toContain(cgw.name);
    const limit = page.locator('input[data-testid="whistle-limit"], [data-testid="whistle-limit"] input').first();
    await limit.fill('60');
    await expect.poll(() => limit.inputValue()).toBe('60');
    expect(await rendersChinese(page, '吹', '哨')).toBe(true);
    await e.screenshot(page, 'whistle-03-blow-form');
    await page.getByTestId('whistle-submit').click();

    await page.getByTestId('whistle-notice').waitFor();
    whistle.number = await numberIn(page, 'whistle-notice');
    const detail = page.getByTestId(`whistle-detail-${whistle.number}`);
    await detail.waitFor();
    await expect.poll(async () => (await detail.getByTestId('whistle-source').innerText()).trim()).toBe(gridReport.number);
    for (const u of [cgw, zjw]) await expect.poll(() => detail.getByTestId(`whistle-ontime-${u.id}`).getAttribute('data-ontime')).toBe('pending');
    await e.screenshot(page, 'whistle-04-blown');

    const links = (await call<{ items: { ticketId: number; number: string }[] }>('street', 'GET', `/api/whistles/by-source/${gridReport.ticketId}`)).items;
    expect(links.map((l) => l.number)).toEqual([whistle.number]);
    whistle.ticketId = links[0]!.ticketId;

    // Linked both ways: the source ticket shows the whistle, the whistle ticket shows its source.
    await page.goto(`/tickets/${gridReport.ticketId}`);
    await page.getByTestId(`ticket-whistle-link-${whistle.number}`).waitFor();
    await e.screenshot(page, 'whistle-05-source-ticket-links-whistle');
    await page.goto(`/tickets/${whistle.ticketId}`);
    await expect.poll(async () => (await page.getByTestId('ticket-whistle-source').innerText()).trim()).toBe(gridReport.number);
    // The whistle card (now showing its source) is drawn instead of the 吹哨 button, never beside it.
    await expect.poll(() => page.getByTestId('ticket-blow-whistle').count()).toBe(0);
    await page.getByTestId('ticket-whistle-source').click();
    await page.waitForURL(new RegExp(`/tickets/${gridReport.ticketId}$`));
  });

  for (const [user, who, unit] of [
    ['cgw', '城管执法队 刘洋、张伟', () => cgw],
    ['zjw', '住建委 孙磊', () => zjw],
  ] as const)
    it(`${user} finds the summons with its countdown and reports in with a photo`, async () => {
      const u = unit();
      const page = await signedIn(user);
      await page.goto('/whistles');
      const row = page.getByTestId(`whistle-row-${whistle.number}`);
      await row.waitFor();
      await row.locator('.ant-table-row-expand-icon').click();
      const detail = page.getByTestId(`whistle-detail-${whistle.number}`);
      await detail.waitFor();
      const countdown = detail.getByTestId(`whistle-countdown-${u.id}`);
      await expect.poll(() => countdown.getAttribute('data-colour')).toBe('ok');
      await expect.poll(() => countdown.textContent()).toContain('剩余');
      await e.screenshot(page, `whistle-06-${user}-summons`);

      await detail.getByTestId('whistle-report-name').fill(who);
      await detail.getByTestId('whistle-report-place').fill('新桥南大街菜市场门口');
      await detail.getByTestId('whistle-report-note').fill('已到场');
      await detail
        .getByTestId('whistle-report-photo')
        .locator('input[type=file]')
        .setInputFiles({ name: `report-${user}.jpg`, mimeType: 'image/jpeg', buffer: await jpeg(page, user) });
      await detail.locator('[data-testid="whistle-report-photo-count"][data-count="1"]').waitFor();
      await detail.getByTestId('whistle-report-submit').click();
      await expect.poll(() => detail.getByTestId(`whistle-ontime-${u.id}`).getAttribute('data-ontime')).toBe('yes');
      await detail.getByTestId(`whistle-photo-${u.id}`).waitFor();
      await detail.getByTestId('whistle-report-form').waitFor({ state: 'detached' });
      await e.screenshot(page, `whistle-07-${user}-reported`);

      const w = await call<{ reports: { unitId: number; reporterName: string; attachmentId: number | null }[] }>(
        'street',
        'GET',
        `/api/whistles/${whistle.ticketId}`,
      );
      const mine = w.reports.find((r) => r.unitId === u.id)!;
      expect(mine.reporterName).toBe(who);
      expect(mine.attachmentId).not.toBeNull();
    });

  it('the street rates both departments with stars and a comment, and the whistle closes', async () => {
    const page = await signedIn('street');
    await page.goto(`/whistles?id=${whistle.ticketId}`);
    const detail = page.getByTestId(`whistle-detail-${whistle.number}`);
    await detail.waitFor();
    for (const [u, stars, comment] of [
      [cgw, 5, '到场迅速，现场清理占道摊位'],
      [zjw, 4, '配合整治，后续需跟进'],
    ] as const) {
      await detail
        .getByTestId(`whistle-rate-${u.id}`)
        .locator('.ant-rate-star')
        .nth(stars - 1)
        .click();
      await detail.getByTestId(`whistle-comment-${u.id}`).fill(comment);
    }
    await e.screenshot(page, 'whistle-08-rating');
    await detail.getByTestId('whistle-rate-submit').click();
    await detail.getByTestId('whistle-closed').waitFor();
    // The detail reloads itself first and then asks the list to reload: the row's state follows later.
    await expect.poll(() => page.getByTestId(`whistle-state-${whistle.number}`).getAttribute('data-state')).toBe('closed');
    await e.screenshot(page, 'whistle-09-closed');

    const w = await call<{ closedAt: string | null; reports: { unitId: number; score: number | null; comment: string }[] }>(
      'street',
      'GET',
      `/api/whistles/${whistle.ticketId}`,
    );
    expect(w.closedAt).not.toBeNull();
    expect(w.reports.find((r) => r.unitId === cgw.id)).toMatchObject({ score: 5, comment: '到场迅速，现场清理占道摊位' });
    expect(w.reports.find((r) => r.unitId === zjw.id)).toMatchObject({ score: 4, comment: '配合整治，后续需跟进' });
  });

  it('the month’s rankings show the departments’ on-time report-in and the street’s rating', async () => {
    const page = await signedIn('supervisor');
    await page.goto('/rankings');
    await page.getByTestId('rankings-tab-department').click();
    const table = page.getByTestId('ranking-table-department');
    await table.waitFor();
    await expect.poll(() => table.getByTestId(`whistle-ontime-rate-${cgw.id}`).textContent()).toBe('100.0%');
    await expect.poll(() => table.getByTestId(`whistle-rating-${cgw.id}`).textContent()).toBe('5.0 (1)');
    await expect.poll(() => table.getByTestId(`whistle-ontime-rate-${zjw.id}`).textContent()).toBe('100.0%');
    await expect.poll(() => table.getByTestId(`whistle-rating-${zjw.id}`).textContent()).toBe('4.0 (1)');
    await expect.poll(() => table.textContent()).toContain('报到及时率');
    await expect.poll(() => table.textContent()).toContain('街乡评价');
    expect(await rendersChinese(page, '考', '核')).toBe(true);
    await table.getByTestId(`whistle-rating-${cgw.id}`).scrollIntoViewIfNeeded();
    await e.screenshot(page, 'whistle-10-rankings');

    // English beside Chinese: the same columns in English.
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => table.textContent()).toContain('On-time report-in');
    await expect.poll(() => table.textContent()).toContain('Street rating');
    await page.getByRole('button', { name: '中文' }).click();
    await expect.poll(() => table.textContent()).toContain('报到及时率');
  });

  it('the grid worker resolves a second problem on the spot with an after photo; it shows as closed in 我的上报', async () => {
    const page = await signedIn('grid', true);
    await page.goto('/grid-report');
    await page.getByTestId('grid-description').waitFor();
    const grids = (await call<{ items: { code: string }[] }>('grid', 'GET', '/api/grids')).items;
    await pick(page, 'grid-select', grids[1]!.code);
    await pick(page, 'grid-category', '小广告', '小广告');
    await page.getByTestId('grid-description').fill('E2E-ONSPOT 单元门上张贴小广告');
    await page
      .getByTestId('grid-photos')
      .locator('input[type=file]')
      .setInputFiles({ name: 'before.jpg', mimeType: 'image/jpeg', buffer: await jpeg(page, '之前') });
    await page.locator('[data-testid="grid-photos-count"][data-count="1"]').waitFor();
    await page.getByTestId('grid-on-spot').click();
    await page.getByTestId('grid-resolution').fill('已当场清除小广告并清洗单元门');
    // Without an after photo the page refuses before asking the server.
    await page.getByTestId('grid-submit').click();
    await expect.poll(() => page.getByTestId('grid-error').textContent()).toContain('处理后照片');
    await page
      .getByTestId('grid-after-photos')
      .locator('input[type=file]')
      .setInputFiles({ name: 'after.jpg', mimeType: 'image/jpeg', buffer: await jpeg(page, '之后') });
    await page.locator('[data-testid="grid-after-photos-count"][data-count="1"]').waitFor();
    await e.screenshot(page, 'whistle-11-on-spot-form');
    await page.getByTestId('grid-submit').click();

    await page.getByTestId('grid-done').waitFor();
    await expect.poll(() => page.getByTestId('grid-done').getAttribute('data-closed')).toBe('true');
    await expect.poll(() => page.getByTestId('grid-done').textContent()).toContain('已现场解决');
    const number = await numberIn(page, 'grid-done');
    const item = page.getByTestId(`grid-mine-${number}`);
    await item.waitFor();
    await expect.poll(() => item.getAttribute('data-state')).toBe('closed');
    await expect.poll(() => item.textContent()).toContain('已关闭');
    await item.getByTestId(`grid-mine-on-spot-${number}`).waitFor();
    const mine = (await call<{ items: { number: string; state: string; resolvedOnSpot: boolean }[] }>('grid', 'GET', '/api/grid-reports/mine')).items;
    expect(mine.find((m) => m.number === number)).toMatchObject({ state: 'closed', resolvedOnSpot: true });
    await e.screenshot(page, 'whistle-12-on-spot-closed');
  });
});
