/**
 * The neighbourhood of a record, for the network view: up to two hops through links (values of type
 * 'entity'), in both directions.
 *
 * Edge entities (Ownership, Directorship, Family… — schemata with an `edge` in the model) are drawn as
 * edges from their source to their target rather than as nodes, and crossing one counts as one hop,
 * so depth 1 from a person reaches the companies they own. Other references (a Passport's holder)
 * are edges labelled with the property. Records the actor may not read are omitted, and so is every
 * edge that would lead to one.
 */
import type { Actor } from '../context';
import { notFound } from '../errors';
import type { ServiceCtx } from './context';
import { audit, authorize } from './guard';
import { fetchEntityRows, fetchReadable, loadAgreements, resourceOf, type EntityRow } from './records';
import { anyOf } from './sql';

export interface GraphNode { id: string; schema: string; caption: string }
export interface GraphEdge { id: string; source: string; target: string; schema: string; label: string }
export interface Graph { nodes: GraphNode[]; edges: GraphEdge[]; truncated: boolean }

export const MAX_GRAPH_NODES = 500;

interface Link { entity_id: string; prop: string; value: string }

async function entityLinks(ctx: ServiceCtx, ids: readonly string[], bothWays: boolean): Promise<Link[]> {
  if (!ids.length) return [];
  let q = ctx.db.selectFrom('links').select(['entity_id', 'prop', 'target as value']);
  q = bothWays
    ? q.where((eb) => eb.or([anyOf('links.entity_id', ids), anyOf('links.target', ids)]))
    : q.where(anyOf('links.entity_id', ids));
  return q.execute();
}

export async function neighbourhood(ctx: ServiceCtx, actor: Actor, id: string, depth: number): Promise<Graph> {
  const [root] = await fetchEntityRows(ctx.db, [id]);
  if (!root) throw notFound({ id });
  const agreements = await loadAgreements(ctx.db);
  await authorize(ctx, actor, 'entity.read', { resource: resourceOf(root, agreements), legalBasis: root.legal_basis });

  const nodes = new Map<string, EntityRow>([[root.id, root]]);
  const edges = new Map<string, GraphEdge>();
  let truncated = false;
  const addNode = (row: EntityRow, next: string[]): boolean => {
    if (nodes.has(row.id)) return true;
    if (nodes.size >= MAX_GRAPH_NODES) { truncated = true; return false; }
    nodes.set(row.id, row);
    next.push(row.id);
    return true;
  };

  let frontier = [root.id];
  for (let hop = 0; hop < Math.min(Math.max(depth, 1), 2) && frontier.length; hop++) {
    const links = await entityLinks(ctx, frontier, true);
    const candidates = links.flatMap((l) => [l.entity_id, l.value]).filter((x) => !nodes.has(x));
    const readable = await fetchReadable(ctx, actor, candidates, agreements);
    // Edge entities met on the way are collapsed into edges: fetch both their ends.
    const collapse = [...readable.values()].filter((r) => ctx.model.get(r.schema)?.edge);
    const edgeLinks = await entityLinks(ctx, collapse.map((r) => r.id), false);
    const ends = await fetchReadable(ctx, actor, edgeLinks.map((l) => l.value).filter((x) => !nodes.has(x) && !readable.has(x)), agreements);
    const known = (x: string) => nodes.get(x) ?? readable.get(x) ?? ends.get(x);
    const next: string[] = [];

    for (const x of collapse) {
      const edge = ctx.model.get(x.schema)!.edge!;
      const sources = edgeLinks.filter((l) => l.entity_id === x.id && l.prop === edge.source).map((l) => l.value);
      const targets = edgeLinks.filter((l) => l.entity_id === x.id && l.prop === edge.target).map((l) => l.value);
      let i = 0;
      for (const s of sources) {
        for (const t of targets) {
          const a = known(s);
          const b = known(t);
          if (!a || !b || !addNode(a, next) || !addNode(b, next)) continue;
          const eid = i++ === 0 ? x.id : `${x.id}#${i}`;
          edges.set(eid, { id: eid, source: s, target: t, schema: x.schema, label: edge.label });
        }
      }
    }
    const collapsed = new Set(collapse.map((r) => r.id));
    for (const l of links) {
      if (collapsed.has(l.entity_id) || collapsed.has(l.value)) continue;
      const a = known(l.entity_id);
      const b = known(l.value);
      if (!a || !b || !addNode(a, next) || !addNode(b, next)) continue;
      const eid = `${l.entity_id}:${l.prop}:${l.value}`;
      const label = ctx.model.getProperty(a.schema, l.prop)?.label ?? l.prop;
      edges.set(eid, { id: eid, source: l.entity_id, target: l.value, schema: a.schema, label });
    }
    frontier = next;
  }

  await audit(ctx, actor, {
    action: 'entity.graph', outcome: 'ok', resourceType: 'entity', resourceId: root.id, legalBasis: root.legal_basis,
    detail: { depth, nodes: nodes.size, edges: edges.size, personal: [...nodes.values()].filter((r) => r.personal_data).map((r) => r.id) },
  });
  return {
    nodes: [...nodes.values()].map((r) => ({ id: r.id, schema: r.schema, caption: r.caption })),
    edges: [...edges.values()],
    truncated,
  };
}
