/**
 * `puente pprl encode --secret-file <key> --input <a.csv> --output <a.clk.jsonl>`
 * `puente pprl match --left <a.clk.jsonl> --right <b.clk.jsonl> --output <pairs.csv> [--threshold D]
 *   [--one-to-one] [--workers N] [--blocking none|lsh]`
 * Outside checks run these commands: the contracts are kept exactly.
 *
 * encode reads the record CSV (readLinkRecordsCsv) and writes one header line — the encoding schema and
 * a short check value of the key (an HMAC, so files made with different keys are refused, nothing about the key
 * itself) — then one {"id","clk"} line per record, clk in base64.
 * match never touches the secret: it reads only the two .clk.jsonl files, refuses incompatible ones, and writes
 * left_id,right_id,score with the Dice similarity of every pair at or above the threshold.
 */
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { Command } from 'commander';
import { both, type Lang } from '@puente/i18n';
import {
  ClkEncoder, DEFAULT_CLK_SCHEMA, DEFAULT_PPRL_ONE_TO_ONE_THRESHOLD, DEFAULT_PPRL_THRESHOLD, keyCheck, matchClksParallel, schemaMismatch, validateSchema,
  type ClkRecord, type ClkSchema, type PprlPair,
} from '../../../../engines/src/pprl/index';
import { readLinkRecordsCsv } from '../../sources/linkage-csv/index';
import { CliError } from '../shared';

type T = (key: string, vars?: Record<string, unknown>) => string;

const fail = (key: string, vars: Record<string, unknown>): never => {
  throw new CliError(key, vars, 1, both(key, vars));
};
const lineError = (file: string, line: number, detailKey: string, vars: Record<string, unknown> = {}): never => {
  const d = both(detailKey, vars);
  const en = both('pprl.error.badLine', { file, line, detail: d.en }).en;
  const es = both('pprl.error.badLine', { file, line, detail: d.es }).es;
  throw new CliError('pprl.error.badLine', { file, line }, 1, { en, es });
};

export interface ClkHeader { type: 'puente-clk-header'; schema: ClkSchema; key_check: string }

/** Reads the secret: the file's bytes, a trailing newline dropped; at least 16 bytes. */
export function readSecret(file: string): Uint8Array {
  if (!existsSync(file)) fail('pprl.error.notFound', { file });
  let bytes: Buffer;
  try { bytes = readFileSync(file); } catch (err) { return fail('pprl.error.read', { file, detail: (err as NodeJS.ErrnoException).code ?? String(err) }); }
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d)) end--;
  if (end < 16) fail('pprl.error.shortSecret', { file, bytes: end });
  return new Uint8Array(bytes.subarray(0, end));
}

export function clkHeaderLine(schema: ClkSchema, secret: Uint8Array): string {
  const header: ClkHeader = { type: 'puente-clk-header', schema, key_check: keyCheck(secret) };
  return JSON.stringify(header);
}

