/**
 * Agreements as data (issue 6): what may cross between two nodes, for which purposes, under which legal basis,
 * for how long, at which distribution levels, and which disclosures need an approval. An agreement is versioned;
 * a version is in force once every party node's administrator has signed it — each signature is the node's
 * Ed25519 signature over the RFC 8785 canonical JSON of `{ agreement: body, signer: { node, keyId, username,
 * signedAt } }`, verified against the signer's key (this node's own, or the partner's key pinned at pairing) —
 * and until its validTo has passed.
 *
 * Flow: an administrator proposes a version (this node signs it), it travels to the other parties as a queued
 * message ('agreement.propose'); their administrator signs it; the signature travels back ('agreement.sign').
 * Each side activates the version when every signature verifies. An active version is also written to the
 * `agreements` table, which the record policy reads (parties: the countries and agencies it covers, plus the
 * party nodes, which the egress guard checks).
 */
import { createHash, sign as edSign, verify as edVerify } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { z } from 'zod';
import { AGENCY_PROFILES, AGREEMENTS as DEMO_AGREEMENTS } from '@puente/demo';
import { PURPOSES } from '@puente/model';
import type { Actor } from '../../context';
import { canonicalJson, publicKeyFromPem } from '../../audit/index';
import { PuenteError, notFound } from '../../errors';
import { deliverTo, enqueue, getPartner, onQueued, type Inbound, type Partner } from '../../federation/index';
import type { DB, Executor } from '../../store/schema';
import { systemActor } from '../../identity/index';
import type { ServiceCtx } from '../context';
import { audit, authorize } from '../guard';
import { changeVersion } from '../write';

export const SHARE_DISTRIBUTIONS = ['bilateral', 'agreement'] as const;
export type ShareDistribution = (typeof SHARE_DISTRIBUTIONS)[number];

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const AGREEMENT_ID_RE = /^[a-z0-9][a-z0-9._-]{1,63}$/;

export const AgreementPartySchema = z.object({
  node: z.string().min(1).max(64),
  country: z.string().regex(/^[A-Z]{2}$/),
  /** The countries (ISO codes) and agencies (ids) of this node whose records and users the agreement covers. */
  members: z.array(z.string().min(1).max(64)).min(1).max(100),
});

export const AgreementBodySchema = z.object({
  id: z.string().regex(AGREEMENT_ID_RE),
  version: z.number().int().min(1),
  title: z.object({ en: z.string().min(1).max(300), es: z.string().min(1).max(300) }),
  parties: z.array(AgreementPartySchema).min(2).max(10),
  schemata: z.array(z.string().min(1).max(64)).min(1).max(200),
  /** Allow-list of properties per schema; a schema not listed (or no list at all) shares every property. */
  properties: z.record(z.string(), z.array(z.string().min(1).max(64))).optional(),
  purposes: z.array(z.enum(PURPOSES)).min(1),
  legalBasis: z.string().min(1).max(500),
  retentionDays: z.number().int().min(1).max(36500),
  distributions: z.array(z.enum(SHARE_DISTRIBUTIONS)).min(1),
  /** What needs four eyes to be disclosed on the owning side (schemata, `designation.detail`, `firearm.detail`, `*`; disclosures.ts needsFourEyes); anything else one supervisor decides. */
  approvalRequired: z.array(z.string().min(1).max(64)).max(100),
  validFrom: IsoDate,
  validTo: IsoDate.nullable(),
});
export type AgreementBody = z.infer<typeof AgreementBodySchema>;

/** What an administrator proposes: the version may be left out (the next one). */
export const AgreementProposalSchema = AgreementBodySchema.extend({ version: z.number().int().min(1).optional() });
export type AgreementProposal = z.infer<typeof AgreementProposalSchema>;

export interface AgreementSignature { node: string; keyId: string; username: string; signedAt: string; signature: string }

export type AgreementStatus = 'proposed' | 'signed' | 'superseded';

