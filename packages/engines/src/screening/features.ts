/**
 * Qualifiers: what the query says beyond the name (schema, country, birth date) moves the score a little up
 * when it agrees and down when it contradicts, in the manner of logic-v2's qualifiers (country_mismatch −0.2,
 * dob_year_disjoint −0.15, dob_day_disjoint −0.25) and OFAC's own (−0.1 each). Our values, and why:
 *   schema_mismatch     −0.30  a person query against a company or vessel is almost never the same party
 *   country_match       +0.05  weak corroboration: many people share a name within a country
 *   country_mismatch    −0.10  addresses and nationalities on lists are incomplete, so only a mild penalty
 *   dob_match           +0.10  a full date agreeing is strong corroboration
 *   dob_swapped         +0.07  day and month swapped (a documented cross-border distortion, screening.md §7)
 *   dob_year_match      +0.03  year-level agreement
 *   dob_day_mismatch    −0.05  same year, different day: often a typo, so mild
 *   dob_year_mismatch   −0.15  no listed date or range within a year of the query
 * Absent information never counts either way.
 */
import type { Feature } from './types';

export const FEATURE_WEIGHTS = {
  schema_mismatch: -0.3,
  country_match: 0.05,
  country_mismatch: -0.1,
  dob_match: 0.1,
  dob_swapped: 0.07,
  dob_year_match: 0.03,
  dob_day_mismatch: -0.05,
  dob_year_mismatch: -0.15,
} as const;

const GROUP: Record<string, string> = {
  Person: 'person',
  Organization: 'org', Company: 'org', PublicBody: 'org',
  Vessel: 'vessel', Airplane: 'airplane',
};

/** Schemata that cannot be the same kind of party. LegalEntity and unknown schemata agree with everything. */
export function schemaFeature(querySchema: string | undefined, entrySchema: string): Feature | null {
  if (!querySchema) return null;
  const a = GROUP[querySchema];
  const b = GROUP[entrySchema];
  if (!a || !b || a === b) return null;
  return { feature: 'schema_mismatch', weight: FEATURE_WEIGHTS.schema_mismatch, detail: `${querySchema}≠${entrySchema}` };
}

export function countryFeature(queryCountry: string | undefined, entryCountries: string[] | undefined): Feature | null {
  if (!queryCountry || !entryCountries?.length) return null;
  const c = queryCountry.toUpperCase();
  if (entryCountries.includes(c)) return { feature: 'country_match', weight: FEATURE_WEIGHTS.country_match, detail: c };
  return { feature: 'country_mismatch', weight: FEATURE_WEIGHTS.country_mismatch, detail: `${c}∉${entryCountries.join('|')}` };
}

interface DateSpan { from: number; to: number; month?: number; day?: number }

/** 'YYYY', 'YYYY-MM', 'YYYY-MM-DD' or 'YYYY/YYYY' → a year span with optional month/day. */
export function parseDateSpan(s: string): DateSpan | null {
  let m = /^(\d{4})\/(\d{4})$/.exec(s);
  if (m) return { from: +m[1], to: +m[2] };
  m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(s);
  if (!m) return null;
  return { from: +m[1], to: +m[1], month: m[2] ? +m[2] : undefined, day: m[3] ? +m[3] : undefined };
}

export function birthDateFeature(queryDate: string | undefined, entryDates: string[] | undefined): Feature | null {
  if (!queryDate || !entryDates?.length) return null;
  const q = parseDateSpan(queryDate);
  if (!q) return null;
  const spans = entryDates.map(parseDateSpan).filter((d): d is DateSpan => d !== null);
  if (!spans.length) return null;
  const full = (d: DateSpan) => d.day !== undefined && d.month !== undefined && d.from === d.to;
  if (full(q)) {
    for (const d of spans) if (full(d) && d.from === q.from && d.month === q.month && d.day === q.day) {
      return { feature: 'dob_match', weight: FEATURE_WEIGHTS.dob_match, detail: queryDate };
    }
    for (const d of spans) if (full(d) && d.from === q.from && d.month === q.day && d.day === q.month) {
      return { feature: 'dob_swapped', weight: FEATURE_WEIGHTS.dob_swapped, detail: queryDate };
    }
  }
  const inYear = spans.filter((d) => q.from >= d.from && q.from <= d.to);
  if (inYear.length) {
    if (full(q) && inYear.every(full)) return { feature: 'dob_day_mismatch', weight: FEATURE_WEIGHTS.dob_day_mismatch, detail: queryDate };
    return { feature: 'dob_year_match', weight: FEATURE_WEIGHTS.dob_year_match, detail: String(q.from) };
  }
  // a year off by one is a common entry error and not counted against the name
  if (spans.some((d) => q.from >= d.from - 1 && q.from <= d.to + 1)) return null;
  return { feature: 'dob_year_mismatch', weight: FEATURE_WEIGHTS.dob_year_mismatch, detail: `${queryDate}∉${entryDates.join('|')}` };
}
