/**
 * What crosses between the nodes: the records shared under an agreement (sent and received; a received copy is a
 * locked record of this node, opened on its entity page), the questions asked of the partner with their minimal
 * answers, and the disclosure requests — asked by this node, or to be decided here by two different people (four
 * eyes) before anything more than the minimal answer leaves.
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, qs, type Me } from '../api';
import { isoDate, isoTime } from '../format';
import { maybeT } from '../i18n';
import { useLabels, useMeta } from '../labels';
import { href } from '../router';
import { Badge, Empty, ErrorAlert, Loading } from '../components/ui';
import { NeedsRoute, NoPartner, PartnerSelect, ValueList, bi, type FedRoutes, type PartnerView } from './Federation';

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

function SharedList({ direction }: { direction: 'in' | 'out' }) {
  const { t } = useTranslation();
  const L = useLabels();
  const q = useQuery({
    queryKey: ['federation', 'shared', direction],
    queryFn: () => api<{ total: number; items: SharedRow[] }>(`/federation/shared${qs({ direction, limit: 100 })}`),
    refetchInterval: 3000,
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
                    <td>{direction === 'in' ? <a href={href.entity(r.entityId)}>{label}</a> : r.caption ?? <code>{r.entityId}</code>}</td>
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
        </div>
      )}
    </section>
  );
}

// ---- Questions ----

export interface QueryRow {
  id: string; partner?: string; kind: string; value?: string; purpose?: string | null; status?: string;
  answer?: unknown; askedBy?: string; askedAt?: string; createdAt?: string; direction?: string;
}

const FALLBACK_KINDS = ['designation', 'firearm'];

export function QuestionsTab({ me, routes, partners }: TabProps) {
  const { t } = useTranslation();
  const canAsk = routes.has('POST', '/federation/queries') && me.user.roles.some((r) => r === 'analyst' || r === 'supervisor');
  return (
    <NeedsRoute routes={routes} path="/federation/queries" what={t('web.federation.tab.questions')}>
      {canAsk && (partners.length ? <AskForm routes={routes} partners={partners} me={me} /> : <NoPartner />)}
      <QueryHistory />
    </NeedsRoute>
  );
}

function AskForm({ routes, partners, me }: { routes: FedRoutes; partners: PartnerView[]; me: Me }) {
  const { t } = useTranslation();
  const L = useLabels();
  const meta = useMeta().data;
  const qc = useQueryClient();
  const declared = routes.bodyEnum('POST', '/federation/queries', 'kind');
  const kinds = declared.length ? declared : FALLBACK_KINDS;
  const [partner, setPartner] = useState(partners[0]!.nodeId);
  const [kind, setKind] = useState(kinds[0]!);
  const [value, setValue] = useState('');
  const [purpose, setPurpose] = useState(me.purpose ?? '');
  const ask = useMutation({
    mutationFn: () => api<Record<string, unknown>>('/federation/queries', { method: 'POST', body: { partner, kind, value: value.trim(), ...(purpose ? { purpose } : {}) } }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['federation', 'queries'] }),
  });
  const submit = (e: FormEvent) => { e.preventDefault(); ask.mutate(); };
  const answer = ask.data ? ((ask.data as { query?: QueryRow }).query ?? (ask.data as unknown as QueryRow)) : null;
  return (
    <section className="panel" aria-labelledby="fed-ask-h">
      <h2 id="fed-ask-h">{t('web.federation.questions.ask')}</h2>
      <p className="help">{t('web.federation.questions.help')}</p>
      <form className="filter-form" onSubmit={submit}>
        <PartnerSelect id="fed-ask-partner" partners={partners} value={partner} onChange={setPartner} />
        <div className="field">
          <label htmlFor="fed-ask-kind">{t('web.federation.questions.kind')}</label>
          <select id="fed-ask-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
            {kinds.map((k) => <option key={k} value={k}>{maybeT(`web.federation.query.kind.${k}`, k)}</option>)}
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
        <div className="actions"><button type="submit" className="btn btn-primary" disabled={ask.isPending || !value.trim()}>{t('web.federation.questions.submit')}</button></div>
      </form>
      {ask.isPending && <Loading label={t('web.federation.questions.asking')} />}
      {answer && (
        <div className="fed-answer" role="status">
          <h3>{t('web.federation.questions.answer')}</h3>
          <Answer q={answer} />
        </div>
      )}
      {ask.isError && <ErrorAlert error={ask.error} />}
    </section>
  );
}

/** The partner's minimal answer: found or not (and how many) first, then whatever else it said. */
function Answer({ q }: { q: QueryRow }) {
  const { t } = useTranslation();
  const a = (q.answer ?? null) as Record<string, unknown> | null;
  if (!a || typeof a !== 'object') return <ValueList value={q.answer} />;
  const found = typeof a.found === 'boolean' ? a.found : typeof a.match === 'boolean' ? a.match : typeof a.hit === 'boolean' ? a.hit
    : typeof a.matches === 'number' ? a.matches > 0 : typeof a.count === 'number' ? a.count > 0 : undefined;
  const { found: _f, match: _m, hit: _h, ...rest } = a;
  return (
    <div className="fed-answer-body">
      {found !== undefined && <p><Badge kind={found ? 'outcome-failed' : 'outcome-ok'}>{found ? t('web.federation.answer.found') : t('web.federation.answer.not_found')}</Badge></p>}
      {Object.keys(rest).length > 0 && <ValueList value={rest} />}
    </div>
  );
}