/** One version as the API and the CLI show it. */
export interface AgreementView {
  id: string;
  version: number;
  body: AgreementBody;
  bodyHash: string;
  proposedBy: string;
  status: AgreementStatus;
  /** Signed by every party, the latest signed version, and today within validFrom..validTo. */
  active: boolean;
  /** validTo has passed. */
  expired: boolean;
  signatures: Array<Omit<AgreementSignature, 'signature'> & { valid: boolean }>;
  /** Party nodes whose signature is still missing. */
  awaiting: string[];
  createdAt: string;
  activatedAt: string | null;
}

interface Row {
  id: string; version: number; body: AgreementBody; body_hash: string; proposed_by: string;
  signatures: AgreementSignature[]; status: AgreementStatus; created_at: Date | string; activated_at: Date | string | null;
}

export const today = (): string => new Date().toISOString().slice(0, 10);
/** The date `days` days from today (UTC), YYYY-MM-DD: how long a received copy may be kept. */
export const daysFromToday = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export function bodyHash(body: AgreementBody): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

const signedBytes = (body: AgreementBody, s: Omit<AgreementSignature, 'signature'>) =>
  Buffer.from(canonicalJson({ agreement: body, signer: { node: s.node, keyId: s.keyId, username: s.username, signedAt: s.signedAt } }));

function signBody(ctx: ServiceCtx, body: AgreementBody, username: string): AgreementSignature {
  const s = { node: ctx.node.id, keyId: ctx.app.nodeKey.keyId, username, signedAt: new Date().toISOString() };
  return { ...s, signature: edSign(null, signedBytes(body, s), ctx.app.nodeKey.privateKey).toString('base64') };
}

/** The key a party node signs with: this node's own, or the partner's pinned one (null: not paired). */
async function keyOf(ctx: ServiceCtx, exec: Executor, node: string): Promise<{ keyId: string; pem: string } | null> {
  if (node === ctx.node.id) return { keyId: ctx.app.nodeKey.keyId, pem: ctx.app.nodeKey.publicKeyPem };
  const p = await getPartner(exec, node);
  return p ? { keyId: p.keyId, pem: p.publicKeyPem } : null;
}

function verifyWith(body: AgreementBody, s: AgreementSignature, key: { keyId: string; pem: string } | null): boolean {
  if (!key || key.keyId !== s.keyId) return false;
  try {
    return edVerify(null, signedBytes(body, s), publicKeyFromPem(key.pem), Buffer.from(s.signature, 'base64'));
  } catch {
    return false;
  }
}

async function verifiedSignatures(ctx: ServiceCtx, exec: Executor, row: Pick<Row, 'body' | 'signatures'>): Promise<Map<string, boolean>> {
  const out = new Map<string, boolean>();
  for (const s of row.signatures) {
    const party = row.body.parties.some((p) => p.node === s.node);
    out.set(s.node, party && verifyWith(row.body, s, await keyOf(ctx, exec, s.node)));
  }
  return out;
}

const partyNodes = (body: AgreementBody) => body.parties.map((p) => p.node);
const complete = (body: AgreementBody, valid: Map<string, boolean>) => partyNodes(body).every((n) => valid.get(n) === true);
export const expiredOn = (body: AgreementBody, day = today()) => body.validTo !== null && body.validTo < day;
export const inForce = (body: AgreementBody, day = today()) => body.validFrom <= day && !expiredOn(body, day);

/** The parties column of the `agreements` table: covered countries and agencies, and the party nodes. */
export const tableParties = (body: AgreementBody) => [...new Set([...body.parties.flatMap((p) => p.members), ...partyNodes(body)])];

async function rows(exec: Executor, where: { id?: string; version?: number } = {}): Promise<Row[]> {
  const r = await sql<Row>`select * from federation_agreements
    where (${where.id ?? null}::text is null or id = ${where.id ?? null})
      and (${where.version ?? null}::int is null or version = ${where.version ?? null})
    order by id, version`.execute(exec);
  return r.rows.map((x) => ({ ...x, version: Number(x.version) }));
}

