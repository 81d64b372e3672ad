/**
 * Entity resolution end to end, in a real headless Chromium against a real node with the demo world (the demo
 * loader runs resolution once, and the world holds some people in several records): an analyst opens the review
 * queue, reviews the most uncertain pair, reads its explanation field by field (weights that add up to the
 * score), decides it with a reason, opens the merged profile, and switches to Spanish.
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

test('analyst: review queue, pair explanation, decision, profile, Spanish', async () => {
  const country = await session.country();
  await page.goto(node.url);
  await session.login(`${country}.analyst`, 'criminal_investigation');

  // ---- The queue: a run exists, pairs ordered by uncertainty ----
  await page.locator('nav.main-nav a', { hasText: 'Entity resolution' }).click();
  await page.locator('h1', { hasText: 'Entity resolution' }).waitFor();
  assert.equal(await page.evaluate(() => location.hash), '#/linkage');
  await page.locator('#lk-run-h + p', { hasText: 'person records' }).waitFor();
  const rows = page.locator('table.lk-queue tbody tr');
  await rows.first().waitFor();
  const meters = await page.locator('table.lk-queue meter').evaluateAll((ms) => ms.map((m) => Number((m as HTMLMeterElement).value)));
  for (let i = 1; i < meters.length; i++) assert.ok(meters[i - 1]! >= meters[i]! - 1e-9, 'most uncertain first');
  await checkScreen('linkage queue');
  await shot('40-linkage-queue-en');

  // ---- One pair, explained field by field ----
  const leftName = (await rows.first().locator('td').first().innerText()).trim();
  await rows.first().locator('a.btn', { hasText: 'Review' }).click();
  await page.locator('#lk-score-h').waitFor();
  const fields = page.locator('table.lk-fields tbody tr');
  assert.ok(await fields.count() >= 3, 'the prior and at least two fields');
  // the weights shown add up to the total (two decimals each, so within the rounding of the rows)
  const weights = (await page.locator('table.lk-fields td.num').allInnerTexts()).map((s) => Number(s.trim().replace('−', '-').replace('+', '')));
  const total = Number((await page.locator('.lk-total .muted').innerText()).match(/total weight ([+−][0-9.]+)/)![1]!.replace('−', '-').replace('+', ''));
  assert.ok(Math.abs(weights.reduce((a, b) => a + b, 0) - total) <= 0.005 * weights.length + 1e-9, `${weights.join(' ')} vs ${total}`);
  await checkScreen('linkage pair');
  await shot('41-linkage-pair-en');

  // ---- Decide it, with a reason, from the keyboard ----
  await page.locator('#lk-reason').fill('Different mothers named in the civil registry extract.');
  await page.locator('button', { hasText: 'Different people' }).click();
  await page.locator('[role=status]', { hasText: 'Decision saved' }).waitFor();
  await page.locator('#lk-hist-h ~ ol li', { hasText: 'Different mothers named' }).waitFor();
  await page.locator('.page-sub .badge', { hasText: 'Not in one profile' }).waitFor();
  await checkScreen('linkage decided');

  // ---- The merged profile of the left record ----
  await page.locator('a', { hasText: 'Open the merged profile' }).click();
  await page.locator('h1', { hasText: `Profile: ${leftName}` }).waitFor();
  await page.locator('.lk-member table.props tbody tr').first().waitFor();
  await checkScreen('linkage profile');
  await shot('42-linkage-profile-en');

  // ---- A profile with several records: the demo world holds people in more than one record ----
  const linked = await page.evaluate(async () => {
    const r = await fetch('/api/linkage/queue?status=all&limit=200');
    const q = await r.json() as { pairs: Array<{ left: { id: string }; probability: number; decision: unknown }> };
    return q.pairs.filter((p) => p.probability >= 0.99 && !p.decision).map((p) => p.left.id);
  });
  assert.ok(linked.length > 0, 'the demo world has records resolved as one person');
  await page.goto(`${node.url}/#/linkage/profile/${encodeURIComponent(linked[0]!)}`);
  await page.locator('#lk-evidence-h').waitFor();
  assert.ok(await page.locator('section.lk-member').count() >= 2, 'two or more records in the profile');
  await checkScreen('linkage profile (several records)');

  // ---- Spanish ----
  await page.getByRole('button', { name: /Español/ }).click();
  await page.locator('nav.main-nav a', { hasText: 'Resolución de entidades' }).waitFor();
  await page.locator('#lk-evidence-h', { hasText: 'Por qué estos registros están juntos' }).waitFor();
  await checkScreen('linkage profile (es)');
  await page.locator('nav.main-nav a', { hasText: 'Resolución de entidades' }).click();
  await page.locator('h2', { hasText: 'Cola de revisión' }).waitFor();
  await checkScreen('linkage queue (es)');
  await shot('43-linkage-queue-es');
});