function QueryHistory() {
  const { t } = useTranslation();
  const L = useLabels();
  const q = useQuery({ queryKey: ['federation', 'queries'], queryFn: () => api<{ queries: QueryRow[]; total?: number }>('/federation/queries'), refetchInterval: 5000 });
  return (
    <section className="panel" aria-labelledby="fed-queries-h">
      <h2 id="fed-queries-h">{t('web.federation.questions.history')} {q.data && <span className="count">{q.data.total ?? q.data.queries.length}</span>}</h2>
      {q.isPending ? <Loading /> : q.isError ? <ErrorAlert error={q.error} /> : q.data.queries.length === 0 ? <Empty>{t('web.federation.questions.none')}</Empty> : (
        <div className="table-wrap">
          <table className="data fed-queries">
            <caption className="sr-only">{t('web.federation.questions.history')}</caption>
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
                  <td className="date">{isoTime(r.askedAt ?? r.createdAt)}</td>
                  <td><code>{r.partner ?? '—'}</code></td>
                  <td>{maybeT(`web.federation.query.kind.${r.kind}`, r.kind)}</td>
                  <td>{r.value ?? '—'}</td>
                  <td>{r.purpose ? L.purpose(r.purpose) : '—'}</td>
                  <td>{r.askedBy ?? '—'}</td>
                  <td>{r.status && r.answer === undefined ? <Status s={r.status} /> : <Answer q={r} />}</td>
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

export interface Review { by?: string; reviewer?: string; decision: string; note?: string; at?: string }
export interface DisclosureRow {
  id: string; partner?: string; side?: string; queryId?: string | null; reference?: string | null; kind?: string;
  purpose?: string; legalBasis?: string; justification?: string; status: string;
  requestedBy?: string; requestedAt?: string; createdAt?: string;
  reviews?: Review[]; approvalsNeeded?: number; approvalsRequired?: number; disclosed?: unknown; result?: unknown;
}

export function DisclosuresTab({ me, routes, partners }: TabProps) {
  const { t } = useTranslation();
  const canRequest = routes.has('POST', '/federation/disclosures') && me.user.roles.some((r) => r === 'analyst' || r === 'supervisor');
  return (
    <NeedsRoute routes={routes} path="/federation/disclosures" what={t('web.federation.tab.disclosures')}>
      <p className="help">{t('web.federation.disclosures.help')}</p>
      {canRequest && (partners.length ? <RequestForm partners={partners} me={me} /> : <NoPartner />)}
      <DisclosureList side="owned" me={me} canReview={routes.has('POST', '/federation/disclosures/{id}/review')} />
      <DisclosureList side="asked" me={me} canReview={false} />
    </NeedsRoute>
  );
}

function RequestForm({ partners, me }: { partners: PartnerView[]; me: Me }) {
  const { t } = useTranslation();
  const L = useLabels();
  const meta = useMeta().data;
  const qc = useQueryClient();
  const [partner, setPartner] = useState(partners[0]!.nodeId);
  const [reference, setReference] = useState('');
  const [purpose, setPurpose] = useState(me.purpose ?? '');
  const [legalBasis, setLegalBasis] = useState('');
  const [justification, setJustification] = useState('');
  const queries = useQuery({ queryKey: ['federation', 'queries'], queryFn: () => api<{ queries: QueryRow[] }>('/federation/queries') });
  const req = useMutation({
    mutationFn: () => {
      const ref = reference.trim();
      const fromQuery = queries.data?.queries.some((q) => q.id === ref);
      return api('/federation/disclosures', { method: 'POST', body: { partner, ...(fromQuery ? { queryId: ref } : { reference: ref }), purpose, legalBasis: legalBasis.trim(), justification: justification.trim() } });
    },
    onSuccess: () => { setJustification(''); },
    onSettled: () => qc.invalidateQueries({ queryKey: ['federation', 'disclosures'] }),
  });
  const submit = (e: FormEvent) => { e.preventDefault(); req.mutate(); };
  const answered = (queries.data?.queries ?? []).filter((q) => !q.direction || q.direction === 'out' || q.direction === 'asked');
  return (
    <section className="panel" aria-labelledby="fed-disclose-h">
      <h2 id="fed-disclose-h">{t('web.federation.disclosures.request')}</h2>
      <form className="fed-form" onSubmit={submit}>
        <div className="filter-form">
          <PartnerSelect id="fed-dis-partner" partners={partners} value={partner} onChange={setPartner} />
          <div className="field grow">
            <label htmlFor="fed-dis-ref">{t('web.federation.disclosures.reference')}</label>
            <input id="fed-dis-ref" list="fed-dis-queries" required value={reference} onChange={(e) => setReference(e.target.value)} maxLength={200} aria-describedby="fed-dis-ref-help" />
            <datalist id="fed-dis-queries">
              {answered.map((q) => <option key={q.id} value={q.id}>{`${maybeT(`web.federation.query.kind.${q.kind}`, q.kind)}: ${q.value ?? ''}`}</option>)}
            </datalist>
            <span id="fed-dis-ref-help" className="muted small">{t('web.federation.disclosures.reference_help')}</span>
          </div>
          <div className="field">
            <label htmlFor="fed-dis-purpose">{t('web.federation.questions.purpose')}</label>
            <select id="fed-dis-purpose" value={purpose} onChange={(e) => setPurpose(e.target.value)} required>
              {(meta?.purposes ?? []).map((p) => <option key={p} value={p}>{L.purpose(p)}</option>)}
            </select>
          </div>
          <div className="field grow">
            <label htmlFor="fed-dis-basis">{t('web.federation.disclosures.legal_basis')}</label>
            <input id="fed-dis-basis" required value={legalBasis} onChange={(e) => setLegalBasis(e.target.value)} maxLength={300} />
          </div>
        </div>
        <div className="field">
          <label htmlFor="fed-dis-why">{t('web.federation.disclosures.justification')}</label>
          <textarea id="fed-dis-why" required rows={2} value={justification} onChange={(e) => setJustification(e.target.value)} maxLength={4000} />
        </div>
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={req.isPending || !reference.trim() || !legalBasis.trim() || !justification.trim()}>{t('web.federation.disclosures.submit')}</button>
        </div>
      </form>
      {req.isSuccess && <p role="status">{t('web.federation.disclosures.sent')}</p>}
      {req.isError && <ErrorAlert error={req.error} />}
    </section>
  );
}

function DisclosureList({ side, me, canReview }: { side: 'asked' | 'owned'; me: Me; canReview: boolean }) {
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
          {q.data.disclosures.map((d) => <li key={d.id}><DisclosureCard d={d} side={side} me={me} canReview={canReview} /></li>)}
        </ol>
      )}
    </section>
  );
}

function DisclosureCard({ d, side, me, canReview }: { d: DisclosureRow; side: 'asked' | 'owned'; me: Me; canReview: boolean }) {
  const { t } = useTranslation();
  const L = useLabels();
  const qc = useQueryClient();
  const [note, setNote] = useState('');
  const review = useMutation({
    mutationFn: (decision: 'approve' | 'deny') => api(`/federation/disclosures/${encodeURIComponent(d.id)}/review`, { method: 'POST', body: { decision, note: note.trim() } }),
    onSuccess: () => setNote(''),
    onSettled: () => qc.invalidateQueries({ queryKey: ['federation', 'disclosures'] }),
  });
  const reviews = d.reviews ?? [];
  const reviewer = (r: Review) => r.by ?? r.reviewer ?? '';
  const mine = reviews.find((r) => reviewer(r) === me.user.username);
  const needed = d.approvalsNeeded ?? d.approvalsRequired ?? 2;
  const pending = d.status === 'pending' || d.status === 'requested' || d.status === 'in_review' || d.status === 'first_approval';
  const isReviewerRole = me.user.roles.some((r) => r === 'supervisor' || r === 'admin');
  const noteId = `fed-dis-note-${d.id}`.replace(/[^\w-]/g, '_');
  const disclosed = d.disclosed ?? d.result;
  return (
    <article className="fed-disclosure">
      <h3>
        <code>{d.reference ?? d.queryId ?? d.id}</code> <Status s={d.status} />
        {' '}<span className="muted small">{t('web.federation.disclosures.approvals', { count: reviews.filter((r) => r.decision === 'approve' || r.decision === 'approved').length, needed })}</span>
      </h3>
      <dl className="meta-list">
        <dt>{t('web.federation.col.partner')}</dt><dd><code>{d.partner ?? '—'}</code></dd>
        <dt>{t('web.federation.questions.purpose')}</dt><dd>{d.purpose ? L.purpose(d.purpose) : '—'}</dd>
        <dt>{t('web.federation.disclosures.legal_basis')}</dt><dd>{bi(d.legalBasis, 'en') || '—'}</dd>
        <dt>{t('web.federation.disclosures.justification')}</dt><dd>{d.justification ?? '—'}</dd>
        <dt>{t('web.federation.col.who')}</dt><dd>{d.requestedBy ?? '—'} · {isoTime(d.requestedAt ?? d.createdAt)}</dd>
      </dl>
      {reviews.length > 0 && (
        <>
          <h4>{t('web.federation.disclosures.reviews')}</h4>
          <ul className="plain fed-reviews">
            {reviews.map((r, i) => (
              <li key={i}>
                <Status s={r.decision} /> {t('web.federation.disclosures.reviewed_by', { who: reviewer(r) || '—', at: isoTime(r.at) })}
                {r.note && <span className="muted"> — {r.note}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      {disclosed !== undefined && disclosed !== null && (
        <>
          <h4>{t('web.federation.disclosures.disclosed')}</h4>
          <ValueList value={disclosed} />
        </>
      )}
      {side === 'owned' && canReview && pending && isReviewerRole && (
        mine ? (
          <p className="fed-four-eyes" role="note">{t('web.federation.disclosures.four_eyes_done')}</p>
        ) : (
          <div className="fed-review">
            <p className="help">{t('web.federation.disclosures.four_eyes')}</p>
            <div className="field">
              <label htmlFor={noteId}>{t('web.federation.disclosures.note')}</label>
              <textarea id={noteId} rows={2} value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
            </div>
            <div className="actions">
              <button type="button" className="btn btn-primary" disabled={review.isPending} onClick={() => review.mutate('approve')}>{t('web.federation.disclosures.approve')}</button>
              <button type="button" className="btn" disabled={review.isPending || !note.trim()} onClick={() => review.mutate('deny')}>{t('web.federation.disclosures.deny')}</button>
            </div>
          </div>
        )
      )}
      {review.isError && <ErrorAlert error={review.error} />}
    </article>
  );
}
