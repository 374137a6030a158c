/**
 * Building-door boards (四公示一门牌) in a real browser: a resident scans the door's QR code on a phone,
 * sees the board (responsible persons with tap-to-call, Party-member households, conventions, the QR
 * image), taps "report a problem", lands on the requester page with the building's place filled in,
 * and submits a request located there. A street handler opens the QR print sheet of a community.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E, PHONE } from './support.ts';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

const COMMUNITY = '110109001001';
const CODE = `B${COMMUNITY}-3-2`;

const token = (user: string) => e.token(user);

describe('building-door boards', () => {
  it('has the seeded demo buildings', async () => {
    const r = await fetch(`${e.baseUrl}/api/buildings?communityCode=${COMMUNITY}`, { headers: { authorization: `Bearer ${await token('street')}` } });
    expect(r.status).toBe(200);
    const body = (await r.json()) as { items: { code: string }[] };
    expect(body.items.map((b) => b.code)).toContain(CODE);
  });

  it('shows the board on a phone, and the report button opens the requester page at that building', async () => {
    const board = (await (await fetch(`${e.baseUrl}/api/public/boards/${CODE}`)).json()) as {
      name: string;
      communityName: string;
      address: string;
      latitude: number;
      longitude: number;
      responsiblePersons: { role: string; name: string; phone?: string }[];
      partyMemberHouseholds: string[];
    };
    const { page } = await e.newPage(PHONE);
    await page.goto(`/m/board/${CODE}`);
    await page.getByTestId('board-responsible').waitFor();
    await expect.poll(() => page.getByTestId('board-title').innerText()).toContain(`${board.communityName} ${board.name}`);
    await expect.poll(() => page.getByTestId('board-responsible').innerText()).toContain('楼门长');
    await expect.poll(() => page.getByTestId('board-responsible').innerText()).toContain(board.responsiblePersons[0]!.name);
    const leader = board.responsiblePersons[0]!;
    await expect.poll(() => page.locator(`a[href="tel:${leader.phone}"]`).count()).toBe(1);
    for (const room of board.partyMemberHouseholds) await expect.poll(() => page.getByTestId('board-party').innerText()).toContain(room);
    await expect.poll(() => page.getByTestId('board-conventions').innerText()).toContain('邻里和睦');
    // The QR image is served and decoded by the browser.
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid="board-qr"]');
      return img !== null && img.complete && img.naturalWidth > 0;
    });
    await e.screenshot(page, 'board-phone');

    await page.getByTestId('board-report').click();
    await page.waitForURL((u) => u.pathname === '/m' && u.searchParams.get('building') === CODE);
    // The building's place fills in once the board is fetched: wait for each field.
    await expect.poll(() => page.getByTestId('building-prefill').innerText()).toContain(`${board.communityName} ${board.name}`);
    await expect.poll(() => page.getByTestId('field-address').inputValue()).toBe(board.address);
    await expect.poll(() => page.getByTestId('located').count()).toBe(1);
    await expect.poll(() => page.getByTestId('field-place').innerText()).toContain(board.communityName.slice(0, 2));

    await page.getByTestId('field-content').fill('单元门禁坏了，门关不上，陌生人随意进出，请尽快维修。');
    await page.getByTestId('field-phone').fill('13812340000');
    await e.screenshot(page, 'board-requester-prefilled');
    await page.getByTestId('submit').click();
    await expect.poll(async () => (await page.getByTestId('done-number').innerText()).trim()).toMatch(/^JS\d{14}$/);
    const number = (await page.getByTestId('done-number').innerText()).trim();

    // The request is located at the building.
    const found = (await (
      await fetch(`${e.baseUrl}/api/tickets?q=${number}`, { headers: { authorization: `Bearer ${await token('supervisor')}` } })
    ).json()) as { items: { id: number }[] };
    const ticket = (await (
      await fetch(`${e.baseUrl}/api/tickets/${found.items[0]!.id}`, { headers: { authorization: `Bearer ${await token('supervisor')}` } })
    ).json()) as Record<string, unknown>;
    expect(ticket).toMatchObject({
      community: { code: COMMUNITY },
      street: { code: '110109001' },
      address: board.address,
      latitude: board.latitude,
      longitude: board.longitude,
    });
  });

  it('shows a clear message for an unknown board', async () => {
    const { page } = await e.newPage(PHONE);
    await page.goto('/m/board/NO-SUCH-UNIT');
    await expect.poll(() => page.getByTestId('board-error').innerText()).toContain('未找到');
  });

  it('prints the QR sheet of a community for street staff', async () => {
    const { page } = await e.newPage();
    await e.login(page, 'street');
    await page.goto('/boards');
    await page.getByTestId('boards-table').locator('tbody tr', { hasText: CODE }).waitFor();
    await e.screenshot(page, 'boards-list');
    await page.getByTestId('boards-print').click();
    await page.getByTestId('boards-sheet').waitFor();
    const cells = page.getByTestId('boards-print-cell');
    await cells.first().waitFor();
    await expect.poll(() => cells.count()).toBe(4);
    await page.waitForFunction(() => {
      const imgs = [...document.querySelectorAll<HTMLImageElement>('[data-testid="boards-print-cell"] img')];
      return imgs.length === 4 && imgs.every((i) => i.complete && i.naturalWidth > 0);
    });
    await expect.poll(() => cells.first().innerText()).toMatch(/号楼\d单元/);
    // The header is on screen, and print media hides it.
    await page.locator('.ant-layout-header').waitFor({ state: 'visible' });
    await page.emulateMedia({ media: 'print' });
    await page.locator('.ant-layout-header').waitFor({ state: 'hidden' });
    await e.screenshot(page, 'boards-print-sheet');
  });
});
