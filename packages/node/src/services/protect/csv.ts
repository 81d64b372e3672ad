/**
 * The Protect importers' view of a CSV file, on the project's one CSV reader (csv-parse): a header and
 * rows with the line each ends on. Every problem becomes a CaseCountParseError (file, line, field).
 */
import { CsvError, parse } from 'csv-parse/sync';
import { CaseCountParseError } from './errors';

export interface CsvRows {
  header: string[];
  rows: Array<{ line: number; fields: string[] }>;
}

export function readCsv(text: string, file: string): CsvRows {
  if (text.includes('\u0000')) {
    const line = text.slice(0, text.indexOf('\u0000')).split('\n').length;
    throw new CaseCountParseError(file, line, 'encoding', 'bad_encoding');
  }
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { info: true, bom: true, skip_empty_lines: true, relax_column_count: true }) as unknown as typeof records;
  } catch (err) {
    const e = err as CsvError & { lines?: number };
    if (!(err instanceof CsvError)) throw err;
    throw new CaseCountParseError(file, e.lines ?? 0, 'csv', 'bad_csv', { detail: e.code });
  }
  if (!records.length) throw new CaseCountParseError(file, 1, 'header', 'empty');
  const header = records[0].record.map((h) => h.trim());
  const rows = records.slice(1).map((r) => ({ line: r.info.lines, fields: r.record }));
  for (const r of rows) {
    if (r.fields.length !== header.length) {
      throw new CaseCountParseError(file, r.line, 'columns', 'columns', { expected: header.length, found: r.fields.length });
    }
  }
  return { header, rows };
}

/** Index of each named column (case- and accent-insensitive), or an error naming the first missing one. */
export function columns<K extends string>(header: string[], file: string, wanted: Record<K, string[]>, optional: NoInfer<K>[] = []): Record<K, number> {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  const folded = header.map(fold);
  const out = {} as Record<K, number>;
  for (const [key, names] of Object.entries(wanted) as Array<[K, string[]]>) {
    const i = folded.findIndex((h) => names.some((n) => fold(n) === h));
    if (i < 0 && !optional.includes(key)) throw new CaseCountParseError(file, 1, names[0], 'missing_column', { column: names[0] });
    out[key] = i;
  }
  return out;
}

/** A count cell: a non-negative integer (written '12', '12.0', or '1,234'); '' or NA = missing. */
export function countCell(raw: string, file: string, line: number, field: string): number | null {
  const v = raw.trim();
  if (v === '' || v === 'NA' || v === 'NaN') return null;
  const plain = v.replace(/,(?=\d{3}(\D|$))/g, '');
  if (!/^\d{1,12}(\.0*)?$/.test(plain)) throw new CaseCountParseError(file, line, field, 'bad_count', { value: v.slice(0, 40) });
  return Number(plain);
}
