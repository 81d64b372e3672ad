/**
 * Exchange rates as data: features and thresholds compare amounts in one reporting currency (default USD).
 * A rate table is a list of (currency, valid from, units of the reporting currency per unit); the rate of a
 * date is the last entry at or before it (the first entry before the table starts). Currency names are ISO 4217
 * codes; AMLworld's names ('US Dollar', 'Mexican Peso', …) are mapped to them. An amount in a currency the table
 * does not know (or with no currency) is taken as it is: the table never invents a rate.
 *
 * DEFAULT_RATES is a starting table only: approximate calendar-year averages (rounded to 3 significant digits)
 * of the rates the Federal Reserve publishes (H.10 / G.5A annual averages; MXN also Banco de México's FIX), entered
 * by hand, not an official copy. Load the official daily or monthly rates with `parseRates` (CSV
 * `currency,from,rate`: 'rate' = USD per unit, or per unit of the table's reporting currency) for real use.
 */
import { dateSeconds } from './table';

export interface RateEntry {
  /** ISO 4217 code. */
  currency: string;
  /** Valid from (inclusive), YYYY-MM-DD; it stays valid until the next entry of the same currency. */
  from: string;
  /** Units of the reporting currency per one unit of `currency`. */
  rate: number;
}

export interface RateTable {
  /** ISO 4217 code every amount is converted to. */
  reporting: string;
  /** Where the rates come from (shown with explanations). */
  source: string;
  rates: RateEntry[];
}

/** AMLworld (Altman et al. 2023) currency names → ISO 4217. */
export const CURRENCY_ALIASES: Readonly<Record<string, string>> = {
  'US DOLLAR': 'USD', 'MEXICAN PESO': 'MXN', EURO: 'EUR', 'UK POUND': 'GBP', 'CANADIAN DOLLAR': 'CAD', 'AUSTRALIAN DOLLAR': 'AUD',
  'SWISS FRANC': 'CHF', YEN: 'JPY', YUAN: 'CNY', RUPEE: 'INR', RUBLE: 'RUB', 'BRAZIL REAL': 'BRL', 'SAUDI RIYAL': 'SAR',
  SHEKEL: 'ILS', BITCOIN: 'XBT', DOLLAR: 'USD', PESO: 'MXN',
};

/** ISO code of a currency as a source writes it ('US Dollar', 'usd', 'MXN'), or '' when empty. */
export function currencyCode(name: string): string {
  const n = name.trim().toUpperCase();
  return CURRENCY_ALIASES[n] ?? n;
}

const y = (year: number, usdPerUnit: Record<string, number>): RateEntry[] =>
  Object.entries(usdPerUnit).map(([currency, rate]) => ({ currency, from: `${year}-01-01`, rate }));

/**
 * Approximate annual averages, USD per unit (MXN, EUR, CAD, GBP, JPY, CNY), 2017–2025: see the note at the top.
 * Bitcoin (XBT) is left out on purpose: its rate moves too much within a year for an annual figure.
 */
export const DEFAULT_RATES: RateTable = {
  reporting: 'USD',
  source: 'approximate annual averages after Federal Reserve H.10/G.5A and Banxico FIX, rounded; a starting table, not an official copy',
  rates: [
    { currency: 'USD', from: '1970-01-01', rate: 1 },
    ...y(2017, { MXN: 0.0529, EUR: 1.13, CAD: 0.771, GBP: 1.29, JPY: 0.00891, CNY: 0.148 }),
    ...y(2018, { MXN: 0.052, EUR: 1.18, CAD: 0.772, GBP: 1.34, JPY: 0.00906, CNY: 0.151 }),
    ...y(2019, { MXN: 0.0519, EUR: 1.12, CAD: 0.754, GBP: 1.28, JPY: 0.00917, CNY: 0.145 }),
    ...y(2020, { MXN: 0.0467, EUR: 1.14, CAD: 0.746, GBP: 1.28, JPY: 0.00937, CNY: 0.145 }),
    ...y(2021, { MXN: 0.0493, EUR: 1.18, CAD: 0.798, GBP: 1.38, JPY: 0.00911, CNY: 0.155 }),
    ...y(2022, { MXN: 0.0497, EUR: 1.05, CAD: 0.769, GBP: 1.24, JPY: 0.00763, CNY: 0.149 }),
    ...y(2023, { MXN: 0.0564, EUR: 1.08, CAD: 0.741, GBP: 1.24, JPY: 0.00713, CNY: 0.141 }),
    ...y(2024, { MXN: 0.0547, EUR: 1.08, CAD: 0.730, GBP: 1.28, JPY: 0.00661, CNY: 0.139 }),
    ...y(2025, { MXN: 0.0521, EUR: 1.13, CAD: 0.716, GBP: 1.32, JPY: 0.00668, CNY: 0.139 }),
  ],
};

