/**
 * Reporting thresholds as data: structuring (amounts kept just below a reporting threshold) depends on the
 * country, the place and the date. The engine never hard-codes a threshold; callers pass a list of rules
 * (JSON-serialisable), and DEFAULT_THRESHOLDS is only a starting list an analyst can edit.
 */
import { currencyCode, type Rates } from './rates';
import { DAY } from './table';

export interface ThresholdRule {
  /** Short name for explanations, e.g. 'US CTR'. */
  name: string;
  /** ISO country code the rule applies in (the country part of a transaction's place), or undefined = any. */
  country?: string;
  /** Places inside the country (the part after '/' in a place, e.g. a ZIP code or municipality); undefined = all. */
  places?: string[];
  /**
   * Currency the threshold is expressed in (ISO 4217). A transaction in another currency is compared by its
   * equivalent at the date's rate (rates.ts), as the U.S. CTR counts foreign currency and Mexico's rules count the
   * peso equivalent of dollars; when no rate is known for either currency the rule does not apply to it.
   * Undefined: the amount is compared as it is, in the transaction's own currency.
   */
  currency?: string;
  /** Only transactions paid in these currencies (e.g. Mexico's rules on cash in U.S. dollars); undefined = any. */
  paidIn?: string[];
  /** Transaction types it applies to (e.g. cash only; compared case-insensitively); undefined = all. */
  types?: string[];
  /** Validity (inclusive from, exclusive to), YYYY-MM-DD; undefined = open. */
  from?: string;
  to?: string;
  /** The reporting threshold: amounts at or above it are reported. */
  amount: number;
}

const CASH = ['CASH', 'CASH-IN', 'CASH DEPOSIT', 'DEPOSIT', 'CASH-OUT', 'CASH WITHDRAWAL'];

/**
 * A starting list (edit it as data; verify against the current rules before relying on it):
 * U.S. currency transaction report (31 CFR 1010.311: more than $10,000 in currency, U.S. or foreign); FinCEN's 2025
 * Southwest-border geographic targeting order (MSBs in listed ZIP codes, $1,000 cash; the ZIP list here is an
 * example subset); Mexico's relevant-operation report (operaciones relevantes: cash operations of the peso
 * equivalent of USD 7,500 or more, Disposición 4ª of the banking AML rules, DOF 2014) — all cash rules, compared
 * in the rule's currency at the date's rate.
 */
export const DEFAULT_THRESHOLDS: ThresholdRule[] = [
  { name: 'US CTR', country: 'US', currency: 'USD', types: CASH, amount: 10_000 },
  { name: 'US SW border GTO 2025', country: 'US', places: ['78520', '78521', '78503', '78501', '79901', '79905', '92173', '92154'], currency: 'USD', types: CASH, from: '2025-04-14', to: '2025-10-11', amount: 1_000 },
  { name: 'MX operación relevante', country: 'MX', currency: 'USD', types: CASH, amount: 7_500 },
];

export interface CompiledRule { rule: ThresholdRule; from: number; to: number; places: Set<string> | null; types: Set<string> | null; paidIn: Set<string> | null }

export function compileThresholds(rules: ThresholdRule[]): CompiledRule[] {
  const date = (s: string | undefined, dflt: number) => {
    if (!s) return dflt;
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    if (!m) throw new Error(`bad date in threshold rule: ${s}`);
    return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 1000;
  };
  return rules.map((rule) => {
    if (!(rule.amount > 0)) throw new Error(`threshold rule ${rule.name}: amount must be > 0`);
    return {
      rule, from: date(rule.from, -Infinity), to: date(rule.to, Infinity), places: rule.places ? new Set(rule.places) : null,
      types: rule.types ? new Set(rule.types.map((x) => x.trim().toUpperCase())) : null, paidIn: rule.paidIn ? new Set(rule.paidIn.map(currencyCode)) : null,
    };
  });
}

/**
 * The rules that apply to a transaction (place 'CC' or 'CC/place', currency, type, time in seconds), whatever its
 * amount (time undefined: at any time). A transaction without a known place matches only rules without a country. Without `rates`, a rule with
 * a currency applies only to transactions in that currency (the amounts can be compared as they are).
 */
export function applicableRules(rules: CompiledRule[], place: string | undefined, currency: string, type: string, time: number | undefined, rates?: Rates): CompiledRule[] {
  const slash = place ? place.indexOf('/') : -1;
  const country = place ? (slash >= 0 ? place.slice(0, slash) : place) : undefined;
  const sub = place && slash >= 0 ? place.slice(slash + 1) : undefined;
  const cur = currencyCode(currency), ty = type.trim().toUpperCase();
  return rules.filter((c) => {
    const r = c.rule;
    if (time !== undefined && (time < c.from || time >= c.to)) return false;
    if (r.country && r.country !== country) return false;
    if (c.places && (!sub || !c.places.has(sub))) return false;
    if (c.types && !c.types.has(ty)) return false;
    if (c.paidIn && !c.paidIn.has(cur)) return false;
    if (r.currency && cur) {
      const rc = currencyCode(r.currency);
      if (rc !== cur && !(rates && rates.knows(rc) && rates.knows(cur))) return false;
    }
    return true;
  });
}

/** The threshold of a rule in the reporting currency at `time` (the rule's currency, else the transaction's). */
export function thresholdInReporting(c: CompiledRule, currency: string, time: number, rates?: Rates): number {
  const cur = c.rule.currency ?? currency;
  return rates ? rates.convert(c.rule.amount, cur, time) : c.rule.amount;
}

/**
 * The lowest threshold that applies to a transaction, compared in the reporting currency when `rates` are given
 * (without them, amounts as they are), or undefined.
 */
export function applicableThreshold(rules: CompiledRule[], place: string | undefined, currency: string, type: string, time: number, rates?: Rates): CompiledRule | undefined {
  let best: CompiledRule | undefined, bestAmount = Infinity;
  for (const c of applicableRules(rules, place, currency, type, time, rates)) {
    const a = thresholdInReporting(c, currency, time, rates);
    if (a < bestAmount) { best = c; bestAmount = a; }
  }
  return best;
}

export const daysOf = (seconds: number) => Math.floor(seconds / DAY);
