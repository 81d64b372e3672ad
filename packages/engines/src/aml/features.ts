/**
 * Windowed graph and time features per transaction, computed incrementally in time order: each row's
 * features use only the state built from earlier rows (same-time rows earlier in the processing order count
 * as earlier), then the row updates the state. A new day of transactions therefore never recomputes history:
 * keep the FeatureState and feed it the new rows.
 *
 * Nothing here looks at account ids, bank names or absolute dates: only counts, sums, ages, gaps, ratios
 * and graph shapes, so a model carries over to other data (a differently generated labelled set).
 * "Windows" are exponentially decayed counters (half-lives of 1, 7 and 30 days): O(1) per update, no event
 * lists, and smooth where a hard window would cliff.
 */
import { DAY, type TxTable } from './table';
import type { PackedState } from './snapshot';
import { DEFAULT_RATES, Rates, type RateTable } from './rates';
import { applicableRules, compileThresholds, thresholdInReporting, type CompiledRule, type ThresholdRule, DEFAULT_THRESHOLDS } from './thresholds';

const HALF_LIVES = [1, 7, 30] as const;
const K = 8; // upstream origins remembered per account (cycle / return-flow indicator)
const UP_WINDOW = 45 * DAY; // a chain must have started within this window
const MAX_HOPS = 8;

const KNOWN_TYPES = ['TRANSFER', 'WIRE', 'ACH', 'CHEQUE', 'CHECK', 'CASH', 'CREDIT CARD', 'DEBIT', 'PAYMENT', 'DEPOSIT',
  'CASH-IN', 'CASH-OUT', 'BITCOIN', 'REINVESTMENT', 'CARD'];

const side = (p: string) => [
  `${p}_is_new`, `${p}_age_days`, `${p}_out_count`, `${p}_in_count`, `${p}_out_counterparties`, `${p}_in_counterparties`,
  `${p}_out_novel_frac`, `${p}_in_novel_frac`,
  ...HALF_LIVES.flatMap((h) => [`${p}_out_count_${h}d`, `${p}_in_count_${h}d`]),
  `${p}_fan_out_7d`, `${p}_fan_in_7d`, `${p}_fan_out_30d`, `${p}_fan_in_30d`,
  `${p}_days_since_out`, `${p}_days_since_in`, `${p}_out_in_balance_30d`, `${p}_amount_vs_mean_out`, `${p}_amount_vs_mean_in`,
  `${p}_upstream_size`, `${p}_thin_counterparties_30d`,
];

/** Feature names, in column order. */
export const FEATURE_NAMES: readonly string[] = [
  'amount_log', 'amount_roundness', 'amount_cents_zero', 'threshold_gap', 'below_threshold_7d', 'type_code', 'is_cash',
  'cross_currency', 'same_bank',
  'pair_prev_count', 'pair_days_since', 'pair_novel', 'reverse_prev_count', 'pair_age_days',
  'pass_through_in_sum_ratio_7d', 'pass_through_last_in_ratio', 'pass_through_days_since_in', 'orig_inflow_novel_7d',
  'cycle_hops', 'bene_shares_upstream', 'novel_chain_in', 'orig_days_since_novel_in',
  ...side('orig'), ...side('bene'),
];
export const FEATURE_COUNT = FEATURE_NAMES.length;

export interface FeatureOptions {
  thresholds?: ThresholdRule[];
  /** Amounts are compared in the table's reporting currency (default DEFAULT_RATES, USD). */
  rates?: RateTable;
}

