/**
 * Grid administration in a real browser: the admin imports a grid file with a bad row (nothing is
 * imported; the row and reason are shown), then a good one naming the grid worker, sees the grid with
 * its worker, and removes the worker again. The worker's own grid list follows. In the same admin page:
 * a category group moves under another group, its leaf following.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCaller, modalWith, motionDone, openPopups, PASSWORD, popupsClosed, rendersChinese, startE2E, type E2E } from './support.ts';

let e: E2E;
const call = apiCaller(() => e.baseUrl);
beforeAll(async () => {
  e = await startE2E();
}, 300_000);
afterAll(async () => {
  await e?.close();
});

async function gridsOfWorker(): Promise<string[]> {
  const r = await fetch(`${e.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'grid', password: PASSWORD }),
  });
  const { token } = (await r.json()) as { token: string };
  const g = await fetch(`${e.baseUrl}/api/grids`, { headers: { authorization: `Bearer ${token}` } });
  return ((await g.json()) as { items: { code: string }[] }).items.map((x) => x.code);
}

describe('grid administration', () => {
  it('imports grids from a file all or nothing, assigns and removes a grid worker', async () => {
    const { page } = await e.newPage();
    await e.login(page, 'admin');
    await page.goto('/admin');
    await page.getByTestId('admin-tab-grids').click();
    await page.getByTestId('grid-table').waitFor();
    expect(await rendersChinese(page)).toBe(true);
    // The demo grids of the first street are listed with the demo worker.
    await expect.poll(() => page.getByTestId('grid-table').textContent()).toContain('第一网格');
    const community = '110109001001';
    const input = page.locator('input[type="file"]');

    await input.setInputFiles({
      name: '网格.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`网格编码,网格名称,社区编码,网格员账号\nE2E-1,试点网格,${community},grid\nE2E-2,坏网格,110105001001,`, 'utf8'),
    });
    const rejected = page.getByTestId('grid-import-rejected');
    await rejected.waitFor();
    await expect.poll(() => rejected.textContent()).toContain('110105001001');
    await expect.poll(() => rejected.textContent()).toMatch(/3/);
    // All or nothing: the good row was not imported either (the server is the judge; the table follows it).
    expect(await gridsOfWorker()).not.toContain('E2E-1');
    await expect.poll(() => page.getByTestId('grid-table').textContent()).toContain('第一网格');
    expect(await page.getByTestId('grid-table').textContent()).not.toContain('试点网格');
    await e.screenshot(page, 'grids-admin-01-rejected');

    await input.setInputFiles({
      name: '网格.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`网格编码,网格名称,社区编码,网格员账号\nE2E-1,试点网格,${community},grid\n`, 'utf8'),
    });
    await expect.poll(() => page.getByTestId('grid-table').textContent()).toContain('试点网格');
    await expect.poll(() => page.getByTestId('grid-workers-E2E-1').textContent()).toContain('grid');
    expect(await gridsOfWorker()).toContain('E2E-1');
    await e.screenshot(page, 'grids-admin-02-imported');

    await page.getByTestId('grid-workers-E2E-1').locator('.ant-tag').first().click();
    const confirm = page.locator('.ant-popconfirm:visible');
    await motionDone(confirm);
    await confirm.getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(() => page.getByTestId('grid-workers-E2E-1').locator('.ant-tag').count()).toBe(0);
    expect(await gridsOfWorker()).not.toContain('E2E-1');

    // And back again through the picker.
    // The picker keeps no value (it assigns on change), so the tag, not the select, shows the pick.
    await popupsClosed(page);
    await page.getByTestId('grid-assign-E2E-1').click();
    await motionDone(openPopups(page));
    const worker = openPopups(page).locator('.ant-select-item-option').first();
    await worker.waitFor();
    await worker.click();
    await expect.poll(() => page.getByTestId('grid-workers-E2E-1').locator('.ant-tag').count()).toBe(1);
    await expect.poll(() => page.getByTestId('grid-workers-E2E-1').textContent()).toContain('grid');
    expect(await gridsOfWorker()).toContain('E2E-1');
    await e.screenshot(page, 'grids-admin-03-assigned');
  });
});

describe('category administration', () => {
  it('moves a group with its leaf under another group', async () => {
    type Cat = { id: number; code: string; path: string; parentId: number | null };
    const add = (parentId: number | null, code: string, name: string, isLeaf: boolean) =>
      call<Cat>('admin', 'POST', '/api/admin/categories', {
        parentId,
        code,
        name,
        nameEn: '',
        isLeaf,
        timeLimitClass: isLeaf ? 'general' : null,
        keywords: [],
      });
    const from = await add(null, 'E2E_FROM', '端到端迁出', false);
    const sub = await add(from.id, 'SUB', '端到端子类', false);
    await add(sub.id, 'LEAF', '端到端末级', true);
    const target = await add(null, 'E2E_TO', '端到端迁入', false);

    const { page } = await e.newPage();
    await e.login(page, 'admin');
    await page.goto('/admin');
    await page.getByTestId('admin-tab-categories').click();
    // The tree opens collapsed: open the group the sub-group is in.
    await page
      .locator('.ant-tree-treenode')
      .filter({ has: page.getByTestId(`category-node-${from.id}`) })
      .locator('.ant-tree-switcher')
      .click();
    await page.getByTestId(`category-node-${sub.id}`).click();
    await expect.poll(() => page.getByTestId('category-detail').locator('.ant-card-head').textContent()).toContain('端到端迁出/端到端子类');
    await page.getByTestId('category-move').click();
    const picker = page.getByTestId('category-move-to');
    const modal = modalWith(page, picker);
    await motionDone(modal);
    await popupsClosed(page);
    await picker.click();
    const popup = openPopups(page);
    await motionDone(popup);
    const option = popup.locator('.ant-select-tree-node-content-wrapper', { hasText: '端到端迁入' }).first();
    await option.waitFor();
    await option.click();
    await expect.poll(() => picker.textContent()).toContain('端到端迁入');
    await popupsClosed(page);
    await modal.getByRole('button', { name: /提\s*交|Submit/ }).click();
    await expect.poll(() => page.getByTestId('category-detail').locator('.ant-card-head').textContent()).toContain('端到端迁入/端到端子类');
    const after = (await call<{ items: Cat[] }>('admin', 'GET', '/api/categories')).items;
    expect(after.find((c) => c.id === sub.id)).toMatchObject({ parentId: target.id, code: 'E2E_FROM.SUB', path: '端到端迁入/端到端子类' });
    expect(after.find((c) => c.code === 'E2E_FROM.SUB.LEAF')!.path).toBe('端到端迁入/端到端子类/端到端末级');
    await e.screenshot(page, 'categories-admin-moved');
  });
});
