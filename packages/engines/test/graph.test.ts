/**
 * Graph measures: PageRank against the exact solution of its linear system, Brandes' betweenness against a
 * brute-force count of shortest paths on random graphs, Louvain on planted communities and against modularity.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { betweenness, buildGraph, communities, modularity, pageRank } from '../src/graph/index';

/** Solves A x = b by Gaussian elimination with partial pivoting (small dense systems). */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[p]![c]!)) p = r;
    [M[c], M[p]] = [M[p]!, M[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r]![c]! / M[c]![c]!;
      for (let k = c; k <= n; k++) M[r]![k]! -= f * M[c]![k]!;
    }
  }
  return M.map((row, i) => row[n]! / row[i]!);
}

const edgesArb = (n: number) => fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 1, max: 9 })), { maxLength: 30 });

describe('graph measures', () => {
  test('PageRank is the solution of r = (1−d)/n + d·(Pᵀr + dangling/n)', () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 7 }).chain((n) => fc.tuple(fc.constant(n), edgesArb(n))), ([n, edges]) => {
      const g = buildGraph(n, edges);
      const r = pageRank(g);
      const d = 0.85;
      const out = Array.from({ length: n }, (_, i) => { let s = 0; for (let e = g.start[i]!; e < g.start[i + 1]!; e++) s += g.w[e]!; return s; });
      // (I − d·M) r = (1−d)/n·1, where M[j][i] = w(i→j)/out(i), or 1/n for a dangling i.
      const A = Array.from({ length: n }, (_, j) => Array.from({ length: n }, (_, i) => {
        let m = 0;
        if (out[i] === 0) m = 1 / n;
        else for (let e = g.start[i]!; e < g.start[i + 1]!; e++) if (g.to[e] === j) m += g.w[e]! / out[i]!;
        return (i === j ? 1 : 0) - d * m;
      }));
      const exact = solve(A, Array(n).fill((1 - d) / n));
      for (let i = 0; i < n; i++) assert.ok(Math.abs(r[i]! - exact[i]!) < 1e-8, `${r[i]} vs ${exact[i]}`);
      assert.ok(Math.abs(r.reduce((a, b) => a + b, 0) - 1) < 1e-9);
    }), { numRuns: 100 });
  });

  test('betweenness equals the brute-force share of shortest paths through each node', () => {
    fc.assert(fc.property(fc.integer({ min: 3, max: 7 }).chain((n) => fc.tuple(fc.constant(n), edgesArb(n))), ([n, edges]) => {
      const g = buildGraph(n, edges);
      const cb = betweenness(g);
      // All shortest paths from s to t by breadth-first enumeration.
      const next = (v: number) => { const o: number[] = []; for (let e = g.start[v]!; e < g.start[v + 1]!; e++) if (g.to[e] !== v) o.push(g.to[e]!); return o; };
      const expected = new Array(n).fill(0);
      for (let s = 0; s < n; s++) {
        for (let t = 0; t < n; t++) {
          if (s === t) continue;
          let paths: number[][] = [[s]]; let found: number[][] = [];
          for (let len = 0; len < n && !found.length && paths.length; len++) {
            const grown: number[][] = [];
            for (const p of paths) for (const x of next(p.at(-1)!)) if (!p.includes(x)) grown.push([...p, x]);
            found = grown.filter((p) => p.at(-1) === t);
            paths = grown.filter((p) => p.at(-1) !== t);
          }
          for (const p of found) for (const v of p.slice(1, -1)) expected[v] += 1 / found.length;
        }
      }
      for (let v = 0; v < n; v++) assert.ok(Math.abs(cb[v]! - expected[v] / ((n - 1) * (n - 2))) < 1e-9, `node ${v}: ${cb[v]} vs ${expected[v] / ((n - 1) * (n - 2))}`);
    }), { numRuns: 100 });
  });

  test('a broker between two rings has the highest betweenness', () => {
    // ring 0-1-2-3-0 and ring 5-6-7-8-5; broker 4 trades with two members of each ring, both ways
    const e: Array<[number, number, number]> = [[0, 1, 1], [1, 2, 1], [2, 3, 1], [3, 0, 1], [5, 6, 1], [6, 7, 1], [7, 8, 1], [8, 5, 1]];
    for (const x of [1, 3, 6, 8]) e.push([x, 4, 1], [4, x, 1]);
    const cb = betweenness(buildGraph(9, e));
    const top = [...cb.keys()].sort((a, b) => cb[b]! - cb[a]!)[0];
    assert.equal(top, 4);
  });

  test('Louvain finds planted communities and never does worse than every node alone', () => {
    const e: Array<[number, number, number]> = [];
    for (const base of [0, 5, 10]) for (let i = 0; i < 5; i++) for (let j = i + 1; j < 5; j++) e.push([base + i, base + j, 10]);
    e.push([4, 5, 1], [9, 10, 1]);
    const g = buildGraph(15, e);
    const c = communities(g);
    assert.deepEqual([...c], [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2]);
    fc.assert(fc.property(fc.integer({ min: 2, max: 12 }).chain((n) => fc.tuple(fc.constant(n), edgesArb(n))), ([n, edges]) => {
      const gg = buildGraph(n, edges);
      const part = communities(gg);
      const alone = Int32Array.from({ length: n }, (_, i) => i);
      assert.ok(modularity(gg, part) >= modularity(gg, alone) - 1e-12);
      assert.deepEqual([...communities(gg)], [...part], 'deterministic');
    }), { numRuns: 200 });
  });
});
