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
import { maybeT } from '../i18n';
import { href } from '../router';
import { Badge, Empty, ErrorAlert, Loading } from '../components/ui';
import { NeedsRoute, NoPartner, PartnerSelect, type FedRoutes, type PartnerView } from './Federation';

interface Run {
  id: string; partner?: string; status?: string; role?: string; records?: number; encoded?: number; links?: number; matches?: number;
  threshold?: number; startedBy?: string; createdAt?: string; startedAt?: string; finishedAt?: string | null; error?: string | null;
}
interface Link { runId?: string; token?: string; linkToken?: string; entityId?: string; recordId?: string; caption?: string; schema?: string; score?: number; partner?: string; createdAt?: string }
interface Checkpoint {
  node?: string; nodeId?: string; partner?: string; direction?: string; size?: number; treeSize?: number; rootHash?: string; root?: string;
  signedAt?: string; at?: string; receivedAt?: string; countersigned?: boolean; countersignedAt?: string | null; verified?: boolean;
}

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
  const q = useQuery({ queryKey: ['federation', 'pprl', 'runs'], queryFn: () => api<{ runs: Run[] }>('/federation/pprl/runs') });
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
            <th scope="col">{t('web.federation.col.status')}</th>
            <th scope="col">{t('web.federation.pprl.records')}</th>
            <th scope="col">{t('web.federation.pprl.links')}</th>
            <th scope="col">{t('web.federation.col.who')}</th>
          </tr>
        </thead>
        <tbody>
          {q.data.runs.map((r) => (
            <tr key={r.id}>
              <td className="date">{isoTime(r.startedAt ?? r.createdAt)}</td>
              <td><code>{r.partner ?? '—'}</code></td>
              <td>{r.status ? <Badge kind={r.status === 'done' || r.status === 'finished' ? 'outcome-ok' : r.status === 'failed' ? 'outcome-denied' : 'outcome-failed'}>{maybeT(`web.federation.status.${r.status}`, r.status)}</Badge> : '—'}
                {r.error && <div className="fed-error small">{r.error}</div>}</td>
              <td className="num">{r.records ?? r.encoded ?? '—'}</td>
              <td className="num">{r.links ?? r.matches ?? '—'}</td>
              <td>{r.startedBy ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Links() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['federation', 'pprl', 'links'], queryFn: () => api<{ links: Link[]; total?: number }>('/federation/pprl/links') });
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorAlert error={q.error} />;
  if (q.data.links.length === 0) return <Empty>{t('web.federation.pprl.no_links')}</Empty>;
  return (
    <div className="table-wrap">
      <table className="data fed-pprl-links">
        <caption>{t('web.federation.pprl.links')} <span className="count">{q.data.total ?? q.data.links.length}</span></caption>
        <thead>
          <tr>
            <th scope="col">{t('web.federation.col.record')}</th>
            <th scope="col">{t('web.federation.pprl.token')}</th>
            <th scope="col">{t('web.federation.pprl.score')}</th>
          </tr>
        </thead>
        <tbody>
          {q.data.links.map((l, i) => {
            const id = l.entityId ?? l.recordId ?? '';
            return (
              <tr key={`${id}:${i}`}>
                <td>{id ? <a href={href.entity(id)}>{l.caption || id}</a> : '—'}</td>
                <td><code className="fed-fingerprint">{l.token ?? l.linkToken ?? '—'}</code></td>
                <td className="num">{typeof l.score === 'number' ? l.score.toFixed(3) : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Checkpoints({ canExchange }: { canExchange: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['federation', 'checkpoints'], queryFn: () => api<{ checkpoints: Checkpoint[] }>('/federation/checkpoints') });
  const exchange = useMutation({
    mutationFn: () => api('/federation/checkpoints/exchange', { method: 'POST', body: {} }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['federation', 'checkpoints'] }),
  });
  return (
    <>
      {canExchange && (
        <div className="actions">
          <button type="button" className="btn" disabled={exchange.isPending} onClick={() => exchange.mutate()}>{t('web.federation.checkpoints.exchange')}</button>
          {exchange.isSuccess && <span role="status">{t('web.federation.checkpoints.exchanged')}</span>}
          {exchange.isError && <ErrorAlert error={exchange.error} />}
        </div>
      )}
      {q.isPending ? <Loading /> : q.isError ? <ErrorAlert error={q.error} /> : q.data.checkpoints.length === 0 ? <Empty>{t('web.federation.checkpoints.none')}</Empty> : (
        <div className="table-wrap">
          <table className="data fed-checkpoints">
            <caption className="sr-only">{t('web.federation.checkpoints.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('web.federation.col.node')}</th>
                <th scope="col">{t('web.federation.checkpoints.size')}</th>
                <th scope="col">{t('web.federation.checkpoints.root')}</th>
                <th scope="col">{t('web.federation.col.when')}</th>
                <th scope="col">{t('web.federation.checkpoints.countersigned')}</th>
              </tr>
            </thead>
            <tbody>
              {q.data.checkpoints.map((c, i) => (
                <tr key={i}>
                  <td><code>{c.nodeId ?? c.node ?? c.partner ?? '—'}</code></td>
                  <td className="num">{c.treeSize ?? c.size ?? '—'}</td>
                  <td><code className="fed-fingerprint">{(c.rootHash ?? c.root ?? '').slice(0, 16) || '—'}</code></td>
                  <td className="date">{isoTime(c.signedAt ?? c.at ?? c.receivedAt)}</td>
                  <td>{c.countersigned || c.countersignedAt ? <Badge kind="outcome-ok">{t('web.federation.checkpoints.yes')}</Badge> : <Badge kind="outcome-failed">{t('web.federation.checkpoints.no')}</Badge>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
