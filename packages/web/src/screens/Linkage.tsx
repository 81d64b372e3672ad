/**
 * Entity resolution: the review queue (pairs the engine is least sure of first), one pair explained field by field
 * with the decision form, and the merged profile of a person (every record of the cluster with its values'
 * provenance). Opening a pair or a profile reads personal data: the node audits it with the stated purpose.
 */
import { useState, type FormEvent } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, qs, type EntityView, type Me } from '../api';
import { isoDate, isoTime } from '../format';
import { maybeT } from '../i18n';
import { useLabels } from '../labels';
import { href } from '../router';
import { Badge, Empty, ErrorAlert, Loading, Pager, PageTitle } from '../components/ui';
import './linkage.css';

export type LinkageRoute = { view: 'queue' } | { view: 'pair'; left: string; right: string } | { view: 'profile'; id: string };

interface Ref { id: string; schema: string; caption: string }
interface Decision {
  id: string; decision: 'match' | 'no_match'; reason: string; actorId: string; actorAgency: string; purpose: string | null;
  probability: number | null; decidedAt: string;
}
interface Run { id: string; createdAt: string; records: number; pairs: number; clusters: number; threshold: number; reviewFloor: number }
interface PairSummary { left: Ref; right: Ref; probability: number; weight: number; uncertainty: number; decision: Decision | null }
interface Field { comparison: string; level: string; weight: number; tf?: number; left?: string; right?: string }
interface PairDetail extends PairSummary {
  runId: string; threshold: number; linked: boolean; explanation: { prior: number; fields: Field[] }; history: Decision[];
}
interface Profile {
  clusterId: string | null; anchor: string; members: EntityView[];
  pairs: Array<{ left: string; right: string; probability: number; decision: 'match' | 'no_match' | null }>;
}

const PAGE = 20;
const STATUSES = ['open', 'decided', 'all'] as const;
const pct = (p: number) => `${(p * 100).toFixed(1)} %`;
const signed = (w: number) => `${w >= 0 ? '+' : '−'}${Math.abs(w).toFixed(2)}`;

export function LinkageScreen({ route, me }: { route: LinkageRoute; me: Me }) {
  const canDecide = me.user.roles.some((r) => r === 'analyst' || r === 'supervisor');
  if (route.view === 'pair') return <PairScreen key={`${route.left}|${route.right}`} left={route.left} right={route.right} canDecide={canDecide} />;
  if (route.view === 'profile') return <ProfileScreen key={route.id} id={route.id} />;
  return <QueueScreen canRun={me.user.roles.includes('supervisor')} />;
}

