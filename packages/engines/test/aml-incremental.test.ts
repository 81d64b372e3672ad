/**
 * AML engine, incremental scoring: scoring day N+1 from the state kept after day N (snapshot → bytes → restore, with
 * the account list interned first) gives exactly the scores, flags, typologies and features of scoring both days
 * from scratch; a snapshot refuses another feature set.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  computeFeatures, DAY, FEATURE_COUNT, FEATURE_NAMES, restoreScoringState, scoreAml, snapshotScoringState, timeOrder, trainAml, TxTableBuilder,
  unpackState, packState, type TxRow,
} from '../src/aml/index';
import { amlWorld } from '../../demo/src/aml/index';

const start = Date.UTC(2024, 0, 1) / 1000;
const w = amlWorld({ accounts: 300, days: 100, patterns: 40, seed: 11 });
const rows: TxRow[] = w.map((x) => ({
  id: x.tran_id, orig: x.orig_acct, bene: x.bene_acct, amount: x.amount, time: Date.parse(x.timestamp) / 1000, type: x.tx_type, place: x.country,
  currency: x.currency, label: x.is_laundering,
}));
const build = (rs: TxRow[], accounts?: readonly string[]) => { const b = new TxTableBuilder({ accounts }); for (const r of rs) b.add(r); return b.finish(); };
const model = trainAml(build(rows.filter((r) => r.time < start + 70 * DAY)), { until: start + 70 * DAY, seed: 2, gbdt: { trees: 40 } });

test('day N+1 scored from the state kept after day N equals both days scored from scratch', () => {
  const dayN = start + 80 * DAY, dayN1 = start + 81 * DAY, end = start + 82 * DAY;
  const scratch = scoreAml(model, build(rows.filter((r) => r.time < end)), dayN, { keepFeatures: true });
  // day N: everything before day N+1, scored from day N; the state is kept as bytes
  const first = build(rows.filter((r) => r.time < dayN1));
  const a = scoreAml(model, first, dayN, { keepFeatures: true });
  const bytes = snapshotScoringState(a.state, first.accounts);
  // day N+1: only its own rows, accounts interned in the saved order first
  const { state, accounts } = restoreScoringState(model, bytes);
  const second = build(rows.filter((r) => r.time >= dayN1 && r.time < end), accounts);
  assert.ok(second.size > 0 && second.size < 200, `${second.size} rows on day N+1`);
  const b = scoreAml(model, second, dayN1, { keepFeatures: true, state });
  const ids = (t: typeof first, r: Uint32Array) => Array.from(r, (i) => t.ids[i]);
  const scratchIds = ids(build(rows.filter((r) => r.time < end)), scratch.rows);
  assert.deepEqual([...ids(first, a.rows), ...ids(second, b.rows)], scratchIds);
  assert.deepEqual([...a.score, ...b.score], Array.from(scratch.score));
  assert.deepEqual([...a.flag, ...b.flag], Array.from(scratch.flag));
  assert.deepEqual([...a.typology, ...b.typology], Array.from(scratch.typology));
  assert.deepEqual([...a.X, ...b.X], Array.from(scratch.X));
  assert.ok(scratch.flag.some((f) => f === 1) || scratch.score.some((s) => s > 0.01), 'the window holds some risk to compare');
});

test('without the saved state, day N+1 alone scores differently (the state carries history)', () => {
  const dayN1 = start + 81 * DAY, end = start + 82 * DAY;
  const scratch = scoreAml(model, build(rows.filter((r) => r.time < end)), dayN1);
  const alone = scoreAml(model, build(rows.filter((r) => r.time >= dayN1 && r.time < end)), dayN1);
  assert.notDeepEqual(Array.from(alone.score), Array.from(scratch.score));
});

test('snapshots: bytes round-trip; another feature set or other bytes are refused', () => {
  const p = { meta: { kind: 'x', n: 1 }, arrays: { a: Float64Array.of(1.5, NaN, -Infinity), b: Int32Array.of(-1, 7), c: Uint8Array.of(3, 4, 5) } };
  const q = unpackState(packState(p));
  assert.deepEqual(q.meta, p.meta);
  assert.deepEqual(Array.from(q.arrays.a!), [1.5, NaN, -Infinity]);
  assert.deepEqual(Array.from(q.arrays.b!), [-1, 7]);
  assert.deepEqual(Array.from(q.arrays.c!), [3, 4, 5]);
  assert.throws(() => unpackState(new Uint8Array(16)), /not a Puente AML/);
  const t = build(rows.slice(0, 50));
  const bytes = snapshotScoringState(scoreAml(model, t, start).state, t.accounts);
  const other = { ...model, features: model.features.slice(0, -1) };
  assert.throws(() => scoreAml(other as typeof model, t, start));
  const u = unpackState(bytes);
  (u.meta.features as { features: number }).features -= 1;
  assert.throws(() => restoreScoringState(model, packState(u)), /different feature set/);
});

test('pair counts stay right when the account count passes the in-memory key stride (re-keyed maps)', () => {
  // 3,000 accounts, pairs repeating: pair_prev_count must be log1p(earlier rows of the same pair) on every row
  const rs: TxRow[] = [];
  for (let i = 0; i < 9_000; i++) rs.push({ id: String(i + 1), orig: `a${(i * 7) % 3000}`, bene: `a${(i * 13 + 1) % 2999}`, amount: 100, time: start + i * 60 });
  const t = build(rs);
  const X = computeFeatures(t, timeOrder(t));
  const seen = new Map<string, number>();
  const f = FEATURE_NAMES.indexOf('pair_prev_count'), rf = FEATURE_NAMES.indexOf('reverse_prev_count');
  rs.forEach((r, i) => {
    const k = `${r.orig}>${r.bene}`, rk = `${r.bene}>${r.orig}`;
    assert.ok(Math.abs(X[i * FEATURE_COUNT + f]! - Math.log1p(seen.get(k) ?? 0)) < 1e-6, `row ${i}`);
    assert.ok(Math.abs(X[i * FEATURE_COUNT + rf]! - Math.log1p(seen.get(rk) ?? 0)) < 1e-6, `row ${i} reverse`);
    seen.set(k, (seen.get(k) ?? 0) + 1);
  });
});
