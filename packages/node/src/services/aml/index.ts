/**
 * Financial intelligence in the node (issue 5): transactions imported from AMLSim, AMLworld or the generic CSV
 * (sources/aml-csv, one transaction per import: a bad line changes nothing), risk models trained on the agency's
 * labelled history, and scoring that raises one alert per flagged transaction with the features that made its
 * score (Saabas contributions that add up to the logit) and the typology a detector saw.
 *
 * Who sees what: transactions, models, alerts and cases belong to the agency that imported or opened them and reach
 * the rest of the node only with distribution `node`. Everything here is for analysts and supervisors stating the
 * purpose of financial intelligence (70-aml.cedar); imports and training are for supervisors. All is audited.
 */
import { randomUUID } from 'node:crypto';
import { TYPOLOGIES, type Typology } from '../../../../engines/src/aml/detectors';
import {
  explain, newScoringState, restoreScoringState, snapshotScoringState, trainAml, type AmlModel, type AmlScoringState,
} from '../../../../engines/src/aml/model';
import { scoreAmlAuto } from '../../../../engines/src/aml/parallel';
import type { TxTable } from '../../../../engines/src/aml/table';
import type { Actor } from '../../context';
import { notFound, PuenteError } from '../../errors';
import { readTransactions as readTransactionFile, AmlSourceError } from '../../sources/aml-csv/index';
import type { ServiceCtx } from '../context';
import { audit, authorize } from '../guard';
import type { Insertable } from 'kysely';
import { amlDb, type AmlAlertsTable, type AmlDistribution } from './schema';
import { countTransactionsBefore, readHolders, readTransactions, writeTransactions } from './store';

export interface ImportInput { file: string; accounts?: string; dataset?: string; distribution?: AmlDistribution; labels?: boolean; name?: string }
export interface AmlImportView { id: string; file: string; format: string; rows: number; added: number; accounts: number; firstTs: string | null; lastTs: string | null }


/** Imports a transaction file (format from its header) in one store transaction. */
export async function importTransactions(ctx: ServiceCtx, actor: Actor, input: ImportInput): Promise<AmlImportView> {
  await authorize(ctx, actor, 'aml.import', { resourceType: 'aml_import', detail: { file: input.name ?? input.file } });
  const name = input.name ?? input.file.split('/').pop()!;
  let table: TxTable; let format: string;
  try {
    ({ table, format } = await readTransactionFile(input.file, { labels: input.labels ?? true, accounts: input.accounts }));
  } catch (err) {
    if (err instanceof AmlSourceError) {
      await audit(ctx, actor, { action: 'aml.import', outcome: 'failed', resourceType: 'aml_import', detail: { file: name, error: err.messages.en } });
      throw new PuenteError('validation', 400, err.messages, {}, { file: name });
    }
    throw err;
  }
  const id = randomUUID();
  let first = Infinity; let last = -Infinity;
  for (let i = 0; i < table.size; i++) { const t = table.time[i]!; if (t < first) first = t; if (t > last) last = t; }
  const distribution = input.distribution ?? 'agency';
  const added = await ctx.db.transaction().execute(async (tx) => {
    const n = await writeTransactions(tx, table, { importId: id, ownerAgency: actor.agencyId, distribution, labels: input.labels ?? true });
    await amlDb(tx).insertInto('aml_imports').values({
      id, file: name, format, dataset: input.dataset ?? name, owner_agency: actor.agencyId, distribution, rows: table.size,
      accounts: table.accounts.length, first_ts: table.size ? new Date(first * 1000) : null, last_ts: table.size ? new Date(last * 1000) : null,
      actor_id: actor.id,
    }).execute();
    await audit(ctx, actor, { action: 'aml.import', outcome: 'ok', resourceType: 'aml_import', resourceId: id, detail: { file: name, format, rows: table.size, added: n } }, tx);
    return n;
  });
  return {
    id, file: name, format, rows: table.size, added, accounts: table.accounts.length,
    firstTs: table.size ? new Date(first * 1000).toISOString() : null, lastTs: table.size ? new Date(last * 1000).toISOString() : null,
  };
}

export interface ModelView { id: string; createdAt: string; trainedUntil: string; threshold: number; training: Record<string, unknown> }

