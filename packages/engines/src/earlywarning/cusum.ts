/**
 * Approximate Poisson CUSUM of Rossi, Lampugnani & Marchi (1999, Stat Med 18:2111) with the conventions of
 * R `surveillance::cusum` / `algo.cusum` 1.20.3:
 *   m = mean(Y[1 .. range₁ − 1]) (the points before the evaluation range) unless given;
 *   z_t = standardised count (trans 'standard': (x − m)/√m; also 'rossi', 'anscombe', 'anscombe2nd',
 *         'pearsonNegBin' (with alpha), 'none');
 *   S_t = max(0, S_{t−1} + z_t − k), S₀ = 0; alarm when S_t ≥ h; no reset after an alarm;
 *   upper bound ('standard') = ⌈√m·(h + k − S_{t−1}) + m⌉ — the count that would make S_t reach h;
 *   bounds that are NA or negative are reported as 0 (as R does).
 * Defaults k = 1.04, h = 2.26 (the package's; Rossi et al.'s values for a shift of 1.5 sd).
 */
import { ALARM, type Detection, type Series, emptyDetection } from './types';

export type CusumTransform = 'standard' | 'rossi' | 'anscombe' | 'anscombe2nd' | 'pearsonNegBin' | 'none';

export interface CusumOptions {
  /** Evaluation range (0-based inclusive). Default: the second half of the series, as in the reference run. */
  range?: { from?: number; to?: number };
  k?: number;
  h?: number;
  /** Reference mean; default the mean of the points before the range. */
  m?: number;
  trans?: CusumTransform;
  /** Negative-binomial dispersion for 'pearsonNegBin' (R default 0.1). */
  alpha?: number;
}

export function cusum(y: Series, opts: CusumOptions = {}): Detection {
  const n = y.length;
  const k = opts.k ?? 1.04;
  const h = opts.h ?? 2.26;
  const trans = opts.trans ?? 'standard';
  const alpha = opts.alpha ?? 0.1;
  const from = opts.range?.from ?? Math.floor(n / 2);
  const to = Math.min(opts.range?.to ?? n - 1, n - 1);
  if (!Number.isInteger(from) || from < 1) throw new RangeError('CUSUM needs at least one point before the range');
  const det = emptyDetection(`cusum-${trans}`, n, from, to);
  if (from > to) return det;
  let m = opts.m;
  if (m === undefined) {
    let s = 0;
    for (let i = 0; i < from; i++) s += y[i];
    m = s / from;
  }
  const stat = new Float64Array(n).fill(NaN);
  det.statistic = stat;
  let prev = 0; // S_{t−1}
  for (let t = from; t <= to; t++) {
    const x = y[t];
    let z: number;
    switch (trans) {
      case 'rossi': z = (x - 3 * m + 2 * Math.sqrt(x * m)) / (2 * Math.sqrt(m)); break;
      case 'standard': z = (x - m) / Math.sqrt(m); break;
      case 'anscombe': z = (1.5 * (x ** (2 / 3) - m ** (2 / 3))) / m ** (1 / 6); break;
      case 'anscombe2nd': z = (x ** (2 / 3) - (m ** (2 / 3) - m ** (-1 / 3) / 9)) / ((2 / 3) * m ** (1 / 6)); break;
      case 'pearsonNegBin': z = (x - m) / Math.sqrt(m + alpha * m * m); break;
      case 'none': z = x; break;
    }
    // R: cusum[t+1] <- max(0, cusum[t] + (z − k)); max() propagates NA.
    const s = Number.isNaN(prev + z) ? NaN : Math.max(0, prev + (z - k));
    let ub: number;
    switch (trans) {
      case 'rossi':
        ub = 2 * h * Math.sqrt(m) + 2 * k * Math.sqrt(m) - 2 * prev * Math.sqrt(m) + 5 * m -
          2 * Math.sqrt(4 * m * m + 2 * m ** 1.5 * h + 2 * m ** 1.5 * k - 2 * m ** 1.5 * prev);
        break;
      case 'standard': ub = Math.ceil(Math.sqrt(m) * (h + k - prev) + m); break;
      case 'anscombe': {
        const v = (2 / 3) * m ** (1 / 6) * (h + k - prev) + m ** (2 / 3);
        ub = v < 0 ? 0 : v ** 1.5;
        break;
      }
      case 'anscombe2nd': {
        const v = (2 / 3) * m ** (1 / 6) * (h + k - prev) + (m ** (2 / 3) - m ** (1 / 3) / 9);
        ub = v < 0 ? 0 : v ** 1.5;
        break;
      }
      case 'pearsonNegBin': ub = Math.sqrt(m + alpha * m * m) * (h + k - prev) + m; break;
      case 'none': ub = h - s; break;
    }
    if (Number.isNaN(ub) || ub < 0) ub = 0;
    det.expected[t] = m;
    det.upperBound[t] = ub;
    stat[t] = s;
    det.alarm[t] = Number.isNaN(s) ? ALARM.na : s >= h ? ALARM.yes : ALARM.no;
    prev = s;
  }
  return det;
}