async function toView(ctx: ServiceCtx, exec: Executor, row: Row, day = today()): Promise<AgreementView> {
  const valid = await verifiedSignatures(ctx, exec, row);
  return {
    id: row.id, version: row.version, body: row.body, bodyHash: row.body_hash, proposedBy: row.proposed_by, status: row.status,
    active: row.status === 'signed' && complete(row.body, valid) && inForce(row.body, day),
    expired: expiredOn(row.body, day),
    signatures: row.signatures.map(({ signature: _, ...s }) => ({ ...s, valid: valid.get(s.node) === true })),
    awaiting: partyNodes(row.body).filter((n) => valid.get(n) !== true),
    createdAt: new Date(row.created_at).toISOString(),
    activatedAt: row.activated_at ? new Date(row.activated_at).toISOString() : null,
  };
}

/** An agreement in force, as the sharing and query services use it. */
export interface ActiveAgreement extends AgreementBody { bodyHash: string }

/**
 * The agreements in force on this node (every signature verifying now, the latest signed version of its id, today
 * within its validity), optionally only those with `partner` among the parties.
 */
export async function activeAgreements(ctx: ServiceCtx, exec: Executor = ctx.db, partner?: string): Promise<ActiveAgreement[]> {
  return (await signedAgreements(ctx, exec, partner)).filter((a) => inForce(a));
}

/**
 * activeAgreements for the messages of one inbound batch: asked once per transaction and partner (a batch carries up
 * to 200 packages), forgotten when an agreement message in the same batch changes what is in force.
 */
const inForceByTrx = new WeakMap<object, Map<string, Promise<ActiveAgreement[]>>>();
export function activeAgreementsIn(ctx: ServiceCtx, trx: Transaction<DB>, partner: string): Promise<ActiveAgreement[]> {
  let m = inForceByTrx.get(trx);
  if (!m) inForceByTrx.set(trx, (m = new Map()));
  let p = m.get(partner);
  if (!p) m.set(partner, (p = activeAgreements(ctx, trx, partner)));
  return p;
}

/** The latest fully signed version of each agreement (in force or expired), optionally those with `partner` as a party. */
export async function signedAgreements(ctx: ServiceCtx, exec: Executor = ctx.db, partner?: string): Promise<ActiveAgreement[]> {
  const r = await sql<Row>`select * from federation_agreements where status = 'signed' order by id, version`.execute(exec);
  const out: ActiveAgreement[] = [];
  for (const row of r.rows) {
    const body = row.body;
    if (!partyNodes(body).includes(ctx.node.id)) continue;
    if (partner && !partyNodes(body).includes(partner)) continue;
    if (!complete(body, await verifiedSignatures(ctx, exec, row))) continue;
    out.push({ ...body, bodyHash: row.body_hash });
  }
  return out;
}

/** Every version of every agreement (federation.read). */
export async function listAgreements(ctx: ServiceCtx, actor: Actor): Promise<AgreementView[]> {
  await authorize(ctx, actor, 'federation.read');
  const day = today();
  return Promise.all((await rows(ctx.db)).map((r) => toView(ctx, ctx.db, r, day)));
}

const conflict = (key: string, vars: Record<string, unknown> = {}) => new PuenteError('conflict', 409, key, vars);
const invalid = (key: string, vars: Record<string, unknown> = {}, details?: Record<string, unknown>) =>
  new PuenteError('validation', 400, key, vars, details);

