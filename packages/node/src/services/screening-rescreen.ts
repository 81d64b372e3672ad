/**
 * Re-screening the node's own records when a list changes, and raising one alert per new hit.
 *
 * Which records: Persons, Companies, Organizations and LegalEntities the node holds for the purpose of sanctions
 * screening (records held only for other purposes — a missing person's family, a firearms trace — are not
 * screened: purpose limitation, LGPDPPSO art. 18). The job runs as the node itself, stating that purpose, and is
 * audited as one event. Which names: a record's names from entity_names (its caption, names and aliases), without
 * the parts FtM also keeps as names (firstName, lastName… : a name whose words all appear in another of the
 * record's names) and without one-word nicknames (OFAC: screening on a weak alias alone "is not expected").
 *
 * Two passes keep the store reads small: first every name alone (with the record's schema) at the threshold less
 * the most the qualifiers can add (country and birth date, features.ts), then — only for records with a
 * candidate — the name with the record's country and birth date at the threshold. Since qualifiers only add up
 * to that margin, the second pass finds exactly what screening every record with its qualifiers would.
 *
 * New: a hit (record, list, entry) that has no alert yet and no decision yet. Hits already alerted or decided —
 * by an earlier version of the list, say — raise nothing.
 */
import { randomUUID } from 'node:crypto';
import { sql, type SqlBool } from 'kysely';
import { DEFAULT_THRESHOLD, FEATURE_WEIGHTS, parseName, nameKindOf, foldText, type ScreeningQuery } from '../../../engines/src/screening/index';
import type { Actor } from '../context';
import { systemActor } from '../identity/index';
import type { ServiceCtx } from './context';
import { audit } from './guard';
import { fetchStatements } from './records';
import { anyOf } from './sql';
import { screenAcross, targetsOf, type ListHit, type ScreenTarget } from './screening-index';
import { sdb, textArray } from './screening-store';

/** Schemata of the records re-screened. */
export const RESCREEN_SCHEMATA = ['Person', 'Company', 'Organization', 'LegalEntity'] as const;
/** The purpose a record must serve to be re-screened, and the purpose the job states. */
export const RESCREEN_PURPOSE = 'sanctions_screening' as const;
/** Hits kept per record. */
const TOP = 5;
/** What country and birth date can add to a score at most (features.ts). */
const QUALIFIER_MARGIN = Math.max(0, FEATURE_WEIGHTS.country_match)
  + Math.max(FEATURE_WEIGHTS.dob_match, FEATURE_WEIGHTS.dob_swapped, FEATURE_WEIGHTS.dob_year_match, 0);

export interface RescreenResult { runId: string; records: number; names: number; hits: number; alerts: number; ms: number }

interface Subject { id: string; schema: string; names: string[] }

/** The names worth screening among a record's names (see the module comment). */
export function queryNames(caption: string, names: readonly string[], schema: string): string[] {
  const kind = nameKindOf(schema);
  const all = [...new Set([caption, ...names])].filter((n) => foldText(n));
  const words = all.map((n) => new Set(foldText(n).split(' ')));
  const out: string[] = [];
  all.forEach((n, i) => {
    // a part of another name (firstName "José Luis", lastName "Pérez" of "José Luis Pérez"): skip
    const within = words.some((w, j) => j !== i && w.size > words[i].size && [...words[i]].every((x) => w.has(x)));
    if (within) return;
    // the same words as an earlier name ("PÉREZ, José" and "José Pérez"): once is enough
    if (words.slice(0, i).some((w) => w.size === words[i].size && [...words[i]].every((x) => w.has(x)))) return;
    if (n !== caption && parseName(n, kind).content < 2) return;
    out.push(n);
  });
  return out;
}

