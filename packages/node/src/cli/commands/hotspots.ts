/**
 * `puente hotspots --method <gi|gistar|moran> --input <values.csv> --neighbors <edges.csv> --output <z.csv>
 *   [--style W|B] [--permutations N] [--seed S]` — local hot-spot z-scores for areas (R spdep 1.2-7 conventions).
 * Outside checks run this command: the contract below is kept exactly.
 *
 * Input values.csv (UTF-8, header): id,value — one row per area; value a finite number (e.g. homicides or a rate).
 * Neighbours edges.csv: from,to[,weight] — one row per directed link, as spdep writes neighbour lists (a contiguity
 *   list has both directions); both ends must be ids of values.csv; weight optional (default 1), non-negative.
 *   Areas without links are allowed (spdep zero.policy = TRUE): their z is NA.
 * Output z.csv: id,value,z,p[,p_sim] — one row per area, in input order; NA where undefined.
 *   gi     local Getis-Ord Gi (spdep localG, area excluded from its neighbours)
 *   gistar local Getis-Ord Gi* (localG on include.self(nb))
 *   moran  local Moran's I z-score (spdep localmoran: conditional randomisation, mlvar); the global Moran's I
 *          (moran.test, randomisation, alternative "greater") is printed on standard output
 *   p      two-sided normal p-value; p_sim (with --permutations N) conditional-permutation pseudo p-value, seeded.
 * Weights: --style W (row-standardised, default) or B (binary / the given weights); the z-scores of Gi, Gi* and
 * local Moran are the same under both (only the global Moran's I changes).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CsvError, parse } from 'csv-parse/sync';
import { both } from '@puente/i18n';
import {
  globalMoran, includeSelf, localG, localMoran, neighboursFromEdges, permutationPValues, toWeights,
  type Edge,
} from '../../../../engines/src/hotspots/index';
import { CliError } from '../shared';

type T = (key: string, vars?: Record<string, unknown>) => string;
export const HOTSPOT_METHODS = ['gi', 'gistar', 'moran'] as const;
export type HotspotMethod = (typeof HOTSPOT_METHODS)[number];

const fail = (key: string, vars: Record<string, unknown>): never => {
  throw new CliError(key, vars, 1, both(key, vars));
};

type Rec = { record: Record<string, string>; info: { lines: number } };

function readCsv(text: string | Buffer, file: string, fields: string[]): Rec[] {
  let records: Rec[];
  try {
    records = parse(text, { columns: true, info: true, skip_empty_lines: true, trim: true, bom: true }) as Rec[];
  } catch (err) {
    const e = err as CsvError & { lines?: number };
    return fail('hotspots.error.csv', { file, line: e.lines ?? '?', detail: e.message });
  }
  if (!records.length) return fail('hotspots.error.empty', { file });
  for (const field of fields) if (!(field in records[0].record)) fail('hotspots.error.missingColumn', { file, field });
  return records;
}

export function readValuesCsv(text: string | Buffer, file: string): { ids: string[]; values: Float64Array } {
  const recs = readCsv(text, file, ['id', 'value']);
  const ids: string[] = [];
  const values: number[] = [];
  const seen = new Set<string>();
  for (const { record, info } of recs) {
    const id = record.id;
    if (!id) fail('hotspots.error.emptyId', { file, line: info.lines, field: 'id' });
    if (seen.has(id)) fail('hotspots.error.duplicateId', { file, line: info.lines, value: id });
    seen.add(id);
    const v = Number(record.value);
    if (record.value === '' || !Number.isFinite(v)) fail('hotspots.error.badValue', { file, line: info.lines, field: 'value', value: record.value });
    ids.push(id);
    values.push(v);
  }
  if (ids.length < 3) fail('hotspots.error.tooFew', { file });
  return { ids, values: Float64Array.from(values) };
}

export function readEdgesCsv(text: string | Buffer, file: string, ids: Set<string>): Edge[] {
  const recs = readCsv(text, file, ['from', 'to']);
  const hasWeight = 'weight' in recs[0].record;
  const seen = new Set<string>();
  const edges: Edge[] = [];
  for (const { record, info } of recs) {
    const line = info.lines;
    for (const field of ['from', 'to'] as const) {
      if (!record[field]) fail('hotspots.error.emptyId', { file, line, field });
      if (!ids.has(record[field])) fail('hotspots.error.unknownId', { file, line, field, value: record[field] });
    }
    if (record.from === record.to) fail('hotspots.error.selfEdge', { file, line, value: record.to });
    const key = `${record.from}\u0000${record.to}`;
    if (seen.has(key)) fail('hotspots.error.duplicateEdge', { file, line, from: record.from, value: record.to });
    seen.add(key);
    let weight: number | undefined;
    if (hasWeight && record.weight !== '') {
      weight = Number(record.weight);
      if (!Number.isFinite(weight) || weight < 0) fail('hotspots.error.badWeight', { file, line, value: record.weight });
    }
    edges.push({ from: record.from, to: record.to, weight });
  }
  return edges;
}

export interface HotspotRun { z: Float64Array; p: Float64Array; pSim?: Float64Array; global?: ReturnType<typeof globalMoran> }

/** Runs one statistic on validated inputs. */
export function runHotspots(ids: string[], values: Float64Array, edges: Edge[], o: { method: HotspotMethod; style?: 'W' | 'B'; permutations?: number; seed?: number }): HotspotRun {
  const nb = neighboursFromEdges(ids, edges);
  const style = o.style ?? 'W';
  if (o.method === 'moran') {
    const w = toWeights(nb, style);
    const lm = localMoran(values, w);
    let mean = 0;
    for (const v of values) mean += v;
    mean /= values.length;
    const pSim = o.permutations ? permutationPValues(values, w, (i, lag) => (values[i] - mean) * lag, { permutations: o.permutations, seed: o.seed }) : undefined;
    return { z: lm.z, p: lm.p, pSim, global: globalMoran(values, w) };
  }
  const w = toWeights(o.method === 'gistar' ? includeSelf(nb) : nb, style);
  const g = localG(values, w);
  const pSim = o.permutations ? permutationPValues(values, w, (_i, lag) => lag, { permutations: o.permutations, seed: o.seed }) : undefined;
  return { z: g.z, p: g.p, pSim };
}

