/**
 * Messages between paired nodes. Two kinds:
 *  - a **request** is a question answered at once (a partner's screening query, a PPRL match, a checkpoint to
 *    countersign): `request()` signs it, POSTs it to the partner's inbox and returns the body of the partner's signed
 *    reply; the partner runs the handler registered with `onRequest`.
 *  - a **queued** message goes through the outbox (outbox.ts): it is written in the sender's own transaction,
 *    delivered in batches in sequence order, retried with backoff while the partner is down, and applied by the
 *    partner exactly once (`onQueued` handlers run in the transaction that moves the partner's cursor).
 *
 * Every message is a JWS signed with the sender's node key (jws.ts). The inbox accepts one only if it is signed
 * with the key pinned for a paired node, names that node as sender and this node as receiver, was signed within
 * MAX_SKEW_MS, and carries a nonce never seen before; anything else is refused with 401 and audited.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { DB, Executor } from '../store/schema';
import { publicKeyFromPem } from '../audit/index';
import { PuenteError } from '../errors';
import type { ServiceCtx } from '../services/context';
import { audit } from '../services/guard';
import { claimedKeyId, signEnvelope, verifyEnvelope, type Envelope } from './jws';
import { getPartner, partnerActor, partnerByKeyId, type Partner } from './partners';

/** How far a message's signing time may be from the receiver's clock. */
export const MAX_SKEW_MS = 5 * 60_000;

export interface Inbound { from: Partner; type: string; body: unknown; nonce: string; iat: number }
export type RequestHandler = (ctx: ServiceCtx, msg: Inbound) => Promise<unknown>;
/** `afterCommit`: work to run once the batch's transaction has committed (e.g. bring the in-memory catalog up to date);
 *  dropped when it rolls back. */
export type QueuedHandler = (ctx: ServiceCtx, trx: Transaction<DB>, msg: Inbound & { seq: number; afterCommit(fn: () => Promise<void>): void }) => Promise<void>;

const requestHandlers = new Map<string, RequestHandler>();
const queuedHandlers = new Map<string, QueuedHandler>();

export function onRequest(type: string, handler: RequestHandler): void {
  if (requestHandlers.has(type)) throw new Error(`federation request handler ${type} registered twice`);
  requestHandlers.set(type, handler);
}

export function onQueued(type: string, handler: QueuedHandler): void {
  if (queuedHandlers.has(type)) throw new Error(`federation queued handler ${type} registered twice`);
  queuedHandlers.set(type, handler);
}