/** Checks what only this node can check: it is a party, the other parties are paired, the dates and schemata make sense. */
async function checkProposal(ctx: ServiceCtx, body: AgreementBody): Promise<void> {
  const nodes = partyNodes(body);
  if (new Set(nodes).size !== nodes.length) throw invalid('federation.share.error.partiesRepeated');
  const me = body.parties.find((p) => p.node === ctx.node.id);
  if (!me) throw invalid('federation.share.error.notAParty', { node: ctx.node.id });
  if (me.country !== ctx.node.country) throw invalid('federation.share.error.partyCountry', { node: me.node, country: me.country });
  for (const p of body.parties) {
    if (p.node === ctx.node.id) continue;
    const partner = await getPartner(ctx.db, p.node);
    if (!partner) throw new PuenteError('validation', 400, 'federation.error.notPaired', { node: p.node });
    if (partner.country !== p.country) throw invalid('federation.share.error.partyCountry', { node: p.node, country: p.country });
  }
  if (body.validTo !== null && body.validTo < body.validFrom) throw invalid('federation.share.error.dates', { from: body.validFrom, to: body.validTo });
  for (const s of [...body.schemata, ...Object.keys(body.properties ?? {})]) {
    const schema = ctx.model.get(s);
    if (!schema || schema.abstract) throw invalid('federation.share.error.schema', { schema: s }, { field: 'schemata' });
  }
  for (const [s, props] of Object.entries(body.properties ?? {})) {
    for (const p of props) if (!ctx.model.getProperty(s, p)) throw invalid('federation.share.error.property', { schema: s, prop: p }, { field: 'properties' });
  }
}

/**
 * Proposes a version of an agreement: checks it, signs it as this node's administrator and sends it to the other
 * parties. The version defaults to the next one of that id.
 */
export async function proposeAgreement(ctx: ServiceCtx, actor: Actor, input: AgreementProposal): Promise<AgreementView> {
  await authorize(ctx, actor, 'federation.agreement.manage', { resourceType: 'agreement', resourceId: input.id });
  const parsed = AgreementProposalSchema.safeParse(input);
  if (!parsed.success) throw invalid('federation.share.error.body', { detail: parsed.error.issues[0]?.message ?? '' }, { issues: parsed.error.issues });
  const existing = await rows(ctx.db, { id: input.id });
  const version = parsed.data.version ?? (existing.at(-1)?.version ?? 0) + 1;
  const body: AgreementBody = AgreementBodySchema.parse({ ...parsed.data, version });
  await checkProposal(ctx, body);
  if (existing.some((r) => r.version === version)) throw conflict('federation.share.error.versionExists', { id: body.id, version });
  const signature = signBody(ctx, body, actor.username);
  const hash = bodyHash(body);
  await ctx.db.transaction().execute(async (trx) => {
    await sql`insert into federation_agreements (id, version, body, body_hash, proposed_by, signatures, status)
      values (${body.id}, ${version}, ${JSON.stringify(body)}::jsonb, ${hash}, ${ctx.node.id}, ${JSON.stringify([signature])}::jsonb, 'proposed')`.execute(trx);
    for (const node of partyNodes(body)) {
      if (node !== ctx.node.id) await enqueue(ctx, trx, node, 'agreement.propose', { body, signature });
    }
    await audit(ctx, actor, {
      action: 'federation.agreement.propose', outcome: 'ok', resourceType: 'agreement', resourceId: `${body.id}@${version}`,
      legalBasis: body.legalBasis, detail: { bodyHash: hash, parties: partyNodes(body) },
    }, trx);
  });
  return (await getAgreement(ctx, body.id, version))!;
}

async function getAgreement(ctx: ServiceCtx, id: string, version: number): Promise<AgreementView | null> {
  const [row] = await rows(ctx.db, { id, version });
  return row ? toView(ctx, ctx.db, row) : null;
}

