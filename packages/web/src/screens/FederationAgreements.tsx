/**
 * The sharing agreements with the partner, version by version: parties, what may cross (schemata and their
 * properties), for which purposes, under which legal basis, for how long, at which distribution, which disclosures
 * need a second person's approval, and each node's signature (who, when). The title is the agreement's own, in the
 * reader's language; every other word is the catalogue's. Administrators sign a version their node has not signed.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Me } from '../api';
import { isoDate, isoTime } from '../format';
import { currentLang, maybeT } from '../i18n';
import { useLabels, useMeta } from '../labels';
import { Badge, Empty, ErrorAlert, Loading } from '../components/ui';
import { bi, NeedsRoute, type FedRoutes, type PartnerView } from './Federation';

type Bi = { en: string; es: string };
/** One party node of an agreement and the countries and agencies of it that the agreement covers. */
export interface AgreementParty { node: string; country: string; members: string[] }
export interface AgreementBody {
  id: string; version: number; title: Bi; parties: AgreementParty[]; schemata: string[]; properties?: Record<string, string[]>;
  purposes: string[]; legalBasis: string; retentionDays: number; distributions: string[]; approvalRequired: string[];
  validFrom: string; validTo: string | null;
}
export interface Signature { node: string; keyId: string; username: string; signedAt: string; valid: boolean }
/** One version of an agreement as the node shows it (services/federation/agreements.ts AgreementView). */
export interface Agreement {
  id: string; version: number; body: AgreementBody; bodyHash: string; proposedBy: string;
  status: 'proposed' | 'signed' | 'superseded'; active: boolean; expired: boolean;
  signatures: Signature[]; awaiting: string[]; createdAt: string; activatedAt: string | null;
}

export function agreementTitle(a: Agreement, lang = currentLang()): string {
  return bi(a.body.title, lang) || a.id;
}

/** proposed / awaiting a signature, in force, expired, superseded. */
export function agreementState(a: Agreement): string {
  if (a.status === 'superseded') return 'superseded';
  if (a.expired) return 'expired';
  if (a.active) return 'active';
  return a.status === 'signed' ? 'signed' : 'proposed';
}

export function AgreementsTab({ me, routes }: { me: Me; routes: FedRoutes; partners: PartnerView[] }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="fed-agreements-h">
      <h2 id="fed-agreements-h">{t('web.federation.agreements.title')}</h2>
      <p className="help">{t('web.federation.agreements.help')}</p>
      <NeedsRoute routes={routes} path="/federation/agreements" what={t('web.federation.tab.agreements')}>
        <AgreementList me={me} routes={routes} />
      </NeedsRoute>
    </section>
  );
}

function AgreementList({ me, routes }: { me: Me; routes: FedRoutes }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['federation', 'agreements'], queryFn: () => api<{ agreements: Agreement[] }>('/federation/agreements'), refetchInterval: 5000 });
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorAlert error={q.error} />;
  if (q.data.agreements.length === 0) return <Empty>{t('web.federation.agreements.none')}</Empty>;
  const canSign = me.user.roles.includes('admin') && routes.has('POST', '/federation/agreements/{id}/sign');
  return (
    <ol className="plain fed-agreements">
      {q.data.agreements.map((a) => <li key={`${a.id}@${a.version}`}><AgreementCard a={a} canSign={canSign} /></li>)}
    </ol>
  );
}

