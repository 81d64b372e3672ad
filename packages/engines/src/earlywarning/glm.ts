/**
 * Quasi-Poisson generalised linear model with log link, fitted by iteratively reweighted least squares — the
 * small GLM that Farrington's method needs, written to behave like R's `glm.fit` (R 4.2.2, stats package):
 *   start μ = y + 0.1 (poisson()$initialize), η = log μ; μ = max(exp η, ε) (poisson()$linkinv);
 *   each iteration: working response z = η + (y − μ)/μ, working weights w² = prior·μ, weighted least squares
 *   (R uses a Householder QR; we solve the normal equations by Cholesky — same solution to ~1e−10 for these
 *   small, well-conditioned designs, and O(n) per iteration for sparse design rows; see wls());
 *   deviance D = 2 Σ prior·(y log(y/μ) − (y − μ)); converged when |D − D_old|/(|D| + 0.1) < 1e−8, at most
 *   25 iterations; step halving when the deviance is not finite.
 * Like R, the working weights and the factorisation kept with the fit are those of the LAST iteration (computed from the
 * μ before the final update), and they are what summary.glm, predict.glm and hatvalues use:
 *   dispersion φ̂ = Σ w²·((y − μ)/μ)² / (n_ok − rank)   (Pearson; NaN when no residual degrees of freedom),
 *   Cov(β̂) = φ̂ (RᵀR)⁻¹, hat values h_i = ‖row i of Q‖² (set to 1 when > 1 − 10ε, as lm.influence does).
 * Matrices are row-major Float64Arrays (n × p).
 */

const DBL_EPS = 2.220446049250313e-16;
const MAXIT = 25;
const EPSILON = 1e-8;

export interface GlmFit {
  converged: boolean;
  /** Coefficients in the column order of X; NaN for aliased columns. */
  coef: Float64Array;
  rank: number;
  mu: Float64Array;
  /** Pearson dispersion of summary.glm (not floored at 1). */
  dispersion: number;
  dfResidual: number;
  /** (RᵀR)⁻¹ in the column order of X (p × p, row-major); NaN rows/columns for aliased columns. */
  covUnscaled: Float64Array;
  /** Leverages of the final weighted least-squares fit. */
  hat: Float64Array;
}

/**
 * The weighted least-squares step through the normal equations XᵀWX β = XᵀWz, exploiting that each design row
 * has few non-zero entries (intercept, time, one season dummy): forming XᵀWX costs O(n·nnz²) instead of O(n·p²).
 * Cholesky with R's rule for aliased columns: a column whose residual (after projection on the columns kept
 * before it) is negligible relative to its own norm is left out (coefficient NA) — dqrdc2 uses 1e−11 on the QR;
 * through the normal equations the residual norm is only resolved to ~1e−8, so the threshold here is 1e−7.
 */
const ALIAS_TOL = 1e-7;

/** A design matrix in compressed sparse rows: row i has entries val[start[i] .. start[i+1]) in columns col[…]. */
export interface Design { n: number; p: number; start: Int32Array; col: Int32Array; val: Float64Array }
type SparseRows = Design;

/** Sparse rows of a dense row-major n × p matrix. */
export function sparseDesign(X: Float64Array, n: number, p: number): Design {
  let nnz = 0;
  for (let k = 0; k < n * p; k++) if (X[k] !== 0) nnz++;
  const start = new Int32Array(n + 1);
  const col = new Int32Array(nnz);
  const val = new Float64Array(nnz);
  let c = 0;
  for (let i = 0; i < n; i++) {
    start[i] = c;
    for (let j = 0; j < p; j++) {
      const v = X[i * p + j];
      if (v !== 0) { col[c] = j; val[c++] = v; }
    }
  }
  start[n] = c;
  return { n, p, start, col, val };
}

