/**
 * The operator's intake workbench in a real browser: a consultation answered from the knowledge base
 * in one click, a repeat warning for a second call about the same thing, and a typical complaint
 * recorded with the keyboard alone (timed).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './support.ts';

let e: E2E;
let page: Page;

beforeAll(async () => {
  e = await startE2E();
  ({ page } = await e.newPage());
  await e.login(page, 'operator');
});
afterAll(async () => {
  await e?.close();
});

async function openIntake() {
  await page.goto('/intake');
  await page.getByTestId('intake-phone').waitFor();
}

/** Waits until the element with this test id (or an input inside it) has the focus. */
async function focused(testId: string) {
  await page.waitForFunction((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    return el !== null && (el === document.activeElement || el.contains(document.activeElement));
  }, testId);
}

/** Picks a leaf category by typing into the search-as-you-type select and pressing Enter. */
async function pickCategory(text: string, expected: string) {
  await page.getByTestId('intake-category').click();
  await page.keyboard.type(text);
  await page.locator('.ant-select-item-option-active').filter({ hasText: expected }).first().waitFor();
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('intake-category').textContent()).toContain(expected);
}

/** Picks a community through the cascader's search. */
async function pickPlace(text: string) {
  await page.getByTestId('intake-place').click();
  await page.keyboard.type(text);
  await page.locator('.ant-cascader-menu-item').filter({ hasText: text }).first().waitFor();
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('intake-place').textContent()).toContain(text);
}

describe('intake workbench', () => {
  it('answers a consultation directly from the knowledge base in one action', async () => {
    await openIntake();
    await page.getByTestId('intake-type-consultation').click();
    await page.getByTestId('intake-phone').fill('13800001111');
    await page.getByTestId('intake-content').fill('请问今年什么时候开始供暖？');
    await page.getByTestId('intake-kb-search').fill('供暖');
    const answer = page.locator('[data-testid^="intake-kb-answer-"]').first();
    await answer.waitFor();
    await e.screenshot(page, 'intake-consultation');
    await answer.click();
    await page.getByTestId('intake-result').waitFor();
    await expect.poll(() => page.getByTestId('intake-result-state').textContent()).toBe('已关闭');
    await page.getByTestId('intake-result-link').click();
    await page.getByTestId('ticket-page').waitFor();
    await expect.poll(() => page.getByTestId('ticket-outcome').textContent()).toBe('直接答复');
    await page.getByTestId('event-answerDirectly').waitFor();
    await expect.poll(() => page.getByTestId('ticket-timeline').textContent()).toContain('本市法定供暖季');
  });

  it('warns about a repeat of an open ticket and links the second call to it', async () => {
    const phone = '13900002222';
    await openIntake();
    await page.getByTestId('intake-phone').fill(phone);
    await pickCategory('广场舞', '生活噪音');
    await pickPlace('双峪');
    await page.getByTestId('intake-content').fill('小区广场舞音响声音太大，晚上十点还没停。');
    await page.getByTestId('intake-suggested-unit').filter({ hasText: '大峪街道' }).waitFor();
    await page.getByTestId('intake-submit').click();
    await page.getByTestId('intake-result').waitFor();
    await expect.poll(() => page.getByTestId('intake-result-number').textContent()).toMatch(/^JS\d{14}$/);
    const first = (await page.getByTestId('intake-result-number').textContent())!;
    await expect.poll(() => page.getByTestId('intake-result-state').textContent()).toBe('已派单待签收');

    // The same requester calls again about the same thing.
    await page.getByTestId('intake-phone').fill(phone);
    await pickCategory('生活噪音', '生活噪音');
    await pickPlace('双峪');
    await page.getByTestId('intake-content').fill('又来了，广场舞还是很吵。');
    const warning = page.getByTestId('intake-repeat-warning');
    await warning.waitFor();
    await expect.poll(() => warning.getByTestId('intake-repeat-link').first().textContent()).toBe(first);
    await expect.poll(() => warning.textContent()).toContain('大峪街道');
    await e.screenshot(page, 'intake-repeat-warning');
    await warning.locator('[data-testid^="intake-link-repeat-"]').first().click();
    await page.getByTestId('intake-result-number').filter({ hasNotText: first }).waitFor();
    await expect.poll(() => page.getByTestId('intake-result-state').textContent()).toBe('已关闭');
    await page.getByTestId('intake-result-link').click();
    await page.getByTestId('ticket-outcome').filter({ hasText: '重复诉求并案' }).waitFor();
    await expect.poll(() => page.getByTestId('ticket-timeline').textContent()).toContain(first);
  });

  it('records a typical complaint with the keyboard alone', async () => {
    await openIntake();
    const started = Date.now();
    const kb = page.keyboard;
    await kb.press('Alt+3'); // complaint
    await kb.type('13700003333'); // phone has the focus when the page opens
    await kb.press('Tab');
    await kb.type('王女士');
    await kb.press('Tab'); // urgency
    await kb.press('Tab'); // channel
    await kb.press('Tab'); // category
    await kb.type('电梯坏');
    await page.locator('.ant-select-item-option-active').filter({ hasText: '电梯故障' }).waitFor();
    await kb.press('Enter'); // picks it and moves on to the place
    await focused('intake-place');
    await kb.type('月季园一区');
    await page.locator('.ant-cascader-menu-item').filter({ hasText: '月季园一区' }).first().waitFor();
    await kb.press('Enter'); // picks the first match and moves on to the address
    await focused('intake-address');
    await kb.type('月季园一区5号楼2单元');
    await kb.press('Tab'); // content
    await kb.type('电梯停运三天了，家里有老人上下楼不方便，物业一直不修。');
    await page.getByTestId('intake-suggested-unit').filter({ hasText: '大峪街道' }).waitFor();
    await kb.press('Control+Enter');
    await page.getByTestId('intake-result').waitFor();
    const elapsed = Date.now() - started;
    console.log(`keyboard-only intake took ${elapsed} ms`);
    await expect.poll(() => page.getByTestId('intake-result-state').textContent()).toBe('已派单待签收');
    await expect.poll(() => page.getByTestId('intake-result').textContent()).toContain('大峪街道');
    // The form is ready for the next call: empty, with the phone focused.
    await expect.poll(() => page.getByTestId('intake-content').inputValue()).toBe('');
    await focused('intake-phone');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('intake-phone');
    await e.screenshot(page, 'intake-after-submit');
  });

  it('submits once when the operator presses Ctrl+Enter twice', async () => {
    await openIntake();
    await page.getByTestId('intake-phone').fill('13600004444');
    await page.getByTestId('intake-content').fill('路灯不亮。');
    // Every POST the page sends, counted when sent (not when answered), with its answer's status.
    const created: Promise<number>[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/tickets') && r.method() === 'POST') created.push(r.response().then((x) => x?.status() ?? 0));
    });
    await page.getByTestId('intake-content').press('Control+Enter');
    await page.getByTestId('intake-content').press('Control+Enter');
    await page.getByTestId('intake-result').waitFor();
    // The form is cleared for the next call only after its submit finished; by then both key presses
    // have been handled (each press returns once the page has handled it), so any second POST was sent.
    await expect.poll(() => page.getByTestId('intake-content').inputValue()).toBe('');
    expect((await Promise.all(created)).filter((s) => s === 201)).toHaveLength(1);
    // The server holds one such ticket.
    const found = await page.evaluate(
      async () => (await (await fetch(`/api/tickets?q=${encodeURIComponent('路灯不亮')}&limit=5`)).json()) as { total: number },
    );
    expect(found.total).toBe(1);
  });
});
