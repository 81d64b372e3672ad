/**
 * Entity resolution in the node (issue 4): a run deduplicates the node's Person records with the Fellegi–Sunter
 * engine (engines/linkage: m/u by EM, term-frequency adjusted), keeps every pair scoring at least REVIEW_FLOOR with
 * the per-field weights that made its score, and groups records into clusters. Analysts confirm or split pairs
 * from a review queue ordered by uncertainty; decisions are append-only, regroup the clusters at once, and are
 * honoured by every later run (a confirmed pair must link, a split pair may never share a cluster). A profile is
 * one cluster: every member record with the provenance of each value.
 *
 * Who sees what: a run covers every Person record of the node, as the catalog's search index does; what comes
 * out is filtered per reader. A pair is shown only when the reader may read both records (entity.read), a
 * cluster only with the members the reader may read. Opening a pair or a profile reads personal data: each
 * record shown is audited with the purpose, as an entity page is.
 */
import { randomUUID } from 'node:crypto';
import {
  clusterPairs, dedupeRecords, DEFAULT_DEDUPE_THRESHOLD, type ScoredPair,
} from '../../../../engines/src/linkage/index';
import type { Actor } from '../../context';
import { notFound, PuenteError } from '../../errors';
import type { Executor } from '../../store/schema';
import type { ServiceCtx } from '../context';
import { getEntity, type EntityRef, type EntityView } from '../entities';
import { audit, authorize } from '../guard';
import { fetchEntityRows, resourceOf } from '../records';
import { personLinkRecords } from './records';
import { linkageDb, type LExecutor, type PairExplanationJson } from './schema';

/** Pairs scoring below this are not kept: they are neither links nor worth an analyst's time. */
export const REVIEW_FLOOR = 0.05;
const INSERT_CHUNK = 500;
const MAX_REASON = 2000;

export type PairDecision = 'match' | 'no_match';
export type QueueStatus = 'open' | 'decided' | 'all';

export interface RunView {
  id: string; createdAt: string; actorId: string | null; actorAgency: string | null; purpose: string | null;
  records: number; pairs: number; clusters: number; threshold: number; reviewFloor: number; stats: Record<string, number>;
}
export interface DecisionView {
  id: string; decision: PairDecision; reason: string; actorId: string; actorAgency: string; purpose: string | null;
  probability: number | null; decidedAt: string;
}
export interface PairSummary {
  left: EntityRef; right: EntityRef; probability: number; weight: number; uncertainty: number; decision: DecisionView | null;
}
export interface PairDetail extends PairSummary {
  runId: string; threshold: number; explanation: PairExplanationJson; history: DecisionView[]; linked: boolean;
}
export interface ProfileView {
  clusterId: string | null;
  anchor: string;
  members: EntityView[];
  /** The pairs that hold the cluster together (and any decided pair between its members), with their scores. */
  pairs: Array<{ left: string; right: string; probability: number; decision: PairDecision | null }>;
}

const iso = (v: Date | string): string => (v instanceof Date ? v : new Date(v)).toISOString();
const ordered = (a: string, b: string): [string, string] => (a < b ? [a, b] : [b, a]);
const pairKey = (a: string, b: string) => ordered(a, b).join('\u0000');

function runView(r: {
  id: string; created_at: Date | string; actor_id: string | null; actor_agency: string | null; purpose: string | null; records: number;
  pairs: number; clusters: number; threshold: number; review_floor: number; stats: Record<string, number>;
}): RunView {
  return {
    id: r.id, createdAt: iso(r.created_at), actorId: r.actor_id, actorAgency: r.actor_agency, purpose: r.purpose, records: r.records,
    pairs: r.pairs, clusters: r.clusters, threshold: Number(r.threshold), reviewFloor: Number(r.review_floor), stats: r.stats,
  };
}

function decisionView(r: {
  id: string; decision: PairDecision; reason: string; actor_id: string; actor_agency: string; purpose: string | null;
  probability: number | null; decided_at: Date | string;
}): DecisionView {
  return {
    id: r.id, decision: r.decision, reason: r.reason, actorId: r.actor_id, actorAgency: r.actor_agency, purpose: r.purpose,
    probability: r.probability === null ? null : Number(r.probability), decidedAt: iso(r.decided_at),
  };
}

