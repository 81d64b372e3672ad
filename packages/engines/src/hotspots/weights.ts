/**
 * Spatial neighbour lists and weights in the conventions of R spdep 1.2-7 (Bivand): a neighbour list `nb`
 * (for each area, the areas it touches) turned into weights by `nb2listw`:
 *   style 'B' binary — w_ij = 1 (or the given general weight g_ij);
 *   style 'W' row-standardised — w_ij = g_ij / Σ_j g_ij.
 * `includeSelf` is spdep's include.self(): area i becomes its own neighbour (needed for Getis-Ord Gi*); an area
 * without neighbours gets itself only. Areas without neighbours are allowed (zero.policy = TRUE): their lag is 0
 * and their statistics are NaN, as spdep returns them.
 * Stored in compressed sparse rows (CSR) for speed: neighbours of i are index[offset[i] .. offset[i+1]).
 */

export interface Neighbours {
  /** Area ids, in the order of the value vectors. */
  ids: string[];
  offset: Int32Array;
  index: Int32Array;
  /** General weights g_ij (1 when the edge list gave none). */
  general: Float64Array;
  selfIncluded: boolean;
}

export interface Weights extends Neighbours {
  style: 'B' | 'W';
  weight: Float64Array;
}

export interface Edge { from: string; to: string; weight?: number }

export class NeighbourError extends Error {
  constructor(readonly code: 'unknown_id' | 'self_edge' | 'bad_weight' | 'duplicate_edge', readonly params: Record<string, unknown>) {
    super(`${code}: ${JSON.stringify(params)}`);
  }
}

/**
 * Builds the neighbour list from directed edges `from → to` (spdep writes one row per directed link; a symmetric
 * contiguity list has both directions). Edges whose ends are not among `ids` are an error, as are self-edges.
 * Neighbours are kept sorted by index, as spdep's nb objects are.
 */
export function neighboursFromEdges(ids: string[], edges: Iterable<Edge>): Neighbours {
  const pos = new Map<string, number>();
  ids.forEach((id, i) => pos.set(id, i));
  const lists: Array<Map<number, number>> = ids.map(() => new Map());
  for (const e of edges) {
    const i = pos.get(e.from);
    const j = pos.get(e.to);
    if (i === undefined) throw new NeighbourError('unknown_id', { id: e.from });
    if (j === undefined) throw new NeighbourError('unknown_id', { id: e.to });
    if (i === j) throw new NeighbourError('self_edge', { id: e.from });
    const w = e.weight ?? 1;
    if (!Number.isFinite(w) || w < 0) throw new NeighbourError('bad_weight', { from: e.from, to: e.to, weight: e.weight });
    if (lists[i].has(j)) throw new NeighbourError('duplicate_edge', { from: e.from, to: e.to });
    lists[i].set(j, w);
  }
  return pack(ids, lists, false);
}

function pack(ids: string[], lists: Array<Map<number, number>>, selfIncluded: boolean): Neighbours {
  const offset = new Int32Array(ids.length + 1);
  let total = 0;
  lists.forEach((m, i) => { offset[i] = total; total += m.size; });
  offset[ids.length] = total;
  const index = new Int32Array(total);
  const general = new Float64Array(total);
  lists.forEach((m, i) => {
    const sorted = [...m.keys()].sort((a, b) => a - b);
    sorted.forEach((j, k) => { index[offset[i] + k] = j; general[offset[i] + k] = m.get(j)!; });
  });
  return { ids, offset, index, general, selfIncluded };
}

/** spdep include.self(): adds i to its own neighbours (weight 1). */
export function includeSelf(nb: Neighbours): Neighbours {
  if (nb.selfIncluded) throw new Error('self already included');
  const lists = nb.ids.map((_, i) => {
    const m = new Map<number, number>();
    for (let k = nb.offset[i]; k < nb.offset[i + 1]; k++) m.set(nb.index[k], nb.general[k]);
    m.set(i, 1);
    return m;
  });
  return pack(nb.ids, lists, true);
}

/** spdep nb2listw(nb, glist, style, zero.policy = TRUE). */
export function toWeights(nb: Neighbours, style: 'B' | 'W'): Weights {
  const weight = new Float64Array(nb.general.length);
  for (let i = 0; i < nb.ids.length; i++) {
    let d = 0;
    for (let k = nb.offset[i]; k < nb.offset[i + 1]; k++) d += nb.general[k];
    for (let k = nb.offset[i]; k < nb.offset[i + 1]; k++) {
      weight[k] = style === 'B' ? nb.general[k] : d > 0 ? nb.general[k] / d : 0;
    }
  }
  return { ...nb, style, weight };
}

/** Number of neighbours of each area (spdep card()). */
export function cardinalities(nb: Neighbours): Int32Array {
  const c = new Int32Array(nb.ids.length);
  for (let i = 0; i < nb.ids.length; i++) c[i] = nb.offset[i + 1] - nb.offset[i];
  return c;
}

/** Spatial lag Σ_j w_ij x_j (spdep lag.listw; 0 for areas without neighbours). */
export function spatialLag(w: Weights, x: ArrayLike<number>): Float64Array {
  const out = new Float64Array(w.ids.length);
  for (let i = 0; i < w.ids.length; i++) {
    let s = 0;
    for (let k = w.offset[i]; k < w.offset[i + 1]; k++) s += w.weight[k] * x[w.index[k]];
    out[i] = s;
  }
  return out;
}
