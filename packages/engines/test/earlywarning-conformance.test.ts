/**
 * Conformance of the aberration detectors with R `surveillance` 1.20.3 on EVERY reference file in
 * ../shared/data/surveillance (see its PROVENANCE.md and generate*.R / sim/simulate.R for the exact calls, and
 * src/earlywarning/conformance.ts for the same calls in our API): same alarms point by point (NA positions
 * included), upper bounds within 1e-9 absolute (EARS, CUSUM) and 1e-6 relative (Farrington).
 * The data are read in place; without the folder the tests skip with a message.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { REFERENCE_CASES, compareWithReference, earsC, outbreakMetrics, wideSeries, type Detection } from '../src/earlywarning/index';

const dataDir = process.env.PUENTE_DATA ?? new URL('../../../../shared/data/', import.meta.url).pathname;
const dir = join(dataDir, 'surveillance');
const skip = existsSync(dir) ? false : `reference data not found at ${dir} (set PUENTE_DATA): conformance skipped`;
const csv = (file: string) => parse(readFileSync(join(dir, file)), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
const inputs = new Map<string, Map<string, Float64Array>>();
const input = (file: string) => {
  if (!inputs.has(file)) inputs.set(file, wideSeries(csv(file)));
  return inputs.get(file)!;
};

test('every R output file in surveillance/ has a conformance case', { skip }, () => {
  const outputs = [
    ...readdirSync(dir).filter((f) => f.endsWith('.csv') && !f.endsWith('_input.csv')),
    ...readdirSync(join(dir, 'sim')).filter((f) => /^sim_(earsC|farrington|cusum)/.test(f)).map((f) => `sim/${f}`),
  ].sort();
  assert.deepEqual(outputs, REFERENCE_CASES.map((c) => c.file).sort());
});

for (const c of REFERENCE_CASES) {
  test(`conformance with R surveillance: ${c.file}`, { skip }, () => {
    const series = input(c.input);
    const a = compareWithReference(csv(c.file), (unit) => {
      const y = series.get(unit);
      assert.ok(y, `unit ${unit} in ${c.input}`);
      return c.run(y);
    });
    assert.ok(a.rows > 0);
    assert.deepEqual(a.alarmDiffs.slice(0, 5), [], `${a.alarmDiffs.length} alarms differ`);
    assert.deepEqual(a.naDiffs.slice(0, 5), [], `${a.naDiffs.length} NA positions differ`);
    assert.equal(a.identicalAlarms, a.rows);
    if (c.bound.abs !== undefined) assert.ok(a.maxAbs <= c.bound.abs, `max abs bound error ${a.maxAbs}`);
    if (c.bound.rel !== undefined) assert.ok(a.maxRel <= c.bound.rel, `max rel bound error ${a.maxRel}`);
    if (c.alarms !== undefined) assert.equal(a.refAlarms, c.alarms);
  });
}

test('documented C3 differs from the R-compatible default as the digest says (36 vs 60 on salmonella.agona)', { skip }, () => {
  const y = input('salmonella.agona_input.csv').get('agona')!;
  const count = (d: Detection) => Array.from(d.alarm).filter((a) => a === 1).length;
  assert.equal(count(earsC(y, { method: 'C3' })), 36);
  assert.equal(count(earsC(y, { method: 'C3', c3Mode: 'documented' })), 60);
});

test('the sim/ detection metrics of R (sim_metrics.csv) are reproduced from our alarms for EARS', { skip }, () => {
  const counts = input('sim/sim_counts.csv');
  const cases = wideSeries(csv('sim/sim_outbreak_cases.csv'));
  const names = [...counts.keys()];
  const outbreaks = csv('sim/sim_outbreaks.csv')
    .filter((o) => o.in_eval === 'TRUE' && Number(o.size) > 0)
    .map((o) => ({ series: names.indexOf(o.series), start: Number(o.start) }));
  const metrics = new Map(csv('sim/sim_metrics.csv').map((m) => [m.method, m]));
  for (const m of ['C1', 'C2', 'C3'] as const) {
    const dets = names.map((n) => earsC(counts.get(n)!, { method: m, range: { from: 260, to: 363 } }));
    const got = outbreakMetrics(dets, names.map((n) => cases.get(n)!), outbreaks, { from: 260, to: 363 });
    const r = metrics.get(`earsC_${m}`)!;
    assert.ok(Math.abs(got.falseAlarmRate - Number(r.false_alarm_rate)) < 1e-12, `${m} false-alarm rate`);
    assert.equal(got.outbreaks, Number(r.outbreaks));
    assert.equal(got.detected, Number(r.detected));
    assert.equal(got.medianDelay, Number(r.median_delay_weeks));
  }
});
