/**
 * End-to-end support: a real Jiesu server on a free port with its own embedded database (a copy of the
 * demo district seeded once per run, global-setup.ts), and a headless Chromium from Debian driven by playwright-core. Screenshots go to
 * test-results/ (not committed).
 *
 * Tests wait for what they assert, since a page keeps changing after an action (a list reloads after a
 * detail, a popup slides away): a value read from the page is asserted with `expect.poll` (15 s in
 * vitest.config.ts), presence with `locator.waitFor`, and each step's precondition is waited for before
 * it (a popup open and its option showing, the previous popup closed: `pickOption`). No fixed sleeps.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { e2eConfig } from './global-setup.ts';
import { ensureWebBuilt } from '../src/platform/cli/web-build.ts';
import { startServer } from '../src/main.ts';
import type { AppContext } from '../src/engine/context.ts';

export const PASSWORD = 'Jiesu@2026';
export const SCREENSHOTS = path.resolve('test-results', 'screenshots');
/** A phone's page: newPage(PHONE). */
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true };

export function chromiumPath(): string {
  for (const p of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) if (p && fs.existsSync(p)) return p;
  throw new Error('Chromium not found: install Debian\'s "chromium" package (apt-get install chromium fonts-wqy-microhei)');
}

/** Debian's Chromium, headless, with the flags a closed network and a container need. */
function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

export interface E2E {
  baseUrl: string;
  /** The server's use-case context (accounts no route may open, e.g. volunteers until their module lands). */
  ctx: AppContext;
  /** The browser now running (a new one after a crash). */
  readonly browser: Browser;
  close(): Promise<void>;
  /** A fresh browser context (own cookies), desktop-sized unless a viewport is given. */
  newPage(opts?: { viewport?: { width: number; height: number }; isMobile?: boolean }): Promise<{ context: BrowserContext; page: Page }>;
  login(page: Page, username: string): Promise<void>;
  /** A bearer token for a demo user, for API calls a test makes beside the browser. */
  token(username: string): Promise<string>;
  screenshot(page: Page, name: string): Promise<void>;
}

