/**
 * Hits of a screening, as the analyst reviews them: ranked, each with the explanation of its score (the parts of
 * the two names that matched and how, the parts left unmatched and what they cost, the qualifiers — schema,
 * country, birth date — with their weights) and the decision form (match / false positive, with a reason).
 * Shared by the Screening views; the node's JSON shapes are declared here.
 */
import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { isoTime, score } from '../format';
import { maybeT } from '../i18n';
import { useLabels } from '../labels';
import { Badge, ErrorAlert } from '../components/ui';

// ---- Shapes of the node's JSON (api/routes/screening.ts) ----

export interface ScreeningQuery { id?: string; name: string; schema?: string; country?: string; birthDate?: string }
export interface MatchedPair { query: string; candidate: string; role: string; sim: number; method: string; weight: number }
export interface UnmatchedPart { side: 'query' | 'candidate'; part: string; role: string; weight: number; cost: number }
export interface Explanation {
  matchedName: string; nameKind: 'primary' | 'alias' | 'previous' | 'weak';
  name: { score: number; num: number; den: number; pairs: MatchedPair[]; unmatched: UnmatchedPart[]; shortcut?: 'literal' | 'compact' };
  factor: number; features: Array<{ feature: string; weight: number; detail?: string }>; score: number;
}
export interface Decision { id: string; decision: 'match' | 'false_positive'; reason: string; actorId: string; actorAgency: string; purpose: string | null; decidedAt: string }
export interface Hit {
  id: string; runId: string; queryId: string; query: ScreeningQuery; entityId: string | null; rank: number; listId: string; versionId: string;
  entryId: string; entryCaption: string; entrySchema: string; matchedName: string; score: number; explanation: Explanation; createdAt: string;
  decision: Decision | null;
}
export interface Run {
  id: string; kind: 'single' | 'batch' | 'rescreen'; actorId: string | null; actorAgency: string | null; purpose: string | null;
  versions: string[]; threshold: number; file: string | null; queries: number; hits: number; alerts: number; createdAt: string;
}
export interface ListName { text: string; kind: 'primary' | 'alias' | 'previous' | 'weak' }
export interface ListEntry { id: string; schema: string; caption: string; names: ListName[]; countries?: string[]; birthDates?: string[]; programs?: string[] }
export interface Version {
  id: string; listId: string; seq: number; label: string; format: string; files: string[]; importedAt: string; importedBy: string | null;
  entries: number; contentHash: string; added: number; changed: number; removed: number;
}
export interface ListInfo { id: string; title: string; source: string; createdAt: string; versions: number; current: Version | null }
export interface Change { entryId: string; change: 'added' | 'changed' | 'removed'; caption: string; schema: string; fields: string[]; before: ListEntry | null; after: ListEntry | null }
export interface Alert { id: string; status: 'open' | 'decided' | 'delisted'; createdAt: string; updatedAt: string; entity: { id: string; schema: string; caption: string }; hit: Hit }

/** Purposes for which screening is allowed (authz/policies/40-screening.cedar). */
export const SCREENING_PURPOSES = ['sanctions_screening', 'financial_intelligence'];

/** Catalogue keys are slugs: the engine's role names ("surname?", "single word") made key-safe. */
const slug = (s: string) => s.replace(/\?/g, '_maybe').replace(/[^a-z0-9_]+/gi, '_').toLowerCase();
export function useScreeningLabels() {
  const { t } = useTranslation();
  return {
    t,
    role: (r: string) => maybeT(`web.screening.role.${slug(r)}`, r),
    method: (m: string) => maybeT(`web.screening.method.${m}`, m),
    feature: (f: string) => maybeT(`web.screening.feature.${f}`, f),
    kind: (k: string) => maybeT(`web.screening.kind.${k}`, k),
    decision: (d: string) => maybeT(`web.screening.decision.${d}`, d),
  };
}

