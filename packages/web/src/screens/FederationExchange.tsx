/**
 * What crosses between the nodes: the records shared under an agreement (sent and received; a received copy is a
 * locked record of this node, opened on its entity page), the questions asked of the partner with their minimal
 * answers, and the disclosure requests — asked by this node, or to be decided here by two different people (four
 * eyes) before anything more than the minimal answer leaves.
 */
import { useState, type FormEvent } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, qs, type Me } from '../api';
import { isoDate, isoTime } from '../format';
import { maybeT } from '../i18n';
import { useLabels, useMeta } from '../labels';
import { href } from '../router';
import { Badge, Empty, ErrorAlert, Loading, Pager } from '../components/ui';
import { NeedsRoute, NoPartner, PartnerSelect, type FedRoutes, type PartnerView } from './Federation';

interface TabProps { me: Me; routes: FedRoutes; partners: PartnerView[] }

const statusKind = (s: string) => ['applied', 'delivered', 'answered', 'approved', 'active', 'received', 'done', 'ok'].includes(s) ? 'outcome-ok'
  : ['denied', 'refused', 'failed', 'retracted', 'expired', 'deleted'].includes(s) ? 'outcome-denied' : 'outcome-failed';
function Status({ s }: { s?: string | null }) {
  if (!s) return <span className="muted">—</span>;
  return <Badge kind={statusKind(s)}>{maybeT(`web.federation.status.${s}`, s)}</Badge>;
}

// ---- Shared records ----

/** services/federation/share.ts SharedOut and SharedIn (captions only of records the reader may read). */
export interface SharedRow {
  entityId: string; schema: string | null; caption: string | null; agreementId: string; agreementVersion: number;
  /** out: the partner it was sent to, and what happened to it. */
  partner?: string; state?: 'sent' | 'retracted' | 'refused'; lastSeq?: number | null; policies?: string[];
  /** in: the node it came from, and when this node's copy expires. */
  origin?: string; seq?: number; retentionUntil?: string; distribution?: string; receivedAt?: string;
  updatedAt: string;
}

export function SharedTab({ me, routes }: TabProps) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const sync = useMutation({
    mutationFn: () => api<{ partners: Array<{ partner: string; upserts: number; retracts: number; refused: number; delivery: { delivered: number; pending: number; error?: string } }> }>('/federation/sync', { method: 'POST', body: {} }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['federation'] }),
  });
  const canSync = me.user.roles.includes('admin') && routes.has('POST', '/federation/sync');
  return (
    <NeedsRoute routes={routes} path="/federation/shared" what={t('web.federation.tab.shared')}>
      {canSync && (
        <div className="actions fed-sync">
          <button type="button" className="btn" disabled={sync.isPending} onClick={() => sync.mutate()}>{t('web.federation.shared.sync')}</button>
          <span className="muted small">{t('web.federation.shared.sync_help')}</span>
          {sync.isSuccess && sync.data.partners.map((p) => (
            <span key={p.partner} role="status">{t('web.federation.shared.synced', { partner: p.partner, upserts: p.upserts, retracts: p.retracts, refused: p.refused, delivered: p.delivery.delivered, pending: p.delivery.pending })}
              {p.delivery.error && <span className="fed-error"> {p.delivery.error}</span>}</span>
          ))}
          {sync.isError && <ErrorAlert error={sync.error} />}
        </div>
      )}
      <SharedList direction="in" />
      <SharedList direction="out" />
    </NeedsRoute>
  );
}

const SHARED_PAGE = 50;

