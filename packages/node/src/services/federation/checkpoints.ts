/**
 * Audit checkpoints exchanged and countersigned between partner nodes (issue 6, item 6).
 *
 * Exchange (a periodic job, and POST /api/federation/checkpoints/exchange): the node signs a checkpoint of its
 * audit log (audit/checkpoint.ts: an RFC 6962 tree head in a signed note) and sends it to the partner
 * (`checkpoint.countersign`) with a consistency proof from the last checkpoint of ours the partner holds. The
 * partner checks the signature against the key it pinned and the proof against the root it holds; a checkpoint
 * that does not extend what it holds — our history rewritten — is refused and audited. Otherwise it stores our
 * checkpoint with the proof (append-only, migration 053), countersigns it with its own key and answers with the
 * countersignature, which we add to our checkpoint (audit_checkpoints.countersignatures).
 *
 * Verification (`puente audit verify --partner`): our own chain and checkpoints, with the partner's
 * countersignatures checked against its pinned key, and our log as it is now against the latest checkpoint of ours
 * the partner holds (`checkpoint.held`: a log rewritten wholesale, checkpoints and all, is caught there); the partner's checkpoints held here, each signed by the pinned
 * key and consistent with the next; and, when the partner answers, its current tree against the last one we hold
 * (`checkpoint.consistency`, a consistency proof it serves, and its own re-check of its chain).
 */
import type { KeyObject } from 'node:crypto';
import { sql } from 'kysely';
import { both as bothOf } from '@puente/i18n';
import {
  addCountersignature, countersignCheckpoint, createCheckpoint, formatSignedNote, parseSignedNote, proveConsistency, publicKeyFromPem,
  verifyAudit, verifyCheckpointSignature, type AuditProblem, type AuditVerification, type Checkpoint, type Countersignature,
} from '../../audit/index';
import { AuditError } from '../../audit/errors';
import { scanAudit } from '../../audit/log';
import { EMPTY_ROOT, MerkleFrontier, verifyConsistency } from '../../audit/merkle';
import { verifyHeldCheckpoints, type HeldCheckpoint } from '../../audit/verify';
import type { Actor } from '../../context';
import { PuenteError } from '../../errors';
import { getPartner, listPartners, onRequest, partnerActor, registerJob, request, type Inbound, type Partner } from '../../federation/index';
import { systemActor } from '../../identity/index';
import type { Executor } from '../../store/schema';
import type { ServiceCtx } from '../context';
import { audit, authorize } from '../guard';

/** How often a listening node exchanges checkpoints with each partner. */
export const CHECKPOINT_EXCHANGE_EVERY_MS = 15 * 60_000;
const HEX64 = /^[0-9a-f]{64}$/;

const cpError = (status: number, key: string, vars: Record<string, unknown>, reason: string) =>
  new PuenteError(status === 409 ? 'conflict' : status === 404 ? 'not_found' : status === 502 ? 'partner_unavailable' : 'validation', status, key, vars, { reason });

/** Allowed if any of the actions is (auditors verify, administrators run the exchange); the last one is audited when none is. */
async function authorizeAny(ctx: ServiceCtx, actor: Actor, actions: Array<'audit.verify' | 'audit.read' | 'federation.partner.manage' | 'federation.read'>, resourceId?: string) {
  for (const a of actions.slice(0, -1)) if (ctx.policy.decide(actor, a).allowed) return;
  await authorize(ctx, actor, actions[actions.length - 1]!, { resourceType: 'partner', resourceId });
}

// ---------------------------------------------------------------------------------------------------
// The partner's checkpoints held here.

interface HeldRow {
  partner: string; tree_size: string; root_hash: string; ts: string; key_id: string; signature: string; from_size: string;
  proof: string[] | string; countersignature: string; received_at: Date | string;
}

const toHeld = (r: HeldRow): HeldCheckpoint & { receivedAt: string; countersignature: string } => ({
  nodeId: r.partner, treeSize: String(r.tree_size), rootHash: r.root_hash, ts: r.ts, keyId: r.key_id, signature: r.signature,
  fromSize: String(r.from_size), proof: (typeof r.proof === 'string' ? JSON.parse(r.proof) : r.proof) as string[],
  countersignature: r.countersignature, receivedAt: new Date(r.received_at).toISOString(),
});

const HELD_COLUMNS = sql`partner, tree_size::text as tree_size, root_hash, ts, key_id, signature, from_size::text as from_size, proof, countersignature, received_at`;

