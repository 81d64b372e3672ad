/**
 * Typology detectors: pure, parameterised rules over a transaction's windowed features (features.ts), each
 * returning the typology, a readable reason, the features it looked at and the parameters it used. They run in the same incremental pass as the score, so a new
 * day of data does not recompute history. "Window" counts are the decayed counters of features.ts (half-life
 * 7 or 30 days): a count of 5 means about five events in the recent window, older ones counting less.
 * Thresholds for structuring are data (thresholds.ts), matched on the transaction's country, place and date.
 */
import { FEATURE_NAMES, pairKey } from './features';
import { currencyCode, Rates } from './rates';
import type { PackedState } from './snapshot';
import { DAY, type TxTable } from './table';

export interface DetectorParams {
  /** Distinct new counterparties in the 30-day window for fan-in / fan-out. */
  fanMin: number;
  /** Cycle: money returns to its origin within this many hops (2 = A→B→A is excluded as ordinary return flow). */
  cycleMinHops: number;
  /** Rapid pass-through: out within this many days of the last incoming, amount within [ratioMin, ratioMax] of it. */
  passDays: number; passRatioMin: number; passRatioMax: number;
  /** Structuring: amount within this fraction below a reporting threshold, and at least `structuringCount` such (by the sender or into the receiver) in ~7 days. */
  structuringGap: number; structuringCount: number;
  /** Funnel account and mirror trades (TypologyState). */
  funnel: FunnelParams;
  mirror: MirrorParams;
}

/**
 * Funnel account (FinCEN advisory FIN-2014-A005: cash deposited into one account in many places, withdrawn or
 * sent on elsewhere, often across the border): a transfer out of an account flagged when, within `windowDays`,
 * the account took at least `minDeposits` cash deposits at `minPlaces` distinct places (branches, ZIP codes,
 * municipalities) and its cross-border outflow in the window (this transfer included) is at least `minOutShare`
 * of the deposits, both in the reporting currency. Cross-border: the transfer's country differs from a deposit's
 * country, or it is paid in one currency and received in another.
 */
export interface FunnelParams { windowDays: number; minDeposits: number; minPlaces: number; minOutShare: number; depositTypes: string[] }

/**
 * Mirror trades (the Deutsche Bank Moscow–London scheme, NYDFS consent order 2017): value goes one way between two
 * holders in one currency or country and comes back, of equal value, the other way in another currency or country.
 * A transfer is flagged when, within `windowDays` before it, a transfer went the opposite way between the same two
 * holders (accounts grouped by holder when the caller knows holders, else the accounts themselves) with an amount
 * equal within `tolerance` (relative, in the reporting currency), at least `minAmount`, in another currency or
 * another country.
 */
export interface MirrorParams { windowDays: number; tolerance: number; minAmount: number }

export const DEFAULT_DETECTORS: DetectorParams = {
  fanMin: 5, cycleMinHops: 2, passDays: 2, passRatioMin: 0.85, passRatioMax: 1, structuringGap: 0.1, structuringCount: 2,
  funnel: { windowDays: 30, minDeposits: 3, minPlaces: 3, minOutShare: 0.5, depositTypes: ['CASH', 'CASH-IN', 'CASH DEPOSIT', 'DEPOSIT'] },
  mirror: { windowDays: 10, tolerance: 0.02, minAmount: 1_000 },
};

export const TYPOLOGIES = ['structuring', 'funnel', 'mirror_trade', 'cycle', 'scatter_gather', 'gather_scatter', 'fan_in', 'fan_out', 'pass_through'] as const;
export type Typology = (typeof TYPOLOGIES)[number];

const ix = (name: string) => { const i = FEATURE_NAMES.indexOf(name); if (i < 0) throw new Error(name); return i; };
const I = {
  gap: ix('threshold_gap'), below7: ix('below_threshold_7d'), novel: ix('pair_novel'), cyc: ix('cycle_hops'), shares: ix('bene_shares_upstream'),
  passRatio: ix('pass_through_last_in_ratio'), passDays: ix('pass_through_days_since_in'),
  oFanOut: ix('orig_fan_out_30d'), oFanIn: ix('orig_fan_in_30d'), bFanIn: ix('bene_fan_in_30d'), bFanOut: ix('bene_fan_out_30d'),
};

export interface Detection {
  typology: Typology;
  reason: string;
  /** What the detector looked at (feature or window values). */
  features: Record<string, number>;
  /** The parameters it used. */
  params: Record<string, number | string>;
}

