/**
 * B5 · Early warning (../shared/design/BENCHMARKS.md): aberration detection against R surveillance 1.20.3.
 *   1. Agreement with R on every reference file of ../shared/data/surveillance (share of identical alarms incl.
 *      NA positions, max abs / rel upper-bound error), the R calls as in src/earlywarning/conformance.ts.
 *   2. Speed: 2,500 synthetic monthly series × 120 months (seeded negative-binomial counts with seasonality, the
 *      size of Mexico's municipalities × 10 years): EARS C1, C2, C3 (bar ≤ 1 s) and monthly Farrington b = 4,
 *      w = 2, original and improved (bar ≤ 30 s; R ≈ 8.6 ms per point), on all cores (worker threads).
 *   3. Detection on sim/ (90 series, outbreaks known): false-alarm rate, outbreaks detected, median delay —
 *      beside R's figures from sim_metrics.csv where R computed them.
 * Options: --data DIR (default $PUENTE_DATA or ../shared/data), --series N (default 2500), --months M (120),
 *   --workers W (default all cores), --runs R (timed runs, default 3; the median is reported).
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { BenchResult } from '../main';
import {
  REFERENCE_CASES, compareWithReference, earsC, essenceSwitch, farringtonFlexible, outbreakMetrics, wideSeries, cusum,
  FARRINGTON_NOUFAILY, FARRINGTON_ORIGINAL, type Detection,
} from '../../../engines/src/earlywarning/index';
import { MONTHLY_NB, MONTHLY_ORIGINAL } from '../../../engines/src/earlywarning/conformance';
import { detectMany, type DetectorSpec } from '../../../engines/src/earlywarning/batch';
import { mulberry32 } from '../../../engines/src/random';

const root = new URL('../../../../', import.meta.url).pathname;
const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;
const arg = (args: string[], name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };

/** Seeded synthetic monthly counts: NB(μ, φ = 1.5) with annual seasonality, means from 0.5 to 60. */
function syntheticSeries(nSeries: number, months: number, seed = 7): Float64Array[] {
  const rand = mulberry32(seed);
  const gamma = (shape: number): number => { // Marsaglia–Tsang
    if (shape < 1) return gamma(shape + 1) * rand() ** (1 / shape);
    const d = shape - 1 / 3; const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number; let v: number;
      do { const u1 = rand() || 1e-12; const u2 = rand(); x = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2); v = 1 + c * x; } while (v <= 0);
      v = v * v * v; const u = rand();
      if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  };
  const poisson = (l: number) => { if (l > 30) return Math.max(0, Math.round(l + Math.sqrt(l) * Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand()))); let k = 0; let p = Math.exp(-l); let c = p; const u = rand(); while (u > c && k < 1000) { k++; p *= l / k; c += p; } return k; };
  const out: Float64Array[] = [];
  for (let i = 0; i < nSeries; i++) {
    const base = 0.5 * 120 ** (i / nSeries);
    const y = new Float64Array(months);
    for (let t = 0; t < months; t++) {
      const mu = base * Math.exp(0.3 * Math.sin((2 * Math.PI * t) / 12));
      y[t] = poisson(gamma(mu / 0.5) * 0.5); // NB with variance μ(1 + 0.5) → φ = 1.5
    }
    out.push(y);
  }
  return out;
}