function QueueScreen({ canRun }: { canRun: boolean }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('open');
  const [offset, setOffset] = useState(0);
  const qc = useQueryClient();
  const queue = useQuery({
    queryKey: ['linkage', 'queue', status, offset],
    queryFn: () => api<{ run: Run | null; total: number; pairs: PairSummary[] }>(`/linkage/queue${qs({ status, limit: PAGE, offset })}`),
    placeholderData: keepPreviousData,
  });
  const run = useMutation({
    mutationFn: () => api<{ run: Run }>('/linkage/runs', { method: 'POST', body: {} }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['linkage'] }),
  });
  const r = queue.data?.run;
  return (
    <section>
      <PageTitle title={t('web.linkage.title')}>{t('web.linkage.title')}</PageTitle>
      <p className="help">{t('web.linkage.help')}</p>
      <section className="panel" aria-labelledby="lk-run-h">
        <h2 id="lk-run-h">{t('web.linkage.run.title')}</h2>
        {r ? (
          <p>{t('web.linkage.run.summary', { date: isoTime(r.createdAt), records: r.records, pairs: r.pairs, clusters: r.clusters, threshold: r.threshold })}</p>
        ) : queue.isSuccess ? <Empty>{t('web.linkage.run.none')}</Empty> : null}
        {canRun && (
          <button type="button" className="btn" onClick={() => run.mutate()} disabled={run.isPending}>
            {run.isPending ? t('web.linkage.run.running') : t('web.linkage.run.start')}
          </button>
        )}
        {run.isError && <ErrorAlert error={run.error} />}
      </section>
      <section className="panel" aria-labelledby="lk-queue-h">
        <h2 id="lk-queue-h">{t('web.linkage.queue.title')} {queue.data && <span className="count">{queue.data.total}</span>}</h2>
        <p className="help">{t('web.linkage.queue.help')}</p>
        <div className="filter-form">
          <div className="field">
            <label htmlFor="lk-status">{t('web.linkage.queue.status')}</label>
            <select id="lk-status" value={status} onChange={(e) => { setStatus(e.target.value as typeof status); setOffset(0); }}>
              {STATUSES.map((s) => <option key={s} value={s}>{t(`web.linkage.status.${s}`)}</option>)}
            </select>
          </div>
        </div>
        {queue.isPending ? <Loading /> : queue.isError ? <ErrorAlert error={queue.error} /> : queue.data.pairs.length === 0 ? (
          <Empty>{t('web.linkage.queue.none')}</Empty>
        ) : (
          <>
            <div className="table-wrap">
              <table className="data lk-queue">
                <caption className="sr-only">{t('web.linkage.queue.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('web.linkage.col.left')}</th>
                    <th scope="col">{t('web.linkage.col.right')}</th>
                    <th scope="col">{t('web.linkage.col.probability')}</th>
                    <th scope="col">{t('web.linkage.col.uncertainty')}</th>
                    <th scope="col">{t('web.linkage.col.decision')}</th>
                    <th scope="col"><span className="sr-only">{t('web.linkage.col.open')}</span></th>
                  </tr>
                </thead>
                <tbody>
                  {queue.data.pairs.map((p) => (
                    <tr key={`${p.left.id}|${p.right.id}`}>
                      <td><a href={href.entity(p.left.id)}>{p.left.caption}</a></td>
                      <td><a href={href.entity(p.right.id)}>{p.right.caption}</a></td>
                      <td className="num">{pct(p.probability)}</td>
                      <td><Meter value={p.uncertainty} label={t('web.linkage.col.uncertainty')} /></td>
                      <td>{p.decision ? <DecisionBadge decision={p.decision.decision} /> : <span className="muted">{t('web.linkage.undecided')}</span>}</td>
                      <td><a className="btn btn-small" href={href.linkagePair(p.left.id, p.right.id)}>{t('web.linkage.queue.review')}</a></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager total={queue.data.total} offset={offset} page={PAGE} onPage={setOffset} label={t('web.linkage.queue.title')} range />
          </>
        )}
      </section>
    </section>
  );
}

function Meter({ value, label }: { value: number; label: string }) {
  return <meter className="lk-meter" min={0} max={1} value={value} aria-label={label} title={value.toFixed(2)}>{value.toFixed(2)}</meter>;
}

function DecisionBadge({ decision }: { decision: 'match' | 'no_match' }) {
  const { t } = useTranslation();
  return <Badge kind={decision === 'match' ? 'outcome-ok' : 'outcome-failed'}>{t(`web.linkage.decision.${decision}`)}</Badge>;
}

/** A comparison level's label: the engine's stable code, translated when the catalogue knows it. */
function levelLabel(level: string, t: (key: string, vars?: Record<string, unknown>) => string): string {
  const jw = /^jw_([0-9.]+)$/.exec(level);
  if (jw) return t('web.linkage.level.jw', { sim: jw[1] });
  return maybeT(`web.linkage.level.${level}`, level.replace(/_/g, ' '));
}

function PairScreen({ left, right, canDecide }: { left: string; right: string; canDecide: boolean }) {
  const { t } = useTranslation();
  const pair = useQuery({
    queryKey: ['linkage', 'pair', left, right],
    queryFn: () => api<PairDetail>(`/linkage/pairs/${encodeURIComponent(left)}/${encodeURIComponent(right)}`),
  });
  if (pair.isPending) return <Loading />;
  if (pair.isError) {
    return (
      <section>
        <PageTitle title={t('web.linkage.pair.title')}>{t('web.linkage.pair.title')}</PageTitle>
        <ErrorAlert error={pair.error} />
        <p><a href={href.linkage()}>{t('web.linkage.back')}</a></p>
      </section>
    );
  }
  const p = pair.data;
  const max = Math.max(1, ...p.explanation.fields.map((f) => Math.abs(f.weight)));
  return (
    <article className="lk-pair">
      <nav className="crumbs" aria-label={t('web.entity.breadcrumb')}>
        <a href={href.linkage()}>{t('web.linkage.title')}</a> <span aria-hidden="true">›</span> <span aria-current="page">{t('web.linkage.pair.title')}</span>
      </nav>
      <PageTitle title={t('web.linkage.pair.title')} sub={<>{p.linked ? <Badge kind="outcome-ok">{t('web.linkage.pair.linked')}</Badge> : <Badge kind="locked">{t('web.linkage.pair.not_linked')}</Badge>}</>}>
        <a href={href.entity(p.left.id)}>{p.left.caption}</a> <span aria-hidden="true">↔</span><span className="sr-only">{t('web.linkage.pair.and')}</span> <a href={href.entity(p.right.id)}>{p.right.caption}</a>
      </PageTitle>
      <section className="panel" aria-labelledby="lk-score-h">
        <h2 id="lk-score-h">{t('web.linkage.pair.score')}</h2>
        <p className="lk-total">
          <strong>{pct(p.probability)}</strong>{' '}
          <span className="muted">{t('web.linkage.pair.formula', { weight: signed(p.weight), prior: signed(p.explanation.prior), threshold: pct(p.threshold) })}</span>
        </p>
        <div className="table-wrap">
          <table className="data lk-fields">
            <caption>{t('web.linkage.pair.fields_caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('web.linkage.col.field')}</th>
                <th scope="col">{p.left.caption}</th>
                <th scope="col">{p.right.caption}</th>
                <th scope="col">{t('web.linkage.col.level')}</th>
                <th scope="col">{t('web.linkage.col.weight')}</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">{t('web.linkage.prior')}</th>
                <td colSpan={3} className="muted">{t('web.linkage.prior_help')}</td>
                <td className="num">{signed(p.explanation.prior)}</td>
              </tr>
              {p.explanation.fields.map((f) => (
                <tr key={f.comparison}>
                  <th scope="row">{maybeT(`web.linkage.comparison.${f.comparison}`, f.comparison.replace(/_/g, ' '))}</th>
                  <td>{f.left ?? <span className="muted">—</span>}</td>
                  <td>{f.right ?? <span className="muted">—</span>}</td>
                  <td>{levelLabel(f.level, t)}{f.tf ? <span className="muted small"> · {t('web.linkage.tf', { tf: signed(f.tf) })}</span> : null}</td>
                  <td className="num">
                    <span className={`lk-bar ${f.weight >= 0 ? 'pos' : 'neg'}`} style={{ width: `${(Math.abs(f.weight) / max) * 4}em` }} aria-hidden="true" />
                    {signed(f.weight)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {canDecide && <DecisionForm pair={p} />}
      <section className="panel" aria-labelledby="lk-hist-h">
        <h2 id="lk-hist-h">{t('web.linkage.history.title')}</h2>
        {p.history.length === 0 ? <Empty>{t('web.linkage.history.none')}</Empty> : (
          <ol className="plain">
            {p.history.map((d) => (
              <li key={d.id}><DecisionBadge decision={d.decision} /> {d.reason} <span className="muted small">{d.actorId} · {d.actorAgency} · {isoTime(d.decidedAt)}</span></li>
            ))}
          </ol>
        )}
        <p><a href={href.linkageProfile(p.left.id)}>{t('web.linkage.open_profile')}</a></p>
      </section>
    </article>
  );
}

function DecisionForm({ pair }: { pair: PairDetail }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const decide = useMutation({
    mutationFn: (decision: 'match' | 'no_match') =>
      api('/linkage/decisions', { method: 'POST', body: { left: pair.left.id, right: pair.right.id, decision, reason } }),
    onSuccess: async () => {
      setReason('');
      await qc.invalidateQueries({ queryKey: ['linkage'] });
    },
  });
  const submit = (decision: 'match' | 'no_match') => (e: FormEvent) => {
    e.preventDefault();
    decide.mutate(decision);
  };
  return (
    <section className="panel" aria-labelledby="lk-decide-h">
      <h2 id="lk-decide-h">{t('web.linkage.decide.title')}</h2>
      <form className="lk-decide" onSubmit={submit('match')}>
        <div className="field">
          <label htmlFor="lk-reason">{t('web.linkage.decide.reason')}</label>
          <textarea id="lk-reason" value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={2000} rows={2} />
        </div>
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={decide.isPending || !reason.trim()}>{t('web.linkage.decide.match')}</button>
          <button type="button" className="btn" disabled={decide.isPending || !reason.trim()} onClick={submit('no_match')}>{t('web.linkage.decide.no_match')}</button>
        </div>
        {decide.isSuccess && <p role="status" className="purpose-saved">{t('web.linkage.decide.saved')}</p>}
        {decide.isError && <ErrorAlert error={decide.error} />}
      </form>
    </section>
  );
}

function ProfileScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const L = useLabels();
  const profile = useQuery({ queryKey: ['linkage', 'profile', id], queryFn: () => api<Profile>(`/linkage/profiles/${encodeURIComponent(id)}`) });
  if (profile.isPending) return <Loading />;
  if (profile.isError) {
    return (
      <section>
        <PageTitle title={t('web.linkage.profile.title')}>{t('web.linkage.profile.title')}</PageTitle>
        <ErrorAlert error={profile.error} />
      </section>
    );
  }
  const { members, pairs } = profile.data;
  const anchor = members.find((m) => m.entity.id === id) ?? members[0];
  const caption = (mid: string) => members.find((m) => m.entity.id === mid)?.entity.caption ?? mid;
  return (
    <article className="lk-profile">
      <PageTitle title={anchor?.entity.caption ?? id} sub={<Badge kind="schema">{t('web.linkage.profile.records', { count: members.length })}</Badge>}>
        {t('web.linkage.profile.heading', { name: anchor?.entity.caption ?? id })}
      </PageTitle>
      <p className="help">{t('web.linkage.profile.help')}</p>
      {pairs.length > 0 && (
        <section className="panel" aria-labelledby="lk-evidence-h">
          <h2 id="lk-evidence-h">{t('web.linkage.profile.evidence')}</h2>
          <ul className="plain">
            {pairs.map((p) => (
              <li key={`${p.left}|${p.right}`}>
                <a href={href.linkagePair(p.left, p.right)}>{caption(p.left)} ↔ {caption(p.right)}</a>{' '}
                <span className="num">{pct(p.probability)}</span> {p.decision && <DecisionBadge decision={p.decision} />}
              </li>
            ))}
          </ul>
        </section>
      )}
      {members.map((m) => (
        <section key={m.entity.id} className="panel lk-member" aria-labelledby={`lk-m-${m.entity.id}`}>
          <h2 id={`lk-m-${m.entity.id}`}>
            <a href={href.entity(m.entity.id)}>{m.entity.caption}</a>{' '}
            <span className="muted small">{m.entity.meta.ownerCountry} · {m.entity.meta.ownerAgency} · {m.entity.meta.dataset}</span>
          </h2>
          <div className="table-wrap">
            <table className="data props">
              <caption className="sr-only">{t('web.entity.properties_caption', { name: m.entity.caption })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('web.entity.col.property')}</th>
                  <th scope="col">{t('web.entity.col.value')}</th>
                  <th scope="col">{t('web.entity.col.dataset')}</th>
                  <th scope="col">{t('web.entity.col.origin')}</th>
                  <th scope="col">{t('web.entity.col.first_seen')}</th>
                  <th scope="col">{t('web.entity.col.last_seen')}</th>
                </tr>
              </thead>
              <tbody>
                {m.statements.filter((s) => !['addressEntity'].includes(s.prop)).map((s, i) => (
                  <tr key={i}>
                    <th scope="row">{L.prop(m.entity.schema, s.prop)}</th>
                    <td>{s.value}</td>
                    <td className="prov">{s.dataset}</td>
                    <td className="prov">{s.originNode} · {s.originAgency}</td>
                    <td className="date">{isoDate(s.firstSeen)}</td>
                    <td className="date">{isoDate(s.lastSeen)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </article>
  );
}

/** On an entity page: the other records resolved as the same person, when the reader may see entity resolution. */
export function SamePersonPanel({ id }: { id: string }) {
  const { t } = useTranslation();
  const cluster = useQuery({
    queryKey: ['linkage', 'cluster', id],
    queryFn: () => api<{ clusterId: string | null; members: Ref[] }>(`/linkage/clusters/${encodeURIComponent(id)}`),
    retry: false,
  });
  if (!cluster.isSuccess) return null;
  const others = cluster.data.members.filter((m) => m.id !== id);
  return (
    <section className="panel" aria-labelledby="h-same">
      <h2 id="h-same">{t('web.linkage.same.title')} <span className="count">{others.length}</span></h2>
      {others.length === 0 ? <Empty>{t('web.linkage.same.none')}</Empty> : (
        <>
          <ul className="plain">{others.map((m) => <li key={m.id}><a href={href.entity(m.id)}>{m.caption}</a></li>)}</ul>
          <p><a className="btn btn-small" href={href.linkageProfile(id)}>{t('web.linkage.open_profile')}</a></p>
        </>
      )}
    </section>
  );
}
