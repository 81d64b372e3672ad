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
import { createWriteStream, existsSync, readFileSync, statSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import type { Command } from 'commander';
import {
  DEFAULT_THRESHOLD, DEFAULT_TOP, ScreeningIndex, ScreeningPool, formatExplanation,
  type ListEntry, type ScreeningHit, type ScreeningQuery,
} from '../../../../engines/src/screening/index';
import { ingest, listEntries, ListParseError } from '../../sources/ofac/index';
import { readFtmListFile } from '../../services/screening-lists';
import { parseQueryCsv } from '../../services/screening-queries';
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
// Lists and queries: the node's own readers (services/screening-lists.ts, services/screening-queries.ts), so that
// the CLI, the API and the web upload read the same files the same way.

/** The screening entries of an FtM JSON-lines file (entities of matchable schemata with at least one name). */
export function readFtmList(path: string): Promise<ListEntry[]> {
  return readFtmListFile(path);
}

export interface InputRow { line: number; id: string; query: ScreeningQuery }

/**
 * The query file: UTF-8 (with or without BOM), or — when the bytes are not UTF-8, as with spreadsheets saved
 * on Windows — Windows-1252, so that "José" typed in Excel still arrives as José.
 */
export async function readQueries(path: string, _t: T): Promise<InputRow[]> {
  const file = basename(path);
  const bytes = readFileSync(path);
  const text = isUtf8(bytes) ? bytes.toString('utf8') : new TextDecoder('windows-1252').decode(bytes);
  try {
    return parseQueryCsv(text, file);
  } catch (err) {
    if (err instanceof ListParseError && err.code === 'query_columns') throw new CliError('screening.cli.error.inputColumns', { file, found: err.params.found });
    if (err instanceof ListParseError) throw new CliError('screening.cli.error.badQuery', {}, 1, err.messages);
    throw err;
  }
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
