/**
 * Federation (issue 6): questions to the partner node — the eTrace pattern. An analyst or supervisor, stating a
 * purpose, asks the partner "screen this name against your designation lists" (screen-name), "do you hold a
 * firearm with this serial number?" (firearm-serial) or "do you hold a person with this CURP / SSN / id number?"
 * (person-id). The question travels as a signed request (federation/messages.ts); the partner decides under its own
 * Cedar policy (`federation.query.answer`, 82-federation-query.cedar: an active agreement covering the purpose) and
 * answers minimally: hit or not, how many hits, a score band for names, and one opaque reference per hit. The
 * reference is a random token the owner maps to the record (federation_references); it is never the record's id
 * nor anything of its content. More detail needs a disclosure request (disclosures.ts).
 *
 * Both sides keep and audit the question: the asker who asked, for which purpose and under which legal basis; the
 * owner which partner asked, for which purpose, and what it answered (refusals included).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { PURPOSES, type Purpose } from '@puente/model';
import { DEFAULT_THRESHOLD, DEFAULT_TOP } from '../../../../engines/src/screening/index';
import type { Actor } from '../../context';
import type { Action, Decision, DecisionContext } from '../../authz/engine';
import { forbidden, notFound, PuenteError } from '../../errors';
import { getPartner, onRequest, partnerActor, request, type Inbound, type Partner } from '../../federation/index';
import type { Executor } from '../../store/schema';
import type { ServiceCtx } from '../context';
import { audit, type GuardTarget } from '../guard';
import { currentVersions, screenAcross, targetsOf } from '../screening-index';
import { activeAgreements, type ActiveAgreement } from './agreements';

export const QUERY_KINDS = ['screen-name', 'firearm-serial', 'person-id'] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];

/** Score bands of a name hit (the engine's threshold is 0.8): the partner learns how strong, not the score. */
export const BAND_HIGH = 0.9;
export type Band = 'high' | 'medium';
export const bandOf = (score: number): Band => (score >= BAND_HIGH ? 'high' : 'medium');

/** Person properties a person-id question looks in (a CURP is an idNumber; an SSN a socialSecurityNumber). */
export const PERSON_ID_PROPS = ['idNumber', 'socialSecurityNumber', 'taxNumber', 'passportNumber'] as const;

/**
 * Serial numbers and identification numbers compared without spaces, dashes, dots or case ("AB-123 45" = "ab12345"),
 * exactly as the SQL of identifierHits folds the stored values (so both sides fold alike).
 */
export function normaliseIdentifier(v: string): string {
  return v.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
}

const err = (code: 'validation' | 'conflict' | 'not_found' | 'forbidden', status: number, key: string, vars: Record<string, unknown> = {}, details?: Record<string, unknown>) =>
  new PuenteError(code, status, key, vars, details);

export const isPurpose = (p: unknown): p is Purpose => typeof p === 'string' && (PURPOSES as readonly string[]).includes(p);

// ---------------------------------------------------------------------------------------------------------------
// Policy with a context (guard.authorize asks without one).

/** authorize() with a Cedar context: throws 403 after auditing the denial. */
export async function authorizeWith(
  ctx: ServiceCtx, actor: Actor, action: Action, context: DecisionContext, target: GuardTarget = {},
): Promise<Decision> {
  const decision = ctx.policy.decide(actor, action, undefined, context);
  if (decision.allowed) return decision;
  await audit(ctx, actor, {
    action, outcome: 'denied', resourceType: target.resourceType, resourceId: target.resourceId, legalBasis: target.legalBasis ?? null,
    detail: { ...target.detail, ...context, policies: decision.policies },
  });
  ctx.log.info({ action, policies: decision.policies }, 'authz.denied');
  throw forbidden({ action });
}

// ---------------------------------------------------------------------------------------------------------------
// Which agreement covers an exchange with the partner.

