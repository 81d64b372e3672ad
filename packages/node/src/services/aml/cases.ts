/**
 * Cases: alerts escalated into one investigation with its evidence (the alerts, their transactions, the accounts
 * involved, records of the node, money-flow snapshots — each kept as it was when added) and the suspicious-
 * transaction report exported from it. Escalating an alert marks its transaction as laundering for the next model.
 *
 * The report (`puente-str/1`, JSON) is documented in the README: reporting node and agency, the case, subjects
 * (accounts with bank and holder), transactions, alerts with their top features, typologies and the narrative.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../context';
import { notFound, PuenteError } from '../../errors';
import type { ServiceCtx } from '../context';
import { audit, authorize } from '../guard';
import { alertView, visibleTo, type AlertView } from './alerts';
import { amlDb, type AExecutor, type AmlDistribution } from './schema';

export interface CaseItemView { kind: string; ref: string; snapshot: unknown; addedBy: string; addedAt: string }
export interface CaseView {
  id: string; title: string; status: string; summary: string; ownerAgency: string; distribution: AmlDistribution; createdBy: string;
  createdAt: string; updatedAt: string; items: CaseItemView[];
}

const iso = (d: Date | string) => new Date(d).toISOString();

async function caseRow(db: AExecutor, actor: Actor, id: string) {
  const row = await db.selectFrom('aml_cases').selectAll().where('id', '=', id).where(visibleTo(actor.agencyId)).executeTakeFirst();
  if (!row) throw notFound({ id });
  return row;
}

async function caseView(db: AExecutor, row: Awaited<ReturnType<typeof caseRow>>): Promise<CaseView> {
  const items = await db.selectFrom('aml_case_items').selectAll().where('case_id', '=', row.id).orderBy('added_at').orderBy('kind').orderBy('ref').execute();
  return {
    id: row.id, title: row.title, status: row.status, summary: row.summary, ownerAgency: row.owner_agency, distribution: row.distribution,
    createdBy: row.created_by, createdAt: iso(row.created_at), updatedAt: iso(row.updated_at),
    items: items.map((i) => ({ kind: i.kind, ref: i.ref, snapshot: i.snapshot, addedBy: i.added_by, addedAt: iso(i.added_at) })),
  };
}

/** Opens a case from alerts: each alert, its transaction and both accounts become evidence; the alerts are escalated. */
export async function openCase(ctx: ServiceCtx, actor: Actor, input: { title: string; summary?: string; alertIds: string[]; distribution?: AmlDistribution }): Promise<CaseView> {
  const title = input.title?.trim() ?? '';
  if (!title || title.length > 300) throw new PuenteError('validation', 400, 'error.aml.title', {}, { field: 'title' });
  if (!input.alertIds?.length || input.alertIds.length > 500) throw new PuenteError('validation', 400, 'error.aml.alerts', {}, { field: 'alertIds' });
  await authorize(ctx, actor, 'aml.case.manage');
  const id = randomUUID();
  await ctx.db.transaction().execute(async (tx) => {
    const db = amlDb(tx);
    const alerts = await db.selectFrom('aml_alerts').selectAll().where('id', 'in', input.alertIds).where(visibleTo(actor.agencyId)).execute();
    if (alerts.length !== new Set(input.alertIds).size) throw notFound({ alerts: input.alertIds.filter((a) => !alerts.some((r) => r.id === a)) });
    await db.insertInto('aml_cases').values({
      id, title, summary: input.summary?.trim() ?? '', owner_agency: actor.agencyId, distribution: input.distribution ?? 'agency', created_by: actor.id,
    }).execute();
    const items: Array<{ kind: 'alert' | 'transaction' | 'account'; ref: string; snapshot: string }> = [];
    const accounts = new Set<string>();
    for (const a of alerts) {
      items.push({ kind: 'alert', ref: a.id, snapshot: JSON.stringify(alertView(a)) });
      const t = await db.selectFrom('aml_transactions').select(['tran_id', 'ts', 'orig', 'bene', 'amount', 'currency', 'tx_type', 'place'])
        .where('tran_id', '=', a.tran_id).where('ts', '=', a.ts).executeTakeFirst();
      if (t) items.push({ kind: 'transaction', ref: `${t.tran_id}@${iso(t.ts)}`, snapshot: JSON.stringify({ ...t, ts: iso(t.ts) }) });
      accounts.add(a.orig); accounts.add(a.bene);
    }
    for (const acc of accounts) {
      const r = await db.selectFrom('aml_accounts').selectAll().where('id', '=', acc).executeTakeFirst();
      items.push({ kind: 'account', ref: acc, snapshot: JSON.stringify({ id: acc, bank: r?.bank ?? null, holder: r?.holder ?? null }) });
    }
    const seen = new Set<string>();
    const unique = items.filter((i) => !seen.has(`${i.kind}|${i.ref}`) && seen.add(`${i.kind}|${i.ref}`));
    await db.insertInto('aml_case_items').values(unique.map((i) => ({ case_id: id, ...i, added_by: actor.id }))).execute();
    await db.updateTable('aml_alerts').set({ status: 'escalated', case_id: id, updated_at: new Date() }).where('id', 'in', alerts.map((a) => a.id)).execute();
    for (const a of alerts) await db.updateTable('aml_transactions').set({ label: 1 }).where('tran_id', '=', a.tran_id).where('ts', '=', a.ts).execute();
    await db.insertInto('aml_alert_notes').values(alerts.map((a) => ({ id: randomUUID(), alert_id: a.id, actor_id: actor.id, kind: 'escalate' as const, text: id }))).execute();
    await audit(ctx, actor, { action: 'aml.case.manage', outcome: 'ok', resourceType: 'aml_case', resourceId: id, detail: { step: 'open', alerts: alerts.length } }, tx);
  });
  return getCase(ctx, actor, id);
}

