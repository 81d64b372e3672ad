/**
 * Cross-border privacy-preserving linkage (each node encodes its own records with the shared key; the matching step
 * never holds the key; each side learns only its own matched record ids and a link token) and the audit checkpoints
 * the two nodes exchanged and countersigned.
 */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Me } from '../api';
import { isoTime } from '../format';
import { currentLang } from '../i18n';
import { useLabels } from '../labels';
import { href } from '../router';
import { Badge, Empty, ErrorAlert, Loading } from '../components/ui';
import { NeedsRoute, NoPartner, PartnerSelect, type FedRoutes, type PartnerView } from './Federation';

/** services/federation/pprl.ts and checkpoints.ts, as the routes of api/routes/federation-pprl.ts give them. */
interface Run {
  id: string; partner: string; role: 'asker' | 'responder'; status: 'running' | 'ok' | 'refused' | 'failed';
  actorId: string | null; actorAgency: string | null; purpose: string | null; keyCheck: string | null; threshold: number;
  records: number; partnerRecords: number | null; links: number; error: string | null; createdAt: string; finishedAt: string | null;
}
interface Link {
  runId: string; partner: string; role: 'asker' | 'responder'; entity: { id: string; schema: string; caption: string };
  token: string; score: number; createdAt: string;
}
interface OwnCheckpoint { treeSize: string; rootHash: string; ts: string; keyId: string; countersignatures: Array<{ nodeId: string; keyId: string }> }
interface HeldCheckpoint { partner: string; treeSize: string; rootHash: string; ts: string; keyId: string; fromSize: string; receivedAt: string }
type ExchangeResult = { partner: string; treeSize: string; rootHash: string; countersignedBy: string[] } | { partner: string; error: { en: string; es: string } };

export function PprlTab({ me, routes, partners }: { me: Me; routes: FedRoutes; partners: PartnerView[] }) {
  const { t } = useTranslation();
  return (
    <>
      <section className="panel" aria-labelledby="fed-pprl-h">
        <h2 id="fed-pprl-h">{t('web.federation.pprl.title')}</h2>
        <p className="help">{t('web.federation.pprl.help')}</p>
        <NeedsRoute routes={routes} path="/federation/pprl/runs" what={t('web.federation.pprl.title')}>
          {routes.has('POST', '/federation/pprl/runs') && me.user.roles.some((r) => r === 'analyst' || r === 'supervisor' || r === 'admin')
            && (partners.length ? <RunForm partners={partners} /> : <NoPartner />)}
          <Runs />
        </NeedsRoute>
        <NeedsRoute routes={routes} path="/federation/pprl/links" what={t('web.federation.pprl.links')}>
          <Links />
        </NeedsRoute>
      </section>
      <section className="panel" aria-labelledby="fed-cp-h">
        <h2 id="fed-cp-h">{t('web.federation.checkpoints.title')}</h2>
        <p className="help">{t('web.federation.checkpoints.help')}</p>
        <NeedsRoute routes={routes} path="/federation/checkpoints" what={t('web.federation.checkpoints.title')}>
          <Checkpoints canExchange={routes.has('POST', '/federation/checkpoints/exchange') && me.user.roles.some((r) => r === 'admin' || r === 'auditor')} />
        </NeedsRoute>
      </section>
    </>
  );
}

function RunForm({ partners }: { partners: PartnerView[] }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [partner, setPartner] = useState(partners[0]!.nodeId);
  const run = useMutation({
    mutationFn: () => api('/federation/pprl/runs', { method: 'POST', body: { partner } }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['federation', 'pprl'] }),
  });
  return (
    <form className="filter-form" onSubmit={(e) => { e.preventDefault(); run.mutate(); }}>
      <PartnerSelect id="fed-pprl-partner" partners={partners} value={partner} onChange={setPartner} />
      <div className="actions"><button type="submit" className="btn btn-primary" disabled={run.isPending}>{t('web.federation.pprl.run')}</button></div>
      {run.isPending && <Loading label={t('web.federation.pprl.running')} />}
      {run.isSuccess && <p role="status">{t('web.federation.pprl.done')}</p>}
      {run.isError && <ErrorAlert error={run.error} />}
    </form>
  );
}

