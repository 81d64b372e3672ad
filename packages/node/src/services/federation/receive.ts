/**
 * Push sharing (issue 6), the receiving side: `share.upsert` and `share.retract` from a partner, applied in the
 * outbox's transaction (exactly once, in order). A package is checked again here, under this node's own copy of
 * the agreement: it must be in force, name the sender as a party, cover the record's schema, distribution,
 * purposes and properties, and the record must be the sender's own. A refused package is audited and skipped —
 * never thrown, which would hold up every message behind it.
 *
 * An accepted record is stored as a locked copy under the origin's namespace: origin node = the partner, owner
 * country and agency kept, distribution lowered one hop (bilateral → node; an agreement's records keep their
 * agreement), purposes cut to the agreement's, retention = the earlier of the record's and today + the agreement's
 * retentionDays, and each value's provenance kept (fragment dataset `federation:<partner>/<dataset>`, the value's
 * origin agency and first/last seen). An update replaces the copy; a retraction deletes it. Every receipt is
 * audited ('federation.receive').
 */
import { sql, type Transaction } from 'kysely';
import { z } from 'zod';
import { validateEntity, type Entity, type Purpose } from '@puente/model';
import { onQueued, type Inbound } from '../../federation/index';
import type { DB, StoredStatement } from '../../store/schema';
import type { ServiceCtx } from '../context';
import { audit } from '../guard';
import { storedStatements, type SeenValue } from '../rows';
import { writeEntities, changeVersion } from '../write';
import { activeAgreementsIn, daysFromToday } from './agreements';
import { pgArray } from '../sql';

const Iso = z.string().min(1).max(40);
const PackageSchema = z.object({
  agreement: z.object({ id: z.string().min(1).max(64), version: z.number().int().min(1) }),
  entity: z.object({
    id: z.string().min(1).max(200),
    schema: z.string().min(1).max(64),
    properties: z.record(z.string(), z.array(z.string())),
    meta: z.object({
      ownerCountry: z.string().regex(/^[A-Z]{2}$/), ownerAgency: z.string().min(1).max(64),
      distribution: z.enum(['bilateral', 'agreement']), agreementId: z.string().nullable(),
      legalBasis: z.string().min(1), purposes: z.array(z.string()).min(1), retentionUntil: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      dataset: z.string().min(1).max(200), originNode: z.string().min(1).max(64),
    }),
    firstSeen: Iso, lastSeen: Iso,
  }),
  statements: z.array(z.object({
    prop: z.string(), value: z.string(), dataset: z.string().min(1).max(200), originNode: z.string(), originAgency: z.string(), firstSeen: Iso, lastSeen: Iso,
  })),
  hash: z.string(),
});

type Msg = Inbound & { seq: number; afterCommit(fn: () => Promise<void>): void };


async function receipt(ctx: ServiceCtx, trx: Transaction<DB>, msg: Msg, id: string, outcome: 'ok' | 'denied', detail: Record<string, unknown>, legalBasis?: string): Promise<void> {
  await audit(ctx, null, {
    action: 'federation.receive', outcome, resourceType: 'entity', resourceId: id, legalBasis: legalBasis ?? null,
    detail: { partner: msg.from.nodeId, type: msg.type, seq: msg.seq, ...detail },
  }, trx);
  if (outcome === 'denied') ctx.log.warn({ partner: msg.from.nodeId, type: msg.type, id, ...detail }, 'federation.receive.refused');
}

/** Ids deleted by the batch being applied, per request context: dropped from the catalog once it commits. */
const deletedBy = new WeakMap<ServiceCtx, Set<string>>();

function syncCatalogAfter(ctx: ServiceCtx, msg: Msg, deleted?: string): void {
  let set = deletedBy.get(ctx);
  if (!set) {
    deletedBy.set(ctx, (set = new Set()));
    msg.afterCommit(async () => {
      const ids = deletedBy.get(ctx) ?? new Set<string>();
      deletedBy.delete(ctx);
      ctx.app.catalog.remove(ids);
      await ctx.app.catalog.refresh(ctx.db, { force: true });
    });
  }
  if (deleted) set.add(deleted);
}