const b64 = (a: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

/** Parses a .clk.jsonl text; errors name the file and line. */
export function parseClkJsonl(text: string, file: string): { header: ClkHeader; records: ClkRecord[] } {
  const lines = text.split(/\r?\n/);
  let header: ClkHeader;
  try { header = JSON.parse(lines[0]) as ClkHeader; } catch { return fail('pprl.error.noHeader', { file }); }
  if (!header || header.type !== 'puente-clk-header') fail('pprl.error.noHeader', { file });
  const problem = validateSchema(header.schema) ?? (typeof header.key_check === 'string' ? null : 'key_check missing');
  if (problem) fail('pprl.error.badHeader', { file, detail: problem });
  const bytes = header.schema.bits / 8;
  const b64len = 4 * Math.ceil(bytes / 3);
  const records: ClkRecord[] = [];
  const seen = new Set<string>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line.trim()) continue;
    let o: { id?: unknown; clk?: unknown };
    try { o = JSON.parse(line) as typeof o; } catch { return lineError(file, i + 1, 'pprl.error.badJson'); }
    if (!o || typeof o !== 'object') lineError(file, i + 1, 'pprl.error.badJson');
    const id = typeof o.id === 'number' ? String(o.id) : o.id;
    if (typeof id !== 'string' || !id) lineError(file, i + 1, 'pprl.error.badId');
    if (seen.has(id as string)) lineError(file, i + 1, 'pprl.error.duplicateId', { id });
    seen.add(id as string);
    if (typeof o.clk !== 'string' || o.clk.length !== b64len || !/^[A-Za-z0-9+/]*={0,2}$/.test(o.clk)) lineError(file, i + 1, 'pprl.error.badClk', { bits: header.schema.bits });
    const clk = new Uint8Array(Buffer.from(o.clk as string, 'base64'));
    if (clk.byteLength !== bytes) lineError(file, i + 1, 'pprl.error.badClk', { bits: header.schema.bits });
    records.push({ id: id as string, clk });
  }
  return { header, records };
}

function readClkFile(file: string) {
  if (!existsSync(file)) fail('pprl.error.notFound', { file });
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch (err) { return fail('pprl.error.read', { file, detail: (err as NodeJS.ErrnoException).code ?? String(err) }); }
  return parseClkJsonl(text, file);
}

const cell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
/** Dice rounded to 6 decimals, never below the threshold it passed. */
const fmt = (score: number, t: number) => String(Math.max(Math.round(score * 1e6) / 1e6, Math.min(score, t)));

/** Writes lines in chunks (large outputs do not build one string). */
function writeLines(file: string, lines: Iterable<string>): void {
  let fd: number;
  try { fd = openSync(file, 'w'); } catch (err) { return fail('pprl.error.write', { file, detail: (err as NodeJS.ErrnoException).code ?? String(err) }); }
  try {
    let buf: string[] = [];
    for (const l of lines) {
      buf.push(l);
      if (buf.length >= 10_000) { writeSync(fd, `${buf.join('\n')}\n`); buf = []; }
    }
    if (buf.length) writeSync(fd, `${buf.join('\n')}\n`);
  } finally {
    closeSync(fd);
  }
}

export async function runEncode(o: { secretFile: string; input: string; output: string }): Promise<number> {
  const secret = readSecret(o.secretFile);
  const records = await readLinkRecordsCsv(o.input);
  const encoder = new ClkEncoder(secret, DEFAULT_CLK_SCHEMA);
  function* lines() {
    yield clkHeaderLine(DEFAULT_CLK_SCHEMA, secret);
    for (const r of records) yield JSON.stringify({ id: r.id, clk: b64(encoder.encode(r).clk) });
  }
  writeLines(o.output, lines());
  return records.length;
}

/** Above this many left × right pairs, matching uses Hamming-LSH blocking unless told otherwise. */
export const LSH_AUTO_PAIRS = 2e9;

export async function runMatch(o: { left: string; right: string; output: string; threshold?: number; oneToOne?: boolean; workers?: number; blocking?: 'none' | 'lsh' }): Promise<{ pairs: PprlPair[]; left: number; right: number }> {
  const L = readClkFile(o.left);
  const R = readClkFile(o.right);
  const mismatch = schemaMismatch(L.header.schema, R.header.schema);
  if (mismatch.length) fail('pprl.error.incompatible', { left: o.left, right: o.right, detail: mismatch.join(', ') });
  if (L.header.key_check !== R.header.key_check) fail('pprl.error.differentKeys', { left: o.left, right: o.right });
  const t = o.threshold ?? (o.oneToOne ? DEFAULT_PPRL_ONE_TO_ONE_THRESHOLD : DEFAULT_PPRL_THRESHOLD);
  const product = L.records.length * R.records.length;
  const blocking = o.blocking ?? (product > LSH_AUTO_PAIRS ? 'lsh' : 'none');
  const pairs = await matchClksParallel(L.records, R.records, { threshold: t, oneToOne: o.oneToOne, workers: product > 20_000_000 ? o.workers : 1, blocking });
  writeLines(o.output, (function* () {
    yield 'left_id,right_id,score';
    for (const p of pairs) yield `${cell(p.left)},${cell(p.right)},${fmt(p.score, t)}`;
  })());
  return { pairs, left: L.records.length, right: R.records.length };
}