export const REJECT_REASONS = ['malformed', 'unknown_key', 'signature', 'sender', 'audience', 'stale', 'replay', 'unknown_type', 'sequence'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** A message the inbox refuses: 401 for who-sent-it problems, 400 for what-it-says problems. */
export function rejected(reason: RejectReason, vars: Record<string, unknown> = {}): PuenteError {
  const status = reason === 'unknown_type' || reason === 'sequence' ? 400 : 401;
  return new PuenteError(status === 401 ? 'unauthenticated' : 'validation', status, `federation.reject.${reason}`, vars, { reason });
}

const unavailable = (key: string, vars: Record<string, unknown>) => new PuenteError('partner_unavailable', 502, key, vars);

function newEnvelope(ctx: ServiceCtx, partner: Partner, fields: Omit<Envelope, 'from' | 'to' | 'iat' | 'nonce'>): Envelope {
  return { ...fields, from: ctx.node.id, to: partner.nodeId, iat: Date.now(), nonce: randomUUID() };
}

/** POSTs a signed envelope to the partner's inbox and checks the signed reply; returns the reply's body. */
export async function exchange(ctx: ServiceCtx, partner: Partner, envelope: Envelope, timeoutMs = 30_000): Promise<unknown> {
  const jws = await signEnvelope(envelope, ctx.app.nodeKey);
  let res: Response;
  try {
    res = await fetch(`${partner.url}/api/federation/inbox`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'accept-language': ctx.lang },
      body: JSON.stringify({ jws }), signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw unavailable('federation.error.unreachable', { url: partner.url, detail: (err as Error).cause ? String((err as Error).cause) : (err as Error).message });
  }
  const text = await res.text();
  let json: { jws?: string; error?: { code?: string; message?: { en?: string; es?: string }; details?: { reason?: string } } };
  try { json = JSON.parse(text); } catch { json = {}; }
  if (!res.ok) {
    const m = json.error?.message;
    throw new PuenteError('partner_unavailable', 502, 'federation.error.refused',
      { node: partner.nodeId, status: res.status, detail: (ctx.lang === 'es' ? m?.es : m?.en) ?? text.slice(0, 200) },
      { partnerStatus: res.status, partnerCode: json.error?.code ?? null, reason: json.error?.details?.reason ?? null });
  }
  const reply = typeof json.jws === 'string' ? await verifyEnvelope(json.jws, publicKeyFromPem(partner.publicKeyPem)) : null;
  if (!reply || reply.kind !== 'reply' || reply.from !== partner.nodeId || reply.to !== ctx.node.id || reply.inReplyTo !== envelope.nonce) {
    throw unavailable('federation.error.badReply', { node: partner.nodeId });
  }
  return reply.body;
}

async function pinned(ctx: ServiceCtx, partnerNodeId: string): Promise<Partner> {
  const partner = await getPartner(ctx.db, partnerNodeId);
  if (!partner) throw new PuenteError('not_found', 404, 'federation.error.notPaired', { node: partnerNodeId });
  return partner;
}

/** Asks the partner a question and returns its signed answer's body (the partner's `onRequest` handler's value). */
export async function request<T = unknown>(ctx: ServiceCtx, partnerNodeId: string, type: string, body: unknown, opts: { timeoutMs?: number } = {}): Promise<T> {
  const partner = await pinned(ctx, partnerNodeId);
  return await exchange(ctx, partner, newEnvelope(ctx, partner, { kind: 'request', type, body }), opts.timeoutMs) as T;
}

/** Signs a batch of queued messages for the partner (outbox.ts). */
export function batchEnvelope(ctx: ServiceCtx, partner: Partner, messages: Envelope['messages']): Envelope {
  return newEnvelope(ctx, partner, { kind: 'batch', messages });
}

async function reject(ctx: ServiceCtx, reason: RejectReason, detail: Record<string, unknown>, partner: Partner | null): Promise<never> {
  await audit(ctx, partner ? partnerActor(partner) : null, {
    action: 'federation.message', outcome: 'denied', resourceType: 'partner', resourceId: partner?.nodeId ?? String(detail.from ?? 'unknown'),
    detail: { reason, ...detail },
  });
  ctx.log.warn({ reason, ...detail }, 'federation.rejected');
  throw rejected(reason, detail);
}

/**
 * The inbox: verifies a signed message and runs it. Returns the signed reply (JWS). Throws a PuenteError (audited)
 * when the message is refused.
 */
export async function receive(ctx: ServiceCtx, jws: string): Promise<string> {
  const kid = claimedKeyId(jws);
  if (!kid) return reject(ctx, 'malformed', {}, null);
  const partner = await partnerByKeyId(ctx.db, kid);
  if (!partner) return reject(ctx, 'unknown_key', { keyId: kid }, null);
  const env = await verifyEnvelope(jws, publicKeyFromPem(partner.publicKeyPem));
  if (!env) return reject(ctx, 'signature', { keyId: kid }, partner);
  if (env.from !== partner.nodeId) return reject(ctx, 'sender', { claimed: env.from }, partner);
  if (env.to !== ctx.node.id) return reject(ctx, 'audience', { to: env.to }, partner);
  if (Math.abs(Date.now() - env.iat) > MAX_SKEW_MS) return reject(ctx, 'stale', { iat: new Date(env.iat).toISOString() }, partner);
  const fresh = await sql`insert into federation_nonces (node_id, nonce) values (${partner.nodeId}, ${env.nonce})
    on conflict do nothing returning nonce`.execute(ctx.db);
  if (!fresh.rows.length) return reject(ctx, 'replay', { nonce: env.nonce }, partner);
  if (Math.random() < 0.01) await sql`delete from federation_nonces where seen_at < now() - interval '1 hour'`.execute(ctx.db);

  let body: unknown;
  if (env.kind === 'request') {
    const handler = env.type ? requestHandlers.get(env.type) : undefined;
    if (!handler) return reject(ctx, 'unknown_type', { type: env.type ?? null }, partner);
    body = await handler(ctx, { from: partner, type: env.type!, body: env.body, nonce: env.nonce, iat: env.iat });
  } else if (env.kind === 'batch') {
    body = { cursor: await applyBatch(ctx, partner, env) };
  } else {
    return reject(ctx, 'malformed', { kind: env.kind }, partner);
  }
  const reply: Envelope = { kind: 'reply', from: ctx.node.id, to: partner.nodeId, iat: Date.now(), nonce: randomUUID(), inReplyTo: env.nonce, body };
  return signEnvelope(reply, ctx.app.nodeKey);
}

/**
 * Applies a batch of queued messages in one transaction with the cursor: those at or below the cursor were applied
 * before (a retry after a lost answer) and are skipped; the rest must follow it without a gap. Returns the cursor.
 */
async function applyBatch(ctx: ServiceCtx, partner: Partner, env: Envelope): Promise<number> {
  const messages = Array.isArray(env.messages) ? env.messages : [];
  for (const m of messages) {
    if (!Number.isSafeInteger(m?.seq) || typeof m.type !== 'string') return reject(ctx, 'malformed', { seq: m?.seq ?? null }, partner);
    if (!queuedHandlers.has(m.type)) return reject(ctx, 'unknown_type', { type: m.type, seq: m.seq }, partner);
  }
  const after: Array<() => Promise<void>> = [];
  const afterCommit = (fn: () => Promise<void>) => { after.push(fn); };
  const applied = await ctx.db.transaction().execute(async (trx) => {
    await sql`insert into federation_cursors (partner) values (${partner.nodeId}) on conflict do nothing`.execute(trx);
    const row = await sql<{ applied_seq: string }>`select applied_seq from federation_cursors where partner = ${partner.nodeId} for update`.execute(trx);
    let cursor = Number(row.rows[0]!.applied_seq);
    for (const m of [...messages].sort((a, b) => a.seq - b.seq)) {
      if (m.seq <= cursor) continue;
      if (m.seq !== cursor + 1) break; // a gap: keep what follows the cursor; the sender resends from it
      await queuedHandlers.get(m.type)!(ctx, trx, { from: partner, type: m.type, body: m.body, nonce: env.nonce, iat: env.iat, seq: m.seq, afterCommit });
      cursor = m.seq;
    }
    await sql`update federation_cursors set applied_seq = ${cursor}, updated_at = now() where partner = ${partner.nodeId}`.execute(trx);
    return cursor;
  });
  for (const fn of after) {
    try { await fn(); } catch (err) { ctx.log.warn({ err: (err as Error).message }, 'federation.afterCommit.failed'); }
  }
  return applied;
}

export type { Executor };
