/**
 * The Fellegi–Sunter model: m/u probabilities per comparison level, estimated without labels.
 * u starts from random record pairs (as Splink does); m, u and the share of matches among the blocked
 * candidate pairs are then estimated by EM over the candidates' comparison patterns (conditional
 * independence, a weak Dirichlet prior centred on the starting values so that rare levels stay sensible).
 * Term-frequency adjustment (Splink's): an exact agreement on a name value v adds log2(Σ_w f_w² / f_v).
 */
import { COMPARISONS, MIN_DIFFERENT, type Comparison, type Prepared } from './compare';
export { MIN_DIFFERENT };
import { mulberry32 } from '../random';

export interface LevelParams {
  code: string; m: number; u: number; weight: number;
  /** family comparisons: probability of the level for relatives/housemates, and log2(h/u) */
  h?: number; householdWeight?: number;
}
export interface ComparisonParams { name: string; levels: LevelParams[] }
export interface TfTable { sumSq: number; total: number; counts: Record<string, number> }

/** Plain JSON-serialisable model. */
export interface LinkageModel {
  version: 1;
  kind: 'link' | 'dedupe';
  comparisons: ComparisonParams[];
  /** probability that a record pair (any pair, not only a candidate) is a match */
  lambda: number;
  /** probability that a record pair is two relatives or housemates (agree on family fields only) */
  lambdaHousehold: number;
  /** log2(lambda / (1 - lambda - lambdaHousehold)) */
  prior: number;
  tf: Record<string, TfTable>;
  em: { iterations: number; converged: boolean; candidates: number; patterns: number; randomPairs: number; totalPairs: number };
}

/** Mixed-radix code of a comparison vector (fits in a double: < 2^53). */
export class Patterns {
  readonly radix: number[];
  constructor(readonly comparisons: Comparison[] = COMPARISONS) {
    this.radix = [];
    let r = 1;
    for (const c of comparisons) { this.radix.push(r); r *= c.levels.length; }
  }
  code(a: Prepared, b: Prepared): number {
    let code = 0;
    const cs = this.comparisons;
    for (let k = 0; k < cs.length; k++) code += cs[k].compare(a, b) * this.radix[k];
    return code;
  }
  decode(code: number, out: Uint8Array): Uint8Array {
    for (let k = this.comparisons.length - 1; k >= 0; k--) {
      out[k] = Math.floor(code / this.radix[k]);
      code -= out[k] * this.radix[k];
    }
    return out;
  }
}

/** The engines' seeded PRNG (random.ts), under the name the tests use. */
export { mulberry32 as rng } from '../random';

/**
 * A weak prior for u (what strangers share), worth U_PRIOR_PAIRS random pairs: it only matters when the files are
 * so small that the random pairs are few and include the matches themselves (then every level looks common).
 */
export const U_PRIOR_PAIRS = 20;
function priorU(c: Comparison): number[] {
  const n = c.levels.length;
  if (c.name === 'sex') return [0, 0.5, 0.5];
  const v = c.levels.map((code, l): number => (l === 0 || l === n - 1 ? 0 : code === 'same_state' ? 0.1 : code === 'same_place' ? 0.02 : 0.002));
  v[n - 1] = 1 - v.reduce((x, y) => x + y, 0);
  return v;
}

/** Level frequencies among random pairs (the u of all pairs), with a weak prior; missing excluded. */
export function randomPairU(left: Prepared[], right: Prepared[] | null, samples: number, seed: number, comparisons = COMPARISONS): number[][] {
  const counts = comparisons.map((c) => Float64Array.from(priorU(c), (x) => x * U_PRIOR_PAIRS));
  const R = right ?? left;
  const rand = mulberry32(seed);
  if (left.length < 1 || R.length < 1 || (right === null && left.length < 2)) return counts.map(normaliseU);
  const totalPairs = right ? left.length * R.length : (left.length * (left.length - 1)) / 2;
  // drawn with replacement: never count more evidence than there are distinct pairs
  const scale = Math.min(1, totalPairs / samples);
  const seen = comparisons.map((c) => new Float64Array(c.levels.length));
  for (let s = 0; s < samples; s++) {
    const i = Math.floor(rand() * left.length);
    let j = Math.floor(rand() * R.length);
    if (right === null && j === i) j = (j + 1) % R.length;
    const a = left[i], b = R[j];
    for (let k = 0; k < comparisons.length; k++) seen[k][comparisons[k].compare(a, b)]++;
  }
  seen.forEach((c, k) => c.forEach((x, l) => { counts[k][l] += x * scale; }));
  return counts.map(normaliseU);
}