/** The first matching typology (most specific first) for one feature row, or undefined. */
export function detect(X: Float32Array | Float64Array, off: number, p: DetectorParams = DEFAULT_DETECTORS): Detection | undefined {
  const v = (i: number) => X[off + i];
  const r1 = (x: number) => Math.round(x * 1000) / 1000;
  const gap = v(I.gap);
  if (gap > 0 && gap <= p.structuringGap && v(I.below7) + 1.5 >= p.structuringCount) {
    return {
      typology: 'structuring', reason: `amount ${(gap * 100).toFixed(1)} % below a reporting threshold; ${Math.round(v(I.below7) + 1)} such by the sender or into the receiver in ~7 days`,
      features: { threshold_gap: r1(gap), below_threshold_7d: r1(v(I.below7)) }, params: { structuringGap: p.structuringGap, structuringCount: p.structuringCount },
    };
  }
  if (v(I.cyc) > p.cycleMinHops) {
    return { typology: 'cycle', reason: `money from the receiver reached the sender in ${v(I.cyc) - 1} hops: this transfer closes a cycle of ${v(I.cyc)}`, features: { cycle_hops: v(I.cyc) }, params: { cycleMinHops: p.cycleMinHops } };
  }
  if (v(I.novel) === 1 && v(I.shares) > 0 && v(I.bFanIn) + 1.5 >= 3) {
    return {
      typology: 'scatter_gather', reason: `sender and receiver share a recent upstream origin; the receiver gathers from ${Math.round(v(I.bFanIn) + 1)} new senders`,
      features: { pair_novel: 1, bene_shares_upstream: v(I.shares), bene_fan_in_30d: r1(v(I.bFanIn)) }, params: { minGather: 3 },
    };
  }
  if (v(I.novel) === 1 && v(I.oFanIn) + 0.5 >= p.fanMin - 1 && v(I.oFanOut) + 1.5 >= 2) {
    return {
      typology: 'gather_scatter', reason: `the sender gathered from ~${Math.round(v(I.oFanIn))} new senders and now scatters to new receivers`,
      features: { pair_novel: 1, orig_fan_in_30d: r1(v(I.oFanIn)), orig_fan_out_30d: r1(v(I.oFanOut)) }, params: { fanMin: p.fanMin },
    };
  }
  if (v(I.novel) === 1 && v(I.bFanIn) + 1.5 >= p.fanMin) {
    return { typology: 'fan_in', reason: `receiver has ~${Math.round(v(I.bFanIn) + 1)} new senders in ~30 days`, features: { pair_novel: 1, bene_fan_in_30d: r1(v(I.bFanIn)) }, params: { fanMin: p.fanMin } };
  }
  if (v(I.novel) === 1 && v(I.oFanOut) + 1.5 >= p.fanMin) {
    return { typology: 'fan_out', reason: `sender has ~${Math.round(v(I.oFanOut) + 1)} new receivers in ~30 days`, features: { pair_novel: 1, orig_fan_out_30d: r1(v(I.oFanOut)) }, params: { fanMin: p.fanMin } };
  }
  const r = v(I.passRatio);
  if (v(I.passDays) <= p.passDays && r >= p.passRatioMin && r <= p.passRatioMax) {
    return {
      typology: 'pass_through', reason: `sender forwards ${(r * 100).toFixed(0)} % of what it received ${r1(v(I.passDays))} days earlier`,
      features: { pass_through_last_in_ratio: r1(r), pass_through_days_since_in: r1(v(I.passDays)) }, params: { passDays: p.passDays, passRatioMin: p.passRatioMin, passRatioMax: p.passRatioMax },
    };
  }
  return undefined;
}

export interface TypologyStateOptions {
  params?: DetectorParams;
  rates?: Rates;
  /** Holder (group) per account index: accounts of one holder count as one party for mirror trades. */
  holderOf?: (account: number) => number;
}

interface Deposit { t: number; place: string; amount: number }
/** One leg of a possible mirror trade: amount in the reporting currency, and as written (raw) with its id. */
interface Leg { t: number; amount: number; currency: string; country: string; id: string; raw: number }

const countryOf = (place: string | undefined) => (place ? place.split('/')[0]!.toUpperCase() : '');

/**
 * Detectors that need a window of raw events rather than decayed counters: funnel accounts and mirror trades.
 * Incremental and causal like FeatureState: `step` reads the state built from earlier rows, then adds the row;
 * the state keeps only each account's events inside the windows (bounded by `windowDays`), so a new day of
 * transactions is fed to the same state and history is never recomputed.
 */
