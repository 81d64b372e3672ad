/**
 * One record: every value with its provenance (statement: dataset, origin node and agency, first and last
 * seen), the record's metadata (owner, distribution, legal basis, purposes, retention), its relationships
 * and its sources. Reading a personal-data record is audited by the node with the stated purpose.
 */
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type EntityView, type StatementRow } from '../api';
import { isoDate } from '../format';
import { maybeT } from '../i18n';
import { useLabels, useMeta } from '../labels';
import { href } from '../router';
import { Badge, Empty, ErrorAlert, Loading, PageTitle } from '../components/ui';
import { SamePersonPanel } from './Linkage';

export function useEntity(id: string) {
  return useQuery({ queryKey: ['entity', id], queryFn: () => api<EntityView>(`/entities/${encodeURIComponent(id)}`) });
}

export function EntityScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const q = useEntity(id);
  if (q.isPending) return <Loading />;
  if (q.isError) {
    return (
      <section>
        <PageTitle title={t('web.entity.unavailable')}>{t('web.entity.unavailable')}</PageTitle>
        <ErrorAlert error={q.error} />
        <p><a href={href.search()}>{t('web.entity.back_to_search')}</a></p>
      </section>
    );
  }
  return <EntityPage view={q.data} />;
}

function EntityPage({ view }: { view: EntityView }) {
  const { t } = useTranslation();
  const L = useLabels();
  const { entity, statements, relationships } = view;
  const m = entity.meta;
  return (
    <article className="entity">
      <nav className="crumbs" aria-label={t('web.entity.breadcrumb')}>
        <a href={href.search()}>{t('web.nav.search')}</a> <span aria-hidden="true">›</span> <span aria-current="page">{entity.caption}</span>
      </nav>
      <PageTitle
        title={entity.caption}
        sub={
          <>
            <Badge kind="schema">{L.schema(entity.schema)}</Badge>
            <Badge kind={m.distribution}>{L.distribution(m.distribution)}</Badge>
            {m.locked && <Badge kind="locked">{t('web.entity.locked_badge')}</Badge>}
            <code className="entity-id" title={t('web.entity.id')}>{entity.id}</code>
            <a className="btn btn-small" href={href.network(entity.id)}>{t('web.entity.open_network')}</a>
          </>
        }
      >
        {entity.caption}
      </PageTitle>

      <div className="entity-grid">
        <div className="entity-main">
          <Properties view={view} />
          <Relationships relationships={relationships} />
          {view.references && view.references.length > 0 && <References references={view.references} />}
        </div>
        <aside className="entity-side" aria-label={t('web.entity.record_and_sources')}>
          <section className="panel" aria-labelledby="h-record">
            <h2 id="h-record">{t('web.entity.record')}</h2>
            <dl className="meta-list">
              <dt>{t('web.meta.owner')}</dt>
              <dd><span className={`flag flag-${m.ownerCountry.toLowerCase()}`}>{m.ownerCountry}</span> {L.country(m.ownerCountry)} · {m.ownerAgency}</dd>
              <dt>{t('web.meta.distribution')}</dt>
              <dd>{L.distribution(m.distribution)}{m.agreementId ? ` · ${m.agreementId}` : ''}<div className="help">{maybeT(`web.distribution.${m.distribution}.help`, '')}</div></dd>
              <dt>{t('web.meta.legal_basis')}</dt>
              <dd>{m.legalBasis}</dd>
              <dt>{t('web.meta.purposes')}</dt>
              <dd><ul className="plain">{m.purposes.map((p) => <li key={p}>{L.purpose(p)}</li>)}</ul></dd>
              <dt>{t('web.meta.retention')}</dt>
              <dd>{isoDate(m.retentionUntil)}</dd>
              <dt>{t('web.meta.dataset')}</dt>
              <dd>{m.dataset}</dd>
              <dt>{t('web.meta.origin_node')}</dt>
              <dd>{m.originNode}</dd>
              <dt>{t('web.meta.locked')}</dt>
              <dd>{m.locked ? t('web.meta.locked_yes') : t('web.meta.locked_no')}</dd>
              {entity.firstSeen && (<><dt>{t('web.meta.first_seen')}</dt><dd>{isoDate(entity.firstSeen)}</dd></>)}
              {entity.lastSeen && (<><dt>{t('web.meta.last_seen')}</dt><dd>{isoDate(entity.lastSeen)}</dd></>)}
            </dl>
          </section>
          {entity.schema === 'Person' && <SamePersonPanel id={entity.id} />}
          <Sources statements={statements} />
        </aside>
      </div>
    </article>
  );
}

