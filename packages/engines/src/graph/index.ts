/**
 * Graph measures for money-flow networks (issue 5): PageRank, betweenness centrality and communities. Pure, on a
 * compact graph of integer node ids (CSR adjacency), deterministic.
 *
 *  - PageRank (Page, Brin, Motwani & Winograd 1999): weighted by the money moved, damping 0.85, dangling mass spread
 *    uniformly; power iteration to an L1 change below 1e-10.
 *  - Betweenness (Brandes 2001, "A faster algorithm for betweenness centrality"): shortest paths by hop count on the
 *    directed graph, normalised by (n−1)(n−2) as networkx does for directed graphs. Brokers sit on many paths.
 *  - Communities (Blondel et al. 2008, Louvain): modularity on the undirected, amount-weighted graph; nodes visited in
 *    id order and ties broken by the lower community id, so the same graph always gives the same partition.
 */

export interface Graph {
  n: number;
  /** CSR out-adjacency: targets of node i are `to[start[i] .. start[i+1])`, with weights `w`. */
  start: Int32Array;
  to: Int32Array;
  w: Float64Array;
}

/** Builds the graph from weighted directed edges; parallel edges are summed, self-loops kept for PageRank only. */
export function buildGraph(n: number, edges: ReadonlyArray<readonly [number, number, number]>): Graph {
  const merged = new Map<number, number>();
  for (const [a, b, x] of edges) {
    if (a < 0 || b < 0 || a >= n || b >= n) throw new RangeError(`edge ${a}→${b} outside 0..${n - 1}`);
    const k = a * n + b;
    merged.set(k, (merged.get(k) ?? 0) + x);
  }
  const keys = [...merged.keys()].sort((p, q) => p - q);
  const start = new Int32Array(n + 1);
  for (const k of keys) start[Math.floor(k / n) + 1]++;
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const to = new Int32Array(keys.length);
  const w = new Float64Array(keys.length);
  keys.forEach((k, i) => { to[i] = k % n; w[i] = merged.get(k)!; });
  return { n, start, to, w };
}

export function pageRank(g: Graph, opts: { damping?: number; tolerance?: number; maxIterations?: number } = {}): Float64Array {
  const { n } = g;
  const d = opts.damping ?? 0.85;
  const tol = opts.tolerance ?? 1e-10;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let e = g.start[i]; e < g.start[i + 1]; e++) out[i] += g.w[e];
  let r = new Float64Array(n).fill(1 / n);
  let next = new Float64Array(n);
  for (let it = 0; it < (opts.maxIterations ?? 200); it++) {
    let dangling = 0;
    for (let i = 0; i < n; i++) if (out[i] === 0) dangling += r[i];
    next.fill((1 - d) / n + (d * dangling) / n);
    for (let i = 0; i < n; i++) {
      if (out[i] === 0) continue;
      const share = (d * r[i]) / out[i];
      for (let e = g.start[i]; e < g.start[i + 1]; e++) next[g.to[e]] += share * g.w[e];
    }
    let change = 0;
    for (let i = 0; i < n; i++) change += Math.abs(next[i] - r[i]);
    [r, next] = [next, r];
    if (change < tol) break;
  }
  return r;
}

/**
 * Brandes' betweenness on the directed graph (hop-count shortest paths), normalised by (n−1)(n−2). With `pivots` < n,
 * only every (n/pivots)-th node is a source and the sums are scaled by n/pivots (Brandes & Pich 2007): an estimate
 * for graphs too large for the exact O(n·m).
 */
export function betweenness(g: Graph, opts: { pivots?: number } = {}): Float64Array {
  const { n } = g;
  const step = opts.pivots && opts.pivots < n ? n / opts.pivots : 1;
  const cb = new Float64Array(n);
  const sigma = new Float64Array(n);
  const dist = new Int32Array(n);
  const delta = new Float64Array(n);
  const order = new Int32Array(n);
  const queue = new Int32Array(n);
  const preds: number[][] = Array.from({ length: n }, () => []);
  for (let pick = 0; Math.floor(pick * step) < n; pick++) {
    const s = Math.floor(pick * step);
    sigma.fill(0); dist.fill(-1); delta.fill(0);
    for (const p of preds) p.length = 0;
    sigma[s] = 1; dist[s] = 0;
    let head = 0; let tail = 0; let seen = 0;
    queue[tail++] = s;
    while (head < tail) {
      const v = queue[head++];
      order[seen++] = v;
      for (let e = g.start[v]; e < g.start[v + 1]; e++) {
        const x = g.to[e];
        if (x === v) continue;
        if (dist[x] < 0) { dist[x] = dist[v] + 1; queue[tail++] = x; }
        if (dist[x] === dist[v] + 1) { sigma[x] += sigma[v]; preds[x].push(v); }
      }
    }
    for (let k = seen - 1; k > 0; k--) {
      const x = order[k];
      for (const v of preds[x]) delta[v] += (sigma[v] / sigma[x]) * (1 + delta[x]);
      cb[x] += delta[x];
    }
  }
  const norm = (n > 2 ? 1 / ((n - 1) * (n - 2)) : 1) * step;
  for (let i = 0; i < n; i++) cb[i] *= norm;
  return cb;
}

