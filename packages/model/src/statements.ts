/**
 * An entity as statements: one row per (property, value) with its provenance, as zavod / FtM 4 store
 * values, plus the origin node and agency of the federation (record.ts `Statement`).
 */
import type { Entity, Statement } from './record';

/**
 * Values are a set per property (FtM's EntityProxy ignores repeats), so a repeated value yields one
 * statement — the store's key is (entity, prop, value, dataset). Blank values carry nothing and are
 * dropped. First/last seen are the entity's when it has them, else `now`.
 * No statement is made for the id itself (zavod's `id` pseudo-property): the entity row holds it.
 */
export function entityToStatements(e: Entity, opts: { originAgency: string; now: string }): Statement[] {
  const out: Statement[] = [];
  const firstSeen = e.firstSeen ?? opts.now;
  const lastSeen = e.lastSeen ?? opts.now;
  for (const prop of Object.keys(e.properties)) {
    const values = e.properties[prop];
    const seen = new Set<string>();
    for (const value of values) {
      if (seen.has(value) || value.trim() === '') continue;
      seen.add(value);
      out.push({
        entityId: e.id,
        schema: e.schema,
        prop,
        value,
        dataset: e.meta.dataset,
        originNode: e.meta.originNode,
        originAgency: opts.originAgency,
        lang: null,
        firstSeen,
        lastSeen,
      });
    }
  }
  return out;
}
