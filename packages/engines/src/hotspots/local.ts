/**
 * Local and global spatial association, following R spdep 1.2-7 function by function.
 *
 * Getis & Ord (1992, Geogr Anal 24:189; Ord & Getis 1995) local G — spdep `localG`:
 *   Gi* (self included, see weights.ts includeSelf): x̄ = mean(x), s² = Σ(x − x̄)²/n,
 *     z_i = (Σ_j w_ij x_j − W_i x̄) / √(s² (n S1_i − W_i²)/(n − 1)),  W_i = Σ_j w_ij, S1_i = Σ_j w_ij².
 *   Gi (self excluded): x̄_i and s_i² without x_i, x̄_i = (Σx − x_i)/(n − 1), s_i² = (Σx² − x_i²)/(n − 1) − x̄_i²,
 *     variance s_i² ((n − 1) S1_i − W_i²)/(n − 2).
 *   These are the analytical (normality) z-scores spdep returns; the z-scores do not change under
 *   row-standardisation. Two-sided p = 2·P(Z > |z|).
 * Anselin (1995, Geogr Anal 27:93) local Moran's I — spdep `localmoran` defaults (conditional = TRUE, mlvar = TRUE):
 *   z = x − x̄, m₂ = Σz²/n, I_i = (z_i/m₂) Σ_j w_ij z_j, E(I_i) = −z_i² W_i / ((n − 1) m₂),
 *   Var(I_i) = (z_i/m₂)² · n/(n − 2) · (S1_i − W_i²/(n − 1)) · (m₂ − z_i²/(n − 1))   (conditional randomisation);
 *   with conditional = FALSE the total-randomisation variance of Anselin (1995) eq. 13 (b₂ = m₄/m₂²).
 * Global Moran's I — spdep `moran.test(randomisation = TRUE)` (Cliff & Ord 1981): n = areas with neighbours,
 *   S0 = Σw, S1 = ½Σ(w_ij + w_ji)², S2 = Σ(w_i· + w_·i)², I = (n/S0)·Σ z_i lag(z)_i / Σz², E(I) = −1/(n − 1),
 *   Var(I) under randomisation with the kurtosis K = n_all·Σz⁴/(Σz²)²; p for the alternative "greater".
 * Conditional permutation (Anselin 1995): optional Monte Carlo pseudo p-values, seeded (see permutation()).
 */
import { pnorm } from '../earlywarning/distributions';
import { includeSelf, spatialLag, toWeights, type Neighbours, type Weights } from './weights';
import { mulberry32 } from '../random';

export interface LocalG {
  /** z-scores; NaN for areas without neighbours (Gi) — spdep's NaN. */
  z: Float64Array;
  /** Two-sided normal p-values. */
  p: Float64Array;
  star: boolean;
}

export function localG(x: ArrayLike<number>, w: Weights): LocalG {
  const n = x.length;
  if (n !== w.ids.length) throw new RangeError('values and weights have different numbers of areas');
  const star = w.selfIncluded;
  const lx = spatialLag(w, x);
  let sum = 0;
  let sum2 = 0;
  for (let i = 0; i < n; i++) { sum += x[i]; sum2 += x[i] * x[i]; }
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i] - mean) ** 2;
  const z = new Float64Array(n);
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let Wi = 0;
    let S1i = 0;
    for (let k = w.offset[i]; k < w.offset[i + 1]; k++) { Wi += w.weight[k]; S1i += w.weight[k] ** 2; }
    let xibar: number;
    let si2: number;
    let VG: number;
    if (star) {
      xibar = mean;
      si2 = ss / n;
      VG = si2 * ((n * S1i - Wi * Wi) / (n - 1));
    } else {
      xibar = (sum - x[i]) / (n - 1);
      si2 = (sum2 - x[i] * x[i]) / (n - 1) - xibar * xibar;
      VG = si2 * (((n - 1) * S1i - Wi * Wi) / (n - 2));
    }
    z[i] = (lx[i] - Wi * xibar) / Math.sqrt(VG);
    p[i] = 2 * pnorm(Math.abs(z[i]), 0, 1, true);
  }
  return { z, p, star };
}

