/**
 * Signed checkpoints of the audit log: an RFC 6962 tree head over the first `treeSize` rows, signed
 * by the node and countersigned by the partner node, so neither country can rewrite its history
 * unseen (platform.md §11).
 *
 * Leaves: leaf i is the 32 raw bytes of row i's chain hash (leaf hash = SHA-256(0x00 ‖ h_i)). The
 * chain hash already commits to the row's content and to every row before it, and a partner can
 * check a row's inclusion from its hash alone, without seeing its (personal) content.
 *
 * Text form: a C2SP signed note (c2sp.org/signed-note) whose body follows c2sp.org/tlog-checkpoint:
 *
 *     <origin: node id>\n
 *     <tree size, decimal>\n
 *     <root hash, standard base64>\n
 *     ts <ISO 8601 UTC, milliseconds>\n         (an extension line)
 *     \n
 *     — <signer node id> <base64(key id (8 bytes) ‖ Ed25519 signature (64 bytes))>\n   (one per signer)
 *
 * The Ed25519 signature is over the body bytes (everything before the blank line). Deviation from
 * signed-note: the key id prefixed to a signature is Puente's 8-byte key id (SHA-256 of the raw
 * public key) rather than signed-note's 4-byte hash of name and key; countersignatures are plain
 * extra signatures over the same body, not c2sp.org/tlog-cosignature timestamps.
 */
import { sign, verify, type KeyObject } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Executor } from '../store/schema';
import { rowHashMatches, GENESIS_HASH } from './chain';
import { AuditError } from './errors';
import { keyIdOf, type NodeKey } from './keys';
import { contentOfStored, hashedTs, scanAudit } from './log';
import { consistencyProof, inclusionProof, hashLeaf, MerkleFrontier } from './merkle';

export interface Countersignature {
  nodeId: string;
  keyId: string;
  /** Ed25519 signature over the checkpoint note body, standard base64. */
  signature: string;
}

export interface Checkpoint {
  /** Origin: the node whose log this is. */
  nodeId: string;
  treeSize: string;
  /** RFC 6962 root, 64 lower-case hex digits (base64 in the note text). */
  rootHash: string;
  /** ISO 8601 UTC with milliseconds. */
  ts: string;
  keyId: string;
  signature: string;
  countersignatures: Countersignature[];
}

export const NODE_ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const KEY_ID_RE = /^[0-9a-f]{16}$/;
const SIG_MARK = '\u2014 '; // signed-note signature lines start with an em dash and a space

/** The signed body of a checkpoint. */
export function checkpointNote(cp: Pick<Checkpoint, 'nodeId' | 'treeSize' | 'rootHash' | 'ts'>): string {
  return `${cp.nodeId}\n${cp.treeSize}\n${Buffer.from(cp.rootHash, 'hex').toString('base64')}\nts ${cp.ts}\n`;
}

function signatureLine(name: string, keyId: string, signatureB64: string): string {
  return `${SIG_MARK}${name} ${Buffer.concat([Buffer.from(keyId, 'hex'), Buffer.from(signatureB64, 'base64')]).toString('base64')}\n`;
}

/** The whole signed note: body, blank line, the node's signature, then the countersignatures. */
export function formatSignedNote(cp: Checkpoint): string {
  return checkpointNote(cp) + '\n' + signatureLine(cp.nodeId, cp.keyId, cp.signature)
    + cp.countersignatures.map((c) => signatureLine(c.nodeId, c.keyId, c.signature)).join('');
}

const noteError = (reason: string, line: number) => new AuditError('validation', `audit.note.${reason}`, { line });
const isCanonicalBase64 = (s: string, bytes: number) => Buffer.from(s, 'base64').length === bytes && Buffer.from(s, 'base64').toString('base64') === s;

/**
 * Parses a signed checkpoint note as received from a partner. Strict: exactly the form
 * formatSignedNote writes, so that a note has one reading. The first signature must be the origin's.
 * Signatures are parsed, not verified (see verifyCheckpointSignature).
 */
