/**
 * Farrington, Andrews, Beale & Catchpole (1996, JRSS A 159:547) and its improvement by Noufaily, Enki,
 * Farrington, Garthwaite, Andrews & Charlett (2013, Stat Med 32:1206), following R `surveillance::farringtonFlexible`
 * 1.20.3 (Salmon, Schumacher & Höhle 2016, JSS 70(10)) step by step, with populationOffset = FALSE:
 *
 * 1. Reference data for time point t₀: the points t₀ − j·freq (j = 1..b) with a window of ±w around each
 *    (dated weekly series: t₀ minus j calendar years, moved to the same weekday). With noPeriods = p > 1 every
 *    point of the b years is used: the windows form factor level p and each gap between two windows is cut
 *    into p − 1 blocks of near-equal length (levels 1..p−1, the longer blocks first) — Noufaily's zero-order
 *    spline. The points t₀ − pastWeeksNotIncluded .. t₀ are then dropped (default pastWeeksNotIncluded = w).
 *    R's quirks are kept: `a:b` runs backwards when a block is empty, so overflowing blocks overwrite levels.
 * 2. Quasi-Poisson GLM, log link: y ~ 1 + wtime [+ seasgroups] (wtime = the absolute time index, or for
 *    dated series the number of periods since the first reference point), fitted by our IRLS (./glm.ts).
 *    If it does not converge with the trend, it is refitted without; if it still does not converge: NA.
 * 3. φ = max(Pearson dispersion, 1). Reweighting: Anscombe residuals
 *    s_i = 1.5 (y_i^{2/3} μ_i^{−1/6} − μ_i^{1/2}) / √(φ (1 − h_ii)); ω_i = γ s_i⁻² if s_i > weightsThreshold else γ,
 *    γ such that Σω = n; refit with prior weights ω; φ = max(Pearson dispersion, 1) of the refit.
 * 4. Trend kept only if its t-test p-value < pThresholdTrend, b ≥ 3 and the predicted μ₀ ≤ max(baseline);
 *    otherwise the whole fit (with reweighting) is redone without trend.
 * 5. Threshold, one-sided level α:
 *    'delta' (Farrington 1996, 2/3-power transformation): τ = φ + se(μ̂₀)²/μ̂₀,
 *        U = (μ̂₀^{2/3} + z₁₋α √(4/9 μ̂₀^{1/3} τ))^{3/2}   ('1/2' and 'none' transformations also available);
 *    'nbPlugin' (Noufaily 2013): U = qnbinom(1 − α, size = μ̂₀/(φ − 1), prob = 1/φ) if φ > 1 else qpois(1 − α, μ̂₀);
 *    'muan': the same with μ̂₀ replaced by exp(q₁₋α of N(η̂₀, se(η̂₀))).
 *    se(η̂₀) is predict.glm's, scaled by the dispersion summary.glm computes from the returned model — not φ: the
 *    package passes φ inside `newdata` (where predict.glm ignores it) and, after reweighting, has replaced the
 *    model's working weights by ω, so that dispersion is Σ ω_i ((y_i − μ_i)/μ_i)²/df. The same value enters the
 *    trend's t-test. Both quirks are reproduced (they change bounds by up to ~1 % and some trend decisions).
 * 6. limit54 = (c, d): when fewer than c cases were seen in the last d points (t₀ included) the bound and the
 *    alarm are NA. limit54 = (0, 4) switches the rule off.
 * 7. score = (y − f)/(U − f) with f = μ̂₀ ('delta') or η̂₀ ('nbPlugin'/'muan': the package's link-scale quirk);
 *    alarm = score > 1 and y ≠ 0.
 */
import { glmFit, linearPrediction, type Design, type GlmFit } from './glm';
import { pnbinom, pnorm, ppois, pt, qnbinom, qnorm, qpois } from './distributions';
import { ALARM, type Detection, type Series, emptyDetection } from './types';

const DBL_EPS = 2.220446049250313e-16;

export type ThresholdMethod = 'delta' | 'nbPlugin' | 'muan';

export interface FarringtonOptions {
  /** Periods per year: 52 weekly, 12 monthly (R `freq`). */
  freq: number;
  b?: number;
  w?: number;
  reweight?: boolean;
  weightsThreshold?: number;
  alpha?: number;
  trend?: boolean;
  pThresholdTrend?: number;
  /** [cases, periods]; default [5, 4]. */
  limit54?: [number, number];
  powertrans?: '2/3' | '1/2' | 'none';
  noPeriods?: number;
  pastWeeksNotIncluded?: number;
  thresholdMethod?: ThresholdMethod;
  /** 0-based inclusive; default from freq·b + w to the end (R's (freq·b + w + 1):n). */
  range?: { from?: number; to?: number };
  /** Dated series (R epochAsDate = TRUE): days since 1970-01-01 of each point, ascending. */
  dates?: ArrayLike<number>;
}