export async function heldCheckpoints(db: Executor, partner: string): Promise<Array<ReturnType<typeof toHeld>>> {
  const r = await sql<HeldRow>`select ${HELD_COLUMNS} from federation_partner_checkpoints where partner = ${partner} order by federation_partner_checkpoints.tree_size`.execute(db);
  return r.rows.map(toHeld);
}

async function lastHeld(db: Executor, partner: string) {
  const r = await sql<HeldRow>`select ${HELD_COLUMNS} from federation_partner_checkpoints where partner = ${partner} order by federation_partner_checkpoints.tree_size desc limit 1`.execute(db);
  return r.rows[0] ? toHeld(r.rows[0]) : null;
}

const pinnedKey = (p: Partner): KeyObject => publicKeyFromPem(p.publicKeyPem);

// ---------------------------------------------------------------------------------------------------
// The partner's side of an exchange: check, keep, countersign.

interface CountersignRequest { note: string; fromSize: string; proof: string[] }
type CountersignReply = { countersignature: Countersignature; treeSize: string } | { needFrom: string };

async function answerCountersign(ctx: ServiceCtx, msg: Inbound): Promise<CountersignReply> {
  const partner = msg.from;
  const actor = partnerActor(partner);
  const body = msg.body as Partial<CountersignRequest> | null;
  const refuse = async (reason: string, key: string, vars: Record<string, unknown>, detail: Record<string, unknown> = {}): Promise<never> => {
    await audit(ctx, actor, { action: 'federation.checkpoint.countersign', outcome: 'denied', resourceType: 'partner', resourceId: partner.nodeId, detail: { reason, ...detail } });
    ctx.log.warn({ partner: partner.nodeId, reason, ...detail }, 'federation.checkpoint.refused');
    throw cpError(409, key, { node: partner.nodeId, ...vars }, reason);
  };
  if (!body || typeof body.note !== 'string' || typeof body.fromSize !== 'string' || !/^\d{1,19}$/.test(body.fromSize)
    || !Array.isArray(body.proof) || body.proof.length > 128 || !body.proof.every((h) => typeof h === 'string' && HEX64.test(h))) {
    return refuse('malformed', 'federation.pprl.checkpoint.malformed', {});
  }
  let cp: Checkpoint;
  try {
    cp = parseSignedNote(body.note);
  } catch (err) {
    return refuse('malformed', 'federation.pprl.checkpoint.malformed', {}, { error: (err as Error).message });
  }
  if (cp.nodeId !== partner.nodeId || cp.keyId !== partner.keyId || !verifyCheckpointSignature(cp, pinnedKey(partner))) {
    return refuse('signature', 'federation.pprl.checkpoint.signature', { size: cp.treeSize }, { size: cp.treeSize, keyId: cp.keyId });
  }
  const held = await lastHeld(ctx.db, partner.nodeId);
  const heldSize = held?.treeSize ?? '0';
  if (BigInt(cp.treeSize) < BigInt(heldSize)) {
    return refuse('rewritten', 'federation.pprl.checkpoint.rewritten', { from: heldSize, size: cp.treeSize }, { held: heldSize, size: cp.treeSize, root: cp.rootHash });
  }
  if (held && held.treeSize === cp.treeSize) {
    if (held.rootHash !== cp.rootHash) {
      return refuse('rewritten', 'federation.pprl.checkpoint.rewritten', { from: heldSize, size: cp.treeSize }, { held: heldSize, size: cp.treeSize, heldRoot: held.rootHash, root: cp.rootHash });
    }
    // Already held (an answer that was lost): the same countersignature again.
    return { treeSize: cp.treeSize, countersignature: { nodeId: ctx.node.id, keyId: ctx.app.nodeKey.keyId, signature: held.countersignature } };
  }
  if (body.fromSize !== heldSize) return { needFrom: heldSize };
  const consistent = verifyConsistency(Number(heldSize), Number(cp.treeSize), held ? Buffer.from(held.rootHash, 'hex') : EMPTY_ROOT,
    Buffer.from(cp.rootHash, 'hex'), body.proof.map((h) => Buffer.from(h, 'hex')));
  if (!consistent) {
    return refuse('rewritten', 'federation.pprl.checkpoint.rewritten', { from: heldSize, size: cp.treeSize }, { held: heldSize, size: cp.treeSize, heldRoot: held?.rootHash ?? null, root: cp.rootHash });
  }
  const cs = countersignCheckpoint(cp, ctx.app.nodeKey, ctx.node.id);
  await ctx.db.transaction().execute(async (trx) => {
    await sql`insert into federation_partner_checkpoints (partner, tree_size, root_hash, ts, key_id, signature, from_size, proof, countersignature)
      values (${partner.nodeId}, ${cp.treeSize}, ${cp.rootHash}, ${cp.ts}, ${cp.keyId}, ${cp.signature}, ${heldSize},
        ${JSON.stringify(body.proof)}::jsonb, ${cs.signature})`.execute(trx);
    await audit(ctx, actor, {
      action: 'federation.checkpoint.countersign', outcome: 'ok', resourceType: 'partner', resourceId: partner.nodeId,
      detail: { size: cp.treeSize, root: cp.rootHash, from: heldSize },
    }, trx);
  });
  return { treeSize: cp.treeSize, countersignature: cs };
}

