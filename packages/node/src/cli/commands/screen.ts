/**
 * `puente screen --list ofac:<dir> [--list ftm:<file> ...] --input <queries.csv> --output <results.csv>
 *   [--threshold T] [--top K]`
 *
 * Screens every row of the input (columns id,name and optional schema, country, birth_date) against the lists
 * and writes one row per hit scoring ≥ T (default: the engine's operating threshold), best first, at most K per
 * query: query_id,rank,entry_id,entry_name,matched_name,score,explanation. entry_id is the list's own id
 * (OFAC ent_num, FtM id). Large inputs are screened on all cores (worker threads). The command keeps this
 * contract exactly: outside checks run it.
 */
import { createReadStream, createWriteStream, existsSync, readFileSync, statSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { CsvError, parse } from 'csv-parse/sync';
import {
  DEFAULT_THRESHOLD, DEFAULT_TOP, ScreeningIndex, ScreeningPool, formatExplanation,
  type ListEntry, type ListName, type ScreeningHit, type ScreeningQuery,
} from '../../../../engines/src/screening/index';
import { countryCode, ingest, listEntries, ListParseError } from '../../sources/ofac/index';
import { CliError } from '../shared';

type T = (key: string, vars?: Record<string, unknown>) => string;

/** Inputs at least this large go to the worker pool (below, starting the workers costs more than it saves). */
const POOL_FROM = 2000;

export interface ScreenOptions {
  list: string[];
  input: string;
  output: string;
  threshold?: string;
  top?: string;
  workers?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// FtM JSON lines as a list. A minimal local reader: @puente/model's readFtmLines validates against the full
// model and needs Puente record metadata a designation list does not carry; switch to it once it can read
// plain FtM (no `puente` block).

const MATCHABLE = new Set(['Person', 'Organization', 'Company', 'LegalEntity', 'PublicBody', 'Vessel', 'Airplane']);
const NAME_PROPS: Array<[string, ListName['kind']]> = [['name', 'primary'], ['alias', 'alias'], ['previousName', 'previous'], ['weakAlias', 'weak']];

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : [];
}

/** The screening entries of an FtM JSON-lines file (entities of matchable schemata with at least one name). */
export async function readFtmList(path: string): Promise<ListEntry[]> {
  const file = basename(path);
  const entries: ListEntry[] = [];
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  for await (const raw of lines) {
    line++;
    const text = line === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (!text.trim()) continue;
    let obj: unknown;
    try { obj = JSON.parse(text); } catch (e) {
      throw new ListParseError(file, line, 'json', 'bad_json', { detail: (e as Error).message.slice(0, 80) });
    }
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw new ListParseError(file, line, 'json', 'bad_json', { detail: typeof obj });
    const o = obj as { id?: unknown; schema?: unknown; caption?: unknown; properties?: unknown };
    if (typeof o.id !== 'string' || !o.id) throw new ListParseError(file, line, 'id', 'missing');
    if (typeof o.schema !== 'string' || !o.schema) throw new ListParseError(file, line, 'schema', 'missing');
    if (o.properties !== undefined && (typeof o.properties !== 'object' || o.properties === null || Array.isArray(o.properties))) {
      throw new ListParseError(file, line, 'properties', 'bad_json', { detail: 'properties' });
    }
    if (!MATCHABLE.has(o.schema)) continue;
    const p = (o.properties ?? {}) as Record<string, unknown>;
    const lastNames = strings(p.lastName);
    const names: ListName[] = [];
    for (const [prop, kind] of NAME_PROPS) {
      for (const n of strings(p[prop])) names.push({ text: n, kind, ...(lastNames.length === 1 ? { surnames: lastNames[0] } : {}) });
    }
    if (!names.length && (strings(p.firstName).length || lastNames.length)) {
      names.push({ text: [...strings(p.firstName), ...strings(p.middleName), ...lastNames].join(' '), kind: 'primary', surnames: lastNames[0] });
    }
    if (!names.length) continue;
    const countries: string[] = [];
    for (const prop of ['country', 'nationality', 'citizenship', 'jurisdiction', 'mainCountry']) {
      for (const c of strings(p[prop])) {
        const code = /^[a-z]{2}$/i.test(c) ? c.toUpperCase() : countryCode(c);
        if (code && !countries.includes(code)) countries.push(code);
      }
    }
    const birthDates = strings(p.birthDate).map((d) => d.trim().slice(0, 10)).filter((d) => /^\d{4}(-\d{2}(-\d{2})?)?$/.test(d));
    entries.push({
      id: o.id,
      schema: o.schema,
      caption: typeof o.caption === 'string' && o.caption ? o.caption : names[0].text,
      names,
      countries,
      birthDates,
      list: `ftm:${file}`,
    });
  }
  return entries;
}

// ---------------------------------------------------------------------------------------------------------------
// Queries in, hits out.

const SCHEMA_ALIASES: Record<string, string> = {
  person: 'Person', individual: 'Person', organization: 'Organization', organisation: 'Organization', entity: 'Organization',
  company: 'Company', legalentity: 'LegalEntity', vessel: 'Vessel', airplane: 'Airplane', aircraft: 'Airplane', publicbody: 'PublicBody',
};

export interface InputRow { line: number; id: string; query: ScreeningQuery }

/**
 * The query file: UTF-8 (with or without BOM), or — when the bytes are not UTF-8, as with spreadsheets saved
 * on Windows — Windows-1252, so that "José" typed in Excel still arrives as José.
 */
export async function readQueries(path: string, t: T): Promise<InputRow[]> {
  const file = basename(path);
  const bytes = readFileSync(path);
  const text = isUtf8(bytes) ? bytes.toString('utf8') : new TextDecoder('windows-1252').decode(bytes);
  const rows: InputRow[] = [];
  const bad = (line: number, field: string, value: string, expected: string) =>
    new CliError('screening.cli.error.badQuery', { file, line, field, problem: `"${value.slice(0, 40)}" — ${t(expected)}` });
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
      throw new CliError('screening.cli.error.badQuery', { file, line: e.lines ?? 0, field: 'csv', problem: t('screening.parse.bad_csv', { detail: e.code }) });
    }
    throw err;
  }
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0].split(',').map((h) => h.trim().replace(/^"|"$/g, '').toLowerCase());
  if (!header.includes('id') || !header.includes('name')) throw new CliError('screening.cli.error.inputColumns', { file, found: header.join(',') });
  for (const { record: r, info } of records) {
    const line = info.lines;
    const q: ScreeningQuery = { id: r.id ?? '', name: r.name ?? '' };
    const schema = (r.schema ?? '').trim();
    if (schema) {
      const s = SCHEMA_ALIASES[schema.toLowerCase().replace(/[\s_-]/g, '')];
      if (!s) throw bad(line, 'schema', schema, 'screening.cli.expected.schema');
      q.schema = s;
    }
    const country = (r.country ?? '').trim();
    if (country) {
      const c = /^[a-z]{2}$/i.test(country) ? country.toUpperCase() : countryCode(country);
      if (!c) throw bad(line, 'country', country, 'screening.cli.expected.country');
      q.country = c;
    }
    const birth = (r.birth_date ?? '').trim();
    if (birth) {
      if (!/^\d{4}(-\d{2}(-\d{2})?)?$/.test(birth)) throw bad(line, 'birth_date', birth, 'screening.cli.expected.birthDate');
      q.birthDate = birth;
    }
    rows.push({ line, id: r.id ?? '', query: q });
  }
  return rows;
}

