/**
 * 批量导入 in a real browser: the centre supervisor opens the imports page, picks a findings CSV written
 * here (one good row, one with an unknown category), dry-runs it (1 accepted, 1 rejected with the reason
 * in Chinese and its code), imports it with a confirmed partial import, sees both runs in the history and
 * opens the report; the created ticket is found through the API. A file over 700 KB is refused in the
 * page with a pointer to the command line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { motionDone, PASSWORD, startE2E, type E2E } from './support.ts';

let e: E2E;

async function call<T = any>(user: string, method: string, path: string): Promise<T> {
  const login = await fetch(`${e.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: user, password: PASSWORD }),
  });
  const { token } = (await login.json()) as { token: string };
  const r = await fetch(`${e.baseUrl}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
  if (!r.ok) throw new Error(`${user} ${method} ${path}: ${r.status}`);
  return (await r.json()) as T;
}

beforeAll(async () => {
  e = await startE2E();
}, 180_000);
afterAll(async () => {
  await e?.close();
});

describe('imports page', () => {
  it('dry-runs a findings file, imports it partially and lists the runs', async () => {
    const tag = `E2E-IMP-${Date.now()}`;
    const csv = [
      '外部编号,内容,分类编码,街道编码',
      `${tag}-1,网络舆情：${tag} 桶站满溢,CITY.WASTE.SORTING,110109001`,
      `${tag}-2,分类写错的一行,NO.SUCH.CATEGORY,110109001`,
    ].join('\n');
    const { page } = await e.newPage();
    await e.login(page, 'supervisor');
    await page.locator('a[href="/imports"]').first().click();
    await page.getByTestId('imports-page').waitFor();

    const input = page.locator('[data-testid="imports-page"] input[type="file"]');
    await input.setInputFiles({ name: 'findings.csv', mimeType: 'text/csv', buffer: Buffer.alloc(701 * 1024, 0x61) });
    await expect.poll(() => page.getByTestId('imports-too-large').textContent()).toContain('jiesu import findings');
    await expect.poll(() => page.getByTestId('imports-dry-run').isDisabled()).toBe(true);

    await input.setInputFiles({ name: '舆情发现.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await expect.poll(() => page.getByTestId('imports-file-info').textContent()).toContain('舆情发现.csv');
    await expect.poll(() => page.getByTestId('imports-too-large').count()).toBe(0);
    await expect.poll(() => page.getByTestId('imports-commit').isDisabled()).toBe(true);

    await page.getByTestId('imports-dry-run').click();
    await page.getByTestId('imports-report').waitFor();
    await expect.poll(() => page.getByTestId('imports-report-outcome').getAttribute('data-outcome')).toBe('dryRun');
    await expect.poll(() => page.getByTestId('imports-count-accepted').getAttribute('data-value')).toBe('1');
    await expect.poll(() => page.getByTestId('imports-count-rejected').getAttribute('data-value')).toBe('1');
    const badRow = page.getByTestId('imports-row-3');
    await expect.poll(() => badRow.getAttribute('data-status')).toBe('rejected');
    const reason = badRow.getByTestId('imports-reason');
    await expect.poll(() => reason.getAttribute('data-code')).toBe('UNKNOWN_CATEGORY');
    await expect.poll(() => reason.textContent()).toBe('分类编码无效 · UNKNOWN_CATEGORY');
    await expect.poll(() => page.getByTestId('imports-row-2').getAttribute('data-status')).toBe('accepted');
    // A dry run writes nothing, so it shows no ticket numbers.
    await expect.poll(() => page.getByTestId('imports-row-2').locator('td').count()).toBe(4);
    // One row was rejected: the import stays disabled until a partial import is confirmed.
    await expect.poll(() => page.getByTestId('imports-commit').isDisabled()).toBe(true);
    await e.screenshot(page, 'imports-dry-run');

    await page.getByTestId('imports-allow-partial').click();
    const confirm = page.locator('.ant-modal-confirm:visible');
    await motionDone(confirm);
    await confirm.locator('.ant-btn-primary').click();
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('imports-commit').isEnabled()).toBe(true);
    await page.getByTestId('imports-commit').click();
    await expect.poll(() => page.getByTestId('imports-report-outcome').getAttribute('data-outcome')).toBe('committed');
    await expect.poll(() => page.getByTestId('imports-notice').textContent()).toContain('写入 1 行');
    await expect.poll(() => page.getByTestId('imports-row-2').locator('td').count()).toBe(5);
    await expect.poll(async () => (await page.getByTestId('imports-row-2').locator('td').last().textContent())?.trim()).toMatch(/\S/);
    const ticketNumber = (await page.getByTestId('imports-row-2').locator('td').last().textContent())!.trim();
    expect(ticketNumber).not.toBe('');

    // The history lists the dry run and the import, newest first; a row opens its report.
    const runs = page.getByTestId('imports-runs');
    await expect.poll(() => runs.getByTestId('imports-run-status').count()).toBeGreaterThanOrEqual(2);
    await expect
      .poll(async () => (await runs.getByTestId('imports-run-status').evaluateAll((els) => els.map((x) => x.getAttribute('data-status')))).slice(0, 2))
      .toEqual(['committed', 'dry_run']);
    const latest = runs.locator('tbody tr[data-testid^="imports-run-"]').first();
    await expect.poll(() => latest.getByTestId('imports-run-counts').textContent()).toBe('1 / 1 / 0 / 2');
    await expect.poll(() => latest.textContent()).toContain('舆情发现.csv');
    await latest.click();
    const detail = page.getByTestId('imports-run-detail');
    await detail.waitFor();
    await expect.poll(() => detail.locator('[data-testid^="imports-row-"]').first().getAttribute('data-status')).toBe('rejected');
    await expect.poll(() => detail.getByTestId('imports-reason').first().textContent()).toContain('UNKNOWN_CATEGORY');
    await e.screenshot(page, 'imports-run-report');

    // The created ticket can be found.
    const found = await call<{ total: number; items: { number: string }[] }>(
      'supervisor',
      'GET',
      `/api/tickets?q=${encodeURIComponent(`${tag} 桶站满溢`)}&limit=5`,
    );
    expect(found.total).toBe(1);
    expect(found.items[0]!.number).toBe(ticketNumber);
  }, 120_000);
});