/** Incremental per-account and per-pair state. */
export class FeatureState {
  private cap = 0;
  firstSeen = new Float64Array(0);
  lastOut = new Float64Array(0);
  lastIn = new Float64Array(0);
  lastInAmount = new Float64Array(0);
  novelInChain = new Float64Array(0);
  novelInTime = new Float64Array(0);
  cntOut = new Float64Array(0);
  cntIn = new Float64Array(0);
  sumOut = new Float64Array(0);
  sumIn = new Float64Array(0);
  distOut = new Float64Array(0);
  distIn = new Float64Array(0);
  decT = new Float64Array(0); // time of the last decay
  // decayed: [cOut1,cIn1,cOut7,cIn7,cOut30,cIn30, nOut7,nIn7,nOut30,nIn30, sOut30,sIn30, sIn7, below7, novelIn7, thinCp30]
  dec = new Float64Array(0);
  upId = new Int32Array(0);
  upTime = new Float64Array(0);
  upHop = new Uint8Array(0);
  pairs = new Map<number, number>(); // o * stride + b -> slot
  // A power of two above every account index: keys stay small integers (fast Map keys) for up to ~46k accounts.
  private stride = 1024;
  pairCount: number[] = [];
  pairLast: number[] = [];
  pairFirst: number[] = [];
  private readonly rules: CompiledRule[];
  // Caches keyed on a table's interned codes (place, currency, type): valid for one table, reset for another.
  private cacheTable: TxTable | undefined;
  private readonly ruleCache = new Map<number, CompiledRule[]>();
  private typeCode: number[] = [];
  private typeCash: number[] = [];
  static readonly D = 16;
  private rates: number[] = [];
  private readonly fx: Rates;
  private fxCache: Array<{ rate: number; from: number; to: number } | undefined> = [];

  constructor(opts: FeatureOptions = {}) {
    this.rules = compileThresholds(opts.thresholds ?? DEFAULT_THRESHOLDS);
    this.rates = HALF_LIVES.map((h) => Math.LN2 / (h * DAY));
    this.fx = new Rates(opts.rates ?? DEFAULT_RATES);
  }

  /** Units of the reporting currency per unit of row i's currency at its time (1 when the currency is unknown). */
  private fxRate(t: TxTable, i: number): number {
    const ci = t.currency[i], time = t.time[i];
    let c = this.fxCache[ci];
    if (!c || time < c.from || time >= c.to) { c = this.fx.segment(t.currencies[ci] ?? '', time); this.fxCache[ci] = c; }
    return c.rate;
  }

  private ensure(n: number) {
    if (n > this.stride) this.pairs = restride(this.pairs, this.stride, (this.stride = strideFor(n)));
    if (n <= this.cap) return;
    const cap = Math.max(n, this.cap * 2, 1024);
    const g = <T extends Float64Array | Int32Array | Uint8Array>(a: T, per: number, fill?: number): T => {
      const b = new (a.constructor as new (n: number) => T)(cap * per);
      if (fill !== undefined) b.fill(fill);
      b.set(a);
      return b;
    };
    this.firstSeen = g(this.firstSeen, 1, NaN); this.lastOut = g(this.lastOut, 1, NaN); this.lastIn = g(this.lastIn, 1, NaN);
    this.lastInAmount = g(this.lastInAmount, 1, NaN);
    this.novelInChain = g(this.novelInChain, 1); this.novelInTime = g(this.novelInTime, 1, NaN);
    this.cntOut = g(this.cntOut, 1); this.cntIn = g(this.cntIn, 1); this.sumOut = g(this.sumOut, 1); this.sumIn = g(this.sumIn, 1);
    this.distOut = g(this.distOut, 1); this.distIn = g(this.distIn, 1); this.decT = g(this.decT, 1);
    this.dec = g(this.dec, FeatureState.D);
    this.upId = g(this.upId, K, -1); this.upTime = g(this.upTime, K); this.upHop = g(this.upHop, K);
    this.cap = cap;
  }

