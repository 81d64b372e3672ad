/**
 * Cross-border privacy-preserving record linkage (issue 6, item 5).
 *
 * Both nodes hold the same secret for their agreement, installed out of band (`puente federation pprl key`, kept
 * 0600 under <dataDir>/keys/). A supervisor starts a run: the node encodes the Person records it may use for the
 * purpose (its own records, never the locked copies it holds of the partner's nor records kept to one agency; only
 * records that serve the stated purpose and that the supervisor may read) as CLK Bloom filters keyed with the
 * secret, gives each encoding a random pseudonym for this run only, and asks the partner (`pprl.match`, a signed
 * request) with the encodings, the schema and the key's public check value — no record ids, no values.
 *
 * Each side requires an agreement in force between the two nodes that allows the run's purpose. The partner
 * refuses a run its policy does not allow (83-federation-pprl.cedar) or whose key check differs from
 * its own; otherwise it encodes its own records with its copy of the secret, wipes the secret from memory, and
 * hands the two encoding sets to the matcher (./pprl-match.ts, which never sees a key). For each one-to-one match
 * it mints a random link token, stores (its own record id, token, run) and answers (the asker's pseudonym, token,
 * Dice score). The asker maps the pseudonyms back to its own ids and stores (own record id, token, run). So each
 * side learns only which of its own records matched, and a token both sides hold for the same person — what a
 * later disclosure request can name. Both sides audit the run and the records encoded.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { PURPOSES, type Purpose } from '@puente/model';
import { ClkEncoder, keyCheck } from '../../../../engines/src/pprl/encode';
import { DEFAULT_CLK_SCHEMA, type ClkSchema } from '../../../../engines/src/pprl/schema';
import { DEFAULT_PPRL_ONE_TO_ONE_THRESHOLD } from '../../../../engines/src/pprl/match';
import type { LinkRecord } from '../../../../engines/src/linkage/index';
import type { Actor } from '../../context';
import { NODE_ID_RE } from '../../audit/checkpoint';
import { notFound, PuenteError } from '../../errors';
import { getPartner, onRequest, partnerActor, request, type Inbound } from '../../federation/index';
import type { Executor } from '../../store/schema';
import type { ServiceCtx } from '../context';
import { audit, authorize } from '../guard';
import { byEntity, fetchEntityRows, fetchStatements, loadAgreements, propertiesOf, resourceOf } from '../records';
import { linkRecordOf } from '../linkage/records';
import { activeAgreements } from './agreements';
import { matchEncodings, type EncodingSet } from './pprl-match';

export const MIN_SECRET_BYTES = 16;
/** At most this many encodings in one run (≈ 35 MB of base64 in the signed request). */
export const MAX_ENCODINGS = 200_000;
const TOKEN_RE = /^lt_[A-Za-z0-9_-]{22}$/;
const PSEUDONYM_RE = /^[A-Za-z0-9_-]{16}$/;

const pprlError = (code: 'validation' | 'conflict' | 'forbidden' | 'not_found', status: number, key: string, vars: Record<string, unknown> = {}, reason?: string) =>
  new PuenteError(code, status, key, vars, reason ? { reason } : undefined);

// ---------------------------------------------------------------------------------------------------
// The shared secret, one per partner.

function checkPartnerId(partner: string): void {
  if (!NODE_ID_RE.test(partner)) throw pprlError('validation', 400, 'federation.pprl.error.badPartner', { partner });
}

export function pprlKeyFile(dataDir: string, partner: string): string {
  checkPartnerId(partner);
  return join(dataDir, 'keys', `pprl-${partner}.secret`);
}

/** The secret's bytes as given: a trailing newline (an editor's) dropped; at least MIN_SECRET_BYTES. */
export function secretBytes(raw: Uint8Array): Uint8Array {
  let end = raw.length;
  while (end > 0 && (raw[end - 1] === 0x0a || raw[end - 1] === 0x0d)) end--;
  if (end < MIN_SECRET_BYTES) throw pprlError('validation', 400, 'federation.pprl.error.shortSecret', { bytes: end, min: MIN_SECRET_BYTES });
  return new Uint8Array(raw.subarray(0, end));
}

