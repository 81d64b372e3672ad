/**
 * Protect end to end, in headless Chromium against a real node with the demo world (setup in helpers/browser.ts):
 * open the early-warning map (maplibre must actually draw the demo boundaries: WebGL through SwiftShader),
 * move the time slider with the keyboard, switch to hot spots, open a series chart with an alarm from the
 * map's table, open the alert inbox and one alert's explanation, the practice library and the task-force
 * case, then switch to Spanish. Fails on any untranslated catalogue key on a page and on any console or
 * page error (except the 401 of the anonymous session probe).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { openBrowserSession, type BrowserSession } from './helpers/browser';

let session: BrowserSession;
let node: BrowserSession['node'];
let page: Page;

before(async () => {
  session = await openBrowserSession({ keyAreas: ['web', 'error', 'api', 'auth', 'audit', 'model', 'common', 'protect'], viewport: { width: 1440, height: 1000 }, shotPrefix: 'protect-', expected401: ['/api/auth/me'] });
  ({ node, page } = session);
});

after(async () => {
  await session?.close();
});

const shot = (name: string) => session.shot(name);
const checkScreen = (where: string) => session.checkScreen(where);

/** maplibre drew the boundaries: its idle handler counts the rendered fill features. */
async function mapDrawn(): Promise<number> {
  await page.waitForFunction(() => Number(document.querySelector('.map-canvas')?.getAttribute('data-rendered-features') ?? 0) > 0, undefined, { timeout: 20_000 });
  return Number(await page.locator('.map-canvas').getAttribute('data-rendered-features'));
}

/**
 * The map's view is a controlled radio that follows the route: React undoes the click at once and the radio turns
 * on when the hash change arrives, so Playwright's check() (which tests the state right after its click) races it.
 * Click, then wait for the route to turn it on.
 */
async function chooseView(label: string) {
  const radio = page.getByLabel(label);
  await radio.click();
  await page.waitForFunction((el) => (el as HTMLInputElement).checked, await radio.elementHandle());
}

