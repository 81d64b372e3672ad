/**
 * `puente ew detect --method <ears-c1|ears-c2|ears-c3|cusum|farrington|farrington-noufaily|essence>
 *   --input <series.csv> --output <alarms.csv> [options]` — aberration detection on case-count series.
 * Outside checks run this command: the contract below is kept exactly.
 *
 * Input series.csv (UTF-8, header): series_id,period,count
 *   series_id  any text; several series per file (rows may come in any order: each series is sorted by period)
 *   period     an index (1, 2, 3…), a month YYYY-MM, or an ISO date YYYY-MM-DD; one format per file, regular steps
 *              (consecutive integers, consecutive months, or a constant number of days), no gaps or repeats
 *   count      non-negative number; empty or NA = missing (R's NA)
 * Output alarms.csv: series_id,period,count,expected,upper_bound,alarm — one row per input row, series in order of
 *   first appearance, periods ascending; expected/upper_bound as full-precision numbers; alarm 1/0;
 *   `NA` where the method evaluated the period but leaves the value undefined (R's NA: e.g. Farrington's limit54);
 *   empty cells where the period was not evaluated (not enough history before it).
 * Methods and defaults (engines in packages/engines/src/earlywarning, R surveillance 1.20.3 / CDC Rnssp):
 *   ears-c1, ears-c2, ears-c3 — baseline 7, minSigma 0, α 0.001/0.001/0.025; ears-c3 defaults to the
 *     R-compatible mode (the package's bound ignores the current point); --c3 documented gives the published C3.
 *   cusum — k 1.04, h 2.26, 'standard' transformation; m = mean of the first half of each series (as the shared
 *     reference run) or of the first --reference-periods periods; evaluated after them.
 *   farrington (1996) and farrington-noufaily (2013) — freq from the periods (weekly dates 52 as a dated series,
 *     months 12, index periods 52 unless --freq); weekly: the JSS vignette recipes (b 4, w 3; original:
 *     weightsThreshold 1, 3 weeks left out, trend p < 0.05, 2/3-power delta bound; improved: noPeriods 10,
 *     weightsThreshold 2.58, 26 weeks left out, trend always tested at p < 1, negative-binomial quantile);
 *     monthly: b 4, w 2, 2 months left out (the shared monthly references); α 0.05; limit54 (5 cases in 4 periods).
 *   essence — Rnssp's regression/EWMA switch (B 28, g 2; day-of-week terms when periods are consecutive days).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CsvError, parse } from 'csv-parse/sync';
import { both } from '@puente/i18n';
import {
  detectSeries, EW_METHODS, MethodError, type C3Mode, type Detection, type DetectOptions, type EwMethod, type InputSeries, type PeriodKind,
} from '../../../../engines/src/earlywarning/index';
import { CliError } from '../shared';

type T = (key: string, vars?: Record<string, unknown>) => string;

/** A bilingual, one-line error naming file, line and field. */
const fail = (key: string, vars: Record<string, unknown>): never => {
  throw new CliError(key, vars, 1, both(key, vars));
};

export interface SeriesFile { kind: PeriodKind; series: InputSeries[]; rows: number }

const DAY = 86_400_000;

function periodKey(value: string): { kind: PeriodKind; key: number } | null {
  if (/^-?\d+$/.test(value)) return { kind: 'index', key: Number(value) };
  let m = /^(\d{4})-(\d{2})$/.exec(value);
  if (m) {
    const month = Number(m[2]);
    return month >= 1 && month <= 12 ? { kind: 'month', key: Number(m[1]) * 12 + month - 1 } : null;
  }
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m) {
    const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    const d = new Date(ms);
    if (d.getUTCFullYear() !== Number(m[1]) || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) return null;
    return { kind: 'date', key: ms / DAY };
  }
  return null;
}

/** Months between two day numbers when both fall on the same day of the month, else NaN. */
function monthStep(a: number, b: number): number {
  const da = new Date(a * DAY);
  const db = new Date(b * DAY);
  if (da.getUTCDate() !== db.getUTCDate()) return NaN;
  return (db.getUTCFullYear() - da.getUTCFullYear()) * 12 + db.getUTCMonth() - da.getUTCMonth();
}

