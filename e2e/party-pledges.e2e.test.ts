/**
 * 承诺践诺 in a real browser: a member of the first demo branch (given an account here) writes and submits a
 * pledge on the phone; the branch's secretary (13910000001) approves it on the desktop page; the member
 * records fulfilment on the phone and the secretary accepts it; the community's public board shows the
 * pledge with the member's name masked and the fulfilment counted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { idCheckChar, registerResident } from '../src/modules/volunteers/index.ts';
import { partyPledgeFulfilments, partyPledges } from '../src/schema.ts';
import { apiCaller, PASSWORD, PHONE, startE2E, type E2E } from './support.ts';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

const MEMBER = '13910000088';
const TEXT = '每周六上午在垃圾分类驿站桶前值守一小时';

describe('承诺践诺', () => {
  it('a member pledges on the phone, the secretary approves, the member records fulfilment, the public board shows it masked', async () => {
    const call = apiCaller(() => e.baseUrl);
    // The secretary's branch and community; a member of it with a resident account of their own.
    const me = await call<{ organisation: { id: number }; member: { homeCommunityCode: string } }>('13910000001', 'GET', '/api/party/me');
    const community = me.member.homeCommunityCode;
    const first17 = `${e.ctx.districtCode}19850612301`;
    const idNumber = `${first17}${idCheckChar(first17)}`;
    await registerResident(e.ctx, { phone: MEMBER, password: PASSWORD, realName: '赵承诺', idNumber, communityCode: community });
    const m = await call<{ id: number }>('party', 'POST', '/api/party/members', {
      organisationId: me.organisation.id,
      realName: '赵承诺',
      idNumber,
      memberType: 'full',
      homeCommunityCode: community,
    });
    await call('party', 'POST', `/api/party/members/${m.id}/account`, { phone: MEMBER });

    // The member writes and submits a pledge on the phone.
    const { page: phone } = await e.newPage(PHONE);
    await phone.goto('/m/party');
    await phone.getByTestId('login-username').fill(MEMBER);
    await phone.getByTestId('login-password').fill(PASSWORD);
    await phone.getByTestId('login-submit').click();
    await phone.getByTestId('m-pledge-new').click();
    await phone.getByTestId('m-pledge-text').fill(TEXT);
    await phone.getByTestId('m-pledge-submit').click();
    await expect.poll(() => phone.getByTestId('m-pledge-list').innerText()).toContain('待审核');
    const [pledge] = await e.ctx.database.db.select().from(partyPledges).where(eq(partyPledges.text, TEXT));
    expect([pledge?.state, pledge?.memberId]).toEqual(['submitted', m.id]);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // The secretary approves it on the desktop page; the member's name is masked there.
    const { page } = await e.newPage();
    await e.login(page, '13910000001');
    await page.goto('/party-pledges');
    await expect.poll(() => page.getByTestId(`pledge-owner-${pledge!.id}`).innerText()).toContain('赵**');
    await page.getByTestId(`pledge-approve-${pledge!.id}`).click();
    await expect.poll(async () => (await e.ctx.database.db.select().from(partyPledges).where(eq(partyPledges.id, pledge!.id)))[0]!.state).toBe('approved');

    // The member records fulfilment on the phone.
    await phone.reload();
    await phone.getByTestId(`m-pledge-fulfil-${pledge!.id}`).click();
    await phone.getByTestId('m-pledge-deed').fill('驿站值守，指导居民分类投放');
    await phone.getByTestId('m-pledge-fulfil-ok').click();
    await expect.poll(() => phone.getByTestId(`m-pledge-${pledge!.id}`).innerText()).toContain('驿站值守');
    const [entry] = await e.ctx.database.db.select().from(partyPledgeFulfilments).where(eq(partyPledgeFulfilments.pledgeId, pledge!.id));
    expect(entry?.state).toBe('pending');
    await e.screenshot(phone, 'party-pledges-phone');

    // The secretary accepts the entry (expand the pledge's row).
    await page.reload();
    const row = page.getByTestId('pledge-table').locator('tr', { hasText: TEXT });
    await row.locator('.ant-table-row-expand-icon').click();
    await page.getByTestId(`pledge-entry-accept-${entry!.id}`).click();
    await expect
      .poll(async () => (await e.ctx.database.db.select().from(partyPledgeFulfilments).where(eq(partyPledgeFulfilments.id, entry!.id)))[0]!.state)
      .toBe('accepted');
    await e.screenshot(page, 'party-pledges-review');

    // The public board (no sign-in, a phone): the pledge, the name masked, one fulfilment.
    const { page: visitor } = await e.newPage(PHONE);
    await visitor.goto(`/m/party-board/${community}`);
    const item = visitor.getByTestId(`pledge-board-${pledge!.id}`);
    await expect.poll(() => item.innerText()).toContain(TEXT);
    const text = await item.innerText();
    expect(text).toContain('赵**');
    expect(text).not.toContain('赵承诺');
    expect(await visitor.getByTestId(`pledge-board-count-${pledge!.id}`).innerText()).toContain('践诺 1 次');
    expect(await visitor.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await e.screenshot(visitor, 'party-pledges-board');
  });
});
