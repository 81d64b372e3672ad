/**
 * The demo world's designation list in the node: its two versions (packages/demo layers/screening.ts) imported
 * through the normal import path, each followed by the node's re-screen of its records — so a fresh demo node
 * has list updates to show (added, changed, removed) and alerts to review, true matches and innocent namesakes.
 * Idempotent: nothing happens when the list already has a version.
 */
import { designationList, DEMO_LIST_ID } from '../../../demo/src/layers/screening';
import type { Entity } from '@puente/model';
import type { Actor } from '../context';
import type { ServiceCtx } from './context';
import { importFtmList } from './screening-lists';
import { sdb } from './screening-store';

export interface DemoScreeningLoad { versions: number; entries: number; alerts: number; ms: number }

export async function loadDemoScreening(
  ctx: ServiceCtx, actor: Actor, world: { seed: number; entities: readonly Entity[] },
): Promise<DemoScreeningLoad | null> {
  const started = Date.now();
  const has = await sdb(ctx.db).selectFrom('screening_list_versions').select('id').where('list_id', '=', DEMO_LIST_ID).limit(1).executeTakeFirst();
  if (has) return null;
  const list = designationList(world);
  const out: DemoScreeningLoad = { versions: 0, entries: 0, alerts: 0, ms: 0 };
  for (const v of list.versions) {
    const r = await importFtmList(ctx, actor, v.entities.map((e) => JSON.stringify(e)), {
      listId: list.id, title: list.title, label: v.label, file: `${list.id}-${v.label}.ftm.jsonl`,
    });
    out.versions += r.versions.filter((x) => !x.unchanged).length;
    out.entries = r.versions[0]?.version.entries ?? out.entries;
    out.alerts += r.rescreen?.alerts ?? 0;
  }
  out.ms = Date.now() - started;
  ctx.log.info(out, 'demo.screening.loaded');
  return out;
}
