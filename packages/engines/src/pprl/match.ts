/**
 * Matching of CLK encodings without the secret: Dice similarity of every left/right pair that passes the
 * length filter (exact: a pair it drops cannot reach the threshold), computed by the WebAssembly scanner.
 *
 * Blocking: the popcount length filter is exact and needs no key. For large inputs `blocking: 'lsh'` adds
 * Hamming-LSH on the filters themselves (Karapiperis & Verykios 2015 style): L public random samples of b bit
 * positions; records that agree on all sampled bits of at least one sample are candidates. It needs neither
 * the key nor anything beyond the filters, at the price of a small, measurable loss of recall.
 *
 * One-to-one: for linking two sources in which each person appears at most once (two registers, FEBRL4), a
 * greedy assignment by decreasing Dice keeps for each record only its best partner — the standard anonlink
 * solver. It is optional: when a side has duplicates it would drop true pairs.
 */
import { DiceScanner } from './dice';
import { mulberry32 } from '../random';
import type { ClkRecord } from './encode';

export interface PprlPair { left: string; right: string; score: number }

/**
 * Default operating point: Dice 0.60 on the default (XOR-folded) schema. Folding lowers Dice against the raw
 * filters (anonlink's 0.80 is for unfolded CLKs), so the point was chosen on development sets that are not the
 * benchmark — Febrl dsgen D_10000 and F_10000 (light and heavy corruption) and the generator's U.S.–Mexico set
 * (3,000 per side, seed 5) — as the threshold with the best mean F1 over them (all pairs, no one-to-one).
 */
export const DEFAULT_PPRL_THRESHOLD = 0.6;

/**
 * Operating point with the one-to-one assignment: Dice 0.55, chosen by the same rule on the development sets where
 * each person appears at most once per side (dsgen D_10000 and the generator's U.S.–Mexico set, 3,000 per side,
 * seed 5; F_10000 has up to nine duplicates per record and is no test of a one-to-one assignment). On a 0.05 grid
 * the mean F1 was 0.852 at 0.50, 0.976 at 0.55, 0.966 at 0.60 and 0.907 at 0.65: the assignment keeps each record's
 * best partner only, so a lower threshold costs little precision and recovers pairs whose names were rewritten.
 */
export const DEFAULT_PPRL_ONE_TO_ONE_THRESHOLD = 0.55;

export interface MatchOptions {
  threshold?: number;
  blocking?: 'none' | 'lsh';
  /** keep only a greedy one-to-one assignment (best score first) */
  oneToOne?: boolean;
  /** LSH: number of bit samples and bits per sample (defaults 40 × 16) */
  lshBands?: number;
  lshBits?: number;
}

export interface MatchStats { comparisons: number; candidates: number }

/** Indices of right records that are LSH candidates for each left record (null = no blocking). */
export function lshCandidates(left: Uint8Array[], right: Uint8Array[], bands = 40, bitsPerBand = 16, seed = 0x5eed): Int32Array[] {
  const nbits = (right[0] ?? left[0])?.byteLength * 8 || 0;
  const rnd = mulberry32(seed);
  const samples = Array.from({ length: bands }, () => Array.from({ length: bitsPerBand }, () => Math.floor(rnd() * nbits)));
  const key = (a: Uint8Array, sample: number[]) => {
    let h = '';
    for (const p of sample) h += (a[p >>> 3] >>> (p & 7)) & 1;
    return h;
  };
  const cand = left.map(() => new Set<number>());
  for (const sample of samples) {
    const buckets = new Map<string, number[]>();
    right.forEach((r, j) => { const k = key(r, sample); const b = buckets.get(k); if (b) b.push(j); else buckets.set(k, [j]); });
    left.forEach((l, i) => { for (const j of buckets.get(key(l, sample)) ?? []) cand[i].add(j); });
  }
  return cand.map((c) => Int32Array.from(c));
}

function checkLengths(left: ClkRecord[], right: ClkRecord[]): number {
  const bytes = (left[0] ?? right[0])?.clk.byteLength ?? 0;
  for (const r of [...left, ...right]) if (r.clk.byteLength !== bytes) throw new Error(`encoding ${r.id} has ${r.clk.byteLength * 8} bits, expected ${bytes * 8}`);
  return bytes;
}

/** Pairs with Dice ≥ threshold, in left order then decreasing score. */
export function matchClksWithStats(left: ClkRecord[], right: ClkRecord[], opts: MatchOptions = {}): { pairs: PprlPair[]; stats: MatchStats } {
  const t = opts.threshold ?? DEFAULT_PPRL_THRESHOLD;
  if (!(t > 0 && t <= 1)) throw new Error('threshold must be in (0, 1]');
  const bytes = checkLengths(left, right);
  const pairs: PprlPair[] = [];
  const stats: MatchStats = { comparisons: 0, candidates: 0 };
  if (!left.length || !right.length) return { pairs, stats };
  if (opts.blocking === 'lsh') {
    const cands = lshCandidates(left.map((r) => r.clk), right.map((r) => r.clk), opts.lshBands, opts.lshBits);
    for (let i = 0; i < left.length; i++) {
      const idx = cands[i];
      stats.candidates += idx.length;
      if (!idx.length) continue;
      const scanner = new DiceScanner(Array.from(idx, (j) => right[j].clk), bytes);
      const row: PprlPair[] = [];
      scanner.query(left[i].clk, t, (j, score) => row.push({ left: left[i].id, right: right[idx[j]].id, score }));
      stats.comparisons += scanner.comparisons;
      row.sort((a, b) => b.score - a.score);
      pairs.push(...row);
    }
  } else {
    const scanner = new DiceScanner(right.map((r) => r.clk), bytes);
    for (const l of left) {
      const row: PprlPair[] = [];
      scanner.query(l.clk, t, (j, score) => row.push({ left: l.id, right: right[j].id, score }));
      row.sort((a, b) => b.score - a.score);
      pairs.push(...row);
    }
    stats.comparisons = scanner.comparisons;
    stats.candidates = left.length * right.length;
  }
  return { pairs: opts.oneToOne ? greedyOneToOne(pairs) : pairs, stats };
}

export function matchClks(left: ClkRecord[], right: ClkRecord[], opts: MatchOptions = {}): PprlPair[] {
  return matchClksWithStats(left, right, opts).pairs;
}

/** Greedy one-to-one assignment: pairs by decreasing score (ties by ids), each id used at most once. */
export function greedyOneToOne(pairs: PprlPair[]): PprlPair[] {
  const sorted = [...pairs].sort((a, b) => b.score - a.score || (a.left < b.left ? -1 : a.left > b.left ? 1 : a.right < b.right ? -1 : a.right > b.right ? 1 : 0));
  const usedL = new Set<string>(), usedR = new Set<string>();
  const out: PprlPair[] = [];
  for (const p of sorted) {
    if (usedL.has(p.left) || usedR.has(p.right)) continue;
    usedL.add(p.left);
    usedR.add(p.right);
    out.push(p);
  }
  return out;
}
