/**
 * Homicide task-force cases: a record with owner agency, distribution, purposes and legal basis (like any
 * entity), linking homicides (point events or files), suspects (existing person records), lab requests
 * and prosecutions. A case page shows people: reads need protect.case.read (a stated purpose the case
 * serves, within its distribution) and are audited with the purpose and the legal basis; outside the
 * sharing circle a case answers 404, inside but not allowed 403 (as records do).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Purpose } from '@puente/model';
import type { Actor } from '../../context';
import { notFound, PuenteError } from '../../errors';
import type { RecordResource } from '../../authz/index';
import type { ServiceCtx } from '../context';
import { audit, authorize, hiddenFrom } from '../guard';
import { fetchReadable, loadAgreements, type Agreements } from '../records';
import { protectDb } from './schema';

export const LINK_KINDS = ['homicide', 'suspect', 'lab_request', 'prosecution'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

export interface CaseInput {
  title: string; placeCode?: string | null; openedOn: string; summary?: string;
  distribution?: 'agency' | 'node' | 'bilateral' | 'agreement'; agreementId?: string | null; purposes?: Purpose[]; legalBasis: string;
}
export interface LinkInput { kind: LinkKind; entityId?: string | null; eventId?: string | null; label: string; status?: string; onDate?: string | null; detail?: Record<string, unknown> }

type CaseRow = Awaited<ReturnType<typeof caseRow>>;
async function caseRow(ctx: ServiceCtx, id: string) {
  return protectDb(ctx.db).selectFrom('protect_cases').selectAll().select([sql<string>`opened_on::text`.as('opened')]).where('id', '=', id).executeTakeFirst();
}

function resourceOfCase(r: NonNullable<CaseRow>, agreements: Agreements): RecordResource {
  return {
    id: r.id, ownerCountry: r.owner_country.trim(), ownerAgency: r.owner_agency, distribution: r.distribution,
    agreementParties: r.agreement_id ? agreements.get(r.agreement_id) ?? [] : [], purposes: [...r.purposes], personalData: true, locked: false,
  };
}

export interface CaseSummary {
  id: string; title: string; placeCode: string | null; placeName: string | null; status: string; openedOn: string; ownerAgency: string;
  distribution: string; purposes: string[]; links: Record<LinkKind, number>;
}
export interface CaseLinkView {
  id: string; kind: LinkKind; label: string; status: string; onDate: string | null; detail: Record<string, unknown>;
  /** Suspects: the record when the caller may read it; null when it is hidden from them (the link's existence is shown, not the record). */
  entity: { id: string; schema: string; caption: string } | null;
  restricted: boolean;
  event: { id: string; occurredOn: string; placeCode: string | null } | null;
}
export interface CaseView extends CaseSummary { summary: string; legalBasis: string; ownerCountry: string; createdAt: string; linked: CaseLinkView[] }

/** Cases the caller may read (the policy decides each; there are few cases, no SQL prefilter needed). */
export async function listCases(ctx: ServiceCtx, actor: Actor): Promise<CaseSummary[]> {
  const p = protectDb(ctx.db);
  const agreements = await loadAgreements(ctx.db);
  const rows = await p.selectFrom('protect_cases').leftJoin('protect_places', 'protect_places.code', 'protect_cases.place_code')
    .selectAll('protect_cases').select(['protect_places.name as place_name', sql<string>`opened_on::text`.as('opened')]).orderBy('opened_on', 'desc').orderBy('id').execute();
  const readable = rows.filter((r) => ctx.policy.decide(actor, 'protect.case.read', resourceOfCase(r, agreements)).allowed);
  const counts = readable.length
    ? await p.selectFrom('protect_case_links').select(['case_id', 'kind', sql<string>`count(*)`.as('n')]).where('case_id', 'in', readable.map((r) => r.id)).groupBy(['case_id', 'kind']).execute()
    : [];
  return readable.map((r) => summary(r, r.place_name, counts.filter((c) => c.case_id === r.id)));
}

function summary(r: NonNullable<CaseRow>, placeName: string | null, counts: Array<{ kind: string; n: string }>): CaseSummary {
  const links = { homicide: 0, suspect: 0, lab_request: 0, prosecution: 0 } as Record<LinkKind, number>;
  for (const c of counts) links[c.kind as LinkKind] = Number(c.n);
  return {
    id: r.id, title: r.title, placeCode: r.place_code, placeName, status: r.status, openedOn: r.opened, ownerAgency: r.owner_agency,
    distribution: r.distribution, purposes: r.purposes, links,
  };
}

