/**
 * Export of readable records as FtM JSON lines, streamed page by page (keyset pagination on id, so a
 * large store is never held in memory and concurrent writes cannot shift pages).
 * Personal-data records in the export are audited as reads, one event per page and legal basis.
 */
import { toFtmLine } from '@puente/model';
import type { Actor } from '../context';
import { visibleEntitiesFilter } from '../authz/index';
import type { ServiceCtx } from './context';
import { audit, authorize } from './guard';
import { byEntity, entityColumns, entityOf, fetchStatements, loadAgreements, mayRead, retentionColumn, type EntityRow } from './records';
import { schemaFamily } from './search';
import { anyOf } from './sql';

export const EXPORT_PAGE = 1000;

/**
 * Checks the actor may export (before any byte is sent, so a refusal is an ordinary error response)
 * and returns the stream of lines (one FtM JSON line per item, without its newline).
 */
export async function exportFtm(ctx: ServiceCtx, actor: Actor, opts: { schema?: string }): Promise<AsyncGenerator<string>> {
  await authorize(ctx, actor, 'entity.export', { resourceType: 'export', detail: { schema: opts.schema ?? null } });
  const family = opts.schema ? schemaFamily(ctx, opts.schema) : null;
  const agreements = await loadAgreements(ctx.db);
  return (async function* lines() {
    let after = '';
    let count = 0;
    let complete = false;
    try {
      if (family && !family.length) { complete = true; return; }
      for (;;) {
        const rows = (await ctx.db.selectFrom('entities').select([...entityColumns, retentionColumn])
          .where(visibleEntitiesFilter(actor))
          .$if(family !== null, (qb) => qb.where(anyOf('entities.schema', family ?? [])))
          .where('entities.id', '>', after)
          .orderBy('entities.id').limit(EXPORT_PAGE).execute()) as EntityRow[];
        if (!rows.length) break;
        after = rows[rows.length - 1].id;
        const readable = rows.filter((r) => mayRead(ctx, actor, r, agreements));
        const statements = byEntity(await fetchStatements(ctx.db, readable.map((r) => r.id)));
        const byBasis = new Map<string, string[]>();
        const lines: string[] = [];
        for (const row of readable) {
          lines.push(toFtmLine(entityOf(row, statements.get(row.id) ?? [])));
          if (row.personal_data) {
            const list = byBasis.get(row.legal_basis);
            if (list) list.push(row.id); else byBasis.set(row.legal_basis, [row.id]);
          }
        }
        // The reads are on the record before the lines leave the node.
        for (const [legalBasis, ids] of byBasis) {
          await audit(ctx, actor, { action: 'entity.read', outcome: 'ok', resourceType: 'entity', legalBasis, detail: { via: 'export', ids } });
        }
        count += readable.length;
        yield* lines;
        if (rows.length < EXPORT_PAGE) break;
      }
      complete = true;
    } finally {
      await audit(ctx, actor, {
        action: 'entity.export', outcome: complete ? 'ok' : 'failed', resourceType: 'export',
        detail: { schema: opts.schema ?? null, entities: count, complete },
      });
    }
  })();
}
