/**
 * The Fellegi–Sunter model: m/u probabilities per comparison level, estimated without labels.
 * u starts from random record pairs (as Splink does); m, u and the share of matches among the blocked
 * candidate pairs are then estimated by EM over the candidates' comparison patterns (conditional
 * independence, a weak Dirichlet prior centred on the starting values so that rare levels stay sensible).
 * Term-frequency adjustment (Splink's): an exact agreement on a name value v adds log2(Σ_w f_w² / f_v).
 */
import { COMPARISONS, type Comparison, type Prepared } from './compare';

export interface LevelParams { code: string; m: number; u: number; uRandom: number; weight: number }
export interface ComparisonParams { name: string; levels: LevelParams[] }
export interface TfTable { sumSq: number; total: number; counts: Record<string, number> }

/** Plain JSON-serialisable model. */
export interface LinkageModel {
  version: 1;
  kind: 'link' | 'dedupe';
  comparisons: ComparisonParams[];
  /** probability that a blocked candidate pair is a match */
  lambda: number;
  /** log2(lambda / (1 - lambda)) */
  prior: number;
  tf: Record<string, TfTable>;
  em: { iterations: number; converged: boolean; candidates: number; patterns: number; randomPairs: number };
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

/** A small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Level frequencies among random pairs (the u of all pairs), add-one smoothed; missing excluded. */
export function randomPairU(left: Prepared[], right: Prepared[] | null, samples: number, seed: number, comparisons = COMPARISONS): number[][] {
  const counts = comparisons.map((c) => new Float64Array(c.levels.length).fill(0.5));
  const R = right ?? left;
  const rand = rng(seed);
  if (left.length < 1 || R.length < 1 || (right === null && left.length < 2)) return counts.map(normaliseU);
  for (let s = 0; s < samples; s++) {
    const i = Math.floor(rand() * left.length);
    let j = Math.floor(rand() * R.length);
    if (right === null && j === i) j = (j + 1) % R.length;
    const a = left[i], b = R[j];
    for (let k = 0; k < comparisons.length; k++) counts[k][comparisons[k].compare(a, b)]++;
  }
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
  m[levels - 1] = 0.05;
  const s = m.reduce((x, y) => x + y, 0);
  return m.map((x) => x / s);
}

export interface EmInput { patterns: Map<number, number>; codec: Patterns; uRandom: number[][]; lambda0: number }

export function runEm({ patterns, codec, uRandom, lambda0 }: EmInput, maxIter = 200, tol = 1e-7): { m: number[][]; u: number[][]; lambda: number; iterations: number; converged: boolean } {
  const cs = codec.comparisons;
  const K = cs.length;
  const codes = [...patterns.keys()];
  const n = codes.length;
  const counts = Float64Array.from(codes.map((c) => patterns.get(c)!));
  const levels = new Uint8Array(n * K);
  const tmp = new Uint8Array(K);
  codes.forEach((c, p) => levels.set(codec.decode(c, tmp), p * K));
  const total = counts.reduce((x, y) => x + y, 0);
  let m = cs.map((c) => initialM(c.levels.length));
  let u = uRandom.map((x) => x.slice());
  const m0 = m.map((x) => x.slice());
  const u0 = u.map((x) => x.slice());
  const ALPHA = 2; // prior pseudo-pairs per comparison
  let lambda = Math.min(0.5, Math.max(1e-6, lambda0));
  let iterations = 0, converged = false;
  const post = new Float64Array(n);
  for (; iterations < maxIter; iterations++) {
    // E step
    for (let p = 0; p < n; p++) {
      let lm = Math.log(lambda), lu = Math.log(1 - lambda);
      for (let k = 0; k < K; k++) {
        const l = levels[p * K + k];
        if (l === 0) continue;
        lm += Math.log(m[k][l]);
        lu += Math.log(u[k][l]);
      }
      post[p] = 1 / (1 + Math.exp(lu - lm));
    }
    // M step
    let matches = 0;
    const mc = cs.map((c) => new Float64Array(c.levels.length));
    const uc = cs.map((c) => new Float64Array(c.levels.length));
    for (let p = 0; p < n; p++) {
      const w = post[p] * counts[p];
      const v = counts[p] - w;
      matches += w;
      for (let k = 0; k < K; k++) {
        const l = levels[p * K + k];
        mc[k][l] += w;
        uc[k][l] += v;
      }
    }
    const est = (c: Float64Array, prior: number[]) => {
      let s = 0;
      for (let l = 1; l < c.length; l++) s += c[l];
      return Array.from(c, (x, l) => (l === 0 ? 0 : (x + ALPHA * prior[l] + 1e-9) / (s + ALPHA + 1e-9 * c.length)));
    };
    const newM = mc.map((c, k) => est(c, m0[k]));
    const newU = uc.map((c, k) => est(c, u0[k]));
    const newLambda = Math.min(1 - 1e-9, Math.max(1e-9, matches / total));
    let delta = Math.abs(newLambda - lambda);
    for (let k = 0; k < K; k++) for (let l = 1; l < newM[k].length; l++) delta = Math.max(delta, Math.abs(newM[k][l] - m[k][l]), Math.abs(newU[k][l] - u[k][l]));
    m = newM; u = newU; lambda = newLambda;
    if (delta < tol) { converged = true; iterations++; break; }
  }
  return { m, u, lambda, iterations, converged };
}

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
