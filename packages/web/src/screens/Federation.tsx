/**
 * Federation with the partner node (issue 6): the partners this node has pinned and the state of the exchange with
 * each (outbox, cursors), the sharing agreements (FederationAgreements.tsx), the records shared both ways, the
 * questions asked of the partner and the disclosure requests (FederationExchange.tsx), and the cross-border
 * privacy-preserving linkage runs and the audit checkpoints exchanged (FederationPprl.tsx).
 *
 * The node tells which federation routes it serves in its OpenAPI document; a tab whose route the node does not
 * serve says so instead of asking for it (and never shows made-up rows).
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Me } from '../api';
import { isoTime } from '../format';
import { useLabels } from '../labels';
import { Badge, Empty, ErrorAlert, Loading, PageTitle } from '../components/ui';
import { AgreementsTab } from './FederationAgreements';
import { DisclosuresTab, QuestionsTab, SharedTab } from './FederationExchange';
import { PprlTab } from './FederationPprl';
import './Federation.css';

export const FEDERATION_VIEWS = ['partners', 'agreements', 'shared', 'questions', 'disclosures', 'pprl'] as const;
export type FederationView = (typeof FEDERATION_VIEWS)[number];
export type FederationRoute = { view: FederationView };

/** #/federation, #/federation/<view>. */
export function parseFederation(parts: string[]): FederationRoute | null {
  if (parts.length === 0) return { view: 'partners' };
  if (parts.length === 1 && (FEDERATION_VIEWS as readonly string[]).includes(parts[0]!)) return { view: parts[0] as FederationView };
  return null;
}
export const federationHref = (view: FederationView = 'partners'): string => `#/federation${view === 'partners' ? '' : `/${view}`}`;

export interface PartnerView {
  nodeId: string; country: string; url: string; keyId: string; pairedAt: string;
  outbox: { pending: number; ackedSeq: number; nextSeq: number; attempts: number; nextAttemptAt: string | null; lastError: string | null; lastDeliveryAt?: string | null };
  inbound: { appliedSeq: number };
}
interface Identity { nodeId: string; country: string; keyId: string; version: string }

// ---- Which routes the node serves (its OpenAPI document) ----

interface OpenApiDoc { paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>> }
export interface JsonSchema { type?: string; enum?: unknown[]; properties?: Record<string, JsonSchema>; anyOf?: JsonSchema[]; oneOf?: JsonSchema[] }

export interface FedRoutes {
  /** Does the node serve `method` `path` (path under /api, with `{param}` placeholders)? */
  has(method: string, path: string): boolean;
  /** The enum of a body property of a route, when the node declares one (e.g. the kinds of question). */
  bodyEnum(method: string, path: string, prop: string): string[];
}

const normPath = (p: string) => p.replace(/^\/api/, '').replace(/:(\w+)/g, '{$1}');

export function useFedRoutes(): { routes: FedRoutes | null; error: unknown } {
  const q = useQuery({ queryKey: ['openapi'], queryFn: () => api<OpenApiDoc>('/openapi.json'), staleTime: Infinity });
  if (!q.data) return { routes: null, error: q.error };
  const paths = new Map(Object.entries(q.data.paths ?? {}).map(([k, v]) => [normPath(k), v]));
  const op = (method: string, path: string) => paths.get(normPath(path))?.[method.toLowerCase()];
  return {
    error: null,
    routes: {
      has: (method, path) => !!op(method, path),
      bodyEnum(method, path, prop) {
        const schema = op(method, path)?.requestBody?.content?.['application/json']?.schema;
        const find = (s: JsonSchema | undefined): unknown[] | undefined => {
          if (!s) return undefined;
          const p = s.properties?.[prop];
          if (p?.enum) return p.enum;
          for (const alt of [...(s.anyOf ?? []), ...(s.oneOf ?? [])]) { const e = find(alt); if (e) return e; }
          return undefined;
        };
        return (find(schema) ?? []).filter((v): v is string => typeof v === 'string');
      },
    },
  };
}

/** Says that this node does not serve a federation feature yet, instead of asking for it. */
export function Unavailable({ what }: { what: string }) {
  const { t } = useTranslation();
  return <p className="empty fed-unavailable">{t('web.federation.unavailable', { what })}</p>;
}

/** A panel that needs `method path`: the route's content when the node serves it, otherwise "not available". */
export function NeedsRoute({ routes, method = 'GET', path, what, children }: { routes: FedRoutes; method?: string; path: string; what: string; children: ReactNode }) {
  return routes.has(method, path) ? <>{children}</> : <Unavailable what={what} />;
}

// ---- Shell ----

