/**
 * Reader of issue 4's person-record CSV (input of `puente link`, `dedupe` and `pprl encode`).
 *
 * One record per row; the id column is `rec_id` (or `id`); other columns by name from LINK_FIELDS,
 * case-insensitive and trimmed (FEBRL writes a space after each comma); unknown columns are ignored (the
 * Febrl generator's `phone_number` is read as `phone` when there is no `phone` column); an empty cell is an
 * absent value. UTF-8 with or without BOM; Windows-1252 when the bytes are not valid UTF-8.
 * Errors are LinkRecordsError with the file, line and field named in English and Spanish.
 */
import { readFileSync } from 'node:fs';
import { CsvError, parse } from 'csv-parse/sync';
import { both } from '@puente/i18n';
import { LINK_FIELDS, type LinkField, type LinkRecord } from '../../../../engines/src/linkage/record';

export class LinkRecordsError extends Error {
  constructor(readonly messages: { en: string; es: string }, readonly file: string, readonly line: number, readonly field: string) {
    super(messages.en);
    this.name = 'LinkRecordsError';
  }
}

const fail = (key: string, vars: { file: string; line: number; field: string } & Record<string, unknown>): never => {
  throw new LinkRecordsError(both(key, vars), vars.file, vars.line, vars.field);
};

const ALIASES: Record<string, LinkField> = { phone_number: 'phone' };
const FIELD_SET = new Set<string>(LINK_FIELDS);

/** Bytes to text: UTF-8 (BOM dropped) when valid, otherwise Windows-1252. */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

export async function readLinkRecordsCsv(path: string): Promise<LinkRecord[]> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return fail(code === 'ENOENT' ? 'linkage.error.notFound' : 'linkage.error.read', { file: path, line: 0, field: '', detail: code ?? String(err) });
  }
  return parseLinkRecordsCsv(decodeText(bytes), path);
}

type Row = { record: string[]; info: { lines: number } };

export function parseLinkRecordsCsv(text: string, file: string): LinkRecord[] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let rows: Row[];
  try {
    rows = parse(text, { info: true, skip_empty_lines: true, trim: true, relax_column_count: true }) as unknown as Row[];
  } catch (err) {
    const e = err as CsvError & { lines?: number; column?: string | number };
    return fail('linkage.error.csv', { file, line: e.lines ?? 0, field: e.column === undefined ? '?' : String(e.column), detail: e.message.split('\n')[0] });
  }
  if (!rows.length) return fail('linkage.error.empty', { file, line: 1, field: 'header' });
  const header = rows[0].record.map((h) => h.trim().toLowerCase());
  const seenCols = new Set<string>();
  for (const h of header) {
    if (h && seenCols.has(h) && (h === 'rec_id' || h === 'id' || FIELD_SET.has(h))) fail('linkage.error.duplicateColumn', { file, line: rows[0].info.lines, field: h });
    seenCols.add(h);
  }
  const idName = header.includes('rec_id') ? 'rec_id' : 'id';
  const idCol = header.indexOf(idName);
  if (idCol < 0) return fail('linkage.error.noIdColumn', { file, line: rows[0].info.lines, field: 'rec_id' });
  const cols: Array<[number, LinkField]> = [];
  header.forEach((h, i) => {
    if (FIELD_SET.has(h)) cols.push([i, h as LinkField]);
  });
  for (const [alias, field] of Object.entries(ALIASES)) {
    const i = header.indexOf(alias);
    if (i >= 0 && !header.includes(field)) cols.push([i, field]);
  }
  const seen = new Set<string>();
  const out: LinkRecord[] = [];
  for (let r = 1; r < rows.length; r++) {
    const { record, info } = rows[r];
    const line = info.lines;
    const id = (record[idCol] ?? '').trim();
    if (!id) fail('linkage.error.emptyId', { file, line, field: idName });
    if (seen.has(id)) fail('linkage.error.duplicateId', { file, line, field: idName, value: id });
    seen.add(id);
    const values: LinkRecord['values'] = {};
    for (const [i, field] of cols) {
      const v = (record[i] ?? '').trim();
      if (v) values[field] = v;
    }
    out.push({ id, values });
  }
  return out;
}