export async function getCase(ctx: ServiceCtx, actor: Actor, id: string): Promise<CaseView> {
  await authorize(ctx, actor, 'aml.read');
  const db = amlDb(ctx.db);
  const view = await caseView(db, await caseRow(db, actor, id));
  await audit(ctx, actor, { action: 'aml.read', outcome: 'ok', resourceType: 'aml_case', resourceId: id });
  return view;
}

export async function listCases(ctx: ServiceCtx, actor: Actor): Promise<Array<Omit<CaseView, 'items'>>> {
  await authorize(ctx, actor, 'aml.read');
  const rows = await amlDb(ctx.db).selectFrom('aml_cases').selectAll().where(visibleTo(actor.agencyId)).orderBy('updated_at', 'desc').limit(200).execute();
  return rows.map((r) => ({
    id: r.id, title: r.title, status: r.status, summary: r.summary, ownerAgency: r.owner_agency, distribution: r.distribution, createdBy: r.created_by,
    createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
  }));
}

/** Adds evidence: a graph snapshot (as the analyst saw it), an account, or a record of the node. */
export async function addCaseItem(ctx: ServiceCtx, actor: Actor, id: string, item: { kind: 'graph' | 'account' | 'entity'; ref?: string; snapshot: unknown }): Promise<CaseView> {
  await authorize(ctx, actor, 'aml.case.manage');
  const text = JSON.stringify(item.snapshot ?? null);
  if (text.length > 1_000_000) throw new PuenteError('validation', 400, 'error.aml.snapshot', {}, { field: 'snapshot' });
  const db = amlDb(ctx.db);
  await caseRow(db, actor, id);
  const ref = item.ref?.trim() || randomUUID();
  await ctx.db.transaction().execute(async (tx) => {
    await amlDb(tx).insertInto('aml_case_items').values({ case_id: id, kind: item.kind, ref, snapshot: text, added_by: actor.id })
      .onConflict((oc) => oc.columns(['case_id', 'kind', 'ref']).doUpdateSet({ snapshot: text, added_by: actor.id, added_at: new Date() })).execute();
    await amlDb(tx).updateTable('aml_cases').set({ updated_at: new Date() }).where('id', '=', id).execute();
    await audit(ctx, actor, { action: 'aml.case.manage', outcome: 'ok', resourceType: 'aml_case', resourceId: id, detail: { step: 'add', kind: item.kind, ref } }, tx);
  });
  return getCase(ctx, actor, id);
}