/**
 * Stores the secret shared with `partner` (mode 0600, directory 0700), replacing an earlier one. Returns its public
 * check value, which the partner's administrator can compare with theirs.
 */
export async function installPprlKey(ctx: ServiceCtx, actor: Actor, partner: string, raw: Uint8Array): Promise<{ partner: string; keyCheck: string; file: string }> {
  await authorize(ctx, actor, 'federation.partner.manage', { resourceType: 'partner', resourceId: partner });
  checkPartnerId(partner);
  if (!(await getPartner(ctx.db, partner))) throw new PuenteError('not_found', 404, 'federation.error.notPaired', { node: partner });
  const secret = secretBytes(raw);
  const file = pprlKeyFile(ctx.node.dataDir, partner);
  mkdirSync(join(ctx.node.dataDir, 'keys'), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, secret, { mode: 0o600, flag: 'w' });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
  const check = keyCheck(secret);
  secret.fill(0);
  await audit(ctx, actor, { action: 'federation.pprl.key', outcome: 'ok', resourceType: 'partner', resourceId: partner, detail: { keyCheck: check } });
  return { partner, keyCheck: check, file };
}

/** The secret shared with `partner`, or null when none is installed. A file others may read is refused. */
export function readPprlKey(dataDir: string, partner: string): Uint8Array | null {
  const file = pprlKeyFile(dataDir, partner);
  if (!existsSync(file)) return null;
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
    throw pprlError('conflict', 409, 'federation.pprl.error.keyPermissions', { file });
  }
  return secretBytes(readFileSync(file));
}

export function removePprlKey(dataDir: string, partner: string): boolean {
  const file = pprlKeyFile(dataDir, partner);
  if (!existsSync(file)) return false;
  unlinkSync(file);
  return true;
}

// ---------------------------------------------------------------------------------------------------
// The records a node encodes: its own Person records (not the partner's locked copies) serving the purpose.

const CHUNK = 2000;

/**
 * This node's own Person records that serve `purpose`, as the linkage engine reads them: not the locked copies of
 * the partner's records, and not records kept to their agency (distribution 'agency': even a link token would tell
 * the partner that the agency holds someone). With `actor`, only those the actor may read (entity.read): a
 * supervisor never links records they could not open.
 */
