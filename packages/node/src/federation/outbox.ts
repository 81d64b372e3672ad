/**
 * The outbox: queued messages to each partner, delivered in sequence order, at least once by the sender and applied
 * exactly once by the receiver (its cursor moves in the transaction that applies them: messages.ts applyBatch).
 * Delivery is resumable from the partner's cursor: after a crash, a lost answer or a partner that was down, the
 * next attempt sends again everything after the cursor the partner last reported, and the partner skips what it
 * already has. While a partner cannot be reached, attempts back off exponentially (base × 2^attempts, at most 60 s).
 */
import { sql } from 'kysely';
import type { Executor } from '../store/schema';
import type { ServiceCtx } from '../services/context';
import { PuenteError } from '../errors';
import { batchEnvelope, exchange } from './messages';
import { getPartner, listPartners } from './partners';

export const BATCH_SIZE = 200;
export const MAX_BACKOFF_MS = 60_000;

/** Queues a message to the partner in `exec` (the caller's transaction); returns its sequence number. */
export async function enqueue(_ctx: ServiceCtx, exec: Executor, partnerNodeId: string, type: string, body: unknown): Promise<number> {
  const r = await sql<{ seq: string }>`update federation_links set next_seq = next_seq + 1 where partner = ${partnerNodeId}
    returning next_seq - 1 as seq`.execute(exec);
  if (!r.rows[0]) throw new PuenteError('not_found', 404, 'federation.error.notPaired', { node: partnerNodeId });
  const seq = Number(r.rows[0].seq);
  await sql`insert into federation_outbox (partner, seq, type, body) values (${partnerNodeId}, ${seq}, ${type}, ${JSON.stringify(body)}::jsonb)`.execute(exec);
  return seq;
}

