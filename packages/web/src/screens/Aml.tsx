/**
 * Financial intelligence: the alert queue (highest score first), one alert with the features that made its score
 * and its triage (assign, comment, close with a reason, open a case), cases with their evidence and report, and an
 * account's money flows (a graph of its neighbourhood in a time window) and timeline.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, qs, type Me } from '../api';
import { isoDate, isoTime } from '../format';
import { maybeT } from '../i18n';
import { forceLayout } from '../layout';
import { href, navigate } from '../router';
import { Badge, Empty, ErrorAlert, Loading, Pager, PageTitle } from '../components/ui';
import './aml.css';

export type AmlRoute =
  | { view: 'alerts' } | { view: 'alert'; id: string } | { view: 'cases' } | { view: 'case'; id: string } | { view: 'network' }
  | { view: 'account'; id: string; from: string; to: string };

interface Explanation { bias: number; logit: number; top: Array<{ feature: string; value: number | null; contribution: number }>; detector?: { typology: string; reason: string } }
interface Alert {
  id: string; tranId: string; ts: string; orig: string; bene: string; amount: number; currency: string; modelId: string; score: number;
  typology: string | null; explanation: Explanation; status: 'open' | 'assigned' | 'closed' | 'escalated'; assignee: string | null;
  closeReason: string | null; caseId: string | null; createdAt: string;
}
interface Note { id: string; actorId: string; text: string; kind: string; at: string }
interface CaseHead { id: string; title: string; status: string; summary: string; createdBy: string; createdAt: string; updatedAt: string }
interface Case extends CaseHead { items: Array<{ kind: string; ref: string; snapshot: unknown; addedBy: string; addedAt: string }> }
interface Flows {
  nodes: Array<{ id: string; bank: string | null; holder: string | null; alerts: number }>;
  edges: Array<{ from: string; to: string; count: number; amount: number; currency: string; first: string; last: string }>;
  truncated: boolean;
}
interface AccountInfo {
  id: string; bank: string | null; holder: { id: string; schema: string; caption: string } | null;
  sameAs: Array<{ id: string; schema: string; caption: string }>;
  screening: Array<{ entity: string; listId: string; entryId: string; entryCaption: string; score: number; status: string }>;
}
interface TimelineRow { tranId: string; ts: string; direction: 'in' | 'out'; counterparty: string; amount: number; currency: string; type: string; net: number; alert: string | null }

const STATUSES = ['open', 'assigned', 'closed', 'escalated', 'all'] as const;
const CLOSE_REASONS = ['false_positive', 'explained_activity', 'insufficient_information', 'duplicate'] as const;
const PAGE = 25;
const money = (n: number, currency: string) => `${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;
const signed = (w: number) => `${w >= 0 ? '+' : '−'}${Math.abs(w).toFixed(3)}`;

export function AmlScreen({ route, me }: { route: AmlRoute; me: Me }) {
  switch (route.view) {
    case 'alert': return <AlertScreen key={route.id} id={route.id} me={me} />;
    case 'cases': return <CasesScreen />;
    case 'network': return <NetworkScreen />;
    case 'case': return <CaseScreen key={route.id} id={route.id} />;
    case 'account': return <AccountScreen key={route.id} id={route.id} from={route.from} to={route.to} />;
    default: return <AlertsScreen />;
  }
}

function Tabs({ current }: { current: 'alerts' | 'cases' | 'network' }) {
  const { t } = useTranslation();
  return (
    <nav className="aml-tabs" aria-label={t('web.aml.title')}>
      <a href={href.aml()} aria-current={current === 'alerts' ? 'page' : undefined}>{t('web.aml.alerts.title')}</a>
      <a href={href.amlCases()} aria-current={current === 'cases' ? 'page' : undefined}>{t('web.aml.cases.title')}</a>
      <a href={href.amlNetwork()} aria-current={current === 'network' ? 'page' : undefined}>{t('web.aml.network.title')}</a>
    </nav>
  );
}

function StatusBadge({ status }: { status: string }) {
  const kind = status === 'open' ? 'outcome-failed' : status === 'closed' || status === 'reported' ? 'outcome-ok' : 'locked';
  return <Badge kind={kind}>{maybeT(`web.aml.status.${status}`, status)}</Badge>;
}

function typologyLabel(typology: string | null): string {
  return typology ? maybeT(`web.aml.typology.${typology}`, typology) : '';
}

function AlertsScreen() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('open');
  const [offset, setOffset] = useState(0);
  const q = useQuery({
    queryKey: ['aml', 'alerts', status, offset],
    queryFn: () => api<{ total: number; alerts: Alert[] }>(`/aml/alerts${qs({ status, limit: PAGE, offset })}`),
    placeholderData: keepPreviousData,
  });
  return (
    <section>
      <PageTitle title={t('web.aml.title')}>{t('web.aml.title')}</PageTitle>
      <Tabs current="alerts" />
      <section className="panel" aria-labelledby="aml-alerts-h">
        <h2 id="aml-alerts-h">{t('web.aml.alerts.title')} {q.data && <span className="count">{q.data.total}</span>}</h2>
        <p className="help">{t('web.aml.alerts.help')}</p>
        <div className="filter-form">
          <div className="field">
            <label htmlFor="aml-status">{t('web.aml.status.label')}</label>
            <select id="aml-status" value={status} onChange={(e) => { setStatus(e.target.value as typeof status); setOffset(0); }}>
              {STATUSES.map((s) => <option key={s} value={s}>{t(`web.aml.status.${s}`)}</option>)}
            </select>
          </div>
        </div>
        {q.isPending ? <Loading /> : q.isError ? <ErrorAlert error={q.error} /> : q.data.alerts.length === 0 ? <Empty>{t('web.aml.alerts.none')}</Empty> : (
          <>
            <div className="table-wrap">
              <table className="data aml-alerts">
                <caption className="sr-only">{t('web.aml.alerts.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('web.aml.col.score')}</th>
                    <th scope="col">{t('web.aml.col.typology')}</th>
                    <th scope="col">{t('web.aml.col.date')}</th>
                    <th scope="col">{t('web.aml.col.from')}</th>
                    <th scope="col">{t('web.aml.col.to')}</th>
                    <th scope="col">{t('web.aml.col.amount')}</th>
                    <th scope="col">{t('web.aml.col.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {q.data.alerts.map((a) => (
                    <tr key={a.id}>
                      <td className="num"><a href={href.amlAlert(a.id)}>{a.score.toFixed(3)}</a></td>
                      <td>{typologyLabel(a.typology) || <span className="muted">—</span>}</td>
                      <td className="date">{isoTime(a.ts)}</td>
                      <td><a href={href.amlAccount(a.orig)}><code>{a.orig}</code></a></td>
                      <td><a href={href.amlAccount(a.bene)}><code>{a.bene}</code></a></td>
                      <td className="num">{money(a.amount, a.currency)}</td>
                      <td><StatusBadge status={a.status} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager total={q.data.total} offset={offset} page={PAGE} onPage={setOffset} label={t('web.aml.alerts.title')} range />
          </>
        )}
      </section>
    </section>
  );
}

function AlertScreen({ id, me }: { id: string; me: Me }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['aml', 'alert', id], queryFn: () => api<{ alert: Alert; notes: Note[] }>(`/aml/alerts/${encodeURIComponent(id)}`) });
  if (q.isPending) return <Loading />;
  if (q.isError) return <section><PageTitle title={t('web.aml.alert.title')}>{t('web.aml.alert.title')}</PageTitle><ErrorAlert error={q.error} /></section>;
  const { alert: a, notes } = q.data;
  const max = Math.max(1e-9, ...a.explanation.top.map((f) => Math.abs(f.contribution)));
  const rest = a.explanation.logit - a.explanation.bias - a.explanation.top.reduce((s, f) => s + f.contribution, 0);
  return (
    <article className="aml-alert">
      <nav className="crumbs" aria-label={t('web.entity.breadcrumb')}>
        <a href={href.aml()}>{t('web.aml.alerts.title')}</a> <span aria-hidden="true">›</span> <span aria-current="page">{a.tranId}</span>
      </nav>
      <PageTitle title={t('web.aml.alert.title')} sub={<><StatusBadge status={a.status} />{a.typology && <Badge kind="schema">{typologyLabel(a.typology)}</Badge>}</>}>
        {t('web.aml.alert.heading', { score: a.score.toFixed(3), id: a.tranId })}
      </PageTitle>
      <section className="panel" aria-labelledby="aml-tx-h">
        <h2 id="aml-tx-h">{t('web.aml.alert.transaction')}</h2>
        <dl className="meta-list">
          <dt>{t('web.aml.col.date')}</dt><dd>{isoTime(a.ts)}</dd>
          <dt>{t('web.aml.col.from')}</dt><dd><a href={href.amlAccount(a.orig)}><code>{a.orig}</code></a></dd>
          <dt>{t('web.aml.col.to')}</dt><dd><a href={href.amlAccount(a.bene)}><code>{a.bene}</code></a></dd>
          <dt>{t('web.aml.col.amount')}</dt><dd>{money(a.amount, a.currency)}</dd>
        </dl>
        {a.explanation.detector && <p>{t('web.aml.alert.detector', { typology: typologyLabel(a.explanation.detector.typology), reason: a.explanation.detector.reason })}</p>}
      </section>
      <section className="panel" aria-labelledby="aml-why-h">
        <h2 id="aml-why-h">{t('web.aml.alert.why')}</h2>
        <p className="help">{t('web.aml.alert.why_help', { logit: a.explanation.logit.toFixed(3), bias: signed(a.explanation.bias), rest: signed(rest) })}</p>
        <div className="table-wrap">
          <table className="data aml-why">
            <caption className="sr-only">{t('web.aml.alert.why')}</caption>
            <thead><tr><th scope="col">{t('web.aml.col.feature')}</th><th scope="col">{t('web.aml.col.value')}</th><th scope="col">{t('web.aml.col.contribution')}</th></tr></thead>
            <tbody>
              {a.explanation.top.map((f) => (
                <tr key={f.feature}>
                  <th scope="row"><code>{f.feature}</code></th>
                  <td className="num">{f.value === null ? '—' : Number(f.value.toFixed(4))}</td>
                  <td className="num"><span className={`lk-bar ${f.contribution >= 0 ? 'pos' : 'neg'}`} style={{ width: `${(Math.abs(f.contribution) / max) * 4}em` }} aria-hidden="true" />{signed(f.contribution)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <Triage alert={a} me={me} />
      <section className="panel" aria-labelledby="aml-notes-h">
        <h2 id="aml-notes-h">{t('web.aml.notes.title')}</h2>
        {notes.length === 0 ? <Empty>{t('web.aml.notes.none')}</Empty> : (
          <ol className="plain aml-notes">
            {notes.map((n) => <li key={n.id}><Badge kind="schema">{maybeT(`web.aml.note.${n.kind}`, n.kind)}</Badge> {n.text} <span className="muted small">{n.actorId} · {isoTime(n.at)}</span></li>)}
          </ol>
        )}
        {a.caseId && <p><a href={href.amlCase(a.caseId)}>{t('web.aml.alert.open_case')}</a></p>}
      </section>
    </article>
  );
}

function Triage({ alert: a, me }: { alert: Alert; me: Me }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [text, setText] = useState('');
  const [reason, setReason] = useState<(typeof CLOSE_REASONS)[number]>('false_positive');
  const [title, setTitle] = useState('');
  const step = useMutation({
    mutationFn: (body: Record<string, unknown>) => api(`/aml/alerts/${encodeURIComponent(a.id)}/triage`, { method: 'POST', body }),
    onSuccess: async () => { setText(''); await qc.invalidateQueries({ queryKey: ['aml'] }); },
  });
  const open = useMutation({
    mutationFn: () => api<Case>('/aml/cases', { method: 'POST', body: { title, summary: text, alertIds: [a.id] } }),
    onSuccess: async (c) => { await qc.invalidateQueries({ queryKey: ['aml'] }); navigate(href.amlCase(c.id)); },
  });
  if (a.status === 'escalated') return null;
  const submit = (body: Record<string, unknown>) => (e?: FormEvent) => { e?.preventDefault(); step.mutate(body); };
  return (
    <section className="panel" aria-labelledby="aml-triage-h">
      <h2 id="aml-triage-h">{t('web.aml.triage.title')}</h2>
      <div className="actions">
        <button type="button" className="btn" disabled={step.isPending || a.assignee === me.user.username} onClick={submit({ action: 'assign', assignee: me.user.username })}>
          {t('web.aml.triage.assign_me')}
        </button>
        {a.assignee && <span className="muted small">{t('web.aml.triage.assigned', { who: a.assignee })}</span>}
      </div>
      <form onSubmit={submit({ action: 'comment', text })}>
        <div className="field">
          <label htmlFor="aml-note">{t('web.aml.triage.note')}</label>
          <textarea id="aml-note" rows={2} value={text} onChange={(e) => setText(e.target.value)} maxLength={4000} />
        </div>
        <div className="actions">
          <button type="submit" className="btn" disabled={step.isPending || !text.trim()}>{t('web.aml.triage.comment')}</button>
          {a.status === 'closed' ? (
            <button type="button" className="btn" disabled={step.isPending || !text.trim()} onClick={submit({ action: 'reopen', text })}>{t('web.aml.triage.reopen')}</button>
          ) : (
            <>
              <label htmlFor="aml-reason" className="sr-only">{t('web.aml.triage.reason')}</label>
              <select id="aml-reason" value={reason} onChange={(e) => setReason(e.target.value as typeof reason)}>
                {CLOSE_REASONS.map((r) => <option key={r} value={r}>{t(`web.aml.reason.${r}`)}</option>)}
              </select>
              <button type="button" className="btn" disabled={step.isPending || !text.trim()} onClick={submit({ action: 'close', reason, text })}>{t('web.aml.triage.close')}</button>
            </>
          )}
        </div>
      </form>
      <form className="aml-open-case" onSubmit={(e) => { e.preventDefault(); open.mutate(); }}>
        <div className="field">
          <label htmlFor="aml-case-title">{t('web.aml.triage.case_title')}</label>
          <input id="aml-case-title" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={300} />
        </div>
        <button type="submit" className="btn btn-primary" disabled={open.isPending || !title.trim()}>{t('web.aml.triage.open_case')}</button>
      </form>
      {step.isSuccess && <p role="status" className="purpose-saved">{t('web.aml.triage.saved')}</p>}
      {(step.isError || open.isError) && <ErrorAlert error={step.error ?? open.error} />}
    </section>
  );
}

interface Network {
  accounts: number; flows: number; modularity: number; sampled: boolean;
  communities: Array<{ id: number; size: number; alerts: number; amount: number; accounts: string[] }>;
  brokers: Array<{ account: string; betweenness: number; pageRank: number; alerts: number; holder: string | null; community: number }>;
}

function NetworkScreen() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['aml', 'network'], queryFn: () => api<Network>('/aml/network?top=20') });
  return (
    <section>
      <PageTitle title={t('web.aml.title')}>{t('web.aml.title')}</PageTitle>
      <Tabs current="network" />
      {q.isPending ? <Loading /> : q.isError ? <ErrorAlert error={q.error} /> : (
        <>
          <p className="help">{t('web.aml.network.summary', { accounts: q.data.accounts, flows: q.data.flows, modularity: q.data.modularity.toFixed(3) })}{q.data.sampled ? ` ${t('web.aml.network.sampled')}` : ''}</p>
          <section className="panel" aria-labelledby="aml-brokers-h">
            <h2 id="aml-brokers-h">{t('web.aml.network.brokers')}</h2>
            <p className="help">{t('web.aml.network.brokers_help')}</p>
            <div className="table-wrap">
              <table className="data aml-brokers">
                <caption className="sr-only">{t('web.aml.network.brokers')}</caption>
                <thead><tr>
                  <th scope="col">{t('web.aml.network.account')}</th><th scope="col">{t('web.aml.network.betweenness')}</th><th scope="col">PageRank</th>
                  <th scope="col">{t('web.aml.network.alerts')}</th><th scope="col">{t('web.aml.network.community')}</th>
                </tr></thead>
                <tbody>
                  {q.data.brokers.map((b) => (
                    <tr key={b.account}>
                      <td><a href={href.amlAccount(b.account)}><code>{b.account}</code></a>{b.holder && <div className="muted small"><a href={href.entity(b.holder)}>{b.holder}</a></div>}</td>
                      <td className="num">{b.betweenness.toFixed(4)}</td><td className="num">{b.pageRank.toFixed(4)}</td>
                      <td className="num">{b.alerts}</td><td className="num">{b.community}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <section className="panel" aria-labelledby="aml-communities-h">
            <h2 id="aml-communities-h">{t('web.aml.network.communities')}</h2>
            <p className="help">{t('web.aml.network.communities_help')}</p>
            <ol className="plain aml-communities">
              {q.data.communities.map((c) => (
                <li key={c.id}>
                  <strong>{t('web.aml.network.community_line', { id: c.id, size: c.size, alerts: c.alerts })}</strong>{' '}
                  {c.accounts.map((a) => <a key={a} href={href.amlAccount(a)} className="aml-chip"><code>{a}</code></a>)}
                </li>
              ))}
            </ol>
          </section>
        </>
      )}
    </section>
  );
}

function CasesScreen() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['aml', 'cases'], queryFn: () => api<{ cases: CaseHead[] }>('/aml/cases') });
  return (
    <section>
      <PageTitle title={t('web.aml.title')}>{t('web.aml.title')}</PageTitle>
      <Tabs current="cases" />
      <section className="panel" aria-labelledby="aml-cases-h">
        <h2 id="aml-cases-h">{t('web.aml.cases.title')}</h2>
        {q.isPending ? <Loading /> : q.isError ? <ErrorAlert error={q.error} /> : q.data.cases.length === 0 ? <Empty>{t('web.aml.cases.none')}</Empty> : (
          <ul className="plain">
            {q.data.cases.map((c) => <li key={c.id}><a href={href.amlCase(c.id)}>{c.title}</a> <StatusBadge status={c.status} /> <span className="muted small">{isoTime(c.updatedAt)}</span></li>)}
          </ul>
        )}
      </section>
    </section>
  );
}

function CaseScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['aml', 'case', id], queryFn: () => api<Case>(`/aml/cases/${encodeURIComponent(id)}`) });
  const report = useMutation({
    mutationFn: () => api<Record<string, unknown>>(`/aml/cases/${encodeURIComponent(id)}/report`, { method: 'POST', body: {} }),
    onSuccess: async (r) => {
      const url = URL.createObjectURL(new Blob([JSON.stringify(r, null, 2)], { type: 'application/json' }));
      const link = document.createElement('a');
      link.href = url; link.download = `str-${id}.json`; link.click();
      URL.revokeObjectURL(url);
      await qc.invalidateQueries({ queryKey: ['aml'] });
    },
  });
  if (q.isPending) return <Loading />;
  if (q.isError) return <section><PageTitle title={t('web.aml.case.title')}>{t('web.aml.case.title')}</PageTitle><ErrorAlert error={q.error} /></section>;
  const c = q.data;
  const groups = ['alert', 'transaction', 'account', 'entity', 'graph'].map((k) => ({ kind: k, items: c.items.filter((i) => i.kind === k) })).filter((g) => g.items.length);
  return (
    <article className="aml-case">
      <nav className="crumbs" aria-label={t('web.entity.breadcrumb')}>
        <a href={href.amlCases()}>{t('web.aml.cases.title')}</a> <span aria-hidden="true">›</span> <span aria-current="page">{c.title}</span>
      </nav>
      <PageTitle title={c.title} sub={<StatusBadge status={c.status} />}>{c.title}</PageTitle>
      {c.summary && <p>{c.summary}</p>}
      <section className="panel" aria-labelledby="aml-evidence-h">
        <h2 id="aml-evidence-h">{t('web.aml.case.evidence')} <span className="count">{c.items.length}</span></h2>
        {groups.map((g) => (
          <div key={g.kind}>
            <h3>{t(`web.aml.item.${g.kind}`)}</h3>
            <ul className="plain">
              {g.items.map((i) => (
                <li key={i.ref}>
                  {g.kind === 'account' ? <a href={href.amlAccount(i.ref)}><code>{i.ref}</code></a> : g.kind === 'alert' ? <a href={href.amlAlert(i.ref)}><code>{i.ref}</code></a> : <code>{i.ref}</code>}
                  {' '}<span className="muted small">{i.addedBy} · {isoTime(i.addedAt)}</span>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </section>
      <section className="panel" aria-labelledby="aml-report-h">
        <h2 id="aml-report-h">{t('web.aml.case.report')}</h2>
        <p className="help">{t('web.aml.case.report_help')}</p>
        <button type="button" className="btn btn-primary" onClick={() => report.mutate()} disabled={report.isPending}>{t('web.aml.case.export')}</button>
        {report.isSuccess && <p role="status" className="purpose-saved">{t('web.aml.case.exported')}</p>}
        {report.isError && <ErrorAlert error={report.error} />}
      </section>
    </article>
  );
}

function AccountScreen({ id, from, to }: { id: string; from: string; to: string }) {
  const { t } = useTranslation();
  const window = { from: from || undefined, to: to || undefined };
  const flows = useQuery({ queryKey: ['aml', 'flows', id, from, to], queryFn: () => api<Flows>(`/aml/accounts/${encodeURIComponent(id)}/flows${qs({ ...window, depth: 2 })}`) });
  const timeline = useQuery({ queryKey: ['aml', 'timeline', id, from, to], queryFn: () => api<{ rows: TimelineRow[]; truncated: boolean }>(`/aml/accounts/${encodeURIComponent(id)}/timeline${qs(window)}`) });
  const [f, setF] = useState(from);
  const [tt, setT] = useState(to);
  return (
    <article className="aml-account">
      <nav className="crumbs" aria-label={t('web.entity.breadcrumb')}>
        <a href={href.aml()}>{t('web.aml.alerts.title')}</a> <span aria-hidden="true">›</span> <span aria-current="page">{id}</span>
      </nav>
      <PageTitle title={t('web.aml.account.title', { id })}>{t('web.aml.account.title', { id })}</PageTitle>
      <form className="filter-form" onSubmit={(e) => { e.preventDefault(); navigate(href.amlAccount(id, f, tt)); }}>
        <div className="field"><label htmlFor="aml-from">{t('web.aml.account.from')}</label><input id="aml-from" type="date" value={f} onChange={(e) => setF(e.target.value)} /></div>
        <div className="field"><label htmlFor="aml-to">{t('web.aml.account.to')}</label><input id="aml-to" type="date" value={tt} onChange={(e) => setT(e.target.value)} /></div>
        <button type="submit" className="btn">{t('web.aml.account.apply')}</button>
      </form>
      <AccountPanel id={id} />
      <section className="panel" aria-labelledby="aml-flows-h">
        <h2 id="aml-flows-h">{t('web.aml.account.flows')}</h2>
        <p className="help">{t('web.aml.account.flows_help')}</p>
        {flows.isPending ? <Loading /> : flows.isError ? <ErrorAlert error={flows.error} /> : flows.data.edges.length === 0 ? <Empty>{t('web.aml.account.no_flows')}</Empty> : (
          <>
            <FlowGraph root={id} flows={flows.data} from={from} to={to} />
            <AddToCase account={id} snapshot={{ account: id, from: from || null, to: to || null, ...flows.data }} />
          </>
        )}
      </section>
      <section className="panel" aria-labelledby="aml-timeline-h">
        <h2 id="aml-timeline-h">{t('web.aml.account.timeline')}</h2>
        {timeline.isPending ? <Loading /> : timeline.isError ? <ErrorAlert error={timeline.error} /> : timeline.data.rows.length === 0 ? <Empty>{t('web.aml.account.no_flows')}</Empty> : (
          <div className="table-wrap">
            <table className="data aml-timeline">
              <caption className="sr-only">{t('web.aml.account.timeline')}</caption>
              <thead><tr>
                <th scope="col">{t('web.aml.col.date')}</th><th scope="col">{t('web.aml.col.direction')}</th><th scope="col">{t('web.aml.col.counterparty')}</th>
                <th scope="col">{t('web.aml.col.amount')}</th><th scope="col">{t('web.aml.col.net')}</th><th scope="col">{t('web.aml.col.alert')}</th>
              </tr></thead>
              <tbody>
                {timeline.data.rows.map((r) => (
                  <tr key={`${r.tranId}@${r.ts}`} className={r.alert ? 'aml-flagged' : undefined}>
                    <td className="date">{isoTime(r.ts)}</td>
                    <td>{t(`web.aml.direction.${r.direction}`)}</td>
                    <td><a href={href.amlAccount(r.counterparty, from, to)}><code>{r.counterparty}</code></a></td>
                    <td className="num">{money(r.amount, r.currency)}</td>
                    <td className="num">{money(r.net, r.currency)}</td>
                    <td>{r.alert ? <a href={href.amlAlert(r.alert)}>{t('web.aml.col.alert')}</a> : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </article>
  );
}

/** The account's bank and holder, records resolved as the holder, and designation-list alerts on them. */
function AccountPanel({ id }: { id: string }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['aml', 'account', id], queryFn: () => api<AccountInfo>(`/aml/accounts/${encodeURIComponent(id)}`) });
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorAlert error={q.error} />;
  const a = q.data;
  return (
    <section className="panel" aria-labelledby="aml-holder-h">
      <h2 id="aml-holder-h">{t('web.aml.account.holder_title')}</h2>
      <dl className="meta-list">
        <dt>{t('web.aml.account.bank')}</dt><dd>{a.bank ?? <span className="muted">—</span>}</dd>
        <dt>{t('web.aml.account.holder')}</dt><dd>{a.holder ? <a href={href.entity(a.holder.id)}>{a.holder.caption}</a> : <span className="muted">{t('web.aml.account.holder_unknown')}</span>}</dd>
        {a.sameAs.length > 0 && (<><dt>{t('web.aml.account.same_as')}</dt><dd><ul className="plain">{a.sameAs.map((m) => <li key={m.id}><a href={href.entity(m.id)}>{m.caption}</a></li>)}</ul></dd></>)}
        <dt>{t('web.aml.account.screening')}</dt>
        <dd>{a.screening.length === 0 ? <span className="muted">{t('web.aml.account.screening_none')}</span> : (
          <ul className="plain">{a.screening.map((s) => <li key={`${s.entity}|${s.listId}|${s.entryId}`}>{s.entryCaption} <span className="muted small">{s.listId} · {s.score.toFixed(2)} · {s.status}</span></li>)}</ul>
        )}</dd>
      </dl>
    </section>
  );
}