export async function getCase(ctx: ServiceCtx, actor: Actor, id: string): Promise<CaseView> {
  const r = await caseRow(ctx, id);
  if (!r) throw notFound({ id });
  const agreements = await loadAgreements(ctx.db);
  const resource = resourceOfCase(r, agreements);
  const decision = ctx.policy.decide(actor, 'protect.case.read', resource);
  if (!decision.allowed) {
    const hidden = hiddenFrom(ctx, actor, resource);
    await audit(ctx, actor, { action: 'protect.case.read', outcome: 'denied', resourceType: 'protect_case', resourceId: id, legalBasis: r.legal_basis, detail: { policies: decision.policies, ...(hidden ? { answered: 'not_found' } : {}) } });
    if (hidden) throw notFound();
    throw new PuenteError('forbidden', 403, 'error.forbidden', {}, { action: 'protect.case.read' });
  }
  const p = protectDb(ctx.db);
  const links = await p.selectFrom('protect_case_links').leftJoin('protect_events', 'protect_events.id', 'protect_case_links.event_id')
    .select(['protect_case_links.id', 'protect_case_links.kind', 'protect_case_links.entity_id', 'protect_case_links.event_id', 'protect_case_links.label',
      'protect_case_links.status', sql<string | null>`protect_case_links.on_date::text`.as('on_date'), 'protect_case_links.detail',
      sql<string | null>`protect_events.occurred_on::text`.as('occurred_on'), 'protect_events.place_code as event_place'])
    .where('protect_case_links.case_id', '=', id).orderBy('protect_case_links.kind').orderBy('protect_case_links.id').execute();
  const entityIds = links.map((l) => l.entity_id).filter((x): x is string => !!x);
  const readable = entityIds.length ? await fetchReadable(ctx, actor, entityIds, agreements) : new Map();
  // The read of a page that names people is audited with the purpose and the case's legal basis.
  await audit(ctx, actor, {
    action: 'protect.case.read', outcome: 'ok', resourceType: 'protect_case', resourceId: id, purpose: actor.purpose, legalBasis: r.legal_basis,
    detail: { suspects: entityIds.filter((e) => readable.has(e)) },
  });
  const place = r.place_code ? await p.selectFrom('protect_places').select('name').where('code', '=', r.place_code).executeTakeFirst() : undefined;
  const counts = Object.entries(links.reduce<Record<string, number>>((acc, l) => { acc[l.kind] = (acc[l.kind] ?? 0) + 1; return acc; }, {})).map(([kind, n]) => ({ kind, n: String(n) }));
  return {
    ...summary(r, place?.name ?? null, counts), summary: r.summary, legalBasis: r.legal_basis, ownerCountry: r.owner_country.trim(),
    createdAt: new Date(r.created_at).toISOString(),
    linked: links.map((l) => {
      const e = l.entity_id ? readable.get(l.entity_id) : undefined;
      return {
        id: String(l.id), kind: l.kind, label: l.label, status: l.status, onDate: l.on_date, detail: l.detail as Record<string, unknown>,
        entity: e ? { id: e.id, schema: e.schema, caption: e.caption } : null,
        restricted: !!l.entity_id && !e,
        event: l.event_id && l.occurred_on ? { id: l.event_id, occurredOn: l.occurred_on, placeCode: l.event_place } : null,
      };
    }),
  };
}