function normaliseU(c: Float64Array): number[] {
  const out = Array.from(c);
  out[0] = 0;
  const s = out.reduce((x, y) => x + y, 0);
  return out.map((x) => x / s);
}

/** Starting m: most mass on the strongest level, decreasing geometrically, little on 'different'. */
function initialM(levels: number): number[] {
  const m = new Array<number>(levels).fill(0);
  let w = 0.8;
  for (let l = 1; l < levels - 1; l++) { m[l] = w; w *= 0.4; }
  m[levels - 1] = 0.01;
  const s = m.reduce((x, y) => x + y, 0);
  return m.map((x) => x / s);
}

export interface EmInput {
  patterns: Map<number, number>;
  codec: Patterns;
  /** u per level from random pairs (fixed: the non-matches are, in effect, all pairs) */
  u: number[][];
  /** number of record pairs in all (the candidates plus the pairs blocking left out) */
  totalPairs: number;
  lambda0: number;
  /** estimate the relatives/housemates class (default true) */
  household?: boolean;
}

/**
 * EM with u fixed (Splink's way) and three classes: same person (M), relatives or housemates (H) and any other
 * pair (N). Candidates are chosen by their comparison vectors, so the posterior under the all-pairs model (λ over
 * all pairs, u of random pairs) is also a candidate's posterior; the M step re-estimates m (and h) from the
 * candidates, which hold the matches, and λ as expected counts over all pairs.
 * H agrees on the family comparisons (surname, address, phone) with its own estimated distribution h and on the
 * personal ones (given name, date of birth, sex, identifiers) only as random pairs do (u): without it, a brother
 * at the same address looks like the same person to a two-class model. (A father "Sr." with his son's given
 * name is held off by the bound on m of a date of birth a generation apart, Comparison.maxM.)
 */
export function runEm({ patterns, codec, u, totalPairs, lambda0, household = true }: EmInput, maxIter = 300, tol = 1e-8): EmResult {
  const cs = codec.comparisons;
  const K = cs.length;
  const family = cs.map((c) => !!c.family);
  const codes = [...patterns.keys()];
  const n = codes.length;
  const counts = Float64Array.from(codes.map((c) => patterns.get(c)!));
  const levels = new Uint8Array(n * K);
  const tmp = new Uint8Array(K);
  codes.forEach((c, p) => levels.set(codec.decode(c, tmp), p * K));
  let m = cs.map((c) => initialM(c.levels.length));
  let h = cs.map((c) => initialM(c.levels.length));
  const m0 = m.map((x) => x.slice());
  const ALPHA = 2; // prior pseudo-pairs per comparison
  const logU = u.map((x) => x.map((v) => Math.log(Math.max(v, 1e-300))));
  let lambda = Math.min(0.5, Math.max(1e-12, lambda0));
  let lambdaH = household ? lambda * 0.1 : 0;
  let iterations = 0, converged = false;
  const est = (c: Float64Array, k: number) => {
    let s = 0;
    for (let l = 1; l < c.length; l++) s += c[l];
    return Array.from(c, (x, l) => (l === 0 ? 0 : (x + ALPHA * m0[k][l]) / (s + ALPHA)));
  };
  for (; iterations < maxIter; iterations++) {
    const logM = m.map((x) => x.map((v) => Math.log(Math.max(v, 1e-300))));
    const logH = h.map((x) => x.map((v) => Math.log(Math.max(v, 1e-300))));
    const mc = cs.map((c) => new Float64Array(c.levels.length));
    const hc = cs.map((c) => new Float64Array(c.levels.length));
    let matches = 0, related = 0;
    const lm0 = Math.log(lambda), lh0 = Math.log(lambdaH), lu0 = Math.log(1 - lambda - lambdaH);
    for (let p = 0; p < n; p++) {
      let lm = lm0, lh = lh0, lu = lu0;
      for (let k = 0; k < K; k++) {
        const l = levels[p * K + k];
        if (l === 0) continue;
        lm += logM[k][l];
        lu += logU[k][l];
        lh += family[k] ? logH[k][l] : logU[k][l];
      }
      const top = Math.max(lm, lh, lu);
      const em = Math.exp(lm - top), eh = Math.exp(lh - top), eu = Math.exp(lu - top);
      const wm = (counts[p] * em) / (em + eh + eu);
      const wh = (counts[p] * eh) / (em + eh + eu);
      matches += wm;
      related += wh;
      for (let k = 0; k < K; k++) {
        const l = levels[p * K + k];
        mc[k][l] += wm;
        hc[k][l] += wh;
      }
    }
    const newM = mc.map((c, k) => capM(est(c, k), cs[k]));
    const newH = hc.map((c, k) => est(c, k));
    const newLambda = Math.min(0.5, Math.max(1e-12, matches / totalPairs));
    const newLambdaH = household ? Math.min(0.4, Math.max(1e-12, related / totalPairs)) : 0;
    let delta = Math.max(Math.abs(Math.log(newLambda / lambda)), household ? Math.abs(Math.log(newLambdaH / lambdaH)) * 0.01 : 0);
    for (let k = 0; k < K; k++) for (let l = 1; l < newM[k].length; l++) delta = Math.max(delta, Math.abs(newM[k][l] - m[k][l]), family[k] ? Math.abs(newH[k][l] - h[k][l]) : 0);
    m = newM; h = newH; lambda = newLambda; lambdaH = newLambdaH;
    if (delta < tol) { converged = true; iterations++; break; }
  }
  return { m, h, lambda, lambdaH, iterations, converged };
}