export class TypologyState {
  private readonly p: DetectorParams;
  private readonly rates: Rates;
  private readonly holderOf: (a: number) => number;
  private readonly deposits = new Map<number, Deposit[]>();
  private readonly crossOut = new Map<number, Array<{ t: number; amount: number }>>();
  private readonly legs = new Map<number, Leg[]>();
  private depositType = new Map<number, boolean>();
  private cacheTable: TxTable | undefined;
  private static readonly MAX_LEGS = 64;

  constructor(opts: TypologyStateOptions = {}) {
    this.p = opts.params ?? DEFAULT_DETECTORS;
    this.rates = opts.rates ?? new Rates();
    this.holderOf = opts.holderOf ?? ((a) => a);
  }

  /** The windows' events (JSON-serialisable), to continue later with `TypologyState.restore`. */
  snapshot(): PackedState {
    return { meta: { kind: 'typologies', deposits: [...this.deposits], crossOut: [...this.crossOut], legs: [...this.legs] }, arrays: {} };
  }

  static restore(p: PackedState, opts: TypologyStateOptions = {}): TypologyState {
    if (p.meta.kind !== 'typologies') throw new Error('not a typology-state snapshot');
    const s = new TypologyState(opts);
    for (const [k, v] of p.meta.deposits as Array<[number, Deposit[]]>) s.deposits.set(k, v);
    for (const [k, v] of p.meta.crossOut as Array<[number, Array<{ t: number; amount: number }>]>) s.crossOut.set(k, v);
    for (const [k, v] of p.meta.legs as Array<[number, Leg[]]>) s.legs.set(k, v);
    return s;
  }

  // per-table caches of interned codes: ISO currency, country of a place, rate interval per currency
  private codes: string[] = [];
  private countries: string[] = [];
  private fx: Array<{ rate: number; from: number; to: number } | undefined> = [];
  private useTable(t: TxTable) {
    this.cacheTable = t; this.depositType = new Map(); this.codes = []; this.countries = []; this.fx = [];
  }
  private code(t: TxTable, ci: number): string { return (this.codes[ci] ??= currencyCode(t.currencies[ci] ?? '')); }

  private isDeposit(t: TxTable, i: number): boolean {
    let d = this.depositType.get(t.type[i]);
    if (d === undefined) {
      d = this.p.funnel.depositTypes.map((x) => x.toUpperCase()).includes((t.types[t.type[i]] ?? '').trim().toUpperCase());
      this.depositType.set(t.type[i], d);
    }
    return d;
  }

  /** Funnel or mirror-trade detection for row i from earlier rows, then row i joins the state. */
  step(t: TxTable, i: number): Detection | undefined {
    if (t !== this.cacheTable) this.useTable(t);
    const o = t.orig[i], b = t.bene[i], time = t.time[i];
    const cur = this.code(t, t.currency[i]), curR = this.code(t, t.currencyReceived[i]);
    let fx = this.fx[t.currency[i]];
    if (!fx || time < fx.from || time >= fx.to) fx = this.fx[t.currency[i]] = this.rates.segment(cur, time);
    const amount = t.amount[i] * fx.rate;
    const place = t.place[i] >= 0 ? t.places[t.place[i]] : undefined;
    const country = t.place[i] >= 0 ? (this.countries[t.place[i]] ??= countryOf(place)) : '';
    const deposit = this.isDeposit(t, i);
    let found: Detection | undefined;
    if (!deposit) found = this.funnel(o, time, amount, country, cur, curR);
    if (!found) found = this.mirror(t, i, o, b, time, amount, cur, country);
    // update
    if (deposit && place) push(this.deposits, b, { t: time, place, amount }, time - this.p.funnel.windowDays * DAY);
    const hO = this.holderOf(o), hB = this.holderOf(b);
    // only legs that could be half of a mirror trade are kept: large enough, with a currency or a country
    if (hO !== hB && amount >= this.p.mirror.minAmount * (1 - this.p.mirror.tolerance) && (cur !== '' || country !== '')) {
      const key = pairKey(hO, hB);
      push(this.legs, key, { t: time, amount, currency: cur, country, id: t.ids[i]!, raw: t.amount[i] }, time - this.p.mirror.windowDays * DAY, TypologyState.MAX_LEGS);
    }
    return found;
  }

