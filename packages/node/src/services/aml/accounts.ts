/**
 * An account as an analyst needs it beside its money flows: its bank, the node's record of its holder, the other
 * records resolved as the same person or company (entity resolution, issue 4), and the designation-list alerts
 * raised on any of them (screening, issue 3). Each part is shown only as far as the reader may see it: the holder
 * and the resolved records through entity.read, the clusters through linkage.read, the alerts through
 * screening.read — a part the reader may not see is left out, not refused.
 */
import type { Actor } from '../../context';
import { notFound, PuenteError } from '../../errors';
import type { ServiceCtx } from '../context';
import type { EntityRef } from '../entities';
import { audit, authorize } from '../guard';
import { clusterOf } from '../linkage/index';
import { sdb } from '../screening-store';
import { visibleTo } from './alerts';
import { amlDb } from './schema';

export interface AccountView {
  id: string; bank: string | null;
  holder: EntityRef | null;
  /** Other records resolved as the holder (entity resolution), those the reader may read. */
  sameAs: EntityRef[];
  /** Designation-list alerts on the holder or a record resolved as the holder. */
  screening: Array<{ entity: string; listId: string; entryId: string; entryCaption: string; score: number; status: string }>;
}

const hidden = (e: unknown) => e instanceof PuenteError && (e.status === 403 || e.status === 404);

export async function accountInfo(ctx: ServiceCtx, actor: Actor, id: string): Promise<AccountView> {
  await authorize(ctx, actor, 'aml.read');
  const row = await amlDb(ctx.db).selectFrom('aml_accounts').select(['id', 'bank', 'holder']).where('id', '=', id).where(visibleTo(actor.agencyId)).executeTakeFirst();
  if (!row) throw notFound({ id });
  const { catalog } = ctx.app;
  await catalog.refresh(ctx.db);
  const may = catalog.reader(ctx.policy, actor);
  const holderEntry = row.holder ? catalog.get(row.holder) : undefined;
  const holder = holderEntry && may(holderEntry) ? { id: holderEntry.id, schema: holderEntry.schema, caption: holderEntry.caption } : null;
  let sameAs: EntityRef[] = [];
  if (holder) {
    try {
      sameAs = (await clusterOf(ctx, actor, holder.id)).members.filter((m) => m.id !== holder.id);
    } catch (e) {
      if (!hidden(e)) throw e;
    }
  }
  let screening: AccountView['screening'] = [];
  const ids = holder ? [holder.id, ...sameAs.map((m) => m.id)] : [];
  if (ids.length && ctx.policy.decide(actor, 'screening.read').allowed) {
    const rows = await sdb(ctx.db).selectFrom('screening_alerts').innerJoin('screening_hits', 'screening_hits.id', 'screening_alerts.hit_id')
      .select(['screening_alerts.entity_id', 'screening_alerts.list_id', 'screening_alerts.entry_id', 'screening_hits.entry_caption', 'screening_hits.score', 'screening_alerts.status'])
      .where('screening_alerts.entity_id', 'in', ids).orderBy('screening_hits.score', 'desc').execute();
    screening = rows.map((r) => ({ entity: r.entity_id, listId: r.list_id, entryId: r.entry_id, entryCaption: r.entry_caption, score: Number(r.score), status: r.status }));
  }
  await audit(ctx, actor, { action: 'aml.read', outcome: 'ok', resourceType: 'aml_account', resourceId: id, detail: { view: 'account', holder: holder?.id ?? null, sameAs: sameAs.length, screening: screening.length } });
  return { id: row.id, bank: row.bank, holder, sameAs, screening };
}
