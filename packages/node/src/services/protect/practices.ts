/**
 * The Network for Homicide Prevention's practice library: programmes that members of both countries
 * publish (in English and Spanish), with place, population served, evidence, outcome measures and contacts.
 * Search folds case and accents and matches every word in either language.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../../context';
import { forbidden, notFound } from '../../errors';
import type { ServiceCtx } from '../context';
import { audit, authorize } from '../guard';
import { protectDb } from './schema';

export const EVIDENCE_LEVELS = ['rigorous', 'promising', 'emerging', 'anecdotal'] as const;
export type EvidenceLevel = (typeof EVIDENCE_LEVELS)[number];

export interface Contact { name: string; organisation: string; email: string }
export interface PracticeInput {
  title: { en: string; es: string }; programme: { en: string; es: string }; place: string; placeCode?: string | null;
  country: 'MX' | 'US'; population: { en: string; es: string }; evidenceLevel: EvidenceLevel; evidence: { en: string; es: string };
  outcomeMeasures: string[]; contacts: Contact[];
}
export interface PracticeView extends PracticeInput { id: string; ownerAgency: string; ownerCountry: string; publishedAt: string; updatedAt: string }

export const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

function searchText(p: PracticeInput): string {
  return fold([p.title.en, p.title.es, p.programme.en, p.programme.es, p.place, p.population.en, p.population.es, p.evidence.en, p.evidence.es,
    ...p.outcomeMeasures, ...p.contacts.map((c) => c.organisation)].join(' '));
}

type Row = Awaited<ReturnType<typeof fetchRows>>[number];
function fetchRows(ctx: ServiceCtx) { return protectDb(ctx.db).selectFrom('protect_practices').selectAll().execute(); }

function view(r: Row): PracticeView {
  return {
    id: r.id, title: { en: r.title_en, es: r.title_es }, programme: { en: r.programme_en, es: r.programme_es }, place: r.place, placeCode: r.place_code,
    country: r.country.trim() as 'MX' | 'US', population: { en: r.population_en, es: r.population_es }, evidenceLevel: r.evidence_level as EvidenceLevel,
    evidence: { en: r.evidence_en, es: r.evidence_es }, outcomeMeasures: r.outcome_measures, contacts: r.contacts as Contact[],
    ownerAgency: r.owner_agency, ownerCountry: r.owner_country.trim(), publishedAt: new Date(r.published_at).toISOString(), updatedAt: new Date(r.updated_at).toISOString(),
  };
}

export async function searchPractices(ctx: ServiceCtx, actor: Actor, q: { q?: string; country?: string; evidence?: string; limit?: number }): Promise<{ total: number; practices: PracticeView[] }> {
  await authorize(ctx, actor, 'protect.read', { resourceType: 'protect_practice' });
  let query = protectDb(ctx.db).selectFrom('protect_practices').selectAll();
  for (const word of fold(q.q ?? '').split(' ').filter(Boolean).slice(0, 8)) {
    query = query.where(sql<boolean>`search_text like ${`%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  }
  if (q.country) query = query.where('country', '=', q.country);
  if (q.evidence) query = query.where('evidence_level', '=', q.evidence);
  const rows = await query.orderBy('published_at', 'desc').orderBy('id').limit(q.limit ?? 100).execute();
  return { total: rows.length, practices: rows.map(view) };
}

export async function getPractice(ctx: ServiceCtx, actor: Actor, id: string): Promise<PracticeView> {
  await authorize(ctx, actor, 'protect.read', { resourceType: 'protect_practice', resourceId: id });
  const r = await protectDb(ctx.db).selectFrom('protect_practices').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound({ id });
  return view(r);
}

function columns(p: PracticeInput) {
  return {
    title_en: p.title.en, title_es: p.title.es, programme_en: p.programme.en, programme_es: p.programme.es, place: p.place,
    place_code: p.placeCode ?? null, country: p.country, population_en: p.population.en, population_es: p.population.es,
    evidence_level: p.evidenceLevel, evidence_en: p.evidence.en, evidence_es: p.evidence.es, outcome_measures: p.outcomeMeasures,
    contacts: JSON.stringify(p.contacts), search_text: searchText(p),
  };
}

/** Publishes a practice for members of both countries; the publisher's agency owns it. */
export async function publishPractice(ctx: ServiceCtx, actor: Actor, input: PracticeInput, opts: { id?: string } = {}): Promise<PracticeView> {
  await authorize(ctx, actor, 'protect.practice.publish', { resourceType: 'protect_practice' });
  const id = opts.id ?? randomUUID();
  await ctx.db.transaction().execute(async (tx) => {
    await protectDb(tx).insertInto('protect_practices').values({
      id, ...columns(input), owner_agency: actor.agencyId, owner_country: actor.country, author_id: actor.kind === 'user' ? actor.id : null,
    }).execute();
    await audit(ctx, actor, { action: 'protect.practice.publish', outcome: 'ok', resourceType: 'protect_practice', resourceId: id, detail: { title: input.title.en } }, tx);
  });
  return getPractice(ctx, actor, id);
}

/** Edits a practice: only its owner agency. */
export async function updatePractice(ctx: ServiceCtx, actor: Actor, id: string, input: PracticeInput): Promise<PracticeView> {
  await authorize(ctx, actor, 'protect.practice.publish', { resourceType: 'protect_practice', resourceId: id });
  const cur = await protectDb(ctx.db).selectFrom('protect_practices').select(['owner_agency']).where('id', '=', id).executeTakeFirst();
  if (!cur) throw notFound({ id });
  if (cur.owner_agency !== actor.agencyId && actor.kind !== 'system') {
    await audit(ctx, actor, { action: 'protect.practice.update', outcome: 'denied', resourceType: 'protect_practice', resourceId: id });
    throw forbidden({ action: 'protect.practice.update' });
  }
  await ctx.db.transaction().execute(async (tx) => {
    await protectDb(tx).updateTable('protect_practices').set({ ...columns(input), updated_at: new Date() }).where('id', '=', id).execute();
    await audit(ctx, actor, { action: 'protect.practice.update', outcome: 'ok', resourceType: 'protect_practice', resourceId: id }, tx);
  });
  return getPractice(ctx, actor, id);
}
