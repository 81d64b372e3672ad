/**
 * Federation end to end (issue 6), in a real headless Chromium against the two-node demo as `npm start` runs it
 * (cli/commands/start.ts startDemoPair): the Mexico node and the U.S. node in this process, each on its own
 * embedded store and port on 127.0.0.1, each loading only its own share of the demo world, paired (each pins the
 * other's exact key), the demo agreements proposed by one and signed by the other, and a first exchange.
 *
 * The wiring is checked first through the nodes themselves (pinned keys, agreements in force on both sides). Then a
 * U.S. analyst opens Federation: the Mexico node as partner with its fingerprint, the framework agreement in English
 * and in Spanish (its own bilingual title, every other word from the catalogue); when the node serves the shared-
 * records route, a record the Mexico node marks bilateral arrives on the open page and opens as a locked copy.
 *
 * Fails on any untranslated catalogue key visible on a page and on any console or page error (except the 401 of the
 * anonymous session probe). Chromium: /usr/bin/chromium, as the other browser tests.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { sql } from 'kysely';
import { DEMO_PASSWORD } from '@puente/demo';
import { startDemoPair, type DemoPair } from '../../node/src/cli/commands/start';
import { deliverNow, listPartners, runJobsNow } from '../../node/src/federation/index';
import { systemActor } from '../../node/src/identity/index';
import { importRecords } from '../../node/src/services/import';
import { WEB_DIR } from './helpers/browser';

const ROOT = new URL('../../..', import.meta.url).pathname;
const SCREENS = join(ROOT, '.tmp', 'screens');
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const KEYS = /\b(web|error|api|auth|audit|model|common|federation)\.[a-z_]+(\.[a-z_]+)*\b/;

let pair: DemoPair;
let base: string;
let browser: Browser;
let page: Page;
const problems: string[] = [];

before(async () => {
  assert.ok(existsSync(join(WEB_DIR, 'index.html')), 'packages/web/dist is missing: run `npm run build:web` first');
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: install it with \`apt-get install -y chromium\``);
  mkdirSync(SCREENS, { recursive: true });
  base = mkdtempSync(join(tmpdir(), 'puente-fed-e2e-'));
  pair = await startDemoPair({ baseDir: base, host: '127.0.0.1', mxPort: 0, webDir: WEB_DIR, logLevel: process.env.PUENTE_TEST_LOG ?? 'silent', worker: false });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  page = await context.newPage();
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const url = msg.location().url ?? '';
    if (/^Failed to load resource: .*status of 401/.test(msg.text()) && url.endsWith('/api/auth/me')) return;
    problems.push(`console.error: ${msg.text()} ${url}`);
  });
});

after(async () => {
  await browser?.close();
  await pair?.close();
  if (base) rmSync(base, { recursive: true, force: true });
});

async function checkScreen(where: string) {
  const text = await page.evaluate(() => document.body.innerText);
  const m = KEYS.exec(text);
  assert.equal(m, null, `${where}: untranslated key "${m?.[0]}" on the page`);
  assert.deepEqual(problems, [], `${where}: console or page errors`);
}
const shot = (name: string) => page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });

test('the two-node start pairs the nodes, pins the exact keys and signs the demo agreements on both sides', async () => {
  const { mx, us } = pair;
  const [mxSide] = await listPartners(mx.ctx.db);
  const [usSide] = await listPartners(us.ctx.db);
  assert.equal(mxSide?.nodeId, 'us-node');
  assert.equal(mxSide.keyId, us.ctx.app.nodeKey.keyId, "the Mexico node pinned the U.S. node's own key");
  assert.equal(mxSide.url, us.url);
  assert.equal(usSide?.nodeId, 'mx-node');
  assert.equal(usSide.keyId, mx.ctx.app.nodeKey.keyId, "the U.S. node pinned the Mexico node's own key");
  const framework = pair.agreements.find((a) => a.id === 'framework-bilateral');
  assert.ok(framework, 'the framework agreement is among the demo agreements');
  assert.equal(framework.active, true, 'in force on the Mexico node');
  assert.deepEqual(framework.signatures.map((s) => [s.node, s.valid]).sort(), [['mx-node', true], ['us-node', true]]);
  // neither node was given the generator's ready-made copies: what it holds of its partner comes through federation
  assert.deepEqual(pair.copies, { mx: 0, us: 0 });
});

/** Scans and delivers until nothing is pending (a failed attempt is tried again at once, as "deliver now" does). */
async function exchange(from: DemoPair['mx'], to: string) {
  await runJobsNow(from.ctx, ['share-scan']);
  const deliveries = [];
  for (let attempt = 0; attempt < 30; attempt++) {
    const [r] = await deliverNow(from.ctx, to);
    deliveries.push(r);
    if (r && r.pending === 0) return deliveries;
  }
  assert.fail(`delivery to ${to} did not finish: ${JSON.stringify(deliveries)}`);
}

