/**
 * Screening in the node: one name, or a CSV file of names, against the current version of every designation
 * list (screening-lists.ts), with the engine's explanation kept for every hit; the hits of a run; analysts'
 * decisions on hits (match / false positive, with a reason, audited, append-only); and the alerts the node raises
 * when a list update finds one of its own records (screening-rescreen.ts).
 *
 * Who sees what: screening runs and their hits belong to the agency whose analyst ran them (auditors stating
 * oversight see every agency's). An alert is about a record, and is shown only to those who may read that record
 * (entity.read, asked per alert): outside the record's sharing circle the alert does not exist (404).
 */
import { randomUUID } from 'node:crypto';
import { sql, type SqlBool } from 'kysely';
import { DEFAULT_THRESHOLD, DEFAULT_TOP, type ScreeningQuery } from '../../../engines/src/screening/index';
import type { Actor } from '../context';
import { internal, notFound, PuenteError, validation } from '../errors';
import type { Executor } from '../store/schema';
import type { ServiceCtx } from './context';
import { audit, authorize } from './guard';
import { fetchReadable, loadAgreements, resourceOf, fetchEntityRows } from './records';
import { anyOf } from './sql';
import { currentVersions, screenAcross, targetsOf, type ListHit } from './screening-index';
import { asListError } from './screening-lists';
import { BIRTH_DATE, countryOf, parseQueryCsv, schemaOf } from './screening-queries';
import {
  decisionView, hitView, iso, runView, sdb, textArray, type AlertStatus, type Decision, type DecisionRow, type DecisionView,
  type HitRow, type HitView, type RunKind, type RunView,
} from './screening-store';

/** Rows a batch may hold (a CSV upload through the API; the CLI has no limit). */
export const MAX_BATCH_ROWS = 10_000;
/** Queries screened between two yields to the event loop, so that a large batch does not stall other requests. */
const YIELD_EVERY = 200;

export interface ScreenInput {
  name: string;
  schema?: string;
  country?: string;
  birthDate?: string;
  threshold?: number;
  top?: number;
  /** list ids to screen against (default: every list) */
  lists?: string[];
}

export interface ScreenResult { run: RunView; hits: HitView[] }

function options(input: { threshold?: number; top?: number }): { threshold: number; top: number } {
  const threshold = input.threshold ?? DEFAULT_THRESHOLD;
  const top = input.top ?? DEFAULT_TOP;
  if (!(threshold >= 0 && threshold <= 1)) throw validation('threshold', { field: 'threshold' });
  if (!(Number.isInteger(top) && top >= 1 && top <= 50)) throw validation('top', { field: 'top' });
  return { threshold, top };
}

/** A query from a form: every field checked, with the field named when it is wrong. */
export function queryOf(input: ScreenInput): ScreeningQuery {
  const name = input.name?.trim() ?? '';
  if (!name || name.length > 500) throw new PuenteError('validation', 400, 'screening.error.name', {}, { field: 'name' });
  const q: ScreeningQuery = { id: 'q', name };
  if (input.schema?.trim()) {
    const s = schemaOf(input.schema.trim());
    if (!s) throw new PuenteError('validation', 400, 'screening.error.field', { field: 'schema', value: input.schema.slice(0, 40) }, { field: 'schema' });
    q.schema = s;
  }
  if (input.country?.trim()) {
    const c = countryOf(input.country.trim());
    if (!c) throw new PuenteError('validation', 400, 'screening.error.field', { field: 'country', value: input.country.slice(0, 40) }, { field: 'country' });
    q.country = c;
  }
  if (input.birthDate?.trim()) {
    if (!BIRTH_DATE.test(input.birthDate.trim())) {
      throw new PuenteError('validation', 400, 'screening.error.field', { field: 'birthDate', value: input.birthDate.slice(0, 40) }, { field: 'birthDate' });
    }
    q.birthDate = input.birthDate.trim();
  }
  return q;
}

async function screeningTargets(ctx: ServiceCtx, lists?: string[]) {
  const versions = await currentVersions(ctx.db, lists);
  if (!versions.length) throw new PuenteError('conflict', 409, 'screening.error.no_lists', {}, lists?.length ? { lists } : undefined);
  return { versions, targets: await targetsOf(ctx.db, versions) };
}

