import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  EMPTY_ROOT, MerkleFrontier, consistencyProof, hashChildren, hashLeaf, inclusionProof, merkleRoot, rootFromLeafHashes,
  splitPoint, verifyConsistency, verifyInclusion,
} from '../src/audit/merkle';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const unhex = (s: string) => Buffer.from(s, 'hex');

// The RFC 6962 reference tree used by certificate-transparency-go and Trillian (transparency-dev/merkle testonly).
const DATA = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(unhex);
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const LEAVES = DATA.map(hashLeaf);
const INCLUSION = [
  { index: 0, size: 8, proof: ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'] },
  { index: 5, size: 8, proof: ['bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'] },
  { index: 0, size: 1, proof: [] },
];
const CONSISTENCY = [
  { m: 1, n: 8, proof: ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'] },
  { m: 2, n: 8, proof: ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'] },
  { m: 6, n: 8, proof: ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'] },
  { m: 2, n: 5, proof: ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b'] },
];

test('RFC 6962 reference roots for sizes 0..8, by recursion and by frontier', () => {
  assert.equal(hex(EMPTY_ROOT), ROOTS[0]);
  const frontier = new MerkleFrontier();
  assert.equal(hex(frontier.root()), ROOTS[0]);
  for (let n = 1; n <= 8; n++) {
    assert.equal(hex(merkleRoot(DATA.slice(0, n))), ROOTS[n], `size ${n}`);
    frontier.push(DATA[n - 1]);
    assert.equal(hex(frontier.root()), ROOTS[n], `frontier size ${n}`);
  }
  // Domain separation: the leaf hash of "" is SHA-256(0x00), and a node hashes 0x01 ‖ l ‖ r.
  assert.equal(hex(hashLeaf(new Uint8Array())), ROOTS[1]);
  assert.equal(hex(hashChildren(LEAVES[0], LEAVES[1])), ROOTS[2]);
});

test('the split is the largest power of two below n, not the midpoint', () => {
  for (const [n, k] of [[2, 1], [3, 2], [4, 2], [5, 4], [6, 4], [7, 4], [8, 4], [9, 8], [1000, 512]]) assert.equal(splitPoint(n), k, `n=${n}`);
});

test('reference inclusion proofs', () => {
  for (const v of INCLUSION) {
    const leaves = LEAVES.slice(0, v.size);
    assert.deepEqual(inclusionProof(leaves, v.index).map(hex), v.proof);
    assert.ok(verifyInclusion(LEAVES[v.index], v.index, v.size, v.proof.map(unhex), unhex(ROOTS[v.size])));
  }
});

test('reference consistency proofs', () => {
  for (const v of CONSISTENCY) {
    assert.deepEqual(consistencyProof(LEAVES.slice(0, v.n), v.m).map(hex), v.proof, `${v.m}->${v.n}`);
    assert.ok(verifyConsistency(v.m, v.n, unhex(ROOTS[v.m]), unhex(ROOTS[v.n]), v.proof.map(unhex)), `${v.m}->${v.n}`);
  }
});

test('degenerate and malformed inputs', () => {
  const root8 = unhex(ROOTS[8]);
  assert.ok(verifyConsistency(8, 8, root8, root8, []));
  assert.ok(!verifyConsistency(8, 8, root8, unhex(ROOTS[7]), []));
  assert.ok(!verifyConsistency(8, 8, root8, root8, [root8]));
  assert.ok(verifyConsistency(0, 8, EMPTY_ROOT, root8, []));
  assert.ok(!verifyConsistency(0, 8, unhex(ROOTS[1]), root8, []));
  assert.ok(!verifyConsistency(6, 8, unhex(ROOTS[6]), root8, []));
  assert.ok(!verifyConsistency(8, 6, root8, unhex(ROOTS[6]), []));
  const p = inclusionProof(LEAVES, 5);
  assert.ok(!verifyInclusion(LEAVES[5], 8, 8, p, root8));
  assert.ok(!verifyInclusion(LEAVES[5], -1, 8, p, root8));
  assert.ok(!verifyInclusion(LEAVES[5].subarray(0, 31), 5, 8, p, root8));
  assert.ok(!verifyInclusion(LEAVES[5], 5, 8, [p[0].subarray(0, 31), ...p.slice(1)], root8));
  assert.throws(() => inclusionProof(LEAVES, 8), RangeError);
  assert.throws(() => inclusionProof([], 0), RangeError);
  assert.throws(() => consistencyProof(LEAVES, 9), RangeError);
  assert.equal(hex(rootFromLeafHashes([])), ROOTS[0]);
});

const leafSet = fc.array(fc.uint8Array({ maxLength: 12 }), { minLength: 1, maxLength: 70 }).map((d) => d.map(hashLeaf));
const flip = (proof: Buffer[], i: number, bit: number) => proof.map((h, j) => (j === i ? Buffer.from(h.map((b, k) => (k === bit >> 3 ? b ^ (1 << (bit & 7)) : b))) : h));

test('property: every inclusion proof verifies; a flipped bit, a wrong leaf, a wrong index or a cut proof does not', () => {
  fc.assert(fc.property(leafSet, fc.nat(), fc.nat(255), (leaves, i0, bit) => {
    const n = leaves.length;
    const i = i0 % n;
    const root = rootFromLeafHashes(leaves);
    const proof = inclusionProof(leaves, i);
    assert.ok(verifyInclusion(leaves[i], i, n, proof, root));
    if (proof.length) assert.ok(!verifyInclusion(leaves[i], i, n, flip(proof, i0 % proof.length, bit), root));
    assert.ok(!verifyInclusion(Buffer.from(leaves[i].map((b, k) => (k === 0 ? b ^ 1 : b))), i, n, proof, root));
    if (n > 1) {
      const other = (i + 1) % n;
      if (!leaves[other].equals(leaves[i])) assert.ok(!verifyInclusion(leaves[i], other, n, proof, root));
    }
    if (proof.length) assert.ok(!verifyInclusion(leaves[i], i, n, proof.slice(1), root));
    assert.ok(!verifyInclusion(leaves[i], i, n, [...proof, root], root));
  }), { numRuns: 300 });
});

test('property: every consistency proof verifies; a flipped bit or a wrong old root does not', () => {
  fc.assert(fc.property(leafSet, fc.nat(), fc.nat(255), (leaves, m0, bit) => {
    const n = leaves.length;
    const m = m0 % (n + 1);
    const rootM = rootFromLeafHashes(leaves.slice(0, m));
    const rootN = rootFromLeafHashes(leaves);
    const proof = consistencyProof(leaves, m);
    assert.ok(verifyConsistency(m, n, rootM, rootN, proof), `${m}->${n}`);
    if (proof.length) {
      assert.ok(!verifyConsistency(m, n, rootM, rootN, flip(proof, m0 % proof.length, bit)));
      assert.ok(!verifyConsistency(m, n, rootM, rootN, proof.slice(0, -1)));
    }
    if (m > 0 && m < n) {
      const forged = Buffer.from(rootM.map((b, k) => (k === bit % 32 ? b ^ 1 : b)));
      assert.ok(!verifyConsistency(m, n, forged, rootN, proof));
      // A history that changed one old leaf is not consistent with the new tree.
      const changed = leaves.map((l, k) => (k === m0 % m ? hashLeaf(Buffer.concat([l, Buffer.from([1])])) : l));
      assert.ok(!verifyConsistency(m, n, rootFromLeafHashes(changed.slice(0, m)), rootN, proof));
    }
  }), { numRuns: 300 });
});

test('property: the streaming frontier agrees with the recursive root at every size', () => {
  fc.assert(fc.property(fc.array(fc.uint8Array({ maxLength: 8 }), { maxLength: 80 }), (data) => {
    const f = new MerkleFrontier();
    data.forEach((d, i) => {
      f.push(d);
      assert.equal(hex(f.root()), hex(merkleRoot(data.slice(0, i + 1))));
    });
    assert.equal(f.size, data.length);
  }), { numRuns: 100 });
});