/** Trains a risk model on the history the agency may use, with labels dated before `until` only. */
export async function trainModel(ctx: ServiceCtx, actor: Actor, input: { until: string; seed?: number }): Promise<ModelView> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.until)) throw new PuenteError('validation', 400, 'error.aml.date', { field: 'until' }, { field: 'until' });
  await authorize(ctx, actor, 'aml.model.train');
  const until = new Date(`${input.until}T00:00:00Z`);
  const table = await readTransactions(ctx.db, actor.agencyId, { labels: true });
  let model: AmlModel;
  try {
    model = trainAml(table, { until: until.getTime() / 1000, seed: input.seed ?? 1 });
  } catch (err) {
    throw new PuenteError('validation', 400, 'error.aml.train', { detail: (err as Error).message }, { field: 'until' });
  }
  const id = randomUUID();
  await ctx.db.transaction().execute(async (tx) => {
    await amlDb(tx).insertInto('aml_models').values({
      id, actor_id: actor.id, owner_agency: actor.agencyId, trained_until: input.until, threshold: model.threshold,
      model: JSON.stringify(model), training: JSON.stringify(model.training),
    }).execute();
    await audit(ctx, actor, { action: 'aml.model.train', outcome: 'ok', resourceType: 'aml_model', resourceId: id, detail: { ...model.training, until: input.until } }, tx);
  });
  return { id, createdAt: new Date().toISOString(), trainedUntil: input.until, threshold: model.threshold, training: model.training as unknown as Record<string, unknown> };
}

async function loadModel(ctx: ServiceCtx, actor: Actor, id?: string): Promise<{ id: string; model: AmlModel }> {
  const db = amlDb(ctx.db);
  let q = db.selectFrom('aml_models').select(['id', 'model']).where('owner_agency', '=', actor.agencyId);
  q = id ? q.where('id', '=', id) : q.orderBy('created_at', 'desc').limit(1);
  const row = await q.executeTakeFirst();
  if (!row) throw notFound({ model: id ?? 'latest' });
  return { id: row.id, model: row.model as AmlModel };
}

/**
 * Incremental scoring: the model's saved scoring state holds every transaction dated before its `through`; when
 * scoring from a date on or after it, and no transaction has been added before it since (same count), the state is
 * restored and only the transactions from `through` on are read and fed to it. Otherwise the whole history is read
 * (the first scoring, a re-scoring of an earlier period, or an import into the past). Either way the scores are the
 * same (engines/test/aml-incremental.test.ts, node/test/aml-incremental.test.ts).
 */
async function scoringInput(ctx: ServiceCtx, actor: Actor, modelId: string, model: AmlModel, from: number):
  Promise<{ table: TxTable; state: AmlScoringState | undefined; incremental: boolean }> {
  const holders = await readHolders(ctx.db, actor.agencyId);
  const saved = await amlDb(ctx.db).selectFrom('aml_score_states').selectAll()
    .where('model_id', '=', modelId).where('owner_agency', '=', actor.agencyId).executeTakeFirst();
  if (saved && new Date(saved.through).getTime() / 1000 <= from
    && await countTransactionsBefore(ctx.db, actor.agencyId, new Date(saved.through)) === Number(saved.rows)) {
    let table: TxTable | undefined;
    const restored = restoreScoringState(model, saved.state, { holderOf: (a) => holderGroup(table!, holders, a) });
    table = await readTransactions(ctx.db, actor.agencyId, { labels: false, since: new Date(saved.through), accounts: restored.accounts });
    return { table, state: restored.state, incremental: true };
  }
  const table = await readTransactions(ctx.db, actor.agencyId, { labels: false });
  const state = newScoringState(model, { holderOf: (a) => holderGroup(table, holders, a) });
  return { table, state, incremental: false };
}

/**
 * Accounts of one holder record are one party for mirror trades: the holder's group is a hash of its record id
 * above the account indices (< 2^25), so it does not depend on the order accounts were interned in.
 */
function holderGroup(table: TxTable, holders: Map<string, string>, a: number): number {
  const h = holders.get(table.accounts[a]!);
  if (h === undefined) return a;
  let x = 0x811c9dc5;
  for (let k = 0; k < h.length; k++) x = Math.imul(x ^ h.charCodeAt(k), 0x01000193) >>> 0;
  return 33_554_432 + (x % 33_554_431);
}