async function loadSubjects(ctx: ServiceCtx): Promise<Subject[]> {
  const rows = await ctx.db.selectFrom('entity_names')
    .innerJoin('entities', 'entities.id', 'entity_names.entity_id')
    .select(['entities.id', 'entities.schema', 'entities.caption', 'entity_names.name'])
    .where(anyOf('entities.schema', RESCREEN_SCHEMATA))
    .where(sql<SqlBool>`${RESCREEN_PURPOSE} = any(entities.purposes)`)
    .orderBy('entities.id')
    .execute();
  const byId = new Map<string, { schema: string; caption: string; names: string[] }>();
  for (const r of rows) {
    let s = byId.get(r.id);
    if (!s) byId.set(r.id, (s = { schema: r.schema, caption: r.caption, names: [] }));
    s.names.push(r.name);
  }
  return [...byId].map(([id, s]) => ({ id, schema: s.schema, names: queryNames(s.caption, s.names, s.schema) }));
}

/** Country and birth date of records, from their statements (the first value of each, in FtM's order of preference). */
async function qualifiers(ctx: ServiceCtx, ids: string[]): Promise<Map<string, { country?: string; birthDate?: string }>> {
  const out = new Map<string, { country?: string; birthDate?: string }>();
  const props = new Map<string, Map<string, string[]>>();
  for (let i = 0; i < ids.length; i += 500) {
    for (const s of await fetchStatements(ctx.db, ids.slice(i, i + 500))) {
      let p = props.get(s.entity_id);
      if (!p) props.set(s.entity_id, (p = new Map()));
      const list = p.get(s.prop) ?? (p.set(s.prop, []).get(s.prop)!);
      list.push(s.value);
    }
  }
  for (const id of ids) {
    const p = props.get(id) ?? new Map<string, string[]>();
    const first = (...names: string[]) => names.map((n) => p.get(n)?.[0]).find((v) => v);
    const country = first('nationality', 'citizenship', 'jurisdiction', 'country', 'mainCountry');
    const birth = first('birthDate');
    const q: { country?: string; birthDate?: string } = {};
    if (country && /^[a-z]{2}$/i.test(country)) q.country = country.toUpperCase();
    if (birth && /^\d{4}(-\d{2}(-\d{2})?)?/.test(birth)) q.birthDate = birth.slice(0, 10);
    out.set(id, q);
  }
  return out;
}

const key = (entity: string, list: string, entry: string) => `${entity}\u0000${list}\u0000${entry}`;

/**
 * Screens the node's records against the given list versions and raises an alert per new hit.
 * `actor` is who caused it (the importer of the list): recorded in the audit event; the job itself runs as the node.
 */