/** Keeps the graph as the analyst sees it (window included) as evidence in one of the agency's cases. */
function AddToCase({ account, snapshot }: { account: string; snapshot: unknown }) {
  const { t } = useTranslation();
  const cases = useQuery({ queryKey: ['aml', 'cases'], queryFn: () => api<{ cases: CaseHead[] }>('/aml/cases') });
  const [caseId, setCaseId] = useState('');
  const add = useMutation({
    mutationFn: () => api(`/aml/cases/${encodeURIComponent(caseId)}/items`, { method: 'POST', body: { kind: 'graph', ref: `flows:${account}:${new Date().toISOString()}`, snapshot } }),
  });
  const open = cases.data?.cases.filter((c) => c.status === 'open') ?? [];
  if (!open.length) return null;
  return (
    <form className="aml-open-case" onSubmit={(e) => { e.preventDefault(); add.mutate(); }}>
      <div className="field">
        <label htmlFor="aml-add-case">{t('web.aml.account.add_to_case')}</label>
        <select id="aml-add-case" value={caseId} onChange={(e) => setCaseId(e.target.value)}>
          <option value="">{t('web.aml.account.pick_case')}</option>
          {open.map((c) => <option key={c.id} value={c.id}>{c.title}</option>)}
        </select>
      </div>
      <button type="submit" className="btn" disabled={!caseId || add.isPending}>{t('web.aml.account.add')}</button>
      {add.isSuccess && <span role="status" className="purpose-saved">{t('web.aml.account.added')}</span>}
      {add.isError && <ErrorAlert error={add.error} />}
    </form>
  );
}

