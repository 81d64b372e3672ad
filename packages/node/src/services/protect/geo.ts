/**
 * Boundaries for the map and neighbours for hot spots. Sets:
 *   demo          the demo world's synthetic boundaries (table protect_boundaries);
 *   mx-municipios INEGI municipalities, ../shared/data/violence/mx_municipios.topojson (read in place);
 *   mx-states     INEGI states, violence/mx_states.topojson;
 *   us-states     U.S. states, overdose/us_states.geojson.
 * Real boundaries are never copied into the store or the repository; they are decoded once per process.
 * Every feature carries `code` (the country-prefixed place key) and `name`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { queenContiguity, type Neighbours, type Topology } from '../../../../engines/src/hotspots/index';
import { neighboursFromEdges } from '../../../../engines/src/hotspots/weights';
import type { Executor } from '../../store/schema';
import { protectDb } from './schema';

export const BOUNDARY_SETS = ['demo', 'mx-municipios', 'mx-states', 'us-states'] as const;
export type BoundarySet = (typeof BOUNDARY_SETS)[number];

type Position = [number, number];
export interface Feature {
  type: 'Feature';
  properties: { code: string; name?: string };
  geometry: { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] };
}
export interface FeatureCollection { type: 'FeatureCollection'; features: Feature[] }

const FILES: Record<Exclude<BoundarySet, 'demo'>, { path: string[]; object?: string; prefix: string }> = {
  'mx-municipios': { path: ['violence', 'mx_municipios.topojson'], object: 'municipios', prefix: 'MX-' },
  'mx-states': { path: ['violence', 'mx_states.topojson'], object: 'state', prefix: 'MX-' },
  'us-states': { path: ['overdose', 'us_states.geojson'], prefix: 'US-' },
};

export function boundaryFile(dataDir: string, set: Exclude<BoundarySet, 'demo'>): string {
  return join(dataDir, ...FILES[set].path);
}

/** Decodes a TopoJSON object's polygons into GeoJSON (TopoJSON spec 1.0: delta-encoded quantised arcs). */
export function topoToGeo(topo: Topology, objectName: string, codeOf: (g: { id?: unknown; properties?: Record<string, unknown> }) => string): FeatureCollection {
  const obj = topo.objects[objectName];
  if (!obj) throw new RangeError(`no object ${objectName}`);
  const t = topo.transform;
  const arcs: Position[][] = topo.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    return arc.map((p) => {
      if (t) { x += p[0]; y += p[1]; return [x * t.scale[0] + t.translate[0], y * t.scale[1] + t.translate[1]] as Position; }
      return [p[0], p[1]] as Position;
    });
  });
  const ring = (ids: number[]): Position[] => {
    const out: Position[] = [];
    for (const i of ids) {
      const a = i < 0 ? [...arcs[~i]].reverse() : arcs[i];
      a.forEach((p, k) => { if (k > 0 || out.length === 0) out.push(p); });
    }
    return out;
  };
  const features: Feature[] = [];
  for (const g of obj.geometries as Array<{ type: string; arcs?: unknown; id?: unknown; properties?: Record<string, unknown> }>) {
    const properties = { code: codeOf(g), name: typeof g.properties?.name === 'string' ? g.properties.name : undefined };
    if (g.type === 'Polygon') features.push({ type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: (g.arcs as number[][]).map(ring) } });
    else if (g.type === 'MultiPolygon') features.push({ type: 'Feature', properties, geometry: { type: 'MultiPolygon', coordinates: (g.arcs as number[][][]).map((p) => p.map(ring)) } });
  }
  return { type: 'FeatureCollection', features };
}

interface Loaded { geo: FeatureCollection; neighbours: Neighbours }
const cache = new Map<string, Loaded>();

