/**
 * Name search. Names are folded the same way on both sides (foldText: case, accents and punctuation
 * ignored) and matched by trigram similarity (pg_trgm) over the GIN index on entity_names.folded.
 *
 * `%` (similarity ≥ pg_trgm.similarity_threshold, 0.3) matches whole names; `<%` (word similarity ≥ 0.6)
 * also finds a query inside a longer name ("gonzalez" in "jose maria gonzalez perez"), which `%` alone
 * misses for short queries. Both operators are served by the same gin_trgm_ops index (BitmapOr).
 * The score is the better of the two; each record appears once, with its best-matching name.
 */
import { sql, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { DB } from '../store/schema';
import { foldText } from '@puente/model';
import type { Actor } from '../context';
import { visibleEntitiesFilter } from '../authz/index';
import type { ServiceCtx } from './context';
import { audit } from './guard';
import { entityColumns, loadAgreements, mayRead, retentionColumn, type EntityRow } from './records';
import { anyOf } from './sql';

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
  const folded = foldText(query.q);
  if (!folded) return { total: 0, results: [] };
  const family = query.schema ? schemaFamily(ctx, query.schema) : null;
  if (family && !family.length) return { total: 0, results: [] };

  const base = ctx.db
    .with('m', (db) => db.selectFrom('entity_names').select([
      'entity_names.entity_id as m_entity_id',
      'entity_names.name as m_name',
      sql<number>`greatest(similarity(entity_names.folded, ${folded}), word_similarity(${folded}, entity_names.folded))`.as('m_score'),
    ]).where(sql<SqlBool>`(entity_names.folded % ${folded} or ${folded} <% entity_names.folded)`))
    .with('b', (db) => db.selectFrom('m').distinctOn('m.m_entity_id').selectAll().orderBy('m.m_entity_id').orderBy('m.m_score', 'desc'))
    .selectFrom('b')
    .innerJoin('entities', 'entities.id', 'b.m_entity_id')
    // The filter is written for `entities`; the CTE names (m, b) widen the builder's table set.
    .where((eb) => visibleEntitiesFilter(actor)(eb as unknown as ExpressionBuilder<DB, 'entities'>))
    .$if(family !== null, (qb) => qb.where(anyOf('entities.schema', family ?? [])));

  // One pass: the page and, through a window count, the total (PGlite runs one query at a time, so a
  // separate count query would double every search's time under load).
  const rows = await base
    .select([...entityColumns, retentionColumn, 'b.m_name', 'b.m_score', sql<string>`count(*) over ()`.as('n')])
    .orderBy('b.m_score', 'desc').orderBy('entities.caption').orderBy('entities.id')
    .limit(query.limit).offset(query.offset)
    .execute();
  // A page past the end has no rows to carry the total: count on its own then.
  const n = rows.length ? rows[0].n
    : query.offset > 0 ? (await base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n : '0';

  const agreements = await loadAgreements(ctx.db);
  let total = Number(n);
  const results: SearchHit[] = [];
  const personal: string[] = [];
  for (const row of rows) {
    if (!mayRead(ctx, actor, row as unknown as EntityRow, agreements)) {
      // The prefilter and the policy disagree: trust the policy, and say so in the log.
      ctx.log.warn({ id: row.id }, 'search.prefilter_mismatch');
      total -= 1;
      continue;
    }
    if (row.personal_data) personal.push(row.id);
    results.push({
      id: row.id, schema: row.schema, caption: row.caption, score: Math.round(Number(row.m_score) * 1000) / 1000,
      matchedName: row.m_name, ownerCountry: row.owner_country, ownerAgency: row.owner_agency, distribution: row.distribution,
    });
  }
  // One event per search: which personal records' names were shown, for the query stated.
  await audit(ctx, actor, {
    action: 'entity.search', outcome: 'ok', resourceType: 'search',
    detail: { q: query.q, schema: query.schema ?? null, total, returned: results.length, personal },
  });
  return { total, results };
}