onRequest('checkpoint.countersign', answerCountersign);

// ---------------------------------------------------------------------------------------------------
// Our side of an exchange.

/** The largest of our checkpoints the partner countersigned (what it holds of ours), or '0'. */
async function lastCountersignedBy(db: Executor, partner: string, upTo: string): Promise<string> {
  const r = await sql<{ tree_size: string }>`select tree_size::text as tree_size from audit_checkpoints
    where countersignatures @> ${JSON.stringify([{ nodeId: partner }])}::jsonb and tree_size <= ${upTo}
    order by audit_checkpoints.tree_size desc limit 1`.execute(db);
  return r.rows[0]?.tree_size ?? '0';
}

export interface ExchangeResult { partner: string; treeSize: string; rootHash: string; countersignedBy: string[] }

/** Signs a checkpoint of our log, has the partner countersign it, and keeps the countersignature on it. */
export async function exchangeCheckpoint(ctx: ServiceCtx, actor: Actor, partnerNodeId: string): Promise<ExchangeResult> {
  await authorizeAny(ctx, actor, ['audit.verify', 'federation.partner.manage'], partnerNodeId);
  const partner = await getPartner(ctx.db, partnerNodeId);
  if (!partner) throw new PuenteError('not_found', 404, 'federation.error.notPaired', { node: partnerNodeId });
  const cp = await createCheckpoint(ctx.db, ctx.app.nodeKey, ctx.node.id);
  const note = formatSignedNote({ ...cp, countersignatures: [] });
  const ask = async (fromSize: string) => {
    if (BigInt(fromSize) > BigInt(cp.treeSize)) {
      // The partner holds a larger checkpoint of ours than our log has rows: our log lost rows.
      throw cpError(409, 'federation.pprl.checkpoint.partnerHoldsMore', { node: partner.nodeId, held: fromSize, size: cp.treeSize }, 'truncated');
    }
    const proof = BigInt(fromSize) === 0n ? [] : (await proveConsistency(ctx.db, fromSize, cp.treeSize)).map(String);
    return request<CountersignReply>(ctx, partner.nodeId, 'checkpoint.countersign', { note, fromSize, proof } satisfies CountersignRequest);
  };
  let reply: CountersignReply;
  try {
    reply = await ask(await lastCountersignedBy(ctx.db, partner.nodeId, cp.treeSize));
    if ('needFrom' in reply) reply = await ask(String(reply.needFrom));
    if ('needFrom' in reply) throw new PuenteError('partner_unavailable', 502, 'federation.error.badReply', { node: partner.nodeId });
    if (!reply.countersignature || reply.countersignature.nodeId !== partner.nodeId) throw new PuenteError('partner_unavailable', 502, 'federation.error.badReply', { node: partner.nodeId });
    await addCountersignature(ctx.db, cp.treeSize, reply.countersignature, pinnedKey(partner));
  } catch (err) {
    const message = err instanceof PuenteError || err instanceof AuditError ? err.messages.en : (err as Error).message;
    const reason = err instanceof PuenteError ? (err.details?.reason as string | undefined) ?? null : null;
    await audit(ctx, actor, {
      action: 'federation.checkpoint.exchange', outcome: reason === 'rewritten' || reason === 'truncated' ? 'denied' : 'failed',
      resourceType: 'partner', resourceId: partner.nodeId, detail: { size: cp.treeSize, root: cp.rootHash, reason, error: message },
    });
    if (err instanceof AuditError) throw new PuenteError('partner_unavailable', 502, 'federation.error.badReply', { node: partner.nodeId });
    throw err;
  }
  await audit(ctx, actor, {
    action: 'federation.checkpoint.exchange', outcome: 'ok', resourceType: 'partner', resourceId: partner.nodeId,
    detail: { size: cp.treeSize, root: cp.rootHash },
  });
  const stored = (await sql<{ countersignatures: unknown }>`select countersignatures from audit_checkpoints where tree_size = ${cp.treeSize}`.execute(ctx.db)).rows[0];
  const list = (typeof stored?.countersignatures === 'string' ? JSON.parse(stored.countersignatures) : stored?.countersignatures ?? []) as Countersignature[];
  return { partner: partner.nodeId, treeSize: cp.treeSize, rootHash: cp.rootHash, countersignedBy: list.map((c) => c.nodeId) };
}

