/**
 * Properties of the hot-spot engines (fast-check) and hand-checked cases: invariances that spdep's formulas
 * imply, the Knox banding convention on constructed pairs, and kernel-density mass.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  defaultBandwidth, getisOrd, globalMoran, hotspotClass, includeSelf, kernelDensity, knoxTest, localG, localMoran,
  neighboursFromEdges, NeighbourError, permutationPValues, queenContiguity, toWeights, type Edge, type Topology,
} from '../src/hotspots/index';

/** A random symmetric neighbour graph on n areas where every area has at least one neighbour. */
const graphArb = fc.integer({ min: 5, max: 30 }).chain((n) =>
  fc.tuple(
    fc.constant(n),
    fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 })), { minLength: n, maxLength: 4 * n }),
    fc.array(fc.integer({ min: -500, max: 5000 }).map((v) => v / 10), { minLength: n, maxLength: n }),
  ));

function build(n: number, pairs: Array<[number, number]>): Edge[] {
  const set = new Set<string>();
  for (let i = 0; i < n; i++) { const j = (i + 1) % n; set.add(i < j ? `${i}:${j}` : `${j}:${i}`); } // a ring: everyone has neighbours
  for (const [a, b] of pairs) if (a !== b) set.add(a < b ? `${a}:${b}` : `${b}:${a}`);
  const edges: Edge[] = [];
  for (const k of set) {
    const [a, b] = k.split(':');
    edges.push({ from: `a${a}`, to: `a${b}` }, { from: `a${b}`, to: `a${a}` });
  }
  return edges;
}
const ids = (n: number) => Array.from({ length: n }, (_, i) => `a${i}`);
const distinct = (x: number[]) => new Set(x).size > 2;
/** Areas adjacent to (nearly) every other area have no reference variance: spdep's z is 0/0 there. */
function degenerate(nb: ReturnType<typeof neighboursFromEdges>, i: number) {
  return nb.offset[i + 1] - nb.offset[i] >= nb.ids.length - 2;
}
/** Equal, or both undefined (spdep's NaN, e.g. an area adjacent to every other has no variance). */
function same(a: number, b: number, tol: number, what: string) {
  if (!Number.isFinite(a) || !Number.isFinite(b)) { assert.equal(Number.isFinite(a), Number.isFinite(b), `${what}: ${a} vs ${b}`); return; }
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(a)), `${what}: ${a} vs ${b}`);
}

test('Gi and Gi* z-scores do not depend on row-standardisation', () => {
  fc.assert(fc.property(graphArb, ([n, pairs, x]) => {
    fc.pre(distinct(x));
    const nb = neighboursFromEdges(ids(n), build(n, pairs));
    for (const star of [false, true]) {
      const b = getisOrd(x, nb, { star, style: 'B' }).z;
      const w = getisOrd(x, nb, { star, style: 'W' }).z;
      for (let i = 0; i < n; i++) if (!degenerate(nb, i)) same(b[i], w[i], 1e-8, `area ${i}`);
    }
  }), { numRuns: 100 });
});

test('Gi* z-scores are invariant under a positive affine change of the values (a·x + c, a > 0)', () => {
  fc.assert(fc.property(graphArb, fc.double({ min: 0.01, max: 100, noNaN: true }), fc.double({ min: -100, max: 100, noNaN: true }), ([n, pairs, x], a, c) => {
    fc.pre(distinct(x));
    const nb = neighboursFromEdges(ids(n), build(n, pairs));
    const z1 = getisOrd(x, nb, { star: true }).z;
    const z2 = getisOrd(x.map((v) => a * v + c), nb, { star: true }).z;
    for (let i = 0; i < n; i++) if (!degenerate(nb, i)) same(z1[i], z2[i], 1e-6, `area ${i}`);
  }), { numRuns: 100 });
});

test('|Z(I_i)| of local Moran (conditional, mlvar) equals |z(Gi)| — the cross-check the digest reports for spdep', () => {
  fc.assert(fc.property(graphArb, ([n, pairs, x]) => {
    fc.pre(distinct(x));
    const nb = neighboursFromEdges(ids(n), build(n, pairs));
    const w = toWeights(nb, 'W');
    const gi = localG(x, w).z;
    const lm = localMoran(x, w).z;
    for (let i = 0; i < n; i++) if (!degenerate(nb, i)) same(Math.abs(gi[i]), Math.abs(lm[i]), 1e-8, `area ${i}`);
  }), { numRuns: 100 });
});

