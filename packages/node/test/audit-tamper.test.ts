/**
 * What a database superuser can do behind the append-only triggers, and what verifyAudit says about
 * it. Each scenario builds a fresh 8-row log, tampers with it the way an attacker with the database
 * password would (triggers disabled, or session_replication_role = replica), and checks the verdict:
 * the kind of problem and the row it is reported at.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { sql, type Transaction } from 'kysely';
import { openTestStore, storeKind } from './helpers/store';
import type { StoreHandle } from '../src/store/db';
import type { DB } from '../src/store/schema';
import type { Actor } from '../src/context';
import { appendAudit, chainHash, createCheckpoint, loadNodeKey, verifyAudit, type NodeKey } from '../src/audit/index';
import { contentOfStored, scanAudit, type StoredAuditRow } from '../src/audit/log';

const actor: Actor = { kind: 'user', id: 'u1', username: 'mx.analyst', agencyId: 'mx-uif', country: 'MX', roles: ['analyst'], purpose: 'criminal_investigation' };
const N = 8;

type Mode = 'disable-triggers' | 'replica';
/** Runs `fn` as an attacker: with the append-only triggers out of the way. */
async function tamper(store: StoreHandle, mode: Mode, fn: (tx: Transaction<DB>) => Promise<void>) {
  await store.db.transaction().execute(async (tx) => {
    if (mode === 'replica') await sql`set local session_replication_role = replica`.execute(tx);
    else await sql`alter table audit_events disable trigger all; alter table audit_checkpoints disable trigger all`.execute(tx);
    await fn(tx);
    if (mode === 'disable-triggers') await sql`alter table audit_events enable trigger all; alter table audit_checkpoints enable trigger all`.execute(tx);
  });
}

async function rows(store: StoreHandle): Promise<StoredAuditRow[]> {
  const out: StoredAuditRow[] = [];
  for await (const r of scanAudit(store.db)) out.push(r);
  return out;
}

/** Re-hashes a stored row as an attacker would, after changing its content and/or prev_hash. */
function rehash(r: StoredAuditRow, changes: Partial<StoredAuditRow>): StoredAuditRow {
  const next = { ...r, ...changes };
  return { ...next, hash: chainHash(next.prev_hash, contentOfStored(next)) };
}

async function writeRow(tx: Transaction<DB>, r: StoredAuditRow) {
  await tx.insertInto('audit_events').values({
    seq: r.seq, ts: r.ts_text, actor_id: r.actor_id, actor_agency: r.actor_agency, actor_country: r.actor_country, action: r.action,
    outcome: r.outcome, resource_type: r.resource_type, resource_id: r.resource_id, purpose: r.purpose, legal_basis: r.legal_basis,
    request_id: r.request_id, detail: JSON.stringify(r.detail), prev_hash: r.prev_hash, hash: r.hash,
  }).execute();
}

const verdict = (report: Awaited<ReturnType<typeof verifyAudit>>) => report.problems.map((p) => `${p.kind}@${p.seq}`);