/** Scratch arrays of one fit, reused across its iterations (allocation dominated the cost of small fits). */
interface Work { A: Float64Array; rhs: Float64Array; row: Float64Array; L: Float64Array; kept: Int32Array; yv: Float64Array }
const workspaces = new Map<number, Work>();
/** Per-size scratch, shared by successive fits (a fit never runs while another is in progress: JS is single-threaded). */
function workspace(p: number): Work {
  let w = workspaces.get(p);
  if (!w) {
    w = { A: new Float64Array(p * p), rhs: new Float64Array(p), row: new Float64Array(p), L: new Float64Array(p * p), kept: new Int32Array(p), yv: new Float64Array(p) };
    workspaces.set(p, w);
  }
  return w;
}
let scratchN = 0;
let scratch = { eta: new Float64Array(0), w2: new Float64Array(0), z: new Float64Array(0), good: new Uint8Array(0), ones: new Float64Array(0), ylogy: new Float64Array(0) };
function rowScratch(n: number) {
  if (n > scratchN) {
    scratchN = Math.max(n, 2 * scratchN);
    const f = () => new Float64Array(scratchN);
    scratch = { eta: f(), w2: f(), z: f(), good: new Uint8Array(scratchN), ones: f().fill(1), ylogy: f() };
  }
  return scratch;
}

/** One weighted least-squares step; writes the new coefficients into `beta` and returns the rank. */
function wls(S: SparseRows, n: number, p: number, w2: Float64Array, z: Float64Array, good: Uint8Array, W: Work, beta: Float64Array): number {
  const { A, rhs, row, L, kept, yv } = W;
  A.fill(0);
  rhs.fill(0);
  for (let i = 0; i < n; i++) {
    if (!good[i]) continue;
    const wi = w2[i];
    const e = S.start[i + 1];
    for (let a = S.start[i]; a < e; a++) {
      const ca = S.col[a];
      const va = S.val[a] * wi;
      rhs[ca] += va * z[i];
      for (let b = S.start[i]; b < e; b++) A[ca * p + S.col[b]] += va * S.val[b];
    }
  }
  // Cholesky (L row-major, p stride), columns in order, skipping aliased ones.
  let r = 0;
  for (let j = 0; j < p; j++) {
    for (let k = 0; k < r; k++) {
      let s = A[kept[k] * p + j];
      for (let m = 0; m < k; m++) s -= L[k * p + m] * row[m];
      row[k] = s / L[k * p + k];
    }
    let d = A[j * p + j];
    for (let k = 0; k < r; k++) d -= row[k] * row[k];
    if (!(A[j * p + j] > 0) || !(d > ALIAS_TOL * ALIAS_TOL * A[j * p + j])) continue; // aliased (or empty) column
    for (let k = 0; k < r; k++) L[r * p + k] = row[k];
    L[r * p + r] = Math.sqrt(d);
    kept[r++] = j;
  }
  // Solve L Lᵀ β = rhs over the kept columns; aliased coefficients are 0 in the linear predictor (as Cdqrls).
  for (let a = 0; a < r; a++) {
    let s = rhs[kept[a]];
    for (let b = 0; b < a; b++) s -= L[a * p + b] * yv[b];
    yv[a] = s / L[a * p + a];
  }
  beta.fill(0);
  for (let a = r - 1; a >= 0; a--) {
    let s = yv[a];
    for (let b = a + 1; b < r; b++) s -= L[b * p + a] * beta[kept[b]];
    beta[kept[a]] = s / L[a * p + a];
  }
  return r;
}

/** (XᵀWX)⁻¹ over the kept columns, in the original column order (NaN for aliased columns). */
function covFromFactor(W: Work, rank: number, p: number): Float64Array {
  const { L, kept } = W;
  const Li = new Float64Array(rank * rank);
  for (let j = 0; j < rank; j++) {
    Li[j * rank + j] = 1 / L[j * p + j];
    for (let i = j + 1; i < rank; i++) {
      let s = 0;
      for (let k = j; k < i; k++) s += L[i * p + k] * Li[k * rank + j];
      Li[i * rank + j] = -s / L[i * p + i];
    }
  }
  const cov = new Float64Array(p * p).fill(NaN);
  for (let a = 0; a < rank; a++) {
    for (let c = 0; c < rank; c++) {
      let s = 0;
      for (let k = Math.max(a, c); k < rank; k++) s += Li[k * rank + a] * Li[k * rank + c];
      cov[kept[a] * p + kept[c]] = s;
    }
  }
  return cov;
}

