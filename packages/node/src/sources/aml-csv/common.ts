/**
 * What the AML transaction importers share: a streaming CSV loop (csv-parse, one record at a time; the file is
 * never held whole), bilingual errors naming file, line and field, and value parsers.
 */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { both } from '@puente/i18n';

export class AmlSourceError extends Error {
  constructor(readonly messages: { en: string; es: string }) { super(messages.en); }
}

export const sourceError = (key: string, vars: Record<string, unknown>): never => { throw new AmlSourceError(both(key, vars)); };

export interface CsvRow { cells: string[]; line: number }

/** Streams a CSV file's records (header first). UTF-8 with or without BOM. */
export async function* csvRows(path: string): AsyncGenerator<CsvRow> {
  const stream = createReadStream(path);
  const parser = parse({ bom: true, skip_empty_lines: true, info: true, trim: true, relax_column_count: true });
  stream.on('error', (e) => parser.destroy(e));
  stream.pipe(parser);
  try {
    for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) yield { cells: rec.record, line: rec.info.lines };
  } catch (err) {
    if (err instanceof AmlSourceError) throw err;
    const e = err as { lines?: number; message?: string; code?: string };
    if (e.code === 'ENOENT' || e.code === 'EACCES' || e.code === 'EISDIR') sourceError('aml.error.notFound', { file: path });
    sourceError('aml.error.csv', { file: path, line: e.lines ?? '?', detail: e.message ?? String(err) });
  }
}

/** Column positions by (case-insensitive, trimmed) header name; missing required columns are an error. */
export function columns(header: string[], file: string, required: string[], optional: string[] = []): Record<string, number> {
  const pos: Record<string, number> = {};
  const norm = header.map((h) => h.trim().toLowerCase());
  for (const name of [...required, ...optional]) {
    const i = norm.indexOf(name.toLowerCase());
    if (i >= 0) pos[name] = i;
    else if (required.includes(name)) sourceError('aml.error.missingColumn', { file, field: name });
  }
  return pos;
}

export function cell(row: CsvRow, file: string, pos: number, field: string, header: number): string {
  if (row.cells.length !== header) sourceError('aml.error.columnCount', { file, line: row.line, expected: header, found: row.cells.length });
  return row.cells[pos] ?? '';
}

export function amountOf(s: string, file: string, line: number, field: string): number {
  const v = Number(s);
  if (s === '' || !Number.isFinite(v) || v < 0) sourceError('aml.error.badAmount', { file, line, field, value: s });
  return v;
}

const TS = /^(\d{4})[-/](\d{2})[-/](\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** Epoch seconds of an ISO-8601 date or date-time (also 'YYYY/MM/DD HH:MM' as AMLworld writes); UTC unless an offset is given. */
export function parseTimestamp(s: string): number {
  const m = TS.exec(s);
  if (!m) return NaN;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return NaN;
  const hh = Number(m[4] ?? 0), mi = Number(m[5] ?? 0), ss = Number(m[6] ?? 0), frac = m[7] ? Number(`0.${m[7]}`) : 0;
  if (hh > 23 || mi > 59 || ss > 60) return NaN;
  let ms = Date.UTC(y, mo - 1, d, hh, mi, ss);
  if (new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) return NaN;
  if (m[8] && m[8].toUpperCase() !== 'Z') {
    const z = m[8].replace(':', '');
    const sign = z[0] === '-' ? -1 : 1;
    ms -= sign * (Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5))) * 60_000;
  }
  return ms / 1000 + frac;
}

/** A cached timestamp parser (files repeat the same stamp on many consecutive rows). */
export function timestampReader(file: string, field: string) {
  let last = '', lastV = NaN;
  return (s: string, line: number): number => {
    if (s === last) return lastV;
    const v = parseTimestamp(s);
    if (!Number.isFinite(v)) sourceError('aml.error.badTimestamp', { file, line, field, value: s });
    last = s; lastV = v;
    return v;
  };
}

/** True/False, 1/0, yes/no (case-insensitive); empty = unknown (-1). */
export function labelOf(s: string, file: string, line: number, field: string): number {
  const v = s.trim().toLowerCase();
  if (v === 'true' || v === '1' || v === 'yes' || v === 't' || v === 'y') return 1;
  if (v === 'false' || v === '0' || v === 'no' || v === 'f' || v === 'n') return 0;
  if (v === '') return -1;
  return sourceError('aml.error.badLabel', { file, line, field, value: s });
}

export interface ReadOptions {
  /** Read the label columns (train); false = never look at them (score). */
  labels: boolean;
}