/** Exchanges with every partner (or one); failures are reported per partner, not thrown. */
export async function exchangeAll(ctx: ServiceCtx, actor: Actor, partner?: string): Promise<Array<ExchangeResult | { partner: string; error: { en: string; es: string } }>> {
  const partners = partner ? [partner] : (await listPartners(ctx.db)).map((p) => p.nodeId);
  const out: Array<ExchangeResult | { partner: string; error: { en: string; es: string } }> = [];
  for (const p of partners) {
    try {
      out.push(await exchangeCheckpoint(ctx, actor, p));
    } catch (err) {
      if (partner) throw err;
      const messages = err instanceof PuenteError || err instanceof AuditError ? err.messages : { en: (err as Error).message, es: (err as Error).message };
      out.push({ partner: p, error: messages });
    }
  }
  return out;
}

registerJob('checkpoints', CHECKPOINT_EXCHANGE_EVERY_MS, async (ctx) => {
  for (const r of await exchangeAll(ctx, systemActor(ctx.node))) {
    if ('error' in r) ctx.log.warn({ partner: r.partner, err: r.error.en }, 'federation.checkpoint.exchange.failed');
  }
});

// ---------------------------------------------------------------------------------------------------
// The partner's current tree against what we hold (for verification).

interface ConsistencyReply {
  /** The partner's fresh checkpoint of its whole log (signed note), or null when its log is broken. */
  note: string | null;
  /** Consistency proof from `fromSize` to the note's size (null when the note is smaller: rows are gone). */
  proof: string[] | null;
  /** The partner's own re-check of its chain. */
  selfCheck: { ok: boolean; count: number; problems: Array<{ seq: string | null; kind: string }> };
}

async function answerConsistency(ctx: ServiceCtx, msg: Inbound): Promise<ConsistencyReply> {
  const fromSize = (msg.body as { fromSize?: unknown } | null)?.fromSize;
  if (typeof fromSize !== 'string' || !/^\d{1,19}$/.test(fromSize)) throw cpError(400, 'federation.pprl.checkpoint.malformed', {}, 'malformed');
  await audit(ctx, partnerActor(msg.from), { action: 'federation.checkpoint.prove', outcome: 'ok', resourceType: 'partner', resourceId: msg.from.nodeId, detail: { from: fromSize } });
  const report = await verifyAudit(ctx.db, { publicKey: ctx.app.nodeKey.publicKey, maxProblems: 20 });
  const selfCheck = { ok: report.ok, count: report.count, problems: report.problems.map((p) => ({ seq: p.seq, kind: p.kind })) };
  let cp: Checkpoint;
  try {
    cp = await createCheckpoint(ctx.db, ctx.app.nodeKey, ctx.node.id);
  } catch (err) {
    if (err instanceof AuditError && err.code === 'integrity') return { note: null, proof: null, selfCheck: { ...selfCheck, ok: false } };
    throw err;
  }
  let proof: string[] | null = null;
  if (BigInt(fromSize) <= BigInt(cp.treeSize)) {
    try {
      proof = BigInt(fromSize) === 0n ? [] : (await proveConsistency(ctx.db, fromSize, cp.treeSize)).map(String);
    } catch (err) {
      if (!(err instanceof AuditError)) throw err;
    }
  }
  return { note: formatSignedNote({ ...cp, countersignatures: [] }), proof, selfCheck };
}

onRequest('checkpoint.consistency', answerConsistency);

/** The latest of the asker's own checkpoints this node holds (its signed note, with our countersignature), or null. */
async function answerHeld(ctx: ServiceCtx, msg: Inbound): Promise<{ note: string | null }> {
  const h = await lastHeld(ctx.db, msg.from.nodeId);
  if (!h) return { note: null };
  return { note: formatSignedNote({ ...h, countersignatures: [{ nodeId: ctx.node.id, keyId: ctx.app.nodeKey.keyId, signature: h.countersignature }] }) };
}