/**
 * Bounds m of the last level ('different', or the strongest disagreement) from below by MIN_DIFFERENT, and m of the
 * levels named in Comparison.maxM from above; the other levels are rescaled so that m still sums to 1.
 */
function capM(m: number[], c: Comparison): number[] {
  const last = m.length - 1;
  const target = new Map<number, number>();
  // floor: any field of the same person disagrees now and then (typing, change of phone or address)
  const lastCap = c.maxM?.[c.levels[last]];
  target.set(last, Math.max(MIN_DIFFERENT, Math.min(m[last], lastCap ?? 1)));
  for (const [name, cap] of Object.entries(c.maxM ?? {})) {
    const l = c.levels.indexOf(name);
    if (l > 0 && l !== last && m[l] > cap) target.set(l, cap);
  }
  if ([...target].every(([l, v]) => v === m[l])) return m;
  let fixed = 0, rest = 0;
  for (const [, v] of target) fixed += v;
  for (let l = 1; l < m.length; l++) if (!target.has(l)) rest += m[l];
  return m.map((v, l) => (l === 0 ? 0 : target.has(l) ? target.get(l)! : rest > 0 ? (v * (1 - fixed)) / rest : v));
}


export interface EmResult { m: number[][]; h: number[][]; lambda: number; lambdaH: number; iterations: number; converged: boolean }

export function buildTf(records: Prepared[], value: (p: Prepared) => string): TfTable {
  const c = new Map<string, number>();
  let total = 0;
  for (const p of records) {
    const v = value(p);
    if (!v) continue;
    total++;
    c.set(v, (c.get(v) ?? 0) + 1);
  }
  let sumSq = 0;
  const counts: Record<string, number> = {};
  for (const [v, k] of c) {
    sumSq += (k / total) ** 2;
    if (k >= 3) counts[v] = k;
  }
  return { sumSq, total, counts };
}

/** log2(Σ f² / f_v) for an exact agreement on v, bounded to ±8 bits. */
export function tfAdjustment(t: TfTable | undefined, v: string): number {
  if (!t || !t.total || !v) return 0;
  const count = Math.max(2, t.counts[v] ?? 2);
  const f = Math.min(1, count / t.total);
  return Math.max(-8, Math.min(8, Math.log2(t.sumSq / f)));
}