/** Undirected weighted adjacency (both directions summed, no self-loops) as lists. */
function undirected(g: Graph): Array<Map<number, number>> {
  const adj = Array.from({ length: g.n }, () => new Map<number, number>());
  for (let i = 0; i < g.n; i++) {
    for (let e = g.start[i]; e < g.start[i + 1]; e++) {
      const j = g.to[e];
      if (j === i) continue;
      adj[i].set(j, (adj[i].get(j) ?? 0) + g.w[e]);
      adj[j].set(i, (adj[j].get(i) ?? 0) + g.w[e]);
    }
  }
  return adj;
}

/** Modularity Q of a partition on the undirected weighted graph (Newman 2004). */
export function modularity(g: Graph, community: Int32Array): number {
  const adj = undirected(g);
  let m2 = 0;
  const k = new Float64Array(g.n);
  for (let i = 0; i < g.n; i++) for (const x of adj[i].values()) { k[i] += x; m2 += x; }
  if (m2 === 0) return 0;
  const inside = new Map<number, number>(); const total = new Map<number, number>();
  for (let i = 0; i < g.n; i++) {
    total.set(community[i], (total.get(community[i]) ?? 0) + k[i]);
    for (const [j, x] of adj[i]) if (community[j] === community[i]) inside.set(community[i], (inside.get(community[i]) ?? 0) + x);
  }
  let q = 0;
  for (const [c, tot] of total) q += (inside.get(c) ?? 0) / m2 - (tot / m2) ** 2;
  return q;
}

/** Louvain communities: community index per node, numbered 0.. in order of each community's smallest node. */
export function communities(g: Graph): Int32Array {
  let adj = undirected(g);
  let n = g.n;
  // member[i] = the current super-node of original node i
  const member = new Int32Array(g.n).map((_, i) => i);
  for (let level = 0; level < 20; level++) {
    const k = new Float64Array(n);
    let m2 = 0;
    for (let i = 0; i < n; i++) for (const [j, x] of adj[i]) { k[i] += j === i ? 2 * x : x; m2 += j === i ? 2 * x : x; }
    if (m2 === 0) break;
    const comm = new Int32Array(n).map((_, i) => i);
    const tot = Float64Array.from(k);
    let moved = true; let anyMove = false;
    for (let pass = 0; moved && pass < 100; pass++) {
      moved = false;
      for (let i = 0; i < n; i++) {
        const ci = comm[i];
        const links = new Map<number, number>();
        for (const [j, x] of adj[i]) if (j !== i) links.set(comm[j], (links.get(comm[j]) ?? 0) + x);
        tot[ci] -= k[i];
        let best = ci; let bestGain = (links.get(ci) ?? 0) - (tot[ci] * k[i]) / m2;
        for (const [c, x] of [...links].sort((a, b) => a[0] - b[0])) {
          const gain = x - (tot[c] * k[i]) / m2;
          if (gain > bestGain + 1e-12) { best = c; bestGain = gain; }
        }
        tot[best] += k[i];
        if (best !== ci) { comm[i] = best; moved = true; anyMove = true; }
      }
    }
    if (!anyMove) break;
    // Aggregate: communities become nodes.
    const ids = new Map<number, number>();
    for (let i = 0; i < n; i++) if (!ids.has(comm[i])) ids.set(comm[i], ids.size);
    const next = Array.from({ length: ids.size }, () => new Map<number, number>());
    for (let i = 0; i < n; i++) {
      const a = ids.get(comm[i])!;
      for (const [j, x] of adj[i]) {
        const b = ids.get(comm[j])!;
        // each undirected link appears from both ends; a self-loop of the aggregate keeps the inside weight once
        next[a].set(b, (next[a].get(b) ?? 0) + (a === b ? x / 2 : x));
      }
    }
    for (let i = 0; i < g.n; i++) member[i] = ids.get(comm[member[i]])!;
    adj = next; n = next.length;
  }
  // Renumber by smallest original node.
  const renum = new Map<number, number>();
  const out = new Int32Array(g.n);
  for (let i = 0; i < g.n; i++) {
    if (!renum.has(member[i])) renum.set(member[i], renum.size);
    out[i] = renum.get(member[i])!;
  }
  return out;
}