/** Signs a proposed version as this node's administrator (default: the latest version of the id) and sends the signature. */
export async function signAgreement(ctx: ServiceCtx, actor: Actor, id: string, version?: number): Promise<AgreementView> {
  await authorize(ctx, actor, 'federation.agreement.manage', { resourceType: 'agreement', resourceId: id });
  const all = await rows(ctx.db, { id });
  const row = version === undefined ? all.at(-1) : all.find((r) => r.version === version);
  if (!row) throw notFound({ agreement: id, version: version ?? null });
  if (!partyNodes(row.body).includes(ctx.node.id)) throw invalid('federation.share.error.notAParty', { node: ctx.node.id });
  if (row.signatures.some((s) => s.node === ctx.node.id)) throw conflict('federation.share.error.alreadySigned', { id, version: row.version });
  const signature = signBody(ctx, row.body, actor.username);
  await ctx.db.transaction().execute(async (trx) => {
    const [locked] = await sql<Row>`select * from federation_agreements where id = ${id} and version = ${row.version} for update`.execute(trx).then((r) => r.rows);
    if (locked!.signatures.some((s) => s.node === ctx.node.id)) throw conflict('federation.share.error.alreadySigned', { id, version: row.version });
    const next = { ...locked!, version: row.version, signatures: [...locked!.signatures, signature] };
    await sql`update federation_agreements set signatures = ${JSON.stringify(next.signatures)}::jsonb where id = ${id} and version = ${row.version}`.execute(trx);
    for (const node of partyNodes(row.body)) {
      if (node !== ctx.node.id) await enqueue(ctx, trx, node, 'agreement.sign', { id, version: row.version, bodyHash: row.body_hash, signature });
    }
    await audit(ctx, actor, {
      action: 'federation.agreement.sign', outcome: 'ok', resourceType: 'agreement', resourceId: `${id}@${row.version}`,
      legalBasis: row.body.legalBasis, detail: { bodyHash: row.body_hash },
    }, trx);
    await activateIfComplete(ctx, trx, next);
  });
  return (await getAgreement(ctx, id, row.version))!;
}

/**
 * Activates a version once every party's signature verifies: status 'signed', older signed versions superseded (a
 * newer signed one supersedes this one instead), and the `agreements` row the record policy reads written. Takes a
 * data_version so that catalogs reload the agreements' parties.
 */
async function activateIfComplete(ctx: ServiceCtx, trx: Transaction<DB>, row: Row): Promise<boolean> {
  if (row.status !== 'proposed') return false;
  inForceByTrx.delete(trx);
  if (!complete(row.body, await verifiedSignatures(ctx, trx, row))) return false;
  const newer = await sql<{ n: number }>`select count(*)::int as n from federation_agreements
    where id = ${row.id} and version > ${row.version} and status = 'signed'`.execute(trx);
  if (newer.rows[0]!.n > 0) {
    await sql`update federation_agreements set status = 'superseded', activated_at = now() where id = ${row.id} and version = ${row.version}`.execute(trx);
    return false;
  }
  await sql`update federation_agreements set status = 'superseded' where id = ${row.id} and version < ${row.version} and status = 'signed'`.execute(trx);
  await sql`update federation_agreements set status = 'signed', activated_at = now() where id = ${row.id} and version = ${row.version}`.execute(trx);
  const b = row.body;
  await sql`insert into agreements (id, title, parties, valid_from, valid_to, body)
    values (${b.id}, ${b.title.en}, ${`{${tableParties(b).map((p) => JSON.stringify(p)).join(',')}}`}::text[], ${b.validFrom}::date, ${b.validTo}::date,
            ${JSON.stringify({ federation: { version: b.version, bodyHash: row.body_hash }, titleEn: b.title.en, titleEs: b.title.es, ...b })}::jsonb)
    on conflict (id) do update set title = excluded.title, parties = excluded.parties, valid_from = excluded.valid_from,
      valid_to = excluded.valid_to, body = excluded.body`.execute(trx);
  await changeVersion(trx);
  await audit(ctx, null, {
    action: 'federation.agreement.activate', outcome: 'ok', resourceType: 'agreement', resourceId: `${b.id}@${b.version}`,
    legalBasis: b.legalBasis, detail: { bodyHash: row.body_hash, parties: partyNodes(b), validFrom: b.validFrom, validTo: b.validTo },
  }, trx);
  return true;
}

