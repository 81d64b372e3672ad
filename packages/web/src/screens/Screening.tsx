/**
 * Screening against designation lists: screen one name (with what else is known: kind of party, country, birth
 * date), screen a CSV file, review hits and the alerts list updates raise on the node's own records and decide
 * them, and see what each list update changed. Views are routes (#/screening, /batch, /review, /lists), so Back
 * and bookmarks work; every hit carries the explanation of its score.
 */
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Me } from '../api';
import { useLabels } from '../labels';
import { href } from '../router';
import { Empty, ErrorAlert, PageTitle } from '../components/ui';
import { HitList, SCREENING_PURPOSES, type Hit, type Run, type ScreeningQuery } from './ScreeningHits';
import { ScreeningReview } from './ScreeningReview';
import { ScreeningLists } from './ScreeningLists';
import './Screening.css';

export type ScreeningView = 'screen' | 'batch' | 'review' | 'lists';

export function ScreeningScreen({ view, versionId, me }: { view: ScreeningView; versionId?: string; me: Me }) {
  const { t } = useTranslation();
  const views: Array<{ view: ScreeningView; label: string }> = [
    { view: 'screen', label: t('web.screening.view.screen') },
    { view: 'batch', label: t('web.screening.view.batch') },
    { view: 'review', label: t('web.screening.view.review') },
    { view: 'lists', label: t('web.screening.view.lists') },
  ];
  const roles = me.user.roles;
  const auditor = roles.includes('auditor') && me.purpose === 'oversight';
  const screener = (roles.includes('analyst') || roles.includes('supervisor')) && SCREENING_PURPOSES.includes(me.purpose ?? '');
  const current = views.find((v) => v.view === view)!;
  return (
    <section>
      <PageTitle title={`${current.label} · ${t('web.screening.title')}`} sub={t('web.screening.sub')}>{t('web.screening.title')}</PageTitle>
      <nav className="scr-tabs" aria-label={t('web.screening.views')}>
        <ul>
          {views.map((v) => (
            <li key={v.view}><a href={href.screening(v.view)} aria-current={v.view === view ? 'page' : undefined}>{v.label}</a></li>
          ))}
        </ul>
      </nav>
      {!screener && !auditor && <p className="alert alert-info">{t('web.screening.purpose_needed')}</p>}
      {view === 'screen' && <ScreenName canDecide={screener} />}
      {view === 'batch' && <ScreenBatch canDecide={screener} />}
      {view === 'review' && <ScreeningReview canDecide={screener} />}
      {view === 'lists' && <ScreeningLists versionId={versionId} canImport={roles.includes('supervisor')} />}
    </section>
  );
}

const SCHEMATA = ['Person', 'Company', 'Organization', 'Vessel', 'Airplane'];