interface NewHit { queryId: string; query: ScreeningQuery; entityId: string | null; rank: number; hit: ListHit }

/** Stores a run and its hits (in the caller's transaction); returns the hits as the API shows them. */
async function recordRun(
  tx: Executor, run: { id: string; kind: RunKind; actor: Actor; versions: string[]; threshold: number; file: string | null; queries: number },
  hits: NewHit[],
): Promise<{ run: RunView; hits: HitView[] }> {
  const now = new Date();
  const t = sdb(tx);
  await t.insertInto('screening_runs').values({
    id: run.id, kind: run.kind, actor_id: run.actor.id, actor_agency: run.actor.agencyId, purpose: run.actor.purpose,
    versions: textArray(run.versions), threshold: run.threshold, file: run.file, queries: run.queries, hits: hits.length, alerts: 0, created_at: now,
  }).execute();
  const rows: HitRow[] = hits.map((h) => ({
    id: randomUUID(), run_id: run.id, query_id: h.queryId, query: h.query, entity_id: h.entityId, rank: h.rank,
    list_id: h.hit.listId, version_id: h.hit.versionId, entry_id: h.hit.entryId, entry_caption: h.hit.caption, entry_schema: h.hit.schema,
    matched_name: h.hit.matchedName, score: h.hit.score, explanation: h.hit.explanation, created_at: now,
  }));
  for (let i = 0; i < rows.length; i += 300) {
    await t.insertInto('screening_hits').values(rows.slice(i, i + 300).map((r) => ({
      ...r, query: JSON.stringify(r.query), explanation: JSON.stringify(r.explanation),
    }))).execute();
  }
  return {
    run: runView({
      id: run.id, kind: run.kind, actor_id: run.actor.id, actor_agency: run.actor.agencyId, purpose: run.actor.purpose,
      versions: run.versions, threshold: run.threshold, file: run.file, queries: run.queries, hits: hits.length, alerts: 0, created_at: now,
    }),
    hits: rows.map((r) => hitView(r, null)),
  };
}

const summary = (hits: readonly NewHit[]) => hits.slice(0, 5).map((h) => ({ list: h.hit.listId, entry: h.hit.entryId, score: Math.round(h.hit.score * 1000) / 1000 }));

/** Screens one name against the current version of every list (or of the lists named). Audited with the name. */
export async function screenName(ctx: ServiceCtx, actor: Actor, input: ScreenInput): Promise<ScreenResult> {
  await authorize(ctx, actor, 'screening.run', { resourceType: 'screening_run' });
  const query = queryOf(input);
  const { threshold, top } = options(input);
  const { versions, targets } = await screeningTargets(ctx, input.lists);
  const hits: NewHit[] = screenAcross(targets, query, { threshold, top }).map((hit, i) => ({ queryId: 'q', query, entityId: null, rank: i + 1, hit }));
  const id = randomUUID();
  return ctx.db.transaction().execute(async (tx) => {
    const out = await recordRun(tx, { id, kind: 'single', actor, versions: versions.map((v) => v.id), threshold, file: null, queries: 1 }, hits);
    await audit(ctx, actor, {
      action: 'screening.run', outcome: 'ok', resourceType: 'screening_run', resourceId: id,
      detail: { kind: 'single', query: { name: query.name, schema: query.schema ?? null, country: query.country ?? null, birthDate: query.birthDate ?? null }, versions: versions.map((v) => v.id), threshold, hits: hits.length, top: summary(hits) },
    }, tx);
    return out;
  });
}

export interface BatchRowResult { line: number; queryId: string; query: ScreeningQuery; hits: HitView[] }

/**
 * Screens every row of a CSV file (the `puente screen` input columns). A malformed file is refused as a whole,
 * with file, line and field in both languages, and the refusal is audited.
 */
