/**
 * Verifying the audit log against everything a database superuser could do behind the triggers.
 *
 * One pass over the rows in (seq, hash) order, in pages. Each row is checked three ways:
 *   self  — its content hashes, with its prev_hash, to its stored hash;
 *   link  — its prev_hash is the hash of the row before it (genesis for row 1);
 *   place — its seq follows the previous one without gap or repetition.
 * The evidence is then named:
 *   altered    self fails, and no other seq makes it hash (edited in place);
 *   reordered  self holds only under another seq, found from the row its prev_hash names, and the
 *              moved rows only trade places among themselves (swapped seq values);
 *   deleted    a gap in seq; rows renumbered down so that they sit lower than they were recorded;
 *              row 1 not starting from genesis;
 *   inserted   a repeated seq; rows renumbered up to make room; a self-consistent row whose successor
 *              names a hash that is no longer in the log (a forged row with a recomputed hash, put in
 *              place of the original) or names an earlier row (the rows between were inserted);
 *   truncated  a signed checkpoint covers more rows than are present;
 *   checkpoint_root / checkpoint_signature / countersignature  for each stored checkpoint, the RFC 6962
 *              root over its first tree_size rows and the signatures on its note.
 * A broken link right after a row already reported (or after another broken link) is not reported
 * again: it is the same event.
 * Limits, inherent to any hash chain: rows forged at the end of the log after the last checkpoint, or
 * a whole suffix rewritten with recomputed hashes, are caught only by the next (countersigned) checkpoint.
 */
import type { KeyObject } from 'node:crypto';
import { both } from '@puente/i18n';
import type { Db } from '../store/schema';
import { GENESIS_HASH, rowHashMatches, type AuditContent } from './chain';
import { scanCheckpoints, verifyCheckpointSignature, verifyCountersignature, type Checkpoint } from './checkpoint';
import { contentOfStored, findByHash, scanAudit, type StoredAuditRow } from './log';
import { EMPTY_ROOT, MerkleFrontier, verifyConsistency } from './merkle';

export type AuditProblemKind =
  | 'altered' | 'deleted' | 'inserted' | 'reordered' | 'truncated'
  | 'checkpoint_root' | 'checkpoint_signature' | 'countersignature'
  // a partner's checkpoints held here (verifyHeldCheckpoints)
  | 'partner_signature' | 'partner_inconsistent' | 'partner_missing';

export interface AuditProblem {
  /** The row (or, for checkpoint problems, the checkpoint's tree size) the problem is reported at. */
  seq: string | null;
  kind: AuditProblemKind;
  message: { en: string; es: string };
}

export interface AuditVerification {
  ok: boolean;
  /** Rows read. */
  count: number;
  problems: AuditProblem[];
  /** Checkpoints read, and whether their signatures were checked (only when a public key is given). */
  checkpoints: number;
  signaturesChecked: boolean;
  /** Hash of the last row, for comparing with a partner's copy of the head. */
  head: string | null;
  /** Problems found beyond `maxProblems` and left out of `problems` (a log rewritten wholesale). */
  problemsOmitted: number;
}

export interface VerifyOptions {
  /** The node's public key: without it checkpoint signatures are not checked. */
  publicKey?: KeyObject;
  /** Partners' public keys by node id, to check countersignatures. */
  partnerKeys?: Record<string, KeyObject>;
  pageSize?: number;
  /** At most this many problems are listed (default 1000); the rest are counted in problemsOmitted. */
  maxProblems?: number;
}

/** How far from its place a renumbered row is looked for when the row it was chained to is gone. */
const RENUMBER_SEARCH = 32n;
/** How many moved rows deep the original position of a moved row is traced. */
const TRACE_DEPTH = 8;
/** Bounds on the extra work and memory a heavily tampered log costs: rows traced, and moved rows kept. */
const SEARCH_BUDGET = 10_000;
const MOVED_LIMIT = 100_000;