test('a U.S. analyst sees the partner and the agreements in English and Spanish, and a shared record arrive', async () => {
  const { mx, us } = pair;
  // The first exchange: every record of the Mexico node the agreements let cross (the start left them to federation).
  const shares = await fetch(`${us.url}/api/openapi.json`).then((r) => r.json() as Promise<{ paths: Record<string, unknown> }>)
    .then((d) => Object.keys(d.paths).some((p) => p.endsWith('/federation/shared')));
  if (shares) await exchange(mx, 'us-node');
  await page.goto(us.url);
  await page.locator('#login-username').fill('us.analyst');
  await page.locator('#login-password').fill(DEMO_PASSWORD);
  await page.locator('#login-purpose').selectOption('criminal_investigation');
  await page.locator('#login-password').press('Enter');
  await page.locator('.who-name').waitFor();

  // ---- Partners: the Mexico node, its fingerprint, the exchange ----
  await page.locator('nav.main-nav a', { hasText: 'Federation' }).click();
  await page.locator('#fed-partners-h').waitFor();
  const row = page.locator('table.fed-partners tbody tr', { hasText: 'mx-node' });
  await row.waitFor();
  assert.match(await row.innerText(), new RegExp(mx.ctx.app.nodeKey.keyId));
  assert.match(await row.innerText(), /Mexico/);
  assert.equal(await page.locator('#fed-pair-url').count(), 0, 'an analyst is not offered pairing');
  await checkScreen('federation partners');
  await shot('70-federation-partners-en');

  // ---- Agreements, in English ----
  await page.locator('nav.fed-tabs a', { hasText: 'Agreements' }).click();
  const card = page.locator('article.fed-agreement', { hasText: 'U.S.–Mexico Bicentennial Framework: bilateral records' });
  await card.waitFor();
  const en = await card.innerText();
  for (const text of ['In force', 'Parties', 'Legal basis', 'Retention of copies', '365 days', 'Criminal investigation', 'Bilateral', 'mx-node', 'us-node', 'Signed']) {
    assert.ok(en.includes(text), `agreement card (en) shows "${text}"`);
  }
  assert.ok(!en.includes('Not signed yet'), 'both nodes signed');
  await checkScreen('federation agreements');
  await shot('71-federation-agreements-en');

  // ---- The same, in Spanish ----
  await page.getByRole('button', { name: /Español/ }).click();
  const cardEs = page.locator('article.fed-agreement', { hasText: 'Entendimiento Bicentenario México–EE. UU.: registros bilaterales' });
  await cardEs.waitFor();
  const es = await cardEs.innerText();
  for (const text of ['Vigente', 'Partes', 'Fundamento jurídico', 'Conservación de las copias', '365 días', 'Investigación penal', 'Firmado']) {
    assert.ok(es.includes(text), `agreement card (es) shows "${text}"`);
  }
  assert.ok(await page.locator('nav.main-nav a', { hasText: 'Federación' }).isVisible());
  await checkScreen('federation agreements (es)');
  await shot('72-federation-agreements-es');
  await page.getByRole('button', { name: /English/ }).click();
  await page.locator('nav.main-nav a', { hasText: 'Federation' }).waitFor();

  // ---- Shared records: one the Mexico node marks bilateral arrives on the open page ----
  await page.locator('nav.fed-tabs a', { hasText: 'Shared records' }).click();
  if (!shares) {
    await page.locator('.fed-unavailable').waitFor();
    await checkScreen('federation shared (not served)');
    return;
  }
  await page.locator('#fed-shared-in-h').waitFor();
  const caption = 'Transportes Frontera Azul, S.A. de C.V.';
  const ctx = mx.ctx;
  await importRecords(ctx, systemActor(ctx.node), (async function* () {
    yield {
      line: 1,
      entity: {
        id: 'mx-e2e-federation-company', schema: 'Company', properties: { name: [caption], jurisdiction: ['mx'] },
        meta: {
          ownerCountry: 'MX', ownerAgency: 'mx-uif', distribution: 'bilateral', legalBasis: 'LFPIORPI art. 17',
          purposes: ['criminal_investigation', 'financial_intelligence'], retentionUntil: '2031-12-31', dataset: 'e2e', originNode: 'mx-node',
        },
      },
    };
  })(), { file: 'e2e' });
  await page.locator('table.fed-shared-in tbody tr').first().waitFor();
  const received = Number(await page.locator('#fed-shared-in-h .count').innerText());
  assert.ok(received > 0, 'the first exchange brought Mexican records');
  const deliveries = await exchange(mx, 'us-node');
  const copy = await us.ctx.db.selectFrom('entities').select(['id', 'locked', 'distribution', 'origin_node']).where('id', '=', 'mx-e2e-federation-company').executeTakeFirst();
  const listed = await (await page.request.get(`${us.url}/api/federation/shared?direction=in&limit=1000`)).json() as { total: number; items: Array<{ entityId: string; caption: string | null }> };
  assert.ok(copy, `the copy reached the U.S. node (deliveries: ${JSON.stringify(deliveries)})`);
  assert.equal(copy.locked, true);
  const item = listed.items.find((i) => i.entityId === copy.id);
  assert.equal(item?.caption, caption, `listed as received and readable (${listed.total} received)`);
  // the newest copy comes first on the open page (it refreshes itself)
  const arrived = page.locator('table.fed-shared-in tbody tr', { hasText: caption });
  await arrived.waitFor({ timeout: 30_000 });
  await page.locator('#fed-shared-in-h .count', { hasText: String(received + 1) }).waitFor();
  assert.match(await arrived.innerText(), /mx-node/);
  await checkScreen('federation shared');
  await shot('73-federation-shared-en');
  await arrived.locator('a').click();
  await page.locator('.badge-locked').first().waitFor();
  assert.match(await page.evaluate(() => location.hash), /^#\/entity\/mx-e2e-federation-company/);
  await checkScreen('shared copy');
});

test('a question and a disclosure cross: the U.S. analyst asks, two people of the Mexico node approve, the record arrives', async (t) => {
  const { mx, us } = pair;
  const served = await fetch(`${us.url}/api/openapi.json`).then((r) => r.json() as Promise<{ paths: Record<string, unknown> }>);
  if (!['/federation/queries', '/federation/disclosures'].every((p) => Object.keys(served.paths).some((k) => k.endsWith(p)))) {
    t.skip('the node does not serve questions and disclosures');
    return;
  }
  // A Mexican person with an identity number that a question may find (own record, held for the node), asked about
  // for criminal investigation. The U.S. FinCEN analyst is covered by two agreements serving it: the UIF–FinCEN
  // exchange, whose 'agreement' distribution does not let a record held for the node leave, and the framework
  // agreement, which does; the approval sends the record under the one whose egress guard allows it.
  const PURPOSE = 'criminal_investigation';
  const found = await sql<{ id: string; value: string }>`select e.id, s->>1 as value from entities e
    join fragments f on f.entity_id = e.id cross join lateral jsonb_array_elements(f.statements) s
    where e.schema = 'Person' and not e.locked and e.origin_node = 'mx-node' and e.distribution = 'node'
      and ${PURPOSE} = any(e.purposes) and s->>0 = 'idNumber' order by e.id limit 1`.execute(mx.ctx.db);
  const person = found.rows[0];
  assert.ok(person, 'the Mexico node holds a person with an identity number');

  // ---- The U.S. analyst asks: the minimal answer ----
  await page.goto(`${us.url}/#/federation/questions`);
  await page.locator('#fed-ask-h').waitFor();
  await page.locator('#fed-ask-kind').selectOption('person-id');
  await page.locator('#fed-ask-value').fill(person.value);
  await page.locator('#fed-ask-purpose').selectOption(PURPOSE);
  await page.locator('#fed-ask-h ~ form button[type=submit]').click();
  const answer = page.locator('.fed-answer');
  await answer.waitFor();
  assert.match(await answer.innerText(), /Found: [1-9]/);
  assert.ok(!(await answer.innerText()).includes(person.id), 'the answer does not name the record');
  await page.locator('table.fed-queries-asked tbody tr', { hasText: person.value }).waitFor();
  await checkScreen('federation question');
  await shot('74-federation-question-en');

  // ---- … and requests the disclosure of that hit ----
  await page.locator('nav.fed-tabs a', { hasText: 'Disclosure requests' }).click();
  await page.locator('#fed-disclose-h').waitFor();
  await page.locator('#fed-dis-purpose').selectOption(PURPOSE);
  await page.locator('#fed-dis-basis').fill('MLAT (1987), art. 1');
  await page.locator('#fed-dis-why').fill('The person appears in a trafficking investigation on the U.S. side.');
  await page.locator('#fed-disclose-h ~ form button[type=submit], #fed-disclose-h ~ * button[type=submit]').first().click();
  await page.locator('#fed-dis-asked-h ~ ol .fed-disclosure', { hasText: 'Requested' }).waitFor();
  await deliverNow(us.ctx, 'mx-node');

  // ---- On the Mexico node: an analyst reviews, the supervisor decides (four eyes) ----
  const mxContext = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  const mxPage = await mxContext.newPage();
  const mxProblems: string[] = [];
  mxPage.on('pageerror', (err) => mxProblems.push(`pageerror: ${err.message}`));
  mxPage.on('console', (msg) => { if (msg.type() === 'error' && !msg.location().url?.endsWith('/api/auth/me')) mxProblems.push(msg.text()); });
  const loginMx = async (username: string) => {
    await mxPage.goto(`${mx.url}/#/federation/disclosures`);
    await mxPage.locator('#login-username').fill(username);
    await mxPage.locator('#login-password').fill(DEMO_PASSWORD);
    await mxPage.locator('#login-purpose').selectOption(PURPOSE);
    await mxPage.locator('#login-password').press('Enter');
    await mxPage.locator('.who-name').waitFor();
    await mxPage.goto(`${mx.url}/#/federation/disclosures`);
  };
  try {
    await loginMx('mx.analyst');
    const card = mxPage.locator('#fed-dis-owned-h ~ ol .fed-disclosure').first();
    await card.waitFor();
    await card.locator('textarea').fill('Purpose and legal basis match the agreement.');
    await card.locator('button', { hasText: 'Recommend approval' }).click();
    await card.locator('.fed-four-eyes').waitFor();
    assert.match(await card.innerText(), /cannot decide it yourself/, 'the reviewer is told why they cannot decide');
    await mxPage.screenshot({ path: join(SCREENS, '75-federation-four-eyes-mx.png'), fullPage: true });
    await mxPage.locator('.bar-right button', { hasText: /Sign out/ }).click();
    await loginMx('mx.supervisor');
    const decide = mxPage.locator('#fed-dis-owned-h ~ ol .fed-disclosure').first();
    await decide.locator('button', { hasText: 'Approve and disclose' }).waitFor();
    await decide.locator('textarea').fill('Approved: second person.');
    await decide.locator('button', { hasText: 'Approve and disclose' }).click();
    await decide.locator('.badge', { hasText: /Approved|Disclosed|Refused|Denied/ }).or(decide.locator('[role=alert]')).first().waitFor();
    const decided = await decide.innerText();
    assert.match(decided, /2\. Decision: approve/, `decided: ${decided}`);
    assert.doesNotMatch(decided, /Refused|Denied/, `approved and released: ${decided}`);
    assert.deepEqual(mxProblems, [], 'no console or page error on the Mexico node');
  } finally {
    await mxContext.close();
  }
  await deliverNow(mx.ctx, 'us-node');

  // ---- Back on the U.S. node: the disclosed record, a locked copy ----
  const done = page.locator('#fed-dis-asked-h ~ ol .fed-disclosure', { hasText: 'Disclosed' });
  await done.waitFor({ timeout: 30_000 });
  await checkScreen('federation disclosure disclosed');
  await shot('76-federation-disclosed-en');
  // the copy serves the purpose it was disclosed for: the analyst states it to read it
  await page.locator('#session-purpose').selectOption(PURPOSE);
  await page.locator('.purpose-saved').waitFor();
  await done.locator('a', { hasText: 'Open the disclosed record' }).click();
  await page.locator('h1').first().waitFor();
  await page.locator('.badge-locked').first().waitFor({ timeout: 15_000 }).catch(async () => {
    assert.fail(`the disclosed copy did not open as a locked record: ${await page.locator('main').innerText()}`);
  });
  await checkScreen('disclosed copy');
  await shot('77-federation-disclosed-copy-en');
});

test('every federation tab, in Spanish: no untranslated key, no console error', async () => {
  const { us } = pair;
  await page.goto(`${us.url}/#/federation`);
  await page.getByRole('button', { name: /Español/ }).click();
  const tabs: Array<[string, string]> = [
    ['', '#fed-partners-h'], ['agreements', '#fed-agreements-h'], ['shared', '#fed-shared-in-h'],
    ['questions', '#fed-queries-asked-h'], ['disclosures', '#fed-dis-owned-h'], ['pprl', '#fed-cp-h'],
  ];
  for (const [view, heading] of tabs) {
    await page.goto(`${us.url}/#/federation${view ? `/${view}` : ''}`);
    await page.locator(heading).waitFor();
    await page.locator('.loading').first().waitFor({ state: 'detached' }).catch(() => {});
    assert.equal(await page.locator('nav.fed-tabs a[aria-current=page]').count(), 1, `${view || 'partners'}: the current tab is marked`);
    await checkScreen(`federation ${view || 'partners'} (es)`);
  }
  await page.locator('nav.main-nav a', { hasText: 'Federación' }).waitFor();
  await shot('78-federation-pprl-es');
  await page.getByRole('button', { name: /English/ }).click();
});
