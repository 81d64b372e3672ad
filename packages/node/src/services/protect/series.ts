/**
 * Reading case counts: indicators, places, one series with its detection, a map's values for one period.
 * Aggregates only (no personal data): authorised by protect.read, not audited per read.
 */
import { sql } from 'kysely';
import type { Actor } from '../../context';
import { notFound, PuenteError } from '../../errors';
import type { ServiceCtx } from '../context';
import { authorize } from '../guard';
import { detect, type MethodId, type RuleParams } from './detect';
import { periodLabel, stepOf, type PeriodKind } from './periods';
import { protectDb } from './schema';
import type { BoundarySet } from './geo';

export interface IndicatorView {
  code: string; domain: string; name: { en: string; es: string }; unit: { en: string; es: string }; note: { en: string; es: string };
  aggregation: string; series: number;
}

export async function listIndicators(ctx: ServiceCtx, actor: Actor): Promise<IndicatorView[]> {
  await authorize(ctx, actor, 'protect.read', { resourceType: 'protect_indicator' });
  const p = protectDb(ctx.db);
  const rows = await p.selectFrom('protect_indicators')
    .select(['code', 'domain', 'name_en', 'name_es', 'unit_en', 'unit_es', 'note_en', 'note_es', 'aggregation',
      sql<string>`(select count(*) from protect_series s where s.indicator = protect_indicators.code)`.as('n')])
    .orderBy('domain').orderBy('code').execute();
  return rows.map((r) => ({
    code: r.code, domain: r.domain, name: { en: r.name_en, es: r.name_es }, unit: { en: r.unit_en, es: r.unit_es },
    note: { en: r.note_en, es: r.note_es }, aggregation: r.aggregation, series: Number(r.n),
  }));
}

export interface PlaceView {
  code: string; country: string; nativeCode: string; level: string; name: string; parentCode: string | null;
  population: number | null; synthetic: boolean;
}

export async function listPlaces(ctx: ServiceCtx, actor: Actor, q: { q?: string; country?: string; level?: string; limit?: number }): Promise<PlaceView[]> {
  await authorize(ctx, actor, 'protect.read', { resourceType: 'protect_place' });
  let query = protectDb(ctx.db).selectFrom('protect_places').selectAll();
  if (q.country) query = query.where('country', '=', q.country);
  if (q.level) query = query.where('level', '=', q.level);
  if (q.q) query = query.where(sql<boolean>`unaccent(lower(name)) like '%' || unaccent(lower(${q.q})) || '%' or code = upper(${q.q})`);
  const rows = await query.orderBy('code').limit(q.limit ?? 200).execute();
  return rows.map(placeView);
}

export function placeView(r: { code: string; country: string; native_code: string; level: string; name: string; parent_code: string | null; population: string | null; synthetic: boolean }): PlaceView {
  return {
    code: r.code, country: r.country.trim(), nativeCode: r.native_code, level: r.level, name: r.name, parentCode: r.parent_code,
    population: r.population === null ? null : Number(r.population), synthetic: r.synthetic,
  };
}

export interface SeriesSummary { id: string; placeCode: string; placeName: string; indicator: string; periodKind: PeriodKind; first: string; last: string; length: number }

export async function listSeries(ctx: ServiceCtx, actor: Actor, q: { place?: string; indicator?: string; limit?: number }): Promise<SeriesSummary[]> {
  await authorize(ctx, actor, 'protect.read', { resourceType: 'protect_series' });
  let query = protectDb(ctx.db).selectFrom('protect_series').innerJoin('protect_places', 'protect_places.code', 'protect_series.place_code')
    .select(['protect_series.id', 'protect_series.place_code', 'protect_places.name', 'protect_series.indicator', 'protect_series.period_kind',
      'protect_series.start_period', sql<number>`cardinality(protect_series."values")`.as('length')]);
  if (q.place) query = query.where('protect_series.place_code', '=', q.place);
  if (q.indicator) query = query.where('protect_series.indicator', '=', q.indicator);
  const rows = await query.orderBy('protect_series.place_code').orderBy('protect_series.indicator').limit(q.limit ?? 500).execute();
  return rows.map((r) => ({
    id: String(r.id), placeCode: r.place_code, placeName: r.name, indicator: r.indicator, periodKind: r.period_kind,
    first: periodLabel(r.period_kind, r.start_period),
    last: periodLabel(r.period_kind, r.start_period + (Number(r.length) - 1) * stepOf(r.period_kind)),
    length: Number(r.length),
  }));
}

