/**
 * Homicide task-force cases: the list of cases the user may read, and a case page linking homicides,
 * suspects (existing records, opened on their own page), lab requests and prosecutions. Opening a case
 * is a read of personal data: the node audits it with the stated purpose.
 */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { href } from '../router';
import { useLabels } from '../labels';
import { Empty, ErrorAlert, Loading, PageTitle } from '../components/ui';
import { ProtectTabs } from './ProtectShared';
import { protectHref } from './ProtectRoutes';

const KINDS = ['homicide', 'suspect', 'lab_request', 'prosecution'] as const;
type Kind = (typeof KINDS)[number];
interface CaseSummary { id: string; title: string; placeCode: string | null; placeName: string | null; status: string; openedOn: string; ownerAgency: string; distribution: string; purposes: string[]; links: Record<Kind, number> }
interface CaseView extends CaseSummary {
  summary: string; legalBasis: string; ownerCountry: string;
  linked: Array<{ id: string; kind: Kind; label: string; status: string; onDate: string | null; entity: { id: string; schema: string; caption: string } | null; restricted: boolean; event: { id: string; occurredOn: string; placeCode: string | null } | null }>;
}

export function ProtectCasesScreen() {
  const { t } = useTranslation();
  const L = useLabels();
  const q = useQuery({ queryKey: ['protect', 'cases'], queryFn: () => api<{ cases: CaseSummary[] }>('/protect/cases') });
  return (
    <section>
      <ProtectTabs current="cases" />
      <PageTitle title={t('protect.cases.title')}>{t('protect.cases.title')}</PageTitle>
      <p className="help">{t('protect.cases.intro')}</p>
      {q.isPending ? <Loading /> : q.isError ? <ErrorAlert error={q.error} /> : !q.data.cases.length ? <Empty>{t('protect.cases.none')}</Empty> : (
        <div className="table-wrap">
          <table className="data">
            <caption className="sr-only">{t('protect.cases.title')}</caption>
            <thead><tr>
              <th scope="col">{t('protect.cases.case')}</th><th scope="col">{t('protect.col.place')}</th><th scope="col">{t('protect.cases.opened')}</th>
              <th scope="col">{t('protect.col.status')}</th><th scope="col">{t('protect.cases.owner')}</th>
              {KINDS.map((k) => <th key={k} scope="col" className="num">{t(`protect.link.${k}.plural`)}</th>)}
            </tr></thead>
            <tbody>
              {q.data.cases.map((c) => (
                <tr key={c.id}>
                  <td><a href={protectHref.case(c.id)}>{c.title}</a></td><td>{c.placeName ?? '—'}</td><td className="date">{c.openedOn}</td>
                  <td>{t(`protect.case.status.${c.status}`)}</td><td>{c.ownerAgency} · {L.distribution(c.distribution)}</td>
                  {KINDS.map((k) => <td key={k} className="num">{c.links[k]}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function ProtectCaseScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const L = useLabels();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['protect', 'case', id], queryFn: () => api<CaseView>(`/protect/cases/${encodeURIComponent(id)}`) });
  const [d, setD] = useState({ kind: 'lab_request' as Kind, label: '', entityId: '', status: '', onDate: '' });
  const link = useMutation({
    mutationFn: () => api(`/protect/cases/${encodeURIComponent(id)}/links`, { method: 'POST', body: { kind: d.kind, label: d.label, entityId: d.kind === 'suspect' ? d.entityId : null, status: d.status, onDate: d.onDate || null } }),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: ['protect', 'case', id] }); setD({ ...d, label: '', entityId: '', status: '', onDate: '' }); },
  });
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorAlert error={q.error} />;
  const c = q.data;
  return (
    <section>
      <ProtectTabs current="cases" />
      <nav className="crumbs" aria-label={t('protect.crumbs')}><a href={protectHref.cases()}>{t('protect.nav.cases')}</a> › {c.title}</nav>
      <PageTitle title={c.title} sub={<span>{t(`protect.case.status.${c.status}`)} · {c.placeName ?? ''} · {c.openedOn}</span>}>{c.title}</PageTitle>
      <p className="alert alert-info">{t('protect.case.audited')}</p>
      <div className="panel">
        <p>{c.summary}</p>
        <dl className="meta-list">
          <dt>{t('protect.cases.owner')}</dt><dd>{c.ownerAgency} ({L.country(c.ownerCountry)})</dd>
          <dt>{t('protect.case.distribution')}</dt><dd>{L.distribution(c.distribution)}</dd>
          <dt>{t('protect.case.purposes')}</dt><dd>{c.purposes.map(L.purpose).join(', ')}</dd>
          <dt>{t('protect.case.legal_basis')}</dt><dd>{c.legalBasis}</dd>
        </dl>
      </div>
      {KINDS.map((k) => {
        const items = c.linked.filter((l) => l.kind === k);
        return (
          <div className="panel" key={k}>
            <h2 id={`case-${k}`}>{t(`protect.link.${k}.plural`)} <span className="count">({items.length})</span></h2>
            {!items.length ? <Empty>{t('protect.case.none')}</Empty> : (
              <ul className="plain-list case-links" aria-labelledby={`case-${k}`}>
                {items.map((l) => (
                  <li key={l.id}>
                    {k === 'suspect'
                      ? l.entity ? <a href={href.entity(l.entity.id)} className="entity-link">{l.entity.caption}</a> : <em>{t('protect.case.restricted')}</em>
                      : <span>{l.label}</span>}
                    {l.status && <span className="muted"> · {l.status}</span>}
                    {(l.onDate ?? l.event?.occurredOn) && <span className="muted mono small"> · {l.onDate ?? l.event?.occurredOn}</span>}
                    {l.event?.placeCode && <span className="muted mono small"> · {l.event.placeCode}</span>}
                  </li>
                ))}
              </ul>
            )}
          </div>
        );
      })}
      <form className="panel form-grid" onSubmit={(e) => { e.preventDefault(); link.mutate(); }} aria-labelledby="link-new">
        <h2 id="link-new">{t('protect.case.add_link')}</h2>
        <div className="field"><label htmlFor="cl-kind">{t('protect.case.kind')}</label>
          <select id="cl-kind" value={d.kind} onChange={(e) => setD({ ...d, kind: e.target.value as Kind })}>{KINDS.map((k) => <option key={k} value={k}>{t(`protect.link.${k}`)}</option>)}</select></div>
        <div className="field grow"><label htmlFor="cl-label">{t('protect.case.label')}</label><input id="cl-label" required value={d.label} onChange={(e) => setD({ ...d, label: e.target.value })} /></div>
        {d.kind === 'suspect' && <div className="field"><label htmlFor="cl-entity">{t('protect.case.entity')}</label><input id="cl-entity" required className="mono" value={d.entityId} onChange={(e) => setD({ ...d, entityId: e.target.value })} /></div>}
        <div className="field"><label htmlFor="cl-status">{t('protect.col.status')}</label><input id="cl-status" value={d.status} onChange={(e) => setD({ ...d, status: e.target.value })} /></div>
        <div className="field"><label htmlFor="cl-date">{t('protect.case.date')}</label><input id="cl-date" type="date" value={d.onDate} onChange={(e) => setD({ ...d, onDate: e.target.value })} /></div>
        <ErrorAlert error={link.error} />
        <button type="submit" className="btn btn-primary" disabled={link.isPending}>{t('protect.case.link')}</button>
      </form>
    </section>
  );
}
