/**
 * The whole life of a request through the UI, with three people in their own browser contexts:
 * the operator records a complaint and dispatches it, the street's handler signs, contacts the
 * requester and replies, the callback agent records a satisfied callback, and the ticket closes and
 * counts in the street's assessment for the month.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modalWith, motionDone, startE2E, type E2E } from './support.ts';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

const STREET = '大峪街道';

/** Opens an action's modal, lets `fill` complete its form, submits, and waits for the new state. */
async function act(page: Page, action: string, state: string, fill?: () => Promise<void>) {
  await page.getByTestId(`action-${action}`).click();
  await motionDone(modalWith(page, page.locator(`[data-testid="action-modal"][data-action="${action}"]`)));
  if (fill) await fill();
  await page.getByTestId('action-submit').click();
  await page.getByTestId('action-modal').waitFor({ state: 'detached' });
  await page.getByTestId('ticket-state').filter({ hasText: state }).waitFor();
}

/** The street's valid callbacks this month, from the rankings API through the signed-in page. */
async function streetValidCallbacks(page: Page, month: string): Promise<number> {
  const body = await page.evaluate(async (m) => (await fetch(`/api/assessment/rankings?month=${m}`, { cache: 'no-store' })).json(), month);
  const group = (body.groups as { unitType: string; rows: Record<string, unknown>[] }[]).find((g) => g.unitType === 'street');
  const row = group?.rows.find((r) => r.unitName === STREET);
  if (!row) return 0;
  const counts = (row.counts ?? row) as { validCallbacks?: number };
  return counts.validCallbacks ?? 0;
}

