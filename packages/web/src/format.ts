/**
 * Dates are shown as ISO 8601 (2026-03-14, 2026-03-14 09:30 UTC) on both sides of the border:
 * 03/04 reads as March in the U.S. and April in Mexico, and analysts compare records across the two.
 */
export function isoDate(value: string | null | undefined): string {
  if (!value) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return d.toISOString().slice(0, 10);
}

export function isoTime(value: string | null | undefined): string {
  if (!value) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A search score (trigram similarity, 0..1) as a fixed two-decimal number. */
export function score(n: number): string {
  return Number.isFinite(n) ? n.toFixed(2) : '';
}
