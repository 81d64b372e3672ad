/**
 * Second-stage ("neighbour risk") features: how risky, by the first-stage model, were the earlier
 * transactions of this sender, this receiver and this pair. Laundering patterns are many transactions among
 * the same few accounts, so a suspicious earlier leg lifts the later ones (and a clean history lowers them).
 * Incremental and causal like features.ts: row i reads the state built from earlier rows, then adds its own
 * first-stage score. Decayed maxima (half-life 7 days) and sums (30 days).
 */
import { fromPairKey, pairKey, restride, strideFor } from './features';
import type { PackedState } from './snapshot';
import { DAY, type TxTable } from './table';

export const NB_FEATURE_NAMES: readonly string[] = [
  'nb_orig_in_max_7d', 'nb_orig_out_max_7d', 'nb_orig_sum_30d', 'nb_bene_in_max_7d', 'nb_bene_out_max_7d', 'nb_bene_sum_30d',
  'nb_pair_last', 'nb_reverse_last', 'nb_orig_last_in',
];
export const NB_COUNT = NB_FEATURE_NAMES.length;

const R7 = Math.LN2 / (7 * DAY), R30 = Math.LN2 / (30 * DAY);

export class NeighbourState {
  private cap = 0;
  private inMax = new Float64Array(0); private inT = new Float64Array(0);
  private outMax = new Float64Array(0); private outT = new Float64Array(0);
  private sum = new Float64Array(0); private sumT = new Float64Array(0);
  private lastIn = new Float64Array(0);
  private pair = new Map<number, number>(); // o * stride + b -> last first-stage score (see FeatureState.stride)
  private stride = 1024;

  private ensure(n: number) {
    if (n > this.stride) this.pair = restride(this.pair, this.stride, (this.stride = strideFor(n)));
    if (n <= this.cap) return;
    const cap = Math.max(n, this.cap * 2, 1024);
    const g = (a: Float64Array, fill = 0) => { const b = new Float64Array(cap).fill(fill); b.set(a); return b; };
    this.inMax = g(this.inMax); this.inT = g(this.inT); this.outMax = g(this.outMax); this.outT = g(this.outT);
    this.sum = g(this.sum); this.sumT = g(this.sumT); this.lastIn = g(this.lastIn, NaN);
    this.cap = cap;
  }

  snapshot(): PackedState {
    return {
      meta: { kind: 'neighbours', count: NB_COUNT, cap: this.cap },
      arrays: {
        inMax: this.inMax, inT: this.inT, outMax: this.outMax, outT: this.outT, sum: this.sum, sumT: this.sumT, lastIn: this.lastIn,
        pairKey: Float64Array.from(this.pair.keys(), (k) => pairKey(Math.floor(k / this.stride), k % this.stride)), pairScore: Float64Array.from(this.pair.values()),
      },
    };
  }

  static restore(p: PackedState): NeighbourState {
    if (p.meta.kind !== 'neighbours' || p.meta.count !== NB_COUNT) throw new Error('the snapshot was taken with a different feature set');
    const s = new NeighbourState();
    const a = p.arrays as Record<string, Float64Array<ArrayBuffer>>;
    s.cap = p.meta.cap as number;
    s.inMax = a.inMax; s.inT = a.inT; s.outMax = a.outMax; s.outT = a.outT; s.sum = a.sum; s.sumT = a.sumT; s.lastIn = a.lastIn;
    s.stride = strideFor(s.cap);
    a.pairKey.forEach((k, j) => s.pair.set(fromPairKey(k, s.stride), a.pairScore[j]));
    return s;
  }

  /** Writes row i's neighbour features at out[off..off+NB_COUNT), then records its first-stage score s. */
  step(t: TxTable, i: number, s: number, out: Float32Array, off: number): void {
    const o = t.orig[i], b = t.bene[i], time = t.time[i];
    this.ensure(Math.max(o, b) + 1);
    const d7 = (v: number, t0: number) => v * Math.exp(-R7 * (time - t0));
    const d30 = (v: number, t0: number) => v * Math.exp(-R30 * (time - t0));
    const pk = o * this.stride + b, rk = b * this.stride + o;
    out[off] = d7(this.inMax[o], this.inT[o]);
    out[off + 1] = d7(this.outMax[o], this.outT[o]);
    out[off + 2] = d30(this.sum[o], this.sumT[o]);
    out[off + 3] = d7(this.inMax[b], this.inT[b]);
    out[off + 4] = d7(this.outMax[b], this.outT[b]);
    out[off + 5] = d30(this.sum[b], this.sumT[b]);
    out[off + 6] = this.pair.get(pk) ?? NaN;
    out[off + 7] = this.pair.get(rk) ?? NaN;
    out[off + 8] = this.lastIn[o];
    // update
    this.outMax[o] = Math.max(out[off + 1], s); this.outT[o] = time;
    this.inMax[b] = Math.max(out[off + 3], s); this.inT[b] = time;
    this.sum[o] = out[off + 2] + s; this.sumT[o] = time;
    this.sum[b] = out[off + 5] + s; this.sumT[b] = time;
    this.pair.set(pk, s);
    this.lastIn[b] = s;
  }
}