const LOG_EPS = Math.log(DBL_EPS);
/**
 * Poisson deviance 2 Σ prior·(y log(y/μ) − (y − μ)), written as 2 Σ prior·(y log y − y log μ − y + μ) with y log y
 * computed once per fit and log μ = η (μ = exp η unless clamped at ε): no logarithm per row and iteration.
 * Differs from R's form by rounding only (~1e−14 relative), far below the 1e−8 convergence criterion.
 */
function devianceOf(n: number, y: Float64Array, ylogy: Float64Array, eta: Float64Array, mu: Float64Array, prior: Float64Array): number {
  let d = 0;
  for (let i = 0; i < n; i++) {
    const yi = y[i];
    const m = mu[i];
    d += yi > 0 ? 2 * prior[i] * (ylogy[i] - yi * (m > DBL_EPS ? eta[i] : LOG_EPS) - (yi - m)) : 2 * prior[i] * m;
  }
  return d;
}

/** η = Xβ, μ = max(exp η, ε); returns false when some μ is not finite (R's validmu fails). */
function linearPredictor(S: SparseRows, n: number, beta: Float64Array, eta: Float64Array, mu: Float64Array): boolean {
  let ok = true;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let a = S.start[i], e = S.start[i + 1]; a < e; a++) s += S.val[a] * beta[S.col[a]];
    eta[i] = s;
    const m = Math.max(Math.exp(s), DBL_EPS);
    mu[i] = m;
    if (m === Infinity) ok = false;
  }
  return ok;
}

/**
 * Fits y ~ X (X includes the intercept column) by quasi-Poisson IRLS with optional prior weights.
 * Returns null only when no valid set of coefficients exists (R stops there).
 */
export function glmQuasiPoisson(X: Float64Array, n: number, p: number, y: Float64Array, priorWeights?: Float64Array): GlmFit | null {
  return glmFit(sparseDesign(X, n, p), y, priorWeights);
}

/**
 * glmQuasiPoisson on a sparse design (the form Farrington builds directly). `y` and the prior weights may be
 * longer than the design (only the first n entries are read). `out` lends arrays (length ≥ n) for the fitted
 * values and leverages, so that repeated fits do not allocate; the result then refers to them.
 */
