/**
 * ESSENCE-style detectors as published by CDC's National Syndromic Surveillance Program in the R package
 * Rnssp (CDCgov/Rnssp, Apache-2.0; R/alert_regression.R, R/alert_ewma.R, R/alert_switch.R; documented defaults
 * on cdcgov.github.io/Rnssp/reference/alert_*.html). No R reference output ships with Puente's data, so the
 * engine is checked against hand-computed cases. Defaults (Rnssp's, "to match the ESSENCE implementation"):
 * baseline B = 28 periods, guard band g = 2, red when p < 0.01, yellow when 0.01 ≤ p < 0.05, blue otherwise,
 * grey when not computable. The baseline grows from 11 points (the first test is point 11 + g + 1) to B.
 *
 * Adaptive multiple regression (alert_regression): OLS of the L baseline counts on 1, time 1..L and six
 *   day-of-week dummies (Mon..Sat; Sunday the reference), forecast at time L + g + 1;
 *   expected = max(0, forecast); σ = max(√MSE·√((L + 7)(L − 4)/(L(L − 7))), 1.01 / t₀.₉₅,df), df = L − 8;
 *   statistic = (y − expected)/σ; p = 1 − pt(statistic, df). Adjusted R² = 1 − (1 − R²)(L − 1)/df_res (0 if NaN).
 *   Without day-of-week information (weekly or monthly series) the model is 1 + time, df = L − 2, and σ uses the
 *   exact prediction factor √(1 + 1/L + (t₀ − t̄)²/Sxx) — our extension, the published one assumes daily data.
 * EWMA (alert_ewma): smoothers w₁ = 0.4 (gradual events) and w₂ = 0.9 (sudden, "approximates C2"),
 *   Z_t = w·y_t + (1 − w)·Z_{t−1}, Z₁ = y₁; expected = mean(baseline), s = sd(baseline), df = L − 1;
 *   σ_w = max(w/u₀.₉₅·(1 + ½(1 − w)²), s·√(w/(2 − w) + 1/L − 2(1 − w)^{g+1}(1 − (1 − w)^L)/L) + c_w),
 *   c_w = (0.1289 − (0.2414 − 0.1826(1 − w)⁴)·ln(0.5))·w/u₀.₉₅, u_q = round(qt(q, df), 5);
 *   statistic = (Z_t − expected)/σ_w; when |statistic| > u₀.₉₉, Z_t is pulled back to expected ± u₀.₉₉σ_w (outlier
 *   damping); p = 1 − pt(statistic, df); the smoother with the smaller p wins.
 * Regression/EWMA switch (alert_switch, the method 'essence'): the regression's result where its adjusted R² ≥ 0.60,
 *   otherwise the EWMA with the single smoother w = 0.4.
 * upperBound is the count that would turn the point red (p = 0.01); alarm = red.
 */
import { pt, qt } from './distributions';
import { ALARM, type Detection, type Series, emptyDetection } from './types';

export interface EssenceOptions {
  B?: number;
  g?: number;
  /** EWMA smoothers (alert_ewma): gradual and sudden. */
  w1?: number;
  w2?: number;
  /** EWMA smoother of the switch (alert_switch). */
  w?: number;
  /** Adjusted R² at or above which the switch keeps the regression. */
  rSquaredThreshold?: number;
  /** ISO weekday (1 = Monday … 7 = Sunday) of each point; enables the day-of-week terms (daily data). */
  dayOfWeek?: ArrayLike<number>;
}

/** ESSENCE colour of a point: 2 red (alert), 1 yellow (warning), 0 blue, −1 grey (not computable). */
export const LEVEL = { red: 2, yellow: 1, blue: 0, grey: -1 } as const;

export interface EssenceDetection extends Detection {
  level: Int8Array;
  /** 1 regression, 2 EWMA, 0 not evaluated. */
  detector: Int8Array;
  adjustedRSquared: Float64Array;
}

const MIN_BASELINE = 11;
const round5 = (x: number) => Math.round(x * 1e5) / 1e5;
const qtCache = new Map<string, number>();
/** Student-t quantiles by (q, df), memoised: the baselines only ever have a handful of distinct df. */
function tq(q: number, df: number): number {
  const key = `${q}:${df}`;
  let v = qtCache.get(key);
  if (v === undefined) { v = qt(q, df); qtCache.set(key, v); }
  return v;
}

function levelOf(p: number): number {
  if (Number.isNaN(p)) return LEVEL.grey;
  return p < 0.01 ? LEVEL.red : p < 0.05 ? LEVEL.yellow : LEVEL.blue;
}

/** Baseline indices (0-based, inclusive) for test point i: the L = min(B, i − g) points ending g + 1 before i. */
function baselineOf(i: number, B: number, g: number): [number, number] {
  const end = i - g - 1;
  return [Math.max(0, end - B + 1), end];
}

