/**
 * The leaders' figures and the team leaderboard in a real browser, over the demo district's year of
 * volunteer activities (the activities manifest's seed): the district government's leader opens
 * 志愿服务数据看板, sees the bar chart and the table per street in Chinese, switches to the year; the
 * leaderboard's team tab lists the teams by hours and by points.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canvasesSettled, rendersChinese, startE2E, type E2E } from './support.ts';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

describe('leaders’ figures and team leaderboard', () => {
  it('a district leader sees the figures per street as a chart and a table, in Chinese', async () => {
    const { page } = await e.newPage();
    await e.login(page, 'gov');
    await page.goto('/activities/figures');
    await page.getByText('志愿服务数据看板（按街乡）').waitFor();
    // The year: the demo's activities of the last twelve months.
    await page.getByText('按年', { exact: true }).click();
    const table = page.getByTestId('figures-table');
    await expect.poll(() => table.locator('thead').innerText()).toContain('服务时长（小时）');
    const head = await table.locator('thead').innerText();
    for (const words of ['街乡', '注册志愿者', '活跃志愿者', '开展活动', '点单数', '满意率', '按时率']) expect(head).toContain(words);
    // Every street of the district is a row, and the demo year gives most of them hours.
    const ref = await e.ctx.reference.get();
    const streets = [...ref.divisionByCode.values()].filter((d) => d.level === 'street' && d.parentCode === e.ctx.districtCode);
    await expect.poll(() => table.locator('tbody .ant-table-row').count()).toBeGreaterThanOrEqual(streets.length);
    await expect.poll(() => table.locator('tbody').innerText()).toContain(streets[0]!.name);
    await expect.poll(() => table.locator('.ant-table-summary').innerText()).toMatch(/合计/);
    const hoursCells = await table.locator('tbody .ant-table-row td:nth-child(4)').allInnerTexts();
    expect(hoursCells.filter((h) => Number(h) > 0).length).toBeGreaterThanOrEqual(5);
    // The chart is drawn.
    await page.getByTestId('figures-chart').locator('canvas').first().waitFor();
    await canvasesSettled(page);
    expect(await rendersChinese(page, '街', '乡')).toBe(true);
    await e.screenshot(page, 'figures-district-year');
  });

  it('a street’s leader sees their street only; a handler does not see the page in the menu', async () => {
    const { page } = await e.newPage();
    await e.login(page, 'street.leader');
    await page.goto('/activities/figures');
    await page.getByText('按年', { exact: true }).click();
    const rows = page.getByTestId('figures-table').locator('tbody .ant-table-row');
    await expect.poll(() => rows.count()).toBe(1);
    const { page: handler } = await e.newPage();
    await e.login(handler, 'street');
    await expect.poll(() => handler.getByText('志愿服务数据看板').count()).toBe(0);
  });

  it('the leaderboard’s team tab lists teams by hours and by points', async () => {
    const { page } = await e.newPage();
    await e.login(page, 'supervisor');
    await page.goto('/activities/leaderboard');
    await page.getByText('按年', { exact: true }).click();
    await page.getByRole('tab', { name: '志愿服务队' }).click();
    const byHours = page.getByTestId('team-hours');
    await expect.poll(() => byHours.innerText()).toContain('夕阳红助老服务队');
    await expect.poll(() => byHours.locator('tbody .ant-table-row').count()).toBeGreaterThanOrEqual(10);
    await expect.poll(() => page.getByTestId('team-points').innerText()).toContain('服务队积分排行');
    await e.screenshot(page, 'leaderboard-teams');
  });
});