/** Keeps the state after every row of `table` for the next day (through = one second after its last transaction). */
async function saveScoringState(ctx: ServiceCtx, actor: Actor, modelId: string, table: TxTable, state: AmlScoringState): Promise<void> {
  let last = -Infinity;
  for (let i = 0; i < table.size; i++) if (table.time[i]! > last) last = table.time[i]!;
  if (last === -Infinity) return;
  const through = new Date((Math.floor(last) + 1) * 1000);
  const rows = await countTransactionsBefore(ctx.db, actor.agencyId, through);
  const bytes = snapshotScoringState(state, table.accounts);
  await amlDb(ctx.db).insertInto('aml_score_states')
    .values({ model_id: modelId, owner_agency: actor.agencyId, through, rows, accounts: table.accounts.length, state: bytes })
    .onConflict((oc) => oc.columns(['model_id', 'owner_agency']).doUpdateSet({ through, rows, accounts: table.accounts.length, state: bytes, created_at: new Date() }))
    .execute();
}

/**
 * Typologies whose rule-based detection raises an alert even below the model's threshold: funnel accounts and
 * mirror trades are explicit rules an analyst reviews whatever the learned score says (their explanation carries
 * the detector's features and parameters; the score is kept for ordering).
 */
const RULE_ALERTS: ReadonlySet<Typology> = new Set<Typology>(['funnel', 'mirror_trade']);

/**
 * Scores every transaction dated on or after `from` with the model (all earlier transactions as context; labels
 * never read) and raises an alert for each flagged one not alerted before. Returns how many were scored and raised.
 */
export async function scoreAndAlert(ctx: ServiceCtx, actor: Actor, input: { from: string; modelId?: string }): Promise<{ modelId: string; scored: number; flagged: number; alerts: number }> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.from)) throw new PuenteError('validation', 400, 'error.aml.date', { field: 'from' }, { field: 'from' });
  await authorize(ctx, actor, 'aml.alert.manage');
  const { id: modelId, model } = await loadModel(ctx, actor, input.modelId);
  const from = new Date(`${input.from}T00:00:00Z`).getTime() / 1000;
  const { table, state, incremental } = await scoringInput(ctx, actor, modelId, model, from);
  const res = await scoreAmlAuto(model, table, from, { keepFeatures: true, state });
  await saveScoringState(ctx, actor, modelId, table, res.state);
  const X = res.X;
  const alerts: Array<Insertable<AmlAlertsTable>> = [];
  let flagged = 0;
  for (let r = 0; r < res.rows.length; r++) {
    // The detector that matched names the typology; its reason, features and parameters go with the explanation.
    const found = res.detections[r];
    if (res.flag[r]) flagged++;
    else if (!found || !RULE_ALERTS.has(found.typology)) continue;
    const i = res.rows[r]!;
    const why = explain(model, X, r, 6);
    // A feature may be undefined for a row (NaN: e.g. no earlier transfer); JSON has no NaN, so it is stored as null.
    const top = why.top.map((x) => ({ ...x, value: Number.isFinite(x.value) ? x.value : null }));
    alerts.push({
      id: randomUUID(), tran_id: table.ids[i]!, ts: new Date(table.time[i]! * 1000), orig: table.accounts[table.orig[i]!]!,
      bene: table.accounts[table.bene[i]!]!, amount: table.amount[i]!, currency: table.currencies[table.currency[i]!] ?? '',
      model_id: modelId, score: res.score[r]!, typology: found ? found.typology : res.typology[r]! >= 0 ? TYPOLOGIES[res.typology[r]!]! : null,
      explanation: JSON.stringify({ ...why, top, ...(found ? { detector: found } : {}) }), owner_agency: actor.agencyId, distribution: 'agency',
    });
  }
  let raised = 0;
  await ctx.db.transaction().execute(async (tx) => {
    for (let k = 0; k < alerts.length; k += 500) {
      const r = await amlDb(tx).insertInto('aml_alerts').values(alerts.slice(k, k + 500))
        .onConflict((oc) => oc.columns(['tran_id', 'ts']).doNothing()).executeTakeFirst();
      raised += Number(r.numInsertedOrUpdatedRows ?? 0);
    }
    await audit(ctx, actor, { action: 'aml.score', outcome: 'ok', resourceType: 'aml_model', resourceId: modelId, detail: { from: input.from, scored: res.rows.length, flagged, detected: alerts.length - flagged, raised, incremental } }, tx);
  });
  return { modelId, scored: res.rows.length, flagged, alerts: raised };
}