test('Protect: map, time slider, hot spots, series with alarms, alert inbox, practices, case; Spanish', async () => {
  await page.goto(node.url);
  await session.login('mx.analyst', 'criminal_investigation');

  // ---- The map: maplibre renders the synthetic boundaries (no tiles from the internet) ----
  await page.locator('nav.main-nav a', { hasText: 'Early warning map' }).click();
  await page.locator('h1', { hasText: 'Drug early warning and violence map' }).waitFor();
  assert.ok(await mapDrawn() >= 100, 'most of the 200 demo places drawn');
  assert.equal(await page.locator('.maplibregl-canvas').count(), 1);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await checkScreen('map');
  await shot('01-map-en');

  // ---- Time slider by keyboard: one month back ----
  const label = page.locator('label[for=pm-period]');
  const before = await label.innerText();
  await page.locator('#pm-period').focus();
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction((b) => document.querySelector('label[for=pm-period]')?.textContent !== b, before);
  assert.match(await page.evaluate(() => location.hash), /period=\d{4}-\d{2}/);
  assert.notEqual(await label.innerText(), before);
  await page.locator('#pm-table', { hasText: /\d{4}-\d{2}/ }).waitFor();
  await page.keyboard.press('End');
  await page.waitForFunction((b) => document.querySelector('label[for=pm-period]')?.textContent === b, before);

  // ---- Homicides: the UI says SESNSP counts investigation files, not victims; hot spots ----
  await page.locator('#pm-indicator').selectOption('homicidio_doloso');
  await page.locator('#pm-note', { hasText: 'investigation files' }).waitFor();
  assert.match(await page.locator('#pm-note').innerText(), /not victims/);
  await chooseView('Hot spots (Gi*)');
  await page.locator('.place-table td', { hasText: 'Hot spot, 99 %' }).first().waitFor();
  await page.locator('.map-legend', { hasText: "Global Moran's I" }).waitFor();
  await mapDrawn();
  await checkScreen('hot spots');
  await shot('02-hotspots-en');
  assert.ok(!requests.some((u) => !u.startsWith(node.url) && !u.startsWith('data:') && !u.startsWith('blob:')), `only this node is contacted: ${requests.filter((u) => !u.startsWith(node.url)).join(' ')}`);

  // ---- A series with an alarm: the outbreak places carry an alert badge in the map's table ----
  await chooseView('Rate per 100,000');
  await page.locator('#pm-indicator').selectOption('overdose_emergency_visits');
  const alerted = page.locator('.place-table tr', { has: page.locator('.badge-alert') }).first();
  await alerted.waitFor();
  await alerted.locator('td a').first().click();
  await page.locator('svg.series-chart').first().waitFor();
  assert.ok(await page.locator('svg.series-chart path.alarm').count() >= 1, 'alarms drawn on the chart');
  assert.ok(await page.locator('svg.series-chart path.upper').first().getAttribute('d'), 'upper bound drawn');
  await page.locator('h2', { hasText: 'Other indicators of this place' }).waitFor();
  await checkScreen('series');
  await shot('03-series-en');
  await page.locator('#ps-method').selectOption('farrington-noufaily');
  await page.waitForFunction(() => location.hash.includes('method=farrington-noufaily'));
  await page.locator('svg.series-chart').first().waitFor();
  await checkScreen('series (Farrington)');

  // ---- The alert inbox and one alert's explanation ----
  await page.locator('nav.main-nav a', { hasText: 'Alerts' }).click();
  await page.locator('table.alert-table tbody tr').first().waitFor();
  await checkScreen('inbox');
  await shot('04-inbox-en');
  await page.locator('table.alert-table a.alert-link').first().click();
  await page.locator('h2', { hasText: 'Why this alert' }).waitFor();
  assert.match(await page.locator('main').innerText(), /above the upper bound/);
  await page.locator('#nt-substance').fill('xylazine');
  await page.locator('#nt-text').fill('Found in toxicology of three cases');
  await page.getByRole('button', { name: 'Save note' }).click();
  await page.locator('.badge-substance', { hasText: 'xylazine' }).waitFor();
  await checkScreen('alert');
  await shot('05-alert-en');
  await page.locator('.protect-tabs a', { hasText: 'Alerts' }).click();
  await page.locator('.subtabs a', { hasText: 'Timeline' }).click();
  await page.locator('table.alert-table tbody tr').first().waitFor();
  await page.locator('.subtabs a', { hasText: 'Rules' }).click();
  await page.locator('td', { hasText: 'Overdose emergency visits (EARS C2)' }).waitFor();
  await checkScreen('rules');

  // ---- Practices and the task-force case ----
  await page.locator('nav.main-nav a', { hasText: 'Prevention practices' }).click();
  await page.locator('#pp-q').fill('violencia');
  await page.locator('#pp-q').press('Enter');
  await page.locator('.practice h2').first().waitFor();
  await checkScreen('practices');
  await shot('06-practices-en');
  await page.locator('nav.main-nav a', { hasText: 'Task-force cases' }).click();
  await page.locator('table.data a').first().click();
  await page.locator('h2', { hasText: 'Suspects' }).waitFor();
  assert.ok(await page.locator('.case-links a.entity-link').count() >= 1, 'suspects link to their records');
  await checkScreen('case');
  await shot('07-case-en');

  // ---- Spanish ----
  await page.locator('nav.main-nav a', { hasText: 'Early warning map' }).click();
  await mapDrawn();
  await page.getByRole('button', { name: /Español/ }).click();
  await page.locator('h1', { hasText: 'Mapa de alerta temprana de drogas y violencia' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'es');
  await page.locator('#pm-indicator').selectOption('homicidio_doloso');
  await page.locator('#pm-note', { hasText: 'carpetas de investigación' }).waitFor();
  await checkScreen('map (es)');
  await shot('08-map-es');
  await page.locator('nav.main-nav a', { hasText: 'Alertas' }).click();
  await page.locator('.subtabs a', { hasText: 'Bandeja' }).waitFor();
  await checkScreen('inbox (es)');
  await page.locator('nav.main-nav a', { hasText: 'Casos de fuerzas de tarea' }).click();
  await page.locator('table.data a').first().click();
  await page.locator('h2', { hasText: 'Sospechosos' }).waitFor();
  await checkScreen('case (es)');
  await shot('09-case-es');
});
