/**
 * 党组织 in a real browser: the district's party worker opens the tree, finds the first community's
 * branch, adds a member (shown masked) and shows the member's identity with a reason (recorded); the
 * secretary of that branch opens /m/party on a phone and sees the branch, their posts and the branch's
 * members, masked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckChar } from '../src/modules/volunteers/index.ts';
import { partyMemberReveals } from '../src/schema.ts';
import { PASSWORD, PHONE, startE2E, type E2E } from './support.ts';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

const first17 = '11010819800101123';
const ID = `${first17}${idCheckChar(first17)}`;

describe('党组织', () => {
  it('a party worker adds a member to a branch of the tree and reveals them with a reason', async () => {
    const { page } = await e.newPage();
    await e.login(page, 'party');
    await page.goto('/party');
    await expect.poll(() => page.getByTestId('party-tree').innerText()).toContain('中共');
    // The first community's branch, found by its name; its secretary is the demo volunteer.
    await page.getByTestId('party-search').locator('input').fill('德露苑');
    await page.getByTestId('party-tree').getByText('德露苑', { exact: false }).first().click();
    await expect.poll(() => page.getByTestId('party-detail-name').innerText()).toContain('德露苑');
    await expect.poll(() => page.getByTestId('party-members').innerText()).toContain('李*');

    await page.getByTestId('party-add-member').click();
    await page.getByTestId('party-member-name').fill('欧阳晓明');
    await page.getByTestId('party-member-id').fill(ID);
    await page.getByTestId('party-member-phone').fill('13811112222');
    await page.getByTestId('party-member-ok').click();
    await expect.poll(() => page.getByTestId('party-members').innerText()).toContain('欧***');
    await expect.poll(() => page.getByTestId('party-members').innerText()).toContain('138****2222');

    const rows = page.getByTestId('party-members').locator('tr', { hasText: '欧***' });
    await rows.getByRole('button').click();
    await page.getByTestId('party-reveal-reason').fill('核实组织关系转接');
    await page.getByTestId('party-reveal-ok').click();
    await expect.poll(() => page.getByTestId('party-revealed').innerText()).toContain('欧阳晓明');
    await expect.poll(() => page.getByTestId('party-revealed').innerText()).toContain(ID);
    await expect.poll(async () => (await e.ctx.database.db.select().from(partyMemberReveals)).filter((r) => r.reason === '核实组织关系转接').length).toBe(3);
  });

  it('the branch secretary sees their branch, posts and members (masked) on the phone', async () => {
    const { page: phone } = await e.newPage(PHONE);
    await phone.goto('/m/party');
    await phone.getByTestId('login-username').fill('13910000001');
    await phone.getByTestId('login-password').fill(PASSWORD);
    await phone.getByTestId('login-submit').click();
    await expect.poll(() => phone.getByTestId('m-party-branch').innerText()).toContain('德露苑');
    await expect.poll(() => phone.getByTestId('m-party-posts').innerText()).toContain('书记');
    await expect.poll(() => phone.getByTestId('m-party-members').innerText()).toContain('*');
    const text = await phone.getByTestId('m-party-members').innerText();
    expect(text).not.toContain('欧阳晓明');
    expect(text).toContain('欧***');
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
  });
});
