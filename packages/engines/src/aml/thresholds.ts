/**
 * Reporting thresholds as data: structuring (amounts kept just below a reporting threshold) depends on the
 * country, the place and the date. The engine never hard-codes a threshold; callers pass a list of rules
 * (JSON-serialisable), and DEFAULT_THRESHOLDS is only a starting list an analyst can edit.
 */
import { DAY } from './table';

export interface ThresholdRule {
  /** Short name for explanations, e.g. 'US CTR'. */
  name: string;
  /** ISO country code the rule applies in (the country part of a transaction's place), or undefined = any. */
  country?: string;
  /** Places inside the country (the part after '/' in a place, e.g. a ZIP code or municipality); undefined = all. */
  places?: string[];
  /** Currency the amount is expressed in; undefined = any (amounts taken as they are). */
  currency?: string;
  /** Transaction types it applies to (e.g. cash only); undefined = all. */
  types?: string[];
  /** Validity (inclusive from, exclusive to), YYYY-MM-DD; undefined = open. */
  from?: string;
  to?: string;
  /** The reporting threshold: amounts at or above it are reported. */
  amount: number;
}

/**
 * A starting list (edit it as data; verify against the current rules before relying on it):
 * U.S. currency transaction report (31 CFR 1010.311, $10,000 cash); FinCEN's 2025 Southwest-border geographic
 * targeting order (MSBs in listed ZIP codes, $1,000 cash; the ZIP list here is an example subset); Mexico's
 * relevant-operation reports for cash in U.S. dollars (USD 7,500 equivalent per operation, Disposición 4ª of the
 * banking AML rules) — all cash rules.
 */
export const DEFAULT_THRESHOLDS: ThresholdRule[] = [
  { name: 'US CTR', country: 'US', currency: 'USD', amount: 10_000 },
  { name: 'US SW border GTO 2025', country: 'US', places: ['78520', '78521', '78503', '78501', '79901', '79905', '92173', '92154'], currency: 'USD', from: '2025-04-14', to: '2025-10-11', amount: 1_000 },
  { name: 'MX operación relevante (USD)', country: 'MX', currency: 'USD', amount: 7_500 },
];

export interface CompiledRule { rule: ThresholdRule; from: number; to: number; places: Set<string> | null; types: Set<string> | null }

export function compileThresholds(rules: ThresholdRule[]): CompiledRule[] {
  const date = (s: string | undefined, dflt: number) => {
    if (!s) return dflt;
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    if (!m) throw new Error(`bad date in threshold rule: ${s}`);
    return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 1000;
  };
  return rules.map((rule) => {
    if (!(rule.amount > 0)) throw new Error(`threshold rule ${rule.name}: amount must be > 0`);
    return { rule, from: date(rule.from, -Infinity), to: date(rule.to, Infinity), places: rule.places ? new Set(rule.places) : null, types: rule.types ? new Set(rule.types) : null };
  });
}

/**
 * The lowest threshold that applies to a transaction (place 'CC' or 'CC/place', currency, type, time in
 * seconds), or undefined. A transaction without a known place matches only rules without a country.
 */
export function applicableThreshold(rules: CompiledRule[], place: string | undefined, currency: string, type: string, time: number): CompiledRule | undefined {
  let best: CompiledRule | undefined;
  const slash = place ? place.indexOf('/') : -1;
  const country = place ? (slash >= 0 ? place.slice(0, slash) : place) : undefined;
  const sub = place && slash >= 0 ? place.slice(slash + 1) : undefined;
  for (const c of rules) {
    const r = c.rule;
    if (time < c.from || time >= c.to) continue;
    if (r.country && r.country !== country) continue;
    if (c.places && (!sub || !c.places.has(sub))) continue;
    if (r.currency && currency && r.currency !== currency) continue;
    if (c.types && !c.types.has(type)) continue;
    if (!best || r.amount < best.rule.amount) best = c;
  }
  return best;
}

export const daysOf = (seconds: number) => Math.floor(seconds / DAY);