/** RFC 4180 field: quoted when it holds a comma, a quote, a line break or surrounding spaces. */
export function csvField(v: string | number): string {
  const s = String(v);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const OUTPUT_COLUMNS = ['query_id', 'rank', 'entry_id', 'entry_name', 'matched_name', 'score', 'explanation'] as const;

function parseNumber(value: string | undefined, option: string, expected: string, t: T, ok: (n: number) => boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !ok(n)) throw new CliError('screening.cli.error.badNumber', { option, value, expected: t(expected) });
  return n;
}

async function loadLists(specs: string[], t: T): Promise<{ entries: ListEntry[]; warnings: string[] }> {
  const entries: ListEntry[] = [];
  const warnings: string[] = [];
  for (const spec of specs) {
    const m = /^(ofac|ftm):(.+)$/.exec(spec);
    if (!m) throw new CliError('screening.cli.error.listSpec', { value: spec });
    const [, kind, path] = m;
    if (!existsSync(path)) throw new CliError('screening.cli.error.notFound', { path });
    if (kind === 'ofac') {
      const r = await ingest(path);
      entries.push(...listEntries(r));
      for (const w of r.warnings) warnings.push(t(`screening.parse.${w.code}`, { file: w.file, ...w.params }));
    } else {
      if (statSync(path).isDirectory()) throw new CliError('screening.cli.error.notFound', { path });
      entries.push(...(await readFtmList(path)));
    }
  }
  return { entries, warnings };
}

