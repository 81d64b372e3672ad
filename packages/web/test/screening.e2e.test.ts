/**
 * Screening end to end, in a real headless Chromium against a real node with the demo world (which loads the
 * demo designation list in two versions and raises alerts on the node's records): an analyst states the purpose
 * of sanctions screening, screens a listed demo name written the natural way, sees the ranked hit with its
 * explanation (matched parts, features, weights), decides it with the keyboard, reviews the alerts on the
 * node's records, opens what the last list update changed, and switches to Spanish.
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
  session = await openBrowserSession({ keyAreas: ['web', 'error', 'api', 'auth', 'audit', 'model', 'common', 'screening'], expected401: ['/api/auth/me'] });
  ({ node, page } = session);
});

after(async () => {
  await session?.close();
});

const shot = (name: string) => session.shot(name);
const checkScreen = (where: string) => session.checkScreen(where);

interface Entry { id: string; schema: string; caption: string; names: Array<{ text: string; kind: string }>; birthDates?: string[]; countries?: string[] }

/** A listed demo person with a full birth date, found through the API with the browser's session. */
async function pickListedPerson(): Promise<{ entry: Entry; query: string }> {
  const lists = await (await page.request.get(`${node.url}/api/screening/lists`)).json() as { lists: Array<{ id: string; current: { id: string } | null }> };
  const demo = lists.lists.find((l) => l.id === 'puente-demo-designations');
  assert.ok(demo?.current, 'the demo node holds the demo designation list');
  const res = await page.request.get(`${node.url}/api/screening/versions/${demo.current.id}/entries?limit=500`);
  assert.equal(res.status(), 200);
  const { entries } = await res.json() as { entries: Entry[] };
  const person = entries.find((e) => e.schema === 'Person' && e.birthDates?.[0]?.length === 10 && /^[A-Z ]+, [A-Za-z ]+$/.test(e.caption) && e.caption.split(', ')[0]!.includes(' '));
  assert.ok(person, 'a listed person with two surnames and a birth date');
  // "GONZALEZ MENDOZA, Jorge" typed the natural way: "Jorge Gonzalez Mendoza"
  const [surnames, given] = person.caption.split(', ') as [string, string];
  const cap = (w: string) => w.charAt(0) + w.slice(1).toLowerCase();
  return { entry: person, query: `${given} ${surnames.split(' ').map(cap).join(' ')}` };
}