export async function startE2E(): Promise<E2E> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiesu-e2e-'));
  // A copy of the demo district seeded once for the run (global-setup.ts): its database and its keys.
  fs.cpSync(inject('e2eTemplate'), dataDir, { recursive: true });
  const webRoot = await ensureWebBuilt(process.cwd(), () => {});
  if (webRoot === null) throw new Error('the web app could not be built');
  const server = await startServer(e2eConfig(dataDir), webRoot);
  // Chromium itself can die (seen once in CI: the whole browser gone mid-test, crashpad's lines in its
  // log, the same file passing three times after). A death we did not ask for is reported on stderr,
  // and the next page comes from a fresh browser, so one crash fails one test, not every test after it;
  // e2e/vitest.config.ts retries only a test that failed because the browser was gone.
  let closing = false;
  const launch = async () => {
    const b = await launchBrowser();
    b.on('disconnected', () => {
      if (!closing) process.stderr.write(`\n[e2e] Chromium exited unexpectedly at ${new Date().toISOString()}; the next page starts a new browser\n`);
    });
    return b;
  };
  let browser = await launch();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const contexts: BrowserContext[] = [];
  return {
    baseUrl: server.url,
    ctx: server.ctx,
    get browser() {
      return browser;
    },
    async newPage(opts = {}) {
      if (!browser.isConnected()) browser = await launch();
      const context = await browser.newContext({
        baseURL: server.url,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        viewport: opts.viewport ?? { width: 1440, height: 900 },
        isMobile: opts.isMobile ?? false,
      });
      contexts.push(context);
      const page = await context.newPage();
      return { context, page };
    },
    async login(page, username) {
      await page.goto('/login');
      await page.getByTestId('login-username').fill(username);
      await page.getByTestId('login-password').fill(PASSWORD);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('current-user').waitFor();
    },
    async token(username) {
      const r = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: PASSWORD }),
      });
      expect(r.status, `login ${username}`).toBe(200);
      return ((await r.json()) as { token: string }).token;
    },
    async screenshot(page, name) {
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
    async close() {
      closing = true;
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The Ant Design select, tree-select and cascader popups now showing (a closed one stays in the DOM, hidden). */
export function openPopups(page: Page): Locator {
  return page.locator('.ant-select-dropdown:visible, .ant-cascader-dropdown:visible');
}

/** A record's photo thumbnails (RecordPhotos) hold `count` photos and the first is decoded by the browser at `width` pixels. */
export async function expectPhotoShown(photos: Locator, width: number, count = 1): Promise<void> {
  await expect.poll(() => photos.getAttribute('data-count')).toBe(String(count));
  await expect
    .poll(() =>
      photos
        .locator('img')
        .first()
        .evaluate((img) => (img as HTMLImageElement).naturalWidth),
    )
    .toBe(width);
}

/**
 * Waits until an element has finished animating in (Ant Design's zoom, slide and fade motions on modals,
 * popconfirms and select popups): a click computed while it still moves can land beside it, on a modal's
 * mask for instance, which cancels the modal.
 */
export async function motionDone(el: Locator): Promise<void> {
  await el.waitFor();
  await expect
    .poll(() => el.evaluate((node) => node.getAnimations().some((a) => a.playState === 'running') || /-(enter|appear)(\s|$)/.test(String(node.className))), {
      message: 'the element is still animating in',
    })
    .toBe(false);
}

/** The open Ant Design modal that holds this element. */
export function modalWith(page: Page, inner: Locator): Locator {
  return page.locator('.ant-modal:visible').filter({ has: inner });
}

/** Waits until no select popup shows, not even one still sliding away: it would cover what lies under it. */
export async function popupsClosed(page: Page): Promise<void> {
  await expect.poll(() => openPopups(page).count(), { message: 'an Ant Design popup is still open' }).toBe(0);
}

/**
 * Picks an option of an Ant Design Select, one step at a time: no other popup is open; the select's own
 * popup is showing; after typing a filter, the list holds only options that match it (a click while the
 * list re-renders lands on whatever option moved under the pointer); the option is clicked; the select
 * shows the option; and, for a single select, the popup has closed again.
 */
export async function pickOption(page: Page, select: Locator, option: string, opts: { type?: string; multiple?: boolean } = {}): Promise<void> {
  await popupsClosed(page);
  await select.click();
  const popup = openPopups(page);
  await motionDone(popup);
  if (opts.type !== undefined) {
    const filter = opts.type;
    await page.keyboard.type(filter);
    // The select holds the whole filter (antd filters in the same render), and the list it shows is the
    // same in two polls running and holds the option.
    await expect.poll(() => select.locator('input[role="combobox"]').inputValue(), { message: 'the filter typed into the select' }).toBe(filter);
    let last = '';
    await expect
      .poll(
        async () => {
          const now = (await popup.locator('.ant-select-item-option').allTextContents()).join('\n');
          const settled = now === last && now.includes(option);
          last = now;
          return settled;
        },
        { message: `the options filtered by "${filter}" settle and include "${option}"` },
      )
      .toBe(true);
  }
  const item = popup.locator('.ant-select-item-option', { hasText: option }).first();
  await item.waitFor();
  await item.click();
  await expect.poll(() => select.textContent(), { message: `the select shows "${option}"` }).toContain(option);
  if (opts.multiple) await page.keyboard.press('Escape');
  await popupsClosed(page);
}

/**
 * Waits until every canvas on the page (ECharts) draws the same pixels in two polls a quarter-second
 * apart: the charts' entry animations have finished, so a screenshot shows them whole.
 */
export async function canvasesSettled(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const w = window as unknown as { __e2eCanvases?: string };
      const now = [...document.querySelectorAll('canvas')].map((c) => c.toDataURL()).join('|');
      const same = w.__e2eCanvases === now;
      w.__e2eCanvases = now;
      return same;
    },
    undefined,
    { polling: 250 },
  );
}

/**
 * True when the page renders these Chinese characters with real glyphs: with no CJK font every
 * character is drawn as the same "tofu" box, so two different characters give identical pixels.
 */
export async function rendersChinese(page: Page, a = '接', b = '办'): Promise<boolean> {
  return page.evaluate(
    ([x, y]) => {
      const draw = (ch: string) => {
        const c = document.createElement('canvas');
        c.width = 64;
        c.height = 64;
        const g = c.getContext('2d')!;
        g.fillStyle = '#fff';
        g.fillRect(0, 0, 64, 64);
        g.fillStyle = '#000';
        g.font = '48px sans-serif';
        g.fillText(ch, 4, 52);
        return Array.from(g.getImageData(0, 0, 64, 64).data);
      };
      const [p, q, box] = [draw(x!), draw(y!), draw('\u{10FFFD}')];
      const same = (u: number[], v: number[]) => u.every((n, i) => n === v[i]);
      return !same(p, q) && !same(p, box);
    },
    [a, b],
  );
}

/**
 * JSON API calls as a demo user (bearer token), signing in once per user: the login route allows ten
 * sign-ins a minute per address, so tests reuse their sessions.
 */
export function apiCaller(baseUrl: () => string) {
  const tokens = new Map<string, string>();
  return async function call<T = any>(user: string, method: string, path: string, body?: unknown): Promise<T> {
    let token = tokens.get(user);
    if (token === undefined) {
      const r = await fetch(`${baseUrl()}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: user, password: PASSWORD }),
      });
      if (!r.ok) throw new Error(`login ${user}: ${r.status}`);
      token = ((await r.json()) as { token: string }).token;
      tokens.set(user, token);
    }
    const r = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = r.status === 204 ? null : await r.json();
    if (!r.ok) throw new Error(`${user} ${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
    return json as T;
  };
}
