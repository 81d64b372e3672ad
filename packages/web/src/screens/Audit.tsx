/**
 * The audit log for auditors: filter by actor, action and resource, page back through older events,
 * and verify the hash chain (the node recomputes every row's hash and reports any altered, deleted,
 * inserted or reordered row).
 */
import { useState, type FormEvent } from 'react';
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, qs, type AuditEvent, type Me, type VerifyReport } from '../api';
import { isoTime } from '../format';
import { currentLang, maybeT } from '../i18n';
import { useLabels } from '../labels';
import { href } from '../router';
import { Badge, Empty, ErrorAlert, Loading, PageTitle } from '../components/ui';

const PAGE = 50;

/** Known action codes, offered as suggestions in the filter. */
const ACTIONS = [
  'login', 'logout', 'auth.purpose', 'entity.read', 'entity.create', 'entity.update', 'entity.delete',
  'entity.import', 'entity.export', 'search', 'audit.read', 'audit.verify', 'audit.checkpoint',
  'user.manage', 'agency.manage', 'policy.change',
];

/** Audit rows come from the node in camelCase; older or raw rows may use the column names. */
function field(ev: AuditEvent, camel: string, snake: string): string {
  const v = ev[camel] ?? ev[snake];
  return v === null || v === undefined ? '' : String(v);
}