export async function verifyAudit(db: Db, opts: VerifyOptions = {}): Promise<AuditVerification> {
  const problems: AuditProblem[] = [];
  const maxProblems = opts.maxProblems ?? 1000;
  let problemsOmitted = 0;
  let searches = 0;
  const report = (kind: AuditProblemKind, seq: bigint | string | null, key: string, params: Record<string, unknown>) => {
    if (problems.length >= maxProblems) { problemsOmitted++; return; }
    const vars = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : v]));
    problems.push({ kind, seq: seq === null ? null : String(seq), message: both(key, vars) });
  };

  // Rows that hash correctly only under another seq: where they were recorded.
  const moved: Array<{ cur: bigint; orig: bigint }> = [];
  const movedByHash = new Map<string, bigint>();

  /** The seq under which `r` hashes correctly, traced through the row its prev_hash names. */
  async function originalSeq(r: StoredAuditRow, content: AuditContent, depth = 0): Promise<bigint | null> {
    const tryAs = (seq: bigint) => seq >= 1n && rowHashMatches(r.prev_hash, { ...content, seq: seq.toString() }, r.hash) ? seq : null;
    if (r.prev_hash === GENESIS_HASH) return tryAs(1n);
    if (depth === 0 && ++searches > SEARCH_BUDGET) return null;
    let before = movedByHash.get(r.prev_hash) ?? null;
    if (before === null) {
      const q = await findByHash(db, r.prev_hash);
      if (q) {
        const qc = contentOfStored(q);
        if (rowHashMatches(q.prev_hash, qc, q.hash)) before = BigInt(q.seq);
        else if (depth < TRACE_DEPTH) before = await originalSeq(q, qc, depth + 1);
      }
    }
    if (before !== null) return tryAs(before + 1n);
    // The row it was chained to is gone (deleted): look nearby, as after a renumbering.
    const s = BigInt(r.seq);
    for (let d = 1n; d <= RENUMBER_SEARCH; d++) {
      const found = tryAs(s + d) ?? tryAs(s - d);
      if (found !== null) return found;
    }
    return null;
  }

  // Checkpoints arrive in ascending size beside the rows; signatures are checked as each is read.
  const cps = scanCheckpoints(db);
  let checkpoints = 0;
  const nextCheckpoint = async (): Promise<Checkpoint | null> => {
    const n = await cps.next();
    if (n.done) return null;
    const cp = n.value;
    checkpoints++;
    if (opts.publicKey && !verifyCheckpointSignature(cp, opts.publicKey)) {
      report('checkpoint_signature', cp.treeSize, 'audit.verify.checkpoint_signature', { size: cp.treeSize });
    }
    for (const cs of cp.countersignatures) {
      const key = opts.partnerKeys && Object.hasOwn(opts.partnerKeys, cs.nodeId) ? opts.partnerKeys[cs.nodeId] : undefined;
      if (key && !verifyCountersignature(cp, cs, key)) {
        report('countersignature', cp.treeSize, 'audit.verify.countersignature', { size: cp.treeSize, node: cs.nodeId });
      }
    }
    return cp;
  };
  const checkRoot = (cp: Checkpoint, root: Buffer) => {
    if (root.toString('hex') !== cp.rootHash) report('checkpoint_root', cp.treeSize, 'audit.verify.checkpoint_root', { size: cp.treeSize });
  };
  let cp = await nextCheckpoint();
  while (cp && BigInt(cp.treeSize) === 0n) { checkRoot(cp, EMPTY_ROOT); cp = await nextCheckpoint(); }

  const frontier = new MerkleFrontier();
  let count = 0;
  let head: string | null = null;
  let expected = 1n;
  let groupSeq: bigint | null = null;
  let groupHashes: string[] = [];
  let groupRows = 0;
  let groupFlagged = false;
  let afterGap = false;
  let prevHashes = [GENESIS_HASH];
  let prevFlagged = false;

  for await (const r of scanAudit(db, { pageSize: opts.pageSize })) {
    count++;
    head = r.hash;
    frontier.push(Buffer.from(r.hash, 'hex'));
    const s = BigInt(r.seq);
    if (s !== groupSeq) {
      if (groupSeq !== null) {
        prevHashes = groupHashes;
        prevFlagged = groupFlagged;
        expected = groupSeq + 1n;
      }
      groupSeq = s;
      groupHashes = [];
      groupRows = 0;
      groupFlagged = false;
      afterGap = s > expected;
      if (afterGap) {
        if (s - 1n === expected) report('deleted', expected, 'audit.verify.deleted_one', { seq: expected });
        else report('deleted', expected, 'audit.verify.deleted', { from: expected, to: s - 1n });
      }
    }
    groupRows++;
    groupHashes.push(r.hash);
    if (groupRows === 2) {
      report('inserted', s, 'audit.verify.duplicate', { seq: s });
      groupFlagged = true;
    }

    const content = contentOfStored(r);
    if (!rowHashMatches(r.prev_hash, content, r.hash)) {
      groupFlagged = true;
      const orig = await originalSeq(r, content);
      if (orig !== null && orig !== s && moved.length < MOVED_LIMIT) {
        moved.push({ cur: s, orig });
        movedByHash.set(r.hash, orig);
      } else {
        report('altered', s, 'audit.verify.altered', { seq: s });
      }
    } else if (!prevHashes.includes(r.prev_hash)) {
      // A broken link continues the break before it (a tail re-hashed without its links): one event.
      groupFlagged = true;
      if (s === 1n) {
        report('deleted', s, 'audit.verify.genesis', { seq: s });
      } else if (!afterGap && !prevFlagged) {
        const q = await findByHash(db, r.prev_hash);
        const qs = q ? BigInt(q.seq) : null;
        if (qs === null) report('inserted', s - 1n, 'audit.verify.replaced', { seq: s - 1n, next: s });
        else if (qs < s - 1n) report('inserted', qs + 1n, 'audit.verify.skipped', { from: qs + 1n, to: s - 1n, next: s });
        else report('reordered', s, 'audit.verify.linked_forward', { seq: s, to: qs });
      }
    }

    while (cp && BigInt(cp.treeSize) === BigInt(count)) { checkRoot(cp, frontier.root()); cp = await nextCheckpoint(); }
  }

  // Checkpoints beyond the rows present. When the last seq is below the signed size the tail was cut
  // off (report the largest size once); otherwise rows are missing in between, already reported.
  let largest: Checkpoint | null = null;
  while (cp) { largest = cp; cp = await nextCheckpoint(); }
  const lastSeq = groupSeq ?? 0n;
  if (largest && lastSeq < BigInt(largest.treeSize)) report('truncated', lastSeq + 1n, 'audit.verify.truncated', { count, size: largest.treeSize });

  // Moved rows, in runs of consecutive seqs moved by the same distance.
  const curSet = new Set(moved.map((m) => m.cur));
  const origSet = new Set(moved.map((m) => m.orig));
  for (let i = 0; i < moved.length;) {
    let j = i + 1;
    const d = moved[i].cur - moved[i].orig;
    while (j < moved.length && moved[j].cur === moved[j - 1].cur + 1n && moved[j].cur - moved[j].orig === d) j++;
    const run = moved.slice(i, j);
    const first = run[0];
    const last = run[run.length - 1];
    if (run.every((m) => curSet.has(m.orig) && origSet.has(m.cur))) {
      for (const m of run) report('reordered', m.cur, 'audit.verify.reordered', { seq: m.cur, from: m.orig });
    } else if (d < 0n) {
      report('deleted', first.cur, 'audit.verify.renumbered_down', { from: first.cur, to: last.cur, count: -d });
    } else {
      report('inserted', first.cur - d, 'audit.verify.renumbered_up', { seq: first.cur - d, from: first.cur, to: last.cur, count: d });
    }
    i = j;
  }

  problems.sort((a, b) => {
    if (a.seq === null || b.seq === null) return a.seq === b.seq ? 0 : a.seq === null ? 1 : -1;
    const x = BigInt(a.seq);
    const y = BigInt(b.seq);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return { ok: problems.length === 0 && problemsOmitted === 0, count, problems, checkpoints, signaturesChecked: !!opts.publicKey, head, problemsOmitted };
}

/**
 * A partner's signed checkpoint as this node holds it (federation, issue 6): accepted after its signature and an
 * RFC 6962 consistency proof from the checkpoint held before it (of size `fromSize`, 0 for the first) were checked,
 * and kept with that proof.
 */
export interface HeldCheckpoint extends Omit<Checkpoint, 'countersignatures'> {
  fromSize: string;
  /** Consistency proof from the tree of `fromSize` rows to this one, hex hashes. */
  proof: string[];
}

/**
 * Re-checks the partner's checkpoints held here, without the partner: each is signed by the pinned key, and each
 * extends the one before it (the stored consistency proof from its size holds between the two roots). A held
 * checkpoint altered, removed or slipped in afterwards shows as a bad signature or a broken chain of proofs.
 * `held` in ascending tree size.
 */
export function verifyHeldCheckpoints(held: readonly HeldCheckpoint[], nodeId: string, publicKey: KeyObject): AuditProblem[] {
  const problems: AuditProblem[] = [];
  const report = (kind: AuditProblemKind, seq: string, key: string, vars: Record<string, unknown>) =>
    problems.push({ kind, seq, message: both(key, { node: nodeId, ...vars }) });
  let prev: HeldCheckpoint | null = null;
  for (const h of held) {
    if (h.nodeId !== nodeId || !verifyCheckpointSignature({ ...h, countersignatures: [] }, publicKey)) {
      report('partner_signature', h.treeSize, 'federation.pprl.verify.partnerSignature', { size: h.treeSize });
    }
    const fromSize = prev ? prev.treeSize : '0';
    const fromRoot = prev ? Buffer.from(prev.rootHash, 'hex') : EMPTY_ROOT;
    if (h.fromSize !== fromSize) {
      report('partner_missing', h.treeSize, 'federation.pprl.verify.partnerMissing', { size: h.treeSize, from: h.fromSize, held: fromSize });
    } else {
      let ok = false;
      try {
        ok = verifyConsistency(Number(fromSize), Number(h.treeSize), fromRoot, Buffer.from(h.rootHash, 'hex'), h.proof.map((x) => Buffer.from(x, 'hex')));
      } catch {
        ok = false;
      }
      if (!ok) report('partner_inconsistent', h.treeSize, 'federation.pprl.verify.partnerInconsistent', { from: fromSize, size: h.treeSize });
    }
    prev = h;
  }
  return problems;
}