  private funnel(o: number, time: number, amount: number, country: string, cur: string, curR: string): Detection | undefined {
    const f = this.p.funnel;
    const deps = this.deposits.get(o);
    if (!deps) return undefined;
    const since = time - f.windowDays * DAY;
    prune(deps, since);
    if (deps.length < f.minDeposits) return undefined;
    const places = new Set<string>(), countries = new Set<string>();
    let sum = 0, first = Infinity;
    for (const d of deps) { places.add(d.place); countries.add(countryOf(d.place)); sum += d.amount; first = Math.min(first, d.t); }
    const crossCountry = country !== '' && [...countries].some((c) => c !== '' && c !== country);
    const crossCurrency = cur !== '' && curR !== '' && cur !== curR;
    if (!crossCountry && !crossCurrency) return undefined;
    const outs = this.crossOut.get(o) ?? [];
    prune(outs, since);
    outs.push({ t: time, amount });
    this.crossOut.set(o, outs);
    if (places.size < f.minPlaces) return undefined;
    let out = 0;
    for (const x of outs) out += x.amount;
    const share = sum > 0 ? out / sum : 0;
    if (share < f.minOutShare) return undefined;
    const r2 = (x: number) => Math.round(x * 100) / 100;
    return {
      typology: 'funnel',
      reason: `${deps.length} cash deposits at ${places.size} places in ${Math.ceil((time - first) / DAY)} days (${r2(sum)} ${this.rates.reporting}), ${Math.round(share * 100)} % sent on across the border${crossCountry ? ` (to ${country})` : ` (${cur} → ${curR})`}`,
      features: { deposits: deps.length, distinct_places: places.size, deposit_sum: r2(sum), cross_border_out: r2(out), out_share: r2(share), days: r2((time - first) / DAY) },
      params: { windowDays: f.windowDays, minDeposits: f.minDeposits, minPlaces: f.minPlaces, minOutShare: f.minOutShare, reporting: this.rates.reporting },
    };
  }

  private mirror(t: TxTable, i: number, o: number, b: number, time: number, amount: number, cur: string, country: string): Detection | undefined {
    const m = this.p.mirror;
    if (amount < m.minAmount) return undefined;
    const hO = this.holderOf(o), hB = this.holderOf(b);
    if (hO === hB) return undefined;
    const back = this.legs.get(pairKey(hB, hO));
    if (!back) return undefined;
    prune(back, time - m.windowDays * DAY);
    let best: Leg | undefined, bestDiff = Infinity;
    for (const l of back) {
      const otherCurrency = cur !== '' && l.currency !== '' && cur !== l.currency;
      const otherCountry = country !== '' && l.country !== '' && country !== l.country;
      if (!otherCurrency && !otherCountry) continue;
      const diff = Math.abs(amount - l.amount) / Math.max(amount, l.amount);
      if (diff <= m.tolerance && diff < bestDiff) { best = l; bestDiff = diff; }
    }
    if (!best) return undefined;
    const r2 = (x: number) => Math.round(x * 100) / 100;
    return {
      typology: 'mirror_trade',
      reason: `offsets transfer ${best.id} of ${r2((time - best.t) / DAY)} days earlier in the other direction between the same parties: ${r2(best.raw)} ${best.currency || '?'}${best.country ? ` in ${best.country}` : ''} against ${r2(t.amount[i])} ${cur || '?'}${country ? ` in ${country}` : ''} (${r2(bestDiff * 100)} % apart in ${this.rates.reporting})`,
      features: { amount_reporting: r2(amount), offset_amount_reporting: r2(best.amount), difference: Math.round(bestDiff * 10_000) / 10_000, days_apart: r2((time - best.t) / DAY) },
      params: { windowDays: m.windowDays, tolerance: m.tolerance, minAmount: m.minAmount, reporting: this.rates.reporting, offsets: best.id },
    };
  }
}

/** Drops events older than `since` (lists are in time order). */
function prune<T extends { t: number }>(xs: T[], since: number): void {
  let k = 0;
  while (k < xs.length && xs[k]!.t < since) k++;
  if (k) xs.splice(0, k);
}

function push<T extends { t: number }>(m: Map<number, T[]>, key: number, x: T, since: number, max = Infinity): void {
  let xs = m.get(key);
  if (!xs) m.set(key, (xs = []));
  prune(xs, since);
  xs.push(x);
  if (xs.length > max) xs.shift();
}