export interface StrReport {
  format: 'puente-str/1';
  reportId: string; generatedAt: string;
  reportingNode: string; reportingCountry: string; reportingAgency: string; preparedBy: string;
  case: { id: string; title: string; openedAt: string; narrative: string };
  subjects: Array<{ account: string; bank: string | null; holder: string | null }>;
  transactions: Array<{ tranId: string; timestamp: string; orig: string; bene: string; amount: number; currency: string; type: string; place: string | null }>;
  alerts: Array<{ id: string; score: number; typology: string | null; topFeatures: Array<{ feature: string; value: number | null; contribution: number }> }>;
  typologies: string[];
  totals: Array<{ currency: string; amount: number; transactions: number }>;
}

/** The suspicious-transaction report of a case (`puente-str/1`); the case becomes `reported`. Audited as an export. */
export async function exportReport(ctx: ServiceCtx, actor: Actor, id: string): Promise<StrReport> {
  await authorize(ctx, actor, 'aml.case.manage');
  const db = amlDb(ctx.db);
  const c = await caseView(db, await caseRow(db, actor, id));
  const alerts = c.items.filter((i) => i.kind === 'alert').map((i) => i.snapshot as AlertView);
  const transactions = c.items.filter((i) => i.kind === 'transaction').map((i) => i.snapshot as { tran_id: string; ts: string; orig: string; bene: string; amount: number; currency: string; tx_type: string; place: string | null })
    .map((t) => ({ tranId: t.tran_id, timestamp: t.ts, orig: t.orig, bene: t.bene, amount: Number(t.amount), currency: t.currency, type: t.tx_type, place: t.place }))
    .sort((a, b) => a.timestamp.localeCompare(b.timestamp) || a.tranId.localeCompare(b.tranId));
  const totals = new Map<string, { amount: number; transactions: number }>();
  for (const t of transactions) {
    const x = totals.get(t.currency) ?? { amount: 0, transactions: 0 };
    x.amount += t.amount; x.transactions++;
    totals.set(t.currency, x);
  }
  const report: StrReport = {
    format: 'puente-str/1', reportId: randomUUID(), generatedAt: new Date().toISOString(),
    reportingNode: ctx.node.id, reportingCountry: ctx.node.country, reportingAgency: actor.agencyId, preparedBy: actor.id,
    case: { id: c.id, title: c.title, openedAt: c.createdAt, narrative: c.summary },
    subjects: c.items.filter((i) => i.kind === 'account').map((i) => i.snapshot as { id: string; bank: string | null; holder: string | null })
      .map((a) => ({ account: a.id, bank: a.bank, holder: a.holder })),
    transactions,
    alerts: alerts.map((a) => ({ id: a.id, score: a.score, typology: a.typology, topFeatures: a.explanation.top })),
    typologies: [...new Set(alerts.map((a) => a.typology).filter((x): x is string => !!x))].sort(),
    totals: [...totals].map(([currency, x]) => ({ currency, ...x })),
  };
  await ctx.db.transaction().execute(async (tx) => {
    await amlDb(tx).updateTable('aml_cases').set({ status: 'reported', updated_at: new Date() }).where('id', '=', id).execute();
    await audit(ctx, actor, { action: 'aml.case.export', outcome: 'ok', resourceType: 'aml_case', resourceId: id, detail: { reportId: report.reportId, transactions: transactions.length } }, tx);
  });
  return report;
}