export function parseSignedNote(text: string): Checkpoint {
  if (typeof text !== 'string' || text.length > 65536) throw noteError('malformed', 0);
  const sep = text.indexOf('\n\n');
  if (sep < 0) throw noteError('malformed', 0);
  const body = text.slice(0, sep + 1).split('\n').slice(0, -1);
  if (body.length !== 4) throw noteError('malformed', Math.min(body.length + 1, 5));
  const [origin, size, rootB64, tsLine] = body;
  if (!NODE_ID_RE.test(origin)) throw noteError('origin', 1);
  if (!/^(0|[1-9]\d{0,18})$/.test(size) || BigInt(size) > 9223372036854775807n) throw noteError('size', 2);
  if (!isCanonicalBase64(rootB64, 32)) throw noteError('root', 3);
  const ts = tsLine.startsWith('ts ') ? tsLine.slice(3) : '';
  const date = new Date(ts);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(ts) || Number.isNaN(date.getTime()) || date.toISOString() !== ts) throw noteError('ts', 4);
  const sigText = text.slice(sep + 2);
  if (!sigText.endsWith('\n')) throw noteError('malformed', 6);
  const sigs = sigText.slice(0, -1).split('\n').map((line, i) => {
    const m = /^\u2014 ([^ ]+) ([A-Za-z0-9+/=]+)$/.exec(line);
    if (!m || !NODE_ID_RE.test(m[1]) || !isCanonicalBase64(m[2], 72)) throw noteError('signature', 6 + i);
    const blob = Buffer.from(m[2], 'base64');
    return { nodeId: m[1], keyId: blob.subarray(0, 8).toString('hex'), signature: blob.subarray(8).toString('base64') };
  });
  if (sigs[0].nodeId !== origin) throw noteError('signature', 6);
  const [own, ...countersignatures] = sigs;
  return { nodeId: origin, treeSize: size, rootHash: Buffer.from(rootB64, 'base64').toString('hex'), ts, keyId: own.keyId, signature: own.signature, countersignatures };
}

function verifyOver(note: string, keyId: string, signatureB64: string, publicKey: KeyObject): boolean {
  try {
    if (!KEY_ID_RE.test(keyId) || keyIdOf(publicKey) !== keyId) return false;
    const sig = Buffer.from(signatureB64, 'base64');
    return sig.length === 64 && verify(null, Buffer.from(note, 'utf8'), publicKey, sig);
  } catch {
    return false; // not an Ed25519 key, malformed fields: not a valid signature
  }
}

/** Is the node's signature on `cp` valid under `publicKey` (and made by that key's id)? */
export function verifyCheckpointSignature(cp: Checkpoint, publicKey: KeyObject): boolean {
  return verifyOver(checkpointNote(cp), cp.keyId, cp.signature, publicKey);
}

export function verifyCountersignature(cp: Checkpoint, cs: Countersignature, publicKey: KeyObject): boolean {
  return verifyOver(checkpointNote(cp), cs.keyId, cs.signature, publicKey);
}

/**
 * A partner node's countersignature over `cp`. The partner should first check the origin's
 * signature (verifyCheckpointSignature) and, against the last checkpoint it countersigned, a
 * consistency proof (proveConsistency / verifyConsistency): a countersignature says "I saw this head".
 */
export function countersignCheckpoint(cp: Checkpoint, key: Pick<NodeKey, 'keyId' | 'privateKey'>, nodeId: string): Countersignature {
  if (!NODE_ID_RE.test(nodeId)) throw new AuditError('validation', 'audit.checkpoint.node_id', { nodeId });
  return { nodeId, keyId: key.keyId, signature: sign(null, Buffer.from(checkpointNote(cp), 'utf8'), key.privateKey).toString('base64') };
}