function AgreementCard({ a, canSign }: { a: Agreement; canSign: boolean }) {
  const { t, i18n } = useTranslation();
  const L = useLabels();
  const meta = useMeta().data;
  const qc = useQueryClient();
  const sign = useMutation({
    mutationFn: () => api(`/federation/agreements/${encodeURIComponent(a.id)}/sign`, { method: 'POST', body: { version: a.version } }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['federation'] }),
  });
  const lang = i18n.language === 'es' ? 'es' : 'en';
  const b = a.body;
  const state = agreementState(a);
  const ownSigned = !!meta && a.signatures.some((s) => s.node === meta.node);
  const headingId = `fed-agr-${a.id}-${a.version}`.replace(/[^\w-]/g, '_');
  const member = (m: string) => (/^[A-Z]{2}$/.test(m) ? L.country(m) : m);
  const schemaLine = (s: string) => {
    const props = b.properties?.[s];
    return props?.length ? t('web.federation.agreement.schema_props', { schema: L.schema(s), props: props.map((p) => L.prop(s, p)).join(', ') }) : L.schema(s);
  };
  const approval = (k: string) => (meta?.schemata.some((s) => s.name === k) ? L.schema(k) : maybeT(`web.federation.approval.${k}`, k));
  return (
    <article className="fed-agreement" aria-labelledby={headingId}>
      <h3 id={headingId}>
        <span className="fed-agreement-title" lang={lang}>{agreementTitle(a, lang)}</span>{' '}
        <Badge kind="schema">{t('web.federation.agreement.version', { version: a.version })}</Badge>{' '}
        <Badge kind={state === 'active' ? 'outcome-ok' : state === 'expired' || state === 'superseded' ? 'outcome-denied' : 'outcome-failed'}>{t(`web.federation.agreement.status.${state}`)}</Badge>
      </h3>
      <dl className="meta-list">
        <dt>{t('web.federation.agreement.id')}</dt><dd><code>{a.id}</code></dd>
        <dt>{t('web.federation.agreement.parties')}</dt>
        <dd>
          <ul className="plain">
            {b.parties.map((p) => <li key={p.node}>{t('web.federation.agreement.party', { node: p.node, country: L.country(p.country), members: p.members.map(member).join(', ') })}</li>)}
          </ul>
        </dd>
        <dt>{t('web.federation.agreement.schemata')}</dt>
        <dd>{b.schemata.length ? b.schemata.map(schemaLine).join(' · ') : t('web.federation.agreement.none_listed')}</dd>
        <dt>{t('web.federation.agreement.purposes')}</dt><dd>{b.purposes.map(L.purpose).join(', ')}</dd>
        <dt>{t('web.federation.agreement.legal_basis')}</dt><dd>{b.legalBasis}</dd>
        <dt>{t('web.federation.agreement.retention')}</dt><dd>{t('web.federation.agreement.retention_days', { days: b.retentionDays })}</dd>
        <dt>{t('web.federation.agreement.distributions')}</dt><dd>{b.distributions.map(L.distribution).join(', ')}</dd>
        <dt>{t('web.federation.agreement.approval')}</dt>
        <dd>{b.approvalRequired.length === 0 ? t('web.federation.agreement.approval_none') : b.approvalRequired.map(approval).join(', ')}</dd>
        <dt>{t('web.federation.agreement.valid')}</dt>
        <dd>{b.validTo ? t('web.federation.agreement.valid_range', { from: isoDate(b.validFrom), to: isoDate(b.validTo) }) : t('web.federation.agreement.valid_from', { from: isoDate(b.validFrom) })}</dd>
      </dl>
      <h4>{t('web.federation.agreement.signatures')}</h4>
      <ul className="plain fed-signatures">
        {b.parties.map((p) => {
          const s = a.signatures.find((x) => x.node === p.node);
          return (
            <li key={p.node}>
              <code>{p.node}</code>{' '}
              {!s ? <Badge kind="outcome-failed">{t('web.federation.agreement.unsigned')}</Badge>
                : <><Badge kind={s.valid ? 'outcome-ok' : 'outcome-denied'}>{s.valid ? t('web.federation.agreement.signed') : t('web.federation.agreement.signature_invalid')}</Badge>{' '}
                  {t('web.federation.agreement.signed_by', { who: s.username, at: isoTime(s.signedAt) })} <span className="muted small">{t('web.federation.agreement.key', { keyId: s.keyId })}</span></>}
            </li>
          );
        })}
      </ul>
      {canSign && !ownSigned && a.status === 'proposed' && (
        <div className="actions">
          <button type="button" className="btn btn-primary" disabled={sign.isPending} onClick={() => sign.mutate()}>{t('web.federation.agreement.sign')}</button>
          <span className="muted small">{t('web.federation.agreement.sign_help')}</span>
        </div>
      )}
      {sign.isError && <ErrorAlert error={sign.error} />}
      {canSign && a.status === 'signed' && <ProposeVersion a={a} />}
    </article>
  );
}

