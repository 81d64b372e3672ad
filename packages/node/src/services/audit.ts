/**
 * The audit log, for auditors: query, verify the hash chain and checkpoints, make a checkpoint.
 * Reading the audit log is itself audited (who watches the watchers — CJIS 5.4.1.1 lists access to
 * the audit records among the events to record).
 */
import { createCheckpoint, listCheckpoints as checkpoints, queryAudit, verifyAudit } from '../audit/index';
import type { Actor } from '../context';
import type { ServiceCtx } from './context';
import { audit, authorize } from './guard';

export interface AuditFilter { actorId?: string; action?: string; resourceId?: string; from?: Date; to?: Date; beforeSeq?: string; limit: number }

export async function listAuditEvents(ctx: ServiceCtx, actor: Actor, filter: AuditFilter) {
  await authorize(ctx, actor, 'audit.read', { resourceType: 'audit' });
  const events = await queryAudit(ctx.db, filter);
  await audit(ctx, actor, { action: 'audit.read', outcome: 'ok', resourceType: 'audit', detail: { ...filter, from: filter.from?.toISOString(), to: filter.to?.toISOString(), returned: events.length } });
  return events;
}

export async function verifyAuditLog(ctx: ServiceCtx, actor: Actor) {
  await authorize(ctx, actor, 'audit.verify', { resourceType: 'audit' });
  const report = await verifyAudit(ctx.db, { publicKey: ctx.app.nodeKey.publicKey });
  await audit(ctx, actor, { action: 'audit.verify', outcome: 'ok', resourceType: 'audit', detail: { ok: report.ok, count: report.count, problems: report.problems.length } });
  return report;
}

export async function listCheckpoints(ctx: ServiceCtx, actor: Actor, limit = 100) {
  await authorize(ctx, actor, 'audit.read', { resourceType: 'audit' });
  return checkpoints(ctx.db, { limit });
}

/** Signs the current head of the log (RFC 6962 tree root) with the node key. */
export async function makeCheckpoint(ctx: ServiceCtx, actor: Actor) {
  await authorize(ctx, actor, 'audit.verify', { resourceType: 'audit' });
  const cp = await createCheckpoint(ctx.db, ctx.app.nodeKey, ctx.node.id);
  await audit(ctx, actor, { action: 'audit.checkpoint', outcome: 'ok', resourceType: 'audit', detail: { checkpoint: cp as unknown as Record<string, unknown> } });
  return cp;
}