describe('a complaint from intake to a satisfied callback', () => {
  it('goes through intake, dispatch, sign, contact, reply and callback, and counts for the street', async () => {
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
    const supervisor = await e.newPage();
    await e.login(supervisor.page, 'supervisor');
    await supervisor.page.goto('/');
    const before = await streetValidCallbacks(supervisor.page, month);

    // 1. The operator records the call, then dispatches it from the ticket page.
    const operator = await e.newPage();
    const op = operator.page;
    await e.login(op, 'operator');
    await op.goto('/intake');
    await op.getByTestId('intake-phone').fill('13811112222');
    await op.getByTestId('intake-name').fill('李先生');
    await op.getByTestId('intake-category').click();
    await op.keyboard.type('生活噪音');
    await op.locator('.ant-select-item-option-active').filter({ hasText: '生活噪音' }).waitFor();
    await op.keyboard.press('Enter');
    await expect.poll(() => op.getByTestId('intake-category').textContent()).toContain('生活噪音');
    await op.getByTestId('intake-place').click();
    await op.keyboard.type('向阳东里');
    await op.locator('.ant-cascader-menu-item').filter({ hasText: '向阳东里' }).first().waitFor();
    await op.keyboard.press('Enter');
    await expect.poll(() => op.getByTestId('intake-place').textContent()).toContain('向阳东里');
    await op.getByTestId('intake-address').fill('向阳东里3号楼');
    await op.getByTestId('intake-content').fill('楼下饭店排风扇噪音很大，夜里也不停，影响休息。');
    await op.getByTestId('intake-suggested-unit').filter({ hasText: STREET }).waitFor();
    await e.screenshot(op, 'lifecycle-intake');
    await op.getByTestId('intake-record-only').click();
    await op.getByTestId('intake-result-state').filter({ hasText: '已受理' }).waitFor();
    await expect.poll(() => op.getByTestId('intake-result-number').textContent()).toMatch(/^JS\d{14}$/);
    await expect.poll(() => op.getByTestId('intake-result-link').getAttribute('href')).toMatch(/\/tickets\/\d+$/);
    const number = (await op.getByTestId('intake-result-number').textContent())!;
    const href = (await op.getByTestId('intake-result-link').getAttribute('href'))!;
    const id = Number(href.split('/').pop());
    expect(id).toBeGreaterThan(0);

    await op.getByTestId('intake-result-link').click();
    await op.getByTestId('ticket-number').filter({ hasText: number }).waitFor();
    await act(op, 'dispatch', '已派单待签收', async () => {
      // The form defaults to the catalogue's suggestion.
      await op.getByTestId('action-field-lead').filter({ hasText: STREET }).waitFor();
    });
    await expect.poll(() => op.getByTestId('ticket-lead-unit').textContent()).toBe(STREET);
    await expect.poll(() => op.getByTestId('deadline-sign').getAttribute('data-colour')).toBe('ok');

    // 2. The street's handler signs, contacts the requester and replies.
    const handler = await e.newPage();
    const hp = handler.page;
    await e.login(hp, 'h.st-110109001');
    await hp.goto(`/tickets/${id}`);
    await hp.getByTestId('ticket-number').filter({ hasText: number }).waitFor();
    await expect.poll(() => hp.getByTestId('requester-phone').textContent()).toContain('****');
    await hp.getByTestId('reveal-open').click();
    await motionDone(modalWith(hp, hp.getByTestId('reveal-reason')));
    await hp.getByTestId('reveal-reason').fill('联系诉求人核实情况');
    await hp.getByRole('button', { name: '确认查看' }).click();
    await hp.getByTestId('requester-revealed').waitFor();
    await expect.poll(() => hp.getByTestId('requester-phone').textContent()).toBe('13811112222');

    await act(hp, 'sign', '已签收');
    await act(hp, 'contact', '办理中', async () => {
      await hp.getByTestId('action-field-note').fill('已电话联系李先生，约定明天上门查看。');
    });
    await act(hp, 'progress', '办理中', async () => {
      await hp.getByTestId('action-field-note').fill('已约谈饭店负责人，排风扇加装减震。');
    });
    await act(hp, 'reply', '已办结待回访', async () => {
      await hp.getByTestId('action-field-text').fill('经协调，饭店已为排风扇加装减震降噪设施，并承诺夜间22点后停止使用。已告知诉求人。');
    });
    await expect.poll(() => hp.getByTestId('deadline-reply').getAttribute('data-colour')).toBe('ok');
    await e.screenshot(hp, 'lifecycle-ticket-replied');

    // 3. The callback agent records a satisfied callback; the ticket closes.
    const callback = await e.newPage();
    const cp = callback.page;
    await e.login(cp, 'callback');
    await cp.goto(`/tickets/${id}`);
    await cp.getByTestId('ticket-number').filter({ hasText: number }).waitFor();
    await act(cp, 'callback', '已关闭');
    await cp.getByTestId('ticket-callback').waitFor();
    await expect.poll(() => cp.getByTestId('ticket-outcome').textContent()).toBe('办结回访');
    for (const label of ['受理', '派单', '签收', '联系诉求人', '阶段性反馈', '办结回复', '回访', '满意'])
      await expect.poll(() => cp.getByTestId('ticket-timeline').textContent()).toContain(label);
    await e.screenshot(cp, 'lifecycle-ticket-closed');

    // The handler's page, reloaded, offers no more handling (at most an assessment appeal).
    await hp.reload();
    await hp.getByTestId('ticket-state').filter({ hasText: '已关闭' }).waitFor();
    await hp.getByTestId('ticket-actions').waitFor();
    await expect
      .poll(() =>
        hp.locator('[data-testid^="action-"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')).filter((x) => x !== 'action-appeal')),
      )
      .toEqual([]);

    // 4. The supervisor sees the valid callback in the street's assessment for the month.
    await expect.poll(() => streetValidCallbacks(supervisor.page, month)).toBe(before + 1);
  });

  it('reloads and says so when someone else acted first', async () => {
    const operator = await e.newPage();
    const op = operator.page;
    await e.login(op, 'operator');
    // Recorded through the API from the operator's page (the intake UI is tested above).
    const created = await op.evaluate(async () => {
      const csrf = decodeURIComponent(
        document.cookie
          .split('; ')
          .find((c) => c.startsWith('jiesu_csrf='))!
          .slice(11),
      );
      const cats = (await (await fetch('/api/categories')).json()) as { items: { id: number; code: string }[] };
      const categoryId = cats.items.find((c) => c.code === 'URB.PROP.FACILITY')!.id;
      const r = await fetch('/api/tickets', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({
          requestType: 'help',
          channel: 'phone',
          categoryId,
          content: '楼道灯坏了',
          streetCode: '110109001',
          triage: { action: 'dispatch' },
        }),
      });
      return (await r.json()) as { ticketId: number };
    });
    const handler = await e.newPage();
    const hp = handler.page;
    await e.login(hp, 'h.st-110109001');
    await hp.goto(`/tickets/${created.ticketId}`);
    await hp.getByTestId('action-sign').waitFor();
    // A colleague signs in another tab meanwhile.
    const other = await e.newPage();
    await e.login(other.page, 'h.st-110109001');
    await other.page.goto(`/tickets/${created.ticketId}`);
    await act(other.page, 'sign', '已签收');
    // This page still shows the old version.
    await hp.getByTestId('action-sign').click();
    await motionDone(modalWith(hp, hp.locator('[data-testid="action-modal"][data-action="sign"]')));
    await hp.getByTestId('action-submit').click();
    await hp.getByTestId('ticket-notice').waitFor();
    await hp.getByTestId('ticket-state').filter({ hasText: '已签收' }).waitFor();
    await expect.poll(() => hp.getByTestId('ticket-notice').textContent()).toContain('已被他人更新');
  });
});