/**
 * An administrator proposes the next version of an agreement in force: the same terms with a changed retention,
 * end date, purposes or legal basis. This node signs it at once; it is in force when the partner's administrator signs.
 */
function ProposeVersion({ a }: { a: Agreement }) {
  const { t } = useTranslation();
  const L = useLabels();
  const meta = useMeta().data;
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [retentionDays, setRetentionDays] = useState(String(a.body.retentionDays));
  const [validTo, setValidTo] = useState(a.body.validTo ?? '');
  const [legalBasis, setLegalBasis] = useState(a.body.legalBasis);
  const [purposes, setPurposes] = useState<string[]>(a.body.purposes);
  const propose = useMutation({
    mutationFn: () => {
      const { version: _v, ...body } = a.body;
      return api<{ agreement: Agreement }>('/federation/agreements', {
        method: 'POST',
        body: { ...body, retentionDays: Number(retentionDays), validTo: validTo || null, legalBasis: legalBasis.trim(), purposes },
      });
    },
    onSuccess: () => setOpen(false),
    onSettled: () => qc.invalidateQueries({ queryKey: ['federation', 'agreements'] }),
  });
  const id = `fed-prop-${a.id}`.replace(/[^\w-]/g, '_');
  if (!open) {
    return (
      <div className="actions">
        <button type="button" className="btn" aria-expanded={false} aria-controls={id} onClick={() => setOpen(true)}>{t('web.federation.propose.open')}</button>
        {propose.isSuccess && <span role="status">{t('web.federation.propose.done', { version: propose.data.agreement.version })}</span>}
      </div>
    );
  }
  const submit = (e: FormEvent) => { e.preventDefault(); propose.mutate(); };
  return (
    <form id={id} className="fed-form fed-propose" onSubmit={submit} aria-labelledby={`${id}-h`}>
      <h4 id={`${id}-h`}>{t('web.federation.propose.title', { version: a.version + 1 })}</h4>
      <p className="help">{t('web.federation.propose.help')}</p>
      <div className="filter-form">
        <div className="field">
          <label htmlFor={`${id}-ret`}>{t('web.federation.propose.retention')}</label>
          <input id={`${id}-ret`} type="number" min={1} max={36500} required value={retentionDays} onChange={(e) => setRetentionDays(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>{t('web.federation.propose.valid_to')}</label>
          <input id={`${id}-to`} type="date" value={validTo} min={a.body.validFrom} onChange={(e) => setValidTo(e.target.value)} />
        </div>
        <div className="field grow">
          <label htmlFor={`${id}-basis`}>{t('web.federation.agreement.legal_basis')}</label>
          <input id={`${id}-basis`} required maxLength={500} value={legalBasis} onChange={(e) => setLegalBasis(e.target.value)} />
        </div>
      </div>
      <fieldset className="fed-purposes">
        <legend>{t('web.federation.agreement.purposes')}</legend>
        {(meta?.purposes ?? []).map((p) => (
          <label key={p} className="fed-check">
            <input type="checkbox" checked={purposes.includes(p)} onChange={(e) => setPurposes(e.target.checked ? [...purposes, p] : purposes.filter((x) => x !== p))} />
            {' '}{L.purpose(p)}
          </label>
        ))}
      </fieldset>
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={propose.isPending || purposes.length === 0}>{t('web.federation.propose.submit')}</button>
        <button type="button" className="btn btn-quiet" onClick={() => setOpen(false)}>{t('web.federation.propose.cancel')}</button>
      </div>
      {propose.isError && <ErrorAlert error={propose.error} />}
    </form>
  );
}