test('Gi* by hand on a 3 × 3 queen grid; an area that sees every area, and a constant field, give NaN as in spdep', () => {
  const n = 9; // 3 × 3 grid, queen
  const edges: Edge[] = [];
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) for (let dr = -1; dr <= 1; dr++) for (let dc = -1; dc <= 1; dc++) {
    const rr = r + dr; const cc = c + dc;
    if ((dr || dc) && rr >= 0 && rr < 3 && cc >= 0 && cc < 3) edges.push({ from: `a${r * 3 + c}`, to: `a${rr * 3 + cc}` });
  }
  const nb = neighboursFromEdges(ids(n), edges);
  const x = [1, 1, 1, 1, 10, 1, 1, 1, 1];
  const z = getisOrd(x, nb, { star: true }).z;
  // Hand computation for the centre (Gi*, binary): W = 9, S1 = 9, x̄ = 2, s² = Σ(x − x̄)²/n = 72/9 = 8,
  // z = (18 − 9·2)/√(8·(9·9 − 81)/8) = 0/0 → the centre sees every area: no contrast, NaN, as in spdep.
  assert.ok(Number.isNaN(z[4]));
  // Corner a0: neighbours {0,1,3,4}: W = 4, S1 = 4, Σ = 13; z = (13 − 8)/√(8·(36 − 16)/8) = 5/√20.
  assert.ok(Math.abs(z[0] - 5 / Math.sqrt(20)) < 1e-12, `corner ${z[0]}`);
  assert.ok(getisOrd(new Array(n).fill(3), nb, { star: true }).z.every((v) => Number.isNaN(v)));
});

test('global Moran: a checkerboard is negatively, a gradient positively autocorrelated', () => {
  const side = 6;
  const edges: Edge[] = [];
  for (let r = 0; r < side; r++) for (let c = 0; c < side; c++) {
    for (const [dr, dc] of [[0, 1], [1, 0], [0, -1], [-1, 0]]) {
      const rr = r + dr; const cc = c + dc;
      if (rr >= 0 && rr < side && cc >= 0 && cc < side) edges.push({ from: `a${r * side + c}`, to: `a${rr * side + cc}` });
    }
  }
  const w = toWeights(neighboursFromEdges(ids(side * side), edges), 'W');
  const checker = Array.from({ length: side * side }, (_, i) => ((Math.floor(i / side) + (i % side)) % 2 ? 1 : 0));
  const gradient = Array.from({ length: side * side }, (_, i) => Math.floor(i / side) + (i % side));
  assert.ok(Math.abs(globalMoran(checker, w).I + 1) < 1e-12); // rook checkerboard: I = −1 exactly
  const g = globalMoran(gradient, w);
  assert.ok(g.I > 0.5 && g.z > 3 && g.pGreater < 0.01, JSON.stringify(g));
});

test('neighbour lists reject unknown ids, self links, bad weights and repeats', () => {
  const ids3 = ['a', 'b', 'c'];
  assert.throws(() => neighboursFromEdges(ids3, [{ from: 'a', to: 'z' }]), (e: NeighbourError) => e.code === 'unknown_id');
  assert.throws(() => neighboursFromEdges(ids3, [{ from: 'a', to: 'a' }]), (e: NeighbourError) => e.code === 'self_edge');
  assert.throws(() => neighboursFromEdges(ids3, [{ from: 'a', to: 'b', weight: -1 }]), (e: NeighbourError) => e.code === 'bad_weight');
  assert.throws(() => neighboursFromEdges(ids3, [{ from: 'a', to: 'b' }, { from: 'a', to: 'b' }]), (e: NeighbourError) => e.code === 'duplicate_edge');
  assert.throws(() => includeSelf(includeSelf(neighboursFromEdges(ids3, []))));
});

test('conditional permutation p-values: seeded, within (0, 1], small for a planted hot spot', () => {
  const n = 40;
  const edges = build(n, []);
  const nb = neighboursFromEdges(ids(n), edges);
  const x = Array.from({ length: n }, (_, i) => (i >= 10 && i <= 12 ? 100 : (i * 37) % 11));
  const w = toWeights(includeSelf(nb), 'W');
  const p1 = permutationPValues(x, w, (_i, lag) => lag, { permutations: 199, seed: 3 });
  const p2 = permutationPValues(x, w, (_i, lag) => lag, { permutations: 199, seed: 3 });
  assert.deepEqual(p1, p2);
  for (const p of p1) assert.ok(p > 0 && p <= 1, `p ${p}`);
  assert.ok(p1[11] <= 0.01, `planted ${p1[11]}`);
  assert.equal(hotspotClass(2.6), 3);
  assert.equal(hotspotClass(-2), -2);
  assert.equal(hotspotClass(1), 0);
});