const num = (v: number) => (Number.isFinite(v) ? String(v) : 'NA');
const cell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function zCsv(ids: string[], values: Float64Array, run: HotspotRun): string {
  const out = [run.pSim ? 'id,value,z,p,p_sim' : 'id,value,z,p'];
  ids.forEach((id, i) => {
    const row = [cell(id), String(values[i]), num(run.z[i]), num(run.p[i])];
    if (run.pSim) row.push(num(run.pSim[i]));
    out.push(row.join(','));
  });
  return `${out.join('\n')}\n`;
}

interface RawOptions { method?: string; input?: string; neighbors?: string; output?: string; style?: string; permutations?: string; seed?: string }

export function registerHotspots(program: Command, t: T) {
  program.command('hotspots')
    .description(t('hotspots.cli.command'))
    .option('--method <method>', t('hotspots.cli.method'))
    .option('--input <values.csv>', t('hotspots.cli.input'))
    .option('--neighbors <edges.csv>', t('hotspots.cli.neighbors'))
    .option('--output <z.csv>', t('hotspots.cli.output'))
    .option('--style <W|B>', t('hotspots.cli.style'))
    .option('--permutations <n>', t('hotspots.cli.permutations'))
    .option('--seed <n>', t('hotspots.cli.seed'))
    .addHelpText('after', `\n${t('hotspots.cli.columns')}`)
    .action((raw: RawOptions) => {
      for (const o of ['method', 'input', 'neighbors', 'output'] as const) if (!raw[o]) fail('hotspots.error.missingOption', { option: `--${o}` });
      if (!(HOTSPOT_METHODS as readonly string[]).includes(raw.method!)) fail('hotspots.error.badOption', { option: '--method', value: raw.method });
      if (raw.style !== undefined && raw.style !== 'W' && raw.style !== 'B') fail('hotspots.error.badOption', { option: '--style', value: raw.style });
      const intOpt = (option: string, v: string | undefined, min: number) => {
        if (v === undefined) return undefined;
        const n = Number(v);
        if (!Number.isInteger(n) || n < min || v.trim() === '') fail('hotspots.error.badOption', { option, value: v });
        return n;
      };
      const permutations = intOpt('--permutations', raw.permutations, 1);
      const seed = intOpt('--seed', raw.seed, 0);
      for (const f of [raw.input!, raw.neighbors!]) if (!existsSync(f)) fail('hotspots.error.notFound', { file: f });
      const { ids, values } = readValuesCsv(readFileSync(raw.input!), raw.input!);
      const edges = readEdgesCsv(readFileSync(raw.neighbors!), raw.neighbors!, new Set(ids));
      const method = raw.method as HotspotMethod;
      const run = runHotspots(ids, values, edges, { method, style: raw.style as 'W' | 'B' | undefined, permutations, seed });
      writeFileSync(raw.output!, zCsv(ids, values, run));
      if (run.global) {
        const g = run.global;
        console.log(t('hotspots.cli.globalMoran', { I: g.I.toPrecision(6), expected: g.expected.toPrecision(6), z: g.z.toPrecision(4), p: g.pGreater.toPrecision(4) }));
      }
      let hot = 0;
      let cold = 0;
      for (const z of run.z) { if (z >= 1.959963984540054) hot++; else if (z <= -1.959963984540054) cold++; }
      console.log(t('hotspots.cli.done', { areas: ids.length, links: edges.length, hot, cold, method, file: raw.output }));
    });
}
