/**
 * RFC 6962 Merkle tree hashing (Certificate Transparency), as restated in RFC 9162 §2.1:
 *   MTH({})      = SHA-256()
 *   leaf hash    = SHA-256(0x00 ‖ d)           — domain separation, so a leaf can never pose as a node
 *   node hash    = SHA-256(0x01 ‖ left ‖ right)
 *   MTH(D[n])    = node(MTH(D[0:k]), MTH(D[k:n])), k the largest power of two < n.
 * Pure functions over byte arrays; indices and sizes are plain numbers (safe up to 2^53 leaves).
 * Proof generation takes the leaf hashes of the whole tree; verification needs only the proof.
 */
import { createHash } from 'node:crypto';

export type Hash = Buffer;

const sha256 = (...parts: Uint8Array[]): Hash => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const LEAF = Uint8Array.of(0x00);
const NODE = Uint8Array.of(0x01);

export const EMPTY_ROOT: Hash = sha256();
export const hashLeaf = (data: Uint8Array): Hash => sha256(LEAF, data);
export const hashChildren = (left: Uint8Array, right: Uint8Array): Hash => sha256(NODE, left, right);

/** Largest power of two strictly less than n (n ≥ 2): the RFC 6962 split point. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}

/** MTH over already-hashed leaves. */
export function rootFromLeafHashes(leaves: readonly Uint8Array[]): Hash {
  if (leaves.length === 0) return EMPTY_ROOT;
  if (leaves.length === 1) return Buffer.from(leaves[0]);
  const k = splitPoint(leaves.length);
  return hashChildren(rootFromLeafHashes(leaves.slice(0, k)), rootFromLeafHashes(leaves.slice(k)));
}

/** MTH over leaf data (each entry is hashed as a leaf first). */
export const merkleRoot = (data: readonly Uint8Array[]): Hash => rootFromLeafHashes(data.map(hashLeaf));

/** RFC 6962 §2.1.1 PATH(m, D[n]): audit path of leaf `index` in the tree of `leaves`. */
export function inclusionProof(leaves: readonly Uint8Array[], index: number): Hash[] {
  if (!Number.isInteger(index) || index < 0 || index >= leaves.length) throw new RangeError(`leaf ${index} not in tree of ${leaves.length}`);
  if (leaves.length === 1) return [];
  const k = splitPoint(leaves.length);
  return index < k
    ? [...inclusionProof(leaves.slice(0, k), index), rootFromLeafHashes(leaves.slice(k))]
    : [...inclusionProof(leaves.slice(k), index - k), rootFromLeafHashes(leaves.slice(0, k))];
}

/** RFC 6962 §2.1.2 PROOF(m, D[n]): consistency proof from the first `m` leaves to all of `leaves`. */
export function consistencyProof(leaves: readonly Uint8Array[], m: number): Hash[] {
  if (!Number.isInteger(m) || m < 0 || m > leaves.length) throw new RangeError(`size ${m} not within tree of ${leaves.length}`);
  if (m === 0 || m === leaves.length) return [];
  const sub = (m: number, d: readonly Uint8Array[], complete: boolean): Hash[] => {
    if (m === d.length) return complete ? [] : [rootFromLeafHashes(d)];
    const k = splitPoint(d.length);
    return m <= k
      ? [...sub(m, d.slice(0, k), complete), rootFromLeafHashes(d.slice(k))]
      : [...sub(m - k, d.slice(k), false), rootFromLeafHashes(d.slice(0, k))];
  };
  return sub(m, leaves, true);
}

const is32 = (b: unknown): b is Uint8Array => b instanceof Uint8Array && b.length === 32;
const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.compare(a, b) === 0;

/** RFC 9162 §2.1.3.2: does `proof` show that `leafHash` is leaf `index` of the tree of `size` with `root`? */
export function verifyInclusion(leafHash: Uint8Array, index: number, size: number, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  if (!is32(leafHash) || !is32(root) || !Array.isArray(proof) || !proof.every(is32)) return false;
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = leafHash;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = hashChildren(p, r);
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
    } else {
      r = hashChildren(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equal(r, root);
}

/** RFC 9162 §2.1.4.2: does `proof` show the tree of size `n` with `rootN` extends the one of size `m` with `rootM`? */
export function verifyConsistency(m: number, n: number, rootM: Uint8Array, rootN: Uint8Array, proof: readonly Uint8Array[]): boolean {
  if (!Number.isSafeInteger(m) || !Number.isSafeInteger(n) || m < 0 || m > n) return false;
  if (!is32(rootM) || !is32(rootN) || !Array.isArray(proof) || !proof.every(is32)) return false;
  // Degenerate cases RFC 9162 leaves to the caller: equal sizes, and the empty tree (a prefix of every tree).
  if (m === n) return proof.length === 0 && equal(rootM, rootN);
  if (m === 0) return proof.length === 0 && equal(rootM, EMPTY_ROOT);
  if (proof.length === 0) return false;
  // When m is a power of two the old root is itself a node of the new tree and is left out of the proof.
  const path = isPowerOfTwo(m) ? [rootM, ...proof] : [...proof];
  let fn = m - 1;
  let sn = n - 1;
  while (fn % 2 === 1) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
  let fr: Uint8Array = path[0];
  let sr: Uint8Array = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equal(fr, rootM) && equal(sr, rootN);
}

/**
 * The root of a growing tree in O(log n) memory: the "compact range" of perfect subtrees a log keeps
 * at its right edge. Folding the subtrees right to left gives exactly MTH, because RFC 6962's split
 * at the largest power of two is the binary decomposition of n. Used to recompute checkpoint roots
 * while streaming the audit table.
 */
export class MerkleFrontier {
  private readonly stack: Array<{ size: number; hash: Hash }> = [];
  size = 0;

  /** Appends one leaf given as data (hashed here as a leaf). */
  push(data: Uint8Array): void {
    let node = { size: 1, hash: hashLeaf(data) };
    while (this.stack.length && this.stack[this.stack.length - 1].size === node.size) {
      const left = this.stack.pop()!;
      node = { size: left.size * 2, hash: hashChildren(left.hash, node.hash) };
    }
    this.stack.push(node);
    this.size += 1;
  }

  root(): Hash {
    if (!this.stack.length) return EMPTY_ROOT;
    let h = this.stack[this.stack.length - 1].hash;
    for (let i = this.stack.length - 2; i >= 0; i--) h = hashChildren(this.stack[i].hash, h);
    return h;
  }
}
