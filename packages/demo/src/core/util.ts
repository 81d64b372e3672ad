/** Small helpers shared by the core generators: dates, accent stripping, property bags. */
import type { Rng } from '../rng';

// Dates are ISO `YYYY-MM-DD` strings (they compare correctly as strings) converted to and from day
// numbers with integer arithmetic (H. Hinnant, "chrono-compatible low-level date algorithms"): the
// generator handles millions of dates, and Date objects were its main cost.

/** Days since 1970-01-01 of a proleptic Gregorian date. */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

/** `YYYY-MM-DD` of a day number. */
export function civilFromDays(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** Day number of an ISO date (only its `YYYY-MM-DD` part is read). */
export function dayNumber(iso: string): number {
  return daysFromCivil(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
}

export function addDays(iso: string, days: number): string {
  return civilFromDays(dayNumber(iso) + days);
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** ISO date `years` after `iso` (same month and day; 29 February becomes 1 March in a common year). */
export function addYears(iso: string, years: number): string {
  const y = Number(iso.slice(0, 4)) + years;
  const md = iso.slice(5, 10);
  if (md === '02-29' && !isLeap(y)) return `${String(y).padStart(4, '0')}-03-01`;
  return `${String(y).padStart(4, '0')}-${md}`;
}

/** A uniformly drawn date between two ISO dates (inclusive); `from` when the range is empty. */
export function dateBetween(rng: Rng, from: string, to: string): string {
  const a = dayNumber(from);
  const b = dayNumber(to);
  if (b <= a) return from.slice(0, 10);
  return civilFromDays(a + Math.floor(rng.float() * (b - a + 1)));
}
export function maxDate(...dates: string[]): string {
  let m = dates[0]!;
  for (const d of dates) if (d > m) m = d;
  return m;
}
export function minDate(...dates: string[]): string {
  let m = dates[0]!;
  for (const d of dates) if (d < m) m = d;
  return m;
}

/** Accents removed (á→a, ñ→n, ü→u), as many U.S. and legacy systems record Spanish names. */
export function stripAccents(s: string): string {
  let v = plainCache.get(s);
  if (v === undefined) {
    v = s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    if (plainCache.size < 10_000) plainCache.set(s, v);
  }
  return v;
}
const plainCache = new Map<string, string>();

/** FtM properties from optional values: undefined, null and empty strings are left out. */
export function props(values: Record<string, string | readonly string[] | undefined | null | false>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const k in values) {
    const v = values[k];
    if (v === undefined || v === null || v === false || v === '') continue;
    if (typeof v === 'string') { out[k] = [v]; continue; }
    const list = v.filter((x) => x !== '');
    if (list.length) out[k] = list;
  }
  return out;
}
