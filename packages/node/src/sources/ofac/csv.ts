/**
 * Reading OFAC's legacy CSV files (sdn.csv, alt.csv, add.csv, sdn_comments.csv and the Consolidated list's
 * cons_*.csv): no header row, RFC 4180 quoting, `-0-` for an empty value, a 0x1A (SUB) byte at the end of the
 * file. Streaming, with the project's one CSV reader (csv-parse); every problem becomes a ListParseError that
 * names the file, the line and the field.
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { CsvError, parse } from 'csv-parse';
import { ListParseError } from './errors';

export interface CsvRow {
  /** line (from 1) where the record ends; records of OFAC files are one line each */
  line: number;
  fields: string[];
}

/** OFAC's "no value" marker, written `-0- ` with a trailing space. */
export function ofacValue(raw: string): string {
  const v = raw.trim();
  return v === '-0-' ? '' : v;
}

/**
 * Streams the records of a headerless CSV file. `columns` is the exact number of fields a record must have.
 * Blank lines and the trailing 0x1A byte are skipped; the bytes must be UTF-8 (OFAC's files are ASCII).
 */
export async function* readCsvRows(path: string, columns: number, fileLabel = basename(path)): AsyncGenerator<CsvRow> {
  const parser = createReadStream(path).pipe(
    parse({ relax_column_count: true, info: true, skip_empty_lines: true, bom: true }),
  );
  let line = 0;
  try {
    for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      line = rec.info.lines;
      const fields = rec.record;
      if (fields.length === 1 && /^[\s\x1a]*$/.test(fields[0])) continue;
      for (const f of fields) {
        if (f.includes('\ufffd')) throw new ListParseError(fileLabel, line, 'encoding', 'bad_encoding');
      }
      if (fields.length !== columns) {
        throw new ListParseError(fileLabel, line, 'columns', 'columns', { expected: columns, found: fields.length });
      }
      yield { line, fields };
    }
  } catch (err) {
    if (err instanceof ListParseError) throw err;
    if (err instanceof CsvError) {
      const e = err as CsvError & { lines?: number };
      throw new ListParseError(fileLabel, e.lines ?? line + 1, 'csv', 'bad_csv', { detail: e.code });
    }
    throw err;
  } finally {
    parser.destroy();
  }
}

/** The entry number of a row: a positive integer, or a ListParseError on that field. */
export function entNum(row: CsvRow, file: string, index = 0, field = 'ent_num'): string {
  const v = ofacValue(row.fields[index]);
  if (!/^\d{1,12}$/.test(v)) {
    throw new ListParseError(file, row.line, field, v ? 'not_integer' : 'missing', { value: v.slice(0, 40) });
  }
  return String(Number(v));
}