async function refuseAgreement(ctx: ServiceCtx, trx: Transaction<DB>, msg: Inbound & { seq: number }, reason: string, resourceId: string): Promise<void> {
  await audit(ctx, null, {
    action: 'federation.agreement.receive', outcome: 'denied', resourceType: 'agreement', resourceId,
    detail: { partner: msg.from.nodeId, type: msg.type, seq: msg.seq, reason },
  }, trx);
  ctx.log.warn({ partner: msg.from.nodeId, type: msg.type, reason }, 'federation.agreement.refused');
}

const refreshAfter = (ctx: ServiceCtx, msg: { afterCommit(fn: () => Promise<void>): void }) =>
  msg.afterCommit(() => ctx.app.catalog.refresh(ctx.db, { force: true }));

// A partner's proposal: kept (with the proposer's signature) for this node's administrator to sign.
onQueued('agreement.propose', async (ctx, trx, msg) => {
  const raw = msg.body as { body?: unknown; signature?: AgreementSignature };
  const parsed = AgreementBodySchema.safeParse(raw?.body);
  const rid = parsed.success ? `${parsed.data.id}@${parsed.data.version}` : 'unknown';
  if (!parsed.success) return refuseAgreement(ctx, trx, msg, 'malformed', rid);
  const body = parsed.data;
  const nodes = partyNodes(body);
  if (!nodes.includes(ctx.node.id) || !nodes.includes(msg.from.nodeId)) return refuseAgreement(ctx, trx, msg, 'not_a_party', rid);
  // Each side is named with its own country: the proposer as pinned at pairing, this node as it is.
  if (body.parties.find((x) => x.node === msg.from.nodeId)!.country !== msg.from.country
    || body.parties.find((x) => x.node === ctx.node.id)!.country !== ctx.node.country) return refuseAgreement(ctx, trx, msg, 'party_country', rid);
  const sig = raw.signature;
  if (!sig || sig.node !== msg.from.nodeId || !verifyWith(body, sig, { keyId: msg.from.keyId, pem: msg.from.publicKeyPem })) {
    return refuseAgreement(ctx, trx, msg, 'signature', rid);
  }
  const hash = bodyHash(body);
  const [held] = await rows(trx, { id: body.id, version: body.version });
  if (held && held.body_hash !== hash) return refuseAgreement(ctx, trx, msg, 'version_conflict', rid);
  if (held) {
    if (!held.signatures.some((s) => s.node === sig.node)) {
      held.signatures = [...held.signatures, sig];
      await sql`update federation_agreements set signatures = ${JSON.stringify(held.signatures)}::jsonb where id = ${body.id} and version = ${body.version}`.execute(trx);
    }
    if (await activateIfComplete(ctx, trx, held)) refreshAfter(ctx, msg);
  } else {
    await sql`insert into federation_agreements (id, version, body, body_hash, proposed_by, signatures, status)
      values (${body.id}, ${body.version}, ${JSON.stringify(body)}::jsonb, ${hash}, ${msg.from.nodeId}, ${JSON.stringify([sig])}::jsonb, 'proposed')`.execute(trx);
  }
  await audit(ctx, null, {
    action: 'federation.agreement.receive', outcome: 'ok', resourceType: 'agreement', resourceId: rid,
    legalBasis: body.legalBasis, detail: { partner: msg.from.nodeId, type: msg.type, seq: msg.seq, bodyHash: hash, signer: sig.username },
  }, trx);
});