/** What this service needs of an agreement in force (services/federation/agreements.ts). */
export interface AgreementTerms {
  id: string;
  version: number;
  /** Party nodes and the countries and agencies they cover (as the egress guard's context names them). */
  parties: string[];
  active: boolean;
  purposes: string[];
  legalBasis: string | null;
  /** How long the receiving side may keep what is disclosed under it (days). */
  retentionDays: number | null;
  schemata: string[];
  /** Per schema, the properties that may cross (the allow-list); a schema not listed shares every property. */
  properties: Record<string, string[]> | null;
  distributions: string[];
  /** The disclosures that need four eyes on the owning side (needsFourEyes). */
  approvalRequired: string[];
}

function termsOf(a: ActiveAgreement): AgreementTerms {
  return {
    id: a.id, version: a.version, parties: [...new Set([...a.parties.map((p) => p.node), ...a.parties.flatMap((p) => p.members)])],
    active: true, purposes: [...a.purposes], legalBasis: a.legalBasis, retentionDays: a.retentionDays, schemata: [...a.schemata],
    properties: a.properties ?? null, distributions: [...a.distributions], approvalRequired: [...a.approvalRequired],
  };
}

/** Who asks: the node and the agency (as the asking node says) whose question or request it is. */
export interface Asker { node: string; agency: string | null }

/**
 * The agreement that covers an exchange with `partner` for `purpose`: one in force (signed by both nodes, within
 * its validity: agreements.ts) with the partner among its parties, whose party for the asking node covers the asking
 * agency (its country, or the agency by name: a named agreement between two agencies does not cover a third).
 * Among several, one covering the purpose is preferred; one that does not cover it is still returned, so that the
 * policy refuses for the purpose (and says so). Null when no agreement with the partner covers the asker.
 */
export async function activeAgreementFor(
  ctx: ServiceCtx, db: Executor, partner: Partner, purpose: string | null | undefined, asker: Asker,
): Promise<AgreementTerms | null> {
  return (await activeAgreementsFor(ctx, db, partner, purpose, asker))[0] ?? null;
}

/** Every agreement in force covering the asker, those that allow the purpose first (a disclosure tries each in turn:
 *  the first under which the egress guard lets the record leave is the one it travels under). */
export async function activeAgreementsFor(
  ctx: ServiceCtx, db: Executor, partner: Partner, purpose: string | null | undefined, asker: Asker,
): Promise<AgreementTerms[]> {
  const country = asker.node === ctx.node.id ? ctx.node.country : partner.country;
  const covers = (a: ActiveAgreement) => {
    const party = a.parties.find((x) => x.node === asker.node);
    return !!party && (party.members.includes(country) || (!!asker.agency && party.members.includes(asker.agency)));
  };
  const active = (await activeAgreements(ctx, db, partner.nodeId)).filter(covers).map(termsOf);
  const serves = (a: AgreementTerms) => !!purpose && a.purposes.includes(purpose);
  return [...active.filter(serves), ...active.filter((a) => !serves(a))];
}

/** The Cedar context of `federation.query.answer` for an agreement (or none). */
export function answerContext(kind: string, agreement: AgreementTerms | null): DecisionContext {
  return { kind, agreement_active: !!agreement?.active, agreement_purposes: agreement?.purposes ?? [] };
}

/** Why a partner's question or request was refused, in words the asker's UI can translate. */
export function refusalReason(kind: string, purpose: string | null, agreement: AgreementTerms | null): string {
  if (!agreement) return 'no_agreement';
  if (!purpose || !agreement.purposes.includes(purpose)) return 'purpose';
  if (![...QUERY_KINDS, 'disclosure'].includes(kind)) return 'kind';
  return 'policy';
}

// ---------------------------------------------------------------------------------------------------------------
// Stored questions.

export interface AnswerItem { token: string; band?: Band }

export interface QueryView {
  id: string;
  side: 'asked' | 'answered';
  partner: string;
  kind: string;
  value: string;
  purpose: string | null;
  legalBasis: string | null;
  agreementId: string | null;
  actorId: string | null;
  actorAgency: string | null;
  outcome: 'answered' | 'refused' | 'failed';
  reason: string | null;
  hit: boolean | null;
  hits: number | null;
  answer: AnswerItem[];
  createdAt: string;
}

