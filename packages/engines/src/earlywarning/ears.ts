/**
 * CDC EARS C1, C2 and C3 (Hutwagner, Thompson, Seeman & Treadwell 2003, J Urban Health 80 Suppl 1:i89;
 * Hutwagner et al. 2005, Stat Med 24:543), with the conventions of R `surveillance::earsC` 1.20.3:
 *
 *   C1: baseline Y(t−7..t−1); C2 and C3: baseline Y(t−9..t−3) (a two-point guard band).
 *   Ȳ = mean, S = standard deviation (n − 1 denominator) of the baseline; σ = max(S, minSigma).
 *   C1/C2 upper bound U(t) = Ȳ + z₁₋α·σ; alarm when Y(t) > U(t) (strict). α = 0.001 (z = 3.090) for C1/C2,
 *   0.025 (z = 1.960) for C3 — the package's defaults, "the choices made at the CDC".
 *   First point evaluated: baseline + 1 (C1), baseline + 3 (C2), baseline + 5 (C3).
 *
 * C3 comes in two modes:
 *   'r-compatible' (DEFAULT, reproduces surveillance 1.20.3 point by point): with C2(i) = (Y(i) − Ȳ₂(i))/σ₂(i),
 *     U₃(t) = max(0, Y(t) + σ₂(t)·(z − [max(0, C2(t−1) − 1) + max(0, C2(t−2) − 1)])) and alarm Y(t) > U₃(t).
 *     The bound is built around the current count, so the alarm ignores C2(t): it fires when the two lagged
 *     terms already exceed z (and Y(t) > 0). On salmonella.agona this gives 36 alarms.
 *   'documented': the published statistic C3(t) = Σ_{i=t−2..t} max(0, C2(i) − 1), alarm when C3(t) > z.
 *     Its bound is the smallest count that would alarm: Ȳ₂(t) + σ₂(t)·(1 + z − L(t)), L(t) the two lagged terms;
 *     when L(t) > z every count alarms and the bound is reported as 0. (60 alarms on salmonella.agona.)
 * Edge cases follow R's arithmetic: σ = 0 gives a C1/C2 bound equal to the mean and a NaN (NA) C3 term.
 */
import { qnorm } from './distributions';
import { ALARM, type Detection, type Series, emptyDetection, greater, resolveRange } from './types';

export type EarsMethod = 'C1' | 'C2' | 'C3';
export type C3Mode = 'r-compatible' | 'documented';

export interface EarsOptions {
  method: EarsMethod;
  /** Baseline length (R `baseline`, default 7, at least 3). */
  baseline?: number;
  /** Floor of the baseline standard deviation (R `minSigma`, default 0). */
  minSigma?: number;
  /** One-sided significance level (default 0.001 for C1/C2, 0.025 for C3). */
  alpha?: number;
  /** C3 only: 'r-compatible' (default) or 'documented'. */
  c3Mode?: C3Mode;
  /** Evaluation range, 0-based inclusive; defaults to every point from the first evaluable one. */
  range?: { from?: number; to?: number };
}

/** Mean and sample standard deviation (two-pass, as R's mean() and sd()) of y[start .. start+len−1]. */
function meanSd(y: Series, start: number, len: number): [number, number] {
  let s = 0;
  for (let i = 0; i < len; i++) s += y[start + i];
  const m = s / len;
  let ss = 0;
  for (let i = 0; i < len; i++) {
    const d = y[start + i] - m;
    ss += d * d;
  }
  return [m, Math.sqrt(ss / (len - 1))];
}

export function earsC(y: Series, opts: EarsOptions): Detection {
  const method = opts.method;
  const baseline = opts.baseline ?? 7;
  const minSigma = opts.minSigma ?? 0;
  if (!(baseline >= 3) || !Number.isInteger(baseline)) throw new RangeError('baseline must be an integer ≥ 3');
  if (!(minSigma >= 0)) throw new RangeError('minSigma must be ≥ 0');
  const alpha = opts.alpha ?? (method === 'C3' ? 0.025 : 0.001);
  const z = qnorm(1 - alpha);
  const n = y.length;
  // maxLag: how far back the first evaluated point reaches (R: baseline, baseline + 2, baseline + 4).
  const maxLag = method === 'C1' ? baseline : method === 'C2' ? baseline + 2 : baseline + 4;
  const { from, to } = resolveRange(n, maxLag, opts.range);
  const mode: C3Mode = opts.c3Mode ?? 'r-compatible';
  const name = method === 'C3' ? (mode === 'documented' ? 'ears-c3-documented' : 'ears-c3') : `ears-${method.toLowerCase()}`;
  const det = emptyDetection(name, n, from, to);
  if (from > to) return det;
  const statistic = new Float64Array(n).fill(NaN);
  det.statistic = statistic;

  if (method === 'C1' || method === 'C2') {
    const lag = method === 'C1' ? 1 : 3; // the baseline ends `lag` points before t
    for (let t = from; t <= to; t++) {
      const [m, s] = meanSd(y, t - lag - baseline + 1, baseline);
      const sigma = Math.max(s, minSigma);
      det.expected[t] = m;
      det.upperBound[t] = m + z * sigma;
      statistic[t] = (y[t] - m) / sigma;
      det.alarm[t] = greater(y[t], det.upperBound[t]);
    }
    return det;
  }

  // C3: C2 statistics for t−2..t, each over its own guard-banded baseline. R uses pmax(), which propagates NaN.
  const c2 = (t: number): { c2: number; m: number; sigma: number } => {
    const [m, s] = meanSd(y, t - 2 - baseline, baseline);
    const sigma = Math.max(s, minSigma);
    return { c2: (y[t] - m) / sigma, m, sigma: Number.isNaN(s) ? NaN : sigma };
  };
  const part = (v: number) => (Number.isNaN(v) ? NaN : Math.max(0, v - 1));
  for (let t = from; t <= to; t++) {
    const now = c2(t);
    const lagged = part(c2(t - 1).c2) + part(c2(t - 2).c2);
    det.expected[t] = now.m;
    if (mode === 'r-compatible') {
      const u = y[t] + now.sigma * (z - lagged);
      det.upperBound[t] = Number.isNaN(u) ? NaN : Math.max(0, u);
      statistic[t] = lagged + part(now.c2);
      det.alarm[t] = greater(y[t], det.upperBound[t]);
    } else {
      const c3 = lagged + part(now.c2);
      statistic[t] = c3;
      const u = lagged > z ? 0 : now.m + now.sigma * (1 + z - lagged);
      det.upperBound[t] = Number.isNaN(lagged) || Number.isNaN(now.m) || Number.isNaN(now.sigma) ? NaN : u;
      det.alarm[t] = Number.isNaN(c3) ? ALARM.na : c3 > z ? ALARM.yes : ALARM.no;
    }
  }
  return det;
}
