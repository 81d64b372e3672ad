import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { sql } from 'kysely';
import { openTestStore, storeKind } from './helpers/store';
import type { StoreHandle } from '../src/store/db';
import type { Actor } from '../src/context';
import { AuditError, GENESIS_HASH, appendAudit, chainHash, queryAudit, verifyAudit } from '../src/audit/index';
import { contentOfStored, scanAudit } from '../src/audit/log';

const analyst: Actor = {
  kind: 'user', id: 'u-mx-analyst', username: 'mx.analyst', agencyId: 'mx-uif', country: 'MX', roles: ['analyst'], purpose: 'criminal_investigation',
};
const auditor: Actor = { ...analyst, id: 'u-us-auditor', username: 'us.auditor', agencyId: 'us-fincen', country: 'US', roles: ['auditor'], purpose: 'oversight' };

/** Removes every audit row and checkpoint, as only a superuser bypassing the triggers can. */
async function wipe(store: StoreHandle) {
  await store.db.transaction().execute(async (tx) => {
    await sql`set local session_replication_role = replica`.execute(tx);
    await sql`truncate audit_events, audit_checkpoints`.execute(tx);
  });
}

describe(`audit log (${storeKind})`, () => {
  let store: StoreHandle;
  before(async () => { store = await openTestStore(); });
  after(async () => { await store.close(); });

  test('appends form a contiguous chain from genesis that verifies', async () => {
    await wipe(store);
    const t0 = Date.parse('2026-03-01T12:00:00.123Z');
    const results = [];
    for (let i = 0; i < 12; i++) {
      results.push(await appendAudit(store.db, {
        action: i % 2 ? 'entity.read' : 'login', outcome: i % 5 === 4 ? 'denied' : 'ok', actor: i % 3 ? analyst : auditor,
        resourceType: 'entity', resourceId: `e-${i}`, legalBasis: 'LFPIORPI art. 15', requestId: `req-${i}`, detail: { i },
      }, new Date(t0 + i * 1001)));
    }
    assert.deepEqual(results.map((r) => r.seq), Array.from({ length: 12 }, (_, i) => String(i + 1)));
    // Recompute every link independently of the verifier.
    let prev = GENESIS_HASH;
    let n = 0;
    for await (const r of scanAudit(store.db, { pageSize: 5 })) {
      assert.equal(r.prev_hash, prev);
      assert.equal(chainHash(prev, contentOfStored(r)), r.hash);
      assert.equal(r.hash, results[n].hash);
      prev = r.hash;
      n++;
    }
    assert.equal(n, 12);
    const report = await verifyAudit(store.db, { pageSize: 5 });
    assert.deepEqual(report.problems, []);
    assert.equal(report.ok, true);
    assert.equal(report.count, 12);
    assert.equal(report.head, results[11].hash);
  });

  test('timestamps and detail round-trip exactly: what was hashed is what the store gives back', async () => {
    await wipe(store);
    const detail = {
      zeta: 1, alpha: { nested: [1.5, -0, 1e21, 2 ** 53, 0.1 + 0.2, 5e-324, 1e-7], 'ñandú': 'José Núñez 😀', '': null },
      flag: true, when: new Date('2026-01-02T03:04:05.006Z'), drop: undefined,
    };
    const now = new Date('2026-06-30T23:59:59.999Z');
    const { seq } = await appendAudit(store.db, { action: 'entity.export', outcome: 'ok', actor: analyst, detail }, now);
    const [row] = await queryAudit(store.db, { limit: 1 });
    assert.equal(row.seq, seq);
    assert.equal(row.ts, '2026-06-30T23:59:59.999Z');
    assert.deepEqual(row.detail, {
      zeta: 1, alpha: { nested: [1.5, 0, 1e21, 2 ** 53, 0.30000000000000004, 5e-324, 1e-7], 'ñandú': 'José Núñez 😀', '': null },
      flag: true, when: '2026-01-02T03:04:05.006Z',
    });
    assert.equal(row.purpose, 'criminal_investigation', 'purpose defaults to the session purpose');
    assert.equal(row.actorCountry, 'MX');
    assert.equal((await verifyAudit(store.db)).ok, true);
  });

  test('appendAudit joins the caller\'s transaction: rolled back with it, committed with it', async () => {
    await wipe(store);
    await appendAudit(store.db, { action: 'login', outcome: 'ok', actor: analyst });
    await assert.rejects(store.db.transaction().execute(async (tx) => {
      await appendAudit(tx, { action: 'entity.update', outcome: 'ok', actor: analyst, resourceId: 'e-1' });
      throw new Error('the work failed');
    }), /the work failed/);
    const r = await store.db.transaction().execute((tx) => appendAudit(tx, { action: 'entity.update', outcome: 'failed', actor: analyst, purpose: null }));
    assert.equal(r.seq, '2', 'the rolled-back event left no gap');
    const rows = await queryAudit(store.db, { limit: 10 });
    assert.deepEqual(rows.map((x) => [x.seq, x.action, x.outcome, x.purpose]), [['2', 'entity.update', 'failed', null], ['1', 'login', 'ok', 'criminal_investigation']]);
    assert.equal((await verifyAudit(store.db)).ok, true);
  });

  test('concurrent appends through separate transactions produce one contiguous, valid chain', async () => {
    await wipe(store);
    const N = 40;
    const results = await Promise.all(Array.from({ length: N }, (_, i) => store.db.transaction().execute(async (tx) => {
      // Some work in the transaction before and after the append, as a service would do.
      await sql`select pg_sleep(${(i % 4) / 1000})`.execute(tx);
      const r = await appendAudit(tx, { action: 'entity.read', outcome: 'ok', actor: analyst, resourceId: `e-${i}`, detail: { worker: i } });
      await sql`select 1`.execute(tx);
      return r;
    })));
    assert.deepEqual(results.map((r) => Number(r.seq)).sort((a, b) => a - b), Array.from({ length: N }, (_, i) => i + 1));
    assert.equal(new Set(results.map((r) => r.hash)).size, N);
    const report = await verifyAudit(store.db);
    assert.deepEqual(report.problems, []);
    assert.equal(report.count, N);
    // Every worker's event is there exactly once.
    const rows = await queryAudit(store.db, { limit: 1000 });
    assert.deepEqual(rows.map((r) => r.detail.worker).sort((a, b) => Number(a) - Number(b)), Array.from({ length: N }, (_, i) => i));
  });

  test('appends outside a transaction share group commits, in call order, and the chain verifies', async () => {
    await wipe(store);
    const N = 120;
    const results = await Promise.all(Array.from({ length: N }, (_, i) =>
      appendAudit(store.db, { action: 'entity.read', outcome: 'ok', actor: analyst, resourceId: `g-${i}`, detail: { caller: i } })));
    assert.deepEqual(results.map((r) => Number(r.seq)), Array.from({ length: N }, (_, i) => i + 1), 'seq follows the order of the calls');
    assert.deepEqual((await verifyAudit(store.db)).problems, []);
    // Rows written by one transaction share its xmin: fewer transactions than events means they were grouped.
    const tx = await sql<{ n: string }>`select count(distinct xmin::text) as n from audit_events`.execute(store.db);
    assert.ok(Number(tx.rows[0].n) < N / 4, `${tx.rows[0].n} transactions for ${N} events`);
  });

  test('appends from several processes at once keep one contiguous chain (server)', { skip: storeKind !== 'postgres' && 'needs a PostgreSQL server' }, async () => {
    await wipe(store);
    const name = (await sql<{ d: string }>`select current_database() as d`.execute(store.db)).rows[0].d;
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${name}`;
    // Each child is a separate node process with its own connection pool, as a second API server would be.
    const child = `
      const { openStore } = await import(${JSON.stringify(new URL('../src/store/db.ts', import.meta.url).pathname)});
      const { appendAudit } = await import(${JSON.stringify(new URL('../src/audit/index.ts', import.meta.url).pathname)});
      const s = await openStore({ databaseUrl: process.env.AUDIT_TEST_URL, migrate: false });
      await Promise.all(Array.from({ length: 15 }, (_, i) => s.db.transaction().execute((tx) =>
        appendAudit(tx, { action: 'entity.read', outcome: 'ok', detail: { proc: process.pid, i } }))));
      await s.close();`;
    const run = () => new Promise<number>((resolve, reject) => {
      const p = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', child], { env: { ...process.env, AUDIT_TEST_URL: url.toString() }, stdio: ['ignore', 'inherit', 'inherit'] });
      p.on('error', reject);
      p.on('exit', (code) => resolve(code ?? 1));
    });
    const local = Promise.all(Array.from({ length: 15 }, (_, i) => appendAudit(store.db, { action: 'login', outcome: 'ok', actor: analyst, detail: { parent: i } })));
    const codes = await Promise.all([run(), run(), local.then(() => 0)]);
    assert.deepEqual(codes, [0, 0, 0]);
    const report = await verifyAudit(store.db);
    assert.deepEqual(report.problems, []);
    assert.equal(report.count, 45);
    const procs = new Set((await queryAudit(store.db, { limit: 1000 })).map((r) => r.detail.proc).filter((x) => x !== undefined));
    assert.equal(procs.size, 2);
  });

  test('the database refuses UPDATE, DELETE and TRUNCATE of audit rows', async () => {
    await wipe(store);
    await appendAudit(store.db, { action: 'login', outcome: 'ok', actor: analyst });
    await assert.rejects(sql`update audit_events set outcome = 'denied'`.execute(store.db), /append-only/);
    await assert.rejects(sql`delete from audit_events`.execute(store.db), /append-only/);
    await assert.rejects(sql`truncate audit_events`.execute(store.db), /append-only/);
    await assert.rejects(store.db.updateTable('audit_events').set({ detail: '{}' }).where('seq', '=', '1').execute(), /append-only/);
    // Inserted rows must look like chain rows.
    await assert.rejects(sql`insert into audit_events (seq, ts, action, outcome, prev_hash, hash) values (0, now(), 'x', 'ok', ${GENESIS_HASH}, 'nothex')`.execute(store.db));
    assert.equal((await queryAudit(store.db, { limit: 5 })).length, 1);
  });

  test('the public role holds no UPDATE, DELETE or TRUNCATE privilege on the audit tables', async () => {
    const r = await sql<{ p: boolean }>`select
      has_table_privilege('public', 'audit_events', 'update') or has_table_privilege('public', 'audit_events', 'delete')
      or has_table_privilege('public', 'audit_events', 'truncate') or has_table_privilege('public', 'audit_checkpoints', 'delete') as p`.execute(store.db);
    assert.equal(r.rows[0].p, false);
  });

  test('invalid events are refused before anything is written', async () => {
    await wipe(store);
    const bad = [
      { action: '', outcome: 'ok' },
      { action: 'login', outcome: 'maybe' },
      { action: 'login', outcome: 'ok', resourceId: 'a\u0000b' },
      { action: 'login', outcome: 'ok', detail: { s: 'x\u0000' } },
      { action: 'login', outcome: 'ok', detail: { s: '\ud800' } },
      { action: 'login', outcome: 'ok', detail: [1, 2] },
      { action: 'login', outcome: 'ok', detail: { n: 10n } },
      { action: 'login', outcome: 'ok', actor: { ...analyst, country: 'M' } },
    ];
    for (const input of bad) {
      await assert.rejects(appendAudit(store.db, input as never), (e: unknown) => e instanceof AuditError && e.code === 'validation' && !!e.messages.es, JSON.stringify(input, (_k, v) => (typeof v === 'bigint' ? String(v) : v)));
    }
    await assert.rejects(appendAudit(store.db, { action: 'login', outcome: 'ok' }, new Date(Number.NaN)), AuditError);
    assert.equal((await queryAudit(store.db, { limit: 5 })).length, 0);
  });

  test('queryAudit filters by actor, action, resource and time, newest first, with a seq cursor', async () => {
    await wipe(store);
    const t0 = Date.parse('2026-04-01T00:00:00.000Z');
    for (let i = 0; i < 25; i++) {
      await appendAudit(store.db, { action: i % 3 === 0 ? 'login' : 'entity.read', outcome: 'ok', actor: i % 2 ? analyst : auditor, resourceId: `e-${i % 5}` }, new Date(t0 + i * 60_000));
    }
    const page1 = await queryAudit(store.db, { limit: 10 });
    assert.deepEqual(page1.map((r) => r.seq), ['25', '24', '23', '22', '21', '20', '19', '18', '17', '16']);
    const page2 = await queryAudit(store.db, { limit: 10, beforeSeq: page1[9].seq });
    assert.equal(page2[0].seq, '15');
    const page3 = await queryAudit(store.db, { limit: 10, beforeSeq: (await queryAudit(store.db, { limit: 10, beforeSeq: '16' }))[9].seq });
    assert.deepEqual(page3.map((r) => r.seq), ['5', '4', '3', '2', '1']);

    const byActor = await queryAudit(store.db, { actorId: analyst.id, limit: 100 });
    assert.equal(byActor.length, 12);
    assert.ok(byActor.every((r) => r.actorId === analyst.id && r.actorAgency === 'mx-uif'));
    const logins = await queryAudit(store.db, { action: 'login', limit: 100 });
    assert.deepEqual(logins.map((r) => r.seq), ['25', '22', '19', '16', '13', '10', '7', '4', '1']);
    const res = await queryAudit(store.db, { resourceId: 'e-2', action: 'entity.read', limit: 100 });
    assert.deepEqual(res.map((r) => r.seq), ['23', '18', '8', '3']);
    const window = await queryAudit(store.db, { from: new Date(t0 + 10 * 60_000), to: new Date(t0 + 13 * 60_000), limit: 100 });
    assert.deepEqual(window.map((r) => r.seq), ['13', '12', '11'], 'from inclusive, to exclusive');
    assert.deepEqual(await queryAudit(store.db, { beforeSeq: 'x; drop table', limit: 5 }), []);
    assert.equal((await queryAudit(store.db, { limit: 0 })).length, 1, 'limit is at least 1');
  });
});
