/** Shapes, queries and small pieces shared by the Protect screens (map, series, alerts, practices, cases). */
import { useId } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Bilingual } from '../api';
import { currentLang } from '../i18n';
import './protect.css';

export interface Indicator { code: string; domain: string; name: Bilingual; unit: Bilingual; note: Bilingual; aggregation: string; series: number }
export interface SeriesPoint { period: string; count: number | null; expected: number | null; upperBound: number | null; alarm: boolean | null }
export interface SeriesView {
  id: string; indicator: string; periodKind: string; method: string; params: Record<string, unknown>; points: SeriesPoint[];
  place: { code: string; name: string; population: number | null; level: string; country: string; parentCode: string | null };
  ratePer100k: Array<number | null> | null;
  alerts: Array<{ id: string; period: string; status: string }>;
  related: Array<{ id: string; indicator: string; domain: string; points: Array<{ period: string; count: number | null }> }>;
}
export interface AlertView {
  id: string; ruleId: string; ruleName: string; seriesId: string; placeCode: string; placeName: string; indicator: string; period: string;
  observed: number; expected: number | null; upperBound: number | null; method: string; params: Record<string, unknown>;
  explanation: Record<string, unknown>; status: string; createdAt: string; notes: number; read?: boolean;
}

export const METHODS = ['ears-c1', 'ears-c2', 'ears-c3', 'cusum', 'farrington', 'farrington-noufaily', 'essence'] as const;

export function useIndicators() {
  return useQuery({ queryKey: ['protect', 'indicators'], queryFn: () => api<{ indicators: Indicator[] }>('/protect/indicators'), staleTime: 60_000 });
}

/** The indicator's name in the reader's language (the node keeps both). */
export function indicatorName(list: Indicator[] | undefined, code: string): string {
  const i = list?.find((x) => x.code === code);
  return i ? i.name[currentLang()] : code;
}

export function bi(text: Bilingual | undefined | null): string {
  return text ? text[currentLang()] : '';
}

export const fmt = (n: number | null | undefined, digits = 1): string =>
  n === null || n === undefined || !Number.isFinite(n) ? '—' : Number.isInteger(n) ? String(n) : n.toFixed(digits);

/** The Protect sub-navigation shown on every Protect page. */
export function ProtectTabs({ current }: { current: 'map' | 'alerts' | 'practices' | 'cases' }) {
  const { t } = useTranslation();
  const items = [
    ['map', '#/protect', t('protect.nav.map')], ['alerts', '#/protect/alerts', t('protect.nav.alerts')],
    ['practices', '#/protect/practices', t('protect.nav.practices')], ['cases', '#/protect/cases', t('protect.nav.cases')],
  ] as const;
  return (
    <nav className="protect-tabs" aria-label={t('protect.nav.label')}>
      {items.map(([k, to, label]) => <a key={k} href={to} aria-current={current === k ? 'page' : undefined}>{label}</a>)}
    </nav>
  );
}

/**
 * A count series as plain SVG: counts (solid), expected (grey), upper bound (dashed red), alarms (red
 * diamonds, each with a title). The figure is described in text and its numbers are in the table below it.
 */
export function SeriesChart({ points, title, height = 240, compact = false }: { points: SeriesPoint[]; title: string; height?: number; compact?: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const W = 900;
  const H = height;
  const pad = { l: 44, r: 12, t: 12, b: 28 };
  const vals = points.flatMap((p) => [p.count, p.upperBound, p.expected]).filter((v): v is number => v !== null && Number.isFinite(v));
  const max = Math.max(1, ...vals) * 1.08;
  const x = (i: number) => pad.l + (i * (W - pad.l - pad.r)) / Math.max(1, points.length - 1);
  const y = (v: number) => H - pad.b - (v / max) * (H - pad.t - pad.b);
  const line = (pick: (p: SeriesPoint) => number | null) => {
    let d = '';
    let pen = false;
    points.forEach((p, i) => {
      const v = pick(p);
      if (v === null || !Number.isFinite(v)) { pen = false; return; }
      d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
      pen = true;
    });
    return d;
  };
  const alarms = points.map((p, i) => ({ p, i })).filter(({ p }) => p.alarm === true && p.count !== null);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => Math.round(f * max));
  const every = Math.max(1, Math.ceil(points.length / (compact ? 4 : 10)));
  return (
    <figure className="series-figure">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t ${id}-d`} className="series-chart">
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{t('protect.chart.desc', { n: points.length, alarms: alarms.length, first: points[0]?.period ?? '', last: points.at(-1)?.period ?? '' })}</desc>
        {ticks.map((v) => (
          <g key={v}>
            <line x1={pad.l} x2={W - pad.r} y1={y(v)} y2={y(v)} className="grid" />
            <text x={pad.l - 6} y={y(v) + 4} textAnchor="end" className="tick">{v}</text>
          </g>
        ))}
        {points.map((p, i) => (i % every === 0 ? <text key={p.period} x={x(i)} y={H - 8} textAnchor="middle" className="tick">{p.period}</text> : null))}
        <path d={line((p) => p.expected)} className="expected" />
        <path d={line((p) => p.upperBound)} className="upper" />
        <path d={line((p) => p.count)} className="count" />
        {alarms.map(({ p, i }) => (
          <path key={p.period} d={`M${x(i)},${y(p.count!) - 7}l7,7l-7,7l-7,-7z`} className="alarm">
            <title>{t('protect.chart.alarm', { period: p.period, count: p.count, upper: fmt(p.upperBound) })}</title>
          </path>
        ))}
      </svg>
      {!compact && (
        <figcaption className="chart-legend">
          <span className="lg lg-count">{t('protect.chart.count')}</span>
          <span className="lg lg-expected">{t('protect.chart.expected')}</span>
          <span className="lg lg-upper">{t('protect.chart.upper')}</span>
          <span className="lg lg-alarm">{t('protect.chart.alarms', { n: alarms.length })}</span>
        </figcaption>
      )}
    </figure>
  );
}
