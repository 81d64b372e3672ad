/** What the web UI needs to draw forms and labels: purposes, roles and the model's schemata. */
import { PURPOSES } from '@puente/model';
import { ROLES } from '../context';
import type { ServiceCtx } from './context';

export function describeNode(ctx: ServiceCtx) {
  const schemata = [...ctx.model.schemata.values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((s) => ({
      name: s.name, label: s.label, plural: s.plural, abstract: s.abstract, edge: Boolean(s.edge),
      properties: [...s.properties.values()].filter((p) => !p.hidden)
        .map((p) => ({ name: p.name, label: p.label, type: p.type, ...(p.range ? { range: p.range } : {}) })),
    }));
  return { node: ctx.node.id, country: ctx.node.country, purposes: [...PURPOSES], roles: [...ROLES], schemata };
}
