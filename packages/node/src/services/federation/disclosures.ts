/**
 * Federation (issue 6): disclosure requests — the second half of the eTrace pattern. A question's answer carries
 * opaque references (queries.ts); to learn what is behind one, the asker files a disclosure request with purpose,
 * legal basis and justification. It travels through the outbox (queued, delivered once) to the owning node, where
 * it needs four eyes: a first person (analyst or supervisor) reviews it and recommends approve or deny with a note,
 * and a supervisor who is not that person approves or denies it (82-federation-query.cedar says who may take each
 * step; this service says "not the same person", and the table's check constraint says it again). The agreement the
 * request came under may spare the second pair of eyes for what its `approvalRequired` does not name
 * (`needsFourEyes`): one supervisor then decides, and the record leaves only under an agreement that allows that.
 *
 * On approval the owner sends the record back through the outbox — its properties filtered by the agreement's
 * allow-list when it has one, after the egress guard (`federation.share`) when a share policy exists — and the
 * asker stores it as a locked copy: origin the owner's node, dataset `disclosure:<id>` as its provenance, held by
 * the requesting agency alone (distribution 'agency') for the purpose and under the legal basis of the request,
 * until the agreement's retention (or one year). A denial, or a refusal (no agreement covering the purpose, a
 * reference not given to that partner), goes back too. Every step is audited on its side with purpose and legal
 * basis.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { validateEntity, type Entity } from '@puente/model';
import type { Actor } from '../../context';
import { PuenteError, notFound } from '../../errors';
import { enqueue, getPartner, onQueued, partnerActor, type Inbound, type Partner } from '../../federation/index';
import type { DB, Executor } from '../../store/schema';
import type { ServiceCtx } from '../context';
import { audit } from '../guard';
import { entityOf, fetchEntityRows, fetchStatements, loadAgreements, mayRead, resourceOf } from '../records';
import { writeEntities } from '../write';
import { daysFromToday } from './agreements';
import {
  activeAgreementFor, activeAgreementsFor, answerContext, askedQuery, authorizeWith, isPurpose, refusalReason, UUID, withPurpose, type AgreementTerms,
} from './queries';

export type DisclosureStatus = 'requested' | 'pending' | 'reviewed' | 'approved' | 'denied' | 'refused' | 'disclosed';
export type Verdict = 'approve' | 'deny';

export interface DisclosureView {
  id: string;
  side: 'asked' | 'owned';
  partner: string;
  queryId: string | null;
  reference: string;
  purpose: string;
  legalBasis: string;
  justification: string;
  requestedBy: string;
  requestedAgency: string;
  /** asked: requested → disclosed | denied | refused; owned: pending → reviewed → approved | denied (pending → approved | denied when one supervisor decides), or refused. */
  status: DisclosureStatus;
  reason: string | null;
  agreementId: string | null;
  review: { by: string; byName: string | null; recommendation: Verdict; note: string; at: string } | null;
  decision: { by: string; byName: string | null; decision: Verdict; note: string; at: string } | null;
  /** asked: the locked copy received. */
  recordId: string | null;
  retentionUntil: string | null;
  /** owned: two people (a review, then a different supervisor's decision) or one supervisor's decision; asked: null. */
  fourEyes: boolean | null;
  /** owned: what the reference stands for, when the reader may see it. */
  target: { type: 'entity' | 'list_entry'; id: string; schema: string; caption: string } | null;
  /** owned: the step the reader may take now ('review', 'decide'), or null. */
  nextStep: 'review' | 'decide' | null;
  createdAt: string;
  updatedAt: string;
}

interface Row {
  side: 'asked' | 'owned'; id: string; partner: string; query_id: string | null; reference: string; purpose: string; legal_basis: string;
  justification: string; requested_by: string; requested_agency: string; status: DisclosureStatus; reason: string | null;
  agreement_id: string | null; reviewed_by: string | null; reviewed_by_name: string | null; recommendation: Verdict | null;
  review_note: string | null; reviewed_at: Date | string | null; decided_by: string | null; decided_by_name: string | null;
  decision: Verdict | null; decision_note: string | null; decided_at: Date | string | null; record_id: string | null;
  retention_until: string | null; created_at: Date | string; updated_at: Date | string; four_eyes: boolean;
}

const iso = (v: Date | string) => new Date(v).toISOString();

type Queued = Inbound & { seq: number; afterCommit(fn: () => Promise<void>): void };

