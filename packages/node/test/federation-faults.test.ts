/**
 * Push sharing under faults (issue 6), across real nodes over HTTP:
 *  - the partner is down during a push: the package waits in the outbox, the worker retries with a growing backoff,
 *    and once the partner is back it is delivered and applied once (a resend after a lost answer is not applied again);
 *  - the sending node (a child process, `puente start` on PGlite) is killed with SIGKILL in the middle of a sync
 *    and started again: every record arrives, none twice, and the scan after the restart queues nothing again;
 *  - the receiving node (likewise a child process) is killed with SIGKILL in the middle of a sync and started again:
 *    the sender's outbox resends from the receiver's cursor, every record is applied once, and the receiver's audit
 *    chain still verifies.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Entity } from '@puente/model';
import { verifyAudit } from '../src/audit/index';
import { loadConfig } from '../src/config';
import { startNode } from '../src/node';
import { createLogger } from '../src/logger';
import { deliverNow, outboxStatus, pairWith, runJobsNow } from '../src/federation/index';
import { systemActor } from '../src/identity/index';
import { importRecords } from '../src/services/import';
import { updateEntity } from '../src/services/entities';
import { establishAgreements, frameworkAgreement } from '../src/services/federation/agreements';
import { syncNow } from '../src/services/federation/share';
import { fetchEntityRows } from '../src/services/records';
import { startFederatedPair, type FederatedPair } from './helpers/federation';
import { seedFixture, startTestNode, type TestNode } from './helpers/node';
import { freePort, startChildNode, type ChildNode } from './helpers/child-node';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function receipts(t: TestNode, id: string): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from audit_events where action = 'federation.receive' and outcome = 'ok' and resource_id = ${id}`.execute(t.node.ctx.db);
  return r.rows[0]!.n;
}

const AGREEMENT = () => frameworkAgreement({ schemata: ['Person', 'Company', 'Ownership'], purposes: ['criminal_investigation', 'financial_intelligence'] });

describe('federation faults: partner down during a push', () => {
  let p: FederatedPair;
  before(async () => {
    // A slow first retry (2 s, doubling) so that "not before the backoff" is plain to see.
    p = await startFederatedPair({ mx: { country: 'MX', store: 'pglite', config: { federationRetryBaseMs: 2000, federationIntervalMs: 100 } } });
    await seedFixture(p.mx);
    await establishAgreements(p.mx.node.ctx, p.us.node.ctx, [AGREEMENT()]);
    const first = await syncNow(p.mx.node.ctx, systemActor(p.mx.node.ctx.node));
    assert.equal(first[0]!.delivery.error, undefined);
    assert.equal((await fetchEntityRows(p.us.node.ctx.db, ['fx-abarrotes'])).length, 1);
  });
  after(async () => { await p?.close(); });

  it('queued while the partner is down, retried with backoff, delivered once when it is back', async () => {
    const mx = p.mx.node.ctx;
    const realUrl = p.us.url;
    await sql`update federation_partners set url = 'http://127.0.0.1:9' where node_id = 'us-node'`.execute(mx.db);
    await updateEntity(mx, systemActor(mx.node), 'fx-abarrotes', { properties: { name: ['Abarrotes del Norte'] } });
    const before = await receipts(p.us, 'fx-abarrotes');

    const down = await syncNow(mx, systemActor(mx.node));
    assert.equal(down[0]!.upserts, 1);
    assert.ok(down[0]!.delivery.error, 'the partner cannot be reached');
    const s1 = await outboxStatus(mx.db, 'us-node');
    assert.equal(s1.pending, 1);
    assert.equal(s1.attempts, 1);
    assert.ok(s1.nextAttemptAt && Date.parse(s1.nextAttemptAt) > Date.now(), 'the next attempt waits');

    // The worker's delivery job does not try again before the backoff has run out…
    await runJobsNow(mx, ['outbox']);
    assert.equal((await outboxStatus(mx.db, 'us-node')).attempts, 1);
    // …and tries again after it (still down): the wait doubles.
    let s2 = s1;
    while (s2.attempts < 2) { await sleep(100); await runJobsNow(mx, ['outbox']); s2 = await outboxStatus(mx.db, 'us-node'); }
    assert.equal(s2.pending, 1);
    assert.ok(Date.parse(s2.nextAttemptAt!) - Date.parse(s1.nextAttemptAt!) >= 2000, 'the second wait is longer than the first');
    assert.equal(await receipts(p.us, 'fx-abarrotes'), before, 'nothing arrived meanwhile');

    // The partner is back: the worker delivers when the backoff runs out.
    await sql`update federation_partners set url = ${realUrl} where node_id = 'us-node'`.execute(mx.db);
    let s3 = s2;
    while (s3.pending > 0) { await sleep(100); await runJobsNow(mx, ['outbox']); s3 = await outboxStatus(mx.db, 'us-node'); }
    assert.equal(s3.attempts, 0);
    assert.equal(s3.lastError, null);
    assert.equal(await receipts(p.us, 'fx-abarrotes'), before + 1, 'applied once');
    const [copy] = await fetchEntityRows(p.us.node.ctx.db, ['fx-abarrotes']);
    assert.equal(copy!.caption, 'Abarrotes del Norte');

    // The sender loses the partner's answer (its acknowledgement rolled back) and sends again: not applied twice.
    const acked = s3.ackedSeq;
    await sql`update federation_links set acked_seq = ${acked - 1} where partner = 'us-node'`.execute(mx.db);
    const again = await deliverNow(mx, 'us-node');
    assert.equal(again[0]!.error, undefined);
    assert.equal((await outboxStatus(mx.db, 'us-node')).ackedSeq, acked);
    assert.equal(await receipts(p.us, 'fx-abarrotes'), before + 1, 'still applied once');
    // and a scan queues nothing more
    assert.equal((await syncNow(mx, systemActor(mx.node)))[0]!.upserts, 0);
  });
});

const N = 1600;

describe('federation faults: the sending node killed with SIGKILL mid-sync and restarted', () => {
  let us: TestNode;
  let child: ChildNode | null = null;
  let dataDir: string;
  let port: number;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'puente-child-'));
    port = await freePort();
    us = await startTestNode({ country: 'US', store: 'server', federationWorker: false });
    // Prepare the Mexican node's data folder in this process, on the port its child will listen on (the partner pins
    // that address): records, pairing both ways, the agreement signed by both. Then close it.
    const config = loadConfig({ dataDir, port, host: '127.0.0.1', country: 'MX', nodeId: 'mx-node', databaseUrl: null, logLevel: 'silent', rateLimitPerMinute: 100_000 });
    const mx = await startNode(config, { demo: false, webDir: null, log: createLogger({ level: 'silent' }), federationWorker: false });
    try {
      const ctx = mx.ctx;
      const records: Entity[] = Array.from({ length: N }, (_, i) => ({
        id: `kill-${String(i).padStart(5, '0')}`, schema: 'Company',
        properties: { name: [`Empresa Número ${i}, S.A.`], registrationNumber: [`RFC${100000 + i}`] },
        meta: {
          ownerCountry: 'MX', ownerAgency: 'mx-uif', distribution: 'bilateral', legalBasis: 'LFPIORPI art. 17',
          purposes: ['financial_intelligence'], retentionUntil: '2031-12-31', dataset: 'bulk', originNode: 'mx-node',
        },
      }));
      await importRecords(ctx, systemActor(ctx.node), (async function* () {
        let line = 0;
        for (const entity of records) yield { line: ++line, entity };
      })(), { file: 'bulk' });
      await pairWith(ctx, systemActor(ctx.node), { url: us.url, fingerprint: us.node.ctx.app.nodeKey.keyId });
      await pairWith(us.node.ctx, systemActor(us.node.ctx.node), { url: mx.url, fingerprint: ctx.app.nodeKey.keyId });
      await establishAgreements(ctx, us.node.ctx, [AGREEMENT()]);
    } finally {
      await mx.close();
    }
  });
  after(async () => {
    if (child) await child.stop().catch(() => {});
    await us?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const applied = async () => Number((await sql<{ s: string }>`select applied_seq::text as s from federation_cursors where partner = 'mx-node'`.execute(us.node.ctx.db)).rows[0]?.s ?? 0);
  const copies = async () => (await sql<{ n: number }>`select count(*)::int as n from entities where origin_node = 'mx-node' and locked`.execute(us.node.ctx.db)).rows[0]!.n;

  it('nothing lost, nothing duplicated', async (t) => {
    const env = { PUENTE_FEDERATION_INTERVAL_MS: '100', PUENTE_FEDERATION_RETRY_MS: '100' };
    const start = await applied(); // the agreement's messages
    const t0 = Date.now();
    const at = (what: string) => t.diagnostic(`${what} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    child = await startChildNode({ port, dataDir, country: 'MX', nodeId: 'mx-node', env });
    at('child node answering');
    // The worker scans (one transaction queues every package) and delivers in batches of 200. Kill it in the middle.
    let seen = start;
    const deadline = Date.now() + 300_000;
    while (seen <= start && Date.now() < deadline) { await sleep(20); seen = await applied(); }
    assert.ok(seen > start, `delivery began:\n${child.output()}`);
    at('first batch applied');
    child.kill('SIGKILL');
    assert.equal(await child.exited, 'SIGKILL');
    const atKill = await copies();
    t.diagnostic(`killed with ${atKill} of ${N} records delivered (cursor ${seen - start})`);
    assert.ok(atKill < N, `killed mid-sync (${atKill} of ${N} had arrived)`);

    child = await startChildNode({ port, dataDir, country: 'MX', nodeId: 'mx-node', env });
    at('restarted node answering');
    const end = Date.now() + 300_000;
    let n = atKill;
    while (n < N && Date.now() < end) { await sleep(200); n = await copies(); }
    assert.equal(n, N, `every record arrived:\n${child.output()}`);
    at('every record arrived');
    // a few more ticks: nothing more arrives
    await sleep(1000);
    assert.equal(await copies(), N);
    await child.stop();
    child = null;

    // Each record was applied once on the receiving side…
    const dup = await sql<{ n: number }>`select count(*)::int as n from (select resource_id from audit_events where action = 'federation.receive'
      and outcome = 'ok' and resource_id like 'kill-%' group by resource_id having count(*) > 1) d`.execute(us.node.ctx.db);
    assert.equal(dup.rows[0]!.n, 0, 'no record applied twice');
    const got = await sql<{ n: number }>`select count(distinct resource_id)::int as n from audit_events where action = 'federation.receive' and outcome = 'ok' and resource_id like 'kill-%'`.execute(us.node.ctx.db);
    assert.equal(got.rows[0]!.n, N);
    assert.equal(await applied(), start + N, 'the cursor counts every package once');

    // …and queued once on the sending side (the scan after the restart found them sent).
    const config = loadConfig({ dataDir, port: 0, host: '127.0.0.1', country: 'MX', nodeId: 'mx-node', databaseUrl: null, logLevel: 'silent' });
    const mx = await startNode(config, { demo: false, webDir: null, log: createLogger({ level: 'silent' }), listen: false, federationWorker: false });
    try {
      const q = await sql<{ n: number; d: number }>`select count(*)::int as n, count(distinct body->'entity'->>'id')::int as d from federation_outbox where type = 'share.upsert'`.execute(mx.ctx.db);
      assert.deepEqual(q.rows[0], { n: N, d: N });
      assert.equal((await outboxStatus(mx.ctx.db, 'us-node')).pending, 0);
    } finally {
      await mx.close();
    }
  });
});

describe('federation faults: the receiving node killed with SIGKILL mid-sync and restarted', () => {
  const M = 1000;
  let mx: TestNode;
  let child: ChildNode | null = null;
  let dataDir: string;
  let port: number;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'puente-child-'));
    port = await freePort();
    mx = await startTestNode({ country: 'MX', store: 'pglite', federationWorker: false, config: { federationRetryBaseMs: 50 } });
    const records: Entity[] = Array.from({ length: M }, (_, i) => ({
      id: `recv-${String(i).padStart(5, '0')}`, schema: 'Person',
      properties: { name: [`Persona Número ${i}`], birthDate: [`19${50 + (i % 50)}-01-01`] },
      meta: {
        ownerCountry: 'MX', ownerAgency: 'mx-uif', distribution: 'bilateral', legalBasis: 'LFPIORPI art. 17',
        purposes: ['criminal_investigation'], retentionUntil: '2031-12-31', dataset: 'bulk', originNode: 'mx-node',
      },
    }));
    const ctx = mx.node.ctx;
    await importRecords(ctx, systemActor(ctx.node), (async function* () {
      let line = 0;
      for (const entity of records) yield { line: ++line, entity };
    })(), { file: 'bulk' });
    // The U.S. node's data folder, prepared in this process on the port its child will listen on.
    const config = loadConfig({ dataDir, port, host: '127.0.0.1', country: 'US', nodeId: 'us-node', databaseUrl: null, logLevel: 'silent', rateLimitPerMinute: 100_000 });
    const us = await startNode(config, { demo: false, webDir: null, log: createLogger({ level: 'silent' }), federationWorker: false });
    try {
      await pairWith(ctx, systemActor(ctx.node), { url: us.url, fingerprint: us.ctx.app.nodeKey.keyId });
      await pairWith(us.ctx, systemActor(us.ctx.node), { url: mx.url, fingerprint: ctx.app.nodeKey.keyId });
      await establishAgreements(ctx, us.ctx, [AGREEMENT()]);
    } finally {
      await us.close();
    }
  });
  after(async () => {
    if (child) await child.stop().catch(() => {});
    await mx?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('nothing lost, nothing duplicated', async (t) => {
    const ctx = mx.node.ctx;
    const env = { PUENTE_FEDERATION_INTERVAL_MS: '100' };
    child = await startChildNode({ port, dataDir, country: 'US', nodeId: 'us-node', env });
    const start = (await outboxStatus(ctx.db, 'us-node')).ackedSeq;
    // Scan and start delivering in the background; kill the receiver once it has acknowledged a first batch.
    const sync = syncNow(ctx, systemActor(ctx.node));
    let acked = start;
    while (acked <= start) { await sleep(20); acked = (await outboxStatus(ctx.db, 'us-node')).ackedSeq; }
    child.kill('SIGKILL');
    await child.exited;
    const first = await sync;
    t.diagnostic(`receiver killed after ${acked - start} of ${M} acknowledged; the sender's delivery stopped with ${first[0]!.delivery.pending} pending (${first[0]!.delivery.error ?? 'no error'})`);
    assert.equal(first[0]!.upserts, M);
    assert.ok(first[0]!.delivery.pending > 0, 'killed mid-sync');

    child = await startChildNode({ port, dataDir, country: 'US', nodeId: 'us-node', env });
    let pending = first[0]!.delivery.pending;
    while (pending > 0) { await sleep(100); pending = (await deliverNow(ctx, 'us-node'))[0]!.pending; }
    assert.equal((await outboxStatus(ctx.db, 'us-node')).ackedSeq, start + M);
    await child.stop();
    child = null;

    const config = loadConfig({ dataDir, port: 0, host: '127.0.0.1', country: 'US', nodeId: 'us-node', databaseUrl: null, logLevel: 'silent' });
    const us = await startNode(config, { demo: false, webDir: null, log: createLogger({ level: 'silent' }), listen: false, federationWorker: false });
    try {
      const db = us.ctx.db;
      const copies = await sql<{ n: number }>`select count(*)::int as n from entities where origin_node = 'mx-node' and locked and id like 'recv-%'`.execute(db);
      assert.equal(copies.rows[0]!.n, M, 'every record arrived');
      const r = await sql<{ n: number; d: number }>`select count(*)::int as n, count(distinct resource_id)::int as d from audit_events
        where action = 'federation.receive' and outcome = 'ok' and resource_id like 'recv-%'`.execute(db);
      assert.deepEqual(r.rows[0], { n: M, d: M }, 'each applied once');
      const cursor = await sql<{ s: string }>`select applied_seq::text as s from federation_cursors where partner = 'mx-node'`.execute(db);
      assert.equal(Number(cursor.rows[0]!.s), start + M);
      // and the receiver's audit chain survived the kill intact
      const v = await verifyAudit(db);
      assert.equal(v.ok, true, JSON.stringify(v).slice(0, 500));
    } finally {
      await us.close();
    }
  });
});
