/**
 * Incremental scoring in the node: after scoring day N, importing day N+1 and scoring it restores the model's saved
 * scoring state (aml_score_states, migration 041) and reads only the new day; its alerts (scores, flags, typologies)
 * are exactly those of scoring both days from the whole history. An import into the past invalidates the state.
 * Funnel accounts and mirror trades (between accounts of the same holders) raise alerts whatever the score, with the
 * detector's features and parameters in the explanation.
 * Fixture: generated here by packages/demo/src/aml (seeded), written to a temporary folder.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '../src/context';
import { queryAudit } from '../src/audit/index';
import { importTransactions, scoreAndAlert, trainModel } from '../src/services/aml/index';
import { amlDb } from '../src/services/aml/schema';
import { readTransactions } from '../src/services/aml/store';
import { scoreAml, type AmlModel } from '../../engines/src/aml/model';
import { amlWorld, amlWorldCsv } from '../../demo/src/aml/index';
import { seedFixture, startTestNode, type TestNode } from './helpers/node';
import { storeKind } from './helpers/store';

const user = (over: Partial<Actor> = {}): Actor => ({
  kind: 'user', id: 'u-mx-analyst', username: 'mx.analyst', agencyId: 'mx-uif', country: 'MX', roles: ['analyst'],
  purpose: 'financial_intelligence', ...over,
});
const analyst = user();
const supervisor = user({ id: 'u-mx-supervisor', username: 'mx.supervisor', roles: ['supervisor'] });

let t: TestNode;
let work: string;
before(async () => {
  t = await startTestNode();
  await seedFixture(t);
  work = mkdtempSync(join(tmpdir(), 'puente-aml-incr-'));
});
after(async () => {
  await t?.close();
  rmSync(work, { recursive: true, force: true });
});

const ctx = () => ({ ...t.node.ctx, requestId: 'aml-incremental' });
const day = (d: number) => new Date(Date.UTC(2024, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);

describe(`incremental AML scoring (${storeKind})`, () => {
  const txs = amlWorld({ accounts: 250, days: 50, patterns: 30, seed: 17 });
  // day N+1: the last day with laundering rows, so there is something to alert on
  const n1 = Math.max(...txs.filter((x) => x.is_laundering && x.timestamp < `${day(50)}`).map((x) => Math.floor((Date.parse(x.timestamp) - Date.UTC(2024, 0, 1)) / 86_400_000)));
  const N = n1 - 1;
  const upTo = (d: number) => txs.filter((x) => x.timestamp < day(d + 1));
  const onDay = (d: number) => txs.filter((x) => x.timestamp >= day(d) && x.timestamp < day(d + 1));
  const file = (name: string, rows: typeof txs) => { const f = join(work, name); writeFileSync(f, amlWorldCsv(rows)); return f; };
  const alertsOn = async (d: number) => (await amlDb(t.node.ctx.db).selectFrom('aml_alerts').select(['tran_id', 'score', 'typology'])
    .where('ts', '>=', new Date(`${day(d)}T00:00:00Z`)).where('ts', '<', new Date(`${day(d + 1)}T00:00:00Z`)).orderBy('tran_id').execute())
    .map((a) => ({ tranId: a.tran_id, score: Number(a.score), typology: a.typology }));
  const lastScore = async () => (await queryAudit(t.node.ctx.db, { action: 'aml.score', limit: 1 }))[0]!.detail as Record<string, unknown>;

  test('day N+1 after day N: only the new day is read, and the alerts equal scoring from the whole history', async () => {
    assert.ok(N > 30 && onDay(n1).length > 0);
    await importTransactions(ctx(), supervisor, { file: file('upto-n.csv', upTo(N)) });
    const m = await trainModel(ctx(), supervisor, { until: day(30), seed: 3 });
    const first = await scoreAndAlert(ctx(), analyst, { from: day(N) });
    assert.equal(first.scored, onDay(N).length);
    assert.equal((await lastScore()).incremental, false, 'the first scoring reads the whole history');
    const state = await amlDb(t.node.ctx.db).selectFrom('aml_score_states').selectAll().executeTakeFirstOrThrow();
    assert.equal(Number(state.rows), upTo(N).length);

    await importTransactions(ctx(), supervisor, { file: file('day-n1.csv', onDay(n1)) });
    const second = await scoreAndAlert(ctx(), analyst, { from: day(n1) });
    assert.equal(second.scored, onDay(n1).length);
    assert.equal((await lastScore()).incremental, true, 'day N+1 continues from the saved state');
    const incremental = await alertsOn(n1);

    // the same day scored from the whole history, by the engine
    const row = await amlDb(t.node.ctx.db).selectFrom('aml_models').select('model').where('id', '=', m.id).executeTakeFirstOrThrow();
    const table = await readTransactions(t.node.ctx.db, 'mx-uif', { labels: false });
    const res = scoreAml(row.model as AmlModel, table, Date.parse(`${day(n1)}T00:00:00Z`) / 1000);
    const scratch = Array.from(res.rows, (i, r) => ({ tranId: table.ids[i]!, score: res.score[r]!, flag: res.flag[r]!, typology: res.detections[r]?.typology ?? null }))
      .filter((x) => x.flag === 1).map(({ flag: _f, ...x }) => x).sort((a, b) => (a.tranId < b.tranId ? -1 : a.tranId > b.tranId ? 1 : 0));
    assert.ok(scratch.length > 0, 'day N+1 has flagged transactions to compare');
    assert.deepEqual(incremental, scratch);

    // and through the service: drop the state and that day's alerts, score again from scratch
    await amlDb(t.node.ctx.db).deleteFrom('aml_score_states').execute();
    await amlDb(t.node.ctx.db).deleteFrom('aml_alerts').where('ts', '>=', new Date(`${day(n1)}T00:00:00Z`)).execute();
    await scoreAndAlert(ctx(), analyst, { from: day(n1) });
    assert.equal((await lastScore()).incremental, false);
    assert.deepEqual(await alertsOn(n1), incremental);
  });

  test('an import into the past invalidates the saved state: the next scoring reads the whole history again', async () => {
    const late = txs.filter((x) => x.timestamp >= day(10) && x.timestamp < day(11)).slice(0, 3).map((x, k) => ({ ...x, tran_id: `late-${k}` }));
    await scoreAndAlert(ctx(), analyst, { from: day(n1 + 1) });
    assert.equal((await lastScore()).incremental, true, 'nothing new before the saved state');
    await importTransactions(ctx(), supervisor, { file: file('late.csv', late) });
    await scoreAndAlert(ctx(), analyst, { from: day(n1 + 1) });
    assert.equal((await lastScore()).incremental, false, 'rows added before the saved state');
    await scoreAndAlert(ctx(), analyst, { from: day(n1 + 1) });
    assert.equal((await lastScore()).incremental, true, 'the rebuilt state is kept');
    await scoreAndAlert(ctx(), analyst, { from: day(n1) });
    assert.equal((await lastScore()).incremental, false, 're-scoring a day the state already holds');
  });

  test('funnel accounts and mirror trades between related accounts raise alerts, explained', async () => {
    const d = day(n1 + 3);
    const head = 'tran_id,timestamp,orig_acct,bene_acct,amount,currency,tx_type,country,place';
    const rows = [
      `f1,${d}T09:00:00Z,dep-1,funnel-acct,4000,USD,CASH,US,78520`, `f2,${d}T11:00:00Z,dep-2,funnel-acct,4500,USD,CASH,US,79901`,
      `f3,${d}T13:00:00Z,dep-3,funnel-acct,3900,USD,CASH,US,92173`, `f4,${d}T15:00:00Z,funnel-acct,mx-dest,11000,USD,WIRE,MX,Culiacán`,
      // holder P's peso account pays holder Q's peso account; Q's dollar account pays P's dollar account the same value
      `m1,${d}T10:00:00Z,p-mxn,q-mxn,1000000,MXN,TRANSFER,MX,`, `m2,${d}T16:00:00Z,q-usd,p-usd,54500,USD,TRANSFER,US,`,
    ];
    const f = join(work, 'typologies.csv');
    writeFileSync(f, `${head}\n${rows.join('\n')}\n`);
    await importTransactions(ctx(), supervisor, { file: f, labels: false });
    for (const [a, h] of [['p-mxn', 'person-p'], ['p-usd', 'person-p'], ['q-mxn', 'company-q'], ['q-usd', 'company-q']]) {
      await amlDb(t.node.ctx.db).updateTable('aml_accounts').set({ holder: h }).where('id', '=', a!).execute();
    }
    await scoreAndAlert(ctx(), analyst, { from: d });
    const alerts = await amlDb(t.node.ctx.db).selectFrom('aml_alerts').select(['tran_id', 'typology', 'explanation']).where('tran_id', 'in', ['f4', 'm2']).orderBy('tran_id').execute();
    assert.deepEqual(alerts.map((a) => [a.tran_id, a.typology]), [['f4', 'funnel'], ['m2', 'mirror_trade']]);
    const funnel = alerts[0]!.explanation.detector!;
    assert.equal(funnel.features!.distinct_places, 3);
    assert.equal(funnel.params!.minPlaces, 3);
    const mirror = alerts[1]!.explanation.detector!;
    assert.equal(mirror.params!.offsets, 'm1');
    assert.match(mirror.reason, /other direction/);
  });
});