function ScreenName({ canDecide }: { canDecide: boolean }) {
  const { t } = useTranslation();
  const L = useLabels();
  const [form, setForm] = useState({ name: '', schema: '', country: '', birthDate: '' });
  const screen = useMutation({
    mutationFn: (q: typeof form) => api<{ run: Run; hits: Hit[] }>('/screening/screen', {
      method: 'POST',
      body: {
        name: q.name.trim(), ...(q.schema ? { schema: q.schema } : {}), ...(q.country.trim() ? { country: q.country.trim() } : {}),
        ...(q.birthDate.trim() ? { birthDate: q.birthDate.trim() } : {}),
      },
    }),
  });
  const submit = (e: FormEvent) => { e.preventDefault(); screen.mutate(form); };
  const set = (k: keyof typeof form) => (e: ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setForm({ ...form, [k]: e.target.value });
  const r = screen.data;
  return (
    <>
      <form className="search-form scr-form" onSubmit={submit} aria-label={t('web.screening.view.screen')}>
        <div className="field grow">
          <label htmlFor="scr-name">{t('web.screening.form.name')}</label>
          <input id="scr-name" value={form.name} onChange={set('name')} required maxLength={500} autoComplete="off" spellCheck={false}
            placeholder={t('web.screening.form.name_placeholder')} aria-describedby="scr-help" />
        </div>
        <div className="field">
          <label htmlFor="scr-schema">{t('web.screening.form.schema')}</label>
          <select id="scr-schema" value={form.schema} onChange={set('schema')}>
            <option value="">{t('web.screening.form.any_schema')}</option>
            {SCHEMATA.map((s) => <option key={s} value={s}>{L.schema(s)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="scr-country">{t('web.screening.form.country')}</label>
          <input id="scr-country" value={form.country} onChange={set('country')} maxLength={60} autoComplete="off" size={8}
            placeholder="MX" aria-describedby="scr-country-help" />
        </div>
        <div className="field">
          <label htmlFor="scr-birth">{t('web.screening.form.birth_date')}</label>
          <input id="scr-birth" value={form.birthDate} onChange={set('birthDate')} maxLength={10} autoComplete="off" size={12}
            placeholder={t('web.screening.form.birth_date_placeholder')} pattern="\d{4}(-\d{2}(-\d{2})?)?" />
        </div>
        <button type="submit" className="btn btn-primary" disabled={screen.isPending}>{t('web.screening.form.submit')}</button>
      </form>
      <p id="scr-help" className="help">{t('web.screening.form.help')}</p>
      <p id="scr-country-help" className="sr-only">{t('web.screening.form.country_help')}</p>
      {screen.isError && <ErrorAlert error={screen.error} />}
      {r && <ScreenResult run={r.run} hits={r.hits} query={screen.variables?.name ?? ''} canDecide={canDecide} />}
    </>
  );
}

function ScreenResult({ run, hits, query, canDecide }: { run: Run; hits: Hit[]; query: string; canDecide: boolean }) {
  const { t } = useTranslation();
  return (
    <section className="scr-result" aria-labelledby="scr-result-h">
      <h2 id="scr-result-h">{t('web.screening.result.title')}</h2>
      <p className="result-count" role="status" aria-live="polite">
        {t('web.screening.result.count', { hits: hits.length, name: query, lists: run.versions.length, threshold: run.threshold.toFixed(2) })}
      </p>
      {hits.length === 0
        ? <Empty>{t('web.screening.result.none', { threshold: run.threshold.toFixed(2) })}</Empty>
        : <HitList hits={hits} canDecide={canDecide} label={t('web.screening.result.hits_label', { name: query })} />}
    </section>
  );
}

interface BatchRow { line: number; queryId: string; query: ScreeningQuery; hits: Hit[] }

/** Rows shown after a batch (the rest are counted, and reviewed under Review). */
const SHOWN_ROWS = 200;

function ScreenBatch({ canDecide }: { canDecide: boolean }) {
  const { t } = useTranslation();
  const [file, setFile] = useState('upload.csv');
  const [csv, setCsv] = useState('');
  const [readError, setReadError] = useState(false);
  const batch = useMutation({
    mutationFn: () => api<{ run: Run; rows: BatchRow[] }>('/screening/batch', { method: 'POST', body: { file, csv } }),
  });
  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    if (!f) return;
    setReadError(false);
    try {
      setCsv(await f.text());
      setFile(f.name);
    } catch {
      setReadError(true);
    }
  };
  const submit = (e: FormEvent) => { e.preventDefault(); batch.mutate(); };
  const r = batch.data;
  const withHits = r ? r.rows.filter((x) => x.hits.length) : [];
  return (
    <>
      <form className="panel scr-batch" onSubmit={submit} aria-labelledby="scr-batch-h">
        <h2 id="scr-batch-h">{t('web.screening.batch.title')}</h2>
        <p className="help" id="scr-batch-help">{t('web.screening.batch.help')}</p>
        <div className="field">
          <label htmlFor="scr-file">{t('web.screening.batch.file')}</label>
          <input id="scr-file" type="file" accept=".csv,text/csv,text/plain" onChange={pick} aria-describedby="scr-batch-help" />
        </div>
        <div className="field grow">
          <label htmlFor="scr-csv">{t('web.screening.batch.text')}</label>
          <textarea id="scr-csv" className="mono" rows={8} value={csv} onChange={(e) => { setCsv(e.target.value); setFile('pasted.csv'); }}
            placeholder={'id,name,schema,country,birth_date\n1,Juan Pérez García,Person,MX,1970-03-15'} required spellCheck={false} />
        </div>
        {readError && <p className="alert alert-error" role="alert">{t('web.screening.batch.read_error')}</p>}
        <button type="submit" className="btn btn-primary" disabled={batch.isPending || !csv.trim()}>{t('web.screening.batch.submit')}</button>
      </form>
      {batch.isError && <ErrorAlert error={batch.error} />}
      {r && (
        <section aria-labelledby="scr-batch-result-h">
          <h2 id="scr-batch-result-h">{t('web.screening.batch.result', { file: r.run.file ?? file })}</h2>
          <p className="result-count" role="status" aria-live="polite">
            {t('web.screening.batch.count', { queries: r.run.queries, withHits: withHits.length, hits: r.run.hits })}
          </p>
          {withHits.length === 0 ? <Empty>{t('web.screening.batch.none')}</Empty> : (
            <ul className="scr-batch-rows">
              {withHits.slice(0, SHOWN_ROWS).map((row) => (
                <li key={row.line}>
                  <details>
                    <summary>
                      <span className="mono">{t('web.screening.batch.row', { line: row.line, id: row.queryId })}</span>{' '}
                      <strong>{row.query.name}</strong>{' '}
                      <span className="muted">{t('web.screening.batch.row_hits', { hits: row.hits.length, best: row.hits[0]!.entryCaption, score: row.hits[0]!.score.toFixed(2) })}</span>
                    </summary>
                    <HitList hits={row.hits} canDecide={canDecide} openFirst={false} compact label={t('web.screening.result.hits_label', { name: row.query.name })} />
                  </details>
                </li>
              ))}
            </ul>
          )}
          {withHits.length > SHOWN_ROWS && <p className="help">{t('web.screening.batch.more', { rows: withHits.length - SHOWN_ROWS })}</p>}
        </section>
      )}
    </>
  );
}
