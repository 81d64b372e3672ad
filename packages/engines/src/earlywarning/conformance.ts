/**
 * How each R reference output in ../shared/data/surveillance was produced (generate.R, generate_monthly.R,
 * sim/simulate.R), expressed in our API, and the point-by-point comparison used by the conformance tests and by
 * benchmark B5. Pure: the caller reads the files and passes parsed rows.
 */
import { cusum } from './cusum';
import { earsC } from './ears';
import { farringtonFlexible, FARRINGTON_NOUFAILY, FARRINGTON_ORIGINAL, type FarringtonOptions } from './farrington';
import type { Detection } from './types';

export interface ReferenceCase {
  /** Path relative to the surveillance folder. */
  file: string;
  /** Wide input file (t, label, one column per unit). */
  input: string;
  run: (y: Float64Array) => Detection;
  /** Bar: absolute (EARS, CUSUM) or relative (Farrington) bound error. */
  bound: { abs?: number; rel?: number };
  /** Alarm count stated in the domain digest, where it states one. */
  alarms?: number;
}

const SIM_RANGE = { from: 260, to: 363 }; // evalRange 261:364 of sim/simulate.R
const MONTHLY_ORIGINAL: FarringtonOptions = { freq: 12, b: 4, w: 2, noPeriods: 1, weightsThreshold: 1, pastWeeksNotIncluded: 2, pThresholdTrend: 0.05, thresholdMethod: 'delta', alpha: 0.05 };
const MONTHLY_NB: FarringtonOptions = { freq: 12, b: 4, w: 2, noPeriods: 1, weightsThreshold: 2.58, pastWeeksNotIncluded: 2, pThresholdTrend: 1, thresholdMethod: 'nbPlugin', alpha: 0.05 };
const AGONA = 'salmonella.agona_input.csv';
const GTO = 'gto_homicidio_doloso_mensual_input.csv';
const SIM = 'sim/sim_counts.csv';

export const REFERENCE_CASES: ReferenceCase[] = [
  { file: 'salmonella.agona_earsC_C1.csv', input: AGONA, run: (y) => earsC(y, { method: 'C1' }), bound: { abs: 1e-9 }, alarms: 16 },
  { file: 'salmonella.agona_earsC_C2.csv', input: AGONA, run: (y) => earsC(y, { method: 'C2' }), bound: { abs: 1e-9 }, alarms: 20 },
  { file: 'salmonella.agona_earsC_C3.csv', input: AGONA, run: (y) => earsC(y, { method: 'C3' }), bound: { abs: 1e-9 }, alarms: 36 },
  { file: 'salmonella.agona_cusum_standard.csv', input: AGONA, run: (y) => cusum(y, { range: { from: Math.floor(y.length / 2) } }), bound: { abs: 1e-9 }, alarms: 7 },
  { file: 'salmonella.agona_farringtonFlexible_original.csv', input: AGONA, run: (y) => farringtonFlexible(y, { freq: 52, ...FARRINGTON_ORIGINAL }), bound: { rel: 1e-6 }, alarms: 20 },
  { file: 'salmonella.agona_farringtonFlexible_noufaily.csv', input: AGONA, run: (y) => farringtonFlexible(y, { freq: 52, ...FARRINGTON_NOUFAILY }), bound: { rel: 1e-6 }, alarms: 13 },
  { file: 'salmonella.agona_farringtonFlexible_noufaily_nolimit54.csv', input: AGONA, run: (y) => farringtonFlexible(y, { freq: 52, ...FARRINGTON_NOUFAILY, limit54: [0, 4] }), bound: { rel: 1e-6 } },
  { file: 'gto_homicidio_doloso_mensual_earsC_C1.csv', input: GTO, run: (y) => earsC(y, { method: 'C1' }), bound: { abs: 1e-9 } },
  { file: 'gto_homicidio_doloso_mensual_earsC_C2.csv', input: GTO, run: (y) => earsC(y, { method: 'C2' }), bound: { abs: 1e-9 } },
  { file: 'gto_homicidio_doloso_mensual_earsC_C3.csv', input: GTO, run: (y) => earsC(y, { method: 'C3' }), bound: { abs: 1e-9 } },
  { file: 'gto_homicidio_doloso_mensual_farringtonFlexible_original_b4w2.csv', input: GTO, run: (y) => farringtonFlexible(y, MONTHLY_ORIGINAL), bound: { rel: 1e-6 } },
  { file: 'gto_homicidio_doloso_mensual_farringtonFlexible_nbPlugin_b4w2.csv', input: GTO, run: (y) => farringtonFlexible(y, MONTHLY_NB), bound: { rel: 1e-6 } },
  { file: 'sim/sim_earsC_C1.csv', input: SIM, run: (y) => earsC(y, { method: 'C1', range: SIM_RANGE }), bound: { abs: 1e-9 } },
  { file: 'sim/sim_earsC_C2.csv', input: SIM, run: (y) => earsC(y, { method: 'C2', range: SIM_RANGE }), bound: { abs: 1e-9 } },
  { file: 'sim/sim_earsC_C3.csv', input: SIM, run: (y) => earsC(y, { method: 'C3', range: SIM_RANGE }), bound: { abs: 1e-9 } },
  { file: 'sim/sim_farringtonFlexible_noufaily.csv', input: SIM, run: (y) => farringtonFlexible(y, { freq: 52, ...FARRINGTON_NOUFAILY, range: SIM_RANGE }), bound: { rel: 1e-6 } },
];