const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(2)}`;

export function ScoreBar({ value, label }: { value: number; label?: string }) {
  const pct = Math.max(0, Math.min(1, value)) * 100;
  return (
    <span className="score" aria-label={label}>
      <span className="score-bar" aria-hidden="true"><span style={{ width: `${pct}%` }} /></span>
      {score(value)}
    </span>
  );
}

/** Why an entry scored what it scored: the engine's explanation, laid out as tables. */
export function ExplanationView({ e, subject = 'query' }: { e: Explanation; subject?: 'query' | 'record' }) {
  const S = useScreeningLabels();
  const { t } = S;
  const n = e.name;
  return (
    <div className="scr-explain">
      <p className="scr-formula">
        {n.shortcut
          ? t('web.screening.explain.shortcut', { score: n.score.toFixed(3), how: t(`web.screening.explain.shortcut_${n.shortcut}`) })
          : t('web.screening.explain.formula', { score: n.score.toFixed(3), num: n.num.toFixed(2), den: n.den.toFixed(2) })}
      </p>
      {n.pairs.length > 0 && (
        <div className="table-wrap">
          <table className="data scr-parts">
            <caption>{t('web.screening.explain.matched')}</caption>
            <thead>
              <tr>
                <th scope="col">{subject === 'query' ? t('web.screening.explain.col.query_part') : t('web.screening.explain.col.record_part')}</th>
                <th scope="col">{t('web.screening.explain.col.list_part')}</th>
                <th scope="col">{t('web.screening.explain.col.role')}</th>
                <th scope="col">{t('web.screening.explain.col.method')}</th>
                <th scope="col" className="num">{t('web.screening.explain.col.similarity')}</th>
                <th scope="col" className="num">{t('web.screening.explain.col.weight')}</th>
              </tr>
            </thead>
            <tbody>
              {n.pairs.map((p, i) => (
                <tr key={i}>
                  <td className="mono">{p.query}</td>
                  <td className="mono">{p.candidate}</td>
                  <td>{S.role(p.role)}</td>
                  <td>{S.method(p.method)}</td>
                  <td className="num">{p.sim.toFixed(2)}</td>
                  <td className="num">{p.weight.toFixed(2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {n.unmatched.length > 0 && (
        <div className="table-wrap">
          <table className="data scr-parts">
            <caption>{t('web.screening.explain.unmatched')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('web.screening.explain.col.side')}</th>
                <th scope="col">{t('web.screening.explain.col.part')}</th>
                <th scope="col">{t('web.screening.explain.col.role')}</th>
                <th scope="col" className="num">{t('web.screening.explain.col.cost')}</th>
              </tr>
            </thead>
            <tbody>
              {n.unmatched.map((u, i) => (
                <tr key={i}>
                  <td>{u.side === 'query' ? t('web.screening.explain.side_query') : t('web.screening.explain.side_list')}</td>
                  <td className="mono">{u.part}</td>
                  <td>{S.role(u.role)}</td>
                  <td className="num">{u.weight.toFixed(2)} × {u.cost.toFixed(2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="table-wrap">
        <table className="data scr-parts">
          <caption>{t('web.screening.explain.total')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('web.screening.explain.col.feature')}</th>
              <th scope="col">{t('web.screening.explain.col.detail')}</th>
              <th scope="col" className="num">{t('web.screening.explain.col.weight')}</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>{t('web.screening.explain.name_score')}</td>
              <td>{S.kind(e.nameKind)}: <span className="mono">{e.matchedName}</span></td>
              <td className="num">{n.score.toFixed(3)}</td>
            </tr>
            {e.factor !== 1 && (
              <tr>
                <td>{t('web.screening.explain.factor')}</td>
                <td>{S.kind(e.nameKind)}</td>
                <td className="num">× {e.factor.toFixed(2)}</td>
              </tr>
            )}
            {e.features.map((f) => (
              <tr key={f.feature}>
                <td>{S.feature(f.feature)}</td>
                <td className="mono">{f.detail ?? ''}</td>
                <td className="num">{signed(f.weight)}</td>
              </tr>
            ))}
            <tr className="scr-total">
              <th scope="row" colSpan={2}>{t('web.screening.explain.score')}</th>
              <td className="num"><strong>{e.score.toFixed(3)}</strong></td>
            </tr>
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** The latest decision on a hit. */
export function DecisionNote({ d }: { d: Decision }) {
  const S = useScreeningLabels();
  return (
    <p className="scr-decision">
      <Badge kind={d.decision === 'match' ? 'outcome-denied' : 'outcome-ok'}>{S.decision(d.decision)}</Badge>{' '}
      {S.t('web.screening.decided_by', { actor: d.actorId, agency: d.actorAgency, when: isoTime(d.decidedAt) })}
      <span className="scr-reason">{d.reason}</span>
    </p>
  );
}

/** Match / false positive, with the reason the node requires. */
export function DecisionForm({ hit, onDecided }: { hit: Hit; onDecided?: (d: Decision) => void }) {
  const { t } = useTranslation();
  const S = useScreeningLabels();
  const qc = useQueryClient();
  const id = useId();
  const [decision, setDecision] = useState<'match' | 'false_positive' | ''>('');
  const [reason, setReason] = useState('');
  const decide = useMutation({
    mutationFn: () => api<{ decision: Decision; hit: Hit }>(`/screening/hits/${encodeURIComponent(hit.id)}/decision`, { method: 'POST', body: { decision, reason } }),
    onSuccess: async (r) => {
      setReason('');
      setDecision('');
      onDecided?.(r.decision);
      await qc.invalidateQueries({ queryKey: ['screening'] });
    },
  });
  const submit = (e: FormEvent) => { e.preventDefault(); decide.mutate(); };
  return (
    <form className="scr-decide" onSubmit={submit} aria-label={t('web.screening.decide.label', { entry: hit.entryCaption })}>
      <fieldset>
        <legend>{t('web.screening.decide.legend')}</legend>
        {(['match', 'false_positive'] as const).map((d) => (
          <label key={d} className="scr-radio">
            <input type="radio" name={`${id}-decision`} value={d} checked={decision === d} onChange={() => setDecision(d)} required />
            {S.decision(d)}
          </label>
        ))}
      </fieldset>
      <div className="field grow">
        <label htmlFor={`${id}-reason`}>{t('web.screening.decide.reason')}</label>
        <textarea id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} rows={2} maxLength={2000} required
          aria-describedby={`${id}-help`} />
        <span id={`${id}-help`} className="help">{t('web.screening.decide.help')}</span>
      </div>
      <button type="submit" className="btn btn-primary" disabled={decide.isPending || !decision}>{t('web.screening.decide.submit')}</button>
      {decide.isError && <ErrorAlert error={decide.error} />}
    </form>
  );
}

/** One ranked hit: entry, score, matched name, explanation, decision. */
export function HitCard({ hit, open = false, subject = 'query', canDecide, compact = false }: {
  hit: Hit; open?: boolean; subject?: 'query' | 'record'; canDecide: boolean;
  /** the decision form folded under a summary (long review lists) */
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const L = useLabels();
  const S = useScreeningLabels();
  const [decided, setDecided] = useState<Decision | null>(hit.decision);
  const [justDecided, setJustDecided] = useState(false);
  const onDecided = (d: Decision) => { setDecided(d); setJustDecided(true); };
  return (
    <div className="scr-hit">
      <div className="scr-hit-head">
        <span className="scr-rank" aria-label={t('web.screening.rank', { rank: hit.rank })}>{hit.rank}</span>
        <div className="scr-hit-title">
          <strong className="scr-entry">{hit.entryCaption}</strong>{' '}
          <Badge kind="schema">{L.schema(hit.entrySchema)}</Badge>{' '}
          <span className="muted small">{t('web.screening.entry_ref', { list: hit.listId, id: hit.entryId })}</span>
          <div className="matched">
            {t('web.screening.matched', { name: hit.matchedName, kind: S.kind(hit.explanation.nameKind) })}
            {` · ${t(subject === 'query' ? 'web.screening.for_query' : 'web.screening.for_record', { name: hit.query.name })}`}
          </div>
        </div>
        <ScoreBar value={hit.score} label={t('web.screening.score_label', { score: score(hit.score) })} />
      </div>
      {decided && <DecisionNote d={decided} />}
      {justDecided && <p className="purpose-saved" role="status">{t('web.screening.decide.saved')}</p>}
      <details className="scr-why" open={open}>
        <summary>{t('web.screening.why')}</summary>
        <ExplanationView e={hit.explanation} subject={subject} />
      </details>
      {canDecide && (decided || compact ? (
        <details className="scr-redecide">
          <summary>{t(decided ? 'web.screening.decide.again' : 'web.screening.decide.open')}</summary>
          <DecisionForm hit={hit} onDecided={onDecided} />
        </details>
      ) : <DecisionForm hit={hit} onDecided={onDecided} />)}
    </div>
  );
}

export function HitList({ hits, canDecide, openFirst = true, compact = false, label }: { hits: Hit[]; canDecide: boolean; openFirst?: boolean; compact?: boolean; label: string }) {
  return (
    <ol className="scr-hits" aria-label={label}>
      {hits.map((h, i) => <li key={h.id}><HitCard hit={h} open={openFirst && i === 0} canDecide={canDecide} compact={compact} /></li>)}
    </ol>
  );
}
