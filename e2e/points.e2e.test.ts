/**
 * The points bank (文明积分银行) in a real browser at the phone's size: a volunteer who has earned points
 * opens /m/points, sees the balance, redeems an item and sees the pickup code; the station's staff hand
 * the item out against the code on the desktop points bank page; the balance and the stock are right
 * afterwards; a second redemption cancelled on the phone gives the points and the stock back. A street's grid worker confirms a household's waste sorting on the phone, and a second
 * check the same day shows the daily cap, not an error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/engine/auth.ts';
import { PASSWORD, pickOption, startE2E, type E2E, PHONE } from './support.ts';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

const tokens = new Map<string, string>();
async function call<T = any>(
  user: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  let token = tokens.get(user);
  if (token === undefined) tokens.set(user, (token = await e.token(user)));
  const r = await fetch(`${e.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as T };
}

const STREET_CODE = '110109001';

describe('the points bank on the phone', () => {
  it('a volunteer redeems an item on the phone, the station’s staff hand it out against the pickup code, and a cancelled one comes back', async () => {
    const ref = await e.ctx.reference.get();
    const street = ref.units.find((u) => u.code === `ST-${STREET_CODE}`)!;
    const community = [...ref.divisionByCode.values()].find((d) => d.level === 'community' && d.parentCode === STREET_CODE)!;
    await createUser(e.ctx, { username: '13912340001', displayName: '王积分', password: PASSWORD, unitId: street.id, roles: ['volunteer'] });

    // A practice station's exchange shelf run by the street, with one item of 12 points, 3 in stock.
    const partner = await call<{ id: number }>('admin', 'POST', '/api/points/partners', { name: '测试实践站兑换架', kind: 'station', unitId: street.id });
    expect(partner.status).toBe(201);
    const item = await call<{ id: number }>('admin', 'POST', '/api/points/items', { partnerId: partner.body.id, name: '社区理发券', cost: 12, stock: 3 });
    expect(item.status).toBe(201);
    // Points earned: the street's worker confirms two good-conduct checks (10 + 5).
    for (const [ruleCode, checkKey] of [
      ['conduct.party_household', 'e2e-setup-party'],
      ['conduct.waste_sorting', 'e2e-setup-waste'],
    ] as const) {
      const a = await call('street', 'POST', '/api/points/conduct-awards', {
        holderUsername: '13912340001',
        ruleCode,
        communityCode: community.code,
        checkKey,
      });
      expect(a.status, JSON.stringify(a.body)).toBe(201);
    }

    // The phone: sign in, come back to the points page.
    const { page: phone } = await e.newPage(PHONE);
    await phone.goto('/m/points');
    await phone.getByTestId('login-username').fill('13912340001');
    await phone.getByTestId('login-password').fill(PASSWORD);
    await phone.getByTestId('login-submit').click();
    await expect.poll(() => phone.getByTestId('points-balance').innerText()).toBe('15');
    await phone.getByRole('tab', { name: '积分明细' }).click();
    await expect.poll(() => phone.getByTestId('points-movement').count()).toBe(2);
    await expect.poll(() => phone.getByTestId('points-movement').first().innerText()).toContain('+5');
    await phone.getByRole('tab', { name: '积分规则' }).click();
    await expect.poll(() => phone.getByTestId('points-rule').allInnerTexts()).toContainEqual(expect.stringContaining('每小时 10 分'));

    // Redeem the item: the confirmation, then the pickup code.
    await phone.getByRole('tab', { name: '积分兑换' }).click();
    const row = phone.getByTestId('points-item').filter({ hasText: '社区理发券' });
    await expect.poll(() => row.innerText()).toContain('库存 3');
    await row.getByRole('button', { name: '兑换' }).click();
    const confirm = phone.getByTestId('redeem-confirm');
    await expect.poll(() => confirm.innerText()).toContain('12');
    // A double tap: both taps send the same key, so one redemption.
    await confirm.dblclick();
    const code = phone.getByTestId('pickup-code');
    await expect.poll(() => code.innerText()).toMatch(/^[0-9A-Z]{10}$/);
    const pickupCode = (await code.innerText()).trim();
    await e.screenshot(phone, 'points-phone-redeemed');
    await phone.getByRole('button', { name: '好的' }).click();
    await expect.poll(() => phone.getByTestId('points-balance').innerText()).toBe('3');
    await phone.getByRole('tab', { name: '我的兑换' }).click();
    await expect.poll(() => phone.getByTestId('my-redemption').count()).toBe(1);
    await expect.poll(() => phone.getByTestId('my-redemption').innerText()).toContain(pickupCode);
    await expect.poll(() => phone.getByTestId('my-redemption').innerText()).toContain('待领取');

    // The station's staff hand it out on the desktop points bank page.
    const { page: desk } = await e.newPage();
    await e.login(desk, 'street');
    await desk.goto('/points');
    await desk.getByRole('tab', { name: '兑换核销' }).click();
    await expect.poll(() => desk.getByTestId('handout-pending').locator('.ant-table-row', { hasText: '社区理发券' }).count()).toBe(1);
    await desk.getByTestId('pickup-input').fill(pickupCode.toLowerCase());
    await desk.getByRole('button', { name: '核销并发放' }).click();
    await expect.poll(() => desk.getByTestId('handout-result').innerText()).toContain('已发放：社区理发券 ×1');
    await expect.poll(() => desk.getByTestId('handout-pending').locator('.ant-table-row', { hasText: '社区理发券' }).count()).toBe(0);
    await e.screenshot(desk, 'points-desk-handed-out');

    // Afterwards: the phone shows it collected, the balance 3, the stock 2.
    await phone.reload();
    await expect.poll(() => phone.getByTestId('points-balance').innerText()).toBe('3');
    await phone.getByRole('tab', { name: '我的兑换' }).click();
    await expect.poll(() => phone.getByTestId('my-redemption').innerText()).toContain('已领取');
    const mine = await call<{ balance: number }>('13912340001', 'GET', '/api/points/me');
    expect(mine.body.balance).toBe(3);
    const items = await call<{ items: { id: number; stock: number }[] }>('13912340001', 'GET', '/api/points/items');
    expect(items.body.items.find((i) => i.id === item.body.id)?.stock).toBe(2);
    const redemptions = await call<{ items: unknown[] }>('13912340001', 'GET', '/api/points/redemptions/mine');
    expect(redemptions.body.items).toHaveLength(1);

    // A second redemption, cancelled on the phone while pending: the points and the stock come back.
    const bag = await call<{ id: number }>('admin', 'POST', '/api/points/items', { partnerId: partner.body.id, name: '布艺购物袋', cost: 3, stock: 5 });
    expect(bag.status).toBe(201);
    await phone.getByRole('tab', { name: '积分兑换' }).click();
    await phone.reload();
    const bagRow = phone.getByTestId('points-item').filter({ hasText: '布艺购物袋' });
    await bagRow.getByRole('button', { name: '兑换' }).click();
    await phone.getByTestId('redeem-confirm').click();
    await expect.poll(() => phone.getByTestId('pickup-code').innerText()).toMatch(/^[0-9A-Z]{10}$/);
    await phone.getByRole('button', { name: '好的' }).click();
    await expect.poll(() => phone.getByTestId('points-balance').innerText()).toBe('0');
    await phone.getByRole('tab', { name: '我的兑换' }).click();
    const pendingBag = phone.getByTestId('my-redemption').filter({ hasText: '布艺购物袋' });
    await expect.poll(() => pendingBag.innerText()).toContain('待领取');
    await pendingBag.getByRole('button', { name: '取消兑换' }).click();
    await phone.locator('.ant-popconfirm').getByRole('button', { name: '取消兑换' }).click();
    await expect.poll(() => pendingBag.innerText()).toContain('已取消');
    await expect.poll(() => phone.getByTestId('points-balance').innerText()).toBe('3');
    const after = await call<{ items: { id: number; stock: number }[] }>('13912340001', 'GET', '/api/points/items');
    expect(after.body.items.find((i) => i.id === bag.body.id)?.stock).toBe(5);
    expect((await call<{ balance: number }>('13912340001', 'GET', '/api/points/me')).body.balance).toBe(3);
  });

  it('a grid worker confirms a household’s waste sorting on the phone; a second check that day shows the cap', async () => {
    const ref = await e.ctx.reference.get();
    const street = ref.units.find((u) => u.code === `ST-${STREET_CODE}`)!;
    const community = [...ref.divisionByCode.values()].find((d) => d.level === 'community' && d.parentCode === STREET_CODE)!;
    await createUser(e.ctx, { username: '13912340002', displayName: '赵居民', password: PASSWORD, unitId: street.id, roles: ['resident'] });

    const { page } = await e.newPage(PHONE);
    await page.goto('/m/points/conduct');
    await page.getByTestId('login-username').fill('grid');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    const confirmOnce = async () => {
      await page.getByTestId('conduct-phone').fill('13912340002');
      await pickOption(page, page.getByTestId('conduct-community'), community.name, { type: community.name.slice(0, 2) });
      await page.getByTestId('conduct-submit').click();
    };
    await confirmOnce();
    await expect.poll(() => page.getByTestId('conduct-outcome').innerText()).toContain('已确认，计 5 分');
    await expect.poll(() => page.getByTestId('conduct-outcome').innerText()).toContain('当前余额 5 分');
    await e.screenshot(page, 'points-phone-conduct');
    await page.getByRole('button', { name: '确认下一户' }).click();
    await confirmOnce();
    await expect.poll(() => page.getByTestId('conduct-outcome').innerText()).toContain('该户今日已达上限，本次未计分');
    const holder = await call<{ balance: number }>('13912340002', 'GET', '/api/points/me');
    expect(holder.body.balance).toBe(5);
  });
});
