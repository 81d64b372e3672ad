/**
 * The map: municipalities and counties coloured by rate per 100,000 or by Gi* hot-spot class, with a time
 * slider over the months. maplibre-gl draws on a blank style (no tiles from the internet): one GeoJSON
 * source served by this node (the demo world's synthetic boundaries, or INEGI/Census boundaries from the
 * shared data folder). Colours go through feature-state, so moving the slider repaints without reloading
 * the shapes. The same numbers are in the table beside the map (keyboard and screen readers).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
// maplibre-gl 6 runs a module worker it locates next to its own file; in the bundle that file is an asset
// Vite copies as is, so the map is told where it went.
import maplibreWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { api, qs } from '../api';
import { navigate } from '../router';
import { Empty, ErrorAlert, Loading, PageTitle } from '../components/ui';
import { bi, fmt, indicatorName, ProtectTabs, useIndicators } from './ProtectShared';
import { protectHref, type ProtectRoute } from './ProtectRoutes';

interface MapView {
  indicator: string; set: string; periodKind: string | null; periods: string[]; period: string | null;
  values: Array<{ code: string; name: string; population: number | null; count: number | null; rate: number | null; seriesId: string }>;
  alerts: Array<{ placeCode: string; alertId: string }>;
}
interface HotspotView {
  from: string | null; to: string | null; places: Array<{ code: string; name: string; value: number; z: number | null; class: number }>;
  moran: { I: number; z: number; pGreater: number } | null;
}
type GeoJson = { type: 'FeatureCollection'; features: Array<{ properties: { code: string } }> };

maplibregl.setWorkerUrl(maplibreWorkerUrl);

const RATE_COLOURS = ['#f1eef6', '#d0d1e6', '#a6bddb', '#74a9cf', '#2b8cbe', '#045a8d'];
const CLASS_COLOURS: Record<string, string> = { '-3': '#2166ac', '-2': '#67a9cf', '-1': '#d1e5f0', '0': '#f7f7f7', '1': '#fddbc7', '2': '#ef8a62', '3': '#b2182b' };

export function ProtectMapScreen({ route }: { route: Extract<ProtectRoute, { page: 'map' }> }) {
  const { t } = useTranslation();
  const indicators = useIndicators();
  const sets = useQuery({ queryKey: ['protect', 'sets'], queryFn: () => api<{ sets: Array<{ id: string; available: boolean }> }>('/protect/boundaries') });
  const withData = indicators.data?.indicators.filter((i) => i.series > 0) ?? [];
  const indicator = route.indicator || withData.find((i) => i.code === 'overdose_emergency_visits')?.code || withData[0]?.code || '';
  const available = sets.data?.sets.filter((s) => s.available).map((s) => s.id) ?? [];
  const set = route.set && available.includes(route.set) ? route.set : available[0] ?? '';
  const go = (p: Partial<{ indicator: string; set: string; period: string; view: string }>) =>
    navigate(protectHref.map({ indicator, set, period: route.period, view: route.view === 'rate' ? '' : route.view, ...p }));

  const map = useQuery({
    queryKey: ['protect', 'map', indicator, set, route.period],
    queryFn: () => api<MapView>(`/protect/map${qs({ indicator, set, period: route.period })}`),
    enabled: !!indicator && !!set,
    placeholderData: (prev) => prev,
  });
  const hot = useQuery({
    queryKey: ['protect', 'hotspots', indicator, set, map.data?.period],
    queryFn: () => api<HotspotView>(`/protect/hotspots${qs({ indicator, set, period: map.data?.period ?? undefined, measure: 'rate' })}`),
    enabled: route.view === 'hotspots' && !!map.data?.period,
    placeholderData: (prev) => prev,
  });
  const ind = indicators.data?.indicators.find((i) => i.code === indicator);
  const periods = map.data?.periods ?? [];
  const at = map.data?.period ? periods.indexOf(map.data.period) : -1;

  return (
    <section>
      <ProtectTabs current="map" />
      <PageTitle title={t('protect.map.title')}>{t('protect.map.title')}</PageTitle>
      <div className="filter-form protect-controls">
        <div className="field">
          <label htmlFor="pm-indicator">{t('protect.map.indicator')}</label>
          <select id="pm-indicator" value={indicator} onChange={(e) => go({ indicator: e.target.value, period: '' })}>
            {withData.map((i) => <option key={i.code} value={i.code}>{bi(i.name)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="pm-set">{t('protect.map.boundaries')}</label>
          <select id="pm-set" value={set} onChange={(e) => go({ set: e.target.value, period: '' })}>
            {available.map((s) => <option key={s} value={s}>{t(`protect.set.${s}`)}</option>)}
          </select>
        </div>
        <fieldset className="field view-switch">
          <legend>{t('protect.map.view')}</legend>
          <label><input type="radio" name="pm-view" checked={route.view === 'rate'} onChange={() => go({ view: '' })} /> {t('protect.map.view.rate')}</label>
          <label><input type="radio" name="pm-view" checked={route.view === 'hotspots'} onChange={() => go({ view: 'hotspots' })} /> {t('protect.map.view.hotspots')}</label>
        </fieldset>
        <div className="field grow">
          <label htmlFor="pm-period">{t('protect.map.period', { period: map.data?.period ?? '—' })}</label>
          <input
            id="pm-period" type="range" min={0} max={Math.max(0, periods.length - 1)} step={1} value={Math.max(0, at)}
            aria-valuetext={map.data?.period ?? ''} disabled={periods.length < 2}
            onChange={(e) => go({ period: periods[Number(e.target.value)] })}
          />
        </div>
      </div>
      {ind && (ind.note.en || ind.domain === 'violence') && (
        <p className="alert alert-info" id="pm-note"><strong>{t('protect.map.what_counted', { unit: bi(ind.unit) })}</strong> {bi(ind.note)}</p>
      )}
      {indicators.isError && <ErrorAlert error={indicators.error} />}
      {map.isError && <ErrorAlert error={map.error} />}
      {hot.isError && <ErrorAlert error={hot.error} />}
      {!indicators.isPending && !withData.length ? <Empty>{t('protect.map.no_data')}</Empty> : (
        <div className="map-layout">
          <div>
            <MapCanvas set={set} view={route.view} map={map.data} hot={hot.data} label={t('protect.map.canvas', { indicator: indicatorName(indicators.data?.indicators, indicator), period: map.data?.period ?? '' })} />
            <Legend view={route.view} map={map.data} hot={hot.data} />
          </div>
          <PlaceTable view={route.view} map={map.data} hot={hot.data} loading={map.isPending} />
        </div>
      )}
    </section>
  );
}

function breaks(values: number[]): number[] {
  const s = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!s.length) return [];
  return [1, 2, 3, 4, 5].map((k) => s[Math.min(s.length - 1, Math.floor((k * s.length) / 6))]!);
}

function MapCanvas({ set, view, map, hot, label }: { set: string; view: string; map?: MapView; hot?: HotspotView; label: string }) {
  const { t } = useTranslation();
  const el = useRef<HTMLDivElement>(null);
  const ref = useRef<maplibregl.Map | null>(null);
  const [ready, setReady] = useState('');
  const [error, setError] = useState(false);
  const seriesOf = useRef(new Map<string, string>());
  const geo = useQuery({ queryKey: ['protect', 'geo', set], queryFn: () => api<GeoJson>(`/protect/boundaries/${set}`), enabled: !!set, staleTime: Infinity });

  useEffect(() => {
    if (!el.current || !geo.data) return;
    let m: maplibregl.Map;
    try {
      m = new maplibregl.Map({
        container: el.current,
        style: { version: 8, sources: {}, layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#e9eef3' } }] },
        center: [0, 0], zoom: 1, attributionControl: false, dragRotate: false, pitchWithRotate: false,
      });
    } catch {
      setError(true);
      return;
    }
    ref.current = m;
    m.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    m.on('load', () => {
      m.addSource('places', { type: 'geojson', data: geo.data as never, promoteId: 'code' });
      m.addLayer({ id: 'fill', type: 'fill', source: 'places', paint: { 'fill-color': ['coalesce', ['feature-state', 'colour'], '#d9d9d9'], 'fill-opacity': 0.9 } });
      m.addLayer({ id: 'line', type: 'line', source: 'places', paint: { 'line-color': '#5d6875', 'line-width': 0.4 } });
      m.addLayer({ id: 'alert', type: 'line', source: 'places', paint: { 'line-color': '#a3231d', 'line-width': ['case', ['boolean', ['feature-state', 'alert'], false], 2.5, 0] } });
      const b = new maplibregl.LngLatBounds();
      const walk = (c: unknown): void => { if (Array.isArray(c) && typeof c[0] === 'number') b.extend(c as [number, number]); else if (Array.isArray(c)) c.forEach(walk); };
      for (const f of (geo.data as unknown as { features: Array<{ geometry: { coordinates: unknown } }> }).features) walk(f.geometry.coordinates);
      if (!b.isEmpty()) m.fitBounds(b, { padding: 20, animate: false });
      setReady(set);
    });
    // Rendered features are counted on each idle: the end-to-end test reads it to know the map drew.
    m.on('idle', () => {
      if (!m.getLayer('fill')) return;
      el.current?.setAttribute('data-rendered-features', String(m.queryRenderedFeatures({ layers: ['fill'] }).length));
    });
    m.on('click', 'fill', (e: maplibregl.MapLayerMouseEvent) => {
      const code = e.features?.[0]?.properties?.code as string | undefined;
      const sid = code && seriesOf.current.get(code);
      if (sid) navigate(`#/protect/series/${sid}`);
    });
    m.on('mouseenter', 'fill', () => { m.getCanvas().style.cursor = 'pointer'; });
    m.on('mouseleave', 'fill', () => { m.getCanvas().style.cursor = ''; });
    return () => { m.remove(); ref.current = null; setReady(''); };
  }, [geo.data, set]);

  useEffect(() => {
    const m = ref.current;
    if (!m || ready !== set || !map) return;
    seriesOf.current = new Map(map.values.map((v) => [v.code, v.seriesId]));
    m.removeFeatureState({ source: 'places' });
    const alerts = new Set(map.alerts.map((a) => a.placeCode));
    if (view === 'hotspots') {
      for (const p of hot?.places ?? []) m.setFeatureState({ source: 'places', id: p.code }, { colour: CLASS_COLOURS[String(p.class)], alert: alerts.has(p.code) });
    } else {
      const br = breaks(map.values.map((v) => v.rate ?? NaN));
      for (const v of map.values) {
        const colour = v.rate === null ? undefined : RATE_COLOURS[br.filter((b) => v.rate! > b).length];
        m.setFeatureState({ source: 'places', id: v.code }, { colour, alert: alerts.has(v.code) });
      }
    }
    m.triggerRepaint();
  }, [ready, set, map, hot, view]);

  if (error) return <p className="alert alert-info">{t('protect.map.no_webgl')}</p>;
  return (
    <div className="map-wrap">
      {geo.isPending && <Loading />}
      {geo.isError && <ErrorAlert error={geo.error} />}
      <div ref={el} className="map-canvas" role="region" aria-label={label} />
    </div>
  );
}

function Legend({ view, map, hot }: { view: string; map?: MapView; hot?: HotspotView }) {
  const { t } = useTranslation();
  if (view === 'hotspots') {
    return (
      <div className="map-legend" aria-label={t('protect.map.legend')}>
        {[3, 2, 1, 0, -1, -2, -3].map((c) => <span key={c}><i style={{ background: CLASS_COLOURS[String(c)] }} />{t(`protect.class.${c}`)}</span>)}
        {hot?.moran && <p className="small">{t('protect.map.moran', { I: hot.moran.I.toFixed(3), z: hot.moran.z.toFixed(2), p: hot.moran.pGreater.toPrecision(2) })}</p>}
        {hot?.from && <p className="small">{t('protect.map.window', { from: hot.from, to: hot.to })}</p>}
      </div>
    );
  }
  const br = breaks(map?.values.map((v) => v.rate ?? NaN) ?? []);
  const edges = [0, ...br];
  return (
    <div className="map-legend" aria-label={t('protect.map.legend')}>
      <span className="small">{t('protect.map.rate_legend')}</span>
      {RATE_COLOURS.map((c, i) => <span key={c}><i style={{ background: c }} />{i < edges.length - 1 ? `${fmt(edges[i])}–${fmt(edges[i + 1])}` : `> ${fmt(edges[edges.length - 1])}`}</span>)}
      <span><i className="alert-swatch" />{t('protect.map.alert_outline')}</span>
    </div>
  );
}

function PlaceTable({ view, map, hot, loading }: { view: string; map?: MapView; hot?: HotspotView; loading: boolean }) {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  const rows = useMemo(() => {
    if (!map) return [];
    const cls = new Map((hot?.places ?? []).map((p) => [p.code, p]));
    const alerts = new Map(map.alerts.map((a) => [a.placeCode, a.alertId]));
    const list = map.values.map((v) => ({ ...v, hs: cls.get(v.code), alertId: alerts.get(v.code) }));
    return view === 'hotspots' ? list.sort((a, b) => (b.hs?.z ?? -99) - (a.hs?.z ?? -99)) : list.sort((a, b) => (b.rate ?? -1) - (a.rate ?? -1));
  }, [map, hot, view]);
  if (loading) return <Loading />;
  const shown = all ? rows : rows.slice(0, 15);
  return (
    <div className="panel place-table">
      <h2 id="pm-table">{t('protect.map.table', { period: map?.period ?? '' })}</h2>
      <div className="table-wrap">
        <table className="data" aria-labelledby="pm-table">
          <thead>
            <tr>
              <th scope="col">{t('protect.col.place')}</th>
              <th scope="col" className="num">{t('protect.col.count')}</th>
              <th scope="col" className="num">{t('protect.col.rate')}</th>
              {view === 'hotspots' && <th scope="col">{t('protect.col.class')}</th>}
              <th scope="col">{t('protect.col.alert')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.code}>
                <td><a href={protectHref.series(r.seriesId)}>{r.name}</a> <span className="muted mono small">{r.code}</span></td>
                <td className="num">{fmt(r.count, 0)}</td>
                <td className="num">{fmt(r.rate, 2)}</td>
                {view === 'hotspots' && <td>{r.hs ? `${t(`protect.class.${r.hs.class}`)} (z ${fmt(r.hs.z, 2)})` : '—'}</td>}
                <td>{r.alertId ? <a href={protectHref.alert(r.alertId)} className="badge badge-alert">{t('protect.alert.badge')}</a> : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length > 15 && <button type="button" className="btn btn-small" onClick={() => setAll(!all)}>{all ? t('protect.map.fewer') : t('protect.map.all', { n: rows.length })}</button>}
    </div>
  );
}
