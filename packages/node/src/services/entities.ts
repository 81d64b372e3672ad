/**
 * Records: read with provenance and relationships, create, edit.
 *
 * Denied reads are audited and answered 403, or 404 when the record lies outside the actor's sharing
 * circle (see guard.hiddenFrom). Reads of personal data are audited with purpose and legal basis.
 */
import { randomUUID } from 'node:crypto';
import { validateEntity, type Entity, type Purpose, type RecordMeta } from '@puente/model';
import type { Actor } from '../context';
import { notFound, PuenteError } from '../errors';
import type { ServiceCtx } from './context';
import { audit, authorize } from './guard';
import { entityOf, fetchEntityRows, fetchStatements, loadAgreements, resourceOf, type StatementRow } from './records';
import { writeEntities } from './write';
import type { CatalogEntry } from '../catalog/catalog';

export interface EntityRef { id: string; schema: string; caption: string }
export interface StatementView {
  prop: string; value: string; dataset: string; originNode: string; originAgency: string; firstSeen: string; lastSeen: string;
}
export interface RelationshipView extends EntityRef { direction: 'out' | 'in'; prop: string; other: EntityRef | null }
/** Entities that point here without being edges (a Sanction's `entity`, a Passport's `holder`). */
export interface ReferenceView extends EntityRef { prop: string }
export interface EntityView {
  entity: Entity;
  statements: StatementView[];
  relationships: RelationshipView[];
  references: ReferenceView[];
}

const collator = new Intl.Collator('en');
const ref = (row: EntityRef): EntityRef => ({ id: row.id, schema: row.schema, caption: row.caption });

/** One record as the actor may see it. */
export async function getEntity(ctx: ServiceCtx, actor: Actor, id: string): Promise<EntityView> {
  const { catalog } = ctx.app;
  await catalog.refresh(ctx.db);
  // The record as stored, put in the shape the API returns once, and kept in the catalog's record cache.
  const stored = await catalog.record(id, async () => {
    const [row] = await fetchEntityRows(ctx.db, [id]);
    if (!row) return undefined;
    const statements = await fetchStatements(ctx.db, [id]);
    return {
      row, entity: entityOf(row, statements), statements: statements.map(statementView),
      /** Relationships as each kind of reader may see them (by catalog.actorKey). */
      seenBy: new Map<string, ReturnType<typeof relationshipsOf>>(),
    };
  });
  if (!stored) throw notFound({ id });
  const { row, entity, statements } = stored;
  await authorize(ctx, actor, 'entity.read', { resource: resourceOf(row, catalog.agreements()), legalBasis: row.legal_basis });
  // The read is on the record before the data leaves the node.
  if (row.personal_data) {
    await audit(ctx, actor, {
      action: 'entity.read', outcome: 'ok', resourceType: 'entity', resourceId: row.id,
      purpose: actor.purpose, legalBasis: row.legal_basis, detail: { schema: row.schema },
    });
  }
  const reader = catalog.actorKey(ctx.policy, actor);
  let seen = stored.seenBy.get(reader);
  if (!seen) stored.seenBy.set(reader, (seen = relationshipsOf(ctx, actor, row.id)));
  return { entity, statements, relationships: seen.relationships, references: seen.references };
}

function statementView(s: StatementRow): StatementView {
  return {
    prop: s.prop, value: s.value, dataset: s.dataset, originNode: s.origin_node, originAgency: s.origin_agency,
    firstSeen: s.first_seen, lastSeen: s.last_seen,
  };
}

/**
 * Edge entities (Ownership, Directorship, Family…) pointing at this record, each with its other end, from
 * the catalog. Edges the actor may not read are left out; a readable edge whose other end is hidden keeps
 * `other: null` (the analyst learns a link exists in a record they may read, not what is at its far end).
 */
