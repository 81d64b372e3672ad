import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { sql } from 'kysely';
import { openTestStore, storeKind } from './helpers/store';
import type { StoreHandle } from '../src/store/db';
import type { Actor } from '../src/context';
import {
  AuditError, addCountersignature, appendAudit, checkpointNote, countersignCheckpoint, createCheckpoint, formatSignedNote, keyIdOf,
  listCheckpoints, loadNodeKey, merkle, parseSignedNote, proveConsistency, proveInclusion, publicKeyFromPem, rawPublicKey,
  verifyAudit, verifyCheckpointSignature, type Checkpoint, type NodeKey,
} from '../src/audit/index';
import { scanAudit } from '../src/audit/log';

const actor: Actor = { kind: 'user', id: 'u9', username: 'us.analyst', agencyId: 'us-fincen', country: 'US', roles: ['analyst'], purpose: 'financial_intelligence' };

describe('node key', () => {
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'puente-key-')); });
  after(() => { rmSync(dir, { recursive: true, force: true }); });

  test('created on first use as an Ed25519 PEM readable only by its owner, then reused', () => {
    const k1 = loadNodeKey(dir);
    const file = join(dir, 'keys', 'node-ed25519.pem');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.match(readFileSync(file, 'utf8'), /^-----BEGIN PRIVATE KEY-----/);
    assert.equal(k1.privateKey.asymmetricKeyType, 'ed25519');
    const k2 = loadNodeKey(dir);
    assert.equal(k2.keyId, k1.keyId);
    assert.equal(k2.publicKeyPem, k1.publicKeyPem);
    // keyId = first 16 hex digits of SHA-256 over the raw 32-byte public key.
    const raw = rawPublicKey(k1.publicKey);
    assert.equal(raw.length, 32);
    assert.equal(k1.keyId, createHash('sha256').update(raw).digest('hex').slice(0, 16));
    assert.equal(keyIdOf(publicKeyFromPem(k1.publicKeyPem)), k1.keyId);
  });

  test('a key file other users can read is refused; a non-Ed25519 key is refused', () => {
    const d = mkdtempSync(join(tmpdir(), 'puente-key-'));
    try {
      loadNodeKey(d);
      chmodSync(join(d, 'keys', 'node-ed25519.pem'), 0o644);
      assert.throws(() => loadNodeKey(d), (e: unknown) => e instanceof AuditError && e.key === 'audit.key.permissions');
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    assert.throws(() => publicKeyFromPem(rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString()), AuditError);
  });
});