function Properties({ view }: { view: EntityView }) {
  const { t } = useTranslation();
  const L = useLabels();
  const meta = useMeta().data;
  const { entity, statements } = view;

  // Schema order (the model's), then anything else alphabetically; each value with all its statements.
  const rows = useMemo(() => {
    // Names first (what an analyst checks before anything else), then the model's order.
    const order = ['name', 'alias', 'weakAlias', 'previousName', ...(meta?.schemata.find((s) => s.name === entity.schema)?.properties.map((p) => p.name) ?? [])];
    const props = Object.keys(entity.properties).filter((p) => (entity.properties[p] ?? []).length > 0);
    props.sort((a, b) => {
      const ia = order.indexOf(a); const ib = order.indexOf(b);
      if (ia !== ib) return (ia < 0 ? 1e9 : ia) - (ib < 0 ? 1e9 : ib);
      return a.localeCompare(b);
    });
    return props.map((prop) => ({
      prop,
      values: (entity.properties[prop] ?? []).map((value) => ({
        value,
        provenance: statements.filter((s) => s.prop === prop && s.value === value),
      })),
    }));
  }, [entity, statements, meta]);

  return (
    <section className="panel" aria-labelledby="h-props">
      <h2 id="h-props">{t('web.entity.properties')}</h2>
      {rows.length === 0 ? <Empty>{t('web.entity.no_properties')}</Empty> : (
        <div className="table-wrap">
          <table className="data props">
            <caption className="sr-only">{t('web.entity.properties_caption', { name: entity.caption })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('web.entity.col.property')}</th>
                <th scope="col">{t('web.entity.col.value')}</th>
                <th scope="col">{t('web.entity.col.dataset')}</th>
                <th scope="col">{t('web.entity.col.origin')}</th>
                <th scope="col">{t('web.entity.col.first_seen')}</th>
                <th scope="col">{t('web.entity.col.last_seen')}</th>
              </tr>
            </thead>
            {rows.map(({ prop, values }) => {
              const lines = values.flatMap((v) => (v.provenance.length ? v.provenance.map((p, i) => ({ v, p, first: i === 0, span: v.provenance.length })) : [{ v, p: null as StatementRow | null, first: true, span: 1 }]));
              const type = L.propType(entity.schema, prop);
              return (
                <tbody key={prop} className="prop-group">
                  {lines.map((line, i) => (
                    <tr key={i}>
                      {i === 0 && <th scope="rowgroup" rowSpan={lines.length} className="prop-name">{L.prop(entity.schema, prop)}</th>}
                      {line.first && <td rowSpan={line.span} className="prop-value"><Value type={type} value={line.v.value} /></td>}
                      {line.p ? (
                        <>
                          <td className="prov">{line.p.dataset}</td>
                          <td className="prov">{line.p.originNode} · {line.p.originAgency}</td>
                          <td className="date">{isoDate(line.p.firstSeen)}</td>
                          <td className="date">{isoDate(line.p.lastSeen)}</td>
                        </>
                      ) : (
                        <td colSpan={4} className="muted">{t('web.entity.no_provenance')}</td>
                      )}
                    </tr>
                  ))}
                </tbody>
              );
            })}
          </table>
        </div>
      )}
    </section>
  );
}