function viewOf(r: Row): DisclosureView {
  return {
    id: r.id, side: r.side, partner: r.partner, queryId: r.query_id, reference: r.reference, purpose: r.purpose, legalBasis: r.legal_basis,
    justification: r.justification, requestedBy: r.requested_by, requestedAgency: r.requested_agency, status: r.status, reason: r.reason,
    agreementId: r.agreement_id,
    review: r.reviewed_by && r.recommendation ? { by: r.reviewed_by, byName: r.reviewed_by_name, recommendation: r.recommendation, note: r.review_note ?? '', at: iso(r.reviewed_at!) } : null,
    decision: r.decided_by && r.decision ? { by: r.decided_by, byName: r.decided_by_name, decision: r.decision, note: r.decision_note ?? '', at: iso(r.decided_at!) } : null,
    recordId: r.record_id, retentionUntil: r.retention_until ? String(r.retention_until).slice(0, 10) : null,
    fourEyes: r.side === 'owned' ? r.four_eyes : null,
    target: null, nextStep: null, createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
  };
}

const SELECT = sql`select side, id::text as id, partner, query_id::text as query_id, reference, purpose, legal_basis, justification,
  requested_by, requested_agency, status, reason, agreement_id, reviewed_by, reviewed_by_name, recommendation, review_note, reviewed_at,
  decided_by, decided_by_name, decision, decision_note, decided_at, record_id, retention_until::text as retention_until, created_at, updated_at,
  four_eyes from federation_disclosures`;

async function getRow(db: Executor, side: 'asked' | 'owned', id: string, lock = false): Promise<Row | null> {
  if (!UUID.test(id)) return null;
  const r = await sql<Row>`${SELECT} where side = ${side} and id = ${id}::uuid ${lock ? sql`for update` : sql``}`.execute(db);
  return r.rows[0] ?? null;
}

const bad = (key: string, field: string, vars: Record<string, unknown> = {}) => new PuenteError('validation', 400, key, vars, { field });
const conflict = (key: string, details: Record<string, unknown>) => new PuenteError('conflict', 409, key, details, details);

function text(v: unknown, field: string, max: number): string {
  const s = typeof v === 'string' ? v.trim() : '';
  if (!s || s.length > max) throw bad(`federation.query.disclosure.error.${field}`, field, { max });
  return s;
}

/** Disclosed copies are kept as long as the agreement says, else one year. */
export const DEFAULT_RETENTION_DAYS = 365;

// ---------------------------------------------------------------------------------------------------------------
// The asking side.

export interface DisclosureInput {
  partner?: string;
  queryId?: string;
  reference?: string;
  purpose?: string | null;
  legalBasis: string;
  justification: string;
}

/** Files a disclosure request for a reference the partner gave in an answer; it leaves through the outbox. */
export async function requestDisclosure(ctx: ServiceCtx, actor: Actor, input: DisclosureInput): Promise<DisclosureView> {
  const asker = withPurpose(actor, input.purpose);
  await authorizeWith(ctx, asker, 'federation.disclosure.request', {}, { resourceType: 'federation_disclosure', detail: { partner: input.partner ?? null, queryId: input.queryId ?? null } });
  const legalBasis = text(input.legalBasis, 'legalBasis', 500);
  const justification = text(input.justification, 'justification', 2000);
  let partnerId = input.partner ?? null;
  let reference = input.reference?.trim() || null;
  let queryId: string | null = null;
  if (input.queryId) {
    const q = await askedQuery(ctx, actor, input.queryId);
    if (partnerId && partnerId !== q.partner) throw bad('federation.query.disclosure.error.partner', 'partner', { partner: partnerId });
    partnerId = q.partner;
    queryId = q.id;
    if (!reference) {
      if (q.answer.length !== 1) throw bad('federation.query.disclosure.error.reference', 'reference');
      reference = q.answer[0]!.token;
    } else if (!q.answer.some((a) => a.token === reference)) throw bad('federation.query.disclosure.error.reference', 'reference');
  } else if (reference) {
    // The question the reference came from, when this node asked it (the owner checks the reference either way).
    const r = await sql<{ id: string; partner: string }>`select id::text as id, partner from federation_queries
      where side = 'asked' and answer @> ${JSON.stringify([{ token: reference }])}::jsonb
      ${actor.kind === 'system' ? sql`` : sql`and actor_agency = ${actor.agencyId}`} limit 1`.execute(ctx.db);
    if (r.rows[0]) {
      if (partnerId && partnerId !== r.rows[0].partner) throw bad('federation.query.disclosure.error.partner', 'partner', { partner: partnerId });
      queryId = r.rows[0].id;
      partnerId = r.rows[0].partner;
    }
  }
  if (!reference) throw bad('federation.query.disclosure.error.reference', 'reference');
  if (!partnerId) throw bad('federation.query.disclosure.error.partner', 'partner', { partner: '' });
  const partner = await getPartner(ctx.db, partnerId);
  if (!partner) throw new PuenteError('not_found', 404, 'federation.error.notPaired', { node: partnerId }, { partner: partnerId });
  const id = randomUUID();
  await ctx.db.transaction().execute(async (trx) => {
    await sql`insert into federation_disclosures (side, id, partner, query_id, reference, purpose, legal_basis, justification,
        requested_by, requested_agency, status)
      values ('asked', ${id}::uuid, ${partner.nodeId}, ${queryId}::uuid, ${reference}, ${asker.purpose}, ${legalBasis}, ${justification},
        ${actor.username}, ${actor.agencyId}, 'requested')`.execute(trx);
    await enqueue(ctx, trx, partner.nodeId, 'disclosure.request', {
      id, queryId, reference, purpose: asker.purpose, legalBasis, justification, requestedBy: actor.username, agency: actor.agencyId,
    });
    await audit(ctx, asker, {
      action: 'federation.disclosure.request', outcome: 'ok', resourceType: 'federation_disclosure', resourceId: id, legalBasis,
      detail: { partner: partner.nodeId, queryId, reference, justification },
    }, trx);
  });
  return viewOf((await getRow(ctx.db, 'asked', id))!);
}

