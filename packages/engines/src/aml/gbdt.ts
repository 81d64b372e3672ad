/**
 * Gradient-boosted decision trees for binary classification, written here (no maintained pure-JavaScript
 * GBDT trainer exists; the npm ones are scorers of XGBoost dumps, WASM builds or unmaintained): histogram-
 * based (quantile bins per feature, bin 0 = missing with a learned default direction), logistic loss,
 * second-order (Newton) leaves with L2 regularisation, depth-wise growth with the histogram-subtraction
 * trick, negatives subsampled per tree (all positives kept, sampled negatives re-weighted), optional
 * early stopping on a validation set by average precision. Deterministic from the seed.
 *
 * Explanations: every node stores the value the model would give if the path stopped there (Saabas), so a
 * row's logit = bias + Σ over features of the changes along its path in every tree, exactly.
 * The model is plain JSON.
 */
import { averagePrecision } from './metrics';
import { mulberry32 } from '../random';

export interface GbdtParams {
  trees?: number; depth?: number; learningRate?: number; bins?: number; lambda?: number; minChildWeight?: number;
  /** Fraction of negatives drawn for each tree (all positives always used); 1 = all rows. */
  negativeSample?: number;
  /** Fraction of features considered for each tree. */
  featureSample?: number;
  seed?: number;
  /** Early stopping: stop when validation AP has not improved for this many trees (checked every 5). */
  patience?: number;
}

export interface GbdtModel {
  kind: 'gbdt-logistic';
  version: 1;
  features: string[];
  /** Logit before any tree. */
  base: number;
  /** Trees as parallel arrays; leaf when feature = -1. value = learning-rate-scaled Newton value of the node. */
  trees: Array<{ feature: number[]; threshold: number[]; left: number[]; right: number[]; missingLeft: number[]; value: number[] }>;
  params: Required<GbdtParams>;
}

export const DEFAULT_GBDT: Required<GbdtParams> = {
  trees: 300, depth: 6, learningRate: 0.08, bins: 64, lambda: 1, minChildWeight: 2, negativeSample: 0.3, featureSample: 0.8, seed: 1, patience: 60,
};

/** The engines' seeded PRNG (random.ts). */
export { mulberry32 as rng } from '../random';

/** Quantile cut points per feature (values x <= edge[j] fall in bin j+1; bin 0 = missing). */
function binEdges(X: Float32Array, n: number, F: number, bins: number, rand: () => number): Float32Array[] {
  const edges: Float32Array[] = [];
  const sampleN = Math.min(n, 100_000);
  const rows = new Uint32Array(sampleN);
  for (let i = 0; i < sampleN; i++) rows[i] = sampleN === n ? i : Math.floor(rand() * n);
  for (let f = 0; f < F; f++) {
    const vals: number[] = [];
    for (let i = 0; i < sampleN; i++) { const v = X[rows[i] * F + f]; if (!Number.isNaN(v)) vals.push(v); }
    vals.sort((a, b) => a - b);
    const uniq: number[] = [];
    for (const v of vals) if (!uniq.length || uniq[uniq.length - 1] !== v) uniq.push(v);
    const cuts: number[] = [];
    if (uniq.length <= bins - 1) cuts.push(...uniq.slice(0, -1));
    else {
      for (let q = 1; q < bins - 1; q++) {
        const v = vals[Math.floor((q * vals.length) / (bins - 1))];
        if (!cuts.length || v > cuts[cuts.length - 1]) cuts.push(v);
      }
      if (cuts.length && cuts[cuts.length - 1] >= uniq[uniq.length - 1]) cuts.pop();
    }
    edges.push(Float32Array.from(cuts));
  }
  return edges;
}

function binMatrix(X: Float32Array, n: number, F: number, edges: Float32Array[]): Uint8Array {
  const B = new Uint8Array(n * F);
  for (let f = 0; f < F; f++) {
    const e = edges[f];
    for (let i = 0; i < n; i++) {
      const v = X[i * F + f];
      if (Number.isNaN(v)) { B[i * F + f] = 0; continue; }
      let lo = 0, hi = e.length;
      while (lo < hi) { const m = (lo + hi) >> 1; if (e[m] < v) lo = m + 1; else hi = m; }
      B[i * F + f] = lo + 1;
    }
  }
  return B;
}