onRequest('checkpoint.held', answerHeld);

/** The RFC 6962 root over the first `size` rows of our log as they are now, or null when there are fewer rows. */
async function rootOfFirst(db: ServiceCtx['db'], size: string): Promise<string | null> {
  const frontier = new MerkleFrontier();
  for await (const r of scanAudit(db, { upToSeq: size })) frontier.push(Buffer.from(r.hash, 'hex'));
  return String(frontier.size) === size ? frontier.root().toString('hex') : null;
}

// ---------------------------------------------------------------------------------------------------
// `puente audit verify --partner`.

export interface PartnerVerification {
  ok: boolean;
  /** Our chain and checkpoints; `heldByPartner`: the size of our latest checkpoint the partner holds, checked
   *  against our log as it is now (null when the partner holds none or could not be asked). */
  own: AuditVerification & { countersignedByPartner: number; heldByPartner: string | null };
  partner: {
    nodeId: string;
    ok: boolean;
    held: number;
    /** The largest of the partner's checkpoints held here. */
    heldSize: string;
    problems: AuditProblem[];
    live: { reachable: boolean; ok: boolean | null; treeSize: string | null; error: { en: string; es: string } | null };
  };
}

/**
 * Verifies that neither history was rewritten: ours (chain, checkpoints, the partner's countersignatures on them)
 * and the partner's (the checkpoints we hold of it, and — when it answers — its current tree against them).
 */
export async function verifyWithPartner(ctx: ServiceCtx, actor: Actor, partnerNodeId: string): Promise<PartnerVerification> {
  await authorize(ctx, actor, 'audit.verify', { resourceType: 'audit', resourceId: partnerNodeId });
  const partner = await getPartner(ctx.db, partnerNodeId);
  if (!partner) throw new PuenteError('not_found', 404, 'federation.error.notPaired', { node: partnerNodeId });
  const key = pinnedKey(partner);
  const own = await verifyAudit(ctx.db, { publicKey: ctx.app.nodeKey.publicKey, partnerKeys: { [partner.nodeId]: key } });
  const countersigned = (await sql<{ n: number }>`select count(*)::int as n from audit_checkpoints
    where countersignatures @> ${JSON.stringify([{ nodeId: partner.nodeId }])}::jsonb`.execute(ctx.db)).rows[0]?.n ?? 0;

  const held = await heldCheckpoints(ctx.db, partner.nodeId);
  const problems = verifyHeldCheckpoints(held, partner.nodeId, key);
  const report = (kind: AuditProblem['kind'], seq: string | null, k: string, vars: Record<string, unknown>) =>
    problems.push({ kind, seq, message: bothOf(k, { node: partner.nodeId, ...vars }) });

  // What the partner holds of ours: our log as it is now must still extend it.
  const ownProblems = [...own.problems];
  let heldByPartner: string | null = null;
  try {
    const r = await request<{ note: string | null }>(ctx, partner.nodeId, 'checkpoint.held', {}, { timeoutMs: 60_000 });
    if (r?.note) {
      let cp: Checkpoint | null = null;
      try { cp = parseSignedNote(r.note); } catch { cp = null; }
      if (!cp || cp.nodeId !== ctx.node.id || !verifyCheckpointSignature(cp, ctx.app.nodeKey.publicKey)) {
        report('partner_signature', cp?.treeSize ?? null, 'federation.pprl.verify.heldForged', { size: cp?.treeSize ?? '?' });
      } else {
        heldByPartner = cp.treeSize;
        if ((await rootOfFirst(ctx.db, cp.treeSize)) !== cp.rootHash) {
          ownProblems.push({ kind: 'partner_inconsistent', seq: cp.treeSize, message: bothOf('federation.pprl.verify.heldByPartner', { node: partner.nodeId, size: cp.treeSize }) });
        }
      }
    }
  } catch (err) {
    if (!(err instanceof PuenteError) || err.code !== 'partner_unavailable') throw err;
  }
  const ownOk = own.ok && ownProblems.length === own.problems.length;

  const last = held[held.length - 1] ?? null;
  const live: PartnerVerification['partner']['live'] = { reachable: false, ok: null, treeSize: null, error: null };
  try {
    const r = await request<ConsistencyReply>(ctx, partner.nodeId, 'checkpoint.consistency', { fromSize: last?.treeSize ?? '0' }, { timeoutMs: 60_000 });
    live.reachable = true;
    live.ok = true;
    if (!r?.selfCheck?.ok || !r.note) {
      live.ok = false;
      const first = r?.selfCheck?.problems?.[0];
      report('altered', first?.seq ?? null, 'federation.pprl.verify.partnerBroken', { seq: first?.seq ?? '?', kind: first?.kind ?? 'broken' });
    }
    if (r?.note) {
      let cp: Checkpoint | null = null;
      try { cp = parseSignedNote(r.note); } catch { cp = null; }
      if (!cp || cp.nodeId !== partner.nodeId || !verifyCheckpointSignature(cp, key)) {
        live.ok = false;
        report('partner_signature', cp?.treeSize ?? null, 'federation.pprl.verify.partnerSignature', { size: cp?.treeSize ?? '?' });
      } else {
        live.treeSize = cp.treeSize;
        const fromSize = last?.treeSize ?? '0';
        const fromRoot = last ? Buffer.from(last.rootHash, 'hex') : EMPTY_ROOT;
        const proof = Array.isArray(r.proof) && r.proof.every((h) => typeof h === 'string' && HEX64.test(h)) ? r.proof.map((h) => Buffer.from(h, 'hex')) : null;
        if (BigInt(cp.treeSize) < BigInt(fromSize) || !proof
          || !verifyConsistency(Number(fromSize), Number(cp.treeSize), fromRoot, Buffer.from(cp.rootHash, 'hex'), proof)) {
          live.ok = false;
          report('partner_inconsistent', cp.treeSize, 'federation.pprl.verify.partnerLive', { from: fromSize, size: cp.treeSize });
        }
      }
    }
  } catch (err) {
    if (!(err instanceof PuenteError) || err.code !== 'partner_unavailable') throw err;
    live.error = err.messages;
    // Unreachable, or refused: what we hold is still checked above; the live check is reported as not done.
  }
  const partnerOk = problems.length === 0;
  const result: PartnerVerification = {
    ok: ownOk && partnerOk,
    own: { ...own, ok: ownOk, problems: ownProblems, countersignedByPartner: countersigned, heldByPartner },
    partner: { nodeId: partner.nodeId, ok: partnerOk, held: held.length, heldSize: last?.treeSize ?? '0', problems, live },
  };
  await audit(ctx, actor, {
    action: 'audit.verify', outcome: 'ok', resourceType: 'audit', resourceId: partner.nodeId,
    detail: { partner: partner.nodeId, ok: result.ok, ownOk, ownProblems: ownProblems.length, heldByPartner, partnerOk, partnerProblems: problems.length, held: held.length, live: live.reachable ? live.ok : null },
  });
  return result;
}