export async function openCase(ctx: ServiceCtx, actor: Actor, input: CaseInput, opts: { id?: string } = {}): Promise<CaseView> {
  const purposes = input.purposes?.length ? input.purposes : actor.purpose ? [actor.purpose] : [];
  if (!purposes.length) throw new PuenteError('validation', 400, 'api.entity.purposes_required', {}, { field: 'purposes' });
  const agreements = await loadAgreements(ctx.db);
  if (input.distribution === 'agreement' && (!input.agreementId || !agreements.has(input.agreementId))) {
    throw new PuenteError('validation', 400, 'api.entity.agreement_required', {}, { field: 'agreementId' });
  }
  const id = opts.id ?? randomUUID();
  const resource: RecordResource = {
    id, ownerCountry: actor.country, ownerAgency: actor.agencyId, distribution: input.distribution ?? 'agency',
    agreementParties: input.agreementId ? agreements.get(input.agreementId) ?? [] : [], purposes, personalData: true, locked: false,
  };
  await authorize(ctx, actor, 'protect.case.update', { resource, resourceType: 'protect_case', legalBasis: input.legalBasis, exists: false });
  await ctx.db.transaction().execute(async (tx) => {
    await protectDb(tx).insertInto('protect_cases').values({
      id, title: input.title, place_code: input.placeCode ?? null, opened_on: input.openedOn, summary: input.summary ?? '',
      owner_country: actor.country, owner_agency: actor.agencyId, distribution: resource.distribution, agreement_id: input.agreementId ?? null,
      purposes, legal_basis: input.legalBasis, created_by: actor.kind === 'user' ? actor.id : null,
    }).execute();
    await audit(ctx, actor, { action: 'protect.case.create', outcome: 'ok', resourceType: 'protect_case', resourceId: id, legalBasis: input.legalBasis, detail: { title: input.title } }, tx);
  });
  return getCase(ctx, actor, id);
}

async function writableCase(ctx: ServiceCtx, actor: Actor, id: string) {
  const r = await caseRow(ctx, id);
  if (!r) throw notFound({ id });
  const agreements = await loadAgreements(ctx.db);
  await authorize(ctx, actor, 'protect.case.update', { resource: resourceOfCase(r, agreements), resourceType: 'protect_case', resourceId: id, legalBasis: r.legal_basis });
  return { r, agreements };
}

/** Links a homicide, a suspect (an existing record the caller may read), a lab request or a prosecution. */
export async function linkToCase(ctx: ServiceCtx, actor: Actor, id: string, input: LinkInput): Promise<CaseView> {
  const { r, agreements } = await writableCase(ctx, actor, id);
  if (input.kind === 'suspect') {
    if (!input.entityId) throw new PuenteError('validation', 400, 'error.validation', { detail: 'entityId' }, { field: 'entityId' });
    const readable = await fetchReadable(ctx, actor, [input.entityId], agreements);
    if (!readable.has(input.entityId)) throw new PuenteError('validation', 400, 'protect.error.entity_unknown', { id: input.entityId }, { field: 'entityId' });
  }
  if (input.eventId && !(await protectDb(ctx.db).selectFrom('protect_events').select('id').where('id', '=', input.eventId).executeTakeFirst())) {
    throw new PuenteError('validation', 400, 'error.validation', { detail: 'eventId' }, { field: 'eventId' });
  }
  await ctx.db.transaction().execute(async (tx) => {
    await protectDb(tx).insertInto('protect_case_links').values({
      case_id: id, kind: input.kind, entity_id: input.kind === 'suspect' ? input.entityId! : null, event_id: input.eventId ?? null,
      label: input.label, status: input.status ?? '', on_date: input.onDate ?? null, detail: JSON.stringify(input.detail ?? {}),
      created_by: actor.kind === 'user' ? actor.id : null,
    }).execute();
    await protectDb(tx).updateTable('protect_cases').set({ updated_at: new Date() }).where('id', '=', id).execute();
    await audit(ctx, actor, {
      action: 'protect.case.link', outcome: 'ok', resourceType: 'protect_case', resourceId: id, legalBasis: r.legal_basis,
      detail: { kind: input.kind, entityId: input.entityId ?? null, eventId: input.eventId ?? null },
    }, tx);
  });
  return getCase(ctx, actor, id);
}

export async function setCaseStatus(ctx: ServiceCtx, actor: Actor, id: string, status: 'open' | 'closed'): Promise<CaseView> {
  const { r } = await writableCase(ctx, actor, id);
  await ctx.db.transaction().execute(async (tx) => {
    await protectDb(tx).updateTable('protect_cases').set({ status, updated_at: new Date() }).where('id', '=', id).execute();
    await audit(ctx, actor, { action: 'protect.case.update', outcome: 'ok', resourceType: 'protect_case', resourceId: id, legalBasis: r.legal_basis, detail: { status } }, tx);
  });
  return getCase(ctx, actor, id);
}