/** Gi or Gi* z-scores from a neighbour list: the usual entry point. Gi* adds each area to its own neighbours. */
export function getisOrd(x: ArrayLike<number>, nb: Neighbours, opts: { star: boolean; style?: 'B' | 'W' }): LocalG {
  const base = opts.star ? includeSelf(nb) : nb;
  return localG(x, toWeights(base, opts.style ?? 'B'));
}

export interface LocalMoran { I: Float64Array; expected: Float64Array; variance: Float64Array; z: Float64Array; p: Float64Array }

export function localMoran(x: ArrayLike<number>, w: Weights, opts: { conditional?: boolean } = {}): LocalMoran {
  if (w.selfIncluded) throw new Error('self included among neighbours');
  const conditional = opts.conditional ?? true;
  const n = x.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i];
  mean /= n;
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) z[i] = x[i] - mean;
  const lz = spatialLag(w, z);
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) { m2 += z[i] * z[i]; m4 += z[i] ** 4; }
  m2 /= n;
  const b2 = m4 / n / (m2 * m2);
  const A = (n - b2) / (n - 1);
  const B = (2 * b2 - n) / ((n - 1) * (n - 2));
  const out: LocalMoran = {
    I: new Float64Array(n), expected: new Float64Array(n), variance: new Float64Array(n), z: new Float64Array(n), p: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    let Wi = 0;
    let Wi2 = 0;
    for (let k = w.offset[i]; k < w.offset[i + 1]; k++) { Wi += w.weight[k]; Wi2 += w.weight[k] ** 2; }
    const I = (z[i] / m2) * lz[i];
    const E = conditional ? -(z[i] * z[i] * Wi) / ((n - 1) * m2) : -Wi / (n - 1);
    const V = conditional
      ? (z[i] / m2) ** 2 * (n / (n - 2)) * (Wi2 - (Wi * Wi) / (n - 1)) * (m2 - (z[i] * z[i]) / (n - 1))
      : A * Wi2 + B * (Wi * Wi - Wi2) - E * E;
    out.I[i] = I;
    out.expected[i] = E;
    out.variance[i] = V;
    out.z[i] = (I - E) / Math.sqrt(V);
    out.p[i] = 2 * pnorm(Math.abs(out.z[i]), 0, 1, true);
  }
  return out;
}

export interface GlobalMoran { I: number; expected: number; variance: number; z: number; pGreater: number }

export function globalMoran(x: ArrayLike<number>, w: Weights, opts: { randomisation?: boolean } = {}): GlobalMoran {
  const randomisation = opts.randomisation ?? true;
  const nAll = x.length;
  // spweights.constants(adjust.n = TRUE)
  let n = 0;
  let S0 = 0;
  let S1 = 0;
  const rs = new Float64Array(nAll);
  const cs = new Float64Array(nAll);
  const lookup = new Map<number, number>(); // i * nAll + j → w_ij
  for (let i = 0; i < nAll; i++) for (let k = w.offset[i]; k < w.offset[i + 1]; k++) lookup.set(i * nAll + w.index[k], w.weight[k]);
  for (let i = 0; i < nAll; i++) {
    if (w.offset[i + 1] > w.offset[i]) n++;
    for (let k = w.offset[i]; k < w.offset[i + 1]; k++) {
      const j = w.index[k];
      const dij = w.weight[k];
      S0 += dij;
      rs[i] += dij;
      cs[j] += dij;
      S1 += dij * dij + dij * (lookup.get(j * nAll + i) ?? 0);
    }
  }
  let S2 = 0;
  for (let i = 0; i < nAll; i++) S2 += (rs[i] + cs[i]) ** 2;
  // moran()
  let mean = 0;
  for (let i = 0; i < nAll; i++) mean += x[i];
  mean /= nAll;
  const z = new Float64Array(nAll);
  let zz = 0;
  let z4 = 0;
  for (let i = 0; i < nAll; i++) { z[i] = x[i] - mean; zz += z[i] ** 2; z4 += z[i] ** 4; }
  const K = (nAll * z4) / (zz * zz);
  const lz = spatialLag(w, z);
  let cross = 0;
  for (let i = 0; i < nAll; i++) cross += z[i] * lz[i];
  const I = (n / S0) * (cross / zz);
  const EI = -1 / (n - 1);
  const S02 = S0 * S0;
  const nn = n * n;
  let VI: number;
  if (randomisation) {
    const a = n * (S1 * (nn - 3 * n + 3) - n * S2 + 3 * S02);
    const b = K * (S1 * (nn - n) - 2 * n * S2 + 6 * S02);
    VI = (a - b) / ((n - 1) * (n - 2) * (n - 3) * S02) - EI * EI;
  } else {
    VI = (nn * S1 - n * S2 + 3 * S02) / (S02 * (nn - 1)) - EI * EI;
  }
  const zI = (I - EI) / Math.sqrt(VI);
  return { I, expected: EI, variance: VI, z: zI, pGreater: pnorm(zI, 0, 1, true) };
}


