/**
 * Review: the alerts list updates raised on the node's own records (only records this user may read, for the
 * purpose stated), and the hits of the agency's screenings, each with its explanation and the decision form.
 */
import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../api';
import { isoTime } from '../format';
import { maybeT } from '../i18n';
import { useLabels } from '../labels';
import { href } from '../router';
import { Badge, Empty, ErrorAlert, Loading, Pager } from '../components/ui';
import { HitCard, HitList, type Alert, type Hit } from './ScreeningHits';

const PAGE = 20;

export function ScreeningReview({ canDecide }: { canDecide: boolean }) {
  return (
    <>
      <Alerts canDecide={canDecide} />
      <Hits canDecide={canDecide} />
    </>
  );
}

function StatusFilter<T extends string>({ id, value, options, onChange }: { id: string; value: T; options: readonly T[]; onChange: (v: T) => void }) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={id}>{t('web.screening.status.label')}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as T)}>
        {options.map((o) => <option key={o} value={o}>{maybeT(`web.screening.status.${o}`, o)}</option>)}
      </select>
    </div>
  );
}

const ALERT_STATUSES = ['open', 'decided', 'delisted', 'all'] as const;

function Alerts({ canDecide }: { canDecide: boolean }) {
  const { t } = useTranslation();
  const L = useLabels();
  const [status, setStatus] = useState<(typeof ALERT_STATUSES)[number]>('open');
  const [offset, setOffset] = useState(0);
  const alerts = useQuery({
    queryKey: ['screening', 'alerts', status, offset],
    queryFn: () => api<{ total: number; alerts: Alert[] }>(`/screening/alerts${qs({ status, limit: PAGE, offset })}`),
    placeholderData: keepPreviousData,
  });
  return (
    <section className="panel" aria-labelledby="scr-alerts-h">
      <h2 id="scr-alerts-h">{t('web.screening.alerts.title')} {alerts.data && <span className="count">{alerts.data.total}</span>}</h2>
      <p className="help">{t('web.screening.alerts.help')}</p>
      <div className="filter-form">
        <StatusFilter id="scr-alert-status" value={status} options={ALERT_STATUSES} onChange={(v) => { setStatus(v); setOffset(0); }} />
      </div>
      {alerts.isPending ? <Loading /> : alerts.isError ? <ErrorAlert error={alerts.error} /> : alerts.data.alerts.length === 0 ? (
        <Empty>{t('web.screening.alerts.none')}</Empty>
      ) : (
        <>
          <ol className="scr-hits" aria-label={t('web.screening.alerts.title')}>
            {alerts.data.alerts.map((a) => (
              <li key={a.id} className="scr-alert">
                <p className="scr-alert-head">
                  <Badge kind={a.status === 'open' ? 'outcome-failed' : a.status === 'decided' ? 'outcome-ok' : 'locked'}>
                    {maybeT(`web.screening.status.${a.status}`, a.status)}
                  </Badge>{' '}
                  {t('web.screening.alerts.record')}{' '}
                  <a href={href.entity(a.entity.id)} className="entity-link">{a.entity.caption}</a>{' '}
                  <span className="muted small">{L.schema(a.entity.schema)} · {isoTime(a.createdAt)}</span>
                </p>
                <HitCard hit={a.hit} subject="record" canDecide={canDecide && a.status !== 'delisted'} compact />
              </li>
            ))}
          </ol>
          <Pager total={alerts.data.total} offset={offset} page={PAGE} onPage={setOffset} label={t('web.screening.alerts.title')} range />
        </>
      )}
    </section>
  );
}

const HIT_STATUSES = ['open', 'decided', 'all'] as const;

function Hits({ canDecide }: { canDecide: boolean }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<(typeof HIT_STATUSES)[number]>('open');
  const [offset, setOffset] = useState(0);
  const hits = useQuery({
    queryKey: ['screening', 'hits', status, offset],
    queryFn: () => api<{ total: number; hits: Hit[] }>(`/screening/hits${qs({ status, limit: PAGE, offset })}`),
    placeholderData: keepPreviousData,
  });
  return (
    <section className="panel" aria-labelledby="scr-run-hits-h">
      <h2 id="scr-run-hits-h">{t('web.screening.hits.title')} {hits.data && <span className="count">{hits.data.total}</span>}</h2>
      <p className="help">{t('web.screening.hits.help')}</p>
      <div className="filter-form">
        <StatusFilter id="scr-hit-status" value={status} options={HIT_STATUSES} onChange={(v) => { setStatus(v); setOffset(0); }} />
      </div>
      {hits.isPending ? <Loading /> : hits.isError ? <ErrorAlert error={hits.error} /> : hits.data.hits.length === 0 ? (
        <Empty>{t('web.screening.hits.none')}</Empty>
      ) : (
        <>
          <HitList hits={hits.data.hits} canDecide={canDecide} openFirst={false} compact label={t('web.screening.hits.title')} />
          <Pager total={hits.data.total} offset={offset} page={PAGE} onPage={setOffset} label={t('web.screening.hits.title')} range />
        </>
      )}
    </section>
  );
}
