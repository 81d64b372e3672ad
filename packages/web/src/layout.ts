/**
 * Force-directed layout for the network view (Fruchterman & Reingold 1991, "Graph drawing by
 * force-directed placement"): repulsion k²/d between every pair, attraction d²/k along edges, a
 * temperature that cools linearly so the drawing settles. Pure and deterministic: nodes start on a
 * circle in input order, so the same neighbourhood always draws the same way. The root stays centred.
 */
export interface Point { x: number; y: number }

export function forceLayout(
  ids: readonly string[],
  edges: ReadonlyArray<readonly [string, string]>,
  opts: { root?: string; iterations?: number; size?: number } = {},
): Map<string, Point> {
  const n = ids.length;
  const size = opts.size ?? 100;
  const iterations = opts.iterations ?? 300;
  const index = new Map(ids.map((id, i) => [id, i]));
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  ids.forEach((id, i) => {
    if (id === opts.root) return; // root at the origin
    const a = (2 * Math.PI * i) / n;
    xs[i] = (size / 2) * Math.cos(a);
    ys[i] = (size / 2) * Math.sin(a);
  });
  const links: Array<[number, number]> = [];
  for (const [s, t] of edges) {
    const a = index.get(s);
    const b = index.get(t);
    if (a !== undefined && b !== undefined && a !== b) links.push([a, b]);
  }
  const k = Math.sqrt((size * size) / Math.max(n, 1));
  const rootIdx = opts.root !== undefined ? index.get(opts.root) : undefined;
  const dx = new Float64Array(n);
  const dy = new Float64Array(n);
  for (let it = 0; it < iterations && n > 1; it++) {
    const temp = (size / 10) * (1 - it / iterations) + 0.01;
    dx.fill(0);
    dy.fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let ddx = xs[i] - xs[j];
        let ddy = ys[i] - ys[j];
        let d2 = ddx * ddx + ddy * ddy;
        if (d2 < 1e-6) { ddx = 0.01 * (i - j); ddy = 0.01; d2 = ddx * ddx + ddy * ddy; }
        const f = (k * k) / d2; // (k²/d) · (1/d) to scale the unit vector
        dx[i] += ddx * f; dy[i] += ddy * f;
        dx[j] -= ddx * f; dy[j] -= ddy * f;
      }
    }
    for (const [a, b] of links) {
      const ddx = xs[a] - xs[b];
      const ddy = ys[a] - ys[b];
      const d = Math.sqrt(ddx * ddx + ddy * ddy) || 0.01;
      const f = d / k; // (d²/k) · (1/d)
      dx[a] -= ddx * f; dy[a] -= ddy * f;
      dx[b] += ddx * f; dy[b] += ddy * f;
    }
    for (let i = 0; i < n; i++) {
      if (i === rootIdx) continue;
      const d = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]) || 1;
      const step = Math.min(d, temp);
      xs[i] += (dx[i] / d) * step;
      ys[i] += (dy[i] / d) * step;
    }
  }
  return new Map(ids.map((id, i) => [id, { x: xs[i], y: ys[i] }]));
}