// A partner's signature on a version this node holds.
onQueued('agreement.sign', async (ctx, trx, msg) => {
  const b = msg.body as { id?: string; version?: number; bodyHash?: string; signature?: AgreementSignature };
  const rid = `${b?.id ?? 'unknown'}@${b?.version ?? '?'}`;
  if (typeof b?.id !== 'string' || !Number.isInteger(b.version)) return refuseAgreement(ctx, trx, msg, 'malformed', rid);
  const [held] = await rows(trx, { id: b.id, version: b.version });
  if (!held) return refuseAgreement(ctx, trx, msg, 'unknown_agreement', rid);
  if (held.body_hash !== b.bodyHash) return refuseAgreement(ctx, trx, msg, 'version_conflict', rid);
  const sig = b.signature;
  if (!sig || sig.node !== msg.from.nodeId || !partyNodes(held.body).includes(sig.node)
    || !verifyWith(held.body, sig, { keyId: msg.from.keyId, pem: msg.from.publicKeyPem })) {
    return refuseAgreement(ctx, trx, msg, 'signature', rid);
  }
  if (!held.signatures.some((s) => s.node === sig.node)) {
    held.signatures = [...held.signatures, sig];
    await sql`update federation_agreements set signatures = ${JSON.stringify(held.signatures)}::jsonb where id = ${held.id} and version = ${held.version}`.execute(trx);
  }
  const activated = await activateIfComplete(ctx, trx, held);
  if (activated) refreshAfter(ctx, msg);
  await audit(ctx, null, {
    action: 'federation.agreement.receive', outcome: 'ok', resourceType: 'agreement', resourceId: rid,
    legalBasis: held.body.legalBasis, detail: { partner: msg.from.nodeId, type: msg.type, seq: msg.seq, signer: sig.username, activated },
  }, trx);
});

// ---------------------------------------------------------------------------------------------------
// The demo's agreements.

export interface DemoNodes { mx: string; us: string }
const DEMO_NODES: DemoNodes = { mx: 'mx-node', us: 'us-node' };

/** Schemata the framework agreement lets cross: people, organisations, their links, identifiers and cases. */
export const FRAMEWORK_SCHEMATA = [
  'Person', 'Company', 'Organization', 'LegalEntity', 'PublicBody', 'Address', 'Ownership', 'Directorship', 'Family',
  'Associate', 'Membership', 'Employment', 'Representation', 'UnknownLink', 'Occupancy', 'Passport', 'Identification',
  'BankAccount', 'Payment', 'Vehicle', 'Vessel', 'Airplane', 'Sanction', 'CryptoWallet',
];

/**
 * The U.S.–Mexico framework agreement of the demo: bilateral records of the schemata above, for investigations,
 * financial intelligence, screening, customs, firearms tracing and the search for missing persons, kept at most
 * a year by the receiving node.
 */
export function frameworkAgreement(opts: Partial<Pick<AgreementBody, 'version' | 'validFrom' | 'validTo' | 'schemata' | 'purposes' | 'retentionDays' | 'properties'>> & { nodes?: DemoNodes; schemataKnown?: (s: string) => boolean } = {}): AgreementBody {
  const nodes = opts.nodes ?? DEMO_NODES;
  const schemata = (opts.schemata ?? FRAMEWORK_SCHEMATA).filter((s) => opts.schemataKnown?.(s) ?? true);
  return {
    id: 'framework-bilateral', version: opts.version ?? 1,
    title: { en: 'U.S.–Mexico Bicentennial Framework: bilateral records', es: 'Entendimiento Bicentenario México–EE. UU.: registros bilaterales' },
    parties: [{ node: nodes.mx, country: 'MX', members: ['MX'] }, { node: nodes.us, country: 'US', members: ['US'] }],
    schemata,
    ...(opts.properties ? { properties: opts.properties } : {}),
    purposes: opts.purposes ?? ['criminal_investigation', 'financial_intelligence', 'sanctions_screening', 'customs_targeting', 'firearms_tracing', 'search_for_missing'],
    legalBasis: 'U.S.–Mexico Bicentennial Framework for Security, Public Health and Safe Communities (2021); MLAT (1987)',
    retentionDays: opts.retentionDays ?? 365,
    distributions: ['bilateral'],
    approvalRequired: ['Person', 'designation.detail', 'firearm.detail'],
    validFrom: opts.validFrom ?? '2021-10-08',
    validTo: opts.validTo === undefined ? null : opts.validTo,
  };
}

