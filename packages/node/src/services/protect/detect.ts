/**
 * Alert methods: the early-warning engines with the defaults documented for `puente ew detect`
 * (cli/commands/ew.ts detectSeries: the one place that maps a method name and options onto the engines),
 * applied to a stored series. Parameters are checked here so a rule can never hold options the engines
 * would refuse at run time.
 */
import { detectSeries, EW_METHODS, type DetectOptions, type EwMethod } from '../../../../engines/src/earlywarning/index';
import type { Detection } from '../../../../engines/src/earlywarning/index';
import { periodLabel, stepOf, type PeriodKind } from './periods';

export type MethodId = EwMethod;
export const METHODS: readonly MethodId[] = EW_METHODS;

/** What a rule may set; absent = the method's documented default. `lookback`: alerts only on the last N periods. */
export interface RuleParams {
  alpha?: number; baseline?: number; minSigma?: number; c3?: 'r-compatible' | 'documented';
  k?: number; h?: number; referencePeriods?: number; b?: number; w?: number; limit54?: boolean; guard?: number;
  lookback?: number;
}

const RANGES: Record<string, [number, number, boolean]> = {
  // name: [min, max, integer]
  alpha: [1e-6, 0.5, false], baseline: [3, 104, true], minSigma: [0, 1e6, false], k: [0, 100, false], h: [0, 100, false],
  referencePeriods: [1, 2600, true], b: [1, 10, true], w: [0, 10, true], guard: [0, 10, true], lookback: [1, 2600, true],
};

/** Throws a RangeError naming the first bad parameter. */
export function checkParams(method: string, params: Record<string, unknown>): RuleParams {
  if (!(METHODS as readonly string[]).includes(method)) throw new RangeError(`unknown method ${method}`);
  const out: RuleParams = {};
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null) continue;
    if (k === 'c3') {
      if (v !== 'r-compatible' && v !== 'documented') throw new RangeError(`c3: ${String(v)}`);
      out.c3 = v;
    } else if (k === 'limit54') {
      if (typeof v !== 'boolean') throw new RangeError(`limit54: ${String(v)}`);
      out.limit54 = v;
    } else if (k in RANGES) {
      const [lo, hi, int] = RANGES[k];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi || (int && !Number.isInteger(v))) throw new RangeError(`${k}: ${String(v)}`);
      (out as Record<string, number>)[k] = v;
    } else throw new RangeError(`unknown parameter ${k}`);
  }
  return out;
}

/** Runs `method` on a stored series (null = missing). */
export function detect(values: ReadonlyArray<number | null>, kind: PeriodKind, start: number, method: MethodId, params: RuleParams): Detection {
  const step = stepOf(kind);
  const counts = Float64Array.from(values, (v) => (v === null ? NaN : v));
  // Weeks are dated series for the engines (day numbers, 7 apart); months are month periods.
  const keys = values.map((_, i) => start + i * step);
  const periods = keys.map((k) => periodLabel(kind, k));
  const opts: DetectOptions = {
    method, c3: params.c3, alpha: params.alpha, baseline: params.baseline, minSigma: params.minSigma, b: params.b, w: params.w,
    limit54: params.limit54, k: params.k, h: params.h, referencePeriods: params.referencePeriods, guard: params.guard,
  };
  return detectSeries({ id: 'series', periods, counts, keys }, kind === 'week' ? 'date' : 'month', opts);
}

/** Each parameter the method used, defaults filled in, for an alert's explanation. */
export function effectiveParams(method: MethodId, params: RuleParams, kind: PeriodKind): Record<string, unknown> {
  switch (method) {
    case 'ears-c1': case 'ears-c2': case 'ears-c3':
      return { baseline: params.baseline ?? 7, minSigma: params.minSigma ?? 0, alpha: params.alpha ?? (method === 'ears-c3' ? 0.025 : 0.001),
        ...(method === 'ears-c3' ? { c3: params.c3 ?? 'r-compatible' } : {}) };
    case 'cusum':
      return { k: params.k ?? 1.04, h: params.h ?? 2.26, referencePeriods: params.referencePeriods ?? 'first half of the series', transformation: 'standard' };
    case 'farrington': case 'farrington-noufaily':
      return { freq: kind === 'month' ? 12 : 52, b: params.b ?? 4, w: params.w ?? (kind === 'month' ? 2 : 3), alpha: params.alpha ?? 0.05,
        limit54: params.limit54 ?? true, variant: method === 'farrington' ? 'Farrington et al. 1996' : 'Noufaily et al. 2013' };
    case 'essence':
      return { B: params.baseline ?? 28, g: params.guard ?? 2, switch: 'regression/EWMA (Rnssp)' };
  }
}
