/**
 * 党员包户 in a real browser: the first demo volunteer (a branch secretary, 13910000001) looks after three
 * households; on the phone she logs a visit with a problem and a photo (a ticket is reported, the photo its
 * own) and a waste-sorting check; the community's party worker sees the visit, its photo and its ticket on
 * the workbench.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { partyHouseholdVisits, partySortingChecks, tickets } from '../src/schema.ts';
import { pngImage } from '../test/support/images.ts';
import { expectPhotoShown, PASSWORD, PHONE, startE2E, type E2E } from './support.ts';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

describe('党员包户', () => {
  it('a member visits and checks a household on the phone; the problem becomes a ticket the worker sees', async () => {
    const db = e.ctx.database.db;
    const { page: phone } = await e.newPage(PHONE);
    await phone.goto('/m/party');
    await phone.getByTestId('login-username').fill('13910000001');
    await phone.getByTestId('login-password').fill(PASSWORD);
    await phone.getByTestId('login-submit').click();
    const card = phone.getByTestId('m-hh');
    await expect.poll(() => card.innerText()).toContain('我的包户（3 户）');
    const first = card.locator('[data-testid^="m-hh-visit-"]').first();
    const id = Number((await first.getAttribute('data-testid'))!.slice('m-hh-visit-'.length));
    await first.click();
    await phone.getByTestId('m-hh-notes').fill('老人反映单元门禁坏了');
    await phone.getByTestId('m-hh-has-problem').click();
    await phone.getByTestId('m-hh-problem').fill('单元门禁损坏一周，外来人员随意进出');
    await phone
      .getByTestId('m-hh-photos')
      .locator('input[type="file"]')
      .setInputFiles({ name: 'IMG_0533.png', mimeType: 'image/png', buffer: pngImage(240, 180) });
    await expect.poll(() => phone.getByTestId('m-hh-photos-count').getAttribute('data-count')).toBe('1');
    await phone.getByTestId('m-hh-visit-ok').click();
    await expect.poll(() => phone.getByTestId('m-hh-last').innerText()).toContain('工单号');
    const [visit] = await db.select().from(partyHouseholdVisits).where(eq(partyHouseholdVisits.problem, '单元门禁损坏一周，外来人员随意进出'));
    expect(visit?.householdId).toBe(id);
    const [ticket] = await db.select().from(tickets).where(eq(tickets.id, visit!.ticketId!));
    expect([ticket?.source, ticket?.state]).toEqual(['party_household', 'accepted']);

    await phone.getByTestId(`m-hh-check-${id}`).click();
    await phone.getByTestId('m-hh-check-ok').click();
    await expect.poll(() => phone.getByTestId('m-hh-last').innerText()).toMatch(/积分|检查已记录|未关联/);
    await expect
      .poll(
        async () =>
          (
            await db
              .select()
              .from(partySortingChecks)
              .where(and(eq(partySortingChecks.householdId, id), eq(partySortingChecks.result, 'good')))
          ).length,
      )
      .toBeGreaterThan(0);
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);

    const { page } = await e.newPage();
    await e.login(page, 'party.community');
    await page.goto('/party-households');
    await expect.poll(() => page.getByTestId('hh-figures').innerText()).toContain('登记户数');
    await page.getByTestId(`hh-records-${id}`).click();
    await expect.poll(() => page.getByTestId('hh-records').innerText()).toContain(ticket!.number);
    expect(await page.getByTestId('hh-records').innerText()).toContain('已受理');
    // The visit's photo (its ticket's) shows, decoded by the browser.
    const photos = page.getByTestId(`hh-visit-photos-${visit!.id}`);
    await expectPhotoShown(photos, 240);
  });
});
