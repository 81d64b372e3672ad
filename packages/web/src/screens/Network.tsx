/**
 * An entity's neighbourhood drawn with sigma (WebGL) on a graphology graph, laid out by our own
 * force-directed layout (layout.ts). Clicking a node opens that entity. The same nodes and links are
 * listed in tables below the canvas: the canvas is for the eye, the tables are for the keyboard and
 * screen readers (WCAG 1.1.1: equivalent text for non-text content).
 */
import { useEffect, useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import Graph from 'graphology';
import { SigmaContainer, useRegisterEvents, useSigma } from '@react-sigma/core';
import { api, type GraphView } from '../api';
import { forceLayout } from '../layout';
import { maybeT } from '../i18n';
import { useLabels, useMeta } from '../labels';
import { href, navigate } from '../router';
import { useEntity } from './Entity';
import { Empty, ErrorAlert, Loading, PageTitle } from '../components/ui';

/** Colours by kind of thing, chosen to stay distinguishable for the common colour-vision deficiencies (Okabe–Ito). */
const FAMILY: Array<{ family: string; schemata: string[]; color: string }> = [
  { family: 'person', schemata: ['Person', 'MissingPerson', 'UnidentifiedRemains'], color: '#0072B2' },
  { family: 'organization', schemata: ['Company', 'Organization', 'LegalEntity', 'PublicBody'], color: '#009E73' },
  { family: 'address', schemata: ['Address'], color: '#CC79A7' },
  { family: 'financial', schemata: ['BankAccount', 'Payment', 'CryptoWallet', 'Security'], color: '#E69F00' },
  { family: 'object', schemata: ['Vessel', 'Vehicle', 'Airplane', 'Firearm', 'Shipment', 'Chemical'], color: '#D55E00' },
];
const OTHER_COLOR = '#6b7280';
const familyOf = (schema: string) => FAMILY.find((f) => f.schemata.includes(schema));
const colorOf = (schema: string) => familyOf(schema)?.color ?? OTHER_COLOR;

function webglAvailable(): boolean {
  try {
    const c = document.createElement('canvas');
    return !!(c.getContext('webgl2') ?? c.getContext('webgl'));
  } catch {
    return false;
  }
}

export function NetworkScreen({ id, depth }: { id: string; depth: number }) {
  const { t } = useTranslation();
  const entity = useEntity(id);
  const graph = useQuery({
    queryKey: ['graph', id, depth],
    queryFn: () => api<GraphView>(`/entities/${encodeURIComponent(id)}/graph?depth=${depth}`),
  });
  const caption = entity.data?.entity.caption ?? graph.data?.nodes.find((n) => n.id === id)?.caption ?? id;
  const title = t('web.network.title', { name: caption });

  return (
    <section className="network">
      <nav className="crumbs" aria-label={t('web.entity.breadcrumb')}>
        <a href={href.search()}>{t('web.nav.search')}</a> <span aria-hidden="true">›</span>{' '}
        <a href={href.entity(id)}>{caption}</a> <span aria-hidden="true">›</span>{' '}
        <span aria-current="page">{t('web.network.crumb')}</span>
      </nav>
      <PageTitle
        title={title}
        sub={
          <div className="depth" role="group" aria-label={t('web.network.depth')}>
            <span className="depth-label" aria-hidden="true">{t('web.network.depth')}</span>
            {[1, 2].map((d) => (
              <a key={d} className="btn btn-small" href={href.network(id, d)} aria-current={d === depth ? 'true' : undefined}>
                {t(d === 1 ? 'web.network.depth_1' : 'web.network.depth_2')}
              </a>
            ))}
          </div>
        }
      >
        {title}
      </PageTitle>
      {graph.isPending ? <Loading /> : graph.isError ? <ErrorAlert error={graph.error} /> : <NetworkBody rootId={id} data={graph.data} caption={caption} />}
    </section>
  );
}

function NetworkBody({ rootId, data, caption }: { rootId: string; data: GraphView; caption: string }) {
  const { t } = useTranslation();
  const L = useLabels();
  const nodeIds = useMemo(() => new Set(data.nodes.map((n) => n.id)), [data]);
  const edges = useMemo(() => {
    const seen = new Set<string>();
    return data.edges.filter((e) => {
      const k = `${e.id}:${e.source}:${e.target}`;
      if (seen.has(k) || !nodeIds.has(e.source) || !nodeIds.has(e.target)) return false;
      seen.add(k);
      return true;
    });
  }, [data, nodeIds]);
  const byId = useMemo(() => new Map(data.nodes.map((n) => [n.id, n])), [data]);
  const canDraw = useMemo(webglAvailable, []);
  const { i18n } = useTranslation();
  const meta = useMeta().data;
  type Edge = GraphView['edges'][number];
  // Two kinds of edge come from the node: edge entities (Ownership, Family…; id = the record's id, or
  // `<id>#n` for the n-th source×target pair) and plain references (an Address of a Person), labelled
  // with the property's model label.
  const isEdgeEntity = (e: Edge) => !!meta?.schemata.find((s) => s.name === e.schema)?.edge;
  const edgeLabel = (e: Edge) => {
    if (isEdgeEntity(e)) return maybeT(`web.edge.${e.schema}`, e.label || L.schema(e.schema));
    const prop = meta?.schemata.find((s) => s.name === e.schema)?.properties.find((p) => p.label === e.label || p.name === e.label);
    return prop ? L.prop(e.schema, prop.name) : e.label;
  };

  const graph = useMemo(() => {
    const g = new Graph({ multi: true, type: 'directed', allowSelfLoops: false });
    const pos = forceLayout(data.nodes.map((n) => n.id), edges.map((e) => [e.source, e.target] as const), { root: rootId });
    for (const n of data.nodes) {
      const p = pos.get(n.id)!;
      g.addNode(n.id, { x: p.x, y: p.y, label: n.caption, size: n.id === rootId ? 14 : 8, color: colorOf(n.schema), forceLabel: n.id === rootId });
    }
    // Sigma draws parallel edges on top of each other: one drawn edge per ordered pair, carrying every label.
    const pairs = new Map<string, { source: string; target: string; labels: string[] }>();
    for (const e of edges) {
      if (e.source === e.target) continue;
      const k = `${e.source}\u0000${e.target}`;
      const p = pairs.get(k) ?? { source: e.source, target: e.target, labels: [] };
      const label = edgeLabel(e);
      if (!p.labels.includes(label)) p.labels.push(label);
      pairs.set(k, p);
    }
    for (const [k, p] of pairs) g.addEdgeWithKey(k, p.source, p.target, { label: p.labels.join(' · '), size: 2, color: '#94a3b8', type: 'arrow' });
    return g;
    // meta and i18n.language: edge labels follow the model and the language.
  }, [data, edges, rootId, meta, i18n.language]);

  if (data.nodes.length === 0) return <Empty>{t('web.network.empty')}</Empty>;
  const families = FAMILY.filter((f) => data.nodes.some((n) => f.schemata.includes(n.schema)));
  const hasOther = data.nodes.some((n) => !familyOf(n.schema));

  return (
    <>
      <p className="result-count">
        {t('web.network.summary', { nodes: data.nodes.length, edges: edges.length })}
        {data.truncated && <> · <strong>{t('web.network.truncated')}</strong></>}
      </p>
      <div className="graph-frame">
        {canDraw ? (
          <div className="graph-canvas" role="img" aria-label={t('web.network.canvas_label', { name: caption, nodes: data.nodes.length, edges: edges.length })}>
            <SigmaContainer
              graph={graph}
              style={{ height: '100%', width: '100%' }}
              settings={{
                renderEdgeLabels: true,
                defaultEdgeType: 'arrow',
                labelFont: 'system-ui, sans-serif',
                labelSize: 12,
                labelWeight: '500',
                edgeLabelSize: 10,
                edgeLabelColor: { color: '#475569' },
                labelRenderedSizeThreshold: 6,
                zIndex: true,
                // Leaving the page detaches the container while sigma may still have a frame scheduled;
                // that frame would throw "Container has no width". The container is sized by CSS.
                allowInvalidContainer: true,
              }}
            >
              <GraphEvents />
            </SigmaContainer>
          </div>
        ) : (
          <p className="alert alert-info">{t('web.network.no_webgl')}</p>
        )}
        <ul className="legend" aria-label={t('web.network.legend')}>
          {families.map((f) => (
            <li key={f.family}><span className="swatch" style={{ background: f.color }} aria-hidden="true" />{t(`web.network.family.${f.family}`)}</li>
          ))}
          {hasOther && <li><span className="swatch" style={{ background: OTHER_COLOR }} aria-hidden="true" />{t('web.network.family.other')}</li>}
          <li className="legend-hint">{t('web.network.hint')}</li>
        </ul>
      </div>

      <div className="network-lists">
        <section className="panel" aria-labelledby="h-nodes">
          <h2 id="h-nodes">{t('web.network.nodes')} <span className="count">{data.nodes.length}</span></h2>
          <div className="table-wrap">
            <table className="data">
              <caption className="sr-only">{t('web.network.nodes')}</caption>
              <thead><tr><th scope="col">{t('web.network.col.name')}</th><th scope="col">{t('web.network.col.schema')}</th></tr></thead>
              <tbody>
                {data.nodes.map((n) => (
                  <tr key={n.id} className={n.id === rootId ? 'is-root' : undefined}>
                    <td><span className="swatch" style={{ background: colorOf(n.schema) }} aria-hidden="true" /><a href={href.entity(n.id)}>{n.caption}</a>{n.id === rootId && <span className="muted"> {t('web.network.root')}</span>}</td>
                    <td>{L.schema(n.schema)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
        <section className="panel" aria-labelledby="h-edges">
          <h2 id="h-edges">{t('web.network.edges')} <span className="count">{edges.length}</span></h2>
          {edges.length === 0 ? <Empty>{t('web.network.no_edges')}</Empty> : (
            <div className="table-wrap">
              <table className="data">
                <caption className="sr-only">{t('web.network.edges')}</caption>
                <thead><tr><th scope="col">{t('web.network.col.from')}</th><th scope="col">{t('web.network.col.link')}</th><th scope="col">{t('web.network.col.to')}</th></tr></thead>
                <tbody>
                  {edges.map((e) => (
                    <tr key={`${e.id}:${e.source}:${e.target}`}>
                      <td><a href={href.entity(e.source)}>{byId.get(e.source)?.caption ?? e.source}</a></td>
                      <td>{isEdgeEntity(e) ? <a href={href.entity(e.id.split('#')[0]!)}>{edgeLabel(e)}</a> : edgeLabel(e)}</td>
                      <td><a href={href.entity(e.target)}>{byId.get(e.target)?.caption ?? e.target}</a></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </div>
    </>
  );
}

/** Node click opens the entity; the pointer shows that nodes are clickable. */
function GraphEvents() {
  const register = useRegisterEvents();
  const sigma = useSigma();
  useEffect(() => {
    register({
      clickNode: (e) => navigate(href.entity(e.node)),
      enterNode: () => { sigma.getContainer().style.cursor = 'pointer'; },
      leaveNode: () => { sigma.getContainer().style.cursor = ''; },
    });
  }, [register, sigma]);
  return null;
}
