/**
 * The work pages in a real browser against a real server: a street's inbox (tabs with counts,
 * countdowns, bulk sign), the supervision centre (an objection approved with another unit), and the
 * callback workbench (reveal the number, record a satisfied callback). Tickets are made through the
 * API with a bearer token, as an integration would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiCaller, type E2E, modalWith, motionDone, pickOption, startE2E } from './support.ts';

let e: E2E;
/** JSON API calls as a demo user, signing in once per user. */
const call = apiCaller(() => e.baseUrl);

const act = (user: string, id: number, action: string, body: unknown) => call(user, 'POST', `/api/tickets/${id}/actions/${action}`, body);

let streetA: number;
let streetB: { id: number; name: string };
const inbox: number[] = [];
let objected = 0;
let replied = 0;
let repliedNext = 0;
let undispatched = 0;
const categoryIds = new Map<string, number>();
let communities: string[] = [];

async function dispatched(content: string, phone: string, category: string): Promise<number> {
  const r = await call<{ ticketId: number; state: string }>('operator', 'POST', '/api/tickets', {
    requestType: 'complaint',
    channel: 'phone',
    content,
    categoryId: categoryIds.get(category),
    communityCode: communities[Number(phone.slice(-1)) % communities.length],
    address: '门头沟区大峪街道新桥南大街',
    requesterName: '李桂芳',
    requesterPhone: phone,
    triage: { action: 'dispatch', leadUnitId: streetA },
  });
  expect(r.state).toBe('dispatched');
  return r.ticketId;
}

beforeAll(async () => {
  e = await startE2E();
  const units = (await call<{ items: { id: number; code: string; name: string }[] }>('operator', 'GET', '/api/units')).items;
  streetA = units.find((u) => u.code === 'ST-110109001')!.id;
  const b = units.find((u) => u.code === 'ST-110109002')!;
  streetB = { id: b.id, name: b.name };
  for (const c of (await call<{ items: { id: number; code: string }[] }>('operator', 'GET', '/api/categories')).items) categoryIds.set(c.code, c.id);
  communities = (await call<{ items: { code: string; level: string; parentCode: string | null }[] }>('operator', 'GET', '/api/divisions')).items
    .filter((d) => d.level === 'community' && d.parentCode === '110109001')
    .map((d) => d.code)
    .sort();
  for (const [i, [text, category]] of [
    ['小区门口垃圾堆积多日无人清运', 'CITY.WASTE.COLLECTION'],
    ['楼上每晚十一点后仍有很大噪音', 'CITY.NOISE.RESIDENTIAL'],
    ['垃圾分类桶站长期满溢无人管理', 'CITY.WASTE.SORTING'],
  ].entries())
    inbox.push(await dispatched(`E2E-INBOX ${text}`, `1391234000${i}`, category!));
  objected = await dispatched('E2E-OBJ 河道护栏破损，存在安全隐患', '13912340010', 'ENV.WATER.RIVER');
  await act('street', objected, 'object', { reason: '该河道属于城子街道管辖范围' });
  replied = await dispatched('E2E-CB 小区供暖温度不达标，室温仅14度', '13912340020', 'HEAT.COLD');
  repliedNext = await dispatched('E2E-CB 小区内露天焚烧树叶，烟味很大', '13912340021', 'ENV.AIR.BURNING');
  for (const [id, text] of [
    [replied, '已联系供热公司排查管线，更换老化阀门，室温恢复至20度。'],
    [repliedNext, '已到现场制止焚烧并清理残留物，加强巡查。'],
  ] as const) {
    await act('street', id, 'sign', { note: '' });
    await act('street', id, 'contact', { method: 'phone', note: '' });
    await act('street', id, 'reply', { text });
  }
  // Something in two more centre queues, for a fuller picture.
  const ext = await dispatched('E2E-EXT 老旧小区垃圾站异味严重', '13912340030', 'CITY.WASTE.COLLECTION');
  await act('street', ext, 'sign', { note: '' });
  await act('street', ext, 'contact', { method: 'visit', note: '' });
  await act('street', ext, 'requestExtension', { days: 10, reason: '需协调房屋产权单位出资维修' });
  undispatched = (
    await call<{ ticketId: number }>('operator', 'POST', '/api/tickets', {
      requestType: 'help',
      channel: 'web',
      content: 'E2E-UND 公园健身器材损坏',
      categoryId: categoryIds.get('CITY.WASTE.BULKY'),
      communityCode: communities[0],
      triage: { action: 'none' },
    })
  ).ticketId;
});
afterAll(async () => {
  await e?.close();
});

