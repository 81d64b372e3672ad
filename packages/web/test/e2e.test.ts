/**
 * End to end, in a real headless Chromium against a real node with the demo world:
 * login (a wrong password first: the node's error shown in the UI), search a demo name typed without
 * accents, open the entity, open its network (sigma must draw), switch to Spanish (text changes,
 * <html lang> follows, the choice survives a reload), then an auditor verifies the audit chain and an
 * administrator opens administration.
 *
 * Fails on any untranslated catalogue key visible on a page, on any page error, and on any console
 * error except the browser's own "Failed to load resource" lines for the two 401s the flow causes on
 * purpose (the anonymous session probe GET /api/auth/me and the deliberate wrong password).
 *
 * Chromium: /usr/bin/chromium (apt-get install -y chromium), never a downloaded browser. With
 * --disable-gpu, Chromium still offers WebGL through its software rasteriser (SwiftShader) in this
 * headless setup, which sigma needs; the test checks that sigma actually painted, so a browser without
 * WebGL fails here rather than passing silently.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { openBrowserSession, type BrowserSession } from './helpers/browser';

let session: BrowserSession;
let node: BrowserSession['node'];
let page: Page;

before(async () => {
  session = await openBrowserSession({ keyAreas: ['web', 'error', 'api', 'auth', 'audit', 'model', 'common'] });
  ({ node, page } = session);
});

after(async () => {
  await session?.close();
});

const shot = (name: string) => session.shot(name);
const checkScreen = (where: string) => session.checkScreen(where);

const login = (username: string, purpose: string) => session.login(username, purpose);

async function logout() {
  await page.locator('.bar-right button', { hasText: /Sign out|Cerrar sesión/ }).click();
  await page.locator('#login-username').waitFor();
}


/** A demo person this analyst may read and that has relationships, found through the API with the browser's session. */
async function pickPerson(): Promise<{ id: string; caption: string }> {
  const res = await page.request.get(`${node.url}/api/export?schema=Person`);
  assert.equal(res.status(), 200, 'export of readable Person records');
  const lines = (await res.text()).split('\n').filter(Boolean).slice(0, 60);
  assert.ok(lines.length > 0, 'the demo world gives this analyst readable people');
  for (const line of lines) {
    const { id } = JSON.parse(line) as { id: string };
    const r = await page.request.get(`${node.url}/api/entities/${encodeURIComponent(id)}`);
    if (r.status() !== 200) continue;
    const v = (await r.json()) as { entity: { caption: string }; relationships: Array<{ other: unknown }> };
    if (v.relationships.some((x) => x.other)) return { id, caption: v.entity.caption };
  }
  assert.fail('no readable demo person with a visible relationship');
}

/** How an analyst types a name on a keyboard without Spanish accents: lower case, diacritics dropped. */
const unaccented = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