export function FederationScreen({ route, me }: { route: FederationRoute; me: Me }) {
  const { t } = useTranslation();
  const { routes, error } = useFedRoutes();
  const partners = useQuery({ queryKey: ['federation', 'partners'], queryFn: () => api<{ partners: PartnerView[] }>('/federation/partners'), refetchInterval: 5000 });
  const title = t(`web.federation.tab.${route.view}`);
  return (
    <section className="federation">
      <PageTitle title={`${t('web.federation.title')} · ${title}`}>{t('web.federation.title')}</PageTitle>
      <p className="help">{t('web.federation.intro')}</p>
      <Tabs current={route.view} />
      {error ? <ErrorAlert error={error} /> : !routes ? <Loading /> : partners.isError ? <ErrorAlert error={partners.error} /> : !partners.data ? <Loading /> : (
        <View view={route.view} me={me} routes={routes} partners={partners.data.partners} />
      )}
    </section>
  );
}

function View({ view, me, routes, partners }: { view: FederationView; me: Me; routes: FedRoutes; partners: PartnerView[] }) {
  switch (view) {
    case 'agreements': return <AgreementsTab me={me} routes={routes} partners={partners} />;
    case 'shared': return <SharedTab me={me} routes={routes} partners={partners} />;
    case 'questions': return <QuestionsTab me={me} routes={routes} partners={partners} />;
    case 'disclosures': return <DisclosuresTab me={me} routes={routes} partners={partners} />;
    case 'pprl': return <PprlTab me={me} routes={routes} partners={partners} />;
    default: return <PartnersTab me={me} partners={partners} />;
  }
}

function Tabs({ current }: { current: FederationView }) {
  const { t } = useTranslation();
  return (
    <nav className="fed-tabs" aria-label={t('web.federation.tabs')}>
      {FEDERATION_VIEWS.map((v) => (
        <a key={v} href={federationHref(v)} aria-current={current === v ? 'page' : undefined}>{t(`web.federation.tab.${v}`)}</a>
      ))}
    </nav>
  );
}

/** A select of the paired partners (most deployments have one: it is chosen). */
export function PartnerSelect({ id, partners, value, onChange }: { id: string; partners: PartnerView[]; value: string; onChange: (v: string) => void }) {
  const { t } = useTranslation();
  const L = useLabels();
  return (
    <div className="field">
      <label htmlFor={id}>{t('web.federation.partner')}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} required>
        {partners.map((p) => <option key={p.nodeId} value={p.nodeId}>{p.nodeId} ({L.country(p.country)})</option>)}
      </select>
    </div>
  );
}

export function NoPartner() {
  const { t } = useTranslation();
  return <Empty>{t('web.federation.partners.none')}</Empty>;
}

// ---- Partners ----