export interface SeriesPoint { period: string; count: number | null; expected: number | null; upperBound: number | null; alarm: boolean | null }
export interface SeriesView {
  id: string; place: PlaceView; indicator: string; periodKind: PeriodKind; method: MethodId; params: RuleParams;
  points: SeriesPoint[];
  /** Per 100,000 inhabitants, when the place's population is known. */
  ratePer100k: Array<number | null> | null;
  alerts: Array<{ id: string; period: string; status: string }>;
  /** Demand indicators (treatment admissions, seizures) and other indicators of the same place, shown beside. */
  related: Array<{ id: string; indicator: string; domain: string; points: Array<{ period: string; count: number | null }> }>;
}

const finite = (v: number) => (Number.isFinite(v) ? v : null);

export async function getSeries(ctx: ServiceCtx, actor: Actor, id: string, opts: { method?: MethodId; params?: RuleParams } = {}): Promise<SeriesView> {
  await authorize(ctx, actor, 'protect.read', { resourceType: 'protect_series', resourceId: id });
  if (!/^\d{1,18}$/.test(id)) throw notFound({ id });
  const p = protectDb(ctx.db);
  const s = await p.selectFrom('protect_series').selectAll().where('id', '=', id).executeTakeFirst();
  if (!s) throw notFound({ id });
  const place = await p.selectFrom('protect_places').selectAll().where('code', '=', s.place_code).executeTakeFirstOrThrow();
  // Method: the one asked for, else the first enabled rule covering this series, else EARS C2.
  let method = opts.method;
  let params = opts.params ?? {};
  if (!method) {
    const rule = await p.selectFrom('protect_alert_rules').select(['method', 'params']).where('indicator', '=', s.indicator).where('enabled', '=', true)
      .where((eb) => eb.or([eb('place_code', 'is', null), eb('place_code', '=', s.place_code), eb('place_code', '=', place.parent_code ?? '')]))
      .orderBy(sql`place_code is null`).orderBy('created_at').limit(1).executeTakeFirst();
    method = (rule?.method as MethodId | undefined) ?? 'ears-c2';
    params = (rule?.params as RuleParams | undefined) ?? {};
  }
  const step = stepOf(s.period_kind);
  const labels = s.values.map((_, i) => periodLabel(s.period_kind, s.start_period + i * step));
  let det;
  try {
    det = detect(s.values, s.period_kind, s.start_period, method, params);
  } catch (err) {
    throw new PuenteError('validation', 400, 'protect.error.bad_params', { detail: (err as Error).message });
  }
  const points: SeriesPoint[] = s.values.map((v, i) => {
    const evaluated = i >= det.from && i <= det.to;
    return {
      period: labels[i], count: v,
      expected: evaluated ? finite(det.expected[i]) : null,
      upperBound: evaluated ? finite(det.upperBound[i]) : null,
      alarm: evaluated && det.alarm[i] !== -1 ? det.alarm[i] === 1 : null,
    };
  });
  const pop = place.population === null ? null : Number(place.population);
  const alerts = await p.selectFrom('protect_alerts').select(['id', 'period', 'status']).where('series_id', '=', s.id).orderBy('period').execute();
  const relatedRows = await p.selectFrom('protect_series').innerJoin('protect_indicators', 'protect_indicators.code', 'protect_series.indicator')
    .select(['protect_series.id', 'protect_series.indicator', 'protect_indicators.domain', 'protect_series.start_period', 'protect_series.values', 'protect_series.period_kind'])
    .where('protect_series.place_code', '=', s.place_code).where('protect_series.id', '!=', s.id).orderBy('protect_indicators.domain').orderBy('protect_series.indicator').execute();
  return {
    id: String(s.id), place: placeView(place), indicator: s.indicator, periodKind: s.period_kind, method, params, points,
    ratePer100k: pop ? s.values.map((v) => (v === null ? null : (v / pop) * 100_000)) : null,
    alerts: alerts.map((a) => ({ id: String(a.id), period: periodLabel(s.period_kind, a.period), status: a.status })),
    related: relatedRows.map((r) => ({
      id: String(r.id), indicator: r.indicator, domain: r.domain,
      points: r.values.map((v, i) => ({ period: periodLabel(r.period_kind, r.start_period + i * stepOf(r.period_kind)), count: v })),
    })),
  };
}

