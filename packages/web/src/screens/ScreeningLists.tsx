/**
 * List updates: the designation lists in the node, their versions, and what a version changed against the one
 * before it (entries added, changed — which facts, before and after — and removed). Supervisors import a new
 * version here (FtM JSON lines); the node then re-screens its records and the answer says how many alerts it raised.
 */
import { Fragment, useState, type ChangeEvent, type FormEvent } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../api';
import { isoDate, isoTime } from '../format';
import { maybeT } from '../i18n';
import { useLabels } from '../labels';
import { href } from '../router';
import { Badge, Empty, ErrorAlert, Loading, Pager } from '../components/ui';
import { useScreeningLabels, type Change, type ListEntry, type ListInfo, type Version } from './ScreeningHits';

const PAGE = 50;

export function ScreeningLists({ versionId, canImport }: { versionId?: string; canImport: boolean }) {
  return versionId ? <VersionChanges versionId={versionId} /> : <Lists canImport={canImport} />;
}

function Lists({ canImport }: { canImport: boolean }) {
  const { t } = useTranslation();
  const lists = useQuery({ queryKey: ['screening', 'lists'], queryFn: () => api<{ lists: ListInfo[] }>('/screening/lists') });
  return (
    <>
      <section className="panel" aria-labelledby="scr-lists-h">
        <h2 id="scr-lists-h">{t('web.screening.lists.title')} {lists.data && <span className="count">{lists.data.lists.length}</span>}</h2>
        <p className="help">{t('web.screening.lists.help')}</p>
        {lists.isPending ? <Loading /> : lists.isError ? <ErrorAlert error={lists.error} /> : lists.data.lists.length === 0 ? (
          <Empty>{t('web.screening.lists.none')}</Empty>
        ) : lists.data.lists.map((l) => <ListVersions key={l.id} list={l} />)}
      </section>
      {canImport && <ImportVersion />}
    </>
  );
}

