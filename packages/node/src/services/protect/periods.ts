/**
 * Periods of case-count series as integers, so that a series is a start and an array:
 *   month: year·12 + month − 1 (2024-03 → 24290); label 'YYYY-MM';
 *   week:  ISO 8601 week, as the day number (days since 1970-01-01) of its Monday; label 'YYYY-Www'.
 */
export type PeriodKind = 'month' | 'week';
const DAY = 86_400_000;

export function monthKey(year: number, month: number): number {
  return year * 12 + month - 1;
}

export function monthLabel(key: number): string {
  const y = Math.floor(key / 12);
  const m = key - y * 12 + 1;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
}

/** Monday (day number) of ISO week `week` of ISO year `year`. */
export function isoWeekKey(year: number, week: number): number {
  const jan4 = Date.UTC(year, 0, 4) / DAY;
  const jan4Dow = (new Date(jan4 * DAY).getUTCDay() + 6) % 7; // 0 = Monday
  return jan4 - jan4Dow + (week - 1) * 7;
}

export function weekLabel(key: number): string {
  // ISO year: the year of this week's Thursday.
  const thursday = new Date((key + 3) * DAY);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((key - isoWeekKey(year, 1)) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export function periodLabel(kind: PeriodKind, key: number): string {
  return kind === 'month' ? monthLabel(key) : weekLabel(key);
}

/** Step between consecutive periods in key units. */
export function stepOf(kind: PeriodKind): number {
  return kind === 'month' ? 1 : 7;
}

/** Parses 'YYYY-MM' or 'YYYY-Www'; null when it is neither (or out of range). */
export function parsePeriod(text: string): { kind: PeriodKind; key: number } | null {
  let m = /^(\d{4})-(\d{2})$/.exec(text);
  if (m) {
    const month = Number(m[2]);
    return month >= 1 && month <= 12 ? { kind: 'month', key: monthKey(Number(m[1]), month) } : null;
  }
  m = /^(\d{4})-W(\d{2})$/.exec(text);
  if (m) {
    const year = Number(m[1]);
    const week = Number(m[2]);
    if (week < 1 || week > 53) return null;
    const key = isoWeekKey(year, week);
    return weekLabel(key) === text ? { kind: 'week', key } : null; // week 53 exists only in long years
  }
  return null;
}
