/**
 * Knox test for near-repeat victimisation (Knox 1964; Johnson et al. 2007, J Quant Criminol 23:201) with the
 * band layout of Ratcliffe's Near Repeat Calculator 1.3 (NRC):
 *   spatial rows: "Same location" (distance 0), then `spatialBands` bands of width s ("1 to s", "s+1 to 2s", …),
 *   then "More than ns·s"; temporal columns: `temporalBands` bands of width τ ("0 to τ", "τ+1 to 2τ", …), then
 *   "More than nt·τ". Every pair of events is counted once in one cell.
 * Band convention: an NRC label "a to b" counts distances/days in [a − 1, b) — right-open bands of width s
 * starting at 0 (tobydavies/NearRepeat, MIT, stats/knox.py, notebook "Inconsistency with Near Repeat Calculator").
 * Band k (1-based) is thus [(k − 1)s, ks), the first spatial band excluding the exact 0 of "Same location".
 * NRC 1.3 holds coordinates in single precision (float32: steps of 1/32 m at 350 km, as its verbose output's
 * 7-digit coordinates show), which moves a few pairs across band edges; `singlePrecision: true` rounds the
 * coordinates to float32 first and then reproduces NRC's observed table exactly (all 15 cells on Chicago 2016;
 * with full-precision coordinates the bounded columns are identical and the "More than" column within 7 pairs).
 *
 * Significance by Monte Carlo: the dates are permuted among the events `iterations` times (seeded Fisher–Yates)
 * and the table recomputed; expected = mean of the permuted tables, Knox ratio = observed/expected,
 * p = (1 + #{permuted ≥ observed})/(iterations + 1) (NRC's 20/100/1,000 iterations ↔ p ≥ 0.05/0.01/0.001).
 * Fast route: only pairs closer than the largest spatial band are enumerated (grid hashing); the "More than"
 * row follows from the temporal marginals, which a permutation of dates does not change.
 */
import { mulberry32 } from '../random';

export interface KnoxEvents { x: ArrayLike<number>; y: ArrayLike<number>; /** Day numbers (e.g. days since 1970). */ t: ArrayLike<number> }
export interface KnoxOptions {
  spatialBandwidth: number;
  spatialBands: number;
  temporalBandwidth: number;
  temporalBands: number;
  iterations?: number;
  seed?: number;
  metric?: 'euclidean' | 'manhattan';
  /** Round coordinates to float32 as NRC 1.3 does (default false). */
  singlePrecision?: boolean;
}
export interface KnoxResult {
  /** Row labels (NRC wording, English) and column labels; cells [row][col]. */
  rows: string[];
  cols: string[];
  observed: number[][];
  expected: number[][];
  knoxRatio: number[][];
  pValue: number[][];
  iterations: number;
  pairs: number;
}

