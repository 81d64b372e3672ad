/**
 * The neighbourhood of a record, for the network view: up to two hops through links (values of type
 * 'entity'), in both directions, read from the node's catalog.
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
import type { CatalogEntry } from '../catalog/catalog';

export interface GraphNode { id: string; schema: string; caption: string }
export interface GraphEdge { id: string; source: string; target: string; schema: string; label: string }
export interface Graph { nodes: GraphNode[]; edges: GraphEdge[]; truncated: boolean }

export const MAX_GRAPH_NODES = 500;

interface Link { entity_id: string; prop: string; value: string }

/** Links out of `ids` (and, bothWays, into them), from the catalog. */
function entityLinks(ctx: ServiceCtx, ids: readonly string[], bothWays: boolean): Link[] {
  const { catalog } = ctx.app;
  const out: Link[] = [];
  for (const id of ids) {
    for (const l of catalog.get(id)?.links ?? []) out.push({ entity_id: id, prop: l.prop, value: l.target });
    if (bothWays) for (const i of catalog.incomingOf(id)) out.push({ entity_id: i.source, prop: i.prop, value: id });
  }
  return out;
}

export async function neighbourhood(ctx: ServiceCtx, actor: Actor, id: string, depth: number): Promise<Graph> {
  const { catalog } = ctx.app;
  await catalog.refresh(ctx.db);
  const root = catalog.get(id);
  if (!root) throw notFound({ id });
  await authorize(ctx, actor, 'entity.read', { resource: catalog.resourceOf(root), legalBasis: root.legalBasis });
  const may = catalog.reader(ctx.policy, actor);
  const readableOf = (ids: readonly string[]): Map<string, CatalogEntry> => {
    const m = new Map<string, CatalogEntry>();
    for (const x of ids) {
      const e = catalog.get(x);
      if (e && may(e)) m.set(x, e);
    }
    return m;
  };

  const nodes = new Map<string, CatalogEntry>([[root.id, root]]);
  const edges = new Map<string, GraphEdge>();
  let truncated = false;
  const addNode = (row: CatalogEntry, next: string[]): boolean => {
    if (nodes.has(row.id)) return true;
    if (nodes.size >= MAX_GRAPH_NODES) { truncated = true; return false; }
    nodes.set(row.id, row);
    next.push(row.id);
    return true;
  };

  let frontier = [root.id];
  for (let hop = 0; hop < Math.min(Math.max(depth, 1), 2) && frontier.length; hop++) {
    const links = entityLinks(ctx, frontier, true);
    const readable = readableOf(links.flatMap((l) => [l.entity_id, l.value]).filter((x) => !nodes.has(x)));
    // Edge entities met on the way are collapsed into edges: fetch both their ends.
    const collapse = [...readable.values()].filter((r) => ctx.model.get(r.schema)?.edge);
    const edgeLinks = entityLinks(ctx, collapse.map((r) => r.id), false);
    const ends = readableOf(edgeLinks.map((l) => l.value).filter((x) => !nodes.has(x) && !readable.has(x)));
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
    action: 'entity.graph', outcome: 'ok', resourceType: 'entity', resourceId: root.id, legalBasis: root.legalBasis,
    detail: { depth, nodes: nodes.size, edges: edges.size, personal: [...nodes.values()].filter((r) => r.personalData).map((r) => r.id) },
  });
  return {
    nodes: [...nodes.values()].map((r) => ({ id: r.id, schema: r.schema, caption: r.caption })),
    edges: [...edges.values()],
    truncated,
  };
}
