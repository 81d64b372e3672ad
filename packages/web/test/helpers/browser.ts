/**
 * The browser setup every end-to-end test shares: a real node with the demo world serving the built UI, and
 * Debian's headless Chromium (/usr/bin/chromium, never a downloaded browser) on one page. It records every
 * page error and console error, except the browser's "Failed to load resource … 401" lines for paths the
 * test names in `expected401` (requests that fail on purpose); `checkScreen` fails on any of them and on
 * any catalogue key of `keyAreas` visible on the page (a t() call with a key the catalogue lacks).
 *
 * With --disable-gpu, Chromium still offers WebGL through its software rasteriser (SwiftShader), which
 * sigma and maplibre need.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '@puente/demo';
import { startTestNode } from '../../../node/test/helpers/node';

const ROOT = new URL('../../../..', import.meta.url).pathname;
export const WEB_DIR = join(ROOT, 'packages', 'web', 'dist');
const DIST = join(WEB_DIR, 'index.html');
const SCREENS = join(ROOT, '.tmp', 'screens');
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface BrowserSession {
  node: { url: string; close(): Promise<void> };
  page: Page;
  /** Paths whose 401 the browser may log (the test adds and removes them as its flow needs). */
  expected401: Set<string>;
  /** A full-page screenshot in .tmp/screens. */
  shot(name: string): Promise<void>;
  /** No catalogue key visible, no console or page error so far. */
  checkScreen(where: string): Promise<void>;
  /** The node's country in lower case: its demo users are `mx.analyst`… on the Mexico node, `us.analyst`… on the U.S. one. */
  country(): Promise<string>;
  /** Logs in on the login screen (already shown) as a demo user with the demo password, stating `purpose`. */
  login(username: string, purpose: string): Promise<void>;
  close(): Promise<void>;
}

export async function openBrowserSession(opts: {
  keyAreas: readonly string[]; viewport?: { width: number; height: number }; shotPrefix?: string; expected401?: readonly string[];
}): Promise<BrowserSession> {
  assert.ok(existsSync(DIST), `packages/web/dist is missing: run \`npm run build:web\` from the repository root before this test (${DIST})`);
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: install it with \`apt-get install -y chromium\``);
  mkdirSync(SCREENS, { recursive: true });
  const keyPattern = new RegExp(`\\b(${opts.keyAreas.join('|')})\\.[a-z_]+(\\.[a-z_]+)*\\b`);
  const node = await startTestNode({ demo: true, webDir: WEB_DIR });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1440, height: 900 }, locale: 'en-US' });
    const page = await context.newPage();
    const problems: string[] = [];
    const expected401 = new Set(opts.expected401 ?? []);
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const url = msg.location().url ?? '';
      const path = url.startsWith(node.url) ? new URL(url).pathname : url;
      if (/^Failed to load resource: .*status of 401/.test(msg.text()) && expected401.has(path)) return;
      problems.push(`console.error: ${msg.text()} ${url}`);
    });
    const opened = browser;
    return {
      node, page, expected401,
      async shot(name) { await page.screenshot({ path: join(SCREENS, `${opts.shotPrefix ?? ''}${name}.png`), fullPage: true }); },
      async checkScreen(where) {
        const text = await page.evaluate(() => document.body.innerText);
        const m = keyPattern.exec(text);
        assert.equal(m, null, `${where}: untranslated key "${m?.[0]}" on the page`);
        assert.deepEqual(problems, [], `${where}: console or page errors`);
      },
      async country() {
        const body = (await (await fetch(`${node.url}/api/health`)).json()) as { country: string };
        return body.country.toLowerCase();
      },
      async login(username, purpose) {
        await page.locator('#login-username').fill(username);
        await page.locator('#login-password').fill(DEMO_PASSWORD);
        await page.locator('#login-purpose').selectOption(purpose);
        await page.locator('#login-password').press('Enter');
        await page.locator('.who-name').waitFor();
      },
      async close() {
        await opened.close();
        await node.close();
      },
    };
  } catch (err) {
    await browser?.close();
    await node.close();
    throw err;
  }
}