  private decay(a: number, t: number) {
    const dt = t - this.decT[a];
    if (dt <= 0) return;
    this.decT[a] = t;
    const f1 = Math.exp(-this.rates[0] * dt), f7 = Math.exp(-this.rates[1] * dt), f30 = Math.exp(-this.rates[2] * dt);
    const o = a * FeatureState.D, d = this.dec;
    d[o] *= f1; d[o + 1] *= f1; d[o + 2] *= f7; d[o + 3] *= f7; d[o + 4] *= f30; d[o + 5] *= f30;
    d[o + 6] *= f7; d[o + 7] *= f7; d[o + 8] *= f30; d[o + 9] *= f30; d[o + 10] *= f30; d[o + 11] *= f30;
    d[o + 12] *= f7; d[o + 13] *= f7; d[o + 14] *= f7; d[o + 15] *= f30;
  }

  /** The lowest reporting threshold that applies to row i, in the reporting currency, or NaN. */
  private thresholdFor(t: TxTable, i: number): number {
    if (!this.rules.length) return NaN;
    const key = ((t.place[i] + 1) * 65_536 + t.currency[i]) * 65_536 + t.type[i];
    let rs = this.ruleCache.get(key);
    if (!rs) {
      const place = t.place[i] >= 0 ? t.places[t.place[i]] : undefined;
      rs = applicableRules(this.rules, place, t.currencies[t.currency[i]] ?? '', t.types[t.type[i]] ?? '', undefined, this.fx);
      this.ruleCache.set(key, rs);
    }
    let best = NaN;
    const time = t.time[i];
    for (const c of rs) {
      if (time < c.from || time >= c.to) continue;
      const a = thresholdInReporting(c, t.currencies[t.currency[i]] ?? '', time, this.fx);
      if (!(a >= best)) best = a;
    }
    return best;
  }

  private typeOf(t: TxTable, i: number): number {
    const ti = t.type[i];
    let c = this.typeCode[ti];
    if (c === undefined) {
      const name = t.types[ti].trim().toUpperCase();
      c = KNOWN_TYPES.indexOf(name);
      if (c < 0) c = name === '' ? 0 : KNOWN_TYPES.length + 1;
      this.typeCode[ti] = c;
      this.typeCash[ti] = name.includes('CASH') ? 1 : 0;
    }
    return c;
  }

  /**
   * The state as arrays (snapshot.ts), to continue later with `FeatureState.restore`. Account indices are the
   * table's: the caller keeps the account list and interns the next tables' accounts in the same order.
   */
  snapshot(): PackedState {
    const n = this.pairCount.length;
    const keys = new Float64Array(n);
    for (const [key, slot] of this.pairs) keys[slot] = pairKey(Math.floor(key / this.stride), key % this.stride); // table-independent
    return {
      meta: { kind: 'features', features: FEATURE_COUNT, cap: this.cap },
      arrays: {
        firstSeen: this.firstSeen, lastOut: this.lastOut, lastIn: this.lastIn, lastInAmount: this.lastInAmount, novelInChain: this.novelInChain,
        novelInTime: this.novelInTime, cntOut: this.cntOut, cntIn: this.cntIn, sumOut: this.sumOut, sumIn: this.sumIn, distOut: this.distOut,
        distIn: this.distIn, decT: this.decT, dec: this.dec, upId: this.upId, upTime: this.upTime, upHop: this.upHop,
        pairKey: keys, pairCount: Float64Array.from(this.pairCount), pairLast: Float64Array.from(this.pairLast), pairFirst: Float64Array.from(this.pairFirst),
      },
    };
  }