export function AuditScreen({ me }: { me: Me }) {
  const { t } = useTranslation();
  const [filters, setFilters] = useState({ actor: '', action: '', resource: '' });
  const [draft, setDraft] = useState(filters);

  const events = useInfiniteQuery({
    queryKey: ['audit', filters],
    queryFn: ({ pageParam }) => api<{ events: AuditEvent[] }>(`/audit${qs({ ...filters, before: pageParam, limit: PAGE })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (last.events.length < PAGE ? undefined : field(last.events[last.events.length - 1]!, 'seq', 'seq') || undefined),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFilters({ actor: draft.actor.trim(), action: draft.action.trim(), resource: draft.resource.trim() });
  };
  const filterBy = (f: Partial<Filters>) => {
    const next = { ...filters, ...f };
    setDraft(next);
    setFilters(next);
  };
  const clear = () => {
    const empty = { actor: '', action: '', resource: '' };
    setDraft(empty);
    setFilters(empty);
  };

  const rows = events.data?.pages.flatMap((p) => p.events) ?? [];
  const isAuditor = me.user.roles.includes('auditor');

  return (
    <section>
      <PageTitle title={t('web.audit.title')}>{t('web.audit.title')}</PageTitle>
      {!isAuditor && <p className="alert alert-info">{t('web.audit.auditors_only')}</p>}
      <VerifyPanel />
      <form className="filter-form" onSubmit={submit} aria-label={t('web.audit.filters')}>
        <div className="field">
          <label htmlFor="audit-actor">{t('web.audit.filter.actor')}</label>
          <input id="audit-actor" value={draft.actor} onChange={(e) => setDraft({ ...draft, actor: e.target.value })} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="audit-action">{t('web.audit.filter.action')}</label>
          <input id="audit-action" list="audit-actions" value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.target.value })} autoComplete="off" />
          <datalist id="audit-actions">{ACTIONS.map((a) => <option key={a} value={a} />)}</datalist>
        </div>
        <div className="field">
          <label htmlFor="audit-resource">{t('web.audit.filter.resource')}</label>
          <input id="audit-resource" value={draft.resource} onChange={(e) => setDraft({ ...draft, resource: e.target.value })} autoComplete="off" />
        </div>
        <button type="submit" className="btn btn-primary">{t('web.audit.filter.apply')}</button>
        <button type="button" className="btn" onClick={clear}>{t('web.audit.filter.clear')}</button>
      </form>

      {events.isPending ? <Loading /> : events.isError ? <ErrorAlert error={events.error} /> : rows.length === 0 ? (
        <Empty>{t('web.audit.none')}</Empty>
      ) : (
        <>
          <p className="result-count" role="status" aria-live="polite">{t('web.audit.count', { n: rows.length })}</p>
          <div className="table-wrap">
            <table className="data audit-table">
              <caption className="sr-only">{t('web.audit.table_caption')}</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">{t('web.audit.col.seq')}</th>
                  <th scope="col">{t('web.audit.col.time')}</th>
                  <th scope="col">{t('web.audit.col.actor')}</th>
                  <th scope="col">{t('web.audit.col.action')}</th>
                  <th scope="col">{t('web.audit.col.outcome')}</th>
                  <th scope="col">{t('web.audit.col.resource')}</th>
                  <th scope="col">{t('web.audit.col.purpose')}</th>
                  <th scope="col">{t('web.audit.col.legal_basis')}</th>
                  <th scope="col">{t('web.audit.col.request')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((ev) => <AuditRow key={field(ev, 'seq', 'seq')} ev={ev} onFilter={filterBy} />)}
              </tbody>
            </table>
          </div>
          {events.hasNextPage && (
            <button type="button" className="btn" onClick={() => void events.fetchNextPage()} disabled={events.isFetchingNextPage}>
              {events.isFetchingNextPage ? t('web.common.loading') : t('web.audit.older')}
            </button>
          )}
        </>
      )}
    </section>
  );
}

/** Long identifiers (UUIDs, hashes) are shortened on screen; the full value stays in the title and in the filter. */
function short(id: string): string {
  return id.length > 16 ? `${id.slice(0, 8)}…` : id;
}

type Filters = { actor: string; action: string; resource: string };

function AuditRow({ ev, onFilter }: { ev: AuditEvent; onFilter: (f: Partial<Filters>) => void }) {
  const { t } = useTranslation();
  const L = useLabels();
  const action = field(ev, 'action', 'action');
  const outcome = field(ev, 'outcome', 'outcome');
  const resourceType = field(ev, 'resourceType', 'resource_type');
  const resourceId = field(ev, 'resourceId', 'resource_id');
  const actor = field(ev, 'actorId', 'actor_id');
  const actorName = field(ev, 'actorUsername', 'actor_username');
  const agency = field(ev, 'actorAgency', 'actor_agency');
  const purpose = field(ev, 'purpose', 'purpose');
  const requestId = field(ev, 'requestId', 'request_id');
  const detail = ev.detail && typeof ev.detail === 'object' && Object.keys(ev.detail).length ? JSON.stringify(ev.detail) : undefined;
  return (
    <tr>
      <td className="num mono">{field(ev, 'seq', 'seq')}</td>
      <td className="date">{isoTime(field(ev, 'ts', 'ts'))}</td>
      <td>
        {actor ? (
          <button type="button" className="linklike mono" title={actor} aria-label={t('web.audit.filter_actor', { id: actorName || actor })}
            onClick={() => onFilter({ actor })}>{actorName || short(actor)}</button>
        ) : '—'}
        {agency && <span className="matched"> · {agency}</span>}
      </td>
      {/* The action code is an identifier: the cell shows its name, the code and the event detail stay in the title. */}
      <td title={detail ? `${action} ${detail}` : action}>{maybeT(`web.audit.action.${action}`, action.replace(/\./g, ' · '))}</td>
      <td><Badge kind={`outcome-${outcome}`}>{L.outcome(outcome)}</Badge></td>
      <td className="mono">
        {resourceType && <span className="muted">{maybeT(`web.audit.resource.${resourceType}`, resourceType)} </span>}
        {resourceId && (resourceType === 'entity'
          ? <a href={href.entity(resourceId)} title={resourceId}>{short(resourceId)}</a>
          : <button type="button" className="linklike" title={resourceId} aria-label={t('web.audit.filter_resource', { id: resourceId })}
              onClick={() => onFilter({ resource: resourceId })}>{short(resourceId)}</button>)}
      </td>
      <td>{purpose ? L.purpose(purpose) : ''}</td>
      <td>{field(ev, 'legalBasis', 'legal_basis')}</td>
      <td className="mono small" title={requestId}>{short(requestId)}</td>
    </tr>
  );
}

function VerifyPanel() {
  const { t } = useTranslation();
  const verify = useMutation({ mutationFn: () => api<VerifyReport>('/audit/verify') });
  const r = verify.data;
  const lang = currentLang();
  return (
    <div className="panel verify">
      <div className="verify-head">
        <div>
          <h2>{t('web.audit.verify.title')}</h2>
          <p className="help">{t('web.audit.verify.help')}</p>
        </div>
        <button type="button" className="btn btn-primary" onClick={() => verify.mutate()} disabled={verify.isPending}>
          {verify.isPending ? t('web.audit.verify.running') : t('web.audit.verify.button')}
        </button>
      </div>
      <div role="status" aria-live="polite">
        {r && (r.ok ? (
          <p className="alert alert-ok">{t('web.audit.verify.ok', { n: r.count })}</p>
        ) : (
          <div className="alert alert-error">
            <p><strong>{t('web.audit.verify.broken', { problems: r.problems.length, n: r.count })}</strong></p>
            <ul>
              {r.problems.map((p, i) => (
                <li key={i}>{p.seq !== null && <span className="mono">#{p.seq} </span>}{p.message[lang]}</li>
              ))}
            </ul>
          </div>
        ))}
      </div>
      <ErrorAlert error={verify.error} />
    </div>
  );
}
