/**
 * Alerts: the caller's inbox (alerts delivered by their subscriptions), the alert timeline, alert rules
 * (method and parameters per indicator and place) and subscriptions; one alert's page gives its
 * explanation (observed, expected, upper bound, method, parameters) and its notes (new substances).
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../api';
import { Empty, ErrorAlert, Loading, PageTitle } from '../components/ui';
import { isoTime } from '../format';
import { fmt, indicatorName, METHODS, ProtectTabs, useIndicators, bi, type AlertView } from './ProtectShared';
import { protectHref } from './ProtectRoutes';

type Tab = 'inbox' | 'timeline' | 'rules' | 'subscriptions';

export function ProtectAlertsScreen({ tab }: { tab: Tab }) {
  const { t } = useTranslation();
  const inbox = useQuery({ queryKey: ['protect', 'inbox'], queryFn: () => api<{ unread: number; alerts: AlertView[] }>('/protect/inbox') });
  const tabs: Array<[Tab, string]> = [
    ['inbox', t('protect.alerts.tab.inbox', { n: inbox.data?.unread ?? 0 })], ['timeline', t('protect.alerts.tab.timeline')],
    ['rules', t('protect.alerts.tab.rules')], ['subscriptions', t('protect.alerts.tab.subscriptions')],
  ];
  return (
    <section>
      <ProtectTabs current="alerts" />
      <PageTitle title={t('protect.alerts.title')}>{t('protect.alerts.title')}</PageTitle>
      <div className="subtabs" role="group" aria-label={t('protect.alerts.views')}>
        {tabs.map(([k, label]) => <a key={k} href={protectHref.alerts(k)} className="btn btn-small" aria-current={tab === k ? 'true' : undefined}>{label}</a>)}
      </div>
      {tab === 'inbox' && <Inbox data={inbox.data} error={inbox.error} pending={inbox.isPending} />}
      {tab === 'timeline' && <Timeline />}
      {tab === 'rules' && <Rules />}
      {tab === 'subscriptions' && <Subscriptions />}
    </section>
  );
}

function AlertTable({ alerts, caption, showRead }: { alerts: AlertView[]; caption: string; showRead?: boolean }) {
  const { t } = useTranslation();
  const indicators = useIndicators().data?.indicators;
  return (
    <div className="table-wrap">
      <table className="data alert-table">
        <caption className="sr-only">{caption}</caption>
        <thead><tr>
          {showRead && <th scope="col">{t('protect.col.read')}</th>}
          <th scope="col">{t('protect.col.period')}</th><th scope="col">{t('protect.col.place')}</th><th scope="col">{t('protect.col.indicator')}</th>
          <th scope="col" className="num">{t('protect.col.observed')}</th><th scope="col" className="num">{t('protect.col.upper')}</th>
          <th scope="col">{t('protect.col.method')}</th><th scope="col">{t('protect.col.status')}</th><th scope="col" className="num">{t('protect.col.notes')}</th>
        </tr></thead>
        <tbody>
          {alerts.map((a) => (
            <tr key={a.id} className={showRead && !a.read ? 'unread' : undefined}>
              {showRead && <td>{a.read ? t('protect.inbox.read') : <strong>{t('protect.inbox.new')}</strong>}</td>}
              <td className="mono"><a href={protectHref.alert(a.id)} className="alert-link">{a.period}</a></td>
              <td>{a.placeName} <span className="muted mono small">{a.placeCode}</span></td>
              <td>{indicatorName(indicators, a.indicator)}</td>
              <td className="num">{fmt(a.observed, 0)}</td><td className="num">{fmt(a.upperBound, 2)}</td>
              <td>{t(`protect.method.${a.method}`)}</td><td>{t(`protect.status.${a.status}`)}</td><td className="num">{a.notes}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Inbox({ data, error, pending }: { data?: { unread: number; alerts: AlertView[] }; error: unknown; pending: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const readAll = useMutation({
    mutationFn: () => api('/protect/inbox/read', { method: 'POST', body: { alertIds: 'all' } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['protect', 'inbox'] }),
  });
  if (pending) return <Loading />;
  if (error) return <ErrorAlert error={error} />;
  if (!data?.alerts.length) return <Empty>{t('protect.inbox.empty')}</Empty>;
  return (
    <div className="panel">
      <div className="panel-head">
        <h2 id="inbox-h">{t('protect.inbox.title', { n: data.alerts.length, unread: data.unread })}</h2>
        <button type="button" className="btn btn-small" onClick={() => readAll.mutate()} disabled={!data.unread || readAll.isPending}>{t('protect.inbox.read_all')}</button>
      </div>
      <AlertTable alerts={data.alerts} caption={t('protect.inbox.caption')} showRead />
    </div>
  );
}

function Timeline() {
  const { t } = useTranslation();
  const indicators = useIndicators().data?.indicators ?? [];
  const [indicator, setIndicator] = useState('');
  const [status, setStatus] = useState('');
  const q = useQuery({ queryKey: ['protect', 'alerts', indicator, status], queryFn: () => api<{ total: number; alerts: AlertView[] }>(`/protect/alerts${qs({ indicator, status, limit: 200 })}`) });
  return (
    <div className="panel">
      <div className="filter-form">
        <div className="field">
          <label htmlFor="tl-indicator">{t('protect.col.indicator')}</label>
          <select id="tl-indicator" value={indicator} onChange={(e) => setIndicator(e.target.value)}>
            <option value="">{t('protect.any')}</option>
            {indicators.filter((i) => i.series > 0).map((i) => <option key={i.code} value={i.code}>{bi(i.name)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="tl-status">{t('protect.col.status')}</label>
          <select id="tl-status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">{t('protect.any')}</option>
            {['open', 'acknowledged', 'closed'].map((s) => <option key={s} value={s}>{t(`protect.status.${s}`)}</option>)}
          </select>
        </div>
      </div>
      {q.isPending ? <Loading /> : q.isError ? <ErrorAlert error={q.error} /> : !q.data.alerts.length ? <Empty>{t('protect.timeline.empty')}</Empty> : (
        <>
          <p className="result-count" role="status">{t('protect.timeline.count', { n: q.data.total })}</p>
          <AlertTable alerts={q.data.alerts} caption={t('protect.timeline.caption')} />
        </>
      )}
    </div>
  );
}

interface Rule { id: string; name: string; indicator: string; placeCode: string | null; method: string; params: Record<string, unknown>; enabled: boolean; ownerAgency: string }

function Rules() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const indicators = useIndicators().data?.indicators ?? [];
  const rules = useQuery({ queryKey: ['protect', 'rules'], queryFn: () => api<{ rules: Rule[] }>('/protect/rules') });
  const [draft, setDraft] = useState({ name: '', indicator: 'overdose_emergency_visits', placeCode: '', method: 'ears-c2', params: '{"lookback": 6}' });
  const [paramsError, setParamsError] = useState(false);
  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) => api('/protect/rules', { method: 'POST', body }),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: ['protect', 'rules'] }); setDraft({ ...draft, name: '' }); },
  });
  const run = useMutation({
    mutationFn: () => api<{ rules: number; series: number; alerts: number; delivered: number }>('/protect/detect', { method: 'POST', body: {} }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['protect'] }),
  });
  const toggle = useMutation({
    mutationFn: (r: Rule) => api(`/protect/rules/${encodeURIComponent(r.id)}`, { method: 'PATCH', body: { enabled: !r.enabled } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['protect', 'rules'] }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    let params: Record<string, unknown>;
    try { params = JSON.parse(draft.params || '{}'); setParamsError(false); } catch { setParamsError(true); return; }
    create.mutate({ name: draft.name, indicator: draft.indicator, placeCode: draft.placeCode.trim() || null, method: draft.method, params });
  };
  return (
    <>
      <div className="panel">
        <div className="panel-head">
          <h2>{t('protect.rules.title')}</h2>
          <button type="button" className="btn btn-primary" onClick={() => run.mutate()} disabled={run.isPending}>{run.isPending ? t('protect.rules.running') : t('protect.rules.run')}</button>
        </div>
        <div role="status" aria-live="polite">{run.data && <p className="alert alert-ok">{t('protect.rules.ran', run.data)}</p>}</div>
        <ErrorAlert error={run.error ?? toggle.error} />
        {rules.isPending ? <Loading /> : rules.isError ? <ErrorAlert error={rules.error} /> : !rules.data.rules.length ? <Empty>{t('protect.rules.none')}</Empty> : (
          <div className="table-wrap">
            <table className="data">
              <thead><tr>
                <th scope="col">{t('protect.rules.name')}</th><th scope="col">{t('protect.col.indicator')}</th><th scope="col">{t('protect.col.place')}</th>
                <th scope="col">{t('protect.col.method')}</th><th scope="col">{t('protect.rules.params')}</th><th scope="col">{t('protect.rules.enabled')}</th>
              </tr></thead>
              <tbody>
                {rules.data.rules.map((r) => (
                  <tr key={r.id}>
                    <td>{r.name}</td><td>{indicatorName(indicators, r.indicator)}</td><td className="mono">{r.placeCode ?? t('protect.rules.everywhere')}</td>
                    <td>{t(`protect.method.${r.method}`)}</td><td className="mono small">{JSON.stringify(r.params)}</td>
                    <td><button type="button" className="btn btn-small" aria-pressed={r.enabled} onClick={() => toggle.mutate(r)}>{r.enabled ? t('protect.rules.on') : t('protect.rules.off')}</button></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      <form className="panel form-grid" onSubmit={submit} aria-labelledby="rule-new">
        <h2 id="rule-new">{t('protect.rules.new')}</h2>
        <div className="field"><label htmlFor="rn-name">{t('protect.rules.name')}</label><input id="rn-name" required value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} /></div>
        <div className="field"><label htmlFor="rn-indicator">{t('protect.col.indicator')}</label>
          <select id="rn-indicator" value={draft.indicator} onChange={(e) => setDraft({ ...draft, indicator: e.target.value })}>
            {indicators.map((i) => <option key={i.code} value={i.code}>{bi(i.name)}</option>)}
          </select></div>
        <div className="field"><label htmlFor="rn-place">{t('protect.rules.place')}</label><input id="rn-place" value={draft.placeCode} placeholder="MX-D01" onChange={(e) => setDraft({ ...draft, placeCode: e.target.value })} aria-describedby="rn-place-help" />
          <span id="rn-place-help" className="help">{t('protect.rules.place_help')}</span></div>
        <div className="field"><label htmlFor="rn-method">{t('protect.col.method')}</label>
          <select id="rn-method" value={draft.method} onChange={(e) => setDraft({ ...draft, method: e.target.value })}>
            {METHODS.map((m) => <option key={m} value={m}>{t(`protect.method.${m}`)}</option>)}
          </select></div>
        <div className="field grow"><label htmlFor="rn-params">{t('protect.rules.params')}</label><input id="rn-params" className="mono" value={draft.params} onChange={(e) => setDraft({ ...draft, params: e.target.value })} aria-describedby="rn-params-help" aria-invalid={paramsError} />
          <span id="rn-params-help" className="help">{t('protect.rules.params_help')}</span></div>
        {paramsError && <p className="alert alert-error" role="alert">{t('protect.rules.params_invalid')}</p>}
        <ErrorAlert error={create.error} />
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>{t('protect.rules.create')}</button>
      </form>
    </>
  );
}

function Subscriptions() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const indicators = useIndicators().data?.indicators ?? [];
  const subs = useQuery({ queryKey: ['protect', 'subs'], queryFn: () => api<{ subscriptions: Array<{ id: string; indicator: string | null; placeCode: string | null; email: string | null }> }>('/protect/subscriptions') });
  const [draft, setDraft] = useState({ indicator: '', placeCode: '', email: '' });
  const add = useMutation({
    mutationFn: () => api('/protect/subscriptions', { method: 'POST', body: { indicator: draft.indicator || null, placeCode: draft.placeCode.trim() || null, email: draft.email.trim() || null } }),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: ['protect', 'subs'] }); setDraft({ indicator: '', placeCode: '', email: '' }); },
  });
  const remove = useMutation({ mutationFn: (id: string) => api(`/protect/subscriptions/${encodeURIComponent(id)}`, { method: 'DELETE' }), onSuccess: () => qc.invalidateQueries({ queryKey: ['protect', 'subs'] }) });
  return (
    <>
      <div className="panel">
        <h2>{t('protect.subs.title')}</h2>
        <p className="help">{t('protect.subs.help')}</p>
        {subs.isPending ? <Loading /> : subs.isError ? <ErrorAlert error={subs.error} /> : !subs.data.subscriptions.length ? <Empty>{t('protect.subs.none')}</Empty> : (
          <ul className="plain-list">
            {subs.data.subscriptions.map((s) => (
              <li key={s.id}>
                {s.indicator ? indicatorName(indicators, s.indicator) : t('protect.any_indicator')} · {s.placeCode ?? t('protect.rules.everywhere')}
                {s.email && <> · {t('protect.subs.email_to', { email: s.email })}</>}
                {' '}<button type="button" className="btn btn-small" onClick={() => remove.mutate(s.id)}>{t('protect.subs.remove')}</button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <form className="panel form-grid" onSubmit={(e) => { e.preventDefault(); add.mutate(); }} aria-labelledby="sub-new">
        <h2 id="sub-new">{t('protect.subs.new')}</h2>
        <div className="field"><label htmlFor="sn-indicator">{t('protect.col.indicator')}</label>
          <select id="sn-indicator" value={draft.indicator} onChange={(e) => setDraft({ ...draft, indicator: e.target.value })}>
            <option value="">{t('protect.any_indicator')}</option>
            {indicators.map((i) => <option key={i.code} value={i.code}>{bi(i.name)}</option>)}
          </select></div>
        <div className="field"><label htmlFor="sn-place">{t('protect.rules.place')}</label><input id="sn-place" value={draft.placeCode} onChange={(e) => setDraft({ ...draft, placeCode: e.target.value })} /></div>
        <div className="field"><label htmlFor="sn-email">{t('protect.subs.email')}</label><input id="sn-email" type="email" value={draft.email} onChange={(e) => setDraft({ ...draft, email: e.target.value })} /></div>
        <ErrorAlert error={add.error ?? remove.error} />
        <button type="submit" className="btn btn-primary" disabled={add.isPending}>{t('protect.subs.add')}</button>
      </form>
    </>
  );
}

interface Note { id: string; kind: string; substance: string | null; text: string; authorAgency: string | null; createdAt: string }

export function ProtectAlertScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const indicators = useIndicators().data?.indicators;
  const q = useQuery({ queryKey: ['protect', 'alert', id], queryFn: () => api<{ alert: AlertView; notes: Note[] }>(`/protect/alerts/${encodeURIComponent(id)}`) });
  const [note, setNote] = useState({ kind: 'substance', substance: '', text: '' });
  const addNote = useMutation({
    mutationFn: () => api(`/protect/alerts/${encodeURIComponent(id)}/notes`, { method: 'POST', body: { kind: note.kind, substance: note.kind === 'substance' ? note.substance : null, text: note.text } }),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: ['protect'] }); setNote({ kind: note.kind, substance: '', text: '' }); },
  });
  const status = useMutation({
    mutationFn: (s: string) => api(`/protect/alerts/${encodeURIComponent(id)}`, { method: 'PATCH', body: { status: s } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['protect'] }),
  });
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorAlert error={q.error} />;
  const a = q.data.alert;
  const e = a.explanation as { observed?: number; expected?: number | null; upperBound?: number | null; statistic?: number | null; excess?: number | null; evaluated?: { from: string; to: string }; rule?: string };
  const title = t('protect.alert.title', { indicator: indicatorName(indicators, a.indicator), place: a.placeName, period: a.period });
  return (
    <section>
      <ProtectTabs current="alerts" />
      <nav className="crumbs" aria-label={t('protect.crumbs')}><a href={protectHref.alerts()}>{t('protect.nav.alerts')}</a> › {a.period}</nav>
      <PageTitle title={title} sub={<span>{t(`protect.status.${a.status}`)} · {isoTime(a.createdAt)}</span>}>{title}</PageTitle>
      <div className="panel">
        <h2>{t('protect.alert.why')}</h2>
        <p>{t('protect.alert.sentence', { observed: fmt(e.observed ?? a.observed, 0), upper: fmt(e.upperBound ?? a.upperBound, 2), expected: fmt(e.expected ?? a.expected, 2), method: t(`protect.method.${a.method}`) })}</p>
        <dl className="meta-list">
          <dt>{t('protect.col.observed')}</dt><dd>{fmt(a.observed, 0)}</dd>
          <dt>{t('protect.col.expected')}</dt><dd>{fmt(a.expected, 2)}</dd>
          <dt>{t('protect.col.upper')}</dt><dd>{fmt(a.upperBound, 2)}</dd>
          {e.statistic !== undefined && e.statistic !== null && <><dt>{t('protect.alert.statistic')}</dt><dd>{fmt(e.statistic, 3)}</dd></>}
          <dt>{t('protect.col.method')}</dt><dd>{t(`protect.method.${a.method}`)}</dd>
          <dt>{t('protect.rules.params')}</dt><dd className="mono small">{Object.entries(a.params).map(([k, v]) => `${k} = ${String(v)}`).join(' · ')}</dd>
          {e.evaluated && <><dt>{t('protect.alert.evaluated')}</dt><dd>{e.evaluated.from} – {e.evaluated.to}</dd></>}
          <dt>{t('protect.alert.rule')}</dt><dd>{a.ruleName}</dd>
        </dl>
        <p><a href={protectHref.series(a.seriesId)} className="btn">{t('protect.alert.open_series')}</a></p>
        <div className="button-row" role="group" aria-label={t('protect.col.status')}>
          {(['acknowledged', 'closed', 'open'] as const).filter((s) => s !== a.status).map((s) => (
            <button key={s} type="button" className="btn btn-small" onClick={() => status.mutate(s)} disabled={status.isPending}>{t(`protect.alert.set.${s}`)}</button>
          ))}
        </div>
        <ErrorAlert error={status.error} />
      </div>
      <div className="panel">
        <h2>{t('protect.notes.title', { n: q.data.notes.length })}</h2>
        {q.data.notes.length === 0 ? <Empty>{t('protect.notes.none')}</Empty> : (
          <ul className="plain-list notes">
            {q.data.notes.map((n) => (
              <li key={n.id}>
                {n.kind === 'substance' && <strong className="badge badge-substance">{t('protect.notes.substance_badge', { substance: n.substance ?? '' })}</strong>}{' '}
                {n.text} <span className="muted small">— {n.authorAgency} · {isoTime(n.createdAt)}</span>
              </li>
            ))}
          </ul>
        )}
        <form className="form-grid" onSubmit={(ev) => { ev.preventDefault(); addNote.mutate(); }} aria-labelledby="note-new">
          <h3 id="note-new">{t('protect.notes.add')}</h3>
          <div className="field"><label htmlFor="nt-kind">{t('protect.notes.kind')}</label>
            <select id="nt-kind" value={note.kind} onChange={(ev) => setNote({ ...note, kind: ev.target.value })}>
              <option value="substance">{t('protect.notes.kind.substance')}</option><option value="comment">{t('protect.notes.kind.comment')}</option>
            </select></div>
          {note.kind === 'substance' && <div className="field"><label htmlFor="nt-substance">{t('protect.notes.substance')}</label><input id="nt-substance" required value={note.substance} onChange={(ev) => setNote({ ...note, substance: ev.target.value })} /></div>}
          <div className="field grow"><label htmlFor="nt-text">{t('protect.notes.text')}</label><textarea id="nt-text" required rows={2} value={note.text} onChange={(ev) => setNote({ ...note, text: ev.target.value })} /></div>
          <ErrorAlert error={addNote.error} />
          <button type="submit" className="btn btn-primary" disabled={addNote.isPending}>{t('protect.notes.save')}</button>
        </form>
      </div>
    </section>
  );
}