/** A rate table compiled for lookups by currency code and time (epoch seconds). */
export class Rates {
  readonly reporting: string;
  readonly source: string;
  private readonly byCurrency = new Map<string, { from: Float64Array; rate: Float64Array }>();

  constructor(table: RateTable = DEFAULT_RATES) {
    this.reporting = currencyCode(table.reporting);
    this.source = table.source;
    const groups = new Map<string, Array<{ t: number; rate: number }>>();
    for (const e of table.rates) {
      const t = dateSeconds(e.from);
      if (Number.isNaN(t)) throw new Error(`rate table: bad date ${e.from} for ${e.currency}`);
      if (!(e.rate > 0) || !Number.isFinite(e.rate)) throw new Error(`rate table: rate must be > 0 (${e.currency} ${e.from})`);
      const c = currencyCode(e.currency);
      const g = groups.get(c) ?? [];
      g.push({ t, rate: e.rate });
      groups.set(c, g);
    }
    for (const [c, g] of groups) {
      g.sort((a, b) => a.t - b.t);
      this.byCurrency.set(c, { from: Float64Array.from(g, (x) => x.t), rate: Float64Array.from(g, (x) => x.rate) });
    }
    if (!this.byCurrency.has(this.reporting)) this.byCurrency.set(this.reporting, { from: Float64Array.of(-Infinity), rate: Float64Array.of(1) });
  }

  /** Units of the reporting currency per unit of `currency` at `time`, or NaN when the table has no rate for it. */
  rate(currency: string, time: number): number {
    const s = this.byCurrency.get(currencyCode(currency));
    if (!s) return NaN;
    let lo = 0, hi = s.from.length - 1;
    if (time < s.from[0]) return s.rate[0];
    while (lo < hi) { const m = (lo + hi + 1) >> 1; if (s.from[m] <= time) lo = m; else hi = m - 1; }
    return s.rate[lo];
  }

  /** The rate at `time` and the interval it holds for (unknown currency: 1 everywhere), for callers that cache it. */
  segment(currency: string, time: number): { rate: number; from: number; to: number } {
    const s = this.byCurrency.get(currencyCode(currency));
    if (!s) return { rate: 1, from: -Infinity, to: Infinity };
    let lo = 0, hi = s.from.length - 1;
    if (time < s.from[0]) return { rate: s.rate[0], from: -Infinity, to: s.from[0] };
    while (lo < hi) { const m = (lo + hi + 1) >> 1; if (s.from[m] <= time) lo = m; else hi = m - 1; }
    return { rate: s.rate[lo], from: s.from[lo], to: lo + 1 < s.from.length ? s.from[lo + 1] : Infinity };
  }

  /** The amount in the reporting currency; an unknown or empty currency leaves the amount as it is. */
  convert(amount: number, currency: string, time: number): number {
    const r = this.rate(currency, time);
    return Number.isNaN(r) ? amount : amount * r;
  }

  /** An amount in the reporting currency expressed in `currency` (the inverse of convert); unknown → as it is. */
  convertTo(amount: number, currency: string, time: number): number {
    const r = this.rate(currency, time);
    return Number.isNaN(r) ? amount : amount / r;
  }

  knows(currency: string): boolean { return this.byCurrency.has(currencyCode(currency)); }
}

/** A rate file that cannot be read: no usable header, or a bad row (1-based line). Callers word it in both languages. */
export class RateFileError extends Error {
  constructor(readonly reason: 'header' | 'row', readonly line: number | null) {
    super(reason === 'header' ? 'rate file: the header must name currency, from (or date) and rate'
      : `rate file line ${line}: expected currency,from (YYYY-MM-DD),rate > 0`);
    this.name = 'RateFileError';
  }
}

/**
 * Reads a rate file: CSV with a header naming `currency`, `from` (or `date`) and `rate` (units of the reporting
 * currency per unit), any order; lines starting with '#' are comments. Errors name the line.
 */
export function parseRates(text: string, reporting = 'USD', source = 'rate file'): RateTable {
  const lines = text.split(/\r?\n/);
  let head: string[] | undefined;
  const rates: RateEntry[] = [];
  lines.forEach((raw, k) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const cells = line.split(',').map((c) => c.trim());
    if (!head) {
      head = cells.map((c) => c.toLowerCase());
      if (!['currency', 'rate'].every((c) => head!.includes(c)) || !(head.includes('from') || head.includes('date'))) {
        throw new RateFileError('header', k + 1);
      }
      return;
    }
    const at = (name: string, alt?: string) => { let i = head!.indexOf(name); if (i < 0 && alt) i = head!.indexOf(alt); return i < 0 ? undefined : cells[i]; };
    const currency = at('currency'), from = at('from', 'date'), rate = Number(at('rate'));
    if (!currency || !from || Number.isNaN(dateSeconds(from)) || !(rate > 0)) throw new RateFileError('row', k + 1);
    rates.push({ currency: currencyCode(currency), from, rate });
  });
  if (!head) throw new RateFileError('header', null);
  return { reporting, source, rates };
}
