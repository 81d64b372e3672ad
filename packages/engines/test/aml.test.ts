/**
 * AML engine: the hand-written GBDT learns a known rule, is deterministic from its seed, its Saabas
 * contributions add up to the logit; features are causal (later rows never change earlier features);
 * detectors find planted patterns; structuring thresholds are data (country, place, dates); metrics.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  AmlScorePool, averagePrecision, bestF1Threshold, CompiledGbdt, computeFeatures, detect, explain, FEATURE_COUNT, FEATURE_NAMES, recallAtBudget,
  rng, scoreAml, timeOrder, trainAml, trainGbdt, TxTableBuilder, DAY, type ThresholdRule, type TxRow,
} from '../src/aml/index';
import { amlWorld } from '../../demo/src/aml/index';

function ruleData(n: number, seed: number) {
  const r = rng(seed);
  const F = 4;
  const X = new Float32Array(n * F);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < F; f++) X[i * F + f] = r();
    if (i % 17 === 0) X[i * F + 2] = NaN;
    y[i] = X[i * F] > 0.5 && X[i * F + 1] < 0.3 ? 1 : 0;
  }
  return { X, y, n };
}

describe('GBDT', () => {
  const names = ['a', 'b', 'c', 'd'];
  const params = { trees: 60, depth: 3, learningRate: 0.3, negativeSample: 1, featureSample: 1, minChildWeight: 0.5 };
  test('learns a known rule (x0 > 0.5 and x1 < 0.3)', () => {
    const m = trainGbdt(names, ruleData(4000, 1), { ...params, seed: 3 });
    const test = ruleData(2000, 2);
    const cg = new CompiledGbdt(m);
    let ok = 0;
    for (let i = 0; i < test.n; i++) ok += (cg.logit(test.X, i * 4) > 0 ? 1 : 0) === test.y[i] ? 1 : 0;
    assert.ok(ok / test.n > 0.97, `accuracy ${ok / test.n}`);
  });
  test('deterministic from the seed (with sampling); another seed gives another model', () => {
    const p = { ...params, negativeSample: 0.5, featureSample: 0.75 };
    const a = JSON.stringify(trainGbdt(names, ruleData(1500, 1), { ...p, seed: 9 }));
    const b = JSON.stringify(trainGbdt(names, ruleData(1500, 1), { ...p, seed: 9 }));
    const c = JSON.stringify(trainGbdt(names, ruleData(1500, 1), { ...p, seed: 10 }));
    assert.equal(a, b);
    assert.notEqual(a, c);
  });
  test('contributions add up to the logit; missing values follow the learned direction', () => {
    const m = trainGbdt(names, ruleData(2000, 1), { ...params, seed: 1 });
    const cg = new CompiledGbdt(JSON.parse(JSON.stringify(m)));
    const t = ruleData(300, 5);
    const c = new Float64Array(4);
    for (let i = 0; i < t.n; i++) {
      const logit = cg.contributions(t.X, i * 4, c);
      assert.ok(Math.abs(logit - cg.logit(t.X, i * 4)) < 1e-9);
      assert.ok(Math.abs(cg.bias + c.reduce((s, v) => s + v, 0) - logit) < 1e-9);
    }
    // the rule uses only x0 and x1: they carry most of the contribution mass
    let rule = 0, other = 0;
    for (let i = 0; i < t.n; i++) { cg.contributions(t.X, i * 4, c); rule += Math.abs(c[0]) + Math.abs(c[1]); other += Math.abs(c[2]) + Math.abs(c[3]); }
    assert.ok(rule > 5 * other);
  });
});

describe('metrics', () => {
  test('average precision, best-F1 threshold and recall at a budget on a hand example', () => {
    const s = [0.9, 0.8, 0.7, 0.6, 0.5], y = [1, 0, 1, 0, 0];
    assert.ok(Math.abs(averagePrecision(s, y) - (0.5 * 1 + 0.5 * (2 / 3))) < 1e-12);
    const b = bestF1Threshold(s, y);
    assert.ok(Math.abs(b.f1 - 0.8) < 1e-12);
    assert.ok(b.threshold < 0.7 && b.threshold > 0.6);
    assert.equal(recallAtBudget(s, y, 1), 0.5);
  });
});

const day0 = Date.UTC(2025, 0, 1) / 1000;
function tableOf(rows: Array<Omit<TxRow, 'id'>>) {
  const b = new TxTableBuilder();
  rows.forEach((r, i) => b.add({ id: String(i + 1), ...r }));
  return b.finish();
}

describe('features', () => {
  test('causal and incremental: adding later rows never changes earlier rows\' features', () => {
    const w = amlWorld({ accounts: 120, days: 40, patterns: 12, seed: 3 });
    const rows = w.map((x) => ({ orig: x.orig_acct, bene: x.bene_acct, amount: x.amount, time: Date.parse(x.timestamp) / 1000, type: x.tx_type, place: x.country, currency: x.currency }));
    const full = tableOf(rows);
    const half = tableOf(rows.slice(0, Math.floor(rows.length / 2)));
    const Xf = computeFeatures(full, timeOrder(full));
    const Xh = computeFeatures(half, timeOrder(half));
    // the account interner differs only by appended accounts; pair keys use the account count, so compare values
    for (let i = 0; i < half.size * FEATURE_COUNT; i++) assert.ok(Object.is(Xf[i], Xh[i]) || Math.abs(Xf[i] - Xh[i]) < 1e-6, `feature ${FEATURE_NAMES[i % FEATURE_COUNT]} row ${Math.floor(i / FEATURE_COUNT)}`);
  });
  test('no account ids or absolute dates among the features', () => {
    for (const f of FEATURE_NAMES) assert.doesNotMatch(f, /acct_id|account_id|date|timestamp|day_index/);
    // shifting every date by a year and renaming accounts leaves the features unchanged
    const base = [
      { orig: 'a', bene: 'b', amount: 100, time: day0 }, { orig: 'b', bene: 'c', amount: 95, time: day0 + DAY },
      { orig: 'c', bene: 'a', amount: 90, time: day0 + 2 * DAY }, { orig: 'a', bene: 'b', amount: 50, time: day0 + 9 * DAY },
    ];
    const moved = base.map((r) => ({ ...r, orig: `x${r.orig}`, bene: `x${r.bene}`, time: r.time + 365 * DAY }));
    const A = tableOf(base), B = tableOf(moved);
    assert.deepEqual(Array.from(computeFeatures(A, timeOrder(A))), Array.from(computeFeatures(B, timeOrder(B))));
  });
});

describe('detectors', () => {
  const detectAll = (rows: Array<Omit<TxRow, 'id'>>, thresholds?: ThresholdRule[]) => {
    const t = tableOf(rows);
    const X = computeFeatures(t, timeOrder(t), { thresholds });
    return rows.map((_, i) => detect(X, i * FEATURE_COUNT)?.typology);
  };
  const noise = (n: number) => Array.from({ length: n }, (_, i) => ({ orig: `n${i % 7}`, bene: `m${(i * 3 + 1) % 5}`, amount: 50 + i, time: day0 + i * 3600 }));
  test('a planted cycle is found on the transfer that closes it', () => {
    const ring = ['r0', 'r1', 'r2', 'r3', 'r4'];
    const rows = [...noise(20), ...ring.map((a, i) => ({ orig: a, bene: ring[(i + 1) % ring.length], amount: 1000 - 10 * i, time: day0 + 2 * DAY + i * DAY }))];
    const d = detectAll(rows);
    assert.equal(d[d.length - 1], 'cycle');
    assert.ok(d.slice(0, -1).every((x) => x !== 'cycle'));
  });
  test('fan-in and fan-out to new counterparties', () => {
    const fin = Array.from({ length: 7 }, (_, i) => ({ orig: `s${i}`, bene: 'hub', amount: 300, time: day0 + i * 3600 }));
    assert.equal(detectAll(fin).at(-1), 'fan_in');
    const fout = Array.from({ length: 7 }, (_, i) => ({ orig: 'src', bene: `d${i}`, amount: 300, time: day0 + i * 3600 }));
    assert.equal(detectAll(fout).at(-1), 'fan_out');
  });
  test('structuring: thresholds are data (country, place, date range)', () => {
    const rules: ThresholdRule[] = [
      { name: 'ten', country: 'US', currency: 'USD', amount: 10_000 },
      { name: 'gto', country: 'MX', places: ['Juárez'], from: '2025-02-01', to: '2025-03-01', amount: 9_800 },
    ];
    // a single depositor repeating just-below amounts
    const one = [0, 1, 2].map((i) => ({ orig: 'smurf', bene: `b${i}`, amount: 9_600, time: day0 + i * 3600, type: 'CASH', currency: 'USD', place: 'US' }));
    assert.deepEqual(detectAll(one, rules).slice(1), ['structuring', 'structuring']);
    // the same amounts where no rule applies: nothing; in Juárez only inside the rule's dates
    assert.ok(detectAll(one.map((r) => ({ ...r, place: 'CA' })), rules).every((x) => x !== 'structuring'));
    const juarez = (day: number) => [0, 1, 2].map((i) => ({ orig: 'smurf', bene: `b${i}`, amount: 9_700, time: day0 + day * DAY + i * 3600, type: 'CASH', currency: 'MXN', place: 'MX/Juárez' }));
    assert.equal(detectAll(juarez(40), rules).at(-1), 'structuring');
    assert.notEqual(detectAll(juarez(70), rules).at(-1), 'structuring');
  });
});

describe('risk model', () => {
  const w = amlWorld({ accounts: 400, days: 120, patterns: 60, seed: 5 });
  const b = new TxTableBuilder();
  for (const x of w) b.add({ id: x.tran_id, orig: x.orig_acct, bene: x.bene_acct, amount: x.amount, time: Date.parse(x.timestamp) / 1000, type: x.tx_type, place: x.country, currency: x.currency, label: x.is_laundering });
  const table = b.finish();
  const until = Date.UTC(2024, 0, 1) / 1000 + 90 * DAY;
  const model = trainAml(table, { until, seed: 4, gbdt: { trees: 80 } });
  test('trains on the past, picks a threshold on validation, scores the future well; same seed → same model', () => {
    assert.ok(model.threshold > 0 && model.threshold < 1);
    const res = scoreAml(model, table, until);
    const y = Array.from(res.rows, (i) => table.label[i]);
    assert.ok(averagePrecision(res.score, y) > 0.8);
    for (const s of res.score) assert.ok(s >= 0 && s <= 1);
    const again = trainAml(table, { until, seed: 4, gbdt: { trees: 80 } });
    assert.equal(JSON.stringify(again), JSON.stringify(model));
  });
  test('labels on or after --until are never used', () => {
    const changed = { ...table, label: Int8Array.from(table.label, (l, i) => (table.time[i] >= until ? 1 - l : l)) };
    assert.equal(JSON.stringify(trainAml(changed, { until, seed: 4, gbdt: { trees: 80 } })), JSON.stringify(model));
  });
  test('refit on training and validation rows: same threshold and tree counts, other trees; labels after --until still unused', () => {
    const refit = trainAml(table, { until, seed: 4, gbdt: { trees: 80 }, refit: true });
    assert.equal(refit.threshold, model.threshold);
    assert.equal(refit.gbdt.trees.length, model.gbdt.trees.length);
    assert.equal(refit.stage1.trees.length, model.stage1.trees.length);
    assert.notEqual(JSON.stringify(refit.gbdt), JSON.stringify(model.gbdt));
    const changed = { ...table, label: Int8Array.from(table.label, (l, i) => (table.time[i] >= until ? 1 - l : l)) };
    assert.equal(JSON.stringify(trainAml(changed, { until, seed: 4, gbdt: { trees: 80 }, refit: true })), JSON.stringify(refit));
    const res = scoreAml(refit, table, until);
    assert.ok(averagePrecision(res.score, Array.from(res.rows, (i) => table.label[i])) > 0.8);
  });
  test('two-core scoring (worker thread, shared memory, chunk pipeline) gives exactly the single-thread results', async () => {
    for (const chunkRows of [undefined, 997, 5000]) {
      const pool = await AmlScorePool.start(model, { chunkRows });
      try {
        for (const from of [until, -Infinity, Infinity]) {
          const a = scoreAml(model, table, from), b = await pool.score(table, from);
          const what = `chunk ${chunkRows ?? 'default'}, from ${from}`;
          assert.deepEqual(Array.from(b.rows), Array.from(a.rows), what);
          assert.deepEqual(Array.from(b.score), Array.from(a.score), what);
          assert.deepEqual(Array.from(b.flag), Array.from(a.flag), what);
          assert.deepEqual(Array.from(b.typology), Array.from(a.typology), what);
          assert.deepEqual(b.detections, a.detections, what);
          assert.deepEqual(Array.from(b.X), Array.from(a.X), what);
          assert.deepEqual(b.state.features.snapshot(), a.state.features.snapshot(), what);
        }
      } finally { await pool.close(); }
    }
    assert.ok(table.size > 2 * 997, 'several chunks');
  });
  test('explanations: the top contributions with the bias add up to the logit', () => {
    const res = scoreAml(model, table, until, { keepFeatures: true });
    for (let r = 0; r < Math.min(50, res.rows.length); r++) {
      const e = explain(model, res.X, r, model.features.length);
      const sum = e.bias + e.top.reduce((s, x) => s + x.contribution, 0);
      assert.ok(Math.abs(sum - e.logit) < 1e-9);
      assert.ok(Math.abs(1 / (1 + Math.exp(-e.logit)) - res.score[r]) < 1e-9);
    }
  });
});