/** The JSS vignette's `con.farrington`: the original method (b = 4, w = 3). */
export const FARRINGTON_ORIGINAL: Partial<FarringtonOptions> = {
  noPeriods: 1, b: 4, w: 3, weightsThreshold: 1, pastWeeksNotIncluded: 3, pThresholdTrend: 0.05, thresholdMethod: 'delta',
};
/** The JSS vignette's `con.noufaily`: improved Farrington for weekly data. */
export const FARRINGTON_NOUFAILY: Partial<FarringtonOptions> = {
  noPeriods: 10, b: 4, w: 3, weightsThreshold: 2.58, pastWeeksNotIncluded: 26, pThresholdTrend: 1, thresholdMethod: 'nbPlugin',
};

/** R's floor division and modulo for the block lengths. */
const idiv = (a: number, m: number) => Math.floor(a / m);
const imod = (a: number, m: number) => ((a % m) + m) % m;

/**
 * Factor level of every point for time point `now` (1-based), as surveillance's `blocks()`; NaN = unused.
 * `refs` are the 1-based indices of t₀ and its b reference points, t₀ first.
 */
function blockLevels(f: Float64Array, n: number, refs: number[], now: number, b: number, w: number, p: number): Float64Array {
  f.fill(NaN); // 1-based; index 0 unused (R ignores x[0] <- v)
  setRange(f, n, now - w, now, p);
  for (let i = 1; i <= b; i++) {
    const refWeek = refs[i];
    setRange(f, n, refWeek - w, refWeek + w, p);
    if (p !== 1) {
      const period = refs[i - 1] - 2 * w - 1 - refWeek;
      if (period < p - (2 * w + 1)) throw new RangeError('Number of factors too big!');
      const len = idiv(period, p - 1);
      const rest = imod(period, p - 1);
      let cum = 0;
      for (let j = 1; j <= p - 1; j++) {
        const next = cum + len + (j - 1 < rest ? 1 : 0);
        setRange(f, n, refWeek + w + 1 + cum, refWeek + w + 1 + next - 1, j);
        cum = next;
      }
    }
  }
  return f;
}

/** x[a:b] <- v with R's `a:b` (descending when b < a), ignoring positions outside 1..n. */
function setRange(f: Float64Array, n: number, a: number, b: number, v: number) {
  const lo = Math.max(1, Math.min(a, b));
  const hi = Math.min(n, Math.max(a, b));
  for (let i = lo; i <= hi; i++) f[i] = v;
}

const DAY_MS = 86_400_000;
/** seq(date, by = "-1 year") as R does it: same month and day, normalised (29 Feb → 1 Mar). */
function minusYears(day: number, years: number): number {
  const d = new Date(day * DAY_MS);
  return Math.round(Date.UTC(d.getUTCFullYear() - years, d.getUTCMonth(), d.getUTCDate()) / DAY_MS);
}
const weekday = (day: number) => new Date(day * DAY_MS).getUTCDay();

/** Reference time points (as dates or indices, t₀ first), surveillance's algo.farrington.referencetimepoints. */
function referencePoints(t0: number, b: number, freq: number, dated: boolean): number[] {
  const out: number[] = [];
  for (let j = 0; j <= b; j++) {
    if (!dated) { out.push(t0 - j * freq); continue; }
    let ref = minusYears(t0, j);
    if (freq === 52) {
      // Same weekday as t₀: the closer of the two candidates around the calendar date (ties to the first).
      const a = ref - (weekday(ref) - weekday(t0));
      const bb = a + (a > ref ? -7 : 7);
      ref = Math.abs(a - ref) > Math.abs(bb - ref) ? bb : a;
    }
    out.push(ref);
  }
  return out;
}

interface FlexFit {
  fit: GlmFit;
  /** φ = max(dispersion, 1) of the final fit. */
  phi: number;
  hasTrend: boolean;
  /**
   * The dispersion that summary.glm and predict.glm later compute from the returned model. The package replaces
   * `model$weights` (the working weights) by the prior weights ω after reweighting, so this is
   * Σ ω_i ((y_i − μ_i)/μ_i)² / df — not φ. It scales se(η̂₀) and the trend's t-test (a reproduced quirk).
   */
  dispersionSummary: number;
}