function relationshipsOf(ctx: ServiceCtx, actor: Actor, id: string) {
  const { catalog } = ctx.app;
  const may = catalog.reader(ctx.policy, actor);
  const readable = (x: string): CatalogEntry | undefined => {
    const e = catalog.get(x);
    return e && may(e) ? e : undefined;
  };
  const relationships: RelationshipView[] = [];
  const references: ReferenceView[] = [];
  const seen = new Set<string>();
  for (const s of catalog.incomingOf(id)) {
    const x = readable(s.source);
    if (!x || seen.has(`${x.id}|${s.prop}`)) continue;
    seen.add(`${x.id}|${s.prop}`);
    const edge = ctx.model.get(x.schema)?.edge;
    if (!edge || (s.prop !== edge.source && s.prop !== edge.target)) {
      references.push({ ...ref(x), prop: s.prop });
      continue;
    }
    const direction = s.prop === edge.source ? 'out' : 'in';
    const otherProp = direction === 'out' ? edge.target : edge.source;
    const otherIds = x.links.filter((l) => l.prop === otherProp && l.target !== id).map((l) => l.target);
    if (!otherIds.length) relationships.push({ ...ref(x), direction, prop: s.prop, other: null });
    for (const oid of otherIds) {
      const o = readable(oid);
      relationships.push({ ...ref(x), direction, prop: s.prop, other: o ? ref(o) : null });
    }
  }
  const order = (a: EntityRef, b: EntityRef) => collator.compare(a.schema, b.schema) || collator.compare(a.caption, b.caption) || collator.compare(a.id, b.id);
  return { relationships: relationships.sort(order), references: references.sort(order) };
}

export interface EntityInput { schema: string; properties: Record<string, string[]>; meta?: Partial<RecordMeta> }

/**
 * Meta an edit may set. Owner, origin and lock are facts about where a record came from, not editable.
 * Defaults for a new record are the most restrictive sensible ones: shared within the owner agency only,
 * for the purpose the author stated, kept five years.
 */
function newMeta(ctx: ServiceCtx, actor: Actor, meta: Partial<RecordMeta> = {}): RecordMeta {
  const purposes = meta.purposes?.length ? meta.purposes : actor.purpose ? [actor.purpose] : [];
  if (!purposes.length) throw new PuenteError('validation', 400, 'api.entity.purposes_required', {}, { field: 'meta.purposes' });
  const retention = new Date();
  retention.setUTCFullYear(retention.getUTCFullYear() + 5);
  return {
    ownerCountry: meta.ownerCountry ?? actor.country,
    ownerAgency: meta.ownerAgency ?? actor.agencyId,
    distribution: meta.distribution ?? 'agency',
    agreementId: meta.agreementId ?? null,
    legalBasis: meta.legalBasis ?? 'unspecified',
    purposes: purposes as Purpose[],
    retentionUntil: meta.retentionUntil ?? retention.toISOString().slice(0, 10),
    dataset: meta.dataset ?? `${actor.agencyId}-manual`,
    originNode: ctx.node.id,
    locked: false,
  };
}

function cleanProperties(props: Record<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, values] of Object.entries(props)) {
    const vs = [...new Set(values.map((v) => v.trim()).filter(Boolean))];
    out[k] = vs;
  }
  return out;
}

/** An `agreement` distribution needs a named agreement this node knows (else nobody could be a party). */
function checkAgreement(meta: RecordMeta, agreements: ReadonlyMap<string, string[]>): void {
  if (meta.distribution === 'agreement' && !meta.agreementId) {
    throw new PuenteError('validation', 400, 'api.entity.agreement_required', {}, { field: 'meta.agreementId' });
  }
  if (meta.agreementId && !agreements.has(meta.agreementId)) {
    throw new PuenteError('validation', 400, 'api.entity.agreement_unknown', { id: meta.agreementId }, { field: 'meta.agreementId' });
  }
}

function validate(ctx: ServiceCtx, e: Entity): void {
  const schema = ctx.model.get(e.schema);
  if (!schema || schema.abstract) {
    throw new PuenteError('validation', 400, 'api.entity.schema_unknown', { schema: e.schema }, { field: 'schema' });
  }
  const issues = validateEntity(ctx.model, e);
  if (issues.length) {
    const first = issues[0];
    throw new PuenteError('validation', 400, 'error.validation', { detail: `${first.field}: ${first.code}` }, { field: first.field, issues });
  }
}

async function readBack(ctx: ServiceCtx, id: string): Promise<Entity> {
  await ctx.app.catalog.refresh(ctx.db, { force: true });
  const [row] = await fetchEntityRows(ctx.db, [id]);
  return entityOf(row, await fetchStatements(ctx.db, [id]));
}