function loadShared(dataDir: string, set: Exclude<BoundarySet, 'demo'>): Loaded | null {
  const key = `${dataDir}|${set}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const spec = FILES[set];
  const path = join(dataDir, ...spec.path);
  if (!existsSync(path)) return null;
  const json = JSON.parse(readFileSync(path, 'utf8'));
  let loaded: Loaded;
  if (spec.object) {
    const topo = json as Topology;
    const codeOf = (g: { id?: unknown; properties?: Record<string, unknown> }) => spec.prefix + String(g.properties?.id ?? g.id);
    const geo = topoToGeo(topo, spec.object, codeOf);
    const nb = queenContiguity(topo, spec.object, (g) => codeOf(g as { id?: unknown; properties?: Record<string, unknown> }));
    loaded = { geo, neighbours: nb };
  } else {
    const fc = json as { features: Array<{ properties: Record<string, unknown>; geometry: Feature['geometry'] }> };
    const geo: FeatureCollection = {
      type: 'FeatureCollection',
      features: fc.features.map((f) => ({ type: 'Feature', properties: { code: spec.prefix + String(f.properties.GEOID), name: String(f.properties.NAME ?? '') }, geometry: f.geometry })),
    };
    loaded = { geo, neighbours: queenFromGeo(geo) };
  }
  cache.set(key, loaded);
  return loaded;
}

/**
 * Queen contiguity of GeoJSON polygons: two areas are neighbours when they share a vertex (coordinates
 * compared after rounding to 1e-7°, ~1 cm). For boundaries drawn from one topology (the demo grid, spData's
 * states) shared borders share their vertices exactly.
 */
export function queenFromGeo(geo: FeatureCollection): Neighbours {
  const ids = geo.features.map((f) => f.properties.code).sort();
  const byVertex = new Map<string, Set<string>>();
  for (const f of geo.features) {
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const poly of polys) for (const ring of poly) for (const [x, y] of ring) {
      const k = `${Math.round(x * 1e7)},${Math.round(y * 1e7)}`;
      let s = byVertex.get(k);
      if (!s) byVertex.set(k, (s = new Set()));
      s.add(f.properties.code);
    }
  }
  const edges = new Set<string>();
  for (const s of byVertex.values()) {
    if (s.size < 2) continue;
    const list = [...s];
    for (const a of list) for (const b of list) if (a !== b) edges.add(`${a}\u0000${b}`);
  }
  return neighboursFromEdges(ids, [...edges].map((e) => { const [from, to] = e.split('\u0000'); return { from, to }; }));
}

let demoCache: { stamp: string; loaded: Loaded } | null = null;

async function loadDemo(db: Executor): Promise<Loaded | null> {
  const p = protectDb(db);
  const rows = await p.selectFrom('protect_boundaries').innerJoin('protect_places', 'protect_places.code', 'protect_boundaries.place_code')
    .select(['protect_boundaries.place_code', 'protect_places.name', 'protect_boundaries.geometry']).orderBy('protect_boundaries.place_code').execute();
  if (!rows.length) return null;
  const stamp = `${rows.length}|${rows[0].place_code}|${rows[rows.length - 1].place_code}`;
  if (demoCache?.stamp === stamp) return demoCache.loaded;
  const geo: FeatureCollection = {
    type: 'FeatureCollection',
    features: rows.map((r) => ({ type: 'Feature', properties: { code: r.place_code, name: r.name }, geometry: r.geometry as Feature['geometry'] })),
  };
  const loaded = { geo, neighbours: queenFromGeo(geo) };
  demoCache = { stamp, loaded };
  return loaded;
}

export async function loadBoundaries(db: Executor, dataDir: string, set: BoundarySet): Promise<Loaded | null> {
  return set === 'demo' ? loadDemo(db) : loadShared(dataDir, set);
}

/** Which sets exist on this node (demo in the store; the others in the shared data folder). */
export async function availableSets(db: Executor, dataDir: string): Promise<Array<{ id: BoundarySet; available: boolean }>> {
  const demo = await protectDb(db).selectFrom('protect_boundaries').select('place_code').limit(1).executeTakeFirst();
  return BOUNDARY_SETS.map((id) => ({ id, available: id === 'demo' ? !!demo : existsSync(boundaryFile(dataDir, id)) }));
}