/** surveillance's algo.farrington.fitGLM.flexible: fit, fall back to no trend, reweight. */
/** The reference data of one time point, in buffers reused across time points (the first n entries are valid). */
interface Rows {
  n: number;
  y: Float64Array;
  wtime: Float64Array;
  /** Index of each row's season level in `levels` (0 = the reference level). */
  levelIndex: Int32Array;
  levels: number[];
  design: { start: Int32Array; col: Int32Array; val: Float64Array };
  /** Anscombe residuals, prior weights ω, and lent fitted-value / leverage arrays for two fits. */
  scratch: Float64Array;
  omega: Float64Array;
  lend: Array<{ mu: Float64Array; hat: Float64Array }>;
}

/**
 * Sparse design rows: intercept, [wtime], [one dummy of the season factor (treatment contrasts, first level the
 * reference)] — at most three non-zeros per row, which the IRLS exploits. Written into the reused buffers.
 */
function design(rows: Rows, trend: boolean): Design {
  const n = rows.n;
  const p = 1 + (trend ? 1 : 0) + Math.max(0, rows.levels.length - 1);
  const { start, col, val } = rows.design;
  let c = 0;
  for (let i = 0; i < n; i++) {
    start[i] = c;
    col[c] = 0; val[c++] = 1;
    if (trend && rows.wtime[i] !== 0) { col[c] = 1; val[c++] = rows.wtime[i]; }
    const l = rows.levelIndex[i];
    if (l > 0) { col[c] = (trend ? 1 : 0) + l; val[c++] = 1; }
  }
  start[n] = c;
  return { n, p, start, col, val };
}

function fitFlexible(rows: Rows, timeTrend: boolean, reweight: boolean, weightsThreshold: number): FlexFit | null {
  let trend = timeTrend;
  let d = design(rows, trend);
  let fit = glmFit(d, rows.y, undefined, rows.lend[0]);
  if (!fit || !fit.converged) {
    if (trend) {
      trend = false;
      d = design(rows, false);
      fit = glmFit(d, rows.y, undefined, rows.lend[0]);
    }
    if (!fit || !fit.converged) return null;
  }
  let phi = Math.max(fit.dispersion, 1);
  if (Number.isNaN(fit.dispersion)) phi = NaN;
  if (reweight) {
    const n = d.n;
    const s = rows.scratch;
    for (let i = 0; i < n; i++) {
      const mu = fit.mu[i];
      s[i] = (1.5 * (rows.y[i] ** (2 / 3) * mu ** (-1 / 6) - Math.sqrt(mu))) / Math.sqrt(phi * (1 - fit.hat[i]));
    }
    // surveillance's algo.farrington.assign.weights: γ = n / Σ (s⁻²)^(s > threshold).
    let denom = 0;
    for (let i = 0; i < n; i++) denom += s[i] > weightsThreshold ? s[i] ** -2 : 1;
    const gamma = n / denom;
    const omega = rows.omega;
    for (let i = 0; i < n; i++) omega[i] = s[i] > weightsThreshold ? gamma * s[i] ** -2 : gamma;
    const refit = glmFit(d, rows.y, omega, rows.lend[1]);
    if (!refit) return null;
    fit = refit;
    phi = Number.isNaN(fit.dispersion) ? NaN : Math.max(fit.dispersion, 1);
    let sum = 0;
    for (let i = 0; i < n; i++) if (omega[i] > 0) sum += omega[i] * ((rows.y[i] - fit.mu[i]) / fit.mu[i]) ** 2;
    return { fit, phi, hasTrend: trend, dispersionSummary: fit.dfResidual > 0 ? sum / fit.dfResidual : NaN };
  }
  return { fit, phi, hasTrend: trend, dispersionSummary: fit.dispersion };
}

/** The design row for t₀: intercept, wtime, and the dummy of level `noPeriods` (prediction uses factor(noPeriods)). */
function newRow(ff: FlexFit, levels: number[], wtime0: number, noPeriods: number): Float64Array | null {
  const p = ff.fit.coef.length;
  const x0 = new Float64Array(p);
  x0[0] = 1;
  if (ff.hasTrend) x0[1] = wtime0;
  const li = levels.indexOf(noPeriods);
  if (levels.length > 1 || noPeriods !== 1) {
    if (li < 0) return null; // R: "factor seasgroups has new level"
    if (li > 0) x0[(ff.hasTrend ? 1 : 0) + li] = 1;
  }
  return x0;
}