export async function rescreenRecords(ctx: ServiceCtx, actor: Actor, versionIds: readonly string[], opts: { threshold?: number } = {}): Promise<RescreenResult> {
  const started = Date.now();
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const job: Actor = { ...systemActor(ctx.node), purpose: RESCREEN_PURPOSE };
  const versions = await sdb(ctx.db).selectFrom('screening_list_versions').selectAll().where('id', 'in', [...versionIds]).execute();
  const targets: ScreenTarget[] = await targetsOf(ctx.db, versions);
  const subjects = await loadSubjects(ctx);
  const loaded = Date.now();

  // Pass 1: names alone.
  const candidates: Subject[] = [];
  let names = 0;
  for (const s of subjects) {
    names += s.names.length;
    if (s.names.some((name) => screenAcross(targets, { name, schema: s.schema }, { threshold: threshold - QUALIFIER_MARGIN, top: TOP * 2 }).length)) {
      candidates.push(s);
    }
  }
  const pass1 = Date.now();
  // Pass 2: with the record's qualifiers; the best hit per (record, entry).
  const quals = await qualifiers(ctx, candidates.map((s) => s.id));
  const found: Array<{ subject: Subject; query: ScreeningQuery; hit: ListHit; rank: number }> = [];
  for (const s of candidates) {
    const best = new Map<string, { query: ScreeningQuery; hit: ListHit }>();
    for (const name of s.names) {
      const query: ScreeningQuery = { id: s.id, name, schema: s.schema, ...quals.get(s.id) };
      for (const hit of screenAcross(targets, query, { threshold, top: TOP })) {
        const k = `${hit.listId}\u0000${hit.entryId}`;
        const prev = best.get(k);
        if (!prev || hit.score > prev.hit.score) best.set(k, { query, hit });
      }
    }
    [...best.values()].sort((a, b) => b.hit.score - a.hit.score).slice(0, TOP)
      .forEach((b, i) => found.push({ subject: s, query: b.query, hit: b.hit, rank: i + 1 }));
  }

  // Which of them are new: no alert yet, no decision yet, for (record, list, entry).
  const ids = [...new Set(found.map((f) => f.subject.id))];
  const known = new Set<string>();
  const db = sdb(ctx.db);
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    for (const r of await db.selectFrom('screening_alerts').select(['entity_id', 'list_id', 'entry_id']).where(anyOf('entity_id', chunk)).execute()) {
      known.add(key(r.entity_id, r.list_id, r.entry_id));
    }
    for (const r of await db.selectFrom('screening_decisions').select(['entity_id', 'list_id', 'entry_id']).where(anyOf('entity_id', chunk)).execute()) {
      if (r.entity_id) known.add(key(r.entity_id, r.list_id, r.entry_id));
    }
  }
  const fresh = found.filter((f) => !known.has(key(f.subject.id, f.hit.listId, f.hit.entryId)));
  const pass2 = Date.now();

  const runId = randomUUID();
  const now = new Date();
  await ctx.db.transaction().execute(async (tx) => {
    const t = sdb(tx);
    await t.insertInto('screening_runs').values({
      id: runId, kind: 'rescreen', actor_id: job.id, actor_agency: job.agencyId, purpose: job.purpose, versions: textArray(versions.map((v) => v.id)),
      threshold, file: null, queries: subjects.length, hits: found.length, alerts: fresh.length, created_at: now,
    }).execute();
    for (let i = 0; i < fresh.length; i += 300) {
      const chunk = fresh.slice(i, i + 300).map((f) => ({ ...f, hitId: randomUUID() }));
      await t.insertInto('screening_hits').values(chunk.map((f) => ({
        id: f.hitId, run_id: runId, query_id: f.subject.id, query: JSON.stringify(f.query), entity_id: f.subject.id, rank: f.rank,
        list_id: f.hit.listId, version_id: f.hit.versionId, entry_id: f.hit.entryId, entry_caption: f.hit.caption,
        entry_schema: f.hit.schema, matched_name: f.hit.matchedName, score: f.hit.score, explanation: JSON.stringify(f.hit.explanation),
        created_at: now,
      }))).execute();
      await t.insertInto('screening_alerts').values(chunk.map((f) => ({
        id: randomUUID(), hit_id: f.hitId, entity_id: f.subject.id, list_id: f.hit.listId, entry_id: f.hit.entryId,
        version_id: f.hit.versionId, status: 'open' as const, created_at: now, updated_at: now,
      }))).execute();
    }
    await audit(ctx, job, {
      action: 'screening.rescreen', outcome: 'ok', resourceType: 'screening_run', resourceId: runId, purpose: RESCREEN_PURPOSE,
      detail: {
        versions: versions.map((v) => v.id), records: subjects.length, names, hits: found.length, alerts: fresh.length,
        alerted: fresh.slice(0, 1000).map((f) => f.subject.id), triggeredBy: actor.id,
      },
    }, tx);
  });
  const result = { runId, records: subjects.length, names, hits: found.length, alerts: fresh.length, ms: Date.now() - started };
  ctx.log.info({ ...result, phases: { load: loaded - started, pass1: pass1 - loaded, pass2: pass2 - pass1, store: Date.now() - pass2 } }, 'screening.rescreen');
  return result;
}
