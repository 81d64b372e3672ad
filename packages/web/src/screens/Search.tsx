/**
 * Name search over the records this user may read (the node filters by policy; the UI never sees the rest).
 * The query lives in the hash, so a search can be bookmarked, shared inside the agency and reached with Back.
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, qs, type SearchResult } from '../api';
import { score } from '../format';
import { useLabels, useMeta } from '../labels';
import { href, navigate } from '../router';
import { Badge, Empty, ErrorAlert, Loading, Pager, PageTitle } from '../components/ui';

const PAGE = 20;

export function SearchScreen({ q, schema, offset }: { q: string; schema: string; offset: number }) {
  const { t, i18n } = useTranslation();
  const L = useLabels();
  const meta = useMeta().data;
  const [text, setText] = useState(q);
  const [schemaSel, setSchemaSel] = useState(schema);
  useEffect(() => { setText(q); setSchemaSel(schema); }, [q, schema]);

  const results = useQuery({
    queryKey: ['search', q, schema, offset],
    queryFn: () => api<SearchResult>(`/search${qs({ q, schema, limit: PAGE, offset })}`),
    enabled: q.trim().length > 0,
    placeholderData: keepPreviousData,
  });

  // Searchable schemata: concrete things, not relationships (those are reached from an entity page).
  const schemata = useMemo(
    () => (meta?.schemata ?? []).filter((s) => !s.abstract && !s.edge).map((s) => ({ name: s.name, label: L.schema(s.name) }))
      .sort((a, b) => a.label.localeCompare(b.label)),
    [meta, i18n.language], // labels change with the language

  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(href.search(text.trim(), schemaSel));
  };

  const data = results.data;
  return (
    <section>
      <PageTitle title={t('web.search.title')}>{t('web.search.title')}</PageTitle>
      <form className="search-form" role="search" onSubmit={submit} aria-label={t('web.search.title')}>
        <div className="field grow">
          <label htmlFor="search-q">{t('web.search.query')}</label>
          <input id="search-q" type="search" value={text} onChange={(e) => setText(e.target.value)}
            placeholder={t('web.search.placeholder')} aria-describedby="search-help" autoComplete="off" spellCheck={false} />
        </div>
        <div className="field">
          <label htmlFor="search-schema">{t('web.search.schema')}</label>
          <select id="search-schema" value={schemaSel} onChange={(e) => setSchemaSel(e.target.value)}>
            <option value="">{t('web.search.any_schema')}</option>
            {schemata.map((s) => <option key={s.name} value={s.name}>{s.label}</option>)}
          </select>
        </div>
        <button type="submit" className="btn btn-primary">{t('web.search.submit')}</button>
      </form>
      <p id="search-help" className="help">{t('web.search.help')}</p>

      {!q.trim() ? (
        <Empty>{t('web.search.start')}</Empty>
      ) : results.isPending ? (
        <Loading label={t('web.search.searching')} />
      ) : results.isError ? (
        <ErrorAlert error={results.error} />
      ) : data && data.results.length === 0 ? (
        <Empty>{t('web.search.none', { q })}</Empty>
      ) : data ? (
        <>
          <p className="result-count" role="status" aria-live="polite">
            {t('web.search.count', { total: data.total, from: offset + 1, to: offset + data.results.length, q })}
          </p>
          <div className="table-wrap">
            <table className="data results">
              <caption className="sr-only">{t('web.search.table_caption', { q })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('web.search.col.name')}</th>
                  <th scope="col">{t('web.search.col.schema')}</th>
                  <th scope="col">{t('web.search.col.owner')}</th>
                  <th scope="col">{t('web.search.col.distribution')}</th>
                  <th scope="col" className="num">{t('web.search.col.score')}</th>
                </tr>
              </thead>
              <tbody>
                {data.results.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <a href={href.entity(r.id)} className="entity-link">{r.caption}</a>
                      {r.matchedName && r.matchedName !== r.caption && (
                        <div className="matched">{t('web.search.matched', { name: r.matchedName })}</div>
                      )}
                    </td>
                    <td>{L.schema(r.schema)}</td>
                    <td><span className={`flag flag-${r.ownerCountry.toLowerCase()}`}>{r.ownerCountry}</span> {r.ownerAgency}</td>
                    <td><Badge kind={r.distribution}>{L.distribution(r.distribution)}</Badge></td>
                    <td className="num"><ScoreBar value={r.score} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager total={data.total} offset={offset} page={PAGE} onPage={(o) => navigate(href.search(q, schema, o))} label={t('web.search.pages')} />
        </>
      ) : null}
    </section>
  );
}

function ScoreBar({ value }: { value: number }) {
  const pct = Math.max(0, Math.min(1, value)) * 100;
  return (
    <span className="score">
      <span className="score-bar" aria-hidden="true"><span style={{ width: `${pct}%` }} /></span>
      {score(value)}
    </span>
  );
}