export function glmFit(S: Design, y: Float64Array, priorWeights?: Float64Array, out?: { mu: Float64Array; hat: Float64Array }): GlmFit | null {
  const { n, p } = S;
  const { eta, w2, z, good, ones, ylogy } = rowScratch(n);
  const prior = priorWeights ?? ones;
  const mu = out ? out.mu : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    eta[i] = Math.log(y[i] + 0.1);
    mu[i] = Math.max(Math.exp(eta[i]), DBL_EPS);
  }
  for (let i = 0; i < n; i++) ylogy[i] = y[i] > 0 ? y[i] * Math.log(y[i]) : 0;
  let devold = devianceOf(n, y, ylogy, eta, mu, prior);
  let coefold: Float64Array | null = null;
  let start: Float64Array = new Float64Array(p);
  let converged = false;
  const W = workspace(p);
  let rank = -1;
  let beta: Float64Array = new Float64Array(p);
  let spare: Float64Array = new Float64Array(p);
  for (let iter = 1; iter <= MAXIT; iter++) {
    for (let i = 0; i < n; i++) {
      const muEta = mu[i]; // dμ/dη = max(exp η, ε) = μ for the log link
      good[i] = prior[i] > 0 && muEta !== 0 ? 1 : 0;
      z[i] = eta[i] + (y[i] - mu[i]) / muEta;
      w2[i] = prior[i] * muEta; // prior · (dμ/dη)² / V(μ) = prior · μ² / μ
    }
    rank = wls(S, n, p, w2, z, good, W, beta);
    let finite = true;
    for (let j = 0; j < p; j++) if (!Number.isFinite(beta[j])) finite = false;
    if (!finite) break; // R: "non-finite coefficients at iteration", conv = FALSE
    // Double-buffer the coefficients: `start` is this iteration's, `coefold` the previous one's.
    start = beta;
    beta = coefold && coefold !== start ? coefold : spare;
    if (beta === spare) spare = new Float64Array(p);
    let valid = linearPredictor(S, n, start, eta, mu);
    let dev = devianceOf(n, y, ylogy, eta, mu, prior);
    if (!Number.isFinite(dev) || !valid) {
      if (!coefold) return null; // "no valid set of coefficients has been found: please supply starting values"
      for (let ii = 1; !Number.isFinite(dev) || !valid; ii++) {
        if (ii > MAXIT) return null; // "inner loop 1; cannot correct step size"
        const half = new Float64Array(p);
        for (let j = 0; j < p; j++) half[j] = (start[j] + coefold[j]) / 2;
        start = half;
        valid = linearPredictor(S, n, start, eta, mu);
        dev = devianceOf(n, y, ylogy, eta, mu, prior);
      }
    }
    if (Math.abs(dev - devold) / (Math.abs(dev) + 0.1) < EPSILON) {
      converged = true;
      break;
    }
    devold = dev;
    coefold = start;
  }
  if (rank < 0) return null;
  // Quantities R keeps with the fit: working weights of the last iteration, residuals from the final μ.
  let nOk = 0;
  let pearson = 0;
  for (let i = 0; i < n; i++) {
    if (prior[i] !== 0) nOk++;
    if (!good[i]) continue;
    const wt = w2[i];
    if (wt > 0) {
      const res = (y[i] - mu[i]) / mu[i]; // (y − μ)/(dμ/dη), dμ/dη = μ
      pearson += wt * res * res;
    }
  }
  const dfResidual = nOk - rank;
  const coef = new Float64Array(p).fill(NaN);
  for (let j = 0; j < rank; j++) coef[W.kept[j]] = start[W.kept[j]];
  const covUnscaled = covFromFactor(W, rank, p);
  // Leverages h_i = w_i² x_iᵀ (XᵀWX)⁻¹ x_i (= ‖row i of Q‖² of the weighted QR).
  const hat = out ? out.hat : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    hat[i] = 0;
    if (!good[i]) continue;
    let h = 0;
    const e = S.start[i + 1];
    for (let a = S.start[i]; a < e; a++) {
      const ca = S.col[a];
      if (Number.isNaN(coef[ca])) continue;
      for (let b = S.start[i]; b < e; b++) {
        const cb = S.col[b];
        if (!Number.isNaN(coef[cb])) h += S.val[a] * covUnscaled[ca * p + cb] * S.val[b];
      }
    }
    h *= w2[i];
    hat[i] = h > 1 - 10 * DBL_EPS ? 1 : h;
  }
  return {
    converged,
    coef,
    rank,
    mu,
    dispersion: dfResidual > 0 ? pearson / dfResidual : NaN,
    dfResidual,
    covUnscaled,
    hat,
  };
}

/** x₀ᵀβ and the unscaled variance x₀ᵀ(RᵀR)⁻¹x₀ of a new design row (aliased columns contribute nothing). */
export function linearPrediction(fit: GlmFit, x0: ArrayLike<number>): { eta: number; varUnscaled: number } {
  const p = fit.coef.length;
  let eta = 0;
  let v = 0;
  for (let a = 0; a < p; a++) {
    if (Number.isNaN(fit.coef[a])) continue;
    eta += x0[a] * fit.coef[a];
    for (let c = 0; c < p; c++) {
      if (Number.isNaN(fit.coef[c])) continue;
      v += x0[a] * fit.covUnscaled[a * p + c] * x0[c];
    }
  }
  return { eta, varUnscaled: v };
}
