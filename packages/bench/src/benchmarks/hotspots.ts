/**
 * B6 · Hot spots and near-repeat (../shared/design/BENCHMARKS.md).
 *   1. Agreement with R spdep 1.2-7 on ../shared/data/violence/hotspot-ref (Guanajuato 2024, the provided queen
 *      list): Gi and Gi* (binary and row-standardised), local Moran (I, E, Var, Z, p), global Moran (W and B);
 *      bar: within 1e-9. Also our queen contiguity from mx_municipios.topojson against the provided list.
 *   2. Knox near-repeat on Chicago 2016 burglaries with the NRC run's settings (100 m × 3, 2 days × 2, Euclidean,
 *      20 iterations): observed table against NRC's (from its verbose output), (a) with coordinates in single
 *      precision as NRC holds them — identical; (b) in full double precision; Monte Carlo p-values (seeded), time.
 *   3. Gi* on all 2,469 municipalities (queen contiguity built from the TopoJSON; homicidio doloso 2024 per
 *      100,000 inhabitants): median time of the statistic (bar ≤ 200 ms), and the time to build the neighbours.
 * Options: --data DIR (default $PUENTE_DATA or ../shared/data), --runs R (default 20), --iterations N (Knox, 20).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { BenchResult } from '../main';
import {
  globalMoran, includeSelf, knoxTest, localG, localMoran, neighboursFromEdges, queenContiguity, toWeights, type Topology,
} from '../../../engines/src/hotspots/index';

const root = new URL('../../../../', import.meta.url).pathname;
const arg = (args: string[], name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
const day = (s: string) => { const [d, m, y] = s.trim().split('/').map(Number); return Date.UTC(y, m - 1, d) / 86_400_000; };

/** NRC's observed-frequency table and the coordinates it recorded, from its verbose CSV. */
export function readNrcVerbose(text: string): { observed: number[][]; x: number[]; y: number[]; t: number[] } {
  const lines = text.split(/\r?\n/);
  const at = lines.findIndex((l) => l.startsWith('Observed frequencies distribution'));
  const observed: number[][] = [];
  let k = at + 1;
  while (k < lines.length && !/^\d+,/.test(lines[k])) k++;
  for (; k < lines.length && /^\d+,/.test(lines[k]); k++) observed.push(lines[k].split(',').slice(2).filter((c) => c !== '').map(Number));
  const src = lines.findIndex((l) => l.startsWith('SOURCE DATA'));
  const x: number[] = []; const y: number[] = []; const t: number[] = [];
  for (let k = src + 2; k < lines.length; k++) {
    const c = lines[k].split(',');
    if (c.length < 4 || !/^\d+$/.test(c[0])) continue;
    x.push(Number(c[1])); y.push(Number(c[2])); t.push(day(c[3]));
  }
  return { observed, x, y, t };
}