export async function earlyWarningBench(args: string[]): Promise<BenchResult> {
  const dataDir = arg(args, '--data') ?? process.env.PUENTE_DATA ?? join(root, '../shared/data');
  const dir = join(dataDir, 'surveillance');
  const nSeries = Number(arg(args, '--series') ?? 2500);
  const months = Number(arg(args, '--months') ?? 120);
  const workers = Number(arg(args, '--workers') ?? availableParallelism());
  const runs = Number(arg(args, '--runs') ?? 3);
  const metrics: BenchResult['metrics'] = [];
  const notes: string[] = [];

  // 1. Agreement with R
  if (existsSync(dir)) {
    const csv = (f: string) => parse(readFileSync(join(dir, f)), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    const inputs = new Map<string, Map<string, Float64Array>>();
    let rows = 0; let identical = 0; let naDiffs = 0; let maxAbsEars = 0; let maxRelFarr = 0;
    for (const c of REFERENCE_CASES) {
      if (!inputs.has(c.input)) inputs.set(c.input, wideSeries(csv(c.input)));
      const series = inputs.get(c.input)!;
      const a = compareWithReference(csv(c.file), (u) => c.run(series.get(u)!));
      rows += a.rows; identical += a.identicalAlarms; naDiffs += a.naDiffs.length;
      if (c.bound.abs !== undefined) maxAbsEars = Math.max(maxAbsEars, a.maxAbs);
      else maxRelFarr = Math.max(maxRelFarr, a.maxRel);
      metrics.push({ metric: `R agreement ${c.file}: identical alarms`, value: `${a.identicalAlarms}/${a.rows}`, unit: '', bar: '100 %', pass: a.identicalAlarms === a.rows && !a.naDiffs.length });
      metrics.push({ metric: `R agreement ${c.file}: max ${c.bound.abs !== undefined ? 'abs' : 'rel'} bound error`, value: (c.bound.abs !== undefined ? a.maxAbs : a.maxRel).toExponential(2), unit: '', bar: c.bound.abs !== undefined ? '≤ 1e-9' : '≤ 1e-6 rel', pass: c.bound.abs !== undefined ? a.maxAbs <= 1e-9 : a.maxRel <= 1e-6 });
    }
    metrics.push({ metric: `R agreement, all ${REFERENCE_CASES.length} reference files: identical alarms (incl. NA positions)`, value: round((100 * identical) / rows, 3), unit: `% of ${rows} points`, bar: '100 %', anchor: 'R surveillance 1.20.3', pass: identical === rows && naDiffs === 0 });
    metrics.push({ metric: 'R agreement: max abs upper-bound error (EARS, CUSUM)', value: maxAbsEars.toExponential(2), unit: '', bar: '≤ 1e-9', pass: maxAbsEars <= 1e-9 });
    metrics.push({ metric: 'R agreement: max rel upper-bound error (Farrington)', value: maxRelFarr.toExponential(2), unit: '', bar: '≤ 1e-6', pass: maxRelFarr <= 1e-6 });

    // 3. sim/: detection delay and false alarms
    const counts = wideSeries(csv('sim/sim_counts.csv'));
    const names = [...counts.keys()];
    const cases = wideSeries(csv('sim/sim_outbreak_cases.csv'));
    const outbreaks = csv('sim/sim_outbreaks.csv').filter((o) => o.in_eval === 'TRUE' && Number(o.size) > 0)
      .map((o) => ({ series: names.indexOf(o.series), start: Number(o.start) }));
    const rMetrics = new Map(csv('sim/sim_metrics.csv').map((m) => [m.method, m]));
    const range = { from: 260, to: 363 };
    const methods: Array<[string, string | null, (y: Float64Array) => Detection]> = [
      ['ears-c1', 'earsC_C1', (y) => earsC(y, { method: 'C1', range })],
      ['ears-c2', 'earsC_C2', (y) => earsC(y, { method: 'C2', range })],
      ['ears-c3 (R-compatible)', 'earsC_C3', (y) => earsC(y, { method: 'C3', range })],
      ['ears-c3 (documented)', null, (y) => earsC(y, { method: 'C3', c3Mode: 'documented', range })],
      ['farrington-noufaily', 'farringtonFlexible_noufaily', (y) => farringtonFlexible(y, { freq: 52, ...FARRINGTON_NOUFAILY, range })],
      ['farrington (original)', null, (y) => farringtonFlexible(y, { freq: 52, ...FARRINGTON_ORIGINAL, range })],
      ['cusum (m from weeks 1–260)', null, (y) => cusum(y, { range })],
      ['essence (switch, weekly, no day-of-week)', null, (y) => essenceSwitch(y)],
    ];
    for (const [name, rName, run] of methods) {
      const dets = names.map((n) => run(counts.get(n)!));
      const m = outbreakMetrics(dets, names.map((n) => cases.get(n)!), outbreaks, range);
      const r = rName ? rMetrics.get(rName) : undefined;
      metrics.push({ metric: `sim/ ${name}: false-alarm rate`, value: round(m.falseAlarmRate), unit: '', anchor: r ? `R ${round(Number(r.false_alarm_rate))}` : undefined });
      metrics.push({ metric: `sim/ ${name}: outbreaks detected`, value: `${m.detected}/${m.outbreaks}`, unit: '', anchor: r ? `R ${r.detected}/${r.outbreaks}` : undefined });
      metrics.push({ metric: `sim/ ${name}: median / mean detection delay`, value: `${m.medianDelay} / ${round(m.meanDelay, 2)}`, unit: 'weeks', anchor: r ? `R ${r.median_delay_weeks} / ${round(Number(r.mean_delay_weeks), 2)}` : undefined });
    }
  } else {
    notes.push(`reference data not found at ${dir}: agreement and sim/ figures skipped`);
  }

  // 2. Speed
  const series = syntheticSeries(nSeries, months);
  const points = (from: number) => nSeries * Math.max(0, months - from);
  /** Median wall time, and the process CPU time of that run (all threads): the machine may be shared. */
  const time = async (spec: DetectorSpec, w: number) => {
    const ts: Array<[number, number]> = [];
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      await detectMany(series, spec, { workers: w });
      const c = process.cpuUsage(c0);
      ts.push([performance.now() - t0, (c.user + c.system) / 1000]);
    }
    ts.sort((a, b) => a[0] - b[0]);
    return ts[Math.floor(ts.length / 2)];
  };
  for (const m of ['C1', 'C2', 'C3'] as const) {
    const [ms] = await time({ method: 'ears', options: { method: m } }, 1);
    metrics.push({ metric: `EARS ${m}: ${nSeries} series × ${months} months (one thread)`, value: round(ms / 1000, 3), unit: 's', bar: '≤ 1 s', anchor: 'R 12 s (C1)', pass: ms <= 1000 });
  }
  for (const [name, spec] of [['original (delta)', MONTHLY_ORIGINAL], ['improved (nbPlugin)', MONTHLY_NB]] as const) {
    const [ms, cpu] = await time({ method: 'farrington', options: spec }, workers);
    const pts = points(12 * 4 + 2);
    metrics.push({ metric: `Farrington b4w2 ${name}: CPU time of that run, all threads (÷ ${workers} = wall time on an idle machine)`, value: round(cpu / 1000, 2), unit: 'CPU s' });
    metrics.push({ metric: `Farrington b4w2 ${name}: ${nSeries} series × ${months} months, ${pts} points (${workers} workers)`, value: round(ms / 1000, 2), unit: 's', bar: '≤ 30 s', anchor: `R ≈ ${round((pts * 8.6) / 60000, 1)} min at 8.6 ms/point`, pass: ms <= 30000 });
    metrics.push({ metric: `Farrington b4w2 ${name}: time per point`, value: round((ms * 1000) / pts, 1), unit: 'µs', anchor: 'R 8.6 ms' });
  }
  notes.push(`Load average during the run: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores (wall times suffer when the machine is shared).`);
  notes.push('Speed series are synthetic (seeded NB, φ = 1.5, monthly seasonality, means 0.5–60); EARS runs on one thread, Farrington on worker threads.');
  return { name: 'early-warning', metrics, notes };
}
