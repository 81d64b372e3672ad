/**
 * The query file of a batch screening (the `puente screen --input` contract, and the web UI's upload): CSV with
 * a header holding `id` and `name`, and optional `schema` (Person, Organization, Company, Vessel, Airplane,
 * LegalEntity — or individual/entity/aircraft), `country` (ISO 3166 alpha-2, or a country name) and `birth_date`
 * (YYYY, YYYY-MM or YYYY-MM-DD). Column names are case-insensitive; other columns are ignored.
 *
 * Every problem is a ListParseError naming the file, the line (from 1) and the field, in English and Spanish.
 */
import { CsvError, parse } from 'csv-parse/sync';
import type { ScreeningQuery } from '../../../engines/src/screening/index';
import { countryCode, ListParseError } from '../sources/ofac/index';

const SCHEMA_ALIASES: Record<string, string> = {
  person: 'Person', individual: 'Person', organization: 'Organization', organisation: 'Organization', entity: 'Organization',
  company: 'Company', legalentity: 'LegalEntity', vessel: 'Vessel', airplane: 'Airplane', aircraft: 'Airplane', publicbody: 'PublicBody',
};

export interface QueryRow {
  /** line of the file where the row ends (from 1, the header is line 1) */
  line: number;
  id: string;
  query: ScreeningQuery;
}

export function schemaOf(value: string): string | null {
  return SCHEMA_ALIASES[value.toLowerCase().replace(/[\s_-]/g, '')] ?? null;
}

export function countryOf(value: string): string | null {
  return /^[a-z]{2}$/i.test(value) ? value.toUpperCase() : countryCode(value) ?? null;
}

export const BIRTH_DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

/** Parses the text of a query file; `file` is the name errors give. */
export function parseQueryCsv(text: string, file: string, opts: { maxRows?: number } = {}): QueryRow[] {
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(text, {
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      info: true,
    }) as Array<{ record: Record<string, string>; info: { lines: number } }>;
  } catch (err) {
    if (err instanceof CsvError) {
      const e = err as CsvError & { lines?: number };
      throw new ListParseError(file, e.lines ?? 0, 'csv', 'bad_csv', { detail: e.code });
    }
    throw err;
  }
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0].split(',').map((h) => h.trim().replace(/^"|"$/g, '').toLowerCase());
  if (!header.includes('id') || !header.includes('name')) {
    throw new ListParseError(file, 1, 'header', 'query_columns', { found: header.join(',').slice(0, 200) });
  }
  const bad = (line: number, field: string, code: string, value: string) => new ListParseError(file, line, field, code, { value: value.slice(0, 40) });
  const rows: QueryRow[] = [];
  for (const { record: r, info } of records) {
    const line = info.lines;
    if (opts.maxRows !== undefined && rows.length >= opts.maxRows) throw new ListParseError(file, line, 'rows', 'too_many_rows', { max: opts.maxRows });
    const q: ScreeningQuery = { id: r.id ?? '', name: r.name ?? '' };
    const schema = (r.schema ?? '').trim();
    if (schema) {
      const s = schemaOf(schema);
      if (!s) throw bad(line, 'schema', 'bad_schema', schema);
      q.schema = s;
    }
    const country = (r.country ?? '').trim();
    if (country) {
      const c = countryOf(country);
      if (!c) throw bad(line, 'country', 'bad_country', country);
      q.country = c;
    }
    const birth = (r.birth_date ?? '').trim();
    if (birth) {
      if (!BIRTH_DATE.test(birth)) throw bad(line, 'birth_date', 'bad_birth_date', birth);
      q.birthDate = birth;
    }
    rows.push({ line, id: r.id ?? '', query: q });
  }
  return rows;
}