interface Node { rows: Uint32Array; hist: Float64Array; G: number; H: number; depth: number; id: number }

export interface TrainData { X: Float32Array; y: Uint8Array | Int8Array; n: number }

/** Trains on (X row-major n×F, y ∈ {0,1}); `valid` enables early stopping. */
export function trainGbdt(features: readonly string[], train: TrainData, params: GbdtParams = {}, valid?: TrainData): GbdtModel {
  const p = { ...DEFAULT_GBDT, ...params };
  const F = features.length;
  const { X, y, n } = train;
  const rand = mulberry32(p.seed);
  const edges = binMatrixEdges(X, n, F, p.bins, rand);
  const Bm = binMatrix(X, n, F, edges);
  const NB = p.bins + 1;
  let pos = 0;
  for (let i = 0; i < n; i++) pos += y[i];
  const prior = Math.min(Math.max(pos / Math.max(n, 1), 1e-6), 1 - 1e-6);
  const base = Math.log(prior / (1 - prior));
  const Fx = new Float64Array(n).fill(base);
  const g = new Float64Array(n), h = new Float64Array(n);
  const trees: GbdtModel['trees'] = [];
  const vPred = valid ? new Float64Array(valid.n).fill(base) : undefined;
  let bestAp = -1, bestTrees = 0;
  const idxBuf = new Uint32Array(n);
  for (let m = 0; m < p.trees; m++) {
    // rows for this tree
    let cnt = 0;
    const w = 1 / p.negativeSample;
    for (let i = 0; i < n; i++) {
      const pr = 1 / (1 + Math.exp(-Fx[i]));
      if (y[i] === 1) { idxBuf[cnt++] = i; g[i] = pr - 1; h[i] = Math.max(pr * (1 - pr), 1e-12); }
      else if (p.negativeSample >= 1 || rand() < p.negativeSample) {
        idxBuf[cnt++] = i; const ww = p.negativeSample >= 1 ? 1 : w; g[i] = pr * ww; h[i] = Math.max(pr * (1 - pr), 1e-12) * ww;
      }
    }
    const rows = idxBuf.slice(0, cnt);
    const useF = new Uint8Array(F);
    for (let f = 0; f < F; f++) useF[f] = p.featureSample >= 1 || rand() < p.featureSample ? 1 : 0;
    const tree = growTree(Bm, F, NB, rows, g, h, useF, edges, p);
    trees.push(tree);
    // update predictions on all training rows
    for (let i = 0; i < n; i++) Fx[i] += predictTreeBinned(tree, Bm, i * F, edges);
    if (valid && vPred) {
      for (let i = 0; i < valid.n; i++) vPred[i] += predictTreeRaw(tree, valid.X, i * F);
      if ((m + 1) % 5 === 0 || m === p.trees - 1) {
        const ap = averagePrecision(vPred, valid.y);
        if (ap > bestAp + 1e-9) { bestAp = ap; bestTrees = m + 1; } else if (m + 1 - bestTrees >= p.patience) break;
      }
    }
  }
  return { kind: 'gbdt-logistic', version: 1, features: [...features], base, trees: valid ? trees.slice(0, Math.max(bestTrees, 1)) : trees, params: p };
}

const binMatrixEdges = binEdges;

