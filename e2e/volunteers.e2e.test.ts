/**
 * A resident on a phone (390×844, touch): opens an account on /m/volunteer (mobile number, password,
 * real name, ID number, home community), is signed in, sees their own account in clear, registers as a
 * volunteer with skills and consent, and joins the demo team. The station's staff then find them in
 * the volunteer list, masked. The staff of the district centre import a roster (.xlsx): a dry run with
 * its row report, then the import, and find the imported volunteers and their team.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckChar } from '../src/modules/volunteers/volunteers.domain.ts';
import { motionDone, openPopups, PASSWORD, pickOption, popupsClosed, startE2E, type E2E, PHONE } from './support.ts';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

const MOBILE = '13688881234';
const ID = (() => {
  const first17 = '11010919880512123';
  return `${first17}${idCheckChar(first17)}`;
})();

describe('a resident on a phone becomes a volunteer', () => {
  it('registers, signs in, registers as a volunteer with consent and joins a team', async () => {
    const { page } = await e.newPage(PHONE);
    await page.goto('/m/volunteer');
    await page.getByTestId('m-signin').waitFor();
    await page.getByTestId('m-to-register').click();
    await page.getByTestId('m-register').waitFor();
    await e.screenshot(page, 'volunteer-register');

    await page.getByTestId('m-register-phone').fill(MOBILE);
    await page.getByTestId('m-register-password').fill(PASSWORD);
    await page.getByTestId('m-register-name').fill('欧阳志愿');
    await page.getByTestId('m-register-id').fill(ID);
    // Home community: the first street's first community (whose station is the demo `station`'s).
    const streets = (await (await fetch(`${e.baseUrl}/api/public/divisions`)).json()) as {
      items: { code: string; name: string; communities: { name: string }[] }[];
    };
    const street = streets.items.find((s) => s.code === '110109001')!;
    const communityName = street.communities[0]!.name.replace(/居委会$/, '');
    await popupsClosed(page);
    await page.getByTestId('m-register-place').click();
    const cascade = openPopups(page);
    await motionDone(cascade);
    await cascade.locator('.ant-cascader-menu-item', { hasText: street.name }).first().click();
    const community = cascade.locator('.ant-cascader-menu').nth(1).locator('.ant-cascader-menu-item', { hasText: communityName }).first();
    await community.waitFor();
    await community.click();
    await popupsClosed(page);
    await page.getByTestId('m-register-submit').click();

    // Signed in: their own account in clear, and the volunteer form.
    await page.getByTestId('m-account-name').waitFor();
    await expect.poll(() => page.getByTestId('m-account-name').textContent()).toBe('欧阳志愿');
    await page.getByTestId('m-profile').waitFor();
    await pickOption(page, page.getByTestId('m-profile-skills'), '助老', { multiple: true });
    await pickOption(page, page.getByTestId('m-profile-skills'), '理发', { multiple: true });
    await page.getByTestId('m-profile-consent').check();
    await page.getByTestId('m-profile-submit').click();
    await page.getByTestId('m-teams').waitFor();
    await e.screenshot(page, 'volunteer-profile');

    // The page fits the phone: nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // Join the demo team of the district.
    const join = page.locator('.ant-list-item', { hasText: '夕阳红助老服务队' }).getByRole('button');
    await join.waitFor();
    await join.click();
    await expect.poll(() => page.getByTestId('m-teams').textContent()).toContain('夕阳红助老服务队');

    // The station's staff see the new volunteer, masked, with the skills chosen.
    const login = await fetch(`${e.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'station', password: PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const list = (await (await fetch(`${e.baseUrl}/api/volunteers?skill=haircut&pageSize=100`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      items: { realName: string; idNumber: string; skills: string[]; consentPublicName: boolean }[];
    };
    const found = list.items.find((v) => v.idNumber === `${ID.slice(0, 6)}********${ID.slice(-4)}`);
    expect(found).toMatchObject({ realName: '欧***', skills: ['elderly_care', 'haircut'], consentPublicName: true });
  });
});

describe('station staff on the workbench', () => {
  it('imports a roster after a clean dry run, then lists the imported volunteers and their team', async () => {
    const { page } = await e.newPage();
    await e.login(page, 'station.centre');
    const communities = (await (await fetch(`${e.baseUrl}/api/public/divisions`)).json()) as { items: { communities: { code: string }[] }[] };
    const community = communities.items[1]!.communities[0]!.code;
    const id = (n: number) => {
      const first17 = `11010919750315${String(n).padStart(3, '0')}`;
      return `${first17}${idCheckChar(first17)}`;
    };
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('花名册').addRows([
      ['姓名', '手机号', '身份证号', '社区编码', '技能', '队伍', '队内角色'],
      ['花名册甲', '13577770001', id(11), community, '义诊', '红十字义诊队', '队长'],
      ['花名册乙', '13577770002', id(12), community, '义诊、法律咨询', '红十字义诊队', '队员'],
      ['花名册丙', '13577770003', `${id(13).slice(0, 17)}${id(13)[17] === '1' ? '2' : '1'}`, community, '', '', ''],
    ]);
    const file = Buffer.from(await wb.xlsx.writeBuffer());

    await page
      .locator('a[href="/volunteer-import"], li[data-menu-id$="/volunteer-import"]')
      .first()
      .click()
      .catch(() => page.goto('/volunteer-import'));
    await page.getByTestId('roster-import-page').waitFor();
    const input = page.locator('input[type="file"]');
    await input.setInputFiles({ name: '花名册.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: file });
    await page.getByTestId('roster-file').waitFor();
    await page.getByTestId('roster-dry-run').click();
    // The bad ID number is reported with its row and column; nothing can be imported yet.
    await page.getByTestId('roster-problems').waitFor();
    await expect.poll(() => page.getByTestId('roster-problems').textContent()).toContain('校验位');
    expect(await page.getByTestId('roster-problems').textContent()).toContain('身份证号');
    expect(await page.getByTestId('roster-commit').isDisabled()).toBe(true);
    await e.screenshot(page, 'volunteer-roster-problems');

    // Without the bad row: a clean dry run, then the import.
    wb.getWorksheet('花名册')!.spliceRows(4, 1);
    await input.setInputFiles({
      name: '花名册.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from(await wb.xlsx.writeBuffer()),
    });
    await page.getByTestId('roster-dry-run').click();
    await expect.poll(() => page.getByTestId('roster-commit').isDisabled()).toBe(false);
    await page.getByTestId('roster-commit').click();
    await expect.poll(() => page.getByTestId('roster-verdict').textContent()).toContain('已导入');

    await page.goto('/volunteers');
    await page.getByTestId('volunteers-table').waitFor();
    await pickOption(page, page.getByTestId('volunteers-skill'), '义诊');
    await expect.poll(() => page.getByTestId('volunteers-table').textContent()).toContain('花*');
    expect(await page.getByTestId('volunteers-table').textContent()).toContain('待认领');
    expect(await page.getByTestId('volunteers-table').textContent()).not.toContain('花名册甲');
    await e.screenshot(page, 'volunteer-list');

    await page.goto('/volunteer-teams');
    await page.getByTestId('teams-table').waitFor();
    await expect.poll(() => page.getByTestId('teams-table').textContent()).toContain('红十字义诊队');
    await page.getByTestId('teams-table').locator('tr', { hasText: '红十字义诊队' }).click();
    await page.getByTestId('team-drawer').waitFor();
    await expect.poll(() => page.getByTestId('team-drawer').textContent()).toContain('花**');
    await e.screenshot(page, 'volunteer-team');
  });
});