describe(`checkpoints (${storeKind})`, () => {
  let store: StoreHandle;
  let dir: string;
  let mx: NodeKey;
  let us: NodeKey;
  before(async () => {
    store = await openTestStore();
    dir = mkdtempSync(join(tmpdir(), 'puente-cp-'));
    mx = loadNodeKey(join(dir, 'mx'));
    us = loadNodeKey(join(dir, 'us'));
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const append = async (n: number) => {
    for (let i = 0; i < n; i++) await appendAudit(store.db, { action: 'entity.read', outcome: 'ok', actor, resourceId: `r${i}` });
  };
  const rowHashes = async () => {
    const out: Buffer[] = [];
    for await (const r of scanAudit(store.db)) out.push(Buffer.from(r.hash, 'hex'));
    return out;
  };

  let cp5: Checkpoint;
  let cp11: Checkpoint;

  test('a checkpoint is the RFC 6962 root over the row hashes, signed by the node', async () => {
    const empty = await createCheckpoint(store.db, mx, 'mx-node', new Date('2026-07-01T00:00:00.000Z'));
    assert.equal(empty.treeSize, '0');
    assert.equal(empty.rootHash, merkle.EMPTY_ROOT.toString('hex'));
    await append(5);
    cp5 = await createCheckpoint(store.db, mx, 'mx-node', new Date('2026-07-01T00:05:00.000Z'));
    assert.equal(cp5.treeSize, '5');
    assert.equal(cp5.rootHash, merkle.merkleRoot(await rowHashes()).toString('hex'));
    assert.equal(cp5.ts, '2026-07-01T00:05:00.000Z');
    assert.equal(cp5.keyId, mx.keyId);
    assert.equal(cp5.nodeId, 'mx-node');
    assert.deepEqual(cp5.countersignatures, []);
    assert.ok(verifyCheckpointSignature(cp5, mx.publicKey));
    assert.ok(!verifyCheckpointSignature(cp5, us.publicKey), 'another node\'s key');
    for (const forged of [{ ...cp5, treeSize: '4' }, { ...cp5, rootHash: 'ab'.repeat(32) }, { ...cp5, ts: '2026-07-01T00:05:00.001Z' },
      { ...cp5, nodeId: 'us-node' }, { ...cp5, signature: Buffer.alloc(64).toString('base64') }, { ...cp5, signature: 'not base64!' }]) {
      assert.ok(!verifyCheckpointSignature(forged, mx.publicKey), JSON.stringify(forged));
    }
    // Nothing appended since: the same checkpoint comes back.
    const again = await createCheckpoint(store.db, mx, 'mx-node');
    assert.deepEqual(again, cp5);
    assert.throws(() => countersignCheckpoint(cp5, us, 'bad id with spaces'), AuditError);
  });

  test('the signed note has the documented text form and parses back', async () => {
    assert.equal(checkpointNote(cp5), `mx-node\n5\n${Buffer.from(cp5.rootHash, 'hex').toString('base64')}\nts 2026-07-01T00:05:00.000Z\n`);
    const text = formatSignedNote(cp5);
    const lines = text.split('\n');
    assert.equal(lines[4], '');
    assert.match(lines[5], /^\u2014 mx-node [A-Za-z0-9+/]{96}$/);
    assert.equal(Buffer.from(lines[5].split(' ')[2], 'base64').subarray(0, 8).toString('hex'), mx.keyId);
    assert.deepEqual(parseSignedNote(text), cp5);
  });

  test('the partner countersigns; the countersignature is checked and stored, once', async () => {
    // The partner receives the note, checks the origin's signature, and countersigns.
    const received = parseSignedNote(formatSignedNote(cp5));
    assert.ok(verifyCheckpointSignature(received, mx.publicKey));
    const cs = countersignCheckpoint(received, us, 'us-node');
    assert.equal(cs.keyId, us.keyId);
    // A countersignature checked against the wrong key, or made over another checkpoint, is refused.
    await assert.rejects(addCountersignature(store.db, '5', cs, mx.publicKey), (e: unknown) => e instanceof AuditError && e.key === 'audit.countersign.invalid');
    const other = countersignCheckpoint({ ...cp5, treeSize: '4' }, us, 'us-node');
    await assert.rejects(addCountersignature(store.db, '5', other, us.publicKey), AuditError);
    await assert.rejects(addCountersignature(store.db, '77', cs, us.publicKey), (e: unknown) => e instanceof AuditError && e.code === 'not_found');

    const stored = await addCountersignature(store.db, '5', cs, us.publicKey);
    assert.deepEqual(stored.countersignatures, [cs]);
    assert.deepEqual((await addCountersignature(store.db, '5', cs, us.publicKey)).countersignatures, [cs], 'idempotent');
    const text = formatSignedNote(stored);
    assert.match(text, /\n\u2014 us-node [^\n]+\n$/);
    assert.deepEqual(parseSignedNote(text), stored);

    const report = await verifyAudit(store.db, { publicKey: mx.publicKey, partnerKeys: { 'us-node': us.publicKey } });
    assert.deepEqual(report.problems, []);
    assert.equal(report.checkpoints, 2);
    assert.equal(report.signaturesChecked, true);
  });

  test('a stored checkpoint can gain countersignatures and nothing else', async () => {
    await assert.rejects(sql`update audit_checkpoints set root_hash = ${'00'.repeat(32)} where tree_size = 5`.execute(store.db), /countersignatures/);
    await assert.rejects(sql`update audit_checkpoints set countersignatures = '[]' where tree_size = 5`.execute(store.db), /countersignatures/);
    await assert.rejects(sql`update audit_checkpoints set countersignatures = '[{"nodeId":"x"}]' where tree_size = 5`.execute(store.db), /countersignatures/);
    await assert.rejects(sql`delete from audit_checkpoints`.execute(store.db), /append-only/);
    await assert.rejects(sql`truncate audit_checkpoints`.execute(store.db), /append-only/);
    // A bad countersignature slipped in behind the node's back is reported by verification.
    await sql`update audit_checkpoints set countersignatures = countersignatures || ${JSON.stringify([{ nodeId: 'us-node', keyId: us.keyId, signature: Buffer.alloc(64, 1).toString('base64') }])}::jsonb where tree_size = 5`.execute(store.db);
    const report = await verifyAudit(store.db, { publicKey: mx.publicKey, partnerKeys: { 'us-node': us.publicKey } });
    assert.deepEqual(report.problems.map((p) => `${p.kind}@${p.seq}`), ['countersignature@5']);
    assert.match(report.problems[0].message.es, /contrafirma de us-node/);
  });

  test('inclusion and consistency proofs from the store verify against checkpoint roots', async () => {
    await append(6);
    cp11 = await createCheckpoint(store.db, mx, 'mx-node');
    assert.equal(cp11.treeSize, '11');
    const root5 = Buffer.from(cp5.rootHash, 'hex');
    const root11 = Buffer.from(cp11.rootHash, 'hex');
    const proof = (await proveConsistency(store.db, '5', '11')).map((h) => Buffer.from(h, 'hex'));
    assert.ok(merkle.verifyConsistency(5, 11, root5, root11, proof));
    assert.ok(!merkle.verifyConsistency(5, 11, Buffer.alloc(32), root11, proof));
    const hashes = await rowHashes();
    for (const seq of [1, 5, 6, 11]) {
      const path = (await proveInclusion(store.db, String(seq), '11')).map((h) => Buffer.from(h, 'hex'));
      assert.ok(merkle.verifyInclusion(merkle.hashLeaf(hashes[seq - 1]), seq - 1, 11, path, root11), `row ${seq}`);
    }
    assert.deepEqual((await listCheckpoints(store.db)).map((c) => c.treeSize), ['11', '5', '0']);
    assert.deepEqual((await listCheckpoints(store.db, { beforeSize: '11', limit: 1 })).map((c) => c.treeSize), ['5']);
  });

  test('concurrent checkpoints of the same head store one', async () => {
    await append(1);
    const made = await Promise.all([1, 2, 3].map(() => createCheckpoint(store.db, mx, 'mx-node')));
    assert.equal(new Set(made.map((c) => c.signature)).size, 1);
    assert.equal((await listCheckpoints(store.db)).filter((c) => c.treeSize === '12').length, 1);
  });

  test('no checkpoint is signed over a broken log', async () => {
    await append(2);
    await store.db.transaction().execute(async (tx) => {
      await sql`set local session_replication_role = replica`.execute(tx);
      await sql`update audit_events set action = 'login' where seq = 13`.execute(tx);
    });
    await assert.rejects(createCheckpoint(store.db, mx, 'mx-node'), (e: unknown) => e instanceof AuditError && e.code === 'integrity' && /row 13/.test(e.message));
    assert.equal((await listCheckpoints(store.db, { limit: 1 }))[0].treeSize, '12');
  });

  test('fuzz: the note parser accepts exactly what it can read and never throws anything but AuditError', () => {
    const valid = formatSignedNote(cp11);
    const check = (text: string) => {
      try {
        const cp = parseSignedNote(text);
        // Whatever parses formats back to the same text: a note has one reading.
        assert.equal(formatSignedNote(cp), text);
      } catch (e) {
        assert.ok(e instanceof AuditError, String(e));
      }
    };
    fc.assert(fc.property(fc.string({ maxLength: 300 }), check), { numRuns: 500 });
    fc.assert(fc.property(fc.nat(valid.length - 1), fc.nat(valid.length), fc.string({ maxLength: 4, unit: 'binary' }), (at, len, insert) => {
      check(valid.slice(0, at) + insert + valid.slice(at + (len % 5)));
    }), { numRuns: 1000 });
    // A mutated note that still parses must not still carry a valid signature unless it is the same checkpoint.
    fc.assert(fc.property(fc.nat(valid.length - 1), fc.integer({ min: 1, max: 255 }), (at, x) => {
      const bytes = Buffer.from(valid, 'utf8');
      bytes[at] ^= x;
      let cp: Checkpoint;
      try { cp = parseSignedNote(bytes.toString('utf8')); } catch { return; }
      if (checkpointNote(cp) !== checkpointNote(cp11) || cp.signature !== cp11.signature) assert.ok(!verifyCheckpointSignature(cp, mx.publicKey));
    }), { numRuns: 1000 });
  });
});