export function farringtonFlexible(y: Series, options: FarringtonOptions): Detection {
  const o = {
    b: 5, w: 3, reweight: true, weightsThreshold: 2.58, alpha: 0.05, trend: true, pThresholdTrend: 0.05,
    limit54: [5, 4] as [number, number], powertrans: '2/3' as const, noPeriods: 1, thresholdMethod: 'delta' as ThresholdMethod,
    ...options,
  };
  const pastWeeksNotIncluded = options.pastWeeksNotIncluded ?? o.w;
  const { freq, b, w, noPeriods } = o;
  if (!(o.limit54[0] >= 0 && o.limit54[1] > 0)) throw new RangeError('limit54: cases ≥ 0 and period > 0');
  const n = y.length;
  const dated = options.dates !== undefined;
  const dates = options.dates;
  const from = options.range?.from ?? freq * b + w;
  const to = Math.min(options.range?.to ?? n - 1, n - 1);
  const name = o.thresholdMethod === 'delta' ? 'farrington' : `farrington-${o.thresholdMethod === 'nbPlugin' ? 'noufaily' : 'muan'}`;
  const det = emptyDetection(name, n, from, to);
  if (from > to) return det;
  const score = new Float64Array(n).fill(NaN);
  const pValue = new Float64Array(n).fill(NaN);
  const phiOut = new Float64Array(n).fill(NaN);
  const trendOut = new Int8Array(n).fill(-1);
  Object.assign(det, { statistic: score, pValue, phi: phiOut, trend: trendOut });
  const z = qnorm(1 - o.alpha);
  // Index of each date, for dated series.
  const dateIndex = new Map<number, number>();
  if (dated) for (let i = 0; i < n; i++) dateIndex.set(dates![i], i + 1);

  // Buffers reused for every time point of this series.
  const levelBuf = new Float64Array(n + 1);
  const rows: Rows = {
    n: 0, y: new Float64Array(n), wtime: new Float64Array(n), levelIndex: new Int32Array(n), levels: [],
    design: { start: new Int32Array(n + 1), col: new Int32Array(3 * n), val: new Float64Array(3 * n) }, scratch: new Float64Array(n),
    omega: new Float64Array(n), lend: [0, 1].map(() => ({ mu: new Float64Array(n), hat: new Float64Array(n) })),
  };
  for (let t = from; t <= to; t++) {
    const k = t + 1; // 1-based, as R
    // 1. reference points and blocks
    let refs: number[];
    if (dated) {
      const pts = referencePoints(dates![t], b, freq, true);
      const idx = pts.map((d) => dateIndex.get(d));
      if (idx.some((i) => i === undefined)) throw new RangeError("Some reference time points did not exist; decrease 'b' or postpone 'range'.");
      // R takes rev() of the matching positions: descending index order.
      refs = (idx as number[]).slice().sort((a, c) => c - a);
    } else {
      refs = referencePoints(k, b, freq, false);
      if (refs[b] < 1) throw new RangeError("Some reference time points did not exist; decrease 'b' or postpone 'range'.");
    }
    const levelsAll = blockLevels(levelBuf, n, refs, k, b, w, noPeriods);
    setRange(levelsAll, n, k - pastWeeksNotIncluded, k, NaN);
    let m = 0;
    let firstDate = NaN;
    let maxResponse = -Infinity;
    const levels = rows.levels;
    levels.length = 0;
    for (let i = 1; i <= n; i++) {
      const lvl = levelsAll[i];
      if (Number.isNaN(lvl)) continue;
      if (dated && Number.isNaN(firstDate)) firstDate = dates![i - 1];
      const yi = y[i - 1];
      if (Number.isNaN(yi)) continue; // R drops NA responses after building wtime
      rows.y[m] = yi;
      rows.wtime[m] = dated ? (dates![i - 1] - firstDate) / (dates![1] - dates![0]) : i;
      rows.levelIndex[m] = lvl; // the level value for now; mapped to its index below
      if (!levels.includes(lvl)) levels.push(lvl);
      if (yi > maxResponse) maxResponse = yi;
      m++;
    }
    rows.n = m;
    levels.sort((a, c) => a - c); // as.factor(): levels in increasing order, the first is the reference
    for (let i = 0; i < m; i++) rows.levelIndex[i] = levels.indexOf(rows.levelIndex[i]);
    const wtime0 = dated ? (dates![t] - firstDate) / (dates![1] - dates![0]) : k;

    // 2–4. fit, trend decision
    let ff = fitFlexible(rows, o.trend, o.reweight, o.weightsThreshold);
    let doTrend = false;
    if (ff && ff.hasTrend) {
      const x0 = newRow(ff, levels, wtime0, noPeriods);
      let keep = false;
      if (x0) {
        const pr = linearPrediction(ff.fit, x0);
        const fitResp = Math.max(Math.exp(pr.eta), DBL_EPS);
        const tval = ff.fit.coef[1] / Math.sqrt(ff.fit.covUnscaled[1 * ff.fit.coef.length + 1] * ff.dispersionSummary);
        const pv = 2 * pt(-Math.abs(tval), ff.fit.dfResidual);
        keep = b >= 3 && pv < o.pThresholdTrend && fitResp <= maxResponse;
      }
      doTrend = keep;
      if (!keep) ff = fitFlexible(rows, false, o.reweight, o.weightsThreshold);
    }
    const x0 = ff ? newRow(ff, levels, wtime0, noPeriods) : null;
    if (!ff || !x0) continue; // NA everywhere (R: "The model could not converge …")
    const pr = linearPrediction(ff.fit, x0);
    const seEta = Math.sqrt(pr.varUnscaled * ff.dispersionSummary);
    const phi = ff.phi;
    const yk = y[t];

    // 5. threshold
    let upper: number;
    let prob: number;
    let sc: number;
    let expected: number;
    if (o.thresholdMethod === 'delta') {
      const mu0 = Math.max(Math.exp(pr.eta), DBL_EPS);
      const se0 = seEta * mu0;
      const tau = phi + (se0 * se0) / mu0;
      let se: number;
      let exponent: number;
      if (o.powertrans === '2/3') { se = Math.sqrt((4 / 9) * mu0 ** (1 / 3) * tau); exponent = 2 / 3; }
      else if (o.powertrans === '1/2') { se = Math.sqrt(0.25 * tau); exponent = 0.5; }
      else { se = Math.sqrt(mu0 * tau); exponent = 1; }
      const lo = (mu0 ** exponent - z * se) ** (1 / exponent);
      const hi = (mu0 ** exponent + z * se) ** (1 / exponent);
      // R: lu <- sort(c(lo, hi), na.last = FALSE): a NaN end goes first, so the upper is the finite one.
      upper = Number.isNaN(lo) ? hi : Number.isNaN(hi) ? lo : Math.max(lo, hi);
      prob = pnorm(yk ** exponent, mu0 ** exponent, se, true);
      sc = Number.isNaN(upper) ? NaN : (yk - mu0) / (upper - mu0);
      expected = mu0;
    } else {
      const eta0 = pr.eta;
      const muQ = o.thresholdMethod === 'nbPlugin' ? Math.exp(eta0) : Math.exp(qnorm(1 - o.alpha, eta0, seEta));
      if (muQ === Infinity) { upper = NaN; prob = NaN; }
      else if (phi > 1) {
        upper = qnbinom(1 - o.alpha, muQ / (phi - 1), 1 / phi);
        prob = 1 - pnbinom(yk - 1, muQ / (phi - 1), 1 / phi);
      } else {
        upper = qpois(1 - o.alpha, muQ);
        prob = 1 - ppois(yk - 1, muQ);
      }
      sc = Number.isNaN(upper) ? NaN : (yk - eta0) / (upper - eta0);
      expected = Math.exp(eta0);
    }

    // 6–7. limit54, alarm
    let recent = 0;
    for (let i = Math.max(1, k - o.limit54[1] + 1); i <= k; i++) recent += y[i - 1];
    const enough = Number.isNaN(recent) ? NaN : recent >= o.limit54[0] ? 1 : 0;
    const X = enough === 1 ? sc : NaN;
    // R: !is.na(X) && (X > 1) && observed != 0 — FALSE (not NA) when limit54 blanks the score.
    det.alarm[t] = Number.isNaN(X) ? ALARM.no : X > 1 ? (Number.isNaN(yk) ? ALARM.na : yk !== 0 ? ALARM.yes : ALARM.no) : ALARM.no;
    det.upperBound[t] = enough === 1 ? upper : NaN;
    det.expected[t] = enough === 1 && !Number.isNaN(upper) ? expected : NaN;
    score[t] = sc;
    pValue[t] = prob;
    phiOut[t] = phi;
    trendOut[t] = doTrend ? 1 : 0;
  }
  return det;
}