/** Runs the command; exported for tests and for the API's batch screening. */
export async function runScreen(opts: ScreenOptions, t: T, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<{ queries: number; hits: number }> {
  const threshold = parseNumber(opts.threshold, '--threshold', 'screening.cli.expected.threshold', t, (n) => n >= 0 && n <= 1) ?? DEFAULT_THRESHOLD;
  const top = parseNumber(opts.top, '--top', 'screening.cli.expected.top', t, (n) => Number.isInteger(n) && n >= 1 && n <= 1000) ?? DEFAULT_TOP;
  const workers = parseNumber(opts.workers, '--workers', 'screening.cli.expected.workers', t, (n) => Number.isInteger(n) && n >= 0 && n <= 64);
  if (!opts.list?.length) throw new CliError('screening.cli.error.noList');
  if (!existsSync(opts.input)) throw new CliError('screening.cli.error.notFound', { path: opts.input });

  const started = performance.now();
  let lists: { entries: ListEntry[]; warnings: string[] };
  try {
    lists = await loadLists(opts.list, t);
  } catch (err) {
    if (err instanceof ListParseError) throw new CliError('screening.parse.at', {}, 1, err.messages);
    throw err;
  }
  for (const w of lists.warnings) log(t('screening.cli.warning', { message: w }));
  const rows = await readQueries(opts.input, t);
  const queries = rows.map((r) => r.query);
  // open the output before the long part, so that a bad path fails at once
  const out = createWriteStream(opts.output, { encoding: 'utf8' });
  try { await once(out, 'open'); } catch { throw new CliError('screening.cli.error.notFound', { path: opts.output }); }

  let results: ScreeningHit[][];
  const useWorkers = workers === undefined ? queries.length >= POOL_FROM && availableParallelism() > 1 : workers > 1;
  if (useWorkers) {
    const pool = await ScreeningPool.start(lists.entries, workers ? { workers } : {});
    log(t('screening.cli.loaded', { entries: lists.entries.length, names: lists.entries.reduce((s, e) => s + e.names.length, 0), lists: opts.list.length, seconds: ((performance.now() - started) / 1000).toFixed(1) }));
    try { results = await pool.screen(queries, { threshold, top }); } finally { await pool.close(); }
  } else {
    const index = ScreeningIndex.build(lists.entries);
    log(t('screening.cli.loaded', { entries: lists.entries.length, names: index.nameCount, lists: opts.list.length, seconds: ((performance.now() - started) / 1000).toFixed(1) }));
    results = queries.map((q) => index.screen(q, { threshold, top }));
  }

  const write = async (s: string) => { if (!out.write(s)) await once(out, 'drain'); };
  await write(`${OUTPUT_COLUMNS.join(',')}\n`);
  let hits = 0;
  let withHits = 0;
  for (let i = 0; i < rows.length; i++) {
    const res = results[i];
    if (res.length) withHits++;
    for (let k = 0; k < res.length; k++) {
      const h = res[k];
      hits++;
      await write(`${[rows[i].id, k + 1, h.entryId, h.caption, h.matchedName, h.score.toFixed(4), formatExplanation(h.explanation)].map(csvField).join(',')}\n`);
    }
  }
  out.end();
  await once(out, 'finish');
  log(t('screening.cli.done', { queries: rows.length, hits, withHits, output: opts.output, seconds: ((performance.now() - started) / 1000).toFixed(1) }));
  return { queries: rows.length, hits };
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Registers `puente screen`. */
export function registerScreen(program: Command, t: T): void {
  program
    .command('screen')
    .description(t('screening.cli.description'))
    .requiredOption('--list <spec>', t('screening.cli.opt.list'), collect)
    .requiredOption('--input <queries.csv>', t('screening.cli.opt.input'))
    .requiredOption('--output <results.csv>', t('screening.cli.opt.output'))
    .option('--threshold <T>', t('screening.cli.opt.threshold', { default: DEFAULT_THRESHOLD }))
    .option('--top <K>', t('screening.cli.opt.top', { default: DEFAULT_TOP }))
    .option('--workers <n>', t('screening.cli.opt.workers'))
    .action(async (opts: ScreenOptions) => {
      await runScreen(opts, t);
    });
}