test('analyst: login, search, entity, network, Spanish; auditor: audit; admin: administration', async () => {
  const country = await session.country();
  session.expected401.add('/api/auth/me');

  // ---- Login screen, and the node's error message in the UI ----
  await page.goto(node.url);
  await page.locator('#login-username').waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await checkScreen('login');
  await shot('01-login-en');

  session.expected401.add('/api/auth/login');
  await page.locator('#login-username').fill(`${country}.analyst`);
  await page.locator('#login-password').fill('not-the-password');
  await page.locator('button[type=submit]').click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  const alertText = (await alert.innerText()).trim();
  assert.match(alertText, /password/i, 'the node explains the failed login');
  await checkScreen('login error');
  await shot('02-login-error-en');
  session.expected401.delete('/api/auth/login');

  // ---- Search by keyboard only: skip link, query, Enter; the name typed without accents still matches ----
  await login(`${country}.analyst`, 'criminal_investigation');
  await page.locator('#search-q').waitFor();
  await checkScreen('search (empty)');
  const person = await pickPerson();
  await page.reload();
  await page.locator('#search-q').waitFor();
  const focused = () => page.evaluate(() => {
    const a = document.activeElement;
    return a ? `${a.tagName.toLowerCase()}${a.id ? `#${a.id}` : ''}${a.className ? `.${a.className}` : ''}` : '';
  });
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'a.skip-link', 'the skip link is the first stop');
  await page.keyboard.press('Enter');
  assert.equal(await focused(), 'h1', 'the skip link lands on the page heading in <main>');
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'input#search-q', 'the query box follows the heading');
  await page.keyboard.type(unaccented(person.caption));
  await page.keyboard.press('Enter');
  const hit = page.locator('table.results a.entity-link', { hasText: person.caption }).first();
  await hit.waitFor();
  assert.match(await page.evaluate(() => location.hash), /^#\/search\?q=/);
  await checkScreen('search results');
  await shot('03-search-en');

  // ---- Entity page (opened from the result link with the keyboard): provenance, metadata, relationships ----
  await hit.focus();
  await page.keyboard.press('Enter');
  await page.locator('h1', { hasText: person.caption }).waitFor();
  assert.equal(await page.evaluate(() => location.hash), `#/entity/${encodeURIComponent(person.id)}`);
  assert.ok(await page.locator('table.props tbody tr').count() > 0, 'properties listed');
  assert.ok(await page.locator('table.props td', { hasText: /-node · / }).count() > 0, 'each value shows its origin node and agency');
  assert.ok(await page.locator('table.rel-table tbody tr').count() > 0, 'relationships listed');
  await page.locator('.meta-list dt', { hasText: 'Legal basis' }).waitFor();
  await checkScreen('entity');
  await shot('04-entity-en');

  // ---- Network: sigma draws on WebGL; the accessible list holds the same nodes ----
  await page.locator('a', { hasText: 'Network view' }).click();
  await page.locator('.graph-canvas canvas').first().waitFor();
  await page.locator('#h-nodes').waitFor();
  const listed = await page.locator('#h-nodes + .table-wrap tbody tr').count();
  assert.ok(listed >= 2, 'the neighbourhood lists the entity and at least one neighbour');
  assert.equal(await page.locator('.alert-info', { hasText: 'WebGL' }).count(), 0, 'WebGL is available to sigma');
  // Sigma paints node labels on its 2D "labels" layer after drawing the WebGL layers: painted labels mean it rendered.
  await page.waitForFunction(() => {
    for (const c of document.querySelectorAll<HTMLCanvasElement>('.graph-canvas canvas')) {
      const g = c.getContext('2d');
      if (!g || !c.width || !c.height) continue;
      const px = g.getImageData(0, 0, c.width, c.height).data;
      for (let i = 3; i < px.length; i += 4) if (px[i] !== 0) return true;
    }
    return false;
  }, undefined, { timeout: 10_000 });
  await checkScreen('network');
  await shot('05-network-en');
  await page.locator('a', { hasText: '2 steps' }).click();
  await page.waitForFunction(() => location.hash.endsWith('?depth=2'));
  await page.locator('#h-nodes').waitFor();
  assert.ok(await page.locator('#h-nodes + .table-wrap tbody tr').count() >= listed, 'two steps reach at least as far as one');
  await checkScreen('network depth 2');
  await shot('05b-network-depth2-en');

  // ---- Spanish: visible text changes, <html lang> follows, and the choice survives a reload ----
  const englishText = await page.evaluate(() => document.body.innerText);
  await page.getByRole('button', { name: /Español/ }).click();
  await page.locator('nav.main-nav a', { hasText: 'Búsqueda' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'es');
  const spanishText = await page.evaluate(() => document.body.innerText);
  assert.notEqual(spanishText, englishText);
  assert.match(spanishText, /Red de /);
  assert.match(spanishText, /Finalidad declarada/);
  await checkScreen('network (es)');
  await shot('06-network-es');
  await page.reload();
  await page.locator('h1', { hasText: 'Red de ' }).waitFor();
  await page.locator('#h-nodes + .table-wrap a', { hasText: person.caption }).first().click();
  await page.locator('h2', { hasText: 'Propiedades y procedencia' }).waitFor();
  await checkScreen('entity (es)');
  await shot('07-entity-es');

  // ---- Auditor: audit log and chain verification (still in Spanish) ----
  await logout();
  await checkScreen('login (es)');
  await login(`${country}.auditor`, 'oversight');
  await page.locator('nav.main-nav a', { hasText: 'Auditoría' }).click();
  await page.locator('table.audit-table tbody tr').first().waitFor();
  await page.getByRole('button', { name: 'Verificar cadena' }).click();
  await page.locator('.verify [role=status] .alert').waitFor();
  assert.match(await page.locator('.verify [role=status]').innerText(), /Cadena íntegra/);
  await checkScreen('audit (es)');
  await shot('08-audit-es');

  // ---- Administrator: users and agencies ----
  await page.getByRole('button', { name: /English/ }).click();
  await logout();
  await login(`${country}.admin`, 'administration');
  await page.locator('nav.main-nav a', { hasText: 'Administration' }).click();
  await page.locator('#h-users + .table-wrap td', { hasText: `${country}.analyst` }).first().waitFor();
  await page.locator('#h-agencies + .table-wrap tbody tr').first().waitFor();
  await checkScreen('admin');
  await shot('09-admin-en');
  // Create an agency, then a user of it, through the forms (browser-side validation included).
  const agencyId = `${country}-e2e`;
  await page.locator('#na-id').fill(agencyId);
  await page.locator('#na-name').fill('Unidad de Pruebas E2E');
  await page.locator('#na-name-en').fill('End-to-end Test Unit');
  await page.locator('#na-name-es').fill('Unidad de Pruebas E2E');
  await page.getByRole('button', { name: 'Create agency' }).click();
  await page.locator('#h-agencies + .table-wrap td', { hasText: agencyId }).waitFor();
  await page.locator('#nu-username').fill(`${country}.e2e.analyst`);
  await page.locator('#nu-name').fill('E2E Analyst');
  await page.locator('#nu-agency').selectOption(agencyId);
  await page.locator('#nu-password').fill('correct-horse-battery');
  await page.getByRole('button', { name: 'Create user' }).click();
  await page.locator('#h-users + .table-wrap td', { hasText: `${country}.e2e.analyst` }).waitFor();
  await checkScreen('admin after creating an agency and a user');
});