test('analyst: screen a listed name, read the explanation, decide, review alerts, list updates, Spanish', async () => {
  const country = await session.country();

  // ---- Login, stating the purpose of sanctions screening ----
  await page.goto(node.url);
  await session.login(`${country}.analyst`, 'sanctions_screening');

  // ---- Screening: the nav entry, then one name with its birth date ----
  await page.locator('nav.main-nav a', { hasText: 'Screening' }).click();
  await page.locator('h1', { hasText: 'Screening' }).waitFor();
  assert.equal(await page.evaluate(() => location.hash), '#/screening');
  await checkScreen('screening (empty)');
  const { entry, query } = await pickListedPerson();
  await page.locator('#scr-name').fill(query);
  await page.locator('#scr-schema').selectOption('Person');
  await page.locator('#scr-birth').fill(entry.birthDates![0]!);
  await page.locator('#scr-birth').press('Enter');
  const first = page.locator('ol.scr-hits > li').first();
  await first.waitFor();
  assert.match(await page.locator('.result-count').innerText(), /hit\(s\) for/);
  assert.equal((await first.locator('.scr-entry').innerText()).trim(), entry.caption, 'the listed entry ranks first');
  // the first hit's explanation is open: matched parts with their roles, and the birth date's weight
  const why = first.locator('details.scr-why');
  assert.equal(await why.getAttribute('open'), '');
  const matched = why.locator('table.scr-parts').first();
  assert.ok(await matched.locator('tbody tr').count() >= 2, 'matched parts listed');
  await why.locator('td', { hasText: 'paternal surname' }).first().waitFor();
  await why.locator('td', { hasText: 'Birth date matches' }).waitFor();
  await why.locator('td', { hasText: '+0.10' }).waitFor();
  await checkScreen('screening result');
  await shot('20-screening-hit-en');

  // ---- Decide it with the keyboard: radio, reason, submit ----
  const form = first.locator('form.scr-decide');
  await form.locator('input[value=match]').focus();
  await page.keyboard.press('Space');
  assert.ok(await form.locator('input[value=match]').isChecked());
  await page.keyboard.press('Tab');
  await page.keyboard.type('Same full name and birth date as the listed person; nationality agrees.');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await first.locator('.scr-decision', { hasText: 'Match' }).waitFor();
  await first.locator('[role=status]', { hasText: 'Decision recorded' }).waitFor();
  await checkScreen('decided');
  await shot('21-screening-decided-en');

  // ---- Review: alerts the list updates raised on the node's records ----
  await page.locator('nav.scr-tabs a', { hasText: 'Review and decide' }).click();
  await page.locator('#scr-alerts-h').waitFor();
  const alert = page.locator('li.scr-alert').first();
  await alert.waitFor();
  assert.ok(await alert.locator('a.entity-link').count() === 1, 'an alert names the record');
  await alert.locator('summary', { hasText: 'Why this score' }).click();
  await alert.locator('table.scr-parts').first().waitFor();
  await checkScreen('review');
  await shot('22-screening-review-en');
  // clear one alert as a false positive: it leaves the open alerts and shows under Decided with its reason
  const openCount = Number(await page.locator('#scr-alerts-h .count').innerText());
  const record = (await alert.locator('a.entity-link').innerText()).trim();
  await alert.locator('summary', { hasText: 'Decide: match or false positive' }).click();
  await alert.locator('input[value=false_positive]').check();
  await alert.locator('textarea').fill('Another person: the birth date and the address differ from the listing.');
  await alert.locator('button', { hasText: 'Record decision' }).click();
  await page.locator('#scr-alerts-h .count', { hasText: String(openCount - 1) }).waitFor();
  await page.locator('#scr-alert-status').selectOption('decided');
  const decided = page.locator('li.scr-alert', { has: page.locator('a.entity-link', { hasText: record }) }).first();
  await decided.locator('.scr-decision', { hasText: 'False positive' }).waitFor();
  await decided.locator('.scr-reason', { hasText: 'the birth date and the address differ' }).waitFor();
  await checkScreen('review (decided)');

  // ---- List updates: what version 2 changed ----
  await page.locator('nav.scr-tabs a', { hasText: 'List updates' }).click();
  await page.locator('#scr-lists-h').waitFor();
  await page.locator('table.data a', { hasText: 'What changed' }).first().click();
  await page.locator('#scr-changes-h').waitFor();
  const changes = page.locator('table.scr-changes tbody tr');
  await changes.first().waitFor();
  const kinds = await page.locator('table.scr-changes tbody .badge').allInnerTexts();
  for (const k of ['Added', 'Changed', 'Removed']) assert.ok(kinds.includes(k), `a ${k} entry in the update`);
  await page.locator('table.scr-changes ins').first().waitFor();
  await checkScreen('list update');
  await shot('23-screening-list-update-en');

  // ---- Spanish: the same screens, translated ----
  await page.getByRole('button', { name: /Español/ }).click();
  await page.locator('nav.main-nav a', { hasText: 'Cotejo' }).waitFor();
  await page.locator('table.scr-changes .badge', { hasText: 'Añadido' }).first().waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'es');
  await checkScreen('list update (es)');
  await page.locator('nav.scr-tabs a', { hasText: 'Cotejar un nombre' }).click();
  await page.locator('#scr-name').fill(query);
  await page.locator('#scr-name').press('Enter');
  await page.locator('ol.scr-hits > li').first().locator('summary', { hasText: 'Por qué esta puntuación' }).waitFor();
  await page.locator('ol.scr-hits > li').first().locator('td', { hasText: 'apellido paterno' }).first().waitFor();
  await checkScreen('screening (es)');
  await shot('24-screening-hit-es');
  await page.locator('nav.scr-tabs a', { hasText: 'Revisar y resolver' }).click();
  await page.locator('li.scr-alert').first().waitFor();
  await checkScreen('review (es)');
});