onQueued('share.upsert', async (ctx, trx, msg) => {
  const parsed = PackageSchema.safeParse(msg.body);
  const rawId = (msg.body as { entity?: { id?: unknown } })?.entity?.id;
  const id = typeof rawId === 'string' ? rawId : 'unknown';
  if (!parsed.success) return receipt(ctx, trx, msg, id, 'denied', { reason: 'malformed', issue: parsed.error.issues[0]?.message ?? null });
  const pkg = parsed.data;
  const e = pkg.entity;
  const from = msg.from;
  const refuse = (reason: string, more: Record<string, unknown> = {}) =>
    receipt(ctx, trx, msg, e.id, 'denied', { reason, agreement: pkg.agreement.id, version: pkg.agreement.version, schema: e.schema, ...more }, e.meta.legalBasis);

  const agreement = (await activeAgreementsIn(ctx, trx, from.nodeId)).find((a) => a.id === pkg.agreement.id);
  if (!agreement) return refuse('agreement_inactive');
  if (!agreement.schemata.includes(e.schema)) return refuse('schema_not_covered');
  if (!agreement.distributions.includes(e.meta.distribution)) return refuse('distribution_not_covered');
  if (e.meta.distribution === 'agreement' && e.meta.agreementId !== agreement.id) return refuse('other_agreement');
  if (e.meta.originNode !== from.nodeId || e.meta.ownerCountry !== from.country) return refuse('not_the_senders');
  const purposes = e.meta.purposes.filter((p) => agreement.purposes.includes(p as Purpose)) as Purpose[];
  if (!purposes.length) return refuse('purposes_not_covered');
  const allow = agreement.properties?.[e.schema];
  const props = new Set([...Object.keys(e.properties), ...pkg.statements.map((s) => s.prop)]);
  if (allow && [...props].some((p) => !allow.includes(p))) return refuse('property_not_allowed', { props: [...props].filter((p) => !allow.includes(p)) });
  const schema = ctx.model.get(e.schema);
  if (!schema || schema.abstract) return refuse('schema_unknown');

  const held = await sql<{ locked: boolean; origin_node: string }>`select locked, origin_node from entities where id = ${e.id}`.execute(trx);
  const existing = held.rows[0];
  if (existing && !(existing.locked && existing.origin_node === from.nodeId)) {
    return refuse('id_collision', { heldOrigin: existing.origin_node, heldLocked: existing.locked });
  }

  const retention = [e.meta.retentionUntil, daysFromToday(agreement.retentionDays)].sort()[0]!;
  // The values are the statements (each with its provenance); the package's properties are their summary.
  const properties: Record<string, string[]> = {};
  for (const s of pkg.statements) {
    const list = (properties[s.prop] ??= []);
    if (!list.includes(s.value)) list.push(s.value);
  }
  const entity: Entity = {
    id: e.id, schema: e.schema, properties,
    meta: {
      ownerCountry: e.meta.ownerCountry, ownerAgency: e.meta.ownerAgency,
      distribution: e.meta.distribution === 'bilateral' ? 'node' : 'agreement',
      agreementId: e.meta.distribution === 'agreement' ? agreement.id : null,
      legalBasis: e.meta.legalBasis, purposes, retentionUntil: retention,
      dataset: `federation:${from.nodeId}`, originNode: from.nodeId, locked: true,
    },
    firstSeen: e.firstSeen, lastSeen: e.lastSeen,
  };
  const issues = validateEntity(ctx.model, entity);
  if (issues.length) return refuse('invalid', { field: issues[0]!.field, code: issues[0]!.code });

  const now = new Date().toISOString();
  // The record's row, names and links through the one write path (every property replaced: the copy is the
  // partner's record as it is now); then its values with their provenance, fragment by origin dataset.
  const allProps = new Set([...schema.properties.keys()]);
  await writeEntities(trx, ctx.model, [entity], now, existing
    ? { store: ctx.app.storeKind, replaceProps: allProps }
    : { store: ctx.app.storeKind, fresh: new Set([e.id]) });
  await sql`delete from fragments where entity_id = ${e.id}`.execute(trx);
  const byDataset = new Map<string, { originNode: string; originAgency: string; values: SeenValue[] }>();
  for (const s of pkg.statements) {
    const ds = `federation:${from.nodeId}/${s.dataset}`;
    let f = byDataset.get(ds);
    if (!f) byDataset.set(ds, (f = { originNode: s.originNode, originAgency: s.originAgency, values: [] }));
    if (!f.values.some((v) => v.prop === s.prop && v.value === s.value)) f.values.push({ prop: s.prop, value: s.value, first: s.firstSeen, last: s.lastSeen });
  }
  if (!byDataset.size) byDataset.set(`federation:${from.nodeId}`, { originNode: from.nodeId, originAgency: e.meta.ownerAgency, values: [] });
  for (const [ds, f] of byDataset) {
    const { first, last, statements } = storedStatements(f);
    await sql`insert into fragments (entity_id, dataset, schema, origin_node, origin_agency, first_seen, last_seen, statements)
      values (${e.id}, ${ds}, ${e.schema}, ${f.originNode}, ${f.originAgency}, ${first || e.firstSeen}::timestamptz, ${last || e.lastSeen}::timestamptz,
              ${JSON.stringify(statements as StoredStatement[])}::jsonb)`.execute(trx);
  }
  await sql`insert into federation_copies (entity_id, origin, agreement_id, agreement_version, content_hash, seq)
    values (${e.id}, ${from.nodeId}, ${agreement.id}, ${agreement.version}, ${pkg.hash}, ${msg.seq})
    on conflict (entity_id) do update set origin = excluded.origin, agreement_id = excluded.agreement_id, agreement_version = excluded.agreement_version,
      content_hash = excluded.content_hash, seq = excluded.seq, updated_at = now()`.execute(trx);
  await receipt(ctx, trx, msg, e.id, 'ok', {
    kind: existing ? 'update' : 'create', agreement: agreement.id, version: agreement.version, sentVersion: pkg.agreement.version,
    schema: e.schema, hash: pkg.hash, retentionUntil: retention,
  }, e.meta.legalBasis);
  syncCatalogAfter(ctx, msg);
});