/** The flow graph as SVG: accounts placed by the deterministic force layout, arrows sized by the amount moved. */
function FlowGraph({ root, flows, from, to }: { root: string; flows: Flows; from: string; to: string }) {
  const { t } = useTranslation();
  const pos = useMemo(() => forceLayout(flows.nodes.map((n) => n.id), flows.edges.map((e) => [e.from, e.to] as const), { root, size: 100 }), [flows, root]);
  const xs = [...pos.values()].map((p) => p.x); const ys = [...pos.values()].map((p) => p.y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const W = 900, H = 480, pad = 40;
  const sx = (x: number) => pad + ((x - minX) / Math.max(maxX - minX, 1e-9)) * (W - 2 * pad);
  const sy = (y: number) => pad + ((y - minY) / Math.max(maxY - minY, 1e-9)) * (H - 2 * pad);
  const maxAmount = Math.max(...flows.edges.map((e) => e.amount));
  return (
    <figure className="aml-graph">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('web.aml.account.graph_label', { nodes: flows.nodes.length, edges: flows.edges.length })}>
        <defs><marker id="aml-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" /></marker></defs>
        {flows.edges.map((e) => {
          const a = pos.get(e.from)!; const b = pos.get(e.to)!;
          // The arrow stops at the receiving account's circle.
          const [x1, y1, x2, y2] = [sx(a.x), sy(a.y), sx(b.x), sy(b.y)];
          const len = Math.hypot(x2 - x1, y2 - y1) || 1;
          const back = (e.to === root ? 11 : 7) + 2;
          return (
            <line key={`${e.from}|${e.to}|${e.currency}`} x1={x1} y1={y1} x2={x2 - ((x2 - x1) / len) * back} y2={y2 - ((y2 - y1) / len) * back} className="aml-edge"
              strokeWidth={1 + 5 * (e.amount / maxAmount)} markerEnd="url(#aml-arrow)">
              <title>{`${e.from} → ${e.to}: ${money(e.amount, e.currency)} (${e.count}), ${isoDate(e.first)} – ${isoDate(e.last)}`}</title>
            </line>
          );
        })}
        {flows.nodes.map((n) => {
          const p = pos.get(n.id)!;
          return (
            <a key={n.id} href={href.amlAccount(n.id, from, to)}>
              <circle cx={sx(p.x)} cy={sy(p.y)} r={n.id === root ? 11 : 7} className={`aml-node${n.alerts ? ' flagged' : ''}${n.id === root ? ' root' : ''}`}>
                <title>{`${n.id}${n.holder ? ` · ${n.holder}` : ''}${n.alerts ? ` · ${t('web.aml.account.alerts', { count: n.alerts })}` : ''}`}</title>
              </circle>
              <text x={sx(p.x) + 12} y={sy(p.y) + 4} className="aml-label">{n.id}</text>
            </a>
          );
        })}
      </svg>
      <figcaption className="muted small">{t('web.aml.account.legend')}{flows.truncated ? ` ${t('web.aml.account.truncated')}` : ''}</figcaption>
    </figure>
  );
}
