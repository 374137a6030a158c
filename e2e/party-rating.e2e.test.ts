/**
 * 评星定级 and 党建品牌 in a real browser, on the demo data the party module seeds on a first start: a
 * street's party worker reviews a branch's self-rating; an expert scores an application of round 2 on
 * the blind sheet; the district's organiser closes round 2, advances the chosen to round 3, closes it
 * and publishes the brands, which the public page then lists at a phone's size.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONE, startE2E, type E2E } from './support.ts';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

const tokens = new Map<string, string>();
async function call<T = any>(user: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  let token = tokens.get(user);
  if (token === undefined) tokens.set(user, (token = await e.token(user)));
  const r = await fetch(`${e.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as T };
}

/** Every expert of the round scores every application (the ones the browser does not). */
async function scoreAll(roundId: number, experts: string[]) {
  for (const x of experts) {
    const sheet = await call<{ items: { applicationId: number; myTotal: number | null }[] }>(x, 'GET', `/api/party/brand-rounds/${roundId}/sheet`);
    expect(sheet.status).toBe(200);
    for (const item of sheet.body.items)
      if (item.myTotal === null) {
        const v = (item.applicationId * 7 + x.length) % 20;
        const r = await call(x, 'PUT', `/api/party/brand-rounds/${roundId}/scores/${item.applicationId}`, {
          scores: { innovation: 10 + v, effect: 10 + (v % 15), replicable: 10, mass_approval: 5 + (v % 10) },
        });
        expect(r.status).toBe(200);
      }
  }
}

describe('party star rating and brands', () => {
  it('a street’s party worker reviews a branch’s self-rating', async () => {
    const { page } = await e.newPage();
    await e.login(page, 'party.street');
    await page.goto('/party-rating');
    const row = page.locator('[data-testid="rating-board"] tr', { hasText: '已自评' }).first();
    await row.waitFor();
    await row.click();
    const drawer = page.getByTestId('rating-drawer');
    await drawer.waitFor();
    await expect.poll(() => drawer.getByTestId('rating-review-total').innerText()).toBe('—');
    const score = drawer.locator('input[data-testid="review-score-organisation"], [data-testid="review-score-organisation"] input').first();
    await score.fill('16');
    await drawer.getByTestId('review-comment').fill('组织建设材料不够完整');
    await drawer.getByTestId('review-submit').click();
    await expect.poll(() => drawer.getByTestId('rating-review-total').innerText()).toMatch(/^\d+(\.\d)? [★☆]{5}$/);
    await expect.poll(() => drawer.innerText()).toContain('审核评分');
    expect(
      await drawer.locator('input[data-testid="review-score-organisation"], [data-testid="review-score-organisation"] input').first().inputValue(),
    ).toMatch(/^16(\.0)?$/);
    await e.screenshot(page, 'party-rating-review');
  });

  it('an expert scores in round 2 blind, and the organiser advances and publishes', async () => {
    const programmes = await call<{ items: { id: number }[] }>('party', 'GET', '/api/party/brand-programmes');
    const programme = await call<{ rounds: { id: number; number: number; status: string }[]; applications: { organisationName: string }[] }>(
      'party',
      'GET',
      `/api/party/brand-programmes/${programmes.body.items[0]!.id}`,
    );
    const round2 = programme.body.rounds.find((r) => r.number === 2)!;
    expect(round2.status).toBe('scoring');

    // The expert's blind sheet: no branch names on the page.
    const { page: expert } = await e.newPage();
    await e.login(expert, 'expert.2');
    await expert.goto('/party-brand-scoring');
    const card = expert.locator('[data-testid^="sheet-R2-"]').first();
    await card.waitFor();
    const values = { innovation: '25', effect: '24', replicable: '15', mass_approval: '16' };
    for (const [code, v] of Object.entries(values))
      await card.locator(`input[data-testid="score-${code}"], [data-testid="score-${code}"] input`).first().fill(v);
    await card.getByTestId('score-save').click();
    await expect.poll(() => card.innerText()).toContain('已评 80 分');
    const text = await expert.getByTestId('expert-page').innerText();
    for (const a of programme.body.applications) expect(text).not.toContain(a.organisationName);

    // The organiser: close round 2 once every sheet is in, advance the top two, close round 3, publish the first.
    await scoreAll(round2.id, ['expert.1', 'expert.2', 'expert.3']);
    const { page } = await e.newPage();
    await e.login(page, 'party');
    await page.goto('/party-brands');
    await page.getByRole('tab', { name: /第 2 轮/ }).click();
    const r2 = page.getByTestId('round-2');
    await r2.getByTestId('round-close').click();
    await r2.getByTestId('round-pick-1').waitFor();
    await r2.getByTestId('round-pick-1').click();
    await r2.getByTestId('round-pick-2').click();
    await expect.poll(() => r2.getByTestId('round-chosen').innerText()).toBe('已选 2 项');
    await r2.getByTestId('round-advance').click();
    await page.getByRole('tab', { name: /第 3 轮/ }).waitFor();
    const after = await call<{ rounds: { id: number; number: number }[] }>('party', 'GET', `/api/party/brand-programmes/${programmes.body.items[0]!.id}`);
    const round3 = after.body.rounds.find((r) => r.number === 3)!;
    await scoreAll(round3.id, ['expert.1', 'expert.2', 'expert.3']);
    await page.getByRole('tab', { name: /第 3 轮/ }).click();
    const r3 = page.getByTestId('round-3');
    await expect.poll(() => r3.getByTestId('round-done').first().innerText()).toBe('✓✓✓');
    await r3.getByTestId('round-close').click();
    await r3.getByTestId('round-pick-1').click();
    await r3.getByTestId('round-publish').click();
    await e.screenshot(page, 'party-brands-round');

    const { page: phone } = await e.newPage(PHONE);
    await phone.goto('/m/party-brands');
    await expect.poll(() => phone.getByTestId('public-brand').count()).toBe(1);
    await expect.poll(() => phone.getByTestId('public-brand').first().innerText()).toContain('#1');
    await e.screenshot(phone, 'party-brands-public');
  });
});
