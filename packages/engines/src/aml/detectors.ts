/**
 * Typology detectors: pure, parameterised rules over a transaction's windowed features (features.ts), each
 * returning the typology and a readable reason. They run in the same incremental pass as the score, so a new
 * day of data does not recompute history. "Window" counts are the decayed counters of features.ts (half-life
 * 7 or 30 days): a count of 5 means about five events in the recent window, older ones counting less.
 * Thresholds for structuring are data (thresholds.ts), matched on the transaction's country, place and date.
 */
import { FEATURE_NAMES } from './features';

export interface DetectorParams {
  /** Distinct new counterparties in the 30-day window for fan-in / fan-out. */
  fanMin: number;
  /** Cycle: money returns to its origin within this many hops (2 = A→B→A is excluded as ordinary return flow). */
  cycleMinHops: number;
  /** Rapid pass-through: out within this many days of the last incoming, amount within [ratioMin, ratioMax] of it. */
  passDays: number; passRatioMin: number; passRatioMax: number;
  /** Structuring: amount within this fraction below a reporting threshold, and at least `structuringCount` such (by the sender or into the receiver) in ~7 days. */
  structuringGap: number; structuringCount: number;
}

export const DEFAULT_DETECTORS: DetectorParams = {
  fanMin: 5, cycleMinHops: 2, passDays: 2, passRatioMin: 0.85, passRatioMax: 1, structuringGap: 0.1, structuringCount: 2,
};

export const TYPOLOGIES = ['structuring', 'cycle', 'scatter_gather', 'gather_scatter', 'fan_in', 'fan_out', 'pass_through'] as const;
export type Typology = (typeof TYPOLOGIES)[number];

const ix = (name: string) => { const i = FEATURE_NAMES.indexOf(name); if (i < 0) throw new Error(name); return i; };
const I = {
  gap: ix('threshold_gap'), below7: ix('below_threshold_7d'), novel: ix('pair_novel'), cyc: ix('cycle_hops'), shares: ix('bene_shares_upstream'),
  passRatio: ix('pass_through_last_in_ratio'), passDays: ix('pass_through_days_since_in'),
  oFanOut: ix('orig_fan_out_30d'), oFanIn: ix('orig_fan_in_30d'), bFanIn: ix('bene_fan_in_30d'), bFanOut: ix('bene_fan_out_30d'),
};

export interface Detection { typology: Typology; reason: string }

/** The first matching typology (most specific first) for one feature row, or undefined. */
export function detect(X: Float32Array | Float64Array, off: number, p: DetectorParams = DEFAULT_DETECTORS): Detection | undefined {
  const v = (i: number) => X[off + i];
  const gap = v(I.gap);
  if (gap > 0 && gap <= p.structuringGap && v(I.below7) + 1.5 >= p.structuringCount) {
    return { typology: 'structuring', reason: `amount ${(gap * 100).toFixed(1)} % below a reporting threshold; ${Math.round(v(I.below7) + 1)} such by the sender or into the receiver in ~7 days` };
  }
  if (v(I.cyc) > p.cycleMinHops) return { typology: 'cycle', reason: `money from the receiver reached the sender in ${v(I.cyc) - 1} hops: this transfer closes a cycle of ${v(I.cyc)}` };
  if (v(I.novel) === 1 && v(I.shares) > 0 && v(I.bFanIn) + 1.5 >= 3) {
    return { typology: 'scatter_gather', reason: `sender and receiver share a recent upstream origin; the receiver gathers from ${Math.round(v(I.bFanIn) + 1)} new senders` };
  }
  if (v(I.novel) === 1 && v(I.oFanIn) + 0.5 >= p.fanMin - 1 && v(I.oFanOut) + 1.5 >= 2) {
    return { typology: 'gather_scatter', reason: `the sender gathered from ~${Math.round(v(I.oFanIn))} new senders and now scatters to new receivers` };
  }
  if (v(I.novel) === 1 && v(I.bFanIn) + 1.5 >= p.fanMin) return { typology: 'fan_in', reason: `receiver has ~${Math.round(v(I.bFanIn) + 1)} new senders in ~30 days` };
  if (v(I.novel) === 1 && v(I.oFanOut) + 1.5 >= p.fanMin) return { typology: 'fan_out', reason: `sender has ~${Math.round(v(I.oFanOut) + 1)} new receivers in ~30 days` };
  const r = v(I.passRatio);
  if (v(I.passDays) <= p.passDays && r >= p.passRatioMin && r <= p.passRatioMax) {
    return { typology: 'pass_through', reason: `sender forwards ${(r * 100).toFixed(0)} % of what it received ${v(I.passDays)} days earlier` };
  }
  return undefined;
}