function growTree(Bm: Uint8Array, F: number, NB: number, rows: Uint32Array, g: Float64Array, h: Float64Array, useF: Uint8Array, edges: Float32Array[], p: Required<GbdtParams>): GbdtModel['trees'][number] {
  const t: GbdtModel['trees'][number] = { feature: [], threshold: [], left: [], right: [], missingLeft: [], value: [] };
  const newNode = (G: number, H: number) => {
    t.feature.push(-1); t.threshold.push(0); t.left.push(-1); t.right.push(-1); t.missingLeft.push(0);
    t.value.push((-G / (H + p.lambda)) * p.learningRate);
    return t.feature.length - 1;
  };
  const hist = (rs: Uint32Array) => {
    const H = new Float64Array(F * NB * 2);
    for (let k = 0; k < rs.length; k++) {
      const r = rs[k], base = r * F, gr = g[r], hr = h[r];
      for (let f = 0; f < F; f++) { const ix = (f * NB + Bm[base + f]) * 2; H[ix] += gr; H[ix + 1] += hr; }
    }
    return H;
  };
  let G0 = 0, H0 = 0;
  for (const r of rows) { G0 += g[r]; H0 += h[r]; }
  const root: Node = { rows, hist: hist(rows), G: G0, H: H0, depth: 0, id: newNode(G0, H0) };
  const queue: Node[] = [root];
  const lam = p.lambda;
  while (queue.length) {
    const nd = queue.shift()!;
    if (nd.depth >= p.depth || nd.rows.length < 2) continue;
    const parentScore = (nd.G * nd.G) / (nd.H + lam);
    let bestGain = 1e-9, bf = -1, bj = -1, bMissLeft = false;
    for (let f = 0; f < F; f++) {
      if (!useF[f]) continue;
      const e = edges[f];
      if (!e.length) continue;
      const o = f * NB * 2;
      const gm = nd.hist[o], hm = nd.hist[o + 1];
      let gl = 0, hl = 0;
      for (let j = 0; j < e.length; j++) {
        gl += nd.hist[o + (j + 1) * 2]; hl += nd.hist[o + (j + 1) * 2 + 1];
        // missing right
        let gr = nd.G - gl, hr = nd.H - hl;
        if (hl >= p.minChildWeight && hr >= p.minChildWeight) {
          const gain = (gl * gl) / (hl + lam) + (gr * gr) / (hr + lam) - parentScore;
          if (gain > bestGain) { bestGain = gain; bf = f; bj = j; bMissLeft = false; }
        }
        if (hm > 0) {
          const gl2 = gl + gm, hl2 = hl + hm;
          gr = nd.G - gl2; hr = nd.H - hl2;
          if (hl2 >= p.minChildWeight && hr >= p.minChildWeight) {
            const gain = (gl2 * gl2) / (hl2 + lam) + (gr * gr) / (hr + lam) - parentScore;
            if (gain > bestGain) { bestGain = gain; bf = f; bj = j; bMissLeft = true; }
          }
        }
      }
    }
    if (bf < 0) continue;
    // partition rows
    const leftRows: number[] = [], rightRows: number[] = [];
    const cut = bj + 1;
    for (const r of nd.rows) {
      const b = Bm[r * F + bf];
      if (b === 0 ? bMissLeft : b <= cut) leftRows.push(r); else rightRows.push(r);
    }
    const L = Uint32Array.from(leftRows), R = Uint32Array.from(rightRows);
    let gl = 0, hl = 0;
    for (const r of L) { gl += g[r]; hl += h[r]; }
    const small = L.length <= R.length ? L : R;
    const hs = hist(small);
    const hb = new Float64Array(nd.hist.length);
    for (let k = 0; k < hb.length; k++) hb[k] = nd.hist[k] - hs[k];
    const lid = newNode(gl, hl), rid = newNode(nd.G - gl, nd.H - hl);
    t.feature[nd.id] = bf; t.threshold[nd.id] = edges[bf][bj]; t.missingLeft[nd.id] = bMissLeft ? 1 : 0;
    t.left[nd.id] = lid; t.right[nd.id] = rid;
    queue.push({ rows: L, hist: small === L ? hs : hb, G: gl, H: hl, depth: nd.depth + 1, id: lid });
    queue.push({ rows: R, hist: small === L ? hb : hs, G: nd.G - gl, H: nd.H - hl, depth: nd.depth + 1, id: rid });
  }
  return t;
}

function predictTreeBinned(t: GbdtModel['trees'][number], Bm: Uint8Array, off: number, edges: Float32Array[]): number {
  let k = 0;
  while (t.feature[k] >= 0) {
    const f = t.feature[k], b = Bm[off + f];
    // bin b holds values <= edges[b-1]; threshold = edges[j] -> left when b <= j+1
    const goLeft = b === 0 ? t.missingLeft[k] === 1 : b === 0 ? false : (b - 1 < edges[f].length ? edges[f][b - 1] <= t.threshold[k] : false);
    k = goLeft ? t.left[k] : t.right[k];
  }
  return t.value[k];
}

function predictTreeRaw(t: GbdtModel['trees'][number], X: Float32Array | Float64Array, off: number): number {
  let k = 0;
  while (t.feature[k] >= 0) {
    const v = X[off + t.feature[k]];
    k = (v !== v ? t.missingLeft[k] === 1 : v <= t.threshold[k]) ? t.left[k] : t.right[k];
  }
  return t.value[k];
}