export async function hotspotsBench(args: string[]): Promise<BenchResult> {
  const dataDir = arg(args, '--data') ?? process.env.PUENTE_DATA ?? join(root, '../shared/data');
  const dir = join(dataDir, 'violence');
  const runs = Number(arg(args, '--runs') ?? 20);
  const iterations = Number(arg(args, '--iterations') ?? 20);
  const metrics: BenchResult['metrics'] = [];
  const notes: string[] = [];
  if (!existsSync(dir)) return { name: 'hotspots', metrics, notes: [`reference data not found at ${dir}`] };
  const csv = (f: string) => parse(readFileSync(join(dir, f)), { columns: true, skip_empty_lines: true }) as Record<string, string>[];

  // 1. spdep agreement
  const ref = csv('hotspot-ref/gto_homicidio_doloso_2024_hotspot.csv');
  const edges = csv('hotspot-ref/gto_homicidio_doloso_2024_neighbors_queen.csv').map((e) => ({ from: e.from, to: e.to }));
  const ids = ref.map((r) => r.id);
  const x = Float64Array.from(ref.map((r) => Number(r.value)));
  const nb = neighboursFromEdges(ids, edges);
  const lm = localMoran(x, toWeights(nb, 'W'));
  const columns: Array<[string, Float64Array]> = [
    ['Gi_z_binary', localG(x, toWeights(nb, 'B')).z], ['Gi_z_rowstd', localG(x, toWeights(nb, 'W')).z],
    ['GiStar_z_binary', localG(x, toWeights(includeSelf(nb), 'B')).z], ['GiStar_z_rowstd', localG(x, toWeights(includeSelf(nb), 'W')).z],
    ['localMoran_Ii', lm.I], ['localMoran_EIi', lm.expected], ['localMoran_VarIi', lm.variance], ['localMoran_ZIi', lm.z], ['localMoran_p_two_sided', lm.p],
  ];
  let worst = 0;
  for (const [c, v] of columns) {
    const err = Math.max(...ref.map((r, i) => Math.abs(Number(r[c]) - v[i])));
    worst = Math.max(worst, err);
    metrics.push({ metric: `spdep agreement ${c} (46 municipalities): max abs error`, value: err.toExponential(2), unit: '', bar: '≤ 1e-9', anchor: 'R spdep 1.2-7', pass: err <= 1e-9 });
  }
  for (const g of csv('hotspot-ref/gto_homicidio_doloso_2024_global_moran.csv')) {
    const mine = globalMoran(x, toWeights(nb, g.weights.startsWith('W') ? 'W' : 'B'));
    const err = Math.max(Math.abs(mine.I - Number(g.moran_I)), Math.abs(mine.variance - Number(g.variance)), Math.abs(mine.z - Number(g.z)), Math.abs(mine.pGreater - Number(g.p_greater)));
    worst = Math.max(worst, err);
    metrics.push({ metric: `spdep agreement global Moran ${g.weights}: max abs error (I, Var, z, p)`, value: err.toExponential(2), unit: '', bar: '≤ 1e-9', pass: err <= 1e-9 });
  }
  metrics.push({ metric: 'spdep agreement: worst of all columns', value: worst.toExponential(2), unit: '', bar: '≤ 1e-9', anchor: 'R spdep 1.2-7', pass: worst <= 1e-9 });

  // 3. Gi* on every municipality (before Knox, which is heavier)
  const t0 = performance.now();
  const topo = JSON.parse(readFileSync(join(dir, 'mx_municipios.topojson'), 'utf8')) as Topology;
  const tParsed = performance.now();
  const all = queenContiguity(topo, 'municipios');
  const tQueen = performance.now() - tParsed;
  const gtoSet = new Set(ids);
  let gtoLinks = 0;
  let gtoSame = 0;
  const refLinks = new Set(edges.map((e) => `${e.from}>${e.to}`));
  all.ids.forEach((id, i) => {
    if (!gtoSet.has(id)) return;
    for (let k = all.offset[i]; k < all.offset[i + 1]; k++) {
      const j = all.ids[all.index[k]];
      if (!gtoSet.has(j)) continue;
      gtoLinks++;
      if (refLinks.has(`${id}>${j}`)) gtoSame++;
    }
  });
  metrics.push({ metric: 'queen contiguity from mx_municipios.topojson: directed links (2,469 municipalities)', value: all.index.length, unit: '', anchor: 'digest: 14,452 (spdep poly2nb queen)', pass: all.index.length === 14452 });
  metrics.push({ metric: 'queen contiguity, Guanajuato: links equal to the provided spdep list', value: `${gtoSame}/${refLinks.size} (ours ${gtoLinks})`, unit: '', pass: gtoSame === refLinks.size && gtoLinks === refLinks.size });
  metrics.push({ metric: 'queen contiguity build time (TopoJSON parse excluded)', value: round(tQueen, 1), unit: 'ms', anchor: `parse ${round(tParsed - t0, 1)} ms` });
  const pop = new Map(csv('mx_municipios_pop2020.csv').map((r) => [r.region, Number(r.pop)]));
  const hom = new Map<string, number>();
  for (const r of csv('sesnsp_homicidio_municipal_mensual_2024_2025.csv')) {
    if (r.year !== '2024' || !r.cve_mun) continue;
    hom.set(r.cve_mun, (hom.get(r.cve_mun) ?? 0) + Number(r.homicidio_doloso));
  }
  const rate = Float64Array.from(all.ids.map((id) => ((hom.get(id) ?? 0) / (pop.get(id) ?? 1)) * 1e5));
  const times: number[] = [];
  let hot = 0;
  for (let r = 0; r < runs; r++) {
    const s = performance.now();
    const z = localG(rate, toWeights(includeSelf(all), 'W')).z;
    times.push(performance.now() - s);
    hot = 0;
    for (const v of z) if (v >= 1.959963984540054) hot++;
  }
  metrics.push({ metric: 'Gi* on 2,469 municipalities (weights + statistic), median', value: round(median(times), 2), unit: 'ms', bar: '≤ 200 ms', pass: median(times) <= 200 });
  metrics.push({ metric: 'Gi* hot spots at 95 % (homicidio doloso 2024 per 100,000)', value: hot, unit: 'municipalities' });

  // 2. Knox near-repeat, Chicago 2016
  const nrc = readNrcVerbose(readFileSync(join(dir, 'near-repeat/nrc_chicago_burglary_2016_NRverbose.csv'), 'utf8'));
  const settings = { spatialBandwidth: 100, spatialBands: 3, temporalBandwidth: 2, temporalBands: 2, iterations, seed: 20240601 };
  const raw = csv('near-repeat/chicago_burglary_2014_2017.csv').filter((r) => r.date_single.endsWith('/2016'));
  const events = { x: raw.map((r) => Number(r.x)), y: raw.map((r) => Number(r.y)), t: raw.map((r) => day(r.date_single)) };
  const k0 = performance.now();
  const onNrc = knoxTest(events, { ...settings, singlePrecision: true });
  const kTime = performance.now() - k0;
  const cells = (a: number[][], b: number[][]) => a.flatMap((row, r) => row.map((v, c) => v === b[r][c])).filter(Boolean).length;
  const maxDiff = (a: number[][], b: number[][]) => Math.max(...a.flatMap((row, r) => row.map((v, c) => Math.abs(v - b[r][c]))));
  metrics.push({ metric: `Knox observed table vs NRC (${raw.length} events, coordinates in single precision as NRC): identical cells`, value: `${cells(onNrc.observed, nrc.observed)}/15`, unit: '', bar: 'identical', anchor: 'Near Repeat Calculator 1.3', pass: cells(onNrc.observed, nrc.observed) === 15 });
  const onCsv = knoxTest(events, settings);
  const bounded = onCsv.observed.map((row) => row.slice(0, 2));
  const nrcBounded = nrc.observed.map((row) => row.slice(0, 2));
  metrics.push({ metric: 'Knox observed table vs NRC, full-precision CSV coordinates: identical cells in the 0–2 and 3–4 day columns', value: `${cells(bounded, nrcBounded)}/10`, unit: '', pass: cells(bounded, nrcBounded) === 10 });
  metrics.push({ metric: 'Knox observed table vs NRC, full-precision CSV coordinates: max difference (all cells)', value: maxDiff(onCsv.observed, nrc.observed), unit: 'pairs', anchor: 'PROVENANCE: within 7 in "> 4 days"' });
  metrics.push({ metric: `Knox test time (${onNrc.pairs} pairs, ${iterations} permutations)`, value: round(kTime, 0), unit: 'ms', anchor: 'naive all-pairs loop in R: 142 s (observed table only)' });
  metrics.push({ metric: 'Knox ratio, same location / 0–2 days (NRC 15.60 with its own permutations)', value: round(onNrc.knoxRatio[0][0], 2), unit: '' });
  metrics.push({ metric: 'Knox p-values (seeded), row "1 to 100": 0–2 / 3–4 / > 4 days', value: onNrc.pValue[1].map((p) => round(p, 3)).join(' / '), unit: '', anchor: 'NRC 0.05 / 0.05 / 1' });
  notes.push('Knox p = (1 + #permutations ≥ observed)/(iterations + 1); with 20 iterations the smallest is 0.048 (NRC prints 0.05).');
  return { name: 'hotspots', metrics, notes };
}
