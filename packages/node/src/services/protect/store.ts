/**
 * Writing case counts: places upserted, points merged into the series arrays (one row per place ×
 * indicator × period kind; see migration 020). Runs inside the caller's transaction: an import either
 * lands whole or changes nothing.
 */
import { sql } from 'kysely';
import { CaseCountParseError } from './errors';
import type { CaseCountBatch, PlaceInput } from './model';
import { protectDb, type PExecutor } from './schema';
import { stepOf, type PeriodKind } from './periods';
import type { Executor } from '../../store/schema';
import { anyOf } from '../sql';

/** The longest series the node keeps (periods): 50 years of weeks. */
export const MAX_SERIES_LENGTH = 2_600;
const CHUNK = 400;

/** A float8[] literal; null → NULL. */
export function float8Array(values: ArrayLike<number | null>): string {
  let s = '{';
  for (let i = 0; i < values.length; i++) {
    if (i) s += ',';
    const v = values[i];
    s += v === null || v === undefined || Number.isNaN(v) ? 'NULL' : String(v);
  }
  return `${s}}`;
}

export interface WriteResult { places: number; series: number; points: number }

export async function upsertPlaces(exec: PExecutor, places: PlaceInput[]): Promise<number> {
  for (let i = 0; i < places.length; i += CHUNK) {
    const rows = places.slice(i, i + CHUNK).map((p) => ({
      code: p.code, country: p.country, native_code: p.nativeCode, level: p.level, name: p.name, parent_code: p.parentCode ?? null,
      population: p.population ?? null, population_year: p.populationYear ?? null, lon: p.lon ?? null, lat: p.lat ?? null,
      synthetic: p.synthetic ?? false,
    }));
    await exec.insertInto('protect_places').values(rows)
      .onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        level: eb.ref('excluded.level'),
        parent_code: sql`coalesce(excluded.parent_code, protect_places.parent_code)`,
        population: sql`coalesce(excluded.population, protect_places.population)`,
        population_year: sql`coalesce(excluded.population_year, protect_places.population_year)`,
        lon: sql`coalesce(excluded.lon, protect_places.lon)`,
        lat: sql`coalesce(excluded.lat, protect_places.lat)`,
      })))
      .execute();
  }
  return places.length;
}

/** Validates a parsed batch against the store and writes it. Throws CaseCountParseError naming the line. */
export async function writeCaseCounts(executor: Executor, batch: CaseCountBatch): Promise<WriteResult> {
  const exec = protectDb(executor);
  const indicators = new Set((await exec.selectFrom('protect_indicators').select('code').execute()).map((r) => r.code));
  for (const p of batch.points) {
    if (!indicators.has(p.indicator)) throw new CaseCountParseError(batch.file, p.line ?? 0, 'indicator', 'unknown_indicator', { value: p.indicator });
  }
  // Places: new ones need a name; known ones given without a name are left as they are.
  const codes = [...new Set([...batch.places.map((p) => p.code), ...batch.points.map((p) => p.placeCode)])];
  const known = new Set<string>();
  for (let i = 0; i < codes.length; i += 5000) {
    const part = codes.slice(i, i + 5000);
    for (const r of await exec.selectFrom('protect_places').select('code').where(anyOf('code', part)).execute()) known.add(r.code);
  }
  const given = new Map(batch.places.map((p) => [p.code, p]));
  for (const p of batch.points) {
    if (!known.has(p.placeCode) && !given.get(p.placeCode)?.name) {
      throw new CaseCountParseError(batch.file, p.line ?? 0, 'place', 'unknown_place', { value: p.placeCode });
    }
  }
  const toWrite = batch.places.filter((p) => p.name);
  for (const p of toWrite) {
    if (p.parentCode && !known.has(p.parentCode) && !given.get(p.parentCode)?.name) {
      throw new CaseCountParseError(batch.file, p.line ?? 0, 'parent', 'unknown_place', { value: p.parentCode });
    }
  }
  await upsertPlaces(exec, toWrite);

  // Points → series.
  const groups = new Map<string, { place: string; indicator: string; kind: PeriodKind; values: Map<number, number | null> }>();
  for (const p of batch.points) {
    const key = `${p.placeCode}|${p.indicator}|${p.periodKind}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { place: p.placeCode, indicator: p.indicator, kind: p.periodKind, values: new Map() }));
    g.values.set(p.period, p.value);
  }
  const wanted = [...new Set([...groups.values()].map((g) => g.indicator))];
  const existing = new Map<string, { start: number; values: Array<number | null> }>();
  if (wanted.length) {
    const rows = await exec.selectFrom('protect_series').select(['place_code', 'indicator', 'period_kind', 'start_period', 'values'])
      .where('indicator', 'in', wanted).execute();
    for (const r of rows) {
      const key = `${r.place_code}|${r.indicator}|${r.period_kind}`;
      if (groups.has(key)) existing.set(key, { start: r.start_period, values: r.values });
    }
  }
  const rows: Array<{ place_code: string; indicator: string; period_kind: PeriodKind; start_period: number; values: string; source: string }> = [];
  for (const [key, g] of groups) {
    const step = stepOf(g.kind);
    const old = existing.get(key);
    let lo = Infinity;
    let hi = -Infinity;
    for (const k of g.values.keys()) { lo = Math.min(lo, k); hi = Math.max(hi, k); }
    if (old) { lo = Math.min(lo, old.start); hi = Math.max(hi, old.start + (old.values.length - 1) * step); }
    const n = Math.round((hi - lo) / step) + 1;
    if (n > MAX_SERIES_LENGTH) {
      const line = batch.points.find((p) => `${p.placeCode}|${p.indicator}|${p.periodKind}` === key)?.line ?? 0;
      throw new CaseCountParseError(batch.file, line, 'period', 'span_too_long', { max: MAX_SERIES_LENGTH });
    }
    const values: Array<number | null> = new Array(n).fill(null);
    if (old) old.values.forEach((v, i) => { values[Math.round((old.start - lo) / step) + i] = v; });
    for (const [k, v] of g.values) {
      if ((k - lo) % step !== 0) {
        const line = batch.points.find((p) => `${p.placeCode}|${p.indicator}|${p.periodKind}` === key && p.period === k)?.line ?? 0;
        throw new CaseCountParseError(batch.file, line, 'period', 'bad_period', { value: String(k) });
      }
      values[(k - lo) / step] = v;
    }
    rows.push({ place_code: g.place, indicator: g.indicator, period_kind: g.kind, start_period: lo, values: float8Array(values), source: batch.source });
  }
  for (let i = 0; i < rows.length; i += CHUNK) {
    await exec.insertInto('protect_series').values(rows.slice(i, i + CHUNK).map((r) => ({ ...r, values: sql`${r.values}::float8[]` as unknown as string })))
      .onConflict((oc) => oc.columns(['place_code', 'indicator', 'period_kind']).doUpdateSet((eb) => ({
        start_period: eb.ref('excluded.start_period'),
        values: eb.ref('excluded.values'),
        source: eb.ref('excluded.source'),
        updated_at: sql`now()`,
      })))
      .execute();
  }
  return { places: toWrite.length, series: rows.length, points: batch.points.length };
}