export async function screenBatch(
  ctx: ServiceCtx, actor: Actor, input: { file: string; csv: string; threshold?: number; top?: number; lists?: string[] },
): Promise<{ run: RunView; rows: BatchRowResult[] }> {
  await authorize(ctx, actor, 'screening.run', { resourceType: 'screening_run', detail: { file: input.file } });
  const file = input.file.trim().slice(0, 200) || 'upload.csv';
  const id = randomUUID();
  try {
    const { threshold, top } = options(input);
    const rows = parseQueryCsv(input.csv, file, { maxRows: MAX_BATCH_ROWS });
    const { versions, targets } = await screeningTargets(ctx, input.lists);
    const hits: NewHit[] = [];
    const perRow: NewHit[][] = [];
    for (let i = 0; i < rows.length; i++) {
      if (i && i % YIELD_EVERY === 0) await new Promise((r) => setImmediate(r));
      const r = rows[i];
      const found = r.query.name.trim()
        ? screenAcross(targets, r.query, { threshold, top }).map((hit, k) => ({ queryId: r.id, query: r.query, entityId: null, rank: k + 1, hit }))
        : [];
      perRow.push(found);
      hits.push(...found);
    }
    const stored = await ctx.db.transaction().execute(async (tx) => {
      const out = await recordRun(tx, { id, kind: 'batch', actor, versions: versions.map((v) => v.id), threshold, file, queries: rows.length }, hits);
      await audit(ctx, actor, {
        action: 'screening.run', outcome: 'ok', resourceType: 'screening_run', resourceId: id,
        detail: { kind: 'batch', file, queries: rows.length, withHits: perRow.filter((h) => h.length).length, hits: hits.length, versions: versions.map((v) => v.id), threshold },
      }, tx);
      return out;
    });
    let k = 0;
    return {
      run: stored.run,
      rows: rows.map((r, i) => ({ line: r.line, queryId: r.id, query: r.query, hits: stored.hits.slice(k, (k += perRow[i].length)) })),
    };
  } catch (err) {
    const error = asListError(err) ?? internal(ctx.requestId);
    await audit(ctx, actor, {
      action: 'screening.run', outcome: 'failed', resourceType: 'screening_run', resourceId: id,
      detail: { kind: 'batch', file, error: error.code, ...error.details },
    });
    throw error.code === 'internal' ? err : error;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Runs and their hits.

/** Runs (and their hits) are the agency's; an auditor stating oversight sees every agency's. */
function seesAllRuns(actor: Actor): boolean {
  return actor.kind === 'system' || (actor.roles.includes('auditor') && actor.purpose === 'oversight');
}

async function latestDecisions(db: Executor, hitIds: readonly string[]): Promise<Map<string, DecisionRow>> {
  const out = new Map<string, DecisionRow>();
  for (let i = 0; i < hitIds.length; i += 500) {
    const rows = await sdb(db).selectFrom('screening_decisions').selectAll().where(anyOf('hit_id', hitIds.slice(i, i + 500)))
      .orderBy('hit_id').orderBy('decided_at', 'desc').orderBy('id').execute();
    for (const r of rows) if (!out.has(r.hit_id)) out.set(r.hit_id, r);
  }
  return out;
}

export async function listRuns(ctx: ServiceCtx, actor: Actor, opts: { limit: number }): Promise<RunView[]> {
  await authorize(ctx, actor, 'screening.read', { resourceType: 'screening_run' });
  let q = sdb(ctx.db).selectFrom('screening_runs').selectAll().where('kind', 'in', ['single', 'batch']);
  if (!seesAllRuns(actor)) q = q.where('actor_agency', '=', actor.agencyId);
  return (await q.orderBy('created_at', 'desc').orderBy('id').limit(opts.limit).execute()).map(runView);
}

export type HitStatus = 'open' | 'decided' | 'all';

/** Hits of screenings (one name or a file): `open` ones have no decision yet. */
export async function listHits(
  ctx: ServiceCtx, actor: Actor, opts: { status: HitStatus; runId?: string; limit: number; offset: number },
): Promise<{ total: number; hits: HitView[] }> {
  await authorize(ctx, actor, 'screening.read', { resourceType: 'screening_hit', resourceId: opts.runId });
  let q = sdb(ctx.db).selectFrom('screening_hits').innerJoin('screening_runs', 'screening_runs.id', 'screening_hits.run_id')
    .where('screening_runs.kind', 'in', ['single', 'batch']);
  if (!seesAllRuns(actor)) q = q.where('screening_runs.actor_agency', '=', actor.agencyId);
  if (opts.runId) q = q.where('screening_hits.run_id', '=', opts.runId);
  const decided = sql<SqlBool>`exists (select 1 from screening_decisions d where d.hit_id = screening_hits.id)`;
  if (opts.status === 'open') q = q.where(sql<SqlBool>`not ${decided}`);
  if (opts.status === 'decided') q = q.where(decided);
  const { n } = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const rows = await q.selectAll('screening_hits')
    .orderBy('screening_hits.created_at', 'desc').orderBy('screening_hits.run_id').orderBy('screening_hits.query_id').orderBy('screening_hits.rank')
    .limit(opts.limit).offset(opts.offset).execute();
  const decisions = await latestDecisions(ctx.db, rows.map((r) => r.id));
  await audit(ctx, actor, {
    action: 'screening.read', outcome: 'ok', resourceType: 'screening_hit', resourceId: opts.runId,
    detail: { what: 'hits', status: opts.status, total: Number(n), returned: rows.length },
  });
  return { total: Number(n), hits: rows.map((r) => hitView(r, decisions.get(r.id))) };
}

/** One run with its hits. */
export async function getRun(ctx: ServiceCtx, actor: Actor, runId: string): Promise<{ run: RunView; hits: HitView[] }> {
  await authorize(ctx, actor, 'screening.read', { resourceType: 'screening_run', resourceId: runId });
  const run = await sdb(ctx.db).selectFrom('screening_runs').selectAll().where('id', '=', runId).executeTakeFirst();
  if (!run || run.kind === 'rescreen' || (!seesAllRuns(actor) && run.actor_agency !== actor.agencyId)) throw notFound({ runId });
  const rows = await sdb(ctx.db).selectFrom('screening_hits').selectAll().where('run_id', '=', runId)
    .orderBy('query_id').orderBy('rank').execute();
  const decisions = await latestDecisions(ctx.db, rows.map((r) => r.id));
  await audit(ctx, actor, { action: 'screening.read', outcome: 'ok', resourceType: 'screening_run', resourceId: runId, detail: { what: 'run', hits: rows.length } });
  return { run: runView(run), hits: rows.map((r) => hitView(r, decisions.get(r.id))) };
}

// ---------------------------------------------------------------------------------------------------------------
// Alerts: the node's own records found by a re-screen.

export interface AlertView {
  id: string; status: AlertStatus; createdAt: string; updatedAt: string;
  entity: { id: string; schema: string; caption: string };
  hit: HitView;
}

export type AlertFilter = AlertStatus | 'all';
/** Alerts considered per request before the per-record policy check (newest first). */
const ALERT_WINDOW = 5000;

export async function listAlerts(
  ctx: ServiceCtx, actor: Actor, opts: { status: AlertFilter; limit: number; offset: number },
): Promise<{ total: number; alerts: AlertView[] }> {
  await authorize(ctx, actor, 'screening.read', { resourceType: 'screening_alert' });
  let q = sdb(ctx.db).selectFrom('screening_alerts').innerJoin('screening_hits', 'screening_hits.id', 'screening_alerts.hit_id')
    .selectAll('screening_hits')
    .select(['screening_alerts.id as alert_id', 'screening_alerts.status as alert_status', 'screening_alerts.created_at as alert_created',
      'screening_alerts.updated_at as alert_updated']);
  if (opts.status !== 'all') q = q.where('screening_alerts.status', '=', opts.status);
  const rows = await q.orderBy('screening_alerts.created_at', 'desc').orderBy('screening_hits.score', 'desc').orderBy('screening_alerts.id')
    .limit(ALERT_WINDOW).execute();
  // Only alerts about records the actor may read, for the purpose stated (the policy decides each record).
  const readable = await fetchReadable(ctx, actor, rows.map((r) => r.entity_id!), await loadAgreements(ctx.db));
  const visible = rows.filter((r) => readable.has(r.entity_id!));
  const page = visible.slice(opts.offset, opts.offset + opts.limit);
  const decisions = await latestDecisions(ctx.db, page.map((r) => r.id));
  const personal = page.filter((r) => readable.get(r.entity_id!)!.personal_data).map((r) => r.entity_id!);
  await audit(ctx, actor, {
    action: 'screening.read', outcome: 'ok', resourceType: 'screening_alert',
    detail: { what: 'alerts', status: opts.status, total: visible.length, returned: page.length, personal },
  });
  return {
    total: visible.length,
    alerts: page.map((r) => {
      const e = readable.get(r.entity_id!)!;
      return {
        id: r.alert_id, status: r.alert_status, createdAt: iso(r.alert_created), updatedAt: iso(r.alert_updated),
        entity: { id: e.id, schema: e.schema, caption: e.caption },
        hit: hitView(r, decisions.get(r.id)),
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Decisions.

export const DECISIONS: readonly Decision[] = ['match', 'false_positive'];
export const MAX_REASON = 2000;

/**
 * Records an analyst's decision on a hit: match or false positive, with a reason (required). Append-only: a later
 * decision supersedes, nothing is overwritten. Closes the hit's alert. Audited with the purpose stated and, for a
 * record's alert, the record's legal basis.
 */
export async function decideHit(
  ctx: ServiceCtx, actor: Actor, hitId: string, input: { decision: Decision; reason: string },
): Promise<{ decision: DecisionView; hit: HitView }> {
  await authorize(ctx, actor, 'screening.decide', { resourceType: 'screening_hit', resourceId: hitId });
  if (!DECISIONS.includes(input.decision)) throw new PuenteError('validation', 400, 'screening.error.decision', {}, { field: 'decision' });
  const reason = (input.reason ?? '').trim();
  if (!reason || reason.length > MAX_REASON) throw new PuenteError('validation', 400, 'screening.error.reason', { max: MAX_REASON }, { field: 'reason' });
  const hit = await sdb(ctx.db).selectFrom('screening_hits').selectAll().where('id', '=', hitId).executeTakeFirst();
  if (!hit) throw notFound({ hitId });
  let legalBasis: string | null = null;
  if (hit.entity_id) {
    // an alert's hit: decided only by someone who may read the record (404 outside its sharing circle)
    const [row] = await fetchEntityRows(ctx.db, [hit.entity_id]);
    if (!row) throw notFound({ hitId });
    await authorize(ctx, actor, 'entity.read', { resource: resourceOf(row, await loadAgreements(ctx.db)), legalBasis: row.legal_basis, detail: { hitId } });
    legalBasis = row.legal_basis;
  } else {
    const run = await sdb(ctx.db).selectFrom('screening_runs').select(['actor_agency']).where('id', '=', hit.run_id).executeTakeFirstOrThrow();
    if (run.actor_agency !== actor.agencyId && actor.kind !== 'system') {
      await audit(ctx, actor, { action: 'screening.decide', outcome: 'denied', resourceType: 'screening_hit', resourceId: hitId, detail: { answered: 'not_found' } });
      throw notFound({ hitId });
    }
  }
  const now = new Date();
  const row: DecisionRow = {
    id: randomUUID(), hit_id: hitId, entity_id: hit.entity_id, list_id: hit.list_id, entry_id: hit.entry_id, decision: input.decision,
    reason, actor_id: actor.id, actor_agency: actor.agencyId, purpose: actor.purpose, decided_at: now,
  };
  await ctx.db.transaction().execute(async (tx) => {
    const t = sdb(tx);
    await t.insertInto('screening_decisions').values(row).execute();
    if (hit.entity_id) {
      await t.updateTable('screening_alerts').set({ status: 'decided', updated_at: now })
        .where('entity_id', '=', hit.entity_id).where('list_id', '=', hit.list_id).where('entry_id', '=', hit.entry_id).execute();
    }
    await audit(ctx, actor, {
      action: 'screening.decide', outcome: 'ok', resourceType: 'screening_hit', resourceId: hitId, legalBasis,
      detail: {
        decision: input.decision, reason, decisionId: row.id, runId: hit.run_id, entityId: hit.entity_id, listId: hit.list_id,
        entryId: hit.entry_id, versionId: hit.version_id, score: hit.score,
      },
    }, tx);
  });
  return { decision: decisionView(row), hit: hitView(hit, row) };
}