function ListVersions({ list }: { list: ListInfo }) {
  const { t } = useTranslation();
  const versions = useQuery({
    queryKey: ['screening', 'versions', list.id],
    queryFn: () => api<{ versions: Version[] }>(`/screening/lists/${encodeURIComponent(list.id)}/versions`),
  });
  const hId = `scr-list-${list.id.replace(/[^a-z0-9]+/gi, '-')}`;
  return (
    <section className="scr-list" aria-labelledby={hId}>
      <h3 id={hId}>{list.title} <span className="muted small mono">{list.id}</span></h3>
      {versions.isPending ? <Loading /> : versions.isError ? <ErrorAlert error={versions.error} /> : (
        <div className="table-wrap">
          <table className="data">
            <caption className="sr-only">{t('web.screening.lists.versions_of', { list: list.title })}</caption>
            <thead>
              <tr>
                <th scope="col" className="num">{t('web.screening.lists.col.seq')}</th>
                <th scope="col">{t('web.screening.lists.col.label')}</th>
                <th scope="col">{t('web.screening.lists.col.imported')}</th>
                <th scope="col" className="num">{t('web.screening.lists.col.entries')}</th>
                <th scope="col" className="num">{t('web.screening.change.added')}</th>
                <th scope="col" className="num">{t('web.screening.change.changed')}</th>
                <th scope="col" className="num">{t('web.screening.change.removed')}</th>
                <th scope="col"><span className="sr-only">{t('web.screening.lists.col.open')}</span></th>
              </tr>
            </thead>
            <tbody>
              {versions.data.versions.map((v) => (
                <tr key={v.id}>
                  <td className="num">{v.seq}</td>
                  <td>{v.label}{list.current?.id === v.id && <> <Badge kind="active">{t('web.screening.lists.current')}</Badge></>}</td>
                  <td className="date">{isoTime(v.importedAt)}</td>
                  <td className="num">{v.entries}</td>
                  <td className="num">{v.added}</td>
                  <td className="num">{v.changed}</td>
                  <td className="num">{v.removed}</td>
                  <td>
                    <a href={href.screening('lists', v.id)} aria-label={t('web.screening.lists.what_changed_in', { label: v.label, list: list.title })}>
                      {t('web.screening.lists.what_changed')}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const FILTERS = ['', 'added', 'changed', 'removed'] as const;

function VersionChanges({ versionId }: { versionId: string }) {
  const { t } = useTranslation();
  const [change, setChange] = useState<(typeof FILTERS)[number]>('');
  const [offset, setOffset] = useState(0);
  const d = useQuery({
    queryKey: ['screening', 'changes', versionId, change, offset],
    queryFn: () => api<{ version: Version; previous: Version | null; total: number; changes: Change[] }>(
      `/screening/versions/${encodeURIComponent(versionId)}/changes${qs({ change, limit: PAGE, offset })}`),
    placeholderData: keepPreviousData,
  });
  return (
    <section className="panel" aria-labelledby="scr-changes-h">
      <p className="crumbs"><a href={href.screening('lists')}>{t('web.screening.lists.back')}</a></p>
      {d.isPending ? <Loading /> : d.isError ? <ErrorAlert error={d.error} /> : (
        <>
          <h2 id="scr-changes-h">{t('web.screening.changes.title', { label: d.data.version.label, list: d.data.version.listId })}</h2>
          <p className="result-count" role="status">
            {d.data.previous
              ? t('web.screening.changes.summary', { previous: d.data.previous.label, added: d.data.version.added, changed: d.data.version.changed, removed: d.data.version.removed })
              : t('web.screening.changes.first', { entries: d.data.version.entries })}
          </p>
          <div className="filter-form">
            <div className="field">
              <label htmlFor="scr-change-filter">{t('web.screening.changes.filter')}</label>
              <select id="scr-change-filter" value={change} onChange={(e) => { setChange(e.target.value as typeof change); setOffset(0); }}>
                {FILTERS.map((f) => <option key={f} value={f}>{f ? t(`web.screening.change.${f}`) : t('web.screening.changes.all')}</option>)}
              </select>
            </div>
          </div>
          {d.data.changes.length === 0 ? <Empty>{t('web.screening.changes.none')}</Empty> : (
            <div className="table-wrap">
              <table className="data scr-changes">
                <caption className="sr-only">{t('web.screening.changes.title', { label: d.data.version.label, list: d.data.version.listId })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('web.screening.changes.col.change')}</th>
                    <th scope="col">{t('web.screening.changes.col.entry')}</th>
                    <th scope="col">{t('web.screening.changes.col.details')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.data.changes.map((c) => <ChangeRow key={c.entryId} c={c} />)}
                </tbody>
              </table>
            </div>
          )}
          <Pager total={d.data.total} offset={offset} page={PAGE} onPage={setOffset} label={t('web.screening.changes.filter')} />
        </>
      )}
    </section>
  );
}

const FACTS = ['caption', 'schema', 'names', 'countries', 'birthDates', 'programs'] as const;

function factText(e: ListEntry | null, fact: (typeof FACTS)[number], kind: (k: string) => string): string {
  if (!e) return '';
  switch (fact) {
    case 'caption': return e.caption;
    case 'schema': return e.schema;
    case 'names': return e.names.map((n) => `${n.text} (${kind(n.kind)})`).join('; ');
    default: return (e[fact] ?? []).join(', ');
  }
}

function ChangeRow({ c }: { c: Change }) {
  const { t } = useTranslation();
  const L = useLabels();
  const S = useScreeningLabels();
  const entry = c.after ?? c.before;
  const kindBadge = c.change === 'added' ? 'bilateral' : c.change === 'removed' ? 'agency' : 'node';
  return (
    <tr>
      <td><Badge kind={kindBadge}>{t(`web.screening.change.${c.change}`)}</Badge></td>
      <td>
        <strong>{c.caption}</strong> <Badge kind="schema">{L.schema(c.schema)}</Badge>
        <div className="muted small mono">{c.entryId}</div>
      </td>
      <td>
        {c.change === 'changed' ? (
          <dl className="meta-list scr-diff">
            {c.fields.map((f) => (
              <Fragment key={f}>
                <dt>{maybeT(`web.screening.fact.${f}`, f)}</dt>
                <dd>
                  <del aria-label={t('web.screening.changes.before')}>{factText(c.before, f as (typeof FACTS)[number], S.kind) || '—'}</del>{' '}
                  <span aria-hidden="true">→</span>{' '}
                  <ins aria-label={t('web.screening.changes.after')}>{factText(c.after, f as (typeof FACTS)[number], S.kind) || '—'}</ins>
                </dd>
              </Fragment>
            ))}
          </dl>
        ) : entry ? (
          <dl className="meta-list scr-diff">
            <dt>{t('web.screening.fact.names')}</dt><dd>{factText(entry, 'names', S.kind)}</dd>
            {!!entry.birthDates?.length && <><dt>{t('web.screening.fact.birthDates')}</dt><dd>{entry.birthDates.map(isoDateOrYear).join(', ')}</dd></>}
            {!!entry.countries?.length && <><dt>{t('web.screening.fact.countries')}</dt><dd>{entry.countries.join(', ')}</dd></>}
            {!!entry.programs?.length && <><dt>{t('web.screening.fact.programs')}</dt><dd>{entry.programs.join(', ')}</dd></>}
          </dl>
        ) : null}
      </td>
    </tr>
  );
}

const isoDateOrYear = (d: string) => (d.length === 10 ? isoDate(d) : d);

function ImportVersion() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [f, setF] = useState({ listId: '', title: '', label: '', file: '', content: '' });
  const imp = useMutation({
    mutationFn: () => api<{ versions: Array<{ version: Version; unchanged: boolean }>; rescreen: { alerts: number; records: number } | null }>('/screening/imports', {
      method: 'POST', body: { format: 'ftm', listId: f.listId.trim(), title: f.title.trim() || undefined, label: f.label.trim(), file: f.file || 'upload.ftm.jsonl', content: f.content },
    }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['screening'] }),
  });
  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) setF({ ...f, file: file.name, content: await file.text() });
  };
  const submit = (e: FormEvent) => { e.preventDefault(); imp.mutate(); };
  const r = imp.data;
  return (
    <form className="panel create-form" onSubmit={submit} aria-labelledby="scr-import-h">
      <h2 id="scr-import-h">{t('web.screening.import.title')}</h2>
      <p className="help" id="scr-import-help">{t('web.screening.import.help')}</p>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="scr-imp-list">{t('web.screening.import.list_id')}</label>
          <input id="scr-imp-list" value={f.listId} onChange={(e) => setF({ ...f, listId: e.target.value })} required pattern="[a-z0-9][a-z0-9_.:\-]{0,99}" autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="scr-imp-title">{t('web.screening.import.list_title')}</label>
          <input id="scr-imp-title" value={f.title} onChange={(e) => setF({ ...f, title: e.target.value })} maxLength={200} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="scr-imp-label">{t('web.screening.import.label')}</label>
          <input id="scr-imp-label" value={f.label} onChange={(e) => setF({ ...f, label: e.target.value })} required maxLength={200} placeholder="2026-07-01" autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="scr-imp-file">{t('web.screening.import.file')}</label>
          <input id="scr-imp-file" type="file" accept=".jsonl,.ndjson,.json,application/x-ndjson,text/plain" onChange={pick} required aria-describedby="scr-import-help" />
        </div>
      </div>
      <button type="submit" className="btn btn-primary" disabled={imp.isPending || !f.content}>{t('web.screening.import.submit')}</button>
      {imp.isError && <ErrorAlert error={imp.error} />}
      {r && (
        <p className="alert alert-ok" role="status">
          {r.versions.map((v) => (v.unchanged
            ? t('web.screening.import.unchanged', { list: v.version.listId, label: v.version.label })
            : t('web.screening.import.done', { list: v.version.listId, seq: v.version.seq, added: v.version.added, changed: v.version.changed, removed: v.version.removed }))).join(' ')}
          {r.rescreen && ` ${t('web.screening.import.rescreen', { records: r.rescreen.records, alerts: r.rescreen.alerts })}`}
        </p>
      )}
    </form>
  );
}