  static restore(p: PackedState, opts: FeatureOptions = {}): FeatureState {
    if (p.meta.kind !== 'features' || p.meta.features !== FEATURE_COUNT) throw new Error('the snapshot was taken with a different feature set');
    const s = new FeatureState(opts);
    const a = p.arrays as Record<string, Float64Array<ArrayBuffer>>;
    s.cap = p.meta.cap as number;
    s.firstSeen = a.firstSeen; s.lastOut = a.lastOut; s.lastIn = a.lastIn; s.lastInAmount = a.lastInAmount; s.novelInChain = a.novelInChain;
    s.novelInTime = a.novelInTime; s.cntOut = a.cntOut; s.cntIn = a.cntIn; s.sumOut = a.sumOut; s.sumIn = a.sumIn; s.distOut = a.distOut;
    s.distIn = a.distIn; s.decT = a.decT; s.dec = a.dec; s.upId = p.arrays.upId as Int32Array<ArrayBuffer>; s.upTime = a.upTime; s.upHop = p.arrays.upHop as Uint8Array<ArrayBuffer>;
    s.pairCount = Array.from(a.pairCount); s.pairLast = Array.from(a.pairLast); s.pairFirst = Array.from(a.pairFirst);
    s.stride = strideFor(s.cap);
    a.pairKey.forEach((key, slot) => s.pairs.set(fromPairKey(key, s.stride), slot));
    return s;
  }

  private useTable(t: TxTable) {
    if (t === this.cacheTable) return;
    this.cacheTable = t;
    this.ruleCache.clear(); this.typeCode = []; this.typeCash = []; this.fxCache = [];
  }

