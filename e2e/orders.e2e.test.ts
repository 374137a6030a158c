/**
 * A service order's whole life in Chromium: the station adds a service to its menu; a resident on a phone
 * (390×844) orders it; the station's staff on a desktop open the order, see the suggested teams and
 * dispatch it; the team's leader on a phone accepts it and records the service; the resident rates it
 * satisfied on the phone, and the ticket is closed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckChar } from '../src/modules/volunteers/volunteers.domain.ts';
import { PASSWORD, PHONE, pickOption, startE2E, type E2E } from './support.ts';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

const RESIDENT = '13677770001';
const LEADER = '13910000001';
/** The menu item the first test adds (the second orders it on the hotline). */
let itemId = 0;

async function call(token: string, method: string, url: string, body?: unknown) {
  const r = await fetch(`${e.baseUrl}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as any };
}

describe('a service order from the menu to the rating', () => {
  it('is ordered on a phone, dispatched on the workbench, accepted and served on a phone, rated and closed', async () => {
    // The station's menu: one service the demo team (夕阳红助老服务队, haircut) fits.
    const station = await e.token('station');
    const item = await call(station, 'POST', '/api/volunteers/menu', {
      name: '上门理发',
      description: '为行动不便的老人上门理发',
      skills: ['haircut'],
      timeLimitClass: 'general',
    });
    expect(item.status).toBe(201);
    itemId = item.body.id as number;
    // A resident of the station's community (the first community of the first street).
    const divisions = (await (await fetch(`${e.baseUrl}/api/public/divisions`)).json()) as { items: { code: string; communities: { code: string }[] }[] };
    const community = divisions.items.find((s) => s.code === '110109001')!.communities[0]!.code;
    const first17 = '11010919550301123';
    const reg = await fetch(`${e.baseUrl}/api/residents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        phone: RESIDENT,
        password: PASSWORD,
        realName: '钱老伯',
        idNumber: `${first17}${idCheckChar(first17)}`,
        communityCode: community,
      }),
    });
    expect(reg.status).toBe(201);

    // 点单 on the phone: the page asks to sign in, then shows the menu.
    const { page: phone } = await e.newPage(PHONE);
    await phone.goto('/m/orders');
    await phone.getByTestId('login-username').fill(RESIDENT);
    await phone.getByTestId('login-password').fill(PASSWORD);
    await phone.getByTestId('login-submit').click();
    await phone.getByTestId(`menu-${item.body.id}`).getByRole('button').click();
    const form = phone.getByTestId('order-form');
    await form.locator('textarea').fill('母亲八十岁，行动不便，希望周六上午上门理发');
    await form.getByRole('button', { name: /提交点单/ }).click();
    const mine = phone.locator('[data-testid^="my-order-"]').first();
    await expect.poll(() => mine.innerText()).toContain('待派单');
    const number = ((await mine.getAttribute('data-testid')) ?? '').replace('my-order-', '');
    expect(number).toMatch(/^JS\d+$/);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await e.screenshot(phone, 'orders-phone-ordered');

    // 派单 on the workbench: the order, its suggested teams, dispatch to the first.
    const { page: desk } = await e.newPage();
    await e.login(desk, 'station');
    await desk.goto('/volunteer-orders');
    const row = desk.getByTestId('orders-table').locator('tr', { hasText: number });
    await row.click();
    const drawer = desk.getByTestId('order-drawer');
    const first = drawer.getByTestId('suggestions').locator('.ant-list-item').first();
    await expect.poll(() => first.innerText()).toContain('夕阳红助老服务队');
    await e.screenshot(desk, 'orders-workbench-suggestions');
    await first.getByRole('button').click();
    await expect.poll(() => drawer.getByTestId('assignments').innerText()).toContain('待答复');

    // 接单 and the service record on the leader's phone.
    const { page: leader } = await e.newPage(PHONE);
    await leader.goto('/m/orders');
    await leader.getByTestId('login-username').fill(LEADER);
    await leader.getByTestId('login-password').fill(PASSWORD);
    await leader.getByTestId('login-submit').click();
    const offered = leader.getByTestId(`team-order-${number}`);
    await offered.getByRole('button', { name: /接单/ }).click();
    const record = offered.getByTestId('service-record');
    await record.waitFor();
    await pickOption(leader, record.locator('.ant-select').first(), '李红梅', { multiple: true });
    await record.locator('input.ant-input-number-input').fill('90');
    await record.locator('textarea').fill('理发一次，顺便检查了老人的助听器');
    await record.getByRole('button', { name: /提交服务记录/ }).click();
    await expect.poll(() => leader.getByTestId('team-orders').innerText()).not.toContain(number);
    await e.screenshot(leader, 'orders-leader-served');

    // 评单 on the resident's phone: satisfied closes the order.
    await phone.reload();
    const served = phone.getByTestId(`my-order-${number}`);
    await expect.poll(() => served.innerText()).toContain('已服务');
    expect(await served.innerText()).toContain('90 分钟');
    await served.getByTestId('rate').getByRole('button', { name: '满意', exact: true }).click();
    await expect.poll(() => served.innerText()).toContain('已办结');
    await e.screenshot(phone, 'orders-phone-rated');

    // The ticket is closed on the engine, with the resident's rating.
    const orders = (await call(station, 'GET', '/api/volunteers/orders')).body.items as { number: string }[];
    expect(orders.find((o) => o.number === number)).toMatchObject({ number, closed: true, ticketState: 'closed', satisfaction: 'satisfied', state: 'served' });
  });

  it('is ordered by a hotline operator for a resident who calls: masked holder, the community’s menu, one order', async () => {
    expect(itemId).toBeGreaterThan(0);
    const { page } = await e.newPage();
    await e.login(page, 'operator');
    await page.goto('/hotline-orders');
    const lookup = page.getByTestId('hotline-lookup');
    await lookup.locator('input').fill(RESIDENT);
    await lookup.getByRole('button', { name: /查询服务菜单/ }).click();
    // The holder's name masked (钱**), the community and its station, then the menu offered there.
    await expect.poll(() => page.getByTestId('hotline-who').innerText()).toMatch(/钱\*/);
    await page.getByTestId(`hotline-item-${itemId}`).click();
    const form = page.getByTestId('hotline-order-form');
    await form.locator('textarea').fill('老人来电：下周二上午想请人上门理发');
    await form.getByRole('button', { name: /代居民点单/ }).click();
    const placed = page.getByTestId('hotline-order-placed');
    await expect.poll(() => placed.innerText()).toMatch(/已点单：JS\d+/);
    await e.screenshot(page, 'orders-hotline-placed');
    const number = /JS\d+/.exec(await placed.innerText())![0];
    // It is the resident's own order: they see it among theirs, pending for the station.
    const mine = (await call(await e.token(RESIDENT), 'GET', '/api/volunteers/orders/mine')).body.items as { number: string; state: string }[];
    expect(mine.find((o) => o.number === number)).toMatchObject({ state: 'pending' });
  });
});