export async function ownLinkRecords(ctx: ServiceCtx, purpose: Purpose, actor?: Actor): Promise<LinkRecord[]> {
  const ids = (await sql<{ id: string }>`select id from entities where schema = 'Person' and not locked
    and origin_node = ${ctx.node.id} and ${purpose} = any(purposes) and distribution <> 'agency'
    order by id`.execute(ctx.db)).rows.map((r) => r.id);
  const out: LinkRecord[] = [];
  const agreements = actor ? await loadAgreements(ctx.db) : null;
  for (let i = 0; i < ids.length; i += CHUNK) {
    let part = ids.slice(i, i + CHUNK);
    if (actor && agreements) {
      const rows = await fetchEntityRows(ctx.db, part);
      const allowed = new Set(rows.filter((r) => ctx.policy.decide(actor, 'entity.read', resourceOf(r, agreements)).allowed).map((r) => r.id));
      part = part.filter((id) => allowed.has(id));
    }
    const byId = byEntity(await fetchStatements(ctx.db, part));
    const people = new Map(part.map((id) => [id, propertiesOf(byId.get(id) ?? [])]));
    const addressIds = [...new Set([...people.values()].map((p) => p.addressEntity?.[0]).filter((x): x is string => !!x))];
    const addresses = new Map<string, Record<string, string[]>>();
    for (const [id, list] of byEntity(await fetchStatements(ctx.db, addressIds))) addresses.set(id, propertiesOf(list));
    for (const id of part) {
      const p = people.get(id)!;
      const adr = p.addressEntity?.[0];
      out.push(linkRecordOf(id, p, adr ? addresses.get(adr) : undefined));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// What travels.

interface MatchRequest {
  runId: string;
  purpose: Purpose;
  schema: ClkSchema;
  keyCheck: string;
  /** Per-run pseudonyms (never record ids) and the encodings, base64. */
  encodings: Array<{ p: string; clk: string }>;
}
interface MatchReply {
  threshold: number;
  links: Array<{ pseudonym: string; token: string; score: number }>;
}

const b64 = (a: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
const newToken = () => `lt_${randomBytes(16).toString('base64url')}`;
const newPseudonym = () => randomBytes(12).toString('base64url');

function shuffle<T>(a: T[]): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = randomBytes(4).readUInt32LE(0) % (i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** Encodes the records with the secret and wipes the secret. */
function encodeAll(records: LinkRecord[], secret: Uint8Array, schema: ClkSchema = DEFAULT_CLK_SCHEMA) {
  const enc = new ClkEncoder(secret, schema);
  const check = keyCheck(secret);
  const out = records.map((r) => enc.encode(r));
  secret.fill(0);
  return { schema, keyCheck: check, records: out };
}

// ---------------------------------------------------------------------------------------------------
// Runs and links as the API shows them.

export interface PprlRunView {
  id: string; partner: string; role: 'asker' | 'responder'; status: 'running' | 'ok' | 'refused' | 'failed';
  actorId: string | null; actorAgency: string | null; purpose: string | null; keyCheck: string | null; threshold: number;
  records: number; partnerRecords: number | null; links: number; error: string | null; createdAt: string; finishedAt: string | null;
}

interface RunRow {
  id: string; partner: string; role: 'asker' | 'responder'; status: PprlRunView['status']; actor_id: string | null; actor_agency: string | null;
  purpose: string | null; key_check: string | null; threshold: number; records: number; partner_records: number | null; links: number;
  error: string | null; created_at: Date | string; finished_at: Date | string | null;
}

const iso = (v: Date | string | null) => (v === null ? null : (v instanceof Date ? v : new Date(v)).toISOString());
const runView = (r: RunRow): PprlRunView => ({
  id: r.id, partner: r.partner, role: r.role, status: r.status, actorId: r.actor_id, actorAgency: r.actor_agency, purpose: r.purpose,
  keyCheck: r.key_check, threshold: Number(r.threshold), records: Number(r.records), partnerRecords: r.partner_records === null ? null : Number(r.partner_records),
  links: Number(r.links), error: r.error, createdAt: iso(r.created_at)!, finishedAt: iso(r.finished_at),
});

async function getRun(db: Executor, id: string): Promise<PprlRunView | null> {
  const r = await sql<RunRow>`select * from federation_pprl_runs where id = ${id}`.execute(db);
  return r.rows[0] ? runView(r.rows[0]) : null;
}

async function finishRun(db: Executor, id: string, status: PprlRunView['status'], fields: { links?: number; error?: string | null; partnerRecords?: number | null } = {}) {
  await sql`update federation_pprl_runs set status = ${status}, links = ${fields.links ?? 0}, error = ${fields.error ?? null},
    partner_records = coalesce(${fields.partnerRecords ?? null}::integer, partner_records), finished_at = now() where id = ${id}`.execute(db);
}

// ---------------------------------------------------------------------------------------------------
// The asker.

/** The agreement in force with `partner` that allows linkage for `purpose` (its id), or null. */
async function agreementFor(ctx: ServiceCtx, partner: string, purpose: string): Promise<string | null> {
  const a = (await activeAgreements(ctx, ctx.db, partner)).find((x) => (x.purposes as string[]).includes(purpose));
  return a ? `${a.id}@${a.version}` : null;
}

/** Starts a linkage run with the partner: encode, ask, store the links of this node's own records. */
export async function startPprlRun(ctx: ServiceCtx, actor: Actor, input: { partner: string }): Promise<PprlRunView> {
  await authorize(ctx, actor, 'federation.pprl.run', { resourceType: 'partner', resourceId: input.partner });
  const purpose = actor.purpose as Purpose;
  const partner = await getPartner(ctx.db, input.partner);
  if (!partner) throw new PuenteError('not_found', 404, 'federation.error.notPaired', { node: input.partner });
  const agreement = await agreementFor(ctx, partner.nodeId, purpose);
  if (!agreement) {
    await audit(ctx, actor, { action: 'federation.pprl.run', outcome: 'denied', resourceType: 'partner', resourceId: partner.nodeId, detail: { reason: 'agreement', purpose } });
    throw pprlError('forbidden', 403, 'federation.pprl.error.noAgreement', { partner: partner.nodeId, purpose }, 'agreement');
  }
  const secret = readPprlKey(ctx.node.dataDir, partner.nodeId);
  if (!secret) {
    await audit(ctx, actor, { action: 'federation.pprl.run', outcome: 'failed', resourceType: 'partner', resourceId: partner.nodeId, detail: { reason: 'no_key' } });
    throw pprlError('conflict', 409, 'federation.pprl.error.noKey', { partner: partner.nodeId }, 'no_key');
  }

  const records = await ownLinkRecords(ctx, purpose, actor);
  if (records.length > MAX_ENCODINGS) throw pprlError('validation', 400, 'federation.pprl.error.tooMany', { count: records.length, max: MAX_ENCODINGS });
  const encoded = encodeAll(records, secret);
  const byPseudonym = new Map<string, string>();
  const encodings = shuffle(encoded.records.map((r) => {
    let p = newPseudonym();
    while (byPseudonym.has(p)) p = newPseudonym();
    byPseudonym.set(p, r.id);
    return { p, clk: b64(r.clk) };
  }));

  const runId = randomUUID();
  await sql`insert into federation_pprl_runs (id, partner, role, status, actor_id, actor_agency, purpose, key_check, threshold, records)
    values (${runId}, ${partner.nodeId}, 'asker', 'running', ${actor.id}, ${actor.agencyId}, ${purpose}, ${encoded.keyCheck},
      ${DEFAULT_PPRL_ONE_TO_ONE_THRESHOLD}, ${records.length})`.execute(ctx.db);
  await audit(ctx, actor, {
    action: 'federation.pprl.encode', outcome: 'ok', resourceType: 'entity',
    detail: { run: runId, partner: partner.nodeId, agreement, count: records.length, ids: records.map((r) => r.id) },
  });

  let reply: MatchReply;
  try {
    reply = await request<MatchReply>(ctx, partner.nodeId, 'pprl.match',
      { runId, purpose, schema: encoded.schema, keyCheck: encoded.keyCheck, encodings } satisfies MatchRequest, { timeoutMs: 300_000 });
  } catch (err) {
    const reason = err instanceof PuenteError ? (err.details?.reason as string | null | undefined) ?? null : null;
    const refused = reason === 'key_check' || reason === 'policy' || reason === 'no_key' || reason === 'agreement';
    const message = err instanceof PuenteError ? err.messages.en : (err as Error).message;
    await finishRun(ctx.db, runId, refused ? 'refused' : 'failed', { error: reason ?? message });
    await audit(ctx, actor, {
      action: 'federation.pprl.run', outcome: refused ? 'denied' : 'failed', resourceType: 'partner', resourceId: partner.nodeId,
      detail: { run: runId, reason: reason ?? 'error', error: message },
    });
    if (reason === 'key_check') throw pprlError('conflict', 409, 'federation.pprl.error.keyMismatch', { partner: partner.nodeId }, 'key_check');
    if (reason === 'no_key') throw pprlError('conflict', 409, 'federation.pprl.error.partnerNoKey', { partner: partner.nodeId }, 'no_key');
    if (reason === 'policy' || reason === 'agreement') throw pprlError('forbidden', 403, 'federation.pprl.error.partnerPolicy', { partner: partner.nodeId, purpose }, reason);
    throw err;
  }

  // The reply names only our pseudonyms: map them back; anything else is a bad reply.
  const links: Array<{ entityId: string; token: string; score: number }> = [];
  const seen = new Set<string>();
  const tokens = new Set<string>();
  for (const l of Array.isArray(reply?.links) ? reply.links : []) {
    const entityId = typeof l?.pseudonym === 'string' ? byPseudonym.get(l.pseudonym) : undefined;
    if (!entityId || seen.has(l.pseudonym) || typeof l.token !== 'string' || !TOKEN_RE.test(l.token) || tokens.has(l.token)
      || typeof l.score !== 'number' || !(l.score >= 0 && l.score <= 1)) {
      await finishRun(ctx.db, runId, 'failed', { error: 'bad reply' });
      throw new PuenteError('partner_unavailable', 502, 'federation.error.badReply', { node: partner.nodeId });
    }
    seen.add(l.pseudonym);
    tokens.add(l.token);
    links.push({ entityId, token: l.token, score: l.score });
  }
  byPseudonym.clear();
  await ctx.db.transaction().execute(async (trx) => {
    for (let i = 0; i < links.length; i += 500) {
      const part = links.slice(i, i + 500);
      await trx.insertInto('federation_pprl_links' as never).values(part.map((l) => ({ run_id: runId, entity_id: l.entityId, token: l.token, score: l.score })) as never).execute();
    }
    await finishRun(trx, runId, 'ok', { links: links.length });
    await audit(ctx, actor, {
      action: 'federation.pprl.run', outcome: 'ok', resourceType: 'partner', resourceId: partner.nodeId,
      detail: { run: runId, role: 'asker', agreement, records: records.length, links: links.length, threshold: reply.threshold ?? null },
    }, trx);
  });
  return (await getRun(ctx.db, runId))!;
}

// ---------------------------------------------------------------------------------------------------
// The responder.

function parseMatchRequest(body: unknown): MatchRequest {
  const b = body as Partial<MatchRequest> | null;
  const bad = (detail: string) => pprlError('validation', 400, 'federation.pprl.error.badRequest', { detail }, 'malformed');
  if (!b || typeof b !== 'object') throw bad('not an object');
  if (typeof b.runId !== 'string' || !/^[0-9a-f-]{36}$/.test(b.runId)) throw bad('runId');
  if (typeof b.purpose !== 'string' || !(PURPOSES as readonly string[]).includes(b.purpose)) throw bad('purpose');
  if (typeof b.keyCheck !== 'string' || !/^[0-9a-f]{16}$/.test(b.keyCheck)) throw bad('keyCheck');
  if (!Array.isArray(b.encodings) || b.encodings.length > MAX_ENCODINGS) throw bad('encodings');
  const seen = new Set<string>();
  for (const e of b.encodings) {
    if (!e || typeof e.p !== 'string' || !PSEUDONYM_RE.test(e.p) || seen.has(e.p) || typeof e.clk !== 'string') throw bad('encoding');
    seen.add(e.p);
  }
  return b as MatchRequest;
}

async function answerMatch(ctx: ServiceCtx, msg: Inbound): Promise<MatchReply> {
  const req = parseMatchRequest(msg.body);
  const partner = msg.from;
  const asker = partnerActor(partner, req.purpose);
  const refuse = async (reason: string, err: PuenteError, detail: Record<string, unknown> = {}) => {
    await sql`insert into federation_pprl_runs (id, partner, role, status, actor_id, actor_agency, purpose, key_check, threshold, partner_records, error, finished_at)
      values (${req.runId}, ${partner.nodeId}, 'responder', 'refused', ${asker.id}, ${asker.agencyId}, ${req.purpose}, ${req.keyCheck},
        ${DEFAULT_PPRL_ONE_TO_ONE_THRESHOLD}, ${req.encodings.length}, ${reason}, now()) on conflict (id) do nothing`.execute(ctx.db);
    await audit(ctx, asker, { action: 'federation.pprl.run', outcome: 'denied', resourceType: 'partner', resourceId: partner.nodeId, detail: { run: req.runId, role: 'responder', reason, ...detail } });
    throw err;
  };
  if (await getRun(ctx.db, req.runId)) throw pprlError('conflict', 409, 'federation.pprl.error.duplicateRun', { run: req.runId }, 'duplicate');
  const decision = ctx.policy.decide(asker, 'federation.pprl.run');
  if (!decision.allowed) {
    return refuse('policy', pprlError('forbidden', 403, 'federation.pprl.error.partnerPolicy', { partner: ctx.node.id, purpose: req.purpose }, 'policy'));
  }
  const agreement = await agreementFor(ctx, partner.nodeId, req.purpose);
  if (!agreement) {
    return refuse('agreement', pprlError('forbidden', 403, 'federation.pprl.error.partnerPolicy', { partner: ctx.node.id, purpose: req.purpose }, 'agreement'));
  }
  const secret = readPprlKey(ctx.node.dataDir, partner.nodeId);
  if (!secret) return refuse('no_key', pprlError('conflict', 409, 'federation.pprl.error.partnerNoKey', { partner: ctx.node.id }, 'no_key'));
  const ownCheck = keyCheck(secret);
  if (ownCheck !== req.keyCheck) {
    secret.fill(0);
    return refuse('key_check', pprlError('conflict', 409, 'federation.pprl.error.keyMismatch', { partner: partner.nodeId }, 'key_check'), { theirs: req.keyCheck, ours: ownCheck });
  }

  const records = await ownLinkRecords(ctx, req.purpose);
  const mine: EncodingSet = encodeAll(records, secret); // the secret is wiped here
  const bytes = mine.schema.bits / 8;
  const theirs: EncodingSet = {
    schema: req.schema, keyCheck: req.keyCheck,
    records: req.encodings.map((e) => ({ id: e.p, clk: new Uint8Array(Buffer.from(e.clk, 'base64')) })),
  };
  if (theirs.records.some((r) => r.clk.byteLength !== bytes)) {
    return refuse('schema', pprlError('validation', 400, 'federation.pprl.error.incompatible', { detail: `encodings of ${bytes * 8} bits expected` }, 'schema'));
  }
  const pairs = matchEncodings(theirs, mine);
  if (!Array.isArray(pairs)) {
    return refuse(pairs.refused, pprlError('validation', 400, 'federation.pprl.error.incompatible', { detail: pairs.refused === 'schema' ? pairs.detail : 'key check' }, pairs.refused));
  }

  const links = pairs.map((p) => ({ pseudonym: p.left, entityId: p.right, token: newToken(), score: p.score }));
  await ctx.db.transaction().execute(async (trx) => {
    await sql`insert into federation_pprl_runs (id, partner, role, status, actor_id, actor_agency, purpose, key_check, threshold, records, partner_records)
      values (${req.runId}, ${partner.nodeId}, 'responder', 'running', ${asker.id}, ${asker.agencyId}, ${req.purpose}, ${ownCheck},
        ${DEFAULT_PPRL_ONE_TO_ONE_THRESHOLD}, ${records.length}, ${req.encodings.length})`.execute(trx);
    for (let i = 0; i < links.length; i += 500) {
      const part = links.slice(i, i + 500);
      await trx.insertInto('federation_pprl_links' as never).values(part.map((l) => ({ run_id: req.runId, entity_id: l.entityId, token: l.token, score: l.score })) as never).execute();
    }
    await finishRun(trx, req.runId, 'ok', { links: links.length });
    await audit(ctx, asker, {
      action: 'federation.pprl.encode', outcome: 'ok', resourceType: 'entity',
      detail: { run: req.runId, partner: partner.nodeId, count: records.length, ids: records.map((r) => r.id) },
    }, trx);
    await audit(ctx, asker, {
      action: 'federation.pprl.run', outcome: 'ok', resourceType: 'partner', resourceId: partner.nodeId,
      detail: { run: req.runId, role: 'responder', agreement, records: records.length, partnerRecords: req.encodings.length, links: links.length },
    }, trx);
  });
  return { threshold: DEFAULT_PPRL_ONE_TO_ONE_THRESHOLD, links: links.map(({ pseudonym, token, score }) => ({ pseudonym, token, score })) };
}

onRequest('pprl.match', answerMatch);

// ---------------------------------------------------------------------------------------------------
// Reading runs and links.

export async function listPprlRuns(ctx: ServiceCtx, actor: Actor, opts: { limit?: number } = {}): Promise<PprlRunView[]> {
  await authorize(ctx, actor, 'federation.read', { resourceType: 'pprl' });
  const limit = Math.max(1, Math.min(500, opts.limit ?? 100));
  const r = await sql<RunRow>`select * from federation_pprl_runs order by created_at desc, id limit ${limit}`.execute(ctx.db);
  return r.rows.map(runView);
}

export interface PprlLinkView {
  runId: string; partner: string; role: 'asker' | 'responder';
  entity: { id: string; schema: string; caption: string };
  token: string; score: number; createdAt: string;
}

/**
 * The links this node holds: its own record, the token and the score. Only records the reader may read are shown
 * (entity.read, asked per record), and each one shown is an audited read with the reader's purpose.
 */
export async function listPprlLinks(ctx: ServiceCtx, actor: Actor, opts: { runId?: string; limit?: number } = {}): Promise<{ links: PprlLinkView[]; hidden: number }> {
  await authorize(ctx, actor, 'federation.read', { resourceType: 'pprl' });
  const limit = Math.max(1, Math.min(1000, opts.limit ?? 200));
  const rows = (await sql<{ run_id: string; entity_id: string; token: string; score: number; created_at: Date | string; partner: string; role: 'asker' | 'responder' }>`
    select l.run_id, l.entity_id, l.token, l.score, l.created_at, r.partner, r.role
    from federation_pprl_links l join federation_pprl_runs r on r.id = l.run_id
    where (${opts.runId ?? null}::text is null or l.run_id = ${opts.runId ?? null})
    order by l.created_at desc, l.run_id, l.score desc, l.token limit ${limit}`.execute(ctx.db)).rows;
  if (opts.runId && !rows.length && !(await getRun(ctx.db, opts.runId))) throw notFound({ run: opts.runId });
  const entities = new Map((await fetchEntityRows(ctx.db, [...new Set(rows.map((r) => r.entity_id))])).map((e) => [e.id, e]));
  const agreements = await loadAgreements(ctx.db);
  const links: PprlLinkView[] = [];
  let hidden = 0;
  for (const r of rows) {
    const e = entities.get(r.entity_id);
    if (!e || !ctx.policy.decide(actor, 'entity.read', resourceOf(e, agreements)).allowed) { hidden++; continue; }
    if (e.personal_data) {
      await audit(ctx, actor, {
        action: 'entity.read', outcome: 'ok', resourceType: 'entity', resourceId: e.id, purpose: actor.purpose, legalBasis: e.legal_basis,
        detail: { schema: e.schema, via: 'federation.pprl.links', run: r.run_id },
      });
    }
    links.push({
      runId: r.run_id, partner: r.partner, role: r.role, entity: { id: e.id, schema: e.schema, caption: e.caption },
      token: r.token, score: Number(r.score), createdAt: iso(r.created_at)!,
    });
  }
  if (hidden) await audit(ctx, actor, { action: 'federation.pprl.links', outcome: 'ok', resourceType: 'pprl', detail: { shown: links.length, hidden } });
  return { links, hidden };
}
