/**
 * Shared shapes of the aberration detectors. Every detector takes one count series (a Float64Array or number[];
 * NaN = missing, R's NA) and returns arrays of the same length. Points outside [from, to] were not evaluated
 * (their bound is NaN and their alarm NA); inside, NaN/NA mark values the method leaves undefined, as R does.
 */

/** Alarm codes: 1 alarm, 0 no alarm, -1 NA (not evaluated, or undefined at that point). */
export const ALARM = { yes: 1, no: 0, na: -1 } as const;

export interface Detection {
  /** e.g. 'ears-c1', 'farrington-noufaily'. */
  method: string;
  /** First and last evaluated index (0-based, inclusive). from > to when nothing could be evaluated. */
  from: number;
  to: number;
  /** Expected count (baseline mean, fitted μ₀, CUSUM reference m…); NaN where undefined. */
  expected: Float64Array;
  /** Upper bound: the count above which the point alarms (R's `upperbound`); NaN = NA. */
  upperBound: Float64Array;
  /** 1 / 0 / -1 (NA). */
  alarm: Int8Array;
  /** Method-specific statistic (C2/C3 statistic, CUSUM S_t, Farrington score, ESSENCE test statistic). */
  statistic?: Float64Array;
  /** One-sided p-value where the method defines one. */
  pValue?: Float64Array;
  /** Farrington: dispersion φ used for the bound; and whether the time trend was kept (1/0/-1). */
  phi?: Float64Array;
  trend?: Int8Array;
}

export type Series = ArrayLike<number>;

export function emptyDetection(method: string, n: number, from: number, to: number): Detection {
  const expected = new Float64Array(n).fill(NaN);
  const upperBound = new Float64Array(n).fill(NaN);
  const alarm = new Int8Array(n).fill(ALARM.na);
  return { method, from, to, expected, upperBound, alarm };
}

/** R's `x > y` for a 1/0/NA alarm. */
export function greater(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return ALARM.na;
  return x > y ? ALARM.yes : ALARM.no;
}

/** Validates a user-given evaluation range against what a method needs (0-based inclusive indices). */
export function resolveRange(n: number, minFrom: number, range?: { from?: number; to?: number }): { from: number; to: number } {
  const from = range?.from ?? minFrom;
  const to = range?.to ?? n - 1;
  if (!Number.isInteger(from) || !Number.isInteger(to)) throw new RangeError('range bounds must be integers');
  if (from < minFrom) throw new RangeError(`series too short for this range: the first evaluable point is ${minFrom + 1}`);
  return { from, to: Math.min(to, n - 1) };
}