  /** Writes row i's features to out[off..off+FEATURE_COUNT) from the state, then adds the row to the state. */
  step(t: TxTable, i: number, out: Float32Array | Float64Array, off: number): void {
    if (t !== this.cacheTable) this.useTable(t);
    const o = t.orig[i], b = t.bene[i], time = t.time[i], amt = t.amount[i] * this.fxRate(t, i); // reporting currency
    this.ensure(Math.max(o, b) + 1);
    this.decay(o, time); this.decay(b, time);
    const d = this.dec, D = FeatureState.D, oo = o * D, bo = b * D;
    const pkey = o * this.stride + b;
    const slot = this.pairs.get(pkey);
    const pairPrev = slot === undefined ? 0 : this.pairCount[slot];
    const rslot = this.pairs.get(b * this.stride + o);
    const revPrev = rslot === undefined ? 0 : this.pairCount[rslot];
    const thr = this.thresholdFor(t, i);
    const gap = thr > 0 ? (thr - amt) / thr : NaN;
    const below = gap > 0 && gap <= 0.15 ? 1 : 0;
    // cycle: is b upstream of o (b's money reached o within the window)?
    let cyc = 0;
    for (let j = 0; j < K; j++) {
      const u = o * K + j;
      if (this.upId[u] === b && time - this.upTime[u] <= UP_WINDOW) { cyc = this.upHop[u] + 1; break; }
    }
    // do o and b share a recent upstream origin (scatter-gather / gather-scatter shapes)?
    let shares = 0;
    for (let j = 0; j < K; j++) {
      const u = o * K + j;
      const id = this.upId[u];
      if (id < 0 || time - this.upTime[u] > UP_WINDOW) continue;
      for (let k = 0; k < K; k++) { const v = b * K + k; if (this.upId[v] === id && time - this.upTime[v] <= UP_WINDOW) { shares++; break; } }
    }
    let k = off;
    const lg = (x: number) => Math.log1p(x);
    const raw = t.amount[i]; // roundness is a habit of the currency the amount was written in
    const round = raw % 1000 === 0 ? 3 : raw % 100 === 0 ? 2 : raw % 10 === 0 ? 1 : 0;
    out[k++] = Math.log1p(amt);
    out[k++] = round;
    out[k++] = Math.abs(raw - Math.round(raw)) < 1e-9 ? 1 : 0;
    out[k++] = Number.isFinite(gap) ? gap : NaN;
    out[k++] = Math.max(d[oo + 13], d[bo + 13]); // just-below-threshold transactions of the sender or of the receiver (smurfing into one account)
    const tc = this.typeOf(t, i);
    out[k++] = tc;
    out[k++] = this.typeCash[t.type[i]];
    out[k++] = t.currency[i] !== t.currencyReceived[i] ? 1 : 0;
    const bo1 = t.accountBank[o], bb1 = t.accountBank[b];
    out[k++] = bo1 >= 0 && bb1 >= 0 ? (bo1 === bb1 ? 1 : 0) : NaN;
    out[k++] = lg(pairPrev);
    out[k++] = slot === undefined ? NaN : (time - this.pairLast[slot]) / DAY;
    out[k++] = pairPrev === 0 ? 1 : 0;
    out[k++] = lg(revPrev);
    out[k++] = slot === undefined ? NaN : (time - this.pairFirst[slot]) / DAY;
    const in7 = d[oo + 12];
    out[k++] = in7 > 0 ? amt / in7 : NaN;
    out[k++] = this.lastInAmount[o] > 0 ? amt / this.lastInAmount[o] : NaN;
    out[k++] = Number.isNaN(this.lastIn[o]) ? NaN : (time - this.lastIn[o]) / DAY;
    out[k++] = d[oo + 14];
    out[k++] = cyc;
    out[k++] = shares;
    const sinceNovelIn = (time - this.novelInTime[o]) / DAY;
    const chainIn = sinceNovelIn <= 7 ? this.novelInChain[o] : 0;
    out[k++] = chainIn;
    out[k++] = Number.isNaN(sinceNovelIn) ? NaN : sinceNovelIn;
    k = this.sideFeatures(o, time, amt, out, k);
    k = this.sideFeatures(b, time, amt, out, k);
    // update
    const thinO = this.cntIn[o] + this.cntOut[o] <= 2 ? 1 : 0, thinB = this.cntIn[b] + this.cntOut[b] <= 2 ? 1 : 0;
    d[oo + 15] += thinB; d[bo + 15] += thinO;
    if (Number.isNaN(this.firstSeen[o])) this.firstSeen[o] = time;
    if (Number.isNaN(this.firstSeen[b])) this.firstSeen[b] = time;
    this.cntOut[o]++; this.sumOut[o] += amt; this.lastOut[o] = time;
    this.cntIn[b]++; this.sumIn[b] += amt; this.lastIn[b] = time; this.lastInAmount[b] = amt;
    d[oo] += 1; d[oo + 2] += 1; d[oo + 4] += 1; d[oo + 10] += amt;
    d[bo + 1] += 1; d[bo + 3] += 1; d[bo + 5] += 1; d[bo + 11] += amt; d[bo + 12] += amt;
    if (below) { d[oo + 13] += 1; d[bo + 13] += 1; }
    if (slot === undefined) {
      this.pairs.set(pkey, this.pairCount.length);
      this.pairCount.push(1); this.pairLast.push(time); this.pairFirst.push(time);
      this.distOut[o]++; this.distIn[b]++;
      d[oo + 6] += 1; d[oo + 8] += 1; d[bo + 7] += 1; d[bo + 9] += 1; d[bo + 14] += 1;
      this.novelInChain[b] = chainIn + 1; this.novelInTime[b] = time;
    } else { this.pairCount[slot]++; this.pairLast[slot] = time; }
    this.propagate(o, b, time);
  }