/** The owner's answer arrives (queued): a locked copy of the record, or a denial or refusal. */
async function receiveResult(ctx: ServiceCtx, trx: Transaction<DB>, msg: Queued): Promise<void> {
  const b = (msg.body ?? {}) as Record<string, unknown>;
  const id = typeof b.id === 'string' ? b.id : '';
  const row = await getRow(trx, 'asked', id, true);
  const principal = partnerActor(msg.from, row && isPurpose(row.purpose) ? row.purpose : null);
  if (!row || row.partner !== msg.from.nodeId || row.status !== 'requested') {
    // Not ours, not from that partner, or already settled: nothing changes; the outbox must not stall on it.
    await audit(ctx, principal, {
      action: 'federation.disclosure.result', outcome: 'denied', resourceType: 'federation_disclosure', resourceId: UUID.test(id) ? id : undefined,
      detail: { partner: msg.from.nodeId, reason: !row ? 'unknown' : row.partner !== msg.from.nodeId ? 'partner' : 'settled', status: row?.status ?? null },
    }, trx);
    return;
  }
  const asker: Actor = { ...principal, purpose: isPurpose(row.purpose) ? row.purpose : null };
  const status = b.status;
  if (status === 'denied' || status === 'refused') {
    const reason = typeof b.reason === 'string' ? b.reason.slice(0, 2000) : null;
    await sql`update federation_disclosures set status = ${status}, reason = ${reason},
      agreement_id = ${typeof b.agreementId === 'string' ? b.agreementId : null}, updated_at = now()
      where side = 'asked' and id = ${id}::uuid`.execute(trx);
    await audit(ctx, asker, {
      action: 'federation.disclosure.result', outcome: 'denied', resourceType: 'federation_disclosure', resourceId: id, legalBasis: row.legal_basis,
      detail: { partner: msg.from.nodeId, status, reason },
    }, trx);
    return;
  }
  const agreementId = typeof b.agreementId === 'string' ? b.agreementId.slice(0, 64) : null;
  const copy = status === 'disclosed' ? await lockedCopy(ctx, trx, msg.from, row, b) : null;
  if (!copy) {
    // A result this node cannot use is settled as refused (and audited), never thrown: a throw would hold up every
    // message queued behind it.
    await sql`update federation_disclosures set status = 'refused', reason = 'malformed', agreement_id = ${agreementId}, updated_at = now()
      where side = 'asked' and id = ${id}::uuid`.execute(trx);
    await audit(ctx, asker, {
      action: 'federation.disclosure.result', outcome: 'denied', resourceType: 'federation_disclosure', resourceId: id, legalBasis: row.legal_basis,
      detail: { partner: msg.from.nodeId, status: typeof status === 'string' ? status.slice(0, 40) : null, reason: 'malformed' },
    }, trx);
    return;
  }
  await writeEntities(trx, ctx.model, [copy], new Date().toISOString(), { store: ctx.app.storeKind });
  await sql`update federation_disclosures set status = 'disclosed', record_id = ${copy.id}, retention_until = ${copy.meta.retentionUntil}::date,
    agreement_id = ${agreementId}, updated_at = now()
    where side = 'asked' and id = ${id}::uuid`.execute(trx);
  await audit(ctx, asker, {
    action: 'federation.disclosure.receive', outcome: 'ok', resourceType: 'entity', resourceId: copy.id, legalBasis: row.legal_basis,
    detail: { partner: msg.from.nodeId, disclosure: id, schema: copy.schema, properties: Object.keys(copy.properties), retentionUntil: copy.meta.retentionUntil },
  }, trx);
  // Search and relationships come from the in-memory catalog: let it take the copy once the batch has committed.
  msg.afterCommit(() => ctx.app.catalog.refresh(ctx.db, { force: true }));
}

/**
 * The record as the asker keeps it, or null when it is unusable: only properties its model knows and that validate
 * (a partner's mistake costs a value, not the delivery), no references to records this node does not hold; locked,
 * with the owner's node as origin, held by the requesting agency for the request's purpose. The id is the origin's
 * namespace (`<node>:<id>`); when another agency of this node already holds a copy of that record, the agency is
 * named in the id too, so that neither loses its copy. Retention: the owner's date, at most what this node's own
 * copy of the agreement allows (else one year); a copy disclosed again keeps the later date and both purposes.
 */