test('Knox banding follows NRC: "a to b" counts [a − 1, b); same location is distance 0 only', () => {
  // Pairs built one at a time: event 0 at the origin on day 0, event 1 at (d, 0) on day dt.
  const cell = (d: number, dt: number) => {
    const r = knoxTest({ x: [0, d], y: [0, 0], t: [0, dt] }, { spatialBandwidth: 100, spatialBands: 3, temporalBandwidth: 2, temporalBands: 2, iterations: 1 });
    for (let a = 0; a < r.rows.length; a++) for (let b = 0; b < r.cols.length; b++) if (r.observed[a][b]) return `${r.rows[a]} | ${r.cols[b]}`;
    return '';
  };
  assert.equal(cell(0, 0), 'Same location | 0 to 2');
  assert.equal(cell(0.001, 1), '1 to 100 | 0 to 2');
  assert.equal(cell(99.999, 2), '1 to 100 | 3 to 4');
  assert.equal(cell(100, 3), '101 to 200 | 3 to 4');
  assert.equal(cell(200, 4), '201 to 300 | More than 4');
  assert.equal(cell(299.99, -1), '201 to 300 | 0 to 2');
  assert.equal(cell(300, 0), 'More than 300 | 0 to 2');
});

test('Knox: every pair is counted once; the table does not depend on the order of events', () => {
  fc.assert(fc.property(
    fc.array(fc.tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 30 })), { minLength: 2, maxLength: 60 }),
    (pts) => {
      const opts = { spatialBandwidth: 50, spatialBands: 2, temporalBandwidth: 3, temporalBands: 2, iterations: 5, seed: 1 };
      const a = knoxTest({ x: pts.map((p) => p[0]), y: pts.map((p) => p[1]), t: pts.map((p) => p[2]) }, opts);
      const rev = [...pts].reverse();
      const b = knoxTest({ x: rev.map((p) => p[0]), y: rev.map((p) => p[1]), t: rev.map((p) => p[2]) }, opts);
      assert.equal(a.observed.flat().reduce((s, v) => s + v, 0), (pts.length * (pts.length - 1)) / 2);
      assert.deepEqual(a.observed, b.observed);
      // Brute force agrees.
      const brute = a.observed.map((row) => row.map(() => 0));
      for (let i = 0; i < pts.length; i++) for (let j = i + 1; j < pts.length; j++) {
        const d = Math.hypot(pts[i][0] - pts[j][0], pts[i][1] - pts[j][1]);
        const r = d === 0 ? 0 : d < 100 ? 1 + Math.floor(d / 50) : 3;
        const c = Math.min(2, Math.floor(Math.abs(pts[i][2] - pts[j][2]) / 3));
        brute[r][c]++;
      }
      assert.deepEqual(a.observed, brute);
    }), { numRuns: 100 });
});

test('kernel density: the quartic kernel integrates to the total weight; the default bandwidth follows the documented rule', () => {
  const pts = { x: [0, 100, 250, 400, 410], y: [0, 50, 300, 120, 130], weight: [1, 2, 1, 1, 3] };
  const g = kernelDensity(pts, { bandwidth: 80, cellSize: 2 });
  const mass = g.density.reduce((s, v) => s + v, 0) * g.cellSize * g.cellSize;
  assert.ok(Math.abs(mass - 8) < 0.01, `mass ${mass}`);
  let peak = 0;
  for (let i = 1; i < g.density.length; i++) if (g.density[i] > g.density[peak]) peak = i;
  const px = g.x0 + ((peak % g.cols) + 0.5) * g.cellSize;
  assert.ok(px > 380 && px < 430, `peak at x = ${px}`);
  const h = defaultBandwidth({ x: [0, 10, 20, 30], y: [0, 0, 0, 0] });
  // SD = √(var x + var y), n denominator = √125 ≈ 11.18; distances to the mean centre 15, 5, 5, 15 → median 5:
  // h = 0.9 · min(11.18, √(1/ln 2) · 5) · 4^−0.2
  assert.ok(Math.abs(h - 0.9 * Math.sqrt(1 / Math.LN2) * 5 * 4 ** -0.2) < 1e-9, `bandwidth ${h}`);
  assert.throws(() => defaultBandwidth({ x: [1, 1], y: [2, 2] }));
});

test('queen contiguity on a hand-made topology: edge- and corner-sharing squares are neighbours, others not', () => {
  // Four unit squares in a 2 × 2 block plus one square touching the block only at a corner (2,2).
  const arcs: number[][][] = [];
  const square = (x: number, y: number) => { arcs.push([[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]); return [[arcs.length - 1]]; };
  const geoms = [square(0, 0), square(1, 0), square(0, 1), square(1, 1), square(2, 2)].map((a, i) => ({ type: 'Polygon', arcs: a, properties: { id: `s${i}` } }));
  const topo: Topology = { type: 'Topology', arcs, objects: { sq: { type: 'GeometryCollection', geometries: geoms } } };
  const nb = queenContiguity(topo, 'sq');
  const list = (id: string) => { const i = nb.ids.indexOf(id); return Array.from(nb.index.slice(nb.offset[i], nb.offset[i + 1])).map((j) => nb.ids[j]); };
  assert.deepEqual(list('s0'), ['s1', 's2', 's3']); // s3 only by a corner: queen
  assert.deepEqual(list('s3'), ['s0', 's1', 's2', 's4']);
  assert.deepEqual(list('s4'), ['s3']);
});