interface EncodeOptions { secretFile?: string; input?: string; output?: string }
interface MatchRaw { left?: string; right?: string; output?: string; threshold?: string; oneToOne?: boolean; workers?: string; blocking?: string }

export function registerPprl(program: Command, t: T, _lang: Lang): void {
  const pprl = program.command('pprl').description(t('pprl.cli.command'));
  pprl.command('encode')
    .description(t('pprl.cli.encode'))
    .option('--secret-file <key>', t('pprl.cli.secretFile'))
    .option('--input <a.csv>', t('pprl.cli.input'))
    .option('--output <a.clk.jsonl>', t('pprl.cli.output'))
    .addHelpText('after', `\n${t('pprl.cli.columns')}`)
    .action(async (raw: EncodeOptions) => {
      const names = { secretFile: '--secret-file', input: '--input', output: '--output' } as const;
      for (const k of ['secretFile', 'input', 'output'] as const) if (!raw[k]) fail('pprl.error.missingOption', { option: names[k] });
      const count = await runEncode(raw as Required<EncodeOptions>);
      console.log(t('pprl.cli.encoded', { count, file: raw.output, bits: DEFAULT_CLK_SCHEMA.bits }));
    });
  pprl.command('match')
    .description(t('pprl.cli.match'))
    .option('--left <a.clk.jsonl>', t('pprl.cli.left'))
    .option('--right <b.clk.jsonl>', t('pprl.cli.right'))
    .option('--output <pairs.csv>', t('pprl.cli.output'))
    .option('--threshold <D>', t('pprl.cli.threshold', { threshold: DEFAULT_PPRL_THRESHOLD, oneToOne: DEFAULT_PPRL_ONE_TO_ONE_THRESHOLD }))
    .option('--one-to-one', t('pprl.cli.oneToOne'))
    .option('--workers <n>', t('pprl.cli.workers'))
    .option('--blocking <none|lsh>', t('pprl.cli.blocking'))
    .addHelpText('after', `\n${t('pprl.cli.columns')}`)
    .action(async (raw: MatchRaw) => {
      for (const k of ['left', 'right', 'output'] as const) if (!raw[k]) fail('pprl.error.missingOption', { option: `--${k}` });
      let threshold: number | undefined;
      if (raw.threshold !== undefined) {
        threshold = Number(raw.threshold);
        if (raw.threshold.trim() === '' || !(threshold > 0 && threshold <= 1)) fail('pprl.error.badOption', { option: '--threshold', value: raw.threshold });
      }
      let workers: number | undefined;
      if (raw.workers !== undefined) {
        workers = Number(raw.workers);
        if (!Number.isInteger(workers) || workers < 1) fail('pprl.error.badOption', { option: '--workers', value: raw.workers });
      }
      if (raw.blocking !== undefined && raw.blocking !== 'none' && raw.blocking !== 'lsh') fail('pprl.error.badOption', { option: '--blocking', value: raw.blocking });
      const blocking = raw.blocking as 'none' | 'lsh' | undefined;
      const r = await runMatch({ left: raw.left!, right: raw.right!, output: raw.output!, threshold, oneToOne: raw.oneToOne, workers, blocking });
      console.log(t('pprl.cli.matched', { pairs: r.pairs.length, threshold: threshold ?? (raw.oneToOne ? DEFAULT_PPRL_ONE_TO_ONE_THRESHOLD : DEFAULT_PPRL_THRESHOLD), file: raw.output, left: r.left, right: r.right }));
    });
}
