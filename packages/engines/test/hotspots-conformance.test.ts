/**
 * Conformance of the hot-spot engines:
 *  - R spdep 1.2-7 on ../shared/data/violence/hotspot-ref (Guanajuato 2024, the provided queen list): Gi, Gi*
 *    (binary and row-standardised), local Moran's I (I, E, Var, Z, p) and global Moran's I, within 1e-9;
 *  - our queen contiguity from mx_municipios.topojson against the provided list (and 14,452 links in all);
 *  - the Near Repeat Calculator's observed table on Chicago 2016 (near-repeat/), identical;
 *  - spdep on a small fixture with general weights and an isolate (fixtures/hotspots, not in ../shared/data).
 * Shared data are read in place; without the folder those tests skip with a message.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import {
  globalMoran, includeSelf, knoxTest, localG, localMoran, neighboursFromEdges, queenContiguity, toWeights, type Topology,
} from '../src/hotspots/index';

const dataDir = process.env.PUENTE_DATA ?? new URL('../../../../shared/data/', import.meta.url).pathname;
const dir = join(dataDir, 'violence');
const skip = existsSync(dir) ? false : `reference data not found at ${dir} (set PUENTE_DATA): conformance skipped`;
const csvAt = (path: string) => parse(readFileSync(path), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
const num = (s: string) => (s === 'NA' ? NaN : Number(s));

function close(actual: ArrayLike<number>, expected: number[], tol: number, what: string) {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (Number.isNaN(expected[i])) { assert.ok(Number.isNaN(actual[i]), `${what}[${i}] should be NA`); continue; }
    assert.ok(Math.abs(actual[i] - expected[i]) <= tol, `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

test('spdep hotspot-ref (Guanajuato 2024): Gi, Gi*, local and global Moran within 1e-9', { skip }, () => {
  const ref = csvAt(join(dir, 'hotspot-ref/gto_homicidio_doloso_2024_hotspot.csv'));
  const edges = csvAt(join(dir, 'hotspot-ref/gto_homicidio_doloso_2024_neighbors_queen.csv')).map((e) => ({ from: e.from, to: e.to }));
  const nb = neighboursFromEdges(ref.map((r) => r.id), edges);
  const x = ref.map((r) => Number(r.value));
  const col = (c: string) => ref.map((r) => num(r[c]));
  assert.deepEqual(Array.from(nb.offset.slice(1)).map((o, i) => o - nb.offset[i]), col('n_neighbors'));
  close(localG(x, toWeights(nb, 'B')).z, col('Gi_z_binary'), 1e-9, 'Gi B');
  close(localG(x, toWeights(nb, 'W')).z, col('Gi_z_rowstd'), 1e-9, 'Gi W');
  close(localG(x, toWeights(includeSelf(nb), 'B')).z, col('GiStar_z_binary'), 1e-9, 'Gi* B');
  close(localG(x, toWeights(includeSelf(nb), 'W')).z, col('GiStar_z_rowstd'), 1e-9, 'Gi* W');
  const lm = localMoran(x, toWeights(nb, 'W'));
  close(lm.I, col('localMoran_Ii'), 1e-9, 'Ii');
  close(lm.expected, col('localMoran_EIi'), 1e-9, 'E.Ii');
  close(lm.variance, col('localMoran_VarIi'), 1e-9, 'Var.Ii');
  close(lm.z, col('localMoran_ZIi'), 1e-9, 'Z.Ii');
  close(lm.p, col('localMoran_p_two_sided'), 1e-9, 'p');
  for (const g of csvAt(join(dir, 'hotspot-ref/gto_homicidio_doloso_2024_global_moran.csv'))) {
    const m = globalMoran(x, toWeights(nb, g.weights.startsWith('W') ? 'W' : 'B'));
    close([m.I, m.expected, m.variance, m.z, m.pGreater], [g.moran_I, g.expectation, g.variance, g.z, g.p_greater].map(Number), 1e-9, g.weights);
  }
});

test('queen contiguity from mx_municipios.topojson equals spdep poly2nb(queen = TRUE)', { skip }, () => {
  const topo = JSON.parse(readFileSync(join(dir, 'mx_municipios.topojson'), 'utf8')) as Topology;
  const nb = queenContiguity(topo, 'municipios');
  assert.equal(nb.ids.length, 2469);
  assert.equal(nb.index.length, 14452); // the digest's queen count (shared arcs alone give 14,224)
  const refEdges = csvAt(join(dir, 'hotspot-ref/gto_homicidio_doloso_2024_neighbors_queen.csv'));
  const gto = new Set(csvAt(join(dir, 'hotspot-ref/gto_homicidio_doloso_2024_hotspot.csv')).map((r) => r.id));
  const ours: string[] = [];
  nb.ids.forEach((id, i) => {
    if (!gto.has(id)) return;
    for (let k = nb.offset[i]; k < nb.offset[i + 1]; k++) if (gto.has(nb.ids[nb.index[k]])) ours.push(`${id}>${nb.ids[nb.index[k]]}`);
  });
  assert.deepEqual(ours.sort(), refEdges.map((e) => `${e.from}>${e.to}`).sort());
});

const day = (s: string) => { const [d, m, y] = s.split('/').map(Number); return Date.UTC(y, m - 1, d) / 86_400_000; };
function nrcObserved(): number[][] {
  const lines = readFileSync(join(dir, 'near-repeat/nrc_chicago_burglary_2016_NRverbose.csv'), 'utf8').split(/\r?\n/);
  let k = lines.findIndex((l) => l.startsWith('Observed frequencies distribution')) + 1;
  while (!/^\d+,/.test(lines[k])) k++;
  const rows: number[][] = [];
  for (; /^\d+,/.test(lines[k]); k++) rows.push(lines[k].split(',').slice(2).filter((c) => c !== '').map(Number));
  return rows;
}
function chicago2016() {
  const rows = csvAt(join(dir, 'near-repeat/chicago_burglary_2014_2017.csv')).filter((r) => r.date_single.endsWith('/2016'));
  return { x: rows.map((r) => Number(r.x)), y: rows.map((r) => Number(r.y)), t: rows.map((r) => day(r.date_single)) };
}
const NRC_RUN = { spatialBandwidth: 100, spatialBands: 3, temporalBandwidth: 2, temporalBands: 2, iterations: 20 };

test('Knox test reproduces the Near Repeat Calculator observed table on Chicago 2016 (identical)', { skip }, () => {
  const ev = chicago2016();
  assert.equal(ev.x.length, 11701);
  const nrc = nrcObserved();
  // NRC holds coordinates in single precision: with the same, every cell is identical.
  const single = knoxTest(ev, { ...NRC_RUN, singlePrecision: true, seed: 1 });
  assert.deepEqual(single.observed, nrc);
  assert.deepEqual(single.rows, ['Same location', '1 to 100', '101 to 200', '201 to 300', 'More than 300']);
  assert.deepEqual(single.cols, ['0 to 2', '3 to 4', 'More than 4']);
  // In double precision the bounded columns are identical and the rest within 7 pairs (PROVENANCE.md).
  const double = knoxTest(ev, { ...NRC_RUN, seed: 1 });
  assert.deepEqual(double.observed.map((r) => r.slice(0, 2)), nrc.map((r) => r.slice(0, 2)));
  for (let r = 0; r < 5; r++) assert.ok(Math.abs(double.observed[r][2] - nrc[r][2]) <= 7);
  const total = double.observed.flat().reduce((a, b) => a + b, 0);
  assert.equal(total, (11701 * 11700) / 2);
});

test('Knox Monte Carlo p-values are consistent: seeded, repeatable, significant where NRC found near repeats', { skip }, () => {
  const ev = chicago2016();
  const a = knoxTest(ev, { ...NRC_RUN, seed: 42 });
  const b = knoxTest(ev, { ...NRC_RUN, seed: 42 });
  assert.deepEqual(a.pValue, b.pValue);
  assert.deepEqual(a.expected, b.expected);
  for (const row of a.pValue) for (const p of row) assert.ok(p >= 1 / 21 && p <= 1);
  // NRC: same location and 1–100 m are over-represented at 0–2 and 3–4 days (p = 0.05 with 20 iterations).
  for (const [r, c] of [[0, 0], [0, 1], [1, 0], [1, 1]]) assert.equal(a.pValue[r][c], 1 / 21, `cell ${r},${c}`);
  assert.ok(a.knoxRatio[0][0] > 10 && a.knoxRatio[1][0] > 2);
  // Expected counts are unbiased: a cell's mean equals (pairs in its row) × (share of pairs in its column), within MC error.
  const rowTotal = a.observed[0].reduce((s, v) => s + v, 0);
  const colShare = a.observed.reduce((s, row) => s + row[0], 0) / a.pairs;
  assert.ok(Math.abs(a.expected[0][0] - rowTotal * colShare) < 4 * Math.sqrt(rowTotal * colShare));
});

const fx = new URL('./fixtures/hotspots/', import.meta.url).pathname;
test('spdep on general weights with an isolate (fixture): Gi, Gi*, local Moran (both variances), global Moran', () => {
  const ref = csvAt(join(fx, 'ring_hotspot.csv'));
  const ids = ref.map((r) => r.id);
  const x = ref.map((r) => Number(r.value));
  const edges = csvAt(join(fx, 'ring_edges.csv')).map((e) => ({ from: e.from, to: e.to, weight: Number(e.weight) }));
  const nb = neighboursFromEdges(ids, edges);
  const col = (c: string) => ref.map((r) => num(r[c]));
  for (const style of ['B', 'W'] as const) {
    const w = toWeights(nb, style);
    close(localG(x, w).z, col(`Gi_${style}`), 1e-9, `Gi ${style}`);
    close(localMoran(x, w).z, col(`lmZ_${style}`), 1e-9, `local Moran ${style}`);
    close(localMoran(x, w, { conditional: false }).z, col(`lmZtotal_${style}`), 1e-9, `local Moran total ${style}`);
    const binary = neighboursFromEdges(ids, edges.map((e) => ({ from: e.from, to: e.to })));
    close(localG(x, toWeights(includeSelf(binary), style)).z, col(`GiStar_${style}`), 1e-9, `Gi* ${style}`);
    const g = csvAt(join(fx, `ring_global_moran_${style}.csv`));
    for (const row of g) {
      const m = globalMoran(x, w, { randomisation: row.test === 'randomisation' });
      close([m.I, m.variance, m.z], [row.I, row.variance, row.z].map(Number), 1e-9, `global ${style} ${row.test}`);
    }
  }
});
