/**
 * Homicide analytics on stored counts and points, with the engines of packages/engines/src/hotspots:
 *   Gi* hot-spot classes per place for a window of periods (counts summed, or rates per 100,000), with the
 *   queen-contiguity neighbours of the boundary set (binary weights, self included — spdep include.self);
 *   global Moran's I (row-standardised weights, randomisation) on the same values;
 *   the Knox near-repeat test on point events (demo homicides), Monte Carlo significance.
 * Classes: ±3 at |z| ≥ 2.576 (99 %), ±2 at ≥ 1.960 (95 %), ±1 at ≥ 1.645 (90 %), 0 otherwise.
 */
import { sql } from 'kysely';
import {
  getisOrd, globalMoran, hotspotClass, knoxTest, toWeights, type KnoxResult,
} from '../../../../engines/src/hotspots/index';
import type { Neighbours } from '../../../../engines/src/hotspots/weights';
import type { Actor } from '../../context';
import { PuenteError } from '../../errors';
import type { ServiceCtx } from '../context';
import { authorize } from '../guard';
import { loadBoundaries, type BoundarySet } from './geo';
import { mapValues } from './series';
import { protectDb } from './schema';

export interface HotspotView {
  indicator: string; set: BoundarySet; from: string | null; to: string | null; measure: 'count' | 'rate';
  places: Array<{ code: string; name: string; value: number; z: number | null; p: number | null; class: number; neighbours: number }>;
  moran: { I: number; expected: number; variance: number; z: number; pGreater: number } | null;
  method: { statistic: string; weights: string; classes: string };
}

/** Restricts a neighbour list to `ids` (in that order), dropping links to places left out. */
function subset(nb: Neighbours, ids: string[]): Neighbours {
  const pos = new Map(nb.ids.map((id, i) => [id, i]));
  const keep = new Map(ids.map((id, i) => [id, i]));
  const offset = new Int32Array(ids.length + 1);
  const index: number[] = [];
  const general: number[] = [];
  ids.forEach((id, i) => {
    const at = pos.get(id);
    if (at !== undefined) {
      const list: Array<[number, number]> = [];
      for (let k = nb.offset[at]; k < nb.offset[at + 1]; k++) {
        const j = keep.get(nb.ids[nb.index[k]]);
        if (j !== undefined) list.push([j, nb.general[k]]);
      }
      list.sort((a, b) => a[0] - b[0]);
      for (const [j, g] of list) { index.push(j); general.push(g); }
    }
    offset[i + 1] = index.length;
  });
  return { ids, offset, index: Int32Array.from(index), general: Float64Array.from(general), selfIncluded: false };
}