// ---------------------------------------------------------------------------------------------------
// GET /api/federation/checkpoints

export interface CheckpointsView {
  own: Array<{ treeSize: string; rootHash: string; ts: string; keyId: string; countersignatures: Array<{ nodeId: string; keyId: string }> }>;
  held: Array<{ partner: string; treeSize: string; rootHash: string; ts: string; keyId: string; fromSize: string; receivedAt: string }>;
}

export async function checkpointsView(ctx: ServiceCtx, actor: Actor, opts: { limit?: number } = {}): Promise<CheckpointsView> {
  await authorizeAny(ctx, actor, ['audit.read', 'federation.read']);
  const limit = Math.max(1, Math.min(500, opts.limit ?? 50));
  const own = await sql<{ tree_size: string; root_hash: string; ts: string; key_id: string; countersignatures: unknown }>`
    select tree_size::text as tree_size, root_hash, to_char(ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as ts, key_id, countersignatures
    from audit_checkpoints order by audit_checkpoints.tree_size desc limit ${limit}`.execute(ctx.db);
  const held = await sql<HeldRow>`select ${HELD_COLUMNS} from federation_partner_checkpoints order by received_at desc, partner, federation_partner_checkpoints.tree_size desc limit ${limit}`.execute(ctx.db);
  return {
    own: own.rows.map((r) => {
      const cs = (typeof r.countersignatures === 'string' ? JSON.parse(r.countersignatures) : r.countersignatures) as Countersignature[];
      return { treeSize: r.tree_size, rootHash: r.root_hash, ts: r.ts, keyId: r.key_id, countersignatures: (Array.isArray(cs) ? cs : []).map((c) => ({ nodeId: c.nodeId, keyId: c.keyId })) };
    }),
    held: held.rows.map(toHeld).map(({ nodeId, treeSize, rootHash, ts, keyId, fromSize, receivedAt }) => ({ partner: nodeId, treeSize, rootHash, ts, keyId, fromSize, receivedAt })),
  };
}