onQueued('share.retract', async (ctx, trx, msg) => {
  const b = msg.body as { id?: unknown; agreement?: { id?: string } | null };
  if (typeof b?.id !== 'string') return receipt(ctx, trx, msg, 'unknown', 'denied', { reason: 'malformed' });
  const id = b.id;
  const held = (await sql<{ locked: boolean; origin_node: string }>`select locked, origin_node from entities where id = ${id}`.execute(trx)).rows[0];
  if (!held) return receipt(ctx, trx, msg, id, 'ok', { kind: 'retract', held: false, agreement: b.agreement?.id ?? null });
  if (!held.locked || held.origin_node !== msg.from.nodeId) {
    return receipt(ctx, trx, msg, id, 'denied', { reason: 'not_a_copy_of_sender', heldOrigin: held.origin_node, heldLocked: held.locked });
  }
  await deleteCopies(trx, [id]);
  await receipt(ctx, trx, msg, id, 'ok', { kind: 'retract', held: true, agreement: b.agreement?.id ?? null });
  syncCatalogAfter(ctx, msg, id);
});

/**
 * Deletes locked copies (their values, links and receipt row go with them) at this transaction's data_version,
 * leaving tombstones so that every catalog on the store drops them (migration 007).
 */
export async function deleteCopies(trx: Transaction<DB>, ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  const version = await changeVersion(trx);
  await sql`with gone as (delete from entities where id = any(${pgArray(ids)}::text[]) and locked returning id)
    insert into entity_deletions (id, change) select id, ${version}::bigint from gone`.execute(trx);
}
