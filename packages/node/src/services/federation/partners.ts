/** Federation (issue 6): the partners as the API and the CLI show them, behind the policy. */
import { sql } from 'kysely';
import type { Actor } from '../../context';
import { deliverTo, getPartner, listPartners, outboxStatus, pairWith, type DeliveryResult, type OutboxStatus, type Partner } from '../../federation/index';
import { notFound } from '../../errors';
import type { ServiceCtx } from '../context';
import { audit, authorize } from '../guard';

export interface PartnerView extends Omit<Partner, 'publicKeyPem'> { outbox: Omit<OutboxStatus, 'partner'>; inbound: { appliedSeq: number } }

async function view(ctx: ServiceCtx, p: Partner): Promise<PartnerView> {
  const { partner: _, ...outbox } = await outboxStatus(ctx.db, p.nodeId);
  const c = await sql<{ applied_seq: string }>`select applied_seq from federation_cursors where partner = ${p.nodeId}`.execute(ctx.db);
  const { publicKeyPem: __, ...rest } = p;
  return { ...rest, outbox, inbound: { appliedSeq: Number(c.rows[0]?.applied_seq ?? 0) } };
}

export async function partnersView(ctx: ServiceCtx, actor: Actor): Promise<PartnerView[]> {
  await authorize(ctx, actor, 'federation.read');
  return Promise.all((await listPartners(ctx.db)).map((p) => view(ctx, p)));
}

export async function pair(ctx: ServiceCtx, actor: Actor, input: { url: string; fingerprint?: string; replace?: boolean }): Promise<PartnerView> {
  return view(ctx, await pairWith(ctx, actor, input));
}

export async function deliver(ctx: ServiceCtx, actor: Actor, nodeId: string): Promise<Omit<DeliveryResult, 'partner'>> {
  await authorize(ctx, actor, 'federation.partner.manage', { resourceType: 'partner', resourceId: nodeId });
  if (!(await getPartner(ctx.db, nodeId))) throw notFound({ partner: nodeId });
  const { partner: _, ...r } = await deliverTo(ctx, nodeId);
  await audit(ctx, actor, { action: 'federation.deliver', outcome: r.error ? 'failed' : 'ok', resourceType: 'partner', resourceId: nodeId, detail: { ...r } });
  return r;
}