/** Solves the small symmetric system A x = b (Gaussian elimination with partial pivoting); null if singular. */
function solve(A: number[][], b: number[]): number[] | null {
  const n = b.length;
  const M = A.map((r, i) => [...r, b[i]]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[piv][c])) piv = r;
    if (Math.abs(M[piv][c]) < 1e-12) return null;
    [M[c], M[piv]] = [M[piv], M[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  return M.map((r, i) => r[n] / r[i]);
}

interface RegressionPoint { expected: number; sigma: number; stat: number; p: number; df: number; r2adj: number }

function regressionAt(y: Series, i: number, B: number, g: number, dow?: ArrayLike<number>): RegressionPoint | null {
  const [a, e] = baselineOf(i, B, g);
  const L = e - a + 1;
  const cols = dow ? 8 : 2;
  const df = L - cols;
  if (df < 1) return null;
  const row = (k: number): number[] => {
    const r = [1, k - a + 1];
    if (dow) for (let d = 1; d <= 6; d++) r.push(dow[k] === d ? 1 : 0);
    return r;
  };
  const XtX = Array.from({ length: cols }, () => new Array<number>(cols).fill(0));
  const Xty = new Array<number>(cols).fill(0);
  for (let k = a; k <= e; k++) {
    const r = row(k);
    for (let u = 0; u < cols; u++) {
      Xty[u] += r[u] * y[k];
      for (let v = 0; v < cols; v++) XtX[u][v] += r[u] * r[v];
    }
  }
  const beta = solve(XtX, Xty);
  if (!beta) return null;
  let rss = 0;
  const fitted: number[] = [];
  for (let k = a; k <= e; k++) {
    const r = row(k);
    const f = r.reduce((s, v, u) => s + v * beta[u], 0);
    fitted.push(f);
    rss += (y[k] - f) ** 2;
  }
  const fm = fitted.reduce((s, v) => s + v, 0) / L;
  const mss = fitted.reduce((s, v) => s + (v - fm) ** 2, 0);
  const r2 = mss / (rss + mss);
  const r2adjRaw = 1 - ((1 - r2) * (L - 1)) / df;
  const r2adj = Number.isNaN(r2adjRaw) ? 0 : r2adjRaw;
  const mse = rss / df;
  const minSigma = 1.01 / round5(tq(0.95, df));
  const tTest = L + g + 1;
  let factor: number;
  if (dow) factor = Math.sqrt(((L + 7) * (L - 4)) / (L * (L - 7)));
  else {
    const tbar = (L + 1) / 2;
    const sxx = (L * (L * L - 1)) / 12;
    factor = Math.sqrt(1 + 1 / L + (tTest - tbar) ** 2 / sxx);
  }
  const sigma = Math.max(Math.sqrt(mse) * factor, minSigma);
  let forecast = beta[0] + tTest * beta[1];
  if (dow && dow[i] >= 1 && dow[i] <= 6) forecast += beta[1 + dow[i]];
  const expected = Math.max(0, forecast);
  const stat = (y[i] - expected) / sigma;
  return { expected, sigma, stat, p: 1 - pt(stat, df), df, r2adj };
}

/** State of one EWMA smoother through the series (damped values included). */
function ewmaPass(y: Series, B: number, g: number, w: number) {
  const n = y.length;
  const z = new Float64Array(n).fill(NaN);
  const out = { expected: new Float64Array(n).fill(NaN), stat: new Float64Array(n).fill(NaN), p: new Float64Array(n).fill(NaN), bound: new Float64Array(n).fill(NaN) };
  if (n === 0) return out;
  z[0] = y[0];
  const first = MIN_BASELINE + g; // 0-based index of the first test point (Rnssp: 11 + g + 1, 1-based)
  for (let i = 1; i < Math.min(first, n); i++) z[i] = w * y[i] + (1 - w) * z[i - 1];
  for (let i = first; i < n; i++) {
    const [a, e] = baselineOf(i, B, g);
    const L = e - a + 1;
    const df = L - 1;
    let m = 0;
    for (let k = a; k <= e; k++) m += y[k];
    m /= L;
    let ss = 0;
    for (let k = a; k <= e; k++) ss += (y[k] - m) ** 2;
    const s = Math.sqrt(ss / (L - 1));
    const corr = Math.sqrt(w / (2 - w) + 1 / L - (2 * (1 - w) ** (g + 1) * (1 - (1 - w) ** L)) / L);
    const uclAlert = round5(tq(0.99, df));
    const uclWarning = round5(tq(0.95, df));
    const minSigma = (w / uclWarning) * (1 + 0.5 * (1 - w) ** 2);
    const constant = (0.1289 - (0.2414 - 0.1826 * (1 - w) ** 4) * Math.log(10 * 0.05)) * (w / uclWarning);
    const sigma = Math.max(minSigma, s * corr + constant);
    const zPrev = z[i - 1];
    z[i] = w * y[i] + (1 - w) * zPrev;
    const stat = (z[i] - m) / sigma;
    if (Math.abs(stat) > uclAlert) z[i] = m + Math.sign(stat) * uclAlert * sigma;
    out.expected[i] = m;
    out.stat[i] = stat;
    out.p[i] = 1 - pt(stat, df);
    // Red when (w·y + (1 − w)·Z_{t−1} − m)/σ > t₀.₉₉,df.
    out.bound[i] = (m + tq(0.99, df) * sigma - (1 - w) * zPrev) / w;
  }
  return out;
}

function essenceDetection(name: string, n: number, from: number): EssenceDetection {
  const det = emptyDetection(name, n, from, n - 1) as EssenceDetection;
  det.statistic = new Float64Array(n).fill(NaN);
  det.pValue = new Float64Array(n).fill(NaN);
  det.level = new Int8Array(n).fill(LEVEL.grey);
  det.detector = new Int8Array(n);
  det.adjustedRSquared = new Float64Array(n).fill(NaN);
  return det;
}

function setPoint(det: EssenceDetection, i: number, expected: number, bound: number, stat: number, p: number, detector: number) {
  det.expected[i] = expected;
  det.upperBound[i] = bound;
  det.statistic![i] = stat;
  det.pValue![i] = p;
  det.level[i] = levelOf(p);
  det.alarm[i] = Number.isNaN(p) ? ALARM.na : p < 0.01 ? ALARM.yes : ALARM.no;
  det.detector[i] = detector;
}

const defaults = (o: EssenceOptions) => ({ B: o.B ?? 28, g: o.g ?? 2, w1: o.w1 ?? 0.4, w2: o.w2 ?? 0.9, w: o.w ?? 0.4, r2: o.rSquaredThreshold ?? 0.6 });

function check(B: number, g: number) {
  if (!(B >= 7) || !Number.isInteger(B)) throw new RangeError('baseline length B must be an integer ≥ 7');
  if (!(g >= 0) || !Number.isInteger(g)) throw new RangeError('guard band g must be a non-negative integer');
}

/** Rnssp alert_regression. */
export function essenceRegression(y: Series, opts: EssenceOptions = {}): EssenceDetection {
  const { B, g } = defaults(opts);
  check(B, g);
  const n = y.length;
  const det = essenceDetection('essence-regression', n, MIN_BASELINE + g);
  for (let i = MIN_BASELINE + g; i < n; i++) {
    const r = regressionAt(y, i, B, g, opts.dayOfWeek);
    if (!r) continue;
    setPoint(det, i, r.expected, r.expected + tq(0.99, r.df) * r.sigma, r.stat, r.p, 1);
    det.adjustedRSquared[i] = r.r2adj;
  }
  return det;
}

/** Rnssp alert_ewma (two smoothers, the smaller p-value wins). */
export function essenceEwma(y: Series, opts: EssenceOptions = {}): EssenceDetection {
  const { B, g, w1, w2 } = defaults(opts);
  check(B, g);
  const n = y.length;
  const det = essenceDetection('essence-ewma', n, MIN_BASELINE + g);
  const a = ewmaPass(y, B, g, w1);
  const b = ewmaPass(y, B, g, w2);
  for (let i = MIN_BASELINE + g; i < n; i++) {
    const useFirst = a.p[i] < b.p[i];
    const s = useFirst ? a : b;
    setPoint(det, i, s.expected[i], Math.min(a.bound[i], b.bound[i]), s.stat[i], s.p[i], 2);
  }
  return det;
}

/** Rnssp alert_switch: regression where its adjusted R² ≥ 0.60, else EWMA (w = 0.4). The method 'essence'. */
export function essenceSwitch(y: Series, opts: EssenceOptions = {}): EssenceDetection {
  const { B, g, w, r2 } = defaults(opts);
  check(B, g);
  const n = y.length;
  const det = essenceDetection('essence', n, MIN_BASELINE + g);
  const e = ewmaPass(y, B, g, w);
  for (let i = MIN_BASELINE + g; i < n; i++) {
    const r = regressionAt(y, i, B, g, opts.dayOfWeek);
    if (r && r.r2adj >= r2) setPoint(det, i, r.expected, r.expected + tq(0.99, r.df) * r.sigma, r.stat, r.p, 1);
    else setPoint(det, i, e.expected[i], e.bound[i], e.stat[i], e.p[i], 2);
    det.adjustedRSquared[i] = r ? r.r2adj : NaN;
  }
  return det;
}