const tabCount = async (page: Page, key: string) => Number(await page.getByTestId(`inbox-tab-${key}`).getAttribute('data-count'));

describe('work pages', () => {
  it('street inbox: the new tickets wait to be signed with green countdowns; two are bulk-signed and move to 待联系', async () => {
    const { context, page } = await e.newPage();
    await e.login(page, 'street');
    await page.goto('/inbox');
    await page.getByTestId('inbox-filter-q').locator('input').fill('E2E-INBOX');
    await page.getByTestId('inbox-filter-q').locator('input').press('Enter');
    for (const id of inbox) await page.getByTestId(`inbox-row-${id}`).waitFor();
    await expect.poll(() => tabCount(page, 'dispatched')).toBe(3);
    await expect.poll(() => tabCount(page, 'signed')).toBe(0);
    for (const id of inbox) await expect.poll(() => page.getByTestId(`inbox-due-${id}`).getAttribute('data-colour')).toBe('ok');
    await expect.poll(() => page.getByTestId(`inbox-due-${inbox[0]}`).textContent()).toContain('剩余');
    await e.screenshot(page, 'work-inbox');

    await page.getByTestId(`inbox-row-${inbox[0]}`).locator('.ant-checkbox-input').check();
    await page.getByTestId(`inbox-row-${inbox[1]}`).locator('.ant-checkbox-input').check();
    await page.getByTestId('inbox-bulk-sign').click();
    await motionDone(modalWith(page, page.getByTestId('bulk-sign-summary')));
    await expect.poll(() => page.getByTestId('bulk-sign-summary').textContent()).toContain('签收成功 2 件，失败 0 件');
    for (const id of inbox.slice(0, 2)) await expect.poll(() => page.getByTestId(`bulk-sign-result-${id}`).getAttribute('data-ok')).toBe('true');
    await e.screenshot(page, 'work-inbox-bulk-signed');
    await page.getByTestId('bulk-sign-close').click();
    await page.getByTestId('bulk-sign-summary').waitFor({ state: 'hidden' });

    await expect.poll(() => tabCount(page, 'dispatched')).toBe(1);
    await expect.poll(() => tabCount(page, 'signed')).toBe(2);
    await page.getByTestId(`inbox-row-${inbox[2]}`).waitFor();
    await page.getByTestId(`inbox-row-${inbox[0]}`).waitFor({ state: 'detached' });
    await page.getByTestId('inbox-tab-signed').click();
    for (const id of inbox.slice(0, 2)) await page.getByTestId(`inbox-row-${id}`).waitFor();
    for (const id of inbox.slice(0, 2)) expect((await call('street', 'GET', `/api/tickets/${id}`)).state).toBe('signed');

    // A row opens the ticket page.
    await page.getByTestId(`inbox-row-${inbox[0]}`).locator('td').nth(2).click();
    await page.waitForURL(`**/tickets/${inbox[0]}`);
    await context.close();
  });

  it('supervision centre: the objection is in its queue and is approved with another lead unit', async () => {
    const { context, page } = await e.newPage();
    await e.login(page, 'supervisor');
    await page.goto('/centre?queue=objections');
    await page.getByTestId(`centre-row-${objected}`).waitFor();
    await expect.poll(() => page.getByTestId(`centre-reason-${objected}`).textContent()).toBe('该河道属于城子街道管辖范围');
    await expect.poll(async () => Number(await page.getByTestId('centre-tab-objections').getAttribute('data-count'))).toBe(1);
    await expect.poll(async () => Number(await page.getByTestId('centre-tab-extensions').getAttribute('data-count'))).toBe(1);
    await e.screenshot(page, 'work-centre');

    await page.getByTestId(`centre-action-decideObjection-${objected}`).click();
    await motionDone(modalWith(page, page.locator('[data-testid="action-modal"][data-action="decideObjection"]')));
    await pickOption(page, page.getByTestId('action-field-lead'), streetB.name, { type: streetB.name.slice(0, 2) });
    await e.screenshot(page, 'work-centre-decide');
    await page.getByTestId('action-submit').click();
    await page.getByTestId(`centre-row-${objected}`).waitFor({ state: 'detached' });
    await expect.poll(async () => Number(await page.getByTestId('centre-tab-objections').getAttribute('data-count'))).toBe(0);

    const t = await call('operator', 'GET', `/api/tickets/${objected}`);
    expect(t).toMatchObject({ state: 'dispatched', leadUnit: { id: streetB.id } });

    // A ticket accepted but not dispatched waits with the catalogue's suggestion one click away.
    await page.getByTestId('centre-tab-undispatched').click();
    await page.getByTestId(`centre-action-dispatch-${undispatched}`).click();
    await motionDone(modalWith(page, page.locator('[data-testid="action-modal"][data-action="dispatch"]')));
    await page.getByText('派单目录建议').first().waitFor();
    await e.screenshot(page, 'work-centre-dispatch');
    await page.getByTestId('action-cancel').click();
    await context.close();
  });

  it('callback workbench: the replied ticket is queued; the agent reveals the number and records a satisfied callback', async () => {
    const { context, page } = await e.newPage();
    await e.login(page, 'callback');
    await page.goto('/callback');
    await page.getByTestId(`callback-item-${replied}`).click();
    await page.locator(`[data-testid="callback-detail"][data-ticket="${replied}"]`).waitFor();
    await expect.poll(() => page.getByTestId('callback-reply').textContent()).toContain('更换老化阀门');
    await expect.poll(() => page.getByTestId('callback-phone').textContent()).toBe('139****0020');
    await page.getByTestId('callback-reveal').click();
    await expect.poll(() => page.getByTestId('callback-phone').textContent()).toBe('13912340020');

    // The test ids sit on the radio inputs; people click their labels.
    const pick = async (id: string) => {
      await page.getByTestId(id).locator('xpath=ancestor::label[1]').click();
      await expect.poll(() => page.getByTestId(id).isChecked()).toBe(true);
    };
    await pick('callback-contacted-yes');
    await pick('callback-resolved-yes');
    await pick('callback-satisfaction-satisfied');
    await page.getByTestId('callback-note').fill('诉求人表示室温已恢复正常');
    await e.screenshot(page, 'work-callback');
    await page.getByTestId('callback-submit').click();
    await page.getByTestId(`callback-item-${replied}`).waitFor({ state: 'detached' });
    // The next ticket is opened for the next call.
    await page.locator(`[data-testid="callback-detail"][data-ticket="${repliedNext}"]`).waitFor();
    await expect.poll(() => page.getByTestId(`callback-item-${repliedNext}`).getAttribute('data-selected')).toBe('true');

    const t = await call('operator', 'GET', `/api/tickets/${replied}`);
    expect(t).toMatchObject({ state: 'closed', callback: { contacted: true, resolved: true, satisfaction: 'satisfied' } });
    const types = (t.events as { type: string }[]).map((x) => x.type);
    expect(types).toEqual(expect.arrayContaining(['callback', 'close']));
    await e.screenshot(page, 'work-callback-done');
    await context.close();
  });
});
