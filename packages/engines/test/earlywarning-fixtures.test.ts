/**
 * Conformance with R surveillance 1.20.3 on references that are not in ../shared/data (fixtures/earlywarning,
 * produced by fixtures/earlywarning/generate.R): dated weekly Farrington, muan, b = 5, '1/2' power, EARS options,
 * CUSUM transformations. Same bars as the shared references.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { cusum, earsC, farringtonFlexible, FARRINGTON_NOUFAILY, FARRINGTON_ORIGINAL, type CusumTransform, type Detection, type EarsMethod } from '../src/earlywarning/index';

const dir = new URL('./fixtures/earlywarning/', import.meta.url).pathname;
const csv = (f: string) => parse(readFileSync(dir + f), { columns: true }) as Record<string, string>[];
const input = csv('dated_weekly_input.csv');
const series = new Map(['s002', 's006'].map((u) => [u, Float64Array.from(input.map((r) => Number(r[u])))]));
const dates = Int32Array.from(input.map((r) => Date.parse(`${r.date}T00:00:00Z`) / 86_400_000));
const RANGE = { from: 299, to: 363 };

function check(file: string, run: (y: Float64Array) => Detection, bound: { abs?: number; rel?: number }) {
  const dets = new Map<string, Detection>();
  let rows = 0;
  for (const r of csv(file)) {
    if (!dets.has(r.unit)) dets.set(r.unit, run(series.get(r.unit)!));
    const d = dets.get(r.unit)!;
    const t = Number(r.t) - 1;
    const ub = r.upperbound === 'NA' ? NaN : Number(r.upperbound);
    const alarm = r.alarm === 'NA' ? -1 : Number(r.alarm);
    assert.equal(d.alarm[t], alarm, `${file} ${r.unit} t=${r.t} alarm`);
    assert.equal(Number.isNaN(d.upperBound[t]), Number.isNaN(ub), `${file} ${r.unit} t=${r.t} NA`);
    if (!Number.isNaN(ub)) {
      const err = Math.abs(d.upperBound[t] - ub);
      if (bound.abs !== undefined) assert.ok(err <= bound.abs, `${file} t=${r.t}: ${d.upperBound[t]} vs ${ub}`);
      if (bound.rel !== undefined) assert.ok(err <= bound.rel * Math.abs(ub), `${file} t=${r.t}: ${d.upperBound[t]} vs ${ub}`);
    }
    if (r.expected !== undefined && r.expected !== 'NA') {
      assert.ok(Math.abs(d.expected[t] - Number(r.expected)) <= 1e-6 * Math.abs(Number(r.expected)), `${file} t=${r.t} expected`);
    }
    rows++;
  }
  assert.ok(rows > 50);
}

test('dated weekly series, improved Farrington (epochAsDate = TRUE, 53-week years)', () =>
  check('dated_weekly_noufaily.csv', (y) => farringtonFlexible(y, { freq: 52, ...FARRINGTON_NOUFAILY, dates, range: RANGE }), { rel: 1e-6 }));
test('dated weekly series, original Farrington', () =>
  check('dated_weekly_original.csv', (y) => farringtonFlexible(y, { freq: 52, ...FARRINGTON_ORIGINAL, dates, range: RANGE }), { rel: 1e-6 }));
test('package defaults (b = 5, w = 3) with the muan threshold', () =>
  check('weekly_default_muan.csv', (y) => farringtonFlexible(y, { freq: 52, b: 5, w: 3, thresholdMethod: 'muan', range: RANGE }), { rel: 1e-6 }));
test('b = 5, w = 2, square-root transformation, α = 0.01', () =>
  check('weekly_b5w2_sqrt.csv', (y) => farringtonFlexible(y, { freq: 52, b: 5, w: 2, powertrans: '1/2', alpha: 0.01, range: RANGE }), { rel: 1e-6 }));
for (const m of ['C1', 'C2', 'C3'] as EarsMethod[]) {
  test(`EARS ${m} with baseline 10, minSigma 1, α = 0.01`, () =>
    check(`ears_${m}_b10_ms1_a01.csv`, (y) => earsC(y, { method: m, baseline: 10, minSigma: 1, alpha: 0.01 }), { abs: 1e-9 }));
}
for (const tr of ['rossi', 'anscombe', 'anscombe2nd', 'pearsonNegBin'] as CusumTransform[]) {
  test(`CUSUM '${tr}' with k = 0.5, h = 4`, () =>
    check(`cusum_${tr}_k05_h4.csv`, (y) => cusum(y, { range: { from: 199 }, trans: tr, k: 0.5, h: 4 }), { abs: 1e-9 }));
}