function Runs() {
  const { t } = useTranslation();
  const L = useLabels();
  const q = useQuery({ queryKey: ['federation', 'pprl', 'runs'], queryFn: () => api<{ runs: Run[] }>('/federation/pprl/runs'), refetchInterval: 5000 });
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorAlert error={q.error} />;
  if (q.data.runs.length === 0) return <Empty>{t('web.federation.pprl.none')}</Empty>;
  return (
    <div className="table-wrap">
      <table className="data fed-pprl-runs">
        <caption>{t('web.federation.pprl.runs')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('web.federation.col.when')}</th>
            <th scope="col">{t('web.federation.col.partner')}</th>
            <th scope="col">{t('web.federation.pprl.role')}</th>
            <th scope="col">{t('web.federation.col.status')}</th>
            <th scope="col">{t('web.federation.pprl.records')}</th>
            <th scope="col">{t('web.federation.pprl.links')}</th>
            <th scope="col">{t('web.federation.questions.purpose')}</th>
            <th scope="col">{t('web.federation.pprl.key_check')}</th>
          </tr>
        </thead>
        <tbody>
          {q.data.runs.map((r) => (
            <tr key={r.id}>
              <td className="date">{isoTime(r.createdAt)}</td>
              <td><code>{r.partner}</code></td>
              <td>{t(`web.federation.pprl.role.${r.role}`)}</td>
              <td><Badge kind={r.status === 'ok' ? 'outcome-ok' : r.status === 'running' ? 'outcome-failed' : 'outcome-denied'}>{t(`web.federation.pprl.status.${r.status}`)}</Badge>
                {r.error && <div className="fed-error small">{r.error}</div>}</td>
              <td className="num">{r.records}{r.partnerRecords !== null && <span className="muted small"> / {r.partnerRecords}</span>}</td>
              <td className="num">{r.links}</td>
              <td>{r.purpose ? L.purpose(r.purpose) : '—'}</td>
              <td><code className="fed-fingerprint">{r.keyCheck ? r.keyCheck.slice(0, 16) : '—'}</code></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Links() {
  const { t } = useTranslation();
  const L = useLabels();
  const q = useQuery({ queryKey: ['federation', 'pprl', 'links'], queryFn: () => api<{ links: Link[]; hidden: number }>('/federation/pprl/links') });
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorAlert error={q.error} />;
  if (q.data.links.length === 0) return <Empty>{q.data.hidden ? t('web.federation.pprl.hidden', { count: q.data.hidden }) : t('web.federation.pprl.no_links')}</Empty>;
  return (
    <div className="table-wrap">
      <table className="data fed-pprl-links">
        <caption>{t('web.federation.pprl.links')} <span className="count">{q.data.links.length}</span></caption>
        <thead>
          <tr>
            <th scope="col">{t('web.federation.pprl.own_record')}</th>
            <th scope="col">{t('web.federation.col.schema')}</th>
            <th scope="col">{t('web.federation.col.partner')}</th>
            <th scope="col">{t('web.federation.pprl.token')}</th>
            <th scope="col">{t('web.federation.pprl.score')}</th>
          </tr>
        </thead>
        <tbody>
          {q.data.links.map((l) => (
            <tr key={`${l.runId}:${l.token}`}>
              <td><a href={href.entity(l.entity.id)}>{l.entity.caption}</a></td>
              <td>{L.schema(l.entity.schema)}</td>
              <td><code>{l.partner}</code></td>
              <td><code className="fed-fingerprint">{l.token.slice(0, 16)}</code></td>
              <td className="num">{l.score.toFixed(3)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {q.data.hidden > 0 && <p className="muted small">{t('web.federation.pprl.hidden', { count: q.data.hidden })}</p>}
    </div>
  );
}

function Checkpoints({ canExchange }: { canExchange: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['federation', 'checkpoints'], queryFn: () => api<{ own: OwnCheckpoint[]; held: HeldCheckpoint[] }>('/federation/checkpoints') });
  const exchange = useMutation({
    mutationFn: () => api<{ results: ExchangeResult[] }>('/federation/checkpoints/exchange', { method: 'POST', body: {} }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['federation', 'checkpoints'] }),
  });
  return (
    <>
      {canExchange && (
        <div className="actions">
          <button type="button" className="btn" disabled={exchange.isPending} onClick={() => exchange.mutate()}>{t('web.federation.checkpoints.exchange')}</button>
          {exchange.data?.results.map((r) => (
            <span key={r.partner} role="status" className={'error' in r ? 'fed-error' : undefined}>
              {'error' in r ? `${r.partner}: ${r.error[currentLang()]}` : t('web.federation.checkpoints.exchanged', { partner: r.partner, size: r.treeSize, by: r.countersignedBy.join(', ') })}
            </span>
          ))}
          {exchange.isError && <ErrorAlert error={exchange.error} />}
        </div>
      )}
      {q.isPending ? <Loading /> : q.isError ? <ErrorAlert error={q.error} /> : (
        <>
          <h3>{t('web.federation.checkpoints.own')}</h3>
          {q.data.own.length === 0 ? <Empty>{t('web.federation.checkpoints.none')}</Empty> : (
            <div className="table-wrap">
              <table className="data fed-checkpoints fed-checkpoints-own">
                <caption className="sr-only">{t('web.federation.checkpoints.own')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('web.federation.col.when')}</th>
                    <th scope="col">{t('web.federation.checkpoints.size')}</th>
                    <th scope="col">{t('web.federation.checkpoints.root')}</th>
                    <th scope="col">{t('web.federation.checkpoints.countersigned')}</th>
                  </tr>
                </thead>
                <tbody>
                  {q.data.own.map((c) => (
                    <tr key={c.treeSize}>
                      <td className="date">{isoTime(c.ts)}</td>
                      <td className="num">{c.treeSize}</td>
                      <td><code className="fed-fingerprint">{c.rootHash.slice(0, 16)}</code></td>
                      <td>{c.countersignatures.length ? c.countersignatures.map((s) => s.nodeId).join(', ') : <Badge kind="outcome-failed">{t('web.federation.checkpoints.no')}</Badge>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h3>{t('web.federation.checkpoints.held')}</h3>
          {q.data.held.length === 0 ? <Empty>{t('web.federation.checkpoints.none_held')}</Empty> : (
            <div className="table-wrap">
              <table className="data fed-checkpoints fed-checkpoints-held">
                <caption className="sr-only">{t('web.federation.checkpoints.held')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('web.federation.col.partner')}</th>
                    <th scope="col">{t('web.federation.col.when')}</th>
                    <th scope="col">{t('web.federation.checkpoints.size')}</th>
                    <th scope="col">{t('web.federation.checkpoints.root')}</th>
                    <th scope="col">{t('web.federation.checkpoints.from')}</th>
                  </tr>
                </thead>
                <tbody>
                  {q.data.held.map((c) => (
                    <tr key={`${c.partner}:${c.treeSize}`}>
                      <td><code>{c.partner}</code></td>
                      <td className="date">{isoTime(c.ts)}</td>
                      <td className="num">{c.treeSize}</td>
                      <td><code className="fed-fingerprint">{c.rootHash.slice(0, 16)}</code></td>
                      <td className="num">{c.fromSize}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </>
  );
}