/** Queues several messages to the partner in `exec`, in order (one sequence block, one insert); returns their sequence numbers. */
export async function enqueueMany(_ctx: ServiceCtx, exec: Executor, partnerNodeId: string, messages: ReadonlyArray<{ type: string; body: unknown }>): Promise<number[]> {
  if (!messages.length) return [];
  const r = await sql<{ first: string }>`update federation_links set next_seq = next_seq + ${messages.length} where partner = ${partnerNodeId}
    returning next_seq - ${messages.length} as first`.execute(exec);
  if (!r.rows[0]) throw new PuenteError('not_found', 404, 'federation.error.notPaired', { node: partnerNodeId });
  const first = Number(r.rows[0].first);
  const seqs = messages.map((_, i) => first + i);
  const arr = (values: readonly string[]) => `{${values.map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
  for (let i = 0; i < messages.length; i += 1000) {
    const part = messages.slice(i, i + 1000);
    await sql`insert into federation_outbox (partner, seq, type, body)
      select ${partnerNodeId}, u.s, u.t, u.b::jsonb from unnest(${arr(seqs.slice(i, i + 1000).map(String))}::bigint[], ${arr(part.map((m) => m.type))}::text[],
        ${arr(part.map((m) => JSON.stringify(m.body)))}::text[]) as u(s, t, b)`.execute(exec);
  }
  return seqs;
}

export interface OutboxStatus {
  partner: string;
  pending: number;
  ackedSeq: number;
  nextSeq: number;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  lastDeliveryAt: string | null;
}

export async function outboxStatus(db: Executor, partnerNodeId: string): Promise<OutboxStatus> {
  const r = await sql<{ next_seq: string; acked_seq: string; attempts: number; next_attempt_at: Date | null; last_error: string | null; last_delivery_at: Date | null }>`
    select * from federation_links where partner = ${partnerNodeId}`.execute(db);
  const l = r.rows[0];
  if (!l) throw new PuenteError('not_found', 404, 'federation.error.notPaired', { node: partnerNodeId });
  const nextSeq = Number(l.next_seq), ackedSeq = Number(l.acked_seq);
  return {
    partner: partnerNodeId, pending: nextSeq - 1 - ackedSeq, ackedSeq, nextSeq, attempts: l.attempts,
    nextAttemptAt: l.next_attempt_at ? new Date(l.next_attempt_at).toISOString() : null,
    lastError: l.last_error, lastDeliveryAt: l.last_delivery_at ? new Date(l.last_delivery_at).toISOString() : null,
  };
}

const inFlight = new Map<string, Promise<DeliveryResult>>();

export interface DeliveryResult { partner: string; delivered: number; pending: number; error?: string }

/**
 * Delivers everything queued for the partner now, batch after batch, until nothing is pending or an attempt fails
 * (then the backoff is set). One delivery per partner and process at a time; a second caller shares the first's.
 */
export function deliverTo(ctx: ServiceCtx, partnerNodeId: string): Promise<DeliveryResult> {
  const key = `${ctx.node.id}→${partnerNodeId}`;
  const running = inFlight.get(key);
  if (running) return running;
  const p = deliverLoop(ctx, partnerNodeId).finally(() => inFlight.delete(key));
  inFlight.set(key, p);
  return p;
}

async function deliverLoop(ctx: ServiceCtx, partnerNodeId: string): Promise<DeliveryResult> {
  const partner = await getPartner(ctx.db, partnerNodeId);
  if (!partner) throw new PuenteError('not_found', 404, 'federation.error.notPaired', { node: partnerNodeId });
  let delivered = 0;
  for (;;) {
    const status = await outboxStatus(ctx.db, partnerNodeId);
    if (status.pending <= 0) return { partner: partnerNodeId, delivered, pending: 0 };
    const rows = await sql<{ seq: string; type: string; body: unknown }>`select seq, type, body from federation_outbox
      where partner = ${partnerNodeId} and seq > ${status.ackedSeq} order by seq limit ${BATCH_SIZE}`.execute(ctx.db);
    const messages = rows.rows.map((r) => ({ seq: Number(r.seq), type: r.type, body: r.body }));
    let cursor: number;
    try {
      const reply = await exchange(ctx, partner, batchEnvelope(ctx, partner, messages)) as { cursor?: unknown };
      if (!Number.isSafeInteger(reply?.cursor)) throw new PuenteError('partner_unavailable', 502, 'federation.error.badReply', { node: partnerNodeId });
      cursor = reply.cursor as number;
    } catch (err) {
      const message = err instanceof PuenteError ? err.messages.en : (err as Error).message;
      const r = await sql<{ attempts: number }>`update federation_links set attempts = attempts + 1, last_error = ${message}
        where partner = ${partnerNodeId} returning attempts`.execute(ctx.db);
      const attempts = r.rows[0]?.attempts ?? 1;
      const wait = Math.min(MAX_BACKOFF_MS, ctx.app.config.federationRetryBaseMs * 2 ** (attempts - 1));
      await sql`update federation_links set next_attempt_at = now() + ${`${wait} milliseconds`}::interval where partner = ${partnerNodeId}`.execute(ctx.db);
      ctx.log.info({ partner: partnerNodeId, attempts, waitMs: wait, err: message }, 'federation.delivery.failed');
      return { partner: partnerNodeId, delivered, pending: status.pending, error: message };
    }
    // The partner's cursor is the truth: everything up to it is delivered; anything after it is sent again.
    await ctx.db.transaction().execute(async (trx) => {
      await sql`update federation_outbox set delivered_at = now() where partner = ${partnerNodeId} and seq <= ${cursor} and delivered_at is null`.execute(trx);
      await sql`update federation_links set acked_seq = ${cursor}, attempts = 0, last_error = null, next_attempt_at = now(),
        last_delivery_at = now() where partner = ${partnerNodeId}`.execute(trx);
    });
    const progressed = cursor - status.ackedSeq;
    delivered += Math.max(0, progressed);
    if (progressed <= 0 && cursor < (messages[0]?.seq ?? 0)) continue; // the partner is behind us: resend from its cursor
    if (progressed <= 0) return { partner: partnerNodeId, delivered, pending: status.pending, error: 'no progress' };
  }
}

/** Delivers to every partner (or one) now, ignoring the backoff. */
export async function deliverNow(ctx: ServiceCtx, partnerNodeId?: string): Promise<DeliveryResult[]> {
  const partners = partnerNodeId ? [partnerNodeId] : (await listPartners(ctx.db)).map((p) => p.nodeId);
  const out: DeliveryResult[] = [];
  for (const p of partners) out.push(await deliverTo(ctx, p));
  return out;
}

/** The worker's job: deliver to each partner whose backoff has run out and that has something pending. */
export async function deliverDue(ctx: ServiceCtx): Promise<void> {
  const due = await sql<{ partner: string }>`select partner from federation_links
    where next_seq - 1 > acked_seq and next_attempt_at <= now() order by partner`.execute(ctx.db);
  for (const { partner } of due.rows) await deliverTo(ctx, partner);
}