async function latestRunRow(db: LExecutor) {
  return db.selectFrom('linkage_runs').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/** The newest decision on each pair (decisions are append-only). */
async function latestDecisions(db: LExecutor): Promise<Map<string, DecisionView & { left: string; right: string }>> {
  const rows = await db.selectFrom('linkage_decisions').selectAll().orderBy('decided_at', 'asc').orderBy('id', 'asc').execute();
  const out = new Map<string, DecisionView & { left: string; right: string }>();
  for (const r of rows) out.set(pairKey(r.left_id, r.right_id), { ...decisionView(r), left: r.left_id, right: r.right_id });
  return out;
}

/**
 * Regroups a run's records: its pairs at or above the threshold link, confirmed pairs must link, split pairs
 * never share a cluster. Rewrites the run's cluster rows and returns how many clusters of two or more there are.
 */
async function recluster(db: LExecutor, runId: string, ids: string[], threshold: number): Promise<number> {
  const pairs = (await db.selectFrom('linkage_pairs').select(['left_id', 'right_id', 'probability']).where('run_id', '=', runId).execute())
    .map((p) => ({ left: p.left_id, right: p.right_id, probability: Number(p.probability) }));
  const decisions = [...(await latestDecisions(db)).values()];
  const known = new Set(ids);
  const mustLink = decisions.filter((d) => d.decision === 'match' && known.has(d.left) && known.has(d.right)).map((d) => [d.left, d.right] as [string, string]);
  const cannotLink = decisions.filter((d) => d.decision === 'no_match').map((d) => [d.left, d.right] as [string, string]);
  const clusters = clusterPairs(ids, pairs, { threshold, mustLink, cannotLink }).filter((c) => c.length > 1);
  await db.deleteFrom('linkage_clusters').where('run_id', '=', runId).execute();
  const rows = clusters.flatMap((members) => {
    const clusterId = [...members].sort()[0]!;
    return members.map((entity_id) => ({ run_id: runId, entity_id, cluster_id: clusterId }));
  });
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await db.insertInto('linkage_clusters').values(rows.slice(i, i + INSERT_CHUNK)).execute();
  return clusters.length;
}

/** Runs entity resolution over every Person record of the node; the new run replaces the previous one's pairs. */
export async function runResolution(ctx: ServiceCtx, actor: Actor, input: { threshold?: number } = {}): Promise<RunView> {
  const threshold = input.threshold ?? DEFAULT_DEDUPE_THRESHOLD;
  if (!(threshold > REVIEW_FLOOR && threshold <= 1)) {
    throw new PuenteError('validation', 400, 'error.linkage.threshold', { min: REVIEW_FLOOR }, { field: 'threshold' });
  }
  await authorize(ctx, actor, 'linkage.run');
  const records = await personLinkRecords(ctx.db);
  const { model, pairs, stats } = await dedupeRecords(records, { threshold: REVIEW_FLOOR });
  const id = randomUUID();
  const run = await ctx.db.transaction().execute(async (tx) => {
    const db = linkageDb(tx);
    // One run's pairs at a time: an older run's pairs and clusters describe records as they were.
    await db.deleteFrom('linkage_pairs').execute();
    await db.deleteFrom('linkage_clusters').execute();
    await db.insertInto('linkage_runs').values({
      id, actor_id: actor.kind === 'user' ? actor.id : null, actor_agency: actor.agencyId, purpose: actor.purpose,
      records: records.length, pairs: pairs.length, clusters: 0, threshold, review_floor: REVIEW_FLOOR,
      model: JSON.stringify(model), stats: JSON.stringify(stats),
    }).execute();
    const rows = pairs.map((p) => pairRow(id, p));
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) await db.insertInto('linkage_pairs').values(rows.slice(i, i + INSERT_CHUNK)).execute();
    const clusters = await recluster(db, id, records.map((r) => r.id), threshold);
    await db.updateTable('linkage_runs').set({ clusters }).where('id', '=', id).execute();
    await audit(ctx, actor, {
      action: 'linkage.run', outcome: 'ok', resourceType: 'linkage_run', resourceId: id,
      detail: { records: records.length, pairs: pairs.length, clusters, threshold },
    }, tx);
    return (await db.selectFrom('linkage_runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  });
  return runView(run);
}

function pairRow(runId: string, p: ScoredPair) {
  const [left, right] = ordered(p.left, p.right);
  const swap = left !== p.left;
  const fields = p.fields.map((f) => (swap ? { ...f, left: f.right, right: f.left } : f));
  return {
    run_id: runId, left_id: left, right_id: right, probability: p.probability, weight: p.weight,
    explanation: JSON.stringify({ prior: p.prior, fields } satisfies PairExplanationJson),
  };
}

/** The id of the newest run, if any (for the demo loader, which runs resolution once). */
export async function latestRunId(db: Executor): Promise<string | undefined> {
  return (await latestRunRow(linkageDb(db)))?.id;
}

/** The newest run, or null before the first. */
export async function latestRun(ctx: ServiceCtx, actor: Actor): Promise<RunView | null> {
  await authorize(ctx, actor, 'linkage.read');
  const row = await latestRunRow(linkageDb(ctx.db));
  return row ? runView(row) : null;
}

function refOf(ctx: ServiceCtx, id: string): EntityRef | undefined {
  const e = ctx.app.catalog.get(id);
  return e ? { id: e.id, schema: e.schema, caption: e.caption } : undefined;
}

/**
 * The pairs an analyst may review, most uncertain first (|p − ½| ascending): only pairs of two records the reader
 * may read; `open` = not decided yet, `decided` = with a decision.
 */
export async function reviewQueue(
  ctx: ServiceCtx, actor: Actor, input: { status?: QueueStatus; limit?: number; offset?: number } = {},
): Promise<{ run: RunView | null; total: number; pairs: PairSummary[] }> {
  await authorize(ctx, actor, 'linkage.read');
  const status = input.status ?? 'open';
  const limit = Math.min(Math.max(input.limit ?? 20, 1), 200);
  const offset = Math.max(input.offset ?? 0, 0);
  const db = linkageDb(ctx.db);
  const runRow = await latestRunRow(db);
  if (!runRow) return { run: null, total: 0, pairs: [] };
  const { catalog } = ctx.app;
  await catalog.refresh(ctx.db);
  const may = catalog.reader(ctx.policy, actor);
  const readable = (id: string) => {
    const e = catalog.get(id);
    return !!e && may(e);
  };
  const decisions = await latestDecisions(db);
  const rows = await db.selectFrom('linkage_pairs').select(['left_id', 'right_id', 'probability', 'weight'])
    .where('run_id', '=', runRow.id).execute();
  const selected = rows
    .map((r) => ({ ...r, probability: Number(r.probability), decision: decisions.get(pairKey(r.left_id, r.right_id)) ?? null }))
    .filter((r) => (status === 'all' || (status === 'open') === !r.decision) && readable(r.left_id) && readable(r.right_id))
    .sort((a, b) => Math.abs(a.probability - 0.5) - Math.abs(b.probability - 0.5) || a.left_id.localeCompare(b.left_id) || a.right_id.localeCompare(b.right_id));
  await audit(ctx, actor, { action: 'linkage.queue', outcome: 'ok', resourceType: 'linkage_run', resourceId: runRow.id, detail: { status, total: selected.length, offset } });
  return {
    run: runView(runRow),
    total: selected.length,
    pairs: selected.slice(offset, offset + limit).map((r) => ({
      left: refOf(ctx, r.left_id)!, right: refOf(ctx, r.right_id)!, probability: r.probability, weight: Number(r.weight),
      uncertainty: 1 - 2 * Math.abs(r.probability - 0.5), decision: r.decision ? stripPair(r.decision) : null,
    })),
  };
}

const stripPair = ({ left: _l, right: _r, ...d }: DecisionView & { left: string; right: string }): DecisionView => d;

/**
 * Both records must be readable by the actor: the same check and answer (403, or 404 outside the sharing circle)
 * as opening the record itself, and an audited read of each, since the explanation shows their values.
 */
async function readBoth(ctx: ServiceCtx, actor: Actor, ids: [string, string], via: string): Promise<void> {
  const rows = await fetchEntityRows(ctx.db, ids);
  const agreements = ctx.app.catalog.agreements();
  for (const id of ids) {
    const row = rows.find((r) => r.id === id);
    if (!row) throw notFound({ id });
    await authorize(ctx, actor, 'entity.read', { resource: resourceOf(row, agreements), legalBasis: row.legal_basis });
  }
  for (const row of rows) {
    if (!row.personal_data) continue;
    await audit(ctx, actor, {
      action: 'entity.read', outcome: 'ok', resourceType: 'entity', resourceId: row.id, purpose: actor.purpose,
      legalBasis: row.legal_basis, detail: { schema: row.schema, via },
    });
  }
}

/** One pair of the newest run: its score field by field, and the decisions taken on it. */
export async function pairDetail(ctx: ServiceCtx, actor: Actor, a: string, b: string): Promise<PairDetail> {
  await authorize(ctx, actor, 'linkage.read');
  const [left, right] = ordered(a, b);
  const db = linkageDb(ctx.db);
  const runRow = await latestRunRow(db);
  const row = runRow && await db.selectFrom('linkage_pairs').selectAll()
    .where('run_id', '=', runRow.id).where('left_id', '=', left).where('right_id', '=', right).executeTakeFirst();
  if (!runRow || !row) throw notFound({ left, right });
  await readBoth(ctx, actor, [left, right], 'linkage.pair');
  const history = (await db.selectFrom('linkage_decisions').selectAll().where('left_id', '=', left).where('right_id', '=', right)
    .orderBy('decided_at', 'asc').orderBy('id', 'asc').execute()).map(decisionView);
  const clusters = await db.selectFrom('linkage_clusters').select(['entity_id', 'cluster_id'])
    .where('run_id', '=', runRow.id).where('entity_id', 'in', [left, right]).execute();
  const linked = clusters.length === 2 && clusters[0]!.cluster_id === clusters[1]!.cluster_id;
  const probability = Number(row.probability);
  return {
    runId: runRow.id, threshold: Number(runRow.threshold), left: refOf(ctx, left) ?? { id: left, schema: 'Person', caption: left },
    right: refOf(ctx, right) ?? { id: right, schema: 'Person', caption: right }, probability, weight: Number(row.weight),
    uncertainty: 1 - 2 * Math.abs(probability - 0.5), explanation: row.explanation, decision: history.at(-1) ?? null, history, linked,
  };
}

/**
 * An analyst's decision on two records: the same person (`match`) or not (`no_match`), with a reason. Regroups the
 * newest run's clusters at once; every later run honours it.
 */
export async function decidePair(
  ctx: ServiceCtx, actor: Actor, input: { left: string; right: string; decision: PairDecision; reason: string },
): Promise<{ decision: DecisionView; clusterId: string | null }> {
  const reason = input.reason?.trim() ?? '';
  if (!reason || reason.length > MAX_REASON) throw new PuenteError('validation', 400, 'error.linkage.reason', { max: MAX_REASON }, { field: 'reason' });
  if (input.decision !== 'match' && input.decision !== 'no_match') throw new PuenteError('validation', 400, 'error.linkage.decision', {}, { field: 'decision' });
  if (!input.left || !input.right || input.left === input.right) throw new PuenteError('validation', 400, 'error.linkage.samePair', {}, { field: 'right' });
  await authorize(ctx, actor, 'linkage.decide');
  const [left, right] = ordered(input.left, input.right);
  await readBoth(ctx, actor, [left, right], 'linkage.decide');
  return ctx.db.transaction().execute(async (tx) => {
    const db = linkageDb(tx);
    const runRow = await latestRunRow(db);
    const scored = runRow && await db.selectFrom('linkage_pairs').select('probability')
      .where('run_id', '=', runRow.id).where('left_id', '=', left).where('right_id', '=', right).executeTakeFirst();
    const row = {
      id: randomUUID(), left_id: left, right_id: right, decision: input.decision, reason, actor_id: actor.id, actor_agency: actor.agencyId,
      purpose: actor.purpose, probability: scored ? Number(scored.probability) : null,
    };
    await db.insertInto('linkage_decisions').values(row).execute();
    let clusterId: string | null = null;
    if (runRow) {
      const ids = (await personIds(tx));
      const clusters = await recluster(db, runRow.id, ids, Number(runRow.threshold));
      await db.updateTable('linkage_runs').set({ clusters }).where('id', '=', runRow.id).execute();
      clusterId = (await db.selectFrom('linkage_clusters').select('cluster_id').where('run_id', '=', runRow.id).where('entity_id', '=', left).executeTakeFirst())?.cluster_id ?? null;
    }
    await audit(ctx, actor, {
      action: 'linkage.decide', outcome: 'ok', resourceType: 'linkage_pair', resourceId: `${left}|${right}`,
      detail: { decision: input.decision, reason, probability: row.probability },
    }, tx);
    const saved = await db.selectFrom('linkage_decisions').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    return { decision: decisionView(saved), clusterId };
  });
}

async function personIds(db: Executor): Promise<string[]> {
  return (await db.selectFrom('entities').select('id').where('schema', '=', 'Person').orderBy('id').execute()).map((r) => r.id);
}

/** The cluster a record belongs to in the newest run (members the reader may read), without their values. */
export async function clusterOf(ctx: ServiceCtx, actor: Actor, id: string): Promise<{ clusterId: string | null; members: EntityRef[] }> {
  await authorize(ctx, actor, 'linkage.read');
  const { catalog } = ctx.app;
  await catalog.refresh(ctx.db);
  const may = catalog.reader(ctx.policy, actor);
  const self = catalog.get(id);
  if (!self || !may(self)) throw notFound({ id });
  const db = linkageDb(ctx.db);
  const runRow = await latestRunRow(db);
  const mine = runRow && await db.selectFrom('linkage_clusters').select('cluster_id').where('run_id', '=', runRow.id).where('entity_id', '=', id).executeTakeFirst();
  if (!runRow || !mine) return { clusterId: null, members: [refOf(ctx, id)!] };
  const members = (await db.selectFrom('linkage_clusters').select('entity_id').where('run_id', '=', runRow.id)
    .where('cluster_id', '=', mine.cluster_id).orderBy('entity_id').execute())
    .map((r) => catalog.get(r.entity_id)).filter((e) => !!e && may(e)).map((e) => refOf(ctx, e!.id)!);
  return { clusterId: mine.cluster_id, members };
}

/** A merged profile: every record of the cluster the reader may read, each with its values' provenance. */
export async function profileOf(ctx: ServiceCtx, actor: Actor, id: string): Promise<ProfileView> {
  const { clusterId, members } = await clusterOf(ctx, actor, id);
  const views: EntityView[] = [];
  for (const m of members) views.push(await getEntity(ctx, actor, m.id));
  const ids = members.map((m) => m.id);
  const db = linkageDb(ctx.db);
  const runRow = await latestRunRow(db);
  const decisions = await latestDecisions(db);
  const pairs = runRow && ids.length > 1
    ? await db.selectFrom('linkage_pairs').select(['left_id', 'right_id', 'probability']).where('run_id', '=', runRow.id)
      .where('left_id', 'in', ids).where('right_id', 'in', ids).orderBy('probability', 'desc').execute()
    : [];
  return {
    clusterId, anchor: id, members: views,
    pairs: pairs.map((p) => ({
      left: p.left_id, right: p.right_id, probability: Number(p.probability), decision: decisions.get(pairKey(p.left_id, p.right_id))?.decision ?? null,
    })),
  };
}
