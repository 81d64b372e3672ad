/**
 * Name search over the node's catalog (catalog/): names folded the same way on both sides (foldText:
 * case, accents and punctuation ignored) and matched as pg_trgm matches them — similarity ≥ 0.3 (`%`) or
 * word similarity ≥ 0.6 (`<%`, which finds "gonzalez" inside "jose maria gonzalez perez") — scored by the
 * better of the two, each record once with its best-matching name. Only records the policy lets the
 * actor read are counted or returned.
 */
import type { Actor } from '../context';
import type { ServiceCtx } from './context';
import { audit } from './guard';

export interface SearchQuery { q: string; schema?: string; limit: number; offset: number }
export interface SearchHit {
  id: string; schema: string; caption: string; score: number; matchedName: string;
  ownerCountry: string; ownerAgency: string; distribution: string;
}

/** A schema and every schema that extends it (searching LegalEntity finds Persons and Companies). */
export function schemaFamily(ctx: ServiceCtx, schema: string): string[] {
  return [...ctx.model.schemata.keys()].filter((s) => ctx.model.isA(s, schema));
}

export async function searchEntities(ctx: ServiceCtx, actor: Actor, query: SearchQuery): Promise<{ total: number; results: SearchHit[] }> {
  const family = query.schema ? new Set(schemaFamily(ctx, query.schema)) : null;
  if (family && !family.size) return { total: 0, results: [] };
  const { catalog } = ctx.app;
  await catalog.refresh(ctx.db);
  const { total, matches } = catalog.search(query.q, {
    accept: catalog.reader(ctx.policy, actor),
    schemas: family, limit: query.limit, offset: query.offset,
  });
  const personal: string[] = [];
  const results = matches.map(({ entry: e, score, name }): SearchHit => {
    if (e.personalData) personal.push(e.id);
    return {
      id: e.id, schema: e.schema, caption: e.caption, score: Math.round(score * 1000) / 1000, matchedName: name,
      ownerCountry: e.ownerCountry, ownerAgency: e.ownerAgency, distribution: e.distribution,
    };
  });
  // One event per search: which personal records' names were shown, for the query stated.
  await audit(ctx, actor, {
    action: 'entity.search', outcome: 'ok', resourceType: 'search',
    detail: { q: query.q, schema: query.schema ?? null, total, returned: results.length, personal },
  });
  return { total, results };
}