interface QueryRow {
  side: 'asked' | 'answered'; id: string; partner: string; kind: string; value: string; purpose: string | null; legal_basis: string | null;
  agreement_id: string | null; actor_id: string | null; actor_agency: string | null; outcome: QueryView['outcome']; reason: string | null;
  hit: boolean | null; hits: number | null; answer: unknown; created_at: Date | string;
}

const viewOf = (r: QueryRow): QueryView => ({
  id: r.id, side: r.side, partner: r.partner, kind: r.kind, value: r.value, purpose: r.purpose, legalBasis: r.legal_basis,
  agreementId: r.agreement_id, actorId: r.actor_id, actorAgency: r.actor_agency, outcome: r.outcome, reason: r.reason,
  hit: r.hit, hits: r.hits === null ? null : Number(r.hits),
  answer: (typeof r.answer === 'string' ? JSON.parse(r.answer) : r.answer ?? []) as AnswerItem[],
  createdAt: new Date(r.created_at).toISOString(),
});

async function insertQuery(db: Executor, q: Omit<QueryView, 'createdAt'>): Promise<boolean> {
  const r = await sql`insert into federation_queries (side, id, partner, kind, value, purpose, legal_basis, agreement_id, actor_id,
      actor_agency, outcome, reason, hit, hits, answer)
    values (${q.side}, ${q.id}::uuid, ${q.partner}, ${q.kind}, ${q.value}, ${q.purpose}, ${q.legalBasis}, ${q.agreementId}, ${q.actorId},
      ${q.actorAgency}, ${q.outcome}, ${q.reason}, ${q.hit}, ${q.hits}, ${JSON.stringify(q.answer)}::jsonb)
    on conflict do nothing returning id`.execute(db);
  return r.rows.length > 0;
}

