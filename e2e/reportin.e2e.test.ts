/**
 * 双报到 in a real browser: the first demo volunteer (a branch secretary, 13910000001) reports in to her
 * community on the phone, claims an open need and records the service with a photo taken on the phone; the
 * community's worker sees the photo and confirms it on the workbench; the district's worker sees the community's served member on the overview.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { partyClaims } from '../src/schema.ts';
import { pngImage } from '../test/support/images.ts';
import { expectPhotoShown, PASSWORD, PHONE, startE2E, type E2E } from './support.ts';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

describe('双报到', () => {
  it('a member claims a need on the phone, the community confirms it, the overview shows it', async () => {
    const { page: phone } = await e.newPage(PHONE);
    await phone.goto('/m/party');
    await phone.getByTestId('login-username').fill('13910000001');
    await phone.getByTestId('login-password').fill(PASSWORD);
    await phone.getByTestId('login-submit').click();
    await phone.getByTestId('m-ri-report').click();
    await expect.poll(() => phone.getByTestId('m-ri-status').innerText()).toContain('已报到');
    const claim = phone.locator('[data-testid^="m-ri-claim-"]').first();
    await claim.click();
    await expect.poll(() => phone.getByTestId('m-ri-claims').innerText()).toContain('已认领');
    await phone.locator('[data-testid^="m-ri-record-"]').first().click();
    await phone.getByTestId('m-ri-summary').fill('陪同独居老人就医');
    await phone
      .getByTestId('m-ri-photos')
      .locator('input[type="file"]')
      .setInputFiles({ name: 'IMG_0412.png', mimeType: 'image/png', buffer: pngImage(320, 240) });
    await expect.poll(() => phone.getByTestId('m-ri-photos-count').getAttribute('data-count')).toBe('1');
    await phone.getByTestId('m-ri-record-ok').click();
    await expect.poll(() => phone.getByTestId('m-ri-claims').innerText()).toContain('待确认');
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    const [done] = await e.ctx.database.db.select().from(partyClaims).where(eq(partyClaims.summary, '陪同独居老人就医'));
    expect(done?.state).toBe('done');

    const { page } = await e.newPage();
    await e.login(page, 'party.community');
    await page.goto('/party-reportin');
    await page.getByRole('tab', { name: '需求清单' }).click();
    const row = page.getByTestId('ri-needs').locator('tr', { hasText: '1/3' }).first();
    await row.locator('.ant-table-row-expand-icon').click();
    // The service photo, served to the community's worker, shows (decoded by the browser).
    const photos = page.getByTestId(`ri-photos-${done!.id}`);
    await expectPhotoShown(photos, 320);
    await e.screenshot(page, 'reportin-photo');
    await page.getByTestId(`ri-confirm-${done!.id}`).click();
    await expect.poll(async () => (await e.ctx.database.db.select().from(partyClaims).where(eq(partyClaims.id, done!.id)))[0]!.state).toBe('confirmed');

    const { page: dept } = await e.newPage();
    await e.login(dept, 'party');
    await dept.goto('/party-reportin-overview');
    await expect.poll(() => dept.getByTestId('ri-overview-communities').innerText()).toContain('德露苑');
    // 降星支部: the demo's star rating of this year is under review, and some branches fell a star.
    const fell = dept.getByTestId('ri-fell-a-star');
    await expect.poll(() => fell.innerText()).toMatch(/\d{4} 年度评定/);
    await expect.poll(() => fell.locator('tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    expect(await fell.innerText()).toContain('→');
  });
});