const CP_TS = sql<string>`to_char(ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function selectCheckpoints(db: Executor) {
  return db.selectFrom('audit_checkpoints').select(['tree_size', 'root_hash', 'node_id', 'key_id', 'signature', 'countersignatures', CP_TS.as('ts_text')]);
}
type CheckpointRow = Awaited<ReturnType<ReturnType<typeof selectCheckpoints>['executeTakeFirstOrThrow']>>;

function toCheckpoint(r: CheckpointRow): Checkpoint {
  const cs = Array.isArray(r.countersignatures) ? r.countersignatures : [];
  return {
    nodeId: r.node_id, treeSize: r.tree_size, rootHash: r.root_hash, ts: hashedTs(r.ts_text), keyId: r.key_id, signature: r.signature,
    countersignatures: cs.filter((c): c is Countersignature => !!c && typeof c === 'object'
      && typeof (c as Countersignature).nodeId === 'string' && typeof (c as Countersignature).keyId === 'string'
      && typeof (c as Countersignature).signature === 'string'),
  };
}

export async function getCheckpoint(db: Executor, treeSize: string): Promise<Checkpoint | undefined> {
  if (!/^\d{1,19}$/.test(treeSize)) return undefined;
  const r = await selectCheckpoints(db).where('tree_size', '=', treeSize).executeTakeFirst();
  return r && toCheckpoint(r);
}

/** Stored checkpoints, largest first. */
export async function listCheckpoints(db: Db, opts: { limit?: number; beforeSize?: string } = {}): Promise<Checkpoint[]> {
  let q = selectCheckpoints(db).orderBy('tree_size', 'desc').limit(Math.max(1, Math.min(1000, opts.limit ?? 100)));
  if (opts.beforeSize !== undefined && /^\d{1,19}$/.test(opts.beforeSize)) q = q.where('tree_size', '<', opts.beforeSize);
  return (await q.execute()).map(toCheckpoint);
}

/** All checkpoints in ascending size, read in pages (for verifyAudit). */
export async function* scanCheckpoints(db: Executor, pageSize = 500): AsyncGenerator<Checkpoint> {
  let after: string | null = null;
  for (;;) {
    let q = selectCheckpoints(db).orderBy('tree_size').limit(pageSize);
    if (after !== null) q = q.where('tree_size', '>', after);
    const page = await q.execute();
    for (const r of page) yield toCheckpoint(r);
    if (page.length < pageSize) return;
    after = page[page.length - 1].tree_size;
  }
}

/**
 * Signs a checkpoint over every row appended so far and stores it. Before signing, the rows are
 * walked once more (seq contiguous from 1, each hash recomputed, each link checked): a node must not
 * put its signature on a log that is already broken. Returns the stored checkpoint of that size if
 * one exists (nothing appended since). Cost: one pass over the log.
 */
export async function createCheckpoint(db: Db, key: NodeKey, nodeId: string, now: Date = new Date()): Promise<Checkpoint> {
  if (!NODE_ID_RE.test(nodeId)) throw new AuditError('validation', 'audit.checkpoint.node_id', { nodeId });
  const head = await db.selectFrom('audit_events').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const size = head?.seq ?? '0';
  const existing = await getCheckpoint(db, size);
  if (existing) return existing;
  const frontier = new MerkleFrontier();
  let prev = GENESIS_HASH;
  for await (const r of scanAudit(db, { upToSeq: size })) {
    const expected = String(frontier.size + 1);
    if (r.seq !== expected || r.prev_hash !== prev || !rowHashMatches(r.prev_hash, contentOfStored(r), r.hash)) {
      throw new AuditError('integrity', 'audit.checkpoint.broken', { seq: r.seq === expected ? r.seq : expected });
    }
    frontier.push(Buffer.from(r.hash, 'hex'));
    prev = r.hash;
  }
  if (String(frontier.size) !== size) throw new AuditError('integrity', 'audit.checkpoint.broken', { seq: String(frontier.size + 1) });
  const body = { nodeId, treeSize: size, rootHash: frontier.root().toString('hex'), ts: now.toISOString() };
  const signature = sign(null, Buffer.from(checkpointNote(body), 'utf8'), key.privateKey).toString('base64');
  await db.insertInto('audit_checkpoints')
    .values({ tree_size: size, root_hash: body.rootHash, ts: body.ts, node_id: nodeId, key_id: key.keyId, signature, countersignatures: '[]' })
    .onConflict((oc) => oc.column('tree_size').doNothing())
    .execute();
  return (await getCheckpoint(db, size))!; // ours, or a concurrent twin of the same size
}

/**
 * Stores a partner's countersignature on checkpoint `treeSize` after checking it with the partner's
 * public key. Adding is the one change migration 003 allows on a stored checkpoint. Idempotent.
 */
export async function addCountersignature(db: Db, treeSize: string, cs: Countersignature, partnerPublicKey: KeyObject): Promise<Checkpoint> {
  const cp = await getCheckpoint(db, treeSize);
  if (!cp) throw new AuditError('not_found', 'audit.checkpoint.not_found', { size: treeSize });
  if (!NODE_ID_RE.test(cs.nodeId) || !verifyCountersignature(cp, cs, partnerPublicKey)) {
    throw new AuditError('integrity', 'audit.countersign.invalid', { node: String(cs.nodeId), size: treeSize });
  }
  const entry = { nodeId: cs.nodeId, keyId: cs.keyId, signature: cs.signature };
  await db.updateTable('audit_checkpoints')
    .set({ countersignatures: sql`countersignatures || ${JSON.stringify([entry])}::jsonb` })
    .where('tree_size', '=', treeSize)
    .where(sql<boolean>`not countersignatures @> ${JSON.stringify([{ nodeId: cs.nodeId, keyId: cs.keyId }])}::jsonb`)
    .execute();
  return (await getCheckpoint(db, treeSize))!;
}

/** Leaf hashes of the first `size` rows, in memory (32 bytes a row), for proofs. */
async function leafHashes(db: Db, size: number): Promise<Buffer[]> {
  const leaves: Buffer[] = [];
  for await (const r of scanAudit(db, { upToSeq: String(size) })) leaves.push(hashLeaf(Buffer.from(r.hash, 'hex')));
  if (leaves.length !== size) throw new AuditError('integrity', 'audit.checkpoint.broken', { seq: String(leaves.length + 1) });
  return leaves;
}

/** RFC 6962 audit path of row `seq` in the tree of the first `treeSize` rows (hex hashes). */
export async function proveInclusion(db: Db, seq: string, treeSize: string): Promise<string[]> {
  const leaves = await leafHashes(db, Number(treeSize));
  return inclusionProof(leaves, Number(seq) - 1).map((h) => h.toString('hex'));
}

/** RFC 6962 consistency proof between the trees of the first `fromSize` and `toSize` rows (hex hashes). */
export async function proveConsistency(db: Db, fromSize: string, toSize: string): Promise<string[]> {
  const leaves = await leafHashes(db, Number(toSize));
  return consistencyProof(leaves, Number(fromSize)).map((h) => h.toString('hex'));
}