function SharedList({ direction }: { direction: 'in' | 'out' }) {
  const { t } = useTranslation();
  const L = useLabels();
  const [offset, setOffset] = useState(0);
  const q = useQuery({
    queryKey: ['federation', 'shared', direction, offset],
    queryFn: () => api<{ total: number; items: SharedRow[] }>(`/federation/shared${qs({ direction, limit: SHARED_PAGE, offset })}`),
    refetchInterval: 3000,
    placeholderData: keepPreviousData,
  });
  const rows = q.data?.items ?? [];
  const hid = `fed-shared-${direction}-h`;
  return (
    <section className="panel" aria-labelledby={hid}>
      <h2 id={hid}>{t(`web.federation.shared.${direction}`)} {q.data && <span className="count">{q.data.total}</span>}</h2>
      <p className="help">{t(`web.federation.shared.${direction}_help`)}</p>
      {q.isPending ? <Loading /> : q.isError ? <ErrorAlert error={q.error} /> : rows.length === 0 ? <Empty>{t(`web.federation.shared.none_${direction}`)}</Empty> : (
        <div className="table-wrap">
          <table className={`data fed-shared fed-shared-${direction}`}>
            <caption className="sr-only">{t(`web.federation.shared.${direction}`)}</caption>
            <thead>
              <tr>
                <th scope="col">{t('web.federation.col.record')}</th>
                <th scope="col">{t('web.federation.col.schema')}</th>
                <th scope="col">{t(direction === 'in' ? 'web.federation.col.origin' : 'web.federation.col.partner')}</th>
                <th scope="col">{t('web.federation.col.agreement')}</th>
                <th scope="col">{t(direction === 'in' ? 'web.federation.col.retention' : 'web.federation.col.status')}</th>
                <th scope="col">{t('web.federation.col.when')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const label = r.caption ?? t('web.federation.shared.hidden', { id: r.entityId });
                return (
                  <tr key={`${r.partner ?? r.origin}:${r.entityId}`}>
                    <td>{r.caption ? <a href={href.entity(r.entityId)}>{r.caption}</a> : direction === 'in' ? <span className="muted">{label}</span> : <code>{r.entityId}</code>}</td>
                    <td>{r.schema ? L.schema(r.schema) : '—'}</td>
                    <td><code>{r.partner ?? r.origin}</code></td>
                    <td><code>{r.agreementId} v{r.agreementVersion}</code></td>
                    <td>{direction === 'in' ? isoDate(r.retentionUntil) : <Status s={r.state} />}</td>
                    <td className="date">{isoTime(r.receivedAt && r.receivedAt !== r.updatedAt ? r.updatedAt : r.receivedAt ?? r.updatedAt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <Pager total={q.data!.total} offset={offset} page={SHARED_PAGE} onPage={setOffset} label={t(`web.federation.shared.${direction}`)} range />
        </div>
      )}
    </section>
  );
}

// ---- Questions ----

/** services/federation/queries.ts, as GET/POST /api/federation/queries give it. */
export interface QueryRow {
  id: string; side: 'asked' | 'answered'; partner: string; kind: string; value: string;
  purpose: string | null; legalBasis: string | null; agreementId: string | null; actorId: string | null; actorAgency: string | null;
  outcome: 'answered' | 'refused' | 'failed'; reason: string | null;
  hit: boolean | null; hits: number | null; answer: Array<{ token: string; band?: 'high' | 'medium' }>; createdAt: string;
}

const kindLabel = (k: string) => maybeT(`web.federation.query.kind.${k}`, k);

export function QuestionsTab({ me, routes, partners }: TabProps) {
  const { t } = useTranslation();
  const canAsk = routes.has('POST', '/federation/queries') && me.user.roles.some((r) => r === 'analyst' || r === 'supervisor');
  return (
    <NeedsRoute routes={routes} path="/federation/queries" what={t('web.federation.tab.questions')}>
      {canAsk && (partners.length ? <AskForm routes={routes} partners={partners} me={me} /> : <NoPartner />)}
      <QueryHistory side="asked" />
      <QueryHistory side="answered" />
    </NeedsRoute>
  );
}

function AskForm({ routes, partners, me }: { routes: FedRoutes; partners: PartnerView[]; me: Me }) {
  const { t } = useTranslation();
  const L = useLabels();
  const meta = useMeta().data;
  const qc = useQueryClient();
  const kinds = routes.bodyEnum('POST', '/federation/queries', 'kind');
  const [partner, setPartner] = useState(partners[0]!.nodeId);
  const [kind, setKind] = useState(kinds[0] ?? '');
  const [value, setValue] = useState('');
  const [purpose, setPurpose] = useState(me.purpose ?? '');
  const ask = useMutation({
    mutationFn: () => api<{ query: QueryRow }>('/federation/queries', { method: 'POST', body: { partner, kind, value: value.trim(), ...(purpose ? { purpose } : {}) } }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['federation', 'queries'] }),
  });
  const submit = (e: FormEvent) => { e.preventDefault(); ask.mutate(); };
  return (
    <section className="panel" aria-labelledby="fed-ask-h">
      <h2 id="fed-ask-h">{t('web.federation.questions.ask')}</h2>
      <p className="help">{t('web.federation.questions.help')}</p>
      <form className="filter-form" onSubmit={submit}>
        <PartnerSelect id="fed-ask-partner" partners={partners} value={partner} onChange={setPartner} />
        <div className="field">
          <label htmlFor="fed-ask-kind">{t('web.federation.questions.kind')}</label>
          <select id="fed-ask-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
            {kinds.map((k) => <option key={k} value={k}>{kindLabel(k)}</option>)}
          </select>
        </div>
        <div className="field grow">
          <label htmlFor="fed-ask-value">{t('web.federation.questions.value')}</label>
          <input id="fed-ask-value" required value={value} onChange={(e) => setValue(e.target.value)} maxLength={300} aria-describedby="fed-ask-kind-help" />
          <span id="fed-ask-kind-help" className="muted small">{maybeT(`web.federation.query.kind.${kind}.help`, '')}</span>
        </div>
        <div className="field">
          <label htmlFor="fed-ask-purpose">{t('web.federation.questions.purpose')}</label>
          <select id="fed-ask-purpose" value={purpose} onChange={(e) => setPurpose(e.target.value)}>
            {(meta?.purposes ?? []).map((p) => <option key={p} value={p}>{L.purpose(p)}</option>)}
          </select>
        </div>
        <div className="actions"><button type="submit" className="btn btn-primary" disabled={ask.isPending || !value.trim() || !kind}>{t('web.federation.questions.submit')}</button></div>
      </form>
      {ask.isPending && <Loading label={t('web.federation.questions.asking')} />}
      {ask.data && (
        <div className="fed-answer" role="status">
          <h3>{t('web.federation.questions.answer')}</h3>
          <Answer q={ask.data.query} />
        </div>
      )}
      {ask.isError && <ErrorAlert error={ask.error} />}
    </section>
  );
}

/** The partner's minimal answer: found or not, how many, a band per name hit, an opaque reference per hit. */
function Answer({ q }: { q: QueryRow }) {
  const { t } = useTranslation();
  if (q.outcome !== 'answered') {
    return (
      <span className="fed-answer-body">
        <Status s={q.outcome} />{q.reason && <span className="muted"> {maybeT(`federation.query.reason.${q.reason}`, q.reason)}</span>}
      </span>
    );
  }
  return (
    <span className="fed-answer-body">
      <Badge kind={q.hit ? 'outcome-failed' : 'outcome-ok'}>{q.hit ? t('web.federation.answer.found', { count: q.hits ?? q.answer.length }) : t('web.federation.answer.not_found')}</Badge>
      {q.answer.length > 0 && (
        <ul className="plain fed-hits">
          {q.answer.map((a) => (
            <li key={a.token}>
              {a.band && <span>{t(`web.federation.answer.band.${a.band}`)} · </span>}
              <span className="muted small">{t('web.federation.answer.reference')}</span> <code className="fed-fingerprint">{a.token}</code>
            </li>
          ))}
        </ul>
      )}
    </span>
  );
}

function QueryHistory({ side }: { side: 'asked' | 'answered' }) {
  const { t } = useTranslation();
  const L = useLabels();
  const q = useQuery({ queryKey: ['federation', 'queries', side], queryFn: () => api<{ queries: QueryRow[] }>(`/federation/queries${qs({ side })}`), refetchInterval: 5000 });
  const hid = `fed-queries-${side}-h`;
  return (
    <section className="panel" aria-labelledby={hid}>
      <h2 id={hid}>{t(`web.federation.questions.${side}`)} {q.data && <span className="count">{q.data.queries.length}</span>}</h2>
      <p className="help">{t(`web.federation.questions.${side}_help`)}</p>
      {q.isPending ? <Loading /> : q.isError ? <ErrorAlert error={q.error} /> : q.data.queries.length === 0 ? <Empty>{t(`web.federation.questions.none_${side}`)}</Empty> : (
        <div className="table-wrap">
          <table className={`data fed-queries fed-queries-${side}`}>
            <caption className="sr-only">{t(`web.federation.questions.${side}`)}</caption>
            <thead>
              <tr>
                <th scope="col">{t('web.federation.col.when')}</th>
                <th scope="col">{t('web.federation.col.partner')}</th>
                <th scope="col">{t('web.federation.questions.kind')}</th>
                <th scope="col">{t('web.federation.questions.value')}</th>
                <th scope="col">{t('web.federation.questions.purpose')}</th>
                <th scope="col">{t('web.federation.col.who')}</th>
                <th scope="col">{t('web.federation.questions.answer')}</th>
              </tr>
            </thead>
            <tbody>
              {q.data.queries.map((r) => (
                <tr key={r.id}>
                  <td className="date">{isoTime(r.createdAt)}</td>
                  <td><code>{r.partner}</code></td>
                  <td>{kindLabel(r.kind)}</td>
                  <td>{r.value}</td>
                  <td>{r.purpose ? L.purpose(r.purpose) : '—'}</td>
                  <td>{r.actorAgency ?? '—'}</td>
                  <td><Answer q={r} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

// ---- Disclosures ----

interface Step { by: string; byName: string | null; note: string; at: string }
/** services/federation/disclosures.ts, as GET/POST /api/federation/disclosures give it. */
export interface DisclosureRow {
  id: string; side: 'asked' | 'owned'; partner: string; queryId: string | null; reference: string;
  purpose: string; legalBasis: string; justification: string; requestedBy: string; requestedAgency: string;
  status: 'requested' | 'pending' | 'reviewed' | 'approved' | 'denied' | 'refused' | 'disclosed';
  reason: string | null; agreementId: string | null;
  review: (Step & { recommendation: 'approve' | 'deny' }) | null;
  decision: (Step & { decision: 'approve' | 'deny' }) | null;
  recordId: string | null; retentionUntil: string | null;
  /** owned: a review and a different supervisor's decision (true), or one supervisor's decision (false); asked: null. */
  fourEyes: boolean | null;
  target: { type: 'entity' | 'list_entry'; id: string; schema: string; caption: string } | null;
  nextStep: 'review' | 'decide' | null;
  createdAt: string; updatedAt: string;
}

export function DisclosuresTab({ me, routes, partners }: TabProps) {
  const { t } = useTranslation();
  const canRequest = routes.has('POST', '/federation/disclosures') && me.user.roles.some((r) => r === 'analyst' || r === 'supervisor');
  return (
    <NeedsRoute routes={routes} path="/federation/disclosures" what={t('web.federation.tab.disclosures')}>
      <p className="help">{t('web.federation.disclosures.help')}</p>
      {canRequest && (partners.length ? <RequestForm me={me} /> : <NoPartner />)}
      <DisclosureList side="owned" me={me} />
      <DisclosureList side="asked" me={me} />
    </NeedsRoute>
  );
}

function RequestForm({ me }: { me: Me }) {
  const { t } = useTranslation();
  const L = useLabels();
  const meta = useMeta().data;
  const qc = useQueryClient();
  const queries = useQuery({ queryKey: ['federation', 'queries', 'asked'], queryFn: () => api<{ queries: QueryRow[] }>(`/federation/queries${qs({ side: 'asked' })}`) });
  const hits = (queries.data?.queries ?? []).flatMap((q) => (q.outcome === 'answered' ? q.answer.map((a) => ({ q, a })) : []));
  const [choice, setChoice] = useState('');
  const [purpose, setPurpose] = useState(me.purpose ?? '');
  const [legalBasis, setLegalBasis] = useState('');
  const [justification, setJustification] = useState('');
  const picked = hits.find((h) => h.a.token === choice) ?? hits[0];
  const req = useMutation({
    mutationFn: () => api<{ disclosure: DisclosureRow }>('/federation/disclosures', {
      method: 'POST',
      body: { partner: picked!.q.partner, queryId: picked!.q.id, reference: picked!.a.token, ...(purpose ? { purpose } : {}), legalBasis: legalBasis.trim(), justification: justification.trim() },
    }),
    onSuccess: () => setJustification(''),
    onSettled: () => qc.invalidateQueries({ queryKey: ['federation', 'disclosures'] }),
  });
  const submit = (e: FormEvent) => { e.preventDefault(); req.mutate(); };
  return (
    <section className="panel" aria-labelledby="fed-disclose-h">
      <h2 id="fed-disclose-h">{t('web.federation.disclosures.request')}</h2>
      {queries.isPending ? <Loading /> : hits.length === 0 ? <Empty>{t('web.federation.disclosures.no_hits')}</Empty> : (
        <form className="fed-form" onSubmit={submit}>
          <div className="filter-form">
            <div className="field grow">
              <label htmlFor="fed-dis-ref">{t('web.federation.disclosures.reference')}</label>
              <select id="fed-dis-ref" value={picked?.a.token ?? ''} onChange={(e) => setChoice(e.target.value)} aria-describedby="fed-dis-ref-help">
                {hits.map(({ q, a }) => (
                  <option key={a.token} value={a.token}>
                    {`${kindLabel(q.kind)}: ${q.value}${a.band ? ` (${t(`web.federation.answer.band.${a.band}`)})` : ''} · ${q.partner} · ${a.token.slice(0, 8)}`}
                  </option>
                ))}
              </select>
              <span id="fed-dis-ref-help" className="muted small">{t('web.federation.disclosures.reference_help')}</span>
            </div>
            <div className="field">
              <label htmlFor="fed-dis-purpose">{t('web.federation.questions.purpose')}</label>
              <select id="fed-dis-purpose" value={purpose} onChange={(e) => setPurpose(e.target.value)}>
                {(meta?.purposes ?? []).map((p) => <option key={p} value={p}>{L.purpose(p)}</option>)}
              </select>
            </div>
            <div className="field grow">
              <label htmlFor="fed-dis-basis">{t('web.federation.disclosures.legal_basis')}</label>
              <input id="fed-dis-basis" required value={legalBasis} onChange={(e) => setLegalBasis(e.target.value)} maxLength={500} />
            </div>
          </div>
          <div className="field">
            <label htmlFor="fed-dis-why">{t('web.federation.disclosures.justification')}</label>
            <textarea id="fed-dis-why" required rows={2} value={justification} onChange={(e) => setJustification(e.target.value)} maxLength={2000} />
          </div>
          <div className="actions">
            <button type="submit" className="btn btn-primary" disabled={req.isPending || !picked || !legalBasis.trim() || !justification.trim()}>{t('web.federation.disclosures.submit')}</button>
          </div>
        </form>
      )}
      {req.isSuccess && <p role="status">{t('web.federation.disclosures.sent')}</p>}
      {req.isError && <ErrorAlert error={req.error} />}
    </section>
  );
}

function DisclosureList({ side, me }: { side: 'asked' | 'owned'; me: Me }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ['federation', 'disclosures', side],
    queryFn: () => api<{ disclosures: DisclosureRow[] }>(`/federation/disclosures${qs({ side })}`),
    refetchInterval: 3000,
  });
  const hid = `fed-dis-${side}-h`;
  return (
    <section className="panel" aria-labelledby={hid}>
      <h2 id={hid}>{t(`web.federation.disclosures.${side}`)} {q.data && <span className="count">{q.data.disclosures.length}</span>}</h2>
      <p className="help">{t(`web.federation.disclosures.${side}_help`)}</p>
      {q.isPending ? <Loading /> : q.isError ? <ErrorAlert error={q.error} /> : q.data.disclosures.length === 0 ? <Empty>{t(`web.federation.disclosures.none_${side}`)}</Empty> : (
        <ol className="plain fed-disclosures">
          {q.data.disclosures.map((d) => <li key={d.id}><DisclosureCard d={d} me={me} /></li>)}
        </ol>
      )}
    </section>
  );
}

function DisclosureCard({ d, me }: { d: DisclosureRow; me: Me }) {
  const { t } = useTranslation();
  const L = useLabels();
  const qc = useQueryClient();
  const [note, setNote] = useState('');
  const review = useMutation({
    mutationFn: (decision: 'approve' | 'deny') => api<{ disclosure: DisclosureRow }>(`/federation/disclosures/${encodeURIComponent(d.id)}/review`, { method: 'POST', body: { decision, note: note.trim() } }),
    onSuccess: () => setNote(''),
    onSettled: () => qc.invalidateQueries({ queryKey: ['federation', 'disclosures'] }),
  });
  const noteId = `fed-dis-note-${d.id}`;
  const iReviewed = !!d.review && (d.review.by === me.user.id || d.review.byName === me.user.username);
  const step = d.nextStep;
  return (
    <article className="fed-disclosure" aria-labelledby={`fed-dis-${d.id}`}>
      <h3 id={`fed-dis-${d.id}`}>
        {d.target ? <>{L.schema(d.target.schema)}: {d.target.type === 'entity' ? <a href={href.entity(d.target.id)}>{d.target.caption}</a> : d.target.caption}</>
          : <>{t('web.federation.disclosures.reference_short')} <code className="fed-fingerprint">{d.reference.slice(0, 12)}</code></>}
        {' '}<Status s={d.status} />
      </h3>
      <dl className="meta-list">
        <dt>{t('web.federation.col.partner')}</dt><dd><code>{d.partner}</code></dd>
        <dt>{t('web.federation.questions.purpose')}</dt><dd>{L.purpose(d.purpose)}</dd>
        <dt>{t('web.federation.disclosures.legal_basis')}</dt><dd>{d.legalBasis}</dd>
        <dt>{t('web.federation.disclosures.justification')}</dt><dd>{d.justification}</dd>
        <dt>{t('web.federation.disclosures.requested_by')}</dt><dd>{t('web.federation.disclosures.requested_line', { who: d.requestedBy, agency: d.requestedAgency, at: isoTime(d.createdAt) })}</dd>
        {d.reason && <><dt>{t('web.federation.disclosures.reason')}</dt><dd>{maybeT(`federation.query.reason.${d.reason}`, d.reason)}</dd></>}
      </dl>
      <ul className="plain fed-reviews" aria-label={t(d.fourEyes === false ? 'web.federation.disclosures.steps_one' : 'web.federation.disclosures.steps')}>
        {d.fourEyes !== false && (
          <li>
            <strong>{t('web.federation.disclosures.step_review')}</strong>{' '}
            {d.review ? <>{t(`web.federation.disclosures.verdict.${d.review.recommendation}`)} · {t('web.federation.disclosures.reviewed_by', { who: d.review.byName ?? d.review.by, at: isoTime(d.review.at) })}
              {d.review.note && <span className="muted"> — {d.review.note}</span>}</> : <span className="muted">{t('web.federation.disclosures.step_waiting')}</span>}
          </li>
        )}
        <li>
          <strong>{t(d.fourEyes === false ? 'web.federation.disclosures.step_one' : 'web.federation.disclosures.step_decide')}</strong>{' '}
          {d.decision ? <>{t(`web.federation.disclosures.verdict.${d.decision.decision}`)} · {t('web.federation.disclosures.reviewed_by', { who: d.decision.byName ?? d.decision.by, at: isoTime(d.decision.at) })}
            {d.decision.note && <span className="muted"> — {d.decision.note}</span>}</> : <span className="muted">{t('web.federation.disclosures.step_waiting')}</span>}
        </li>
      </ul>
      {d.side === 'asked' && d.recordId && (
        <p><a href={href.entity(d.recordId)}>{t('web.federation.disclosures.open_copy')}</a>
          {d.retentionUntil && <span className="muted small"> {t('web.federation.disclosures.kept_until', { date: isoDate(d.retentionUntil) })}</span>}</p>
      )}
      {d.side === 'owned' && d.status === 'reviewed' && iReviewed && (
        <p className="fed-four-eyes" role="note">{t('web.federation.disclosures.four_eyes_done')}</p>
      )}
      {d.side === 'owned' && step && (
        <div className="fed-review">
          <p className="help">{t(step === 'review' ? 'web.federation.disclosures.four_eyes' : d.fourEyes === false ? 'web.federation.disclosures.one_decision' : 'web.federation.disclosures.four_eyes_decide')}</p>
          <div className="field">
            <label htmlFor={noteId}>{t('web.federation.disclosures.note')}</label>
            <textarea id={noteId} rows={2} value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} required />
          </div>
          <div className="actions">
            <button type="button" className="btn btn-primary" disabled={review.isPending || !note.trim()} onClick={() => review.mutate('approve')}>
              {t(step === 'review' ? 'web.federation.disclosures.recommend_approve' : 'web.federation.disclosures.approve')}
            </button>
            <button type="button" className="btn" disabled={review.isPending || !note.trim()} onClick={() => review.mutate('deny')}>
              {t(step === 'review' ? 'web.federation.disclosures.recommend_deny' : 'web.federation.disclosures.deny')}
            </button>
          </div>
        </div>
      )}
      {review.isError && <ErrorAlert error={review.error} />}
    </article>
  );
}
