/**
 * Reading records back out of the store: entity rows with their metadata, statements grouped into FtM
 * properties, agreement parties for the policy, and the per-row read decision.
 */
import { sql, type Selectable } from 'kysely';
import type { Distribution, Entity, Purpose, RecordMeta } from '@puente/model';
import type { Actor } from '../context';
import { toRecordResource, visibleEntitiesFilter, type RecordResource } from '../authz/index';
import type { EntitiesTable, Executor, StoredStatement } from '../store/schema';
import type { ServiceCtx } from './context';
import { anyOf } from './sql';
import { isoTs, seenValues } from './rows';

export type EntityRow = Selectable<EntitiesTable>;

/** Dates come back as Date objects or strings depending on the driver; the API speaks ISO 8601. */
export function iso(v: Date | string): string {
  return (v instanceof Date ? v : new Date(v)).toISOString();
}

/**
 * `date` columns are selected as text (`retention_until::text`) so no driver turns them into a local-time
 * Date; everything else as stored.
 */
export const entityColumns = [
  'entities.id', 'entities.schema', 'entities.caption', 'entities.owner_country', 'entities.owner_agency',
  'entities.distribution', 'entities.agreement_id', 'entities.legal_basis', 'entities.purposes', 'entities.dataset',
  'entities.origin_node', 'entities.locked', 'entities.personal_data', 'entities.first_seen', 'entities.last_seen',
  'entities.created_at', 'entities.updated_at',
] as const;
export const retentionColumn = sql<string>`entities.retention_until::text`.as('retention_until');

export function metaOf(row: EntityRow): RecordMeta {
  return {
    ownerCountry: row.owner_country,
    ownerAgency: row.owner_agency,
    distribution: row.distribution as Distribution,
    agreementId: row.agreement_id,
    legalBasis: row.legal_basis,
    purposes: row.purposes as Purpose[],
    retentionUntil: String(row.retention_until).slice(0, 10),
    dataset: row.dataset,
    originNode: row.origin_node,
    locked: row.locked,
  };
}

export async function fetchEntityRows(db: Executor, ids: readonly string[]): Promise<EntityRow[]> {
  if (!ids.length) return [];
  return db.selectFrom('entities').select([...entityColumns, retentionColumn]).where(anyOf('entities.id', ids)).execute() as Promise<EntityRow[]>;
}

/** Agreement parties by agreement id: a small table, read once per request that needs it. */
export type Agreements = ReadonlyMap<string, string[]>;
export async function loadAgreements(db: Executor): Promise<Agreements> {
  const rows = await db.selectFrom('agreements').select(['id', 'parties']).execute();
  return new Map(rows.map((r) => [r.id, r.parties]));
}

export function resourceOf(row: EntityRow, agreements: Agreements): RecordResource {
  return toRecordResource(row, row.agreement_id ? agreements.get(row.agreement_id) ?? [] : []);
}

/** The per-row check behind the SQL prefilter: the prefilter narrows, the policy decides. */
export function mayRead(ctx: ServiceCtx, actor: Actor, row: EntityRow, agreements: Agreements): boolean {
  return ctx.policy.decide(actor, 'entity.read', resourceOf(row, agreements)).allowed;
}

/** One value with its provenance, as the API shows it (read out of the record's fragments). */
export interface StatementRow {
  entity_id: string; prop: string; value: string; dataset: string; origin_node: string;
  origin_agency: string; first_seen: string; last_seen: string;
}

/** Every value of these records, fragment by fragment (datasets in name order), values in the order first stated. */
export async function fetchStatements(db: Executor, ids: readonly string[]): Promise<StatementRow[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('fragments')
    .select(['entity_id', 'dataset', 'origin_node', 'origin_agency', 'first_seen', 'last_seen', 'statements'])
    .where(anyOf('fragments.entity_id', ids))
    .orderBy('entity_id').orderBy('dataset')
    .execute();
  const out: StatementRow[] = [];
  for (const r of rows) {
    for (const v of seenValues(r.statements as StoredStatement[], isoTs(r.first_seen), isoTs(r.last_seen))) {
      out.push({
        entity_id: r.entity_id, prop: v.prop, value: v.value, dataset: r.dataset, origin_node: r.origin_node,
        origin_agency: r.origin_agency, first_seen: v.first, last_seen: v.last,
      });
    }
  }
  return out;
}

/** Folds statements into FtM properties (values in the order they were first stated, without repeats). */
export function propertiesOf(statements: readonly StatementRow[]): Record<string, string[]> {
  const props: Record<string, string[]> = {};
  for (const s of statements) {
    const list = (props[s.prop] ??= []);
    if (!list.includes(s.value)) list.push(s.value);
  }
  return props;
}

export function entityOf(row: EntityRow, statements: readonly StatementRow[]): Entity {
  return {
    id: row.id,
    schema: row.schema,
    caption: row.caption,
    properties: propertiesOf(statements),
    meta: metaOf(row),
    firstSeen: iso(row.first_seen),
    lastSeen: iso(row.last_seen),
  };
}

/** Groups statement rows by entity id. */
export function byEntity(statements: readonly StatementRow[]): Map<string, StatementRow[]> {
  const m = new Map<string, StatementRow[]>();
  for (const s of statements) {
    const list = m.get(s.entity_id);
    if (list) list.push(s); else m.set(s.entity_id, [s]);
  }
  return m;
}

/**
 * Rows of `ids` the actor may read: the SQL prefilter (visibleEntitiesFilter) narrows, then the policy
 * decides each row, so a prefilter bug can only hide records, never show one the policy denies.
 */
export async function fetchReadable(
  ctx: ServiceCtx, actor: Actor, ids: readonly string[], agreements: Agreements, db: Executor = ctx.db,
): Promise<Map<string, EntityRow>> {
  const out = new Map<string, EntityRow>();
  if (!ids.length) return out;
  const rows = (await db.selectFrom('entities').select([...entityColumns, retentionColumn])
    .where(visibleEntitiesFilter(actor)).where(anyOf('entities.id', [...new Set(ids)])).execute()) as EntityRow[];
  for (const row of rows) if (mayRead(ctx, actor, row, agreements)) out.set(row.id, row);
  return out;
}
