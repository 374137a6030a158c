/**
 * 台账 in a real browser: the supervisor creates a ledger with a keyword rule (a server validation error
 * shows on the keyword field first), a matching ticket taken in through the API appears with its state,
 * the summary chart draws, the Excel export downloads a workbook, a ticket is added by number and
 * removed with a required reason, an .xlsx import reports unknown numbers by row, and the list shows the
 * rule in words with the counts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modalWith, motionDone, openPopups, pickOption, popupsClosed, startE2E, type E2E } from './support.ts';

let e: E2E;
const KEYWORD = '台账测试井盖';
let matching: { ticketId: number; number: string };
let other: { ticketId: number; number: string };

const token = (user: string) => e.token(user);

async function call<T = any>(tok: string, method: string, p: string, body?: unknown): Promise<T> {
  const res = await fetch(`${e.baseUrl}${p}`, {
    method,
    headers: { authorization: `Bearer ${tok}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

beforeAll(async () => {
  e = await startE2E();
  const op = await token('operator');
  const units = await call<{ items: { id: number; code: string }[] }>(op, 'GET', '/api/units');
  const street = units.items.find((u) => u.code === 'ST-110109001')!;
  const intake = (content: string, phone: string) =>
    call<{ ticketId: number; number: string }>(op, 'POST', '/api/tickets', {
      requestType: 'complaint',
      channel: 'phone',
      content,
      requesterName: '测试人',
      requesterPhone: phone,
      triage: { action: 'dispatch', leadUnitId: street.id },
    });
  matching = await intake(`${KEYWORD}：小区门口井盖缺失，存在安全隐患`, '13900000011');
  other = await intake('楼道灯不亮，请尽快维修', '13900000012');
});

afterAll(async () => {
  await e?.close();
});

describe('ledgers', () => {
  it('creates a ledger by rule, shows its items, summary and export, and edits it by hand', async () => {
    const { page } = await e.newPage();
    await e.login(page, 'supervisor');
    await page.getByRole('menuitem', { name: '台账管理' }).click();
    await page.getByTestId('ledgers-page').waitFor();
    await page.getByTestId('ledger-new').click();
    const form = page.getByTestId('ledger-form');
    await motionDone(modalWith(page, form));
    await page.getByTestId('ledger-form-name').fill('E2E 井盖专项台账');
    await page.getByTestId('ledger-form-description').fill('端到端测试');

    // A keyword longer than the server allows: its error is shown on the keyword field.
    const keywords = page.getByTestId('ledger-form-keywords');
    /** Types a keyword into the tags select (it has no popup) and waits until it shows as a tag. */
    const addKeyword = async (word: string) => {
      await popupsClosed(page);
      await keywords.click();
      await page.keyboard.type(word);
      await expect.poll(() => keywords.locator('input[role="combobox"]').inputValue()).toBe(word);
      await page.keyboard.press('Enter');
      await expect.poll(() => keywords.textContent()).toContain(word);
    };
    await addKeyword('很'.repeat(60));
    await page.getByTestId('ledger-form-submit').click();
    const keywordItem = form.locator('.ant-form-item').filter({ has: keywords });
    await keywordItem.locator('.ant-form-item-explain-error').waitFor();
    await expect.poll(() => keywordItem.getAttribute('class')).toContain('ant-form-item-has-error');
    await expect.poll(() => keywordItem.locator('.ant-form-item-explain-error').textContent()).toContain('不符合要求');
    await e.screenshot(page, 'ledgers-form-error');

    // Replace it with a good keyword and create the ledger.
    await keywordItem.locator('.ant-select-selection-item-remove').first().click();
    await expect.poll(() => keywords.textContent()).not.toContain('很很');
    await addKeyword(KEYWORD);
    await e.screenshot(page, 'ledgers-form');
    await page.getByTestId('ledger-form-submit').click();

    // The detail page: the matching ticket with its state, counts, the chart.
    await page.getByTestId('ledger-detail-page').waitFor();
    await expect.poll(() => page.getByTestId('ledger-name').textContent()).toBe('E2E 井盖专项台账');
    await expect.poll(() => page.getByTestId('ledger-rules').textContent()).toContain(`关键词：${KEYWORD}`);
    const row = page.getByTestId(`ledger-item-${matching.number}`);
    await row.waitFor();
    await expect.poll(() => row.getByTestId('ledger-item-state').getAttribute('data-state')).toBe('dispatched');
    await expect.poll(() => row.getByTestId('ledger-item-state').textContent()).toContain('待签收');
    await expect.poll(() => row.getByTestId('ledger-item-origin').getAttribute('data-manual')).toBe('false');
    await expect.poll(() => row.getByTestId('ledger-item-number').getAttribute('href')).toBe(`/tickets/${matching.ticketId}`);
    await expect.poll(() => page.getByTestId('ledger-items-table').locator('tbody tr.ant-table-row').count()).toBe(1);
    await expect.poll(() => page.getByTestId('ledger-stat-total').getAttribute('data-value')).toBe('1');
    await expect.poll(() => page.getByTestId('ledger-stat-open').getAttribute('data-value')).toBe('1');
    await expect.poll(() => page.getByTestId('ledger-stat-closed').getAttribute('data-value')).toBe('0');
    // The chart of days, then of months (the card says which period its chart shows once loaded).
    const summary = page.getByTestId('ledger-summary');
    await page.locator('[data-testid="ledger-summary"][data-period="day"] [data-testid="ledger-summary-chart"] canvas').first().waitFor();
    await page.getByTestId('ledger-period-month').click();
    await page.locator('[data-testid="ledger-summary"][data-period="month"] [data-testid="ledger-summary-chart"] canvas').first().waitFor();
    await expect.poll(() => summary.getAttribute('data-period')).toBe('month');
    await e.screenshot(page, 'ledger-detail');

    // Export: a plain link, downloaded with the session cookie; an .xlsx is a zip ("PK").
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ledger-export').click()]);
    const file = await download.path();
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe('编号');
    expect(ws.getRow(2).getCell(1).value).toBe(matching.number);

    // Add the other ticket by number: it shows as added by hand.
    await page.getByTestId('ledger-add-numbers').fill(other.number);
    await page.getByTestId('ledger-add-submit').click();
    const added = page.getByTestId(`ledger-item-${other.number}`);
    await added.waitFor();
    await expect.poll(() => added.getByTestId('ledger-item-origin').getAttribute('data-manual')).toBe('true');
    await expect.poll(() => page.getByTestId('ledger-stat-total').getAttribute('data-value')).toBe('2');

    // Remove it: the reason is required.
    await added.getByTestId('ledger-item-remove').click();
    const dialog = page.locator('.ant-modal').filter({ hasText: `将工单 ${other.number} 移出台账` });
    await motionDone(dialog);
    await page.getByTestId('ledger-remove-ok').click();
    await dialog.getByText('请填写移出原因').waitFor();
    await page.getByTestId('ledger-remove-reason').fill('误加，不属于井盖问题');
    await e.screenshot(page, 'ledger-remove');
    await page.getByTestId('ledger-remove-ok').click();
    await added.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('ledger-stat-total').getAttribute('data-value')).toBe('1');
    const ledgerId = Number(new URL(page.url()).pathname.split('/').pop());
    const sup = await token('supervisor');
    const items = await call<{ items: { number: string }[] }>(sup, 'GET', `/api/ledgers/${ledgerId}/items`);
    expect(items.items.map((i) => i.number)).toEqual([matching.number]);

    // Import: an unknown number is reported by its row and nothing is added; then a good file adds it.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiesu-ledger-'));
    const xlsx = async (name: string, numbers: string[]) => {
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet('导入');
      sheet.addRow(['编号', '备注']);
      for (const n of numbers) sheet.addRow([n, '']);
      const p = path.join(dir, name);
      await book.xlsx.writeFile(p);
      return p;
    };
    const input = page.getByTestId('ledger-items').locator('input[type=file]');
    await input.setInputFiles(await xlsx('bad.xlsx', [other.number, 'NO-SUCH-1']));
    const result = page.getByTestId('ledger-import-result');
    await result.getByText('第 3 行：NO-SUCH-1 不存在').waitFor();
    await expect.poll(() => result.getAttribute('class')).toContain('ant-alert-error');
    await input.setInputFiles(await xlsx('good.xlsx', [other.number]));
    await result.getByText('导入成功，已添加 1 件工单').waitFor();
    await page.getByTestId(`ledger-item-${other.number}`).waitFor();
    await expect.poll(() => page.getByTestId('ledger-stat-total').getAttribute('data-value')).toBe('2');
    await e.screenshot(page, 'ledger-import');
    fs.rmSync(dir, { recursive: true, force: true });

    // The list: the rule in words and the live counts.
    await page.getByRole('link', { name: '返回台账列表' }).click();
    await page.getByTestId('ledgers-page').waitFor();
    await expect.poll(() => page.getByTestId(`ledger-rules-${ledgerId}`).textContent()).toContain(`关键词：${KEYWORD}`);
    await expect.poll(() => page.getByTestId(`ledger-total-${ledgerId}`).getAttribute('data-count')).toBe('2');
    await expect.poll(() => page.getByTestId(`ledger-open-${ledgerId}`).getAttribute('data-count')).toBe('2');
    await expect.poll(() => page.getByTestId(`ledger-overdue-${ledgerId}`).getAttribute('data-count')).toBe('0');
    await e.screenshot(page, 'ledgers-list');
  });

  it('creates a ledger by category subtree, place and kind', async () => {
    const { page } = await e.newPage();
    await e.login(page, 'supervisor');
    await page.goto('/ledgers');
    await page.getByTestId('ledger-new').click();
    await motionDone(modalWith(page, page.getByTestId('ledger-form')));
    await page.getByTestId('ledger-form-name').fill('E2E 城市管理台账');
    // A top-level category (its subtree is included) picked from the tree by search.
    const sup = await token('supervisor');
    const categories = await call<{ items: { id: number; name: string; level: number; parentId: number | null }[] }>(sup, 'GET', '/api/categories');
    const top = categories.items.find((c) => c.level === 1 && categories.items.some((x) => x.parentId === c.id))!;
    // Each popup: opened on its own, the searched item showing, the pick shown in the field, closed again.
    const categoriesField = page.getByTestId('ledger-form-categories');
    await popupsClosed(page);
    await categoriesField.click();
    await motionDone(openPopups(page));
    await page.keyboard.type(top.name);
    const node = openPopups(page).locator('.ant-select-tree-node-content-wrapper').filter({ hasText: top.name }).first();
    await node.waitFor();
    await node.click();
    await expect.poll(() => categoriesField.textContent()).toContain(top.name);
    await page.keyboard.press('Escape');
    await popupsClosed(page);
    // A whole street from the cascader, by search.
    const placesField = page.getByTestId('ledger-form-places');
    await placesField.click();
    await motionDone(openPopups(page));
    await page.keyboard.type('大峪');
    const street = openPopups(page)
      .locator('.ant-cascader-menu-item')
      .filter({ hasText: /^大峪街道$/ })
      .first();
    await street.waitFor();
    await street.click();
    await expect.poll(() => placesField.textContent()).toContain('大峪街道');
    await page.keyboard.press('Escape');
    await popupsClosed(page);
    await pickOption(page, page.getByTestId('ledger-form-kinds'), '接诉即办', { multiple: true });
    await e.screenshot(page, 'ledgers-form-rules');
    await page.getByTestId('ledger-form-submit').click();
    await page.getByTestId('ledger-detail-page').waitFor();
    await expect.poll(() => page.getByTestId('ledger-rules').textContent()).toContain(`分类：${top.name}`);
    await expect.poll(() => page.getByTestId('ledger-rules').textContent()).toContain('地点：大峪街道');
    await expect.poll(() => page.getByTestId('ledger-rules').textContent()).toContain('类型：接诉即办');
    const ledgerId = Number(new URL(page.url()).pathname.split('/').pop());
    const ledger = await call<{ rules: { categoryIds: number[]; streetCodes: string[]; kinds: string[] } }>(sup, 'GET', `/api/ledgers/${ledgerId}`);
    expect(ledger.rules.streetCodes).toEqual(['110109001']);
    expect(ledger.rules.kinds).toEqual(['hotline_request']);
    expect(ledger.rules.categoryIds).toContain(top.id);
    expect(ledger.rules.categoryIds.length).toBeGreaterThan(1);
  });

  it('shows ledgers to a unit handler without the editing controls', async () => {
    const { page } = await e.newPage();
    await e.login(page, 'street');
    await page.goto('/ledgers');
    await page.getByTestId('ledgers-page').waitFor();
    await page.getByTestId('ledgers-table').locator('tbody tr.ant-table-row').first().waitFor();
    await expect.poll(() => page.getByTestId('ledger-new').count()).toBe(0);
    await page.getByRole('link', { name: 'E2E 井盖专项台账' }).click();
    await page.getByTestId('ledger-detail-page').waitFor();
    await page.getByTestId('ledger-items').waitFor();
    // Both tickets are led by this street, so the handler sees them; no hand editing.
    await expect.poll(() => page.getByTestId('ledger-stat-total').getAttribute('data-value')).toBe('2');
    await expect.poll(() => page.getByTestId('ledger-items-table').locator('tbody tr.ant-table-row').count()).toBe(2);
    await expect.poll(() => page.getByTestId('ledger-add-numbers').count()).toBe(0);
    await expect.poll(() => page.getByTestId('ledger-item-remove').count()).toBe(0);
    await page.getByTestId('ledger-export').waitFor();
    // English beside Chinese.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('Tickets in the ledger').waitFor();
    await expect.poll(() => page.getByTestId('ledger-rules').textContent()).toContain(`Keywords: ${KEYWORD}`);
    await expect.poll(() => page.getByTestId('ledger-export').textContent()).toContain('Export Excel');
    await e.screenshot(page, 'ledger-detail-en');
  });
});