export async function getQuery(db: Executor, side: 'asked' | 'answered', id: string): Promise<QueryView | null> {
  if (!UUID.test(id)) return null;
  const r = await sql<QueryRow>`select * from federation_queries where side = ${side} and id = ${id}::uuid`.execute(db);
  return r.rows[0] ? viewOf(r.rows[0]) : null;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// ---------------------------------------------------------------------------------------------------------------
// Asking.

export interface AskInput { partner: string; kind: string; value: string; purpose?: string | null; legalBasis?: string | null }

/** What the partner's handler answers (the body of its signed reply). */
interface AnswerBody { outcome: 'answered' | 'refused'; reason?: string; hit?: boolean; hits?: number; items?: AnswerItem[]; agreementId?: string | null }

/** The actor with the purpose of this exchange (the one given, else the session's). */
export function withPurpose(actor: Actor, purpose: string | null | undefined): Actor {
  if (purpose === undefined || purpose === null || purpose === '') return actor;
  if (!isPurpose(purpose)) throw err('validation', 400, 'federation.query.error.purpose', { purpose: String(purpose).slice(0, 40) }, { field: 'purpose' });
  return { ...actor, purpose };
}

function checkValue(kind: QueryKind, value: string): string {
  const v = value.trim();
  if (!v || v.length > 300) throw err('validation', 400, 'federation.query.error.value', {}, { field: 'value' });
  if (kind !== 'screen-name' && !normaliseIdentifier(v)) throw err('validation', 400, 'federation.query.error.value', {}, { field: 'value' });
  return v;
}

/** Asks the partner a question and stores its minimal answer (or its refusal). */
export async function askPartner(ctx: ServiceCtx, actor: Actor, input: AskInput): Promise<QueryView> {
  const asker = withPurpose(actor, input.purpose);
  await authorizeWith(ctx, asker, 'federation.query.ask', {}, { resourceType: 'federation_query', detail: { partner: input.partner, kind: input.kind } });
  if (!(QUERY_KINDS as readonly string[]).includes(input.kind)) {
    throw err('validation', 400, 'federation.query.error.kind', { kind: String(input.kind).slice(0, 40) }, { field: 'kind', allowed: QUERY_KINDS });
  }
  const kind = input.kind as QueryKind;
  const value = checkValue(kind, input.value ?? '');
  const partner = await getPartner(ctx.db, input.partner);
  if (!partner) throw err('not_found', 404, 'federation.error.notPaired', { node: input.partner }, { partner: input.partner });
  const agreement = await activeAgreementFor(ctx, ctx.db, partner, asker.purpose, { node: ctx.node.id, agency: actor.agencyId });
  const legalBasis = input.legalBasis?.trim() || agreement?.legalBasis || null;
  if (legalBasis && legalBasis.length > 500) throw err('validation', 400, 'federation.query.error.legalBasis', {}, { field: 'legalBasis' });
  const id = randomUUID();
  const base = {
    side: 'asked' as const, id, partner: partner.nodeId, kind, value, purpose: asker.purpose, legalBasis, actorId: actor.id, actorAgency: actor.agencyId,
  };
  let reply: AnswerBody;
  try {
    reply = await request<AnswerBody>(ctx, partner.nodeId, 'query.ask', {
      id, kind, value, purpose: asker.purpose, legalBasis, agreementId: agreement?.id ?? null, agency: actor.agencyId,
    });
    if (!reply || (reply.outcome !== 'answered' && reply.outcome !== 'refused')) throw new PuenteError('partner_unavailable', 502, 'federation.error.badReply', { node: partner.nodeId });
  } catch (e) {
    const reason = e instanceof PuenteError ? e.code : 'internal';
    await ctx.db.transaction().execute(async (trx) => {
      await insertQuery(trx, { ...base, agreementId: agreement?.id ?? null, outcome: 'failed', reason, hit: null, hits: null, answer: [] });
      await audit(ctx, asker, {
        action: 'federation.query.ask', outcome: 'failed', resourceType: 'federation_query', resourceId: id, legalBasis,
        detail: { partner: partner.nodeId, kind, value, agreement: agreement?.id ?? null, error: reason },
      }, trx);
    });
    throw e;
  }
  const items = reply.outcome === 'answered' ? sanitiseItems(reply.items) : [];
  const view: Omit<QueryView, 'createdAt'> = {
    ...base, agreementId: 'agreementId' in reply ? (typeof reply.agreementId === 'string' ? reply.agreementId.slice(0, 64) : null) : agreement?.id ?? null,
    outcome: reply.outcome, reason: reply.outcome === 'refused' ? String(reply.reason ?? 'policy').slice(0, 40) : null,
    hit: reply.outcome === 'answered' ? items.length > 0 : null, hits: reply.outcome === 'answered' ? items.length : null, answer: items,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await insertQuery(trx, view);
    await audit(ctx, asker, {
      action: 'federation.query.ask', outcome: reply.outcome === 'answered' ? 'ok' : 'denied', resourceType: 'federation_query', resourceId: id,
      legalBasis, detail: { partner: partner.nodeId, kind, value, agreement: view.agreementId, answered: reply.outcome, reason: view.reason, hit: view.hit, hits: view.hits },
    }, trx);
  });
  return (await getQuery(ctx.db, 'asked', id))!;
}