/** Places of a boundary set: which rows of protect_places a set's features stand for. */
export function placesOfSet(set: BoundarySet): { country?: string; level?: string[]; synthetic: boolean } {
  switch (set) {
    case 'demo': return { synthetic: true };
    case 'mx-municipios': return { country: 'MX', level: ['municipality'], synthetic: false };
    case 'mx-states': return { country: 'MX', level: ['state'], synthetic: false };
    case 'us-states': return { country: 'US', level: ['state'], synthetic: false };
  }
}

export interface MapView {
  indicator: string; set: BoundarySet; periodKind: PeriodKind | null;
  /** Periods with data across the set's series, oldest first (the time slider's stops). */
  periods: string[];
  period: string | null;
  values: Array<{ code: string; name: string; population: number | null; count: number | null; rate: number | null; seriesId: string }>;
  /** Open alerts at this period, by place. */
  alerts: Array<{ placeCode: string; alertId: string }>;
}

/** Values of one indicator at one period for every place of a boundary set (a missing period: the latest). */
export async function mapValues(ctx: ServiceCtx, actor: Actor, q: { indicator: string; set: BoundarySet; period?: string }): Promise<MapView> {
  await authorize(ctx, actor, 'protect.read', { resourceType: 'protect_series' });
  const p = protectDb(ctx.db);
  const which = placesOfSet(q.set);
  let query = p.selectFrom('protect_series').innerJoin('protect_places', 'protect_places.code', 'protect_series.place_code')
    .select(['protect_series.id', 'protect_series.place_code', 'protect_places.name', 'protect_places.population', 'protect_series.period_kind',
      'protect_series.start_period', sql<number>`cardinality(protect_series."values")`.as('n')])
    .where('protect_series.indicator', '=', q.indicator).where('protect_places.synthetic', '=', which.synthetic);
  if (which.country) query = query.where('protect_places.country', '=', which.country);
  if (which.level) query = query.where('protect_places.level', 'in', which.level);
  const rows = await query.orderBy('protect_series.place_code').execute();
  if (!rows.length) return { indicator: q.indicator, set: q.set, periodKind: null, periods: [], period: null, values: [], alerts: [] };
  const kind = rows[0].period_kind;
  const same = rows.filter((r) => r.period_kind === kind);
  const step = stepOf(kind);
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of same) { lo = Math.min(lo, r.start_period); hi = Math.max(hi, r.start_period + (Number(r.n) - 1) * step); }
  const periods: string[] = [];
  for (let k = lo; k <= hi; k += step) periods.push(periodLabel(kind, k));
  const at = q.period && periods.includes(q.period) ? lo + periods.indexOf(q.period) * step : hi;
  // One subscript per series, read in place.
  const vals = await p.selectFrom('protect_series').select(['id', sql<number | null>`"values"[(${at}::int - start_period) / ${step}::int + 1]`.as('v')])
    .where('id', 'in', same.map((r) => r.id)).execute();
  const byId = new Map(vals.map((v) => [String(v.id), v.v === null ? null : Number(v.v)]));
  const alerts = await p.selectFrom('protect_alerts').select(['place_code', 'id']).where('indicator', '=', q.indicator)
    .where('period_kind', '=', kind).where('period', '=', at).where('status', '!=', 'closed').execute();
  return {
    indicator: q.indicator, set: q.set, periodKind: kind, periods, period: periodLabel(kind, at),
    values: same.map((r) => {
      const count = byId.get(String(r.id)) ?? null;
      const pop = r.population === null ? null : Number(r.population);
      return { code: r.place_code, name: r.name, population: pop, count, rate: count !== null && pop ? (count / pop) * 100_000 : null, seriesId: String(r.id) };
    }),
    alerts: alerts.map((a) => ({ placeCode: a.place_code, alertId: String(a.id) })),
  };
}
