/**
 * One entry point for every method on one series, with the defaults `puente ew detect` documents and
 * Protect's alert rules use: EARS C1–C3, CUSUM, Farrington (original and Noufaily), ESSENCE.
 */
import type { Detection } from './types';
import { earsC, type C3Mode } from './ears';
import { cusum } from './cusum';
import { farringtonFlexible, FARRINGTON_NOUFAILY, FARRINGTON_ORIGINAL, type FarringtonOptions } from './farrington';
import { essenceSwitch } from './essence';

export const EW_METHODS = ['ears-c1', 'ears-c2', 'ears-c3', 'cusum', 'farrington', 'farrington-noufaily', 'essence'] as const;
export type EwMethod = (typeof EW_METHODS)[number];

export type PeriodKind = 'index' | 'month' | 'date';
export interface InputSeries {
  id: string;
  /** Periods as written, sorted. */
  periods: string[];
  counts: Float64Array;
  /** Sort keys: the index, months since year 0, or days since 1970-01-01. */
  keys: number[];
}
const DAY = 86_400_000;

/** A method could not run on a series (Farrington's GLM on a degenerate series, say). */
export class MethodError extends Error {
  constructor(readonly series: string, readonly detail: string) { super(`${series}: ${detail}`); }
}

export interface DetectOptions {
  method: EwMethod;
  c3?: C3Mode;
  alpha?: number;
  baseline?: number;
  minSigma?: number;
  freq?: number;
  b?: number;
  w?: number;
  limit54?: boolean;
  k?: number;
  h?: number;
  referencePeriods?: number;
  guard?: number;
}

/** Days between consecutive periods of a dated series: 1 daily, 7 weekly, −1 monthly (same day each month). */
function dateStep(s: InputSeries): number {
  if (s.keys.length < 2) return 7;
  const d = s.keys[1] - s.keys[0];
  return d === 1 || d === 7 ? d : -1;
}

/** Runs one method on one series with the documented defaults (`puente ew detect`, Protect's alert rules). */
export function detectSeries(s: InputSeries, kind: PeriodKind, o: DetectOptions): Detection {
  const y = s.counts;
  switch (o.method) {
    case 'ears-c1':
    case 'ears-c2':
    case 'ears-c3': {
      const method = o.method === 'ears-c1' ? 'C1' : o.method === 'ears-c2' ? 'C2' : 'C3';
      return earsC(y, { method, baseline: o.baseline, minSigma: o.minSigma, alpha: o.alpha, c3Mode: o.c3 });
    }
    case 'cusum': {
      const ref = o.referencePeriods ?? Math.floor(y.length / 2);
      if (y.length < 2 || ref < 1) return { ...cusumEmpty(y.length) };
      return cusum(y, { range: { from: Math.min(ref, y.length) }, k: o.k, h: o.h });
    }
    case 'farrington':
    case 'farrington-noufaily': {
      const step = kind === 'date' ? dateStep(s) : kind === 'month' ? -1 : 7;
      const freq = o.freq ?? (step === -1 ? 12 : step === 1 ? 365 : 52);
      const monthly = freq === 12;
      const recipe = o.method === 'farrington' ? FARRINGTON_ORIGINAL : FARRINGTON_NOUFAILY;
      const opts: FarringtonOptions = { freq, ...recipe };
      if (monthly) Object.assign(opts, { w: 2, pastWeeksNotIncluded: 2, noPeriods: 1 });
      if (o.b !== undefined) opts.b = o.b;
      if (o.w !== undefined) { opts.w = o.w; if (o.method === 'farrington') opts.pastWeeksNotIncluded = o.w; }
      if (o.alpha !== undefined) opts.alpha = o.alpha;
      if (o.limit54 === false) opts.limit54 = [0, 4];
      // Weekly and daily ISO dates are dated series (R epochAsDate = TRUE); months and indices are not.
      if (kind === 'date' && step !== -1) opts.dates = s.keys;
      let minFrom = freq * (opts.b ?? 5) + (opts.w ?? 3);
      if (opts.dates) {
        // Dated series: b calendar years back (moved to the same weekday) and w periods more must lie in the
        // series; R stops otherwise ("Some reference time points did not exist"), we start later instead.
        const b = opts.b ?? 5;
        const reach = (w: number) => (w === 7 ? 7 * ((opts.w ?? 3) + 1) : (opts.w ?? 3) + 1);
        const first = s.keys[0];
        while (minFrom < y.length) {
          const at = new Date(s.keys[minFrom] * DAY);
          const back = Date.UTC(at.getUTCFullYear() - b, at.getUTCMonth(), at.getUTCDate()) / DAY - reach(step);
          if (back >= first) break;
          minFrom++;
        }
      }
      if (y.length <= minFrom) return farringtonFlexible(y, { ...opts, range: { from: y.length, to: y.length - 1 } });
      opts.range = { from: minFrom };
      try {
        return farringtonFlexible(y, opts);
      } catch (err) {
        throw new MethodError(s.id, (err as Error).message);
      }
    }
    case 'essence': {
      const daily = kind === 'date' && dateStep(s) === 1;
      const dayOfWeek = daily ? s.keys.map((k) => ((new Date(k * DAY).getUTCDay() + 6) % 7) + 1) : undefined;
      return essenceSwitch(y, { B: o.baseline, g: o.guard, dayOfWeek });
    }
  }
}

function cusumEmpty(n: number): Detection {
  return { method: 'cusum-standard', from: n, to: n - 1, expected: new Float64Array(n).fill(NaN), upperBound: new Float64Array(n).fill(NaN), alarm: new Int8Array(n).fill(-1) };
}