export async function createEntity(ctx: ServiceCtx, actor: Actor, input: EntityInput): Promise<{ entity: Entity }> {
  const properties = Object.fromEntries(Object.entries(cleanProperties(input.properties)).filter(([, v]) => v.length));
  const entity: Entity = { id: randomUUID(), schema: input.schema, properties, meta: newMeta(ctx, actor, input.meta) };
  validate(ctx, entity);
  const agreements = await loadAgreements(ctx.db);
  checkAgreement(entity.meta, agreements);
  const resource = {
    id: entity.id, ownerCountry: entity.meta.ownerCountry, ownerAgency: entity.meta.ownerAgency, distribution: entity.meta.distribution,
    agreementParties: entity.meta.agreementId ? agreements.get(entity.meta.agreementId) ?? [] : [], purposes: entity.meta.purposes,
    personalData: ctx.model.isPersonal(entity.schema), locked: false,
  };
  await authorize(ctx, actor, 'entity.create', { resource, legalBasis: entity.meta.legalBasis, exists: false });
  const now = new Date().toISOString();
  await ctx.db.transaction().execute(async (tx) => {
    await writeEntities(tx, ctx.model, [{ ...entity, firstSeen: now, lastSeen: now }], now, { store: ctx.app.storeKind, fresh: new Set([entity.id]) });
    await audit(ctx, actor, {
      action: 'entity.create', outcome: 'ok', resourceType: 'entity', resourceId: entity.id, legalBasis: entity.meta.legalBasis,
      detail: { schema: entity.schema, props: Object.keys(properties) },
    }, tx);
  });
  return { entity: await readBack(ctx, entity.id) };
}

export interface EntityPatch { properties?: Record<string, string[]>; meta?: Partial<Pick<RecordMeta, 'distribution' | 'agreementId' | 'legalBasis' | 'purposes' | 'retentionUntil'>> }

/**
 * Edits a record: each property in the patch gets exactly the given values (new values become new
 * statements with this node and agency as origin; values no longer given are withdrawn); other
 * properties and their provenance are untouched.
 */
export async function updateEntity(ctx: ServiceCtx, actor: Actor, id: string, patch: EntityPatch): Promise<{ entity: Entity }> {
  const [row] = await fetchEntityRows(ctx.db, [id]);
  if (!row) throw notFound({ id });
  const agreements = await loadAgreements(ctx.db);
  await authorize(ctx, actor, 'entity.update', { resource: resourceOf(row, agreements), legalBasis: row.legal_basis });
  const current = entityOf(row, await fetchStatements(ctx.db, [id]));
  const changed = cleanProperties(patch.properties ?? {});
  const meta: RecordMeta = { ...current.meta, ...Object.fromEntries(Object.entries(patch.meta ?? {}).filter(([, v]) => v !== undefined)) };
  const properties = { ...current.properties, ...changed };
  for (const [k, v] of Object.entries(properties)) if (!v.length) delete properties[k];
  const next: Entity = { id, schema: row.schema, properties, meta, caption: undefined };
  validate(ctx, next);
  checkAgreement(meta, agreements);
  const resource = {
    ...resourceOf(row, agreements), distribution: meta.distribution, purposes: meta.purposes,
    agreementParties: meta.agreementId ? agreements.get(meta.agreementId) ?? [] : [],
  };
  await authorize(ctx, actor, 'entity.update', { resource, legalBasis: meta.legalBasis });
  const now = new Date().toISOString();
  await ctx.db.transaction().execute(async (tx) => {
    // Only the changed properties are stated; the write path keeps the others, with their provenance.
    await writeEntities(tx, ctx.model, [{ ...next, properties: changed, firstSeen: now, lastSeen: now }], now,
      { store: ctx.app.storeKind, replaceProps: new Set(Object.keys(changed)) });
    await audit(ctx, actor, {
      action: 'entity.update', outcome: 'ok', resourceType: 'entity', resourceId: id, legalBasis: meta.legalBasis,
      detail: { props: Object.keys(changed), meta: Object.keys(patch.meta ?? {}) },
    }, tx);
  });
  return { entity: await readBack(ctx, id) };
}

