/**
 * Financial intelligence end to end, in a real headless Chromium against a real node with the demo world (the demo
 * loader imports a season of transfers with planted laundering rings, trains a model on its first three months and
 * scores the last one): an analyst of the financial-intelligence unit opens the alert queue, reads an alert's
 * explanation, assigns it, comments, opens a case with it, exports the report, follows the money from an account
 * (graph and timeline, with a time filter), looks at the network's brokers and communities, and switches to Spanish.
 *
 * Setup in helpers/browser.ts: /usr/bin/chromium, fails on any untranslated catalogue key visible on a page and on
 * any console or page error except the expected 401 of the anonymous session probe.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { openBrowserSession, type BrowserSession } from './helpers/browser';

let session: BrowserSession;
let node: BrowserSession['node'];
let page: Page;

before(async () => {
  session = await openBrowserSession({ keyAreas: ['web', 'error', 'api', 'auth', 'audit', 'model', 'common'], expected401: ['/api/auth/me'] });
  ({ node, page } = session);
});

after(async () => {
  await session?.close();
});

const checkScreen = (where: string) => session.checkScreen(where);
const shot = (name: string) => session.shot(name);

test('analyst: alert queue, explanation, triage, case and report, money flows, Spanish', async () => {
  const country = await session.country();
  await page.goto(node.url);
  await session.login(`${country}.analyst`, 'financial_intelligence');

  // ---- The queue, highest score first ----
  await page.locator('nav.main-nav a', { hasText: 'Financial intelligence' }).click();
  await page.locator('#aml-alerts-h').waitFor();
  const rows = page.locator('table.aml-alerts tbody tr');
  await rows.first().waitFor();
  const scores = (await page.locator('table.aml-alerts tbody td:first-child').allInnerTexts()).map(Number);
  for (let i = 1; i < scores.length; i++) assert.ok(scores[i - 1]! >= scores[i]!, 'highest score first');
  await checkScreen('aml alerts');
  await shot('50-aml-alerts-en');

  // ---- One alert: the transaction and the features that made its score ----
  await rows.first().locator('td').first().locator('a').click();
  await page.locator('#aml-why-h').waitFor();
  assert.ok(await page.locator('table.aml-why tbody tr').count() >= 3, 'top features listed');
  await checkScreen('aml alert');
  await shot('51-aml-alert-en');

  // ---- Triage: assign, comment, then open a case ----
  await page.locator('button', { hasText: 'Assign to me' }).click();
  await page.locator('.aml-notes li', { hasText: 'assigned' }).waitFor();
  await page.locator('#aml-note').fill('Hub account receives from new accounts and pays out within days.');
  await page.locator('button', { hasText: 'Add comment' }).click();
  await page.locator('.aml-notes li', { hasText: 'Hub account receives' }).waitFor();
  await page.locator('#aml-case-title').fill('Ring around a hub account');
  await page.locator('button', { hasText: 'Open a case with this alert' }).click();
  await page.locator('#aml-evidence-h').waitFor();
  assert.match(await page.evaluate(() => location.hash), /^#\/aml\/case\//);
  assert.ok(await page.locator('.aml-case li').count() >= 4, 'alert, transaction and two accounts');
  const download = page.waitForEvent('download');
  await page.locator('button', { hasText: 'Export the report' }).click();
  const report = JSON.parse(await (await (await download).createReadStream()).toArray().then((b) => Buffer.concat(b).toString('utf8'))) as { format: string; transactions: unknown[] };
  assert.equal(report.format, 'puente-str/1');
  assert.equal(report.transactions.length, 1);
  await page.locator('[role=status]', { hasText: 'Report exported' }).waitFor();
  await checkScreen('aml case');
  await shot('52-aml-case-en');

  // ---- Follow the money from the first account of the case ----
  await page.locator('.aml-case a[href^="#/aml/account/"]').first().click();
  await page.locator('#aml-flows-h').waitFor();
  await page.locator('#aml-holder-h').waitFor();
  await page.locator('.aml-graph svg circle').first().waitFor();
  assert.ok(await page.locator('.aml-graph svg line').count() >= 1);
  await page.locator('table.aml-timeline tbody tr').first().waitFor();
  await checkScreen('aml account');
  await shot('53-aml-account-en');
  // a time window that holds nothing: the graph and timeline say so
  await page.locator('#aml-from').fill('1990-01-01');
  await page.locator('#aml-to').fill('1990-02-01');
  await page.locator('button', { hasText: 'Apply' }).click();
  await page.locator('#aml-flows-h ~ .empty').waitFor();
  assert.match(await page.evaluate(() => location.hash), /from=1990-01-01&to=1990-02-01/);

  // ---- The network: brokers and communities ----
  await page.goto(`${node.url}/#/aml/network`);
  await page.locator('table.aml-brokers tbody tr').first().waitFor();
  assert.ok(await page.locator('ol.aml-communities li').count() >= 1);
  await checkScreen('aml network');
  await shot('55-aml-network-en');

  // ---- Spanish ----
  await page.getByRole('button', { name: /Español/ }).click();
  await page.locator('nav.main-nav a', { hasText: 'Inteligencia financiera' }).click();
  await page.locator('#aml-alerts-h', { hasText: 'Alertas' }).waitFor();
  await checkScreen('aml alerts (es)');
  await shot('54-aml-alerts-es');
});