export function knoxTest(events: KnoxEvents, opts: KnoxOptions): KnoxResult {
  const n = events.x.length;
  const ev = opts.singlePrecision
    ? { x: Float64Array.from(events.x, Math.fround), y: Float64Array.from(events.y, Math.fround), t: events.t }
    : events;
  const { spatialBandwidth: s, spatialBands: ns, temporalBandwidth: tau, temporalBands: nt } = opts;
  if (!(s > 0) || !(tau > 0) || !(ns >= 1) || !(nt >= 1)) throw new RangeError('bandwidths must be > 0 and band counts ≥ 1');
  const iterations = opts.iterations ?? 99;
  const manhattan = opts.metric === 'manhattan';
  const maxD = s * ns;
  const R = ns + 2; // same location, ns bands, more than
  const C = nt + 1;
  const sBand = (d: number) => (d === 0 ? 0 : d < maxD ? 1 + Math.floor(d / s) : R - 1);
  const tBand = (dt: number) => Math.min(nt, Math.floor(Math.abs(dt) / tau));

  // Near pairs (d < maxD) by grid hashing with cells of size maxD.
  const cellOf = (v: number) => Math.floor(v / maxD);
  const grid = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const key = `${cellOf(ev.x[i])},${cellOf(ev.y[i])}`;
    const list = grid.get(key);
    if (list) list.push(i); else grid.set(key, [i]);
  }
  const pi: number[] = [];
  const pj: number[] = [];
  const pb: number[] = [];
  for (let i = 0; i < n; i++) {
    const cx = cellOf(ev.x[i]);
    const cy = cellOf(ev.y[i]);
    for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) {
      const list = grid.get(`${cx + dx},${cy + dy}`);
      if (!list) continue;
      for (const j of list) {
        if (j <= i) continue;
        const ddx = ev.x[i] - ev.x[j];
        const ddy = ev.y[i] - ev.y[j];
        const d = manhattan ? Math.abs(ddx) + Math.abs(ddy) : Math.sqrt(ddx * ddx + ddy * ddy);
        if (d < maxD) { pi.push(i); pj.push(j); pb.push(sBand(d)); }
      }
    }
  }
  const I = Int32Array.from(pi);
  const J = Int32Array.from(pj);
  const SB = Int8Array.from(pb);

  // Temporal marginals over all pairs (invariant under permutation of the dates).
  const days = Array.from(ev.t as ArrayLike<number>, (v) => Math.round(v));
  let dmin = Infinity;
  for (const d of days) dmin = Math.min(dmin, d);
  const hist = new Map<number, number>();
  for (const d of days) hist.set(d - dmin, (hist.get(d - dmin) ?? 0) + 1);
  const keys = [...hist.keys()];
  const colTotal = new Array<number>(C).fill(0);
  for (const a of keys) for (const b of keys) {
    if (b < a) continue;
    const ca = hist.get(a)!;
    const cb = hist.get(b)!;
    colTotal[tBand(b - a)] += a === b ? (ca * (ca - 1)) / 2 : ca * cb;
  }

  const table = (t: ArrayLike<number>): number[][] => {
    const m = Array.from({ length: R }, () => new Array<number>(C).fill(0));
    for (let k = 0; k < I.length; k++) m[SB[k]][tBand(t[I[k]] - t[J[k]])]++;
    for (let c = 0; c < C; c++) {
      let near = 0;
      for (let r = 0; r < R - 1; r++) near += m[r][c];
      m[R - 1][c] = colTotal[c] - near;
    }
    return m;
  };
  const observed = table(days);
  const rand = mulberry32(opts.seed ?? 20240601);
  const sum = Array.from({ length: R }, () => new Array<number>(C).fill(0));
  const ge = Array.from({ length: R }, () => new Array<number>(C).fill(0));
  const perm = Int32Array.from(days);
  for (let it = 0; it < iterations; it++) {
    for (let a = n - 1; a > 0; a--) {
      const b = Math.floor(rand() * (a + 1));
      const tmp = perm[a]; perm[a] = perm[b]; perm[b] = tmp;
    }
    const m = table(perm);
    for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) {
      sum[r][c] += m[r][c];
      if (m[r][c] >= observed[r][c]) ge[r][c]++;
    }
  }
  const expected = sum.map((row) => row.map((v) => v / iterations));
  const rows = ['Same location'];
  for (let k = 1; k <= ns; k++) rows.push(`${k === 1 ? 1 : (k - 1) * s + 1} to ${k * s}`);
  rows.push(`More than ${ns * s}`);
  const cols: string[] = [];
  for (let k = 1; k <= nt; k++) cols.push(`${k === 1 ? 0 : (k - 1) * tau + 1} to ${k * tau}`);
  cols.push(`More than ${nt * tau}`);
  return {
    rows, cols, observed, expected,
    knoxRatio: observed.map((row, r) => row.map((v, c) => v / expected[r][c])),
    pValue: ge.map((row) => row.map((g) => (g + 1) / (iterations + 1))),
    iterations,
    pairs: (n * (n - 1)) / 2,
  };
}
