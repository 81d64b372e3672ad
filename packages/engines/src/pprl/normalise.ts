/**
 * Normalisation and q-gram tokenisation of a field value before it is hashed. Both parties must normalise the
 * same way, so this is part of the schema's meaning (a change here needs a new schema version).
 */
import type { ClkFieldSpec } from './schema';

const MARKS = /[\u0300-\u036f]/g;

/** Lower case, accents and ñ folded (NFD then marks removed), everything but letters and digits removed. */
export function normaliseText(value: string): string {
  if (/^[a-z0-9]*$/.test(value)) return value;
  return value.normalize('NFD').replace(MARKS, '').toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * A date as YYYYMMDD digits when it can be read as one (YYYYMMDD, YYYY-MM-DD, DD/MM/YYYY — day first, the
 * Mexican and FEBRL convention), otherwise its digits as given.
 */
export function normaliseDate(value: string): string {
  const v = value.trim();
  let m = /^(\d{4})[-/.]?(\d{1,2})[-/.]?(\d{1,2})$/.exec(v);
  if (m && (m[2].length === 2 || /[-/.]/.test(v))) return m[1] + m[2].padStart(2, '0') + m[3].padStart(2, '0');
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(v);
  if (m) return m[3] + m[2].padStart(2, '0') + m[1].padStart(2, '0');
  return v.replace(/\D/g, '');
}

export function normaliseField(kind: ClkFieldSpec['kind'], value: string): string {
  if (kind === 'date') return normaliseDate(value);
  if (kind === 'digits') return value.replace(/\D/g, '');
  if (kind === 'phone') return value.replace(/\D/g, '').slice(-10);
  if (kind === 'sex') {
    const v = normaliseText(value);
    return /^(m|male|h|hombre|masculino)$/.test(v) ? 'm' : /^(f|female|mujer|femenino)$/.test(v) ? 'f' : v;
  }
  return normaliseText(value);
}

/**
 * The tokens of one normalised value: for dates of 8 digits, year, decade, ordered and sorted day-month pair;
 * for sex, the value itself; otherwise padded q-grams.
 */
export function fieldTokens(kind: ClkFieldSpec['kind'], normalised: string, q: number): string[] {
  if (!normalised) return [];
  if (kind === 'sex') return [normalised];
  if (kind === 'date' && normalised.length === 8) {
    const y = normalised.slice(0, 4), m = normalised.slice(4, 6), d = normalised.slice(6, 8);
    return [`Y${y}`, `D${y.slice(0, 3)}`, `O${m}${d}`, `S${m < d ? m + d : d + m}`];
  }
  return qgramList(normalised, q);
}

/** Padded q-grams ('_' at both ends for q > 1), duplicates kept once. */
export function qgrams(s: string, q: number): string[] {
  return [...new Set(qgramList(s, q))];
}

/** Padded q-grams with repeats (hashing one twice sets the same bits: the encoder need not deduplicate). */
export function qgramList(s: string, q: number): string[] {
  if (!s) return [];
  const pad = q > 1 ? '_'.repeat(q - 1) : '';
  const t = pad + s + pad;
  const out: string[] = new Array(t.length - q + 1);
  for (let i = 0; i + q <= t.length; i++) out[i] = t.slice(i, i + q);
  return out;
}