const NAMED_PURPOSES: Record<string, AgreementBody['purposes']> = {
  'agr-fiu-exchange': ['financial_intelligence', 'criminal_investigation', 'sanctions_screening'],
  'agr-arms-trafficking': ['firearms_tracing', 'criminal_investigation'],
  'agr-missing-persons': ['search_for_missing', 'criminal_investigation'],
  'agr-customs-cmaa': ['customs_targeting', 'criminal_investigation'],
  'agr-security-group': ['criminal_investigation', 'financial_intelligence', 'sanctions_screening', 'firearms_tracing'],
};

/**
 * The demo's named sharing agreements (packages/demo AGREEMENTS) as federation agreements of the same id, so that
 * records with distribution 'agreement' travel under their own agreement. Agreements whose parties are all in one
 * country are left out (nothing of theirs crosses).
 */
export function namedDemoAgreements(opts: { nodes?: DemoNodes; schemataKnown?: (s: string) => boolean } = {}): AgreementBody[] {
  const nodes = opts.nodes ?? DEMO_NODES;
  const countryOf = (p: string) => (/^[A-Z]{2}$/.test(p) ? p : AGENCY_PROFILES.find((a) => a.id === p)?.country ?? null);
  const out: AgreementBody[] = [];
  for (const a of DEMO_AGREEMENTS) {
    const mx = a.parties.filter((p) => countryOf(p) === 'MX');
    const us = a.parties.filter((p) => countryOf(p) === 'US');
    if (!mx.length || !us.length) continue;
    out.push({
      id: a.id, version: 1, title: { en: a.titleEn, es: a.titleEs },
      parties: [{ node: nodes.mx, country: 'MX', members: mx }, { node: nodes.us, country: 'US', members: us }],
      schemata: FRAMEWORK_SCHEMATA.filter((s) => opts.schemataKnown?.(s) ?? true),
      purposes: NAMED_PURPOSES[a.id] ?? ['criminal_investigation'],
      legalBasis: `${a.titleEn} (${a.validFrom})`,
      retentionDays: 365,
      distributions: ['agreement'],
      approvalRequired: ['Person'],
      validFrom: a.validFrom, validTo: a.validTo,
    });
  }
  return out;
}

/** The framework agreement and the named ones: everything the demo's two nodes share. */
export function demoAgreements(opts: { nodes?: DemoNodes; schemataKnown?: (s: string) => boolean } = {}): AgreementBody[] {
  return [frameworkAgreement(opts), ...namedDemoAgreements(opts)];
}

/**
 * Proposes each agreement on node `a`, delivers it, signs it on node `b` and delivers the signature back: both
 * nodes hold them in force afterwards. For the demo start and tests, with both nodes in this process and
 * listening (delivery is over HTTP). Versions already in force on both sides are skipped.
 */
export async function establishAgreements(a: ServiceCtx, b: ServiceCtx, bodies: AgreementBody[]): Promise<AgreementView[]> {
  const actorA = systemActor(a.node), actorB = systemActor(b.node);
  const out: AgreementView[] = [];
  for (const body of bodies) {
    const schemataKnown = (s: string) => !!a.model.get(s) && !a.model.get(s)!.abstract;
    const clean: AgreementBody = { ...body, schemata: body.schemata.filter(schemataKnown) };
    const held = (await rows(a.db, { id: body.id, version: body.version }))[0];
    if (!held) await proposeAgreement(a, actorA, clean);
    await deliverOrThrow(a, b.node.id);
    const there = (await rows(b.db, { id: body.id, version: body.version }))[0];
    if (there && !there.signatures.some((s) => s.node === b.node.id)) await signAgreement(b, actorB, body.id, body.version);
    await deliverOrThrow(b, a.node.id);
    out.push((await getAgreement(a, body.id, body.version))!);
  }
  return out;
}

async function deliverOrThrow(ctx: ServiceCtx, partner: string): Promise<void> {
  const r = await deliverTo(ctx, partner);
  if (r.error) throw new PuenteError('partner_unavailable', 502, 'federation.error.unreachable', { url: partner, detail: r.error });
}

export type { Partner };