export { MONTHLY_ORIGINAL, MONTHLY_NB, SIM_RANGE };

export interface Agreement {
  rows: number;
  identicalAlarms: number;
  alarmDiffs: string[];
  naDiffs: string[];
  maxAbs: number;
  maxRel: number;
  refAlarms: number;
}

const num = (s: string) => (s === 'NA' ? NaN : Number(s));

/** Wide input rows → unit → counts (columns other than t / epoch / month). */
export function wideSeries(rows: Record<string, string>[]): Map<string, Float64Array> {
  const units = Object.keys(rows[0]).filter((c) => c !== 't' && c !== 'epoch' && c !== 'month');
  return new Map(units.map((u) => [u, Float64Array.from(rows.map((r) => num(r[u])))]));
}

/** Compares long reference rows (t, unit|series, observed, upperbound, alarm) with our detections. */
export function compareWithReference(ref: Record<string, string>[], detect: (unit: string) => Detection): Agreement {
  const cache = new Map<string, Detection>();
  const out: Agreement = { rows: 0, identicalAlarms: 0, alarmDiffs: [], naDiffs: [], maxAbs: 0, maxRel: 0, refAlarms: 0 };
  for (const r of ref) {
    const unit = r.unit ?? r.series;
    if (!cache.has(unit)) cache.set(unit, detect(unit));
    const det = cache.get(unit)!;
    const t = Number(r.t) - 1;
    const ub = num(r.upperbound);
    const alarm = r.alarm === 'NA' ? -1 : Number(r.alarm);
    out.rows++;
    if (alarm === 1) out.refAlarms++;
    if (t < det.from || t > det.to) { out.naDiffs.push(`${unit} t=${t + 1} not evaluated`); continue; }
    if (det.alarm[t] === alarm) out.identicalAlarms++;
    else out.alarmDiffs.push(`${unit} t=${t + 1}: R ${alarm}, ours ${det.alarm[t]}`);
    const mine = det.upperBound[t];
    if (Number.isNaN(ub) !== Number.isNaN(mine)) out.naDiffs.push(`${unit} t=${t + 1}: R ${r.upperbound}, ours ${mine}`);
    else if (!Number.isNaN(ub)) {
      const abs = Math.abs(mine - ub);
      out.maxAbs = Math.max(out.maxAbs, abs);
      out.maxRel = Math.max(out.maxRel, abs / Math.max(Math.abs(ub), 1e-300));
    }
  }
  return out;
}

/**
 * Detection performance on simulated series with known outbreaks, computed as sim/simulate.R does:
 * false-alarm rate = alarms in weeks without outbreak cases / such weeks (evaluation window); an outbreak
 * (size > 0, starting in the window) is detected when some week of the series with outbreak cases alarms;
 * delay = first such week − outbreak start.
 */
export function outbreakMetrics(
  dets: Detection[], outbreakCases: Float64Array[], outbreaks: Array<{ series: number; start: number }>, range: { from: number; to: number },
): { falseAlarmRate: number; outbreaks: number; detected: number; medianDelay: number; meanDelay: number } {
  let fa = 0;
  let quiet = 0;
  dets.forEach((d, j) => {
    for (let t = range.from; t <= range.to; t++) {
      if (outbreakCases[j][t] > 0) continue;
      quiet++;
      if (d.alarm[t] === 1) fa++;
    }
  });
  const delays: number[] = [];
  for (const o of outbreaks) {
    const d = dets[o.series];
    for (let t = range.from; t <= range.to; t++) {
      if (outbreakCases[o.series][t] > 0 && d.alarm[t] === 1) { delays.push(t + 1 - o.start); break; }
    }
  }
  const sorted = [...delays].sort((a, b) => a - b);
  const median = sorted.length ? (sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2) : NaN;
  return {
    falseAlarmRate: fa / quiet,
    outbreaks: outbreaks.length,
    detected: delays.length,
    medianDelay: median,
    meanDelay: delays.length ? delays.reduce((a, b) => a + b, 0) / delays.length : NaN,
  };
}