/** Parses and validates series.csv. Errors name the file, the line and the field, in English and Spanish. */
export function readSeriesCsv(text: string | Buffer, file: string): SeriesFile {
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(text, { columns: true, info: true, skip_empty_lines: true, trim: true, bom: true }) as typeof records;
  } catch (err) {
    const e = err as CsvError & { lines?: number };
    return fail('earlywarning.error.csv', { file, line: e.lines ?? '?', detail: e.message });
  }
  if (!records.length) return fail('earlywarning.error.empty', { file });
  for (const field of ['series_id', 'period', 'count']) {
    if (!(field in records[0].record)) fail('earlywarning.error.missingColumn', { file, field });
  }
  let kind: PeriodKind | null = null;
  const bySeries = new Map<string, Array<{ period: string; key: number; count: number; line: number }>>();
  for (const { record, info } of records) {
    const line = info.lines;
    const id = record.series_id;
    if (!id) fail('earlywarning.error.emptySeries', { file, line });
    const pk = periodKey(record.period);
    if (!pk) return fail('earlywarning.error.badPeriod', { file, line, value: record.period });
    if (kind === null) kind = pk.kind;
    else if (pk.kind !== kind) fail('earlywarning.error.mixedPeriods', { file, line, value: record.period });
    const raw = record.count;
    let count = NaN;
    if (raw !== '' && raw !== 'NA') {
      count = Number(raw);
      if (!Number.isFinite(count) || count < 0 || !/^[0-9.eE+-]+$/.test(raw)) fail('earlywarning.error.badCount', { file, line, value: raw });
    }
    const list = bySeries.get(id) ?? [];
    bySeries.set(id, list);
    list.push({ period: record.period, key: pk.key, count, line });
  }
  const series: InputSeries[] = [];
  for (const [id, list] of bySeries) {
    list.sort((a, b) => a.key - b.key);
    // Steps: indices and months advance by 1; dates by 1 day, 7 days, or one month on the same day (coded −1).
    let step: number | null = null;
    for (let i = 1; i < list.length; i++) {
      const prev = list[i - 1];
      const cur = list[i];
      const late = cur.line > prev.line ? cur : prev;
      if (cur.key === prev.key) fail('earlywarning.error.duplicatePeriod', { file, line: late.line, value: late.period, series: id });
      const days = cur.key - prev.key;
      const s = kind !== 'date' ? days : days === 1 || days === 7 ? days : monthStep(prev.key, cur.key) === 1 ? -1 : NaN;
      const regular = kind !== 'date' ? s === 1 : !Number.isNaN(s) && (step === null || s === step);
      if (!regular) fail('earlywarning.error.irregular', { file, line: late.line, series: id, previous: prev.period, value: cur.period });
      step = s;
    }
    series.push({ id, periods: list.map((r) => r.period), counts: Float64Array.from(list.map((r) => r.count)), keys: list.map((r) => r.key) });
  }
  return { kind: kind!, series, rows: records.length };
}

const num = (v: number) => (Number.isNaN(v) ? 'NA' : String(v));
const cell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** alarms.csv text for detections of all series (the documented columns). */
export function alarmsCsv(file: SeriesFile, dets: Detection[]): string {
  const out = ['series_id,period,count,expected,upper_bound,alarm'];
  file.series.forEach((s, si) => {
    const d = dets[si];
    for (let t = 0; t < s.periods.length; t++) {
      const count = Number.isNaN(s.counts[t]) ? 'NA' : String(s.counts[t]);
      const evaluated = t >= d.from && t <= d.to;
      const alarm = d.alarm[t] === 1 ? '1' : d.alarm[t] === 0 ? '0' : 'NA';
      out.push([cell(s.id), cell(s.periods[t]), count, evaluated ? num(d.expected[t]) : '', evaluated ? num(d.upperBound[t]) : '', evaluated ? alarm : ''].join(','));
    }
  });
  return `${out.join('\n')}\n`;
}

function numberOption(option: string, value: string | undefined, check: (n: number) => boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n)) fail('earlywarning.error.badOption', { option, value });
  return n;
}

