/**
 * The Network for Homicide Prevention's practice library: search (every word, accents ignored, either
 * language), filter by country and strength of evidence, read each practice in the reader's language with
 * the other language's title beside it, and publish a practice in both languages.
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, qs, type Bilingual } from '../api';
import { currentLang } from '../i18n';
import { navigate } from '../router';
import { Empty, ErrorAlert, Loading, PageTitle } from '../components/ui';
import { isoDate } from '../format';
import { bi, ProtectTabs } from './ProtectShared';
import { protectHref } from './ProtectRoutes';

interface Practice {
  id: string; title: Bilingual; programme: Bilingual; place: string; placeCode: string | null; country: string; population: Bilingual;
  evidenceLevel: string; evidence: Bilingual; outcomeMeasures: string[]; contacts: Array<{ name: string; organisation: string; email: string }>;
  ownerAgency: string; publishedAt: string;
}
const LEVELS = ['rigorous', 'promising', 'emerging', 'anecdotal'] as const;

export function ProtectPracticesScreen({ q }: { q: string }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(q);
  const [country, setCountry] = useState('');
  const [evidence, setEvidence] = useState('');
  const found = useQuery({
    queryKey: ['protect', 'practices', q, country, evidence],
    queryFn: () => api<{ total: number; practices: Practice[] }>(`/protect/practices${qs({ q, country, evidence })}`),
  });
  const other = currentLang() === 'en' ? 'es' : 'en';
  return (
    <section>
      <ProtectTabs current="practices" />
      <PageTitle title={t('protect.practices.title')}>{t('protect.practices.title')}</PageTitle>
      <p className="help">{t('protect.practices.intro')}</p>
      <form className="search-form filter-form" role="search" onSubmit={(e: FormEvent) => { e.preventDefault(); navigate(protectHref.practices(draft.trim())); }}>
        <div className="field grow"><label htmlFor="pp-q">{t('protect.practices.search')}</label><input id="pp-q" type="search" value={draft} onChange={(e) => setDraft(e.target.value)} /></div>
        <div className="field"><label htmlFor="pp-country">{t('protect.practices.country')}</label>
          <select id="pp-country" value={country} onChange={(e) => setCountry(e.target.value)}>
            <option value="">{t('protect.any')}</option><option value="MX">{t('country.MX')}</option><option value="US">{t('country.US')}</option>
          </select></div>
        <div className="field"><label htmlFor="pp-evidence">{t('protect.practices.evidence')}</label>
          <select id="pp-evidence" value={evidence} onChange={(e) => setEvidence(e.target.value)}>
            <option value="">{t('protect.any')}</option>{LEVELS.map((l) => <option key={l} value={l}>{t(`protect.evidence.${l}`)}</option>)}
          </select></div>
        <button type="submit" className="btn btn-primary">{t('protect.practices.search_button')}</button>
      </form>
      {found.isPending ? <Loading /> : found.isError ? <ErrorAlert error={found.error} /> : !found.data.practices.length ? <Empty>{t('protect.practices.none')}</Empty> : (
        <>
          <p className="result-count" role="status" aria-live="polite">{t('protect.practices.count', { n: found.data.total })}</p>
          <ul className="practice-list">
            {found.data.practices.map((p) => (
              <li key={p.id} className="panel practice">
                <h2 lang={currentLang()}>{bi(p.title)}</h2>
                <p className="muted small" lang={other}>{p.title[other]}</p>
                <p>{bi(p.programme)}</p>
                <dl className="meta-list">
                  <dt>{t('protect.practices.place')}</dt><dd>{p.place} ({t(`country.${p.country}`)})</dd>
                  <dt>{t('protect.practices.population')}</dt><dd>{bi(p.population)}</dd>
                  <dt>{t('protect.practices.evidence')}</dt><dd><span className={`badge badge-ev-${p.evidenceLevel}`}>{t(`protect.evidence.${p.evidenceLevel}`)}</span> {bi(p.evidence)}</dd>
                  <dt>{t('protect.practices.outcomes')}</dt><dd>{p.outcomeMeasures.join(' · ')}</dd>
                  <dt>{t('protect.practices.contacts')}</dt><dd>{p.contacts.map((c) => <span key={c.email}>{c.name}, {c.organisation} — <a href={`mailto:${c.email}`}>{c.email}</a></span>)}</dd>
                  <dt>{t('protect.practices.published')}</dt><dd>{p.ownerAgency} · {isoDate(p.publishedAt)}</dd>
                </dl>
              </li>
            ))}
          </ul>
        </>
      )}
      <PublishForm />
    </section>
  );
}

function PublishForm() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const empty = { titleEn: '', titleEs: '', progEn: '', progEs: '', place: '', country: 'MX', popEn: '', popEs: '', level: 'emerging', evEn: '', evEs: '', outcomes: '', contactName: '', contactOrg: '', contactEmail: '' };
  const [d, setD] = useState(empty);
  const publish = useMutation({
    mutationFn: () => api('/protect/practices', {
      method: 'POST',
      body: {
        title: { en: d.titleEn, es: d.titleEs }, programme: { en: d.progEn, es: d.progEs }, place: d.place, country: d.country,
        population: { en: d.popEn, es: d.popEs }, evidenceLevel: d.level, evidence: { en: d.evEn, es: d.evEs },
        outcomeMeasures: d.outcomes.split(';').map((s) => s.trim()).filter(Boolean),
        contacts: d.contactEmail ? [{ name: d.contactName, organisation: d.contactOrg, email: d.contactEmail }] : [],
      },
    }),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: ['protect', 'practices'] }); setD(empty); },
  });
  const field = (k: keyof typeof empty, label: string, opts: { area?: boolean; type?: string; lang?: string; required?: boolean } = {}) => (
    <div className={`field${opts.area ? ' grow' : ''}`}>
      <label htmlFor={`pub-${k}`}>{label}</label>
      {opts.area
        ? <textarea id={`pub-${k}`} lang={opts.lang} rows={2} required={opts.required !== false} value={d[k]} onChange={(e) => setD({ ...d, [k]: e.target.value })} />
        : <input id={`pub-${k}`} lang={opts.lang} type={opts.type ?? 'text'} required={opts.required !== false} value={d[k]} onChange={(e) => setD({ ...d, [k]: e.target.value })} />}
    </div>
  );
  return (
    <details className="panel">
      <summary>{t('protect.publish.title')}</summary>
      <form className="form-grid" onSubmit={(e) => { e.preventDefault(); publish.mutate(); }}>
        <p className="help">{t('protect.publish.help')}</p>
        {field('titleEn', t('protect.publish.title_en'), { lang: 'en' })}{field('titleEs', t('protect.publish.title_es'), { lang: 'es' })}
        {field('progEn', t('protect.publish.programme_en'), { area: true, lang: 'en' })}{field('progEs', t('protect.publish.programme_es'), { area: true, lang: 'es' })}
        {field('place', t('protect.practices.place'))}
        <div className="field"><label htmlFor="pub-country">{t('protect.practices.country')}</label>
          <select id="pub-country" value={d.country} onChange={(e) => setD({ ...d, country: e.target.value })}><option value="MX">{t('country.MX')}</option><option value="US">{t('country.US')}</option></select></div>
        {field('popEn', t('protect.publish.population_en'), { lang: 'en' })}{field('popEs', t('protect.publish.population_es'), { lang: 'es' })}
        <div className="field"><label htmlFor="pub-level">{t('protect.practices.evidence')}</label>
          <select id="pub-level" value={d.level} onChange={(e) => setD({ ...d, level: e.target.value })}>{LEVELS.map((l) => <option key={l} value={l}>{t(`protect.evidence.${l}`)}</option>)}</select></div>
        {field('evEn', t('protect.publish.evidence_en'), { area: true, lang: 'en' })}{field('evEs', t('protect.publish.evidence_es'), { area: true, lang: 'es' })}
        {field('outcomes', t('protect.publish.outcomes'), { required: false })}
        {field('contactName', t('protect.publish.contact_name'), { required: false })}{field('contactOrg', t('protect.publish.contact_org'), { required: false })}
        {field('contactEmail', t('protect.publish.contact_email'), { type: 'email', required: false })}
        <ErrorAlert error={publish.error} />
        <div role="status">{publish.isSuccess && <p className="alert alert-ok">{t('protect.publish.done')}</p>}</div>
        <button type="submit" className="btn btn-primary" disabled={publish.isPending}>{t('protect.publish.submit')}</button>
      </form>
    </details>
  );
}