/** A model flattened into typed arrays for fast scoring. */
export class CompiledGbdt {
  readonly feature: Int32Array; readonly threshold: Float32Array; readonly left: Int32Array; readonly right: Int32Array;
  readonly missingLeft: Uint8Array; readonly value: Float64Array; readonly roots: Int32Array; readonly bias: number;
  readonly F: number;
  private readonly packedI: Int32Array;
  private readonly packedF: Float32Array;
  private readonly depths: Int32Array;
  constructor(readonly model: GbdtModel) {
    let total = 0;
    for (const t of model.trees) total += t.feature.length;
    this.feature = new Int32Array(total); this.threshold = new Float32Array(total); this.left = new Int32Array(total);
    this.right = new Int32Array(total); this.missingLeft = new Uint8Array(total); this.value = new Float64Array(total);
    this.roots = new Int32Array(model.trees.length);
    let off = 0, bias = model.base;
    model.trees.forEach((t, ti) => {
      this.roots[ti] = off;
      for (let k = 0; k < t.feature.length; k++) {
        this.feature[off + k] = t.feature[k]; this.threshold[off + k] = t.threshold[k];
        this.left[off + k] = t.left[k] + off; this.right[off + k] = t.right[k] + off;
        this.missingLeft[off + k] = t.missingLeft[k]; this.value[off + k] = t.value[k];
      }
      bias += t.value[0];
      off += t.feature.length;
    });
    this.bias = bias;
    this.F = model.features.length;
    // packed layout for batch scoring: per node 4 words [feature | missingLeft << 16 (−1 leaf), left*4, right*4, threshold (float32)]
    const buf = new ArrayBuffer(total * 16);
    this.packedI = new Int32Array(buf);
    this.packedF = new Float32Array(buf);
    if (this.F > 0xffff) throw new Error('GBDT: too many features');
    for (let k = 0; k < total; k++) {
      if (this.feature[k] >= 0) {
        if (this.right[k] !== this.left[k] + 1) throw new Error('GBDT: children must be adjacent');
        this.packedI[k * 4] = this.feature[k] | (this.missingLeft[k] << 16);
        this.packedI[k * 4 + 1] = this.left[k] * 4; this.packedI[k * 4 + 2] = this.right[k] * 4;
        this.packedF[k * 4 + 3] = this.threshold[k];
      } else {
        // a leaf loops on itself: feature 0, missing left, threshold +∞
        this.packedI[k * 4] = 1 << 16; this.packedI[k * 4 + 1] = k * 4; this.packedI[k * 4 + 2] = k * 4;
        this.packedF[k * 4 + 3] = Infinity;
      }
    }
    this.depths = Int32Array.from(model.trees, (t) => {
      const depth = (k: number): number => (t.feature[k] < 0 ? 0 : 1 + Math.max(depth(t.left[k]), depth(t.right[k])));
      return depth(0);
    });
  }

  /** Logit of one row (features at X[off..off+F)). */
  logit(X: Float32Array | Float64Array, off: number): number {
    let s = this.model.base;
    const fe = this.feature, th = this.threshold, L = this.left, R = this.right, ml = this.missingLeft;
    for (let t = 0; t < this.roots.length; t++) {
      let k = this.roots[t];
      while (fe[k] >= 0) {
        const v = X[off + fe[k]];
        k = (v !== v ? ml[k] === 1 : v <= th[k]) ? L[k] : R[k];
      }
      s += this.value[k];
    }
    return s;
  }

