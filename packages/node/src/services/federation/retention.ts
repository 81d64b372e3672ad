/**
 * Retention of the copies received from partners (issue 6): a copy is kept until the earlier of its record's
 * retention date and the agreement's retention period from its receipt (receive.ts sets `retention_until`). A
 * periodic job deletes the locked copies whose date has passed, each deletion audited ('federation.retention').
 * The node's own records are not this job's: their retention is their owner's.
 */
import { sql } from 'kysely';
import { registerJob } from '../../federation/index';
import type { ServiceCtx } from '../context';
import { audit } from '../guard';
import { deleteCopies } from './receive';

export interface RetentionResult { deleted: number; ids: string[] }

/** Deletes every locked copy whose retention date is before `day` (default: today, UTC). */
export async function sweepExpiredCopies(ctx: ServiceCtx, day = new Date().toISOString().slice(0, 10)): Promise<RetentionResult> {
  const ids: string[] = [];
  await ctx.db.transaction().execute(async (trx) => {
    const r = await sql<{ id: string; origin_node: string; schema: string; retention_until: string; legal_basis: string; agreement_id: string | null }>`
      select e.id, e.origin_node, e.schema, e.retention_until::text as retention_until, e.legal_basis, c.agreement_id
      from entities e left join federation_copies c on c.entity_id = e.id
      where e.locked and e.origin_node <> ${ctx.node.id} and e.retention_until < ${day}::date
      order by e.id for update of e`.execute(trx);
    for (const row of r.rows) {
      await audit(ctx, null, {
        action: 'federation.retention', outcome: 'ok', resourceType: 'entity', resourceId: row.id, legalBasis: row.legal_basis,
        detail: { origin: row.origin_node, schema: row.schema, retentionUntil: row.retention_until, agreement: row.agreement_id, day },
      }, trx);
      ids.push(row.id);
    }
    await deleteCopies(trx, ids);
  });
  if (ids.length) {
    ctx.app.catalog.remove(ids);
    await ctx.app.catalog.refresh(ctx.db, { force: true });
    ctx.log.info({ deleted: ids.length }, 'federation.retention');
  }
  return { deleted: ids.length, ids };
}

registerJob('share-retention', 60_000, async (ctx) => { await sweepExpiredCopies(ctx); });