function PartnersTab({ me, partners }: { me: Me; partners: PartnerView[] }) {
  const { t } = useTranslation();
  const L = useLabels();
  const isAdmin = me.user.roles.includes('admin');
  const qc = useQueryClient();
  const identity = useQuery({ queryKey: ['federation', 'identity'], queryFn: () => api<Identity>('/federation/identity'), staleTime: Infinity });
  const deliver = useMutation({
    mutationFn: (nodeId: string) => api<{ delivered: number; pending: number; error?: string }>(`/federation/partners/${encodeURIComponent(nodeId)}/deliver`, { method: 'POST', body: {} }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['federation'] }),
  });
  return (
    <>
      <section className="panel" aria-labelledby="fed-self-h">
        <h2 id="fed-self-h">{t('web.federation.self.title')}</h2>
        {identity.isPending ? <Loading /> : identity.isError ? <ErrorAlert error={identity.error} /> : (
          <dl className="meta-list">
            <dt>{t('web.federation.col.node')}</dt><dd><code>{identity.data.nodeId}</code></dd>
            <dt>{t('web.federation.col.country')}</dt><dd>{L.country(identity.data.country)}</dd>
            <dt>{t('web.federation.col.fingerprint')}</dt><dd><code className="fed-fingerprint">{identity.data.keyId}</code></dd>
          </dl>
        )}
        <p className="help">{t('web.federation.self.help')}</p>
      </section>
      <section className="panel" aria-labelledby="fed-partners-h">
        <h2 id="fed-partners-h">{t('web.federation.partners.title')} <span className="count">{partners.length}</span></h2>
        <p className="help">{t('web.federation.partners.help')}</p>
        {partners.length === 0 ? <NoPartner /> : (
          <div className="table-wrap">
            <table className="data fed-partners">
              <caption className="sr-only">{t('web.federation.partners.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('web.federation.col.node')}</th>
                  <th scope="col">{t('web.federation.col.country')}</th>
                  <th scope="col">{t('web.federation.col.fingerprint')}</th>
                  <th scope="col">{t('web.federation.col.paired_at')}</th>
                  <th scope="col">{t('web.federation.col.outbox')}</th>
                  <th scope="col">{t('web.federation.col.cursor')}</th>
                  <th scope="col">{t('web.federation.col.applied')}</th>
                  <th scope="col">{t('web.federation.col.last_error')}</th>
                  {isAdmin && <th scope="col">{t('web.federation.col.actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {partners.map((p) => (
                  <tr key={p.nodeId}>
                    <th scope="row"><code>{p.nodeId}</code><div className="muted small">{p.url}</div></th>
                    <td>{L.country(p.country)}</td>
                    <td><code className="fed-fingerprint">{p.keyId}</code></td>
                    <td className="date">{isoTime(p.pairedAt)}</td>
                    <td className="num">
                      {p.outbox.pending === 0 ? <Badge kind="outcome-ok">{t('web.federation.outbox.empty')}</Badge>
                        : <Badge kind="outcome-failed">{t('web.federation.outbox.pending', { count: p.outbox.pending })}</Badge>}
                      {p.outbox.nextAttemptAt && p.outbox.pending > 0 && <div className="muted small">{t('web.federation.outbox.next', { at: isoTime(p.outbox.nextAttemptAt) })}</div>}
                    </td>
                    <td className="num">{p.outbox.ackedSeq} / {Math.max(0, p.outbox.nextSeq - 1)}</td>
                    <td className="num">{p.inbound.appliedSeq}</td>
                    <td>{p.outbox.lastError ? <span className="fed-error">{p.outbox.lastError}</span> : <span className="muted">—</span>}</td>
                    {isAdmin && (
                      <td>
                        <button type="button" className="btn" disabled={deliver.isPending}
                          aria-label={t('web.federation.deliver_to', { node: p.nodeId })} onClick={() => deliver.mutate(p.nodeId)}>
                          {t('web.federation.deliver')}
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {deliver.isSuccess && (
          <p role="status">{t('web.federation.delivered', { delivered: deliver.data.delivered, pending: deliver.data.pending })}
            {deliver.data.error && <span className="fed-error"> {deliver.data.error}</span>}</p>
        )}
        {deliver.isError && <ErrorAlert error={deliver.error} />}
      </section>
      {isAdmin && <PairForm />}
    </>
  );
}

function PairForm() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [url, setUrl] = useState('');
  const [fingerprint, setFingerprint] = useState('');
  const pair = useMutation({
    mutationFn: () => api<{ partner: PartnerView }>('/federation/partners', { method: 'POST', body: { url: url.trim(), ...(fingerprint.trim() ? { fingerprint: fingerprint.trim() } : {}) } }),
    onSuccess: async () => { setUrl(''); setFingerprint(''); await qc.invalidateQueries({ queryKey: ['federation'] }); },
  });
  const submit = (e: FormEvent) => { e.preventDefault(); pair.mutate(); };
  return (
    <section className="panel" aria-labelledby="fed-pair-h">
      <h2 id="fed-pair-h">{t('web.federation.pair.title')}</h2>
      <p className="help">{t('web.federation.pair.help')}</p>
      <form className="filter-form" onSubmit={submit}>
        <div className="field grow">
          <label htmlFor="fed-pair-url">{t('web.federation.pair.url')}</label>
          <input id="fed-pair-url" type="url" required value={url} onChange={(e) => setUrl(e.target.value)} placeholder="http://127.0.0.1:4001" maxLength={500} />
        </div>
        <div className="field">
          <label htmlFor="fed-pair-fp">{t('web.federation.pair.fingerprint')}</label>
          <input id="fed-pair-fp" value={fingerprint} onChange={(e) => setFingerprint(e.target.value)} pattern="[0-9a-fA-F]{16}" maxLength={16}
            aria-describedby="fed-pair-fp-help" />
          <span id="fed-pair-fp-help" className="muted small">{t('web.federation.pair.fingerprint_help')}</span>
        </div>
        <div className="actions"><button type="submit" className="btn btn-primary" disabled={pair.isPending || !url.trim()}>{t('web.federation.pair.submit')}</button></div>
      </form>
      {pair.isSuccess && <p role="status">{t('web.federation.pair.done', { node: pair.data.partner.nodeId, keyId: pair.data.partner.keyId })}</p>}
      {pair.isError && <ErrorAlert error={pair.error} />}
    </section>
  );
}

/** Text of one of the node's bilingual values ({ en, es }) or a plain string. */
export function bi(v: unknown, lang: 'en' | 'es'): string {
  if (v && typeof v === 'object' && 'en' in v && 'es' in v) return String((v as Record<string, unknown>)[lang] ?? '');
  return v === null || v === undefined ? '' : String(v);
}

/** A small read-only rendering of an answer object the partner sent (keys as given, values as text). */
export function ValueList({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="muted">—</span>;
  if (typeof value !== 'object') return <>{String(value)}</>;
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="muted">—</span>;
    return <ul className="plain fed-values">{value.map((v, i) => <li key={i}><ValueList value={v} /></li>)}</ul>;
  }
  return (
    <dl className="fed-values">
      {Object.entries(value as Record<string, unknown>).map(([k, v]) => (
        <div key={k}><dt>{k}</dt><dd><ValueList value={v} /></dd></div>
      ))}
    </dl>
  );
}
