/** The workbench loads in a real browser, speaks Chinese with real glyphs, and signs in. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rendersChinese, startE2E, type E2E } from './support.ts';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

/** Every workbench page (a page a role may not open shows 403, which is rendered by the app too). */
const PAGES = [
  '/',
  '/intake',
  '/inbox',
  '/callback',
  '/centre',
  '/whistles',
  '/grid-report',
  '/rankings',
  '/analytics',
  '/ledgers',
  '/imports',
  '/boards',
  '/admin',
];

describe('workbench smoke', () => {
  it('renders Chinese text with a CJK font, not boxes', async () => {
    const { page } = await e.newPage();
    await page.goto('/login');
    await page.getByText('接诉即办工作台').first().waitFor();
    expect(await rendersChinese(page)).toBe(true);
    await e.screenshot(page, 'login');
  });

  it('signs in as the operator and shows the menu for that role', async () => {
    const { page } = await e.newPage();
    await e.login(page, 'operator');
    await expect.poll(() => page.getByTestId('current-user').textContent()).toContain('话务员');
    // The menu is drawn (受理工作台 is in it) and has no 系统管理.
    await page.getByRole('menuitem', { name: '受理工作台' }).waitFor();
    await expect.poll(() => page.getByRole('menuitem', { name: '系统管理' }).count()).toBe(0);
    await e.screenshot(page, 'home-operator');
  });

  it('switches to English and back', async () => {
    const { page } = await e.newPage();
    await e.login(page, 'supervisor');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('menuitem', { name: 'Supervision' }).waitFor();
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('menuitem', { name: '督办中心' }).waitFor();
  });

  it('every menu page loads under the Content-Security-Policy without a violation or a script error', async () => {
    for (const user of ['supervisor', 'admin']) {
      const { page } = await e.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(`${user} ${page.url()}: ${m.text()}`);
      });
      page.on('pageerror', (err) => problems.push(`${user} ${page.url()}: ${err.message}`));
      await e.login(page, user);
      for (const path of PAGES) {
        await page.goto(path);
        await page.getByTestId('current-user').waitFor();
        await page.waitForLoadState('networkidle');
      }
      expect(problems).toEqual([]);
    }
    // The public pages too, without a session.
    const { page } = await e.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(`${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`${page.url()}: ${err.message}`));
    for (const path of ['/m', '/m/board/B110109001001-1-1']) {
      await page.goto(path);
      await page.waitForLoadState('networkidle');
    }
    expect(problems).toEqual([]);
    const r = await fetch(`${e.baseUrl}/`);
    expect(r.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(r.headers.get('x-frame-options')).toBe('DENY');
  });

  it('serves client routes from the server and keeps API 404s as JSON', async () => {
    const r = await fetch(`${e.baseUrl}/inbox`);
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('<div id="root">');
    const api = await fetch(`${e.baseUrl}/api/nope`);
    expect(api.status).toBe(404);
    expect((await api.json()).error.code).toBe('NOT_FOUND');
  });
});