  /**
   * Logits of rows [from, to) of X (row-major, F columns) into out[from..to). Trees outer, rows in blocks, eight
   * rows walked together for a fixed number of steps (the tree's depth; leaves loop on themselves), branch-free:
   * the walk is bound by load latency, and eight independent walks overlap.
   */
  logits(X: Float32Array, from: number, to: number, out: Float64Array): void {
    const F = this.F, N = this.packedI, T = this.packedF, val = this.value, roots = this.roots, depths = this.depths;
    const BLOCK = 256;
    for (let b0 = from; b0 < to; b0 += BLOCK) {
      const b1 = Math.min(to, b0 + BLOCK);
      for (let i = b0; i < b1; i++) out[i] = this.model.base;
      for (let t = 0; t < roots.length; t++) {
        const root = roots[t] << 2, depth = depths[t];
        let i = b0;
        for (; i + 7 < b1; i += 8) {
          let k0 = root, k1 = root, k2 = root, k3 = root, k4 = root, k5 = root, k6 = root, k7 = root;
          const o0 = i * F, o1 = o0 + F, o2 = o1 + F, o3 = o2 + F, o4 = o3 + F, o5 = o4 + F, o6 = o5 + F, o7 = o6 + F;
          for (let d = 0; d < depth; d++) {
            const c0 = N[k0], c1 = N[k1], c2 = N[k2], c3 = N[k3], c4 = N[k4], c5 = N[k5], c6 = N[k6], c7 = N[k7];
            const v0 = X[o0 + (c0 & 0xffff)], v1 = X[o1 + (c1 & 0xffff)], v2 = X[o2 + (c2 & 0xffff)], v3 = X[o3 + (c3 & 0xffff)], v4 = X[o4 + (c4 & 0xffff)], v5 = X[o5 + (c5 & 0xffff)], v6 = X[o6 + (c6 & 0xffff)], v7 = X[o7 + (c7 & 0xffff)];
            k0 = N[k0 + 1] + ((+(v0 > T[k0 + 3]) | (+(v0 !== v0) & ((c0 >>> 16) ^ 1))) << 2);
            k1 = N[k1 + 1] + ((+(v1 > T[k1 + 3]) | (+(v1 !== v1) & ((c1 >>> 16) ^ 1))) << 2);
            k2 = N[k2 + 1] + ((+(v2 > T[k2 + 3]) | (+(v2 !== v2) & ((c2 >>> 16) ^ 1))) << 2);
            k3 = N[k3 + 1] + ((+(v3 > T[k3 + 3]) | (+(v3 !== v3) & ((c3 >>> 16) ^ 1))) << 2);
            k4 = N[k4 + 1] + ((+(v4 > T[k4 + 3]) | (+(v4 !== v4) & ((c4 >>> 16) ^ 1))) << 2);
            k5 = N[k5 + 1] + ((+(v5 > T[k5 + 3]) | (+(v5 !== v5) & ((c5 >>> 16) ^ 1))) << 2);
            k6 = N[k6 + 1] + ((+(v6 > T[k6 + 3]) | (+(v6 !== v6) & ((c6 >>> 16) ^ 1))) << 2);
            k7 = N[k7 + 1] + ((+(v7 > T[k7 + 3]) | (+(v7 !== v7) & ((c7 >>> 16) ^ 1))) << 2);
          }
          out[i + 0] += val[k0 >> 2]; out[i + 1] += val[k1 >> 2]; out[i + 2] += val[k2 >> 2]; out[i + 3] += val[k3 >> 2]; out[i + 4] += val[k4 >> 2]; out[i + 5] += val[k5 >> 2]; out[i + 6] += val[k6 >> 2]; out[i + 7] += val[k7 >> 2];
        }
        for (; i < b1; i++) {
          let k = root;
          const off = i * F;
          for (let d = 0; d < depth; d++) {
            const c = N[k], v = X[off + (c & 0xffff)];
            k = N[k + 1] + ((+(v > T[k + 3]) | (+(v !== v) & ((c >>> 16) ^ 1))) << 2);
          }
          out[i] += val[k >> 2];
        }
      }
    }
  }

  /** Saabas contributions: out[f] for each feature; bias + Σ out = logit (returned). */
  contributions(X: Float32Array | Float64Array, off: number, out: Float64Array): number {
    out.fill(0);
    let s = this.bias;
    const fe = this.feature, th = this.threshold, L = this.left, R = this.right, ml = this.missingLeft, val = this.value;
    for (let t = 0; t < this.roots.length; t++) {
      let k = this.roots[t];
      while (fe[k] >= 0) {
        const f = fe[k];
        const v = X[off + f];
        const nk = (v !== v ? ml[k] === 1 : v <= th[k]) ? L[k] : R[k];
        out[f] += val[nk] - val[k];
        s += val[nk] - val[k];
        k = nk;
      }
    }
    return s;
  }
}

export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
