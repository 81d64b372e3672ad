/**
 * Financial intelligence in the node, on a real store (PGlite, or the server when DATABASE_URL is set) and over
 * HTTP: a supervisor imports labelled transactions (monthly partitions; a re-import adds nothing; a bad line changes
 * nothing), trains a model on the history before a date, and scores the days after into alerts whose explanations
 * add up; analysts triage alerts (assign, comment, close with a reason that becomes the next model's label), open a
 * case from alerts (escalated, evidence kept), export its report, and follow the money (flows, timeline, paths).
 * Another agency sees none of it. Fixture: test/fixtures/aml/generic.csv (written by packages/demo/src/aml).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Actor } from '../src/context';
import { queryAudit } from '../src/audit/index';
import { PuenteError } from '../src/errors';
import { importTransactions, scoreAndAlert, trainModel } from '../src/services/aml/index';
import { getAlert, listAlerts, triageAlert } from '../src/services/aml/alerts';
import { exportReport, openCase } from '../src/services/aml/cases';
import { accountTimeline, flowGraph, moneyPaths, networkAnalysis } from '../src/services/aml/flows';
import { amlDb } from '../src/services/aml/schema';
import { accountInfo } from '../src/services/aml/accounts';
import { json, seedFixture, startTestNode, type TestNode } from './helpers/node';
import { storeKind } from './helpers/store';

const FIX = new URL('./fixtures/aml/', import.meta.url).pathname;
const FROM = '2024-03-01';

const user = (over: Partial<Actor> = {}): Actor => ({
  kind: 'user', id: 'u-mx-analyst', username: 'mx.analyst', agencyId: 'mx-uif', country: 'MX', roles: ['analyst'],
  purpose: 'financial_intelligence', ...over,
});
const analyst = user();
const supervisor = user({ id: 'u-mx-supervisor', username: 'mx.supervisor', roles: ['supervisor'] });
const fgrAnalyst = user({ id: 'u-fgr', username: 'mx.fgr.analyst', agencyId: 'mx-fgr' });

let t: TestNode;
let work: string;
before(async () => {
  t = await startTestNode();
  await seedFixture(t);
  work = mkdtempSync(join(tmpdir(), 'puente-aml-test-'));
});
after(async () => {
  await t?.close();
  rmSync(work, { recursive: true, force: true });
});

const ctx = (requestId = 'aml-test') => ({ ...t.node.ctx, requestId });
const count = async () => Number((await amlDb(t.node.ctx.db).selectFrom('aml_transactions').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

describe(`financial intelligence in the node (${storeKind})`, () => {
  const csv = readFileSync(join(FIX, 'generic.csv'), 'utf8');
  const rows = csv.trim().split('\n').length - 1;

  test('imports: supervisors only; monthly partitions; a re-import adds nothing; a bad line changes nothing', async () => {
    await assert.rejects(importTransactions(ctx(), analyst, { file: join(FIX, 'generic.csv') }), (e: unknown) => e instanceof PuenteError && e.status === 403);
    const r = await importTransactions(ctx(), supervisor, { file: join(FIX, 'generic.csv') });
    assert.equal(r.rows, rows);
    assert.equal(r.added, rows);
    assert.equal(r.format, 'generic');
    assert.equal(await count(), rows);
    const again = await importTransactions(ctx(), supervisor, { file: join(FIX, 'generic.csv') });
    assert.equal(again.added, 0);
    // Three months of data: three partitions.
    const parts = await sql<{ n: string }>`select count(*) as n from pg_inherits where inhparent = 'aml_transactions'::regclass`.execute(t.node.ctx.db);
    assert.equal(Number(parts.rows[0]!.n), 3);
    const bad = join(work, 'bad.csv');
    const lines = csv.split('\n');
    lines[5] = lines[5]!.replace(/,[0-9.]+,USD,/, ',lots,USD,');
    writeFileSync(bad, lines.map((l, i) => (i > 0 && l ? l.replace(/^\d+,/, `b${i},`) : l)).join('\n'));
    await assert.rejects(importTransactions(ctx(), supervisor, { file: bad }), (e: unknown) => {
      assert.ok(e instanceof PuenteError && e.status === 400);
      assert.match(e.messages.en, /bad\.csv, line 6, field amount/);
      assert.match(e.messages.es, /línea 6, campo amount/);
      return true;
    });
    assert.equal(await count(), rows, 'the failed import left the store as it was');
  });

  test('train on labels before a date, score after it: alerts with explanations that add up; never twice', async () => {
    await assert.rejects(trainModel(ctx(), analyst, { until: FROM }), (e: unknown) => e instanceof PuenteError && e.status === 403);
    const model = await trainModel(ctx(), supervisor, { until: FROM, seed: 7 });
    assert.equal(model.trainedUntil, FROM);
    assert.ok(model.threshold > 0 && model.threshold < 1);
    const s = await scoreAndAlert(ctx(), analyst, { from: FROM });
    const after = csv.trim().split('\n').slice(1).filter((l) => l.split(',')[1]! >= FROM).length;
    assert.equal(s.scored, after);
    assert.ok(s.alerts > 0 && s.alerts === s.flagged);
    const { alerts } = await listAlerts(ctx(), analyst, { status: 'open', limit: 500 });
    assert.equal(alerts.length, s.alerts);
    for (const a of alerts) {
      assert.ok(a.ts >= FROM);
      assert.ok(a.score >= model.threshold);
      assert.ok(Math.abs(1 / (1 + Math.exp(-a.explanation.logit)) - a.score) < 1e-6, 'score = sigmoid(logit)');
      assert.ok(a.explanation.top.length > 0);
    }
    // The laundering rows after the date are what the alerts should find, mostly.
    const laundering = new Set(csv.trim().split('\n').slice(1).map((l) => l.split(',')).filter((c) => c[1]! >= FROM && c[8] === '1').map((c) => c[0]));
    const hits = alerts.filter((a) => laundering.has(a.tranId)).length;
    assert.ok(hits / alerts.length >= 0.5, `precision ${hits}/${alerts.length}`);
    assert.equal((await scoreAndAlert(ctx(), analyst, { from: FROM })).alerts, 0, 'an alert is raised once');
    // Another agency's analysts see none of this agency's alerts.
    assert.equal((await listAlerts(ctx(), fgrAnalyst, { status: 'all' })).total, 0);
  });

  test('triage: assign, comment, close with a reason (the next label), reopen; audited', async () => {
    const { alerts } = await listAlerts(ctx(), analyst, { status: 'open', limit: 5 });
    const a = alerts[0]!;
    await triageAlert(ctx(), analyst, a.id, { action: 'assign', assignee: 'mx.analyst' });
    await triageAlert(ctx(), analyst, a.id, { action: 'comment', text: 'Counterparty is a payroll account of a known employer.' });
    await assert.rejects(triageAlert(ctx(), analyst, a.id, { action: 'close', reason: 'bored' as never, text: 'x' }), (e: unknown) => e instanceof PuenteError && e.status === 400);
    const closed = await triageAlert(ctx('close'), analyst, a.id, { action: 'close', reason: 'false_positive', text: 'Payroll.' });
    assert.equal(closed.alert.status, 'closed');
    assert.deepEqual(closed.notes.map((n) => n.kind), ['assign', 'comment', 'close']);
    const label = await amlDb(t.node.ctx.db).selectFrom('aml_transactions').select('label').where('tran_id', '=', a.tranId).executeTakeFirstOrThrow();
    assert.equal(label.label, 0);
    const [ev] = await queryAudit(t.node.ctx.db, { action: 'aml.alert.manage', limit: 1 });
    assert.equal(ev.requestId, 'close');
    assert.equal(ev.purpose, 'financial_intelligence');
    const reopened = await triageAlert(ctx(), analyst, a.id, { action: 'reopen', text: 'New information from the bank.' });
    assert.equal(reopened.alert.status, 'assigned');
    await assert.rejects(getAlert(ctx(), fgrAnalyst, a.id), (e: unknown) => e instanceof PuenteError && e.status === 404);
  });

  test('a case from alerts: escalated, evidence kept, report exported; the money followed', async () => {
    const { alerts } = await listAlerts(ctx(), analyst, { status: 'open', limit: 500 });
    const pick = alerts.slice(0, 3);
    const c = await openCase(ctx(), analyst, { title: 'Ring around one hub', summary: 'Funds gathered and scattered within days.', alertIds: pick.map((a) => a.id) });
    assert.equal(c.items.filter((i) => i.kind === 'alert').length, 3);
    assert.equal(c.items.filter((i) => i.kind === 'transaction').length, 3);
    assert.ok(c.items.filter((i) => i.kind === 'account').length >= 2);
    const esc = await getAlert(ctx(), analyst, pick[0]!.id);
    assert.equal(esc.alert.status, 'escalated');
    assert.equal(esc.alert.caseId, c.id);
    await assert.rejects(triageAlert(ctx(), analyst, pick[0]!.id, { action: 'close', reason: 'duplicate', text: 'x' }), (e: unknown) => e instanceof PuenteError && e.status === 409);
    const report = await exportReport(ctx(), analyst, c.id);
    assert.equal(report.format, 'puente-str/1');
    assert.equal(report.transactions.length, 3);
    assert.deepEqual(report.transactions.map((x) => x.timestamp), [...report.transactions.map((x) => x.timestamp)].sort());
    assert.equal(report.totals.reduce((s, x) => s + x.transactions, 0), 3);
    assert.equal(report.case.narrative, 'Funds gathered and scattered within days.');
    const [ev] = await queryAudit(t.node.ctx.db, { action: 'aml.case.export', limit: 1 });
    assert.equal(ev.resourceId, c.id);

    // Follow the money around the first alert's receiving account.
    const hub = pick[0]!.bene;
    const g = await flowGraph(ctx(), analyst, hub, { depth: 2 });
    assert.ok(g.edges.some((e) => e.to === hub || e.from === hub));
    assert.ok(g.nodes.some((n) => n.id === hub && n.alerts >= 1));
    const tl = await accountTimeline(ctx(), analyst, hub);
    const net = tl.rows.reduce((s, r) => s + (r.direction === 'in' ? r.amount : -r.amount), 0);
    assert.ok(Math.abs(net - tl.rows.at(-1)!.net) < 1e-6);
    assert.ok(tl.rows.some((r) => r.alert === pick[0]!.id));
    const p = await moneyPaths(ctx(), analyst, pick[0]!.orig, hub, { maxHops: 3 });
    assert.ok(p.paths.length >= 1);
    for (const path of p.paths) {
      assert.equal(path[0]!.from, pick[0]!.orig);
      assert.equal(path.at(-1)!.to, hub);
      for (let i = 1; i < path.length; i++) assert.ok(path[i]!.ts >= path[i - 1]!.ts, 'time-respecting');
    }
  });

  test('the network: communities ranked by alerts, brokers by betweenness, with PageRank', async () => {
    const net = await networkAnalysis(ctx(), analyst, { top: 10 });
    assert.ok(net.accounts > 100 && net.flows > 100);
    assert.ok(net.modularity > 0);
    assert.ok(net.communities.length > 1);
    const density = net.communities.map((c) => c.alerts / c.size);
    for (let i = 1; i < density.length; i++) assert.ok(density[i - 1]! >= density[i]! - 1e-12, 'most alerted first');
    assert.ok(net.communities[0]!.alerts > 0);
    for (let i = 1; i < net.brokers.length; i++) assert.ok(net.brokers[i - 1]!.betweenness >= net.brokers[i]!.betweenness);
    assert.ok(net.brokers.every((b) => b.pageRank > 0 && b.pageRank < 1));
    assert.equal((await networkAnalysis(ctx(), fgrAnalyst)).accounts, 0, 'another agency sees no flows');
  });

  test("an account's holder is shown only to a reader the holder's record allows", async () => {
    const account = (await listAlerts(ctx(), analyst, { status: 'all', limit: 1 })).alerts[0]!.orig;
    await amlDb(t.node.ctx.db).updateTable('aml_accounts').set({ holder: 'fx-jose' }).where('id', '=', account).execute();
    // fx-jose serves criminal investigation only: under financial intelligence the holder is left out.
    assert.equal((await accountInfo(ctx(), analyst, account)).holder, null);
    const investigator = user({ purpose: 'criminal_investigation' });
    const info = await accountInfo(ctx(), investigator, account);
    assert.equal(info.holder?.id, 'fx-jose');
    await assert.rejects(accountInfo(ctx(), fgrAnalyst, account), (e: unknown) => e instanceof PuenteError && e.status === 404);
  });

  test('over HTTP: the queue, an alert, the policy', async () => {
    const cookie = await t.login('mx.analyst', 'financial_intelligence');
    const q = await json<{ total: number; alerts: Array<{ id: string }> }>(await t.request('/api/aml/alerts?status=all&limit=5', { cookie }));
    assert.ok(q.total > 0);
    const one = await json<{ alert: { id: string } }>(await t.request(`/api/aml/alerts/${q.alerts[0]!.id}`, { cookie }));
    assert.equal(one.alert.id, q.alerts[0]!.id);
    assert.equal((await t.request('/api/aml/models', { cookie, body: { until: FROM } })).status, 403);
    const health = await t.login('mx.analyst', 'public_health');
    assert.equal((await t.request('/api/aml/alerts', { cookie: health })).status, 403);
    const sup = await t.login('mx.supervisor', 'financial_intelligence');
    const up = await t.request('/api/aml/imports', { cookie: sup, body: { file: 'again.csv', text: csv } });
    assert.equal((await json<{ added: number }>(up)).added, 0);
  });
});