function sanitiseItems(items: unknown): AnswerItem[] {
  if (!Array.isArray(items)) return [];
  return items.slice(0, 50).flatMap((i) => {
    const token = (i as AnswerItem)?.token;
    if (typeof token !== 'string' || !/^ref_[A-Za-z0-9_-]{8,64}$/.test(token)) return [];
    const band = (i as AnswerItem).band;
    return [band === 'high' || band === 'medium' ? { token, band } : { token }];
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Answering the partner's question (the owning side).

interface Target { type: 'entity' | 'list_entry'; id: string; band?: Band }

/** Name against the current version of every designation list, as the screening engine scores it. */
async function screenNameHits(ctx: ServiceCtx, name: string): Promise<Target[]> {
  const versions = await currentVersions(ctx.db);
  if (!versions.length) return [];
  const targets = await targetsOf(ctx.db, versions);
  return screenAcross(targets, { id: 'q', name }, { threshold: DEFAULT_THRESHOLD, top: DEFAULT_TOP })
    .map((h) => ({ type: 'list_entry' as const, id: `${h.listId}/${h.versionId}/${h.entryId}`, band: bandOf(h.score) }));
}

/**
 * This node's own records (not partners' copies) of `schema` with an identifier property equal to `value` once
 * normalised, held for the purpose asked (purpose limitation) and not kept to their agency alone (distribution
 * 'agency': the node does not speak for such records).
 */
async function identifierHits(ctx: ServiceCtx, schema: string, props: readonly string[], value: string, purpose: string): Promise<Target[]> {
  const norm = normaliseIdentifier(value);
  const r = await sql<{ id: string }>`select distinct e.id from entities e
    join fragments f on f.entity_id = e.id
    cross join lateral jsonb_array_elements(f.statements) s
    where e.schema = ${schema} and not e.locked and e.origin_node = ${ctx.node.id} and e.distribution <> 'agency'
      and ${purpose} = any(e.purposes)
      and s->>0 = any(${[...props]}::text[])
      and upper(regexp_replace(s->>1, '[^A-Za-z0-9]', '', 'g')) = ${norm}
    order by e.id limit ${DEFAULT_TOP}`.execute(ctx.db);
  return r.rows.map((x) => ({ type: 'entity' as const, id: x.id }));
}

const token = () => `ref_${randomBytes(18).toString('base64url')}`;

/** The partner's question: decided under this node's policy, answered minimally, stored and audited. */
export async function answerQuestion(ctx: ServiceCtx, msg: Inbound): Promise<AnswerBody> {
  const b = (msg.body ?? {}) as Record<string, unknown>;
  const id = typeof b.id === 'string' && UUID.test(b.id) ? b.id : null;
  const kind = typeof b.kind === 'string' ? b.kind.slice(0, 40) : '';
  const value = typeof b.value === 'string' ? b.value.slice(0, 300) : '';
  const purpose = isPurpose(b.purpose) ? b.purpose : null;
  const legalBasis = typeof b.legalBasis === 'string' ? b.legalBasis.slice(0, 500) : null;
  const agency = typeof b.agency === 'string' ? b.agency.slice(0, 100) : null;
  const principal = partnerActor(msg.from, purpose);
  if (!id || !value.trim()) {
    await audit(ctx, principal, { action: 'federation.query.answer', outcome: 'denied', resourceType: 'federation_query', resourceId: id ?? undefined, detail: { partner: msg.from.nodeId, reason: 'malformed' } });
    return { outcome: 'refused', reason: 'malformed' };
  }
  const agreement = await activeAgreementFor(ctx, ctx.db, msg.from, purpose, { node: msg.from.nodeId, agency });
  const decision = ctx.policy.decide(principal, 'federation.query.answer', undefined, answerContext(kind, agreement));
  const base = {
    side: 'answered' as const, id, partner: msg.from.nodeId, kind, value, purpose, legalBasis, agreementId: agreement?.id ?? null,
    actorId: null, actorAgency: agency,
  };
  if (!decision.allowed) {
    const reason = refusalReason(kind, purpose, agreement);
    await ctx.db.transaction().execute(async (trx) => {
      const fresh = await insertQuery(trx, { ...base, outcome: 'refused', reason, hit: null, hits: null, answer: [] });
      await audit(ctx, principal, {
        action: 'federation.query.answer', outcome: 'denied', resourceType: 'federation_query', resourceId: id, legalBasis,
        detail: { partner: msg.from.nodeId, agency, kind, value, agreement: agreement?.id ?? null, reason, policies: decision.policies, ...(fresh ? {} : { duplicate: true }) },
      }, trx);
    });
    return { outcome: 'refused', reason, agreementId: agreement?.id ?? null };
  }
  const found = kind === 'screen-name' ? await screenNameHits(ctx, value)
    : kind === 'firearm-serial' ? await identifierHits(ctx, 'Firearm', ['serialNumber'], value, purpose!)
      : await identifierHits(ctx, 'Person', PERSON_ID_PROPS, value, purpose!);
  const items: AnswerItem[] = found.map((t) => (t.band ? { token: token(), band: t.band } : { token: token() }));
  const ok = await ctx.db.transaction().execute(async (trx) => {
    const fresh = await insertQuery(trx, { ...base, outcome: 'answered', reason: null, hit: items.length > 0, hits: items.length, answer: items });
    if (!fresh) return false;
    for (let i = 0; i < items.length; i++) {
      await sql`insert into federation_references (token, partner, query_id, kind, target_type, target_id, band)
        values (${items[i]!.token}, ${msg.from.nodeId}, ${id}::uuid, ${kind}, ${found[i]!.type}, ${found[i]!.id}, ${found[i]!.band ?? null})`.execute(trx);
    }
    await audit(ctx, principal, {
      action: 'federation.query.answer', outcome: 'ok', resourceType: 'federation_query', resourceId: id, legalBasis,
      detail: { partner: msg.from.nodeId, agency, kind, value, agreement: agreement?.id ?? null, hit: items.length > 0, hits: items.length, targets: found.map((t) => t.id), policies: decision.policies },
    }, trx);
    return true;
  });
  if (!ok) {
    await audit(ctx, principal, { action: 'federation.query.answer', outcome: 'denied', resourceType: 'federation_query', resourceId: id, detail: { partner: msg.from.nodeId, reason: 'duplicate' } });
    return { outcome: 'refused', reason: 'duplicate' };
  }
  return { outcome: 'answered', hit: items.length > 0, hits: items.length, items, agreementId: agreement?.id ?? null };
}

onRequest('query.ask', answerQuestion);

// ---------------------------------------------------------------------------------------------------------------
// Reading the questions back.

/** Who may see which questions: those who ask see their agency's; the owning side's reviewers and auditors see the
 *  partner's questions; an auditor stating oversight sees both directions. */
export async function listQueries(ctx: ServiceCtx, actor: Actor, opts: { side?: 'asked' | 'answered'; limit?: number } = {}): Promise<QueryView[]> {
  const side = opts.side ?? 'asked';
  const limit = Math.min(Math.max(opts.limit ?? 100, 1), 500);
  const oversight = ctx.policy.decide(actor, 'federation.disclosure.review', undefined, { step: 'list' }).allowed && actor.roles.includes('auditor');
  let agencyOnly: string | null = null;
  if (side === 'asked') {
    if (!oversight) {
      await authorizeWith(ctx, actor, 'federation.query.ask', {}, { resourceType: 'federation_query', detail: { side } });
      if (actor.kind !== 'system') agencyOnly = actor.agencyId;
    }
  } else if (!oversight) {
    await authorizeWith(ctx, actor, 'federation.disclosure.review', { step: 'list' }, { resourceType: 'federation_query', detail: { side } });
  }
  const r = await sql<QueryRow>`select * from federation_queries where side = ${side}
    ${agencyOnly ? sql`and actor_agency = ${agencyOnly}` : sql``} order by created_at desc, id limit ${limit}`.execute(ctx.db);
  await audit(ctx, actor, { action: 'federation.query.read', outcome: 'ok', resourceType: 'federation_query', detail: { side, rows: r.rows.length } });
  return r.rows.map(viewOf);
}

/** A question this node asked, as its asker's agency may see it (disclosures.ts). */
export async function askedQuery(ctx: ServiceCtx, actor: Actor, id: string): Promise<QueryView> {
  const q = await getQuery(ctx.db, 'asked', id);
  if (!q || (actor.kind !== 'system' && q.actorAgency !== actor.agencyId)) throw notFound({ queryId: id });
  return q;
}