describe(`audit tampering is detected (${storeKind})`, () => {
  let store: StoreHandle;
  let dir: string;
  let key: NodeKey;
  before(async () => {
    store = await openTestStore();
    dir = mkdtempSync(join(tmpdir(), 'puente-audit-'));
    key = loadNodeKey(dir);
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh log of N rows (and optionally a checkpoint over all of them). */
  async function freshLog(opts: { checkpoint?: boolean } = {}) {
    await tamper(store, 'replica', async (tx) => { await sql`truncate audit_events, audit_checkpoints`.execute(tx); });
    const t0 = Date.parse('2026-05-05T10:00:00.000Z');
    for (let i = 1; i <= N; i++) {
      await appendAudit(store.db, { action: 'entity.read', outcome: 'ok', actor, resourceType: 'entity', resourceId: `e-${i}`, legalBasis: 'CNPP art. 212', detail: { n: i } }, new Date(t0 + i * 1000));
    }
    if (opts.checkpoint) await createCheckpoint(store.db, key, 'mx-node');
    const report = await verifyAudit(store.db, { publicKey: key.publicKey });
    assert.deepEqual(report.problems, [], 'the fresh log verifies');
    return rows(store);
  }

  test('ALTERED row: content edited in place', async () => {
    await freshLog();
    await tamper(store, 'disable-triggers', async (tx) => {
      await sql`update audit_events set detail = '{"n": 99}', outcome = 'denied' where seq = 3`.execute(tx);
    });
    const report = await verifyAudit(store.db);
    assert.equal(report.ok, false);
    assert.deepEqual(verdict(report), ['altered@3']);
    assert.match(report.problems[0].message.en, /Row 3 was altered/);
    assert.match(report.problems[0].message.es, /registro 3 fue alterado/);
  });

  test('ALTERED row: timestamp moved by one microsecond (finer than anything written)', async () => {
    await freshLog();
    await tamper(store, 'replica', async (tx) => { await sql`update audit_events set ts = ts + interval '1 microsecond' where seq = 6`.execute(tx); });
    assert.deepEqual(verdict(await verifyAudit(store.db)), ['altered@6']);
  });

  test('ALTERED row: stored hash overwritten', async () => {
    const log = await freshLog();
    await tamper(store, 'replica', async (tx) => {
      await sql`update audit_events set hash = ${log[0].hash.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'))} where seq = 5`.execute(tx);
    });
    assert.deepEqual(verdict(await verifyAudit(store.db)), ['altered@5']);
  });

  test('DELETED row: a gap in seq', async () => {
    await freshLog();
    await tamper(store, 'replica', async (tx) => { await sql`delete from audit_events where seq in (4, 5)`.execute(tx); });
    const report = await verifyAudit(store.db);
    assert.deepEqual(verdict(report), ['deleted@4']);
    assert.match(report.problems[0].message.en, /Rows 4 to 5 are missing/);
  });

  test('DELETED row: the first row', async () => {
    await freshLog();
    await tamper(store, 'disable-triggers', async (tx) => { await sql`delete from audit_events where seq = 1`.execute(tx); });
    assert.deepEqual(verdict(await verifyAudit(store.db)), ['deleted@1']);
  });

  test('DELETED row, the rest renumbered to close the gap (prev_hash no longer matches)', async () => {
    await freshLog();
    await tamper(store, 'disable-triggers', async (tx) => {
      await sql`delete from audit_events where seq = 3`.execute(tx);
      await sql`update audit_events set seq = seq + 1000 where seq > 3`.execute(tx);
      await sql`update audit_events set seq = seq - 1001 where seq > 1000`.execute(tx);
    });
    const report = await verifyAudit(store.db);
    assert.deepEqual(verdict(report), ['deleted@3']);
    assert.match(report.problems[0].message.en, /renumbered down by 1/);
  });

  test('INSERTED row: a forged row with a recomputed hash in place of row 4 breaks the next link', async () => {
    const log = await freshLog();
    const forged = rehash(log[3], { detail: { n: 4, note: 'nothing to see' }, outcome: 'ok', actor_id: 'someone-else' });
    await tamper(store, 'replica', async (tx) => {
      await sql`delete from audit_events where seq = 4`.execute(tx);
      await writeRow(tx, forged);
    });
    const report = await verifyAudit(store.db);
    assert.deepEqual(verdict(report), ['inserted@4']);
    assert.match(report.problems[0].message.en, /Row 4 is not the row that row 5 was chained to/);
  });

  test('INSERTED row: a second row with an existing seq (primary key dropped)', async () => {
    const log = await freshLog();
    const forged = rehash(log[5], { detail: { n: 6, forged: true } }); // links correctly to row 5
    await tamper(store, 'disable-triggers', async (tx) => {
      await sql`alter table audit_events drop constraint audit_events_pkey`.execute(tx);
      await writeRow(tx, forged);
    });
    try {
      assert.deepEqual(verdict(await verifyAudit(store.db, { pageSize: 3 })), ['inserted@6']);
    } finally {
      await tamper(store, 'disable-triggers', async (tx) => {
        await sql`delete from audit_events where hash = ${forged.hash}`.execute(tx);
        await sql`alter table audit_events add primary key (seq)`.execute(tx);
      });
    }
  });

  test('INSERTED row: rows renumbered up to make room for a forged row', async () => {
    const log = await freshLog();
    const forged = rehash(log[3], { detail: { n: 3.5 }, resource_id: 'e-forged' }); // seq 4, prev = hash of row 3
    await tamper(store, 'disable-triggers', async (tx) => {
      await sql`update audit_events set seq = seq + 1001 where seq >= 4`.execute(tx);
      await sql`update audit_events set seq = seq - 1000 where seq > 1000`.execute(tx);
      await writeRow(tx, forged);
    });
    const report = await verifyAudit(store.db);
    assert.deepEqual(verdict(report), ['inserted@4']);
    assert.match(report.problems[0].message.en, /renumbered up by 1/);
  });

  test('INSERTED row: later rows renumbered and re-hashed, their links left pointing past the forgery', async () => {
    const log = await freshLog();
    const forged = rehash(log[3], { detail: { n: 0 } });
    const shifted = log.slice(3).map((r) => rehash(r, { seq: String(Number(r.seq) + 1) }));
    await tamper(store, 'replica', async (tx) => {
      await sql`delete from audit_events where seq >= 4`.execute(tx);
      await writeRow(tx, forged);
      for (const r of shifted) await writeRow(tx, r);
    });
    const report = await verifyAudit(store.db);
    assert.deepEqual(verdict(report), ['inserted@4']);
    assert.match(report.problems[0].message.en, /Rows 4 to 4 sit between row 5 and the row it was chained to/);
  });

  test('REORDERED rows: two seq values swapped', async () => {
    await freshLog();
    await tamper(store, 'disable-triggers', async (tx) => {
      await sql`update audit_events set seq = 100 where seq = 2`.execute(tx);
      await sql`update audit_events set seq = 2 where seq = 6`.execute(tx);
      await sql`update audit_events set seq = 6 where seq = 100`.execute(tx);
    });
    const report = await verifyAudit(store.db);
    assert.deepEqual(verdict(report), ['reordered@2', 'reordered@6']);
    assert.match(report.problems[0].message.en, /Row 2 was recorded as row 6/);
    assert.match(report.problems[1].message.es, /El registro 6 se registró como el 2/);
  });

  test('REORDERED rows: neighbours swapped, and a rotation of three', async () => {
    await freshLog();
    await tamper(store, 'replica', async (tx) => {
      await sql`update audit_events set seq = case seq when 3 then 4 when 4 then 3 end + 100 where seq in (3, 4)`.execute(tx);
      await sql`update audit_events set seq = seq - 100 where seq > 100`.execute(tx);
    });
    assert.deepEqual(verdict(await verifyAudit(store.db)), ['reordered@3', 'reordered@4']);

    await freshLog();
    await tamper(store, 'replica', async (tx) => {
      await sql`update audit_events set seq = case seq when 5 then 6 when 6 then 7 when 7 then 5 end + 100 where seq in (5, 6, 7)`.execute(tx);
      await sql`update audit_events set seq = seq - 100 where seq > 100`.execute(tx);
    });
    assert.deepEqual(verdict(await verifyAudit(store.db)), ['reordered@5', 'reordered@6', 'reordered@7']);
  });

  test('TRUNCATED tail: caught by the signed checkpoint', async () => {
    await freshLog({ checkpoint: true });
    await tamper(store, 'replica', async (tx) => { await sql`delete from audit_events where seq > 5`.execute(tx); });
    const report = await verifyAudit(store.db, { publicKey: key.publicKey });
    assert.deepEqual(verdict(report), ['truncated@6']);
    assert.match(report.problems[0].message.en, /ends after 5 rows, but a signed checkpoint covers 8/);
    // Without a checkpoint, cutting the tail leaves a valid-looking shorter chain: checkpoints are what binds it.
  });

  test('TRUNCATE of the whole table: caught by the checkpoint', async () => {
    await freshLog({ checkpoint: true });
    await tamper(store, 'disable-triggers', async (tx) => { await sql`truncate audit_events`.execute(tx); });
    assert.deepEqual(verdict(await verifyAudit(store.db)), ['truncated@1']);
  });

  test('history rewritten from row 3 with every hash and link recomputed: the chain is valid, the checkpoint root is not', async () => {
    const log = await freshLog({ checkpoint: true });
    const rewritten: StoredAuditRow[] = [];
    let prev = log[1].hash;
    for (const r of log.slice(2)) {
      const next = rehash(r, { prev_hash: prev, detail: r.seq === '3' ? { n: 3, rewritten: true } : r.detail });
      rewritten.push(next);
      prev = next.hash;
    }
    await tamper(store, 'replica', async (tx) => {
      await sql`delete from audit_events where seq >= 3`.execute(tx);
      for (const r of rewritten) await writeRow(tx, r);
    });
    const report = await verifyAudit(store.db, { publicKey: key.publicKey });
    assert.deepEqual(verdict(report), ['checkpoint_root@8']);
  });

  test('checkpoint altered in the database: signature and root both fail', async () => {
    await freshLog({ checkpoint: true });
    await tamper(store, 'disable-triggers', async (tx) => {
      await sql`update audit_checkpoints set root_hash = ${'ab'.repeat(32)}`.execute(tx);
    });
    assert.deepEqual(verdict(await verifyAudit(store.db, { publicKey: key.publicKey })), ['checkpoint_signature@8', 'checkpoint_root@8']);
    // Without the public key only the root can be checked, and the report says signatures were not checked.
    const unsigned = await verifyAudit(store.db);
    assert.deepEqual(verdict(unsigned), ['checkpoint_root@8']);
    assert.equal(unsigned.signaturesChecked, false);
  });

  test('a checkpoint checked against a key that is not the node\'s fails', async () => {
    await freshLog({ checkpoint: true });
    const other = generateKeyPairSync('ed25519');
    assert.deepEqual(verdict(await verifyAudit(store.db, { publicKey: other.publicKey })), ['checkpoint_signature@8']);
  });

  test('a row deleted in the middle under a checkpoint is a deletion, not a truncation', async () => {
    await freshLog({ checkpoint: true });
    await tamper(store, 'replica', async (tx) => { await sql`delete from audit_events where seq = 2`.execute(tx); });
    assert.deepEqual(verdict(await verifyAudit(store.db, { publicKey: key.publicKey })), ['deleted@2']);
  });

  test('property: any one altered field, deleted row or swapped pair is named at its seq', async () => {
    const ALTERATIONS = [
      sql`detail = jsonb_set(detail, '{n}', '0')`, sql`action = action || '.x'`, sql`actor_id = null`, sql`actor_country = 'US'`,
      sql`ts = ts + interval '1 millisecond'`, sql`legal_basis = 'none'`, sql`prev_hash = md5(hash) || md5(prev_hash)`,
      sql`detail = detail || '{"extra": [1, 2]}'`, sql`request_id = 'r'`, sql`purpose = 'oversight'`,
    ];
    const scenario = fc.oneof(
      fc.record({ kind: fc.constant('altered' as const), seq: fc.integer({ min: 1, max: N }), how: fc.nat(ALTERATIONS.length - 1) }),
      fc.record({ kind: fc.constant('deleted' as const), seq: fc.integer({ min: 1, max: N - 1 }) }), // the tail needs a checkpoint
      fc.record({ kind: fc.constant('reordered' as const), a: fc.integer({ min: 1, max: N }), b: fc.integer({ min: 1, max: N }) })
        .filter((x) => x.a !== x.b),
    );
    await fc.assert(fc.asyncProperty(scenario, async (t) => {
      await freshLog();
      let expected: string[];
      await tamper(store, 'replica', async (tx) => {
        if (t.kind === 'altered') {
          await sql`update audit_events set ${ALTERATIONS[t.how]} where seq = ${t.seq}`.execute(tx);
          expected = [`altered@${t.seq}`];
        } else if (t.kind === 'deleted') {
          await sql`delete from audit_events where seq = ${t.seq}`.execute(tx);
          expected = [`deleted@${t.seq}`];
        } else {
          await sql`update audit_events set seq = case when seq = ${t.a} then ${t.b}::int8 else ${t.a}::int8 end + 1000 where seq in (${t.a}, ${t.b})`.execute(tx);
          await sql`update audit_events set seq = seq - 1000 where seq > 1000`.execute(tx);
          expected = [`reordered@${Math.min(t.a, t.b)}`, `reordered@${Math.max(t.a, t.b)}`];
        }
      });
      assert.deepEqual(verdict(await verifyAudit(store.db, { pageSize: 3 })), expected!);
    }), { numRuns: 15 });
  });

  test('a log rewritten wholesale lists the first problems and counts the rest', async () => {
    await freshLog();
    await tamper(store, 'replica', async (tx) => { await sql`update audit_events set outcome = 'denied'`.execute(tx); });
    const report = await verifyAudit(store.db, { maxProblems: 3 });
    assert.deepEqual(verdict(report), ['altered@1', 'altered@2', 'altered@3']);
    assert.equal(report.problemsOmitted, N - 3);
    assert.equal(report.ok, false);
  });

  test('several tamperings at once are all reported', async () => {
    await freshLog({ checkpoint: true });
    await tamper(store, 'replica', async (tx) => {
      await sql`update audit_events set detail = '{"n": -2}' where seq = 2`.execute(tx);
      await sql`delete from audit_events where seq = 5`.execute(tx);
      await sql`delete from audit_events where seq = 8`.execute(tx);
    });
    assert.deepEqual(verdict(await verifyAudit(store.db, { publicKey: key.publicKey })), ['altered@2', 'deleted@5', 'truncated@8']);
  });
});
