/**
 * The centre's pages in a real browser: rankings (after a few tickets are handled and called back
 * through the API), analytics with its charts and the Beijing map credit, and administration, where an
 * admin creates a user who then signs in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canvasesSettled, modalWith, motionDone, PASSWORD, pickOption, startE2E, type E2E } from './support.ts';

let e: E2E;
/** The analytics page's total over its default range (the last twelve months): the demo's tickets and the four below. */
let analyticsTotal = 0;

/** Calls the API with a bearer token from POST /api/auth/login. */
async function client(username: string) {
  const r = await fetch(`${e.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  expect(r.status, `login ${username}`).toBe(200);
  const token = ((await r.json()) as { token: string }).token;
  return async (method: string, path: string, body?: unknown): Promise<any> => {
    const res = await fetch(`${e.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${username} ${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
}

beforeAll(async () => {
  e = await startE2E();
  // A few tickets of two streets, handled and called back this month, so the rankings have rows.
  const [operator, callback] = [await client('operator'), await client('callback')];
  // The demo district already holds tickets of this year (service orders, household visits' problems …):
  // what the page's default range counts before the four below.
  const month = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
  const now = new Date();
  const range = `from=${month(new Date(now.getFullYear(), now.getMonth() - 11, 1))}&to=${month(now)}`;
  const supervisor = await client('supervisor');
  const before = (await supervisor('GET', `/api/analytics/volume?${range}&groupBy=month`)).district.total as number;
  const handlers: Record<string, Awaited<ReturnType<typeof client>>> = { '110109001': await client('street'), '110109002': await client('h.st-110109002') };
  const [units, categories, divisions] = await Promise.all([
    operator('GET', '/api/units'),
    operator('GET', '/api/categories'),
    operator('GET', '/api/divisions'),
  ]);
  // Leaves under different top-level categories, for a pie with several slices.
  const leaves: { id: number; path: string }[] = [];
  for (const c of categories.items as { id: number; isLeaf: boolean; active: boolean; path: string }[])
    if (c.isLeaf && c.active && !leaves.some((l) => l.path.split('/')[0] === c.path.split('/')[0])) leaves.push(c);
  const plan = [
    { street: '110109001', satisfaction: 'satisfied', resolved: true, leaf: 0 },
    { street: '110109001', satisfaction: 'satisfied', resolved: true, leaf: 1 },
    { street: '110109002', satisfaction: 'unsatisfied', resolved: false, leaf: 2 },
    { street: '110109002', satisfaction: 'basically_satisfied', resolved: true, leaf: 3 },
  ];
  for (const [i, p] of plan.entries()) {
    const unit = (units.items as { id: number; code: string }[]).find((u) => u.code === `ST-${p.street}`)!;
    const community = (divisions.items as { code: string; parentCode: string }[]).find((d) => d.parentCode === p.street)!;
    const t = await operator('POST', '/api/tickets', {
      requestType: 'complaint',
      channel: 'phone',
      categoryId: leaves[p.leaf % leaves.length]!.id,
      content: `E2E 排名测试诉求 ${i + 1}：小区路灯不亮`,
      requesterName: '测试人',
      requesterPhone: `1390000000${i}`,
      communityCode: community.code,
      triage: { action: 'dispatch', leadUnitId: unit.id },
    });
    const act = (who: typeof operator, action: string, body: unknown) => who('POST', `/api/tickets/${t.ticketId}/actions/${action}`, body);
    await act(handlers[p.street]!, 'sign', { note: '' });
    await act(handlers[p.street]!, 'contact', { method: 'phone', note: '' });
    await act(handlers[p.street]!, 'reply', { text: '已修复' });
    await act(callback, 'callback', { valid: true, contacted: true, resolved: p.resolved, satisfaction: p.satisfaction, note: '' });
  }
  analyticsTotal = before + plan.length;
  // The four count: the API says so before the page is asked.
  expect((await supervisor('GET', `/api/analytics/volume?${range}&groupBy=month`)).district.total).toBe(analyticsTotal);
});

afterAll(async () => {
  await e?.close();
});

describe('centre pages', () => {
  it('shows the rankings by unit type, and the analytics charts with the map credit', async () => {
    const { page } = await e.newPage();
    await e.login(page, 'supervisor');
    await page.goto('/rankings');
    await page.getByTestId('rankings-tab-street').waitFor();
    for (const ut of ['department', 'enterprise', 'district']) await page.getByTestId(`rankings-tab-${ut}`).waitFor();
    const table = page.getByTestId('ranking-table-street');
    await table.waitFor();
    await table.getByText('大峪街道').first().waitFor();
    await expect.poll(() => page.getByTestId('rule-version-street').textContent()).toContain('default-2019');
    // Two ranked streets: 大峪 first (all satisfied), 城子 second; one on each list.
    const firstRow = table.locator('tbody tr.ant-table-row').first();
    await expect.poll(() => firstRow.textContent()).toContain('大峪街道');
    await expect.poll(() => firstRow.textContent()).toContain('100.0%');
    await page.getByTestId('red-list').getByText('大峪街道').waitFor();
    await page.getByTestId('black-list').getByText('城子街道').waitFor();
    // The measures open under a row.
    await firstRow.locator('.ant-table-row-expand-icon').click();
    await page.getByTestId('ranking-measures').first().getByText('按时签收率').waitFor();
    await e.screenshot(page, 'centre-rankings');
    await page.getByTestId('rankings-tab-department').click();
    await page.getByTestId('ranking-table-department').waitFor();

    await page.goto('/analytics');
    for (const id of ['chart-volume', 'chart-rates', 'chart-categories', 'chart-streets', 'chart-map'])
      await page.getByTestId(id).locator('canvas').first().waitFor();
    await expect.poll(() => page.locator('canvas').count()).toBeGreaterThanOrEqual(5);
    await page.getByText('地图边界数据来自 Apache ECharts 4.9.0，Apache-2.0 许可').waitFor({ state: 'visible' });
    await page.getByText(`合计 ${analyticsTotal} 件`).waitFor();
    await canvasesSettled(page);
    await e.screenshot(page, 'centre-analytics');
  });

  it('lets an admin create a user who can then sign in', async () => {
    const { page } = await e.newPage();
    await e.login(page, 'admin');
    await page.goto('/admin');
    await page.getByTestId('units-table').getByText('大峪街道').first().waitFor();
    await e.screenshot(page, 'centre-admin-units');
    await page.getByTestId('admin-tab-users').click();
    await page.getByTestId('users-table').getByText('street.leader').waitFor();
    await page.getByTestId('users-create').click();
    await motionDone(modalWith(page, page.getByTestId('user-form-username')));
    await page.getByTestId('user-form-username').fill('e2e.newuser');
    await page.getByTestId('user-form-displayName').fill('新建承办人 测试');
    // The unit decides which roles are offered: it must be 城管委 (a department) and its popup closed
    // (it covers the roles beneath it) before 承办人 can be ticked.
    await pickOption(page, page.getByTestId('user-form-unit'), '城管委', { type: '城管委' });
    await page.getByTestId('user-form-roles').getByRole('checkbox', { name: '承办人' }).check();
    await page.getByTestId('user-form-password').fill(PASSWORD);
    await e.screenshot(page, 'centre-admin-user-form');
    await page.getByTestId('user-form-submit').click();
    await page.getByTestId('users-table').getByText('e2e.newuser').waitFor();
    await e.screenshot(page, 'centre-admin-users');
    // Each tab's screenshot once its table is showing and done loading.
    for (const [tab, content] of [
      ['catalog', 'catalog-table'],
      ['limits', 'limits-table'],
      ['calendar', 'calendar-days'],
      ['rules', 'rules-table'],
    ] as const) {
      await page.getByTestId(`admin-tab-${tab}`).click();
      await page.getByTestId(content).waitFor();
      await expect.poll(() => page.getByTestId(content).locator('.ant-spin-spinning').count()).toBe(0);
      await e.screenshot(page, `centre-admin-${tab}`);
    }
    await page.getByTestId('rules-table').getByText('default-2019').waitFor();

    // Next year's holiday notice, pasted as lines.
    const next = new Date().getFullYear() + 1;
    await page.getByTestId('admin-tab-calendar').click();
    await page.getByTestId('calendar-year').getByText(String(next)).click();
    await page.getByTestId('calendar-source').fill('e2e 测试通知');
    await page.getByTestId('calendar-text').fill(`${next}-01-01 holiday 元旦\n${next}-01-02 休 元旦\n${next}-01-04 workday 元旦调休`);
    await page.getByTestId('calendar-submit').click();
    await page.getByText('已录入（来源：e2e 测试通知）').waitFor();
    await page.getByTestId('calendar-days').getByText(`${next}-01-04`).waitFor();
    // The missing-years warning reloads beside the days (not before them): wait until neither it nor the
    // year switch still names the year as missing.
    await expect.poll(async () => (await page.getByTestId('calendar-missing').allTextContents()).join('')).not.toContain(String(next));
    await expect.poll(() => page.getByTestId('calendar-year').textContent()).not.toContain(`${next} ⚠`);
    await e.screenshot(page, 'centre-admin-calendar-loaded');

    const other = await e.newPage();
    await e.login(other.page, 'e2e.newuser');
    await expect.poll(() => other.page.getByTestId('current-user').textContent()).toContain('新建承办人 测试');
    await expect.poll(() => other.page.getByTestId('current-user').textContent()).toContain('城管委');
  });
});
