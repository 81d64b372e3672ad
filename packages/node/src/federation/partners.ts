/**
 * The partner nodes this node trusts. Pairing (`puente federation pair`) fetches the partner's public identity and
 * pins its Ed25519 key; an administrator compares the key id (fingerprint) with the one the partner's administrator
 * gave them out of band. Afterwards only messages signed with the pinned key are accepted from that node id, and a
 * different key for the same node is refused unless the pairing is explicitly replaced (key rotation).
 */
import { sql } from 'kysely';
import type { Purpose } from '@puente/model';
import type { Actor } from '../context';
import { keyIdOf, publicKeyFromPem } from '../audit/index';
import { NODE_ID_RE } from '../audit/checkpoint';
import { PuenteError } from '../errors';
import type { Executor } from '../store/schema';
import type { ServiceCtx } from '../services/context';
import { audit, authorize } from '../services/guard';

export interface Partner {
  nodeId: string;
  country: string;
  url: string;
  keyId: string;
  publicKeyPem: string;
  pairedAt: string;
}

/** What a node says about itself at GET /api/federation/identity. */
export interface NodeIdentity { nodeId: string; country: string; keyId: string; publicKeyPem: string; version: string }

interface PartnerRow { node_id: string; country: string; url: string; key_id: string; public_key_pem: string; paired_at: Date | string }

const toPartner = (r: PartnerRow): Partner => ({
  nodeId: r.node_id, country: r.country.trim(), url: r.url, keyId: r.key_id, publicKeyPem: r.public_key_pem,
  pairedAt: new Date(r.paired_at).toISOString(),
});

export async function listPartners(db: Executor): Promise<Partner[]> {
  const r = await sql<PartnerRow>`select * from federation_partners order by node_id`.execute(db);
  return r.rows.map(toPartner);
}

export async function getPartner(db: Executor, nodeId: string): Promise<Partner | null> {
  const r = await sql<PartnerRow>`select * from federation_partners where node_id = ${nodeId}`.execute(db);
  return r.rows[0] ? toPartner(r.rows[0]) : null;
}

export async function partnerByKeyId(db: Executor, keyId: string): Promise<Partner | null> {
  const r = await sql<PartnerRow>`select * from federation_partners where key_id = ${keyId}`.execute(db);
  return r.rows[0] ? toPartner(r.rows[0]) : null;
}

/** The partner node as a Cedar principal (egress checks, its questions). */
export function partnerActor(p: Pick<Partner, 'nodeId' | 'country'>, purpose: Purpose | null = null): Actor {
  return { kind: 'partner', id: `partner:${p.nodeId}`, username: p.nodeId, agencyId: p.nodeId, country: p.country, roles: [], purpose };
}

export function identityOf(ctx: ServiceCtx): NodeIdentity {
  return { nodeId: ctx.node.id, country: ctx.node.country, keyId: ctx.app.nodeKey.keyId, publicKeyPem: ctx.app.nodeKey.publicKeyPem, version: ctx.app.version };
}

const fedError = (status: number, key: string, vars: Record<string, unknown> = {}) =>
  new PuenteError(status === 409 ? 'conflict' : status === 502 ? 'partner_unavailable' : 'validation', status, key, vars);

function normaliseUrl(url: string): string {
  let u: URL;
  try { u = new URL(url); } catch { throw fedError(400, 'federation.error.badUrl', { url }); }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw fedError(400, 'federation.error.badUrl', { url });
  return u.origin;
}

/**
 * Pins the partner at `url`: reads its identity, checks the fingerprint when one is given, and stores its key.
 * A node id already paired with another key is refused unless `replace` (a key rotation the admins agreed on).
 */
export async function pairWith(ctx: ServiceCtx, actor: Actor, input: { url: string; fingerprint?: string; replace?: boolean }): Promise<Partner> {
  await authorize(ctx, actor, 'federation.partner.manage', { resourceType: 'partner', resourceId: input.url });
  const url = normaliseUrl(input.url);
  let id: NodeIdentity;
  try {
    const res = await fetch(`${url}/api/federation/identity`, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    id = await res.json() as NodeIdentity;
  } catch (err) {
    throw fedError(502, 'federation.error.unreachable', { url, detail: (err as Error).message });
  }
  if (typeof id?.nodeId !== 'string' || !NODE_ID_RE.test(id.nodeId) || typeof id.country !== 'string' || !/^[A-Z]{2}$/.test(id.country)
    || typeof id.publicKeyPem !== 'string') throw fedError(400, 'federation.error.badIdentity', { url });
  const keyId = keyIdOf(publicKeyFromPem(id.publicKeyPem)); // computed, never taken from the partner's word
  if (id.nodeId === ctx.node.id) throw fedError(400, 'federation.error.self', { url });
  if (input.fingerprint && input.fingerprint.toLowerCase() !== keyId) {
    await audit(ctx, actor, { action: 'federation.pair', outcome: 'denied', resourceType: 'partner', resourceId: id.nodeId, detail: { url, keyId, expected: input.fingerprint } });
    throw fedError(409, 'federation.error.fingerprint', { expected: input.fingerprint, keyId });
  }
  const existing = await getPartner(ctx.db, id.nodeId);
  if (existing && existing.keyId !== keyId && !input.replace) {
    await audit(ctx, actor, { action: 'federation.pair', outcome: 'denied', resourceType: 'partner', resourceId: id.nodeId, detail: { url, keyId, pinned: existing.keyId } });
    throw fedError(409, 'federation.error.keyChanged', { node: id.nodeId, pinned: existing.keyId, keyId });
  }
  await ctx.db.transaction().execute(async (trx) => {
    await sql`insert into federation_partners (node_id, country, url, key_id, public_key_pem, paired_by)
      values (${id.nodeId}, ${id.country}, ${url}, ${keyId}, ${id.publicKeyPem}, ${actor.username})
      on conflict (node_id) do update set country = excluded.country, url = excluded.url, key_id = excluded.key_id,
        public_key_pem = excluded.public_key_pem, paired_by = excluded.paired_by, paired_at = now()`.execute(trx);
    await sql`insert into federation_links (partner) values (${id.nodeId}) on conflict do nothing`.execute(trx);
    await audit(ctx, actor, {
      action: 'federation.pair', outcome: 'ok', resourceType: 'partner', resourceId: id.nodeId,
      detail: { url, country: id.country, keyId, ...(existing && existing.keyId !== keyId ? { replacedKeyId: existing.keyId } : {}) },
    }, trx);
  });
  return (await getPartner(ctx.db, id.nodeId))!;
}