/**
 * Conditional permutation pseudo p-values (Anselin 1995; PySAL esda's `p_sim`): for each area, its neighbours'
 * values are drawn `permutations` times without replacement from the other n − 1 values, the local statistic
 * recomputed, and p = (1 + #{|simulated − mean| ≥ |observed − mean|} folded to the observed side) / (permutations + 1)
 * — here the one-sided count in the observed direction, as esda does. Seeded, so results repeat.
 */
export function permutationPValues(
  x: ArrayLike<number>, w: Weights, stat: (i: number, lag: number) => number, opts: { permutations?: number; seed?: number } = {},
): Float64Array {
  const n = x.length;
  const R = opts.permutations ?? 999;
  const rand = mulberry32(opts.seed ?? 12345);
  const out = new Float64Array(n).fill(NaN);
  const pool = new Int32Array(n - 1);
  for (let i = 0; i < n; i++) {
    const others: number[] = [];
    let selfW = 0;
    for (let k = w.offset[i]; k < w.offset[i + 1]; k++) { if (w.index[k] === i) selfW = w.weight[k]; else others.push(w.weight[k]); }
    if (!others.length) continue;
    let obs = selfW * x[i];
    for (let k = w.offset[i]; k < w.offset[i + 1]; k++) if (w.index[k] !== i) obs += w.weight[k] * x[w.index[k]];
    const observed = stat(i, obs);
    let c = 0;
    for (let j = 0, q = 0; j < n; j++) if (j !== i) pool[q++] = j;
    const sims = new Float64Array(R);
    for (let r = 0; r < R; r++) {
      // partial Fisher–Yates: the first |others| entries of a random permutation of the pool
      let lag = selfW * x[i];
      for (let a = 0; a < others.length; a++) {
        const b = a + Math.floor(rand() * (n - 1 - a));
        const tmp = pool[a]; pool[a] = pool[b]; pool[b] = tmp;
        lag += others[a] * x[pool[a]];
      }
      sims[r] = stat(i, lag);
    }
    let mean = 0;
    for (let r = 0; r < R; r++) mean += sims[r];
    mean /= R;
    for (let r = 0; r < R; r++) if (observed >= mean ? sims[r] >= observed : sims[r] <= observed) c++;
    out[i] = (c + 1) / (R + 1);
  }
  return out;
}

/** Hot/cold-spot class from a z-score at the usual 90/95/99 % two-sided levels: 3..1 hot, −1..−3 cold, 0 none. */
export function hotspotClass(z: number): number {
  if (!Number.isFinite(z)) return 0;
  const a = Math.abs(z);
  const level = a >= 2.5758293035489 ? 3 : a >= 1.959963984540054 ? 2 : a >= 1.6448536269514715 ? 1 : 0;
  return z < 0 ? -level : level;
}
