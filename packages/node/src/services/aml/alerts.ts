/**
 * Alert triage: the queue (highest score first), assigning, commenting, closing with a reason, escalating into a case.
 * Every step is a note on the alert and an audit event. Closing an alert as a false positive, or escalating it, is
 * also the label the next model learns from (aml_transactions.label), so the unit's own decisions train it.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../../context';
import { notFound, PuenteError } from '../../errors';
import type { ServiceCtx } from '../context';
import { audit, authorize } from '../guard';
import { amlDb, type AlertExplanationJson, type AlertStatus, type AExecutor } from './schema';

export const CLOSE_REASONS = ['false_positive', 'explained_activity', 'insufficient_information', 'duplicate'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

export interface AlertView {
  id: string; tranId: string; ts: string; orig: string; bene: string; amount: number; currency: string; modelId: string; score: number;
  typology: string | null; explanation: AlertExplanationJson; status: AlertStatus; assignee: string | null; closeReason: string | null;
  caseId: string | null; ownerAgency: string; createdAt: string; updatedAt: string;
}
export interface NoteView { id: string; actorId: string; text: string; kind: string; at: string }

const iso = (d: Date | string) => new Date(d).toISOString();
export const visibleTo = (agencyId: string) => sql<boolean>`(owner_agency = ${agencyId} or distribution = 'node')`;

export function alertView(r: {
  id: string; tran_id: string; ts: Date; orig: string; bene: string; amount: number; currency: string; model_id: string; score: number; typology: string | null;
  explanation: AlertExplanationJson; status: AlertStatus; assignee: string | null; close_reason: string | null; case_id: string | null; owner_agency: string;
  created_at: Date; updated_at: Date;
}): AlertView {
  return {
    id: r.id, tranId: r.tran_id, ts: iso(r.ts), orig: r.orig, bene: r.bene, amount: Number(r.amount), currency: r.currency, modelId: r.model_id,
    score: Number(r.score), typology: r.typology, explanation: r.explanation, status: r.status, assignee: r.assignee, closeReason: r.close_reason,
    caseId: r.case_id, ownerAgency: r.owner_agency, createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
  };
}

export async function listAlerts(
  ctx: ServiceCtx, actor: Actor, input: { status?: AlertStatus | 'all'; typology?: string; limit?: number; offset?: number } = {},
): Promise<{ total: number; alerts: AlertView[] }> {
  await authorize(ctx, actor, 'aml.read');
  const db = amlDb(ctx.db);
  let q = db.selectFrom('aml_alerts').where(visibleTo(actor.agencyId));
  if (input.status && input.status !== 'all') q = q.where('status', '=', input.status);
  if (input.typology) q = q.where('typology', '=', input.typology);
  const { n } = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const rows = await q.selectAll().orderBy('score', 'desc').orderBy('ts', 'desc').orderBy('id')
    .limit(Math.min(input.limit ?? 50, 500)).offset(input.offset ?? 0).execute();
  await audit(ctx, actor, { action: 'aml.read', outcome: 'ok', resourceType: 'aml_alerts', detail: { status: input.status ?? 'all', total: Number(n) } });
  return { total: Number(n), alerts: rows.map(alertView) };
}

async function alertRow(db: AExecutor, actor: Actor, id: string) {
  const row = await db.selectFrom('aml_alerts').selectAll().where('id', '=', id).where(visibleTo(actor.agencyId)).executeTakeFirst();
  if (!row) throw notFound({ id });
  return row;
}

export async function getAlert(ctx: ServiceCtx, actor: Actor, id: string): Promise<{ alert: AlertView; notes: NoteView[] }> {
  await authorize(ctx, actor, 'aml.read');
  const db = amlDb(ctx.db);
  const row = await alertRow(db, actor, id);
  const notes = await db.selectFrom('aml_alert_notes').selectAll().where('alert_id', '=', id).orderBy('at').orderBy('id').execute();
  await audit(ctx, actor, { action: 'aml.read', outcome: 'ok', resourceType: 'aml_alert', resourceId: id, detail: { tranId: row.tran_id } });
  return { alert: alertView(row), notes: notes.map((n) => ({ id: n.id, actorId: n.actor_id, text: n.text, kind: n.kind, at: iso(n.at) })) };
}

export type TriageAction =
  | { action: 'assign'; assignee: string }
  | { action: 'comment'; text: string }
  | { action: 'close'; reason: CloseReason; text: string }
  | { action: 'reopen'; text: string };

/** One triage step on an alert, with its note, in one store transaction. */
export async function triageAlert(ctx: ServiceCtx, actor: Actor, id: string, step: TriageAction): Promise<{ alert: AlertView; notes: NoteView[] }> {
  await authorize(ctx, actor, 'aml.alert.manage');
  const text = 'text' in step ? step.text.trim() : '';
  if ((step.action === 'comment' || step.action === 'close' || step.action === 'reopen') && (!text || text.length > 4000)) {
    throw new PuenteError('validation', 400, 'error.aml.note', { max: 4000 }, { field: 'text' });
  }
  if (step.action === 'close' && !(CLOSE_REASONS as readonly string[]).includes(step.reason)) {
    throw new PuenteError('validation', 400, 'error.aml.closeReason', { reasons: CLOSE_REASONS.join(', ') }, { field: 'reason' });
  }
  await ctx.db.transaction().execute(async (tx) => {
    const db = amlDb(tx);
    const row = await alertRow(db, actor, id);
    if (row.status === 'escalated' && step.action !== 'comment') throw new PuenteError('conflict', 409, 'error.aml.escalated', {}, { caseId: row.case_id });
    const now = new Date();
    if (step.action === 'assign') {
      await db.updateTable('aml_alerts').set({ status: row.status === 'closed' ? 'closed' : 'assigned', assignee: step.assignee, updated_at: now }).where('id', '=', id).execute();
    } else if (step.action === 'close') {
      await db.updateTable('aml_alerts').set({ status: 'closed', close_reason: step.reason, updated_at: now }).where('id', '=', id).execute();
      // A false positive is a decided outcome: the next model learns it as clean.
      if (step.reason === 'false_positive') {
        await db.updateTable('aml_transactions').set({ label: 0 }).where('tran_id', '=', row.tran_id).where('ts', '=', row.ts).execute();
      }
    } else if (step.action === 'reopen') {
      await db.updateTable('aml_alerts').set({ status: row.assignee ? 'assigned' : 'open', close_reason: null, updated_at: now }).where('id', '=', id).execute();
    }
    await db.insertInto('aml_alert_notes').values({
      id: randomUUID(), alert_id: id, actor_id: actor.id, kind: step.action,
      text: step.action === 'assign' ? step.assignee : step.action === 'close' ? `${step.reason}: ${text}` : text,
    }).execute();
    await audit(ctx, actor, { action: 'aml.alert.manage', outcome: 'ok', resourceType: 'aml_alert', resourceId: id, detail: { step: step.action, ...('reason' in step ? { reason: step.reason } : {}) } }, tx);
  });
  return getAlert(ctx, actor, id);
}