export async function hotspots(
  ctx: ServiceCtx, actor: Actor, q: { indicator: string; set: BoundarySet; period?: string; window?: number; measure?: 'count' | 'rate' },
): Promise<HotspotView> {
  await authorize(ctx, actor, 'protect.read', { resourceType: 'protect_series' });
  const measure = q.measure ?? 'count';
  const window = q.window ?? 12;
  const boundaries = await loadBoundaries(ctx.db, ctx.app.config.sharedDataDir, q.set);
  if (!boundaries) throw new PuenteError('not_found', 404, 'protect.error.no_boundaries', { set: q.set });
  // Sum the window's periods place by place (the map service reads one period at a time).
  const last = await mapValues(ctx, actor, { indicator: q.indicator, set: q.set, period: q.period });
  const empty: HotspotView = { indicator: q.indicator, set: q.set, from: null, to: null, measure, places: [], moran: null, method: methodText() };
  if (!last.period) return empty;
  const end = last.periods.indexOf(last.period);
  const periods = last.periods.slice(Math.max(0, end - window + 1), end + 1);
  const sums = new Map<string, number>();
  const p = protectDb(ctx.db);
  const ids = last.values.map((v) => v.seriesId);
  const step = last.periodKind === 'week' ? 7 : 1;
  const rows = await p.selectFrom('protect_series').select(['id', 'place_code', 'start_period', 'values']).where('id', 'in', ids).execute();
  const firstKey = keyOfLabel(periods[0], last.periodKind!);
  for (const r of rows) {
    let s = 0;
    let n = 0;
    for (let k = 0; k < periods.length; k++) {
      const i = (firstKey + k * step - r.start_period) / step;
      const v = i >= 0 && i < r.values.length ? r.values[i] : null;
      if (v !== null) { s += v; n++; }
    }
    if (n) sums.set(r.place_code, s);
  }
  const known = new Set(boundaries.neighbours.ids);
  const places = last.values.filter((v) => known.has(v.code) && sums.has(v.code) && (measure === 'count' || v.population));
  if (places.length < 3) return { ...empty, from: periods[0], to: last.period };
  const value = (v: (typeof places)[number]) => (measure === 'count' ? sums.get(v.code)! : (sums.get(v.code)! / v.population!) * 100_000);
  const x = places.map(value);
  const nb = subset(boundaries.neighbours, places.map((v) => v.code));
  const links = Array.from({ length: places.length }, (_, i) => nb.offset[i + 1] - nb.offset[i]);
  if (!links.some((l) => l > 0)) throw new PuenteError('validation', 400, 'protect.error.no_neighbours');
  const g = getisOrd(x, nb, { star: true });
  let moran: HotspotView['moran'] = null;
  const withLinks = links.every((l) => l > 0);
  if (withLinks) moran = globalMoran(x, toWeights(nb, 'W'));
  return {
    indicator: q.indicator, set: q.set, from: periods[0], to: last.period, measure,
    places: places.map((v, i) => ({
      code: v.code, name: v.name, value: x[i], z: Number.isFinite(g.z[i]) ? g.z[i] : null, p: Number.isFinite(g.p[i]) ? g.p[i] : null,
      class: hotspotClass(g.z[i]), neighbours: links[i],
    })),
    moran,
    method: methodText(),
  };
}

function methodText() {
  return {
    statistic: 'Getis-Ord Gi* (Ord & Getis 1995; spdep localG with include.self)',
    weights: 'queen contiguity, binary; global Moran row-standardised, randomisation (spdep moran.test)',
    classes: '±3: |z| ≥ 2.576 · ±2: ≥ 1.960 · ±1: ≥ 1.645',
  };
}

function keyOfLabel(label: string, kind: 'month' | 'week'): number {
  if (kind === 'month') { const [y, m] = label.split('-').map(Number); return y * 12 + m - 1; }
  const m = /^(\d{4})-W(\d{2})$/.exec(label)!;
  const jan4 = Date.UTC(Number(m[1]), 0, 4) / 86_400_000;
  return jan4 - ((new Date(jan4 * 86_400_000).getUTCDay() + 6) % 7) + (Number(m[2]) - 1) * 7;
}

export interface KnoxView extends KnoxResult { events: number; from: string | null; to: string | null; params: Record<string, number> }

/** Knox near-repeat test on stored point events of one kind (e.g. the demo's homicides). */
export async function knox(
  ctx: ServiceCtx, actor: Actor,
  q: { kind?: string; from?: string; to?: string; spatialBandwidth?: number; spatialBands?: number; temporalBandwidth?: number; temporalBands?: number; iterations?: number; seed?: number },
): Promise<KnoxView> {
  await authorize(ctx, actor, 'protect.read', { resourceType: 'protect_event' });
  let query = protectDb(ctx.db).selectFrom('protect_events').select(['x', 'y', sql<string>`occurred_on::text`.as('day')]).where('kind', '=', q.kind ?? 'homicide');
  if (q.from) query = query.where('occurred_on', '>=', q.from);
  if (q.to) query = query.where('occurred_on', '<=', q.to);
  const rows = await query.orderBy('occurred_on').execute();
  const params = {
    spatialBandwidth: q.spatialBandwidth ?? 500, spatialBands: q.spatialBands ?? 3, temporalBandwidth: q.temporalBandwidth ?? 7,
    temporalBands: q.temporalBands ?? 3, iterations: q.iterations ?? 99, seed: q.seed ?? 1,
  };
  const r = knoxTest({ x: rows.map((e) => e.x), y: rows.map((e) => e.y), t: rows.map((e) => Date.parse(`${e.day}T00:00:00Z`) / 86_400_000) }, params);
  return { ...r, events: rows.length, from: rows[0]?.day ?? null, to: rows.at(-1)?.day ?? null, params };
}