  private sideFeatures(a: number, time: number, amt: number, out: Float32Array | Float64Array, k: number): number {
    const d = this.dec, o = a * FeatureState.D;
    const seen = !Number.isNaN(this.firstSeen[a]);
    const co = this.cntOut[a], ci = this.cntIn[a];
    out[k++] = seen ? 0 : 1;
    const age = seen ? (time - this.firstSeen[a]) / DAY : 0;
    out[k++] = age;
    out[k++] = Math.log1p(co);
    out[k++] = Math.log1p(ci);
    out[k++] = Math.log1p(this.distOut[a]);
    out[k++] = Math.log1p(this.distIn[a]);
    out[k++] = co > 0 ? this.distOut[a] / co : NaN;
    out[k++] = ci > 0 ? this.distIn[a] / ci : NaN;
    out[k++] = d[o]; out[k++] = d[o + 1]; out[k++] = d[o + 2]; out[k++] = d[o + 3]; out[k++] = d[o + 4]; out[k++] = d[o + 5];
    out[k++] = d[o + 6]; out[k++] = d[o + 7]; out[k++] = d[o + 8]; out[k++] = d[o + 9];
    out[k++] = Number.isNaN(this.lastOut[a]) ? NaN : (time - this.lastOut[a]) / DAY;
    out[k++] = Number.isNaN(this.lastIn[a]) ? NaN : (time - this.lastIn[a]) / DAY;
    out[k++] = d[o + 10] + d[o + 11] > 0 ? (d[o + 10] - d[o + 11]) / (d[o + 10] + d[o + 11]) : NaN;
    out[k++] = co > 0 ? amt / (this.sumOut[a] / co) : NaN;
    out[k++] = ci > 0 ? amt / (this.sumIn[a] / ci) : NaN;
    let up = 0;
    for (let j = 0; j < K; j++) { const u = a * K + j; if (this.upId[u] >= 0 && time - this.upTime[u] <= UP_WINDOW) up++; }
    out[k++] = up;
    out[k++] = d[o + 15];
    return k;
  }

  /** b's upstream origins gain o and o's recent origins (one hop further). */
  private propagate(o: number, b: number, time: number) {
    this.insertUp(b, o, 1, time, time);
    for (let j = 0; j < K; j++) {
      const u = o * K + j;
      const id = this.upId[u];
      if (id < 0 || id === b || time - this.upTime[u] > UP_WINDOW || this.upHop[u] >= MAX_HOPS) continue;
      this.insertUp(b, id, this.upHop[u] + 1, this.upTime[u], time);
    }
  }

  private insertUp(a: number, id: number, hop: number, t0: number, now: number) {
    if (id === a) return;
    let free = -1, oldest = Infinity;
    for (let j = 0; j < K; j++) {
      const u = a * K + j;
      if (this.upId[u] === id) {
        if (t0 > this.upTime[u] || (t0 === this.upTime[u] && hop < this.upHop[u])) { this.upTime[u] = t0; this.upHop[u] = hop; }
        return;
      }
      const age = this.upId[u] < 0 || now - this.upTime[u] > UP_WINDOW ? -Infinity : this.upTime[u];
      if (age < oldest) { oldest = age; free = u; }
    }
    if (free >= 0 && (oldest === -Infinity || t0 > oldest)) { this.upId[free] = id; this.upTime[free] = t0; this.upHop[free] = hop; }
  }
}

/** A pair's key from account indices, independent of the table's size (snapshots, typology windows); < 2^26 accounts. */
export const pairKey = (o: number, b: number) => o * 67_108_864 + b;
/** The in-memory key (o * stride + b) of a pairKey. */
export const fromPairKey = (key: number, stride: number) => { const o = Math.floor(key / 67_108_864); return o * stride + (key - o * 67_108_864); };
/** The smallest power of two ≥ n (and ≥ 1024). */
export const strideFor = (n: number) => { let s = 1024; while (s < n) s *= 2; return s; };
/** Re-keys a map of o * from + b keys to o * to + b. */
export function restride<V>(m: Map<number, V>, from: number, to: number): Map<number, V> {
  const out = new Map<number, V>();
  for (const [k, v] of m) { const o = Math.floor(k / from); out.set(o * to + (k - o * from), v); }
  return out;
}

/** Features for every row (n × FEATURE_COUNT, row-major), processing rows in the given time order. */
export function computeFeatures(t: TxTable, order: Uint32Array, opts: FeatureOptions = {}): Float32Array {
  const F = FEATURE_COUNT;
  const X = new Float32Array(t.size * F);
  const st = new FeatureState(opts);
  for (let r = 0; r < order.length; r++) { const i = order[r]; st.step(t, i, X, i * F); }
  return X;
}