async function lockedCopy(ctx: ServiceCtx, trx: Executor, from: Partner, row: Row, b: Record<string, unknown>): Promise<Entity | null> {
  const rec = (b.record ?? {}) as { id?: unknown; schema?: unknown; properties?: unknown };
  const schema = typeof rec.schema === 'string' ? rec.schema : '';
  const sch = ctx.model.get(schema);
  if (!sch || sch.abstract || typeof rec.id !== 'string' || !rec.id) return null;
  const properties: Record<string, string[]> = {};
  for (const [prop, values] of Object.entries((rec.properties ?? {}) as Record<string, unknown>)) {
    const p = sch.properties.get(prop);
    if (!p || p.stub || p.type === 'entity' || !Array.isArray(values)) continue;
    const vs = values.filter((v): v is string => typeof v === 'string' && v.length > 0 && !v.includes('\u0000')).slice(0, 100);
    if (vs.length) properties[prop] = vs;
  }
  let id = `${from.nodeId}:${rec.id}`.slice(0, 200);
  const held = async (x: string) => (await sql<{ locked: boolean; origin_node: string; owner_agency: string; purposes: string[]; retention_until: string }>`
    select locked, origin_node, owner_agency, purposes, retention_until::text as retention_until from entities where id = ${x}`.execute(trx)).rows[0];
  let existing = await held(id);
  const ours = (e: typeof existing) => !e || (e.locked && e.origin_node === from.nodeId && e.owner_agency === row.requested_agency);
  if (!ours(existing)) {
    id = `${from.nodeId}:${row.requested_agency}:${rec.id}`.slice(0, 200);
    existing = await held(id);
    if (!ours(existing)) return null;
  }
  for (const i of validateEntity(ctx.model, { id, schema, properties })) {
    if (i.field.startsWith('properties.')) delete properties[i.field.slice('properties.'.length).split(/[.[]/)[0]!];
  }
  if (validateEntity(ctx.model, { id, schema, properties }).length) return null;
  const agreement = await activeAgreementFor(ctx, trx, from, row.purpose, { node: ctx.node.id, agency: row.requested_agency });
  const cap = daysFromToday(agreement?.retentionDays ?? DEFAULT_RETENTION_DAYS);
  const given = typeof b.retentionUntil === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(b.retentionUntil) ? b.retentionUntil : cap;
  const retention = [[given, cap].sort()[0]!, existing?.retention_until ?? ''].sort().at(-1)!;
  const purposes = [...new Set([...(existing?.purposes ?? []), row.purpose])].filter(isPurpose);
  return {
    id, schema, properties,
    meta: {
      ownerCountry: ctx.node.country, ownerAgency: row.requested_agency, distribution: 'agency', legalBasis: row.legal_basis,
      purposes, retentionUntil: retention, dataset: `disclosure:${row.id}`, originNode: from.nodeId, locked: true,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The owning side.

interface TargetRow { target_type: 'entity' | 'list_entry'; target_id: string; partner: string; kind: string }

async function referenceOf(db: Executor, token: string): Promise<TargetRow | null> {
  const r = await sql<TargetRow>`select target_type, target_id, partner, kind from federation_references where token = ${token}`.execute(db);
  return r.rows[0] ?? null;
}

/**
 * Does an agreement want four eyes on disclosing this? Its `approvalRequired` names a schema (`Person`: a record of
 * that schema or one extending it), `designation.detail` (an entry of a designation list), `firearm.detail` (what a
 * firearm-serial question found) or `*` (everything). Without an agreement, or without knowing the record: four eyes.
 */
function needsFourEyes(ctx: ServiceCtx, agreement: AgreementTerms | null, ref: TargetRow | null, schema: string | null): boolean {
  if (!agreement || !ref) return true;
  return agreement.approvalRequired.some((k) => k === '*'
    || (k === 'designation.detail' && ref.target_type === 'list_entry')
    || (k === 'firearm.detail' && ref.kind === 'firearm-serial')
    || (ref.target_type === 'entity' && (schema === null || ctx.model.isA(schema, k))));
}

/** A partner's disclosure request arrives (queued): admitted for review, or refused and answered at once. */
async function receiveRequest(ctx: ServiceCtx, trx: Transaction<DB>, msg: Queued): Promise<void> {
  const b = (msg.body ?? {}) as Record<string, unknown>;
  const id = typeof b.id === 'string' && UUID.test(b.id) ? b.id : null;
  const purpose = isPurpose(b.purpose) ? b.purpose : null;
  const principal = partnerActor(msg.from, purpose);
  const str = (v: unknown, max: number) => (typeof v === 'string' ? v.trim().slice(0, max) : '');
  const reference = str(b.reference, 100), legalBasis = str(b.legalBasis, 500), justification = str(b.justification, 2000);
  const requestedBy = str(b.requestedBy, 100) || '?', agency = str(b.agency, 100) || '?';
  const queryId = typeof b.queryId === 'string' && UUID.test(b.queryId) ? b.queryId : null;
  if (!id || (await getRow(trx, 'owned', id))) {
    await audit(ctx, principal, { action: 'federation.disclosure.request', outcome: 'denied', resourceType: 'federation_disclosure', resourceId: id ?? undefined, detail: { partner: msg.from.nodeId, reason: id ? 'duplicate' : 'malformed' } }, trx);
    return;
  }
  const agreement = await activeAgreementFor(ctx, trx, msg.from, purpose, { node: msg.from.nodeId, agency });
  const decision = ctx.policy.decide(principal, 'federation.query.answer', undefined, answerContext('disclosure', agreement));
  const ref = reference ? await referenceOf(trx, reference) : null;
  let reason: string | null = null;
  if (!decision.allowed) reason = refusalReason('disclosure', purpose, agreement);
  else if (!ref || ref.partner !== msg.from.nodeId) reason = 'reference';
  else if (!legalBasis || !justification) reason = 'malformed';
  const schema = !reason && ref?.target_type === 'entity' ? (await fetchEntityRows(trx, [ref.target_id]))[0]?.schema ?? null : null;
  const fourEyes = reason !== null || needsFourEyes(ctx, agreement, ref, schema);
  await sql`insert into federation_disclosures (side, id, partner, query_id, reference, purpose, legal_basis, justification,
      requested_by, requested_agency, status, reason, agreement_id, four_eyes)
    values ('owned', ${id}::uuid, ${msg.from.nodeId}, ${queryId}::uuid, ${reference}, ${purpose ?? String(b.purpose ?? '').slice(0, 40)}, ${legalBasis}, ${justification},
      ${requestedBy}, ${agency}, ${reason ? 'refused' : 'pending'}, ${reason}, ${agreement?.id ?? null}, ${fourEyes})`.execute(trx);
  await audit(ctx, principal, {
    action: 'federation.disclosure.request', outcome: reason ? 'denied' : 'ok', resourceType: 'federation_disclosure', resourceId: id, legalBasis: legalBasis || null,
    detail: { partner: msg.from.nodeId, requestedBy, agency, reference, queryId, agreement: agreement?.id ?? null, justification, reason, fourEyes, policies: decision.policies },
  }, trx);
  if (reason) await enqueue(ctx, trx, msg.from.nodeId, 'disclosure.result', { id, status: 'refused', reason, agreementId: agreement?.id ?? null });
}

/** What a reference stands for, as the owning side's reviewers see it (entities only to those who may read them). */
async function targetOf(ctx: ServiceCtx, actor: Actor, ref: TargetRow | null): Promise<DisclosureView['target']> {
  if (!ref) return null;
  if (ref.target_type === 'list_entry') {
    const entry = await listEntry(ctx.db, ref.target_id);
    return entry ? { type: 'list_entry', id: ref.target_id, schema: entry.schema, caption: entry.caption } : null;
  }
  const [row] = await fetchEntityRows(ctx.db, [ref.target_id]);
  if (!row || !mayRead(ctx, actor, row, await loadAgreements(ctx.db))) return null;
  return { type: 'entity', id: row.id, schema: row.schema, caption: row.caption };
}

interface StoredListEntry { id: string; schema: string; caption: string; names: Array<{ text: string; kind: string }>; countries?: string[]; birthDates?: string[]; programs?: string[] }

async function listEntry(db: Executor, target: string): Promise<StoredListEntry | null> {
  const [, versionId, ...rest] = target.split('/');
  const entryId = rest.join('/');
  if (!versionId || !UUID.test(versionId) || !entryId) return null;
  const r = await sql<{ entry: unknown }>`select entry from screening_entries where version_id = ${versionId} and entry_id = ${entryId}`.execute(db);
  const e = r.rows[0]?.entry;
  return e ? (typeof e === 'string' ? JSON.parse(e) : e) as StoredListEntry : null;
}

/** A designation-list entry in FtM form (the lists are public; the entry is what the name matched). */
function entryAsEntity(e: StoredListEntry, listId: string): { id: string; schema: string; properties: Record<string, string[]> } {
  const names = (kind: string) => e.names.filter((n) => n.kind === kind).map((n) => n.text);
  const properties: Record<string, string[]> = { name: names('primary').length ? names('primary') : [e.caption] };
  if (names('alias').length) properties.alias = names('alias');
  if (names('weak').length) properties.weakAlias = names('weak');
  if (names('previous').length) properties.previousName = names('previous');
  if (e.countries?.length) properties.country = e.countries.map((c) => c.toLowerCase());
  if (e.schema === 'Person' && e.birthDates?.length) properties.birthDate = e.birthDates.filter((d) => /^\d{4}(-\d{2}){0,2}$/.test(d));
  properties.notes = [`${listId}${e.programs?.length ? `: ${e.programs.join(', ')}` : ''}`];
  return { id: `${listId}.${e.id}`.replace(/[^A-Za-z0-9._:-]/g, '-').slice(0, 180), schema: e.schema, properties };
}

/** Whether a policy about the egress guard (federation.share) is loaded: the agreements engineer's 81 policy. */
function egressPolicyLoaded(ctx: ServiceCtx): boolean {
  return ctx.policy.texts.some((t) => t.file.endsWith('.cedar') && t.file !== '00-system.cedar' && t.text.includes('Action::"federation.share"'));
}

/**
 * The record to send: the entity with the properties the agreement allows (all when it names none), or the list
 * entry. Throws 403 (audited by the caller) when the egress guard refuses the record.
 */
async function recordToSend(ctx: ServiceCtx, partner: Partner, row: Row, ref: TargetRow, agreement: AgreementTerms | null):
  Promise<{ record: { id: string; schema: string; properties: Record<string, string[]> }; legalBasis: string | null; egress: string[] | null }> {
  if (ref.target_type === 'list_entry') {
    const entry = await listEntry(ctx.db, ref.target_id);
    if (!entry) throw notFound({ reference: row.reference });
    return { record: entryAsEntity(entry, ref.target_id.split('/')[0]!), legalBasis: null, egress: null };
  }
  const [er] = await fetchEntityRows(ctx.db, [ref.target_id]);
  if (!er) throw notFound({ reference: row.reference });
  let egress: string[] | null = null;
  if (egressPolicyLoaded(ctx)) {
    // The egress guard sees the record as this disclosure releases it: to the asking partner alone, decided by two
    // people — a record held for the node is released as a bilateral one would be. Everything else the guard checks
    // still binds: no re-sharing of a partner's copy, an agreement in force with the partner, the schema covered,
    // a purpose in common; records kept to one agency never leave (nor are they ever a question's hit).
    const resource = resourceOf(er, await loadAgreements(ctx.db));
    const released = resource.distribution === 'node' ? { ...resource, distribution: 'bilateral' as const } : resource;
    const d = ctx.policy.decide(partnerActor(partner, isPurpose(row.purpose) ? row.purpose : null), 'federation.share', released, {
      schema: er.schema,
      agreement: {
        id: agreement?.id ?? '', active: !!agreement?.active, parties: agreement?.parties ?? [], schemata: agreement?.schemata ?? [],
        purposes: agreement?.purposes ?? [], distributions: agreement?.distributions ?? [],
      },
    });
    if (!d.allowed) throw new PuenteError('forbidden', 403, 'federation.query.disclosure.error.egress', {}, { action: 'federation.share', policies: d.policies });
    egress = d.policies;
  }
  const entity = entityOf(er, await fetchStatements(ctx.db, [er.id]));
  const allowed = agreement?.properties?.[er.schema] ?? null;
  const properties: Record<string, string[]> = {};
  for (const [prop, values] of Object.entries(entity.properties)) {
    if (allowed && !allowed.includes(prop)) continue;
    if (ctx.model.getProperty(er.schema, prop)?.type === 'entity') continue; // references to records the partner does not get
    properties[prop] = values;
  }
  return { record: { id: er.id, schema: er.schema, properties }, legalBasis: er.legal_basis, egress };
}

export interface ReviewInput { decision: Verdict; note: string }

/** The step a request is at: a pending one is reviewed (or, when one person decides it, decided); a reviewed one decided. */
const stepOf = (r: Row): 'review' | 'decide' | null =>
  r.status === 'pending' ? (r.four_eyes ? 'review' : 'decide') : r.status === 'reviewed' ? 'decide' : null;

/**
 * One step on the owning side. With four eyes a pending request is reviewed (analyst or supervisor recommends) and a
 * reviewed one is decided by a supervisor who is not the reviewer; otherwise one supervisor decides the pending
 * request. Approval sends the record; denial says so.
 */
export async function reviewDisclosure(ctx: ServiceCtx, actor: Actor, id: string, input: ReviewInput): Promise<DisclosureView> {
  if (input.decision !== 'approve' && input.decision !== 'deny') throw bad('federation.query.disclosure.error.decision', 'decision');
  const note = text(input.note, 'note', 2000);
  const row = await getRow(ctx.db, 'owned', id);
  if (!row) {
    await authorizeWith(ctx, actor, 'federation.disclosure.review', { step: 'list' }, { resourceType: 'federation_disclosure', resourceId: id });
    throw notFound({ id });
  }
  const step = stepOf(row);
  const target = { resourceType: 'federation_disclosure', resourceId: id, legalBasis: row.legal_basis, detail: { partner: row.partner, step: step ?? 'decide' } };
  await authorizeWith(ctx, actor, 'federation.disclosure.review', { step: step ?? 'decide' }, target);
  if (!step) throw conflict('federation.query.disclosure.error.settled', { status: row.status });
  const partner = await getPartner(ctx.db, row.partner);
  if (!partner) throw new PuenteError('not_found', 404, 'federation.error.notPaired', { node: row.partner }, { partner: row.partner });
  const refused = async (reason: string, extra: Record<string, unknown> = {}) => audit(ctx, actor, {
    action: 'federation.disclosure.review', outcome: 'denied', resourceType: 'federation_disclosure', resourceId: id, legalBasis: row.legal_basis,
    detail: { step, partner: row.partner, decision: input.decision, reason, ...extra },
  });

  // Checks that refuse are made (and audited) before the transaction; inside it the row is locked and must still
  // be as it was read, so that two people deciding at once cannot both succeed.
  let agreement: AgreementTerms | null = null;
  let ref: TargetRow | null = await referenceOf(ctx.db, row.reference);
  let schemaOfRef: string | null = null;
  // Nobody reviews or approves the disclosure of a record they may not read themselves (for their stated purpose).
  if (ref?.target_type === 'entity') {
    const [er] = await fetchEntityRows(ctx.db, [ref.target_id]);
    schemaOfRef = er?.schema ?? null;
    if (er && !mayRead(ctx, actor, er, await loadAgreements(ctx.db))) {
      await refused('record', { record: er.id });
      throw new PuenteError('forbidden', 403, 'federation.query.disclosure.error.unreadable', {}, { action: 'entity.read', reason: 'record' });
    }
  }
  let sent: Awaited<ReturnType<typeof recordToSend>> | null = null;
  if (step === 'decide') {
    // Four eyes: whoever reviewed it may not also decide it.
    if (row.reviewed_by === actor.id) {
      await refused('four_eyes', { reviewedBy: row.reviewed_by });
      throw conflict('federation.query.disclosure.error.fourEyes', { reason: 'four_eyes', reviewedBy: row.reviewed_by_name });
    }
    const candidates = await activeAgreementsFor(ctx, ctx.db, partner, row.purpose, { node: partner.nodeId, agency: row.requested_agency });
    agreement = candidates[0] ?? null;
    if (input.decision === 'approve') {
      // Still covered? An agreement may have lapsed between the request and the approval.
      const covered = ctx.policy.decide(partnerActor(partner, isPurpose(row.purpose) ? row.purpose : null), 'federation.query.answer', undefined, answerContext('disclosure', agreement));
      if (!covered.allowed) {
        const reason = refusalReason('disclosure', row.purpose, agreement);
        await refused(reason, { policies: covered.policies });
        throw conflict('federation.query.disclosure.error.agreement', { reason });
      }
      if (!ref) throw notFound({ reference: row.reference });
      // Under the first agreement serving the purpose whose egress guard lets the record leave (one agreement may
      // cover the asker's agency but not this record's distribution or schema).
      let refusal: unknown = null;
      // One person's decision sends it only under an agreement that spares the second pair of eyes.
      const exempt = (a: AgreementTerms) => row.four_eyes || !needsFourEyes(ctx, a, ref, schemaOfRef);
      for (const candidate of candidates.filter((a) => isPurpose(row.purpose) && a.purposes.includes(row.purpose) && exempt(a))) {
        try {
          sent = await recordToSend(ctx, partner, row, ref, candidate);
          agreement = candidate;
          break;
        } catch (e) {
          if (!(e instanceof PuenteError && e.status === 403)) throw e;
          refusal ??= e;
        }
      }
      if (!sent) {
        const e = refusal as PuenteError | null;
        if (e) {
          await audit(ctx, actor, {
            action: 'federation.disclosure.send', outcome: 'denied', resourceType: ref.target_type === 'entity' ? 'entity' : 'list_entry', resourceId: ref.target_id,
            legalBasis: row.legal_basis, detail: { disclosure: id, partner: row.partner, ...e.details },
          });
          throw e;
        }
        throw conflict('federation.query.disclosure.error.agreement', { reason: refusalReason('disclosure', row.purpose, agreement) });
      }
    }
  }

  await ctx.db.transaction().execute(async (trx) => {
    const now = (await getRow(trx, 'owned', id, true))!;
    if (now.status !== row.status || now.reviewed_by !== row.reviewed_by) throw conflict('federation.query.disclosure.error.settled', { status: now.status });
    if (step === 'review') {
      await sql`update federation_disclosures set status = 'reviewed', reviewed_by = ${actor.id}, reviewed_by_name = ${actor.username},
        recommendation = ${input.decision}, review_note = ${note}, reviewed_at = now(), updated_at = now()
        where side = 'owned' and id = ${id}::uuid`.execute(trx);
      await audit(ctx, actor, {
        action: 'federation.disclosure.review', outcome: 'ok', resourceType: 'federation_disclosure', resourceId: id, legalBasis: row.legal_basis,
        detail: { step: 'review', partner: row.partner, recommendation: input.decision, note, reference: row.reference, requestPurpose: row.purpose },
      }, trx);
      return;
    }
    const decided = { step: 'decide', partner: row.partner, decision: input.decision, note, reviewedBy: row.reviewed_by, recommendation: row.recommendation };
    if (input.decision === 'deny') {
      await decide(trx, actor, id, 'deny', note, 'denied');
      // The supervisor's note goes back to the asker as the reason (the form says so).
      await enqueue(ctx, trx, partner.nodeId, 'disclosure.result', { id, status: 'denied', reason: note, agreementId: agreement?.id ?? null });
      await audit(ctx, actor, { action: 'federation.disclosure.review', outcome: 'ok', resourceType: 'federation_disclosure', resourceId: id, legalBasis: row.legal_basis, detail: decided }, trx);
      return;
    }
    const retentionUntil = daysFromToday(agreement?.retentionDays ?? DEFAULT_RETENTION_DAYS);
    await decide(trx, actor, id, 'approve', note, 'approved');
    await enqueue(ctx, trx, partner.nodeId, 'disclosure.result', { id, status: 'disclosed', record: sent!.record, retentionUntil, agreementId: agreement?.id ?? null });
    await audit(ctx, actor, { action: 'federation.disclosure.review', outcome: 'ok', resourceType: 'federation_disclosure', resourceId: id, legalBasis: row.legal_basis, detail: decided }, trx);
    await audit(ctx, actor, {
      action: 'federation.disclosure.send', outcome: 'ok', resourceType: ref!.target_type === 'entity' ? 'entity' : 'list_entry', resourceId: ref!.target_id,
      legalBasis: sent!.legalBasis ?? row.legal_basis,
      detail: {
        disclosure: id, partner: row.partner, requestLegalBasis: row.legal_basis, agreement: agreement?.id ?? null,
        properties: Object.keys(sent!.record.properties), retentionUntil, egress: sent!.egress,
      },
    }, trx);
  });
  return withTarget(ctx, actor, (await getRow(ctx.db, 'owned', id))!);
}

async function decide(trx: Executor, actor: Actor, id: string, decision: Verdict, note: string, status: DisclosureStatus): Promise<void> {
  await sql`update federation_disclosures set status = ${status}, decided_by = ${actor.id}, decided_by_name = ${actor.username},
    decision = ${decision}, decision_note = ${note}, decided_at = now(), updated_at = now()
    where side = 'owned' and id = ${id}::uuid`.execute(trx);
}

async function withTarget(ctx: ServiceCtx, actor: Actor, r: Row): Promise<DisclosureView> {
  const v = viewOf(r);
  if (r.side !== 'owned') return v;
  v.target = await targetOf(ctx, actor, await referenceOf(ctx.db, r.reference));
  const may = (step: string) => ctx.policy.decide(actor, 'federation.disclosure.review', undefined, { step }).allowed;
  const step = stepOf(r);
  v.nextStep = step && may(step) && (step === 'review' || r.reviewed_by !== actor.id) ? step : null;
  return v;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading them back.

/**
 * side 'asked': the requests of the reader's agency (an auditor stating oversight: all);
 * side 'owned': the partner's requests, for the owning side's reviewers and auditors.
 */
export async function listDisclosures(ctx: ServiceCtx, actor: Actor, opts: { side?: 'asked' | 'owned'; limit?: number } = {}): Promise<DisclosureView[]> {
  const side = opts.side ?? 'asked';
  const limit = Math.min(Math.max(opts.limit ?? 100, 1), 500);
  const oversight = actor.roles.includes('auditor') && ctx.policy.decide(actor, 'federation.disclosure.review', undefined, { step: 'list' }).allowed;
  let agencyOnly: string | null = null;
  if (side === 'asked') {
    if (!oversight) {
      await authorizeWith(ctx, actor, 'federation.disclosure.request', {}, { resourceType: 'federation_disclosure', detail: { side } });
      if (actor.kind !== 'system') agencyOnly = actor.agencyId;
    }
  } else {
    await authorizeWith(ctx, actor, 'federation.disclosure.review', { step: 'list' }, { resourceType: 'federation_disclosure', detail: { side } });
  }
  const r = await sql<Row>`${SELECT} where side = ${side} ${agencyOnly ? sql`and requested_agency = ${agencyOnly}` : sql``}
    order by created_at desc, id limit ${limit}`.execute(ctx.db);
  const views = await Promise.all(r.rows.map((row) => withTarget(ctx, actor, row)));
  // The records the requests stand for were shown (their captions): named in the audit with the reader's purpose.
  const targets = [...new Set(views.flatMap((v) => (v.target?.type === 'entity' ? [v.target.id] : [])))];
  await audit(ctx, actor, { action: 'federation.disclosure.read', outcome: 'ok', resourceType: 'federation_disclosure', detail: { side, rows: r.rows.length, targets } });
  return views;
}

onQueued('disclosure.request', receiveRequest);
onQueued('disclosure.result', receiveResult);