interface RawOptions {
  method?: string; input?: string; output?: string; c3?: string; alpha?: string; baseline?: string; minSigma?: string; freq?: string;
  years?: string; window?: string; limit54?: boolean; k?: string; h?: string; referencePeriods?: string; guard?: string;
}

export function registerEw(program: Command, t: T) {
  const ew = program.command('ew').description(t('earlywarning.cli.ew'));
  ew.command('detect')
    .description(t('earlywarning.cli.detect'))
    .option('--method <method>', t('earlywarning.cli.method'))
    .option('--input <series.csv>', t('earlywarning.cli.input'))
    .option('--output <alarms.csv>', t('earlywarning.cli.output'))
    .option('--c3 <mode>', t('earlywarning.cli.c3'))
    .option('--alpha <alpha>', t('earlywarning.cli.alpha'))
    .option('--baseline <n>', t('earlywarning.cli.baseline'))
    .option('--min-sigma <s>', t('earlywarning.cli.minSigma'))
    .option('--freq <n>', t('earlywarning.cli.freq'))
    .option('--years <b>', t('earlywarning.cli.years'))
    .option('--window <w>', t('earlywarning.cli.window'))
    .option('--no-limit54', t('earlywarning.cli.noLimit54'))
    .option('--k <k>', t('earlywarning.cli.k'))
    .option('--h <h>', t('earlywarning.cli.h'))
    .option('--reference-periods <n>', t('earlywarning.cli.referencePeriods'))
    .option('--guard <g>', t('earlywarning.cli.guard'))
    .addHelpText('after', `\n${t('earlywarning.cli.columns')}`)
    .action((raw: RawOptions) => {
      for (const o of ['method', 'input', 'output'] as const) if (!raw[o]) fail('earlywarning.error.missingOption', { option: `--${o}` });
      if (!(EW_METHODS as readonly string[]).includes(raw.method!)) fail('earlywarning.error.badOption', { option: '--method', value: raw.method });
      if (raw.c3 !== undefined && raw.c3 !== 'r-compatible' && raw.c3 !== 'documented') fail('earlywarning.error.badOption', { option: '--c3', value: raw.c3 });
      const int = (n: number) => Number.isInteger(n);
      const opts: DetectOptions = {
        method: raw.method as EwMethod,
        c3: raw.c3 as C3Mode | undefined,
        alpha: numberOption('--alpha', raw.alpha, (n) => n > 0 && n < 1),
        baseline: numberOption('--baseline', raw.baseline, (n) => int(n) && n >= 3),
        minSigma: numberOption('--min-sigma', raw.minSigma, (n) => n >= 0),
        freq: numberOption('--freq', raw.freq, (n) => int(n) && n >= 2),
        b: numberOption('--years', raw.years, (n) => int(n) && n >= 1),
        w: numberOption('--window', raw.window, (n) => int(n) && n >= 0),
        limit54: raw.limit54,
        k: numberOption('--k', raw.k, (n) => n >= 0),
        h: numberOption('--h', raw.h, (n) => n > 0),
        referencePeriods: numberOption('--reference-periods', raw.referencePeriods, (n) => int(n) && n >= 1),
        guard: numberOption('--guard', raw.guard, (n) => int(n) && n >= 0),
      };
      if (opts.method === 'essence' && opts.baseline !== undefined && opts.baseline < 7) fail('earlywarning.error.badOption', { option: '--baseline', value: raw.baseline });
      if (!existsSync(raw.input!)) fail('earlywarning.error.notFound', { file: raw.input });
      const file = readSeriesCsv(readFileSync(raw.input!), raw.input!);
      const dets = file.series.map((s) => {
        try {
          return detectSeries(s, file.kind, opts);
        } catch (err) {
          if (err instanceof MethodError) return fail('earlywarning.error.method', { series: err.series, detail: err.detail });
          throw err;
        }
      });
      writeFileSync(raw.output!, alarmsCsv(file, dets));
      let evaluated = 0;
      let alarms = 0;
      for (const d of dets) {
        for (let i = Math.max(0, d.from); i <= d.to; i++) { evaluated++; if (d.alarm[i] === 1) alarms++; }
      }
      console.log(t('earlywarning.cli.done', { series: file.series.length, evaluated, alarms, method: opts.method, file: raw.output }));
    });
}
