/**
 * One series: counts with the method's expected counts, upper bounds and alarms (plain SVG), the method
 * chosen (the rule's by default), the place's demand indicators beside it (treatment admissions, seizures),
 * the alerts raised on it, and every number in a table.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../api';
import { navigate } from '../router';
import { ErrorAlert, Loading, PageTitle } from '../components/ui';
import { bi, fmt, indicatorName, METHODS, ProtectTabs, SeriesChart, useIndicators, type SeriesView } from './ProtectShared';
import { protectHref } from './ProtectRoutes';

export function ProtectSeriesScreen({ id, method }: { id: string; method: string }) {
  const { t } = useTranslation();
  const indicators = useIndicators();
  const s = useQuery({ queryKey: ['protect', 'series', id, method], queryFn: () => api<SeriesView>(`/protect/series/${encodeURIComponent(id)}${qs({ method })}`) });
  if (s.isPending) return <Loading />;
  if (s.isError) return <ErrorAlert error={s.error} />;
  const v = s.data;
  const list = indicators.data?.indicators;
  const ind = list?.find((i) => i.code === v.indicator);
  const name = indicatorName(list, v.indicator);
  const title = t('protect.series.title', { indicator: name, place: v.place.name });
  const alarms = v.points.filter((p) => p.alarm === true).length;
  return (
    <section>
      <ProtectTabs current="map" />
      <nav className="crumbs" aria-label={t('protect.crumbs')}><a href={protectHref.map({ indicator: v.indicator })}>{t('protect.nav.map')}</a> › {v.place.name}</nav>
      <PageTitle title={title} sub={<span>{v.place.code} · {t('protect.series.population', { n: v.place.population === null ? '—' : v.place.population.toLocaleString() })} · {ind ? bi(ind.unit) : ''}</span>}>{title}</PageTitle>
      {ind?.note.en && <p className="alert alert-info">{bi(ind.note)}</p>}
      <div className="filter-form">
        <div className="field">
          <label htmlFor="ps-method">{t('protect.series.method')}</label>
          <select id="ps-method" value={v.method} onChange={(e) => navigate(protectHref.series(id, e.target.value))}>
            {METHODS.map((m) => <option key={m} value={m}>{t(`protect.method.${m}`)}</option>)}
          </select>
        </div>
        <p className="help">{t('protect.series.method_help', { params: JSON.stringify(v.params) })}</p>
      </div>
      <div className="panel">
        <h2>{t('protect.series.chart', { alarms })}</h2>
        <SeriesChart points={v.points} title={title} />
      </div>
      {v.alerts.length > 0 && (
        <div className="panel">
          <h2>{t('protect.series.alerts', { n: v.alerts.length })}</h2>
          <ul className="inline-list">
            {v.alerts.map((a) => <li key={a.id}><a href={protectHref.alert(a.id)}>{a.period}</a> <span className="muted">({t(`protect.status.${a.status}`)})</span></li>)}
          </ul>
        </div>
      )}
      {v.related.length > 0 && (
        <div className="panel">
          <h2>{t('protect.series.related')}</h2>
          <p className="help">{t('protect.series.related_help')}</p>
          <div className="related-grid">
            {v.related.map((r) => (
              <div key={r.id}>
                <h3><a href={protectHref.series(r.id)}>{indicatorName(list, r.indicator)}</a> <span className="badge">{t(`protect.domain.${r.domain}`)}</span></h3>
                <SeriesChart compact height={150} title={indicatorName(list, r.indicator)} points={r.points.map((p) => ({ ...p, expected: null, upperBound: null, alarm: null }))} />
              </div>
            ))}
          </div>
        </div>
      )}
      <details className="panel">
        <summary>{t('protect.series.table')}</summary>
        <div className="table-wrap">
          <table className="data">
            <thead><tr>
              <th scope="col">{t('protect.col.period')}</th><th scope="col" className="num">{t('protect.col.count')}</th>
              <th scope="col" className="num">{t('protect.col.rate')}</th><th scope="col" className="num">{t('protect.col.expected')}</th>
              <th scope="col" className="num">{t('protect.col.upper')}</th><th scope="col">{t('protect.col.alarm')}</th>
            </tr></thead>
            <tbody>
              {v.points.map((p, i) => (
                <tr key={p.period}>
                  <td className="mono">{p.period}</td><td className="num">{fmt(p.count, 0)}</td><td className="num">{fmt(v.ratePer100k?.[i] ?? null, 2)}</td>
                  <td className="num">{fmt(p.expected, 2)}</td><td className="num">{fmt(p.upperBound, 2)}</td>
                  <td>{p.alarm === null ? '—' : p.alarm ? <strong>{t('protect.alarm.yes')}</strong> : t('protect.alarm.no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