function Value({ type, value }: { type?: string; value: string }) {
  const L = useLabels();
  if (type === 'entity') return <a href={href.entity(value)}><code>{value}</code></a>;
  if (type === 'country') return <>{L.country(value.toUpperCase())}</>;
  if (type === 'url' && /^https?:\/\//.test(value)) return <a href={value} rel="noreferrer noopener" target="_blank">{value}</a>;
  return <>{value}</>;
}

function Relationships({ relationships }: { relationships: EntityView['relationships'] }) {
  const { t } = useTranslation();
  const L = useLabels();
  return (
    <section className="panel" aria-labelledby="h-rels">
      <h2 id="h-rels">{t('web.entity.relationships')} <span className="count">{relationships.length}</span></h2>
      {relationships.length === 0 ? <Empty>{t('web.entity.no_relationships')}</Empty> : (
        <div className="table-wrap">
          <table className="data rel-table">
            <caption className="sr-only">{t('web.entity.relationships')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('web.entity.col.relationship')}</th>
                <th scope="col">{t('web.entity.col.role')}</th>
                <th scope="col">{t('web.entity.col.other')}</th>
                <th scope="col">{t('web.entity.col.other_schema')}</th>
              </tr>
            </thead>
            <tbody>
              {relationships.map((r) => (
                <tr key={`${r.id}:${r.prop}`}>
                  <td><a href={href.entity(r.id)}>{L.schema(r.schema)}</a>{r.caption && r.caption !== r.schema && <div className="matched">{r.caption}</div>}</td>
                  <td>
                    <span className="dir" aria-hidden="true">{r.direction === 'out' ? '→' : '←'}</span>{' '}
                    {L.prop(r.schema, r.prop)}
                  </td>
                  <td>{r.other ? <a href={href.entity(r.other.id)} className="entity-link">{r.other.caption}</a> : <span className="muted">{t('web.entity.hidden_other')}</span>}</td>
                  <td>{r.other ? L.schema(r.other.schema) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function References({ references }: { references: NonNullable<EntityView['references']> }) {
  const { t } = useTranslation();
  const L = useLabels();
  return (
    <section className="panel" aria-labelledby="h-refs">
      <h2 id="h-refs">{t('web.entity.references')} <span className="count">{references.length}</span></h2>
      <div className="table-wrap">
        <table className="data">
          <caption className="sr-only">{t('web.entity.references')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('web.entity.col.record')}</th>
              <th scope="col">{t('web.entity.col.other_schema')}</th>
              <th scope="col">{t('web.entity.col.via')}</th>
            </tr>
          </thead>
          <tbody>
            {references.map((r) => (
              <tr key={`${r.id}:${r.prop}`}>
                <td><a href={href.entity(r.id)} className="entity-link">{r.caption}</a></td>
                <td>{L.schema(r.schema)}</td>
                <td>{L.prop(r.schema, r.prop)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Sources({ statements }: { statements: StatementRow[] }) {
  const { t } = useTranslation();
  const sources = useMemo(() => {
    const by = new Map<string, { dataset: string; originNode: string; originAgency: string; values: number; firstSeen: string; lastSeen: string }>();
    for (const s of statements) {
      const k = `${s.dataset}\u0000${s.originNode}\u0000${s.originAgency}`;
      const cur = by.get(k);
      if (!cur) by.set(k, { dataset: s.dataset, originNode: s.originNode, originAgency: s.originAgency, values: 1, firstSeen: s.firstSeen, lastSeen: s.lastSeen });
      else {
        cur.values += 1;
        if (s.firstSeen < cur.firstSeen) cur.firstSeen = s.firstSeen;
        if (s.lastSeen > cur.lastSeen) cur.lastSeen = s.lastSeen;
      }
    }
    return [...by.values()];
  }, [statements]);
  return (
    <section className="panel" aria-labelledby="h-sources">
      <h2 id="h-sources">{t('web.entity.sources')}</h2>
      {sources.length === 0 ? <Empty>{t('web.entity.no_sources')}</Empty> : (
        <ul className="sources">
          {sources.map((s) => (
            <li key={`${s.dataset}:${s.originNode}:${s.originAgency}`}>
              <div className="source-name">{s.dataset}</div>
              <div className="source-detail">{t('web.entity.source_line', { node: s.originNode, agency: s.originAgency, values: s.values })}</div>
              <div className="source-detail">{isoDate(s.firstSeen)} – {isoDate(s.lastSeen)}</div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
